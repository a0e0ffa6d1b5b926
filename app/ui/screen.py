"""What every screen in the window's stack is: one small interface, no duck typing.

A ``Screen`` is a QWidget that

* sizes its words to the window (``scale_text(px)``, called as the window
  resizes; the player sizes its own, to its own size, and leaves it be);
* may ask to go back (``back_requested``; where to is the window's wiring:
  the routine list, or the routine page a start began on);
* says which records of the progress log it shows (``shows``, a
  ``Change``): when a write changes any of them while the screen is on
  show (``log_changed``), it asks to be filled again (``reload_wanted``),
  and whoever fills it reads the log once more. A screen that is not on
  show hears nothing: every screen reads what it shows as it is shown.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.ui.changes import Change


class Screen(QWidget):
    back_requested = Signal()
    reload_wanted = Signal()  # what it shows changed in the log: fill it again

    shows: ClassVar[Change] = Change.NONE  # the records of the log it shows

    def scale_text(self, px: int) -> None:
        """Set the text size of this screen (called as the window resizes)."""

    def log_changed(self, changes: Change) -> None:
        """A write is in (the window calls this on the screen on show)."""
        if changes & self.shows:
            self.reload_wanted.emit()
