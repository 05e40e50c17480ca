"""Load a corpus: a folder of text files and tables, or one table file.

Text documents are `NAME.mt.txt` (or `NAME.mt.SYSTEM.txt` for several
systems), with optional `NAME.ref.txt` and `NAME.src.txt` beside them. Tables
(`.tsv`, `.csv`, `.jsonl`, `.parquet`) have one row per segment with columns
`doc`, `segment`, `mt` and optional `system`, `ref`, `src`; other columns are
carried through to the reports. `segment` is the user's id for the row, kept
as text, so reports join back to the table.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..glossary import is_glossary_file
from .cells import mapped_cells
from ..model import DEFAULT_SYSTEM, Document, TextLine
from ..report.outputs import OutputSkip
from . import po, tmx
from .xliff import document_name as xliff_document_name
from .xliff import is_xliff_file, is_xliff_reference, load_xliff_document
from .xliff import mt_beside as xliff_mt_beside
from .xliff import reference_beside as xliff_reference_beside

TABLE_SUFFIXES = {".tsv", ".csv", ".jsonl", ".parquet"}
REQUIRED_COLUMNS = ("doc", "segment", "mt")
KNOWN_COLUMNS = {"doc", "segment", "mt", "system", "ref", "src"}
TEXT_COLUMNS = ("mt", "ref", "src")
ID_COLUMNS = ("doc", "segment", "system")
# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BYTE_ORDER_MARKS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# DOTALL and fullmatch: a file name may contain a newline, and `$` would also match before one.
_TEXT_FILE = re.compile(r"(?P<name>.+)\.(?P<role>mt|ref|src)(?:\.(?P<system>[^.]+))?\.txt", re.DOTALL)
_WHITESPACE = re.compile(r"[ \t\n\r\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A decimal number as people write segment numbers; not `inf`, `nan` or `1_000`, which float() also reads.
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


@dataclass
class Corpus:
    documents: list[Document]
    warnings: list[str] = field(default_factory=list)
    root: Path = Path(".")
    from_table_file: bool = False
    # Folders whose glossaries belong to the documents: the folders given and those of the files given.
    glossary_folders: list[Path] = field(default_factory=list)


def load_corpus(
    path: Path | Sequence[Path], skip: Iterable[Path] = (), languages: tuple[str | None, str | None] = (None, None)
) -> Corpus:
    """Read every document under `path`: a folder (searched recursively), one file, or several of either.

    A document file brings the rest of its document: `NAME.mt.txt` its
    `NAME.ref.txt` and `NAME.src.txt` (and the reverse), `NAME.tmx` its
    `NAME.ref.tmx`, `NAME.po` its `NAME.ref.po`. Documents are named by their
    path relative to the folder given, or to the folder the given paths share.
    `languages` is the (source, target) pair chosen in TMX files. mtcheck's
    own outputs are never read: the files in `skip` (this run's destinations)
    and those an earlier run listed in its `.mtcheck-output`.
    """
    paths = [Path(path)] if isinstance(path, (str, os.PathLike)) else [Path(item) for item in path]
    if not paths:
        raise InputError(Path("."), "no corpus path given")
    for item in paths:
        if not item.exists():
            raise InputError(item, "no such file or folder")
    if len(paths) == 1 and paths[0].is_file() and paths[0].suffix.lower() in TABLE_SUFFIXES:
        documents = load_table(paths[0], display=paths[0].name)
        return Corpus(documents=_require_documents(documents, paths[0]), root=paths[0].parent, from_table_file=True)

    root = common_folder(paths)
    collector = _Collector(root, OutputSkip(skip), languages)
    for item in paths:
        if item.is_dir():
            collector.add_folder(item)
        else:
            collector.add_file(item)
    collector.warn_unread()
    documents = _require_documents(collector.documents(), paths[0] if len(paths) == 1 else root)
    _check_unique(documents)
    only_tables = all(item.is_file() and item.suffix.lower() in TABLE_SUFFIXES for item in paths)
    return Corpus(
        documents=sorted(documents, key=lambda d: (d.system, d.doc)),
        warnings=collector.warnings,
        root=root,
        from_table_file=only_tables,
        glossary_folders=[] if only_tables else collector.folders,
    )


def common_folder(paths: Sequence[Path]) -> Path:
    """The folder given, or the deepest folder that holds every path given (a file counts as its folder)."""
    folders = [item if item.is_dir() else item.parent for item in paths]
    if len(folders) == 1:
        return folders[0]
    absolute = [os.path.abspath(folder) for folder in folders]
    common = Path(os.path.commonpath(absolute))
    try:
        return common.relative_to(Path.cwd())  # as the user wrote the paths, for messages
    except ValueError:
        return common


# What mtcheck reads, for the messages that say so.
READ_FORMS = (
    "NAME.mt.txt files (with optional NAME.ref.txt, NAME.src.txt), tables (.tsv, .csv, .jsonl, .parquet) "
    "with columns doc, segment, mt, XLIFF files (NAME.xlf, NAME.ref.xlf) with targets, TMX files (NAME.tmx) "
    "and PO files (NAME.po)"
)
# Documents people keep beside a corpus that mtcheck does not read: said once, not skipped silently.
UNREAD_DOCUMENT_SUFFIXES = frozenset(
    {".docx", ".doc", ".odt", ".rtf", ".pdf", ".html", ".htm", ".srt", ".vtt", ".txt", ".xlsx", ".ods"}
)


class _Collector:
    """The corpus files of the paths given, each read once, grouped into documents."""

    def __init__(self, root: Path, is_output: OutputSkip, languages: tuple[str | None, str | None]):
        self.root = root
        self.is_output = is_output
        self.languages = languages
        self.warnings: list[str] = []
        self.folders: list[Path] = []  # whose glossaries apply: each folder given, each given file's folder
        self._seen: set[Path] = set()
        self._tables: list[Document] = []
        self._structured: list[Document] = []  # TMX and PO documents
        self._text_files: dict[str, dict[str, Path]] = defaultdict(dict)
        self._unread: list[Path] = []  # documents of formats mtcheck does not read (.docx, .pdf, ...)

    def _first_time(self, file: Path) -> bool:
        resolved = file.resolve()
        if resolved in self._seen:
            return False
        self._seen.add(resolved)
        return True

    def _relative(self, file: Path) -> Path:
        try:
            return Path(os.path.relpath(file, self.root))
        except ValueError:  # another drive on Windows
            return Path(file.name)

    def _add_folder_of_glossaries(self, folder: Path) -> None:
        if folder not in self.folders:
            self.folders.append(folder)

    def add_folder(self, folder: Path) -> None:
        self._add_folder_of_glossaries(folder)
        for file in sorted(folder.rglob("*")):
            relative = file.relative_to(folder)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if not file.is_file():
                if file.is_symlink() and not file.exists():
                    self.warnings.append(f"{file}: {_broken_link(file)}; skipped")
                continue
            if is_glossary_file(file) or self.is_output(file):
                continue
            if not self._add(file, given=False) and file.suffix.lower() in UNREAD_DOCUMENT_SUFFIXES:
                self._unread.append(file)

    def warn_unread(self) -> None:
        """Documents in formats mtcheck does not read, named once: a .docx left in the folder is not checked."""
        if not self._unread:
            return
        shown = ", ".join(str(self._relative(file)) for file in self._unread[:5])
        more = f" and {len(self._unread) - 5} more" if len(self._unread) > 5 else ""
        self.warnings.append(
            f"{len(self._unread)} file(s) in a format mtcheck does not read were skipped: {shown}{more}; "
            f"it reads {READ_FORMS}"
        )

    def add_file(self, file: Path) -> None:
        self._add_folder_of_glossaries(file.parent)
        if is_glossary_file(file) or self.is_output(file):
            self.warnings.append(f"{file}: a glossary or an mtcheck output, not a corpus file; skipped")
            return
        if not self._add(file, given=True):
            raise InputError(file, f"not a corpus file: mtcheck reads {READ_FORMS}")

    def _add(self, file: Path, given: bool) -> bool:
        """Take one file (and, when the user named it, the rest of its document); False if it is no corpus file."""
        if file.suffix.lower() in TABLE_SUFFIXES:
            if self._first_time(file):
                self._tables.extend(load_table(file, display=self._relative(file).as_posix()))
            return True
        if tmx.is_tmx_file(file) or po.is_po_file(file) or po.is_po_template(file):
            self._add_structured(file, given)
            return True
        if is_xliff_file(file):
            self._add_xliff(file, given)
            return True
        match = _TEXT_FILE.fullmatch(file.name)
        if not match:
            return False
        if given:
            # The rest of the document: its MT file(s), reference and source.
            for sibling in sorted(file.parent.iterdir()):
                other = _TEXT_FILE.fullmatch(sibling.name)
                if other and other["name"] == match["name"] and sibling.is_file() and not self.is_output(sibling):
                    self._add_text_file(sibling, other)
        else:
            self._add_text_file(file, match)
        return True

    def _add_text_file(self, file: Path, match: re.Match) -> None:
        if not self._first_time(file):
            return
        doc_id = (self._relative(file).parent / match["name"]).as_posix()
        role = match["role"]
        system = match["system"] if role == "mt" and match["system"] else DEFAULT_SYSTEM
        if role != "mt" and match["system"]:
            raise InputError(file, f"only MT files carry a system name; name it {match['name']}.{role}.txt")
        key = f"mt:{system}" if role == "mt" else role
        self._text_files[doc_id][key] = file

    def _add_structured(self, file: Path, given: bool) -> None:
        if po.is_po_template(file):
            if given:
                raise po.refuse_template(file)
            self.warnings.append(f"{file}: a PO template has no MT; skipped")
            return
        kind = tmx if tmx.is_tmx_file(file) else po
        if tmx.is_tmx_reference(file) or po.is_po_reference(file):
            mt_file = kind.mt_for_reference(file)
            if not mt_file.is_file():
                self.warnings.append(f"{file}: no MT file '{mt_file.name}' beside it; ignored")
                return
            if not given:
                return  # read with its MT file
            file = mt_file
        if not self._first_time(file):
            return
        suffix = tmx.TMX_SUFFIX if kind is tmx else po.PO_SUFFIX
        relative = self._relative(file)
        doc_id = (relative.parent / relative.name[: -len(suffix)]).as_posix()
        if kind is tmx:
            document, notes = tmx.load_tmx(file, doc_id, self.languages)
        else:
            document, notes = po.load_po(file, doc_id)
        self._structured.append(document)
        self.warnings.extend(notes)

    def _add_xliff(self, file: Path, given: bool) -> None:
        if is_xliff_reference(file):
            mt_file = next((candidate for candidate in xliff_mt_beside(file) if candidate.is_file()), None)
            if mt_file is None:
                if given:
                    raise InputError(file, f"a reference file, and no MT file '{xliff_document_name(file)}{file.suffix}' beside it")
                self.warnings.append(f"{file}: no MT file '{xliff_document_name(file)}{file.suffix}' beside it; ignored")
                return
            if not given:
                return  # read with its MT file
            file = mt_file
        if not self._first_time(file):
            return
        relative = self._relative(file)
        doc_id = (relative.parent / xliff_document_name(file)).as_posix()
        document, notes = load_xliff_document(doc_id, file, xliff_reference_beside(file))
        self.warnings.extend(notes)
        if document is not None:
            self._structured.append(document)

    def documents(self) -> list[Document]:
        documents = [*self._tables, *self._structured]
        for doc_id, roles in sorted(self._text_files.items()):
            mt_keys = sorted(key for key in roles if key.startswith("mt:"))
            if not mt_keys:
                for role in ("ref", "src"):
                    if role in roles:
                        self.warnings.append(f"{roles[role]}: no MT file '{doc_id}.mt.txt' beside it; ignored")
                continue
            ref_path = roles.get("ref")
            src_path = roles.get("src")
            ref_lines = read_lines(ref_path) if ref_path else None
            src_lines = read_lines(src_path) if src_path else None
            for key in mt_keys:
                mt_path = roles[key]
                documents.append(
                    Document(
                        system=key.split(":", 1)[1],
                        doc=doc_id,
                        mt_path=mt_path,
                        mt_lines=read_lines(mt_path),
                        ref_lines=ref_lines,
                        src_lines=src_lines,
                        ref_path=ref_path,
                        src_path=src_path,
                    )
                )
        return documents


def _broken_link(link: Path) -> str:
    """Why a symbolic link leads nowhere: a missing target or a loop."""
    try:
        target = f" to '{os.readlink(link)}'"
    except OSError:
        target = ""
    try:
        link.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a loop this way
        return f"symbolic link{target} that loops back on itself"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return f"symbolic link{target} that loops back on itself"
    return f"symbolic link{target}, which does not exist"


def _require_documents(documents: list[Document], path: Path) -> list[Document]:
    if not documents:
        raise InputError(
            path,
            f"no MT documents found: mtcheck reads {READ_FORMS}",
        )
    return documents


def _check_unique(documents: list[Document]) -> None:
    seen: dict[tuple[str, str], Path] = {}
    for document in documents:
        key = (document.system, document.doc)
        if key in seen:
            raise InputError(document.mt_path, f"document '{document.doc}' of system '{document.system}' also comes from {seen[key]}")
        seen[key] = document.mt_path


def decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 or UTF-32 with BOM; anything else is an error naming the line.

    A NUL anywhere in the text means a binary or corrupted file (or UTF-16/32
    without its byte-order mark): never text that could be checked.
    """
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                text = data.decode(encoding)  # the codec reads and drops the mark
            except UnicodeDecodeError as error:
                raise InputError(
                    path, f"not valid {encoding.upper()} ({error.reason} at byte offset {error.start})"
                ) from error
            nul = text.find("\x00")
            if nul >= 0:
                line = text.count("\n", 0, nul) + 1
                column = nul - (text.rfind("\n", 0, nul) + 1) + 1
                raise InputError(
                    path, f"a NUL character at character {column} of the line: a binary or corrupted file", line=line
                )
            return text
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(
            path,
            f"a NUL byte at byte offset {nul}: a binary or corrupted file, "
            "or UTF-16/UTF-32 without a byte-order mark (save it as UTF-8)",
            line=line,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problem = "ends in the middle of a character" if error.reason == "unexpected end of data" else f"byte 0x{data[error.start]:02x}"
        raise InputError(
            path,
            f"not valid UTF-8 ({problem}, byte offset {error.start}); save the file as UTF-8",
            line=line,
        ) from error


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}") from error
    return decode(path, data)


def normalise_line(text: str) -> str:
    """NFC, no zero-width or control characters, single spaces, no leading or trailing space."""
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub(" ", text)
    return _WHITESPACE.sub(" ", text).strip()


def split_lines(text: str) -> list[TextLine]:
    """Non-empty lines with their 1-based line numbers (CRLF and CR count as one break)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    result = []
    for number, raw in enumerate(lines, start=1):
        clean = normalise_line(raw)
        if clean:
            result.append(TextLine(number, clean))
    return result


def read_lines(path: Path) -> list[TextLine]:
    lines = split_lines(read_text(path))
    if not lines:
        raise InputError(path, "the file is empty")
    return lines


# --- tables -----------------------------------------------------------------


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
        found = _LINE_BREAK.search(text, offset)
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
