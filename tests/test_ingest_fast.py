"""The fast ways of ingesting streaming JSON (hunt.store.jsonin: STRICT, FAST) store exactly
what the careful way (CAREFUL: every record on its own) stores, row for row and type for
type, and quarantine the same records for the same reasons; the machinery beside them
(read-ahead thread, reused read buffers, hashing from the blocks read, .gz read into
buffers) loses and changes nothing."""
from __future__ import annotations

import gzip
import hashlib
import json
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import hunt
import hunt.store.ingest as I
import hunt.store.jsonin as J
import hunt.store.sources as S
from hunt.store.ingest import ingest
from hunt.store.layout import MANIFEST_FILE, QUARANTINE_DIR

TABLES = ("DeviceProcessEvents", "DeviceNetworkEvents", "DeviceEvents")


def _value(rnd: random.Random, ktype: str, i: int):
    """A value of a schema column as exports give it, in its usual and its odd forms."""
    r = rnd.random()
    if ktype == "datetime":
        return rnd.choice(["2026-11-01T08:00:00.1234567Z", "2026-11-01 09:30:00",
                           "11/1/2026 8:00:00 PM", "2026-11-01T10:00:00+02:00", None])
    if ktype in ("long", "int"):
        return rnd.choice([i, str(i), f"{i}.0", 1e3, None]) if r < 0.9 else None
    if ktype == "real":
        return rnd.choice([1.5, "2.25", None])
    if ktype == "bool":
        return rnd.choice([True, False, "true", "False", None])
    if ktype == "dynamic":
        return rnd.choice([{"a": i, "b": [1, "x"]}, [1, 2], '{"Text":"json in a string"}',
                           "plain", None])
    if ktype == "guid":
        return rnd.choice(["6f2b9e0c-1d3a-4b5c-6d7e-8f90a1b2c3d4", None])
    return rnd.choice([f"v{i}", "C:\\Windows\\System32\\cmd.exe", "é ü \u00e9", "", None,
                       {"nested": True}, 12])


def _records(n: int, seed: int, extra_every: int = 0, missing_every: int = 0,
             bad_every: int = 0, variant_every: int = 0):
    """n streaming records; every k-th with an extra key, a missing key, a value of the
    wrong type, a key in another case."""
    from hunt.semantic.catalog import load_default_catalog
    catalog = load_default_catalog()
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        table = TABLES[i % len(TABLES)]
        info = catalog.table(table)
        props = {c.name: _value(rnd, c.type, i) for c in info.columns}
        props["Timestamp"] = f"2026-11-0{1 + i % 3}T{i % 24:02d}:00:00.{i:07d}Z"
        props["ReportId"] = i
        if extra_every and i % extra_every == 0:
            props["NewColumn"] = rnd.choice([i, f"t{i}"]) if table != "DeviceEvents" else i
        if missing_every and i % missing_every == 1:
            del props[info.columns[3].name]
        if bad_every and i % bad_every == 2:
            props["ReportId"] = "12a"
        if variant_every and i % variant_every == 3:
            props["deviceName"] = props.pop("DeviceName")
        out.append({"time": props["Timestamp"], "tenantId": "t", "operationName": "Publish",
                    "category": f"AdvancedHunting-{table}", "properties": props})
    return out


def _write(path: Path, records, gz: bool = False, eventhub: int = 0) -> Path:
    if eventhub:
        lines = [json.dumps({"records": records[i:i + eventhub]})
                 for i in range(0, len(records), eventhub)]
    else:
        lines = [json.dumps(r, separators=(",", ":")) for r in records]
    blob = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(blob) if gz else blob)
    return path


def _stored(data: Path) -> dict:
    """table → (Arrow schema, rows sorted by ReportId) of everything stored."""
    out = {}
    for table in sorted(p.name for p in data.iterdir() if p.is_dir() and p.name[0] not in "_."):
        parts = [pq.read_table(f) for f in sorted((data / table).rglob("*.parquet"))]
        t = pa.concat_tables(parts, promote_options="permissive")
        names = sorted(t.column_names)
        t = t.select(names).sort_by([("ReportId", "ascending")])
        out[table] = (t.schema, t.to_pylist())
    return out


def _quarantined(data: Path) -> list:
    out = []
    for p in sorted((data / QUARANTINE_DIR).glob("*.jsonl")):
        for line in p.read_text().splitlines():
            q = json.loads(line)
            out.append((q["line"], q["record_index"], q["reason"], q["table"],
                        json.dumps(q["record"], sort_keys=True)))
    return sorted(out, key=repr)


@pytest.fixture
def modes(monkeypatch):
    """The modes that coerced each group (`careful()` forces CAREFUL for every group, on
    the reader's own connection: no parallel STRICT pass)."""
    used: list = []
    original = J.JsonReader._query
    state = {"force": None}

    calls: list = []
    cons: set = set()           # the connections that coerced the fast way: several
                                # with the STRICT pass

    def query(self, con, recs, table_name, category, keys, mode):
        mode = state["force"] or mode
        result = original(self, con, recs, table_name, category, keys, mode)
        used.append(mode)
        calls.append((mode, recs.kind, table_name))
        if state["force"] is None:
            cons.add(id(con))
        return result

    monkeypatch.setattr(J.JsonReader, "_query", query)

    class Modes(list):
        def careful(self):
            state["force"] = J.CAREFUL
            monkeypatch.setattr(J, "WORKERS", 1)

        def fast(self):
            state["force"] = None
            del used[:]
            del calls[:]
            cons.clear()

    m = Modes()
    m.used = used
    m.calls = calls
    m.cons = cons
    return m


@pytest.fixture
def small(monkeypatch):
    """Small chunks, groups and flushes: many groups, buffers read into again, flushes in
    the middle of a file; the STRICT pass on two workers, each coercing half of a group's
    rows, whatever the group's size."""
    monkeypatch.setattr(S, "CHUNK", 64 << 10)
    monkeypatch.setattr(J, "PENDING_BYTES", 256 << 10)
    monkeypatch.setattr(I, "FLUSH_BYTES", 1 << 20)
    monkeypatch.setattr(J, "WORKERS", 2)
    monkeypatch.setattr(J, "PARALLEL_BYTES", 0)


def _both(tmp_path, modes, files, **kw):
    """(report, stored, quarantined) the fast way, then the careful way."""
    out = []
    for how in ("fast", "careful"):
        getattr(modes, how)()
        data = tmp_path / how
        rep = ingest([str(f) for f in files], data, **kw)
        assert rep.read == rep.stored + rep.quarantined
        out.append((rep, _stored(data), _quarantined(data)))
    return out


@pytest.mark.parametrize("workers", [2, 1])
def test_fast_and_careful_store_the_same_rows_and_types(tmp_path, modes, small, workers,
                                                        monkeypatch):
    monkeypatch.setattr(J, "WORKERS", workers)
    recs = _records(1500, seed=1, bad_every=97)
    files = [_write(tmp_path / "a.json", recs[:900]), _write(tmp_path / "b.json", recs[900:])]
    (frep, fast, fq), (crep, careful, cq) = _both(tmp_path, modes, files)
    assert J.STRICT in modes.used               # the fast way did run
    assert (len(modes.cons) >= 2) if workers == 2 else (len(modes.cons) == 1)  # the workers
    assert (frep.read, frep.stored, frep.quarantined) == \
        (crep.read, crep.stored, crep.quarantined) == (1500, 1484, 16)
    assert fast.keys() == careful.keys() == set(TABLES)
    for table in TABLES:
        assert fast[table][0] == careful[table][0], table          # names and types
        assert fast[table][1] == careful[table][1], table          # every row, every cell
    assert fq == cq and len(fq) == 16
    assert all("ReportId" in q[2] and "is not a long" in q[2] for q in fq)


@pytest.mark.parametrize("case", ["extra", "missing", "variant", "all"])
def test_key_sets_that_change_fall_back_and_lose_nothing(tmp_path, modes, small, case):
    kw = {"extra": dict(extra_every=101), "missing": dict(missing_every=151),
          "variant": dict(variant_every=201),
          "all": dict(extra_every=101, missing_every=151, variant_every=201, bad_every=97)}[case]
    # the first file teaches the key lists (STRICT), the second changes them mid-stream
    files = [_write(tmp_path / "a.json", _records(300, seed=2)),
             _write(tmp_path / "b.json", _records(900, seed=3, **kw))]
    (frep, fast, fq), (crep, careful, cq) = _both(tmp_path, modes, files)
    assert J.STRICT in modes.used and J.FAST in modes.used
    assert (frep.read, frep.stored, frep.quarantined) == \
        (crep.read, crep.stored, crep.quarantined)
    assert frep.read == 1200
    for table in TABLES:
        assert fast[table] == careful[table], table
    assert fq == cq
    if case in ("extra", "all"):
        rows = fast["DeviceEvents"][1]
        got = {r["ReportId"]: r["NewColumn"] for r in rows if r.get("NewColumn") is not None}
        want = {r["properties"]["ReportId"]: r["properties"]["NewColumn"]
                for r in _records(900, seed=3, **kw)
                if "NewColumn" in r["properties"] and r["category"].endswith("DeviceEvents")
                and r["properties"]["ReportId"] != "12a"}
        assert got == want and got
        assert fast["DeviceEvents"][0].field("NewColumn").type == pa.int64()


def test_extra_key_is_queryable_after_the_fast_way(tmp_path, small):
    recs = _records(900, seed=4)
    recs[699]["properties"]["Brand_New"] = {"x": 1}      # a DeviceProcessEvents record
    f = _write(tmp_path / "a.json", recs)
    data = tmp_path / "data"
    rep = ingest([str(f)], data)
    assert rep.stored == 900
    with hunt.connect(data) as h:
        r = h.query("DeviceProcessEvents | where isnotempty(Brand_New) "
                    "| project ReportId, X = toint(Brand_New.x)", now="2026-11-30T00:00:00Z")
        assert [tuple(x) for x in r.rows] == [(699, 1)]


def test_invalid_json_in_a_group_sends_only_that_group_the_careful_way(tmp_path, modes, small):
    recs = _records(900, seed=5)
    lines = [json.dumps(r, separators=(",", ":")) for r in recs]
    lines[400] = lines[400][:-20]                           # truncated in the middle
    lines[401] = "\x00\x01 not json"
    f = tmp_path / "a.json"
    f.write_text("\n".join(lines) + "\n")
    (frep, fast, fq), (crep, careful, cq) = _both(tmp_path, modes, [f])
    assert J.CAREFUL in [m for m in modes.used]
    assert (frep.read, frep.stored, frep.quarantined) == (900, 898, 2)
    assert fast == careful and fq == cq
    assert sorted(q[0] for q in fq) == [401, 402]           # their lines


def test_a_line_that_is_not_json_does_not_turn_strict_off(tmp_path, modes, small):
    """A record DuckDB cannot parse makes STRICT fail as other keys would: only when FAST
    then succeeds are the keys taken to vary (STRICT is not tried again for them)."""
    # an extra key in every record: the schema's columns fail, the key lists are learnt
    a = _write(tmp_path / "a.json", _records(600, seed=12, extra_every=1))
    lines = [json.dumps(r, separators=(",", ":"))
             for r in _records(600, seed=13, extra_every=1)]
    lines[5] = lines[5][:-30]                   # cut: its category still seen
    b = tmp_path / "b.json"
    b.write_text("\n".join(lines) + "\n")
    c = _write(tmp_path / "c.json", _records(600, seed=14, extra_every=1))
    modes.fast()
    rep = ingest([str(a), str(b), str(c)], tmp_path / "data")
    assert (rep.read, rep.stored, rep.quarantined) == (1800, 1799, 1)
    table = TABLES[5 % len(TABLES)]             # the table of the cut record
    calls = [m for m, k, t in modes.calls if k == "stream" and t == table]
    last_careful = len(calls) - 1 - calls[::-1].index(J.CAREFUL)
    assert J.STRICT in calls[last_careful + 1:]


def test_event_hubs_messages_and_gzip_the_same_as_careful(tmp_path, modes, small):
    recs = _records(1200, seed=6, bad_every=89)
    files = [_write(tmp_path / "eh.json.gz", recs[:700], gz=True, eventhub=50),
             _write(tmp_path / "plain.json.gz", recs[700:], gz=True)]
    (frep, fast, fq), (crep, careful, cq) = _both(tmp_path, modes, files)
    assert (frep.read, frep.stored, frep.quarantined) == \
        (crep.read, crep.stored, crep.quarantined)
    assert frep.read == 1200
    assert fast == careful and fq == cq


@pytest.mark.parametrize("case", ["clean", "bad", "extra", "missing", "variant", "mixed"])
def test_messages_of_one_category_coerced_in_place_as_careful(tmp_path, modes, small, case,
                                                              monkeypatch):
    """Event Hubs messages whose records are all of one table are coerced without taking
    the records out (MESSAGES); any record that cannot be stored as it is sends its
    messages the old way. Rows, types and quarantine as the careful way."""
    kw = {"clean": {}, "bad": dict(bad_every=89), "extra": dict(extra_every=101),
          "missing": dict(missing_every=151), "variant": dict(variant_every=201),
          "mixed": dict(bad_every=89, extra_every=101, missing_every=151)}[case]
    taken_apart = []
    messages = J.JsonReader._messages

    def count(self, lines):
        taken_apart.append(lines.num_rows)
        return messages(self, lines)

    monkeypatch.setattr(J.JsonReader, "_messages", count)
    recs = _records(1200, seed=10, **kw)            # 400 per table: messages never straddle
    by_table = sorted(recs, key=lambda r: (r["category"], r["properties"]["ReportId"]
                                           if isinstance(r["properties"]["ReportId"], int)
                                           else -1))
    files = [_write(tmp_path / "warm.json", _records(150, seed=11)),    # teaches key lists
             _write(tmp_path / "eh.json", by_table, eventhub=40),
             _write(tmp_path / "eh2.json.gz", by_table[:500], gz=True, eventhub=25)]
    (frep, fast, fq), (crep, careful, cq) = _both(tmp_path, modes, files)
    assert (frep.read, frep.stored, frep.quarantined) == \
        (crep.read, crep.stored, crep.quarantined)
    assert frep.read == 1850
    assert fast == careful and fq == cq
    kinds = [k for _, k, _ in modes.calls]
    assert J.MESSAGES in kinds                      # the messages were coerced in place
    if case in ("clean", "extra", "missing"):
        assert not taken_apart                      # no message taken apart
    else:                                           # a value of a wrong type, a key read
        assert taken_apart                          # with a pointer: records taken out
    if case in ("extra", "missing"):
        assert (J.FAST, J.MESSAGES) in [c[:2] for c in modes.calls]   # keys collected


def test_manifest_hash_is_the_files_sha256(tmp_path, small):
    """Hashed from the blocks read (StreamHash), also across flushes in the middle of a
    file and for a .gz cut short (its unread rest is hashed too)."""
    recs = _records(900, seed=7)
    plain = _write(tmp_path / "a.json", recs)
    gz = _write(tmp_path / "b.json.gz", recs[:400], gz=True)
    cut = tmp_path / "c.json.gz"
    whole = gzip.compress(("\n".join(json.dumps(r) for r in recs[400:]) + "\n").encode())
    cut.write_bytes(whole[:len(whole) * 2 // 3])
    data = tmp_path / "data"
    rep = ingest([str(plain), str(gz), str(cut)], data)
    assert rep.read == rep.stored + rep.quarantined
    files = json.loads((data / MANIFEST_FILE).read_text())["files"]
    want = {hashlib.sha256(p.read_bytes()).hexdigest(): str(p.resolve())
            for p in (plain, gz, cut)}
    assert {k: v["source"] for k, v in files.items()} == want
    again = ingest([str(plain), str(gz), str(cut)], data)
    assert again.stored == 0 and [f.status for f in again.files] == ["skipped"] * 3


def test_gunzip_readinto_members_and_cut(tmp_path):
    rnd = random.Random(8)
    data = b"".join(b'{"a":%d,"b":"%s"}\n' % (i, b"x" * rnd.randint(0, 300))
                    for i in range(5000))
    two = gzip.compress(data[:100_000], 6) + gzip.compress(data[100_000:], 1)
    path = tmp_path / "t.gz"
    path.write_bytes(two)
    for chunk in (1000, 65536, 1 << 22):
        got = b"".join(b"".join(bytes(x) for x in segs)
                       for segs, _ in S.read_chunks(path, chunk, pool=S.BufferPool()))
        assert got == data
    path.write_bytes(two[:len(two) - 4000])
    got = []
    with pytest.raises(EOFError):
        for segs, _ in S.read_chunks(path, 65536):
            got.append(b"".join(bytes(x) for x in segs))
    got = b"".join(got)
    assert len(got) > 100_000 and data.startswith(got)


def test_buffer_pool_gives_only_buffers_nothing_refers_to():
    pool = S.BufferPool(limit=4)
    held = []
    ids = []
    for _ in range(3):
        b = pool.get(1 << 16)
        held.append(pa.py_buffer(memoryview(b)[:10]))      # as an Arrow array over it
        ids.append(id(b))
        del b
    assert len(set(ids)) == 3
    held.pop(1)
    b = pool.get(1 << 16)
    assert id(b) == ids[1]                                  # the one released
    c = pool.get(1 << 16)
    assert id(c) not in ids


def test_ahead_keeps_order_raises_in_place_and_stops_early():
    closed = []

    def items(n, fail_at=None):
        try:
            for i in range(n):
                if i == fail_at:
                    raise OSError("boom")
                yield i
        finally:
            closed.append(n)

    assert list(S.ahead(items(50))) == list(range(50))
    got = []
    with pytest.raises(OSError):
        for x in S.ahead(items(20, fail_at=7)):
            got.append(x)
    assert got == list(range(7))
    it = S.ahead(items(1000))
    assert next(it) == 0
    it.close()                                              # the caller stops early
    assert closed[-1] == 1000


def test_a_copy_found_in_the_middle_of_reading_stops_cleanly(tmp_path, small, monkeypatch):
    """The hash of a big file is checked at a flush in the middle of reading it: a copy of
    a file of this run is then left, its read-ahead thread stopped, nothing stored twice."""
    import threading
    monkeypatch.setattr(I, "FLUSH_BYTES", 200_000)
    raised = []
    check = I.Ingestor._check_new

    def check_new(self, src):
        try:
            return check(self, src)
        except I._Duplicate:
            import traceback
            raised.append([f.name for f in traceback.extract_stack()][-2])
            raise

    monkeypatch.setattr(I.Ingestor, "_check_new", check_new)
    recs = _records(900, seed=9)
    a = _write(tmp_path / "a.json", recs)
    b = tmp_path / "copy.json"
    b.write_bytes(a.read_bytes())
    data = tmp_path / "data"
    rep = ingest([str(a), str(b)], data)
    assert [f.status for f in rep.files] == ["ingested", "skipped"]
    assert "same content" in rep.files[1].message
    assert rep.stored == 900 and rep.read == 900
    assert sum(len(r) for _, r in _stored(data).values()) == 900
    assert raised == ["_lines"]                 # found while reading, at a flush
    assert not [t for t in threading.enumerate() if t.name == "hunt-read-ahead"]


def test_prepared_statements_read_the_rows_fed_at_each_execution():
    """The installed DuckDB reads `__feed` afresh at each execution of a prepared statement
    (the way streaming records are coerced); were it not so, the check says so and the
    reader falls back to plain statements (next test)."""
    import duckdb
    con = duckdb.connect()
    try:
        cache = J.RunCache(workers=1)
        assert cache._state(con).works
        got = []
        for n in (3, 5):
            with cache.feeding(con, J._feed_rows(n)):
                got.append(cache.run_fed(con, "SELECT count(*) AS n, max(__line) AS m "
                                              "FROM __feed").to_pylist())
        assert got == [[{"n": 3, "m": 3}], [{"n": 5, "m": 5}]]
        cache.close()
    finally:
        con.close()


def test_without_a_working_feed_the_same_rows(tmp_path, monkeypatch, small):
    recs = _records(900, seed=21, bad_every=97, extra_every=101)
    f = _write(tmp_path / "a.json", recs)
    ingest([str(f)], tmp_path / "fed")
    monkeypatch.setattr(J._ConnState, "_check", lambda self: False)
    rep = ingest([str(f)], tmp_path / "plain")
    assert rep.read == rep.stored + rep.quarantined == 900
    assert _stored(tmp_path / "fed") == _stored(tmp_path / "plain")
    assert _quarantined(tmp_path / "fed") == _quarantined(tmp_path / "plain")


def test_rows_split_by_day_sorted_only_where_a_day_fills_row_groups(monkeypatch):
    """_by_day: one part per day whatever the order the rows come in; a day of more than
    one row group is put in time order, a smaller one is left as it came."""
    import datetime as dt
    from hunt.semantic.catalog import load_default_catalog
    info = load_default_catalog().table("DeviceEvents")
    monkeypatch.setattr(I, "ROW_GROUP", 4)
    base = dt.datetime(2026, 11, 1, 12)
    hours = [0, 30, 1, 2, 26, 3, 4, 25, 0.5]          # day 1 has 6 rows, day 2 has 3
    ts = [base + dt.timedelta(hours=h) for h in hours]
    rows = pa.table({"Timestamp": pa.array(ts, pa.timestamp("us")),
                     "ReportId": pa.array(range(len(ts)), pa.int64()),
                     "__day": pa.array([t.date() for t in ts], pa.date32())})
    got = {day: part for day, part in I._by_day(rows, info)}
    assert sorted(got) == [dt.date(2026, 11, 1), dt.date(2026, 11, 2)]
    first = got[dt.date(2026, 11, 1)]
    assert first.column("ReportId").to_pylist() == [0, 8, 2, 3, 5, 6]      # sorted by time
    assert got[dt.date(2026, 11, 2)].column("ReportId").to_pylist() == [1, 4, 7]  # as came
    assert "__day" not in first.column_names


def test_gzip_padding_is_ignored_and_trailing_garbage_reported(tmp_path):
    data = b"".join(b'{"a":%d}\n' % i for i in range(20_000))
    member = gzip.compress(data[:50_000]) + b"\0" * 700 + gzip.compress(data[50_000:])
    path = tmp_path / "p.gz"
    for tail in (b"\0" * 3, b"\0" * 5000, b"\0" * ((1 << 20) + 17)):
        path.write_bytes(member + tail)         # padded to a block: all of it read
        got = b"".join(b"".join(bytes(x) for x in segs)
                       for segs, _ in S.read_chunks(path, 65536, pool=S.BufferPool()))
        assert got == data
    path.write_bytes(member + b"\0\0garbage")
    got = []
    with pytest.raises(EOFError, match="not gzip data"):
        for segs, _ in S.read_chunks(path, 65536):
            got.append(b"".join(bytes(x) for x in segs))
    assert b"".join(got) == data                  # every record before it


def test_padded_gzip_export_ingests_whole(tmp_path):
    recs = _records(300, seed=31)
    f = _write(tmp_path / "a.json.gz", recs, gz=True)
    f.write_bytes(f.read_bytes() + b"\0" * 4096)
    rep = ingest([str(f)], tmp_path / "data")
    assert (rep.read, rep.stored, rep.quarantined) == (300, 300, 0)
    assert rep.files[0].status == "ingested"


def test_a_key_in_another_case_beside_a_record_that_is_not_json(tmp_path):
    """The careful way reads a key in another case (DeviceNamE) with a JSON pointer: a record
    that is not JSON in the same group is quarantined, the others stored (it failed the
    whole file before)."""
    recs = _records(30, seed=41, variant_every=7)
    lines = [json.dumps(r, separators=(",", ":")) for r in recs]
    lines[4] = lines[4][:-25]
    f = tmp_path / "a.json"
    f.write_text("\n".join(lines) + "\n")
    rep = ingest([str(f)], tmp_path / "data")
    assert rep.files[0].status == "ingested"
    assert (rep.read, rep.stored, rep.quarantined) == (30, 29, 1)
    rows = _stored(tmp_path / "data")
    names = {r["ReportId"]: r["DeviceName"] for t in rows.values() for r in t[1]}
    variants = [(r["properties"]["ReportId"], r["properties"]["deviceName"])
                for i, r in enumerate(recs) if i != 4 and "deviceName" in r["properties"]
                and isinstance(r["properties"]["deviceName"], str)]
    assert variants and all(names[k] == v for k, v in variants)      # merged into DeviceName


def test_gzip_with_garbage_after_it_keeps_every_record_and_says_so(tmp_path):
    recs = _records(200, seed=32)
    f = _write(tmp_path / "a.json.gz", recs, gz=True)
    f.write_bytes(f.read_bytes() + b"\0\0not gzip at all")
    rep = ingest([str(f)], tmp_path / "data")
    assert (rep.read, rep.stored, rep.quarantined) == (201, 200, 1)
    assert rep.files[0].reasons == {"data after the end of a .gz": 1}
