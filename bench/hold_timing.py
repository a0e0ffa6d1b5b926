"""How late Footwork notices the end of a hold, against how late Qt itself fires.

Run: .venv/bin/python bench/hold_timing.py [--holds 20] [--no-stall]
Plays a generated routine (HOLDS holds of 1 s, 1 s rest, no get ready) in
a real MainWindow on time.monotonic. For each BlockFinished, lateness is
time.monotonic() when the event is observed minus event.at (its scheduled
end). Baseline, same process: a bare single-shot PreciseTimer QTimer aimed
at the same instants, re-aimed at most 200 ms ahead as the session's timer
is. Prints mean, p95 and max lateness in ms and the ratio to the baseline
(goal: Footwork <= 20 ms idle). Then, unless --no-stall, a pass where a
timer busy-waits 250 ms every 2 s, covering each hold end: lateness stays
under the stall and the ``at`` times stay on the 2 s schedule (drift).
Needs about 2 s per hold per pass. Uses $DISPLAY if set, else offscreen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
if not os.environ.get("DISPLAY"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QEventLoop, Qt, QTimer, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from app.core.events import BlockFinished, SessionFinished
from app.core.library import load_library
from app.core.timeline import PhaseKind, build_timeline
from app.ui.main_window import MainWindow
from app.ui.session import MAX_WAIT_MS

ROUTINE = """format: 1
kind: routine
id: bench-holds
name: Bench holds
steps:
  - {{exercise: soleus-stretch, sides: left, sets: {holds}, time: 1s, rest: 1s, get_ready: 0s}}
"""


def precise_timer(parent=None) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    return timer


def bare_pass(offsets: list[float]) -> list[float]:
    """Lateness (s) of a single-shot timer aimed at start + each offset."""
    loop, timer, late = QEventLoop(), precise_timer(), []
    start = time.monotonic()
    targets = [start + offset for offset in offsets]

    def aim() -> None:
        if not targets:
            loop.quit()
            return
        wait_ms = (targets[0] - time.monotonic()) * 1000.0
        timer.start(max(0, min(MAX_WAIT_MS, int(wait_ms + 0.999))))

    def fired() -> None:
        now = time.monotonic()
        if now >= targets[0]:
            late.append(now - targets.pop(0))
        aim()

    timer.timeout.connect(fired)
    aim()
    loop.exec()
    return late


def footwork_pass(window: MainWindow, stall: bool) -> tuple[list[float], list[float]]:
    """Lateness (s) of each BlockFinished, and each ``at`` minus its place on the 2 s grid."""
    loop, late, ats = QEventLoop(), [], []

    def listen(event: object) -> None:
        if isinstance(event, BlockFinished):
            late.append(time.monotonic() - event.at)
            ats.append(event.at)
        elif isinstance(event, SessionFinished):
            loop.quit()

    staller = precise_timer(window)
    staller.setSingleShot(False)
    staller.timeout.connect(lambda: busy_wait(0.25))
    window.start_session("bench-holds")
    window.session.player.subscribe(listen)
    first = precise_timer(window)  # QTimer.singleShot may be coarse: +-5 %
    first.timeout.connect(lambda: (staller.start(2000), busy_wait(0.25)))
    if stall:  # stalls run from 0.9 s to 1.15 s of every 2 s: each hold end falls inside one
        first.start(900)
    loop.exec()
    staller.stop()
    drift = [at - (ats[0] + 2.0 * k) for k, at in enumerate(ats)]
    return late, drift


def busy_wait(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def stats_ms(values: list[float]) -> tuple[float, float, float]:
    ms = [v * 1000 for v in values]
    p95 = statistics.quantiles(ms, n=20, method="inclusive")[-1]
    return statistics.fmean(ms), p95, max(ms)


def row(name: str, values: list[float], baseline: list[float] | None = None) -> str:
    mean, p95, worst = stats_ms(values)
    line = f"{name:<34}{mean:>8.2f}{p95:>8.2f}{worst:>8.2f}"
    if baseline is not None:
        base_mean = stats_ms(baseline)[0]
        line += f"{mean / base_mean:>8.1f} x" if base_mean > 0 else "       - x"
    return line


def quiet(mode: object, context: object, message: str) -> None:
    """Print Qt's messages, minus the offscreen plugin's harmless size-hint warning."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holds", type=int, default=20, help="holds per pass (20)")
    parser.add_argument("--no-stall", action="store_true", help="skip the stalled pass")
    args = parser.parse_args()
    qInstallMessageHandler(quiet)
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        (data_dir / "routines").mkdir()
        (data_dir / "routines" / "bench.yaml").write_text(ROUTINE.format(holds=args.holds))
        library = load_library(data_dir=data_dir)
        window = MainWindow(library, data_dir)
        window.show()
        app.processEvents()
        elapsed, offsets = 0.0, []
        for phase in build_timeline(library.routines["bench-holds"]):
            elapsed += phase.duration
            if phase.kind is PhaseKind.WORK:
                offsets.append(elapsed)
        bare = bare_pass(offsets)
        idle, _ = footwork_pass(window, stall=False)
        print(f"hold end lateness, {args.holds} holds of 1 s ({app.platformName()})")
        print(f"{'':<34}{'mean ms':>8}{'p95 ms':>8}{'max ms':>8}{'x bare':>10}")
        print(row("bare PreciseTimer (baseline)", bare))
        print(row("Footwork, idle (goal <= 20 ms)", idle, bare))
        if not args.no_stall:
            late, drift = footwork_pass(window, stall=True)
            print(row("Footwork, 250 ms stall every 2 s", late) + "  (bound: 250 ms)")
            worst_us = max(abs(d) for d in drift) * 1e6
            print(f"stalled pass: max |at - 2 s grid| = {worst_us:.3f} us (schedule kept)")


if __name__ == "__main__":
    main()
