"""The pain-monitoring model: what counts as too much, the usual morning, flares, lasting pain.

On a 0-10 scale: 0-2 is safe (the coach may go up), 3-5 acceptable (it
holds), above 5 too much (it comes down), 7 or more during a session means
rest. A step's "pain" in a session is the higher of the session's pain
during and the user's rating of that exercise in it; the step "hurt" when
that pain was above 5 or a block of the step was stopped for pain.

Baseline (what a usual morning is): the level the user's mornings started
at, or the lowest they have settled to since; it never rises by itself,
only when the user sets it (``Mornings.baselines``). A level is the median
of the ratings in the 14 days up to a rated morning; the first 3 rated
mornings each give one (the starting level), and after that only 14 days
with at least 3 ratings do (a settled level). From a baseline the user set,
it is that, or a lower settled level since. 0 with no rating. A morning
flare is a next-morning rating above the baseline.

Persistent pain: when pain above 5 (any session's or exercise's rating, or
a block stopped for pain) has lasted 14 days or more, from the first to the
latest session of an unbroken run, the coach says to see a physical
therapist now, not "if the pain persists".
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.core.days import WEEK, day_month
from app.core.past import Mornings, PastSession, StepRecord, on
from app.core.wording import plain_number

SAFE_PAIN = 2  # 0-2: safe, an increment up is allowed
ACCEPTABLE_PAIN = 5  # 3-5: acceptable, hold; above 5: too much, back off
SEVERE_PAIN = 7  # 7 or more during a session: rest

BASELINE_DAYS = 14
SETTLED_MORNINGS = 3  # rated mornings in 14 days that make a settled level
PERSISTENT_PAIN_DAYS = 14  # pain above 5 this long: see a physical therapist now


# -- the usual morning, and flares -------------------------------------------------


@dataclass(frozen=True)
class Usual:
    """The baseline for one day: a usual morning, and what it was made of."""

    level: float
    rated: int  # rated mornings it was made of (since the baseline the user set, if any)
    set_on: date | None = None  # the day of the baseline the user set, when it is that one

    def words(self) -> str:
        if self.set_on is not None:
            return f"the usual {plain_number(self.level)} you set on {day_month(self.set_on)}"
        if not self.rated:
            return "0 (no morning rated before it)"
        return f"your usual {plain_number(self.level)}"


class Baselines:
    """The baseline on any day, from every rated morning and every baseline the user set.

    A level is the median of the ratings in the 14 days up to a rated
    morning. The baseline is the lowest level: of the first 3 rated mornings
    (where the user started), and of any 14 days with 3 ratings or more since
    (settled). A lasting rise never becomes the usual; only a baseline the
    user sets raises it, and settled levels below that lower it again.
    """

    def __init__(self, ratings: Mapping[date, int], user: Mapping[date, int]) -> None:
        self._ratings = sorted(ratings.items())
        self._user = sorted(user.items())
        self._cache: dict[date, Usual] = {}

    @classmethod
    def of(cls, sessions: Iterable[PastSession], mornings: Mornings | None) -> Baselines:
        # Each morning once, by its own day: two sessions on one day share their morning.
        ratings = {
            s.day + timedelta(days=1): s.morning_pain
            for s in sessions
            if s.morning_pain is not None and s.logged_day is None
        }
        if mornings is None:
            return cls(ratings, {})
        return cls({**ratings, **mornings.ratings}, mornings.baselines)

    def at(self, morning: date) -> Usual:
        """The baseline a rating on the morning of ``morning`` is compared with: from the
        mornings before it, and the baseline the user set in force on it."""
        if morning not in self._cache:
            self._cache[morning] = self._at(morning)
        return self._cache[morning]

    def _at(self, morning: date) -> Usual:
        user = next(((d, p) for d, p in reversed(self._user) if d <= morning), None)
        since = user[0] if user is not None else date.min
        rated = [(d, p) for d, p in self._ratings if since <= d < morning]
        levels = []
        first = 0  # the first rating in the 14 days up to the one at hand
        for i, (rated_on, _) in enumerate(rated):
            while rated[first][0] <= rated_on - timedelta(days=BASELINE_DAYS):
                first += 1
            window = [p for _, p in rated[first : i + 1]]
            starting = user is None and i < SETTLED_MORNINGS
            if starting or len(window) >= SETTLED_MORNINGS:
                levels.append(float(statistics.median(window)))
        if user is not None:
            low = min(levels, default=float(user[1]))
            if low >= user[1]:
                return Usual(float(user[1]), len(rated), user[0])
            return Usual(low, len(rated))
        return Usual(min(levels, default=0.0), len(rated))


def baseline(
    sessions: Iterable[PastSession], morning: date, mornings: Mornings | None = None
) -> tuple[float, int]:
    """The baseline a rating on the morning of ``morning`` is compared with (0 if nothing
    was rated before it), and how many rated mornings it was made of (see ``Baselines``).

    A session's next morning is the day after it: the flare after a session on
    ``day`` is its rating against ``baseline(sessions, day + 1 day)``.
    """
    usual = Baselines.of(sessions, mornings).at(morning)
    return usual.level, usual.rated


@dataclass(frozen=True)
class Flare:
    """A next-morning rating above the baseline."""

    session: PastSession
    rating: int
    usual: Usual

    def words(self) -> str:
        said = f"pain the morning after your session {on(self.session)} was {self.rating}"
        if not self.usual.rated and self.usual.set_on is None:
            return f"{said}, above {self.usual.words()}"
        return f"{said}, up from {self.usual.words()}"


def flare(usual: Baselines, session: PastSession) -> Flare | None:
    """The flare the morning after ``session``, if its rating is above the baseline."""
    if session.morning_pain is None:
        # Not rated: the coach assumes no flare; the rating is optional.
        return None
    level = usual.at(session.day + timedelta(days=1))
    if session.morning_pain <= level.level:
        return None
    return Flare(session, session.morning_pain, level)


def latest_flare(sessions: Sequence[PastSession], usual: Baselines, since: date) -> Flare | None:
    """A flare on the latest rated morning since ``since``, from any routine.

    Morning pain is about the feet, not one routine: a flare after another
    routine's session also stops this routine going up.
    """
    rated = [s for s in sessions if s.day >= since and s.morning_pain is not None]
    return flare(usual, rated[-1]) if rated else None


# -- a step that hurt --------------------------------------------------------------


def too_much(session: PastSession, rec: StepRecord) -> bool:
    """The step's pain in the session above 5."""
    pain = session.pain_for(rec.exercise_id)
    return pain is not None and pain > ACCEPTABLE_PAIN


def hurt(session: PastSession, rec: StepRecord) -> bool:
    """The step's pain above 5, or a block of it stopped for pain."""
    return rec.stopped_for_pain or too_much(session, rec)


def pain_during_words(session: PastSession, rec: StepRecord, name: str) -> str:
    """``pain during your last session`` or, when the exercise's own rating is what counts,
    ``pain during Short foot in your last session``."""
    if session.rated_apart(rec.exercise_id):
        return f"pain during {name} in your last session"
    return "pain during your last session"


def hurt_words(session: PastSession, rec: StepRecord, name: str) -> str:
    """Why a step hurt, for a sentence about the last session."""
    if too_much(session, rec):
        pain = session.pain_for(rec.exercise_id)
        said = f"{pain_during_words(session, rec, name)}, {on(session)}, was {pain}, above 5"
        return said + (", and you stopped a block for pain" if rec.stopped_for_pain else "")
    return f"you stopped a block for pain in your last session, {on(session)}"


def hurt_short(session: PastSession, rec: StepRecord, name: str) -> str:
    """Why a step hurt, in a few words: ``pain 6 on 3 May``."""
    parts = []
    if too_much(session, rec):
        during = f" during {name}" if session.rated_apart(rec.exercise_id) else ""
        parts.append(f"pain {session.pain_for(rec.exercise_id)}{during}")
    if rec.stopped_for_pain:
        parts.append("a block stopped for pain")
    return " and ".join(parts) + f" {on(session)}"


def pain_in_week(sessions: Sequence[PastSession], usual: Baselines, today: date) -> str:
    """The latest pain problem in the 7 days ending today, from any routine, or ''."""
    start = today - timedelta(days=WEEK - 1)
    for session in reversed([s for s in sessions if s.day >= start]):
        when = on(session)
        if session.pain_during is not None and session.pain_during > ACCEPTABLE_PAIN:
            return f"pain during your session {when} was {session.pain_during}, above 5"
        if (own := max(session.exercise_pain.values(), default=0)) > ACCEPTABLE_PAIN:
            return f"pain during an exercise of your session {when} was {own}, above 5"
        if any(rec.stopped_for_pain for rec in session.steps):
            return f"you stopped a block for pain {when}"
        if morning := flare(usual, session):
            return morning.words()
    return ""


# -- pain that lasts ---------------------------------------------------------------


@dataclass(frozen=True)
class Persistent:
    """Pain above 5 in every rated session from ``since`` to ``last``: two weeks or more."""

    since: date
    last: date

    def words(self) -> str:
        days = (self.last - self.since).days + 1
        return (
            f"pain above 5 has lasted {days} days, since {day_month(self.since)} (about two"
            " weeks or more): see a physical therapist now"
        )


def session_hurt(session: PastSession) -> bool | None:
    """Whether a session had pain above 5 (any rating, or a block stopped for pain); None
    when it tells nothing (no rating, nothing stopped)."""
    ratings = [r for r in (session.pain_during, *session.exercise_pain.values()) if r is not None]
    if any(r > ACCEPTABLE_PAIN for r in ratings) or any(r.stopped_for_pain for r in session.steps):
        return True
    return False if ratings else None


def persistent_pain(sessions: Sequence[PastSession]) -> Persistent | None:
    """The unbroken run of sessions with pain above 5 that ends with the latest rated one,
    when it spans 14 days or more; sessions that tell nothing neither break nor extend it."""
    since = last = None
    for session in reversed(sessions):
        hurt_then = session_hurt(session)
        if hurt_then is None:
            continue
        if not hurt_then:
            break
        last = last or session.day
        since = session.day
    if since is None or last is None or (last - since).days + 1 < PERSISTENT_PAIN_DAYS:
        return None
    return Persistent(since, last)
