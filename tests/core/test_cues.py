"""The cue engine on a fake clock: what is sounded and said, and exactly when.

The player runs as the Qt timer would drive it: every tick lands on the
player's next deadline, and the engine sees each event, then a snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from app.core.cues import Cue, CueEngine, CueKind, CueOptions, Sound
from app.core.player import Player
from app.core.routine import Routine
from app.core.timeline import Phase, PhaseKind, build_timeline
from app.core.wording import spoken_next
from tests.core.fakes import FakeClock
from tests.core.test_player import MIXED, T0, routine


@dataclass
class Run:
    """A player and a cue engine wired together the way the UI wires them."""

    player: Player
    clock: FakeClock
    engine: CueEngine
    cues: list[tuple[float, Cue]] = field(default_factory=list)  # (clock time, cue)

    def _collect(self, cues: list[Cue]) -> None:
        self.cues += [(self.clock() - T0, c) for c in cues]

    def after(self) -> None:
        self._collect(self.engine.on_snapshot(self.player.snapshot(), self.clock()))

    def step(self) -> bool:
        """Tick at the next deadline; False once nothing is scheduled."""
        deadline = self.player.next_deadline()
        if deadline is None:
            return False
        self.clock.set(deadline)
        self.player.tick()
        self.after()
        return True

    def until(self, t: float) -> None:
        while (d := self.player.next_deadline()) is not None and d <= T0 + t + 1e-9:
            self.step()

    def rows(self, *kinds: CueKind) -> list[tuple[float, str, str, str]]:
        """(when played, kind, sound, words), relative to the session start."""
        return [
            (round(t, 6), c.kind.value, c.sound.value if c.sound else "", c.speech)
            for t, c in self.cues
            if not kinds or c.kind in kinds
        ]


def run(r: Routine, options: CueOptions | None = None) -> Run:
    clock = FakeClock(T0)
    player = Player(r, clock, clock.wall)
    engine = CueEngine(build_timeline(r), options)
    result = Run(player, clock, engine)
    player.subscribe(lambda e: result._collect(engine.on_event(e, clock())))
    player.start()
    result.after()
    return result


def test_every_cue_of_a_stretch_with_two_sides_and_two_sets_in_order() -> None:
    r = run(MIXED)
    r.until(165)
    assert r.rows() == [
        (0, "announce", "", "Stretch, left side, 30 seconds, 2 sets"),
        (2, "countdown", "tick", ""),
        (3, "countdown", "tick", ""),
        (4, "countdown", "tick", ""),
        (5, "go", "go", "Hold"),
        (20, "halfway", "halfway", "Halfway"),
        (25, "ten seconds", "", "10 seconds"),
        (32, "last seconds", "last3", ""),
        (33, "last seconds", "last3", ""),
        (34, "last seconds", "last3", ""),
        (35, "block end", "block-end", ""),
        (35, "announce", "", "Switch to the right side"),
        (37, "countdown", "tick", ""),
        (38, "countdown", "tick", ""),
        (39, "countdown", "tick", ""),
        (40, "go", "go", "Hold"),
        (55, "halfway", "halfway", "Halfway"),
        (60, "ten seconds", "", "10 seconds"),
        (67, "last seconds", "last3", ""),
        (68, "last seconds", "last3", ""),
        (69, "last seconds", "last3", ""),
        (70, "block end", "block-end", ""),
        (70, "announce", "", "Rest 30 seconds, next: set 2 of 2, left side"),
        (90, "ten seconds", "", "10 seconds"),
        (97, "countdown", "tick", ""),
        (98, "countdown", "tick", ""),
        (99, "countdown", "tick", ""),
        (100, "rest end", "rest-end", ""),
        (100, "go", "go", "Hold"),
        (115, "halfway", "halfway", "Halfway"),
        (120, "ten seconds", "", "10 seconds"),
        (127, "last seconds", "last3", ""),
        (128, "last seconds", "last3", ""),
        (129, "last seconds", "last3", ""),
        (130, "block end", "block-end", ""),
        (130, "announce", "", "Switch to the right side"),
        (132, "countdown", "tick", ""),
        (133, "countdown", "tick", ""),
        (134, "countdown", "tick", ""),
        (135, "go", "go", "Hold"),
        (150, "halfway", "halfway", "Halfway"),
        (155, "ten seconds", "", "10 seconds"),
        (162, "last seconds", "last3", ""),
        (163, "last seconds", "last3", ""),
        (164, "last seconds", "last3", ""),
        (165, "block end", "block-end", ""),
        (165, "announce", "", "Raise, left side, 5 reps, 1 second up, 3 seconds down, 2 sets"),
    ]


def test_paced_reps_say_the_rep_then_up_then_lower_two_three() -> None:
    r = run(MIXED)
    r.until(178)
    assert r.rows(CueKind.GO, CueKind.REP, CueKind.COUNT) == [
        (5, "go", "go", "Hold"),
        (40, "go", "go", "Hold"),
        (100, "go", "go", "Hold"),
        (135, "go", "go", "Hold"),
        (170, "go", "go", ""),  # the rep cue speaks at the same instant
        (170, "rep", "rep-up", "one, up"),
        (171, "rep", "rep-down", "lower"),
        (172, "count", "", "two"),
        (173, "count", "", "three"),
        (174, "rep", "rep-up", "two, up"),
        (175, "rep", "rep-down", "lower"),
        (176, "count", "", "two"),
        (177, "count", "", "three"),
        (178, "rep", "rep-up", "three, up"),
    ]


def test_held_reps_say_hold_count_the_seconds_and_relax() -> None:
    r = run(MIXED)
    r.until(264)
    held = [row for row in r.rows(CueKind.REP, CueKind.COUNT) if 245 <= row[0] < 264]
    assert held == [
        (245, "rep", "rep-hold", "one, hold"),
        (246, "count", "", "two"),
        (247, "count", "", "three"),
        (248, "count", "", "four"),
        (249, "count", "", "five"),
        (250, "rep", "rep-down", "relax"),
        (251, "count", "", "two"),
        (252, "rep", "rep-hold", "two, hold"),
        (253, "count", "", "two"),
        (254, "count", "", "three"),
        (255, "count", "", "four"),
        (256, "count", "", "five"),
        (257, "rep", "rep-down", "relax"),
        (258, "count", "", "two"),
        (259, "rep", "rep-hold", "three, hold"),
        (260, "count", "", "two"),
        (261, "count", "", "three"),
        (262, "count", "", "four"),
        (263, "count", "", "five"),
    ]


def test_self_paced_reps_and_the_end_of_the_session() -> None:
    r = run(MIXED)
    r.until(300)
    assert r.rows(CueKind.ANNOUNCE, CueKind.GO)[-2:] == [
        (264, "announce", "", "Both feet, 20 reps at your own pace"),
        (269, "go", "go", "20 reps at your pace"),
    ]
    r.clock.set(T0 + 400)
    r.player.done()
    assert r.rows()[-2:] == [
        (400, "block end", "block-end", ""),
        (400, "session done", "session-done", "Session complete"),
    ]


def test_the_dose_spoken_is_the_dose_the_timer_runs() -> None:
    """Change the routine's numbers: the words change with them, from the same data."""
    r = run(
        routine(
            "  - {exercise: stretch, sets: 3, time: 90s, sides: right}\n",
            "defaults: {get_ready: 10, rest: 45}\n",
        )
    )
    r.until(101)
    announce = r.rows(CueKind.ANNOUNCE)
    assert announce == [
        (0, "announce", "", "Stretch, right side, 90 seconds, 3 sets"),
        (100, "announce", "", "Rest 45 seconds, next: set 2 of 3, right side"),
    ]
    assert r.rows(CueKind.HALFWAY) == [(55, "halfway", "halfway", "Halfway")]


def test_a_rest_before_another_exercise_names_that_exercise() -> None:
    timeline = build_timeline(
        routine("  - {exercise: stretch, time: 30s, sides: left}\n  - {exercise: feet, reps: 5}\n")
    )
    work, next_work = timeline[1], timeline[3]
    rest = Phase(PhaseKind.REST, 0, work.step, 1, work.side, 30)
    assert spoken_next(rest, next_work) == "Rest 30 seconds, next: Both feet"
    assert spoken_next(rest, None) == "Rest 30 seconds"


def test_countdown_ticks_and_per_second_ticks_follow_the_options() -> None:
    quiet = run(MIXED, CueOptions(countdown_ticks=False, second_ticks=False))
    quiet.until(40)
    kinds = {row[1] for row in quiet.rows()}
    assert "countdown" not in kinds
    assert "last seconds" not in kinds
    assert "second" not in kinds

    metronome = run(MIXED, CueOptions(countdown_ticks=True, second_ticks=True))
    metronome.until(35)
    seconds = [row[0] for row in metronome.rows(CueKind.SECOND)]
    # Every whole second of the 30 s hold, except where another sound already plays.
    assert seconds == [t for t in range(6, 35) if t not in (20, 32, 33, 34)]


def test_a_pause_stops_the_marks_and_resuming_shifts_them_with_the_phase() -> None:
    r = run(MIXED)
    r.until(10)
    r.clock.set(T0 + 10.5)
    r.player.pause()
    r.after()
    r.clock.set(T0 + 70.5)  # a minute paused
    r.after()
    r.player.resume()
    r.after()
    r.until(100)
    rows = [row for row in r.rows() if 10 <= row[0] <= 96]
    assert rows[:4] == [
        (10.5, "paused", "", "Paused"),
        (70.5, "resumed", "", "Go on"),
        (80, "halfway", "halfway", "Halfway"),  # 15 s of work in, a minute later
        (85, "ten seconds", "", "10 seconds"),
    ]


def test_a_stalled_tick_drops_beats_it_is_too_late_for_but_keeps_announcements() -> None:
    r = run(MIXED)
    r.until(31)
    r.clock.set(T0 + 36.0)  # stalled across 32, 33, 34 and the switch at 35
    r.player.tick()
    r.after()
    late = [row for row in r.rows() if row[0] == 36.0]
    assert late == [
        (36.0, "block end", "block-end", ""),
        (36.0, "announce", "", "Switch to the right side"),
    ]


@pytest.mark.parametrize("late", [0.0, 0.049, 0.3])
def test_each_rep_cue_carries_its_scheduled_instant_however_late_the_tick(late: float) -> None:
    r = run(MIXED)
    r.until(170.9)
    r.clock.set(T0 + 171 + late)
    r.player.tick()
    [(played, cue)] = [(t, c) for t, c in r.cues if c.kind is CueKind.REP and t >= 171]
    assert cue.at == pytest.approx(T0 + 171)
    assert played == pytest.approx(171 + late)
    assert cue.sound is Sound.REP_DOWN
