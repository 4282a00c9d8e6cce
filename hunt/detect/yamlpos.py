"""YAML with positions: the value of a rule file plus the line and column of every key and
value, so that a problem points at the place to fix (PyYAML's composer keeps the marks)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

Path_ = tuple  # ("alert", "title"), ("tests", 0, "rows")


@dataclass(frozen=True)
class Mark:
    line: int       # 1-based
    column: int     # 1-based


@dataclass
class Positions:
    """Where each path's key and value start; `block` holds the indentation of block
    scalars (`query: |`), whose text starts on the line after the indicator."""

    keys: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    block: dict = field(default_factory=dict)
    duplicates: list = field(default_factory=list)   # (path, Mark) of repeated keys

    def of(self, path: Path_, key: bool = False) -> Optional[Mark]:
        """The mark of a path (its key when asked, else its value), else the nearest parent."""
        path = tuple(path)
        while True:
            table = self.keys if key else self.values
            if path in table:
                return table[path]
            if path in self.keys:
                return self.keys[path]
            if not path:
                return None
            path = path[:-1]


class YamlProblem(Exception):
    def __init__(self, message: str, mark: Optional[Mark], hint: str = ""):
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.hint = hint


def load(text: str) -> tuple[Any, Positions]:
    """(value, positions) of one YAML document; YamlProblem on a syntax error."""
    import yaml
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, Positions()
        # positions first: constructing flattens `<<: *anchor` merges into the node in place,
        # which would make an overridden merged key look repeated
        pos = Positions()
        _walk(node, (), pos, text.splitlines())
        value = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark is not None else None
        message = exc.problem or exc.context or "not valid YAML"
        if exc.context and exc.problem and exc.context_mark is not None:
            message += f" ({exc.context} from line {exc.context_mark.line + 1})"
        raise YamlProblem(f"YAML syntax: {message}", where,
                          "check the indentation and quote values that contain ': ' or '#'"
                          ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML: {exc}", None, "check the file's syntax") from None
    finally:
        loader.dispose()
    return value, pos


def _mark(node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def _walk(node, path: tuple, pos: Positions, lines: list[str]) -> None:
    import yaml
    pos.values[path] = _mark(node)
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        # the text starts on the next non-empty line; its indentation is that line's
        first = node.start_mark.line + 1
        while first < len(lines) and not lines[first].strip():
            first += 1
        indent = len(lines[first]) - len(lines[first].lstrip(" ")) if first < len(lines) else 0
        pos.block[path] = (first + 1, indent)
    elif isinstance(node, yaml.MappingNode):
        seen = set()
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else str(k.value)
            if key == "<<":         # a merge: its keys are defaults, not repeats
                continue
            child = path + (key,)
            if key in seen:
                pos.duplicates.append((child, _mark(k)))
            seen.add(key)
            pos.keys[child] = _mark(k)
            _walk(v, child, pos, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), pos, lines)
