"""The player window driven by keys, on a fake clock, as a user would use it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton

from app.cli import main
from app.coaching import SafetyForm
from app.core.library import load_library
from app.core.player import SUSPEND_REASON, State
from app.storage.log import Log
from app.ui.app import build_window
from app.ui.main_window import MainWindow
from app.voice import STARTUP_MS
from tests.core.fakes import FakeClock

ROUTINE = """format: 1
kind: routine
id: gui-test
name: GUI test
defaults: {get_ready: 2s, rest: 2s, switch: 1s}
steps:
  - exercise: soleus-stretch
    sets: 2
    time: 3s
  - exercise: short-foot
    sides: left
    reps: 2
    hold: 2s
    relax: 1s
  - exercise: eccentric-calf-raise
    sides: right
    reps: 2
    tempo: {up: 1s, down: 2s}
  - exercise: calf-raise-100
    reps: 5
"""


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def window(qtbot, data_dir: Path, clock: FakeClock) -> MainWindow:
    (data_dir / "routines" / "gui-test.yaml").write_text(ROUTINE)
    win = MainWindow(load_library(data_dir=data_dir), data_dir, clock=clock, wall_clock=clock.wall)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    return win


def screen(win: MainWindow) -> tuple[str, str, str, str]:
    view = win.player_view
    return (view.banner.text(), view.exercise.text(), view.countdown.text(), view.position.text())


def press(qtbot, win: MainWindow, key: Qt.Key) -> None:
    qtbot.keyClick(win.player_view, key)


def later(win: MainWindow, clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    win.session.timer.timeout.emit()  # what the timer would do; the clock says the time


def button(box, text: str) -> QPushButton:
    return next(b for b in box.buttons() if b.text() == text)


def test_keys_drive_a_whole_routine_and_the_screen_follows(qtbot, window, clock) -> None:
    # Library -> detail -> player, all by keyboard.
    table = window.library_view.table
    row = next(
        i for i in range(table.topLevelItemCount()) if table.topLevelItem(i).text(0) == "GUI test"
    )
    table.setCurrentItem(table.topLevelItem(row))
    table.itemActivated.emit(table.topLevelItem(row), 0)
    assert window.stack.currentWidget() is window.routine_view
    assert "2 × 3 s, each side" in window.routine_view.body.text()
    window.start_log()
    with Log.open(window.data_dir) as log:  # the safety questions were answered before
        log.add_safety_answers(SafetyForm(none_apply=True, read_advice=True).answers(clock.wall()))
    qtbot.keyClick(window.routine_view, Qt.Key.Key_Return)
    # A stretch comes first: the coach's screen reminds to warm up; Enter starts.
    qtbot.waitUntil(lambda: window.coach_view.start_button.hasFocus(), timeout=5000)
    assert window.coach_view.warm_up.isVisibleTo(window.coach_view)
    qtbot.keyClick(window.coach_view.start_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.player_view, timeout=5000)

    assert screen(window) == (
        "Get ready",
        "Soleus stretch (knee bent)",
        "0:02",
        "Set 1 of 2  ·  Left side",
    )
    later(window, clock, 2.0)
    assert screen(window) == (
        "Hold",
        "Soleus stretch (knee bent)",
        "0:03",
        "Set 1 of 2  ·  Left side",
    )
    later(window, clock, 1.5)
    assert screen(window)[2] == "0:02"  # 1.5 s left shows as 2: never 0 before the end

    # Space pauses; time paused is not counted; Space again resumes.
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.player_view.banner.text() == "Paused: press Space to go on"
    later(window, clock, 30.0)
    assert screen(window)[2] == "0:02"
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.player_view.banner.text() == "Hold"

    later(window, clock, 1.5)
    assert screen(window) == (
        "Switch to the right side",
        "Soleus stretch (knee bent)",
        "0:01",
        "Set 1 of 2  ·  Right side",
    )
    later(window, clock, 1.0)
    assert screen(window)[0::3] == ("Hold", "Set 1 of 2  ·  Right side")

    # Right skips to the next work block (past the rest); Left within 2 s goes back.
    press(qtbot, window, Qt.Key.Key_Right)
    assert screen(window)[0::3] == ("Hold", "Set 2 of 2  ·  Left side")
    press(qtbot, window, Qt.Key.Key_Left)
    assert screen(window)[0::2] == ("Hold", "0:03")
    assert screen(window)[3] == "Set 1 of 2  ·  Right side"
    later(window, clock, 3.0)
    assert screen(window)[0::2] == ("Rest", "0:02")
    later(window, clock, 2.0 + 3.0 + 1.0 + 3.0)
    assert screen(window)[:2] == ("Get ready", "Short foot exercise (Janda)")

    # Held reps: the big number is the seconds left in this hold or relax.
    later(window, clock, 2.0)
    assert screen(window) == (
        "Rep 1 of 2 - hold",
        "Short foot exercise (Janda)",
        "2",
        "Set 1 of 1  ·  Left side  ·  0:05 left in this set",
    )
    later(window, clock, 2.0)
    assert screen(window)[0::2] == ("Rep 1 of 2 - relax", "1")
    later(window, clock, 1.0)
    assert screen(window)[0::2] == ("Rep 2 of 2 - hold", "2")

    # Paced reps: every phase of every rep in words.
    later(window, clock, 2.0 + 2.0)
    assert screen(window)[0::2] == ("Rep 1 of 2 - up", "1")
    later(window, clock, 1.0)
    assert screen(window)[0::2] == ("Rep 1 of 2 - lower", "2")

    # P: stop for pain, then go on with the next exercise.
    press(qtbot, window, Qt.Key.Key_P)
    box = window.player_view.dialog
    assert box is not None and "Stop Calf raise with eccentric lower for pain?" in box.text()
    assert window.session.player.state is State.PAUSED
    button(box, "Next exercise").click()
    assert window.player_view.dialog is None
    assert screen(window)[:2] == ("Get ready", "Calf raise 100s")

    # Self-paced: counts up until Enter says done.
    later(window, clock, 2.0)
    assert screen(window)[0::2] == ("5 reps at your pace", "0:00")
    assert window.player_view.done_button.isEnabled()
    later(window, clock, 64.0)
    assert screen(window)[2] == "1:04"
    press(qtbot, window, Qt.Key.Key_Return)

    # The summary: planned against done, per exercise and side.
    assert window.stack.currentWidget() is window.summary_view
    summary = window.summary_view
    assert summary.heading.text() == "Session finished: GUI test"
    assert "Pain means stop that exercise" in summary.advice.text()
    rows = [
        tuple(summary.table.topLevelItem(i).text(c) for c in range(5))
        for i in range(summary.table.topLevelItemCount())
    ]
    assert rows == [
        ("Soleus stretch (knee bent)", "left", "6 s", "6 s", "done"),
        ("Soleus stretch (knee bent)", "right", "6 s", "6 s", "done"),
        ("Short foot exercise (Janda)", "left", "2 reps", "2 reps", "done"),
        ("Calf raise with eccentric lower", "right", "2 reps", "0 reps", "stopped for pain"),
        ("Calf raise 100s", "", "5 reps", "5 reps", "done"),
    ]
    # Nothing of the session keeps ticking once it is over (the log's 5-minute
    # backup check runs for as long as the app does). The speech engine's watchdog
    # waits for the engine to answer the last words, in real time: let it.
    qtbot.waitUntil(lambda: not window.audio.speaking, timeout=STARTUP_MS)
    active = [t for t in window.findChildren(QTimer) if t.isActive()]
    assert active == [window.log.backup_timer]


def test_escape_asks_before_ending_and_keep_going_resumes(qtbot, window, clock) -> None:
    window.start_session("gui-test")
    later(window, clock, 2.5)
    press(qtbot, window, Qt.Key.Key_Escape)
    box = window.player_view.dialog
    assert box is not None and box.text().startswith("End the session now?")
    assert window.session.player.state is State.PAUSED
    button(box, "Keep going").click()
    assert window.session.player.state is State.WORK
    press(qtbot, window, Qt.Key.Key_Escape)
    button(window.player_view.dialog, "End session").click()
    assert window.summary_view.heading.text() == "Session ended early: GUI test"
    first = window.summary_view.table.topLevelItem(0)
    assert (first.text(3), first.text(4)) == ("0 s", "1 skipped, 1 not reached")


def test_keys_win_over_a_focused_button(qtbot, window, clock) -> None:
    window.start_session("gui-test")
    view = window.player_view
    view.skip_button.setFocus()
    qtbot.keyClick(view.skip_button, Qt.Key.Key_Space)
    assert window.session.player.state is State.PAUSED  # paused, not skipped
    assert window.session.player.index == 0


def test_buttons_do_what_their_keys_do(qtbot, window, clock) -> None:
    window.start_session("gui-test")
    later(window, clock, 2.0)
    window.player_view.skip_button.click()
    assert screen(window)[3] == "Set 1 of 2  ·  Right side"
    window.player_view.pause_button.click()
    assert window.player_view.pause_button.text() == "Resume\nSpace"


def test_every_control_has_an_accessible_name_and_tab_order(window) -> None:
    view = window.player_view
    controls = [
        view.back_button,
        view.pause_button,
        view.skip_button,
        view.done_button,
        view.pain_button,
        view.end_button,
        view.full_button,
    ]
    assert all(b.accessibleName() for b in controls)
    order = [controls[0]]
    while len(order) < len(controls):
        order.append(order[-1].nextInFocusChain())
    assert order == controls


def test_f11_toggles_full_screen(qtbot, window) -> None:
    window.start_session("gui-test")
    press(qtbot, window, Qt.Key.Key_F11)
    assert window.isFullScreen()
    press(qtbot, window, Qt.Key.Key_F11)
    assert not window.isFullScreen()


@pytest.mark.parametrize("size", [(640, 480), (1600, 1000)])
def test_countdown_digits_take_a_quarter_of_the_window_height(qtbot, window, size) -> None:
    window.resize(*size)
    window.start_session("gui-test")
    qtbot.waitUntil(lambda: window.size().height() == size[1], timeout=1000)
    window.player_view.resize(window.player_view.size())  # let the layout settle
    assert window.player_view.digit_height() >= window.height() / 4


def test_routine_option_opens_the_routine_and_start_plays_it(qtbot, data_dir: Path) -> None:
    library = load_library(data_dir=data_dir)
    page = build_window(library, data_dir, "daily-ten")
    qtbot.addWidget(page)
    assert page.stack.currentWidget() is page.routine_view
    assert page.routine_view.title.text() == "Daily ten"
    # --start: once the log has answered, the safety questions (never answered here),
    # then the coach, then the player.
    playing = build_window(library, data_dir, "daily-ten", start=True)
    qtbot.addWidget(playing)
    playing.start_log()
    qtbot.waitUntil(lambda: playing.stack.currentWidget() is playing.safety_view, timeout=5000)
    playing.safety_view.none_apply.click()
    playing.safety_view.read_advice.click()
    playing.safety_view.continue_button.click()
    qtbot.waitUntil(
        lambda: (
            playing.stack.currentWidget() is playing.player_view
            or playing.coach_view.start_button.isEnabled()
        ),
        timeout=5000,
    )
    if playing.stack.currentWidget() is playing.coach_view:
        playing.coach_view.start_button.click()
    qtbot.waitUntil(lambda: playing.stack.currentWidget() is playing.player_view, timeout=5000)
    assert playing.session.player.state is State.GET_READY


def test_unknown_routine_is_a_clear_message(data_dir: Path, capsys) -> None:
    assert main(["--routine", "daily-tne", "--data-dir", str(data_dir)]) == 2
    assert capsys.readouterr().err == (
        "footwork: no routine 'daily-tne' (did you mean 'daily-ten'?); --list shows them\n"
    )


def test_waking_from_sleep_pauses_and_says_why(qtbot, window, clock) -> None:
    window.start_session("gui-test")
    later(window, clock, 3.0)
    clock.suspend(600.0)  # the wall clock jumps; the monotonic clock did not run
    later(window, clock, 0.1)
    assert window.player_view.banner.text() == SUSPEND_REASON
    assert screen(window)[2] == "0:02"  # the hold lost no time


def test_every_player_state_has_a_colour() -> None:
    from app.ui.theme import PHASE_COLOURS

    assert set(PHASE_COLOURS) == {state.value for state in State}
