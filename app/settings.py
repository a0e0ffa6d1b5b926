"""Every setting, declared once: its key, type, default, limits and what it does.

Stored with QSettings in ``<data dir>/settings.ini``, so the data folder
holds everything of one user (and ``--data-dir`` keeps tests and trials
apart). A stored value of the wrong type or out of range is ignored in
favour of the default: a hand-edited file can never break the app.

The file is the user's, readable by them only (0600, like the log). One
that is not a regular file (a link, a FIFO...) or is larger than any
settings file can be is refused: it is left exactly as it is, the defaults
are used, changes last until Footwork closes and are never written into
it, and ``problem`` says so.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

from app.paths import FILE_MODE, describe_kind, restrict

SETTINGS_NAME = "settings.ini"
# Nine short lines make a full settings file: a file this big is not one,
# and QSettings would spend seconds and hundreds of MB reading it.
MAX_SETTINGS_BYTES = 1024 * 1024


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
        self.path = data_dir / SETTINGS_NAME
        # Why the file is not used, in one sentence; "" when it is.
        self.problem = _refusal(self.path)
        self._store: QSettings | None = None
        self._unsaved: dict[str, Any] = {}  # this run's values when the file is refused
        if not self.problem:
            self._store = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get(self, key: str) -> Any:
        setting = BY_KEY[key]
        if self._store is None:
            return self._unsaved.get(key, setting.default)
        return _coerce(setting, self._store.value(key))

    def set(self, key: str, value: Any) -> None:
        setting = BY_KEY[key]
        if _coerce(setting, value) != value or type(value) is not setting.type:
            raise ValueError(f"{key}: {value!r} is not a valid {setting.type.__name__}")
        if self.get(key) == value:
            return
        if self._store is None:
            self._unsaved[key] = value
        else:
            self._store.setValue(key, value)
            self._store.sync()
            # QSettings keeps the mode of the file it replaces; made by anyone else first,
            # it would be 0644 (0666 under umask 000).
            restrict(self.path)
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


def _refusal(path: Path) -> str:
    """Why ``path`` must not be read or written as the settings file; "" when it may.

    A missing file is created empty and owner-only now, so that QSettings,
    which keeps the mode of the file it replaces, writes it 0600.
    """
    try:
        os.close(
            os.open(
                path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE
            )
        )
    except FileExistsError:
        pass
    except OSError:
        return ""  # no data folder (yet): QSettings reads nothing and says why when it writes
    try:
        info = os.lstat(path)
    except OSError:
        return ""
    unused = "Footwork uses its default settings and will not save changes into it"
    if not stat.S_ISREG(info.st_mode):
        kind = describe_kind(info.st_mode)
        return f"The settings file {path} is not a regular file ({kind}); {unused}."
    if info.st_size > MAX_SETTINGS_BYTES:
        return (
            f"The settings file {path} is {info.st_size / 2**20:.1f} MiB, far larger than "
            f"settings can be (at most {MAX_SETTINGS_BYTES // 2**20} MiB); it is left as it is. "
            f"{unused}: move it away or delete it to save settings again."
        )
    return ""
