"""Everything loaded at start: exercises, built-in and user routines, programs.

A file that fails never stops the others: it is kept in ``failures`` with
its problems, and the good files load as usual.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from app.core.errors import LoadError, Problem
from app.core.loader import STEP_DEFAULTS, load_exercises, load_program, load_routine
from app.core.resources import RESOURCES
from app.core.routine import Exercise, Program, Routine
from app.core.safeyaml import MAX_BYTES
from app.paths import describe_kind

_Item = TypeVar("_Item", Routine, Program)

ROUTINE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Failure:
    """A file that could not be loaded, and why."""

    path: Path
    problems: tuple[Problem, ...]


@dataclass
class Library:
    exercises: dict[str, Exercise] = field(default_factory=dict)
    routines: dict[str, Routine] = field(default_factory=dict)
    programs: dict[str, Program] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)


def read_bytes(path: Path, shown: str) -> bytes:
    """Read a regular file (a link to one is fine), or raise a ``LoadError`` that names it.

    A FIFO, a device, a socket or a folder is refused without being read: a
    FIFO with no writer would wait forever, and a device may never end. It
    is opened (if at all) without blocking, and checked again once open.
    """
    try:
        if not stat.S_ISREG(mode := os.stat(path).st_mode):
            raise _not_regular(shown, mode)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(mode := os.fstat(fd).st_mode):
                raise _not_regular(shown, mode)  # swapped in since the look
            # One byte past the limit is enough to refuse a huge file
            # without reading all of it.
            return handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise LoadError([Problem(shown, 1, 1, f"cannot read file: {exc.strerror}")]) from None


def _not_regular(shown: str, mode: int) -> LoadError:
    return LoadError([Problem(shown, 1, 1, f"not a regular file ({describe_kind(mode)})")])


def files_in(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    # Anything but a folder is tried, so a broken link is reported, not skipped.
    return sorted(p for p in folder.iterdir() if p.suffix in ROUTINE_SUFFIXES and not p.is_dir())


def load_library(
    resources: Path = RESOURCES,
    data_dir: Path | None = None,
    get_ready: int = STEP_DEFAULTS["get_ready"],
) -> Library:
    """Load the built-in files, then the user's routines and programs in ``data_dir``.

    ``get_ready`` replaces the 5 s get ready of steps whose routine sets none.
    """
    library = Library()
    exercises_file = resources / "exercises.yaml"
    try:
        library.exercises = load_exercises(
            read_bytes(exercises_file, str(exercises_file)), str(exercises_file)
        )
    except LoadError as exc:
        library.failures.append(Failure(exercises_file, exc.problems))

    routine_files = [(p, True) for p in files_in(resources / "routines")]
    program_files = [(p, True) for p in files_in(resources / "programs")]
    if data_dir is not None:
        routine_files += [(p, False) for p in files_in(data_dir / "routines")]
        program_files += [(p, False) for p in files_in(data_dir / "programs")]

    _load_routines(library, routine_files, get_ready)
    _load_programs(library, program_files)
    return library


def _load_routines(library: Library, files: Iterable[tuple[Path, bool]], get_ready: int) -> None:
    taken: dict[str, str] = {}
    for path, builtin in files:
        try:
            data = read_bytes(path, str(path))
            routine = load_routine(data, str(path), library.exercises, taken, get_ready)
        except LoadError as exc:
            library.failures.append(Failure(path, exc.problems))
            continue
        routine = _with_origin(routine, path, builtin)
        library.routines[routine.id] = routine
        taken[routine.id] = str(path)


def _load_programs(library: Library, files: Iterable[tuple[Path, bool]]) -> None:
    taken: dict[str, str] = {}
    for path, builtin in files:
        try:
            program = load_program(read_bytes(path, str(path)), str(path), library.routines, taken)
        except LoadError as exc:
            library.failures.append(Failure(path, exc.problems))
            continue
        library.programs[program.id] = _with_origin(program, path, builtin)
        taken[program.id] = str(path)


def _with_origin(item: _Item, path: Path, builtin: bool) -> _Item:
    return replace(item, source=path, builtin=builtin)
