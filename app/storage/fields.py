"""What each stored row may hold: one spec per table, used by the API, import and readers.

A spec names a row's fields (the same names as the table's columns and
the JSON export's keys) with a check for each, plus rules across fields.
``Log`` methods check their arguments against it and raise on the first
problems; ``import_json`` checks every row of a file and reports all of
them, each with its place (``sessions[3].started: expected a time...``).
So a range is written down once, and a file cannot sneak in what the API
would refuse.

Each check also says, as an SQL condition (``RowSpec.valid_sql``), what a
stored row must hold to be read: a row an older Footwork or a hand edit
left out of range (a start in the year 10000, a text in a number column,
an unknown status) is left out by every reader instead of breaking it,
and ``app.storage.unreadable`` lists such rows with the same words the
import would use. The two forms of a check are kept side by side here,
and a test holds them to the same verdicts.

The ranges are those a person's life and a routine can hold: wall times
and days from 1970 to 2200, a block, dose or session shorter than a
week, pain 0-10; ids of at most 64 characters (as routine files allow),
names 200, notes 10,000; text is valid Unicode without NUL characters.

Stored text that is not UTF-8 (a flipped bit in a name) fails its check
too: Python's sqlite3 raises on decoding it, so it is a bad row the readers
leave out like any other. No SQL function tells UTF-8, so the SQL checks
call ``is_utf8``, which ``add_functions`` gives a connection, and only for
text that is not plain ASCII.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import cached_property
from typing import Any, Protocol

from app.core.events import BlockRecord, BlockStatus, SessionStatus
from app.core.routine import Side
from app.storage.errors import LogValueError
from app.storage.records import (
    Activity,
    DoseChange,
    Exposure,
    MorningBaseline,
    ProgramState,
    SafetyAnswers,
)

PAIN_MAX = 10
MINUTES_PER_DAY = 24 * 60
# Wall times (seconds since 1970-01-01 UTC) and days a person's life can hold.
FIRST_YEAR, LAST_YEAR = 1970, 2200
WALL_FIRST = 0.0
WALL_LAST = datetime(LAST_YEAR, 1, 1, tzinfo=UTC).timestamp()
DAY_FIRST = date(FIRST_YEAR, 1, 1).isoformat()
DAY_LAST = date(LAST_YEAR - 1, 12, 31).isoformat()
SECONDS_MAX = 7 * 24 * 3600  # no block, dose or session lasts a week
REPS_MAX = 10_000
SETS_MAX = 1_000
INDEX_MAX = 1_000_000  # phases, steps and blocks of a routine, occurrences, stages
VERSION_MAX = 1_000
ID_MAX = 64  # as routine files allow
NAME_MAX = 200
NOTE_MAX = 10_000
# A JSON value kept in a column (safety answers) or a file's settings: its text, and
# its brackets (which bound its nesting: deep nesting would exhaust Python's stack).
JSON_TEXT_MAX = 65_536
JSON_BRACKETS_MAX = 64
# A number with more digits than this is no count of anything (SQLite holds 19).
DIGITS_MAX = 20
# What ``strip`` and SQLite's ``trim`` both take for blank: a blank id is no id.
_BLANKS = " \t\n\v\f\r"
_SQL_BLANKS = "' ' || char(9, 10, 11, 12, 13)"


class Oversized:
    """A number in a JSON file too long to be anything (``DIGITS_MAX``), or NaN/Infinity.

    Parsing makes one of these instead of a number, so the check of the
    field it is in refuses it with its place; Python's ``int()`` would
    refuse a 5,000-digit one with no place at all.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    def describe(self) -> str:
        if self.text in ("NaN", "Infinity", "-Infinity"):
            return self.text
        return f"a number of {len(self.text)} characters"


def shown(value: object) -> str:
    """A value as it would appear in the JSON file, cut short."""
    if isinstance(value, Oversized):
        return value.describe()
    if isinstance(value, list | dict) and value:
        # A hostile file nests deep: no need to write all of it out to say what it is.
        return "a list" if isinstance(value, list) else "an object"
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    if not text.isascii():
        # A lone surrogate from the file would make the message itself unprintable.
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= 40 else text[:37] + "..."


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Checker(Protocol):
    """One field's check, in Python (a value of the API or a JSON file) and in SQL (a stored
    value): each gives the same verdict. ``load`` turns a stored value into the API's."""

    def __call__(self, value: object) -> str | None: ...

    def sql(self, column: str) -> str: ...

    def load(self, stored: object) -> object: ...


class _Plain:
    """A checker whose stored value is the API's value."""

    optional = False

    def load(self, stored: object) -> object:
        return stored

    def _or_null(self, column: str, condition: str) -> str:
        return f"({column} IS NULL OR ({condition}))" if self.optional else f"({condition})"


@dataclass(frozen=True)
class Whole(_Plain):
    """A whole number in [low, high]."""

    low: int
    high: int
    optional: bool = False

    def __call__(self, value: object) -> str | None:
        # type() first: an import checks a million of these (isinstance would let bools in).
        if (type(value) is int or _is_whole(value)) and self.low <= value <= self.high:
            return None
        if value is None and self.optional:
            return None
        return f"expected a whole number from {self.low} to {self.high}, found {shown(value)}"

    def sql(self, column: str) -> str:
        return self._or_null(
            column,
            f"typeof({column}) = 'integer' AND {column} BETWEEN {self.low} AND {self.high}",
        )


def whole(low: int, high: int, *, optional: bool = False) -> Whole:
    return Whole(low, high, optional)


@dataclass(frozen=True)
class Number(_Plain):
    """A finite number in [low, high]; ``above`` makes ``low`` exclusive."""

    low: float
    high: float
    above: bool = False
    optional: bool = False
    wanted: str = ""  # the words for the range, when not the numbers

    def words(self) -> str:
        if self.wanted:
            return self.wanted
        if self.above:
            return f"a number above {self.low:g} and at most {self.high:g}"
        return f"a number from {self.low:g} to {self.high:g}"

    def __call__(self, value: object) -> str | None:
        # The bounds are finite, so NaN and the infinities fail the comparisons.
        if (type(value) in (float, int) or _is_number(value)) and (
            (self.low < value if self.above else self.low <= value) and value <= self.high
        ):
            return None
        if value is None and self.optional:
            return None
        return f"expected {self.words()}, found {shown(value)}"

    def sql(self, column: str) -> str:
        low = f"{column} {'>' if self.above else '>='} {self.low!r}"
        return self._or_null(
            column,
            f"typeof({column}) IN ('integer', 'real') AND {low} AND {column} <= {self.high!r}",
        )


def number(low: float, high: float, *, above: bool = False, optional: bool = False) -> Number:
    return Number(float(low), float(high), above, optional)


def wall_time(*, optional: bool = False) -> Number:
    """A moment as wall seconds since 1970-01-01 UTC, from 1970 to 2200."""
    words = f"a time from {FIRST_YEAR} to {LAST_YEAR} (seconds since 1970-01-01 UTC)"
    return Number(WALL_FIRST, WALL_LAST, optional=optional, wanted=words)


# GLOB finds a character past U+007F in text: any byte of 0x80 or more reads as one,
# whether or not it belongs to valid UTF-8. Plain ASCII text never calls ``is_utf8``.
_NOT_ASCII = "'*[^\x01-\x7f]*'"


def is_utf8(stored: object) -> int:
    """1 when ``stored`` (text cast to a blob) is UTF-8 that Python's sqlite3 decodes;
    the ``is_utf8()`` of the SQL checks."""
    if not isinstance(stored, bytes):
        return 1
    try:
        stored.decode("utf-8")
    except UnicodeDecodeError:
        return 0
    return 1


def add_functions(conn: sqlite3.Connection) -> None:
    """Give ``conn`` the SQL functions the checks call (``is_utf8``): every connection
    that asks ``RowSpec.valid_sql`` or a checker's ``sql`` needs them."""
    conn.create_function("is_utf8", 1, is_utf8, deterministic=True)


def _utf8_sql(column: str) -> str:
    return f"CASE WHEN {column} GLOB {_NOT_ASCII} THEN is_utf8(CAST({column} AS BLOB)) ELSE 1 END"


def unicode_problem(value: str, *, nul: bool = False) -> str | None:
    """Why a string cannot be stored as text: a NUL (unless ``nul``: JSON text keeps one
    as ``\\u0000``), or a lone surrogate (not Unicode)."""
    if not nul and "\x00" in value:
        where = value.index("\x00") + 1
        return f"expected text without NUL characters, found one at character {where}"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"{_LONE_SURROGATE} {exc.start + 1}"
    return None


_LONE_SURROGATE = "expected valid Unicode text, found a lone surrogate at character"
# Stored text is read with each byte that is not UTF-8 as a lone surrogate (and Python's
# sqlite3 reads no other kind): for a stored row, that is what one means.
_NOT_UTF8 = "expected UTF-8 text, found a byte that is not UTF-8 at character"


@dataclass(frozen=True)
class Text(_Plain):
    """A string of at most ``longest`` characters, valid Unicode without NUL; ``required``
    refuses an empty or blank one."""

    longest: int
    required: bool = False

    def __call__(self, value: object) -> str | None:
        if not isinstance(value, str):
            return f"expected text, found {shown(value)}"
        if len(value) > self.longest:
            return f"expected text of at most {self.longest:,} characters, found {len(value):,}"
        if self.required and not value.strip(_BLANKS):
            return "expected text, found an empty string"
        return unicode_problem(value)

    def sql(self, column: str) -> str:
        blank = f" AND length(trim({column}, {_SQL_BLANKS})) > 0" if self.required else ""
        return (
            f"(typeof({column}) = 'text' AND instr(CAST({column} AS BLOB), x'00') = 0"
            f" AND length({column}) <= {self.longest}{blank} AND {_utf8_sql(column)})"
        )


def text(longest: int, *, required: bool = False) -> Text:
    return Text(longest, required)


@dataclass(frozen=True)
class Choice(_Plain):
    """One of the values of an enumeration."""

    values: type[StrEnum]
    optional: bool = False

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(member.value for member in self.values)

    def __call__(self, value: object) -> str | None:
        if value is None and self.optional:
            return None
        if not isinstance(value, str) or value not in self.names:
            return f"expected one of {', '.join(self.names)}; found {shown(value)}"
        return None

    def sql(self, column: str) -> str:
        names = ", ".join(_sql_text(n) for n in self.names)
        return self._or_null(column, f"typeof({column}) = 'text' AND {column} IN ({names})")


def choice(values: type[StrEnum], *, optional: bool = False) -> Choice:
    return Choice(values, optional)


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DAY_GLOB = "-".join("[0-9]" * n for n in (4, 2, 2))


class _IsoDay(_Plain):
    """A calendar day as ``YYYY-MM-DD``, from 1970-01-01 to 2199-12-31."""

    def __call__(self, value: object) -> str | None:
        if isinstance(value, str) and _DAY.fullmatch(value) and DAY_FIRST <= value <= DAY_LAST:
            try:
                date.fromisoformat(value)
                return None
            except ValueError:
                pass
        return f"expected a date YYYY-MM-DD from {DAY_FIRST} to {DAY_LAST}, found {shown(value)}"

    def sql(self, column: str) -> str:
        # date(x, '+0 days') normalises 2025-02-30 to 2025-03-02: only a real day is itself.
        return (
            f"(typeof({column}) = 'text' AND {column} GLOB '{_DAY_GLOB}'"
            f" AND {column} BETWEEN '{DAY_FIRST}' AND '{DAY_LAST}'"
            f" AND date({column}, '+0 days') IS {column})"
        )


iso_day = _IsoDay()

_HEX = "[0-9a-f]"
_UUID = re.compile("-".join(f"{_HEX}{{{n}}}" for n in (8, 4, 4, 4, 12)))
_UUID_GLOB = "-".join(_HEX * n for n in (8, 4, 4, 4, 12))


class _UuidText(_Plain):
    """A UUID as lower-case text, as ``str(uuid.uuid4())`` writes it."""

    def __call__(self, value: object) -> str | None:
        if isinstance(value, str) and _UUID.fullmatch(value):
            return None
        return f"expected a lower-case UUID, found {shown(value)}"

    def sql(self, column: str) -> str:
        return f"(typeof({column}) = 'text' AND {column} GLOB '{_UUID_GLOB}')"


uuid_text = _UuidText()


class _Flag:
    """True or false; stored as 1 or 0."""

    def __call__(self, value: object) -> str | None:
        return None if isinstance(value, bool) else f"expected true or false, found {shown(value)}"

    def sql(self, column: str) -> str:
        return f"(typeof({column}) = 'integer' AND {column} IN (0, 1))"

    def load(self, stored: object) -> object:
        return bool(stored) if stored in (0, 1) and _is_whole(stored) else stored


flag = _Flag()


def json_text(value: Mapping[str, Any]) -> str:
    """How a JSON object is stored in a column: the same text for the same object."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _plain_json_problem(value: object) -> str | None:
    """Why ``value`` is not plain JSON of bounded size, walked without recursion."""
    plain = "expected plain JSON values (text, numbers, true/false, lists, objects)"
    pending = [value]
    containers = 0
    while pending:
        item = pending.pop()
        if isinstance(item, dict | list):
            containers += 1
            if containers > JSON_BRACKETS_MAX:
                return f"expected at most {JSON_BRACKETS_MAX} lists and objects in all"
            if isinstance(item, dict):
                for key in item:
                    if not isinstance(key, str):
                        return plain
                    pending.append(key)
                pending.extend(item.values())
            else:
                pending.extend(item)
        elif isinstance(item, str):
            problem = unicode_problem(item, nul=True)
            if problem:
                return problem
        elif isinstance(item, float):
            if not math.isfinite(item):
                return plain
        elif not (item is None or isinstance(item, bool | int)):
            return plain
    return None


class _JsonObject:
    """A JSON object (question id -> answer, setting -> value) of bounded size; stored as
    its JSON text."""

    def __call__(self, value: object) -> str | None:
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            return f"expected an object, found {shown(value)}"
        problem = _plain_json_problem(value)
        if problem:
            return problem
        stored = json_text(value)
        if len(stored) > JSON_TEXT_MAX:
            return f"expected at most {JSON_TEXT_MAX:,} characters of JSON, found {len(stored):,}"
        if stored.count("[") + stored.count("{") > JSON_BRACKETS_MAX:
            return f"expected at most {JSON_BRACKETS_MAX} brackets in its JSON text"
        return None

    def sql(self, column: str) -> str:
        brackets = f"replace(replace({column}, '[', ''), '{{', '')"
        return (
            f"(typeof({column}) = 'text' AND length({column}) <= {JSON_TEXT_MAX}"
            f" AND length({column}) - length({brackets}) <= {JSON_BRACKETS_MAX}"
            f" AND CASE WHEN json_valid({column}) THEN json_type({column}) = 'object'"
            f" ELSE 0 END AND {_utf8_sql(column)})"
        )

    def load(self, stored: object) -> object:
        if isinstance(stored, str) and len(stored) <= JSON_TEXT_MAX:
            try:
                return json.loads(stored)
            except (ValueError, RecursionError):
                pass
        return stored


json_object = _JsonObject()


class _PainByExercise(_Plain):
    """Exercise id -> pain 0-10, in a JSON file or the API. The log keeps each as a row of
    ``exercise_pain`` (see ``EXERCISE_PAIN``), so this is no column's check."""

    def __call__(self, value: object) -> str | None:
        if not isinstance(value, dict):
            return f"expected an object of exercise id -> pain, found {shown(value)}"
        if len(value) > INDEX_MAX:
            return f"expected at most {INDEX_MAX:,} exercises, found {len(value):,}"
        for key, pain in value.items():
            problem = EXERCISE_ID(key)
            if problem:
                return f"{shown(key)}: {problem}"
            problem = PAIN(pain)
            if problem:
                return f"{key}: {problem}"
        return None

    def sql(self, column: str) -> str:
        raise TypeError("pain by exercise is kept as rows of exercise_pain, not a column")


pain_by_exercise = _PainByExercise()


@dataclass(frozen=True)
class Rule:
    """A rule across the fields of a row, in Python (-> the field and the problem) and SQL."""

    check: Callable[[Mapping[str, Any]], tuple[str, str] | None]
    condition: str  # SQL, with {name} for each column it reads

    def sql(self, columns: Mapping[str, str]) -> str:
        return "(" + self.condition.format_map(columns) + ")"


@dataclass(frozen=True)
class RowSpec:
    """The fields of one kind of row and the rules across them."""

    fields: Mapping[str, Checker]
    rules: tuple[Rule, ...] = ()
    _sql: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def problems(self, values: Mapping[str, object], where: str) -> list[str]:
        """Every problem of one row, each as ``where.field: message``."""
        found = []
        for key, check in self.fields.items():
            if key not in values:
                found.append(f"{where}.{key}: missing")
                continue
            problem = check(values[key])
            if problem:
                found.append(f"{where}.{key}: {problem}")
        if len(values) > len(self.fields) - len(found):  # only then can a key be unknown
            found.extend(
                f"{where}: unknown key {shown(key)}" for key in values if key not in self.fields
            )
        if not found:
            for rule in self.rules:
                broken = rule.check(values)
                if broken:
                    found.append(f"{where}.{broken[0]}: {broken[1]}")
        return found

    def require(self, values: Mapping[str, object], where: str) -> None:
        """Raise ``LogValueError`` naming every problem of a row passed to the API."""
        found = self.problems(values, where)
        if found:
            raise LogValueError("; ".join(found))

    def valid_sql(self, alias: str = "") -> str:
        """An SQL condition true exactly for a stored row (of table alias ``alias``) that
        passes every check; never NULL, so ``NOT`` of it picks the other rows."""
        if alias not in self._sql:
            prefix = f"{alias}." if alias else ""
            columns = {key: prefix + key for key in self.fields}
            parts = [check.sql(columns[key]) for key, check in self.fields.items()]
            parts += [rule.sql(columns) for rule in self.rules]
            self._sql[alias] = "coalesce(" + " AND ".join(parts) + ", 0)"
        return self._sql[alias]

    def stored_problems(self, row: Mapping[str, object]) -> list[str]:
        """The problems of a stored row (a ``sqlite3.Row`` or a mapping of its columns), as
        ``field: message``; text that is not UTF-8 is read with its bad bytes as lone
        surrogates (``app.storage.unreadable``) and named as bytes that are not UTF-8."""
        values = {key: check.load(row[key]) for key, check in self.fields.items()}
        return [
            p.removeprefix(".").replace(_LONE_SURROGATE, _NOT_UTF8)
            for p in self.problems(values, "")
        ]


def _set_within_sets(values: Mapping[str, Any]) -> tuple[str, str] | None:
    if values["set_number"] > values["sets"]:
        return "set_number", f"set {values['set_number']} of only {values['sets']} sets"
    return None


def _pain_and_stiffness_together(values: Mapping[str, Any]) -> tuple[str, str] | None:
    if (values["pain"] is None) != (values["stiffness"] is None):
        return "stiffness", "give both pain and stiffness, or neither (skipped)"
    return None


def _time_or_reps(values: Mapping[str, Any]) -> tuple[str, str] | None:
    if values["time_seconds"] is None and values["reps"] is None:
        return "reps", "a dose needs time_seconds or reps"
    return None


SET_WITHIN_SETS = Rule(_set_within_sets, "{set_number} <= {sets}")
PAIN_AND_STIFFNESS_TOGETHER = Rule(
    _pain_and_stiffness_together, "({pain} IS NULL) = ({stiffness} IS NULL)"
)
TIME_OR_REPS = Rule(_time_or_reps, "{time_seconds} IS NOT NULL OR {reps} IS NOT NULL")

EXERCISE_ID = text(ID_MAX, required=True)
PAIN = whole(0, PAIN_MAX)
SECONDS = whole(0, SECONDS_MAX)
INDEX = whole(0, INDEX_MAX)

SESSION = RowSpec(
    {
        "uuid": uuid_text,
        "routine_id": text(ID_MAX, required=True),
        "routine_name": text(NAME_MAX),
        "started": wall_time(),
        "ended": wall_time(optional=True),
        "status": choice(SessionStatus, optional=True),
        "planned_seconds": SECONDS,
        "planned_blocks": whole(0, INDEX_MAX, optional=True),
        "next_phase_index": INDEX,
    }
)

BLOCK = RowSpec(
    {
        "phase_index": INDEX,
        "step_index": INDEX,
        "exercise_id": EXERCISE_ID,
        "exercise_name": text(NAME_MAX),
        "side": choice(Side),
        "set_number": whole(1, SETS_MAX),
        "sets": whole(1, SETS_MAX),
        "planned_seconds": whole(0, SECONDS_MAX, optional=True),
        "done_seconds": number(0, SECONDS_MAX),
        "planned_reps": whole(0, REPS_MAX, optional=True),
        "done_reps": whole(0, REPS_MAX, optional=True),
        "status": choice(BlockStatus),
        "started": wall_time(),
        "ended": wall_time(),
    },
    (SET_WITHIN_SETS,),
)

# The check-in after a session as the JSON file and the API hold it...
SESSION_CHECKIN = RowSpec(
    {"pain_during": PAIN, "note": text(NOTE_MAX), "exercise_pain": pain_by_exercise}
)
# ...and as the log keeps it: a row, and a row per exercise rated.
STORED_CHECKIN = RowSpec({"pain_during": PAIN, "note": text(NOTE_MAX)})
EXERCISE_PAIN = RowSpec({"exercise_id": EXERCISE_ID, "pain": PAIN})

MORNING_CHECKIN = RowSpec(
    {
        "day": iso_day,
        "pain": whole(0, PAIN_MAX, optional=True),
        "stiffness": whole(0, PAIN_MAX, optional=True),
    },
    (PAIN_AND_STIFFNESS_TOGETHER,),
)

DOSE = RowSpec(
    {
        "uuid": uuid_text,
        "routine_id": text(ID_MAX, required=True),
        "step_index": INDEX,
        "exercise_id": EXERCISE_ID,
        "time_seconds": whole(1, SECONDS_MAX, optional=True),
        "reps": whole(1, REPS_MAX, optional=True),
        "sets": whole(1, SETS_MAX),
        "decided": wall_time(),
        "decision": text(NAME_MAX, required=True),
        "reason": text(NOTE_MAX),
        "occurrence": whole(1, INDEX_MAX),
    },
    (TIME_OR_REPS,),
)

# A dose row as version 1 of the JSON export wrote it: keyed by the step's position.
DOSE_BY_POSITION = RowSpec(
    {key: check for key, check in DOSE.fields.items() if key != "occurrence"}, DOSE.rules
)

MORNING_BASELINE = RowSpec(
    {
        "uuid": uuid_text,
        "day": iso_day,
        "pain": PAIN,
        "decided": wall_time(),
    }
)

EXPOSURE = RowSpec(
    {
        "uuid": uuid_text,
        "day": iso_day,
        "minutes": number(0, MINUTES_PER_DAY, above=True),
        "activity": choice(Activity),
        "note": text(NOTE_MAX),
    }
)

SAFETY = RowSpec(
    {
        "uuid": uuid_text,
        "answered": wall_time(),
        "answers": json_object,
        "contraindicated": flag,
        "acknowledged": flag,
    }
)

PROGRAM_STATE = RowSpec(
    {
        "program_id": text(ID_MAX, required=True),
        "started_day": iso_day,
        "stage_index": INDEX,
        "stage_started_day": iso_day,
    }
)

# The spec of the rows each table keeps: what every reader asks of a stored row
# (``app.storage.unreadable``), and what the checks at open ask of each copy of a
# value an index holds (``app.storage.checks``).
STORED: Mapping[str, RowSpec] = {
    "sessions": SESSION,
    "blocks": BLOCK,
    "session_checkins": STORED_CHECKIN,
    "exercise_pain": EXERCISE_PAIN,
    "morning_checkins": MORNING_CHECKIN,
    "doses": DOSE,
    "morning_baselines": MORNING_BASELINE,
    "exposure": EXPOSURE,
    "safety": SAFETY,
    "program_state": PROGRAM_STATE,
}


def _day_text(value: object) -> object:
    # A datetime is a date too, but its isoformat() is not a day: let the check refuse it.
    if isinstance(value, date) and type(value) is date:
        return value.isoformat()
    return value


def new_uuid() -> str:
    return str(uuid.uuid4())


# Dataclass <-> row values. Rows use the column names; the API's values use
# the names of app.core (``started_wall``) and Python types (date, enums).


def block_values(record: BlockRecord) -> dict[str, object]:
    return {
        "phase_index": record.phase_index,
        "step_index": record.step_index,
        "exercise_id": record.exercise_id,
        "exercise_name": record.exercise_name,
        "side": record.side,
        "set_number": record.set_number,
        "sets": record.sets,
        "planned_seconds": record.planned_seconds,
        "done_seconds": record.done_seconds,
        "planned_reps": record.planned_reps,
        "done_reps": record.done_reps,
        "status": record.status,
        "started": record.started_wall,
        "ended": record.ended_wall,
    }


# The block columns in BLOCK's order: select them so, and ``block_from_values`` reads them.
BLOCK_COLUMNS = tuple(BLOCK.fields)
# Enum lookups by value without Enum.__call__: charts read tens of thousands of blocks.
_SIDES = {side.value: side for side in Side}
_STATUSES = {status.value: status for status in BlockStatus}


def block_from_values(values: Sequence[Any]) -> BlockRecord:
    """A block from its ``BLOCK_COLUMNS`` values, in that order (a tuple or a Row)."""
    v = tuple(values)
    # BlockRecord's fields are in BLOCK_COLUMNS' order; only side and status need converting.
    return BlockRecord(*v[:4], _SIDES[v[4]], *v[5:11], _STATUSES[v[11]], v[12], v[13])


def dose_values(change: DoseChange) -> dict[str, object]:
    return {
        "uuid": new_uuid(),
        "routine_id": change.routine_id,
        "step_index": change.step_index,
        "exercise_id": change.exercise_id,
        "time_seconds": change.time_seconds,
        "reps": change.reps,
        "sets": change.sets,
        "decided": change.decided_wall,
        "decision": change.decision,
        "reason": change.reason,
        "occurrence": change.occurrence,
    }


def dose_from_row(row: sqlite3.Row) -> DoseChange:
    return DoseChange(
        routine_id=row["routine_id"],
        step_index=row["step_index"],
        exercise_id=row["exercise_id"],
        time_seconds=row["time_seconds"],
        reps=row["reps"],
        sets=row["sets"],
        decided_wall=row["decided"],
        decision=row["decision"],
        reason=row["reason"],
        occurrence=row["occurrence"],
    )


def baseline_values(baseline: MorningBaseline) -> dict[str, object]:
    return {
        "uuid": new_uuid(),
        "day": _day_text(baseline.day),
        "pain": baseline.pain,
        "decided": baseline.decided_wall,
    }


def baseline_from_row(row: sqlite3.Row) -> MorningBaseline:
    return MorningBaseline(date.fromisoformat(row["day"]), row["pain"], row["decided"])


def exposure_values(exposure: Exposure) -> dict[str, object]:
    return {
        "uuid": new_uuid(),
        "day": _day_text(exposure.day),
        "minutes": exposure.minutes,
        "activity": exposure.activity,
        "note": exposure.note,
    }


def exposure_from_row(row: sqlite3.Row) -> Exposure:
    return Exposure(
        day=date.fromisoformat(row["day"]),
        minutes=row["minutes"],
        activity=Activity(row["activity"]),
        note=row["note"],
    )


def safety_values(answers: SafetyAnswers) -> dict[str, object]:
    return {
        "uuid": new_uuid(),
        "answered": answers.answered_wall,
        "answers": (
            dict(answers.answers) if isinstance(answers.answers, Mapping) else answers.answers
        ),
        "contraindicated": answers.contraindicated,
        "acknowledged": answers.acknowledged,
    }


def safety_from_row(row: sqlite3.Row) -> SafetyAnswers:
    return SafetyAnswers(
        answered_wall=row["answered"],
        answers=json.loads(row["answers"]),
        contraindicated=bool(row["contraindicated"]),
        acknowledged=bool(row["acknowledged"]),
    )


def program_values(state: ProgramState) -> dict[str, object]:
    return {
        "program_id": state.program_id,
        "started_day": _day_text(state.started_day),
        "stage_index": state.stage_index,
        "stage_started_day": _day_text(state.stage_started_day),
    }


def program_from_row(row: sqlite3.Row) -> ProgramState:
    return ProgramState(
        program_id=row["program_id"],
        started_day=date.fromisoformat(row["started_day"]),
        stage_index=row["stage_index"],
        stage_started_day=date.fromisoformat(row["stage_started_day"]),
    )


def morning_values(day: date, pain: int | None, stiffness: int | None) -> dict[str, object]:
    return {"day": _day_text(day), "pain": pain, "stiffness": stiffness}


def checkin_values(
    pain_during: int, note: str, exercise_pain: Mapping[str, int] | None
) -> dict[str, object]:
    return {
        "pain_during": pain_during,
        "note": note,
        "exercise_pain": dict(exercise_pain or {}),
    }


_AS_THEY_ARE = frozenset({str, int, float, type(None)})


def sql_values(values: Mapping[str, object]) -> dict[str, object]:
    """Row values as SQLite parameters: JSON objects become text, flags 0/1."""
    out: dict[str, object] = {}
    for key, value in values.items():
        if type(value) in _AS_THEY_ARE:  # most of them: an import passes a million
            pass
        elif isinstance(value, dict):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        elif isinstance(value, bool):
            value = int(value)
        elif isinstance(value, StrEnum):
            value = value.value
        out[key] = value
    return out


def insert_sql(table: str, columns: Iterable[str], extra: str = "") -> str:
    """``INSERT INTO table (a, b) VALUES (:a, :b) extra``; the names come from a spec."""
    names = list(columns)
    return (
        f"INSERT INTO {table} ({', '.join(names)}) "
        f"VALUES ({', '.join(':' + n for n in names)}) {extra}".rstrip()
    )
