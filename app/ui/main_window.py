"""The main window: a stack of screens (library now; detail, player, summary next)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMainWindow, QStackedWidget

from app.core.library import Library
from app.paths import APP_NAME
from app.ui.library_view import LibraryView


class MainWindow(QMainWindow):
    def __init__(self, library: Library, data_dir: Path) -> None:
        super().__init__()
        self.library = library
        self.data_dir = data_dir
        self.setWindowTitle(APP_NAME)
        self.resize(960, 640)
        self.stack = QStackedWidget()
        self.library_view = LibraryView(library)
        self.stack.addWidget(self.library_view)
        self.setCentralWidget(self.stack)
