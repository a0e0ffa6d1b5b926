"""The log -> coach adapter: sessions written through the log come out as the coach reads them.

Every test writes to a real progress log in a scratch data folder, the way
the player and the check-ins do, and asks ``app.coaching`` what the coach
makes of it. Days are in May 2024; sessions start at 09:00 local time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

import pytest

from app import coaching
from app.coaching import (
    SafetyForm,
    dose_change,
    doses_in_force,
    exposure_check,
    past_sessions,
    recent_weeks,
    routine_with_doses,
    suggestions_for,
)
from app.core.doses import CoachDose
from app.core.events import BlockRecord, BlockStatus, SessionStatus
from app.core.past import StepRecord
from app.core.ramp import Decision
from app.core.routine import (
    Category,
    Dose,
    DoseKind,
    Exercise,
    Program,
    Routine,
    Sides,
    Stage,
    Step,
)
from app.core.stages import StageMove
from app.core.timeline import PhaseKind, build_timeline, planned_seconds
from app.storage.log import Log
from app.storage.records import Activity, DoseChange, Exposure, ProgramState


def exercise(exercise_id: str, name: str, category: Category = Category.STRENGTH) -> Exercise:
    return Exercise(exercise_id, name, category, True, "summary", ("one",))


SOLEUS = exercise("soleus-stretch", "Soleus stretch", Category.STRETCH)
SHORT_FOOT = exercise("short-foot", "Short foot")
WALK = exercise("toe-spreading", "Toe spreading", Category.MOBILITY)

# 3 × 60 s each side: 6 work blocks, 360 s a side.
STRETCH = Routine(
    "stretch",
    "Stretch",
    (Step(SOLEUS, Dose(DoseKind.TIMED, time=60), sets=3, sides=Sides.BOTH),),
)
# A held-reps step, then a timed one.
TWO = Routine(
    "two",
    "Two",
    (
        Step(SHORT_FOOT, Dose(DoseKind.HELD, reps=10, hold=5, relax=3), sets=2, sides=Sides.BOTH),
        Step(SOLEUS, Dose(DoseKind.TIMED, time=60), sets=3, sides=Sides.BOTH),
    ),
)


def day(n: int) -> date:
    return date(2024, 5, 1) + timedelta(days=n - 1)


def wall(n: int, hour: int = 9) -> float:
    return datetime.combine(day(n), clock_time(hour)).astimezone().timestamp()


@pytest.fixture
def log(data_dir: Path) -> Iterator[Log]:
    with Log.open(data_dir) as opened:
        yield opened


def play(
    log: Log,
    routine: Routine,
    n: int,
    *,
    pain: int | None = None,
    morning: int | None = None,
    stop: tuple[int, int] | None = None,
    end_after: int | None = None,
    finish: bool = True,
    own: dict[str, int] | None = None,
) -> int:
    """Log a session of ``routine`` on day ``n`` as the player and the check-ins would.

    ``stop`` = (step, block): that block of the step is stopped for pain and
    the player goes on to the next step. ``end_after`` = the number of work
    blocks recorded before the user ends the session early. ``own`` = the
    pain the user gave single exercises in the check-in.
    """
    started = wall(n)
    session_id = log.start_session(
        routine.id, routine.name, planned_seconds(routine), started, planned_blocks=None
    )
    at = started
    recorded = 0
    skip_step = None
    status = SessionStatus.COMPLETED
    step_blocks: dict[int, int] = {}
    for index, phase in enumerate(build_timeline(routine)):
        if phase.kind is not PhaseKind.WORK or phase.step_index == skip_step:
            continue
        if end_after is not None and recorded == end_after:
            status = SessionStatus.ENDED_EARLY
            break
        dose = phase.step.dose
        block_no = step_blocks[phase.step_index] = step_blocks.get(phase.step_index, -1) + 1
        stopped = stop == (phase.step_index, block_no)
        seconds = dose.work_seconds or 0
        reps_based = dose.kind is not DoseKind.TIMED
        record = BlockRecord(
            phase_index=index,
            step_index=phase.step_index,
            exercise_id=phase.step.exercise.id,
            exercise_name=phase.step.exercise.name,
            side=phase.side,
            set_number=phase.set_number,
            sets=phase.step.sets,
            planned_seconds=dose.work_seconds,
            done_seconds=seconds / 2 if stopped else float(seconds),
            planned_reps=dose.reps if reps_based else None,
            done_reps=(dose.reps // 2 if stopped else dose.reps) if reps_based else None,
            status=BlockStatus.STOPPED if stopped else BlockStatus.COMPLETED,
            started_wall=at,
            ended_wall=at + seconds,
        )
        at += seconds
        log.save_block(session_id, record, index + 1)
        recorded += 1
        if stopped:
            skip_step = phase.step_index
    if not finish:
        return session_id
    log.finish_session(session_id, status, at)
    if pain is not None:
        log.save_session_checkin(session_id, pain, exercise_pain=own)
    if morning is not None:
        log.save_morning_checkin(day(n + 1), morning, 0)
    return session_id


def accept(log: Log, routine: Routine, today: int) -> None:
    """Accept every suggestion that changes a dose, the day before ``today``'s session."""
    for suggestion in suggestions_for(log, routine, day(today)):
        if suggestion.decision is not Decision.HOLD:
            log.add_dose(dose_change(suggestion, routine.id, wall(today, 8)))


# -- sessions -> PastSession ------------------------------------------------------------


def test_a_full_session_comes_out_with_its_dose_pain_and_morning(log: Log) -> None:
    play(log, TWO, 1, pain=2, morning=1)
    [past] = past_sessions(log.coach_sessions(), TWO)
    assert (past.day, past.routine_id, past.pain_during, past.morning_pain) == (
        day(1),
        "two",
        2,
        1,
    )
    assert past.steps == (
        # 2 sets × 10 held reps, each side: reps are counted, the hold time is not.
        StepRecord(0, "short-foot", CoachDose(2, reps=10), 40.0, 40.0, True),
        StepRecord(1, "soleus-stretch", CoachDose(3, time=60), 360.0, 360.0, True),
    )


def test_a_step_the_session_never_reached_has_nothing_done(log: Log) -> None:
    play(log, TWO, 1, pain=1, end_after=3)  # three of the four short foot blocks
    [past] = past_sessions(log.coach_sessions(), TWO)
    assert past.steps == (
        StepRecord(0, "short-foot", CoachDose(2, reps=10), 40.0, 30.0, False),
        StepRecord(1, "soleus-stretch", CoachDose(3, time=60), 360.0, 0.0, False),
    )


def test_a_step_added_to_the_routine_since_has_no_record(log: Log) -> None:
    play(log, TWO, 1, pain=0)  # it ran to the end: every step of the routine then is in it
    # The file changed: a new step first, the old ones after it.
    edited = Routine("two", "Two", (Step(WALK, Dose(DoseKind.TIMED, time=30)), *TWO.steps))
    [past] = past_sessions(log.coach_sessions(), edited)
    assert [(r.step_index, r.exercise_id) for r in past.steps] == [
        (0, "short-foot"),
        (1, "soleus-stretch"),
    ]
    first = suggestions_for(log, edited, day(2))[0]
    assert (
        first.reason == "Holding at 30 s: this step has no record in your last session, on 1 May."
    )


def test_a_stopped_block_marks_the_step_stopped_for_pain(log: Log) -> None:
    play(log, STRETCH, 1, pain=4, stop=(0, 3))  # the 4th block: set 2, right side
    [past] = past_sessions(log.coach_sessions(), STRETCH)
    [record] = past.steps
    assert record.stopped_for_pain and not record.completed
    assert (record.dose, record.planned, record.done) == (CoachDose(3, time=60), 360.0, 210.0)


def test_the_sets_come_from_the_blocks_the_player_logged(log: Log) -> None:
    # A change to 2 sets of the same 60 s: the log's blocks say 2 sets, with nothing to guess
    # from (no dose history is passed, and the routine file says 3).
    log.add_dose(
        DoseChange("stretch", 0, "soleus-stretch", 60, None, 2, wall(1, 8), "back off", "")
    )
    played = routine_with_doses(STRETCH, log.doses_in_force("stretch"))
    play(log, played, 1, pain=0)
    [past] = past_sessions(log.coach_sessions(), STRETCH)
    assert past.steps[0].dose == CoachDose(2, time=60)
    assert past.steps[0].completed
    # A session that stopped after the first block still knows its step had 2 sets.
    play(log, played, 2, pain=0, end_after=1)
    past = past_sessions(log.coach_sessions(), STRETCH)[1]
    assert (past.steps[0].dose, past.steps[0].planned, past.steps[0].completed) == (
        CoachDose(2, time=60),
        240.0,
        False,
    )


def test_an_open_session_is_left_out_until_it_is_settled(log: Log) -> None:
    play(log, STRETCH, 1, pain=0)
    play(log, STRETCH, 2, finish=False)
    assert [p.day for p in past_sessions(log.coach_sessions(), STRETCH)] == [day(1)]


def test_other_routines_keep_what_was_done_of_each_exercise(log: Log) -> None:
    play(log, TWO, 1, pain=0)
    [past] = past_sessions(log.coach_sessions(), STRETCH)
    assert [(r.exercise_id, r.done, r.dose.timed) for r in past.steps] == [
        ("short-foot", 40.0, False),
        ("soleus-stretch", 360.0, True),
    ]


# -- the coach's suggestions ------------------------------------------------------------


def test_two_good_sessions_then_up_one_step(log: Log) -> None:
    play(log, STRETCH, 1, pain=1)
    play(log, STRETCH, 3, pain=0)
    [suggestion] = suggestions_for(log, STRETCH, day(4))
    assert suggestion.decision is Decision.PROGRESS
    assert (suggestion.current, suggestion.proposed) == (
        CoachDose(3, time=60),
        CoachDose(3, time=65),
    )
    assert suggestion.reason == (
        "Up to 3 × 65 s: 2 sessions done at 3 × 60 s with pain 0-2 and no morning flare."
    )


def test_one_good_session_holds(log: Log) -> None:
    play(log, STRETCH, 1, pain=1)
    [suggestion] = suggestions_for(log, STRETCH, day(2))
    assert suggestion.decision is Decision.HOLD
    assert "1 good session at 3 × 60 s so far" in suggestion.reason


def test_a_block_stopped_for_pain_steps_down(log: Log) -> None:
    play(log, STRETCH, 1, pain=1)
    play(log, STRETCH, 3, pain=3, stop=(0, 3))
    [suggestion] = suggestions_for(log, STRETCH, day(4))
    assert suggestion.decision is Decision.BACK_OFF
    assert suggestion.proposed == CoachDose(3, time=55)
    assert suggestion.reason == (
        "Down to 3 × 55 s: you stopped a block for pain in your last session, on 3 May."
    )


def test_a_morning_flare_holds(log: Log) -> None:
    play(log, STRETCH, 1, pain=0, morning=0)
    play(log, STRETCH, 3, pain=0, morning=3)
    [suggestion] = suggestions_for(log, STRETCH, day(5))
    assert suggestion.decision is Decision.HOLD
    assert "pain the morning after your session on 3 May was 3, up from your usual 0" in (
        suggestion.reason
    )


def test_a_break_longer_than_the_window_read_still_steps_down(log: Log) -> None:
    play(log, STRETCH, 1, pain=0)
    [suggestion] = suggestions_for(log, STRETCH, day(1) + timedelta(days=80))
    assert suggestion.decision is Decision.BACK_OFF
    assert suggestion.reason == (
        "Back to 3 × 55 s: 79 days off since your last session of this routine, on 1 May."
    )


def test_an_accepted_step_up_changes_what_the_player_plays(log: Log) -> None:
    play(log, STRETCH, 1, pain=1)
    play(log, STRETCH, 3, pain=0)
    accept(log, STRETCH, 4)
    changes = log.doses_in_force("stretch")
    [change] = changes.values()
    assert (change.time_seconds, change.reps, change.sets, change.decision) == (
        65,
        None,
        3,
        "progress",
    )
    assert change.reason.startswith("Up to 3 × 65 s: 2 sessions done")

    played = routine_with_doses(STRETCH, changes)
    assert (played.steps[0].sets, played.steps[0].dose.time) == (3, 65)
    assert STRETCH.steps[0].dose.time == 60  # the routine itself is not changed
    assert doses_in_force(STRETCH, changes) == {0: CoachDose(3, time=65)}

    # Asked again before playing it: no second step.
    [again] = suggestions_for(log, STRETCH, day(4))
    assert again.decision is Decision.HOLD
    assert again.current == CoachDose(3, time=65)
    assert "no good session at 3 × 65 s yet" in again.reason

    # Played at the new dose, the session counts at it.
    play(log, played, 4, pain=0)
    past = past_sessions(log.coach_sessions(), STRETCH, dose_history=log.dose_history("stretch"))
    assert [p.steps[0].dose.time for p in past] == [60, 60, 65]
    assert "1 good session at 3 × 65 s so far" in suggestions_for(log, STRETCH, day(5))[0].reason


def test_a_dose_change_for_another_step_or_that_no_longer_fits_is_left_out() -> None:
    other = DoseChange("stretch", 0, "gastroc-stretch", 90, None, 3, 0.0, "progress", "")
    reps = DoseChange("stretch", 0, "soleus-stretch", None, 12, 3, 0.0, "progress", "")
    second = DoseChange("stretch", 4, "soleus-stretch", 90, None, 3, 0.0, "progress", "", 2)
    for change in (other, reps, second):
        assert doses_in_force(STRETCH, {change.key: change}) == {}
        assert routine_with_doses(STRETCH, {change.key: change}) == STRETCH


def test_warm_up_is_needed_when_a_routine_starts_with_a_stretch() -> None:
    assert coaching.needs_warm_up(STRETCH)
    assert not coaching.needs_warm_up(TWO)
    assert not coaching.needs_warm_up(Routine("empty", "Empty", ()))
    assert "Walk for a few minutes" in coaching.WARM_UP_REMINDER


# -- safety -----------------------------------------------------------------------------


def test_safety_questions_name_every_condition_of_the_sources() -> None:
    labels = " ".join(q.label.lower() for q in coaching.SAFETY_QUESTIONS)
    for condition in (
        "peripheral vascular disease",
        "diabetes",
        "poor circulation",
        "claudication",
        "atherosclerosis",
        "skin breakdown",
        "open sores or cuts",
        "numbness or tingling",
    ):
        assert condition in labels


def test_safety_form_rules() -> None:
    assert not SafetyForm().complete
    assert "Tick each condition" in SafetyForm().missing()
    assert not SafetyForm(none_apply=True).complete  # the advice first
    assert SafetyForm(none_apply=True, read_advice=True).complete
    both = SafetyForm(frozenset({"diabetes"}), none_apply=True, read_advice=True, clearance=True)
    assert "untick one" in both.missing()
    diabetes = SafetyForm(frozenset({"diabetes"}), read_advice=True)
    assert diabetes.contraindicated and not diabetes.complete
    assert "medical clearance" in diabetes.missing()
    assert SafetyForm(frozenset({"diabetes"}), read_advice=True, clearance=True).complete


def test_contraindication_text_names_what_was_ticked() -> None:
    text = coaching.contraindication_text(["numbness_or_tingling", "diabetes"])
    assert text.startswith("You ticked diabetes and numbness or tingling. People with these")
    assert coaching.contraindication_text(["diabetes"]) == (
        "You ticked diabetes. People with this condition should not exercise barefoot, indoors"
        " or out. Please check with your physician before you start."
    )
    assert coaching.CONTRAINDICATION_TITLE == (
        "Barefoot exercise is not advised for you without medical clearance."
    )


def test_safety_answers_round_trip_through_the_log(log: Log) -> None:
    assert coaching.safety_needed(log.latest_safety_answers())
    form = SafetyForm(frozenset({"open_sores_or_cuts"}), read_advice=True, clearance=True)
    log.add_safety_answers(form.answers(wall(1)))
    stored = log.latest_safety_answers()
    assert stored is not None
    assert (stored.contraindicated, stored.acknowledged) == (True, True)
    assert stored.answers["open_sores_or_cuts"] is True and stored.answers["diabetes"] is False
    assert SafetyForm.of(stored) == form
    assert not coaching.safety_needed(stored)
    # An answering that did not reach the end asks again.
    log.add_safety_answers(SafetyForm(frozenset({"diabetes"})).answers(wall(2)))
    assert coaching.safety_needed(log.latest_safety_answers())


# -- programs ---------------------------------------------------------------------------

PROGRAM = Program(
    "p",
    "Two stages",
    (
        Stage("First", weeks=1, sessions_per_week=2, routines=("stretch",)),
        Stage("Second", weeks=1, sessions_per_week=2, routines=("two",)),
    ),
)


def test_program_status_before_and_after_enrolling(log: Log) -> None:
    status = coaching.program_status(log, PROGRAM, day(1))
    assert not status.enrolled and status.decision is None and status.stage is None

    log.set_program_state(coaching.enrolment(PROGRAM, day(1)))
    status = coaching.program_status(log, PROGRAM, day(3))
    assert status.stage == PROGRAM.stages[0]
    assert status.decision is not None and status.decision.move is StageMove.STAY
    assert status.decision.reason == "Staying in First: 2 of its 7 days done."
    assert coaching.moved_on(status, day(3)) is None

    play(log, STRETCH, 2, pain=0)
    play(log, STRETCH, 5, pain=1)
    status = coaching.program_status(log, PROGRAM, day(8))
    assert status.may_move_on
    assert status.decision.reason.startswith("On to Second (stage 2 of 2): 7 days and 2 sessions")
    assert coaching.moved_on(status, day(8)) == ProgramState("p", day(1), 1, day(8))


def test_program_stays_after_a_block_stopped_for_pain(log: Log) -> None:
    log.set_program_state(coaching.enrolment(PROGRAM, day(1)))
    play(log, STRETCH, 2, pain=0)
    play(log, STRETCH, 5, pain=1, stop=(0, 0))
    status = coaching.program_status(log, PROGRAM, day(8))
    assert status.decision.reason == (
        "Staying in First: you stopped a block for pain on 5 May, within the last 7 days."
    )


# -- exposure ---------------------------------------------------------------------------


def test_exposure_check_reads_the_logged_minutes(log: Log) -> None:
    log.add_exposure(Exposure(day(1), 25, Activity.WALK))
    log.add_exposure(Exposure(day(3), 25, Activity.RUN))
    check = exposure_check(log.exposures(), day(10), 66)
    assert (check.this_week, check.last_week, check.limit, check.over) == (66, 50, 60, True)
    assert check.message == (
        "This week would be 66 min, 32 % more than last week's 50 min; the guide is about"
        " 10 % a week, or 10 min more after a small week (60 min)."
    )
    assert not exposure_check(log.exposures(), day(10), 60).over


def test_recent_weeks_count_the_guards_weeks(log: Log) -> None:
    log.add_exposure(Exposure(day(1), 25, Activity.WALK))
    log.add_exposure(Exposure(day(9), 40, Activity.WALK))
    weeks = recent_weeks(log.exposures(), day(14), weeks=3)
    assert [(w.start, w.end, w.minutes, w.last_week, w.over) for w in weeks] == [
        (day(8), day(14), 40, 25, True),
        (day(1), day(7), 25, 0, True),
        (day(1) - timedelta(days=7), day(0), 0, 0, False),
    ]


# -- the edge cases, through the log ----------------------------------------------------

# TWO after its file changed: short foot deleted, so the soleus stretch is step 0 now.
SOLEUS_ONLY = Routine("two", "Two", (TWO.steps[1],))
# One exercise in two steps: 3 × 60 s of soleus, short foot, then 1 × 30 s of soleus.
TWICE = Routine(
    "twice",
    "Twice",
    (
        TWO.steps[1],
        TWO.steps[0],
        Step(SOLEUS, Dose(DoseKind.TIMED, time=30), sets=1, sides=Sides.BOTH),
    ),
)


def test_pain_rated_for_one_exercise_reaches_the_coach(log: Log) -> None:
    play(log, TWO, 1, pain=1, own={"short-foot": 8})
    play(log, TWO, 3, pain=1, own={"short-foot": 8})
    [past, _] = past_sessions(log.coach_sessions(), TWO)
    assert (past.pain_during, past.exercise_pain) == (1, {"short-foot": 8})
    short_foot, soleus = suggestions_for(log, TWO, day(4))
    assert short_foot.decision is Decision.REST
    assert short_foot.reason.startswith(
        "Rest: pain during Short foot in your last session, on 3 May, was 8 of 10;"
    )
    assert (soleus.decision, soleus.reason) == (
        Decision.HOLD,
        "Holding at 3 × 60 s: one change at a time, and Short foot rests for pain this session.",
    )


def test_a_dose_follows_its_exercise_when_another_step_is_deleted(log: Log) -> None:
    play(log, TWO, 1, pain=0)
    play(log, TWO, 3, pain=2, stop=(1, 2))  # the soleus stretch, at step 1, hurt
    accept(log, TWO, 4)
    [change] = log.dose_history("two")
    assert (change.step_index, change.key, change.time_seconds) == (1, ("soleus-stretch", 1), 55)
    # Short foot is deleted from the file: the soleus stretch moves to step 0, its dose too.
    changes = log.doses_in_force("two")
    assert doses_in_force(SOLEUS_ONLY, changes) == {0: CoachDose(3, time=55)}
    assert routine_with_doses(SOLEUS_ONLY, changes).steps[0].dose.time == 55
    [suggestion] = suggestions_for(log, SOLEUS_ONLY, day(4))
    assert (suggestion.decision, suggestion.reason) == (
        Decision.HOLD,
        "Holding at 3 × 55 s: you stopped a block for pain in your last session, on 3 May, and"
        " 3 × 55 s is already below the 3 × 60 s you did then.",
    )
    # Played at 55 s, the session counts for the soleus stretch at its new place.
    play(log, routine_with_doses(SOLEUS_ONLY, changes), 4, pain=0)
    [suggestion] = suggestions_for(log, SOLEUS_ONLY, day(5))
    assert "1 good session at 3 × 55 s so far" in suggestion.reason


def test_one_exercise_in_two_steps_keeps_two_doses(log: Log) -> None:
    play(log, TWICE, 1, pain=0)
    play(log, TWICE, 3, pain=1, stop=(2, 1))  # the second soleus step hurt
    accept(log, TWICE, 4)
    [change] = log.dose_history("twice")
    assert (change.key, change.time_seconds) == (("soleus-stretch", 2), 25)
    played = routine_with_doses(TWICE, log.doses_in_force("twice"))
    assert [step.dose.time for step in played.steps if step.exercise is SOLEUS] == [60, 25]
    first, _, second = suggestions_for(log, TWICE, day(4))
    assert first.reason == (
        "Holding at 3 × 60 s: one change at a time, and Soleus stretch stays down for pain this"
        " session."
    )
    assert second.reason.startswith("Holding at 25 s: you stopped a block for pain")


def test_a_session_logged_with_a_clock_a_week_ahead_still_counts(log: Log) -> None:
    play(log, STRETCH, 1, pain=0)
    play(log, STRETCH, 3, pain=0)
    play(log, STRETCH, 11, pain=8)  # the clock said 11 May; it was 3 May
    [suggestion] = suggestions_for(log, STRETCH, day(4))
    assert suggestion.decision is Decision.REST
    assert suggestion.reason.startswith(
        "Rest: pain during your last session, dated 11 May (after today), was 8 of 10;"
    )


def test_two_sessions_on_one_day_are_not_two_days(log: Log) -> None:
    play(log, STRETCH, 3, pain=0)
    play(log, STRETCH, 3, pain=0, morning=0)
    [suggestion] = suggestions_for(log, STRETCH, day(4))
    assert suggestion.decision is Decision.HOLD
    assert "both on 3 May" in suggestion.reason


def test_the_baseline_reads_every_morning_and_rises_only_when_the_user_sets_it(
    log: Log,
) -> None:
    # Mornings of 0 long ago, beyond the 8 weeks of sessions the coach reads.
    for n in range(1, 4):
        play(log, STRETCH, n, pain=0, morning=0)
    for n in range(70, 73):
        play(log, STRETCH, n, pain=0, morning=4)
    [suggestion] = suggestions_for(log, STRETCH, day(73))
    assert suggestion.reason == (
        "Holding at 3 × 60 s: pain the morning after your session on 11 July was 4, up from"
        " your usual 0."
    )
    log.add_baseline(coaching.baseline_set(4, day(70), wall(73)))
    [suggestion] = suggestions_for(log, STRETCH, day(73))
    assert suggestion.decision is Decision.PROGRESS


def test_sixteen_days_of_pain_6_say_see_a_physical_therapist_now(log: Log) -> None:
    for n in range(1, 17):
        play(log, STRETCH, n, pain=6)
    [suggestion] = suggestions_for(log, STRETCH, day(17))
    assert suggestion.decision is Decision.REST and suggestion.see_therapist_now
    assert "see a physical therapist now" in suggestion.reason
    assert coaching.rest_advice([suggestion]) == coaching.PERSISTENT_PAIN_ADVICE


def test_the_latest_morning_above_the_usual_is_offered_as_the_usual(log: Log) -> None:
    for n in (1, 2, 3):
        play(log, STRETCH, n, pain=0, morning=0)
    play(log, STRETCH, 4, pain=0, morning=4)  # the morning of day 5
    assert coaching.morning_above_usual(log, day(5)) == coaching.MorningAboveUsual(day(5), 4, 0.0)
    assert coaching.morning_above_usual(log, day(13)) is None  # a week old: not offered
    log.add_baseline(coaching.baseline_set(4, day(5), wall(5)))
    assert coaching.morning_above_usual(log, day(5)) is None
