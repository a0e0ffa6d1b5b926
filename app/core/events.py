"""What the player reports. The UI, the cues and the log consume these; nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.core.reps import RepPosition
from app.core.routine import Side
from app.core.timeline import Phase


class BlockStatus(StrEnum):
    COMPLETED = "completed"
    SKIPPED = "skipped"
    STOPPED = "stopped"  # stopped for pain


class SessionStatus(StrEnum):
    COMPLETED = "completed"
    ENDED_EARLY = "ended early"
    STOPPED_FOR_PAIN = "stopped for pain"


@dataclass(frozen=True)
class BlockRecord:
    """One finished work block: what was planned and what was done.

    ``phase_index`` identifies the block within the session: if the user
    goes back and does a block again, the later record replaces the earlier.
    Seconds are work seconds; reps are ``None`` for a timed block, and
    ``planned_seconds`` is ``None`` for a self-paced one.
    """

    phase_index: int
    step_index: int
    exercise_id: str
    exercise_name: str
    side: Side
    set_number: int
    sets: int
    planned_seconds: int | None
    done_seconds: float
    planned_reps: int | None
    done_reps: int | None
    status: BlockStatus
    started_wall: float
    ended_wall: float


@dataclass(frozen=True)
class SessionStarted:
    routine_id: str
    at: float
    wall: float


@dataclass(frozen=True)
class PhaseStarted:
    index: int
    phase: Phase
    at: float


@dataclass(frozen=True)
class RepPhaseChanged:
    index: int
    rep: RepPosition
    at: float  # the scheduled start of this rep phase


@dataclass(frozen=True)
class BlockFinished:
    record: BlockRecord
    at: float


@dataclass(frozen=True)
class Paused:
    reason: str  # empty when the user paused; otherwise why the player did
    at: float


@dataclass(frozen=True)
class Resumed:
    at: float


@dataclass(frozen=True)
class SessionFinished:
    status: SessionStatus
    at: float
    records: tuple[BlockRecord, ...]
    wall: float = 0.0  # the wall-clock time it finished, for the log


Event = (
    SessionStarted
    | PhaseStarted
    | RepPhaseChanged
    | BlockFinished
    | Paused
    | Resumed
    | SessionFinished
)
