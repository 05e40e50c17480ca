"""Glossaries: the canonical names and terms a newsroom enforces on every translation.

A glossary is read from CSV (`term,variants,source,acronym,kind,severity,note`,
plus an optional `admitted` column) or from TBX (TermBase eXchange, ISO 30042,
v2 `martif` and v3 `tbx`). Every loader funnels into one builder, so a CSV and
a TBX with the same content make the same `Glossary` and the same findings.

TBX mapping, for a chosen language pair (languages match by primary subtag,
so `en-US` is `en`):

- target-language terms: the `preferredTerm-admn-sts` one is `term`;
  `deprecatedTerm-admn-sts` and `supersededTerm-admn-sts` ones are `variants`;
  `admittedTerm-admn-sts` ones (and terms with no status, when a preferred one
  exists) are `admitted` — acceptable, neither flagged nor required;
- a target term whose `termNote type="termType"` is `acronym`, `abbreviation`
  or `initialism` is the `acronym` (a deprecated one is a variant);
- every source-language term, whatever its status, is a `source` form;
- entry-level `descrip type="subjectField"` and `note` elements make `note`;
- entry-level `descrip type="kind"` gives `kind`, `descrip type="severity"` the
  severity (both are mtcheck conventions; TBX has no standard category for them).

XML is parsed with defusedxml: a file that declares entities (the "billion
laughs" expansion attack, external entities) is refused, never expanded.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.sax.handler import ContentHandler

from ..errors import InputError
from ..model import Severity
from .tables import csv_error
from .text import decode
from .xml import stream_xml

CSV_COLUMNS = ("term", "variants", "source", "acronym", "kind", "severity", "note", "admitted")
LIST_SEPARATOR = "|"

# Kinds that name one particular thing; checks treat them as names (MQM major when garbled).
NAME_KINDS = frozenset({"person", "organisation", "place", "event", "product", "title", "work"})
KINDS = NAME_KINDS | frozenset({"treaty", "law", "term", "other"})
# Spellings people write in a kind column, mapped to the kind mtcheck uses.
KIND_ALIASES = {
    "organization": "organisation",
    "org": "organisation",
    "institution": "organisation",
    "party": "organisation",
    "location": "place",
    "country": "place",
    "city": "place",
    "per": "person",
    "loc": "place",
    "agreement": "treaty",
    "convention": "treaty",
    "act": "law",
    "statute": "law",
    "concept": "term",
}


@dataclass(frozen=True)
class GlossaryEntry:
    """One canonical name or term, with the forms that should become it."""

    term: str
    variants: tuple[str, ...] = ()  # known wrong or non-preferred target forms
    source: tuple[str, ...] = ()  # how the term is written in source texts (any script)
    acronym: str = ""
    kind: str = ""  # "" when the glossary does not say, or says something mtcheck does not know
    # A kind from the desk's own vocabulary (`ship`, `company`): kept, but it
    # drives nothing, so the entry behaves as one with no kind.
    unknown_kind: str = ""
    severity: Severity | None = None  # overrides the check's severity for this entry
    note: str = ""
    admitted: tuple[str, ...] = ()  # acceptable alternatives: neither flagged nor required
    # Where the entry was read: (file, line). Not part of equality, so a glossary
    # written and read back compares equal to the original.
    origin: tuple[str, int] = field(default=("", 0), compare=False)

    @property
    def is_name(self) -> bool:
        """Whether this entry names one particular thing (person, organisation, place...)."""
        if self.kind:
            return self.kind in NAME_KINDS
        # No kind given: a capitalised multi-letter term is taken to be a name.
        return self.term[:1].isupper()

    @property
    def accepted_forms(self) -> tuple[str, ...]:
        """Forms whose presence in MT satisfies the entry: term, acronym, admitted forms."""
        forms = (self.term, self.acronym, *self.admitted)
        return tuple(dict.fromkeys(form for form in forms if form))

    def where(self) -> str:
        file, line = self.origin
        return f"{file}, line {line}" if file else "(built in memory)"


class Glossary:
    """An ordered collection of entries with look-ups by term, variant, acronym and source form."""

    def __init__(self, entries: Iterable[GlossaryEntry] = (), notes: Iterable[str] = ()):
        self.entries: tuple[GlossaryEntry, ...] = tuple(entries)
        # Things the user should hear about but that stop nothing (unknown kinds).
        self.notes: tuple[str, ...] = tuple(notes)
        self._by_term = {entry.term: entry for entry in self.entries}
        self._by_variant: dict[str, GlossaryEntry] = {}
        self._by_acronym: dict[str, list[GlossaryEntry]] = {}
        for entry in self.entries:
            for variant in entry.variants:
                self._by_variant.setdefault(variant, entry)
            if entry.acronym:
                self._by_acronym.setdefault(entry.acronym, []).append(entry)

    def __iter__(self) -> Iterator[GlossaryEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Glossary) and self.entries == other.entries

    def __repr__(self) -> str:
        return f"Glossary({len(self.entries)} entries)"

    def get(self, term: str) -> GlossaryEntry | None:
        return self._by_term.get(term)

    def entry_for_variant(self, variant: str) -> GlossaryEntry | None:
        return self._by_variant.get(variant)

    def entries_for_acronym(self, acronym: str) -> list[GlossaryEntry]:
        return list(self._by_acronym.get(acronym, ()))

    @property
    def acronyms(self) -> frozenset[str]:
        return frozenset(self._by_acronym)

    def with_sources(self) -> list[GlossaryEntry]:
        return [entry for entry in self.entries if entry.source]


# ---------------------------------------------------------------- building


def _clean(text: str) -> str:
    """NFC, single spaces, no surrounding blanks: how every stored form is normalised."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in (_clean(i) for i in items) if item))


def parse_kind(value: str) -> str | None:
    """The mtcheck kind for a written kind ("" for none), or None if mtcheck does not know it."""
    value = _clean(value).lower()
    if not value:
        return ""
    value = KIND_ALIASES.get(value, value)
    return value if value in KINDS else None


def parse_severity(value: str) -> Severity | None | bool:
    """A Severity, None for an empty cell, or False when the text is no severity."""
    value = _clean(value).lower()
    if not value:
        return None
    try:
        return Severity(value)
    except ValueError:
        return False


class _GlossaryBuilder:
    """Adds entries one by one, merging duplicates and refusing contradictions.

    Every loader goes through here, so the same rules hold for CSV, TBX, mined
    glossaries and several files merged.
    """

    def __init__(self) -> None:
        self.entries: dict[str, GlossaryEntry] = {}
        self.variant_owner: dict[str, str] = {}
        self.unknown_kinds: dict[str, dict[str, None]] = {}  # file -> kinds, in order of first use

    def add(self, entry: GlossaryEntry, path: Path | str, line: int | None) -> None:
        if not entry.term:
            raise InputError(path, "empty term", line=line, column="term")
        if entry.unknown_kind:
            self.unknown_kinds.setdefault(str(path), {})[entry.unknown_kind] = None
        for column, forms in (("variants", entry.variants), ("admitted", entry.admitted)):
            for form in forms:
                if form == entry.term:
                    raise InputError(path, f"{column[:-1]} '{form}' is the term itself", line=line, column=column)
        for variant in entry.variants:
            if variant in entry.admitted or variant == entry.acronym:
                raise InputError(
                    path, f"'{variant}' is both a forbidden variant and an accepted form", line=line, column="variants"
                )
            if variant in self.entries and variant != entry.term:
                raise InputError(
                    path,
                    f"variant '{variant}' is the term of another entry ({self.entries[variant].where()}); "
                    "the checks would flag that term wherever it is used",
                    line=line,
                    column="variants",
                )
            owner = self.variant_owner.get(variant)
            if owner is not None and owner != entry.term:
                raise InputError(
                    path,
                    f"variant '{variant}' is already a variant of '{owner}' "
                    f"({self.entries[owner].where()}); a variant must point to one term",
                    line=line,
                    column="variants",
                )
        if entry.term in self.variant_owner:
            owner = self.variant_owner[entry.term]
            raise InputError(
                path,
                f"term '{entry.term}' is listed as a variant of '{owner}' ({self.entries[owner].where()})",
                line=line,
                column="term",
            )
        previous = self.entries.get(entry.term)
        if previous is not None:
            entry = self._merge(previous, entry, path, line)
        self.entries[entry.term] = entry
        for variant in entry.variants:
            self.variant_owner[variant] = entry.term

    @staticmethod
    def _merge(first: GlossaryEntry, second: GlossaryEntry, path: Path | str, line: int | None) -> GlossaryEntry:
        """Two rows for one term: union their forms; refuse if a single-valued field disagrees."""
        for column in ("acronym", "kind", "severity"):
            mine, theirs = getattr(first, column), getattr(second, column)
            if mine and theirs and mine != theirs:
                shown = [value.value if isinstance(value, Severity) else value for value in (mine, theirs)]
                raise InputError(
                    path,
                    f"term '{second.term}' is defined twice with different {column}: "
                    f"'{shown[0]}' ({first.where()}) and '{shown[1]}'",
                    line=line,
                    column=column,
                )
        notes = _unique([first.note, second.note])
        return replace(
            first,
            variants=_unique([*first.variants, *second.variants]),
            source=_unique([*first.source, *second.source]),
            admitted=_unique([*first.admitted, *second.admitted]),
            acronym=first.acronym or second.acronym,
            kind=first.kind or second.kind,
            unknown_kind=first.unknown_kind or second.unknown_kind,
            severity=first.severity or second.severity,
            note="; ".join(notes),
        )

    def build(self) -> Glossary:
        notes = [
            f"{path}: {'kind' if len(kinds) == 1 else 'kinds'} {', '.join(repr(kind) for kind in kinds)} "
            f"not known to mtcheck; such entries are checked as entries with no kind "
            f"(mtcheck's kinds: {', '.join(sorted(KINDS))})"
            for path, kinds in self.unknown_kinds.items()
        ]
        return Glossary(self.entries.values(), notes)


# ---------------------------------------------------------------- CSV


def is_glossary_file(path: Path | str) -> bool:
    """Whether a corpus file is a glossary (so the corpus loader must not read it as a table)."""
    name = os.path.basename(path).lower()  # not Path(path): a corpus of thousands asks once a file
    return name == "glossary.csv" or name.endswith(".glossary.csv") or name.endswith(".tbx")


def discover_glossaries(corpus_dir: Path | str) -> list[Path]:
    """Glossary files directly in a corpus folder: glossary.csv, *.glossary.csv, *.tbx."""
    folder = Path(corpus_dir)
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.is_file() and is_glossary_file(path))


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) or b"\x00" in data:
        # UTF-16/32 with a byte-order mark, or a NUL: read (or refused) as corpus text is.

        return decode(path, data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            path,
            f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded (save the file as UTF-8)",
            line=line,
            column=_column_of_bad_byte(data, error.start),
        ) from None


def _column_of_bad_byte(data: bytes, position: int) -> str | None:
    """Which CSV column holds an undecodable byte, so the error can name it."""
    text = data.decode("utf-8-sig", errors="replace")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return None
    header = [name.strip().lower() for name in rows[0]]
    line_start = data.rfind(b"\n", 0, position) + 1
    line_end = data.find(b"\n", position)
    raw_line = data[line_start : line_end if line_end >= 0 else len(data)].decode("utf-8", errors="replace")
    for cells in csv.reader([raw_line]):
        for index, cell in enumerate(cells):
            if "\ufffd" in cell and index < len(header):
                return header[index]
    return None


def _csv_error(path: Path, text: str, error: csv.Error, record_line: int, error_line: int) -> InputError:

    return csv_error(path, text, error, record_line, error_line)


def _split(cell: str) -> tuple[str, ...]:
    return _unique(cell.split(LIST_SEPARATOR))


def read_glossary_csv(path: Path | str) -> Glossary:
    """Read one CSV glossary."""
    builder = _GlossaryBuilder()
    for entry, line in _csv_entries(Path(path)):
        builder.add(entry, path, line)
    return builder.build()


def _csv_entries(path: Path) -> Iterator[tuple[GlossaryEntry, int]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read glossary: {error.strerror or error}") from None
    text = _decode(path, data)
    # Strict: a lenient reader takes an unclosed quote to the end of the file
    # and silently makes every later row part of one cell.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header_row = next(reader, None)
    except csv.Error as error:
        raise _csv_error(path, text, error, record_line=1, error_line=reader.line_num) from None
    if header_row is None or not any(cell.strip() for cell in header_row):
        raise InputError(path, "empty glossary: the first line must name the columns (at least 'term')", line=1)
    header = [cell.strip().lower() for cell in header_row]
    for name in header:
        if name not in CSV_COLUMNS:
            raise InputError(
                path, f"unknown column '{name}' (known: {', '.join(CSV_COLUMNS)})", line=1, column=name or None
            )
        if header.count(name) > 1:
            raise InputError(path, f"column '{name}' appears twice", line=1, column=name)
    if "term" not in header:
        raise InputError(path, "no 'term' column", line=1, column="term")
    line = reader.line_num
    while True:
        start = line + 1  # a quoted cell may span lines: report the row's first line
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _csv_error(path, text, error, record_line=start, error_line=reader.line_num) from None
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            raise InputError(
                path, f"{len(cells)} cells but the header names {len(header)} columns", line=start
            )
        row = dict(zip(header, cells))
        yield _csv_entry(path, start, row), start


def _csv_entry(path: Path, line: int, row: dict[str, str]) -> GlossaryEntry:
    term = _clean(row.get("term", ""))
    if not term:
        raise InputError(path, "empty term", line=line, column="term")
    kind = parse_kind(row.get("kind", ""))
    unknown_kind = ""
    if kind is None:
        kind, unknown_kind = "", _clean(row["kind"])
    severity = parse_severity(row.get("severity", ""))
    if severity is False:
        raise InputError(
            path,
            f"unknown severity '{_clean(row['severity'])}' (known: minor, major, critical)",
            line=line,
            column="severity",
        )
    acronym = _clean(row.get("acronym", ""))
    if " " in acronym:
        raise InputError(path, f"acronym '{acronym}' contains a space", line=line, column="acronym")
    return GlossaryEntry(
        term=term,
        variants=_split(row.get("variants", "")),
        source=_split(row.get("source", "")),
        acronym=acronym,
        kind=kind,
        unknown_kind=unknown_kind,
        severity=severity,
        note=_clean(row.get("note", "")),
        admitted=_split(row.get("admitted", "")),
        origin=(str(path), line),
    )


def write_glossary_csv(glossary: Glossary, path: Path | str) -> None:
    """Write a glossary as CSV that `load_glossaries` reads back to an equal glossary."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in glossary:
        for form in (*entry.variants, *entry.source, *entry.admitted):
            if LIST_SEPARATOR in form:
                raise ValueError(f"'{form}' of '{entry.term}' contains '{LIST_SEPARATOR}', the list separator")
        writer.writerow(
            [
                entry.term,
                LIST_SEPARATOR.join(entry.variants),
                LIST_SEPARATOR.join(entry.source),
                entry.acronym,
                entry.kind or entry.unknown_kind,
                entry.severity.value if entry.severity else "",
                entry.note,
                LIST_SEPARATOR.join(entry.admitted),
            ]
        )
    Path(path).write_text(buffer.getvalue(), encoding="utf-8", newline="")


# ---------------------------------------------------------------- TBX

_XML_LANG = "http://www.w3.org/XML/1998/namespace lang"
PREFERRED = "preferredterm-admn-sts"
ADMITTED = "admittedterm-admn-sts"
DEPRECATED = frozenset({"deprecatedterm-admn-sts", "supersededterm-admn-sts"})
ACRONYM_TYPES = frozenset({"acronym", "abbreviation", "initialism", "shortform"})
_ENTRY_TAGS = frozenset({"termEntry", "conceptEntry"})
_LANG_TAGS = frozenset({"langSet", "langSec"})
_TERM_GROUP_TAGS = frozenset({"tig", "ntig", "termSec"})


@dataclass
class _Node:
    """An XML element with the line it starts on (ElementTree forgets lines; errors need them)."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    text: str = ""
    tail: str = ""  # text after this element, inside its parent

    def find_all(self, tags: frozenset[str] | str) -> Iterator[_Node]:
        """Descendants with one of `tags`, not descending into matches."""
        wanted = {tags} if isinstance(tags, str) else tags
        for child in self.children:
            if child.tag in wanted:
                yield child
            else:
                yield from child.find_all(wanted)

    def attr(self, name: str) -> str:
        return self.attrs.get(name, "")

    def all_text(self) -> str:
        return self.text + "".join(child.all_text() + child.tail for child in self.children)


class _TreeBuilder(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.root: _Node | None = None
        self.stack: list[_Node] = []
        self.locator = None

    def setDocumentLocator(self, locator) -> None:  # noqa: N802 - SAX API
        self.locator = locator

    def startElementNS(self, name, qname, attrs) -> None:  # noqa: N802 - SAX API
        local = name[1]
        attributes = {}
        for (namespace, attr_name), value in attrs.items():
            key = f"{namespace} {attr_name}" if namespace else attr_name
            attributes[key] = value
        node = _Node(local, attributes, self.locator.getLineNumber() if self.locator else 0)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElementNS(self, name, qname) -> None:  # noqa: N802 - SAX API
        self.stack.pop()

    def characters(self, content: str) -> None:
        # Mixed content (<term>A<hi>B</hi>C</term>): text after a child is that child's tail.
        if self.stack:
            node = self.stack[-1]
            if node.children:
                node.children[-1].tail += content
            else:
                node.text += content


def _parse_xml(path: Path) -> _Node:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read glossary: {error.strerror or error}") from None
    builder = _TreeBuilder()
    stream_xml(path, data, builder)  # a TBX file's DTD named, never fetched; entities refused
    if builder.root is None:
        raise InputError(path, "empty XML document")
    return builder.root


def _text(node: _Node) -> str:
    return _clean(node.all_text())


def _primary(lang: str) -> str:
    return re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]


def tbx_languages(path: Path | str) -> list[str]:
    """Primary language subtags used in a TBX file, in order of first use."""
    root = _parse_xml(Path(path))
    return list(dict.fromkeys(_primary(node.attr(_XML_LANG)) for node in root.find_all(_LANG_TAGS)))


def read_glossary_tbx(path: Path | str, source_lang: str | None = None, target_lang: str | None = None) -> Glossary:
    """Read one TBX glossary for the language pair source_lang → target_lang."""
    builder = _GlossaryBuilder()
    for entry, line in _tbx_entries(Path(path), source_lang, target_lang):
        builder.add(entry, path, line)
    return builder.build()


def _tbx_entries(path: Path, source_lang: str | None, target_lang: str | None) -> Iterator[tuple[GlossaryEntry, int]]:
    root = _parse_xml(path)
    if root.tag not in {"martif", "tbx"}:
        raise InputError(path, f"not a TBX file: the root element is <{root.tag}>, not <martif> or <tbx>", line=root.line)
    langs = list(dict.fromkeys(_primary(node.attr(_XML_LANG)) for node in root.find_all(_LANG_TAGS)))
    source = _primary(source_lang) if source_lang else None
    target = _primary(target_lang) if target_lang else None
    if target is None:
        others = [lang for lang in langs if lang != source]
        if len(others) != 1:
            raise InputError(
                path, f"say which language is the target (languages in the file: {', '.join(langs) or 'none'})"
            )
        target = others[0]
    if target not in langs:
        raise InputError(path, f"no terms in the target language '{target}' (languages: {', '.join(langs)})")
    for concept in root.find_all(_ENTRY_TAGS):
        entry = _tbx_entry(path, concept, source, target)
        if entry is not None:
            yield entry, concept.line


def _tbx_entry(path: Path, concept: _Node, source: str | None, target: str) -> GlossaryEntry | None:
    notes: list[str] = []
    kind = unknown_kind = ""
    severity: Severity | None = None
    for child in concept.children:
        kind_of = child.attr("type")
        if child.tag == "descrip" and kind_of == "subjectField" or child.tag == "note":
            notes.append(_text(child))
        elif child.tag in {"descrip", "admin"} and kind_of == "kind":
            parsed = parse_kind(_text(child))
            if parsed is None:
                unknown_kind = _text(child)
            else:
                kind = parsed
        elif child.tag in {"descrip", "admin"} and kind_of == "severity":
            parsed_severity = parse_severity(_text(child))
            if parsed_severity is False:
                raise InputError(path, f"unknown severity '{_text(child)}'", line=child.line, column="severity")
            severity = parsed_severity
    targets: list[tuple[str, str, str, int]] = []  # (term, status, type, line)
    sources: list[str] = []
    for lang_node in concept.find_all(_LANG_TAGS):
        lang = _primary(lang_node.attr(_XML_LANG))
        if lang != target and source is not None and lang != source:
            continue
        for group in lang_node.find_all(_TERM_GROUP_TAGS):
            terms = list(group.find_all("term"))
            if not terms:
                continue
            term = _text(terms[0])
            status = term_type = ""
            for note in group.find_all("termNote"):
                if note.attr("type") == "administrativeStatus":
                    status = _text(note).lower()
                elif note.attr("type") == "termType":
                    term_type = _text(note).lower().replace(" ", "")
            if lang == target:
                targets.append((term, status, term_type, terms[0].line))
            elif term:
                sources.append(term)
    if not targets:
        return None
    canonical, variants, admitted, acronym = _sort_target_terms(path, concept, targets)
    return GlossaryEntry(
        term=canonical,
        variants=_unique(variants),
        source=_unique(sources),
        acronym=acronym,
        kind=kind,
        unknown_kind=unknown_kind,
        severity=severity,
        note="; ".join(_unique(notes)),
        admitted=_unique(term for term in admitted if term != canonical),
        origin=(str(path), concept.line),
    )


def _sort_target_terms(
    path: Path, concept: _Node, targets: Sequence[tuple[str, str, str, int]]
) -> tuple[str, list[str], list[str], str]:
    """Split target terms into (canonical term, deprecated variants, admitted forms, acronym)."""
    for term, _, _, line in targets:
        if not term:
            raise InputError(path, "empty <term>", line=line, column="term")
    usable = [t for t in targets if t[1] not in DEPRECATED]
    variants = [t[0] for t in targets if t[1] in DEPRECATED]
    if not usable:
        raise InputError(
            path, "entry has only deprecated or superseded terms in the target language", line=concept.line
        )
    full = [t for t in usable if t[2] not in ACRONYM_TYPES]
    short = [t for t in usable if t[2] in ACRONYM_TYPES]
    # The canonical term is the preferred full form; an entry made only of an acronym
    # (e.g. NATO with no expansion) has that acronym as its term.
    pool = full or short
    preferred = [t for t in pool if t[1] == PREFERRED]
    if len(preferred) > 1:
        raise InputError(
            path,
            f"two preferred terms in one entry: '{preferred[0][0]}' and '{preferred[1][0]}'",
            line=preferred[1][3],
            column="term",
        )
    canonical = (preferred or pool)[0][0]
    acronym = ""
    if full and short:
        preferred_short = [t for t in short if t[1] == PREFERRED] or short
        acronym = preferred_short[0][0]
    admitted = [t[0] for t in usable if t[0] not in {canonical, acronym}]
    return canonical, variants, admitted, acronym


# ---------------------------------------------------------------- several files


def load_glossaries(
    paths: Iterable[Path | str], source_lang: str | None = None, target_lang: str | None = None
) -> Glossary:
    """Read and merge glossary files (CSV or TBX); conflicts between files are input errors."""
    builder = _GlossaryBuilder()
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise InputError(path, "no such glossary file")
        suffix = path.suffix.lower()
        if suffix == ".csv":
            entries = _csv_entries(path)
        elif suffix in {".tbx", ".xml"}:
            entries = _tbx_entries(path, source_lang, target_lang)
        else:
            raise InputError(path, "unknown glossary format: use .csv or .tbx")
        for entry, line in entries:
            builder.add(entry, path, line)
    return builder.build()


def build_from_entries(entries: Iterable[GlossaryEntry], origin: str = "(built)") -> Glossary:
    """A glossary from entries made in code, checked by the same rules as files."""
    builder = _GlossaryBuilder()
    for number, entry in enumerate(entries, start=1):
        builder.add(entry, origin, entry.origin[1] or number)
    return builder.build()
