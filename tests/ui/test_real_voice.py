"""The voice through a real speech engine, set up privately for each test and ended after it.

A private PulseAudio (a null sink, in a runtime folder of its own) and a
private speech-dispatcher (on a socket of its own, with espeak-ng): the words
are recorded from the sink's monitor and measured. With no audio server at
all, speech-dispatcher stops answering after a few words, as on a desktop
whose sound server is gone: a session still plays to its end. The rest of the
suite never reaches a real engine (conftest points them nowhere); these tests
point the speech engine's process at their own.

Skipped where the programs are missing. On Debian or Ubuntu: speech-dispatcher
speech-dispatcher-espeak-ng pulseaudio pulseaudio-utils.
"""

from __future__ import annotations

import ctypes.util
import faulthandler
import math
import os
import shutil
import signal
import struct
import subprocess
import wave
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

import pytest

from app.audio import Audio
from app.core.cues import Priority
from app.settings import Settings
from app.ui.cues import CueDriver
from app.ui.keep_awake import KeepAwake
from app.ui.session import SessionController
from app.voice import ANSWER_MS, STARTUP_MS, STOPPED_ANSWERING
from tests.core.fakes import FakeClock
from tests.ui.test_cues import SHORT, FakeScreenSaver

MODULES = Path("/usr/lib/speech-dispatcher-modules")  # where Debian keeps the engines
MISSING = [p for p in ("speech-dispatcher", "pulseaudio", "parec") if not shutil.which(p)]
if not list(MODULES.glob("sd_espeak-ng*")):
    MISSING.append("speech-dispatcher-espeak-ng")
if not ctypes.util.find_library("speechd"):
    MISSING.append("libspeechd2")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(MISSING), reason=f"not installed: {', '.join(MISSING)}"),
]

# A hang is what these tests guard against: should one come back, end the run with
# every thread's traceback rather than wait forever.
HANG_AFTER_S = 120


class Daemons:
    """Programs a test starts, each in a process group of its own, all ended after it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.started: list[subprocess.Popen[bytes]] = []
        (folder / "run").mkdir(mode=0o700)
        (folder / "home").mkdir()
        (folder / "client.conf").write_text("autospawn = no\n")

    def env(self, **more: str) -> dict[str, str]:
        return {
            "PATH": os.environ["PATH"],
            "HOME": str(self.folder / "home"),
            "XDG_RUNTIME_DIR": str(self.folder / "run"),
            "LANG": "C.UTF-8",
            "PULSE_CLIENTCONFIG": str(self.folder / "client.conf"),
            **more,
        }

    def start(self, command: list[str], **env: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            command,
            env=self.env(**env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.started.append(process)
        return process

    def wait_for(self, path: Path, process: subprocess.Popen[bytes]) -> None:
        for _ in range(100):
            if path.exists():
                return
            assert process.poll() is None, f"{process.args[0]} ended: {process.returncode}"
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.1)
        pytest.fail(f"{process.args[0]} did not open {path}")

    def pulseaudio(self) -> str:
        """A PulseAudio with a null sink; its server address."""
        process = self.start(
            [
                "pulseaudio",
                "-n",
                "--daemonize=no",
                "--exit-idle-time=-1",
                "--disallow-exit",
                "-L",
                "module-null-sink",
                "-L",
                "module-native-protocol-unix",
            ]
        )
        socket = self.folder / "run" / "pulse" / "native"
        self.wait_for(socket, process)
        return f"unix:{socket}"

    def speech_dispatcher(self, pulse_server: str) -> str:
        """A speech-dispatcher playing to ``pulse_server``; its address for libspeechd."""
        socket = self.folder / "speechd.sock"
        command = ["speech-dispatcher", "-s", "-t", "0", "-c", "unix_socket", "-S", str(socket)]
        process = self.start([*command, "-L", str(self.folder)], PULSE_SERVER=pulse_server)
        self.wait_for(socket, process)
        return f"unix_socket:{socket}"

    def end(self, process: subprocess.Popen[bytes], first: int = signal.SIGTERM) -> None:
        """End a program and what it started; one that does not listen is killed."""
        for sig in (first, signal.SIGKILL):
            with suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=1)
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # speech-dispatcher's engines, say
        process.wait()

    def end_all(self) -> None:
        for process in reversed(self.started):
            self.end(process)


@pytest.fixture
def daemons(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemons]:
    # Not tmp_path: a Unix socket's path has room for about 100 characters.
    running = Daemons(tmp_path_factory.mktemp("voice"))
    faulthandler.dump_traceback_later(HANG_AFTER_S, exit=True)
    try:
        yield running
    finally:
        faulthandler.cancel_dump_traceback_later()
        running.end_all()


@pytest.fixture
def real_audio(qtbot, data_dir: Path) -> Iterator[Callable[[], Audio]]:
    made: list[Audio] = []

    def make() -> Audio:
        audio = Audio(Settings(data_dir), engine="speechd")
        made.append(audio)
        audio.prepare()
        voice = audio.voice
        assert voice is not None, audio.voice_problem
        qtbot.waitUntil(lambda: voice.started or bool(voice.problem), timeout=STARTUP_MS)
        assert audio.can_speak, audio.voice_problem
        return audio

    yield make
    for audio in made:
        audio.close()


def loudest_rms(recording: Path, window_ms: int = 50) -> float:
    """The RMS level of the loudest stretch of ``window_ms``, in dB below full scale."""
    with wave.open(str(recording), "rb") as wav:
        assert wav.getsampwidth() == 2
        rate, channels = wav.getframerate(), wav.getnchannels()
        frames = wav.readframes(wav.getnframes())
    samples = struct.unpack(f"<{len(frames) // 2}h", frames)
    size = rate * channels * window_ms // 1000
    loudest = 0.0
    for start in range(0, len(samples) - size + 1, size):
        window = samples[start : start + size]
        loudest = max(loudest, math.sqrt(sum(s * s for s in window) / size))
    return 20 * math.log10(loudest / 32768) if loudest else -math.inf


def test_the_words_are_heard_through_a_real_speech_engine(
    qtbot, daemons: Daemons, real_audio, monkeypatch
) -> None:
    pulse = daemons.pulseaudio()
    monkeypatch.setenv("SPEECHD_ADDRESS", daemons.speech_dispatcher(pulse))
    recording = daemons.folder / "heard.wav"
    parec = daemons.start(
        ["parec", "-d", "null.monitor", "--file-format=wav", str(recording)], PULSE_SERVER=pulse
    )
    audio = real_audio()
    assert audio.voices()  # espeak-ng's voices, through speech-dispatcher
    audio.say("Soleus stretch, left side, 90 seconds", Priority.ANNOUNCE)
    qtbot.waitUntil(lambda: audio.voice is not None and audio.voice.speaking, timeout=5000)
    qtbot.waitUntil(lambda: not audio.speaking, timeout=15_000)
    daemons.end(parec, first=signal.SIGINT)  # parec completes the file on SIGINT
    assert audio.voice_problem == ""
    # Silence is -inf; espeak-ng at 80 % volume peaks around -15 dB on this sink.
    assert loudest_rms(recording) > -40


def test_a_session_plays_to_its_end_with_a_real_speech_engine_and_no_audio_server(
    qtbot, data_dir: Path, daemons: Daemons, real_audio, monkeypatch
) -> None:
    nowhere = f"unix:{daemons.folder / 'no-pulse'}"  # no audio server to play to
    monkeypatch.setenv("SPEECHD_ADDRESS", daemons.speech_dispatcher(nowhere))
    audio = real_audio()
    clock = FakeClock(1000.0)
    controller = SessionController(SHORT, clock, clock.wall)
    driver = CueDriver(controller, audio, Settings(data_dir), KeepAwake(FakeScreenSaver()), clock)
    controller.start()
    phase_starts = [clock()]
    while (deadline := controller.player.next_deadline()) is not None:
        clock.set(deadline)
        before, words = controller.player.index, len(driver.played)
        controller.timer.timeout.emit()
        if controller.player.index != before:
            phase_starts.append(clock())
        if any(cue.speech for cue in driver.played[words:]):
            qtbot.wait(300)  # real time for the engine to take the words (and to stall)
    durations = [phase.duration for phase in controller.player.timeline]
    assert phase_starts == [1000.0 + sum(durations[:i]) for i in range(len(durations))]
    assert len([cue for cue in driver.played if cue.speech]) == 16
    # The engine either took every word, or (as speech-dispatcher 0.11 with espeak-ng
    # does after a few words) stopped answering and was given up on.
    qtbot.waitUntil(lambda: not audio.speaking, timeout=STARTUP_MS + ANSWER_MS)
    assert audio.voice_problem in ("", STOPPED_ANSWERING)
