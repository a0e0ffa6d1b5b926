"""What the History screen shows, shaped from the progress log: no Qt, no SQL.

``HistoryData.from_log`` makes the ``Log`` calls of the table, the
calendar and the progress charts for one period; ``ExerciseData.from_log``
those of the exercise list (the costliest: read only when its tab is
shown), and ``ExerciseHistory.from_log`` those of one exercise. They are
meant to run on the log's worker thread, and what they return is frozen,
so it can cross to the GUI thread as it is.

Charts get points already averaged per day, week or month (``Step``,
chosen from the span shown), so a line keeps to a few hundred points
however long the log: ten years of daily sessions are 120 monthly points.
Chart x values are wall seconds (what pyqtgraph's ``DateAxisItem`` reads):
a day is plotted at its local noon, a week at the noon of its Thursday,
a month at the noon of its 15th.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from enum import Enum
from statistics import fmean
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from app.core.days import WEEKDAYS
from app.core.events import BlockStatus, SessionStatus
from app.core.routine import Side
from app.storage.records import (
    CoachSession,
    ExerciseBlock,
    Exposure,
    MorningCheckIn,
    SessionSummary,
    WeekMinutes,
    day_of,
)
from app.storage.unreadable import UnreadableRow, unreadable_words

if TYPE_CHECKING:
    from app.storage.log import Log

T = TypeVar("T")


class RunJob(Protocol):
    """How a screen has log work done: ``run(job, on_done, on_error)`` calls ``job(log)``
    somewhere and hands its result (or exception) back. A write says what it changes
    (``changes``, an ``app.ui.changes.Change``), to be told once it is in.
    ``LogController.call`` is one; ``run_now`` is the synchronous one."""

    def __call__(
        self,
        job: Callable[[Log], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        /,
        *,
        changes: Any = ...,
    ) -> None: ...


SESSION_COLUMNS = ("Date and time", "Routine", "Duration", "Blocks done", "Pain during", "Status")
NO_SESSIONS = "No sessions yet: your sessions appear here after you play a routine."
UNFINISHED = "unfinished"
DASH = "-"
ONE_DAY = timedelta(days=1)
DAY_SECONDS = 24 * 3600.0  # a day along a chart's x axis (wall seconds)


class Step(Enum):
    """How much time one point of a chart stands for: (words, average length in days)."""

    DAY = ("per day", 1.0)
    WEEK = ("per week", 7.0)
    MONTH = ("per month", 30.44)

    @property
    def words(self) -> str:
        return self.value[0]

    @property
    def days(self) -> float:
        return self.value[1]

    @property
    def pairs(self) -> Step:
        """The step of the left-and-right bar pairs: a pair a day would be too thin."""
        return Step.WEEK if self is Step.DAY else self

    @classmethod
    def for_span(cls, days: int) -> Step:
        """A point a day for up to four months, a week for up to three years, else a month:
        a line chart keeps to a few hundred points, however long the log."""
        if days <= 120:
            return cls.DAY
        return cls.WEEK if days <= 3 * 365 else cls.MONTH

    def start(self, day: date) -> date:
        """The first day of the step that ``day`` is in."""
        if self is Step.DAY:
            return day
        return monday_of(day) if self is Step.WEEK else day.replace(day=1)

    def x(self, start: date) -> float:
        """Where the step that starts on ``start`` is plotted: its middle."""
        if self is Step.DAY:
            return day_x(start)
        return week_x(start) if self is Step.WEEK else wall_of(start.replace(day=15), 12)


class Period(Enum):
    """How far back History looks: (words, whole weeks up to this one, or None for all)."""

    LAST_3_MONTHS = ("Last 3 months", 13)
    LAST_12_MONTHS = ("Last 12 months", 52)
    ALL_TIME = ("All time", None)

    @property
    def words(self) -> str:
        return self.value[0]

    def first_day(self, today: date) -> date | None:
        """The Monday the period starts on (whole weeks, so no week's bar is cut short)."""
        weeks = self.value[1]
        if weeks is None:
            return None
        return monday_of(today) - timedelta(weeks=weeks - 1)


class Measure(Enum):
    """What a chart of one exercise counts, with its axis words."""

    SECONDS = "Seconds held"
    REPS = "Reps done"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def wall_of(day: date, hour: int = 0) -> float:
    """The wall time of ``hour`` o'clock local time on ``day``."""
    return datetime.combine(day, clock_time(hour)).astimezone().timestamp()


def day_x(day: date) -> float:
    """Where a day is plotted: its local noon."""
    return wall_of(day, 12)


def week_x(monday: date) -> float:
    """Where a week is plotted: the noon of its Thursday, the middle of the week."""
    return wall_of(monday + timedelta(days=3), 12)


@dataclass(frozen=True)
class Series:
    """Points of one line or one set of bars, oldest first."""

    x: tuple[float, ...] = ()
    y: tuple[float, ...] = ()

    @classmethod
    def of(cls, points: Iterable[tuple[float, float]]) -> Series:
        pairs = sorted(points)
        return cls(tuple(p[0] for p in pairs), tuple(p[1] for p in pairs))

    def __len__(self) -> int:
        return len(self.x)


# -- the sessions table ------------------------------------------------------------


def minutes_seconds(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def status_words(status: SessionStatus | None) -> str:
    return UNFINISHED if status is None else status.value


def session_cells(session: SessionSummary) -> tuple[str, ...]:
    """One row of the sessions table, in the order of ``SESSION_COLUMNS``."""
    duration = session.duration_seconds
    if session.planned_blocks is None:
        blocks = f"{session.completed_blocks} done"
    else:
        blocks = f"{session.completed_blocks} of {session.planned_blocks}"
    started = session.started
    return (
        f"{WEEKDAYS[started.weekday()]} {started:%Y-%m-%d %H:%M}",
        session.routine_name,
        DASH if duration is None else minutes_seconds(duration),
        blocks,
        DASH if session.pain_during is None else str(session.pain_during),
        status_words(session.status),
    )


def streak_words(streak: int, today_done: bool) -> str:
    """``Streak: 5 days``, and, before today's session, that a session today keeps it."""
    words = f"Streak: {streak} day" + ("" if streak == 1 else "s")
    if streak and not today_done:
        words += " (a session today keeps it going)"
    return words


# -- one exercise ---------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseChoice:
    exercise_id: str
    name: str
    blocks: int  # in the period, whatever their status


@dataclass(frozen=True)
class ExerciseHistory:
    """One exercise over a period: what was done per block, by side, over time.

    Skipped blocks are left out (nothing was measured); blocks stopped for
    pain count with what was done before stopping. ``over_time`` averages
    the blocks of each ``step`` (a day, week or month) by side; ``pairs``
    those of each ``step.pairs``, for left and right only.
    """

    exercise_id: str
    name: str
    measure: Measure
    step: Step
    over_time: Mapping[Side, Series]  # only the sides the exercise was done on
    pairs: Mapping[Side, Series]  # Side.LEFT and Side.RIGHT, when done on either

    @property
    def sided(self) -> bool:
        return bool(self.pairs)

    @classmethod
    def from_blocks(
        cls,
        exercise_id: str,
        name: str,
        blocks: Sequence[ExerciseBlock],
        step: Step = Step.DAY,
    ) -> ExerciseHistory:
        by_reps = any(
            b.record.planned_reps is not None or b.record.done_reps is not None for b in blocks
        )
        measure = Measure.REPS if by_reps else Measure.SECONDS
        steps: dict[Side, dict[date, list[float]]] = {}
        pairs: dict[Side, dict[date, list[float]]] = {}
        starts: dict[float, tuple[date, date]] = {}  # by session: its step's and pair's start
        for block in blocks:
            record = block.record
            if record.status is BlockStatus.SKIPPED:
                continue
            value = float(record.done_reps or 0) if by_reps else record.done_seconds
            started = starts.get(block.session_started_wall)
            if started is None:
                day = day_of(block.session_started_wall)
                started = starts[block.session_started_wall] = (
                    step.start(day),
                    step.pairs.start(day),
                )
            steps.setdefault(record.side, {}).setdefault(started[0], []).append(value)
            if record.side is not Side.NONE:
                pairs.setdefault(record.side, {}).setdefault(started[1], []).append(value)
        if blocks:
            name = blocks[-1].record.exercise_name or name
        order = (Side.LEFT, Side.RIGHT, Side.NONE)
        return cls(
            exercise_id=exercise_id,
            name=name,
            measure=measure,
            step=step,
            over_time={
                side: Series.of((step.x(d), fmean(v)) for d, v in steps[side].items())
                for side in order
                if side in steps
            },
            pairs={
                side: Series.of((step.pairs.x(d), fmean(v)) for d, v in pairs.get(side, {}).items())
                for side in (Side.LEFT, Side.RIGHT)
                if pairs
            },
        )

    @classmethod
    def from_log(
        cls,
        log: Log,
        exercise_id: str,
        name: str = "",
        since: date | None = None,
        step: Step = Step.DAY,
    ) -> ExerciseHistory:
        blocks = log.blocks_for_exercise(
            exercise_id, since=None if since is None else wall_of(since)
        )
        return cls.from_blocks(exercise_id, name or exercise_id, blocks, step)


# -- the exercises of a period ---------------------------------------------------


@dataclass(frozen=True)
class ExerciseData:
    """The exercises done in a period, and the history of the one to show first."""

    period: Period
    today: date
    choices: tuple[ExerciseChoice, ...]  # with a block in the period, by name
    exercise: ExerciseHistory | None  # the one asked for, or the one with the most blocks

    @classmethod
    def from_log(
        cls,
        log: Log,
        today: date,
        period: Period,
        step: Step,
        exercise_id: str | None = None,
    ) -> ExerciseData:
        first = period.first_day(today)
        choices = exercises_since(log, None if first is None else wall_of(first))
        chosen = next((c for c in choices if c.exercise_id == exercise_id), None)
        if chosen is None and choices:
            chosen = max(choices, key=lambda c: c.blocks)  # the first by name of a tie
        return cls(
            period=period,
            today=today,
            choices=choices,
            exercise=None
            if chosen is None
            else ExerciseHistory.from_log(log, chosen.exercise_id, chosen.name, first, step),
        )


def exercises_since(log: Log, since: float | None) -> tuple[ExerciseChoice, ...]:
    """Every exercise with a block in the sessions since ``since`` (wall seconds; None:
    all), by name, with its latest name and its number of blocks.

    Read today from every session's loads (``coach_sessions``): 0.76 s of the log's
    thread for ten years, while the Per exercise tab says "Loading…". It wants one
    query of its own in storage, ``Log.exercise_choices(since)``: for the sessions
    ``coach_sessions(since)`` reads, one row per exercise id with its block count
    (any status) and its name as ``exercise_choices`` picks it (in the newest session
    with it, at its last step, the greatest ``exercise_name``) -- a GROUP BY over
    ``blocks`` joined to those sessions. This function then returns its rows.
    """
    return exercise_choices(log.coach_sessions(since=since))


def exercise_choices(coached: Iterable[CoachSession]) -> tuple[ExerciseChoice, ...]:
    """Every exercise with a block in these sessions, by name; the latest name wins."""
    names: dict[str, str] = {}
    blocks: dict[str, int] = {}
    for session in coached:
        for load in session.loads:
            names[load.exercise_id] = load.exercise_name or load.exercise_id
            blocks[load.exercise_id] = blocks.get(load.exercise_id, 0) + load.blocks
    return tuple(
        ExerciseChoice(exercise_id, name, blocks[exercise_id])
        for exercise_id, name in sorted(names.items(), key=lambda item: (item[1].lower(), item[0]))
    )


# -- everything else on the screen ----------------------------------------------


def pain_series(
    sessions: Iterable[SessionSummary],
    mornings: Iterable[MorningCheckIn],
    step: Step = Step.DAY,
) -> tuple[Series, Series]:
    """(pain during, next-morning pain), one point per session day, week or month with one.

    A day's pain during is its worst session's. The next morning's pain is
    the morning check-in of the calendar day after a session day (as the
    coach reads it), plotted on the session's day, so the two points of a
    session line up. A week's or a month's point is the average of its days.
    """
    during: dict[date, int] = {}
    days: set[date] = set()
    for session in sessions:
        day = session.day
        days.add(day)
        if session.pain_during is not None:
            during[day] = max(session.pain_during, during.get(day, 0))
    morning = {
        check.day - ONE_DAY: check.pain
        for check in mornings
        if check.pain is not None and check.day - ONE_DAY in days
    }
    return _per_step(during, step), _per_step(morning, step)


def _per_step(by_day: Mapping[date, float], step: Step) -> Series:
    steps: dict[date, list[float]] = {}
    for day, value in by_day.items():
        steps.setdefault(step.start(day), []).append(value)
    return Series.of((step.x(start), fmean(values)) for start, values in steps.items())


def minutes_series(weeks: Iterable[WeekMinutes]) -> Series:
    return Series.of((week_x(w.monday), w.minutes) for w in weeks)


def barefoot_series(exposures: Iterable[Exposure]) -> Series:
    """Barefoot or minimalist minutes per week (Monday to Sunday), beside the exercise minutes."""
    weeks: dict[date, float] = {}
    for entry in exposures:
        monday = monday_of(entry.day)
        weeks[monday] = weeks.get(monday, 0.0) + entry.minutes
    return Series.of((week_x(monday), weeks[monday]) for monday in sorted(weeks))


@dataclass(frozen=True)
class HistoryData:
    """What History shows for one period, but for the exercises (see ``ExerciseData``:
    they are loaded when their tab is first shown, since they cost the most to read)."""

    today: date
    period: Period
    step: Step  # of the line charts, for the span of the sessions shown
    sessions: tuple[SessionSummary, ...]  # in the period, newest first
    any_sessions: bool  # at all, in any period
    session_days: tuple[date, ...]  # days of the period with a completed block, oldest first
    streak: int
    minutes_per_week: Series
    weeks: tuple[WeekMinutes, ...]
    pain_during: Series
    pain_next_morning: Series
    barefoot_per_week: Series = Series()
    # Rows of the log no reader can use, left out of everything above (see
    # app.storage.unreadable): the screen says so, and offers to remove them.
    unreadable: tuple[UnreadableRow, ...] = ()

    @property
    def unreadable_words(self) -> str:
        """What was left out, and why; "" when nothing was."""
        return unreadable_words(self.unreadable)

    @property
    def first_day(self) -> date | None:
        return self.period.first_day(self.today)

    @property
    def streak_words(self) -> str:
        return streak_words(
            self.streak, bool(self.session_days) and self.session_days[-1] == self.today
        )

    @property
    def empty_words(self) -> str:
        """What to say when the period has no session; empty when it has some."""
        if self.sessions:
            return ""
        if not self.any_sessions:
            return NO_SESSIONS
        return f"No sessions in this period ({self.period.words.lower()}); try All time."

    @classmethod
    def from_log(cls, log: Log, today: date, period: Period = Period.LAST_12_MONTHS) -> HistoryData:
        first = period.first_day(today)
        since = None if first is None else wall_of(first)
        sessions = tuple(log.sessions(since=since))
        weeks = tuple(log.minutes_per_week(since=since))
        oldest = sessions[-1].day if sessions else today
        step = Step.for_span((today - oldest).days)
        during, morning = pain_series(sessions, log.morning_checkins(since=first), step)
        return cls(
            today=today,
            period=period,
            step=step,
            sessions=sessions,
            any_sessions=bool(sessions) or bool(log.sessions(limit=1)),
            session_days=tuple(log.session_days(since=first)),
            streak=log.streak(today),
            minutes_per_week=minutes_series(weeks),
            weeks=weeks,
            pain_during=during,
            pain_next_morning=morning,
            barefoot_per_week=barefoot_series(log.exposures(since=first)),
            unreadable=log.unreadable_rows(),
        )


class RunNow:
    """A ``RunJob`` that runs each job at once on this thread: for tests, benches and scripts.

    After a write, and its ``on_done``, ``on_changed`` (when set) hears what it changed,
    as the window hands ``LogController.changed`` to the screen on show."""

    def __init__(self, log: Log) -> None:
        self.log = log
        self.on_changed: Callable[[Any], None] | None = None

    def __call__(
        self,
        job: Callable[[Log], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        changes: Any = None,
    ) -> None:
        try:
            value = job(self.log)
        except Exception as exc:
            if on_error is None:
                raise
            on_error(exc)
            return
        if on_done is not None:
            on_done(value)
        if changes and self.on_changed is not None:
            self.on_changed(changes)


def run_now(log: Log) -> RunNow:
    """A ``RunNow`` on ``log``."""
    return RunNow(log)
