"""The ingest manifest: which input files are in the data directory already, by content.

    <data>/_manifest.json       {"version": 1, "files": {sha256: {...}}, "paths": {...},
                                 "pending": {flush id: {"files": [relative paths]}}}

`files` holds the SHA-256 of every input file ingested (its name, size, counts and time);
a file with the same content is never stored twice. `paths` remembers path, size and mtime
→ hash, so a folder ingested every day is not hashed again. `pending` is a journal: before a
flush writes Parquet files their names are recorded, and removed once the flush and its
sources are committed; a flush interrupted by a crash is rolled back by the next ingest
(its files deleted), so its sources are ingested again, exactly once. Every change of the
manifest is an atomic replace, and one ingest at a time holds `<data>/.ingest.lock`.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import sys
from pathlib import Path
from typing import Callable, Optional

from hunt.store.layout import MANIFEST_FILE, atomic_write_bytes

LOCK_FILE = ".ingest.lock"


class ManifestError(Exception):
    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


class Manifest:
    def __init__(self, data: Path):
        self.data = Path(data)
        self.path = self.data / MANIFEST_FILE
        self.files: dict[str, dict] = {}
        self.paths: dict[str, dict] = {}
        self.pending: dict[str, dict] = {}
        self._load()

    def _load(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except OSError as exc:
            raise ManifestError(f"cannot read {self.path}: {exc.strerror or exc}",
                                "check the data directory's permissions") from None
        try:
            doc = json.loads(text)
            self.files = dict(doc.get("files", {}))
            self.paths = dict(doc.get("paths", {}))
            self.pending = dict(doc.get("pending", {}))
        except (ValueError, AttributeError, TypeError):
            raise ManifestError(f"{self.path} is damaged (not the JSON hunt writes)",
                                "move it aside: hunt then ingests every file again, "
                                "so remove the data it already holds first") from None

    def save(self) -> None:
        doc = {"version": 1, "files": self.files, "paths": self.paths,
               "pending": self.pending}
        atomic_write_bytes(self.path, json.dumps(doc, indent=1, sort_keys=True).encode())

    # -- lookups ------------------------------------------------------------------------------
    def known_hash(self, path: Path, size: int, mtime_ns: int) -> Optional[str]:
        """The hash of an ingested file at `path` unchanged since (None: hash it)."""
        entry = self.paths.get(str(path))
        if entry and entry.get("size") == size and entry.get("mtime_ns") == mtime_ns \
                and entry.get("sha256") in self.files:
            return entry["sha256"]
        return None

    def has(self, sha: str) -> bool:
        return sha in self.files

    # -- journal ------------------------------------------------------------------------------
    def begin(self, flush_id: str, files: list[Path]) -> None:
        self.pending[flush_id] = {"files": [os.path.relpath(f, self.data) for f in files]}
        self.save()

    def commit(self, flush_id: Optional[str], sources: list[dict]) -> None:
        if flush_id is not None:
            self.pending.pop(flush_id, None)
        now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        for s in sources:
            self.files[s["sha256"]] = {"source": s["source"], "size": s["size"],
                                       "records": s["records"], "stored": s["stored"],
                                       "quarantined": s["quarantined"], "ingested_at": now}
            self.paths[s["source"]] = {"size": s["size"], "mtime_ns": s["mtime_ns"],
                                       "sha256": s["sha256"]}
        self.save()

    def recover(self) -> int:
        """Roll back flushes a crashed ingest left half done; returns files removed."""
        removed = 0
        for flush_id, entry in list(self.pending.items()):
            for rel in entry.get("files", []):
                p = (self.data / rel)
                with contextlib.suppress(FileNotFoundError):
                    p.unlink()
                    removed += 1
            del self.pending[flush_id]
        if removed or self.pending:
            self.save()
        return removed


@contextlib.contextmanager
def ingest_lock(data: Path, note: Optional[Callable[[str], None]] = None):
    """One writer at a time per data directory (ingest, prune); others wait."""
    if sys.platform == "win32":        # pragma: no cover - no fcntl
        yield
        return
    import fcntl
    Path(data).mkdir(parents=True, exist_ok=True)
    fh = open(Path(data) / LOCK_FILE, "a+")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if note:
                note("waiting for another hunt ingest or prune on this data directory")
            fcntl.flock(fh, fcntl.LOCK_EX)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()
