"""Starting a session: the safety questions once, the coach, the doses, then play.

``SessionStart.begin(routine_id)`` walks the user from Start to the player:

1. a start asked for before the log has answered (it opens just after the
   first paint) waits for it;
2. the safety questions, when they are due (``safety_needed``: never
   answered, or answered long ago), at most once a run;
3. the coach: its suggestion for each step, the warm-up reminder for a
   routine that starts with stretches, and a morning above the usual to
   call the usual. With nothing to decide or to say, it is skipped;
4. the accepted suggestions are stored as doses, and the routine is
   played at the doses in force (its file is never changed).

``resume(unfinished)`` plays a session the app did not finish on from its
next block, at the doses in force, as it was played.

It drives no widget: its signals say what the window should show, and
the window hands the screens' answers back (``safety_answered``,
``decided``, ``usual_set``, ``coach_back``...). While the coach is on
show, a write that changes what it read asks it again (``consult_again``,
from the coach screen's ``reload_wanted``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.ui.changes import Change

if TYPE_CHECKING:
    from app.coaching import MorningAboveUsual
    from app.core.doses import StepKey
    from app.core.ramp import Suggestion
    from app.core.routine import Routine
    from app.storage.log import Log
    from app.storage.records import DoseChange, SafetyAnswers, UnfinishedSession
    from app.ui.log_controller import LogController

    Doses = Mapping[StepKey, DoseChange]  # the doses in force, by step


class SessionStart(QObject):
    """From Start to the player. Signals say what to show; slots take the answers."""

    safety_wanted = Signal(object)  # the stored SafetyAnswers, or None: ask the questions
    coach_waiting = Signal(object)  # the Routine: show the coach, asking
    # The Routine, the coach's Suggestions, and the MorningAboveUsual or None.
    coach_answered = Signal(object, object, object)
    coach_failed = Signal(object, str)  # the Routine, and why: Start plays it as the file says
    # The Routine at the doses in force, and the UnfinishedSession it goes on with, or None.
    play_wanted = Signal(object, object)
    left = Signal(object)  # Back: the id of the routine whose page to show, or None: the list

    def __init__(
        self,
        log: LogController,
        routines: Callable[[], Mapping[str, Routine]],
        today: Callable[[], date],
        wall_clock: Callable[[], float],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._log = log
        self._routines = routines
        self._today = today
        self._wall_clock = wall_clock
        self._pending: str | None = None  # asked for before the log answered
        self._after_safety: str | None = None  # the routine to go on to once answered
        self._safety_done_this_run = False
        self._coaching: Routine | None = None  # the routine on the coach screen

    # -- start -------------------------------------------------------------------------

    def begin(self, routine_id: str) -> None:
        """Start was asked for: safety questions if due, the coach, then play."""
        if not self._log.started:
            self._pending = routine_id  # the log opens just after the first paint
            return
        if not self._log.working:
            self._check_safety(routine_id, None)
            return
        self._log.call(
            lambda db: db.latest_safety_answers(),
            lambda latest: self._check_safety(routine_id, latest),
            lambda exc: self._check_safety(routine_id, None),
        )

    def log_answered(self) -> None:
        """The log opened, or could not: a start asked for before that goes on now."""
        routine_id, self._pending = self._pending, None
        if routine_id is not None:
            self.begin(routine_id)

    def resume(self, unfinished: UnfinishedSession) -> None:
        """Pick up a session the app did not finish, at the block after the last saved one.

        It plays at the doses in force, as it did before, so the saved blocks
        line up with the timeline.
        """
        routine_id = unfinished.routine_id
        self._log.call(
            lambda db: db.doses_in_force(routine_id),
            lambda doses: self._play(routine_id, doses, unfinished),
        )

    # -- safety ------------------------------------------------------------------------

    def _check_safety(self, routine_id: str, latest: SafetyAnswers | None) -> None:
        from app.coaching import safety_needed

        if self._safety_done_this_run or not safety_needed(latest):
            self._consult(routine_id)
            return
        self._ask(latest, then=routine_id)

    def _ask(self, latest: SafetyAnswers | None, then: str | None) -> None:
        self._after_safety = then
        self.safety_wanted.emit(latest)

    def ask_safety(self) -> None:
        """Help > Safety: the questions with the stored answers, at any time."""
        if self._log.working:
            self._log.call(lambda db: db.latest_safety_answers(), lambda a: self._ask(a, None))
        else:
            self._ask(None, None)

    def safety_answered(self, answers: SafetyAnswers) -> None:
        self._safety_done_this_run = True
        if not self._log.problem:  # an unavailable log was explained once already
            self._log.call(lambda db: db.add_safety_answers(answers), changes=Change.SAFETY)
        routine_id, self._after_safety = self._after_safety, None
        if routine_id is not None:
            self._consult(routine_id)
        else:
            self.left.emit(None)

    def safety_back(self) -> None:
        routine_id, self._after_safety = self._after_safety, None
        self.left.emit(routine_id)

    # -- the coach ---------------------------------------------------------------------

    def _consult(self, routine_id: str) -> None:
        from app.coaching import (
            morning_above_usual,
            needs_warm_up,
            suggestions_for,
            worth_showing,
        )

        routine = self._routines()[routine_id]
        self._coaching = routine
        self.coach_waiting.emit(routine)
        if not self._log.working:
            self.coach_failed.emit(routine, self._log.problem or "the progress log is not open.")
            return
        today = self._today()

        def answer(result: tuple[list[Suggestion], Doses, MorningAboveUsual | None]) -> None:
            suggestions, doses, above_usual = result
            if (
                not worth_showing(suggestions)
                and above_usual is None
                and not needs_warm_up(routine)
            ):
                self._play(routine_id, doses)  # nothing to decide or to say
            else:
                self.coach_answered.emit(routine, suggestions, above_usual)

        def ask(db: Log) -> tuple[list[Suggestion], Doses, MorningAboveUsual | None]:
            return (
                suggestions_for(db, routine, today),
                db.doses_in_force(routine_id),
                morning_above_usual(db, today),
            )

        self._log.call(ask, answer, lambda exc: self.coach_failed.emit(routine, str(exc)))

    def consult_again(self) -> None:
        """What the coach read changed while it is on show: ask it again."""
        if self._coaching is not None:
            self._consult(self._coaching.id)

    def usual_set(self, above_usual: MorningAboveUsual) -> None:
        """The user said their latest morning is their usual now: store it (the coach,
        on show, is asked again when it is in)."""
        from app.coaching import baseline_set

        record = baseline_set(above_usual.pain, above_usual.day, self._wall_clock())
        self._log.call(lambda db: db.add_baseline(record), changes=Change.CHECK_INS)

    def decided(self, accepted: list[Suggestion]) -> None:
        """Start on the coach screen: store the accepted suggestions as doses, then play."""
        from app.coaching import dose_change

        routine = self._coaching
        if routine is None:
            return
        if not self._log.working:
            self._coaching = None
            self.play_wanted.emit(self._routines()[routine.id], None)  # as the file says
            return
        wall = self._wall_clock()
        changes = [dose_change(s, routine.id, wall) for s in accepted]

        def store(db: Log) -> Doses:
            for change in changes:
                db.add_dose(change)
            return db.doses_in_force(routine.id)

        self._log.call(
            store,
            lambda doses: self._play(routine.id, doses),
            changes=Change.DOSES if changes else Change.NONE,
        )

    def coach_back(self) -> None:
        routine, self._coaching = self._coaching, None
        self.left.emit(routine.id if routine is not None else None)

    # -- play --------------------------------------------------------------------------

    def _play(
        self,
        routine_id: str,
        doses: Doses,
        resume: UnfinishedSession | None = None,
    ) -> None:
        """Play the routine at the doses in force (the file itself is never changed)."""
        from app.coaching import routine_with_doses

        self._coaching = None
        routine = routine_with_doses(self._routines()[routine_id], doses)
        self.play_wanted.emit(routine, resume)
