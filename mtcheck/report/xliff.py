"""Copies of XLIFF inputs with the findings as notes on their units, for a reviewer's CAT tool.

XLIFF 1.2: one `<note from="mtcheck" annotates="target" priority="N">` per
finding, right after the unit's `<target>` (where the schema allows notes).
XLIFF 2.x: `<note category="mtcheck" appliesTo="target" priority="N">` in the
unit's `<notes>`, which is added before `<originalData>` / the first segment
when the unit has none. Priority is 1 for critical findings, 2 for major, 5
for minor.

The notes are spliced into the file's text: everything else — markup,
comments, attribute order, entity references, the encoding — stays byte for
byte as it was, so a copy is the input plus notes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..errors import InputError
from ..load.xliff import NS_20, XliffFile, XliffUnit, read_xliff
from ..model import Finding, Severity

NOTE_SOURCE = "mtcheck"
_PRIORITY = {Severity.CRITICAL: "1", Severity.MAJOR: "2", Severity.MINOR: "5"}


def annotated_copies(findings: Iterable[Finding], destinations: Mapping[Path, Path]) -> list[tuple[Path, bytes]]:
    """(destination, bytes) of an annotated copy of each XLIFF input in `destinations` (input -> copy)."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_file[finding.file].append(finding)
    return [(copy, annotate_xliff(source, by_file.get(str(source), []))) for source, copy in destinations.items()]


def annotate_xliff(path: Path, findings: Iterable[Finding]) -> bytes:
    """The bytes of `path` with `findings` (of this file) as notes on their units."""
    xliff = read_xliff(path)
    units_by_key = {unit.key: unit for unit in xliff.units}
    order = {unit.key: index for index, unit in enumerate(xliff.units)}
    # A 2.x unit's segments share the unit's notes: findings are grouped by the unit element.
    by_unit: dict[object, tuple[XliffUnit, list[Finding]]] = {}
    for finding in sorted(findings, key=lambda f: (order.get(f.segment, len(order)), f.line, f.start, f.code)):
        unit = units_by_key.get(finding.segment)
        if unit is not None and unit.target is not None:
            by_unit.setdefault(unit.unit, (unit, []))[1].append(finding)
    if by_unit and not xliff.spans:
        raise InputError(path, "cannot annotate: the positions of its elements could not be read")
    text = xliff.xml.text
    newline = "\r\n" if "\r\n" in text else "\n"
    insertions: list[tuple[int, str]] = []
    for unit_element, (unit, entries) in by_unit.items():
        several_segments = _segment_count(unit_element) > 1
        notes = [(finding, _note_text(finding, finding.segment if several_segments else None)) for finding in entries]
        if xliff.version.startswith("2"):
            insertions.append(_notes_2(xliff, unit_element, notes, newline))
        else:
            insertions.append(_notes_1(xliff, unit.target, notes, newline))
    for offset, inserted in sorted(insertions, key=lambda item: -item[0]):
        text = text[:offset] + inserted + text[offset:]
    return xliff.xml.encode(text)


def _segment_count(unit) -> int:
    return sum(1 for child in unit if child.tag == f"{{{NS_20}}}segment")


def _note_text(finding: Finding, segment: str | None) -> str:
    where = f"segment {segment}: " if segment is not None else ""
    change = f" (found '{finding.found}', expected '{finding.expected}')" if finding.found and finding.expected else ""
    return (
        f"{where}{finding.code} {finding.rule} [{finding.severity.value}, {finding.confidence.value}]: "
        f"{finding.message}{change}"
    )


def _notes_1(xliff: XliffFile, target, notes: list[tuple[Finding, str]], newline: str) -> tuple[int, str]:
    """Notes right after the unit's <target>, each on its own line at the target's indentation."""
    span = xliff.spans[target]
    indent = _indentation(xliff, span.start)
    prefix = _prefix(xliff, span.start)
    separator = newline + indent if indent is not None else ""
    inserted = "".join(
        f'{separator}<{prefix}note from="{NOTE_SOURCE}" priority="{_PRIORITY[finding.severity]}" annotates="target">'
        f"{_escape(text)}</{prefix}note>"
        for finding, text in notes
    )
    return span.end, inserted


def _notes_2(xliff: XliffFile, unit, notes: list[tuple[Finding, str]], newline: str) -> tuple[int, str]:
    """Notes at the end of the unit's <notes>, or a new <notes> before <originalData> or the first segment."""
    children = [child for child in unit if isinstance(child.tag, str)]
    existing = next((child for child in children if child.tag == f"{{{NS_20}}}notes"), None)
    if existing is not None:
        last = [child for child in existing if isinstance(child.tag, str)]
        anchor = xliff.spans[last[-1]] if last else None
        indent = _indentation(xliff, anchor.start) if anchor is not None else None
        prefix = _prefix(xliff, xliff.spans[existing].start)
        separator = newline + indent if indent is not None else ""
        inserted = "".join(separator + _note_2(prefix, finding, text) for finding, text in notes)
        return (anchor.end if anchor is not None else xliff.spans[existing].close_start), inserted
    following = next(
        child for child in children if child.tag in {f"{{{NS_20}}}{name}" for name in ("originalData", "segment", "ignorable")}
    )
    start = xliff.spans[following].start
    indent = _indentation(xliff, start)
    prefix = _prefix(xliff, start)
    if indent is None:
        body = "".join(_note_2(prefix, finding, text) for finding, text in notes)
        return start, f"<{prefix}notes>{body}</{prefix}notes>"
    # The new <notes> follows the whitespace before the segment and repeats it, so the segment keeps its place.
    previous = following.getprevious()
    gap = xliff.xml.text[xliff.spans[previous].end if previous is not None else xliff.spans[unit].open_end : start]
    step = "\t" if indent.startswith("\t") else "  "
    body = "".join(newline + indent + step + _note_2(prefix, finding, text) for finding, text in notes)
    return start, f"<{prefix}notes>{body}{newline}{indent}</{prefix}notes>{gap if not gap.strip() else newline + indent}"


def _note_2(prefix: str, finding: Finding, text: str) -> str:
    return (
        f'<{prefix}note category="{NOTE_SOURCE}" appliesTo="target" priority="{_PRIORITY[finding.severity]}">'
        f"{_escape(text)}</{prefix}note>"
    )


def _indentation(xliff: XliffFile, offset: int) -> str | None:
    """The whitespace before the tag at `offset` on its line; None if other text precedes it there."""
    line_start = xliff.lines.line_start(offset)
    before = xliff.xml.text[line_start:offset]
    return before if not before.strip() else None


def _prefix(xliff: XliffFile, tag_start: int) -> str:
    """The namespace prefix the file writes XLIFF elements with (`xlf:`), or "" for the default namespace."""
    name = xliff.xml.text[tag_start + 1 :].split(None, 1)[0].split(">", 1)[0].rstrip("/")
    return name.rsplit(":", 1)[0] + ":" if ":" in name else ""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
