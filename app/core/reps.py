"""Where in a rep a work block is: the rep number and its phase (up, lower, hold...)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum

from app.core.routine import Dose, DoseKind

# Clock readings are floats: an instant within this of a boundary has reached it.
EPSILON = 1e-6


class RepPhase(StrEnum):
    UP = "up"
    TOP = "top"
    DOWN = "down"
    BOTTOM = "bottom"
    HOLD = "hold"
    RELAX = "relax"


@dataclass(frozen=True)
class RepPosition:
    rep: int  # counts from 1
    reps: int
    phase: RepPhase
    start: float  # seconds into the work block where this rep phase starts
    end: float


def _rep_pattern(dose: Dose) -> list[tuple[RepPhase, int]]:
    if dose.kind is DoseKind.PACED:
        assert dose.tempo is not None
        t = dose.tempo
        pattern = [
            (RepPhase.UP, t.up),
            (RepPhase.TOP, t.top),
            (RepPhase.DOWN, t.down),
            (RepPhase.BOTTOM, t.bottom),
        ]
        return [(p, s) for p, s in pattern if s > 0]
    if dose.kind is DoseKind.HELD:
        return [(RepPhase.HOLD, dose.hold), (RepPhase.RELAX, dose.relax)]
    return []


@functools.lru_cache(maxsize=32)
def _schedule(dose: Dose) -> tuple[RepPosition, ...]:
    """Every rep phase of a block, in order.

    Cached per dose (doses are frozen): the player asks on every tick,
    snapshot and deadline, and a 500-rep block has up to 2,000 phases.
    """
    pattern = _rep_pattern(dose)
    positions = []
    offset = 0.0
    for rep in range(1, dose.reps + 1):
        for phase, seconds in pattern:
            if phase is RepPhase.RELAX and (rep == dose.reps or seconds == 0):
                continue  # no relax after the last held rep
            positions.append(RepPosition(rep, dose.reps, phase, offset, offset + seconds))
            offset += seconds
    return tuple(positions)


def rep_position(dose: Dose, elapsed: float) -> RepPosition | None:
    """The rep phase at ``elapsed`` seconds into a work block, for paced and held reps."""
    schedule = _schedule(dose)
    if not schedule:
        return None
    # Binary search: a 500-rep block has up to 2,000 phases.
    lo, hi = 0, len(schedule) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if schedule[mid].start <= elapsed + EPSILON:
            lo = mid
        else:
            hi = mid - 1
    return schedule[lo]


def rep_schedule(dose: Dose) -> tuple[RepPosition, ...]:
    """Every rep phase of a paced or held block, in order (empty for other doses)."""
    return _schedule(dose)


def rep_boundaries(dose: Dose) -> list[float]:
    """Offsets into the block where a rep phase starts (after the first)."""
    return [p.start for p in _schedule(dose)[1:]]


def done_reps(dose: Dose, elapsed: float) -> int:
    """Reps fully done after ``elapsed`` seconds of a block cut short.

    A paced rep counts once all its phases are done; a held rep once its
    hold is done. Self-paced reps are unknown when cut short: 0.
    """
    if dose.kind is DoseKind.PACED:
        assert dose.tempo is not None
        return min(dose.reps, int((elapsed + EPSILON) // dose.tempo.rep_seconds))
    if dose.kind is DoseKind.HELD:
        return sum(
            1 for p in _schedule(dose) if p.phase is RepPhase.HOLD and p.end <= elapsed + EPSILON
        )
    return 0
