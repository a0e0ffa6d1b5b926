"""The main window: library -> routine detail -> player -> summary."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from app.paths import APP_NAME
from app.settings import Settings
from app.ui.library_view import LibraryView
from app.ui.log_controller import LogController
from app.ui.theme import text_px, wrapping_label

if TYPE_CHECKING:
    from app.audio import Audio
    from app.coaching import MorningAboveUsual
    from app.core.events import SessionFinished
    from app.core.library import Library
    from app.core.routine import Routine
    from app.storage.log import Log
    from app.storage.records import UnfinishedSession
    from app.ui.coach_view import CoachView
    from app.ui.cues import CueDriver, CueOutput
    from app.ui.exposure_view import ExposureView
    from app.ui.history_view import HistoryView
    from app.ui.keep_awake import KeepAwake
    from app.ui.library_loader import LibraryLoader
    from app.ui.log_worker import SessionLogger
    from app.ui.player_view import PlayerView
    from app.ui.program_view import ProgramView
    from app.ui.routine_view import RoutineView
    from app.ui.safety_view import SafetyView
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
        log_opener: Callable[[], Log] | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.data_dir = data_dir
        self._clock = clock
        self._wall_clock = wall_clock
        self._cue_output = cue_output
        self._keep_awake = keep_awake
        self._told_about_audio: set[str] = set()  # each problem is said once per run
        self._watch_audio(cue_output)
        self.session: SessionController | None = None
        self.cues: CueDriver | None = None
        self.settings = Settings(data_dir, self)
        self.settings.changed.connect(self._setting_changed)
        self.session_log: SessionLogger | None = None
        self._library_loader: LibraryLoader | None = None
        self.log = LogController(
            data_dir,
            self,
            log_opener,
            wall_clock,
            parent=self,
            can_resume=lambda u: self.library is not None and u.routine_id in self.library.routines,
            playing=self._playing,
            session_log=lambda: self.session_log,
        )
        self.log.resume_requested.connect(self.resume_session)
        self.log.morning_check_in_due.connect(self.ask_morning_check_in)
        self.log.write_failed.connect(self._write_failed)
        self.log.ready.connect(self._log_answered)
        self.log.ready.connect(self._look_for_unreadable)
        self.log.unavailable.connect(lambda _: self._log_answered())
        self._pending_start: str | None = None
        self._after_safety: str | None = None
        self._safety_done_this_run = False
        self._unreadable_words = ""  # rows of the log no reader can use, in words
        self._log_notices: list[str] = []  # what the log said once (a backup skipped...)
        self.log.write_recovered.connect(lambda: self._show_saved(None))
        self.log.notice.connect(self._add_notice)
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)
        self._build_menus()

        self.stack = QStackedWidget()
        self.library_view = LibraryView(library)
        self.stack.addWidget(self.library_view)
        # What the user should know about their data folder, on every screen.
        self.notice = wrapping_label()
        self.notice.setObjectName("notice")
        # The tool tip colours: a note, not an alarm, and readable in light and dark themes.
        self.notice.setStyleSheet(
            "QLabel#notice { background: palette(tool-tip-base); color: palette(tool-tip-text);"
            " border-bottom: 1px solid palette(mid); padding: 6px 9px; }"
        )
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.notice)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._show_notices()
        self.library_view.routine_chosen.connect(self.show_routine)
        self.library_view.history_requested.connect(self.show_history)
        self.library_view.exposure_requested.connect(self.show_exposure)
        self.library_view.program_requested.connect(self.show_program)
        # Arrow keys and Enter work at once, without a click first.
        self.library_view.table.setFocus()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.settings_action = QAction("&Settings…", self)
        # Qt's Preferences key is empty on GNOME and plain X11: Ctrl+, everywhere too.
        preferences = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
        self.settings_action.setShortcuts([*preferences, QKeySequence("Ctrl+,")])
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.open_settings)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        for text, name in (
            ("Export log as &CSV…", "ask_export_csv"),
            ("&Export everything (JSON)…", "ask_export_json"),
            ("&Import from a JSON export…", "ask_import"),
        ):
            action = QAction(text, self)
            action.triggered.connect(lambda _=False, n=name: self._history_file_action(n))
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.file_menu = file_menu
        view_menu = bar.addMenu("&View")
        for text, shortcut, slot in (
            ("&Routines", "Ctrl+R", self.show_library),
            ("&History and charts", "Ctrl+H", self.show_history),
            ("&Barefoot minutes", "Ctrl+B", self.show_exposure),
            ("&8-week program", "Ctrl+G", self.show_program),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            view_menu.addAction(action)
        self.view_menu = view_menu
        self.help_menu = bar.addMenu("&Help")
        safety = QAction("&Safety: who should not exercise barefoot…", self)
        safety.triggered.connect(self.open_safety)
        self.help_menu.addAction(safety)
        self.safety_action = safety

    # -- sound, voice and settings --------------------------------------------------------

    @property
    def audio(self) -> Audio | CueOutput:
        """Sound and voice, loaded the first time a session or the settings need them."""
        if self._cue_output is None:
            from app.audio import Audio

            self._cue_output = Audio(self.settings, parent=self)
            self._watch_audio(self._cue_output)
        return self._cue_output

    def _watch_audio(self, output: object) -> None:
        problem_found = getattr(output, "problem_found", None)
        if problem_found is not None:
            problem_found.connect(self._audio_problem)

    def _audio_problem(self, line: str) -> None:
        """The voice stopped during a session: say so now; otherwise when the next one starts."""
        if self.session is not None and self.stack.currentWidget() is self.player_view:
            self._tell_about_audio(line, keep=True)

    def _tell_about_audio(self, problems: str, keep: bool = False) -> None:
        """Show, in the player's notice line, each sound or voice problem not told yet."""
        new = [line for line in problems.splitlines() if line not in self._told_about_audio]
        self._told_about_audio.update(new)
        shown = self.player_view.notice.text().splitlines() if keep else []
        self.player_view.show_notice("\n".join(shown + new))

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
            self.load_library()

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
        view.start_requested.connect(self.begin_session)
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
        view.answered.connect(self._safety_answered)
        view.back_requested.connect(self._safety_back)
        return view

    @cached_property
    def coach_view(self) -> CoachView:
        from app.ui.coach_view import CoachView

        view = CoachView()
        self._add_screen(view)
        view.decided.connect(self._coach_decided)
        view.usual_set.connect(self._usual_morning_set)
        view.cancelled.connect(
            lambda: self.show_routine(view.routine.id) if view.routine else self.show_library()
        )
        return view

    @cached_property
    def exposure_view(self) -> ExposureView:
        from app.ui.exposure_view import ExposureView

        view = ExposureView()
        self._add_screen(view)
        view.saved.connect(self._save_exposure)
        view.back_requested.connect(self.show_library)
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
        return view

    @cached_property
    def summary_view(self) -> SummaryView:
        from app.ui.summary_view import SummaryView

        view = SummaryView()
        self._add_screen(view)
        view.back_requested.connect(self.show_library)
        view.check_in.submitted.connect(self._save_check_in)
        return view

    def _show_summary_saved(self, _record: object = None) -> None:
        if self.session is None:
            return
        records = self.session.player.records
        if self.session_log is None:
            text = self.log.problem or "Not saved: the progress log is not open."
        else:
            saved = len(set(records) & self._saved_indices())
            text = (
                f"All {saved} blocks are saved in your progress log."
                if saved == len(records)
                else f"Saving… {saved} of {len(records)} blocks are in your progress log."
            )
        self.summary_view.saved.setText(text)

    def _show_notices(self) -> None:
        """Say once, at the top of the window, what is unusual about the data folder."""
        from app.paths import exposure_warning

        folder = exposure_warning(self.data_dir)
        notices = [
            folder[:1].upper() + folder[1:] + "." if folder else "",
            self.settings.problem,
            self._unreadable_words,
            *self._log_notices,
        ]
        text = "\n".join(n for n in notices if n)
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _look_for_unreadable(self) -> None:
        """At start: say at the top of the window if the log holds rows no reader can use."""
        # Only a note: a log that cannot be read at all says so through its other calls.
        self.log.call(lambda db: db.unreadable_rows(), self._show_unreadable, lambda _: None)

    def _show_unreadable(self, rows: tuple) -> None:
        from app.storage.unreadable import unreadable_words

        words = unreadable_words(rows)
        if words:
            words += " History shows them and can remove them."
        if words != self._unreadable_words:
            self._unreadable_words = words
            self._show_notices()

    def _add_notice(self, text: str) -> None:
        """Say something about the data folder at the top of every screen, under the rest."""
        if text not in self._log_notices:
            self._log_notices.append(text)
            self._show_notices()

    def _playing(self) -> bool:
        """A session is being played (not yet over): the log must not be swapped under it."""
        from app.core.player import State

        return self.session is not None and self.session.player.state not in (
            State.IDLE,
            State.DONE,
        )

    def load_library(self) -> None:
        """(Re)load the routines off the GUI thread; the list fills in when they are in."""
        if self._library_loader is None:
            from app.ui.library_loader import LibraryLoader

            self._library_loader = LibraryLoader(self.data_dir, parent=self)
            self._library_loader.loaded.connect(self.set_library)
        self._library_loader.load(self.get_ready())

    def bring_to_front(self) -> None:
        """Footwork was started again on this folder: show this window instead."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

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

    # -- barefoot minutes and the program -------------------------------------------

    def _not_open(self) -> str:
        return self.log.problem or "The progress log is not open yet."

    def show_exposure(self) -> None:
        from app.ui.exposure_view import FEED_DAYS

        view = self.exposure_view
        self.stack.setCurrentWidget(view)
        today = self.today()
        since = today - timedelta(days=FEED_DAYS)
        if not self.log.working:
            view.set_entries([], today)
            view.set_saved(False, self._not_open())
            return
        self.log.call(
            lambda db: db.exposures(since=since), lambda rows: view.set_entries(rows, today)
        )

    def _save_exposure(self, exposure: object) -> None:
        view = self.exposure_view
        if not self.log.working:
            view.set_saved(False, self._not_open())
            return
        self.log.call(
            lambda db: db.add_exposure(exposure),
            lambda _: view.set_saved(True),
            lambda exc: view.set_saved(False, str(exc)),
        )

    def show_program(self) -> None:
        from app.coaching import program_status

        if self.library is None or not self.library.programs:
            return
        program = next(iter(self.library.programs.values()))
        view = self.program_view
        today = self.today()
        names = {rid: r.name for rid, r in self.library.routines.items()}
        self.stack.setCurrentWidget(view)
        if not self.log.working:
            return
        self.log.call(
            lambda db: program_status(db, program, today),
            lambda status: view.set_status(status, today, names),
        )

    def _set_program_state(self, state: object) -> None:
        self.log.call(lambda db: db.set_program_state(state), lambda _: self.show_program())

    @cached_property
    def history_view(self) -> HistoryView:
        # pyqtgraph (and numpy) load here, the first time History opens.
        from app.ui.history_view import HistoryView

        view = HistoryView(self.log.call, today=self.today, settings=self.settings.all)
        self._add_screen(view)
        view.back_requested.connect(self.show_library)
        # Moving to a new machine: the export's settings come along.
        view.imported.connect(lambda report: self.settings.apply(report.settings))
        view.unreadable_found.connect(self._show_unreadable)
        return view

    def _history_file_action(self, name: str) -> None:
        """Export and import live on the History screen; the File menu opens it and asks."""
        self.show_history()
        getattr(self.history_view, name)()

    def show_history(self) -> None:
        view = self.history_view
        view.refresh()
        self.stack.setCurrentWidget(view)

    # -- before a session: the safety screen (once), then the coach -----------------

    def today(self) -> date:
        return datetime.fromtimestamp(self._wall_clock()).date()

    def begin_session(self, routine_id: str) -> None:
        """Start was asked for: safety questions if not answered yet, the coach, then play."""
        if not self.log.started:
            self._pending_start = routine_id  # the log opens just after the first paint
            return
        if not self.log.working:
            self._check_safety(routine_id, None)
            return
        self.log.call(
            lambda db: db.latest_safety_answers(),
            lambda latest: self._check_safety(routine_id, latest),
            lambda exc: self._check_safety(routine_id, None),
        )

    def _log_answered(self) -> None:
        """The log opened, or could not: a start asked for before that goes on now."""
        routine_id, self._pending_start = self._pending_start, None
        if routine_id is not None:
            self.begin_session(routine_id)

    def _check_safety(self, routine_id: str, latest: object) -> None:
        from app.coaching import safety_needed

        if self._safety_done_this_run or not safety_needed(latest):
            self._consult_coach(routine_id)
            return
        self.show_safety(latest, then=routine_id)

    def show_safety(self, latest: object = None, then: str | None = None) -> None:
        """The safety questions; ``then`` is the routine to go on to once answered."""
        self._after_safety = then
        self.safety_view.set_previous(latest)
        self.stack.setCurrentWidget(self.safety_view)

    def open_safety(self) -> None:
        """Help > Safety: the questions with the stored answers, at any time."""
        if self.log.working:
            self.log.call(lambda db: db.latest_safety_answers(), self.show_safety)
        else:
            self.show_safety(None)

    def _safety_answered(self, answers: object) -> None:
        self._safety_done_this_run = True
        if not self.log.problem:  # an unavailable log was explained once already
            self.log.call(lambda db: db.add_safety_answers(answers))
        routine_id, self._after_safety = self._after_safety, None
        if routine_id is not None:
            self._consult_coach(routine_id)
        else:
            self.show_library()

    def _safety_back(self) -> None:
        routine_id, self._after_safety = self._after_safety, None
        if routine_id is not None:
            self.show_routine(routine_id)
        else:
            self.show_library()

    def _consult_coach(self, routine_id: str) -> None:
        from app.coaching import (
            morning_above_usual,
            needs_warm_up,
            suggestions_for,
            worth_showing,
        )

        routine = self.library.routines[routine_id]
        view = self.coach_view
        view.show_waiting(routine)
        self.stack.setCurrentWidget(view)
        if not self.log.working:
            view.show_problem(routine, self.log.problem or "the progress log is not open.")
            return
        today = self.today()

        def answer(result: tuple) -> None:
            suggestions, changes, above_usual = result
            if (
                not worth_showing(suggestions)
                and above_usual is None
                and not needs_warm_up(routine)
            ):
                self._play_with_doses(routine_id, changes)  # nothing to decide or to say
            else:
                view.show_suggestions(routine, suggestions, above_usual)

        self.log.call(
            lambda db: (
                suggestions_for(db, routine, today),
                db.doses_in_force(routine_id),
                morning_above_usual(db, today),
            ),
            answer,
            lambda exc: view.show_problem(routine, str(exc)),
        )

    def _usual_morning_set(self, above_usual: MorningAboveUsual) -> None:
        """The user said their latest morning is their usual now: store it, ask the coach again."""
        from app.coaching import baseline_set

        routine = self.coach_view.routine
        record = baseline_set(above_usual.pain, above_usual.day, self._wall_clock())
        self.log.call(
            lambda db: db.add_baseline(record),
            lambda _: self._consult_coach(routine.id) if routine is not None else None,
        )

    def _coach_decided(self, accepted: list) -> None:
        from app.coaching import dose_change

        routine = self.coach_view.routine
        if routine is None:
            return
        if not self.log.working:
            self.start_session(routine.id)
            return
        wall = self._wall_clock()
        changes = [dose_change(s, routine.id, wall) for s in accepted]

        def store(db: Log) -> object:
            for change in changes:
                db.add_dose(change)
            return db.doses_in_force(routine.id)

        self.log.call(store, lambda doses: self._play_with_doses(routine.id, doses))

    def _play_with_doses(
        self, routine_id: str, changes: object, resume: UnfinishedSession | None = None
    ) -> None:
        """Play the routine at the doses in force (the file itself is never changed)."""
        from app.coaching import routine_with_doses

        routine = routine_with_doses(self.library.routines[routine_id], changes)
        self.start_session(routine_id, resume, routine)

    def start_session(
        self,
        routine_id: str,
        resume: UnfinishedSession | None = None,
        routine: Routine | None = None,
    ) -> None:
        """Play now; ``routine`` is it at the doses in force (default: as the file says)."""
        self._leave_session()
        from app.ui.cues import CueDriver
        from app.ui.log_worker import SessionLogger
        from app.ui.session import SessionController

        routine = routine or self.library.routines[routine_id]
        self.session = SessionController(routine, self._clock, self._wall_clock, parent=self)
        self.session.finished.connect(self._session_finished)
        self.session_log = None
        if self.log.working:
            player = self.session.player
            self.session_log = SessionLogger(
                self.log.worker,
                player.planned_seconds,
                player.planned_blocks,
                routine.name,
                resume_id=None if resume is None else resume.id,
                parent=self.session,
            )
            if resume is not None:
                self.session_log.resume_with(resume)
            self.session.event.connect(self.session_log.on_event)
            self.session_log.block_saved.connect(self._show_saved)
            self.session_log.write_refused.connect(self._write_refused)
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
        self._tell_about_audio(getattr(audio, "problems", lambda: "")())
        self.player_view.saved.setText(
            "Saving each block in your progress log as it ends."
            if self.session_log is not None
            else self.log.problem or "Not saving: the progress log is not open."
        )
        self.stack.setCurrentWidget(self.player_view)
        self.player_view.setFocus()
        if resume is None:
            self.session.start()
        else:
            self.session.start(resume.next_phase_index, resume.blocks)
            self._show_saved(None)

    def resume_session(self, unfinished: UnfinishedSession) -> None:
        """Pick up a session the app did not finish, at the block after the last saved one.

        It plays at the doses in force, as it did before, so the saved blocks
        line up with the timeline.
        """
        routine_id = unfinished.routine_id
        self.log.call(
            lambda db: db.doses_in_force(routine_id),
            lambda changes: self._play_with_doses(routine_id, changes, unfinished),
        )

    def _show_saved(self, _record: object) -> None:
        if self.session is None or self.session_log is None:
            return
        player = self.session.player
        saved = len(set(player.records) & self._saved_indices())
        self.player_view.saved.setText(
            f"Saved in your log: {saved} of {player.planned_blocks} blocks."
        )

    def _write_failed(self, why: str) -> None:
        text = f"{why} The block is kept and retried; nothing already saved is lost."
        self.player_view.saved.setText(text)
        if self.stack.currentWidget() is self.summary_view:
            self.summary_view.saved.setText(text)

    def _write_refused(self, why: str) -> None:
        """The log refused a write of this session for good: say so where it shows, and aloud."""
        text = f"Not saved in your progress log: {why}"
        self.player_view.saved.setText(text)
        if self.stack.currentWidget() is self.summary_view:
            self.summary_view.saved.setText(text)
        self.log.report(text)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session is not None:
            self.session.pause()
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
        self._leave_session()
        close_audio = getattr(self._cue_output, "close", None)
        if close_audio is not None:
            close_audio()  # never waits on a speech engine that stopped answering
        super().closeEvent(event)

    def _saved_indices(self) -> set[int]:
        log = self.session_log
        return set() if log is None else {r.phase_index for r in log.saved} | log.resumed

    # -- check-ins ---------------------------------------------------------------------

    def _save_check_in(self, pain: int, note: str, per_exercise: dict) -> None:
        log = self.session_log
        panel = self.summary_view.check_in
        if log is None:
            panel.set_saved(False, self.log.problem or "the progress log is not open")
            return
        log.call(
            lambda db, session_id: db.save_session_checkin(session_id, pain, note, per_exercise),
            lambda _: panel.set_saved(True),
            lambda exc: panel.set_saved(False, str(exc)),
        )

    def ask_morning_check_in(self, today: object) -> None:
        from app.ui.checkin import MorningCheckInDialog

        dialog = MorningCheckInDialog("yesterday", self)
        self.morning_dialog = dialog

        def finished(result: int) -> None:
            if result:
                pain, stiffness = dialog.pain.value(), dialog.stiffness.value()
                self.log.call(lambda db: db.save_morning_checkin(today, pain, stiffness))
            else:
                self.log.call(lambda db: db.skip_morning_checkin(today))
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

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
        self.summary_view.check_in.reset([(e.id, e.name) for e in player.routine.exercises])
        self._show_summary_saved()
        if self.session_log is not None:
            self.session_log.block_saved.connect(self._show_summary_saved)
        self.stack.setCurrentWidget(self.summary_view)
        # Damage found while it was played is dealt with now: it goes into the next log.
        self.log.session_over()
