"""Barefoot minutes: a quick entry per day, checked against the week before saving.

The user enters the minutes they walked or ran barefoot or in minimalist
shoes. As the minutes or the day change, the screen shows what the week
(the 7 days ending on that day) would be and, when it would grow by more
than the guide allows, the warning from the exposure guard, with its
numbers, before anything is saved. It warns; the entry is the user's to
save. Saving hands the record on with ``saved``: the window stores it in
the log (``add_exposure``) and says how that went with ``set_saved``.

The numbers come from ``app.coaching`` (``exposure_check``,
``recent_weeks``); this screen only shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.coaching import exposure_check, recent_weeks
from app.core.days import short_day
from app.core.exposure import MAX_MINUTES_A_DAY
from app.core.wording import percent_more
from app.storage.records import Activity, Exposure
from app.ui.changes import Change
from app.ui.screen import Screen
from app.ui.theme import set_font_px, wrapping_label

NOTE_LIMIT = 200  # characters: "grass, 2 km", not a diary
RECENT_WEEKS = 6
# Entries can be added for this many days back; the check of the earliest needs the two
# weeks before it, so the window feeds ``set_entries`` with at least ``FEED_DAYS`` of them.
BACKFILL_DAYS = RECENT_WEEKS * 7
FEED_DAYS = BACKFILL_DAYS + 2 * 7
BAR_ROLE = Qt.ItemDataRole.UserRole + 1  # (minutes, the guide's most, the chart's top)


class _WeekBar(QStyledItemDelegate):
    """A small bar chart in the list: a bar for the week's minutes and a line at the guide's
    most for it. The numbers are in the other columns too, so the bar is never the only sign."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        value = index.data(BAR_ROLE)
        if not value:
            return
        minutes, limit, top = value
        area = option.rect.adjusted(4, 4, -8, -4)
        if top <= 0 or area.width() <= 0:
            return
        palette = option.palette
        painter.save()
        width = round(area.width() * minutes / top)
        if width:
            painter.fillRect(area.x(), area.y(), width, area.height(), palette.highlight())
        x = area.x() + round(area.width() * limit / top)
        painter.setPen(QPen(palette.text().color(), 2))
        painter.drawLine(x, option.rect.top() + 1, x, option.rect.bottom() - 1)
        painter.restore()


class ExposureView(Screen):
    """Log barefoot or minimalist minutes; ``saved`` carries the ``Exposure`` to store."""

    shows = Change.EXPOSURE
    saved = Signal(object)  # Exposure

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[Exposure] = []
        self.today = date.today()
        self._pending: Exposure | None = None
        layout = QVBoxLayout(self)

        self.heading = wrapping_label("Barefoot walking and running")
        self.heading.setObjectName("heading")
        layout.addWidget(self.heading)
        self.intro = wrapping_label(
            "Minutes you walked or ran barefoot or in minimalist shoes. Build up slowly: about"
            " 10 % more a week, or 10 minutes more after a small week."
        )
        layout.addWidget(self.intro)

        form = QFormLayout()
        # Only the note grows with the window (up to a limit set with the text size).
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.setAccessibleName("Day")
        self.day.dateChanged.connect(self._update)
        form.addRow("Day:", self.day)
        self.minutes = QSpinBox()
        self.minutes.setRange(0, MAX_MINUTES_A_DAY)
        self.minutes.setSuffix(" min")
        # 0 is not an entry: the box says what to do instead of showing it.
        self.minutes.setSpecialValueText("enter minutes")
        self.minutes.setSingleStep(5)
        self.minutes.setAccessibleName("Minutes")
        self.minutes.valueChanged.connect(self._update)
        form.addRow("Minutes:", self.minutes)
        activity = QHBoxLayout()
        self.walk = QRadioButton("Walk")
        self.run = QRadioButton("Run")
        self.walk.setChecked(True)
        self._activity = QButtonGroup(self)
        for button in (self.walk, self.run):
            self._activity.addButton(button)
            activity.addWidget(button)
        activity.addStretch(1)
        form.addRow("Activity:", activity)
        self.note = QLineEdit()
        self.note.setMaxLength(NOTE_LIMIT)
        self.note.setPlaceholderText("Optional: where, on what surface")
        self.note.setAccessibleName("Note")
        self.note.setMinimumWidth(260)
        self.note.setMaximumWidth(468)
        form.addRow("Note:", self.note)
        layout.addLayout(form)

        # What the week would be, before saving; the warning in words, in a box.
        self.week = wrapping_label()
        self.week.setAccessibleName("This week")
        layout.addWidget(self.week)
        self.check_frame = QFrame()
        self.check_frame.setFrameShape(QFrame.Shape.Box)
        self.check_frame.setLineWidth(2)
        check = QVBoxLayout(self.check_frame)
        self.warning_title = wrapping_label("Over the guide: too much too soon?")
        check.addWidget(self.warning_title)
        self.check = wrapping_label()
        self.check.setAccessibleName("Weekly guide")
        check.addWidget(self.check)
        layout.addWidget(self.check_frame)

        row = QHBoxLayout()
        self.status = wrapping_label()
        self.status.setAccessibleName("Saved")
        row.addWidget(self.status, 1)
        self.back_button = QPushButton("Back")
        self.back_button.clicked.connect(self.back_requested)
        row.addWidget(self.back_button)
        self.save_button = QPushButton("Save")
        self.save_button.setMinimumHeight(40)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)
        row.addWidget(self.save_button)
        layout.addLayout(row)

        self.recent_title = wrapping_label("Recent weeks (7 days each, as the guide counts them)")
        layout.addWidget(self.recent_title)
        self.recent = QTreeWidget()
        self.recent.setAccessibleName("Recent weeks")
        self.recent.setHeaderLabels(
            ["7 days", "Minutes", "Change", "Guide", "Bar: minutes; line: guide"]
        )
        self.recent.setRootIsDecorated(False)
        self.recent.setAlternatingRowColors(True)
        self.recent.setItemDelegateForColumn(4, _WeekBar(self.recent))
        header = self.recent.header()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.recent, 1)
        self.set_entries([], self.today)

    # -- data in -------------------------------------------------------------------------

    def set_entries(self, exposures: Sequence[Exposure], today: date) -> None:
        """The logged entries, at least the last ``FEED_DAYS`` days of them, and today's date."""
        self.entries = list(exposures)
        self.today = today
        latest = QDate(today.year, today.month, today.day)
        # No minutes in the future, nor further back than the entries fed can check; a day
        # already chosen is kept (an entry for yesterday).
        if self.day.maximumDate() != latest:
            self.day.setDateRange(latest.addDays(-BACKFILL_DAYS), latest)
            self.day.setDate(latest)
        self._show_weeks()
        self._update()

    def set_saved(self, saved: bool, message: str = "") -> None:
        """What the log said about the last ``saved`` entry: stored, or why not."""
        pending, self._pending = self._pending, None
        self.save_button.setEnabled(True)
        if not saved or pending is None:
            self.status.setText(f"Not saved: {message}" if message else "Not saved.")
            self._update()
            return
        self.entries.append(pending)
        self.status.setText(
            f"Saved: {pending.minutes:g} min {pending.activity.value} on {short_day(pending.day)}."
        )
        self.minutes.setValue(0)
        self.note.clear()
        self._show_weeks()
        self._update()

    # -- what it shows -------------------------------------------------------------------

    def chosen_day(self) -> date:
        return self.day.date().toPython()

    def _update(self) -> None:
        day, minutes = self.chosen_day(), self.minutes.value()
        so_far = exposure_check(self.entries, day, 0)
        self.week.setText(
            f"The 7 days to {short_day(day)}: {so_far.this_week} min so far;"
            f" the 7 days before: {so_far.last_week} min."
        )
        if minutes == 0:
            self.check_frame.setVisible(False)
            self.save_button.setEnabled(False)
            return
        result = exposure_check(self.entries, day, minutes)
        self.warning_title.setVisible(result.over)
        self.check.setText(
            f"{result.message} You can still save it." if result.over else result.message
        )
        self.check_frame.setFrameShape(QFrame.Shape.Box if result.over else QFrame.Shape.NoFrame)
        self.check_frame.setVisible(True)
        self.save_button.setEnabled(self._pending is None)

    def _show_weeks(self) -> None:
        self.recent.clear()
        weeks = recent_weeks(self.entries, self.today, RECENT_WEEKS)
        top = max((max(w.minutes, w.limit) for w in weeks), default=0)
        for week in weeks:
            if week.last_week:
                change = f"{percent_more(week.minutes, week.last_week):+d} %"
            else:
                change = "new" if week.minutes else ""
            guide = "over the guide" if week.over else "within"
            item = QTreeWidgetItem(
                [
                    f"{short_day(week.start)} – {short_day(week.end)}",
                    f"{week.minutes} min",
                    change,
                    guide,
                    "",
                ]
            )
            item.setData(4, BAR_ROLE, (week.minutes, week.limit, top))
            item.setToolTip(4, f"{week.minutes} min; the guide's most {week.limit} min")
            for column in (1, 2):
                item.setTextAlignment(
                    column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
            self.recent.addTopLevelItem(item)

    def _save(self) -> None:
        minutes = self.minutes.value()
        if minutes == 0 or self._pending is not None:
            return
        activity = Activity.RUN if self.run.isChecked() else Activity.WALK
        record = Exposure(self.chosen_day(), float(minutes), activity, self.note.text().strip())
        self._pending = record
        self.save_button.setEnabled(False)  # one save at a time, till the log answers
        self.status.setText("Saving…")
        self.saved.emit(record)

    def scale_text(self, px: int) -> None:
        """Set the text size of this screen (called as the window resizes)."""
        set_font_px(self, px)
        set_font_px(self.heading, int(px * 1.6), bold=True)
        set_font_px(self.warning_title, int(px * 1.15), bold=True)
        set_font_px(self.recent_title, px, bold=True)
        set_font_px(self.save_button, int(px * 1.2), bold=True)
        self.note.setMinimumWidth(px * 20)
        self.note.setMaximumWidth(px * 36)
