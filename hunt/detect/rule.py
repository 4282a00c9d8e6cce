"""The custom-detection rule model and the reading of one rule file into it.

A rule file is one YAML mapping (fields as in Defender's custom detection rules, done as
code); `read_rule(path)` returns the Rule, or None, and every problem found in the fields,
each placed at its line. Checks that need the schema (the query, its result columns) live in
hunt.detect.validate.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from hunt.detect import problems as P
from hunt.detect.entities import ENTITY_KINDS, IMPACTED_KINDS, SUBJECT_KINDS, evidence_column
from hunt.detect.yamlpos import Positions, YamlProblem, load

CONTINUOUS = "continuous"
FIRST_RUN = _dt.timedelta(days=30)     # Defender: a new rule's first run covers 30 days
DEFAULT_MAX_ALERTS = 100               # Defender: at most 100 alerts per run
SEVERITIES = {"informational": "Informational", "low": "Low", "medium": "Medium",
              "high": "High"}
# Defender's alert categories (AlertInfo.Category)
CATEGORIES = ("Collection", "CommandAndControl", "CredentialAccess", "DefenseEvasion",
              "Discovery", "Execution", "Exfiltration", "Exploit", "Impact", "InitialAccess",
              "LateralMovement", "Malware", "Persistence", "PrivilegeEscalation", "Ransomware",
              "SuspiciousActivity", "UnwantedSoftware")
GROUP_BY = ("event", "entity")
FIELDS = ("id", "title", "description", "query", "frequency", "lookback", "severity",
          "category", "mitre", "entities", "key", "alert", "recommended_actions", "actions",
          "enabled", "max_alerts_per_run", "group_by", "tests")
REQUIRED = ("id", "title", "query", "frequency", "severity", "category", "entities")
ALERT_FIELDS = ("title", "description")
ACTION_KINDS = ("webhook", "jsonl", "command")
ACTION_FIELDS = {"webhook": ("webhook", "headers", "timeout"), "jsonl": ("jsonl",),
                 "command": ("command", "timeout")}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_TECHNIQUE = re.compile(r"^T\d{4}(\.\d{3})?$")
_SPAN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(d|h|m|s|ms|min|sec|day|days|hr|hrs|hour|hours|"
                   r"minute|minutes|second|seconds)\s*$", re.IGNORECASE)
_UNITS = {"d": 86400, "day": 86400, "days": 86400, "h": 3600, "hr": 3600, "hrs": 3600,
          "hour": 3600, "hours": 3600, "m": 60, "min": 60, "minute": 60, "minutes": 60,
          "s": 1, "sec": 1, "second": 1, "seconds": 1, "ms": 0.001}
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Action:
    kind: str                     # webhook | jsonl | command
    target: Any                   # URL, file path, or argv list
    headers: tuple = ()
    timeout: float = 10.0


@dataclass
class Rule:
    id: str
    title: str
    query: str
    severity: str                           # Informational | Low | Medium | High
    category: str
    frequency: Optional[_dt.timedelta]      # None: continuous (near real time)
    lookback: Optional[_dt.timedelta]
    entities: dict                          # kind -> {evidence column: result column}
    description: str = ""
    mitre: tuple = ()
    key: Optional[tuple] = None             # declared event key (result columns)
    alert_title: str = ""
    alert_description: str = ""
    recommended_actions: str = ""
    actions: tuple = ()
    enabled: bool = True
    max_alerts_per_run: int = DEFAULT_MAX_ALERTS
    group_by: str = "event"
    tests: list = field(default_factory=list)
    path: Optional[Path] = None
    text: str = ""
    positions: Optional[Positions] = None
    frequency_text: str = ""
    field_problems: list = field(default_factory=list)

    @property
    def continuous(self) -> bool:
        return self.frequency is None

    @property
    def entity_columns(self) -> list[str]:
        return list(dict.fromkeys(c for m in self.entities.values() for c in m.values()))

    @property
    def impacted_columns(self) -> list[str]:
        return list(dict.fromkeys(c for k, m in self.entities.items() if k in IMPACTED_KINDS
                                  for c in m.values()))

    def query_line(self, line: int, column: int) -> tuple[Optional[int], Optional[int]]:
        """File line and column of a (line, column) inside the query text."""
        if self.positions is None:
            return None, None
        block = self.positions.block.get(("query",))
        if block is not None:
            first, indent = block
            return first + line - 1, column + indent
        mark = self.positions.of(("query",))
        if mark is None:
            return None, None
        return mark.line + line - 1, (mark.column + column if line == 1 else column)


# -- time spans ---------------------------------------------------------------------------------

def parse_span(value) -> Optional[_dt.timedelta]:
    """A timespan from '30m', '1h', '2d', '90s', '1.5h' (KQL's units); None if not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, _dt.timedelta):
        return value
    m = _SPAN.match(str(value))
    if not m:
        return None
    return _dt.timedelta(seconds=float(m.group(1)) * _UNITS[m.group(2).lower()])


def span_text(span: Optional[_dt.timedelta]) -> str:
    if span is None:
        return CONTINUOUS
    s = int(span.total_seconds())
    for unit, n in (("d", 86400), ("h", 3600), ("m", 60)):
        if s and s % n == 0:
            return f"{s // n}{unit}"
    return f"{span.total_seconds():g}s"


def default_lookback(frequency: _dt.timedelta) -> _dt.timedelta:
    """Defender's defaults: 1h → 4h, 3h → 12h, 12h → 48h, 24h → 30d; other frequencies four
    times their length (the same ratio), daily and longer 30 days."""
    if frequency >= _dt.timedelta(hours=24):
        return FIRST_RUN
    return frequency * 4


# -- reading ------------------------------------------------------------------------------------

def read_rule(path: Path, text: Optional[str] = None) -> tuple[Optional[Rule], list]:
    """(rule or None, problems) of one rule file. A rule is returned when its fields are
    usable, even with problems; None when it cannot be run at all."""
    path = Path(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            out = P.ProblemList(path)
            out.add(P.YAML_SYNTAX, "the rule file is not UTF-8 text", "save it as UTF-8")
            return None, out.items
        except OSError as exc:
            out = P.ProblemList(path)
            out.add(P.YAML_SYNTAX, f"cannot read the rule file: {exc.strerror or exc}",
                    "check the path and its permissions")
            return None, out.items
    try:
        data, pos = load(text)
    except YamlProblem as exc:
        out = P.ProblemList(path, text)
        out.add(P.YAML_SYNTAX, exc.message, exc.hint,
                line=exc.mark.line if exc.mark else None,
                column=exc.mark.column if exc.mark else None)
        return None, out.items
    out = P.ProblemList(path, text, pos)
    if not isinstance(data, dict):
        out.add(P.BAD_VALUE, "a rule file holds one YAML mapping of fields",
                "start with `id: my-rule` and `title: ...`", line=1, column=1)
        return None, out.items
    rule = _build(data, out, path, text, pos)
    if rule is not None:
        rule.field_problems = list(out.items)
    return rule, out.items


def _suggest(name: str, pool) -> str:
    from hunt.semantic.catalog import suggest
    guess = suggest(str(name), list(pool))
    return f"did you mean '{guess}'?" if guess else ""


def _text(data: dict, name: str, out, *, required: bool = False) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        out.add(P.BAD_VALUE, f"'{name}' must be non-empty text", "quote it if YAML reads it "
                "as another type", at=(name,))
        return str(value) if value is not None else ""
    return value


def _build(data: dict, out, path: Path, text: str, pos: Positions) -> Rule:
    for dup, mark in pos.duplicates:
        out.add(P.UNKNOWN_FIELD, f"field '{'.'.join(map(str, dup))}' is given twice",
                "keep one of them (YAML keeps the last silently)", line=mark.line,
                column=mark.column)
    for name in data:
        if name not in FIELDS:
            hint = _suggest(name, FIELDS) or "fields: " + ", ".join(FIELDS)
            out.add(P.UNKNOWN_FIELD, f"unknown field '{name}'", hint, at=(name,), key=True)
    for name in REQUIRED:
        if data.get(name) is None:
            out.add(P.MISSING_FIELD, f"missing field '{name}'", _MISSING_HINT[name], line=1,
                    column=1)

    rid = data.get("id")
    if rid is not None and (not isinstance(rid, str) or not _ID.match(rid)):
        out.add(P.BAD_VALUE, f"invalid id {rid!r}", "letters, digits, '.', '_' and '-', "
                "starting with a letter or digit (e.g. suspicious-encoded-powershell)",
                at=("id",))
    title = _text(data, "title", out, required=True)
    query = _text(data, "query", out, required=True)
    description = _text(data, "description", out)

    severity = data.get("severity")
    sev = None
    if severity is not None:
        sev = SEVERITIES.get(str(severity).strip().lower())
        if sev is None:
            out.add(P.BAD_VALUE, f"invalid severity {severity!r}",
                    "one of: informational, low, medium, high", at=("severity",))
    category = data.get("category")
    cat = None
    if category is not None:
        folded = {c.lower(): c for c in CATEGORIES}
        cat = folded.get(str(category).replace(" ", "").lower())
        if cat is None:
            out.add(P.BAD_VALUE, f"unknown category {category!r}",
                    _suggest(category, CATEGORIES) or "one of: " + ", ".join(CATEGORIES),
                    at=("category",))

    frequency, freq_text = _frequency(data, out)
    lookback = _lookback(data, out, frequency)
    mitre = _mitre(data, out)
    entities = _entities(data, out)
    key = _columns(data, "key", out)
    alert_title, alert_desc = _alert(data, out)
    recommended = data.get("recommended_actions") or ""
    if isinstance(recommended, list) and all(isinstance(x, str) for x in recommended):
        recommended = "\n".join(f"- {x}" for x in recommended)
    elif not isinstance(recommended, str):
        out.add(P.BAD_VALUE, "'recommended_actions' must be text or a list of texts", "",
                at=("recommended_actions",))
        recommended = ""
    actions = _actions(data, out)
    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        out.add(P.BAD_VALUE, f"'enabled' must be true or false, not {enabled!r}", "",
                at=("enabled",))
        enabled = True
    max_alerts = data.get("max_alerts_per_run", DEFAULT_MAX_ALERTS)
    if isinstance(max_alerts, bool) or not isinstance(max_alerts, int) or max_alerts < 1:
        out.add(P.BAD_VALUE, f"'max_alerts_per_run' must be a whole number ≥ 1, not "
                f"{max_alerts!r}", f"Defender's limit is {DEFAULT_MAX_ALERTS}",
                at=("max_alerts_per_run",))
        max_alerts = DEFAULT_MAX_ALERTS
    group_by = data.get("group_by", "event")
    if group_by not in GROUP_BY:
        out.add(P.BAD_VALUE, f"invalid group_by {group_by!r}", "event (one alert per "
                "matching event) or entity (one alert per impacted entity per run)",
                at=("group_by",))
        group_by = "event"
    tests = data.get("tests") or []
    if not isinstance(tests, list):
        out.add(P.BAD_VALUE, "'tests' must be a list of test cases", "- name: ...\n  expect: "
                "fire\n  rows: {Table: [{Column: value}]}", at=("tests",))
        tests = []

    # A rule with problems is still built (placeholders for the broken fields) so that the
    # query and the rest are checked too: every problem of a file is reported at once.
    if not (isinstance(rid, str) and _ID.match(rid)):
        rid = path.stem
    return Rule(id=rid, title=title or rid, query=query, severity=sev or "Medium",
                category=cat or "SuspiciousActivity", frequency=frequency, lookback=lookback,
                entities=entities or {}, description=description, mitre=mitre, key=key,
                alert_title=alert_title or title or rid, alert_description=alert_desc or description,
                recommended_actions=recommended, actions=tuple(actions), enabled=enabled,
                max_alerts_per_run=max_alerts, group_by=group_by, tests=tests, path=path,
                text=text, positions=pos, frequency_text=freq_text)


_MISSING_HINT = {
    "id": "a stable name, e.g. `id: encoded-powershell` (alerts are deduplicated per id)",
    "title": "e.g. `title: Encoded PowerShell command`",
    "query": "the KQL, e.g.\nquery: |\n  DeviceProcessEvents\n  | where ...",
    "frequency": "continuous, 1h, 3h, 12h, 24h or any timespan such as 30m",
    "severity": "informational, low, medium or high",
    "category": "e.g. Execution, CredentialAccess, InitialAccess",
    "entities": "the impacted entities, e.g.\nentities:\n  device: DeviceId\n  user: AccountUpn",
}


def _frequency(data, out) -> tuple[Optional[_dt.timedelta], str]:
    value = data.get("frequency")
    if value is None:
        return _dt.timedelta(hours=24), "24h"
    if isinstance(value, str) and value.strip().lower() in (CONTINUOUS, "nrt"):
        return None, CONTINUOUS
    span = parse_span(value)
    if span is None or span <= _dt.timedelta(0):
        out.add(P.BAD_VALUE, f"invalid frequency {value!r}", "continuous, 1h, 3h, 12h, 24h, "
                "or a timespan such as 30m or 2d", at=("frequency",))
        return _dt.timedelta(hours=24), "24h"
    if span < _dt.timedelta(minutes=1):
        out.add(P.BAD_VALUE, f"frequency {value!r} is below one minute",
                "use `continuous` to process events as they arrive", at=("frequency",))
    return span, span_text(span)


def _lookback(data, out, frequency) -> Optional[_dt.timedelta]:
    value = data.get("lookback")
    if frequency is None:
        if value is not None:
            out.add(P.BAD_VALUE, "a continuous rule has no lookback",
                    "continuous rules process the events that arrived since their last run; "
                    "remove `lookback`", at=("lookback",), key=True)
        return None
    if value is None:
        return default_lookback(frequency)
    span = parse_span(value)
    if span is None or span <= _dt.timedelta(0):
        out.add(P.BAD_VALUE, f"invalid lookback {value!r}", "a timespan such as 4h, 12h, 2d or "
                "30d", at=("lookback",))
        return default_lookback(frequency)
    return span


def _mitre(data, out) -> tuple:
    value = data.get("mitre")
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        out.add(P.BAD_VALUE, "'mitre' must be a list of technique ids", "e.g. [T1059.001]",
                at=("mitre",))
        return ()
    good = []
    for i, t in enumerate(items):
        if not isinstance(t, str) or not _TECHNIQUE.match(t.strip()):
            out.add(P.BAD_VALUE, f"invalid MITRE technique {t!r}",
                    "an ATT&CK technique id such as T1059 or T1059.001",
                    at=("mitre", i) if not isinstance(value, str) else ("mitre",))
        else:
            good.append(t.strip())
    return tuple(good)


def _columns(data, name, out) -> Optional[tuple]:
    value = data.get(name)
    if value is None:
        return None
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(x, str) and x
                                                            for x in items):
        out.add(P.BAD_VALUE, f"'{name}' must be a column name or a list of them",
                "e.g. key: [DeviceId, ReportId]", at=(name,))
        return None
    return tuple(items)


def _entities(data, out) -> Optional[dict]:
    value = data.get("entities")
    if value is None:
        return None
    if not isinstance(value, dict) or not value:
        out.add(P.BAD_VALUE, "'entities' must map entity kinds to result columns",
                "e.g.\nentities:\n  device: DeviceId\n  user: AccountUpn", at=("entities",))
        return None
    result: dict = {}
    for kind, spec in value.items():
        at = ("entities", kind)
        if kind not in ENTITY_KINDS:
            out.add(P.BAD_VALUE, f"unknown entity kind '{kind}'", _suggest(kind, ENTITY_KINDS)
                    or "kinds: " + ", ".join(ENTITY_KINDS), at=at, key=True)
            continue
        allowed = ENTITY_KINDS[kind].columns
        mapping: dict = {}
        if isinstance(spec, str):
            spec = [spec]
        if isinstance(spec, list) and all(isinstance(c, str) and c for c in spec):
            for c in spec:
                ev = evidence_column(kind, c)
                if ev in mapping:
                    out.add(P.BAD_VALUE, f"columns '{mapping[ev]}' and '{c}' both fill "
                            f"evidence column {ev}", f"map them explicitly: {{{ev}: {c}}}",
                            at=at)
                mapping[ev] = c
        elif isinstance(spec, dict) and spec:
            for ev, c in spec.items():
                if ev not in allowed:
                    out.add(P.BAD_VALUE, f"'{ev}' is not an evidence column of a {kind}",
                            _suggest(ev, allowed) or "one of: " + ", ".join(allowed),
                            at=at + (ev,), key=True)
                elif not isinstance(c, str) or not c:
                    out.add(P.BAD_VALUE, f"the {kind} entity's {ev} must name a result column",
                            "", at=at + (ev,))
                else:
                    mapping[ev] = c
        else:
            out.add(P.BAD_VALUE, f"entity '{kind}' must name a result column, a list of them, "
                    "or map evidence columns to result columns",
                    f"e.g. {kind}: {ENTITY_KINDS[kind].example}", at=at)
            continue
        if mapping:
            result[kind] = mapping
    if result and not any(k in SUBJECT_KINDS for k in result):
        out.add(P.BAD_VALUE, "no impacted entity", "name at least one of: "
                + ", ".join(IMPACTED_KINDS) + " (the device, user or mailbox the alert is "
                "about), or app for a rule about an application", at=("entities",), key=True)
    return result


def _alert(data, out) -> tuple[str, str]:
    value = data.get("alert")
    if value is None:
        return "", ""
    if not isinstance(value, dict):
        out.add(P.BAD_VALUE, "'alert' must be a mapping with title and description templates",
                "alert:\n  title: Encoded PowerShell on {DeviceName}", at=("alert",))
        return "", ""
    for k in value:
        if k not in ALERT_FIELDS:
            out.add(P.UNKNOWN_FIELD, f"unknown field 'alert.{k}'",
                    _suggest(k, ALERT_FIELDS) or "fields: title, description",
                    at=("alert", k), key=True)
    title, desc = value.get("title") or "", value.get("description") or ""
    for name, v in (("title", title), ("description", desc)):
        if not isinstance(v, str):
            out.add(P.BAD_VALUE, f"'alert.{name}' must be text", "", at=("alert", name))
    return (title if isinstance(title, str) else ""), (desc if isinstance(desc, str) else "")


def _actions(data, out) -> list[Action]:
    value = data.get("actions")
    if value is None:
        return []
    if not isinstance(value, list):
        out.add(P.BAD_VALUE, "'actions' must be a list", "actions:\n  - webhook: "
                "http://127.0.0.1:8080/alerts\n  - jsonl: alerts.jsonl", at=("actions",))
        return []
    result = []
    for i, item in enumerate(value):
        at = ("actions", i)
        kinds = [k for k in ACTION_KINDS if isinstance(item, dict) and k in item]
        if len(kinds) != 1:
            out.add(P.BAD_VALUE, "an action is one of webhook, jsonl or command",
                    "e.g. - webhook: http://127.0.0.1:8080/alerts", at=at)
            continue
        kind = kinds[0]
        for k in item:
            if k not in ACTION_FIELDS[kind]:
                out.add(P.UNKNOWN_FIELD, f"unknown field '{k}' in a {kind} action",
                        "fields: " + ", ".join(ACTION_FIELDS[kind]), at=at + (k,), key=True)
        target = item[kind]
        timeout = item.get("timeout", 10)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
            out.add(P.BAD_VALUE, f"invalid timeout {timeout!r}", "a number of seconds",
                    at=at + ("timeout",))
            timeout = 10
        headers = item.get("headers") or {}
        if kind == "webhook":
            if not isinstance(target, str) or not re.match(r"^https?://[^\s/]+", target):
                out.add(P.BAD_VALUE, f"invalid webhook URL {target!r}",
                        "an http:// or https:// URL", at=at + (kind,))
                continue
            if not isinstance(headers, dict) or not all(isinstance(v, str)
                                                        for v in headers.values()):
                out.add(P.BAD_VALUE, "'headers' must map header names to texts", "",
                        at=at + ("headers",))
                headers = {}
        elif kind == "jsonl":
            if not isinstance(target, str) or not target.strip():
                out.add(P.BAD_VALUE, "a jsonl action names a file", "e.g. - jsonl: "
                        "alerts.jsonl (relative to the data directory)", at=at + (kind,))
                continue
        else:
            import shlex
            if isinstance(target, str):
                try:
                    target = shlex.split(target)
                except ValueError as exc:
                    out.add(P.BAD_VALUE, f"cannot split the command: {exc}",
                            "give it as a list of arguments", at=at + (kind,))
                    continue
            if not isinstance(target, list) or not target or not all(
                    isinstance(a, str) for a in target):
                out.add(P.BAD_VALUE, "a command action is a command line or a list of "
                        "arguments", "it gets the alert JSON on standard input",
                        at=at + (kind,))
                continue
            target = tuple(target)
        result.append(Action(kind, target, tuple(sorted(headers.items())), float(timeout)))
    return result


def placeholders(template: str) -> list[str]:
    return PLACEHOLDER.findall(template or "")


def render_template(template: str, row: dict) -> str:
    """`{Column}` replaced by the row's value as text; `{{` and `}}` are literal braces."""
    from hunt.engine.display import cell_text

    def one(m):
        return cell_text(row.get(m.group(1)))

    parts = (template or "").split("{{")
    return "{".join(PLACEHOLDER.sub(one, p).replace("}}", "}") for p in parts)
