"""Barefoot minutes: the week and the ramp warning are shown before anything is saved."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate

from app.storage.log import Log
from app.storage.records import Activity, Exposure
from app.ui.exposure_view import BACKFILL_DAYS, ExposureView


def day(n: int) -> date:
    return date(2024, 5, 1) + timedelta(days=n - 1)


# 50 minutes in the week of 1-7 May.
LAST_WEEK = [Exposure(day(1), 25, Activity.WALK), Exposure(day(3), 25, Activity.RUN)]


def make_view(qtbot, entries: list[Exposure], today: date) -> ExposureView:
    view = ExposureView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.set_entries(entries, today)
    return view


def test_the_warning_appears_with_the_numbers_as_the_minutes_go_over(qtbot) -> None:
    view = make_view(qtbot, LAST_WEEK, day(10))
    assert view.chosen_day() == day(10)
    assert view.week.text() == "The 7 days to Fri 10 May: 0 min so far; the 7 days before: 50 min."
    assert not view.check_frame.isVisible()
    assert not view.save_button.isEnabled()  # no minutes yet

    view.minutes.setValue(60)  # up to 60 is within the guide after a small week of 50
    assert view.check_frame.isVisible()
    assert not view.warning_title.isVisible()
    assert view.check.text() == (
        "This week would be 60 min, within the guide after last week's 50 min (up to 60 min)."
    )

    view.minutes.setValue(66)
    assert view.warning_title.isVisible()
    assert view.warning_title.text() == "Over the guide: too much too soon?"
    assert view.check.text() == (
        "This week would be 66 min, 32 % more than last week's 50 min; the guide is about"
        " 10 % a week, or 10 min more after a small week (60 min). You can still save it."
    )
    assert view.save_button.isEnabled()  # a warning, not a rule


def test_the_week_counts_what_is_already_logged_for_it(qtbot) -> None:
    entries = [*LAST_WEEK, Exposure(day(9), 40, Activity.WALK)]
    view = make_view(qtbot, entries, day(10))
    assert view.week.text() == "The 7 days to Fri 10 May: 40 min so far; the 7 days before: 50 min."
    view.minutes.setValue(25)
    assert view.warning_title.isVisible()
    assert view.check.text().startswith("This week would be 65 min, 30 % more")


def test_changing_the_day_checks_that_days_week(qtbot) -> None:
    view = make_view(qtbot, LAST_WEEK, day(10))
    view.minutes.setValue(15)
    assert not view.warning_title.isVisible()  # 15 after 50
    view.day.setDate(QDate(2024, 5, 3))  # the week of 50 already: 65 after none
    assert view.week.text() == "The 7 days to Fri 3 May: 50 min so far; the 7 days before: 0 min."
    assert view.warning_title.isVisible()
    assert view.check.text().startswith("This week would be 65 min after none last week")
    view.day.setDate(QDate(2024, 5, 20))  # no future days
    assert view.chosen_day() == day(10)
    view.day.setDate(QDate(2024, 1, 1))  # nor further back than the entries fed can check
    assert view.chosen_day() == day(10) - timedelta(days=BACKFILL_DAYS)


def test_saving_hands_on_the_record_and_counts_it_once_stored(qtbot, data_dir: Path) -> None:
    view = make_view(qtbot, LAST_WEEK, day(10))
    view.minutes.setValue(30)
    view.run.setChecked(True)
    view.note.setText("  park grass ")
    with qtbot.waitSignal(view.saved, timeout=1000) as signal:
        view.save_button.click()
    [record] = signal.args
    assert record == Exposure(day(10), 30.0, Activity.RUN, "park grass")
    assert view.status.text() == "Saving…"
    assert not view.save_button.isEnabled()  # till the log answers

    with Log.open(data_dir) as log:  # what the window does with it
        log.add_exposure(record)
        assert log.exposures() == [record]
    view.set_saved(True)
    assert view.status.text() == "Saved: 30 min run on Fri 10 May."
    assert view.minutes.value() == 0
    assert view.note.text() == ""
    assert view.week.text() == "The 7 days to Fri 10 May: 30 min so far; the 7 days before: 50 min."


def test_a_failed_save_keeps_the_entry_to_try_again(qtbot) -> None:
    view = make_view(qtbot, [], day(10))
    view.minutes.setValue(10)
    view.save_button.click()
    view.set_saved(False, "the disk is full")
    assert view.status.text() == "Not saved: the disk is full"
    assert view.minutes.value() == 10
    assert view.save_button.isEnabled()
    assert view.entries == []


def test_recent_weeks_list_minutes_change_and_the_guide_in_words(qtbot) -> None:
    entries = [*LAST_WEEK, Exposure(day(9), 70, Activity.WALK)]
    view = make_view(qtbot, entries, day(14))
    rows = [
        [view.recent.topLevelItem(i).text(c) for c in range(4)]
        for i in range(view.recent.topLevelItemCount())
    ]
    assert len(rows) == 6
    assert rows[0] == ["Wed 8 May – Tue 14 May", "70 min", "+40 %", "over the guide"]
    assert rows[1] == ["Wed 1 May – Tue 7 May", "50 min", "new", "over the guide"]
    assert rows[2] == ["Wed 24 Apr – Tue 30 Apr", "0 min", "", "within"]
