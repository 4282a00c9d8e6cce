"""String templates, rendered column-wise with Arrow kernels (never one Python call per
event).

A template is text with placeholders: `{sam}`, `{host}`, `{doc}`, `{pick:a|b|c}`,
`{n:10-99}`, `{guid}`, `{b64ps:inventory}` ... It is compiled once into parts (literals and
fields). A column for rows (template id, variant, account, device) is built per template
group: each field becomes an Arrow string array (a gather from a small pool, indexed by a
vectorised hash of the row's variant, or by its account/device), the parts are joined with
`binary_join_element_wise`, and the groups are put back in row order.

The same placeholder name gives the same value within a row (a file's folder and name agree).
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import zlib
from typing import Callable, Optional

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hunt.store.demo.columns import stable_order, unique_ints
from hunt.store.demo.vocab import strings as V

VARIANTS = 4096
_FIELD = re.compile(r"{(\w+)(?::([^{}]*))?}")
_HEXCHARS = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def _mix(x: np.ndarray) -> np.ndarray:
    z = np.asarray(x, dtype=np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def _salt(name: str) -> np.uint64:
    return np.uint64(int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "little"))


def _strs(values) -> pa.Array:
    return pa.array(list(values), type=pa.string())


def _hex_from(h: np.ndarray, nchars: int) -> pa.Array:
    """Hex strings of nchars characters from uint64 hashes (chained for longer ones)."""
    n = len(h)
    cols = []
    cur = h
    while len(cols) * 16 < nchars:
        nib = ((cur[:, None] >> (np.arange(16, dtype=np.uint64) * np.uint64(4))) & np.uint64(15)).astype(np.uint8)
        cols.append(nib)
        cur = _mix(cur + np.uint64(0x5851F42D4C957F2D))
    nib = np.concatenate(cols, axis=1)[:, :nchars]
    chars = _HEXCHARS[nib]
    data = np.ascontiguousarray(chars).reshape(-1)
    offsets = np.arange(n + 1, dtype=np.int32) * nchars
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))


class _Ctx:
    """The rows of one template group: variants, accounts, devices."""

    def __init__(self, r: "Renderer", param, acct, dev):
        self.r = r
        self.param = np.asarray(param, dtype=np.int64) % VARIANTS
        self.acct = np.asarray(acct, dtype=np.int64)
        self.dev = np.asarray(dev, dtype=np.int64)
        self.n = len(self.param)
        self._h: dict = {}

    def h(self, name: str) -> np.ndarray:
        v = self._h.get(name)
        if v is None:
            v = _hash_param(self.param, name)
            self._h[name] = v
        return v

    def hdev(self, name: str) -> np.ndarray:
        v = self._h.get("dev:" + name)
        if v is None:
            v = _mix((self.param.astype(np.uint64) * np.uint64(131) + self.dev.astype(np.uint64))
                     ^ _salt(name))
            self._h["dev:" + name] = v
        return v


def _encode_keys(key: np.ndarray):
    """(distinct keys, int32 position of each row's key among them): a lookup table when the
    keys are small numbers, else hashing."""
    key = np.asarray(key, dtype=np.int64)
    hi = int(key.max())
    if hi < max(4 * len(key), 1 << 16) and int(key.min()) >= 0:
        present = np.zeros(hi + 1, dtype=bool)
        present[key] = True
        uk = np.flatnonzero(present)
        lookup = np.empty(hi + 1, dtype=np.int32)
        lookup[uk] = np.arange(len(uk), dtype=np.int32)
        return uk, np.take(lookup, key)
    enc = pc.dictionary_encode(pa.array(key, type=pa.int64()))
    return enc.dictionary.to_numpy(), enc.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)


def _hash_param(param: np.ndarray, name: str) -> np.ndarray:
    return _mix(np.asarray(param, dtype=np.uint64) * np.uint64(1_000_003) ^ _salt(name))


class _Field:
    """A placeholder: integer codes per row (few distinct values) and the strings of codes.
    `from_param` (fields that depend on the variant only): strings straight from variants."""
    __slots__ = ("codes", "values", "from_param", "source", "safe")

    def __init__(self, codes: Callable, values: Callable, from_param: Optional[Callable] = None,
                 source: Optional[str] = None, safe: Callable = lambda spec: False):
        self.codes = codes            # (ctx, spec) -> (int64 codes, cardinality)
        self.values = values          # (spec, unique codes) -> Arrow strings
        self.from_param = from_param  # (spec, unique variants) -> Arrow strings
        self.source = source          # fields with the same source share their codes (acct, dev)
        self.safe = safe              # spec -> True when no value holds '"' or '\' (no JSON escape)


class Renderer:
    def __init__(self, tenant):
        self.t = tenant
        self.texts: list = []
        self.parts: list = []
        self.ids: dict = {}
        self.files: dict[str, dict] = {}
        self._pools: dict = {}
        self._fields = _field_table(self)
        self.alt_flag = np.zeros(0, dtype=bool)     # template id -> is a set of alternatives
        self.tpl("")

    # -- templates ---------------------------------------------------------------------------
    def tpl(self, text) -> int:
        """Register a template: a str; ("json", obj) for a JSON document whose strings are
        templates (a value starting with '=' is inserted unquoted); ("sha1" | "sha256" |
        "md5" | "size", name) for the hashes of the file the rendered name designates;
        ("host_ip", url) for the address the URL's host resolves to."""
        if isinstance(text, (dict, list)):
            text = ("json", text)
        ident = text if isinstance(text, str) else (text[0], json.dumps(text[1], sort_keys=True))
        i = self.ids.get(ident)
        if i is None:
            i = len(self.texts)
            self.ids[ident] = i
            self.texts.append(text)
            self.parts.append(None)
            self.parts[i] = self._compile(text)
            if len(self.alt_flag) <= i:
                self.alt_flag = np.concatenate([self.alt_flag, np.zeros(i + 1 - len(self.alt_flag) + 64, dtype=bool)])
            self.alt_flag[i] = self.parts[i][0] == "alt"
        return i

    def _compile(self, text):
        if isinstance(text, str):
            alts = _alternatives(text)
            if alts:
                return ("alt", [self.tpl(a) for a in alts], zlib.crc32(text.encode()))
            return ("str", _split(text, False))
        kind, body = text
        if kind == "json":
            body = _json_template(body)
            kind = "jsontext"
        if kind == "jsontext":
            alts = _alternatives(body)
            if alts:
                return ("alt", [self.tpl(("jsontext", a)) for a in alts], zlib.crc32(body.encode()))
            return ("str", _split(body, True))
        return (kind, self.tpl(body))

    def _choose_alternatives(self, tplids, param):
        """Rows of templates with nested choices ({pick:a|b{x}}) take one alternative each,
        the same for the same variant."""
        if not self.alt_flag[tplids].any():
            return tplids
        tplids = tplids.copy()
        for tid in unique_ints(tplids[self.alt_flag[tplids]]):
            _, alt_ids, salt = self.parts[int(tid)]
            alts = np.array(alt_ids, dtype=np.int64)
            m = tplids == tid
            h = (param[m].astype(np.uint64) * np.uint64(2654435761) + np.uint64(salt)) >> np.uint64(7)
            tplids[m] = alts[(h % np.uint64(len(alts))).astype(np.int64)]
        return self._choose_alternatives(tplids, param)

    # -- columns -------------------------------------------------------------------------------
    def column(self, tplids, param=None, acct=None, dev=None) -> pa.DictionaryArray:
        """A dictionary-encoded string column: row i renders template tplids[i] with its
        variant/account/device. Strings are built once per distinct value."""
        tplids = np.asarray(tplids, dtype=np.int64)
        n = len(tplids)
        z = np.zeros(n, dtype=np.int64)
        param = z if param is None else np.asarray(param, dtype=np.int64)
        acct = z if acct is None else np.maximum(np.asarray(acct, dtype=np.int64), 0)
        dev = z if dev is None else np.asarray(dev, dtype=np.int64)
        if n == 0:
            return pa.DictionaryArray.from_arrays(pa.array([], type=pa.int32()), pa.array([], type=pa.string()), safe=False)
        tplids = self._choose_alternatives(tplids, param)
        first = tplids[0]
        if (tplids == first).all():
            idx, d = self._group(int(first), param, acct, dev)
            return pa.DictionaryArray.from_arrays(pa.array(idx, type=pa.int32()), d, safe=False)
        order = stable_order(tplids)
        st = np.take(tplids, order)
        cuts = np.flatnonzero(st[1:] != st[:-1]) + 1
        starts = np.concatenate([[0], cuts])
        ends = np.concatenate([cuts, [n]])
        # the rows in template order: each group is a contiguous slice
        po, ao, do = np.take(param, order), np.take(acct, order), np.take(dev, order)
        sorted_idx = np.empty(n, dtype=np.int32)
        dicts = []
        base = 0
        for s0, e0 in zip(starts.tolist(), ends.tolist()):
            idx, d = self._group(int(st[s0]), po[s0:e0], ao[s0:e0], do[s0:e0])
            np.add(idx, base, out=sorted_idx[s0:e0], casting="unsafe")
            base += len(d)
            dicts.append(d)
        out = np.empty(n, dtype=np.int32)
        out[order] = sorted_idx
        return pa.DictionaryArray.from_arrays(pa.array(out, type=pa.int32()), pa.concat_arrays(dicts), safe=False)

    def _group(self, tid: int, param, acct, dev):
        """(int32 indices, Arrow dictionary) of one template's rows."""
        kind, spec = self.parts[tid][:2]
        if kind == "alt":
            col = self.column(np.full(len(param), tid, dtype=np.int64), param, acct, dev)
            return col.indices.to_numpy(zero_copy_only=False).astype(np.int32), col.dictionary
        if kind != "str":
            idx, d = self._group(spec, param, acct, dev)
            return idx, self._derived(kind, d)
        ctx = _Ctx(self, param, acct, dev)
        fields = []
        key = None
        radix = 1
        plan = []
        pcard = 1
        for p in spec:
            if isinstance(p, str):
                continue
            name, fspec, esc = p
            f = self._fields.get(name)
            if f is None:
                raise KeyError(f"unknown template field {{{name}}}")
            plan.append((f, fspec, esc))
            if f.from_param is not None:
                pcard *= f.codes(ctx, fspec)[1] if pcard <= VARIANTS else 1
        by_param = pcard > VARIANTS
        param_radix = None
        shared: dict = {}
        for f, fspec, esc in plan:
            if f.source is not None and f.source in shared:
                rad, card = shared[f.source]
                fields.append((f, fspec, esc, rad, card))
                continue
            if by_param and f.from_param is not None:
                if param_radix is None:
                    param_radix = radix
                    key = ctx.param * radix if key is None else key + ctx.param * radix
                    radix *= VARIANTS
                fields.append((f, fspec, esc, param_radix, -VARIANTS))
                continue
            codes, card = f.codes(ctx, fspec)
            if f.source is not None:
                shared[f.source] = (radix, card)
            fields.append((f, fspec, esc, radix, card))
            if card > 1:
                key = codes * radix if key is None else key + codes * radix
            radix *= max(card, 1)
            if radix >= (1 << 62):
                raise ValueError(f"template {self.texts[tid]!r} has too many combinations")
        if key is None:
            text = "".join(x if isinstance(x, str) else "" for x in spec)
            if fields:
                vals = [f.values(fs, np.zeros(1, dtype=np.int64)) if card >= 0 else
                        f.from_param(fs, np.zeros(1, dtype=np.int64)) for f, fs, esc, _, card in fields]
                return np.zeros(ctx.n, dtype=np.int32), self._join(spec, vals, fields)
            return np.zeros(ctx.n, dtype=np.int32), pa.array([text], type=pa.string())
        uk, idx = _encode_keys(key)
        vals = []
        for f, fs, esc, rad, card in fields:
            if card < 0:
                vals.append(f.from_param(fs, (uk // rad) % VARIANTS))
                continue
            codes = (uk // rad) % max(card, 1)
            vals.append(f.values(fs, codes))
        return idx, self._join(spec, vals, fields)

    @staticmethod
    def _join(spec, vals, fields):
        arrays = []
        k = 0
        for p in spec:
            if isinstance(p, str):
                arrays.append(p)
            else:
                v = vals[k]
                if fields[k][2] and not fields[k][0].safe(fields[k][1]):
                    v = _json_escape(v)
                arrays.append(v)
                k += 1
        m = max(len(a) for a in arrays if not isinstance(a, str))
        arrays = [a if not isinstance(a, str) or True else a for a in arrays]
        if len(arrays) == 1:
            return arrays[0]
        # broadcast length-1 arrays (constant fields) to the others' length
        arrays = [a if isinstance(a, str) or len(a) == m else a.take(pa.array(np.zeros(m, dtype=np.int64)))
                  for a in arrays]
        return pc.binary_join_element_wise(*arrays, "")

    def _derived(self, kind: str, names: pa.Array) -> pa.Array:
        vals = names.to_pylist()
        if kind == "host_ip":
            out = [self.host_ip(v) for v in vals]
        else:
            out = [self.file_identity(v)[kind] if v else "" for v in vals]
        return _strs(out)

    # -- scalars ---------------------------------------------------------------------------------
    def format(self, text, param: int = 0, acct: int = -1, dev: int = -1) -> str:
        tid = self.tpl(text)
        col = self.column(np.array([tid]), np.array([param]), np.array([max(acct, 0)]),
                          np.array([max(dev, 0)]))
        return col.dictionary[col.indices[0].as_py()].as_py()

    def host_ip(self, url: str) -> str:
        """The address the host of a URL resolves to in the demo Internet."""
        host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        if not host:
            return ""
        ips = self.t.domain_ips.get(host)
        if ips is None:
            ips = self.t.ip_of(host, "hosting", 1)
        return ips[0]

    def file_identity(self, name: str) -> dict:
        """Hashes and size of the file known by `name` (registered for FileProfile)."""
        f = self.files.get(name)
        if f is None:
            if not name:
                return {"sha1": "", "sha256": "", "md5": "", "size": "0", "name": ""}
            sha1, sha256, md5 = self.t.ids.file_hashes("named", name)
            size = 2_000 + int(sha1[:6], 16) % 3_000_000
            f = {"sha1": sha1, "sha256": sha256, "md5": md5, "size": str(size), "name": name}
            self.files[name] = f
        return f

    def pool(self, key, values) -> pa.Array:
        p = self._pools.get(key)
        if p is None:
            p = _strs(values)
            self._pools[key] = p
        return p


# -- template text ---------------------------------------------------------------------------

def _split(text: str, json_mode: bool):
    """Literal strings and (field, spec, json-escape) tuples. '{{' and '}}' are braces.
    In JSON mode fields inside quoted strings are escaped; markers \x01...\x02 delimit raw
    (unquoted) insertions."""
    out = []
    buf = []
    esc = json_mode
    i = 0
    while i < len(text):
        c = text[i]
        if c == "{" and text.startswith("{{", i):
            buf.append("{")
            i += 2
            continue
        if c == "}" and text.startswith("}}", i):
            buf.append("}")
            i += 2
            continue
        if c == "{":
            m = _FIELD.match(text, i)
            if m:
                if buf:
                    out.append("".join(buf))
                    buf = []
                out.append((m.group(1), m.group(2) or "", esc))
                i = m.end()
                continue
        if c in "\x01\x02":
            esc = c == "\x02" and json_mode
            i += 1
            continue
        buf.append(c)
        i += 1
    if buf:
        out.append("".join(buf))
    return out


def _alternatives(text: str, limit: int = 256):
    """The texts a template with a nested choice stands for: '{pick:a|b{x}}' → 'a', 'b{x}'
    (recursively); None when it has none. '{{' and '}}' stay literal braces."""
    i = 0
    n = len(text)
    while i < n:
        if text.startswith("{{", i):
            i += 2
            continue
        if text.startswith("{pick:", i):
            depth, j, esc, nested = 1, i + 6, 0, False
            cuts = []
            while j < n and depth:
                if text.startswith("{{", j):
                    esc += 1
                    j += 2
                    continue
                c = text[j]
                if c == "}" and esc and text.startswith("}}", j):
                    esc -= 1
                    j += 2
                    continue
                if c == "{":
                    depth += 1
                    nested = True
                elif c == "}":
                    depth -= 1
                elif c == "|" and depth == 1:
                    cuts.append(j)
                j += 1
            if depth:
                return None
            if nested:
                body_start, end = i + 6, j - 1
                bounds = [body_start - 1] + cuts + [end]
                options = [text[bounds[k] + 1:bounds[k + 1]] for k in range(len(bounds) - 1)]
                out = []
                for o in options:
                    alt = text[:i] + o + text[j:]
                    sub = _alternatives(alt, limit)
                    out.extend(sub if sub else [alt])
                    if len(out) > limit:
                        raise ValueError(f"template {text!r} has too many alternatives")
                return out
            i = j
            continue
        i += 1
    return None


def _json_template(obj) -> str:
    """A JSON text whose string values keep their placeholders (braces of the JSON syntax
    itself doubled), values starting with '=' inserted without quotes."""
    def enc(o):
        if isinstance(o, str):
            if o.startswith("="):
                return "\x01" + o[1:] + "\x02"
            s = json.dumps(o)
            return s
        if isinstance(o, dict):
            return "{{" + ",".join(json.dumps(k) + ":" + enc(v) for k, v in o.items()) + "}}"
        if isinstance(o, (list, tuple)):
            return "[" + ",".join(enc(v) for v in o) + "]"
        return json.dumps(o)
    return enc(obj)


def _const(n: int, value: str) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, dtype=np.int32)),
                                          pa.array([value], type=pa.string()), safe=False).cast(pa.string())


def _always(spec) -> bool:
    return True


def _safe_pool(pool: pa.Array):
    """safe() of a field whose values come from `pool`: whether no value needs a JSON escape."""
    ok = not pc.any(pc.match_substring_regex(pool, r'["\\]')).as_py() if len(pool) else True
    return lambda spec: ok


def _json_escape(arr: pa.Array) -> pa.Array:
    arr = pc.replace_substring(arr, "\\", "\\\\")
    return pc.replace_substring(arr, '"', '\\"')


def _json_escape_str(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"')


# -- fields ----------------------------------------------------------------------------------

def _field_table(r: Renderer) -> dict[str, _Field]:
    t = r.t
    A, D = t.accounts, t.devices
    na, nd = max(1, len(A)), max(1, len(D))
    acc = {k: _strs(getattr(A, k)) for k in ("sam", "upn", "display", "given", "surname", "sid", "oid", "domain")}
    profile = _strs(["C:\\Users\\" + s if s and " " not in s and A.kind[i] >= 5 and s != "root"
                     else r"C:\Windows\System32\config\systemprofile" for i, s in enumerate(A.sam)])
    dev = {k: _strs(getattr(D, k)) for k in ("short", "name", "ip", "mac")}
    site_code = _strs([t.sites[s].code for s in D.site])
    site_pub = _strs([t.sites[s].public_ips[0] for s in D.site])
    hostsid = []
    for a in D.local_admin:
        sid = A.sid[a] if a >= 0 else ""
        hostsid.append(sid[len("S-1-5-21-"):-len("-500")] if sid.endswith("-500") else "0-0-0")
    hostsid = _strs(hostsid)
    user_of_host = _strs([A.sam[u] if u >= 0 else "administrator" for u in D.user])

    def take(pool):
        return lambda spec, codes: pool.take(pa.array(codes))

    def by_acct(pool):
        return _Field(lambda c, s: (c.acct, na), take(pool), source="acct", safe=_safe_pool(pool))

    def by_dev(pool):
        return _Field(lambda c, s: (c.dev, nd), take(pool), source="dev", safe=_safe_pool(pool))

    def pick_dev(name, idx_list, attr):
        idx = idx_list or t.dcs or [0]
        pool = _strs([getattr(D, attr)[i] for i in idx])
        k = np.uint64(len(idx))
        return _Field(lambda c, s: ((c.hdev(name) % k).astype(np.int64), len(idx)), take(pool),
                      safe=_safe_pool(pool))

    def const(v):
        arr = _strs([v])
        return _Field(lambda c, s: (np.zeros(c.n, dtype=np.int64), 1), lambda s, codes: arr.take(pa.array(codes)),
                      safe=_safe_pool(arr))

    def pool_of(name, values):
        pool = _strs(values)
        k = np.uint64(len(values))
        return _Field(lambda c, s: ((c.h(name) % k).astype(np.int64), len(values)), take(pool),
                      lambda s, p: pool.take(pa.array((_hash_param(p, name) % k).astype(np.int64))),
                      safe=_safe_pool(pool))

    def pick_codes(c, spec):
        k = spec.count("|") + 1
        return (c.h("pick" + spec) % np.uint64(k)).astype(np.int64), k

    def pick_values(spec, codes):
        return r.pool(("pick", spec), spec.split("|")).take(pa.array(codes))

    def pick_param(spec, p):
        k = spec.count("|") + 1
        return pick_values(spec, (_hash_param(p, "pick" + spec) % np.uint64(k)).astype(np.int64))

    def n_codes(name):
        def fn(c, spec):
            lo, _, hi = (spec or "1-999").partition("-")
            width = int(hi or lo) - int(lo) + 1
            if width > VARIANTS:
                return c.param.copy(), VARIANTS
            return (c.h(name + spec) % np.uint64(width)).astype(np.int64), width
        return fn

    def pooled(fn, size=lambda spec: VARIANTS):
        """fn(spec, codes) for codes below size(spec), computed once per spec for all codes
        and gathered (the values of a variant never change)."""
        cache: dict = {}

        def values(spec, codes):
            pool = cache.get(spec)
            if pool is None:
                pool = cache[spec] = (fn(spec, np.arange(size(spec), dtype=np.int64)), size(spec))
            codes = np.asarray(codes)
            if len(codes) and (codes.min() < 0 or codes.max() >= pool[1]):
                return fn(spec, codes)
            return pool[0].take(pa.array(codes))
        return values

    def n_values_of(name):
        def values(spec, codes):
            lo, _, hi = (spec or "1-999").partition("-")
            width = int(hi or lo) - int(lo) + 1
            if width > VARIANTS:
                codes = (_hash_param(codes, name + spec) % np.uint64(width)).astype(np.int64)
            arr = pa.array(int(lo) + codes).cast(pa.string())
            if lo.startswith("0") and len(lo) > 1:
                arr = pc.utf8_lpad(arr, len(lo), "0")
            return arr

        def width_of(spec):
            lo, _, hi = (spec or "1-999").partition("-")
            width = int(hi or lo) - int(lo) + 1
            return VARIANTS if width > VARIANTS else width

        values = pooled(values, width_of)

        def from_param(spec, p):
            lo, _, hi = (spec or "1-999").partition("-")
            width = int(hi or lo) - int(lo) + 1
            return values(spec, p if width > VARIANTS else (_hash_param(p, name + spec) % np.uint64(width)).astype(np.int64))
        return values, from_param

    def param_codes(c, spec):
        return c.param.copy(), VARIANTS

    def pid_values(spec, codes):
        return pa.array(4 * (200 + (_hash_param(codes, "pid") % np.uint64(9000)).astype(np.int64))).cast(pa.string())

    def hex_values(spec, codes):
        return _hex_from(_hash_param(codes, "hex" + spec), int(spec or 8))

    def guid_values(spec, codes):
        h = _hex_from(_hash_param(codes, "guid" + spec), 32)
        parts = [pc.utf8_slice_codeunits(h, 0, 8), "-", pc.utf8_slice_codeunits(h, 8, 12), "-4",
                 pc.utf8_slice_codeunits(h, 13, 16), "-a", pc.utf8_slice_codeunits(h, 17, 20), "-",
                 pc.utf8_slice_codeunits(h, 20, 32)]
        g = pc.binary_join_element_wise(*parts, "")
        return pc.utf8_upper(g) if spec == "U" else g

    pid_values, hex_values, guid_values = pooled(pid_values), pooled(hex_values), pooled(guid_values)

    def b64_codes(c, spec):
        scripts = V.ENCODED_SCRIPTS[spec]
        k = 1 if isinstance(scripts, str) else len(scripts)
        return (c.h("script" + spec) % np.uint64(k)).astype(np.int64), k

    def b64_param(spec, p):
        scripts = V.ENCODED_SCRIPTS[spec]
        k = 1 if isinstance(scripts, str) else len(scripts)
        return b64_values(spec, (_hash_param(p, "script" + spec) % np.uint64(k)).astype(np.int64))

    def b64_values(spec, codes):
        scripts = V.ENCODED_SCRIPTS[spec]
        if isinstance(scripts, str):
            scripts = [scripts]
        enc = [base64.b64encode(sc.replace("{{", "{").replace("}}", "}").encode("utf-16-le")).decode("ascii")
               for sc in scripts]
        return r.pool(("b64", spec), enc).take(pa.array(codes))

    from hunt.store.demo.vocab import web as W
    fields = {
        "sam": by_acct(acc["sam"]), "upn": by_acct(acc["upn"]), "mail": by_acct(acc["upn"]),
        "display": by_acct(acc["display"]), "given": by_acct(acc["given"]), "surname": by_acct(acc["surname"]),
        "sid": by_acct(acc["sid"]), "oid": by_acct(acc["oid"]), "acct_domain": by_acct(acc["domain"]),
        "profile": by_acct(profile),
        "host": by_dev(dev["short"]), "fqdn": by_dev(dev["name"]), "ip": by_dev(dev["ip"]), "mac": by_dev(dev["mac"]),
        "site": by_dev(site_code), "public_ip": by_dev(site_pub), "hostsid": by_dev(hostsid),
        "user_of_host": by_dev(user_of_host),
        "dc": pick_dev("dc", t.dcs, "short"), "dc_fqdn": pick_dev("dc", t.dcs, "name"),
        "srv": pick_dev("srv", t.servers, "short"),
        "fileserver": pick_dev("fs", t.role_devices.get("file"), "short"),
        "sqlserver": pick_dev("sql", t.role_devices.get("sql"), "short"),
        "webserver": pick_dev("web", t.role_devices.get("web"), "short"),
        "ws": pick_dev("ws", t.workstations, "short"), "ws_fqdn": pick_dev("ws", t.workstations, "name"),
        "ws_ip": pick_dev("ws", t.workstations, "ip"),
        "peer": pick_dev("peer", t.servers + t.dcs, "short"), "peer_ip": pick_dev("peer", t.servers + t.dcs, "ip"),
        "domain": const(t.domain), "DOMAIN": const(t.netbios), "ad_domain": const(t.ad_domain),
        "mail_domain": const(t.mail_domain), "tenant": const(t.tenant_short), "tenant_id": const(t.tenant_id),
        "n": _Field(n_codes("n"), *n_values_of("n"), safe=_always),
        "m": _Field(n_codes("m"), *n_values_of("m"), safe=_always),
        "pid": _Field(param_codes, pid_values, pid_values, safe=_always),
        "hex": _Field(param_codes, hex_values, hex_values, safe=_always),
        "guid": _Field(param_codes, guid_values, guid_values, safe=_always),
        "pick": _Field(pick_codes, pick_values, pick_param, safe=lambda spec: '"' not in spec and "\\" not in spec),
        "b64ps": _Field(b64_codes, b64_values, b64_param, safe=_always),
        "doc": pool_of("doc", V.DOCUMENTS), "stem": pool_of("stem", V.DOC_STEMS),
        "docx": pool_of("docx", [x + ".docx" for x in V.DOC_STEMS]),
        "xlsx": pool_of("xlsx", [x + ".xlsx" for x in V.DOC_STEMS]),
        "pdf": pool_of("pdf", [x + ".pdf" for x in V.DOC_STEMS]),
        "share": pool_of("share", V.SHARES), "task": pool_of("task", V.TASK_NAMES),
        "svc": pool_of("svc", V.SERVICE_NAMES), "group": pool_of("group", V.GROUPS),
        "site_url": pool_of("spsite", V.SHAREPOINT_SITES),
        "user2": pool_of("user2", [A.sam[p] for p in t.people]),
        "user2_upn": pool_of("user2", [A.upn[p] for p in t.people]),
        "browse": pool_of("browse", [d for d, _, _ in W.BROWSING]),
    }
    return fields
