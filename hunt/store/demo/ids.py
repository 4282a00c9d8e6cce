"""Deterministic identifiers: hashes, GUIDs, SIDs and addresses derived from the seed, so
the same seed gives the same tenant. Scalar helpers (one entity at a time) and vectorised
ones (NumPy, for per-event strings)."""
from __future__ import annotations

import hashlib
import ipaddress
import struct

import numpy as np


class Ids:
    """Deterministic values from a seed and a label: `ids.digest("device", 3)`."""

    def __init__(self, seed: int):
        self.seed = int(seed)
        self._prefix = f"{self.seed}|"

    def digest(self, *parts) -> bytes:
        text = self._prefix + "|".join(map(str, parts)) if parts else str(self.seed)
        return hashlib.sha256(text.encode("utf-8")).digest()

    def hex(self, n: int, *parts) -> str:
        out = b""
        i = 0
        while len(out) * 2 < n:
            out += self.digest(*parts, i)
            i += 1
        return out.hex()[:n]

    def guid(self, *parts) -> str:
        h = self.hex(32, "guid", *parts)
        # version 4 / variant 1 nibbles, like a real random GUID
        h = h[:12] + "4" + h[13:16] + "89ab"[int(h[16], 16) % 4] + h[17:]
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"

    def integer(self, lo: int, hi: int, *parts) -> int:
        """Uniform integer in [lo, hi)."""
        v = struct.unpack(">Q", self.digest("int", *parts)[:8])[0]
        return lo + v % max(1, hi - lo)

    def unit(self, *parts) -> float:
        v = struct.unpack(">Q", self.digest("unit", *parts)[:8])[0]
        return (v >> 11) / float(1 << 53)

    def file_hashes(self, *parts) -> tuple[str, str, str]:
        """(SHA1, SHA256, MD5) of a made-up file identity: consistent everywhere it appears."""
        base = self.digest("file", *parts)
        return (hashlib.sha1(base).hexdigest(), hashlib.sha256(base).hexdigest(),
                hashlib.md5(base).hexdigest())

    def public_ip(self, prefixes: list[str], *parts) -> str:
        """An address inside one of the given networks (e.g. '52.96.0.0/12')."""
        base, size = _network(prefixes[self.integer(0, len(prefixes), "pfx", *parts)])
        off = self.integer(1, max(2, size - 1), "host", *parts)
        v = base + off
        return f"{v >> 24 & 255}.{v >> 16 & 255}.{v >> 8 & 255}.{v & 255}"


_NETWORKS: dict = {}


def _network(prefix: str) -> tuple[int, int]:
    """(first address as an int, number of addresses) of an IPv4 network 'a.b.c.d/n'."""
    v = _NETWORKS.get(prefix)
    if v is None:
        net = ipaddress.ip_network(prefix)
        v = _NETWORKS[prefix] = (int(net.network_address), net.num_addresses)
    return v


# -- vectorised string makers -------------------------------------------------------------

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


_HEX2 = np.array([[ord(f"{i:02x}"[0]), ord(f"{i:02x}"[1])] for i in range(256)], dtype=np.uint8)


# the two hex digits of each byte value, as one little-endian uint16 (first digit in the low byte)
_HEX16 = (_HEX2[:, 0].astype(np.uint16) | (_HEX2[:, 1].astype(np.uint16) << 8)).astype("<u2")


def _hex_chars(rng: np.random.Generator, n: int, nchars: int) -> np.ndarray:
    """(n, nchars) uint8 matrix of random lower-case hex digits."""
    nbytes = (nchars + 1) // 2
    raw = np.frombuffer(rng.bytes(n * nbytes), dtype=np.uint8)
    return _HEX16[raw].view(np.uint8).reshape(n, nbytes * 2)[:, :nchars]


def hex_strings(rng: np.random.Generator, n: int, nchars: int):
    """n random lower-case hex strings of nchars characters, as an Arrow string array."""
    return _fixed_width_to_arrow(_hex_chars(rng, n, nchars))


def guid_strings(rng: np.random.Generator, n: int):
    """n random GUID strings (8-4-4-4-12, lower case), as an Arrow string array."""
    chars = _hex_chars(rng, n, 32).copy()
    chars[:, 12] = ord("4")
    chars[:, 16] = np.frombuffer(b"89ab", dtype=np.uint8)[chars[:, 16] & 3]
    out = np.empty((n, 36), dtype=np.uint8)
    out[:, 0:8] = chars[:, 0:8]
    out[:, 8] = ord("-")
    out[:, 9:13] = chars[:, 8:12]
    out[:, 13] = ord("-")
    out[:, 14:18] = chars[:, 12:16]
    out[:, 18] = ord("-")
    out[:, 19:23] = chars[:, 16:20]
    out[:, 23] = ord("-")
    out[:, 24:36] = chars[:, 20:32]
    return _fixed_width_to_arrow(out)


def _fixed_width_to_arrow(chars: np.ndarray):
    """(n, w) uint8 matrix of ASCII → Arrow string array without a Python loop."""
    import pyarrow as pa
    n, w = chars.shape
    data = np.ascontiguousarray(chars).reshape(-1)
    offsets = (np.arange(n + 1, dtype=np.int32) * w)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))


def ipv4_to_str(values) -> list[str]:
    return [str(ipaddress.IPv4Address(int(v))) for v in values]
