#!/usr/bin/env python3
"""Derive hunt's schema data files (tables/*.json) from the shared advanced-hunting schema.

    python scripts/gen_tables.py                 # reads ../shared/schema/advanced_hunting.json
    python scripts/gen_tables.py --schema PATH --out tables --check

Writes one file per table family (`tables/<family>.json`, the family names the schema uses),
`tables/functions.json` (the four Defender functions) and `tables/internal.json` (the
`_FileProfile` table: the FileProfile function's columns, the engine's local file-intelligence
store). The generated files are committed; the code reads them, never the shared schema.
`--check` exits 1 when the committed files differ from what would be generated.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCHEMA = ROOT.parent / "shared" / "schema" / "advanced_hunting.json"
KUSTO_TYPES = {"string", "int", "long", "real", "bool", "datetime", "timespan", "guid", "dynamic",
               "decimal"}

# How hunt models each Defender function's output. The shared schema describes two of them
# as the docs print them; the published queries (and Microsoft's analyzer as the oracle
# declares it) need something else:
#  * AssignedIPAddresses: the docs type NetworkAdapterType and ConnectedNetworks as int, but
#    describe an adapter-type name and a JSON array (DeviceNetworkInfo has the same data).
#  * SeenBy: documented as returning (DeviceId); queries use it as an enrichment that keeps
#    the input rows and adds a `SeenBy` array of the onboarded devices that saw each one.
FUNCTION_OUTPUT = {
    "FileProfile": {"kind": "invoke", "mode": "extend", "columns_from": "adds_columns"},
    "DeviceFromIP": {"kind": "invoke", "mode": "replace", "columns_from": "returns"},
    "AssignedIPAddresses": {
        "kind": "tabular", "mode": "replace", "columns_from": "returns",
        "type_overrides": {"NetworkAdapterType": "string", "ConnectedNetworks": "dynamic"},
        "note": "The docs type NetworkAdapterType and ConnectedNetworks as int; they hold an "
                "adapter-type name and a JSON array, so they are string and dynamic here."},
    "SeenBy": {
        "kind": "invoke", "mode": "extend",
        "note": "Documented as returning (DeviceId); published queries use it as an "
                "enrichment that keeps the input rows and adds a SeenBy array.",
        "columns": [{"name": "SeenBy", "type": "dynamic",
                     "description": "Onboarded devices that saw this device (device discovery)"}]},
}

OUTPUT_DESCRIPTIONS = {
    "SHA1": "SHA-1 of the file",
    "SHA256": "SHA-256 of the file",
    "MD5": "MD5 of the file",
    "FileSize": "Size of the file in bytes",
    "GlobalPrevalence": "Number of instances of the file observed by Microsoft globally",
    "GlobalFirstSeen": "When the file was first observed globally",
    "GlobalLastSeen": "When the file was last observed globally",
    "Signer": "Signer of a signed file",
    "Issuer": "Issuer of the signer's certificate",
    "SignerHash": "Hash of the signer's certificate",
    "IsCertificateValid": "Whether the signing certificate is valid",
    "IsRootSignerMicrosoft": "Whether the root certificate's signer is Microsoft",
    "SignatureState": "SignedValid, SignedInvalid, Unsigned or Unknown",
    "IsExecutable": "Whether the file is a portable executable",
    "ThreatName": "Detection name of malware found in the file",
    "Publisher": "Publisher of the file",
    "SoftwareName": "Product name of the file",
    "ProfileAvailability": "Available, Missing, Error or empty: whether a profile was found",
    # DeviceFromIP, AssignedIPAddresses
    "IP": "The IP address looked up",
    "DeviceId": "Defender device id of the device that had the IP address",
    "Timestamp": "When the device was seen with the address",
    "IPAddress": "IP address assigned to the device",
    "IPType": "Public or private address",
    "NetworkAdapterType": "Adapter type (Ethernet, Wireless80211...)",
    "ConnectedNetworks": "Networks the adapter is connected to (JSON array)",
}


def _column(col: dict) -> dict:
    out = {"name": col["name"], "type": col["type"], "description": col.get("description", "")}
    if col.get("availability"):
        out["availability"] = col["availability"]
    if col.get("values"):
        out["values"] = list(col["values"])
    return out


def _check_types(where: str, columns: list[dict]) -> None:
    for c in columns:
        if c["type"] not in KUSTO_TYPES:
            raise SystemExit(f"{where}: column {c['name']} has unknown type {c['type']!r}")


def build_tables(schema: dict) -> dict[str, dict]:
    """family -> file document, tables in schema order."""
    families: dict[str, dict] = {}
    for name, t in schema["tables"].items():
        cols = [_column(c) for c in t["columns"]]
        _check_types(name, cols)
        entry = {"name": name, "family": t["family"], "status": t["status"],
                 "time_column": t.get("time_column"), "description": t.get("description", "")}
        if t.get("notes"):
            entry["notes"] = t["notes"]
        if t.get("source"):
            entry["source"] = t["source"]
        entry["columns"] = cols
        doc = families.setdefault(t["family"], {"family": t["family"], "tables": []})
        doc["tables"].append(entry)
    return families


def build_functions(schema: dict) -> dict:
    functions = {}
    for name, f in schema["functions"].items():
        model = FUNCTION_OUTPUT.get(name)
        if model is None:
            raise SystemExit(f"function {name}: no output model in gen_tables.FUNCTION_OUTPUT")
        if "columns" in model:
            cols = [dict(c) for c in model["columns"]]
        else:
            overrides = model.get("type_overrides", {})
            cols = []
            for c in f[model["columns_from"]]:
                col = {"name": c["name"], "type": overrides.get(c["name"], c["type"])}
                col["description"] = (c.get("meaning") or c.get("description")
                                      or OUTPUT_DESCRIPTIONS.get(c["name"], ""))
                if c.get("values"):
                    col["values"] = list(c["values"])
                cols.append(col)
        _check_types(name, cols)
        entry = {"name": name, "kind": model["kind"], "call": f.get("call", "")}
        for key in ("input", "args"):
            if f.get(key):
                entry[key] = f[key]
        entry["output_mode"] = model["mode"]
        entry["output_columns"] = cols
        if model.get("note"):
            entry["notes"] = model["note"]
        if f.get("source"):
            entry["source"] = f["source"]
        functions[name] = entry
    return {"functions": functions}


def build_internal(schema: dict) -> dict:
    fp = schema["functions"]["FileProfile"]
    cols = []
    for c in fp["adds_columns"]:
        col = {"name": c["name"], "type": c["type"],
               "description": OUTPUT_DESCRIPTIONS.get(c["name"], "")}
        if c.get("values"):
            col["values"] = list(c["values"])
        cols.append(col)
    _check_types("_FileProfile", cols)
    table = {"name": "_FileProfile", "family": "internal", "status": "internal",
             "time_column": None,
             "description": "Local file-intelligence store behind `invoke FileProfile()`: one "
                            "row per file, keyed by SHA1 / SHA256.",
             "columns": cols}
    return {"family": "internal", "tables": [table]}


def _is_row(value) -> bool:
    """A column-like object: rendered on one line so a diff shows one column per line."""
    return isinstance(value, dict) and "name" in value and "type" in value and \
        all(not isinstance(v, dict) for v in value.values())


def _render(value, indent: int) -> str:
    pad, inner = " " * indent, " " * (indent + 1)
    if isinstance(value, dict) and value and not _is_row(value):
        items = [f"{inner}{json.dumps(k)}: {_render(v, indent + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and value and any(isinstance(v, (dict, list)) for v in value):
        items = [inner + _render(v, indent + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False)


def render(doc: dict) -> str:
    return _render(doc, 0) + "\n"


def generate(schema: dict) -> dict[str, str]:
    """file name -> text."""
    files = {f"{fam}.json": render(doc) for fam, doc in build_tables(schema).items()}
    files["functions.json"] = render(build_functions(schema))
    files["internal.json"] = render(build_internal(schema))
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schema", type=Path, default=DEFAULT_SCHEMA)
    ap.add_argument("--out", type=Path, default=ROOT / "tables")
    ap.add_argument("--check", action="store_true", help="compare, do not write")
    args = ap.parse_args(argv)
    schema = json.loads(args.schema.read_text(encoding="utf-8"))
    files = generate(schema)
    n_tables = sum(len(json.loads(t)["tables"]) for n, t in files.items()
                   if n not in ("functions.json", "internal.json"))
    if n_tables != schema["meta"].get("table_count", n_tables):
        raise SystemExit(f"expected {schema['meta']['table_count']} tables, built {n_tables}")
    if args.check:
        stale = [n for n, text in files.items()
                 if not (args.out / n).exists() or (args.out / n).read_text(encoding="utf-8") != text]
        for n in stale:
            print(f"stale: {args.out / n}")
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for n, text in files.items():
        tmp = args.out / (n + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(args.out / n)
    print(f"wrote {len(files)} files ({n_tables} tables) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
