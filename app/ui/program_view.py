"""A program: its stages over the weeks, where the user is, and whether they may move on.

The status comes from ``app.coaching.program_status`` (run on the log's
thread by the window). This screen shows it and hands on what the user
chose: ``enrol_requested`` and ``move_on_requested`` carry the
``ProgramState`` to store (``log.set_program_state``), and
``routine_chosen`` a routine of the current stage to open. Moving on is
the user's choice, even when the coach says the stage is done.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.coaching import ProgramStatus, enrolment, moved_on
from app.core.days import long_day
from app.core.routine import Stage
from app.ui.changes import Change
from app.ui.screen import Screen
from app.ui.theme import set_font_px, vertical_scroll, wrapping_label


def _sessions(stage: Stage) -> str:
    weeks = "1 week" if stage.weeks == 1 else f"{stage.weeks} weeks"
    per = "1 session" if stage.sessions_per_week == 1 else f"{stage.sessions_per_week} sessions"
    return f"{weeks}, {per} a week"


class ProgramView(Screen):
    """One program's stages and the coach's word on the current one."""

    shows = Change.PROGRAM | Change.SESSIONS  # where the user is, and the sessions done there
    enrol_requested = Signal(object)  # ProgramState: the first stage, from today
    move_on_requested = Signal(object)  # ProgramState: the next stage, from today
    routine_chosen = Signal(str)  # a routine id of the current stage

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status: ProgramStatus | None = None
        self.today = date.today()
        self.routine_buttons: list[QPushButton] = []
        self._px = 13
        layout = QVBoxLayout(self)

        self.heading = wrapping_label()
        self.heading.setObjectName("heading")
        layout.addWidget(self.heading)

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        self.description = wrapping_label()
        column.addWidget(self.description)
        column.addSpacing(8)
        self.where = wrapping_label()
        self.where.setAccessibleName("Where you are")
        column.addWidget(self.where)
        self.decision = wrapping_label()
        self.decision.setAccessibleName("The coach on this stage")
        column.addWidget(self.decision)
        self.routines_row = QHBoxLayout()
        column.addLayout(self.routines_row)
        column.addSpacing(8)
        self.stages = wrapping_label(rich=True)
        self.stages.setAccessibleName("Stages")
        self.stages.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.stages)
        column.addStretch(1)
        layout.addWidget(vertical_scroll(body), 1)

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.back_button = QPushButton("Back")
        self.back_button.clicked.connect(self.back_requested)
        bottom.addWidget(self.back_button)
        self.enrol_button = QPushButton("Start this program")
        self.enrol_button.clicked.connect(self._enrol)
        bottom.addWidget(self.enrol_button)
        self.move_on_button = QPushButton()
        self.move_on_button.clicked.connect(self._move_on)
        bottom.addWidget(self.move_on_button)
        for button in (self.enrol_button, self.move_on_button):
            button.setMinimumHeight(40)
        layout.addLayout(bottom)

    def set_status(
        self, status: ProgramStatus, today: date, routine_names: Mapping[str, str]
    ) -> None:
        """Show ``status``; ``routine_names`` maps routine ids to the names to show."""
        self.status, self.today = status, today
        program = status.program
        self.heading.setText(program.name)
        self.description.setText(program.description)
        self.description.setVisible(bool(program.description))
        current = status.stage_index
        if status.state is None or current is None:
            self.where.setText(
                f"You have not started this program. It has {len(program.stages)} stages;"
                " you start with the first."
            )
            self.decision.setVisible(False)
        else:
            stage = program.stages[current]
            self.where.setText(
                f"You are in stage {current + 1} of {len(program.stages)}, {stage.name},"
                f" since {long_day(status.state.stage_started_day)}."
            )
            self.decision.setText(status.decision.reason if status.decision else "")
            self.decision.setVisible(status.decision is not None)
        self._show_routines(status, routine_names)
        self.stages.setText(self._stages_html(status, routine_names))
        self.enrol_button.setVisible(not status.enrolled)
        self.move_on_button.setVisible(status.may_move_on)
        if status.may_move_on and status.decision is not None:
            following = program.stages[status.decision.stage_index]
            self.move_on_button.setText(f"Move on to {following.name}")
        self.scale_text(self._px)

    def _show_routines(self, status: ProgramStatus, names: Mapping[str, str]) -> None:
        while self.routines_row.count():
            item = self.routines_row.takeAt(0)
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        self.routine_buttons = []
        stage = status.stage
        if stage is None:
            return
        for routine_id in stage.routines:
            if routine_id not in names:
                continue  # not loaded: nothing to open
            button = QPushButton(f"Open {names[routine_id]}")
            button.clicked.connect(lambda _=False, r=routine_id: self.routine_chosen.emit(r))
            self.routines_row.addWidget(button)
            button.show()
            self.routine_buttons.append(button)
        self.routines_row.addStretch(1)

    @staticmethod
    def _stages_html(status: ProgramStatus, names: Mapping[str, str]) -> str:
        current = status.stage_index
        parts = []
        for index, stage in enumerate(status.program.stages):
            if current is None:
                mark = ""
            elif index < current:
                mark = " (done)"
            elif index == current:
                mark = " (you are here)" if not status.complete else " (done)"
            else:
                mark = ""
            routines = ", ".join(escape(names.get(r, r)) for r in stage.routines)
            head = f"Stage {index + 1}: {escape(stage.name)}{mark}"
            if index == current:
                head = f"<b>{head}</b>"
            parts.append(
                f"<p>{head}<br>{escape(_sessions(stage))}: {routines}"
                + (f"<br><i>{escape(stage.goal)}</i>" if stage.goal else "")
                + "</p>"
            )
        return "".join(parts)

    def _enrol(self) -> None:
        if self.status is not None and not self.status.enrolled:
            self.enrol_requested.emit(enrolment(self.status.program, self.today))

    def _move_on(self) -> None:
        if self.status is not None and (state := moved_on(self.status, self.today)):
            self.move_on_requested.emit(state)

    def scale_text(self, px: int) -> None:
        """Set the text size of this screen (called as the window resizes)."""
        self._px = px
        set_font_px(self, px)
        set_font_px(self.heading, int(px * 1.6), bold=True)
        set_font_px(self.where, px, bold=True)
        for button in (self.enrol_button, self.move_on_button):
            set_font_px(button, int(px * 1.2), bold=True)
