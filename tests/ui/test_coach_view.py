"""The coach's screens: suggestions before a session (reasons shown, choices handed on), and
the program screen with its stage decision."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from app.coaching import (
    PERSISTENT_PAIN_ADVICE,
    REST_ADVICE,
    MorningAboveUsual,
    ProgramStatus,
)
from app.core.doses import CoachDose
from app.core.ramp import Decision, Suggestion
from app.core.routine import (
    Category,
    Dose,
    DoseKind,
    Exercise,
    Program,
    Routine,
    Sides,
    Stage,
    Step,
)
from app.core.stages import StageDecision, StageMove
from app.storage.records import ProgramState
from app.ui.coach_view import CoachView
from app.ui.program_view import ProgramView


def exercise(exercise_id: str, name: str, category: Category) -> Exercise:
    return Exercise(exercise_id, name, category, True, "summary", ("one",))


SOLEUS = exercise("soleus-stretch", "Soleus stretch", Category.STRETCH)
SHORT_FOOT = exercise("short-foot", "Short foot", Category.STRENGTH)
RAISE = exercise("eccentric-calf-raise", "Eccentric calf raise", Category.STRENGTH)
TIMED = Dose(DoseKind.TIMED, time=60)
HELD = Dose(DoseKind.HELD, reps=10, hold=5, relax=3)

STRENGTH_FIRST = Routine(
    "three",
    "Three steps",
    (
        Step(SHORT_FOOT, HELD, sets=2, sides=Sides.BOTH),
        Step(SOLEUS, TIMED, sets=3, sides=Sides.BOTH),
        Step(RAISE, HELD, sets=3, sides=Sides.BOTH),
    ),
)
STRETCH_FIRST = Routine("stretch", "Stretch", (Step(SOLEUS, TIMED, sets=3, sides=Sides.BOTH),))

UP = Suggestion(
    0,
    "short-foot",
    Decision.PROGRESS,
    CoachDose(2, reps=10),
    CoachDose(2, reps=11),
    "Up to 2 × 11 reps: 2 sessions done at 2 × 10 reps with pain 0-2 and no morning flare.",
)
DOWN = Suggestion(
    1,
    "soleus-stretch",
    Decision.BACK_OFF,
    CoachDose(3, time=60),
    CoachDose(3, time=55),
    "Down to 3 × 55 s: you stopped a block for pain in your last session, on 3 May.",
)
HOLD = Suggestion(
    2,
    "eccentric-calf-raise",
    Decision.HOLD,
    CoachDose(3, reps=10),
    CoachDose(3, reps=10),
    "Holding at 3 × 10 reps: 1 good session at 3 × 10 reps so far (every block done, pain 0-2,"
    " no morning flare); a step up needs 2 in a row.",
)
REST = Suggestion(
    0,
    "soleus-stretch",
    Decision.REST,
    CoachDose(3, time=60),
    CoachDose(3, time=55),
    "Rest: pain during your last session, on 3 May, was 7 of 10; rest, ice, compress and"
    " elevate the sore foot, come back at 3 × 55 s, and see a physical therapist if the pain"
    " persists for about two weeks.",
)

HOLD_STRETCH = Suggestion(
    0,
    "soleus-stretch",
    Decision.HOLD,
    CoachDose(3, time=60),
    CoachDose(3, time=60),
    "Holding at 3 × 60 s: no good session at 3 × 60 s yet.",
)


def make_view(qtbot) -> CoachView:
    view = CoachView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    return view


def test_each_suggestion_shows_its_dose_decision_and_reason(qtbot) -> None:
    view = make_view(qtbot)
    view.show_suggestions(STRENGTH_FIRST, [UP, DOWN, HOLD])
    assert view.heading.text() == "Before you start: Three steps"
    titles = [row.title.text() for row in view.rows]
    assert titles == [
        "<b>1. Short foot</b> — Up one step: 2 × 10 reps → 2 × 11 reps",
        "<b>2. Soleus stretch</b> — Down one step: 3 × 60 s → 3 × 55 s",
        "<b>3. Eccentric calf raise</b> — Hold: 3 × 10 reps",
    ]
    assert [row.reason.text() for row in view.rows] == [UP.reason, DOWN.reason, HOLD.reason]
    assert all(row.reason.isVisibleTo(view) for row in view.rows)
    up, down, hold = view.rows
    assert up.accept_button.text() == "Accept: 2 × 11 reps"
    assert down.decline_button.text() == "Decline: keep 3 × 60 s"
    assert hold.accept_button is None and hold.decline_button is None  # nothing to choose
    assert not view.rest_box.isVisible()
    assert not view.warm_up.isVisible()  # it starts with strength work


def test_accepting_one_and_declining_another(qtbot) -> None:
    view = make_view(qtbot)
    view.show_suggestions(STRENGTH_FIRST, [UP, DOWN, HOLD])
    up, down, _hold = view.rows
    up.decline_button.click()
    down.accept_button.click()
    with qtbot.waitSignal(view.decided, timeout=1000) as signal:
        view.start_button.click()
    assert signal.args == [[DOWN]]
    up.accept_button.click()
    with qtbot.waitSignal(view.decided, timeout=1000) as signal:
        view.start_button.click()
    assert signal.args == [[UP, DOWN]]  # in step order; the hold is never in it


def test_everything_declined_gives_an_empty_list(qtbot) -> None:
    view = make_view(qtbot)
    view.show_suggestions(STRENGTH_FIRST, [UP, DOWN, HOLD])
    for row in view.rows[:2]:
        row.decline_button.click()
    with qtbot.waitSignal(view.decided, timeout=1000) as signal:
        view.start_button.click()
    assert signal.args == [[]]


def test_rest_is_said_first_with_its_advice(qtbot) -> None:
    view = make_view(qtbot)
    view.show_suggestions(STRETCH_FIRST, [REST])
    assert view.rest_box.isVisible()
    assert view.rest_title.text() == "The coach advises rest for Soleus stretch."
    assert view.rows[0].title.text() == (
        "<b>1. Soleus stretch</b> — Rest: come back at 3 × 55 s (now 3 × 60 s)"
    )
    assert "rest, ice, compression and elevation" in view.rest_advice.text()
    assert "physical therapist" in view.rest_advice.text()
    assert view.start_button.text() == "Start anyway"
    [row] = view.rows
    assert row.accept_button.text() == "Accept: come back at 3 × 55 s"
    with qtbot.waitSignal(view.decided, timeout=1000) as signal:
        view.start_button.click()
    assert signal.args == [[REST]]


def test_pain_that_persisted_says_see_a_physical_therapist_now(qtbot) -> None:
    view = make_view(qtbot)
    persisting = replace(
        REST,
        reason="Rest: pain 6 on 15 May and pain 6 on 16 May, two sessions in a row; pain above 5"
        " has lasted 16 days, since 1 May (about two weeks or more): see a physical therapist"
        " now, and rest, ice, compress and elevate the sore foot, then come back at 3 × 55 s.",
        see_therapist_now=True,
    )
    view.show_suggestions(STRETCH_FIRST, [persisting])
    assert view.rest_title.text() == (
        "See a physical therapist now. The coach advises rest for Soleus stretch."
    )
    assert view.rest_advice.text() == PERSISTENT_PAIN_ADVICE
    assert view.rows[0].reason.text() == persisting.reason
    # Said even on a hold (a step down already accepted), and gone with the pain.
    view.show_suggestions(STRETCH_FIRST, [replace(HOLD_STRETCH, see_therapist_now=True)])
    assert view.rest_box.isVisible()
    assert view.rest_title.text() == "See a physical therapist now."
    view.show_suggestions(STRETCH_FIRST, [REST])
    assert view.rest_advice.text() == REST_ADVICE


def test_a_morning_above_the_usual_may_be_called_the_usual(qtbot) -> None:
    view = make_view(qtbot)
    above = MorningAboveUsual(date(2024, 5, 15), 4, 0.0)
    view.show_suggestions(STRETCH_FIRST, [HOLD_STRETCH], above)
    assert view.usual_box.isVisible()
    assert view.usual_text.text().startswith(
        "Your usual morning pain is 0; the morning of Wed 15 May was 4. A rise that lasts is a"
        " flare, not a new normal"
    )
    assert view.usual_button.text() == "4 is my usual morning now"
    with qtbot.waitSignal(view.usual_set, timeout=1000) as signal:
        view.usual_button.click()
    assert signal.args == [above]
    assert not view.usual_button.isEnabled()  # once
    view.show_suggestions(STRETCH_FIRST, [HOLD_STRETCH])
    assert not view.usual_box.isVisible()


def test_a_routine_that_starts_with_a_stretch_says_warm_up(qtbot) -> None:
    view = make_view(qtbot)
    view.show_suggestions(STRETCH_FIRST, [HOLD_STRETCH])
    assert view.warm_up.isVisible()
    assert view.warm_up.text().startswith("Warm up first")
    assert view.intro.text() == "The coach suggests the same doses as last time."


def test_waiting_then_a_problem_then_back(qtbot) -> None:
    view = make_view(qtbot)
    view.show_waiting(STRETCH_FIRST)
    assert view.intro.text() == "Asking the coach…"
    assert not view.start_button.isEnabled()
    assert view.warm_up.isVisible()
    view.show_problem(STRETCH_FIRST, "the progress log is not open.")
    assert view.start_button.isEnabled()
    assert view.intro.text() == "No suggestions this time: the progress log is not open."
    with qtbot.waitSignal(view.decided, timeout=1000) as signal:
        view.start_button.click()
    assert signal.args == [[]]
    with qtbot.waitSignal(view.back_requested, timeout=1000):
        view.back_button.click()


def test_showing_new_suggestions_replaces_the_old(qtbot) -> None:
    view = make_view(qtbot)
    view.show_suggestions(STRENGTH_FIRST, [UP, DOWN, HOLD])
    view.show_suggestions(STRETCH_FIRST, [HOLD_STRETCH])
    assert len(view.rows) == 1
    assert view.start_button.text() == "Start session"


# -- the program screen (app/ui/program_view.py) ----------------------------------------


def test_program_screen_before_enrolling_offers_the_start(qtbot) -> None:

    program = Program(
        "p",
        "Two stages",
        (
            Stage("First", 1, 2, ("stretch",), goal="Hold long."),
            Stage("Second", 2, 3, ("three",)),
        ),
    )
    view = ProgramView()
    qtbot.addWidget(view)
    view.show()
    names = {"stretch": "Stretch", "three": "Three steps"}
    view.set_status(ProgramStatus(program, None, None), date(2024, 5, 1), names)
    assert view.where.text().startswith("You have not started this program.")
    assert view.enrol_button.isVisible() and not view.move_on_button.isVisible()
    assert "Stage 2: Second<br>2 weeks, 3 sessions a week: Three steps" in view.stages.text()
    with qtbot.waitSignal(view.enrol_requested, timeout=1000) as signal:
        view.enrol_button.click()
    assert signal.args == [ProgramState("p", date(2024, 5, 1), 0, date(2024, 5, 1))]


def test_program_screen_shows_the_stage_reason_and_moves_on(qtbot) -> None:

    program = Program(
        "p", "Two stages", (Stage("First", 1, 2, ("stretch",)), Stage("Second", 2, 3, ("three",)))
    )
    state = ProgramState("p", date(2024, 5, 1), 0, date(2024, 5, 1))
    reason = "On to Second (stage 2 of 2): 7 days and 2 sessions in First (2 asked), ..."
    status = ProgramStatus(program, state, StageDecision(StageMove.ADVANCE, 1, reason))
    view = ProgramView()
    qtbot.addWidget(view)
    view.show()
    names = {"stretch": "Stretch", "three": "Three steps"}
    view.set_status(status, date(2024, 5, 8), names)
    view.set_status(status, date(2024, 5, 8), names)  # shown again: no duplicate buttons
    assert view.where.text() == "You are in stage 1 of 2, First, since 1 May 2024."
    assert view.decision.text() == reason
    assert "<b>Stage 1: First (you are here)</b>" in view.stages.text()
    assert not view.enrol_button.isVisible()
    assert view.move_on_button.text() == "Move on to Second"
    [open_button] = view.routine_buttons
    assert open_button.text() == "Open Stretch"
    with qtbot.waitSignal(view.routine_chosen, timeout=1000) as signal:
        open_button.click()
    assert signal.args == ["stretch"]
    with qtbot.waitSignal(view.move_on_requested, timeout=1000) as signal:
        view.move_on_button.click()
    assert signal.args == [ProgramState("p", date(2024, 5, 1), 1, date(2024, 5, 8))]
