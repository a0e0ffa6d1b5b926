"""A routine before it starts: every step with its dose, how-to and cautions."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.durations import format_clock
from app.core.routine import Routine
from app.core.timeline import planned_seconds
from app.core.wording import categories_words, step_dose_words
from app.ui.screen import Screen
from app.ui.theme import set_font_px


class RoutineView(Screen):
    start_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.routine: Routine | None = None
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.back_button = QPushButton("← Routines")
        self.back_button.setAccessibleName("Back to the routines")
        self.back_button.clicked.connect(self.back_requested)
        top.addWidget(self.back_button)
        top.addStretch(1)
        layout.addLayout(top)

        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)

        self.meta = QLabel()
        self.meta.setObjectName("meta")
        layout.addWidget(self.meta)

        self.body = QLabel()
        self.body.setObjectName("body")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout.addWidget(scroll, 1)

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.start_button = QPushButton("Start  (Enter)")
        self.start_button.setAccessibleName("Start the routine")
        self.start_button.setMinimumHeight(48)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._start)
        bottom.addWidget(self.start_button)
        layout.addLayout(bottom)
        QWidget.setTabOrder(self.back_button, self.start_button)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._start)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.back_requested)

    def show_routine(self, routine: Routine) -> None:
        self.routine = routine
        self.title.setText(routine.name)
        self.meta.setText(
            f"{format_clock(planned_seconds(routine))} planned  ·  "
            f"{len(routine.exercises)} exercises  ·  {categories_words(routine.categories)}"
        )
        self.body.setText(self._html(routine))
        self.start_button.setFocus()

    def _html(self, routine: Routine) -> str:
        parts = [f"<p>{escape(routine.description)}</p>"] if routine.description else []
        # The routine's own cautions first, then each exercise's, every one once.
        cautions = list(
            dict.fromkeys((*routine.cautions, *(c for e in routine.exercises for c in e.cautions)))
        )
        if cautions:
            parts.append("<h3>Before you start</h3><ul>")
            parts += [f"<li>{escape(c)}</li>" for c in cautions]
            parts.append("</ul>")
        parts.append("<h3>Steps</h3>")
        for number, step in enumerate(routine.steps, 1):
            exercise = step.exercise
            lines = [f"<b>{number}. {escape(exercise.name)}</b> — {escape(step_dose_words(step))}"]
            if step.note:
                lines.append(f"<i>{escape(step.note)}</i>")
            if exercise.summary:  # an exercise may say no more than its name
                lines.append(escape(exercise.summary))
            parts.append(f"<p>{'<br>'.join(lines)}</p>")
            if exercise.how_to:
                parts.append("<ol>")
                parts += [f"<li>{escape(s)}</li>" for s in exercise.how_to]
                parts.append("</ol>")
        return "".join(parts)

    def _start(self) -> None:
        if self.routine is not None:
            self.start_requested.emit(self.routine.id)

    def scale_text(self, px: int) -> None:
        """Set the text size of this screen (called as the window resizes)."""
        set_font_px(self, px)
        set_font_px(self.title, int(px * 2.0), bold=True)
        set_font_px(self.start_button, int(px * 1.4), bold=True)
