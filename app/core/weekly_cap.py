"""The weekly cap: about 10 % a week, for exercise load and barefoot minutes alike.

The coach raises a dose only when the exercise's week stays within the cap
(rule 10 of ``ramp``); the exposure guard (``exposure``) warns on the same
10 %. An exercise's load is what its blocks did, in its unit: seconds held,
or reps, from every routine.

- Week to week: the last 7 days are the 7 days before today and today's
  sessions so far; the 7 days before are the 7 before those. The room is
  10 % of the 7 days before, plus one smallest increment on every block of
  this routine's sessions in the last 7 days. With nothing in the 7 days
  before (a first week) this cap does not apply.
- Per session: the coming week's planned load for the exercise may exceed
  the load done in the 7 days ending on the last session by at most 10 %,
  or by one smallest increment on every block of those sessions, whichever
  is more (so a small dose can still grow). The coming week counts as many
  sessions of this routine as that window had; other routines' load of the
  same exercise counts as repeating.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from app.core.days import WEEK, day_month
from app.core.doses import CoachDose, StepKey, smallest_increment
from app.core.past import PastSession, StepRecord, fitting_record
from app.core.routine import Step
from app.core.wording import amount_words, percent_more

WEEKLY_CAP = 0.10  # about 10 % a week, for exercise load and barefoot minutes alike


def exercise_load(sessions: Iterable[PastSession], exercise_id: str, timed: bool) -> float:
    """The exercise's load in these sessions, from every routine, in its unit."""
    return sum(
        rec.done
        for s in sessions
        for rec in s.steps
        if rec.exercise_id == exercise_id and rec.dose.timed == timed
    )


def _records(
    sessions: Iterable[PastSession], routine_id: str, key: StepKey, step: Step
) -> list[StepRecord]:
    """This step's records in the sessions of its routine."""
    return [
        rec
        for s in sessions
        if s.routine_id == routine_id and (rec := fitting_record(s, key, step)) is not None
    ]


def week_to_week_cap(
    sessions: Sequence[PastSession],
    today: date,
    routine_id: str,
    key: StepKey,
    step: Step,
    current: CoachDose,
    proposed: CoachDose,
) -> str:
    """Why the last 7 days, at the proposed dose, rise too far above the 7 before, or ''.

    The last 7 days are the 7 before today and today's sessions so far: a
    week-day routine meets itself a week back, and a session every other day
    is never counted four times against three.
    """
    start = today - timedelta(days=WEEK)
    before_start = start - timedelta(days=WEEK)
    last_week = [s for s in sessions if start <= s.day]
    week_before = [s for s in sessions if before_start <= s.day < start]
    exercise_id, timed = step.exercise.id, current.timed
    before = exercise_load(week_before, exercise_id, timed)
    if before <= 0:
        return ""  # a first week: nothing to compare with
    ours = _records(last_week, routine_id, key, step)
    blocks = len(step.block_sides)
    done = exercise_load(last_week, exercise_id, timed)
    planned = done - sum(rec.done for rec in ours) + len(ours) * proposed.total * blocks
    most = before * (1 + WEEKLY_CAP) + len(ours) * current.sets * blocks * smallest_increment(timed)
    if planned <= most + 1e-9:
        return ""
    guide = (
        f"the guide is about 10 % a week plus one step (at most {amount_words(int(most), timed)})"
    )
    if done > most + 1e-9:
        return (
            f"Holding at {current.words()}: this exercise's last 7 days came to"
            f" {amount_words(round(done), timed)}, {percent_more(done, before)} % more than the"
            f" {amount_words(round(before), timed)} of the 7 days before; {guide}."
        )
    return (
        f"Holding at {current.words()}: at {proposed.words()} this exercise's last 7 days would"
        f" come to {amount_words(round(planned), timed)}, {percent_more(planned, before)} % more"
        f" than the {amount_words(round(before), timed)} of the 7 days before; {guide}."
    )


def per_session_cap(
    sessions: Sequence[PastSession],
    last: PastSession,
    routine_id: str,
    key: StepKey,
    step: Step,
    current: CoachDose,
    proposed: CoachDose,
) -> str:
    """Why raising the dose would raise the exercise's week by too much, or ''."""
    start = last.day - timedelta(days=WEEK - 1)
    window = [s for s in sessions if start <= s.day <= last.day]
    timed = current.timed
    done = exercise_load(window, step.exercise.id, timed)
    ours = _records(window, routine_id, key, step)
    count = len(ours)  # at least the last session
    blocks = len(step.block_sides)
    # The coming week repeats the window: as many sessions of this routine, now at
    # the proposed dose, and the same load of this exercise from other steps.
    planned = done - sum(rec.done for rec in ours) + count * proposed.total * blocks
    room = max(WEEKLY_CAP * done, count * current.sets * blocks * smallest_increment(timed))
    if planned <= done + room + 1e-9:
        return ""
    more = f"{percent_more(planned, done)} % more than" if done > 0 else "more than"
    return (
        f"Holding at {current.words()}: {proposed.words()} would make this exercise's week"
        f" {amount_words(round(planned), timed)}, {more} the"
        f" {amount_words(round(done), timed)} done in the 7 days to"
        f" {day_month(last.day)}; the guide is about 10 % a week"
        f" (at most {amount_words(int(done + room), timed)})."
    )
