"""Curator YAML -> plain data plus the line of every key, so errors can point at the line.

Only plain YAML is accepted: strings, numbers, booleans, null, dates, lists and mappings.
Python tags, anchors/aliases (and so "billion laughs"), duplicate keys and non-string keys
are errors, each with its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from .errors import AnnotationError, Problem

MAX_BYTES = 1_000_000
PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlDoc:
    """A loaded YAML file: its name (for messages), its data and the line of each path."""

    name: str
    data: object
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int | None:
        """The line of the deepest known key along `path` (1-based)."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None


class _PlainLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases where they are used (no "billion laughs")."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            message = "YAML anchors and aliases are not allowed; write the value out"
            raise _AliasError(None, None, message, mark)
        return super().compose_node(parent, index)


class _AliasError(yaml.MarkedYAMLError):
    pass


# libyaml's parser (C, about 10x faster) reads valid files; anything it cannot read, and any file
# with an alias (a node met twice), is read again by `_PlainLoader`, which words the problem.
# libyaml's composer recurses in C and crashes the interpreter on deep enough nesting (100,000
# "[" do it), so only files with few characters that can open a collection take that way.
FastLoader = getattr(yaml, "CSafeLoader", _PlainLoader)
NESTING = "[{-?"
FAST_NESTING = 10_000


class _Shared(Exception):
    """A node met twice: the file uses an alias."""


def load_yaml(name: str, text: str) -> YamlDoc:
    """Parse `text`; raises `AnnotationError` listing every structural problem found."""
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise AnnotationError([Problem(name, 1, f"the file is {size:,} bytes; "
                                       f"annotation files are limited to {MAX_BYTES:,}")])
    try:
        return _load(name, text)
    except RecursionError:
        raise AnnotationError([Problem(name, 1, "the YAML nests too deeply; annotation files "
                                       "need only a few levels")]) from None


def _load(name: str, text: str) -> YamlDoc:
    if sum(map(text.count, NESTING)) < FAST_NESTING:
        try:
            return _build(name, yaml.compose(text, Loader=FastLoader))
        except (yaml.YAMLError, _Shared):
            pass  # read it again the slow way, for the same messages and line numbers as always
    try:
        node = yaml.compose(text, Loader=_PlainLoader)
    except yaml.MarkedYAMLError as error:
        raise AnnotationError([_syntax_problem(name, error)]) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, before any parsing
        line = text.count("\n", 0, error.position) + 1
        raise AnnotationError([Problem(name, line, f"the character U+{error.character:04X} is not allowed in "
                                       "YAML (a control character or a non-character); remove it")]) from None
    return _build(name, node)


def _build(name: str, node: yaml.Node | None) -> YamlDoc:
    if node is None:  # an empty file (or comments only): its problem is on the first line
        return YamlDoc(name, None, {(): 1})
    builder = _Builder(name)
    data = builder.build(node, ())
    if builder.problems:
        raise AnnotationError(builder.problems)
    return YamlDoc(name, data, builder.lines)


def _syntax_problem(name: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    problem = error.problem or "invalid YAML"
    if isinstance(error, _AliasError):
        return Problem(name, line, problem)
    if "'\\t'" in problem:
        problem = "a tab character; YAML indentation must use spaces"
    elif error.context:
        opened = error.context_mark
        at = f" at line {opened.line + 1}" if opened and opened.line + 1 != line else ""
        problem = f"{problem} ({error.context}{at})"
    return Problem(name, line, f"YAML syntax: {problem}")


class _Builder:
    """Walks the composed node tree once, recording lines and problems."""

    def __init__(self, name: str):
        self.name = name
        self.lines: dict[Path, int] = {}
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: Path) -> object:
        if id(node) in self.seen:
            raise _Shared()
        self.seen.add(id(node))
        line = node.start_mark.line + 1
        self.lines.setdefault(path, line)
        if node.tag not in PLAIN_TAGS:
            return self._fail(line, f"the tag {node.tag!r} is not allowed; use plain YAML values")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.constructor.construct_object(node)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            key = self.build(key_node, path + ("<key>",))
            if not isinstance(key, str):
                self._fail(line, f"keys must be text, got {key!r}")
                continue
            if key in result:
                self._fail(line, f"{key}: duplicate key (first at line {self.lines[path + (key,)]})")
                continue
            self.lines[path + (key,)] = line
            result[key] = self.build(value_node, path + (key,))
        return result

    def _fail(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.name, line, message))
        return None
