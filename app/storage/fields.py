"""What each stored row may hold: one spec per table, used by the API and by import alike.

A spec names a row's fields (the same names as the table's columns and
the JSON export's keys) with a check for each, plus rules across fields.
``Log`` methods check their arguments against it and raise on the first
problems; ``import_json`` checks every row of a file and reports all of
them, each with its place (``sessions[3].started: expected a number``).
So a range is written down once, and a file cannot sneak in what the API
would refuse.
"""

from __future__ import annotations

import json
import math
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

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

Checker = Callable[[object], str | None]
Rule = Callable[[Mapping[str, Any]], tuple[str, str] | None]

PAIN_MAX = 10
MINUTES_PER_DAY = 24 * 60


def shown(value: object) -> str:
    """A value as it would appear in the JSON file, cut short."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def whole(low: int, high: int | None = None, *, optional: bool = False) -> Checker:
    """A whole number in [low, high] (no upper end when ``high`` is None)."""
    wanted = f"from {low} to {high}" if high is not None else f">= {low}"

    def check(value: object) -> str | None:
        if value is None and optional:
            return None
        if not _is_whole(value) or value < low or (high is not None and value > high):
            return f"expected a whole number {wanted}, found {shown(value)}"
        return None

    return check


def number(
    low: float | None = None,
    high: float | None = None,
    *,
    above: bool = False,
    optional: bool = False,
) -> Checker:
    """A finite number; ``above`` makes ``low`` exclusive."""
    parts = []
    if low is not None:
        parts.append(f"{'>' if above else '>='} {low:g}")
    if high is not None:
        parts.append(f"<= {high:g}")
    wanted = "a number" + (" " + " and ".join(parts) if parts else "")

    def check(value: object) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, int | float) or isinstance(value, bool):
            return f"expected {wanted}, found {shown(value)}"
        if (
            not math.isfinite(value)
            or (low is not None and (value <= low if above else value < low))
            or (high is not None and value > high)
        ):
            return f"expected {wanted}, found {shown(value)}"
        return None

    return check


def text(*, required: bool = False) -> Checker:
    """A string; ``required`` refuses an empty or blank one."""

    def check(value: object) -> str | None:
        if not isinstance(value, str):
            return f"expected text, found {shown(value)}"
        if required and not value.strip():
            return "expected text, found an empty string"
        return None

    return check


def choice(values: type[StrEnum], *, optional: bool = False) -> Checker:
    names = [member.value for member in values]

    def check(value: object) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or value not in names:
            return f"expected one of {', '.join(names)}; found {shown(value)}"
        return None

    return check


def iso_day(value: object) -> str | None:
    if isinstance(value, str) and len(value) == 10:
        try:
            date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return f"expected a date YYYY-MM-DD, found {shown(value)}"


def uuid_text(value: object) -> str | None:
    if isinstance(value, str):
        try:
            if str(uuid.UUID(value)) == value:
                return None
        except ValueError:
            pass
    return f"expected a lower-case UUID, found {shown(value)}"


def flag(value: object) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, found {shown(value)}"


def json_object(value: object) -> str | None:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        return f"expected an object, found {shown(value)}"
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return "expected plain JSON values (text, numbers, true/false, lists, objects)"
    return None


def pain_by_exercise(value: object) -> str | None:
    """Exercise id -> pain 0-10."""
    if not isinstance(value, dict):
        return f"expected an object of exercise id -> pain, found {shown(value)}"
    for key, pain in value.items():
        if not isinstance(key, str) or not key:
            return f"expected exercise ids as keys, found {shown(key)}"
        problem = whole(0, PAIN_MAX)(pain)
        if problem:
            return f"{key}: {problem}"
    return None


@dataclass(frozen=True)
class RowSpec:
    """The fields of one kind of row and the rules across them."""

    fields: Mapping[str, Checker]
    rules: tuple[Rule, ...] = ()

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
        found.extend(
            f"{where}: unknown key {shown(key)}" for key in values if key not in self.fields
        )
        if not found:
            for rule in self.rules:
                broken = rule(values)
                if broken:
                    found.append(f"{where}.{broken[0]}: {broken[1]}")
        return found

    def require(self, values: Mapping[str, object], where: str) -> None:
        """Raise ``LogValueError`` naming every problem of a row passed to the API."""
        found = self.problems(values, where)
        if found:
            raise LogValueError("; ".join(found))


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


SESSION = RowSpec(
    {
        "uuid": uuid_text,
        "routine_id": text(required=True),
        "routine_name": text(),
        "started": number(),
        "ended": number(optional=True),
        "status": choice(SessionStatus, optional=True),
        "planned_seconds": whole(0),
        "planned_blocks": whole(0, optional=True),
        "next_phase_index": whole(0),
    }
)

BLOCK = RowSpec(
    {
        "phase_index": whole(0),
        "step_index": whole(0),
        "exercise_id": text(required=True),
        "exercise_name": text(),
        "side": choice(Side),
        "set_number": whole(1),
        "sets": whole(1),
        "planned_seconds": whole(0, optional=True),
        "done_seconds": number(0),
        "planned_reps": whole(0, optional=True),
        "done_reps": whole(0, optional=True),
        "status": choice(BlockStatus),
        "started": number(),
        "ended": number(),
    },
    (_set_within_sets,),
)

SESSION_CHECKIN = RowSpec(
    {"pain_during": whole(0, PAIN_MAX), "note": text(), "exercise_pain": pain_by_exercise}
)

MORNING_CHECKIN = RowSpec(
    {
        "day": iso_day,
        "pain": whole(0, PAIN_MAX, optional=True),
        "stiffness": whole(0, PAIN_MAX, optional=True),
    },
    (_pain_and_stiffness_together,),
)

DOSE = RowSpec(
    {
        "uuid": uuid_text,
        "routine_id": text(required=True),
        "step_index": whole(0),
        "exercise_id": text(required=True),
        "time_seconds": whole(1, optional=True),
        "reps": whole(1, optional=True),
        "sets": whole(1),
        "decided": number(),
        "decision": text(required=True),
        "reason": text(),
        "occurrence": whole(1),
    },
    (_time_or_reps,),
)

# A dose row as version 1 of the JSON export wrote it: keyed by the step's position.
DOSE_BY_POSITION = RowSpec(
    {key: check for key, check in DOSE.fields.items() if key != "occurrence"}, DOSE.rules
)

MORNING_BASELINE = RowSpec(
    {
        "uuid": uuid_text,
        "day": iso_day,
        "pain": whole(0, PAIN_MAX),
        "decided": number(),
    }
)

EXPOSURE = RowSpec(
    {
        "uuid": uuid_text,
        "day": iso_day,
        "minutes": number(0, MINUTES_PER_DAY, above=True),
        "activity": choice(Activity),
        "note": text(),
    }
)

SAFETY = RowSpec(
    {
        "uuid": uuid_text,
        "answered": number(),
        "answers": json_object,
        "contraindicated": flag,
        "acknowledged": flag,
    }
)

PROGRAM_STATE = RowSpec(
    {
        "program_id": text(required=True),
        "started_day": iso_day,
        "stage_index": whole(0),
        "stage_started_day": iso_day,
    }
)


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


def sql_values(values: Mapping[str, object]) -> dict[str, object]:
    """Row values as SQLite parameters: JSON objects become text, flags 0/1."""
    out: dict[str, object] = {}
    for key, value in values.items():
        if isinstance(value, dict):
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
