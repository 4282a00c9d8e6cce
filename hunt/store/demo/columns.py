"""Vectorised column building: dictionary-encoded strings, typed numbers, the write schema.

Strings are written as Arrow dictionary arrays (int32 indices into a small list of values):
building one is a gather of integers, and Parquet stores them dictionary-encoded as plain
strings (the files carry no Arrow schema, so every reader sees `string`).
"""
from __future__ import annotations

import weakref
from collections import OrderedDict
from typing import Optional, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hunt import types as T
from hunt.store.layout import arrow_type

STR_TYPES = (T.STRING, T.GUID, T.DYNAMIC)
DICT_TYPE = pa.dictionary(pa.int32(), pa.string())

# String columns whose values are (nearly) unique per row: written plain, not dictionary-encoded
PLAIN_COLUMNS = {"ProcessUniqueId", "NetworkMessageId", "InternetMessageId", "CorrelationId",
                 "RequestId", "UniqueTokenId", "SessionId", "AlertId", "EmailClusterId"}
PLAIN_TABLE_COLUMNS = {("EmailEvents", "ReportId"), ("EmailAttachmentInfo", "ReportId"),
                       ("EmailUrlInfo", "ReportId"), ("EmailPostDeliveryEvents", "ReportId"),
                       ("UrlClickEvents", "ReportId"), ("CloudAppEvents", "ReportId"),
                       ("IdentityLogonEvents", "ReportId"), ("IdentityQueryEvents", "ReportId"),
                       ("IdentityDirectoryEvents", "ReportId"), ("EntraIdSignInEvents", "ReportId"),
                       ("AADSignInEventsBeta", "ReportId"), ("IdentityInfo", "ReportId")}


def is_plain(table: str, column: str) -> bool:
    return column in PLAIN_COLUMNS or (table, column) in PLAIN_TABLE_COLUMNS


def write_type(ktype: str, plain: bool = False):
    if ktype in STR_TYPES:
        return pa.string() if plain else DICT_TYPE
    return arrow_type(ktype)


def write_schema(table_info) -> pa.Schema:
    return pa.schema([pa.field(c.name, write_type(c.type, is_plain(table_info.name, c.name)))
                      for c in table_info.columns])


def dictionary_columns(table_info) -> list[str]:
    return [c.name for c in table_info.columns
            if c.type in STR_TYPES and not is_plain(table_info.name, c.name)]


# -- compact dictionaries ---------------------------------------------------------------------
# The Parquet writer stores a column chunk's whole Arrow dictionary: a large one keeps only the
# entries rows use; every dictionary holds each value once. Both checks are passes over the
# rows, so they are skipped where they are known to hold already: arrays `mark`ed compact
# (built from compact parts, or gathered rows of a compact array), and dictionaries whose values
# are known distinct (`distinct_values`, cached by their buffers).

BIG_DICT = 4096
_MARKED: dict = {}          # id(array) -> weakref of the array


def prune(entries: int, rows: int) -> bool:
    """Whether a dictionary of `entries` for `rows` rows keeps only the entries used: large
    ones, and ones about as long as the column (small tables, where the pass is cheap)."""
    return entries > BIG_DICT or entries * 4 > rows


def mark(arr):
    """Record that `arr` (a DictionaryArray) is compact; returns it."""
    k = id(arr)

    def gone(ref, k=k):
        if _MARKED.get(k) is ref:
            del _MARKED[k]
    _MARKED[k] = weakref.ref(arr, gone)
    return arr


def is_marked(arr) -> bool:
    ref = _MARKED.get(id(arr))
    return ref is not None and ref() is arr


_DEDUP: "OrderedDict" = OrderedDict()   # buffers of a dictionary -> (dictionary, canon, distinct)
_DEDUP_BYTES = [0]
_DEDUP_LIMIT = 16 << 20
_CACHED_BYTES = 1 << 20


def _dict_key(d: pa.Array):
    return (d.type.id, tuple(b.address if b is not None else 0 for b in d.buffers()), d.offset, len(d))


def _remember(d: pa.Array, info) -> None:
    key = _dict_key(d)
    if key in _DEDUP:
        return
    _DEDUP[key] = info
    _DEDUP_BYTES[0] += d.nbytes
    while _DEDUP_BYTES[0] > _DEDUP_LIMIT and len(_DEDUP) > 1:
        _, old = _DEDUP.popitem(last=False)
        _DEDUP_BYTES[0] -= old[0].nbytes


def distinct_values(d: pa.Array, known: bool = False):
    """(canon, distinct) of a dictionary: canon is None when its values are already distinct,
    else int32 positions of each entry's value in `distinct` (first occurrences, in order).
    Small dictionaries (the vocabularies, used again and again) are cached while their buffers
    are (the cache holds a reference). known=True: the caller guarantees distinct values
    (nothing is hashed)."""
    if known:
        return None, d
    small = d.nbytes <= _CACHED_BYTES
    key = _dict_key(d) if small else None
    hit = _DEDUP.get(key) if small else None
    if hit is not None:
        _DEDUP.move_to_end(key)
        return hit[1], hit[2]
    enc = pc.dictionary_encode(d)
    if len(enc.dictionary) == len(d):
        info = (d, None, d)
    else:
        info = (d, enc.indices.to_numpy(zero_copy_only=False).astype(np.int32), enc.dictionary)
    if small:
        _remember(d, info)
    return info[1], info[2]


def _known_distinct(d: pa.Array) -> bool:
    if d.nbytes > _CACHED_BYTES:
        return False
    key = _dict_key(d)
    hit = _DEDUP.get(key)
    if hit is None:
        return False
    _DEDUP.move_to_end(key)
    return hit[1] is None


def compact(arr: pa.DictionaryArray, distinct: bool = False) -> pa.DictionaryArray:
    """A dictionary holding only the entries rows use (Parquet writes the whole dictionary),
    each once (the Parquet writer's output depends on process state when an Arrow dictionary
    repeats a value, which would break byte-identical files). distinct=True: the caller
    knows the dictionary's values are distinct."""
    if is_marked(arr):
        return arr
    if arr.null_count:
        return mark(pc.dictionary_encode(arr.cast(pa.string())))
    d = arr.dictionary
    if not prune(len(d), len(arr)):
        canon, values = distinct_values(d, known=distinct)
        if canon is None:
            return mark(arr)
        idx = canon[arr.indices.to_numpy(zero_copy_only=False)]
        return mark(pa.DictionaryArray.from_arrays(pa.array(idx, type=pa.int32()), values, safe=False))
    idx = arr.indices.to_numpy(zero_copy_only=False)
    used = np.zeros(len(d), dtype=bool)
    used[idx] = True
    known = distinct or _known_distinct(d)
    if not used.all():
        keep = np.flatnonzero(used)
        remap = np.full(len(d), -1, dtype=np.int32)
        remap[keep] = np.arange(len(keep), dtype=np.int32)
        idx = remap[idx]
        d = d.take(pa.array(keep))
    if not known:
        enc = pc.dictionary_encode(d)
        if len(enc.dictionary) < len(d):
            idx = enc.indices.to_numpy(zero_copy_only=False).astype(np.int32)[idx]
            d = enc.dictionary
    if d is arr.dictionary:
        return mark(arr)
    return mark(pa.DictionaryArray.from_arrays(pa.array(idx, type=pa.int32()), d, safe=False))


def normalise(tab: pa.Table) -> pa.Table:
    """`compact` every dictionary column of a ready-made table."""
    cols = []
    for c in tab.columns:
        c = c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c
        cols.append(compact(c) if pa.types.is_dictionary(c.type) else c)
    return pa.Table.from_arrays(cols, schema=tab.schema)


class Strings:
    """An immutable pool of strings as an Arrow array, with a value → index map on demand."""

    def __init__(self, values: Sequence[str]):
        self.values = list(values)
        self.array = pa.array(self.values, type=pa.string())
        self._index: Optional[dict] = None

    def index(self, value: str) -> int:
        if self._index is None:
            self._index = {v: i for i, v in enumerate(self.values)}
        return self._index[value]

    def take(self, idx: np.ndarray) -> pa.DictionaryArray:
        return dict_array(idx, self.array)

    def __len__(self):
        return len(self.values)


def take_rows(arr, idx: np.ndarray, pidx=None):
    """arr[idx] for any column: NumPy gathers for dictionary indices and numbers without nulls,
    Arrow's take for the rest (pidx: idx as an Arrow array, if the caller has it)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if isinstance(arr, pa.DictionaryArray):
        out = pa.DictionaryArray.from_arrays(
            pa.array(np.take(arr.indices.to_numpy(zero_copy_only=False), idx)), arr.dictionary, safe=False)
        return out
    t = arr.type
    if arr.null_count == 0 and (pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_timestamp(t)):
        vals = np.take(arr.to_numpy(zero_copy_only=False), idx)
        return pa.Array.from_buffers(t, len(vals), [None, pa.py_buffer(np.ascontiguousarray(vals))])
    return arr.take(pidx if pidx is not None else pa.array(idx))


def dict_array(indices: np.ndarray, dictionary) -> pa.DictionaryArray:
    if not isinstance(dictionary, pa.Array):
        dictionary = pa.array(list(dictionary), type=pa.string())
    idx = np.ascontiguousarray(indices, dtype=np.int32)
    return pa.DictionaryArray.from_arrays(pa.array(idx, type=pa.int32()), dictionary, safe=False)


_ZEROS: dict = {}


def _zero_indices(n: int) -> pa.Array:
    """An int32 array of n zeros, shared (Arrow arrays are immutable)."""
    z = _ZEROS.get(n)
    if z is None:
        if len(_ZEROS) > 64:
            _ZEROS.clear()
        z = _ZEROS[n] = pa.array(np.zeros(n, dtype=np.int32))
    return z


def const_str(n: int, value: str) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(_zero_indices(n), pa.array([value], type=pa.string()), safe=False)


def masked_dict(indices: np.ndarray, valid: np.ndarray, dictionary: pa.Array):
    """Dictionary array where rows not `valid` show the empty string."""
    if valid is None or valid.all():
        return dict_array(indices, dictionary)
    d = pa.concat_arrays([dictionary, pa.array([""], type=pa.string())])
    idx = np.where(valid, indices, len(dictionary)).astype(np.int32)
    return dict_array(idx, d)


def scatter_dict(n: int, valid: np.ndarray, values: pa.DictionaryArray) -> pa.DictionaryArray:
    """A length-n dictionary column: rows where `valid` take `values` in order, others ''."""
    if valid.all():
        return values
    d = pa.concat_arrays([values.dictionary, pa.array([""], type=pa.string())])
    idx = np.full(n, len(values.dictionary), dtype=np.int32)
    idx[valid] = values.indices.to_numpy(zero_copy_only=False)
    return pa.DictionaryArray.from_arrays(pa.array(idx), d, safe=False)


def dict_where(mask: np.ndarray, a: pa.DictionaryArray, b) -> pa.DictionaryArray:
    """Row-wise choice between two dictionary columns (or a dictionary column and a str)."""
    if isinstance(b, str) and is_marked(a) and not a.null_count:
        # a compact column or a string: its distinct values and the string, once
        d = a.dictionary
        pos = pc.index(d, b).as_py()
        if pos < 0:
            pos, d = len(d), pa.concat_arrays([d, pa.array([b], type=pa.string())])
        idx = np.where(mask, a.indices.to_numpy(zero_copy_only=False), pos).astype(np.int32)
        return compact(pa.DictionaryArray.from_arrays(pa.array(idx), d, safe=False), distinct=True)
    if isinstance(b, str):
        b = const_str(len(mask), b)
    ai = a.indices.to_numpy(zero_copy_only=False)
    bi = b.indices.to_numpy(zero_copy_only=False) + len(a.dictionary)
    idx = np.where(mask, ai, bi).astype(np.int32)
    return pa.DictionaryArray.from_arrays(pa.array(idx), pa.concat_arrays([a.dictionary, b.dictionary]), safe=False)


def derive_dict(arr: pa.DictionaryArray, fn) -> pa.DictionaryArray:
    """Apply a Python function to each distinct value (not each row) of a dictionary column."""
    vals = [fn(v) for v in arr.dictionary.to_pylist()]
    return pa.DictionaryArray.from_arrays(arr.indices, pa.array(vals, type=pa.string()), safe=False)


def strings_from_arrow(arr) -> pa.DictionaryArray:
    """Any Arrow string array → dictionary array (hash-based, C++)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_dictionary(arr.type):
        return arr
    return pc.dictionary_encode(arr)


def encoded(arr: pa.Array):
    """(int32 indices, dictionary) of a string array (hash-based, C++); a dictionary array is
    returned as it is (its dictionary may repeat values)."""
    enc = pc.dictionary_encode(arr)
    return enc.indices.to_numpy(zero_copy_only=False).astype(np.int32), enc.dictionary


def numeric(values, ktype: str, valid: Optional[np.ndarray] = None):
    typ = arrow_type(ktype)
    mask = None if valid is None or valid.all() else ~np.asarray(valid, dtype=bool)
    if ktype == T.DATETIME:
        return pa.array(np.asarray(values, dtype=np.int64), type=pa.timestamp("us"), mask=mask)
    if ktype == T.BOOL:
        return pa.array(np.asarray(values, dtype=bool), type=pa.bool_(), mask=mask)
    if ktype == T.REAL:
        return pa.array(np.asarray(values, dtype=np.float64), type=typ, mask=mask)
    np_type = np.int32 if ktype == T.INT else np.int64
    return pa.array(np.asarray(values, dtype=np_type), type=typ, mask=mask)


def finish(table_info, n: int, cols: dict) -> pa.Table:
    """A Table in the table's column order and write types; absent columns are empty strings
    (string-like) or nulls."""
    arrays = []
    fields = []
    for c in table_info.columns:
        plain = is_plain(table_info.name, c.name)
        wt = write_type(c.type, plain)
        v = cols.get(c.name)
        if v is None:
            if wt == DICT_TYPE:
                arr = const_str(n, "")
            elif plain:
                arr = const_str(n, "").cast(pa.string())
            else:
                arr = pa.nulls(n, type=wt)
        elif isinstance(v, (pa.Array, pa.ChunkedArray)):
            arr = v
            if isinstance(arr, pa.ChunkedArray):
                arr = arr.combine_chunks()
            if wt == DICT_TYPE and not pa.types.is_dictionary(arr.type):
                arr = strings_from_arrow(arr.cast(pa.string()))
            elif wt == DICT_TYPE:
                arr = compact(arr)
            elif arr.type != wt:
                arr = arr.cast(wt)
        elif isinstance(v, str):
            arr = const_str(n, v) if wt == DICT_TYPE else const_str(n, v).cast(wt)
        else:
            arr = numeric(v, c.type) if wt != DICT_TYPE else \
                strings_from_arrow(pa.array(v, type=pa.string()))
        if len(arr) != n:
            raise ValueError(f"{table_info.name}.{c.name}: {len(arr)} values for {n} rows")
        arrays.append(arr)
        fields.append(pa.field(c.name, wt))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def from_records(table_info, records: list[dict]) -> pa.Table:
    """A few hand-made rows (attack stories) → a Table with the write schema."""
    return from_columns(table_info, {c.name: [r.get(c.name) for r in records] for c in table_info.columns},
                        len(records))


def from_columns(table_info, lists: dict, n: Optional[int] = None) -> pa.Table:
    """Python lists of values per column (absent columns: None) → a Table with the write
    schema."""
    if n is None:
        n = len(next(iter(lists.values()))) if lists else 0
    cols: dict = {}
    for c in table_info.columns:
        vals = lists.get(c.name)
        if vals is None or all(v is None for v in vals):
            continue
        if c.type in STR_TYPES:
            try:
                arr = pa.array(vals, type=pa.string())      # str or None only
            except (pa.ArrowTypeError, pa.ArrowInvalid):
                import json as _json
                arr = pa.array([("" if v is None else v if isinstance(v, str) else
                                 _json.dumps(v, separators=(",", ":"))) for v in vals], type=pa.string())
            cols[c.name] = arr.fill_null("") if arr.null_count else arr
        elif c.type == T.DATETIME:
            cols[c.name] = pa.array([None if v is None else int(v) for v in vals],
                                    type=pa.timestamp("us"))
        else:
            cols[c.name] = pa.array(vals, type=arrow_type(c.type))
    return finish(table_info, n, cols)


def choose(rng: np.random.Generator, n: int, weights) -> np.ndarray:
    """n draws of indices according to weights (vectorised inverse CDF)."""
    w = np.asarray(weights, dtype=np.float64)
    c = np.cumsum(w)
    if c[-1] <= 0:
        return np.zeros(n, dtype=np.int64)
    u = rng.random(n)
    if n < 4096 or len(c) < 16:
        return np.searchsorted(c, u * c[-1], side="right").clip(0, len(w) - 1)
    return _inverse_cdf(c, u).clip(0, len(w) - 1)


def _inverse_cdf(c: np.ndarray, u: np.ndarray) -> np.ndarray:
    """searchsorted(c, u * c[-1], side='right') for many u in [0, 1), the same numbers: a
    table of buckets of u answers directly where a bucket spans no step of the CDF (most
    rows); the others search."""
    k = max(4 * len(c), min(len(u) // 4, 1 << 16))
    edges = np.arange(k + 1, dtype=np.float64) / k * c[-1]
    # bounds a little wider than the bucket, so rounding never puts a row outside them
    lo = np.searchsorted(c, edges[:-1] * (1 - 1e-9) - 1e-300, side="right")
    hi = np.searchsorted(c, edges[1:] * (1 + 1e-9) + 1e-300, side="right")
    b = np.minimum((u * k).astype(np.int64), k - 1)
    out = lo[b]
    amb = np.flatnonzero(hi[b] != out)
    if len(amb):
        out[amb] = np.searchsorted(c, u[amb] * c[-1], side="right")
    return out


def unique_ints(a: np.ndarray) -> np.ndarray:
    """np.unique of an integer array (the same sorted values), by counting when the values
    span a small range, else by sorting (NumPy's hash-based unique is slower for both)."""
    a = np.asarray(a)
    if len(a) == 0 or a.dtype.kind not in "iu":
        return np.unique(a)
    lo, hi = int(a.min()), int(a.max())
    if hi - lo < max(4 * len(a), 1 << 16):
        b = a.astype(np.int64, copy=False)
        return (np.flatnonzero(np.bincount(b - lo if lo else b)) + lo).astype(a.dtype, copy=False)
    s = np.sort(a)
    keep = np.empty(len(s), dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]


def lex_order(keys) -> np.ndarray:
    """np.lexsort(keys) (the last key is the primary one), as stable sorts from the least
    significant key up."""
    order = stable_order(keys[0])
    for k in keys[1:]:
        order = np.take(order, stable_order(np.take(k, order)))
    return order


def stable_order(keys: np.ndarray) -> np.ndarray:
    """np.argsort(keys, kind='stable'): a radix sort when the keys span < 65536 values, else
    a sort of (key, position) packed in one int64 when they fit (no ties: any sort is
    stable)."""
    k = np.asarray(keys)
    if len(k) > 1024 and k.dtype.kind in "iu":
        lo, hi = int(k.min()), int(k.max())
        if hi - lo < 65536:
            return np.argsort((k - lo).astype(np.uint16) if lo else k.astype(np.uint16), kind="stable")
        bits = max(1, (len(k) - 1).bit_length())
        if (hi - lo) < (1 << (62 - bits)):
            packed = ((k.astype(np.int64) - lo) << np.int64(bits)) | np.arange(len(k), dtype=np.int64)
            packed.sort()
            return packed & np.int64((1 << bits) - 1)
    return np.argsort(k, kind="stable")


class PoolSampler:
    """Per-row choice among per-group weighted options, for many groups at once.

    groups: list (one per group id) of lists of (value, weight). sample(rng, gid) returns, for
    each row, the chosen value's position in `values` (flattened across groups)."""

    def __init__(self, groups: list):
        values, cdf, offs = [], [], [0]
        for g, opts in enumerate(groups):
            if not opts:
                opts = [(None, 1.0)]
            w = np.array([max(float(o[1]), 0.0) for o in opts])
            if w.sum() <= 0:
                w = np.ones(len(opts))
            c = np.cumsum(w) / w.sum()
            c[-1] = 1.0
            cdf.extend(g + c)
            values.extend(o[0] for o in opts)
            offs.append(len(values))
        self.values = values
        self.cdf = np.array(cdf)
        self.offs = np.array(offs)
        self.single = np.array([offs[i + 1] - offs[i] == 1 for i in range(len(groups))])

    def sample(self, rng: np.random.Generator, gid: np.ndarray) -> np.ndarray:
        pos = self.offs[gid]
        multi = ~self.single[gid]
        if multi.any():
            g = gid[multi]
            u = rng.random(len(g))
            p = np.searchsorted(self.cdf, g + u, side="right")
            pos = pos.copy()
            pos[multi] = np.minimum(p, self.offs[g + 1] - 1)
        return pos
