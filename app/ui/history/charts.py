"""History's chart wrapper over pyqtgraph: a heading with the legend over a plot of dates.

The only module that imports pyqtgraph (and with it numpy). It is imported
when a chart tab is first shown, or earlier, in an idle moment after
start-up (``MainWindow.warm_charts``), so that History opens on its table
without waiting for the import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, TypeAlias

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QPen, QTransform
from PySide6.QtWidgets import QLabel, QStyleOptionGraphicsItem, QVBoxLayout, QWidget

from app.ui.history_data import Series

# Lines are antialiased one by one (``antialias=True`` on each); bars are square, crisp
# without it, and much faster to paint without it when ten years of them are shown.
pg.setConfigOptions(antialias=False)

SYMBOL_SIZE = 7
MAX_SYMBOLS = 100  # per line; more would crowd a chart on a small window
AXIS_WIDTH = 44  # pixels at 13 px text
# Qt strokes a line wider than a pixel of a few hundred points many times slower than
# the same line in pieces (its rasterizer runs out of room, and starts again, and again):
# ten years of weekly points, 463 of them, took 53 ms a paint at 1.5 px; in pieces, 12 ms.
PIECE_POINTS = 25


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


class PiecewiseCurve(pg.PlotCurveItem):
    """pyqtgraph's curve, but a long wide line is stroked in pieces of ``PIECE_POINTS``,
    each piece going on with the dashes where the one before left off: it looks as the
    one stroke would (but for where two pieces meet), at a fraction of the cost."""

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None
    ) -> None:
        x, y = self.getData()
        pen = self.opts["pen"]
        plain = (
            x is None
            or len(x) <= PIECE_POINTS + 1
            or pen.widthF() <= 1.0
            or self.opts["fillLevel"] is not None
            or self.opts["stepMode"]
            or self.opts["shadowPen"] is not None
        )
        if plain:
            super().paint(painter, option, widget)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, self.opts["antialias"])
        to_device = painter.transform()
        dashed = pen.style() != Qt.PenStyle.SolidLine
        offset = 0.0  # where in the dash pattern the next piece starts, in pen widths
        for start in range(0, len(x) - 1, PIECE_POINTS):
            xs = x[start : start + PIECE_POINTS + 1]
            ys = y[start : start + PIECE_POINTS + 1]
            piece = QPen(pen)
            if dashed:
                piece.setDashOffset(offset)
                offset += _device_length(xs, ys, to_device) / pen.widthF()
            painter.setPen(piece)
            painter.drawPath(pg.arrayToQPath(xs, ys, connect=self.opts["connect"]))


def _device_length(xs: np.ndarray, ys: np.ndarray, transform: QTransform) -> float:
    """How long the line through these points is on screen, in pixels (a cosmetic pen's
    dashes are laid out there)."""
    px = transform.m11() * xs + transform.m21() * ys + transform.m31()
    py = transform.m12() * xs + transform.m22() * ys + transform.m32()
    return float(np.hypot(np.diff(px), np.diff(py)).sum())


class Line(pg.PlotDataItem):
    """pyqtgraph's line (with its symbols, downsampling and clipping), drawn with a
    ``PiecewiseCurve``."""

    curve: PiecewiseCurve

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.curve.setParentItem(None)  # pyqtgraph's own: replaced
        self.curve = PiecewiseCurve()
        self.curve.setParentItem(self)
        self.curve.stackBefore(self.scatter)  # the symbols over the line, as before
        self.curve.sigClicked.connect(self.sigClicked)
        self.setData(*args, **kwargs)


Bars: TypeAlias = pg.BarGraphItem  # what ``Chart.bars`` draws, for the tabs to name it

# What the legend draws for a symbol, a dash and a bar fill, in text.
_GLYPHS = {"o": "●", "t1": "▲", "s": "■"}
# (Box-drawing lines: unlike hyphens and dashes, a line may not break after them.)
_DASHES = {Qt.PenStyle.SolidLine: "─", Qt.PenStyle.DashLine: "╌", Qt.PenStyle.DotLine: "┈"}
_FILLED, _HOLLOW = "██", "▯▯"


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
    ) -> Line:
        # Symbols until they would crowd each other; the dash tells the lines apart anyway.
        few = len(series) <= MAX_SYMBOLS
        item = Line(
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
    ) -> Bars:
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
