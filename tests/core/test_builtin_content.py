"""The built-in exercises and routines say what the sources say."""

from __future__ import annotations

import pytest

from app.core.library import load_library
from app.core.routine import Category, DoseKind, Sides
from app.core.timeline import planned_seconds

LIBRARY = load_library()
EXERCISES = LIBRARY.exercises
ROUTINES = LIBRARY.routines

DOMAIN_EXERCISES = [
    "gastroc-stretch",
    "soleus-stretch",
    "ballerina-stretch",
    "foam-roll-calves",
    "golf-ball-arch-roll",
    "posterior-tibialis-eccentric",
    "short-foot",
    "eccentric-calf-raise",
    "calf-raise-100",
    "functional-posterior-tibialis",
    "single-leg-stand",
    "alternating-lunges",
    "toe-spreading",
]


@pytest.mark.parametrize("exercise_id", DOMAIN_EXERCISES)
def test_every_domain_exercise_is_fully_described(exercise_id: str) -> None:
    e = EXERCISES[exercise_id]
    assert e.name and e.summary
    assert len(e.how_to) >= 2 and e.cues and e.cautions


def test_source_details_are_kept() -> None:
    text = {
        k: " ".join((e.summary, *e.how_to, *e.cues, *e.cautions)).lower()
        for k, e in EXERCISES.items()
    }
    assert "slant board" in " ".join(EXERCISES["gastroc-stretch"].equipment)
    assert "slant board" in " ".join(EXERCISES["soleus-stretch"].equipment)
    assert "big toe" in text["eccentric-calf-raise"]
    assert "roll out" in text["eccentric-calf-raise"]
    for roll in ("foam-roll-calves", "golf-ball-arch-roll"):
        assert "good hurt" in text[roll]
        assert EXERCISES[roll].category is Category.RELEASE
    assert "curl" in text["short-foot"]


def test_calf_and_soleus_stretch_is_three_by_ninety_each_side_straight_then_bent() -> None:
    steps = ROUTINES["calf-soleus-stretch"].steps
    assert [s.exercise.id for s in steps] == ["gastroc-stretch", "soleus-stretch"]
    for s in steps:
        assert (s.sets, s.dose.kind, s.dose.time, s.sides) == (3, DoseKind.TIMED, 90, Sides.BOTH)


def test_eccentric_calf_raises_are_three_by_fifteen_one_up_three_down_each_side() -> None:
    [step] = [
        s
        for s in ROUTINES["eccentric-calf-raises"].steps
        if s.exercise.id == "eccentric-calf-raise"
    ]
    assert (step.sets, step.dose.reps, step.sides) == (3, 15, Sides.BOTH)
    assert (step.dose.tempo.up, step.dose.tempo.down) == (1, 3)


def test_inside_ankle_care_is_the_whole_toolbox_mobility_first() -> None:
    ids = [s.exercise.id for s in ROUTINES["inside-ankle-care"].steps]
    assert ids == [
        "gastroc-stretch",
        "soleus-stretch",
        "ballerina-stretch",
        "foam-roll-calves",
        "golf-ball-arch-roll",
        "posterior-tibialis-eccentric",
        "short-foot",
        "eccentric-calf-raise",
        "calf-raise-100",
        "functional-posterior-tibialis",
    ]
    [hundred] = [
        s for s in ROUTINES["inside-ankle-care"].steps if s.exercise.id == "calf-raise-100"
    ]
    assert hundred.dose.kind is DoseKind.SELF_PACED and hundred.dose.reps == 100


def test_barefoot_balance_has_its_three_exercises() -> None:
    ids = {s.exercise.id for s in ROUTINES["barefoot-balance"].steps}
    assert ids == {"single-leg-stand", "alternating-lunges", "toe-spreading"}


def test_daily_routine_is_about_ten_minutes() -> None:
    assert 9 * 60 <= planned_seconds(ROUTINES["daily-ten"]) <= 11 * 60


def test_short_foot_basics_is_held_short_foot() -> None:
    first = ROUTINES["short-foot-basics"].steps[0]
    assert first.exercise.id == "short-foot" and first.dose.kind is DoseKind.HELD


@pytest.mark.parametrize("routine_id", sorted(ROUTINES))
def test_every_routine_says_who_it_is_for(routine_id: str) -> None:
    assert len(ROUTINES[routine_id].description) > 80


@pytest.mark.parametrize("routine_id", sorted(ROUTINES))
def test_every_routine_has_its_cautions_apart_from_its_description(routine_id: str) -> None:
    # Shown before the session starts, never hidden: not buried in a tooltip.
    routine = ROUTINES[routine_id]
    assert routine.cautions
    for caution in routine.cautions:
        assert caution[:30] not in routine.description


def test_the_sources_cautions_are_kept() -> None:
    said = {k: " ".join(r.cautions).lower() for k, r in ROUTINES.items()}
    assert "ice, compress and elevate" in said["inside-ankle-care"]
    assert "physical therapist" in said["inside-ankle-care"]
    assert "poor circulation" in said["barefoot-balance"]
    assert "warm up first" in said["calf-soleus-stretch"]


def test_barefoot_transition_is_eight_weeks_one_new_thing_at_a_time() -> None:
    program = LIBRARY.programs["barefoot-transition"]
    assert program.builtin and len(program.description) > 80
    assert sum(stage.weeks for stage in program.stages) == 8
    first, second, last = program.stages
    assert first.routines == ("short-foot-basics",)
    assert set(second.routines) == {"calf-soleus-stretch", "barefoot-balance"}
    assert "eccentric-calf-raises" in last.routines
    for stage in program.stages:
        assert stage.name and stage.goal and stage.routines
        assert all(routine_id in ROUTINES for routine_id in stage.routines)

    def loaded(stage_routines: tuple[str, ...]) -> bool:
        exercises = {s.exercise.id for r in stage_routines for s in ROUTINES[r].steps}
        return bool(exercises & {"eccentric-calf-raise", "posterior-tibialis-eccentric"})

    # Range of motion and foot control first, eccentric strength only at the end.
    assert [loaded(stage.routines) for stage in program.stages] == [False, False, True]
