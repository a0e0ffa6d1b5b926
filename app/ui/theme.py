"""Phase colours. Each is dark enough for white text on light and dark palettes,
and is always shown with the phase's words: colour is never the only signal."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget

# Keyed by the player's State values (kept as text so that the library
# screen, which uses this module's font helpers, need not load the player).
PHASE_COLOURS = {
    "idle": QColor("#455A64"),
    "get ready": QColor("#A85A00"),
    "work": QColor("#2E7D32"),
    "switch": QColor("#1565C0"),
    "rest": QColor("#6A1B9A"),
    "paused": QColor("#546E7A"),
    "done": QColor("#37474F"),
}


def text_px(window_height: int) -> int:
    """Body text size for a window: grows with it, so a big window is readable from afar."""
    return max(13, int(window_height * 0.02))


def set_font_px(widget: QWidget, px: int, bold: bool | None = None) -> None:
    font = QFont(widget.font())
    font.setPixelSize(px)
    if bold is not None:
        font.setBold(bold)
    widget.setFont(font)


def wrapping_label(text: str = "", rich: bool = False) -> QLabel:
    """A label that wraps; plain text unless ``rich``, so data can never be read as markup."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    return label


def vertical_scroll(body: QWidget) -> QScrollArea:
    """``body`` in a frameless area that scrolls up and down, never sideways: text wraps."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(body)
    return scroll
