"""Load History ahead of need, in an idle moment after start-up.

pyqtgraph and numpy take a third of a second or more to import, once. The
window asks for them a few seconds after the routine list is on screen,
so that History, and its charts, open at once later. numpy, which has
nothing of Qt, loads on a thread of its own; then History's screen and
its charts, which build Qt classes as they load, load in the GUI thread,
each on a turn of the event loop of its own. Asked again, or after
History has loaded them itself, it does nothing.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import threading

from PySide6.QtCore import QObject, QTimer, Signal

# In the GUI thread, in order, a turn of the event loop each.
MODULES = ("app.ui.history.view", "app.ui.history.progress_tab", "app.ui.history.exercise_tab")


class ChartsWarmer(QObject):
    done = Signal()  # History and its charts are loaded
    _numpy_loaded = Signal()  # crossing from the thread to the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._started = False
        self._numpy_loaded.connect(self._next)

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        if "numpy" in sys.modules:
            self._next()
            return
        threading.Thread(target=self._load_numpy, name="footwork-warm", daemon=True).start()

    def _load_numpy(self) -> None:
        import numpy  # noqa: F401

        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            self._numpy_loaded.emit()

    def _next(self) -> None:
        waiting = [name for name in MODULES if name not in sys.modules]
        if not waiting:
            self.done.emit()
            return
        importlib.import_module(waiting[0])
        QTimer.singleShot(0, self, self._next)
