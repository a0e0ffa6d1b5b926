"""Hostile and broken JSON imports, through ``footwork --import`` as a user runs it.

Each file is refused whole, with exit status 1 and each problem as
``FILE: PLACE: message``, and the log file is left byte for byte as it was.
"""

from __future__ import annotations

import copy
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli import main
from app.storage import Log, LogImportError, log_path
from app.storage import fields as fields_module
from app.storage.transfer import MAX_IMPORT_BYTES, MAX_PROBLEMS
from tests.storage.test_transfer import A_TIME, fill

A_DAY = "a date YYYY-MM-DD from 1970-01-01 to 2199-12-31"
# Written as a number, then swapped in the file's text for what json.dumps will not write.
PLACEHOLDER = 987654321


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A JSON export of one of everything the log keeps."""
    folder = tmp_path_factory.mktemp("source")
    with Log.open(folder) as log:
        fill(log)
        log.export_json(folder / "good.json", {"sound/volume": 50})
        log.close(backup=False)
    return json.loads((folder / "good.json").read_text(encoding="utf-8"))


@pytest.fixture
def kept_log(data_dir: Path) -> bytes:
    """A log with sessions in it, closed: its bytes, which a refused import must not change."""
    with Log.open(data_dir) as log:
        log.start_session("mine", "Mine", 60, 1741593600.0)
        log.close(backup=False)
    return log_path(data_dir).read_bytes()


def refused(data_dir: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Import ``path`` with the command line: it must exit 1 and leave the log as it was.
    Returns the problems it printed, without the file name in front."""
    before = log_path(data_dir).read_bytes()
    assert main(["--import", str(path), "--data-dir", str(data_dir)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    *lines, last = err.splitlines()
    assert last == f"footwork: nothing was imported from {path}"
    assert all(line.startswith(f"{path}: ") for line in lines)
    assert log_path(data_dir).read_bytes() == before
    assert not list(data_dir.glob("log.sqlite3-*"))  # no WAL left with rows in it
    return [line.removeprefix(f"{path}: ") for line in lines]


def write(tmp_path: Path, document: object, text: Callable[[str], str] = str) -> Path:
    path = tmp_path / "hostile.json"
    path.write_text(text(json.dumps(document)), encoding="utf-8")
    return path


def session(d: dict) -> dict:
    return d["sessions"][0]


def block(d: dict) -> dict:
    return d["sessions"][0]["blocks"][0]


def nested(depth: int) -> object:
    value: object = []
    for _ in range(depth):
        value = [value]
    return value


# (what is changed, the problems expected)
CASES: dict[str, tuple[Callable[[dict], object], list[str]]] = {
    "year 10000": (
        lambda d: session(d).update(started=253402300800),
        [f"sessions[0].started: expected {A_TIME}, found 253402300800"],
    ),
    "1e18": (
        lambda d: session(d).update(started=1e18),
        [f"sessions[0].started: expected {A_TIME}, found 1e+18"],
    ),
    "-1e12": (
        lambda d: session(d).update(ended=-1e12),
        [f"sessions[0].ended: expected {A_TIME}, found -1000000000000.0"],
    ),
    "block in 1969": (
        lambda d: block(d).update(started=-1),
        [f"sessions[0].blocks[0].started: expected {A_TIME}, found -1"],
    ),
    "morning 0001-01-01": (
        lambda d: d["morning_checkins"][0].update(day="0001-01-01"),
        [f'morning_checkins[0].day: expected {A_DAY}, found "0001-01-01"'],
    ),
    "exposure 9999-12-31": (
        lambda d: d["exposure"][0].update(day="9999-12-31"),
        [f'exposure[0].day: expected {A_DAY}, found "9999-12-31"'],
    ),
    "30 February": (
        lambda d: d["program_state"][0].update(stage_started_day="2025-02-30"),
        [f'program_state[0].stage_started_day: expected {A_DAY}, found "2025-02-30"'],
    ),
    "2**64 seconds": (
        lambda d: block(d).update(planned_seconds=2**64),
        [
            "sessions[0].blocks[0].planned_seconds: expected a whole number from 0 to 604800, "
            "found 18446744073709551616"
        ],
    ),
    "phase 2**63": (
        lambda d: block(d).update(phase_index=2**63),
        [
            "sessions[0].blocks[0].phase_index: expected a whole number from 0 to 1000000, "
            "found 9223372036854775808"
        ],
    ),
    "a week and a second": (
        lambda d: session(d).update(planned_seconds=7 * 86400 + 1),
        ["sessions[0].planned_seconds: expected a whole number from 0 to 604800, found 604801"],
    ),
    "done seconds": (
        lambda d: block(d).update(done_seconds=1e300),
        ["sessions[0].blocks[0].done_seconds: expected a number from 0 to 604800, found 1e+300"],
    ),
    "reps": (
        lambda d: block(d).update(done_reps=10_001),
        ["sessions[0].blocks[0].done_reps: expected a whole number from 0 to 10000, found 10001"],
    ),
    "sets": (
        lambda d: block(d).update(sets=1001, set_number=1),
        ["sessions[0].blocks[0].sets: expected a whole number from 1 to 1000, found 1001"],
    ),
    "set 0": (
        lambda d: block(d).update(set_number=0),
        ["sessions[0].blocks[0].set_number: expected a whole number from 1 to 1000, found 0"],
    ),
    "pain 11": (
        lambda d: session(d)["checkin"]["exercise_pain"].update({"soleus-stretch": 11}),
        [
            "sessions[0].checkin.exercise_pain: soleus-stretch: expected a whole number "
            "from 0 to 10, found 11"
        ],
    ),
    "a day and a minute of barefoot": (
        lambda d: d["exposure"][0].update(minutes=1441),
        ["exposure[0].minutes: expected a number above 0 and at most 1440, found 1441"],
    ),
    "true as a number": (
        lambda d: session(d).update(planned_seconds=True),
        ["sessions[0].planned_seconds: expected a whole number from 0 to 604800, found true"],
    ),
    "occurrence": (
        lambda d: d["doses"][0].update(occurrence=10**7),
        ["doses[0].occurrence: expected a whole number from 1 to 1000000, found 10000000"],
    ),
    "exported": (
        lambda d: d.update(exported="yesterday"),
        [f'exported: expected {A_TIME}, found "yesterday"'],
    ),
    "format version 2**70": (
        lambda d: d.update(format_version=2**70),
        ["format_version: expected a whole number from 1 to 1000, found 1180591620717411303424"],
    ),
    "a 10 MB note": (
        lambda d: session(d)["checkin"].update(note="x" * 10_000_000),
        ["sessions[0].checkin.note: expected text of at most 10,000 characters, found 10,000,000"],
    ),
    "a 65-character id": (
        lambda d: session(d).update(routine_id="r" * 65),
        ["sessions[0].routine_id: expected text of at most 64 characters, found 65"],
    ),
    "a 201-character name": (
        lambda d: block(d).update(exercise_name="n" * 201),
        ["sessions[0].blocks[0].exercise_name: expected text of at most 200 characters, found 201"],
    ),
    "a blank id": (
        lambda d: d["doses"][0].update(exercise_id=" \t"),
        ["doses[0].exercise_id: expected text, found an empty string"],
    ),
    "a lone surrogate": (
        lambda d: session(d).update(routine_name="Calves \ud800"),
        [
            "sessions[0].routine_name: expected valid Unicode text, found a lone surrogate "
            "at character 8"
        ],
    ),
    "a surrogate as a key": (
        lambda d: session(d)["checkin"]["exercise_pain"].update({"\udfff": 1}),
        [
            'sessions[0].checkin.exercise_pain: "\\udfff": expected valid Unicode text, found '
            "a lone surrogate at character 1"
        ],
    ),
    "NUL": (
        lambda d: d["exposure"][0].update(note="park\x00"),
        ["exposure[0].note: expected text without NUL characters, found one at character 5"],
    ),
    "a surrogate in the settings": (
        lambda d: d["settings"].update({"voice/name": "\udc80"}),
        ["settings: expected valid Unicode text, found a lone surrogate at character 1"],
    ),
    "settings nested deep": (
        lambda d: d["settings"].update(deep=nested(500)),
        ["settings: expected at most 64 lists and objects in all"],
    ),
    "answers too long": (
        lambda d: d["safety"][0]["answers"].update(note="a" * 70_000),
        ["safety[0].answers: expected at most 65,536 characters of JSON, found 70,048"],
    ),
    "a name nested deep": (
        lambda d: session(d).update(routine_name=nested(500)),
        ["sessions[0].routine_name: expected text, found a list"],
    ),
    "a list of uuids": (
        lambda d: [s.update(uuid=[1]) for s in d["sessions"]],
        [
            "sessions[0].uuid: expected a lower-case UUID, found a list",
            "sessions[1].uuid: expected a lower-case UUID, found a list",
        ],
    ),
    "objects as phase indexes": (
        lambda d: [b.update(phase_index={"a": 1}) for b in session(d)["blocks"][:2]],
        [
            "sessions[0].blocks[0].phase_index: expected a whole number from 0 to 1000000, "
            "found an object",
            "sessions[0].blocks[1].phase_index: expected a whole number from 0 to 1000000, "
            "found an object",
        ],
    ),
    "an unknown status": (
        lambda d: session(d).update(status="abandoned"),
        [
            "sessions[0].status: expected one of completed, ended early, stopped for pain; "
            'found "abandoned"'
        ],
    ),
    "a session that is a list": (
        lambda d: d["sessions"].__setitem__(0, []),
        ["sessions[0]: expected an object, found []"],
    ),
    "a block that is text": (
        lambda d: session(d)["blocks"].__setitem__(0, "x"),
        ['sessions[0].blocks[0]: expected an object, found "x"'],
    ),
    "a check-in that is a number": (
        lambda d: session(d).update(checkin=5),
        ["sessions[0].checkin: expected an object or null, found 5"],
    ),
    "pain by exercise as a list": (
        lambda d: session(d)["checkin"].update(exercise_pain=[1]),
        [
            "sessions[0].checkin.exercise_pain: expected an object of exercise id -> pain, "
            "found a list"
        ],
    ),
    "settings as a list": (
        lambda d: d.update(settings=[]),
        ["settings: expected an object, found []"],
    ),
    "doses as an object": (
        lambda d: d.update(doses={}),
        ["doses: expected a list, found {}"],
    ),
    "a flag as a number": (
        lambda d: d["safety"][0].update(acknowledged=1),
        ["safety[0].acknowledged: expected true or false, found 1"],
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_hostile_value_is_refused_with_its_place(
    case: str,
    good: dict,
    data_dir: Path,
    kept_log: bytes,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    change, problems = CASES[case]
    document = copy.deepcopy(good)
    change(document)
    assert refused(data_dir, write(tmp_path, document), capsys) == problems


# (how the file's text is made from a good export's, the problems expected)
TEXTS: dict[str, tuple[Callable[[str], str], list[str]]] = {
    "5,000 digits": (
        lambda text: text.replace(str(PLACEHOLDER), "1" * 5000, 1),
        [
            "sessions[0].blocks[0].planned_seconds: expected a whole number from 0 to 604800, "
            "found a number of 5000 characters"
        ],
    ),
    "4,000 digits": (
        lambda text: text.replace(str(PLACEHOLDER), "9" * 4000, 1),
        [
            "sessions[0].blocks[0].planned_seconds: expected a whole number from 0 to 604800, "
            "found 9999999999999999999999999999999999999..."
        ],
    ),
    "NaN": (
        lambda text: text.replace(str(PLACEHOLDER), "NaN", 1),
        [
            "sessions[0].blocks[0].planned_seconds: expected a whole number from 0 to 604800, "
            "found NaN"
        ],
    ),
    "-Infinity": (
        lambda text: text.replace(str(PLACEHOLDER), "-Infinity", 1),
        [
            "sessions[0].blocks[0].planned_seconds: expected a whole number from 0 to 604800, "
            "found -Infinity"
        ],
    ),
    "1e400": (
        lambda text: text.replace(str(PLACEHOLDER), "1e400", 1),
        [
            "sessions[0].blocks[0].planned_seconds: expected a whole number from 0 to 604800, "
            "found Infinity"
        ],
    ),
    "a key given twice": (
        lambda text: text.replace('"routine_id": ', '"started": 1, "routine_id": ', 1),
        ['sessions[0]: the key "started" is given more than once'],
    ),
    "a top-level key given twice": (
        lambda text: text.replace("{", '{"format": "footwork-log", ', 1),
        ['the key "format" is given more than once'],
    ),
    "a key given twice, deep under an odd name": (
        lambda text: text.replace(
            '"settings": {', '"settings": {"a \\udfff": {"k": 1, "k": 2}, ', 1
        ),
        ['settings["a \\udfff"]: the key "k" is given more than once'],
    ),
    "nested 100,000 deep": (
        lambda text: "[" * 100_000 + "]" * 100_000,
        ["the JSON is nested too deeply to be a Footwork export"],
    ),
    "a list, not an object": (
        lambda text: "[]",
        ["the file holds [], not an object"],
    ),
    "cut short": (
        lambda text: text[: len(text) // 2],
        [],  # the line and column of the end; checked in the test
    ),
}


@pytest.mark.parametrize("case", TEXTS, ids=list(TEXTS))
def test_a_hostile_file_is_refused_with_its_place(
    case: str,
    good: dict,
    data_dir: Path,
    kept_log: bytes,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make, problems = TEXTS[case]
    document = copy.deepcopy(good)
    block(document)["planned_seconds"] = PLACEHOLDER
    found = refused(data_dir, write(tmp_path, document, make), capsys)
    if case == "cut short":
        [problem] = found
        assert problem.startswith("line 1 column ") and ": not JSON: " in problem
    else:
        assert found == problems


def test_a_file_that_is_not_utf8_says_where(
    data_dir: Path, kept_log: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"format": "footwork-log",\n "note": "café"}'.encode("latin-1"))
    assert refused(data_dir, path, capsys) == [
        "line 2 column 14: the file is not UTF-8 text (byte 0xe9)"
    ]


def test_a_file_over_the_size_limit_is_not_read(
    data_dir: Path, kept_log: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as stream:
        stream.truncate(MAX_IMPORT_BYTES + 1)  # sparse: nothing is written, nothing read
    assert refused(data_dir, path, capsys) == [
        "the file is larger than 256 MiB, more than any Footwork export (ten years of daily "
        "sessions make about 40 MB)"
    ]


@pytest.mark.parametrize("kind", ["FIFO", "folder", "character device"])
def test_an_import_file_that_is_not_a_file_is_refused_without_waiting(
    kind: str, data_dir: Path, kept_log: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "odd.json"
    if kind == "FIFO":
        os.mkfifo(path)  # nobody writes it: reading it would wait for ever
    elif kind == "folder":
        path.mkdir()
    elif hasattr(os, "geteuid") and os.geteuid() == 0:
        os.mknod(path, 0o600 | 0o020000, os.makedev(1, 5))  # /dev/zero: endless
    else:
        path = Path("/dev/zero")
    words = {"FIFO": "a FIFO", "folder": "a folder", "character device": "a character device"}
    assert refused(data_dir, path, capsys) == [
        f"not a file Footwork can import: it is {words[kind]}"
    ]


def test_a_missing_file_is_refused(
    data_dir: Path, kept_log: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert refused(data_dir, tmp_path / "missing.json", capsys) == [
        "cannot read the file: No such file or directory"
    ]


def test_a_file_wrong_everywhere_stops_at_a_thousand_problems(
    good: dict, data_dir: Path, kept_log: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = copy.deepcopy(good)
    document["sessions"] = [1] * 50_000
    found = refused(data_dir, write(tmp_path, document), capsys)
    assert len(found) == MAX_PROBLEMS + 1
    assert found[0] == "sessions[0]: expected an object, found 1"
    assert found[-1] == "and maybe more: the check stopped after 1000 problems"


def test_a_refusal_the_checks_miss_is_still_the_import_error_with_its_place(
    good: dict, log: Log, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If a check ever let a value through that SQLite refuses, the import still says
    where, in one error, and nothing of the file is in the log."""
    log.start_session("mine", "Mine", 60, 1741593600.0)
    document = copy.deepcopy(good)
    document["sessions"][1]["blocks"][0]["planned_seconds"] = 2**64
    monkeypatch.setitem(
        fields_module.BLOCK.fields, "planned_seconds", lambda value: None
    )  # a check with a gap
    with pytest.raises(LogImportError) as caught:
        log.import_json(write(tmp_path, document))
    assert caught.value.problems == (
        "sessions[1]: the log refused it: Python int too large to convert to SQLite INTEGER",
    )
    assert [s.routine_id for s in log.sessions()] == ["mine"]
    assert log.morning_checkins() == [] and log.exposures() == []


def test_a_good_file_imports_after_the_refused_ones(
    good: dict, data_dir: Path, kept_log: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, good)
    assert main(["--import", str(path), "--data-dir", str(data_dir)]) == 0
    out, err = capsys.readouterr()
    assert out == (
        f"Imported 2 sessions (4 blocks) and 8 other rows from {path}; already in the log: "
        "0 sessions and 0 other rows; 1 setting applied\n"
    )
    assert err == ""
    conn = sqlite3.connect(log_path(data_dir))
    try:
        assert conn.execute("SELECT count(*) FROM sessions").fetchone() == (3,)
    finally:
        conn.close()
