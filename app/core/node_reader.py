"""Reading a YAML node tree field by field, each problem kept with its place.

``NodeReader`` reads the nodes of one file (see ``safeyaml``): mappings
with their allowed and required keys, lists, and scalars as text, whole
numbers, durations, ids, choices and picture paths. It never stops at the
first problem: it records each with the line and column of the node it is
about and reads on, so a file's problems are all reported together
(``fail_if_any``). The schema of each kind of file is in ``loader``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import NoReturn, TypeVar, overload

import yaml

from app.core.durations import MAX_SECONDS, parse_duration
from app.core.errors import LoadError, Problem, suggest

ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
WHOLE = re.compile(r"\d+")
_NULL_TAG = "tag:yaml.org,2002:null"
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_TRUE = ("true", "True", "TRUE")
_FALSE = ("false", "False", "FALSE")

ILLUSTRATION_SUFFIXES = (".svg", ".png")
MAX_ILLUSTRATION_BYTES = 2 * 1024 * 1024

T = TypeVar("T")


@dataclass
class Field:
    key: yaml.Node
    value: yaml.Node


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG and not node.style


def is_plain(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style


def scalar_text(node: yaml.ScalarNode) -> str:
    """A scalar's text as written: PyYAML composes the value of every scalar node as a str."""
    text: str = node.value
    return text


def known(value: T | None) -> T:
    """A value read without a problem: once ``fail_if_any`` has passed, every field that
    read as None was optional, or was reported."""
    assert value is not None, "a field read as None, and no problem reported"
    return value


def describe(node: yaml.Node) -> str:
    """How a found value is named in a message: ``0``, ``'no'``, ``a list``."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if _is_null(node):
        return "nothing"
    assert isinstance(node, yaml.ScalarNode)  # the third and last kind of node
    text = scalar_text(node)
    value = text if len(text) <= 40 else text[:37] + "..."
    if is_plain(node) and node.tag in _NUMBER_TAGS:
        return value
    return repr(value) if "'" not in value else f'"{value}"'


class NodeReader:
    """Reads one file's nodes, collecting problems instead of stopping at the first."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))

    def fail_if_any(self) -> None:
        if self.problems:
            raise LoadError(self.problems)

    def fail(self, node: yaml.Node, message: str) -> NoReturn:
        """Report a problem that leaves nothing more to read, and raise them all."""
        self.error(node, message)
        raise LoadError(self.problems)

    # -- structure ---------------------------------------------------------

    def mapping(
        self,
        node: yaml.Node,
        required: Collection[str],
        optional: Collection[str] = (),
        what: str = "a mapping of keys",
    ) -> dict[str, Field] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"expected {what}, found {describe(node)}")
            return None
        return self.fields(node, required, optional)

    def fields(
        self, node: yaml.MappingNode, required: Collection[str], optional: Collection[str] = ()
    ) -> dict[str, Field]:
        """The keys of a mapping, each checked against those allowed and required."""
        allowed = (*required, *optional)
        fields: dict[str, Field] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or _is_null(key_node):
                self.error(key_node, f"expected a key name, found {describe(key_node)}")
                continue
            key = scalar_text(key_node)
            if key in first_line:
                self.error(key_node, f"duplicate key '{key}' (first at line {first_line[key]})")
                continue
            first_line[key] = key_node.start_mark.line + 1
            if key not in allowed:
                self.error(key_node, f"unknown key '{key}'{suggest(key, allowed)}")
                continue
            fields[key] = Field(key_node, value_node)
        for key in required:
            if key not in first_line:
                self.error(node, f"missing required key '{key}'")
        return fields

    def sequence(self, node: yaml.Node, what: str, min_items: int = 1) -> list[yaml.Node] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"expected {what}, found {describe(node)}")
            return None
        if len(node.value) < min_items:
            self.error(node, f"expected {what}, found an empty list")
            return None
        return list(node.value)

    # -- scalars -----------------------------------------------------------

    def text(self, node: yaml.Node) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or _is_null(node) or not scalar_text(node).strip():
            found = "nothing" if isinstance(node, yaml.ScalarNode) else describe(node)
            self.error(node, f"expected text, found {found}")
            return None
        return scalar_text(node).strip()

    def text_list(self, node: yaml.Node, min_items: int = 0) -> tuple[str, ...]:
        if min_items == 0 and isinstance(node, yaml.SequenceNode) and not node.value:
            return ()
        items = self.sequence(node, "a list of lines of text", min_items=max(min_items, 1))
        if items is None:
            return ()
        texts = [self.text(item) for item in items]
        return tuple(t for t in texts if t is not None)

    def whole(self, node: yaml.Node, low: int, high: int) -> int | None:
        if is_plain(node) and WHOLE.fullmatch(node.value):
            value = int(node.value)
            if low <= value <= high:
                return value
        self.error(node, f"expected a whole number from {low} to {high}, found {describe(node)}")
        return None

    def boolean(self, node: yaml.Node) -> bool | None:
        if is_plain(node) and node.value in _TRUE:
            return True
        if is_plain(node) and node.value in _FALSE:
            return False
        self.error(node, f"expected true or false, found {describe(node)}")
        return None

    def choice(self, node: yaml.Node, options: Collection[str]) -> str | None:
        if isinstance(node, yaml.ScalarNode) and scalar_text(node) in options:
            return scalar_text(node)
        hint = suggest(scalar_text(node), options) if isinstance(node, yaml.ScalarNode) else ""
        self.error(node, f"expected one of {', '.join(options)}; found {describe(node)}{hint}")
        return None

    def ident(self, node: yaml.Node) -> str | None:
        if isinstance(node, yaml.ScalarNode) and ID.fullmatch(scalar_text(node)):
            return scalar_text(node)
        self.error(
            node,
            "expected an id of lowercase letters, digits and '-' (at most 64), "
            f"found {describe(node)}",
        )
        return None

    def duration(self, node: yaml.Node, minimum: int) -> int | None:
        seconds = None
        if isinstance(node, yaml.ScalarNode) and not _is_null(node):
            seconds = parse_duration(node.value)
        if seconds is None:
            self.error(
                node,
                f"expected a duration such as 90, 90s, 1m30s or 1:30, found {describe(node)}",
            )
        elif seconds < minimum:
            self.error(node, f"expected a duration of at least {minimum} s, found {describe(node)}")
        elif seconds > MAX_SECONDS:
            self.error(node, f"a duration may not be longer than 2 hours, found {describe(node)}")
        else:
            return seconds
        return None

    def illustration(self, node: yaml.Node) -> Path | None:
        """A picture file named relative to this file, inside its folder tree.

        Returns the resolved path. Every way it can be wrong is reported at
        the value: an absolute path or a backslash (files travel between
        systems), another kind of file, a path that leads out of the folder
        (through '..' or a link), a missing file, a file too big.
        """
        written = self.text(node)
        if written is None:
            return None
        shown = f"'{written}'"  # as typed: a repr would double a backslash
        if "\\" in written:
            self.error(node, f"write the path with '/' between folders, found {shown}")
            return None
        if written.startswith(("/", "~")) or PureWindowsPath(written).drive:
            self.error(node, f"expected a path relative to this file's folder, found {shown}")
            return None
        if Path(written).suffix.lower() not in ILLUSTRATION_SUFFIXES:
            self.error(node, f"expected an .svg or .png picture, found {shown}")
            return None
        folder = Path(self.path).parent
        try:
            target = (folder / written).resolve()
            if not target.is_relative_to(folder.resolve()):
                self.error(
                    node,
                    f"picture {shown} is outside this file's folder: keep pictures in "
                    "its folder or a folder inside it",
                )
                return None
            if not target.is_file():
                self.error(
                    node, f"picture {shown} not found (the path is relative to this file's folder)"
                )
                return None
            size = target.stat().st_size
        except (OSError, RuntimeError) as exc:  # a link loop is a RuntimeError before 3.13
            reason = getattr(exc, "strerror", None) or "it cannot be read"
            self.error(node, f"cannot use picture {shown}: {reason}")
            return None
        if size > MAX_ILLUSTRATION_BYTES:
            self.error(node, f"picture {shown} is larger than 2 MiB ({size} bytes)")
            return None
        return target

    # -- fields --------------------------------------------------------------

    @overload
    def get(
        self, fields: Mapping[str, Field], key: str, read: Callable[[yaml.Node], T | None]
    ) -> T | None: ...

    @overload
    def get(
        self,
        fields: Mapping[str, Field],
        key: str,
        read: Callable[[yaml.Node], T | None],
        default: T,
    ) -> T: ...

    def get(
        self,
        fields: Mapping[str, Field],
        key: str,
        read: Callable[[yaml.Node], T | None],
        default: T | None = None,
    ) -> T | None:
        """Read an optional field; a field with a problem gives the default."""
        if key not in fields:
            return default
        value = read(fields[key].value)
        return default if value is None else value
