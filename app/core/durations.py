"""Durations as routine files write them, and as a clock shows them.

In words (``90 s``, ``2 min 30 s``) they come from ``wording.seconds_words``.
"""

from __future__ import annotations

import re

MAX_SECONDS = 2 * 60 * 60

_PARTS = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
_CLOCK = re.compile(r"(\d+):([0-5]\d)")
_SECONDS = re.compile(r"\d+")


def parse_duration(text: str) -> int | None:
    """Seconds for ``90``, ``90s``, ``2m``, ``1m30s``, ``1h`` or ``1:30``; else None.

    Only the syntax is checked here; the bounds belong to the field.
    """
    text = text.strip()
    if _SECONDS.fullmatch(text):
        return int(text)
    if m := _CLOCK.fullmatch(text):
        return int(m[1]) * 60 + int(m[2])
    m = _PARTS.fullmatch(text)
    if m and any(m.groups()):
        hours, minutes, seconds = (int(g) if g else 0 for g in m.groups())
        return hours * 3600 + minutes * 60 + seconds
    return None


def format_clock(seconds: float) -> str:
    """``m:ss``, or ``h:mm:ss`` from one hour on (what ``--list`` prints)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
