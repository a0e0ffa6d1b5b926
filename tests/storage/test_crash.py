"""kill -9 at random points: no block reported committed is ever lost, the file stays sound.

A child process (crash_child.py) writes sessions and blocks in a loop and
prints each write after its commit returned. The parent kills it with
SIGKILL after a random number of reported writes (sometimes while it opens
or creates the log), then checks, with a read-only connection, that every
reported block is in the database and that ``PRAGMA integrity_check`` is
ok; then starts the next child on the same data folder, which resumes or
keeps the unfinished session it finds. The random generator is seeded, so
a failure replays.

Every child holds the data folder lock, so each start after a kill shows
a killed holder's lock is free at once; and now and then, while a child
writes, a second instance is started on the same folder: it must be
refused, naming the child, and write nothing.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.storage import Log, list_backups
from tests.conftest import ROOT
from tests.storage.conftest import query

CHILD = Path(__file__).resolve().with_name("crash_child.py")
KILLS = 220  # in all lanes together
LANES = 2
SEED = 20251121
SECOND_EVERY = 7  # every 7th child meets a second instance while it writes


class Reported:
    """What the children said they committed."""

    def __init__(self) -> None:
        self.blocks: dict[tuple[int, int], int] = {}  # (session, phase) -> latest value
        self.finished: set[int] = set()
        self.kept: set[int] = set()
        self.value = 0
        self.second_refused = 0  # second instances refused while a child wrote

    def take(self, line: str) -> None:
        if not line.endswith("\n"):
            return  # cut off by the kill: its commit may or may not have returned
        word, *args = line.split()
        if word == "block":
            session, phase, value = map(int, args)
            self.blocks[(session, phase)] = value
            self.value = max(self.value, value)
        elif word == "finish":
            self.finished.add(int(args[0]))
        elif word == "kept":
            self.kept.add(int(args[0]))


def check(data_dir: Path, reported: Reported, kill: int) -> None:
    path = data_dir / "log.sqlite3"
    if not reported.blocks and not path.exists():
        return
    # Read-only: no checkpoint, no recovery writes; we look at what the kill left.
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], f"kill {kill}"
        if not reported.blocks:
            return
        stored = dict(
            ((session, phase), done)
            for session, phase, done in conn.execute(
                "SELECT session_id, phase_index, done_seconds FROM blocks"
            )
        )
        statuses = dict(conn.execute("SELECT id, status FROM sessions"))
    finally:
        conn.close()
    for key, value in reported.blocks.items():
        assert key in stored, f"kill {kill}: block {key} was reported committed and is gone"
        # The child may have committed one more write of it before it died, never fewer.
        assert stored[key] >= value, f"kill {kill}: block {key} went back to an older record"
    for session in reported.finished:
        assert statuses[session] == "completed", f"kill {kill}: session {session} lost its end"
    for session in reported.kept:
        assert statuses[session] == "ended early", f"kill {kill}: session {session}"


def run_lane(data_dir: Path, seed: int, kills: int) -> Reported:
    """Start, kill and check ``kills`` children one after another on one data folder."""
    rng = random.Random(seed)
    data_dir.mkdir(mode=0o700)
    reported = Reported()
    for kill in range(kills):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(data_dir), str(rng.randrange(2**32)),
             str(reported.value + 1)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )  # fmt: skip
        assert child.stdout is not None
        # Line 0 is "opening": a kill right after it lands in opening or creating the log.
        lines = rng.choice((0, 1, 2, rng.randrange(3, 40)))
        ready = False
        for _ in range(lines + 1):
            line = child.stdout.readline()
            if not line:
                break
            ready = ready or line == "ready\n"
            reported.take(line)
        if ready and kill % SECOND_EVERY == 0:
            second_instance_is_refused(data_dir, child.pid, kill)
            reported.second_refused += 1
        os.kill(child.pid, signal.SIGKILL)
        rest, err = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL, f"kill {kill}: the child died by itself:\n{err}"
        for line in rest.splitlines(keepends=True):
            reported.take(line)  # printed before the kill, so committed before it too
        check(data_dir, reported, kill)
    return reported


def second_instance_is_refused(data_dir: Path, holder: int, kill: int) -> None:
    """While a child holds the folder and writes, a second one is refused and writes nothing."""
    second = subprocess.run(
        [sys.executable, str(CHILD), str(data_dir), "0", "1", "--second"],
        capture_output=True, text=True, timeout=30, cwd=ROOT,
    )  # fmt: skip
    assert (second.returncode, second.stdout) == (2, f"refused {holder}\n"), (
        f"kill {kill}: a second instance was not refused:\n{second.stdout}{second.stderr}"
    )


@pytest.mark.slow
def test_kill_9_never_loses_a_committed_block(tmp_path: Path) -> None:
    # Two independent lanes (own folder, own seed) at once: half the wall time.
    with ThreadPoolExecutor(LANES) as pool:
        futures = [
            pool.submit(run_lane, tmp_path / f"lane{lane}", SEED + lane, KILLS // LANES)
            for lane in range(LANES)
        ]
        lanes = [(tmp_path / f"lane{n}", future.result()) for n, future in enumerate(futures)]
    for data_dir, reported in lanes:
        assert len(reported.blocks) > 250, "the kills should land among many writes"
        assert len(reported.finished) > 5
        assert reported.second_refused >= 5
        # After all that, the log opens normally and every backup is sound.
        with Log.open(data_dir) as log:
            assert log.integrity_problems() is None
            log.close(backup=False)
        backups = list_backups(data_dir)
        assert backups
        for backup in backups:
            assert query(backup.path, "PRAGMA integrity_check") == [("ok",)]
