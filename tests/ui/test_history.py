"""History on a real progress log: the table, the calendar, the charts, export and import.

The log is filled through its own write API with wall times chosen here,
in a fixed time zone, so days and weeks are known. Jobs run at once
(``run_now``) unless a test queues them to see what shows while they run.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QTimer
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QFileDialog

from app.core.events import BlockRecord, BlockStatus, SessionStatus
from app.core.routine import Side
from app.storage.log import Log
from app.ui.history.exercise_tab import pair_width
from app.ui.history.files import FileAction, ask_with_dialog
from app.ui.history.view import HistoryView
from app.ui.history_data import (
    DAY_SECONDS,
    NO_SESSIONS,
    Measure,
    Period,
    RunNow,
    Step,
    day_x,
    run_now,
    wall_of,
    week_x,
)
from tests.conftest import ROOT

# Central European time with its summer-time rule, spelled out so no tz database is needed.
ZONE = "CET-1CEST,M3.5.0,M10.5.0/3"
TODAY = date(2026, 3, 12)  # a Thursday
CSV_HEADER = (
    "session_id,session_started,routine_id,exercise_id,side,set,planned_seconds,"
    "done_seconds,planned_reps,done_reps,status,session_status,pain"
)


@pytest.fixture(autouse=True)
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TZ", ZONE)
    time.tzset()
    yield ZONE
    monkeypatch.undo()
    time.tzset()


def wall(day: date, hour: int, minute: int = 0) -> float:
    return datetime(day.year, day.month, day.day, hour, minute).astimezone().timestamp()


def timed(side: Side, planned: int, done: float, status: str = "completed") -> dict[str, Any]:
    return {
        "exercise_id": "soleus-stretch",
        "exercise_name": "Soleus stretch",
        "side": side,
        "planned_seconds": planned,
        "done_seconds": done,
        "planned_reps": None,
        "done_reps": None,
        "status": BlockStatus(status),
    }


def reps(side: Side, planned: int, done: int, status: str = "completed") -> dict[str, Any]:
    return {
        "exercise_id": "short-foot",
        "exercise_name": "Short foot",
        "side": side,
        "planned_seconds": None,
        "done_seconds": 30.0,
        "planned_reps": planned,
        "done_reps": done,
        "status": BlockStatus(status),
    }


def play(
    log: Log,
    started: float,
    blocks: list[dict[str, Any]],
    *,
    routine: tuple[str, str] = ("daily-ten", "Daily ten"),
    planned_blocks: int | None = None,
    status: SessionStatus | None = SessionStatus.COMPLETED,
    seconds: float = 600.0,
    pain: int | None = None,
) -> int:
    """Store a session as the app would: start, each block, the end, the check-in."""
    session = log.start_session(*routine, 900, started, planned_blocks=planned_blocks)
    at = started
    for index, fields in enumerate(blocks):
        record = BlockRecord(
            phase_index=index * 2,
            step_index=0 if fields["exercise_id"] == "soleus-stretch" else 1,
            set_number=1,
            sets=1,
            started_wall=at,
            ended_wall=at + fields["done_seconds"],
            **fields,
        )
        log.save_block(session, record, index * 2 + 1)
        at += fields["done_seconds"] + 5
    if status is not None:
        log.finish_session(session, status, started + seconds)
    if pain is not None:
        log.save_session_checkin(session, pain)
    return session


def calf_raises(done: int) -> dict[str, Any]:
    return {
        "exercise_id": "calf-raise-100",
        "exercise_name": "Calf raise 100s",
        "side": Side.NONE,
        "planned_seconds": None,
        "done_seconds": 120.0,
        "planned_reps": 100,
        "done_reps": done,
        "status": BlockStatus.COMPLETED,
    }


L, R = Side.LEFT, Side.RIGHT
FEB_20 = date(2026, 2, 20)
MAR_9, MAR_10, MAR_11 = (date(2026, 3, day) for day in (9, 10, 11))


def fill(log: Log) -> None:
    """Five sessions over three weeks, one of each status, two with morning check-ins."""
    play(
        log,
        wall(FEB_20, 7, 30),
        [timed(L, 60, 30), timed(R, 60, 30)],
        seconds=120,
        pain=0,
    )
    play(
        log,
        wall(MAR_9, 7, 30),
        [timed(L, 60, 60), timed(R, 60, 50), reps(L, 10, 8), reps(R, 10, 10)],
        planned_blocks=4,
        seconds=605,
        pain=2,
    )
    log.save_morning_checkin(MAR_10, 1, 2)
    play(
        log,
        wall(MAR_10, 18),
        [timed(L, 60, 40), timed(R, 60, 0, "skipped"), reps(L, 10, 10), reps(R, 10, 6, "stopped")],
        planned_blocks=4,
        status=SessionStatus.STOPPED_FOR_PAIN,
        seconds=270,
        pain=6,
    )
    log.save_morning_checkin(MAR_11, 4, 5)
    play(
        log,
        wall(MAR_11, 7),
        [calf_raises(100)],
        routine=("calf-raises", "Calf raises"),
        planned_blocks=1,
        status=SessionStatus.ENDED_EARLY,
        seconds=200,
    )
    play(log, wall(TODAY, 7), [timed(L, 60, 60)], planned_blocks=4, status=None)


@pytest.fixture
def log(data_dir: Path) -> Iterator[Log]:
    opened = Log.open(data_dir)
    yield opened
    opened.close(backup=False)


def make_view(qtbot, run: Callable[..., None], **kwargs: Any) -> HistoryView:
    view = HistoryView(run, today=lambda: TODAY, **kwargs)
    if isinstance(run, RunNow):
        run.on_changed = view.log_changed  # as the window hands the log's changes on
    qtbot.addWidget(view)
    view.resize(900, 650)
    view.show()
    return view


@pytest.fixture
def view(qtbot, log: Log) -> HistoryView:
    fill(log)
    shown = make_view(qtbot, run_now(log))
    shown.refresh()
    return shown


def open_tab(view: HistoryView, words: str) -> HistoryView:
    """Show the tab a user would click, as it reads without its '&' shortcut."""
    names = [view.tabs.tabText(i).replace("&", "") for i in range(view.tabs.count())]
    view.tabs.setCurrentIndex(names.index(words))
    return view


def choose_period(view: HistoryView, period: Period) -> HistoryView:
    view.period_box.setCurrentIndex(view.period_box.findData(period))
    return view


def table_rows(view: HistoryView) -> list[tuple[str, ...]]:
    model = view.table.model()
    return [
        tuple(model.index(row, column).data() for column in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def line(item) -> tuple[list[float], list[float]]:
    x, y = item.getOriginalDataset()
    return ([] if x is None else list(x)), ([] if y is None else list(y))


def bars(item) -> tuple[list[float], list[float]]:
    return list(item.opts["x"]), list(item.opts["height"])


def test_the_table_shows_every_session_newest_first(view: HistoryView) -> None:
    assert view.table.model().headerData(0, view.table.horizontalHeader().orientation()) == (
        "Date and time"
    )
    assert table_rows(view) == [
        ("Thu 2026-03-12 07:00", "Daily ten", "-", "1 of 4", "-", "unfinished"),
        ("Wed 2026-03-11 07:00", "Calf raises", "3:20", "1 of 1", "-", "ended early"),
        ("Tue 2026-03-10 18:00", "Daily ten", "4:30", "2 of 4", "6", "stopped for pain"),
        ("Mon 2026-03-09 07:30", "Daily ten", "10:05", "4 of 4", "2", "completed"),
        ("Fri 2026-02-20 07:30", "Daily ten", "2:00", "2 done", "0", "completed"),
    ]
    assert not view.empty.isVisible()
    assert not view.loading.isVisible()


def test_the_calendar_marks_session_days_in_bold_and_tells_the_streak(view: HistoryView) -> None:
    view.tabs.setCurrentWidget(view.calendar_tab.calendar.parentWidget())
    assert view.calendar_tab.streak.text() == "Streak: 4 days"
    assert view.calendar_tab.calendar.monthShown() == 3
    assert view.calendar_tab.marked_days() == [MAR_9, MAR_10, MAR_11, TODAY]
    marked = view.calendar_tab.calendar.dateTextFormat(QDate(2026, 3, 10))
    assert marked.fontWeight() == QFont.Weight.Bold
    assert marked.background().color().alpha() > 0
    plain = view.calendar_tab.calendar.dateTextFormat(QDate(2026, 3, 8))
    assert plain.fontWeight() != QFont.Weight.Bold

    view.calendar_tab.calendar.setCurrentPage(2026, 2)
    assert FEB_20 in view.calendar_tab.marked_days()
    assert (
        view.calendar_tab.calendar.dateTextFormat(QDate(2026, 2, 20)).fontWeight()
        == QFont.Weight.Bold
    )


def test_the_streak_says_when_today_is_still_to_do(qtbot, log: Log) -> None:
    play(log, wall(date(2026, 3, 10), 8), [timed(L, 60, 60)])
    play(log, wall(date(2026, 3, 11), 8), [timed(L, 60, 60)])
    view = make_view(qtbot, run_now(log))
    view.refresh()
    assert view.calendar_tab.streak.text() == "Streak: 2 days (a session today keeps it going)"


def test_the_chart_tabs_are_built_when_first_shown(view: HistoryView) -> None:
    assert view.charts == ()
    open_tab(view, "Progress")
    assert view.charts == (view.progress.minutes_chart, view.progress.pain_chart)
    open_tab(view, "Per exercise")
    assert len(view.charts) == 4
    assert view.per_exercise.exercise_chart.title == "Soleus stretch: average per block, per day"


def test_minutes_per_week_are_bars_of_each_week(view: HistoryView) -> None:
    open_tab(view, "Progress")
    x, heights = bars(view.progress.minutes_bars)
    assert x == [week_x(date(2026, 2, 16)), week_x(MAR_9)]
    feb = (30 + 30) / 60
    march = (60 + 50 + 30 + 30 + 40 + 0 + 30 + 30 + 120 + 60) / 60
    assert heights == pytest.approx([feb, march])
    assert view.progress.minutes_chart.plot.getAxis("left").labelText == "Minutes"


def test_pain_during_and_the_next_morning_are_two_lines_on_a_0_to_10_axis(
    view: HistoryView,
) -> None:
    choose_period(open_tab(view, "Progress"), Period.LAST_3_MONTHS)
    assert view.progress.pain_chart.title == "Pain, 0 (none) to 10 (worst): the day's worst"
    assert line(view.progress.pain_during_line) == (
        [day_x(FEB_20), day_x(MAR_9), day_x(MAR_10)],
        [0.0, 2.0, 6.0],
    )
    # Each morning is plotted on the day of the session it follows.
    assert line(view.progress.pain_morning_line) == ([day_x(MAR_9), day_x(MAR_10)], [1.0, 4.0])
    assert view.progress.pain_chart.legend_words() == ["Pain during", "Pain next morning"]
    low, high = view.progress.pain_chart.plot.viewRange()[1]
    assert low <= 0 and high >= 10


def test_over_more_than_four_months_the_lines_have_a_point_a_week(qtbot, log: Log) -> None:
    fill(log)
    play(log, wall(date(2025, 9, 3), 8), [timed(L, 60, 20)], pain=1)
    view = open_tab(make_view(qtbot, run_now(log)), "Progress")
    view.refresh()
    assert view.period() is Period.LAST_12_MONTHS
    assert view.progress.pain_chart.title == "Pain, 0 (none) to 10 (worst): weekly average"
    weeks = [week_x(date(2025, 9, 1)), week_x(date(2026, 2, 16)), week_x(MAR_9)]
    assert line(view.progress.pain_during_line) == (weeks, [1.0, 0.0, 4.0])  # Mar 9 and 10: 2 and 6
    assert line(view.progress.pain_morning_line) == (weeks[2:], [2.5])
    open_tab(view, "Per exercise")
    assert view.per_exercise.exercise_chart.title == "Soleus stretch: average per block, per week"
    assert line(view.per_exercise.exercise_lines[L]) == (
        weeks,
        [20.0, 30.0, pytest.approx(160 / 3)],
    )


def test_over_more_than_three_years_the_lines_have_a_point_a_month(qtbot, log: Log) -> None:
    fill(log)
    play(log, wall(date(2022, 1, 10), 8), [timed(L, 60, 20), timed(R, 60, 10)], pain=5)
    view = open_tab(make_view(qtbot, run_now(log)), "Per exercise")
    choose_period(view, Period.ALL_TIME)
    months = [wall_of(date(2022, 1, 15), 12), wall_of(date(2026, 2, 15), 12)]
    months.append(wall_of(date(2026, 3, 15), 12))
    assert line(view.per_exercise.exercise_lines[L]) == (
        months,
        [20.0, 30.0, pytest.approx(160 / 3)],
    )
    assert view.per_exercise.sides_chart.title == "Left against right, per month: Soleus stretch"
    width = pair_width(Step.MONTH)
    assert width > 12 * DAY_SECONDS
    x, heights = bars(view.per_exercise.side_bars[R])
    assert x == [m + width / 2 for m in months]
    assert heights == [10.0, 30.0, 50.0]  # in March, the right block skipped is no point
    open_tab(view, "Progress")
    assert view.progress.pain_chart.title == "Pain, 0 (none) to 10 (worst): monthly average"
    assert line(view.progress.pain_during_line) == (months, [5.0, 0.0, 4.0])


def test_the_exercise_chart_follows_the_chosen_exercise(view: HistoryView) -> None:
    choose_period(open_tab(view, "Per exercise"), Period.LAST_3_MONTHS)
    box = view.exercise_box
    assert [box.itemText(i) for i in range(box.count())] == [
        "Calf raise 100s",
        "Short foot",
        "Soleus stretch",
    ]
    # The exercise with the most blocks comes first; skipped blocks are not points.
    assert box.currentText() == "Soleus stretch"
    chart = view.per_exercise.exercise_chart
    assert chart.y_label == Measure.SECONDS.value
    assert set(view.per_exercise.exercise_lines) == {L, R}
    assert line(view.per_exercise.exercise_lines[L]) == (
        [day_x(FEB_20), day_x(MAR_9), day_x(MAR_10), day_x(TODAY)],
        [30.0, 60.0, 40.0, 60.0],
    )
    assert line(view.per_exercise.exercise_lines[R]) == (
        [day_x(FEB_20), day_x(MAR_9)],
        [30.0, 50.0],
    )

    box.setCurrentIndex(box.findText("Short foot"))
    assert chart.title == "Short foot: average per block, per day"
    assert chart.y_label == Measure.REPS.value
    assert chart.legend_words() == ["Left side", "Right side"]
    # A block stopped for pain counts with what was done.
    assert line(view.per_exercise.exercise_lines[L]) == ([day_x(MAR_9), day_x(MAR_10)], [8.0, 10.0])
    assert line(view.per_exercise.exercise_lines[R]) == ([day_x(MAR_9), day_x(MAR_10)], [10.0, 6.0])
    symbols = {side: item.opts["symbol"] for side, item in view.per_exercise.exercise_lines.items()}
    assert symbols[L] != symbols[R]

    box.setCurrentIndex(box.findText("Calf raise 100s"))
    assert set(view.per_exercise.exercise_lines) == {Side.NONE}
    assert line(view.per_exercise.exercise_lines[Side.NONE]) == ([day_x(MAR_11)], [100.0])
    assert chart.legend_words() == ["No side"]
    assert view.per_exercise.side_bars == {}
    assert "has no sides" in view.per_exercise.sides_chart.title


def test_left_against_right_is_a_bar_pair_per_week(view: HistoryView) -> None:
    open_tab(view, "Per exercise")
    box = view.exercise_box
    box.setCurrentIndex(box.findText("Short foot"))
    centre, width = week_x(MAR_9), pair_width(Step.WEEK)
    assert width == 3 * DAY_SECONDS
    assert bars(view.per_exercise.side_bars[L]) == ([centre - width / 2], [9.0])
    assert bars(view.per_exercise.side_bars[R]) == ([centre + width / 2], [8.0])
    assert view.per_exercise.sides_chart.legend_words() == ["Left side", "Right side"]
    assert (
        view.per_exercise.side_bars[L].opts["brush"].style()
        != view.per_exercise.side_bars[R].opts["brush"].style()
    )

    box.setCurrentIndex(box.findText("Soleus stretch"))
    x, heights = bars(view.per_exercise.side_bars[L])
    assert x == [week_x(date(2026, 2, 16)) - width / 2, centre - width / 2]
    assert heights == [30.0, pytest.approx((60 + 40 + 60) / 3)]


def test_charts_span_the_same_dates(view: HistoryView) -> None:
    open_tab(open_tab(view, "Progress"), "Per exercise")
    spans = {tuple(chart.plot.viewRange()[0]) for chart in view.charts}
    assert len(spans) == 1
    first, last = spans.pop()
    assert first < week_x(date(2026, 2, 16)) - 3 * DAY_SECONDS
    assert last > day_x(TODAY)


def test_export_csv_writes_every_block_with_the_header(view: HistoryView, tmp_path: Path) -> None:
    path = tmp_path / "blocks.csv"
    view.export_csv_to(path)
    assert view.message.text() == f"Exported 12 blocks to {path}"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == CSV_HEADER
    assert len(lines) == 13
    assert all(button.isEnabled() for button in view.file_buttons)


def test_counts_are_written_with_thousands_separators(qtbot, tmp_path: Path) -> None:
    def worker(job: Callable, on_done: Callable, on_error: Callable) -> None:
        on_done((1234, ()))  # what a log with 1,234 blocks, all readable, answers

    view = make_view(qtbot, worker)
    view.export_csv_to(tmp_path / "a.csv")
    assert view.message.text() == f"Exported 1,234 blocks to {tmp_path / 'a.csv'}"


def test_a_failed_export_shows_why(view: HistoryView, tmp_path: Path) -> None:
    path = tmp_path / "no such folder" / "blocks.csv"
    view.export_csv_to(path)
    assert view.message.isVisible()
    assert view.message.text().startswith(f"Cannot write {path}")
    assert not path.exists()


def test_the_buttons_ask_for_a_file_and_cancelling_does_nothing(
    view: HistoryView, tmp_path: Path
) -> None:
    asked: list[tuple[FileAction, Path]] = []
    answer: list[Path | None] = [None]

    def choose(parent, action: FileAction, suggested: Path) -> Path | None:
        assert parent is view
        asked.append((action, suggested))
        return answer[0]

    view.choose_file = choose
    view.export_csv_button.click()
    assert asked[-1][0] is FileAction.EXPORT_CSV
    assert asked[-1][1].name == "footwork-blocks-2026-03-12.csv"
    assert not view.message.isVisible()

    answer[0] = tmp_path / "all.json"
    view.export_json_button.click()
    assert asked[-1][0] is FileAction.EXPORT_JSON
    assert view.message.text() == (
        f"Exported all sessions, check-ins and settings to {tmp_path / 'all.json'}"
    )
    answer[0] = None
    view.import_button.click()
    assert asked[-1] == (FileAction.IMPORT, tmp_path / "footwork-log-2026-03-12.json")


def test_the_file_dialog_is_qts_own_and_cancelling_it_chooses_nothing(
    qtbot, view: HistoryView, tmp_path: Path
) -> None:
    seen: list[tuple[str, bool]] = []

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        seen.append(
            (dialog.windowTitle(), dialog.testOption(QFileDialog.Option.DontUseNativeDialog))
        )
        dialog.reject()

    for action in FileAction:
        QTimer.singleShot(0, cancel)
        assert ask_with_dialog(view, action, tmp_path / f"x{action.value[2]}") is None
    assert seen == [(action.value[0], True) for action in FileAction]


def test_json_export_then_import_gives_the_same_sessions_once(
    qtbot, view: HistoryView, log: Log, tmp_path: Path
) -> None:
    path = tmp_path / "everything.json"
    view.export_json_to(path, {"sound/volume": 50})
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    with Log.open(other_dir) as other:
        fresh = make_view(qtbot, run_now(other))
        fresh.refresh()
        assert fresh.empty.text() == NO_SESSIONS
        with qtbot.waitSignal(fresh.imported, timeout=0) as signal:
            fresh.import_from(path)
        assert fresh.message.text() == f"Imported 5 sessions with 12 blocks from {path}."
        assert signal.args[0].settings == {"sound/volume": 50}
        assert not fresh.empty.isVisible()
        mine, theirs = table_rows(view), table_rows(fresh)
        # The session still open here cannot be resumed there: it is kept as ended early.
        assert theirs[0][-1] == "ended early"
        assert theirs[1:] == mine[1:]
        assert {s.uuid for s in other.sessions()} == {s.uuid for s in log.sessions()}

        fresh.import_from(path)
        assert fresh.message.text() == f"Nothing new in {path}: its 5 sessions are in the log."
        assert len(table_rows(fresh)) == 5
        assert len(other.sessions()) == 5


def test_a_bad_import_file_shows_the_error(view: HistoryView, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "footwork-log", "sessions": [', encoding="utf-8")
    before = table_rows(view)
    view.import_from(path)
    text = view.message.text()
    assert text.startswith(f"Cannot import {path}; nothing was imported:")
    assert "not JSON" in text
    assert table_rows(view) == before
    assert all(button.isEnabled() for button in view.file_buttons)


def test_a_long_list_of_problems_is_cut_short_and_kept_whole_in_the_tooltip(
    view: HistoryView, tmp_path: Path
) -> None:
    path = tmp_path / "odd.json"
    path.write_text('{"format": "footwork-log", "sessions": [1, 2, 3, 4, 5, 6, 7, 8]}')
    view.import_from(path)
    shown = view.message.text().splitlines()
    assert shown[0] == f"Cannot import {path}; nothing was imported:"
    assert len(shown) == 6
    assert shown[-1].endswith("more lines")
    assert view.message.toolTip().startswith(shown[0])
    assert "sessions[7]: expected an object" in view.message.toolTip()


def test_with_no_sessions_the_screen_says_so_and_the_charts_are_empty(qtbot, log: Log) -> None:
    view = make_view(qtbot, run_now(log))
    view.refresh()
    assert view.empty.isVisible()
    assert view.empty.text() == NO_SESSIONS
    assert table_rows(view) == []
    assert view.calendar_tab.streak.text() == "Streak: 0 days"
    assert view.calendar_tab.marked_days() == []
    assert view.exercise_box.count() == 0
    assert not view.exercise_box.isEnabled()
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        view.grab()  # painting empty charts raises nothing and warns nothing
    assert bars(view.progress.minutes_bars) == ([], [])
    assert line(view.progress.pain_during_line) == ([], [])
    assert line(view.progress.pain_morning_line) == ([], [])
    assert view.per_exercise.exercise_lines == {}
    assert view.per_exercise.side_bars == {}
    assert view.per_exercise.exercise_chart.title == "No exercise done in this period"


def test_the_period_chooses_which_sessions_show(qtbot, log: Log) -> None:
    play(log, wall(date(2024, 6, 3), 9), [reps(L, 10, 7)], pain=3)
    view = make_view(qtbot, run_now(log))
    view.refresh()
    assert view.period() is Period.LAST_12_MONTHS
    assert view.empty.text() == "No sessions in this period (last 12 months); try All time."
    assert view.exercise_box.count() == 0

    # The calendar keeps to the period too.
    assert view.calendar_tab.calendar.minimumDate().toPython() == date(2025, 3, 17)
    assert view.calendar_tab.calendar.maximumDate().toPython() == TODAY

    view.period_box.setCurrentIndex(view.period_box.findData(Period.ALL_TIME))
    assert not view.empty.isVisible()
    assert [row[0] for row in table_rows(view)] == ["Mon 2024-06-03 09:00"]
    open_tab(view, "Per exercise")
    assert view.exercise_box.currentText() == "Short foot"
    view.calendar_tab.calendar.setCurrentPage(2024, 6)
    assert view.calendar_tab.marked_days() == [date(2024, 6, 3)]
    open_tab(view, "Progress")
    assert line(view.progress.pain_during_line) == ([week_x(date(2024, 6, 3))], [3.0])


class QueuedWorker:
    """Holds the jobs, as the log worker's queue would, until the test runs them."""

    def __init__(self, log: Log) -> None:
        self.run = run_now(log)
        self.jobs: list[tuple[Callable, Callable | None, Callable | None]] = []

    def __call__(self, job: Callable, on_done: Callable | None, on_error: Callable | None) -> None:
        self.jobs.append((job, on_done, on_error))

    def finish(self) -> None:
        while self.jobs:
            self.run(*self.jobs.pop(0))


def test_the_screen_says_loading_until_the_worker_answers(qtbot, log: Log) -> None:
    fill(log)
    worker = QueuedWorker(log)
    view = make_view(qtbot, worker)
    view.refresh()
    assert view.loading.isVisible()
    assert table_rows(view) == []
    worker.finish()
    assert not view.loading.isVisible()
    assert len(table_rows(view)) == 5

    # The exercises, the costliest to read, are read when their tab is first shown.
    assert view.exercise_box.count() == 0
    open_tab(view, "Per exercise")
    assert len(worker.jobs) == 1
    assert view.loading.isVisible()
    assert view.per_exercise.exercise_chart.title == "Loading…"
    worker.finish()
    assert view.exercise_box.count() == 3
    assert view.per_exercise.exercise_chart.title == "Soleus stretch: average per block, per day"
    assert not view.loading.isVisible()


def test_answers_for_what_is_no_longer_chosen_are_dropped(qtbot, log: Log) -> None:
    fill(log)
    play(log, wall(date(2024, 6, 3), 9), [reps(L, 10, 7)])
    worker = QueuedWorker(log)
    view = open_tab(make_view(qtbot, worker), "Per exercise")
    view.refresh()
    worker.finish()
    box = view.exercise_box
    box.setCurrentIndex(box.findText("Short foot"))  # queued: not drawn yet
    assert set(view.per_exercise.exercise_lines) == {L, R}
    assert view.per_exercise.exercise_chart.y_label == Measure.SECONDS.value
    view.period_box.setCurrentIndex(view.period_box.findData(Period.LAST_3_MONTHS))
    view.period_box.setCurrentIndex(view.period_box.findData(Period.ALL_TIME))
    worker.finish()
    # Only the All-time answer is shown, and it kept the chosen exercise.
    assert view.data is not None and view.data.period is Period.ALL_TIME
    assert len(table_rows(view)) == 6
    assert box.currentText() == "Short foot"
    assert view.per_exercise.exercise_chart.y_label == Measure.REPS.value
    assert line(view.per_exercise.exercise_lines[L])[1] == [7.0, 9.0]  # a point a week


def test_charts_follow_a_dark_palette(view: HistoryView) -> None:
    open_tab(open_tab(view, "Progress"), "Per exercise")
    palette = QPalette(view.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    view.setPalette(palette)
    for chart in view.charts:
        assert chart.view.backgroundBrush().color() == QColor("#1e1e1e")
    assert line(view.progress.pain_during_line)[1] == [0.0, 2.0, 6.0]  # redrawn, not lost


def test_scale_text_sizes_the_words(view: HistoryView) -> None:
    view.scale_text(20)
    assert view.heading.font().pixelSize() == 32
    assert view.table.font().pixelSize() == 20
    assert view.calendar_tab.streak.font().bold()


def test_only_the_history_charts_load_pyqtgraph() -> None:
    """The window and History's data shaping start without pyqtgraph (or numpy)."""
    code = (
        "import sys\n"
        "import app.ui.main_window, app.ui.history_data\n"
        "assert 'pyqtgraph' not in sys.modules, 'pyqtgraph'\n"
        "assert 'numpy' not in sys.modules, 'numpy'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_history_opens_on_its_table_and_calendar_without_pyqtgraph() -> None:
    """Only a chart tab, the first time it is shown, loads pyqtgraph (and numpy)."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from app.ui.history.view import HistoryView\n"
        "view = HistoryView(lambda job, on_done=None, on_error=None: None)\n"
        "view.show()\n"
        "view.tabs.setCurrentIndex(1)\n"
        "app.processEvents()\n"
        "assert 'pyqtgraph' not in sys.modules, 'pyqtgraph'\n"
        "assert 'numpy' not in sys.modules, 'numpy'\n"
        "view.tabs.setCurrentIndex(2)\n"
        "assert view.progress is not None and 'pyqtgraph' in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_barefoot_minutes_are_charted_per_week_beside_the_exercise_minutes(data_dir) -> None:
    from app.storage.records import Activity, Exposure
    from app.ui.history_data import HistoryData

    today = date(2026, 11, 21)  # a Saturday
    with Log.open(data_dir) as log:
        log.add_exposure(Exposure(date(2026, 11, 16), 20, Activity.WALK, ""))
        log.add_exposure(Exposure(date(2026, 11, 18), 15, Activity.RUN, ""))
        log.add_exposure(Exposure(date(2026, 11, 10), 30, Activity.WALK, ""))
        data = HistoryData.from_log(log, today)
    assert data.barefoot_per_week.x == (week_x(date(2026, 11, 9)), week_x(date(2026, 11, 16)))
    assert data.barefoot_per_week.y == (30.0, 35.0)


# -- rows of the log no reader can use ---------------------------------------------------


def break_first_session(log: Log) -> None:
    """A hand edit, with the sqlite3 shell, while the log was closed."""
    conn = sqlite3.connect(log.path)
    try:
        conn.execute("UPDATE sessions SET started = 253402300800 WHERE id = 1")
        conn.commit()
    finally:
        conn.close()


UNREADABLE = (
    "1 session in your log could not be read and is left out: session 1: started: expected "
    "a time from 1970 to 2200 (seconds since 1970-01-01 UTC), found 253402300800.0."
)


def test_a_session_that_cannot_be_read_is_left_out_and_named(qtbot, log: Log) -> None:
    fill(log)
    break_first_session(log)
    view = make_view(qtbot, run_now(log))
    with qtbot.waitSignal(view.unreadable_found, timeout=0) as found:
        choose_period(view, Period.ALL_TIME)
    assert len(found.args[0]) == 1
    assert [row[0][4:14] for row in table_rows(view)] == [
        "2026-03-12", "2026-03-11", "2026-03-10", "2026-03-09",
    ]  # fmt: skip
    assert view.unreadable_panel.isVisible()
    assert view.unreadable.text() == UNREADABLE
    for name in ("Calendar", "Progress", "Per exercise"):
        open_tab(view, name)  # every chart draws without it


def test_unreadable_rows_are_removed_only_when_the_user_says_so(
    qtbot, log: Log, data_dir: Path
) -> None:
    fill(log)
    break_first_session(log)
    view = make_view(qtbot, run_now(log))
    view.refresh()
    questions: list[str] = []
    answer = False

    def confirm(parent: object, title: str, question: str) -> bool:
        questions.append(question)
        return answer

    view.confirm = confirm
    view.remove_button.click()
    assert questions[0].startswith(UNREADABLE + "\n\nRemove it from your progress log?")
    assert len(log.unreadable_rows()) == 1  # the user said no

    answer = True
    view.remove_button.click()
    [kept] = data_dir.glob("removed-rows-*.json")
    assert view.message.text() == f"Removed 1 row from your log; it is kept in {kept}."
    assert not view.unreadable_panel.isVisible()
    assert log.unreadable_rows() == ()
    assert len(table_rows(view)) == 4


def test_an_export_says_what_it_left_out(qtbot, log: Log, tmp_path: Path) -> None:
    fill(log)
    break_first_session(log)
    view = make_view(qtbot, run_now(log))
    path = tmp_path / "blocks.csv"
    view.export_csv_to(path)
    assert view.message.text() == f"Exported 10 blocks to {path}. {UNREADABLE}"
