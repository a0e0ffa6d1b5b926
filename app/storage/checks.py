"""What makes a progress log file damaged, checked without writing a byte to it.

Damage is the file itself broken, what only a flipped bit or a bad sector
makes: pages SQLite finds unsound, tables and indexes that are not as
Footwork made them, a copy of a value in an index that disagrees with its
table's, a row out of its key's order, a header whose schema version no
Footwork writes (``Log.open`` checks that one). A value in one row that no
reader can use (of the wrong type, out of range, breaking a CHECK
constraint, a day that is no day, answers that are not a JSON object, a
wall time no date can hold, text that is not UTF-8) is never damage,
whatever made it, a hand edit, an older Footwork or a flipped bit: that
row is a bad row, left out by every reader, named and removable
(``app.storage.unreadable``, with the checks of ``app.storage.fields``).
One bad row must not move the whole log aside.

SQLite's ``quick_check`` finds pages that are not sound, but not all a
flipped bit can do: a column name that turns into another still parses
(History then fails on the missing column), and a value copied into an
index can change there only. So a file is damaged when any of these finds
something:

* ``schema_problem``: Footwork's tables lack a column or an index they
  have in every log of that version, or it changed its name or type
  (objects a user added are left alone; whitespace and comments in the
  definitions do not count: an older Footwork laid them out differently);
  or the header's version does not match the tables there;
* ``quick_check``: SQLite's own check of every page and record (a NULL
  where the table says NOT NULL among them: no hand edit can write one),
  with each table's CHECK constraints compiled (one a flipped bit made
  into a column or a function SQLite does not know is damage) but not
  checked row by row: a row that breaks one is a bad row;
* ``integrity_check`` instead of ``quick_check`` when ``odd_copies``
  finds a value no reader accepts in a column an index holds, in the
  table or in the index, or in the key of a table WITHOUT ROWID. Readers
  may get either copy, and only the full check compares them: when they
  agree the row is a bad row (a hand edit changes both), when they differ
  a bit flipped in one of them. A key is kept in order (a hand edit moves
  its row): only the full check sees a flipped one out of its place.

Neither is anything the disk, the system or another process caused (see
``app.storage.errors.is_damage``). Text that is not UTF-8 is damage only
in what SQLite says about its tables (a name in the schema); in a row,
its field check calls ``is_utf8``, which ``fields.add_functions`` gives
the connection.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.storage.fields import STORED, Checker, add_functions, whole
from app.storage.schema import SCHEMA_VERSION, apply_steps, user_version

Shape = dict[str, tuple[tuple[Any, ...], ...]]


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


# A key column no field check covers: the session a row belongs to, a rowid.
_KEY_CHECKS: dict[str, Checker] = {"session_id": whole(1, 2**63 - 1)}


@dataclass(frozen=True)
class _Scan:
    """One read of the indexed (and key) columns of a table, or of one of its indexes."""

    table: str
    source: str  # the FROM clause: the table NOT INDEXED, or INDEXED BY one index
    where: str  # the partial index's condition, or "1"
    columns: tuple[str, ...]  # the columns an index holds, as this copy has them
    index: str | None = None

    def odd(self, conn: sqlite3.Connection) -> int:
        """How many rows of this copy hold a value its column's check refuses."""
        known = {**_KEY_CHECKS, **STORED[self.table].fields}
        good = [known[c].sql(_quote(c)) for c in self.columns if c in known]
        if not good:
            return 0
        refused = f"coalesce(NOT ({' AND '.join(good)}), 1)"
        sql = f"SELECT coalesce(sum({refused}), 0) FROM {self.source} WHERE {self.where}"
        return int(conn.execute(sql).fetchone()[0])


def _scans(version: int) -> list[_Scan]:
    """Both copies of every value an index holds: in its table, and in the index; and
    the key of each table WITHOUT ROWID.

    A reader that finds its rows through an index may get the index's copy
    of a value, which ``quick_check`` never compares with the table's. The
    key of a table WITHOUT ROWID is its one copy, but the table is a b-tree
    in its order: a flipped byte there can put a row out of it, which
    ``quick_check`` misses too, and then a reader that looks a key up
    finds another row, or none.
    """
    shape = shape_of(version)
    scans = []
    for table in _tables(version):
        indexed: dict[str, None] = {}
        for name, _unique, origin, partial in shape[f"indexes of {table}"]:
            columns = tuple(row[1] for row in shape[f"index {name}"] if row[4] and row[1])
            indexed.update(dict.fromkeys(columns))
            if origin == "pk":
                continue  # the key of a table WITHOUT ROWID: the table itself
            where = _partial_condition(version, name) if partial else "1"
            source = f"{_quote(table)} INDEXED BY {_quote(name)}"
            scans.append(_Scan(table, source, where, columns, name))
        if indexed:
            scans.append(_Scan(table, f"{_quote(table)} NOT INDEXED", "1", tuple(indexed)))
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


def odd_copies(conn: sqlite3.Connection, version: int) -> tuple[str, ...]:
    """Where a column an index holds has a value its check (``app.storage.fields``)
    refuses, in the table or in the index: ``("1 in sessions", "1 in sessions_by_start")``.

    Not damage by itself: a hand edit, or an older import, leaves a bad row
    whose copies agree. But a flipped bit changes one copy only, and only
    the full ``integrity_check`` compares them, so the caller runs it when
    this finds anything (a log without bad rows is read with ``quick_check``).

    Each table is read once, and each index on its own (``INDEXED BY``,
    reading only the index): a few tens of ms for ten years of daily sessions.
    """
    if version == 0:
        return ()
    add_functions(conn)
    found = []
    for scan in _scans(version):
        odd = scan.odd(conn)
        if odd:
            found.append(f"{odd} in {scan.index or scan.table}")
    return tuple(found)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def findings(conn: sqlite3.Connection, pragma: str = "integrity_check") -> list[str]:
    """What ``PRAGMA integrity_check`` (or ``quick_check``) finds, the first five;
    ``["ok"]`` when nothing.

    Without the rows that break a CHECK constraint: those are bad rows
    (``app.storage.unreadable``), not damage, and five of them must not hide
    a broken page behind them. SQLite checks each CHECK constraint only on a
    connection that may write, and not at all with ``ignore_check_constraints``,
    which is set for the check and put back after it.
    """
    ignoring = conn.execute("PRAGMA ignore_check_constraints").fetchone()[0]
    conn.execute("PRAGMA ignore_check_constraints = ON")
    try:
        return [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}(5)")]
    finally:
        if not ignoring:
            conn.execute("PRAGMA ignore_check_constraints = OFF")


def compile_checks(conn: sqlite3.Connection) -> None:
    """Raise what SQLite raises when a CHECK constraint of Footwork's tables no longer
    compiles (a flipped bit made ``side IN`` a call of ``side$IN``): damage.

    An ``INSERT`` is compiled for each table, and never run. Only a connection
    that may write compiles CHECK constraints at all.
    """
    version = user_version(conn)
    if not 0 < version <= SCHEMA_VERSION:
        return
    for table in _tables(version):
        conn.execute(f"EXPLAIN INSERT INTO {_quote(table)} DEFAULT VALUES").fetchall()


def integrity_check(path: Path) -> list[str]:
    """``PRAGMA integrity_check``'s findings, on a connection like ``quick_check``'s."""
    return _check(path, "integrity_check")


def quick_check(path: Path) -> list[str]:
    """``PRAGMA quick_check``'s findings on the database at ``path``; ``["ok"]`` when sound.

    Rows that break a CHECK constraint are not among them (see ``findings``),
    but the constraints must compile (``compile_checks``). SQLite compiles
    them only on a connection that may write, so when no WAL is waiting to
    be checkpointed (closing would write it) the check runs on a read-write
    connection with ``query_only`` on: it reads exactly what a read-only one
    would, and writes nothing. Raises what SQLite raises.
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
    if conn is not None:
        try:
            compile_checks(conn)
        except BaseException:
            conn.close()
            raise
    else:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
    try:
        return findings(conn, pragma)
    finally:
        conn.close()
