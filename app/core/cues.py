"""What to sound and say, and when: the cues a user follows without looking.

The cue engine turns the player's events and snapshots into ``Cue`` values:
a sound to play, words to say, and the instant they belong to. It knows
nothing of audio devices or Qt; ``app.ui.cues`` plays what it returns. All
the words come from ``app.core.wording``, so the voice reads the same dose
the timer runs.

Two kinds of trigger:

* events (a phase starts, a rep phase changes, a block or the session
  ends): cued when they arrive, at the instant the player scheduled them;
* marks inside a phase (3-2-1 ticks, halfway, "10 seconds", the count
  within a slow lower, the optional per-second tick): laid out in seconds
  into the phase when it starts, and cued when the phase's elapsed time
  crosses them. Every mark falls on a whole second of the phase, where the
  player's next deadline wakes the timer anyway.

A beat that arrives more than ``STALE_AFTER`` late (the machine stalled, or
the user skipped) is dropped: a late "3" or "lower" would mislead, while a
late announcement still helps.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from app.core.events import (
    BlockFinished,
    Event,
    Paused,
    PhaseStarted,
    RepPhaseChanged,
    Resumed,
    SessionFinished,
    SessionStatus,
)
from app.core.player import Snapshot, State
from app.core.reps import EPSILON, rep_schedule
from app.core.routine import DoseKind
from app.core.timeline import Phase, PhaseKind
from app.core.wording import (
    SPOKEN_REP_PHASE,
    number_words,
    phase_title,
    spoken_block,
    spoken_next,
)

# A beat (tick, rep word, count) later than this is not worth playing.
STALE_AFTER = 0.5

# Marks that need a phase at least this long, so they do not crowd each other.
HALFWAY_FROM = 20  # seconds of timed work
TEN_SECONDS_FROM = 30  # seconds of timed work or rest
LAST_SECONDS = 3  # the 3-2-1 before a phase ends


class Sound(StrEnum):
    """The cue sounds; each value is a file ``resources/sounds/<value>.wav``."""

    TICK = "tick"  # get ready, switch and rest: 3-2-1
    GO = "go"  # a work block starts
    HALFWAY = "halfway"
    LAST3 = "last3"  # the last 3 seconds of work
    BLOCK_END = "block-end"
    REST_END = "rest-end"
    SESSION_DONE = "session-done"
    SECOND = "second"  # the optional metronome tick
    REP_UP = "rep-up"
    REP_DOWN = "rep-down"
    REP_HOLD = "rep-hold"


class Priority(IntEnum):
    """Whether newer words may cut these off: an announcement is not cut by a count."""

    BEAT = 1
    ANNOUNCE = 2


class CueKind(StrEnum):
    ANNOUNCE = "announce"  # what comes next: exercise, side, dose; switch; rest
    COUNTDOWN = "countdown"  # 3-2-1 ticks before work
    GO = "go"
    HALFWAY = "halfway"
    TEN_SECONDS = "ten seconds"
    LAST_SECONDS = "last seconds"
    SECOND = "second"
    REP = "rep"  # a rep phase starts
    COUNT = "count"  # "two, three" inside a rep phase
    BLOCK_END = "block end"
    REST_END = "rest end"
    PAUSED = "paused"
    RESUMED = "resumed"
    SESSION_DONE = "session done"


@dataclass(frozen=True)
class Cue:
    kind: CueKind
    at: float  # the monotonic instant the cue belongs to
    sound: Sound | None = None
    speech: str = ""
    priority: Priority = Priority.BEAT


@dataclass(frozen=True)
class CueOptions:
    countdown_ticks: bool = True  # 3-2-1 ticks and the last-3-seconds beeps
    second_ticks: bool = False  # a quiet tick every second of work


_REP_SOUND = {
    "up": Sound.REP_UP,
    "down": Sound.REP_DOWN,
    "relax": Sound.REP_DOWN,
}


@dataclass(frozen=True)
class _Mark:
    offset: int  # whole seconds into the phase
    kind: CueKind
    sound: Sound | None = None
    speech: str = ""


class CueEngine:
    """Feed it every player event and every snapshot; it returns the cues due."""

    def __init__(self, timeline: tuple[Phase, ...], options: CueOptions | None = None) -> None:
        self.timeline = timeline
        self.options = options or CueOptions()
        self._index = -1
        self._marks: list[_Mark] = []
        self._seen = 0.0  # phase seconds already cued up to
        self._rep_number = 0

    # -- events ---------------------------------------------------------------------

    def on_event(self, event: Event, now: float) -> list[Cue]:
        match event:
            case PhaseStarted():
                return self._phase_started(event)
            case RepPhaseChanged():
                return self._rep_changed(event, now)
            case BlockFinished():
                return [Cue(CueKind.BLOCK_END, event.at, Sound.BLOCK_END)]
            case Paused():
                return [Cue(CueKind.PAUSED, event.at, speech="Paused", priority=Priority.ANNOUNCE)]
            case Resumed():
                return [Cue(CueKind.RESUMED, event.at, speech="Go on")]
            case SessionFinished():
                self._marks = []
                words = (
                    "Session complete"
                    if event.status is SessionStatus.COMPLETED
                    else ("Session ended")
                )
                return [
                    Cue(
                        CueKind.SESSION_DONE,
                        event.at,
                        Sound.SESSION_DONE,
                        words,
                        Priority.ANNOUNCE,
                    )
                ]
        return []

    def _phase_started(self, event: PhaseStarted) -> list[Cue]:
        previous = self.timeline[self._index] if 0 <= self._index < len(self.timeline) else None
        phase, at = event.phase, event.at
        self._index = event.index
        self._marks = self._lay_out(phase)
        self._seen = 0.0
        self._rep_number = 0
        cues = []
        if previous is not None and previous.kind is PhaseKind.REST:
            cues.append(Cue(CueKind.REST_END, at, Sound.REST_END))
        match phase.kind:
            case PhaseKind.GET_READY:
                cues.append(Cue(CueKind.ANNOUNCE, at, None, spoken_block(phase), Priority.ANNOUNCE))
            case PhaseKind.SWITCH:
                cues.append(Cue(CueKind.ANNOUNCE, at, None, phase_title(phase), Priority.ANNOUNCE))
            case PhaseKind.REST:
                text = spoken_next(phase, self._next_work(event.index))
                cues.append(Cue(CueKind.ANNOUNCE, at, None, text, Priority.ANNOUNCE))
            case PhaseKind.WORK:
                cues.append(Cue(CueKind.GO, at, Sound.GO, self._go_words(event.index, phase)))
        return cues

    def _go_words(self, index: int, phase: Phase) -> str:
        """What to say as work starts; reps say their own words at the same instant."""
        dose = phase.step.dose
        words = "" if dose.kind in (DoseKind.PACED, DoseKind.HELD) else phase_title(phase)
        before = self.timeline[index - 1] if index > 0 else None
        if before is None or before.kind is PhaseKind.WORK:
            # Nothing announced this block (no get ready, switch or rest before it).
            words = ", ".join(w for w in (spoken_block(phase), words) if w)
        return words

    def _next_work(self, index: int) -> Phase | None:
        return next((p for p in self.timeline[index + 1 :] if p.kind is PhaseKind.WORK), None)

    def _rep_changed(self, event: RepPhaseChanged, now: float) -> list[Cue]:
        rep = event.rep
        word = SPOKEN_REP_PHASE[rep.phase]
        if rep.rep != self._rep_number:
            self._rep_number = rep.rep
            word = f"{number_words(rep.rep)}, {word}"
        if now - event.at > STALE_AFTER:
            return []
        sound = _REP_SOUND.get(rep.phase.value, Sound.REP_HOLD)
        return [Cue(CueKind.REP, event.at, sound, word)]

    # -- marks inside a phase -------------------------------------------------------

    def on_snapshot(self, snapshot: Snapshot, now: float) -> list[Cue]:
        """The marks of the current phase that its elapsed time has now passed."""
        if snapshot.phase_index != self._index or snapshot.state in (State.PAUSED, State.DONE):
            return []
        elapsed = snapshot.elapsed
        cues = []
        for mark in self._marks:
            if self._seen + EPSILON < mark.offset <= elapsed + EPSILON:
                at = now - (elapsed - mark.offset)
                if now - at <= STALE_AFTER:
                    cues.append(Cue(mark.kind, at, mark.sound, mark.speech))
        self._seen = max(self._seen, elapsed)
        return cues

    def _lay_out(self, phase: Phase) -> list[_Mark]:
        length = phase.duration
        marks: list[_Mark] = []
        if phase.kind is PhaseKind.WORK:
            marks += self._work_marks(phase)
        elif phase.kind is PhaseKind.REST and length >= TEN_SECONDS_FROM:
            marks.append(_Mark(length - 10, CueKind.TEN_SECONDS, speech="10 seconds"))
        if self.options.countdown_ticks and phase.kind is not PhaseKind.WORK:
            marks += [
                _Mark(length - k, CueKind.COUNTDOWN, Sound.TICK)
                for k in range(LAST_SECONDS, 0, -1)
                if length - k > 0
            ]
        taken = {m.offset for m in marks if m.sound}
        if self.options.second_ticks and phase.kind is PhaseKind.WORK:
            marks += [
                _Mark(s, CueKind.SECOND, Sound.SECOND) for s in range(1, length) if s not in taken
            ]
        return sorted(marks, key=lambda m: m.offset)

    def _work_marks(self, phase: Phase) -> list[_Mark]:
        dose, length = phase.step.dose, phase.duration
        marks: list[_Mark] = []
        if dose.kind is DoseKind.TIMED:
            if length >= HALFWAY_FROM:
                marks.append(_Mark(length // 2, CueKind.HALFWAY, Sound.HALFWAY, "Halfway"))
            if length >= TEN_SECONDS_FROM:
                marks.append(_Mark(length - 10, CueKind.TEN_SECONDS, speech="10 seconds"))
            if self.options.countdown_ticks and length >= 2 * LAST_SECONDS:
                marks += [
                    _Mark(length - k, CueKind.LAST_SECONDS, Sound.LAST3)
                    for k in range(LAST_SECONDS, 0, -1)
                ]
        elif dose.kind in (DoseKind.PACED, DoseKind.HELD):
            # Count the seconds of every rep phase longer than one: "lower, two, three".
            for rep in rep_schedule(dose):
                for k in range(1, round(rep.end - rep.start)):
                    marks.append(
                        _Mark(round(rep.start) + k, CueKind.COUNT, speech=number_words(k + 1))
                    )
        return marks
