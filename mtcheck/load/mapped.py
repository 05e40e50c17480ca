"""Text taken out of a structured file (XML inline markup, PO and JSON escapes, CSV quoting), with where each character is.

mtcheck compares plain text, but a finding must point at its place in the
file: each kept character remembers its line and column there, and the same
normalisation as every other input (`normalise_line`) keeps that record. The
TMX, PO and table readers append characters here and get a `TextLine` whose
`PositionMap` (model.py) says where each of them stands.
"""

from __future__ import annotations

import unicodedata

from ..model import PositionMap, TextLine

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_SPACES = frozenset(" \t\n\r\u00a0\u202f\u205f\u3000") | frozenset(chr(c) for c in range(0x2000, 0x200B))


def _is_control(char: str) -> bool:
    code = ord(char)
    return code <= 0x08 or code in (0x0B, 0x0C) or 0x0E <= code <= 0x1F or code == 0x7F


class MappedText:
    """Characters appended with their (line, column) in the file, 1-based lines, 0-based columns."""

    def __init__(self, line: int, column: int):
        self.line, self.column = line, column  # where the element or string starts, for an empty text
        self._chars: list[str] = []
        self._origins: list[tuple[int, int]] = []

    def add(self, text: str, line: int, column: int) -> None:
        """Text that stands in the file as written from (line, column) on (a line feed starts a new line)."""
        for char in text:
            self._chars.append(char)
            self._origins.append((line, column))
            if char == "\n":
                line, column = line + 1, 0
            else:
                column += 1

    def add_at(self, text: str, line: int, column: int) -> None:
        """Text that one construct of the file stands for (an entity, an escape): all of it at (line, column)."""
        for char in text:
            self._chars.append(char)
            self._origins.append((line, column))

    @property
    def raw(self) -> str:
        return "".join(self._chars)

    def text_line(self) -> TextLine:
        """The normalised text, its line (of its first character) and where its characters stand."""
        from . import normalise_line

        chars, origins = _normalised(self._chars, self._origins)
        text = "".join(chars)
        if text != normalise_line(self.raw):  # never compare other text than the plain files would give
            text = normalise_line(self.raw)
            return TextLine(self.line, text, PositionMap.written_at(self.line, self.column, len(text)) if text else None)
        if not text:
            return TextLine(self.line, "")
        positions = PositionMap.from_places(origins)
        return TextLine(positions.start[0], text, positions)


def _normalised(chars: list[str], origins: list[tuple[int, int]]) -> tuple[list[str], list[tuple[int, int]]]:
    chars, origins = _nfc(chars, origins)
    kept: list[str] = []
    kept_origins: list[tuple[int, int]] = []
    for char, origin in zip(chars, origins):
        if char in _ZERO_WIDTH:
            continue
        if _is_control(char) or char in _SPACES:
            if kept and kept[-1] == " ":
                continue  # a run of spaces is one space, at the first one's place
            char = " "
        kept.append(char)
        kept_origins.append(origin)
    while kept and kept[0] == " ":
        kept.pop(0)
        kept_origins.pop(0)
    while kept and kept[-1] == " ":
        kept.pop()
        kept_origins.pop()
    return kept, kept_origins


def _nfc(chars: list[str], origins: list[tuple[int, int]]) -> tuple[list[str], list[tuple[int, int]]]:
    """NFC, a cluster (a starter and the marks after it) at a time: composed characters keep the starter's place."""
    if unicodedata.is_normalized("NFC", "".join(chars)):
        return chars, origins
    out_chars: list[str] = []
    out_origins: list[tuple[int, int]] = []
    index = 0
    while index < len(chars):
        end = index + 1
        while end < len(chars) and (unicodedata.combining(chars[end]) or "\u1160" <= chars[end] <= "\u11ff"):
            end += 1
        for char in unicodedata.normalize("NFC", "".join(chars[index:end])):
            out_chars.append(char)
            out_origins.append(origins[index])
        index = end
    return out_chars, out_origins
