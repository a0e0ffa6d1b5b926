"""The progress log as its callers use it: sessions written ahead, check-ins, queries."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.core.events import BlockRecord, BlockStatus, SessionStatus
from app.core.routine import Side
from app.storage import (
    SCHEMA_VERSION,
    Activity,
    DoseChange,
    Exposure,
    Log,
    LogError,
    LogOpenError,
    LogValueError,
    MorningBaseline,
    MorningCheckIn,
    ProgramState,
    SafetyAnswers,
    SessionCheckIn,
)
from app.storage.fields import BLOCK_COLUMNS
from app.storage.log import configure
from tests.storage.conftest import DAY, T0, block, mode

# --------------------------------------------------------------------- opening


def test_open_creates_an_owner_only_log_in_wal_with_full_sync(data_dir: Path) -> None:
    with Log.open(data_dir) as log:
        log.start_session("daily-ten", "Daily ten", 600, T0)
        conn = log._conn  # the pragmas are per connection: ask the log's own
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert log.schema_version == SCHEMA_VERSION
        files = {p.name: mode(p) for p in data_dir.iterdir() if p.is_file()}
        assert files == {"log.sqlite3": 0o600, "log.sqlite3-wal": 0o600, "log.sqlite3-shm": 0o600}


def test_open_tightens_permissions_of_an_existing_log(data_dir: Path) -> None:
    Log.open(data_dir).close()
    (data_dir / "log.sqlite3").chmod(0o644)
    with Log.open(data_dir):
        assert mode(data_dir / "log.sqlite3") == 0o600


def test_open_refuses_a_missing_data_folder(tmp_path: Path) -> None:
    with pytest.raises(LogOpenError, match="does not exist"):
        Log.open(tmp_path / "nowhere")
    assert not (tmp_path / "nowhere").exists()


def test_configure_raises_when_sqlite_keeps_another_journal_mode() -> None:
    # An in-memory database cannot use WAL; SQLite answers by staying in 'memory' mode.
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        with pytest.raises(LogOpenError, match="could not put the progress log in WAL mode"):
            configure(conn)
    finally:
        conn.close()


def test_open_refuses_a_database_that_is_not_a_footwork_log(data_dir: Path) -> None:
    other = sqlite3.connect(data_dir / "log.sqlite3")
    other.execute("CREATE TABLE photos (name TEXT)")
    other.commit()
    other.close()
    before = (data_dir / "log.sqlite3").read_bytes()
    with pytest.raises(LogOpenError, match=r"not a Footwork progress log\. It was not changed"):
        Log.open(data_dir)
    assert (data_dir / "log.sqlite3").read_bytes() == before


def test_a_closed_log_refuses_calls(data_dir: Path) -> None:
    log = Log.open(data_dir)
    log.close()
    log.close()  # twice is fine
    assert log.closed
    with pytest.raises(LogError, match="closed"):
        log.sessions()


# ------------------------------------------------------ sessions written ahead


def test_blocks_are_committed_before_save_block_returns(log: Log, data_dir: Path) -> None:
    session = log.start_session("daily-ten", "Daily ten", 600, T0, planned_blocks=3)
    log.save_block(session, block(1), next_phase_index=2)
    # A second connection (another process, after a crash) sees the block at once.
    other = sqlite3.connect(data_dir / "log.sqlite3")
    try:
        rows = other.execute("SELECT session_id, phase_index FROM blocks").fetchall()
        nxt = other.execute("SELECT next_phase_index FROM sessions").fetchone()[0]
    finally:
        other.close()
    assert rows == [(session, 1)]
    assert nxt == 2


def test_redoing_a_block_replaces_it(log: Log) -> None:
    session = log.start_session("daily-ten", "Daily ten", 600, T0)
    log.save_block(session, block(1, done_seconds=12.0, status=BlockStatus.SKIPPED), 2)
    log.save_block(session, block(3, side=Side.RIGHT), 4)
    # The user went back and did block 1 again.
    log.save_block(session, block(1, done_seconds=30.0), 2)
    blocks = log.blocks(session)
    assert [(b.phase_index, b.done_seconds, b.status) for b in blocks] == [
        (1, 30.0, BlockStatus.COMPLETED),
        (3, 30.0, BlockStatus.COMPLETED),
    ]
    assert blocks[1].side is Side.RIGHT


def test_blocks_come_back_exactly_as_saved(log: Log) -> None:
    session = log.start_session("r", "R", 60, T0)
    saved = [
        block(0, planned_seconds=None, done_seconds=41.5, planned_reps=12, done_reps=11),
        block(2, side=Side.NONE, set_number=2, sets=3, status=BlockStatus.STOPPED),
    ]
    for record in saved:
        log.save_block(session, record, record.phase_index + 1)
    assert log.blocks(session) == tuple(saved)


def test_block_columns_follow_the_block_record() -> None:
    # block_from_values relies on it: the columns are BlockRecord's fields, in order.
    names = [f.name.removesuffix("_wall") for f in dataclasses.fields(BlockRecord)]
    assert list(BLOCK_COLUMNS) == names


def test_unfinished_session_is_kept_until_the_user_decides(data_dir: Path) -> None:
    log = Log.open(data_dir)
    session = log.start_session("daily-ten", "Daily ten", 600, T0, planned_blocks=4)
    log.save_block(session, block(1), 2)
    log.save_block(session, block(3, side=Side.RIGHT, ended_wall=T0 + 99), 4)
    log.close(backup=False)  # as good as a crash: the session was never finished

    log = Log.open(data_dir)
    left = log.unfinished_session()
    assert left is not None
    assert (left.id, left.routine_id, left.started_wall, left.next_phase_index) == (
        session,
        "daily-ten",
        T0,
        4,
    )
    assert [b.phase_index for b in left.blocks] == [1, 3]
    assert left.planned_blocks == 4
    assert left.last_saved_wall == T0 + 99
    # Opening again, even many times, removes nothing.
    log.close(backup=False)
    log = Log.open(data_dir)
    assert log.unfinished_session() == left
    log.close(backup=False)


def test_resuming_keeps_the_same_session(log: Log) -> None:
    session = log.start_session("daily-ten", "Daily ten", 600, T0)
    log.save_block(session, block(1), 2)
    left = log.unfinished_session()
    assert left is not None
    log.save_block(left.id, block(3), 4)
    log.finish_session(left.id, SessionStatus.COMPLETED, T0 + 600)
    assert log.unfinished_session() is None
    [summary] = log.sessions()
    assert (summary.id, summary.blocks, summary.status) == (session, 2, SessionStatus.COMPLETED)
    assert summary.duration_seconds == 600


def test_keep_as_partial_ends_it_early_at_its_last_block(log: Log) -> None:
    session = log.start_session("daily-ten", "Daily ten", 600, T0)
    log.save_block(session, block(1, ended_wall=T0 + 80), 2)
    log.keep_as_partial(session)
    assert log.unfinished_session() is None
    [summary] = log.sessions()
    assert summary.status is SessionStatus.ENDED_EARLY
    assert summary.ended_wall == T0 + 80
    log.keep_as_partial(session)  # already finished: nothing changes
    assert log.sessions() == [summary]


def test_keep_as_partial_without_blocks_ends_at_the_start(log: Log) -> None:
    session = log.start_session("daily-ten", "Daily ten", 600, T0)
    log.keep_as_partial(session)
    assert log.sessions()[0].ended_wall == T0


def test_discard_deletes_the_session_and_its_blocks(log: Log) -> None:
    kept = log.start_session("a", "A", 60, T0)
    log.finish_session(kept, SessionStatus.COMPLETED, T0 + 60)
    session = log.start_session("b", "B", 60, T0 + DAY)
    log.save_block(session, block(1), 2)
    log.save_session_checkin(session, 3)
    log.discard(session)
    assert log.unfinished_session() is None
    assert [s.id for s in log.sessions()] == [kept]
    assert log.blocks(session) == ()
    assert log.session_checkin(session) is None


def test_discard_refuses_a_finished_session(log: Log) -> None:
    session = log.start_session("a", "A", 60, T0)
    log.finish_session(session, SessionStatus.COMPLETED, T0 + 60)
    with pytest.raises(LogValueError, match="finished"):
        log.discard(session)
    assert len(log.sessions()) == 1


def test_an_older_unfinished_session_shows_after_the_newer_is_settled(log: Log) -> None:
    older = log.start_session("a", "A", 60, T0)
    newer = log.start_session("b", "B", 60, T0 + DAY)
    first = log.unfinished_session()
    assert first is not None and first.id == newer
    log.keep_as_partial(newer)
    second = log.unfinished_session()
    assert second is not None and second.id == older


def test_writes_to_a_finished_or_unknown_session_are_refused(log: Log) -> None:
    session = log.start_session("a", "A", 60, T0)
    log.finish_session(session, SessionStatus.COMPLETED, T0 + 60)
    with pytest.raises(LogValueError, match=f"Session {session} is finished"):
        log.save_block(session, block(0), 1)
    with pytest.raises(LogValueError, match="no session 99"):
        log.save_block(99, block(0), 1)
    with pytest.raises(LogValueError, match="no session 99"):
        log.finish_session(99, SessionStatus.COMPLETED, T0)
    with pytest.raises(LogValueError, match="no session 99"):
        log.keep_as_partial(99)
    with pytest.raises(LogValueError, match="no session 99"):
        log.save_session_checkin(99, 1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"set_number": 3, "sets": 2}, "block.set_number: set 3 of only 2 sets"),
        (
            {"done_seconds": -1.0},
            "block.done_seconds: expected a number from 0 to 604800, found -1.0",
        ),
        (
            {"done_seconds": float("nan")},
            "block.done_seconds: expected a number from 0 to 604800, found NaN",
        ),
        (
            {"phase_index": -1},
            "block.phase_index: expected a whole number from 0 to 1000000, found -1",
        ),
        ({"done_reps": 2.5}, "block.done_reps: expected a whole number from 0 to 10000, found 2.5"),
        ({"side": "up"}, 'block.side: expected one of left, right, none; found "up"'),
        ({"exercise_id": " "}, "block.exercise_id: expected text, found an empty string"),
    ],
)
def test_save_block_refuses_bad_values(log: Log, change: dict, message: str) -> None:
    session = log.start_session("a", "A", 60, T0)
    fields = {"phase_index": 0, **change}
    with pytest.raises(LogValueError) as caught:
        log.save_block(session, block(**fields), 1)
    assert message in str(caught.value)
    assert log.blocks(session) == ()


def test_start_and_finish_refuse_bad_values(log: Log) -> None:
    with pytest.raises(LogValueError, match=r"session.planned_seconds: expected a whole number"):
        log.start_session("a", "A", -5, T0)
    with pytest.raises(LogValueError, match=r"session.routine_id: expected text"):
        log.start_session("", "A", 5, T0)
    session = log.start_session("a", "A", 5, T0)
    with pytest.raises(LogValueError, match="expected one of completed, ended early"):
        log.finish_session(session, "done", T0)  # type: ignore[arg-type]
    with pytest.raises(LogValueError, match="next_phase_index"):
        log.save_block(session, block(0), -1)


# ------------------------------------------------------------------- check-ins


def test_session_checkin_round_trip_and_replace(log: Log) -> None:
    session = log.start_session("a", "A", 60, T0)
    log.save_session_checkin(session, 4, "calves tight", {"short-foot": 2, "soleus-stretch": 5})
    assert log.session_checkin(session) == SessionCheckIn(
        session, 4, "calves tight", {"short-foot": 2, "soleus-stretch": 5}
    )
    log.save_session_checkin(session, 1)
    assert log.session_checkin(session) == SessionCheckIn(session, 1, "", {})


@pytest.mark.parametrize(
    ("pain", "per_exercise", "message"),
    [
        (11, None, "check-in.pain_during: expected a whole number from 0 to 10, found 11"),
        (-1, None, "check-in.pain_during: expected a whole number from 0 to 10, found -1"),
        (True, None, "check-in.pain_during: expected a whole number from 0 to 10, found true"),
        (2, {"short-foot": 12}, "check-in.exercise_pain: short-foot: expected a whole number"),
    ],
)
def test_checkin_ranges(log: Log, pain: int, per_exercise: dict | None, message: str) -> None:
    session = log.start_session("a", "A", 60, T0)
    with pytest.raises(LogValueError) as caught:
        log.save_session_checkin(session, pain, "", per_exercise)
    assert message in str(caught.value)
    assert log.session_checkin(session) is None


def test_morning_checkins_by_day_answered_or_skipped(log: Log) -> None:
    log.save_morning_checkin(date(2025, 3, 11), 2, 3)
    log.skip_morning_checkin(date(2025, 3, 12))
    log.save_morning_checkin(date(2025, 3, 11), 1, 1)  # answered again: replaces
    assert log.morning_checkin(date(2025, 3, 11)) == MorningCheckIn(date(2025, 3, 11), 1, 1)
    skipped = log.morning_checkin(date(2025, 3, 12))
    assert skipped is not None and skipped.skipped
    assert log.morning_checkin(date(2025, 3, 13)) is None
    assert [m.day.day for m in log.morning_checkins()] == [11, 12]
    assert [m.day.day for m in log.morning_checkins(since=date(2025, 3, 12))] == [12]


@pytest.mark.parametrize(
    ("pain", "stiffness", "message"),
    [
        (11, 0, "morning check-in.pain: expected a whole number from 0 to 10, found 11"),
        (0, 20, "morning check-in.stiffness: expected a whole number from 0 to 10, found 20"),
        (3, None, "give both pain and stiffness, or neither"),
    ],
)
def test_morning_checkin_ranges(log: Log, pain: int, stiffness: int | None, message: str) -> None:
    with pytest.raises(LogValueError) as caught:
        log.save_morning_checkin(date(2025, 3, 11), pain, stiffness)
    assert message in str(caught.value)
    assert log.morning_checkins() == []


# -------------------------------------------------------------------- queries


def add_session(
    log: Log,
    started: float,
    blocks: list[tuple[str, BlockStatus, float]],
    status: SessionStatus | None = SessionStatus.COMPLETED,
    pain: int | None = None,
    routine: str = "daily-ten",
) -> int:
    session = log.start_session(routine, routine.title(), 600, started, planned_blocks=4)
    for index, (exercise, block_status, done) in enumerate(blocks):
        log.save_block(
            session,
            block(
                index,
                step_index=index // 2,
                exercise_id=exercise,
                status=block_status,
                done_seconds=done,
                started_wall=started + 60 * index,
            ),
            index + 1,
        )
    if status is not None:
        log.finish_session(session, status, started + 900)
    if pain is not None:
        log.save_session_checkin(session, pain, f"pain {pain}")
    return session


def test_sessions_for_history_newest_first(log: Log) -> None:
    done = BlockStatus.COMPLETED
    first = add_session(log, T0, [("a", done, 30), ("a", BlockStatus.SKIPPED, 5)], pain=2)
    second = add_session(
        log,
        T0 + DAY,
        [("a", done, 30), ("b", BlockStatus.STOPPED, 12.5)],
        SessionStatus.STOPPED_FOR_PAIN,
    )
    third = add_session(log, T0 + 2 * DAY, [], status=None)
    summaries = log.sessions()
    assert [s.id for s in summaries] == [third, second, first]
    newest, middle, oldest = summaries
    assert (oldest.blocks, oldest.completed_blocks, oldest.skipped_blocks) == (2, 1, 1)
    assert (oldest.planned_blocks, oldest.work_seconds, oldest.pain_during) == (4, 35.0, 2)
    assert oldest.note == "pain 2"
    assert oldest.duration_seconds == 900
    assert (middle.stopped_blocks, middle.status) == (1, SessionStatus.STOPPED_FOR_PAIN)
    assert middle.pain_during is None
    assert (newest.blocks, newest.status, newest.duration_seconds) == (0, None, None)
    assert [s.id for s in log.sessions(limit=2)] == [third, second]
    assert [s.id for s in log.sessions(since=T0 + 1, until=T0 + 2 * DAY)] == [second]


def test_blocks_for_exercise_across_sessions(log: Log) -> None:
    done = BlockStatus.COMPLETED
    first = add_session(log, T0, [("a", done, 30), ("b", done, 20)])
    second = add_session(log, T0 + DAY, [("b", done, 25), ("b", done, 26)], routine="other")
    points = log.blocks_for_exercise("b")
    assert [(p.session_id, p.record.done_seconds) for p in points] == [
        (first, 20.0),
        (second, 25.0),
        (second, 26.0),
    ]
    assert points[-1].routine_id == "other"
    assert [p.session_id for p in log.blocks_for_exercise("b", since=T0 + 1)] == [second, second]
    assert log.blocks_for_exercise("nothing") == []


def test_minutes_per_week_and_streak(log: Log, zone: str) -> None:
    done = BlockStatus.COMPLETED
    # T0 is Monday 2025-03-10 09:00 in Central European time.
    add_session(log, T0, [("a", done, 60), ("a", done, 60)])
    add_session(log, T0 + 6 * DAY, [("a", done, 120)])  # Sunday, same week
    add_session(log, T0 + 7 * DAY, [("a", done, 30)])  # next Monday
    add_session(log, T0 + 8 * DAY, [("a", BlockStatus.SKIPPED, 0)])  # nothing completed
    weeks = log.minutes_per_week()
    assert [(w.monday, w.minutes, w.sessions) for w in weeks] == [
        (date(2025, 3, 10), 4.0, 2),
        (date(2025, 3, 17), 0.5, 2),
    ]
    assert weeks[0].iso_week == (2025, 11)
    days = log.session_days()
    assert days == [date(2025, 3, 10), date(2025, 3, 16), date(2025, 3, 17)]
    assert log.session_days(since=date(2025, 3, 17)) == [date(2025, 3, 17)]
    assert log.streak(date(2025, 3, 17)) == 2
    assert log.streak(date(2025, 3, 18)) == 2  # today not done yet: the streak still stands
    assert log.streak(date(2025, 3, 19)) == 0


def test_coach_sessions_per_step_load_pain_and_next_morning(log: Log, zone: str) -> None:
    session = log.start_session("daily-ten", "Daily ten", 600, T0)
    log.save_block(session, block(0, planned_reps=10, done_reps=10, done_seconds=40.0), 1)
    log.save_block(
        session,
        block(1, side=Side.RIGHT, planned_reps=10, done_reps=6, done_seconds=24.0,
              status=BlockStatus.STOPPED),
        2,
    )  # fmt: skip
    log.save_block(
        session,
        block(2, step_index=1, exercise_id="soleus-stretch", exercise_name="Soleus stretch",
              planned_seconds=60, done_seconds=60.0),
        3,
    )  # fmt: skip
    log.finish_session(session, SessionStatus.STOPPED_FOR_PAIN, T0 + 300)
    log.save_session_checkin(session, 6, "", {"short-foot": 6})
    log.save_morning_checkin(date(2025, 3, 11), 3, 4)
    other = add_session(log, T0 + 3 * DAY, [("a", BlockStatus.COMPLETED, 30)])
    first, second = log.coach_sessions()
    assert (first.id, first.day, first.status) == (
        session,
        date(2025, 3, 10),
        SessionStatus.STOPPED_FOR_PAIN,
    )
    assert (first.pain_during, first.exercise_pain) == (6, {"short-foot": 6})
    assert (first.morning_pain, first.morning_stiffness) == (3, 4)
    short_foot, soleus = first.loads
    assert (short_foot.step_index, short_foot.blocks, short_foot.completed, short_foot.stopped) == (
        0,
        2,
        1,
        1,
    )
    assert (short_foot.planned_reps, short_foot.done_reps, short_foot.done_seconds) == (20, 16, 64)
    # The step's sets as the player played it, and the sides its blocks were on.
    assert (short_foot.sets, short_foot.sides, soleus.sets, soleus.sides) == (1, 2, 1, 1)
    assert (soleus.exercise_id, soleus.planned_seconds, soleus.done_seconds) == (
        "soleus-stretch",
        60,
        60.0,
    )
    assert (second.id, second.morning_pain, second.pain_during) == (other, None, None)
    assert [c.id for c in log.coach_sessions(since=T0 + DAY)] == [other]


# ------------------------------------------------- what the coach keeps (v2)


def dose(
    step: int,
    decided: float,
    reps: int | None = 12,
    time_seconds: int | None = None,
    *,
    exercise_id: str = "eccentric-calf-raise",
    occurrence: int = 1,
):
    return DoseChange(
        routine_id="daily-ten",
        step_index=step,
        exercise_id=exercise_id,
        time_seconds=time_seconds,
        reps=reps,
        sets=2,
        decided_wall=decided,
        decision="increase",
        reason="no pain the morning after, three sessions running",
        occurrence=occurrence,
    )


def test_the_latest_dose_is_in_force(log: Log) -> None:
    assert log.dose_in_force("daily-ten", "eccentric-calf-raise") is None  # the file's dose
    log.add_dose(dose(2, T0, reps=11))
    log.add_dose(dose(2, T0 + DAY, reps=12))
    log.add_dose(dose(2, T0 + DAY, reps=13))  # same time: the later row wins
    log.add_dose(dose(0, T0, reps=None, time_seconds=45, exercise_id="soleus-stretch"))
    in_force = log.dose_in_force("daily-ten", "eccentric-calf-raise")
    assert in_force is not None and in_force.reps == 13
    assert {k: d.reps or d.time_seconds for k, d in log.doses_in_force("daily-ten").items()} == {
        ("soleus-stretch", 1): 45,
        ("eccentric-calf-raise", 1): 13,
    }
    assert len(log.dose_history()) == 4
    assert log.dose_history("other") == []


def test_a_dose_belongs_to_its_exercise_wherever_its_step_moves(log: Log) -> None:
    # Decided at step 2; the step has moved to 0 since: the dose is the same one.
    log.add_dose(dose(2, T0, reps=11))
    # A second step of the same exercise in the routine has a dose of its own.
    log.add_dose(dose(4, T0, reps=8, occurrence=2))
    assert log.dose_in_force("daily-ten", "eccentric-calf-raise", 1).reps == 11
    assert log.dose_in_force("daily-ten", "eccentric-calf-raise", 2).reps == 8
    assert log.dose_in_force("daily-ten", "eccentric-calf-raise", 3) is None
    with pytest.raises(
        LogValueError, match="occurrence: expected a whole number from 1 to 1000000, found 0"
    ):
        log.add_dose(dose(0, T0, occurrence=0))


def test_baselines_the_user_set_oldest_first(log: Log) -> None:
    assert log.baselines() == []
    log.add_baseline(MorningBaseline(date(2025, 3, 20), 3, T0 + 10 * DAY))
    log.add_baseline(MorningBaseline(date(2025, 3, 12), 2, T0 + 2 * DAY))
    assert [(b.day.day, b.pain) for b in log.baselines()] == [(12, 2), (20, 3)]
    with pytest.raises(LogValueError, match=r"baseline\.pain: expected a whole number from 0 to"):
        log.add_baseline(MorningBaseline(date(2025, 3, 12), 11, T0))


def test_dose_needs_time_or_reps(log: Log) -> None:
    with pytest.raises(LogValueError, match="a dose needs time_seconds or reps"):
        log.add_dose(dose(0, T0, reps=None))


def test_exposure_several_per_day(log: Log) -> None:
    log.add_exposure(Exposure(date(2025, 3, 10), 20, Activity.WALK, "park"))
    log.add_exposure(Exposure(date(2025, 3, 10), 5.5, Activity.RUN))
    log.add_exposure(Exposure(date(2025, 3, 12), 30, Activity.WALK))
    assert [(e.day.day, e.minutes, e.activity) for e in log.exposures()] == [
        (10, 20, Activity.WALK),
        (10, 5.5, Activity.RUN),
        (12, 30, Activity.WALK),
    ]
    assert len(log.exposures(since=date(2025, 3, 11))) == 1
    assert len(log.exposures(until=date(2025, 3, 11))) == 2
    with pytest.raises(
        LogValueError,
        match=r"exposure.minutes: expected a number above 0 and at most 1440, found 0",
    ):
        log.add_exposure(Exposure(date(2025, 3, 10), 0, Activity.WALK))
    with pytest.raises(LogValueError, match=r"exposure.activity: expected one of walk, run"):
        log.add_exposure(Exposure(date(2025, 3, 10), 3, "swim"))  # type: ignore[arg-type]


def test_safety_answers_latest(log: Log) -> None:
    assert log.latest_safety_answers() is None
    first = SafetyAnswers(T0, {"diabetes": False, "numbness": True}, True, False)
    second = SafetyAnswers(T0 + DAY, {"diabetes": False, "numbness": False}, False, True)
    log.add_safety_answers(first)
    log.add_safety_answers(second)
    assert log.latest_safety_answers() == second
    assert log.safety_history() == [first, second]
    with pytest.raises(LogValueError, match=r"safety\.answers: expected plain JSON values"):
        log.add_safety_answers(SafetyAnswers(T0, {"when": date.today()}, False, True))


def test_program_state_replaced_per_program(log: Log) -> None:
    state = ProgramState("transition", date(2025, 3, 1), 0, date(2025, 3, 1))
    log.set_program_state(state)
    moved_on = ProgramState("transition", date(2025, 3, 1), 1, date(2025, 3, 15))
    log.set_program_state(moved_on)
    log.set_program_state(ProgramState("care", date(2025, 4, 1), 0, date(2025, 4, 1)))
    assert log.program_state("transition") == moved_on
    assert [p.program_id for p in log.program_states()] == ["care", "transition"]
    assert log.program_state("none") is None
    with pytest.raises(LogValueError, match="expected a date YYYY-MM-DD"):
        log.set_program_state(ProgramState("x", "March", 0, date(2025, 4, 1)))  # type: ignore[arg-type]


# --------------------------------------------------------------------- threads


def test_a_worker_thread_can_use_the_log(log: Log) -> None:
    """The UI opens the log on one thread and writes from its worker thread."""
    errors: list[BaseException] = []

    def work() -> None:
        try:
            session = log.start_session("a", "A", 60, T0)
            for index in range(20):
                log.save_block(session, block(index), index + 1)
            log.finish_session(session, SessionStatus.COMPLETED, T0 + 60)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [s.blocks for s in log.sessions()] == [20, 20, 20]
    assert log.integrity_problems() is None


def test_streak_counts_back_over_many_days(log: Log, zone: str) -> None:
    for day in range(40):
        add_session(log, T0 + day * DAY, [("a", BlockStatus.COMPLETED, 10)])
    assert log.streak(date(2025, 3, 10) + timedelta(days=39)) == 40
