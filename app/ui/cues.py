"""Plays one session's cues: the cue engine's sounds and words, the flash, keeping awake.

The session controller reports every player event and every fresh
snapshot; the cue engine (Qt-free) says what is due; this module hands
it to the output (``app.audio.Audio`` in the app, a recorder in tests).
It also holds the screen awake while the session runs, and lets go when
it is paused or over.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from app.core.cues import Cue, CueEngine, CueOptions, Priority, Sound
from app.core.events import Event, Paused, PhaseStarted, Resumed, SessionFinished, SessionStarted
from app.core.player import Snapshot
from app.settings import Settings
from app.ui.keep_awake import KeepAwake
from app.ui.session import SessionController


class CueOutput(Protocol):
    """Where cues go: the one small interface between the session and the speakers."""

    def play(self, sound: Sound) -> None: ...

    def say(self, text: str, priority: Priority = Priority.BEAT) -> None: ...

    def stop(self) -> None: ...


class CueDriver(QObject):
    flash = Signal()  # a phase changed and the user asked to see it

    def __init__(
        self,
        controller: SessionController,
        output: CueOutput,
        settings: Settings,
        keep_awake: KeepAwake,
        clock: Callable[[], float],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._output = output
        self._settings = settings
        self._keep_awake = keep_awake
        self._clock = clock
        self.engine = CueEngine(controller.player.timeline, self._options())
        self.played: list[Cue] = []  # every cue handed to the output, in order
        controller.event.connect(self._on_event)
        controller.updated.connect(self._on_snapshot)
        settings.changed.connect(self._on_setting)

    def _options(self) -> CueOptions:
        return CueOptions(
            countdown_ticks=self._settings.get("sound/countdown_ticks"),
            second_ticks=self._settings.get("sound/second_ticks"),
        )

    def _on_setting(self, key: str) -> None:
        if key in ("sound/countdown_ticks", "sound/second_ticks"):
            self.engine.options = self._options()  # from the next phase on

    def _on_event(self, event: Event) -> None:
        match event:
            case SessionStarted() | Resumed():
                self._keep_awake.hold()
            case Paused():
                self._keep_awake.release()
            case SessionFinished():
                self._keep_awake.release()
            case PhaseStarted() if self._settings.get("display/flash"):
                self.flash.emit()
        self._emit(self.engine.on_event(event, self._clock()))

    def _on_snapshot(self, snapshot: Snapshot) -> None:
        self._emit(self.engine.on_snapshot(snapshot, self._clock()))

    def _emit(self, cues: list[Cue]) -> None:
        for cue in cues:
            self.played.append(cue)
            if cue.sound is not None:
                self._output.play(cue.sound)
            if cue.speech:
                self._output.say(cue.speech, cue.priority)

    def close(self) -> None:
        """The session is left behind: stop talking and let the screen sleep."""
        self._keep_awake.release()
        self._output.stop()
