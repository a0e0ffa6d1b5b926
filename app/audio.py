"""Sounds and voice: plays a cue sound, speaks cue words, and says why if it cannot.

Qt Multimedia and Qt TextToSpeech are imported only here, and only when a
session first needs them: on a machine without them (no ``libpulse``, no
audio device, no speech engine) the import or the set-up fails, the
reason is kept in ``sound_problem`` / ``voice_problem`` for the UI to show
once, and every later call is a quiet no-op. Nothing here ever blocks:
``QSoundEffect.play`` and ``QTextToSpeech.say`` return at once, so speech
can never shift the timer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QLoggingCategory, QObject, QUrl

from app.core.cues import Priority, Sound
from app.core.resources import RESOURCES
from app.settings import Settings

SOUNDS = RESOURCES / "sounds"

# Linux packages that provide what is missing, for the message.
_SOUND_HINT = "On Debian or Ubuntu: sudo apt install libpulse0"
_VOICE_HINT = "On Debian or Ubuntu: sudo apt install speech-dispatcher espeak-ng"


class Audio(QObject):
    """The one place that makes noise. ``play`` and ``say`` are all a session uses."""

    def __init__(
        self,
        settings: Settings,
        sounds_dir: Path = SOUNDS,
        engine: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._sounds_dir = sounds_dir
        self._engine_name = engine
        self._effects: dict[Sound, Any] = {}
        self._speech: Any = None
        self._speaking: Priority | None = None
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
        speech = (
            QTextToSpeech(self._engine_name, self)
            if self._engine_name is not None
            else QTextToSpeech(self)
        )
        if speech.state() == QTextToSpeech.State.Error:
            reason = speech.errorString() or "it did not start"
            self.voice_problem = f"the speech engine could not start ({reason}). {_VOICE_HINT}."
            speech.deleteLater()
            return
        speech.stateChanged.connect(self._on_speech_state)
        self._speech = speech

    # -- settings -------------------------------------------------------------------------

    def _on_setting(self, key: str) -> None:
        if key.startswith(("sound/", "voice/")):
            self._apply()

    def _apply(self) -> None:
        volume = self._settings.get("sound/volume") / 100.0
        for effect in self._effects.values():
            effect.setVolume(volume)
        if self._speech is None:
            return
        self._speech.setVolume(volume)
        self._speech.setRate(self._settings.get("voice/rate"))
        wanted = self._settings.get("voice/name")
        for voice in self._speech.availableVoices():
            if voice.name() == wanted:
                self._speech.setVoice(voice)
                break

    def voices(self) -> list[str]:
        """The names of the voices the speech engine offers (empty without one)."""
        self.prepare()
        return [v.name() for v in self._speech.availableVoices()] if self._speech else []

    # -- playing ---------------------------------------------------------------------------

    @property
    def can_play(self) -> bool:
        return bool(self._effects)

    @property
    def can_speak(self) -> bool:
        return self._speech is not None

    def play(self, sound: Sound) -> None:
        effect = self._effects.get(sound)
        if effect is not None and self._settings.get("sound/enabled"):
            effect.play()

    def say(self, text: str, priority: Priority = Priority.BEAT) -> None:
        """Speak at once, cutting off what is being said, unless that matters more."""
        if self._speech is None or not text or not self._settings.get("voice/enabled"):
            return
        if self._speaking is not None and self._speaking > priority:
            return  # a count never cuts off the announcement of the next exercise
        self._speech.say(text)
        # After say(): stopping the words it cut off may report Ready first.
        self._speaking = priority

    def stop(self) -> None:
        if self._speech is not None:
            self._speech.stop()
        for effect in self._effects.values():
            effect.stop()

    def _on_speech_state(self, state: object) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if state in (QTextToSpeech.State.Ready, QTextToSpeech.State.Error):
            self._speaking = None

    @property
    def speech(self) -> Any:
        """The QTextToSpeech in use, or None (tests listen to its ``sayingWord``)."""
        return self._speech

    def problems(self) -> str:
        """One plain paragraph on what cannot be heard, or an empty string."""
        lines = []
        if self.sound_problem:
            lines.append(f"Sound is off: {self.sound_problem}")
        if self.voice_problem:
            lines.append(f"Voice is off: {self.voice_problem}")
        return "\n".join(lines)
