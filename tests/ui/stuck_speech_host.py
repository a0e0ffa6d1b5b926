"""A speech engine that stops answering, served as the app's speech host serves a real one.

Run as ``python stuck_speech_host.py N``: the engine says its first N
texts, then blocks inside ``say()`` for good, the way speech-dispatcher
does with no audio server to play to. Everything else is the real host
(``app/speech_host.py``): the same requests, answers and reader thread.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtTextToSpeech import QTextToSpeech, QVoice

from app.speech_host import serve


class StuckSpeech(QObject):
    """Stands in for QTextToSpeech: what the host calls, and nothing more."""

    stateChanged = Signal(object)  # Qt's names, as the host calls them
    sayingWord = Signal(str, int, int, int)

    def __init__(self, answers: int) -> None:
        super().__init__()
        self.answers = answers
        self._volume = 0.0
        self._rate = 0.0

    def state(self) -> QTextToSpeech.State:
        return QTextToSpeech.State.Ready

    def errorString(self) -> str:
        return ""

    def availableVoices(self) -> list[QVoice]:
        return []

    def voice(self) -> QVoice:
        return QVoice()

    def say(self, text: str) -> None:
        if self.answers <= 0:
            threading.Event().wait()  # never returns
        self.answers -= 1

    def stop(self) -> None:
        pass

    def setVolume(self, volume: float) -> None:
        self._volume = volume

    def setRate(self, rate: float) -> None:
        self._rate = rate

    def setVoice(self, voice: QVoice) -> None:
        pass

    def volume(self) -> float:
        return self._volume

    def rate(self) -> float:
        return self._rate


if __name__ == "__main__":
    app = QCoreApplication(sys.argv[:1])
    sys.exit(serve(app, StuckSpeech(int(sys.argv[1]))))
