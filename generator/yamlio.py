"""Safe YAML reading shared by config and content: safe loader only, duplicate keys refused."""

from __future__ import annotations

import yaml

from generator.errors import SourceError

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Base):  # type: ignore[misc, valid-type]
    """libyaml's safe loader when present (fast); duplicate keys refused (last-wins hides typos)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node.start_mark.line)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                ) from None
            if first != key_node.start_mark.line:
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


def load_yaml(text: str, path: str, first_line: int = 1) -> object:
    """Parse `text`, whose first line is line `first_line` of `path`; errors carry the file line."""
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in problem:
            problem = "tags like '!!python/...' are not allowed (YAML is read safely)"
        raise SourceError(path, line, f"YAML error: {problem}") from None
    except yaml.YAMLError as exc:
        raise SourceError(path, None, f"YAML error: {exc}") from None
    except RecursionError:
        raise SourceError(path, None, "YAML error: nesting is too deep") from None
