"""The main window: library -> routine detail -> player -> summary."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from app.paths import APP_NAME
from app.ui.library_view import LibraryView
from app.ui.theme import text_px

if TYPE_CHECKING:
    from app.core.events import SessionFinished
    from app.core.library import Library
    from app.ui.player_view import PlayerView
    from app.ui.routine_view import RoutineView
    from app.ui.session import SessionController
    from app.ui.summary_view import SummaryView


class MainWindow(QMainWindow):
    def __init__(
        self,
        library: Library | None,
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
        self.stack.addWidget(self.library_view)
        self.setCentralWidget(self.stack)
        self.library_view.routine_chosen.connect(self.show_routine)
        # Arrow keys and Enter work at once, without a click first.
        self.library_view.table.setFocus()

    # The other screens are built the first time they are needed: the window
    # appears sooner, and most starts only ever show the library first.

    def _add_screen(self, view: QWidget) -> None:
        self.stack.addWidget(view)
        if hasattr(view, "scale_text"):
            view.scale_text(text_px(self.height()))

    @cached_property
    def routine_view(self) -> RoutineView:
        from app.ui.routine_view import RoutineView

        view = RoutineView()
        self._add_screen(view)
        view.back_requested.connect(self.show_library)
        view.start_requested.connect(self.start_session)
        return view

    @cached_property
    def player_view(self) -> PlayerView:
        from app.ui.player_view import PlayerView

        view = PlayerView()
        self._add_screen(view)
        return view

    @cached_property
    def summary_view(self) -> SummaryView:
        from app.ui.summary_view import SummaryView

        view = SummaryView()
        self._add_screen(view)
        view.back_requested.connect(self.show_library)
        return view

    def set_library(self, library: Library) -> None:
        """The routines are loaded (at start, just after the window appears)."""
        self.library = library
        self.library_view.set_library(library)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        px = text_px(self.height())
        for i in range(self.stack.count()):
            view = self.stack.widget(i)
            if hasattr(view, "scale_text"):
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
        from app.ui.session import SessionController

        routine = self.library.routines[routine_id]
        self.session = SessionController(routine, self._clock, self._wall_clock, parent=self)
        self.session.finished.connect(self._session_finished)
        self.player_view.attach(self.session)
        self.stack.setCurrentWidget(self.player_view)
        self.player_view.setFocus()
        self.session.start()

    def _session_finished(self, event: SessionFinished) -> None:
        from app.core.summary import summarize

        assert self.session is not None
        player = self.session.player
        rows = summarize(player.timeline, player.records)
        self.summary_view.show_summary(player.routine.name, event.status, rows)
        self.stack.setCurrentWidget(self.summary_view)
