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
status). A text cell that a spreadsheet would take for a formula (one that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return: an
imported routine id of ``=HYPERLINK(...)``) is written with a ``'`` in
front, so it shows as the text it is (OWASP's advice on CSV injection). The
numbers are never negative (the log holds none), so none needs it.

Both exports hold what the log's readers read: a row that fails its checks
(``app.storage.unreadable``) is left out, so an export always imports.

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

A file is read as no more than ``MAX_IMPORT_BYTES`` of UTF-8 JSON from a
regular file. What a hostile or broken file may hold is refused with its
place, never let through to break the log later: a number too long to be
one, NaN or Infinity, a key given twice in an object, nesting deeper than
Python can parse, any value out of its column's range (``app.storage.fields``).

Format version 2 keys a dose by its exercise (``occurrence`` beside
``exercise_id``; see ``DoseChange``) and carries ``morning_baselines``.
A version-1 file (from a Footwork whose doses were keyed by the step's
position) still imports: it has no baselines, and each dose's occurrence
is worked out from the file's sessions the way the log's version-3
migration works it out from the log's.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from app.core.events import SessionStatus
from app.paths import NotRegularFileError, describe_kind
from app.storage.errors import ExportError, LogImportError
from app.storage.fields import (
    BLOCK,
    DIGITS_MAX,
    DOSE,
    DOSE_BY_POSITION,
    EXPOSURE,
    MORNING_BASELINE,
    MORNING_CHECKIN,
    PROGRAM_STATE,
    SAFETY,
    SESSION,
    SESSION_CHECKIN,
    VERSION_MAX,
    Oversized,
    RowSpec,
    insert_sql,
    json_object,
    shown,
    sql_values,
    uuid_text,
    wall_time,
    whole,
)
from app.storage.files import OwnFileError, write_export
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
# A 10-year export of daily sessions is about 40 MB; reading one is about ten times
# its size in memory.
MAX_IMPORT_BYTES = 256 * 1024 * 1024
# Problems reported at most: a file that is wrong everywhere needs no million lines.
MAX_PROBLEMS = 1000
# A text cell a spreadsheet would read as a formula starts with one of these (OWASP).
_FORMULA_FIRST = frozenset("=+-@\t\r")

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
    """A CSV cell: empty for None, whole numbers without '.0', others to 0.01, and text
    that a spreadsheet would run as a formula defused (``defused``)."""
    if isinstance(value, str):
        return defused(value)
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def defused(text: str) -> str:
    """Text as a spreadsheet shows it rather than runs it: a ``'`` before a cell that would
    start a formula (``=HYPERLINK(...)``, ``+1``, ``-1``, ``@SUM``, a tab, a return)."""
    return "'" + text if text[:1] in _FORMULA_FIRST else text


def export_csv(log: Log, dest: Path) -> int:
    """Write one row per work block to ``dest`` (see the module docstring); return the count."""
    try:
        with log._reading() as conn:
            ok = log._readable(conn)
            rows = conn.execute(
                f"""
                SELECT s.id, s.started, s.routine_id, b.exercise_id, b.side, b.set_number,
                       b.planned_seconds, b.done_seconds, b.planned_reps, b.done_reps,
                       b.status, s.status, c.pain_during
                FROM blocks AS b
                JOIN sessions AS s ON s.id = b.session_id
                LEFT JOIN session_checkins AS c ON c.session_id = s.id AND {ok.checkins}
                WHERE {ok.blocks} AND {ok.sessions}
                ORDER BY s.started, s.id, b.phase_index
                """
            ).fetchall()
    except sqlite3.Error as exc:
        raise ExportError(f"Cannot read the progress log to export it: {exc}.") from exc
    started: dict[int, str] = {}

    def write(stream: TextIO) -> None:
        writer = csv.writer(stream, lineterminator="\n")
        # The writer quotes a cell with a line feed, not one with a lone carriage return,
        # which a spreadsheet takes for the end of the row: such a row is quoted whole.
        quoting = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(CSV_HEADER)
        for row in rows:
            session_id, _, routine_id, exercise_id = row[:4]  # the ids are any text
            if session_id not in started:
                started[session_id] = local_time(row[1]).isoformat(timespec="seconds")
            cells = [str(session_id), started[session_id], *(_cell(v) for v in tuple(row)[2:])]
            if "\r" in routine_id or "\r" in exercise_id:
                quoting.writerow(cells)
            else:
                writer.writerow(cells)

    _write(dest, write, log.data_dir)
    return len(rows)


def _write(dest: Path, write: Callable[[TextIO], None], data_dir: Path) -> None:
    try:
        write_export(dest, write, data_dir)
    except NotRegularFileError as exc:
        raise ExportError(
            f"Cannot write {dest}: it is {exc.kind}, not a file. Footwork left it as it is; "
            "choose a file to export to."
        ) from exc
    except OwnFileError as exc:
        raise ExportError(
            f"Cannot write {dest}: it is your progress log, or one of its backups, and an export "
            "would replace it. Footwork left it as it is; choose another file to export to."
        ) from exc
    except OSError as exc:
        raise ExportError(f"Cannot write {dest}: {exc.strerror or exc}.") from exc


def _plain_row(row: sqlite3.Row, spec: RowSpec) -> dict[str, Any]:
    """A row as the JSON file holds it: the spec's fields, flags as booleans, JSON as objects."""
    return {key: check.load(row[key]) for key, check in spec.fields.items()}


def export_json(log: Log, dest: Path, settings: Mapping[str, Any]) -> None:
    """Write everything in the log, with ``settings``, to ``dest`` as JSON."""
    problem = json_object(dict(settings))
    if problem:
        raise ExportError(f"Cannot export the settings: {problem}.")

    try:
        with log._reading() as conn:
            ok = log._readable(conn)

            def readable(table: str, order: str) -> str:
                return f"SELECT * FROM {table} AS t WHERE {ok.where(table, 't')} ORDER BY {order}"

            blocks: dict[int, list[dict[str, Any]]] = {}
            for row in conn.execute(readable("blocks", "session_id, phase_index")):
                blocks.setdefault(row["session_id"], []).append(_plain_row(row, BLOCK))
            pains: dict[int, dict[str, int]] = {}
            for row in conn.execute(readable("exercise_pain", "session_id, exercise_id")):
                pains.setdefault(row["session_id"], {})[row["exercise_id"]] = row["pain"]
            checkins = {
                row["session_id"]: {
                    "pain_during": row["pain_during"],
                    "note": row["note"],
                    "exercise_pain": pains.get(row["session_id"], {}),
                }
                for row in conn.execute(readable("session_checkins", "session_id"))
            }
            sessions = [
                {
                    **_plain_row(row, SESSION),
                    "checkin": checkins.get(row["id"]),
                    "blocks": blocks.get(row["id"], []),
                }
                for row in conn.execute(readable("sessions", "started, id"))
            ]
            others = {
                table: [_plain_row(row, spec) for row in conn.execute(readable(table, order))]
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

    _write(dest, write, log.data_dir)


def _tables(version: object) -> dict[str, tuple[RowSpec, str, str]]:
    """The tables beside sessions that a file of this format version holds."""
    if version != _BY_POSITION_VERSION:
        return _OTHER_TABLES
    tables = {k: v for k, v in _OTHER_TABLES.items() if k != "morning_baselines"}
    _, identity, order = tables["doses"]
    tables["doses"] = (DOSE_BY_POSITION, identity, order)
    return tables


class _Problems(list[str]):
    """Problems of a file, each with its place; ``full`` once there are enough to show."""

    @property
    def full(self) -> bool:
        return len(self) >= MAX_PROBLEMS


_MISSING = object()


def _check_document(data: object) -> list[str]:
    """Every problem of a parsed JSON file, each with its place (up to ``MAX_PROBLEMS``)."""
    if not isinstance(data, dict):
        return [f"the file holds {shown(data)}, not an object"]
    version = data.get("format_version")
    tables = _tables(version)
    top_level = [key for key in _TOP_LEVEL if key in tables or key not in _OTHER_TABLES]
    problems = _Problems(f"{key}: missing" for key in top_level if key not in data)
    problems += [f"unknown key {shown(key)}" for key in data if key not in top_level]
    if data.get("format") != JSON_FORMAT:
        problems.append(f"format: expected {shown(JSON_FORMAT)}, found {shown(data.get('format'))}")
        return problems  # not our file: the rest would only be noise
    if whole(1, VERSION_MAX)(version):
        problems.append(f"format_version: {whole(1, VERSION_MAX)(version)}")
    elif version > JSON_FORMAT_VERSION:
        problems.append(
            f"format_version: the file is version {version}; this Footwork reads version "
            f"{JSON_FORMAT_VERSION}. Update Footwork to import it."
        )
    for key, check in (
        ("schema_version", whole(1, VERSION_MAX)),
        ("exported", wall_time()),
        ("settings", json_object),
    ):
        problem = check(data.get(key))
        if key in data and problem:
            problems.append(f"{key}: {problem}")

    def rows(key: str) -> Iterator[tuple[int, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list):
            problems.append(f"{key}: expected a list, found {shown(value)}")
            return
        for i, row in enumerate(value):
            if problems.full:
                return
            if isinstance(row, dict):
                yield i, row
            else:
                problems.append(f"{key}[{i}]: expected an object, found {shown(row)}")

    uuids: set[str] = set()
    for i, session in rows("sessions"):
        where = f"sessions[{i}]"
        plain = {k: v for k, v in session.items() if k not in ("checkin", "blocks")}
        problems += SESSION.problems(plain, where)
        uuid = session.get("uuid")
        if not uuid_text(uuid):
            if uuid in uuids:
                problems.append(f"{where}.uuid: a second session with this UUID")
            uuids.add(uuid)
        checkin = session.get("checkin", _MISSING)
        if checkin is _MISSING:
            problems.append(f"{where}.checkin: missing")
        elif isinstance(checkin, dict):
            problems += SESSION_CHECKIN.problems(checkin, f"{where}.checkin")
        elif checkin is not None:
            problems.append(f"{where}.checkin: expected an object or null, found {shown(checkin)}")
        blocks = session.get("blocks")
        if not isinstance(blocks, list):
            problems.append(f"{where}.blocks: expected a list, found {shown(blocks)}")
            continue
        phases: set[int] = set()
        for j, block in enumerate(blocks):
            if problems.full:
                break
            if not isinstance(block, dict):
                problems.append(f"{where}.blocks[{j}]: expected an object, found {shown(block)}")
                continue
            problems += BLOCK.problems(block, f"{where}.blocks[{j}]")
            phase = block.get("phase_index")
            if not BLOCK.fields["phase_index"](phase):
                if phase in phases:
                    problems.append(
                        f"{where}.blocks[{j}].phase_index: a second block at this index"
                    )
                phases.add(phase)
    for table, (spec, identity, _) in tables.items():
        seen: set[str] = set()
        for i, row in rows(table):
            problems += spec.problems(row, f"{table}[{i}]")
            value = row.get(identity)
            if not spec.fields[identity](value):
                if value in seen:
                    problems.append(f"{table}[{i}].{identity}: a second row with this value")
                seen.add(value)
    if problems.full:
        del problems[MAX_PROBLEMS:]
        problems.append(f"and maybe more: the check stopped after {MAX_PROBLEMS} problems")
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


class _Duplicates(dict[str, Any]):
    """A JSON object in which a key was given more than once (the last value is kept)."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        counts: dict[str, int] = {}
        for key, _ in pairs:
            counts[key] = counts.get(key, 0) + 1
        self.twice = [key for key, n in counts.items() if n > 1]


def _read_json(source: Path) -> object:
    """The JSON value in ``source``, or ``LogImportError`` saying why there is none."""

    def refuse(problem: str) -> LogImportError:
        return LogImportError(str(source), [problem])

    try:
        # Not blocking: a FIFO is refused below rather than waited on for ever.
        fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise refuse(f"cannot read the file: {exc.strerror}") from exc
    too_big = refuse(
        f"the file is larger than {MAX_IMPORT_BYTES // 2**20} MiB, more than any Footwork "
        "export (ten years of daily sessions make about 40 MB)"
    )
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise refuse(f"not a file Footwork can import: it is {describe_kind(info.st_mode)}")
        if info.st_size > MAX_IMPORT_BYTES:
            raise too_big
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as stream:
        try:
            data = stream.read(MAX_IMPORT_BYTES + 1)  # it may have grown since
        except OSError as exc:
            raise refuse(f"cannot read the file: {exc.strerror}") from exc
        if len(data) > MAX_IMPORT_BYTES:
            raise too_big
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise refuse(
            f"line {line} column {column}: the file is not UTF-8 text "
            f"(byte 0x{data[exc.start]:02x})"
        ) from exc
    del data
    duplicates = False

    def an_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal duplicates
        made = dict(pairs)
        if len(made) == len(pairs):
            return made
        duplicates = True
        return _Duplicates(pairs)

    def a_number(digits: str) -> int | Oversized:
        return int(digits) if len(digits) <= DIGITS_MAX else Oversized(digits)

    hooks: dict[str, Any] = {"parse_constant": Oversized, "object_pairs_hook": an_object}
    try:
        try:
            value = json.loads(text, **hooks)
        except json.JSONDecodeError:
            raise
        except ValueError:
            # A number of more digits than Python converts (4,300): parsed again, slower,
            # with each long number kept as text, so its check says where it is.
            duplicates = False
            value = json.loads(text, parse_int=a_number, **hooks)
    except json.JSONDecodeError as exc:
        raise refuse(f"line {exc.lineno} column {exc.colno}: not JSON: {exc.msg}") from exc
    except RecursionError as exc:
        raise refuse("the JSON is nested too deeply to be a Footwork export") from exc
    if duplicates:
        raise LogImportError(str(source), _duplicate_problems(value))
    return value


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_/-]+")


def _member(place: str, key: str) -> str:
    """The place of an object's member: ``sessions[0].started``, or ``settings["a b"]``."""
    if _PLAIN_KEY.fullmatch(key):
        return f"{place}.{key}" if place else key
    return f"{place}[{shown(key)}]"


def _duplicate_problems(value: object) -> list[str]:
    """Where the objects with a key given twice are (``_Duplicates``), walked without
    recursion, since they cannot say where they are."""
    problems: list[str] = []
    pending: list[tuple[object, str]] = [(value, "")]
    while pending and len(problems) < MAX_PROBLEMS:
        item, place = pending.pop()
        if isinstance(item, _Duplicates):
            for key in item.twice:
                where = f"{place}: the key" if place else "the key"
                problems.append(f"{where} {shown(key)} is given more than once")
        if isinstance(item, dict):
            pending.extend((child, _member(place, key)) for key, child in item.items())
        elif isinstance(item, list):
            pending.extend((child, f"{place}[{i}]") for i, child in enumerate(item))
    return sorted(problems)


def import_json(log: Log, source: Path) -> ImportReport:
    """Add what the JSON export ``source`` holds and the log lacks; see the module docstring.

    Raises ``LogImportError`` (nothing imported) listing every problem,
    or ``LogWriteError`` if the disk refused the write (nothing imported).
    """
    data = _read_json(source)
    problems = _check_document(data)
    if problems:
        raise LogImportError(str(source), problems)
    assert isinstance(data, dict)
    if data["format_version"] == _BY_POSITION_VERSION:
        _key_doses_by_exercise(data)

    added = skipped = blocks_added = other_added = other_skipped = 0
    with log._transaction() as conn, _refusal_placed(source) as place:
        for i, session in enumerate(data["sessions"]):
            place[0] = f"sessions[{i}]"
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
            for i, row in enumerate(data[table]):
                place[0] = f"{table}[{i}]"
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


@contextlib.contextmanager
def _refusal_placed(source: Path) -> Iterator[list[str]]:
    """A refusal by SQLite or Python of a value the checks passed, as an import problem
    with the place of the row being written (``place[0]``); the transaction it is raised
    in rolls back, so nothing of the file is imported.

    The checks are meant to leave nothing for this to catch; it is here so that a gap
    in them is a message with a place, never a traceback or half an import.
    """
    place = ["the file"]
    try:
        yield place
    except (
        OverflowError,
        UnicodeEncodeError,
        TypeError,
        sqlite3.IntegrityError,
        sqlite3.InterfaceError,
    ) as exc:
        raise LogImportError(str(source), [f"{place[0]}: the log refused it: {exc}"]) from exc
