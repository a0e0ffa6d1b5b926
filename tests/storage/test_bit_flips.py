"""Bit flips at many seeded places in a real log: never an exception that is not a
LogError, never a hang, never a damaged log kept in use or a sound one moved.

A log is made through the API (sessions with blocks, check-ins, mornings,
doses, a usual morning, barefoot minutes, safety answers, a program, an
unfinished session) and closed, which backs it up. Then single bits (and
now and then whole bytes) are flipped at seeded places in a copy of it:
the header, the schema pages, and the pages of every table and index,
found with SQLite's dbstat. Child processes (bitflip_child.py) open each
copy and read it as every screen does; what each flip came to is counted
by kind and printed (``pytest -s``). A child that goes quiet is a hang.

A flip that breaks one value of one row (a status no CHECK allows, a text
where a number belongs) is no damage: that row is left out by every reader,
named, and removable, as a hand-edited one is. The seed is fixed; set
FOOTWORK_BITFLIP_SEED to try other places.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from app.core.events import SessionStatus
from app.core.library import load_library
from app.core.routine import Side
from app.storage import Log
from app.storage.records import (
    Activity,
    DoseChange,
    Exposure,
    MorningBaseline,
    ProgramState,
    SafetyAnswers,
)
from tests.conftest import ROOT
from tests.storage.conftest import DAY, T0, block

CHILD = Path(__file__).resolve().with_name("bitflip_child.py")
SEED = int(os.environ.get("FOOTWORK_BITFLIP_SEED", "20251128"))
CHILDREN = 4
QUIET_SECONDS = 60  # no answer for this long about one flip: a hang
PAGE = 4096
# How many flips land where: every byte of the header, and a sample of the rest.
SCHEMA_FLIPS = 500
TABLE_FLIPS = 700
INDEX_FLIPS = 500
WHOLE_BYTE_EVERY = 5  # every 5th flip inverts a whole byte instead of one bit
ACCEPTED = {
    "damaged at open",
    "damage found by a read",
    "damage found by the full check",
    "newer (left untouched)",  # a flip in the schema version, to a plausible newer one
    "sound",
    "bad rows left out",  # left out by every reader, named, and removed on request
    "a reader said",
}


def make_log(data_dir: Path) -> None:
    """Nine sessions of the daily routine and everything else the log keeps."""
    library = load_library()
    routine = library.routines["daily-ten"]
    program = library.programs["barefoot-transition"]
    with Log.open(data_dir) as log:
        for n in range(9):
            start = T0 + n * DAY + 0.25 + n / 7  # a wall clock's fractions, as time.time()
            session = log.start_session(routine.id, routine.name, 600, start, planned_blocks=20)
            phase = 0
            for index, step in enumerate(routine.steps):
                for side in (Side.LEFT, Side.RIGHT):
                    record = block(
                        phase,
                        step_index=index,
                        exercise_id=step.exercise.id,
                        exercise_name=step.exercise.name,
                        side=side,
                        started_wall=start + phase * 40,
                        done_seconds=25.0 + n,
                    )
                    log.save_block(session, record, phase + 1)
                    phase += 1
            log.finish_session(session, SessionStatus.COMPLETED, start + 600)
            log.save_session_checkin(session, n % 4, f"note {n}", {routine.steps[0].exercise.id: 2})
            log.save_morning_checkin(date(2025, 3, 11 + n), n % 3, 2)
        first = routine.steps[0].exercise.id
        log.add_dose(DoseChange(routine.id, 0, first, 40, None, 2, T0 + DAY, "increase", "easy"))
        log.add_baseline(MorningBaseline(date(2025, 3, 12), 2, T0 + 2 * DAY))
        log.add_exposure(Exposure(date(2025, 3, 12), 20.0, Activity.WALK, "park"))
        log.add_safety_answers(SafetyAnswers(T0, {"diabetes": False}, False, True))
        log.set_program_state(ProgramState(program.id, date(2025, 3, 10), 0, date(2025, 3, 10)))
        unfinished = log.start_session(routine.id, routine.name, 600, T0 + 10 * DAY)
        log.save_block(unfinished, block(0, started_wall=T0 + 10 * DAY), 1)


def regions(path: Path) -> dict[str, list[int]]:
    """Page numbers by what they hold: the schema, each table, each index."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        kinds = dict(conn.execute("SELECT name, type FROM sqlite_schema"))
        found: dict[str, list[int]] = {}
        for name, page in conn.execute("SELECT name, pageno FROM dbstat"):
            kind = "schema" if name == "sqlite_schema" else kinds.get(name, "index")
            found.setdefault(kind, []).append(page)
        return found
    finally:
        conn.close()


def positions(path: Path, rng: random.Random) -> list[tuple[int, int, str]]:
    """(offset, mask, region) of every flip: the header's 100 bytes, then a sample."""
    size = path.stat().st_size
    pages = regions(path)
    chosen = [(offset, 1 << rng.randrange(8), "header") for offset in range(100)]
    for region, count in (("schema", SCHEMA_FLIPS), ("table", TABLE_FLIPS)):
        chosen += [(*_spot(pages[region], rng), region) for _ in range(count)]
    chosen += [(*_spot(pages["index"], rng), "index") for _ in range(INDEX_FLIPS)]
    for n, (offset, _mask, region) in enumerate(chosen):
        assert offset < size
        if n % WHOLE_BYTE_EVERY == WHOLE_BYTE_EVERY - 1:
            chosen[n] = (offset, 0xFF, region)
    return chosen


def _spot(pages: list[int], rng: random.Random) -> tuple[int, int]:
    page = rng.choice(pages)
    first = 100 if page == 1 else 0  # page 1 begins with the header, flipped on its own
    return (page - 1) * PAGE + rng.randrange(first, PAGE), 1 << rng.randrange(8)


def run_children(clean: Path, scratch: Path, chosen: list[tuple[int, int, str]]) -> list[dict]:
    chunks = [chosen[n::CHILDREN] for n in range(CHILDREN)]
    children = []
    for n, chunk in enumerate(chunks):
        listed = scratch / f"positions-{n}.json"
        listed.write_text(json.dumps(chunk))
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(clean), str(scratch / f"child-{n}"), str(listed)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        children.append((child, len(chunk)))
    results = []
    try:
        for child, expected in children:
            assert child.stdout is not None
            for _ in range(expected):
                began = time.monotonic()
                line = _line(child, QUIET_SECONDS)
                assert line, f"a child went quiet for {time.monotonic() - began:.0f} s: a hang"
                results.append(json.loads(line))
    finally:
        for child, _ in children:
            child.kill()
            child.communicate()
    return results


def _line(child: subprocess.Popen, timeout: float) -> str:
    """The child's next line, or "" if it says nothing for ``timeout`` seconds."""
    import selectors

    assert child.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(child.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            return ""
    return child.stdout.readline()


@pytest.mark.slow
def test_a_flipped_bit_is_damage_set_aside_or_a_log_that_answers_every_reader(
    tmp_path: Path,
) -> None:
    clean = tmp_path / "clean"
    clean.mkdir()
    make_log(clean)
    chosen = positions(clean / "log.sqlite3", random.Random(SEED))
    results = run_children(clean, tmp_path, chosen)
    assert len(results) == len(chosen)
    kinds = Counter(r["outcome"] for r in results)
    by_region = Counter((r["region"], r["outcome"]) for r in results)
    size = (clean / "log.sqlite3").stat().st_size
    print(f"\n{len(results)} flips (seed {SEED}) in a {size} byte log:")
    for kind, count in kinds.most_common():
        print(f"  {count:5}  {kind}")
    for (region, kind), count in sorted(by_region.items()):
        print(f"  {region:7} {kind:32} {count:5}")
    wrong = [r for r in results if r["outcome"] not in ACCEPTED]
    assert not wrong, "\n\n".join(
        f"{r['region']} byte {r['offset']} ^ {r['mask']:#04x}: {r['outcome']}\n{r['detail']}"
        for r in wrong[:5]
    )
    # The flips reached every kind of damage, and most of the log answers as it should.
    assert kinds["damaged at open"] > 200
    assert kinds["sound"] > 200
    assert kinds["damage found by the full check"] > 0
