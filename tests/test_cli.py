"""The command line as a user runs it: --check, --list, --export, --import, --version,
--data-dir."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import main
from app.core.library import RESOURCES
from tests.conftest import DATA, ROOT
from tests.folder_holder import holding

MINE = """format: 1
kind: routine
id: evening
name: Evening calves
steps:
  - exercise: soleus-stretch
    sets: 2
    time: 1:00
"""


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )


def test_check_valid_file_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "evening.yaml"
    mine.write_text(MINE)
    assert main(["--check", str(mine), "--data-dir", str(tmp_path / "d")]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "1 file(s) checked: all valid" in captured.err


def test_check_prints_file_exactly_as_given_and_exits_one(tmp_path: Path) -> None:
    broken = tmp_path / "sub" / "broken.yaml"
    broken.parent.mkdir()
    broken.write_text(MINE.replace("sets: 2", "sets: 2\n    rep: 3"))
    result = run(["--check", "sub/../sub/broken.yaml"], cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == "sub/../sub/broken.yaml:8:5: unknown key 'rep' (did you mean 'reps'?)\n"


def test_check_many_files_reports_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(MINE)
    missing = tmp_path / "missing.yaml"
    broken = DATA / "broken" / "bad-kind.yaml"
    assert main(["--check", str(good), str(missing), str(broken)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{missing}:1:1: cannot read file: No such file or directory",
        f"{broken}:2:7: expected one of exercises, routine, program; found 'routin' "
        "(did you mean 'routine'?)",
    ]


def test_check_accepts_every_builtin_file(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(RESOURCES / "exercises.yaml"), *map(str, (RESOURCES / "routines").glob("*.yaml"))]
    assert len(files) >= 7
    assert main(["--check", *files]) == 0, capsys.readouterr().out


def test_check_a_program_against_loaded_routines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "evening.yaml"
    mine.write_text(MINE)
    program = tmp_path / "plan.yaml"
    program.write_text(
        "format: 1\nkind: program\nid: plan\nname: Plan\nstages:\n"
        "  - {name: One, weeks: 2, sessions_per_week: 3, routines: [daily-ten, evening]}\n"
    )
    # The program may name a routine checked in the same call.
    assert main(["--check", str(mine), str(program)]) == 0, capsys.readouterr().out


def test_list_shows_builtin_and_user_routines_then_failures(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "routines").mkdir(parents=True)
    (data / "routines" / "evening.yaml").write_text(MINE)
    (data / "routines" / "broken.yaml").write_text("format: 1\nkind: routine\nid: x\n")
    result = run(["--list", "--data-dir", str(data)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    by_id = {line.split()[0]: line.split(maxsplit=2)[1:] for line in lines if line[:1].isalpha()}
    # 5 get ready + 2 x (60 left + 5 switch + 60 right) + 30 rest = 285 s
    assert by_id["evening"] == ["4:45", "Evening calves"]
    assert by_id["calf-soleus-stretch"][1] == "Calf and soleus stretch"
    assert "1 file(s) could not be loaded:" in lines
    broken = data / "routines" / "broken.yaml"
    assert f"{broken}:1:1: missing required key 'name'" in lines
    assert f"{broken}:1:1: missing required key 'steps'" in lines


def test_list_prints_hours_past_an_hour(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "routines").mkdir(parents=True)
    (data / "routines" / "long.yaml").write_text(
        MINE.replace("id: evening", "id: long").replace("sets: 2\n    time: 1:00", "time: 2h")
    )
    result = run(["--list", "--data-dir", str(data)], cwd=tmp_path)
    # 5 get ready + 2 h left + 5 switch + 2 h right
    assert "long                         4:00:10  Evening calves" in result.stdout.splitlines()


def test_data_dir_is_created_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "new" / "data"
    assert run(["--list", "--data-dir", str(data)], cwd=tmp_path).returncode == 0
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert (data / "routines").is_dir()


def test_version_from_every_entry_point(tmp_path: Path) -> None:
    from app import __version__

    via_main = run(["--version"], cwd=tmp_path)
    via_module = subprocess.run(
        [sys.executable, "-m", "app", "--version"], capture_output=True, text=True, cwd=ROOT
    )
    assert via_main.stdout == via_module.stdout == f"Footwork {__version__}\n"


def test_unusable_data_dir_is_a_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run(["--list", "--data-dir", str(blocker / "data")], cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"footwork: cannot use data folder {blocker / 'data'}:")


def make_log(data: Path) -> None:
    from app.core.events import BlockRecord, BlockStatus, SessionStatus
    from app.core.routine import Side
    from app.storage import Log

    data.mkdir(parents=True, exist_ok=True)
    with Log.open(data) as log:
        session = log.start_session("daily-ten", "Daily ten", 600, 1741593600.0)
        for index, side in enumerate((Side.LEFT, Side.RIGHT)):
            record = BlockRecord(
                index, 0, "short-foot", "Short foot", side, 1, 1, None, 70.0, 10, 10,
                BlockStatus.COMPLETED, 1741593600.0, 1741593670.0,
            )  # fmt: skip
            log.save_block(session, record, index + 1)
        log.finish_session(session, SessionStatus.COMPLETED, 1741594200.0)
        log.save_session_checkin(session, 2)


def test_export_writes_the_csv_and_exits_zero(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_log(data)
    result = run(["--export", "out.csv", "--data-dir", str(data)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2 work block(s) written to out.csv\n"
    lines = (tmp_path / "out.csv").read_text().splitlines()
    assert lines[0] == (
        "session_id,session_started,routine_id,exercise_id,side,set,planned_seconds,"
        "done_seconds,planned_reps,done_reps,status,session_status,pain"
    )
    assert [line.split(",")[4] for line in lines[1:]] == ["left", "right"]
    assert lines[1].endswith(",short-foot,left,1,,70,10,10,completed,completed,2")


def test_export_does_not_import_qt(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_log(data)
    script = (
        "import sys\n"
        "from app.cli import main\n"
        f"code = main(['--export', 'out.csv', '--data-dir', {str(data)!r}])\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_export_into_a_missing_folder_is_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    make_log(data)
    dest = tmp_path / "missing" / "out.csv"
    assert main(["--export", str(dest), "--data-dir", str(data)]) == 2
    err = capsys.readouterr().err
    assert err == f"footwork: Cannot write {dest}: No such file or directory.\n"


def test_export_without_a_log_says_so_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "typo"
    assert main(["--export", str(tmp_path / "out.csv"), "--data-dir", str(data)]) == 2
    assert capsys.readouterr().err == f"footwork: no progress log in {data}; nothing to export\n"
    assert not data.exists()
    assert not (tmp_path / "out.csv").exists()


def test_export_refuses_a_log_from_a_newer_footwork(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from app.storage import SCHEMA_VERSION

    data = tmp_path / "data"
    make_log(data)
    conn = sqlite3.connect(data / "log.sqlite3")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    assert main(["--export", str(tmp_path / "out.csv"), "--data-dir", str(data)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("footwork: The progress log ")
    assert f"has schema version {SCHEMA_VERSION + 5}" in err and "It was not changed." in err
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--list"],
        ["--check", str(DATA / "broken" / "bad-kind.yaml")],
        # argparse drops output it cannot write by itself: these end 0.
        ["--help"],
        ["--version"],
    ],
    ids=["list", "check", "help", "version"],
)
def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path: Path, args: list[str]) -> None:
    """``footwork --list | head -3``: no traceback when the reader stops reading."""
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path / "d"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before the first line is written
    with child.stderr:
        errors = child.stderr.read().decode()
    # As a tool stopped by SIGPIPE (128 + 13), or 0 where nothing was left to write.
    assert child.wait(timeout=60) == (141 if args[0] in ("--list", "--check") else 0)
    assert "Traceback" not in errors and "BrokenPipe" not in errors and "Exception" not in errors


# -- one Footwork per data folder, and files that are not Footwork's ---------------------

WRITER = """
import sys
from pathlib import Path
from app.cli import run_writer
sys.exit(run_writer(Path(sys.argv[1]), "--import", lambda log: print("wrote") or 0))
"""


def test_a_writing_command_waits_then_names_the_window_holding_the_folder(tmp_path: Path) -> None:
    from app.lock import WRITER_WAIT_SECONDS

    data = tmp_path / "data"
    make_log(data)
    data.chmod(0o700)
    with holding(data) as window:
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-c", WRITER, str(data)], capture_output=True, text=True,
            timeout=60, cwd=ROOT,
        )  # fmt: skip
        waited = time.monotonic() - started
    assert result.returncode == 2
    assert result.stdout == ""  # it never wrote
    assert result.stderr == (
        f"footwork: The data folder {data} is in use by the Footwork window (process "
        f"{window.pid}); only one Footwork at a time can write its progress log. Try again "
        "once it has finished or been closed.\n"
    )
    assert waited >= WRITER_WAIT_SECONDS


def test_a_writing_command_writes_once_the_folder_is_free(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = subprocess.run(
        [sys.executable, "-c", WRITER, str(data)], capture_output=True, text=True, timeout=60,
        cwd=ROOT,
    )  # fmt: skip
    assert (result.returncode, result.stdout, result.stderr) == (0, "wrote\n", "")


def test_read_only_commands_work_while_a_window_holds_the_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_log(data)
    mine = tmp_path / "evening.yaml"
    mine.write_text(MINE)
    with holding(data):
        listed = run(["--list", "--data-dir", str(data)], cwd=tmp_path)
        checked = run(["--check", str(mine), "--data-dir", str(data)], cwd=tmp_path)
        exported = run(["--export", "out.csv", "--data-dir", str(data)], cwd=tmp_path)
    assert listed.returncode == 0 and "daily-ten" in listed.stdout
    assert checked.returncode == 0, checked.stdout
    assert (exported.returncode, exported.stdout) == (0, "2 work block(s) written to out.csv\n")


def test_a_fifo_in_routines_is_reported_and_list_returns_at_once(tmp_path: Path) -> None:
    import socket

    data = tmp_path / "data"
    (data / "routines").mkdir(parents=True, mode=0o700)
    data.chmod(0o700)
    fifo = data / "routines" / "x.yaml"
    os.mkfifo(fifo)
    (data / "routines" / "evening.yaml").write_text(MINE)
    sock = data / "routines" / "s.yaml"
    listener = socket.socket(socket.AF_UNIX)
    try:
        listener.bind(str(sock))
        started = time.monotonic()
        result = run(["--list", "--data-dir", str(data)], cwd=tmp_path)
        took = time.monotonic() - started
    finally:
        listener.close()
    assert result.returncode == 0, result.stderr
    assert took < 20  # it used to wait forever for a writer to the FIFO
    lines = result.stdout.splitlines()
    assert "2 file(s) could not be loaded:" in lines
    assert f"{sock}:1:1: not a regular file (a socket)" in lines
    assert f"{fifo}:1:1: not a regular file (a FIFO)" in lines
    assert any(line.startswith("evening ") for line in lines)  # the others load as usual


def test_check_refuses_a_fifo_and_a_folder_without_reading_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    assert main(["--check", str(fifo), str(folder), "--data-dir", str(tmp_path / "d")]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{fifo}:1:1: not a regular file (a FIFO)",
        f"{folder}:1:1: not a regular file (a folder)",
    ]


def test_export_refuses_a_log_that_is_a_link_and_leaves_its_target_alone(
    tmp_path: Path,
) -> None:
    elsewhere = tmp_path / "elsewhere"
    make_log(elsewhere)
    target = elsewhere / "log.sqlite3"
    target.chmod(0o644)
    before = target.read_bytes()
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / "log.sqlite3").symlink_to(target)
    result = run(["--export", "out.csv", "--data-dir", str(data)], cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        f"footwork: The progress log file {data / 'log.sqlite3'} is not a regular file (a "
        "symbolic link), so Footwork did not open or change it. Move it away and start "
        "Footwork again.\n"
    )
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # it used to be made 0600
    assert target.read_bytes() == before
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("mode", [0o777, 0o1777, 0o755])
def test_an_existing_data_folder_keeps_its_mode_and_is_warned_about_once(
    tmp_path: Path, mode: int
) -> None:
    data = tmp_path / "shared"
    data.mkdir()
    data.chmod(mode)
    result = run(["--list", "--data-dir", str(data)], cwd=tmp_path)
    assert result.returncode == 0
    assert stat.S_IMODE(data.stat().st_mode) == mode  # it used to become 0700
    assert result.stderr == (
        f"footwork: warning: the data folder {data} can be opened by other users (mode "
        f"{mode & 0o7777:04o}); Footwork leaves it as it is and keeps its own files in it "
        "readable by you only\n"
    )
    # What Footwork made in it is its own, and owner-only.
    assert stat.S_IMODE((data / "routines").stat().st_mode) == 0o700


def test_a_new_data_folder_is_owner_only_without_a_warning(tmp_path: Path) -> None:
    data = tmp_path / "new" / "data"
    result = run(["--list", "--data-dir", str(data)], cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == ""
    assert stat.S_IMODE(data.stat().st_mode) == 0o700


def test_routine_reads_past_a_fifo_before_any_window(tmp_path: Path) -> None:
    """--routine ID loads the routines before the window, to refuse a wrong id: no hang either."""
    data = tmp_path / "data"
    (data / "routines").mkdir(parents=True)
    os.mkfifo(data / "routines" / "x.yaml")
    result = run(["--routine", "daily-tne", "--data-dir", str(data)], cwd=tmp_path)
    assert result.returncode == 2
    assert "no routine 'daily-tne' (did you mean 'daily-ten'?)" in result.stderr


# -- --import ------------------------------------------------------------------------------


def export_of_a_log(tmp_path: Path) -> Path:
    from app.storage import Log

    source = tmp_path / "source"
    make_log(source)

    with Log.open(source) as log:
        log.export_json(tmp_path / "export.json", {"sound/volume": 40})
        log.close(backup=False)
    return tmp_path / "export.json"


def test_import_adds_an_export_once_and_says_how_much(tmp_path: Path) -> None:
    export = export_of_a_log(tmp_path)
    data = tmp_path / "new machine"
    first = run(["--import", str(export), "--data-dir", str(data)], tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == (
        f"Imported 1 session (2 blocks) and 0 other rows from {export}; already in the log: "
        "0 sessions and 0 other rows; 1 setting applied\n"
    )
    assert first.stderr == ""
    again = run(["--import", str(export), "--data-dir", str(data)], tmp_path)
    assert again.returncode == 0
    assert "Imported 0 sessions (0 blocks)" in again.stdout
    assert "already in the log: 1 session and 0 other rows" in again.stdout
    assert "[sound]\nvolume=40\n" in (data / "settings.ini").read_text()


def test_import_of_a_refused_file_exits_1_with_each_place(tmp_path: Path) -> None:
    export = export_of_a_log(tmp_path)
    document = export.read_text().replace('"started": 1741593600.0', '"started": 253402300800', 1)
    export.write_text(document)
    data = tmp_path / "data"
    result = run(["--import", "export.json", "--data-dir", str(data)], tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "export.json: sessions[0].started: expected a time from 1970 to 2200 (seconds since "
        "1970-01-01 UTC), found 253402300800\n"
        "footwork: nothing was imported from export.json\n"
    )


def test_import_exits_2_when_the_log_cannot_be_opened(tmp_path: Path) -> None:
    export = export_of_a_log(tmp_path)
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / "log.sqlite3").symlink_to(tmp_path / "elsewhere.sqlite3")
    result = run(["--import", str(export), "--data-dir", str(data)], tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"footwork: The progress log file {data / 'log.sqlite3'} is")
    assert not (tmp_path / "elsewhere.sqlite3").exists()


def test_import_exits_2_naming_the_window_that_holds_the_folder(tmp_path: Path) -> None:
    export = export_of_a_log(tmp_path)
    data = tmp_path / "data"
    make_log(data)
    data.chmod(0o700)
    before = (data / "log.sqlite3").read_bytes()
    with holding(data) as window:
        result = run(["--import", str(export), "--data-dir", str(data)], tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"is in use by the Footwork window (process {window.pid})" in result.stderr
    assert (data / "log.sqlite3").read_bytes() == before


def test_help_tells_of_import(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "--import FILE.json" in capsys.readouterr().out
