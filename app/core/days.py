"""Days and wall times, and the names of days and months.

The log keeps instants as wall seconds (``time.time()``) and days as local
calendar days: one place converts between them, so the coach, the log and
the screens agree on which day a session was.

The names are English whatever the locale, like every other word Footwork
says: Qt sets the C library's locale from the environment, so strftime's
``%a`` and ``%B`` would not be.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from datetime import time as day_start

WEEK = 7  # days

# fmt: off
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
# fmt: on
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def local_time(wall: float) -> datetime:
    """Wall seconds as an aware local datetime (with the offset in force at that instant)."""
    return datetime.fromtimestamp(wall, UTC).astimezone()


def day_of(wall: float) -> date:
    """The local calendar day of a wall time."""
    return local_time(wall).date()


def wall_of_day(day: date) -> float:
    """The wall time of local midnight at the start of ``day`` (how the log looks days up)."""
    return datetime.combine(day, day_start()).astimezone().timestamp()


def day_month(day: date) -> str:
    """``3 May``: how the coach names a day in a sentence."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def short_day(day: date) -> str:
    """``Fri 10 May``."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1][:3]}"


def long_day(day: date) -> str:
    """``10 May 2024``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
