"""The voice as the app sees it: a speech engine in its own process, and a watchdog on it.

The engine runs in ``app/speech_host.py``, a process of its own (its
docstring says why a thread would not do). Requests are written to it and
never waited for; its answers come back through the event loop. A watchdog
on the app's thread gives up on an engine that stops answering: a request
not answered within ``ANSWER_MS`` (``STARTUP_MS`` while the engine starts),
and the voice is off for the rest of the run, the process ended, and
``failed`` says why, once. The session never waits on any of it.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

# Starting Python and Qt's speech module takes a fraction of a second, and the
# speech-dispatcher it starts on demand about two; a slow disk may double that.
STARTUP_MS = 10_000
# Once started, an engine answers a request in milliseconds; one that takes two
# seconds has stopped.
ANSWER_MS = 2_000
# Ending a process that was just killed takes milliseconds; quitting never waits longer.
END_MS = 500

HOST = Path(__file__).with_name("speech_host.py")
HINT = "On Debian or Ubuntu: sudo apt install speech-dispatcher espeak-ng"
STOPPED_ANSWERING = "the speech engine stopped answering"


def host_command(engine: str | None) -> list[str]:
    """The command that runs the speech engine ``engine`` (None: the system's default)."""
    # -P: the host imports only PySide6; app/ must not shadow anything on its path.
    return [sys.executable, "-P", str(HOST), engine or ""]


@dataclass(frozen=True)
class EngineSettings:
    """The voice, rate and volume the engine says it uses, after the last change."""

    voice: str
    rate: float
    volume: float


class Voice(QObject):
    """One speech engine process: ``request`` sends, signals report, nothing waits."""

    ready = Signal()  # the engine started: ``voices`` holds its voices
    failed = Signal(str)  # the voice is off for the rest of the run, and why
    word = Signal(str)  # the engine began saying a word (engines that tell)

    def __init__(self, command: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._command = list(command)
        self.process = QProcess(self)
        # The engine's own complaints belong on the app's standard error.
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        self.process.readyReadStandardOutput.connect(self._read)
        self.process.errorOccurred.connect(self._on_error)
        self.process.finished.connect(self._on_finished)
        self.watchdog = QTimer(self)
        self.watchdog.setSingleShot(True)
        self.watchdog.timeout.connect(lambda: self._give_up(STOPPED_ANSWERING))
        self.voices: list[str] = []
        self.settings: EngineSettings | None = None
        self.problem = ""
        self.started = False  # the engine said it is ready
        self.speaking = False  # the engine said it is speaking
        self._sent = 0  # the id of the last request written
        self._done = 0  # the id of the last request answered (they are answered in order)
        self._closing = False
        # Whoever deletes this without close() (a window closed in a test, say) still
        # ends the process, before QProcess would complain and wait for it.
        self.destroyed.connect(functools.partial(_end, self.process))

    def start(self) -> None:
        self.watchdog.start(STARTUP_MS)
        self.process.start(self._command[0], self._command[1:])

    @property
    def busy(self) -> bool:
        """Starting, speaking, or a request is not answered yet (and not given up on)."""
        if self.problem:
            return False
        return not self.started or self.speaking or self._done < self._sent

    def request(self, do: str, **fields: Any) -> None:
        """Send a request and return at once; the watchdog expects its answer."""
        if self.problem or self._closing:
            return
        self._sent += 1
        line = json.dumps({"id": self._sent, "do": do, **fields}) + "\n"
        self.process.write(line.encode())
        if not self.watchdog.isActive():
            self.watchdog.start(ANSWER_MS)

    def close(self) -> None:
        """End the process now: it holds nothing worth waiting for, and may never answer."""
        self._closing = True
        self.watchdog.stop()
        _end(self.process)

    # -- answers ---------------------------------------------------------------------------

    def _read(self) -> None:
        while self.process.canReadLine():
            line = bytes(self.process.readLine().data()).decode("utf-8", "replace")
            try:
                message = json.loads(line)
            except ValueError:
                self._give_up(f"the speech engine answered what Footwork cannot read: {line!r}")
                return
            self._on_message(message)

    def _on_message(self, message: dict[str, Any]) -> None:
        if "done" in message:
            self._done = message["done"]
            if "voice" in message:
                self.settings = EngineSettings(message["voice"], message["rate"], message["volume"])
            self._rearm()
        elif "ready" in message:
            if message["ready"] is None:
                self._give_up(f"the speech engine could not start ({message['problem']}). {HINT}.")
                return
            self.started = True
            self.voices = list(message["ready"])
            self._rearm()
            self.ready.emit()
        elif "speaking" in message:
            self.speaking = bool(message["speaking"])
        elif "word" in message:
            self.word.emit(message["word"])

    def _rearm(self) -> None:
        """An answer came: watch the next unanswered request, or nothing."""
        if not self.started:
            return  # the start-up allowance runs on
        if self._done >= self._sent:
            self.watchdog.stop()
        else:
            self.watchdog.start(ANSWER_MS)

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._give_up(f"the speech engine could not be run ({self.process.errorString()})")

    def _on_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        if not self._closing:
            self._give_up(f"the speech engine quit unexpectedly (exit code {code})")

    def _give_up(self, why: str) -> None:
        """The voice is off for the rest of the run; say why, once."""
        if self.problem or self._closing:
            return
        self.problem = why
        self._closing = True
        self.watchdog.stop()
        if self.process.state() != QProcess.ProcessState.NotRunning:
            self.process.kill()  # reaped by the event loop: the session does not wait
        self.failed.emit(why)


def _end(process: QProcess) -> None:
    if process.state() != QProcess.ProcessState.NotRunning:
        process.kill()
        process.waitForFinished(END_MS)
