"""Input files of `hunt ingest`: expanding paths, hashing, decompressing, sniffing the format,
and cutting text into Arrow arrays of lines (zero-copy, line numbers kept).

    sources, problems = expand(["exports/", "*.json.gz"])
    kind = sniff(head_bytes)          # "json-lines", "json-document", "csv", "parquet", ...
    for first_line, lines in read_lines(path): ...
"""
from __future__ import annotations

import glob as _glob
import hashlib
import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator, Optional

# Extensions taken when a folder is walked (a file named explicitly is always taken).
INGESTIBLE = (".json", ".jsonl", ".ndjson", ".csv", ".parquet", ".txt", ".log")
GZIP_MAGIC = b"\x1f\x8b"
PARQUET_MAGIC = b"PAR1"
CHUNK = 32 << 20          # bytes of text handed to DuckDB at once
SNIFF = 64 << 10


@dataclass
class Source:
    path: Path            # absolute
    shown: str            # as the user can recognise it (relative when given relative)
    size: int


@dataclass
class Problem:
    shown: str
    message: str
    hint: str


def expand(inputs: list[str], exclude: Optional[Path] = None
           ) -> tuple[list[Source], list[Problem], int]:
    """Files named by `inputs` (files, folders walked recursively, globs), each once, in the
    order given; problems for names that give nothing; the number of files skipped in folders
    because of their extension. `exclude`: a folder never walked (the data directory)."""
    found: list[Source] = []
    problems: list[Problem] = []
    skipped = 0
    seen: set[Path] = set()
    excluded = exclude.resolve() if exclude is not None else None

    def add(path: Path, shown: str) -> None:
        real = path.resolve()
        if real in seen:
            return
        seen.add(real)
        try:
            size = real.stat().st_size
        except OSError as exc:
            problems.append(Problem(shown, f"cannot read: {exc.strerror or exc}",
                                    "check the file's permissions"))
            return
        found.append(Source(real, shown, size))

    def walk(folder: Path, shown: str) -> None:
        nonlocal skipped
        for root, dirs, files in os.walk(folder):
            here = Path(root)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                             and (excluded is None or (here / d).resolve() != excluded))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                stem = name[:-3] if name.lower().endswith(".gz") else name
                if not stem.lower().endswith(INGESTIBLE):
                    skipped += 1
                    continue
                p = here / name
                add(p, os.path.join(shown, os.path.relpath(p, folder)))

    for text in inputs:
        p = Path(text).expanduser()
        if p.is_dir():
            walk(p, text)
        elif p.is_file():
            add(p, text)
        elif p.exists():
            problems.append(Problem(text, "not a regular file",
                                    "give files, folders or glob patterns"))
        elif _glob.has_magic(text):
            matches = sorted(_glob.glob(os.path.expanduser(text), recursive=True))
            if not matches:
                problems.append(Problem(text, "the pattern matches no file",
                                        "check the pattern (quote it to let hunt expand it)"))
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    walk(mp, m)
                elif mp.is_file():
                    add(mp, m)
        else:
            problems.append(Problem(text, "no such file or folder",
                                    "check the path (relative paths start at the current "
                                    "directory)"))
    return found, problems, skipped


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while True:
            block = fh.read(8 << 20)
            if not block:
                break
            h.update(block)
    return h.hexdigest()


class StreamHash:
    """The SHA-256 of a file from the blocks a reader reads anyway (hashed in order by a
    one-thread executor, beside the parsing): the file is not read twice. `result()` hashes
    what the reader has not read (all of it when nothing was fed), then later blocks are
    ignored; an OSError reading the rest is raised there."""

    def __init__(self, path: Path, executor):
        import threading
        self.path = path
        self.pool = executor            # max_workers=1: tasks run in submission order
        self.h = hashlib.sha256()
        self.fed = 0
        self.closed = False
        self._future = None
        self._lock = threading.Lock()   # feed (a reading thread) and result (the caller)

    def feed(self, block) -> None:
        with self._lock:
            if block and not self.closed:
                self.fed += len(block)
                self.pool.submit(self.h.update, block)

    def result(self) -> str:
        with self._lock:
            if self._future is None:
                self.closed = True
                self._future = self.pool.submit(self._rest)
        return self._future.result()

    def _rest(self) -> str:
        with open(self.path, "rb") as fh:
            fh.seek(self.fed)
            while True:
                block = fh.read(8 << 20)
                if not block:
                    break
                self.h.update(block)
        return self.h.hexdigest()


def is_gzip(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) == GZIP_MAGIC


class _Counted:
    """A raw file that counts the bytes read from it (progress of a compressed input) and
    hands each block to `feed` (a StreamHash), if given."""

    def __init__(self, fh, feed=None):
        self.fh = fh
        self.pos = 0
        self.feed = feed

    def read(self, n=-1):
        b = self.fh.read(n)
        self.pos += len(b)
        if self.feed is not None:
            self.feed(b)
        return b

    def readinto(self, buf):
        n = self.fh.readinto(buf)
        self.pos += n or 0
        if self.feed is not None and n:
            self.feed(memoryview(buf)[:n])
        return n

    def close(self):
        self.fh.close()

    def __getattr__(self, name):
        return getattr(self.fh, name)


class NotGzipData(EOFError):
    """Bytes that are not gzip data follow a .gz's compressed data (every byte before them
    was read)."""


class _Gunzip:
    """Decompressed bytes of a .gz (several members too). Unlike gzip.GzipFile, a file cut
    short gives every byte before the cut, then EOFError: nothing readable is lost.
    `readinto` decompresses straight into the caller's buffer (zlib's max_length), without
    the copies of a growing bytearray."""

    BLOCK = 1 << 20

    def __init__(self, raw):
        self.raw = raw
        self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self.tail = b""           # compressed bytes read, not yet given to zlib
        self.done = False         # the raw file is read to its end
        self.error: Optional[EOFError] = None    # raised by the next read

    def _more(self, limit: int) -> bytes:
        """Up to `limit` decompressed bytes; b"" at the end of the last member."""
        while True:
            if self.error is not None:
                raise self.error
            if self.z.eof:                       # a member ended: another may follow
                rest = self._after_member(self.z.unused_data)  # (unconsumed_tail repeats it)
                if not rest:
                    return b""
                self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self.tail = rest
            data = self.tail
            if not data:
                data = self.raw.read(self.BLOCK) if not self.done else b""
                if not data:
                    self.done = True
                    self.error = EOFError("the compressed file ends before its end marker")
                    out = self.z.flush()
                    if out:
                        return out
                    raise self.error
            out = self.z.decompress(data, limit)
            self.tail = self.z.unconsumed_tail
            if out:
                return out

    def _after_member(self, rest: bytes) -> bytes:
        """What follows a member: the next member's first bytes, or b"" at the end. NUL
        bytes are padding (block devices and some uploaders add them; gzip ignores them
        too); other bytes that do not start a member are reported (EOFError: the records
        before them are kept, the rest quarantined)."""
        while True:
            rest = rest.lstrip(b"\0")
            if len(rest) < 2 and not self.done:
                more = self.raw.read(self.BLOCK)
                self.done = not more
                rest += more
                continue
            if not rest or rest[:2] == GZIP_MAGIC:
                return rest
            self.error = NotGzipData(f"{len(rest)}+ bytes after the end of the compressed "
                                     "data are not gzip data")
            raise self.error

    def readinto(self, target) -> int:
        view = memoryview(target).cast("B")
        pos = 0
        while pos < len(view):
            try:
                out = self._more(len(view) - pos)
            except EOFError:
                if pos:
                    break                        # raised again by the next read
                raise
            if not out:
                break
            view[pos:pos + len(out)] = out
            pos += len(out)
        return pos

    def read(self, n: int = -1) -> bytes:
        parts = []
        got = 0
        while n is None or n < 0 or got < n:
            try:
                out = self._more(1 << 24 if n is None or n < 0 else n - got)
            except EOFError:
                if got:
                    break
                raise
            if not out:
                break
            parts.append(out)
            got += len(out)
        return b"".join(parts)

    def close(self) -> None:
        self.raw.close()


def open_text_bytes(path: Path, feed=None) -> tuple[BinaryIO, _Counted]:
    """(stream of the decompressed bytes, the raw file with its `.pos`); `feed` gets every
    raw block read."""
    raw = _Counted(open(path, "rb"), feed)
    head = raw.fh.read(2)
    raw.fh.seek(0)
    if head == GZIP_MAGIC:
        return _Gunzip(raw), raw
    return raw, raw


def read_head(path: Path, n: int = SNIFF) -> tuple[bytes, bool]:
    """The first `n` decompressed bytes, and whether that is the whole file."""
    stream, raw = open_text_bytes(path)
    parts: list[bytes] = []
    got = 0
    try:
        while got <= n:
            block = stream.read(min(8192, n + 1 - got))
            if not block:
                break
            parts.append(block)
            got += len(block)
    except (OSError, EOFError):
        # a damaged .gz: its readable head is sniffed, the rest fails while reading
        head = b"".join(parts)
        return head[:n], False
    finally:
        stream.close()
        raw.close()
    head = b"".join(parts)
    return head[:n], len(head) <= n


def _decodes(head: bytes, complete: bool) -> bool:
    """UTF-8 text (a multi-byte character cut by the sniff window is fine)."""
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return not complete and exc.start >= len(head) - 3 and exc.reason.startswith("unexpected end")


def sniff(head: bytes, complete: bool) -> str:
    """The family of a file by its first bytes: "empty", "parquet", "binary", "json-lines",
    "json-document", "text" (anything else: CSV when a table is known)."""
    if head.startswith(PARQUET_MAGIC):
        return "parquet"
    body = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    if not body.strip():
        return "empty" if complete else "json-document"
    lines = body.lstrip().split(b"\n")
    if len(lines) == 1 and not complete and body.lstrip()[:1] in (b"{", b"["):
        return "json-lines"              # one line longer than the sniff window
    if not complete:
        lines = lines[:-1]               # the last one may be cut by the window
    lines = [l for l in lines if l.strip()][:20]
    parsed = sum(1 for l in lines if _is_json(l))
    # most lines are JSON values on their own: one record (or message) per line, and a
    # damaged line among them (even binary) is quarantined alone
    if parsed and parsed * 2 >= len(lines):
        return "json-lines"
    if b"\x00" in body or not _decodes(body, complete):
        return "json-lines" if parsed else "binary"
    if body.lstrip()[:1] in (b"{", b"["):
        return "json-document"           # one document over many lines (pretty-printed)
    if b'"category":"' in body:
        return "json-lines"              # streaming records, each damaged (never in a CSV:
                                         # its quotes would be doubled)
    return "text"


def _is_json(line: bytes) -> bool:
    try:
        json.loads(line)
        return True
    except ValueError:
        return False


BATCH_ROWS = 4096        # rows of an Arrow batch handed to DuckDB: a thread scans one


def lines_table(segments: list, first_line: int):
    """lines_array over several segments (a chunk of read_chunks), in Arrow batches of at
    most BATCH_ROWS lines (slices, not copies): DuckDB scans batches in parallel."""
    import pyarrow as pa
    batches = []
    for seg in segments:
        t = lines_array(seg, first_line)
        first_line += t.num_rows
        batches += t.to_batches(max_chunksize=BATCH_ROWS)
    if not batches:
        return lines_array(b"", first_line)
    return pa.Table.from_batches(batches)


def lines_array(data: bytes, first_line: int):
    """(Arrow table `__line` int64, `text` large_string) over `data` without copying it:
    each value is one line, its line break included (whitespace to a JSON parser)."""
    import numpy as np
    import pyarrow as pa

    view = np.frombuffer(data, np.uint8)
    # in slices: a comparison over a whole 32 MB chunk at once costs page faults, not time
    ends = [np.flatnonzero(view[i:i + (4 << 20)] == 10) + (i + 1)
            for i in range(0, len(view), 4 << 20)]
    stops = np.concatenate(ends) if ends else np.empty(0, np.int64)
    if len(data) and (not len(stops) or stops[-1] != len(data)):
        stops = np.append(stops, len(data))
    offsets = np.empty(len(stops) + 1, np.int64)
    offsets[0] = 0
    offsets[1:] = stops
    n = len(stops)
    text = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))
    return pa.table({"__line": int64_array(np.arange(first_line, first_line + n,
                                                     dtype=np.int64)), "text": text})


def int64_array(values):
    """An Arrow int64 array over a NumPy array, without copying. (pa.array would import
    pandas, a quarter of a second, to check what it was given.)"""
    import numpy as np
    import pyarrow as pa
    values = np.ascontiguousarray(values, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(values), [None, pa.py_buffer(values)])


def read_chunks(path: Path, chunk: Optional[int] = None, feed=None,
                pool: Optional["BufferPool"] = None) -> Iterator[tuple[list, int]]:
    """(segments of whole lines, raw bytes read so far). A chunk is the line cut by the
    previous read (copied, small) and the rest of this read up to its last line break (not
    copied); the last chunk may end without a line break. `feed` gets every raw block;
    `pool` gives the buffers the (decompressed) bytes are read into."""
    chunk = chunk or CHUNK
    stream, raw = open_text_bytes(path, feed)
    carry = b""
    try:
        while True:
            block = pool.get(chunk) if pool is not None else _buffer(chunk)
            n = stream.readinto(block)
            if not n:
                if carry:
                    yield [carry], raw.pos
                return
            view = memoryview(block)[:n]
            first = block.find(b"\n", 0, n) + 1
            if first == 0:               # no line break: a line longer than a chunk
                carry += bytes(view)
                continue
            last = block.rfind(b"\n", 0, n) + 1
            segments = [carry + bytes(view[:first])] if carry else [view[:first]]
            if last > first:
                segments.append(view[first:last])
            carry = bytes(view[last:])
            yield segments, raw.pos
    finally:
        stream.close()
        raw.close()


class BufferPool:
    """Read buffers used again once nothing refers to them any more (Arrow arrays over a
    buffer hold a reference to it): memory written again costs no page faults and no
    zeroing by the kernel, fresh memory does. At most `limit` buffers are kept."""

    def __init__(self, limit: int = 24):
        self.limit = limit
        self.buffers: list = []

    def get(self, size: int):
        import sys
        for i in range(len(self.buffers)):
            # 2 references: the list's and getrefcount's argument (CPython)
            if len(self.buffers[i]) == size and sys.getrefcount(self.buffers[i]) == 2:
                return self.buffers[i]
        buf = _buffer(size)
        if len(self.buffers) < self.limit:
            self.buffers.append(buf)
        return buf


def _buffer(size: int):
    """A buffer to read into: anonymous memory (a bytearray where there is none). Not in
    huge pages: where memory is fragmented (page cache fills it), the kernel compacts
    memory to find them, and a first read into fresh huge pages costs 4x that of small
    ones (1.07 s against 0.25 s for 384 MB here). Arrow arrays over it keep it alive; it
    is unmapped with the last of them."""
    import mmap
    try:
        return mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    except (AttributeError, OSError, ValueError):          # no anonymous mmap (Windows)
        return bytearray(size)


def ahead(items: Iterator, depth: int = 2) -> Iterator:
    """The items of `items`, made by a thread up to `depth` items ahead of the caller (the
    next chunks are read and cut while this one is parsed: numpy, Arrow, DuckDB and file
    reads release the GIL). An exception of `items` is raised here, after the items made
    before it; when the caller stops early, the thread stops and `items` is closed."""
    import queue
    import threading
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    end = object()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for x in items:
                if not put((True, x)):
                    break
            else:
                put((False, end))
        except BaseException as exc:        # noqa: BLE001 - raised in the caller
            put((False, exc))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    thread = threading.Thread(target=run, name="hunt-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            ok, x = q.get()
            if ok:
                yield x
            elif x is end:
                return
            else:
                raise x
    finally:
        stop.set()
        thread.join()


def read_all(path: Path) -> bytes:
    stream, raw = open_text_bytes(path)
    try:
        return stream.read()
    finally:
        stream.close()
        raw.close()


def int64_values(col):
    """NumPy int64 values of an Arrow (chunked) array of a 64-bit fixed-width type without
    nulls, read from its buffers (to_numpy would import pandas, a quarter of a second)."""
    import numpy as np
    chunks = getattr(col, "chunks", [col])
    parts = [np.frombuffer(c.buffers()[1], dtype=np.int64, count=len(c), offset=c.offset * 8)
             for c in chunks if len(c)]
    return np.concatenate(parts) if parts else np.empty(0, np.int64)


def int32_values(col):
    """As int64_values, for 32-bit types (date32)."""
    import numpy as np
    chunks = getattr(col, "chunks", [col])
    parts = [np.frombuffer(c.buffers()[1], dtype=np.int32, count=len(c), offset=c.offset * 4)
             for c in chunks if len(c)]
    return np.concatenate(parts) if parts else np.empty(0, np.int32)

