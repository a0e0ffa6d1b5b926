"""The settings file: owner-only, and never a file that is not a settings file."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

from app.settings import MAX_SETTINGS_BYTES, Settings
from tests.conftest import ROOT


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_settings_ini_is_owner_only_even_under_umask_000(data_dir: Path) -> None:
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "os.umask(0)\n"
        "from app.settings import Settings\n"
        "Settings(Path(sys.argv[1])).set('sound/volume', 30)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(data_dir)], capture_output=True, text=True,
        timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    path = data_dir / "settings.ini"
    assert mode(path) == 0o600  # it was 0666
    assert "volume=30" in path.read_text()


def test_a_settings_file_others_could_read_is_made_owner_only_when_saved(data_dir: Path) -> None:
    path = data_dir / "settings.ini"
    path.write_text("[sound]\nvolume=55\n")
    path.chmod(0o644)
    settings = Settings(data_dir)
    assert settings.get("sound/volume") == 55
    settings.set("sound/volume", 60)
    assert mode(path) == 0o600
    assert Settings(data_dir).get("sound/volume") == 60


def test_a_huge_settings_file_is_left_alone_and_defaults_are_used_at_once(data_dir: Path) -> None:
    path = data_dir / "settings.ini"
    big = b"[sound]\nvolume=12\n" + b"; padding\n" * (2 * 1024 * 1024 // 10)
    assert len(big) > MAX_SETTINGS_BYTES
    path.write_bytes(big)
    started = time.monotonic()
    settings = Settings(data_dir)
    assert settings.get("sound/volume") == 80  # the default, not the file's 12
    assert time.monotonic() - started < 0.5  # QSettings took seconds to read it
    assert settings.problem == (
        f"The settings file {path} is 2.0 MiB, far larger than settings can be (at most 1 MiB); "
        "it is left as it is. Footwork uses its default settings and will not save changes "
        "into it: move it away or delete it to save settings again."
    )
    # A change lasts for this run, and is never written into the user's file.
    settings.set("sound/volume", 40)
    assert settings.get("sound/volume") == 40
    assert path.read_bytes() == big
    assert sorted(p.name for p in data_dir.iterdir()) == ["routines", "settings.ini"]


def test_a_settings_file_that_is_a_link_is_refused_and_its_target_untouched(
    data_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere.ini"
    target.write_text("[sound]\nvolume=12\n")
    target.chmod(0o644)
    (data_dir / "settings.ini").symlink_to(target)
    settings = Settings(data_dir)
    assert "is not a regular file (a symbolic link)" in settings.problem
    assert settings.get("sound/volume") == 80
    settings.set("sound/volume", 40)
    assert target.read_text() == "[sound]\nvolume=12\n"
    assert mode(target) == 0o644


def test_a_settings_file_that_is_a_fifo_is_refused_without_hanging(data_dir: Path) -> None:
    os.mkfifo(data_dir / "settings.ini")
    settings = Settings(data_dir)
    assert "is not a regular file (a FIFO)" in settings.problem
    assert settings.get("voice/enabled") is True
