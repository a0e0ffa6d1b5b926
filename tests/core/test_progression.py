"""The progression coach: a table of logged histories, and what it says about each.

Every scenario asserts the decision, the proposed dose and the reason sentence
word for word, so a sentence can never drift from the numbers behind it.
Days are numbers: day 1 is 1 May 2024.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import pytest

from app.core.progression import (
    Decision,
    DoseLevel,
    Mornings,
    PastSession,
    ProgramState,
    StageMove,
    StepRecord,
    Suggestion,
    apply_doses,
    baseline,
    stage_status,
    step_down,
    step_keys,
    step_up,
    suggest,
)
from app.core.routine import (
    Category,
    Dose,
    DoseKind,
    Exercise,
    Program,
    Routine,
    Sides,
    Stage,
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


def secs(sets: int, seconds: int) -> DoseLevel:
    return DoseLevel(sets, time=seconds)


def reps(sets: int, count: int) -> DoseLevel:
    return DoseLevel(sets, reps=count)


S60, S65, S70, S55 = secs(3, 60), secs(3, 65), secs(3, 70), secs(3, 55)


def session(
    n: int,
    pain: int | None = 0,
    morning: int | None = None,
    *,
    routine: Routine = STRETCH,
    doses: dict[int, DoseLevel] | None = None,
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
        level = (doses or {}).get(index, DoseLevel.of(step))
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


def at(level: DoseLevel, step: int = 0) -> dict[int, DoseLevel]:
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
    proposed: DoseLevel
    reason: str
    routine: Routine = STRETCH
    in_force: dict[int, DoseLevel] = field(default_factory=dict)
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

# The edge cases of the rules, each first seen with the real player and a real log.
EDGE_CASES = [
    # -- per-exercise pain counts for that exercise ----------------------------------
    Scenario(
        "an exercise rated 8 twice with the session at 1: it rests",
        [sore_foot(1), sore_foot(3)],
        4,
        Decision.REST,
        reps(2, 9),
        "Rest: pain during Short foot in your last session, on 3 May, was 8 of 10; "
        + REST_TAIL.format(back="2 × 9 reps"),
        routine=TWO,
        step=1,
    ),
    Scenario(
        "an exercise rated 8: the other exercise does not go up beside it",
        [sore_foot(1), sore_foot(3)],
        4,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: one change at a time, and Short foot rests for pain this session.",
        routine=TWO,
    ),
    Scenario(
        "an exercise rated 6 with the session at 1: it steps down",
        [session(1, routine=TWO), sore_foot(3, pain=6)],
        4,
        Decision.BACK_OFF,
        reps(2, 9),
        "Down to 2 × 9 reps: pain during Short foot in your last session, on 3 May, was 6,"
        " above 5.",
        routine=TWO,
        step=1,
    ),
    Scenario(
        "an exercise rated 6 in two sessions in a row: it rests",
        [sore_foot(1, pain=6), sore_foot(3, pain=6)],
        4,
        Decision.REST,
        reps(2, 9),
        "Rest: pain 6 during Short foot on 1 May and pain 6 during Short foot on 3 May, two"
        " sessions in a row; " + REST_TAIL.format(back="2 × 9 reps"),
        routine=TWO,
        step=1,
    ),
    Scenario(
        "an exercise rated 4 with the session at 0: it holds",
        [session(1, routine=TWO), sore_foot(3, pain=4, session_pain=0)],
        4,
        Decision.HOLD,
        reps(2, 10),
        "Holding at 2 × 10 reps: pain during Short foot in your last session was 4, acceptable"
        " (up to 5) but above the 0-2 a step up needs.",
        routine=TWO,
        step=1,
    ),
    Scenario(
        "the session's pain counts when it is the higher one",
        [session(1, routine=TWO), sore_foot(3, pain=2, session_pain=6)],
        4,
        Decision.BACK_OFF,
        reps(2, 9),
        "Down to 2 × 9 reps: pain during your last session, on 3 May, was 6, above 5.",
        routine=TWO,
        step=1,
    ),
    Scenario(
        "an exercise rated 2 keeps it good: two sessions go up",
        [sore_foot(1, pain=2, session_pain=0), sore_foot(3, pain=2, session_pain=0)],
        4,
        Decision.PROGRESS,
        S65,
        "Up to 3 × 65 s: 2 sessions done at 3 × 60 s with pain 0-2 and no morning flare.",
        routine=TWO,
    ),
    Scenario(
        "an exercise rated without a session rating still counts",
        [session(1, routine=TWO), session(3, None, routine=TWO, own={"short-foot": 3})],
        4,
        Decision.HOLD,
        reps(2, 10),
        "Holding at 2 × 10 reps: pain during Short foot in your last session was 3, acceptable"
        " (up to 5) but above the 0-2 a step up needs.",
        routine=TWO,
        step=1,
    ),
    # -- the baseline does not drift up ------------------------------------------------
    Scenario(
        "mornings 0, 0, 0, then 4 every morning: still a flare after eleven days",
        days(1, 3, morning=0) + days(4, 14, morning=4),
        15,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: pain the morning after your session on 14 May was 4, up from"
        " your usual 0.",
    ),
    Scenario(
        "the baseline falls on its own when mornings settle lower",
        # The medians of the 14 days up to each morning: 2, 2, 2, 2, 2, 1.5, then 1.
        days(1, 3, morning=2) + days(4, 7, morning=1) + [session(8, 0, 2)],
        9,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: pain the morning after your session on 8 May was 2, up from"
        " your usual 1.",
    ),
    Scenario(
        "one low morning among several does not lower the baseline",
        # Mornings 2, 2, 2, 0, 2, 2: the 0 leaves the median of its 14 days at 2. (Day 1's
        # morning was a flare against nothing rated yet, so the run is 5.)
        [*days(1, 3, morning=2), session(4, 0, 0), session(5, 0, 2), session(6, 0, 2)],
        8,
        Decision.PROGRESS,
        S65,
        "Up to 3 × 65 s: 5 sessions done at 3 × 60 s with pain 0-2 and no morning flare.",
    ),
    Scenario(
        "the user set 4 as their usual: 4 is no flare from that day on",
        days(1, 3, morning=0) + days(4, 14, morning=4),
        15,
        Decision.PROGRESS,
        S65,
        # Set on the morning of day 10, which follows day 9's session.
        "Up to 3 × 65 s: 6 sessions done at 3 × 60 s with pain 0-2 and no morning flare.",
        mornings=Mornings(baselines={day(10): 4}),
    ),
    Scenario(
        "a flare above the baseline the user set names it",
        days(1, 3, morning=0) + days(4, 6, morning=2) + [session(7, 0, 3)],
        8,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: pain the morning after your session on 7 May was 3, up from"
        " the usual 2 you set on 5 May.",
        mornings=Mornings(baselines={day(5): 2}),
    ),
    Scenario(
        "mornings the sessions read no longer reach are still the baseline",
        [session(60, 0, 2), session(62, 0, 2), session(64, 0, 2)],
        65,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: pain the morning after your session on 3 July was 2, up from"
        " your usual 0.",
        mornings=Mornings(ratings={day(n): 0 for n in range(2, 12)}),
    ),
    # -- frequency counts as load ------------------------------------------------------
    Scenario(
        "one session in the week before, four this week: nothing goes up",
        [session(1), *days(8, 11)],
        12,
        Decision.HOLD,
        S60,
        # 4 × 360 s against 360 s; the most is 396 s and one 5 s step on 4 × 6 blocks.
        "Holding at 3 × 60 s: this exercise's last 7 days came to 24 min, 300 % more than the"
        " 6 min of the 7 days before; the guide is about 10 % a week plus one step (at most"
        " 8 min 36 s).",
    ),
    Scenario(
        "a steady week after a steady week: the step up goes ahead",
        [session(n) for n in (1, 3, 5, 8, 10, 12)],
        15,
        Decision.PROGRESS,
        S65,
        "Up to 3 × 65 s: 6 sessions done at 3 × 60 s with pain 0-2 and no morning flare.",
    ),
    Scenario(
        "the step would take the week too far above the week before",
        [*(session(n) for n in (1, 3, 5, 8, 10, 12)), session(9, routine=OTHER)],
        15,
        Decision.HOLD,
        S60,
        # 1080 s + 120 s of the other routine; at 65 s, 1170 + 120 s; the most is 1188 + 90 s.
        "Holding at 3 × 60 s: at 3 × 65 s this exercise's last 7 days would come to"
        " 21 min 30 s, 19 % more than the 18 min of the 7 days before; the guide is about"
        " 10 % a week plus one step (at most 21 min 18 s).",
    ),
    Scenario(
        "a first week has nothing to compare with: four sessions go up",
        days(1, 4),
        5,
        Decision.PROGRESS,
        S65,
        "Up to 3 × 65 s: 4 sessions done at 3 × 60 s with pain 0-2 and no morning flare.",
    ),
    Scenario(
        "every other day is a steady week, not a rise",
        [session(n) for n in range(1, 17, 2)],
        17,
        Decision.PROGRESS,
        S65,
        "Up to 3 × 65 s: 8 sessions done at 3 × 60 s with pain 0-2 and no morning flare.",
    ),
    # -- sessions on one day count once -------------------------------------------------
    Scenario(
        "two sessions on one day and a morning check-in: no step up the next day",
        [session(3), session(3, 0, 0)],
        4,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: 2 good sessions at 3 × 60 s so far, both on 3 May (every block"
        " done, pain 0-2, no morning flare); sessions on one day count once, and a step up"
        " needs good sessions on 2 days, with a night between.",
    ),
    Scenario(
        "three sessions on one day: still one day",
        [session(3), session(3), session(3)],
        4,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: 3 good sessions at 3 × 60 s so far, all on 3 May (every block"
        " done, pain 0-2, no morning flare); sessions on one day count once, and a step up"
        " needs good sessions on 2 days, with a night between.",
    ),
    Scenario(
        "three sessions on two days: a step up, naming both counts",
        [session(2), session(3), session(3)],
        4,
        Decision.PROGRESS,
        S65,
        "Up to 3 × 65 s: 3 sessions on 2 days done at 3 × 60 s with pain 0-2 and no morning flare.",
    ),
    # -- a session's pain is never ignored ----------------------------------------------
    Scenario(
        "a session logged a week ahead with pain 8: rest",
        [session(1), session(3), session(11, 8)],
        4,
        Decision.REST,
        S55,
        "Rest: pain during your last session, dated 11 May (after today), was 8 of 10; "
        + REST_TAIL.format(back="3 × 55 s"),
    ),
    Scenario(
        "a session logged a week ahead with a block stopped for pain: down",
        [session(1), session(3), session(11, 2, stopped=(0,))],
        4,
        Decision.BACK_OFF,
        S55,
        "Down to 3 × 55 s: you stopped a block for pain in your last session, dated 11 May"
        " (after today).",
    ),
    # -- a dose follows its exercise ------------------------------------------------------
    Scenario(
        "a step down for pain survives deleting the step before it",
        [session(1, routine=TWO), session(3, 2, routine=TWO, stopped=(1,))],
        4,
        Decision.HOLD,
        reps(2, 9),
        "Holding at 2 × 9 reps: you stopped a block for pain in your last session, on 3 May,"
        " and 2 × 9 reps is already below the 2 × 10 reps you did then.",
        routine=SHORT_FOOT_ONLY,
        in_force=at(reps(2, 9)),
    ),
    Scenario(
        "a reordered routine keeps each step's history: short foot, now first, goes up",
        [session(1, routine=TWO), session(3, routine=TWO)],
        4,
        Decision.PROGRESS,
        reps(2, 11),
        "Up to 2 × 11 reps: 2 sessions done at 2 × 10 reps with pain 0-2 and no morning flare.",
        routine=SWAPPED,
    ),
    Scenario(
        "one exercise in two steps: the second steps down on its own",
        [session(1, routine=TWICE), session(3, 1, routine=TWICE, stopped=(2,))],
        4,
        Decision.BACK_OFF,
        secs(1, 25),
        "Down to 25 s: you stopped a block for pain in your last session, on 3 May.",
        routine=TWICE,
        step=2,
    ),
    Scenario(
        "one exercise in two steps: the first holds beside the second's step down",
        [session(1, routine=TWICE), session(3, 1, routine=TWICE, stopped=(2,))],
        4,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: one change at a time, and Soleus stretch comes down for pain this"
        " session.",
        routine=TWICE,
    ),
    # -- nothing steps up beside a step down for pain ---------------------------------
    Scenario(
        "a block stopped for pain on one exercise: the other does not go up",
        [session(1, routine=TWO), session(3, 2, routine=TWO, stopped=(1,))],
        4,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: one change at a time, and Short foot comes down for pain this"
        " session.",
        routine=TWO,
    ),
    Scenario(
        "asked again after the step down was accepted: still nothing goes up",
        [session(1, routine=TWO), session(3, 2, routine=TWO, stopped=(1,))],
        4,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: one change at a time, and Short foot stays down for pain this"
        " session.",
        routine=TWO,
        in_force={1: reps(2, 9)},
    ),
    # -- persistent pain escalates -------------------------------------------------------
    Scenario(
        "sixteen days of pain 6, every suggestion declined: see a physical therapist now",
        days(1, 16, 6),
        17,
        Decision.REST,
        S55,
        "Rest: pain 6 on 15 May and pain 6 on 16 May, two sessions in a row; "
        + PERSISTS.format(days=16)
        + ", and rest, ice, compress and elevate the sore foot, then come back at 3 × 55 s.",
    ),
    Scenario(
        "thirteen days of pain 6: not yet two weeks",
        days(1, 13, 6),
        14,
        Decision.REST,
        S55,
        "Rest: pain 6 on 12 May and pain 6 on 13 May, two sessions in a row; "
        + REST_TAIL.format(back="3 × 55 s"),
    ),
    Scenario(
        "a session with pain 3 between breaks the run",
        [*days(1, 7, 6), session(8, 3), *days(9, 16, 6)],
        17,
        Decision.REST,
        S55,
        "Rest: pain 6 on 15 May and pain 6 on 16 May, two sessions in a row; "
        + REST_TAIL.format(back="3 × 55 s"),
    ),
    Scenario(
        "two weeks of pain in other routines, then this one hurts: down, and now",
        [*days(1, 13, 6, routine=OTHER), session(14, 6)],
        15,
        Decision.BACK_OFF,
        S55,
        "Down to 3 × 55 s: pain during your last session, on 14 May, was 6, above 5; "
        + PERSISTS.format(days=14)
        + ".",
    ),
]


SCENARIOS = [
    # -- nothing to go on, and too little --------------------------------------------
    Scenario(
        "no history",
        [],
        1,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: no session of this routine is logged yet.",
    ),
    Scenario(
        "only one completed session at the dose",
        [session(1, 1)],
        2,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: 1 good session at 3 × 60 s so far (every block done, pain 0-2,"
        " no morning flare); a step up needs 2 in a row.",
    ),
    Scenario(
        "a step up was just accepted: no session at the new dose yet",
        [session(1), session(3)],
        4,
        Decision.HOLD,
        S65,
        "Holding at 3 × 65 s: no good session at 3 × 65 s yet (every block done, pain 0-2,"
        " no morning flare); a step up needs 2 in a row.",
        in_force=at(S65),
    ),
    Scenario(
        "a session with pain 3 breaks the run of good sessions",
        [session(1), session(3, 3), session(5, 2)],
        6,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: 1 good session at 3 × 60 s so far (every block done, pain 0-2,"
        " no morning flare); a step up needs 2 in a row.",
    ),
    # -- pain bands ------------------------------------------------------------------
    Scenario(
        "pain 0-2 twice: one step up",
        [session(1, 0), session(3, 2)],
        5,
        Decision.PROGRESS,
        S65,
        "Up to 3 × 65 s: 2 sessions done at 3 × 60 s with pain 0-2 and no morning flare.",
    ),
    Scenario(
        "pain 3: acceptable, hold",
        [session(1), session(3, 3)],
        5,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: pain during your last session was 3, acceptable (up to 5) but"
        " above the 0-2 a step up needs.",
    ),
    Scenario(
        "pain 5: still acceptable, hold",
        [session(1), session(3, 5)],
        5,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: pain during your last session was 5, acceptable (up to 5) but"
        " above the 0-2 a step up needs.",
    ),
    Scenario(
        "pain 6: too much, one step down",
        [session(1), session(3, 6)],
        4,
        Decision.BACK_OFF,
        S55,
        "Down to 3 × 55 s: pain during your last session, on 3 May, was 6, above 5.",
    ),
    Scenario(
        "pain 7: rest, with the physical therapist advice",
        [session(1), session(3, 7)],
        4,
        Decision.REST,
        S55,
        "Rest: pain during your last session, on 3 May, was 7 of 10; "
        + REST_TAIL.format(back="3 × 55 s"),
    ),
    Scenario(
        "pain not rated: no step up",
        [session(1), session(3, None)],
        4,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: your last session has no pain rating, and a step up needs"
        " sessions rated 0-2.",
    ),
    # -- stopped for pain, skipped, rest ---------------------------------------------
    Scenario(
        "a block stopped for pain: one step down",
        [session(1), session(3, 4, stopped=(0,))],
        4,
        Decision.BACK_OFF,
        S55,
        "Down to 3 × 55 s: you stopped a block for pain in your last session, on 3 May.",
    ),
    Scenario(
        "pain 6 and a block stopped for pain: one step down, naming both",
        [session(1), session(3, 6, stopped=(0,))],
        4,
        Decision.BACK_OFF,
        S55,
        "Down to 3 × 55 s: pain during your last session, on 3 May, was 6, above 5, and you"
        " stopped a block for pain.",
    ),
    Scenario(
        "pain above 5 twice in a row (the back-off was declined): rest",
        [session(1, 6), session(3, 6)],
        4,
        Decision.REST,
        S55,
        "Rest: pain 6 on 1 May and pain 6 on 3 May, two sessions in a row; "
        + REST_TAIL.format(back="3 × 55 s"),
    ),
    Scenario(
        "stopped for pain, then pain 6: rest",
        [session(1, 3, stopped=(0,)), session(3, 6)],
        4,
        Decision.REST,
        S55,
        "Rest: a block stopped for pain on 1 May and pain 6 on 3 May, two sessions in a row; "
        + REST_TAIL.format(back="3 × 55 s"),
    ),
    Scenario(
        "rest asked again after it was accepted: no second step down",
        [session(1), session(3, 8)],
        5,
        Decision.REST,
        S55,
        "Rest: pain during your last session, on 3 May, was 8 of 10; "
        + REST_TAIL.format(back="3 × 55 s"),
        in_force=at(S55),
    ),
    Scenario(
        "pain 8 then 8 days off: the break was the rest, one step down",
        [session(1, 8)],
        10,
        Decision.BACK_OFF,
        S55,
        "Down to 3 × 55 s: pain during your last session, on 1 May, was 8, above 5.",
    ),
    Scenario(
        "pain 6 and the back-off already accepted: hold",
        [session(1), session(3, 6)],
        4,
        Decision.HOLD,
        S55,
        "Holding at 3 × 55 s: pain during your last session, on 3 May, was 6, above 5, and"
        " 3 × 55 s is already below the 3 × 60 s you did then.",
        in_force=at(S55),
    ),
    Scenario(
        "a skipped block: hold",
        [session(1), session(3, 0, skipped=(0,))],
        4,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: this step was not finished in your last session (300 of 360 s done).",
    ),
    Scenario(
        "a step missing from the last session's record: hold",
        [session(1, routine=TWO), session(3, routine=TWO, missing=(1,))],
        4,
        Decision.HOLD,
        reps(2, 10),
        "Holding at 2 × 10 reps: this step has no record in your last session, on 3 May.",
        routine=TWO,
        step=1,
    ),
    # -- the next morning --------------------------------------------------------------
    Scenario(
        "morning worse than the baseline: hold",
        [session(1, 0, 1), session(3, 0, 1), session(5, 1, 4)],
        6,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: pain the morning after your session on 5 May was 4, up from"
        " your usual 1.",
    ),
    Scenario(
        "morning equal to the baseline is no flare: step up",
        [session(1, 0, 2), session(3, 0, 2), session(5, 0, 2)],
        6,
        Decision.PROGRESS,
        S65,
        # Day 1's morning (2) was a flare against no earlier ratings, so the run is 2.
        "Up to 3 × 65 s: 2 sessions done at 3 × 60 s with pain 0-2 and no morning flare.",
    ),
    Scenario(
        # Was "usual 1.5": a rolling median let the 2 raise the baseline.
        "the baseline does not rise with a second morning: 2 is above the usual 1",
        [session(1, 0, 1), session(2, 0, 2), session(3, 0, 2)],
        4,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: pain the morning after your session on 3 May was 2, up from"
        " your usual 1.",
    ),
    Scenario(
        "a higher level long ago is not the baseline",
        [session(1, 0, 5), session(16, 0, 0), session(18, 0, 1)],
        19,
        Decision.HOLD,
        S60,
        # Day 18's baseline is day 16's 0 alone: day 1 is 17 days back.
        "Holding at 3 × 60 s: pain the morning after your session on 18 May was 1, up from"
        " your usual 0.",
    ),
    Scenario(
        "a first morning rating above 0 with no baseline yet",
        [session(1), session(3, 0, 2)],
        4,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: pain the morning after your session on 3 May was 2, above 0"
        " (no morning rated before it).",
    ),
    Scenario(
        "a bad morning (above 5): one step down",
        [session(1, 0, 1), session(3, 0, 1), session(5, 1, 6)],
        6,
        Decision.BACK_OFF,
        S55,
        "Down to 3 × 55 s: pain the morning after your session on 5 May was 6, up from"
        " your usual 1.",
    ),
    Scenario(
        "a flare after a step up was accepted: back to the dose done",
        [session(1, 0, 1), session(3, 0, 1), session(5, 0, 3)],
        6,
        Decision.BACK_OFF,
        S60,
        "Back to 3 × 60 s: pain the morning after your session on 5 May was 3, up from"
        " your usual 1, so the step up to 3 × 65 s waits.",
        in_force=at(S65),
    ),
    Scenario(
        "a flare after another routine's session also holds this one",
        [session(1, 0, 0), session(3, 0, 0), session(4, 0, 5, routine=OTHER)],
        5,
        Decision.HOLD,
        S60,
        "Holding at 3 × 60 s: pain the morning after your session on 4 May was 5, up from"
        " your usual 0.",
    ),
    # -- days off --------------------------------------------------------------------
    Scenario(
        "7 days off: one step back",
        [session(1)],
        9,
        Decision.BACK_OFF,
        S55,
        "Back to 3 × 55 s: 7 days off since your last session of this routine, on 1 May.",
    ),
    Scenario(
        "exactly 6 days off (once a week): no step back, and the step up goes ahead",
        [session(1), session(2)],
        9,
        Decision.PROGRESS,
        S65,
        "Up to 3 × 65 s: 2 sessions done at 3 × 60 s with pain 0-2 and no morning flare.",
    ),
    Scenario(
        "days off counted per routine: other routines do not count",
        [session(1), session(5, routine=OTHER)],
        10,
        Decision.BACK_OFF,
        S55,
        "Back to 3 × 55 s: 8 days off since your last session of this routine, on 1 May.",
    ),
    Scenario(
        "days off and the step back already taken: hold",
        [session(1)],
        11,
        Decision.HOLD,
        S55,
        "Holding at 3 × 55 s: 9 days off since your last session of this routine, on 1 May,"
        " and 3 × 55 s is already below the 3 × 60 s you did then.",
        in_force=at(S55),
    ),
    # -- declines --------------------------------------------------------------------
    Scenario(
        "a declined step up: the next one counts 3 sessions",
        [session(1), session(3), session(5)],
        6,
        Decision.PROGRESS,
        S65,
        "Up to 3 × 65 s: 3 sessions done at 3 × 60 s with pain 0-2 and no morning flare.",
    ),
    # -- the weekly cap --------------------------------------------------------------
    Scenario(
        "10 % cap: a second step in one week holds",
        [session(1), session(2), session(3, doses=at(S65)), session(4, doses=at(S65))],
        5,
        Decision.HOLD,
        S65,
        # 60+60+65+65 s on 6 blocks = 1500 s; 4 sessions at 70 s = 1680 s; room 150 s.
        "Holding at 3 × 65 s: 3 × 70 s would make this exercise's week 28 min, 12 % more"
        " than the 25 min done in the 7 days to 4 May; the guide is about 10 % a week"
        " (at most 27 min 30 s).",
        in_force=at(S65),
    ),
    Scenario(
        # A steady week before (days -4, -2 and 1): the week-to-week rule has no say.
        "10 % cap, three sessions a week: 11 % is still too much",
        [
            session(-4),
            session(-2),
            session(1),
            session(3),
            session(5, doses=at(S65)),
            session(8, doses=at(S65)),
        ],
        9,
        Decision.HOLD,
        S65,
        "Holding at 3 × 65 s: 3 × 70 s would make this exercise's week 21 min, 11 % more"
        " than the 19 min done in the 7 days to 8 May; the guide is about 10 % a week"
        " (at most 20 min 54 s).",
        in_force=at(S65),
    ),
    Scenario(
        "10 % cap: a week at the new dose makes room again",
        [
            session(-2),
            session(1),
            session(3),
            session(5, doses=at(S65)),
            session(8, doses=at(S65)),
            session(10, doses=at(S65)),
        ],
        11,
        Decision.PROGRESS,
        S70,
        "Up to 3 × 70 s: 3 sessions done at 3 × 65 s with pain 0-2 and no morning flare.",
        in_force=at(S65),
    ),
    Scenario(
        "10 % cap counts the exercise in other routines too",
        [
            session(1),
            session(2),
            session(3, doses=at(S65)),
            session(4, doses=at(S65)),
            *(session(n, routine=OTHER) for n in (1, 2, 3, 4)),
        ],
        5,
        Decision.PROGRESS,
        S70,
        # 1500 + 480 s done; the other routine's 480 s repeat: 2160 s is within 1980 + 198.
        "Up to 3 × 70 s: 2 sessions done at 3 × 65 s with pain 0-2 and no morning flare.",
        in_force=at(S65),
    ),
    # -- one change at a time ----------------------------------------------------------
    Scenario(
        "one change at a time: the first step goes up on a tie",
        [session(1, routine=TWO), session(3, routine=TWO)],
        4,
        Decision.PROGRESS,
        S65,
        "Up to 3 × 65 s: 2 sessions done at 3 × 60 s with pain 0-2 and no morning flare.",
        routine=TWO,
    ),
    Scenario(
        "one change at a time: the second step holds on a tie",
        [session(1, routine=TWO), session(3, routine=TWO)],
        4,
        Decision.HOLD,
        reps(2, 10),
        "Holding at 2 × 10 reps: one change at a time, and Gastroc stretch, earlier in the"
        " routine, goes up this session (2 good sessions in a row each).",
        routine=TWO,
        step=1,
    ),
    Scenario(
        "one change at a time: the longer run goes up",
        [
            session(-2, routine=TWO),
            session(1, routine=TWO),
            session(8, routine=TWO, doses=at(S65)),
            session(10, routine=TWO, doses=at(S65)),
        ],
        11,
        Decision.PROGRESS,
        reps(2, 11),
        "Up to 2 × 11 reps: 4 sessions done at 2 × 10 reps with pain 0-2 and no morning flare.",
        routine=TWO,
        in_force=at(S65),
        step=1,
    ),
    Scenario(
        "one change at a time: the shorter run holds, naming both runs",
        [
            session(-2, routine=TWO),
            session(1, routine=TWO),
            session(8, routine=TWO, doses=at(S65)),
            session(10, routine=TWO, doses=at(S65)),
        ],
        11,
        Decision.HOLD,
        S65,
        "Holding at 3 × 65 s: one change at a time, and Short foot goes up this session,"
        " with 4 good sessions in a row at its dose to 2 here.",
        routine=TWO,
        in_force=at(S65),
    ),
    Scenario(
        "one change at a time: a step that cannot go up leaves the other free",
        [session(1, routine=TWO), session(3, routine=TWO, skipped=(0,))],
        4,
        Decision.PROGRESS,
        reps(2, 11),
        "Up to 2 × 11 reps: 2 sessions done at 2 × 10 reps with pain 0-2 and no morning flare.",
        routine=TWO,
        step=1,
    ),
    # -- steps, ceilings and floors ----------------------------------------------------
    Scenario(
        "from 100 s a timed step is 10 s",
        [session(1, doses=at(secs(1, 100))), session(3, doses=at(secs(1, 100)))],
        4,
        Decision.PROGRESS,
        secs(1, 110),
        "Up to 110 s: 2 sessions done at 100 s with pain 0-2 and no morning flare.",
        in_force=at(secs(1, 100)),
    ),
    Scenario(
        "at the 120 s ceiling a set is added with the same total",
        [session(1, doses=at(secs(3, 120))), session(3, doses=at(secs(3, 120)))],
        4,
        Decision.PROGRESS,
        secs(4, 90),
        "Up to 4 × 90 s: 2 sessions done at 3 × 120 s with pain 0-2 and no morning flare;"
        " 120 s is the most per set, so a set is added with about the same total.",
        in_force=at(secs(3, 120)),
    ),
    Scenario(
        "at the 20-rep ceiling a set is added with the same total",
        [
            session(1, routine=RAISES, doses=at(reps(3, 20))),
            session(3, routine=RAISES, doses=at(reps(3, 20))),
        ],
        4,
        Decision.PROGRESS,
        reps(4, 15),
        "Up to 4 × 15 reps: 2 sessions done at 3 × 20 reps with pain 0-2 and no morning"
        " flare; 20 reps is the most per set, so a set is added with about the same total.",
        routine=RAISES,
        in_force=at(reps(3, 20)),
    ),
    Scenario(
        "paced reps go up one rep",
        [session(1, routine=RAISES), session(3, routine=RAISES)],
        4,
        Decision.PROGRESS,
        reps(3, 16),
        "Up to 3 × 16 reps: 2 sessions done at 3 × 15 reps with pain 0-2 and no morning flare.",
        routine=RAISES,
    ),
    Scenario(
        "100 reps at your own pace is the ceiling: two sets of 50",
        [session(1, routine=HUNDREDS), session(3, routine=HUNDREDS)],
        4,
        Decision.PROGRESS,
        reps(2, 50),
        "Up to 2 × 50 reps: 2 sessions done at 100 reps with pain 0-2 and no morning flare;"
        " 100 reps is the most per set, so a set is added with about the same total.",
        routine=HUNDREDS,
    ),
    Scenario(
        "the top of the ramp: hold",
        [session(1, doses=at(secs(5, 120))), session(3, doses=at(secs(5, 120)))],
        4,
        Decision.HOLD,
        secs(5, 120),
        "Holding at 5 × 120 s: the top of the coach's ramp (5 sets of up to 120 s); change"
        " the routine yourself if you want more.",
        in_force=at(secs(5, 120)),
    ),
    Scenario(
        "floor: a step down never goes below 10 s",
        [session(1, 6, doses=at(secs(1, 12)))],
        2,
        Decision.BACK_OFF,
        secs(1, 10),
        "Down to 10 s: pain during your last session, on 1 May, was 6, above 5.",
        in_force=at(secs(1, 12)),
    ),
    Scenario(
        "floor: at 10 s a step down takes off a set",
        [session(1, 6, doses=at(secs(3, 10)))],
        2,
        Decision.BACK_OFF,
        secs(2, 10),
        "Down to 2 × 10 s: pain during your last session, on 1 May, was 6, above 5.",
        in_force=at(secs(3, 10)),
    ),
    Scenario(
        "floor: pain at the lowest dose means rest",
        [session(1, 6, doses=at(secs(1, 10)))],
        2,
        Decision.REST,
        secs(1, 10),
        "Rest: pain during your last session, on 1 May, was 6, above 5, and 10 s is already"
        " the lowest dose; rest, ice, compress and elevate the sore foot, and see a physical"
        " therapist if the pain persists for about two weeks.",
        in_force=at(secs(1, 10)),
    ),
    Scenario(
        "floor: days off at 1 rep hold",
        [session(1, routine=RAISES, doses=at(reps(1, 1)))],
        10,
        Decision.HOLD,
        reps(1, 1),
        "Holding at 1 rep: 8 days off since your last session of this routine, on 1 May, but"
        " 1 rep is already the lowest dose.",
        routine=RAISES,
        in_force=at(reps(1, 1)),
    ),
    *EDGE_CASES,
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario(scenario: Scenario) -> None:
    suggestions = suggest(
        scenario.routine,
        scenario.in_force,
        scenario.sessions,
        day(scenario.today),
        scenario.mornings,
    )
    assert [s.step_index for s in suggestions] == list(range(len(scenario.routine.steps)))
    got = suggestions[scenario.step]
    assert got.exercise_id == scenario.routine.steps[scenario.step].exercise.id
    assert (got.decision, got.proposed, got.reason) == (
        scenario.decision,
        scenario.proposed,
        scenario.reason,
    )


def test_the_table_is_big_enough() -> None:
    assert len(SCENARIOS) > 60 and len(EDGE_CASES) >= 30
    assert {s.decision for s in SCENARIOS} == set(Decision)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_every_reason_agrees_with_its_decision(scenario: Scenario) -> None:
    """The sentence opens with the decision and the dose it leaves the user at."""
    today = day(scenario.today)
    for s in suggest(
        scenario.routine, scenario.in_force, scenario.sessions, today, scenario.mornings
    ):
        opening = {
            Decision.PROGRESS: (f"Up to {s.proposed.words()}: ",),
            Decision.HOLD: (f"Holding at {s.current.words()}: ",),
            Decision.BACK_OFF: (
                f"Down to {s.proposed.words()}: ",
                f"Back to {s.proposed.words()}: ",
            ),
            Decision.REST: ("Rest: ",),
        }[s.decision]
        assert s.reason.startswith(opening), s.reason
        assert s.reason.endswith(".") and s.reason.count(". ") == 0, s.reason
        if s.decision is Decision.HOLD:
            assert s.proposed == s.current
        if s.decision is Decision.REST:
            assert "physical therapist" in s.reason and "two weeks" in s.reason


def test_persistent_pain_is_flagged_on_the_suggestions_made_for_pain() -> None:
    [long] = suggest(STRETCH, {}, days(1, 16, 6), day(17))
    [short] = suggest(STRETCH, {}, days(1, 13, 6), day(14))
    assert long.see_therapist_now and not short.see_therapist_now
    # Only a suggestion made for pain says so: the other step is held, not for pain.
    history = [*days(1, 15, 6, routine=OTHER), sore_foot(16, pain=6)]
    held, sore = suggest(TWO, {}, history, day(17))
    assert (held.see_therapist_now, sore.see_therapist_now) == (False, True)


def test_step_keys_tell_two_steps_of_one_exercise_apart() -> None:
    assert step_keys(TWICE) == (("soleus-stretch", 1), ("short-foot", 1), ("soleus-stretch", 2))
    [first, _, second] = suggest(TWICE, {}, [], day(1))
    assert (first.key, second.key) == (("soleus-stretch", 1), ("soleus-stretch", 2))


def test_only_one_step_of_a_routine_goes_up() -> None:
    history = [session(1, routine=TWO), session(3, routine=TWO)]
    decisions = [s.decision for s in suggest(TWO, {}, history, day(4))]
    assert decisions == [Decision.PROGRESS, Decision.HOLD]


def test_pain_above_5_steps_every_step_down() -> None:
    history = [session(1, routine=TWO), session(3, 6, routine=TWO)]
    got = suggest(TWO, {}, history, day(4))
    assert [(s.decision, s.proposed) for s in got] == [
        (Decision.BACK_OFF, S55),
        (Decision.BACK_OFF, reps(2, 9)),
    ]


def test_stopped_for_pain_is_about_that_step_only() -> None:
    # The other step does not go up either: one change at a time includes changes down.
    history = [session(1, routine=TWO), session(3, 2, routine=TWO, stopped=(1,))]
    got = suggest(TWO, {}, history, day(4))
    assert [s.decision for s in got] == [Decision.HOLD, Decision.BACK_OFF]


@pytest.mark.parametrize(
    ("history", "today", "first_decision"),
    [
        ([session(1), session(3, 6)], 6, Decision.BACK_OFF),
        ([session(1), session(3, 8)], 6, Decision.REST),
        ([session(1)], 12, Decision.BACK_OFF),  # days off
        ([session(1, 0, 1), session(3, 0, 1), session(5, 0, 7)], 6, Decision.BACK_OFF),
        ([session(1), session(3)], 6, Decision.PROGRESS),
    ],
)
def test_accepting_a_suggestion_and_asking_again_never_steps_twice(
    history: list[PastSession], today: int, first_decision: Decision
) -> None:
    """However often the UI asks, one session leads to at most one change per step."""
    [first] = suggest(STRETCH, {}, history, day(today))
    [again] = suggest(STRETCH, at(first.proposed), history, day(today))
    assert first.decision is first_decision and first.proposed != S60
    assert again.proposed == first.proposed
    assert again.decision is (Decision.REST if first_decision is Decision.REST else Decision.HOLD)


def test_a_dose_that_no_longer_fits_its_step_falls_back_to_the_file() -> None:
    # The routine file made the step timed after the log stored a reps dose for it.
    got = suggest(STRETCH, at(reps(3, 12)), [], day(1))[0]
    assert got.current == S60


def test_a_dose_for_a_step_the_routine_lacks_is_an_error() -> None:
    with pytest.raises(ValueError, match="no step 3"):
        suggest(STRETCH, {3: S60}, [], day(1))


def test_baseline_is_the_lowest_level_the_mornings_started_at_or_settled_to() -> None:
    # Each session's rating is the morning after it: day 1's is the morning of day 2.
    history = [
        session(1, morning=9),
        session(2, morning=1),
        session(9, morning=2),
        session(15, morning=4),
        session(16, morning=8),  # the morning after day 16 is not before day 16's session
    ]
    # Where the mornings started: 9, then the median of 9 and 1 (5), then of 9, 1, 2 (2).
    assert baseline(history, day(17)) == (2.0, 4)  # the morning after day 16's session
    assert baseline(history, day(2)) == (0.0, 0)
    assert baseline(history, day(3)) == (9.0, 1)
    # Ten mornings at 1 settle lower; twenty at 6 after them never raise it.
    steady = [session(n, morning=1) for n in range(20, 30)]
    flare = [session(n, morning=6) for n in range(30, 50)]
    assert baseline(history + steady + flare, day(51)) == (1.0, 35)


def test_a_baseline_the_user_sets_is_the_only_way_up() -> None:
    # Mornings of days 2, 3 and 4 rated 0; of day 5, 3.
    history = [session(n, morning=0) for n in (1, 2, 3)] + [session(4, morning=3)]
    assert baseline(history, day(10))[0] == 0.0
    mornings = Mornings(baselines={day(5): 3})  # "3 is my usual now", said on day 5
    assert baseline(history, day(4), mornings) == (0.0, 2)  # not yet in force
    assert baseline(history, day(5), mornings) == (3.0, 0)  # in force for day 5's own rating
    # From it, a settled level below it lowers it again (3 ratings: 3, 1, 1); one low
    # morning does not.
    lower = [session(n, morning=1) for n in (6, 7)]
    assert baseline(history + lower, day(8), mornings)[0] == 3.0
    assert baseline(history + lower, day(9), mornings)[0] == 1.0


def test_mornings_count_once_per_day() -> None:
    # Two sessions on one day share their next morning: it is one rating, not two.
    history = [session(1, morning=0), session(2, morning=4), session(2, morning=4)]
    assert baseline(history, day(4)) == (0.0, 2)


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
def test_one_step(
    level: DoseLevel, kind: DoseKind, up: DoseLevel | None, down: DoseLevel | None
) -> None:
    assert step_up(level, kind) == up
    assert step_down(level) == down


def test_a_dose_level_is_time_or_reps_and_at_least_one_set() -> None:
    for bad in ({"sets": 0, "time": 60}, {"sets": 1}, {"sets": 1, "time": 5, "reps": 5}):
        with pytest.raises(ValueError):
            DoseLevel(**bad)
    with pytest.raises(ValueError, match="0 to 10"):
        PastSession(day(1), "stretch", (), pain_during=11)


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
    written = {i: DoseLevel.of(step) for i, step in enumerate(FOUR.steps)}
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
    assert DoseLevel.of(played.steps[0]) == S65


# -- program stages ----------------------------------------------------------------

PROGRAM = Program(
    "transition",
    "Transition",
    (
        Stage("Wake up the feet", 2, 4, ("stretch",)),
        Stage("Balance", 2, 4, ("stretch", "other")),
        Stage("Strength", 1, 3, ("raises",)),
    ),
)


def stage_sessions(
    days: list[int], routine: Routine = STRETCH, **kwargs: object
) -> list[PastSession]:
    return [session(n, routine=routine, **kwargs) for n in days]  # type: ignore[arg-type]


EIGHT = stage_sessions([1, 3, 4, 6, 8, 10, 11, 13])


@dataclass(frozen=True)
class StageScenario:
    name: str
    stage: int
    started: int
    sessions: list[PastSession]
    today: int
    move: StageMove
    next_stage: int
    reason: str


STAGE_SCENARIOS = [
    StageScenario(
        "advance: two weeks, eight sessions, no pain",
        0,
        1,
        EIGHT,
        15,
        StageMove.ADVANCE,
        1,
        "On to Balance (stage 2 of 3): 14 days and 8 sessions in Wake up the feet (8 asked),"
        " with no pain above 5 or morning flare in the last 7 days.",
    ),
    StageScenario(
        "hold: the weeks have not passed",
        0,
        1,
        EIGHT,
        14,
        StageMove.STAY,
        0,
        "Staying in Wake up the feet: 13 of its 14 days done.",
    ),
    StageScenario(
        "hold: too few sessions on average",
        0,
        1,
        EIGHT[1:],
        15,
        StageMove.STAY,
        0,
        "Staying in Wake up the feet: 7 sessions in the last 2 weeks, and it asks for 8"
        " (4 a week).",
    ),
    StageScenario(
        "hold: other routines' sessions do not count",
        0,
        1,
        EIGHT[1:] + stage_sessions([14], routine=RAISES),
        15,
        StageMove.STAY,
        0,
        "Staying in Wake up the feet: 7 sessions in the last 2 weeks, and it asks for 8"
        " (4 a week).",
    ),
    StageScenario(
        "hold: pain above 5 in the last week",
        0,
        1,
        [*EIGHT[:-1], session(13, 6)],
        15,
        StageMove.STAY,
        0,
        "Staying in Wake up the feet: pain during your session on 13 May was 6, above 5,"
        " within the last 7 days.",
    ),
    StageScenario(
        "hold: a block stopped for pain in the last week",
        0,
        1,
        [*EIGHT[:-1], session(13, 2, stopped=(0,))],
        15,
        StageMove.STAY,
        0,
        "Staying in Wake up the feet: you stopped a block for pain on 13 May, within the last"
        " 7 days.",
    ),
    StageScenario(
        "hold: a morning flare in the last week",
        0,
        1,
        [*stage_sessions([1, 3, 4, 6, 8, 10], morning=1), session(11, 0, 3), session(13)],
        15,
        StageMove.STAY,
        0,
        "Staying in Wake up the feet: pain the morning after your session on 11 May was 3,"
        " up from your usual 1, within the last 7 days.",
    ),
    StageScenario(
        "hold: an exercise rated above 5 in the last week",
        0,
        1,
        [*EIGHT[:-1], session(13, 1, own={"soleus-stretch": 7})],
        15,
        StageMove.STAY,
        0,
        "Staying in Wake up the feet: pain during an exercise of your session on 13 May was 7,"
        " above 5, within the last 7 days.",
    ),
    StageScenario(
        "hold: a session dated after today still counts for pain",
        0,
        1,
        [*EIGHT, session(20, 8)],
        15,
        StageMove.STAY,
        0,
        "Staying in Wake up the feet: pain during your session dated 20 May (after today) was"
        " 8, above 5, within the last 7 days.",
    ),
    StageScenario(
        "advance: pain more than 7 days ago does not count",
        0,
        1,
        [session(1, 7), *EIGHT[1:]],
        15,
        StageMove.ADVANCE,
        1,
        "On to Balance (stage 2 of 3): 14 days and 8 sessions in Wake up the feet (8 asked),"
        " with no pain above 5 or morning flare in the last 7 days.",
    ),
    StageScenario(
        "never skips a stage, however long the user stayed",
        0,
        1,
        stage_sessions(list(range(1, 60))),
        60,
        StageMove.ADVANCE,
        1,
        "On to Balance (stage 2 of 3): 59 days and 14 sessions in Wake up the feet (8 asked),"
        " with no pain above 5 or morning flare in the last 7 days.",
    ),
    StageScenario(
        "sessions of every routine of the stage count",
        1,
        1,
        stage_sessions([1, 3, 6, 8]) + stage_sessions([2, 5, 9, 12], routine=OTHER),
        15,
        StageMove.ADVANCE,
        2,
        "On to Strength (stage 3 of 3): 14 days and 8 sessions in Balance (8 asked),"
        " with no pain above 5 or morning flare in the last 7 days.",
    ),
    StageScenario(
        "the last stage done: complete",
        2,
        1,
        stage_sessions([2, 4, 6], routine=RAISES),
        8,
        StageMove.COMPLETE,
        2,
        "Transition is done: 7 days and 3 sessions in Strength (3 asked), with no pain above 5"
        " or morning flare in the last 7 days, and it was the last stage.",
    ),
]


@pytest.mark.parametrize("scenario", STAGE_SCENARIOS, ids=[s.name for s in STAGE_SCENARIOS])
def test_stage_scenario(scenario: StageScenario) -> None:
    state = ProgramState(scenario.stage, day(scenario.started))
    got = stage_status(PROGRAM, state, scenario.sessions, day(scenario.today))
    assert (got.move, got.stage_index, got.reason) == (
        scenario.move,
        scenario.next_stage,
        scenario.reason,
    )


def test_a_stage_the_program_lacks_is_an_error() -> None:
    with pytest.raises(ValueError, match="no stage 3"):
        stage_status(PROGRAM, ProgramState(3, day(1)), [], day(1))


def test_suggestions_are_values() -> None:
    [s] = suggest(STRETCH, {}, [], day(1))
    assert s == Suggestion(0, "soleus-stretch", Decision.HOLD, S60, S60, s.reason)
    with pytest.raises(AttributeError):
        s.reason = "changed"  # type: ignore[misc]
