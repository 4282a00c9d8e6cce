"""SQL macros that KQL translations call (installed on every DuckDB connection).

Each macro is a TEMP macro, so it lives with the connection and never touches a database
file. Names start with `kql_` (or are the helper names convert.py relies on). Python UDFs
(parse_url, ipv6, ...) are in udfs.py; `install(con)` installs both.

Keep macros pure SQL: DuckDB vectorises them. Where a macro needs a value several times it
is simply repeated; DuckDB's common-subexpression elimination handles the rest.
"""
from __future__ import annotations

# The characters that make up a term for the has-family (semantics §4.1, notes §2.1).
# One place to change if `_` or non-ASCII letters should count as term characters.
TERM_CLASS = "0-9A-Za-z"

_ORIGIN_US = -62135596800000000   # epoch_us(TIMESTAMP '0001-01-01'), the tick origin
_TICKS_AT_EPOCH = 621355968000000000

MACROS: list[str] = [
    # ---------------------------------------------------------------- numbers, intervals
    "CREATE OR REPLACE TEMP MACRO to_microseconds_total(iv) AS epoch_us(iv)",
    # floor division / modulo for integers (DuckDB's // and % truncate toward zero)
    """CREATE OR REPLACE TEMP MACRO kql_floordiv(a, b) AS
       (a // b) - CASE WHEN (a % b) <> 0 AND ((a < 0) <> (b < 0)) THEN 1 ELSE 0 END""",
    "CREATE OR REPLACE TEMP MACRO kql_mod(a, b) AS ((a % b) + abs(b)) % abs(b)",
    # ---------------------------------------------------------------- text forms
    # .NET shortest round-trip text of a double: 1 (not 1.0), 1E+20, 1E-05, NaN, Infinity.
    # The fixed-notation range is handled here; exponent forms go to a Python UDF.
    """CREATE OR REPLACE TEMP MACRO kql_real_text(x) AS
       CASE WHEN x IS NULL THEN NULL
            WHEN isnan(x) THEN 'NaN'
            WHEN isinf(x) THEN CASE WHEN x > 0 THEN 'Infinity' ELSE '-Infinity' END
            WHEN x = 0 THEN '0'
            WHEN abs(x) >= 0.0001 AND abs(x) < 1e15
                 AND NOT contains(CAST(x AS VARCHAR), 'e')
              THEN regexp_replace(CAST(x AS VARCHAR), '\\.0$', '')
            ELSE kql_real_text_py(x) END""",
    """CREATE OR REPLACE TEMP MACRO kql_decimal_text(d) AS
       regexp_replace(regexp_replace(CAST(d AS VARCHAR), '(\\.[0-9]*?)0+$', '\\1'), '\\.$', '')""",
    """CREATE OR REPLACE TEMP MACRO kql_us_text(us) AS
       CASE WHEN us IS NULL THEN NULL ELSE
          CASE WHEN us < 0 THEN '-' ELSE '' END
       || CASE WHEN abs(us) >= 86400000000 THEN (abs(us) // 86400000000)::VARCHAR || '.' ELSE '' END
       || lpad(((abs(us) // 3600000000) % 24)::VARCHAR, 2, '0') || ':'
       || lpad(((abs(us) // 60000000) % 60)::VARCHAR, 2, '0') || ':'
       || lpad(((abs(us) // 1000000) % 60)::VARCHAR, 2, '0')
       || CASE WHEN abs(us) % 1000000 <> 0
               THEN '.' || lpad(((abs(us) % 1000000) * 10)::VARCHAR, 7, '0') ELSE '' END
       END""",
    "CREATE OR REPLACE TEMP MACRO kql_timespan_text(iv) AS kql_us_text(epoch_us(iv))",
    """CREATE OR REPLACE TEMP MACRO kql_datetime_text(ts) AS
       strftime(ts, '%Y-%m-%dT%H:%M:%S.%f') || '0Z'""",
    # tostring(dynamic): a JSON string gives its raw text, a real its KQL text, anything
    # else its compact JSON; JSON null and SQL NULL give NULL (callers coalesce to '').
    # json_extract_string gives all of that but a real's KQL text; json_type (a second parse)
    # runs only where the text may hold a real: not a string, and a fraction, an exponent or
    # more digits than a 64-bit integer has (yyjson reads those as reals). 1.5x faster on
    # strings, the common case.
    """CREATE OR REPLACE TEMP MACRO kql_dyn_text(j) AS
       CASE WHEN NOT starts_with(j::VARCHAR, '"') AND regexp_matches(j::VARCHAR, '[.eE]|[0-9]{19}')
                 AND json_type(j) = 'DOUBLE' THEN kql_real_text(TRY_CAST(j AS DOUBLE))
            ELSE json_extract_string(j, '$') END""",
    # tostring() of a dynamic member: `s` is json_extract_string(doc, path), the member's
    # text in one parse of the document, right but for a real (as above: a fraction, an
    # exponent, or more digits than a 64-bit integer, then json_type); kql_dyn_text over
    # json_extract(doc, path) parses three times. `s` is a column where the compiler can
    # compute it once (a layer under the projection).
    """CREATE OR REPLACE TEMP MACRO kql_member_text(s, doc, path) AS
       CASE WHEN regexp_full_match(s, '-?([0-9]+\\.[0-9]+([eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+|[0-9]{19,})')
                 AND json_type(doc, path) = 'DOUBLE' THEN kql_real_text(TRY_CAST(s AS DOUBLE))
            ELSE s END""",
    # the JSON scalar of a dynamic value, JSON null normalised to SQL NULL
    "CREATE OR REPLACE TEMP MACRO kql_dyn_norm(j) AS nullif(j, 'null'::JSON)",
    # ---------------------------------------------------------------- parsing text
    """CREATE OR REPLACE TEMP MACRO kql_str_to_long(s) AS
       CASE WHEN regexp_full_match(trim(s), '[+-]?[0-9]+') THEN TRY_CAST(trim(s) AS BIGINT)
            WHEN regexp_full_match(trim(s), '0[xX][0-9a-fA-F]+')
              THEN TRY_CAST(trim(s) AS BIGINT)
            ELSE TRY_CAST(trunc(TRY_CAST(nullif(trim(s), '') AS DOUBLE)) AS BIGINT) END""",
    """CREATE OR REPLACE TEMP MACRO kql_str_to_bool(s) AS
       CASE lower(trim(s)) WHEN 'true' THEN true WHEN 'false' THEN false
            ELSE TRY_CAST(nullif(trim(s), '') AS DOUBLE) <> 0 END""",
    # datetime text: ISO 8601 (any fraction, optional Z), explicit offsets converted to UTC,
    # US m/d/y, RFC 822/1123 and a few other common forms; failure gives NULL.
    """CREATE OR REPLACE TEMP MACRO kql_str_to_datetime(s) AS
       CASE WHEN s IS NULL OR trim(s) = '' THEN NULL::TIMESTAMP
            WHEN regexp_matches(trim(s), '[0-9]:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?\\s*[+-][0-9]{2}:?[0-9]{2}$')
              THEN timezone('UTC', TRY_CAST(trim(s) AS TIMESTAMPTZ))
            ELSE coalesce(
              CASE WHEN regexp_matches(trim(s), '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}')
                   THEN TRY_CAST(regexp_replace(trim(s), '\\s*(Z|UTC|GMT)$', '', 'i') AS TIMESTAMP) END,
              try_strptime(regexp_replace(trim(s), '\\s+(GMT|UTC|Z)$', '', 'i'),
                ['%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M:%S.%f', '%m/%d/%Y %H:%M', '%m/%d/%Y',
                 '%m/%d/%Y %I:%M:%S %p', '%m/%d/%Y %I:%M %p',
                 '%a, %d %b %y %H:%M:%S', '%a, %d %b %Y %H:%M:%S', '%a, %d %b %Y %H:%M',
                 '%d %b %y %H:%M:%S', '%d %b %Y %H:%M:%S', '%A, %d-%b-%y %H:%M:%S',
                 '%a %b %d %H:%M:%S %Y', '%Y%m%d', '%Y%m%dT%H%M%S', '%Y/%m/%d %H:%M:%S',
                 '%Y/%m/%d', '%Y-%m-%dT%H:%M:%S.%fZ', '%d/%m/%Y %H:%M:%S'])) END""",
    # timespan text: [-][d.]hh:mm[:ss[.fffffff]] or a number with a unit (2d, 1.5h, 30m, ...)
    """CREATE OR REPLACE TEMP MACRO kql__ts_clock(p) AS
       (CASE WHEN p.n = '-' THEN -1 ELSE 1 END) *
       (coalesce(TRY_CAST(nullif(p.d, '') AS BIGINT), 0) * 86400000000
        + TRY_CAST(p.h AS BIGINT) * 3600000000 + TRY_CAST(p.m AS BIGINT) * 60000000
        + coalesce(TRY_CAST(nullif(p.s, '') AS BIGINT), 0) * 1000000
        + coalesce(TRY_CAST(rpad(nullif(p.f, ''), 7, '0') AS BIGINT) // 10, 0))""",
    """CREATE OR REPLACE TEMP MACRO kql__ts_unit(u) AS
       CASE WHEN u IN ('d', 'day', 'days') THEN 86400000000.0
            WHEN u IN ('h', 'hr', 'hrs', 'hour', 'hours') THEN 3600000000.0
            WHEN u IN ('m', 'min', 'minute', 'minutes') THEN 60000000.0
            WHEN u IN ('s', 'sec', 'second', 'seconds') THEN 1000000.0
            WHEN u IN ('ms', 'milli', 'millis', 'millisecond', 'milliseconds') THEN 1000.0
            WHEN u IN ('microsecond', 'microseconds') THEN 1.0
            WHEN u IN ('tick', 'ticks') THEN 0.1
            WHEN u IN ('nanosecond', 'nanoseconds') THEN 0.001 END""",
    """CREATE OR REPLACE TEMP MACRO kql_str_to_timespan(s) AS
       CASE WHEN regexp_full_match(trim(s), '(-)?(?:([0-9]+)\\.)?([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:\\.([0-9]{1,7}))?)?')
              THEN to_microseconds(kql__ts_clock(regexp_extract(trim(s),
                   '^(-)?(?:([0-9]+)\\.)?([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:\\.([0-9]{1,7}))?)?$',
                   ['n', 'd', 'h', 'm', 's', 'f'])))
            WHEN regexp_full_match(lower(trim(s)), '-?[0-9]+(\\.[0-9]+)?\\s*[a-z]+')
              THEN to_microseconds(CAST(round(
                   CAST(regexp_extract(lower(trim(s)), '^(-?[0-9]+(?:\\.[0-9]+)?)', 1) AS DOUBLE)
                   * kql__ts_unit(regexp_extract(lower(trim(s)), '([a-z]+)$', 1))) AS BIGINT))
            WHEN regexp_full_match(trim(s), '-?[0-9]+')
              THEN to_microseconds(TRY_CAST(trim(s) AS BIGINT) * 86400000000)
            END""",
    # ---------------------------------------------------------------- strings
    # has-family term matching (notes §2.1); the binder uses has_regex() for constants
    f"""CREATE OR REPLACE TEMP MACRO kql_term_re(t, mode) AS
       CASE WHEN mode IN ('has', 'hasprefix') AND regexp_matches(t, '^[{TERM_CLASS}]')
            THEN '(?:^|[^{TERM_CLASS}])' ELSE '' END
       || regexp_escape(t)
       || CASE WHEN mode IN ('has', 'hassuffix') AND regexp_matches(t, '[{TERM_CLASS}]$')
               THEN '(?:$|[^{TERM_CLASS}])' ELSE '' END""",
    "CREATE OR REPLACE TEMP MACRO kql_has(s, t) AS regexp_matches(s, '(?i)' || kql_term_re(t, 'has'))",
    "CREATE OR REPLACE TEMP MACRO kql_has_cs(s, t) AS regexp_matches(s, kql_term_re(t, 'has'))",
    "CREATE OR REPLACE TEMP MACRO kql_hasprefix(s, t) AS regexp_matches(s, '(?i)' || kql_term_re(t, 'hasprefix'))",
    "CREATE OR REPLACE TEMP MACRO kql_hasprefix_cs(s, t) AS regexp_matches(s, kql_term_re(t, 'hasprefix'))",
    "CREATE OR REPLACE TEMP MACRO kql_hassuffix(s, t) AS regexp_matches(s, '(?i)' || kql_term_re(t, 'hassuffix'))",
    "CREATE OR REPLACE TEMP MACRO kql_hassuffix_cs(s, t) AS regexp_matches(s, kql_term_re(t, 'hassuffix'))",
    # trim(re, s): repeated regex matches removed at both ends (notes §10.2)
    """CREATE OR REPLACE TEMP MACRO kql_trim_start(re, s) AS
       regexp_replace(s, '^(?:' || re || ')+', '')""",
    """CREATE OR REPLACE TEMP MACRO kql_trim_end(re, s) AS
       regexp_replace(s, '(?:' || re || ')+$', '')""",
    "CREATE OR REPLACE TEMP MACRO kql_trim(re, s) AS kql_trim_end(re, kql_trim_start(re, s))",
    # countof: overlapping plain matches
    """CREATE OR REPLACE TEMP MACRO kql_countof(s, sub) AS
       CASE WHEN length(sub) = 0 THEN 0::BIGINT ELSE
       len(list_filter(range(1, length(s) - length(sub) + 2),
                       lambda i: substr(s, i, length(sub)) = sub))::BIGINT END""",
    # substring(s, start[, len]) with KQL's 0-based / negative start
    "CREATE OR REPLACE TEMP MACRO kql__start(s, st) AS CASE WHEN st < 0 THEN length(s) + st ELSE st END",
    """CREATE OR REPLACE TEMP MACRO kql_substring2(s, st) AS coalesce(
       CASE WHEN kql__start(s, st) >= length(s) THEN ''
            ELSE substr(s, greatest(kql__start(s, st), 0) + 1) END, '')""",
    """CREATE OR REPLACE TEMP MACRO kql_substring(s, st, n) AS coalesce(
       CASE WHEN n < 0 OR kql__start(s, st) >= length(s) THEN ''
            WHEN kql__start(s, st) < 0 THEN substr(s, 1, greatest(n + kql__start(s, st), 0))
            ELSE substr(s, kql__start(s, st) + 1, n) END, '')""",
    # fast path of indexof(s, sub)
    "CREATE OR REPLACE TEMP MACRO kql_indexof2(s, sub) AS (strpos(s, sub) - 1)::BIGINT",
    """CREATE OR REPLACE TEMP MACRO kql_strrep(s, n, d) AS
       CASE WHEN n IS NULL OR n <= 0 THEN '' ELSE
       array_to_string(list_transform(range(n), lambda i: s), d) END""",
    # split(s, d, i): a one-element array, or [] when out of range
    """CREATE OR REPLACE TEMP MACRO kql_split_part(s, d, i) AS
       CASE WHEN i IS NULL THEN NULL::JSON
            WHEN i >= 0 AND i < len(string_split(s, d)) THEN to_json([string_split(s, d)[i + 1]])
            ELSE '[]'::JSON END""",
    # ---------------------------------------------------------------- datetime
    """CREATE OR REPLACE TEMP MACRO kql_startofweek(ts) AS
       CAST(date_trunc('week', ts + INTERVAL 1 DAY) - INTERVAL 1 DAY AS TIMESTAMP)""",
    # bin/floor of a datetime on a grid of `us` microseconds anchored at `origin` (µs)
    f"""CREATE OR REPLACE TEMP MACRO kql_bin_dt(ts, us, origin) AS
       CASE WHEN us > 0 THEN make_timestamp(
         kql_floordiv(epoch_us(ts) - origin, us) * us + origin) END""",
    f"CREATE OR REPLACE TEMP MACRO kql_bin_datetime(ts, us) AS kql_bin_dt(ts, us, {_ORIGIN_US}::BIGINT)",
    """CREATE OR REPLACE TEMP MACRO kql_bin_timespan(iv, us) AS
       CASE WHEN us > 0 THEN to_microseconds(kql_floordiv(epoch_us(iv), us) * us) END""",
    # bin of numbers: floor to a multiple; integer inputs stay integers
    """CREATE OR REPLACE TEMP MACRO kql_bin_long(x, n) AS
       CASE WHEN n > 0 THEN kql_floordiv(x, n) * n END""",
    """CREATE OR REPLACE TEMP MACRO kql_bin_real(x, n) AS
       CASE WHEN n > 0 THEN floor(x / n) * n END""",
    # datetime text in ticks (100 ns) for tolong(datetime)
    f"CREATE OR REPLACE TEMP MACRO kql_ticks(ts) AS (epoch_us(ts) * 10 + {_TICKS_AT_EPOCH})",
    # ---------------------------------------------------------------- dynamic
    "CREATE OR REPLACE TEMP MACRO kql_is_array(j) AS coalesce(json_type(j) = 'ARRAY', false)",
    "CREATE OR REPLACE TEMP MACRO kql_is_bag(j) AS coalesce(json_type(j) = 'OBJECT', false)",
    # a dynamic array as a DuckDB list of JSON values (NULL for non-arrays)
    "CREATE OR REPLACE TEMP MACRO kql_arr(j) AS CASE WHEN json_type(j) = 'ARRAY' THEN CAST(j AS JSON[]) END",
    # a list of JSON values as a dynamic array (JSON nulls preserved inside)
    "CREATE OR REPLACE TEMP MACRO kql_jarr(l) AS CASE WHEN l IS NULL THEN NULL::JSON ELSE to_json(list_transform(l, lambda e: coalesce(e, 'null'::JSON))) END",
    # parse_json(s): valid JSON -> value, '' -> null, invalid -> the text as a JSON string
    """CREATE OR REPLACE TEMP MACRO kql_parse_json(s) AS
       CASE WHEN s IS NULL OR s = '' THEN NULL::JSON
            ELSE coalesce(nullif(TRY_CAST(s AS JSON), 'null'::JSON),
                          CASE WHEN json_valid(s) THEN NULL::JSON ELSE to_json(s) END) END""",
    # first-seen-order distinct of a list
    """CREATE OR REPLACE TEMP MACRO kql_list_distinct(l) AS
       list_filter(l, lambda x, i: list_position(l, x) = i)""",
    # JSON scalar comparison key (so 1 and 1.0 and "a" compare as KQL values)
    """CREATE OR REPLACE TEMP MACRO kql_jkey(e) AS
       CASE json_type(e) WHEN 'VARCHAR' THEN 's' || json_extract_string(e, '$')
                         WHEN 'NULL' THEN NULL
                         WHEN 'BOOLEAN' THEN 'b' || json(e)::VARCHAR
                         WHEN 'OBJECT' THEN 'o' || json(e)::VARCHAR
                         WHEN 'ARRAY' THEN 'a' || json(e)::VARCHAR
                         ELSE 'n' || CAST(TRY_CAST(e AS DOUBLE) AS VARCHAR) END""",
    # ---------------------------------------------------------------- IPv4 (notes §14)
    """CREATE OR REPLACE TEMP MACRO kql_ipv4_base(ip) AS
       CASE WHEN regexp_full_match(trim(ip), '([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})(/[0-9]{1,2})?')
             AND list_bool_and(list_transform(string_split(split_part(trim(ip), '/', 1), '.'),
                                              lambda o: o::INT <= 255))
            THEN list_reduce(list_transform(string_split(split_part(trim(ip), '/', 1), '.'),
                                            lambda o: o::BIGINT), lambda a, b: a * 256 + b) END""",
    """CREATE OR REPLACE TEMP MACRO kql_ipv4_prefix(ip) AS
       CASE WHEN contains(ip, '/') THEN TRY_CAST(split_part(trim(ip), '/', 2) AS INT) ELSE 32 END""",
    """CREATE OR REPLACE TEMP MACRO kql_ipv4_masked(v, bits) AS
       CASE WHEN bits IS NULL OR bits < 0 OR bits > 32 OR v IS NULL THEN NULL
            ELSE (v // (2::BIGINT ** (32 - bits))::BIGINT) * (2::BIGINT ** (32 - bits))::BIGINT END""",
    """CREATE OR REPLACE TEMP MACRO kql_parse_ipv4(ip) AS
       kql_ipv4_masked(kql_ipv4_base(ip), kql_ipv4_prefix(ip))""",
    """CREATE OR REPLACE TEMP MACRO kql_ipv4_is_private(ip) AS
       CASE WHEN kql_parse_ipv4(ip) IS NULL THEN NULL
            ELSE kql_parse_ipv4(ip) // 16777216 = 10
              OR kql_parse_ipv4(ip) // 1048576 = 172 * 16 + 1
              OR kql_parse_ipv4(ip) // 65536 = 192 * 256 + 168 END""",
    # compare two addresses on the shortest of their prefixes (and an optional prefix)
    """CREATE OR REPLACE TEMP MACRO kql_ipv4_compare(a, b, p) AS
       sign(kql_ipv4_masked(kql_ipv4_base(a), least(kql_ipv4_prefix(a), kql_ipv4_prefix(b), p))
            - kql_ipv4_masked(kql_ipv4_base(b), least(kql_ipv4_prefix(a), kql_ipv4_prefix(b), p)))::BIGINT""",
    """CREATE OR REPLACE TEMP MACRO kql_ipv4_is_in_range(ip, net) AS
       kql_ipv4_masked(kql_ipv4_base(ip), kql_ipv4_prefix(net))
       = kql_ipv4_masked(kql_ipv4_base(net), kql_ipv4_prefix(net))""",
    """CREATE OR REPLACE TEMP MACRO kql_format_ipv4(v) AS
       CASE WHEN v IS NULL OR v < 0 OR v > 4294967295 THEN NULL ELSE
       ((v // 16777216) % 256)::VARCHAR || '.' || ((v // 65536) % 256)::VARCHAR || '.'
       || ((v // 256) % 256)::VARCHAR || '.' || (v % 256)::VARCHAR END""",
    # has_ipv4(text, ip): the address as a whole token (no letter/digit/dot around it)
    """CREATE OR REPLACE TEMP MACRO kql_ipv4_tokens(s) AS
       list_filter(regexp_extract_all(s, '(?:^|[^0-9A-Za-z.])([0-9]{1,3}(?:\\.[0-9]{1,3}){3})(?:$|[^0-9A-Za-z.])', 1),
                   lambda t: kql_ipv4_base(t) IS NOT NULL)""",
]


def install(con) -> None:
    """Create every macro and Python UDF on a DuckDB connection."""
    from hunt.functions import udfs
    udfs.install(con)
    for stmt in MACROS:
        con.execute(stmt)

# weighted nearest-rank percentile over a list of {'v': value, 'w': weight} structs: the
# smallest value whose cumulative weight reaches p % of the total (percentilew, tdigest)
MACROS.append(
    """CREATE OR REPLACE TEMP MACRO kql_wpercentile(l, p) AS
       list_sort(l)[list_reduce(list_sort(l), lambda acc, x: {'c': acc.c + x.w, 'k': acc.k + 1,
         'i': CASE WHEN acc.i = 0 AND acc.c + x.w >= p / 100.0 * list_sum(list_transform(l, lambda y: y.w))
                   THEN acc.k + 1 ELSE acc.i END},
         {'c': 0.0::DOUBLE, 'k': 0::BIGINT, 'i': 0::BIGINT}).i].v""")
