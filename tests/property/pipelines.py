"""Random, schema-driven, type-correct KQL pipelines.

`Generator(source, h).pipeline()` builds a query one operator at a time. The schema each operator
is generated against is the one the compiler infers for the prefix so far
(`h.compile(prefix).last.columns`), so every stage starts from the checker's own view; the
final query is then run and its result compared with the inferred schema (tests/property/
checks.py). `source` is Hypothesis' `data.draw` (failing pipelines shrink) or a RandomSource.

Shapes that reproduce a known, listed bug are switched off through `excluded` (names from
tests/test_property_pipelines.py KNOWN_BUGS), so the random test keeps looking for new ones.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from hypothesis import strategies as st

import hunt
from hunt.semantic.catalog import load_default_catalog
from tests.property.checks import PipelineFailure, deterministic, quote
from tests.property.fixture import EMPTY_TABLE, NOW, TABLES

SCALAR = ("string", "long", "int", "real", "bool", "datetime", "timespan")
KEY_TYPES = ("string", "long", "int", "datetime", "bool", "guid")
ORDERABLE = ("string", "long", "int", "real", "datetime", "timespan", "bool", "decimal")
NUMERIC = ("long", "int", "real", "decimal")

STRING_LITERALS = ['""', '"a"', '"exe"', '"Power"', '"it\'s"', "'say \"hi\"'", '@"C:\\Windows"',
                   '"é✓"', '"%_"', '" "', '"pc-01.corp.local"', '"alice"', '"1"', '"42"',
                   '"tab\\there"', '"\\u00e9"', '@"a""b"', '"line\\nbreak"', '"a" "b"',
                   '"\\\\"', "'--'", '"/*"', '"?"', '"$1"']
TIMESPAN_LITERALS = ["1h", "30m", "2d", "1s", "100ms", "1.5h", "time(01:02:03)", "timespan(null)",
                     "-1h", "0s"]
DATETIME_LITERALS = ["datetime(2026-10-30)", "datetime(2026-10-31 12:34:56)",
                     "datetime(2026-10-30T08:00:00.1234567Z)", "datetime(null)",
                     "datetime(1970-01-01)"]
# no long.MaxValue: DuckDB raises on integer overflow where Kusto wraps, an accepted
# difference (../shared/kql/sql_mapping_notes.md, "Integer overflow")
LONG_LITERALS = ["0", "1", "-1", "42", "1000", "long(null)", "4294967296", "0x1F"]
INT_LITERALS = ["int(0)", "int(1)", "int(-5)", "int(null)", "int(2147483647)"]
REAL_LITERALS = ["0.0", "1.5", "-2.25", "1e3", "real(null)", "2.5e-3", "real(nan)",
                 "real(+inf)"]
DYNAMIC_LITERALS = ['dynamic(null)', 'dynamic([1, "a", null])', 'dynamic({"a": 1, "b": "x"})',
                    'dynamic([])', 'dynamic({})', 'dynamic("s")', 'dynamic(4)']
JSON_KEYS = ["a", "b", "Count", "Tags", "x", "missing"]
# column names that need quoting in KQL or are reserved words of SQL
ODD_NAMES = ["select", "group", "order", "from_", "user", "x y", "a-b", "ünï", "a.b", "it's",
             "NULL", "Count", "1st", 'q"', "ord"]
SEPARATORS = ['" "', '","', '"."', '@"\\"', '"-"', '""']
# a source with a column of every scalar type (the fixture tables have no real, timespan, guid
# or decimal columns), nulls included
DATATABLE = ("datatable(Id:long, Name:string, Ratio:real, Took:timespan, When:datetime, "
             "Ok:bool, Port:int, Uid:guid, Bag:dynamic, Amount:decimal)[\n"
             "  1, 'alpha', 0.5, 1h, datetime(2026-10-30 08:00), true, int(443), "
             "guid(6f9619ff-8b86-d011-b42d-00cf4fc964ff), dynamic({\"a\": 1, \"b\": [1, 2]}), "
             "decimal(1.25),\n"
             "  2, '', real(null), time(null), datetime(null), bool(null), int(null), guid(null), "
             "dynamic(null), decimal(null),\n"
             "  3, 'Beta gamma', -2.25, -30m, datetime(2026-10-31 23:59:59.9999999), false, "
             "int(-1), guid(00000000-0000-0000-0000-000000000000), dynamic([1, \"two\"]), "
             "decimal(-3)]")


@dataclass(frozen=True)
class Col:
    name: str
    type: str


class Stop(Exception):
    """The prefix hit a construct the compiler marks unsupported: end the pipeline there."""


class HypothesisSource:
    """Choices drawn from Hypothesis (`data.draw`), so failing pipelines shrink."""

    def __init__(self, draw):
        self.draw = draw

    def choice(self, seq):
        return self.draw(st.sampled_from(seq))

    def integer(self, lo: int, hi: int) -> int:
        return self.draw(st.integers(lo, hi))

    def indices(self, n: int, lo: int, hi: int) -> list[int]:
        return self.draw(st.lists(st.integers(0, n - 1), min_size=lo, max_size=hi, unique=True))


class RandomSource:
    """Choices from a seeded random.Random (for coverage checks and long exploration runs)."""

    def __init__(self, rng):
        self.rng = rng

    def choice(self, seq):
        return self.rng.choice(seq)

    def integer(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def indices(self, n: int, lo: int, hi: int) -> list[int]:
        return self.rng.sample(range(n), self.rng.randint(lo, hi))


class Generator:
    # switches that keep the generator off the shape of a known bug (KNOWN_BUGS.excludes)
    SWITCHES = frozenset({"sum_avg_timespan", "union_inner", "percentile_int", "negate_abs_int",
                          "make_set_string_constant", "double_minus",
                          "pivot_agg", "decimal_real_arith", "empty_string_agg", "decimal_mul",
                          "top_constant", "odd_names", "huge_timespan", "max_datetime_literal",
                          "datetime_out_of_range", "decimal_mod", "pivot_single_column", "top_gettype",
                          "case_clash"})

    def __init__(self, source, h, excluded=frozenset()):
        self.source = source if not callable(source) else HypothesisSource(source)
        self.h = h
        unknown = set(excluded) - self.SWITCHES
        if unknown:
            raise ValueError(f"unknown generator switches: {sorted(unknown)}")
        self.excluded = frozenset(excluded)
        self.catalog = load_default_catalog()
        self.counter = 0
        self.schema: list[Col] = []
        self.used: set[str] = set()        # names handed out within the current operator
        self.operators: list[str] = []     # the operators of the pipeline, in order
        self.keyless = False               # generating aggregates of a summarize without keys
        self.kql = ""                      # the pipeline so far

    # -- helpers ------------------------------------------------------------------------------
    def pick(self, seq):
        return self.source.choice(list(seq))

    def chance(self, p: float) -> bool:
        return self.source.integer(0, 999) < p * 1000

    def between(self, lo: int, hi: int) -> int:
        return self.source.integer(lo, hi)

    def subset(self, seq, lo: int, hi: int) -> list:
        seq = list(seq)
        if not seq:
            return []
        hi = min(hi, len(seq))
        lo = min(lo, hi)
        return [seq[i] for i in self.source.indices(len(seq), lo, hi)]

    def fresh(self, allow_clash: bool = True, plain: bool = False) -> str:
        """A new column name; now and then a case variant of an existing one (KQL names are
        case-sensitive, DuckDB's are not) or an existing name (extend replaces it)."""
        if allow_clash and self.schema and "case_clash" not in self.excluded and self.chance(0.08):
            base = self.pick(self.schema).name
            variant = base.swapcase() if base.swapcase() != base else base + "_"
            if variant not in self.names() and variant not in self.used:
                self.used.add(variant)
                return variant
        self.counter += 1
        if not plain and "odd_names" not in self.excluded and self.chance(0.05):
            odd = f"{self.pick(ODD_NAMES)}{self.counter}"
            if odd not in self.names() and odd not in self.used:
                self.used.add(odd)
                return odd
        return f"x{self.counter}"

    def names(self) -> list[str]:
        return [c.name for c in self.schema]

    def cols(self, *types) -> list[Col]:
        return [c for c in self.schema if c.type in types]

    def infer(self, kql: str) -> list[Col]:
        try:
            compiled = self.h.compile(kql, now=NOW)
        except hunt.KqlUnsupportedError:
            raise Stop() from None
        except hunt.KqlError as err:
            raise PipelineFailure("compile", f"{type(err).__name__}[{err.code}] {err}",
                                  kql) from err
        except Exception as exc:   # noqa: BLE001
            raise PipelineFailure("compile", f"crash {type(exc).__name__}: {exc}", kql) from exc
        return [Col(c.name, c.type) for c in compiled.last.columns]

    def table_schema(self, table: str) -> list[Col]:
        return [Col(c.name, c.type) for c in self.catalog.table(table).columns]

    # -- expressions --------------------------------------------------------------------------
    def col_ref(self, t: str):
        cols = self.cols(t)
        return quote(self.pick(cols).name) if cols else None

    def literal(self, t: str) -> str:
        return self.pick({
            "string": STRING_LITERALS, "long": LONG_LITERALS, "int": INT_LITERALS,
            "real": REAL_LITERALS, "bool": ["true", "false", "bool(null)"],
            "datetime": DATETIME_LITERALS + ([] if "max_datetime_literal" in self.excluded
                                             else ["datetime(9999-12-31 23:59:59.9999999)"]),
            "timespan": TIMESPAN_LITERALS + ([] if "huge_timespan" in self.excluded
                                             else ["200000d", "-10675199d"]),
            "dynamic": DYNAMIC_LITERALS,
            "guid": ["guid(6f9619ff-8b86-d011-b42d-00cf4fc964ff)", "guid(null)"],
            "decimal": ["decimal(1.5)", "decimal(null)", "decimal(-0.001)", "decimal(100)"],
        }[t])

    def expr(self, t: str, depth: int = 2) -> str:
        """A KQL expression of Kusto type `t` over the current schema."""
        options = ["literal"]
        if self.cols(t):
            options += ["column"] * 4
        if depth > 0:
            options += ["function"] * 3
        kind = self.pick(options)
        if kind == "column":
            return self.col_ref(t)
        if kind == "literal":
            return self.literal(t)
        return getattr(self, f"fn_{t}")(depth - 1)

    def any_scalar(self, depth: int) -> str:
        return self.expr(self.pick(SCALAR + ("guid", "decimal")), depth)

    def dyn(self, depth: int) -> str:
        return self.expr("dynamic", depth)

    def mentions_column(self, e: str) -> bool:
        return any(re.search(r"(?<![\w'])" + re.escape(c.name) + r"(?![\w'])", e)
                   for c in self.schema)

    def negate(self, e: str, zero: str = "0") -> str:
        """Unary minus; `(0 - e)` instead when the known `--` bug is excluded and e is not a
        plain column (its SQL could start with a minus sign)."""
        if "double_minus" in self.excluded and not any(quote(c.name) == e for c in self.schema):
            return f"({zero} - {e})"
        return f"-{e}"

    def int_safe(self, e: str) -> str:
        """`e` (long or int) as a long when int-typed negation/abs are excluded."""
        return f"tolong({e})" if "negate_abs_int" in self.excluded else e

    def json_path(self, depth: int) -> str:
        base = self.dyn(depth)
        if not base.replace("_", "a").isalnum():
            base = f"({base})"
        return self.pick([f"{base}.{self.pick(JSON_KEYS)}",
                          f'{base}["{self.pick(JSON_KEYS)}"]',
                          f"{base}[{self.between(-1, 2)}]",
                          f"{base}.a.x"])

    def fn_string(self, d: int) -> str:
        s = lambda: self.expr("string", d)          # noqa: E731
        choices = [
            lambda: f"tolower({s()})", lambda: f"toupper({s()})",
            lambda: f"strcat({s()}, {self.any_scalar(d)})",
            lambda: f'strcat_delim("-", {s()}, {self.any_scalar(d)})',
            lambda: f"substring({s()}, {self.between(-2, 4)}, {self.between(0, 5)})",
            lambda: f"substring({s()}, {self.between(0, 3)})",
            lambda: f"tostring({self.any_scalar(d)})",
            lambda: f"tostring({self.json_path(d)})",
            lambda: f"tostring(split({s()}, {self.pick(SEPARATORS)})[{self.between(0, 2)}])",
            lambda: f'extract(@"(\\w+)", 1, {s()})',
            lambda: f'extract(@"(\\d+)", {self.between(0, 1)}, {s()})',
            lambda: f'replace_string({s()}, "e", "E")',
            lambda: f'replace_regex({s()}, @"[aeiou]", "_")',
            lambda: f"trim(@\"\\s\", {s()})", lambda: f"trim_start(\"p\", {s()})",
            lambda: f"reverse({s()})",
            lambda: f"iff({self.expr('bool', d)}, {s()}, {s()})",
            lambda: f"case({self.expr('bool', d)}, {s()}, {self.expr('bool', d)}, {s()}, {s()})",
            lambda: f"coalesce({s()}, {s()})",
            lambda: f'format_datetime({self.expr("datetime", d)}, "yyyy-MM-dd HH:mm:ss")',
            lambda: f"strrep({s()}, {self.between(0, 3)})",
            lambda: f"base64_encode_tostring({s()})",
            lambda: f"hash_sha256({s()})",
            lambda: f"url_decode({s()})",
            lambda: f"strcat_array(split({s()}, {self.pick(SEPARATORS)}), \"+\")",
            lambda: f"tostring(parse_url({s()}).Host)",
            lambda: f"gettype({self.any_scalar(d)})",
            lambda: f"trim_end(@\"[.]\", {s()})", lambda: f"url_encode({s()})",
            lambda: f"tohex({self.expr('long', d)})",
            lambda: f"format_bytes({self.expr('long', d)})",
            lambda: f"base64_decode_tostring({s()})",
            lambda: f"tostring(parse_path({s()}).Filename)",
            lambda: f"format_timespan({self.expr('timespan', d)}, 'hh:mm:ss')",
            lambda: f"strcat({s()}, {s()}, {self.any_scalar(d)}, {s()})",
            lambda: f"tostring(bag_keys({self.dyn(d)}))",
            lambda: f"tostring({self.expr('timespan', d)})",
            lambda: f"tostring({self.expr('datetime', d)})",
            lambda: f"tostring({self.expr('real', d)})",
        ]
        return self.pick(choices)()

    def fn_long(self, d: int) -> str:
        n = lambda: self.expr(self.pick(("long", "long", "int")), d)   # noqa: E731
        s = lambda: self.expr("string", d)                             # noqa: E731
        choices = [
            lambda: f"strlen({s()})", lambda: f"tolong({s()})",
            lambda: f"tolong({self.expr('real', d)})", lambda: f"tolong({self.json_path(d)})",
            lambda: f"({n()} + {n()})", lambda: f"({n()} - {n()})",
            lambda: f"({n()} * {self.pick(['2', '-3', '0', 'int(7)'])})",
            lambda: f"({n()} / {self.pick(['2', '3', '-1', '0'])})",
            lambda: f"({n()} % {self.pick(['2', '7'])})",
            lambda: f"abs({self.int_safe(n())})", lambda: self.negate(self.int_safe(n())),
            lambda: f'countof({s()}, "e")', lambda: f'indexof({s()}, ".")',
            lambda: f'datetime_diff("{self.pick(["hour", "day", "minute", "second", "month"])}"'
                    f', {self.expr("datetime", d)}, {self.expr("datetime", d)})',
            lambda: f"array_length({self.dyn(d)})",
            lambda: f"bin({n()}, {self.pick(['10', '3', '1000'])})",
            lambda: f"iff({self.expr('bool', d)}, {n()}, {n()})",
            lambda: f"case({self.expr('bool', d)}, {n()}, {n()})",
            lambda: f"coalesce({n()}, {n()})",
            lambda: f"max_of({n()}, {n()})", lambda: f"min_of({n()}, {n()})",
            lambda: f"tolong({self.expr('bool', d)})",
            lambda: f"tolong({self.expr('timespan', d)} / 1s)",
            lambda: f"binary_and({n()}, 255)",
            lambda: f"toscalar({self.pick(TABLES)} | summarize {self.pick(['count()', 'dcount(Timestamp)'])})",
            lambda: f"parse_ipv4({s()})",
            lambda: f'datetime_part("{self.pick(["year", "hour", "week_of_year", "day"])}", '
                    f'{self.expr("datetime", d)})',
            lambda: f"(tolong({self.expr('datetime', d)}) / 10000000)",   # ticks → seconds
            lambda: f"strcmp({s()}, {s()})",
            lambda: f"array_index_of({self.dyn(d)}, 1)",
            lambda: f"hash({s()}, 100)",
            lambda: f"round({self.expr('real', d)})",
            lambda: f"sign({n()})",
        ]
        return self.pick(choices)()

    def fn_int(self, d: int) -> str:
        dt = lambda: self.expr("datetime", d)       # noqa: E731
        choices = [
            lambda: f"toint({self.expr('string', d)})",
            lambda: f"toint({self.expr('long', d)})",
            lambda: f"toint({self.expr('real', d)})",
            lambda: f"hourofday({dt()})", lambda: f"getyear({dt()})",
            lambda: f"dayofmonth({dt()})", lambda: f"getmonth({dt()})",
            lambda: f"iff({self.expr('bool', d)}, {self.expr('int', d)}, {self.expr('int', d)})",
            lambda: f"coalesce({self.expr('int', d)}, {self.expr('int', d)})",
            lambda: f"toint({self.json_path(d)})",
        ]
        return self.pick(choices)()

    def fn_real(self, d: int) -> str:
        r = lambda: self.expr("real", d)                              # noqa: E731
        num = NUMERIC if "decimal_real_arith" not in self.excluded else NUMERIC[:-1]
        n = lambda: self.expr(self.pick(num), d)                      # noqa: E731
        choices = [
            lambda: f"todouble({self.expr('string', d)})",
            lambda: f"todouble({self.expr('long', d)})",
            lambda: f"todouble({self.json_path(d)})",
            lambda: f"({r()} + {n()})", lambda: f"({n()} * 1.5)", lambda: f"({n()} / 2.0)",
            lambda: f"({r()} / {n()})",
            lambda: f"round({r()}, {self.between(0, 2)})", lambda: f"sqrt({r()})",
            lambda: f"log10({r()})", lambda: f"exp({r()})", lambda: f"pow({r()}, 2)",
            lambda: f"floor({r()}, 0.5)",
            lambda: f"iff({self.expr('bool', d)}, {r()}, {r()})",
            lambda: f"coalesce({r()}, {r()})",
            lambda: f"max_of({r()}, {r()})",
            lambda: f"({self.expr('timespan', d)} / 1h)",
        ]
        return self.pick(choices)()

    def fn_bool(self, d: int) -> str:
        s = lambda: self.expr("string", d)          # noqa: E731
        lit = lambda: self.pick(STRING_LITERALS)    # noqa: E731
        cmp_type = lambda: self.pick(ORDERABLE)     # noqa: E731

        def compare():
            t = cmp_type()
            op = self.pick(["==", "!=", "<", "<=", ">", ">="])
            if t in ("bool", "string"):       # KQL orders neither strings nor bools
                op = self.pick(["==", "!="])
            return f"({self.expr(t, d)} {op} {self.expr(t, d)})"

        def between():
            t = self.pick(("long", "real", "datetime", "timespan"))
            neg = self.pick(["between", "!between"])
            return f"({self.expr(t, d)} {neg} ({self.literal(t)} .. {self.literal(t)}))"

        def in_list():
            t = self.pick(("string", "long", "int"))
            op = self.pick(["in", "!in"] + (["in~", "!in~"] if t == "string" else []))
            items = ", ".join(self.literal(t) for _ in range(self.between(1, 3)))
            return f"({self.expr(t, d)} {op} ({items}))"

        choices = [
            compare, compare, between, in_list,
            lambda: f"({s()} {self.pick(['=~', '!~', 'has', '!has', 'contains', '!contains', 'startswith', 'endswith', 'has_cs', 'hasprefix', 'hassuffix', '!startswith', 'contains_cs'])} {lit()})",
            lambda: f"({s()} {self.pick(['==', '=~', 'has', 'contains'])} {s()})",
            lambda: f"({s()} has_any ({lit()}, {lit()}))",
            lambda: f'({s()} matches regex @"^[a-z]+")',
            lambda: f"isempty({self.any_scalar(d)})", lambda: f"isnotempty({s()})",
            lambda: f"isnull({self.any_scalar(d)})", lambda: f"isnotnull({self.any_scalar(d)})",
            lambda: f"({self.expr('bool', d)} and {self.expr('bool', d)})",
            lambda: f"({self.expr('bool', d)} or {self.expr('bool', d)})",
            lambda: f"not({self.expr('bool', d)})",
            lambda: f"tobool({s()})",
            lambda: f"iff({self.expr('bool', d)}, {self.expr('bool', d)}, {self.expr('bool', d)})",
            lambda: f"({self.json_path(d)} {self.pick(['==', '!=', '>', '<'])} "
                    f"{self.pick(['1', '2.5', '0'])})",
            lambda: f'({self.json_path(d)} == {self.pick(STRING_LITERALS)})',
            lambda: f"({self.expr('long', d)} in (dynamic([1, 42, 443])))",
            lambda: f"({s()} has_all ({lit()}, {lit()}))",
            lambda: f"({self.expr('long', d)} > {self.expr('real', d)})",
            lambda: f"ipv4_is_private({s()})",
            lambda: f'ipv4_is_in_range({s()}, "10.0.0.0/8")',
            lambda: f"isnan({self.expr('real', d)})",
            lambda: f"array_length({self.dyn(d)}) > 0",
        ]
        return self.pick(choices)()

    def fn_datetime(self, d: int) -> str:
        dt = lambda: self.expr("datetime", d)       # noqa: E731
        ts = lambda: self.expr("timespan", d)       # noqa: E731
        choices = [
            lambda: f"ago({self.pick(TIMESPAN_LITERALS)})", lambda: "now()",
            lambda: f"bin({dt()}, {self.pick(['1h', '1d', '15m', '7d'])})",
            lambda: f"({dt()} + {ts()})", lambda: f"({dt()} - {ts()})",
            lambda: f"startofday({dt()})", lambda: f"startofweek({dt()})",
            lambda: f"endofday({dt()})", lambda: f"startofmonth({dt()})",
            lambda: f'datetime_add("{self.pick(["day", "hour", "month", "year"])}", '
                    f'{self.between(-2, 3)}, {dt()})',
            lambda: f"todatetime({self.expr('string', d)})",
            lambda: f"todatetime({self.json_path(d)})",
            lambda: f"iff({self.expr('bool', d)}, {dt()}, {dt()})",
            lambda: f"coalesce({dt()}, {dt()})",
            lambda: f"max_of({dt()}, {dt()})",
            lambda: f"unixtime_{self.pick(['milliseconds'] if 'datetime_out_of_range' in self.excluded else ['seconds', 'milliseconds'])}_todatetime({self.expr('long', d)})",
            lambda: f"make_datetime(2026, {self.between(1, 12)}, {self.between(1, 28)})",
        ]
        return self.pick(choices)()

    def fn_timespan(self, d: int) -> str:
        ts = lambda: self.expr("timespan", d)       # noqa: E731
        dt = lambda: self.expr("datetime", d)       # noqa: E731
        choices = [
            lambda: f"({dt()} - {dt()})", lambda: f"({ts()} + {ts()})",
            lambda: f"({ts()} * {self.pick(['0.5', '-1'] + ([] if 'huge_timespan' in self.excluded else ['2', '1e6']))})",
            lambda: f"({ts()} / {self.pick(['2', '4'])})", lambda: self.negate(ts(), "0s"),
            lambda: f"totimespan({self.expr('string', d)})",
            lambda: f"bin({ts()}, 1h)",
            lambda: f"iff({self.expr('bool', d)}, {ts()}, {ts()})",
            lambda: f"coalesce({ts()}, {ts()})",
            lambda: f"(now() - {dt()})",
            lambda: f"abs({ts()})",
        ]
        return self.pick(choices)()

    def fn_dynamic(self, d: int) -> str:
        s = lambda: self.expr("string", d)          # noqa: E731
        choices = [
            lambda: f"parse_json({s()})", lambda: self.json_path(d),
            lambda: f"split({s()}, {self.pick(SEPARATORS)})",
            lambda: f"pack_array({self.any_scalar(d)}, {self.any_scalar(d)})",
            lambda: f'bag_pack("k", {self.any_scalar(d)})',
            lambda: f"todynamic({s()})", lambda: f'extract_all(@"(\\d)", {s()})',
            lambda: f"iff({self.expr('bool', d)}, {self.dyn(d)}, {self.dyn(d)})",
            lambda: f"array_concat({self.dyn(d)}, dynamic([1]))",
            lambda: f"parse_url({s()})", lambda: f"parse_path({s()})",
            lambda: f"bag_keys({self.dyn(d)})", lambda: f"set_union({self.dyn(d)}, {self.dyn(d)})",
            lambda: f"array_sort_asc({self.dyn(d)})", lambda: f"array_slice({self.dyn(d)}, 0, 1)",
            lambda: f"bag_merge({self.dyn(d)}, dynamic({{\"z\": 1}}))",
            lambda: f"parse_command_line({s()}, 'windows')",
            lambda: f"pack_array({self.any_scalar(d)})",
            lambda: f"series_fill_const({self.dyn(d)}, 0)",
            lambda: f"series_add({self.dyn(d)}, {self.dyn(d)})",
            lambda: f"series_multiply({self.dyn(d)}, dynamic([2]))",
            lambda: f"series_stats_dynamic({self.dyn(d)})",
            lambda: f"series_fir({self.dyn(d)}, dynamic([1, 1]))",
            lambda: f"series_fill_forward({self.dyn(d)})",
            lambda: f"array_reverse({self.dyn(d)})", lambda: f"array_sort_desc({self.dyn(d)})",
            lambda: f"set_difference({self.dyn(d)}, dynamic([1]))",
            lambda: f"set_intersect({self.dyn(d)}, {self.dyn(d)})",
            lambda: f"zip({self.dyn(d)}, {self.dyn(d)})",
            lambda: f"array_split({self.dyn(d)}, 1)",
            lambda: f"array_iff({self.dyn(d)}, dynamic([1, 2]), dynamic([3, 4]))",
            lambda: f"bag_remove_keys({self.dyn(d)}, dynamic(['a']))",
            lambda: f"bag_set_key({self.dyn(d)}, 'k', {self.any_scalar(d)})",
        ]
        return self.pick(choices)()

    def fn_decimal(self, d: int) -> str:
        m = lambda: self.expr("decimal", d)         # noqa: E731
        choices = [
            lambda: f"todecimal({self.expr(self.pick(('string', 'long', 'real')), d)})",
            lambda: f"({m()} + {m()})", lambda: f"({m()} * {self.pick(['2', 'int(3)'])})",
            lambda: f"({m()} - {self.expr('long', d)})",
            lambda: f"iff({self.expr('bool', d)}, {m()}, {m()})",
            lambda: f"coalesce({m()}, {m()})",
        ]
        if "decimal_mul" not in self.excluded:
            choices += [lambda: f"({m()} * {m()})", lambda: f"({m()} * decimal(0.5))"]
        if "decimal_mod" not in self.excluded:
            choices += [lambda: f"({m()} % {self.pick(['decimal(3)', '3'])})"]
        if "decimal_real_arith" not in self.excluded:
            choices += [lambda: f"({m()} / {self.pick(['2', '2.0', '0', 'decimal(0)'])})",
                        lambda: f"({m()} * {self.expr('real', d)})"]
        return self.pick(choices)()

    def fn_guid(self, d: int) -> str:
        return self.pick([f"toguid({self.expr('string', d)})"])

    # -- operators ----------------------------------------------------------------------------
    def op_where(self):
        return f"where {self.expr('bool', 3)}"

    def assignment_list(self, n_lo=1, n_hi=3, types=SCALAR + ("dynamic", "dynamic", "guid", "decimal"),
                        taken=()):
        out = []
        for _ in range(self.between(n_lo, n_hi)):
            t = self.pick(types)
            name = self.fresh()
            replace = bool(self.schema) and self.chance(0.1)
            if replace:
                name = self.pick(self.schema).name         # replace an existing column
            if name in [n for n, _ in out] or name in taken:
                continue
            out.append((name, f"{quote(name)} = {self.expr(t, 2)}"))
            if replace:
                break      # later assignments would see the replaced column's new type
        return out

    def assignments(self, n_lo=1, n_hi=3):
        return ", ".join(text for _, text in self.assignment_list(n_lo, n_hi)) or \
            f"{quote(self.fresh(allow_clash=False))} = {self.expr('string', 1)}"

    def op_extend(self):
        return f"extend {self.assignments()}"

    def op_project(self):
        items = {c.name: quote(c.name) for c in self.subset(self.schema, 1, 5)}
        if self.chance(0.4) and self.schema:
            old = self.pick(self.schema).name
            new = self.fresh()
            if new not in items:
                items[new] = f"{quote(new)} = {quote(old)}"
        if self.chance(0.4) or not items:
            items.update(self.assignment_list(1, 2, taken=tuple(items)))
        if not items:
            items["x0"] = "x0 = 1"
        return "project " + ", ".join(items.values())

    def op_project_away(self):
        if len(self.schema) < 2:
            return None
        if self.chance(0.2):
            prefix = self.pick(self.schema).name[:self.between(1, 4)]
            if prefix.isalnum() and any(not c.name.startswith(prefix) for c in self.schema):
                return f"project-away {prefix}*"
        gone = self.subset(self.schema, 1, min(4, len(self.schema) - 1))
        return "project-away " + ", ".join(quote(c.name) for c in gone)

    def op_project_keep(self):
        keep = self.subset(self.schema, 1, 4)
        return "project-keep " + ", ".join(quote(c.name) for c in keep)

    def op_project_rename(self):
        cols = self.subset(self.schema, 1, 2)
        if not cols:
            return None
        return "project-rename " + ", ".join(
            f"{quote(self.fresh(allow_clash=False))} = {quote(c.name)}" for c in cols)

    def op_project_reorder(self):
        cols = self.subset(self.schema, 1, 3)
        return "project-reorder " + ", ".join(
            quote(c.name) + self.pick(["", "", " asc", " desc"]) for c in cols)

    def aggregate(self) -> str:
        kinds = ["count", "count", "dcount", "sum", "avg", "min", "max", "make_set",
                 "make_list", "countif", "take_any", "arg_max", "arg_min", "stdev",
                 "percentile", "sumif", "dcountif", "make_bag", "more"]
        kind = self.pick(kinds)
        if kind == "more":
            n = lambda: self.expr(self.pick(NUMERIC[:3]), 1)        # noqa: E731
            b = lambda: self.expr("bool", 1)                         # noqa: E731
            x = lambda: self.expr(self.pick(SCALAR), 1)              # noqa: E731
            return self.pick([
                lambda: f"percentiles({n()}, 5, 50, 95)",
                lambda: f"percentiles_array({n()}, 25, 75)",
                lambda: f"make_list_with_nulls({x()})",
                lambda: f"make_set_if({x()}, {b()})", lambda: f"make_list_if({x()}, {b()})",
                lambda: f"make_bag_if({self.dyn(1)}, {b()})",
                lambda: f"avgif({n()}, {b()})", lambda: f"stdevif({n()}, {b()})",
                lambda: f"variance({n()})", lambda: f"dcount({x()}, 1)",
                lambda: f"minif({self.expr(self.pick(ORDERABLE[1:]), 1)}, {b()})",
                lambda: f"maxif({self.expr(self.pick(ORDERABLE[1:]), 1)}, {b()})",
                lambda: f"take_anyif({x()}, {b()})",
                lambda: f"make_set({x()}, {self.between(1, 3)})",
                lambda: f"count_distinct({self.expr(self.pick(KEY_TYPES), 1)})",
                lambda: f"binary_all_or({self.expr('long', 1)})",
            ])()
        num_types = NUMERIC + (() if "sum_avg_timespan" in self.excluded else ("timespan",))
        if kind == "count":
            return "count()"
        if kind == "countif":
            return f"countif({self.expr('bool', 1)})"
        if kind in ("sum", "avg"):
            return f"{kind}({self.expr(self.pick(num_types), 1)})"
        if kind == "stdev":
            return f"stdev({self.expr(self.pick(NUMERIC), 1)})"
        if kind == "percentile":
            t = self.pick(NUMERIC)
            e = self.expr(t, 1)
            if "percentile_int" in self.excluded and t != "real":
                e = f"tolong({e})"
            return f"percentile({e}, {self.pick(['50', '95'])})"
        if kind == "sumif":
            return f"sumif({self.expr(self.pick(NUMERIC), 1)}, {self.expr('bool', 1)})"
        if kind in ("dcount", "dcountif"):
            e = self.expr(self.pick(KEY_TYPES), 1)
            return f"dcount({e})" if kind == "dcount" else f"dcountif({e}, {self.expr('bool', 1)})"
        if kind in ("min", "max"):
            types = [t for t in ORDERABLE if not (self.keyless and t == "string")]
            return f"{kind}({self.expr(self.pick(types), 1)})"
        if kind in ("make_set", "make_list", "take_any"):
            t = self.pick(SCALAR + ('dynamic',))
            e = self.expr(t, 1)
            if (kind == "make_set" and t == "string" and "make_set_string_constant" in
                    self.excluded and not self.mentions_column(e)):
                e = f"strcat({e}, {self.col_ref('string')})" if self.cols("string") else "1"
            return f"{kind}({e})"
        if kind == "make_bag":
            return f"make_bag({self.dyn(1)})"
        # arg_max / arg_min
        by = self.expr(self.pick(ORDERABLE), 1)
        if self.chance(0.5):
            return f"{kind}({by}, *)"
        cols = self.subset(self.schema, 1, 3)
        return f"{kind}({by}, {', '.join(quote(c.name) for c in cols)})"

    def group_key(self) -> str:
        choice = self.pick(["column", "column", "bin_time", "named", "bin_num"])
        if choice == "bin_time" and self.cols("datetime"):
            return f"bin({self.col_ref('datetime')}, {self.pick(['1h', '1d', '6h'])})"
        if choice == "bin_num" and self.cols("long", "int", "real"):
            return f"bin({self.col_ref(self.pick([c.type for c in self.cols('long', 'int', 'real')]))}, 10)"
        if choice == "named":
            return f"{quote(self.fresh())} = {self.expr(self.pick(KEY_TYPES), 1)}"
        cols = self.cols(*KEY_TYPES, "real", "timespan")
        if not cols:
            return f"{quote(self.fresh())} = {self.expr('string', 1)}"
        return quote(self.pick(cols).name)

    def op_summarize(self):
        keys = [self.group_key() for _ in range(self.between(0, 2))]
        keys = list(dict.fromkeys(keys))
        # without keys the aggregates also run over an empty input (one row of "empty" values)
        self.keyless = not keys and "empty_string_agg" in self.excluded
        aggs = []
        for _ in range(self.between(1, 3)):
            a = self.aggregate()
            if a.startswith("arg_") and any(x.startswith("arg_") for x in aggs):
                continue
            if self.keyless and (a.startswith("arg_") or any(x.startswith("arg_") for x in aggs)):
                continue
            if self.chance(0.5) and not a.endswith("*)"):
                a = f"{quote(self.fresh())} = {a}"
            aggs.append(a)
        self.keyless = False
        if not aggs:
            aggs = ["count()"]
        if keys and self.chance(0.1):
            aggs = []                              # `summarize by k`: distinct keys
        text = "summarize " + ", ".join(aggs)
        if keys:
            text += " by " + ", ".join(keys)
        return text

    def sort_items(self, lo=1, hi=2):
        cols = self.cols(*ORDERABLE)
        if not cols:
            return None
        return ", ".join(
            quote(c.name) + self.pick(["", " asc", " desc"]) + self.pick(["", "", " nulls first", " nulls last"])
            for c in self.subset(cols, lo, hi))

    def op_sort(self):
        items = self.sort_items()
        if items and self.chance(0.2):
            items += f", {self.expr(self.pick(('long', 'datetime')), 1)} desc"
        return f"{self.pick(['sort', 'order'])} by {items}" if items else None

    def op_top(self):
        items = self.sort_items(1, 1)
        if self.chance(0.3):
            t = self.pick(("long", "real", "datetime", "string"))
            items = self.expr(t, 1)
            if "top_constant" in self.excluded and not self.mentions_column(items):
                items = self.col_ref(t) or self.sort_items(1, 1)
            if "top_gettype" in self.excluded and "gettype(" in items:
                items = self.col_ref(t) or self.sort_items(1, 1)
        return f"top {self.between(0, 4)} by {items}" if items else None

    def op_take(self):
        return f"{self.pick(['take', 'limit'])} {self.between(0, 5)}"

    def op_distinct(self):
        if self.chance(0.2) and not self.cols("dynamic"):
            return "distinct *"
        cols = self.subset(self.cols(*KEY_TYPES, "real", "timespan"), 1, 3)
        return "distinct " + ", ".join(quote(c.name) for c in cols) if cols else None

    def right_side(self, key_name: str, key_type: str, rename=None):
        """A parenthesised tabular expression over another table with a column named
        `key_name` (or `rename`) of type `key_type`, plus a few other columns."""
        table = self.pick(TABLES + (EMPTY_TABLE,))
        outer = self.schema
        self.schema = self.table_schema(table)
        try:
            same = [c for c in self.schema if c.type == key_type]
            key_expr = quote(self.pick(same).name) if same and self.chance(0.8) \
                else self.expr(key_type, 1)
            right_key = rename or key_name
            extras = self.subset([c for c in self.schema if c.name != right_key], 0, 3)
            pre = f" | where {self.expr('bool', 1)}" if self.chance(0.3) else ""
            if self.chance(0.25):
                agg = self.aggregate()
                body = f"{table}{pre} | summarize {agg} by {quote(right_key)} = {key_expr}"
            else:
                cols = [f"{quote(right_key)} = {key_expr}"] + [quote(c.name) for c in extras]
                body = f"{table}{pre} | project {', '.join(cols)}"
        finally:
            self.schema = outer
        return f"({body})"

    def right_side2(self, k1: Col, k2: Col):
        """A right side with two key columns named and typed like k1 and k2."""
        table = self.pick(TABLES + (EMPTY_TABLE,))
        outer = self.schema
        self.schema = self.table_schema(table)
        try:
            body = (f"{table} | project {quote(k1.name)} = {self.expr(k1.type, 0)}, "
                    f"{quote(k2.name)} = {self.expr(k2.type, 0)}, "
                    + ", ".join(quote(c.name) for c in self.subset(
                        [c for c in self.schema if c.name not in (k1.name, k2.name)], 1, 2)))
        finally:
            self.schema = outer
        return f"({body})"

    def join_key(self):
        cols = self.cols(*KEY_TYPES)
        return self.pick(cols) if cols else None

    def op_join(self):
        key = self.join_key()
        if key is None:
            return None
        kind = self.pick(["", "inner", "innerunique", "leftouter", "rightouter", "fullouter",
                          "leftanti", "rightanti", "leftsemi", "rightsemi", "anti",
                          "leftantisemi", "rightantisemi"])
        kind_text = f" kind={kind}" if kind else ""
        if self.chance(0.3):
            other = self.fresh(allow_clash=False)
            right = self.right_side(key.name, key.type, rename=other)
            cond = f"$left.{quote(key.name)} == $right.{quote(other)}"
        elif self.chance(0.15):
            second = self.join_key()
            if second.name == key.name:
                return None
            right = self.right_side2(key, second)
            cond = f"{quote(key.name)}, {quote(second.name)}"
        else:
            right = self.right_side(key.name, key.type)
            cond = quote(key.name)
        return f"join{kind_text} {right} on {cond}"

    def op_lookup(self):
        key = self.join_key()
        if key is None:
            return None
        kind = self.pick(["", " kind=leftouter", " kind=inner"])
        return f"lookup{kind} {self.right_side(key.name, key.type)} on {quote(key.name)}"

    def op_union(self):
        table = self.pick(TABLES + (EMPTY_TABLE,))
        outer = self.schema
        self.schema = self.table_schema(table)
        try:
            if self.chance(0.2):
                leg = table
            else:
                leg = f"({table} | {self.op_project()})"
            if self.chance(0.15):
                leg += f", ({self.pick(TABLES)} | count)"
        finally:
            self.schema = outer
        opts = self.pick(["", " kind=outer", " withsource=Src"] +
                         ([] if "union_inner" in self.excluded else [" kind=inner"]))
        if "withsource" in opts and "Src" in self.names():
            opts = ""
        return f"union{opts} {leg}"

    def op_mv_expand(self):
        strings = self.cols("string")
        dyns = self.cols("dynamic")
        idx = f"with_itemindex={self.fresh(allow_clash=False, plain=True)} " if self.chance(0.2) else ""
        to = self.pick(["", "", " to typeof(string)", " to typeof(long)", " to typeof(int)",
                        " to typeof(real)", " to typeof(bool)", " to typeof(datetime)",
                        " to typeof(timespan)", " to typeof(dynamic)", " to typeof(guid)",
                        " to typeof(decimal)"])
        limit = f" limit {self.between(0, 3)}" if self.chance(0.15) else ""
        if dyns and self.chance(0.4):
            bag = self.pick(["", "", "bagexpansion=array ", "bagexpansion=bag "])
            return f"mv-expand {bag}{idx}{quote(self.pick(dyns).name)}{to}{limit}"
        if self.chance(0.2):
            return (f"mv-expand {idx}{quote(self.fresh())} = {self.dyn(1)}{to}, "
                    f"{quote(self.fresh(allow_clash=False))} = {self.dyn(1)}{limit}")
        if not strings:
            return None
        src = self.expr("string", 1)
        return f"mv-expand {idx}{quote(self.fresh())} = split({src}, {self.pick(SEPARATORS[:-1])}){to}"

    def op_parse(self):
        strings = self.cols("string")
        if not strings:
            return None
        src = quote(self.pick(strings).name)
        kind = self.pick(["", "", " kind=relaxed"])
        parts = []
        if self.chance(0.5):
            parts.append("*")
        for i in range(self.between(1, 2)):
            parts.append(self.pick(['" "', '"."', '"-"', '"\\\\"', '"user "', '"@"']))
            name = self.fresh(allow_clash=False, plain=True)
            parts.append(name + self.pick(["", "", ":string", ":long", ":int", ":real"]))
        if self.chance(0.3):
            parts += [self.pick(['" "', '"."']), "*"]
        return f"parse{kind} {src} with {' '.join(parts)}"

    def op_serialize(self):
        items = []
        for _ in range(self.between(0, 2)):
            name = quote(self.fresh(allow_clash=False))
            choice = self.pick(["rn", "prev", "next", "cumsum"])
            if choice == "rn":
                items.append(f"{name} = row_number()")
            elif choice in ("prev", "next"):
                c = self.pick(self.schema)
                off = self.pick(["", ", 2"])
                items.append(f"{name} = {choice}({quote(c.name)}{off})")
            elif self.cols("long", "int", "real"):
                items.append(f"{name} = row_cumsum({self.col_ref(self.pick([c.type for c in self.cols('long', 'int', 'real')]))})")
        prefix = ""
        if self.chance(0.5) and self.sort_items(1, 1):
            prefix = f"sort by {self.sort_items(1, 1)} | "
            if items and self.chance(0.5):        # sorted rows are serialized: extend works
                return prefix + "extend " + ", ".join(items)
        if items and self.chance(0.2):
            items.append(f"{quote(self.fresh(allow_clash=False))} = "
                         f"row_rank_dense({quote(self.pick(self.cols(*KEY_TYPES) or self.schema).name)})")
        return prefix + "serialize" + (" " + ", ".join(items) if items else "")

    def op_make_series(self):
        dts = self.cols("datetime")
        if not dts:
            return None
        axis = quote(self.pick(dts).name)
        aggs = []
        for _ in range(self.between(1, 2)):
            kind = self.pick(["count()", "sum", "avg", "min", "max", "dcount"])
            if kind in ("sum", "avg", "min", "max") and self.cols("long", "int", "real"):
                kind = f"{kind}({self.col_ref(self.pick([c.type for c in self.cols('long', 'int', 'real')]))})"
            elif kind == "dcount" and self.cols("string"):
                kind = f"dcount({self.col_ref('string')})"
            else:
                kind = "count()"
            name = f"{quote(self.fresh(allow_clash=False))} = "
            default = self.pick(["", " default=0", " default=real(null)"])
            aggs.append(name + kind + default)
        rng = self.pick([" from datetime(2026-10-29) to datetime(2026-11-02)",
                         " from ago(4d) to now()", ""])
        keys = self.cols("string", "long", "bool")
        by = f" by {quote(self.pick(keys).name)}" if keys and self.chance(0.6) else ""
        if self.chance(0.2):
            return (f"make-series {', '.join(aggs)} on {axis} in range(datetime(2026-10-29), "
                    f"datetime(2026-11-01), 1d){by}")
        return f"make-series {', '.join(aggs)} on {axis}{rng} step {self.pick(['1d', '12h'])}{by}"

    def op_top_nested(self):
        keys = self.cols(*KEY_TYPES)
        if not keys:
            return None
        levels = []
        for _ in range(self.between(1, 2)):
            col = quote(self.pick(keys).name)
            agg = self.pick(["count()", f"dcount({col})"])
            nums = self.cols("long", "int", "real")
            if nums and self.chance(0.3):
                agg = f"sum({quote(self.pick(nums).name)})"
            n = self.pick(["", f"{self.between(1, 3)} "])
            levels.append(f"top-nested {n}of {col} by {agg}")
        return ", ".join(levels)

    def op_count(self):
        return "count"

    def op_getschema(self):
        return "getschema"

    def op_mv_apply(self):
        strings = self.cols("string")
        if not strings:
            return None
        item = self.fresh(allow_clash=False, plain=True)
        src = f"split({self.col_ref('string')}, {self.pick(SEPARATORS[:-1])})"
        to = self.pick([" to typeof(string)", ""])
        sub = self.pick([f"top 1 by strlen(tostring({item}))", f"where isnotempty(tostring({item}))",
                         f"summarize {self.fresh(allow_clash=False, plain=True)} = count()",
                         f"extend {self.fresh(allow_clash=False, plain=True)} = strlen(tostring({item}))",
                         "take 1"])
        return f"mv-apply {item} = {src}{to} on ({sub})"

    def op_parse_where(self):
        text = self.op_parse()
        return "parse-where" + text[len("parse"):] if text else None

    def op_sample(self):
        return f"sample {self.between(0, 4)}"

    def data_dependent_ok(self) -> bool:
        """bag_unpack and pivot take their columns from the data when compiling: only over
        input that is the same on every run (no sample, take, ties, arbitrary picks)."""
        return deterministic(self.kql)

    def op_bag_unpack(self):
        dyns = self.cols("dynamic")
        if not dyns or not self.data_dependent_ok():
            return None
        prefix = self.pick(["", ', "p_"'])
        return f"evaluate bag_unpack({quote(self.pick(dyns).name)}{prefix})"

    def op_pivot(self):
        keys = self.cols("string", "long", "bool")
        if not keys or not self.data_dependent_ok():
            return None
        if len(self.schema) == 1 and "pivot_single_column" in self.excluded:
            return None
        col = quote(self.pick(keys).name)
        aggs = ["count()", "", f"dcount({col})"]
        nums = self.cols("long", "int", "real")
        if nums and "pivot_agg" not in self.excluded:
            num = quote(self.pick(nums).name)
            aggs += [f"sum({num})", f"countif({num} > 0)", f"make_set({num})", f"any({num})"]
        agg = self.pick(aggs)
        others = [c for c in self.cols("string", "long", "datetime") if quote(c.name) != col]
        by = ""
        if agg and others and self.chance(0.5):
            by = ", " + quote(self.pick(others).name)
        return f"evaluate pivot({col}{', ' + agg if agg else ''}{by})"

    def op_as(self):
        key = self.join_key()
        if key is None:
            return None
        return (f"as P | join kind={self.pick(['inner', 'leftouter', 'leftsemi'])} "
                f"(P | summarize {quote(self.fresh(allow_clash=False))} = count() "
                f"by {quote(key.name)}) "
                f"on {quote(key.name)}")

    OPERATORS = {
        "where": 10, "extend": 12, "project": 6, "project_away": 3, "project_keep": 2,
        "project_rename": 3, "project_reorder": 2, "summarize": 9, "sort": 3, "top": 3,
        "take": 2, "distinct": 3, "join": 7, "lookup": 3, "union": 4, "mv_expand": 4,
        "parse": 3, "serialize": 3, "make_series": 2, "top_nested": 2, "count": 1,
        "getschema": 1, "mv_apply": 2, "parse_where": 1, "sample": 1, "bag_unpack": 1,
        "pivot": 1, "as": 1,
    }

    def operator(self) -> tuple[str, str | None]:
        ops = [o for o, w in self.OPERATORS.items() for _ in range(w)]
        name = self.pick(ops)
        return name, getattr(self, "op_" + name)()

    def start(self) -> str:
        """The pipeline's first tabular expression: mostly a fixture table, now and then a
        datatable with every scalar type, a range, or a `let`-bound table."""
        kind = self.pick(["table"] * 14 + ["empty", "datatable", "range", "let"])
        if kind == "empty":
            return EMPTY_TABLE
        if kind == "datatable":
            return DATATABLE
        if kind == "range":
            return self.pick(["range x from 1 to 5 step 1",
                              "range t from datetime(2026-10-30) to datetime(2026-11-01) step 12h"])
        table = self.pick(TABLES)
        if kind == "let":
            self.lets = f"let L = {table} | where {self.pick(['true', 'isnotempty(Timestamp)'])};\n"
            return "L"
        return table

    def pipeline(self, max_ops: int = 5) -> str:
        self.lets = ""
        kql = self.start()
        self.kql = self.lets + kql
        self.schema = self.infer(self.lets + kql)
        n_ops = self.between(2, max_ops)
        added = 0
        for _ in range(n_ops * 3):
            if added >= n_ops or not self.schema:
                break
            self.used = set()
            name, op = self.operator()
            if op is None:
                continue
            candidate = f"{kql}\n| {op}"
            try:
                self.schema = self.infer(self.lets + candidate)
            except Stop:
                continue
            kql = candidate
            self.kql = self.lets + kql
            self.operators.append(name)
            added += 1
        return self.lets + kql
