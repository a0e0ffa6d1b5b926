"""Start-up time to an exposed window: Footwork against a bare PySide6 window.

Run: .venv/bin/python bench/startup.py [--runs 7]
Each run is a fresh ``bench/_startup_child.py`` process, timed from just
before spawn until it reports the first Expose of its window. Bare and
Footwork runs alternate. Prints the median of each, in ms, and the ratio
Footwork / bare (goal: <= 1.3x). Uses the X server in $DISPLAY if set,
else QT_QPA_PLATFORM=offscreen.
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


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def time_run(kind: str, data_dir: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(CHILD), kind, data_dir],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    _, err = child.communicate(timeout=30)
    if line.strip() != "exposed" or child.returncode != 0:
        raise SystemExit(f"{kind} child failed (exit {child.returncode}):\n{err}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each kind (default 7)")
    runs = parser.parse_args().runs
    env = child_env()
    platform = env.get("QT_QPA_PLATFORM") or f"xcb on {env['DISPLAY']}"
    times: dict[str, list[float]] = {"bare": [], "footwork": []}
    with tempfile.TemporaryDirectory() as data_dir:
        time_run("footwork", data_dir, env)  # warm the file cache; not counted
        for _ in range(runs):
            for kind in times:
                times[kind].append(time_run(kind, data_dir, env))
    bare = statistics.median(times["bare"])
    footwork = statistics.median(times["footwork"])
    print(f"start-up to first Expose, median of {runs} alternating runs ({platform})")
    print(f"{'bare PySide6 window (baseline)':<32}{bare * 1000:>9.0f} ms")
    print(f"{'Footwork':<32}{footwork * 1000:>9.0f} ms")
    print(f"{'ratio Footwork / bare':<32}{footwork / bare:>9.2f} x   (goal <= 1.3x)")


if __name__ == "__main__":
    main()
