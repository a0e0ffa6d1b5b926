"""The edge cases of the ramp's rules, each first seen with the real player and a real log.

``test_ramp`` runs them with the rules' own table.
"""

from __future__ import annotations

from app.core.ramp import Decision
from tests.core.coach_helpers import (
    OTHER,
    PERSISTS,
    REST_TAIL,
    S55,
    S60,
    S65,
    SHORT_FOOT_ONLY,
    SWAPPED,
    TWICE,
    TWO,
    Mornings,
    Scenario,
    at,
    day,
    days,
    reps,
    secs,
    session,
    sore_foot,
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
