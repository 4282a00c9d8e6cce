"""String functions: documented values (semantics §4.7, doc examples), nulls, never-null."""
import pytest

from hunt.functions.strings import has_any_regex, has_regex
from hunt.functions.testing import Typed, ev, sql_value, translate

Y = lambda v: Typed(v, "dynamic")  # noqa: E731

CASES = [
    ("strlen", ("hello",), 5),
    ("strlen", ("héllo",), 5),
    ("strlen", ("⒦⒰⒮⒯⒪",), 5),
    ("string_size", ("⒦⒰⒮⒯⒪",), 15),
    ("substring", ("123456", 1), "23456"),
    ("substring", ("123456", 2, 2), "34"),
    ("substring", ("123456", -2, 2), "56"),
    ("substring", ("abc", 5), ""),
    ("substring", ("abc", 1, 0), ""),
    ("tolower", ("AbC",), "abc"),
    ("toupper", ("AbC",), "ABC"),
    ("reverse", ("ABCDEFGHIJKLMNOPQRSTUVWXYZ",), "ZYXWVUTSRQPONMLKJIHGFEDCBA"),
    ("reverse", (12345,), "54321"),
    ("strcat", ("a", 1, 2.0, 1.5), "a121.5"),
    ("strcat", ("a", Typed(None, "long"), "b"), "ab"),
    ("strcat_delim", ("-", 1, "2", "A"), "1-2-A"),
    ("strcat_delim", ("-", "a", "", "b"), "a--b"),
    ("split", ("a__b", "_"), ["a", "", "b"]),
    ("split", ("", "_"), [""]),
    ("split", ("aaa_bbb_ccc", "_", 1), ["bbb"]),
    ("split", ("aaa_bbb_ccc", "_", 9), []),
    ("replace_string", ("Number is 1", "is", "was"), "Number was 1"),
    ("replace_string", ("a\x00b\x00", "\x00", "-"), "a-b-"),     # NUL is a character like any
    ("strlen", ("\x00x",), 2),
    ("replace_regex", ("Number is 1", r"is (\d+)", r"was: \1"), "Number was: 1"),
    ("replace_regex", ("aXbXc", "X", "-"), "a-b-c"),
    ("replace", (r"X", "-", "aXbXc"), "a-b-c"),
    ("replace_strings", ("This is an example", Y(["This", "is"]), Y(["This", "was"])), "This was an example"),
    ("replace_strings", ("This is an example", Y(["is", "This"]), Y(["was", "This"])), "Thwas was an example"),
    ("replace_strings", ("This is an example", Y(["This", "is"]), Y([12345, "was"])), "This was an example"),
    ("replace_strings", ("A magic trick can turn a cat into a dog", Y(["cat", "dog"]), Y(["dog", "pigeon"])),
     "A magic trick can turn a dog into a pigeon"),
    ("trim", ("--", "--https://bing.com--"), "https://bing.com"),
    ("trim", (r"[^\w]+", "-  Te st1// $"), "Te st1"),
    ("trim", ("1", "11"), ""),
    ("trim_end", (r"\s+", "    Hello, world!    "), "    Hello, world!"),
    ("trim_end", (".com", "bing.com"), "bing"),
    ("trim_start", ("https://", "https://bing.com"), "bing.com"),
    ("countof", ("aaaa", "aa"), 3),
    ("countof", ("aaaa", "aa", "regex"), 2),
    ("countof", ("abc", ""), 0),
    ("strrep", ("ABC", 2), "ABCABC"),
    ("strrep", (123, 3, "."), "123.123.123"),
    ("strrep", (Typed(__import__("datetime").timedelta(seconds=3), "timespan"), 2, " "), "00:00:03 00:00:03"),
    ("strcmp", ("a", "b"), -1),
    ("isascii", ("some string",), True),
    ("isascii", ("héllo",), False),
    ("extract", ("User: ([^,]+)", 1, "User: James, Email: x"), "James"),
    ("extract", (r"Email: (\S+),", 1, "User: David, Age: 35"), ""),
    ("extract", (r"\d+", 0, "User: David, Age: 35"), "35"),
    ("extract", (r"-(\d{2})-", 1, "15-12-2024", Typed("int", "unknown")), 12),
    ("extract", (r"x(\d+)", 1, "abc", Typed("long", "unknown")), None),
    ("extract_all", (r"([\da-f]{2})", "82b8be2d"), ["82", "b8", "be", "2d"]),
    ("extract_all", (r"(\w)(\w+)(\w)", "82b8be2d-dfa7"), [["8", "2b8be2", "d"], ["d", "fa", "7"]]),
    ("extract_all", (r"(?P<first>\w)(?P<middle>\w+)(?P<last>\w)", Y(["first", 2, "last"]), "82b8be2d-dfa7"),
     [["8", "2b8be2", "d"], ["d", "fa", "7"]]),
    ("extract_all", (r"(x)", "abc"), None),
    ("extract_json", ("$.name", '{"name": "John", "age": 30}', Typed("string", "unknown")), "John"),
    ("extract_json", ("$.age", '{"name": "John", "age": 30}', Typed("long", "unknown")), 30),
    ("extract_json", ("$.age", "not json"), ""),
    ("indexof", ("abcdefg", "cde"), 2),
    ("indexof", ("abcdefg", "cde", 1, 4), 2),
    ("indexof", ("abcdefg", "cde", 1, 2), -1),
    ("indexof", ("abcdefg", "cde", 3, 4), -1),
    ("indexof", ("abcdefg", "cde", -5), 2),
    ("indexof", (1234567, 5, 1, 4), 4),
    ("indexof", ("abcdefg", "cde", 2, -1), 2),
    ("indexof", ("abcdefgabcdefg", "cde", 1, 10, 2), 9),
    ("indexof", ("abcdefgabcdefg", "cde", 1, -1, 3), -1),
    ("has_any_index", ("this is an example", Y(["this", "example"])), 0),
    ("has_any_index", ("this is an example", Y(["not", "example"])), 1),
    ("has_any_index", ("this is an example", Y(["not", "found"])), -1),
    ("has_any_index", ("this is an example", Y([])), -1),
    ("translate", ("abc", "x", "abc"), "xxx"),
    ("translate", ("abc", "", "ab"), ""),
    ("translate", ("krasp", "otsku", "spark"), "kusto"),
    ("unicode_codepoints_from_string", ("Kusto",), [75, 117, 115, 116, 111]),
    ("unicode_codepoints_to_string", (75, 10, 117), "K\nu"),
    ("unicode_codepoints_to_string", (Y([75, 117, 115, 116, 111]),), "Kusto"),
    ("punycode_from_string", ("académie-française",), "acadmie-franaise-npb1a"),
    ("punycode_to_string", ("acadmie-franaise-npb1a",), "académie-française"),
    ("punycode_domain_from_string", ("xn--Ge-mia.Bulg.edu",), "Gáe.Bulg.edu"),
    ("parse_command_line", ('echo "hello world!"', "windows"), ["echo", "hello world!"]),
    ("parse_command_line", (r'a.exe "c:\dir\\" x\"y', "windows"), ["a.exe", "c:\\dir\\", 'x"y']),
    ("parse_csv", ('aa,"b,b,b",cc,"Escaping quotes: ""Title""","line1\nline2"',),
     ["aa", "b,b,b", "cc", 'Escaping quotes: "Title"', "line1\nline2"]),
    ("parse_csv", ("record1,a,b,c\nrecord2,x,y,z",), ["record1", "a", "b", "c"]),
]


@pytest.mark.parametrize("name,args,expected", CASES)
def test_documented_values(name, args, expected):
    assert ev(name, *args) == expected


def test_parse_url_fields():
    got = ev("parse_url", "scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment")
    assert got == {"Scheme": "scheme", "Host": "host", "Port": "1234", "Path": "/this/is/a/path",
                   "Username": "username", "Password": "password",
                   "Query Parameters": {"k1": "v1", "k2": "v2"}, "Fragment": "fragment"}
    assert ev("parse_url", "not a url")["Host"] == ""


def test_parse_path_forms():
    assert ev("parse_path", r"C:\temp\file.txt") == {
        "Scheme": "", "RootPath": "C:", "DirectoryPath": "C:\\temp", "DirectoryName": "temp",
        "Filename": "file.txt", "Extension": "txt", "AlternateDataStreamName": ""}
    got = ev("parse_path", "file://C:/temp/file.txt:some.exe")
    assert (got["Scheme"], got["RootPath"], got["DirectoryPath"], got["Filename"],
            got["AlternateDataStreamName"]) == ("file", "C:", "C:/temp", "file.txt", "some.exe")
    got = ev("parse_path", r"\\shared\users\temp\file.txt.gz")
    assert (got["DirectoryPath"], got["DirectoryName"], got["Extension"]) == (
        "\\\\shared\\users\\temp", "temp", "gz")
    assert ev("parse_path", "/usr/lib/temp/file.txt")["DirectoryPath"] == "/usr/lib/temp"


def test_parse_xml():
    got = ev("parse_xml", '<IpRange Subnet="10.0.0.0/8"><Name>x</Name></IpRange>')
    assert got == {"IpRange": {"@Subnet": "10.0.0.0/8", "Name": "x"}}
    assert ev("parse_xml", "<bad") is None


def test_parse_version_orders_versions():
    a = ev("parse_version", "1.2.3.4")
    b = ev("parse_version", "1.2.3.5")
    c = ev("parse_version", "0.2")
    assert a < b and c < a
    assert ev("parse_version", "x.y") is None


@pytest.mark.parametrize("name,args", [
    ("substring", (Typed(None, "dynamic"), 1)), ("tolower", (Typed(None, "dynamic"),)),
    ("strcat", (Typed(None, "long"),)), ("extract", ("(x)", 1, "abc")),
    ("replace_regex", ("", "x", "y")), ("trim", ("x", Typed(None, "dynamic"))),
    ("url_decode", (Typed(None, "dynamic"),)), ("parse_ipv6", ("bad",)),
])
def test_string_results_are_never_null(name, args):
    assert ev(name, *args) == ""


def test_dynamic_argument_where_string_expected():
    assert ev("tolower", Y("ABC")) == "abc"
    assert ev("split", Y("a,b"), ",") == ["a", "b"]
    assert ev("strlen", Y({"a": 1})) == len('{"a":1}')


@pytest.mark.parametrize("text,term,expected", [
    ("North America", "america", True), ("North America", "amer", False),
    ("KustoExplorerQueryRun", "Explorer", False), ("C:\\Windows\\cmd.exe /c whoami", "cmd.exe", True),
    ("C:\\Windows\\cmd.exe /c whoami", "md.exe", False),
    ("powershell -EncodedCommand AAA", "-encodedcommand", True),
])
def test_has_macro_and_regex_agree(text, term, expected):
    from hunt.sqlgen.dialect import string_literal as lit
    assert sql_value(f"kql_has({lit(text)}, {lit(term)})") is expected
    assert sql_value(f"regexp_matches({lit(text)}, {lit(has_regex(term))})") is expected


def test_has_prefix_suffix_cs_macros():
    assert sql_value("kql_hasprefix('North America', 'ame')") is True
    assert sql_value("kql_hassuffix('North America', 'ica')") is True
    assert sql_value("kql_has_cs('North America', 'america')") is False
    assert sql_value("kql_hasprefix_cs('North America', 'Ame')") is True
    assert sql_value("kql_hassuffix_cs('North America', 'ICA')") is False


def test_has_any_regex():
    from hunt.sqlgen.dialect import string_literal as lit
    rx = has_any_regex(["cmd.exe", "powershell"])
    assert sql_value(f"regexp_matches('run PowerShell now', {lit(rx)})") is True
    assert sql_value(f"regexp_matches('xcmd.exe', {lit(rx)})") is False
    rx = has_any_regex(["-enc", "abc"], case_sensitive=True)
    assert sql_value(f"regexp_matches('x -enc y', {lit(rx)})") is True
    assert sql_value(f"regexp_matches('x ABC y', {lit(rx)})") is False


def test_extract_rejects_missing_group():
    from hunt.errors import KqlError
    with pytest.raises(KqlError):
        translate("extract", "(a)", 2, "abc")


def test_parse_user_agent_common_browsers():
    ua = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/74.0.3729.169 Safari/537.36")
    got = ev("parse_user_agent", ua, "browser,os")
    assert got["Browser"]["Family"] == "Chrome" and got["Browser"]["MajorVersion"] == "74"
    assert got["OperatingSystem"]["Family"] == "Windows"
    assert "Device" not in got
