"""PositionMap: where each character of text read out of a structured file stands in that file.

Every structured reader (XLIFF, TMX, PO, tables) gives its text one; a finding's
columns go out through it (`Segment.locate_span`) and come back through it
(`Segment.span_of`, the review page's highlight). Each case below reads a
small file with mtcheck's own reader and checks the columns against the file
as written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mtcheck.align import align_document
from mtcheck.load import load_corpus
from mtcheck.model import Finding, PositionMap, Segment, Severity

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="a.txt" source-language="de" target-language="en" datatype="plaintext"><body>
  <trans-unit id="u1"><source>x</source><target>Mayor Ingrid <g id="1">Lind</g>qvist of Smith &amp; Sons met <x id="2"/>the press.</target></trans-unit>
 </body></file>
</xliff>
"""

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="de" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x"
 creationtool="x" creationtoolversion="1"/>
<body>
<tu tuid="t1"><tuv xml:lang="de"><seg>x</seg></tuv><tuv xml:lang="en"><seg>Mayor Ingrid <ph x="1">&lt;br/&gt;</ph>Lindqvist met the press.</seg></tuv></tu>
</body></tmx>
"""

PO = r'''msgid "A ship"
msgstr "The \"Velsk\" ferry reached Ostrava."
'''

PO_WRAPPED = r'''msgid "A ship"
msgstr ""
"The ferry from Velsk "
"reached Ostrava at noon."
'''

CSV = 'doc,segment,mt\nd,1,"He said ""stop"" to Lindqvist."\n'

JSONL = '{"doc": "d", "segment": "1", "mt": "Caf\\u00e9 Lindqvist opened."}\n'


def _segment(tmp_path: Path, name: str, text: str) -> Segment:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (document,) = load_corpus(path).documents
    return align_document(document, embedder=None).segments[0]


def _finding(line: int, start: int, end: int, found: str = "x") -> Finding:
    return Finding("mt", "d", "1", 1, line, start, end, "MT101", "garbled-name", Severity.MAJOR, found, "", "")


# (file name, its text, a stretch of the segment's text, what stands for it in the file)
SPANS = {
    "xliff-inline-code": ("doc.xlf", XLIFF, "Ingrid Lindqvist", 'Ingrid <g id="1">Lind</g>qvist'),
    "xliff-entity": ("doc.xlf", XLIFF, "Smith & Sons", "Smith &amp; Sons"),
    "xliff-empty-code": ("doc.xlf", XLIFF, "met the", 'met <x id="2"/>the'),
    "tmx-inline-code": ("doc.tmx", TMX, "Ingrid Lindqvist", 'Ingrid <ph x="1">&lt;br/&gt;</ph>Lindqvist'),
    "po-escaped-quote": ("doc.po", PO, '"Velsk" ferry', r'\"Velsk\" ferry'),
    # An escape stands at its first character: a span it ends stops one column after that.
    "po-escape-ends-the-span": ("doc.po", PO, '"Velsk"', '\\"Velsk\\'),
    "po-wrapped-line": ("doc.po", PO_WRAPPED, "Ostrava", "Ostrava"),
    "csv-doubled-quote": ("doc.csv", CSV, '"stop" to', '""stop"" to'),
    "jsonl-unicode-escape": ("doc.jsonl", JSONL, "Café Lindqvist", "Caf\\u00e9 Lindqvist"),
}


@pytest.mark.parametrize(("name", "text", "span", "written"), SPANS.values(), ids=SPANS.keys())
def test_a_span_goes_to_the_file_and_back(tmp_path, name, text, span, written):
    segment = _segment(tmp_path, name, text)
    start = segment.mt.index(span)
    line, first, end = segment.locate_span(start, start + len(span))
    assert text.splitlines()[line - 1][first:end] == written
    assert segment.span_of(_finding(line, first, end, span)) == (start, start + len(span))


# (file name, its text, a line, what stands before a column of it at which no character of the segment's text stands)
NOWHERE = {
    "inside-an-inline-code": ("doc.xlf", XLIFF, 4, "Ingrid <"),
    "inside-a-tmx-code": ("doc.tmx", TMX, 5, '<ph x="1">&lt;'),
    "second-character-of-an-escape": ("doc.po", PO, 2, "The \\"),
    "quote-closing-a-wrapped-line": ("doc.po", PO_WRAPPED, 3, '"The ferry from Velsk '),
}


@pytest.mark.parametrize(("name", "text", "line", "before"), NOWHERE.values(), ids=NOWHERE.keys())
def test_columns_of_markup_are_no_character_of_the_text(tmp_path, name, text, line, before):
    segment = _segment(tmp_path, name, text)
    column = text.splitlines()[line - 1].index(before) + len(before)
    assert segment.offset_of(line, column) is None
    assert segment.span_of(_finding(line, column, column + 3)) is None


def test_a_span_across_a_wrapped_po_line(tmp_path):
    segment = _segment(tmp_path, "doc.po", PO_WRAPPED)
    span = "Velsk reached"
    start = segment.mt.index(span)
    line, first, end = segment.locate_span(start, start + len(span))
    assert PO_WRAPPED.splitlines()[line - 1][first:].startswith("Velsk ")
    assert segment.locate(start + len("Velsk ")) == (4, 1)  # "reached", after the next line's opening quote
    # The span ends on the next line: its end column counts from its start, by its length.
    assert end - first == len(span)
    assert segment.span_of(_finding(line, first, end, span)) == (start, start + len(span))


def test_runs_start_where_a_character_does_not_follow_the_previous_one():
    # "ab" as written, a tag, "c", then two characters at one place on the next line.
    positions = PositionMap.from_places([(1, 5), (1, 6), (1, 12), (2, 0), (2, 0)])
    assert positions.runs == ((0, 1, 5), (2, 1, 12), (3, 2, 0), (4, 2, 0))
    assert positions.length == 5 and positions.start == (1, 5)
    assert [positions.locate(offset) for offset in range(5)] == [(1, 5), (1, 6), (1, 12), (2, 0), (2, 0)]
    assert positions.locate(9) == (2, 1)  # past the end: just after the last character
    assert positions.offset_of(1, 6) == 1
    assert positions.offset_of(2, 0) == 3  # the first of the two the escape stands for
    assert positions.offset_of(1, 7) is None  # inside the tag
    assert positions.offset_of(3, 0) is None


def test_text_written_out_in_one_stretch():
    positions = PositionMap.written_at(4, 10, 3)
    assert [positions.locate(offset) for offset in range(3)] == [(4, 10), (4, 11), (4, 12)]
    assert positions.offset_of(4, 12) == 2
    assert positions.offset_of(4, 13) is None
