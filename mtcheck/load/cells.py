"""Where each character of a table's `mt` cell stands in the file, for CI annotations.

A finding's column must count from the start of the file's line, not of the
cell: GitHub, GitLab and SARIF put their marks there. Each reader below walks
the raw text the way its format is written (tabs; CSV quoting with `""`
escapes and cells spanning lines; JSON string escapes) and gives the `mt`
cell of every record as a `MappedText`, the same position map the PO and TMX
readers use. Keys are the line on which each record starts, as the table
readers number rows.
"""

from __future__ import annotations

import json
import re

from ..model import TextLine
from .mapped import MappedText


def mapped_cells(suffix: str, text: str, column: str = "mt") -> dict[int, TextLine]:
    """{record's first line: the cell `column` as a TextLine with origins} for a .tsv, .csv or .jsonl text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if suffix == ".tsv":
        return _tsv(text, column)
    if suffix == ".jsonl":
        return _jsonl(text, column)
    if suffix == ".csv":
        return _csv(text, column)
    return {}


def _tsv(text: str, column: str) -> dict[int, TextLine]:
    lines = text.split("\n")
    header = [name.strip() for name in lines[0].split("\t")]
    if column not in header:
        return {}
    index = header.index(column)
    cells = {}
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != len(header):
            continue
        start = sum(len(field) + 1 for field in fields[:index])
        mapped = MappedText(number, start)
        mapped.add(fields[index], number, start)
        cells[number] = mapped.text_line()
    return cells


def _csv(text: str, column: str) -> dict[int, TextLine]:
    """Scans CSV as Python's reader does (excel dialect): a quote opens a field only at its start."""
    records: list[tuple[int, list[MappedText]]] = []
    line, col, i = 1, 0, 0
    fields: list[MappedText] = []
    record_line = 1
    at_field_start = True
    quoted = False
    current = MappedText(line, col)
    while i < len(text):
        char = text[i]
        if at_field_start:
            current = MappedText(line, col)
            at_field_start = False
            if char == '"':
                quoted = True
                i, col = i + 1, col + 1
                continue
        if quoted:
            if char == '"':
                if text[i + 1 : i + 2] == '"':
                    current.add_at('"', line, col)  # "" stands for one quote, at the first one
                    i, col = i + 2, col + 2
                    continue
                quoted = False
                i, col = i + 1, col + 1
                continue
            current.add(char, line, col)
            if char == "\n":
                line, col = line + 1, 0
            else:
                col += 1
            i += 1
            continue
        if char == ",":
            fields.append(current)
            at_field_start = True
            i, col = i + 1, col + 1
            continue
        if char == "\n":
            fields.append(current)
            records.append((record_line, fields))
            fields, at_field_start = [], True
            line, col, i = line + 1, 0, i + 1
            record_line = line
            continue
        current.add(char, line, col)
        i, col = i + 1, col + 1
    if not at_field_start or fields:
        fields.append(current)
        records.append((record_line, fields))
    if not records:
        return {}
    header = [field.raw.strip() for field in records[0][1]]
    if column not in header:
        return {}
    index = header.index(column)
    return {start: fields[index].text_line() for start, fields in records[1:] if len(fields) == len(header)}


_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _jsonl(text: str, column: str) -> dict[int, TextLine]:
    cells = {}
    key = json.dumps(column)
    for number, line in enumerate(text.split("\n"), start=1):
        mapped = _top_level_string(line, key, number)
        if mapped is not None:
            cells[number] = mapped.text_line()
    return cells


_SPACE = re.compile(r"\s*")


def _top_level_string(line: str, key: str, number: int) -> MappedText | None:
    """The string value of `key` (JSON-quoted) in the object on this line, each character at its column."""
    depth, i = 0, 0
    expecting_key = False
    while i < len(line):
        char = line[i]
        if char == '"':
            end = _string_end(line, i)
            if depth == 1 and expecting_key and line[i:end] == key:
                after = _SPACE.match(line, end).end()
                if line[after : after + 1] == ":":
                    value = _SPACE.match(line, after + 1).end()
                    if line[value : value + 1] == '"':
                        return _decode(line, value, number)
                    return None
            expecting_key = False
            i = end
            continue
        if char in "{[":
            depth += 1
            expecting_key = char == "{"
        elif char in "}]":
            depth -= 1
        elif char == ",":
            expecting_key = True
        i += 1
    return None


def _string_end(line: str, start: int) -> int:
    """The index just past the JSON string that opens at `start`."""
    i = start + 1
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line[i] == '"':
            return i + 1
        i += 1
    return len(line)


def _decode(line: str, start: int, number: int) -> MappedText:
    """The JSON string opening at `start`, each decoded character at the column of its escape or itself."""
    mapped = MappedText(number, start + 1)
    i = start + 1
    while i < len(line) and line[i] != '"':
        if line[i] == "\\" and i + 1 < len(line):
            escape = line[i + 1]
            if escape == "u":
                code = int(line[i + 2 : i + 6], 16)
                width = 6
                if 0xD800 <= code < 0xDC00 and line[i + 6 : i + 8] == "\\u":
                    low = int(line[i + 8 : i + 12], 16)
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    width = 12
                mapped.add_at(chr(code), number, i)
                i += width
                continue
            mapped.add_at(_ESCAPES.get(escape, escape), number, i)
            i += 2
            continue
        mapped.add_at(line[i], number, i)
        i += 1
    return mapped
