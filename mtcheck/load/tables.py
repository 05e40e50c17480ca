"""Reading tables: `.tsv`, `.csv`, `.jsonl` and `.parquet` files with one row per segment.

Columns `doc`, `segment`, `mt` and optional `system`, `ref`, `src`; other columns
are carried through to the reports. `segment` is the user's id for the row, kept
as text, so reports join back to the table.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from pathlib import Path

from ..errors import InputError
from ..model import DEFAULT_SYSTEM, Document, TextLine
from .cells import mapped_cells
from .text import LINE_BREAK, normalise_line, read_text

TABLE_SUFFIXES = {".tsv", ".csv", ".jsonl", ".parquet"}
REQUIRED_COLUMNS = ("doc", "segment", "mt")
KNOWN_COLUMNS = {"doc", "segment", "mt", "system", "ref", "src"}
TEXT_COLUMNS = ("mt", "ref", "src")
ID_COLUMNS = ("doc", "segment", "system")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def load_table(path: Path, display: str) -> list[Document]:
    rows, mapped = _read_rows(path)
    if not rows:
        raise InputError(path, "the table has no rows")
    columns = list(rows[0][1].keys())
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise InputError(
            path,
            f"missing column(s) {', '.join(missing)}; found {', '.join(columns) or 'none'} "
            f"(a table needs {', '.join(REQUIRED_COLUMNS)} and may have system, ref, src)",
        )
    extra_names = [column for column in columns if column not in KNOWN_COLUMNS]
    grouped: dict[tuple[str, str], list[tuple[str, int, dict[str, str]]]] = defaultdict(list)
    for line_number, row in rows:
        doc = normalise_line(row.get("doc", ""))
        if not doc:
            raise InputError(path, "empty 'doc'", line=line_number, column="doc")
        # The id is the user's key for the row, kept as written: numbers, `s-10`, `intro.3`, XLIFF unit ids.
        segment = normalise_line(row.get("segment", ""))
        if not segment:
            raise InputError(path, "empty 'segment' (each row needs its segment id)", line=line_number, column="segment")
        system = normalise_line(row.get("system", "")) or DEFAULT_SYSTEM
        grouped[(system, doc)].append((segment, line_number, row))

    documents = []
    for (system, doc), entries in sorted(grouped.items()):
        first_line: dict[str, int] = {}
        for segment, line_number, _ in entries:
            if segment in first_line:
                raise InputError(
                    path,
                    f"segment '{segment}' of doc '{doc}' (system '{system}') appears twice (first on line {first_line[segment]})",
                    line=line_number,
                )
            first_line[segment] = line_number
        entries = order_segments(entries)
        mt_lines, ref_lines, src_lines, extras = [], [], [], []
        for _, line_number, row in entries:
            mt_text = normalise_line(row.get("mt", ""))
            cell = mapped.get(line_number)
            mt_lines.append(cell if cell is not None and cell.text == mt_text else TextLine(line_number, mt_text))
            ref_lines.append(TextLine(line_number, normalise_line(row.get("ref", ""))))
            src_lines.append(TextLine(line_number, normalise_line(row.get("src", ""))))
            extras.append({name: row.get(name, "") for name in extra_names})
        documents.append(
            Document(
                system=system,
                doc=doc,
                mt_path=path,
                mt_lines=mt_lines,
                ref_lines=ref_lines if any(line.text for line in ref_lines) else None,
                src_lines=src_lines if any(line.text for line in src_lines) else None,
                ref_path=path,
                src_path=path,
                presegmented=True,
                extra_columns=extras if extra_names else [],
                segment_ids=[segment for segment, _, _ in entries],
            )
        )
    return documents


def order_segments(entries: list[tuple[str, int, dict[str, str]]]) -> list[tuple[str, int, dict[str, str]]]:
    """A document's rows in numeric order of their ids when every id is a number, else in file order.

    Tables written by WMT tools and spreadsheets are not always sorted, and
    numbered ids sort as numbers (2 before 10). Ids that are not all numbers
    (`s-10`, `intro.3`) have no order mtcheck could know, so the file's stands.
    """
    if all(_NUMBER.match(segment) for segment, _, _ in entries):
        return sorted(entries, key=lambda entry: float(entry[0]))  # stable: equal values keep file order
    return list(entries)


def read_plain_table(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and rows of a side table (labels, an earlier flags.csv), read as corpus tables are.

    A `.csv` follows CSV quoting; anything else is plain tab-separated lines
    with no quote processing. Rows are (line number, {column: text}).
    """
    text = read_text(path)
    if not text.strip():
        raise InputError(path, "the file is empty")
    if path.suffix.lower() == ".csv":
        rows = _read_csv(path, text)
        header = next(csv.reader(io.StringIO(text, newline="")))
    else:
        rows = _read_tsv(path, text)
        header = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[0].split("\t")
    return [name.strip() for name in header], rows


def _read_rows(path: Path) -> tuple[list[tuple[int, dict[str, str]]], dict[int, TextLine]]:
    """Rows as (line number in the file, {column: text}), and each row's `mt` cell with where its
    characters stand in the file, so CI marks land on them (parquet has no lines: none)."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _read_parquet(path), {}
    text = read_text(path)
    if not text.strip():
        raise InputError(path, "the file is empty")
    readers = {".jsonl": _read_jsonl, ".tsv": _read_tsv}
    rows = readers.get(suffix, _read_csv)(path, text)
    return rows, mapped_cells(suffix if suffix in readers else ".csv", text)


def _read_tsv(path: Path, text: str) -> list[tuple[int, dict[str, str]]]:
    # Plain tab-separated lines, no quote processing: the way sacrebleu and WMT
    # tools write them, and news text is full of quotation marks.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header = [name.strip() for name in lines[0].split("\t")]
    _check_header(path, header)
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            raise InputError(path, f"expected {len(header)} tab-separated fields, found {len(cells)}", line=number)
        rows.append((number, dict(zip(header, cells))))
    return rows


def _read_csv(path: Path, text: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise InputError(path, "the file is empty") from None
    except csv.Error as error:
        raise csv_error(path, text, error, record_line=1, error_line=reader.line_num) from error
    _check_header(path, header)
    rows = []
    while True:
        start_line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise csv_error(path, text, error, record_line=start_line, error_line=reader.line_num) from error
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise InputError(path, f"expected {len(header)} fields, found {len(cells)}", line=start_line)
        rows.append((start_line, dict(zip(header, cells))))
    return rows


def csv_error(path: Path, text: str, error: csv.Error, record_line: int, error_line: int) -> InputError:
    """A malformed-CSV error at the line a user can fix.

    A quote that is never closed makes the reader run to the end of the file,
    so its own line number names the end; the line where the quote opens is
    the one to fix.
    """
    opened = _unclosed_quote_line(text, record_line) if "unexpected end of data" in str(error) else None
    if opened is not None:
        return InputError(path, "malformed CSV: a quoted field that starts on this line is never closed", line=opened)
    return InputError(path, f"malformed CSV: {error}", line=error_line)


def _unclosed_quote_line(text: str, first_line: int) -> int | None:
    """The line on which a quoted field opens that is still open at the end of `text`, if any.

    Scans from the start of line `first_line` with the CSV rules Python's
    reader follows: a quote opens a field only at the field's start, and `""`
    inside a quoted field is a quote.
    """
    offset = 0
    for _ in range(first_line - 1):
        found = LINE_BREAK.search(text, offset)
        if found is None:
            return None
        offset = found.end()
    line, position, length = first_line, offset, len(text)
    in_quotes, at_field_start, opened_on = False, True, None
    while position < length:
        char = text[position]
        if char == "\r" or char == "\n":
            if char == "\r" and text.startswith("\n", position + 1):
                position += 1
            line += 1
            at_field_start = not in_quotes
        elif in_quotes:
            if char == '"':
                if text.startswith('"', position + 1):
                    position += 1
                else:
                    in_quotes = False
        elif char == '"' and at_field_start:
            in_quotes, opened_on, at_field_start = True, line, False
        else:
            at_field_start = char == ","
        position += 1
    return opened_on if in_quotes else None


def _read_jsonl(path: Path, text: str) -> list[tuple[int, dict[str, str]]]:
    rows = []
    columns: list[str] = []
    # Only a line feed ends a JSON Lines record: str.splitlines would also split
    # at U+2028, U+0085 and others, which JSON allows inside strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(path, f"not valid JSON: {error.msg} (character {error.colno})", line=number) from error
        except RecursionError:
            raise InputError(path, "JSON nested too deeply to read", line=number) from None
        if not isinstance(record, dict):
            raise InputError(path, f"each line must be a JSON object, not {_json_type(record)}", line=number)
        for key in record:
            if key not in columns:
                columns.append(key)
        rows.append((number, {key: _json_cell(path, number, key, value) for key, value in record.items()}))
    # Keys may differ from line to line; every row gets every column, in first-seen order.
    return [(number, {column: row.get(column, "") for column in columns}) for number, row in rows]


def _read_parquet(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        import pandas as pd

        frame = pd.read_parquet(path)
    except ImportError as error:
        raise InputError(path, "reading .parquet needs pyarrow (pip install pyarrow)") from error
    except Exception as error:  # noqa: BLE001 - any parquet failure means an unreadable file
        raise InputError(path, f"cannot read as parquet: {error}") from error
    records = frame.to_dict(orient="records")
    # Parquet has no lines; number rows like a table with a header line.
    return [(index + 2, {str(key): _cell_text(value) for key, value in record.items()}) for index, record in enumerate(records)]


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return "a string" if isinstance(value, str) else type(value).__name__


def _json_cell(path: Path, line: int, key: str, value) -> str:
    """A JSON value as the text of its column.

    `mt`, `ref` and `src` must be strings (null is empty): anything else has no
    text mtcheck could check. Ids may also be numbers. Extra columns keep
    numbers as written and other values as JSON.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if key in TEXT_COLUMNS:
        raise InputError(path, f"'{key}' must be a string (or null for none), not {_json_type(value)}", line=line, column=key)
    if key in ID_COLUMNS:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _cell_text(value)
        raise InputError(path, f"'{key}' must be a string or a number, not {_json_type(value)}", line=line, column=key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _cell_text(value)
    return json.dumps(value, ensure_ascii=False)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_header(path: Path, header: list[str]) -> None:
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise InputError(path, f"duplicate column(s) {', '.join(duplicates)}", line=1)
