"""What a regular install carries: every package of app/, and every built-in file.

The built-in files live at the top of the repository (resources/) and ship
inside the wheel as app/resources; `.ci/check-wheel` builds and installs
the real wheel. These checks catch the usual slip early: a new package or a
new kind of built-in file that pyproject.toml does not list.
"""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
# Tools kept beside the built-in files, not part of what the app reads.
NOT_SHIPPED = {"sounds/synthesize.py", "sounds/README.md"}


def glob_match(path: str, pattern: str) -> bool:
    """As setuptools reads package-data: ``*`` never crosses a ``/``."""
    return re.fullmatch(re.escape(pattern).replace(r"\*", "[^/]*"), path) is not None


def test_every_package_of_app_is_listed() -> None:
    found = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "app").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert found | {"app.resources"} == set(SETUPTOOLS["packages"])


def test_every_builtin_file_is_package_data() -> None:
    assert SETUPTOOLS["package-dir"] == {"app.resources": "resources"}
    patterns = SETUPTOOLS["package-data"]["app.resources"]
    files = {
        path.relative_to(ROOT / "resources").as_posix()
        for path in (ROOT / "resources").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    unshipped = {f for f in files if not any(glob_match(f, pattern) for pattern in patterns)}
    assert unshipped == NOT_SHIPPED


def test_the_app_finds_its_builtin_files_in_the_checkout() -> None:
    from app.audio import SOUNDS
    from app.core.resources import RESOURCES

    assert RESOURCES == ROOT / "resources"
    assert SOUNDS == ROOT / "resources" / "sounds"
