"""The routines load on a background thread: a slow disk or an odd file never freezes the window.

``LibraryLoader.load(get_ready)`` reads the built-in and the user's files
off the GUI thread; ``loaded(library)`` comes back on the GUI thread. Only
the newest load is delivered: one asked for while another runs (the get
ready setting changed) replaces it.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.core.errors import Problem


class LibraryLoader(QObject):
    loaded = Signal(object)  # the Library
    _deliver = Signal(int, object)  # (load number, Library), crossing to the GUI thread

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._newest = 0
        self._deliver.connect(self._on_deliver)

    def load(self, get_ready: int) -> None:
        """Load the library with this get ready time; ``loaded`` says when it is in."""
        self._newest += 1
        thread = threading.Thread(
            target=self._run, args=(self._newest, get_ready), name="footwork-library", daemon=True
        )
        thread.start()

    def _run(self, number: int, get_ready: int) -> None:
        from app.core.library import Failure, Library, load_library

        try:
            library = load_library(data_dir=self.data_dir, get_ready=get_ready)
        except Exception as exc:  # a folder that cannot be listed: say so, load nothing
            problem = Problem(str(self.data_dir), 1, 1, f"cannot load the routines: {exc}")
            library = Library(failures=[Failure(self.data_dir, (problem,))])
        with contextlib.suppress(RuntimeError):  # the window closed while the files were read
            self._deliver.emit(number, library)

    def _on_deliver(self, number: int, library: object) -> None:
        if number != self._newest:
            return  # a newer load is on its way
        self.loaded.emit(library)
