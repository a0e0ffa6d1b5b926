"""One Footwork per data folder: a lock held while a window or a writing command has the log.

Two Footworks writing one log each offer the same unfinished session, and
when one resumes it while the other discards it, the resumed session's
blocks are refused. So a window, and every command that writes the log,
holds ``<data dir>/footwork.lock`` locked (``flock``) for as long as it
has the log open. The kernel drops the lock when its process ends, however
it ends (even by ``kill -9``): a stale lock needs no recovery. Read-only
commands (``--list``, ``--check``, ``--export``) never take it.

The file says who holds it (process id and whether it is a window), so a
second Footwork can say which process has the folder. It is emptied when
the lock is released; after a crash, the next holder writes over it.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import fcntl
import json
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.paths import FILE_MODE, describe_kind

if TYPE_CHECKING:
    from app.storage.log import Log

LOCK_NAME = "footwork.lock"
# A writing command waits this long for another command (an import) to finish.
WRITER_WAIT_SECONDS = 2.0
_POLL_SECONDS = 0.05
# The holder writes its name just after it took the lock: a reader that was
# faster waits this long for it.
_NAME_WAIT_SECONDS = 0.5


class Kind(enum.Enum):
    WINDOW = "window"
    COMMAND = "command"


@dataclass(frozen=True)
class Holder:
    """Who holds a data folder: a process id and what it is."""

    pid: int
    kind: Kind
    what: str  # "the Footwork window", "footwork --import"...

    def describe(self) -> str:
        return f"{self.what} (process {self.pid})"


class FolderLockError(Exception):
    """The data folder cannot be held: its lock file is unusable (the message says why)."""


class FolderBusyError(FolderLockError):
    """Another Footwork holds the data folder; ``holder`` is who, when it could be read."""

    def __init__(self, data_dir: Path, holder: Holder | None) -> None:
        self.data_dir = data_dir
        self.holder = holder
        who = holder.describe() if holder else "another Footwork"
        super().__init__(
            f"The data folder {data_dir} is in use by {who}; only one Footwork at a time "
            "can write its progress log. Try again once it has finished or been closed."
        )


def lock_path(data_dir: Path) -> Path:
    return data_dir / LOCK_NAME


class FolderLock:
    """A held data folder lock; ``release()`` it (or leave the ``with`` block) when done.

    Take one with ``FolderLock.acquire``; it is held by this open file, so
    a second ``acquire`` in the same process is refused like any other.
    """

    def __init__(self, data_dir: Path, fd: int) -> None:
        self.data_dir = data_dir
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, data_dir: Path, kind: Kind, what: str, *, wait: float = 0.0) -> FolderLock:
        """Lock ``data_dir`` for this process, waiting up to ``wait`` seconds for a holder.

        Raises ``FolderBusyError`` naming the holder, or ``FolderLockError``
        when the lock file cannot be made or is not a regular file (a link
        is never followed).
        """
        path = lock_path(data_dir)
        try:
            fd = os.open(
                path,
                os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                FILE_MODE,
            )
        except OSError as exc:
            raise FolderLockError(_cannot_use(path, exc)) from exc
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise FolderLockError(
                    f"{path} is not a regular file ({describe_kind(info.st_mode)}), so Footwork "
                    "cannot use it to keep a second Footwork off this folder. Move it away."
                )
            deadline = time.monotonic() + wait
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise FolderBusyError(data_dir, _read_holder(fd))
                time.sleep(_POLL_SECONDS)
            os.ftruncate(fd, 0)
            record = {"pid": os.getpid(), "kind": kind.value, "what": what}
            os.pwrite(fd, json.dumps(record).encode() + b"\n", 0)
        except BaseException:
            os.close(fd)
            raise
        return cls(data_dir, fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Empty the file and unlock it. The file stays: removing it would let two
        processes lock two different files of the same name."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # closing the last descriptor drops the lock

    def __enter__(self) -> FolderLock:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def holder(data_dir: Path) -> Holder | None:
    """Who holds ``data_dir`` now; None when nobody does (or the folder has no lock file)."""
    try:
        fd = os.open(lock_path(data_dir), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder(fd)
        return None  # nobody holds it (and this shared lock goes with the descriptor)
    finally:
        os.close(fd)


@contextmanager
def locked_log(data_dir: Path, what: str, *, wait: float = WRITER_WAIT_SECONDS) -> Iterator[Log]:
    """The log of ``data_dir`` for a writing command, with the folder held until it is closed.

    One call for every command that writes: waits up to ``wait`` seconds
    for another Footwork to let go, then raises ``FolderBusyError``
    (``FolderLockError`` when the lock file is unusable); ``LogOpenError``
    and its kinds as ``Log.open`` raises them.
    """
    from app.storage.log import Log

    with FolderLock.acquire(data_dir, Kind.COMMAND, what, wait=wait), Log.open(data_dir) as log:
        yield log


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _read_holder(fd: int) -> Holder | None:
    """The holder's record, waiting a moment for a holder that has just taken the lock."""
    deadline = time.monotonic() + _NAME_WAIT_SECONDS
    while True:
        try:
            record = json.loads(os.pread(fd, 4096, 0))
            return Holder(int(record["pid"]), Kind(record["kind"]), str(record["what"]))
        except (OSError, ValueError, KeyError, TypeError):
            if time.monotonic() >= deadline:
                return None
            time.sleep(_POLL_SECONDS)


def _cannot_use(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return (
            f"{path} is a symbolic link; Footwork does not follow it. Move it away and "
            "start Footwork again."
        )
    return f"Cannot use {path} to hold the data folder: {exc.strerror}."
