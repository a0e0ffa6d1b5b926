"""A session being played: the player screen, its log writer, its cues, then the summary.

``SessionRunner.play(routine)`` plays ``routine`` (at the doses in force:
``SessionStart`` made it so) on the player screen; ``play(routine,
unfinished)`` goes on with a session the app did not finish, at the block
after its last saved one. Each block is written to the log as it ends
(``SessionLogger``) and the player says how many are in; the cues (sound,
voice, the screen kept awake) follow the player. When the session ends,
the summary shows what was done and takes the check-in.

Sound and voice load the first time a session (or the settings) needs
them, and each problem with them is told once a run, in the player's
notice line.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.ui.changes import Change

if TYPE_CHECKING:
    from app.audio import Audio
    from app.core.events import BlockRecord, SessionFinished
    from app.core.routine import Routine
    from app.settings import Settings
    from app.storage.records import UnfinishedSession
    from app.ui.cues import CueDriver, CueOutput
    from app.ui.keep_awake import KeepAwake
    from app.ui.log_controller import LogController
    from app.ui.log_worker import SessionLogger
    from app.ui.player_view import PlayerView
    from app.ui.session import SessionController
    from app.ui.summary_view import SummaryView


class SessionRunner(QObject):
    """Plays one session at a time; ``screen_wanted`` asks for the player, then the summary."""

    screen_wanted = Signal(object)  # the screen to show now

    def __init__(
        self,
        log: LogController,
        settings: Settings,
        player_view: Callable[[], PlayerView],
        summary_view: Callable[[], SummaryView],
        on_show: Callable[[], QWidget | None],
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        cue_output: CueOutput | None = None,
        keep_awake: KeepAwake | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``player_view`` and ``summary_view`` build the screens on first use;
        ``on_show`` says which screen the window shows."""
        super().__init__(parent)
        self._log = log
        self._settings = settings
        self._player_view = player_view
        self._summary_view = summary_view
        self._on_show = on_show
        self._clock = clock
        self._wall_clock = wall_clock
        self._cue_output = cue_output
        self._keep_awake = keep_awake
        self._told_about_audio: set[str] = set()  # each problem is said once per run
        self._watch_audio(cue_output)
        self.session: SessionController | None = None
        self.session_log: SessionLogger | None = None
        self.cues: CueDriver | None = None

    # -- sound, voice and the screen kept awake -----------------------------------------

    @property
    def audio(self) -> Audio | CueOutput:
        """Sound and voice, loaded the first time a session or the settings need them."""
        if self._cue_output is None:
            from app.audio import Audio

            self._cue_output = Audio(self._settings, parent=self)
            self._watch_audio(self._cue_output)
        return self._cue_output

    def _watch_audio(self, output: object) -> None:
        problem_found = getattr(output, "problem_found", None)
        if problem_found is not None:
            problem_found.connect(self._audio_problem)

    def _audio_problem(self, line: str) -> None:
        """The voice stopped during a session: say so now; otherwise when the next one starts."""
        if self.session is not None and self._on_show() is self._player_view():
            self._tell_about_audio(line, keep=True)

    def _tell_about_audio(self, problems: str, keep: bool = False) -> None:
        """Show, in the player's notice line, each sound or voice problem not told yet."""
        new = [line for line in problems.splitlines() if line not in self._told_about_audio]
        self._told_about_audio.update(new)
        player = self._player_view()
        shown = player.notice.text().splitlines() if keep else []
        player.show_notice("\n".join(shown + new))

    @property
    def keep_awake(self) -> KeepAwake:
        if self._keep_awake is None:
            from app.ui.keep_awake import KeepAwake

            self._keep_awake = KeepAwake()
        return self._keep_awake

    # -- playing -----------------------------------------------------------------------

    def playing(self) -> bool:
        """A session is being played (not yet over): the log must not be swapped under it."""
        from app.core.player import State

        return self.session is not None and self.session.player.state not in (
            State.IDLE,
            State.DONE,
        )

    def play(self, routine: Routine, resume: UnfinishedSession | None = None) -> None:
        """Play ``routine`` now, from the start or on from ``resume``."""
        self.leave()
        from app.ui.cues import CueDriver
        from app.ui.log_worker import SessionLogger
        from app.ui.session import SessionController

        self.session = SessionController(routine, self._clock, self._wall_clock, parent=self)
        self.session.finished.connect(self._finished)
        self.session_log = None
        log = self._log
        if log.working and log.worker is not None:
            player = self.session.player
            self.session_log = SessionLogger(
                log.worker,
                player.planned_seconds,
                player.planned_blocks,
                routine.name,
                resume_id=None if resume is None else resume.id,
                parent=self.session,
            )
            if resume is not None:
                self.session_log.resume_with(resume)
            self.session.event.connect(self.session_log.on_event)
            self.session_log.block_saved.connect(self.show_saved)
            self.session_log.write_refused.connect(self._write_refused)
        audio = self.audio
        prepare = getattr(audio, "prepare", None)
        if prepare is not None:
            prepare()
        view = self._player_view()
        self.cues = CueDriver(
            self.session, audio, self._settings, self.keep_awake, self._clock, parent=self.session
        )
        self.cues.flash.connect(view.flash)
        view.attach(self.session)
        # Say once per run, plainly, what cannot be heard and why.
        self._tell_about_audio(getattr(audio, "problems", lambda: "")())
        view.saved.setText(
            "Saving each block in your progress log as it ends."
            if self.session_log is not None
            else log.problem or "Not saving: the progress log is not open."
        )
        self.screen_wanted.emit(view)
        view.setFocus()
        if resume is None:
            self.session.start()
        else:
            self.session.start(resume.next_phase_index, resume.blocks)
            self.show_saved()

    def pause(self) -> None:
        if self.session is not None:
            self.session.pause()

    def leave(self) -> None:
        """Stop the session's timer and cues, and let it go."""
        if self.cues is not None:
            self.cues.close()
            self.cues = None
        if self.session is not None:
            self.session.timer.stop()
            self.session.deleteLater()
            self.session = None

    def close(self) -> None:
        """The window closes: the session goes, and sound and voice are shut."""
        self.leave()
        close_audio = getattr(self._cue_output, "close", None)
        if close_audio is not None:
            close_audio()  # never waits on a speech engine that stopped answering

    # -- what is saved -----------------------------------------------------------------

    def _saved_indices(self) -> set[int]:
        log = self.session_log
        return set() if log is None else {r.phase_index for r in log.saved} | log.resumed

    def show_saved(self, _record: BlockRecord | None = None) -> None:
        """Say on the player how many blocks the log holds."""
        if self.session is None or self.session_log is None:
            return
        player = self.session.player
        saved = len(set(player.records) & self._saved_indices())
        self._player_view().saved.setText(
            f"Saved in your log: {saved} of {player.planned_blocks} blocks."
        )

    def write_failed(self, why: str) -> None:
        self._say_not_saved(f"{why} The block is kept and retried; nothing already saved is lost.")

    def _write_refused(self, why: str) -> None:
        """The log refused a write of this session for good: say so where it shows, and aloud."""
        text = f"Not saved in your progress log: {why}"
        self._say_not_saved(text)
        self._log.report(text)

    def _say_not_saved(self, text: str) -> None:
        self._player_view().saved.setText(text)
        summary = self._summary_view()
        if self._on_show() is summary:
            summary.saved.setText(text)

    def _show_summary_saved(self, _record: BlockRecord | None = None) -> None:
        if self.session is None:
            return
        records = self.session.player.records
        if self.session_log is None:
            text = self._log.problem or "Not saved: the progress log is not open."
        else:
            saved = len(set(records) & self._saved_indices())
            text = (
                f"All {saved} blocks are saved in your progress log."
                if saved == len(records)
                else f"Saving… {saved} of {len(records)} blocks are in your progress log."
            )
        self._summary_view().saved.setText(text)

    # -- after the session -------------------------------------------------------------

    def _finished(self, event: SessionFinished) -> None:
        from app.core.summary import summarize

        assert self.session is not None
        player = self.session.player
        rows = summarize(player.timeline, player.records)
        view = self._summary_view()
        view.show_summary(player.routine.name, event.status, rows)
        view.check_in.reset([(e.id, e.name) for e in player.routine.exercises])
        self._show_summary_saved()
        if self.session_log is not None:
            self.session_log.block_saved.connect(self._show_summary_saved)
        self.screen_wanted.emit(view)
        # Damage found while it was played is dealt with now: it goes into the next log.
        self._log.session_over()

    def save_check_in(self, pain: int, note: str, per_exercise: dict[str, int]) -> None:
        """The check-in after the session: stored with it (queued behind its writes)."""
        log = self.session_log
        panel = self._summary_view().check_in
        if log is None:
            panel.set_saved(False, self._log.problem or "the progress log is not open")
            return
        log.call(
            lambda db, session_id: db.save_session_checkin(session_id, pain, note, per_exercise),
            lambda _: panel.set_saved(True),
            lambda exc: panel.set_saved(False, str(exc)),
            changes=Change.CHECK_INS,
        )
