"""Child process of test_crash.py: writes to the log in a loop until it is killed.

Run: python tests/storage/crash_child.py DATA_DIR SEED FIRST_VALUE [--second]

It holds the data folder (``app.lock``) as every writer does, for as long
as it runs. With ``--second`` it is a second instance started while
another child holds the folder: it must be refused and write nothing, and
says ``refused PID`` with the holder's process id (exit 2), or ``ready``
if it got in, which it never should.

Each line goes to stdout only after the write it reports has returned,
that is, after its commit:

    session ID              a session was started
    block ID PHASE VALUE    a block was saved with done_seconds = VALUE
    finish ID               a session was finished
    kept ID                 an unfinished session was kept as partial

VALUE grows by one with every block written, from FIRST_VALUE on, so a
later write of the same block always holds a larger value. The child also
resumes an unfinished session it finds, redoes blocks, and takes backups,
so a kill can land in any of those.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.core.events import BlockRecord, BlockStatus, SessionStatus
from app.core.routine import Side
from app.lock import FolderBusyError, FolderLock, Kind
from app.storage import Log

BLOCKS_PER_SESSION = 12
T0 = 1741593600.0


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def record(phase: int, value: int) -> BlockRecord:
    return BlockRecord(
        phase_index=phase,
        step_index=phase // 2,
        exercise_id=f"exercise-{phase // 2}",
        exercise_name="Calf raise with a slow eccentric lower",
        side=Side.LEFT if phase % 2 else Side.RIGHT,
        set_number=1,
        sets=1,
        planned_seconds=None,
        done_seconds=float(value),
        planned_reps=15,
        done_reps=15,
        status=BlockStatus.COMPLETED,
        started_wall=T0 + value,
        ended_wall=T0 + value + 1,
    )


def main() -> None:
    data_dir, rng, value = Path(sys.argv[1]), random.Random(int(sys.argv[2])), int(sys.argv[3])
    if "--second" in sys.argv:
        try:
            # Got in (it must not): then it goes on to write like any child, and is caught.
            FolderLock.acquire(data_dir, Kind.COMMAND, "a second crash child", wait=0.2).release()
        except FolderBusyError as busy:
            say(f"refused {busy.holder.pid if busy.holder else '?'}")
            sys.exit(2)
    say("opening")
    # The one before was killed a moment ago: the kernel has let go of its lock by now.
    with FolderLock.acquire(data_dir, Kind.COMMAND, "the crash child", wait=10.0):
        write_until_killed(data_dir, rng, value)


def write_until_killed(data_dir: Path, rng: random.Random, value: int) -> None:
    log = Log.open(data_dir)
    say("ready")
    now = T0 + value
    session: int | None = None
    phase = 0
    left = log.unfinished_session()
    if left is not None:
        if rng.random() < 0.7:
            session, phase = left.id, left.next_phase_index
        else:
            log.keep_as_partial(left.id)
            say(f"kept {left.id}")
    while True:
        if session is None:
            session = log.start_session("crash", "Crash test", 600, now, planned_blocks=12)
            phase = 0
            say(f"session {session}")
        if phase >= BLOCKS_PER_SESSION:
            log.finish_session(session, SessionStatus.COMPLETED, now)
            say(f"finish {session}")
            session = None
            now += 31 * 60  # every session is worth a backup
            log.backup_if_due(now)
            continue
        # Now and then the user goes back and does a block again.
        redo = phase > 0 and rng.random() < 0.15
        target = rng.randrange(phase) if redo else phase
        value += 1
        log.save_block(session, record(target, value), phase if redo else phase + 1)
        say(f"block {session} {target} {value}")
        if not redo:
            phase += 1


if __name__ == "__main__":
    main()
