"""The library screen: every routine with its planned length, and broken files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.durations import format_clock
from app.ui.screen import Screen
from app.ui.theme import set_font_px

if TYPE_CHECKING:
    from app.core.library import Library


class _RoutineList(QTreeWidget):
    """The list of routines; says each time it has painted itself."""

    painted = Signal()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted.emit()


class LibraryView(Screen):
    """Lists routines; activating one emits ``routine_chosen(id)``. The first screen:
    it never asks to go back."""

    routine_chosen = Signal(str)
    first_painted = Signal()  # the screen is up: a good moment to load the routines
    routines_shown = Signal()  # the routines are painted in the list: the start is over
    history_requested = Signal()
    exposure_requested = Signal()
    program_requested = Signal()

    COLUMNS = ("Routine", "Length", "Exercises", "Kinds of work")

    def __init__(self, library: Library | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self._painted = False
        self._routines_painted = False
        layout = QVBoxLayout(self)

        self.heading = QLabel("Routines")
        self.heading.setObjectName("heading")
        layout.addWidget(self.heading)
        hint = QLabel("Choose a routine and press Enter, or double-click it, to see its steps.")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        self.table = _RoutineList()
        self.table.setAccessibleName("Routines")
        self.table.setHeaderLabels(self.COLUMNS)
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(self.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemActivated.connect(self._activated)
        self.table.painted.connect(self._list_painted)
        layout.addWidget(self.table, 1)

        self.failures = QLabel()
        self.failures.setObjectName("failures")
        self.failures.setWordWrap(True)
        self.failures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.failures)

        # The other places, also in the View menu: seen without knowing the menu is there.
        places = QHBoxLayout()
        for text, signal, name in (
            ("History and charts", self.history_requested, "history_button"),
            ("Barefoot minutes", self.exposure_requested, "exposure_button"),
            ("8-week program", self.program_requested, "program_button"),
        ):
            button = QPushButton(text)
            button.setMinimumHeight(36)
            button.clicked.connect(signal)
            setattr(self, name, button)
            places.addWidget(button)
        places.addStretch(1)
        layout.addLayout(places)
        self.refresh()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def _list_painted(self) -> None:
        if self.library is not None and not self._routines_painted:
            self._routines_painted = True
            # Once this paint is through: the routines are on screen then.
            QTimer.singleShot(0, self, self.routines_shown.emit)

    def set_library(self, library: Library) -> None:
        self.library = library
        self.refresh()

    def refresh(self) -> None:
        self.table.clear()
        if self.library is None:
            self.failures.setText("Loading routines…")
            self.failures.show()
            return
        from app.core.timeline import planned_seconds
        from app.core.wording import categories_words

        for routine in self.library.routines.values():
            item = QTreeWidgetItem(
                [
                    routine.name,
                    format_clock(planned_seconds(routine)),
                    str(len(routine.exercises)),
                    categories_words(routine.categories),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, routine.id)
            item.setToolTip(0, routine.description)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
        if self.table.topLevelItemCount():
            self.table.setCurrentItem(self.table.topLevelItem(0))

        if self.library.failures:
            lines = [f"{len(self.library.failures)} file(s) could not be loaded:"]
            lines += [str(p) for f in self.library.failures for p in f.problems]
            self.failures.setText("\n".join(lines))
            self.failures.show()
        else:
            self.failures.hide()

    def routine_ids(self) -> list[str]:
        return [
            self.table.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
            for i in range(self.table.topLevelItemCount())
        ]

    def _activated(self, item: QTreeWidgetItem) -> None:
        self.routine_chosen.emit(item.data(0, Qt.ItemDataRole.UserRole))

    def scale_text(self, px: int) -> None:
        """Set the text size of this screen (called as the window resizes)."""
        set_font_px(self, px)
        set_font_px(self.heading, int(px * 1.6), bold=True)
