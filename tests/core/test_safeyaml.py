"""The input limits: each hostile file is refused with a clear message."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from app.core import safeyaml
from app.core.errors import LoadError
from app.core.safeyaml import MAX_BYTES, compose
from tests.conftest import ROOT


def problems(data: bytes) -> list[str]:
    with pytest.raises(LoadError) as info:
        compose(data, "f.yaml")
    return [str(p) for p in info.value.problems]


def test_file_over_one_mebibyte_is_refused_before_parsing() -> None:
    # Valid YAML, so only the size can be the reason.
    data = b"a: " + b"x" * MAX_BYTES
    assert problems(data) == [f"f.yaml:1:1: file is larger than 1 MiB ({len(data)} bytes)"]


def test_file_of_exactly_one_mebibyte_is_read() -> None:
    data = b"a: " + b"x" * (MAX_BYTES - 3)
    assert compose(data, "f.yaml") is not None


def test_non_utf8_bytes_are_named_with_their_place() -> None:
    assert problems(b"format: 1\nname: caf\xe9\n") == [
        "f.yaml:2:10: file is not valid UTF-8 text (byte 0xe9)"
    ]


def test_billion_laughs_is_refused() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    assert problems("\n".join(lines).encode()) == [
        "f.yaml:6:4: aliases expand to more than 100000 nodes"
    ]


def test_modest_aliases_are_fine() -> None:
    assert compose(b"a: &x [1, 2]\nb: *x\n", "f.yaml") is not None


def test_recursive_alias_is_refused() -> None:
    assert problems(b"a: &a [1, *a]\n") == ["f.yaml:1:4: an alias refers to itself"]


def test_nesting_of_64_is_allowed_and_65_refused() -> None:
    assert compose(b"[" * 64 + b"]" * 64, "f.yaml") is not None
    assert problems(b"[" * 65 + b"]" * 65) == ["f.yaml:1:65: nesting deeper than 64 levels"]


def test_deep_block_nesting_is_refused() -> None:
    text = "".join(f"{'  ' * i}k{i}:\n" for i in range(70)) + "  " * 70 + "v\n"
    assert problems(text.encode()) == ["f.yaml:65:129: nesting deeper than 64 levels"]


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !!python/object/apply:os.system ['true']", "!!python/object/apply:os.system"),
        ("a: !!python/name:os.system", "!!python/name:os.system"),
        ("a: !custom 3", "!custom"),
        ("a: !!binary aGVsbG8=", "!!binary"),
    ],
)
def test_tags_are_refused(text: str, tag: str) -> None:
    assert problems(text.encode()) == [
        f"f.yaml:1:4: tag '{tag}' is not allowed (Footwork files use no tags)"
    ]


def test_depth_fifty_thousand_is_refused_without_crashing(tmp_path) -> None:
    """libyaml's composer overflows the C stack near this depth: the process must survive."""
    deep = tmp_path / "deep.yaml"
    deep.write_bytes(b"format: 1\nkind: routine\nsteps: " + b"[" * 50_000 + b"]" * 50_000 + b"\n")
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--check", str(deep)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout == f"{deep}:3:71: nesting deeper than 64 levels\n"


def test_control_characters_are_named_with_their_place() -> None:
    assert problems(b"format: 1\nname: a\x00b\n") == [
        "f.yaml:2:8: character U+0000 is not allowed in YAML text"
    ]


class _GivesUpEarly(yaml.SafeLoader):
    """What libyaml 0.2.6 does in "[[[[...": it looks ahead, meets its own limit
    of 1000 levels at column 1007 and fails before handing out any opener."""

    def get_token(self) -> yaml.Token:
        where = yaml.Mark("f.yaml", 1006, 0, 1006, None, None)
        raise yaml.scanner.ScannerError(None, None, "exceeded maximum nesting depth", where)


def test_the_depth_guard_speaks_first_when_the_fast_scanner_gives_up(monkeypatch) -> None:
    # Whichever libyaml is installed, the project's guard decides, at level 65.
    monkeypatch.setattr(safeyaml, "_Loader", _GivesUpEarly)
    assert problems(b"steps: " + b"[" * 2000 + b"]" * 2000) == [
        "f.yaml:1:71: nesting deeper than 64 levels"
    ]


def test_a_real_syntax_error_is_explained_and_keeps_the_parsers_words() -> None:
    assert problems(b"format: 1\ndescription: Tip: keep it short\n") == [
        "f.yaml:2:17: a colon followed by a space inside a value: put the value in quotes"
        " (YAML: mapping values are not allowed in this context)"
    ]
