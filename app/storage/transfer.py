"""Export the log as CSV (for a spreadsheet) or JSON (everything), and import JSON.

Both exports are written atomically: a temporary file beside the target,
flushed to disk, renamed over it.

The CSV has one row per work block, oldest session first, with this
header::

    session_id,session_started,routine_id,exercise_id,side,set,planned_seconds,
    done_seconds,planned_reps,done_reps,status,session_status,pain

``session_started`` is ISO 8601 local time with its UTC offset, ``pain``
is the pain during the session from its check-in, and a cell is empty
where the log holds nothing (a timed block has no reps, an open session no
status).

The JSON file holds every table and the caller's settings. Import adds
what the log lacks and never duplicates: a session is known by its UUID
(an export from another machine adds each session once; a session already
here is left as it is, with its blocks and check-in), a dose change,
usual morning (baseline), exposure entry or safety answering by its UUID,
a morning check-in by its day and a program state by its program (the
log's own row wins). A session still open in the file is imported as
'ended early', since it cannot be resumed here. The whole file is checked
first and every problem reported with its place; then it is added in one
transaction, so a file is imported completely or not at all.

Format version 2 keys a dose by its exercise (``occurrence`` beside
``exercise_id``; see ``DoseChange``) and carries ``morning_baselines``.
A version-1 file (from a Footwork whose doses were keyed by the step's
position) still imports: it has no baselines, and each dose's occurrence
is worked out from the file's sessions the way the log's version-3
migration works it out from the log's.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from app.core.events import SessionStatus
from app.storage.errors import ExportError, LogImportError
from app.storage.fields import (
    BLOCK,
    DOSE,
    DOSE_BY_POSITION,
    EXPOSURE,
    MORNING_BASELINE,
    MORNING_CHECKIN,
    PROGRAM_STATE,
    SAFETY,
    SESSION,
    SESSION_CHECKIN,
    RowSpec,
    insert_sql,
    json_object,
    shown,
    sql_values,
    whole,
)
from app.storage.files import write_atomically
from app.storage.records import ImportReport, local_time

if TYPE_CHECKING:
    from app.storage.log import Log

CSV_HEADER = (
    "session_id",
    "session_started",
    "routine_id",
    "exercise_id",
    "side",
    "set",
    "planned_seconds",
    "done_seconds",
    "planned_reps",
    "done_reps",
    "status",
    "session_status",
    "pain",
)

JSON_FORMAT = "footwork-log"
JSON_FORMAT_VERSION = 2
# The oldest format version import still reads, and what each lacks.
_BY_POSITION_VERSION = 1  # doses keyed by the step's position; no morning_baselines

# The tables beside sessions, keyed by name as in the JSON file: their spec,
# what makes a row the same row on another machine, and their export order.
_OTHER_TABLES: dict[str, tuple[RowSpec, str, str]] = {
    "morning_checkins": (MORNING_CHECKIN, "day", "day"),
    "doses": (DOSE, "uuid", "id"),  # id order keeps the latest of equal times the latest
    "morning_baselines": (MORNING_BASELINE, "uuid", "id"),
    "exposure": (EXPOSURE, "uuid", "id"),
    "safety": (SAFETY, "uuid", "id"),
    "program_state": (PROGRAM_STATE, "program_id", "program_id"),
}
_TOP_LEVEL = (
    "format",
    "format_version",
    "schema_version",
    "exported",
    "settings",
    "sessions",
    *_OTHER_TABLES,
)


def _cell(value: object) -> str:
    """A CSV cell: empty for None, whole numbers without '.0', others to 0.01."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def export_csv(log: Log, dest: Path) -> int:
    """Write one row per work block to ``dest`` (see the module docstring); return the count."""
    try:
        with log._reading() as conn:
            rows = conn.execute(
                """
                SELECT s.id, s.started, s.routine_id, b.exercise_id, b.side, b.set_number,
                       b.planned_seconds, b.done_seconds, b.planned_reps, b.done_reps,
                       b.status, s.status, c.pain_during
                FROM blocks AS b
                JOIN sessions AS s ON s.id = b.session_id
                LEFT JOIN session_checkins AS c ON c.session_id = s.id
                ORDER BY s.started, s.id, b.phase_index
                """
            ).fetchall()
    except sqlite3.Error as exc:
        raise ExportError(f"Cannot read the progress log to export it: {exc}.") from exc
    started: dict[int, str] = {}

    def write(stream: TextIO) -> None:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for row in rows:
            session_id = row[0]
            if session_id not in started:
                started[session_id] = local_time(row[1]).isoformat(timespec="seconds")
            writer.writerow(
                [str(session_id), started[session_id], *(_cell(v) for v in tuple(row)[2:])]
            )

    _write(dest, write)
    return len(rows)


def _write(dest: Path, write: Callable[[TextIO], None]) -> None:
    try:
        write_atomically(dest, write)
    except OSError as exc:
        raise ExportError(f"Cannot write {dest}: {exc.strerror or exc}.") from exc


def _plain_row(row: sqlite3.Row, spec: RowSpec) -> dict[str, Any]:
    """A row as the JSON file holds it: the spec's fields, flags as booleans, JSON as objects."""
    out: dict[str, Any] = {}
    for key in spec.fields:
        value = row[key]
        if key in ("contraindicated", "acknowledged"):
            value = bool(value)
        elif key == "answers":
            value = json.loads(value)
        out[key] = value
    return out


def export_json(log: Log, dest: Path, settings: Mapping[str, Any]) -> None:
    """Write everything in the log, with ``settings``, to ``dest`` as JSON."""
    problem = json_object(dict(settings))
    if problem:
        raise ExportError(f"Cannot export the settings: {problem}.")
    try:
        with log._reading() as conn:
            blocks: dict[int, list[dict[str, Any]]] = {}
            for row in conn.execute("SELECT * FROM blocks ORDER BY session_id, phase_index"):
                blocks.setdefault(row["session_id"], []).append(_plain_row(row, BLOCK))
            pains: dict[int, dict[str, int]] = {}
            for row in conn.execute("SELECT * FROM exercise_pain ORDER BY session_id, exercise_id"):
                pains.setdefault(row["session_id"], {})[row["exercise_id"]] = row["pain"]
            checkins = {
                row["session_id"]: {
                    "pain_during": row["pain_during"],
                    "note": row["note"],
                    "exercise_pain": pains.get(row["session_id"], {}),
                }
                for row in conn.execute("SELECT * FROM session_checkins")
            }
            sessions = [
                {
                    **_plain_row(row, SESSION),
                    "checkin": checkins.get(row["id"]),
                    "blocks": blocks.get(row["id"], []),
                }
                for row in conn.execute("SELECT * FROM sessions ORDER BY started, id")
            ]
            others = {
                table: [
                    _plain_row(row, spec)
                    for row in conn.execute(f"SELECT * FROM {table} ORDER BY {order}")
                ]
                for table, (spec, _, order) in _OTHER_TABLES.items()
            }
    except sqlite3.Error as exc:
        raise ExportError(f"Cannot read the progress log to export it: {exc}.") from exc
    document = {
        "format": JSON_FORMAT,
        "format_version": JSON_FORMAT_VERSION,
        "schema_version": log.schema_version,
        "exported": time.time(),
        "settings": dict(settings),
        "sessions": sessions,
        **others,
    }

    def write(stream: TextIO) -> None:
        json.dump(document, stream, ensure_ascii=False, indent=1, allow_nan=False)
        stream.write("\n")

    _write(dest, write)


def _tables(version: object) -> dict[str, tuple[RowSpec, str, str]]:
    """The tables beside sessions that a file of this format version holds."""
    if version != _BY_POSITION_VERSION:
        return _OTHER_TABLES
    tables = {k: v for k, v in _OTHER_TABLES.items() if k != "morning_baselines"}
    _, identity, order = tables["doses"]
    tables["doses"] = (DOSE_BY_POSITION, identity, order)
    return tables


def _check_document(data: object) -> list[str]:
    """Every problem of a parsed JSON file, each with its place."""
    if not isinstance(data, dict):
        return [f"the file holds {shown(data)}, not an object"]
    version = data.get("format_version")
    tables = _tables(version)
    top_level = [key for key in _TOP_LEVEL if key in tables or key not in _OTHER_TABLES]
    problems = [f"{key}: missing" for key in top_level if key not in data]
    problems += [f"unknown key {shown(key)}" for key in data if key not in top_level]
    if data.get("format") != JSON_FORMAT:
        problems.append(f"format: expected {shown(JSON_FORMAT)}, found {shown(data.get('format'))}")
        return problems  # not our file: the rest would only be noise
    if whole(1)(version):
        problems.append(f"format_version: {whole(1)(version)}")
    elif version > JSON_FORMAT_VERSION:
        problems.append(
            f"format_version: the file is version {version}; this Footwork reads version "
            f"{JSON_FORMAT_VERSION}. Update Footwork to import it."
        )
    for key, check in (("schema_version", whole(1)), ("settings", json_object)):
        problem = check(data.get(key))
        if key in data and problem:
            problems.append(f"{key}: {problem}")

    def rows(key: str) -> list[Any]:
        value = data.get(key, [])
        if isinstance(value, list):
            return value
        problems.append(f"{key}: expected a list, found {shown(value)}")
        return []

    uuids: set[object] = set()
    for i, session in enumerate(rows("sessions")):
        where = f"sessions[{i}]"
        if not isinstance(session, dict):
            problems.append(f"{where}: expected an object, found {shown(session)}")
            continue
        plain = {k: v for k, v in session.items() if k not in ("checkin", "blocks")}
        problems += SESSION.problems(plain, where)
        if session.get("uuid") in uuids:
            problems.append(f"{where}.uuid: a second session with this UUID")
        uuids.add(session.get("uuid"))
        checkin = session.get("checkin", "missing")
        if checkin == "missing":
            problems.append(f"{where}.checkin: missing")
        elif checkin is not None:
            if isinstance(checkin, dict):
                problems += SESSION_CHECKIN.problems(checkin, f"{where}.checkin")
            else:
                problems.append(f"{where}.checkin: expected an object or null")
        blocks = session.get("blocks")
        if not isinstance(blocks, list):
            problems.append(f"{where}.blocks: expected a list, found {shown(blocks)}")
            continue
        phases: set[object] = set()
        for j, block in enumerate(blocks):
            if not isinstance(block, dict):
                problems.append(f"{where}.blocks[{j}]: expected an object, found {shown(block)}")
                continue
            problems += BLOCK.problems(block, f"{where}.blocks[{j}]")
            if block.get("phase_index") in phases:
                problems.append(f"{where}.blocks[{j}].phase_index: a second block at this index")
            phases.add(block.get("phase_index"))
    for table, (spec, identity, _) in tables.items():
        seen: set[object] = set()
        for i, row in enumerate(rows(table)):
            if not isinstance(row, dict):
                problems.append(f"{table}[{i}]: expected an object, found {shown(row)}")
                continue
            problems += spec.problems(row, f"{table}[{i}]")
            if row.get(identity) in seen:
                problems.append(f"{table}[{i}].{identity}: a second row with this value")
            seen.add(row.get(identity))
    return problems


def _key_doses_by_exercise(data: dict[str, Any]) -> None:
    """Bring a checked version-1 file to version 2: each dose gets its occurrence, and the
    file an empty list of baselines.

    The same rule as the log's version-3 migration (``app.storage.schema``):
    the occurrence comes from the session of the dose's routine, nearest to
    the decision (the first after it, else the last before), that played the
    dose's exercise at its step; failing that, from the routine's other doses
    of that exercise at lower steps.
    """
    sessions, doses = data["sessions"], data["doses"]

    def steps_before(dose: dict[str, Any]) -> int:
        def same(block: dict[str, Any]) -> bool:
            return block["exercise_id"] == dose["exercise_id"]

        played = [
            s
            for s in sessions
            if s["routine_id"] == dose["routine_id"]
            and any(same(b) and b["step_index"] == dose["step_index"] for b in s["blocks"])
        ]
        if played:
            when = dose["decided"]
            nearest = min(played, key=lambda s: (s["started"] < when, abs(s["started"] - when)))
            steps = {b["step_index"] for b in nearest["blocks"] if same(b)}
        else:
            steps = {
                o["step_index"]
                for o in doses
                if o["routine_id"] == dose["routine_id"] and o["exercise_id"] == dose["exercise_id"]
            }
        return sum(1 for index in steps if index < dose["step_index"])

    occurrences = [1 + steps_before(dose) for dose in doses]
    for dose, occurrence in zip(doses, occurrences, strict=True):
        dose["occurrence"] = occurrence
    data["morning_baselines"] = []


def import_json(log: Log, source: Path) -> ImportReport:
    """Add what the JSON export ``source`` holds and the log lacks; see the module docstring.

    Raises ``LogImportError`` (nothing imported) listing every problem,
    or ``LogWriteError`` if the disk refused the write (nothing imported).
    """
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LogImportError(str(source), [f"cannot read the file: {exc.strerror}"]) from exc
    except UnicodeDecodeError as exc:
        raise LogImportError(str(source), ["the file is not UTF-8 text"]) from exc
    except json.JSONDecodeError as exc:
        raise LogImportError(
            str(source), [f"line {exc.lineno} column {exc.colno}: not JSON: {exc.msg}"]
        ) from exc
    except RecursionError as exc:
        raise LogImportError(str(source), ["the JSON is nested too deeply"]) from exc
    problems = _check_document(data)
    if problems:
        raise LogImportError(str(source), problems)
    if data["format_version"] == _BY_POSITION_VERSION:
        _key_doses_by_exercise(data)

    added = skipped = blocks_added = other_added = other_skipped = 0
    with log._transaction() as conn:
        for session in data["sessions"]:
            known = conn.execute(
                "SELECT 1 FROM sessions WHERE uuid = ?", (session["uuid"],)
            ).fetchone()
            if known:
                skipped += 1
                continue
            values = {key: session[key] for key in SESSION.fields}
            if values["status"] is None:
                values["status"] = SessionStatus.ENDED_EARLY.value
                values["ended"] = max(
                    (b["ended"] for b in session["blocks"]), default=values["started"]
                )
            cursor = conn.execute(insert_sql("sessions", values), sql_values(values))
            session_id = cursor.lastrowid
            conn.executemany(
                insert_sql("blocks", ["session_id", *BLOCK.fields]),
                [{"session_id": session_id, **sql_values(b)} for b in session["blocks"]],
            )
            blocks_added += len(session["blocks"])
            if session["checkin"] is not None:
                log._write_checkin(conn, session_id, session["checkin"])
            added += 1
        for table, (spec, identity, _) in _OTHER_TABLES.items():
            sql = insert_sql(table, spec.fields, f"ON CONFLICT ({identity}) DO NOTHING")
            for row in data[table]:
                if conn.execute(sql, sql_values(row)).rowcount:
                    other_added += 1
                else:
                    other_skipped += 1
    return ImportReport(
        sessions_added=added,
        sessions_skipped=skipped,
        blocks_added=blocks_added,
        other_rows_added=other_added,
        other_rows_skipped=other_skipped,
        settings=data["settings"],
    )
