"""Child process of test_bit_flips.py: damages copies of a log, one flip each, and says
what Footwork made of each.

Run: python tests/storage/bitflip_child.py CLEAN_DIR SCRATCH POSITIONS_JSON

CLEAN_DIR is a data folder with a sound log and a backup of it;
POSITIONS_JSON a list of [offset, mask, region]. For each position the
child copies the folder, XORs the byte at ``offset`` with ``mask``, and
goes through what the app does: ``Log.open``; then every reader (the
log's, History's, the coach's, both exports); then the full integrity
check the window runs after start-up. It prints one JSON line per
position, as soon as it is done (the parent takes a silence as a hang):

    {"offset": ..., "mask": ..., "region": ..., "outcome": ..., "detail": ...}

Outcomes: "damaged at open", "damage found by a read", "damage found by
the full check" (each after checking the log was moved aside untouched
and its best backup restores), "newer (left untouched)", "sound" (opened,
every reader answered, the full check passed), "bad rows left out" (the
same, with rows every reader left out: each is named, and removing them
leaves a log whose readers all answer again), "a reader said" (a reader
raised a LogError that is not damage), or, for the parent to fail on,
"set aside wrongly", "bad rows not named", "refused" (another
LogOpenError) and "escaped" (anything that is not a LogError, with its
traceback).
"""

from __future__ import annotations

import json
import shutil
import sys
import traceback
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.coaching import morning_above_usual, program_status, suggestions_for
from app.core.library import load_library
from app.storage import (
    DamagedLogError,
    Log,
    LogError,
    NewerLogError,
    log_path,
    restore_backup,
)
from app.storage.errors import DamageFoundError
from app.storage.unreadable import unreadable_words
from app.ui.history_data import ExerciseData, ExerciseHistory, HistoryData, Period, Step

TODAY = date(2025, 3, 25)
LIBRARY = load_library()
ROUTINE = LIBRARY.routines["daily-ten"]
PROGRAM = LIBRARY.programs["barefoot-transition"]


def read_everything(log: Log, scratch: Path) -> None:
    """Every reader the app has, each of it called as a screen calls it."""
    sessions = log.sessions()
    for session in sessions:
        log.blocks(session.id)
        log.session_checkin(session.id)
    log.sessions(since=0.0, until=2e9, limit=3)
    log.unfinished_session()
    log.morning_checkins()
    log.morning_checkin(date(2025, 3, 12))
    log.coach_sessions()
    log.minutes_per_week()
    log.session_days()
    log.streak(TODAY)
    for step in ROUTINE.steps:
        log.blocks_for_exercise(step.exercise.id)
        log.dose_in_force(ROUTINE.id, step.exercise.id)
    log.dose_history()
    log.doses_in_force(ROUTINE.id)
    log.baselines()
    log.exposures()
    log.safety_history()
    log.latest_safety_answers()
    log.program_state(PROGRAM.id)
    log.program_states()
    # The coach.
    suggestions_for(log, ROUTINE, TODAY)
    morning_above_usual(log, TODAY)
    program_status(log, PROGRAM, TODAY)
    # History, every period, and the exercise tab.
    for period in Period:
        HistoryData.from_log(log, TODAY, period)
        ExerciseData.from_log(log, TODAY, period, Step.DAY)
    ExerciseHistory.from_log(log, ROUTINE.steps[0].exercise.id)
    # Export.
    log.export_csv(scratch / "export.csv")
    log.export_json(scratch / "export.json", {"session/get_ready": 5})


def bad_rows(log: Log, scratch: Path) -> tuple[str, str]:
    """ "sound" when no reader left a row out; else each left-out row must be named,
    and removing them (as History's "Remove them..." does) must leave a log with none,
    whose readers all answer."""
    rows = log.unreadable_rows()
    if not rows:
        return "sound", ""
    words = unreadable_words(rows)
    described = [row.describe() for row in rows]
    if not words or not all(described):
        return "bad rows not named", repr(rows)
    removed, kept_in = log.remove_unreadable(rows)
    if not removed or kept_in is None or not kept_in.exists():
        return "bad rows not named", f"removing {len(rows)} rows removed {removed}"
    if log.unreadable_rows():
        return "bad rows not named", f"still there after removal: {log.unreadable_rows()}"
    read_everything(log, scratch)
    return "bad rows left out", words


def check_set_aside(error: DamagedLogError, data_dir: Path, damaged: bytes | None) -> str:
    """The log was moved aside untouched and its best backup restores: "" or what is wrong."""
    if log_path(data_dir).exists():
        return "the damaged log is still in place"
    if damaged is not None and error.moved_to.read_bytes() != damaged:
        return "the damaged log was written to"
    if not error.backups or error.backups[0].contents is None:
        return f"no good backup offered: {error.backups}"
    restore_backup(data_dir, error.backups[0].path)
    with Log.open(data_dir) as log:
        if len(log.sessions()) != error.backups[0].contents.sessions:
            return "the restored backup does not hold what it was said to"
        log.close(backup=False)
    return ""


def set_aside(log: Log, data_dir: Path, reason: str) -> str:
    """What the window does with a log found damaged while open."""
    log.close(backup=False)
    try:
        Log.set_aside(data_dir, reason)
    except DamagedLogError as error:
        return check_set_aside(error, data_dir, None)
    return "set_aside did not raise"


def judged(kind: str, problem: str, reason: str) -> tuple[str, str]:
    return ("set aside wrongly", problem) if problem else (kind, reason)


def outcome(clean: Path, scratch: Path, offset: int, mask: int) -> tuple[str, str]:
    data_dir = scratch / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    shutil.copytree(clean, data_dir)
    path = log_path(data_dir)
    data = bytearray(path.read_bytes())
    data[offset] ^= mask
    damaged = bytes(data)
    path.write_bytes(damaged)
    try:
        log = Log.open(data_dir)
    except DamagedLogError as error:
        return judged("damaged at open", check_set_aside(error, data_dir, damaged), error.reason)
    except NewerLogError:
        if path.read_bytes() != damaged:
            return "set aside wrongly", "a log refused as newer was changed"
        return "newer (left untouched)", ""
    except LogError as error:
        return "refused", str(error)
    try:
        try:
            read_everything(log, scratch)
        except DamageFoundError as error:
            found = set_aside(log, data_dir, error.reason)
            return judged("damage found by a read", found, error.reason)
        except LogError as error:
            return "a reader said", f"{type(error).__name__}: {error}"
        try:
            log.check_integrity()
        except DamageFoundError as error:
            found = set_aside(log, data_dir, error.reason)
            return judged("damage found by the full check", found, error.reason)
        try:
            return bad_rows(log, scratch)
        except DamageFoundError as error:
            found = set_aside(log, data_dir, error.reason)
            return judged("damage found by a read", found, error.reason)
        except LogError as error:
            return "a reader said", f"{type(error).__name__}: {error}"
    finally:
        if not log.closed:
            log.close(backup=False)


def main() -> None:
    clean, scratch = Path(sys.argv[1]), Path(sys.argv[2])
    positions = json.loads(Path(sys.argv[3]).read_text())
    scratch.mkdir(parents=True, exist_ok=True)
    for offset, mask, region in positions:
        try:
            kind, detail = outcome(clean, scratch, offset, mask)
        except Exception:
            kind, detail = "escaped", traceback.format_exc()
        line = {"offset": offset, "mask": mask, "region": region, "outcome": kind}
        print(json.dumps({**line, "detail": detail[:2000]}), flush=True)


if __name__ == "__main__":
    main()
