"""Ten years of made-up daily sessions in a real progress log, for benchmarks.

Use: ``build_history(data_dir)`` fills ``<data_dir>/log.sqlite3`` (the folder
must exist and hold no log) with one session a day for YEARS years, about
27 work blocks each (about 100k blocks for 10 years), with check-ins,
next-morning check-ins, dose changes, exposure and a program state, all
through the log's own JSON import (one transaction), so the file is what
the app itself would write. Seeded: the same arguments give the same log.

From another benchmark::

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synthetic_log import build_history
"""

from __future__ import annotations

import json
import random
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.storage import Log
from app.storage.transfer import JSON_FORMAT, JSON_FORMAT_VERSION

START_DAY = date(2015, 1, 5)
START_WALL = 1420444800.0 + 7 * 3600  # 2015-01-05 07:00 UTC


@dataclass(frozen=True)
class Step:
    exercise_id: str
    name: str
    seconds: int | None  # timed work, or None for reps
    reps: int | None
    sides: int  # 1 or 2
    sets: int


# Routines shaped like the built-in ones; blocks per session: 22, 26, 26, 34.
ROUTINES: dict[str, tuple[Step, ...]] = {
    "daily-ten": (
        Step("short-foot", "Short foot", None, 10, 2, 2),
        Step("single-leg-stand", "Single-leg stand", 30, None, 2, 2),
        Step("eccentric-calf-raise", "Eccentric calf raise", None, 12, 2, 3),
        Step("soleus-stretch", "Soleus stretch (knee bent)", 60, None, 2, 3),
        Step("toe-spreading", "Toe spreading", 30, None, 1, 2),
    ),
    "calf-soleus-stretch": (
        Step("gastroc-stretch", "Gastrocnemius stretch (knee straight)", 60, None, 2, 3),
        Step("soleus-stretch", "Soleus stretch (knee bent)", 60, None, 2, 3),
        Step("ballerina-stretch", "Ballerina stretch", 45, None, 2, 2),
        Step("foam-roll-calves", "Foam-roll the calves", 60, None, 2, 1),
        Step("golf-ball-arch-roll", "Roll the arch on a golf ball", 60, None, 2, 3),
        Step("toe-spreading", "Toe spreading", 30, None, 1, 2),
    ),
    "inside-ankle-care": (
        Step("posterior-tibialis-eccentric", "Posterior tibialis eccentric", None, 15, 2, 3),
        Step("short-foot", "Short foot", None, 10, 2, 3),
        Step("functional-posterior-tibialis", "Functional posterior tibialis", None, 10, 2, 3),
        Step("soleus-stretch", "Soleus stretch (knee bent)", 60, None, 2, 3),
        Step("golf-ball-arch-roll", "Roll the arch on a golf ball", 60, None, 2, 1),
    ),
    "barefoot-balance": (
        Step("single-leg-stand", "Single-leg stand", 45, None, 2, 4),
        Step("alternating-lunges", "Alternating lunges", None, 20, 1, 3),
        Step("calf-raise-100", "Calf raise 100s", None, 100, 1, 1),
        Step("eccentric-calf-raise", "Eccentric calf raise", None, 15, 2, 4),
        Step("short-foot", "Short foot", None, 10, 2, 3),
        Step("toe-spreading", "Toe spreading", 30, None, 1, 8),
    ),
}


@dataclass(frozen=True)
class History:
    sessions: int
    blocks: int
    build_seconds: float


def _blocks(rng: random.Random, steps: tuple[Step, ...], start: float) -> list[dict]:
    blocks, phase, clock = [], 1, start + 10
    for step_index, step in enumerate(steps):
        for set_number in range(1, step.sets + 1):
            for side in ("left", "right") if step.sides == 2 else ("none",):
                roll = rng.random()
                status = "completed" if roll < 0.93 else "skipped" if roll < 0.98 else "stopped"
                planned = step.seconds if step.seconds else (step.reps or 0) * 4
                done = planned if status == "completed" else round(planned * rng.random(), 2)
                reps = None
                if step.reps:
                    reps = step.reps if status == "completed" else int(step.reps * rng.random())
                blocks.append(
                    {
                        "phase_index": phase,
                        "step_index": step_index,
                        "exercise_id": step.exercise_id,
                        "exercise_name": step.name,
                        "side": side,
                        "set_number": set_number,
                        "sets": step.sets,
                        "planned_seconds": step.seconds if step.seconds else planned,
                        "done_seconds": float(done),
                        "planned_reps": step.reps,
                        "done_reps": reps,
                        "status": status,
                        "started": clock,
                        "ended": clock + done,
                    }
                )
                clock += done + 20
                phase += 2
    return blocks


def history_document(years: int = 10, seed: int = 0) -> dict:
    """The synthetic history as a JSON export document (what ``build_history`` imports)."""
    rng = random.Random(seed)
    ids = random.Random(seed + 1)

    def new_uuid() -> str:
        return str(uuid.UUID(int=ids.getrandbits(128), version=4))

    names = list(ROUTINES)
    sessions, mornings, doses, exposure = [], [], [], []
    for n in range(years * 365):
        day = START_DAY + timedelta(days=n)
        started = START_WALL + n * 86400.0 + rng.randrange(0, 12 * 3600)
        routine = names[n % len(names)]
        blocks = _blocks(rng, ROUTINES[routine], started)
        stopped = any(b["status"] == "stopped" for b in blocks)
        pain = rng.choice((0, 0, 1, 1, 2, 2, 3, 4, 6)) if rng.random() < 0.8 else None
        sessions.append(
            {
                "uuid": new_uuid(),
                "routine_id": routine,
                "routine_name": routine.replace("-", " ").capitalize(),
                "started": started,
                "ended": blocks[-1]["ended"] + 5,
                "status": "stopped for pain" if stopped else "completed",
                "planned_seconds": sum(b["planned_seconds"] for b in blocks) + 20 * len(blocks),
                "planned_blocks": len(blocks),
                "next_phase_index": blocks[-1]["phase_index"] + 1,
                "checkin": None
                if pain is None
                else {
                    "pain_during": pain,
                    "note": "calves tight" if pain > 2 else "",
                    "exercise_pain": {blocks[0]["exercise_id"]: pain} if pain > 3 else {},
                },
                "blocks": blocks,
            }
        )
        if rng.random() < 0.6:
            sore = rng.randrange(0, 5)
            mornings.append({"day": (day + timedelta(days=1)).isoformat(), "pain": sore,
                             "stiffness": sore})  # fmt: skip
        if n % 14 == 0:
            doses.append(
                {
                    "uuid": new_uuid(),
                    "routine_id": "daily-ten",
                    "step_index": 2,
                    "exercise_id": "eccentric-calf-raise",
                    "time_seconds": None,
                    "reps": 10 + (n // 14) % 6,
                    "sets": 3,
                    "decided": started,
                    "decision": "increase",
                    "reason": "no worse the next morning, three sessions running",
                    "occurrence": 1,
                }
            )
        if rng.random() < 0.3:
            exposure.append(
                {
                    "uuid": new_uuid(),
                    "day": day.isoformat(),
                    "minutes": float(rng.randrange(5, 60)),
                    "activity": rng.choice(("walk", "run")),
                    "note": "",
                }
            )
    return {
        "format": JSON_FORMAT,
        "format_version": JSON_FORMAT_VERSION,
        "schema_version": 3,
        "exported": START_WALL,
        "settings": {},
        "sessions": sessions,
        "morning_checkins": mornings,
        "doses": doses,
        "morning_baselines": [],
        "exposure": exposure,
        "safety": [
            {
                "uuid": new_uuid(),
                "answered": START_WALL,
                "answers": {"diabetes": False, "circulation": False, "sores": False},
                "contraindicated": False,
                "acknowledged": True,
            }
        ],
        "program_state": [
            {
                "program_id": "transition",
                "started_day": START_DAY.isoformat(),
                "stage_index": 3,
                "stage_started_day": (START_DAY + timedelta(days=120)).isoformat(),
            }
        ],
    }


def build_history(data_dir: Path, years: int = 10, seed: int = 0) -> History:
    """Fill a new log in ``data_dir`` with ``years`` of daily sessions; see the module docstring."""
    document = history_document(years, seed)
    source = data_dir / ".synthetic-history.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    start = time.perf_counter()
    try:
        with Log.open(data_dir) as log:
            report = log.import_json(source)
            log.close(backup=False)
    finally:
        source.unlink()
    return History(report.sessions_added, report.blocks_added, time.perf_counter() - start)
