"""Where Footwork keeps the user's data (the log, settings and own routines), and how.

The folder holds health data (pain ratings, notes). A folder Footwork
creates is readable by its owner only; one that already exists is used as
it is, with a warning when other users can open it (Footwork changes the
mode of nothing it did not create, its own files in it are 0600 anyway).
A file of Footwork's is never opened through a symbolic link: a link, a
FIFO or a device where it should be is refused (``require_regular``).

Qt-free but for ``default_data_dir``, and light: start-up checks the data
folder before anything else is imported.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

APP_NAME = "Footwork"
FILE_MODE = 0o600
FOLDER_MODE = 0o700


def default_data_dir() -> Path:
    """Qt's AppDataLocation for Footwork, e.g. ``~/.local/share/Footwork`` on Linux."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setApplicationName(APP_NAME)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else Path.home() / ".footwork"


def ensure_data_dir(path: Path) -> Path:
    """The data folder and its ``routines/``, each created owner-only if missing.

    Raises ``OSError`` when the folder cannot be made or is not a folder.
    See ``exposure_warning`` for an existing folder others can open.
    """
    private_folder(path, parents=True)
    private_folder(path / "routines")
    return path


def private_folder(path: Path, *, parents: bool = False) -> Path:
    """The folder ``path``, owner-only (0700) if it is made now (its missing parents too,
    with ``parents``, as ``mkdir -p`` makes them).

    A folder that is already there is used as it is. ``NotADirectoryError``
    if ``path`` is something else.
    """
    try:
        try:
            path.mkdir(mode=FOLDER_MODE)
        except FileNotFoundError:
            if not parents:
                raise
            path.parent.mkdir(parents=True, exist_ok=True)
            path.mkdir(mode=FOLDER_MODE)
    except FileExistsError:
        if not path.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path)) from None
        return path
    # mkdir's mode is cut by the umask (0o277 would leave it unwritable): set it exactly,
    # on the folder just made.
    os.chmod(path, FOLDER_MODE)
    return path


def exposure_warning(path: Path) -> str:
    """One line saying that other users can open the data folder ``path``; "" when they cannot."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return ""
    if not mode & 0o077:
        return ""
    return (
        f"the data folder {path} can be opened by other users (mode {mode:04o}); Footwork "
        "leaves it as it is and keeps its own files in it readable by you only"
    )


class NotRegularFileError(Exception):
    """A path Footwork would open is a link, a folder, a FIFO or a device: not its file."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is not a regular file ({kind})")
        self.path = path
        self.kind = kind


def describe_kind(mode: int) -> str:
    """What a file that is not a regular one is, in words: "a symbolic link", "a FIFO"..."""
    kinds = (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((words for test, words in kinds if test(mode)), "not a file")


def require_regular(path: Path) -> None:
    """Raise ``NotRegularFileError`` if ``path`` exists and is not a regular file.

    Looks at the path itself (``lstat``): a symbolic link is refused, never
    followed, whatever it points to.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise NotRegularFileError(path, describe_kind(mode))


def restrict(path: Path) -> None:
    """Make ``path`` owner-only (0600) if it is a regular file of this user; else leave it.

    The file is opened without following a link and changed through that
    descriptor, so a link (or a file swapped for one) never passes the
    change on to a file that is not Footwork's.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return  # gone, a link (ELOOP) or unreadable: not ours to change
    try:
        info = os.fstat(fd)
        if (
            stat.S_ISREG(info.st_mode)
            and info.st_uid == os.geteuid()
            and stat.S_IMODE(info.st_mode) != FILE_MODE
        ):
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
