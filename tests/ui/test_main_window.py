"""The main window as a user first meets it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.core.library import load_library
from app.ui.main_window import MainWindow


def test_window_is_titled_and_lists_every_routine(qtbot, data_dir: Path) -> None:
    (data_dir / "routines" / "broken.yaml").write_text("format: 1\nkind: routine\n")
    window = MainWindow(load_library(data_dir=data_dir), data_dir)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "Footwork"
    table = window.library_view.table
    rows = {
        table.topLevelItem(i).text(0): table.topLevelItem(i).text(1)
        for i in range(table.topLevelItemCount())
    }
    assert rows["Daily ten"] == "10:14"
    assert rows["Calf and soleus stretch"] == "20:00"
    failures = window.library_view.failures
    assert failures.isVisible()
    assert "1 file(s) could not be loaded:" in failures.text()
    assert "broken.yaml:1:1: missing required key 'id'" in failures.text()


def test_activating_a_routine_names_it(qtbot, data_dir: Path) -> None:
    window = MainWindow(load_library(data_dir=data_dir), data_dir)
    qtbot.addWidget(window)
    view = window.library_view
    assert not view.failures.isVisibleTo(view)
    item = view.table.topLevelItem(0)
    with qtbot.waitSignal(view.routine_chosen, timeout=1000) as signal:
        view.table.itemActivated.emit(item, 0)
    assert signal.args == [item.data(0, Qt.ItemDataRole.UserRole)]


def test_window_can_appear_before_the_routines_are_loaded(qtbot, data_dir: Path) -> None:
    window = MainWindow(None, data_dir)
    qtbot.addWidget(window)
    window.show()
    view = window.library_view
    assert view.table.topLevelItemCount() == 0
    assert view.failures.text() == "Loading routines…"
    window.set_library(load_library(data_dir=data_dir))
    assert "daily-ten" in view.routine_ids()
    assert not view.failures.isVisible()


def test_starting_the_app_loads_yaml_only_after_the_window(tmp_path: Path) -> None:
    """Importing what opens the window does not import the YAML loader."""
    import subprocess
    import sys

    code = (
        "import sys, app.cli, app.ui.app; "
        "print(sorted(m for m in ('yaml', 'app.core.loader') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.stdout.strip() == "[]", result.stderr


def test_the_routines_load_off_the_gui_thread_and_fill_the_list(
    qtbot, data_dir: Path, monkeypatch
) -> None:
    import threading

    from app.core import library as library_module

    threads: list[str] = []
    real = library_module.load_library

    def recorded(**kwargs):
        threads.append(threading.current_thread().name)
        return real(**kwargs)

    monkeypatch.setattr(library_module, "load_library", recorded)
    window = MainWindow(None, data_dir)
    qtbot.addWidget(window)
    window.show()
    window.load_library()
    assert window.library_view.failures.text() == "Loading routines…"
    qtbot.waitUntil(lambda: window.library is not None, timeout=10000)
    assert threads == ["footwork-library"]
    assert "daily-ten" in window.library_view.routine_ids()


def test_a_fifo_among_the_routines_never_holds_the_window_up(qtbot, data_dir: Path) -> None:
    import os

    fifo = data_dir / "routines" / "x.yaml"
    os.mkfifo(fifo)
    window = MainWindow(None, data_dir)
    qtbot.addWidget(window)
    window.show()
    window.load_library()
    qtbot.waitUntil(lambda: window.library is not None, timeout=10000)
    assert f"{fifo}:1:1: not a regular file (a FIFO)" in window.library_view.failures.text()
    assert "daily-ten" in window.library_view.routine_ids()


def test_only_the_newest_load_of_the_routines_is_shown(qtbot, data_dir: Path) -> None:
    (data_dir / "routines" / "plain.yaml").write_text(
        "format: 1\nkind: routine\nid: plain\nname: Plain\n"
        "steps:\n  - {exercise: soleus-stretch, time: 30s}\n"
    )
    window = MainWindow(None, data_dir)
    qtbot.addWidget(window)
    window.settings.set("session/get_ready", 9)
    window.load_library()
    window.settings.set("session/get_ready", 11)
    window.load_library()
    with qtbot.waitSignal(window._library_loader.loaded, timeout=10000):
        pass
    qtbot.wait(50)  # the older load, if it was delivered, would come in now too
    assert window.library.routines["plain"].steps[0].get_ready == 11


def test_a_data_folder_others_can_open_is_noted_at_the_top(qtbot, data_dir: Path) -> None:
    data_dir.chmod(0o755)
    window = MainWindow(None, data_dir)
    qtbot.addWidget(window)
    window.show()
    assert window.notice.isVisible()
    assert window.notice.text() == (
        f"The data folder {data_dir} can be opened by other users (mode 0755); Footwork "
        "leaves it as it is and keeps its own files in it readable by you only."
    )
    data_dir.chmod(0o700)
    private = MainWindow(None, data_dir)
    qtbot.addWidget(private)
    private.show()
    assert not private.notice.isVisible()


def test_a_huge_settings_file_is_noted_and_the_defaults_used(qtbot, data_dir: Path) -> None:
    (data_dir / "settings.ini").write_bytes(b"[sound]\nvolume=3\n" + b"#" * (2 * 1024 * 1024))
    window = MainWindow(None, data_dir)
    qtbot.addWidget(window)
    window.show()
    assert window.settings.get("sound/volume") == 80
    assert window.notice.isVisible()
    assert window.notice.text().startswith(f"The settings file {data_dir / 'settings.ini'} is 2.0")


def test_a_log_row_that_cannot_be_read_is_noted_at_the_top_at_start(qtbot, data_dir: Path) -> None:
    import sqlite3

    from app.storage import Log

    with Log.open(data_dir) as log:
        log.start_session("daily-ten", "Daily ten", 600, 1741593600.0)
        log.close(backup=False)
    conn = sqlite3.connect(data_dir / "log.sqlite3")
    conn.execute("UPDATE sessions SET started = 253402300800")
    conn.commit()
    conn.close()
    window = MainWindow(None, data_dir)
    qtbot.addWidget(window)
    window.show()
    window.start_log()
    qtbot.waitUntil(lambda: window.notice.isVisible(), timeout=5000)
    assert window.notice.text() == (
        "1 session in your log could not be read and is left out: session 1: started: "
        "expected a time from 1970 to 2200 (seconds since 1970-01-01 UTC), found "
        "253402300800.0. History shows them and can remove them."
    )
    assert window.log.problem == ""  # the log works: sessions are saved


def test_history_and_its_charts_load_in_an_idle_moment_after_the_routines_show(
    data_dir: Path,
) -> None:
    """Neither pyqtgraph nor numpy before the routines are on screen; History and its
    charts a while after, ahead of the first click on them."""
    import subprocess
    import sys

    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "qapp = QApplication([])\n"
        "import app.ui.main_window as main_window\n"
        "main_window.WARM_HISTORY_MS = 0\n"
        "window = main_window.MainWindow(None, Path(sys.argv[1]))\n"
        "window.show()\n"
        "seen = []\n"
        "loaded = lambda: sorted(m for m in ('pyqtgraph', 'numpy') if m in sys.modules)\n"
        "window.library_view.routines_shown.connect(lambda: seen.append(loaded()))\n"
        "window.load_library()\n"
        "deadline = time.monotonic() + 20\n"
        "while 'app.ui.history.exercise_tab' not in sys.modules:\n"
        "    assert time.monotonic() < deadline, (seen, loaded())\n"
        "    qapp.processEvents()\n"
        "    time.sleep(0.005)\n"
        "assert seen == [[]], seen\n"
        "assert 'daily-ten' in window.library_view.routine_ids()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
