"""Load a corpus: a folder of text files and tables, or one table file.

Text documents are `NAME.mt.txt` (or `NAME.mt.SYSTEM.txt` for several
systems), with optional `NAME.ref.txt` and `NAME.src.txt` beside them. Tables
(`.tsv`, `.csv`, `.jsonl`, `.parquet`) have one row per segment with columns
`doc`, `segment`, `mt` and optional `system`, `ref`, `src`; other columns are
carried through to the reports. `segment` is the user's id for the row, kept
as text, so reports join back to the table.
"""

from __future__ import annotations

import errno
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import DEFAULT_SYSTEM, Document
from . import po, tmx
from .glossary import is_glossary_file
from .skip import OutputSkip
# The readers of the formats below, and what other stages read through `load`.
from .tables import TABLE_SUFFIXES, csv_error, load_table, order_segments, read_plain_table  # noqa: F401
from .text import decode, normalise_line, read_lines, read_text, split_lines  # noqa: F401
from . import xliff
from .paired import PairedFormat

# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
# DOTALL and fullmatch: a file name may contain a newline, and `$` would also match before one.
_TEXT_FILE = re.compile(r"(?P<name>.+)\.(?P<role>mt|ref|src)(?:\.(?P<system>[^.]+))?\.txt", re.DOTALL)
# A decimal number as people write segment numbers; not `inf`, `nan` or `1_000`, which float() also reads.


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


# The formats whose documents are one MT file, perhaps with its reference beside it.
PAIRED_FORMATS = (xliff.FORMAT, tmx.FORMAT, po.FORMAT)


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
        self._structured: list[Document] = []  # XLIFF, TMX and PO documents
        self._text_files: dict[str, dict[str, Path]] = defaultdict(dict)
        self._unread: list[Path] = []  # documents of formats mtcheck does not read (.docx, .pdf, ...)
        self._folders: dict[Path, tuple[Path, Path | None]] = {}

    def _first_time(self, file: Path) -> bool:
        # A file that is no link resolves to its folder's resolution and its name: the
        # folder is resolved once, not once a file (resolving reads every folder on the way).
        resolved = file.resolve() if file.is_symlink() else self._folder(file.parent)[0] / file.name
        if resolved in self._seen:
            return False
        self._seen.add(resolved)
        return True

    def _relative(self, file: Path) -> Path:
        relative = self._folder(file.parent)[1]
        return relative / file.name if relative is not None else Path(file.name)

    def _folder(self, folder: Path) -> tuple[Path, Path | None]:
        """The folder resolved, and relative to the root (None on another drive), worked out once a folder."""
        if folder not in self._folders:
            try:
                relative: Path | None = Path(os.path.relpath(folder, self.root))
            except ValueError:  # another drive on Windows
                relative = None
            self._folders[folder] = (folder.resolve(), relative)
        return self._folders[folder]

    def _add_folder_of_glossaries(self, folder: Path) -> None:
        if folder not in self.folders:
            self.folders.append(folder)

    def add_folder(self, folder: Path) -> None:
        self._add_folder_of_glossaries(folder)
        depth = len(folder.parts)  # of the folder given: "." has none, and rglob's paths then start below it
        for file in sorted(folder.rglob("*")):
            if any(part.startswith(".") for part in file.parts[depth:]):
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
        if po.is_po_template(file):
            if given:
                raise po.refuse_template(file)
            self.warnings.append(f"{file}: a PO template has no MT; skipped")
            return True
        kind = next((kind for kind in PAIRED_FORMATS if kind.owns(file)), None)
        if kind is not None:
            self._add_paired(kind, file, given)
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

    def _add_paired(self, kind: PairedFormat, file: Path, given: bool) -> None:
        """An MT file of a structured format, read with its reference; a reference alone, with its MT file."""
        if kind.is_reference(file):
            mt_file = next((candidate for candidate in kind.mt_beside(file) if candidate.is_file()), None)
            if mt_file is None:
                missing = f"no MT file '{kind.document_name(file)}{file.suffix}' beside it"
                if given:
                    raise InputError(file, f"a reference file, and {missing}")
                self.warnings.append(f"{file}: {missing}; ignored")
                return
            if not given:
                return  # read with its MT file
            file = mt_file
        if not self._first_time(file):
            return
        doc_id = (self._relative(file).parent / kind.document_name(file)).as_posix()
        document, notes = kind.read(file, doc_id, kind.reference_beside(file), self.languages)
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
