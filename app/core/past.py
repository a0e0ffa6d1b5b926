"""Past sessions as the coach reads them: plain values, made from the log by its adapter.

The log adapter (``app.coaching``) turns stored sessions into
``PastSession`` values, each with a ``StepRecord`` per step, and the
morning ratings into ``Mornings``. A past session's record of a step is
the one with the same key (``doses.step_keys``).

A session is never ignored for its date: one dated after today (a clock
that was wrong) is read as today's, and its words give the date it was
logged with (``sessions_up_to``, ``on``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from app.core.days import day_month
from app.core.doses import CoachDose, StepKey
from app.core.routine import Step


def check_pain(rating: int | None) -> None:
    """Raise ``ValueError`` for a pain rating off the 0-10 scale (None: not rated)."""
    if rating is not None and not 0 <= rating <= 10:
        raise ValueError(f"a pain rating is 0 to 10, not {rating}")


@dataclass(frozen=True)
class StepRecord:
    """One step of one logged session.

    ``planned`` and ``done`` are summed over the step's work blocks, in
    seconds for a timed step and in reps otherwise. ``completed`` means
    every work block of the step was completed (none skipped, stopped, or
    left unreached when the session ended early). The log adapter should
    give a record for every step, with done 0 for steps never reached.
    ``occurrence`` is the step's place among the session's steps of the same
    exercise (see ``step_keys``); ``step_index`` is where it stood then.
    """

    step_index: int
    exercise_id: str
    dose: CoachDose  # the dose in force in that session
    planned: float
    done: float
    completed: bool
    stopped_for_pain: bool = False
    occurrence: int = 1

    @property
    def key(self) -> StepKey:
        return (self.exercise_id, self.occurrence)


@dataclass(frozen=True)
class PastSession:
    """One logged session of a routine, with its pain ratings (0-10, or None if not rated).

    ``exercise_pain`` holds the ratings the user gave single exercises after
    the session (exercise id -> 0-10). ``logged_day`` is set by the coach
    alone, on a session logged with a day after today (a clock that was
    wrong): ``day`` is then today, and ``logged_day`` the day it was logged
    with.
    """

    day: date
    routine_id: str
    steps: tuple[StepRecord, ...]
    pain_during: int | None = None  # the rating given after the session
    morning_pain: int | None = None  # the rating the next morning
    exercise_pain: Mapping[str, int] = field(default_factory=dict)
    logged_day: date | None = None

    def __post_init__(self) -> None:
        for rating in (self.pain_during, self.morning_pain, *self.exercise_pain.values()):
            check_pain(rating)

    def record(self, key: StepKey) -> StepRecord | None:
        """The record of the step with this key (exercise id, occurrence), if any."""
        for rec in self.steps:
            if rec.key == key:
                return rec
        return None

    def pain_for(self, exercise_id: str) -> int | None:
        """The pain during an exercise: its own rating or the session's, whichever is higher."""
        ratings = [
            r for r in (self.pain_during, self.exercise_pain.get(exercise_id)) if r is not None
        ]
        return max(ratings, default=None)

    def rated_apart(self, exercise_id: str) -> bool:
        """Whether the exercise's own rating is above the session's: the one that counts."""
        own = self.exercise_pain.get(exercise_id)
        return own is not None and (self.pain_during is None or own > self.pain_during)


@dataclass(frozen=True)
class Mornings:
    """What the baseline is made of, for a log that holds more than the sessions read.

    ``ratings``: each rated morning by its own day (pain 0-10). ``baselines``:
    from the morning of each day on, the usual morning pain the user set; the
    latest one on or before a morning is in force for it. Without a
    ``Mornings``, the coach takes the ratings from the sessions'
    ``morning_pain`` (the morning after each).
    """

    ratings: Mapping[date, int] = field(default_factory=dict)
    baselines: Mapping[date, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for rating in (*self.ratings.values(), *self.baselines.values()):
            check_pain(rating)


def sessions_up_to(history: Iterable[PastSession], today: date) -> tuple[PastSession, ...]:
    """Sessions oldest first; those of one day keep the log's order (a stable sort).

    A session dated after today happened: the clock was wrong when it was
    logged. It is read as today's, latest, so its pain always counts.
    """
    sessions = [
        s if s.day <= today else replace(s, day=today, logged_day=s.logged_day or s.day)
        for s in history
    ]
    return tuple(sorted(sessions, key=lambda s: s.day))


def fitting_record(session: PastSession, key: StepKey, step: Step) -> StepRecord | None:
    """The session's record of this step; one from before the step changed kind does not count."""
    rec = session.record(key)
    return rec if rec is not None and rec.dose.fits(step) else None


def on(session: PastSession) -> str:
    """``on 3 May``, or for a session logged with a day after today, that day, said so."""
    if session.logged_day is not None:
        return f"dated {day_month(session.logged_day)} (after today)"
    return f"on {day_month(session.day)}"
