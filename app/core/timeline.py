"""A routine expanded into the flat list of phases the player plays.

This is where a routine's planned length comes from: the sum of the phase
durations (a self-paced work block counts 0 s).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.core.routine import Routine, Side, Step


class PhaseKind(StrEnum):
    GET_READY = "get ready"
    WORK = "work"
    SWITCH = "switch"
    REST = "rest"


@dataclass(frozen=True)
class Phase:
    """One stretch of time in a session.

    For a work block, ``side`` is the side worked; for a switch, the side
    switched to; for get ready, the first side; for rest, the side of the
    block just finished. ``set_number`` counts from 1.
    """

    kind: PhaseKind
    step_index: int
    step: Step
    set_number: int
    side: Side
    duration: int  # seconds; 0 for a self-paced work block

    @property
    def open_ended(self) -> bool:
        """A self-paced work block: it ends when the user says done."""
        return self.kind is PhaseKind.WORK and self.step.dose.work_seconds is None


def build_timeline(routine: Routine) -> tuple[Phase, ...]:
    """Expand every step: get ready, then per set the work blocks, switches and rests.

    Phases of 0 s other than work (a get ready, switch or rest set to 0) are
    left out: there is nothing to play.
    """
    phases: list[Phase] = []

    def add(kind: PhaseKind, index: int, step: Step, set_no: int, side: Side, secs: int) -> None:
        if kind is PhaseKind.WORK or secs > 0:
            phases.append(Phase(kind, index, step, set_no, side, secs))

    for index, step in enumerate(routine.steps):
        sides = step.block_sides
        add(PhaseKind.GET_READY, index, step, 1, sides[0], step.get_ready)
        for set_no in range(1, step.sets + 1):
            for n, side in enumerate(sides):
                if n > 0:
                    add(PhaseKind.SWITCH, index, step, set_no, side, step.switch)
                add(PhaseKind.WORK, index, step, set_no, side, step.dose.planned_seconds)
            if set_no < step.sets:
                add(PhaseKind.REST, index, step, set_no, sides[-1], step.rest)
    return tuple(phases)


def work_blocks(timeline: tuple[Phase, ...]) -> int:
    """How many work blocks a timeline plans: what History counts sessions "of"."""
    return sum(1 for phase in timeline if phase.kind is PhaseKind.WORK)


def planned_seconds(routine: Routine) -> int:
    """The routine's planned length, as ``--list`` prints it."""
    return sum(phase.duration for phase in build_timeline(routine))
