"""Backups of the log: made with SQLite's backup API, checked, thinned, restorable.

A backup is a complete, self-contained database file in
``<data dir>/backups/`` named ``log-<UTC time>.sqlite3`` (periodic) or
``log-<UTC time>-before-v<N>.sqlite3`` (taken before migrating to schema
version N; those are never thinned). The backup API copies a consistent
snapshot even while the log is being written, which a file copy of a
WAL database does not. Every backup is checked with
``PRAGMA integrity_check`` before it gets its final name; a bad one is
deleted and reported. Each copy is made under a temporary name of its own
process (two Footworks backing up at once never meet), and only the stale
temporary files a crash left are cleaned up.

Thinning keeps the newest backup of each of the last 12 days with a
backup, then one per week for 10 more weeks, then one per month for 9 more
months: about a year and a half of history in at most 31 files. A backup
named after a moment still to come (the clock was ahead when it was made)
is kept, and takes no real backup's place.

Names say when a backup was made by the clock of that moment, and clocks
go wrong. Which backup to restore is chosen by what it holds
(``ranked_backups``): the one with the newest session first, by the log's
own session numbers, then the most sessions, then the newest file.

A periodic backup is skipped when it would leave less free disk space
than ``max(2 x the log's size, 50 MB)`` (``room_for_backup``): backups
must never take the space the next session's blocks need.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from app.paths import NotRegularFileError, private_folder, require_regular
from app.storage import checks
from app.storage.errors import BackupError, is_damage
from app.storage.files import (
    BACKUP_FOLDER,
    companions,
    create_private,
    free_bytes,
    log_path,
    move_aside,
    stamp,
    sync_folder,
)
from app.storage.schema import SCHEMA_VERSION, user_version

KEEP_DAILY = 12
KEEP_WEEKLY = 10
KEEP_MONTHLY = 9

_NAME = re.compile(r"^log-(\d{8}T\d{6}\.\d{3}Z)(?:-before-v(\d+))?\.sqlite3$")
_TEMP_PREFIX = ".log-"
_TEMP_SUFFIX = ".tmp"
# A temporary file names its process: ".log-<time>.sqlite3.<pid>-<random>.tmp".
_TEMP_PID = re.compile(r"\.(\d+)-[0-9a-f]+\.tmp$")
# A backup in the making is written to all the time; one this old whose
# process is gone was left by a crash. Past a week it is stale whoever has
# its process id now.
STALE_TEMP_SECONDS = 10 * 60
ABANDONED_TEMP_SECONDS = 7 * 24 * 3600
# A periodic backup must leave at least this much free disk space: twice the log's
# size, and never less than the minimum (the log's next weeks of sessions, a WAL).
BACKUP_MARGIN_FACTOR = 2
BACKUP_MARGIN_MIN_BYTES = 50 * 1024 * 1024
# A backup named more than this after "now" was made while the clock was ahead.
FUTURE_SLACK = timedelta(minutes=5)

FreeSpace = Callable[[Path], "int | None"]


@dataclass(frozen=True)
class Contents:
    """What a backup holds, read from it: how the backups are ranked and described."""

    sessions: int
    newest_id: int | None  # the log's own number of its newest session: no clock in it
    newest_started: float | None  # the wall time that session began, as recorded


@dataclass(frozen=True)
class Backup:
    """One backup file; ``taken`` is local time, from its name.

    ``contents`` and ``problem`` are filled in by ``ranked_backups`` (not
    compared: they describe the file, they do not name it).
    """

    path: Path
    taken: datetime
    before_version: int | None = None  # the schema version a migration went to after it
    contents: Contents | None = field(default=None, compare=False)
    problem: str | None = field(default=None, compare=False)  # why it cannot be restored
    modified: float | None = field(default=None, compare=False)  # the file's mtime

    @property
    def periodic(self) -> bool:
        return self.before_version is None

    def holds(self, lead: str = "") -> str:
        """What it holds in words, after ``lead``: "9 sessions, the newest on Mon 17 Mar
        2025"; empty when it was not read."""
        if self.problem is not None:
            return f"{lead}cannot be read ({self.problem})"
        if self.contents is None:
            return ""
        count = self.contents.sessions
        words = f"{count} session{'s' if count != 1 else ''}"
        if self.contents.newest_started is not None:
            try:
                newest = datetime.fromtimestamp(self.contents.newest_started).astimezone()
            except (OverflowError, OSError, ValueError):
                return f"{lead}{words}"
            words += f", the newest on {newest:%a %d %b %Y}"
        return f"{lead}{words}"

    def in_future(self, now: datetime) -> bool:
        """Named after a moment still to come: the clock was ahead when it was made."""
        return self.taken > now + FUTURE_SLACK


def backup_folder(data_dir: Path) -> Path:
    return data_dir / BACKUP_FOLDER


def _parse(path: Path) -> Backup | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    taken = datetime.strptime(match[1], "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=UTC)
    before = int(match[2]) if match[2] else None
    return Backup(path, taken.astimezone(), before)


def list_backups(data_dir: Path) -> list[Backup]:
    """Every backup in the data folder, newest first (empty if there is no folder)."""
    try:
        entries = list(backup_folder(data_dir).iterdir())
    except FileNotFoundError:
        return []
    found = [b for b in map(_parse, entries) if b is not None]
    return sorted(found, key=lambda b: b.taken, reverse=True)


def read_contents(backup: Backup) -> Backup:
    """``backup`` with what it holds (``contents``) and its file time, or with the
    ``problem`` that keeps it from being read. Nothing is written to it.

    Quick (a few reads, whatever its size): a data folder has up to 31
    backups. Restoring one checks it through and through (``restore_backup``):
    one that fails then is shown as such and another offered.
    """
    try:
        require_regular(backup.path)
        modified = backup.path.stat().st_mtime
    except (NotRegularFileError, OSError) as exc:
        return replace(backup, problem=str(exc))
    try:
        conn = sqlite3.connect(f"{backup.path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return replace(backup, problem=str(exc), modified=modified)
    try:
        version = user_version(conn)
        problem = (
            f"made by a newer Footwork (schema version {version})"
            if version > SCHEMA_VERSION
            else checks.schema_problem(conn, version)
        )
        if problem is None:
            count, newest = conn.execute("SELECT count(*), max(id) FROM sessions").fetchone()
            row = conn.execute("SELECT started FROM sessions WHERE id = ?", (newest,)).fetchone()
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        problem = str(exc) or type(exc).__name__
    finally:
        conn.close()
    if problem is not None:
        return replace(backup, problem=problem, modified=modified)
    started = row[0] if row and isinstance(row[0], int | float) else None
    return replace(backup, contents=Contents(int(count), newest, started), modified=modified)


def _rank(backup: Backup) -> tuple[bool, int, int, float, datetime]:
    contents = backup.contents
    return (
        backup.problem is None and contents is not None,
        -1 if contents is None or contents.newest_id is None else contents.newest_id,
        -1 if contents is None else contents.sessions,
        backup.modified or 0.0,
        backup.taken,
    )


def ranked_backups(data_dir: Path) -> list[Backup]:
    """Every backup, read, the best to restore first: readable ones before the others,
    then by their newest session (the log numbers its sessions in the order they
    began, whatever the clock said), then the most sessions, then the newest file.
    Never by name alone: a clock that was ahead names a stale backup as the newest."""
    return sorted(map(read_contents, list_backups(data_dir)), key=_rank, reverse=True)


def room_for_backup(
    data_dir: Path, log_bytes: int, free_space: FreeSpace = free_bytes
) -> str | None:
    """None when a backup of a log of ``log_bytes`` leaves enough free space; else why not.

    Enough is ``max(BACKUP_MARGIN_FACTOR x the log's size, BACKUP_MARGIN_MIN_BYTES)``
    left after the copy. When the free space cannot be told, the backup goes ahead.
    """
    free = free_space(data_dir)
    if free is None:
        return None
    keep = max(BACKUP_MARGIN_FACTOR * log_bytes, BACKUP_MARGIN_MIN_BYTES)
    if free - log_bytes >= keep:
        return None
    return (
        f"No backup of the progress log was made: the disk has {_mb(free)} free, and a "
        f"backup ({_mb(log_bytes)}) would leave less than the {_mb(keep)} Footwork keeps "
        "free so that your sessions can still be saved. Free some disk space; backups "
        "start again by themselves."
    )


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def integrity_problems(conn: sqlite3.Connection) -> str | None:
    """None when ``PRAGMA integrity_check`` says ok; else its first few findings.

    A row that breaks a CHECK constraint is no finding: it is a bad row,
    which the readers leave out, and a backup keeps it as the log does
    (see ``checks.findings``).
    """
    rows = checks.findings(conn, "integrity_check")
    return None if rows == ["ok"] else "; ".join(rows)


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """Back ``source`` up into a new file ``target`` (0600, a name of this call's own),
    checked (``integrity_check`` and the tables' shape), in rollback-journal mode.

    Bad rows (``app.storage.unreadable``) are copied as they are: they are
    no damage, and a log that holds one is backed up like any other."""
    create_private(target)
    dest = sqlite3.connect(target, isolation_level=None)
    try:
        source.backup(dest)
        # The copy would otherwise carry the WAL flag: one self-contained file is what we want.
        dest.execute("PRAGMA journal_mode=DELETE")
        # The checks a log passes at open too: a backup that would be found damaged once
        # restored is no backup.
        version = user_version(dest)
        problems = integrity_problems(dest) or checks.schema_problem(dest, version)
    finally:
        dest.close()
    if problems:
        target.unlink()
        raise BackupError(
            f"A backup was made but failed its integrity check ({problems}), so it was deleted.",
            source_damaged=True,
        )
    with open(target, "rb+") as stream:
        os.fsync(stream.fileno())


def take_backup(
    source: sqlite3.Connection,
    data_dir: Path,
    *,
    before_version: int | None = None,
    now: datetime | None = None,
) -> Backup:
    """Copy the database behind ``source`` into a new backup; return it.

    Raises ``BackupError`` if the copy fails or fails its integrity check
    (then nothing is left behind).
    """
    folder = private_folder(backup_folder(data_dir))
    remove_stale_temps(folder)
    moment = now or datetime.now(UTC)
    suffix = f"-before-v{before_version}" if before_version is not None else ""
    temp = _temp_beside(folder / f"log-{stamp(moment)}{suffix}.sqlite3")
    try:
        _copy(source, temp)
        final = _give_name(temp, folder, moment, suffix)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        damaged = isinstance(exc, sqlite3.Error) and is_damage(exc)
        raise BackupError(
            f"Could not make a backup of the progress log: {exc}.", source_damaged=damaged
        ) from exc
    sync_folder(folder)
    backup = _parse(final)
    assert backup is not None
    return backup


def _give_name(temp: Path, folder: Path, moment: datetime, suffix: str) -> Path:
    """Rename ``temp`` to the backup name of ``moment``, or of the next free millisecond:
    another process may be backing up in the same one, and a backup never replaces another."""
    while True:
        final = folder / f"log-{stamp(moment)}{suffix}.sqlite3"
        try:
            os.link(temp, final)  # unlike a rename, fails when the name is taken
        except FileExistsError:
            moment += timedelta(milliseconds=1)
            continue
        except OSError:  # a file system without hard links
            if final.exists():
                moment += timedelta(milliseconds=1)
                continue
            os.replace(temp, final)
            return final
        temp.unlink()
        return final


def _temp_beside(final: Path) -> Path:
    """A temporary name for ``final`` that no other process, or call, uses."""
    return final.with_name(f".{final.name}.{os.getpid()}-{secrets.token_hex(4)}{_TEMP_SUFFIX}")


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, as another user's process
    return True


def remove_stale_temps(
    folder: Path, prefix: str = _TEMP_PREFIX, now: float | None = None
) -> list[Path]:
    """Delete the temporary files of backups a crash interrupted; return them.

    Only stale ones: older than ``STALE_TEMP_SECONDS`` and of a process
    that is gone (or from a Footwork that did not name its process), or
    older than ``ABANDONED_TEMP_SECONDS``. Another process's backup in the
    making is never touched.
    """
    now = time.time() if now is None else now
    removed = []
    for entry in folder.iterdir():
        if not (entry.name.startswith(prefix) and entry.name.endswith(_TEMP_SUFFIX)):
            continue
        try:
            age = now - entry.lstat().st_mtime
        except OSError:
            continue
        match = _TEMP_PID.search(entry.name)
        alive = match is not None and _running(int(match[1]))
        if age > ABANDONED_TEMP_SECONDS or (age > STALE_TEMP_SECONDS and not alive):
            with contextlib.suppress(OSError):
                entry.unlink()
                removed.append(entry)
    return removed


def backups_to_keep(
    times: Iterable[datetime],
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
    *,
    now: datetime | None = None,
) -> set[datetime]:
    """Which backup times thinning keeps; a pure function.

    Newest first: the newest backup of each day until ``daily`` days are
    kept; after that the newest of each week no kept backup falls in, until
    ``weekly`` such weeks; then the same per month. Days, weeks (ISO) and
    months are those of the datetimes as given (pass local times).

    With ``now``, a time more than ``FUTURE_SLACK`` after it (a backup made
    while the clock was ahead) is kept and left out of the count: it never
    makes the newest real backup of its day, or any other, go.
    """
    times = set(times)
    future = {t for t in times if now is not None and t > now + FUTURE_SLACK}
    times -= future
    keep: set[datetime] = set(future)
    days: set[date] = set()
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    kept_weekly = kept_monthly = 0
    for moment in sorted(set(times), reverse=True):
        day = moment.date()
        week = day.isocalendar()[:2]
        month = (day.year, day.month)
        if day in days:
            continue  # a newer backup of this day is kept already
        if len(days) < daily:
            pass
        elif week not in weeks and kept_weekly < weekly:
            kept_weekly += 1
        elif month not in months and kept_monthly < monthly:
            kept_monthly += 1
        else:
            continue
        keep.add(moment)
        days.add(day)
        weeks.add(week)
        months.add(month)
    return keep


def thin_backups(data_dir: Path, now: datetime | None = None) -> list[Path]:
    """Delete the periodic backups thinning does not keep; return what was deleted.

    ``now`` (default: the clock) tells a backup dated in the future from a real one."""
    periodic = [b for b in list_backups(data_dir) if b.periodic]
    keep = backups_to_keep((b.taken for b in periodic), now=now or datetime.now(UTC).astimezone())
    deleted = []
    for backup in periodic:
        if backup.taken not in keep:
            with contextlib.suppress(FileNotFoundError):
                backup.path.unlink()
            deleted.append(backup.path)
    return deleted


def restore_backup(data_dir: Path, backup: Path) -> Path | None:
    """Make a copy of ``backup`` the data folder's log; the backup itself is not touched.

    The backup is checked first (``BackupError`` if it is damaged, with the
    log unchanged), copied with the backup API into a new file, and only
    then renamed into place. A log already there is moved aside to
    ``log.sqlite3.replaced-<time>``, never deleted; its new path is returned
    (None when there was no log). Open the log again afterwards: a backup
    from an older schema version is migrated then.
    """
    target = log_path(data_dir)
    temp = _temp_beside(target.with_name(f"{target.name}.restoring"))
    remove_stale_temps(data_dir, prefix=f".{target.name}.restoring.")
    try:
        require_regular(backup)
    except NotRegularFileError as exc:
        raise BackupError(f"The backup {exc}; nothing was changed.") from None
    try:
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"Cannot open the backup {backup}: {exc}.") from exc
    try:
        problems = integrity_problems(source)
        if problems:
            raise BackupError(f"The backup {backup} is damaged ({problems}); nothing was changed.")
        try:
            _copy(source, temp)  # checked as a log is at open
        except BackupError as exc:
            raise BackupError(
                f"The backup {backup} does not pass Footwork's checks; nothing was changed. ({exc})"
            ) from exc
    except (sqlite3.Error, OSError, UnicodeDecodeError) as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if is_damage(exc):
            message = f"The backup {backup} is damaged ({exc}); nothing was changed."
            raise BackupError(message) from exc
        raise BackupError(
            f"Cannot restore the backup {backup}: {exc}; nothing was changed."
        ) from exc
    finally:
        source.close()
    moved = move_aside(target, "replaced") if companions(target) else None
    os.replace(temp, target)
    sync_folder(data_dir)
    return moved
