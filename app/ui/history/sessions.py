"""History's sessions table: the sessions of a period, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.storage.records import SessionSummary
from app.ui.history_data import SESSION_COLUMNS, session_cells

_RIGHT_ALIGNED = (2, 3, 4)  # duration, blocks, pain


class SessionsModel(QAbstractTableModel):
    """The sessions of a period, newest first; cells are worded only when shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sessions: Sequence[SessionSummary] = ()
        self._cells: dict[int, tuple[str, ...]] = {}

    def set_sessions(self, sessions: Sequence[SessionSummary]) -> None:
        self.beginResetModel()
        self._sessions = sessions
        self._cells = {}
        self.endResetModel()

    def row_cells(self, row: int) -> tuple[str, ...]:
        cells = self._cells.get(row)
        if cells is None:
            cells = self._cells[row] = session_cells(self._sessions[row])
        return cells

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._sessions)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(SESSION_COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.row_cells(index.row())[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in _RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return SESSION_COLUMNS[section]
        return None


def sessions_table(model: SessionsModel) -> QTableView:
    """The table of the Sessions tab, on ``model``."""
    table = QTableView()
    table.setAccessibleName("Sessions, newest first")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    # Size columns from the rows in view only: ten years of rows are not measured.
    header.setResizeContentsPrecision(0)
    for column in range(len(SESSION_COLUMNS)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return table
