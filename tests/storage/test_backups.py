"""Backups: when they are taken, what they hold, how they are thinned and restored."""

from __future__ import annotations

import os
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
    Log,
    backups_to_keep,
    list_backups,
    restore_backup,
)
from app.storage import backups as backups_module
from tests.storage.conftest import T0, block, mode, query

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
