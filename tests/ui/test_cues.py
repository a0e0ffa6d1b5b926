"""Cues in the running app: what the voice says and the speakers play, and when.

The voice tests use Qt's own ``mock`` speech engine, which ships in the
PySide6 wheels and reports every word it speaks, in the speech engine's own
process as the app runs any engine; or a stand-in engine that stops
answering (``stuck_speech_host.py``). The clock is fake, and the session
ticks exactly where its timer would fire. The sound tests record what the
cue driver hands to its output.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QProcess, Qt
from PySide6.QtWidgets import QWidget

from app.audio import Audio
from app.core.cues import CueKind, Priority, Sound
from app.core.events import PhaseStarted
from app.core.library import load_library
from app.core.player import State
from app.settings import Settings
from app.ui.cues import CueDriver
from app.ui.keep_awake import KeepAwake
from app.ui.main_window import MainWindow
from app.ui.session import SessionController
from app.voice import ANSWER_MS, STARTUP_MS, EngineSettings
from tests.conftest import PYTHON
from tests.core.fakes import FakeClock
from tests.core.test_player import routine

STUCK_HOST = Path(__file__).with_name("stuck_speech_host.py")

SHORT = routine(
    "  - {exercise: stretch, time: 20s, sides: both}\n"
    "  - {exercise: raise, reps: 2, tempo: {up: 1, down: 3}, sides: left}\n",
    "defaults: {get_ready: 4, switch: 4}\n",
)


class Recorder:
    """A cue output that writes down what it is asked to play and say, with the clock time."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.sounds: list[tuple[float, Sound]] = []
        self.words: list[tuple[float, str, Priority]] = []
        self.stopped = 0

    def play(self, sound: Sound) -> None:
        self.sounds.append((self.clock(), sound))

    def say(self, text: str, priority: Priority = Priority.BEAT) -> None:
        self.words.append((self.clock(), text, priority))

    def stop(self) -> None:
        self.stopped += 1


class FakeScreenSaver:
    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []
        self.next_cookie = 41

    def inhibit(self, app: str, reason: str) -> int:
        self.next_cookie += 1
        self.calls.append(("inhibit", self.next_cookie))
        return self.next_cookie

    def uninhibit(self, cookie: int) -> None:
        self.calls.append(("uninhibit", cookie))


def session(qtbot, data_dir: Path, output, clock: FakeClock, screensaver=None):
    settings = Settings(data_dir)
    controller = SessionController(SHORT, clock, clock.wall)
    driver = CueDriver(
        controller, output, settings, KeepAwake(screensaver or FakeScreenSaver()), clock
    )
    return controller, driver, settings


def step(controller: SessionController, clock: FakeClock) -> bool:
    """Fire the session timer at the instant it is aimed at, as the event loop would."""
    deadline = controller.player.next_deadline()
    if deadline is None:
        return False
    clock.set(deadline)
    controller.timer.timeout.emit()
    return True


AudioMaker = Callable[..., Audio]


@pytest.fixture
def make_audio(qtbot, data_dir: Path) -> Iterator[AudioMaker]:
    """Audio with its speech engine started, ended after the test as quitting ends it."""
    made: list[Audio] = []

    def make(settings: Settings | None = None, wait: bool = True, **kwargs) -> Audio:
        audio = Audio(settings or Settings(data_dir), **kwargs)
        made.append(audio)
        audio.prepare()
        if wait:  # for the engine's process to start and take the settings
            qtbot.waitUntil(lambda: not audio.speaking, timeout=STARTUP_MS)
        return audio

    yield make
    for audio in made:
        audio.close()
        assert (
            audio.voice is None or audio.voice.process.state() == QProcess.ProcessState.NotRunning
        )


def words_of(audio: Audio) -> list[str]:
    """The words the engine reports as it speaks them, from now on."""
    spoken: list[str] = []
    assert audio.voice is not None
    audio.voice.word.connect(spoken.append)
    return spoken


def test_the_mock_voice_speaks_every_cue_of_a_routine_at_its_instant(
    qtbot, data_dir, make_audio
) -> None:
    clock = FakeClock(1000.0)
    audio = make_audio(engine="mock")
    assert audio.can_speak, audio.voice_problem
    spoken = words_of(audio)
    said: list[tuple[float, str]] = []
    real_say = audio.say

    def say(text: str, priority: Priority = Priority.BEAT) -> None:
        said.append((round(clock() - 1000.0, 3), text))
        real_say(text, priority)

    audio.say = say  # type: ignore[method-assign]
    controller, _driver, _ = session(qtbot, data_dir, audio, clock)
    controller.start()
    while True:
        # Let the engine finish the words, so none is cut off by the next cue.
        qtbot.waitUntil(lambda: not audio.speaking, timeout=5000)
        if not step(controller, clock):
            break
    assert controller.player.state is State.DONE
    assert said == [
        (0, "Stretch, left side, 20 seconds"),
        (4, "Hold"),
        (14, "Halfway"),
        (24, "Switch to the right side"),
        (28, "Hold"),
        (38, "Halfway"),
        (48, "Raise, left side, 2 reps, 1 second up, 3 seconds down"),
        (52, "one, up"),
        (53, "lower"),
        (54, "two"),
        (55, "three"),
        (56, "two, up"),
        (57, "lower"),
        (58, "two"),
        (59, "three"),
        (60, "Session complete"),
    ]
    # The engine really spoke each of them, word for word.
    expected = [w.strip(",") for _, text in said for w in text.split()]
    assert spoken == expected


def test_an_announcement_is_not_cut_off_by_a_count(qtbot, make_audio) -> None:
    audio = make_audio(engine="mock")
    spoken = words_of(audio)
    audio.say("Rest 30 seconds, next: short foot", Priority.ANNOUNCE)
    audio.say("two")  # a count arriving while the announcement is spoken
    qtbot.waitUntil(lambda: not audio.speaking, timeout=5000)
    assert spoken == ["Rest", "30", "seconds", "next", "short", "foot"]
    # A newer beat does cut off an older beat: the latest count is the true one.
    spoken.clear()
    audio.say("lower")
    audio.say("two")
    qtbot.waitUntil(lambda: not audio.speaking, timeout=5000)
    assert spoken[-1:] == ["two"]
    assert "lower" not in spoken


def test_voice_off_and_rate_and_voice_settings_reach_the_engine(
    qtbot, data_dir, make_audio
) -> None:
    settings = Settings(data_dir)
    audio = make_audio(settings, engine="mock")
    assert audio.voices() == ["Bob", "Anne"]
    settings.set("voice/name", "Anne")
    settings.set("voice/rate", 0.5)
    qtbot.waitUntil(lambda: not audio.speaking, timeout=5000)
    assert audio.voice is not None
    assert audio.voice.settings == EngineSettings("Anne", pytest.approx(0.5), 0.8)
    settings.set("voice/enabled", False)
    qtbot.waitUntil(lambda: not audio.speaking, timeout=5000)
    spoken = words_of(audio)
    audio.say("Halfway")
    assert not audio.speaking  # nothing was sent
    assert spoken == []
    # An engine that answers leaves nothing for the watchdog to wait for.
    assert not audio.voice.watchdog.isActive()


def test_sounds_are_handed_out_at_their_scheduled_instants(qtbot, data_dir) -> None:
    clock = FakeClock(1000.0)
    out = Recorder(clock)
    controller, driver, _ = session(qtbot, data_dir, out, clock)
    controller.start()
    while step(controller, clock):
        pass
    sounds = [(round(t - 1000.0, 6), s.value) for t, s in out.sounds]
    assert sounds == [
        (1, "tick"),
        (2, "tick"),
        (3, "tick"),
        (4, "go"),
        (14, "halfway"),
        (21, "last3"),
        (22, "last3"),
        (23, "last3"),
        (24, "block-end"),
        (25, "tick"),
        (26, "tick"),
        (27, "tick"),
        (28, "go"),
        (38, "halfway"),
        (45, "last3"),
        (46, "last3"),
        (47, "last3"),
        (48, "block-end"),
        (49, "tick"),
        (50, "tick"),
        (51, "tick"),
        (52, "go"),
        (52, "rep-up"),
        (53, "rep-down"),
        (56, "rep-up"),
        (57, "rep-down"),
        (60, "block-end"),
        (60, "session-done"),
    ]
    # Every cue went out at the instant it belongs to.
    with_sound = [c for c in driver.played if c.sound is not None]
    assert [c.sound for c in with_sound] == [s for _, s in out.sounds]
    assert all(abs(c.at - t) < 1e-9 for c, (t, _) in zip(with_sound, out.sounds, strict=True))


def test_a_late_timer_still_cues_each_rep_within_50_ms(qtbot, data_dir) -> None:
    """The timer fires up to 40 ms late: every rep sound is no later than that."""
    clock = FakeClock(1000.0)
    out = Recorder(clock)
    controller, driver, _ = session(qtbot, data_dir, out, clock)
    controller.start()
    lateness = [0.0, 0.013, 0.04, 0.027]
    n = 0
    while (deadline := controller.player.next_deadline()) is not None:
        clock.set(deadline + lateness[n % len(lateness)])
        n += 1
        controller.timer.timeout.emit()
    reps = [c for c in driver.played if c.kind is CueKind.REP]
    rep_sounds = [t for t, s in out.sounds if s.value.startswith("rep-")]
    assert len(reps) == len(rep_sounds) == 4
    assert all(0 <= t - c.at <= 0.05 for c, t in zip(reps, rep_sounds, strict=True))


def test_the_screen_is_kept_awake_while_playing_and_released_on_pause_and_end(
    qtbot, data_dir
) -> None:
    clock = FakeClock(1000.0)
    saver = FakeScreenSaver()
    controller, _driver, _ = session(qtbot, data_dir, Recorder(clock), clock, saver)
    controller.start()
    assert saver.calls == [("inhibit", 42)]
    controller.pause()
    controller.resume()
    while step(controller, clock):
        pass
    assert saver.calls == [("inhibit", 42), ("uninhibit", 42), ("inhibit", 43), ("uninhibit", 43)]


def window_with(qtbot, data_dir: Path, clock: FakeClock, **kwargs) -> MainWindow:
    (data_dir / "routines" / "short.yaml").write_text(
        "format: 1\nkind: routine\nid: short\nname: Short\n"
        "defaults: {get_ready: 2s}\n"
        "steps:\n  - {exercise: soleus-stretch, time: 3s, sides: left}\n"
    )
    (data_dir / "routines" / "plain.yaml").write_text(
        "format: 1\nkind: routine\nid: plain\nname: Plain\n"
        "steps:\n  - {exercise: short-foot, reps: 3, hold: 5s}\n"
    )
    win = MainWindow(
        load_library(data_dir=data_dir), data_dir, clock=clock, wall_clock=clock.wall, **kwargs
    )
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    return win


def test_the_window_flashes_at_each_phase_change_when_asked(qtbot, data_dir) -> None:
    clock = FakeClock()
    win = window_with(
        qtbot, data_dir, clock, cue_output=Recorder(clock), keep_awake=KeepAwake(FakeScreenSaver())
    )
    win.start_session("short")
    flash = win.player_view.findChild(QWidget, "flash")
    assert flash is not None and not flash.isVisible()  # off by default
    win.settings.set("display/flash", True)
    clock.advance(2)
    win.session.timer.timeout.emit()
    assert win.player_view.banner.text() == "Hold"
    assert flash.isVisible()
    assert flash.geometry() == win.player_view.rect()  # the whole view
    win.player_view._flash_timer.timeout.emit()
    assert not flash.isVisible()


def test_without_qt_multimedia_the_app_plays_and_says_once_why_it_is_silent(
    qtbot, data_dir, monkeypatch
) -> None:
    # What a machine without libpulse sees: the import fails.
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)
    clock = FakeClock()
    win = window_with(qtbot, data_dir, clock, keep_awake=KeepAwake(FakeScreenSaver()))
    win.start_session("short")
    notice = win.player_view.notice
    assert notice.isVisible()
    assert "Sound is off: Qt Multimedia could not be loaded" in notice.text()
    assert "Voice is off: Qt's speech module could not be loaded" in notice.text()
    for _ in range(10):
        clock.advance(1)
        win.session.timer.timeout.emit()
    assert win.stack.currentWidget() is win.summary_view
    # Said once: the next session does not repeat it.
    win.start_session("short")
    assert not win.player_view.notice.isVisible()


TWO_BLOCKS = """format: 1
kind: routine
id: two-blocks
name: Two blocks
defaults: {get_ready: 2s, switch: 1s}
steps:
  - {exercise: soleus-stretch, time: 3s, sides: both}
  - {exercise: short-foot, reps: 2, hold: 2s, relax: 1s, sides: left}
"""
STOPPED = "Voice is off: the speech engine stopped answering"


def stuck_engine(answers: int = 0) -> list[str]:
    """The speech host command of an engine that blocks for good in say() number answers + 1."""
    return [PYTHON, str(STUCK_HOST), str(answers)]


def test_a_speech_engine_that_stops_answering_delays_no_phase_and_is_told_once(
    qtbot, data_dir, make_audio
) -> None:
    clock = FakeClock()
    audio = make_audio(speech_host=stuck_engine(0))  # takes the settings, never says a word
    voice = audio.voice
    assert voice is not None and voice.started
    (data_dir / "routines" / "two-blocks.yaml").write_text(TWO_BLOCKS)
    win = window_with(
        qtbot, data_dir, clock, cue_output=audio, keep_awake=KeepAwake(FakeScreenSaver())
    )
    start = clock()
    real_start = time.monotonic()
    win.start_session("two-blocks")
    session = win.session
    assert session is not None
    started = [(clock(), session.player.index)]  # the session starts with its first phase
    session.event.connect(
        lambda e: started.append((clock(), e.index)) if isinstance(e, PhaseStarted) else None
    )
    assert voice.busy  # the announcement is on its way, and will never be answered
    blocks_done = 0
    while step(session, clock):
        blocks_done = len(session.player.records)
        if blocks_done == 1 and not voice.problem:
            # The first block is over. Once ANSWER_MS have passed without an answer
            # in real time, the watchdog does this:
            assert voice.watchdog.isActive() or voice.problem
            if voice.watchdog.isActive():
                assert voice.watchdog.interval() == ANSWER_MS
                voice.watchdog.timeout.emit()
            assert win.player_view.notice.isVisible()
            assert STOPPED in win.player_view.notice.text().splitlines()
    # Every phase started at its planned instant, and the session played to its end
    # without waiting on the engine, in real time as on the clock.
    durations = [phase.duration for phase in session.player.timeline]
    planned = [(start + sum(durations[:i]), i) for i in range(len(durations))]
    assert started == planned
    assert time.monotonic() - real_start < ANSWER_MS / 1000
    assert blocks_done == 3
    assert win.stack.currentWidget() is win.summary_view
    # Told once: the session went on silently, and the next one does not repeat it.
    assert win.player_view.notice.text().count(STOPPED) == 1
    assert not audio.can_speak and audio.voice_problem == "the speech engine stopped answering"
    qtbot.waitUntil(lambda: voice.process.state() == QProcess.ProcessState.NotRunning)
    win.start_session("two-blocks")
    assert STOPPED not in win.player_view.notice.text()


def test_an_engine_that_never_starts_is_given_the_start_up_allowance_then_up(
    qtbot, make_audio
) -> None:
    # A speech engine that hangs while starting (speech-dispatcher did, for good).
    audio = make_audio(speech_host=[PYTHON, "-c", "import sys; sys.stdin.read()"], wait=False)
    voice = audio.voice
    assert voice is not None and audio.can_speak
    assert voice.watchdog.isActive() and voice.watchdog.interval() == STARTUP_MS
    audio.say("Halfway")  # waits behind the start: the allowance is not shortened
    assert voice.watchdog.interval() == STARTUP_MS
    with qtbot.waitSignal(audio.problem_found, timeout=0) as told:
        voice.watchdog.timeout.emit()  # what it does once STARTUP_MS have passed
    assert told.args == [STOPPED]
    assert not audio.can_speak and not audio.speaking


def test_an_engine_that_quits_turns_the_voice_off_and_says_why(qtbot, make_audio) -> None:
    with_code_3 = [PYTHON, "-c", "raise SystemExit(3)"]
    audio = make_audio(speech_host=with_code_3, wait=False)
    with qtbot.waitSignal(audio.problem_found, timeout=STARTUP_MS) as told:
        pass
    assert told.args == ["Voice is off: the speech engine quit unexpectedly (exit code 3)"]
    audio.say("Halfway")  # a quiet no-op from now on
    assert not audio.can_speak and not audio.speaking
    assert "quit unexpectedly" in audio.problems()


def test_quitting_does_not_wait_for_a_speech_engine_that_stopped_answering(
    qtbot, data_dir, make_audio
) -> None:
    clock = FakeClock()
    audio = make_audio(speech_host=stuck_engine(0))
    win = window_with(
        qtbot, data_dir, clock, cue_output=audio, keep_awake=KeepAwake(FakeScreenSaver())
    )
    win.start_session("short")
    clock.advance(2)
    win.session.timer.timeout.emit()  # "Hold": the engine is stuck in its first say()
    before = time.monotonic()
    win.close()
    assert time.monotonic() - before < 1.0
    assert audio.voice is not None
    assert audio.voice.process.state() == QProcess.ProcessState.NotRunning


def test_the_settings_dialog_fills_in_as_the_engine_answers(qtbot, data_dir, make_audio) -> None:
    clock = FakeClock()
    audio = make_audio(engine="mock", wait=False)
    win = window_with(
        qtbot, data_dir, clock, cue_output=audio, keep_awake=KeepAwake(FakeScreenSaver())
    )
    win.settings.set("voice/name", "Anne")
    win.open_settings()
    dialog = win.settings_dialog
    qtbot.waitUntil(lambda: dialog.voice.count() == 3, timeout=STARTUP_MS)
    names = [dialog.voice.itemText(i) for i in range(dialog.voice.count())]
    assert names == ["System default", "Bob", "Anne"]
    assert dialog.voice.currentText() == "Anne"
    assert dialog.voice.isEnabled() and not dialog.voice_problem.isVisibleTo(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_the_settings_dialog_greys_out_a_voice_that_stopped_answering(
    qtbot, data_dir, make_audio
) -> None:
    clock = FakeClock()
    audio = make_audio(speech_host=stuck_engine(0))
    win = window_with(
        qtbot, data_dir, clock, cue_output=audio, keep_awake=KeepAwake(FakeScreenSaver())
    )
    win.open_settings()
    dialog = win.settings_dialog
    assert dialog.voice.isEnabled()
    audio.say("Soleus stretch, left side, 90 seconds", Priority.ANNOUNCE)  # Test voice
    assert audio.voice is not None
    audio.voice.watchdog.timeout.emit()  # two seconds later
    assert not dialog.voice.isEnabled()
    assert dialog.voice_problem.text() == "Unavailable: the speech engine stopped answering"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    # Not in a session: the player says so when the next one starts.
    win.start_session("short")
    assert STOPPED in win.player_view.notice.text().splitlines()


def test_settings_are_typed_and_a_hand_edited_bad_value_falls_back(data_dir) -> None:
    (data_dir / "settings.ini").write_text(
        "[sound]\nvolume=loud\nenabled=maybe\n[voice]\nrate=3\n[session]\nget_ready=8\n"
    )
    settings = Settings(data_dir)
    assert settings.get("sound/volume") == 80
    assert settings.get("sound/enabled") is True
    assert settings.get("voice/rate") == 0.0
    assert settings.get("session/get_ready") == 8
    with pytest.raises(ValueError, match="sound/volume"):
        settings.set("sound/volume", 101)
    settings.set("sound/volume", 30)
    assert Settings(data_dir).get("sound/volume") == 30  # stored


def test_the_settings_dialog_changes_settings_and_the_get_ready_time(qtbot, data_dir) -> None:
    clock = FakeClock()
    win = window_with(qtbot, data_dir, clock, keep_awake=KeepAwake(FakeScreenSaver()))
    win.open_settings()
    dialog = win.settings_dialog
    qtbot.waitExposed(dialog)
    dialog.flash.click()
    assert win.settings.get("display/flash") is True
    dialog.volume.setValue(40)
    assert win.settings.get("sound/volume") == 40
    # A routine that sets no get ready of its own now gets 12 s; one that does keeps its own.
    assert win.library.routines["plain"].steps[0].get_ready == 5
    dialog.get_ready.setValue(12)
    # The routines load again off the GUI thread.
    qtbot.waitUntil(lambda: win.library.routines["plain"].steps[0].get_ready == 12, timeout=5000)
    assert win.library.routines["short"].steps[0].get_ready == 2
    assert Settings(data_dir).get("session/get_ready") == 12
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_settings_from_an_import_are_applied_and_bad_ones_left_out(data_dir) -> None:
    settings = Settings(data_dir)
    left_out = settings.apply(
        {"sound/volume": 35, "display/flash": True, "voice/rate": 5.0, "no/such": 1}
    )
    assert left_out == ["voice/rate", "no/such"]
    assert settings.get("sound/volume") == 35
    assert settings.get("display/flash") is True
    assert settings.get("voice/rate") == 0.0
