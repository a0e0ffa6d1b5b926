"""The session player, driven by a fake monotonic clock and ticks called by hand.

Every instant below is written relative to the session start ``T0`` and
computed by hand from the routine, so a test fails if the player shifts a
phase by a tick, drifts, ends a hold early or counts ticks instead of time.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
from app.core.loader import load_routine
from app.core.player import Player, Snapshot, State
from app.core.reps import RepPhase, rep_boundaries
from app.core.routine import Category, DoseKind, Exercise, Routine, Side
from app.core.timeline import PhaseKind
from tests.core.fakes import EventLog, FakeClock

LIB = {
    e.id: e
    for e in (
        Exercise("stretch", "Stretch", Category.STRETCH, True, "s", ("a",)),
        Exercise("raise", "Raise", Category.STRENGTH, True, "s", ("a",)),
        Exercise("feet", "Both feet", Category.STRENGTH, False, "s", ("a",)),
    )
}

T0 = 100.0  # the monotonic time a session starts at; whole, so sums stay exact
UP, TOP, DOWN, BOTTOM = RepPhase.UP, RepPhase.TOP, RepPhase.DOWN, RepPhase.BOTTOM
HOLD, RELAX = RepPhase.HOLD, RepPhase.RELAX
RUNNING = (State.GET_READY, State.WORK, State.SWITCH, State.REST)


def routine(steps: str, defaults: str = "") -> Routine:
    text = f"format: 1\nkind: routine\nid: r\nname: R\n{defaults}steps:\n{steps}"
    return load_routine(text.encode(), "r.yaml", LIB)


@dataclass
class Session:
    """A started player with its fake clock and the events it reported."""

    player: Player
    clock: FakeClock
    log: EventLog
    t0: float

    def at(self, t: float) -> None:
        """Move the clock to ``t`` seconds after the start and tick."""
        self.clock.set(self.t0 + t)
        self.player.tick()

    def to(self, t: float) -> None:
        """Move the clock to ``t`` seconds after the start, without a tick."""
        self.clock.set(self.t0 + t)

    def run(self, until: float, step: float = 0.25) -> None:
        """Tick every ``step`` seconds (of the clock) up to ``until``."""
        t = self.clock.now - self.t0
        while t < until:
            t = min(until, t + step)
            self.at(t)

    @property
    def snap(self) -> Snapshot:
        return self.player.snapshot()

    def rel(self, at: float) -> float:
        return at - self.t0

    def phases(self) -> list[tuple[int, str, float]]:
        return [(e.index, e.phase.kind.value, self.rel(e.at)) for e in self.log.of(PhaseStarted)]

    def reps(self) -> list[tuple[int, RepPhase, float]]:
        return [(e.rep.rep, e.rep.phase, self.rel(e.at)) for e in self.log.of(RepPhaseChanged)]

    def blocks(self) -> list[tuple[int, BlockStatus, float, int | None, float]]:
        return [
            (
                e.record.phase_index,
                e.record.status,
                e.record.done_seconds,
                e.record.done_reps,
                self.rel(e.at),
            )
            for e in self.log.of(BlockFinished)
        ]

    def finished(self) -> SessionFinished:
        [event] = self.log.of(SessionFinished)
        return event


def play(r: Routine, t0: float = T0, start: bool = True) -> Session:
    clock = FakeClock(t0)
    player = Player(r, clock, clock.wall)
    log = EventLog(clock)
    player.subscribe(log)
    if start:
        player.start()
    return Session(player, clock, log, t0)


# A routine with every dose form. MIXED_SCHEDULE is its timeline worked out by
# hand: each phase's start and end in seconds from the session start (269 s).
MIXED = routine(
    "  - {exercise: stretch, sets: 2, time: 30s}\n"
    "  - {exercise: raise, sets: 2, reps: 5, tempo: {up: 1, down: 3}, sides: left}\n"
    "  - {exercise: feet, reps: 3, hold: 5, relax: 2}\n"
    "  - {exercise: feet, reps: 20}\n",
    "defaults: {get_ready: 5, switch: 5, rest: 30}\n",
)
MIXED_SCHEDULE = [
    # index, kind, step, set, side, start, end
    (0, "get ready", 0, 1, "left", 0, 5),
    (1, "work", 0, 1, "left", 5, 35),
    (2, "switch", 0, 1, "right", 35, 40),
    (3, "work", 0, 1, "right", 40, 70),
    (4, "rest", 0, 1, "right", 70, 100),
    (5, "work", 0, 2, "left", 100, 130),
    (6, "switch", 0, 2, "right", 130, 135),
    (7, "work", 0, 2, "right", 135, 165),
    (8, "get ready", 1, 1, "left", 165, 170),
    (9, "work", 1, 1, "left", 170, 190),  # paced: 5 reps of up 1, down 3
    (10, "rest", 1, 1, "left", 190, 220),
    (11, "work", 1, 2, "left", 220, 240),
    (12, "get ready", 2, 1, "none", 240, 245),
    (13, "work", 2, 1, "none", 245, 264),  # held: 3 reps of hold 5, relax 2
    (14, "get ready", 3, 1, "none", 264, 269),
    (15, "work", 3, 1, "none", 269, 269),  # self-paced: open-ended
]
MIXED_PLANNED = 269


def test_the_mixed_routine_is_the_timeline_the_tests_assume() -> None:
    s = play(MIXED, start=False)
    assert s.player.planned_seconds == MIXED_PLANNED
    start = 0
    for (index, kind, step, set_no, side, begin, end), phase in zip(
        MIXED_SCHEDULE, s.player.timeline, strict=True
    ):
        assert (phase.kind.value, phase.step_index, phase.set_number, phase.side.value) == (
            kind,
            step,
            set_no,
            side,
        ), index
        assert (begin, end) == (start, start + phase.duration)
        start = end


# -- the whole run of a short routine ------------------------------------------------

SHORT = routine(
    "  - {exercise: stretch, sets: 2, time: 10s}\n  - {exercise: feet, time: 8s, get_ready: 4}\n",
    "defaults: {get_ready: 5, switch: 3, rest: 20}\n",
)
# index, state, side, set, start, end: 83 s in all
SHORT_SCHEDULE = [
    (0, State.GET_READY, Side.LEFT, 1, 0, 5),
    (1, State.WORK, Side.LEFT, 1, 5, 15),
    (2, State.SWITCH, Side.RIGHT, 1, 15, 18),
    (3, State.WORK, Side.RIGHT, 1, 18, 28),
    (4, State.REST, Side.RIGHT, 1, 28, 48),
    (5, State.WORK, Side.LEFT, 2, 48, 58),
    (6, State.SWITCH, Side.RIGHT, 2, 58, 61),
    (7, State.WORK, Side.RIGHT, 2, 61, 71),
    (8, State.GET_READY, Side.NONE, 1, 71, 75),
    (9, State.WORK, Side.NONE, 1, 75, 83),
]


def summary(event: Event, t0: float) -> tuple[object, ...]:
    match event:
        case SessionStarted():
            return ("session started", event.at - t0)
        case PhaseStarted():
            return ("phase", event.index, event.phase.kind.value, event.at - t0)
        case BlockFinished():
            r = event.record
            return ("block", r.phase_index, r.status.value, r.done_seconds, event.at - t0)
        case SessionFinished():
            return ("session finished", event.status.value, event.at - t0)
        case Paused():
            return ("paused", event.reason, event.at - t0)
        case Resumed():
            return ("resumed", event.at - t0)
        case RepPhaseChanged():
            return ("rep", event.rep.rep, event.rep.phase.value, event.at - t0)
    raise AssertionError(event)


def test_every_transition_of_a_short_routine_happens_at_its_scheduled_instant() -> None:
    s = play(SHORT)
    assert s.player.planned_seconds == 83
    assert s.player.state is State.GET_READY
    s.run(90, step=0.25)
    assert [summary(e, T0) for e in s.log] == [
        ("session started", 0),
        ("phase", 0, "get ready", 0),
        ("phase", 1, "work", 5),
        ("block", 1, "completed", 10.0, 15),
        ("phase", 2, "switch", 15),
        ("phase", 3, "work", 18),
        ("block", 3, "completed", 10.0, 28),
        ("phase", 4, "rest", 28),
        ("phase", 5, "work", 48),
        ("block", 5, "completed", 10.0, 58),
        ("phase", 6, "switch", 58),
        ("phase", 7, "work", 61),
        ("block", 7, "completed", 10.0, 71),
        ("phase", 8, "get ready", 71),
        ("phase", 9, "work", 75),
        ("block", 9, "completed", 8.0, 83),
        ("session finished", "completed", 83),
    ]
    assert s.player.state is State.DONE
    assert s.player.session_status is SessionStatus.COMPLETED


def test_the_state_and_countdown_in_every_phase_of_a_short_routine() -> None:
    s = play(SHORT)
    for index, state, side, set_no, start, end in SHORT_SCHEDULE:
        for t in (start, (start + end) / 2, end - 0.01):
            s.at(t)
            snap = s.snap
            assert (snap.state, snap.phase_index) == (state, index), t
            assert snap.phase is not None
            assert (snap.phase.side, snap.phase.set_number) == (side, set_no)
            assert snap.elapsed == pytest.approx(t - start)
            assert snap.remaining == pytest.approx(end - t)
    s.at(83)
    assert s.player.state is State.DONE
    assert s.snap.phase is None and s.snap.remaining is None


def test_one_late_tick_processes_every_passed_boundary_at_its_scheduled_instant() -> None:
    s = play(SHORT)
    s.at(65)  # nothing ticked between 0 and 65 s
    assert s.phases() == [
        (0, "get ready", 0),
        (1, "work", 5),
        (2, "switch", 15),
        (3, "work", 18),
        (4, "rest", 28),
        (5, "work", 48),
        (6, "switch", 58),
        (7, "work", 61),
    ]
    assert [b[4] for b in s.blocks()] == [15, 28, 58]
    assert set(s.log.emitted_at[2:]) == {T0 + 65}  # all emitted by that one tick
    snap = s.snap
    assert (snap.state, snap.phase_index) == (State.WORK, 7)
    assert (snap.elapsed, snap.remaining) == (4.0, 6.0)


def test_remaining_time_comes_from_the_clock_not_from_counting_ticks() -> None:
    s = play(SHORT)
    s.at(7.25)
    assert s.snap.remaining == 7.75
    # No tick at all: the snapshot still reads the clock.
    s.to(12.5)
    assert s.snap.remaining == 2.5
    # A thousand ticks at the same instant do not move time either.
    for _ in range(1000):
        s.player.tick()
    assert s.snap.remaining == 2.5
    assert s.snap.phase_index == 1


def test_a_player_that_was_not_started_is_idle_and_ignores_ticks() -> None:
    s = play(SHORT, start=False)
    s.at(50)
    assert s.player.state is State.IDLE
    assert len(s.log) == 0
    snap = s.snap
    assert snap.phase is None and snap.remaining is None
    assert (snap.session_elapsed, snap.session_remaining) == (0.0, 83.0)
    assert snap.next_work is s.player.timeline[1]
    assert s.player.next_deadline() is None


def test_start_twice_is_ignored() -> None:
    s = play(SHORT)
    s.at(3)
    s.player.start()
    assert len(s.log.of(SessionStarted)) == 1
    assert s.snap.elapsed == 3.0


def test_session_started_carries_the_routine_and_both_clocks() -> None:
    s = play(SHORT)
    [started] = s.log.of(SessionStarted)
    assert started.routine_id == "r"
    assert started.at == T0
    assert started.wall == s.clock.wall_base + T0


def test_completed_blocks_record_what_was_planned_and_done() -> None:
    s = play(MIXED)
    s.run(280, step=0.5)
    assert s.player.state is State.WORK  # the self-paced block waits for the user
    s.to(300)
    s.player.done()
    assert s.player.state is State.DONE
    records = s.finished().records
    assert [r.phase_index for r in records] == [1, 3, 5, 7, 9, 11, 13, 15]
    assert all(r.status is BlockStatus.COMPLETED for r in records)
    rows = [
        (
            r.exercise_id,
            r.exercise_name,
            r.side.value,
            r.set_number,
            r.sets,
            r.planned_seconds,
            r.done_seconds,
            r.planned_reps,
            r.done_reps,
        )
        for r in records
    ]
    assert rows == [
        ("stretch", "Stretch", "left", 1, 2, 30, 30.0, None, None),
        ("stretch", "Stretch", "right", 1, 2, 30, 30.0, None, None),
        ("stretch", "Stretch", "left", 2, 2, 30, 30.0, None, None),
        ("stretch", "Stretch", "right", 2, 2, 30, 30.0, None, None),
        ("raise", "Raise", "left", 1, 2, 20, 20.0, 5, 5),
        ("raise", "Raise", "left", 2, 2, 20, 20.0, 5, 5),
        ("feet", "Both feet", "none", 1, 1, 19, 19.0, 3, 3),
        ("feet", "Both feet", "none", 1, 1, None, 31.0, 20, 20),
    ]
    wall0 = s.clock.wall_base + T0
    for record, (_, _, _, _, _, start, end) in zip(
        records, [row for row in MIXED_SCHEDULE if row[1] == "work"], strict=True
    ):
        if record.planned_seconds is not None:
            assert (record.started_wall, record.ended_wall) == (wall0 + start, wall0 + end)
    assert records[-1].started_wall == wall0 + 269
    assert records[-1].ended_wall == wall0 + 300


# -- rep phases ------------------------------------------------------------------------


def reps_session(dose: str, get_ready: int = 2) -> Session:
    return play(routine(f"  - {{exercise: feet, {dose}, get_ready: {get_ready}}}\n"))


def tick_every_tenth(s: Session, until: float) -> None:
    """Ticks at exact tenths (k / 10) so none accumulates rounding error."""
    k = round((s.clock.now - s.t0) * 10)
    while k < until * 10:
        k += 1
        s.at(k / 10)


def test_tempo_up_1_down_3_cues_every_rep_phase_at_its_boundary() -> None:
    s = reps_session("reps: 3, tempo: {up: 1s, down: 3s}")
    tick_every_tenth(s, 20)
    assert s.reps() == [
        (1, UP, 2),
        (1, DOWN, 3),
        (2, UP, 6),
        (2, DOWN, 7),
        (3, UP, 10),
        (3, DOWN, 11),
    ]
    # ...and each was emitted by the first tick at or after its boundary.
    for event, emitted in s.log.with_times(RepPhaseChanged):
        assert event.at <= emitted < event.at + 0.1 + 1e-9
        assert event.rep.reps == 3
    assert s.blocks() == [(1, BlockStatus.COMPLETED, 12.0, 3, 14)]


def test_the_snapshot_shows_the_rep_and_its_phase() -> None:
    s = reps_session("reps: 3, tempo: {up: 1s, down: 3s}")
    s.at(2 + 5.5)  # rep 2, 0.5 s into its 3 s down
    rep = s.snap.rep
    assert rep is not None
    assert (rep.rep, rep.reps, rep.phase, rep.start, rep.end) == (2, 3, DOWN, 5.0, 8.0)
    assert s.snap.remaining == 12 - 5.5


def test_all_four_tempo_phases_are_cued_in_order() -> None:
    s = reps_session("reps: 2, tempo: {up: 1, top: 2, down: 3, bottom: 1}")
    tick_every_tenth(s, 20)
    assert s.reps() == [
        (1, UP, 2),
        (1, TOP, 3),
        (1, DOWN, 5),
        (1, BOTTOM, 8),
        (2, UP, 9),
        (2, TOP, 10),
        (2, DOWN, 12),
        (2, BOTTOM, 15),
    ]
    assert s.blocks() == [(1, BlockStatus.COMPLETED, 14.0, 2, 16)]


def test_held_reps_hold_then_relax_with_no_relax_after_the_last_rep() -> None:
    s = play(
        routine(
            "  - {exercise: feet, sets: 2, reps: 3, hold: 5, relax: 2, get_ready: 2, rest: 10}\n"
        )
    )
    tick_every_tenth(s, 60)
    assert s.reps() == [
        (1, HOLD, 2),
        (1, RELAX, 7),
        (2, HOLD, 9),
        (2, RELAX, 14),
        (3, HOLD, 16),
        # no relax: the block ends at 21 and the rest starts then
        (1, HOLD, 31),
        (1, RELAX, 36),
        (2, HOLD, 38),
        (2, RELAX, 43),
        (3, HOLD, 45),
    ]
    assert s.phases() == [(0, "get ready", 0), (1, "work", 2), (2, "rest", 21), (3, "work", 31)]
    assert s.blocks() == [
        (1, BlockStatus.COMPLETED, 19.0, 3, 21),
        (3, BlockStatus.COMPLETED, 19.0, 3, 50),
    ]


def test_held_reps_without_relax_cue_each_hold() -> None:
    s = reps_session("reps: 3, hold: 4")
    tick_every_tenth(s, 20)
    assert s.reps() == [(1, HOLD, 2), (2, HOLD, 6), (3, HOLD, 10)]
    assert s.blocks() == [(1, BlockStatus.COMPLETED, 12.0, 3, 14)]


def test_a_late_tick_reports_the_rep_phase_at_its_scheduled_boundary() -> None:
    s = reps_session("reps: 3, tempo: {up: 1s, down: 3s}")
    s.at(2 + 1.7)
    [_, late] = s.log.of(RepPhaseChanged)
    assert (late.rep.rep, late.rep.phase, late.at) == (1, DOWN, T0 + 3)
    assert s.log.emitted_at[-1] == T0 + 3.7
    # A tick that comes after several boundaries reports where the block is now,
    # with the instant that phase began, not the instant of the tick.
    s.at(2 + 6.5)
    last = s.log.of(RepPhaseChanged)[-1]
    assert (last.rep.rep, last.rep.phase, last.at) == (2, DOWN, T0 + 2 + 5)
    assert last.at < s.clock.now
    keys = [(e.rep.rep, e.rep.phase) for e in s.log.of(RepPhaseChanged)]
    assert len(keys) == len(set(keys)), "no rep phase is reported twice"


def test_a_tick_exactly_on_a_rep_boundary_enters_the_new_phase() -> None:
    s = reps_session("reps: 3, tempo: {up: 1s, down: 3s}")
    s.at(3.0)  # exactly the end of rep 1's up
    rep = s.snap.rep
    assert rep is not None and (rep.rep, rep.phase) == (1, DOWN)
    assert s.reps()[-1] == (1, DOWN, 3.0)
    s.at(6.0)  # exactly the start of rep 2
    assert s.reps()[-1] == (2, UP, 6.0)


def test_a_tick_exactly_on_a_phase_end_starts_the_next_phase() -> None:
    s = play(SHORT)
    s.at(5.0)
    assert (s.player.state, s.snap.phase_index, s.snap.elapsed) == (State.WORK, 1, 0.0)
    s.at(15.0)
    assert (s.player.state, s.snap.remaining) == (State.SWITCH, 3.0)
    assert s.blocks() == [(1, BlockStatus.COMPLETED, 10.0, None, 15)]


# A monotonic clock may read anything at the start; from most start values, the
# phase start plus a whole number of seconds is not exact in binary floating
# point (1005.1 + 19 - 1005.1 == 18.999999999999886), and that must not keep a
# tick at the boundary from processing it.
ODD_STARTS = [100.0, 1000.1, 12345.678, 98765.4321]


@pytest.mark.parametrize("t0", ODD_STARTS)
def test_a_tick_exactly_on_each_rep_boundary_enters_the_new_rep_phase(t0: float) -> None:
    s = play(
        routine("  - {exercise: feet, reps: 5, tempo: {up: 1, top: 1, down: 3, bottom: 1}}\n"), t0
    )
    s.to(5)
    s.player.tick()
    [_, work] = s.log.of(PhaseStarted)
    assert work.phase.kind is PhaseKind.WORK
    for offset in rep_boundaries(work.phase.step.dose):
        boundary = work.at + offset  # the scheduled instant, as the player reports it
        s.clock.set(boundary)
        s.player.tick()
        rep = s.snap.rep
        assert rep is not None
        assert rep.start == offset, f"a tick at the boundary {offset} s in left the block in {rep}"
        assert s.log.of(RepPhaseChanged)[-1].at == boundary


@pytest.mark.parametrize("t0", ODD_STARTS)
def test_ticking_at_next_deadline_always_moves_the_deadline_forward(t0: float) -> None:
    s = play(
        routine(
            "  - {exercise: feet, reps: 5, tempo: {up: 1, top: 1, down: 3, bottom: 1}}\n"
            "  - {exercise: feet, reps: 3, hold: 5, relax: 3}\n"
            "  - {exercise: stretch, time: 45s}\n"
        ),
        t0=t0,
    )
    planned = s.player.planned_seconds
    for _ in range(2 * planned):
        if s.player.state is State.DONE:
            break
        deadline = s.player.next_deadline()
        assert deadline is not None
        s.clock.set(deadline)
        s.player.tick()
        if s.player.state is not State.DONE:
            after = s.player.next_deadline()
            assert after is not None
            assert after > s.clock.now, (
                f"a tick at the deadline {deadline!r} left the next deadline at {after!r}"
            )
    assert s.player.state is State.DONE
    assert s.finished().at == pytest.approx(t0 + planned, abs=1e-6)


# -- skip ------------------------------------------------------------------------------


def record(s: Session, index: int) -> BlockRecord:
    return s.player.records[index]


def test_skipping_a_timed_block_records_the_seconds_done_and_goes_to_the_next_block() -> None:
    s = play(MIXED)
    s.at(5 + 12.3)
    s.player.skip()
    r = record(s, 1)
    assert (r.status, r.planned_seconds, r.done_seconds, r.done_reps) == (
        BlockStatus.SKIPPED,
        30,
        12.3,
        None,
    )
    # Straight to the right side: the switch is part of what was skipped.
    assert (s.player.state, s.snap.phase_index, s.snap.elapsed, s.snap.remaining) == (
        State.WORK,
        3,
        0.0,
        30.0,
    )
    assert s.phases()[-1] == (3, "work", pytest.approx(17.3))
    assert s.blocks() == [(1, BlockStatus.SKIPPED, 12.3, None, pytest.approx(17.3))]
    # The skipped-to block runs its full time from the skip.
    s.at(17.3 + 29.9)
    assert s.snap.phase_index == 3
    s.at(17.3 + 30)
    assert (s.player.state, s.snap.phase_index) == (State.REST, 4)


@pytest.mark.parametrize(
    ("into", "done"),
    [(0.5, 0), (3.99, 0), (4.0, 1), (7.9, 1), (9.5, 2), (19.9, 4)],
)
def test_skipping_paced_reps_counts_only_reps_fully_done(into: float, done: int) -> None:
    s = play(MIXED)
    s.at(170 + into)  # the first paced block: 5 reps of up 1, down 3
    s.player.skip()
    r = record(s, 9)
    assert (r.status, r.planned_reps, r.done_reps) == (BlockStatus.SKIPPED, 5, done)
    assert r.done_seconds == pytest.approx(into, abs=0.05)
    assert r.planned_seconds == 20


@pytest.mark.parametrize(
    ("into", "done"),
    [(4.9, 0), (5.0, 1), (6.0, 1), (11.9, 1), (12.0, 2), (13.0, 2), (18.9, 2)],
)
def test_skipping_held_reps_counts_the_holds_fully_done(into: float, done: int) -> None:
    s = play(MIXED)
    s.at(245 + into)  # the held block: 3 reps of hold 5, relax 2
    s.player.skip()
    r = record(s, 13)
    assert (r.status, r.planned_reps, r.done_reps) == (BlockStatus.SKIPPED, 3, done)
    assert r.done_seconds == pytest.approx(into, abs=0.05)


@pytest.mark.parametrize(
    ("at", "from_index", "to_index"),
    [
        (2, 0, 1),  # get ready -> the step's first block
        (37, 2, 3),  # switch -> the block after it
        (80, 4, 5),  # rest -> the next set
        (167, 8, 9),  # a later step's get ready -> its first block
        (200, 10, 11),  # rest between paced sets
    ],
)
def test_skipping_a_pause_between_blocks_goes_to_the_next_work_block(
    at: float, from_index: int, to_index: int
) -> None:
    s = play(MIXED)
    s.at(at)
    assert s.snap.phase_index == from_index
    s.player.skip()
    assert (s.player.state, s.snap.phase_index, s.snap.remaining) == (
        State.WORK,
        to_index,
        float(MIXED_SCHEDULE[to_index][6] - MIXED_SCHEDULE[to_index][5]),
    )
    # Nothing with work in it was skipped: only the blocks done before are recorded.
    assert all(r.status is BlockStatus.COMPLETED for r in s.player.records.values())
    assert list(s.player.records) == [i for i in (1, 3, 5, 7, 9) if i < from_index]


@pytest.mark.parametrize(
    ("at", "from_index", "to_index"), [(150, 7, 8), (230, 11, 12), (250, 13, 14)]
)
def test_skipping_an_exercises_last_block_lands_on_the_next_exercises_get_ready(
    at: float, from_index: int, to_index: int
) -> None:
    s = play(MIXED)
    s.at(at)
    assert s.snap.phase_index == from_index
    s.player.skip()
    assert (s.player.state, s.snap.phase_index, s.snap.remaining) == (
        State.GET_READY,
        to_index,
        5.0,
    )
    assert record(s, from_index).status is BlockStatus.SKIPPED


def test_skipping_into_an_exercise_without_get_ready_lands_on_its_first_block() -> None:
    s = play(
        routine(
            "  - {exercise: feet, sets: 2, time: 20s}\n"
            "  - {exercise: stretch, time: 20s, get_ready: 0}\n"
        )
    )
    s.at(5 + 20 + 30 + 3)  # second set of the first exercise
    s.player.skip()
    phase = s.snap.phase
    assert phase is not None
    assert (s.player.state, phase.step_index, phase.side) == (State.WORK, 1, Side.LEFT)


def test_skipping_a_block_of_another_set_within_an_exercise_does_not_add_a_get_ready() -> None:
    s = play(MIXED)
    s.at(60)  # right side of set 1; the next block is set 2 of the same exercise
    s.player.skip()
    assert (s.player.state, s.snap.phase_index) == (State.WORK, 5)


def test_skipping_the_very_last_block_finishes_the_session() -> None:
    s = play(SHORT)
    s.at(80)
    s.player.skip()
    assert s.player.state is State.DONE
    finished = s.finished()
    assert (finished.status, finished.at) == (SessionStatus.COMPLETED, T0 + 80)
    assert finished.records[-1].status is BlockStatus.SKIPPED
    assert finished.records[-1].done_seconds == 5.0
    assert [r.status for r in finished.records[:-1]] == [BlockStatus.COMPLETED] * 4


def test_skipping_a_self_paced_block_records_no_reps_done() -> None:
    s = play(MIXED)
    s.at(269 + 42)
    s.player.skip()
    r = record(s, 15)
    assert (r.status, r.planned_seconds, r.done_seconds, r.planned_reps, r.done_reps) == (
        BlockStatus.SKIPPED,
        None,
        42.0,
        20,
        0,
    )
    assert s.player.state is State.DONE


def test_skip_while_paused_moves_on_and_stays_paused() -> None:
    s = play(MIXED)
    s.at(20)
    s.player.pause()
    s.at(50)
    s.player.skip()
    assert record(s, 1).done_seconds == 15.0  # the paused time is not work
    assert (s.player.state, s.snap.phase_index, s.snap.elapsed) == (State.PAUSED, 3, 0.0)
    s.at(200)
    assert s.snap.elapsed == 0.0
    s.player.resume()
    s.at(210)
    assert (s.player.state, s.snap.phase_index, s.snap.elapsed) == (State.WORK, 3, 10.0)


# -- back ------------------------------------------------------------------------------


def test_back_after_two_seconds_restarts_the_current_phase() -> None:
    s = play(MIXED)
    s.at(5 + 10)
    s.player.back()
    assert (s.player.state, s.snap.phase_index, s.snap.elapsed, s.snap.remaining) == (
        State.WORK,
        1,
        0.0,
        30.0,
    )
    assert s.phases()[-1] == (1, "work", 15)
    assert s.player.records == {}
    s.at(15 + 29.9)
    assert s.snap.phase_index == 1
    s.at(15 + 30)
    assert s.snap.phase_index == 2
    assert s.blocks() == [(1, BlockStatus.COMPLETED, 30.0, None, 45)]


@pytest.mark.parametrize("at", [2.1, 17])  # get ready, then after 2 s of the rest
def test_back_restarts_get_ready_and_rest_too(at: float) -> None:
    s = play(MIXED)
    s.at(at if at < 5 else 70 + at)
    before = s.snap.phase_index
    s.player.back()
    assert (s.snap.phase_index, s.snap.elapsed) == (before, 0.0)
    assert s.snap.remaining == (5.0 if before == 0 else 30.0)


def test_back_within_two_seconds_of_a_block_goes_to_the_previous_block() -> None:
    s = play(MIXED)
    s.at(40 + 1.9)  # the right side started 1.9 s ago
    s.player.back()
    assert (s.player.state, s.snap.phase_index, s.snap.remaining) == (State.WORK, 1, 30.0)
    assert s.snap.phase is not None and s.snap.phase.side is Side.LEFT


def test_back_after_two_seconds_of_a_block_does_not_go_to_the_previous_block() -> None:
    s = play(MIXED)
    s.at(40 + 2.1)
    s.player.back()
    assert (s.snap.phase_index, s.snap.remaining) == (3, 30.0)


@pytest.mark.parametrize(("at", "to_index"), [(71, 3), (36, 1), (166, 7), (221, 9)])
def test_back_just_after_a_block_ended_goes_back_to_that_block(at: float, to_index: int) -> None:
    s = play(MIXED)
    s.at(at)  # 1 s into a rest, switch or get ready
    s.player.back()
    assert (s.player.state, s.snap.phase_index, s.snap.elapsed) == (State.WORK, to_index, 0.0)


@pytest.mark.parametrize("at", [1.0, 5.5])
def test_back_with_no_earlier_block_restarts_the_current_phase(at: float) -> None:
    s = play(MIXED)
    s.at(at)
    index = s.snap.phase_index
    s.player.back()
    assert (s.snap.phase_index, s.snap.elapsed) == (index, 0.0)


def test_a_redone_block_replaces_its_record() -> None:
    s = play(SHORT)
    s.at(5 + 3)
    s.player.skip()  # left side skipped after 3 s
    assert record(s, 1).status is BlockStatus.SKIPPED
    s.at(8 + 1)
    s.player.back()  # 1 s into the right side: back to the left side
    assert s.snap.phase_index == 1
    s.at(9 + 10)  # the left side done in full this time
    assert record(s, 1).status is BlockStatus.COMPLETED
    assert record(s, 1).done_seconds == 10.0
    s.run(200, step=1)
    records = s.finished().records
    assert [r.phase_index for r in records] == [1, 3, 5, 7, 9]
    assert records[0].status is BlockStatus.COMPLETED
    # Both versions of block 1 were reported as they happened.
    assert [b[:2] for b in s.blocks()][:2] == [
        (1, BlockStatus.SKIPPED),
        (1, BlockStatus.COMPLETED),
    ]


def test_back_while_paused_moves_and_stays_paused() -> None:
    s = play(MIXED)
    s.at(40 + 10)
    s.player.pause()
    s.at(60)
    s.player.back()  # 10 s into the block (paused time not counted): restart it
    assert (s.player.state, s.snap.phase_index, s.snap.elapsed) == (State.PAUSED, 3, 0.0)
    s.player.back()  # now 0 s into it: the previous block
    assert (s.player.state, s.snap.phase_index, s.snap.elapsed) == (State.PAUSED, 1, 0.0)


# -- pause and resume -----------------------------------------------------------------

HOLD_90 = routine("  - {exercise: feet, time: 90s}\n  - {exercise: feet, time: 10s}\n")


def test_time_paused_in_a_hold_is_not_counted() -> None:
    s = play(HOLD_90)  # the hold runs 5-95
    s.at(50)
    s.player.pause()
    assert s.log.of(Paused)[-1] == Paused("", T0 + 50)
    for t in range(51, 81):
        s.at(t)
        assert (s.player.state, s.snap.elapsed, s.snap.remaining) == (State.PAUSED, 45.0, 45.0)
    s.player.resume()
    assert s.log.of(Resumed)[-1] == Resumed(T0 + 80)
    assert (s.player.state, s.snap.remaining) == (State.WORK, 45.0)
    s.at(124.9)
    assert s.player.state is State.WORK
    assert s.snap.remaining == pytest.approx(0.1)
    s.at(127)  # a late tick
    # 90 s of running time after the hold began at 5, plus the 30 s paused.
    assert s.blocks() == [(1, BlockStatus.COMPLETED, 90.0, None, 125)]
    assert s.phases()[-1] == (2, "get ready", 125)
    assert s.snap.elapsed == 2.0


@pytest.mark.parametrize(
    ("at", "state", "index", "end"),
    [
        (2, State.GET_READY, 0, 5),
        (20, State.WORK, 1, 35),
        (37, State.SWITCH, 2, 40),
        (80, State.REST, 4, 100),
        (175, State.WORK, 9, 190),
        (250, State.WORK, 13, 264),
    ],
)
def test_pause_and_resume_in_every_running_state(
    at: float, state: State, index: int, end: float
) -> None:
    s = play(MIXED)
    s.at(at)
    assert (s.player.state, s.snap.phase_index) == (state, index)
    before = s.snap
    s.player.pause()
    paused = s.snap
    assert paused.state is State.PAUSED
    assert paused.phase == before.phase and paused.phase_index == index
    assert paused.rep == before.rep
    s.at(at + 60)
    assert (s.snap.elapsed, s.snap.remaining) == (before.elapsed, before.remaining)
    assert s.snap.session_elapsed == before.session_elapsed
    assert s.player.next_deadline() is None
    s.player.resume()
    assert (s.player.state, s.snap.remaining) == (state, before.remaining)
    s.at(end + 60 - 0.01)
    assert s.snap.phase_index == index
    s.at(end + 60)
    assert s.snap.phase_index == index + 1
    assert s.phases()[-1] == (index + 1, MIXED_SCHEDULE[index + 1][1], end + 60)


def test_a_paused_rep_block_resumes_its_rep_cues_shifted_by_the_pause() -> None:
    s = reps_session("reps: 3, tempo: {up: 1s, down: 3s}")
    tick_every_tenth(s, 2 + 4.5)  # rep 2, 0.5 s into its up
    s.player.pause()
    s.at(20)
    s.player.resume()
    tick_every_tenth(s, 40)
    # Before the pause: boundaries at 2, 3, 6; after it, every one 13.5 s later.
    assert s.reps() == [
        (1, UP, 2),
        (1, DOWN, 3),
        (2, UP, 6),
        (2, DOWN, pytest.approx(7 + 13.5)),
        (3, UP, pytest.approx(10 + 13.5)),
        (3, DOWN, pytest.approx(11 + 13.5)),
    ]
    assert s.blocks()[0][4] == pytest.approx(14 + 13.5)


def test_toggle_pause_pauses_and_resumes() -> None:
    s = play(SHORT)
    s.at(3)
    s.player.toggle_pause()
    assert s.player.state is State.PAUSED
    s.at(10)
    s.player.toggle_pause()
    assert (s.player.state, s.snap.elapsed) == (State.GET_READY, 3.0)


def test_a_pause_by_the_user_has_no_reason() -> None:
    s = play(SHORT)
    s.at(3)
    s.player.pause()
    assert s.snap.pause_reason == ""
    assert s.log.of(Paused) == [Paused("", T0 + 3)]


def operation_names() -> list[str]:
    return [
        "start",
        "tick",
        "pause",
        "resume",
        "toggle_pause",
        "skip",
        "back",
        "done",
        "stop_continue",
        "stop_end",
        "end_early",
    ]


def apply(player: Player, name: str) -> None:
    match name:
        case "stop_continue":
            player.stop_for_pain(continue_session=True)
        case "stop_end":
            player.stop_for_pain(continue_session=False)
        case _:
            getattr(player, name)()


@pytest.mark.parametrize(
    "name",
    ["tick", "pause", "resume", "skip", "back", "done", "stop_continue", "stop_end", "end_early"],
)
def test_operations_before_start_are_ignored(name: str) -> None:
    s = play(SHORT, start=False)
    s.to(10)
    apply(s.player, name)
    assert (s.player.state, len(s.log), s.player.records) == (State.IDLE, 0, {})


@pytest.mark.parametrize("name", operation_names())
def test_operations_after_the_session_are_ignored(name: str) -> None:
    s = play(SHORT)
    s.run(90, step=1)
    assert s.player.state is State.DONE
    events, records = list(s.log), dict(s.player.records)
    s.to(100)
    apply(s.player, name)
    assert s.player.state is State.DONE
    assert (list(s.log), s.player.records) == (events, records)
    assert s.player.session_status is SessionStatus.COMPLETED


def test_resume_while_running_is_ignored() -> None:
    s = play(SHORT)
    s.at(3)
    s.player.resume()
    assert (s.player.state, s.snap.elapsed) == (State.GET_READY, 3.0)
    assert s.log.of(Resumed) == []


def test_pause_twice_pauses_once_and_keeps_the_first_instant() -> None:
    s = play(SHORT)
    s.at(3)
    s.player.pause()
    s.at(6)
    s.player.pause()
    assert len(s.log.of(Paused)) == 1
    s.player.resume()
    assert s.snap.elapsed == 3.0


def test_done_on_a_timed_block_is_ignored() -> None:
    s = play(SHORT)
    s.at(8)
    s.player.done()
    assert (s.player.state, s.snap.phase_index, s.snap.elapsed) == (State.WORK, 1, 3.0)
    assert s.player.records == {}


@pytest.mark.parametrize("at", [2.0, 170 + 3, 245 + 3])  # get ready, paced, held
def test_done_is_ignored_outside_a_self_paced_block(at: float) -> None:
    s = play(MIXED)
    s.at(at)
    index = s.snap.phase_index
    count = len(s.log)
    s.player.done()
    assert (s.snap.phase_index, len(s.log)) == (index, count)


# -- self-paced blocks ----------------------------------------------------------------

SELF_PACED = routine("  - {exercise: feet, reps: 100}\n  - {exercise: feet, time: 10s}\n")


def test_a_self_paced_block_never_ends_by_itself() -> None:
    s = play(SELF_PACED)
    s.at(5)
    assert s.player.state is State.WORK
    for minute in range(1, 10 * 60):
        s.at(5 + minute * 60.0)
    s.at(5 + 10 * 3600.0)
    snap = s.snap
    assert (snap.state, snap.phase_index, snap.remaining, snap.rep) == (State.WORK, 1, None, None)
    assert snap.elapsed == 10 * 3600.0
    assert snap.fraction == 0.0
    assert s.log.of(BlockFinished) == []
    # It counts 0 s toward the planned length: the session is 5 s in, 15 s to go.
    assert (snap.session_elapsed, snap.session_remaining) == (5.0, 15.0)


def test_done_completes_a_self_paced_block_with_all_its_reps() -> None:
    s = play(SELF_PACED)
    s.at(5 + 93.4)
    s.player.done()
    r = record(s, 1)
    assert (r.status, r.planned_seconds, r.done_seconds, r.planned_reps, r.done_reps) == (
        BlockStatus.COMPLETED,
        None,
        93.4,
        100,
        100,
    )
    assert s.log.of(BlockFinished)[-1].at == T0 + 98.4
    assert (s.player.state, s.snap.phase_index, s.snap.remaining) == (State.GET_READY, 2, 5.0)
    assert s.phases()[-1] == (2, "get ready", pytest.approx(98.4))


def test_done_while_paused_is_ignored() -> None:
    s = play(SELF_PACED)
    s.at(20)
    s.player.pause()
    s.player.done()
    assert (s.player.state, s.player.records) == (State.PAUSED, {})


def test_done_on_a_last_self_paced_block_finishes_the_session() -> None:
    s = play(MIXED)
    s.run(269 + 5, step=1)
    s.player.done()
    assert s.player.state is State.DONE
    assert s.finished().status is SessionStatus.COMPLETED
    assert s.finished().at == T0 + 274


# -- stop for pain -----------------------------------------------------------------------


def test_stop_for_pain_in_a_block_records_it_stopped_and_goes_to_the_next_exercise() -> None:
    s = play(MIXED)
    s.at(5 + 12)
    s.player.stop_for_pain(continue_session=True)
    r = record(s, 1)
    assert (r.status, r.exercise_id, r.side, r.done_seconds, r.planned_seconds) == (
        BlockStatus.STOPPED,
        "stretch",
        Side.LEFT,
        12.0,
        30,
    )
    # The rest of that exercise is not played: on to the next one's get ready.
    assert (s.player.state, s.snap.phase_index, s.snap.remaining) == (State.GET_READY, 8, 5.0)
    assert s.phases()[-1] == (8, "get ready", 17)
    s.run(17 + 5 + 20 + 30 + 20 + 5 + 19 + 5 + 1, step=0.5)
    s.player.done()
    assert s.player.state is State.DONE
    records = s.finished().records
    assert [(r.phase_index, r.status) for r in records] == [
        (1, BlockStatus.STOPPED),
        (9, BlockStatus.COMPLETED),
        (11, BlockStatus.COMPLETED),
        (13, BlockStatus.COMPLETED),
        (15, BlockStatus.COMPLETED),
    ]
    # The session went on to its end: the stopped block is in the record.
    assert s.player.session_status is SessionStatus.COMPLETED


def test_stop_for_pain_in_paced_reps_records_the_reps_done() -> None:
    s = play(MIXED)
    s.at(170 + 9.5)
    s.player.stop_for_pain(continue_session=True)
    r = record(s, 9)
    assert (r.status, r.done_reps, r.planned_reps, r.done_seconds) == (
        BlockStatus.STOPPED,
        2,
        5,
        9.5,
    )
    assert (s.player.state, s.snap.phase_index) == (State.GET_READY, 12)
    assert 11 not in s.player.records


def test_stop_for_pain_and_end_the_session() -> None:
    s = play(MIXED)
    s.at(40 + 7)
    s.player.stop_for_pain(continue_session=False)
    assert s.player.state is State.DONE
    assert s.player.session_status is SessionStatus.STOPPED_FOR_PAIN
    finished = s.finished()
    assert (finished.status, finished.at) == (SessionStatus.STOPPED_FOR_PAIN, T0 + 47)
    assert [(r.phase_index, r.status, r.done_seconds) for r in finished.records] == [
        (1, BlockStatus.COMPLETED, 30.0),
        (3, BlockStatus.STOPPED, 7.0),
    ]


@pytest.mark.parametrize(
    ("at", "blamed", "next_index", "done_reps"),
    [
        (80, 5, 8, None),  # a rest: the next set's first block
        (37, 3, 8, None),  # a switch: the side about to be worked
        (2, 1, 8, None),  # the first get ready: the first block
        (167, 9, 12, 0),  # a later exercise's get ready
        (200, 11, 12, 0),  # a rest between paced sets
    ],
)
def test_stop_for_pain_between_blocks_blames_the_exercises_next_block(
    at: float, blamed: int, next_index: int, done_reps: int | None
) -> None:
    s = play(MIXED)
    s.at(at)
    s.player.stop_for_pain(continue_session=True)
    done_before = [row[0] for row in MIXED_SCHEDULE if row[1] == "work" and row[6] <= at]
    assert list(s.player.records) == [*done_before, blamed]
    r = record(s, blamed)
    assert (r.status, r.done_seconds, r.done_reps) == (BlockStatus.STOPPED, 0.0, done_reps)
    assert r.phase_index == blamed
    assert r.set_number == MIXED_SCHEDULE[blamed][3]
    assert s.log.of(BlockFinished)[-1].record == r
    assert (s.snap.phase_index, s.phases()[-1][2]) == (next_index, at)


def test_stop_for_pain_in_the_last_exercise_ends_the_session_even_when_continuing() -> None:
    s = play(SHORT)
    s.at(77)
    s.player.stop_for_pain(continue_session=True)
    assert s.player.state is State.DONE
    assert s.finished().status is SessionStatus.STOPPED_FOR_PAIN
    assert s.finished().records[-1].status is BlockStatus.STOPPED


def test_stop_for_pain_while_paused_moves_on_and_stays_paused() -> None:
    s = play(MIXED)
    s.at(20)
    s.player.pause()
    s.at(40)
    s.player.stop_for_pain(continue_session=True)
    assert record(s, 1).done_seconds == 15.0
    assert (s.player.state, s.snap.phase_index, s.snap.elapsed) == (State.PAUSED, 8, 0.0)


# -- end early ----------------------------------------------------------------------------


def test_end_early_in_a_block_records_it_skipped_and_ends() -> None:
    s = play(MIXED)
    s.at(170 + 6)
    s.player.end_early()
    assert s.player.state is State.DONE
    finished = s.finished()
    assert (finished.status, finished.at) == (SessionStatus.ENDED_EARLY, T0 + 176)
    assert [(r.phase_index, r.status, r.done_seconds, r.done_reps) for r in finished.records] == [
        (1, BlockStatus.COMPLETED, 30.0, None),
        (3, BlockStatus.COMPLETED, 30.0, None),
        (5, BlockStatus.COMPLETED, 30.0, None),
        (7, BlockStatus.COMPLETED, 30.0, None),
        (9, BlockStatus.SKIPPED, 6.0, 1),
    ]
    assert s.player.next_deadline() is None


def test_end_early_between_blocks_records_nothing_more() -> None:
    s = play(MIXED)
    s.at(80)
    s.player.end_early()
    assert s.finished().status is SessionStatus.ENDED_EARLY
    assert list(s.player.records) == [1, 3]


def test_end_early_while_paused() -> None:
    s = play(MIXED)
    s.at(20)
    s.player.pause()
    s.at(300)
    s.player.end_early()
    assert s.finished().records[-1].done_seconds == 15.0
    assert s.finished().at == T0 + 300


# -- suspend ----------------------------------------------------------------------------


def test_a_wall_clock_jump_of_three_seconds_pauses_with_a_reason_and_loses_no_time() -> None:
    s = play(HOLD_90)  # the hold runs 5-95
    s.run(20, step=0.016)
    remaining = s.snap.remaining
    assert remaining == pytest.approx(75.0)
    s.clock.suspend(3.0)
    s.at(20.016)
    assert s.player.state is State.PAUSED
    [paused] = s.log.of(Paused)
    assert paused.reason
    assert paused.at == pytest.approx(T0 + 20.016)
    assert s.snap.pause_reason == paused.reason
    assert s.snap.remaining == pytest.approx(75.0 - 0.016)
    # However long it stays paused, the hold loses no time.
    s.run(500, step=1)
    assert s.player.state is State.PAUSED
    assert s.snap.remaining == pytest.approx(75.0 - 0.016)
    s.player.resume()
    assert (s.player.state, s.snap.pause_reason) == (State.WORK, "")
    assert s.snap.remaining == pytest.approx(75.0 - 0.016)
    s.run(500 + 75, step=0.5)
    [block] = s.log.of(BlockFinished)
    assert block.record.status is BlockStatus.COMPLETED
    assert block.at == pytest.approx(T0 + 500 + 75 - 0.016)


def test_a_wall_clock_jump_of_a_second_and_a_half_does_not_pause() -> None:
    s = play(HOLD_90)
    s.at(20)
    s.clock.suspend(1.5)
    s.at(20.5)
    assert s.player.state is State.WORK
    assert s.log.of(Paused) == []
    # Each jump is measured from the last tick, so small ones do not add up.
    for t in range(21, 30):
        s.clock.suspend(1.5)
        s.at(t)
    assert s.player.state is State.WORK
    assert s.snap.remaining == 90 - 24


def test_a_wall_clock_set_back_does_not_pause() -> None:
    s = play(HOLD_90)
    s.at(20)
    s.clock.suspend(-3600.0)
    s.at(21)
    assert s.player.state is State.WORK


def test_a_suspend_is_noticed_in_every_running_state() -> None:
    for at in (2, 20, 37, 80):
        s = play(MIXED)
        s.at(at)
        s.clock.suspend(3600.0)
        s.at(at + 0.1)
        assert s.player.state is State.PAUSED, at
        assert s.snap.pause_reason


def test_a_suspend_while_paused_by_the_user_changes_nothing() -> None:
    s = play(HOLD_90)
    s.at(20)
    s.player.pause()
    s.clock.suspend(3600.0)
    s.at(21)
    assert s.log.of(Paused) == [Paused("", T0 + 20)]
    assert s.snap.pause_reason == ""
    s.player.resume()
    s.at(22)
    assert s.player.state is State.WORK


def test_a_wall_clock_jump_during_a_pause_does_not_pause_again_after_resume() -> None:
    s = play(HOLD_90)
    s.at(20)
    s.player.pause()
    s.clock.suspend(3600.0)  # no tick while paused
    s.to(30)
    s.player.resume()
    s.at(30.5)
    assert s.player.state is State.WORK
    assert len(s.log.of(Paused)) == 1


# -- late and stalled ticks -------------------------------------------------------------

HOLDS = routine(
    "  - {exercise: stretch, sets: 2, time: 20s, rest: 10, switch: 3, get_ready: 3}\n"
    "  - {exercise: feet, sets: 2, reps: 4, hold: 5, relax: 2, rest: 8}\n"
    "  - {exercise: raise, reps: 4, tempo: {up: 1, top: 1, down: 3, bottom: 1}, switch: 2}\n"
    "  - {exercise: feet, time: 45s, get_ready: 0}\n"
)


def run_with_stalls(s: Session, every_ms: int = 16, stall_ms: int = 250) -> int:
    """Tick every 16 ms of clock time, but the loop stalls 250 ms every 2 s.

    Times are kept in whole milliseconds so the ticks themselves carry no
    rounding error. Returns the number of stalls.
    """
    ms, stalls = 0, 0
    while s.player.state is not State.DONE:
        nxt = ms + every_ms
        if nxt // 2000 > ms // 2000:
            nxt += stall_ms
            stalls += 1
        ms = nxt
        s.at(ms / 1000)
    return stalls


def scheduled_starts(player: Player) -> list[float]:
    starts, t = [], 0.0
    for phase in player.timeline:
        starts.append(t)
        t += phase.duration
    return starts


def test_stalled_ticks_never_shift_a_phase_or_end_a_hold_early() -> None:
    s = play(HOLDS)
    planned = s.player.planned_seconds
    # (3 + 2 * (20 + 3 + 20) + 10) + (5 + 2 * 26 + 8) + (5 + 24 + 2 + 24) + 45
    assert planned == 99 + 65 + 55 + 45
    stalls = run_with_stalls(s)
    assert stalls >= planned // 2 - 1
    starts = scheduled_starts(s.player)
    phase_events = s.log.with_times(PhaseStarted)
    assert [e.index for e, _ in phase_events] == list(range(len(starts)))
    for event, emitted in phase_events:
        assert s.rel(event.at) == pytest.approx(starts[event.index], abs=1e-6)
        assert event.at <= emitted <= event.at + 0.266 + 1e-9
    blocks = s.log.with_times(BlockFinished)
    assert len(blocks) == sum(p.kind is PhaseKind.WORK for p in s.player.timeline)
    for event, emitted in blocks:
        phase = s.player.timeline[event.record.phase_index]
        scheduled_end = s.t0 + starts[event.record.phase_index] + phase.duration
        assert event.at == pytest.approx(scheduled_end, abs=1e-6)
        assert emitted >= event.at, "a block ended before its time"
        assert emitted - event.at <= 0.250 + 0.016 + 1e-9
        assert event.record.status is BlockStatus.COMPLETED
        assert event.record.done_seconds == phase.duration
    # Every rep phase is cued once, at its scheduled instant.
    expected_reps = []
    for index, phase in enumerate(s.player.timeline):
        if phase.kind is PhaseKind.WORK and phase.step.dose.kind is not DoseKind.TIMED:
            offsets = [0.0, *rep_boundaries(phase.step.dose)]
            expected_reps += [starts[index] + o for o in offsets]
    rep_events = s.log.with_times(RepPhaseChanged)
    assert [s.rel(e.at) for e, _ in rep_events] == pytest.approx(expected_reps, abs=1e-6)
    for event, emitted in rep_events:
        assert event.at <= emitted <= event.at + 0.266 + 1e-9
    finished, emitted = s.log.with_times(SessionFinished)[0]
    assert s.rel(finished.at) == pytest.approx(planned, abs=1e-6)
    assert s.rel(emitted) == pytest.approx(planned, abs=0.1 + 0.166)
    assert s.rel(emitted) >= planned


def test_a_hundred_stalls_do_not_add_up() -> None:
    s = play(routine("  - {exercise: stretch, sets: 2, time: 1:40, rest: 30, switch: 5}\n"))
    planned = s.player.planned_seconds
    assert planned == 5 + 2 * (100 + 5 + 100) + 30 == 445
    stalls = run_with_stalls(s)
    assert stalls >= 200
    # A tick counter would be 200 * 250 ms = 50 s late by now; the clock is not.
    assert s.rel(s.finished().at) == pytest.approx(planned, abs=1e-6)
    starts = scheduled_starts(s.player)
    assert [s.rel(e.at) for e in s.log.of(PhaseStarted)] == pytest.approx(starts, abs=1e-6)


# -- next_deadline --------------------------------------------------------------------------


def test_next_deadline_is_never_past_the_next_phase_end_or_rep_boundary() -> None:
    s = play(MIXED)
    checked = 0
    k = 0
    while s.clock.now < T0 + 280:
        k += 1
        s.at(k * 0.37)
        if s.player.state not in RUNNING:
            continue
        now = s.clock.now
        deadline = s.player.next_deadline()
        assert deadline is not None
        assert now <= deadline <= now + 1.0 + 1e-9
        phase_start = s.log.of(PhaseStarted)[-1].at
        phase = s.snap.phase
        assert phase is not None
        if not phase.open_ended:
            assert deadline <= phase_start + phase.duration + 1e-9
        if phase.kind is PhaseKind.WORK:
            upcoming = [phase_start + b for b in rep_boundaries(phase.step.dose)]
            upcoming = [b for b in upcoming if b > now]
            if upcoming:
                assert deadline <= upcoming[0] + 1e-9
        checked += 1
    assert checked > 600


def test_next_deadline_names_the_rep_boundary_before_the_next_whole_second() -> None:
    s = reps_session("reps: 3, tempo: {up: 1s, down: 3s}")
    s.at(2.5)
    assert s.player.next_deadline() == T0 + 3.0
    s.at(3.25)
    assert s.player.next_deadline() == T0 + 4.0
    s.at(13.5)  # the last half second of the block
    assert s.player.next_deadline() == T0 + 14.0


def test_next_deadline_is_none_unless_running() -> None:
    s = play(SHORT, start=False)
    assert s.player.next_deadline() is None
    s.player.start()
    assert s.player.next_deadline() == T0 + 1.0
    s.at(2.5)
    s.player.pause()
    assert s.player.next_deadline() is None
    s.player.resume()
    assert s.player.next_deadline() == T0 + 3.0
    s.player.end_early()
    assert s.player.next_deadline() is None


def test_next_deadline_in_a_self_paced_block_is_the_next_whole_second() -> None:
    s = play(SELF_PACED)
    s.at(5 + 1234.5)
    assert s.player.next_deadline() == T0 + 5 + 1235.0


# -- snapshot ---------------------------------------------------------------------------


def test_session_elapsed_and_remaining_always_add_up_to_the_planned_length() -> None:
    s = play(MIXED)
    k = 0
    while s.player.state is not State.DONE:
        k += 1
        s.at(k * 0.5)
        if k == 100:
            s.player.pause()
        if k == 140:
            s.player.resume()
        if k == 600:
            s.player.done()
        snap = s.snap
        if snap.state is State.DONE:
            break
        assert snap.session_elapsed + snap.session_remaining == pytest.approx(MIXED_PLANNED)
        assert 0.0 <= snap.session_elapsed <= MIXED_PLANNED
        assert 0.0 <= snap.fraction <= 1.0
        assert 0.0 <= snap.session_fraction <= 1.0
        assert snap.session_planned == MIXED_PLANNED
        if snap.remaining is not None:
            assert snap.phase is not None
            assert snap.elapsed + snap.remaining == pytest.approx(snap.phase.duration)
            assert snap.fraction == pytest.approx(snap.elapsed / snap.phase.duration)
    snap = s.snap
    assert (snap.state, snap.session_elapsed, snap.session_remaining) == (
        State.DONE,
        269.0,
        0.0,
    )
    assert snap.session_fraction == 1.0


def test_session_elapsed_counts_the_planned_seconds_behind() -> None:
    s = play(MIXED)
    s.at(117.5)  # 17.5 s into set 2 on the left
    snap = s.snap
    assert (snap.session_elapsed, snap.session_remaining) == (117.5, 269 - 117.5)
    assert snap.session_fraction == pytest.approx(117.5 / 269)
    assert snap.fraction == pytest.approx(17.5 / 30)


def test_the_snapshot_names_the_next_work_block() -> None:
    s = play(MIXED)
    s.at(2)
    assert s.snap.next_work is s.player.timeline[1]
    s.at(80)  # rest after set 1
    assert s.snap.next_work is s.player.timeline[5]
    s.at(167)  # get ready of the paced exercise
    assert s.snap.next_work is s.player.timeline[9]
    s.at(172)
    assert s.snap.next_work is s.player.timeline[11]


def test_the_snapshot_has_a_rep_only_for_paced_and_held_blocks() -> None:
    s = play(MIXED)
    s.at(20)
    assert s.snap.rep is None
    s.at(80)
    assert s.snap.rep is None
    s.at(245 + 8)
    rep = s.snap.rep
    assert rep is not None and (rep.rep, rep.phase) == (2, HOLD)
    s.at(270)
    assert s.snap.rep is None


# -- any routine, any sequence of operations ---------------------------------------------


@st.composite
def small_routines(draw: st.DrawFn) -> Routine:
    steps = []
    for _ in range(draw(st.integers(1, 3))):
        parts = [
            f"exercise: {draw(st.sampled_from(['stretch', 'feet']))}",
            f"sets: {draw(st.integers(1, 3))}",
            f"get_ready: {draw(st.integers(0, 3))}",
            f"rest: {draw(st.integers(0, 5))}",
            f"switch: {draw(st.integers(0, 3))}",
        ]
        match draw(st.sampled_from(["timed", "paced", "held", "self-paced"])):
            case "timed":
                parts.append(f"time: {draw(st.integers(1, 20))}")
            case "paced":
                up, top = draw(st.integers(0, 2)), draw(st.integers(0, 1))
                down, bottom = draw(st.integers(1, 3)), draw(st.integers(0, 1))
                parts.append(f"reps: {draw(st.integers(1, 4))}")
                parts.append(f"tempo: {{up: {up}, top: {top}, down: {down}, bottom: {bottom}}}")
            case "held":
                parts.append(f"reps: {draw(st.integers(1, 4))}")
                parts.append(f"hold: {draw(st.integers(1, 4))}")
                parts.append(f"relax: {draw(st.integers(0, 2))}")
            case _:
                parts.append(f"reps: {draw(st.integers(1, 30))}")
        steps.append("  - {" + ", ".join(parts) + "}\n")
    return routine("".join(steps))


OPERATIONS = ["pause", "resume", "skip", "back", "done", "stop_continue", "stop_end", "end_early"]
operation = st.one_of(
    # A tick after the clock moved on: often a little, sometimes across phases.
    st.floats(0.0, 3.0, allow_nan=False),
    st.floats(0.0, 40.0, allow_nan=False),
    st.sampled_from([0.0, 0.5, 1.0, 2.0, 5.0]),
    # Operations are rarer than ticks, and those that end a session rarer still.
    st.sampled_from(["pause", "resume", "skip", "back", "done", "pause", "resume", "skip"]),
    st.sampled_from(OPERATIONS),
)


def check_invariants(s: Session) -> None:
    player = s.player
    assert isinstance(player.state, State)
    assert player.state is not State.IDLE
    for index, r in player.records.items():
        assert r.phase_index == index
        assert player.timeline[index].kind is PhaseKind.WORK
        dose = player.timeline[index].step.dose
        if dose.kind is DoseKind.TIMED:
            assert r.planned_seconds == dose.time
            assert 0.0 <= r.done_seconds <= r.planned_seconds
            assert r.done_reps is None and r.planned_reps is None
        else:
            assert r.planned_reps == dose.reps
            assert r.done_reps is not None
            assert 0 <= r.done_reps <= r.planned_reps
            if r.planned_seconds is not None:
                assert 0.0 <= r.done_seconds <= r.planned_seconds
            else:
                assert r.done_seconds >= 0.0
        if r.status is BlockStatus.COMPLETED:
            assert r.done_reps == r.planned_reps
            if r.planned_seconds is not None:
                assert r.done_seconds == r.planned_seconds
    ats = [e.at for e in s.log]
    assert ats == sorted(ats), "events are reported in the order they happened"
    assert all(at <= s.clock.now for at in ats)
    assert (player.state is State.DONE) == (player.session_status is not None)
    assert len(s.log.of(SessionFinished)) == (1 if player.state is State.DONE else 0)
    snap = player.snapshot()
    assert snap.state is player.state
    assert 0.0 <= snap.fraction <= 1.0
    assert 0.0 <= snap.session_fraction <= 1.0
    if player.state is not State.DONE:
        assert snap.phase is not None
        assert snap.session_elapsed + snap.session_remaining == pytest.approx(
            player.planned_seconds
        )
        if snap.remaining is not None:
            assert 0.0 < snap.remaining <= snap.phase.duration
        deadline = player.next_deadline()
        if player.state is State.PAUSED:
            assert deadline is None
        else:
            assert deadline is not None and s.clock.now < deadline <= s.clock.now + 1.0 + 1e-9


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_routines(), st.lists(operation, max_size=60))
def test_any_operations_keep_the_player_consistent(
    r: Routine, operations: list[float | str]
) -> None:
    s = play(r)
    check_invariants(s)
    for op in operations:
        if isinstance(op, float):
            s.clock.advance(op)
            s.player.tick()
        else:
            apply(s.player, op)
        check_invariants(s)
    if s.player.state is not State.DONE:
        s.player.end_early()
        assert s.player.session_status is SessionStatus.ENDED_EARLY
    # What the session reports is what the player holds.
    assert s.finished().records == tuple(s.player.records[i] for i in sorted(s.player.records))


# -- operations between ticks -------------------------------------------------------------
#
# The player says a driver may tick "as often or as rarely as it likes" and that
# every boundary passed is processed at its scheduled instant. A user's key press
# can land between a phase's scheduled end and the next tick (an event loop that
# stalled, a timer that fired late): the press must act on the phase the clock is
# in, and the block that already ended must stay completed. (These failed against
# 80b089e, where operations acted on the phase of the last tick.)

BLOCK_THEN_REST = routine("  - {exercise: feet, sets: 2, time: 90s, rest: 30}\n")  # 5-95, 95-125


@pytest.mark.parametrize("name", ["skip", "end_early", "stop_end", "stop_continue"])
def test_an_operation_just_after_a_missed_block_end_keeps_the_block_completed(name: str) -> None:
    s = play(BLOCK_THEN_REST)
    s.at(94.9)  # the last tick before the block's end at 95
    s.to(95.5)  # the next tick is late; the user presses a key first
    apply(s.player, name)
    r = s.player.records.get(1)
    assert r is not None, "the block that ended at 95 s was never recorded"
    assert (r.status, r.done_seconds) == (BlockStatus.COMPLETED, 90.0), (
        f"after {name} 0.5 s past its end, the 90 s block reads {r.status} {r.done_seconds} s"
    )


def test_pausing_just_after_a_missed_phase_end_pauses_in_the_phase_the_clock_is_in() -> None:
    s = play(BLOCK_THEN_REST)
    s.at(94.9)
    s.to(95.5)
    s.player.pause()
    snap = s.snap
    assert snap.phase is not None
    assert (snap.phase.kind, snap.elapsed, snap.remaining) == (PhaseKind.REST, 0.5, 29.5)


def test_a_suspend_noticed_after_a_block_end_still_ends_the_block_on_schedule() -> None:
    s = play(BLOCK_THEN_REST)
    s.at(94.9)
    s.clock.suspend(3600.0)  # the machine slept just as the block was ending
    s.at(95.3)
    assert s.player.state is State.PAUSED
    ended = s.log.of(BlockFinished)
    assert [e.at for e in ended] == [T0 + 95], "the block that ended at 95 s was not finished"
    assert ended[0].record.ended_wall == s.clock.wall_base + T0 + 95
    assert s.snap.phase is not None and s.snap.phase.kind is PhaseKind.REST


def test_back_just_after_a_missed_block_end_redoes_the_block_it_completed() -> None:
    s = play(BLOCK_THEN_REST)
    s.at(94.9)
    s.to(95.5)  # 0.5 s into the rest, by the clock
    s.player.back()
    assert record(s, 1).status is BlockStatus.COMPLETED
    assert (s.player.state, s.snap.phase_index, s.snap.elapsed) == (State.WORK, 1, 0.0)


def test_an_operation_after_the_sessions_missed_end_finds_it_finished() -> None:
    s = play(SHORT)
    s.at(82.9)
    s.to(83.5)
    s.player.skip()
    assert s.player.state is State.DONE
    finished = s.finished()
    assert (finished.status, finished.at) == (SessionStatus.COMPLETED, T0 + 83)
    assert finished.records[-1].status is BlockStatus.COMPLETED


def test_done_just_after_a_missed_get_ready_end_completes_the_self_paced_block() -> None:
    s = play(SELF_PACED)
    s.at(4.9)
    s.to(12.0)  # the self-paced block began at 5 s; no tick since
    s.player.done()
    r = record(s, 1)
    assert (r.status, r.done_seconds, r.done_reps) == (BlockStatus.COMPLETED, 7.0, 100)


def test_a_suspend_noticed_after_the_last_block_ended_just_finishes_the_session() -> None:
    s = play(SHORT)
    s.at(82.9)
    s.clock.suspend(3600.0)
    s.at(83.2)
    assert s.player.state is State.DONE
    assert s.log.of(Paused) == []
    assert s.finished().at == T0 + 83


def test_a_paused_block_keeps_its_real_start_time() -> None:
    s = play(BLOCK_THEN_REST)
    s.at(10.0)
    s.player.pause()
    s.at(40.0)
    s.player.resume()
    s.at(200.0)
    [finished] = s.log.of(BlockFinished)
    record = finished.record
    # Block from 5 s to 95 s of running time, with 30 s paused in between.
    assert record.started_wall == s.clock.wall_base + T0 + 5
    assert record.ended_wall == s.clock.wall_base + T0 + 125
    assert record.done_seconds == 90


# -- resuming a session the app did not finish -------------------------------------------


def test_a_resumed_session_starts_at_the_phase_given_with_the_saved_blocks_counted() -> None:
    first = play(MIXED)
    first.run(36)  # the left block of set 1 is done; the switch has begun
    [saved] = first.player.records.values()
    assert saved.phase_index == 1

    again = play(MIXED, start=False)
    again.player.start(at=saved.phase_index + 1, saved=[saved])
    assert again.phases() == [(2, "switch", 0.0)]
    assert again.snap.state is State.SWITCH
    again.player.end_early()
    finished = again.finished()
    assert [r.phase_index for r in finished.records] == [1]
    assert finished.records[0] == saved


def test_resuming_after_the_last_block_finishes_the_session_at_once() -> None:
    s = play(MIXED, start=False)
    s.player.start(at=len(s.player.timeline))
    assert s.finished().status is SessionStatus.COMPLETED
    assert s.snap.state is State.DONE
