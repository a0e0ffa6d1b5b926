"""When things go wrong: a full disk, a read-only log, a damaged file, a newer Footwork.

The rule in every case: what was committed stays, nothing is half-written,
a file we cannot trust is never written to, and the message says what
happened in plain words.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.events import SessionStatus
from app.storage import (
    SCHEMA_VERSION,
    DamagedLogError,
    Log,
    LogOpenError,
    LogWriteError,
    NewerLogError,
    WriteFailure,
    list_backups,
    restore_backup,
)
from app.storage.errors import describe
from app.storage.log import BUSY_TIMEOUT_SECONDS
from tests.storage.conftest import T0, block, fill_the_disk, free_the_disk, query

ROOT_IGNORES_PERMISSIONS = pytest.mark.skipif(
    os.geteuid() == 0, reason="root writes through file permissions"
)


def make_log_with_sessions(data_dir: Path, sessions: int = 3, blocks: int = 40) -> None:
    with Log.open(data_dir) as log:
        for n in range(sessions):
            session = log.start_session("daily-ten", "Daily ten", 600, T0 + n * 86400)
            for index in range(blocks):
                log.save_block(session, block(index, exercise_name="Short foot " * 5), index + 1)
            log.finish_session(session, SessionStatus.COMPLETED, T0 + n * 86400 + 600)


def session_count(path: Path) -> int:
    return query(path, "SELECT count(*) FROM sessions")[0][0]


# ------------------------------------------------------------------ disk full


def test_disk_full_raises_a_plain_write_error_and_keeps_what_was_saved(log: Log) -> None:
    session = log.start_session("daily-ten", "Daily ten", 600, T0)
    fill_the_disk(log)
    saved = 0
    with pytest.raises(LogWriteError) as caught:
        for index in range(1000):  # a few may still fit in pages already there
            log.save_block(session, block(index, exercise_name="x" * 200), index + 1)
            saved += 1
    error = caught.value
    assert error.reason is WriteFailure.DISK_FULL
    assert str(error) == "Not saved: the disk is full (database or disk is full)."
    assert len(log.blocks(session)) == saved
    free_the_disk(log)
    log.save_block(session, block(saved, exercise_name="x" * 200), saved + 1)
    assert len(log.blocks(session)) == saved + 1
    assert log.integrity_problems() is None


# ------------------------------------------------------------------ read-only


def test_a_log_that_turns_read_only_raises_a_plain_write_error(log: Log) -> None:
    # What a remount read-only looks like to SQLite; query_only works even for root.
    session = log.start_session("daily-ten", "Daily ten", 600, T0)
    log._conn.execute("PRAGMA query_only = ON")
    with pytest.raises(LogWriteError, match=r"^Not saved: the log is read-only \("):
        log.save_block(session, block(0), 1)
    with pytest.raises(LogWriteError, match=r"^Not saved: the log is read-only \("):
        log.finish_session(session, SessionStatus.COMPLETED, T0)
    log._conn.execute("PRAGMA query_only = OFF")
    log.save_block(session, block(0), 1)  # the same write, once the disk takes it
    assert len(log.blocks(session)) == 1


@ROOT_IGNORES_PERMISSIONS
def test_read_only_data_folder_is_refused_at_open_with_a_plain_message(data_dir: Path) -> None:
    make_log_with_sessions(data_dir, sessions=1, blocks=1)
    data_dir.chmod(0o500)
    try:
        with pytest.raises(LogOpenError, match="the log is read-only"):
            Log.open(data_dir)
    finally:
        data_dir.chmod(0o700)
    assert session_count(data_dir / "log.sqlite3") == 1


@ROOT_IGNORES_PERMISSIONS
def test_read_only_log_in_a_read_only_folder_is_refused(data_dir: Path) -> None:
    make_log_with_sessions(data_dir, sessions=1, blocks=1)
    (data_dir / "log.sqlite3").chmod(0o400)
    data_dir.chmod(0o500)
    try:
        with pytest.raises(LogOpenError, match="read-only"):
            Log.open(data_dir)
    finally:
        data_dir.chmod(0o700)
        (data_dir / "log.sqlite3").chmod(0o600)


# -------------------------------------------------------------- damaged files


def damage(path: Path, offset: int, length: int) -> bytes:
    data = bytearray(path.read_bytes())
    data[offset : offset + length] = bytes((i * 37 + 11) % 256 for i in range(length))
    path.write_bytes(bytes(data))
    return bytes(data)


def test_corrupted_log_is_moved_aside_untouched_and_a_backup_offered(data_dir: Path) -> None:
    make_log_with_sessions(data_dir)  # closing took a backup
    [backup] = list_backups(data_dir)
    path = data_dir / "log.sqlite3"
    page = 4096
    damaged = damage(path, page, 3 * page)  # pages 2 to 4: the tables' B-trees
    with pytest.raises(DamagedLogError) as caught:
        Log.open(data_dir)
    error = caught.value
    assert not path.exists()
    assert error.moved_to.parent == data_dir
    assert error.moved_to.name.startswith("log.sqlite3.bad-")
    assert error.moved_to.read_bytes() == damaged  # never written to
    assert error.backups == (backup,)
    assert "was moved aside" in str(error) and "nothing was deleted" in str(error)
    assert f"The newest good backup is from {backup.taken:%Y-%m-%d %H:%M}: 3 sessions" in str(error)

    restore_backup(data_dir, error.backups[0].path)
    with Log.open(data_dir) as log:
        assert len(log.sessions()) == 3
        assert log.integrity_problems() is None
    assert error.moved_to.read_bytes() == damaged


def test_a_file_that_is_not_a_database_is_moved_aside(data_dir: Path) -> None:
    path = data_dir / "log.sqlite3"
    path.write_text("These are my notes, not a database.\n" * 200)
    with pytest.raises(DamagedLogError, match="file is not a database") as caught:
        Log.open(data_dir)
    assert caught.value.backups == ()
    assert "There is no backup to restore." in str(caught.value)
    assert caught.value.moved_to.read_text().startswith("These are my notes")
    with Log.open(data_dir) as log:  # the user chose to start afresh
        assert log.sessions() == []


def test_truncated_log_is_moved_aside(data_dir: Path) -> None:
    make_log_with_sessions(data_dir, sessions=5, blocks=60)
    path = data_dir / "log.sqlite3"
    data = path.read_bytes()
    assert len(data) >= 8 * 4096
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DamagedLogError) as caught:
        Log.open(data_dir)
    assert caught.value.moved_to.read_bytes() == data[: len(data) // 2]
    assert len(caught.value.backups) == 1


def test_log_cut_to_nothing_is_damage_when_there_are_backups(data_dir: Path) -> None:
    make_log_with_sessions(data_dir, sessions=1, blocks=1)
    (data_dir / "log.sqlite3").write_bytes(b"")
    with pytest.raises(DamagedLogError, match="the file is empty"):
        Log.open(data_dir)


def test_empty_log_without_backups_is_a_new_log(data_dir: Path) -> None:
    # What a crash while creating the very first log leaves behind.
    (data_dir / "log.sqlite3").write_bytes(b"")
    with Log.open(data_dir) as log:
        assert log.schema_version == SCHEMA_VERSION


def test_a_stray_wal_is_moved_aside_with_its_damaged_log(data_dir: Path) -> None:
    path = data_dir / "log.sqlite3"
    path.write_text("not a database\n" * 100)
    (data_dir / "log.sqlite3-wal").write_bytes(b"\0" * 100)
    with pytest.raises(DamagedLogError) as caught:
        Log.open(data_dir)
    moved = caught.value.moved_to
    assert moved.with_name(moved.name + "-wal").exists()
    assert not (data_dir / "log.sqlite3-wal").exists()


# ----------------------------------------------------------- a newer Footwork


def test_a_log_from_a_newer_footwork_is_refused_and_left_byte_for_byte(data_dir: Path) -> None:
    make_log_with_sessions(data_dir, sessions=1, blocks=2)
    path = data_dir / "log.sqlite3"
    newer = sqlite3.connect(path)
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer.execute("CREATE TABLE from_the_future (x)")
    newer.commit()
    newer.close()
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    backups_before = list_backups(data_dir)
    with pytest.raises(NewerLogError) as caught:
        Log.open(data_dir)
    error = caught.value
    assert (error.found, error.known) == (SCHEMA_VERSION + 1, SCHEMA_VERSION)
    assert str(error) == (
        f"The progress log {path} has schema version {SCHEMA_VERSION + 1}, but this Footwork "
        f"knows only up to version {SCHEMA_VERSION}. It was not changed. Update Footwork to "
        "use it."
    )
    after = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    assert after["log.sqlite3"] == before["log.sqlite3"]
    assert set(after) <= set(before) | {"log.sqlite3-shm", "log.sqlite3-wal"}
    assert list_backups(data_dir) == backups_before


# ------------------------------------------------------- a full disk at open


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MB file system (tmpfs), for a disk that really fills up. Needs root."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def fill(folder: Path) -> Path:
    """Write one file until the disk refuses another byte."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def test_opening_a_log_on_a_full_disk_says_the_disk_is_full(
    small_disk: Path, data_dir: Path
) -> None:
    make_log_with_sessions(data_dir, sessions=2, blocks=3)
    data_dir = Path(shutil.copytree(data_dir, small_disk / "data"))
    filler = fill(small_disk)
    with pytest.raises(LogOpenError, match=r"the disk is full \(disk I/O error\)") as caught:
        Log.open(data_dir)
    assert not isinstance(caught.value, DamagedLogError)
    assert not any(p.name.startswith("log.sqlite3.bad-") for p in data_dir.iterdir())
    filler.unlink()
    with Log.open(data_dir) as log:
        assert len(log.sessions()) == 2


def test_a_disk_io_error_with_room_on_the_disk_is_still_an_io_error(data_dir: Path) -> None:
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = 4874  # SQLITE_IOERR_SHMSIZE
    assert describe(error, data_dir) == "the disk reported an error (disk I/O error)"


# ------------------------------------------------------ the end of a session


def test_the_wal_is_emptied_into_the_log_at_the_end_of_each_session(log: Log) -> None:
    wal = log.path.with_name(log.path.name + "-wal")
    session = log.start_session("daily-ten", "Daily ten", 600, T0)
    for index in range(20):
        log.save_block(session, block(index, exercise_name="x" * 200), index + 1)
    assert wal.stat().st_size > 0
    log.finish_session(session, SessionStatus.COMPLETED, T0 + 600)
    assert wal.stat().st_size == 0  # TRUNCATE: the space is the disk's again
    # The log file alone now holds the whole session.
    copy = log.path.with_name("copy.sqlite3")
    copy.write_bytes(log.path.read_bytes())
    assert query(copy, "SELECT count(*) FROM blocks") == [(20,)]


def test_a_reader_elsewhere_delays_the_checkpoint_a_moment_not_the_session(log: Log) -> None:
    session = log.start_session("daily-ten", "Daily ten", 600, T0)
    log.save_block(session, block(0), 1)
    reader = sqlite3.connect(log.path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM blocks").fetchall()  # holds its snapshot
        began = time.monotonic()
        log.finish_session(session, SessionStatus.COMPLETED, T0 + 600)
        assert time.monotonic() - began < BUSY_TIMEOUT_SECONDS / 2
        assert log.checkpoint() is False  # the reader still has the WAL
        reader.execute("COMMIT")
    finally:
        reader.close()
    assert log.checkpoint() is True
    assert log.sessions()[0].status is SessionStatus.COMPLETED
