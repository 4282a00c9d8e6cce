"""A small user-agent parser for parse_user_agent(ua, "browser,os,device"): the common
browser, OS and device families, in Kusto's output shape. Not a full ua-parser database."""
from __future__ import annotations

import re

_BROWSERS = [  # (regex, family); order matters: the first match wins
    (r"Edg(?:e|A|iOS)?/(\d+)(?:\.(\d+))?(?:\.(\d+))?", "Edge"),
    (r"OPR/(\d+)(?:\.(\d+))?(?:\.(\d+))?", "Opera"),
    (r"SamsungBrowser/(\d+)(?:\.(\d+))?", "Samsung Internet"),
    (r"Firefox/(\d+)(?:\.(\d+))?(?:\.(\d+))?", "Firefox"),
    (r"(?:Chrome|CriOS)/(\d+)(?:\.(\d+))?(?:\.(\d+))?", "Chrome"),
    (r"Version/(\d+)(?:\.(\d+))?(?:\.(\d+))?.*Safari/", "Safari"),
    (r"MSIE (\d+)(?:\.(\d+))?", "IE"),
    (r"Trident/.*rv:(\d+)(?:\.(\d+))?", "IE"),
    (r"curl/(\d+)(?:\.(\d+))?(?:\.(\d+))?", "curl"),
    (r"python-requests/(\d+)(?:\.(\d+))?(?:\.(\d+))?", "Python Requests"),
    (r"PowerShell/(\d+)(?:\.(\d+))?(?:\.(\d+))?", "PowerShell"),
]
_OS = [
    (r"Windows NT 10\.0", "Windows", ("10",)),
    (r"Windows NT 6\.3", "Windows", ("8", "1")),
    (r"Windows NT 6\.2", "Windows", ("8",)),
    (r"Windows NT 6\.1", "Windows", ("7",)),
    (r"Windows NT 6\.0", "Windows", ("Vista",)),
    (r"Windows NT 5\.1", "Windows", ("XP",)),
    (r"Android (\d+)(?:\.(\d+))?(?:\.(\d+))?", "Android", None),
    (r"(?:iPhone|CPU) OS (\d+)(?:_(\d+))?(?:_(\d+))?", "iOS", None),
    (r"Mac OS X (\d+)(?:[_.](\d+))?(?:[_.](\d+))?", "Mac OS X", None),
    (r"CrOS", "Chrome OS", ()),
    (r"Linux", "Linux", ()),
]
_DEVICES = [(r"iPhone", "iPhone", "Apple", "iPhone"), (r"iPad", "iPad", "Apple", "iPad"),
            (r"Macintosh", "Mac", "Apple", "Mac"), (r"Android.*; ([^;)]+) Build", None, "Generic_Android", None)]


def _version(groups):
    g = [x for x in (list(groups) + [None] * 4)[:4]]
    return {"MajorVersion": g[0] or "", "MinorVersion": g[1] or "", "Patch": g[2] or "",
            "PatchMinor": g[3] or ""}


def parse(ua: str, kinds: str) -> dict:
    want = {k.strip().lower() for k in kinds.split(",")}
    out = {}
    if "browser" in want:
        b = {"Family": "Other", **_version(())}
        for rx, fam in _BROWSERS:
            m = re.search(rx, ua)
            if m:
                b = {"Family": fam, **_version(m.groups())}
                break
        out["Browser"] = b
    if "os" in want:
        o = {"Family": "Other", **_version(())}
        for rx, fam, ver in _OS:
            m = re.search(rx, ua)
            if m:
                o = {"Family": fam, **_version(ver if ver is not None else m.groups())}
                break
        out["OperatingSystem"] = o
    if "device" in want:
        d = {"Family": "Other", "Brand": "", "Model": ""}
        for rx, fam, brand, model in _DEVICES:
            m = re.search(rx, ua)
            if m:
                name = fam or m.group(1).strip()
                d = {"Family": name, "Brand": brand, "Model": model or name}
                break
        out["Device"] = d
    return out
