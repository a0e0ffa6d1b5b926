"""Migrations: a log written by every past schema version opens, whole, in today's Footwork.

The version-1 file under data/ is built by make_fixtures.py from a frozen
copy of version 1's DDL, not from today's code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.core.events import SessionStatus
from app.storage import SCHEMA_VERSION, Log, LogOpenError, list_backups
from app.storage import log as log_module
from app.storage import schema as schema_module
from tests.storage.conftest import query
from tests.storage.make_fixtures import V1_FILE, V1_ROWS, build_v1

V1_TABLES = tuple(V1_ROWS)


def table_rows(path: Path, table: str) -> list[tuple]:
    return query(path, f"SELECT * FROM {table} ORDER BY 1, 2")


def version_of(path: Path) -> int:
    return query(path, "PRAGMA user_version")[0][0]


def schema_of(path: Path) -> set[tuple[str, str]]:
    return set(query(path, "SELECT type, name FROM sqlite_schema"))


@pytest.fixture
def v1_log(data_dir: Path) -> Path:
    target = data_dir / "log.sqlite3"
    shutil.copyfile(V1_FILE, target)
    return target


def test_the_committed_v1_file_is_what_make_fixtures_builds(tmp_path: Path) -> None:
    fresh = tmp_path / "v1.sqlite3"
    build_v1(fresh)
    for table in V1_TABLES:
        assert table_rows(V1_FILE, table) == table_rows(fresh, table)
        assert table_rows(V1_FILE, table) == sorted(V1_ROWS[table], key=lambda r: (r[0], r[1]))
    assert version_of(V1_FILE) == 1


def test_v1_migrates_to_the_current_version_keeping_every_row(v1_log: Path, data_dir: Path) -> None:
    before = {table: table_rows(v1_log, table) for table in V1_TABLES}
    with Log.open(data_dir) as log:
        assert log.schema_version == SCHEMA_VERSION
        log.close(backup=False)
    for table in V1_TABLES:
        assert table_rows(v1_log, table) == before[table], table
    # The migrated file has exactly the tables and indexes of a new log.
    new_dir = data_dir.parent / "new"
    new_dir.mkdir()
    Log.open(new_dir).close()
    assert schema_of(v1_log) == schema_of(new_dir / "log.sqlite3")


def test_migration_takes_a_backup_of_the_old_version_first(v1_log: Path, data_dir: Path) -> None:
    original = v1_log.read_bytes()
    with Log.open(data_dir) as log:
        log.close(backup=False)
    [backup] = list_backups(data_dir)
    assert backup.before_version == SCHEMA_VERSION
    assert not backup.periodic
    assert backup.path.name.endswith(f"-before-v{SCHEMA_VERSION}.sqlite3")
    assert version_of(backup.path) == 1
    for table in V1_TABLES:
        assert table_rows(backup.path, table) == table_rows(V1_FILE, table)
    assert v1_log.read_bytes() != original  # and then the log itself moved on
    # Opening again migrates nothing and backs up nothing.
    Log.open(data_dir).close()
    assert len(list_backups(data_dir)) == 1


def test_a_migrated_v1_log_reads_like_any_other(v1_log: Path, data_dir: Path) -> None:
    with Log.open(data_dir) as log:
        sessions = log.sessions()
        assert [s.id for s in sessions] == [3, 2, 1]
        assert sessions[2].pain_during == 2 and sessions[2].work_seconds == 182.25
        assert sessions[1].status is SessionStatus.STOPPED_FOR_PAIN
        left = log.unfinished_session()
        assert left is not None and left.id == 3 and left.next_phase_index == 2
        assert [c.morning_pain for c in log.coach_sessions()] == [1, None, None]
        # The tables version 2 added work at once.
        assert log.dose_history() == [] and log.exposures() == []
        log.keep_as_partial(3)
        log.close(backup=False)


def test_a_failed_migration_step_leaves_the_log_at_its_old_version(
    v1_log: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = (*schema_module.STEPS[1][:2], "CREATE TABLE doses (oops)")  # fails half way
    monkeypatch.setattr(schema_module, "STEPS", (schema_module.STEPS[0], broken))
    with pytest.raises(LogOpenError, match="table doses already exists"):
        Log.open(data_dir)
    assert version_of(v1_log) == 1
    assert ("table", "doses") not in schema_of(v1_log)
    monkeypatch.undo()
    with Log.open(data_dir) as log:  # a fixed Footwork migrates it fine
        assert log.schema_version == SCHEMA_VERSION
        log.close(backup=False)


def test_no_migration_without_a_backup(
    v1_log: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.storage.errors import BackupError

    def cannot(*args: object, **kwargs: object) -> None:
        raise BackupError("Could not make a backup of the progress log: disk full.")

    monkeypatch.setattr(log_module, "take_backup", cannot)
    original = v1_log.read_bytes()
    with pytest.raises(LogOpenError, match="no backup could be made first, so it was not changed"):
        Log.open(data_dir)
    assert v1_log.read_bytes() == original
