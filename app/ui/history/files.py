"""History's files: the export and import questions, and what the screen says of them.

The questions are asked through two callables, so that tests (and
scripts) answer them without a dialog: a ``FileChooser`` for the file,
and a ``Confirm`` before removing rows no reader can use.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.storage.records import ImportReport
from app.storage.unreadable import UnreadableRow, unreadable_words


class FileAction(Enum):
    """What a file is asked for: (dialog caption, file filter, suffix)."""

    EXPORT_CSV = ("Export work blocks as CSV", "CSV files (*.csv)", ".csv")
    EXPORT_JSON = ("Export everything as JSON", "JSON files (*.json)", ".json")
    IMPORT = ("Import a Footwork JSON export", "JSON files (*.json);;All files (*)", ".json")


# (parent, action, suggested path) -> the chosen path, or None when cancelled.
FileChooser = Callable[[QWidget, FileAction, Path], Path | None]
# (parent, title, question) -> whether the user said yes.
Confirm = Callable[[QWidget, str, str], bool]


def ask_with_dialog(parent: QWidget, action: FileAction, suggested: Path) -> Path | None:
    """Ask with Qt's own file dialog (the same on every desktop)."""
    caption, filters, _ = action.value
    options = QFileDialog.Option.DontUseNativeDialog
    ask = (
        QFileDialog.getOpenFileName if action is FileAction.IMPORT else QFileDialog.getSaveFileName
    )
    name, _ = ask(parent, caption, str(suggested), filters, options=options)
    return Path(name) if name else None


def ask_yes_no(parent: QWidget, title: str, question: str) -> bool:
    """Ask with a modal box whose default answer is No."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, title, question, buttons, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def suggested_name(action: FileAction, day: str) -> str:
    """The file name offered: footwork-blocks-<day>.csv, or footwork-log-<day>.json."""
    stem = "footwork-log" if action is not FileAction.EXPORT_CSV else "footwork-blocks"
    return f"{stem}-{day}{action.value[2]}"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def and_left_out(done: str, rows: tuple[UnreadableRow, ...]) -> str:
    """What an export did, and the rows it left out, if any."""
    return f"{done}. {unreadable_words(rows)}" if rows else done


def remove_question(rows: tuple[UnreadableRow, ...]) -> str:
    """What is asked before rows no reader can use are removed."""
    return (
        f"{unreadable_words(rows)}\n\nRemove "
        f"{'it' if len(rows) == 1 else 'them'} from your progress log? Each row is first "
        "written to a file in your data folder (removed-rows-<time>.json), so nothing is "
        "lost; the rest of your log is not changed."
    )


def removed_words(done: tuple[int, Path | None]) -> str:
    removed, kept_in = done
    if not removed:
        return "Nothing was removed: those rows can be read now, or are gone."
    kept = "it is" if removed == 1 else "they are"
    return f"Removed {plural(removed, 'row')} from your log; {kept} kept in {kept_in}."


def imported_words(report: ImportReport, path: Path) -> str:
    if not report.sessions_added:
        text = f"Nothing new in {path}: "
        if report.sessions_skipped:
            text += f"its {plural(report.sessions_skipped, 'session')} are in the log."
        else:
            text += "it holds no sessions."
        return text
    text = (
        f"Imported {plural(report.sessions_added, 'session')} with "
        f"{plural(report.blocks_added, 'block')} from {path}"
    )
    if report.sessions_skipped:
        text += f"; {plural(report.sessions_skipped, 'session')} already in the log"
    return text + "."
