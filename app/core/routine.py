"""The routine model: exercises, doses, steps, routines and programs.

Values only (frozen dataclasses); all durations are whole seconds. The
names follow the routine format: a *step* is one exercise with its dose, a
*set* is one round of it, a *side* is left, right or none, and a *work
block* is one side of one set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Category(StrEnum):
    STRETCH = "stretch"
    STRENGTH = "strength"
    MOBILITY = "mobility"
    BALANCE = "balance"
    RELEASE = "release"


class Sides(StrEnum):
    """Which sides a step works: the ``sides`` field of a step."""

    BOTH = "both"
    LEFT = "left"
    RIGHT = "right"
    NONE = "none"


class Side(StrEnum):
    """The side of one work block."""

    LEFT = "left"
    RIGHT = "right"
    NONE = "none"


class DoseKind(StrEnum):
    TIMED = "timed"  # time: hold, balance, roll for a number of seconds
    PACED = "paced"  # reps with a tempo: every rep phase is cued
    HELD = "held"  # reps, each held, then a relax pause
    SELF_PACED = "self-paced"  # reps at the user's pace; ends when the user says done


# How a self-paced rep is paced when the exercise does not say: used only to
# estimate how long a session takes.
SECONDS_PER_REP = 3


@dataclass(frozen=True)
class Exercise:
    """What a movement is and how to do it; only ``id`` and ``name`` are required.

    ``category`` is ``None`` when the file gives none (the screens say
    "exercise"); empty text fields are simply not shown. ``how_to`` holds the
    lines the file writes under ``steps:``: how to do the movement, in order
    (not the routine's steps, which are ``Step`` values).
    """

    id: str
    name: str
    category: Category | None = None
    sided: bool = False
    summary: str = ""
    how_to: tuple[str, ...] = ()  # the file's `steps:` lines
    cues: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    illustration: Path | None = None  # an .svg or .png inside the naming file's folder
    seconds_per_rep: int = SECONDS_PER_REP


@dataclass(frozen=True)
class Tempo:
    """Seconds for each phase of one paced rep; a missing phase is 0."""

    up: int = 0
    top: int = 0
    down: int = 0
    bottom: int = 0

    @property
    def rep_seconds(self) -> int:
        return self.up + self.top + self.down + self.bottom


@dataclass(frozen=True)
class Dose:
    """What one work block asks for."""

    kind: DoseKind
    time: int = 0  # TIMED: seconds of work
    reps: int = 0  # PACED, HELD, SELF_PACED
    tempo: Tempo | None = None  # PACED
    hold: int = 0  # HELD
    relax: int = 0  # HELD

    @property
    def work_seconds(self) -> int | None:
        """Length of one work block, or ``None`` when the user ends it (self-paced)."""
        match self.kind:
            case DoseKind.TIMED:
                return self.time
            case DoseKind.PACED:
                assert self.tempo is not None
                return self.reps * self.tempo.rep_seconds
            case DoseKind.HELD:
                return self.reps * self.hold + (self.reps - 1) * self.relax
            case DoseKind.SELF_PACED:
                return None
        raise AssertionError(self.kind)

    @property
    def planned_seconds(self) -> int:
        """What one work block counts toward the routine's planned length."""
        return self.work_seconds or 0


@dataclass(frozen=True)
class Step:
    exercise: Exercise
    dose: Dose
    sets: int = 1
    rest: int = 30
    get_ready: int = 5
    switch: int = 5
    sides: Sides = Sides.NONE
    note: str = ""

    @property
    def block_sides(self) -> tuple[Side, ...]:
        """The sides of the work blocks of one set, in order."""
        match self.sides:
            case Sides.BOTH:
                return (Side.LEFT, Side.RIGHT)
            case Sides.LEFT:
                return (Side.LEFT,)
            case Sides.RIGHT:
                return (Side.RIGHT,)
        return (Side.NONE,)


@dataclass(frozen=True)
class Routine:
    id: str
    name: str
    steps: tuple[Step, ...]
    description: str = ""
    cautions: tuple[str, ...] = ()  # shown before the session starts, never hidden
    source: Path | None = field(default=None, compare=False)
    builtin: bool = field(default=False, compare=False)

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        """Distinct exercises in the order they first appear."""
        seen: dict[str, Exercise] = {}
        for step in self.steps:
            seen.setdefault(step.exercise.id, step.exercise)
        return tuple(seen.values())

    @property
    def categories(self) -> tuple[Category | None, ...]:
        """Distinct categories in order; ``None`` stands for exercises given none."""
        return tuple(dict.fromkeys(e.category for e in self.exercises))


@dataclass(frozen=True)
class Stage:
    name: str
    weeks: int
    sessions_per_week: int
    routines: tuple[str, ...]
    goal: str = ""


@dataclass(frozen=True)
class Program:
    id: str
    name: str
    stages: tuple[Stage, ...]
    description: str = ""
    source: Path | None = field(default=None, compare=False)
    builtin: bool = field(default=False, compare=False)
