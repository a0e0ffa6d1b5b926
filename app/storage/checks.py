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
* ``value_problem``: a value of a type Footwork never writes in its
  column (what a STRICT table would refuse), or a day that is not a day;
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
from pathlib import Path
from typing import Any

from app.storage.schema import SCHEMA_VERSION, apply_steps

Shape = dict[str, tuple[tuple[Any, ...], ...]]

# The storage classes a declared column type holds in a sound log (REAL columns may
# hold an integer that SQLite kept as one). Nullable columns may hold NULL too.
_CLASSES = {"INTEGER": ("integer",), "REAL": ("real", "integer"), "TEXT": ("text",)}


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
    return condition


def value_problem(conn: sqlite3.Connection, version: int) -> str | None:
    """None when every value in Footwork's tables, and in their indexes, has a type
    Footwork writes there (and every day is a day).

    Each table is read once, and each index of its own (``INDEXED BY``, reading
    only the index): a reader that finds its rows through an index gets the
    index's copy of a value, which ``quick_check`` never compares with the
    table's. About 150 ms for ten years of daily sessions.
    """
    if version == 0:
        return None
    shape = shape_of(version)
    found = []
    for table in _tables(version):
        columns = {column[0]: column for column in shape[f"table {table}"]}
        scans = [("", list(columns))]
        for name, _unique, origin, partial in shape[f"indexes of {table}"]:
            if origin == "c" and not partial:
                indexed = [row[1] for row in shape[f"index {name}"] if row[4] and row[1]]
                scans.append((f" INDEXED BY {_quote(name)}", indexed))
        for how, names in scans:
            conditions = [c for c in (_sound_value(columns[n]) for n in names) if c]
            if not conditions:
                continue
            sql = (
                f"SELECT count(*) FROM {_quote(table)}{how} WHERE NOT ({' AND '.join(conditions)})"
            )
            bad = conn.execute(sql).fetchone()[0]
            if bad:
                where = f"the index {how.split()[-1]}" if how else table
                found.append(f"{bad} in {where}")
    if not found:
        return None
    return f"values of a kind Footwork never writes ({', '.join(found)})"


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
        return [str(row[0]) for row in conn.execute("PRAGMA quick_check(5)")]
    finally:
        conn.close()
