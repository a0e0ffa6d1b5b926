"""The progress log in the window: write-ahead saving, resume, check-ins, failures.

The player runs on a fake clock; the log runs on its real background
thread against a real SQLite file in a temporary data folder, and each
test reads that file back with its own connection, as a user's next start
would.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.core.events import BlockRecord, BlockStatus, SessionStatus
from app.core.library import load_library
from app.core.player import State
from app.core.routine import Side
from app.storage.log import Log
from app.ui.keep_awake import KeepAwake
from app.ui.main_window import MainWindow
from tests.core.fakes import FakeClock
from tests.ui.test_cues import FakeScreenSaver, Recorder

ROUTINE = (
    "format: 1\nkind: routine\nid: two-sides\nname: Two sides\n"
    "defaults: {get_ready: 2s, switch: 1s, rest: 2s}\n"
    "steps:\n  - {exercise: soleus-stretch, sets: 2, time: 3s}\n"
)
# The timeline: 0 get ready, 1 work L, 2 switch, 3 work R, 4 rest, 5 work L, 6 switch, 7 work R


def make_window(qtbot, data_dir: Path, clock: FakeClock, **kwargs) -> MainWindow:
    (data_dir / "routines" / "two-sides.yaml").write_text(ROUTINE)
    win = MainWindow(
        load_library(data_dir=data_dir),
        data_dir,
        clock=clock,
        wall_clock=clock.wall,
        cue_output=Recorder(clock),
        keep_awake=KeepAwake(FakeScreenSaver()),
        **kwargs,
    )
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    return win


def started(qtbot, win: MainWindow) -> MainWindow:
    win.start_log()
    qtbot.waitUntil(lambda: win.log.working or bool(win.log.problem), timeout=5000)
    return win


def idle(qtbot, win: MainWindow) -> None:
    """Let the log thread finish its queue and its answers reach the window."""
    assert win.log.worker is not None
    assert win.log.worker.wait_idle(5.0)
    qtbot.wait(1)  # deliver the queued results on the GUI thread


def tick(win: MainWindow, clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    win.session.timer.timeout.emit()


def stored(data_dir: Path) -> list[tuple[str, str | None, list[tuple[int, str, str]]]]:
    """Every session in the log file: routine, status, and its blocks (phase, side, status)."""
    with Log.open(data_dir) as log:
        sessions = log.sessions()
        return [
            (
                s.routine_id,
                s.status.value if s.status else None,
                [(b.phase_index, b.side.value, b.status.value) for b in log.blocks(s.id)],
            )
            for s in reversed(sessions)
        ]


def test_each_block_is_in_the_log_before_the_screen_says_saved(qtbot, data_dir) -> None:
    clock = FakeClock()
    win = started(qtbot, make_window(qtbot, data_dir, clock))
    win.start_session("two-sides")
    assert win.player_view.saved.text() == "Saving each block in your progress log as it ends."
    tick(win, clock, 2)
    tick(win, clock, 3)  # the left block ends
    idle(qtbot, win)
    assert win.player_view.saved.text() == "Saved in your log: 1 of 4 blocks."
    assert stored(data_dir) == [("two-sides", None, [(1, "left", "completed")])]
    for _ in range(15):
        tick(win, clock, 1)
    idle(qtbot, win)
    assert win.session.player.state is State.DONE
    assert stored(data_dir) == [
        (
            "two-sides",
            "completed",
            [(1, "left", "completed"), (3, "right", "completed"), (5, "left", "completed"),
             (7, "right", "completed")],
        )
    ]  # fmt: skip
    assert win.summary_view.saved.text() == "All 4 blocks are saved in your progress log."


def test_the_check_in_after_a_session_is_saved(qtbot, data_dir) -> None:
    clock = FakeClock()
    win = started(qtbot, make_window(qtbot, data_dir, clock))
    win.start_session("two-sides")
    win.session.end_early()
    panel = win.summary_view.check_in
    assert not panel.save_button.isEnabled()  # a number first
    panel.pain.set_value(3)
    panel.note.setPlainText("Left calf tight")
    panel.per_exercise.setChecked(True)
    panel.exercise_pain["soleus-stretch"].setValue(4)
    panel.save_button.click()
    idle(qtbot, win)
    assert panel.status.text() == "Check-in saved."
    with Log.open(data_dir) as log:
        [session] = log.sessions()
        check_in = log.session_checkin(session.id)
    assert (check_in.pain_during, check_in.note) == (3, "Left calf tight")
    assert dict(check_in.exercise_pain) == {"soleus-stretch": 4}


def crashed_session(data_dir: Path, started_wall: float) -> None:
    """What a crash leaves: an open session with its first block saved."""
    with Log.open(data_dir) as log:
        sid = log.start_session("two-sides", "Two sides", 15, started_wall, planned_blocks=4)
        record = BlockRecord(
            1, 0, "soleus-stretch", "Soleus stretch", Side.LEFT, 1, 2, 3, 3.0, None, None,
            BlockStatus.COMPLETED, started_wall + 2, started_wall + 5,
        )  # fmt: skip
        log.save_block(sid, record, 2)


def resume_box(qtbot, win: MainWindow) -> QMessageBox:
    qtbot.waitUntil(lambda: win.log.dialog is not None, timeout=5000)
    return win.log.dialog


def click(box: QMessageBox, label: str) -> None:
    next(b for b in box.buttons() if b.text() == label).click()


def test_an_unfinished_session_is_resumed_at_the_next_block(qtbot, data_dir) -> None:
    clock = FakeClock()
    crashed_session(data_dir, clock.wall() - 600)
    win = started(qtbot, make_window(qtbot, data_dir, clock))
    box = resume_box(qtbot, win)
    assert "did not finish" in box.text()
    assert "1 of 4 blocks are saved" in box.text()
    assert [b.text() for b in box.buttons()] == ["Resume", "Keep as partial", "Discard"]
    click(box, "Resume")
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.player_view, timeout=5000)
    assert win.player_view.banner.text() == "Switch to the right side"
    for _ in range(15):
        tick(win, clock, 1)
    idle(qtbot, win)
    assert stored(data_dir) == [
        (
            "two-sides",
            "completed",
            [(1, "left", "completed"), (3, "right", "completed"), (5, "left", "completed"),
             (7, "right", "completed")],
        )
    ]  # fmt: skip
    # The summary counts the block saved before the crash too.
    assert win.summary_view.table.topLevelItemCount() == 2


def test_the_question_comes_back_after_a_crash_while_it_was_open(qtbot, data_dir) -> None:
    clock = FakeClock()
    crashed_session(data_dir, clock.wall() - 600)
    first = started(qtbot, make_window(qtbot, data_dir, clock))
    resume_box(qtbot, first)
    first.close()  # no answer given
    assert stored(data_dir)[0][1] is None  # still unfinished
    second = started(qtbot, make_window(qtbot, data_dir, clock))
    assert "did not finish" in resume_box(qtbot, second).text()


@pytest.mark.parametrize(
    ("choice", "after"),
    [("Keep as partial", [("two-sides", "ended early", [(1, "left", "completed")])]),
     ("Discard", [])],
)  # fmt: skip
def test_keep_or_discard_an_unfinished_session(qtbot, data_dir, choice, after) -> None:
    clock = FakeClock()
    crashed_session(data_dir, clock.wall() - 600)
    win = started(qtbot, make_window(qtbot, data_dir, clock))
    click(resume_box(qtbot, win), choice)
    idle(qtbot, win)
    assert stored(data_dir) == after


def test_a_session_older_than_12_hours_cannot_be_resumed(qtbot, data_dir) -> None:
    clock = FakeClock()
    crashed_session(data_dir, clock.wall() - 13 * 3600)
    win = started(qtbot, make_window(qtbot, data_dir, clock))
    box = resume_box(qtbot, win)
    assert [b.text() for b in box.buttons()] == ["Keep as partial", "Discard"]
    assert "more than 12 hours ago" in box.text()


def local_wall(day: date, hour: int) -> float:
    return datetime(day.year, day.month, day.day, hour).astimezone().timestamp()


@pytest.mark.parametrize("answer", ["Save", "Skip"])
def test_the_morning_after_a_session_day_asks_pain_and_stiffness_once(
    qtbot, data_dir, answer
) -> None:
    today = date(2026, 11, 21)
    with Log.open(data_dir) as log:
        sid = log.start_session("two-sides", "Two sides", 15, local_wall(today - timedelta(1), 18))
        record = BlockRecord(
            1, 0, "soleus-stretch", "Soleus stretch", Side.LEFT, 1, 2, 3, 3.0, None, None,
            BlockStatus.COMPLETED, 0, 0,
        )  # fmt: skip
        log.save_block(sid, record, 2)
        log.finish_session(sid, SessionStatus.COMPLETED, local_wall(today - timedelta(1), 19))
    clock = FakeClock(wall_base=local_wall(today, 8) - 100.0)
    win = started(qtbot, make_window(qtbot, data_dir, clock))
    qtbot.waitUntil(lambda: getattr(win, "morning_dialog", None) is not None, timeout=5000)
    dialog = win.morning_dialog
    assert not dialog.save_button.isEnabled()
    if answer == "Save":
        dialog.pain.set_value(2)
        dialog.stiffness.set_value(4)
        dialog.save_button.click()
    else:
        dialog.skip_button.click()
    idle(qtbot, win)
    with Log.open(data_dir) as log:
        morning = log.morning_checkin(today)
    assert morning is not None
    assert (morning.pain, morning.stiffness) == ((2, 4) if answer == "Save" else (None, None))
    win.close()
    # Asked once: the next start the same day does not ask again.
    again = started(qtbot, make_window(qtbot, data_dir, clock))
    idle(qtbot, again)
    idle(qtbot, again)
    assert getattr(again, "morning_dialog", None) is None


def test_a_failed_write_is_shown_at_once_and_the_block_is_kept_and_saved_later(
    qtbot, data_dir
) -> None:
    """The log turns read-only mid-session (a full or failing disk is handled alike)."""
    clock = FakeClock()
    win = make_window(qtbot, data_dir, clock)
    win.log.retry_seconds = 0.05
    win = started(qtbot, win)
    win.start_session("two-sides")
    idle(qtbot, win)
    conn = win.log.worker.log._conn
    conn.execute("PRAGMA query_only = ON")  # every write is refused from now on
    tick(win, clock, 2)
    tick(win, clock, 3)  # the left block ends and cannot be written
    qtbot.waitUntil(lambda: win.player_view.saved.text().startswith("Not saved"), timeout=1000)
    assert "read-only" in win.player_view.saved.text()
    assert "kept" in win.player_view.saved.text()
    assert win.log.worker.failing
    conn.execute("PRAGMA query_only = OFF")  # writable again
    qtbot.waitUntil(lambda: not win.log.worker.failing, timeout=5000)
    idle(qtbot, win)
    assert win.player_view.saved.text() == "Saved in your log: 1 of 4 blocks."
    assert stored(data_dir)[0][2] == [(1, "left", "completed")]


def test_a_log_from_a_newer_footwork_is_left_alone_and_said_so(qtbot, data_dir) -> None:
    import sqlite3

    with Log.open(data_dir):
        pass
    path = data_dir / "log.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = path.read_bytes()
    clock = FakeClock()
    win = started(qtbot, make_window(qtbot, data_dir, clock))
    qtbot.waitUntil(lambda: win.log.dialog is not None, timeout=5000)
    assert "schema version 99" in win.log.dialog.text()
    win.log.dialog.close()
    win.start_session("two-sides")
    assert win.player_view.saved.text().startswith("Sessions are not being saved")
    win.session.end_early()
    assert path.read_bytes() == before


def test_a_damaged_log_is_moved_aside_and_the_newest_backup_restored(qtbot, data_dir) -> None:
    clock = FakeClock()
    crashed_session(data_dir, clock.wall() - 600)
    with Log.open(data_dir) as log:
        log.backup_now()
    path = data_dir / "log.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    win = started(qtbot, make_window(qtbot, data_dir, clock))
    qtbot.waitUntil(lambda: win.log.dialog is not None, timeout=5000)
    assert "damaged" in win.log.dialog.text()
    click(win.log.dialog, "Restore")
    qtbot.waitUntil(lambda: win.log.working, timeout=5000)
    # The restored log still has the unfinished session, and offers it back.
    assert "did not finish" in resume_box(qtbot, win).text()
    assert any(p.name.startswith("log.sqlite3.bad-") for p in data_dir.iterdir())


def test_quitting_while_the_disk_refuses_does_not_hang_and_says_so(qtbot, data_dir) -> None:
    import time

    clock = FakeClock()
    win = make_window(qtbot, data_dir, clock)
    win.log.retry_seconds = 5.0  # a retry still waiting when the user quits
    win = started(qtbot, win)
    win.start_session("two-sides")
    idle(qtbot, win)
    win.log.worker.log._conn.execute("PRAGMA query_only = ON")
    tick(win, clock, 2)
    tick(win, clock, 3)
    qtbot.waitUntil(lambda: win.log.worker.failing, timeout=1000)
    began = time.monotonic()
    assert win.log.close() is False  # the kept block could not be written
    assert time.monotonic() - began < 2.0


def test_a_block_the_log_refuses_for_good_is_said_not_saved(qtbot, data_dir) -> None:
    """The session is discarded under the player (as a second window once could): the next
    block is refused, and the user hears of it instead of it being dropped."""
    clock = FakeClock()
    win = started(qtbot, make_window(qtbot, data_dir, clock))
    win.start_session("two-sides")
    tick(win, clock, 2)
    tick(win, clock, 3)  # the left block is saved
    idle(qtbot, win)
    session_id = win.session_log.session_id
    win.log.worker.log.discard(session_id)
    tick(win, clock, 1)
    tick(win, clock, 3)  # the right block ends: its session is gone
    idle(qtbot, win)
    qtbot.waitUntil(lambda: win.log.dialog is not None, timeout=2000)
    expected = f"Not saved in your progress log: There is no session {session_id} in the log."
    assert win.player_view.saved.text() == expected
    assert win.log.dialog.text() == expected
    win.log.dialog.close()
