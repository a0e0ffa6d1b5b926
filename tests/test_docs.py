"""The user guide stays true: its complete examples pass --check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.cli import check_files
from tests.conftest import ROOT

GUIDE = (ROOT / "docs" / "routine-format.md").read_text()
EXAMPLES = [b for b in re.findall(r"```yaml\n(.*?)```", GUIDE, re.S) if b.startswith("format: 1")]


def test_the_guide_has_complete_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("index", range(len(EXAMPLES)))
def test_guide_example_passes_check(index: int, tmp_path: Path, capsys) -> None:
    path = tmp_path / f"example{index}.yaml"
    path.write_text(EXAMPLES[index])
    assert check_files([str(path)], tmp_path) == 0, capsys.readouterr().out
