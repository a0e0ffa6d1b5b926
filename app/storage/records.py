"""The values the progress log hands out and takes in: frozen dataclasses, no SQL.

Times called ``*_wall`` are wall-clock seconds since the epoch
(``time.time()``); days are local calendar days. ``local_time`` and
``day_of`` turn one into the other, so every screen and query agrees on
which day a session belongs to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from app.core.events import BlockRecord, SessionStatus


def local_time(wall: float) -> datetime:
    """Wall seconds as an aware local datetime (with the offset in force at that instant)."""
    return datetime.fromtimestamp(wall, UTC).astimezone()


def day_of(wall: float) -> date:
    """The local calendar day of a wall time."""
    return local_time(wall).date()


class Activity(StrEnum):
    """What barefoot or minimalist exposure minutes were spent on."""

    WALK = "walk"
    RUN = "run"


@dataclass(frozen=True)
class UnfinishedSession:
    """A session the app did not finish (it crashed or was closed): what is saved of it.

    The saved state stays until ``keep_as_partial``, ``discard`` or
    ``finish_session`` is called. To resume, start the player at
    ``next_phase_index`` and keep saving blocks under the same ``id``.
    """

    id: int
    uuid: str
    routine_id: str
    routine_name: str
    started_wall: float
    planned_seconds: int
    planned_blocks: int | None
    next_phase_index: int
    blocks: tuple[BlockRecord, ...]  # in phase order

    @property
    def last_saved_wall(self) -> float:
        """When the last saved block ended (the start time if none was saved)."""
        return max((b.ended_wall for b in self.blocks), default=self.started_wall)


@dataclass(frozen=True)
class SessionSummary:
    """One row of History: a session with its block counts and pain."""

    id: int
    uuid: str
    routine_id: str
    routine_name: str
    started_wall: float
    ended_wall: float | None
    status: SessionStatus | None  # None while unfinished
    planned_seconds: int
    planned_blocks: int | None  # None when the caller did not say
    blocks: int  # blocks recorded, whatever their status
    completed_blocks: int
    skipped_blocks: int
    stopped_blocks: int
    work_seconds: float  # seconds of work done, summed over the blocks
    pain_during: int | None  # from the session check-in
    note: str

    @property
    def started(self) -> datetime:
        return local_time(self.started_wall)

    @property
    def day(self) -> date:
        return day_of(self.started_wall)

    @property
    def duration_seconds(self) -> float | None:
        """Wall time from start to end, pauses included; None while unfinished."""
        return None if self.ended_wall is None else max(0.0, self.ended_wall - self.started_wall)


@dataclass(frozen=True)
class SessionCheckIn:
    """What the user said after a session: pain during (0-10), a note, pain per exercise."""

    session_id: int
    pain_during: int
    note: str = ""
    exercise_pain: Mapping[str, int] = field(default_factory=dict)  # exercise id -> 0-10


@dataclass(frozen=True)
class MorningCheckIn:
    """The next-morning check-in for one calendar day; both ratings are None when skipped."""

    day: date
    pain: int | None
    stiffness: int | None

    @property
    def skipped(self) -> bool:
        return self.pain is None


@dataclass(frozen=True)
class ExerciseBlock:
    """One work block of one exercise, with its session: a point on a chart."""

    session_id: int
    routine_id: str
    session_started_wall: float
    record: BlockRecord

    @property
    def day(self) -> date:
        return day_of(self.session_started_wall)


@dataclass(frozen=True)
class WeekMinutes:
    """Work done in one ISO week (Monday to Sunday, local time)."""

    monday: date
    minutes: float  # done seconds of every block / 60
    sessions: int

    @property
    def iso_week(self) -> tuple[int, int]:
        year, week, _ = self.monday.isocalendar()
        return year, week


@dataclass(frozen=True)
class ExerciseLoad:
    """One step of one session, summed over its sets and sides: planned against done."""

    step_index: int
    exercise_id: str
    exercise_name: str
    blocks: int
    completed: int
    skipped: int
    stopped: int  # stopped for pain
    planned_seconds: int  # summed over blocks that had a planned time
    done_seconds: float
    planned_reps: int  # summed over blocks that had planned reps
    done_reps: int
    sets: int = 1  # the step's sets, as the player played it
    sides: int = 1  # the sides its blocks were on (1 or 2)


@dataclass(frozen=True)
class CoachSession:
    """What the progression coach reads about one session."""

    id: int
    routine_id: str
    started_wall: float
    status: SessionStatus | None
    pain_during: int | None
    exercise_pain: Mapping[str, int]
    morning_pain: int | None  # the check-in of the next calendar day, if answered
    morning_stiffness: int | None
    loads: tuple[ExerciseLoad, ...]  # in step order

    @property
    def day(self) -> date:
        return day_of(self.started_wall)


@dataclass(frozen=True)
class DoseChange:
    """One accepted change of dose for a step of a routine.

    A dose belongs to its exercise, not to the step's place: the dose in
    force for (routine, exercise, occurrence) is its latest change; with
    none, the routine file's dose. ``occurrence`` tells apart two steps of
    one exercise in a routine: 1 for the first, 2 for the second. So adding,
    removing or moving other steps keeps every dose with its exercise.
    ``step_index`` records where the step stood when the change was
    decided. ``time_seconds`` is for timed work, ``reps`` for reps; the
    other one is None.
    """

    routine_id: str
    step_index: int
    exercise_id: str
    time_seconds: int | None
    reps: int | None
    sets: int
    decided_wall: float
    decision: str  # e.g. "increase", "hold", "back off"
    reason: str  # why, in words the user is shown
    occurrence: int = 1

    @property
    def key(self) -> tuple[str, int]:
        """(exercise id, occurrence): what the dose belongs to within its routine."""
        return (self.exercise_id, self.occurrence)


@dataclass(frozen=True)
class MorningBaseline:
    """The user's word that their usual morning pain is ``pain`` from ``day`` on.

    The coach's baseline never rises by itself; this is how it rises.
    """

    day: date
    pain: int
    decided_wall: float


@dataclass(frozen=True)
class Exposure:
    """Minutes spent walking or running barefoot or in minimalist shoes on one day."""

    day: date
    minutes: float
    activity: Activity
    note: str = ""


@dataclass(frozen=True)
class SafetyAnswers:
    """One answering of the safety questions shown before the first session."""

    answered_wall: float
    answers: Mapping[str, Any]  # question id -> answer; stored as JSON
    contraindicated: bool
    acknowledged: bool


@dataclass(frozen=True)
class ProgramState:
    """Where the user is in a program: when it started, which stage, since when."""

    program_id: str
    started_day: date
    stage_index: int
    stage_started_day: date


@dataclass(frozen=True)
class ImportReport:
    """What an import added; rows already in the log are counted as skipped."""

    sessions_added: int
    sessions_skipped: int
    blocks_added: int
    other_rows_added: int  # check-ins, doses, baselines, exposure, safety, program state
    other_rows_skipped: int
    settings: Mapping[str, Any]  # the file's settings, for the caller to apply
