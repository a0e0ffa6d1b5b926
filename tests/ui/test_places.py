"""The other places of the window: barefoot minutes and the 8-week program, with a real log."""

from __future__ import annotations

from app.storage.log import Log
from app.storage.records import Activity, Exposure
from app.ui.main_window import MainWindow
from tests.test_coaching import day
from tests.ui.test_session_start import window_on_day


def idle(qtbot, win: MainWindow) -> None:
    assert win.log.worker.wait_idle(5.0)
    qtbot.wait(1)


def test_barefoot_minutes_are_saved_and_the_weekly_ramp_warns_before_saving(
    qtbot, data_dir
) -> None:
    with Log.open(data_dir) as log:  # last week: 50 minutes
        for n in range(3, 8):
            log.add_exposure(Exposure(day(n), 10, Activity.WALK, ""))
    win = window_on_day(qtbot, data_dir, 14)
    win.library_view.exposure_button.click()
    assert win.stack.currentWidget() is win.exposure_view
    idle(qtbot, win)
    view = win.exposure_view
    assert view.today == day(14)
    view.minutes.setValue(66)
    assert view.warning_title.isVisibleTo(view)
    assert "66 min" in view.check.text() and "50 min" in view.check.text()
    view.minutes.setValue(20)
    assert not view.warning_title.isVisibleTo(view)  # within the guide
    view.save_button.click()
    idle(qtbot, win)
    assert view.status.text().startswith("Saved")
    with Log.open(data_dir) as log:
        saved = log.exposures(since=day(14))
    assert [(e.day, e.minutes, e.activity) for e in saved] == [(day(14), 20, Activity.WALK)]


def test_the_program_can_be_started_and_shows_its_first_stage(qtbot, data_dir) -> None:
    win = window_on_day(qtbot, data_dir, 10)
    win.library_view.program_button.click()
    idle(qtbot, win)
    view = win.program_view
    assert win.stack.currentWidget() is view
    assert view.heading.text() == "Barefoot transition, 8 weeks"
    assert "not started" in view.where.text()
    view.enrol_button.click()
    idle(qtbot, win)
    idle(qtbot, win)
    assert "stage 1 of" in view.where.text()
    with Log.open(data_dir) as log:
        state = log.program_state("barefoot-transition")
    assert state is not None and state.stage_index == 0
    assert state.started_day == day(10)
    assert state.stage_started_day == day(10)


def test_history_opens_from_the_routine_list_with_the_logged_sessions(qtbot, data_dir) -> None:
    from tests.test_coaching import STRETCH, play

    with Log.open(data_dir) as log:
        play(log, STRETCH, 1, pain=2)
        play(log, STRETCH, 3, pain=1)
    win = window_on_day(qtbot, data_dir, 4)
    win.library_view.history_button.click()
    assert win.stack.currentWidget() is win.history_view
    qtbot.waitUntil(lambda: win.history_view.table.model().rowCount() == 2, timeout=5000)
    cells = win.history_view.table.model().row_cells(0)
    assert "Stretch" in cells
