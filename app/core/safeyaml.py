"""Read YAML text into a node tree, refusing hostile or broken input quickly.

Footwork never builds Python objects from YAML: it composes the text into
PyYAML *nodes* (which keep the line and column of every key and value) and
the schema code in ``loader`` reads the plain text of each scalar itself.
That is what keeps YAML 1.1 surprises out: ``no`` stays the word "no" and
``1:30`` stays "1:30" until the schema decides what the field means.

Before anything expensive runs, the input is refused when it is larger than
1 MiB, not UTF-8, nested deeper than 64 levels, carries a tag, or uses
aliases that would expand past 100,000 nodes. Depth is checked on the token
stream *before* composing, because libyaml's recursive composer crashes the
whole process on very deep input.
"""

from __future__ import annotations

import yaml

from app.core.errors import LoadError, Problem

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000

# The C implementation is much faster; the pure-Python one is the fallback
# for a PyYAML built without libyaml. Both are "safe": we only compose.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_OPENERS = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSERS = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _problem(path: str, mark: yaml.Mark | None, message: str) -> Problem:
    if mark is None:
        return Problem(path, 1, 1, message)
    return Problem(path, mark.line + 1, mark.column + 1, message)


def decode(data: bytes, path: str) -> str:
    """Check the size and decode UTF-8, naming the place of the first bad byte."""
    if len(data) > MAX_BYTES:
        raise LoadError([Problem(path, 1, 1, f"file is larger than 1 MiB ({len(data)} bytes)")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise LoadError(
            [
                Problem(
                    path,
                    line,
                    column,
                    f"file is not valid UTF-8 text (byte 0x{data[exc.start]:02x})",
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


def _prescan(text: str, path: str) -> None:
    """Walk the token stream once: refuse deep nesting and tags early."""
    loader = _Loader(text)
    depth = 0
    try:
        while True:
            token = loader.get_token()
            if token is None:
                return
            if isinstance(token, _OPENERS):
                depth += 1
                if depth > MAX_DEPTH:
                    raise LoadError(
                        [_problem(path, token.start_mark, "nesting deeper than 64 levels")]
                    )
            elif isinstance(token, _CLOSERS):
                depth -= 1
            elif isinstance(token, yaml.TagToken):
                handle, suffix = token.value
                tag = f"{handle or ''}{suffix}"
                raise LoadError(
                    [
                        _problem(
                            path,
                            token.start_mark,
                            f"tag '{tag}' is not allowed (Footwork files use no tags)",
                        )
                    ]
                )
    except yaml.YAMLError as exc:
        raise LoadError([_yaml_problem(path, exc, text)]) from None
    finally:
        loader.dispose()


def _yaml_problem(path: str, exc: yaml.YAMLError, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        # A character YAML does not allow (a control character, say): name its place.
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return Problem(path, line, column, f"character U+{char:04X} is not allowed in YAML text")
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        return _problem(path, mark, f"YAML syntax error: {what}")
    return Problem(path, 1, 1, f"YAML syntax error: {exc}")


def _check_expansion(root: yaml.Node, path: str) -> None:
    """Refuse alias bombs and recursive aliases, counting each node as expanded.

    Aliases make the composed tree a graph that shares nodes, so the expanded
    size is computed with memoisation over distinct nodes: cheap however large
    the expansion would be.
    """
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children = _children(node)
        if children_done:
            in_progress.discard(key)
            total = 1 + sum(sizes[id(c)] for c in children)
            if total > MAX_NODES:
                raise LoadError(
                    [_problem(path, node.start_mark, "aliases expand to more than 100000 nodes")]
                )
            sizes[key] = total
            continue
        if key in in_progress:
            raise LoadError([_problem(path, node.start_mark, "an alias refers to itself")])
        in_progress.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in in_progress:
                raise LoadError([_problem(path, child.start_mark, "an alias refers to itself")])
            if id(child) not in sizes:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def compose(data: bytes, path: str) -> yaml.Node | None:
    """Turn file bytes into a node tree, or raise ``LoadError``.

    Returns ``None`` for an empty document.
    """
    text = decode(data, path)
    _prescan(text, path)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise LoadError([_yaml_problem(path, exc, text)]) from None
    if root is not None:
        _check_expansion(root, path)
    return root
