"""The progress log was found damaged and moved aside: which backup to restore, or a new log.

Each backup is listed with what it holds (its sessions, and the day of
the newest), the best first: the one with the newest session, by the
log's own session numbers, whatever its name or a clock says. A backup
dated in the future (the clock was ahead when it was made) says so; one
that cannot be restored says why and cannot be chosen. The dialog is
window-modal and opened with ``open()``: the event loop, and a session's
timing, go on. Escape does not close it: restoring or starting anew is
chosen with a button.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.storage.backups import Backup
from app.storage.errors import DamagedLogError
from app.ui.theme import wrapping_label

COLUMNS = ("Backup made", "Sessions", "Newest session")
RESTORE = "Restore"
NEW_LOG = "Start a new log"


def made_words(backup: Backup, now: datetime) -> str:
    words = f"{backup.taken:%a %d %b %Y %H:%M}"
    if backup.in_future(now):
        words += " (dated in the future: the clock was ahead)"
    if not backup.periodic:
        words += f" (before the update to version {backup.before_version})"
    return words


def newest_words(backup: Backup) -> str:
    contents = backup.contents
    if contents is None or contents.newest_started is None:
        return "-"
    try:
        return f"{datetime.fromtimestamp(contents.newest_started).astimezone():%a %d %b %Y}"
    except (OverflowError, OSError, ValueError):
        return "-"


class RestoreDialog(QDialog):
    """Choose a backup of a damaged log (``chosen``), or a new log (``chosen`` is None)."""

    def __init__(
        self,
        error: DamagedLogError,
        failed: Mapping[Path, str],
        now: datetime,
        parent: QWidget | None = None,
        *,
        carrying: bool = False,
    ) -> None:
        """``failed``: backups that could not be restored, and why; ``carrying``: the session
        just played is kept in memory and goes into whichever log comes next."""
        super().__init__(parent)
        self.setWindowTitle("Progress log damaged")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(640)
        self._backups = list(error.backups)
        self._failed = dict(failed)
        layout = QVBoxLayout(self)
        usable = [b for b in self._backups if self._usable(b)]
        if usable:
            offer = (
                "Restore a backup: the first one holds your newest sessions. Sessions "
                "after it are not in it."
            )
        elif self._backups:
            offer = "None of the backups can be restored. Start a new log."
        else:
            offer = "There is no backup to restore. Start a new log."
        if carrying:
            offer += " The session you have just played is kept, and added to that log."
        self.label = wrapping_label(
            f"Footwork found your progress log damaged ({error.reason}). It stopped "
            f"writing to it and moved it aside to {error.moved_to}; nothing was deleted."
            f"\n\n{offer}"
        )
        layout.addWidget(self.label)
        self.table = QTreeWidget()
        self.table.setHeaderLabels(COLUMNS)
        self.table.setRootIsDecorated(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for backup in self._backups:
            item = QTreeWidgetItem(self._cells(backup, now))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if not self._usable(backup):
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.table.addTopLevelItem(item)
        self.table.setVisible(bool(self._backups))
        # As tall as its rows, up to ten; more scroll.
        rows = min(len(self._backups), 10)
        row_height = self.table.sizeHintForRow(0) if self._backups else 0
        self.table.setFixedHeight(self.table.header().sizeHint().height() + rows * row_height + 6)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(RESTORE, QDialogButtonBox.ButtonRole.AcceptRole)
        self.new_button = buttons.addButton(NEW_LOG, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setVisible(bool(usable))
        buttons.accepted.connect(self.accept)
        self.new_button.clicked.connect(lambda: self.done(QDialog.DialogCode.Rejected))
        layout.addWidget(buttons)
        self._buttons = [self.restore_button, self.new_button] if usable else [self.new_button]
        self.table.itemSelectionChanged.connect(self._selected)
        if usable:
            first = self._backups.index(usable[0])
            self.table.setCurrentItem(self.table.topLevelItem(first))
            self.restore_button.setDefault(True)
        else:
            self.new_button.setDefault(True)
        self._selected()

    def _usable(self, backup: Backup) -> bool:
        return backup.problem is None and backup.path not in self._failed

    def _cells(self, backup: Backup, now: datetime) -> list[str]:
        problem = self._failed.get(backup.path) or backup.problem
        if problem is not None:
            return [made_words(backup, now), "-", f"cannot be restored: {problem}"]
        sessions = "-" if backup.contents is None else str(backup.contents.sessions)
        return [made_words(backup, now), sessions, newest_words(backup)]

    def _selected(self) -> None:
        self.restore_button.setEnabled(self.chosen is not None)

    @property
    def chosen(self) -> Backup | None:
        """The backup selected, if it can be restored."""
        rows = [self.table.indexOfTopLevelItem(item) for item in self.table.selectedItems()]
        if not rows or rows[0] < 0:
            return None
        backup = self._backups[rows[0]]
        return backup if self._usable(backup) else None

    def reject(self) -> None:
        """Escape, or closing the dialog, decides nothing: the choice is the user's."""

    # What a QMessageBox answers, so the window treats every question alike.

    def text(self) -> str:
        return self.label.text()

    def buttons(self) -> list[QPushButton]:
        return list(self._buttons)
