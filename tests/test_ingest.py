"""`hunt ingest`: every input format on hand-made samples (tests/fixtures/ingest/), the
quarantine rule (records read = stored + quarantined) on malformed input, idempotence."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import shutil
from pathlib import Path

import pytest

import hunt
from hunt.store.ingest import IngestError, ingest
from hunt.store.layout import MANIFEST_FILE, QUARANTINE_DIR

FIX = Path(__file__).parent / "fixtures" / "ingest"
UTC = dt.timezone.utc


def run(tmp_path, *names, **kw):
    paths = [str(FIX / n) if not Path(n).is_absolute() else n for n in names]
    report = ingest(paths, tmp_path / "data", **kw)
    assert report.read == report.stored + report.quarantined
    return report


def rows(data, kql):
    with hunt.connect(data) as h:
        r = h.query(kql, now="2026-11-30T00:00:00Z")
        return [dict(zip(r.columns, row)) for row in r.rows]


def quarantine(data):
    out = []
    for p in sorted((data / QUARANTINE_DIR).glob("*.jsonl")):
        out += [json.loads(line) for line in p.read_text().splitlines()]
    return out


# -- formats --------------------------------------------------------------------------------------

def test_streaming_storage_account_lines(tmp_path):
    rep = run(tmp_path, "streaming_storage.json")
    assert (rep.read, rep.stored, rep.quarantined) == (5, 5, 0)
    data = tmp_path / "data"
    # a day folder per table and day of Timestamp
    assert (data / "DeviceProcessEvents" / "date=2026-11-01").is_dir()
    assert (data / "DeviceEvents" / "date=2026-11-02").is_dir()
    [p] = rows(data, "DeviceProcessEvents | project Timestamp, ProcessId, InitiatingProcessId, "
                     "ReportId, ProcessCreationTime, IsProcessRemoteSession, FolderPath")
    # Kusto's 7 fraction digits, numbers given as text, backslashes kept
    assert p["Timestamp"] == dt.datetime(2026, 11, 1, 8, 0, 0, 123456, tzinfo=UTC)
    assert (p["ProcessId"], p["InitiatingProcessId"], p["ReportId"]) == (4242, 3100, 1001)
    assert p["ProcessCreationTime"] == dt.datetime(2026, 11, 1, 8, 0, 0, 100000, tzinfo=UTC)
    assert p["IsProcessRemoteSession"] is False
    assert p["FolderPath"] == r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"
    [n] = rows(data, "DeviceNetworkEvents | project RemotePort, LocalPort")
    assert n == {"RemotePort": 443, "LocalPort": 50123}


def test_nested_json_is_stored_compact_and_queryable(tmp_path):
    run(tmp_path, "streaming_storage.json")
    data = tmp_path / "data"
    got = rows(data, "DeviceEvents | order by Timestamp asc | project AdditionalFields, "
                     "Access = toint(parse_json(AdditionalFields).DesiredAccess)")
    assert got[0]["AdditionalFields"] == \
        '{"DesiredAccess":4112,"TargetProcessId":624,"Tags":["credential","lsass"]}'
    assert got[0]["Access"] == 4112
    # a dynamic value that arrives as JSON text is stored as that text
    assert got[1]["AdditionalFields"] == '{"Command":"Invoke-WebRequest"}'
    [c] = rows(data, "CloudAppEvents | project ActivityObjects, Param = "
                     "tostring(RawEventData.Parameters[0].Value), IPTags, ApplicationId, "
                     "IsAdminOperation")
    assert c["ActivityObjects"] == [{"Type": "Mailbox", "Name": "alice@contoso.com"},
                                    {"Type": "Rule", "Name": "fwd"}]
    assert c["Param"] == "drop@fabrikam.example"
    assert c["IPTags"] == ["Anonymous proxy"]
    assert (c["ApplicationId"], c["IsAdminOperation"]) == (20893, False)


def test_extra_properties_are_kept_as_typed_queryable_columns(tmp_path):
    run(tmp_path, "streaming_storage.json")
    data = tmp_path / "data"
    got = rows(data, "DeviceEvents | order by Timestamp asc | project TelemetryBatchId, "
                     "SensorConfidence")
    assert got == [{"TelemetryBatchId": "b-7781", "SensorConfidence": 0.875},
                   {"TelemetryBatchId": "b-7782", "SensorConfidence": None}]
    with hunt.connect(data) as h:
        h.query("DeviceEvents | take 1")
        assert h.schema("DeviceEvents").column("SensorConfidence").type == "real"
    # the shared catalog is untouched: a new connection without data has no such column
    from hunt.semantic.catalog import load_default_catalog
    assert load_default_catalog().table("DeviceEvents").column("SensorConfidence") is None


def test_event_hubs_messages_one_per_line(tmp_path):
    rep = run(tmp_path, "streaming_eventhub.json")
    assert (rep.read, rep.stored, rep.quarantined) == (3, 3, 0)
    data = tmp_path / "data"
    assert rows(data, "IdentityLogonEvents | project ReportId, Protocol") == \
        [{"ReportId": "2002", "Protocol": "Kerberos"}]
    [e] = rows(data, "EmailEvents | project Timestamp, UrlCount, ConfidenceLevel")
    # 23:59:59.9999999 stays on its day (microseconds are truncated, never rounded up)
    assert e["Timestamp"] == dt.datetime(2026, 11, 3, 23, 59, 59, 999999, tzinfo=UTC)
    assert e["UrlCount"] == 2 and json.loads(e["ConfidenceLevel"]) == {"Phish": "High"}
    assert (data / "EmailEvents" / "date=2026-11-03").is_dir()


def test_event_hubs_message_as_one_pretty_document(tmp_path):
    rep = run(tmp_path, "streaming_eventhub_pretty.json")
    assert (rep.read, rep.stored, rep.quarantined) == (2, 2, 0)
    assert rows(tmp_path / "data", "DeviceFileEvents | project FileSize") == [{"FileSize": 90112}]
    [r] = rows(tmp_path / "data", "DeviceRegistryEvents | project RegistryKey")
    assert r["RegistryKey"].endswith(r"CurrentVersion\Run")


def test_api_response_with_table(tmp_path):
    rep = run(tmp_path, "api_response.json", table="DeviceProcessEvents")
    assert (rep.read, rep.stored, rep.quarantined) == (2, 2, 0)
    got = rows(tmp_path / "data", "DeviceProcessEvents | order by ProcessId asc | "
                                  "project Timestamp, ProcessId, ParentSpawnCount")
    assert got[0] == {"Timestamp": dt.datetime(2026, 11, 5, 11, 15, 41, 328523, tzinfo=UTC),
                      "ProcessId": 8812, "ParentSpawnCount": 3}
    # the extra column is typed from the response's schema (Int32 → int)
    with hunt.connect(tmp_path / "data") as h:
        h.query("DeviceProcessEvents | take 1")
        assert h.schema("DeviceProcessEvents").column("ParentSpawnCount").type == "int"


def test_api_response_without_table_is_refused_with_a_hint(tmp_path):
    rep = run(tmp_path, "api_response.json")
    [f] = rep.files
    assert f.status == "failed" and "--table" in f.hint
    assert rep.read == 0 and not (tmp_path / "data" / "DeviceProcessEvents").exists()


def test_graph_run_hunting_query_response(tmp_path):
    rep = run(tmp_path, "graph_response.json", table="EntraIdSignInEvents")
    assert (rep.read, rep.stored) == (2, 2)
    got = rows(tmp_path / "data", "EntraIdSignInEvents | order by Timestamp asc | "
                                  "project ErrorCode, Country")
    assert got == [{"ErrorCode": 50126, "Country": "NL"}, {"ErrorCode": 0, "Country": "NL"}]


def test_portal_csv_export(tmp_path):
    rep = run(tmp_path, "portal_export.csv", table="DeviceNetworkEvents")
    assert (rep.read, rep.stored, rep.quarantined) == (2, 2, 0)
    got = rows(tmp_path / "data", "DeviceNetworkEvents | order by ReportId asc | project "
                                  "Timestamp, RemotePort, RemoteUrl, InitiatingProcessCommandLine,"
                                  " Direction = tostring(parse_json(AdditionalFields).Direction), "
                                  "AnalystNote")
    assert got[0]["Timestamp"] == dt.datetime(2026, 11, 7, 12, 0, 0, 500000, tzinfo=UTC)
    assert got[0]["InitiatingProcessCommandLine"] == '"chrome.exe" --type=renderer, --lang=en-US'
    assert got[0]["Direction"] == "Outbound" and got[0]["AnalystNote"] == "checked"
    # the portal's US time form; empty cells are empty
    assert got[1]["Timestamp"] == dt.datetime(2026, 11, 7, 12, 5, tzinfo=UTC)
    assert (got[1]["RemotePort"], got[1]["RemoteUrl"]) == (8443, "")


def test_csv_table_from_the_file_name(tmp_path):
    named = tmp_path / "DeviceNetworkEvents.csv"
    shutil.copy(FIX / "portal_export.csv", named)
    rep = run(tmp_path, str(named))
    assert rep.stored == 2 and "DeviceNetworkEvents" in rep.tables


def test_csv_without_table_is_refused_with_a_hint(tmp_path):
    rep = run(tmp_path, "portal_export.csv")
    [f] = rep.files
    assert f.status == "failed" and "--table" in f.hint


def test_parquet_input(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq
    src = tmp_path / "export.parquet"
    pq.write_table(pa.table({
        "Timestamp": pa.array([dt.datetime(2026, 11, 8, 1), dt.datetime(2026, 11, 9, 2)],
                              pa.timestamp("ns", tz="UTC")),
        "devicename": ["pc-08", "pc-09"],                 # matched case-insensitively
        "ReportId": pa.array([1, 2], pa.int32()),
        "RemotePort": ["443", "x"],                       # text in a typed column
        "Score": [0.5, 0.25]}), src)                      # an extra column, kept as is
    rep = run(tmp_path, str(src), table="DeviceNetworkEvents")
    assert (rep.read, rep.stored, rep.quarantined) == (2, 1, 1)
    [r] = rows(tmp_path / "data", "DeviceNetworkEvents | project DeviceName, ReportId, "
                                  "RemotePort, Score")
    assert r == {"DeviceName": "pc-08", "ReportId": 1, "RemotePort": 443, "Score": 0.5}
    [q] = quarantine(tmp_path / "data")
    assert q["reason"] == 'RemotePort: "x" is not an int' and q["line"] == 2
    assert q["record"]["devicename"] == "pc-09"


def test_gzip_inputs_and_folders(tmp_path):
    folder = tmp_path / "exports"
    (folder / "sub").mkdir(parents=True)
    with gzip.open(folder / "sub" / "PT1H.json.gz", "wb") as fh:
        fh.write((FIX / "streaming_eventhub.json").read_bytes())
    shutil.copy(FIX / "streaming_storage.json", folder / "a.json")
    (folder / "notes.md").write_text("not an export")
    rep = run(tmp_path, str(folder))
    assert (rep.read, rep.stored) == (8, 8)
    assert rep.skipped_in_folders == 1


def test_glob_patterns(tmp_path):
    rep = run(tmp_path, str(FIX / "streaming_e*.json"))
    assert {Path(f.shown).name for f in rep.files} == {"streaming_eventhub.json",
                                                      "streaming_eventhub_pretty.json"}
    assert rep.stored == 5


def test_unknown_table_option(tmp_path):
    with pytest.raises(IngestError) as e:
        ingest([str(FIX / "portal_export.csv")], tmp_path / "d", table="DeviceNetworkEvent")
    assert "DeviceNetworkEvents" in e.value.hint


# -- the quarantine rule ---------------------------------------------------------------------------

def test_truncated_last_line(tmp_path):
    rep = run(tmp_path, "truncated_lines.json")
    assert (rep.read, rep.stored, rep.quarantined) == (2, 1, 1)
    [q] = quarantine(tmp_path / "data")
    assert q["line"] == 2 and "not valid JSON" in q["reason"]
    assert q["source"].endswith("truncated_lines.json")
    assert q["record"].startswith('{"time":"2026-11-08T01:00:01Z"')   # the text, whole


def test_truncated_document_keeps_every_complete_record(tmp_path):
    rep = run(tmp_path, "truncated_document.json")
    assert (rep.read, rep.stored, rep.quarantined) == (2, 1, 1)
    [q] = quarantine(tmp_path / "data")
    assert q["reason"].startswith("truncated JSON") and q["line"] == 18
    assert q["record"].lstrip().startswith("{")


def test_wrong_types_go_to_quarantine_whole(tmp_path):
    rep = run(tmp_path, "wrong_types.json")
    assert (rep.read, rep.stored, rep.quarantined) == (4, 1, 3)
    qs = {q["line"]: q for q in quarantine(tmp_path / "data")}
    assert qs[1]["reason"] == 'RemotePort: "https" is not an int'
    assert qs[2]["reason"] == 'Timestamp: "not a time" is not a datetime'
    assert qs[3]["reason"] == 'ReportId: "12.5" is not a long'      # never rounded
    assert qs[1]["record"]["properties"]["DeviceName"] == "pc-06"
    assert all(q["table"] == "DeviceNetworkEvents" for q in qs.values())
    assert rows(tmp_path / "data", "DeviceNetworkEvents | project ReportId") == \
        [{"ReportId": 6004}]


def test_unknown_category_and_missing_category(tmp_path):
    rep = run(tmp_path, "unknown_category.json")
    assert (rep.read, rep.stored, rep.quarantined) == (3, 1, 2)
    qs = {q["line"]: q for q in quarantine(tmp_path / "data")}
    assert "DeviceQuantumEvents" in qs[1]["reason"]
    assert "category" in qs[3]["reason"]


def test_empty_file(tmp_path):
    rep = run(tmp_path, "empty.json")
    [f] = rep.files
    assert f.status == "empty" and (rep.read, rep.stored, rep.quarantined) == (0, 0, 0)
    assert f.hint


def test_binary_garbage(tmp_path):
    junk = tmp_path / "blob.json"
    junk.write_bytes(bytes(range(256)) * 8)
    rep = run(tmp_path, str(junk))
    assert (rep.read, rep.stored, rep.quarantined) == (1, 0, 1)
    [q] = quarantine(tmp_path / "data")
    assert "binary" in q["reason"] and q["record"]["file"] == str(junk)
    assert q["record"]["bytes"] == 2048


def test_binary_line_inside_a_text_file(tmp_path):
    src = tmp_path / "mixed.json"
    good = (FIX / "truncated_lines.json").read_bytes().splitlines()[0]
    src.write_bytes(good + b"\n\xff\xfe\x00garbage\n" + good.replace(b"5001", b"5003") + b"\n")
    rep = run(tmp_path, str(src))
    assert (rep.read, rep.stored, rep.quarantined) == (3, 2, 1)
    [q] = quarantine(tmp_path / "data")
    assert q["line"] == 2 and "UTF-8" in q["reason"] and "base64" in q["record"]


def test_truncated_gzip(tmp_path):
    whole = gzip.compress((FIX / "streaming_storage.json").read_bytes() * 50)
    cut = tmp_path / "cut.json.gz"
    cut.write_bytes(whole[:len(whole) // 2])
    rep = run(tmp_path, str(cut))
    assert rep.quarantined == 1 and rep.stored > 0
    [q] = quarantine(tmp_path / "data")
    assert "ends early" in q["reason"]


def test_counts_hold_over_a_mix_of_everything(tmp_path):
    junk = tmp_path / "junk.bin.json"
    junk.write_bytes(b"\x00\x01" * 100)
    names = ["streaming_storage.json", "streaming_eventhub.json", "truncated_lines.json",
             "truncated_document.json", "wrong_types.json", "unknown_category.json",
             "empty.json", str(junk)]
    rep = run(tmp_path, *names)
    assert rep.read == 5 + 3 + 2 + 2 + 4 + 3 + 0 + 1
    assert len(quarantine(tmp_path / "data")) == rep.quarantined == 1 + 1 + 3 + 2 + 1


# -- idempotence ----------------------------------------------------------------------------------

def count(data, table):
    return rows(data, f"{table} | count")[0]["Count"]


def test_reingesting_stores_nothing_twice(tmp_path):
    run(tmp_path, "streaming_storage.json", "wrong_types.json")
    data = tmp_path / "data"
    before = (count(data, "DeviceEvents"), len(quarantine(data)))
    rep = run(tmp_path, "streaming_storage.json", "wrong_types.json")
    assert [f.status for f in rep.files] == ["skipped", "skipped"]
    # a copy under another name (another mtime) is the same content
    copy = tmp_path / "copy.json"
    shutil.copy(FIX / "streaming_storage.json", copy)
    rep = run(tmp_path, str(copy))
    assert rep.files[0].status == "skipped" and rep.stored == 0
    assert (count(data, "DeviceEvents"), len(quarantine(data))) == before
    manifest = json.loads((data / MANIFEST_FILE).read_text())
    assert len(manifest["files"]) == 2 and manifest["pending"] == {}


def test_the_same_content_twice_in_one_run(tmp_path):
    copy = tmp_path / "again.json"
    shutil.copy(FIX / "streaming_eventhub.json", copy)
    rep = run(tmp_path, "streaming_eventhub.json", str(copy))
    assert [f.status for f in rep.files] == ["ingested", "skipped"]
    assert count(tmp_path / "data", "EmailEvents") == 1


def test_changed_file_is_ingested_again(tmp_path):
    src = tmp_path / "grow.json"
    lines = (FIX / "streaming_storage.json").read_text().splitlines()
    src.write_text(lines[0] + "\n")
    run(tmp_path, str(src))
    src.write_text(lines[0].replace("1001", "1005") + "\n")
    rep = run(tmp_path, str(src))
    assert rep.stored == 1 and count(tmp_path / "data", "DeviceProcessEvents") == 2


def test_an_interrupted_flush_is_rolled_back(tmp_path, monkeypatch):
    import hunt.store.ingest as I
    data = tmp_path / "data"

    def crash(*a, **k):
        raise KeyboardInterrupt     # after the journal entry, before the commit
    monkeypatch.setattr(I.Ingestor, "_write_quarantine", crash)
    with pytest.raises(KeyboardInterrupt):
        ingest([str(FIX / "streaming_storage.json")], data)
    monkeypatch.undo()
    manifest = json.loads((data / MANIFEST_FILE).read_text())
    assert manifest["pending"] and not manifest["files"]
    assert list(data.rglob("*.parquet"))            # the files written before the crash
    rep = ingest([str(FIX / "streaming_storage.json")], data)
    assert rep.recovered > 0 and rep.stored == 5
    assert count(data, "DeviceEvents") == 2         # once, not twice


# -- the command ----------------------------------------------------------------------------------

def cli(*argv):
    import io
    from hunt.cli import main
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_reports_counts_and_tables(tmp_path):
    code, out, err = cli("ingest", str(FIX / "streaming_storage.json"),
                         str(FIX / "streaming_eventhub.json"), "--data", str(tmp_path / "d"))
    assert code == 0, err
    assert "records read 8 = stored 8 + quarantined 0" in out
    assert re.search(r"DeviceEvents\s+2 rows\s+2026-11-02", out)
    assert err == ""
    code, out, _ = cli("ingest", str(FIX / "streaming_storage.json"), "--data",
                       str(tmp_path / "d"))
    assert code == 0 and "skipped 1 file(s) already ingested" in out


def test_cli_bad_input_gets_one_line_causes_with_file_line_and_hint(tmp_path):
    junk = tmp_path / "junk.json"
    junk.write_bytes(b"\x00\x01\x02" * 10)
    code, out, err = cli("ingest", str(FIX / "truncated_lines.json"), str(FIX / "empty.json"),
                         str(FIX / "unknown_category.json"), str(FIX / "portal_export.csv"),
                         str(junk), str(tmp_path / "missing.json"), "--data", str(tmp_path / "d"))
    assert code == 1
    assert "records read 6 = stored 2 + quarantined 4" in out
    assert "quarantine: " in out and "_quarantine" in out
    assert "Traceback" not in err
    lines = err.splitlines()
    assert all(l.startswith(("error:", "warning:", "hint:", "quarantined:")) for l in lines), err
    assert any(l.startswith("quarantined:") and "truncated_lines.json:2: not valid JSON" in l
               for l in lines)
    assert any("unknown_category.json:1: unknown table" in l for l in lines)
    assert any("missing.json: no such file or folder" in l for l in lines)
    assert any("empty.json: empty file" in l for l in lines)
    i = next(i for i, l in enumerate(lines) if "portal_export.csv" in l)
    assert lines[i].startswith("error:") and "--table" in lines[i + 1]


def test_cli_unknown_table_and_format(tmp_path):
    code, _, err = cli("ingest", str(FIX / "portal_export.csv"), "--table", "DeviceNetwork",
                       "--data", str(tmp_path / "d"))
    assert code == 1 and "unknown table 'DeviceNetwork'" in err and "hint:" in err
    code, out, _ = cli("ingest", str(FIX / "portal_export.csv"), "--table",
                       "DeviceNetworkEvents", "--format", "csv", "--data", str(tmp_path / "d"))
    assert code == 0 and "stored 2" in out


def test_progress_bar_on_a_terminal():
    import io
    from hunt.store.progress import Progress
    stream = io.StringIO()
    p = Progress(100 << 20, stream, enabled=True)
    p.update(50 << 20, 120_000)
    p.note("a note")
    p.update(100 << 20, 240_000)
    p.close()
    text = stream.getvalue()
    assert "50%" in text and "100%" in text and "records/s" in text and "a note\n" in text
    quiet = io.StringIO()
    Progress(100 << 20, quiet).update(1, 1)       # not a terminal: nothing
    assert quiet.getvalue() == ""


# -- any damage: nothing lost, nothing crashes ------------------------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_LINES = [l for l in (FIX / "streaming_storage.json").read_bytes().splitlines() if l.strip()]


@st.composite
def damaged_streams(draw):
    """(bytes of damaged streaming records, how many lines are intact records)."""
    out = []
    intact = 0
    for _ in range(draw(st.integers(1, 8))):
        line = draw(st.sampled_from(_LINES))
        how = draw(st.sampled_from(["keep", "cut", "bytes", "blank", "type"]))
        intact += how in ("keep", "blank")
        if how == "cut":
            line = line[:draw(st.integers(0, len(line) - 1))]
        elif how == "bytes":
            at = draw(st.integers(0, len(line) - 1))
            line = line[:at] + draw(st.binary(min_size=1, max_size=4)) + line[at + 1:]
        elif how == "blank":
            out.append(b"   ")
        elif how == "type":
            line = line.replace(b'"ReportId":', b'"ReportId":"x', 1).replace(b'"x1', b'"x', 1)
        out.append(line)
    return b"\n".join(out) + draw(st.sampled_from([b"", b"\n", b"\r\n"])), intact


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(stream=damaged_streams())
def test_damaged_streams_lose_nothing(tmp_path_factory, stream):
    blob, intact = stream
    tmp = tmp_path_factory.mktemp("damaged")
    src = tmp / "in.json"
    src.write_bytes(blob)
    rep = ingest([str(src)], tmp / "data")
    [f] = rep.files
    assert f.status in ("ingested", "empty"), f
    assert rep.read == rep.stored + rep.quarantined
    assert rep.stored >= intact            # every intact record is stored
    assert len(quarantine(tmp / "data")) == rep.quarantined


def test_odd_keys_time_columns_and_tables_without_time(tmp_path):
    """Case variants of schema names, extras that differ in case or use reserved names,
    a table whose time column is not Timestamp, a table without a time column."""
    rep = run(tmp_path, "odd_keys.json")
    assert (rep.read, rep.stored) == (4, 4)
    data = tmp_path / "data"
    got = rows(data, "DeviceEvents | order by Timestamp asc | project DeviceName, Foo, foo_2, "
                     "__partition_date_2, ['a/b~c']")
    assert got[0]["DeviceName"] == "pc-lower"               # "deviceName" → DeviceName
    assert got[1] == {"DeviceName": "pc-2", "Foo": 1, "foo_2": "two",
                      "__partition_date_2": "x", "a/b~c": True}
    assert (data / "CallActivityEvents" / "date=2026-11-03").is_dir()   # ActivityTimestamp
    [tvm] = list((data / "DeviceTvmSoftwareInventory").iterdir())
    assert tvm.suffix == ".parquet"                          # no day folder
    assert rows(data, "DeviceTvmSoftwareInventory | project SoftwareName") == \
        [{"SoftwareName": "chrome"}]
