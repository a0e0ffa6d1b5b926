"""Every progress-log call runs on one background thread, in order; the GUI never waits.

``LogWorker.call(job, on_done, on_error, changes=...)`` queues ``job(log)``;
its result comes back on the GUI thread, and then, for a write, ``changed``
says what it changed (a ``Change``), so the screen on show can refresh.
A write that fails (disk full, read-only, I/O error) is kept and retried,
and everything queued behind it waits, so blocks reach the log in the
order they were played. The first failure is reported at once
(``write_failed``), and ``write_recovered`` when the kept writes are in.

A job that meets damage in the log (``DamageFoundError``) is reported by
``damage_found``; a write that met it is not retried, and not reported as
refused: the session it belongs to is kept in memory by its
``SessionLogger`` and written again into the log that replaces the
damaged one (``PlayedSession``). A periodic backup skipped because the
disk is nearly full is reported once, by ``backup_skipped``.

``SessionLogger`` writes one session ahead: the session row when it
starts, each work block the moment it ends, the status when it ends. It
says ``block_saved`` only after the block's commit returned, so the
screen never calls a block saved that is not, and ``write_refused`` when
the log refused one for good (a session gone from the log), so that no
write is dropped without a word.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from app.core.events import (
    BlockFinished,
    BlockRecord,
    Event,
    SessionFinished,
    SessionStarted,
    SessionStatus,
)
from app.storage.errors import (
    BackupError,
    BackupSkippedError,
    DamageFoundError,
    LogWriteError,
)
from app.storage.log import Log
from app.storage.records import UnfinishedSession
from app.ui.changes import Change
from app.ui.log_controller import RETRY_SECONDS

T = TypeVar("T")


@dataclass
class _Job(Generic[T]):
    run: Callable[[Log], T]
    on_done: Callable[[T], None] | None
    on_error: Callable[[Exception], None] | None
    retry: bool  # a write that must not be lost: keep trying until it is in
    changes: Change = Change.NONE  # what the job writes, said once it is in


class LogWorker(QObject):
    opened = Signal()  # the log is open, checked and migrated
    open_failed = Signal(object)  # the LogOpenError (newer, damaged, unusable)
    write_failed = Signal(str)  # a write failed and is kept in memory; why
    write_recovered = Signal()  # every kept write is in the log now
    damage_found = Signal(str)  # a job met damage in the log: why
    backup_skipped = Signal(str)  # a backup was skipped to keep disk space for the log: why
    changed = Signal(object)  # a write is in: the Change it made (after its on_done)
    _deliver = Signal(object, object)  # (callback, value), crossing to the GUI thread

    def __init__(self, opener: Callable[[], Log], retry_seconds: float = RETRY_SECONDS) -> None:
        """Open the log with ``opener`` on the worker thread (it runs ``quick_check``)."""
        super().__init__()
        self._opener = opener
        self.log: Log | None = None
        self.open_error: Exception | None = None
        self._retry_seconds = retry_seconds
        self._jobs: queue.Queue[_Job[Any] | None] = queue.Queue()
        self._stop = threading.Event()
        self._failing = False
        self._idle = threading.Event()
        self._idle.set()
        self._backup_on_close = True
        self._deliver.connect(self._on_deliver)
        self._thread = threading.Thread(target=self._loop, name="footwork-log", daemon=True)

    def start(self) -> None:
        """Open the log and start taking jobs; connect to ``opened`` first."""
        self._thread.start()

    @property
    def failing(self) -> bool:
        """True while a write is kept in memory because the disk refused it."""
        return self._failing

    def call(
        self,
        run: Callable[[Log], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        retry: bool = False,
        changes: Change = Change.NONE,
    ) -> None:
        self._idle.clear()
        self._jobs.put(_Job(run, on_done, on_error, retry, changes))

    def wait_idle(self, timeout: float) -> bool:
        """Block until every queued job ran (tests, and closing); False on timeout."""
        return self._idle.wait(timeout)

    def close(self, timeout: float = 10.0, *, backup: bool = True) -> bool:
        """Finish the queued jobs, then close the log (taking a backup unless ``backup`` is
        False: a damaged log cannot be backed up). False if it could not."""
        self._backup_on_close = backup
        if self._failing:
            self._stop.set()  # the disk still refuses: do not hold the quit up retrying
        self._jobs.put(None)
        self._thread.join(timeout)
        if self._thread.is_alive():
            self._stop.set()  # a write still failing: give up on it, say so
            self._thread.join(timeout)
            return False
        return not self._failing

    # -- the worker thread -----------------------------------------------------------

    def _loop(self) -> None:
        try:
            self.log = self._opener()
        except Exception as exc:  # LogOpenError and its kinds; anything else is as fatal here
            self.open_error = exc
            self.open_failed.emit(exc)
        else:
            self.opened.emit()
        while True:
            job = self._jobs.get()
            if job is None:
                if self.log is not None:
                    with contextlib.suppress(Exception):  # a failed backup must not hang the quit
                        self.log.close(backup=self._backup_on_close)
                return
            self._run(job)
            if self._jobs.empty():
                self._idle.set()

    def _run(self, job: _Job[Any]) -> None:
        if self.log is None:
            self._give(job.on_error, self.open_error)
            return
        while True:
            try:
                value = job.run(self.log)
            except DamageFoundError as exc:
                self.damage_found.emit(exc.reason)
                if not job.retry:  # a write is carried into the next log instead
                    self._give(job.on_error, exc)
                return
            except BackupSkippedError as exc:
                self.backup_skipped.emit(str(exc))
                self._give(job.on_done, None)
                return
            except BackupError as exc:
                if exc.source_damaged:  # the copy failed the checks: the log is damaged
                    self.damage_found.emit(str(exc))
                self._give(job.on_error, exc)
                return
            except LogWriteError as exc:
                if not job.retry:
                    self._give(job.on_error, exc)
                    return
                if not self._failing:
                    self._failing = True
                    self.write_failed.emit(str(exc))
                if self._stop.wait(self._retry_seconds):
                    return
                continue
            except Exception as exc:
                self._give(job.on_error, exc)
                return
            if self._failing:
                self._failing = False
                self.write_recovered.emit()
            self._give(job.on_done, value)
            if job.changes:  # queued behind on_done: the writer hears first, then the screens
                self.changed.emit(job.changes)
            return

    def _give(self, callback: Callable[[Any], None] | None, value: object) -> None:
        if callback is not None:
            self._deliver.emit(callback, value)

    def _on_deliver(self, callback: Callable[[Any], None], value: object) -> None:
        callback(value)


@dataclass(frozen=True)
class PlayedSession:
    """A session as played, kept in memory: written again into a log that lacks it (the
    log it was written to was found damaged and replaced by a backup or a new log)."""

    routine_id: str
    routine_name: str
    planned_seconds: int
    planned_blocks: int
    started_wall: float
    blocks: tuple[BlockRecord, ...]  # every block played, in phase order
    status: SessionStatus | None  # None while it is still being played
    ended_wall: float | None

    def write(self, log: Log) -> int:
        """Add the session to ``log``, or what it lacks of it; return its id there.

        A session of the same routine begun at the same moment is this one
        (the backup was taken while it was played): its blocks are saved
        again, unless it is finished already.
        """
        same = [
            s
            for s in log.sessions(since=self.started_wall, until=self.started_wall + 0.001)
            if s.routine_id == self.routine_id
        ]
        if same and same[0].status is not None:
            return same[0].id
        session_id = (
            same[0].id
            if same
            else log.start_session(
                self.routine_id,
                self.routine_name,
                self.planned_seconds,
                self.started_wall,
                planned_blocks=self.planned_blocks,
            )
        )
        for record in self.blocks:
            log.save_block(session_id, record, record.phase_index + 1)
        if self.status is not None and self.ended_wall is not None:
            log.finish_session(session_id, self.status, self.ended_wall)
        return session_id


class SessionLogger(QObject):
    """Writes one session to the log as it is played."""

    session_saved = Signal(int)  # the session row is in the log: its id
    block_saved = Signal(object)  # a BlockRecord, after its commit returned
    # The log refused a write for good (not a full disk, which is retried): why. Nothing
    # of the session is dropped without the user hearing of it.
    write_refused = Signal(str)

    def __init__(
        self,
        worker: LogWorker,
        planned_seconds: int,
        planned_blocks: int,
        routine_name: str,
        resume_id: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._worker: LogWorker | None = worker
        self._planned_seconds = planned_seconds
        self._planned_blocks = planned_blocks
        self._routine_name = routine_name
        # Set on the worker thread by the start job, which runs before any block job.
        self._session: dict[str, int] = {} if resume_id is None else {"id": resume_id}
        self.saved: list[BlockRecord] = []
        self.resumed: set[int] = set()  # phase indices the log had before a resume
        # What was played, kept to be written again if the log is replaced meanwhile.
        self._played: dict[int, BlockRecord] = {}
        self._routine_id: str | None = None
        self._started_wall: float | None = None
        self._finished: SessionFinished | None = None
        self._held: list[_Job[Any]] = []

    @property
    def session_id(self) -> int | None:
        return self._session.get("id")

    def resume_with(self, unfinished: UnfinishedSession) -> None:
        """This session goes on from ``unfinished``: its saved blocks are part of it."""
        self.resumed = {b.phase_index for b in unfinished.blocks}
        self._played.update({b.phase_index: b for b in unfinished.blocks})
        self._started_wall = unfinished.started_wall
        self._routine_id = unfinished.routine_id

    def played_session(self) -> PlayedSession | None:
        """The session as played so far; None before it started."""
        if self._routine_id is None or self._started_wall is None:
            return None
        finished = self._finished
        return PlayedSession(
            routine_id=self._routine_id,
            routine_name=self._routine_name,
            planned_seconds=self._planned_seconds,
            planned_blocks=self._planned_blocks,
            started_wall=self._started_wall,
            blocks=tuple(self._played[i] for i in sorted(self._played)),
            status=finished.status if finished else None,
            ended_wall=finished.wall if finished else None,
        )

    def hold(self) -> None:
        """The log is being replaced: keep every call until ``rebind``."""
        self._worker = None

    def rebind(self, worker: LogWorker) -> None:
        """Write the session into the log of ``worker`` (the one that replaced a damaged
        log), then the calls held meanwhile, all in order."""
        self._worker = worker
        played = self.played_session()
        if played is not None:
            session = self._session

            def carry(log: Log) -> int:
                session["id"] = played.write(log)
                return session["id"]

            def carried(_: object) -> None:
                for record in played.blocks:
                    if record not in self.saved:
                        self.saved.append(record)
                        self.block_saved.emit(record)

            worker.call(carry, carried, self._refused, retry=True, changes=Change.SESSIONS)
        held, self._held = self._held, []
        for job in held:
            worker.call(job.run, job.on_done, job.on_error, retry=job.retry, changes=job.changes)

    def _queue(
        self,
        run: Callable[[Log], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        retry: bool = False,
        changes: Change = Change.NONE,
    ) -> None:
        if self._worker is None:
            self._held.append(_Job(run, on_done, on_error, retry, changes))
        else:
            self._worker.call(run, on_done, on_error, retry=retry, changes=changes)

    def call(
        self,
        run: Callable[[Log, int], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        changes: Change = Change.NONE,
    ) -> None:
        """Run ``run(log, session_id)`` after the session row is written (queued behind it);
        ``changes`` is what it writes (``Change.CHECK_INS`` for the check-in)."""
        session = self._session
        self._queue(lambda log: run(log, session["id"]), on_done, on_error, changes=changes)

    def on_event(self, event: Event) -> None:
        match event:
            case SessionStarted() if "id" not in self._session:
                self._routine_id, self._started_wall = event.routine_id, event.wall
                self._start(event)
            case SessionStarted():
                self._routine_id = self._routine_id or event.routine_id
                self._started_wall = self._started_wall or event.wall
                self.session_saved.emit(self._session["id"])
            case BlockFinished():
                self._played[event.record.phase_index] = event.record
                self._save_block(event.record)
            case SessionFinished():
                self._finished = event
                session = self._session
                self._queue(
                    lambda log: log.finish_session(session["id"], event.status, event.wall),
                    on_error=self._refused,
                    retry=True,
                    changes=Change.SESSIONS,
                )
                self._queue(lambda log: log.backup_if_due(event.wall))

    def _start(self, event: SessionStarted) -> None:
        session = self._session

        def start(log: Log) -> int:
            session["id"] = log.start_session(
                event.routine_id,
                self._routine_name,
                self._planned_seconds,
                event.wall,
                planned_blocks=self._planned_blocks,
            )
            return session["id"]

        self._queue(
            start, self.session_saved.emit, self._refused, retry=True, changes=Change.SESSIONS
        )

    def _save_block(self, record: BlockRecord) -> None:
        session = self._session

        def done(_: object) -> None:
            self.saved.append(record)
            self.block_saved.emit(record)

        self._queue(
            lambda log: log.save_block(session["id"], record, record.phase_index + 1),
            done,
            self._refused,
            retry=True,
            changes=Change.SESSIONS,
        )

    def _refused(self, exc: Exception) -> None:
        self.write_refused.emit(str(exc))
