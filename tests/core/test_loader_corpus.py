"""Every file in tests/data/broken gets exactly the problems in its .expected file.

Each .expected line is ``LINE:COLUMN: message``; the file path is added here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import check_files
from tests.conftest import DATA

BROKEN = sorted((DATA / "broken").glob("*.yaml"))


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_file_reports_every_problem_at_its_place(
    path: Path, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    expected = [
        f"{path}:{line}" for line in path.with_suffix(".expected").read_text().splitlines() if line
    ]
    assert check_files([str(path)], data_dir) == 1
    assert capsys.readouterr().out.splitlines() == expected


def test_corpus_is_not_empty() -> None:
    assert len(BROKEN) >= 15
