"""After a session: planned against done, per exercise and side."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.core.events import BlockRecord, BlockStatus
from app.core.routine import Side
from app.core.timeline import Phase, PhaseKind


@dataclass(frozen=True)
class SummaryRow:
    step_index: int
    exercise_name: str
    side: Side
    unit: str  # "s" or "reps"
    planned: float
    done: float
    blocks: int
    completed: int
    skipped: int
    stopped: int
    not_reached: int

    @property
    def status(self) -> str:
        if self.stopped:
            return "stopped for pain"
        if self.completed == self.blocks:
            return "done"
        parts = []
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        if self.not_reached:
            parts.append(f"{self.not_reached} not reached")
        return ", ".join(parts)


def summarize(timeline: Iterable[Phase], records: dict[int, BlockRecord]) -> list[SummaryRow]:
    """One row per step and side, in routine order.

    Timed work counts seconds; reps count reps. Blocks the session never
    reached count as planned and not done.
    """
    groups: dict[tuple[int, Side], list[tuple[Phase, BlockRecord | None]]] = {}
    for index, phase in enumerate(timeline):
        if phase.kind is PhaseKind.WORK:
            groups.setdefault((phase.step_index, phase.side), []).append(
                (phase, records.get(index))
            )
    rows = []
    for (step_index, side), blocks in groups.items():
        dose = blocks[0][0].step.dose
        by_reps = dose.reps > 0
        planned = sum((dose.reps if by_reps else dose.time) for _ in blocks)
        done = 0.0
        counts = {status: 0 for status in BlockStatus}
        for _, record in blocks:
            if record is None:
                continue
            counts[record.status] += 1
            done += (record.done_reps or 0) if by_reps else record.done_seconds
        reached = sum(counts.values())
        rows.append(
            SummaryRow(
                step_index=step_index,
                exercise_name=blocks[0][0].step.exercise.name,
                side=side,
                unit="reps" if by_reps else "s",
                planned=planned,
                done=done,
                blocks=len(blocks),
                completed=counts[BlockStatus.COMPLETED],
                skipped=counts[BlockStatus.SKIPPED],
                stopped=counts[BlockStatus.STOPPED],
                not_reached=len(blocks) - reached,
            )
        )
    return rows
