"""The progress log as the window uses it: opening, resuming, check-ins, backups, export.

All log calls go through ``LogWorker`` (a background thread); this module
decides what to ask the user and when:

* at start, once both the routines and the log are ready: an unfinished
  session is offered (resume at the next block, keep as partial, discard;
  only the last two when it began more than 12 hours ago). Nothing is
  removed until the user answers, so a crash while the question is open
  brings it back next time;
* then, on the first start of the day after a session day, the
  next-morning check-in (skippable);
* a log that will not open (newer schema, damaged, unusable) is explained;
  a damaged one is moved aside by the log, and its backups are offered,
  each with what it holds, the best first (``RestoreDialog``);
* then the full ``integrity_check`` runs on the log's thread, queued
  behind the start-up questions' reads (the window is on screen long
  before: the log opens after the first paint). When it, or any read or
  write, finds damage, the log is closed, moved aside and the backups
  offered, as at open. If a session is being played then, it goes on
  being written, and the offer waits for its end: the session, kept in
  memory, is then written into the restored (or new) log, and its
  check-in after it. Nothing of it is lost.

Every call is typed (``call(run: Log -> T, on_done: T -> None)``), and a
write says what it changes (``changes=Change.EXPOSURE``). Once a write is
in, after its ``on_done``, ``changed`` carries that ``Change``: the window
hands it to the screen on show, which reads again what it shows. A log
restored or started anew after damage is ``Change.ALL``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.ui.changes import Change

if TYPE_CHECKING:
    from app.storage.errors import DamagedLogError
    from app.storage.log import Log
    from app.storage.records import MorningCheckIn, UnfinishedSession
    from app.ui.log_worker import LogWorker, SessionLogger
    from app.ui.restore_dialog import RestoreDialog

# The log and its worker load on first use, after the window is on screen.
RESUME_WITHIN_SECONDS = 12 * 3600
RETRY_SECONDS = 2.0  # a refused write is tried again this often
BACKUP_CHECK_MS = 5 * 60 * 1000  # backup_if_due itself keeps to one per 30 minutes

T = TypeVar("T")


def resume_words(unfinished: UnfinishedSession, now: float) -> str:
    started = datetime.fromtimestamp(unfinished.started_wall).astimezone()
    today = datetime.fromtimestamp(now).astimezone().date()
    when = f"{started:%H:%M}" + (" today" if started.date() == today else f" on {started:%a %d %b}")
    done = len(unfinished.blocks)
    of = f" of {unfinished.planned_blocks}" if unfinished.planned_blocks else ""
    return (
        f"Your session “{unfinished.routine_name}”, started at {when}, did not finish "
        f"(Footwork closed or the computer stopped). {done}{of} blocks are saved."
    )


class LogController(QObject):
    ready = Signal()  # the log is open; sessions are being saved
    unavailable = Signal(str)  # the log could not be opened: why (sessions are not saved)
    resume_requested = Signal(object)  # an UnfinishedSession the user chose to resume
    morning_check_in_due = Signal(object)  # the calendar day of the morning (a date)
    write_failed = Signal(str)  # a block could not be written; it is kept and retried
    write_recovered = Signal()
    notice = Signal(str)  # something to say once, where it shows on every screen
    changed = Signal(object)  # a write is in (or the log was replaced): the Change it made

    def __init__(
        self,
        data_dir: Path,
        window: QWidget,
        opener: Callable[[], Log] | None = None,
        wall_clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
        retry_seconds: float = RETRY_SECONDS,
        can_resume: Callable[[UnfinishedSession], bool] = lambda _: True,
        playing: Callable[[], bool] = lambda: False,
        session_log: Callable[[], SessionLogger | None] = lambda: None,
    ) -> None:
        """``can_resume`` says whether an unfinished session's routine is still loaded;
        ``playing`` whether a session is being played now, and ``session_log`` the
        writer of the session played last (kept if the log must be replaced)."""
        super().__init__(parent)
        self._can_resume = can_resume
        self._playing = playing
        self._session_log = session_log
        self.data_dir = data_dir
        self.retry_seconds = retry_seconds
        self._window = window
        self._wall_clock = wall_clock
        if opener is None:

            def opener() -> Log:
                from app.storage.log import Log  # on the log's thread, not at start-up

                return Log.open(data_dir)

        self._opener = opener
        self.worker: LogWorker | None = None
        self.problem = ""  # why sessions are not being saved, if they are not
        self.dialog: QMessageBox | RestoreDialog | None = None
        self._routines_ready = False
        self._log_ready = False
        self.damage: str | None = None  # why the open log was found damaged, until set aside
        self._carried: SessionLogger | None = None  # its session goes into the next log
        self._told: set[str] = set()
        self._generation = 0  # one more each time the log is set aside: older answers lapse
        self._opened_before = False  # a log opened again holds other records: Change.ALL
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.backup_if_due)

    # -- opening ---------------------------------------------------------------------

    def start(self) -> None:
        self._start(self._opener)

    def _start(self, opener: Callable[[], Log]) -> None:
        from app.ui.log_worker import LogWorker

        self.worker = LogWorker(opener, self.retry_seconds)
        self.worker.opened.connect(self._opened)
        self.worker.open_failed.connect(self._open_failed)
        self.worker.write_failed.connect(self.write_failed)
        self.worker.write_recovered.connect(self.write_recovered)
        self.worker.damage_found.connect(self.damage_found)
        self.worker.backup_skipped.connect(self._say_once)
        self.worker.changed.connect(self.changed)
        self.worker.start()

    @property
    def started(self) -> bool:
        """The log was asked to open and has answered: open, or why not."""
        return self._log_ready or bool(self.problem)

    @property
    def working(self) -> bool:
        return self.worker is not None and self._log_ready

    def routines_loaded(self) -> None:
        self._routines_ready = True
        self._maybe_ask()

    def _opened(self) -> None:
        self._log_ready = True
        self.problem = ""
        carried, self._carried = self._carried, None
        if carried is not None and self.worker is not None:
            carried.rebind(self.worker)  # before anything else is written
        self.backup_timer.start()
        self.ready.emit()
        if self._opened_before:  # restored from a backup, or a new log: all of it may differ
            self.changed.emit(Change.ALL)
        self._opened_before = True
        self._maybe_ask()
        self.check_integrity()  # behind the start-up questions' reads, on the log's thread

    def _open_failed(self, exc: Exception) -> None:
        from app.storage.errors import DamagedLogError, NewerLogError

        self.problem = f"Sessions are not being saved: {exc}"
        self.unavailable.emit(self.problem)
        if isinstance(exc, DamagedLogError):
            self._offer_backup(exc)
        else:
            title = (
                "Progress log from a newer Footwork"
                if isinstance(exc, NewerLogError)
                else ("Progress log unavailable")
            )
            self._tell(title, f"{exc}\n\nYou can still play routines; they will not be saved.")

    def _offer_backup(self, exc: DamagedLogError, failed: dict[Path, str] | None = None) -> None:
        """Ask which backup to restore, each with what it holds, or for a new log.

        A backup that fails to restore is marked so and the question asked again."""
        from app.ui.restore_dialog import RestoreDialog

        failed = dict(failed or {})
        box = RestoreDialog(
            exc,
            failed,
            datetime.now().astimezone(),
            parent=self._window,
            carrying=self._carried is not None,
        )

        def finished(_: int) -> None:
            chosen = box.chosen if box.result() else None
            self.dialog = None
            box.deleteLater()
            if chosen is None:
                self._reopen()  # a new, empty log: the damaged one is kept aside
                return
            from app.storage.backups import restore_backup

            try:
                restore_backup(self.data_dir, chosen.path)
            except Exception as error:  # BackupError: the backup itself is damaged
                failed[chosen.path] = str(error)
                self._offer_backup(exc, failed)
                return
            self._reopen()

        box.finished.connect(finished)
        self.dialog = box
        box.open()

    def _reopen(self) -> None:
        if self.worker is not None:
            self.worker.close(timeout=5.0)
        self.damage = None
        self.start()

    # -- damage found while the log is open ----------------------------------------------

    def check_integrity(self) -> None:
        """Run the full integrity check on the log's thread; damage is handled by
        ``damage_found``, and anything else (the disk) waits for the next start."""
        self.call(lambda log: log.check_integrity(), on_error=lambda exc: None)

    def damage_found(self, reason: str) -> None:
        """The open log is damaged: set it aside and offer the backups, now, or when the
        session being played has ended (it goes on being written meanwhile)."""
        if self.damage is not None or not self._log_ready:
            return  # already being dealt with
        self.damage = reason
        if not self._playing():
            self._set_aside()

    def session_over(self) -> None:
        """The window: the session being played has ended (its last write is queued)."""
        if self.damage is not None and self._log_ready:
            self._set_aside()

    def _set_aside(self) -> None:
        reason = self.damage or "damage found"
        self._generation += 1
        if self.dialog is not None:  # a question about the old log: asked again after
            self.dialog.close()
        self._log_ready = False
        self.backup_timer.stop()
        carried = self._session_log()
        if carried is not None and carried.played_session() is not None:
            self._carried = carried
            carried.hold()
        if self.worker is not None:
            self.worker.close(timeout=5.0, backup=False)  # its queued writes go in first
        data_dir = self.data_dir

        def set_aside() -> Log:  # an opener that never opens: it offers the backups
            from app.storage.log import Log

            Log.set_aside(data_dir, reason)  # raises DamagedLogError, with the backups

        self._start(set_aside)

    # -- what to ask at start ------------------------------------------------------------

    def _maybe_ask(self) -> None:
        if self._routines_ready and self._log_ready:
            self.call(lambda log: log.unfinished_session(), self._offer_resume)

    def _offer_resume(self, unfinished: UnfinishedSession | None) -> None:
        if unfinished is None:
            self._check_morning()
            return
        now = self._wall_clock()
        fresh = now - unfinished.started_wall <= RESUME_WITHIN_SECONDS
        can_resume = fresh and self._can_resume(unfinished)
        text = resume_words(unfinished, now)
        if not fresh:
            text += " It began more than 12 hours ago, so it can only be kept or discarded."
        elif not can_resume:
            text += " Its routine is no longer loaded, so it can only be kept or discarded."
        choices = (["Resume"] if can_resume else []) + ["Keep as partial", "Discard"]

        def answer(choice: str | None) -> None:
            if choice == "Resume":
                self.resume_requested.emit(unfinished)
                return
            if choice == "Discard":
                self.call(
                    lambda log: log.discard(unfinished.id),
                    lambda _: self._maybe_ask(),
                    changes=Change.SESSIONS,
                )
            else:  # kept, also when the box is closed: nothing is lost either way
                self.call(
                    lambda log: log.keep_as_partial(unfinished.id),
                    lambda _: self._maybe_ask(),
                    changes=Change.SESSIONS,
                )

        self._ask("Unfinished session", text, choices, answer)

    def _check_morning(self) -> None:
        today = datetime.fromtimestamp(self._wall_clock()).astimezone().date()
        yesterday = today - timedelta(days=1)

        def decide(result: tuple[list[date], MorningCheckIn | None]) -> None:
            days, answered = result
            if yesterday in days and answered is None:
                self.morning_check_in_due.emit(today)

        self.call(
            lambda log: (log.session_days(since=yesterday), log.morning_checkin(today)), decide
        )

    # -- calls -----------------------------------------------------------------------------

    def call(
        self,
        run: Callable[[Log], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        changes: Change = Change.NONE,
        retry: bool = False,
    ) -> None:
        """Run ``run(log)`` on the log's thread; an error without a handler is shown.

        ``changes`` is what ``run`` writes: ``changed`` carries it once the write
        is in, after ``on_done``. Every call answers: before the log was asked to
        open, ``on_error`` hears why at once (a call without a handler then does
        nothing).
        """
        if self.worker is None:
            if on_error is not None:
                on_error(RuntimeError(self.problem or "The progress log is not open yet."))
            return
        self.worker.call(run, on_done, on_error or self._show_error, retry=retry, changes=changes)

    def _show_error(self, exc: Exception) -> None:
        self.report(str(exc))

    def report(self, text: str) -> None:
        """Tell the user of a log problem in a window-modal box (the event loop goes on)."""
        self._tell("Progress log", text)

    def backup_if_due(self) -> None:
        now = self._wall_clock()
        self.call(lambda log: log.backup_if_due(now), on_error=lambda exc: None)

    def close(self) -> bool:
        """Finish the writes and close the log (it takes a backup). False if writes were lost."""
        self.backup_timer.stop()
        if self.worker is None:
            return True
        ok = self.worker.close()
        self.worker = None
        return ok

    # -- dialogs (window-modal, never blocking the event loop) --------------------------

    def _ask(
        self, title: str, text: str, choices: list[str], on_answer: Callable[[str | None], None]
    ) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self._window)
        labels = {box.addButton(c, QMessageBox.ButtonRole.AcceptRole): c for c in choices}
        box.setDefaultButton(next(iter(labels)))
        generation = self._generation

        def finished() -> None:
            choice = labels.get(box.clickedButton())
            if self.dialog is box:
                self.dialog = None
            box.deleteLater()
            if generation == self._generation:  # not about a log set aside since
                on_answer(choice)

        box.finished.connect(finished)
        self.dialog = box
        box.open()

    def _say_once(self, text: str) -> None:
        if text not in self._told:
            self._told.add(text)
            self.notice.emit(text)

    def _tell(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self._window)
        box.finished.connect(box.deleteLater)
        box.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = box
        box.open()
