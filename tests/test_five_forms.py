"""One corpus in five forms (text, XLIFF 1.2, XLIFF 2.1, TMX, PO): the same findings, each at its unit's target.

Each form goes through `mtcheck run` once; the locations are checked against the
files as written, read here without mtcheck's readers.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from mtcheck import pipeline
from mtcheck.cli import app

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "localization"
FORMS = ("text", "xliff-1.2", "xliff-2.1", "tmx", "po")
STRUCTURED = FORMS[1:]
PLANTED = {
    ("tram-line", "MT101", "Vosswinckel", "Vosswinkel"),
    ("tram-line", "MT301", "84 million", "48 million"),
    ("tram-line", "MT201", "VRN", "LRTA"),
    ("museum-reopening", "MT101", "Wróbelska", "Wróblewska"),
    ("museum-reopening", "MT301", "1724", "1742"),
}
# Inline codes whose content is markup of the original format, not text (XLIFF and TMX).
CODES = frozenset({"bpt", "ept", "ph", "it", "ut", "x", "bx", "ex", "sc", "ec"})
XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF_20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def flags(tmp_path_factory, embedder) -> dict[str, list[dict[str, str]]]:
    patch = pytest.MonkeyPatch()
    patch.setattr(pipeline, "Embedder", lambda model=None, **_: embedder)
    rows = {}
    try:
        for form in FORMS:
            out = tmp_path_factory.mktemp(form) / "reports"
            result = CliRunner().invoke(app, ["run", str(CORPUS / form), "--out", str(out)])
            assert result.exit_code == 1, result.output  # the planted errors fail the gate
            with (out / "flags.csv").open(encoding="utf-8", newline="") as table:
                rows[form] = list(csv.DictReader(table))
    finally:
        patch.undo()
    return rows


def _what(row: dict[str, str]) -> tuple[str, str, str, str]:
    return row["doc"], row["code"], row["found"], row["expected"]


def test_every_form_finds_the_same_planted_errors(flags):
    found = {form: {_what(row) for row in rows} for form, rows in flags.items()}
    assert PLANTED <= found["text"]
    for form in STRUCTURED:
        assert found[form] == found["text"], form


def test_tmx_and_po_carry_the_xliff_12_unit_ids(flags):
    def keyed(form, unit=lambda segment: segment):
        return {(*_what(row), unit(row["segment"])) for row in flags[form]}

    assert keyed("tmx") == keyed("xliff-1.2")
    assert keyed("po", lambda segment: segment.split("|", 1)[0]) == keyed("xliff-1.2")  # msgctxt is the unit id


def _target_element(path: Path, segment: str):
    """The element holding the MT of `segment` (unit id, unit/segment, tuid), found by that key."""
    tree = etree.parse(str(path))
    if path.suffix == ".tmx":
        (tu,) = tree.xpath("//tu[@tuid=$key]", key=segment)
        (seg,) = [tuv.find("seg") for tuv in tu.iter("tuv") if tuv.get(XML_LANG) == "en-GB"]
        return seg, "seg"
    if tree.getroot().get("version") == "1.2":
        (target,) = tree.xpath("//x:trans-unit[@id=$key]/x:target", key=segment, namespaces={"x": XLIFF_12})
        return target, "target"
    unit, _, segment_id = segment.partition("/")
    path_to = "//x:unit[@id=$unit]/x:segment" + ("[@id=$segment]" if segment_id else "") + "/x:target"
    (target,) = tree.xpath(path_to, unit=unit, segment=segment_id, namespaces={"x": XLIFF_20})
    return target, "target"


def _as_xml_text(raw: str) -> str:
    """The text a span of the file stands for: references and CDATA read, inline codes' content dropped."""
    root = etree.fromstring(f"<r>{raw}</r>".encode())
    for element in root.iter():
        if element.tag in CODES:
            element.text = None
            for child in list(element):
                element.remove(child)
    return "".join(root.itertext())


def _offsets(text: str) -> list[int]:
    """Offset of the start of each line (index 0 is line 1)."""
    return [0] + [found.end() for found in re.finditer("\n", text)]


@pytest.mark.parametrize("form", ["xliff-1.2", "xliff-2.1", "tmx"])
def test_xml_findings_point_at_the_found_text_inside_their_target(flags, form):
    for row in flags[form]:
        path = Path(row["file"])
        assert path.parent == CORPUS / form and not path.name.endswith((".ref.xlf", ".ref.tmx"))
        text = path.read_text(encoding="utf-8")
        starts = _offsets(text)
        line, start, end = int(row["line"]), int(row["start"]), int(row["end"])
        raw = text[starts[line - 1] :].split("\n", 1)[0][start:end]
        assert _as_xml_text(raw) == row["found"], (row, raw)
        element, tag = _target_element(path, row["segment"])
        open_tag = re.compile(rf"<{tag}[\s>]").search(text, starts[element.sourceline - 1])
        content_start = text.index(">", open_tag.start()) + 1
        content_end = text.index(f"</{tag}>", content_start)
        assert content_start <= starts[line - 1] + start < starts[line - 1] + end <= content_end, (row, raw)


def _po_messages(text: str) -> dict[str, tuple[int, int]]:
    """{msgctxt|msgid: (first, last line of its msgstr)} for the plain messages of a PO file."""
    messages, fields, current, keyword = {}, {}, None, None
    lines = text.split("\n")
    for number, line in enumerate(lines + [""], start=1):
        found = re.match(r'(msgctxt|msgid|msgstr) "(.*)"$', line)
        if found:
            keyword = found.group(1)
            fields[keyword] = found.group(2)
            if keyword == "msgstr":
                current = [number, number]
        elif line.startswith('"') and keyword:
            fields[keyword] += line[1:-1]
            if keyword == "msgstr":
                current[1] = number
        else:
            if current and fields.get("msgid"):
                key = f"{fields['msgctxt']}|{fields['msgid']}" if fields.get("msgctxt") else fields["msgid"]
                messages[key] = tuple(current)
            fields, current, keyword = {}, None, None
    return messages


def test_po_findings_point_at_the_found_text_inside_their_msgstr(flags):
    for row in flags["po"]:
        path = Path(row["file"])
        assert path.parent == CORPUS / "po" and not path.name.endswith(".ref.po")
        text = path.read_text(encoding="utf-8")
        first, last = _po_messages(text)[row["segment"]]
        line, start, end = int(row["line"]), int(row["start"]), int(row["end"])
        assert first <= line <= last, row
        written = text.split("\n")[line - 1]
        assert written.index('"') < start < end <= written.rindex('"'), (row, written)
        assert written[start:end].replace('\\"', '"').replace("\\\\", "\\") == row["found"], (row, written)


def test_text_findings_point_at_the_found_text(flags):
    for row in flags["text"]:
        lines = Path(row["file"]).read_text(encoding="utf-8").split("\n")
        assert lines[int(row["line"]) - 1][int(row["start"]) : int(row["end"])] == row["found"], row
