"""A program's stages: when the user may move on to the next one.

A program's stage (``stage_status``) moves on, never past the next stage,
when the last 7 days had no pain during above 5 (the session's or an
exercise's), no block stopped for pain and no morning flare (any routine);
the stage's weeks have passed since it began; and its routines' sessions in
its last weeks before today (today's included) reach weeks ×
sessions_per_week. The reason names the first of these that is not met.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.core.days import WEEK
from app.core.pain import Baselines, pain_in_week
from app.core.past import Mornings, PastSession, sessions_up_to
from app.core.routine import Program


class StageMove(StrEnum):
    ADVANCE = "advance"  # on to the next stage
    STAY = "stay"
    COMPLETE = "complete"  # the last stage is done


@dataclass(frozen=True)
class StageState:
    """Where the user is in a program: the stage (from 0) and the day it began."""

    stage_index: int
    started: date


@dataclass(frozen=True)
class StageDecision:
    move: StageMove
    stage_index: int  # the stage from now on: the next one on ADVANCE, else the same
    reason: str


def stage_status(
    program: Program,
    state: StageState,
    history: Iterable[PastSession],
    today: date,
    mornings: Mornings | None = None,
) -> StageDecision:
    """Whether the user moves on from the current stage; never past the next one.

    A stage is done when its weeks have passed since it began; the sessions of
    its routines in its last ``weeks`` weeks before today (and today's) reach
    ``weeks × sessions_per_week``; and the last 7 days had no pain above 5 (the
    session's or an exercise's), no block stopped for pain and no morning flare
    (any routine). A session dated after today counts as today's.
    """
    if not 0 <= state.stage_index < len(program.stages):
        raise ValueError(f"program '{program.id}' has no stage {state.stage_index}")
    index = state.stage_index
    stage = program.stages[index]
    sessions = sessions_up_to(history, today)

    def stay(why: str) -> StageDecision:
        return StageDecision(StageMove.STAY, index, f"Staying in {stage.name}: {why}.")

    if pain := pain_in_week(sessions, Baselines.of(sessions, mornings), today):
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
