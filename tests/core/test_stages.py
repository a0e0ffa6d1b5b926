"""A program's stages: when the user moves on, and why not."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.core.past import PastSession
from app.core.routine import Program, Routine, Stage
from app.core.stages import StageMove, StageState, stage_status
from tests.core.coach_helpers import OTHER, RAISES, STRETCH, day, session

PROGRAM = Program(
    "transition",
    "Transition",
    (
        Stage("Wake up the feet", 2, 4, ("stretch",)),
        Stage("Balance", 2, 4, ("stretch", "other")),
        Stage("Strength", 1, 3, ("raises",)),
    ),
)


def stage_sessions(
    days: list[int], routine: Routine = STRETCH, **kwargs: object
) -> list[PastSession]:
    return [session(n, routine=routine, **kwargs) for n in days]  # type: ignore[arg-type]


EIGHT = stage_sessions([1, 3, 4, 6, 8, 10, 11, 13])


@dataclass(frozen=True)
class StageScenario:
    name: str
    stage: int
    started: int
    sessions: list[PastSession]
    today: int
    move: StageMove
    next_stage: int
    reason: str


STAGE_SCENARIOS = [
    StageScenario(
        "advance: two weeks, eight sessions, no pain",
        0,
        1,
        EIGHT,
        15,
        StageMove.ADVANCE,
        1,
        "On to Balance (stage 2 of 3): 14 days and 8 sessions in Wake up the feet (8 asked),"
        " with no pain above 5 or morning flare in the last 7 days.",
    ),
    StageScenario(
        "hold: the weeks have not passed",
        0,
        1,
        EIGHT,
        14,
        StageMove.STAY,
        0,
        "Staying in Wake up the feet: 13 of its 14 days done.",
    ),
    StageScenario(
        "hold: too few sessions on average",
        0,
        1,
        EIGHT[1:],
        15,
        StageMove.STAY,
        0,
        "Staying in Wake up the feet: 7 sessions in the last 2 weeks, and it asks for 8"
        " (4 a week).",
    ),
    StageScenario(
        "hold: other routines' sessions do not count",
        0,
        1,
        EIGHT[1:] + stage_sessions([14], routine=RAISES),
        15,
        StageMove.STAY,
        0,
        "Staying in Wake up the feet: 7 sessions in the last 2 weeks, and it asks for 8"
        " (4 a week).",
    ),
    StageScenario(
        "hold: pain above 5 in the last week",
        0,
        1,
        [*EIGHT[:-1], session(13, 6)],
        15,
        StageMove.STAY,
        0,
        "Staying in Wake up the feet: pain during your session on 13 May was 6, above 5,"
        " within the last 7 days.",
    ),
    StageScenario(
        "hold: a block stopped for pain in the last week",
        0,
        1,
        [*EIGHT[:-1], session(13, 2, stopped=(0,))],
        15,
        StageMove.STAY,
        0,
        "Staying in Wake up the feet: you stopped a block for pain on 13 May, within the last"
        " 7 days.",
    ),
    StageScenario(
        "hold: a morning flare in the last week",
        0,
        1,
        [*stage_sessions([1, 3, 4, 6, 8, 10], morning=1), session(11, 0, 3), session(13)],
        15,
        StageMove.STAY,
        0,
        "Staying in Wake up the feet: pain the morning after your session on 11 May was 3,"
        " up from your usual 1, within the last 7 days.",
    ),
    StageScenario(
        "hold: an exercise rated above 5 in the last week",
        0,
        1,
        [*EIGHT[:-1], session(13, 1, own={"soleus-stretch": 7})],
        15,
        StageMove.STAY,
        0,
        "Staying in Wake up the feet: pain during an exercise of your session on 13 May was 7,"
        " above 5, within the last 7 days.",
    ),
    StageScenario(
        "hold: a session dated after today still counts for pain",
        0,
        1,
        [*EIGHT, session(20, 8)],
        15,
        StageMove.STAY,
        0,
        "Staying in Wake up the feet: pain during your session dated 20 May (after today) was"
        " 8, above 5, within the last 7 days.",
    ),
    StageScenario(
        "advance: pain more than 7 days ago does not count",
        0,
        1,
        [session(1, 7), *EIGHT[1:]],
        15,
        StageMove.ADVANCE,
        1,
        "On to Balance (stage 2 of 3): 14 days and 8 sessions in Wake up the feet (8 asked),"
        " with no pain above 5 or morning flare in the last 7 days.",
    ),
    StageScenario(
        "never skips a stage, however long the user stayed",
        0,
        1,
        stage_sessions(list(range(1, 60))),
        60,
        StageMove.ADVANCE,
        1,
        "On to Balance (stage 2 of 3): 59 days and 14 sessions in Wake up the feet (8 asked),"
        " with no pain above 5 or morning flare in the last 7 days.",
    ),
    StageScenario(
        "sessions of every routine of the stage count",
        1,
        1,
        stage_sessions([1, 3, 6, 8]) + stage_sessions([2, 5, 9, 12], routine=OTHER),
        15,
        StageMove.ADVANCE,
        2,
        "On to Strength (stage 3 of 3): 14 days and 8 sessions in Balance (8 asked),"
        " with no pain above 5 or morning flare in the last 7 days.",
    ),
    StageScenario(
        "the last stage done: complete",
        2,
        1,
        stage_sessions([2, 4, 6], routine=RAISES),
        8,
        StageMove.COMPLETE,
        2,
        "Transition is done: 7 days and 3 sessions in Strength (3 asked), with no pain above 5"
        " or morning flare in the last 7 days, and it was the last stage.",
    ),
]


@pytest.mark.parametrize("scenario", STAGE_SCENARIOS, ids=[s.name for s in STAGE_SCENARIOS])
def test_stage_scenario(scenario: StageScenario) -> None:
    state = StageState(scenario.stage, day(scenario.started))
    got = stage_status(PROGRAM, state, scenario.sessions, day(scenario.today))
    assert (got.move, got.stage_index, got.reason) == (
        scenario.move,
        scenario.next_stage,
        scenario.reason,
    )


def test_a_stage_the_program_lacks_is_an_error() -> None:
    with pytest.raises(ValueError, match="no stage 3"):
        stage_status(PROGRAM, StageState(3, day(1)), [], day(1))
