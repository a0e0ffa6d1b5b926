"""Backups: when they are taken, what they hold, how they are thinned and restored."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.events import SessionStatus
from app.storage import (
    BACKUP_INTERVAL_SECONDS,
    BackupError,
    DamagedLogError,
    Log,
    backups_to_keep,
    list_backups,
    restore_backup,
)
from app.storage import backups as backups_module
from app.storage.backups import room_for_backup
from app.storage.errors import BackupSkippedError
from tests.storage.conftest import T0, block, mode, query
from tests.storage.test_damage import flip, index_flip

MINUTE = 60.0


def test_backup_now_is_a_checked_self_contained_owner_only_copy(log: Log, data_dir: Path) -> None:
    session = log.start_session("daily-ten", "Daily ten", 600, T0)
    log.save_block(session, block(0), 1)
    backup = log.backup_now()
    assert backup.path.parent == data_dir / "backups"
    assert mode(data_dir / "backups") == 0o700
    assert mode(backup.path) == 0o600
    assert backup.periodic
    assert list_backups(data_dir) == [backup]
    # One file, no -wal beside it, readable on its own.
    assert [p.name for p in (data_dir / "backups").iterdir()] == [backup.path.name]
    assert query(backup.path, "PRAGMA journal_mode") == [("delete",)]
    assert query(backup.path, "PRAGMA integrity_check") == [("ok",)]
    assert query(backup.path, "SELECT session_id, phase_index FROM blocks") == [(session, 0)]


def test_backup_if_due_needs_a_change_and_thirty_minutes(log: Log) -> None:
    start = T0
    assert log.backup_if_due(start) is None  # nothing changed since open
    session = log.start_session("a", "A", 60, start)
    first = log.backup_if_due(start)
    assert first is not None
    log.save_block(session, block(0), 1)
    assert log.backup_if_due(start + BACKUP_INTERVAL_SECONDS - 1) is None  # too soon
    second = log.backup_if_due(start + BACKUP_INTERVAL_SECONDS)
    assert second is not None and second.taken > first.taken
    assert log.backup_if_due(start + 10 * BACKUP_INTERVAL_SECONDS) is None  # nothing changed


def test_the_thirty_minutes_count_across_restarts(data_dir: Path) -> None:
    with Log.open(data_dir) as log:
        log.start_session("a", "A", 60, T0)
        assert log.backup_now(T0) is not None
    with Log.open(data_dir) as log:
        log.start_session("b", "B", 60, T0)
        assert log.backup_if_due(T0 + 10 * MINUTE) is None
        assert log.backup_if_due(T0 + 31 * MINUTE) is not None
        log.close(backup=False)


def test_close_backs_up_only_when_something_changed(data_dir: Path) -> None:
    Log.open(data_dir).close()
    assert list_backups(data_dir) == []
    with Log.open(data_dir) as log:
        log.start_session("a", "A", 60, T0)
    assert len(list_backups(data_dir)) == 1
    Log.open(data_dir).close()
    assert len(list_backups(data_dir)) == 1


def test_a_backup_failing_its_integrity_check_is_deleted_and_reported(
    log: Log, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log.start_session("a", "A", 60, T0)
    monkeypatch.setattr(backups_module, "integrity_problems", lambda conn: "row 3 missing")
    with pytest.raises(BackupError, match=r"failed its integrity check \(row 3 missing\)"):
        log.backup_now()
    assert list((data_dir / "backups").iterdir()) == []
    assert log.changed_since_backup  # still owed a backup


def test_an_interrupted_backup_is_never_listed_and_is_cleared(log: Log, data_dir: Path) -> None:
    folder = data_dir / "backups"
    folder.mkdir()
    leftover = folder / ".log-20250101T000000.000Z.sqlite3.tmp"  # an older Footwork's name
    leftover.write_bytes(b"half a backup")
    stale = time.time() - backups_module.STALE_TEMP_SECONDS - 60
    os.utime(leftover, (stale, stale))
    assert list_backups(data_dir) == []
    log.start_session("a", "A", 60, T0)
    log.backup_now()
    assert not leftover.exists()
    assert len(list_backups(data_dir)) == 1


def test_two_backups_in_the_same_millisecond_get_two_names(log: Log) -> None:
    moment = at(0)
    first = backups_module.take_backup(log._conn, log.data_dir, now=moment)
    second = backups_module.take_backup(log._conn, log.data_dir, now=moment)
    assert first.path != second.path and first.path.exists() and second.path.exists()
    # Thinning keeps the newer of the two: it is the newest of its day.
    log.start_session("a", "A", 60, T0)
    third = log.backup_now(moment.timestamp())
    assert list_backups(log.data_dir) == [third]


# ------------------------------------------------------------------- thinning


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2025, 1, 1, hour, tzinfo=UTC) + timedelta(days=day)


def test_thinning_keeps_the_newest_of_each_day() -> None:
    times = [at(day, hour) for day in range(3) for hour in (8, 12, 20)]
    assert backups_to_keep(times) == {at(0, 20), at(1, 20), at(2, 20)}


def test_thinning_keeps_12_days_then_10_weeks_then_9_months() -> None:
    times = [at(day) for day in range(800)]  # one a day, 2025-01-01 to 2027-03-11 (a Thursday)
    keep = sorted((t.date().isoformat() for t in backups_to_keep(times)), reverse=True)
    assert keep == [
        # The newest of each of the last 12 days.
        *(f"2027-03-{day:02d}" for day in range(11, 0, -1)),
        "2027-02-28",
        # Then the newest of each week no kept backup falls in: Sundays...
        *(f"2027-02-{day:02d}" for day in (21, 14, 7)),
        *(f"2027-01-{day:02d}" for day in (31, 24, 17, 10, 3)),
        # ...but December has no kept backup yet: its newest is kept as a monthly one
        # (its ISO week, 2026-W53, is kept already through 2027-01-03).
        "2026-12-31",
        "2026-12-27",  # weekly 9
        "2026-12-20",  # weekly 10
        # Then the newest of each month no kept backup falls in, until 9 monthly ones.
        "2026-11-30",
        "2026-10-31",
        "2026-09-30",
        "2026-08-31",
        "2026-07-31",
        "2026-06-30",
        "2026-05-31",
        "2026-04-30",
    ]


def test_thinning_deletes_files_and_spares_migration_backups(log: Log, data_dir: Path) -> None:
    log.start_session("a", "A", 60, T0)
    backups_module.take_backup(log._conn, data_dir, before_version=2, now=at(-500))
    for day in range(0, 300, 3):
        log.backup_now(at(day).timestamp())
    periodic = [b for b in list_backups(data_dir) if b.periodic]
    assert len(periodic) <= 31
    assert periodic[0].taken == at(297)
    assert backups_to_keep(b.taken for b in periodic) == {b.taken for b in periodic}
    assert [b.before_version for b in list_backups(data_dir) if not b.periodic] == [2]


moments = st.lists(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
    max_size=300,
)


@settings(max_examples=150, deadline=None)
@given(moments)
def test_thinning_properties(times: list[datetime]) -> None:
    keep = backups_to_keep(times)
    assert keep <= set(times)
    assert len(keep) <= 12 + 10 + 9
    if times:
        assert max(times) in keep  # the newest backup is never thinned away
        days = sorted({t.date() for t in times}, reverse=True)[:12]
        # Each of the 12 newest days keeps exactly its newest backup.
        for day in days:
            assert [t for t in keep if t.date() == day] == [
                max(t for t in times if t.date() == day)
            ]
    assert len({t.date() for t in keep}) == len(keep)  # at most one per day
    assert backups_to_keep(keep) == keep  # thinning again removes nothing


# -------------------------------------------------------------------- restore


def test_restore_puts_a_copy_in_place_and_moves_the_current_log_aside(data_dir: Path) -> None:
    log = Log.open(data_dir)
    session = log.start_session("a", "A", 60, T0)
    log.finish_session(session, SessionStatus.COMPLETED, T0 + 60)
    backup = log.backup_now()
    log.start_session("b", "B", 60, T0 + 100)  # after the backup
    log.close(backup=False)
    backup_bytes = backup.path.read_bytes()
    moved = restore_backup(data_dir, backup.path)
    assert moved is not None and moved.name.startswith("log.sqlite3.replaced-")
    assert query(moved, "SELECT routine_id FROM sessions ORDER BY id") == [("a",), ("b",)]
    assert backup.path.read_bytes() == backup_bytes  # the backup itself is untouched
    assert mode(data_dir / "log.sqlite3") == 0o600
    with Log.open(data_dir) as log:
        assert [s.routine_id for s in log.sessions()] == ["a"]


def test_restore_into_an_empty_folder(data_dir: Path, tmp_path: Path) -> None:
    with Log.open(data_dir) as log:
        log.start_session("a", "A", 60, T0)
    [backup] = list_backups(data_dir)
    elsewhere = tmp_path / "new-machine"
    elsewhere.mkdir()
    assert restore_backup(elsewhere, backup.path) is None
    with Log.open(elsewhere) as log:
        assert [s.routine_id for s in log.sessions()] == ["a"]


def test_restoring_a_damaged_backup_changes_nothing(data_dir: Path) -> None:
    with Log.open(data_dir) as log:
        log.start_session("a", "A", 60, T0)
    [backup] = list_backups(data_dir)
    data = bytearray(backup.path.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    backup.path.write_bytes(bytes(data))
    current = (data_dir / "log.sqlite3").read_bytes()
    with pytest.raises(BackupError, match="is damaged"):
        restore_backup(data_dir, backup.path)
    assert (data_dir / "log.sqlite3").read_bytes() == current
    assert sorted(p.name for p in data_dir.iterdir()) == ["backups", "log.sqlite3", "routines"]


# ---------------------------------------------------------- disk space margin

MB = 1024 * 1024


def free(megabytes: float):
    """A free-space function that says the disk has ``megabytes`` free."""
    return lambda folder: int(megabytes * MB)


def test_a_backup_that_would_leave_too_little_free_space_is_skipped_and_said_once(
    data_dir: Path,
) -> None:
    space = {"free": 49 * MB}
    log = Log.open(data_dir, free_space=lambda folder: space["free"])
    try:
        log.start_session("a", "A", 60, T0)
        with pytest.raises(BackupSkippedError) as caught:
            log.backup_now(T0)
        assert "the disk has 49 MB free" in str(caught.value)
        assert "less than the 50 MB Footwork keeps free" in str(caught.value)
        assert log.backup_now(T0 + 1) is None  # said once
        assert log.backup_if_due(T0 + BACKUP_INTERVAL_SECONDS) is None
        assert list_backups(data_dir) == []
        assert log.changed_since_backup  # still owed
        space["free"] = 200 * MB
        assert log.backup_now(T0 + 2) is not None
        space["free"] = 10 * MB
        log.start_session("b", "B", 60, T0)
        with pytest.raises(BackupSkippedError):  # said again after backups had resumed
            log.backup_now(T0 + 3)
    finally:
        log.close(backup=False)


def test_the_margin_is_twice_the_log_when_the_log_is_large(data_dir: Path) -> None:
    log_bytes = 40 * MB
    assert room_for_backup(data_dir, log_bytes, free(40 + 2 * 40)) is None  # 80 MB left after
    assert "less than the 80 MB" in (room_for_backup(data_dir, log_bytes, free(119)) or "")
    assert room_for_backup(data_dir, 1 * MB, free(51)) is None  # the minimum: 50 MB
    assert room_for_backup(data_dir, 1 * MB, lambda folder: None) is None  # cannot tell: go on
    assert backups_module.BACKUP_MARGIN_FACTOR == 2
    assert backups_module.BACKUP_MARGIN_MIN_BYTES == 50 * MB


def test_closing_on_a_nearly_full_disk_keeps_the_log_and_says_why(data_dir: Path) -> None:
    """A skip is no failure: a command that wrote the log (an import) still succeeded."""
    log = Log.open(data_dir, free_space=free(20))
    session = log.start_session("a", "A", 60, T0)
    log.save_block(session, block(0), 1)
    log.close()
    assert log.closed
    assert log.skipped_backup is not None and "the disk has 20 MB free" in log.skipped_backup
    assert list_backups(data_dir) == []
    assert query(data_dir / "log.sqlite3", "SELECT count(*) FROM blocks") == [(1,)]


# ---------------------------------------------------------------- clocks

YEAR = 365 * 86400.0


def play(log: Log, count: int, first: int = 0) -> None:
    for n in range(first, first + count):
        session = log.start_session("daily-ten", "Daily ten", 600, T0 + n * 86400)
        log.save_block(session, block(0, started_wall=T0 + n * 86400), 1)
        log.finish_session(session, SessionStatus.COMPLETED, T0 + n * 86400 + 600)


def test_a_backup_dated_in_the_future_does_not_hold_back_new_ones(data_dir: Path) -> None:
    now = time.time()
    with Log.open(data_dir) as log:
        play(log, 4)
        ahead = log.backup_now(now + YEAR)  # the clock was a year ahead at this close
        log.close(backup=False)
    assert ahead is not None and ahead.in_future(datetime.now().astimezone())
    with Log.open(data_dir) as log:  # the clock is right again
        play(log, 5, first=4)
        made = log.backup_if_due(now)
        assert made is not None
        log.close(backup=False)
    with Log.open(data_dir) as log:  # and the 30 minutes count from the real one
        play(log, 1, first=9)
        assert log.backup_if_due(now + 60) is None
        assert log.backup_if_due(now + BACKUP_INTERVAL_SECONDS + 1) is not None
        log.close(backup=False)


def test_a_clock_put_back_during_a_run_does_not_stop_backups(log: Log) -> None:
    log.start_session("a", "A", 60, T0)
    assert log.backup_if_due(T0 + YEAR) is not None
    log.start_session("b", "B", 60, T0)
    assert log.backup_if_due(T0 + 60) is not None  # put back a year: not "too soon"


def test_the_damaged_log_offers_the_backup_with_the_newest_sessions_not_the_newest_name(
    data_dir: Path,
) -> None:
    """The issue's case: a stale backup dated a year ahead (4 sessions) was offered over
    the newest real one (9 sessions)."""
    now = time.time()
    with Log.open(data_dir) as log:
        play(log, 4)
        log.backup_now(now + YEAR)
        log.close(backup=False)
    with Log.open(data_dir) as log:
        play(log, 5, first=4)  # closing takes the real backup
    real, ahead = sorted(list_backups(data_dir), key=lambda b: b.taken)
    assert query(ahead.path, "SELECT count(*) FROM sessions") == [(4,)]
    (data_dir / "log.sqlite3").write_bytes(b"not a database any more" * 200)
    with pytest.raises(DamagedLogError) as caught:
        Log.open(data_dir)
    offered = caught.value.backups
    assert [b.path for b in offered] == [real.path, ahead.path]
    assert offered[0].contents is not None and offered[0].contents.sessions == 9
    newest = datetime.fromtimestamp(T0 + 8 * 86400).astimezone()
    assert offered[0].holds() == f"9 sessions, the newest on {newest:%a %d %b %Y}"
    assert "9 sessions" in str(caught.value)
    restore_backup(data_dir, offered[0].path)
    with Log.open(data_dir) as log:
        assert len(log.sessions()) == 9


def test_backups_are_ranked_by_what_they_hold_then_by_file_time(data_dir: Path) -> None:
    def take(log: Log, wall: float) -> backups_module.Backup:  # no thinning
        moment = datetime.fromtimestamp(wall, UTC)
        return backups_module.take_backup(log._conn, data_dir, now=moment)

    with Log.open(data_dir) as log:
        play(log, 2)
        first = take(log, T0 + 5 * YEAR)  # named far ahead, holds 2 sessions
        play(log, 1, first=2)
        second = take(log, T0)  # named earliest, holds 3
        third = take(log, T0 - 60)  # the same content, an older name
        log.close(backup=False)
    os.utime(third.path, (time.time() + 10, time.time() + 10))  # but the newest file
    ranked = backups_module.ranked_backups(data_dir)
    assert [b.path for b in ranked] == [third.path, second.path, first.path]
    data = bytearray(second.path.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    second.path.write_bytes(bytes(data))
    ranked = backups_module.ranked_backups(data_dir)
    assert ranked[-1].path == second.path and ranked[-1].problem is not None
    assert ranked[-1].holds().startswith("cannot be read")


def test_thinning_never_lets_a_future_dated_backup_take_the_place_of_a_real_one() -> None:
    now = at(30, 10)
    real = at(30, 9)  # this morning's real backup
    ahead = at(30, 23)  # named tonight: made while the clock was ahead
    assert backups_to_keep([real, ahead]) == {ahead}  # by name alone, the real one went
    assert backups_to_keep([real, ahead], now=now) == {real, ahead}
    month = [at(day) for day in range(30)]
    assert backups_to_keep([*month, real, ahead], now=now) >= {real, ahead, at(29)}


def test_thinning_files_keeps_the_real_newest_beside_one_from_the_future(
    log: Log, data_dir: Path
) -> None:
    log.start_session("a", "A", 60, T0)
    real_time = at(30, 9).timestamp()
    log.backup_now(at(30, 23).timestamp() + YEAR)  # ahead
    log.start_session("b", "B", 60, T0)
    kept = log.backup_now(real_time)
    assert kept is not None and kept.path.exists()
    assert len(list_backups(data_dir)) == 2


@settings(max_examples=150, deadline=None)
@given(moments, st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)))
def test_thinning_keeps_the_newest_real_backup_whatever_the_future_holds(
    times: list[datetime], now: datetime
) -> None:
    keep = backups_to_keep(times, now=now)
    real = [t for t in times if t <= now + backups_module.FUTURE_SLACK]
    if real:
        assert max(real) in keep
    assert {t for t in times if t > now + backups_module.FUTURE_SLACK} <= keep


def test_a_backup_that_would_be_found_damaged_once_restored_is_refused(data_dir: Path) -> None:
    """Listing backups reads only what they hold; restoring one checks it as an open does,
    so a restored log is never set aside again at the next start."""
    with Log.open(data_dir) as log:
        play(log, 2)
    [backup] = list_backups(data_dir)
    # A start changed in its index only: sound pages, but the two copies disagree.
    flip(backup.path, index_flip(backup.path), 0x01)
    assert backups_module.ranked_backups(data_dir)[0].contents.sessions == 2
    current = (data_dir / "log.sqlite3").read_bytes()
    with pytest.raises(BackupError, match="missing from index sessions_by_start"):
        restore_backup(data_dir, backup.path)
    assert (data_dir / "log.sqlite3").read_bytes() == current
    assert [p.name for p in data_dir.iterdir() if p.name.startswith(".log")] == []


def test_a_backup_holding_a_bad_row_restores_and_the_row_is_left_out(data_dir: Path) -> None:
    """A value no Footwork writes is a bad row, not damage: in a backup as in the log.
    (Such a backup was refused once, as damaged.)"""
    with Log.open(data_dir) as log:
        play(log, 2)
    [backup] = list_backups(data_dir)
    with sqlite3.connect(backup.path) as conn:  # what a flipped type bit does
        conn.execute(
            "UPDATE blocks SET exercise_name = CAST(exercise_name AS BLOB) WHERE session_id = 1"
        )
    restore_backup(data_dir, backup.path)
    with Log.open(data_dir) as log:
        [row] = log.unreadable_rows()
        assert row.describe().startswith("work block 0 of session 1: exercise_name: expected text")
        assert [(s.id, s.blocks) for s in log.sessions()] == [(2, 1), (1, 0)]
        log.close(backup=False)
