"""Drives a Player from the Qt event loop.

The QTimer only wakes the player up; the player's clock says what time it
is. The timer is single-shot and aimed at the player's next deadline (a
phase end, a rep-phase boundary or the next whole second), so the screen
changes on time without polling. Tests inject a fake clock and call
``tick()`` (or emit the timer's ``timeout``) by hand.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.core.events import Event, SessionFinished
from app.core.player import Player, Snapshot
from app.core.routine import Routine

# Never sleep longer than this while running, so the phase bar moves smoothly.
MAX_WAIT_MS = 200


class SessionController(QObject):
    event = Signal(object)  # every player event, as it happens
    updated = Signal(object)  # a fresh Snapshot after any change
    finished = Signal(object)  # the SessionFinished event

    def __init__(
        self,
        routine: Routine,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.player = Player(routine, clock, wall_clock)
        self.player.subscribe(self._on_event)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.tick)

    def _on_event(self, event: Event) -> None:
        self.event.emit(event)
        if isinstance(event, SessionFinished):
            self.timer.stop()
            self.finished.emit(event)

    def snapshot(self) -> Snapshot:
        return self.player.snapshot()

    def _after(self) -> None:
        """Publish the new state and aim the timer at the next deadline."""
        self.updated.emit(self.player.snapshot())
        deadline = self.player.next_deadline()
        if deadline is None:
            self.timer.stop()
            return
        wait_ms = (deadline - self._clock()) * 1000.0
        self.timer.start(max(0, min(MAX_WAIT_MS, int(wait_ms + 0.999))))

    # Every user operation goes through here, then publishes and re-aims.
    def tick(self) -> None:
        self.player.tick()
        self._after()

    def _do(self, operation: Callable[[], None]) -> None:
        operation()
        self._after()

    def start(self, at: int = 0, saved: tuple = ()) -> None:
        """Start, or resume at phase ``at`` with the blocks the log already has."""
        self._do(lambda: self.player.start(at, saved))

    def toggle_pause(self) -> None:
        self._do(self.player.toggle_pause)

    def pause(self) -> None:
        self._do(self.player.pause)

    def resume(self) -> None:
        self._do(self.player.resume)

    def skip(self) -> None:
        self._do(self.player.skip)

    def back(self) -> None:
        self._do(self.player.back)

    def done(self) -> None:
        self._do(self.player.done)

    def stop_for_pain(self, continue_session: bool) -> None:
        self._do(lambda: self.player.stop_for_pain(continue_session))

    def end_early(self) -> None:
        self._do(self.player.end_early)
