"""The words a person reads and hears: durations, doses, sides, phases, and the one formatter.

Each assertion is a whole string as the screen shows it or the voice says it.
"""

from __future__ import annotations

import pytest

from app.core.doses import CoachDose
from app.core.library import load_library
from app.core.ramp import Decision, Suggestion
from app.core.reps import RepPhase, RepPosition
from app.core.routine import Category, Dose, DoseKind, Exercise, Routine, Side, Sides, Step, Tempo
from app.core.timeline import Phase, PhaseKind, build_timeline
from app.core.wording import (
    amount_words,
    block_dose_words,
    block_words,
    categories_words,
    category_words,
    dose_words,
    number_words,
    percent_more,
    phase_title,
    plain_number,
    reps_words,
    seconds_words,
    side_words,
    spoken_block,
    spoken_dose,
    spoken_next,
    spoken_seconds,
    step_dose_words,
)

SOLEUS = Exercise("soleus", "Soleus stretch", Category.STRETCH, sided=True)
SHORT_FOOT = Exercise("short-foot", "Short foot", Category.STRENGTH, sided=True)
PLAIN = Exercise("plain", "Plain")  # no category

TIMED = Dose(DoseKind.TIMED, time=90)
PACED = Dose(DoseKind.PACED, reps=15, tempo=Tempo(up=1, down=3))
HELD = Dose(DoseKind.HELD, reps=10, hold=5, relax=3)
SELF_PACED = Dose(DoseKind.SELF_PACED, reps=100)


# -- durations ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0, "0 s"),
        (1, "1 s"),
        (45, "45 s"),
        (60, "60 s"),
        (90, "90 s"),
        (120, "120 s"),  # the coach's most per set: still in seconds
        (121, "2 min 1 s"),
        (150, "2 min 30 s"),
        (180, "3 min"),
        (3600, "60 min"),
    ],
)
def test_a_duration_is_in_seconds_up_to_two_minutes_then_minutes(seconds: int, words: str) -> None:
    assert seconds_words(seconds) == words


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 second"),
        (30, "30 seconds"),
        (60, "1 minute"),
        (90, "90 seconds"),
        (120, "2 minutes"),
        (121, "2 minutes 1 second"),
        (150, "2 minutes 30 seconds"),
        (180, "3 minutes"),
    ],
)
def test_the_voice_says_seconds_up_to_two_minutes_whole_minutes_aside(
    seconds: int, words: str
) -> None:
    assert spoken_seconds(seconds) == words


def test_reps_and_amounts_say_one_rep() -> None:
    assert [reps_words(n) for n in (0, 1, 2, 15)] == ["0 reps", "1 rep", "2 reps", "15 reps"]
    assert amount_words(90, timed=True) == "90 s"
    assert amount_words(300, timed=True) == "5 min"
    assert amount_words(1, timed=False) == "1 rep"
    assert amount_words(300, timed=False) == "300 reps"


def test_numbers_in_sentences() -> None:
    assert [plain_number(v) for v in (0, 1.0, 1.5, 2.25, 212.5)] == [
        "0",
        "1",
        "1.5",
        "2.2",
        "212.5",
    ]
    # Whole percent, half up: 66 is 32 % more than 50, and 50.25 is 1 % more (0.5 %).
    assert (percent_more(66, 50), percent_more(50.25, 50), percent_more(50, 50)) == (32, 1, 0)
    assert [number_words(n) for n in (0, 7, 20, 21)] == ["zero", "seven", "twenty", "21"]


# -- one block's dose, and a step's ----------------------------------------------------


@pytest.mark.parametrize(
    ("dose", "words"),
    [
        (TIMED, "90 s"),
        (Dose(DoseKind.TIMED, time=150), "2 min 30 s"),
        (PACED, "15 reps, 1 s up, 3 s down"),
        (
            Dose(DoseKind.PACED, reps=1, tempo=Tempo(up=2, top=1, down=3, bottom=1)),
            "1 rep, 2 s up, 1 s at the top, 3 s down, 1 s at the bottom",
        ),
        (HELD, "10 reps, hold 5 s, relax 3 s"),
        (Dose(DoseKind.HELD, reps=1, hold=30), "1 rep, hold 30 s"),
        (SELF_PACED, "100 reps at your own pace"),
        (Dose(DoseKind.SELF_PACED, reps=1), "1 rep at your own pace"),
    ],
)
def test_every_kind_of_block_dose(dose: Dose, words: str) -> None:
    assert block_dose_words(dose) == words


@pytest.mark.parametrize(
    ("sets", "sides", "words"),
    [
        (1, Sides.NONE, "90 s"),  # one set: no "1 ×"
        (3, Sides.NONE, "3 × 90 s"),
        (3, Sides.BOTH, "3 × 90 s, each side"),
        (2, Sides.LEFT, "2 × 90 s, left side"),
        (1, Sides.RIGHT, "90 s, right side"),
    ],
)
def test_a_steps_dose_with_its_sets_and_sides(sets: int, sides: Sides, words: str) -> None:
    assert step_dose_words(Step(SOLEUS, TIMED, sets=sets, sides=sides)) == words
    assert dose_words(sets, "90 s", sides) == words


def test_a_steps_dose_of_reps_keeps_its_tempo() -> None:
    step = Step(SHORT_FOOT, PACED, sets=2, sides=Sides.BOTH)
    assert step_dose_words(step) == "2 × 15 reps, 1 s up, 3 s down, each side"


# -- one dose formatter: the routine page and the coach agree ------------------------


def test_the_coach_writes_a_dose_as_the_routine_page_does() -> None:
    # The issue this closes: the routine page said "3 × 1 min 30 s, each side" where
    # the coach said "3 × 90 s".
    step = Step(SOLEUS, TIMED, sets=3, sides=Sides.BOTH)
    assert step_dose_words(step) == "3 × 90 s, each side"
    assert CoachDose.of(step).words() == "3 × 90 s"
    assert CoachDose(1, reps=1).words() == "1 rep"
    assert CoachDose(2, time=150).words() == "2 × 2 min 30 s"


def test_every_builtin_steps_coach_words_open_its_routine_page_words() -> None:
    """The coach leaves out what it never changes (tempo, hold, sides), nothing else."""
    library = load_library()
    steps = [step for routine in library.routines.values() for step in routine.steps]
    assert steps
    for step in steps:
        coach, page = CoachDose.of(step).words(), step_dose_words(step)
        assert page == coach or page.startswith(coach + " ") or page.startswith(coach + ","), (
            coach,
            page,
        )


def test_a_suggestion_shows_the_change_in_the_same_words() -> None:
    def suggestion(decision: Decision, current: CoachDose, proposed: CoachDose) -> Suggestion:
        return Suggestion(0, "soleus", decision, current, proposed, "why")

    s90, s95 = CoachDose(3, time=90), CoachDose(3, time=95)
    assert suggestion(Decision.PROGRESS, s90, s95).change_words() == "3 × 90 s → 3 × 95 s"
    assert suggestion(Decision.HOLD, s90, s90).change_words() == "3 × 90 s"
    rest = suggestion(Decision.REST, s95, s90)
    assert rest.change_words() == "come back at 3 × 90 s (now 3 × 95 s)"


# -- sides, categories and phases ------------------------------------------------------


def test_sides_and_categories() -> None:
    assert [side_words(s) for s in Side] == ["left side", "right side", ""]
    assert category_words(None) == "exercise" and category_words(Category.BALANCE) == "balance"
    assert categories_words((Category.STRETCH, None, Category.STRETCH)) == "stretch, exercise"


ROUTINE = Routine(
    "r",
    "R",
    (
        Step(SOLEUS, TIMED, sets=2, sides=Sides.BOTH, rest=30),
        Step(SHORT_FOOT, HELD, sets=1),
        Step(PLAIN, Dose(DoseKind.SELF_PACED, reps=1)),
        Step(PLAIN, Dose(DoseKind.TIMED, time=20)),
    ),
)
TIMELINE = build_timeline(ROUTINE)


def phases(kind: PhaseKind, step_index: int | None = None) -> list[Phase]:
    return [
        p for p in TIMELINE if p.kind is kind and (step_index is None or p.step_index == step_index)
    ]


def test_phase_titles() -> None:
    assert phase_title(phases(PhaseKind.GET_READY)[0]) == "Get ready"
    assert phase_title(phases(PhaseKind.SWITCH)[0]) == "Switch to the right side"
    assert phase_title(phases(PhaseKind.REST)[0]) == "Rest"
    soleus, short_foot, self_paced, plain = (phases(PhaseKind.WORK, i)[0] for i in range(4))
    assert phase_title(soleus) == "Hold"  # a timed stretch
    assert phase_title(plain) == "Work"  # a timed exercise of no category
    assert phase_title(self_paced) == "1 rep at your pace"
    rep = RepPosition(2, 10, RepPhase.RELAX, 5.0, 8.0)
    assert phase_title(short_foot, rep) == "Rep 2 of 10 - relax"


def test_next_up_names_the_block() -> None:
    left, right = phases(PhaseKind.WORK, 0)[:2]
    assert block_words(left) == "Soleus stretch, left side, 90 s"
    assert block_words(right) == "Soleus stretch, right side, 90 s"
    assert block_words(phases(PhaseKind.WORK, 1)[0]) == "Short foot, 10 reps, hold 5 s, relax 3 s"


def test_what_the_voice_says_of_doses_and_blocks() -> None:
    assert spoken_dose(TIMED) == "90 seconds"
    assert spoken_dose(PACED) == "15 reps, 1 second up, 3 seconds down"
    assert spoken_dose(HELD) == "10 reps, hold 5 seconds each"
    assert spoken_dose(Dose(DoseKind.SELF_PACED, reps=1)) == "1 rep at your own pace"
    # Sets are said when there are several; "1 sets" is never said.
    assert (
        spoken_block(phases(PhaseKind.WORK, 0)[0])
        == "Soleus stretch, left side, 90 seconds, 2 sets"
    )
    assert spoken_block(phases(PhaseKind.WORK, 3)[0]) == "Plain, 20 seconds"


def test_the_rest_announcement_names_what_comes_next() -> None:
    rest = phases(PhaseKind.REST, 0)[0]
    second_set = phases(PhaseKind.WORK, 0)[2]
    assert spoken_next(rest, second_set) == "Rest 30 seconds, next: set 2 of 2, left side"
    assert spoken_next(rest, phases(PhaseKind.WORK, 1)[0]) == "Rest 30 seconds, next: Short foot"
    assert spoken_next(rest, None) == "Rest 30 seconds"
