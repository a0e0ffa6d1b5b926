"""Sounds and voice: plays a cue sound, speaks cue words, and says why if it cannot.

Qt Multimedia and Qt TextToSpeech are imported only here, and only when a
session first needs them: on a machine without them (no ``libpulse``, no
audio device, no speech engine) the import or the set-up fails, the
reason is kept in ``sound_problem`` / ``voice_problem`` for the UI to show
once, and every later call is a quiet no-op.

Nothing here blocks the session. ``QSoundEffect.play`` hands the sound to
the audio client's own thread and returns at once, even when the audio
server has stopped answering (only looking for the audio devices, once, in
``prepare``, waits on a server that is frozen rather than absent). Speech
runs in a process of its own (``app.voice``): a speech engine can hang for
good, and one that stops answering is given up on, said once through
``problem_found``, and the session goes on silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLoggingCategory, QObject, QUrl, Signal

from app.core.cues import Priority, Sound
from app.core.resources import RESOURCES
from app.settings import Settings
from app.voice import HINT as _VOICE_HINT
from app.voice import Voice, host_command

SOUNDS = RESOURCES / "sounds"

# Linux packages that provide what is missing, for the message.
_SOUND_HINT = "On Debian or Ubuntu: sudo apt install libpulse0"


class Audio(QObject):
    """The one place that makes noise. ``play`` and ``say`` are all a session uses.

    ``engine`` names the speech engine (None: the system's default);
    ``speech_host`` replaces the command that runs it (tests run engines that
    misbehave on purpose).
    """

    problem_found = Signal(str)  # a line for the notice: the voice stopped during the run
    changed = Signal()  # the voices, or what cannot be heard, are known now

    def __init__(
        self,
        settings: Settings,
        sounds_dir: Path = SOUNDS,
        engine: str | None = None,
        parent: QObject | None = None,
        speech_host: Sequence[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._sounds_dir = sounds_dir
        self._engine_name = engine
        self._speech_host = list(speech_host) if speech_host else host_command(engine)
        self._effects: dict[Sound, Any] = {}
        self._voice: Voice | None = None
        self._ready = False
        self.sound_problem = ""
        self.voice_problem = ""
        settings.changed.connect(self._on_setting)

    # -- set-up, on first use ------------------------------------------------------------

    def prepare(self) -> None:
        """Load the sounds and start the speech engine, once; record what failed and why."""
        if self._ready:
            return
        self._ready = True
        self._prepare_sound()
        self._prepare_voice()
        self._apply()

    def _prepare_sound(self) -> None:
        # Qt Multimedia reports every optional codec library it did not find;
        # that is noise to a user, not a problem with cue sounds.
        QLoggingCategory.setFilterRules(
            "qt.multimedia.symbolsresolver=false\nqt.multimedia.ffmpeg.info=false"
        )
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError as exc:
            self.sound_problem = f"Qt Multimedia could not be loaded ({exc}). {_SOUND_HINT}."
            return
        if not QMediaDevices.audioOutputs():
            self.sound_problem = "no audio output device was found."
            return
        missing = [s.value for s in Sound if not (self._sounds_dir / f"{s.value}.wav").is_file()]
        if missing:
            self.sound_problem = f"sound files are missing from {self._sounds_dir}: " + ", ".join(
                missing
            )
            return
        for sound in Sound:
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(self._sounds_dir / f"{sound.value}.wav")))
            self._effects[sound] = effect

    def _prepare_voice(self) -> None:
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as exc:
            self.voice_problem = f"Qt's speech module could not be loaded ({exc}). {_VOICE_HINT}."
            return
        engines = QTextToSpeech.availableEngines()
        if self._engine_name is not None and self._engine_name not in engines:
            self.voice_problem = f"the speech engine {self._engine_name!r} is not installed."
            return
        if not engines:
            self.voice_problem = f"no text-to-speech engine is installed. {_VOICE_HINT}."
            return
        # The engine itself starts in its own process, which answers in its own time.
        voice = Voice(self._speech_host, self)
        voice.ready.connect(self.changed)
        voice.failed.connect(self._voice_failed)
        voice.start()
        self._voice = voice

    def _voice_failed(self, why: str) -> None:
        self.voice_problem = why
        self.changed.emit()
        self.problem_found.emit(f"Voice is off: {why}")

    # -- settings -------------------------------------------------------------------------

    def _on_setting(self, key: str) -> None:
        if key.startswith(("sound/", "voice/")):
            self._apply()

    def _apply(self) -> None:
        volume = self._settings.get("sound/volume") / 100.0
        for effect in self._effects.values():
            effect.setVolume(volume)
        if self._voice is not None:
            self._voice.request(
                "set",
                volume=volume,
                rate=self._settings.get("voice/rate"),
                voice=self._settings.get("voice/name"),
            )

    def voices(self) -> list[str]:
        """The names of the speech engine's voices (empty until it has started, or without one)."""
        self.prepare()
        return list(self._voice.voices) if self.can_speak and self._voice else []

    # -- playing ---------------------------------------------------------------------------

    @property
    def can_play(self) -> bool:
        return bool(self._effects)

    @property
    def can_speak(self) -> bool:
        """A speech engine is starting or speaking (False once it was given up on)."""
        return self._voice is not None and not self.voice_problem

    def play(self, sound: Sound) -> None:
        effect = self._effects.get(sound)
        if effect is not None and self._settings.get("sound/enabled"):
            effect.play()

    def say(self, text: str, priority: Priority = Priority.BEAT) -> None:
        """Speak at once, cutting off what is being said, unless that matters more.

        The engine's process decides, as it speaks: a count never cuts off the
        announcement of the next exercise. This returns without waiting.
        """
        if not self.can_speak or not text or not self._settings.get("voice/enabled"):
            return
        assert self._voice is not None
        self._voice.request("say", text=text, priority=int(priority))

    def stop(self) -> None:
        if self.can_speak and self._voice is not None:
            self._voice.request("stop")
        for effect in self._effects.values():
            effect.stop()

    def close(self) -> None:
        """The app quits: end the speech engine's process, without waiting on a stuck one."""
        if self._voice is not None:
            self._voice.close()

    @property
    def voice(self) -> Voice | None:
        """The speech engine's process, once started (tests listen to its ``word``)."""
        return self._voice

    @property
    def speaking(self) -> bool:
        """The engine is starting, speaking, or has words on their way to it."""
        return self.can_speak and self._voice is not None and self._voice.busy

    def problems(self) -> str:
        """One plain paragraph on what cannot be heard, or an empty string."""
        lines = []
        if self.sound_problem:
            lines.append(f"Sound is off: {self.sound_problem}")
        if self.voice_problem:
            lines.append(f"Voice is off: {self.voice_problem}")
        return "\n".join(lines)
