"""Phase colours. Each is dark enough for white text on light and dark palettes,
and is always shown with the phase's words: colour is never the only signal."""

from __future__ import annotations

from PySide6.QtGui import QColor

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


def scaled_font_px(height: int, share: float, minimum: int = 12) -> int:
    return max(minimum, int(height * share))
