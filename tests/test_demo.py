"""`hunt demo`: the demo tenant — stories findable (and absent without attacks), determinism,
typed files, consistent ids across tables, process trees that chain, the CLI."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import duckdb
import pyarrow.parquet as pq
import pytest

import hunt
from hunt import cli
from hunt.semantic.catalog import load_default_catalog
from hunt.store.demo import DemoConfig, generate
from hunt.store.demo.writer import SCENARIO_FILE, DataDirNotEmpty
from hunt.store.layout import arrow_schema

END = dt.datetime(2026, 3, 6, 15, 30)
SMALL = DemoConfig(seed=11, users=40, devices=40, days=4, events_per_day=8_000, end=END)

REQUIRED = ["IdentityInfo", "DeviceInfo", "DeviceNetworkInfo", "DeviceProcessEvents", "DeviceNetworkEvents",
            "DeviceFileEvents", "DeviceRegistryEvents", "DeviceLogonEvents", "DeviceImageLoadEvents", "DeviceEvents",
            "DeviceFileCertificateInfo", "IdentityLogonEvents", "IdentityQueryEvents", "IdentityDirectoryEvents",
            "EmailEvents", "EmailAttachmentInfo", "EmailUrlInfo", "EmailPostDeliveryEvents", "UrlClickEvents",
            "CloudAppEvents", "EntraIdSignInEvents", "AADSignInEventsBeta", "AlertInfo", "AlertEvidence", "_FileProfile"]


@pytest.fixture(scope="module")
def tenant(tmp_path_factory):
    data = tmp_path_factory.mktemp("demo")
    generate(data, SMALL)
    return data


@pytest.fixture(scope="module")
def quiet(tmp_path_factory):
    data = tmp_path_factory.mktemp("demo_quiet")
    generate(data, SMALL.with_(attacks=False))
    return data


@pytest.fixture(scope="module")
def scenario(tenant):
    return json.loads((tenant / SCENARIO_FILE).read_text())


def _stages():
    """(story, stage) ids for parametrisation; the stories are deterministic so the names are
    known without generating (a tiny tenant would do, the names never depend on the size)."""
    return [("phishing-to-exfiltration", s) for s in
            ("phishing-mail", "link-click", "office-powershell", "c2-beacon", "persistence", "discovery",
             "lsass-access", "kerberoasting", "lateral-movement", "inbox-rule", "mass-download", "exfiltration",
             "alerts")] + \
           [("password-spray-to-mailbox", s) for s in
            ("password-spray", "spray-success", "oauth-consent", "mailbox-access", "alerts")] + \
           [("rdp-to-ransomware", s) for s in
            ("rdp-brute-force", "credential-dumping", "discovery", "persistence", "lateral-movement",
             "inhibit-recovery", "encryption", "alerts")]


def _stage(scenario, story_id, name):
    story = next(s for s in scenario["stories"] if s["id"] == story_id)
    return next(st for st in story["stages"] if st["name"] == name)


# -- the stories ---------------------------------------------------------------------------------

def test_scenario_lists_the_stages(scenario):
    assert scenario["attacks"] is True
    got = [(s["id"], st["name"]) for s in scenario["stories"] for st in s["stages"]]
    assert got == _stages()
    for s in scenario["stories"]:
        for st in s["stages"]:
            assert st["tables"] and st["entities"] and st["query"]
            t = dt.datetime.fromisoformat(st["time"].replace("Z", "+00:00")).replace(tzinfo=None)
            assert END - dt.timedelta(days=SMALL.days) <= t < END


def test_stories_cross_the_four_families(scenario):
    tables = {t for s in scenario["stories"] for st in s["stages"] for t in st["tables"]}
    assert {"EmailEvents", "UrlClickEvents", "DeviceProcessEvents", "IdentityQueryEvents", "IdentityLogonEvents",
            "CloudAppEvents", "EntraIdSignInEvents"} <= tables


@pytest.mark.parametrize("story_id,name", _stages())
def test_stage_query_finds_the_stage(tenant, scenario, story_id, name):
    st = _stage(scenario, story_id, name)
    rows = hunt.connect(tenant).query(st["query"], now=scenario["end"]).rows
    assert rows, f"{story_id}/{name}: no rows for\n{st['query']}"


@pytest.mark.parametrize("story_id,name", _stages())
def test_stage_query_finds_nothing_without_attacks(quiet, scenario, story_id, name):
    st = _stage(scenario, story_id, name)
    rows = hunt.connect(quiet).query(st["query"], now=scenario["end"]).rows
    assert not rows, f"{story_id}/{name}: the background matches\n{st['query']}\n{rows[:3]}"


def test_no_attacks_scenario_marks_stories_absent(quiet):
    doc = json.loads((quiet / SCENARIO_FILE).read_text())
    assert doc["attacks"] is False
    assert all(s.get("embedded") is False for s in doc["stories"])


# -- files -----------------------------------------------------------------------------------------

def test_every_main_table_is_written(tenant):
    for table in REQUIRED:
        files = list((tenant / table).rglob("*.parquet"))
        assert files, table
        assert sum(pq.ParquetFile(f).metadata.num_rows for f in files) > 0, table


def test_files_are_typed_exactly(tenant):
    cat = load_default_catalog()
    for table in REQUIRED:
        info = cat.table(table) or cat.internal_table(table)
        want = arrow_schema(info)
        for f in (tenant / table).rglob("*.parquet"):
            got = pq.read_schema(f)
            assert got.names == want.names, f
            for a, b in zip(got, want):
                assert a.type == b.type, f"{f}: {a.name} {a.type} != {b.type}"


def test_one_file_per_table_per_day_in_its_partition(tenant):
    for table in REQUIRED:
        if table == "_FileProfile":
            continue
        for part in (tenant / table).iterdir():
            assert part.name.startswith("date=")
            files = list(part.glob("*.parquet"))
            assert len(files) == 1
            day = dt.date.fromisoformat(part.name[5:])
            ts = pq.read_table(files[0], columns=["Timestamp"]).column(0).to_pylist()
            assert {t.date() for t in ts} == {day}


def test_times_stay_inside_the_period(tenant):
    con = duckdb.connect()
    lo, hi = con.execute(f"SELECT min(Timestamp), max(Timestamp) FROM read_parquet('{tenant}/*/date=*/*.parquet', union_by_name=true)").fetchone()
    assert END - dt.timedelta(days=SMALL.days) <= lo and hi < END


def test_same_seed_same_files(tmp_path):
    cfg = DemoConfig(seed=3, users=20, devices=20, days=2, events_per_day=3_000, end=END)
    a, b = tmp_path / "a", tmp_path / "b"
    generate(a, cfg)
    generate(b, cfg, workers=1)          # scheduling must not change anything
    fa = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    fb = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert fa == fb
    for rel in fa:
        if rel.name == SCENARIO_FILE:
            continue
        assert hashlib.sha256((a / rel).read_bytes()).digest() == hashlib.sha256((b / rel).read_bytes()).digest(), rel


def test_other_seed_other_tenant(tmp_path):
    cfg = DemoConfig(seed=3, users=20, devices=20, days=1, events_per_day=2_000, end=END)
    generate(tmp_path / "a", cfg)
    generate(tmp_path / "b", cfg.with_(seed=4))
    n = lambda d: hunt.connect(d).query("DeviceInfo | summarize dcount(DeviceId)").rows  # noqa: E731
    ids = lambda d: {r[0] for r in hunt.connect(d).query("DeviceInfo | distinct DeviceId").rows}  # noqa: E731
    assert n(tmp_path / "a") and not (ids(tmp_path / "a") & ids(tmp_path / "b"))


# -- consistency -------------------------------------------------------------------------------------

def _one(h, q):
    return h.query(q, now=END).rows


def test_process_trees_chain(tenant):
    h = hunt.connect(tenant)
    rows = _one(h, """
        let P = DeviceProcessEvents | project DeviceId, ProcessId, ProcessCreationTime, FileName, ProcessCommandLine, AccountSid, FolderPath;
        DeviceProcessEvents
        | join kind=inner P on DeviceId, $left.InitiatingProcessId == $right.ProcessId, $left.InitiatingProcessCreationTime == $right.ProcessCreationTime
        | summarize Linked = count(),
                    BadName = countif(InitiatingProcessFileName != FileName1),
                    BadCmd = countif(InitiatingProcessCommandLine != ProcessCommandLine1),
                    BadAccount = countif(InitiatingProcessAccountSid != AccountSid1),
                    BadPath = countif(InitiatingProcessFolderPath != FolderPath1)""")
    linked, bad_name, bad_cmd, bad_acct, bad_path = rows[0]
    assert linked > 500
    assert (bad_name, bad_cmd, bad_acct, bad_path) == (0, 0, 0, 0)


def test_events_point_at_real_processes(tenant):
    h = hunt.connect(tenant)
    rows = _one(h, """
        let P = DeviceProcessEvents | project DeviceId, ProcessId, ProcessCreationTime, FileName, ProcessCommandLine;
        DeviceNetworkEvents
        | join kind=inner P on DeviceId, $left.InitiatingProcessId == $right.ProcessId, $left.InitiatingProcessCreationTime == $right.ProcessCreationTime
        | summarize Linked = count(), Bad = countif(InitiatingProcessFileName != FileName or InitiatingProcessCommandLine != ProcessCommandLine)""")
    assert rows[0][0] > 100 and rows[0][1] == 0


def test_file_hashes_are_consistent(tenant):
    h = hunt.connect(tenant)
    rows = _one(h, """
        union DeviceProcessEvents, DeviceFileEvents, DeviceImageLoadEvents
        | where isnotempty(SHA1)
        | summarize S256 = dcount(SHA256), M5 = dcount(MD5) by SHA1
        | where S256 > 1 or M5 > 1""")
    assert rows == []


def test_accounts_are_consistent_across_tables(tenant):
    h = hunt.connect(tenant)
    rows = _one(h, """
        let Known = IdentityInfo | distinct OnPremSid, AccountName;
        union (DeviceProcessEvents | project Sid = AccountSid, Name = AccountName),
              (DeviceLogonEvents | project Sid = AccountSid, Name = AccountName),
              (IdentityLogonEvents | project Sid = AccountSid, Name = AccountName)
        | where Sid startswith "S-1-5-21" and Name !in ("administrator", "localadmin")
        | distinct Sid, Name
        | join kind=leftanti Known on $left.Sid == $right.OnPremSid, $left.Name == $right.AccountName""")
    assert rows == []


def test_devices_are_consistent_across_tables(tenant):
    h = hunt.connect(tenant)
    rows = _one(h, """
        union DeviceProcessEvents, DeviceNetworkEvents, DeviceInfo
        | summarize Names = dcount(DeviceName) by DeviceId
        | where Names > 1""")
    assert rows == []
    rows = _one(h, """
        DeviceProcessEvents | distinct DeviceId
        | join kind=leftanti (DeviceInfo | distinct DeviceId) on DeviceId""")
    assert rows == []


def test_mail_tables_share_message_ids(tenant):
    h = hunt.connect(tenant)
    orphans = _one(h, "EmailAttachmentInfo | join kind=leftanti EmailEvents on NetworkMessageId | count")
    assert orphans[0][0] == 0
    clicks = _one(h, "UrlClickEvents | join kind=leftanti EmailEvents on NetworkMessageId | count")
    assert clicks[0][0] == 0


def test_file_profile_answers(tenant):
    h = hunt.connect(tenant)
    rows = _one(h, """
        DeviceProcessEvents | where FileName =~ "powershell.exe" | take 5
        | invoke FileProfile(SHA1, 100)
        | where isnotempty(GlobalPrevalence)""")
    assert rows


def test_json_columns_hold_json(tenant):
    h = hunt.connect(tenant)
    rows = _one(h, """
        DeviceEvents | where isnotempty(AdditionalFields)
        | extend J = parse_json(AdditionalFields)
        | summarize Bad = countif(isnull(J) or gettype(J) != "dictionary"), All = count()""")
    assert rows[0][1] > 0 and rows[0][0] == 0
    rows = _one(h, """CloudAppEvents | summarize Bad = countif(gettype(RawEventData) != "dictionary"), All = count()""")
    assert rows[0][1] > 0 and rows[0][0] == 0


# -- the command ----------------------------------------------------------------------------------------

def _run(argv):
    out, err = io.StringIO(), io.StringIO()
    return cli.main(argv, out=out, err=err), out.getvalue(), err.getvalue()


def test_cli_demo_and_force(tmp_path):
    data = tmp_path / "d"
    args = ["demo", "--data", str(data), "--users", "15", "--devices", "15", "--days", "1",
            "--events-per-day", "2000", "--end", "2026-03-01T12:00:00Z", "--seed", "5"]
    code, out, err = _run(args)
    assert code == 0, err
    assert "demo tenant written" in out and (data / SCENARIO_FILE).exists()
    code, out, err = _run(args)
    assert code == 1 and "already holds a demo tenant" in err and "--force" in err
    code, out, err = _run(args + ["--force", "--no-attacks"])
    assert code == 0, err
    assert json.loads((data / SCENARIO_FILE).read_text())["attacks"] is False


def test_cli_rejects_bad_sizes(tmp_path):
    code, _, err = _run(["demo", "--data", str(tmp_path), "--days", "400", "--events-per-day", "1000000"])
    assert code == 1 and "100,000,000" in err
    code, _, err = _run(["demo", "--data", str(tmp_path), "--users", "0"])
    assert code != 0


def test_default_end_is_now(tmp_path):
    generate(tmp_path, DemoConfig(seed=2, users=15, devices=15, days=1, events_per_day=2_000))
    h = hunt.connect(tmp_path)
    rows = h.query("DeviceNetworkEvents | where Timestamp > ago(1d) | count").rows
    assert rows[0][0] > 0


def test_existing_demo_needs_force(tmp_path):
    cfg = DemoConfig(seed=2, users=15, devices=15, days=1, events_per_day=2_000, end=END)
    generate(tmp_path, cfg)
    with pytest.raises(DataDirNotEmpty):
        generate(tmp_path, cfg)
    generate(tmp_path, cfg, force=True)
