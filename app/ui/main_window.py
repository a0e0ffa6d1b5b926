"""The main window: library -> routine detail -> player -> summary."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from app.core.events import SessionFinished
from app.core.library import Library
from app.core.summary import summarize
from app.paths import APP_NAME
from app.ui.library_view import LibraryView
from app.ui.player_view import PlayerView
from app.ui.routine_view import RoutineView
from app.ui.session import SessionController
from app.ui.summary_view import SummaryView
from app.ui.theme import text_px


class MainWindow(QMainWindow):
    def __init__(
        self,
        library: Library,
        data_dir: Path,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__()
        self.library = library
        self.data_dir = data_dir
        self._clock = clock
        self._wall_clock = wall_clock
        self.session: SessionController | None = None
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)

        self.stack = QStackedWidget()
        self.library_view = LibraryView(library)
        self.routine_view = RoutineView()
        self.player_view = PlayerView()
        self.summary_view = SummaryView()
        for view in (self.library_view, self.routine_view, self.player_view, self.summary_view):
            self.stack.addWidget(view)
        self.setCentralWidget(self.stack)

        self.library_view.routine_chosen.connect(self.show_routine)
        self.routine_view.back_requested.connect(self.show_library)
        self.routine_view.start_requested.connect(self.start_session)
        self.summary_view.back_requested.connect(self.show_library)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        px = text_px(self.height())
        for view in (self.library_view, self.routine_view, self.summary_view):
            view.scale_text(px)

    def show_library(self) -> None:
        self.stack.setCurrentWidget(self.library_view)
        self.library_view.table.setFocus()

    def show_routine(self, routine_id: str) -> None:
        self.routine_view.show_routine(self.library.routines[routine_id])
        self.stack.setCurrentWidget(self.routine_view)
        self.routine_view.start_button.setFocus()

    def start_session(self, routine_id: str) -> None:
        if self.session is not None:
            self.session.timer.stop()
            self.session.deleteLater()
        routine = self.library.routines[routine_id]
        self.session = SessionController(routine, self._clock, self._wall_clock, parent=self)
        self.session.finished.connect(self._session_finished)
        self.player_view.attach(self.session)
        self.stack.setCurrentWidget(self.player_view)
        self.player_view.setFocus()
        self.session.start()

    def _session_finished(self, event: SessionFinished) -> None:
        assert self.session is not None
        player = self.session.player
        rows = summarize(player.timeline, player.records)
        self.summary_view.show_summary(player.routine.name, event.status, rows)
        self.stack.setCurrentWidget(self.summary_view)
