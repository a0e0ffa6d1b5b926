"""Build the QApplication and show the main window: one window per data folder."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.paths import APP_NAME
from app.ui.main_window import MainWindow

if TYPE_CHECKING:
    from app.core.library import Library
    from app.storage import Log
    from app.ui.instance import InstanceServer

SETTLE_AT_THE_LATEST_MS = 2000  # after the first paint, if the routines were never painted


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    return app


def build_window(
    library: Library | None,
    data_dir: Path,
    routine_id: str | None = None,
    start: bool = False,
    log_opener: Callable[[], Log] | None = None,
) -> MainWindow:
    """The main window as the command line asked for it: a routine's page, or playing it."""
    window = MainWindow(library, data_dir, log_opener=log_opener)
    if routine_id and start:
        window.show_routine(routine_id)
        window.session_start.begin(routine_id)  # once the log has said if safety was answered
    elif routine_id:
        window.show_routine(routine_id)
    return window


def serve_second_starts(window: MainWindow, data_dir: Path) -> InstanceServer:
    """Bring ``window`` to the front whenever Footwork is started again on its folder."""
    from app.ui.instance import InstanceServer

    server = InstanceServer(data_dir, parent=window)
    server.activation_requested.connect(window.bring_to_front)
    server.listen()
    return server


def run_gui(
    library: Library | None, data_dir: Path, routine_id: str | None = None, start: bool = False
) -> int:
    """Show the window, holding the data folder until it has closed its log.

    A window already open on the folder is brought to the front instead
    (exit 0); a folder held by something else is explained (exit 2).
    Without a library yet, the routines load off the GUI thread once the
    first frame is on screen: the window appears at once, saying "Loading
    routines…". The log opens, and the window listens for second starts,
    once the routines are on screen.
    """
    from PySide6.QtCore import QTimer

    from app.lock import FolderBusyError, FolderLockError
    from app.ui.instance import hold_for_window

    app = make_application()
    log_opener = None
    try:
        lock = hold_for_window(data_dir)
    except FolderBusyError as exc:
        print(f"footwork: {exc}", file=sys.stderr)
        _tell(str(exc))
        return 2
    except FolderLockError as exc:
        # No lock file (a read-only folder, a link where it goes): routines still play,
        # but nothing is written without the folder held, and the window says why.
        log_opener = _refuse_log(str(exc))
        lock = contextlib.nullcontext()
    if lock is None:
        print(
            f"footwork: Footwork is already open on {data_dir}; its window was brought "
            "to the front.",
            file=sys.stderr,
        )
        return 0
    with lock:
        window = build_window(library, data_dir, routine_id, start, log_opener)
        window.show()
        settled: list[bool] = []

        def settle() -> None:
            """Open the log (on its own thread) and listen for second starts, once."""
            if not settled:
                settled.append(True)
                window.start_log()
                if log_opener is None:
                    serve_second_starts(window, data_dir)

        def begin() -> None:
            if window.library is None:
                # The routines first, on a thread. The rest once they are on screen (or
                # soon, if the list is never painted: a minimized window): importing the
                # log and QtNetwork, and the log's checks, would hold the list back.
                # A second start meanwhile waits for the window to answer.
                shown = window.library_view.routines_shown
                shown.connect(settle, Qt.ConnectionType.SingleShotConnection)
                QTimer.singleShot(SETTLE_AT_THE_LATEST_MS, window, settle)
                window.load_library()
            else:
                settle()

        if routine_id is None:
            # Once the first frame is on screen, on the next turn of the loop.
            window.library_view.first_painted.connect(
                lambda: QTimer.singleShot(0, window, begin), Qt.ConnectionType.SingleShotConnection
            )
        else:
            QTimer.singleShot(0, window, begin)
        return app.exec()


def _tell(text: str) -> None:
    """A warning with no window to belong to; plain text, since the lock file names the holder."""
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def _refuse_log(why: str) -> Callable[[], Log]:
    def refuse() -> Log:
        from app.storage import LogOpenError

        raise LogOpenError(why)

    return refuse
