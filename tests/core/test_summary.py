"""After a session: one row per step and side, planned against done, and the status words."""

from __future__ import annotations

from app.core.events import BlockRecord, BlockStatus
from app.core.routine import Category, Dose, DoseKind, Exercise, Routine, Side, Sides, Step, Tempo
from app.core.summary import SummaryRow, summarize
from app.core.timeline import Phase, PhaseKind, build_timeline

SOLEUS = Exercise("soleus", "Soleus stretch", Category.STRETCH, sided=True)
RAISE = Exercise("raise", "Calf raise", Category.STRENGTH)
HUNDRED = Exercise("hundred", "Calf raise 100s", Category.STRENGTH)

ROUTINE = Routine(
    "r",
    "R",
    (
        Step(SOLEUS, Dose(DoseKind.TIMED, time=60), sets=2, sides=Sides.BOTH),
        Step(RAISE, Dose(DoseKind.PACED, reps=10, tempo=Tempo(up=1, down=3)), sets=3),
        Step(HUNDRED, Dose(DoseKind.SELF_PACED, reps=100)),
    ),
)
TIMELINE = build_timeline(ROUTINE)
WORK = [(i, p) for i, p in enumerate(TIMELINE) if p.kind is PhaseKind.WORK]


def record(
    index: int,
    phase: Phase,
    status: BlockStatus = BlockStatus.COMPLETED,
    *,
    seconds: float | None = None,
    reps: int | None = None,
) -> BlockRecord:
    """The player's record of the work block at ``index``; done in full unless told."""
    dose = phase.step.dose
    timed = dose.kind is DoseKind.TIMED
    return BlockRecord(
        phase_index=index,
        step_index=phase.step_index,
        exercise_id=phase.step.exercise.id,
        exercise_name=phase.step.exercise.name,
        side=phase.side,
        set_number=phase.set_number,
        sets=phase.step.sets,
        planned_seconds=dose.work_seconds,
        done_seconds=dose.time if seconds is None else seconds,
        planned_reps=None if timed else dose.reps,
        done_reps=None if timed else (dose.reps if reps is None else reps),
        status=status,
        started_wall=0.0,
        ended_wall=1.0,
    )


def every_block_done() -> dict[int, BlockRecord]:
    return {i: record(i, p) for i, p in WORK}


def test_a_row_per_step_and_side_in_routine_order() -> None:
    rows = summarize(TIMELINE, every_block_done())
    assert [(r.step_index, r.exercise_name, r.side) for r in rows] == [
        (0, "Soleus stretch", Side.LEFT),
        (0, "Soleus stretch", Side.RIGHT),
        (1, "Calf raise", Side.NONE),
        (2, "Calf raise 100s", Side.NONE),
    ]


def test_a_session_done_in_full() -> None:
    left, _, raises, hundred = summarize(TIMELINE, every_block_done())
    # Timed work counts seconds, over the side's sets; reps count reps.
    assert left == SummaryRow(0, "Soleus stretch", Side.LEFT, "s", 120, 120.0, 2, 2, 0, 0, 0)
    assert (raises.unit, raises.planned, raises.done, raises.blocks) == ("reps", 30, 30.0, 3)
    assert (hundred.unit, hundred.planned, hundred.done) == ("reps", 100, 100.0)
    assert {row.status for row in (left, raises, hundred)} == {"done"}


def test_what_was_skipped_stopped_or_never_reached() -> None:
    # The soleus blocks: set 1 left and right, set 2 left and right; then 3 calf raise sets.
    left_1, right_1, left_2, _right_2, raise_1, raise_2, _raise_3, _hundred = WORK
    records = {
        left_1[0]: record(*left_1),
        right_1[0]: record(*right_1, BlockStatus.SKIPPED, seconds=12.5),
        left_2[0]: record(*left_2),
        # Set 2 on the right never reached; a calf raise set done, one stopped at 4 reps.
        raise_1[0]: record(*raise_1),
        raise_2[0]: record(*raise_2, BlockStatus.STOPPED, reps=4),
    }
    left, right, raises, hundred = summarize(TIMELINE, records)
    assert (left.done, left.status) == (120.0, "done")
    assert (right.planned, right.done) == (120, 12.5)
    assert (right.skipped, right.not_reached, right.status) == (1, 1, "1 skipped, 1 not reached")
    assert (raises.done, raises.stopped, raises.status) == (14.0, 1, "stopped for pain")
    assert (hundred.done, hundred.not_reached, hundred.status) == (0.0, 1, "1 not reached")


def test_a_session_that_ended_before_any_block() -> None:
    rows = summarize(TIMELINE, {})
    assert [(r.planned, r.done, r.completed, r.not_reached) for r in rows] == [
        (120, 0.0, 0, 2),
        (120, 0.0, 0, 2),
        (30, 0.0, 0, 3),
        (100, 0.0, 0, 1),
    ]
    assert [r.status for r in rows] == [
        "2 not reached",
        "2 not reached",
        "3 not reached",
        "1 not reached",
    ]


def test_skipped_blocks_alone_say_so() -> None:
    records = every_block_done()
    index, phase = WORK[-1]  # the self-paced block, skipped at once
    records[index] = record(index, phase, BlockStatus.SKIPPED, seconds=0.0, reps=0)
    assert summarize(TIMELINE, records)[-1].status == "1 skipped"
