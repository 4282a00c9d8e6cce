"""Random schema-driven pipelines compile, run, and their DuckDB result schema equals the
inferred one (STYLE.md, Tests).

Every query here is checked for the same properties (tests/property/checks.py):
  1. it compiles and runs; the only error allowed is KqlUnsupportedError;
  2. the result's column names are the inferred ones, in order (and so are its Kusto types);
  3. DuckDB's own Arrow types are the storage of the inferred Kusto types;
  4. every cell's Python type fits its Kusto type (string → str, never None; long → int; ...);
  5. Result.to_arrow() has the promised Arrow type per Kusto type;
and, with one more query each (`<query> | ...`):
  6. isempty() of every column is true or false, never null (no SQL NULL hides in a string);
  7. every long/int/bool/guid/dynamic/datetime/timespan cell agrees with the engine's own
     rendering of it (tostring(), tolong(datetime), timespan / 1d);
  8. `| getschema` lists the inferred names and types, and `| count` the rows returned
     (the latter for deterministic pipelines only).

Three suites:
  * HANDWRITTEN: ~80 fixed pipelines, at least one per operator, plus the reproducers of bugs
    fixed since this test found them, so a regression names itself;
  * test_random_pipeline: Hypothesis builds type-correct pipelines over six advanced-hunting
    tables (tests/property/pipelines.py), derandomized so CI is stable. Explore more with
    HUNT_PIPELINE_EXAMPLES=2000 HUNT_PIPELINE_RANDOM=1 python -m pytest tests/test_property_pipelines.py
  * KNOWN_BUGS: a minimal reproducer per open bug, asserted to still fail the same way. When a
    fix lands, its entry fails here: delete it (and its generator switch in `excludes`).
"""
from __future__ import annotations

import os
import random
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hunt
from tests.property import fixture
from tests.property.checks import PipelineFailure, check
from tests.property.pipelines import Generator, RandomSource


@pytest.fixture(scope="module")
def h(tmp_path_factory):
    session = hunt.connect(fixture.write(tmp_path_factory.mktemp("pipelines")))
    yield session
    session.close()


# -- hand-written pipelines: every operator at least once ---------------------------------------

HANDWRITTEN = [
    # where
    'DeviceProcessEvents | where FileName =~ "powershell.exe" and ProcessId > 0',
    'DeviceProcessEvents | where ProcessCommandLine has "whoami" or ProcessCommandLine contains "enc"'
    ' | project Timestamp, DeviceName, ProcessCommandLine',
    'DeviceProcessEvents | where FileName in ("cmd.exe", "powershell.exe") and not(isempty(AccountName))',
    'DeviceProcessEvents | where FileName !in~ ("CMD.EXE") and ProcessId between (0 .. 100) | take 3',
    'DeviceProcessEvents | where Timestamp between (datetime(2026-10-30) .. datetime(2026-10-31))'
    ' | project Timestamp',
    'DeviceProcessEvents | where isnotempty(FolderPath) and FolderPath startswith @"C:\\Windows"'
    ' | project FolderPath',
    'DeviceProcessEvents | where isnull(ProcessId) or isnotnull(ProcessCreationTime) or isempty(ProcessId)',
    'EmailEvents | where Subject has_any ("invoice", "news") and SenderFromAddress matches regex @"^\\w+@"',
    'IdentityLogonEvents | where AdditionalFields.a == 1 or AdditionalFields.b == "x"',
    # extend: arithmetic, time, strings, conversions, conditionals, dynamic
    'DeviceProcessEvents | extend a = ProcessId + 1, b = ProcessId * 2.5, c = ProcessId / 2,'
    ' d = ProcessId % 3, e = -ProcessId | project a, b, c, d, e',
    'DeviceNetworkEvents | extend a = RemotePort + LocalPort, b = RemotePort * 2, c = RemotePort / 2.0,'
    ' d = bin(RemotePort, 100) | project a, b, c, d',
    'DeviceProcessEvents | extend t = Timestamp + 1h, d = now() - Timestamp, e = Timestamp -'
    ' ProcessCreationTime, f = 2 * 1d, g = 1h / 2, r = 1h / 1m | project t, d, e, f, g, r',
    'DeviceProcessEvents | extend l = tolower(FileName), u = toupper(AccountName), s = strcat(DeviceName,'
    ' "/", FileName), sub = substring(ProcessCommandLine, 2, 5), sp = split(FolderPath, @"\\"),'
    ' x = extract(@"(\\w+)\\.exe", 1, ProcessCommandLine) | project l, u, s, sub, sp, x',
    'DeviceProcessEvents | extend a = tostring(ProcessId), b = tolong("12"), c = todouble(ProcessId),'
    ' d = todatetime("2026-10-01"), e = tolong(FileName), f = toint(ProcessId),'
    ' g = totimespan("01:00:00") | project a, b, c, d, e, f, g',
    'DeviceProcessEvents | extend a = iff(ProcessId > 0, "pos", "neg"), b = case(ProcessId > 10, 1,'
    ' ProcessId > 0, 2, 3), c = coalesce(ProcessId, 0), d = iff(isnull(Timestamp), now(), Timestamp)'
    ' | project a, b, c, d',
    'DeviceProcessEvents | extend af = parse_json(AdditionalFields) | extend a = af.a,'
    ' b = tostring(af.b), c = tolong(af.Count), t = af.Tags[0] | project af, a, b, c, t',
    'IdentityLogonEvents | extend a = AdditionalFields.a, b = tostring(AdditionalFields.b),'
    ' c = toint(AdditionalFields["Count"]), x = tostring(AdditionalFields.a.x) | project a, b, c, x',
    'DeviceProcessEvents | extend h = bin(Timestamp, 1h), d = datetime_diff("minute", Timestamp,'
    ' ProcessCreationTime), s = startofday(Timestamp), da = datetime_add("day", 1, Timestamp),'
    ' a = ago(1d) | project h, d, s, da, a',
    'DeviceProcessEvents | extend a = format_datetime(Timestamp, "yyyy-MM-dd HH:mm"),'
    ' c = getyear(Timestamp), d = hourofday(Timestamp), e = dayofweek(Timestamp) | project a, c, d, e',
    'DeviceProcessEvents | extend a = tostring(Timestamp), b = tostring(now() - Timestamp),'
    ' c = tostring(IsProcessRemoteSession), e = tostring(parse_json(AdditionalFields)) | project a, b, c, e',
    'DeviceProcessEvents | extend a = pack_array(FileName, ProcessId), b = bag_pack("f", FileName),'
    ' c = array_length(split(FolderPath, @"\\")), g = toguid("6f9619ff-8b86-d011-b42d-00cf4fc964ff")'
    ' | project a, b, c, g',
    'DeviceProcessEvents | extend a = todouble("1e3"), b = toint("abc"), c = todatetime("garbage"),'
    ' d = totimespan("garbage"), e = real(null), f = dynamic(null) | project a, b, c, d, e, f',
    # project family
    'DeviceProcessEvents | project DeviceName, FileName, pid = ProcessId, cmd = ProcessCommandLine',
    'DeviceProcessEvents | project-away Timestamp, DeviceId, Account* | take 1',
    'DeviceProcessEvents | project-rename Device = DeviceName, Pid = ProcessId | project Device, Pid',
    'DeviceProcessEvents | project DeviceName, FileName, ProcessId | project-reorder ProcessId, FileName',
    'DeviceProcessEvents | project-keep Device*, FileName',
    # summarize
    'DeviceProcessEvents | summarize Count = count(), Devices = dcount(DeviceName), Total = sum(ProcessId),'
    ' Avg = avg(ProcessId), First = min(Timestamp), Last = max(Timestamp) by FileName',
    'DeviceProcessEvents | summarize make_set(FileName), make_list(ProcessId), countif(ProcessId > 0),'
    ' take_any(AccountName) by DeviceName',
    'DeviceProcessEvents | summarize arg_max(Timestamp, *) by DeviceName',
    'DeviceProcessEvents | summarize c = count(), arg_min(ProcessId, FileName, Timestamp) by AccountName',
    'DeviceProcessEvents | summarize count() by bin(Timestamp, 1h), DeviceName',
    'DeviceProcessEvents | summarize sum(FileSize), stdev(ProcessId), percentile(ProcessId, 50)',
    'DeviceNetworkEvents | summarize sum(RemotePort), avg(RemotePort), min(RemotePort),'
    ' max(RemotePort) by Protocol',
    'IdentityLogonEvents | summarize any(AdditionalFields), make_bag(AdditionalFields),'
    ' make_list(AdditionalFields) by AccountName',
    'DeviceProcessEvents | extend af = parse_json(AdditionalFields) | summarize count() by tostring(af.a)',
    'DeviceFileEvents | summarize count(), make_set(FileName), dcount(DeviceName)',
    # sort / top / take / distinct / count
    'DeviceProcessEvents | sort by Timestamp desc, FileName asc nulls first | project Timestamp, FileName',
    'DeviceProcessEvents | top 3 by ProcessId desc | project ProcessId',
    'DeviceProcessEvents | take 2',
    'DeviceProcessEvents | distinct DeviceName, AccountName',
    'DeviceProcessEvents | count',
    # join, every kind, and lookup
    'DeviceProcessEvents | join kind=inner (DeviceNetworkEvents) on DeviceId',
    'DeviceProcessEvents | project DeviceName, FileName | join kind=leftouter'
    ' (DeviceNetworkEvents | project DeviceName, RemoteIP) on DeviceName',
    'DeviceProcessEvents | project DeviceName, FileName | join kind=rightouter'
    ' (DeviceNetworkEvents | project DeviceName, RemoteIP) on DeviceName',
    'DeviceProcessEvents | project DeviceName, FileName, Timestamp | join kind=fullouter'
    ' (DeviceEvents | project DeviceName, FileName, Timestamp) on DeviceName, FileName',
    'DeviceProcessEvents | project DeviceName, FileName | join kind=leftanti'
    ' (DeviceNetworkEvents | project DeviceName) on DeviceName',
    'DeviceProcessEvents | project DeviceName, FileName | join kind=rightanti'
    ' (DeviceNetworkEvents | project DeviceName, RemoteIP) on DeviceName',
    'DeviceProcessEvents | project DeviceName, FileName | join kind=leftsemi'
    ' (DeviceNetworkEvents | project DeviceName) on DeviceName',
    'DeviceProcessEvents | project DeviceName, FileName | join kind=rightsemi'
    ' (DeviceNetworkEvents | project DeviceName, RemoteIP) on DeviceName',
    'DeviceProcessEvents | project DeviceName, ProcessId | join'
    ' (DeviceNetworkEvents | project DeviceName, ProcessId = RemotePort) on ProcessId',
    'DeviceProcessEvents | project AccountName, FileName | join kind=inner'
    ' (IdentityLogonEvents | project Acc = AccountName, IPAddress) on $left.AccountName == $right.Acc',
    'DeviceProcessEvents | project DeviceName, FileName | lookup'
    ' (DeviceNetworkEvents | summarize Remote = take_any(RemoteIP) by DeviceName) on DeviceName',
    'DeviceProcessEvents | lookup kind=inner (IdentityLogonEvents | project AccountName, DeviceName, Port)'
    ' on AccountName | project AccountName, DeviceName, Port',
    # union
    'DeviceProcessEvents | project DeviceName, X = ProcessId | union'
    ' (DeviceNetworkEvents | project DeviceName, X = RemoteIP)',
    'union withsource=Source DeviceProcessEvents, DeviceNetworkEvents | project Source, Timestamp, DeviceName',
    'IdentityLogonEvents | project AdditionalFields | union (DeviceEvents | project AdditionalFields)',
    'DeviceProcessEvents | union DeviceFileEvents | count',
    # mv-expand
    'DeviceProcessEvents | project FolderPath | mv-expand p = split(FolderPath, @"\\") to typeof(string)',
    'DeviceProcessEvents | mv-expand with_itemindex=i p = split(ProcessCommandLine, " "),'
    ' q = split(FolderPath, @"\\") | project i, p, q',
    'CloudAppEvents | mv-expand o = ActivityObjects | extend n = tostring(o.Name), t = toint(o.Type)'
    ' | project n, t',
    # parse
    'DeviceProcessEvents | parse ProcessCommandLine with Exe " " Rest | project Exe, Rest',
    'DeviceProcessEvents | parse ProcessCommandLine with * "user " User:string " " Pw | project User, Pw',
    'DeviceProcessEvents | parse kind=regex ProcessCommandLine with @"(\\w+)" Exe:string @"\\s" N:long',
    # serialize and window functions
    'DeviceProcessEvents | sort by Timestamp asc | extend rn = row_number(), p = prev(FileName),'
    ' n = next(ProcessId) | project rn, p, n',
    'DeviceProcessEvents | serialize rn = row_number(), c = row_cumsum(ProcessId), p = prev(Timestamp, 2)',
    # make-series, top-nested
    'DeviceProcessEvents | make-series count() default=0 on Timestamp from datetime(2026-10-29)'
    ' to datetime(2026-11-01) step 1d by DeviceName',
    'DeviceProcessEvents | make-series c = count(), s = avg(ProcessId) on Timestamp in'
    ' range(datetime(2026-10-29), datetime(2026-11-01), 1d) | mv-expand c, s, Timestamp to typeof(datetime)',
    'DeviceProcessEvents | top-nested 2 of DeviceName by count(), top-nested 1 of FileName by sum(ProcessId)',
    # getschema
    'DeviceProcessEvents | summarize count() by DeviceName | getschema',
    # bugs this test found, fixed since: regressions name themselves
    'print x = -tolong(-1), y = -todouble(-1.5), z = -(tolong(long(-1)))',
    'DeviceProcessEvents | summarize sum(1h), avg(1h)',
    'DeviceEvents | summarize make_set("a"), make_set(gettype(Timestamp))',
    'IdentityLogonEvents | top 2 by ""',
    'EmailEvents | union kind=inner (DeviceNetworkEvents | project x = 1)',
    'DeviceEvents | summarize percentile(RemotePort, 50), percentiles(LocalPort, 50, 90)',
    'DeviceEvents | project y = -RemotePort, z = abs(RemotePort)',
    'print x = binary_shift_left(-1, 1)',
    'DeviceProcessEvents | evaluate pivot(FileName, sum(ProcessId))',
    'DeviceProcessEvents | evaluate pivot(FileName, countif(ProcessId > 0), DeviceName)',
    'DeviceFileEvents | summarize m = max(FileName), n = minif(FolderPath, true)',
    'DeviceFileEvents | summarize count(), arg_max(Timestamp, *)',
    'print s = "x" | where false | summarize m = min(s) | evaluate pivot(m)',
    'print x = decimal(1.5) * 1.5, y = decimal(1.5) / 2, z = 1.5 - decimal(1)',
    "print ['false'] = 1, ['a b'] = 2 | join kind=inner (print ['false'] = 1, c = 3) on ['false']",
    'EmailEvents | serialize | top 3 by 1 | top 2 by "a" | top 1 by strcat("a", "b")',
    'print x = decimal(10) * decimal(10), y = decimal(1.5) * decimal(1.5) * decimal(1.5)',
    'EmailEvents | top 1 by gettype(Subject)',
    'DeviceFileEvents | project FileName | evaluate pivot(FileName)',
    'print x = decimal(1) + real(nan), y = decimal(1) / decimal(0), z = decimal(1) * real(+inf)',
    'print x = decimal(5) % decimal(3), y = decimal(5) % 3, z = 5 % decimal(3)',
]


@pytest.mark.parametrize("kql", HANDWRITTEN)
def test_handwritten_pipeline(h, kql):
    assert check(h, kql) is None, "a hand-written pipeline must not be unsupported"


# Constructs the compiler may refuse as unsupported: they must say so (or pass every property
# once implemented), never fail another way.
MAYBE_UNSUPPORTED = [
    'DeviceProcessEvents | top-nested 3 of DeviceName with others = "Other" by count()',
    'DeviceProcessEvents | partition by AccountName (top 1 by Timestamp)',
]


@pytest.mark.parametrize("kql", MAYBE_UNSUPPORTED)
def test_unsupported_constructs_say_so(h, kql):
    assert check(h, kql) in (None, "unsupported")


# -- known bugs: minimal reproducers, asserted to still fail -----------------------------------

@dataclass(frozen=True)
class KnownBug:
    id: str
    kql: str
    kind: str          # PipelineFailure.kind it fails with today
    detail: str        # a piece of the failure detail
    excludes: str      # Generator switch that keeps the random test off this shape ("" if none)
    expected: str      # what it should do


KNOWN_BUGS: list[KnownBug] = [
    KnownBug("timespan-beyond-292-years-wraps",
             "print x = 200000d",
             "value", "engine computes 200000.0", "huge_timespan",
             "x = 200000.00:00:00 (x / 1d and tostring(x) say so inside the engine), but "
             "Result.rows and to_arrow() give -13504 days: an INTERVAL held as microseconds "
             "overflows the int64 nanoseconds of Arrow's month_day_nano_interval past 2^63 ns "
             "(106,751 days). Also 1d * 1e6, (datetime(2026-01-01) - datetime(1700-01-01)) * 1, "
             "totimespan(\"200000.00:00:00\"), and sums of timespans."),
    KnownBug("datetime-past-9999-is-half-null",
             "print a = datetime(9999-12-31) + 1d",
             "value", "null datetime but the engine renders", "datetime_out_of_range",
             "one consistent answer: a null (as Result shows) or an error. The engine keeps "
             "10000-01-01 inside: isnull(a) is false, getyear(a) 10000, tostring(a) "
             "'10000-01-01T00:00:00.0000000Z', tolong(a) a number, while the cell is None. "
             "Also unixtime_seconds_todatetime(1234567890123) (year 41091), "
             "datetime_add('year', 9000, ...), datetime(0001-01-01) - 1d (year 0)."),
    KnownBug("max-datetime-literal-rejected",
             "print y = datetime(9999-12-31 23:59:59.9999999)",
             "compile", "invalid datetime literal", "max_datetime_literal",
             "y = 9999-12-31 23:59:59.9999999 (the largest datetime; Microsoft's analyzer "
             "accepts it). Literal fractions of 7 digits are rounded to microseconds, not "
             "truncated: the maximum rounds past year 9999, and datetime(2026-12-31 "
             "23:59:59.9999999) becomes 2027-01-01 00:00:00 (getyear() 2027), while "
             "todatetime(\"...9999999\") truncates."),
]


@pytest.mark.parametrize("bug", KNOWN_BUGS or [None],
                         ids=[b.id for b in KNOWN_BUGS] or ["no-known-bugs"])
def test_known_bug_still_fails(h, bug):
    if bug is None:
        return      # an empty list runs as one passing case, not as a skip
    try:
        outcome = check(h, bug.kql)
    except PipelineFailure as failure:
        assert failure.kind == bug.kind and bug.detail in failure.detail, (
            f"known bug {bug.id} now fails differently (update the entry):\n{failure}")
        return
    pytest.fail(f"known bug {bug.id} no longer reproduces ({outcome or 'all properties hold'}): "
                f"delete it from KNOWN_BUGS" +
                (f" and drop the generator switch {bug.excludes!r}" if bug.excludes else ""))


EXCLUDED = frozenset(b.excludes for b in KNOWN_BUGS if b.excludes)


def test_known_bug_switches_exist():
    assert EXCLUDED <= Generator.SWITCHES


# -- random pipelines -----------------------------------------------------------------------------

EXAMPLES = int(os.environ.get("HUNT_PIPELINE_EXAMPLES", "150"))


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          derandomize=not os.environ.get("HUNT_PIPELINE_RANDOM"),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_random_pipeline(h, data):
    gen = Generator(data.draw, h, EXCLUDED)
    kql = gen.pipeline()
    data.draw(st.just(kql), label="query")   # shown in the falsifying example
    check(h, kql)


def test_generator_reaches_every_operator(h):
    """The random pipelines exercise every operator the generator knows (compile only)."""
    seen = set()
    for seed in range(150):
        gen = Generator(RandomSource(random.Random(seed)), h, EXCLUDED)
        gen.pipeline()
        seen.update(gen.operators)
    assert seen == set(Generator.OPERATORS)
