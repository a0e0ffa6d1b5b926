"""CPU used while a session plays, as % of one core, against a bare window.

Run: .venv/bin/python bench/session_cpu.py [--seconds 20] [--routine calf-soleus-stretch]
Runs ``bench/_session_child.py`` twice in this invocation: a bare
QMainWindow whose QLabel a 1 s QTimer updates (baseline), then Footwork
playing the routine on the real clock. Each measures its own process CPU
time over SECONDS of event loop after a 1 s settle. Prints both as % of one
core, the difference in points and the ratio (goal: Footwork <= 2 % of one
core). Uses the X server in $DISPLAY if set, else QT_QPA_PLATFORM=offscreen.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = Path(__file__).resolve().with_name("_session_child.py")


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run_child(kind: str, seconds: float, data_dir: str, routine: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, str(CHILD), kind, str(seconds), data_dir, routine],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=seconds + 60,
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"{kind} child failed (exit {done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds (20)")
    parser.add_argument("--routine", default="calf-soleus-stretch", help="routine id to play")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        bare = run_child("bare", args.seconds, data_dir, args.routine)
        footwork = run_child("footwork", args.seconds, data_dir, args.routine)
    bare_pct = 100 * bare["cpu"] / bare["wall"]
    footwork_pct = 100 * footwork["cpu"] / footwork["wall"]
    platform = child_env().get("QT_QPA_PLATFORM") or f"xcb on {os.environ['DISPLAY']}"
    print(f"CPU over {args.seconds:g} s of event loop, % of one core ({platform})")
    print(f"{'bare window, 1 s label (baseline)':<40}{bare_pct:>7.2f} %")
    print(f"{'Footwork playing ' + args.routine:<40}{footwork_pct:>7.2f} %   (goal <= 2 %)")
    print(f"{'difference':<40}{footwork_pct - bare_pct:>7.2f} points")
    ratio = footwork_pct / bare_pct if bare_pct > 0 else float("inf")
    print(f"{'ratio Footwork / bare':<40}{ratio:>7.1f} x")


if __name__ == "__main__":
    main()
