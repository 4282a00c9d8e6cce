"""A small data directory for the pipeline property tests.

Six advanced-hunting tables, six rows each, every catalog column filled from its Kusto type:
values chosen so that a random pipeline meets KQL's awkward cases (nulls, empty strings,
case variants, JSON objects / arrays / scalars / invalid JSON in dynamic and JSON-text
columns, a null Timestamp), and so that the shared keys (DeviceName, DeviceId, AccountName,
ActionType, ...) overlap partly between tables, which gives joins matches and non-matches.
Two tables are split over two Parquet files with different column subsets and a widened
integer type, as real exports are. DeviceFileEvents is in the catalog but has no files: an
empty table.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from hunt.semantic.catalog import load_default_catalog

NOW = "2026-11-01T00:00:00Z"
ROWS = 6

TABLES = ("DeviceProcessEvents", "DeviceNetworkEvents", "DeviceEvents", "IdentityLogonEvents",
          "EmailEvents", "CloudAppEvents")
EMPTY_TABLE = "DeviceFileEvents"

_T0 = dt.datetime(2026, 10, 30, 8, 0, 0)

# Column-specific values (rotated per table so keys overlap only partly between tables).
_KEYS = {
    "DeviceName": ["pc-01.corp.local", "pc-02.corp.local", "srv-01.corp.local", "PC-01.corp.local",
                   "", None],
    "DeviceId": ["d1", "d2", "d3", "d1", "", None],
    "AccountName": ["alice", "bob", "admin", "Alice", "", None],
    "AccountDomain": ["corp", "CORP", "corp", "", None, "fabrikam"],
    "ActionType": ["ProcessCreated", "ConnectionSuccess", "LogonSuccess", "LogonFailed", "",
                   "PowerShellCommand"],
    "FileName": ["powershell.exe", "cmd.exe", "PowerShell.EXE", "whoami.exe", "", None],
    "InitiatingProcessFileName": ["cmd.exe", "powershell.exe", "explorer.exe", "", None,
                                  "svchost.exe"],
    "ProcessCommandLine": ["powershell.exe -enc SQBFAFgA", 'cmd.exe /c "whoami /all"',
                           "net user admin P@ss /add", "", None, "rundll32.exe a.dll,Main 624"],
    "InitiatingProcessCommandLine": ["cmd.exe /c whoami", "powershell -nop -w hidden", "",
                                     None, "explorer.exe", "svchost.exe -k netsvcs"],
    "FolderPath": [r"C:\Windows\System32\cmd.exe", r"C:\Users\alice\AppData\x.exe", "", None,
                   r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "/usr/bin/ls"],
    "RemoteIP": ["203.0.113.7", "10.0.0.5", "::1", "", None, "192.168.1.20"],
    "LocalIP": ["10.0.0.11", "10.0.0.12", "", None, "fe80::1", "127.0.0.1"],
    "IPAddress": ["10.0.0.5", "203.0.113.7", "", None, "10.0.0.11", "2001:db8::7"],
    "RemoteUrl": ["evil.example.net", "https://x.example.com/a?b=c&d=1", "", None,
                  "contoso.com", "10.0.0.5"],
    "SenderFromAddress": ["billing@fabrikam.example", "news@contoso.example", "",
                          None, "Alice@corp.example", "billing@fabrikam.example"],
    "RecipientEmailAddress": ["alice@corp.example", "bob@corp.example", "alice@corp.example",
                              "", None, "admin@corp.example"],
    "Subject": ["Invoice overdue", "Weekly news", "", None, "RE: Invoice overdue",
                "Ünïcödé ✓"],
    "Protocol": ["Tcp", "Udp", "Kerberos", "NTLM", "", None],
    "Application": ["Active Directory", "Microsoft Teams", "", None, "Office 365",
                    "Active Directory"],
    "SHA1": ["a1", "b2", "a1", "", None, "c3"],
    # JSON text columns (string in the schema) and dynamic columns
    "AdditionalFields": ['{"a":1,"b":"x","Count":3,"Tags":["t1","t2"]}', '[1,"two",null]', "",
                         None, "not json", '{"a":{"x":"deep"},"b":2.5,"Count":"7"}'],
}

_STRING_FALLBACK = ["alpha", "Beta", "", None, "gamma delta", "x,y,z"]
_LONG = [1, 42, -7, 0, None, 1234567890123]
_INT = [1, 443, 0, -1, None, 65535]
_REAL = [0.5, -1.25, 0.0, None, 3.0, 1e10]
_BOOL = [True, False, None, True, False, True]
_DYNAMIC = ['{"a":1,"b":"x","c":[1,2]}', '[1,"two",null]', "", None, "not json", '"scalar"']
_GUID = ["6f9619ff-8b86-d011-b42d-00cf4fc964ff", "", None,
         "00000000-0000-0000-0000-000000000000", "not-a-guid",
         "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"]


def _datetime(name: str, i: int, shift: int):
    if name == "Timestamp":
        return _T0 + dt.timedelta(hours=7 * i + shift, minutes=13 * i)
    if i == 4:
        return None
    return _T0 - dt.timedelta(days=i, minutes=shift)


def _value(name: str, ktype: str, i: int, shift: int):
    """The value of column `name` in row i of a table whose keys are rotated by `shift`."""
    if name in _KEYS:
        pool = _KEYS[name]
        return pool[(i + shift) % len(pool)]
    if ktype == "datetime":
        return _datetime(name, i, shift)
    if ktype == "string":
        v = _STRING_FALLBACK[(i + shift) % ROWS]
        return v if v is None or v == "" else f"{v}-{name[:3].lower()}"
    if ktype == "long":
        return _LONG[(i + shift) % ROWS]
    if ktype == "int":
        return _INT[(i + shift) % ROWS]
    if ktype == "real":
        return _REAL[(i + shift) % ROWS]
    if ktype == "bool":
        return _BOOL[(i + shift) % ROWS]
    if ktype == "dynamic":
        return _DYNAMIC[(i + shift) % ROWS]
    if ktype == "guid":
        return _GUID[(i + shift) % ROWS]
    if ktype == "timespan":
        return None if i == 4 else 10_000_000 * (i + 1)        # ticks
    raise AssertionError(f"no fixture value for type {ktype}")


_ARROW = {"string": pa.string(), "long": pa.int64(), "int": pa.int32(), "real": pa.float64(),
          "bool": pa.bool_(), "datetime": pa.timestamp("us"), "dynamic": pa.string(),
          "guid": pa.string(), "timespan": pa.int64()}


def _arrow_table(info, shift: int, rows: range, columns=None, widen=()) -> pa.Table:
    data, fields = {}, []
    for c in info.columns:
        if columns is not None and c.name not in columns:
            continue
        values = [_value(c.name, c.type, i, shift) for i in rows]
        if info.name == "EmailEvents" and c.name == "Timestamp":
            values = [None if i == 5 else v for i, v in zip(rows, values)]
        atype = pa.int64() if c.name in widen else _ARROW[c.type]
        data[c.name] = pa.array(values, atype)
        fields.append(pa.field(c.name, atype))
    return pa.Table.from_pydict(data, schema=pa.schema(fields))


def _nested_dynamic(info, rows: range) -> dict:
    """CloudAppEvents keeps two dynamic columns as nested Parquet values, not JSON text."""
    out = {}
    if info.name != "CloudAppEvents":
        return out
    tags = [["Anonymous proxy"], [], None, ["Tor", "VPN"], ["x"], ["Tor"]]
    objs = [[{"Name": "a.txt", "Type": 1}], [{"Name": "b", "Type": 2}, {"Name": "c", "Type": 3}],
            [], None, [{"Name": "", "Type": None}], [{"Name": "z", "Type": 9}]]
    out["IPTags"] = pa.array([tags[i] for i in rows], pa.list_(pa.string()))
    out["ActivityObjects"] = pa.array(
        [objs[i] for i in rows],
        pa.list_(pa.struct([("Name", pa.string()), ("Type", pa.int64())])))
    return out


def write(data_dir: Path) -> Path:
    """Write the fixture tables under data_dir/<Table>/*.parquet; returns data_dir."""
    data_dir = Path(data_dir)
    catalog = load_default_catalog()
    for shift, name in enumerate(TABLES):
        info = catalog.table(name)
        folder = data_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        if name in ("DeviceProcessEvents", "DeviceNetworkEvents"):
            # two files: all columns for rows 0-3; a column subset (and, for the network
            # table, ports stored as int64) for rows 4-5
            first = _arrow_table(info, shift, range(0, 4))
            keep = {c.name for c in info.columns[: len(info.columns) // 2]} | {"ReportId"}
            second = _arrow_table(info, shift, range(4, ROWS), columns=keep,
                                  widen=("RemotePort", "LocalPort"))
            pq.write_table(first, folder / "part-0.parquet")
            pq.write_table(second, folder / "part-1.parquet")
            continue
        table = _arrow_table(info, shift, range(ROWS))
        for col, arr in _nested_dynamic(info, range(ROWS)).items():
            table = table.set_column(table.schema.get_field_index(col), col, arr)
        pq.write_table(table, folder / "part-0.parquet")
    return data_dir
