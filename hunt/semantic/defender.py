"""Defender's built-in functions, answered from local data:

* `invoke FileProfile(col, limit)`: left join with the internal `_FileProfile` table (the
  file-intelligence store); unknown files get an empty profile, never an error.
* `DeviceFromIP()`: piped IPs → the devices that had them (DeviceNetworkInfo).
* `AssignedIPAddresses(device, at)`: the latest IP addresses of a device (DeviceNetworkInfo).
* `invoke SeenBy()`: appends a `SeenBy` array of devices that observed each device
  (DeviceInfo's device-discovery fields are not modelled locally: the array is empty).
"""
from __future__ import annotations

from hunt import types as T
from hunt.errors import KqlUnsupportedError
from hunt.semantic.bound import BCol, BLit, Col, RSql, ph
from hunt.semantic.expressions import Row, _err
from hunt.semantic.scope import AliasMaker, make_schema
from hunt.sqlgen.dialect import quote_ident as q, string_literal
from hunt.syntax import ast as A

PROFILE_COLUMNS = [
    ("SHA1", T.STRING), ("SHA256", T.STRING), ("MD5", T.STRING), ("FileSize", T.INT),
    ("GlobalPrevalence", T.INT), ("GlobalFirstSeen", T.DATETIME), ("GlobalLastSeen", T.DATETIME),
    ("Signer", T.STRING), ("Issuer", T.STRING), ("SignerHash", T.STRING),
    ("IsCertificateValid", T.BOOL), ("IsRootSignerMicrosoft", T.BOOL), ("SignatureState", T.STRING),
    ("IsExecutable", T.BOOL), ("ThreatName", T.STRING), ("Publisher", T.STRING),
    ("SoftwareName", T.STRING), ("ProfileAvailability", T.STRING),
]


def bind(b, call: A.Call, scope, piped):
    name = call.name
    if name == "FileProfile":
        return file_profile(b, call, scope, piped)
    if name == "DeviceFromIP":
        return device_from_ip(b, call, scope, piped)
    if name == "AssignedIPAddresses":
        return assigned_ips(b, call, scope)
    if name == "SeenBy":
        return seen_by(b, call, scope, piped)
    raise KqlUnsupportedError(f"function '{name}'", call.span)


def _arg_text(b, node, rel, scope) -> str:
    if isinstance(node, A.Name):
        return node.name
    e = b.bind_expr(node, Row({}, scope))
    if isinstance(e, BLit) and isinstance(e.value, str):
        return e.value
    raise _err("expected a column name", node)


def file_profile(b, call, scope, piped):
    if piped is None:
        raise _err("FileProfile() enriches a table: use it as '| invoke FileProfile(SHA1, 1000)'", call)
    args = [a for a in call.args if not isinstance(a, A.NamedArg)]
    idcol = _arg_text(b, args[0], piped, scope) if args else "SHA1"
    src = next((c for c in piped.schema if c.name == idcol), None)
    if src is None:
        raise _err(f"FileProfile: the input has no column '{idcol}'", args[0] if args else call,
                   help="pass the hash column: SHA1, SHA256, InitiatingProcessSHA1, ...")
    key = "SHA256" if "SHA256" in idcol else ("MD5" if "MD5" in idcol else "SHA1")
    prof = b.catalog.internal_table("_FileProfile") if hasattr(b.catalog, "internal_table") else None
    prof_rel = prof.sql_relation if prof is not None and prof.sql_relation else q("_FileProfile")
    am = AliasMaker()
    schema, sel = [], []
    existing = {c.name for c in piped.schema}
    prof_types = dict(PROFILE_COLUMNS)
    for c in piped.schema:
        if c.name in prof_types and c is not src:
            # a profile column already in the input keeps its place, with the profile's
            # value (the input's when the file is unknown) and type
            t = prof_types[c.name]
            nc = Col(c.name, t, am.make(c.name))
            from hunt.types import duckdb_type
            sel.append(f"coalesce(CAST(p.{q(c.name)} AS {duckdb_type(t)}), TRY_CAST(i.{q(c.alias)} AS {duckdb_type(t)})) AS {q(nc.alias)}")
        else:
            nc = Col(c.name, c.type, am.make(c.name))
            sel.append(f"i.{q(c.alias)} AS {q(nc.alias)}")
        schema.append(nc)
    for n, t in PROFILE_COLUMNS:
        if n in existing:
            continue
        nc = Col(n, t, am.make(n))
        schema.append(nc)
        if n == "ProfileAvailability":
            sel.append(f"CASE WHEN p.{q(key)} IS NULL THEN 'Missing' ELSE coalesce(p.{q(n)}, 'Available') END AS {q(nc.alias)}")
        elif t == T.STRING:
            sel.append(f"coalesce(p.{q(n)}, '') AS {q(nc.alias)}")
        else:
            sel.append(f"p.{q(n)} AS {q(nc.alias)}")
    prof_sql = f"(SELECT * FROM {prof_rel} QUALIFY row_number() OVER (PARTITION BY lower({q(key)})) = 1)"
    tmpl = (f"SELECT {', '.join(sel)} FROM {ph(0)} AS i LEFT JOIN {prof_sql} AS p "
            f"ON lower(p.{q(key)}) = lower(i.{q(src.alias)}) AND i.{q(src.alias)} <> ''")
    return RSql(tmpl, [piped], tuple(schema), ordered=False)


def _table_sql(b, name):
    t = b.catalog.table(name)
    if t is None:
        raise KqlUnsupportedError(f"{name} (needed by this function) is not in the catalog")
    return t.sql_relation or q(name)


def device_from_ip(b, call, scope, piped):
    if piped is None:
        raise _err("DeviceFromIP() takes the IPs from its input: T | invoke DeviceFromIP()", call)
    ipcol = next((c for c in piped.schema if c.name == "IP"), None)
    if ipcol is None:
        raise _err("DeviceFromIP(): the input needs a column named IP", call)
    schema = make_schema([("IP", T.STRING), ("DeviceId", T.STRING)])
    ni = _table_sql(b, "DeviceNetworkInfo")
    tmpl = (f"SELECT DISTINCT i.{q(ipcol.alias)} AS {q(schema[0].alias)}, n.DeviceId AS {q(schema[1].alias)} "
            f"FROM {ph(0)} AS i JOIN (SELECT DeviceId, json_extract_string(a.ip, '$.IPAddress') AS ip "
            f"FROM {ni} AS d, unnest(CAST(d.IPAddresses AS JSON[])) AS a(ip)) AS n ON n.ip = i.{q(ipcol.alias)}")
    return RSql(tmpl, [piped], schema)


def assigned_ips(b, call, scope):
    args = [b.bind_expr(a, Row({}, scope)) for a in call.args if not isinstance(a, A.NamedArg)]
    if not args:
        raise _err("AssignedIPAddresses(device [, time]) needs a device id or name", call)
    schema = make_schema([("Timestamp", T.DATETIME), ("IPAddress", T.STRING), ("IPType", T.STRING),
                          ("NetworkAdapterType", T.STRING), ("ConnectedNetworks", T.DYNAMIC)])
    ni = _table_sql(b, "DeviceNetworkInfo")
    exprs = {"dev": args[0]}
    at = ""
    if len(args) > 1:
        exprs["at"] = args[1]
        at = f" AND Timestamp <= {ph('at')}"
    tmpl = (f"SELECT d.Timestamp AS {q(schema[0].alias)}, coalesce(json_extract_string(a.ip, '$.IPAddress'), '') "
            f"AS {q(schema[1].alias)}, coalesce(json_extract_string(a.ip, '$.AddressType'), '') AS {q(schema[2].alias)}, "
            f"d.NetworkAdapterType AS {q(schema[3].alias)}, d.ConnectedNetworks AS {q(schema[4].alias)} "
            f"FROM (SELECT * FROM {ni} WHERE (DeviceId = {ph('dev')} OR DeviceName = {ph('dev')}){at} "
            f"QUALIFY Timestamp = max(Timestamp) OVER ()) AS d, unnest(CAST(d.IPAddresses AS JSON[])) AS a(ip)")
    return RSql(tmpl, [], schema, exprs=exprs)


def seen_by(b, call, scope, piped):
    if piped is None:
        raise _err("SeenBy() enriches a table: T | invoke SeenBy()", call)
    am = AliasMaker()
    schema = [Col(c.name, c.type, am.make(c.name)) for c in piped.schema]
    sel = [f"{q(c.alias)} AS {q(n.alias)}" for c, n in zip(piped.schema, schema)]
    sb = Col("SeenBy", T.DYNAMIC, am.make("SeenBy"))
    schema.append(sb)
    sel.append(f"'[]'::JSON AS {q(sb.alias)}")
    return RSql(f"SELECT {', '.join(sel)} FROM {ph(0)}", [piped], tuple(schema))
