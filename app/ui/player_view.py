"""The player screen, readable from across the room.

It draws a ``Snapshot`` and turns keys and buttons into controller calls;
every decision about time and state belongs to the player.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.durations import format_clock
from app.core.player import Snapshot, State
from app.core.routine import DoseKind
from app.core.timeline import PhaseKind
from app.core.wording import block_words, phase_title, side_words
from app.ui.screen import Screen
from app.ui.session import SessionController
from app.ui.theme import PHASE_COLOURS

# Below this width the how-to panel gives its room to the countdown.
NARROW_WIDTH = 900
# The countdown's digits take this share of the window height (the issue asks >= 1/4).
DIGIT_SHARE = 0.28
DIGITS = "0123456789:"
# How long the optional flash at a phase change lasts.
FLASH_MS = 180


def _round_up(seconds: float) -> int:
    """Whole seconds left, rounded up: a hold shows 1 until its very end, never 0 early."""
    return max(0, -int(-seconds // 1))


class PhaseBar(QWidget):
    """A thick bar showing how far through the current phase we are."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fraction = 0.0
        self.colour = QColor("#2E7D32")
        self.setMinimumHeight(10)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Phase progress")

    def set_progress(self, fraction: float, colour: QColor) -> None:
        fraction = max(0.0, min(1.0, fraction))
        if abs(fraction - self.fraction) > 0.001 or colour != self.colour:
            self.fraction = fraction
            self.colour = colour
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        radius = rect.height() / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().mid())
        painter.drawRoundedRect(rect, radius, radius)
        if self.fraction > 0:
            filled = QRectF(rect.x(), rect.y(), rect.width() * self.fraction, rect.height())
            painter.setBrush(self.colour)
            painter.drawRoundedRect(filled, radius, radius)


class PlayerView(Screen):
    """Shows one session and turns keys and buttons into controller calls. A session is
    left by ending it: the player never asks to go back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller: SessionController | None = None
        self.dialog: QMessageBox | None = None
        self._paused_for_dialog = False
        # Whether the how-to panel has anything to say: an exercise may be only a name.
        self._has_how_to = False
        # The countdown's size as the window gives it, before the cautions take their room.
        self._digit_px = 24
        self._digit_ratio = 0.73  # digit height per pixel of font size, measured on resize
        self._build()
        self._bind_keys()
        self._flash = QWidget(self)
        self._flash.setObjectName("flash")
        self._flash.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._flash.setAutoFillBackground(True)
        palette = self._flash.palette()
        palette.setColor(self._flash.backgroundRole(), QColor("white"))
        self._flash.setPalette(palette)
        self._flash.hide()
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._flash.hide)

    def scale_text(self, px: int) -> None:
        """The player sizes its words to its own size as it resizes (``resizeEvent``), so
        the countdown fills the screen; the window's text size is not for it."""

    # -- layout ------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(8)

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setAccessibleName("Phase")
        outer.addWidget(self.banner)

        # Why sound or voice is off, said once; hidden when all is well.
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Sound and voice")
        self.notice.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.notice.hide()
        outer.addWidget(self.notice)

        body = QHBoxLayout()
        body.setSpacing(24)
        outer.addLayout(body, 1)

        main = QVBoxLayout()
        main.setSpacing(4)
        body.addLayout(main, 3)
        self.exercise = QLabel()
        self.exercise.setObjectName("exercise")
        self.exercise.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.exercise.setWordWrap(True)
        self.exercise.setAccessibleName("Exercise")
        main.addWidget(self.exercise)
        # The routine's cautions, before the first block: in the main column, which
        # no window width hides (the how-to panel gives way on a narrow window).
        self.cautions = QLabel()
        self.cautions.setObjectName("cautions")
        self.cautions.setWordWrap(True)
        self.cautions.setTextFormat(Qt.TextFormat.PlainText)
        self.cautions.setAccessibleName("Before you start")
        self.cautions.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.cautions.setStyleSheet(
            f"QLabel#cautions {{ border: 3px solid {PHASE_COLOURS['get ready'].name()};"
            " border-radius: 8px; padding: 6px; }"
        )
        self.cautions.hide()
        main.addWidget(self.cautions)
        main.addStretch(1)
        self.countdown = QLabel()
        self.countdown.setObjectName("countdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown.setAccessibleName("Time left in this phase")
        main.addWidget(self.countdown)
        self.bar = PhaseBar()
        main.addWidget(self.bar)
        self.position = QLabel()
        self.position.setObjectName("position")
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.position.setAccessibleName("Set and side")
        self.position.setWordWrap(True)
        main.addWidget(self.position)
        main.addStretch(1)
        self.next_up = QLabel()
        self.next_up.setObjectName("next")
        self.next_up.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_up.setWordWrap(True)
        self.next_up.setAccessibleName("Next up")
        main.addWidget(self.next_up)

        # Scrolls when the steps and cautions are longer than the window is tall:
        # a caution is never cut off.
        self.side_panel = QScrollArea()
        self.side_panel.setWidgetResizable(True)
        self.side_panel.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        panel = QFrame()
        side = QVBoxLayout(panel)
        self.how_to = QLabel()
        self.how_to.setObjectName("howto")
        self.how_to.setWordWrap(True)
        self.how_to.setTextFormat(Qt.TextFormat.RichText)
        self.how_to.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.how_to.setAccessibleName("How to do it")
        side.addWidget(self.how_to, 1)
        self.side_panel.setWidget(panel)
        body.addWidget(self.side_panel, 2)

        # These fonts follow the window size; their text must not hold the window wide.
        for label in (self.banner, self.exercise, self.countdown, self.position, self.next_up):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        overall = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Session progress")
        overall.addWidget(self.progress, 1)
        self.time_left = QLabel()
        self.time_left.setObjectName("timeleft")
        self.time_left.setAccessibleName("Session time left")
        overall.addWidget(self.time_left)
        outer.addLayout(overall)
        # What the log has of this session: a block is called saved only once committed.
        self.saved = QLabel()
        self.saved.setObjectName("saved")
        self.saved.setAccessibleName("Saved in the log")
        self.saved.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        outer.addWidget(self.saved)

        controls = QHBoxLayout()
        self.back_button = self._button("Back\n←", "Back: restart this block", controls)
        self.pause_button = self._button("Pause\nSpace", "Pause or resume", controls)
        self.skip_button = self._button("Skip\n→", "Skip to the next block", controls)
        self.done_button = self._button("Done\nEnter", "Done with these reps", controls)
        self.pain_button = self._button("Pain stop\nP", "Stop this exercise for pain", controls)
        self.end_button = self._button("End\nEsc", "End the session", controls)
        self.full_button = self._button("Full screen\nF11", "Full screen on or off", controls)
        outer.addLayout(controls)
        self.back_button.clicked.connect(lambda: self._call("back"))
        self.pause_button.clicked.connect(lambda: self._call("toggle_pause"))
        self.skip_button.clicked.connect(lambda: self._call("skip"))
        self.done_button.clicked.connect(lambda: self._call("done"))
        self.pain_button.clicked.connect(self.ask_pain_stop)
        self.end_button.clicked.connect(self.ask_end)
        self.full_button.clicked.connect(self.toggle_full_screen)
        for first, second in zip(
            (
                self.back_button,
                self.pause_button,
                self.skip_button,
                self.done_button,
                self.pain_button,
                self.end_button,
            ),
            (
                self.pause_button,
                self.skip_button,
                self.done_button,
                self.pain_button,
                self.end_button,
                self.full_button,
            ),
            strict=True,
        ):
            QWidget.setTabOrder(first, second)

    def _button(self, text: str, accessible: str, layout: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.setMinimumHeight(44)
        # Keys belong to the shortcuts: a focused button must not eat Space or Enter.
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setAutoDefault(False)
        layout.addWidget(button)
        return button

    def _bind_keys(self) -> None:
        """Every control has a key, and the key wins wherever the focus is.

        Keys are handled here rather than by QShortcut so that a focused button
        can never swallow Space or Enter: on the floor, Space always pauses.
        """
        self._keys = {
            Qt.Key.Key_Space: lambda: self._call("toggle_pause"),
            Qt.Key.Key_Right: lambda: self._call("skip"),
            Qt.Key.Key_Left: lambda: self._call("back"),
            Qt.Key.Key_Return: lambda: self._call("done"),
            Qt.Key.Key_Enter: lambda: self._call("done"),
            Qt.Key.Key_P: self.ask_pain_stop,
            Qt.Key.Key_Escape: self.ask_end,
            Qt.Key.Key_F11: self.toggle_full_screen,
        }
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for button in self.findChildren(QPushButton):
            button.installEventFilter(self)

    def _handle_key(self, event: QKeyEvent) -> bool:
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        action = self._keys.get(Qt.Key(event.key()))
        if action is None or plain != Qt.KeyboardModifier.NoModifier or event.isAutoRepeat():
            return False
        action()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._handle_key(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and self._handle_key(event):
            return True
        return super().eventFilter(watched, event)

    # -- session ------------------------------------------------------------------

    def show_notice(self, text: str) -> None:
        """A plain line above the player (sound or voice unavailable, and why)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def flash(self) -> None:
        """Flash the whole view white for a moment: a phase change seen from across the room."""
        self._flash.setGeometry(self.rect())
        self._flash.raise_()
        self._flash.show()
        self._flash_timer.start()

    def attach(self, controller: SessionController) -> None:
        if self.controller is not None:
            self.controller.updated.disconnect(self.render)
        self.controller = controller
        cautions = controller.player.routine.cautions
        self.cautions.setText(
            "\n".join(["Before you start:", *(f"• {c}" for c in cautions)]) if cautions else ""
        )
        controller.updated.connect(self.render)
        self.render(controller.snapshot())

    def _call(self, name: str) -> None:
        if self.controller is not None and self.dialog is None:
            getattr(self.controller, name)()

    # -- dialogs (window-modal and non-blocking, so the event loop keeps time) ----

    def _ask(
        self, title: str, text: str, buttons: list[tuple[str, QMessageBox.ButtonRole]], on_answer
    ) -> None:
        if self.controller is None or self.dialog is not None:
            return
        snapshot = self.controller.snapshot()
        if snapshot.state in (State.IDLE, State.DONE):
            return
        self._paused_for_dialog = snapshot.state is not State.PAUSED
        self.controller.pause()
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        answers = {box.addButton(label, role): label for label, role in buttons}
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def finished() -> None:
            clicked = box.clickedButton()
            label = answers.get(clicked)
            self.dialog = None
            box.deleteLater()
            on_answer(label)

        box.finished.connect(finished)
        self.dialog = box
        box.open()

    def _resume_after_dialog(self) -> None:
        if self._paused_for_dialog and self.controller is not None:
            self.controller.resume()
        self._paused_for_dialog = False

    def ask_pain_stop(self) -> None:
        phase = self.controller.snapshot().phase if self.controller else None
        name = phase.step.exercise.name if phase else "this exercise"

        def answer(label: str | None) -> None:
            if label == "Next exercise":
                self.controller.stop_for_pain(continue_session=True)
                self._resume_after_dialog()
            elif label == "End session":
                self.controller.stop_for_pain(continue_session=False)
            else:
                self._resume_after_dialog()

        self._ask(
            "Stop for pain",
            f"Stop {name} for pain?\n\nPain during an exercise means stop that exercise. "
            "Footwork records it as stopped.",
            [
                ("Next exercise", QMessageBox.ButtonRole.AcceptRole),
                ("End session", QMessageBox.ButtonRole.DestructiveRole),
                ("Keep going", QMessageBox.ButtonRole.RejectRole),
            ],
            answer,
        )

    def ask_end(self) -> None:
        def answer(label: str | None) -> None:
            if label == "End session":
                self.controller.end_early()
            else:
                self._resume_after_dialog()

        self._ask(
            "End the session",
            "End the session now?\n\nWhat you have done so far is kept.",
            [
                ("End session", QMessageBox.ButtonRole.DestructiveRole),
                ("Keep going", QMessageBox.ButtonRole.RejectRole),
            ],
            answer,
        )

    def toggle_full_screen(self) -> None:
        window = self.window()
        if window.isFullScreen():
            window.showNormal()
        else:
            window.showFullScreen()

    # -- drawing --------------------------------------------------------------------

    def render(self, snap: Snapshot) -> None:
        phase = snap.phase
        state = snap.state
        self._show_cautions(snap)
        colour = PHASE_COLOURS[state.value]
        if state is State.PAUSED:
            title = snap.pause_reason or "Paused: press Space to go on"
        elif state is State.DONE:
            title = "Session complete"
        elif phase is None:
            title = "Ready to start"
        else:
            title = phase_title(phase, snap.rep)
        self._set_text(self.banner, title)
        style = (
            f"QLabel#banner {{ background: {colour.name()}; color: white; border-radius: 8px;"
            f" padding: 6px; }}"
        )
        if self.banner.styleSheet() != style:  # restyling costs; only on a phase change
            self.banner.setStyleSheet(style)

        if phase is None:
            self._set_text(self.exercise, "")
            self._set_text(self.countdown, "0:00")
            self._set_text(self.position, "")
            self._set_text(self.next_up, "")
            self.bar.set_progress(1.0 if state is State.DONE else 0.0, colour)
        else:
            step = phase.step
            self._set_text(self.exercise, step.exercise.name)
            parts = [f"Set {phase.set_number} of {step.sets}"]
            if side_words(phase.side):
                parts.append(side_words(phase.side).capitalize())
            if snap.remaining is None:
                # Self-paced: count up, so the user sees how long they have been at it.
                self._set_text(self.countdown, format_clock(snap.elapsed))
                self.countdown.setAccessibleName("Time so far")
                parts.append("Enter when done")
            elif snap.rep is not None:
                # Reps: the seconds left in this hold, lift or lower matter most.
                self._set_text(self.countdown, str(_round_up(snap.rep.end - snap.elapsed)))
                self.countdown.setAccessibleName("Seconds left in this part of the rep")
                parts.append(f"{format_clock(_round_up(snap.remaining))} left in this set")
            else:
                self._set_text(self.countdown, format_clock(_round_up(snap.remaining)))
                self.countdown.setAccessibleName("Time left in this phase")
            self.bar.set_progress(snap.fraction, colour)
            self._set_text(self.position, "  ·  ".join(parts))
            nxt = snap.next_work
            if phase.kind is not PhaseKind.WORK and nxt is not None and nxt.step is step:
                nxt = phase if phase.kind is not PhaseKind.REST else nxt
            self._set_text(self.next_up, f"Next: {block_words(nxt)}" if nxt else "Last block")
            how_to = self._how_to_html(snap)
            self._set_text(self.how_to, how_to)
            if bool(how_to) != self._has_how_to:
                # Nothing to say (an exercise may be only a name): no empty box.
                self._has_how_to = bool(how_to)
                self.side_panel.setVisible(self._side_panel_fits())
            self.done_button.setEnabled(
                phase.kind is PhaseKind.WORK and step.dose.kind is DoseKind.SELF_PACED
            )
        running = state not in (State.IDLE, State.DONE)
        for button in (
            self.back_button,
            self.skip_button,
            self.pain_button,
            self.end_button,
            self.pause_button,
        ):
            button.setEnabled(running)
        if not running:
            self.done_button.setEnabled(False)
        self.pause_button.setText(f"{'Resume' if state is State.PAUSED else 'Pause'}\nSpace")
        self.progress.setValue(int(snap.session_fraction * 1000))
        self._set_text(
            self.time_left,
            f"{format_clock(snap.session_remaining)} left of {format_clock(snap.session_planned)}",
        )

    def _show_cautions(self, snap: Snapshot) -> None:
        """The routine's cautions, from before the start until the first phase ends."""
        before_start = snap.phase_index == 0 and snap.state is not State.DONE
        show = bool(self.cautions.text()) and before_start
        if show == self.cautions.isHidden():
            self.cautions.setVisible(show)
            self._size_digits()

    def _how_to_html(self, snap: Snapshot) -> str:
        """The side panel: note, how to, cues, cautions; empty when there is none of them."""
        phase = snap.phase
        assert phase is not None
        step = phase.step
        exercise = step.exercise
        parts = []
        if step.note:
            parts.append(f"<p><b>{escape(step.note)}</b></p>")
        if exercise.how_to:
            parts.append("<h3>How to</h3><ol>")
            parts += [f"<li>{escape(s)}</li>" for s in exercise.how_to]
            parts.append("</ol>")
        if exercise.cues:
            parts.append("<h3>Remember</h3><ul>")
            parts += [f"<li>{escape(c)}</li>" for c in exercise.cues]
            parts.append("</ul>")
        if exercise.cautions:
            parts.append("<h3>Careful</h3><ul>")
            parts += [f"<li>{escape(c)}</li>" for c in exercise.cautions]
            parts.append("</ul>")
        return "".join(parts)

    @staticmethod
    def _set_text(label: QLabel, text: str) -> None:
        if label.text() != text:  # avoid relayout when nothing changed
            label.setText(text)

    # -- scaling ----------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._scale_fonts()

    def _side_panel_fits(self) -> bool:
        """The how-to panel shows when the window is wide enough and it has something to say."""
        return self.width() >= NARROW_WIDTH and self._has_how_to

    def _scale_fonts(self) -> None:
        height = max(1, self.window().height())
        width = self.width()
        self.side_panel.setVisible(self._side_panel_fits())
        self._set_px(self.banner, int(height * 0.06), bold=True)
        self._set_px(self.exercise, int(height * 0.05), bold=True)
        self._set_px(self.position, int(height * 0.045))
        self._set_px(self.next_up, int(height * 0.032))
        self._set_px(self.cautions, max(14, int(height * 0.03)))
        self._set_px(self.time_left, int(height * 0.03))
        self._set_px(self.notice, max(13, int(height * 0.022)))
        self._set_px(self.saved, max(12, int(height * 0.02)))
        self._set_px(self.how_to, max(13, int(height * 0.024)))
        self.bar.setFixedHeight(max(10, int(height * 0.025)))
        for button in self.findChildren(QPushButton):
            self._set_px(button, max(12, int(height * 0.018)))

        # The digits: DIGIT_SHARE of the window height, unless "88:88" would not fit the column.
        column = width * (0.6 if self.side_panel.isVisible() else 0.95)
        font = QFont(self.countdown.font())
        font.setBold(True)
        font.setPixelSize(100)
        metrics = QFontMetrics(font)
        digit_ratio = metrics.tightBoundingRect(DIGITS).height() / 100
        width_ratio = metrics.horizontalAdvance("88:88") / 100
        px = int(min(height * DIGIT_SHARE / digit_ratio, column / width_ratio))
        self._digit_px = max(24, px)
        self._digit_ratio = digit_ratio
        self._size_digits()

    def _size_digits(self) -> None:
        """Size the countdown; while the routine's cautions show, they take their room
        from the digits, so the window need not grow taller to hold them."""
        px = self._digit_px
        if not self.cautions.isHidden():
            width = self.countdown.width()
            room = self.cautions.heightForWidth(width) + self.layout().spacing()
            px = max(24, px - int(room / (self._digit_ratio * 1.3)))
        font = QFont(self.countdown.font())
        font.setBold(True)
        font.setPixelSize(px)
        self.countdown.setFont(font)
        self.countdown.setFixedHeight(
            int(QFontMetrics(font).tightBoundingRect(DIGITS).height() * 1.3)
        )

    def digit_height(self) -> int:
        return QFontMetrics(self.countdown.font()).tightBoundingRect(DIGITS).height()

    @staticmethod
    def _set_px(label: QLabel, px: int, bold: bool = False) -> None:
        font = QFont(label.font())
        font.setPixelSize(max(10, px))
        font.setBold(bold)
        label.setFont(font)
