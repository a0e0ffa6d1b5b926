"""The speech engine in a process of its own, so that an engine that hangs cannot hang the app.

``app.voice`` starts this program and talks to it through its standard
input and output, one JSON object per line. It is run from its file, not
imported: it needs only PySide6 and the standard library.

Why a process: a speech engine can stop answering for good (speech-dispatcher
with no audio server blocks inside ``QTextToSpeech.say``, and in the engine's
constructor the next time). A thread would not help: PySide6 holds Python's
global lock during such a call, so the window's thread stops as well. A
process the app can stop waiting for, and end.

Requests, each answered by ``{"done": id}`` once carried out::

    {"id": 1, "do": "say", "text": "Halfway", "priority": 1}
    {"id": 2, "do": "stop"}
    {"id": 3, "do": "set", "volume": 0.8, "rate": 0.0, "voice": "Anne"}

The answer to ``set`` also tells what the engine now uses (``voice``, ``rate``,
``volume``). Unasked, once at the start ``{"ready": [voice names]}`` or
``{"ready": null, "problem": "why"}``, and then ``{"speaking": true|false}``
and ``{"word": "..."}`` as the engine speaks. The program ends when its input
closes.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QLoggingCategory, QObject, Signal, Slot


def _die_with_parent() -> None:
    """On Linux, have the kernel end this process when the app ends, however it ends."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL))
    if os.getppid() == 1:  # the app was already gone before prctl
        os._exit(0)


_SENDING = threading.Lock()  # some engines report from a thread of their own


def send(message: dict[str, Any]) -> None:
    with _SENDING:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()


class Host(QObject):
    """Carries out the app's requests on one QTextToSpeech, in the order they come."""

    received = Signal(str)  # a request line, from the reader thread

    def __init__(self, speech: Any) -> None:
        super().__init__()
        from PySide6.QtTextToSpeech import QTextToSpeech

        self._states = QTextToSpeech.State
        self.speech = speech  # a QTextToSpeech (tests run stand-ins that misbehave)
        self.speaking: int | None = None  # the priority of the words being said
        self.received.connect(self.handle)

    def start(self) -> bool:
        if self.speech.state() == self._states.Error:
            send({"ready": None, "problem": self.speech.errorString() or "it did not start"})
            return False
        self.speech.stateChanged.connect(self._on_state)
        self.speech.sayingWord.connect(lambda word, *_: send({"word": word}))
        send({"ready": [v.name() for v in self.speech.availableVoices()]})
        return True

    @Slot(str)
    def handle(self, line: str) -> None:
        request = json.loads(line)
        answer: dict[str, Any] = {"done": request["id"]}
        match request["do"]:
            case "say":
                self.say(request["text"], request["priority"])
            case "stop":
                self.speech.stop()
            case "set":
                self.speech.setVolume(request["volume"])
                self.speech.setRate(request["rate"])
                for voice in self.speech.availableVoices():
                    if voice.name() == request["voice"]:
                        self.speech.setVoice(voice)
                        break
                answer |= {
                    "voice": self.speech.voice().name(),
                    "rate": self.speech.rate(),
                    "volume": self.speech.volume(),
                }
        send(answer)

    def say(self, text: str, priority: int) -> None:
        """Speak at once, cutting off what is being said, unless that matters more."""
        if self.speaking is not None and self.speaking > priority:
            return  # a count never cuts off the announcement of the next exercise
        self.speech.say(text)
        # After say(): stopping the words it cut off may report Ready first.
        self.speaking = priority
        send({"speaking": True})

    def _on_state(self, state: object) -> None:
        if state in (self._states.Ready, self._states.Error):
            self.speaking = None
            send({"speaking": False})


def read_requests(host: Host) -> None:
    """The reader thread: hand each line to the host; end the program when the app hangs up."""
    for line in sys.stdin:
        if line.strip():
            host.received.emit(line)
    # Not a clean exit: the engine's clean-up may block as its calls do.
    sys.stdout.flush()
    os._exit(0)


def serve(app: QCoreApplication, speech: Any) -> int:
    """Answer the app's requests with ``speech`` until the app hangs up."""
    host = Host(speech)
    if not host.start():
        return 1
    threading.Thread(target=read_requests, args=(host,), daemon=True).start()
    return app.exec()


def main(argv: list[str]) -> int:
    _die_with_parent()
    app = QCoreApplication(argv[:1])
    # Qt Multimedia, loaded by the speech module, reports every optional library it
    # did not find: noise on the app's standard error.
    QLoggingCategory.setFilterRules("qt.multimedia.*=false")
    from PySide6.QtTextToSpeech import QTextToSpeech

    engine = argv[1] if len(argv) > 1 else ""
    # May take seconds (speech-dispatcher is started on demand), or forever: the
    # app's watchdog decides how long it waits.
    speech = QTextToSpeech(engine) if engine else QTextToSpeech()
    return serve(app, speech)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
