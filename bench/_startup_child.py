"""Child process for bench/startup.py; not meant to be run by hand.

Run: python bench/_startup_child.py bare|footwork DATA_DIR
Starts a bare PySide6 window or Footwork, prints "exposed" when the first
top-level window gets its first Expose event, and exits at once.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QWindow


class FirstExpose(QObject):
    """Application-wide filter: report the first Expose of a top-level window, then exit."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Expose
            and isinstance(watched, QWindow)
            and watched.isTopLevel()
            and watched.isExposed()
        ):
            sys.stdout.write("exposed\n")
            sys.stdout.flush()
            os._exit(0)
        return False


def main() -> None:
    kind, data_dir = sys.argv[1], sys.argv[2]
    if kind == "bare":
        from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

        app = QApplication(sys.argv[:1])
        watcher = FirstExpose()
        app.installEventFilter(watcher)
        window = QMainWindow()
        window.setCentralWidget(QLabel("bare"))
        window.resize(1100, 720)
        window.show()
        app.exec()
    else:
        from app.cli import main as footwork_main
        from app.ui.app import make_application

        app = make_application()
        watcher = FirstExpose()
        app.installEventFilter(watcher)
        footwork_main(["--data-dir", data_dir])
    sys.exit("the window was never exposed")


if __name__ == "__main__":
    main()
