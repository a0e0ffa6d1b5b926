"""Before a session: the safety screen the first time, then the coach's suggestions.

A real progress log in a scratch folder holds the history; the window
reads it on its log thread, as it does for a user.
"""

from __future__ import annotations

from pathlib import Path

from app.coaching import SafetyForm
from app.core.library import load_library
from app.storage.log import Log
from app.ui.keep_awake import KeepAwake
from app.ui.main_window import MainWindow
from tests.core.fakes import FakeClock
from tests.test_coaching import STRETCH, day, play, wall
from tests.ui.test_cues import FakeScreenSaver, Recorder

# The same routine as tests.test_coaching.STRETCH, as a user's file: 3 × 60 s each side.
STRETCH_FILE = (
    "format: 1\nkind: routine\nid: stretch\nname: Stretch\n"
    "steps:\n  - {exercise: soleus-stretch, sets: 3, time: 60s, sides: both}\n"
)


def window_on_day(qtbot, data_dir: Path, day: int) -> MainWindow:
    (data_dir / "routines" / "stretch.yaml").write_text(STRETCH_FILE)
    clock = FakeClock(wall_base=wall(day) - 100.0)
    win = MainWindow(
        load_library(data_dir=data_dir),
        data_dir,
        clock=clock,
        wall_clock=clock.wall,
        cue_output=Recorder(clock),
        keep_awake=KeepAwake(FakeScreenSaver()),
    )
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    win.start_log()
    qtbot.waitUntil(lambda: win.log.started, timeout=5000)
    return win


def answered_safety(log: Log) -> None:
    log.add_safety_answers(SafetyForm(none_apply=True, read_advice=True).answers(wall(1, 8)))


def test_the_first_session_asks_the_safety_questions_first_and_stores_them(qtbot, data_dir) -> None:
    win = window_on_day(qtbot, data_dir, 1)
    win.session_start.begin("stretch")
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.safety_view, timeout=5000)
    view = win.safety_view
    assert not view.continue_button.isEnabled()
    view.none_apply.click()
    assert not view.continue_button.isEnabled()  # the advice is to be read too
    view.read_advice.click()
    assert view.continue_button.isEnabled()
    view.continue_button.click()
    # A stretch first: the coach screen reminds to warm up before the session plays.
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.coach_view, timeout=5000)
    qtbot.waitUntil(lambda: win.coach_view.start_button.isEnabled(), timeout=5000)
    assert win.coach_view.warm_up.isVisibleTo(win.coach_view)
    win.coach_view.start_button.click()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.player_view, timeout=5000)
    win.log.worker.wait_idle(5.0)
    with Log.open(data_dir) as log:
        latest = log.latest_safety_answers()
    assert latest is not None and latest.acknowledged and not latest.contraindicated
    # Answered once: the next session goes straight to the coach.
    win.session.end_early()
    win.session_start.begin("stretch")
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.coach_view, timeout=5000)


def test_a_contraindication_needs_a_second_acknowledgement(qtbot, data_dir) -> None:
    win = window_on_day(qtbot, data_dir, 1)
    win.session_start.ask_safety()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.safety_view, timeout=5000)
    view = win.safety_view
    diabetes = next(b for b in view.findChildren(type(view.none_apply)) if "iabetes" in b.text())
    diabetes.click()
    view.read_advice.click()
    assert "not advised for you without medical clearance" in view.warning_title.text()
    assert not view.continue_button.isEnabled()
    view.clearance.click()
    assert view.continue_button.isEnabled()
    view.continue_button.click()
    win.log.worker.wait_idle(5.0)
    with Log.open(data_dir) as log:
        latest = log.latest_safety_answers()
    assert latest.contraindicated and latest.acknowledged


def start_with_suggestions(qtbot, win: MainWindow):
    win.session_start.begin("stretch")
    qtbot.waitUntil(lambda: bool(win.coach_view.rows), timeout=5000)
    return win.coach_view


def test_two_good_sessions_then_the_coach_suggests_a_step_up_and_it_is_played(
    qtbot, data_dir
) -> None:
    with Log.open(data_dir) as log:
        answered_safety(log)
        play(log, STRETCH, 1, pain=0, morning=0)
        play(log, STRETCH, 2, pain=1, morning=0)
    win = window_on_day(qtbot, data_dir, 3)
    coach = start_with_suggestions(qtbot, win)
    [row] = coach.rows
    assert row.suggestion.decision.value == "progress"
    assert "65 s" in row.reason.text()
    assert row.accept_button.isChecked()  # the coach suggests; one click declines
    coach.start_button.click()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.player_view, timeout=5000)
    assert win.session.player.routine.steps[0].dose.time == 65
    assert win.library.routines["stretch"].steps[0].dose.time == 60  # the file is unchanged
    win.log.worker.wait_idle(5.0)
    with Log.open(data_dir) as log:
        [change] = log.dose_history("stretch")
    assert (change.time_seconds, change.sets) == (65, 3)


def test_a_declined_suggestion_plays_the_dose_as_it_was(qtbot, data_dir) -> None:
    with Log.open(data_dir) as log:
        answered_safety(log)
        play(log, STRETCH, 1, pain=0, morning=0)
        play(log, STRETCH, 2, pain=1, morning=0)
    win = window_on_day(qtbot, data_dir, 3)
    coach = start_with_suggestions(qtbot, win)
    coach.rows[0].decline_button.click()
    coach.start_button.click()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.player_view, timeout=5000)
    assert win.session.player.routine.steps[0].dose.time == 60
    win.log.worker.wait_idle(5.0)
    with Log.open(data_dir) as log:
        assert log.dose_history("stretch") == []


def test_pain_in_the_last_session_backs_off_with_its_reason(qtbot, data_dir) -> None:
    with Log.open(data_dir) as log:
        answered_safety(log)
        play(log, STRETCH, 1, pain=0, morning=0)
        play(log, STRETCH, 2, pain=6, morning=2)
    win = window_on_day(qtbot, data_dir, 3)
    coach = start_with_suggestions(qtbot, win)
    [row] = coach.rows
    assert row.suggestion.decision.value in ("back off", "rest")
    assert "6" in row.reason.text()


def test_mornings_above_the_usual_hold_until_the_user_calls_them_usual(qtbot, data_dir) -> None:
    with Log.open(data_dir) as log:
        answered_safety(log)
        for n in (1, 2, 3):
            play(log, STRETCH, n, pain=0, morning=0)
        for n in (4, 5):
            play(log, STRETCH, n, pain=0, morning=4)
    win = window_on_day(qtbot, data_dir, 6)
    coach = start_with_suggestions(qtbot, win)
    [row] = coach.rows
    assert row.suggestion.decision.value == "hold"
    assert row.reason.text() == (
        "Holding at 3 × 60 s: pain the morning after your session on 5 May was 4, up from your"
        " usual 0."
    )
    assert coach.usual_box.isVisible()
    coach.usual_button.click()
    # Stored, and the coach asked again: 4 is the usual from the morning of day 6 on, so the
    # session of day 5 was a good one (day 4's, whose morning was the first 4, was not).
    qtbot.waitUntil(lambda: not coach.usual_box.isVisible() and bool(coach.rows), timeout=5000)
    [row] = coach.rows
    assert row.reason.text() == (
        "Holding at 3 × 60 s: 1 good session at 3 × 60 s so far (every block done, pain 0-2,"
        " no morning flare); a step up needs 2 in a row."
    )
    win.log.worker.wait_idle(5.0)
    with Log.open(data_dir) as log:
        [set_by_user] = log.baselines()
    assert (set_by_user.day, set_by_user.pain) == (day(6), 4)
