"""The settings dialog: sound, voice, ticks, flash and the default get-ready time.

Each control reads and writes one declared setting (``app.settings``); a
change applies at once, so "Test sound" and "Test voice" play what the
user just chose. Where sound or voice cannot work, the dialog says why
next to the controls it disables. The speech engine starts in its own
time: its voices, or why it cannot speak, fill in when it answers.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.audio import Audio
from app.core.cues import Priority, Sound
from app.settings import BY_KEY, Settings

RATE_STEPS = 10  # the rate slider runs -10..10 for a setting of -1..1


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, audio: Audio, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(480)
        self._settings = settings
        self._audio = audio
        audio.prepare()
        layout = QVBoxLayout(self)

        sound = QGroupBox("Sound")
        form = QFormLayout(sound)
        self.sound_on = self._check("sound/enabled", "Play cue sounds")
        form.addRow(self.sound_on)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(settings.get("sound/volume"))
        self.volume.setAccessibleName("Volume")
        self.volume.valueChanged.connect(lambda v: settings.set("sound/volume", v))
        test_sound = QPushButton("Test sound")
        test_sound.clicked.connect(lambda: audio.play(Sound.GO))
        row = QHBoxLayout()
        row.addWidget(self.volume, 1)
        row.addWidget(test_sound)
        form.addRow("Volume", row)
        self.countdown = self._check("sound/countdown_ticks", "Tick 3-2-1 and beep the last 3 s")
        form.addRow(self.countdown)
        self.second_ticks = self._check("sound/second_ticks", "Tick every second of work")
        form.addRow(self.second_ticks)
        self.sound_problem = self._problem(audio.sound_problem)
        form.addRow(self.sound_problem)
        for widget in (self.sound_on, self.volume, test_sound, self.countdown, self.second_ticks):
            widget.setEnabled(audio.can_play)
        layout.addWidget(sound)

        voice = QGroupBox("Voice")
        form = QFormLayout(voice)
        self.voice_on = self._check("voice/enabled", "Speak the exercise, dose and reps")
        form.addRow(self.voice_on)
        self.voice = QComboBox()
        self.voice.setAccessibleName("Voice")
        self._list_voices()
        self.voice.activated.connect(lambda _: settings.set("voice/name", self.voice.currentData()))
        form.addRow("Voice", self.voice)
        self.rate = QSlider(Qt.Orientation.Horizontal)
        self.rate.setRange(-RATE_STEPS, RATE_STEPS)
        self.rate.setValue(round(settings.get("voice/rate") * RATE_STEPS))
        self.rate.setAccessibleName("Speaking rate")
        self.rate.valueChanged.connect(lambda v: settings.set("voice/rate", v / RATE_STEPS))
        test_voice = QPushButton("Test voice")
        test_voice.clicked.connect(
            lambda: audio.say("Soleus stretch, left side, 90 seconds", Priority.ANNOUNCE)
        )
        row = QHBoxLayout()
        row.addWidget(QLabel("Slow"))
        row.addWidget(self.rate, 1)
        row.addWidget(QLabel("Fast"))
        row.addWidget(test_voice)
        form.addRow("Rate", row)
        self.voice_problem = self._problem("")
        form.addRow(self.voice_problem)
        self._voice_controls = (self.voice_on, self.voice, self.rate, test_voice)
        self._show_voice_state()
        audio.changed.connect(self._voice_answered)
        layout.addWidget(voice)

        session = QGroupBox("Session")
        form = QFormLayout(session)
        self.flash = self._check("display/flash", "Flash the window at every phase change")
        form.addRow(self.flash)
        spec = BY_KEY["session/get_ready"]
        self.get_ready = QSpinBox()
        self.get_ready.setRange(int(spec.minimum or 0), int(spec.maximum or 60))
        self.get_ready.setSuffix(" s")
        self.get_ready.setValue(settings.get("session/get_ready"))
        self.get_ready.setAccessibleName("Default get-ready time")
        self.get_ready.setToolTip(spec.description)
        self.get_ready.valueChanged.connect(lambda v: settings.set("session/get_ready", v))
        form.addRow("Get ready", self.get_ready)
        note = QLabel("Used where a routine does not set its own get-ready time.")
        note.setWordWrap(True)
        form.addRow(note)
        layout.addWidget(session)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _list_voices(self) -> None:
        """The engine's voices, with the chosen one selected (kept even before they are known)."""
        wanted = self._settings.get("voice/name")
        names = self._audio.voices()
        self.voice.clear()
        self.voice.addItem("System default", "")
        for name in names if wanted in names or not wanted else [*names, wanted]:
            self.voice.addItem(name, name)
        self.voice.setCurrentIndex(max(0, self.voice.findData(wanted)))

    def _show_voice_state(self) -> None:
        text = self._audio.voice_problem
        self.voice_problem.setText(f"Unavailable: {text}" if text else "")
        self.voice_problem.setVisible(bool(text))
        for widget in self._voice_controls:
            widget.setEnabled(self._audio.can_speak)

    def _voice_answered(self) -> None:
        self._list_voices()
        self._show_voice_state()

    def _check(self, key: str, text: str) -> QCheckBox:
        box = QCheckBox(text)
        box.setChecked(self._settings.get(key))
        box.setToolTip(BY_KEY[key].description)
        box.toggled.connect(lambda on: self._settings.set(key, on))
        return box

    @staticmethod
    def _problem(text: str) -> QLabel:
        label = QLabel(f"Unavailable: {text}" if text else "")
        label.setWordWrap(True)
        label.setVisible(bool(text))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label
