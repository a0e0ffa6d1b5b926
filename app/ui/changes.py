"""What a write to the progress log changed, so that the screen on show can refresh.

As Anki's ``OpChanges``: every write says what it changes where it is
asked for (``log.call(add, changes=Change.EXPOSURE)``). Once the write is
in, ``LogController.changed`` carries that, and the screen on show reads
again if it shows any of it (``Screen.shows``). No screen re-asks the log
after its own writes; a write from elsewhere (a check-in, an import)
refreshes it just the same.

Qt-free: the log's thread and tests use it as it is.
"""

from __future__ import annotations

from enum import Flag, auto


class Change(Flag):
    NONE = 0
    SESSIONS = auto()  # sessions and their blocks: played, finished, kept, discarded, removed
    CHECK_INS = auto()  # after-session and next-morning check-ins, and the usual morning
    DOSES = auto()  # doses accepted from the coach
    EXPOSURE = auto()  # barefoot minutes
    SAFETY = auto()  # the safety answers
    PROGRAM = auto()  # where the user is in a program
    # An import, removed rows, a restored or a new log: anything may differ.
    ALL = SESSIONS | CHECK_INS | DOSES | EXPOSURE | SAFETY | PROGRAM
