"""Check-ins: pain during a session (with a note, optionally per exercise) and the next morning.

Widgets only: they collect the numbers and hand them on with a signal;
the main window saves them in the log. The 0-10 scale names its bands in
words (safe, acceptable, too much), as the pain-monitoring model does, so
colour is never the only signal.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

PAIN_BANDS = "0-2 safe · 3-5 acceptable · 6-10 too much"
NOTE_LIMIT = 2000  # characters; a note, not a diary


def pain_band(value: int) -> str:
    if value <= 2:
        return "safe"
    if value <= 5:
        return "acceptable"
    return "too much"


class PainScale(QWidget):
    """Eleven buttons, 0 (none) to 10 (worst imaginable); one or none chosen."""

    changed = Signal(object)  # the value, or None

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.group = QButtonGroup(self)
        self.buttons: list[QPushButton] = []
        for value in range(11):
            button = QPushButton(str(value))
            button.setCheckable(True)
            button.setMinimumSize(36, 36)
            button.setAccessibleName(f"{name}: {value} ({pain_band(value)})")
            self.group.addButton(button, value)
            self.buttons.append(button)
            row.addWidget(button)
        layout.addLayout(row)
        self.words = QLabel(f"0 none … 10 worst imaginable. {PAIN_BANDS}.")
        self.words.setWordWrap(True)
        layout.addWidget(self.words)
        self.group.idClicked.connect(self._clicked)

    def _clicked(self, value: int) -> None:
        self.words.setText(f"{value}: {pain_band(value)}. {PAIN_BANDS}.")
        self.changed.emit(value)

    def value(self) -> int | None:
        chosen = self.group.checkedId()
        return None if chosen < 0 else chosen

    def set_value(self, value: int) -> None:
        self.buttons[value].click()


class SessionCheckInPanel(QWidget):
    """After a session: pain during it (0-10), a note, and pain per exercise if the user likes."""

    submitted = Signal(int, str, dict)  # pain during, note, {exercise id: pain}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("<b>How did it feel?</b> Pain during the session, 0 to 10:")
        layout.addWidget(title)
        self.pain = PainScale("Pain during the session")
        layout.addWidget(self.pain)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("A note for yourself (optional): what felt good, what did not")
        self.note.setAccessibleName("Note")
        self.note.setMaximumHeight(80)
        self.note.setTabChangesFocus(True)
        layout.addWidget(self.note)
        self.per_exercise = QGroupBox("Pain per exercise (optional)")
        self.per_exercise.setCheckable(True)
        self.per_exercise.setChecked(False)
        self._form = QFormLayout(self.per_exercise)
        self.exercise_pain: dict[str, QSpinBox] = {}
        self.per_exercise.toggled.connect(self._show_rows)
        layout.addWidget(self.per_exercise)
        row = QHBoxLayout()
        self.status = QLabel()
        self.status.setAccessibleName("Check-in saved")
        row.addWidget(self.status, 1)
        self.save_button = QPushButton("Save check-in")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._submit)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.pain.changed.connect(lambda _: self.save_button.setEnabled(True))

    def reset(self, exercises: Sequence[tuple[str, str]]) -> None:
        """A fresh form for a session of these (id, name) exercises."""
        self.pain.group.setExclusive(False)
        for button in self.pain.buttons:
            button.setChecked(False)
        self.pain.group.setExclusive(True)
        self.pain.words.setText(f"0 none … 10 worst imaginable. {PAIN_BANDS}.")
        self.note.clear()
        while self._form.rowCount():
            self._form.removeRow(0)
        self.exercise_pain = {}
        for exercise_id, name in exercises:
            box = QSpinBox()
            box.setRange(-1, 10)
            box.setSpecialValueText("not rated")
            box.setValue(-1)
            box.setAccessibleName(f"Pain during {name}")
            self._form.addRow(name, box)
            self.exercise_pain[exercise_id] = box
        self.per_exercise.setChecked(False)
        self._show_rows(False)
        self.status.setText("Not saved yet: choose a number to save the check-in.")
        self.save_button.setEnabled(False)
        self.setEnabled(True)

    def _show_rows(self, on: bool) -> None:
        for box in self.exercise_pain.values():
            box.setVisible(on)
            label = self._form.labelForField(box)
            if label is not None:
                label.setVisible(on)

    def _submit(self) -> None:
        pain = self.pain.value()
        if pain is None:
            return
        per = {}
        if self.per_exercise.isChecked():
            per = {k: box.value() for k, box in self.exercise_pain.items() if box.value() >= 0}
        note = self.note.toPlainText().strip()[:NOTE_LIMIT]
        self.status.setText("Saving…")
        self.submitted.emit(pain, note, per)

    def set_saved(self, saved: bool, message: str = "") -> None:
        """What the log said: saved, or why not (the form stays filled in to try again)."""
        self.status.setText("Check-in saved." if saved else f"Not saved: {message}")


class MorningCheckInDialog(QDialog):
    """The morning after a session day: pain and stiffness, or skip."""

    def __init__(self, day_words: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Morning check-in")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"<b>Good morning.</b> How do your feet and calves feel after {day_words}'s session? "
            "The morning after tells the coach whether the load was right."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Pain this morning, 0 to 10:"))
        self.pain = PainScale("Pain this morning")
        layout.addWidget(self.pain)
        layout.addWidget(QLabel("Stiffness this morning, 0 to 10:"))
        self.stiffness = PainScale("Stiffness this morning")
        layout.addWidget(self.stiffness)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.skip_button = buttons.addButton("Skip", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setEnabled(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for scale in (self.pain, self.stiffness):
            scale.changed.connect(self._ready)

    def _ready(self, _value: object) -> None:
        self.save_button.setEnabled(
            self.pain.value() is not None and self.stiffness.value() is not None
        )
