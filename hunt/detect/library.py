"""Where rules come from: the built-in library (queries/detections in a checkout,
hunt/_data/queries/detections in a wheel) and the user rules directories (default
<data>/queries/detections, beside the saved hunting queries in <data>/queries/hunting).
Rule files are `*.yaml` / `*.yml`; a later directory's rule replaces a built-in one with the
same id (a user's tuned copy), a repeated id in one place is a problem.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

from hunt.detect import problems as P
from hunt.detect.rule import Rule, read_rule

USER_RULES = ("queries", "detections")


def _queries_dir() -> Path:
    import hunt
    pkg = Path(hunt.__file__).resolve().parent
    for d in (pkg / "_data" / "queries", pkg.parent / "queries"):
        if d.is_dir():
            return d
    return pkg.parent / "queries"


def builtin_dir() -> Path:
    return _queries_dir() / "detections"


def hunting_dir() -> Path:
    return _queries_dir() / "hunting"


def user_dir(data: Path) -> Path:
    return Path(data).joinpath(*USER_RULES)


def rule_files(path: Path) -> list[Path]:
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(p for p in path.rglob("*") if p.suffix.lower() in (".yaml", ".yml")
                  and p.is_file() and not p.name.startswith("."))


def sources(data: Optional[Path], rules: Optional[Iterable] = None,
            builtin: bool = True) -> list[Path]:
    """The rule directories (or files) in use, built-ins first."""
    out = [builtin_dir()] if builtin else []
    if rules:
        out += [Path(r).expanduser() for r in rules]
    elif data is not None:
        out.append(user_dir(data))
    return out


def load_rules(paths: Iterable[Path]) -> tuple[list[Rule], list[P.Problem]]:
    """Every rule in the paths (files or directories) and every problem in their fields.
    Rules with problems are still returned when usable; validation decides."""
    rules: dict[str, Rule] = {}
    problems: list[P.Problem] = []
    for source in paths:
        seen_here: dict[str, Rule] = {}
        for f in rule_files(source):
            rule, found = read_rule(f)
            if rule is None:        # a usable rule carries its own problems
                problems += found
                continue
            if rule.id in seen_here:
                first = seen_here[rule.id]
                out = P.ProblemList(f, rule.text, rule.positions)
                out.add(P.DUPLICATE_ID, f"rule id '{rule.id}' is also used by {first.path}",
                        "give each rule its own id", at=("id",))
                problems += out.items
                continue
            seen_here[rule.id] = rule
            rules[rule.id] = rule
    return list(rules.values()), problems
