"""Importing a ten-year JSON export: Footwork's checked import against a bare load and insert.

Run: .venv/bin/python bench/import_bench.py [--years 10] [--runs 3]
Writes YEARS of daily sessions (about 3,650 sessions and 100k blocks for
10 years; see bench/synthetic_log.py) as a JSON export, as Footwork writes
one, then in the same run, alternating, RUNS times each into a new log:

- the baseline: ``json.load`` of the file and ``executemany`` of the same
  rows into the same schema with the same pragmas (WAL, synchronous=FULL),
  in one transaction, with no checks at all;
- ``Log.import_json``: the bounded read, the hooks that catch NaN and
  repeated keys, every field's range check with its place, the merge by
  UUID and the one transaction (the log's open is not counted).

Prints the medians and their ratio, then where Footwork's time goes (read
and parse, check, write) and the first read of the imported log, which
looks for unreadable rows once per opening.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_log import history_document

from app.storage import Log, transfer
from app.storage.fields import BLOCK, SESSION, json_text
from app.storage.log import configure
from app.storage.schema import SCHEMA_VERSION, apply_steps

_OTHERS = ("morning_checkins", "doses", "morning_baselines", "exposure", "safety", "program_state")


def bare_import(source: Path, folder: Path) -> None:
    """The least an import can do: parse, then insert every row, one ``executemany`` per
    table, in one transaction; no checks, no merge."""
    with source.open(encoding="utf-8") as stream:
        data = json.load(stream)
    conn = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
    try:
        configure(conn)
        apply_steps(conn, 0, SCHEMA_VERSION)

        def insert(table: str, columns: list[str], rows: Iterable[tuple]) -> None:
            conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})",
                rows,
            )

        sessions = list(enumerate(data["sessions"], 1))
        conn.execute("BEGIN IMMEDIATE")
        insert(
            "sessions",
            ["id", *SESSION.fields],
            ((n, *(s[c] for c in SESSION.fields)) for n, s in sessions),
        )
        insert(
            "blocks",
            ["session_id", *BLOCK.fields],
            ((n, *(b[c] for c in BLOCK.fields)) for n, s in sessions for b in s["blocks"]),
        )
        checkins = [(n, s["checkin"]) for n, s in sessions if s["checkin"] is not None]
        insert(
            "session_checkins",
            ["session_id", "pain_during", "note"],
            ((n, c["pain_during"], c["note"]) for n, c in checkins),
        )
        insert(
            "exercise_pain",
            ["session_id", "exercise_id", "pain"],
            ((n, k, v) for n, c in checkins for k, v in c["exercise_pain"].items()),
        )
        for table in _OTHERS:
            if rows := data[table]:
                columns = list(rows[0])
                insert(
                    table,
                    columns,
                    (
                        tuple(json_text(r[c]) if isinstance(r[c], dict) else r[c] for c in columns)
                        for r in rows
                    ),
                )
        conn.execute("COMMIT")
    finally:
        conn.close()


def footwork_import(source: Path, folder: Path) -> float:
    """Seconds ``Log.import_json`` takes into a new log (its open not counted)."""
    with Log.open(folder) as log:
        start = time.perf_counter()
        log.import_json(source)
        seconds = time.perf_counter() - start
        log.close(backup=False)
    return seconds


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def line(label: str, seconds: float, note: str = "") -> None:
    print(f"{label:<52}{seconds * 1000:>9.0f} ms   {note}".rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10, help="years of daily sessions (10)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each, alternating (3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="footwork-import-bench-") as scratch:
        root = Path(scratch)
        document = history_document(args.years)
        source = root / "export.json"
        # As export_json writes it.
        source.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        sessions = len(document["sessions"])
        blocks = sum(len(s["blocks"]) for s in document["sessions"])
        print(
            f"{sessions} sessions, {blocks} blocks: a {source.stat().st_size / 1e6:.1f} MB export\n"
        )
        del document
        bare, ours = [], []
        for run in range(args.runs):
            folder = root / f"bare-{run}"
            folder.mkdir()
            bare.append(timed(lambda folder=folder: bare_import(source, folder)))
            folder = root / f"footwork-{run}"
            folder.mkdir()
            ours.append(footwork_import(source, folder))
        theirs, mine = statistics.median(bare), statistics.median(ours)
        line("bare json.load + executemany (baseline)", theirs)
        line("Footwork import_json", mine)
        print(f"{'ratio Footwork / bare':<52}{mine / theirs:>9.2f} x\n")

        data: object = None

        def read() -> None:
            nonlocal data
            data = transfer._read_json(source)

        line("  of which: read and parse (bounded, with hooks)", timed(read))
        line(
            "  of which: check every field, with its place",
            timed(lambda: transfer._check_document(data)),
        )
        parse_only = timed(lambda: json.loads(source.read_text(encoding="utf-8")))
        line("  (json.loads alone, for comparison)", parse_only)
        with Log.open(root / "footwork-0") as log:
            line("first read after opening: find unreadable rows", timed(log.unreadable_rows))
            line("a second read of History (all sessions)", timed(log.sessions))
            log.close(backup=False)


if __name__ == "__main__":
    main()
