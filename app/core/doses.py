"""The coach's dose of a step, and how it moves one increment up or down.

Three things are called a dose, each with its own type:

- ``routine.Dose``: what one work block asks for, as the routine file
  writes it (seconds, or reps with their tempo, hold or pace).
- ``CoachDose`` (here): the coach's view of a whole step, the part it may
  change: sets, and seconds or reps per work block.
- ``DoseChange`` (``app.storage.records``): the logged decision, a coach's
  dose accepted for a step of a routine from a moment on.

The coach never changes a routine file: the log keeps the dose in force per
step, and ``apply_doses`` gives the player the routine with those doses.

A step is known by its exercise, not its place: its key is the exercise id
and its occurrence among the routine's steps of that exercise (1 for the
first, 2 for the second; ``step_keys``). Adding, removing or moving steps
keeps each exercise's dose.

The numbers:

- An increment is about 10 % of the amount per set: 5 s for a timed set
  (10 s from 100 s, 15 s from 150 s), 1 rep (2 from 20 reps, 10 from 100).
  Lowering a dose takes off the same, never below 10 s, 1 rep or 1 set; at
  the lowest amount it takes off a set.
- Ceilings per set: 120 s timed, 20 paced or held reps, 100 reps at your
  own pace. At the ceiling, raising a dose adds a set and spreads the same
  total (rounded down) over the sets, up to 5 sets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from app.core.routine import DoseKind, Routine, Step
from app.core.wording import amount_words, dose_words

MIN_TIME = 10  # seconds: the shortest timed set the coach proposes
MIN_REPS = 1
MIN_SETS = 1
TIME_INCREMENT = 5  # the smallest increment of a timed set
REP_INCREMENT = 1
TIME_CEILING = 120  # the source's longest calf stretch hold, 2 minutes
REPS_CEILING = {DoseKind.PACED: 20, DoseKind.HELD: 20, DoseKind.SELF_PACED: 100}
SETS_CEILING = 5


@dataclass(frozen=True)
class CoachDose:
    """The coach's view of a step's dose: sets, and seconds or reps per work block.

    Exactly one of ``time`` (a timed step) and ``reps`` (paced, held or
    self-paced reps) is above 0. Tempo, hold and relax seconds never change,
    so they are not here: the step's ``routine.Dose`` keeps them.
    """

    sets: int
    time: int = 0
    reps: int = 0

    def __post_init__(self) -> None:
        if self.sets < MIN_SETS:
            raise ValueError(f"a dose needs at least 1 set, not {self.sets}")
        if self.time < 0 or self.reps < 0 or (self.time > 0) == (self.reps > 0):
            raise ValueError(f"a dose has either time or reps above 0: {self!r}")

    @classmethod
    def of(cls, step: Step) -> CoachDose:
        """The dose the routine file gives the step."""
        if step.dose.kind is DoseKind.TIMED:
            return cls(step.sets, time=step.dose.time)
        return cls(step.sets, reps=step.dose.reps)

    @property
    def timed(self) -> bool:
        return self.time > 0

    @property
    def amount(self) -> int:
        """Seconds or reps per work block."""
        return self.time or self.reps

    @property
    def total(self) -> int:
        """Seconds or reps over all sets of one side: how doses are compared."""
        return self.sets * self.amount

    def fits(self, step: Step) -> bool:
        """Whether this dose can replace the step's: timed for timed, reps for reps."""
        return self.timed == (step.dose.kind is DoseKind.TIMED)

    def with_amount(self, amount: int) -> CoachDose:
        return replace(self, time=amount) if self.timed else replace(self, reps=amount)

    def words(self) -> str:
        """``60 s``, ``3 × 60 s``, ``15 reps``: as the routine page writes the step's dose."""
        return dose_words(self.sets, amount_words(self.amount, self.timed))


StepKey = tuple[str, int]  # (exercise id, occurrence among the routine's steps of it)


def step_keys(routine: Routine) -> tuple[StepKey, ...]:
    """Each step's key, in step order: its exercise and which step of that exercise it is.

    A routine that uses one exercise in two steps has keys (id, 1) and
    (id, 2), in the order the steps come. The log keeps doses by key, so a
    dose follows its exercise when other steps are added, removed or moved.
    """
    seen: dict[str, int] = {}
    keys = []
    for step in routine.steps:
        seen[step.exercise.id] = seen.get(step.exercise.id, 0) + 1
        keys.append((step.exercise.id, seen[step.exercise.id]))
    return tuple(keys)


# -- one increment up or down ------------------------------------------------------


def increment(dose: CoachDose) -> int:
    """About 10 % of the amount per set, never less than 5 s or 1 rep.

    Never more than the weekly cap allows either: a bigger fixed increment
    (15 s on a 60 s hold is 25 %) could not pass the cap at a steady week,
    and the dose would never go up.
    """
    if dose.timed:
        return max(TIME_INCREMENT, dose.time // 50 * 5)
    return max(REP_INCREMENT, dose.reps // 10)


def smallest_increment(timed: bool) -> int:
    """The increment of the shortest sets: the weekly cap's room per block."""
    return TIME_INCREMENT if timed else REP_INCREMENT


def amount_ceiling(kind: DoseKind) -> int:
    """The most seconds or reps per set the coach proposes before adding a set."""
    return TIME_CEILING if kind is DoseKind.TIMED else REPS_CEILING[kind]


def amount_floor(dose: CoachDose) -> int:
    """The least seconds or reps per set the coach proposes."""
    return MIN_TIME if dose.timed else MIN_REPS


def raise_dose(dose: CoachDose, kind: DoseKind) -> CoachDose | None:
    """One increment up, or None at the top of the ramp.

    Below the ceiling the amount grows by one increment. At the ceiling a
    set is added and the same total is spread over the sets (rounded down,
    to 5 s for timed sets): the week's load stays within the cap, and the
    ramp can go on from the shorter sets.
    """
    top = amount_ceiling(kind)
    if dose.amount < top:
        return dose.with_amount(min(top, dose.amount + increment(dose)))
    if dose.sets >= SETS_CEILING:
        return None
    spread = dose.total // (dose.sets + 1)
    if dose.timed:
        spread = spread // TIME_INCREMENT * TIME_INCREMENT
    return replace(dose, sets=dose.sets + 1).with_amount(max(amount_floor(dose), spread))


def lower_dose(dose: CoachDose) -> CoachDose | None:
    """One increment down, or None at the lowest dose (the floor amount and 1 set)."""
    low = amount_floor(dose)
    if dose.amount > low:
        return dose.with_amount(max(low, dose.amount - increment(dose)))
    if dose.sets > MIN_SETS:
        return replace(dose, sets=dose.sets - 1)
    return None


def smaller(a: CoachDose, b: CoachDose) -> CoachDose:
    """The smaller dose by total; ``a`` on a tie."""
    return b if b.total < a.total else a


# -- the routine the player plays --------------------------------------------------


def check_step_indexes(routine: Routine, indexes: Iterable[int]) -> None:
    """Raise ``ValueError`` for an index of a step the routine lacks."""
    for index in indexes:
        if not 0 <= index < len(routine.steps):
            raise ValueError(f"routine '{routine.id}' has no step {index}")


def apply_doses(routine: Routine, doses: Mapping[int, CoachDose]) -> Routine:
    """The routine with those steps' sets and seconds or reps replaced; the rest is kept.

    A timed step changes its time; paced, held and self-paced reps change
    their reps (tempo, hold and relax stay). Raises ``ValueError`` for a step
    index the routine lacks or a dose that does not fit its step (see
    ``CoachDose.fits``).
    """
    check_step_indexes(routine, doses)
    steps = list(routine.steps)
    for index, coach_dose in doses.items():
        step = steps[index]
        if not coach_dose.fits(step):
            kind = "a timed" if step.dose.kind is DoseKind.TIMED else "a reps"
            raise ValueError(
                f"step {index} of '{routine.id}' is {kind} step: {coach_dose} does not fit"
            )
        dose = (
            replace(step.dose, time=coach_dose.time)
            if coach_dose.timed
            else replace(step.dose, reps=coach_dose.reps)
        )
        steps[index] = replace(step, sets=coach_dose.sets, dose=dose)
    return replace(routine, steps=tuple(steps))
