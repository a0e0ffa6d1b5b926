"""File helpers for health data: owner-only files and all-or-nothing writes.

Pain ratings and notes are health data, so every file the log makes is
readable by its owner only (0600, folders 0700). Footwork changes the mode
of nothing it did not create, and opens none of its own files through a
symbolic link: a link, a FIFO or a device where its file should be is
refused (``require_regular``), never followed. A file the user keeps
(an export) is written to a temporary file beside it, flushed to disk and
renamed over the target, so a crash or a full disk leaves either the old
file or the new one, never half of one.

An export goes where the user points it (``write_export``): through a
symbolic link to the file it names, which keeps its mode; a folder, a FIFO
or a device there is refused and left as it is, never replaced by a file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from app.paths import FILE_MODE, NotRegularFileError, describe_kind, restrict

LOG_NAME = "log.sqlite3"
BACKUP_FOLDER = "backups"
# SQLite keeps a database's companions beside it under these suffixes.
COMPANIONS = ("-wal", "-shm", "-journal")


def log_path(data_dir: Path) -> Path:
    """Where the progress log of a data folder lives."""
    return data_dir / LOG_NAME


def create_private(path: Path) -> None:
    """Create an empty file readable by its owner only, if it does not exist.

    SQLite gives the -wal and -shm files the permissions of the database
    file, so creating that one first is enough for all three.
    """
    with contextlib.suppress(FileExistsError):
        flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC
        os.close(os.open(path, flags, FILE_MODE))


def make_private(path: Path) -> None:
    """Set 0600 on a database file and its companions that exist, as regular files of ours.

    Each file is opened without following a link and changed through that
    descriptor, so a link (or a file swapped for one) never passes the
    change on to a file that is not Footwork's.
    """
    for existing in companions(path):
        restrict(existing)


def sync_folder(path: Path) -> None:
    """Flush a folder's entries, so a rename in it survives a power cut."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # not every system lets a folder be opened; the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def free_bytes(folder: Path) -> int | None:
    """Bytes free for an ordinary user on the disk of ``folder``; None if it cannot be told."""
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):  # no statvfs (Windows), or the folder is gone
        return None
    return info.f_bavail * info.f_frsize


def processes_locking(paths: Iterable[Path], locks: Path = Path("/proc/locks")) -> set[int]:
    """Ids of the other processes holding a POSIX lock on any of ``paths``.

    SQLite holds such locks for as long as a connection has a database open
    in WAL mode (a shared lock on the -shm file), and on the database file
    during every transaction. Read from Linux's ``/proc/locks``, so no file
    of ours is opened (closing any descriptor of a file drops every POSIX
    lock this process holds on it, SQLite's too). An empty set where that
    table cannot be read. A lock of another pid namespace shows as pid 0,
    and a lock on an open file description (OFD) as -1: both count.
    """
    keys = set()
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            continue
        keys.add((os.major(info.st_dev), os.minor(info.st_dev), info.st_ino))
    if not keys:
        return set()
    try:
        table = locks.read_text()
    except OSError:
        return set()
    found = set()
    for line in table.splitlines():
        words = line.split()
        if "->" in words:
            continue  # a process waiting for a lock, not holding one
        try:
            kind, pid, where = words[1], int(words[4]), words[5]
            major, minor, inode = where.split(":")
            key = (int(major, 16), int(minor, 16), int(inode))
        except (IndexError, ValueError):
            continue
        if kind in ("POSIX", "OFDLCK") and key in keys and pid != os.getpid():
            found.add(pid)
    return found


def stamp(moment: datetime | None = None) -> str:
    """A UTC timestamp for a file name, sortable and free of ':'."""
    moment = moment or datetime.now(UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%S.") + f"{moment.microsecond // 1000:03d}Z"


def companions(path: Path) -> list[Path]:
    """The database file and its SQLite companions that exist."""
    names = [path, *(path.with_name(path.name + s) for s in COMPANIONS)]
    return [p for p in names if p.exists()]


def move_aside(path: Path, label: str) -> Path:
    """Rename a database and its companions to ``<name>.<label>-<stamp>``; never delete.

    The companions keep their suffix after the new name, so SQLite still
    finds the -wal of the moved file if someone opens it to rescue data. A
    companion without its database is moved too: left behind, a stale -wal
    would be replayed into the next database of that name.
    """
    target = path.with_name(f"{path.name}.{label}-{stamp()}")
    for existing in companions(path):
        os.replace(existing, target.with_name(target.name + existing.name[len(path.name) :]))
    sync_folder(path.parent)
    return target


def write_atomically(path: Path, write: Callable[[TextIO], None], mode: int = FILE_MODE) -> None:
    """Write a text file (UTF-8) all or nothing: temp file beside it, fsync, rename.

    The new file has ``mode`` (owner-only unless said). Raises ``OSError``
    (the folder is missing, the disk is full...) with the target file as it
    was.
    """
    folder = path.parent
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            if mode != FILE_MODE:
                os.fchmod(stream.fileno(), mode)
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    sync_folder(folder)


def export_target(path: Path) -> tuple[Path, int]:
    """Where an export to ``path`` goes, and the mode to give it.

    A symbolic link is followed to the file it names (made if missing), so
    the link stays a link; an existing file keeps its mode, a new one is
    owner-only. Raises ``NotRegularFileError`` for a folder, a FIFO, a
    device or a socket (or a loop of links): not a file to write over.
    """
    target = Path(os.path.realpath(path))
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return target, FILE_MODE
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFileError(path, describe_kind(info.st_mode))
    return target, stat.S_IMODE(info.st_mode) & 0o777  # no set-id bits on an export


class OwnFileError(Exception):
    """An export aimed at the progress log itself, or at one of its backups."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} is Footwork's progress log or one of its backups")
        self.path = path


def is_log_file(target: Path, data_dir: Path) -> bool:
    """Whether ``target`` (a resolved path) is the log of ``data_dir``, one of its SQLite
    companions, or in its backups folder: files an export must never replace."""
    folder = Path(os.path.realpath(data_dir))
    log = log_path(folder)
    own = {log, *(log.with_name(log.name + suffix) for suffix in COMPANIONS)}
    return target in own or target.parent == folder / BACKUP_FOLDER


def write_export(path: Path, write: Callable[[TextIO], None], data_dir: Path) -> Path:
    """Write a file the user chose (an export) all or nothing, where ``path`` points
    (``export_target``): the temporary file is made beside the real target and renamed
    over it. Returns the file written.

    Raises ``NotRegularFileError`` (nothing written) for what is not a file,
    ``OwnFileError`` for the log of ``data_dir`` or a backup of it (an export over
    it would destroy it), or ``OSError``.
    """
    target, mode = export_target(path)
    if is_log_file(target, data_dir):
        raise OwnFileError(path)
    write_atomically(target, write, mode)
    return target
