"""Mutated valid files only ever load or raise the domain error, never anything else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import LoadError
from app.core.library import RESOURCES, load_library
from app.core.loader import load_exercises, load_program, load_routine, read_kind

LIBRARY = load_library()
# Named as if beside the built-in library, so the pictures it names are found.
FUZZED = str(RESOURCES / "fuzzed.yaml")
VALID = [p.read_bytes() for p in sorted((RESOURCES / "routines").glob("*.yaml"))]
VALID.append((RESOURCES / "exercises.yaml").read_bytes()[:4000].rsplit(b"\n  - id:", 1)[0] + b"\n")
VALID.append(
    b"format: 1\nkind: program\nid: p\nname: P\nstages:\n"
    b"  - {name: A, weeks: 2, sessions_per_week: 3, routines: [daily-ten]}\n"
)
NASTY = [
    b": ",
    b"- ",
    b"&a ",
    b"*a",
    b"!!python/object:os.system ",
    b"[",
    b"]",
    b"{",
    b"}",
    b'"',
    b"'",
    b"\t",
    b"\n",
    b"  ",
    b"#",
    b"---\n",
    b"...",
    b"<<: *a\n",
    b"\xff",
    b"\x00",
    b"yes",
    b"no",
    b"~",
    b"null",
    b"1:30",
    b"0x10",
    b"1e9",
    b"-1",
    b"9" * 30,
    b"\xe2\x80",
    b"|\n",
    b">-\n",
    b"%YAML 1.1\n",
    b"? ",
    b"@",
    b"`",
]


def load_any(data: bytes) -> None:
    kind = read_kind(data, FUZZED)
    if kind == "exercises":
        load_exercises(data, FUZZED)
    elif kind == "routine":
        load_routine(data, FUZZED, LIBRARY.exercises, {})
    else:
        load_program(data, FUZZED, LIBRARY.routines, {})


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "dup-line", "swap-lines"]))
        if action == "insert":
            data[at:at] = draw(st.sampled_from(NASTY) | st.binary(max_size=8))
        elif action == "delete":
            data[at : at + draw(st.integers(1, 40))] = b""
        elif action == "replace":
            data[at : at + draw(st.integers(1, 6))] = draw(st.sampled_from(NASTY))
        else:
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if action == "dup-line":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutations_only_raise_the_domain_error(data: bytes) -> None:
    try:
        load_any(data)
    except LoadError as exc:
        for problem in exc.problems:
            assert problem.path == FUZZED
            assert problem.line >= 1 and problem.column >= 1
            assert problem.message


def test_the_unmutated_files_are_valid() -> None:
    for data in VALID:
        load_any(data)
