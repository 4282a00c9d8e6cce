"""Checks that need the schema: the query compiles, its one result has `Timestamp`
(datetime), a unique event key and the entity columns the rule names; templates name result
columns; continuous rules read one table without joins or unions (as Defender's near real
time rules). Every problem is placed at its line in the rule file.

The event key is the rule's `key`, else DeviceId + ReportId when the query reads a device
table (ReportId is unique per device only), else ReportId.
"""
from __future__ import annotations

import datetime as _dt
import dataclasses
from typing import Optional

from hunt import types as T
from hunt.detect import problems as P
from hunt.detect.rule import Rule, placeholders

# ReportId is unique per device on these tables (Defender's docs: join on DeviceId + ReportId)
_NO_JOIN_OPS = ("Join", "Lookup", "Union_", "ExternalData", "Find", "Search", "Invoke",
                "Evaluate", "Facet")


@dataclasses.dataclass
class Checked:
    """A rule with what its query compiles to."""

    rule: Rule
    columns: dict                     # result column name -> Kusto type
    key: tuple                        # event key columns
    tables: tuple                     # catalog tables the query reads
    problems: list

    @property
    def ok(self) -> bool:
        return not self.problems


def referenced_tables(sql: str, catalog) -> tuple:
    from hunt.sqlgen.dialect import quote_ident
    lowered = sql.lower()
    return tuple(sorted(t.name for t in catalog.tables()
                        if quote_ident(t.name).lower() in lowered))


def event_key(rule: Rule, columns: dict, tables, catalog) -> tuple[Optional[tuple], str]:
    """(key columns or None, hint when missing)."""
    if rule.key:
        return tuple(rule.key), ""
    device = any((catalog.table(t) is not None and catalog.table(t).family == "device"
                  and any(c.name == "DeviceId" for c in catalog.table(t).columns))
                 for t in tables)
    if "ReportId" in columns:
        if device:
            if "DeviceId" in columns:
                return ("DeviceId", "ReportId"), ""
            return None, ("the query reads a device table, where ReportId is unique per "
                          "device only: keep DeviceId in the result, or declare `key:`")
        return ("ReportId",), ""
    return None, ("keep ReportId (and DeviceId on device tables) in the result, or declare "
                  "the columns that identify one event, e.g. key: [AccountUpn, Timestamp]")


def _walk_ops(node, found: set) -> None:
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        found.add(type(node).__name__)
        for f in dataclasses.fields(node):
            _walk_ops(getattr(node, f.name), found)
    elif isinstance(node, (list, tuple)):
        for x in node:
            _walk_ops(x, found)


def check_rule(rule: Rule, catalog, now: Optional[_dt.datetime] = None) -> Checked:
    from hunt.compiler import compile_query
    from hunt.errors import KqlError

    out = P.ProblemList(rule.path or rule.id, rule.text, rule.positions)
    out.items += rule.field_problems
    columns: dict = {}
    tables: tuple = ()
    key: tuple = ()
    if not rule.query.strip():
        return Checked(rule, columns, key, tables, out.items)
    try:
        compiled = compile_query(rule.query, catalog,
                                 now=now or _dt.datetime(2026, 1, 1))
    except KqlError as exc:
        line, col = (rule.query_line(exc.line, exc.column) if exc.line
                     else (None, None))
        if line is None:
            out.add(P.QUERY, f"query: {exc.message}", exc.help or "", at=("query",))
        else:
            out.add(P.QUERY, f"query: {exc.message}", exc.help or "", line=line, column=col)
        return Checked(rule, columns, key, tables, out.items)
    if len(compiled.statements) != 1:
        out.add(P.QUERY, f"the query returns {len(compiled.statements)} results; a rule's "
                "query returns one", "keep one tabular statement (use let for the others)",
                at=("query",))
    last = compiled.last
    columns = {c.name: c.type for c in last.columns}
    tables = referenced_tables(last.sql, catalog)

    if "Timestamp" not in columns:
        out.add(P.RESULT_COLUMN, "the query's result has no Timestamp column",
                "keep Timestamp in project/summarize (e.g. `summarize Timestamp = "
                "max(Timestamp) by ...`): alerts and run windows are placed by it",
                at=("query",))
    elif columns["Timestamp"] != T.DATETIME:
        out.add(P.RESULT_COLUMN, f"Timestamp is a {columns['Timestamp']}, not a datetime",
                "make it a datetime (todatetime())", at=("query",))
    found_key, hint = event_key(rule, columns, tables, catalog)
    if found_key is None:
        out.add(P.RESULT_COLUMN, "the query's result has no unique event key", hint,
                at=("query",))
    else:
        key = found_key
        for c in key:
            if c not in columns:
                out.add(P.RESULT_COLUMN, f"key column '{c}' is not in the query's result",
                        _did_you_mean(c, columns), at=("key",))
    for kind, mapping in rule.entities.items():
        for ev, c in mapping.items():
            if c not in columns:
                out.add(P.RESULT_COLUMN, f"entity column '{c}' ({kind}) is not in the query's "
                        "result", _did_you_mean(c, columns) or "project it, or name another "
                        "column", at=("entities", kind))
    for name, template in (("title", rule.alert_title), ("description",
                                                          rule.alert_description)):
        for ph in placeholders(template):
            if ph not in columns:
                where = ("alert", name) if rule.positions and ("alert", name) in \
                    rule.positions.values else (name,)
                out.add(P.TEMPLATE, f"placeholder {{{ph}}} in the alert {name} is not a result "
                        "column", _did_you_mean(ph, columns) or "use a column of the result",
                        at=where)
    if rule.continuous:
        from hunt.syntax import parse
        ops: set = set()
        _walk_ops(parse(rule.query), ops)
        bad = sorted(ops.intersection(_NO_JOIN_OPS))
        if len(tables) != 1 or bad:
            what = (", ".join(o.rstrip("_").lower() for o in bad) if bad
                    else f"{len(tables)} tables")
            out.add(P.BAD_VALUE, f"a continuous rule reads one table without joins or unions "
                    f"(this one: {what})", "schedule it (frequency: 1h) instead",
                    at=("frequency",))
    from hunt.detect.testing import check_tests
    out.items += check_tests(rule, catalog)
    return Checked(rule, columns, key, tables, out.items)


def _did_you_mean(name: str, columns) -> str:
    from hunt.semantic.catalog import suggest
    guess = suggest(name, list(columns))
    return f"did you mean '{guess}'?" if guess else ""


def validate(paths, catalog) -> tuple[list[Checked], list[P.Problem]]:
    """Every rule in the paths checked; (checked rules, all problems sorted by place)."""
    from hunt.detect.library import load_rules
    rules, problems = load_rules(paths)
    checked = [check_rule(r, catalog) for r in rules]
    for c in checked:
        problems += c.problems
    problems.sort(key=lambda p: (p.path, p.line or 0, p.column or 0))
    return checked, problems
