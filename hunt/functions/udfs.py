"""Python UDFs for what SQL does badly: URL/path/command-line parsing, CSV/XML, IPv6, xxhash,
compression, punycode, .NET number formatting.

Each is an Arrow UDF (a pyarrow array in, one out), deterministic, registered by `install`.
JSON results are returned as VARCHAR and cast by the SQL that calls them (DuckDB's Arrow
bridge does not carry the JSON type). Names end in `_py`; translations call them directly
or through a macro.
"""
from __future__ import annotations

import base64
import csv
import functools
import datetime as _dt
import decimal
import io
import ipaddress
import json
import math
import re
import struct
import urllib.parse
import xml.etree.ElementTree as ET
import zlib
import gzip

import pyarrow as pa

from hunt.functions import textfmt

# ----------------------------------------------------------------------------- xxhash64
_P1 = 0x9E3779B185EBCA87
_P2 = 0xC2B2AE3D27D4EB4F
_P3 = 0x165667B19E3779F9
_P4 = 0x85EBCA77C2B2AE63
_P5 = 0x27D4EB2F165667C5
_M = (1 << 64) - 1


def _rotl(x: int, r: int) -> int:
    return ((x << r) | (x >> (64 - r))) & _M


def _round(acc: int, lane: int) -> int:
    acc = (acc + lane * _P2) & _M
    return (_rotl(acc, 31) * _P1) & _M


def xxh64(data: bytes, seed: int = 0) -> int:
    """XXH64 of `data` (the published algorithm), as an unsigned 64-bit integer."""
    n = len(data)
    i = 0
    if n >= 32:
        v = [(seed + _P1 + _P2) & _M, (seed + _P2) & _M, seed & _M, (seed - _P1) & _M]
        while i + 32 <= n:
            for k in range(4):
                v[k] = _round(v[k], int.from_bytes(data[i + 8 * k:i + 8 * k + 8], "little"))
            i += 32
        h = (_rotl(v[0], 1) + _rotl(v[1], 7) + _rotl(v[2], 12) + _rotl(v[3], 18)) & _M
        for lane in v:
            h ^= _round(0, lane)
            h = (h * _P1 + _P4) & _M
    else:
        h = (seed + _P5) & _M
    h = (h + n) & _M
    while i + 8 <= n:
        h ^= _round(0, int.from_bytes(data[i:i + 8], "little"))
        h = (_rotl(h, 27) * _P1 + _P4) & _M
        i += 8
    if i + 4 <= n:
        h ^= (int.from_bytes(data[i:i + 4], "little") * _P1) & _M
        h = (_rotl(h, 23) * _P2 + _P3) & _M
        i += 4
    while i < n:
        h ^= (data[i] * _P5) & _M
        h = (_rotl(h, 11) * _P1) & _M
        i += 1
    h ^= h >> 33
    h = (h * _P2) & _M
    h ^= h >> 29
    h = (h * _P3) & _M
    h ^= h >> 32
    return h


def _signed(h: int) -> int:
    return h - (1 << 64) if h >= (1 << 63) else h


# ----------------------------------------------------------------------------- helpers

def _map(fn, *arrays, out=pa.string()):
    """Apply a row function over Arrow arrays (None in → handled by fn)."""
    cols = [a.to_pylist() for a in arrays]
    res = []
    for row in zip(*cols):
        try:
            res.append(fn(*row))
        except Exception:  # a malformed input gives null, never a query error
            res.append(None)
    return pa.array(res, out)


def _dumps(v) -> str:
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


# ----------------------------------------------------------------------------- parse_url

def parse_url(url):
    empty = {"Scheme": "", "Host": "", "Port": "", "Path": "", "Username": "",
             "Password": "", "Query Parameters": {}, "Fragment": ""}
    if url is None:
        return None
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.\-]*)://([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$",
                 url.strip(), re.S)
    if not m:
        return _dumps(empty)
    scheme, authority, path, query, frag = m.groups()
    user = password = ""
    if "@" in authority:
        userinfo, authority = authority.rsplit("@", 1)
        user, _, password = userinfo.partition(":")
    host, port = authority, ""
    if authority.startswith("["):
        end = authority.find("]")
        host, rest = authority[:end + 1], authority[end + 1:]
        if rest.startswith(":"):
            port = rest[1:]
    elif ":" in authority:
        host, port = authority.rsplit(":", 1)
    params = {}
    if query:
        for part in query.split("&"):
            if not part:
                continue
            k, _, v = part.partition("=")
            params[urllib.parse.unquote_plus(k)] = urllib.parse.unquote_plus(v)
    return _dumps({"Scheme": scheme, "Host": host, "Port": port, "Path": path,
                   "Username": user, "Password": password, "Query Parameters": params,
                   "Fragment": frag or ""})


# ----------------------------------------------------------------------------- parse_path

def parse_path(p):
    if p is None:
        return None
    scheme = ""
    s = p
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.\-]+)://(.*)$", s, re.S)
    if m:
        scheme, s = m.group(1), m.group(2)
        if s.startswith("/") and re.match(r"^/[A-Za-z]:", s):
            s = s[1:]
    if s.startswith("\\\\?\\"):
        s = s[4:]
    root = ""
    rm = re.match(r"^([A-Za-z]:)", s)
    if rm:
        root = rm.group(1)
    # the last separator splits directory and file name
    cut = max(s.rfind("\\"), s.rfind("/"))
    directory, filename = (s[:cut], s[cut + 1:]) if cut >= 0 else ("", s)
    ads = ""
    # an alternate data stream: a ':' in the file name (not the drive's)
    if ":" in filename and not (cut < 0 and rm and filename == s):
        filename, _, ads = filename.partition(":")
    elif cut < 0 and rm:
        filename = s[2:]
    ext = filename.rsplit(".", 1)[1] if "." in filename else ""
    dirname = re.split(r"[\\/]", directory)[-1] if directory else ""
    if dirname == root and root:
        dirname = ""
    return _dumps({"Scheme": scheme, "RootPath": root, "DirectoryPath": directory,
                   "DirectoryName": dirname, "Filename": filename, "Extension": ext,
                   "AlternateDataStreamName": ads})


# ----------------------------------------------------------------------------- command line

def command_line_to_argv(cmd: str) -> list:
    """Split a Windows command line the way CommandLineToArgvW does."""
    args = []
    i, n = 0, len(cmd)
    # the program name: up to the closing quote, or to whitespace; no escapes
    while i < n and cmd[i] in " \t":
        i += 1
    if i >= n:
        return args
    if cmd[i] == '"':
        j = cmd.find('"', i + 1)
        j = n if j < 0 else j
        args.append(cmd[i + 1:j])
        i = j + 1
    else:
        j = i
        while j < n and cmd[j] not in " \t":
            j += 1
        args.append(cmd[i:j])
        i = j
    while True:
        while i < n and cmd[i] in " \t":
            i += 1
        if i >= n:
            break
        cur = []
        quoted = False
        while i < n:
            c = cmd[i]
            if c == "\\":
                j = i
                while j < n and cmd[j] == "\\":
                    j += 1
                count = j - i
                if j < n and cmd[j] == '"':
                    cur.append("\\" * (count // 2))
                    if count % 2:
                        cur.append('"')
                        i = j + 1
                    else:
                        i = j
                else:
                    cur.append("\\" * count)
                    i = j
                continue
            if c == '"':
                if quoted and i + 1 < n and cmd[i + 1] == '"':
                    cur.append('"')
                    i += 2
                    continue
                quoted = not quoted
                i += 1
                continue
            if c in " \t" and not quoted:
                break
            cur.append(c)
            i += 1
        args.append("".join(cur))
    return args


def parse_command_line(cmd, kind):
    if cmd is None:
        return None
    if kind is not None and kind.lower() != "windows":
        return None
    return _dumps(command_line_to_argv(cmd))


# ----------------------------------------------------------------------------- csv, xml

def parse_csv(s):
    if s is None:
        return None
    if s == "":
        return _dumps([""])
    rows = csv.reader(io.StringIO(s, newline=""), strict=False)
    first = next(rows, [""])
    return _dumps(first)


def _xml_value(el):
    children = list(el)
    text = (el.text or "").strip()
    if not children and not el.attrib:
        return text if text else None
    out = {}
    for k, v in el.attrib.items():
        out["@" + k] = v
    for c in children:
        v = _xml_value(c)
        if c.tag in out:
            if not isinstance(out[c.tag], list):
                out[c.tag] = [out[c.tag]]
            out[c.tag].append(v)
        else:
            out[c.tag] = v
    if text:
        out["#text"] = text
    return out


def parse_xml(s):
    if s is None or not s.strip():
        return None
    try:
        root = ET.fromstring(s)
    except ET.ParseError:
        return None
    return _dumps({root.tag: _xml_value(root)})


# ----------------------------------------------------------------------------- url encoding

def url_encode(s, component):
    if s is None:
        return ""
    out = urllib.parse.quote(s, safe="-_.!*()" if not component else "-_.!*()~",
                             encoding="utf-8")
    out = re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), out)
    if not component:
        out = out.replace("%20", "+")
    return out


def url_decode(s):
    if s is None:
        return ""
    return urllib.parse.unquote_plus(s, errors="replace")


# ----------------------------------------------------------------------------- ipv6

def _ip_parts(text):
    """(128-bit int, prefix bits) of an IPv4 or IPv6 address with optional /prefix."""
    if text is None:
        return None
    t = text.strip()
    addr, _, pfx = t.partition("/")
    v4 = "." in addr
    if v4 and ":" not in addr:
        value = (0xFFFF << 32) | int(ipaddress.IPv4Address(addr))
    else:
        value = int(ipaddress.IPv6Address(addr))
        if v4 and value >> 32 == 0:          # ::a.b.c.d is read as ::ffff:a.b.c.d
            value |= 0xFFFF << 32
    if pfx:
        bits = int(pfx)
        if v4:
            if not 0 <= bits <= 32:
                raise ValueError("prefix")
            bits += 96
        elif not 0 <= bits <= 128:
            raise ValueError("prefix")
    else:
        bits = 128
    return value, bits


def _mask(value, bits):
    bits = max(0, min(128, bits))
    return value & (((1 << bits) - 1) << (128 - bits)) if bits else 0


def _v6_text(value):
    return ":".join(f"{(value >> (112 - 16 * k)) & 0xFFFF:04x}" for k in range(8))


def parse_ipv6_mask(ip, prefix):
    v, bits = _ip_parts(ip)
    if prefix is not None:
        if not 0 <= prefix <= 128:
            return None
        bits = min(bits, prefix)
    return _v6_text(_mask(v, bits))


def ipv6_compare(a, b, prefix):
    va, ba = _ip_parts(a)
    vb, bb = _ip_parts(b)
    bits = min(ba, bb, 128 if prefix is None else prefix)
    ma, mb = _mask(va, bits), _mask(vb, bits)
    return (ma > mb) - (ma < mb)


def ipv6_is_in_range(ip, rng):
    v, _ = _ip_parts(ip)
    r, bits = _ip_parts(rng)
    return _mask(v, bits) == _mask(r, bits)


def ipv6_is_in_any_range(ip, ranges):
    if ip is None or ranges is None:
        return None
    v, _ = _ip_parts(ip)
    for rng in ranges:
        try:
            r, bits = _ip_parts(rng)
        except Exception:
            continue
        if _mask(v, bits) == _mask(r, bits):
            return True
    return False


# ----------------------------------------------------------------------------- misc

def real_text(x):
    return None if x is None else textfmt.real_text(x)


try:  # the C implementation, when installed, is ~100x faster; same results
    import xxhash as _xxhash_c
except ImportError:  # pragma: no cover - depends on the environment
    _xxhash_c = None


@functools.lru_cache(maxsize=65536)
def _xxh64_cached(b: bytes) -> int:
    # hunting hashes low-cardinality keys (hash(DeviceId, n)): a cache avoids re-hashing
    if _xxhash_c is not None:
        return _signed(_xxhash_c.xxh64_intdigest(b))
    return _signed(xxh64(b))


def xxhash_bytes(b):
    return None if b is None else _xxh64_cached(bytes(b))


def hash_combine(values):
    if values is None or any(v is None for v in values):
        return None
    data = b"".join(struct.pack("<q", v) for v in values)
    return _signed(xxh64(data))


def indexof(s, sub, start, length, occ):
    """KQL indexof with start/length/occurrence (see strings.py)."""
    if s is None or sub is None or start is None:
        return None
    n = len(s)
    b = n + start if start < 0 else start
    length = -1 if length is None else length
    occ = 1 if occ is None else occ
    if b < 0 or occ <= 0 or length < -1:
        return None
    if b > n:
        return -1
    pos = b
    found = -1
    for _ in range(occ):
        end = n if length == -1 else min(n, pos + length)
        found = s.find(sub, pos, end)
        if found < 0:
            return -1
        pos = found + 1
    return found


def zlib_compress(s):
    if s is None:
        return ""
    # level 0 (stored), which is what Kusto's documented output shows
    return base64.b64encode(zlib.compress(s.encode("utf-8"), 0)).decode("ascii")


def replace_strings(s, lookups, repls):
    """Lookups take priority in list order: a match of an earlier lookup claims its text,
    later lookups only match text no earlier match claimed. A non-string (None)
    replacement leaves the lookup's matches unchanged."""
    if s is None:
        return ""
    if not lookups:
        return s
    claimed = []          # (start, end, replacement)
    for i, lk in enumerate(lookups):
        if not lk:
            continue
        rep = repls[i] if repls is not None and i < len(repls) else None
        pos = 0
        while True:
            j = s.find(lk, pos)
            if j < 0:
                break
            end = j + len(lk)
            if any(a < end and j < b for a, b, _ in claimed):
                pos = j + 1
                continue
            claimed.append((j, end, lk if rep is None else rep))
            pos = end
    out, pos = [], 0
    for a, b, r in sorted(claimed):
        out.append(s[pos:a])
        out.append(r)
        pos = b
    out.append(s[pos:])
    return "".join(out)


def zlib_decompress(s):
    if s is None:
        return ""
    try:
        return zlib.decompress(base64.b64decode(s, validate=True)).decode("utf-8")
    except Exception:
        return ""


def gzip_compress(s):
    if s is None:
        return ""
    return base64.b64encode(gzip.compress(s.encode("utf-8"), mtime=0)).decode("ascii")


def gzip_decompress(s):
    if s is None:
        return ""
    try:
        return gzip.decompress(base64.b64decode(s, validate=True)).decode("utf-8")
    except Exception:
        return ""


def punycode_from(s):
    if s is None:
        return ""
    return s.encode("punycode").decode("ascii")


def punycode_to(s):
    if s is None:
        return ""
    return s.encode("ascii").decode("punycode")


_DOT_RE = re.compile("[.\u3002\uff0e\uff61]")


def punycode_domain_from(s):
    """'xn--…' labels decoded; other labels kept."""
    if s is None:
        return ""
    out = []
    for label in _DOT_RE.split(s):
        if label.lower().startswith("xn--"):
            out.append(label[4:].encode("ascii").decode("punycode"))
        else:
            out.append(label)
    return ".".join(out)


def punycode_domain_to(s):
    if s is None:
        return ""
    out = []
    for label in _DOT_RE.split(s):
        if label.isascii():
            out.append(label)
        else:
            out.append("xn--" + label.encode("punycode").decode("ascii"))
    return ".".join(out)


def base64_from_guid(g):
    if g is None:
        return ""
    import uuid
    return base64.b64encode(uuid.UUID(str(g)).bytes_le).decode("ascii")


def base64_to_guid(s):
    if s is None:
        return None
    import uuid
    b = base64.b64decode(s, validate=True)
    if len(b) != 16:
        return None
    return str(uuid.UUID(bytes_le=b))


_BYTE_UNITS = ["Bytes", "KB", "MB", "GB", "TB", "PB", "EB"]


def format_bytes(value, precision, unit):
    """format_bytes(564) -> '564 Bytes', (10332, 1) -> '10.1 KB', (20010332, 0, 'KB')."""
    if value is None:
        return ""
    precision = 0 if precision is None else int(precision)
    if unit:
        u = unit.strip().upper()
        names = [n.upper() for n in _BYTE_UNITS]
        if u in ("B", "BYTES"):
            k = 0
        elif u in names:
            k = names.index(u)
        else:
            return ""
    else:
        k = 0
        v = abs(float(value))
        while v >= 1024 and k < len(_BYTE_UNITS) - 1:
            v /= 1024
            k += 1
    scaled = float(value) / (1024 ** k)
    text = f"{round(scaled, precision):.{precision}f}"
    return f"{text} {_BYTE_UNITS[k]}"


def parse_version(s):
    if s is None:
        return None
    t = s.strip()
    if not re.fullmatch(r"[0-9]{1,8}(\.[0-9]{1,8}){0,3}", t):
        return None
    parts = [int(p) for p in t.split(".")] + [0] * 3
    value = 0
    for p in parts[:4]:
        value = value * 10 ** 8 + p
    # stored scaled by 1e-12 so every version fits DECIMAL(38,18) with exact ordering
    return str(decimal.Decimal(value).scaleb(-12))


def format_datetime(ts, fmt):
    if ts is None or fmt is None:
        return ""
    return textfmt.format_datetime(ts, fmt)


def format_timespan(us, fmt):
    if us is None or fmt is None:
        return ""
    return textfmt.format_timespan(us, fmt)


def erf(x):
    return None if x is None else math.erf(x)


def erfc(x):
    return None if x is None else math.erfc(x)


def _betacf(a, b, x):
    """Continued fraction of the regularized incomplete beta function (Lentz's method)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 3e-16:
            break
    return h


def beta_cdf(x, a, b):
    if x is None or a is None or b is None:
        return None
    if a <= 0 or b <= 0 or x < 0 or x > 1:
        return math.nan
    if x in (0.0, 1.0):
        return x
    lbeta = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    front = math.exp(lbeta + a * math.log(x) + b * math.log(1.0 - x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def beta_inv(p, a, b):
    if p is None or a is None or b is None:
        return None
    if a <= 0 or b <= 0:
        return math.nan
    if p < 0 or p > 1:
        return None
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if beta_cdf(mid, a, b) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def beta_pdf(x, a, b):
    if x is None or a is None or b is None:
        return None
    if a <= 0 or b <= 0 or x < 0 or x > 1:
        return math.nan
    lbeta = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    try:
        return math.exp(lbeta + (a - 1) * math.log(x) + (b - 1) * math.log(1 - x))
    except ValueError:
        return math.inf


def _schema_of(v):
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "long"
    if isinstance(v, float):
        return "double"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        inner = None
        for e in v:
            if e is not None:
                inner = _schema_merge(inner, _schema_of(e))
        return {"indexer": inner} if inner is not None else {"indexer": None}
    if isinstance(v, dict):
        return {k: _schema_of(x) for k, x in v.items() if x is not None}
    return None


def _schema_merge(a, b):
    """Union of two schemas: bags merge key-wise; differing kinds become a list."""
    if a is None:
        return b
    if b is None:
        return a
    alts = a if isinstance(a, list) else [a]
    for alt in (b if isinstance(b, list) else [b]):
        for i, x in enumerate(alts):
            if isinstance(x, dict) and isinstance(alt, dict) and (("indexer" in x) == ("indexer" in alt)):
                merged = dict(x)
                for k, v in alt.items():
                    merged[k] = _schema_merge(merged.get(k), v)
                alts[i] = merged
                break
            if x == alt:
                break
        else:
            alts.append(alt)
    return alts[0] if len(alts) == 1 else alts


def buildschema(text):
    if text is None:
        return None
    out = None
    for v in json.loads(text):
        if v is not None:
            out = _schema_merge(out, _schema_of(v))
    return None if out is None else _dumps(out)


def parse_user_agent(ua, kinds):
    from hunt.functions import useragent
    if ua is None:
        return None
    return _dumps(useragent.parse(ua, kinds or "browser"))


# (name, function, parameter types, return type, null handling "special" = fn sees None)
_UDFS = [
    ("kql_real_text_py", real_text, ["DOUBLE"], "VARCHAR"),
    ("kql_parse_url_py", parse_url, ["VARCHAR"], "VARCHAR"),
    ("kql_parse_path_py", parse_path, ["VARCHAR"], "VARCHAR"),
    ("kql_parse_command_line_py", parse_command_line, ["VARCHAR", "VARCHAR"], "VARCHAR"),
    ("kql_parse_csv_py", parse_csv, ["VARCHAR"], "VARCHAR"),
    ("kql_parse_xml_py", parse_xml, ["VARCHAR"], "VARCHAR"),
    ("kql_parse_user_agent_py", parse_user_agent, ["VARCHAR", "VARCHAR"], "VARCHAR"),
    ("kql_url_encode_py", url_encode, ["VARCHAR", "BOOLEAN"], "VARCHAR"),
    ("kql_url_decode_py", url_decode, ["VARCHAR"], "VARCHAR"),
    ("kql_parse_ipv6_mask_py", parse_ipv6_mask, ["VARCHAR", "BIGINT"], "VARCHAR"),
    ("kql_ipv6_compare_py", ipv6_compare, ["VARCHAR", "VARCHAR", "BIGINT"], "BIGINT"),
    ("kql_ipv6_is_in_range_py", ipv6_is_in_range, ["VARCHAR", "VARCHAR"], "BOOLEAN"),
    ("kql_ipv6_is_in_any_range_py", ipv6_is_in_any_range, ["VARCHAR", "VARCHAR[]"], "BOOLEAN"),
    ("kql_xxhash64_py", xxhash_bytes, ["BLOB"], "BIGINT"),
    ("kql_hash_combine_py", hash_combine, ["BIGINT[]"], "BIGINT"),
    ("kql_indexof_py", indexof, ["VARCHAR", "VARCHAR", "BIGINT", "BIGINT", "BIGINT"], "BIGINT"),
    ("kql_zlib_compress_py", zlib_compress, ["VARCHAR"], "VARCHAR"),
    ("kql_replace_strings_py", replace_strings, ["VARCHAR", "VARCHAR[]", "VARCHAR[]"], "VARCHAR"),
    ("kql_zlib_decompress_py", zlib_decompress, ["VARCHAR"], "VARCHAR"),
    ("kql_gzip_compress_py", gzip_compress, ["VARCHAR"], "VARCHAR"),
    ("kql_gzip_decompress_py", gzip_decompress, ["VARCHAR"], "VARCHAR"),
    ("kql_punycode_from_py", punycode_from, ["VARCHAR"], "VARCHAR"),
    ("kql_punycode_to_py", punycode_to, ["VARCHAR"], "VARCHAR"),
    ("kql_punycode_domain_from_py", punycode_domain_from, ["VARCHAR"], "VARCHAR"),
    ("kql_punycode_domain_to_py", punycode_domain_to, ["VARCHAR"], "VARCHAR"),
    ("kql_base64_from_guid_py", base64_from_guid, ["VARCHAR"], "VARCHAR"),
    ("kql_parse_version_py", parse_version, ["VARCHAR"], "VARCHAR"),
    ("kql_base64_to_guid_py", base64_to_guid, ["VARCHAR"], "VARCHAR"),
    ("kql_format_bytes_py", format_bytes, ["DOUBLE", "BIGINT", "VARCHAR"], "VARCHAR"),
    ("kql_format_datetime_py", format_datetime, ["TIMESTAMP", "VARCHAR"], "VARCHAR"),
    ("kql_format_timespan_py", format_timespan, ["BIGINT", "VARCHAR"], "VARCHAR"),
    ("kql_erf_py", erf, ["DOUBLE"], "DOUBLE"),
    ("kql_buildschema_py", buildschema, ["VARCHAR"], "VARCHAR"),
    ("kql_beta_cdf_py", beta_cdf, ["DOUBLE", "DOUBLE", "DOUBLE"], "DOUBLE"),
    ("kql_beta_inv_py", beta_inv, ["DOUBLE", "DOUBLE", "DOUBLE"], "DOUBLE"),
    ("kql_beta_pdf_py", beta_pdf, ["DOUBLE", "DOUBLE", "DOUBLE"], "DOUBLE"),
    ("kql_erfc_py", erfc, ["DOUBLE"], "DOUBLE"),
]

_ARROW = {"VARCHAR": pa.string(), "BIGINT": pa.int64(), "BOOLEAN": pa.bool_(),
          "DOUBLE": pa.float64()}


def _arrow_udf(fn, out_type, arity):
    # DuckDB checks the Python signature against the parameter list: one named parameter each
    if arity == 1:
        return lambda a: _map(fn, a, out=out_type)
    if arity == 2:
        return lambda a, b: _map(fn, a, b, out=out_type)
    if arity == 3:
        return lambda a, b, c: _map(fn, a, b, c, out=out_type)
    if arity == 4:
        return lambda a, b, c, d: _map(fn, a, b, c, d, out=out_type)
    return lambda a, b, c, d, e: _map(fn, a, b, c, d, e, out=out_type)


def install(con) -> None:
    """Register every UDF on the connection (idempotent: existing ones are kept)."""
    have = {r[0] for r in con.execute(
        "SELECT function_name FROM duckdb_functions() WHERE function_name LIKE 'kql\\_%' ESCAPE '\\'"
    ).fetchall()}
    for name, fn, params, ret in _UDFS:
        if name in have:
            continue
        con.create_function(name, _arrow_udf(fn, _ARROW[ret], len(params)), params, ret, type="arrow",
                            null_handling="special", side_effects=False)
