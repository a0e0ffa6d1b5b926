"""The log's schema, as the list of steps that build it, one version at a time.

``PRAGMA user_version`` holds the version a database is at. Step N takes a
database from version N to N + 1 and never changes once released: a new
version is a new step at the end, never an edit of an old one (the tests
migrate committed files of every past version, each made from a frozen
copy of its DDL).

Conventions: wall times are REAL seconds since the epoch, days are ISO
``YYYY-MM-DD`` text (local calendar days), enumerations are their text
values. A session's ``status`` is NULL while the session is open (being
played, or left unfinished by a crash); otherwise a ``SessionStatus`` value.
"""

from __future__ import annotations

import sqlite3

# Version 0 -> 1: sessions, work blocks, check-ins.
_V1 = (
    """CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,  -- stable across machines: import adds a session once
        routine_id TEXT NOT NULL,
        routine_name TEXT NOT NULL,
        started REAL NOT NULL,
        ended REAL,
        status TEXT CHECK (status IN ('completed', 'ended early', 'stopped for pain')),
        planned_seconds INTEGER NOT NULL CHECK (planned_seconds >= 0),
        planned_blocks INTEGER CHECK (planned_blocks >= 0),
        next_phase_index INTEGER NOT NULL DEFAULT 0 CHECK (next_phase_index >= 0)
    )""",
    "CREATE INDEX sessions_by_start ON sessions (started)",
    "CREATE INDEX sessions_open ON sessions (started) WHERE status IS NULL",
    # One row per work block; redoing a block replaces its row (the key).
    """CREATE TABLE blocks (
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
    ) WITHOUT ROWID""",
    "CREATE INDEX blocks_by_exercise ON blocks (exercise_id)",
    """CREATE TABLE session_checkins (
        session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        pain_during INTEGER NOT NULL CHECK (pain_during BETWEEN 0 AND 10),
        note TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE exercise_pain (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        exercise_id TEXT NOT NULL,
        pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
        PRIMARY KEY (session_id, exercise_id)
    ) WITHOUT ROWID""",
    # Keyed by calendar day; pain and stiffness are both NULL when skipped.
    """CREATE TABLE morning_checkins (
        day TEXT PRIMARY KEY,
        pain INTEGER CHECK (pain BETWEEN 0 AND 10),
        stiffness INTEGER CHECK (stiffness BETWEEN 0 AND 10),
        CHECK ((pain IS NULL) = (stiffness IS NULL))
    ) WITHOUT ROWID""",
)

# Version 1 -> 2: what the progression coach keeps.
_V2 = (
    # One row per accepted dose change; the latest per (routine, step) is in force.
    """CREATE TABLE doses (
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
    )""",
    "CREATE INDEX doses_by_step ON doses (routine_id, step_index, decided)",
    # Barefoot or minimalist minutes; several rows per day are fine.
    """CREATE TABLE exposure (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        day TEXT NOT NULL,
        minutes REAL NOT NULL CHECK (minutes > 0),
        activity TEXT NOT NULL CHECK (activity IN ('walk', 'run')),
        note TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX exposure_by_day ON exposure (day)",
    """CREATE TABLE safety (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        answered REAL NOT NULL,
        answers TEXT NOT NULL,  -- JSON object: question id -> answer
        contraindicated INTEGER NOT NULL CHECK (contraindicated IN (0, 1)),
        acknowledged INTEGER NOT NULL CHECK (acknowledged IN (0, 1))
    )""",
    """CREATE TABLE program_state (
        program_id TEXT PRIMARY KEY,
        started_day TEXT NOT NULL,
        stage_index INTEGER NOT NULL CHECK (stage_index >= 0),
        stage_started_day TEXT NOT NULL
    ) WITHOUT ROWID""",
)

# Version 2 keyed a dose by its step's position, so deleting or moving a step
# handed a dose to another exercise. From version 3 a dose belongs to
# (routine, exercise, occurrence): the occurrence is 1 for the first step of
# that exercise in the routine, 2 for the second, and so on. ``step_index``
# stays as a record of where the step stood when the change was decided.
#
# An old row's occurrence comes from the session of that routine, nearest to
# the decision (the first one after it, else the last one before), that played
# an exercise at the row's step: its steps of the same exercise before that
# one, plus one. Every step before a recorded one is recorded too (the player
# records each step it reaches), so the count is exact for that session. A row
# no session played is counted among the rows of its routine and exercise
# with a lower step index.
_PLAYED_OLD_DOSE = """
    s.routine_id = doses.routine_id AND EXISTS (
        SELECT 1 FROM blocks AS m
        WHERE m.session_id = s.id AND m.step_index = doses.step_index
          AND m.exercise_id = doses.exercise_id)"""
# (SQLite does not let a subquery's ORDER BY name the outer row, so the nearest
# session is the first one after the decision, or failing that the last before.)
_SESSION_OF_OLD_DOSE = f"""coalesce(
    (SELECT s.id FROM sessions AS s
     WHERE {_PLAYED_OLD_DOSE} AND s.started >= doses.decided
     ORDER BY s.started, s.id LIMIT 1),
    (SELECT s.id FROM sessions AS s
     WHERE {_PLAYED_OLD_DOSE} AND s.started < doses.decided
     ORDER BY s.started DESC, s.id DESC LIMIT 1))"""

# Version 2 -> 3: doses follow their exercise; the usual morning the user sets.
_V3 = (
    "ALTER TABLE doses ADD COLUMN occurrence INTEGER NOT NULL DEFAULT 1 CHECK (occurrence >= 1)",
    f"""UPDATE doses SET occurrence = 1 + CASE
        WHEN EXISTS (SELECT 1 FROM sessions AS s WHERE {_PLAYED_OLD_DOSE}) THEN (
            SELECT count(DISTINCT b.step_index) FROM blocks AS b
            WHERE b.session_id = {_SESSION_OF_OLD_DOSE}
              AND b.exercise_id = doses.exercise_id AND b.step_index < doses.step_index)
        ELSE (
            SELECT count(DISTINCT o.step_index) FROM doses AS o
            WHERE o.routine_id = doses.routine_id AND o.exercise_id = doses.exercise_id
              AND o.step_index < doses.step_index)
        END""",
    "DROP INDEX doses_by_step",
    "CREATE INDEX doses_by_exercise ON doses (routine_id, exercise_id, occurrence, decided)",
    # The user's own word that their usual morning pain is now ``pain``, from
    # ``day`` on: the only way the coach's baseline rises.
    """CREATE TABLE morning_baselines (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        day TEXT NOT NULL,
        pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
        decided REAL NOT NULL
    )""",
    "CREATE INDEX morning_baselines_by_day ON morning_baselines (day, decided)",
)

STEPS: tuple[tuple[str, ...], ...] = (_V1, _V2, _V3)
SCHEMA_VERSION = len(STEPS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def apply_steps(conn: sqlite3.Connection, start: int, stop: int) -> None:
    """Take the database from version ``start`` to ``stop`` in one transaction.

    The version is read again inside the transaction, so a second Footwork
    opening the same log at the same moment cannot apply a step twice.
    ``conn`` must be in autocommit mode (``isolation_level=None``).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        if user_version(conn) == start:
            for version in range(start, stop):
                for statement in STEPS[version]:
                    conn.execute(statement)
            # PRAGMA does not take parameters; stop is an int from our own code.
            conn.execute(f"PRAGMA user_version = {int(stop)}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
