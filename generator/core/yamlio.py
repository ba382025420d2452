"""Safe YAML reading shared by config and content: safe loader only, duplicate keys refused, and
bounded: deep nesting, alias bombs and characters that pages and feeds cannot carry are errors."""

from __future__ import annotations

import re

import yaml

from generator.core.errors import SourceError

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 64  # nested lists and mappings; front matter needs three or four
MAX_NODES = 100_000  # values once aliases are expanded (a "billion laughs" needs billions)
# Characters XML 1.0 (feeds, sitemaps) cannot hold, and lone surrogates (not text at all).
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class _StrictLoader(_Base):  # type: ignore[misc, valid-type]
    """libyaml's safe loader when present (fast); duplicate keys refused (last-wins hides typos)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[object, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                ) from None
            if first is not key_node:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
        return super().construct_mapping(node, deep=deep)

    def construct_timestamp_or_text(self, node: yaml.ScalarNode) -> object:
        """A date-shaped value that is no real date (2026-13-45) stays text for the caller."""
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_StrictLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _StrictLoader.construct_timestamp_or_text
)


def char_problem(text: str) -> str | None:
    """What is wrong with a character of `text` that pages and feeds cannot carry, or None."""
    match = BAD_CHARS.search(text)
    if match is None:
        return None
    code = f"U+{ord(match.group()):04X}"
    if "\ud800" <= match.group() <= "\udfff":
        return f"holds {code}, half of a character (a lone surrogate), which is not text"
    return f"holds the invisible control character {code}, which feeds cannot carry: delete it"


def _may_be_deep(text: str) -> bool:
    """False when `text` cannot nest MAX_DEPTH deep: few flow brackets, and no line indented far
    (a block collection nests at least one column right of its parent, or two levels per two
    columns in compact `- a:` forms)."""
    if text.count("[") + text.count("{") >= 16:
        return True
    return any(len(line) - len(line.lstrip(" \t-?:")) >= 20 for line in text.split("\n"))


def _check_depth(text: str, path: str, first_line: int) -> None:
    """Refuse nesting deeper than MAX_DEPTH by reading parser events, before anything is built
    (libyaml's composer recurses in C: very deep nesting would crash the process)."""
    if not _may_be_deep(text):
        return
    loader = _StrictLoader(text)
    try:
        depth = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = first_line + event.start_mark.line
                    raise SourceError(
                        path, line, f"YAML error: nested more than {MAX_DEPTH} levels deep"
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def _check_nodes(root: yaml.Node, path: str, first_line: int) -> None:
    """Count the values the document expands to (an alias counts as a copy of what it names)
    and check the text of every scalar; both in time linear in the nodes as written."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = 1  # an alias to an enclosing node (a cycle) counts once
        if isinstance(node, yaml.ScalarNode):
            problem = char_problem(node.value)
            if problem:
                raise SourceError(path, first_line + node.start_mark.line, f"YAML error: {problem}")
            total = 1
        elif isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(child) for child in node.value)
        else:
            total = 1 + sum(size(k) + size(v) for k, v in node.value)
        sizes[id(node)] = total
        return total

    if size(root) > MAX_NODES:
        raise SourceError(
            path,
            None,
            f"YAML error: expands to more than {MAX_NODES:,} values (aliases repeating aliases?)",
        )


# What PyYAML was reading when it failed -> the message for the line where that began.
OPENED = {
    "while parsing a flow sequence": "a list opened with '[' is not closed: add ']'",
    "while parsing a flow mapping": "a mapping opened with '{' is not closed: add '}'",
}


def load_yaml(text: str, path: str, first_line: int = 1) -> object:
    """Parse `text`, whose first line is line `first_line` of `path`; errors carry the file line."""
    try:
        _check_depth(text, path, first_line)
        loader = _StrictLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            _check_nodes(node, path, first_line)
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        opened = OPENED.get(exc.context or "")
        if opened and exc.context_mark is not None:  # where the list or quote starts, not
            mark, problem = exc.context_mark, opened  # where the parser gave up on it
        line = first_line + mark.line if mark is not None else None
        if "tag:yaml.org,2002:merge" in problem:
            problem = "'<<' merge keys are not supported: write the keys out"
        elif "could not determine a constructor" in problem:
            problem = "tags like '!!python/...' are not allowed (YAML is read safely)"
        elif "nesting depth" in problem:  # PyYAML 6.0.4 stops deep flow collections itself
            problem = f"nested more than {MAX_DEPTH} levels deep"
        raise SourceError(path, line, f"YAML error: {problem}") from None
    except yaml.YAMLError as exc:
        raise SourceError(path, None, f"YAML error: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise SourceError(path, None, "YAML error: nesting is too deep") from None
    except ValueError as exc:  # a number too long to convert, and the like
        raise SourceError(path, None, f"YAML error: {' '.join(str(exc).split())}") from None
