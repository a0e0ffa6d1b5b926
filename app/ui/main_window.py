"""The main window: the screens in one stack, and the wiring between them.

The window switches screens and connects what they ask for to the rooms
that do it:

* ``SessionStart`` (``session_start``): Start -> safety -> coach -> doses;
* ``SessionRunner`` (``runner``): the session played, then the summary;
* ``LogController`` (``log``): the progress log on its own thread; each
  write it reports with ``changed`` is handed to the screen on show;
* ``app.ui.actions``: the menus;
* ``NoticeBar`` (``notice``): what to know about the data folder.

The screens other than the routine list are built the first time they
are needed: the window appears sooner, and most starts only ever show
the list first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from app.paths import APP_NAME
from app.settings import Settings
from app.ui.actions import build_menus
from app.ui.changes import Change
from app.ui.library_view import LibraryView
from app.ui.log_controller import LogController
from app.ui.notices import NoticeBar
from app.ui.screen import Screen
from app.ui.session_runner import SessionRunner
from app.ui.session_start import SessionStart
from app.ui.theme import text_px

if TYPE_CHECKING:
    from app.audio import Audio
    from app.core.library import Library
    from app.core.routine import Routine
    from app.storage.log import Log
    from app.storage.records import Exposure, ProgramState, SafetyAnswers, UnfinishedSession
    from app.ui.coach_view import CoachView
    from app.ui.cues import CueOutput
    from app.ui.exposure_view import ExposureView
    from app.ui.history.view import HistoryView
    from app.ui.keep_awake import KeepAwake
    from app.ui.library_loader import LibraryLoader
    from app.ui.log_worker import SessionLogger
    from app.ui.player_view import PlayerView
    from app.ui.program_view import ProgramView
    from app.ui.routine_view import RoutineView
    from app.ui.safety_view import SafetyView
    from app.ui.session import SessionController
    from app.ui.summary_view import SummaryView

# A few seconds after the routine list is on screen, History and its charts load in an
# idle moment: the first look at them, later, waits for no import (a third of a second).
WARM_HISTORY_MS = 3000


class MainWindow(QMainWindow):
    def __init__(
        self,
        library: Library | None,
        data_dir: Path,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        cue_output: CueOutput | None = None,
        keep_awake: KeepAwake | None = None,
        log_opener: Callable[[], Log] | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.data_dir = data_dir
        self._wall_clock = wall_clock
        self.settings = Settings(data_dir, self)
        self.settings.changed.connect(self._setting_changed)
        self._library_loader: LibraryLoader | None = None
        self._screens: list[Screen] = []
        self.log = LogController(
            data_dir,
            self,
            log_opener,
            wall_clock,
            parent=self,
            can_resume=lambda u: self.library is not None and u.routine_id in self.library.routines,
            playing=lambda: self.runner.playing(),
            session_log=lambda: self.runner.session_log,
        )
        self.runner = SessionRunner(
            self.log,
            self.settings,
            lambda: self.player_view,
            lambda: self.summary_view,
            lambda: self.stack.currentWidget(),
            clock,
            wall_clock,
            cue_output,
            keep_awake,
            parent=self,
        )
        self.session_start: SessionStart = SessionStart(
            self.log, lambda: self._routines(), self.today, wall_clock, parent=self
        )
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)
        self.menu_actions = build_menus(self)

        self.stack = QStackedWidget()
        self.library_view = LibraryView(library)
        self._add_screen(self.library_view)
        self.notice = NoticeBar(data_dir, lambda: self.settings.problem)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.notice)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.notice.show_all()
        self._wire()
        # Arrow keys and Enter work at once, without a click first.
        self.library_view.table.setFocus()

    def _wire(self) -> None:
        log, start, runner = self.log, self.session_start, self.runner
        log.resume_requested.connect(start.resume)
        log.morning_check_in_due.connect(self.ask_morning_check_in)
        log.write_failed.connect(runner.write_failed)
        log.write_recovered.connect(runner.show_saved)
        log.ready.connect(start.log_answered)
        log.ready.connect(self._look_for_unreadable)
        log.unavailable.connect(lambda _: start.log_answered())
        log.notice.connect(self.notice.add)
        log.changed.connect(self._log_changed)
        start.safety_wanted.connect(self._show_safety)
        start.coach_waiting.connect(self._show_coach)
        start.coach_answered.connect(lambda *answer: self.coach_view.show_suggestions(*answer))
        start.coach_failed.connect(lambda routine, why: self.coach_view.show_problem(routine, why))
        start.play_wanted.connect(runner.play)
        start.left.connect(lambda rid: self.show_routine(rid) if rid else self.show_library())
        runner.screen_wanted.connect(self.stack.setCurrentWidget)
        view = self.library_view
        view.routine_chosen.connect(self.show_routine)
        view.history_requested.connect(self.show_history)
        view.exposure_requested.connect(self.show_exposure)
        view.program_requested.connect(self.show_program)
        view.routines_shown.connect(
            lambda: QTimer.singleShot(WARM_HISTORY_MS, self, self.warm_history),
            Qt.ConnectionType.SingleShotConnection,
        )

    # -- what the tests and the command line drive --------------------------------------

    @property
    def session(self) -> SessionController | None:
        return self.runner.session

    @property
    def session_log(self) -> SessionLogger | None:
        return self.runner.session_log

    @property
    def audio(self) -> Audio | CueOutput:
        return self.runner.audio

    def start_session(
        self,
        routine_id: str,
        resume: UnfinishedSession | None = None,
        routine: Routine | None = None,
    ) -> None:
        """Play now; ``routine`` is it at the doses in force (default: as the file says)."""
        self.runner.play(routine or self._routines()[routine_id], resume)

    # -- settings ----------------------------------------------------------------------

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
            self.load_library()

    # -- the screens -------------------------------------------------------------------

    def _add_screen(self, view: Screen) -> None:
        self._screens.append(view)
        self.stack.addWidget(view)
        view.scale_text(text_px(self.height()))

    @cached_property
    def routine_view(self) -> RoutineView:
        from app.ui.routine_view import RoutineView

        view = RoutineView()
        self._add_screen(view)
        view.back_requested.connect(self.show_library)
        view.start_requested.connect(self.session_start.begin)
        return view

    @cached_property
    def player_view(self) -> PlayerView:
        from app.ui.player_view import PlayerView

        view = PlayerView()
        self._add_screen(view)
        return view

    @cached_property
    def safety_view(self) -> SafetyView:
        from app.ui.safety_view import SafetyView

        view = SafetyView(wall_clock=self._wall_clock)
        self._add_screen(view)
        view.answered.connect(self.session_start.safety_answered)
        view.back_requested.connect(self.session_start.safety_back)
        return view

    @cached_property
    def coach_view(self) -> CoachView:
        from app.ui.coach_view import CoachView

        view = CoachView()
        self._add_screen(view)
        view.decided.connect(self.session_start.decided)
        view.usual_set.connect(self.session_start.usual_set)
        view.back_requested.connect(self.session_start.coach_back)
        view.reload_wanted.connect(self.session_start.consult_again)
        return view

    @cached_property
    def exposure_view(self) -> ExposureView:
        from app.ui.exposure_view import ExposureView

        view = ExposureView()
        self._add_screen(view)
        view.saved.connect(self._save_exposure)
        view.back_requested.connect(self.show_library)
        view.reload_wanted.connect(self._load_exposure)
        return view

    @cached_property
    def program_view(self) -> ProgramView:
        from app.ui.program_view import ProgramView

        view = ProgramView()
        self._add_screen(view)
        view.enrol_requested.connect(self._set_program_state)
        view.move_on_requested.connect(self._set_program_state)
        view.routine_chosen.connect(self.show_routine)
        view.back_requested.connect(self.show_library)
        view.reload_wanted.connect(self._load_program)
        return view

    @cached_property
    def summary_view(self) -> SummaryView:
        from app.ui.summary_view import SummaryView

        view = SummaryView()
        self._add_screen(view)
        view.back_requested.connect(self.show_library)
        view.check_in.submitted.connect(self.runner.save_check_in)
        return view

    @cached_property
    def history_view(self) -> HistoryView:
        from app.ui.history.view import HistoryView

        view = HistoryView(self.log.call, today=self.today, settings=self.settings.all)
        self._add_screen(view)
        view.back_requested.connect(self.show_library)
        # Moving to a new machine: the export's settings come along.
        view.imported.connect(lambda report: self.settings.apply(report.settings))
        view.unreadable_found.connect(self.notice.show_unreadable)
        return view

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        px = text_px(self.height())
        for screen in self._screens:
            screen.scale_text(px)

    def warm_history(self) -> None:
        """Load History's screen and charts now, ahead of need (see ``ChartsWarmer``)."""
        from app.ui.history.warm import ChartsWarmer

        self.charts_warmer = ChartsWarmer(self)
        self.charts_warmer.start()

    def _log_changed(self, changes: Change) -> None:
        """A write is in: the screen on show reads again what it shows, if that changed.
        (The others read as they are shown.)"""
        screen = self.stack.currentWidget()
        if isinstance(screen, Screen):
            screen.log_changed(changes)

    # -- the routines ------------------------------------------------------------------

    def _routines(self) -> dict[str, Routine]:
        assert self.library is not None, "the routines are loaded before any can start"
        return self.library.routines

    def load_library(self) -> None:
        """(Re)load the routines off the GUI thread; the list fills in when they are in."""
        if self._library_loader is None:
            from app.ui.library_loader import LibraryLoader

            self._library_loader = LibraryLoader(self.data_dir, parent=self)
            self._library_loader.loaded.connect(self.set_library)
        self._library_loader.load(self.settings.get("session/get_ready"))

    def set_library(self, library: Library) -> None:
        """The routines are loaded (at start, just after the window appears)."""
        self.library = library
        self.library_view.set_library(library)
        self.log.routines_loaded()

    def start_log(self) -> None:
        """Open the progress log on its thread; sessions are saved from then on."""
        self.log.start()
        if self.library is not None:
            self.log.routines_loaded()

    def bring_to_front(self) -> None:
        """Footwork was started again on this folder: show this window instead."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def show_library(self) -> None:
        self.stack.setCurrentWidget(self.library_view)
        self.library_view.table.setFocus()

    def show_routine(self, routine_id: str) -> None:
        self.routine_view.show_routine(self._routines()[routine_id])
        self.stack.setCurrentWidget(self.routine_view)
        self.routine_view.start_button.setFocus()

    def today(self) -> date:
        return datetime.fromtimestamp(self._wall_clock()).date()

    # -- before a session: what the start asks to show ---------------------------------

    def _show_safety(self, latest: SafetyAnswers | None) -> None:
        self.safety_view.set_previous(latest)
        self.stack.setCurrentWidget(self.safety_view)

    def _show_coach(self, routine: Routine) -> None:
        self.coach_view.show_waiting(routine)
        self.stack.setCurrentWidget(self.coach_view)

    # -- barefoot minutes and the program ----------------------------------------------

    def show_exposure(self) -> None:
        self.stack.setCurrentWidget(self.exposure_view)
        self._load_exposure()

    def _load_exposure(self) -> None:
        from app.ui.exposure_view import FEED_DAYS

        view = self.exposure_view
        today = self.today()
        since = today - timedelta(days=FEED_DAYS)
        if not self.log.working:
            view.set_entries([], today)
            view.set_saved(False, self.log.problem or "The progress log is not open yet.")
            return
        self.log.call(
            lambda db: db.exposures(since=since), lambda rows: view.set_entries(rows, today)
        )

    def _save_exposure(self, exposure: Exposure) -> None:
        view = self.exposure_view
        if not self.log.working:
            view.set_saved(False, self.log.problem or "The progress log is not open yet.")
            return
        self.log.call(
            lambda db: db.add_exposure(exposure),
            lambda _: view.set_saved(True),
            lambda exc: view.set_saved(False, str(exc)),
            changes=Change.EXPOSURE,
        )

    def show_program(self) -> None:
        if self.library is None or not self.library.programs:
            return
        self.stack.setCurrentWidget(self.program_view)
        self._load_program()

    def _load_program(self) -> None:
        from app.coaching import program_status

        if self.library is None or not self.library.programs or not self.log.working:
            return
        program = next(iter(self.library.programs.values()))
        view = self.program_view
        today = self.today()
        names = {rid: r.name for rid, r in self.library.routines.items()}
        self.log.call(
            lambda db: program_status(db, program, today),
            lambda status: view.set_status(status, today, names),
        )

    def _set_program_state(self, state: ProgramState) -> None:
        self.log.call(lambda db: db.set_program_state(state), changes=Change.PROGRAM)

    # -- History -----------------------------------------------------------------------

    def show_history(self) -> HistoryView:
        view = self.history_view
        view.refresh()
        self.stack.setCurrentWidget(view)
        return view

    def _look_for_unreadable(self) -> None:
        """At start: say at the top of the window if the log holds rows no reader can use."""
        # Only a note: a log that cannot be read at all says so through its other calls.
        self.log.call(lambda db: db.unreadable_rows(), self.notice.show_unreadable, lambda _: None)

    # -- check-ins ---------------------------------------------------------------------

    def ask_morning_check_in(self, today: date) -> None:
        from app.ui.checkin import MorningCheckInDialog

        dialog = MorningCheckInDialog("yesterday", self)
        self.morning_dialog = dialog

        def finished(result: int) -> None:
            if result:
                pain, stiffness = dialog.pain.value(), dialog.stiffness.value()
                self.log.call(
                    lambda db: db.save_morning_checkin(today, pain, stiffness),
                    changes=Change.CHECK_INS,
                )
            else:
                self.log.call(lambda db: db.skip_morning_checkin(today), changes=Change.CHECK_INS)
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    # -- closing -----------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.runner.pause()
        if not self.log.close():
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Not everything was saved",
                "Some blocks could not be written to the progress log "
                f"({self.log.problem or 'the disk refused them'}). They are lost now that "
                "Footwork closes. Free some disk space before the next session.",
                parent=self,
            )
            box.exec()  # closing: there is no session left to keep time for
        self.runner.close()
        super().closeEvent(event)
