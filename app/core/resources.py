"""Where the built-in files are: exercises, routines, programs and sounds.

The repository keeps them at its top (``resources/``); the wheel carries
them inside the package as ``app/resources`` (see ``pyproject.toml``), so a
regular install finds them as well as a checkout does. Nothing else is
imported here, so finding a sound does not load the YAML reader.
"""

from __future__ import annotations

from pathlib import Path


def _find() -> Path:
    package = Path(__file__).resolve().parents[1]
    installed = package / "resources"
    return installed if installed.is_dir() else package.parent / "resources"


RESOURCES = _find()
