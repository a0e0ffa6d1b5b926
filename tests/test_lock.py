"""One Footwork per data folder: the folder lock, with real second processes."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from app.lock import (
    FolderBusyError,
    FolderLock,
    FolderLockError,
    Holder,
    Kind,
    holder,
    lock_path,
    locked_log,
)
from app.storage import Log
from tests.folder_holder import holding


def test_a_second_holder_in_this_process_is_refused_and_told_who(data_dir: Path) -> None:
    with FolderLock.acquire(data_dir, Kind.COMMAND, "footwork --import"):
        with pytest.raises(FolderBusyError) as busy:
            FolderLock.acquire(data_dir, Kind.WINDOW, "the Footwork window")
        assert busy.value.holder == Holder(os.getpid(), Kind.COMMAND, "footwork --import")
        assert f"in use by footwork --import (process {os.getpid()})" in str(busy.value)
        assert holder(data_dir) == busy.value.holder
    # Let go: the next one gets it, and the file no longer names anyone.
    assert holder(data_dir) is None
    assert lock_path(data_dir).read_bytes() == b""
    FolderLock.acquire(data_dir, Kind.WINDOW, "the Footwork window").release()


def test_the_lock_file_is_owner_only(data_dir: Path) -> None:
    with FolderLock.acquire(data_dir, Kind.COMMAND, "footwork --import"):
        assert os.stat(lock_path(data_dir)).st_mode & 0o777 == 0o600


def test_a_second_process_cannot_open_the_log_while_the_first_holds_it(data_dir: Path) -> None:
    with Log.open(data_dir) as log:
        log.start_session("daily-ten", "Daily ten", 600, 1741593600.0)
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    with holding(data_dir) as child:
        started = time.monotonic()
        with pytest.raises(FolderBusyError) as busy, locked_log(data_dir, "test", wait=0.3):
            pytest.fail("the log was opened while another process held the folder")
        assert 0.3 <= time.monotonic() - started < 3  # it waited briefly, then gave up
        assert busy.value.holder == Holder(child.pid, Kind.WINDOW, "the Footwork window")
        assert f"in use by the Footwork window (process {child.pid})" in str(busy.value)
        after = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
        del after["footwork.lock"]
        assert after == before  # not a byte of the log was touched


def test_a_writer_waits_for_a_command_that_lets_go(data_dir: Path) -> None:
    with holding(data_dir, Kind.COMMAND, "footwork --import") as child:
        # The other command finishes just after this one starts waiting.
        threading.Timer(0.3, child.communicate, [""]).start()
        started = time.monotonic()
        with locked_log(data_dir, "footwork --import", wait=5.0) as log:
            assert log.unfinished_session() is None
        assert time.monotonic() - started < 4


def test_a_lock_left_by_a_killed_process_is_free_at_once(data_dir: Path) -> None:
    with holding(data_dir) as child:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    # Its record is still in the file, but the kernel dropped its lock with it.
    assert b'"pid": %d' % child.pid in lock_path(data_dir).read_bytes()
    assert holder(data_dir) is None
    with FolderLock.acquire(data_dir, Kind.WINDOW, "the Footwork window"):
        assert holder(data_dir) == Holder(os.getpid(), Kind.WINDOW, "the Footwork window")


def test_a_lock_file_that_is_a_link_is_refused_and_its_target_untouched(
    data_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "someone-elses"
    target.write_text("theirs\n")
    target.chmod(0o644)
    lock_path(data_dir).symlink_to(target)
    with pytest.raises(FolderLockError, match="is a symbolic link; Footwork does not follow it"):
        FolderLock.acquire(data_dir, Kind.COMMAND, "footwork --import")
    assert target.read_text() == "theirs\n"
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_lock_file_that_is_a_fifo_is_refused_without_hanging(data_dir: Path) -> None:
    os.mkfifo(lock_path(data_dir))
    with pytest.raises(FolderLockError, match=r"is not a regular file \(a FIFO\)"):
        FolderLock.acquire(data_dir, Kind.COMMAND, "footwork --import")
