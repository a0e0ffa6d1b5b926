"""A bad row already in the log (an older Footwork let it in, or a hand edit): every reader
leaves it out and says so, and one row never takes History, an export, the coach or
start-up down. Rows are broken here with raw SQL, as a hand edit would."""

from __future__ import annotations

import json
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from app.coaching import suggestions_for
from app.storage import Log, ProgramState, log_path
from app.storage.unreadable import LISTED_MAX, unreadable_words
from app.ui.history_data import ExerciseData, HistoryData, Period, Step
from tests.storage.test_transfer import A_TIME, fill
from tests.test_coaching import STRETCH, play

TODAY = date(2025, 7, 2)
A_DAY = "a date YYYY-MM-DD from 1970-01-01 to 2199-12-31"


def hand_edit(data_dir: Path, *statements: str) -> None:
    """Change the closed log as someone with the sqlite3 shell would, its checks off."""
    conn = sqlite3.connect(log_path(data_dir))
    try:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def filled(data_dir: Path, *statements: str) -> None:
    """One of everything in the log (sessions 1 and 2, see ``fill``), then the hand edits."""
    with Log.open(data_dir) as log:
        fill(log)
        log.close(backup=False)
    hand_edit(data_dir, *statements)


def read_everything(log: Log, tmp_path: Path) -> None:
    """Every reader a screen, an export, the coach or start-up uses."""
    log.unfinished_session()
    for summary in log.sessions():
        summary.started.isoformat()  # what the History table does with it
        log.blocks(summary.id)
        log.session_checkin(summary.id)
    log.sessions(limit=1)
    for exercise in ("short-foot", "soleus-stretch", "gastroc-stretch"):
        log.blocks_for_exercise(exercise)
    log.minutes_per_week()
    log.session_days()
    log.streak(TODAY)
    log.coach_sessions()
    log.morning_checkins()
    log.morning_checkin(date(2025, 3, 11))
    log.dose_history()
    log.dose_in_force("daily-ten", "eccentric-calf-raise")
    log.baselines()
    log.exposures()
    log.safety_history()
    log.latest_safety_answers()
    log.program_states()
    log.program_state("transition")
    for period in Period:
        data = HistoryData.from_log(log, TODAY, period)
        ExerciseData.from_log(log, TODAY, period, Step.DAY)
        for session in data.sessions:
            session.day  # noqa: B018 (what the calendar reads)
    suggestions_for(log, STRETCH, TODAY)
    log.export_csv(tmp_path / "blocks.csv")
    log.export_json(tmp_path / "all.json", {})


# (the hand edit, how the row it breaks is then described)
BAD_ROWS = {
    "a start in the year 10000": (
        "UPDATE sessions SET started = 253402300800 WHERE id = 1",
        f"session 1: started: expected {A_TIME}, found 253402300800.0",
    ),
    "a start of 1e18": (
        "UPDATE sessions SET started = 1e18 WHERE id = 2",
        f"session 2: started: expected {A_TIME}, found 1e+18",
    ),
    "a start as text": (
        "UPDATE sessions SET started = 'yesterday' WHERE id = 2",
        f'session 2: started: expected {A_TIME}, found "yesterday"',
    ),
    "an unknown status": (
        "UPDATE sessions SET status = 'abandoned' WHERE id = 2",
        "session 2: status: expected one of completed, ended early, stopped for pain; "
        'found "abandoned"',
    ),
    "text in a number column": (
        "UPDATE sessions SET planned_seconds = 'lots' WHERE id = 1",
        'session 1: planned_seconds: expected a whole number from 0 to 604800, found "lots"',
    ),
    "a NUL in a name": (
        "UPDATE sessions SET routine_name = 'Daily' || char(0) || 'ten' WHERE id = 1",
        "session 1: routine_name: expected text without NUL characters, found one at character 6",
    ),
    "an unknown side": (
        "UPDATE blocks SET side = 'both' WHERE session_id = 1 AND phase_index = 3",
        'work block 3 of session 1: side: expected one of left, right, none; found "both"',
    ),
    "done seconds as text": (
        "UPDATE blocks SET done_seconds = 'abc' WHERE session_id = 2",
        'work block 0 of session 2: done_seconds: expected a number from 0 to 604800, found "abc"',
    ),
    "a block ending in the year 10000": (
        "UPDATE blocks SET ended = 253402300800 WHERE session_id = 1 AND phase_index = 5",
        f"work block 5 of session 1: ended: expected {A_TIME}, found 253402300800.0",
    ),
    "set 3 of 2": (
        "UPDATE blocks SET set_number = 3, sets = 2 WHERE session_id = 1 AND phase_index = 1",
        "work block 1 of session 1: set_number: set 3 of only 2 sets",
    ),
    "pain 99": (
        "UPDATE session_checkins SET pain_during = 99 WHERE session_id = 1",
        "the check-in of session 1: pain_during: expected a whole number from 0 to 10, found 99",
    ),
    "pain of an exercise as text": (
        "UPDATE exercise_pain SET pain = 'x' WHERE session_id = 1",
        'the pain rating of "soleus-stretch" in session 1: pain: expected a whole number '
        'from 0 to 10, found "x"',
    ),
    "a morning on 0001-01-01": (
        "UPDATE morning_checkins SET day = '0001-01-01' WHERE day = '2025-03-11'",
        f'the morning check-in of "0001-01-01": day: expected {A_DAY}, found "0001-01-01"',
    ),
    "exposure on 9999-12-31": (
        "UPDATE exposure SET day = '9999-12-31' WHERE id = 1",
        f'barefoot entry 1: day: expected {A_DAY}, found "9999-12-31"',
    ),
    "a dose decided in 1969": (
        "UPDATE doses SET decided = -5 WHERE id = 1",
        f"dose change 1: decided: expected {A_TIME}, found -5.0",
    ),
    "a usual morning as text": (
        "UPDATE morning_baselines SET pain = 'high'",
        'usual morning pain 1: pain: expected a whole number from 0 to 10, found "high"',
    ),
    "safety answers that are not JSON": (
        "UPDATE safety SET answers = '{not json'",
        'safety answers 1: answers: expected an object, found "{not json"',
    ),
    "safety answers nested deep": (
        "UPDATE safety SET answers = '{\"a\": ' || replace(hex(zeroblob(100)), '00', '[') || "
        "replace(hex(zeroblob(100)), '00', ']') || '}'",
        "safety answers 1: answers: expected at most 64 lists and objects in all",
    ),
    "a program day that is no day": (
        "UPDATE program_state SET started_day = 'soon'",
        f'the program state of "transition": started_day: expected {A_DAY}, found "soon"',
    ),
    # Text that is not UTF-8, as one flipped bit makes it: Python's sqlite3 cannot decode it.
    "a name that is not UTF-8": (
        "UPDATE sessions SET routine_name = CAST(x'44ff' AS TEXT) WHERE id = 2",
        "session 2: routine_name: expected UTF-8 text, found a byte that is not UTF-8 at "
        "character 2",
    ),
    "an exercise id that is not UTF-8, in its index too": (
        "UPDATE blocks SET exercise_id = CAST(x'73ff' AS TEXT) "
        "WHERE session_id = 1 AND phase_index = 3",
        "work block 3 of session 1: exercise_id: expected UTF-8 text, found a byte that is "
        "not UTF-8 at character 2",
    ),
    "safety answers that are not UTF-8": (
        "UPDATE safety SET answers = CAST(x'7b2261223a2022ff227d' AS TEXT)",  # {"a": "\xff"}
        "safety answers 1: answers: expected UTF-8 text, found a byte that is not UTF-8 at "
        "character 1",
    ),
}


@pytest.mark.parametrize("case", BAD_ROWS, ids=list(BAD_ROWS))
def test_a_bad_row_is_left_out_by_every_reader_and_named(
    case: str, data_dir: Path, tmp_path: Path
) -> None:
    edit, described = BAD_ROWS[case]
    filled(data_dir, edit)
    with Log.open(data_dir) as log:
        read_everything(log, tmp_path)  # nothing raises
        [row] = log.unreadable_rows()
        assert row.describe() == described
        one, _ = row.words
        assert unreadable_words([row]) == (
            f"1 {one} in your log could not be read and is left out: {described}."
        )
        history = HistoryData.from_log(log, TODAY, Period.ALL_TIME)
        assert history.unreadable == (row,)
        # What the export holds imports again, whole: the bad row is not in it.
        other = tmp_path / "other"
        other.mkdir()
        with Log.open(other) as fresh:
            fresh.import_json(tmp_path / "all.json")
            assert fresh.unreadable_rows() == ()
            fresh.close(backup=False)
        log.close(backup=False)


def test_a_session_in_the_year_10000_leaves_the_rest_of_history_as_it_was(
    data_dir: Path, tmp_path: Path
) -> None:
    filled(data_dir)
    with Log.open(data_dir) as log:
        before = log.sessions()
        blocks_before = log.export_csv(tmp_path / "before.csv")
        log.close(backup=False)
    hand_edit(data_dir, "UPDATE sessions SET started = 253402300800 WHERE id = 1")
    with Log.open(data_dir) as log:
        assert log.sessions() == [s for s in before if s.id != 1]
        assert log.export_csv(tmp_path / "after.csv") == blocks_before - 3
        assert [c.id for c in log.coach_sessions()] == [2]
        assert [b.session_id for b in log.blocks_for_exercise("soleus-stretch")] == []
        assert log.session_checkin(1) is not None  # its parts stay, unread with it
        log.close(backup=False)


def test_an_unreadable_open_session_is_not_offered_at_start(data_dir: Path) -> None:
    with Log.open(data_dir) as log:
        log.start_session("daily-ten", "Daily ten", 620, 1741593600.0)
        log.close(backup=False)
    hand_edit(data_dir, "UPDATE sessions SET started = 1e18")
    with Log.open(data_dir) as log:
        assert log.unfinished_session() is None
        assert [r.table for r in log.unreadable_rows()] == ["sessions"]
        log.close(backup=False)


def test_several_kinds_are_counted_and_the_rest_cut_short(data_dir: Path) -> None:
    filled(
        data_dir,
        "UPDATE sessions SET started = 253402300800",
        "INSERT INTO morning_checkins VALUES ('0001-01-01', 1, 1)",
        "UPDATE exposure SET day = '9999-12-31'",
    )
    with Log.open(data_dir) as log:
        words = unreadable_words(log.unreadable_rows())
        log.close(backup=False)
    assert words.startswith(
        "2 sessions, 1 morning check-in and 2 barefoot entries in your log could not be "
        f"read and are left out: session 1: started: expected {A_TIME}, found 253402300800.0; "
        "session 2: "
    )
    assert words.endswith("; and 2 more.")


def test_a_row_mended_since_it_was_found_is_read_again(data_dir: Path) -> None:
    filled(data_dir, "UPDATE program_state SET started_day = 'soon'")
    with Log.open(data_dir) as log:
        assert log.program_states() == []
        assert len(log.unreadable_rows()) == 1
        mended = ProgramState("transition", date(2025, 3, 1), 2, date(2025, 3, 20))
        log.set_program_state(mended)
        assert log.program_states() == [mended]
        assert log.unreadable_rows() == ()
        log.close(backup=False)


def test_odd_keys_are_left_out_exactly(data_dir: Path) -> None:
    """Text keys go into the readers' SQL as the bytes they are: quotes and all."""
    filled(data_dir)
    with Log.open(data_dir) as log:
        for program in ("it's", "a\nb", "x') OR 1 --", "plain"):
            log.set_program_state(ProgramState(program, date(2025, 3, 1), 0, date(2025, 3, 1)))
        log.close(backup=False)
    hand_edit(data_dir, "UPDATE program_state SET stage_index = -1 WHERE program_id <> 'plain'")
    with Log.open(data_dir) as log:
        assert [s.program_id for s in log.program_states()] == ["plain"]
        assert sorted(r.key[0] for r in log.unreadable_rows()) == sorted(
            ["it's", "a\nb", "x') OR 1 --", "transition"]
        )
        log.close(backup=False)


def test_more_bad_rows_than_are_listed_are_still_left_out(data_dir: Path) -> None:
    filled(data_dir)
    with Log.open(data_dir) as log:
        log._conn.executemany(
            "INSERT INTO exposure (uuid, day, minutes, activity, note) "
            "VALUES (?, '2025-03-12', 5, 'walk', 'many')",
            [(f"00000000-0000-4000-8000-{n:012d}",) for n in range(LISTED_MAX + 5)],
        )
        log.close(backup=False)
    hand_edit(data_dir, "UPDATE exposure SET day = '9999-12-31' WHERE note = 'many'")
    with Log.open(data_dir) as log:
        assert len(log.unreadable_rows()) == LISTED_MAX + 5
        assert [e.note for e in log.exposures()] == ["park", ""]
        log.close(backup=False)


def test_removing_unreadable_rows_keeps_them_in_a_file_first(data_dir: Path) -> None:
    filled(
        data_dir,
        "UPDATE sessions SET started = 253402300800 WHERE id = 1",
        "UPDATE exposure SET day = '9999-12-31' WHERE id = 2",
        "UPDATE program_state SET started_day = 'soon'",
    )
    with Log.open(data_dir) as log:
        rows = log.unreadable_rows()
        assert [r.table for r in rows] == ["sessions", "exposure", "program_state"]
        # The program state is mended before the user answers: it is kept.
        log.set_program_state(ProgramState("transition", date(2025, 3, 1), 1, date(2025, 3, 8)))
        removed, kept_in = log.remove_unreadable(rows)
        assert removed == 2
        assert kept_in is not None and kept_in.parent == data_dir
        assert kept_in.name.startswith("removed-rows-") and kept_in.suffix == ".json"
        assert stat.S_IMODE(kept_in.stat().st_mode) == 0o600
        assert log.unreadable_rows() == ()
        assert [s.id for s in log.sessions()] == [2]
        assert len(log.exposures()) == 1
        assert len(log.program_states()) == 1
        assert log.remove_unreadable(rows) == (0, None)  # nothing left to remove
        log.close(backup=False)
    kept = json.loads(kept_in.read_text(encoding="utf-8"))["tables"]
    assert [s["started"] for s in kept["sessions"]] == [253402300800.0]
    assert [b["phase_index"] for b in kept["blocks"]] == [1, 3, 5]
    assert [c["note"] for c in kept["session_checkins"]] == ['Calves tight, "ok", é']
    assert kept["exercise_pain"] == [{"session_id": 1, "exercise_id": "soleus-stretch", "pain": 4}]
    assert [e["day"] for e in kept["exposure"]] == ["9999-12-31"]
    assert "program_state" not in kept
    conn = sqlite3.connect(log_path(data_dir))
    try:  # the session's parts went with it
        assert conn.execute("SELECT count(*) FROM blocks WHERE session_id = 1").fetchone() == (0,)
    finally:
        conn.close()


def test_export_from_the_command_line_says_what_it_left_out(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled(data_dir, "UPDATE sessions SET started = 253402300800 WHERE id = 1")
    dest = tmp_path / "blocks.csv"
    assert main(["--export", str(dest), "--data-dir", str(data_dir)]) == 0
    out, err = capsys.readouterr()
    assert out == f"1 work block(s) written to {dest}\n"
    assert err == (
        "footwork: warning: 1 session in your log could not be read and is left out: "
        f"session 1: started: expected {A_TIME}, found 253402300800.0.\n"
    )
    assert len(dest.read_text().splitlines()) == 2


def test_the_coach_reads_past_a_bad_row(data_dir: Path) -> None:
    with Log.open(data_dir) as log:
        for n in range(1, 4):
            play(log, STRETCH, n, pain=1, morning=1)
        expected = suggestions_for(log, STRETCH, date(2024, 5, 4))
        bad = log.start_session("stretch", "Stretch", 60, 1714600000.0)
        log.close(backup=False)
    hand_edit(data_dir, f"UPDATE sessions SET status = 'abandoned' WHERE id = {bad}")
    with Log.open(data_dir) as log:
        assert suggestions_for(log, STRETCH, date(2024, 5, 4)) == expected
        log.close(backup=False)


def test_text_that_is_not_utf8_is_removed_byte_for_byte(data_dir: Path) -> None:
    """Bytes that are not UTF-8 (a flipped bit) were damage once: the whole log moved
    aside. The row is a bad row now; it is named, and removing it keeps its bytes."""
    filled(data_dir, "UPDATE exposure SET note = CAST(x'ff70' AS TEXT) WHERE id = 1")
    with Log.open(data_dir) as log:
        [row] = log.unreadable_rows()
        assert row.describe() == (
            "barefoot entry 1: note: expected UTF-8 text, found a byte that is not UTF-8 at "
            "character 1"
        )
        assert [e.note for e in log.exposures()] == [""]
        assert len(log.sessions()) == 2
        removed, kept_in = log.remove_unreadable([row])
        assert removed == 1 and kept_in is not None
        assert log.unreadable_rows() == ()
        log.close(backup=False)
    [kept] = json.loads(kept_in.read_text(encoding="utf-8"))["tables"]["exposure"]
    assert kept["note"] == "x'ff70'"


def test_a_key_that_is_not_utf8_is_left_out_exactly(data_dir: Path) -> None:
    """A key read back with its bytes as lone surrogates picks out the same row again."""
    filled(data_dir)
    with Log.open(data_dir) as log:
        log.set_program_state(ProgramState("plain", date(2025, 3, 1), 0, date(2025, 3, 1)))
        log.close(backup=False)
    hand_edit(data_dir, "UPDATE program_state SET program_id = CAST(x'74ff' AS TEXT) "
              "WHERE program_id = 'transition'")  # fmt: skip
    with Log.open(data_dir) as log:
        [row] = log.unreadable_rows()
        assert row.key == ("t\udcff",)
        assert [s.program_id for s in log.program_states()] == ["plain"]
        assert log.remove_unreadable([row])[0] == 1
        assert [s.program_id for s in log.program_states()] == ["plain"]
        log.close(backup=False)
