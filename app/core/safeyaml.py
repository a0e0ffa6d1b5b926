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

A YAML syntax error is told in plain words with its place, followed by the
parser's own words: ``a colon followed by a space inside a value: put the
value in quotes (YAML: mapping values are not allowed in this context)``.
"""

from __future__ import annotations

import contextlib
import re
from typing import NamedTuple, Protocol

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


def _problem(path: str, mark: _Place | None, message: str) -> Problem:
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


class _Place(Protocol):
    """A place in the text, counted from 0: a PyYAML mark, or a ``_Spot``."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


class _Spot(NamedTuple):
    line: int
    column: int


def _scan(text: str, path: str, loader_class: type, stop: _Place | None = None) -> None:
    """Walk the token stream: refuse deep nesting and tags, in the order they come.

    ``stop``: give up (quietly) once a token starts past this place.
    """
    loader = loader_class(text)
    depth = 0
    try:
        while True:
            token = loader.get_token()
            if token is None:
                return
            mark = token.start_mark
            if stop is not None and (mark.line, mark.column) > (stop.line, stop.column):
                return
            if isinstance(token, _OPENERS):
                depth += 1
                if depth > MAX_DEPTH:
                    raise LoadError([_problem(path, mark, "nesting deeper than 64 levels")])
            elif isinstance(token, _CLOSERS):
                depth -= 1
            elif isinstance(token, yaml.TagToken):
                handle, suffix = token.value
                tag = f"{handle or ''}{suffix}"
                raise LoadError(
                    [
                        _problem(
                            path, mark, f"tag '{tag}' is not allowed (Footwork files use no tags)"
                        )
                    ]
                )
    finally:
        loader.dispose()


def _prescan(text: str, path: str) -> None:
    """Refuse deep nesting and tags before anything expensive runs.

    libyaml has limits of its own that it may meet first: 0.2.6 (in PyYAML
    6.0.4) stops at 1000 levels of nesting, and since it looks up to 1024
    characters ahead for a possible key, in ``[[[[...`` it stops before
    handing out the 65th opener. So when the C scanner fails, the text is
    scanned again with the pure-Python one (same look-ahead, no depth limit)
    up to where the C scanner stopped, so that these checks speak first,
    with the same words and place under every PyYAML. Files that scan
    cleanly, the usual case, never pay for the second scan.
    """
    try:
        _scan(text, path, _Loader)
    except yaml.YAMLError as exc:
        if _Loader is not yaml.SafeLoader:
            stop = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            # A LoadError goes out; a YAML error leaves the C scanner's report to be given.
            with contextlib.suppress(yaml.YAMLError):
                _scan(text, path, yaml.SafeLoader, stop)
        raise LoadError([_yaml_problem(path, exc, text)]) from None


# -- YAML syntax errors in plain words ------------------------------------------------

# One sentence per common mistake; the parser's own words follow it in brackets.
TAB = "a tab here: YAML files are indented with spaces, never tabs; use spaces instead"
COLON_IN_VALUE = "a colon followed by a space inside a value: put the value in quotes"
INDENTED_MORE = (
    "this key is indented more than the key above it, so YAML reads it as part of "
    "that value: line the two keys up with the same number of spaces"
)
NOT_LINED_UP = (
    "this line is not lined up with the lines it belongs with: indent it by the same "
    "number of spaces as the keys (or '- ' items) beside it"
)
NO_COLON = "a key needs a colon and a space after it: write 'key: value'"
DASH_NO_SPACE = "a '-' that starts a list item needs a space after it: '- exercise: ...'"
UNCLOSED_QUOTE = "the quote that opens here is not closed where its text ends: add the same quote"
AFTER_QUOTE = (
    "text goes on after the closing quote: put the whole value in quotes "
    "(inside single quotes, write an apostrophe as two: '')"
)
AFTER_BRACKET = (
    "text goes on after a closing bracket: a value that starts with '[' or '{' is a list "
    "or a mapping, so put text like this in quotes"
)
UNCLOSED_LIST = (
    "the list that opens with '[' here does not end as expected: separate its items "
    "with commas and close it with ']'"
)
UNCLOSED_MAPPING = (
    "the mapping that opens with '{' here does not end as expected: separate its "
    "items with commas and close it with '}'"
)
MISSING_VALUE = (
    "a value is missing here, or a ']' or '}' closes nothing: check the brackets, "
    "or put the text in quotes"
)
BAD_START = "text cannot start with {char} in YAML: put the value in quotes"
ALIAS = "text that starts with '*' or '&' is a YAML alias or anchor: put the value in quotes"
QUESTION = "a '? ' inside a value starts a YAML key: put the value in quotes"
BLOCK_TEXT = (
    "a value that starts with '|' or '>' begins a block of text on the lines below: "
    "put a one-line value in quotes"
)
BACKSLASH = (
    "a backslash inside double quotes starts an escape sequence: use single quotes, "
    "or write each backslash twice"
)
SECOND_DOCUMENT = "a '---' line starts a second document: a Footwork file holds one, remove it"
UNKNOWN = "this is not valid YAML: look at this line and the one before it"

_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_KEY_ONLY = re.compile(r"\s*(?:-\s+)*[\w.-]+\s*")
_DASH_GLUED = re.compile(r"\s*-[^\s\-.\d]")
_QUOTED_CHAR = re.compile(r"'(.)'")


def _lines(text: str) -> list[str]:
    return _LINE_BREAK.split(text)


def _line_at(lines: list[str], place: _Place | None) -> str:
    if place is None or not 0 <= place.line < len(lines):
        return ""
    return lines[place.line]


def _char_at(lines: list[str], place: _Place | None) -> str:
    line = _line_at(lines, place)
    return line[place.column] if place is not None and 0 <= place.column < len(line) else ""


def _before_on_line(lines: list[str], place: _Place | None) -> str:
    """The text of the place's line before it."""
    line = _line_at(lines, place)
    return line[: place.column] if place is not None else ""


def _quote_opened_above(lines: list[str], at: _Place, quote: str) -> _Spot | None:
    """Where a quote that closes on this line opened, when that was on a line above.

    A quote left open runs on until the next quote of its kind, often lines
    later, and the parser only stumbles on the text after that one: point
    at the quote that was left open instead.
    """
    if _before_on_line(lines, at).count(quote) % 2 == 0:
        return None  # opened and closed on this line
    for number in range(at.line - 1, -1, -1):
        line = lines[number]
        if line.count(quote) % 2:
            return _Spot(number, line.rindex(quote))
    return None


def _dash_above(lines: list[str], at: _Place | None) -> tuple[_Spot, str] | None:
    """``-exercise: x`` on the line above: a list item whose dash has no space after it.

    YAML reads it as a key named "-exercise", and stumbles only on the next line.
    """
    if at is None or at.line == 0:
        return None
    line = _line_at(lines, _Spot(at.line - 1, 0))
    if not _DASH_GLUED.match(line):
        return None
    return _Spot(at.line - 1, line.index("-")), DASH_NO_SPACE


def _explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[_Place | None, str]:
    """The mistake behind a parser error, in one sentence, and the place to point at."""
    problem = exc.problem or ""
    context = exc.context or ""
    at = exc.problem_mark or exc.context_mark
    opened = exc.context_mark or exc.problem_mark
    lines = _lines(text)
    char = _char_at(lines, at)
    if "tab" in problem or (char == "\t" and "cannot start any token" in problem):
        return at, TAB
    if "mapping values are not allowed" in problem:
        if not _KEY_ONLY.fullmatch(_before_on_line(lines, at)):
            return at, COLON_IN_VALUE
        return _dash_above(lines, at) or (at, INDENTED_MORE)
    if "mapping keys are not allowed" in problem:
        return at, QUESTION
    if "could not find expected ':'" in problem:
        return opened, NO_COLON
    if "quoted scalar" in context and ("escape" in problem or "hex" in problem):
        return at, BACKSLASH
    if "quoted scalar" in context:
        return opened, UNCLOSED_QUOTE
    if "block scalar" in context:
        return opened, BLOCK_TEXT
    if "alias" in context or "anchor" in context or "alias" in problem:
        return opened, ALIAS
    if "cannot start any token" in problem:
        found = _QUOTED_CHAR.search(problem)
        shown = found.group(1) if found else char
        return at, BAD_START.format(char=f"'{shown}'" if shown else "this character")
    if "expected ',' or ']'" in problem:
        return opened, UNCLOSED_LIST
    if "expected ',' or '}'" in problem:
        return opened, UNCLOSED_MAPPING
    if "node content" in problem:
        return at, MISSING_VALUE
    if "another document" in problem:
        return at, SECOND_DOCUMENT
    if (
        "expected key" in problem
        or "'-' indicator" in problem
        or "<block end>" in problem
        or "document start" in problem
    ):
        before = _before_on_line(lines, at).rstrip()
        if at is not None and before.endswith(("'", '"')):
            opened_above = _quote_opened_above(lines, at, before[-1])
            if opened_above is not None:
                return opened_above, UNCLOSED_QUOTE
            return at, AFTER_QUOTE
        if before.endswith(("]", "}")):
            return at, AFTER_BRACKET
        return _dash_above(lines, at) or (at, NOT_LINED_UP)
    return at, UNKNOWN


def _yaml_problem(path: str, exc: yaml.YAMLError, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        # A character YAML does not allow (a control character, say): name its place.
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return Problem(path, line, column, f"character U+{char:04X} is not allowed in YAML text")
    if isinstance(exc, yaml.MarkedYAMLError):
        words = exc.problem or exc.context or "invalid YAML"
        if exc.problem and exc.context and exc.problem.startswith("but "):
            words = f"{exc.context}, {exc.problem}"  # "expected a single document..., but..."
        place, sentence = _explain(exc, text)
        return _problem(path, place, f"{sentence} (YAML: {words})")
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
