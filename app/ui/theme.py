"""Phase colours. Each is dark enough for white text on light and dark palettes,
and is always shown with the phase's words: colour is never the only signal."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from app.core.player import State

PHASE_COLOURS = {
    State.IDLE: QColor("#455A64"),
    State.GET_READY: QColor("#A85A00"),
    State.WORK: QColor("#2E7D32"),
    State.SWITCH: QColor("#1565C0"),
    State.REST: QColor("#6A1B9A"),
    State.PAUSED: QColor("#546E7A"),
    State.DONE: QColor("#37474F"),
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
