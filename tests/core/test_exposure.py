"""The barefoot exposure guard: a week may grow by about 10 %, or 10 min after a small week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from app.core.exposure import ExposureEntry, check_exposure, week_minutes


def day(n: int) -> date:
    """Day 1 is 1 May 2024; the proposed entries are on day 14."""
    return date(2024, 5, 1) + timedelta(days=n - 1)


def entries(*pairs: tuple[int, int]) -> list[ExposureEntry]:
    return [ExposureEntry(day(n), minutes) for n, minutes in pairs]


@dataclass(frozen=True)
class Case:
    name: str
    past: list[ExposureEntry]
    proposed: int  # minutes on day 14
    this_week: int
    last_week: int
    limit: int
    over: bool
    message: str


# Last week is days 1-7, this week days 8-14.
CASES = [
    Case(
        "the floor of 10 min governs a small week",
        entries((2, 20), (4, 30), (9, 30), (11, 20)),
        16,
        66,
        50,
        60,
        True,
        "This week would be 66 min, 32 % more than last week's 50 min; the guide is about"
        " 10 % a week, or 10 min more after a small week (60 min).",
    ),
    Case(
        "within the floor",
        entries((2, 50), (9, 40)),
        20,
        60,
        50,
        60,
        False,
        "This week would be 60 min, within the guide after last week's 50 min (up to 60 min).",
    ),
    Case(
        "10 % governs a big week",
        entries((1, 60), (5, 60), (8, 60), (10, 60)),
        12,
        132,
        120,
        132,
        False,
        "This week would be 132 min, within the guide after last week's 120 min (up to 132 min).",
    ),
    Case(
        "one minute over 10 %",
        entries((1, 60), (5, 60), (8, 60), (10, 60)),
        13,
        133,
        120,
        132,
        True,
        "This week would be 133 min, 11 % more than last week's 120 min; the guide is about"
        " 10 % a week (132 min).",
    ),
    Case(
        "the limit is rounded down in words, compared exactly",
        entries((3, 125), (9, 100)),
        37,
        137,
        125,
        137,
        False,
        "This week would be 137 min, within the guide after last week's 125 min (up to 137 min).",
    ),
    Case(
        "a first week of 10 min is fine",
        [],
        10,
        10,
        0,
        10,
        False,
        "This week would be 10 min, within a first week's 10 min.",
    ),
    Case(
        "a first week of 4 miles is too much too soon",
        [],
        45,
        45,
        0,
        10,
        True,
        "This week would be 45 min after none last week; the guide is to start with about"
        " 10 min in a week and add about 10 % a week.",
    ),
    Case(
        "entries of one day add up",
        entries((3, 100), (14, 100)),
        15,
        115,
        100,
        110,
        True,
        "This week would be 115 min, 15 % more than last week's 100 min; the guide is about"
        " 10 % a week (110 min).",
    ),
    Case(
        "entries older than two weeks and after the day are left out",
        entries((0, 500), (15, 500), (7, 30)),
        40,
        40,
        30,
        40,
        False,
        "This week would be 40 min, within the guide after last week's 30 min (up to 40 min).",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_exposure_guard(case: Case) -> None:
    got = check_exposure(case.past, ExposureEntry(day(14), case.proposed))
    assert (got.this_week, got.last_week, got.limit, got.over, got.message) == (
        case.this_week,
        case.last_week,
        case.limit,
        case.over,
        case.message,
    )


def test_a_week_is_the_7_days_ending_on_the_day() -> None:
    log = entries((7, 1), (8, 2), (14, 4), (15, 8))
    assert week_minutes(log, day(14)) == 6
    assert week_minutes(log, day(7)) == 1


def test_minutes_are_0_to_a_whole_day() -> None:
    for bad in (-1, 24 * 60 + 1):
        with pytest.raises(ValueError):
            ExposureEntry(day(1), bad)
