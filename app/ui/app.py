"""Build the QApplication and show the main window."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from app import __version__
from app.paths import APP_NAME
from app.ui.main_window import MainWindow

if TYPE_CHECKING:
    from app.core.library import Library


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    return app


def build_window(
    library: Library | None, data_dir: Path, routine_id: str | None = None, start: bool = False
) -> MainWindow:
    """The main window as the command line asked for it: a routine's page, or playing it."""
    window = MainWindow(library, data_dir)
    if routine_id and start:
        window.show_routine(routine_id)
        window.begin_session(routine_id)  # once the log has said whether safety was answered
    elif routine_id:
        window.show_routine(routine_id)
    return window


def run_gui(
    library: Library | None, data_dir: Path, routine_id: str | None = None, start: bool = False
) -> int:
    """Show the window first; without a library yet, load it off the GUI thread once the
    first frame is on screen (the window says "Loading routines…" meanwhile).

    Importing the YAML loader and reading the routines before the window
    maps would make every start slower, and one odd file could hold it up.
    """
    from PySide6.QtCore import Qt, QTimer

    app = make_application()
    window = build_window(library, data_dir, routine_id, start)
    window.show()

    def load() -> None:
        window.start_log()  # opens and checks the log on its own thread
        if window.library is None:
            window.load_library()  # on a thread too: a slow or odd file never freezes the window

    if routine_id is None:
        # Once the first frame is on screen, on the next turn of the loop.
        window.library_view.first_painted.connect(
            lambda: QTimer.singleShot(0, window, load), Qt.ConnectionType.SingleShotConnection
        )
    else:
        QTimer.singleShot(0, window, load)
    return app.exec()
