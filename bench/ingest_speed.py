"""Ingestion speed: records per second of `hunt ingest` on Defender Streaming API output.

    python bench/ingest_speed.py [--records N] [--files K] [--gzip] [--eventhub K]
                                 [--by-table] [--repeat R] [--json FILE] [--keep DIR]

Writes K files of Streaming API records as a storage account receives them (one record per
line, `{"time", "tenantId", "operationName", "category", "properties"}`), a realistic mix of
Device* tables with realistic value sizes (hashes, paths, command lines, IPs, JSON in
AdditionalFields, empty optional fields), then times `hunt.store.ingest.ingest` into a fresh
data directory and prints records per second (generation is not timed) and the CPU time
of the process (all threads) per record: on a shared machine the CPU time is the steadier
figure. --repeat R ingests the same files R times (a fresh data directory each time) and
prints the best and the median run. --eventhub K writes Event Hubs messages of K records
instead ({"records": [...]} per line), of any tables or, --by-table, of one table each.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (table, share of the stream): roughly the volumes of an endpoint-heavy tenant
MIX = (("DeviceProcessEvents", 0.25), ("DeviceNetworkEvents", 0.25),
       ("DeviceFileEvents", 0.15), ("DeviceRegistryEvents", 0.10),
       ("DeviceEvents", 0.12), ("DeviceImageLoadEvents", 0.10), ("DeviceLogonEvents", 0.03))

_EXES = ("svchost.exe", "powershell.exe", "chrome.exe", "msedge.exe", "OUTLOOK.EXE",
         "WINWORD.EXE", "cmd.exe", "rundll32.exe", "MsMpEng.exe", "explorer.exe", "teams.exe")
_DIRS = ("C:\\Windows\\System32", "C:\\Program Files\\Google\\Chrome\\Application",
         "C:\\Program Files (x86)\\Microsoft\\Edge\\Application",
         "C:\\Users\\alice.smith\\AppData\\Local\\Temp", "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0")
_ACTIONS = {"DeviceProcessEvents": ("ProcessCreated",),
            "DeviceNetworkEvents": ("ConnectionSuccess", "ConnectionFailed", "InboundConnectionAccepted"),
            "DeviceFileEvents": ("FileCreated", "FileModified", "FileRenamed", "FileDeleted"),
            "DeviceRegistryEvents": ("RegistryValueSet", "RegistryKeyCreated"),
            "DeviceEvents": ("PowerShellCommand", "OpenProcessApiCall", "DnsQueryResponse", "ScriptContent"),
            "DeviceImageLoadEvents": ("ImageLoaded",),
            "DeviceLogonEvents": ("LogonSuccess", "LogonFailed")}


def _hex(rnd: random.Random, n: int) -> str:
    return "%0*x" % (n, rnd.getrandbits(4 * n))


def _guid(rnd: random.Random) -> str:
    h = _hex(rnd, 32)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _value(rnd: random.Random, table: str, name: str, ktype: str, ts: dt.datetime):
    """A plausible value for a column, by its name and type (None: the field is empty)."""
    if ktype == "datetime":
        t = ts - dt.timedelta(seconds=rnd.randint(0, 86400))
        return t.strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"
    if ktype in ("long", "int"):
        if name.endswith("Port"):
            return rnd.choice((443, 80, 445, 135, 53, rnd.randint(49152, 65535)))
        return rnd.randint(0, 2 ** 31 if ktype == "long" else 65535)
    if ktype == "bool":
        return rnd.random() < 0.1
    if ktype == "dynamic" or name == "AdditionalFields":
        if rnd.random() < 0.5:
            return None
        return {"ProcessCreationFlags": rnd.randint(0, 4096), "Command": "Get-ChildItem",
                "IsAudit": rnd.random() < 0.5}
    if name in ("SHA1", "InitiatingProcessSHA1"):
        return _hex(rnd, 40)
    if name in ("SHA256", "InitiatingProcessSHA256"):
        return _hex(rnd, 64)
    if name in ("MD5", "InitiatingProcessMD5"):
        return _hex(rnd, 32)
    if name == "DeviceId":
        return _hex(rnd, 40)
    if name == "DeviceName":
        return f"pc-{rnd.randint(1, 500):04d}.corp.contoso.com"
    if name == "ActionType":
        return rnd.choice(_ACTIONS.get(table, ("Unknown",)))
    if name.endswith("FileName"):
        return rnd.choice(_EXES)
    if name.endswith("FolderPath"):
        return rnd.choice(_DIRS) + "\\" + rnd.choice(_EXES)
    if name.endswith("CommandLine"):
        return (f'"{rnd.choice(_EXES)}" --type=renderer --field-trial-handle={rnd.randint(1, 9999)}'
                f" --lang=en-US /prefetch:{rnd.randint(1, 8)}")
    if name.endswith("IP"):
        return f"{rnd.randint(1, 223)}.{rnd.randint(0, 255)}.{rnd.randint(0, 255)}.{rnd.randint(1, 254)}"
    if name.endswith("Sid"):
        return f"S-1-5-21-{rnd.randint(10**9, 4 * 10**9)}-{rnd.randint(10**9, 4 * 10**9)}-{rnd.randint(1000, 9999)}"
    if name.endswith(("ObjectId", "UniqueId")):
        return _guid(rnd)
    if name.endswith("AccountName"):
        return rnd.choice(("alice.smith", "bob.jones", "system", "local service", "svc_backup"))
    if name.endswith("AccountDomain"):
        return rnd.choice(("contoso", "nt authority"))
    if name.endswith("Upn"):
        return rnd.choice(("alice.smith@contoso.com", "bob.jones@contoso.com", None))
    if rnd.random() < 0.45:        # most optional text fields are empty in real records
        return None
    return rnd.choice(("Microsoft Corporation", "Google LLC", "High", "Medium", "TokenElevationTypeDefault",
                       "Valid", "Microsoft Windows", "10.0.19041.1", "Tcp", "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies"))


def make_records(n: int, seed: int = 7, start: dt.datetime = dt.datetime(2026, 11, 1)):
    """n Streaming API records (dicts), times spread over three days from `start`."""
    sys.path.insert(0, str(ROOT))
    from hunt.semantic.catalog import load_default_catalog
    catalog = load_default_catalog()
    rnd = random.Random(seed)
    tables = [t for t, _ in MIX]
    weights = [w for _, w in MIX]
    span = 3 * 86400
    for i in range(n):
        table = rnd.choices(tables, weights)[0]
        info = catalog.table(table)
        ts = start + dt.timedelta(seconds=span * i / max(1, n), microseconds=rnd.randint(0, 999999))
        props = {c.name: _value(rnd, table, c.name, c.type, ts) for c in info.columns}
        props["Timestamp"] = ts.strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"
        yield {"time": props["Timestamp"], "tenantId": "4b2462a4-bbee-495a-a0e1-f23ae524cc9c",
               "operationName": "Publish", "category": f"AdvancedHunting-{table}",
               "properties": props}


def write_files(folder: Path, n: int, files: int, gz: bool = False, seed: int = 7,
                eventhub: int = 0, by_table: bool = False) -> list[Path]:
    """`files` files of n records in all; eventhub > 0: Event Hubs messages of that many
    records ({"records": [...]}) one per line, instead of one record per line; by_table:
    each message holds records of one table (in time order per table), else of any."""
    import gzip
    folder.mkdir(parents=True, exist_ok=True)
    # 20,000 distinct records, each repeated in place so that the stream stays in time
    # order as real exports are (generation stays quick)
    distinct = min(n, 20_000)
    lines = [json.dumps(r, separators=(",", ":")) for r in make_records(distinct, seed)]
    paths = []
    per_file = -(-n // files)
    written = 0
    for k in range(files):
        path = folder / (f"PT1H-{k:03d}.json" + (".gz" if gz else ""))
        count = min(per_file, n - written)
        with (gzip.open(path, "wt", encoding="utf-8", compresslevel=1) if gz
              else open(path, "w", encoding="utf-8")) as fh:
            # another tenant per file: no two files have the same content (the manifest
            # would rightly skip a copy)
            tenant = f'"tenantId":"{k:08x}-bbee-495a-a0e1-f23ae524cc9c"'
            order = [(written + j) * distinct // n for j in range(count)]
            if eventhub and by_table:
                order.sort(key=lambda i: lines[i][lines[i].index('"category"'):][:64])
            for j in range(count):
                if eventhub:
                    fh.write('{"records":[' if j % eventhub == 0 else ",")
                fh.write(lines[order[j]].replace(
                    '"tenantId":"4b2462a4-bbee-495a-a0e1-f23ae524cc9c"', tenant, 1))
                if not eventhub:
                    fh.write("\n")
                elif j % eventhub == eventhub - 1 or j == count - 1:
                    fh.write("]}\n")
        written += count
        paths.append(path)
    return paths


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=500_000)
    ap.add_argument("--files", type=int, default=4)
    ap.add_argument("--gzip", action="store_true", help="write .json.gz inputs")
    ap.add_argument("--eventhub", type=int, default=0, metavar="K",
                    help="Event Hubs messages of K records per line instead of one record "
                         "per line (storage account form)")
    ap.add_argument("--by-table", action="store_true",
                    help="with --eventhub: each message holds records of one table")
    ap.add_argument("--repeat", type=int, default=1, metavar="R",
                    help="ingest the files R times, each into a fresh data directory")
    ap.add_argument("--keep", type=Path, help="keep inputs and data under DIR")
    ap.add_argument("--json", type=Path, help="also write the figures (median run) here "
                    "(bench/results/ingest_speed.json is what bench/run.py --write puts in "
                    "BENCHMARKS.md)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from hunt.store.ingest import ingest

    work = args.keep or Path(tempfile.mkdtemp(prefix="hunt-ingest-bench-"))
    try:
        t0 = time.perf_counter()
        paths = write_files(work / "in", args.records, args.files, args.gzip,
                            eventhub=args.eventhub, by_table=args.by_table)
        size = sum(p.stat().st_size for p in paths)
        print(f"generated {args.records:,} records in {len(paths)} files "
              f"({size / 1e6:,.0f} MB, {size / args.records:,.0f} bytes/record) "
              f"in {time.perf_counter() - t0:.1f} s")
        runs = []
        for r in range(max(1, args.repeat)):
            data = work / ("data" if r == 0 else f"data-{r}")
            shutil.rmtree(data, ignore_errors=True)
            load = os.getloadavg()[0]
            t0 = time.perf_counter()
            c0 = time.process_time()
            report = ingest([str(p) for p in paths], data)
            elapsed = time.perf_counter() - t0
            cpu = time.process_time() - c0
            assert report.read == report.stored + report.quarantined
            runs.append((report.read / elapsed, cpu, elapsed, report))
            print(f"ingested {report.read:,} records (stored {report.stored:,}, quarantined "
                  f"{report.quarantined:,}) in {elapsed:.2f} s: "
                  f"{report.read / elapsed:,.0f} records/s, {size / elapsed / 1e6:,.0f} MB/s "
                  f"(CPU {cpu:.2f} s over {os.cpu_count()} cores, "
                  f"{cpu / max(1, report.read) * 1e6:.1f} us/record; load average before "
                  f"{load:.1f})")
            if r and args.keep is None:
                shutil.rmtree(data, ignore_errors=True)
        if len(runs) > 1:
            rates = sorted(x[0] for x in runs)
            cpus = sorted(x[1] for x in runs)
            print(f"best {rates[-1]:,.0f} records/s, median {rates[len(rates) // 2]:,.0f} "
                  f"records/s; CPU best {cpus[0]:.2f} s, median {cpus[len(cpus) // 2]:.2f} s "
                  f"over {len(runs)} runs")
        if args.json:
            rate, cpu, elapsed, report = sorted(runs, key=lambda x: x[0])[len(runs) // 2]
            cmd = " ".join(["python bench/ingest_speed.py"] + [
                a for a in sys.argv[1:] if not a.startswith("--json") and a != str(args.json)])
            from figures import write_figures
            write_figures(args.json, {
                "command": cmd, "records": report.read, "stored": report.stored,
                "quarantined": report.quarantined, "wall_s": elapsed, "records_per_s": rate,
                "cpu_s": cpu, "input_bytes": size, "runs": len(runs),
                # the first run is what a fresh `hunt ingest` process sees (buffers new)
                "first_per_s": runs[0][0], "best_per_s": max(x[0] for x in runs),
                "all_per_s": [round(x[0]) for x in runs]})
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
