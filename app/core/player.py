"""The session player: a state machine over a routine's timeline.

Time comes only from the injected monotonic ``clock``; nothing here counts
timer ticks. Whoever drives the player (the Qt window, a test with a fake
clock) calls ``tick()`` whenever it likes, as often or as rarely as it
likes: every phase boundary that has passed is processed at its *scheduled*
instant, so a late tick never shifts the rest of the session, and a hold
never ends before its time.

The player reports what happens as events (``app.core.events``) to its
subscribers; the UI, the cues and the log are subscribers and nothing else.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.core.events import (
    BlockFinished,
    BlockRecord,
    BlockStatus,
    Event,
    Paused,
    PhaseStarted,
    RepPhaseChanged,
    Resumed,
    SessionFinished,
    SessionStarted,
    SessionStatus,
)
from app.core.reps import EPSILON, RepPosition, done_reps, rep_boundaries, rep_position
from app.core.routine import DoseKind, Routine
from app.core.timeline import Phase, PhaseKind, build_timeline, work_blocks

# A wall clock that runs ahead of the monotonic clock by more than this means
# the machine was asleep (the monotonic clock stops during suspend on Linux).
SUSPEND_THRESHOLD = 2.0
# "Back" within this many seconds of a phase's start goes to the previous block.
BACK_GRACE = 2.0

SUSPEND_REASON = "Paused: the computer was asleep. Press Space to go on."


class State(StrEnum):
    IDLE = "idle"
    GET_READY = "get ready"
    WORK = "work"
    SWITCH = "switch"
    REST = "rest"
    PAUSED = "paused"
    DONE = "done"


_RUNNING = {State.GET_READY, State.WORK, State.SWITCH, State.REST}
_STATE_OF = {
    PhaseKind.GET_READY: State.GET_READY,
    PhaseKind.WORK: State.WORK,
    PhaseKind.SWITCH: State.SWITCH,
    PhaseKind.REST: State.REST,
}


@dataclass(frozen=True)
class Snapshot:
    """What the player looks like at one instant: all a screen needs to draw."""

    state: State
    phase: Phase | None
    phase_index: int
    elapsed: float  # seconds into the current phase
    remaining: float | None  # None for a self-paced work block
    rep: RepPosition | None
    next_work: Phase | None
    session_elapsed: float  # planned seconds behind us (self-paced blocks count 0)
    session_remaining: float  # planned seconds ahead of us
    session_planned: int
    pause_reason: str = ""

    @property
    def fraction(self) -> float:
        """How far through the current phase, 0 to 1 (0 for a self-paced block)."""
        if self.phase is None or not self.phase.duration:
            return 0.0
        return min(1.0, self.elapsed / self.phase.duration)

    @property
    def session_fraction(self) -> float:
        if not self.session_planned:
            return 1.0 if self.state is State.DONE else 0.0
        return min(1.0, self.session_elapsed / self.session_planned)


class Player:
    """Plays one routine once. Operations that make no sense in a state are ignored."""

    def __init__(
        self,
        routine: Routine,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.routine = routine
        self.timeline: tuple[Phase, ...] = build_timeline(routine)
        self.planned_seconds = sum(p.duration for p in self.timeline)
        self.planned_blocks = work_blocks(self.timeline)
        self._clock = clock
        self._wall_clock = wall_clock
        self._listeners: list[Callable[[Event], None]] = []
        self.state = State.IDLE
        self.index = -1
        self._phase_start = 0.0
        self._entered_wall = 0.0
        self._paused_at: float | None = None
        self._pause_reason = ""
        self._rep_key: tuple[int, str] | None = None
        self._last_mono = 0.0
        self._last_wall = 0.0
        self.records: dict[int, BlockRecord] = {}  # by phase index; a redone block replaces
        self.session_status: SessionStatus | None = None

    # -- events ---------------------------------------------------------------

    def subscribe(self, listener: Callable[[Event], None]) -> None:
        self._listeners.append(listener)

    def _emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)

    # -- time -------------------------------------------------------------------

    def _now(self) -> float:
        return self._clock()

    def _wall_of(self, mono: float) -> float:
        """Wall-clock time of a monotonic instant, from the latest pair of readings."""
        return self._last_wall + (mono - self._last_mono)

    def _anchor(self, mono: float) -> None:
        self._last_mono = mono
        self._last_wall = self._wall_clock()

    @property
    def phase(self) -> Phase | None:
        return self.timeline[self.index] if 0 <= self.index < len(self.timeline) else None

    def _elapsed(self, now: float) -> float:
        end = self._paused_at if self._paused_at is not None else now
        return max(0.0, end - self._phase_start)

    # -- operations ----------------------------------------------------------------

    def start(self, at: int = 0, saved: Iterable[BlockRecord] = ()) -> None:
        """Start playing at the first phase, or resume a session at phase ``at``.

        ``saved`` are the blocks a resumed session already has in the log: they
        count in the records and the summary as if played just now.
        """
        if self.state is not State.IDLE:
            return
        now = self._now()
        self._anchor(now)
        self.records.update({r.phase_index: r for r in saved})
        self._emit(SessionStarted(self.routine.id, now, self._wall_of(now)))
        if at >= len(self.timeline):
            self._finish_session(SessionStatus.COMPLETED, now)
            return
        self._enter(max(0, at), now)

    def tick(self) -> None:
        """Bring the player up to the clock's time, processing every boundary passed."""
        if self.state in (State.IDLE, State.DONE):
            return
        now = self._now()
        wall = self._wall_clock()
        asleep = (wall - self._last_wall) - (now - self._last_mono) > SUSPEND_THRESHOLD
        if self.state is not State.PAUSED:
            # Boundaries passed since the last tick get wall times from the last
            # reading before any jump: when exactly the machine slept is unknown.
            self._advance(now)
        self._anchor(now)
        if asleep and self.state in _RUNNING:
            # The monotonic clock did not run while the machine slept, so the
            # phase lost no time; stop here and let the user pick it up again.
            self._pause(now, SUSPEND_REASON)

    def _advance(self, now: float) -> None:
        """Process every phase end up to ``now``, each at its scheduled instant."""
        while self.state in _RUNNING:
            phase = self.phase
            assert phase is not None
            if phase.open_ended:
                break
            end = self._phase_start + phase.duration
            if now < end - EPSILON:
                break
            self._finish_phase(end, BlockStatus.COMPLETED)
        self._update_rep(now)

    def _catch_up(self) -> float:
        """Before an operation: the time now, with every boundary before it processed.

        A block whose end has passed is completed even if no tick came yet, so
        an operation pressed just after never acts on a phase that is over.
        """
        now = self._now()
        if self.state in _RUNNING:
            self._advance(now)
        return now

    def pause(self) -> None:
        now = self._catch_up()
        if self.state in _RUNNING:
            self._pause(now, "")

    def resume(self) -> None:
        if self.state is not State.PAUSED or self._paused_at is None:
            return
        now = self._now()
        self._phase_start += now - self._paused_at
        self._paused_at = None
        self._pause_reason = ""
        self._anchor(now)
        phase = self.phase
        assert phase is not None
        self.state = _STATE_OF[phase.kind]
        self._emit(Resumed(now))
        self.tick()

    def toggle_pause(self) -> None:
        if self.state is State.PAUSED:
            self.resume()
        else:
            self.pause()

    def skip(self) -> None:
        """End the current block (recorded as skipped) and go to the next work block.

        When the next work block belongs to another exercise, the player goes
        to that exercise's get ready instead, so its instructions are not missed.
        """
        current = self._close_current(BlockStatus.SKIPPED)
        if current is None:
            return
        now, phase = current
        target = self._next_work_index(self.index)
        if target is None:
            self._finish_session(SessionStatus.COMPLETED, now)
            return
        step_index = self.timeline[target].step_index
        if step_index != phase.step_index:
            first = self._first_index_of_step(step_index)
            assert first is not None  # the step has a phase at ``target``, so it has a first
            target = first
        self._jump(target, now)

    def back(self) -> None:
        """Restart the current phase; within 2 s of its start, go to the previous block."""
        now = self._catch_up()
        if not self._active():
            return
        target = self.index
        if self._elapsed(now) < BACK_GRACE:
            previous = [i for i in range(self.index) if self.timeline[i].kind is PhaseKind.WORK]
            if previous:
                target = previous[-1]
        self._jump(target, now)

    def done(self) -> None:
        """The user says a self-paced block is done."""
        now = self._catch_up()
        phase = self.phase
        if self.state is State.WORK and phase is not None and phase.open_ended:
            self._finish_phase(now, BlockStatus.COMPLETED)

    def stop_for_pain(self, continue_session: bool) -> None:
        """Stop the current exercise for pain; go on to the next one or end the session.

        The block in progress is recorded as stopped; outside a work block,
        the exercise's next block is recorded as stopped with nothing done,
        so the log always shows which exercise hurt.
        """
        current = self._close_current(BlockStatus.STOPPED)
        if current is None:
            return
        now, phase = current
        if phase.kind is not PhaseKind.WORK:
            upcoming = self._next_work_index(self.index - 1)
            if upcoming is not None and self.timeline[upcoming].step_index == phase.step_index:
                self._record(self.timeline[upcoming], 0.0, BlockStatus.STOPPED, now, index=upcoming)
        next_step = self._first_index_of_step(phase.step_index + 1)
        if continue_session and next_step is not None:
            self._jump(next_step, now)
        else:
            self._finish_session(SessionStatus.STOPPED_FOR_PAIN, now)

    def end_early(self) -> None:
        """End the session now; a block in progress is recorded as skipped."""
        current = self._close_current(BlockStatus.SKIPPED)
        if current is not None:
            self._finish_session(SessionStatus.ENDED_EARLY, current[0])

    # -- reading -------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        now = self._now()
        phase = self.phase
        elapsed = self._elapsed(now) if phase is not None and self.state is not State.DONE else 0.0
        remaining = None
        rep = None
        if phase is not None and self.state is not State.DONE:
            if not phase.open_ended:
                remaining = max(0.0, phase.duration - elapsed)
            if phase.kind is PhaseKind.WORK:
                rep = rep_position(phase.step.dose, elapsed)
        if self.state is State.DONE:
            behind, ahead = float(self.planned_seconds), 0.0
        elif phase is None:
            behind, ahead = 0.0, float(self.planned_seconds)
        else:
            before = sum(p.duration for p in self.timeline[: self.index])
            current = min(elapsed, phase.duration)
            behind = before + current
            ahead = self.planned_seconds - behind
        next_index = self._next_work_index(self.index)
        return Snapshot(
            state=self.state,
            phase=phase if self.state is not State.DONE else None,
            phase_index=self.index,
            elapsed=elapsed,
            remaining=remaining,
            rep=rep,
            next_work=self.timeline[next_index] if next_index is not None else None,
            session_elapsed=behind,
            session_remaining=ahead,
            session_planned=self.planned_seconds,
            pause_reason=self._pause_reason,
        )

    def next_deadline(self) -> float | None:
        """The monotonic time of the next change worth waking up for, if running.

        That is the next phase end, rep-phase boundary or whole second of the
        countdown, whichever comes first.
        """
        if self.state not in _RUNNING:
            return None
        phase = self.phase
        assert phase is not None
        now = self._now()
        elapsed = self._elapsed(now)
        candidates = [self._phase_start + math.floor(elapsed + EPSILON) + 1.0]
        if not phase.open_ended:
            candidates.append(self._phase_start + phase.duration)
        if phase.kind is PhaseKind.WORK:
            for offset in rep_boundaries(phase.step.dose):
                if offset > elapsed + EPSILON:
                    candidates.append(self._phase_start + offset)
                    break
        return min(candidates)

    # -- internals ---------------------------------------------------------------------

    def _close_current(self, status: BlockStatus) -> tuple[float, Phase] | None:
        """Start an operation that leaves the current phase.

        Catches up to the clock, then records a work block in progress with
        ``status``. Returns the time and the phase left, or None if there is
        no session to act on.
        """
        now = self._catch_up()
        if not self._active():
            return None
        phase = self.phase
        assert phase is not None
        if phase.kind is PhaseKind.WORK:
            self._record(phase, self._elapsed(now), status, now)
        return now, phase

    def _active(self) -> bool:
        return self.state in _RUNNING or self.state is State.PAUSED

    def _pause(self, now: float, reason: str) -> None:
        self._paused_at = now
        self._pause_reason = reason
        self.state = State.PAUSED
        self._emit(Paused(reason, now))

    def _enter(self, index: int, at: float) -> None:
        self.index = index
        self._phase_start = at
        self._entered_wall = self._wall_of(at)
        self._rep_key = None
        phase = self.timeline[index]
        if self.state is not State.PAUSED:
            self.state = _STATE_OF[phase.kind]
        self._emit(PhaseStarted(index, phase, at))
        self._update_rep(at)

    def _jump(self, index: int, now: float) -> None:
        """Move to ``index`` at ``now``; a paused player stays paused at its start."""
        if self.state is State.PAUSED:
            self._paused_at = now
        self._enter(index, now)

    def _update_rep(self, now: float) -> None:
        phase = self.phase
        if phase is None or phase.kind is not PhaseKind.WORK or self.state is State.DONE:
            return
        rep = rep_position(phase.step.dose, self._elapsed(now))
        if rep is None:
            return
        key = (rep.rep, rep.phase.value)
        if key != self._rep_key:
            self._rep_key = key
            self._emit(RepPhaseChanged(self.index, rep, self._phase_start + rep.start))

    def _finish_phase(self, at: float, status: BlockStatus) -> None:
        phase = self.phase
        assert phase is not None
        if phase.kind is PhaseKind.WORK:
            self._record(phase, at - self._phase_start, status, at)
        if self.index + 1 < len(self.timeline):
            self._enter(self.index + 1, at)
        else:
            self._finish_session(SessionStatus.COMPLETED, at)

    def _record(
        self,
        phase: Phase,
        elapsed: float,
        status: BlockStatus,
        at: float,
        index: int | None = None,
    ) -> None:
        index = self.index if index is None else index
        dose = phase.step.dose
        planned = dose.work_seconds
        if status is BlockStatus.COMPLETED and planned is not None:
            elapsed = float(planned)  # a completed timed block did exactly its time
        reps_based = dose.kind is not DoseKind.TIMED
        if not reps_based:
            reps_done = None
        elif status is BlockStatus.COMPLETED:
            reps_done = dose.reps
        else:
            reps_done = done_reps(dose, elapsed)
        record = BlockRecord(
            phase_index=index,
            step_index=phase.step_index,
            exercise_id=phase.step.exercise.id,
            exercise_name=phase.step.exercise.name,
            side=phase.side,
            set_number=phase.set_number,
            sets=phase.step.sets,
            planned_seconds=planned,
            done_seconds=round(elapsed, 1),
            planned_reps=dose.reps if reps_based else None,
            done_reps=reps_done,
            status=status,
            # When the block really began (pauses included), for the log.
            started_wall=self._entered_wall if index == self.index else self._wall_of(at),
            ended_wall=self._wall_of(at),
        )
        self.records[index] = record
        self._emit(BlockFinished(record, at))

    def _finish_session(self, status: SessionStatus, at: float) -> None:
        self.state = State.DONE
        self._paused_at = None
        self.session_status = status
        records = tuple(self.records[i] for i in sorted(self.records))
        self._emit(SessionFinished(status, at, records, self._wall_of(at)))

    def _next_work_index(self, after: int) -> int | None:
        for i in range(after + 1, len(self.timeline)):
            if self.timeline[i].kind is PhaseKind.WORK:
                return i
        return None

    def _first_index_of_step(self, step_index: int) -> int | None:
        for i, phase in enumerate(self.timeline):
            if phase.step_index == step_index:
                return i
        return None
