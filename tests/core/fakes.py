"""Test doubles for the player: a clock that moves only when told, and an event log.

No test sleeps in real time: a test advances ``FakeClock`` by hand and calls
``Player.tick()`` itself, as the Qt timer would.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from app.core.events import Event

E = TypeVar("E")


class FakeClock:
    """A monotonic clock that moves only when told to, with a wall clock beside it.

    Call the object for the monotonic time; ``wall`` gives the wall-clock time,
    which is ``wall_base + monotonic + jumped``. ``suspend`` moves the wall
    clock only, as a machine waking from sleep sees it (the monotonic clock
    does not run during suspend on Linux).
    """

    def __init__(self, start: float = 100.0, wall_base: float = 1_700_000_000.0) -> None:
        self.now = start
        self.wall_base = wall_base
        self.jumped = 0.0

    def __call__(self) -> float:
        return self.now

    def wall(self) -> float:
        return self.wall_base + self.now + self.jumped

    def advance(self, seconds: float) -> None:
        assert seconds >= 0, "a monotonic clock never goes back"
        self.now += seconds

    def set(self, now: float) -> None:
        assert now >= self.now, "a monotonic clock never goes back"
        self.now = now

    def suspend(self, seconds: float) -> None:
        """The machine slept: the wall clock jumps ahead, the monotonic one does not."""
        self.jumped += seconds


class EventLog:
    """Collects a player's events, each with the clock time it was emitted at."""

    def __init__(self, clock: FakeClock) -> None:
        self._clock = clock
        self.events: list[Event] = []
        self.emitted_at: list[float] = []

    def __call__(self, event: Event) -> None:
        self.events.append(event)
        self.emitted_at.append(self._clock())

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)

    def of(self, kind: type[E]) -> list[E]:
        return [e for e in self.events if isinstance(e, kind)]

    def with_times(self, kind: type[E]) -> list[tuple[E, float]]:
        """Events of one kind, each with the clock time a tick emitted it at."""
        return [
            (e, t) for e, t in zip(self.events, self.emitted_at, strict=True) if isinstance(e, kind)
        ]

    def clear(self) -> None:
        self.events.clear()
        self.emitted_at.clear()
