"""History's Progress tab: minutes per week (exercise, and barefoot), and pain over time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.ui.history.charts import Bars, Chart, Colours, Line
from app.ui.history_data import DAY_SECONDS, HistoryData, Series, Step

WEEK_BAR_WIDTH = 6 * DAY_SECONDS  # a gap of a day between weeks
# What one point of the pain chart is.
PAIN_POINTS = {
    Step.DAY: "the day's worst",
    Step.WEEK: "weekly average",
    Step.MONTH: "monthly average",
}


class ProgressCharts:
    """The two charts of the Progress tab, built into its page; their dates line up."""

    def __init__(self, page: QWidget) -> None:
        layout = QVBoxLayout(page)
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
        self.minutes_bars: Bars | None = None
        self.barefoot_line: Line | None = None
        self.pain_during_line: Line | None = None
        self.pain_morning_line: Line | None = None

    @property
    def charts(self) -> tuple[Chart, Chart]:
        return self.minutes_chart, self.pain_chart

    def draw(self, data: HistoryData | None, span: tuple[float, float], colours: Colours) -> None:
        """Draw ``data`` (None: nothing loaded yet) over the dates of ``span``."""
        first, last = span
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
