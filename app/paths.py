"""Where Footwork keeps the user's data: the log, settings and own routines.

The folder holds health data (pain ratings, notes), so it is created
readable by its owner only.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "Footwork"


def default_data_dir() -> Path:
    """Qt's AppDataLocation for Footwork, e.g. ``~/.local/share/Footwork`` on Linux."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setApplicationName(APP_NAME)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else Path.home() / ".footwork"


def ensure_data_dir(path: Path) -> Path:
    """Create the data folder (and ``routines/``) with owner-only permissions."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    (path / "routines").mkdir(mode=0o700, exist_ok=True)
    return path
