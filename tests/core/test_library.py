"""Loading everything: broken files are listed, never in the way of the good ones."""

from __future__ import annotations

from pathlib import Path

from app.core.library import RESOURCES, load_library

GOOD = """format: 1
kind: routine
id: {id}
name: {name}
steps:
  - exercise: soleus-stretch
    time: 30s
"""


def test_builtin_files_load_without_failures() -> None:
    library = load_library()
    assert library.failures == []
    assert {
        "calf-soleus-stretch",
        "short-foot-basics",
        "eccentric-calf-raises",
        "inside-ankle-care",
        "barefoot-balance",
        "daily-ten",
    } <= set(library.routines)
    assert all(r.builtin for r in library.routines.values())


def test_a_broken_user_file_does_not_stop_the_others(data_dir: Path) -> None:
    (data_dir / "routines" / "a-good.yaml").write_text(GOOD.format(id="mine", name="Mine"))
    (data_dir / "routines" / "b-broken.yaml").write_text("format: 1\nkind: routine\nid: [\n")
    (data_dir / "routines" / "c-good.yaml").write_text(GOOD.format(id="mine-too", name="Too"))
    library = load_library(data_dir=data_dir)
    assert {"mine", "mine-too"} <= set(library.routines)
    assert not library.routines["mine"].builtin
    [failure] = library.failures
    assert failure.path.name == "b-broken.yaml"
    assert failure.problems[0].line == 4


def test_a_user_routine_cannot_take_a_builtin_id(data_dir: Path) -> None:
    (data_dir / "routines" / "mine.yaml").write_text(GOOD.format(id="daily-ten", name="Mine"))
    library = load_library(data_dir=data_dir)
    assert library.routines["daily-ten"].name == "Daily ten"
    [failure] = library.failures
    builtin = RESOURCES / "routines" / "daily-ten.yaml"
    assert [str(p) for p in failure.problems] == [
        f"{data_dir / 'routines' / 'mine.yaml'}:3:5: "
        f"routine id 'daily-ten' is already used by {builtin}"
    ]


def test_inline_exercise_shadows_the_library(data_dir: Path) -> None:
    (data_dir / "routines" / "mine.yaml").write_text(
        """format: 1
kind: routine
id: shadow
name: Shadow
exercises:
  - id: soleus-stretch
    name: My soleus stretch
    category: stretch
    summary: Done my way, on a step.
    steps: [Stand on a step.]
steps:
  - exercise: soleus-stretch
    time: 30s
"""
    )
    library = load_library(data_dir=data_dir)
    step = library.routines["shadow"].steps[0]
    assert step.exercise.name == "My soleus stretch"
    # Not sided in the inline definition, so one block, no sides.
    assert step.sides.value == "none"
    # The library itself is untouched.
    assert library.exercises["soleus-stretch"].name.startswith("Soleus stretch")


def test_unreadable_file_is_a_failure_with_a_reason(data_dir: Path) -> None:
    (data_dir / "routines" / "folder.yaml").mkdir()  # a folder: not a routine file
    link = data_dir / "routines" / "dangling.yaml"
    link.symlink_to(data_dir / "nowhere.yaml")
    library = load_library(data_dir=data_dir)
    assert [str(p) for f in library.failures for p in f.problems] == [
        f"{link}:1:1: cannot read file: No such file or directory"
    ]
    assert "daily-ten" in library.routines
