"""The words Footwork shows for doses and phases, made from the routine data.

One place for them, so that the screen (and the spoken cues, which build
on these) can never disagree with the timer about a dose, and the coach
never writes a dose another way than the routine page.

A duration for people is written one way everywhere (``seconds_words``):
in seconds up to two minutes (``45 s``, ``90 s``, ``120 s``), then in
minutes and seconds (``2 min 30 s``, ``5 min``). Holds are set and raised
in seconds (by 5 s, up to the coach's 120 s a set), so ``90 s → 95 s``
reads at a glance where ``1 min 30 s → 1 min 35 s`` does not; longer
spans, such as a week's load, read better in minutes. The voice says
seconds up to two minutes too, whole minutes aside (``spoken_seconds``).
"""

from __future__ import annotations

from collections.abc import Callable

from app.core.reps import RepPhase, RepPosition
from app.core.routine import Category, Dose, DoseKind, Side, Sides, Step
from app.core.timeline import Phase, PhaseKind

REP_PHASE_WORDS = {
    RepPhase.UP: "up",
    RepPhase.TOP: "hold at the top",
    RepPhase.DOWN: "lower",
    RepPhase.BOTTOM: "rest at the bottom",
    RepPhase.HOLD: "hold",
    RepPhase.RELAX: "relax",
}

# What a timed work block is called, by kind of exercise (none given: plain "Work").
_TIMED_VERB = {
    Category.STRETCH: "Hold",
    Category.BALANCE: "Balance",
    Category.RELEASE: "Roll",
    Category.MOBILITY: "Move",
    Category.STRENGTH: "Work",
    None: "Work",
}

# How an exercise whose file gives no category is called where kinds are listed.
NO_CATEGORY = "exercise"


def category_words(category: Category | None) -> str:
    """``stretch``, ``strength``...; ``exercise`` for an exercise given no category."""
    return NO_CATEGORY if category is None else category.value


def categories_words(categories: tuple[Category | None, ...]) -> str:
    """The kinds of work in a routine, as the library and the routine page list them."""
    return ", ".join(dict.fromkeys(category_words(c) for c in categories))


def _tempo_words(dose: Dose, seconds_words: Callable[[int], str]) -> str:
    """``1 s up, 3 s down`` (shown) or ``1 second up, 3 seconds down`` (spoken)."""
    assert dose.tempo is not None
    tempo = dose.tempo
    phases = (
        ("up", tempo.up),
        ("at the top", tempo.top),
        ("down", tempo.down),
        ("at the bottom", tempo.bottom),
    )
    return ", ".join(f"{seconds_words(s)} {word}" for word, s in phases if s)


def side_words(side: Side) -> str:
    return {Side.LEFT: "left side", Side.RIGHT: "right side", Side.NONE: ""}[side]


# -- numbers, durations and doses, as shown ---------------------------------------------

TWO_MINUTES = 120


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def seconds_words(seconds: int) -> str:
    """A duration for people: ``45 s``, ``90 s``, ``120 s``, then ``2 min 30 s``, ``5 min``."""
    if seconds <= TWO_MINUTES:
        return f"{seconds} s"
    minutes, secs = divmod(seconds, 60)
    return f"{minutes} min {secs} s" if secs else f"{minutes} min"


def reps_words(reps: int) -> str:
    """``1 rep``, ``15 reps``."""
    return _plural(reps, "rep")


def amount_words(amount: int, timed: bool) -> str:
    """Seconds (``90 s``) or reps (``15 reps``): a work block's amount, or a week's load."""
    return seconds_words(amount) if timed else reps_words(amount)


def plain_number(value: float) -> str:
    """``1``, ``1.5``: a median or a done amount, to one decimal without a trailing ``.0``."""
    return f"{value:.1f}".removesuffix(".0")


def percent_more(new: float, old: float) -> int:
    """How much more ``new`` is than ``old``, in whole percent (half up)."""
    return int((new - old) * 100 / old + 0.5)


_SIDES_WORDS = {
    Sides.BOTH: ", each side",
    Sides.LEFT: ", left side",
    Sides.RIGHT: ", right side",
    Sides.NONE: "",
}


def dose_words(sets: int, block: str, sides: Sides = Sides.NONE) -> str:
    """The one way a dose is written: ``3 × 90 s, each side``, ``15 reps``.

    ``block`` is one work block's words (``block_dose_words``, or the coach's
    amount); one set shows no ``1 ×``. The routine page and the coach both
    write their doses here, so the same dose always reads the same.
    """
    times = f"{sets} × " if sets > 1 else ""
    return f"{times}{block}{_SIDES_WORDS[sides]}"


def block_dose_words(dose: Dose) -> str:
    """One block's dose: ``90 s``, ``15 reps, 1 s up, 3 s down``, ``100 reps at your own pace``."""
    match dose.kind:
        case DoseKind.TIMED:
            return seconds_words(dose.time)
        case DoseKind.PACED:
            return f"{reps_words(dose.reps)}, " + _tempo_words(dose, seconds_words)
        case DoseKind.HELD:
            text = f"{reps_words(dose.reps)}, hold {seconds_words(dose.hold)}"
            return text + (f", relax {seconds_words(dose.relax)}" if dose.relax else "")
    return f"{reps_words(dose.reps)} at your own pace"


def step_dose_words(step: Step) -> str:
    """The whole step: ``3 × 90 s, each side``."""
    return dose_words(step.sets, block_dose_words(step.dose), step.sides)


def phase_title(phase: Phase, rep: RepPosition | None = None) -> str:
    """The phase in words, as the big banner shows it."""
    if phase.kind is PhaseKind.GET_READY:
        return "Get ready"
    if phase.kind is PhaseKind.SWITCH:
        return f"Switch to the {side_words(phase.side)}"
    if phase.kind is PhaseKind.REST:
        return "Rest"
    dose = phase.step.dose
    if rep is not None:
        return f"Rep {rep.rep} of {rep.reps} - {REP_PHASE_WORDS[rep.phase]}"
    if dose.kind is DoseKind.SELF_PACED:
        return f"{reps_words(dose.reps)} at your pace"
    return _TIMED_VERB[phase.step.exercise.category]


def block_words(phase: Phase) -> str:
    """A work block for 'next up': ``Soleus stretch, right side, 90 s``."""
    parts = [phase.step.exercise.name, side_words(phase.side), block_dose_words(phase.step.dose)]
    return ", ".join(p for p in parts if p)


# -- spoken words: the voice cues say these, so they follow the same data --------------

# fmt: off
_NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)
# fmt: on

# What the voice says at the start of each rep phase.
SPOKEN_REP_PHASE = {
    RepPhase.UP: "up",
    RepPhase.TOP: "hold",
    RepPhase.DOWN: "lower",
    RepPhase.BOTTOM: "rest",
    RepPhase.HOLD: "hold",
    RepPhase.RELAX: "relax",
}


def number_words(n: int) -> str:
    """``7`` -> ``seven``; numbers past twenty stay digits, which every voice reads well."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def spoken_seconds(seconds: int) -> str:
    """``90 seconds``, ``2 minutes``, ``2 minutes 30 seconds``: up to two minutes in seconds,
    whole minutes aside, which the ear takes better as minutes."""
    if seconds <= TWO_MINUTES and seconds % 60:
        return _plural(seconds, "second")
    minutes, secs = divmod(seconds, 60)
    if secs:
        return f"{_plural(minutes, 'minute')} {_plural(secs, 'second')}"
    return _plural(minutes, "minute")


def spoken_dose(dose: Dose) -> str:
    """One block's dose aloud: ``90 seconds``, ``15 reps, 1 second up, 3 seconds down``."""
    match dose.kind:
        case DoseKind.TIMED:
            return spoken_seconds(dose.time)
        case DoseKind.PACED:
            return f"{_plural(dose.reps, 'rep')}, " + _tempo_words(dose, spoken_seconds)
        case DoseKind.HELD:
            return f"{_plural(dose.reps, 'rep')}, hold {spoken_seconds(dose.hold)} each"
    return f"{_plural(dose.reps, 'rep')} at your own pace"


def spoken_block(phase: Phase) -> str:
    """The work block a get ready leads into: ``Soleus stretch, left side, 90 seconds``."""
    step = phase.step
    parts = [step.exercise.name, side_words(phase.side), spoken_dose(step.dose)]
    if step.sets > 1:
        parts.append(f"{step.sets} sets")
    return ", ".join(p for p in parts if p)


def spoken_next(rest: Phase, next_work: Phase | None) -> str:
    """The rest announcement: ``Rest 30 seconds, next: Short foot``."""
    text = f"Rest {spoken_seconds(rest.duration)}"
    if next_work is None:
        return text
    if next_work.step_index == rest.step_index:
        following = f"set {next_work.set_number} of {next_work.step.sets}"
        if next_work.side is not Side.NONE:
            following += f", {side_words(next_work.side)}"
    else:
        following = next_work.step.exercise.name
    return f"{text}, next: {following}"
