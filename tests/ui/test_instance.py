"""One window per data folder: a second ``footwork`` brings the first to the front.

Each second start is a real process of ``main.py``; the first window is
either this test's own (so the test can see it come to the front) or a
real process too (so it can be killed with ``kill -9``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.library import load_library
from app.lock import FolderBusyError, FolderLock, Holder, Kind, holder
from app.ui import app as app_module
from app.ui.app import serve_second_starts
from app.ui.instance import WINDOW_WHAT, hold_for_window
from app.ui.main_window import MainWindow
from tests.conftest import ROOT
from tests.folder_holder import holding


def start(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip


# Offscreen there is no window manager to raise a window for; the request still arrives.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_second_start_brings_the_first_window_to_the_front_and_exits_0(
    qtbot, data_dir: Path
) -> None:
    with FolderLock.acquire(data_dir, Kind.WINDOW, WINDOW_WHAT):
        window = MainWindow(load_library(data_dir=data_dir), data_dir)
        qtbot.addWidget(window)
        server = serve_second_starts(window, data_dir)
        window.showMinimized()
        with qtbot.waitSignal(server.activation_requested, timeout=20000):
            second = start(data_dir)
            # The event loop runs meanwhile, so this window can answer.
            qtbot.waitUntil(lambda: second.poll() is not None, timeout=20000)
        _, err = second.communicate()
    assert second.returncode == 0, err
    assert err == (
        f"footwork: Footwork is already open on {data_dir}; its window was brought to the front.\n"
    )
    assert window.isVisible() and not window.isMinimized()


@pytest.mark.slow
def test_with_a_real_first_window_only_it_writes_and_its_kill_frees_the_folder(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    first = start(data_dir)
    try:
        deadline = time.monotonic() + 30
        while holder(data_dir) is None:
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the first window never took the folder"
            time.sleep(0.05)
        assert holder(data_dir) == Holder(first.pid, Kind.WINDOW, WINDOW_WHAT)
        second = start(data_dir)
        _, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
        assert "its window was brought to the front" in err
        assert first.poll() is None  # still running, still holding the folder
        assert holder(data_dir) == Holder(first.pid, Kind.WINDOW, WINDOW_WHAT)
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.communicate(timeout=30)
    # Killed while holding the folder: the next window gets it at once.
    with FolderLock.acquire(data_dir, Kind.WINDOW, WINDOW_WHAT):
        pass


def test_a_start_while_a_command_writes_waits_then_names_it(data_dir: Path) -> None:
    with holding(data_dir, Kind.COMMAND, "footwork --import") as command:
        started = time.monotonic()
        with pytest.raises(FolderBusyError) as busy:
            hold_for_window(data_dir, wait=0.3)
        assert time.monotonic() - started >= 0.3
    assert busy.value.holder == Holder(command.pid, Kind.COMMAND, "footwork --import")
    assert f"in use by footwork --import (process {command.pid})" in str(busy.value)


def test_a_start_that_cannot_have_the_folder_says_why_and_exits_2(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    told: list[str] = []
    monkeypatch.setattr(app_module, "_tell", told.append)
    monkeypatch.setattr("app.ui.instance.START_WAIT_SECONDS", 0.2)
    with holding(data_dir, Kind.COMMAND, "footwork --import") as command:
        assert app_module.run_gui(None, data_dir) == 2
    message = (
        f"The data folder {data_dir} is in use by footwork --import (process {command.pid}); "
        "only one Footwork at a time can write its progress log. Try again once it has "
        "finished or been closed."
    )
    assert told == [message]
    assert capsys.readouterr().err == f"footwork: {message}\n"


def test_a_folder_that_cannot_be_held_still_plays_and_says_nothing_is_saved(
    qtbot, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (data_dir / "footwork.lock").symlink_to(tmp_path / "not-ours")
    built: list[MainWindow] = []
    real_build = app_module.build_window

    def build(*args: object) -> MainWindow:
        built.append(real_build(*args))
        qtbot.addWidget(built[0])
        return built[0]

    class Loop:
        """The window's event loop, for as long as the test watches it."""

        def exec(self) -> int:
            window = built[0]
            qtbot.waitUntil(lambda: bool(window.log.problem), timeout=10000)
            window.log.dialog.close()
            window.close()
            return 0

    monkeypatch.setattr(app_module, "build_window", build)
    monkeypatch.setattr(app_module, "make_application", Loop)
    assert app_module.run_gui(None, data_dir) == 0
    assert built[0].log.problem == (
        f"Sessions are not being saved: {data_dir / 'footwork.lock'} is a symbolic link; "
        "Footwork does not follow it. Move it away and start Footwork again."
    )
    assert not (tmp_path / "not-ours").exists()
