"""How fast hostile files are refused, against loading a real routine in the same run.

Run: .venv/bin/python bench/bench_loader.py
Prints the median time of each case and its ratio to the baseline (loading
the built-in inside-ankle-care routine), so the figures survive a noisy machine.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib

from app.core.errors import LoadError
from app.core.library import RESOURCES, load_library
from app.core.loader import load_routine

LIBRARY = load_library()


def median_seconds(action: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        with contextlib.suppress(LoadError):
            action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def laughs() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines).encode()


def main() -> None:
    real = (RESOURCES / "routines" / "inside-ankle-care.yaml").read_bytes()
    cases = {
        "real routine (baseline)": real,
        "2 MiB file": b"a: " + b"x" * (2 << 20),
        "billion laughs": laughs(),
        "depth 50,000": b"steps: " + b"[" * 50_000 + b"]" * 50_000,
        "python tag": b"format: 1\nkind: routine\nid: !!python/object/apply:os.system [ls]\n",
        "non-UTF-8": b"format: 1\nname: caf\xe9\n" * 1000,
        "1 MiB of valid steps": b"format: 1\nkind: routine\nid: big\nname: Big\nsteps:\n"
        + b"  - {exercise: soleus-stretch, time: 30s}\n" * 24_000,
    }
    baseline = None
    print(f"{'case':<26}{'median ms':>12}{'x baseline':>12}")
    for name, data in cases.items():
        seconds = median_seconds(lambda d=data: load_routine(d, "bench.yaml", LIBRARY.exercises))
        baseline = baseline or seconds
        print(f"{name:<26}{seconds * 1000:>12.2f}{seconds / baseline:>12.1f}")


if __name__ == "__main__":
    main()
