"""Saved hunting queries: one `.kql` file per query with a comment header.

    // title: Encoded PowerShell
    // description: PowerShell started with an encoded command line.
    DeviceProcessEvents
    | where ...

The shipped library is `queries/hunting/` (inside a wheel: hunt/_data/queries/hunting/); a
user's own queries live in `<data>/queries/hunting/` and win over shipped ones of the same
name. The loader is tolerant: no header, unknown header keys, CRLF line ends and a BOM are all
fine; the name of a query is its file name without `.kql`.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

_HEADER = re.compile(r"^\s*//\s*([A-Za-z_-]+)\s*:\s*(.*?)\s*$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    description: str
    text: str              # the query without its header
    path: Path
    source: str            # "user" or "shipped"


def shipped_dir(kind: str = "hunting") -> Path:
    import hunt
    root = Path(hunt.__file__).resolve().parent
    packaged = root / "_data" / "queries" / kind
    if packaged.is_dir():
        return packaged
    return root.parent / "queries" / kind


def user_dir(data_dir, kind: str = "hunting") -> Path:
    return Path(data_dir) / "queries" / kind


def parse(text: str, name: str, path: Path, source: str) -> SavedQuery:
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    meta: dict[str, str] = {}
    lines = text.split("\n")
    body_start = 0
    for i, line in enumerate(lines):
        m = _HEADER.match(line)
        if m and m.group(1).lower() in ("title", "description", "tags", "author", "name"):
            meta.setdefault(m.group(1).lower(), m.group(2))
            body_start = i + 1
            continue
        if not line.strip() and i == body_start:
            body_start = i + 1
            continue
        break
    body = "\n".join(lines[body_start:]).strip()
    return SavedQuery(name, meta.get("title") or name, meta.get("description", ""), body,
                      path, source)


def load(data_dir=None) -> dict[str, SavedQuery]:
    """Every saved query by name (user queries over shipped ones), sorted by name."""
    found: dict[str, SavedQuery] = {}
    dirs = [(shipped_dir(), "shipped")]
    if data_dir is not None:
        dirs.append((user_dir(data_dir), "user"))
    for folder, source in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.kql")):
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            q = parse(text, path.stem, path, source)
            if q.text:
                found[q.name] = q
    return dict(sorted(found.items(), key=lambda kv: kv[0].lower()))


def find(name: str, data_dir=None) -> Optional[SavedQuery]:
    queries = load(data_dir)
    if name in queries:
        return queries[name]
    folded = {k.lower(): v for k, v in queries.items()}
    return folded.get(name.lower())


def check_name(name: str) -> None:
    if not _NAME.match(name):
        raise ValueError(f"'{name}' is not a usable query name: use letters, digits, '-', "
                         "'_' and '.', starting with a letter or digit")


def save(data_dir, name: str, text: str, title: str = "", description: str = "") -> Path:
    """Write a user query atomically; returns its path."""
    check_name(name)
    folder = user_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    header = f"// title: {title or name}\n"
    if description:
        header += f"// description: {description}\n"
    path = folder / f"{name}.kql"
    tmp = folder / f".{name}.kql.{os.getpid()}.tmp"
    tmp.write_text(header + text.strip() + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


# -- detection rules (listed only; the detection engine reads them) -------------------------

@dataclass(frozen=True)
class RuleSummary:
    id: str
    title: str
    path: Path


def detection_rules(data_dir=None) -> list[RuleSummary]:
    """id and title of every YAML rule in the shipped and the user detections folders.
    Read with a line scanner (top-level `id:` / `title:` / `name:`), so no YAML library
    is needed to list them."""
    out = []
    dirs = [shipped_dir("detections")]
    if data_dir is not None:
        dirs.append(user_dir(data_dir, "detections"))
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(list(folder.glob("*.yaml")) + list(folder.glob("*.yml"))):
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            meta = {}
            for line in text.splitlines():
                m = re.match(r"^(id|title|name)\s*:\s*(.*?)\s*$", line)
                if m and m.group(1) not in meta:
                    meta[m.group(1)] = m.group(2).strip("'\"")
            out.append(RuleSummary(meta.get("id") or path.stem,
                                   meta.get("title") or meta.get("name") or "", path))
    return out
