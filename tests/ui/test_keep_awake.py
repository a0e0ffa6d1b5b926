"""Keeping the screen awake over real D-Bus: a private bus, a stand-in ScreenSaver service."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from app.ui.keep_awake import REASON, DBusScreenSaver, KeepAwake
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture
def bus_address() -> Iterator[str]:
    daemon = shutil.which("dbus-daemon")
    if daemon is None:  # .ci/run installs it; a developer machine may lack it
        pytest.skip("dbus-daemon is not installed")
    proc = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    address = proc.stdout.readline().strip()
    yield address
    proc.terminate()
    proc.wait(timeout=10)
    proc.stdout.close()


def test_playing_inhibits_the_screensaver_and_pausing_releases_it(qtbot, bus_address) -> None:
    from PySide6.QtDBus import QDBusConnection

    service = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.fake_screensaver"],
        cwd=ROOT,
        env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": bus_address},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert service.stdout is not None
        assert service.stdout.readline().strip() == "ready"
        bus = QDBusConnection.connectToBus(bus_address, "footwork-keep-awake-test")
        assert bus.isConnected()
        saver = DBusScreenSaver(bus)
        assert saver.problem == ""
        keep = KeepAwake(saver)
        keep.hold()
        keep.hold()  # held once, however often asked
        assert keep.holding
        keep.release()
        keep.release()
        assert not keep.holding
        keep.hold()
        keep.release()
        service.terminate()
        out, _ = service.communicate(timeout=10)
    finally:
        if service.poll() is None:
            service.kill()
            service.communicate(timeout=10)
        QDBusConnection.disconnectFromBus("footwork-keep-awake-test")
    assert out.splitlines() == [
        f"Inhibit 'Footwork' {REASON!r} -> 101",
        "UnInhibit 101",
        f"Inhibit 'Footwork' {REASON!r} -> 102",
        "UnInhibit 102",
    ]


def test_without_the_service_keeping_awake_is_a_quiet_no_op(qtbot, bus_address) -> None:
    from PySide6.QtDBus import QDBusConnection

    bus = QDBusConnection.connectToBus(bus_address, "footwork-no-service-test")
    try:
        saver = DBusScreenSaver(bus)
        assert "no org.freedesktop.ScreenSaver service" in saver.problem
        keep = KeepAwake(saver)
        started = time.monotonic()
        keep.hold()
        keep.release()
        assert time.monotonic() - started < 1.0
        assert not keep.holding
    finally:
        QDBusConnection.disconnectFromBus("footwork-no-service-test")
