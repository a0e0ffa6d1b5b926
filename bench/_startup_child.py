"""Child process for bench/startup.py; not meant to be run by hand.

Run: python bench/_startup_child.py bare|footwork DATA_DIR
Starts a bare PySide6 window or Footwork and prints "exposed" when the
first top-level window gets its first Expose event. A bare window then
exits; Footwork goes on until its routine list has been painted with the
routines in it, prints "filled", and exits.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QTreeWidget


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Watcher(QObject):
    """Application-wide filter: the first Expose of a top-level window, then (for
    Footwork) the first paint of the routine list with routines in it."""

    def __init__(self, wait_for_list: bool) -> None:
        super().__init__()
        self.wait_for_list = wait_for_list
        self.exposed = False
        self.filled = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (
            not self.exposed
            and kind == QEvent.Type.Expose
            and isinstance(watched, QWindow)
            and watched.isTopLevel()
            and watched.isExposed()
        ):
            self.exposed = True
            say("exposed")
            if not self.wait_for_list:
                os._exit(0)
        elif self.exposed and not self.filled and kind == QEvent.Type.Paint:
            tree = watched.parent()
            if (
                isinstance(tree, QTreeWidget)
                and tree.accessibleName() == "Routines"
                and tree.topLevelItemCount()
                and watched is tree.viewport()
            ):
                self.filled = True
                QTimer.singleShot(0, self.report_filled)  # once this paint is done
        return False

    def report_filled(self) -> None:
        say("filled")
        os._exit(0)


def main() -> None:
    kind, data_dir = sys.argv[1], sys.argv[2]
    if kind == "bare":
        from PySide6.QtWidgets import QLabel, QMainWindow

        app = QApplication(sys.argv[:1])
        watcher = Watcher(wait_for_list=False)
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
        watcher = Watcher(wait_for_list=True)
        app.installEventFilter(watcher)
        footwork_main(["--data-dir", data_dir])
    sys.exit("the window was never exposed, or its routines never shown")


if __name__ == "__main__":
    main()
