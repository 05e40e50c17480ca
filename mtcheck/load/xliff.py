"""XLIFF 1.2 and 2.x files as documents: one segment per translation unit, keyed by the unit's id.

`NAME.xlf` (or `.xliff`) is the MT: its `<target>` texts are checked, its
`<source>` texts are the source. `NAME.ref.xlf` beside it, when there is one,
holds the reference translations in its targets, matched unit by unit on the
id. XLIFF 1.2 units are `<trans-unit id>`; in XLIFF 2.0/2.1 a `<unit id>` with
several `<segment>`s gives one segment each, keyed `unit/segment`.

Inline markup (`<g>`, `<x/>`, `<bx/>`, `<ex/>`, `<ph>`, `<bpt>`, `<ept>`,
`<it>`, `<pc>`, `<sc/>`, `<ec/>`, `<sm/>`, `<em/>`, `<mrk>`) is left out of the
compared text: container elements keep their text, codes drop theirs. Every
character still knows where it is in the file, so a finding's line and column
point into the `<target>` element, through markup, entity references and line
breaks. Units marked `translate="no"` and empty targets are counted in a
warning and not scored.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import DEFAULT_SYSTEM, Document, PositionMap, TextLine
from .paired import PairedFormat
from .xml import LineIndex, XmlFile, character_data, node_spans, read_xml

NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
# Versions read with the 1.2 rules: 1.0 and 1.1 have the same units and inline codes.
_NAMESPACES_1 = {NS_12: "1.2", "urn:oasis:names:tc:xliff:document:1.1": "1.1", "": "1.x"}
# Inline elements whose content is text of the segment, and those whose content is native code.
_TEXT_CONTAINERS = frozenset({"g", "mrk", "pc"})
_CODES = frozenset({"x", "bx", "ex", "ph", "bpt", "ept", "it", "sc", "ec", "sm", "em", "sub"})
# The characters load.normalise_line drops or turns into a space, so XLIFF text reads as a text file's line does.
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_SPACE = (
    frozenset(" \t\n\r\u00a0\u202f\u205f\u3000")
    | frozenset(chr(c) for c in range(0x2000, 0x200B))
    | frozenset(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))
)


@dataclass(frozen=True)
class XliffUnit:
    """One segment of an XLIFF file: a 1.2 trans-unit, or one segment of a 2.x unit."""

    key: str
    unit: object  # the <trans-unit> or <unit> element
    source: object | None
    target: object | None
    translatable: bool
    state: str
    line: int  # of the unit's start tag


@dataclass
class XliffFile:
    xml: XmlFile
    version: str
    units: list[XliffUnit]
    _spans: dict | None = field(default=None, repr=False)
    _lines: LineIndex | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        return self.xml.path

    @property
    def spans(self) -> dict:
        """Each node's NodeSpan in the file's text (empty if they cannot be matched to the tree)."""
        if self._spans is None:
            self._spans = _match_spans(self.xml)
        return self._spans

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.xml.text)
        return self._lines

    def located_text(self, element) -> TextLine:
        """The compared text of `element` (normalised, markup left out), with where each character stands."""
        span = self.spans.get(element)
        characters = _characters(element, self.spans, self.xml.text) if span is not None else None
        if characters is None or "".join(char for char, _ in characters) != _plain(element):
            # Positions could not be matched to the tree: the element's line, column 0.
            text = normalise(_plain(element))
            line = element.sourceline or 0
            return TextLine(line, text, PositionMap.written_at(line, 0, len(text)) if text else None)
        text, offsets = _normalised_with_offsets(characters)
        if not text:
            return TextLine(self.lines.locate(span.open_end)[0], "")
        positions = PositionMap.from_places(self.lines.locate(offset) for offset in offsets)
        return TextLine(positions.start[0], text, positions)

    def text(self, element) -> str:
        return normalise(_plain(element)) if element is not None else ""


def read_xliff(path: Path) -> XliffFile:
    """Parse an XLIFF 1.x or 2.x file (safely) and list its units."""
    xml = read_xml(path)
    root = xml.tree.getroot()
    namespace, local = _split(root.tag)
    if local != "xliff":
        raise InputError(path, f"not an XLIFF file: the root element is <{local}>, not <xliff>", line=root.sourceline)
    version = (root.get("version") or "").strip()
    if namespace == NS_20:
        if version not in ("2.0", "2.1"):
            raise InputError(path, f"XLIFF version '{version}' is not supported (1.2, 2.0 and 2.1 are)", line=root.sourceline)
        units = _units_2(path, root)
    elif namespace in _NAMESPACES_1:
        version = version or _NAMESPACES_1[namespace]
        if not version.startswith("1."):
            raise InputError(path, f"XLIFF version '{version}' in the namespace of 1.x", line=root.sourceline)
        units = _units_1(path, root, namespace)
    else:
        raise InputError(
            path, f"XLIFF namespace '{namespace}' is not supported (XLIFF 1.2: {NS_12}; 2.0/2.1: {NS_20})", line=root.sourceline
        )
    return XliffFile(xml=xml, version=version, units=units)


def _split(tag) -> tuple[str, str]:
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        namespace, local = tag[1:].split("}", 1)
        return namespace, local
    return "", tag


def _children(element, namespace: str, name: str) -> list:
    return [child for child in element if isinstance(child.tag, str) and _split(child.tag) == (namespace, name)]


def _translatable(element) -> bool:
    """XLIFF's `translate` is inherited: the nearest file, group or unit that says decides."""
    while element is not None:
        value = element.get("translate")
        if value is not None:
            return value.strip().lower() != "no"
        element = element.getparent()
    return True


def _units_1(path: Path, root, namespace: str) -> list[XliffUnit]:
    files = _children(root, namespace, "file")
    units: list[XliffUnit] = []
    first_line: dict[str, int] = {}
    for number, file_element in enumerate(files, start=1):
        prefix = f"{file_element.get('original') or number}/" if len(files) > 1 else ""
        for unit in file_element.iter(f"{{{namespace}}}trans-unit" if namespace else "trans-unit"):
            unit_id = (unit.get("id") or "").strip()
            if not unit_id:
                raise InputError(path, "a <trans-unit> without an id", line=unit.sourceline)
            key = prefix + unit_id
            _check_unique(path, key, unit.sourceline, first_line)
            sources, targets = _children(unit, namespace, "source"), _children(unit, namespace, "target")
            target = targets[0] if targets else None
            units.append(
                XliffUnit(
                    key=key,
                    unit=unit,
                    source=sources[0] if sources else None,
                    target=target,
                    translatable=_translatable(unit),
                    state=(target.get("state") or "") if target is not None else "",
                    line=unit.sourceline or 0,
                )
            )
    return units


def _units_2(path: Path, root) -> list[XliffUnit]:
    files = _children(root, NS_20, "file")
    units: list[XliffUnit] = []
    first_line: dict[str, int] = {}
    for number, file_element in enumerate(files, start=1):
        prefix = f"{file_element.get('id') or number}/" if len(files) > 1 else ""
        for unit in file_element.iter(f"{{{NS_20}}}unit"):
            unit_id = (unit.get("id") or "").strip()
            if not unit_id:
                raise InputError(path, "a <unit> without an id", line=unit.sourceline)
            segments = _children(unit, NS_20, "segment")
            for index, segment in enumerate(segments, start=1):
                key = prefix + unit_id
                if len(segments) > 1:
                    key += "/" + ((segment.get("id") or "").strip() or str(index))
                _check_unique(path, key, segment.sourceline, first_line)
                sources, targets = _children(segment, NS_20, "source"), _children(segment, NS_20, "target")
                units.append(
                    XliffUnit(
                        key=key,
                        unit=unit,
                        source=sources[0] if sources else None,
                        target=targets[0] if targets else None,
                        translatable=_translatable(unit),
                        state=segment.get("state") or "",
                        line=unit.sourceline or 0,
                    )
                )
    return units


def _check_unique(path: Path, key: str, line: int | None, first_line: dict[str, int]) -> None:
    if key in first_line:
        raise InputError(path, f"unit id '{key}' appears twice (first on line {first_line[key]})", line=line)
    first_line[key] = line or 0


# --- text and where it is -------------------------------------------------


def _inline_role(element) -> str:
    """'text' (its content is segment text), 'code' (left out) or 'char' (XLIFF 2 <cp hex>)."""
    namespace, local = _split(element.tag)
    if namespace not in (NS_12, NS_20, "urn:oasis:names:tc:xliff:document:1.1", ""):
        return "text"  # an extension's element: keep what it says
    if local == "cp":
        return "char"
    if local in _CODES:
        return "code"
    return "text"


def _code_point(element) -> str:
    try:
        return chr(int(element.get("hex", ""), 16))
    except (ValueError, OverflowError):
        return ""


def _plain(element) -> str:
    """The element's segment text by the tree alone (markup left out), as the file's text has it."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            role = _inline_role(child)
            if role == "text":
                parts.append(_plain(child))
            elif role == "char":
                parts.append(_code_point(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _characters(element, spans: dict, text: str) -> list[tuple[str, int]] | None:
    """Each character of the element's segment text with its offset in the file's text."""
    span = spans.get(element)
    if span is None:
        return None
    result: list[tuple[str, int]] = []
    cursor = span.open_end
    for child in element:
        child_span = spans.get(child)
        if child_span is None:
            return None
        result.extend(character_data(text, cursor, child_span.start))
        if isinstance(child.tag, str):
            role = _inline_role(child)
            if role == "text":
                inner = _characters(child, spans, text)
                if inner is None:
                    return None
                result.extend(inner)
            elif role == "char":
                value = _code_point(child)
                if value:
                    result.append((value, child_span.start))
        cursor = child_span.end
    result.extend(character_data(text, cursor, span.close_start))
    return result


def _match_spans(xml: XmlFile) -> dict:
    root = xml.tree.getroot()
    nodes = list(root.iter())
    try:
        spans = node_spans(xml.text)
    except ValueError:  # a token the scanner could not close: no positions, lines only
        return {}
    if len(spans) != len(nodes):
        return {}
    for node, span in zip(nodes, spans):
        if isinstance(node.tag, str):
            name = xml.text[span.start + 1 : span.open_end].split(None, 1)[0].rstrip("/>")
            if name.split(":")[-1] != _split(node.tag)[1]:
                return {}
    return dict(zip(nodes, spans))


def normalise(text: str) -> str:
    """As text files are normalised (load.normalise_line): NFC, no zero-width or control characters, single spaces."""
    result, _ = _normalised_with_offsets([(char, index) for index, char in enumerate(text)])
    return result


def _normalised_with_offsets(characters: list[tuple[str, int]]) -> tuple[str, list[int]]:
    composed = _nfc(characters)
    chars: list[str] = []
    offsets: list[int] = []
    pending_space: int | None = None
    for char, offset in composed:
        if char in _ZERO_WIDTH:
            continue
        if char in _SPACE:
            if pending_space is None:
                pending_space = offset
            continue
        if pending_space is not None and chars:
            chars.append(" ")
            offsets.append(pending_space)
        pending_space = None
        chars.append(char)
        offsets.append(offset)
    return "".join(chars), offsets


def _nfc(characters: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """NFC, each composed character at the offset of the first character it was made of."""
    text = "".join(char for char, _ in characters)
    if unicodedata.is_normalized("NFC", text):
        return characters
    result: list[tuple[str, int]] = []
    cluster: list[tuple[str, int]] = []

    def flush() -> None:
        if cluster:
            composed = unicodedata.normalize("NFC", "".join(char for char, _ in cluster))
            result.extend((char, cluster[0][1]) for char in composed)
            cluster.clear()

    for char, offset in characters:
        if not unicodedata.combining(char) and not _is_jamo(char):
            flush()
        cluster.append((char, offset))
    flush()
    if "".join(char for char, _ in result) != unicodedata.normalize("NFC", text):
        whole = unicodedata.normalize("NFC", text)
        start = characters[0][1] if characters else 0
        return [(char, start) for char in whole]
    return result


def _is_jamo(char: str) -> bool:
    return "\u1160" <= char <= "\u11ff"  # medial vowels and final consonants compose with what precedes them


# --- documents -------------------------------------------------------------


def load_xliff_document(
    mt_path: Path, doc_id: str, ref_path: Path | None, languages: tuple[str | None, str | None] = (None, None)
) -> tuple[Document | None, list[str]]:
    """One XLIFF file (and its reference) as a document of presegmented rows; warnings say what was left out."""
    mt = read_xliff(mt_path)
    references: dict[str, tuple[str, int]] = {}
    warnings: list[str] = []
    if ref_path is not None:
        reference = read_xliff(ref_path)
        for unit in reference.units:
            text = reference.text(unit.target) if unit.translatable else ""
            if text:
                references[unit.key] = (text, unit.target.sourceline or unit.line)
    mt_lines, ref_lines, src_lines, keys, states = [], [], [], [], []
    not_translatable = empty = 0
    for unit in mt.units:
        if not unit.translatable:
            not_translatable += 1
            continue
        target = mt.located_text(unit.target) if unit.target is not None else TextLine(unit.line, "")
        if not target.text:
            empty += 1
            continue
        mt_lines.append(target)
        ref_text, ref_line = references.get(unit.key, ("", 0))
        ref_lines.append(TextLine(ref_line, ref_text))
        src_lines.append(TextLine(target.number, mt.text(unit.source)))
        keys.append(unit.key)
        states.append({"state": unit.state})
    left_out = []
    if not_translatable:
        left_out.append(f"{not_translatable} unit(s) marked translate=\"no\"")
    if empty:
        left_out.append(f"{empty} unit(s) with an empty or missing target")
    if left_out:
        warnings.append(f"{mt_path}: {' and '.join(left_out)} not scored")
    if ref_path is not None:
        unmatched = sorted(set(references) - {unit.key for unit in mt.units})
        if unmatched:
            shown = ", ".join(unmatched[:5]) + (", ..." if len(unmatched) > 5 else "")
            warnings.append(f"{ref_path}: {len(unmatched)} reference unit(s) with no MT unit to match ({shown}); ignored")
    if not mt_lines:
        warnings.append(f"{mt_path}: no unit with a target to check; skipped")
        return None, warnings
    return (
        Document(
            system=DEFAULT_SYSTEM,
            doc=doc_id,
            mt_path=mt_path,
            mt_lines=mt_lines,
            ref_lines=ref_lines if any(line.text for line in ref_lines) else None,
            src_lines=src_lines if any(line.text for line in src_lines) else None,
            ref_path=ref_path,
            src_path=mt_path,
            presegmented=True,
            extra_columns=states if any(state["state"] for state in states) else [],
            segment_ids=keys,
        ),
        warnings,
    )


def xliff_inputs(corpus: Path, is_output: Callable[[Path], bool] = lambda path: False) -> list[Path]:
    """The XLIFF MT files a run on `corpus` reads (a folder, searched as load_corpus does, or one file)."""
    corpus = Path(corpus)
    if corpus.is_file():
        return [corpus] if FORMAT.owns(corpus) and not FORMAT.is_reference(corpus) else []
    if not corpus.is_dir():
        return []
    found = []
    for file in sorted(corpus.rglob("*")):
        relative = file.relative_to(corpus)
        if any(part.startswith(".") for part in relative.parts) or not file.is_file():
            continue
        if FORMAT.owns(file) and not FORMAT.is_reference(file) and not is_output(file):
            found.append(file)
    return found


# XLIFF names its languages itself: `languages` is for the shape all formats share.
FORMAT = PairedFormat("XLIFF", (".xlf", ".xliff"), load_xliff_document)
