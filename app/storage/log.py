"""The progress log: every session, work block and check-in, kept in SQLite.

Written ahead: a session is stored when it starts and each work block is
committed in its own small transaction the moment it ends, so a crash,
a kill or a power cut loses at most the block being played. A session the
app did not finish is offered back (``unfinished_session``) until the user
keeps it, discards it or resumes and finishes it.

Opening checks before it writes anything: a log from a newer Footwork is
refused untouched; a damaged one is moved aside (never deleted) and the
backups are offered. Damaged means the file itself is broken (a page
``quick_check`` finds bad, tables that are not as Footwork made them, a
CHECK constraint that no longer compiles, an index whose copy of a value
disagrees with its table's: see ``app.storage.checks``); never an I/O
error, a busy or locked file or a full disk; and never one bad row: a
value of the wrong type, out of range, breaking a CHECK constraint or
text that is not UTF-8 is left out by every reader and named
(``app.storage.unreadable``). A log another process has open is never
moved aside, whatever it looks like. Damage found later, while the log is
open (a read or write meeting it, or the full ``integrity_check`` the
window runs after start-up), raises ``DamageFoundError``; the caller
closes the log and calls ``set_aside``.

Migrations run one version at a time, each in a transaction, after a
backup. The database runs in WAL mode with ``synchronous=FULL``; both are
asserted at open. The WAL is checkpointed into the log file at the end of
each session.

Threads: one ``Log`` may be used from any one thread, or from several,
since a lock serialises every call; the UI calls it from a worker thread
so the GUI never waits for the disk.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_start
from pathlib import Path
from typing import Any, NoReturn

from app.core.events import BlockRecord, SessionStatus
from app.paths import NotRegularFileError, require_regular
from app.storage import checks, fields, transfer
from app.storage.backups import (
    Backup,
    FreeSpace,
    integrity_problems,
    list_backups,
    ranked_backups,
    room_for_backup,
    take_backup,
    thin_backups,
)
from app.storage.errors import (
    BackupError,
    BackupSkippedError,
    DamagedLogError,
    DamageFoundError,
    LogError,
    LogOpenError,
    LogReadError,
    LogValueError,
    LogWriteError,
    NewerLogError,
    describe,
    is_damage,
    is_surely_not_damage,
    is_undecodable_value,
    not_damage_in,
    write_failure,
)
from app.storage.fields import (
    BLOCK,
    BLOCK_COLUMNS,
    DOSE,
    EXPOSURE,
    MORNING_BASELINE,
    MORNING_CHECKIN,
    PROGRAM_STATE,
    SAFETY,
    SESSION,
    SESSION_CHECKIN,
    insert_sql,
    sql_values,
)
from app.storage.files import (
    COMPANIONS,
    create_private,
    free_bytes,
    log_path,
    make_private,
    move_aside,
    processes_locking,
)
from app.storage.records import (
    CoachSession,
    DoseChange,
    ExerciseBlock,
    ExerciseLoad,
    Exposure,
    ImportReport,
    MorningBaseline,
    MorningCheckIn,
    ProgramState,
    SafetyAnswers,
    SessionCheckIn,
    SessionSummary,
    UnfinishedSession,
    WeekMinutes,
    day_of,
)
from app.storage.schema import SCHEMA_VERSION, apply_steps, user_version
from app.storage.unreadable import (
    Readable,
    UnreadableRow,
    find_unreadable,
    remove_unreadable,
    still_unreadable,
)

BACKUP_INTERVAL_SECONDS = 30 * 60
# Another Footwork on the same log holds the write lock for one tiny commit at
# most; wait that long rather than fail.
BUSY_TIMEOUT_SECONDS = 5.0
# A checkpoint at the end of a session waits at most this long for a reader in another
# process (an export) to let go of the WAL; it is tried again after the next session.
CHECKPOINT_WAIT_SECONDS = 0.25
# A schema version this far ahead of ours is a damaged header, not a newer Footwork:
# the schema took three versions in its first years.
MAX_VERSIONS_AHEAD = 100
# SQLite's value for PRAGMA synchronous=FULL.
_SYNCHRONOUS_FULL = 2

# Redoing a block replaces its row: (session_id, phase_index) is the key.
_SAVE_BLOCK = insert_sql("blocks", ["session_id", *BLOCK.fields]).replace(
    "INSERT INTO", "INSERT OR REPLACE INTO", 1
)


def _wall_of_day(day: date) -> float:
    """The wall time of local midnight at the start of ``day``."""
    return datetime.combine(day, day_start()).astimezone().timestamp()


def _plain(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


class Log:
    """The progress log of one data folder. Make one with ``Log.open(data_dir)``.

    Every write commits before it returns, or raises ``LogWriteError`` with
    nothing of it saved (``LogValueError`` for a value it will not store).
    Close it with ``close()`` (or use it in a ``with`` block), which takes a
    backup when anything changed since the last one.
    """

    def __init__(
        self, conn: sqlite3.Connection, data_dir: Path, free_space: FreeSpace = free_bytes
    ) -> None:
        """Use ``Log.open``; this only wraps a connection that passed its checks."""
        self._conn = conn
        self._lock = threading.RLock()
        self._backup_lock = threading.Lock()
        self._closed = False
        self.data_dir = data_dir
        self.path = log_path(data_dir)
        self._writes = 0  # commits since open
        self._writes_backed_up = 0
        self._unreadable: tuple[UnreadableRow, ...] | None = None  # found at the first read
        self._free_space = free_space
        self._told_no_room = False  # a backup skipped for disk space is said once
        self.skipped_backup: str | None = None  # why, when closing skipped its backup
        self._damage: str | None = None  # damage found while open: no backup of it then
        # The newest backup made by a clock that was right: one dated in the future (the
        # clock was ahead then) must not hold back the next backup until it catches up.
        now = datetime.now(UTC).astimezone()
        newest = next(
            (b for b in list_backups(data_dir) if b.periodic and not b.in_future(now)), None
        )
        self._last_backup_wall = newest.taken.timestamp() if newest else 0.0

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(cls, data_dir: Path, *, free_space: FreeSpace = free_bytes) -> Log:
        """Open (or create) ``<data_dir>/log.sqlite3``, checked, migrated, ready to write.

        Raises ``NewerLogError`` (left untouched), ``DamagedLogError`` (moved
        aside; offer its ``backups`` and ``restore_backup``) or
        ``LogOpenError`` (the message says why). The data folder must exist.
        ``free_space(folder)`` says how many bytes are free there (backups
        keep a margin of it; tests pass their own).
        """
        data_dir = Path(data_dir)
        if not data_dir.is_dir():
            raise LogOpenError(f"The data folder {data_dir} does not exist.")
        path = log_path(data_dir)
        try:
            # A link here would pass SQLite's writes, and our chmod, to a file not ours.
            for name in (path, *(path.with_name(path.name + s) for s in COMPANIONS)):
                require_regular(name)
        except NotRegularFileError as exc:
            raise LogOpenError(
                f"The progress log file {exc.path} is not a regular file ({exc.kind}), so "
                "Footwork did not open or change it. Move it away and start Footwork again."
            ) from None
        try:
            existed = path.exists()
            if existed and path.stat().st_size == 0 and list_backups(data_dir):
                # Only a crash while creating a new log leaves an empty file, and
                # a new log has no backups: this one lost its contents.
                cls._damaged(path, data_dir, "the file is empty")
            create_private(path)
            make_private(path)
        except OSError as exc:
            raise LogOpenError(f"Cannot use the progress log {path}: {exc.strerror}.") from exc
        version = cls._inspect(path, data_dir)
        try:
            conn = sqlite3.connect(
                path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS
            )
        except sqlite3.Error as exc:
            raise cls._cannot_open(path, data_dir, exc) from exc
        try:
            conn.row_factory = sqlite3.Row
            fields.add_functions(conn)  # what the readers' checks of each row call
            if 0 < version < SCHEMA_VERSION:
                # Before anything else writes to it, even the switch to WAL.
                cls._backup_before_migrating(conn, data_dir)
            configure(conn)
            make_private(path)
            cls._migrate(conn, version)
        except (sqlite3.Error, UnicodeDecodeError, DamageFoundError) as exc:
            conn.close()
            if isinstance(exc, DamageFoundError):
                cls._damaged(path, data_dir, exc.reason)
            if is_damage(exc):
                # "malformed database schema" met while switching to WAL or migrating.
                cls._damaged(path, data_dir, _plain(exc))
            raise cls._cannot_open(path, data_dir, exc) from exc
        except BaseException:
            conn.close()
            raise
        return cls(conn, data_dir, free_space)

    @staticmethod
    def _cannot_open(path: Path, data_dir: Path, exc: BaseException) -> LogOpenError:
        why = describe(exc, data_dir) if isinstance(exc, sqlite3.Error) else _plain(exc)
        return LogOpenError(f"Cannot open the progress log {path}: {why}.")

    @classmethod
    def _inspect(cls, path: Path, data_dir: Path) -> int:
        """Read the schema version, check the tables and both copies of every indexed
        value, and run ``quick_check`` (``integrity_check`` when a copy holds a value no
        reader accepts), without writing a byte: see ``app.storage.checks``.

        A read-only connection does not even checkpoint the WAL when it
        closes, so a refused file is left exactly as it was; quick_check's
        read-write one is used only when no WAL waits (see ``checks.quick_check``).
        """
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise cls._cannot_open(path, data_dir, exc) from exc
        reason: str | None = None
        thorough = False  # run the full integrity check rather than the quick one
        try:
            version = user_version(conn)
            if not 0 <= version <= SCHEMA_VERSION + MAX_VERSIONS_AHEAD:
                reason = f"its header holds schema version {version}, which no Footwork writes"
            elif version > SCHEMA_VERSION:
                raise NewerLogError(path, version, SCHEMA_VERSION)
            elif version == 0 and conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]:
                raise LogOpenError(
                    f"{path} is a database, but not a Footwork progress log. It was not "
                    "changed; move it elsewhere and start Footwork again."
                )
            else:
                reason = checks.schema_problem(conn, version)
                # A bad row in an indexed column is no damage, but only the full check
                # tells it from a bit flipped in one of its two copies.
                thorough = reason is None and bool(checks.odd_copies(conn, version))
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            if not is_damage(exc):
                raise cls._cannot_open(path, data_dir, exc) from exc
            reason = _plain(exc)
        finally:
            conn.close()
        if reason is None:
            reason = cls._quick_check(path, data_dir, thorough=thorough)
        if reason is None:
            return version
        cls._damaged(path, data_dir, reason)

    @classmethod
    def _quick_check(cls, path: Path, data_dir: Path, *, thorough: bool = False) -> str | None:
        """Run ``quick_check`` (``integrity_check`` when ``thorough``): None when it finds
        nothing, else what it found. A page that could not be read because of the disk
        (an I/O error, a short read) is not damage: ``LogOpenError``, the file left as
        it is."""
        try:
            problems = (checks.integrity_check if thorough else checks.quick_check)(path)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            if is_surely_not_damage(exc):
                raise cls._cannot_open(path, data_dir, exc) from exc
            return _plain(exc)  # e.g. a CHECK constraint that no longer parses
        if problems == ["ok"]:
            return None
        code = not_damage_in(problems)
        if code is not None:
            raise LogOpenError(
                f"Cannot open the progress log {path}: the disk reported an error while it "
                f"was read (SQLite error {code}). It was left as it is; try again."
            )
        return "; ".join(problems)

    @classmethod
    def set_aside(cls, data_dir: Path, reason: str) -> NoReturn:
        """Move a log found damaged while open aside (close it first): raises
        ``DamagedLogError`` with the backups to offer, or ``LogOpenError`` when it cannot
        be moved, or another process has it open (then it is left as it is)."""
        cls._damaged(log_path(Path(data_dir)), Path(data_dir), reason)

    @staticmethod
    def _damaged(path: Path, data_dir: Path, reason: str) -> NoReturn:
        other = _held_elsewhere(path, data_dir)
        if other is not None:
            raise LogOpenError(
                f"The progress log {path} looks damaged ({reason}), but {other} has it "
                "open, so it was left as it is. Close that Footwork and start again."
            )
        try:
            moved = move_aside(path, "bad")
        except OSError as exc:
            raise LogOpenError(
                f"The progress log {path} is damaged ({reason}) and could not be moved "
                f"aside: {exc.strerror}. Nothing was changed."
            ) from exc
        raise DamagedLogError(reason, moved, ranked_backups(data_dir))

    @staticmethod
    def _backup_before_migrating(conn: sqlite3.Connection, data_dir: Path) -> None:
        try:
            take_backup(conn, data_dir, before_version=SCHEMA_VERSION)
        except BackupError as exc:
            if exc.source_damaged:
                raise DamageFoundError(str(exc)) from exc
            raise LogOpenError(
                f"The progress log needs updating to version {SCHEMA_VERSION}, but no backup "
                f"could be made first, so it was not changed. {exc}"
            ) from exc

    @staticmethod
    def _migrate(conn: sqlite3.Connection, version: int) -> None:
        """Bring the schema up to date: a new log in one step, an old one a version at a time."""
        if version == 0:
            # A new log: nothing to back up, and one transaction makes it all or nothing.
            apply_steps(conn, 0, SCHEMA_VERSION)
            return
        for step in range(version, SCHEMA_VERSION):
            apply_steps(conn, step, step + 1)

    # ------------------------------------------------------------ the plumbing

    def _connection(self) -> sqlite3.Connection:
        if self._closed:
            raise LogError("The progress log is closed.")
        return self._conn

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """The connection, for reads; several statements see one snapshot.

        What SQLite raises becomes a ``LogError``: ``DamageFoundError`` when
        what it read is damaged, ``LogReadError`` otherwise.
        """
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN")
                try:
                    yield conn
                finally:
                    if conn.in_transaction:
                        conn.execute("COMMIT")
            except (sqlite3.Error, UnicodeDecodeError) as exc:
                raise self._read_failure(exc) from exc

    def _read_failure(self, exc: sqlite3.Error | UnicodeDecodeError) -> LogError:
        if is_undecodable_value(exc):
            # Text that is not UTF-8 in a row that came after the search for bad rows (a
            # change made since): a bad row, not damage. The next read looks again, and
            # leaves it out.
            self._unreadable = None
            return LogReadError(
                f"Cannot read the progress log: {_plain(exc)}. The row is left out from now on."
            )
        if is_damage(exc):
            return self._found(_plain(exc))
        why = describe(exc, self.data_dir) if isinstance(exc, sqlite3.Error) else _plain(exc)
        return LogReadError(f"Cannot read the progress log: {why}.")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on leaving, or rolled back and raised as a LogError."""
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
            except sqlite3.IntegrityError as exc:
                self._rollback()
                raise LogValueError(f"The log refused a value: {exc}.") from exc
            except (sqlite3.Error, UnicodeDecodeError) as exc:
                self._rollback()
                if is_damage(exc):
                    # Not a write to keep retrying: the log must be set aside.
                    raise self._found(_plain(exc)) from exc
                assert isinstance(exc, sqlite3.Error)
                raise LogWriteError(write_failure(exc, self.data_dir), _plain(exc)) from exc
            except BaseException:
                self._rollback()
                raise
            self._writes += 1

    def _rollback(self) -> None:
        # SQLite may have rolled back by itself (a full disk does that); then
        # there is nothing left to undo.
        with contextlib.suppress(sqlite3.Error):
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")

    @staticmethod
    def _session_status(conn: sqlite3.Connection, session_id: int) -> tuple[bool, str | None]:
        """(exists, status) of a session."""
        row = conn.execute("SELECT status FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return (row is not None, row["status"] if row else None)

    def _require_open_session(self, conn: sqlite3.Connection, session_id: int) -> None:
        exists, status = self._session_status(conn, session_id)
        if not exists:
            raise LogValueError(f"There is no session {session_id} in the log.")
        if status is not None:
            raise LogValueError(f"Session {session_id} is finished ({status}); it is not changed.")

    # ---------------------------------------------------------------- sessions

    def start_session(
        self,
        routine_id: str,
        routine_name: str,
        planned_seconds: int,
        started_wall: float,
        *,
        planned_blocks: int | None = None,
    ) -> int:
        """Store a new open session at once; return its id.

        ``planned_blocks`` (the routine's number of work blocks) lets History
        show "completed of planned"; pass it when known.
        """
        values = {
            "uuid": fields.new_uuid(),
            "routine_id": routine_id,
            "routine_name": routine_name,
            "started": started_wall,
            "ended": None,
            "status": None,
            "planned_seconds": planned_seconds,
            "planned_blocks": planned_blocks,
            "next_phase_index": 0,
        }
        SESSION.require(values, "session")
        with self._transaction() as conn:
            cursor = conn.execute(insert_sql("sessions", values), sql_values(values))
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def save_block(self, session_id: int, record: BlockRecord, next_phase_index: int) -> None:
        """Commit one finished work block and where to resume, before returning.

        A block with the same ``phase_index`` in this session is replaced
        (the user went back and did it again). The session must be open.
        """
        values = fields.block_values(record)
        BLOCK.require(values, "block")
        problem = fields.INDEX(next_phase_index)
        if problem:
            raise LogValueError(f"next_phase_index: {problem}")
        with self._transaction() as conn:
            self._require_open_session(conn, session_id)
            conn.execute(_SAVE_BLOCK, {"session_id": session_id, **sql_values(values)})
            conn.execute(
                "UPDATE sessions SET next_phase_index = ? WHERE id = ?",
                (next_phase_index, session_id),
            )

    def finish_session(self, session_id: int, status: SessionStatus, ended_wall: float) -> None:
        """Mark a session finished with its status and end time."""
        problems = [
            p
            for p in (
                fields.choice(SessionStatus)(status),
                fields.wall_time()(ended_wall),
            )
            if p
        ]
        if problems:
            raise LogValueError("; ".join(problems))
        with self._transaction() as conn:
            updated = conn.execute(
                "UPDATE sessions SET status = ?, ended = ? WHERE id = ?",
                (str(status), ended_wall, session_id),
            ).rowcount
            if not updated:
                raise LogValueError(f"There is no session {session_id} in the log.")
        self.checkpoint()

    def unfinished_session(self) -> UnfinishedSession | None:
        """The newest session still open, with its saved blocks; None if there is none.

        At start-up, before a new session starts, an open session is one the
        app did not finish (a crash, a kill). Call again after
        ``keep_as_partial`` or ``discard`` to see an older one, if any.
        """
        with self._reading() as conn:
            ok = self._readable(conn)
            row = conn.execute(
                f"SELECT * FROM sessions AS s WHERE status IS NULL AND {ok.sessions} "
                "ORDER BY started DESC, id DESC LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            blocks = self._blocks(conn, row["id"])
        return UnfinishedSession(
            id=row["id"],
            uuid=row["uuid"],
            routine_id=row["routine_id"],
            routine_name=row["routine_name"],
            started_wall=row["started"],
            planned_seconds=row["planned_seconds"],
            planned_blocks=row["planned_blocks"],
            next_phase_index=row["next_phase_index"],
            blocks=blocks,
        )

    def keep_as_partial(self, session_id: int) -> None:
        """Finish an unfinished session as it is, with status 'ended early'.

        Its end time is the end of its last saved block (its start if none).
        A session already finished is left as it is.
        """
        with self._transaction() as conn:
            ok = self._readable(conn)
            exists, status = self._session_status(conn, session_id)
            if not exists:
                raise LogValueError(f"There is no session {session_id} in the log.")
            if status is None:
                conn.execute(
                    "UPDATE sessions SET status = ?, ended = coalesce((SELECT max(b.ended) "
                    f"FROM blocks AS b WHERE b.session_id = sessions.id AND {ok.blocks}), started) "
                    "WHERE id = ?",
                    (str(SessionStatus.ENDED_EARLY), session_id),
                )

    def discard(self, session_id: int) -> None:
        """Delete an unfinished session with its blocks and check-in.

        Only an open session can be discarded: a finished one is history and
        is refused with ``LogValueError``.
        """
        with self._transaction() as conn:
            self._require_open_session(conn, session_id)
            conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    @staticmethod
    def _tuples(conn: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> list[Any]:
        """Rows as plain tuples: much cheaper than ``sqlite3.Row`` for thousands of blocks."""
        cursor = conn.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, params).fetchall()

    def _blocks(self, conn: sqlite3.Connection, session_id: int) -> tuple[BlockRecord, ...]:
        ok = self._readable(conn)
        rows = self._tuples(
            conn,
            f"SELECT {', '.join(BLOCK_COLUMNS)} FROM blocks AS b WHERE session_id = ? "
            f"AND {ok.blocks} ORDER BY phase_index",
            (session_id,),
        )
        return tuple(map(fields.block_from_values, rows))

    def blocks(self, session_id: int) -> tuple[BlockRecord, ...]:
        """The saved blocks of a session, in phase order."""
        with self._reading() as conn:
            return self._blocks(conn, session_id)

    # --------------------------------------------------------------- check-ins

    def save_session_checkin(
        self,
        session_id: int,
        pain_during: int,
        note: str = "",
        exercise_pain: Mapping[str, int] | None = None,
    ) -> None:
        """Store (or replace) the check-in after a session: pain 0-10, a note, pain per exercise."""
        values = fields.checkin_values(pain_during, note, exercise_pain)
        SESSION_CHECKIN.require(values, "check-in")
        with self._transaction() as conn:
            if not self._session_status(conn, session_id)[0]:
                raise LogValueError(f"There is no session {session_id} in the log.")
            self._write_checkin(conn, session_id, values)

    @staticmethod
    def _write_checkin(
        conn: sqlite3.Connection, session_id: int, values: Mapping[str, Any]
    ) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO session_checkins (session_id, pain_during, note) "
            "VALUES (?, ?, ?)",
            (session_id, values["pain_during"], values["note"]),
        )
        conn.execute("DELETE FROM exercise_pain WHERE session_id = ?", (session_id,))
        conn.executemany(
            "INSERT INTO exercise_pain (session_id, exercise_id, pain) VALUES (?, ?, ?)",
            [(session_id, ex, pain) for ex, pain in values["exercise_pain"].items()],
        )

    def session_checkin(self, session_id: int) -> SessionCheckIn | None:
        with self._reading() as conn:
            ok = self._readable(conn)
            row = conn.execute(
                f"SELECT * FROM session_checkins AS c WHERE session_id = ? AND {ok.checkins}",
                (session_id,),
            ).fetchone()
            if row is None:
                return None
            pains = conn.execute(
                f"SELECT exercise_id, pain FROM exercise_pain AS p WHERE session_id = ? "
                f"AND {ok.pains} ORDER BY exercise_id",
                (session_id,),
            )
            return SessionCheckIn(session_id, row["pain_during"], row["note"], dict(pains))

    def save_morning_checkin(self, day: date, pain: int | None, stiffness: int | None) -> None:
        """Store (or replace) the next-morning check-in of a calendar day.

        Pain and stiffness are 0-10; pass None for both when the user skipped it.
        """
        values = fields.morning_values(day, pain, stiffness)
        MORNING_CHECKIN.require(values, "morning check-in")
        with self._transaction() as conn:
            conn.execute(
                insert_sql("morning_checkins", values).replace("INSERT", "INSERT OR REPLACE", 1),
                values,
            )

    def skip_morning_checkin(self, day: date) -> None:
        self.save_morning_checkin(day, None, None)

    def morning_checkin(self, day: date) -> MorningCheckIn | None:
        with self._reading() as conn:
            ok = self._readable(conn)
            row = conn.execute(
                f"SELECT * FROM morning_checkins AS m WHERE day = ? AND {ok.mornings}",
                (day.isoformat(),),
            ).fetchone()
        return _morning(row) if row else None

    def morning_checkins(self, since: date | None = None) -> list[MorningCheckIn]:
        """Morning check-ins from ``since`` on, oldest first."""
        with self._reading() as conn:
            ok = self._readable(conn)
            rows = conn.execute(
                f"SELECT * FROM morning_checkins AS m WHERE day >= ? AND {ok.mornings} "
                "ORDER BY day",
                ((since or date.min).isoformat(),),
            ).fetchall()
        return [_morning(row) for row in rows]

    # --------------------------------------------------- History, charts, coach

    def sessions(
        self,
        *,
        since: float | None = None,
        until: float | None = None,
        limit: int | None = None,
    ) -> list[SessionSummary]:
        """Sessions started in [since, until), newest first, at most ``limit`` of them."""
        params = (
            float("-inf") if since is None else since,
            float("inf") if until is None else until,
            -1 if limit is None else limit,
        )
        with self._reading() as conn:
            ok = self._readable(conn)
            chosen = (
                f"FROM sessions AS s WHERE started >= ? AND started < ? AND {ok.sessions} "
                "ORDER BY started DESC, id DESC LIMIT ?"
            )
            rows = conn.execute(
                f"""
                SELECT s.*, c.pain_during, coalesce(c.note, '') AS note
                FROM (SELECT * {chosen}) AS s
                LEFT JOIN session_checkins AS c ON c.session_id = s.id AND {ok.checkins}
                ORDER BY s.started DESC, s.id DESC
                """,
                params,
            ).fetchall()
            # Counted apart, in the blocks' own key order: joining first and grouping
            # after would sort every block of every session in a temporary B-tree.
            counts = {
                row[0]: row[1:]
                for row in self._tuples(
                    conn,
                    f"""
                    SELECT session_id, count(*), sum(status = 'completed'),
                           sum(status = 'skipped'), sum(status = 'stopped'), sum(done_seconds)
                    FROM blocks AS b WHERE session_id IN (SELECT id {chosen}) AND {ok.blocks}
                    GROUP BY session_id
                    """,
                    params,
                )
            }
        out = []
        for row in rows:
            blocks, completed, skipped, stopped, work = counts.get(row["id"], (0, 0, 0, 0, 0.0))
            out.append(
                SessionSummary(
                    id=row["id"],
                    uuid=row["uuid"],
                    routine_id=row["routine_id"],
                    routine_name=row["routine_name"],
                    started_wall=row["started"],
                    ended_wall=row["ended"],
                    status=SessionStatus(row["status"]) if row["status"] else None,
                    planned_seconds=row["planned_seconds"],
                    planned_blocks=row["planned_blocks"],
                    blocks=blocks,
                    completed_blocks=completed,
                    skipped_blocks=skipped,
                    stopped_blocks=stopped,
                    work_seconds=float(work),
                    pain_during=row["pain_during"],
                    note=row["note"],
                )
            )
        return out

    def blocks_for_exercise(
        self, exercise_id: str, *, since: float | None = None
    ) -> list[ExerciseBlock]:
        """Every saved block of one exercise, oldest session first: the data of its chart."""
        with self._reading() as conn:
            ok = self._readable(conn)
            rows = self._tuples(
                conn,
                f"""
                SELECT s.id, s.routine_id, s.started, {", ".join("b." + c for c in BLOCK_COLUMNS)}
                FROM blocks AS b JOIN sessions AS s ON s.id = b.session_id
                WHERE b.exercise_id = ? AND s.started >= ? AND {ok.blocks} AND {ok.sessions}
                ORDER BY s.started, s.id, b.phase_index
                """,
                (exercise_id, float("-inf") if since is None else since),
            )
        return [
            ExerciseBlock(row[0], row[1], row[2], fields.block_from_values(row[3:])) for row in rows
        ]

    def minutes_per_week(self, *, since: float | None = None) -> list[WeekMinutes]:
        """Work minutes done per ISO week (local time), oldest first; weeks without sessions
        are left out."""
        with self._reading() as conn:
            ok = self._readable(conn)
            rows = conn.execute(
                f"""
                SELECT s.started, coalesce(sum(b.done_seconds), 0.0) AS done
                FROM sessions AS s LEFT JOIN blocks AS b ON b.session_id = s.id AND {ok.blocks}
                WHERE s.started >= ? AND {ok.sessions}
                GROUP BY s.id
                """,
                (float("-inf") if since is None else since,),
            ).fetchall()
        weeks: dict[date, list[float]] = {}
        for row in rows:
            day = day_of(row["started"])
            monday = day - timedelta(days=day.weekday())
            totals = weeks.setdefault(monday, [0.0, 0])
            totals[0] += row["done"]
            totals[1] += 1
        return [
            WeekMinutes(monday, seconds / 60.0, int(count))
            for monday, (seconds, count) in sorted(weeks.items())
        ]

    def session_days(self, *, since: date | None = None) -> list[date]:
        """Local days with at least one session with a completed block, oldest first."""
        with self._reading() as conn:
            ok = self._readable(conn)
            rows = conn.execute(
                f"""
                SELECT started FROM sessions AS s
                WHERE started >= ? AND {ok.sessions} AND EXISTS (
                    SELECT 1 FROM blocks AS b
                    WHERE b.session_id = s.id AND b.status = 'completed' AND {ok.blocks})
                """,
                (float("-inf") if since is None else _wall_of_day(since),),
            ).fetchall()
        return sorted({day_of(row["started"]) for row in rows})

    def streak(self, today: date) -> int:
        """Consecutive days with a session, ending today, or yesterday while today has none."""
        days = set(self.session_days(since=today - timedelta(days=3660)))
        day = today if today in days else today - timedelta(days=1)
        count = 0
        while day in days:
            count += 1
            day -= timedelta(days=1)
        return count

    def coach_sessions(self, *, since: float | None = None) -> list[CoachSession]:
        """Per session, oldest first: routine, status, pain during and next morning, and per
        step the planned and done load."""
        start = float("-inf") if since is None else since
        with self._reading() as conn:
            ok = self._readable(conn)
            sessions = conn.execute(
                f"""
                SELECT s.id, s.routine_id, s.started, s.status, c.pain_during
                FROM sessions AS s
                LEFT JOIN session_checkins AS c ON c.session_id = s.id AND {ok.checkins}
                WHERE s.started >= ? AND {ok.sessions} ORDER BY s.started, s.id
                """,
                (start,),
            ).fetchall()
            loads: dict[int, list[ExerciseLoad]] = {}
            for row in conn.execute(
                f"""
                SELECT session_id, step_index, exercise_id, max(exercise_name) AS name,
                       count(*) AS n,
                       sum(b.status = 'completed') AS completed,
                       sum(b.status = 'skipped') AS skipped,
                       sum(b.status = 'stopped') AS stopped,
                       sum(coalesce(planned_seconds, 0)) AS planned_seconds,
                       sum(done_seconds) AS done_seconds,
                       sum(coalesce(planned_reps, 0)) AS planned_reps,
                       sum(coalesce(done_reps, 0)) AS done_reps,
                       max(sets) AS sets, count(DISTINCT side) AS sides
                FROM blocks AS b
                WHERE session_id IN (
                    SELECT id FROM sessions AS s WHERE started >= ? AND {ok.sessions})
                  AND {ok.blocks}
                GROUP BY session_id, step_index, exercise_id
                ORDER BY session_id, step_index, exercise_id
                """,
                (start,),
            ):
                loads.setdefault(row["session_id"], []).append(
                    ExerciseLoad(
                        step_index=row["step_index"],
                        exercise_id=row["exercise_id"],
                        exercise_name=row["name"],
                        blocks=row["n"],
                        completed=row["completed"],
                        skipped=row["skipped"],
                        stopped=row["stopped"],
                        planned_seconds=row["planned_seconds"],
                        done_seconds=row["done_seconds"],
                        planned_reps=row["planned_reps"],
                        done_reps=row["done_reps"],
                        sets=row["sets"],
                        sides=row["sides"],
                    )
                )
            pains: dict[int, dict[str, int]] = {}
            for row in conn.execute(
                "SELECT session_id, exercise_id, pain FROM exercise_pain AS p WHERE session_id IN "
                f"(SELECT id FROM sessions AS s WHERE started >= ? AND {ok.sessions}) "
                f"AND {ok.pains}",
                (start,),
            ):
                pains.setdefault(row["session_id"], {})[row["exercise_id"]] = row["pain"]
            mornings = {
                row["day"]: row
                for row in conn.execute(f"SELECT * FROM morning_checkins AS m WHERE {ok.mornings}")
            }
        out = []
        for row in sessions:
            morning = mornings.get((day_of(row["started"]) + timedelta(days=1)).isoformat())
            out.append(
                CoachSession(
                    id=row["id"],
                    routine_id=row["routine_id"],
                    started_wall=row["started"],
                    status=SessionStatus(row["status"]) if row["status"] else None,
                    pain_during=row["pain_during"],
                    exercise_pain=pains.get(row["id"], {}),
                    morning_pain=morning["pain"] if morning else None,
                    morning_stiffness=morning["stiffness"] if morning else None,
                    loads=tuple(loads.get(row["id"], ())),
                )
            )
        return out

    # ------------------------------------------- what the progression coach keeps

    def add_dose(self, change: DoseChange) -> None:
        """Store an accepted dose change; it is in force from now on for its (routine,
        exercise, occurrence), wherever that step moves in the routine."""
        values = fields.dose_values(change)
        DOSE.require(values, "dose")
        with self._transaction() as conn:
            conn.execute(insert_sql("doses", values), sql_values(values))

    def dose_history(self, routine_id: str | None = None) -> list[DoseChange]:
        """Dose changes, oldest first per step; of one routine, or of all."""
        with self._reading() as conn:
            ok = self._readable(conn)
            rows = conn.execute(
                f"SELECT * FROM doses AS d WHERE (? IS NULL OR routine_id = ?) AND {ok.doses} "
                "ORDER BY routine_id, exercise_id, occurrence, decided, id",
                (routine_id, routine_id),
            ).fetchall()
        return [fields.dose_from_row(row) for row in rows]

    def dose_in_force(
        self, routine_id: str, exercise_id: str, occurrence: int = 1
    ) -> DoseChange | None:
        """The latest dose change of a step; None means the routine file's dose."""
        with self._reading() as conn:
            ok = self._readable(conn)
            row = conn.execute(
                "SELECT * FROM doses AS d WHERE routine_id = ? AND exercise_id = ? "
                f"AND occurrence = ? AND {ok.doses} ORDER BY decided DESC, id DESC LIMIT 1",
                (routine_id, exercise_id, occurrence),
            ).fetchone()
        return fields.dose_from_row(row) if row else None

    def doses_in_force(self, routine_id: str) -> dict[tuple[str, int], DoseChange]:
        """(exercise id, occurrence) -> latest dose change, for the steps of a routine that
        have one."""
        return {change.key: change for change in self.dose_history(routine_id)}

    def add_baseline(self, baseline: MorningBaseline) -> None:
        """Store the user's word that their usual morning pain is ``pain`` from ``day`` on."""
        values = fields.baseline_values(baseline)
        MORNING_BASELINE.require(values, "baseline")
        with self._transaction() as conn:
            conn.execute(insert_sql("morning_baselines", values), sql_values(values))

    def baselines(self) -> list[MorningBaseline]:
        """Every usual morning the user set, oldest first (by day, then when decided)."""
        with self._reading() as conn:
            ok = self._readable(conn)
            rows = conn.execute(
                f"SELECT * FROM morning_baselines AS mb WHERE {ok.baselines} "
                "ORDER BY day, decided, id"
            ).fetchall()
        return [fields.baseline_from_row(row) for row in rows]

    def add_exposure(self, exposure: Exposure) -> None:
        """Store barefoot or minimalist minutes; a day may have several entries."""
        values = fields.exposure_values(exposure)
        EXPOSURE.require(values, "exposure")
        with self._transaction() as conn:
            conn.execute(insert_sql("exposure", values), sql_values(values))

    def exposures(self, since: date | None = None, until: date | None = None) -> list[Exposure]:
        """Exposure entries of days in [since, until], oldest first."""
        with self._reading() as conn:
            ok = self._readable(conn)
            rows = conn.execute(
                f"SELECT * FROM exposure AS e WHERE day BETWEEN ? AND ? AND {ok.exposure} "
                "ORDER BY day, id",
                ((since or date.min).isoformat(), (until or date.max).isoformat()),
            ).fetchall()
        return [fields.exposure_from_row(row) for row in rows]

    def add_safety_answers(self, answers: SafetyAnswers) -> None:
        """Store one answering of the safety questions (answers must be plain JSON values)."""
        values = fields.safety_values(answers)
        SAFETY.require(values, "safety")
        with self._transaction() as conn:
            conn.execute(insert_sql("safety", values), sql_values(values))

    def safety_history(self) -> list[SafetyAnswers]:
        """Every answering of the safety questions, oldest first."""
        with self._reading() as conn:
            ok = self._readable(conn)
            rows = conn.execute(
                f"SELECT * FROM safety AS sa WHERE {ok.safety} ORDER BY answered, id"
            ).fetchall()
        return [fields.safety_from_row(row) for row in rows]

    def latest_safety_answers(self) -> SafetyAnswers | None:
        with self._reading() as conn:
            ok = self._readable(conn)
            row = conn.execute(
                f"SELECT * FROM safety AS sa WHERE {ok.safety} "
                "ORDER BY answered DESC, id DESC LIMIT 1"
            ).fetchone()
        return fields.safety_from_row(row) if row else None

    def set_program_state(self, state: ProgramState) -> None:
        """Store (or replace) where the user is in a program."""
        values = fields.program_values(state)
        PROGRAM_STATE.require(values, "program state")
        with self._transaction() as conn:
            conn.execute(
                insert_sql("program_state", values).replace("INSERT", "INSERT OR REPLACE", 1),
                values,
            )

    def program_state(self, program_id: str) -> ProgramState | None:
        with self._reading() as conn:
            ok = self._readable(conn)
            row = conn.execute(
                f"SELECT * FROM program_state AS ps WHERE program_id = ? AND {ok.programs}",
                (program_id,),
            ).fetchone()
        return fields.program_from_row(row) if row else None

    def program_states(self) -> list[ProgramState]:
        with self._reading() as conn:
            ok = self._readable(conn)
            rows = conn.execute(
                f"SELECT * FROM program_state AS ps WHERE {ok.programs} ORDER BY program_id"
            ).fetchall()
        return [fields.program_from_row(row) for row in rows]

    # ----------------------------------------------------------- unreadable rows

    def _readable(self, conn: sqlite3.Connection) -> Readable:
        """What every reader ANDs into its query to leave the unreadable rows out: they are
        found at the first read (a full check of every row), then left out by key."""
        if self._unreadable is None:
            self._unreadable = find_unreadable(conn)
        return Readable(self._unreadable)

    def unreadable_rows(self) -> tuple[UnreadableRow, ...]:
        """The rows every reader leaves out, each with why (see ``app.storage.unreadable``):
        History, the coach, exports and start-up say so with ``unreadable_words``."""
        with self._reading() as conn:
            self._readable(conn)
            self._unreadable = still_unreadable(conn, self._unreadable or ())
            return self._unreadable

    def remove_unreadable(self, rows: Sequence[UnreadableRow]) -> tuple[int, Path | None]:
        """Delete these unreadable rows (a session with its blocks and check-in) in one
        transaction, once each is written to ``<data dir>/removed-rows-<time>.json``;
        return how many were deleted and that file.

        A row that is readable again, or gone, is left as it is. Raises
        ``LogError`` (nothing deleted) if the file cannot be written.
        """
        with self._transaction() as conn:
            removed = remove_unreadable(conn, rows, self.data_dir)
            self._unreadable = still_unreadable(conn, self._unreadable or ())
        return removed

    # ----------------------------------------------------------------- backups

    @property
    def changed_since_backup(self) -> bool:
        return self._writes != self._writes_backed_up

    def backup_if_due(self, now: float) -> Backup | None:
        """Back up if something changed and the last backup is 30 minutes old; else None.

        ``now`` is the wall time (``time.time()``). A last backup dated after
        ``now`` (the clock was ahead, or was put back) does not wait for the
        clock to catch up. Raises ``BackupError``; see ``backup_now``.
        """
        since = now - self._last_backup_wall
        if not self.changed_since_backup or 0 <= since < BACKUP_INTERVAL_SECONDS:
            return None
        return self.backup_now(now)

    def backup_now(self, now: float | None = None) -> Backup | None:
        """Back up the log now, check the copy, and thin old backups; return the new one.

        The copy is read through a second connection: in WAL mode the writes
        of this one go on meanwhile. Raises ``BackupError``. When the disk
        has too little room left (``room_for_backup``) no backup is made:
        ``BackupSkippedError`` the first time, None after that, until a
        backup is made again.
        """
        with self._backup_lock:
            with self._lock:
                self._connection()
                writes = self._writes
            if self._damage is not None:
                # A backup would carry the damage, and rank above the good backups.
                raise BackupError(
                    f"No backup was made: the progress log was found damaged ({self._damage}).",
                    source_damaged=True,
                )
            moment = datetime.fromtimestamp(now if now is not None else time.time(), UTC)
            no_room = room_for_backup(self.data_dir, self._size(), self._free_space)
            if no_room is not None:
                if self._told_no_room:
                    return None
                self._told_no_room = True
                raise BackupSkippedError(no_room)
            try:
                source = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS)
            except sqlite3.Error as exc:
                raise BackupError(f"Could not read the log to back it up: {exc}.") from exc
            try:
                backup = take_backup(source, self.data_dir, now=moment)
            except BackupError as exc:
                if exc.source_damaged:  # the copy failed its checks: so does the log
                    self._damage = self._damage or str(exc)
                raise
            finally:
                source.close()
            self._told_no_room = False
            self._writes_backed_up = writes
            self._last_backup_wall = backup.taken.timestamp()
            with contextlib.suppress(OSError):
                thin_backups(self.data_dir, moment)
            return backup

    def _size(self) -> int:
        """Bytes the log takes on disk, with its WAL: about what a backup of it takes."""
        total = 0
        for name in (self.path, self.path.with_name(self.path.name + "-wal")):
            with contextlib.suppress(OSError):
                total += name.stat().st_size
        return total

    def integrity_problems(self) -> str | None:
        """Run the full ``PRAGMA integrity_check``: None when the log is sound.

        Slow on a large log (it reads every page and every index): the window
        runs it on the log's thread after start-up. An I/O error is raised as
        ``LogReadError``, damage SQLite raises as ``DamageFoundError``.
        """
        with self._lock:
            conn = self._connection()
            try:
                problems = integrity_problems(conn)
            except (sqlite3.Error, UnicodeDecodeError) as exc:
                raise self._read_failure(exc) from exc
            if problems is not None and not_damage_in(problems.split("; ")) is not None:
                raise LogReadError(f"Cannot read the whole progress log: {problems}.")
            return problems

    def check_integrity(self) -> None:
        """Raise ``DamageFoundError`` when the full integrity check finds damage."""
        problems = self.integrity_problems()
        if problems is not None:
            raise self._found(problems)

    def _found(self, reason: str) -> DamageFoundError:
        """Remember damage found in this log (it is not backed up from now on)."""
        self._damage = self._damage or reason
        return DamageFoundError(reason)

    def checkpoint(self) -> bool:
        """Copy the WAL into the log file and empty it; True when that was done.

        ``TRUNCATE`` rather than ``PASSIVE``: at the end of a session the log
        is quiet, and truncating gives the WAL's disk space back (on a nearly
        full disk that space is the next session's) and leaves the log file
        complete by itself. It waits for readers in other processes at most
        ``CHECKPOINT_WAIT_SECONDS``; a checkpoint that could not finish is
        harmless (the commits are safe in the WAL) and is done next time.
        """
        with self._lock:
            conn = self._connection()
            try:
                conn.execute(f"PRAGMA busy_timeout = {int(CHECKPOINT_WAIT_SECONDS * 1000)}")
                busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            except sqlite3.Error:
                return False
            finally:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            return busy == 0

    # ------------------------------------------------------- export and import

    def export_csv(self, dest: Path) -> int:
        """Write every work block as one CSV row (see ``app.storage.transfer``); return the
        number of rows. Raises ``ExportError``."""
        return transfer.export_csv(self, dest)

    def export_json(self, dest: Path, settings: Mapping[str, Any]) -> None:
        """Write everything in the log, and ``settings``, as one JSON file."""
        transfer.export_json(self, dest, settings)

    def import_json(self, source: Path) -> ImportReport:
        """Add what a JSON export holds and the log lacks, all or nothing."""
        return transfer.import_json(self, source)

    # ----------------------------------------------------------------- closing

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def schema_version(self) -> int:
        with self._lock:
            return user_version(self._connection())

    def close(self, *, backup: bool = True) -> None:
        """Back up if anything changed since the last backup (unless ``backup`` is False),
        then close. Raises ``BackupError`` after closing if that backup failed.

        A backup skipped for disk space is no failure (what was written is in
        the log): ``skipped_backup`` then says why, for a caller to pass on.
        """
        if self._closed:
            return
        try:
            if backup and self.changed_since_backup:
                self.backup_now()
        except BackupSkippedError as exc:
            self.skipped_backup = str(exc)
        finally:
            with self._lock:
                self._closed = True
                self._conn.close()

    def __enter__(self) -> Log:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _held_elsewhere(path: Path, data_dir: Path) -> str | None:
    """Who else has the log open, in words; None when no other process does.

    Two signs, either enough: the data folder lock (another Footwork), and
    SQLite's own locks on the log or its shared-memory file (any program
    with the log open, even one that does not take the folder lock).
    """
    from app.lock import holder

    who = holder(data_dir)
    if who is not None and who.pid != os.getpid():
        return who.describe()
    others = processes_locking([path, path.with_name(path.name + "-shm")])
    if others:
        ids = ", ".join(str(pid) for pid in sorted(others))
        return f"another program (process {ids})"
    return None


def configure(conn: sqlite3.Connection) -> None:
    """Switch on WAL and ``synchronous=FULL`` and check that SQLite really did.

    WAL keeps readers (History, backups) from blocking the block writes;
    FULL makes each commit reach the disk before it returns. SQLite answers
    a setting it cannot apply by quietly keeping the old one, so both are
    read back; ``LogOpenError`` if either did not take.
    """
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise LogOpenError(
            f"SQLite could not put the progress log in WAL mode (it stayed in {mode!r} "
            "mode), so the log was not used."
        )
    conn.execute("PRAGMA synchronous=FULL")
    synchronous = conn.execute("PRAGMA synchronous").fetchone()[0]
    if synchronous != _SYNCHRONOUS_FULL:
        raise LogOpenError(
            f"SQLite did not accept synchronous=FULL for the progress log (it reported "
            f"{synchronous}), so the log was not used."
        )
    conn.execute("PRAGMA foreign_keys=ON")


def _morning(row: sqlite3.Row) -> MorningCheckIn:
    return MorningCheckIn(date.fromisoformat(row["day"]), row["pain"], row["stiffness"])
