"""Migrations: a log written by every past schema version opens, whole, in today's Footwork.

The files under data/ (one per past version) are built by make_fixtures.py
from frozen copies of each version's DDL, not from today's code.
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
from tests.storage.make_fixtures import (
    V1_FILE,
    V1_ROWS,
    V2_DOSE_KEYS,
    V2_FILE,
    V2_ROWS,
    build_v1,
    build_v2,
)

V1_TABLES = tuple(V1_ROWS)
PAST = {1: (V1_FILE, V1_ROWS, build_v1), 2: (V2_FILE, V2_ROWS, build_v2)}


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


@pytest.fixture
def v2_log(data_dir: Path) -> Path:
    target = data_dir / "log.sqlite3"
    shutil.copyfile(V2_FILE, target)
    return target


def test_every_past_version_has_a_committed_file() -> None:
    assert set(PAST) == set(range(1, SCHEMA_VERSION))


@pytest.mark.parametrize("version", sorted(PAST))
def test_the_committed_file_is_what_make_fixtures_builds(version: int, tmp_path: Path) -> None:
    committed, rows, build = PAST[version]
    fresh = tmp_path / f"v{version}.sqlite3"
    build(fresh)
    for table in rows:
        assert table_rows(committed, table) == table_rows(fresh, table)
        assert table_rows(committed, table) == sorted(rows[table], key=lambda r: (r[0], r[1]))
    assert version_of(committed) == version


# What a dose row was in version 2, without the columns version 3 added.
V2_DOSE_COLUMNS = (
    "id, uuid, routine_id, step_index, exercise_id, time_seconds, reps, sets, decided,"
    " decision, reason"
)


@pytest.mark.parametrize("version", sorted(PAST))
def test_a_past_version_migrates_to_the_current_one_keeping_every_row(
    version: int, data_dir: Path
) -> None:
    committed, rows, _ = PAST[version]
    path = data_dir / "log.sqlite3"
    shutil.copyfile(committed, path)
    kept = [table for table in rows if table != "doses"]
    before = {table: table_rows(path, table) for table in kept}
    with Log.open(data_dir) as log:
        assert log.schema_version == SCHEMA_VERSION
        log.close(backup=False)
    for table in kept:
        assert table_rows(path, table) == before[table], table
    if "doses" in rows:
        # Every dose row keeps every column it had; version 3 adds its occurrence.
        assert query(path, f"SELECT {V2_DOSE_COLUMNS} FROM doses ORDER BY id") == rows["doses"]
    # The migrated file has exactly the tables and indexes of a new log.
    new_dir = data_dir.parent / "new"
    new_dir.mkdir()
    Log.open(new_dir).close()
    assert schema_of(path) == schema_of(new_dir / "log.sqlite3")


def test_v2_doses_keyed_by_position_are_keyed_by_exercise(v2_log: Path, data_dir: Path) -> None:
    with Log.open(data_dir) as log:
        history = log.dose_history()
        assert {c.time_seconds or c.reps: c.key for c in history} == {
            65: ("soleus-stretch", 1),
            11: ("short-foot", 1),
            55: ("soleus-stretch", 2),
            50: ("soleus-stretch", 2),
            16: ("eccentric-calf-raise", 1),
            14: ("eccentric-calf-raise", 2),
        }
        # Each step of calf care as its file is now (soleus, soleus) has its own dose, and
        # short foot's dose waits for short foot, wherever it comes back.
        in_force = log.doses_in_force("calf-care")
        assert {key: c.time_seconds or c.reps for key, c in in_force.items()} == {
            ("soleus-stretch", 1): 65,
            ("soleus-stretch", 2): 50,
            ("short-foot", 1): 11,
        }
        assert log.dose_in_force("raises", "eccentric-calf-raise", 2).reps == 14
        assert log.baselines() == []
        log.close(backup=False)
    by_id = dict(query(v2_log, "SELECT id, exercise_id || ' ' || occurrence FROM doses"))
    assert by_id == {i: f"{e} {n}" for i, (e, n) in V2_DOSE_KEYS.items()}


def test_a_migrated_v2_log_reads_like_any_other(v2_log: Path, data_dir: Path) -> None:
    with Log.open(data_dir) as log:
        first, second, third = log.coach_sessions()
        assert [(load.step_index, load.exercise_id, load.sets) for load in first.loads] == [
            (0, "soleus-stretch", 1),
            (1, "short-foot", 1),
            (2, "soleus-stretch", 1),
        ]
        assert (second.pain_during, second.exercise_pain) == (6, {"soleus-stretch": 7})
        assert third.loads[0].sides == 2
        assert [e.minutes for e in log.exposures()] == [25.5]
        assert log.program_state("barefoot-8-weeks").stage_index == 0
        assert log.latest_safety_answers().acknowledged
        log.close(backup=False)


def test_migration_takes_a_backup_of_the_old_version_first(v1_log: Path, data_dir: Path) -> None:
    original = v1_log.read_bytes()
    with Log.open(data_dir) as log:
        log.close(backup=False)
    [backup] = list_backups(data_dir)  # one backup, however many versions it moves on
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
        # The tables versions 2 and 3 added work at once.
        assert log.dose_history() == [] and log.exposures() == [] and log.baselines() == []
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
