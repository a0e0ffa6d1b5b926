"""The errors the progress log raises, each with a message a user can read.

Every error is a ``LogError``, so a caller that only wants to show the
message catches that one type. The subclasses carry what a screen needs to
offer the next step: the backups to restore, the version found, why a
write failed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.storage.backups import Backup

# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


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
    """The log failed its check at open; it was moved aside, never written to or deleted.

    ``backups`` lists the backups that can be restored, newest first (see
    ``app.storage.restore_backup``); it may be empty.
    """

    def __init__(self, reason: str, moved_to: Path, backups: Sequence[Backup]) -> None:
        self.reason = reason
        self.moved_to = moved_to
        self.backups: tuple[Backup, ...] = tuple(backups)
        offer = (
            f" The newest backup is from {self.backups[0].taken:%Y-%m-%d %H:%M}."
            if self.backups
            else " There is no backup to restore."
        )
        super().__init__(
            f"The progress log was damaged ({reason}). It was moved aside to {moved_to}; "
            f"nothing was deleted.{offer}"
        )


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
    """A backup could not be made, or was made and failed its integrity check (then deleted)."""


class ExportError(LogError):
    """An export file could not be written; any file already there is unchanged."""


def write_failure(exc: sqlite3.Error) -> WriteFailure:
    """Classify an SQLite error for a user: disk full, read-only, I/O error or other."""
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    if code == _SQLITE_FULL:
        return WriteFailure.DISK_FULL
    if code == _SQLITE_READONLY:
        return WriteFailure.READ_ONLY
    if code in (_SQLITE_IOERR, _SQLITE_CANTOPEN):
        return WriteFailure.IO_ERROR
    return WriteFailure.OTHER


def describe(exc: sqlite3.Error) -> str:
    """An SQLite error in plain words first: "the log is read-only (attempt to write...)"."""
    failure = write_failure(exc)
    return str(exc) if failure is WriteFailure.OTHER else f"{failure.value} ({exc})"


def is_damage(exc: sqlite3.Error) -> bool:
    """True when SQLite says the file is not a database or is corrupt.

    Other errors (locked, no permission, missing folder) are not damage:
    the file must not be moved aside for them.
    """
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    return code in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
