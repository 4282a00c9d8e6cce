"""`hunt demo` internals the speed work relies on: days cut into several slices (the default
sizes fit one slice a day, so test_demo.py never cuts one), dictionary columns written
compact, and the vectorised helpers that replace NumPy calls (same answers)."""
from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import hunt
from hunt.store.demo import DemoConfig, generate
from hunt.store.demo import columns as C
from hunt.store.demo import writer as W

END = dt.datetime(2026, 3, 6, 15, 30)
CFG = DemoConfig(seed=5, users=30, devices=30, days=2, events_per_day=12_000, end=END)


@pytest.fixture(scope="module")
def sliced(tmp_path_factory, request):
    """A tenant whose days are cut into several slices each, written twice (2 workers, 1)."""
    mp = pytest.MonkeyPatch()
    mp.setattr(W, "SLICE_EVENTS", 2_500)
    try:
        a = tmp_path_factory.mktemp("sliced_a")
        b = tmp_path_factory.mktemp("sliced_b")
        generate(a, CFG)
        generate(b, CFG, workers=1)
        gen = W.Generator(CFG, W.resolve_end(CFG), a)
        assert max(d.slices for d in gen.days) >= 4
    finally:
        mp.undo()
    return a, b, gen


def test_sliced_days_are_deterministic(sliced):
    a, b, _ = sliced
    fa = sorted(p.relative_to(a) for p in a.rglob("*.parquet"))
    assert fa == sorted(p.relative_to(b) for p in b.rglob("*.parquet"))
    for rel in fa:
        assert hashlib.sha256((a / rel).read_bytes()).digest() == hashlib.sha256((b / rel).read_bytes()).digest(), rel


def test_sliced_days_stay_in_their_partition_and_period(sliced):
    a, _, _ = sliced
    for f in a.glob("Device*Events/date=*/*.parquet"):
        day = dt.date.fromisoformat(f.parent.name[5:])
        ts = pq.read_table(f, columns=["Timestamp"]).column(0).to_pylist()
        assert ts and {t.date() for t in ts} == {day}, f
        assert all(t < END for t in ts)


def test_sliced_process_trees_chain(sliced):
    a, _, _ = sliced
    h = hunt.connect(a)
    rows = h.query("""
        DeviceProcessEvents | where isnotempty(InitiatingProcessFileName)
        | join kind=leftouter (DeviceProcessEvents | project DeviceId, ProcessId, ProcessCreationTime,
              PFile = FileName, PCmd = ProcessCommandLine, PUid = ProcessUniqueId, PAcct = AccountName)
          on DeviceId, $left.InitiatingProcessId == $right.ProcessId,
             $left.InitiatingProcessCreationTime == $right.ProcessCreationTime
        | where isnotempty(PFile)
        | summarize n = count(), bad = countif(PFile != InitiatingProcessFileName
              or PCmd != InitiatingProcessCommandLine or PUid != InitiatingProcessUniqueId
              or PAcct != InitiatingProcessAccountName)""").rows
    assert rows[0][0] > 0 and rows[0][1] == 0


def test_slices_hold_about_the_same_events(sliced):
    _, _, gen = sliced
    from hunt.store.demo.day import DeviceDay
    for day in gen.days:
        if day.slices < 3:
            continue
        dday = DeviceDay(gen.world, gen.dt, CFG.seed, day.index, day.start, day.lo, day.hi,
                         (gen.t.start_us, gen.t.end_us))
        b = W.slice_bounds(dday, day.lo, day.hi, day.slices)
        assert b[0] == day.lo and b[-1] == day.hi and all(x < y for x, y in zip(b, b[1:]))
        share = np.array([dday.activity(x, y).sum() for x, y in zip(b, b[1:])]) / dday.total_activity()
        assert share.max() < 1.6 / len(share), share


def test_dictionary_columns_are_written_dictionary_encoded(sliced):
    """Every string column but the (nearly) unique ids keeps the dictionary encoding: the Parquet
    writer falls back to plain when an Arrow dictionary repeats a value."""
    a, _, _ = sliced
    for f in list(a.glob("Device*Events/date=*/*.parquet")) + list(a.glob("CloudAppEvents/date=*/*.parquet")):
        pf = pq.ParquetFile(f)
        md = pf.metadata
        for rg in range(md.num_row_groups):
            for i in range(md.num_columns):
                col = md.row_group(rg).column(i)
                name = col.path_in_schema
                if not pa.types.is_string(pf.schema_arrow.field(name).type) or C.is_plain(f.parent.parent.name, name):
                    continue
                assert "RLE_DICTIONARY" in col.encodings, (f, name, col.encodings)


# -- helpers: the same answers as the NumPy calls they replace ---------------------------------------

def test_stable_and_lex_order_match_numpy():
    rng = np.random.default_rng(0)
    for span in (3, 1_000, 70_000, 10**10, 2**50):
        x = rng.integers(0, span, 5_000) + int(rng.integers(-10**12, 10**12))
        assert (np.argsort(x, kind="stable") == C.stable_order(x)).all()
    a, b = rng.integers(0, 50, 20_000), rng.integers(-1, 900, 20_000)
    c = rng.integers(0, 10**15, 20_000)
    c[:5_000] = c[0]
    assert (np.lexsort((c, b, a)) == C.lex_order((c, b, a))).all()


def test_unique_ints_matches_numpy():
    rng = np.random.default_rng(1)
    for dtype in (np.int64, np.int32, np.uint64, np.int16):
        for hi in (3, 1_000, 1 << 40):
            a = rng.integers(0, min(hi, np.iinfo(dtype).max), 3_000).astype(dtype)
            u, v = np.unique(a), C.unique_ints(a)
            assert u.dtype == v.dtype and (u == v).all()


def test_bucketed_inverse_cdf_matches_searchsorted():
    rng = np.random.default_rng(2)
    for _ in range(50):
        k = int(rng.integers(16, 3_000))
        w = rng.random(k) ** 6
        w[rng.random(k) < 0.3] = 0
        c = np.cumsum(w)
        u = rng.random(20_000)
        assert (np.searchsorted(c, u * c[-1], side="right") == C._inverse_cdf(c, u)).all()


def test_compact_keeps_values_drops_repeats_and_unused_entries():
    d = pa.array([f"v{i % 5000}" for i in range(6000)])          # repeats, more than BIG_DICT
    idx = np.random.default_rng(3).integers(0, 3000, 10_000).astype(np.int32)
    arr = pa.DictionaryArray.from_arrays(pa.array(idx), d)
    out = C.compact(arr)
    assert out.cast(pa.string()).equals(arr.cast(pa.string()))
    assert len(pa.compute.unique(out.dictionary)) == len(out.dictionary)
    assert len(out.dictionary) == len(np.unique(idx))
    assert C.compact(out) is out                                   # marked: no second pass
