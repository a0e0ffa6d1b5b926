"""Before a session: the coach's suggestion for every step, each to accept or decline.

The suggestions come from ``app.coaching.suggestions_for`` (run on the
log's thread by the window); this screen only shows them and says which
the user accepted, with ``decided``. The window stores those in the log
and plays the routine with the doses in force. A hold needs no choice; a
rest is said first and in words, with the advice that goes with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.coaching import (
    DECISION_WORDS,
    PERSISTENT_PAIN_TITLE,
    REST_ADVICE,
    WARM_UP_REMINDER,
    MorningAboveUsual,
    needs_warm_up,
    rest_advice,
)
from app.core.ramp import Decision, Suggestion
from app.core.routine import Routine
from app.ui.changes import Change
from app.ui.screen import Screen
from app.ui.theme import set_font_px, vertical_scroll, wrapping_label


def _boxed() -> QFrame:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.Box)
    frame.setLineWidth(2)
    return frame


class SuggestionRow(QFrame):
    """One step: what the coach suggests, why, and Accept / Decline unless it holds."""

    def __init__(self, suggestion: Suggestion, exercise_name: str, number: int) -> None:
        super().__init__()
        self.suggestion = suggestion
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        decision = DECISION_WORDS[suggestion.decision]
        self.title = wrapping_label(
            f"<b>{number}. {escape(exercise_name)}</b> — {escape(decision)}:"
            f" {escape(suggestion.change_words())}",
            rich=True,
        )
        self.title.setAccessibleName(f"{exercise_name}: {decision}")
        layout.addWidget(self.title)
        self.reason = wrapping_label(suggestion.reason)
        self.reason.setAccessibleName(f"Why: {exercise_name}")
        layout.addWidget(self.reason)
        self.accept_button: QRadioButton | None = None
        self.decline_button: QRadioButton | None = None
        if suggestion.decision is Decision.HOLD:
            return
        current, proposed = suggestion.current.words(), suggestion.proposed.words()
        accept = (
            f"Accept: come back at {proposed}"
            if suggestion.decision is Decision.REST
            else f"Accept: {proposed}"
        )
        self.accept_button = QRadioButton(accept)
        self.decline_button = QRadioButton(f"Decline: keep {current}")
        self.accept_button.setAccessibleName(f"{exercise_name}: {accept}")
        self.decline_button.setAccessibleName(f"{exercise_name}: decline, keep {current}")
        # The coach suggests and the user decides: accepted unless declined, one click away.
        self.accept_button.setChecked(True)
        self.choice = QButtonGroup(self)
        row = QHBoxLayout()
        for button in (self.accept_button, self.decline_button):
            self.choice.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

    @property
    def accepted(self) -> bool:
        return self.accept_button is not None and self.accept_button.isChecked()


class CoachView(Screen):
    """The coach's suggestions before a session. ``decided`` carries the accepted ones;
    ``back_requested`` is Back, to where the start began."""

    # The coach reads the sessions, the mornings and the doses in force.
    shows = Change.SESSIONS | Change.CHECK_INS | Change.DOSES
    decided = Signal(list)  # the accepted Suggestions, in step order
    usual_set = Signal(object)  # the MorningAboveUsual the user called their usual

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.routine: Routine | None = None
        self.rows: list[SuggestionRow] = []
        self._px = 13
        layout = QVBoxLayout(self)

        self.heading = wrapping_label()
        self.heading.setObjectName("heading")
        layout.addWidget(self.heading)

        body = QWidget()
        self._column = QVBoxLayout(body)
        self._column.setContentsMargins(0, 0, 0, 0)

        self.rest_box = _boxed()
        rest = QVBoxLayout(self.rest_box)
        self.rest_title = wrapping_label()
        self.rest_title.setAccessibleName("Rest advised")
        rest.addWidget(self.rest_title)
        self.rest_advice = wrapping_label(REST_ADVICE)
        rest.addWidget(self.rest_advice)
        self.rest_box.setVisible(False)
        self._column.addWidget(self.rest_box)

        # A morning above the usual: the user may say it is their usual now.
        self.usual_box = QFrame()
        self.usual_box.setFrameShape(QFrame.Shape.StyledPanel)
        usual = QVBoxLayout(self.usual_box)
        self.usual_text = wrapping_label()
        self.usual_text.setAccessibleName("Your usual morning")
        usual.addWidget(self.usual_text)
        self.usual_button = QPushButton()
        self.usual_button.clicked.connect(self._usual_clicked)
        usual_row = QHBoxLayout()
        usual_row.addWidget(self.usual_button)
        usual_row.addStretch(1)
        usual.addLayout(usual_row)
        self.usual_box.setVisible(False)
        self._above_usual: MorningAboveUsual | None = None

        self.warm_up = wrapping_label(WARM_UP_REMINDER)
        self.warm_up.setAccessibleName("Warm up first")
        self.warm_up.setVisible(False)
        self._column.addWidget(self.warm_up)

        self.intro = wrapping_label()
        self._column.addWidget(self.intro)
        self._rows_at = self._column.count()
        self._column.addWidget(self.usual_box)
        self._column.addStretch(1)

        layout.addWidget(vertical_scroll(body), 1)

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.back_button = QPushButton("Back")
        self.back_button.clicked.connect(self.back_requested)
        bottom.addWidget(self.back_button)
        self.start_button = QPushButton("Start session")
        self.start_button.setMinimumHeight(40)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._start)
        bottom.addWidget(self.start_button)
        layout.addLayout(bottom)

    # -- what it shows ---------------------------------------------------------------

    def _clear(self, routine: Routine | None) -> None:
        self.routine = routine
        for row in self.rows:
            self._column.removeWidget(row)
            row.deleteLater()
        self.rows = []
        self.rest_box.setVisible(False)
        self.usual_box.setVisible(False)
        self._above_usual = None
        name = routine.name if routine is not None else ""
        self.heading.setText(f"Before you start: {name}" if name else "Before you start")
        self.warm_up.setVisible(routine is not None and needs_warm_up(routine))
        self.start_button.setText("Start session")

    def show_waiting(self, routine: Routine) -> None:
        """While the coach reads the log: the routine, and Start held back until it answers."""
        self._clear(routine)
        self.intro.setText("Asking the coach…")
        self.start_button.setEnabled(False)

    def show_problem(self, routine: Routine, text: str) -> None:
        """The coach could not answer (the log is not open): say why; Start plays as it is."""
        self._clear(routine)
        self.intro.setText(f"No suggestions this time: {text}")
        self.start_button.setEnabled(True)

    def show_suggestions(
        self,
        routine: Routine,
        suggestions: Sequence[Suggestion],
        above_usual: MorningAboveUsual | None = None,
    ) -> None:
        """The coach's suggestion for every step of ``routine``, in step order; and, when the
        latest morning was above the usual, the way to say it is the usual now."""
        self._clear(routine)
        if above_usual is not None:
            self._above_usual = above_usual
            self.usual_text.setText(above_usual.words())
            self.usual_button.setText(above_usual.button_text)
            self.usual_button.setEnabled(True)
            self.usual_box.setVisible(True)
        for number, suggestion in enumerate(suggestions, 1):
            name = routine.steps[suggestion.step_index].exercise.name
            row = SuggestionRow(suggestion, name, number)
            self._column.insertWidget(self._rows_at + number - 1, row)
            row.show()  # now, not when the layout next runs: the screen is already up
            self.rows.append(row)
        resting = [row for row in self.rows if row.suggestion.decision is Decision.REST]
        persisting = any(s.see_therapist_now for s in suggestions)
        if resting or persisting:
            names = ", ".join(
                routine.steps[row.suggestion.step_index].exercise.name for row in resting
            )
            title = [PERSISTENT_PAIN_TITLE] if persisting else []
            if resting:
                title.append(f"The coach advises rest for {names}.")
            self.rest_title.setText(" ".join(title))
            self.rest_advice.setText(rest_advice(suggestions))
            self.rest_box.setVisible(True)
            self.start_button.setText("Start anyway")
        choices = any(row.accept_button is not None for row in self.rows)
        self.intro.setText(
            "The coach's suggestions for this session, and why. Accept or decline each one:"
            " you have the final say."
            if choices
            else "The coach suggests the same doses as last time."
        )
        self.start_button.setEnabled(True)
        self.scale_text(self._px)
        self.start_button.setFocus()

    def accepted(self) -> list[Suggestion]:
        """The suggestions the user accepted, in step order (never a hold)."""
        return [row.suggestion for row in self.rows if row.accepted]

    def _start(self) -> None:
        self.decided.emit(self.accepted())

    def _usual_clicked(self) -> None:
        if self._above_usual is not None:
            self.usual_button.setEnabled(False)  # once: the coach is asked again
            self.usual_set.emit(self._above_usual)

    def scale_text(self, px: int) -> None:
        """Set the text size of this screen (called as the window resizes)."""
        self._px = px
        set_font_px(self, px)
        set_font_px(self.heading, int(px * 1.6), bold=True)
        set_font_px(self.rest_title, int(px * 1.3), bold=True)
        set_font_px(self.warm_up, px, bold=True)
        for row in self.rows:
            set_font_px(row.title, int(px * 1.15))
        set_font_px(self.start_button, int(px * 1.2), bold=True)
