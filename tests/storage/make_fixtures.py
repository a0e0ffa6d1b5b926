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
V2_FILE = DATA / "log-v2.sqlite3"

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


# Schema version 2, exactly as Footwork 0.2 created it: version 1, then these.
V2_DDL = (
    V1_DDL
    + """
CREATE TABLE doses (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    routine_id TEXT NOT NULL,
    step_index INTEGER NOT NULL CHECK (step_index >= 0),
    exercise_id TEXT NOT NULL,
    time_seconds INTEGER CHECK (time_seconds > 0),
    reps INTEGER CHECK (reps > 0),
    sets INTEGER NOT NULL CHECK (sets >= 1),
    decided REAL NOT NULL,
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    CHECK (time_seconds IS NOT NULL OR reps IS NOT NULL)
);
CREATE INDEX doses_by_step ON doses (routine_id, step_index, decided);
CREATE TABLE exposure (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    day TEXT NOT NULL,
    minutes REAL NOT NULL CHECK (minutes > 0),
    activity TEXT NOT NULL CHECK (activity IN ('walk', 'run')),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exposure_by_day ON exposure (day);
CREATE TABLE safety (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    answered REAL NOT NULL,
    answers TEXT NOT NULL,
    contraindicated INTEGER NOT NULL CHECK (contraindicated IN (0, 1)),
    acknowledged INTEGER NOT NULL CHECK (acknowledged IN (0, 1))
);
CREATE TABLE program_state (
    program_id TEXT PRIMARY KEY,
    started_day TEXT NOT NULL,
    stage_index INTEGER NOT NULL CHECK (stage_index >= 0),
    stage_started_day TEXT NOT NULL
) WITHOUT ROWID;
"""
)


def _blocks(
    session: int, start: float, steps: list[tuple[int, str, str]], seconds: int = 60
) -> list[tuple[object, ...]]:
    """Two completed 60 s blocks (left, right; 1 set) for each (step, exercise id, name)."""
    rows: list[tuple[object, ...]] = []
    for step, exercise_id, name in steps:
        for side in ("left", "right"):
            phase = 2 * len(rows) + 1
            at = start + 70 * len(rows)
            rows.append((session, phase, step, exercise_id, name, side, 1, 1, seconds,
                         float(seconds), None, None, "completed", at, at + seconds))  # fmt: skip
    return rows


SOLEUS = "soleus-stretch", "Soleus stretch"
SHORT_FOOT = "short-foot", "Short foot"
RAISE = "eccentric-calf-raise", "Eccentric calf raise"
# 2025-04-01 07:00 UTC and on. Calf care played the soleus stretch twice, with short
# foot between; then its file lost short foot, and the second soleus moved from step 2
# to step 1. Doses were keyed by step position then: step 1 meant short foot first,
# the second soleus after the edit.
T1 = 1743490800.0
V2_ROWS: dict[str, list[tuple[object, ...]]] = {
    "sessions": [
        (1, "5a1d2c3b-0000-4000-8000-000000000001", "calf-care", "Calf care",
         T1, T1 + 500, "completed", 360, 6, 12),
        (2, "5a1d2c3b-0000-4000-8000-000000000002", "calf-care", "Calf care",
         T1 + 3 * 86400, T1 + 3 * 86400 + 400, "completed", 240, 4, 8),
        (3, "5a1d2c3b-0000-4000-8000-000000000003", "daily-ten", "Daily ten",
         T1 + 4 * 86400, T1 + 4 * 86400 + 200, "ended early", 600, 8, 2),
    ],
    "blocks": [
        *_blocks(1, T1, [(0, *SOLEUS), (1, *SHORT_FOOT), (2, *SOLEUS)]),
        *_blocks(2, T1 + 3 * 86400, [(0, *SOLEUS), (1, *SOLEUS)]),
        *_blocks(3, T1 + 4 * 86400, [(0, *SHORT_FOOT)]),
    ],
    "session_checkins": [
        (1, 1, "both soleus fine"),
        (2, 6, "the second soleus hurt"),
    ],
    "exercise_pain": [
        (2, "soleus-stretch", 7),
    ],
    "morning_checkins": [
        ("2025-04-02", 0, 1),
        ("2025-04-05", 3, 3),
    ],
    "doses": [
        # Decided after session 1: the first soleus (step 0), short foot (step 1) and
        # the second soleus (step 2).
        (1, "5a1d2c3b-0000-4000-8000-0000000000d1", "calf-care", 0, "soleus-stretch",
         65, None, 1, T1 + 86400, "progress", "Up to 65 s"),
        (2, "5a1d2c3b-0000-4000-8000-0000000000d2", "calf-care", 1, "short-foot",
         None, 11, 1, T1 + 86400, "progress", "Up to 11 reps"),
        (3, "5a1d2c3b-0000-4000-8000-0000000000d3", "calf-care", 2, "soleus-stretch",
         55, None, 1, T1 + 86400 + 1, "back off", "Down to 55 s"),
        # After the edit, after session 2: the second soleus, now at step 1.
        (4, "5a1d2c3b-0000-4000-8000-0000000000d4", "calf-care", 1, "soleus-stretch",
         50, None, 1, T1 + 4 * 86400, "back off", "Down to 50 s"),
        # A routine never played: two steps of one exercise, known from the doses alone.
        (5, "5a1d2c3b-0000-4000-8000-0000000000d5", "raises", 3, "eccentric-calf-raise",
         None, 16, 3, T1 + 5 * 86400, "progress", "Up to 3 × 16 reps"),
        (6, "5a1d2c3b-0000-4000-8000-0000000000d6", "raises", 5, "eccentric-calf-raise",
         None, 14, 3, T1 + 5 * 86400, "back off", "Down to 3 × 14 reps"),
    ],
    "exposure": [
        (1, "5a1d2c3b-0000-4000-8000-0000000000e1", "2025-04-02", 25.5, "walk", ""),
    ],
    "safety": [
        (1, "5a1d2c3b-0000-4000-8000-0000000000f1", T1 - 600,
         '{"diabetes": false, "none_apply": true, "read_advice": true}', 0, 1),
    ],
    "program_state": [
        ("barefoot-8-weeks", "2025-04-01", 0, "2025-04-01"),
    ],
}  # fmt: skip
# What each dose row above is, keyed by exercise: (exercise id, occurrence) by dose id.
V2_DOSE_KEYS = {
    1: ("soleus-stretch", 1),
    2: ("short-foot", 1),
    3: ("soleus-stretch", 2),
    4: ("soleus-stretch", 2),
    5: ("eccentric-calf-raise", 1),
    6: ("eccentric-calf-raise", 2),
}


def _build(path: Path, ddl: str, rows: dict[str, list[tuple[object, ...]]], version: int) -> None:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(ddl)
        conn.execute("BEGIN")
        for table, table_rows in rows.items():
            marks = ", ".join("?" * len(table_rows[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", table_rows)
        conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
        conn.execute("VACUUM")
    finally:
        conn.close()


def build_v1(path: Path) -> None:
    """Write a version-1 log with ``V1_ROWS`` to ``path`` (replacing it)."""
    _build(path, V1_DDL, V1_ROWS, 1)


def build_v2(path: Path) -> None:
    """Write a version-2 log with ``V2_ROWS`` to ``path`` (replacing it)."""
    _build(path, V2_DDL, V2_ROWS, 2)


if __name__ == "__main__":
    DATA.mkdir(exist_ok=True)
    for build, target in ((build_v1, V1_FILE), (build_v2, V2_FILE)):
        build(target)
        print(f"wrote {target}")
