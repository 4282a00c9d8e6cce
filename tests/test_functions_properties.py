"""Property tests: text forms round-trip, substring/indexof agree with a Python model."""
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from hunt.functions.testing import ev
from hunt.functions.textfmt import real_text


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_real_text_round_trips(x):
    s = real_text(x)
    assert float(s) == x
    assert not s.endswith(".0")


@settings(max_examples=60, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300))
def test_sql_real_text_matches_python(x):
    assert ev("tostring", x) == real_text(x)


def _substring_model(s, start, length=None):
    b = len(s) + start if start < 0 else start
    if length is None:
        return s[max(b, 0):] if b < len(s) else ""
    if length < 0 or b >= len(s):
        return ""
    if b < 0:
        return s[:max(length + b, 0)]
    return s[b:b + length]


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="abcé1 ", max_size=8), st.integers(-10, 10),
       st.one_of(st.none(), st.integers(-2, 10)))
def test_substring_matches_model(s, start, length):
    args = (s, start) if length is None else (s, start, length)
    assert ev("substring", *args) == _substring_model(s, start, length)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ab", max_size=8), st.text(alphabet="ab", min_size=1, max_size=3))
def test_countof_is_overlapping_count(s, sub):
    expected = sum(1 for i in range(len(s) - len(sub) + 1) if s[i:i + len(sub)] == sub)
    assert ev("countof", s, sub) == expected
