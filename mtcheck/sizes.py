"""Sizes in bytes as a configuration writes them ("500MB", "2GiB"), and the cache's default limit.

Apart from the cache itself so that reading a configuration does not load SQLite.
"""

from __future__ import annotations

import re

# The cache's size limit when the configuration sets none.
DEFAULT_MAX_SIZE = "1GB"

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12, "ki": 2**10, "mi": 2**20, "gi": 2**30, "ti": 2**40}


def parse_size(value: str | int) -> int:
    """Bytes from "500MB", "2 GiB", "0" or a whole number of bytes; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"expected a size such as \"500MB\", got {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"must not be negative, got {value}")
        return value
    match = _SIZE.match(str(value))
    if not match:
        raise ValueError(f"expected a size such as \"500MB\" or \"2GiB\", got {value!r}")
    unit = (match.group(2) or "").lower()
    unit = unit[:-1] if unit.endswith("b") and unit != "b" else unit
    return int(float(match.group(1)) * _UNITS[unit])


def format_size(size: int) -> str:
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} B"
