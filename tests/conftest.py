"""Test setup: Qt offscreen, and no test ever touches the user's real data."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

# Before any QApplication exists: no window system is needed for the tests.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Qt's AppDataLocation and QSettings follow XDG: point them at a scratch folder
# so that code which falls back to the default data folder cannot reach real data.
_SCRATCH = Path(tempfile.mkdtemp(prefix="footwork-tests-"))
os.environ["XDG_DATA_HOME"] = str(_SCRATCH / "data")
os.environ["XDG_CONFIG_HOME"] = str(_SCRATCH / "config")
os.environ.setdefault("XDG_RUNTIME_DIR", str(_SCRATCH / "runtime"))
Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
PYTHON = sys.executable


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh, empty data folder for one test."""
    folder = tmp_path / "footwork-data"
    folder.mkdir(mode=0o700)
    (folder / "routines").mkdir()
    return folder
