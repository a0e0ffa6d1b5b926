"""The line at the top of every screen: what the user should know about their data folder.

It says, each once: that other users can open the folder, that the
settings file was refused, which rows of the log no reader can use, and
what the log said once (a backup skipped to keep disk space). Hidden when
there is nothing to say.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:
    from app.storage.unreadable import UnreadableRow


class NoticeBar(QLabel):
    def __init__(
        self, data_dir: Path, settings_problem: Callable[[], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._settings_problem = settings_problem
        self._unreadable = ""  # rows of the log no reader can use, in words
        self._log_notices: list[str] = []  # what the log said once (a backup skipped...)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setObjectName("notice")
        # The tool tip colours: a note, not an alarm, and readable in light and dark themes.
        self.setStyleSheet(
            "QLabel#notice { background: palette(tool-tip-base); color: palette(tool-tip-text);"
            " border-bottom: 1px solid palette(mid); padding: 6px 9px; }"
        )

    def show_all(self) -> None:
        """Say, at the top of the window, what is unusual about the data folder (once it is
        in the window: a label without a parent would show as a window of its own)."""
        from app.paths import exposure_warning

        folder = exposure_warning(self.data_dir)
        notices = [
            folder[:1].upper() + folder[1:] + "." if folder else "",
            self._settings_problem(),
            self._unreadable,
            *self._log_notices,
        ]
        text = "\n".join(n for n in notices if n)
        self.setText(text)
        self.setVisible(bool(text))

    def show_unreadable(self, rows: tuple[UnreadableRow, ...]) -> None:
        """The log's rows no reader can use (at start, and each time History reads them)."""
        from app.storage.unreadable import unreadable_words

        words = unreadable_words(rows)
        if words:
            words += " History shows them and can remove them."
        if words != self._unreadable:
            self._unreadable = words
            self.show_all()

    def add(self, text: str) -> None:
        """Say something the log told, under the rest, once."""
        if text not in self._log_notices:
            self._log_notices.append(text)
            self.show_all()
