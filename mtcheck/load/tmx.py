"""TMX 1.4 translation memories: one file is one document, one `<tu>` one segment.

The language pair comes from `source-lang`/`target-lang` (BCP-47 prefixes
match: `zh` is `zh-CN`), else the header's `srclang` and the one other
language. The target `<seg>` is the MT, the source `<seg>` the source; the
reference is the target `<seg>` of the same unit (same `tuid`, or the same
position when units have none) in `NAME.ref.tmx` beside it.

Inline codes (`<bpt>`, `<ept>`, `<ph>`, `<it>`, `<ut>`, with any `<sub>` in
them) are native markup, not text: they are left out of the compared text,
and `<hi>` keeps its text. Every character remembers its line and column in
the file, so findings point into the `<seg>`.

XML is parsed with defusedxml: a file that declares entities (billion laughs,
external entities) is refused with the same message as XLIFF
(`xml.entities_refused`), never expanded, and no DTD is ever fetched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.handler import ContentHandler

from ..errors import InputError
from ..model import DEFAULT_SYSTEM, Document, TextLine
from .mapped import MappedText
from .paired import PairedFormat
from .xml import stream_xml

_XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
# Native codes: their content is markup of the original format, never text to check.
_CODE_ELEMENTS = frozenset({"bpt", "ept", "ph", "it", "ut"})


@dataclass
class TranslationUnit:
    key: str
    line: int  # of the <tu>
    segments: dict[str, TextLine] = field(default_factory=dict)  # language tag as written -> <seg> text


@dataclass
class TranslationMemory:
    path: Path
    source_lang: str | None  # the header's srclang, unless "*all*"
    units: list[TranslationUnit]

    @property
    def languages(self) -> list[str]:
        return list(dict.fromkeys(lang for unit in self.units for lang in unit.segments))


def load_tmx(
    path: Path, doc: str, ref_path: Path | None = None, languages: tuple[str | None, str | None] = (None, None)
) -> tuple[Document, list[str]]:
    """The document of one TMX file (with its NAME.ref.tmx, if there is one), and notes about it."""
    memory = read_tmx(path)
    source, target = choose_languages(memory, *languages)
    notes: list[str] = []
    mt_lines, src_lines, keys = [], [], []
    missing = 0
    for unit in memory.units:
        if target not in unit.segments:
            missing += 1
            continue
        mt_lines.append(unit.segments[target])
        source_line = unit.segments.get(source) if source else None
        src_lines.append(source_line or TextLine(unit.line, ""))
        keys.append(unit.key)
    if missing:
        notes.append(f"{path}: {missing} unit(s) without a '{target}' segment; not checked")
    if not mt_lines:
        raise InputError(path, f"no unit has a '{target}' segment (languages in the file: {', '.join(memory.languages) or 'none'})")
    ref_lines = None
    if ref_path is not None:
        ref_lines, ref_notes = _reference_lines(ref_path, target, languages[1], keys)
        notes += ref_notes
    return (
        Document(
            system=DEFAULT_SYSTEM,
            doc=doc,
            mt_path=path,
            mt_lines=mt_lines,
            ref_lines=ref_lines,
            src_lines=src_lines if any(line.text for line in src_lines) else None,
            ref_path=ref_path if ref_lines else None,
            src_path=path,
            presegmented=True,
            segment_ids=keys,
        ),
        notes,
    )


def _reference_lines(ref_path: Path, target: str, target_option: str | None, keys: list[str]) -> tuple[list[TextLine] | None, list[str]]:
    reference = read_tmx(ref_path)
    # The reference's target is the MT's target language, or what the option names.
    wanted = [lang for lang in reference.languages if lang.lower() == target.lower()]
    if not wanted and target_option:
        wanted = matching_languages(reference.languages, target_option)
    if len(wanted) != 1:
        raise InputError(
            ref_path,
            f"no single reference segment language for the MT's '{target}' (languages in the file: {', '.join(reference.languages) or 'none'})",
        )
    by_key = {unit.key: unit.segments[wanted[0]] for unit in reference.units if wanted[0] in unit.segments}
    notes = []
    unmatched = [key for key in by_key if key not in set(keys)]
    if unmatched:
        notes.append(f"{ref_path}: {len(unmatched)} reference unit(s) with no MT unit ({', '.join(unmatched[:5])}); ignored")
    lines = [by_key.get(key) or TextLine(0, "") for key in keys]
    return (lines if any(line.text for line in lines) else None), notes


def _primary(tag: str) -> str:
    return tag.strip().lower().replace("_", "-")


def matching_languages(languages: list[str], wanted: str) -> list[str]:
    """The tags of `languages` that BCP-47 basic filtering matches with `wanted` (`zh` matches `zh-CN`), any case."""
    wanted = _primary(wanted)
    return [lang for lang in languages if _primary(lang) == wanted or _primary(lang).startswith(wanted + "-")]


def choose_languages(memory: TranslationMemory, source_option: str | None, target_option: str | None) -> tuple[str | None, str]:
    """The (source, target) language tags of the file, as written there."""
    found = memory.languages
    listed = ", ".join(found) or "none"

    def one(option: str, what: str) -> str:
        matches = matching_languages(found, option)
        if not matches:
            raise InputError(memory.path, f"no segments in the {what} language '{option}' (languages in the file: {listed}); choose with --{what}-lang")
        if len(matches) > 1:
            raise InputError(
                memory.path, f"the {what} language '{option}' matches {', '.join(matches)}; name one of them with --{what}-lang"
            )
        return matches[0]

    source = one(source_option, "source") if source_option else None
    if source is None and memory.source_lang:
        header = matching_languages(found, memory.source_lang)
        source = header[0] if len(header) == 1 else None
    target = one(target_option, "target") if target_option else None
    if target is None:
        others = [lang for lang in found if lang != source]
        if len(others) != 1:
            raise InputError(
                memory.path, f"say which languages to compare with --source-lang and --target-lang (languages in the file: {listed})"
            )
        target = others[0]
    if source is None:
        others = [lang for lang in found if lang != target]
        if len(others) > 1:
            raise InputError(
                memory.path,
                f"more than two languages ({listed}): say which is the source with --source-lang (the target is '{target}')",
            )
        source = others[0] if others else None
    if source == target:
        raise InputError(memory.path, f"the source and target language are both '{target}'")
    return source, target


# --- parsing ------------------------------------------------------------------


class _TmxHandler(ContentHandler):
    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self.locator = None
        self.root: str | None = None
        self.source_lang: str | None = None
        self.units: list[TranslationUnit] = []
        self._stack: list[str] = []
        self._unit: TranslationUnit | None = None
        self._lang: str | None = None
        self._seg: MappedText | None = None
        self._code_depth = 0

    def setDocumentLocator(self, locator) -> None:
        self.locator = locator

    def _where(self) -> tuple[int, int]:
        return self.locator.getLineNumber(), self.locator.getColumnNumber()

    def startElementNS(self, name, qname, attrs) -> None:
        _, local = name
        line, column = self._where()
        if self.root is None:
            self.root = local
            if local != "tmx":
                raise InputError(self.path, f"not a TMX file: the root element is <{local}>, not <tmx>", line=line)
        parent = self._stack[-1] if self._stack else None
        self._stack.append(local)
        if self._seg is not None:
            if local in _CODE_ELEMENTS or self._code_depth:
                self._code_depth += 1
            return
        if local == "header" and parent == "tmx":
            srclang = attrs.get((None, "srclang"), "").strip()
            self.source_lang = srclang if srclang and srclang != "*all*" else None
        elif local == "tu":
            tuid = attrs.get((None, "tuid"), "").strip()
            self._unit = TranslationUnit(key=tuid or str(len(self.units) + 1), line=line)
        elif local == "tuv" and self._unit is not None:
            # TMX 1.4 writes xml:lang; 1.1 and some tools write lang.
            lang = (attrs.get((_XML_NAMESPACE, "lang")) or attrs.get((None, "lang")) or "").strip()
            if not lang:
                raise InputError(self.path, "a <tuv> without xml:lang", line=line)
            if lang in self._unit.segments:
                raise InputError(self.path, f"unit '{self._unit.key}' has two <tuv> in '{lang}'", line=line)
            self._lang = lang
        elif local == "seg" and self._lang is not None:
            # The start tag ends at '>': text begins after it; the locator gives the tag's start.
            self._seg = MappedText(line, column)

    def endElementNS(self, name, qname) -> None:
        _, local = name
        self._stack.pop()
        if self._seg is not None:
            if self._code_depth:
                self._code_depth -= 1
                return
            if local == "seg":
                self._unit.segments[self._lang] = self._seg.text_line()
                self._seg = None
            return
        if local == "tuv":
            self._lang = None
        elif local == "tu" and self._unit is not None:
            self.units.append(self._unit)
            self._unit = None

    def characters(self, content: str) -> None:
        if self._seg is not None and not self._code_depth:
            line, column = self._where()
            self._seg.add(content, line, column)


def read_tmx(path: Path) -> TranslationMemory:
    """Every unit of a TMX file, its segments by language; malformed or unsafe XML is an InputError."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    if not data.strip():
        raise InputError(path, "the file is empty")
    handler = _TmxHandler(path)
    stream_xml(path, data, handler)  # a DOCTYPE naming tmx14.dtd allowed, never fetched; entities refused
    if handler.root is None:
        raise InputError(path, "empty XML document")
    _check_unique_keys(path, handler.units)
    return TranslationMemory(path=path, source_lang=handler.source_lang, units=handler.units)


def _check_unique_keys(path: Path, units: list[TranslationUnit]) -> None:
    first: dict[str, int] = {}
    for unit in units:
        if unit.key in first:
            raise InputError(path, f"tuid '{unit.key}' is used twice (first on line {first[unit.key]})", line=unit.line)
        first[unit.key] = unit.line


FORMAT = PairedFormat("TMX", (".tmx",), load_tmx)
