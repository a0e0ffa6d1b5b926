"""Test setup: Qt offscreen; no test touches the user's real data, or this machine's
audio server or speech engine; and no process a test starts outlives the suite."""

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
# Sound and voice: libpulse and libspeechd connect to this machine's audio server
# and speech-dispatcher, and start them when they are not running. Point both at
# sockets that do not exist, with nothing to start, in this process and in every
# process a test starts (the speech engine's own process among them). A test that
# wants a real engine sets up a private one and points these at it.
_NOWHERE = _SCRATCH / "no-audio"
_NOWHERE.mkdir()
(_NOWHERE / "client.conf").write_text("autospawn = no\n")
os.environ["PULSE_SERVER"] = f"unix:{_NOWHERE / 'pulse'}"
os.environ["PULSE_CLIENTCONFIG"] = str(_NOWHERE / "client.conf")
os.environ["PIPEWIRE_REMOTE"] = str(_NOWHERE / "pipewire")
os.environ["SPEECHD_ADDRESS"] = f"unix_socket:{_NOWHERE / 'speechd.sock'}"
os.environ["SPEECHD_CMD"] = str(_NOWHERE / "no-speech-dispatcher")

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


def _command_line(pid: int) -> str | None:
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None  # ended meanwhile
    return " ".join(w.decode(errors="replace") for w in words if w)


def _children() -> set[int]:
    """The running processes this one started (Linux; an empty set elsewhere)."""
    pids: set[int] = set()
    for children in Path("/proc/self/task").glob("*/children"):
        pids.update(int(pid) for pid in children.read_text().split())
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue  # ended meanwhile
        if state not in ("Z", "X"):
            running.add(pid)
    return running


def _naming(folders: list[Path]) -> set[int]:
    """Running processes whose command line names one of ``folders``: daemons a test
    started (a speech-dispatcher started on demand, say) are no children of ours."""
    found = set()
    for entry in Path("/proc").glob("[0-9]*"):
        text = _command_line(int(entry.name))
        if text and any(str(folder) in text for folder in folders):
            found.add(int(entry.name))
    return found


@pytest.fixture(scope="session", autouse=True)
def no_process_outlives_the_suite(tmp_path_factory: pytest.TempPathFactory):
    before = _children()
    yield
    pids = (_children() - before) | _naming([_SCRATCH, tmp_path_factory.getbasetemp()])
    pids.discard(os.getpid())
    left = {pid: _command_line(pid) for pid in pids}
    assert not left, f"processes the tests started are still running: {left}"
