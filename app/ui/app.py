"""Build the QApplication and show the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app import __version__
from app.core.library import Library
from app.paths import APP_NAME
from app.ui.main_window import MainWindow


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    return app


def build_window(
    library: Library, data_dir: Path, routine_id: str | None = None, start: bool = False
) -> MainWindow:
    """The main window as the command line asked for it: a routine's page, or playing it."""
    window = MainWindow(library, data_dir)
    if routine_id and start:
        window.start_session(routine_id)
    elif routine_id:
        window.show_routine(routine_id)
    return window


def run_gui(
    library: Library, data_dir: Path, routine_id: str | None = None, start: bool = False
) -> int:
    app = make_application()
    window = build_window(library, data_dir, routine_id, start)
    window.show()
    return app.exec()
