"""Barefoot exposure: minutes walked or run barefoot or in minimalist shoes, and a ramp guard.

The typical failure of a transition is doing too much too soon, so before an
entry is saved the guard says whether it would make the week (the 7 days
ending on its day) grow by more than about 10 % over the week before. A
small week gets a floor of room instead: at least 10 minutes more is fine,
so a new user can start from nothing. The guard warns; it never refuses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from app.core.days import WEEK
from app.core.weekly_cap import WEEKLY_CAP
from app.core.wording import percent_more

MIN_ROOM_MINUTES = 10  # the least a week may grow by, whatever the week before
MAX_MINUTES_A_DAY = 24 * 60


@dataclass(frozen=True)
class ExposureEntry:
    """Minutes of barefoot or minimalist walking or running on one day.

    Entries of one day add up: a walk and a run are two entries.
    """

    day: date
    minutes: int

    def __post_init__(self) -> None:
        if not 0 <= self.minutes <= MAX_MINUTES_A_DAY:
            raise ValueError(f"minutes in a day are 0 to {MAX_MINUTES_A_DAY}, not {self.minutes}")


@dataclass(frozen=True)
class ExposureCheck:
    """The week a proposed entry would make, against the week before it."""

    this_week: int  # minutes in the 7 days ending on the entry's day, the entry included
    last_week: int  # minutes in the 7 days before those
    limit: int  # the most minutes this week should have (whole minutes, rounded down)
    over: bool
    message: str  # a warning when over, else a plain note


def week_minutes(entries: Iterable[ExposureEntry], end: date) -> int:
    """Minutes in the 7 days ending on ``end``, that day included."""
    start = end - timedelta(days=WEEK - 1)
    return sum(e.minutes for e in entries if start <= e.day <= end)


def check_exposure(entries: Iterable[ExposureEntry], proposed: ExposureEntry) -> ExposureCheck:
    """Would ``proposed``, added to ``entries``, ramp the week up too fast?

    To check an edited entry, leave the old one out of ``entries``.
    """
    entries = [*entries, proposed]
    this_week = week_minutes(entries, proposed.day)
    last_week = week_minutes(entries, proposed.day - timedelta(days=WEEK))
    room = max(WEEKLY_CAP * last_week, MIN_ROOM_MINUTES)
    # Whole minutes are compared with the exact limit; the words round it down.
    over = this_week > last_week + room
    limit = int(last_week + room)
    if not over:
        if last_week:
            message = (
                f"This week would be {this_week} min, within the guide after last week's"
                f" {last_week} min (up to {limit} min)."
            )
        else:
            message = f"This week would be {this_week} min, within a first week's {limit} min."
    elif not last_week:
        message = (
            f"This week would be {this_week} min after none last week; the guide is to start"
            f" with about {MIN_ROOM_MINUTES} min in a week and add about 10 % a week."
        )
    else:
        guide = "about 10 % a week"
        if room > WEEKLY_CAP * last_week:
            guide += f", or {MIN_ROOM_MINUTES} min more after a small week"
        message = (
            f"This week would be {this_week} min, {percent_more(this_week, last_week)} % more"
            f" than last week's {last_week} min; the guide is {guide} ({limit} min)."
        )
    return ExposureCheck(this_week, last_week, limit, over, message)
