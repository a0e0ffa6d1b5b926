"""Damage quick_check misses, found at open or later, and what is not damage at all.

Each case is a real log made through the API and then damaged the way a
flipped bit or a bad sector damages it: bytes changed in the file, or a
value SQLite would never have been given. Every damaged log is moved aside
(never written to, never deleted) and its backups offered; an I/O error, a
busy file or a log another process has open is never moved.

A value no reader accepts in one row (of the wrong type, breaking a CHECK
constraint, a day that is no day, answers that are not a JSON object) is
not damage, whether a flip or a hand edit made it: the row is a bad row,
left out and named (tests/storage/test_unreadable.py), and the log stays.
Only when its copy in an index disagrees with its table's is it damage.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.core.events import SessionStatus
from app.storage import BackupError, DamagedLogError, Log, LogOpenError, list_backups
from app.storage.errors import DamageFoundError, LogReadError, is_damage, not_damage_in
from app.storage.records import SafetyAnswers
from tests.conftest import ROOT
from tests.storage.conftest import T0, block, query

PAGE = 4096


def make_log(data_dir: Path, sessions: int = 3) -> None:
    """A log with sessions, blocks and check-ins, closed (closing took a backup)."""
    with Log.open(data_dir) as log:
        for n in range(sessions):
            session = log.start_session("daily-ten", "Daily ten", 600, T0 + n * 86400)
            for index in range(4):
                log.save_block(session, block(index, started_wall=T0 + n * 86400), index + 1)
            log.finish_session(session, SessionStatus.COMPLETED, T0 + n * 86400 + 600)
            log.save_session_checkin(session, 2, "fine")
            log.save_morning_checkin(date(2025, 3, 11 + n), pain=1, stiffness=2)


def pages_of(path: Path) -> dict[str, list[int]]:
    """Page numbers of each table and index, from SQLite's own dbstat."""
    conn = sqlite3.connect(path)
    try:
        found: dict[str, list[int]] = {}
        for name, page in conn.execute("SELECT name, pageno FROM dbstat ORDER BY pageno"):
            found.setdefault(name, []).append(page)
        return found
    finally:
        conn.close()


def flip(path: Path, offset: int, mask: int) -> bytes:
    data = bytearray(path.read_bytes())
    data[offset] ^= mask
    path.write_bytes(bytes(data))
    return bytes(data)


def offset_of(path: Path, needle: bytes, pages: list[int] | None = None) -> int:
    """Where ``needle`` is in the file (within ``pages``, when given)."""
    data = path.read_bytes()
    start = 0
    while (found := data.find(needle, start)) >= 0:
        if pages is None or found // PAGE + 1 in pages:
            return found
        start = found + 1
    raise AssertionError(f"{needle!r} is not in the file")


def assert_set_aside(error: DamagedLogError, data_dir: Path, damaged: bytes) -> None:
    assert not (data_dir / "log.sqlite3").exists()
    assert error.moved_to.name.startswith("log.sqlite3.bad-")
    assert error.moved_to.read_bytes() == damaged  # never written to
    assert error.backups and error.backups[0].contents is not None


# ------------------------------------------------------- damage found at open


def test_a_schema_flip_that_makes_an_error_message_not_utf8_is_damage(data_dir: Path) -> None:
    """The flip once let a UnicodeDecodeError escape ``Log.open``: nothing moved aside."""
    make_log(data_dir)
    path = data_dir / "log.sqlite3"
    # The T of DEFAULT in session_checkins' definition becomes 0xD4: SQLite's message
    # quotes "DEFAUL\xd4", which is not UTF-8.
    at = offset_of(path, b"NOT NULL DEFAULT ''\n    )") + len("NOT NULL DEFAUL")
    damaged = flip(path, at, 0x80)
    with pytest.raises(DamagedLogError) as caught:
        Log.open(data_dir)
    assert_set_aside(caught.value, data_dir, damaged)


def test_a_check_constraint_that_no_longer_parses_is_damage(data_dir: Path) -> None:
    """ "malformed database schema" once came at configure, reported but not damage."""
    make_log(data_dir)
    path = data_dir / "log.sqlite3"
    at = offset_of(path, b"CHECK (stiffness BETWEEN") + len("CHECK (stiffnes")
    damaged = flip(path, at, 0x10)  # stiffness -> stiffnesc
    with pytest.raises(DamagedLogError, match="no such column: stiffnesc") as caught:
        Log.open(data_dir)
    assert_set_aside(caught.value, data_dir, damaged)


def test_a_check_that_calls_no_function_sqlite_knows_is_damage(data_dir: Path) -> None:
    make_log(data_dir)
    path = data_dir / "log.sqlite3"
    at = offset_of(path, b"CHECK (side IN") + len("CHECK (side")
    damaged = flip(path, at, 0x04)  # "side IN (" -> "side$IN (": a call of side$IN()
    with pytest.raises(DamagedLogError, match=r"unknown function: side\$IN") as caught:
        Log.open(data_dir)
    assert_set_aside(caught.value, data_dir, damaged)


def test_a_column_renamed_by_a_flip_is_damage(data_dir: Path) -> None:
    """It parses, so quick_check passes; History then failed on the missing column."""
    make_log(data_dir)
    path = data_dir / "log.sqlite3"
    at = offset_of(path, b"pain_during INTEGER NOT NULL") + len("pain_durin")
    damaged = flip(path, at, 0x01)  # pain_during -> pain_durinf
    with pytest.raises(DamagedLogError, match="not as Footwork made them") as caught:
        Log.open(data_dir)
    assert "table session_checkins" in caught.value.reason
    assert_set_aside(caught.value, data_dir, damaged)


def test_a_status_no_check_allows_is_a_bad_row_not_damage(data_dir: Path) -> None:
    """The flip breaks the blocks' CHECK constraint, which SQLite checks only on a
    connection that may write; History once raised KeyError on it. It was damage for a
    while (the whole log moved aside); now the block is a bad row: left out, named, and
    neither the full check nor a backup counts it against the log."""
    make_log(data_dir)
    path = data_dir / "log.sqlite3"
    blocks_pages = pages_of(path)["blocks"]
    at = offset_of(path, b"completed", blocks_pages) + len("complet")
    flip(path, at, 0x08)  # completed -> completmd
    with Log.open(data_dir) as log:
        [row] = log.unreadable_rows()
        assert row.table == "blocks"
        assert row.problems == (
            'status: expected one of completed, skipped, stopped; found "completmd"',
        )
        assert sum(summary.blocks for summary in log.sessions()) == 11
        assert sum(len(c.loads) for c in log.coach_sessions()) == 3
        assert log.integrity_problems() is None
        assert log.backup_now() is not None
        log.close(backup=False)
    assert path.exists()


# (the change, as a flip or a hand edit makes it; the table; how many rows it breaks)
BAD_VALUES = {
    "a value of a type Footwork never writes": (
        "UPDATE blocks SET exercise_name = CAST(exercise_name AS BLOB)",
        "blocks",
        12,
    ),
    "a day that is not a day": (
        "UPDATE morning_checkins SET day = '20:5-03-12' WHERE day = '2025-03-12'",
        "morning_checkins",
        1,
    ),
    "a status no CHECK allows": (
        "UPDATE sessions SET status = 'abandoned' WHERE id = 2",
        "sessions",
        1,
    ),
}


@pytest.mark.parametrize("case", BAD_VALUES, ids=list(BAD_VALUES))
def test_a_value_no_reader_accepts_is_a_bad_row_not_damage(data_dir: Path, case: str) -> None:
    """These moved the whole log aside once (values of a kind Footwork never writes,
    quick_check's CHECK findings): each is a bad row now, and the log opens."""
    edit, table, count = BAD_VALUES[case]
    make_log(data_dir)
    with sqlite3.connect(data_dir / "log.sqlite3") as conn:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute(edit)
    with Log.open(data_dir) as log:
        rows = log.unreadable_rows()
        assert [r.table for r in rows] == [table] * count
        log.sessions()
        log.morning_checkins()
        assert log.integrity_problems() is None
        assert log.backup_now() is not None  # its backups carry the row, as the log does
        log.close(backup=False)
    assert not any(p.name.startswith("log.sqlite3.bad-") for p in data_dir.iterdir())


def test_a_bad_value_flipped_into_an_index_only_is_damage(data_dir: Path) -> None:
    """A copy of a value in an index that no reader accepts, while its table's copy is
    good: no hand edit does that (SQLite writes both), a flip does. Readers may get
    either copy, so the open runs the full check, which sees the two disagree."""
    make_log(data_dir)
    path = data_dir / "log.sqlite3"
    at = offset_of(path, b"short-foot", pages_of(path)["blocks_by_exercise"])
    damaged = flip(path, at, ord("s"))  # a NUL where the s was: no id holds one
    with pytest.raises(DamagedLogError, match="missing from index blocks_by_exercise") as caught:
        Log.open(data_dir)
    assert_set_aside(caught.value, data_dir, damaged)


def test_a_key_flipped_out_of_its_order_is_damage(data_dir: Path) -> None:
    """A day that is no day, as the key of morning_checkins (a table WITHOUT ROWID: the
    key's order is the table's). A bad row, were it in its place; out of it, a lookup of
    one day finds another, and History once raised ValueError on what it found."""
    make_log(data_dir)
    path = data_dir / "log.sqlite3"
    at = offset_of(path, b"2025-03-11", pages_of(path)["morning_checkins"]) + 1
    damaged = flip(path, at, 0x40)  # 2025-03-11 -> 2p25-03-11, now after 2025-03-13
    with pytest.raises(DamagedLogError, match="not in PRIMARY KEY order") as caught:
        Log.open(data_dir)
    assert_set_aside(caught.value, data_dir, damaged)


@pytest.mark.parametrize("version", [-2147483645, 4099])
def test_a_schema_version_no_footwork_writes_is_damage(data_dir: Path, version: int) -> None:
    """A negative one once made the migration raise IndexError out of ``Log.open``."""
    make_log(data_dir)
    with sqlite3.connect(data_dir / "log.sqlite3") as conn:
        conn.execute(f"PRAGMA user_version = {version}")
    with pytest.raises(DamagedLogError, match=f"schema version {version}, which no Footwork"):
        Log.open(data_dir)


def test_a_version_lowered_by_a_flip_is_damage(data_dir: Path) -> None:
    """Version 3 read as 1: the migration would make the tables of version 2 again."""
    make_log(data_dir)
    with sqlite3.connect(data_dir / "log.sqlite3") as conn:
        conn.execute("PRAGMA user_version = 1")
    with pytest.raises(DamagedLogError, match="holds the tables of a later version"):
        Log.open(data_dir)


def test_an_old_log_with_its_old_layout_is_not_damage(data_dir: Path) -> None:
    """An older Footwork laid the same tables out differently: only names and types count."""
    make_log(data_dir)
    path = data_dir / "log.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE my_notes (text TEXT)")  # a user's own table is left alone
        conn.execute("CREATE INDEX my_index ON blocks (ended)")
    with Log.open(data_dir) as log:
        assert len(log.sessions()) == 3
    assert query(path, "SELECT count(*) FROM my_notes") == [(0,)]


# ---------------------------------------------------- damage found while open


def test_text_that_is_not_utf8_met_while_open_is_no_damage(data_dir: Path) -> None:
    """It was damage once (the log set aside). It is a bad row: one that came after the
    search for bad rows makes the read that meets it fail, the log stays, and the next
    read leaves it out."""
    make_log(data_dir)
    log = Log.open(data_dir)
    try:
        assert len(log.sessions()) == 3  # the search for bad rows ran: there were none
        log._conn.execute("UPDATE sessions SET routine_name = CAST(X'44FF' AS TEXT) WHERE id = 2")
        with pytest.raises(LogReadError, match="Could not decode to UTF-8") as caught:
            log.sessions()
        assert not isinstance(caught.value, DamageFoundError)
        assert [s.id for s in log.sessions()] == [3, 1]
        [row] = log.unreadable_rows()
        assert row.key == (2,)
        assert log.integrity_problems() is None
    finally:
        log.close(backup=False)
    assert (data_dir / "log.sqlite3").exists()


def index_flip(path: Path) -> int:
    """Offset of a bit in the index sessions_by_start that changes a started value
    there but not in the table: the pages stay sound, so only integrity_check sees it."""
    pages = pages_of(path)["sessions_by_start"]
    # SQLite keeps a REAL with nothing after the point as an integer: 4 bytes here.
    value = struct.pack(">i", int(T0 + 86400))
    return offset_of(path, value, pages) + 3  # one second later, in the index only


def test_the_full_check_finds_an_index_quick_check_misses(data_dir: Path) -> None:
    make_log(data_dir)
    path = data_dir / "log.sqlite3"
    damaged = flip(path, index_flip(path), 0x01)
    log = Log.open(data_dir)  # quick_check does not compare indexes with their tables
    assert len(log.sessions()) == 3
    with pytest.raises(DamageFoundError, match="missing from index sessions_by_start"):
        log.check_integrity()
    log.close(backup=False)
    with pytest.raises(DamagedLogError) as caught:
        Log.set_aside(data_dir, "missing from index")
    assert_set_aside(caught.value, data_dir, damaged)


def test_a_read_that_cannot_be_done_is_a_log_error_not_damage(data_dir: Path) -> None:
    make_log(data_dir)
    log = Log.open(data_dir)
    try:
        log._conn.execute("DROP TABLE session_checkins")  # what a later read cannot find
        with pytest.raises(LogReadError, match="no such table"):
            log.sessions()
    finally:
        log.close(backup=False)


# ------------------------------------------------------------- not damage


def test_an_io_error_is_never_damage() -> None:
    for code in (522, 10, 266, 5, 6, 14, 13, 8):  # short read, I/O, busy, locked, ...
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = code
        assert not is_damage(error), code
    for code in (11, 26, 267):
        error = sqlite3.DatabaseError("database disk image is malformed")
        error.sqlite_errorcode = code
        assert is_damage(error), code
    assert not_damage_in(["Page 5: unable to get the page. error code=522"]) == 522
    assert not_damage_in(["Page 5: btreeInitPage() returns error code 11"]) is None


@pytest.fixture
def wal_writer(data_dir: Path) -> Iterator[sqlite3.Connection]:
    """A connection of this process that keeps the log's WAL full of frames."""
    make_log(data_dir)
    conn = sqlite3.connect(data_dir / "log.sqlite3", isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    for n in range(60):
        conn.execute(
            "INSERT INTO morning_baselines (uuid, day, pain, decided) VALUES (?, ?, 1, ?)",
            (f"u{n}" + "x" * 400, "2025-03-20", T0),
        )
    yield conn
    conn.close()


def test_a_short_read_at_open_leaves_the_log_where_it_is(
    data_dir: Path, wal_writer: sqlite3.Connection
) -> None:
    """SQLITE_IOERR_SHORT_READ (522), for real: the WAL ends before the frames SQLite was
    told of. Once, a second Footwork that met it moved the live log aside."""
    wal = data_dir / "log.sqlite3-wal"
    os.truncate(wal, 3 * PAGE)
    before = sorted(p.name for p in data_dir.iterdir())
    with pytest.raises(LogOpenError, match="disk") as caught:
        Log.open(data_dir)
    assert not isinstance(caught.value, DamagedLogError)
    assert sorted(p.name for p in data_dir.iterdir()) == before


HOLDER = """
import sqlite3, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from app.lock import FolderLock, Kind
from app.storage import Log
data_dir = {data_dir!r}
if {lock}:
    FolderLock.acquire(Path(data_dir), Kind.WINDOW, "the Footwork window")
    log = Log.open(Path(data_dir))
    log.sessions()
else:  # a program that opens the log without the folder lock (a database browser)
    conn = sqlite3.connect(data_dir + "/log.sqlite3")
    conn.execute("SELECT count(*) FROM sessions").fetchall()
print("ready", flush=True)
time.sleep(60)
"""


@pytest.mark.slow
@pytest.mark.parametrize("lock", [True, False], ids=["footwork", "another program"])
def test_a_log_another_process_has_open_is_never_moved_aside(data_dir: Path, lock: bool) -> None:
    make_log(data_dir)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER.format(root=str(ROOT), data_dir=str(data_dir), lock=lock)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "ready\n"
        path = data_dir / "log.sqlite3"
        # Damage where the holder is not looking: the last blocks page.
        page = pages_of(path)["blocks"][-1]
        flip(path, (page - 1) * PAGE + 8, 0xFF)
        with pytest.raises(LogOpenError, match="has it open, so it was left as it is") as caught:
            Log.open(data_dir)
        assert not isinstance(caught.value, DamagedLogError)
        who = "the Footwork window" if lock else "another program"
        assert f"{who} (process {holder.pid})" in str(caught.value)
        assert path.exists()
        assert not any(p.name.startswith("log.sqlite3.bad-") for p in data_dir.iterdir())
    finally:
        holder.kill()
        holder.communicate()
    with pytest.raises(DamagedLogError):  # once nobody has it open, it is set aside
        Log.open(data_dir)


def test_a_log_found_damaged_is_no_longer_backed_up(data_dir: Path) -> None:
    """A backup of it would carry the damage, and rank above the good backups."""
    make_log(data_dir)
    path = data_dir / "log.sqlite3"
    flip(path, index_flip(path), 0x01)
    [good] = list_backups(data_dir)
    log = Log.open(data_dir)
    try:
        log.start_session("daily-ten", "Daily ten", 600, T0 + 9 * 86400)
        with pytest.raises(BackupError, match="failed its integrity check") as caught:
            log.backup_now()  # the copy fails the checks: the log it came from is damaged
        assert caught.value.source_damaged
        with pytest.raises(BackupError, match="was found damaged"):
            log.backup_now()
        assert list_backups(data_dir) == [good]
    finally:
        log.close(backup=False)


def test_a_wall_time_flipped_past_any_date_is_damage_at_open(data_dir: Path) -> None:
    """The exponent of a session's start, flipped in the table: quick_check is content,
    History would overflow; such a value sends the open to the full check, which sees
    the table disagree with its index."""
    with Log.open(data_dir) as log:
        for n in range(3):
            log.start_session("daily-ten", "Daily ten", 600, T0 + n * 86400 + 0.25)
    path = data_dir / "log.sqlite3"
    at = offset_of(path, struct.pack(">d", T0 + 86400 + 0.25), pages_of(path)["sessions"])
    damaged = flip(path, at, 0x10)  # exponent bit 8: x 2^256
    with pytest.raises(DamagedLogError, match="missing from index") as caught:
        Log.open(data_dir)
    assert_set_aside(caught.value, data_dir, damaged)


def test_a_wall_time_past_any_date_that_its_index_agrees_with_is_no_damage(
    data_dir: Path,
) -> None:
    """What an older import let in (1e18): a bad row for the readers, not a damaged log."""
    make_log(data_dir)
    with sqlite3.connect(data_dir / "log.sqlite3") as conn:
        conn.execute("UPDATE sessions SET started = 1e18 WHERE id = 2")
    with Log.open(data_dir) as log:
        assert log.integrity_problems() is None
        log.close(backup=False)


@pytest.mark.parametrize("answers", ['{"diabetes": fal\xa5e}', "[1, 2]", "not json"])
def test_safety_answers_that_are_not_a_json_object_are_a_bad_row(data_dir: Path, answers) -> None:
    """Damage once, at open; the coach's safety screen raised on them before that."""
    with Log.open(data_dir) as log:
        log.add_safety_answers(SafetyAnswers(T0, {"diabetes": False}, False, True))
    with sqlite3.connect(data_dir / "log.sqlite3") as conn:
        conn.execute("UPDATE safety SET answers = ?", (answers,))
    with Log.open(data_dir) as log:
        [row] = log.unreadable_rows()
        assert row.describe().startswith("safety answers 1: answers: expected an object")
        assert log.safety_history() == []
        assert log.latest_safety_answers() is None
        log.close(backup=False)
