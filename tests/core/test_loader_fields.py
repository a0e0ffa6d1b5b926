"""A quick routine just works: optional exercise fields, routine cautions, pictures, pace.

What each broken file says, line by line, is pinned in tests/data/broken;
these tests check what a good file gives the player, and the cases the
corpus cannot hold (links, a picture over 2 MiB).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.cli import check_files
from app.core.errors import LoadError
from app.core.library import load_library
from app.core.loader import load_exercises, load_routine
from app.core.node_reader import MAX_ILLUSTRATION_BYTES
from app.core.routine import Category, Exercise
from app.core.timeline import PhaseKind, build_timeline, planned_seconds
from app.core.wording import categories_words, phase_title

# The whole file of issue 10, as a person writes it.
WALL_SITS = """format: 1
kind: routine
id: wall-sits
name: Wall sits
exercises:
  - id: wall-sit
    name: Wall sit
    category: strength
steps:
  - exercise: wall-sit
    time: 60
"""


def problems(data: str, path: Path) -> list[str]:
    with pytest.raises(LoadError) as info:
        load_routine(data.encode(), str(path), {})
    return [str(p) for p in info.value.problems]


def with_picture(picture: str, extra: str = "") -> str:
    return (
        "format: 1\nkind: routine\nid: pictures\nname: Pictures\n"
        "exercises:\n  - id: wall-sit\n    name: Wall sit\n"
        f"    illustration: {picture}\n{extra}"
        "steps:\n  - exercise: wall-sit\n    time: 60\n"
    )


def test_the_quick_routine_loads_and_plays_a_get_ready_then_a_minute(data_dir: Path) -> None:
    (data_dir / "routines" / "wall-sits.yaml").write_text(WALL_SITS)
    library = load_library(data_dir=data_dir)
    assert library.failures == []
    routine = library.routines["wall-sits"]
    [step] = routine.steps
    assert step.exercise == Exercise("wall-sit", "Wall sit", Category.STRENGTH)
    assert [(p.kind, p.duration) for p in build_timeline(routine)] == [
        (PhaseKind.GET_READY, 5),
        (PhaseKind.WORK, 60),
    ]
    assert planned_seconds(routine) == 65


def test_check_calls_the_quick_routine_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "wall-sits.yaml"
    path.write_text(WALL_SITS)
    assert check_files([str(path)], tmp_path) == 0
    assert capsys.readouterr().out == ""


def test_a_library_file_of_ids_and_names_loads_with_every_default() -> None:
    data = b"format: 1\nkind: exercises\nexercises:\n  - id: wall-sit\n    name: Wall sit\n"
    [exercise] = load_exercises(data, "mine.yaml").values()
    assert (exercise.id, exercise.name, exercise.category, exercise.sided) == (
        "wall-sit",
        "Wall sit",
        None,
        False,
    )
    assert (exercise.summary, exercise.how_to, exercise.cues, exercise.cautions) == ("", (), (), ())
    assert (exercise.equipment, exercise.illustration, exercise.seconds_per_rep) == ((), None, 3)


def test_an_exercise_given_no_category_is_called_exercise_and_its_block_work(
    tmp_path: Path,
) -> None:
    data = (
        "format: 1\nkind: routine\nid: mixed\nname: Mixed\n"
        "exercises:\n  - id: plank\n    name: Plank\n"
        "steps:\n  - exercise: plank\n    time: 30s\n"
        "  - exercise: soleus-stretch\n    time: 30s\n"
    )
    routine = load_routine(data.encode(), str(tmp_path / "mixed.yaml"), load_library().exercises)
    assert categories_words(routine.categories) == "exercise, stretch"
    work = [p for p in build_timeline(routine) if p.kind is PhaseKind.WORK]
    assert [phase_title(p) for p in work] == ["Work", "Hold", "Hold"]


def test_routine_cautions_are_kept_in_order_and_optional() -> None:
    data = WALL_SITS.replace(
        "exercises:", "cautions:\n  - Not on a fresh injury.\n  - Stop if it hurts.\nexercises:"
    )
    assert load_routine(data.encode(), "r", {}).cautions == (
        "Not on a fresh injury.",
        "Stop if it hurts.",
    )
    assert load_routine(WALL_SITS.encode(), "r", {}).cautions == ()


def test_seconds_per_rep_is_kept() -> None:
    data = WALL_SITS.replace("    category: strength\n", "    seconds_per_rep: 5\n")
    [exercise] = load_routine(data.encode(), "r", {}).exercises
    assert exercise.seconds_per_rep == 5


def test_a_picture_beside_the_file_or_in_a_folder_below_is_kept_as_its_full_path(
    tmp_path: Path,
) -> None:
    (tmp_path / "pictures").mkdir()
    svg = tmp_path / "pictures" / "wall-sit.svg"
    svg.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    png = tmp_path / "Wall-Sit.PNG"
    png.write_bytes(b"\x89PNG\r\n\x1a\n")
    routine_file = tmp_path / "wall-sits.yaml"
    for written, expected in (("pictures/wall-sit.svg", svg), ("Wall-Sit.PNG", png)):
        routine = load_routine(with_picture(written).encode(), str(routine_file), {})
        assert routine.exercises[0].illustration == expected.resolve()


def test_a_picture_is_looked_for_beside_the_file_not_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "routines").mkdir()
    (tmp_path / "wall-sit.svg").write_text("<svg/>")  # in the working folder only
    monkeypatch.chdir(tmp_path)
    assert problems(with_picture("wall-sit.svg"), Path("routines/r.yaml")) == [
        "routines/r.yaml:8:19: picture 'wall-sit.svg' not found "
        "(the path is relative to this file's folder)"
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_link_that_leads_out_of_the_folder_is_refused_and_one_inside_is_fine(
    tmp_path: Path,
) -> None:
    outside = tmp_path / "secret.svg"
    outside.write_text("<svg/>")
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "out.svg").symlink_to(outside)
    (folder / "real.svg").write_text("<svg/>")
    (folder / "in.svg").symlink_to(folder / "real.svg")
    path = folder / "r.yaml"
    assert problems(with_picture("out.svg"), path) == [
        f"{path}:8:19: picture 'out.svg' is outside this file's folder: "
        "keep pictures in its folder or a folder inside it"
    ]
    routine = load_routine(with_picture("in.svg").encode(), str(path), {})
    assert routine.exercises[0].illustration == (folder / "real.svg").resolve()


def test_a_picture_of_2_mib_is_fine_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    for name, size in (
        ("fits.png", MAX_ILLUSTRATION_BYTES),
        ("big.png", MAX_ILLUSTRATION_BYTES + 1),
    ):
        with (tmp_path / name).open("wb") as picture:
            picture.truncate(size)  # sparse: no need to write the bytes
    path = tmp_path / "r.yaml"
    assert load_routine(with_picture("fits.png").encode(), str(path), {}).exercises
    assert problems(with_picture("big.png"), path) == [
        f"{path}:8:19: picture 'big.png' is larger than 2 MiB (2097153 bytes)"
    ]


def test_an_exercise_with_a_problem_is_reported_once_and_its_steps_stay_quiet(
    tmp_path: Path,
) -> None:
    # Used by a second step too, with a side it could only have if it were sided.
    data = with_picture("missing.svg") + "  - exercise: wall-sit\n    reps: 10\n    sides: both\n"
    path = tmp_path / "r.yaml"
    assert problems(data, path) == [
        f"{path}:8:19: picture 'missing.svg' not found (the path is relative to this file's folder)"
    ]
