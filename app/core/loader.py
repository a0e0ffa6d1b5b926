"""Routine format 1: YAML files -> model, with every problem at its place.

The schema of each kind of file is read from PyYAML nodes (see
``safeyaml``; ``node_reader`` reads each field), never from Python objects,
so each message can name the line and column of the key or value it is
about, and so the text of a scalar is interpreted by the field that holds
it (``sides: no`` is the word "no", not False; ``1:30`` is 90 s).

All problems of a file are collected and raised together as one
``LoadError``. The public functions are ``load_exercises``,
``load_routine``, ``load_program`` and ``read_kind``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from app.core.errors import LoadError, Problem, suggest
from app.core.node_reader import WHOLE, Field, NodeReader, describe, is_plain, known, scalar_text
from app.core.routine import (
    SECONDS_PER_REP,
    Category,
    Dose,
    DoseKind,
    Exercise,
    Program,
    Routine,
    Sides,
    Stage,
    Step,
    Tempo,
)
from app.core.safeyaml import compose

SUPPORTED_FORMATS = (1,)
KINDS = ("exercises", "routine", "program")

_EXERCISE_REQUIRED = ("id", "name")
_EXERCISE_OPTIONAL = (
    "category",
    "sided",
    "summary",
    "steps",
    "cues",
    "cautions",
    "equipment",
    "illustration",
    "seconds_per_rep",
)
_ROUTINE_REQUIRED = ("format", "kind", "id", "name", "steps")
_ROUTINE_OPTIONAL = ("description", "cautions", "defaults", "exercises")
_DEFAULT_KEYS = ("get_ready", "rest", "switch")
_STEP_KEYS = (
    "exercise",
    "sets",
    "time",
    "reps",
    "tempo",
    "hold",
    "relax",
    "rest",
    "get_ready",
    "switch",
    "sides",
    "note",
)
_TEMPO_KEYS = ("up", "top", "down", "bottom")
_PROGRAM_REQUIRED = ("format", "kind", "id", "name", "stages")
_STAGE_REQUIRED = ("name", "weeks", "sessions_per_week", "routines")

# Built-in defaults of a step, used when neither the step nor `defaults` sets them.
STEP_DEFAULTS = {"get_ready": 5, "rest": 30, "switch": 5}

MAX_SECONDS_PER_REP = 60


# -- the header --------------------------------------------------------------


def _unique_id(
    reader: NodeReader, fields: Mapping[str, Field], what: str, taken: Mapping[str, str] | None
) -> str | None:
    """Read ``id``; an id another loaded file already holds is a problem here."""
    item_id = reader.get(fields, "id", reader.ident)
    if item_id is not None and taken and item_id in taken:
        reader.error(
            fields["id"].value, f"{what} id '{item_id}' is already used by {taken[item_id]}"
        )
    return item_id


def _read_root(data: bytes, path: str) -> tuple[NodeReader, yaml.MappingNode, str]:
    """Compose the file and check ``format`` and ``kind``; return the kind."""
    root = compose(data, path)
    reader = NodeReader(path)
    if root is None:
        raise LoadError([Problem(path, 1, 1, "file is empty: expected 'format: 1' and a 'kind'")])
    if not isinstance(root, yaml.MappingNode):
        reader.fail(
            root, f"expected a mapping of keys at the top of the file, found {describe(root)}"
        )
    keys = {scalar_text(k): (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    if "format" not in keys:
        reader.error(root, "missing required key 'format'")
    else:
        node = keys["format"][1]
        if not (is_plain(node) and node.value == "1"):
            if is_plain(node) and WHOLE.fullmatch(node.value):
                reader.error(
                    node,
                    f"unsupported format {int(node.value)} (this version of Footwork "
                    f"reads format {', '.join(map(str, SUPPORTED_FORMATS))})",
                )
            else:
                reader.error(node, f"expected format 1, found {describe(node)}")
            # The rest of a file in another format means something else: stop here.
            reader.fail_if_any()
    kind = ""
    if "kind" not in keys:
        reader.error(root, "missing required key 'kind'")
    else:
        kind = reader.choice(keys["kind"][1], KINDS) or ""
    reader.fail_if_any()
    return reader, root, kind


def read_kind(data: bytes, path: str) -> str:
    """Return the ``kind`` of a file whose header is valid, else raise ``LoadError``."""
    return _read_root(data, path)[2]


def _expect_kind(kind: str, expected: str, reader: NodeReader, root: yaml.MappingNode) -> None:
    if kind != expected:
        node = next(
            v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "kind"
        )
        reader.error(node, f"expected a file of kind '{expected}' here, found kind '{kind}'")
        reader.fail_if_any()


# -- exercises -----------------------------------------------------------------


@dataclass
class _Exercises:
    """The exercises of one list, and the ids of those defined with a problem.

    A step that names an exercise with a problem is not reported again as
    "unknown exercise": the problem was reported once, where it is.
    """

    found: dict[str, Exercise] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)


def _exercise_list(reader: NodeReader, node: yaml.Node) -> _Exercises:
    """Read a list of exercises (a library, or a routine's inline ones)."""
    result = _Exercises()
    first_line: dict[str, int] = {}
    for item in reader.sequence(node, "a list of exercises") or []:
        before = len(reader.problems)
        fields = reader.mapping(item, _EXERCISE_REQUIRED, _EXERCISE_OPTIONAL, "an exercise")
        if fields is None:
            continue
        ex_id = reader.get(fields, "id", reader.ident)
        if ex_id is not None and ex_id in first_line:
            reader.error(
                fields["id"].value,
                f"duplicate exercise id '{ex_id}' (first at line {first_line[ex_id]})",
            )
            ex_id = None
        elif ex_id is not None:
            first_line[ex_id] = fields["id"].value.start_mark.line + 1
        name = reader.get(fields, "name", reader.text)
        category = reader.get(fields, "category", lambda n: reader.choice(n, list(Category)))
        exercise = Exercise(
            id=ex_id or "",
            name=name or "",
            category=None if category is None else Category(category),
            sided=reader.get(fields, "sided", reader.boolean, False),
            summary=reader.get(fields, "summary", reader.text, ""),
            how_to=reader.get(fields, "steps", reader.text_list, ()),
            cues=reader.get(fields, "cues", reader.text_list, ()),
            cautions=reader.get(fields, "cautions", reader.text_list, ()),
            equipment=reader.get(fields, "equipment", reader.text_list, ()),
            illustration=reader.get(fields, "illustration", reader.illustration),
            seconds_per_rep=reader.get(
                fields,
                "seconds_per_rep",
                lambda n: reader.whole(n, 1, MAX_SECONDS_PER_REP),
                SECONDS_PER_REP,
            ),
        )
        if len(reader.problems) == before:
            result.found[exercise.id] = exercise
        elif "id" in fields and isinstance(fields["id"].value, yaml.ScalarNode):
            # Remembered as written, even an invalid id, so its uses stay quiet.
            result.broken.add(fields["id"].value.value)
    return result


def load_exercises(data: bytes, path: str) -> dict[str, Exercise]:
    """Read an exercise library file (``kind: exercises``)."""
    reader, root, kind = _read_root(data, path)
    _expect_kind(kind, "exercises", reader, root)
    fields = reader.fields(root, ("format", "kind", "exercises"))
    exercises = _exercise_list(reader, fields["exercises"].value) if "exercises" in fields else None
    reader.fail_if_any()
    return exercises.found if exercises is not None else {}


# -- routines --------------------------------------------------------------------


def _step(
    reader: NodeReader,
    node: yaml.Node,
    exercises: Mapping[str, Exercise],
    broken: Collection[str],
    defaults: Mapping[str, int],
) -> Step | None:
    """Read one step; ``broken`` holds the ids of exercises already reported."""
    fields = reader.mapping(node, ("exercise",), _STEP_KEYS[1:], "a step")
    if fields is None:
        return None
    before = len(reader.problems)

    exercise = None
    already_reported = False
    if "exercise" in fields:
        ex_node = fields["exercise"].value
        already_reported = isinstance(ex_node, yaml.ScalarNode) and ex_node.value in broken
        ex_id = None if already_reported else reader.ident(ex_node)
        if ex_id is not None:
            exercise = exercises.get(ex_id)
            if exercise is None:
                hint = suggest(ex_id, [*exercises, *broken])
                reader.error(ex_node, f"unknown exercise '{ex_id}'{hint}")

    sets = reader.get(fields, "sets", lambda n: reader.whole(n, 1, 50), 1)
    dose = _dose(reader, node, fields)

    timing = {
        key: reader.get(fields, key, lambda n: reader.duration(n, 0), defaults[key])
        for key in _DEFAULT_KEYS
    }

    sides = Sides.BOTH if exercise is not None and exercise.sided else Sides.NONE
    if "sides" in fields:
        sides_node = fields["sides"].value
        chosen = reader.choice(sides_node, list(Sides))
        if chosen is not None:
            sides = Sides(chosen)
            if exercise is not None and not exercise.sided and sides is not Sides.NONE:
                reader.error(
                    sides_node,
                    f"sides '{chosen}' needs a sided exercise: '{exercise.id}' has sided: false",
                )
    note = reader.get(fields, "note", reader.text, "")

    if len(reader.problems) > before or already_reported or exercise is None or dose is None:
        return None
    return Step(
        exercise=exercise,
        dose=dose,
        sets=sets,
        rest=timing["rest"],
        get_ready=timing["get_ready"],
        switch=timing["switch"],
        sides=sides,
        note=note,
    )


def _later(a: Field, b: Field) -> yaml.Node:
    """The key written second of two that clash: the one to point at."""
    ka, kb = a.key.start_mark, b.key.start_mark
    return a.key if (ka.line, ka.column) > (kb.line, kb.column) else b.key


def _dose(reader: NodeReader, node: yaml.Node, fields: Mapping[str, Field]) -> Dose | None:
    """Read time / reps / tempo / hold / relax into one dose, checking how they combine.

    Every field present is read (so each of its problems is reported) before
    the combination is judged.
    """
    before = len(reader.problems)
    time = reader.get(fields, "time", lambda n: reader.duration(n, 1))
    reps = reader.get(fields, "reps", lambda n: reader.whole(n, 1, 500))
    tempo = reader.get(fields, "tempo", lambda n: _tempo(reader, n))
    hold = reader.get(fields, "hold", lambda n: reader.duration(n, 1))
    relax = reader.get(fields, "relax", lambda n: reader.duration(n, 0), 0)

    has = set(fields)
    if "time" in has and "reps" in has:
        reader.error(
            _later(fields["time"], fields["reps"]), "'time' and 'reps' cannot both be set: use one"
        )
    elif "time" not in has and "reps" not in has:
        reader.error(node, "missing 'time' or 'reps': a step needs one of them")
    elif "time" in has:
        for key in ("tempo", "hold", "relax"):
            if key in has:
                reader.error(fields[key].key, f"'{key}' goes with 'reps', not with 'time'")
    if "tempo" in has and "hold" in has:
        reader.error(
            _later(fields["tempo"], fields["hold"]),
            "'tempo' and 'hold' cannot both be set: use one",
        )
    if "relax" in has and "hold" not in has and "time" not in has:
        reader.error(
            fields["relax"].key, "'relax' goes with 'hold': each rep is held, then relaxed"
        )

    if len(reader.problems) > before:
        return None
    if time is not None:
        return Dose(DoseKind.TIMED, time=time)
    # Without time, reps were required.
    if tempo is not None:
        return Dose(DoseKind.PACED, reps=known(reps), tempo=tempo)
    if hold is not None:
        return Dose(DoseKind.HELD, reps=known(reps), hold=hold, relax=relax)
    return Dose(DoseKind.SELF_PACED, reps=known(reps))


def _tempo(reader: NodeReader, node: yaml.Node) -> Tempo | None:
    before = len(reader.problems)
    fields = reader.mapping(node, (), _TEMPO_KEYS, "a tempo mapping such as {up: 1s, down: 3s}")
    if fields is None:
        return None
    phases = {k: reader.get(fields, k, lambda n: reader.duration(n, 0), 0) for k in _TEMPO_KEYS}
    if len(reader.problems) > before:
        return None
    tempo = Tempo(**phases)
    if tempo.rep_seconds < 1:
        reader.error(node, "a tempo needs at least one phase longer than 0 s")
        return None
    return tempo


def load_routine(
    data: bytes,
    path: str,
    library: Mapping[str, Exercise],
    taken_ids: Mapping[str, str] | None = None,
    get_ready: int = STEP_DEFAULTS["get_ready"],
) -> Routine:
    """Read a routine file.

    ``library`` holds the exercises steps may name (a routine's inline
    exercises shadow it); ``taken_ids`` maps routine ids already loaded to
    the file that holds them. ``get_ready`` is the get-ready time of steps
    whose routine sets none (the user's setting; the format's default is 5 s).
    """
    reader, root, kind = _read_root(data, path)
    _expect_kind(kind, "routine", reader, root)
    fields = reader.fields(root, _ROUTINE_REQUIRED, _ROUTINE_OPTIONAL)

    routine_id = _unique_id(reader, fields, "routine", taken_ids)
    name = reader.get(fields, "name", reader.text)
    description = reader.get(fields, "description", reader.text, "")
    cautions: tuple[str, ...] = reader.get(fields, "cautions", reader.text_list, ())

    defaults = dict(STEP_DEFAULTS, get_ready=get_ready)
    if "defaults" in fields:
        given = reader.mapping(fields["defaults"].value, (), _DEFAULT_KEYS, "a mapping of defaults")
        for key in _DEFAULT_KEYS:
            defaults[key] = reader.get(
                given or {}, key, lambda n: reader.duration(n, 0), defaults[key]
            )

    exercises = dict(library)
    broken: set[str] = set()
    if "exercises" in fields:
        inline = _exercise_list(reader, fields["exercises"].value)
        exercises.update(inline.found)
        broken = inline.broken

    steps = []
    if "steps" in fields:
        for item in reader.sequence(fields["steps"].value, "a list of steps") or []:
            steps.append(_step(reader, item, exercises, broken, defaults))

    reader.fail_if_any()
    return Routine(
        id=known(routine_id),
        name=known(name),
        description=description,
        cautions=cautions,
        steps=tuple(known(step) for step in steps),
        source=Path(path),
    )


# -- programs ----------------------------------------------------------------------


def load_program(
    data: bytes,
    path: str,
    routine_ids: Collection[str],
    taken_ids: Mapping[str, str] | None = None,
) -> Program:
    """Read a program file; every routine it names must be in ``routine_ids``."""
    reader, root, kind = _read_root(data, path)
    _expect_kind(kind, "program", reader, root)
    fields = reader.fields(root, _PROGRAM_REQUIRED, ("description",))
    program_id = _unique_id(reader, fields, "program", taken_ids)
    name = reader.get(fields, "name", reader.text)
    description = reader.get(fields, "description", reader.text, "")
    stages = []
    stage_nodes = []
    if "stages" in fields:
        stage_nodes = reader.sequence(fields["stages"].value, "a list of stages") or []
        if len(stage_nodes) > 20:
            reader.error(
                fields["stages"].value, f"expected 1 to 20 stages, found {len(stage_nodes)}"
            )
    for item in stage_nodes:
        stage = reader.mapping(item, _STAGE_REQUIRED, ("goal",), "a stage")
        if stage is None:
            continue
        routines = []
        if "routines" in stage:
            for rnode in reader.sequence(stage["routines"].value, "a list of routine ids") or []:
                rid = reader.ident(rnode)
                if rid is None:
                    continue
                if rid not in routine_ids:
                    reader.error(rnode, f"unknown routine '{rid}'{suggest(rid, routine_ids)}")
                routines.append(rid)
        stages.append(
            Stage(
                name=reader.get(stage, "name", reader.text, ""),
                weeks=reader.get(stage, "weeks", lambda n: reader.whole(n, 1, 52), 1),
                sessions_per_week=reader.get(
                    stage, "sessions_per_week", lambda n: reader.whole(n, 1, 14), 1
                ),
                routines=tuple(routines),
                goal=reader.get(stage, "goal", reader.text, ""),
            )
        )
    reader.fail_if_any()
    return Program(
        id=known(program_id),
        name=known(name),
        description=description,
        stages=tuple(stages),
        source=Path(path),
    )
