"""The committed cue sounds: format Qt's QSoundEffect plays, on-the-beat starts, no
clipping or clicks, the pitch shapes the cues rely on, and byte-exact regeneration."""

from __future__ import annotations

import importlib.util
import math
import struct
import subprocess
import wave
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import PYTHON, ROOT

SOUNDS = ROOT / "resources" / "sounds"
SCRIPT = SOUNDS / "synthesize.py"
RATE = 44100
FULL_SCALE = 32767

# Intended length of each sound in milliseconds, (shortest, longest).
DURATIONS_MS: dict[str, tuple[float, float]] = {
    "tick": (60, 100),
    "go": (200, 300),
    "halfway": (250, 400),
    "last3": (100, 150),
    "block-end": (300, 420),
    "rest-end": (250, 350),
    "session-done": (700, 1100),
    "second": (20, 40),
    "rep-up": (80, 120),
    "rep-down": (80, 120),
    "rep-hold": (60, 100),
}
NAMES = list(DURATIONS_MS)
# Equal-tempered pitches from 200 Hz to 4 kHz, for telling rising from falling.
SEMITONES = [440 * 2 ** (k / 12) for k in range(-13, 39)]


def read(name: str, folder: Path = SOUNDS) -> list[int]:
    """The samples of NAME.wav, checking it is 44.1 kHz, 16-bit mono PCM."""
    with wave.open(str(folder / f"{name}.wav"), "rb") as wav:
        assert wav.getcomptype() == "NONE"
        assert (wav.getframerate(), wav.getsampwidth(), wav.getnchannels()) == (RATE, 2, 1)
        frames = wav.readframes(wav.getnframes())
    return list(struct.unpack(f"<{len(frames) // 2}h", frames))


def ms(milliseconds: float) -> int:
    return round(milliseconds * RATE / 1000)


def power(samples: list[int], freq: float) -> float:
    """Goertzel: the power of `samples` at `freq` Hz."""
    coeff = 2 * math.cos(2 * math.pi * freq / RATE)
    prev = prev2 = 0.0
    for sample in samples:
        prev, prev2 = sample + coeff * prev - prev2, prev
    return prev * prev + prev2 * prev2 - coeff * prev * prev2


def pitch(samples: list[int], start_ms: float, end_ms: float) -> float:
    """The strongest of SEMITONES between two times (ms) of `samples`."""
    segment = samples[ms(start_ms) : ms(end_ms)]
    return max(SEMITONES, key=lambda freq: power(segment, freq))


@pytest.fixture(scope="module")
def synthesize() -> ModuleType:
    spec = importlib.util.spec_from_file_location("footwork_sounds_synthesize", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_folder_holds_exactly_the_expected_sounds(synthesize: ModuleType) -> None:
    assert sorted(p.stem for p in SOUNDS.glob("*.wav")) == sorted(NAMES)
    assert list(synthesize.SOUNDS) == NAMES
    assert synthesize.DEFAULT_FOLDER == SOUNDS


def test_the_sounds_stay_small() -> None:
    assert sum(p.stat().st_size for p in SOUNDS.glob("*.wav")) < 500_000


@pytest.mark.parametrize("name", NAMES)
def test_sound_is_well_formed(name: str) -> None:
    samples = read(name)
    shortest, longest = DURATIONS_MS[name]
    assert shortest <= 1000 * len(samples) / RATE <= longest, "length out of bounds"
    peak = max(abs(s) for s in samples)
    assert peak < FULL_SCALE * 0.75, "too loud: peaks must stay below about -3 dBFS"
    # Starts on the beat: no leading silence, the attack is under way within 5 ms...
    opening = max(abs(s) for s in samples[: ms(5)])
    assert opening > FULL_SCALE * 0.01, "leading silence"
    assert opening > peak * 0.25, "attack too slow"
    # ...but from zero, and it ends at zero: no click at either end.
    assert abs(samples[0]) <= FULL_SCALE * 0.001, "click at the start"
    assert abs(samples[-1]) <= FULL_SCALE * 0.001, "click at the end"
    assert abs(sum(samples) / len(samples)) < 1, "DC offset"


@pytest.mark.parametrize("name", [n for n in NAMES if n != "second"])
def test_cues_are_loud_enough_and_the_metronome_is_quiet(name: str) -> None:
    assert max(abs(s) for s in read(name)) > FULL_SCALE * 10 ** (-9 / 20)
    assert max(abs(s) for s in read("second")) < FULL_SCALE * 10 ** (-12 / 20)


def test_pitch_shapes_tell_the_cues_apart() -> None:
    tick, last3 = read("tick"), read("last3")
    assert pitch(last3, 0, 100) > pitch(tick, 0, 60), "last-3 beep above the tick"
    go = read("go")
    assert pitch(go, 0, 90) < pitch(go, 150, 240), "go rises"
    block_end = read("block-end")
    assert pitch(block_end, 0, 120) > pitch(block_end, 200, 330), "block end falls"
    done = read("session-done")
    assert pitch(done, 0, 110) < pitch(done, 600, 880), "the arpeggio rises"
    up, down, hold = read("rep-up"), read("rep-down"), read("rep-hold")
    assert pitch(up, 0, 35) < pitch(up, 60, 95), "rep-up glides up"
    assert pitch(down, 0, 90) < pitch(hold, 0, 70) < pitch(up, 0, 95), "down low, hold between"


def test_rest_end_is_two_separate_blips() -> None:
    samples = read("rest-end")

    def rms(start_ms: float, end_ms: float) -> float:
        segment = samples[ms(start_ms) : ms(end_ms)]
        return math.sqrt(sum(s * s for s in segment) / len(segment))

    assert rms(125, 175) < 0.05 * min(rms(0, 50), rms(180, 230))


def test_synthesiser_reproduces_the_committed_files(synthesize: ModuleType, tmp_path: Path) -> None:
    written = synthesize.write_sounds(tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{n}.wav" for n in NAMES)
    for name in NAMES:
        fresh = (tmp_path / f"{name}.wav").read_bytes()
        assert fresh == (SOUNDS / f"{name}.wav").read_bytes(), f"{name}.wav is out of date"


@pytest.mark.slow
def test_script_takes_an_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    subprocess.run([PYTHON, str(SCRIPT), str(out)], check=True, capture_output=True)
    assert sorted(p.stem for p in out.glob("*.wav")) == sorted(NAMES)
