"""`externaldata`: fetch http(s) URLs (only when the user enabled it), cache them, parse them.

Off by default: a hunting query should not make the machine talk to the network. Enabled by
`hunt.connect(..., allow_externaldata=True)`, the environment (`HUNT_EXTERNALDATA=1`) or the
data directory's `config.toml` (`externaldata = true`).

Each URL's body is cached under `<cache>/<sha256(url)>` for a day. The rows of every URL are
parsed per `format` into text columns, then converted to the declared Kusto types in DuckDB
(the same conversions as the Parquet views), and registered under the request's relation name.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from hunt import types as T
from hunt.engine.config import externaldata_enabled as enabled_by_environment  # noqa: F401
from hunt.engine.config import read_config  # noqa: F401
from hunt.errors import KqlRuntimeError
from hunt.sqlgen.dialect import quote_ident

DISABLED = "HUNT410"
BAD_URL = "HUNT411"
FETCH = "HUNT412"
PARSE = "HUNT413"

ENABLE_HELP = ("enable it with hunt.connect(..., allow_externaldata=True), "
               "`hunt query --allow-externaldata`, the environment variable "
               "HUNT_EXTERNALDATA=1, or `externaldata = true` in <data>/config.toml")

_DELIMITERS = {"csv": ",", "tsv": "\t", "tsve": "\t", "scsv": ";", "psv": "|", "sohsv": "\x01"}
_JSON_FORMATS = ("json", "multijson", "singlejson")


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * 1024 * 1024
    timeout: float = 30.0
    max_redirects: int = 5
    ttl: float = 86400.0


def disabled_error() -> KqlRuntimeError:
    return KqlRuntimeError("externaldata is disabled: queries may not fetch URLs",
                           help=ENABLE_HELP, code=DISABLED)


# -- fetching ---------------------------------------------------------------------------------

class _Redirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, limit: int):
        super().__init__()
        self.max_redirections = limit

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            raise KqlRuntimeError(f"externaldata URL redirected to a {scheme or 'relative'} URL",
                                  help="only http and https URLs can be fetched", code=BAD_URL)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_url(url: str) -> None:
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        shown = scheme or "(none)"
        raise KqlRuntimeError(f"externaldata URL scheme '{shown}' is not allowed: {url}",
                              help="only http and https URLs can be fetched", code=BAD_URL)


def fetch(url: str, limits: Limits) -> bytes:
    """The body of an http(s) URL, at most limits.max_bytes."""
    check_url(url)
    opener = urllib.request.build_opener(_Redirects(limits.max_redirects))
    opener.addheaders = [("User-Agent", "hunt-externaldata")]
    deadline = time.monotonic() + limits.timeout
    try:
        with opener.open(url, timeout=limits.timeout) as resp:
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limits.max_bytes:
                raise _too_big(url, limits)
            chunks, size = [], 0
            while True:
                if time.monotonic() > deadline:
                    raise KqlRuntimeError(
                        f"externaldata fetch took longer than {limits.timeout:g} s: {url}",
                        help="use a smaller file or a faster source", code=FETCH)
                chunk = resp.read(1 << 16)
                if not chunk:
                    break
                size += len(chunk)
                if size > limits.max_bytes:
                    raise _too_big(url, limits)
                chunks.append(chunk)
            return b"".join(chunks)
    except KqlRuntimeError:
        raise
    except urllib.error.HTTPError as exc:
        if "is not allowed" in str(exc.reason):     # urllib refused a redirect's scheme
            raise KqlRuntimeError(f"externaldata URL redirected to a URL that is not http(s): "
                                  f"{url}", help="only http and https URLs can be fetched",
                                  code=BAD_URL) from exc
        if 300 <= exc.code < 400:
            reason = f"more than {limits.max_redirects} redirects"
        else:
            reason = f"HTTP {exc.code} {exc.reason}"
        raise _fetch_error(url, reason, exc) from exc
    except urllib.error.URLError as exc:
        raise _fetch_error(url, str(exc.reason), exc) from exc
    except (OSError, ValueError) as exc:    # timeouts, resets, malformed URLs
        raise _fetch_error(url, str(exc) or type(exc).__name__, exc) from exc


def _too_big(url: str, limits: Limits) -> KqlRuntimeError:
    return KqlRuntimeError(
        f"externaldata source is larger than {limits.max_bytes // (1024 * 1024)} MB: {url}",
        help="use a smaller file, or filter it before publishing it", code=FETCH)


def _fetch_error(url: str, reason: str, exc: BaseException) -> KqlRuntimeError:
    err = KqlRuntimeError(f"cannot fetch externaldata {url}: {reason}",
                          help="check the URL and the network connection", code=FETCH)
    err.__cause__ = exc
    return err


def cached_fetch(url: str, cache_dir: Optional[Path], limits: Limits) -> bytes:
    check_url(url)
    path = None
    if cache_dir is not None:
        path = Path(cache_dir) / hashlib.sha256(url.encode("utf-8")).hexdigest()
        try:
            if time.time() - path.stat().st_mtime < limits.ttl:
                return path.read_bytes()
        except OSError:
            pass
    body = fetch(url, limits)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(body)
            os.replace(tmp, path)
        except OSError:
            pass    # a read-only data directory: no cache, the query still runs
    return body


# -- parsing ----------------------------------------------------------------------------------

def _options(request) -> dict:
    return {str(k).lower(): v for k, v in request.options}


def _truthy(v) -> bool:
    if isinstance(v, str):
        return v.strip().lower() in ("true", "1", "yes")
    return bool(v)


def _decode(body: bytes, url: str) -> str:
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    return body.decode("utf-8", errors="replace")


def _cell_text(v) -> Optional[str]:
    if v is None:
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def parse(text: str, fmt: str, names: list[str], skip_first: bool, url: str) -> list[list]:
    """Rows of text cells (None = missing) for the declared columns."""
    n = len(names)
    if fmt == "raw":        # the whole body as one value
        return [[text] + [None] * (n - 1)]
    if fmt == "txt":        # one record per line, in the first column
        lines = text.splitlines()
        if skip_first:
            lines = lines[1:]
        return [[line] + [None] * (n - 1) for line in lines]
    if fmt in _JSON_FORMATS:
        records = _json_records(text, url)
        if skip_first:
            records = records[1:]
        out = []
        for rec in records:
            if isinstance(rec, dict):
                folded = {str(k).casefold(): v for k, v in rec.items()}
                out.append([_cell_text(rec[c] if c in rec else folded.get(c.casefold()))
                            for c in names])
            elif isinstance(rec, list):
                out.append([_cell_text(v) for v in rec[:n]] + [None] * (n - len(rec[:n])))
            else:
                out.append([_cell_text(rec)] + [None] * (n - 1))
        return out
    if fmt not in _DELIMITERS:
        raise KqlRuntimeError(
            f"externaldata format '{fmt}' is not supported",
            help="use csv, tsv, scsv, psv, txt, raw, json or multijson", code=PARSE)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_DELIMITERS[fmt])
    rows = []
    for i, rec in enumerate(reader):
        if i == 0 and skip_first:
            continue
        if not rec:
            continue
        cells = rec[:n] + [None] * (n - len(rec[:n]))
        rows.append(cells)
    return rows


def _json_records(text: str, url: str) -> list:
    stripped = text.strip()
    if not stripped:
        return []
    try:
        doc = json.loads(stripped)
        return doc if isinstance(doc, list) else [doc]
    except ValueError:
        pass
    records = []
    for lineno, line in enumerate(stripped.splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except ValueError as exc:
            raise KqlRuntimeError(
                f"externaldata {url}: line {lineno} is not JSON ({exc.msg})",
                help="format=json expects a JSON array or one JSON value per line",
                code=PARSE) from exc
    return records


def _timespan_text(s: Optional[str]):
    """KQL timespan text ([-][d.]hh:mm:ss[.fffffff], or 1d / 2h / 30m / 10s / 5ms) → µs."""
    if s is None:
        return None
    s = s.strip()
    m = re.fullmatch(r"(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?", s)
    if m:
        sign, d, h, mi, sec, frac = m.groups()
        us = ((int(d or 0) * 24 + int(h)) * 60 + int(mi)) * 60 + int(sec or 0)
        us = us * 1_000_000 + int(((frac or "") + "0000000")[:7]) // 10
        return -us if sign else us
    m = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*(d|h|m|s|ms|microsecond|tick)", s, re.I)
    if m:
        factor = {"d": 86400e6, "h": 3600e6, "m": 60e6, "s": 1e6, "ms": 1e3,
                  "microsecond": 1, "tick": 0.1}[m.group(2).lower()]
        return int(float(m.group(1)) * factor)
    return None


def to_arrow(rows: list[list], columns: list[tuple[str, str]]):
    """An Arrow table of text columns c0, c1, ... (timespans already as durations)."""
    import pyarrow as pa

    arrays = []
    for i, (_, ktype) in enumerate(columns):
        values = [r[i] for r in rows]
        if ktype == T.TIMESPAN:
            arrays.append(pa.array([_timespan_text(v) for v in values], type=pa.duration("us")))
        else:
            arrays.append(pa.array(values, type=pa.string()))
    return pa.table(arrays, names=[f"c{i}" for i in range(len(columns))]) if arrays else \
        pa.table({"c0": pa.array([None] * len(rows), pa.string())})


def _convert(col: str, ktype: str) -> str:
    from hunt.engine.views import column_expr
    if ktype == T.TIMESPAN:
        return f"CAST({col} AS INTERVAL)"
    if ktype == T.BOOL:
        return (f"CASE lower(trim({col})) WHEN 'true' THEN true WHEN '1' THEN true "
                f"WHEN 'false' THEN false WHEN '0' THEN false END")
    if ktype in (T.LONG, T.INT, T.REAL, T.DECIMAL, T.GUID, T.DATETIME):
        col = f"nullif(trim({col}), '')"
    return column_expr(ktype, col, "VARCHAR")


def register(con, request, *, enabled: bool, cache_dir: Optional[Path],
             limits: Limits = Limits()) -> None:
    """Fetch, parse and register one ExternalDataRequest as a view named request.relation."""
    if not enabled:
        raise disabled_error()
    for url in request.urls:
        check_url(url)
    opts = _options(request)
    fmt = str(opts.get("format", "") or "").lower()
    if not fmt:
        path = urllib.parse.urlsplit(request.urls[0]).path.lower() if request.urls else ""
        path = path[:-3] if path.endswith(".gz") else path
        ext = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
        fmt = ext if ext in _DELIMITERS or ext in _JSON_FORMATS or ext == "txt" else "csv"
    skip_first = _truthy(opts.get("ignorefirstrecord", False))
    columns = [(n, T.normalize(t) or t) for n, t in request.columns]
    names = [n for n, _ in columns]
    rows: list[list] = []
    for url in request.urls:
        body = cached_fetch(url, cache_dir, limits)
        rows.extend(parse(_decode(body, url), fmt, names, skip_first, url))
    table = to_arrow(rows, columns)
    raw = f"{request.relation}__raw"
    con.register(raw, table)
    select = ", ".join(f"{_convert(quote_ident(f'c{i}'), t)} AS {quote_ident(n)}"
                       for i, (n, t) in enumerate(columns))
    con.execute(f"CREATE OR REPLACE TEMP VIEW {quote_ident(request.relation)} AS "
                f"SELECT {select} FROM {quote_ident(raw)}")
