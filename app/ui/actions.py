"""The window's menus, declared in one place (as Picard's ``mainwindow/actions.py``).

Each action is its words, its keys and what it does to the window;
``build_menus`` turns the table into the menu bar and hands back the
actions by name. The window builds no menu itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

StandardKey = QKeySequence.StandardKey


@dataclass(frozen=True)
class MenuAction:
    name: str  # its key in ``build_menus``' answer
    text: str  # with its & mnemonic
    run: Callable[[MainWindow], object]
    # A key as text ("Ctrl+H"), or a standard key: every binding the platform has for it.
    keys: tuple[str | QKeySequence.StandardKey, ...] = ()
    role: QAction.MenuRole = QAction.MenuRole.TextHeuristicRole


SEPARATOR = None

MENUS: tuple[tuple[str, tuple[MenuAction | None, ...]], ...] = (
    (
        "&File",
        (
            # Qt's Preferences key is empty on GNOME and plain X11: Ctrl+, everywhere too.
            MenuAction(
                "settings",
                "&Settings…",
                lambda w: w.open_settings(),
                (StandardKey.Preferences, "Ctrl+,"),
                QAction.MenuRole.PreferencesRole,
            ),
            SEPARATOR,
            # Export and import live on the History screen: these open it and ask there.
            MenuAction(
                "export_csv", "Export log as &CSV…", lambda w: w.show_history().ask_export_csv()
            ),
            MenuAction(
                "export_json",
                "&Export everything (JSON)…",
                lambda w: w.show_history().ask_export_json(),
            ),
            MenuAction(
                "import", "&Import from a JSON export…", lambda w: w.show_history().ask_import()
            ),
            SEPARATOR,
            MenuAction("quit", "&Quit", lambda w: w.close(), (StandardKey.Quit,)),
        ),
    ),
    (
        "&View",
        (
            MenuAction("routines", "&Routines", lambda w: w.show_library(), ("Ctrl+R",)),
            MenuAction("history", "&History and charts", lambda w: w.show_history(), ("Ctrl+H",)),
            MenuAction("exposure", "&Barefoot minutes", lambda w: w.show_exposure(), ("Ctrl+B",)),
            MenuAction("program", "&8-week program", lambda w: w.show_program(), ("Ctrl+G",)),
        ),
    ),
    (
        "&Help",
        (
            MenuAction(
                "safety",
                "&Safety: who should not exercise barefoot…",
                lambda w: w.session_start.ask_safety(),
            ),
        ),
    ),
)


def key_sequences(keys: tuple[str | QKeySequence.StandardKey, ...]) -> list[QKeySequence]:
    sequences: list[QKeySequence] = []
    for key in keys:
        if isinstance(key, str):
            sequences.append(QKeySequence(key))
        else:
            sequences += QKeySequence.keyBindings(key)
    return sequences


def build_menus(window: MainWindow) -> dict[str, QAction]:
    """Fill the window's menu bar from ``MENUS``; the actions, by name."""
    actions: dict[str, QAction] = {}
    bar = window.menuBar()
    for title, entries in MENUS:
        menu = bar.addMenu(title)
        for entry in entries:
            if entry is None:
                menu.addSeparator()
                continue
            action = QAction(entry.text, window)
            action.setShortcuts(key_sequences(entry.keys))
            action.setMenuRole(entry.role)
            action.triggered.connect(lambda _=False, run=entry.run: run(window))
            menu.addAction(action)
            actions[entry.name] = action
    return actions
