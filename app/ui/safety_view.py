"""Safety: who should not exercise barefoot, the advice, and an acknowledgement.

Shown before the first session and from Help at any time. The questions,
the advice and the rule for going on are in ``app.coaching``
(``SAFETY_QUESTIONS``, ``SafetyForm``); this screen shows them and hands
the answers on with ``answered``: the window stores them in the log.

A ticked condition is said plainly, in words, and the screen goes on only
after a second, explicit acknowledgement (medical clearance, or checking
with a physician first).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.coaching import (
    CLEARANCE_LABEL,
    CONTRAINDICATION_TITLE,
    NONE_APPLY_LABEL,
    READ_ADVICE_LABEL,
    SAFETY_ADVICE,
    SAFETY_INTRO,
    SAFETY_QUESTIONS,
    SafetyForm,
    contraindication_text,
)
from app.core.days import day_of, long_day
from app.storage.records import SafetyAnswers
from app.ui.screen import Screen
from app.ui.theme import set_font_px, vertical_scroll, wrapping_label


def _check_box(text: str) -> QCheckBox:
    box = QCheckBox(text)
    box.setAccessibleName(text)
    return box


class _ClickLabel(QLabel):
    """A wrapping label that toggles its check box when clicked, as the box's own text does."""

    def __init__(self, box: QCheckBox) -> None:
        super().__init__(box.text())
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setBuddy(box)
        self._box = box

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() is Qt.MouseButton.LeftButton and self._box.isEnabled():
            self._box.toggle()
        super().mousePressEvent(event)


def _beside(box: QCheckBox, layout: QVBoxLayout) -> QLabel:
    """Put ``box`` in ``layout`` with its text in a wrapping label beside it.

    A QCheckBox never wraps its text, so a long one (the clearance) would be
    cut off or widen the screen in a narrow window.
    """
    label = _ClickLabel(box)
    box.setText("")
    row = QHBoxLayout()
    row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(label, 1)
    layout.addLayout(row)
    return label


class SafetyView(Screen):
    """The safety questions and advice. ``answered`` carries a ``SafetyAnswers`` to store."""

    answered = Signal(object)  # SafetyAnswers

    def __init__(
        self, wall_clock: Callable[[], float] = time.time, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._wall_clock = wall_clock
        layout = QVBoxLayout(self)

        self.heading = wrapping_label("Before you start: is barefoot exercise safe for you?")
        self.heading.setObjectName("heading")
        layout.addWidget(self.heading)

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        self.previous = wrapping_label()
        self.previous.setVisible(False)
        column.addWidget(self.previous)

        self.questions = QGroupBox("Do any of these apply to you?")
        questions = QVBoxLayout(self.questions)
        questions.addWidget(wrapping_label(SAFETY_INTRO))
        self.conditions: dict[str, QCheckBox] = {}
        for question in SAFETY_QUESTIONS:
            box = _check_box(question.label)
            box.toggled.connect(self._condition_toggled)
            questions.addWidget(box)
            self.conditions[question.id] = box
        self.none_apply = _check_box(NONE_APPLY_LABEL)
        self.none_apply.toggled.connect(self._none_toggled)
        questions.addSpacing(6)  # set apart: it is the answer to all of them
        questions.addWidget(self.none_apply)
        column.addWidget(self.questions)

        # Said plainly, in a box of its own, only when a condition is ticked.
        self.warning_frame = QFrame()
        self.warning_frame.setFrameShape(QFrame.Shape.Box)
        self.warning_frame.setLineWidth(2)
        warning = QVBoxLayout(self.warning_frame)
        self.warning_title = wrapping_label(CONTRAINDICATION_TITLE)
        self.warning_title.setAccessibleName("Not advised")
        warning.addWidget(self.warning_title)
        self.warning = wrapping_label()
        self.warning.setAccessibleName("Why it is not advised")
        warning.addWidget(self.warning)
        self.clearance = _check_box(CLEARANCE_LABEL)
        _beside(self.clearance, warning)
        self.clearance.toggled.connect(self._update)
        self.warning_frame.setVisible(False)
        column.addWidget(self.warning_frame)

        self.advice_box = QGroupBox("Advice for everyone")
        advice = QVBoxLayout(self.advice_box)
        self.advice = wrapping_label(
            "<ul style='margin-left: 0; -qt-list-indent: 1'>"
            + "".join(f"<li>{escape(line)}</li>" for line in SAFETY_ADVICE)
            + "</ul>",
            rich=True,
        )
        self.advice.setAccessibleName("Safety advice")
        advice.addWidget(self.advice)
        self.read_advice = _check_box(READ_ADVICE_LABEL)
        self.read_advice.toggled.connect(self._update)
        advice.addWidget(self.read_advice)
        column.addWidget(self.advice_box)
        column.addStretch(1)

        layout.addWidget(vertical_scroll(body), 1)

        bottom = QHBoxLayout()
        self.status = wrapping_label()
        self.status.setAccessibleName("What is still needed")
        bottom.addWidget(self.status, 1)
        self.back_button = QPushButton("Back")
        self.back_button.clicked.connect(self.back_requested)
        bottom.addWidget(self.back_button)
        self.continue_button = QPushButton("Continue")
        self.continue_button.setMinimumHeight(40)
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self._continue)
        bottom.addWidget(self.continue_button)
        layout.addLayout(bottom)
        self._update()

    # -- the answers ---------------------------------------------------------------------

    def form(self) -> SafetyForm:
        """The answers as ticked now."""
        return SafetyForm(
            conditions=frozenset(q for q, box in self.conditions.items() if box.isChecked()),
            none_apply=self.none_apply.isChecked(),
            read_advice=self.read_advice.isChecked(),
            clearance=self.clearance.isChecked(),
        )

    def set_previous(self, answers: SafetyAnswers | None) -> None:
        """Show stored answers (reopened from Help), or a blank form for None."""
        form = SafetyForm.of(answers) if answers is not None else SafetyForm()
        for question_id, box in self.conditions.items():
            box.setChecked(question_id in form.conditions)
        self.none_apply.setChecked(form.none_apply)
        self.read_advice.setChecked(form.read_advice)
        self.clearance.setChecked(form.clearance)
        if answers is None:
            self.previous.setVisible(False)
        else:
            when = long_day(day_of(answers.answered_wall))
            self.previous.setText(
                f"You answered these on {when}. Change anything that is"
                " different now, and continue."
            )
            self.previous.setVisible(True)
        self._update()

    def _condition_toggled(self, on: bool) -> None:
        if on:
            # "None of these" and a condition cannot both be true.
            self.none_apply.setChecked(False)
        self._update()

    def _none_toggled(self, on: bool) -> None:
        if on:
            for box in self.conditions.values():
                box.setChecked(False)
        self._update()

    def _update(self) -> None:
        form = self.form()
        if not form.contraindicated and self.clearance.isChecked():
            # Clearance is for the conditions ticked: a new one must be acknowledged anew.
            self.clearance.setChecked(False)
            return  # the toggle calls back here
        self.warning_frame.setVisible(form.contraindicated)
        if form.contraindicated:
            self.warning.setText(contraindication_text(form.conditions))
        missing = form.missing()
        self.status.setText(missing or "Ready: continue when you are.")
        self.continue_button.setEnabled(form.complete)

    def _continue(self) -> None:
        form = self.form()
        if form.complete:
            self.answered.emit(form.answers(self._wall_clock()))

    def scale_text(self, px: int) -> None:
        """Set the text size of this screen (called as the window resizes)."""
        set_font_px(self, px)
        set_font_px(self.heading, int(px * 1.6), bold=True)
        set_font_px(self.warning_title, int(px * 1.2), bold=True)
        for group in (self.questions, self.advice_box):
            set_font_px(group, px, bold=True)
            for child in group.findChildren(QWidget):
                set_font_px(child, px, bold=False)
        set_font_px(self.continue_button, int(px * 1.2), bold=True)
