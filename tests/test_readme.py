"""The README's Quick start stays true: CI runs its test command word for word."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_exactly_two_commands() -> None:
    install_and_open, install_and_test = quick_start_commands()
    assert install_and_open.endswith("footwork")
    assert "pip install -e '.[test]'" in install_and_test and "pytest" in install_and_test


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert quick_start_commands()[1] in ci


def test_no_pyside6_metapackage() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"PySide6-Essentials' in pyproject and '"PySide6-Addons' in pyproject
    assert not re.search(r'"PySide6[<>=~ "]', pyproject)
