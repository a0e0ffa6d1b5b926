"""The ramp: a table of logged histories, and what the coach says about each.

Every scenario asserts the decision, the proposed dose and the reason sentence
word for word, so a sentence can never drift from the numbers behind it.
Days are numbers: day 1 is 1 May 2024.
"""

from __future__ import annotations

import pytest

from app.core.doses import step_keys
from app.core.past import PastSession
from app.core.ramp import Decision, Suggestion, suggest
from tests.core.coach_helpers import (
    HUNDREDS,
    OTHER,
    RAISES,
    REST_TAIL,
    S55,
    S60,
    S65,
    S70,
    STRETCH,
    TWICE,
    TWO,
    Scenario,
    at,
    day,
    days,
    reps,
    secs,
    session,
    sore_foot,
)
from tests.core.ramp_edge_cases import EDGE_CASES

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
        "Holding at 3 × 60 s: this step was not finished in your last session"
        " (5 min of 6 min done).",
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


def test_pain_above_5_steps_every_lower_dose() -> None:
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


def test_suggestions_are_values() -> None:
    [s] = suggest(STRETCH, {}, [], day(1))
    assert s == Suggestion(0, "soleus-stretch", Decision.HOLD, S60, S60, s.reason)
    with pytest.raises(AttributeError):
        s.reason = "changed"  # type: ignore[misc]
