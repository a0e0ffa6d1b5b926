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

The rules for a step, first match wins (``docs/progression.md`` says the
same for users). "Last session" is the latest session of this routine;
"hurt" means a block of the step was stopped for pain, or the session's
pain during was above 5.

1. No session of this routine logged, or no record of this step in the
   last session: HOLD.
2. Fewer than 7 days off, and pain during the last session was 7 or more,
   or the step hurt in each of the last two sessions: REST (rest, ice,
   compression, elevation; a physical therapist if the pain persists about
   two weeks). The proposed dose is one step below the last session's, to
   come back at.
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
7. Pain during the last session 3-5, or not rated: HOLD.
8. Fewer than 2 good sessions in a row at the dose in force (good: every
   block done, pain during 0-2, no morning flare): HOLD.
9. The dose is at the top of the ramp (5 sets at the per-set ceiling): HOLD.
10. The step up would raise this exercise's week by more than about 10 %:
    HOLD.
11. Another step of the routine goes up this session (one change at a
    time: the longest run of good sessions wins, the earlier step on a
    tie): HOLD.
12. Otherwise: PROGRESS one step.

Steps down from rules 2 to 5 never compound: they are worked out from the
last session's dose, so a dose already at or below the target holds. A step
down at the lowest dose becomes REST when pain caused it, and HOLD after a
break.

The numbers:

- Baseline: the median of the next-morning ratings (any routine) in the 14
  days before the session in question; 0 when there are none.
- A step is about 10 % of the amount per set: 5 s for a timed set (10 s
  from 100 s, 15 s from 150 s), 1 rep (2 from 20 reps, 10 from 100). A
  step down takes off the same, never below 10 s, 1 rep or 1 set; at the
  lowest amount a step down takes off a set.
- Ceilings per set: 120 s timed, 20 paced or held reps, 100 reps at your
  own pace. At the ceiling a step up adds a set and spreads the same total
  (rounded down) over the sets, up to 5 sets.
- Weekly cap: the coming week's planned load for the exercise (seconds
  held, or reps) may exceed the load done in the 7 days ending on the last
  session by at most 10 %, or by one smallest step on every block of those
  sessions, whichever is more (so a small dose can still grow). The coming
  week counts as many sessions of this routine as that window had; other
  routines' load of the same exercise counts as repeating.

A program's stage (``stage_status``) moves on, never past the next stage,
when the last 7 days had no pain during above 5, no block stopped for pain
and no morning flare (any routine); the stage's weeks have passed since it
began; and its routines' sessions in its last weeks before today (today's
included) reach weeks × sessions_per_week. The reason names the first of
these that is not met.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from app.core.durations import describe_seconds
from app.core.routine import DoseKind, Program, Routine, Step

# The pain-monitoring model, on a 0-10 scale.
SAFE_PAIN = 2  # 0-2: safe, a step up is allowed
ACCEPTABLE_PAIN = 5  # 3-5: acceptable, hold; above 5: too much, back off
SEVERE_PAIN = 7  # 7 or more during a session: rest

SESSIONS_TO_PROGRESS = 2
BREAK_DAYS = 7
BASELINE_DAYS = 14
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


@dataclass(frozen=True)
class StepRecord:
    """One step of one logged session.

    ``planned`` and ``done`` are summed over the step's work blocks, in
    seconds for a timed step and in reps otherwise. ``completed`` means
    every work block of the step was completed (none skipped, stopped, or
    left unreached when the session ended early). The log adapter should
    give a record for every step, with done 0 for steps never reached.
    """

    step_index: int
    exercise_id: str
    dose: DoseLevel  # the dose in force in that session
    planned: float
    done: float
    completed: bool
    stopped_for_pain: bool = False


@dataclass(frozen=True)
class PastSession:
    """One logged session of a routine, with its pain ratings (0-10, or None if not rated)."""

    day: date
    routine_id: str
    steps: tuple[StepRecord, ...]
    pain_during: int | None = None  # the rating given after the session
    morning_pain: int | None = None  # the rating the next morning

    def __post_init__(self) -> None:
        for rating in (self.pain_during, self.morning_pain):
            if rating is not None and not 0 <= rating <= 10:
                raise ValueError(f"a pain rating is 0 to 10, not {rating}")

    def record(self, step_index: int, exercise_id: str) -> StepRecord | None:
        for rec in self.steps:
            if rec.step_index == step_index and rec.exercise_id == exercise_id:
                return rec
        return None


@dataclass(frozen=True)
class Suggestion:
    """What the coach proposes for one step of a routine, and why."""

    step_index: int
    exercise_id: str
    decision: Decision
    current: DoseLevel
    proposed: DoseLevel
    reason: str


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


@dataclass(frozen=True)
class _Flare:
    """A next-morning rating above the baseline."""

    session: PastSession
    rating: int
    baseline: float
    rated_mornings: int  # how many ratings the baseline is the median of

    def words(self) -> str:
        on = _day_words(self.session.day)
        said = f"pain the morning after your session on {on} was {self.rating}"
        if self.rated_mornings:
            return f"{said}, up from your usual {_number(self.baseline)}"
        return f"{said}, above 0 (no morning rated in the {BASELINE_DAYS} days before)"


def baseline(sessions: Iterable[PastSession], day: date) -> tuple[float, int]:
    """The median next-morning rating in the 14 days before ``day`` (0 if none), and the count."""
    start = day - timedelta(days=BASELINE_DAYS)
    ratings = [
        s.morning_pain for s in sessions if start <= s.day < day and s.morning_pain is not None
    ]
    return (float(statistics.median(ratings)) if ratings else 0.0), len(ratings)


def _flare(sessions: Sequence[PastSession], session: PastSession) -> _Flare | None:
    if session.morning_pain is None:
        # Not rated: the coach assumes no flare; the rating is optional.
        return None
    usual, count = baseline(sessions, session.day)
    if session.morning_pain <= usual:
        return None
    return _Flare(session, session.morning_pain, usual, count)


def _latest_flare(sessions: Sequence[PastSession], since: date) -> _Flare | None:
    """A flare on the latest rated morning since ``since``, from any routine.

    Morning pain is about the feet, not one routine: a flare after another
    routine's session also stops this routine going up.
    """
    rated = [s for s in sessions if s.day >= since and s.morning_pain is not None]
    return _flare(sessions, rated[-1]) if rated else None


def _too_much(session: PastSession) -> bool:
    """Pain during the session above 5."""
    return session.pain_during is not None and session.pain_during > ACCEPTABLE_PAIN


def _hurt(session: PastSession, rec: StepRecord) -> bool:
    return rec.stopped_for_pain or _too_much(session)


def _hurt_words(session: PastSession, rec: StepRecord) -> str:
    """Why a step hurt, for a sentence about the last session."""
    on = _day_words(session.day)
    if _too_much(session):
        said = f"pain during your last session, on {on}, was {session.pain_during}, above 5"
        return said + (", and you stopped a block for pain" if rec.stopped_for_pain else "")
    return f"you stopped a block for pain in your last session, on {on}"


def _hurt_short(session: PastSession, rec: StepRecord) -> str:
    parts = []
    if _too_much(session):
        parts.append(f"pain {session.pain_during}")
    if rec.stopped_for_pain:
        parts.append("a block stopped for pain")
    return " and ".join(parts) + f" on {_day_words(session.day)}"


@dataclass(frozen=True)
class _Log:
    """The history as the coach reads it for one routine."""

    sessions: tuple[PastSession, ...]  # every routine, oldest first, none after today
    ours: tuple[PastSession, ...]  # this routine's
    routine_id: str
    today: date

    @classmethod
    def read(cls, history: Iterable[PastSession], routine_id: str, today: date) -> _Log:
        sessions = _up_to(history, today)
        ours = tuple(s for s in sessions if s.routine_id == routine_id)
        return cls(sessions, ours, routine_id, today)

    def good(self, session: PastSession, rec: StepRecord) -> bool:
        """Every block done, pain during rated 0-2, and no morning flare after it."""
        return (
            rec.completed
            and not rec.stopped_for_pain
            and session.pain_during is not None
            and session.pain_during <= SAFE_PAIN
            and _flare(self.sessions, session) is None
        )

    def good_run(self, index: int, step: Step, dose: DoseLevel) -> int:
        """Good sessions in a row at ``dose``, counting back from the last session."""
        run = 0
        for session in reversed(self.ours):
            rec = _fitting_record(session, index, step)
            if rec is None or rec.dose != dose or not self.good(session, rec):
                break
            run += 1
        return run


def _up_to(history: Iterable[PastSession], today: date) -> tuple[PastSession, ...]:
    """Sessions up to today, oldest first; those of one day keep the log's order (a stable sort)."""
    return tuple(sorted((s for s in history if s.day <= today), key=lambda s: s.day))


def _fitting_record(session: PastSession, index: int, step: Step) -> StepRecord | None:
    """The session's record of this step; one from before the step changed kind does not count."""
    rec = session.record(index, step.exercise.id)
    return rec if rec is not None and rec.dose.fits(step) else None


# -- the rules ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    """A step that may go up, if no other step of the routine does (one change at a time)."""

    suggestion: Suggestion
    run: int
    name: str


def _rest_advice(back: DoseLevel | None = None) -> str:
    come_back = f", come back at {back.words()}" if back is not None else ""
    return (
        f"rest, ice, compress and elevate the sore foot{come_back}, and see a physical"
        " therapist if the pain persists for about two weeks"
    )


def _lower(a: DoseLevel, b: DoseLevel) -> DoseLevel:
    """The smaller dose by total; ``a`` on a tie."""
    return b if b.total < a.total else a


def _step_back(
    current: DoseLevel, done_at: DoseLevel, cause: str, *, pain: bool
) -> tuple[Decision, DoseLevel, str]:
    """One step down from the last session's dose; never a second step for the same cause."""
    cur, then = current.words(), done_at.words()
    target = step_down(done_at)
    if target is None:
        if pain:
            reason = f"Rest: {cause}, and {then} is already the lowest dose; {_rest_advice()}."
            return Decision.REST, _lower(current, done_at), reason
        return (
            Decision.HOLD,
            current,
            f"Holding at {cur}: {cause}, but {then} is already the lowest dose.",
        )
    if current.total <= target.total:
        reason = f"Holding at {cur}: {cause}, and {cur} is already below the {then} you did then."
        return Decision.HOLD, current, reason
    verb = "Down to" if pain else "Back to"
    return Decision.BACK_OFF, target, f"{verb} {target.words()}: {cause}."


def _rest_cause(log: _Log, last: PastSession, rec: StepRecord, index: int, step: Step) -> str:
    """Why this step should rest, or an empty string."""
    if last.pain_during is not None and last.pain_during >= SEVERE_PAIN:
        on = _day_words(last.day)
        return f"pain during your last session, on {on}, was {last.pain_during} of 10"
    if len(log.ours) < 2 or not _hurt(last, rec):
        return ""
    before = log.ours[-2]
    rec_before = _fitting_record(before, index, step)
    if rec_before is None or not _hurt(before, rec_before):
        return ""
    return f"{_hurt_short(before, rec_before)} and {_hurt_short(last, rec)}, two sessions in a row"


def _weekly_cap(
    log: _Log,
    last: PastSession,
    index: int,
    step: Step,
    current: DoseLevel,
    proposed: DoseLevel,
) -> str:
    """Why the step up would raise the exercise's week by too much, or an empty string."""
    start = last.day - timedelta(days=WEEK - 1)
    window = [s for s in log.sessions if start <= s.day <= last.day]
    exercise_id = step.exercise.id
    # The exercise's load from every routine, in its unit (seconds or reps).
    done = sum(
        rec.done
        for s in window
        for rec in s.steps
        if rec.exercise_id == exercise_id and rec.dose.timed == current.timed
    )
    ours = [
        rec
        for s in window
        if s.routine_id == log.routine_id and (rec := _fitting_record(s, index, step)) is not None
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


def _decide(index: int, step: Step, current: DoseLevel, log: _Log) -> Suggestion | _Candidate:
    """Rules 1 to 10 of the module docstring for one step; rule 11 needs every step."""
    cur = current.words()

    def say(decision: Decision, proposed: DoseLevel, reason: str) -> Suggestion:
        return Suggestion(index, step.exercise.id, decision, current, proposed, reason)

    def hold(reason: str) -> Suggestion:
        return say(Decision.HOLD, current, reason)

    # 1. Nothing to go on.
    if not log.ours:
        return hold(f"Holding at {cur}: no session of this routine is logged yet.")
    last = log.ours[-1]
    on = _day_words(last.day)
    rec = _fitting_record(last, index, step)
    if rec is None:
        return hold(f"Holding at {cur}: this step has no record in your last session, on {on}.")
    then = rec.dose
    days_off = max(0, (log.today - last.day).days - 1)

    # 2. Too much pain, or pain twice in a row: rest. After a week off the
    # break was the rest, and rules 3 and 4 bring the user back a step lower.
    if days_off < BREAK_DAYS and (cause := _rest_cause(log, last, rec, index, step)):
        back = _lower(current, step_down(then) or then)
        return say(Decision.REST, back, f"Rest: {cause}; {_rest_advice(back)}.")

    # 3. Pain above 5, or a block stopped for pain: one step down.
    if _hurt(last, rec):
        return say(*_step_back(current, then, _hurt_words(last, rec), pain=True))

    # 4. A week or more off: one step down.
    if days_off >= BREAK_DAYS:
        cause = f"{days_off} days off since your last session of this routine, on {on}"
        return say(*_step_back(current, then, cause, pain=False))

    # 5. A morning flare: no increase; a bad one (above 5) steps down.
    if flare := _latest_flare(log.sessions, last.day):
        if flare.rating > ACCEPTABLE_PAIN:
            return say(*_step_back(current, then, flare.words(), pain=True))
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
    if last.pain_during is None:
        return hold(
            f"Holding at {cur}: your last session has no pain rating, and a step up needs"
            " sessions rated 0-2."
        )
    if last.pain_during > SAFE_PAIN:
        return hold(
            f"Holding at {cur}: pain during your last session was {last.pain_during},"
            " acceptable (up to 5) but above the 0-2 a step up needs."
        )

    # 8. Enough good sessions at this dose.
    run = log.good_run(index, step, current)
    if run < SESSIONS_TO_PROGRESS:
        so_far = f"1 good session at {cur} so far" if run == 1 else f"no good session at {cur} yet"
        return hold(
            f"Holding at {cur}: {so_far} (every block done, pain 0-2, no morning flare);"
            f" a step up needs {SESSIONS_TO_PROGRESS} in a row."
        )

    # 9. The top of the ramp.
    up = step_up(current, step.dose.kind)
    if up is None:
        top = _amount_words(amount_ceiling(step.dose.kind), current.timed)
        return hold(
            f"Holding at {cur}: the top of the coach's ramp ({SETS_CEILING} sets of up to {top});"
            " change the routine yourself if you want more."
        )

    # 10. The weekly cap.
    if capped := _weekly_cap(log, last, index, step, current, up):
        return hold(capped)

    reason = f"Up to {up.words()}: {run} sessions done at {cur} with pain 0-2 and no morning flare"
    if up.sets > current.sets:
        top = _amount_words(amount_ceiling(step.dose.kind), current.timed)
        reason += f"; {top} is the most per set, so a set is added with about the same total"
    return _Candidate(say(Decision.PROGRESS, up, reason + "."), run, step.exercise.name)


def _one_change_at_a_time(drafts: Sequence[Suggestion | _Candidate]) -> list[Suggestion]:
    """Rule 11: of the steps that may go up, only one does."""
    candidates = [d for d in drafts if isinstance(d, _Candidate)]
    # The longest run of good sessions has waited longest; the earlier step wins a tie.
    winner = max(candidates, key=lambda c: (c.run, -c.suggestion.step_index), default=None)
    result = []
    for draft in drafts:
        if isinstance(draft, Suggestion):
            result.append(draft)
            continue
        assert winner is not None  # there is a candidate: this one
        if draft is winner:
            result.append(draft.suggestion)
            continue
        mine = draft.suggestion
        if winner.run > draft.run:
            why = (
                f"{winner.name} goes up this session, with {winner.run} good sessions in a row"
                f" at its dose to {draft.run} here"
            )
        else:
            why = (
                f"{winner.name}, earlier in the routine, goes up this session"
                f" ({draft.run} good sessions in a row each)"
            )
        reason = f"Holding at {mine.current.words()}: one change at a time, and {why}."
        result.append(replace(mine, decision=Decision.HOLD, proposed=mine.current, reason=reason))
    return result


def suggest(
    routine: Routine,
    doses_in_force: Mapping[int, DoseLevel],
    history: Iterable[PastSession],
    today: date,
) -> list[Suggestion]:
    """One suggestion per step of ``routine``, in order, for its next session.

    ``doses_in_force`` maps step indexes to the dose the log keeps for them;
    a step without one, or with one that no longer fits it (the routine file
    changed a timed step to reps or back), is at the dose the file gives.
    ``history`` is every logged session, of any routine, in any order;
    sessions after ``today`` are ignored.

    Asking again with the same history gives no second step: steps down are
    worked out from the last session's dose, and a step up needs sessions at
    the new dose.
    """
    _check_steps(routine, doses_in_force)
    log = _Log.read(history, routine.id, today)
    drafts = []
    for index, step in enumerate(routine.steps):
        level = doses_in_force.get(index)
        current = level if level is not None and level.fits(step) else DoseLevel.of(step)
        drafts.append(_decide(index, step, current, log))
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


def _pain_in_week(sessions: Sequence[PastSession], today: date) -> str:
    """The latest pain problem in the 7 days ending today, from any routine, or ''."""
    start = today - timedelta(days=WEEK - 1)
    for session in reversed([s for s in sessions if s.day >= start]):
        on = _day_words(session.day)
        if _too_much(session):
            return f"pain during your session on {on} was {session.pain_during}, above 5"
        if any(rec.stopped_for_pain for rec in session.steps):
            return f"you stopped a block for pain on {on}"
        if flare := _flare(sessions, session):
            return flare.words()
    return ""


def stage_status(
    program: Program,
    state: ProgramState,
    history: Iterable[PastSession],
    today: date,
) -> StageDecision:
    """Whether the user moves on from the current stage; never past the next one.

    A stage is done when its weeks have passed since it began; the sessions of
    its routines in its last ``weeks`` weeks before today (and today's) reach
    ``weeks × sessions_per_week``; and the last 7 days had no pain above 5, no
    block stopped for pain and no morning flare (any routine).
    """
    if not 0 <= state.stage_index < len(program.stages):
        raise ValueError(f"program '{program.id}' has no stage {state.stage_index}")
    index = state.stage_index
    stage = program.stages[index]
    sessions = _up_to(history, today)

    def stay(why: str) -> StageDecision:
        return StageDecision(StageMove.STAY, index, f"Staying in {stage.name}: {why}.")

    if pain := _pain_in_week(sessions, today):
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


# -- words -------------------------------------------------------------------------


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
