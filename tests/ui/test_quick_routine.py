"""A routine whose exercise is only an id and a name, on every screen a user sees.

The window plays on a fake clock with a recording cue output (no speech
engine), and the log runs on its real thread against a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.library import load_library
from app.core.player import State
from app.storage.log import Log
from app.ui.keep_awake import KeepAwake
from app.ui.main_window import MainWindow
from tests.core.fakes import FakeClock
from tests.core.test_loader_fields import WALL_SITS
from tests.ui.test_cues import FakeScreenSaver, Recorder

PLANK = """format: 1
kind: routine
id: plank-time
name: Plank time
cautions:
  - Stop if your lower back aches.
exercises:
  - id: plank
    name: Plank
steps:
  - exercise: plank
    time: 30s
  - exercise: soleus-stretch
    time: 30s
    sides: left
"""


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def window(qtbot, data_dir: Path, clock: FakeClock) -> MainWindow:
    (data_dir / "routines" / "plank-time.yaml").write_text(PLANK)
    (data_dir / "routines" / "wall-sits.yaml").write_text(WALL_SITS)
    win = MainWindow(
        load_library(data_dir=data_dir),
        data_dir,
        clock=clock,
        wall_clock=clock.wall,
        cue_output=Recorder(clock),
        keep_awake=KeepAwake(FakeScreenSaver()),
    )
    qtbot.addWidget(win)
    win.resize(1200, 800)  # wide enough for the how-to panel
    win.show()
    return win


def tick(win: MainWindow, clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    win.session.timer.timeout.emit()


def test_the_library_lists_it_with_exercise_as_its_kind(window: MainWindow) -> None:
    table = window.library_view.table
    rows = {
        table.topLevelItem(i).text(0): table.topLevelItem(i).text(3)
        for i in range(table.topLevelItemCount())
    }
    assert rows["Plank time"] == "exercise, stretch"
    assert rows["Wall sits"] == "strength"
    assert window.library_view.failures.isHidden()


def test_the_routine_page_shows_its_cautions_and_no_empty_how_to(window: MainWindow) -> None:
    window.show_routine("plank-time")
    page = window.routine_view
    assert page.meta.text().endswith("2 exercises  ·  exercise, stretch")
    body = page.body.text()
    # The routine's own caution first, before the exercises' ones.
    soleus_caution = load_library().exercises["soleus-stretch"].cautions[0]
    assert body.index("Before you start") < body.index("Stop if your lower back aches.")
    assert body.index("lower back") < body.index(soleus_caution[:20])
    # The plank is a name and a dose: no summary line, no empty numbered list.
    assert "<p><b>1. Plank</b> — 30 s</p><p><b>2. Soleus stretch" in body


def test_the_player_shows_the_cautions_first_and_no_empty_how_to_box(
    qtbot, window: MainWindow, clock: FakeClock
) -> None:
    window.start_session("plank-time")
    view = window.player_view
    qtbot.waitUntil(lambda: view.width() >= 900, timeout=2000)
    assert (view.banner.text(), view.exercise.text()) == ("Get ready", "Plank")
    assert view.cautions.isVisibleTo(view)
    assert view.cautions.text() == "Before you start:\n• Stop if your lower back aches."
    assert view.how_to.text() == ""
    assert not view.side_panel.isVisibleTo(view)  # nothing to say: no box at all
    # The cautions take their room from the digits, so the window need not grow.
    qtbot.wait(10)  # let the layout settle
    digits_with_cautions = view.digit_height()
    tallest_with_cautions = view.minimumSizeHint().height()

    tick(window, clock, 5)
    assert view.banner.text() == "Work"  # a timed block of an exercise with no category
    assert not view.cautions.isVisibleTo(view)  # said before the start; the session is on
    assert not view.side_panel.isVisibleTo(view)
    qtbot.wait(10)
    assert view.digit_height() > digits_with_cautions
    assert tallest_with_cautions <= view.minimumSizeHint().height()

    tick(window, clock, 30)
    assert (view.banner.text(), view.exercise.text()) == ("Get ready", "Soleus stretch (knee bent)")
    assert view.side_panel.isVisibleTo(view)
    assert "How to" in view.how_to.text()


def test_the_quick_routine_of_the_issue_plays_to_the_end_and_is_logged(
    qtbot, window: MainWindow, clock: FakeClock, data_dir: Path
) -> None:
    window.start_log()
    qtbot.waitUntil(lambda: window.log.working, timeout=5000)
    window.start_session("wall-sits")
    view = window.player_view
    assert (view.banner.text(), view.exercise.text(), view.countdown.text()) == (
        "Get ready",
        "Wall sit",
        "0:05",
    )
    assert not view.cautions.isVisibleTo(view)  # the file gives none
    tick(window, clock, 5)
    assert (view.banner.text(), view.countdown.text()) == ("Work", "1:00")
    tick(window, clock, 60)
    assert window.session.player.state is State.DONE
    assert window.summary_view.heading.text() == "Session complete: Wall sits"
    assert window.log.worker is not None and window.log.worker.wait_idle(5.0)
    qtbot.waitUntil(
        lambda: window.summary_view.saved.text() == "All 1 blocks are saved in your progress log.",
        timeout=5000,
    )
    with Log.open(data_dir) as log:
        [session] = log.sessions()
        blocks = log.blocks(session.id)
    assert (session.routine_id, session.status.value) == ("wall-sits", "completed")
    assert [(b.exercise_id, b.status.value) for b in blocks] == [("wall-sit", "completed")]
