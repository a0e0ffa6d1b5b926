"""Timelines and planned lengths, computed by hand for every dose form."""

from __future__ import annotations

from app.core.loader import load_routine
from app.core.routine import Category, DoseKind, Exercise, Routine, Side
from app.core.timeline import PhaseKind, build_timeline, planned_seconds

LIB = {
    e.id: e
    for e in (
        Exercise("stretch", "Stretch", Category.STRETCH, True, "s", ("a",)),
        Exercise("raise", "Raise", Category.STRENGTH, True, "s", ("a",)),
        Exercise("both-feet", "Both feet", Category.STRENGTH, False, "s", ("a",)),
    )
}


def routine(steps: str, defaults: str = "") -> Routine:
    text = f"format: 1\nkind: routine\nid: r\nname: R\n{defaults}steps:\n{steps}"
    return load_routine(text.encode(), "r.yaml", LIB)


def shape(r: Routine) -> list[tuple[str, int, str, int]]:
    return [(p.kind.value, p.set_number, p.side.value, p.duration) for p in build_timeline(r)]


def test_timed_both_sides_with_builtin_defaults() -> None:
    r = routine("  - {exercise: stretch, sets: 2, time: 90s}\n")
    # get ready 5, L 90, switch 5, R 90, rest 30, L 90, switch 5, R 90
    assert shape(r) == [
        ("get ready", 1, "left", 5),
        ("work", 1, "left", 90),
        ("switch", 1, "right", 5),
        ("work", 1, "right", 90),
        ("rest", 1, "right", 30),
        ("work", 2, "left", 90),
        ("switch", 2, "right", 5),
        ("work", 2, "right", 90),
    ]
    assert planned_seconds(r) == 5 + 2 * (2 * 90 + 5) + 30 == 405


def test_the_format_pages_worked_example() -> None:
    r = routine(
        "  - {exercise: stretch, sets: 3, time: 90s, sides: both}\n",
        "defaults: {get_ready: 5s, rest: 30s, switch: 5s}\n",
    )
    assert planned_seconds(r) == 620


def test_paced_reps_one_side() -> None:
    r = routine(
        "  - {exercise: raise, sets: 3, reps: 15, tempo: {up: 1s, down: 3s}, sides: left}\n"
    )
    step = r.steps[0]
    assert step.dose.kind is DoseKind.PACED
    assert step.dose.work_seconds == 15 * 4
    # get ready 5 + 3 blocks of 60 + 2 rests of 30
    assert planned_seconds(r) == 5 + 3 * 60 + 2 * 30 == 245
    assert {p.side for p in build_timeline(r) if p.kind is PhaseKind.WORK} == {Side.LEFT}


def test_all_four_tempo_phases_count() -> None:
    r = routine("  - {exercise: both-feet, reps: 10, tempo: {up: 1, top: 2, down: 3, bottom: 1}}\n")
    assert planned_seconds(r) == 5 + 10 * 7


def test_held_reps_do_not_relax_after_the_last_rep() -> None:
    r = routine("  - {exercise: both-feet, sets: 2, reps: 10, hold: 5s, relax: 3s}\n")
    assert r.steps[0].dose.work_seconds == 10 * 5 + 9 * 3 == 77
    assert planned_seconds(r) == 5 + 2 * 77 + 30 == 189


def test_held_reps_without_relax() -> None:
    r = routine("  - {exercise: both-feet, reps: 4, hold: 10s}\n")
    assert planned_seconds(r) == 5 + 40


def test_self_paced_counts_zero_and_is_open_ended() -> None:
    r = routine("  - {exercise: both-feet, reps: 100}\n")
    phases = build_timeline(r)
    assert [p.kind for p in phases] == [PhaseKind.GET_READY, PhaseKind.WORK]
    assert phases[1].open_ended and phases[1].duration == 0
    assert planned_seconds(r) == 5


def test_zero_get_ready_rest_and_switch_are_left_out() -> None:
    r = routine(
        "  - {exercise: stretch, sets: 2, time: 30s}\n",
        "defaults: {get_ready: 0, rest: 0, switch: 0}\n",
    )
    assert [p.kind.value for p in build_timeline(r)] == ["work"] * 4
    assert planned_seconds(r) == 120


def test_step_values_override_defaults_and_defaults_override_builtins() -> None:
    r = routine(
        "  - {exercise: stretch, sets: 2, time: 1:00, rest: 45s}\n"
        "  - {exercise: both-feet, time: 2m, get_ready: 1m}\n",
        "defaults: {get_ready: 10s, switch: 0:15}\n",
    )
    # step 1: 10 + 2 * (60 + 15 + 60) + 45 = 325; step 2: 60 + 120 = 180
    assert planned_seconds(r) == 325 + 180


def test_sided_exercise_defaults_to_both_and_unsided_to_none() -> None:
    r = routine("  - {exercise: stretch, time: 10s}\n  - {exercise: both-feet, time: 10s}\n")
    assert [s.sides.value for s in r.steps] == ["both", "none"]


def test_mixed_routine_adds_up() -> None:
    r = routine(
        "  - {exercise: stretch, sets: 3, time: 90s}\n"
        "  - {exercise: raise, sets: 3, reps: 15, tempo: {up: 1s, down: 3s}}\n"
        "  - {exercise: both-feet, sets: 2, reps: 10, hold: 5s, relax: 3s}\n"
        "  - {exercise: both-feet, reps: 100}\n"
    )
    # 620 + (5 + 3*(2*60+5) + 60 = 440) + 189 + 5
    assert planned_seconds(r) == 620 + 440 + 189 + 5 == 1254
    work = [p for p in build_timeline(r) if p.kind is PhaseKind.WORK]
    assert len(work) == 6 + 6 + 2 + 1
