import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.durations import format_clock, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90", 90),
        ("0", 0),
        ("90s", 90),
        ("2m", 120),
        ("1m30s", 90),
        ("1h", 3600),
        ("1h2m3s", 3723),
        ("1:30", 90),
        ("0:05", 5),
        ("12:00", 720),
    ],
)
def test_accepted_forms(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    "text", ["", "s", "90 sec", "1.5", "-5", "1:5", "1:60", "30s1m", "1m 30s", "two", "1:30:00"]
)
def test_refused_forms(text: str) -> None:
    assert parse_duration(text) is None


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0:00"),
        (5, "0:05"),
        (90, "1:30"),
        (620, "10:20"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3723, "1:02:03"),
    ],
)
def test_clock_format(seconds: int, shown: str) -> None:
    assert format_clock(seconds) == shown


@given(st.integers(min_value=0, max_value=7200))
def test_clock_round_trips_through_parse(seconds: int) -> None:
    shown = format_clock(seconds)
    if seconds < 3600:
        assert parse_duration(shown) == seconds
