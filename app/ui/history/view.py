"""History, the screen: past sessions in a table and a calendar, charts, export and import.

The screen makes no log call itself: it hands jobs to a ``RunJob`` (the
log controller's ``call``) and shows what comes back, so the GUI never
waits for the disk. What the jobs compute is in ``app.ui.history_data``.

It opens on its table. The chart tabs are built, and pyqtgraph imported
(unless the window warmed it already), the first time one is shown; the
exercises, the costliest log call, are read when their tab first is.
On show, a write to the log that changes what it shows (an import, rows
removed, a check-in) makes it read again (``Screen.log_changed``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.changes import Change
from app.ui.history.calendar_tab import CalendarTab
from app.ui.history.files import (
    Confirm,
    FileAction,
    FileChooser,
    and_left_out,
    ask_with_dialog,
    ask_yes_no,
    imported_words,
    plural,
    remove_question,
    removed_words,
    suggested_name,
)
from app.ui.history.sessions import SessionsModel, sessions_table
from app.ui.history_data import (
    DAY_SECONDS,
    ExerciseData,
    ExerciseHistory,
    HistoryData,
    Period,
    RunJob,
    day_x,
)
from app.ui.screen import Screen
from app.ui.theme import set_font_px

if TYPE_CHECKING:
    from app.ui.history.charts import Chart
    from app.ui.history.exercise_tab import ExerciseCharts
    from app.ui.history.progress_tab import ProgressCharts

MESSAGE_LINES = 6  # at most, under the tabs


@contextmanager
def settled(page: QWidget) -> Iterator[None]:
    """Build on ``page``, on show, unseen, and lay it out before it is painted.

    Charts built on a page on show are otherwise painted as their sizes settle,
    three times over; a chart of ten years costs a tenth of a second a paint.
    """
    page.setUpdatesEnabled(False)
    try:
        yield
        layout = page.layout()
        if layout is not None:
            layout.activate()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    finally:
        page.setUpdatesEnabled(True)


class HistoryView(Screen):
    """Past sessions, the calendar with the streak, and charts; export and import.

    Construct with a ``RunJob`` and call ``refresh()`` whenever the screen is
    shown: the jobs run there, and the results come back through
    ``show_data``, ``show_exercises`` and ``show_exercise``.
    """

    shows = Change.SESSIONS | Change.CHECK_INS | Change.EXPOSURE
    imported = Signal(object)  # the ImportReport, after an import added what it could
    unreadable_found = Signal(object)  # the log's unreadable rows (a tuple), at each load

    def __init__(
        self,
        run_job: RunJob,
        *,
        today: Callable[[], date] = date.today,
        settings: Callable[[], Mapping[str, Any]] = dict,
        choose_file: FileChooser = ask_with_dialog,
        confirm: Confirm = ask_yes_no,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ready = False  # built: palette changes redraw from then on
        self._run = run_job
        self._today = today
        self._settings = settings
        self.choose_file = choose_file
        self.confirm = confirm
        self.data: HistoryData | None = None
        self.exercise_data: ExerciseData | None = None  # None until read for the period
        self.exercise: ExerciseHistory | None = None  # the one the exercise charts show
        self._exercises: dict[str, ExerciseHistory] = {}  # of the period shown, by id
        self._wanted_exercise: str | None = None  # the user's last choice
        self._generation = 0  # counts show_data calls: late exercise jobs are dropped
        self._last_folder = Path.home()
        self._px = 13
        self.progress: ProgressCharts | None = None  # the chart tabs: built when first shown
        self.per_exercise: ExerciseCharts | None = None

        layout = QVBoxLayout(self)
        layout.addLayout(self._top_row())
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.hide()
        layout.addWidget(self.empty)
        layout.addWidget(self._unreadable_row())

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)
        self.sessions_model = SessionsModel(self)
        self.table = sessions_table(self.sessions_model)
        self.tabs.addTab(self.table, "&Sessions")
        self.calendar_tab = CalendarTab()
        self.tabs.addTab(self.calendar_tab, "&Calendar")
        self.progress_page = QWidget()
        self.tabs.addTab(self.progress_page, "&Progress")
        self.exercise_page = self._exercise_page()
        self.tabs.addTab(self.exercise_page, "Per e&xercise")
        self.tabs.currentChanged.connect(self._tab_shown)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)
        layout.addLayout(self._bottom_row())

        self.show_data(None)
        self.reload_wanted.connect(self.refresh)  # it reads the log itself
        self._ready = True

    # -- building ---------------------------------------------------------------------

    def _top_row(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.heading = QLabel("History")
        self.heading.setObjectName("heading")
        top.addWidget(self.heading)
        top.addStretch(1)
        self.loading = QLabel("Loading…")
        top.addWidget(self.loading)
        period_label = QLabel("&Show:")
        self.period_box = QComboBox()
        self.period_box.setAccessibleName("Period shown")
        for period in Period:
            self.period_box.addItem(period.words, period)
        self.period_box.setCurrentIndex(self.period_box.findData(Period.LAST_12_MONTHS))
        self.period_box.currentIndexChanged.connect(self.refresh)
        period_label.setBuddy(self.period_box)
        top.addWidget(period_label)
        top.addWidget(self.period_box)
        return top

    def _unreadable_row(self) -> QWidget:
        """Rows of the log no reader can use: what was left out, and a way to remove them."""
        self.unreadable_panel = QWidget()
        row = QHBoxLayout(self.unreadable_panel)
        row.setContentsMargins(0, 0, 0, 0)
        self.unreadable = QLabel()
        self.unreadable.setWordWrap(True)
        self.unreadable.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.unreadable, 1)
        self.remove_button = QPushButton("Remove them…")
        self.remove_button.setAccessibleName("Remove the rows that could not be read")
        self.remove_button.clicked.connect(self.ask_remove_unreadable)
        row.addWidget(self.remove_button)
        self.unreadable_panel.hide()
        return self.unreadable_panel

    def _exercise_page(self) -> QWidget:
        page = QWidget()
        self._exercise_layout = QVBoxLayout(page)
        self._exercise_layout.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        label = QLabel("&Exercise:")
        self.exercise_box = QComboBox()
        self.exercise_box.setAccessibleName("Exercise")
        self.exercise_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.exercise_box.currentIndexChanged.connect(self._exercise_chosen)
        label.setBuddy(self.exercise_box)
        row.addWidget(label)
        row.addWidget(self.exercise_box)
        row.addStretch(1)
        self._exercise_layout.addLayout(row)
        return page

    def _bottom_row(self) -> QHBoxLayout:
        bottom = QHBoxLayout()
        self.export_csv_button = QPushButton("Export CSV…")
        self.export_csv_button.clicked.connect(self.ask_export_csv)
        self.export_json_button = QPushButton("Export all (JSON)…")
        self.export_json_button.clicked.connect(self.ask_export_json)
        self.import_button = QPushButton("Import…")
        self.import_button.clicked.connect(self.ask_import)
        self.file_buttons = (self.export_csv_button, self.export_json_button, self.import_button)
        for button in self.file_buttons:
            bottom.addWidget(button)
        bottom.addStretch(1)
        self.back_button = QPushButton("Back to routines")
        self.back_button.clicked.connect(self.back_requested)
        bottom.addWidget(self.back_button)
        for button in (*self.file_buttons, self.back_button):
            button.setMinimumHeight(36)
        return bottom

    def _tab_shown(self, index: int) -> None:
        page = self.tabs.widget(index)
        if page is self.progress_page and self.progress is None:
            from app.ui.history.progress_tab import ProgressCharts

            with settled(page):
                self.progress = ProgressCharts(self.progress_page)
                self._restyle()
                self._show_progress()
        elif page is self.exercise_page and self.per_exercise is None:
            from app.ui.history.exercise_tab import ExerciseCharts

            with settled(page):
                self.per_exercise = ExerciseCharts(self._exercise_layout)
                self._restyle()
                self.show_exercise(self.exercise)
            if self.exercise_data is None:
                self._load_exercises()

    @property
    def charts(self) -> tuple[Chart, ...]:
        """The charts built so far."""
        tabs = (self.progress, self.per_exercise)
        return tuple(chart for tab in tabs if tab is not None for chart in tab.charts)

    # -- loading ------------------------------------------------------------------

    def period(self) -> Period:
        return self.period_box.currentData()

    def refresh(self) -> None:
        """Load (again) what the screen shows, for the chosen period, through the job runner."""
        period = self.period()
        today = self._today()
        self.loading.show()

        def done(data: HistoryData) -> None:
            if data.period is self.period():  # else the user chose another while it loaded
                self.show_data(data)

        self._run(lambda log: HistoryData.from_log(log, today, period), done, self._load_failed)

    def _load_failed(self, exc: Exception) -> None:
        self.loading.hide()
        self._say(str(exc) or type(exc).__name__)

    def show_data(self, data: HistoryData | None) -> None:
        """Show what ``HistoryData.from_log`` made (None: nothing loaded yet)."""
        self.data = data
        self._generation += 1
        self.loading.setVisible(data is None)
        if data is not None:
            self.period_box.blockSignals(True)
            self.period_box.setCurrentIndex(self.period_box.findData(data.period))
            self.period_box.blockSignals(False)
        words = data.empty_words if data is not None else ""
        self.empty.setText(words)
        self.empty.setVisible(bool(words))
        if data is not None:
            self.unreadable.setText(data.unreadable_words)
            self.unreadable_panel.setVisible(bool(data.unreadable))
            self.unreadable_found.emit(data.unreadable)

        self.sessions_model.set_sessions(data.sessions if data else ())
        self.calendar_tab.show_data(data, data.today if data else self._today())
        self._show_progress()

        # The exercises are read when their tab is first shown, or now if it has been.
        if data is not None and not data.sessions:
            self.show_exercises(ExerciseData(data.period, data.today, (), None))
        else:
            self.show_exercises(None)
            if self.per_exercise is not None:
                self._load_exercises()

    def _load_exercises(self) -> None:
        data = self.data
        if data is None:
            return
        wanted, generation = self._wanted_exercise, self._generation
        self.loading.show()

        def done(exercises: ExerciseData) -> None:
            if generation == self._generation:  # else made for data no longer shown
                self.loading.hide()
                self.show_exercises(exercises)

        self._run(
            lambda log: ExerciseData.from_log(log, data.today, data.period, data.step, wanted),
            done,
            self._load_failed,
        )

    def show_exercises(self, exercises: ExerciseData | None) -> None:
        """Fill the exercise list and draw the first one (None: not loaded yet)."""
        self.exercise_data = exercises
        self._exercises = {}
        box = self.exercise_box
        box.blockSignals(True)
        box.clear()
        for choice in exercises.choices if exercises else ():
            box.addItem(choice.name, choice.exercise_id)
        shown = exercises.exercise if exercises else None
        if shown is not None:
            self._exercises[shown.exercise_id] = shown
            box.setCurrentIndex(box.findData(shown.exercise_id))
        box.setEnabled(box.count() > 0)
        box.blockSignals(False)
        self.show_exercise(shown)

    def _exercise_chosen(self, index: int) -> None:
        exercise_id = self.exercise_box.itemData(index)
        if exercise_id is None or self.data is None:
            return
        self._wanted_exercise = exercise_id  # kept when the period changes, if it was done
        known = self._exercises.get(exercise_id)
        if known is not None:
            self.show_exercise(known)
            return
        name = self.exercise_box.itemText(index)
        first, step = self.data.first_day, self.data.step
        generation = self._generation
        self.loading.show()

        def done(history: ExerciseHistory) -> None:
            if generation != self._generation:
                return  # made for data no longer shown
            self._exercises[history.exercise_id] = history
            self.loading.hide()
            if self.exercise_box.currentData() == history.exercise_id:
                self.show_exercise(history)

        self._run(
            lambda log: ExerciseHistory.from_log(log, exercise_id, name, first, step),
            done,
            self._load_failed,
        )

    # -- charts --------------------------------------------------------------------

    def _span(self) -> tuple[float, float]:
        """The dates every chart spans: the period's, or from the first week with work."""
        data = self.data
        if data is None:
            today = self._today()
            return day_x(today - timedelta(weeks=4)), day_x(today) + DAY_SECONDS
        # A new user's first month is not a sliver at the right of an empty year.
        firsts = [s.x[0] for s in (data.minutes_per_week, data.pain_during) if len(s)]
        start = min(firsts, default=day_x(data.today - timedelta(weeks=4)))
        if data.first_day is not None:
            start = max(start, day_x(data.first_day))
        return start - DAY_SECONDS * 3.5, day_x(data.today) + DAY_SECONDS * 3.5

    def _show_progress(self) -> None:
        if self.progress is not None:  # else drawn when the tab is first shown
            from app.ui.history.charts import Colours

            self.progress.draw(self.data, self._span(), Colours.of(self.palette()))

    def show_exercise(self, history: ExerciseHistory | None) -> None:
        """Draw one exercise's charts (drawn when the tab is first shown, if not yet)."""
        self.exercise = history
        if self.per_exercise is not None:
            from app.ui.history.charts import Colours

            loading = self.exercise_data is None
            self.per_exercise.draw(history, self._span(), Colours.of(self.palette()), loading)

    # -- export and import --------------------------------------------------------

    def _ask(self, action: FileAction) -> Path | None:
        suggested = self._last_folder / suggested_name(action, self._today().isoformat())
        path = self.choose_file(self, action, suggested)
        if path is not None:
            self._last_folder = path.parent
        return path

    def ask_export_csv(self) -> None:
        path = self._ask(FileAction.EXPORT_CSV)
        if path is not None:
            self.export_csv_to(path)

    def ask_export_json(self) -> None:
        path = self._ask(FileAction.EXPORT_JSON)
        if path is not None:
            self.export_json_to(path, self._settings())

    def ask_import(self) -> None:
        path = self._ask(FileAction.IMPORT)
        if path is not None:
            self.import_from(path)

    def export_csv_to(self, path: Path) -> None:
        """Write every work block to ``path`` as CSV; say how many (and what was left out),
        or why not."""
        self._file_job(
            lambda log: (log.export_csv(path), log.unreadable_rows()),
            lambda done: and_left_out(f"Exported {plural(done[0], 'block')} to {path}", done[1]),
        )

    def export_json_to(self, path: Path, settings: Mapping[str, Any]) -> None:
        """Write the whole log and ``settings`` to ``path`` as JSON."""
        settings = dict(settings)
        self._file_job(
            lambda log: (log.export_json(path, settings), log.unreadable_rows()),
            lambda done: and_left_out(
                f"Exported all sessions, check-ins and settings to {path}", done[1]
            ),
        )

    def ask_remove_unreadable(self) -> None:
        """Offer to remove the rows no reader can use (they are written to a file first)."""
        rows = self.data.unreadable if self.data is not None else ()
        if not rows:
            return
        if self.confirm(self, "Remove rows that could not be read", remove_question(rows)):
            self._file_job(
                lambda log: log.remove_unreadable(rows), removed_words, changes=Change.ALL
            )

    def import_from(self, path: Path) -> None:
        """Add what the JSON export ``path`` holds and the log lacks; the screen, on show,
        then reads it again."""
        self._file_job(
            lambda log: log.import_json(path),
            lambda report: imported_words(report, path),
            self.imported.emit,
            Change.ALL,
        )

    def _file_job(
        self,
        job: Callable[[Any], Any],
        words: Callable[[Any], str],
        then: Callable[[Any], None] | None = None,
        changes: Change = Change.NONE,
    ) -> None:
        """Run a job of the file buttons; ``changes`` is what it writes."""
        for button in (*self.file_buttons, self.remove_button):
            button.setEnabled(False)
        self._say("Working…")

        def done(value: Any) -> None:
            self._file_job_over()
            self._say(words(value))
            if then is not None:
                then(value)

        def failed(exc: Exception) -> None:
            self._file_job_over()
            self._say(str(exc) or type(exc).__name__)

        if changes:
            self._run(job, done, failed, changes=changes)
        else:  # a read: the exports
            self._run(job, done, failed)

    def _file_job_over(self) -> None:
        for button in self.file_buttons:
            button.setEnabled(True)
        self.remove_button.setEnabled(True)

    def _say(self, text: str) -> None:
        """Show a message under the tabs; a long one (an import's problems) is cut short
        there, so it cannot push the screen away, and shown whole in its tooltip."""
        lines = text.splitlines()
        if len(lines) > MESSAGE_LINES:
            more = len(lines) - MESSAGE_LINES + 1
            lines = [*lines[: MESSAGE_LINES - 1], f"  … and {more} more lines"]
        self.message.setText("\n".join(lines))
        self.message.setToolTip(text if len(lines) < len(text.splitlines()) else "")
        self.message.setVisible(bool(text))

    # -- looks --------------------------------------------------------------------

    def scale_text(self, px: int) -> None:
        """Set the text size of this screen (called as the window resizes)."""
        self._px = px
        set_font_px(self, px)
        set_font_px(self.heading, int(px * 1.6), bold=True)
        self.calendar_tab.scale_text(px)
        set_font_px(self.empty, int(px * 1.2), bold=True)
        self._restyle()

    def _restyle(self) -> None:
        if self.charts:
            from app.ui.history.charts import Colours

            colours = Colours.of(self.palette())
            for chart in self.charts:
                chart.style(self._px, colours)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._ready:
            # Light to dark or back: the charts follow the palette (the calendar does itself).
            self._restyle()
            self._show_progress()
            self.show_exercise(self.exercise)
