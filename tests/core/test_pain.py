"""The pain-monitoring model: the usual morning (baseline) and the pain scale."""

from __future__ import annotations

import pytest

from app.core.pain import baseline
from app.core.past import Mornings, PastSession
from tests.core.coach_helpers import day, session


def test_baseline_is_the_lowest_level_the_mornings_started_at_or_settled_to() -> None:
    # Each session's rating is the morning after it: day 1's is the morning of day 2.
    history = [
        session(1, morning=9),
        session(2, morning=1),
        session(9, morning=2),
        session(15, morning=4),
        session(16, morning=8),  # the morning after day 16 is not before day 16's session
    ]
    # Where the mornings started: 9, then the median of 9 and 1 (5), then of 9, 1, 2 (2).
    assert baseline(history, day(17)) == (2.0, 4)  # the morning after day 16's session
    assert baseline(history, day(2)) == (0.0, 0)
    assert baseline(history, day(3)) == (9.0, 1)
    # Ten mornings at 1 settle lower; twenty at 6 after them never raise it.
    steady = [session(n, morning=1) for n in range(20, 30)]
    flare = [session(n, morning=6) for n in range(30, 50)]
    assert baseline(history + steady + flare, day(51)) == (1.0, 35)


def test_a_baseline_the_user_sets_is_the_only_way_up() -> None:
    # Mornings of days 2, 3 and 4 rated 0; of day 5, 3.
    history = [session(n, morning=0) for n in (1, 2, 3)] + [session(4, morning=3)]
    assert baseline(history, day(10))[0] == 0.0
    mornings = Mornings(baselines={day(5): 3})  # "3 is my usual now", said on day 5
    assert baseline(history, day(4), mornings) == (0.0, 2)  # not yet in force
    assert baseline(history, day(5), mornings) == (3.0, 0)  # in force for day 5's own rating
    # From it, a settled level below it lowers it again (3 ratings: 3, 1, 1); one low
    # morning does not.
    lower = [session(n, morning=1) for n in (6, 7)]
    assert baseline(history + lower, day(8), mornings)[0] == 3.0
    assert baseline(history + lower, day(9), mornings)[0] == 1.0


def test_mornings_count_once_per_day() -> None:
    # Two sessions on one day share their next morning: it is one rating, not two.
    history = [session(1, morning=0), session(2, morning=4), session(2, morning=4)]
    assert baseline(history, day(4)) == (0.0, 2)


def test_a_pain_rating_is_0_to_10() -> None:
    with pytest.raises(ValueError, match="0 to 10"):
        PastSession(day(1), "stretch", (), pain_during=11)
    with pytest.raises(ValueError, match="0 to 10"):
        Mornings(ratings={day(1): -1})
