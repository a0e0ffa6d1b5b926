"""The progression coach: a pain-monitored, capped ramp for every step of a routine.

After each session the coach looks at the log and says, for every step of
a routine, whether the next session should go up one step (PROGRESS), stay
(HOLD), go down one step (BACK_OFF) or rest (REST), with one plain sentence
of why that names the numbers it used. It also says when a program may move
on to its next stage. It never changes a routine file: the log keeps the
dose in force per step, and ``apply_doses`` gives the player a routine with
those doses. The user always has the final say.

Plain values in, plain values out: no Qt and no database here. The log
adapter turns stored sessions into ``PastSession`` values.

A step is known by its exercise, not its place: its key is the exercise id
and its occurrence among the routine's steps of that exercise (1 for the
first, 2 for the second; ``step_keys``). A past session's record of a step
is the one with the same key, so adding, removing or moving steps keeps
each exercise's history and dose.

The rules for a step, first match wins (``docs/progression.md`` says the
same for users). "Last session" is the latest session of this routine. The
step's "pain" in a session is the higher of the session's pain during and
the user's rating of that exercise in it; the step "hurt" when that pain
was above 5 or a block of the step was stopped for pain.

1. No session of this routine logged, or no record of this step in the
   last session: HOLD.
2. Fewer than 7 days off, and the step's pain in the last session was 7 or
   more, or the step hurt in each of the last two sessions: REST (rest,
   ice, compression, elevation; a physical therapist if the pain persists
   about two weeks). The proposed dose is one step below the last
   session's, to come back at.
3. The step hurt in the last session: BACK_OFF one step from the last
   session's dose.
4. 7 or more days off (full days between the last session and today):
   BACK_OFF one step from the last session's dose.
5. Morning flare: the latest next-morning rating since the last session
   (any routine) is above the baseline. Above 5: BACK_OFF one step. Up to
   5: HOLD at the last session's dose (BACK_OFF to it, if a step up was
   accepted before the morning was rated).
6. The step was not finished in the last session (a block skipped, or the
   session ended early): HOLD.
7. The step's pain in the last session 3-5, or not rated: HOLD.
8. Fewer than 2 good sessions in a row at the dose in force, or all of them
   on one day (good: every block done, the step's pain 0-2, no morning
   flare): HOLD. Sessions on one day count once: a step up needs good
   sessions on 2 days, with a night between.
9. The dose is at the top of the ramp (5 sets at the per-set ceiling): HOLD.
10. The weekly cap. The exercise's last 7 days (today's sessions so far
    included), with this routine's sessions in them at the proposed dose,
    would be more than about 10 % plus one smallest step above the 7 days
    before: HOLD (frequency counts as load). With nothing in the 7 days
    before (a first week) this part does not apply. And the week ending on
    the last session, at the proposed dose, may grow by about 10 % at most:
    HOLD.
11. One change at a time: nothing goes up in a session where another step
    comes down for pain (rules 2, 3 and 5); otherwise only one step goes up
    (the longest run of good sessions wins, the earlier step on a tie):
    HOLD.
12. Otherwise: PROGRESS one step.

Steps down from rules 2 to 5 never compound: they are worked out from the
last session's dose, so a dose already at or below the target holds. A step
down at the lowest dose becomes REST when pain caused it, and HOLD after a
break.

A session is never ignored for its date: one dated after today (a clock
that was wrong) is read as today's, and its words give the date it was
logged with.

Persistent pain escalates: when pain above 5 (any session's or exercise's
rating, or a block stopped for pain) has lasted 14 days or more, from the
first to the latest session of an unbroken run, every suggestion made for
pain says to see a physical therapist now, not "if the pain persists".

The numbers:

- Baseline (what a usual morning is): the level the user's mornings
  started at, or the lowest they have settled to since; it never rises by
  itself, only when the user sets it (``Mornings.baselines``). A level is
  the median of the ratings in the 14 days up to a rated morning; the first
  3 rated mornings each give one (the starting level), and after that only
  14 days with at least 3 ratings do (a settled level). From a baseline the
  user set, it is that, or a lower settled level since. 0 with no rating.
- A step is about 10 % of the amount per set: 5 s for a timed set (10 s
  from 100 s, 15 s from 150 s), 1 rep (2 from 20 reps, 10 from 100). A
  step down takes off the same, never below 10 s, 1 rep or 1 set; at the
  lowest amount a step down takes off a set.
- Ceilings per set: 120 s timed, 20 paced or held reps, 100 reps at your
  own pace. At the ceiling a step up adds a set and spreads the same total
  (rounded down) over the sets, up to 5 sets.
- Weekly cap, week to week: the last 7 days are the 7 days before today
  and today's sessions so far; the 7 days before are the 7 before those.
  The room is 10 % of the 7 days before, plus one smallest step on every
  block of this routine's sessions in the last 7 days.
- Weekly cap, per session: the coming week's planned load for the exercise
  (seconds held, or reps) may exceed the load done in the 7 days ending on
  the last session by at most 10 %, or by one smallest step on every block
  of those sessions, whichever is more (so a small dose can still grow).
  The coming week counts as many sessions of this routine as that window
  had; other routines' load of the same exercise counts as repeating.

A program's stage (``stage_status``) moves on, never past the next stage,
when the last 7 days had no pain during above 5 (the session's or an
exercise's), no block stopped for pain and no morning flare (any routine);
the stage's weeks have passed since it began; and its routines' sessions in
its last weeks before today (today's included) reach weeks ×
sessions_per_week. The reason names the first of these that is not met.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum

from app.core.durations import describe_seconds
from app.core.routine import DoseKind, Program, Routine, Step

# The pain-monitoring model, on a 0-10 scale.
SAFE_PAIN = 2  # 0-2: safe, a step up is allowed
ACCEPTABLE_PAIN = 5  # 3-5: acceptable, hold; above 5: too much, back off
SEVERE_PAIN = 7  # 7 or more during a session: rest

SESSIONS_TO_PROGRESS = 2  # good sessions in a row, on as many different days
BREAK_DAYS = 7
BASELINE_DAYS = 14
SETTLED_MORNINGS = 3  # rated mornings in 14 days that make a settled level
PERSISTENT_PAIN_DAYS = 14  # pain above 5 this long: see a physical therapist now
WEEK = 7
WEEKLY_CAP = 0.10  # about 10 % a week, for exercise load and barefoot minutes alike


MIN_TIME = 10  # seconds: the shortest timed set the coach proposes
MIN_REPS = 1
MIN_SETS = 1
TIME_STEP = 5  # the smallest step for a timed set
REP_STEP = 1
TIME_CEILING = 120  # the source's longest calf stretch hold, 2 minutes
REPS_CEILING = {DoseKind.PACED: 20, DoseKind.HELD: 20, DoseKind.SELF_PACED: 100}
SETS_CEILING = 5

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class Decision(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    BACK_OFF = "back off"
    REST = "rest"


@dataclass(frozen=True)
class DoseLevel:
    """What the coach changes in a step: sets, and seconds or reps per work block.

    Exactly one of ``time`` (a timed step) and ``reps`` (paced, held or
    self-paced reps) is above 0. Tempo, hold and relax seconds never change.
    """

    sets: int
    time: int = 0
    reps: int = 0

    def __post_init__(self) -> None:
        if self.sets < MIN_SETS:
            raise ValueError(f"a dose needs at least 1 set, not {self.sets}")
        if self.time < 0 or self.reps < 0 or (self.time > 0) == (self.reps > 0):
            raise ValueError(f"a dose has either time or reps above 0: {self!r}")

    @classmethod
    def of(cls, step: Step) -> DoseLevel:
        """The dose the routine file gives the step."""
        if step.dose.kind is DoseKind.TIMED:
            return cls(step.sets, time=step.dose.time)
        return cls(step.sets, reps=step.dose.reps)

    @property
    def timed(self) -> bool:
        return self.time > 0

    @property
    def amount(self) -> int:
        """Seconds or reps per work block."""
        return self.time or self.reps

    @property
    def total(self) -> int:
        """Seconds or reps over all sets of one side: how doses are compared."""
        return self.sets * self.amount

    def fits(self, step: Step) -> bool:
        """Whether this dose can replace the step's: timed for timed, reps for reps."""
        return self.timed == (step.dose.kind is DoseKind.TIMED)

    def with_amount(self, amount: int) -> DoseLevel:
        return replace(self, time=amount) if self.timed else replace(self, reps=amount)

    def words(self) -> str:
        """``60 s``, ``3 × 60 s``, ``15 reps``."""
        amount = _amount_words(self.amount, self.timed)
        return f"{self.sets} × {amount}" if self.sets > 1 else amount


StepKey = tuple[str, int]  # (exercise id, occurrence among the routine's steps of it)


def step_keys(routine: Routine) -> tuple[StepKey, ...]:
    """Each step's key, in step order: its exercise and which step of that exercise it is.

    A routine that uses one exercise in two steps has keys (id, 1) and
    (id, 2), in the order the steps come. The log keeps doses by key, so a
    dose follows its exercise when other steps are added, removed or moved.
    """
    seen: dict[str, int] = {}
    keys = []
    for step in routine.steps:
        seen[step.exercise.id] = seen.get(step.exercise.id, 0) + 1
        keys.append((step.exercise.id, seen[step.exercise.id]))
    return tuple(keys)


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
    dose: DoseLevel  # the dose in force in that session
    planned: float
    done: float
    completed: bool
    stopped_for_pain: bool = False
    occurrence: int = 1

    @property
    def key(self) -> StepKey:
        return (self.exercise_id, self.occurrence)


def _check_pain(rating: int | None) -> None:
    if rating is not None and not 0 <= rating <= 10:
        raise ValueError(f"a pain rating is 0 to 10, not {rating}")


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
            _check_pain(rating)

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
            _check_pain(rating)


@dataclass(frozen=True)
class Suggestion:
    """What the coach proposes for one step of a routine, and why.

    ``occurrence`` completes the step's key with ``exercise_id`` (see
    ``step_keys``). ``see_therapist_now`` is set on a suggestion made for
    pain when pain above 5 has lasted about two weeks or more.
    """

    step_index: int
    exercise_id: str
    decision: Decision
    current: DoseLevel
    proposed: DoseLevel
    reason: str
    occurrence: int = 1
    see_therapist_now: bool = False

    @property
    def key(self) -> StepKey:
        return (self.exercise_id, self.occurrence)


# -- doses up and down -------------------------------------------------------------


def step_size(level: DoseLevel) -> int:
    """About 10 % of the amount per set, never less than 5 s or 1 rep.

    Never more than the weekly cap allows either: a bigger fixed step (15 s
    on a 60 s hold is 25 %) could not pass the cap at a steady week, and the
    dose would never go up.
    """
    if level.timed:
        return max(TIME_STEP, level.time // 50 * 5)
    return max(REP_STEP, level.reps // 10)


def amount_ceiling(kind: DoseKind) -> int:
    """The most seconds or reps per set the coach proposes before adding a set."""
    return TIME_CEILING if kind is DoseKind.TIMED else REPS_CEILING[kind]


def amount_floor(level: DoseLevel) -> int:
    """The least seconds or reps per set the coach proposes."""
    return MIN_TIME if level.timed else MIN_REPS


def step_up(level: DoseLevel, kind: DoseKind) -> DoseLevel | None:
    """One step up, or None at the top of the ramp.

    Below the ceiling the amount grows by one step. At the ceiling a set is
    added and the same total is spread over the sets (rounded down, to 5 s
    for timed sets): the week's load stays within the cap, and the ramp can
    go on from the shorter sets.
    """
    top = amount_ceiling(kind)
    if level.amount < top:
        return level.with_amount(min(top, level.amount + step_size(level)))
    if level.sets >= SETS_CEILING:
        return None
    spread = level.total // (level.sets + 1)
    if level.timed:
        spread = spread // TIME_STEP * TIME_STEP
    return replace(level, sets=level.sets + 1).with_amount(max(amount_floor(level), spread))


def step_down(level: DoseLevel) -> DoseLevel | None:
    """One step down, or None at the lowest dose (the floor amount and 1 set)."""
    low = amount_floor(level)
    if level.amount > low:
        return level.with_amount(max(low, level.amount - step_size(level)))
    if level.sets > MIN_SETS:
        return replace(level, sets=level.sets - 1)
    return None


# -- reading the log ---------------------------------------------------------------


def _on(session: PastSession) -> str:
    """``on 3 May``, or for a session logged with a day after today, that day, said so."""
    if session.logged_day is not None:
        return f"dated {_day_words(session.logged_day)} (after today)"
    return f"on {_day_words(session.day)}"


@dataclass(frozen=True)
class _Usual:
    """The baseline for one day: a usual morning, and what it was made of."""

    level: float
    rated: int  # rated mornings it was made of (since the baseline the user set, if any)
    set_on: date | None = None  # the day of the baseline the user set, when it is that one

    def words(self) -> str:
        if self.set_on is not None:
            return f"the usual {_number(self.level)} you set on {_day_words(self.set_on)}"
        if not self.rated:
            return "0 (no morning rated before it)"
        return f"your usual {_number(self.level)}"


class _Baselines:
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
        self._cache: dict[date, _Usual] = {}

    @classmethod
    def of(cls, sessions: Iterable[PastSession], mornings: Mornings | None) -> _Baselines:
        # Each morning once, by its own day: two sessions on one day share their morning.
        ratings = {
            s.day + timedelta(days=1): s.morning_pain
            for s in sessions
            if s.morning_pain is not None and s.logged_day is None
        }
        if mornings is None:
            return cls(ratings, {})
        return cls({**ratings, **mornings.ratings}, mornings.baselines)

    def at(self, morning: date) -> _Usual:
        """The baseline a rating on the morning of ``morning`` is compared with: from the
        mornings before it, and the baseline the user set in force on it."""
        if morning not in self._cache:
            self._cache[morning] = self._at(morning)
        return self._cache[morning]

    def _at(self, morning: date) -> _Usual:
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
                return _Usual(float(user[1]), len(rated), user[0])
            return _Usual(low, len(rated))
        return _Usual(min(levels, default=0.0), len(rated))


@dataclass(frozen=True)
class _Flare:
    """A next-morning rating above the baseline."""

    session: PastSession
    rating: int
    usual: _Usual

    def words(self) -> str:
        said = f"pain the morning after your session {_on(self.session)} was {self.rating}"
        if not self.usual.rated and self.usual.set_on is None:
            return f"{said}, above {self.usual.words()}"
        return f"{said}, up from {self.usual.words()}"


def baseline(
    sessions: Iterable[PastSession], morning: date, mornings: Mornings | None = None
) -> tuple[float, int]:
    """The baseline a rating on the morning of ``morning`` is compared with (0 if nothing
    was rated before it), and how many rated mornings it was made of (see ``_Baselines``).

    A session's next morning is the day after it: the flare after a session on
    ``day`` is its rating against ``baseline(sessions, day + 1 day)``.
    """
    usual = _Baselines.of(sessions, mornings).at(morning)
    return usual.level, usual.rated


def _flare(usual: _Baselines, session: PastSession) -> _Flare | None:
    if session.morning_pain is None:
        # Not rated: the coach assumes no flare; the rating is optional.
        return None
    level = usual.at(session.day + timedelta(days=1))
    if session.morning_pain <= level.level:
        return None
    return _Flare(session, session.morning_pain, level)


def _latest_flare(sessions: Sequence[PastSession], usual: _Baselines, since: date) -> _Flare | None:
    """A flare on the latest rated morning since ``since``, from any routine.

    Morning pain is about the feet, not one routine: a flare after another
    routine's session also stops this routine going up.
    """
    rated = [s for s in sessions if s.day >= since and s.morning_pain is not None]
    return _flare(usual, rated[-1]) if rated else None


def _too_much(session: PastSession, rec: StepRecord) -> bool:
    """The step's pain in the session above 5."""
    pain = session.pain_for(rec.exercise_id)
    return pain is not None and pain > ACCEPTABLE_PAIN


def _hurt(session: PastSession, rec: StepRecord) -> bool:
    return rec.stopped_for_pain or _too_much(session, rec)


def _pain_during(session: PastSession, rec: StepRecord, name: str) -> str:
    """``pain during your last session`` or, when the exercise's own rating is what counts,
    ``pain during Short foot in your last session``."""
    if session.rated_apart(rec.exercise_id):
        return f"pain during {name} in your last session"
    return "pain during your last session"


def _hurt_words(session: PastSession, rec: StepRecord, name: str) -> str:
    """Why a step hurt, for a sentence about the last session."""
    if _too_much(session, rec):
        pain = session.pain_for(rec.exercise_id)
        said = f"{_pain_during(session, rec, name)}, {_on(session)}, was {pain}, above 5"
        return said + (", and you stopped a block for pain" if rec.stopped_for_pain else "")
    return f"you stopped a block for pain in your last session, {_on(session)}"


def _hurt_short(session: PastSession, rec: StepRecord, name: str) -> str:
    parts = []
    if _too_much(session, rec):
        during = f" during {name}" if session.rated_apart(rec.exercise_id) else ""
        parts.append(f"pain {session.pain_for(rec.exercise_id)}{during}")
    if rec.stopped_for_pain:
        parts.append("a block stopped for pain")
    return " and ".join(parts) + f" {_on(session)}"


@dataclass(frozen=True)
class _Persistent:
    """Pain above 5 in every rated session from ``since`` to ``last``: two weeks or more."""

    since: date
    last: date

    def words(self) -> str:
        days = (self.last - self.since).days + 1
        return (
            f"pain above 5 has lasted {days} days, since {_day_words(self.since)} (about two"
            " weeks or more): see a physical therapist now"
        )


def _session_hurt(session: PastSession) -> bool | None:
    """Whether a session had pain above 5 (any rating, or a block stopped for pain); None
    when it tells nothing (no rating, nothing stopped)."""
    ratings = [r for r in (session.pain_during, *session.exercise_pain.values()) if r is not None]
    if any(r > ACCEPTABLE_PAIN for r in ratings) or any(r.stopped_for_pain for r in session.steps):
        return True
    return False if ratings else None


def _persistent_pain(sessions: Sequence[PastSession]) -> _Persistent | None:
    """The unbroken run of sessions with pain above 5 that ends with the latest rated one,
    when it spans 14 days or more; sessions that tell nothing neither break nor extend it."""
    since = last = None
    for session in reversed(sessions):
        hurt = _session_hurt(session)
        if hurt is None:
            continue
        if not hurt:
            break
        last = last or session.day
        since = session.day
    if since is None or last is None or (last - since).days + 1 < PERSISTENT_PAIN_DAYS:
        return None
    return _Persistent(since, last)


@dataclass(frozen=True)
class _Log:
    """The history as the coach reads it for one routine."""

    sessions: tuple[PastSession, ...]  # every routine, oldest first, future ones as today's
    ours: tuple[PastSession, ...]  # this routine's
    routine_id: str
    today: date
    usual: _Baselines
    persistent: _Persistent | None

    @classmethod
    def read(
        cls,
        history: Iterable[PastSession],
        routine_id: str,
        today: date,
        mornings: Mornings | None = None,
    ) -> _Log:
        sessions = _up_to(history, today)
        ours = tuple(s for s in sessions if s.routine_id == routine_id)
        usual = _Baselines.of(sessions, mornings)
        return cls(sessions, ours, routine_id, today, usual, _persistent_pain(sessions))

    def flare(self, session: PastSession) -> _Flare | None:
        return _flare(self.usual, session)

    def good(self, session: PastSession, rec: StepRecord) -> bool:
        """Every block done, the step's pain rated 0-2, and no morning flare after it."""
        pain = session.pain_for(rec.exercise_id)
        return (
            rec.completed
            and not rec.stopped_for_pain
            and pain is not None
            and pain <= SAFE_PAIN
            and self.flare(session) is None
        )

    def good_run(self, key: StepKey, step: Step, dose: DoseLevel) -> tuple[int, list[date]]:
        """Good sessions in a row at ``dose``, counting back from the last session, and the
        different days they were on (latest first)."""
        run = 0
        days: list[date] = []
        for session in reversed(self.ours):
            rec = _fitting_record(session, key, step)
            if rec is None or rec.dose != dose or not self.good(session, rec):
                break
            run += 1
            if session.day not in days:
                days.append(session.day)
        return run, days


def _up_to(history: Iterable[PastSession], today: date) -> tuple[PastSession, ...]:
    """Sessions oldest first; those of one day keep the log's order (a stable sort).

    A session dated after today happened: the clock was wrong when it was
    logged. It is read as today's, latest, so its pain always counts.
    """
    sessions = [
        s if s.day <= today else replace(s, day=today, logged_day=s.logged_day or s.day)
        for s in history
    ]
    return tuple(sorted(sessions, key=lambda s: s.day))


def _fitting_record(session: PastSession, key: StepKey, step: Step) -> StepRecord | None:
    """The session's record of this step; one from before the step changed kind does not count."""
    rec = session.record(key)
    return rec if rec is not None and rec.dose.fits(step) else None


# -- the rules ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Draft:
    """One step's suggestion before rule 11, which needs every step.

    ``run`` (good sessions in a row) is set when the step may go up; ``down``
    when it comes down, or stays down, for pain.
    """

    suggestion: Suggestion
    name: str
    run: int | None = None
    down: bool = False


def _rest_advice(back: DoseLevel | None, persistent: _Persistent | None) -> str:
    if persistent is not None:
        then = f", then come back at {back.words()}" if back is not None else ""
        return f"{persistent.words()}, and rest, ice, compress and elevate the sore foot{then}"
    come_back = f", come back at {back.words()}" if back is not None else ""
    return (
        f"rest, ice, compress and elevate the sore foot{come_back}, and see a physical"
        " therapist if the pain persists for about two weeks"
    )


def _lower(a: DoseLevel, b: DoseLevel) -> DoseLevel:
    """The smaller dose by total; ``a`` on a tie."""
    return b if b.total < a.total else a


def _step_back(
    current: DoseLevel,
    done_at: DoseLevel,
    cause: str,
    *,
    pain: bool,
    persistent: _Persistent | None = None,
) -> tuple[Decision, DoseLevel, str]:
    """One step down from the last session's dose; never a second step for the same cause.

    For pain that has persisted (``persistent``), the sentence also says to
    see a physical therapist now.
    """
    cur, then = current.words(), done_at.words()
    see = f"; {persistent.words()}" if pain and persistent is not None else ""
    target = step_down(done_at)
    if target is None:
        if pain:
            advice = _rest_advice(None, persistent)
            reason = f"Rest: {cause}, and {then} is already the lowest dose; {advice}."
            return Decision.REST, _lower(current, done_at), reason
        return (
            Decision.HOLD,
            current,
            f"Holding at {cur}: {cause}, but {then} is already the lowest dose.",
        )
    if current.total <= target.total:
        reason = f"Holding at {cur}: {cause}, and {cur} is already below the {then} you did then"
        return Decision.HOLD, current, reason + see + "."
    verb = "Down to" if pain else "Back to"
    return Decision.BACK_OFF, target, f"{verb} {target.words()}: {cause}{see}."


def _rest_cause(log: _Log, last: PastSession, rec: StepRecord, key: StepKey, step: Step) -> str:
    """Why this step should rest, or an empty string."""
    name = step.exercise.name
    pain = last.pain_for(rec.exercise_id)
    if pain is not None and pain >= SEVERE_PAIN:
        return f"{_pain_during(last, rec, name)}, {_on(last)}, was {pain} of 10"
    if len(log.ours) < 2 or not _hurt(last, rec):
        return ""
    before = log.ours[-2]
    rec_before = _fitting_record(before, key, step)
    if rec_before is None or not _hurt(before, rec_before):
        return ""
    return (
        f"{_hurt_short(before, rec_before, name)} and {_hurt_short(last, rec, name)},"
        " two sessions in a row"
    )


def _load(sessions: Iterable[PastSession], exercise_id: str, timed: bool) -> float:
    """The exercise's load in these sessions, from every routine, in its unit."""
    return sum(
        rec.done
        for s in sessions
        for rec in s.steps
        if rec.exercise_id == exercise_id and rec.dose.timed == timed
    )


def _week_to_week_cap(
    log: _Log, key: StepKey, step: Step, current: DoseLevel, proposed: DoseLevel
) -> str:
    """Why the last 7 days, at the proposed dose, rise too far above the 7 before, or ''.

    The last 7 days are the 7 before today and today's sessions so far: a
    week-day routine meets itself a week back, and a session every other day
    is never counted four times against three.
    """
    start = log.today - timedelta(days=WEEK)
    before_start = start - timedelta(days=WEEK)
    last_week = [s for s in log.sessions if start <= s.day]
    week_before = [s for s in log.sessions if before_start <= s.day < start]
    exercise_id, timed = step.exercise.id, current.timed
    before = _load(week_before, exercise_id, timed)
    if before <= 0:
        return ""  # a first week: nothing to compare with
    ours = [
        rec
        for s in last_week
        if s.routine_id == log.routine_id and (rec := _fitting_record(s, key, step)) is not None
    ]
    blocks = len(step.block_sides)
    done = _load(last_week, exercise_id, timed)
    planned = done - sum(rec.done for rec in ours) + len(ours) * proposed.total * blocks
    smallest = TIME_STEP if timed else REP_STEP
    most = before * (1 + WEEKLY_CAP) + len(ours) * current.sets * blocks * smallest
    if planned <= most + 1e-9:
        return ""
    guide = (
        f"the guide is about 10 % a week plus one step (at most {_load_words(int(most), timed)})"
    )
    if done > most + 1e-9:
        return (
            f"Holding at {current.words()}: this exercise's last 7 days came to"
            f" {_load_words(round(done), timed)}, {percent_more(done, before)} % more than the"
            f" {_load_words(round(before), timed)} of the 7 days before; {guide}."
        )
    return (
        f"Holding at {current.words()}: at {proposed.words()} this exercise's last 7 days would"
        f" come to {_load_words(round(planned), timed)}, {percent_more(planned, before)} % more"
        f" than the {_load_words(round(before), timed)} of the 7 days before; {guide}."
    )


def _per_session_cap(
    log: _Log,
    last: PastSession,
    key: StepKey,
    step: Step,
    current: DoseLevel,
    proposed: DoseLevel,
) -> str:
    """Why the step up would raise the exercise's week by too much, or an empty string."""
    start = last.day - timedelta(days=WEEK - 1)
    window = [s for s in log.sessions if start <= s.day <= last.day]
    done = _load(window, step.exercise.id, current.timed)
    ours = [
        rec
        for s in window
        if s.routine_id == log.routine_id and (rec := _fitting_record(s, key, step)) is not None
    ]
    sessions = len(ours)  # at least the last session
    blocks = len(step.block_sides)
    # The coming week repeats the window: as many sessions of this routine, now at
    # the proposed dose, and the same load of this exercise from other steps.
    planned = done - sum(rec.done for rec in ours) + sessions * proposed.total * blocks
    smallest = TIME_STEP if current.timed else REP_STEP
    room = max(WEEKLY_CAP * done, sessions * current.sets * blocks * smallest)
    if planned <= done + room + 1e-9:
        return ""
    more = f"{percent_more(planned, done)} % more than" if done > 0 else "more than"
    return (
        f"Holding at {current.words()}: {proposed.words()} would make this exercise's week"
        f" {_load_words(round(planned), current.timed)}, {more} the"
        f" {_load_words(round(done), current.timed)} done in the 7 days to"
        f" {_day_words(last.day)}; the guide is about 10 % a week"
        f" (at most {_load_words(int(done + room), current.timed)})."
    )


def _decide(index: int, key: StepKey, step: Step, current: DoseLevel, log: _Log) -> _Draft:
    """Rules 1 to 10 of the module docstring for one step; rule 11 needs every step."""
    cur = current.words()
    name = step.exercise.name

    def say(decision: Decision, proposed: DoseLevel, reason: str, *, down: bool = False) -> _Draft:
        see = down and log.persistent is not None
        suggestion = Suggestion(
            index, key[0], decision, current, proposed, reason, key[1], see_therapist_now=see
        )
        return _Draft(suggestion, name, down=down)

    def hold(reason: str) -> _Draft:
        return say(Decision.HOLD, current, reason)

    # 1. Nothing to go on.
    if not log.ours:
        return hold(f"Holding at {cur}: no session of this routine is logged yet.")
    last = log.ours[-1]
    rec = _fitting_record(last, key, step)
    if rec is None:
        return hold(f"Holding at {cur}: this step has no record in your last session, {_on(last)}.")
    then = rec.dose
    days_off = max(0, (log.today - last.day).days - 1)

    # 2. Too much pain, or pain twice in a row: rest. After a week off the
    # break was the rest, and rules 3 and 4 bring the user back a step lower.
    if days_off < BREAK_DAYS and (cause := _rest_cause(log, last, rec, key, step)):
        back = _lower(current, step_down(then) or then)
        reason = f"Rest: {cause}; {_rest_advice(back, log.persistent)}."
        return say(Decision.REST, back, reason, down=True)

    # 3. Pain above 5, or a block stopped for pain: one step down.
    if _hurt(last, rec):
        cause = _hurt_words(last, rec, name)
        return say(
            *_step_back(current, then, cause, pain=True, persistent=log.persistent), down=True
        )

    # 4. A week or more off: one step down.
    if days_off >= BREAK_DAYS:
        cause = f"{days_off} days off since your last session of this routine, {_on(last)}"
        return say(*_step_back(current, then, cause, pain=False))

    # 5. A morning flare: no increase; a bad one (above 5) steps down.
    if flare := _latest_flare(log.sessions, log.usual, last.day):
        if flare.rating > ACCEPTABLE_PAIN:
            lower = _step_back(current, then, flare.words(), pain=True, persistent=log.persistent)
            return say(*lower, down=True)
        if current.total > then.total:
            # A step up accepted before the morning was rated waits.
            reason = f"Back to {then.words()}: {flare.words()}, so the step up to {cur} waits."
            return say(Decision.BACK_OFF, then, reason)
        return hold(f"Holding at {cur}: {flare.words()}.")

    # 6. Not finished last time.
    if not rec.completed:
        done = f"{_number(rec.done)} of {_amount_words(round(rec.planned), then.timed)}"
        return hold(
            f"Holding at {cur}: this step was not finished in your last session ({done} done)."
        )

    # 7. Pain 3-5, or no rating: acceptable, but no step up.
    pain = last.pain_for(rec.exercise_id)
    if pain is None:
        return hold(
            f"Holding at {cur}: your last session has no pain rating, and a step up needs"
            " sessions rated 0-2."
        )
    if pain > SAFE_PAIN:
        return hold(
            f"Holding at {cur}: {_pain_during(last, rec, name)} was {pain},"
            " acceptable (up to 5) but above the 0-2 a step up needs."
        )

    # 8. Enough good sessions at this dose, on enough days.
    run, days = log.good_run(key, step, current)
    if len(days) < SESSIONS_TO_PROGRESS:
        good = "(every block done, pain 0-2, no morning flare)"
        if run > 1:
            both = "both" if run == 2 else "all"
            return hold(
                f"Holding at {cur}: {run} good sessions at {cur} so far, {both} on"
                f" {_day_words(days[0])} {good}; sessions on one day count once, and a step up"
                f" needs good sessions on {SESSIONS_TO_PROGRESS} days, with a night between."
            )
        so_far = f"1 good session at {cur} so far" if run == 1 else f"no good session at {cur} yet"
        return hold(
            f"Holding at {cur}: {so_far} {good}; a step up needs {SESSIONS_TO_PROGRESS} in a row."
        )

    # 9. The top of the ramp.
    up = step_up(current, step.dose.kind)
    if up is None:
        top = _amount_words(amount_ceiling(step.dose.kind), current.timed)
        return hold(
            f"Holding at {cur}: the top of the coach's ramp ({SETS_CEILING} sets of up to {top});"
            " change the routine yourself if you want more."
        )

    # 10. The weekly cap: week to week (frequency counts), then per session.
    if capped := _week_to_week_cap(log, key, step, current, up) or _per_session_cap(
        log, last, key, step, current, up
    ):
        return hold(capped)

    sessions = f"{run} sessions" if run == len(days) else f"{run} sessions on {len(days)} days"
    reason = f"Up to {up.words()}: {sessions} done at {cur} with pain 0-2 and no morning flare"
    if up.sets > current.sets:
        top = _amount_words(amount_ceiling(step.dose.kind), current.timed)
        reason += f"; {top} is the most per set, so a set is added with about the same total"
    return replace(say(Decision.PROGRESS, up, reason + "."), run=run)


_DOWN_WORDS = {
    Decision.REST: "rests for pain",
    Decision.BACK_OFF: "comes down for pain",
    Decision.HOLD: "stays down for pain",
}


def _one_change_at_a_time(drafts: Sequence[_Draft]) -> list[Suggestion]:
    """Rule 11: nothing goes up beside a step down for pain; otherwise only one step does."""
    down = next((d for d in drafts if d.down), None)
    candidates = [d for d in drafts if d.run is not None]
    # The longest run of good sessions has waited longest; the earlier step wins a tie.
    winner = (
        None
        if down is not None
        else max(
            candidates,
            key=lambda c: (c.run or 0, -c.suggestion.step_index),
            default=None,
        )
    )
    result = []
    for draft in drafts:
        mine = draft.suggestion
        if draft.run is None or draft is winner:
            result.append(mine)
            continue
        run = draft.run
        if down is not None:
            why = f"{down.name} {_DOWN_WORDS[down.suggestion.decision]} this session"
        else:
            assert winner is not None and winner.run is not None  # there is a candidate
            if winner.run > run:
                why = (
                    f"{winner.name} goes up this session, with {winner.run} good sessions in a"
                    f" row at its dose to {run} here"
                )
            else:
                why = (
                    f"{winner.name}, earlier in the routine, goes up this session"
                    f" ({run} good sessions in a row each)"
                )
        reason = f"Holding at {mine.current.words()}: one change at a time, and {why}."
        result.append(replace(mine, decision=Decision.HOLD, proposed=mine.current, reason=reason))
    return result


def suggest(
    routine: Routine,
    doses_in_force: Mapping[int, DoseLevel],
    history: Iterable[PastSession],
    today: date,
    mornings: Mornings | None = None,
) -> list[Suggestion]:
    """One suggestion per step of ``routine``, in order, for its next session.

    ``doses_in_force`` maps step indexes to the dose the log keeps for them;
    a step without one, or with one that no longer fits it (the routine file
    changed a timed step to reps or back), is at the dose the file gives.
    ``history`` is every logged session, of any routine, in any order; a
    session dated after today is read as today's. ``mornings`` gives every
    rated morning and the baselines the user set, when ``history`` does not
    reach back far enough for the baseline.

    Asking again with the same history gives no second step: steps down are
    worked out from the last session's dose, and a step up needs sessions at
    the new dose.
    """
    _check_steps(routine, doses_in_force)
    log = _Log.read(history, routine.id, today, mornings)
    drafts = []
    for index, (step, key) in enumerate(zip(routine.steps, step_keys(routine), strict=True)):
        level = doses_in_force.get(index)
        current = level if level is not None and level.fits(step) else DoseLevel.of(step)
        drafts.append(_decide(index, key, step, current, log))
    return _one_change_at_a_time(drafts)


def _check_steps(routine: Routine, indexes: Iterable[int]) -> None:
    for index in indexes:
        if not 0 <= index < len(routine.steps):
            raise ValueError(f"routine '{routine.id}' has no step {index}")


def apply_doses(routine: Routine, doses: Mapping[int, DoseLevel]) -> Routine:
    """The routine with those steps' sets and seconds or reps replaced; the rest is kept.

    A timed step changes its time; paced, held and self-paced reps change
    their reps (tempo, hold and relax stay). Raises ``ValueError`` for a step
    index the routine lacks or a dose that does not fit its step (see
    ``DoseLevel.fits``).
    """
    _check_steps(routine, doses)
    steps = list(routine.steps)
    for index, level in doses.items():
        step = steps[index]
        if not level.fits(step):
            kind = "a timed" if step.dose.kind is DoseKind.TIMED else "a reps"
            raise ValueError(f"step {index} of '{routine.id}' is {kind} step: {level} does not fit")
        dose = (
            replace(step.dose, time=level.time)
            if level.timed
            else replace(step.dose, reps=level.reps)
        )
        steps[index] = replace(step, sets=level.sets, dose=dose)
    return replace(routine, steps=tuple(steps))


# -- programs ----------------------------------------------------------------------


class StageMove(StrEnum):
    ADVANCE = "advance"  # on to the next stage
    STAY = "stay"
    COMPLETE = "complete"  # the last stage is done


@dataclass(frozen=True)
class ProgramState:
    """Where the user is in a program: the stage (from 0) and the day it began."""

    stage_index: int
    started: date


@dataclass(frozen=True)
class StageDecision:
    move: StageMove
    stage_index: int  # the stage from now on: the next one on ADVANCE, else the same
    reason: str


def _pain_in_week(sessions: Sequence[PastSession], usual: _Baselines, today: date) -> str:
    """The latest pain problem in the 7 days ending today, from any routine, or ''."""
    start = today - timedelta(days=WEEK - 1)
    for session in reversed([s for s in sessions if s.day >= start]):
        on = _on(session)
        if session.pain_during is not None and session.pain_during > ACCEPTABLE_PAIN:
            return f"pain during your session {on} was {session.pain_during}, above 5"
        if (own := max(session.exercise_pain.values(), default=0)) > ACCEPTABLE_PAIN:
            return f"pain during an exercise of your session {on} was {own}, above 5"
        if any(rec.stopped_for_pain for rec in session.steps):
            return f"you stopped a block for pain {on}"
        if flare := _flare(usual, session):
            return flare.words()
    return ""


def stage_status(
    program: Program,
    state: ProgramState,
    history: Iterable[PastSession],
    today: date,
    mornings: Mornings | None = None,
) -> StageDecision:
    """Whether the user moves on from the current stage; never past the next one.

    A stage is done when its weeks have passed since it began; the sessions of
    its routines in its last ``weeks`` weeks before today (and today's) reach
    ``weeks × sessions_per_week``; and the last 7 days had no pain above 5 (the
    session's or an exercise's), no block stopped for pain and no morning flare
    (any routine). A session dated after today counts as today's.
    """
    if not 0 <= state.stage_index < len(program.stages):
        raise ValueError(f"program '{program.id}' has no stage {state.stage_index}")
    index = state.stage_index
    stage = program.stages[index]
    sessions = _up_to(history, today)

    def stay(why: str) -> StageDecision:
        return StageDecision(StageMove.STAY, index, f"Staying in {stage.name}: {why}.")

    if pain := _pain_in_week(sessions, _Baselines.of(sessions, mornings), today):
        return stay(f"{pain}, within the last 7 days")
    days = (today - state.started).days
    need_days = stage.weeks * WEEK
    if days < need_days:
        return stay(f"{days} of its {need_days} days done")
    # The stage's weeks of whole days before today, and today's sessions too.
    start = today - timedelta(days=need_days)
    done = sum(1 for s in sessions if s.day >= start and s.routine_id in stage.routines)
    need = stage.weeks * stage.sessions_per_week
    weeks = "week" if stage.weeks == 1 else f"{stage.weeks} weeks"
    if done < need:
        return stay(
            f"{done} sessions in the last {weeks}, and it asks for {need}"
            f" ({stage.sessions_per_week} a week)"
        )
    record = (
        f"{days} days and {done} sessions in {stage.name} ({need} asked), with no pain above 5"
        " or morning flare in the last 7 days"
    )
    if index + 1 == len(program.stages):
        reason = f"{program.name} is done: {record}, and it was the last stage."
        return StageDecision(StageMove.COMPLETE, index, reason)
    following = program.stages[index + 1]
    reason = f"On to {following.name} (stage {index + 2} of {len(program.stages)}): {record}."
    return StageDecision(StageMove.ADVANCE, index + 1, reason)


def _day_words(day: date) -> str:
    """``3 May``: English whatever the locale, like every other word the coach says."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def percent_more(new: float, old: float) -> int:
    """How much more ``new`` is than ``old``, in whole percent (half up)."""
    return int((new - old) * 100 / old + 0.5)


def _number(value: float) -> str:
    """``1``, ``1.5``: a median or a done amount without a trailing ``.0``."""
    return f"{value:.1f}".removesuffix(".0")


def _amount_words(amount: int, timed: bool) -> str:
    if timed:
        return f"{amount} s"
    return "1 rep" if amount == 1 else f"{amount} reps"


def _load_words(amount: int, timed: bool) -> str:
    """A week's load: minutes and seconds held, or reps."""
    return describe_seconds(amount) if timed else _amount_words(amount, timed)
