"""Every progress-log call runs on one background thread, in order; the GUI never waits.

``LogWorker.call(job, on_done, on_error)`` queues ``job(log)``; its result
comes back on the GUI thread. A write that fails (disk full, read-only,
I/O error) is kept and retried, and everything queued behind it waits,
so blocks reach the log in the order they were played. The first failure
is reported at once (``write_failed``), and ``write_recovered`` when the
kept writes are in.

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
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.events import BlockFinished, BlockRecord, Event, SessionFinished, SessionStarted
from app.storage.errors import LogWriteError
from app.storage.log import Log
from app.ui.log_controller import RETRY_SECONDS


@dataclass
class _Job:
    run: Callable[[Log], Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[Exception], None] | None
    retry: bool  # a write that must not be lost: keep trying until it is in


class LogWorker(QObject):
    opened = Signal()  # the log is open, checked and migrated
    open_failed = Signal(object)  # the LogOpenError (newer, damaged, unusable)
    write_failed = Signal(str)  # a write failed and is kept in memory; why
    write_recovered = Signal()  # every kept write is in the log now
    _deliver = Signal(object, object)  # (callback, value), crossing to the GUI thread

    def __init__(self, opener: Callable[[], Log], retry_seconds: float = RETRY_SECONDS) -> None:
        """Open the log with ``opener`` on the worker thread (it runs ``quick_check``)."""
        super().__init__()
        self._opener = opener
        self.log: Log | None = None
        self.open_error: Exception | None = None
        self._retry_seconds = retry_seconds
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._stop = threading.Event()
        self._failing = False
        self._idle = threading.Event()
        self._idle.set()
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
        run: Callable[[Log], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        retry: bool = False,
    ) -> None:
        self._idle.clear()
        self._jobs.put(_Job(run, on_done, on_error, retry))

    def wait_idle(self, timeout: float) -> bool:
        """Block until every queued job ran (tests, and closing); False on timeout."""
        return self._idle.wait(timeout)

    def close(self, timeout: float = 10.0) -> bool:
        """Finish the queued jobs, then close the log (taking a backup). False if it could not."""
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
                        self.log.close()
                return
            self._run(job)
            if self._jobs.empty():
                self._idle.set()

    def _run(self, job: _Job) -> None:
        if self.log is None:
            self._give(job.on_error, self.open_error)
            return
        while True:
            try:
                value = job.run(self.log)
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
            return

    def _give(self, callback: Callable[[Any], None] | None, value: object) -> None:
        if callback is not None:
            self._deliver.emit(callback, value)

    def _on_deliver(self, callback: Callable[[Any], None], value: object) -> None:
        callback(value)


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
        self._worker = worker
        self._planned_seconds = planned_seconds
        self._planned_blocks = planned_blocks
        self._routine_name = routine_name
        # Set on the worker thread by the start job, which runs before any block job.
        self._session: dict[str, int] = {} if resume_id is None else {"id": resume_id}
        self.saved: list[BlockRecord] = []
        self.resumed: set[int] = set()  # phase indices the log had before a resume

    @property
    def session_id(self) -> int | None:
        return self._session.get("id")

    def call(
        self,
        run: Callable[[Log, int], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run ``run(log, session_id)`` after the session row is written (queued behind it)."""
        session = self._session
        self._worker.call(lambda log: run(log, session["id"]), on_done, on_error)

    def on_event(self, event: Event) -> None:
        match event:
            case SessionStarted() if "id" not in self._session:
                self._start(event)
            case SessionStarted():
                self.session_saved.emit(self._session["id"])
            case BlockFinished():
                self._save_block(event.record)
            case SessionFinished():
                session = self._session
                self._worker.call(
                    lambda log: log.finish_session(session["id"], event.status, event.wall),
                    on_error=self._refused,
                    retry=True,
                )
                self._worker.call(lambda log: log.backup_if_due(event.wall))

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

        self._worker.call(start, self.session_saved.emit, self._refused, retry=True)

    def _save_block(self, record: BlockRecord) -> None:
        session = self._session

        def done(_: object) -> None:
            self.saved.append(record)
            self.block_saved.emit(record)

        self._worker.call(
            lambda log: log.save_block(session["id"], record, record.phase_index + 1),
            done,
            self._refused,
            retry=True,
        )

    def _refused(self, exc: Exception) -> None:
        self.write_refused.emit(str(exc))
