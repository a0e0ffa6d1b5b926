"""A real second process that holds a data folder, for the tests of one Footwork per folder."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.lock import Kind
from tests.conftest import ROOT

# A child that holds a data folder until its stdin closes (or it is killed).
HOLDER = """
import sys
from pathlib import Path
from app.lock import FolderLock, Kind
lock = FolderLock.acquire(Path(sys.argv[1]), Kind(sys.argv[2]), sys.argv[3])
print("held", flush=True)
sys.stdin.read()
"""


@contextmanager
def holding(
    data_dir: Path, kind: Kind = Kind.WINDOW, what: str = "the Footwork window"
) -> Iterator[subprocess.Popen[str]]:
    """A real second process holding ``data_dir`` until the block ends (or it is killed)."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir), kind.value, what],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "held\n"
        yield child
    finally:
        if child.returncode is None:
            child.communicate("", timeout=10)
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                stream.close()
