"""Files that are not Footwork's are refused, never followed or changed; backups in parallel.

Real files throughout: symbolic links, FIFOs, shared folders, and three
real processes backing up one data folder at once.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.storage import BackupError, Log, LogOpenError, list_backups, restore_backup
from app.storage import backups as backups_module
from app.storage.backups import remove_stale_temps
from tests.conftest import ROOT
from tests.storage.conftest import T0, block, mode


def someone_elses(path: Path, text: str = "not Footwork's\n") -> Path:
    path.write_text(text)
    path.chmod(0o644)
    return path


def test_a_log_that_is_a_link_is_refused_and_its_target_left_as_it_was(
    data_dir: Path, tmp_path: Path
) -> None:
    target = someone_elses(tmp_path / "target")
    (data_dir / "log.sqlite3").symlink_to(target)
    with pytest.raises(LogOpenError) as refused:
        Log.open(data_dir)
    assert str(refused.value) == (
        f"The progress log file {data_dir / 'log.sqlite3'} is not a regular file (a symbolic "
        "link), so Footwork did not open or change it. Move it away and start Footwork again."
    )
    assert mode(target) == 0o644
    assert target.read_text() == "not Footwork's\n"
    assert (data_dir / "log.sqlite3").is_symlink()  # not moved aside or replaced either


def test_a_dangling_link_as_the_log_is_refused_and_nothing_is_created(
    data_dir: Path, tmp_path: Path
) -> None:
    (data_dir / "log.sqlite3").symlink_to(tmp_path / "would-be-created")
    with pytest.raises(LogOpenError, match="not a regular file"):
        Log.open(data_dir)
    assert not (tmp_path / "would-be-created").exists()


def test_a_link_beside_the_log_is_refused_too(data_dir: Path, tmp_path: Path) -> None:
    Log.open(data_dir).close(backup=False)
    target = someone_elses(tmp_path / "target")
    (data_dir / "log.sqlite3-wal").symlink_to(target)
    with pytest.raises(LogOpenError, match=r"log\.sqlite3-wal is not a regular file"):
        Log.open(data_dir)
    assert target.read_text() == "not Footwork's\n" and mode(target) == 0o644


def test_a_fifo_as_the_log_is_refused_at_once(data_dir: Path) -> None:
    os.mkfifo(data_dir / "log.sqlite3")
    with pytest.raises(LogOpenError, match=r"is not a regular file \(a FIFO\)"):
        Log.open(data_dir)


def test_an_existing_backups_folder_keeps_its_mode(log: Log, data_dir: Path) -> None:
    folder = data_dir / "backups"
    folder.mkdir()
    folder.chmod(0o755)
    log.start_session("a", "A", 60, T0)
    backup = log.backup_now()
    assert mode(folder) == 0o755  # not Footwork's to change: it did not make it
    assert mode(backup.path) == 0o600


def test_restoring_a_backup_that_is_a_link_is_refused(log: Log, data_dir: Path) -> None:
    session = log.start_session("a", "A", 60, T0)
    log.save_block(session, block(0), 1)
    real = log.backup_now()
    link = real.path.with_name("log-20990101T000000.000Z.sqlite3")
    link.symlink_to(real.path)
    log.close(backup=False)
    before = (data_dir / "log.sqlite3").read_bytes()
    with pytest.raises(BackupError, match=r"not a regular file \(a symbolic link\); nothing was"):
        restore_backup(data_dir, link)
    assert (data_dir / "log.sqlite3").read_bytes() == before


# -- temporary files of backups ----------------------------------------------------------------

BACKER = """
import sqlite3, sys
from pathlib import Path
from app.storage.backups import take_backup
from app.storage.errors import BackupError
data_dir, count = Path(sys.argv[1]), int(sys.argv[2])
source = sqlite3.connect(data_dir / "log.sqlite3")
failures = 0
print("ready", flush=True)
sys.stdin.readline()
for _ in range(count):
    try:
        take_backup(source, data_dir)
    except BackupError as exc:
        failures += 1
        print(exc, file=sys.stderr)
print(failures)
"""


@pytest.mark.slow
def test_three_processes_backing_up_at_once_never_spoil_each_others_backups(
    data_dir: Path,
) -> None:
    with Log.open(data_dir) as log:
        session = log.start_session("a", "A", 60, T0)
        for phase in range(40):
            log.save_block(session, block(phase), phase + 1)
        log.close(backup=False)
    command = [sys.executable, "-c", BACKER, str(data_dir), "40"]
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    children = [subprocess.Popen(command, text=True, cwd=ROOT, **pipes) for _ in range(3)]
    for child in children:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
    for child in children:  # all three at once
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    for out, err in [child.communicate(timeout=120) for child in children]:
        assert out == "0\n", err  # each failed 38 or 39 of its 40 before
    backups = list_backups(data_dir)
    assert len(backups) == 120
    leftovers = [p.name for p in (data_dir / "backups").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def temp(folder: Path, pid: int | None, age: float, token: str = "0a1b2c3d") -> Path:
    tag = f".{pid}-{token}" if pid is not None else ""
    path = folder / f".log-20250101T000000.000Z.sqlite3{tag}.tmp"
    path.write_bytes(b"half a backup")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_only_stale_temporary_files_are_cleaned_up(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    stale = backups_module.STALE_TEMP_SECONDS + 60
    with subprocess.Popen([sys.executable, "-c", "input()"], stdin=subprocess.PIPE) as other:
        kept = [
            temp(folder, os.getpid(), 5),  # this process's backup in the making
            temp(folder, other.pid, 5),  # another process's
            temp(folder, other.pid, stale, "5105"),  # another process's, slow (it is alive)
        ]
        removed = [
            temp(folder, dead_pid(), stale),  # left by a crash
            temp(folder, None, stale),  # left by a crash of an older Footwork
            # A week old: whoever has its process id now, it is not writing it.
            temp(folder, other.pid, backups_module.ABANDONED_TEMP_SECONDS + 60, "ffff"),
        ]
        assert sorted(remove_stale_temps(folder)) == sorted(removed)
        other.communicate(b"\n")
    assert sorted(folder.iterdir()) == sorted(kept)


def test_a_backup_in_the_making_has_a_name_of_its_own_process(
    log: Log, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    copy = backups_module._copy

    def spy(source: sqlite3.Connection, target: Path) -> None:
        seen.append(target.name)
        copy(source, target)

    monkeypatch.setattr(backups_module, "_copy", spy)
    log.start_session("a", "A", 60, T0)
    log.backup_now()
    log.backup_now(T0 + 3600)
    assert len(seen) == 2 and seen[0] != seen[1]
    assert all(f".{os.getpid()}-" in name and name.endswith(".tmp") for name in seen)
