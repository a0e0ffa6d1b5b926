"""After a session: what was planned and what was done, per exercise and side."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.events import SessionStatus
from app.core.summary import SummaryRow
from app.ui.checkin import SessionCheckInPanel
from app.ui.screen import Screen
from app.ui.theme import set_font_px

HEADINGS = {
    SessionStatus.COMPLETED: "Session complete",
    SessionStatus.ENDED_EARLY: "Session ended early",
    SessionStatus.STOPPED_FOR_PAIN: "Stopped for pain",
}


def _amount(value: float, unit: str) -> str:
    if unit == "reps":
        return "1 rep" if int(value) == 1 else f"{int(value)} reps"
    return f"{round(value)} s"


class SummaryView(Screen):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        layout.addWidget(self.heading)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        layout.addWidget(self.advice)

        self.table = QTreeWidget()
        self.table.setAccessibleName("Planned and done")
        self.table.setHeaderLabels(["Exercise", "Side", "Planned", "Done", "Result"])
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)

        self.saved = QLabel()
        self.saved.setAccessibleName("Saved in the log")
        self.saved.setWordWrap(True)
        layout.addWidget(self.saved)
        self.check_in = SessionCheckInPanel()
        layout.addWidget(self.check_in)

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.back_button = QPushButton("Back to routines")
        self.back_button.setMinimumHeight(40)
        self.back_button.clicked.connect(self.back_requested)
        bottom.addWidget(self.back_button)
        layout.addLayout(bottom)

    def show_summary(
        self, routine_name: str, status: SessionStatus, rows: list[SummaryRow]
    ) -> None:
        heading = HEADINGS[status]
        if status is SessionStatus.COMPLETED and any(r.completed < r.blocks for r in rows):
            heading = "Session finished"  # it ran to the end, but not everything was done
        self.heading.setText(f"{heading}: {routine_name}")
        if status is SessionStatus.STOPPED_FOR_PAIN or any(r.stopped for r in rows):
            self.advice.setText(
                "Pain means stop that exercise. If the pain is worse tomorrow morning, "
                "rest and do less next time; if it lasts, see a physical therapist."
            )
        else:
            self.advice.setText("")
        self.table.clear()
        for row in rows:
            item = QTreeWidgetItem(
                [
                    row.exercise_name,
                    row.side.value if row.side.value != "none" else "",
                    _amount(row.planned, row.unit),
                    _amount(row.done, row.unit),
                    row.status,
                ]
            )
            for column in (2, 3):
                item.setTextAlignment(
                    column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
            self.table.addTopLevelItem(item)
        self.back_button.setFocus()

    def scale_text(self, px: int) -> None:
        """Set the text size of this screen (called as the window resizes)."""
        set_font_px(self, px)
        set_font_px(self.heading, int(px * 2.0), bold=True)
