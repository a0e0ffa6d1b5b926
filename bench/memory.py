"""Peak memory (RSS) of Footwork playing a session, against a bare PySide6 window.

Run: .venv/bin/python bench/memory.py [--seconds 5] [--routine calf-soleus-stretch]
Runs ``bench/_session_child.py`` twice in this invocation: a bare
QMainWindow with a QLabel updated each second (baseline), then Footwork
playing the routine for SECONDS on the real clock. Each child reports its
own peak RSS (ru_maxrss). Prints both in MB, the difference and the ratio
(goal: Footwork <= 100 MB). Uses the X server in $DISPLAY if set, else
QT_QPA_PLATFORM=offscreen.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from session_cpu import child_env, run_child


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds of session (5)")
    parser.add_argument("--routine", default="calf-soleus-stretch", help="routine id to play")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        bare = run_child("bare", args.seconds, data_dir, args.routine)["peak_mb"]
        footwork = run_child("footwork", args.seconds, data_dir, args.routine)["peak_mb"]
    platform = child_env().get("QT_QPA_PLATFORM") or f"xcb on {os.environ['DISPLAY']}"
    print(f"peak RSS, {args.seconds:g} s after a 1 s settle ({platform})")
    print(f"{'bare PySide6 window (baseline)':<40}{bare:>7.1f} MB")
    print(f"{'Footwork playing ' + args.routine:<40}{footwork:>7.1f} MB   (goal <= 100 MB)")
    print(f"{'difference':<40}{footwork - bare:>7.1f} MB")
    print(f"{'ratio Footwork / bare':<40}{footwork / bare:>7.2f} x")


if __name__ == "__main__":
    main()
