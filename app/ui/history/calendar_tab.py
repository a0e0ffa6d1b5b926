"""History's Calendar tab: the streak, and the session days marked on a month calendar."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent
from PySide6.QtGui import QColor, QFont, QPalette, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QLabel, QVBoxLayout, QWidget

from app.ui.history_data import HistoryData
from app.ui.theme import set_font_px


class CalendarTab(QWidget):
    """The streak over a calendar that marks, page by page, the days with a session."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session_days: frozenset[date] = frozenset()
        self._marked: list[QDate] = []
        layout = QVBoxLayout(self)
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

    def show_data(self, data: HistoryData | None, today: date) -> None:
        """Show the period of ``data`` (None: nothing loaded yet)."""
        self._session_days = frozenset(data.session_days) if data else frozenset()
        self.streak.setText(data.streak_words if data else "")
        first = data.first_day if data else None
        # The calendar pages through the period shown, as the table and the charts do.
        self.calendar.setDateRange(
            QDate(1900, 1, 1) if first is None else QDate(first.year, first.month, first.day),
            QDate(today.year, today.month, today.day),
        )
        self.mark()

    def mark(self) -> None:
        """Mark the session days of the page in view."""
        self._mark_page(self.calendar.yearShown(), self.calendar.monthShown())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.mark()  # light to dark or back: the shade follows the palette

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
        return sorted(date(d.year(), d.month(), d.day()) for d in self._marked)

    def scale_text(self, px: int) -> None:
        set_font_px(self.streak, int(px * 1.3), bold=True)
