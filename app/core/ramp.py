"""The progression coach's ramp: for every step of a routine, what the next session does.

After each session the coach looks at the log and says, for every step of
a routine, whether the next session should go up one increment (PROGRESS),
stay (HOLD), go down one increment (BACK_OFF) or rest (REST), with one
plain sentence of why that names the numbers it used. The user always has
the final say. Plain values in, plain values out: no Qt and no database.

Its parts: ``doses`` (the coach's dose and its increments), ``past`` (the
sessions it reads), ``pain`` (the pain-monitoring model), ``weekly_cap``
(the 10 % rule) and ``stages`` (when a program moves on).

The rules for a step, first match wins (``docs/progression.md`` says the
same for users). "Last session" is the latest session of this routine;
pain, "hurt", the baseline and a flare are as ``pain`` says.

1. No session of this routine logged, or no record of this step in the
   last session: HOLD.
2. Fewer than 7 days off, and the step's pain in the last session was 7 or
   more, or the step hurt in each of the last two sessions: REST (rest,
   ice, compression, elevation; a physical therapist if the pain persists
   about two weeks). The proposed dose is one increment below the last
   session's, to come back at.
3. The step hurt in the last session: BACK_OFF one increment from the last
   session's dose.
4. 7 or more days off (full days between the last session and today):
   BACK_OFF one increment from the last session's dose.
5. Morning flare: the latest next-morning rating since the last session
   (any routine) is above the baseline. Above 5: BACK_OFF one increment.
   Up to 5: HOLD at the last session's dose (BACK_OFF to it, if a raised
   dose was accepted before the morning was rated).
6. The step was not finished in the last session (a block skipped, or the
   session ended early): HOLD.
7. The step's pain in the last session 3-5, or not rated: HOLD.
8. Fewer than 2 good sessions in a row at the dose in force, or all of them
   on one day (good: every block done, the step's pain 0-2, no morning
   flare): HOLD. Sessions on one day count once: going up needs good
   sessions on 2 days, with a night between.
9. The dose is at the top of the ramp (5 sets at the per-set ceiling): HOLD.
10. The weekly cap (``weekly_cap``), week to week and then per session:
    HOLD (frequency counts as load).
11. One change at a time: nothing goes up in a session where another step
    comes down for pain (rules 2, 3 and 5); otherwise only one step goes up
    (the longest run of good sessions wins, the earlier step on a tie):
    HOLD.
12. Otherwise: PROGRESS one increment.

Coming down (rules 2 to 5) never compounds: it is worked out from the last
session's dose, so a dose already at or below the target holds. Lowering
the lowest dose becomes REST when pain caused it, and HOLD after a break.

When pain above 5 has persisted (``pain.persistent_pain``), every
suggestion made for pain says to see a physical therapist now, not "if the
pain persists".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from app.core.days import WEEK, day_month
from app.core.doses import (
    SETS_CEILING,
    CoachDose,
    StepKey,
    amount_ceiling,
    check_step_indexes,
    lower_dose,
    raise_dose,
    smaller,
    step_keys,
)
from app.core.pain import (
    ACCEPTABLE_PAIN,
    SAFE_PAIN,
    SEVERE_PAIN,
    Baselines,
    Flare,
    Persistent,
    flare,
    hurt,
    hurt_short,
    hurt_words,
    latest_flare,
    pain_during_words,
    persistent_pain,
)
from app.core.past import Mornings, PastSession, StepRecord, fitting_record, on, sessions_up_to
from app.core.routine import Routine, Step
from app.core.weekly_cap import per_session_cap, week_to_week_cap
from app.core.wording import amount_words, plain_number

SESSIONS_TO_PROGRESS = 2  # good sessions in a row, on as many different days
BREAK_DAYS = WEEK


class Decision(StrEnum):
    PROGRESS = "progress"  # up one increment
    HOLD = "hold"
    BACK_OFF = "back off"  # down one increment
    REST = "rest"  # rest, then come back one increment lower


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
    current: CoachDose
    proposed: CoachDose
    reason: str
    occurrence: int = 1
    see_therapist_now: bool = False

    @property
    def key(self) -> StepKey:
        return (self.exercise_id, self.occurrence)

    def change_words(self) -> str:
        """``3 × 60 s → 3 × 65 s``, or just ``3 × 60 s`` when the dose stays; for a rest,
        the dose to come back at."""
        current, proposed = self.current.words(), self.proposed.words()
        if self.decision is Decision.REST:
            return f"come back at {proposed} (now {current})"
        return current if current == proposed else f"{current} → {proposed}"


# -- the history, as the ramp reads it ---------------------------------------------


@dataclass(frozen=True)
class CoachLog:
    """The history as the coach reads it for one routine."""

    sessions: tuple[PastSession, ...]  # every routine, oldest first, future ones as today's
    ours: tuple[PastSession, ...]  # this routine's
    routine_id: str
    today: date
    usual: Baselines
    persistent: Persistent | None

    @classmethod
    def read(
        cls,
        history: Iterable[PastSession],
        routine_id: str,
        today: date,
        mornings: Mornings | None = None,
    ) -> CoachLog:
        sessions = sessions_up_to(history, today)
        ours = tuple(s for s in sessions if s.routine_id == routine_id)
        usual = Baselines.of(sessions, mornings)
        return cls(sessions, ours, routine_id, today, usual, persistent_pain(sessions))

    def flare(self, session: PastSession) -> Flare | None:
        return flare(self.usual, session)

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

    def good_run(self, key: StepKey, step: Step, dose: CoachDose) -> tuple[int, list[date]]:
        """Good sessions in a row at ``dose``, counting back from the last session, and the
        different days they were on (latest first)."""
        run = 0
        days: list[date] = []
        for session in reversed(self.ours):
            rec = fitting_record(session, key, step)
            if rec is None or rec.dose != dose or not self.good(session, rec):
                break
            run += 1
            if session.day not in days:
                days.append(session.day)
        return run, days


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


def _rest_advice(back: CoachDose | None, persistent: Persistent | None) -> str:
    if persistent is not None:
        then = f", then come back at {back.words()}" if back is not None else ""
        return f"{persistent.words()}, and rest, ice, compress and elevate the sore foot{then}"
    come_back = f", come back at {back.words()}" if back is not None else ""
    return (
        f"rest, ice, compress and elevate the sore foot{come_back}, and see a physical"
        " therapist if the pain persists for about two weeks"
    )


def _back_off(
    current: CoachDose,
    done_at: CoachDose,
    cause: str,
    *,
    pain: bool,
    persistent: Persistent | None = None,
) -> tuple[Decision, CoachDose, str]:
    """One increment down from the last session's dose; never a second one for one cause.

    For pain that has persisted (``persistent``), the sentence also says to
    see a physical therapist now.
    """
    cur, then = current.words(), done_at.words()
    see = f"; {persistent.words()}" if pain and persistent is not None else ""
    target = lower_dose(done_at)
    if target is None:
        if pain:
            advice = _rest_advice(None, persistent)
            reason = f"Rest: {cause}, and {then} is already the lowest dose; {advice}."
            return Decision.REST, smaller(current, done_at), reason
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


def _rest_cause(log: CoachLog, last: PastSession, rec: StepRecord, key: StepKey, step: Step) -> str:
    """Why this step should rest, or an empty string."""
    name = step.exercise.name
    pain = last.pain_for(rec.exercise_id)
    if pain is not None and pain >= SEVERE_PAIN:
        return f"{pain_during_words(last, rec, name)}, {on(last)}, was {pain} of 10"
    if len(log.ours) < 2 or not hurt(last, rec):
        return ""
    before = log.ours[-2]
    rec_before = fitting_record(before, key, step)
    if rec_before is None or not hurt(before, rec_before):
        return ""
    return (
        f"{hurt_short(before, rec_before, name)} and {hurt_short(last, rec, name)},"
        " two sessions in a row"
    )


def _decide(index: int, key: StepKey, step: Step, current: CoachDose, log: CoachLog) -> _Draft:
    """Rules 1 to 10 of the module docstring for one step; rule 11 needs every step."""
    cur = current.words()
    name = step.exercise.name

    def say(decision: Decision, proposed: CoachDose, reason: str, *, down: bool = False) -> _Draft:
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
    rec = fitting_record(last, key, step)
    if rec is None:
        return hold(f"Holding at {cur}: this step has no record in your last session, {on(last)}.")
    then = rec.dose
    days_off = max(0, (log.today - last.day).days - 1)

    # 2. Too much pain, or pain twice in a row: rest. After a week off the
    # break was the rest, and rules 3 and 4 bring the user back an increment lower.
    if days_off < BREAK_DAYS and (cause := _rest_cause(log, last, rec, key, step)):
        back = smaller(current, lower_dose(then) or then)
        reason = f"Rest: {cause}; {_rest_advice(back, log.persistent)}."
        return say(Decision.REST, back, reason, down=True)

    # 3. Pain above 5, or a block stopped for pain: one increment down.
    if hurt(last, rec):
        cause = hurt_words(last, rec, name)
        return say(
            *_back_off(current, then, cause, pain=True, persistent=log.persistent), down=True
        )

    # 4. A week or more off: one increment down.
    if days_off >= BREAK_DAYS:
        cause = f"{days_off} days off since your last session of this routine, {on(last)}"
        return say(*_back_off(current, then, cause, pain=False))

    # 5. A morning flare: no increase; a bad one (above 5) comes down.
    if morning := latest_flare(log.sessions, log.usual, last.day):
        if morning.rating > ACCEPTABLE_PAIN:
            lower = _back_off(current, then, morning.words(), pain=True, persistent=log.persistent)
            return say(*lower, down=True)
        if current.total > then.total:
            # A raised dose accepted before the morning was rated waits.
            reason = f"Back to {then.words()}: {morning.words()}, so the step up to {cur} waits."
            return say(Decision.BACK_OFF, then, reason)
        return hold(f"Holding at {cur}: {morning.words()}.")

    # 6. Not finished last time.
    if not rec.completed:
        # Seconds done may be a fraction (a block stopped part way): a person reads whole ones.
        done_words = amount_words(round(rec.done), True) if then.timed else plain_number(rec.done)
        done = f"{done_words} of {amount_words(round(rec.planned), then.timed)}"
        return hold(
            f"Holding at {cur}: this step was not finished in your last session ({done} done)."
        )

    # 7. Pain 3-5, or no rating: acceptable, but not up.
    pain = last.pain_for(rec.exercise_id)
    if pain is None:
        return hold(
            f"Holding at {cur}: your last session has no pain rating, and a step up needs"
            " sessions rated 0-2."
        )
    if pain > SAFE_PAIN:
        return hold(
            f"Holding at {cur}: {pain_during_words(last, rec, name)} was {pain},"
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
                f" {day_month(days[0])} {good}; sessions on one day count once, and a step up"
                f" needs good sessions on {SESSIONS_TO_PROGRESS} days, with a night between."
            )
        so_far = f"1 good session at {cur} so far" if run == 1 else f"no good session at {cur} yet"
        return hold(
            f"Holding at {cur}: {so_far} {good}; a step up needs {SESSIONS_TO_PROGRESS} in a row."
        )

    # 9. The top of the ramp.
    up = raise_dose(current, step.dose.kind)
    top = amount_words(amount_ceiling(step.dose.kind), current.timed)
    if up is None:
        return hold(
            f"Holding at {cur}: the top of the coach's ramp ({SETS_CEILING} sets of up to {top});"
            " change the routine yourself if you want more."
        )

    # 10. The weekly cap: week to week (frequency counts), then per session.
    if capped := week_to_week_cap(
        log.sessions, log.today, log.routine_id, key, step, current, up
    ) or per_session_cap(log.sessions, last, log.routine_id, key, step, current, up):
        return hold(capped)

    sessions = f"{run} sessions" if run == len(days) else f"{run} sessions on {len(days)} days"
    reason = f"Up to {up.words()}: {sessions} done at {cur} with pain 0-2 and no morning flare"
    if up.sets > current.sets:
        reason += f"; {top} is the most per set, so a set is added with about the same total"
    return replace(say(Decision.PROGRESS, up, reason + "."), run=run)


_DOWN_WORDS = {
    Decision.REST: "rests for pain",
    Decision.BACK_OFF: "comes down for pain",
    Decision.HOLD: "stays down for pain",
}


def _one_change_at_a_time(drafts: Sequence[_Draft]) -> list[Suggestion]:
    """Rule 11: nothing goes up beside a step that comes down for pain; else only one step does."""
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
    doses_in_force: Mapping[int, CoachDose],
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

    Asking again with the same history never moves twice: coming down is
    worked out from the last session's dose, and going up needs sessions at
    the new dose.
    """
    check_step_indexes(routine, doses_in_force)
    log = CoachLog.read(history, routine.id, today, mornings)
    drafts = []
    for index, (step, key) in enumerate(zip(routine.steps, step_keys(routine), strict=True)):
        in_force = doses_in_force.get(index)
        current = in_force if in_force is not None and in_force.fits(step) else CoachDose.of(step)
        drafts.append(_decide(index, key, step, current, log))
    return _one_change_at_a_time(drafts)
