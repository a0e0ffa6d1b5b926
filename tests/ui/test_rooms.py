"""The window's rooms: the log's change signal, the start of a session, the menus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QKeySequence

from app.core.library import load_library
from app.storage.records import Activity, Exposure
from app.ui.actions import MENUS
from app.ui.changes import Change
from app.ui.log_controller import LogController
from app.ui.main_window import MainWindow
from app.ui.screen import Screen
from app.ui.session_start import SessionStart
from tests.test_coaching import day
from tests.ui.test_session_start import window_on_day


def idle(qtbot, win: MainWindow) -> None:
    assert win.log.worker is not None and win.log.worker.wait_idle(5.0)
    qtbot.wait(1)


# -- the log says what each write changed ------------------------------------------------


def test_a_write_is_announced_after_its_answer_and_a_read_is_not(qtbot, data_dir: Path) -> None:
    controller = LogController(data_dir, window=None)  # type: ignore[arg-type]
    heard: list[object] = []
    controller.changed.connect(lambda changes: heard.append(changes))
    controller.start()
    qtbot.waitUntil(lambda: controller.working, timeout=5000)
    entry = Exposure(day(3), 20, Activity.WALK, "")
    controller.call(
        lambda db: db.add_exposure(entry),
        lambda _: heard.append("done"),
        changes=Change.EXPOSURE,
    )
    controller.call(lambda db: db.exposures(), lambda _: heard.append("read"))
    qtbot.waitUntil(lambda: len(heard) == 3, timeout=5000)
    assert heard == ["done", Change.EXPOSURE, "read"]
    assert controller.close()


def test_the_screen_on_show_reads_again_when_a_write_changes_what_it_shows(
    qtbot, data_dir: Path
) -> None:
    win = window_on_day(qtbot, data_dir, 14)
    view = win.show_history()
    idle(qtbot, win)
    assert view.data is not None and len(view.data.barefoot_per_week) == 0
    # A barefoot entry saved from elsewhere: History, on show, reads again.
    entry = Exposure(day(13), 25, Activity.RUN, "")
    win.log.call(lambda db: db.add_exposure(entry), changes=Change.EXPOSURE)
    idle(qtbot, win)
    idle(qtbot, win)
    assert view.data.barefoot_per_week.y == (25.0,)


def test_a_screen_not_on_show_reads_when_it_is_shown_not_before(qtbot, data_dir: Path) -> None:
    win = window_on_day(qtbot, data_dir, 14)
    view = win.show_history()
    idle(qtbot, win)
    win.show_library()
    asked: list[bool] = []
    view.reload_wanted.connect(lambda: asked.append(True))
    win.log.call(
        lambda db: db.add_exposure(Exposure(day(13), 5, Activity.WALK)), changes=Change.EXPOSURE
    )
    idle(qtbot, win)
    assert asked == []
    win.show_history()
    idle(qtbot, win)
    assert view.data is not None and view.data.barefoot_per_week.y == (5.0,)


def test_every_screen_shares_the_screen_interface(qtbot, data_dir: Path) -> None:
    win = window_on_day(qtbot, data_dir, 14)
    for name in ("routine", "player", "safety", "coach", "exposure", "program", "summary"):
        getattr(win, f"{name}_view")
    win.show_history()
    screens = [win.stack.widget(i) for i in range(win.stack.count())]
    assert len(screens) == 9
    assert all(isinstance(screen, Screen) for screen in screens)


# -- the start of a session, without a window ----------------------------------------------


class FakeLog:
    """What the start flow asks of the log controller: has it answered, does it work."""

    def __init__(self) -> None:
        self.started = False
        self.working = False
        self.problem = ""
        self.calls: list[tuple[Callable[[Any], Any], Any, Any, Change]] = []

    def call(self, run, on_done=None, on_error=None, *, changes=Change.NONE) -> None:
        self.calls.append((run, on_done, on_error, changes))


def start_flow(qtbot, data_dir: Path, log: FakeLog) -> tuple[SessionStart, list[tuple]]:
    routines = load_library(data_dir=data_dir).routines
    start = SessionStart(log, lambda: routines, lambda: day(10), lambda: 0.0)  # type: ignore[arg-type]
    seen: list[tuple] = []
    for name in ("safety_wanted", "coach_waiting", "coach_failed", "play_wanted", "left"):
        getattr(start, name).connect(lambda *args, name=name: seen.append((name, *args)))
    return start, seen


def test_a_start_before_the_log_answers_waits_for_it(qtbot, data_dir: Path) -> None:
    log = FakeLog()
    start, seen = start_flow(qtbot, data_dir, log)
    start.begin("daily-ten")
    assert seen == [] and log.calls == []
    log.started, log.problem = True, "Sessions are not being saved: the disk is gone"
    start.log_answered()
    # Without a log the safety answers are unknown: asked, once this run.
    assert seen == [("safety_wanted", None)]
    start.safety_answered(object())
    assert [s[0] for s in seen] == ["safety_wanted", "coach_waiting", "coach_failed"]
    assert seen[-1][2] == "Sessions are not being saved: the disk is gone"
    start.decided([])
    name, routine, resume = seen[-1]
    assert (name, routine.id, resume) == ("play_wanted", "daily-ten", None)
    assert log.calls == []  # nothing written to a log that is not there


def test_back_from_the_coach_goes_to_the_routine_it_began_on(qtbot, data_dir: Path) -> None:
    log = FakeLog()
    log.started, log.problem = True, "no log"
    start, seen = start_flow(qtbot, data_dir, log)
    start.begin("daily-ten")
    start.safety_answered(object())
    start.coach_back()
    assert seen[-1] == ("left", "daily-ten")
    start.coach_back()  # twice: the coach no longer shows a routine
    assert seen[-1] == ("left", None)


# -- the menus, declared once ------------------------------------------------------------------


def test_the_menus_hold_every_declared_action_with_its_keys(qtbot, data_dir: Path) -> None:
    win = MainWindow(load_library(data_dir=data_dir), data_dir)
    qtbot.addWidget(win)
    menus = [a.menu() for a in win.menuBar().actions()]
    assert [m.title() for m in menus] == [title for title, _ in MENUS]
    for menu, (_, entries) in zip(menus, MENUS, strict=True):
        shown = menu.actions()
        assert [a.isSeparator() for a in shown] == [e is None for e in entries]
        for action, entry in zip(shown, entries, strict=True):
            if entry is not None:
                assert action is win.menu_actions[entry.name]
                assert action.text() == entry.text
    assert QKeySequence("Ctrl+,") in win.menu_actions["settings"].shortcuts()
    assert win.menu_actions["history"].shortcut() == QKeySequence("Ctrl+H")


def test_a_view_menu_action_shows_its_screen(qtbot, data_dir: Path) -> None:
    win = window_on_day(qtbot, data_dir, 14)
    win.menu_actions["exposure"].trigger()
    assert win.stack.currentWidget() is win.exposure_view
    win.menu_actions["routines"].trigger()
    assert win.stack.currentWidget() is win.library_view


def test_a_file_menu_action_opens_history_and_asks_there(qtbot, data_dir: Path) -> None:
    from app.ui.history.files import FileAction

    win = window_on_day(qtbot, data_dir, 14)
    asked: list[FileAction] = []
    win.history_view.choose_file = lambda parent, action, suggested: asked.append(action)
    win.menu_actions["export_csv"].trigger()
    assert win.stack.currentWidget() is win.history_view
    win.menu_actions["import"].trigger()
    assert asked == [FileAction.EXPORT_CSV, FileAction.IMPORT]
