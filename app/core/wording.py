"""The words Footwork shows for doses and phases, made from the routine data.

One place for them, so that the screen (and the spoken cues, which build
on these) can never disagree with the timer about a dose.
"""

from __future__ import annotations

from app.core.durations import describe_seconds
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

# What a timed work block is called, by kind of exercise.
_TIMED_VERB = {
    Category.STRETCH: "Hold",
    Category.BALANCE: "Balance",
    Category.RELEASE: "Roll",
    Category.MOBILITY: "Move",
    Category.STRENGTH: "Work",
}


def side_words(side: Side) -> str:
    return {Side.LEFT: "left side", Side.RIGHT: "right side", Side.NONE: ""}[side]


def dose_words(dose: Dose) -> str:
    """One block's dose: ``90 s``, ``15 reps, 1 s up, 3 s down``, ``100 reps at your pace``."""
    match dose.kind:
        case DoseKind.TIMED:
            return describe_seconds(dose.time)
        case DoseKind.PACED:
            assert dose.tempo is not None
            parts = [
                f"{describe_seconds(seconds)} {word}"
                for word, seconds in (
                    ("up", dose.tempo.up),
                    ("at the top", dose.tempo.top),
                    ("down", dose.tempo.down),
                    ("at the bottom", dose.tempo.bottom),
                )
                if seconds
            ]
            return f"{dose.reps} reps, " + ", ".join(parts)
        case DoseKind.HELD:
            text = f"{dose.reps} reps, hold {describe_seconds(dose.hold)}"
            return text + (f", relax {describe_seconds(dose.relax)}" if dose.relax else "")
    return f"{dose.reps} reps at your own pace"


def step_dose_words(step: Step) -> str:
    """The whole step: ``3 × 90 s, each side``."""
    sets = f"{step.sets} × " if step.sets > 1 else ""
    sides = {
        Sides.BOTH: ", each side",
        Sides.LEFT: ", left side",
        Sides.RIGHT: ", right side",
        Sides.NONE: "",
    }[step.sides]
    return f"{sets}{dose_words(step.dose)}{sides}"


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
        return f"{dose.reps} reps at your pace"
    return _TIMED_VERB[phase.step.exercise.category]


def block_words(phase: Phase) -> str:
    """A work block for 'next up': ``Soleus stretch, right side, 90 s``."""
    parts = [phase.step.exercise.name, side_words(phase.side), dose_words(phase.step.dose)]
    return ", ".join(p for p in parts if p)
