"""Start-up time: Footwork to its window, and to its routine list filled in, against a bare
PySide6 window.

Run: .venv/bin/python bench/startup.py [--runs 7]
Each run is a fresh ``bench/_startup_child.py`` process, timed from just
before spawn until it reports the first Expose of its window and, for
Footwork, until its routine list has been painted with the routines in
it (they load on a thread once the window is up). Bare and Footwork runs
alternate. Prints the median of each, in ms, and the ratios against the
bare window (goal: the list filled in within 1.3x).

The children run from compiled bytecode, as an installed Footwork does:
where this environment forbids writing it (PYTHONDONTWRITEBYTECODE), they
compile into a scratch cache on the warm-up run, instead of compiling
every module of the app on every run. Uses the X server in $DISPLAY if
set, else QT_QPA_PLATFORM=offscreen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = Path(__file__).resolve().with_name("_startup_child.py")
GOAL = 1.3


def child_env(bytecode_cache: str) -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = bytecode_cache
    return env


def time_run(kind: str, data_dir: str, env: dict[str, str]) -> list[float]:
    """Seconds from spawn to each line the child reports: exposed (and filled)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(CHILD), kind, data_dir],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    wanted = ["exposed"] if kind == "bare" else ["exposed", "filled"]
    times = []
    for line in wanted:
        said = child.stdout.readline().strip()
        times.append(time.perf_counter() - start)
        if said != line:
            _, err = child.communicate(timeout=30)
            raise SystemExit(f"{kind} child failed (exit {child.returncode}):\n{err}")
    _, err = child.communicate(timeout=30)
    if child.returncode != 0:
        raise SystemExit(f"{kind} child failed (exit {child.returncode}):\n{err}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each kind (default 7)")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as data_dir, tempfile.TemporaryDirectory() as cache:
        env = child_env(cache)
        platform = env.get("QT_QPA_PLATFORM") or f"xcb on {env['DISPLAY']}"
        time_run("footwork", data_dir, env)  # warm the file and bytecode caches; not counted
        time_run("bare", data_dir, env)
        bare: list[float] = []
        exposed: list[float] = []
        filled: list[float] = []
        for _ in range(runs):
            bare.append(time_run("bare", data_dir, env)[0])
            footwork = time_run("footwork", data_dir, env)
            exposed.append(footwork[0])
            filled.append(footwork[1])
    base = statistics.median(bare)
    rows = [
        ("bare PySide6 window, exposed (baseline)", base, None),
        ("Footwork, window exposed", statistics.median(exposed), None),
        ("Footwork, routine list filled in", statistics.median(filled), GOAL),
    ]
    print(f"start-up, median of {runs} alternating runs ({platform})")
    for name, seconds, goal in rows:
        ratio = seconds / base
        verdict = ""
        if goal is not None:
            verdict = f"   goal <= {goal}x: {'met' if ratio <= goal else 'NOT met'}"
        print(f"{name:<42}{seconds * 1000:>7.0f} ms {ratio:>6.2f}x{verdict}")


if __name__ == "__main__":
    main()
