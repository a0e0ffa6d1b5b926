"""Build the committed databases of past schema versions under tests/storage/data/.

Run: .venv/bin/python -m tests.storage.make_fixtures

Each file is made from a frozen copy of that version's DDL, written out
below, never from the app's current schema code: the point is to test
that today's code migrates what an old Footwork really wrote. Never edit a
version's DDL or rows here once its file is committed; add a new version.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
V1_FILE = DATA / "log-v1.sqlite3"

# Schema version 1, exactly as Footwork 0.1 created it.
V1_DDL = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    routine_id TEXT NOT NULL,
    routine_name TEXT NOT NULL,
    started REAL NOT NULL,
    ended REAL,
    status TEXT CHECK (status IN ('completed', 'ended early', 'stopped for pain')),
    planned_seconds INTEGER NOT NULL CHECK (planned_seconds >= 0),
    planned_blocks INTEGER CHECK (planned_blocks >= 0),
    next_phase_index INTEGER NOT NULL DEFAULT 0 CHECK (next_phase_index >= 0)
);
CREATE INDEX sessions_by_start ON sessions (started);
CREATE INDEX sessions_open ON sessions (started) WHERE status IS NULL;
CREATE TABLE blocks (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    phase_index INTEGER NOT NULL CHECK (phase_index >= 0),
    step_index INTEGER NOT NULL CHECK (step_index >= 0),
    exercise_id TEXT NOT NULL,
    exercise_name TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('left', 'right', 'none')),
    set_number INTEGER NOT NULL CHECK (set_number >= 1),
    sets INTEGER NOT NULL CHECK (sets >= set_number),
    planned_seconds INTEGER CHECK (planned_seconds >= 0),
    done_seconds REAL NOT NULL CHECK (done_seconds >= 0),
    planned_reps INTEGER CHECK (planned_reps >= 0),
    done_reps INTEGER CHECK (done_reps >= 0),
    status TEXT NOT NULL CHECK (status IN ('completed', 'skipped', 'stopped')),
    started REAL NOT NULL,
    ended REAL NOT NULL,
    PRIMARY KEY (session_id, phase_index)
) WITHOUT ROWID;
CREATE INDEX blocks_by_exercise ON blocks (exercise_id);
CREATE TABLE session_checkins (
    session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    pain_during INTEGER NOT NULL CHECK (pain_during BETWEEN 0 AND 10),
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE exercise_pain (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    exercise_id TEXT NOT NULL,
    pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
    PRIMARY KEY (session_id, exercise_id)
) WITHOUT ROWID;
CREATE TABLE morning_checkins (
    day TEXT PRIMARY KEY,
    pain INTEGER CHECK (pain BETWEEN 0 AND 10),
    stiffness INTEGER CHECK (stiffness BETWEEN 0 AND 10),
    CHECK ((pain IS NULL) = (stiffness IS NULL))
) WITHOUT ROWID;
"""

# 2025-03-01 07:00 UTC and on: a finished session, one stopped for pain, one left open.
T0 = 1740812400.0
V1_ROWS: dict[str, list[tuple[object, ...]]] = {
    "sessions": [
        (1, "0b0b6d0e-8f3c-4a51-9d52-1a2b3c4d5e01", "daily-ten", "Daily ten",
         T0, T0 + 700.5, "completed", 620, 4, 4),
        (2, "0b0b6d0e-8f3c-4a51-9d52-1a2b3c4d5e02", "inside-ankle-care", "Inside ankle care",
         T0 + 86400, T0 + 86400 + 300, "stopped for pain", 900, 6, 2),
        (3, "0b0b6d0e-8f3c-4a51-9d52-1a2b3c4d5e03", "daily-ten", "Daily ten",
         T0 + 2 * 86400, None, None, 620, 4, 2),
    ],
    "blocks": [
        (1, 1, 0, "short-foot", "Short foot", "left", 1, 1, 77, 77.0, 10, 10, "completed",
         T0 + 10, T0 + 87),
        (1, 3, 0, "short-foot", "Short foot", "right", 1, 1, 77, 77.0, 10, 10, "completed",
         T0 + 92, T0 + 169),
        (1, 5, 1, "single-leg-stand", "Single-leg stand", "left", 1, 2, 20, 20.0, None, None,
         "completed", T0 + 180, T0 + 200),
        (1, 7, 1, "single-leg-stand", "Single-leg stand", "right", 1, 2, 20, 8.25, None, None,
         "skipped", T0 + 205, T0 + 213.25),
        (2, 1, 0, "posterior-tibialis-eccentric", "Posterior tibialis eccentric", "left", 1, 3,
         60, 60.0, 15, 15, "completed", T0 + 86410, T0 + 86470),
        (2, 3, 0, "posterior-tibialis-eccentric", "Posterior tibialis eccentric", "right", 1, 3,
         60, 31.5, 15, 7, "stopped", T0 + 86475, T0 + 86506.5),
        (3, 1, 0, "short-foot", "Short foot", "left", 1, 1, 77, 77.0, 10, 10, "completed",
         T0 + 172810, T0 + 172887),
    ],
    "session_checkins": [
        (1, 2, "Easy, calves a bit tight, \"fine\"; ok"),
        (2, 6, "Inside ankle hurt on the right"),
    ],
    "exercise_pain": [
        (1, "short-foot", 1),
        (2, "posterior-tibialis-eccentric", 6),
    ],
    "morning_checkins": [
        ("2025-03-02", 1, 2),
        ("2025-03-03", None, None),
    ],
}  # fmt: skip


def build_v1(path: Path) -> None:
    """Write a version-1 log with ``V1_ROWS`` to ``path`` (replacing it)."""
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(V1_DDL)
        conn.execute("BEGIN")
        for table, rows in V1_ROWS.items():
            marks = ", ".join("?" * len(rows[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        conn.execute("PRAGMA user_version = 1")
        conn.execute("COMMIT")
        conn.execute("VACUUM")
    finally:
        conn.close()


if __name__ == "__main__":
    DATA.mkdir(exist_ok=True)
    build_v1(V1_FILE)
    print(f"wrote {V1_FILE}")
