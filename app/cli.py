"""The command line: ``--check``, ``--list``, ``--export`` and ``--import`` work without a window.

``python main.py`` (or ``python -m app``, or ``footwork``) opens the main
window; see ``--help`` for the rest.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__

if TYPE_CHECKING:
    from app.core.routine import Program, Routine
    from app.storage import Log

# The YAML loader is imported only where it is used, so that opening the
# window does not wait for it (see app.ui.app.run_gui).


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="footwork",
        description="Timed foot and ankle routines for barefoot and minimalist runners.",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="where the log, settings and your own routines (DIR/routines/*.yaml) live "
        "(default: the system's application data folder)",
    )
    parser.add_argument(
        "--check",
        nargs="+",
        metavar="FILE",
        help="check routine, exercise or program files and print every problem; "
        "exit 0 if all are valid, 1 otherwise",
    )
    parser.add_argument(
        "--list",
        action="store_true",
        help="list every loaded routine with its planned length, then the files that failed",
    )
    parser.add_argument(
        "--export",
        type=Path,
        metavar="FILE.csv",
        help="write every work block in the progress log to FILE.csv, one row per block, "
        "and exit; exit 2 with a message if it cannot",
    )
    parser.add_argument(
        "--import",
        dest="import_file",
        type=Path,
        metavar="FILE.json",
        help="add what a Footwork JSON export holds and the progress log lacks (all of it "
        "or nothing), as the window's Import does, and exit: 0 when imported, 1 with each "
        "problem as FILE: PLACE: message if the file is refused, 2 if the log cannot be used",
    )
    parser.add_argument(
        "--routine",
        metavar="ID",
        help="open this routine's page (see --list for the ids)",
    )
    parser.add_argument(
        "--start",
        action="store_true",
        help="with --routine: start playing it at once",
    )
    parser.add_argument("--version", action="version", version=f"Footwork {__version__}")
    return parser


# What a Unix tool's shell reports when its reader went away (128 + SIGPIPE).
BROKEN_PIPE_STATUS = 141


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; a reader that goes away (``| head``) ends it quietly."""
    try:
        try:
            status = _run(argv)
        except SystemExit as exc:  # argparse's --help, --version and usage errors
            status = exc.code if isinstance(exc.code, int) else 2
            if exc.code is not None and not isinstance(exc.code, int):
                print(exc.code, file=sys.stderr)
        # Output still buffered would meet the closed pipe at exit, outside this try.
        sys.stdout.flush()
    except BrokenPipeError:
        # Point the standard streams at /dev/null so that Python's own flush at
        # exit does not raise again, then stop as a tool killed by SIGPIPE would.
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                os.dup2(devnull, stream.fileno())
        os.close(devnull)
        return BROKEN_PIPE_STATUS
    return status


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if args.check:
        return check_files(args.check, args.data_dir)
    if args.import_file:
        return import_log(args.import_file, args.data_dir)
    if args.export:
        return export_log(args.export, args.data_dir)
    from app.paths import default_data_dir, ensure_data_dir

    try:
        data_dir = ensure_data_dir(args.data_dir or default_data_dir())
    except OSError as exc:
        print(f"footwork: cannot use data folder {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    if args.list:
        warn_if_exposed(data_dir)
        return list_routines(data_dir)
    if args.start and not args.routine:
        print("footwork: --start needs --routine ID", file=sys.stderr)
        return 2
    library = None
    if args.routine:
        # Asked for one routine: load now, so a wrong id is refused before any window.
        from app.core.errors import suggest
        from app.core.library import load_library
        from app.settings import Settings

        get_ready = Settings(data_dir).get("session/get_ready")  # the user's, as in the window
        library = load_library(data_dir=data_dir, get_ready=get_ready)
        if args.routine not in library.routines:
            hint = suggest(args.routine, library.routines)
            print(
                f"footwork: no routine '{args.routine}'{hint}; --list shows them", file=sys.stderr
            )
            return 2
    from app.ui.app import run_gui

    # The window says itself when other users can open the folder.
    return run_gui(library, data_dir, routine_id=args.routine, start=args.start)


def warn_if_exposed(data_dir: Path) -> None:
    """One line on stderr when other users can open the data folder (it is left as it is)."""
    from app.paths import exposure_warning

    if warning := exposure_warning(data_dir):
        print(f"footwork: warning: {warning}", file=sys.stderr)


def run_writer(data_dir: Path | None, verb: str, write: Callable[[Log], int]) -> int:
    """Run the command ``verb`` (``--import``) that writes the log: ``write(log)``, with
    the data folder held.

    Every writing command goes through here, so that only one Footwork
    writes a log at a time: another command holding the folder is waited
    for briefly; then, or at once if the log cannot be opened, this prints
    why (which process holds the folder) and returns 2. Otherwise it
    returns what ``write`` returns.
    """
    from app.lock import FolderLockError, locked_log
    from app.paths import default_data_dir, ensure_data_dir
    from app.storage import LogError

    try:
        data_dir = ensure_data_dir(data_dir or default_data_dir())
    except OSError as exc:
        print(f"footwork: cannot use data folder {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    warn_if_exposed(data_dir)
    try:
        with locked_log(data_dir, f"footwork {verb}") as log:
            return write(log)
    except (FolderLockError, LogError) as exc:
        print(f"footwork: {exc}", file=sys.stderr)
        return 2


def check_files(files: Sequence[str], data_dir: Path | None) -> int:
    """Validate each file as its ``kind`` says; print problems as FILE:LINE:COL: message."""
    from app.core.errors import LoadError
    from app.core.library import load_library, read_bytes
    from app.core.loader import load_exercises, load_program, load_routine, read_kind

    library = load_library(data_dir=data_dir)
    routine_ids = set(library.routines)
    bad = 0
    for shown in files:
        path = Path(shown)
        try:
            data = read_bytes(path, shown)
            kind = read_kind(data, shown)
            if kind == "exercises":
                load_exercises(data, shown)
            elif kind == "routine":
                routine = load_routine(
                    data, shown, library.exercises, _taken(library.routines, path)
                )
                routine_ids.add(routine.id)
            else:
                load_program(data, shown, routine_ids, _taken(library.programs, path))
        except LoadError as exc:
            bad += 1
            for problem in exc.problems:
                print(problem)
    checked = len(files)
    if bad:
        print(f"{bad} of {checked} file(s) have problems", file=sys.stderr)
        return 1
    print(f"{checked} file(s) checked: all valid", file=sys.stderr)
    return 0


def import_log(source: Path, data_dir: Path | None) -> int:
    """Import a JSON export into the log, with the data folder held (``run_writer``).

    0 and one line of counts when imported (the file's settings are applied,
    as the window applies them); 1 and each problem as ``FILE: PLACE: message``
    on stderr when the file is refused (nothing imported); 2 when the log
    cannot be opened or written, or another Footwork holds the folder.
    """
    from app.storage import LogImportError

    def write(log: Log) -> int:
        try:
            report = log.import_json(source)
        except LogImportError as exc:
            for problem in exc.problems:
                print(f"{source}: {problem}", file=sys.stderr)
            print(f"footwork: nothing was imported from {source}", file=sys.stderr)
            return 1
        from app.settings import Settings

        settings = Settings(log.data_dir)
        left_out = settings.apply(report.settings)
        kept = len(report.settings) - len(left_out)
        print(
            f"Imported {_count(report.sessions_added, 'session')} "
            f"({_count(report.blocks_added, 'block')}) and "
            f"{_count(report.other_rows_added, 'other row')} from {source}; "
            f"already in the log: {_count(report.sessions_skipped, 'session')} and "
            f"{_count(report.other_rows_skipped, 'other row')}; "
            f"{_count(kept, 'setting')} applied"
        )
        if settings.problem:
            print(f"footwork: warning: {settings.problem}", file=sys.stderr)
        tell_unreadable(log)
        return 0

    return run_writer(data_dir, "--import", write)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def tell_unreadable(log: Log) -> None:
    """One line on stderr when the log holds rows its readers leave out."""
    from app.storage.unreadable import unreadable_words

    if words := unreadable_words(log.unreadable_rows()):
        print(f"footwork: warning: {words}", file=sys.stderr)


def export_log(dest: Path, data_dir: Path | None) -> int:
    """Write the log's work blocks to a CSV file: 0 when written, 2 with a message if not.

    Never creates a data folder or a log: exporting from the wrong folder
    says so instead of writing an empty file.
    """
    # No Qt here with --data-dir; without it, only QtCore, to find the default folder.
    from app.storage import Log, LogError, log_path

    if data_dir is None:
        from app.paths import default_data_dir

        data_dir = default_data_dir()
    if not log_path(data_dir).is_file():
        print(f"footwork: no progress log in {data_dir}; nothing to export", file=sys.stderr)
        return 2
    # Reading only: it works beside a window or a writing command, without the folder lock.
    try:
        with Log.open(data_dir) as log:
            rows = log.export_csv(dest)
            tell_unreadable(log)
    except LogError as exc:
        print(f"footwork: {exc}", file=sys.stderr)
        return 2
    print(f"{rows} work block(s) written to {dest}")
    return 0


def _same_file(a: Path | None, b: Path) -> bool:
    try:
        return a is not None and a.resolve() == b.resolve()
    except OSError:
        return False


def _taken(items: Mapping[str, Routine | Program], path: Path) -> dict[str, str]:
    """Ids already used by other files, with their file (a file never clashes with itself)."""
    return {
        item_id: str(item.source)
        for item_id, item in items.items()
        if not _same_file(item.source, path)
    }


def routine_line(routine: Routine) -> str:
    from app.core.durations import format_clock
    from app.core.timeline import planned_seconds

    return f"{routine.id:<28} {format_clock(planned_seconds(routine)):>7}  {routine.name}"


def list_routines(data_dir: Path) -> int:
    from app.core.library import load_library

    library = load_library(data_dir=data_dir)
    for routine in library.routines.values():
        print(routine_line(routine))
    if library.failures:
        print(f"\n{len(library.failures)} file(s) could not be loaded:")
        for failure in library.failures:
            for problem in failure.problems:
                print(problem)
    return 0
