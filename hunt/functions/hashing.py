"""Hashes and encodings: hash (xxhash64), hash_md5/sha1/sha256, base64, URL, zlib/gzip
(semantics §4.7; notes §10.4). Hashes of non-strings hash the KQL text of the value, as
Kusto's documented examples show (md5(datetime) = md5 of its text form), except `hash()`
of a datetime/long, which hashes the 8 little-endian bytes (ticks for a datetime)."""
from __future__ import annotations

from hunt import types as T
from hunt.functions.common import define, dyn, long_, lst, text

S, L = T.STRING, T.LONG


def _le_bytes(v: str) -> str:
    """SQL BLOB of the 8 little-endian bytes of a BIGINT."""
    h = f"lpad(hex({v}), 16, '0')"
    return (f"unhex(array_to_string(list_reverse(list_transform(range(8), "
            f"lambda i: substr({h}, 2 * i + 1, 2))), ''))")


def _hash_bytes(a) -> str:
    if a.type == T.DATETIME:
        return _le_bytes(f"kql_ticks({a.sql})")
    if a.type in T.INTEGRAL:
        return _le_bytes(f"CAST({a.sql} AS BIGINT)")
    return f"encode({text(a)})"


def _hash(c, a):
    h = f"kql_xxhash64_py({_hash_bytes(a[0])})"
    if len(a) > 1:
        m = long_(a[1])
        return f"CAST(((CAST({h} AS HUGEINT) + 18446744073709551616) % 18446744073709551616) % {m} AS BIGINT)"
    return h


define("hash", 1, 2, L, _hash)
define("hash_xxhash64", 1, 2, L, _hash)
define("hash_combine", 2, 64, L,
       lambda c, a: "kql_hash_combine_py([" + ", ".join(long_(x) for x in a) + "])")
define("hash_md5", 1, 1, S, lambda c, a: f"md5({text(a[0])})")
define("hash_sha1", 1, 1, S, lambda c, a: f"sha1({text(a[0])})")
define("hash_sha256", 1, 1, S, lambda c, a: f"sha256({text(a[0])})")

# ------------------------------------------------------------------ base64
define("base64_encode_tostring", 1, 1, S, lambda c, a: f"to_base64(encode({text(a[0])}))",
       "base64_encodestring")
define("base64_decode_tostring", 1, 1, S,
       lambda c, a: f"coalesce(TRY(decode(from_base64({text(a[0])}))), '')", "base64_decodestring")


def _decode_toarray(c, a):
    b = f"TRY(from_base64({text(a[0])}))"
    return (f"CASE WHEN {b} IS NOT NULL THEN to_json(list_transform(range(octet_length({b})), "
            f"lambda i: ('0x' || substr(hex({b}), 2 * i + 1, 2))::INTEGER)) END")


define("base64_decode_toarray", 1, 1, T.DYNAMIC, _decode_toarray)
define("base64_encode_fromarray", 1, 1, S,
       lambda c, a: f"coalesce(to_base64(unhex(array_to_string(list_transform({lst(a[0])}, "
                    f"lambda e: lpad(hex(TRY_CAST(kql_dyn_text(e) AS INTEGER) & 255), 2, '0')), ''))), '')")
define("base64_encode_fromguid", 1, 1, S,
       lambda c, a: f"coalesce(kql_base64_from_guid_py({text(a[0])}), '')")

# ------------------------------------------------------------------ URLs
define("url_encode", 1, 1, S, lambda c, a: f"coalesce(kql_url_encode_py({text(a[0])}, false), '')")
define("url_encode_component", 1, 1, S,
       lambda c, a: f"coalesce(kql_url_encode_py({text(a[0])}, true), '')")
define("url_decode", 1, 1, S, lambda c, a: f"coalesce(kql_url_decode_py({text(a[0])}), '')")

# ------------------------------------------------------------------ compression
define("zlib_compress_to_base64_string", 1, 1, S,
       lambda c, a: f"coalesce(kql_zlib_compress_py({text(a[0])}), '')")
define("zlib_decompress_from_base64_string", 1, 1, S,
       lambda c, a: f"coalesce(kql_zlib_decompress_py({text(a[0])}), '')")
define("gzip_compress_to_base64_string", 1, 1, S,
       lambda c, a: f"coalesce(kql_gzip_compress_py({text(a[0])}), '')")
define("gzip_decompress_from_base64_string", 1, 1, S,
       lambda c, a: f"coalesce(kql_gzip_decompress_py({text(a[0])}), '')")
define("base64_decode_toguid", 1, 1, T.GUID,
       lambda c, a: f"TRY_CAST(kql_base64_to_guid_py({text(a[0])}) AS UUID)")
