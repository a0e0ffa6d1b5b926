"""What the coach's tests share: exercises and routines, doses, and logged sessions.

Days are numbers: day 1 is 1 May 2024.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from app.core.doses import CoachDose, step_keys
from app.core.past import Mornings, PastSession, StepRecord
from app.core.ramp import Decision
from app.core.routine import (
    Category,
    Dose,
    DoseKind,
    Exercise,
    Routine,
    Sides,
    Tempo,
)
from app.core.routine import Step as RoutineStep


def day(n: int) -> date:
    return date(2024, 5, 1) + timedelta(days=n - 1)


def exercise(exercise_id: str, name: str, sided: bool = True) -> Exercise:
    return Exercise(exercise_id, name, Category.STRENGTH, sided, "summary", ("one", "two"))


SOLEUS = exercise("soleus-stretch", "Soleus stretch")
GASTROC = exercise("gastroc-stretch", "Gastroc stretch")
SHORT_FOOT = exercise("short-foot", "Short foot")
RAISE = exercise("eccentric-calf-raise", "Eccentric calf raise")
HUNDRED = exercise("calf-raise-100", "Calf raise 100s", sided=False)

TIMED = Dose(DoseKind.TIMED, time=60)
HELD = Dose(DoseKind.HELD, reps=10, hold=5, relax=3)
PACED = Dose(DoseKind.PACED, reps=15, tempo=Tempo(up=1, down=3))
SELF_PACED = Dose(DoseKind.SELF_PACED, reps=100)

# One timed step: 3 × 60 s each side, 6 work blocks a session.
STRETCH = Routine("stretch", "Stretch", (RoutineStep(SOLEUS, TIMED, sets=3, sides=Sides.BOTH),))
# Two steps, for one change at a time.
TWO = Routine(
    "two",
    "Two",
    (
        RoutineStep(GASTROC, TIMED, sets=3, sides=Sides.BOTH),
        RoutineStep(SHORT_FOOT, HELD, sets=2, sides=Sides.BOTH),
    ),
)
RAISES = Routine("raises", "Raises", (RoutineStep(RAISE, PACED, sets=3, sides=Sides.BOTH),))
HUNDREDS = Routine("hundreds", "Hundreds", (RoutineStep(HUNDRED, SELF_PACED),))
# Another routine with the same soleus stretch, 1 × 60 s each side.
OTHER = Routine("other", "Other", (RoutineStep(SOLEUS, TIMED, sets=1, sides=Sides.BOTH),))


def secs(sets: int, seconds: int) -> CoachDose:
    return CoachDose(sets, time=seconds)


def reps(sets: int, count: int) -> CoachDose:
    return CoachDose(sets, reps=count)


S60, S65, S70, S55 = secs(3, 60), secs(3, 65), secs(3, 70), secs(3, 55)


def session(
    n: int,
    pain: int | None = 0,
    morning: int | None = None,
    *,
    routine: Routine = STRETCH,
    doses: dict[int, CoachDose] | None = None,
    skipped: tuple[int, ...] = (),
    stopped: tuple[int, ...] = (),
    missing: tuple[int, ...] = (),
    own: dict[str, int] | None = None,
) -> PastSession:
    """A session on day ``n``: every step at its dose, every block done unless told.

    ``own`` holds the pain the user gave single exercises (exercise id -> 0-10).
    """
    records = []
    keys = step_keys(routine)
    for index, step in enumerate(routine.steps):
        if index in missing:
            continue
        level = (doses or {}).get(index, CoachDose.of(step))
        planned = level.total * len(step.block_sides)
        short = index in skipped or index in stopped  # one block not done
        records.append(
            StepRecord(
                step_index=index,
                exercise_id=step.exercise.id,
                dose=level,
                planned=planned,
                done=planned - level.amount if short else planned,
                completed=not short,
                stopped_for_pain=index in stopped,
                occurrence=keys[index][1],
            )
        )
    return PastSession(day(n), routine.id, tuple(records), pain, morning, dict(own or {}))


def at(level: CoachDose, step: int = 0) -> dict[int, CoachDose]:
    return {step: level}


REST_TAIL = (
    "rest, ice, compress and elevate the sore foot, come back at {back}, and see a physical"
    " therapist if the pain persists for about two weeks."
)


@dataclass(frozen=True)
class Scenario:
    name: str
    sessions: list[PastSession]
    today: int
    decision: Decision
    proposed: CoachDose
    reason: str
    routine: Routine = STRETCH
    in_force: dict[int, CoachDose] = field(default_factory=dict)
    step: int = 0  # the step whose suggestion is checked
    mornings: Mornings | None = None


# The routine TWO after its file changed: the gastroc step deleted, so short foot moved
# from step 1 to step 0; and with its steps swapped.
SHORT_FOOT_ONLY = Routine("two", "Two", (TWO.steps[1],))
SWAPPED = Routine("two", "Two", (TWO.steps[1], TWO.steps[0]))
# One exercise in two steps: 3 × 60 s of soleus each side, short foot, then 30 s more.
TWICE = Routine(
    "twice",
    "Twice",
    (
        RoutineStep(SOLEUS, TIMED, sets=3, sides=Sides.BOTH),
        RoutineStep(SHORT_FOOT, HELD, sets=2, sides=Sides.BOTH),
        RoutineStep(SOLEUS, Dose(DoseKind.TIMED, time=30)),
    ),
)


def days(first: int, last: int, pain: int | None = 0, **kwargs: object) -> list[PastSession]:
    """A session on every day from ``first`` to ``last``."""
    return [session(n, pain, **kwargs) for n in range(first, last + 1)]  # type: ignore[arg-type]


def sore_foot(n: int, pain: int = 8, session_pain: int = 1) -> PastSession:
    """A session of TWO where the user rated short foot on its own."""
    return session(n, session_pain, routine=TWO, own={"short-foot": pain})


PERSISTS = (
    "pain above 5 has lasted {days} days, since 1 May (about two weeks or more): see a"
    " physical therapist now"
)
