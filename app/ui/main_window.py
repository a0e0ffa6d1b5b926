"""The main window: library -> routine detail -> player -> summary."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from app.paths import APP_NAME
from app.settings import Settings
from app.ui.library_view import LibraryView
from app.ui.theme import text_px

if TYPE_CHECKING:
    from app.audio import Audio
    from app.core.events import SessionFinished
    from app.core.library import Library
    from app.ui.cues import CueDriver, CueOutput
    from app.ui.keep_awake import KeepAwake
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
        cue_output: CueOutput | None = None,
        keep_awake: KeepAwake | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.data_dir = data_dir
        self._clock = clock
        self._wall_clock = wall_clock
        self._cue_output = cue_output
        self._keep_awake = keep_awake
        self._told_about_audio = False
        self.session: SessionController | None = None
        self.cues: CueDriver | None = None
        self.settings = Settings(data_dir, self)
        self.settings.changed.connect(self._setting_changed)
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)
        self._build_menus()

        self.stack = QStackedWidget()
        self.library_view = LibraryView(library)
        self.stack.addWidget(self.library_view)
        self.setCentralWidget(self.stack)
        self.library_view.routine_chosen.connect(self.show_routine)
        # Arrow keys and Enter work at once, without a click first.
        self.library_view.table.setFocus()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.settings_action = QAction("&Settings…", self)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.open_settings)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.file_menu = file_menu
        self.help_menu = bar.addMenu("&Help")

    # -- sound, voice and settings --------------------------------------------------------

    @property
    def audio(self) -> Audio | CueOutput:
        """Sound and voice, loaded the first time a session or the settings need them."""
        if self._cue_output is None:
            from app.audio import Audio

            self._cue_output = Audio(self.settings, parent=self)
        return self._cue_output

    @property
    def keep_awake(self) -> KeepAwake:
        if self._keep_awake is None:
            from app.ui.keep_awake import KeepAwake

            self._keep_awake = KeepAwake()
        return self._keep_awake

    def open_settings(self) -> None:
        from app.audio import Audio
        from app.ui.settings_dialog import SettingsDialog

        audio = self.audio
        if not isinstance(audio, Audio):  # a test's recorder: the dialog needs the real one
            audio = Audio(self.settings, parent=self)
        dialog = SettingsDialog(self.settings, audio, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.settings_dialog = dialog
        dialog.open()

    def _setting_changed(self, key: str) -> None:
        if key == "session/get_ready" and self.library is not None:
            from app.core.library import load_library

            self.set_library(load_library(data_dir=self.data_dir, get_ready=self.get_ready()))

    def get_ready(self) -> int:
        return self.settings.get("session/get_ready")

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
        self._leave_session()
        from app.ui.cues import CueDriver
        from app.ui.session import SessionController

        routine = self.library.routines[routine_id]
        self.session = SessionController(routine, self._clock, self._wall_clock, parent=self)
        self.session.finished.connect(self._session_finished)
        audio = self.audio
        prepare = getattr(audio, "prepare", None)
        if prepare is not None:
            prepare()
        self.cues = CueDriver(
            self.session, audio, self.settings, self.keep_awake, self._clock, parent=self.session
        )
        self.cues.flash.connect(self.player_view.flash)
        self.player_view.attach(self.session)
        # Say once per run, plainly, what cannot be heard and why.
        problems = getattr(audio, "problems", lambda: "")()
        self.player_view.show_notice("" if self._told_about_audio else problems)
        self._told_about_audio = True
        self.stack.setCurrentWidget(self.player_view)
        self.player_view.setFocus()
        self.session.start()

    def _leave_session(self) -> None:
        if self.cues is not None:
            self.cues.close()
            self.cues = None
        if self.session is not None:
            self.session.timer.stop()
            self.session.deleteLater()
            self.session = None

    def _session_finished(self, event: SessionFinished) -> None:
        from app.core.summary import summarize

        assert self.session is not None
        player = self.session.player
        rows = summarize(player.timeline, player.records)
        self.summary_view.show_summary(player.routine.name, event.status, rows)
        self.stack.setCurrentWidget(self.summary_view)
