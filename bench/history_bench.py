"""Opening History and redrawing its charts with ten years of daily sessions.

Run: .venv/bin/python bench/history_bench.py [--years 10] [--runs 7]
Builds YEARS of daily sessions (about 3,650 sessions and 100k blocks for
10 years; see bench/synthetic_log.py) in a temporary folder, then measures
in the same run, with QT_QPA_PLATFORM=offscreen unless a platform is set:

- the one-time imports, each in a fresh process: History's screen, and its
  charts (pyqtgraph and numpy: the window loads them in an idle moment a
  few seconds after start-up), against importing the Summary screen;
- History's first open in a fresh process, its import included, as a
  click before that idle moment finds it; and the first look at its
  Progress tab there, pyqtgraph and numpy imported then;
- opening History: the log calls (``HistoryData.from_log``, which the app
  runs on the log worker), building the view, showing the data, and the
  first paint (``show()``, the events that follow, ``grab()``), for the
  default period (last 12 months) and for All time;
- against two baselines: an empty QWidget shown and painted the same way,
  and History opened on an empty log;
- the first look at each chart tab (its charts are built then);
- choosing another exercise: its log call (on the worker), and the redraw
  and paint of both exercise charts; and choosing one already loaded.

Medians of RUNS; the view is torn down outside the timings. Goals: open
<= 200 ms, a chart redraw <= 100 ms. The fresh processes run from
compiled bytecode, as an installed Footwork does (a scratch cache, filled
by a first run that is not counted, where PYTHONDONTWRITEBYTECODE is set).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QtMsgType, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from synthetic_log import START_DAY, build_history  # noqa: E402

from app.storage.log import Log  # noqa: E402
from app.ui.history.view import HistoryView  # noqa: E402
from app.ui.history_data import (  # noqa: E402
    ExerciseHistory,
    HistoryData,
    Period,
    run_now,
)

# (what, seconds, goal in seconds or None)
Result = tuple[str, float, float | None]
OPEN_GOAL = 0.200
REDRAW_GOAL = 0.100
SIZE = (1100, 720)  # the main window's first size
HISTORY = "app.ui.history.view"
CHARTS = "app.ui.history.progress_tab"
SUMMARY = "app.ui.summary_view"


def quiet_offscreen(kind: QtMsgType, context: object, message: str) -> None:
    """Print Qt's messages, but not the offscreen platform's note on every window shown."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def median_seconds(
    action: Callable[[], object], runs: int, after: Callable[[object], None] | None = None
) -> float:
    """The median time of ``action``; ``after`` gets its result, outside the timing."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        value = action()
        times.append(time.perf_counter() - start)
        if after is not None:
            after(value)
    return statistics.median(times)


def fresh_seconds(code: str, runs: int) -> float:
    """Median of the seconds ``code`` prints, each run in a fresh process (one more run
    first, not counted, compiles the bytecode)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as cache:
        env["PYTHONPYCACHEPREFIX"] = cache
        times = []
        for _ in range(runs + 1):
            out = subprocess.run(
                [sys.executable, "-c", code],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
                env=env,
            )
            times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times[1:])


def import_seconds(module: str, runs: int) -> float:
    """Median time to import ``module`` in a fresh process after PySide6.QtWidgets."""
    code = (
        "import time, PySide6.QtWidgets\n"
        "start = time.perf_counter()\n"
        f"import {module}\n"
        "print(time.perf_counter() - start)\n"
    )
    return fresh_seconds(code, runs)


def first_open_seconds(
    data_dir: Path, today: date, runs: int, *, warmed: bool = False, tab: str = ""
) -> float:
    """History's first open in a fresh Footwork window (its log open, its start-up reads
    done), from the click until History is painted with the log's answer, through the
    log's thread as in the app; with ``warmed``, after the idle warm-up of History and
    its charts; with ``tab``, the first look at that tab then, instead."""
    code = f"""
import sys, time
from datetime import date, datetime
from pathlib import Path
from PySide6.QtWidgets import QApplication
qapp = QApplication([])
from app.core.library import load_library
from app.ui.main_window import MainWindow
data_dir = Path({str(data_dir)!r})
evening = datetime.combine(date.fromisoformat({today.isoformat()!r}), datetime.min.time())
now = evening.timestamp() + 20 * 3600
window = MainWindow(load_library(data_dir=data_dir), data_dir, wall_clock=lambda: now)
window.resize(*{SIZE!r})
window.show()
window.start_log()
def settle(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        qapp.processEvents()
        time.sleep(0.002)
while not window.log.working:
    settle(0.01)
window.log.worker.wait_idle(60)
settle(0.3)
if {warmed!r}:
    done = []
    window.warm_history()
    window.charts_warmer.done.connect(lambda: done.append(True))
    while not done:
        settle(0.01)
    settle(0.3)
start = time.perf_counter()
view = window.show_history()
while view.data is None:
    qapp.processEvents()
qapp.processEvents()
view.grab()
if {tab!r}:
    start = time.perf_counter()
    view.tabs.setCurrentWidget(getattr(view, {tab!r}))
    qapp.processEvents()
    view.grab()
print(time.perf_counter() - start)
sys.stdout.flush()
import os
os._exit(0)  # no backup of ten years at close
"""
    return fresh_seconds(code, runs)


def painted(widget: QWidget) -> None:
    """What the first paint costs: the events showing queues, then rendering it all."""
    QApplication.processEvents()
    widget.grab()


def open_history(
    log: Log, today: date, period: Period, jobs: Callable[..., None] | None = None
) -> HistoryView:
    """Open History as the app does: the worker's log calls, then the view, data and paint."""
    data = HistoryData.from_log(log, today, period)
    view = HistoryView(jobs or run_now(log), today=lambda: today)
    view.resize(*SIZE)
    view.show_data(data)
    view.show()
    painted(view)
    return view


def close(widget: object) -> None:
    assert isinstance(widget, QWidget)
    widget.close()
    widget.deleteLater()
    QApplication.processEvents()


def opening(log: Log, empty_log: Log, data_dir: Path, today: date, runs: int) -> list[Result]:
    def bare() -> QWidget:
        widget = QWidget()
        widget.resize(*SIZE)
        widget.show()
        painted(widget)
        return widget

    def timed(source: Log, period: Period) -> float:
        return median_seconds(lambda: open_history(source, today, period), runs, close)

    def queries(period: Period) -> float:
        return median_seconds(lambda: HistoryData.from_log(log, today, period), runs)

    close(open_history(log, today, Period.LAST_12_MONTHS))  # warm the caches; not counted
    return [
        ("import History's screen (once, fresh process)", import_seconds(HISTORY, 3), None),
        ("import its charts: pyqtgraph, numpy (once, idle)", import_seconds(CHARTS, 3), None),
        ("  baseline: import the Summary screen", import_seconds(SUMMARY, 3), None),
        (
            "first open of History in a new window, import too",
            first_open_seconds(data_dir, today, 3),
            OPEN_GOAL,
        ),
        (
            "  then Progress, importing pyqtgraph and numpy",
            first_open_seconds(data_dir, today, 3, tab="progress_page"),
            None,
        ),
        (
            "first open of History after the idle warm-up",
            first_open_seconds(data_dir, today, 3, warmed=True),
            OPEN_GOAL,
        ),
        (
            "  then Progress",
            first_open_seconds(data_dir, today, 3, warmed=True, tab="progress_page"),
            None,
        ),
        ("baseline: empty QWidget, shown and painted", median_seconds(bare, runs, close), None),
        ("baseline: History on an empty log", timed(empty_log, Period.LAST_12_MONTHS), None),
        ("open History, last 12 months (default)", timed(log, Period.LAST_12_MONTHS), OPEN_GOAL),
        ("  of which log calls (on the worker)", queries(Period.LAST_12_MONTHS), None),
        ("open History, All time", timed(log, Period.ALL_TIME), OPEN_GOAL),
        ("  of which log calls (on the worker)", queries(Period.ALL_TIME), None),
    ]


class TimedJobs:
    """Runs each job at once, as ``run_now`` does, and keeps the time the jobs took: the
    part of a step that the app runs on the log worker, off the GUI thread."""

    def __init__(self, log: Log) -> None:
        self.log = log
        self.seconds = 0.0

    def __call__(
        self,
        job: Callable[[Log], object],
        on_done: Callable[[object], None] | None,
        on_error: Callable[[Exception], None] | None,
    ) -> None:
        start = time.perf_counter()
        value = job(self.log)
        self.seconds += time.perf_counter() - start
        if on_done is not None:
            on_done(value)


def chart_tabs(log: Log, today: date, period: Period, runs: int) -> list[Result]:
    """The first look at each chart tab: its charts built, drawn and painted; for Per
    exercise, the exercise list is read from the log too (on the worker, in the app)."""

    def first_look(page_of: Callable[[HistoryView], QWidget]) -> tuple[float, float]:
        """Medians of (the GUI thread's part, the worker's part)."""
        gui, worker = [], []
        for _ in range(runs):
            jobs = TimedJobs(log)
            view = open_history(log, today, period, jobs)
            jobs.seconds = 0.0
            start = time.perf_counter()
            view.tabs.setCurrentWidget(page_of(view))
            painted(page_of(view))
            gui.append(time.perf_counter() - start - jobs.seconds)
            worker.append(jobs.seconds)
            close(view)
        return statistics.median(gui), statistics.median(worker)

    name = period.words.lower()
    progress, _ = first_look(lambda view: view.progress_page)
    exercises, listing = first_look(lambda view: view.exercise_page)
    return [
        (f"first look at Progress, {name}", progress, REDRAW_GOAL),
        (f"first look at Per exercise, {name}: build, draw, paint", exercises, REDRAW_GOAL),
        (f"  and the exercise list's log calls (worker), {name}", listing, None),
    ]


def exercise_switches(log: Log, today: date, period: Period, runs: int) -> list[Result]:
    """Choosing another exercise on an open History: the log call, the redraw and paint."""
    view = open_history(log, today, period)
    page = view.exercise_page
    view.tabs.setCurrentWidget(page)
    painted(page)
    data, exercises = view.data, view.exercise_data
    assert data is not None and exercises is not None
    choices = exercises.choices
    histories = [
        ExerciseHistory.from_log(log, c.exercise_id, c.name, data.first_day, data.step)
        for c in choices
    ]
    turn = iter(range(10**9))

    def query() -> None:
        choice = choices[next(turn) % len(choices)]
        ExerciseHistory.from_log(log, choice.exercise_id, choice.name, data.first_day, data.step)

    def redraw() -> None:
        view.show_exercise(histories[next(turn) % len(histories)])
        painted(page)

    box = view.exercise_box

    def switch() -> None:
        box.setCurrentIndex((box.currentIndex() + 1) % box.count())
        painted(page)

    for _ in range(box.count()):
        switch()  # each exercise is loaded once (run_now runs the job at once), then kept
    query_time = median_seconds(query, runs)
    redraw_time = median_seconds(redraw, runs)
    name = period.words.lower()
    results = [
        (f"choose an exercise, {name}: log call (worker)", query_time, None),
        (f"choose an exercise, {name}: redraw + paint", redraw_time, REDRAW_GOAL),
        (f"choose an exercise loaded before, {name}", median_seconds(switch, runs), REDRAW_GOAL),
    ]
    close(view)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10, help="years of history (default 10)")
    parser.add_argument("--runs", type=int, default=7, help="runs of each measure (default 7)")
    args = parser.parse_args()
    runs = args.runs

    app = QApplication.instance() or QApplication(sys.argv)
    qInstallMessageHandler(quiet_offscreen)
    with tempfile.TemporaryDirectory() as full_dir, tempfile.TemporaryDirectory() as empty_dir:
        built = build_history(Path(full_dir), years=args.years)
        today = START_DAY + timedelta(days=args.years * 365 - 1)  # the last day with a session
        print(
            f"{built.sessions:,} sessions, {built.blocks:,} blocks over {args.years} years "
            f"(built in {built.build_seconds:.1f} s); platform {app.platformName()}; "
            f"window {SIZE[0]}x{SIZE[1]}; medians of {runs}"
        )
        with Log.open(Path(full_dir)) as log, Log.open(Path(empty_dir)) as empty_log:
            results = opening(log, empty_log, Path(full_dir), today, runs)
            for period in (Period.LAST_12_MONTHS, Period.ALL_TIME):
                results += chart_tabs(log, today, period, runs)
                results += exercise_switches(log, today, period, runs)
            log.close(backup=False)
            empty_log.close(backup=False)

    width = max(len(name) for name, _, _ in results)
    for name, seconds, goal in results:
        verdict = ""
        if goal is not None:
            verdict = f"  goal <= {goal * 1000:.0f} ms: {'met' if seconds <= goal else 'NOT met'}"
        print(f"{name:<{width}} {seconds * 1000:8.1f} ms{verdict}")
    by_name = {name: seconds for name, seconds, _ in results}
    year = by_name["open History, last 12 months (default)"]
    print(
        "ratios: open (12 months) / empty QWidget "
        f"{year / by_name['baseline: empty QWidget, shown and painted']:.0f}x, "
        f"/ History on an empty log {year / by_name['baseline: History on an empty log']:.1f}x; "
        f"All time / 12 months {by_name['open History, All time'] / year:.1f}x"
    )


if __name__ == "__main__":
    main()
