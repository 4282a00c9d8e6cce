"""The benchmark workload: hunting queries shaped like the corpus, each with its SQL twin.

Every query is KQL as a hunter writes it, and the DuckDB SQL an expert would write directly
over the same views (the engine's one view per table: the catalog's columns, strings never
NULL). The SQL twin is the floor: hunt cannot be faster than what DuckDB does with good SQL,
and the benchmark measures how close it comes. Both must return the same rows (compared as
sorted multisets by `same_rows`, floats within a relative tolerance, sets order-free).

Time: KQL uses `ago()`, run with `now` pinned to NOW (hunt: `now=`, duckdb-kql: `query_now=`);
the SQL twin has `{now}` (a TIMESTAMP literal of the same instant), filled by `sql_of`.
The views expose each row's day folder as `__partition_date` (hunt.engine.views); a SQL twin
with a time filter also filters on it, as an expert who knows the layout would, so that
DuckDB opens only the files of the days it needs. An IN list of six or more constants is
written `coalesce(x IN (...), false)`: DuckDB turns a bare long IN list into a join against
the list and pushes the other (costly) conjuncts into the scan, so they run on every row
first; the coalesce keeps the cheap IN as the first filter (2.5x on contains_in_cs).

Features (the issue's list) -> queries:
  has / has_any / has_all ....... term_has_any, term_has_all_cmd, url_has_any
  contains / =~ / in~ ........... contains_in_cs, contains_scan, file_downloads
  bin(1h) + dcount + make_set ... hourly_network, logon_bruteforce
  arg_max(Timestamp, *) by ...... device_latest, last_logon
  process <-> network join ...... proc_net_join
  leftanti ...................... new_remote_ips
  default (innerunique) join .... server_failed_logons
  mv-expand over JSON ........... mvexpand_ips
  JSON properties ............... av_detections
  parse / extract ............... extract_urls, parse_svchost
  union across device tables .... union_powershell
  top ........................... top_urls
  time-window join .............. logon_then_process
  rare-process prevalence ....... rare_processes
"""
from __future__ import annotations

import datetime as _dt
import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable, Optional

# NOW is set per data directory by the runner (the end of the data); tests pin it too.


@dataclass(frozen=True)
class Query:
    name: str
    features: str
    kql: str
    sql: str
    tables: tuple[str, ...]
    rel_tol: float = 1e-9
    notes: str = ""
    set_columns: tuple[int, ...] = field(default=())   # list-valued columns compared as sets


def now_literal(now: _dt.datetime) -> str:
    return f"TIMESTAMP '{now.strftime('%Y-%m-%d %H:%M:%S.%f')}'"


def now_iso(now: _dt.datetime) -> str:
    return now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def sql_of(q: Query, now: _dt.datetime) -> str:
    return q.sql.replace("{now}", now_literal(now))


LOLBINS = '"certutil.exe", "mshta.exe", "rundll32.exe", "regsvr32.exe", "bitsadmin.exe"'
LOLBINS_SQL = "'certutil.exe', 'mshta.exe', 'rundll32.exe', 'regsvr32.exe', 'bitsadmin.exe'"

# Term boundaries of KQL's has: a term is a run of ASCII letters and digits.
_B = "[^0-9A-Za-z]"

QUERIES: list[Query] = [
    Query(
        "term_has_any", "has_any over command lines, time filter",
        """DeviceProcessEvents
| where Timestamp > ago(7d)
| where ProcessCommandLine has_any ("-enc", "downloadstring", "bypass", "hidden")
| project Timestamp, DeviceName, AccountName, FileName, ProcessCommandLine""",
        f"""SELECT Timestamp, DeviceName, AccountName, FileName, ProcessCommandLine
FROM DeviceProcessEvents
WHERE Timestamp > {{now}} - INTERVAL 7 DAY
  AND __partition_date >= CAST({{now}} - INTERVAL 7 DAY AS DATE)
  AND regexp_matches(ProcessCommandLine,
      '(?i)(?:-enc(?:$|{_B}))|(?:(?:^|{_B})(?:downloadstring|bypass|hidden)(?:$|{_B}))')""",
        ("DeviceProcessEvents",),
        notes="one regex for the four terms: a contains() prefilter per term was slower "
              "when many command lines hold the terms"),
    Query(
        "term_has_all_cmd", "has, has_all, =~",
        """DeviceProcessEvents
| where ProcessCommandLine has "whoami"
    or (FileName =~ "CMD.EXE" and ProcessCommandLine has_all ("vssadmin", "delete", "shadows"))
| summarize Count = count() by DeviceName, FileName""",
        f"""SELECT DeviceName, FileName, count(*) AS Count
FROM DeviceProcessEvents
WHERE (contains(lower(ProcessCommandLine), 'whoami')
       AND regexp_matches(ProcessCommandLine, '(?i)(?:^|{_B})whoami(?:$|{_B})'))
   OR (lower(FileName) = 'cmd.exe'
       AND contains(lower(ProcessCommandLine), 'vssadmin')
       AND contains(lower(ProcessCommandLine), 'delete')
       AND contains(lower(ProcessCommandLine), 'shadows')
       AND regexp_matches(ProcessCommandLine, '(?i)(?:^|{_B})vssadmin(?:$|{_B})')
       AND regexp_matches(ProcessCommandLine, '(?i)(?:^|{_B})delete(?:$|{_B})')
       AND regexp_matches(ProcessCommandLine, '(?i)(?:^|{_B})shadows(?:$|{_B})'))
GROUP BY DeviceName, FileName""",
        ("DeviceProcessEvents",)),
    Query(
        "url_has_any", "has_any over URLs",
        """DeviceNetworkEvents
| where RemoteUrl has_any ("pastebin", "githubusercontent", "ngrok", "example")
| summarize Connections = count(), Devices = dcount(DeviceId) by RemoteUrl, InitiatingProcessFileName""",
        f"""SELECT RemoteUrl, InitiatingProcessFileName, count(*) AS Connections,
       count(DISTINCT DeviceId) AS Devices
FROM DeviceNetworkEvents
WHERE (contains(lower(RemoteUrl), 'pastebin') OR contains(lower(RemoteUrl), 'githubusercontent')
       OR contains(lower(RemoteUrl), 'ngrok') OR contains(lower(RemoteUrl), 'example'))
  AND regexp_matches(RemoteUrl,
      '(?i)(?:^|{_B})(?:pastebin|githubusercontent|ngrok|example)(?:$|{_B})')
GROUP BY RemoteUrl, InitiatingProcessFileName""",
        ("DeviceNetworkEvents",)),
    Query(
        "contains_in_cs", "in~ and contains, dcount",
        f"""DeviceProcessEvents
| where FileName in~ ("curl.exe", {LOLBINS})
| where ProcessCommandLine contains "http" or ProcessCommandLine contains ".dll"
| summarize Count = count(), Devices = dcount(DeviceId) by FileName""",
        f"""SELECT FileName, count(*) AS Count, count(DISTINCT DeviceId) AS Devices
FROM DeviceProcessEvents
WHERE coalesce(lower(FileName) IN ('curl.exe', {LOLBINS_SQL}), false)
  AND (contains(lower(ProcessCommandLine), 'http') OR contains(lower(ProcessCommandLine), '.dll'))
GROUP BY FileName""",
        ("DeviceProcessEvents",)),
    Query(
        "contains_scan", "contains and !contains over every command line",
        """DeviceProcessEvents
| where ProcessCommandLine contains "http" and ProcessCommandLine !contains "microsoft.com"
| summarize Count = count() by FileName""",
        """SELECT FileName, count(*) AS Count
FROM DeviceProcessEvents
WHERE contains(lower(ProcessCommandLine), 'http')
  AND NOT contains(lower(ProcessCommandLine), 'microsoft.com')
GROUP BY FileName""",
        ("DeviceProcessEvents",)),
    Query(
        "file_downloads", "contains, endswith on paths, dcount",
        r"""DeviceFileEvents
| where ActionType == "FileCreated" and FolderPath contains @"\Downloads\" and FileName endswith ".exe"
| summarize Files = dcount(SHA256), Devices = dcount(DeviceId) by FileName""",
        r"""SELECT FileName, count(DISTINCT SHA256) AS Files, count(DISTINCT DeviceId) AS Devices
FROM DeviceFileEvents
WHERE ActionType = 'FileCreated' AND contains(lower(FolderPath), '\downloads\')
  AND ends_with(lower(FileName), '.exe')
GROUP BY FileName""",
        ("DeviceFileEvents",)),
    Query(
        "hourly_network", "summarize by bin(Timestamp, 1h) with dcount and make_set",
        """DeviceNetworkEvents
| where Timestamp > ago(7d) and RemotePort in (80, 443)
| summarize Connections = count(), Devices = dcount(DeviceId), Ports = make_set(RemotePort)
    by bin(Timestamp, 1h)""",
        """SELECT date_trunc('hour', Timestamp) AS Timestamp, count(*) AS Connections,
       count(DISTINCT DeviceId) AS Devices, list(DISTINCT RemotePort) AS Ports
FROM DeviceNetworkEvents
WHERE Timestamp > {now} - INTERVAL 7 DAY AND __partition_date >= CAST({now} - INTERVAL 7 DAY AS DATE)
  AND RemotePort IN (80, 443)
GROUP BY 1""",
        ("DeviceNetworkEvents",), set_columns=(3,)),
    Query(
        "logon_bruteforce", "countif by account and bin(Timestamp, 1h)",
        """DeviceLogonEvents
| where Timestamp > ago(7d)
| summarize Failed = countif(ActionType == "LogonFailed"), Succeeded = countif(ActionType == "LogonSuccess")
    by AccountName, DeviceName, bin(Timestamp, 1h)
| where Failed >= 2 and Succeeded > 0""",
        """SELECT AccountName, DeviceName, date_trunc('hour', Timestamp) AS Timestamp,
       count(*) FILTER (WHERE ActionType = 'LogonFailed') AS Failed,
       count(*) FILTER (WHERE ActionType = 'LogonSuccess') AS Succeeded
FROM DeviceLogonEvents
WHERE Timestamp > {now} - INTERVAL 7 DAY AND __partition_date >= CAST({now} - INTERVAL 7 DAY AS DATE)
GROUP BY 1, 2, 3
HAVING Failed >= 2 AND Succeeded > 0""",
        ("DeviceLogonEvents",)),
    Query(
        "device_latest", "arg_max(Timestamp, *) by DeviceId",
        """DeviceInfo
| summarize arg_max(Timestamp, *) by DeviceId
| project DeviceId, DeviceName, OSPlatform, OSBuild, PublicIP, Timestamp""",
        """SELECT DeviceId, r.DeviceName, r.OSPlatform, r.OSBuild, r.PublicIP, r.Timestamp
FROM (SELECT DeviceId,
             arg_max({'DeviceName': DeviceName, 'OSPlatform': OSPlatform, 'OSBuild': OSBuild,
                      'PublicIP': PublicIP, 'Timestamp': Timestamp}, Timestamp) AS r
      FROM DeviceInfo GROUP BY DeviceId)""",
        ("DeviceInfo",)),
    Query(
        "last_logon", "arg_max(Timestamp, *) by account on an event table",
        """DeviceLogonEvents
| where ActionType == "LogonSuccess"
| summarize arg_max(Timestamp, *) by AccountName
| project AccountName, Timestamp, DeviceName""",
        """SELECT AccountName, r.Timestamp, r.DeviceName
FROM (SELECT AccountName,
             arg_max({'Timestamp': Timestamp, 'DeviceName': DeviceName}, Timestamp) AS r
      FROM DeviceLogonEvents WHERE ActionType = 'LogonSuccess' GROUP BY AccountName)""",
        ("DeviceLogonEvents",),
        notes="ties on the latest Timestamp of an account could pick another DeviceName"),
    Query(
        "proc_net_join", "process <-> network inner join on device and process id",
        f"""DeviceProcessEvents
| where FileName in~ ("powershell.exe", "curl.exe", "msedge.exe", "OUTLOOK.EXE", {LOLBINS})
| project DeviceId, ProcessId, ProcFile = FileName
| join kind=inner (
    DeviceNetworkEvents
    | where RemotePort in (80, 443, 4444, 8080)
    | project DeviceId, InitiatingProcessId, RemoteUrl
  ) on DeviceId, $left.ProcessId == $right.InitiatingProcessId
| summarize Connections = count(), Urls = dcount(RemoteUrl) by ProcFile, DeviceId""",
        f"""SELECT p.FileName AS ProcFile, p.DeviceId, count(*) AS Connections,
       count(DISTINCT n.RemoteUrl) AS Urls
FROM DeviceProcessEvents p
JOIN DeviceNetworkEvents n
  ON p.DeviceId = n.DeviceId AND p.ProcessId = n.InitiatingProcessId
WHERE coalesce(lower(p.FileName) IN ('powershell.exe', 'curl.exe', 'msedge.exe', 'outlook.exe',
                                       {LOLBINS_SQL}), false)
  AND n.RemotePort IN (80, 443, 4444, 8080)
GROUP BY 1, 2""",
        ("DeviceProcessEvents", "DeviceNetworkEvents")),
    Query(
        "new_remote_ips", "leftanti join: remote IPs of the last day not seen the 6 days before",
        """DeviceNetworkEvents
| where Timestamp > ago(1d)
| summarize FirstSeen = min(Timestamp), Devices = dcount(DeviceId) by RemoteIP
| join kind=leftanti (
    DeviceNetworkEvents
    | where Timestamp between (ago(7d) .. ago(1d))
    | distinct RemoteIP
  ) on RemoteIP""",
        """SELECT RemoteIP, min(Timestamp) AS FirstSeen, count(DISTINCT DeviceId) AS Devices
FROM DeviceNetworkEvents
WHERE Timestamp > {now} - INTERVAL 1 DAY AND __partition_date >= CAST({now} - INTERVAL 1 DAY AS DATE)
  AND RemoteIP NOT IN (
    SELECT RemoteIP FROM DeviceNetworkEvents
    WHERE Timestamp BETWEEN {now} - INTERVAL 7 DAY AND {now} - INTERVAL 1 DAY
      AND __partition_date BETWEEN CAST({now} - INTERVAL 7 DAY AS DATE)
                               AND CAST({now} - INTERVAL 1 DAY AS DATE))
GROUP BY RemoteIP""",
        ("DeviceNetworkEvents",),
        notes="RemoteIP is never NULL in the views (strings are ''), so NOT IN is an anti join"),
    Query(
        "server_failed_logons", "default (innerunique) join",
        """DeviceInfo
| where OSPlatform startswith "WindowsServer"
| distinct DeviceId, OSPlatform
| join (
    DeviceLogonEvents
    | where ActionType == "LogonFailed"
    | summarize Failures = count() by DeviceId, AccountName
  ) on DeviceId
| project DeviceId, OSPlatform, AccountName, Failures""",
        """WITH l AS (
  SELECT DISTINCT ON (DeviceId) DeviceId, OSPlatform
  FROM DeviceInfo WHERE starts_with(lower(OSPlatform), 'windowsserver')),
r AS (
  SELECT DeviceId, AccountName, count(*) AS Failures
  FROM DeviceLogonEvents WHERE ActionType = 'LogonFailed'
  GROUP BY DeviceId, AccountName)
SELECT l.DeviceId, l.OSPlatform, r.AccountName, r.Failures
FROM l JOIN r ON l.DeviceId = r.DeviceId""",
        ("DeviceInfo", "DeviceLogonEvents"),
        notes="innerunique keeps one left row per key: DISTINCT ON (a device with two "
              "platforms would make the choice arbitrary on both sides)"),
    Query(
        "mvexpand_ips", "mv-expand over a JSON array column",
        """DeviceNetworkInfo
| where NetworkAdapterStatus == "Up"
| mv-expand IP = parse_json(IPAddresses)
| extend IPAddress = tostring(IP.IPAddress), AddressType = tostring(IP.AddressType)
| summarize Devices = dcount(DeviceId), Adapters = dcount(MacAddress) by IPAddress, AddressType""",
        """SELECT coalesce(ip->>'IPAddress', '') AS IPAddress,
       coalesce(ip->>'AddressType', '') AS AddressType,
       count(DISTINCT DeviceId) AS Devices, count(DISTINCT MacAddress) AS Adapters
FROM (SELECT DeviceId, MacAddress, unnest(CAST(IPAddresses AS JSON[])) AS ip
      FROM DeviceNetworkInfo WHERE NetworkAdapterStatus = 'Up')
GROUP BY 1, 2""",
        ("DeviceNetworkInfo",),
        notes="assumes IPAddresses holds a JSON array on every 'Up' adapter"),
    Query(
        "av_detections", "parse_json of AdditionalFields, a property as a group key",
        """DeviceEvents
| where ActionType == "AntivirusDetection"
| extend F = parse_json(AdditionalFields)
| summarize Detections = count(), Devices = dcount(DeviceId) by ThreatName = tostring(F.ThreatName)""",
        """SELECT CASE WHEN json_valid(AdditionalFields)
            THEN coalesce(json_extract_string(AdditionalFields, '$.ThreatName'), '') ELSE ''
       END AS ThreatName,
       count(*) AS Detections, count(DISTINCT DeviceId) AS Devices
FROM DeviceEvents
WHERE ActionType = 'AntivirusDetection'
GROUP BY 1""",
        ("DeviceEvents",)),
    Query(
        "extract_urls", "extract with regexes",
        f"""DeviceProcessEvents
| where FileName in~ ("powershell.exe", "curl.exe", "msedge.exe", {LOLBINS})
| extend Url = extract(@"(https?://[^\\s'""]+)", 1, ProcessCommandLine)
| where isnotempty(Url)
| extend Host = extract(@"https?://([^/:'""\\s]+)", 1, Url)
| summarize Count = count(), Devices = dcount(DeviceId) by Host""",
        f"""SELECT regexp_extract(Url, 'https?://([^/:''"\\s]+)', 1) AS Host,
       count(*) AS Count, count(DISTINCT DeviceId) AS Devices
FROM (SELECT DeviceId, regexp_extract(ProcessCommandLine, '(https?://[^\\s''"]+)', 1) AS Url
      FROM DeviceProcessEvents
      WHERE coalesce(lower(FileName) IN ('powershell.exe', 'curl.exe', 'msedge.exe',
                                         {LOLBINS_SQL}), false))
WHERE Url <> ''
GROUP BY 1""",
        ("DeviceProcessEvents",)),
    Query(
        "parse_svchost", "parse operator (simple mode), has on a dash term",
        """DeviceProcessEvents
| where FileName =~ "svchost.exe" and ProcessCommandLine has "-k"
| parse ProcessCommandLine with * "-k " ServiceGroup " " * "-s " Service
| summarize Count = count(), Devices = dcount(DeviceId) by ServiceGroup, Service""",
        f"""SELECT regexp_extract(ProcessCommandLine, '(?s)^.*?-k (.*?) .*?-s (.*)$', 1) AS ServiceGroup,
       regexp_extract(ProcessCommandLine, '(?s)^.*?-k (.*?) .*?-s (.*)$', 2) AS Service,
       count(*) AS Count, count(DISTINCT DeviceId) AS Devices
FROM DeviceProcessEvents
WHERE lower(FileName) = 'svchost.exe'
  AND regexp_matches(ProcessCommandLine, '(?i)-k(?:$|{_B})')
GROUP BY 1, 2""",
        ("DeviceProcessEvents",),
        notes="no contains() prefilter: nearly every svchost command line holds -k, so it "
              "would only add a lower() of every line"),
    Query(
        "union_powershell", "union withsource across device tables",
        """union withsource=SourceTable DeviceProcessEvents, DeviceNetworkEvents, DeviceFileEvents
| where Timestamp > ago(1d) and InitiatingProcessFileName =~ "powershell.exe"
| summarize Events = count(), Devices = dcount(DeviceId) by SourceTable, ActionType""",
        """SELECT SourceTable, ActionType, count(*) AS Events, count(DISTINCT DeviceId) AS Devices
FROM (
  SELECT 'DeviceProcessEvents' AS SourceTable, ActionType, DeviceId FROM DeviceProcessEvents
  WHERE Timestamp > {now} - INTERVAL 1 DAY AND __partition_date >= CAST({now} - INTERVAL 1 DAY AS DATE)
    AND lower(InitiatingProcessFileName) = 'powershell.exe'
  UNION ALL
  SELECT 'DeviceNetworkEvents', ActionType, DeviceId FROM DeviceNetworkEvents
  WHERE Timestamp > {now} - INTERVAL 1 DAY AND __partition_date >= CAST({now} - INTERVAL 1 DAY AS DATE)
    AND lower(InitiatingProcessFileName) = 'powershell.exe'
  UNION ALL
  SELECT 'DeviceFileEvents', ActionType, DeviceId FROM DeviceFileEvents
  WHERE Timestamp > {now} - INTERVAL 1 DAY AND __partition_date >= CAST({now} - INTERVAL 1 DAY AS DATE)
    AND lower(InitiatingProcessFileName) = 'powershell.exe')
GROUP BY 1, 2""",
        ("DeviceProcessEvents", "DeviceNetworkEvents", "DeviceFileEvents")),
    Query(
        "top_urls", "top N after summarize",
        """DeviceNetworkEvents
| where ActionType == "ConnectionSuccess" and isnotempty(RemoteUrl)
| summarize Connections = count(), Devices = dcount(DeviceId) by RemoteUrl
| top 10 by Connections desc""",
        """SELECT RemoteUrl, count(*) AS Connections, count(DISTINCT DeviceId) AS Devices
FROM DeviceNetworkEvents
WHERE ActionType = 'ConnectionSuccess' AND RemoteUrl <> ''
GROUP BY RemoteUrl
ORDER BY Connections DESC
LIMIT 10""",
        ("DeviceNetworkEvents",)),
    Query(
        "logon_then_process", "time-window join: processes within 10 minutes after a logon",
        """DeviceLogonEvents
| where ActionType == "LogonSuccess" and LogonType in ("RemoteInteractive", "Network")
| project DeviceId, AccountName, LogonTime = Timestamp
| join kind=inner (
    DeviceProcessEvents
    | where FileName in~ ("powershell.exe", "cmd.exe", "rundll32.exe")
    | project DeviceId, AccountName, ProcTime = Timestamp, FileName
  ) on DeviceId, AccountName
| where ProcTime between (LogonTime .. (LogonTime + 10m))
| summarize Processes = count(), FirstLogon = min(LogonTime) by DeviceId, AccountName, FileName""",
        """SELECT l.DeviceId, l.AccountName, p.FileName, count(*) AS Processes,
       min(l.Timestamp) AS FirstLogon
FROM DeviceLogonEvents l
JOIN DeviceProcessEvents p
  ON l.DeviceId = p.DeviceId AND l.AccountName = p.AccountName
 AND p.Timestamp BETWEEN l.Timestamp AND l.Timestamp + INTERVAL 10 MINUTE
WHERE l.ActionType = 'LogonSuccess' AND l.LogonType IN ('RemoteInteractive', 'Network')
  AND lower(p.FileName) IN ('powershell.exe', 'cmd.exe', 'rundll32.exe')
GROUP BY 1, 2, 3""",
        ("DeviceLogonEvents", "DeviceProcessEvents")),
    Query(
        "rare_processes", "rare-process prevalence: let, dcount, in (tabular)",
        """let Rare = DeviceProcessEvents
  | where Timestamp > ago(7d)
  | summarize Devices = dcount(DeviceId) by FileName
  | where Devices <= 2
  | project FileName;
DeviceProcessEvents
| where Timestamp > ago(7d) and FileName in (Rare)
| summarize Executions = count(), Devices = dcount(DeviceId), FirstSeen = min(Timestamp),
    LastSeen = max(Timestamp) by FileName, FolderPath""",
        """SELECT FileName, FolderPath, count(*) AS Executions, count(DISTINCT DeviceId) AS Devices,
       min(Timestamp) AS FirstSeen, max(Timestamp) AS LastSeen
FROM DeviceProcessEvents
WHERE Timestamp > {now} - INTERVAL 7 DAY
  AND __partition_date >= CAST({now} - INTERVAL 7 DAY AS DATE)
  AND FileName IN (
    SELECT FileName FROM DeviceProcessEvents
    WHERE Timestamp > {now} - INTERVAL 7 DAY
      AND __partition_date >= CAST({now} - INTERVAL 7 DAY AS DATE)
    GROUP BY FileName HAVING count(DISTINCT DeviceId) <= 2)
GROUP BY FileName, FolderPath""",
        ("DeviceProcessEvents",)),
]

BY_NAME = {q.name: q for q in QUERIES}


def tables_used() -> list[str]:
    return sorted({t for q in QUERIES for t in q.tables})


# -- comparing results ------------------------------------------------------------------------

def _maybe_json(v: str):
    s = v.strip()
    if s[:1] in "[{":
        try:
            return json.loads(s)
        except ValueError:
            return v
    return v


def _canon(v: Any, as_set: bool = False):
    """A hashable, order-stable form of a cell for comparison. Datetimes compare as naive
    UTC; JSON text of arrays/objects as its parsed value; lists of a set column order-free."""
    if v is None:
        return ("n",)
    if isinstance(v, bool):
        return ("b", v)
    if isinstance(v, (int,)) :
        return ("f", float(v))
    if isinstance(v, (float, Decimal)):
        f = float(v)
        return ("f", f) if not math.isnan(f) else ("nan",)
    if isinstance(v, _dt.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return ("t", v.isoformat())
    if isinstance(v, _dt.timedelta):
        return ("d", v.total_seconds())
    if isinstance(v, str):
        parsed = _maybe_json(v)
        if parsed is not v:
            return _canon(parsed, as_set)
        return ("s", v)
    if isinstance(v, (list, tuple)):
        items = [_canon(x) for x in v]
        if as_set:
            items = sorted(set(items), key=repr)
        return ("l", tuple(items))
    if isinstance(v, dict):
        return ("o", tuple(sorted((k, _canon(x)) for k, x in v.items())))
    return ("s", str(v))


def canon_rows(rows: Iterable[tuple], set_columns: tuple[int, ...] = ()) -> list[tuple]:
    out = [tuple(_canon(v, i in set_columns) for i, v in enumerate(r)) for r in rows]
    out.sort(key=repr)
    return out


def _close(a, b, rel_tol: float) -> bool:
    if a == b:
        return True
    if a[0] == "f" and b[0] == "f":
        return math.isclose(a[1], b[1], rel_tol=rel_tol, abs_tol=1e-12)
    if a[0] == b[0] and a[0] in ("l", "o") and len(a[1]) == len(b[1]):
        return all(_close(x, y, rel_tol) if isinstance(x, tuple) and x and isinstance(x[0], str)
                   else x == y for x, y in zip(a[1], b[1]))
    return False


def same_rows(a: Iterable[tuple], b: Iterable[tuple], *, rel_tol: float = 1e-9,
              set_columns: tuple[int, ...] = ()) -> Optional[str]:
    """None when equal as multisets; otherwise a one-line description of the first difference."""
    ca, cb = canon_rows(a, set_columns), canon_rows(b, set_columns)
    if len(ca) != len(cb):
        return f"{len(ca)} rows vs {len(cb)}"
    if ca and len(ca[0]) != len(cb[0]):
        return f"{len(ca[0])} columns vs {len(cb[0])}"
    for ra, rb in zip(ca, cb):
        if ra != rb and not all(_close(x, y, rel_tol) for x, y in zip(ra, rb)):
            return f"row differs: {_show(ra)} vs {_show(rb)}"
    return None


def _show(row: tuple) -> str:
    text = repr(tuple(c[1] if len(c) > 1 else None for c in row))
    return text if len(text) < 300 else text[:297] + "..."
