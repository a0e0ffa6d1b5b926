"""History's Per exercise tab: one exercise over time by side, and left against right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout

from app.core.routine import Side
from app.ui.history.charts import Bars, Chart, Colours, Line
from app.ui.history_data import DAY_SECONDS, ExerciseHistory, Measure, Step

# Per side: (legend words, symbol, dash).
SIDE_STYLE = {
    Side.LEFT: ("Left side", "o", Qt.PenStyle.SolidLine),
    Side.RIGHT: ("Right side", "t1", Qt.PenStyle.DashLine),
    Side.NONE: ("No side", "s", Qt.PenStyle.DotLine),
}


def pair_width(step: Step) -> float:
    """How wide each bar of a left-and-right pair is: 3/7 of its step, side by side."""
    return step.pairs.days * DAY_SECONDS * 3 / 7


class ExerciseCharts:
    """The two charts of the Per exercise tab, added to its page under the exercise box."""

    def __init__(self, layout: QVBoxLayout) -> None:
        self.exercise_chart = Chart("", Measure.SECONDS.value, "Exercise over time")
        self.sides_chart = Chart("", Measure.SECONDS.value, "Left against right")
        for chart in (self.exercise_chart, self.sides_chart):
            layout.addWidget(chart.widget, 1)
            chart.widget.show()
        self.sides_chart.plot.setXLink(self.exercise_chart.plot)
        self.exercise_lines: dict[Side, Line] = {}
        self.side_bars: dict[Side, Bars] = {}

    @property
    def charts(self) -> tuple[Chart, Chart]:
        return self.exercise_chart, self.sides_chart

    def draw(
        self,
        history: ExerciseHistory | None,
        span: tuple[float, float],
        colours: Colours,
        loading: bool,
    ) -> None:
        """Draw one exercise's charts: per day by side, and left against right per week.
        With no exercise, say ``Loading…`` while the exercises are read, or that none was
        done."""
        chart, sides = self.exercise_chart, self.sides_chart
        chart.clear()
        sides.clear()
        self.exercise_lines = {}
        self.side_bars = {}
        first, last = span
        if history is None:
            words = "Loading…" if loading else "No exercise done in this period"
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
