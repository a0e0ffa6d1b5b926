"""How late each cue reaches the sound and voice output, against how late Qt itself fires.

Run: .venv/bin/python bench/cue_timing.py [--reps 10] [--load]
Plays a paced-rep routine (eccentric-calf-raise, left side, REPS reps of
1 s up and 1 s down, 2 s get ready: 2 + 2 x REPS seconds) through a real
SessionController on time.monotonic and a real CueDriver, in a Qt event
loop. The CueDriver's output is a recorder that notes time.monotonic() at
every play() and say(); a cue's lateness is that instant minus ``Cue.at``
(the instant the cue belongs to). The screen saver behind KeepAwake is a
fake; settings are the defaults, in a temporary folder.

Expected cues come from the same session replayed on a fake clock that
jumps from deadline to deadline (zero lateness): a cue that was expected
but never handed over (dropped as stale, over 0.5 s late) counts as missed.

Baseline, same process: a bare single-shot PreciseTimer aimed at the same
instants, re-aimed at most 200 ms ahead as the session's timer is. Prints,
per cue kind and overall, count, p50, p99 and max lateness in ms and the
share within 50 ms (goal: every rep cue, a rep phase boundary, within
50 ms), and the ratio of Footwork's p99 to the bare timer's. With --load,
both passes run again while a QTimer busy-waits 5 ms every 17 ms in the
same event loop. With few cues per kind, p99 is close to the max. Needs
about 2 x (2 + 2 x REPS) s, twice that with --load. Uses $DISPLAY if set,
else offscreen (no window is shown).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
if not os.environ.get("DISPLAY"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.core.cues import Cue, CueKind, Priority, Sound
from app.core.library import load_library
from app.core.loader import load_routine
from app.core.routine import Routine
from app.settings import Settings
from app.ui.cues import CueDriver
from app.ui.keep_awake import KeepAwake
from app.ui.session import MAX_WAIT_MS, SessionController

ROUTINE = """format: 1
kind: routine
id: bench-cues
name: Bench cues
steps:
  - exercise: eccentric-calf-raise
    sides: left
    reps: {reps}
    tempo: {{up: 1s, down: 1s}}
    get_ready: 2s
"""

GOAL_MS = 50.0  # every rep phase boundary within this
# The loaded passes: a timer busy-waits LOAD_WORK_S every LOAD_EVERY_MS (about a 60 Hz
# animation taking 30 % of the loop). 17 ms, not 16: against the whole-second cue
# instants, a 16 ms period takes only two phases (1000 = 62.5 x 16), so its busy spells
# would always miss or always hit them; a 17 ms one takes all 17.
LOAD_WORK_S = 0.005
LOAD_EVERY_MS = 17


class RecordingOutput:
    """A CueOutput that notes when each sound and each set of words is handed over."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def play(self, sound: Sound) -> None:
        self.calls.append(time.monotonic())

    def say(self, text: str, priority: Priority = Priority.BEAT) -> None:
        self.calls.append(time.monotonic())

    def stop(self) -> None:
        pass


class FakeScreenSaver:
    def __init__(self) -> None:
        self.inhibited = 0
        self.released = 0

    def inhibit(self, app: str, reason: str) -> int:
        self.inhibited += 1
        return self.inhibited

    def uninhibit(self, cookie: int) -> None:
        self.released += 1


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def precise_timer(parent=None) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    return timer


def busy_wait(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def start_load() -> QTimer:
    """A timer that takes LOAD_WORK_S of the event loop every LOAD_EVERY_MS."""
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(lambda: busy_wait(LOAD_WORK_S))
    timer.start(LOAD_EVERY_MS)
    return timer


def expected_cues(routine: Routine, data_dir: Path) -> list[tuple[CueKind, float]]:
    """Every cue of a perfectly punctual session: (kind, seconds after the start)."""
    clock = FakeClock()
    session = SessionController(routine, clock)
    keep_awake = KeepAwake(FakeScreenSaver())
    driver = CueDriver(session, RecordingOutput(), Settings(data_dir), keep_awake, clock)
    start = clock.now
    session.start()
    while (deadline := session.player.next_deadline()) is not None:
        clock.now = deadline
        session.tick()
    return [(cue.kind, cue.at - start) for cue in driver.played]


def footwork_pass(routine: Routine, data_dir: Path) -> tuple[list[tuple[Cue, float]], float, str]:
    """Play the routine on the real clock: each cue with its lateness (s), the start, keep-awake."""
    loop, output, screensaver = QEventLoop(), RecordingOutput(), FakeScreenSaver()
    keep_awake = KeepAwake(screensaver)
    session = SessionController(routine, time.monotonic)
    driver = CueDriver(session, output, Settings(data_dir), keep_awake, time.monotonic)
    session.finished.connect(lambda _: loop.quit())
    QTimer.singleShot(0, session.start)
    loop.exec()
    start = next(c.at for c in driver.played)  # the first get ready starts the session
    late, calls = [], iter(output.calls)
    for cue in driver.played:
        handed = next(calls)  # a cue's sound, then its words, go out together
        if cue.sound is not None and cue.speech:
            next(calls)
        late.append((cue, handed - cue.at))
    assert next(calls, None) is None, "every output call belongs to a cue"
    awake = (
        f"held {screensaver.inhibited}x, released {screensaver.released}x, "
        f"holding at the end: {keep_awake.holding}"
    )
    driver.close()
    session.deleteLater()
    return late, start, awake


def bare_pass(offsets: list[float]) -> list[float]:
    """Lateness (s) of a single-shot PreciseTimer aimed at start + each offset."""
    loop, timer, late = QEventLoop(), precise_timer(), []
    targets: list[float] = []

    def aim() -> None:
        if not targets:
            loop.quit()
            return
        wait_ms = (targets[0] - time.monotonic()) * 1000.0
        timer.start(max(0, min(MAX_WAIT_MS, int(wait_ms + 0.999))))

    def fired() -> None:
        now = time.monotonic()
        while targets and now >= targets[0]:
            late.append(now - targets.pop(0))
        aim()

    def begin() -> None:
        start = time.monotonic()
        targets.extend(start + offset for offset in offsets)
        fired()

    timer.timeout.connect(fired)
    QTimer.singleShot(0, begin)
    loop.exec()
    return late


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


HEADER = f"{'':<30}{'n':>4}{'missed':>8}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'<=50 ms':>9}"


def row(name: str, seconds: list[float], missed: int | None = None) -> str:
    ms = [s * 1000 for s in seconds]
    within = sum(1 for v in ms if v <= GOAL_MS) / len(ms)
    missed_text = "-" if missed is None else str(missed)
    return (
        f"{name:<30}{len(ms):>4}{missed_text:>8}{percentile(ms, 0.5):>9.2f}"
        f"{percentile(ms, 0.99):>9.2f}{max(ms):>9.2f}{within:>9.0%}"
    )


def report(
    title: str,
    late: list[tuple[Cue, float]],
    start: float,
    expected: list[tuple[CueKind, float]],
    bare: list[float],
) -> None:
    played = Counter((c.kind, round(c.at - start, 3)) for c, _ in late)
    missing = Counter((k, round(at, 3)) for k, at in expected) - played
    missed_by_kind = Counter(kind for kind, _ in missing.elements())
    print(f"\n{title}")
    print(HEADER)
    kinds = list(dict.fromkeys(k for k, _ in expected))
    for kind in kinds:
        values = [s for c, s in late if c.kind is kind]
        if values:
            label = f"  {kind.value}" + (" (goal: all <= 50 ms)" if kind is CueKind.REP else "")
            print(row(label, values, missed_by_kind[kind]))
        else:
            print(f"  {kind.value:<28}{0:>4}{missed_by_kind[kind]:>8}")
    every = [s for _, s in late]
    print(row("all cues, Footwork", every, sum(missed_by_kind.values())))
    print(row("bare PreciseTimer (baseline)", bare))
    footwork_p99, bare_p99 = percentile(every, 0.99), percentile(bare, 0.99)
    ratio = f"{footwork_p99 / bare_p99:.1f} x" if bare_p99 > 0 else "-"
    print(f"{'p99 ratio Footwork / bare':<30}{ratio:>30}")
    reps = [s for c, s in late if c.kind is CueKind.REP]
    on_time = sum(1 for s in reps if s * 1000 <= GOAL_MS)
    expected_reps = sum(1 for k, _ in expected if k is CueKind.REP)
    verdict = "met" if on_time == expected_reps else "NOT met"
    print(f"rep cues within {GOAL_MS:g} ms: {on_time} of {expected_reps} expected (goal {verdict})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=10, help="paced reps, 2 s each (10)")
    parser.add_argument(
        "--load", action="store_true", help="also run both passes with a loaded event loop"
    )
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    library = load_library()
    routine = load_routine(
        ROUTINE.format(reps=args.reps).encode(), "bench-cues.yaml", library.exercises
    )
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        expected = expected_cues(routine, data_dir)
        offsets = sorted({round(at, 6) for _, at in expected})
        seconds = 2 + 2 * args.reps
        print(f"cue lateness = handed to the output - Cue.at ({app.platformName()})")
        print(
            f"eccentric-calf-raise, 2 s get ready, {args.reps} reps of 1 s up + 1 s down: "
            f"{seconds} s a pass, {len(expected)} cues at {len(offsets)} instants"
        )
        bare = bare_pass(offsets)
        late, start, awake = footwork_pass(routine, data_dir)
        report("idle event loop", late, start, expected, bare)
        print(f"keep awake (fake screen saver): {awake}")
        if args.load:
            load = start_load()
            bare = bare_pass(offsets)
            late, start, _ = footwork_pass(routine, data_dir)
            load.stop()
            report(
                f"loaded event loop: {LOAD_WORK_S * 1000:g} ms busy every {LOAD_EVERY_MS} ms",
                late,
                start,
                expected,
                bare,
            )


if __name__ == "__main__":
    main()
