"""Fixtures for the progress log tests: an open log in a scratch data folder, a fixed zone."""

from __future__ import annotations

import sqlite3
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.events import BlockRecord, BlockStatus
from app.core.routine import Side
from app.storage import Log

# 2025-03-10 08:00 UTC, a Monday.
T0 = 1741593600.0
DAY = 86400.0
# Central European time with its summer-time rule, spelled out so no tz database is needed.
ZONE = "CET-1CEST,M3.5.0,M10.5.0/3"


def block(
    phase_index: int = 0,
    *,
    step_index: int = 0,
    exercise_id: str = "short-foot",
    exercise_name: str = "Short foot",
    side: Side = Side.LEFT,
    set_number: int = 1,
    sets: int = 1,
    planned_seconds: int | None = 30,
    done_seconds: float = 30.0,
    planned_reps: int | None = None,
    done_reps: int | None = None,
    status: BlockStatus = BlockStatus.COMPLETED,
    started_wall: float = T0,
    ended_wall: float | None = None,
) -> BlockRecord:
    """A work block record; every field may be overridden."""
    return BlockRecord(
        phase_index=phase_index,
        step_index=step_index,
        exercise_id=exercise_id,
        exercise_name=exercise_name,
        side=side,
        set_number=set_number,
        sets=sets,
        planned_seconds=planned_seconds,
        done_seconds=done_seconds,
        planned_reps=planned_reps,
        done_reps=done_reps,
        status=status,
        started_wall=started_wall,
        ended_wall=started_wall + done_seconds if ended_wall is None else ended_wall,
    )


def mode(path: Path) -> int:
    """A file's permission bits, e.g. 0o600."""
    return stat.S_IMODE(path.stat().st_mode)


def query(path: Path, sql: str) -> list[tuple]:
    """Rows of ``sql`` against a database file, read-only: the file is not touched."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def fill_the_disk(log: Log) -> None:
    """Let the database grow by no page at all, as if the disk were full."""
    pages = log._conn.execute("PRAGMA page_count").fetchone()[0]
    log._conn.execute(f"PRAGMA max_page_count = {pages}")


def free_the_disk(log: Log) -> None:
    log._conn.execute("PRAGMA max_page_count = 1073741823")


@pytest.fixture
def log(data_dir: Path) -> Iterator[Log]:
    """An open, empty log in the test's data folder; closed (without a backup) after."""
    opened = Log.open(data_dir)
    yield opened
    opened.close(backup=False)


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run the test in Central European time, so local days and offsets are known."""
    monkeypatch.setenv("TZ", ZONE)
    time.tzset()
    yield ZONE
    monkeypatch.undo()
    time.tzset()
