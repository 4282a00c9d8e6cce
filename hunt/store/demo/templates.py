"""A generic template table: event kinds with weights and per-column value specs, compiled
once, evaluated column-wise for many rows (the identity, mail, cloud-app and alert tables).

Column value specs:
    "text {placeholders}"          a template (render.py), rendered with the row's account,
                                   device and variant
    [(spec, weight), ...]          a weighted choice of templates or numbers
    ("int", lo, hi) / ("real", lo, hi) / ("bool", p)   random numbers
    ("acct", attr) / ("dev", attr) an attribute of the row's account / device
    ("ctx", name)                  an array the family computed for the rows
    123, 1.5, True                 constants
"""
from __future__ import annotations

import json
from typing import Optional

import numpy as np
import pyarrow as pa

from hunt import types as T
from hunt.store.demo.columns import PoolSampler, const_str, numeric, unique_ints


class TemplateTable:
    def __init__(self, renderer, table_info, kinds: dict, accounts_pools: dict, device_pools: dict):
        self.r = renderer
        self.info = table_info
        self.names = list(kinds)
        self.kinds = kinds
        self.weight = np.array([float(k.get("weight", 1.0)) for k in kinds.values()])
        self.acc = accounts_pools
        self.dev = device_pools
        self.cols = {}
        types = {c.name: c.type for c in table_info.columns}
        used = set()
        for k in kinds.values():
            used |= {c for c in k if c not in ("weight",) and not c.startswith("_")}
        for col in sorted(used):
            if col not in types:
                raise KeyError(f"{table_info.name}: no column {col}")
            self.cols[col] = self._compile(col, types[col])

    def _compile(self, col, ktype):
        groups = []
        for name in self.names:
            v = self.kinds[name].get(col)
            if v is None:
                groups.append([(None, 1.0)])
                continue
            opts = v if isinstance(v, list) else [(v, 1.0)]
            groups.append([(o, w) for o, w in opts])
        sampler = PoolSampler(groups)
        # options with the same (non-random) spec in several kinds share one position, so that
        # a column most kinds fill alike is built once, not once per kind
        first: dict = {}
        canon = np.arange(len(sampler.values))
        for i, v in enumerate(sampler.values):
            if isinstance(v, tuple) and v and v[0] in ("int", "real", "bool"):
                continue
            key = (type(v).__name__, json.dumps(v, sort_keys=True, default=str))
            canon[i] = first.setdefault(key, i)
        sampler.canon = canon
        return sampler

    def build(self, rng, kind: np.ndarray, acct: np.ndarray, dev: np.ndarray, param: np.ndarray,
              ctx: Optional[dict] = None) -> dict:
        n = len(kind)
        out = {}
        types = {c.name: c.type for c in self.info.columns}
        for col, sampler in self.cols.items():
            pos = sampler.canon[sampler.sample(rng, kind)]
            values = sampler.values
            ktype = types[col]
            out[col] = self._column(rng, col, ktype, values, pos, acct, dev, param, ctx or {}, n)
        return out

    def _column(self, rng, col, ktype, values, pos, acct, dev, param, ctx, n):
        # classify options
        uniq = unique_ints(pos)
        kinds = {type(values[u]).__name__ if not isinstance(values[u], tuple) else values[u][0]
                 for u in uniq}
        is_str = ktype in (T.STRING, T.GUID, T.DYNAMIC)
        if is_str and kinds <= {"str", "NoneType", "dict", "json"}:
            tpl = np.array([self.r.tpl(v) if _is_tpl(v) else 0 for v in values], dtype=np.int64)
            return self.r.column(tpl[pos], param, acct, dev)
        if len(uniq) == 1:
            return self._single(rng, col, ktype, values[uniq[0]], acct, dev, param, ctx, n)
        # mixed: evaluate per option and scatter
        parts = {}
        for u in uniq:
            m = pos == u
            parts[u] = (m, self._single(rng, col, ktype, values[u], acct[m], dev[m], param[m], ctx, int(m.sum()),
                                        mask=m))
        if is_str:
            idx = np.zeros(n, dtype=np.int32)
            dicts, base = [], 0
            for u, (m, arr) in parts.items():
                if isinstance(arr, str):
                    arr = const_str(int(m.sum()), arr)
                if not isinstance(arr, pa.DictionaryArray):
                    arr = pa.compute.dictionary_encode(arr.cast(pa.string()))
                idx[m] = arr.indices.to_numpy(zero_copy_only=False) + base
                base += len(arr.dictionary)
                dicts.append(arr.dictionary)
            return pa.DictionaryArray.from_arrays(pa.array(idx), pa.concat_arrays(dicts), safe=False)
        vals = np.zeros(n, dtype=np.float64 if ktype == T.REAL else np.int64 if ktype != T.BOOL else bool)
        valid = np.ones(n, dtype=bool)
        for u, (m, arr) in parts.items():
            if arr is None:
                valid[m] = False
            else:
                a = np.asarray(arr)
                vals[m] = a
        return numeric(vals, ktype, valid)

    def _single(self, rng, col, ktype, v, acct, dev, param, ctx, n, mask=None):
        is_str = ktype in (T.STRING, T.GUID, T.DYNAMIC)
        if v is None:
            return const_str(n, "") if is_str else (None if mask is not None else numeric(np.zeros(n), ktype, np.zeros(n, bool)))
        if _is_tpl(v):
            if not is_str:
                raise ValueError(f"{col}: template for a {ktype} column")
            tid = self.r.tpl(v)
            return self.r.column(np.full(n, tid), param, acct, dev)
        if isinstance(v, tuple):
            kind = v[0]
            if kind == "int":
                a = rng.integers(v[1], v[2] + 1, n)
                return a if mask is not None else numeric(a, ktype)
            if kind == "real":
                a = v[1] + rng.random(n) * (v[2] - v[1])
                return a if mask is not None else numeric(a, ktype)
            if kind == "bool":
                a = rng.random(n) < v[1]
                return a if mask is not None else numeric(a, ktype)
            if kind == "acct":
                pool = self.acc[v[1]]
                return pool.take(acct) if is_str else numeric(pool[acct], ktype)
            if kind == "dev":
                pool = self.dev[v[1]]
                return pool.take(dev) if is_str else numeric(pool[dev], ktype)
            if kind == "ctx":
                arr = ctx[v[1]]
                if mask is not None:
                    arr = arr.filter(pa.array(mask)) if isinstance(arr, pa.Array) else arr[mask]
                return arr
            raise ValueError(f"bad spec {v!r}")
        if isinstance(v, (str, dict, list)):
            if not is_str:
                raise ValueError(f"{col}: template for a {ktype} column")
            tid = self.r.tpl(v)
            return self.r.column(np.full(n, tid), param, acct, dev)
        if is_str:
            return const_str(n, str(v))
        a = np.full(n, v)
        return a if mask is not None else numeric(a, ktype)


def _is_tpl(v) -> bool:
    return isinstance(v, (str, dict)) or (isinstance(v, tuple) and len(v) == 2 and v[0] == "json")
