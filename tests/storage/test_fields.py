"""Each check of a stored value exists twice: in Python (the API, the import, the words for
an unreadable row) and in SQL (what the readers leave out). They must agree."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.storage import fields
from app.storage.fields import (
    BLOCK,
    DOSE,
    EXERCISE_PAIN,
    EXPOSURE,
    MORNING_BASELINE,
    MORNING_CHECKIN,
    PROGRAM_STATE,
    SAFETY,
    SESSION,
    STORED_CHECKIN,
    Checker,
    RowSpec,
    json_text,
)

STORED_SPECS = {
    "session": SESSION,
    "block": BLOCK,
    "check-in": STORED_CHECKIN,
    "exercise pain": EXERCISE_PAIN,
    "morning": MORNING_CHECKIN,
    "dose": DOSE,
    "baseline": MORNING_BASELINE,
    "exposure": EXPOSURE,
    "safety": SAFETY,
    "program": PROGRAM_STATE,
}
CHECKERS: dict[str, Checker] = {
    f"{name}.{key}": check
    for name, spec in STORED_SPECS.items()
    for key, check in spec.fields.items()
}


@pytest.fixture(scope="module")
def conn() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    fields.add_functions(connection)
    yield connection
    connection.close()


def near(value: float) -> list[float]:
    return [value - 1, value - 0.5, value, value + 0.5, value + 1]


# Values at and around every edge the checks draw, and of every type SQLite keeps.
EDGES: list[Any] = [
    None, True, False, 0, 1, -1, 10, 11, 50, 2**53, 2**63 - 1, -(2**63),
    *near(fields.SECONDS_MAX), *near(fields.REPS_MAX), *near(fields.SETS_MAX),
    *near(fields.INDEX_MAX), *near(fields.WALL_LAST), *near(fields.MINUTES_PER_DAY),
    0.0, -0.0, 1e300, -1e300, float("inf"), float("-inf"), 1e-300,
    "", " ", "\t\n", "x", "x" * 64, "x" * 65, "x" * 200, "x" * 201, "a\x00b", "é" * 64,
    "é" * 65, "walk", "run", "left", "completed", "ended early", "Completed",
    "1970-01-01", "1969-12-31", "2199-12-31", "2200-01-01", "2024-02-29", "2025-02-29",
    "2025-02-30", "2025-13-01", "0001-01-01", "9999-12-31", "2025-3-10", "20250310",
    "2025-03-10T00:00", "٢٠٢٥-٠٣-١٠",
    "7a1c4f0e-0000-4000-8000-000000000001", "7A1C4F0E-0000-4000-8000-000000000001",
    "{7a1c4f0e-0000-4000-8000-000000000001}", "7a1c4f0e000040008000000000000001",
    "{}", '{"a": 1}', "[]", "{not json", '{"a": NaN}', "1", "null",
    json_text({"a": [[[[1]]]]}), json_text({"a": "x" * 70_000}), "{" + '"a":' * 0 + "}",
    b"", b"\x00", b"text",
]  # fmt: skip

# What SQLite can hold (NaN cannot: it becomes NULL, which the checks see as NULL).
STORABLE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=80),
    st.text(alphabet="0123456789-abcdef ", max_size=40),
    st.dates().map(lambda d: d.isoformat()),
    st.binary(max_size=8),
    st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=4).map(
        json_text
    ),
)


def verdicts(conn: sqlite3.Connection, check: Checker, value: Any) -> tuple[bool, bool]:
    """(Python's, SQL's): does the stored ``value`` pass?"""
    stored = conn.execute("SELECT ?", (value,)).fetchone()[0]  # as the log gives it back
    python = check(check.load(stored)) is None
    sql = conn.execute(f"SELECT coalesce({check.sql('c')}, 0) FROM (SELECT ? AS c)", (value,))
    return python, bool(sql.fetchone()[0])


@pytest.mark.parametrize("name", CHECKERS)
def test_python_and_sql_agree_at_the_edges(conn: sqlite3.Connection, name: str) -> None:
    check = CHECKERS[name]
    disagree = [v for v in EDGES if len(set(verdicts(conn, check, v))) > 1]
    assert disagree == []


@settings(max_examples=300, deadline=None)
@given(value=STORABLE, name=st.sampled_from(sorted(CHECKERS)))
def test_python_and_sql_agree_on_any_stored_value(value: Any, name: str) -> None:
    conn = sqlite3.connect(":memory:")
    fields.add_functions(conn)
    try:
        python, sql = verdicts(conn, CHECKERS[name], value)
    finally:
        conn.close()
    assert python == sql


def row_values(spec: RowSpec) -> st.SearchStrategy[dict[str, Any]]:
    """Rows near the good ones: each field a stored edge value, often a likely good one."""
    likely = {
        "set_number": st.integers(0, 4), "sets": st.integers(0, 4),
        "pain": st.none() | st.integers(-1, 11), "stiffness": st.none() | st.integers(0, 10),
        "time_seconds": st.none() | st.integers(0, 90), "reps": st.none() | st.integers(0, 20),
    }  # fmt: skip
    return st.fixed_dictionaries(
        {key: likely.get(key, st.sampled_from(EDGES)) for key in spec.fields}
    )


@pytest.mark.parametrize("name", STORED_SPECS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_a_whole_row_passes_in_python_exactly_when_in_sql(name: str, data: st.DataObject) -> None:
    """Rules across fields (set within sets, pain with stiffness, time or reps) too."""
    spec = STORED_SPECS[name]
    row = data.draw(row_values(spec))
    conn = sqlite3.connect(":memory:")
    fields.add_functions(conn)
    try:
        conn.execute(f"CREATE TABLE t ({', '.join(spec.fields)})")  # no types: kept as given
        conn.execute(
            f"INSERT INTO t VALUES ({', '.join('?' * len(spec.fields))})", list(row.values())
        )
        cursor = conn.execute(f"SELECT *, {spec.valid_sql('t')} AS ok FROM t")
        names = [c[0] for c in cursor.description]
        stored = dict(zip(names, cursor.fetchone(), strict=True))
    finally:
        conn.close()
    assert (spec.stored_problems(stored) == []) == bool(stored["ok"])


def test_stored_problems_name_the_fields() -> None:
    assert SESSION.stored_problems(
        {
            "uuid": "x", "routine_id": "r", "routine_name": "R", "started": 253402300800.0,
            "ended": None, "status": None, "planned_seconds": 60, "planned_blocks": None,
            "next_phase_index": 0,
        }
    ) == [
        'uuid: expected a lower-case UUID, found "x"',
        "started: expected a time from 1970 to 2200 (seconds since 1970-01-01 UTC), "
        "found 253402300800.0",
    ]  # fmt: skip
