"""Where in a rep a work block is, and how many reps a block cut short counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.reps import RepPhase, RepPosition, done_reps, rep_boundaries, rep_position
from app.core.routine import Dose, DoseKind, Tempo

UP, TOP, DOWN, BOTTOM = RepPhase.UP, RepPhase.TOP, RepPhase.DOWN, RepPhase.BOTTOM
HOLD, RELAX = RepPhase.HOLD, RepPhase.RELAX


def paced(reps: int, up: int = 0, top: int = 0, down: int = 0, bottom: int = 0) -> Dose:
    return Dose(DoseKind.PACED, reps=reps, tempo=Tempo(up=up, top=top, down=down, bottom=bottom))


def held(reps: int, hold: int, relax: int = 0) -> Dose:
    return Dose(DoseKind.HELD, reps=reps, hold=hold, relax=relax)


TIMED = Dose(DoseKind.TIMED, time=90)
SELF_PACED = Dose(DoseKind.SELF_PACED, reps=100)


def at(dose: Dose, elapsed: float) -> tuple[int, RepPhase, float, float]:
    pos = rep_position(dose, elapsed)
    assert pos is not None
    return pos.rep, pos.phase, pos.start, pos.end


# -- rep_position ---------------------------------------------------------------


def test_up_1_down_3_phases_start_and_end_on_the_second() -> None:
    dose = paced(3, up=1, down=3)
    assert at(dose, 0.0) == (1, UP, 0.0, 1.0)
    assert at(dose, 0.999) == (1, UP, 0.0, 1.0)
    assert at(dose, 1.0) == (1, DOWN, 1.0, 4.0)
    assert at(dose, 3.999) == (1, DOWN, 1.0, 4.0)
    assert at(dose, 4.0) == (2, UP, 4.0, 5.0)
    assert at(dose, 5.0) == (2, DOWN, 5.0, 8.0)
    assert at(dose, 8.0) == (3, UP, 8.0, 9.0)
    assert at(dose, 9.5) == (3, DOWN, 9.0, 12.0)


def test_the_position_carries_the_number_of_reps() -> None:
    pos = rep_position(paced(15, up=1, down=3), 30.0)
    assert pos == RepPosition(rep=8, reps=15, phase=DOWN, start=29.0, end=32.0)


def test_all_four_tempo_phases_in_order() -> None:
    dose = paced(2, up=1, top=2, down=3, bottom=1)  # 7 s a rep
    expected = [
        (0.0, (1, UP, 0.0, 1.0)),
        (1.0, (1, TOP, 1.0, 3.0)),
        (3.0, (1, DOWN, 3.0, 6.0)),
        (6.0, (1, BOTTOM, 6.0, 7.0)),
        (7.0, (2, UP, 7.0, 8.0)),
        (8.0, (2, TOP, 8.0, 10.0)),
        (10.0, (2, DOWN, 10.0, 13.0)),
        (13.0, (2, BOTTOM, 13.0, 14.0)),
    ]
    for elapsed, position in expected:
        assert at(dose, elapsed) == position
        assert at(dose, elapsed + 0.5) == position


def test_a_tempo_phase_of_zero_is_never_entered() -> None:
    dose = paced(4, up=2, top=0, down=1, bottom=0)
    seen = {at(dose, t / 10)[1] for t in range(0, 120)}
    assert seen == {UP, DOWN}


def test_held_reps_hold_then_relax_with_no_relax_after_the_last_rep() -> None:
    dose = held(3, hold=5, relax=2)  # 3 * 5 + 2 * 2 = 19 s
    assert at(dose, 0.0) == (1, HOLD, 0.0, 5.0)
    assert at(dose, 4.99) == (1, HOLD, 0.0, 5.0)
    assert at(dose, 5.0) == (1, RELAX, 5.0, 7.0)
    assert at(dose, 7.0) == (2, HOLD, 7.0, 12.0)
    assert at(dose, 12.0) == (2, RELAX, 12.0, 14.0)
    assert at(dose, 14.0) == (3, HOLD, 14.0, 19.0)
    # The last rep is a hold to the end of the block: no relax follows it.
    assert at(dose, 18.99) == (3, HOLD, 14.0, 19.0)
    assert at(dose, 19.0) == (3, HOLD, 14.0, 19.0)


def test_held_reps_without_relax_are_back_to_back_holds() -> None:
    dose = held(3, hold=4)
    assert [at(dose, t)[:2] for t in (0, 3.9, 4, 7.9, 8, 11.9)] == [
        (1, HOLD),
        (1, HOLD),
        (2, HOLD),
        (2, HOLD),
        (3, HOLD),
        (3, HOLD),
    ]
    assert all(at(dose, t / 4)[1] is HOLD for t in range(0, 48))


def test_past_the_end_the_position_stays_on_the_last_phase() -> None:
    assert at(paced(2, up=1, down=3), 100.0) == (2, DOWN, 5.0, 8.0)
    assert at(held(2, hold=5, relax=3), 100.0) == (2, HOLD, 8.0, 13.0)


def test_before_the_start_the_position_is_the_first_phase() -> None:
    assert at(paced(2, up=1, down=3), -0.5) == (1, UP, 0.0, 1.0)


@pytest.mark.parametrize("dose", [TIMED, SELF_PACED], ids=["timed", "self-paced"])
def test_timed_and_self_paced_blocks_have_no_rep_position(dose: Dose) -> None:
    assert rep_position(dose, 0.0) is None
    assert rep_position(dose, 10.0) is None


def test_a_500_rep_block_is_found_at_every_phase() -> None:
    dose = paced(500, up=1, top=1, down=2, bottom=1)  # 5 s a rep, 2,000 phases
    for rep in (1, 2, 250, 499, 500):
        start = (rep - 1) * 5.0
        assert at(dose, start) == (rep, UP, start, start + 1)
        assert at(dose, start + 1.5) == (rep, TOP, start + 1, start + 2)
        assert at(dose, start + 2) == (rep, DOWN, start + 2, start + 4)
        assert at(dose, start + 4.9) == (rep, BOTTOM, start + 4, start + 5)


# -- rep_boundaries ---------------------------------------------------------------


def test_boundaries_of_up_1_down_3() -> None:
    assert rep_boundaries(paced(3, up=1, down=3)) == [1.0, 4.0, 5.0, 8.0, 9.0]


def test_boundaries_of_all_four_phases() -> None:
    assert rep_boundaries(paced(2, up=1, top=2, down=3, bottom=1)) == [
        1.0,
        3.0,
        6.0,
        7.0,
        8.0,
        10.0,
        13.0,
    ]


def test_boundaries_of_held_reps_leave_out_the_last_relax() -> None:
    assert rep_boundaries(held(3, hold=5, relax=2)) == [5.0, 7.0, 12.0, 14.0]
    assert rep_boundaries(held(3, hold=4)) == [4.0, 8.0]
    assert rep_boundaries(held(1, hold=10, relax=5)) == []


@pytest.mark.parametrize("dose", [TIMED, SELF_PACED], ids=["timed", "self-paced"])
def test_timed_and_self_paced_blocks_have_no_boundaries(dose: Dose) -> None:
    assert rep_boundaries(dose) == []


# -- done_reps ----------------------------------------------------------------------


def test_a_paced_rep_counts_once_all_its_phases_are_done() -> None:
    dose = paced(5, up=1, down=3)
    assert done_reps(dose, 0.0) == 0
    assert done_reps(dose, 3.99) == 0
    assert done_reps(dose, 4.0) == 1
    assert done_reps(dose, 9.5) == 2
    assert done_reps(dose, 19.99) == 4
    assert done_reps(dose, 20.0) == 5


def test_paced_done_reps_never_exceed_the_planned_reps() -> None:
    assert done_reps(paced(5, up=1, down=3), 1000.0) == 5


def test_a_held_rep_counts_once_its_hold_is_done() -> None:
    dose = held(3, hold=5, relax=2)
    assert done_reps(dose, 4.99) == 0
    assert done_reps(dose, 5.0) == 1
    assert done_reps(dose, 6.5) == 1  # relaxing after the first hold
    assert done_reps(dose, 11.99) == 1
    assert done_reps(dose, 12.0) == 2
    assert done_reps(dose, 18.99) == 2
    assert done_reps(dose, 19.0) == 3
    assert done_reps(dose, 500.0) == 3


def test_self_paced_reps_cut_short_are_unknown_so_zero() -> None:
    assert done_reps(SELF_PACED, 0.0) == 0
    assert done_reps(SELF_PACED, 600.0) == 0


# -- properties ----------------------------------------------------------------------

tempos = st.builds(
    Tempo,
    up=st.integers(0, 4),
    top=st.integers(0, 3),
    down=st.integers(0, 5),
    bottom=st.integers(0, 3),
).filter(lambda t: t.rep_seconds > 0)
paced_doses = st.builds(
    lambda reps, tempo: Dose(DoseKind.PACED, reps=reps, tempo=tempo), st.integers(1, 30), tempos
)
held_doses = st.builds(held, st.integers(1, 30), st.integers(1, 10), st.integers(0, 5))


@given(st.one_of(paced_doses, held_doses))
def test_boundaries_partition_the_block(dose: Dose) -> None:
    work = dose.work_seconds
    assert work is not None
    bounds = rep_boundaries(dose)
    assert bounds == sorted(set(bounds)), "boundaries are strictly increasing"
    assert all(0 < b < work for b in bounds)
    first = rep_position(dose, 0.0)
    assert first is not None and first.rep == 1 and first.start == 0.0
    last = rep_position(dose, float(work))
    assert last is not None and last.rep == dose.reps and last.end == work
    for b in bounds:
        before, after = rep_position(dose, b - 1e-3), rep_position(dose, b)
        assert before is not None and after is not None
        assert before.end == b == after.start
        assert (before.rep, before.phase) != (after.rep, after.phase)
        assert after.rep in (before.rep, before.rep + 1)


@given(st.one_of(paced_doses, held_doses), st.floats(0, 400, allow_nan=False))
def test_done_reps_is_monotonic_and_bounded(dose: Dose, elapsed: float) -> None:
    n = done_reps(dose, elapsed)
    assert 0 <= n <= dose.reps
    assert done_reps(dose, elapsed + 1.0) >= n
    work = dose.work_seconds
    assert work is not None
    assert done_reps(dose, float(work)) == dose.reps
    pos = rep_position(dose, elapsed)
    assert pos is not None
    # The rep in progress is never counted as done before its work ends.
    if elapsed < work:
        assert n <= pos.rep
        assert n >= pos.rep - 1


def test_an_elapsed_time_a_rounding_error_short_of_a_boundary_has_reached_it() -> None:
    # A block that began at 1005.1 on the monotonic clock, read at its 19 s
    # boundary (1024.1): the subtraction gives 18.999999999999886, not 19.
    elapsed = 1024.1 - 1005.1
    assert elapsed < 19
    dose = paced(5, up=1, top=1, down=3, bottom=1)  # 6 s a rep; rep 4 starts at 18
    assert at(dose, elapsed)[:2] == (4, TOP)
    assert done_reps(paced(5, up=1, down=18), elapsed) == 1
    assert done_reps(held(2, hold=19, relax=1), elapsed) == 1
