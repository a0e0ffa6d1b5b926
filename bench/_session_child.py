"""Child process for bench/session_cpu.py and bench/memory.py; not meant to be run by hand.

Run: python bench/_session_child.py bare|footwork SECONDS DATA_DIR [ROUTINE_ID]
Shows a bare QMainWindow whose QLabel a 1 s QTimer updates, or Footwork's
main window playing ROUTINE_ID (default calf-soleus-stretch) on the real
clock. After a 1 s settle it lets the event loop run for SECONDS, then
prints one JSON line: CPU seconds, wall seconds and peak RSS in MB.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

SETTLE_MS = 1000


def bare_window() -> QMainWindow:
    window = QMainWindow()
    label = QLabel("0")
    window.setCentralWidget(label)
    window.resize(1100, 720)
    timer = QTimer(window)
    timer.timeout.connect(lambda: label.setText(str(int(label.text()) + 1)))
    timer.start(1000)
    return window


def footwork_window(data_dir: Path, routine_id: str) -> QMainWindow:
    from app.core.library import load_library
    from app.ui.main_window import MainWindow

    window = MainWindow(load_library(data_dir=data_dir), data_dir)
    window.start_session(routine_id)
    return window


def main() -> None:
    kind, seconds, data_dir = sys.argv[1], float(sys.argv[2]), Path(sys.argv[3])
    routine_id = sys.argv[4] if len(sys.argv) > 4 else "calf-soleus-stretch"
    app = QApplication(sys.argv[:1])
    window = bare_window() if kind == "bare" else footwork_window(data_dir, routine_id)
    window.show()
    start: dict[str, float] = {}

    def begin() -> None:
        start["cpu"], start["wall"] = time.process_time(), time.perf_counter()
        QTimer.singleShot(int(seconds * 1000), end)

    def end() -> None:
        cpu = time.process_time() - start["cpu"]
        wall = time.perf_counter() - start["wall"]
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        print(json.dumps({"cpu": cpu, "wall": wall, "peak_mb": peak_kb / 1024}), flush=True)
        app.quit()

    QTimer.singleShot(SETTLE_MS, begin)
    app.exec()


if __name__ == "__main__":
    main()
