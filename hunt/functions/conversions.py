"""Conversion functions (semantics §4.7 Conversion): tostring, tolong, ..., gettype, tohex."""
from __future__ import annotations

from hunt import types as T
from hunt.functions import convert as C
from hunt.functions.common import const_int, define, long_, text


def _conv(target):
    def translate(c, a):
        x = a[0]
        if x.member_text is None:
            return C.convert(x.sql, x.type, target)
        if target == T.STRING:
            return f"coalesce({x.member_text()}, '')"
        # a member (IP.Port) into a number, a time...: the conversion macros read it often
        return C.convert(c.share(x.sql), x.type, target)
    return translate


define("tostring", 1, 1, T.STRING, _conv(T.STRING), naming="arg")
define("tolong", 1, 1, T.LONG, _conv(T.LONG), "toint64", naming="arg")
define("toint", 1, 1, T.INT, _conv(T.INT), naming="arg")
define("todouble", 1, 1, T.REAL, _conv(T.REAL), naming="arg")
define("toreal", 1, 1, T.REAL, _conv(T.REAL), naming="arg")
define("todecimal", 1, 1, T.DECIMAL, _conv(T.DECIMAL), naming="arg")
define("tobool", 1, 1, T.BOOL, _conv(T.BOOL), "toboolean", naming="arg")
define("toguid", 1, 1, T.GUID, _conv(T.GUID), naming="arg")
define("todatetime", 1, 1, T.DATETIME, _conv(T.DATETIME), naming="arg")
define("totimespan", 1, 1, T.TIMESPAN, _conv(T.TIMESPAN), "totime", naming="arg")


def _parse_json(c, a):
    x = a[0]
    if x.type in (T.DYNAMIC, T.UNKNOWN):
        return x.sql
    if x.type == T.STRING:
        return f"kql_parse_json({x.sql})"
    return C.to_dynamic(x.sql, x.type)


define("parse_json", 1, 1, T.DYNAMIC, _parse_json, "parsejson", "todynamic", "toobject",
       naming="arg")
define("dynamic_to_json", 1, 1, T.STRING,
       lambda c, a: f"coalesce(json({C.to_dynamic(a[0].sql, a[0].type)})::VARCHAR, '')")


def _gettype(c, a):
    x = a[0]
    if x.type in (T.DYNAMIC, T.UNKNOWN):
        return (f"coalesce(CASE json_type({x.sql}) WHEN 'ARRAY' THEN 'array' "
                f"WHEN 'OBJECT' THEN 'dictionary' WHEN 'VARCHAR' THEN 'string' "
                f"WHEN 'BOOLEAN' THEN 'bool' WHEN 'DOUBLE' THEN 'real' "
                f"WHEN 'NULL' THEN 'null' ELSE "
                f"CASE WHEN TRY_CAST({x.sql} AS DOUBLE) BETWEEN -2147483648 AND 2147483647 "
                f"THEN 'int' ELSE 'long' END END, 'null')")
    return "'" + (x.type if x.type != T.UNKNOWN else "null") + "'"


define("gettype", 1, 1, T.STRING, _gettype, naming="prefix", prefix="type")


def _tohex(c, a):
    x = a[0]
    v = long_(x)
    if x.type == T.INT:
        # 32-bit two's complement for int
        h = f"lower(hex((CAST({x.sql} AS BIGINT) + 4294967296) % 4294967296))"
    else:
        h = f"lower(hex(CAST({v} AS BIGINT)))"
    h = f"ltrim({h}, '0')"
    h = f"CASE WHEN {h} = '' THEN '0' ELSE {h} END"
    if len(a) > 1:
        h = f"lpad({h}, greatest({long_(a[1])}, length({h}))::INTEGER, '0')"
    return f"coalesce({h}, '')"


define("tohex", 1, 2, T.STRING, _tohex, naming="arg")
