"""The coach's dose: one increment up or down, and the routine the player plays."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.core.doses import CoachDose, apply_doses, lower_dose, raise_dose
from app.core.ramp import suggest
from app.core.routine import Dose, DoseKind, Routine, Sides, Tempo
from app.core.routine import Step as RoutineStep
from tests.core.coach_helpers import (
    HELD,
    HUNDRED,
    PACED,
    RAISE,
    S65,
    SELF_PACED,
    SHORT_FOOT,
    SOLEUS,
    STRETCH,
    TIMED,
    day,
    reps,
    secs,
    session,
)


@pytest.mark.parametrize(
    ("level", "kind", "up", "down"),
    [
        (secs(3, 60), DoseKind.TIMED, secs(3, 65), secs(3, 55)),
        (secs(1, 30), DoseKind.TIMED, secs(1, 35), secs(1, 25)),
        (secs(1, 99), DoseKind.TIMED, secs(1, 104), secs(1, 94)),
        (secs(1, 100), DoseKind.TIMED, secs(1, 110), secs(1, 90)),
        (secs(2, 118), DoseKind.TIMED, secs(2, 120), secs(2, 108)),
        (secs(1, 120), DoseKind.TIMED, secs(2, 60), secs(1, 110)),
        (secs(4, 120), DoseKind.TIMED, secs(5, 95), secs(4, 110)),
        (secs(5, 120), DoseKind.TIMED, None, secs(5, 110)),
        (secs(2, 10), DoseKind.TIMED, secs(2, 15), secs(1, 10)),
        (secs(1, 10), DoseKind.TIMED, secs(1, 15), None),
        (secs(1, 5), DoseKind.TIMED, secs(1, 10), None),  # below the floor: never lower
        (reps(3, 15), DoseKind.PACED, reps(3, 16), reps(3, 14)),
        (reps(2, 20), DoseKind.HELD, reps(3, 13), reps(2, 18)),
        (reps(1, 1), DoseKind.HELD, reps(1, 2), None),
        (reps(2, 1), DoseKind.HELD, reps(2, 2), reps(1, 1)),
        (reps(1, 100), DoseKind.SELF_PACED, reps(2, 50), reps(1, 90)),
        (reps(1, 60), DoseKind.SELF_PACED, reps(1, 66), reps(1, 54)),
    ],
)
def test_one_increment_up_and_down(
    level: CoachDose, kind: DoseKind, up: CoachDose | None, down: CoachDose | None
) -> None:
    assert raise_dose(level, kind) == up
    assert lower_dose(level) == down


def test_a_coach_dose_is_time_or_reps_and_at_least_one_set() -> None:
    for bad in ({"sets": 0, "time": 60}, {"sets": 1}, {"sets": 1, "time": 5, "reps": 5}):
        with pytest.raises(ValueError):
            CoachDose(**bad)


# -- apply_doses -------------------------------------------------------------------

FOUR = Routine(
    "four",
    "Four kinds",
    (
        RoutineStep(SOLEUS, TIMED, sets=3, sides=Sides.BOTH, rest=20, note="Heel down."),
        RoutineStep(RAISE, PACED, sets=3, sides=Sides.BOTH),
        RoutineStep(SHORT_FOOT, HELD, sets=2),
        RoutineStep(HUNDRED, SELF_PACED),
    ),
    description="All four kinds of dose.",
)


def test_apply_doses_changes_time_reps_and_sets_only() -> None:
    played = apply_doses(FOUR, {0: secs(4, 75), 1: reps(3, 17), 2: reps(3, 12), 3: reps(2, 50)})
    timed, paced, held, self_paced = played.steps
    assert timed == replace(FOUR.steps[0], sets=4, dose=replace(TIMED, time=75))
    assert (timed.rest, timed.note, timed.sides) == (20, "Heel down.", Sides.BOTH)
    assert paced.dose == Dose(DoseKind.PACED, reps=17, tempo=Tempo(up=1, down=3))
    assert held.sets == 3 and held.dose == Dose(DoseKind.HELD, reps=12, hold=5, relax=3)
    assert (self_paced.sets, self_paced.dose.reps) == (2, 50)
    assert (played.id, played.name, played.description) == (FOUR.id, FOUR.name, FOUR.description)


def test_apply_doses_keeps_steps_without_a_dose_and_the_origin() -> None:
    routine = replace(FOUR, builtin=True)
    played = apply_doses(routine, {1: reps(3, 16)})
    assert played.steps[0] is routine.steps[0] and played.steps[2:] == routine.steps[2:]
    assert played.builtin and played.steps[1].dose.reps == 16
    assert apply_doses(routine, {}) == routine


def test_apply_doses_of_the_written_dose_is_the_same_routine() -> None:
    written = {i: CoachDose.of(step) for i, step in enumerate(FOUR.steps)}
    assert apply_doses(FOUR, written) == FOUR


def test_apply_doses_refuses_a_dose_that_does_not_fit() -> None:
    with pytest.raises(ValueError, match="timed step"):
        apply_doses(FOUR, {0: reps(3, 10)})
    with pytest.raises(ValueError, match="reps step"):
        apply_doses(FOUR, {2: secs(1, 30)})
    with pytest.raises(ValueError, match="no step 4"):
        apply_doses(FOUR, {4: secs(1, 30)})


def test_apply_doses_plays_what_suggest_proposes() -> None:
    history = [session(1), session(3)]
    [up] = suggest(STRETCH, {}, history, day(4))
    played = apply_doses(STRETCH, {up.step_index: up.proposed})
    assert CoachDose.of(played.steps[0]) == S65
