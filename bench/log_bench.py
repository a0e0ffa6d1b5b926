"""The progress log with ten years of history: commit latency, checks, export, queries, size.

Run: .venv/bin/python bench/log_bench.py [--years 10] [--blocks 400]
Builds YEARS of daily sessions (about 3,650 sessions and 100k blocks for
10 years; see bench/synthetic_log.py) in a temporary folder, then measures
in the same run:

- save_block: the time each call takes to commit one block into that log,
  against a bare sqlite3 INSERT + COMMIT of the same row into a table of
  the same shape, same pragmas (WAL, synchronous=FULL), same folder; the
  two alternate, BLOCKS of each. p50 and p99 (goal: p99 < 50 ms).
- quick_check as Log.open runs it, on a read-only connection (goal <= 100 ms),
  and the whole open; the first read after it, which checks every row once
  for rows the readers must leave out (bench/import_bench.py times imports).
- CSV export of every block (goal <= 2 s).
- History (all sessions, and the newest 50), one exercise's chart,
  minutes per week, the coach's per-session data.
- the file size after a checkpoint (goal <= 20 MB).
Medians of 5 runs unless said otherwise.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_log import build_history

from app.core.events import BlockRecord, BlockStatus
from app.core.routine import Side
from app.storage import Log


def median_seconds(action: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def record(phase: int) -> BlockRecord:
    return BlockRecord(
        phase_index=phase,
        step_index=phase // 4,
        exercise_id="eccentric-calf-raise",
        exercise_name="Eccentric calf raise",
        side=Side.LEFT if phase % 2 else Side.RIGHT,
        set_number=1,
        sets=3,
        planned_seconds=48,
        done_seconds=48.0,
        planned_reps=12,
        done_reps=12,
        status=BlockStatus.COMPLETED,
        started_wall=time.time(),
        ended_wall=time.time() + 48,
    )


def bare_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    assert conn.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(
        "CREATE TABLE blocks (session_id INTEGER, phase_index INTEGER, step_index INTEGER, "
        "exercise_id TEXT, exercise_name TEXT, side TEXT, set_number INTEGER, sets INTEGER, "
        "planned_seconds INTEGER, done_seconds REAL, planned_reps INTEGER, done_reps INTEGER, "
        "status TEXT, started REAL, ended REAL, PRIMARY KEY (session_id, phase_index)) "
        "WITHOUT ROWID"
    )
    return conn


def commit_latencies(log: Log, bare: sqlite3.Connection, count: int) -> tuple[list, list]:
    session = log.start_session("daily-ten", "Daily ten", 600, time.time())
    ours, base = [], []
    for phase in range(count):
        block = record(phase)
        start = time.perf_counter()
        log.save_block(session, block, phase + 1)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        bare.execute("BEGIN IMMEDIATE")
        bare.execute(
            "INSERT INTO blocks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (1, phase, block.step_index, block.exercise_id, block.exercise_name, block.side,
             block.set_number, block.sets, block.planned_seconds, block.done_seconds,
             block.planned_reps, block.done_reps, block.status, block.started_wall,
             block.ended_wall),
        )  # fmt: skip
        bare.execute("COMMIT")
        base.append(time.perf_counter() - start)
    log.discard(session)
    return ours, base


def line(label: str, seconds: float, goal: str = "") -> None:
    print(f"{label:<44}{seconds * 1000:>9.1f} ms   {goal}".rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10, help="years of daily sessions (10)")
    parser.add_argument("--blocks", type=int, default=400, help="blocks timed per side (400)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="footwork-log-bench-") as folder:
        data_dir = Path(folder)
        history = build_history(data_dir, years=args.years)
        print(
            f"{history.sessions} sessions, {history.blocks} blocks "
            f"(built by one JSON import in {history.build_seconds:.1f} s)\n"
        )
        log = Log.open(data_dir)
        bare = bare_connection(data_dir / "bare.sqlite3")
        ours, base = commit_latencies(log, bare, args.blocks)
        bare.close()
        print(f"save_block, one commit each, {args.blocks} alternating with the baseline")
        for name, fraction in (("p50", 0.5), ("p99", 0.99)):
            mine, theirs = percentile(ours, fraction), percentile(base, fraction)
            goal = "(goal < 50 ms)" if name == "p99" else ""
            line(f"  bare sqlite INSERT + COMMIT {name} (baseline)", theirs)
            line(f"  Footwork save_block {name}", mine, goal)
            print(f"  {'ratio Footwork / bare ' + name:<42}{mine / theirs:>9.2f} x")

        # As Log.open runs it: on a read-only connection, before the log is opened for writing.
        checker = sqlite3.connect(f"{(data_dir / 'log.sqlite3').as_uri()}?mode=ro", uri=True)
        print()
        line(
            "quick_check, as at open",
            median_seconds(lambda: checker.execute("PRAGMA quick_check(5)").fetchall()),
            "(goal <= 100 ms)",
        )
        checker.close()
        conn = log._conn
        line(
            "integrity_check (each backup)",
            median_seconds(lambda: conn.execute("PRAGMA integrity_check").fetchall(), 3),
        )
        start = time.perf_counter()
        log.unreadable_rows()  # the first read: every row checked, once per opening
        line("first read: find unreadable rows", time.perf_counter() - start, "(once per open)")
        csv_path = data_dir / "blocks.csv"
        export = median_seconds(lambda: log.export_csv(csv_path), 3)
        line("CSV export, every block", export, "(goal <= 2 s)")
        line("History: all sessions", median_seconds(log.sessions))
        line("History: newest 50 sessions", median_seconds(lambda: log.sessions(limit=50)))
        chart = median_seconds(lambda: log.blocks_for_exercise("short-foot"))
        line("chart: blocks_for_exercise(short-foot)", chart)
        line("minutes_per_week", median_seconds(log.minutes_per_week))
        newest = log.sessions(limit=1)[0]
        line("streak", median_seconds(lambda: log.streak(newest.day)))
        recent = newest.started_wall - 90 * 86400
        line(
            "coach_sessions, last 90 days", median_seconds(lambda: log.coach_sessions(since=recent))
        )
        line("coach_sessions, all", median_seconds(log.coach_sessions, 3))
        line("backup_now (copy + integrity_check + thin)", median_seconds(log.backup_now, 3))
        log.close(backup=False)
        start = time.perf_counter()
        Log.open(data_dir).close(backup=False)
        line("Log.open of the 10-year log (incl. quick_check)", time.perf_counter() - start)
        size = (data_dir / "log.sqlite3").stat().st_size  # closing checkpointed the WAL
        print(f"\n{'file size':<44}{size / 1e6:>9.1f} MB   (goal <= 20 MB)")
        print(f"{'  per block':<44}{size / history.blocks:>9.0f} B")
        print(f"{'CSV size':<44}{csv_path.stat().st_size / 1e6:>9.1f} MB")


if __name__ == "__main__":
    main()
