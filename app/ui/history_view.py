"""History: past sessions in a table and a calendar, and charts of the work and the pain.

The screen makes no log call itself: it hands jobs to a ``RunJob`` (the
log worker's ``call``) and shows what comes back, so the GUI never waits
for the disk. What the jobs compute is in ``app.ui.history_data``.

This is the only module that imports pyqtgraph (and with it numpy), and
the main window imports it only when History first opens.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from html import escape
from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPalette, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.routine import Side
from app.storage.records import ImportReport, SessionSummary
from app.storage.unreadable import UnreadableRow, unreadable_words
from app.ui.changes import Change
from app.ui.history_data import (
    SESSION_COLUMNS,
    ExerciseData,
    ExerciseHistory,
    HistoryData,
    Measure,
    Period,
    RunJob,
    Series,
    Step,
    day_x,
    session_cells,
)
from app.ui.screen import Screen
from app.ui.theme import set_font_px

# Lines are antialiased one by one (``antialias=True`` on each); bars are square, crisp
# without it, and much faster to paint without it when ten years of them are shown.
pg.setConfigOptions(antialias=False)

DAY_SECONDS = 24 * 3600.0
WEEK_BAR_WIDTH = 6 * DAY_SECONDS  # a gap of a day between weeks
SYMBOL_SIZE = 7
MAX_SYMBOLS = 100  # per line; more would crowd a chart on a small window
AXIS_WIDTH = 44  # pixels at 13 px text
MESSAGE_LINES = 6  # at most, under the tabs
_RIGHT_ALIGNED = (2, 3, 4)  # duration, blocks, pain


class FileAction(Enum):
    """What a file is asked for: (dialog caption, file filter, suffix)."""

    EXPORT_CSV = ("Export work blocks as CSV", "CSV files (*.csv)", ".csv")
    EXPORT_JSON = ("Export everything as JSON", "JSON files (*.json)", ".json")
    IMPORT = ("Import a Footwork JSON export", "JSON files (*.json);;All files (*)", ".json")


# (parent, action, suggested path) -> the chosen path, or None when cancelled.
FileChooser = Callable[[QWidget, FileAction, Path], Path | None]
# (parent, title, question) -> whether the user said yes.
Confirm = Callable[[QWidget, str, str], bool]


def ask_with_dialog(parent: QWidget, action: FileAction, suggested: Path) -> Path | None:
    """Ask with Qt's own file dialog (the same on every desktop)."""
    caption, filters, _ = action.value
    options = QFileDialog.Option.DontUseNativeDialog
    ask = (
        QFileDialog.getOpenFileName if action is FileAction.IMPORT else QFileDialog.getSaveFileName
    )
    name, _ = ask(parent, caption, str(suggested), filters, options=options)
    return Path(name) if name else None


def ask_yes_no(parent: QWidget, title: str, question: str) -> bool:
    """Ask with a modal box whose default answer is No."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, title, question, buttons, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


# -- the sessions table ------------------------------------------------------------


class SessionsModel(QAbstractTableModel):
    """The sessions of a period, newest first; cells are worded only when shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sessions: Sequence[SessionSummary] = ()
        self._cells: dict[int, tuple[str, ...]] = {}

    def set_sessions(self, sessions: Sequence[SessionSummary]) -> None:
        self.beginResetModel()
        self._sessions = sessions
        self._cells = {}
        self.endResetModel()

    def row_cells(self, row: int) -> tuple[str, ...]:
        cells = self._cells.get(row)
        if cells is None:
            cells = self._cells[row] = session_cells(self._sessions[row])
        return cells

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._sessions)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(SESSION_COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.row_cells(index.row())[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in _RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return SESSION_COLUMNS[section]
        return None


# -- charts ---------------------------------------------------------------------


@dataclass(frozen=True)
class Colours:
    """Chart colours for the widget's palette: Okabe-Ito hues, lighter on dark backgrounds.

    Every series also differs by symbol, dash or fill, so none is told apart
    by colour alone.
    """

    background: QColor
    text: QColor
    bars: QColor
    left: QColor
    right: QColor
    none: QColor

    @classmethod
    def of(cls, palette: QPalette) -> Colours:
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        return cls(
            background=palette.color(QPalette.ColorRole.Base),
            text=palette.color(QPalette.ColorRole.Text),
            bars=QColor("#56B4E9" if dark else "#0072B2"),
            left=QColor("#56B4E9" if dark else "#0072B2"),
            right=QColor("#E69F00" if dark else "#D55E00"),
            none=QColor("#3DD6A3" if dark else "#009E73"),
        )


# What one point of the pain chart is.
PAIN_POINTS = {
    Step.DAY: "the day's worst",
    Step.WEEK: "weekly average",
    Step.MONTH: "monthly average",
}
# Per side: (legend words, symbol, dash).
SIDE_STYLE = {
    Side.LEFT: ("Left side", "o", Qt.PenStyle.SolidLine),
    Side.RIGHT: ("Right side", "t1", Qt.PenStyle.DashLine),
    Side.NONE: ("No side", "s", Qt.PenStyle.DotLine),
}
# What the legend draws for a symbol, a dash and a bar fill, in text.
_GLYPHS = {"o": "●", "t1": "▲", "s": "■"}
# (Box-drawing lines: unlike hyphens and dashes, a line may not break after them.)
_DASHES = {Qt.PenStyle.SolidLine: "─", Qt.PenStyle.DashLine: "╌", Qt.PenStyle.DotLine: "┈"}
_FILLED, _HOLLOW = "██", "▯▯"


def pair_width(step: Step) -> float:
    """How wide each bar of a left-and-right pair is: 3/7 of its step, side by side."""
    return step.pairs.days * DAY_SECONDS * 3 / 7


@dataclass(frozen=True)
class LegendEntry:
    words: str
    sample: str  # the symbol, dash or fill in text
    colour: QColor


class Chart:
    """One chart: a heading with the legend, over a pyqtgraph plot with dates along the bottom.

    The legend is text above the plot rather than pyqtgraph's box inside it,
    so it never hides a point, wraps on a narrow window and scales with the text.
    """

    def __init__(self, title: str, y_label: str, name: str) -> None:
        self.widget = QWidget()
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.heading)
        self.view = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        self.view.setAccessibleName(name)
        self.view.setMinimumHeight(100)
        layout.addWidget(self.view, 1)
        self.plot = self.view.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=True, y=False)
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        # The same width on every chart, so that stacked charts put a date at the same x;
        # grid lines at the labelled values only (finer ones cost paint time, and clutter).
        self.plot.getAxis("left").setWidth(AXIS_WIDTH)
        self.plot.getAxis("left").setStyle(maxTickLevel=0)
        self.title = title
        self.y_label = y_label
        self.entries: list[LegendEntry] = []
        self.px = 13
        self.colours: Colours | None = None

    def set_words(self, title: str, y_label: str) -> None:
        self.title = title
        self._show_heading()
        if y_label != self.y_label:
            self.y_label = y_label
            self._show_axis_labels()

    def legend_words(self) -> list[str]:
        return [entry.words for entry in self.entries]

    def _show_heading(self) -> None:
        parts = [f"<b>{escape(self.title)}</b>"]
        for entry in self.entries:
            # An entry wraps as a whole: its sample never on one line and its words on the next.
            sample = f'<span style="color:{entry.colour.name()}">{escape(entry.sample)}</span>'
            words = escape(entry.words).replace(" ", "&nbsp;")
            parts.append(f"{sample}&nbsp;{words}")
        self.heading.setText("&nbsp;&nbsp;&nbsp; ".join(parts))

    def _show_axis_labels(self) -> None:
        text = self.colours.text.name() if self.colours else None
        size = f"{self.px}px"
        self.plot.setLabel("left", self.y_label, color=text, **{"font-size": size})
        self.plot.setLabel("bottom", "Date", color=text, **{"font-size": size})

    def style(self, px: int, colours: Colours) -> None:
        self.px = px
        self.colours = colours
        self.view.setBackground(colours.background)
        font = QFont()
        font.setPixelSize(max(10, int(px * 0.85)))
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(colours.text)
            axis.setTextPen(colours.text)
            axis.setTickFont(font)
        self.plot.getAxis("left").setWidth(int(AXIS_WIDTH * px / 13))
        self._show_heading()
        self._show_axis_labels()

    def clear(self) -> None:
        self.plot.clear()
        self.entries = []
        self._show_heading()

    def line(
        self, series: Series, name: str, colour: QColor, symbol: str, dash: Qt.PenStyle
    ) -> pg.PlotDataItem:
        # Symbols until they would crowd each other; the dash tells the lines apart anyway.
        few = len(series) <= MAX_SYMBOLS
        item = pg.PlotDataItem(
            list(series.x),
            list(series.y),
            pen=pg.mkPen(colour, width=2 if few else 1.5, style=dash),
            symbol=symbol if few else None,
            symbolSize=SYMBOL_SIZE,
            symbolPen=pg.mkPen(colour),
            symbolBrush=pg.mkBrush(colour),
            antialias=True,
            name=name,
        )
        self.plot.addItem(item)
        # Ten years of days is thousands of points: draw what the pixels can show.
        # (Set once the item is in its plot: pyqtgraph clips to that plot's view.)
        item.setDownsampling(auto=True, method="peak")
        item.setClipToView(True)
        dashes = _DASHES[dash]
        self._add_entry(LegendEntry(name, f"{dashes * 2}{_GLYPHS[symbol]}{dashes * 2}", colour))
        return item

    def bars(
        self,
        x: Sequence[float],
        heights: Sequence[float],
        width: float,
        name: str | None,
        colour: QColor,
        filled: bool = True,
    ) -> pg.BarGraphItem:
        """Bars, filled or drawn in outline: two sets of bars never differ by colour alone."""
        item = pg.BarGraphItem(
            x=list(x),
            height=list(heights),
            width=width,
            pen=pg.mkPen(colour, width=1 if filled else 2),
            brush=QBrush(colour) if filled else QBrush(Qt.BrushStyle.NoBrush),
        )
        self.plot.addItem(item)
        if name:
            self._add_entry(LegendEntry(name, _FILLED if filled else _HOLLOW, colour))
        return item

    def _add_entry(self, entry: LegendEntry) -> None:
        self.entries.append(entry)
        self._show_heading()

    def show_span(self, first: float, last: float, top: float) -> None:
        """Show these dates, and 0 to ``top``."""
        self.plot.setXRange(first, last, padding=0.02)
        self.plot.setYRange(-top * 0.1, top * 1.1, padding=0)  # 0 and its label clear the axis


# -- the screen -----------------------------------------------------------------


def _and_left_out(done: str, rows: tuple[UnreadableRow, ...]) -> str:
    """What an export did, and the rows it left out, if any."""
    return f"{done}. {unreadable_words(rows)}" if rows else done


class HistoryView(Screen):
    """Past sessions, the calendar with the streak, and charts; export and import.

    Construct with a ``RunJob`` (the log worker's ``call``) and call
    ``refresh()`` whenever the screen is shown: the jobs run there, and the
    results come back through ``show_data``, ``show_exercises`` and
    ``show_exercise``. The chart tabs are built, and the exercises read, the
    first time their tab is shown, so History opens on its table without
    waiting for four plots or the costliest log call.
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
        self._session_days: frozenset[date] = frozenset()
        self._marked: list[QDate] = []
        self._last_folder = Path.home()
        self._px = 13
        self.minutes_chart: Chart | None = None  # the four charts: built when first shown
        self.pain_chart: Chart | None = None
        self.exercise_chart: Chart | None = None
        self.sides_chart: Chart | None = None
        self.minutes_bars: pg.BarGraphItem | None = None
        self.pain_during_line: pg.PlotDataItem | None = None
        self.pain_morning_line: pg.PlotDataItem | None = None
        self.exercise_lines: dict[Side, pg.PlotDataItem] = {}
        self.side_bars: dict[Side, pg.BarGraphItem] = {}

        layout = QVBoxLayout(self)
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
        layout.addLayout(top)

        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.hide()
        layout.addWidget(self.empty)

        # Rows of the log no reader can use: what was left out, and a way to remove them.
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
        layout.addWidget(self.unreadable_panel)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)
        self._build_sessions_tab()
        self._build_calendar_tab()
        self.progress_page = QWidget()
        self.tabs.addTab(self.progress_page, "&Progress")
        self._build_exercise_tab()
        self.tabs.currentChanged.connect(self._tab_shown)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)

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
        layout.addLayout(bottom)

        self.show_data(None)
        self.reload_wanted.connect(self.refresh)  # it reads the log itself

    # -- building ---------------------------------------------------------------------

    def _build_sessions_tab(self) -> None:
        self.sessions_model = SessionsModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Sessions, newest first")
        self.table.setModel(self.sessions_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Size columns from the rows in view only: ten years of rows are not measured.
        header.setResizeContentsPrecision(0)
        for column in range(len(SESSION_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.table, "&Sessions")

    def _build_calendar_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.streak = QLabel()
        self.streak.setAccessibleName("Streak")
        layout.addWidget(self.streak)
        self.calendar = QCalendarWidget()
        self.calendar.setAccessibleName("Session days")
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setGridVisible(True)
        self.calendar.currentPageChanged.connect(self._mark_page)
        layout.addWidget(self.calendar, 1)
        self.calendar_key = QLabel("Bold, shaded: a day with at least one completed block.")
        self.calendar_key.setWordWrap(True)
        layout.addWidget(self.calendar_key)
        self.tabs.addTab(page, "&Calendar")

    def _build_exercise_tab(self) -> None:
        self.exercise_page = QWidget()
        layout = QVBoxLayout(self.exercise_page)
        layout.setContentsMargins(0, 4, 0, 0)
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
        layout.addLayout(row)
        self.tabs.addTab(self.exercise_page, "Per e&xercise")

    def _tab_shown(self, index: int) -> None:
        page = self.tabs.widget(index)
        if page is self.progress_page and self.minutes_chart is None:
            self._build_progress_charts()
            self._show_progress(self.data)
        elif page is self.exercise_page and self.exercise_chart is None:
            self._build_exercise_charts()
            self.show_exercise(self.exercise)
            if self.exercise_data is None:
                self._load_exercises()

    def _build_progress_charts(self) -> None:
        layout = QVBoxLayout(self.progress_page)
        layout.setContentsMargins(0, 4, 0, 0)
        self.minutes_chart = Chart(
            "Minutes per week: exercise, and barefoot walking or running",
            "Minutes",
            "Minutes per week",
        )
        self.pain_chart = Chart("Pain, 0 (none) to 10 (worst)", "Pain", "Pain over time")
        self.pain_chart.plot.getAxis("left").setTicks([[(v, str(v)) for v in range(0, 11, 2)]])
        for chart in (self.minutes_chart, self.pain_chart):
            layout.addWidget(chart.widget, 1)
            chart.widget.show()  # the page may be on screen: show now, not on the next event
        # Zooming or panning a chart moves the one below or above it: the dates line up.
        # (Only charts on the same tab: pyqtgraph links views by where they are on screen.)
        self.pain_chart.plot.setXLink(self.minutes_chart.plot)
        self._restyle()

    def _build_exercise_charts(self) -> None:
        layout = self.exercise_page.layout()
        self.exercise_chart = Chart("", Measure.SECONDS.value, "Exercise over time")
        self.sides_chart = Chart("", Measure.SECONDS.value, "Left against right")
        for chart in (self.exercise_chart, self.sides_chart):
            layout.addWidget(chart.widget, 1)
            chart.widget.show()
        self.sides_chart.plot.setXLink(self.exercise_chart.plot)
        self._restyle()

    @property
    def charts(self) -> tuple[Chart, ...]:
        """The charts built so far."""
        charts = (self.minutes_chart, self.pain_chart, self.exercise_chart, self.sides_chart)
        return tuple(chart for chart in charts if chart is not None)

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
        self._show_calendar(data)
        self._show_progress(data)

        # The exercises are read when their tab is first shown, or now if it has been.
        if data is not None and not data.sessions:
            self.show_exercises(ExerciseData(data.period, data.today, (), None))
        else:
            self.show_exercises(None)
            if self.exercise_chart is not None:
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

    # -- calendar -------------------------------------------------------------------

    def _show_calendar(self, data: HistoryData | None) -> None:
        self._session_days = frozenset(data.session_days) if data else frozenset()
        self.streak.setText(data.streak_words if data else "")
        today = data.today if data else self._today()
        first = data.first_day if data else None
        # The calendar pages through the period shown, as the table and the charts do.
        self.calendar.setDateRange(
            QDate(1900, 1, 1) if first is None else QDate(first.year, first.month, first.day),
            QDate(today.year, today.month, today.day),
        )
        self._mark_page(self.calendar.yearShown(), self.calendar.monthShown())

    def _mark_page(self, year: int, month: int) -> None:
        """Mark the session days of the month in view (and the days shown around it)."""
        blank = QTextCharFormat()
        for qdate in self._marked:
            self.calendar.setDateTextFormat(qdate, blank)
        self._marked = []
        tint = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        tint.setAlpha(90)
        marked = QTextCharFormat()
        marked.setFontWeight(QFont.Weight.Bold)
        marked.setBackground(tint)
        first = date(year, month, 1) - timedelta(days=7)
        for offset in range(7 + 31 + 14):
            day = first + timedelta(days=offset)
            if day in self._session_days:
                qdate = QDate(day.year, day.month, day.day)
                self.calendar.setDateTextFormat(qdate, marked)
                self._marked.append(qdate)

    def marked_days(self) -> list[date]:
        """The days the calendar marks on the page in view."""
        return sorted(d.toPython() for d in self._marked)

    # -- charts --------------------------------------------------------------------

    def _show_progress(self, data: HistoryData | None) -> None:
        if self.minutes_chart is None or self.pain_chart is None:
            return  # drawn when the tab is first shown
        colours = Colours.of(self.palette())
        first, last = self._span()
        minutes = self.minutes_chart
        minutes.clear()
        weekly = data.minutes_per_week if data else Series()
        barefoot = data.barefoot_per_week if data else Series()
        self.minutes_bars = minutes.bars(
            weekly.x, weekly.y, WEEK_BAR_WIDTH, "Exercise minutes" if len(barefoot) else None,
            colours.bars,
        )  # fmt: skip
        # Barefoot walking and running beside the strength work: the same weekly ramp.
        self.barefoot_line = minutes.line(
            barefoot, "Barefoot minutes", colours.left, "s", Qt.PenStyle.DotLine
        )
        top = max(max(weekly.y, default=0.0), max(barefoot.y, default=0.0))
        minutes.show_span(first, last, top or 10.0)

        pain = self.pain_chart
        pain.clear()
        pain.set_words(
            f"Pain, 0 (none) to 10 (worst): {PAIN_POINTS[data.step if data else Step.DAY]}", "Pain"
        )
        during = data.pain_during if data else Series()
        morning = data.pain_next_morning if data else Series()
        self.pain_during_line = pain.line(
            during, "Pain during", colours.right, "o", Qt.PenStyle.SolidLine
        )
        self.pain_morning_line = pain.line(
            morning, "Pain next morning", colours.left, "t1", Qt.PenStyle.DashLine
        )
        pain.show_span(first, last, 10.0)

    def show_exercise(self, history: ExerciseHistory | None) -> None:
        """Draw one exercise's charts: per day by side, and left against right per week."""
        self.exercise = history
        chart, sides = self.exercise_chart, self.sides_chart
        if chart is None or sides is None:
            return  # drawn when the tab is first shown
        colours = Colours.of(self.palette())
        chart.clear()
        sides.clear()
        self.exercise_lines = {}
        self.side_bars = {}
        first, last = self._span()
        if history is None:
            words = "Loading…" if self.exercise_data is None else "No exercise done in this period"
            chart.set_words(words, Measure.SECONDS.value)
            sides.set_words("Left against right", Measure.SECONDS.value)
            for empty in (chart, sides):
                empty.show_span(first, last, 10.0)
            return
        measure = history.measure.value
        chart.set_words(f"{history.name}: average per block, {history.step.words}", measure)
        top = 0.0
        for side, series in history.over_time.items():
            words, symbol, dash = SIDE_STYLE[side]
            colour = getattr(colours, side.value)
            self.exercise_lines[side] = chart.line(series, words, colour, symbol, dash)
            top = max(top, max(series.y, default=0.0))
        chart.show_span(first, last, top or 10.0)

        if not history.sided:
            sides.set_words(f"Left against right: {history.name} has no sides", measure)
            sides.show_span(first, last, 10.0)
            return
        step = history.step.pairs
        sides.set_words(f"Left against right, {step.words}: {history.name}", measure)
        width = pair_width(step)
        top = 0.0
        for side, shift, filled in ((Side.LEFT, -0.5, True), (Side.RIGHT, 0.5, False)):
            series = history.pairs[side]
            x = [value + shift * width for value in series.x]
            colour = getattr(colours, side.value)
            words = SIDE_STYLE[side][0]
            self.side_bars[side] = sides.bars(x, series.y, width, words, colour, filled)
            top = max(top, max(series.y, default=0.0))
        sides.show_span(first, last, top or 10.0)

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

    # -- export and import --------------------------------------------------------

    def _suggested(self, action: FileAction) -> Path:
        stem = "footwork-log" if action is not FileAction.EXPORT_CSV else "footwork-blocks"
        return self._last_folder / f"{stem}-{self._today().isoformat()}{action.value[2]}"

    def _ask(self, action: FileAction) -> Path | None:
        path = self.choose_file(self, action, self._suggested(action))
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
            lambda done: _and_left_out(f"Exported {_plural(done[0], 'block')} to {path}", done[1]),
        )

    def export_json_to(self, path: Path, settings: Mapping[str, Any]) -> None:
        """Write the whole log and ``settings`` to ``path`` as JSON."""
        settings = dict(settings)
        self._file_job(
            lambda log: (log.export_json(path, settings), log.unreadable_rows()),
            lambda done: _and_left_out(
                f"Exported all sessions, check-ins and settings to {path}", done[1]
            ),
        )

    def ask_remove_unreadable(self) -> None:
        """Offer to remove the rows no reader can use (they are written to a file first)."""
        rows = self.data.unreadable if self.data is not None else ()
        if not rows:
            return
        question = (
            f"{unreadable_words(rows)}\n\nRemove "
            f"{'it' if len(rows) == 1 else 'them'} from your progress log? Each row is first "
            "written to a file in your data folder (removed-rows-<time>.json), so nothing is "
            "lost; the rest of your log is not changed."
        )
        if not self.confirm(self, "Remove rows that could not be read", question):
            return

        def words(done: tuple[int, Path | None]) -> str:
            removed, kept_in = done
            if not removed:
                return "Nothing was removed: those rows can be read now, or are gone."
            kept = "it is" if removed == 1 else "they are"
            return f"Removed {_plural(removed, 'row')} from your log; {kept} kept in {kept_in}."

        self._file_job(lambda log: log.remove_unreadable(rows), words, changes=Change.ALL)

    def import_from(self, path: Path) -> None:
        """Add what the JSON export ``path`` holds and the log lacks; then show it."""

        def words(report: ImportReport) -> str:
            if not report.sessions_added:
                text = f"Nothing new in {path}: "
                if report.sessions_skipped:
                    text += f"its {_plural(report.sessions_skipped, 'session')} are in the log."
                else:
                    text += "it holds no sessions."
                return text
            text = (
                f"Imported {_plural(report.sessions_added, 'session')} with "
                f"{_plural(report.blocks_added, 'block')} from {path}"
            )
            if report.sessions_skipped:
                text += f"; {_plural(report.sessions_skipped, 'session')} already in the log"
            return text + "."

        self._file_job(lambda log: log.import_json(path), words, self.imported.emit, Change.ALL)

    def _file_job(
        self,
        job: Callable[[Any], Any],
        words: Callable[[Any], str],
        then: Callable[[Any], None] | None = None,
        changes: Change = Change.NONE,
    ) -> None:
        """Run a job of the file buttons; ``changes`` is what it writes (the screen, on
        show, reads again when it is in)."""
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
        else:  # a read: exports
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
        set_font_px(self.streak, int(px * 1.3), bold=True)
        set_font_px(self.empty, int(px * 1.2), bold=True)
        self._restyle()

    def _restyle(self) -> None:
        colours = Colours.of(self.palette())
        for chart in self.charts:
            chart.style(self._px, colours)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "calendar"):
            # Light to dark or back: charts and the calendar's marks follow the palette.
            self._restyle()
            self._show_progress(self.data)
            self._mark_page(self.calendar.yearShown(), self.calendar.monthShown())
            self.show_exercise(self.exercise)
