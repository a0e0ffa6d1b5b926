"""Rows of the log no reader can use: found, named, and removed when the user asks.

A row that fails its table's checks (``app.storage.fields``) is left out by
every reader of the log (each query asks ``RowSpec.valid_sql``), so one bad
row, from an older Footwork that let it in or from a hand edit (a start in
the year 10000, a text where a number belongs, an unknown status), never
takes History, an export, the coach or start-up down with it. This module
lists those rows with why, in the words the import uses, so that every
screen can say what it left out; and removes them on request, after
writing each row that goes to a file beside the log, so nothing is lost.

A work block or check-in of a session that is itself unreadable is left
out with its session and not listed again.

A bad row is never damage (``app.storage.checks`` draws the line): a log
holding one opens, passes the full integrity check and is backed up like
any other, and is never moved aside for it. Text that is not UTF-8 (one
flipped bit in a name makes it) is a bad row too: its check fails, and
the rows listed here are read with such bytes kept as lone surrogates, so
that they are named, matched by key and written out as they are.

Checking every row in every query would make History several times
slower on a long log, so the rows are found once, at the log's first read
after it opens (``find_unreadable``: a second or less for ten years), and
the readers leave out those by their key (``Readable``), each still
checked, so a row mended since is read again. The app itself cannot write
a row that fails (every write is checked), so only a hand edit made while
Footwork has the log open is not seen until the next start.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TextIO

from app.storage.errors import LogError
from app.storage.fields import (
    BLOCK,
    DOSE,
    EXERCISE_PAIN,
    EXPOSURE,
    MORNING_BASELINE,
    MORNING_CHECKIN,
    PROGRAM_STATE,
    SAFETY,
    SESSION,
    STORED_CHECKIN,
    RowSpec,
    shown,
)
from app.storage.files import stamp, write_atomically

# Details shown in a message before "and N more".
SHOWN_ROWS = 3
# Beyond this many unreadable rows in a table, its readers check every row instead of
# leaving out a list of keys.
LISTED_MAX = 1000


@dataclass(frozen=True)
class _Table:
    name: str
    spec: RowSpec
    key: tuple[str, ...]  # the columns that pick out one row
    words: tuple[str, str]  # one, several
    label: str  # names one row, with {column} for its key values
    of_session: bool = False  # a part of a session: left to its session when that is unreadable


_TABLES = (
    _Table("sessions", SESSION, ("id",), ("session", "sessions"), "session {id}"),
    _Table(
        "blocks",
        BLOCK,
        ("session_id", "phase_index"),
        ("work block", "work blocks"),
        "work block {phase_index} of session {session_id}",
        of_session=True,
    ),
    _Table(
        "session_checkins",
        STORED_CHECKIN,
        ("session_id",),
        ("check-in after a session", "check-ins after a session"),
        "the check-in of session {session_id}",
        of_session=True,
    ),
    _Table(
        "exercise_pain",
        EXERCISE_PAIN,
        ("session_id", "exercise_id"),
        ("pain rating of an exercise", "pain ratings of exercises"),
        "the pain rating of {exercise_id} in session {session_id}",
        of_session=True,
    ),
    _Table(
        "morning_checkins",
        MORNING_CHECKIN,
        ("day",),
        ("morning check-in", "morning check-ins"),
        "the morning check-in of {day}",
    ),
    _Table("doses", DOSE, ("id",), ("dose change", "dose changes"), "dose change {id}"),
    _Table(
        "morning_baselines",
        MORNING_BASELINE,
        ("id",),
        ("usual morning pain", "usual morning pains"),
        "usual morning pain {id}",
    ),
    _Table(
        "exposure", EXPOSURE, ("id",), ("barefoot entry", "barefoot entries"), "barefoot entry {id}"
    ),
    _Table(
        "safety",
        SAFETY,
        ("id",),
        ("set of safety answers", "sets of safety answers"),
        "safety answers {id}",
    ),
    _Table(
        "program_state",
        PROGRAM_STATE,
        ("program_id",),
        ("program state", "program states"),
        "the program state of {program_id}",
    ),
)
_BY_NAME = {table.name: table for table in _TABLES}
# A session's parts go with it (ON DELETE CASCADE): written out with it before it goes.
_PARTS = [table for table in _TABLES if table.of_session]


@dataclass(frozen=True)
class UnreadableRow:
    """One row every reader leaves out: its table, its key, and what is wrong with it."""

    table: str
    key: tuple[Any, ...]  # the values of the table's key columns: this row and no other
    problems: tuple[str, ...]  # "started: expected a time from 1970 to 2200 (...), found ..."

    @property
    def words(self) -> tuple[str, str]:
        """What kind of row it is, as one and as several: ("session", "sessions")."""
        return _BY_NAME[self.table].words

    def describe(self) -> str:
        """``session 7: started: expected a time from 1970 to 2200 (...), found 253402300800``"""
        table = _BY_NAME[self.table]
        names = {
            column: value if isinstance(value, int) else shown(value)
            for column, value in zip(table.key, self.key, strict=True)
        }
        return f"{table.label.format_map(names)}: {'; '.join(self.problems)}"


def unreadable_words(rows: Sequence[UnreadableRow]) -> str:
    """What a screen says about the rows it left out; "" when there are none.

    ``1 session in your log could not be read and is left out: session 7: started: ...``
    """
    if not rows:
        return ""
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        counts[row.words] = counts.get(row.words, 0) + 1
    kinds = [f"{n} {one if n == 1 else several}" for (one, several), n in counts.items()]
    what = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    verb = "is" if len(rows) == 1 else "are"
    details = "; ".join(row.describe() for row in rows[:SHOWN_ROWS])
    more = len(rows) - SHOWN_ROWS
    tail = f"; and {more} more" if more > 0 else ""
    return f"{what} in your log could not be read and {verb} left out: {details}{tail}."


def _mappings(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _decoded(stored: bytes) -> str:
    """Stored text as a str, bytes that are not UTF-8 as lone surrogates: the checks
    name those ("a byte that is not UTF-8 at character 3"), and ``_literal`` gives the
    very same bytes back."""
    return stored.decode("utf-8", "surrogateescape")


@contextmanager
def _every_text_read(conn: sqlite3.Connection) -> Iterator[None]:
    """Read the rows of unreadable ones, whose text may not be UTF-8 (Python's sqlite3
    raises on that by default), on ``conn``; the caller holds it for itself."""
    previous = conn.text_factory
    conn.text_factory = _decoded
    try:
        yield
    finally:
        conn.text_factory = previous


def find_unreadable(conn: sqlite3.Connection) -> tuple[UnreadableRow, ...]:
    """Every row the readers leave out, table by table in key order.

    ``conn`` needs the checks' SQL functions (``fields.add_functions``).
    Raises what SQLite raises: a page it cannot read is damage. Passing over
    it would leave the table's other bad rows unlisted, and its readers
    would meet them.
    """
    readable_sessions = f"SELECT id FROM sessions AS s WHERE {SESSION.valid_sql('s')}"
    found = []
    for table in _TABLES:
        columns = ", ".join(dict.fromkeys((*table.key, *table.spec.fields)))
        sql = f"SELECT {columns} FROM {table.name} AS t WHERE NOT {table.spec.valid_sql('t')}"
        if table.of_session:
            sql += f" AND t.session_id IN ({readable_sessions})"
        sql += f" ORDER BY {', '.join(table.key)}"
        with _every_text_read(conn):
            rows = _mappings(conn.execute(sql))
        for row in rows:
            problems = table.spec.stored_problems(row) or ["it does not pass the log's checks"]
            found.append(
                UnreadableRow(
                    table.name, tuple(row[column] for column in table.key), tuple(problems)
                )
            )
    return tuple(found)


def still_unreadable(
    conn: sqlite3.Connection, rows: Iterable[UnreadableRow]
) -> tuple[UnreadableRow, ...]:
    """The rows that are still unreadable, with what is wrong with them now (a row mended
    or deleted since it was found is dropped)."""
    out = []
    for row in rows:
        table = _BY_NAME[row.table]
        columns = ", ".join(table.spec.fields)
        with _every_text_read(conn):
            found = _mappings(
                conn.execute(
                    f"SELECT {columns} FROM {table.name} WHERE {_key_condition(table, row.key)} "
                    f"AND NOT {table.spec.valid_sql()}"
                )
            )
        if found:
            problems = table.spec.stored_problems(found[0]) or ["it does not pass the log's checks"]
            out.append(UnreadableRow(row.table, row.key, tuple(problems)))
    return tuple(out)


@dataclass(frozen=True)
class Readable:
    """SQL conditions that leave the unreadable rows out of a reader's query.

    ``where(table, alias)`` is true for every row of ``table`` (named
    ``alias`` in the query) but those listed here as unreadable and still
    so; the attributes are the conditions for the aliases the log's queries
    use (``sessions`` for ``sessions AS s``, ``blocks`` for ``blocks AS b``...).
    """

    rows: tuple[UnreadableRow, ...] = ()

    def where(self, table: str, alias: str) -> str:
        spec = _BY_NAME[table]
        listed = [row.key for row in self.rows if row.table == table]
        if not listed:
            return "1"
        valid = spec.spec.valid_sql(alias)
        if len(listed) > LISTED_MAX or any(None in key for key in listed):
            return valid
        columns = [f"{alias}.{column}" for column in spec.key]
        if len(columns) == 1:
            keys = ", ".join(_literal(key[0]) for key in listed)
            return f"({columns[0]} NOT IN ({keys}) OR {valid})"
        keys = ", ".join("(" + ", ".join(map(_literal, key)) + ")" for key in listed)
        return f"(({', '.join(columns)}) NOT IN (VALUES {keys}) OR {valid})"

    @cached_property
    def sessions(self) -> str:
        return self.where("sessions", "s")

    @cached_property
    def blocks(self) -> str:
        return self.where("blocks", "b")

    @cached_property
    def checkins(self) -> str:
        return self.where("session_checkins", "c")

    @cached_property
    def pains(self) -> str:
        return self.where("exercise_pain", "p")

    @cached_property
    def mornings(self) -> str:
        return self.where("morning_checkins", "m")

    @cached_property
    def doses(self) -> str:
        return self.where("doses", "d")

    @cached_property
    def baselines(self) -> str:
        return self.where("morning_baselines", "mb")

    @cached_property
    def exposure(self) -> str:
        return self.where("exposure", "e")

    @cached_property
    def safety(self) -> str:
        return self.where("safety", "sa")

    @cached_property
    def programs(self) -> str:
        return self.where("program_state", "ps")


def _literal(value: object) -> str:
    """A stored key value as an SQL literal of the same type and value (text as its
    bytes in hex: any character is safe that way, and text that is not UTF-8, read as
    lone surrogates, is the same bytes again)."""
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ("9e999" if value > 0 else "-9e999")
    if isinstance(value, str):
        return f"CAST(x'{value.encode('utf-8', 'surrogateescape').hex()}' AS TEXT)"
    if isinstance(value, bytes):
        return f"x'{value.hex()}'"
    raise TypeError(f"no SQL literal for {value!r}")


def _key_condition(table: _Table, key: Sequence[Any]) -> str:
    """The row of ``table`` with this key, and no other (keys as literals: one that is
    not UTF-8 cannot be passed as a parameter)."""
    return " AND ".join(
        f"{column} IS {_literal(value)}" for column, value in zip(table.key, key, strict=True)
    )


def remove_unreadable(
    conn: sqlite3.Connection, rows: Iterable[UnreadableRow], folder: Path
) -> tuple[int, Path | None]:
    """Delete the rows (in the caller's transaction) that are still unreadable, after
    writing them, and a session's parts that go with it, to a new file in ``folder``.

    Returns (rows deleted, the file); (0, None) when none was left to delete.
    Raises ``LogError`` with nothing deleted if the file cannot be written.
    """
    going: dict[str, list[dict[str, Any]]] = {}
    deletes: list[str] = []
    for row in rows:
        table = _BY_NAME[row.table]
        where = f"{_key_condition(table, row.key)} AND NOT {table.spec.valid_sql()}"
        with _every_text_read(conn):
            found = _mappings(conn.execute(f"SELECT * FROM {table.name} WHERE {where}"))
        if not found:
            continue  # mended (or gone) since it was listed
        going.setdefault(table.name, []).extend(found)
        deletes.append(f"DELETE FROM {table.name} WHERE {where}")
        if table.name == "sessions":
            for part in _PARTS:
                with _every_text_read(conn):
                    parts = _mappings(
                        conn.execute(f"SELECT * FROM {part.name} WHERE session_id = ?", row.key)
                    )
                going.setdefault(part.name, []).extend(parts)
    if not deletes:
        return 0, None
    path = folder / f"removed-rows-{stamp()}.json"
    document = {
        "removed_from": "log.sqlite3",
        "why": "rows Footwork could not read, removed from the log at the user's request",
        "tables": {name: [_plain(r) for r in found] for name, found in going.items() if found},
    }

    def write(stream: TextIO) -> None:
        json.dump(document, stream, ensure_ascii=False, indent=1)
        stream.write("\n")

    try:
        write_atomically(path, write)
    except OSError as exc:
        raise LogError(
            f"The unreadable rows were not removed: cannot write {path} to keep them "
            f"({exc.strerror or exc})."
        ) from exc
    deleted = sum(conn.execute(sql).rowcount for sql in deletes)
    return deleted, path


def _plain(row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored row as JSON can hold it: bytes, and text that is not UTF-8, as their
    bytes in hex; infinities as text."""
    out: dict[str, Any] = {}
    for column, value in row.items():
        if isinstance(value, str) and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                value = value.encode("utf-8", "surrogateescape")
        if isinstance(value, bytes):
            value = "x'" + value.hex() + "'"
        elif isinstance(value, float) and not math.isfinite(value):
            value = repr(value)
        out[column] = value
    return out
