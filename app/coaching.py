"""The coach and the safety rules as the app uses them: the log in, plain values out.

The progression coach (``app.core.ramp`` and ``app.core.stages``) and the exposure guard
(``app.core.exposure``) know nothing of the log; the log
(``app.storage``) knows nothing of the coach. This module is the adapter
between them, and the one place for the words and rules the coaching
screens show: the safety questions and advice, the warm-up reminder, and
what an accepted suggestion stores.

Qt-free, so it runs on the log's worker thread and in plain tests. The
functions that take a ``log`` read it and never write: the caller stores
what they return (``add_dose``, ``add_safety_answers``,
``set_program_state``, ``add_exposure``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from app.core.days import WEEK, short_day, wall_of_day
from app.core.doses import CoachDose, StepKey, apply_doses, step_keys
from app.core.events import SessionStatus
from app.core.exposure import ExposureCheck, ExposureEntry, check_exposure
from app.core.pain import BASELINE_DAYS, baseline
from app.core.past import Mornings, PastSession, StepRecord
from app.core.ramp import Decision, Suggestion, suggest
from app.core.routine import Category, Program, Routine, Stage, Step
from app.core.stages import StageDecision, StageMove, StageState, stage_status
from app.storage.records import (
    CoachSession,
    DoseChange,
    ExerciseLoad,
    Exposure,
    MorningBaseline,
    MorningCheckIn,
    ProgramState,
    SafetyAnswers,
)

if TYPE_CHECKING:
    from app.storage.log import Log

# How far back the coach reads sessions. Its rules look at the last sessions of
# a routine, the 14 days before today and the 7 days up to the last session, and
# name how long pain above 5 has lasted, so 8 weeks is plenty and keeps the read
# small. Mornings are read in full: the baseline is the lowest they settled to.
COACH_DAYS = 8 * WEEK

# -- the log -> the coach -------------------------------------------------------------


def _level(change: DoseChange) -> CoachDose:
    return CoachDose(change.sets, time=change.time_seconds or 0, reps=change.reps or 0)


class _Changes:
    """Dose changes by (routine, exercise, occurrence), to find the one in force at a time."""

    def __init__(self, history: Iterable[DoseChange]) -> None:
        self._by_step: dict[tuple[str, StepKey], list[DoseChange]] = {}
        for change in history:
            self._by_step.setdefault((change.routine_id, change.key), []).append(change)
        for changes in self._by_step.values():
            # Stable: the log's order (by id) breaks ties of the same instant.
            changes.sort(key=lambda c: c.decided_wall)

    def at(self, routine_id: str, key: StepKey, wall: float) -> DoseChange | None:
        """The latest change of this step decided by ``wall``."""
        latest = None
        for change in self._by_step.get((routine_id, key), ()):
            if change.decided_wall > wall:
                break
            latest = change
        return latest


def _occurrences(loads: Iterable[ExerciseLoad]) -> dict[tuple[int, str], int]:
    """(step index, exercise id) -> the step's occurrence among the session's steps of that
    exercise. The player records every step it reaches, so the steps before a recorded one
    are all there to count."""
    seen: dict[str, int] = {}
    out = {}
    for load in sorted(loads, key=lambda load: load.step_index):
        if (load.step_index, load.exercise_id) not in out:
            seen[load.exercise_id] = seen.get(load.exercise_id, 0) + 1
            out[load.step_index, load.exercise_id] = seen[load.exercise_id]
    return out


def _step_record(load: ExerciseLoad, step: Step | None, occurrence: int) -> StepRecord:
    """One step of a logged session, with the dose it was played at.

    The dose is what the player played, as the log keeps it: the sets of the
    step from its blocks, and the amount per work block from the session's
    own planned numbers.
    """
    # Timed blocks have no planned reps; every kind of reps block has some.
    timed = load.planned_reps == 0
    planned = load.planned_seconds if timed else load.planned_reps
    per_block = max(1, round(planned / load.blocks))
    sides = len(step.block_sides) if step is not None else load.sides
    dose = CoachDose(load.sets, time=per_block) if timed else CoachDose(load.sets, reps=per_block)
    expected = load.sets * sides
    return StepRecord(
        step_index=load.step_index,
        exercise_id=load.exercise_id,
        dose=dose,
        # The whole step's plan, blocks the session never reached included.
        planned=float(max(planned, dose.total * sides)),
        done=float(load.done_seconds if timed else load.done_reps),
        completed=load.completed >= expected and load.skipped == 0 and load.stopped == 0,
        stopped_for_pain=load.stopped > 0,
        occurrence=occurrence,
    )


def _unreached(index: int, key: StepKey, step: Step, change: DoseChange | None) -> StepRecord:
    """A step the session never reached: nothing done, not completed."""
    level = _level(change) if change is not None else None
    dose = level if level is not None and level.fits(step) else CoachDose.of(step)
    return StepRecord(
        step_index=index,
        exercise_id=step.exercise.id,
        dose=dose,
        planned=float(dose.total * len(step.block_sides)),
        done=0.0,
        completed=False,
        occurrence=key[1],
    )


def past_sessions(
    coach_sessions: Iterable[CoachSession],
    routine: Routine | None = None,
    *,
    dose_history: Iterable[DoseChange] = (),
) -> list[PastSession]:
    """The logged sessions as the coach reads them, in the log's order.

    Sessions still open (not yet finished, kept or discarded) are left out:
    they may yet be resumed. Each record is keyed by its exercise and
    occurrence (see ``step_keys``) and has the dose the player played, from
    the log's blocks: their sets, and the session's planned numbers. Each
    session brings its pain during and its per-exercise ratings.

    ``routine`` is the routine file's, not one with doses applied. Its
    sessions that ended early also get a record, with done 0 and not
    completed, for each step after the last one they reached, at the dose in
    force then (from ``dose_history``, the log's ``dose_history(routine.id)``,
    or the routine file).
    """
    changes = _Changes(dose_history)
    keys = step_keys(routine) if routine is not None else ()
    steps = dict(zip(keys, routine.steps, strict=True)) if routine is not None else {}
    out = []
    for session in coach_sessions:
        if session.status is None:
            continue
        ours = routine is not None and session.routine_id == routine.id
        occurrences = _occurrences(session.loads)
        records: dict[StepKey, StepRecord] = {}
        for load in session.loads:
            occurrence = occurrences[load.step_index, load.exercise_id]
            key = (load.exercise_id, occurrence)
            records[key] = _step_record(load, steps.get(key) if ours else None, occurrence)
        if ours and session.status is not SessionStatus.COMPLETED:
            assert routine is not None
            # Every step the player reaches gets a record, even one skipped at once, so in a
            # session that ended early the steps after the last one recorded are those it
            # never reached. Any other step missing was not in the routine then (its file
            # changed since), and has no record.
            reached = max((load.step_index for load in session.loads), default=-1)
            for index, (key, step) in enumerate(zip(keys, routine.steps, strict=True)):
                if index > reached and key not in records:
                    change = changes.at(routine.id, key, session.started_wall)
                    records[key] = _unreached(index, key, step, change)
        out.append(
            PastSession(
                day=session.day,
                routine_id=session.routine_id,
                steps=tuple(sorted(records.values(), key=lambda r: r.step_index)),
                pain_during=session.pain_during,
                morning_pain=session.morning_pain,
                exercise_pain=dict(session.exercise_pain),
            )
        )
    return out


def mornings(
    checkins: Iterable[MorningCheckIn], baselines: Iterable[MorningBaseline] = ()
) -> Mornings:
    """Every rated morning and every baseline the user set (``log.morning_checkins()``,
    ``log.baselines()``, oldest first): the baseline is made of all of them, however far
    back, so a flare that lasts never becomes the usual."""
    return Mornings(
        ratings={c.day: c.pain for c in checkins if c.pain is not None},
        # The log's order: of two set on one day, the later one wins.
        baselines={b.day: b.pain for b in baselines},
    )


def _log_mornings(log: Log) -> Mornings:
    return mornings(log.morning_checkins(), log.baselines())


def baseline_set(pain: int, day: date, wall: float) -> MorningBaseline:
    """What the log stores (``add_baseline``) when the user says their usual morning pain
    is now ``pain``, from the morning of ``day`` on: the one way the coach's baseline rises."""
    return MorningBaseline(day, pain, wall)


@dataclass(frozen=True)
class MorningAboveUsual:
    """The latest rated morning of the last week, above the baseline: a flare, unless the
    user says it is their usual now."""

    day: date  # the morning's own day
    pain: int
    usual: float

    def words(self) -> str:
        usual = f"{self.usual:.1f}".removesuffix(".0")
        return (
            f"Your usual morning pain is {usual}; the morning of {short_day(self.day)} was"
            f" {self.pain}. A rise that lasts is a flare, not a new normal, so the coach does not"
            f" go up while it lasts. If {self.pain} really is your usual now, you can say so: the"
            " coach then takes it as your baseline from that morning on."
        )

    @property
    def button_text(self) -> str:
        return f"{self.pain} is my usual morning now"


def morning_above_usual(log: Log, today: date) -> MorningAboveUsual | None:
    """The latest morning rated in the 7 days up to today, when it is above the baseline."""
    known = _log_mornings(log)
    recent = [d for d in known.ratings if today - timedelta(days=WEEK) < d <= today]
    if not recent:
        return None
    latest = max(recent)
    usual, _ = baseline((), latest, known)
    pain = known.ratings[latest]
    return MorningAboveUsual(latest, pain, usual) if pain > usual else None


# -- doses in force --------------------------------------------------------------------


def doses_in_force(routine: Routine, changes: Mapping[StepKey, DoseChange]) -> dict[int, CoachDose]:
    """Step index -> the dose the log keeps for it (``log.doses_in_force(routine.id)``).

    A dose belongs to its step's exercise and occurrence, wherever the step
    is now. A change that no longer fits its step is left out, so the step
    is at the routine file's dose: the step turned from timed to reps (the
    user edited the file). A change for a step the routine no longer has
    waits, in the log, for that step to come back.
    """
    levels = {}
    for index, (key, step) in enumerate(zip(step_keys(routine), routine.steps, strict=True)):
        change = changes.get(key)
        if change is not None and (level := _level(change)).fits(step):
            levels[index] = level
    return levels


def dose_change(suggestion: Suggestion, routine_id: str, wall: float) -> DoseChange:
    """What the log stores for an accepted suggestion: its proposed dose, in force from now."""
    proposed = suggestion.proposed
    return DoseChange(
        routine_id=routine_id,
        step_index=suggestion.step_index,
        exercise_id=suggestion.exercise_id,
        time_seconds=proposed.time or None,
        reps=proposed.reps or None,
        sets=proposed.sets,
        decided_wall=wall,
        decision=suggestion.decision.value,
        reason=suggestion.reason,
        occurrence=suggestion.occurrence,
    )


def routine_with_doses(routine: Routine, changes: Mapping[StepKey, DoseChange]) -> Routine:
    """The routine to play: the file's, with the doses the log keeps. The file is never changed."""
    return apply_doses(routine, doses_in_force(routine, changes))


def suggestions_for(log: Log, routine: Routine, today: date) -> list[Suggestion]:
    """The coach's suggestion for every step of ``routine``, for a session today.

    Reads the last 8 weeks of sessions (all of them when the routine was not
    played in them, so that a long break still steps the dose down), and
    every morning rating and baseline. Run it on the log's thread.
    """
    sessions = log.coach_sessions(since=wall_of_day(today - timedelta(days=COACH_DAYS)))
    if not any(s.routine_id == routine.id for s in sessions):
        sessions = log.coach_sessions()
    history = past_sessions(sessions, routine, dose_history=log.dose_history(routine.id))
    in_force = doses_in_force(routine, log.doses_in_force(routine.id))
    return suggest(routine, in_force, history, today, _log_mornings(log))


# -- what the coach says, in words -----------------------------------------------------

DECISION_WORDS = {
    Decision.PROGRESS: "Up one step",
    Decision.HOLD: "Hold",
    Decision.BACK_OFF: "Down one step",
    Decision.REST: "Rest",
}

REST_ADVICE = (
    "For a flare: rest, ice, compression and elevation. If the pain persists for about two"
    " weeks, see a physical therapist. Pain during an exercise means stop that exercise. You"
    " can still start the session: the choice is yours."
)
# When pain above 5 has lasted about two weeks: no longer "if it persists".
PERSISTENT_PAIN_TITLE = "See a physical therapist now."
PERSISTENT_PAIN_ADVICE = (
    "Pain above 5 has lasted about two weeks or more: see a physical therapist now, before you"
    " train on. Until then: rest, ice, compression and elevation. Pain during an exercise means"
    " stop that exercise. You can still start the session: the choice is yours."
)


def rest_advice(suggestions: Iterable[Suggestion]) -> str:
    """The advice beside a rest, or beside pain that has persisted: then, see a physical
    therapist now."""
    if any(s.see_therapist_now for s in suggestions):
        return PERSISTENT_PAIN_ADVICE
    return REST_ADVICE


WARM_UP_REMINDER = (
    "Warm up first: this routine starts with stretches. Walk for a few minutes, or do"
    " range-of-motion and strength work before you stretch."
)


def has_choices(suggestions: Iterable[Suggestion]) -> bool:
    """Whether any suggestion asks the user to accept or decline (everything but HOLD)."""
    return any(s.decision is not Decision.HOLD for s in suggestions)


def worth_showing(suggestions: Sequence[Suggestion]) -> bool:
    """Whether the coach's screen must come before the session: a choice to make, or pain
    that has persisted (said even on a hold)."""
    return has_choices(suggestions) or any(s.see_therapist_now for s in suggestions)


def needs_warm_up(routine: Routine) -> bool:
    """Whether the routine starts with a stretch, with nothing before it to warm up."""
    return bool(routine.steps) and routine.steps[0].exercise.category is Category.STRETCH


# -- safety ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SafetyQuestion:
    id: str  # the key in the stored answers
    label: str  # the check box
    short: str  # in a sentence: "You ticked diabetes and ..."


# Who should not exercise barefoot, indoors or out (the barefoot training article).
SAFETY_QUESTIONS = (
    SafetyQuestion(
        "peripheral_vascular_disease", "Peripheral vascular disease", "peripheral vascular disease"
    ),
    SafetyQuestion("diabetes", "Diabetes", "diabetes"),
    SafetyQuestion("poor_circulation", "Poor circulation in the legs or feet", "poor circulation"),
    SafetyQuestion(
        "claudication",
        "Claudication (cramping pain in the legs when walking, eased by rest)",
        "claudication",
    ),
    SafetyQuestion(
        "atherosclerosis", "Atherosclerosis (hardening of the arteries)", "atherosclerosis"
    ),
    SafetyQuestion("skin_breakdown", "Skin breakdown on the feet", "skin breakdown"),
    SafetyQuestion("open_sores_or_cuts", "Open sores or cuts on the feet", "open sores or cuts"),
    SafetyQuestion(
        "numbness_or_tingling", "Numbness or tingling in the feet", "numbness or tingling"
    ),
)
# Raise when the questions change, so everyone answers the new ones.
QUESTIONS_VERSION = 1

SAFETY_INTRO = (
    "Barefoot exercise is not for everyone. Tick each condition that applies to you, or tick"
    " that none of them do."
)
NONE_APPLY_LABEL = "None of these apply to me"

SAFETY_ADVICE = (
    "Check with a physician before starting any exercise program if you have any physical ailment.",
    "Start indoors, slowly, on a safe surface: a clean, dry floor or a mat.",
    "Effort and tired muscles are expected; pain is not. If an exercise hurts, stop it.",
    "If pain persists, see a physical therapist. For a flare: rest, ice, compression and"
    " elevation.",
    "Build up over weeks, not days, and do not change to barefoot while training for an event.",
    "Footwork is an exercise timer with a cautious coach, not medical advice.",
)
READ_ADVICE_LABEL = "I have read this advice"
CLEARANCE_LABEL = (
    "I have medical clearance for barefoot exercise, or I understand and will check with my"
    " physician before I start"
)


def _and_list(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


CONTRAINDICATION_TITLE = "Barefoot exercise is not advised for you without medical clearance."


def contraindication_text(conditions: Iterable[str]) -> str:
    """Why, under ``CONTRAINDICATION_TITLE``, when a condition is ticked: naming them."""
    chosen = set(conditions)
    ticked = [q.short for q in SAFETY_QUESTIONS if q.id in chosen]
    these = "this condition" if len(ticked) == 1 else "these conditions"
    return (
        f"You ticked {_and_list(ticked)}. People with {these} should not exercise barefoot,"
        " indoors or out. Please check with your physician before you start."
    )


@dataclass(frozen=True)
class SafetyForm:
    """The safety screen's answers, and the rules for going on from it."""

    conditions: frozenset[str] = frozenset()  # question ids ticked
    none_apply: bool = False
    read_advice: bool = False
    clearance: bool = False  # the second acknowledgement, asked only with a condition

    @property
    def contraindicated(self) -> bool:
        return bool(self.conditions)

    def missing(self) -> str:
        """What is still needed before the user may go on, in words; empty when nothing."""
        if self.conditions and self.none_apply:
            return f"You ticked a condition and “{NONE_APPLY_LABEL}”: untick one of them."
        if not self.conditions and not self.none_apply:
            return f"Tick each condition that applies to you, or “{NONE_APPLY_LABEL}”."
        if self.conditions and not self.clearance:
            # Said first, and plainly: it matters more than the advice box.
            return CONTRAINDICATION_TITLE.removesuffix(".") + ": see the box under the list."
        if not self.read_advice:
            return f"Read the advice, then tick “{READ_ADVICE_LABEL}”."
        return ""

    @property
    def complete(self) -> bool:
        return not self.missing()

    def answers(self, wall: float) -> SafetyAnswers:
        """The record the log stores (``add_safety_answers``)."""
        values: dict[str, Any] = {q.id: q.id in self.conditions for q in SAFETY_QUESTIONS}
        values.update(
            none_apply=self.none_apply,
            read_advice=self.read_advice,
            clearance=self.clearance,
            questions_version=QUESTIONS_VERSION,
        )
        return SafetyAnswers(
            answered_wall=wall,
            answers=values,
            contraindicated=self.contraindicated,
            acknowledged=self.complete,
        )

    @classmethod
    def of(cls, answers: SafetyAnswers) -> SafetyForm:
        """The form as it was answered (answers to questions since removed are dropped)."""
        given = answers.answers
        return cls(
            conditions=frozenset(q.id for q in SAFETY_QUESTIONS if given.get(q.id) is True),
            none_apply=given.get("none_apply") is True,
            read_advice=given.get("read_advice") is True,
            clearance=given.get("clearance") is True,
        )


def safety_needed(latest: SafetyAnswers | None) -> bool:
    """Whether to show the safety screen before a session: never answered, or not completed,
    or answered to an older list of questions."""
    if latest is None or not latest.acknowledged:
        return True
    return latest.answers.get("questions_version") != QUESTIONS_VERSION


# -- programs --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramStatus:
    """Where the user is in a program and whether they may move on."""

    program: Program
    state: ProgramState | None  # None: not enrolled
    decision: StageDecision | None  # None when not enrolled

    @property
    def enrolled(self) -> bool:
        return self.state is not None

    @property
    def stage_index(self) -> int | None:
        """The stage the user is in (not the one a move would go to)."""
        if self.state is None:
            return None
        return min(self.state.stage_index, len(self.program.stages) - 1)

    @property
    def stage(self) -> Stage | None:
        index = self.stage_index
        return None if index is None else self.program.stages[index]

    @property
    def may_move_on(self) -> bool:
        return self.decision is not None and self.decision.move is StageMove.ADVANCE

    @property
    def complete(self) -> bool:
        return self.decision is not None and self.decision.move is StageMove.COMPLETE


def program_status(log: Log, program: Program, today: date) -> ProgramStatus:
    """The stored state of ``program`` and the coach's stage decision for today."""
    stored = log.program_state(program.id)
    if stored is None:
        return ProgramStatus(program, None, None)
    # A program file edited to fewer stages leaves the user in its last one.
    index = min(stored.stage_index, len(program.stages) - 1)
    stage = program.stages[index]
    # The stage's weeks for its sessions, and the last 7 days with the 14 before them
    # for pain and morning flares.
    days = max(COACH_DAYS, stage.weeks * WEEK + WEEK + BASELINE_DAYS)
    sessions = log.coach_sessions(since=wall_of_day(today - timedelta(days=days)))
    state = StageState(index, stored.stage_started_day)
    decision = stage_status(program, state, past_sessions(sessions), today, _log_mornings(log))
    return ProgramStatus(program, stored, decision)


def enrolment(program: Program, today: date) -> ProgramState:
    """The state to store when the user starts ``program`` today: its first stage."""
    return ProgramState(program.id, today, 0, today)


def moved_on(status: ProgramStatus, today: date) -> ProgramState | None:
    """The state to store when the user accepts a move to the next stage; None if none is due."""
    if status.state is None or status.decision is None or not status.may_move_on:
        return None
    return replace(status.state, stage_index=status.decision.stage_index, stage_started_day=today)


# -- barefoot exposure -----------------------------------------------------------------


def _entries(exposures: Iterable[Exposure]) -> list[ExposureEntry]:
    # The guard counts whole minutes; the log may keep fractions.
    return [ExposureEntry(e.day, round(e.minutes)) for e in exposures]


def exposure_check(
    log_exposures: Iterable[Exposure], proposed_day: date, minutes: float
) -> ExposureCheck:
    """What the week would be with ``minutes`` more on ``proposed_day``, and a warning if too
    much (``check_exposure``). It warns; the entry is the user's to save."""
    return check_exposure(_entries(log_exposures), ExposureEntry(proposed_day, round(minutes)))


@dataclass(frozen=True)
class ExposureWeek:
    """The 7 days ending on ``end``: the guard's week."""

    end: date
    minutes: int
    last_week: int  # the 7 days before
    limit: int  # the most the guide allows after the week before
    over: bool

    @property
    def start(self) -> date:
        return self.end - timedelta(days=WEEK - 1)


def recent_weeks(exposures: Iterable[Exposure], today: date, weeks: int = 6) -> list[ExposureWeek]:
    """The last ``weeks`` weeks of 7 days, each ending a multiple of 7 days before today,
    newest first, as the guard counts them."""
    entries = _entries(exposures)
    out = []
    for n in range(weeks):
        end = today - timedelta(days=n * WEEK)
        check = check_exposure(entries, ExposureEntry(end, 0))
        out.append(ExposureWeek(end, check.this_week, check.last_week, check.limit, check.over))
    return out
