"""Render every screen to PNG at a small and a large window size, light and dark.

Run under a real X server (for example Xvfb) so fonts and styles are as a
user sees them:

    Xvfb :99 & DISPLAY=:99 .venv/bin/python -m tests.render_screens shots/

A fake clock walks the player through each phase, so the pictures are the
same every run.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from app.core.library import load_library
from app.core.timeline import PhaseKind
from app.ui.app import make_application
from app.ui.main_window import MainWindow

SIZES = {"small": (640, 480), "large": (1600, 1000)}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#E8EAED",
        QPalette.ColorRole.Base: "#2A2B2E",
        QPalette.ColorRole.AlternateBase: "#303134",
        QPalette.ColorRole.Text: "#E8EAED",
        QPalette.ColorRole.Button: "#303134",
        QPalette.ColorRole.ButtonText: "#E8EAED",
        QPalette.ColorRole.Highlight: "#8AB4F8",
        QPalette.ColorRole.HighlightedText: "#202124",
        QPalette.ColorRole.Mid: "#5F6368",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7F8389"))
    return palette


def scenes(window: MainWindow, clock: FakeClock) -> list[tuple[str, Callable[[], None]]]:
    def advance(seconds: float) -> Callable[[], None]:
        def run() -> None:
            clock.now += seconds
            window.session.tick()

        return run

    def play_to(kind: PhaseKind, exercise: str, then: float = 0.0) -> Callable[[], None]:
        """Play on, phase by phase, until the phase wanted; then ``then`` seconds into it."""

        def run() -> None:
            for _ in range(500):
                snap = window.session.snapshot()
                phase = snap.phase
                if phase is None or (phase.kind is kind and phase.step.exercise.id == exercise):
                    break
                if snap.remaining is None:
                    window.session.done()
                else:
                    clock.now += snap.remaining + 0.001
                    window.session.tick()
            advance(then)()

        return run

    return [
        ("01-library", window.show_library),
        ("02-detail", lambda: window.show_routine("daily-ten")),
        ("03-get-ready", lambda: window.start_session("daily-ten")),
        ("04-held-rep-hold", advance(12.5)),
        ("05-held-rep-relax", advance(5.0)),
        ("06-switch", play_to(PhaseKind.SWITCH, "short-foot", 2.0)),
        ("07-paused", lambda: window.session.pause()),
        (
            "08-timed-balance",
            lambda: (window.session.resume(), play_to(PhaseKind.WORK, "single-leg-stand", 7.2)()),
        ),
        ("09-rest", play_to(PhaseKind.REST, "single-leg-stand", 3.0)),
        ("10-paced-lower", play_to(PhaseKind.WORK, "eccentric-calf-raise", 13.4)),
        (
            "11-self-paced",
            lambda: (
                window.start_session("inside-ankle-care"),
                play_to(PhaseKind.WORK, "calf-raise-100", 47.0)(),
            ),
        ),
        ("12-summary", lambda: window.session.end_early()),
        ("13-settings", window.open_settings),
    ]


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    app.setStyle("Fusion")
    data_dir = Path(tempfile.mkdtemp(prefix="footwork-shots-"))
    library = load_library(data_dir=data_dir)
    for theme, palette in (("light", app.style().standardPalette()), ("dark", dark_palette())):
        app.setPalette(palette)
        for size_name, (width, height) in SIZES.items():
            clock = FakeClock()
            window = MainWindow(library, data_dir, clock=clock, wall_clock=clock)
            window.resize(width, height)
            window.show()
            for name, action in scenes(window, clock):
                action()
                if window.session is not None:
                    window.session.timer.stop()
                app.processEvents()
                dialog = getattr(window, "settings_dialog", None)
                shown = dialog if dialog is not None and dialog.isVisible() else window
                shown.grab().save(str(out / f"{theme}-{size_name}-{name}.png"))
                if shown is dialog:
                    dialog.close()
            window.close()
            window.deleteLater()
            app.processEvents()
    print(f"wrote {len(list(out.glob('*.png')))} pictures to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "shots"))
    QApplication.quit()
