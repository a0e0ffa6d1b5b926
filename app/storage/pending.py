"""Writes the disk refused, kept in memory and saved later, in their order.

When the disk is full (or read-only, or failing) ``Log`` raises
``LogWriteError`` and saves nothing of that write; what was committed
before stays committed. ``SafeWriter`` sits in front of the log for the
session's writes: a refused write is queued, every later write queues
behind it (so a session is never marked finished before its last block is
saved), and ``retry()`` or the next write tries the queue again from the
front. The screen shows ``status_text`` while anything is waiting.

A session whose start could not be saved gets a provisional (negative) id;
use it for the session's other writes as usual: they are saved under the
real id once the start is.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Mapping

from app.core.events import BlockRecord, SessionStatus
from app.storage.errors import LogWriteError
from app.storage.log import Log


class SafeWriter:
    """Session writes through ``log``, with refused ones kept and retried in order.

    Each method returns True when everything submitted so far is saved,
    False when something is still waiting (see ``status_text``).
    """

    def __init__(self, log: Log) -> None:
        self.log = log
        self._queue: deque[Callable[[], object]] = deque()
        self._lock = threading.RLock()
        self._real_ids: dict[int, int] = {}  # provisional session id -> id in the log
        self._next_provisional = -1
        self.last_error: LogWriteError | None = None

    # --------------------------------------------------------------- writes

    def start_session(
        self,
        routine_id: str,
        routine_name: str,
        planned_seconds: int,
        started_wall: float,
        *,
        planned_blocks: int | None = None,
    ) -> int:
        """Start a session; return its id, or a provisional negative id if not saved yet."""
        with self._lock:
            provisional = self._next_provisional
            self._next_provisional -= 1

            def start() -> None:
                self._real_ids[provisional] = self.log.start_session(
                    routine_id,
                    routine_name,
                    planned_seconds,
                    started_wall,
                    planned_blocks=planned_blocks,
                )

            self._submit(start)
            return self._real_ids.get(provisional, provisional)

    def save_block(self, session_id: int, record: BlockRecord, next_phase_index: int) -> bool:
        return self._submit(
            lambda: self.log.save_block(self._id(session_id), record, next_phase_index)
        )

    def finish_session(self, session_id: int, status: SessionStatus, ended_wall: float) -> bool:
        return self._submit(
            lambda: self.log.finish_session(self._id(session_id), status, ended_wall)
        )

    def save_session_checkin(
        self,
        session_id: int,
        pain_during: int,
        note: str = "",
        exercise_pain: Mapping[str, int] | None = None,
    ) -> bool:
        return self._submit(
            lambda: self.log.save_session_checkin(
                self._id(session_id), pain_during, note, exercise_pain
            )
        )

    def retry(self) -> bool:
        """Try the waiting writes again, oldest first; True when all are saved."""
        with self._lock:
            return self._flush()

    # ---------------------------------------------------------------- state

    @property
    def pending(self) -> int:
        """How many writes are waiting."""
        return len(self._queue)

    @property
    def all_saved(self) -> bool:
        return not self._queue

    @property
    def status_text(self) -> str:
        """E.g. "Not saved yet: the disk is full (3 changes waiting)."; empty when all saved."""
        if not self._queue:
            return ""
        reason = self.last_error.reason.value if self.last_error else "waiting"
        count = len(self._queue)
        return f"Not saved yet: {reason} ({count} change{'s' if count != 1 else ''} waiting)."

    def session_id(self, session_id: int) -> int | None:
        """The id in the log of a session (provisional or not); None while its start waits."""
        return self._real_ids.get(session_id) if session_id < 0 else session_id

    # ------------------------------------------------------------- plumbing

    def _id(self, session_id: int) -> int:
        real = self.session_id(session_id)
        # Writes run in order, so a session's start is saved before its other writes.
        assert real is not None, f"session {session_id} started after its writes"
        return real

    def _submit(self, write: Callable[[], object]) -> bool:
        with self._lock:
            self._queue.append(write)
            return self._flush()

    def _flush(self) -> bool:
        while self._queue:
            try:
                self._queue[0]()
            except LogWriteError as exc:
                self.last_error = exc
                return False
            except BaseException:
                # A write the log will never accept (a bug, not the disk): drop it
                # rather than hold every later write behind it forever.
                self._queue.popleft()
                raise
            self._queue.popleft()
        self.last_error = None
        return True
