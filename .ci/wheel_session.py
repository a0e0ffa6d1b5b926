"""Play a short session from an installed Footwork, offscreen, and check what it logged.

CI runs this with the Python of a fresh venv that installed the built wheel,
from a folder outside the checkout: it proves the wheel carries the built-in
exercises, routines and sounds, and that a session plays and is saved from
there. The session runs on a clock this script moves, so it takes no time.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import app
from app.audio import SOUNDS
from app.core.cues import Priority, Sound
from app.core.events import SessionStatus
from app.core.library import RESOURCES, load_library
from app.paths import ensure_data_dir
from app.storage.log import Log
from app.ui.app import make_application
from app.ui.main_window import MainWindow

ROUTINE = """format: 1
kind: routine
id: wheel-check
name: Wheel check
defaults: {get_ready: 2s, switch: 1s}
steps:
  - exercise: soleus-stretch
    time: 3s
"""


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def wall(self) -> float:
        return 1_700_000_000.0 + self.now


class Silent:
    """The cue output: CI machines have no sound server; the cues are not the point here."""

    def play(self, sound: Sound) -> None: ...

    def say(self, text: str, priority: Priority = Priority.BEAT) -> None: ...

    def stop(self) -> None: ...


def fail(message: str) -> None:
    print(f"wheel check: {message}", file=sys.stderr)
    raise SystemExit(1)


def main() -> None:
    installed = Path(app.__file__).resolve().parent
    if "site-packages" not in installed.parts:
        fail(f"app was imported from {installed}, not from an installed wheel")
    if installed / "resources" != RESOURCES:
        fail(f"built-in files were looked for in {RESOURCES}")
    missing = [s.value for s in Sound if not (SOUNDS / f"{s.value}.wav").is_file()]
    if missing:
        fail(f"sounds missing from the wheel: {', '.join(missing)}")

    qt = make_application()
    data_dir = ensure_data_dir(Path(tempfile.mkdtemp(prefix="footwork-wheel-")) / "data")
    (data_dir / "routines" / "wheel-check.yaml").write_text(ROUTINE)
    library = load_library(data_dir=data_dir)
    if library.failures or len(library.routines) < 7:
        fail(f"library: {len(library.routines)} routines, failures {library.failures}")

    clock = Clock()
    window = MainWindow(library, data_dir, clock=clock, wall_clock=clock.wall, cue_output=Silent())
    window.show()
    window.start_log()
    deadline = time.monotonic() + 30  # the log opens on its own thread
    while not (window.log.working or window.log.problem) and time.monotonic() < deadline:
        qt.processEvents()
        time.sleep(0.01)
    if not window.log.working:
        fail(f"the log did not open: {window.log.problem}")
    window.start_session("wheel-check")
    for _ in range(200):
        clock.now += 0.5
        window.session.timer.timeout.emit()
        qt.processEvents()
        if window.stack.currentWidget() is window.summary_view:
            break
    else:
        fail("the session did not reach its summary")
    assert window.log.worker is not None
    window.log.worker.wait_idle(10.0)
    qt.processEvents()
    window.close()  # closes the log, as quitting does

    with Log.open(data_dir) as log:
        sessions = log.sessions()
        if len(sessions) != 1 or sessions[0].status is not SessionStatus.COMPLETED:
            fail(f"logged sessions: {sessions}")
        sides = [b.side.value for b in log.blocks(sessions[0].id)]
    if sides != ["left", "right"]:
        fail(f"logged blocks: {sides}")
    print(f"wheel check: played and logged a session from {installed}")


if __name__ == "__main__":
    main()
