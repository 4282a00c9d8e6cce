"""Name scopes (let bindings, row columns) and KQL's column-naming rules."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

from hunt.semantic.bound import ORD, Col
from hunt.syntax import ast as A


# ---------------------------------------------------------------------------------------------
# let bindings


@dataclass
class ScalarLet:
    expr: Any          # BExpr, bound once where the let appears


@dataclass
class TabularLet:
    node: Any          # AST of the tabular expression
    scope: "Scope"
    rel: Any = None    # bound relation, cached after first use
    view: bool = False


@dataclass
class FunctionLet:
    fn: A.Lambda
    scope: "Scope"     # the closure: names visible where the function was defined


@dataclass
class RelLet:
    """A name bound to an already-bound relation (tabular parameters, `as`)."""

    rel: Any


class Scope:
    """A chain of let scopes. Lookup walks outwards; the innermost binding wins."""

    def __init__(self, parent: Optional["Scope"] = None):
        self.parent = parent
        self.names: dict[str, Any] = {}

    def bind(self, name: str, value: Any) -> None:
        self.names[name] = value

    def lookup(self, name: str):
        s = self
        while s is not None:
            if name in s.names:
                return s.names[name]
            s = s.parent
        return None

    def all_names(self) -> list[str]:
        out, s = [], self
        while s is not None:
            out.extend(s.names)
            s = s.parent
        return out

    def child(self) -> "Scope":
        return Scope(self)


# ---------------------------------------------------------------------------------------------
# Column naming


def unique_name(name: str, taken) -> str:
    """KQL's clash rule: append the smallest integer suffix 1, 2, ... that gives a free name."""
    if name not in taken:
        return name
    i = 1
    while f"{name}{i}" in taken:
        i += 1
    return f"{name}{i}"


_SAFE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class AliasMaker:
    """SQL aliases unique case-insensitively within one relation (DuckDB resolves names
    case-insensitively even when quoted; KQL may have `Name` and `name` side by side)."""

    def __init__(self):
        self.used: set[str] = {ORD.lower()}

    def make(self, name: str) -> str:
        base = name if (_SAFE.match(name) and not name.startswith("__")) else "c_" + re.sub(r"\W", "_", name)
        base = base[:60]
        alias = base
        i = 2
        while alias.lower() in self.used:
            alias = f"{base}__{i}"
            i += 1
        self.used.add(alias.lower())
        return alias


def make_schema(cols: list[tuple[str, str]]) -> tuple[Col, ...]:
    """Columns (name, type) with fresh SQL aliases."""
    am = AliasMaker()
    return tuple(Col(n, t, am.make(n)) for n, t in cols)


def sentinel_alias(name: str, names) -> Optional[str]:
    """Sentinel-style queries say TimeGenerated (or TimeGenerated1 after a join) where
    advanced hunting has Timestamp: the Timestamp column that stands for it, if any."""
    if name.startswith("TimeGenerated"):
        alt = "Timestamp" + name[len("TimeGenerated"):]
        if alt in names:
            return alt
    return None


def wildcard_match(pattern: str, name: str) -> bool:
    """KQL column wildcards: `*` matches any run of characters; matching is case-sensitive."""
    if "*" not in pattern:
        return pattern == name
    rx = "^" + ".*".join(re.escape(p) for p in pattern.split("*")) + "$"
    return re.match(rx, name, re.S) is not None


def expr_name(node, infer_call=None) -> Optional[str]:
    """The column name KQL infers for an unnamed expression (semantics §3.30), or None for
    the default name. `infer_call(call_node)` decides for function calls."""
    if isinstance(node, A.Name):
        return node.name
    if isinstance(node, A.Member):
        base = expr_name(node.target, infer_call)
        if base is None or base.startswith("$"):
            return node.name if base is not None else None
        return f"{base}_{node.name}"
    if isinstance(node, A.Index):
        base = expr_name(node.target, infer_call)
        idx = node.index
        if base is None:
            return None
        if isinstance(idx, A.Literal) and isinstance(idx.value, (str, int)) and not isinstance(idx.value, bool):
            return f"{base}_{idx.value}"
        if isinstance(idx, A.Unary) and idx.op == "-" and isinstance(idx.operand, A.Literal):
            return f"{base}__{idx.operand.value}"
        return None
    if isinstance(node, A.Call) and infer_call is not None:
        return infer_call(node)
    return None
