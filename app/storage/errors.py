"""The errors the progress log raises, each with a message a user can read.

Every error is a ``LogError``, so a caller that only wants to show the
message catches that one type. The subclasses carry what a screen needs to
offer the next step: the backups to restore, the version found, why a
write failed.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.storage.backups import Backup

# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_NOMEM = 7
_SQLITE_READONLY = 8
_SQLITE_INTERRUPT = 9
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_PROTOCOL = 15
_SQLITE_PERM = 3
_SQLITE_AUTH = 23
_SQLITE_NOTADB = 26
# Codes that say something about the disk, the system or another process, never about
# what the file holds: a log is not damaged because of them, and is never moved aside.
_NOT_DAMAGE = frozenset(
    (
        _SQLITE_PERM,
        _SQLITE_BUSY,
        _SQLITE_LOCKED,
        _SQLITE_NOMEM,
        _SQLITE_READONLY,
        _SQLITE_INTERRUPT,
        _SQLITE_IOERR,
        _SQLITE_FULL,
        _SQLITE_CANTOPEN,
        _SQLITE_PROTOCOL,
        _SQLITE_AUTH,
    )
)
# What SQLite says when the table definitions it keeps in the file do not parse or
# the header names a file format no SQLite wrote for it, and what Python's sqlite3
# says when a text value is not the UTF-8 SQLite was given (in a name of the schema
# while opening; a row's is a bad row for the readers: ``is_undecodable_value``).
_DAMAGE_WORDS = (
    "malformed database schema",
    "unsupported file format",
    "could not decode to utf-8",
)
# integrity_check reports a page it could not read as "... error code=522" in a row.
_ERROR_CODE_IN_ROW = re.compile(r"error code=(\d+)")
# Less free space than this, and an I/O error while opening is a full disk.
DISK_FULL_BYTES = 1024 * 1024


class LogError(Exception):
    """Anything that went wrong with the progress log; ``str()`` is a plain message."""


class LogOpenError(LogError):
    """The log could not be opened: folder missing, no permission, SQLite refused a setting."""


class NewerLogError(LogOpenError):
    """The log was written by a newer Footwork; it was left exactly as it was."""

    def __init__(self, path: Path, found: int, known: int) -> None:
        self.path = path
        self.found = found
        self.known = known
        super().__init__(
            f"The progress log {path} has schema version {found}, but this Footwork knows "
            f"only up to version {known}. It was not changed. Update Footwork to use it."
        )


class DamagedLogError(LogOpenError):
    """The log was found damaged; it was moved aside, never written to or deleted.

    ``backups`` lists the backups that can be restored, the best first: the
    one holding the newest session, whatever its name or a clock said (see
    ``app.storage.backups.ranked_backups``); it may be empty.
    """

    def __init__(self, reason: str, moved_to: Path, backups: Sequence[Backup]) -> None:
        self.reason = reason
        self.moved_to = moved_to
        self.backups: tuple[Backup, ...] = tuple(backups)
        offer = (
            f" The newest good backup is from {self.backups[0].taken:%Y-%m-%d %H:%M}"
            f"{self.backups[0].holds(': ')}."
            if self.backups
            else " There is no backup to restore."
        )
        super().__init__(
            f"The progress log was damaged ({reason}). It was moved aside to {moved_to}; "
            f"nothing was deleted.{offer}"
        )


class DamageFoundError(LogError):
    """An open log turned out to be damaged while in use: a read or a write met damage,
    or the full integrity check failed. Nothing was moved yet; the caller closes the log
    and sets it aside (``Log.set_aside``), which offers the backups."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"The progress log is damaged ({reason}).")


class LogReadError(LogError):
    """The log could not be read just now (the disk, another process); nothing changed."""


class WriteFailure(StrEnum):
    """Why a write failed, so a screen can say what the user can do about it."""

    DISK_FULL = "the disk is full"
    READ_ONLY = "the log is read-only"
    IO_ERROR = "the disk reported an error"
    OTHER = "the database refused the write"


class LogWriteError(LogError):
    """A write did not happen; nothing of it was saved, and nothing saved before was lost.

    The caller keeps what it wanted to save and tries again later
    (``app.ui.log_worker.LogWorker`` does that, in order).
    """

    def __init__(self, reason: WriteFailure, detail: str) -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"Not saved: {reason.value} ({detail}).")


class LogValueError(LogError, ValueError):
    """A value the log will not store: out of range, wrong type, unknown session."""


class LogImportError(LogError):
    """A JSON file that cannot be imported; ``problems`` says what was wrong and where.

    Nothing of the file was imported.
    """

    def __init__(self, source: str, problems: Iterable[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        shown = "\n".join(f"  {p}" for p in self.problems[:20])
        more = len(self.problems) - 20
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(f"Cannot import {source}; nothing was imported:\n{shown}{tail}")


class BackupError(LogError):
    """A backup could not be made, or was made and failed its integrity check (then deleted).

    ``source_damaged`` is True when the copy failed its check: the log it was
    copied from is damaged, since the copy is made page by page through SQLite.
    """

    def __init__(self, message: str, *, source_damaged: bool = False) -> None:
        self.source_damaged = source_damaged
        super().__init__(message)


class BackupSkippedError(BackupError):
    """No backup was made: it would have left too little free disk space for the log."""


class ExportError(LogError):
    """An export file could not be written; any file already there is unchanged."""


def _primary(exc: sqlite3.Error) -> int:
    return (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def write_failure(exc: sqlite3.Error, folder: Path | None = None) -> WriteFailure:
    """Classify an SQLite error for a user: disk full, read-only, I/O error or other.

    SQLite says "disk I/O error" when a full disk stops it making its shared
    memory file (opening a log does that): with the log's ``folder`` given,
    an I/O error on a disk with next to no free space is called what it is.
    """
    code = _primary(exc)
    if code == _SQLITE_FULL:
        return WriteFailure.DISK_FULL
    if code == _SQLITE_READONLY:
        return WriteFailure.READ_ONLY
    if code in (_SQLITE_IOERR, _SQLITE_CANTOPEN):
        if folder is not None and disk_is_full(folder):
            return WriteFailure.DISK_FULL
        return WriteFailure.IO_ERROR
    return WriteFailure.OTHER


def disk_is_full(folder: Path) -> bool:
    """True when the disk of ``folder`` has less than ``DISK_FULL_BYTES`` free."""
    from app.storage.files import free_bytes

    free = free_bytes(folder)
    return free is not None and free < DISK_FULL_BYTES


def describe(exc: sqlite3.Error, folder: Path | None = None) -> str:
    """An SQLite error in plain words first: "the log is read-only (attempt to write...)"."""
    failure = write_failure(exc, folder)
    return str(exc) if failure is WriteFailure.OTHER else f"{failure.value} ({exc})"


def is_damage(exc: BaseException) -> bool:
    """True when what SQLite read says the file is damaged: not a database, corrupt, a
    schema that does not parse, text that is not UTF-8 (the log's readers first ask
    ``is_undecodable_value``: in a row, such text is a bad row).

    Never for what the disk, the system or another process caused (an I/O error, even a
    short read; busy, locked, cannot open, full, read-only): the file must not be moved
    aside for those. Python's sqlite3 raises ``UnicodeDecodeError`` itself when
    SQLite's message quotes a table name that is not UTF-8: damage too.
    """
    if isinstance(exc, UnicodeDecodeError):
        return True
    if not isinstance(exc, sqlite3.Error):
        return False
    code = _primary(exc)
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return True
    if code in _NOT_DAMAGE:
        return False
    text = str(exc).lower()
    return any(words in text for words in _DAMAGE_WORDS)


def is_undecodable_value(exc: BaseException) -> bool:
    """True when Python's sqlite3 could not decode a text value a query returned: text in
    a row that is not UTF-8. That row is a bad row, not damage, once the search for bad
    rows has seen it (``app.storage.unreadable``); met in what SQLite says about its
    tables, while the log is opened, it is damage (``is_damage``)."""
    return (
        isinstance(exc, sqlite3.OperationalError)
        and "could not decode to utf-8" in str(exc).lower()
    )


def is_surely_not_damage(exc: BaseException) -> bool:
    """True for what the disk, the system or another process caused (see ``is_damage``).

    While SQLite checks a file (``quick_check``) any other error comes from
    what it read there: a CHECK constraint whose text a flipped bit made
    into a call of an unknown function, say. The caller of a check treats
    every error but these as damage.
    """
    return isinstance(exc, sqlite3.Error) and _primary(exc) in _NOT_DAMAGE


def not_damage_in(problems: Iterable[str]) -> int | None:
    """The SQLite error code of a page ``integrity_check`` could not read for a reason
    that is not damage (an I/O error such as 522, a short read), if it reports one."""
    for problem in problems:
        match = _ERROR_CODE_IN_ROW.search(problem)
        if match and int(match[1]) & 0xFF in _NOT_DAMAGE:
            return int(match[1])
    return None
