"""Build the QApplication and show the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app import __version__
from app.core.library import load_library
from app.paths import APP_NAME


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    return app


def run_gui(data_dir: Path) -> int:
    from app.ui.main_window import MainWindow

    app = make_application()
    window = MainWindow(load_library(data_dir=data_dir), data_dir)
    window.show()
    return app.exec()
