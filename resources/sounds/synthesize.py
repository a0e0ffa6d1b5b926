"""Synthesise Footwork's cue sounds as 44.1 kHz, 16-bit mono WAV files.

Standard library only and deterministic: every run writes the same bytes, so the
committed WAV files can be checked against a fresh run. Each sound starts on its
first sample (a few milliseconds of raised-cosine attack, no leading silence),
ends with a release to exactly zero, has its DC offset removed and is normalised
to a fixed peak below -3 dBFS.

    python resources/sounds/synthesize.py            # rewrite the files next to this script
    python resources/sounds/synthesize.py OUT_DIR    # write them somewhere else
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from collections.abc import Callable, Sequence
from pathlib import Path

RATE = 44100
DEFAULT_FOLDER = Path(__file__).resolve().parent

# (frequency ratio to the note's pitch, amplitude, exponential decay time constant in
# seconds or None to sustain)
Partial = tuple[float, float, float | None]
Samples = list[float]

# Note names used below, equal temperament with A4 = 440 Hz.
G4, A4, C5, D5, E5, G5, A5, B5, C6, D6, E6, A6 = (
    392.00,
    440.00,
    523.25,
    587.33,
    659.26,
    783.99,
    880.00,
    987.77,
    1046.50,
    1174.66,
    1318.51,
    1760.00,
)

SOFT: Sequence[Partial] = ((1, 1.0, None), (2, 0.3, None))
BRIGHT: Sequence[Partial] = ((1, 1.0, None), (2, 0.4, None), (3, 0.2, None))


def count(seconds: float) -> int:
    """The number of samples in `seconds`."""
    return round(seconds * RATE)


def tone(
    freq: float,
    seconds: float,
    partials: Sequence[Partial] = SOFT,
    *,
    decay: float | None = None,
    glide_to: float | None = None,
    attack: float = 0.004,
    release: float = 0.02,
) -> Samples:
    """One note: summed sine partials under an attack, decay and release envelope.

    `decay` is a time constant applied to the whole note (partials may add their own);
    `glide_to` sweeps the pitch exponentially from `freq` to that frequency.
    The first sample is 0 and the envelope is fully open after `attack` seconds; the
    last sample is 0 after a raised-cosine `release`.
    """
    n = count(seconds)
    n_attack, n_release = count(attack), count(release)
    ratio = (glide_to or freq) / freq
    out: Samples = []
    for i in range(n):
        t = i / RATE
        if ratio == 1:
            phase = 2 * math.pi * freq * t
        else:  # integral of freq * ratio ** (t / seconds)
            log_ratio = math.log(ratio)
            phase = 2 * math.pi * freq * seconds * (ratio ** (t / seconds) - 1) / log_ratio
        value = 0.0
        for multiple, amplitude, tau in partials:
            gain = amplitude if tau is None else amplitude * math.exp(-t / tau)
            value += gain * math.sin(multiple * phase)
        envelope = 1.0 if decay is None else math.exp(-t / decay)
        if i < n_attack:
            envelope *= 0.5 - 0.5 * math.cos(math.pi * i / n_attack)
        from_end = n - 1 - i
        if from_end < n_release:
            envelope *= 0.5 - 0.5 * math.cos(math.pi * from_end / n_release)
        out.append(value * envelope)
    return out


def mix(seconds: float, *notes: tuple[float, Samples]) -> Samples:
    """Notes placed at their start times (seconds) in a buffer `seconds` long.

    Every note must fit: cutting one short would cut off its release and click.
    """
    out = [0.0] * count(seconds)
    for start, samples in notes:
        offset = count(start)
        if offset + len(samples) > len(out):
            raise ValueError(f"a note starting at {start} s runs past the end ({seconds} s)")
        for i, value in enumerate(samples):
            out[offset + i] += value
    return out


def finish(samples: Samples, peak_dbfs: float) -> list[int]:
    """Remove the DC offset, normalise the peak to `peak_dbfs` and quantise to 16 bits.

    The DC correction follows a sine-squared window over the whole sound, so the
    first and last samples stay exactly zero and the mean becomes zero.
    """
    n = len(samples)
    window = [math.sin(math.pi * i / (n - 1)) ** 2 for i in range(n)]
    shift = sum(samples) / sum(window)
    centred = [s - shift * w for s, w in zip(samples, window, strict=True)]
    scale = 10 ** (peak_dbfs / 20) * 32767 / max(abs(s) for s in centred)
    return [round(s * scale) for s in centred]


def tick() -> list[int]:
    """Get-ready countdown: an 80 ms woodblock knock at 1 kHz with fast inharmonic overtones."""
    knock = ((1, 1.0, 0.018), (2.32, 0.35, 0.006), (4.1, 0.15, 0.003))
    return finish(tone(1000, 0.08, knock, attack=0.003, release=0.015), -4)


def go() -> list[int]:
    """Start of work: a bright rising fifth, A5 then E6, 250 ms."""
    low = tone(A5, 0.115, BRIGHT, release=0.015)
    high = tone(E6, 0.15, BRIGHT, decay=0.15, release=0.04)
    return finish(mix(0.25, (0, low), (0.1, high)), -4)


def halfway() -> list[int]:
    """Halfway: one soft bell ding on G5 with bell-like inharmonic partials, 300 ms."""
    bell = ((1, 1.0, 0.2), (2.76, 0.4, 0.08), (5.4, 0.15, 0.035))
    return finish(tone(G5, 0.3, bell, attack=0.003, release=0.04), -6)


def last3() -> list[int]:
    """Last three seconds: a bright 120 ms beep on A6, above the tick."""
    return finish(tone(A6, 0.12, BRIGHT, decay=0.3, release=0.02), -4)


def block_end() -> list[int]:
    """End of a work block: a falling octave, E6 then E5, 350 ms."""
    high = tone(E6, 0.145, BRIGHT, release=0.015)
    low = tone(E5, 0.22, BRIGHT, decay=0.18, release=0.05)
    return finish(mix(0.35, (0, high), (0.13, low)), -4)


def rest_end() -> list[int]:
    """End of rest: two 120 ms blips on D6, 180 ms apart, 300 ms in all."""
    blip = tone(D6, 0.12, SOFT, decay=0.06, release=0.02)
    return finish(mix(0.3, (0, blip), (0.18, blip)), -4)


def session_done() -> list[int]:
    """Session complete: a ringing C major arpeggio, C5 E5 G5 C6, 900 ms."""
    mallet = ((1, 1.0, None), (2, 0.35, 0.15), (3, 0.12, 0.08), (4, 0.05, 0.05))
    arpeggio = ((0, C5, 0.25), (0.12, E5, 0.25), (0.24, G5, 0.25), (0.36, C6, 0.3))
    notes = [
        (start, tone(freq, 0.9 - start, mallet, decay=decay, release=0.08))
        for start, freq, decay in arpeggio
    ]
    return finish(mix(0.9, *notes), -4)


def second() -> list[int]:
    """Per-second metronome: a 30 ms, quiet (-18 dBFS) tick at 1.6 kHz."""
    return finish(tone(1600, 0.03, SOFT[:1], decay=0.007, attack=0.003, release=0.008), -18)


def rep_up() -> list[int]:
    """Start of a lift: a 100 ms blip gliding up a fifth, from E5 to B5."""
    return finish(tone(E5, 0.1, SOFT, glide_to=B5, decay=0.2, release=0.02), -5)


def rep_down() -> list[int]:
    """Start of lowering: a soft, lower 100 ms tone easing down from A4 to G4."""
    warm = ((1, 1.0, None), (2, 0.35, None), (3, 0.08, None))
    return finish(tone(A4, 0.1, warm, glide_to=G4, decay=0.15, release=0.025), -6)


def rep_hold() -> list[int]:
    """Start of a pause: a neutral, steady 80 ms tone on D5, between down and up."""
    return finish(tone(D5, 0.08, SOFT, decay=0.08, release=0.02), -6)


SOUNDS: dict[str, Callable[[], list[int]]] = {
    "tick": tick,
    "go": go,
    "halfway": halfway,
    "last3": last3,
    "block-end": block_end,
    "rest-end": rest_end,
    "session-done": session_done,
    "second": second,
    "rep-up": rep_up,
    "rep-down": rep_down,
    "rep-hold": rep_hold,
}


def write_wav(path: Path, samples: Sequence[int]) -> None:
    """Write 16-bit mono PCM at RATE."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))


def write_sounds(folder: Path = DEFAULT_FOLDER) -> list[Path]:
    """Write every cue sound into `folder` as NAME.wav; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in SOUNDS.items():
        path = folder / f"{name}.wav"
        write_wav(path, make())
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: an optional output folder, else the folder this script is in."""
    args = sys.argv[1:] if argv is None else list(argv)
    if len(args) > 1:
        print("usage: synthesize.py [OUT_DIR]", file=sys.stderr)
        return 2
    for path in write_sounds(Path(args[0]) if args else DEFAULT_FOLDER):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
