"""Every setting, declared once: its key, type, default, limits and what it does.

Stored with QSettings in ``<data dir>/settings.ini``, so the data folder
holds everything of one user (and ``--data-dir`` keeps tests and trials
apart). A stored value of the wrong type or out of range is ignored in
favour of the default: a hand-edited file can never break the app.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal


@dataclass(frozen=True)
class Setting:
    key: str
    type: type  # bool, int, float or str
    default: Any
    description: str
    minimum: float | None = None
    maximum: float | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("sound/enabled", bool, True, "Play cue sounds"),
    Setting("sound/volume", int, 80, "Volume of the cue sounds, in percent", 0, 100),
    Setting("sound/countdown_ticks", bool, True, "Tick 3-2-1 before work and beep its last 3 s"),
    Setting("sound/second_ticks", bool, False, "A quiet tick every second of work"),
    Setting("voice/enabled", bool, True, "Speak the exercise, dose and rep words"),
    Setting("voice/name", str, "", "The voice to speak with (empty: the system's default)"),
    Setting("voice/rate", float, 0.0, "Speaking rate, from -1 (slow) to 1 (fast)", -1.0, 1.0),
    Setting("display/flash", bool, False, "Flash the whole window at every phase change"),
    Setting(
        "session/get_ready",
        int,
        5,
        "Seconds to get ready before an exercise, where a routine does not say",
        0,
        60,
    ),
)
BY_KEY = {s.key: s for s in SETTINGS}


def _coerce(setting: Setting, raw: object) -> Any:
    """The stored value as the setting's type, or the default if it is not one."""
    if raw is None:
        return setting.default
    try:
        if setting.type is bool:
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text not in ("true", "false"):
                return setting.default
            return text == "true"
        value = setting.type(raw)
    except (TypeError, ValueError):
        return setting.default
    if setting.minimum is not None and value < setting.minimum:
        return setting.default
    if setting.maximum is not None and value > setting.maximum:
        return setting.default
    return value


class Settings(QObject):
    """Typed access to the declared settings; ``changed(key)`` after every change."""

    changed = Signal(str)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = data_dir / "settings.ini"
        self._store = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get(self, key: str) -> Any:
        setting = BY_KEY[key]
        return _coerce(setting, self._store.value(key))

    def set(self, key: str, value: Any) -> None:
        setting = BY_KEY[key]
        if _coerce(setting, value) != value or type(value) is not setting.type:
            raise ValueError(f"{key}: {value!r} is not a valid {setting.type.__name__}")
        if self.get(key) == value:
            return
        self._store.setValue(key, value)
        self._store.sync()
        self.changed.emit(key)

    def apply(self, values: Mapping[str, Any]) -> list[str]:
        """Take the settings of a JSON export; return the keys left out (unknown or invalid)."""
        left_out = []
        for key, value in values.items():
            try:
                self.set(key, value)
            except (KeyError, ValueError):
                left_out.append(key)
        return left_out

    def all(self) -> dict[str, Any]:
        """Every setting's current value, for the JSON export."""
        return {s.key: self.get(s.key) for s in SETTINGS}
