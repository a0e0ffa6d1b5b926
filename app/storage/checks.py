"""What makes a progress log file damaged, checked without writing a byte to it.

SQLite's ``quick_check`` finds pages that are not sound, but not all a
flipped bit can do: a column name that turns into another still parses
(History then fails on the missing column); a text value that turns into
a blob, or a number into text, is still a valid record. So a file is
damaged when any of these finds something:

* ``schema_problem``: Footwork's tables lack a column or an index they
  have in every log of that version, or it changed its name or type
  (objects a user added are left alone; whitespace and comments in the
  definitions do not count: an older Footwork laid them out differently);
* ``read_values``: a value of a type Footwork never writes in its
  column (what a STRICT table would refuse), a day that is not a day, or
  answers that are not a JSON object; and a wall time no date can hold,
  which sends the open to the full ``integrity_check``;
* ``quick_check``: SQLite's own check, CHECK constraints included.

A value of the right type that is out of range (a session dated in the
year 10000, which an older import let in) is not damage: the readers
skip such a row. Neither is anything the disk, the system or another
process caused (see ``app.storage.errors.is_damage``).
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.storage.schema import SCHEMA_VERSION, apply_steps

Shape = dict[str, tuple[tuple[Any, ...], ...]]

# The storage classes a declared column type holds in a sound log (REAL columns may
# hold an integer that SQLite kept as one). Nullable columns may hold NULL too.
_CLASSES = {"INTEGER": ("integer",), "REAL": ("real", "integer"), "TEXT": ("text",)}
# Columns that hold a JSON object (the safety answers: question id -> answer).
_JSON_OBJECTS = frozenset({"answers"})
# Columns that hold a wall time (seconds since 1970), and the span a date can show:
# 0001-01-01 to 9999-12-31 (UTC).
_WALLS = frozenset({"started", "ended", "decided", "answered"})
_FIRST_WALL = -62135596800
_LAST_WALL = 253402300799


def _shape(conn: sqlite3.Connection, tables: Iterable[str]) -> Shape:
    """What the code relies on in the tables named: their columns (name, declared type,
    NOT NULL, key) and their indexes with the columns of each, as SQLite parsed them."""
    shape: Shape = {}
    for table in tables:
        shape[f"table {table}"] = tuple(
            conn.execute(
                'SELECT name, upper(type), "notnull", pk FROM pragma_table_xinfo(?) ORDER BY cid',
                (table,),
            )
        )
        indexes = tuple(
            conn.execute(
                'SELECT name, "unique", origin, partial FROM pragma_index_list(?) ORDER BY name',
                (table,),
            )
        )
        shape[f"indexes of {table}"] = indexes
        for index in indexes:
            shape[f"index {index[0]}"] = tuple(
                conn.execute(
                    "SELECT cid, name, desc, coll, key FROM pragma_index_xinfo(?) ORDER BY seqno",
                    (index[0],),
                )
            )
    return shape


@functools.cache
def shape_of(version: int) -> Shape:
    """The shape of Footwork's tables at schema ``version`` (see ``_shape``).

    A new log is made by the same steps as an old one is migrated by, so
    every sound log of that version has exactly this shape.
    """
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        apply_steps(conn, 0, version)
        tables = [
            row[0] for row in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
        ]
        return _shape(conn, tables)
    finally:
        conn.close()


def _tables(version: int) -> list[str]:
    return [key.removeprefix("table ") for key in shape_of(version) if key.startswith("table ")]


def _fits(key: str, expected: tuple[tuple[Any, ...], ...], found: Shape) -> bool:
    if key.startswith("indexes of "):  # an index a user added is no damage
        return set(expected) <= set(found.get(key, ()))
    return found.get(key) == expected


def schema_problem(conn: sqlite3.Connection, version: int) -> str | None:
    """None when every table of ``version`` has the columns and indexes Footwork gave it,
    and none of the tables only later versions add is there (a lower version in a
    damaged header would have those made a second time)."""
    if version == 0:
        return None
    expected = shape_of(version)
    found = _shape(conn, _tables(version))
    differ = sorted(key for key, value in expected.items() if not _fits(key, value, found))
    if differ:
        return f"its tables are not as Footwork made them ({', '.join(differ)})"
    later = sorted(set(_tables(SCHEMA_VERSION)) - set(_tables(version)))
    if later:
        marks = ", ".join("?" * len(later))
        present = [
            row[0]
            for row in conn.execute(
                f"SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ({marks})",
                later,
            )
        ]
        if present:
            return (
                f"its header says schema version {version}, but it holds the tables of a "
                f"later version ({', '.join(sorted(present))})"
            )
    return None


def _sound_value(column: tuple[Any, ...]) -> str | None:
    """The SQL condition a sound value of ``column`` (a ``pragma_table_xinfo`` row) meets."""
    name, declared, notnull, pk = column
    classes = _CLASSES.get(declared)
    if classes is None:
        return None
    if not notnull and not pk:
        classes = (*classes, "null")
    quoted = _quote(name)
    condition = f"typeof({quoted}) IN ({', '.join(repr(c) for c in classes)})"
    if name == "day" or name.endswith("_day"):
        # Days are ISO text (YYYY-MM-DD): date() gives back the very same text.
        condition += f" AND ({quoted} IS NULL OR date({quoted}) IS {quoted})"
    if name in _JSON_OBJECTS:
        # json_type() raises on text that is not JSON: ask it only of valid JSON.
        is_object = f"json_type({quoted}) = 'object'"
        condition += f" AND CASE WHEN json_valid({quoted}) THEN {is_object} ELSE 0 END"
    return condition


@dataclass(frozen=True)
class _Scan:
    """One read of every row of a table, or of one of its indexes only."""

    table: str
    source: str  # the FROM clause: the table NOT INDEXED, or INDEXED BY one index
    where: str  # the partial index's condition, or "1"
    columns: tuple[str, ...]  # the columns that copy holds
    index: str | None = None

    def counts(self, conn: sqlite3.Connection, *conditions: str) -> tuple[int, ...]:
        """How many rows of this copy meet each of ``conditions`` (SQL), in one read."""
        sums = ", ".join(f"coalesce(sum({c}), 0)" for c in conditions)
        sql = f"SELECT {sums} FROM {self.source} WHERE {self.where}"
        return tuple(int(n) for n in conn.execute(sql).fetchone())


def _scans(version: int) -> list[_Scan]:
    """Every copy of Footwork's values: each table, and each index it has.

    A reader that finds its rows through an index may get the index's copy
    of a value, which ``quick_check`` never compares with the table's.
    """
    shape = shape_of(version)
    scans = []
    for table in _tables(version):
        columns = tuple(column[0] for column in shape[f"table {table}"])
        scans.append(_Scan(table, f"{_quote(table)} NOT INDEXED", "1", columns))
        for name, _unique, origin, partial in shape[f"indexes of {table}"]:
            if origin != "c":
                continue  # a key's own index: read with the table
            indexed = tuple(row[1] for row in shape[f"index {name}"] if row[4] and row[1])
            where = _partial_condition(version, name) if partial else "1"
            source = f"{_quote(table)} INDEXED BY {_quote(name)}"
            scans.append(_Scan(table, source, where, indexed, name))
    return scans


@functools.cache
def _partial_condition(version: int, index: str) -> str:
    """The WHERE of a partial index, from Footwork's own definition of it."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        apply_steps(conn, 0, version)
        row = conn.execute("SELECT sql FROM sqlite_schema WHERE name = ?", (index,)).fetchone()
    finally:
        conn.close()
    return str(row[0]).split(" WHERE ", 1)[1]


@dataclass(frozen=True)
class Values:
    """What reading every value found (see ``read_values``)."""

    problem: str | None  # damage: values of a kind Footwork never writes, and where
    far_walls: int  # wall times no date can hold: not damage by themselves


def read_values(conn: sqlite3.Connection, version: int) -> Values:
    """Read every value in Footwork's tables, and in their indexes, once.

    ``problem`` says where a value has a type Footwork never writes there
    (or a day is not a day, or answers are not a JSON object): damage.

    ``far_walls`` counts wall times (``started``, ``ended``, ``decided``,
    ``answered``) where no date can be: before the year 1 or after 9999.
    Not damage by itself (an older import let such values in, and the
    readers skip those rows), but a flipped bit in a wall's exponent makes
    them too; then the table and its index disagree, which only the full
    ``integrity_check`` sees, so the caller runs it at once.

    Each table is read once, and each index on its own (``INDEXED BY``,
    reading only the index). About 100 ms for ten years of daily sessions.
    """
    if version == 0:
        return Values(None, 0)
    columns = {
        (key.removeprefix("table "), column[0]): column
        for key, rows in shape_of(version).items()
        if key.startswith("table ")
        for column in rows
    }
    found = []
    far = 0
    for scan in _scans(version):
        sound = [c for c in (_sound_value(columns[scan.table, n]) for n in scan.columns) if c]
        walls = [
            f"({w} IS NOT NULL AND NOT ({w} BETWEEN {_FIRST_WALL} AND {_LAST_WALL}))"
            for w in (_quote(name) for name in scan.columns if name in _WALLS)
        ]
        if not sound:
            continue
        bad, far_here = scan.counts(conn, f"NOT ({' AND '.join(sound)})", " OR ".join(walls) or "0")
        far += far_here
        if bad:
            found.append(f"{bad} in {scan.index or scan.table}")
    problem = f"values of a kind Footwork never writes ({', '.join(found)})" if found else None
    return Values(problem, far)


def value_problem(conn: sqlite3.Connection, version: int) -> str | None:
    """``read_values(conn, version).problem``: None when every value is of its kind."""
    return read_values(conn, version).problem


def integrity_check(path: Path) -> list[str]:
    """``PRAGMA integrity_check``'s findings, on a connection like ``quick_check``'s."""
    return _check(path, "integrity_check")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quick_check(path: Path) -> list[str]:
    """``PRAGMA quick_check``'s findings on the database at ``path``; ``["ok"]`` when sound.

    SQLite checks CHECK constraints only on a connection that may write,
    so when no WAL is waiting to be checkpointed (closing would write it)
    the check runs on a read-write connection with ``query_only`` on: it
    reads exactly what a read-only one would, and writes nothing. Raises
    what SQLite raises.
    """
    return _check(path, "quick_check")


def _check(path: Path, pragma: str) -> list[str]:
    wal = path.with_name(path.name + "-wal")
    waiting = wal.exists() and wal.stat().st_size > 0
    uri = path.resolve().as_uri()
    conn = None
    if not waiting:
        with contextlib.suppress(sqlite3.Error):
            writable = sqlite3.connect(f"{uri}?mode=rw", uri=True)
            try:
                writable.execute("PRAGMA query_only = ON")
            except sqlite3.Error:
                writable.close()
                raise
            conn = writable
    if conn is None:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
    try:
        return [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}(5)")]
    finally:
        conn.close()
