"""Damage found while the window runs: the full check after start-up, the restore dialog,
a session that is being played meanwhile, backups skipped for disk space.

The log runs on its real thread against real files; the damage is real
bytes changed in the file (an index entry that no longer matches its row:
only the full ``integrity_check`` sees it, so the log opens), or, for
damage that comes while a session plays, an index definition changed
through SQLite itself. The timers are emitted by hand.
"""

from __future__ import annotations

import time
from pathlib import Path

from app.core.events import SessionStatus
from app.core.player import State
from app.storage import Log, list_backups
from app.storage.backups import Backup, take_backup
from app.storage.errors import DamagedLogError
from app.ui.restore_dialog import RestoreDialog
from tests.core.fakes import FakeClock
from tests.storage.test_damage import flip, index_flip, make_log
from tests.ui.test_log_flows import click, idle, make_window, started, tick

YEAR = 365 * 86400.0


def damaged_index(data_dir: Path) -> None:
    """Three sessions, a backup of them, then an index entry that no longer matches."""
    make_log(data_dir)
    path = data_dir / "log.sqlite3"
    flip(path, index_flip(path), 0x01)


def bad_logs(data_dir: Path) -> list[Path]:
    return [p for p in data_dir.iterdir() if p.name.startswith("log.sqlite3.bad-")]


def restore_dialog(qtbot, win) -> RestoreDialog:
    qtbot.waitUntil(lambda: isinstance(win.log.dialog, RestoreDialog), timeout=5000)
    return win.log.dialog


def sessions_in(data_dir: Path) -> list[tuple[str, str | None, int]]:
    with Log.open(data_dir) as log:
        found = [
            (s.routine_id, s.status.value if s.status else None, s.blocks)
            for s in reversed(log.sessions())
        ]
        log.close(backup=False)
    return found


def test_the_full_check_after_start_up_offers_the_backups(qtbot, data_dir) -> None:
    damaged_index(data_dir)
    clock = FakeClock()
    win = make_window(qtbot, data_dir, clock)
    opened = []
    win.log.ready.connect(lambda: opened.append(True))
    win.start_log()
    box = restore_dialog(qtbot, win)  # the full check ran by itself on the log's thread
    assert opened  # quick_check at open does not compare indexes with tables
    assert "missing from index sessions_by_start" in box.text()
    assert "moved it aside" in box.text() and "nothing was deleted" in box.text()
    [moved] = bad_logs(data_dir)
    assert not (data_dir / "log.sqlite3").exists()
    assert not win.log.working
    [row] = [box.table.topLevelItem(i) for i in range(box.table.topLevelItemCount())]
    assert row.text(1) == "3" and row.text(2) == "Wed 12 Mar 2025"
    assert box.chosen == list_backups(data_dir)[0]
    click(box, "Restore")
    qtbot.waitUntil(lambda: win.log.working, timeout=5000)
    assert [s[0] for s in sessions_in(data_dir)] == ["daily-ten"] * 3
    assert moved.exists()


def test_an_unanswered_start_up_question_about_a_log_set_aside_lapses(qtbot, data_dir) -> None:
    """The resume question was open when the check found damage: it is asked again of the
    restored log, and closing it then keeps nothing in the log set aside."""
    make_log(data_dir)
    with Log.open(data_dir) as log:  # an unfinished session, in the backup too
        log.start_session("two-sides", "Two sides", 15, 1741593600.0 + 5 * 86400)
    path = data_dir / "log.sqlite3"
    flip(path, index_flip(path), 0x01)
    clock = FakeClock()
    win = make_window(qtbot, data_dir, clock)
    win.start_log()
    box = restore_dialog(qtbot, win)
    click(box, "Restore")
    qtbot.waitUntil(lambda: "did not finish" in getattr(win.log.dialog, "text", str)())
    assert bad_logs(data_dir)


def damage_an_index(log: Log) -> None:
    """Damage that comes while the log is open, after the checks at start-up passed (a
    disk failing meanwhile), and that reads go on past: blocks_by_exercise now says it
    holds exercise names, and its entries are exercise ids. Only the full check sees it.

    (A routine name that is not UTF-8 served here once; it is a bad row now, which the
    readers leave out, and no damage.)"""
    conn = log._conn
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_schema SET sql = replace(sql, '(exercise_id)', '(exercise_name)') "
        "WHERE name = 'blocks_by_exercise'"
    )
    conn.execute(f"PRAGMA schema_version = {version + 1}")
    conn.execute("PRAGMA writable_schema = OFF")


def damage_while_playing(win) -> None:
    win.log.call(damage_an_index, on_error=lambda exc: None)
    win.log.call(lambda log: log.check_integrity(), on_error=lambda exc: None)


def test_damage_found_during_a_session_waits_for_its_end_and_loses_nothing(qtbot, data_dir) -> None:
    make_log(data_dir)
    clock = FakeClock()
    win = started(qtbot, make_window(qtbot, data_dir, clock))
    win.start_session("two-sides")
    tick(win, clock, 2)
    tick(win, clock, 3)  # the left block ends and is saved
    idle(qtbot, win)
    damage_while_playing(win)
    idle(qtbot, win)
    assert win.log.damage is not None
    assert "missing from index blocks_by_exercise" in win.log.damage
    assert win.log.dialog is None  # not in the middle of an exercise
    assert (data_dir / "log.sqlite3").exists() and not bad_logs(data_dir)
    for _ in range(15):
        tick(win, clock, 1)  # three more blocks, still written to the log
    assert win.session.player.state is State.DONE
    box = restore_dialog(qtbot, win)  # now the session is over
    assert win.stack.currentWidget() is win.summary_view
    click(box, "Restore")
    qtbot.waitUntil(lambda: win.log.working, timeout=5000)
    panel = win.summary_view.check_in  # the check-in after it goes to the restored log
    panel.pain.set_value(6)
    panel.save_button.click()
    idle(qtbot, win)
    assert panel.status.text() == "Check-in saved."
    assert win.summary_view.saved.text() == "All 4 blocks are saved in your progress log."
    assert sessions_in(data_dir) == [  # oldest first: the fake clock is in 2023
        ("two-sides", "completed", 4),
        ("daily-ten", "completed", 4),
        ("daily-ten", "completed", 4),
        ("daily-ten", "completed", 4),
    ]
    with Log.open(data_dir) as log:
        [played] = [s for s in log.sessions() if s.routine_id == "two-sides"]
        assert log.session_checkin(played.id).pain_during == 6
        log.close(backup=False)


def test_starting_a_new_log_after_damage_keeps_the_session_just_played(qtbot, data_dir) -> None:
    make_log(data_dir)
    clock = FakeClock()
    win = started(qtbot, make_window(qtbot, data_dir, clock))
    win.start_session("two-sides")
    tick(win, clock, 2)
    tick(win, clock, 3)
    win.session.end_early()
    idle(qtbot, win)
    damage_while_playing(win)
    click(restore_dialog(qtbot, win), "Start a new log")
    qtbot.waitUntil(lambda: win.log.working, timeout=5000)
    idle(qtbot, win)
    assert sessions_in(data_dir) == [("two-sides", "ended early", 1)]


def test_the_dialog_offers_what_the_backups_hold_not_what_their_names_say(qtbot, data_dir) -> None:
    """A stale backup named a year ahead (4 sessions) and the real newest one (9)."""
    now = time.time()
    with Log.open(data_dir) as log:
        for n in range(4):
            sid = log.start_session("daily-ten", "Daily ten", 600, now - (9 - n) * 86400)
            log.finish_session(sid, SessionStatus.COMPLETED, now - (9 - n) * 86400 + 600)
        log.backup_now(now + YEAR)
        log.close(backup=False)
    with Log.open(data_dir) as log:
        for n in range(4, 9):
            sid = log.start_session("daily-ten", "Daily ten", 600, now - (9 - n) * 86400)
            log.finish_session(sid, SessionStatus.COMPLETED, now - (9 - n) * 86400 + 600)
    (data_dir / "log.sqlite3").write_bytes(b"scrambled by a failing disk" * 300)
    clock = FakeClock(wall_base=now - 100.0)
    win = started(qtbot, make_window(qtbot, data_dir, clock))
    box = restore_dialog(qtbot, win)
    rows = [
        [box.table.topLevelItem(i).text(c) for c in range(3)]
        for i in range(box.table.topLevelItemCount())
    ]
    assert [row[1] for row in rows] == ["9", "4"]
    assert "dated in the future" in rows[1][0] and "future" not in rows[0][0]
    newest = time.localtime(now - 86400)
    assert rows[0][2] == time.strftime("%a %d %b %Y", newest)
    assert box.chosen is not None and box.chosen.contents.sessions == 9
    click(box, "Restore")
    qtbot.waitUntil(lambda: win.log.working, timeout=5000)
    assert len(sessions_in(data_dir)) == 9


def test_a_backup_that_fails_to_restore_is_marked_and_the_others_offered(qtbot, data_dir) -> None:
    make_log(data_dir)
    with Log.open(data_dir) as log:
        log.start_session("daily-ten", "Daily ten", 600, 1741593600.0 + 9 * 86400)
        take_backup(log._conn, data_dir)  # a second one, kept: no thinning
        log.close(backup=False)
    (data_dir / "log.sqlite3").write_bytes(b"scrambled" * 1000)
    clock = FakeClock()
    win = started(qtbot, make_window(qtbot, data_dir, clock))
    box = restore_dialog(qtbot, win)
    best = box.chosen
    assert best is not None and best.contents.sessions == 4
    data = bytearray(best.path.read_bytes())  # rots after it was listed
    data[4096:8192] = b"\xff" * 4096
    best.path.write_bytes(bytes(data))
    click(box, "Restore")
    qtbot.waitUntil(lambda: win.log.dialog not in (box, None), timeout=5000)
    again = restore_dialog(qtbot, win)
    assert "cannot be restored" in again.table.topLevelItem(0).text(2)
    assert again.chosen is not None and again.chosen.contents.sessions == 3
    click(again, "Restore")
    qtbot.waitUntil(lambda: win.log.working, timeout=5000)
    assert len(sessions_in(data_dir)) == 3


def test_with_no_backup_the_dialog_offers_a_new_log(qtbot, data_dir) -> None:
    (data_dir / "log.sqlite3").write_text("not a database\n" * 100)
    clock = FakeClock()
    win = started(qtbot, make_window(qtbot, data_dir, clock))
    box = restore_dialog(qtbot, win)
    assert "There is no backup to restore" in box.text()
    assert [b.text() for b in box.buttons()] == ["Start a new log"]
    click(box, "Start a new log")
    qtbot.waitUntil(lambda: win.log.working, timeout=5000)


def test_a_backup_skipped_for_disk_space_is_said_once_at_the_top(qtbot, data_dir) -> None:
    clock = FakeClock()
    win = make_window(
        qtbot, data_dir, clock, log_opener=lambda: Log.open(data_dir, free_space=lambda _: 0)
    )
    win = started(qtbot, win)
    for _ in range(2):
        win.start_session("two-sides")
        tick(win, clock, 2)
        tick(win, clock, 3)
        win.session.end_early()
        clock.suspend(3600.0)  # a backup is due after each
        win.log.backup_if_due()
        idle(qtbot, win)
    assert win.notice.isVisible()
    assert win.notice.text().count("No backup of the progress log was made") == 1
    assert list_backups(data_dir) == []


def test_the_restore_dialog_names_every_backup_it_lists(qtbot, tmp_path) -> None:
    """One that cannot be read says why and cannot be chosen."""
    taken = time.time()
    from datetime import datetime

    moment = datetime.fromtimestamp(taken).astimezone()
    bad = Backup(tmp_path / "b.sqlite3", moment, problem="damaged: page 3")
    error = DamagedLogError("file is not a database", tmp_path / "log.bad", [bad])
    box = RestoreDialog(error, {}, moment)
    qtbot.addWidget(box)
    assert box.chosen is None
    assert [b.text() for b in box.buttons()] == ["Start a new log"]
    assert "None of the backups can be restored" in box.text()
    assert box.table.topLevelItem(0).text(2) == "cannot be restored: damaged: page 3"


def test_escape_does_not_choose_for_the_user(qtbot, data_dir) -> None:
    from PySide6.QtCore import Qt

    make_log(data_dir)
    (data_dir / "log.sqlite3").write_text("not a database\n" * 100)
    clock = FakeClock()
    win = started(qtbot, make_window(qtbot, data_dir, clock))
    box = restore_dialog(qtbot, win)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert win.log.dialog is box and box.isVisible()
    assert not (data_dir / "log.sqlite3").exists()  # no new log was started behind it
