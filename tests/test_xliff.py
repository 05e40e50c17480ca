"""XLIFF 1.2 and 2.x input, and annotated copies: same findings as text files, located in the XLIFF file."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from mtcheck import pipeline
from mtcheck.align import align_document
from mtcheck.cli import app
from mtcheck.errors import InputError
from mtcheck.load import load_corpus
from mtcheck.load.xliff import read_xliff
from mtcheck.pipeline import run

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "localization"
FORMS = ("xliff-1.2", "xliff-2.1")
NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(arg) for arg in args])


@pytest.fixture(scope="module")
def results(embedder):
    return {form: run(CORPUS / form, embedder=embedder) for form in ("text", *FORMS)}


def _schema(name: str) -> etree.XMLSchema:
    with resources.as_file(resources.files("mtcheck") / "data" / "xliff" / name) as path:
        return etree.XMLSchema(etree.parse(str(path)))


SCHEMAS = {"1": ("xliff-core-1.2-strict.xsd", "xliff-core-1.2-transitional.xsd"), "2": ("xliff_core_2.0.xsd", "xliff_core_2.1.xsd")}


# ------------------------------------------------------------ the same findings in every form


def _keyed(result, keys_from=None):
    """{(doc, code, found, expected, segment)}: text findings keyed by the XLIFF unit at their position."""
    keys = {}
    if keys_from is not None:
        for document in keys_from.documents:
            keys[document.doc] = {segment.index: segment.segment for segment in document.segments}
    return {
        (f.doc, f.code, f.found, f.expected, keys[f.doc][f.position] if keys else f.segment)
        for f in result.findings
    }


@pytest.mark.parametrize("form", FORMS)
def test_xliff_forms_find_what_the_text_form_finds(results, form):
    xliff = _keyed(results[form])
    assert _keyed(results["text"], keys_from=results[form]) == xliff
    segment = {"xliff-1.2": ("p2a", "p2b"), "xliff-2.1": ("p2/s1", "p2/s2")}[form]
    planted = {
        ("tram-line", "MT101", "Vosswinckel", "Vosswinkel", "p2"),
        ("tram-line", "MT301", "84 million", "48 million", "p3"),
        ("tram-line", "MT201", "VRN", "LRTA", "p5"),
        ("museum-reopening", "MT101", "Wróbelska", "Wróblewska", segment[0]),
        ("museum-reopening", "MT301", "1724", "1742", segment[1]),
    }
    assert planted <= xliff


@pytest.mark.parametrize("form", FORMS)
def test_findings_point_at_their_text_inside_the_target_element(results, form):
    for finding in results[form].findings:
        path = Path(finding.file)
        lines = path.read_text(encoding="utf-8").splitlines()
        raw = lines[finding.line - 1][finding.start : finding.end]
        # The span in the file, markup and references read as XML, is the text found.
        text = "".join(etree.fromstring(f"<r>{raw}</r>".encode()).itertext())
        assert text == finding.found, (finding, raw)
        xliff = read_xliff(path)
        unit = next(unit for unit in xliff.units if unit.key == finding.segment)
        target_start = unit.target.sourceline
        assert target_start <= finding.line <= target_start + (etree.tostring(unit.target, with_tail=False).count(b"\n"))


@pytest.mark.parametrize("form", FORMS)
def test_untranslatable_and_empty_units_are_reported_not_scored(results, form):
    result = results[form]
    warnings = "\n".join(result.warnings)
    assert 'tram-line.xlf: 1 unit(s) marked translate="no" and 1 unit(s) with an empty or missing target not scored' in warnings
    assert 'museum-reopening.xlf: 1 unit(s) marked translate="no" not scored' in warnings
    keys = {segment.segment for document in result.documents for segment in document.segments}
    assert not keys & {"dateline", "p7", "caption1"}
    assert "ref.xlf" not in " ".join(str(document.mt_path) for document in result.documents)


def test_state_is_carried_to_the_segments(results):
    tram = next(document for document in results["xliff-1.2"].documents if document.doc == "tram-line")
    states = {segment.segment: dict(segment.extra).get("state") for segment in tram.segments}
    assert states["p5"] == "needs-review-translation" and states["p1"] == "translated"


# ------------------------------------------------------------ text and positions


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


XLIFF_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="a.txt" source-language="de" target-language="en" datatype="plaintext"><body>
  <trans-unit id="u1"><source>Die Stadt</source><target>A<g id="1">b</g>c <x id="2"/>d&amp;e &#x41;<bpt id="3">&lt;i&gt;</bpt>F<ept id="3">&lt;/i&gt;</ept>
     <mrk mtype="term">gh</mrk>  <![CDATA[i<j]]> Kr&#xe1;kow</target></trans-unit>
 </body></file>
</xliff>
"""

XLIFF_21 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.1" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="de" trgLang="en">
 <file id="f1">
  <unit id="u1">
   <segment id="a"><source>Eins.</source><target>One <pc id="1">big</pc><ph id="2"/> step<sc id="3"/>, <mrk id="m" translate="no">Two</mrk><ec startRef="3"/> <cp hex="2014"/> end.</target></segment>
   <segment><source>Zwei.</source><target>Second
      line.</target></segment>
  </unit>
 </file>
</xliff>
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [(XLIFF_12, ["Abc d&e AF gh i<j Krákow"]), (XLIFF_21, ["One big step, Two \u2014 end.", "Second line."])],
    ids=["1.2", "2.1"],
)
def test_markup_is_left_out_and_every_character_maps_back_to_the_file(tmp_path, text, expected):
    path = _write(tmp_path, "doc.xlf", text)
    corpus = load_corpus(path)
    document = corpus.documents[0]
    assert [line.text for line in document.mt_lines] == expected
    segments = align_document(document, embedder=None).segments
    raw_lines = text.splitlines()
    for segment in segments:
        for offset, char in enumerate(segment.mt):
            if char == " ":
                continue
            line, column = segment.locate(offset)
            raw = raw_lines[line - 1][column:]
            if raw.startswith("&"):
                reference = raw[: raw.index(";") + 1]
                assert "".join(etree.fromstring(f"<r>{reference}</r>".encode()).itertext()) == char
            elif raw.startswith("<cp"):
                assert char == "\u2014"
            else:
                assert raw.startswith(char), (segment.mt, offset, raw[:20])


def test_segment_keys_of_a_2x_unit_with_several_segments(tmp_path):
    document = load_corpus(_write(tmp_path, "doc.xlf", XLIFF_21)).documents[0]
    assert document.segment_ids == ["u1/a", "u1/2"]


def test_a_finding_span_ends_past_its_last_character_in_the_file(tmp_path):
    text = XLIFF_12.replace('A<g id="1">b</g>c', "Ingrid <g id=\"1\">Lind</g>qvist")
    document = load_corpus(_write(tmp_path, "doc.xlf", text)).documents[0]
    segment = align_document(document, embedder=None).segments[0]
    start = segment.mt.index("Ingrid Lindqvist")
    line, first, end = segment.locate_span(start, start + len("Ingrid Lindqvist"))
    assert text.splitlines()[line - 1][first:end] == 'Ingrid <g id="1">Lind</g>qvist'


@pytest.mark.parametrize("form", FORMS)
def test_every_finding_spans_its_found_text_in_the_segment(results, form):
    # The review page and the probability features read a finding's place in the segment back
    # from its file columns, which inline codes (<g>, <bpt>, <pc>) push to the right.
    result = results[form]
    segments = {(document.doc, segment.index): segment for document in result.documents for segment in document.segments}
    assert result.findings
    for finding in result.findings:
        segment = segments[(finding.doc, finding.position)]
        start, end = segment.span_of(finding)
        assert segment.mt[start:end] == finding.found, (finding.segment, finding.code)


def test_reference_units_are_matched_by_id_not_by_order(tmp_path):
    mt = XLIFF_12.replace('<trans-unit id="u1">', '<trans-unit id="u0"><source>Null</source><target>Zero here.</target></trans-unit><trans-unit id="u1">')
    reference = XLIFF_12.replace("A<g", "Reference A<g")
    _write(tmp_path, "doc.xlf", mt)
    _write(tmp_path, "doc.ref.xlf", reference)
    corpus = load_corpus(tmp_path)
    document = corpus.documents[0]
    assert [line.text for line in document.ref_lines] == ["", "Reference Abc d&e AF gh i<j Krákow"]
    assert len(corpus.documents) == 1  # the reference is never read as MT


def test_several_files_in_one_xliff_prefix_the_unit_ids(tmp_path):
    second = '<file original="b.txt" source-language="de" datatype="plaintext"><body><trans-unit id="u1"><source>x</source><target>Other.</target></trans-unit></body></file>'
    text = XLIFF_12.replace("</xliff>", second + "</xliff>")
    document = load_corpus(_write(tmp_path, "doc.xlf", text)).documents[0]
    assert document.segment_ids == ["a.txt/u1", "b.txt/u1"]


# ------------------------------------------------------------ bad input: exit 2, file and line

ATTACKS = {
    "billion-laughs": (
        '<!DOCTYPE xliff [\n <!ENTITY a "aaaaaaaaaa">\n <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
        ' <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">\n]>\n',
        "&d;",
    ),
    "external-entity": ('<!DOCTYPE xliff [\n <!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n', "&secret;"),
    "external-parameter-entity": ('<!DOCTYPE xliff [\n <!ENTITY % remote SYSTEM "file:///etc/passwd">\n %remote;\n]>\n', "text"),
}


def _with_doctype(template: str, doctype: str, target: str) -> str:
    text = template.replace('<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0" encoding="UTF-8"?>\n' + doctype)
    return text.replace("<target>A<g", f"<target>{target} A<g").replace("<target>One", f"<target>{target} One")


@pytest.mark.parametrize("version", ["1.2", "2.1"])
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_entity_attacks_are_refused(tmp_path, version, attack):
    doctype, target = ATTACKS[attack]
    path = _write(tmp_path, "attack.xlf", _with_doctype(XLIFF_12 if version == "1.2" else XLIFF_21, doctype, target))
    result = invoke("run", path, "--out", tmp_path / "r")
    assert result.exit_code == 2, result.output
    assert "attack.xlf, line 3: refused: the file declares XML entities" in result.output
    assert "Traceback" not in result.output and "root:" not in result.output
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_malformed_xliff_names_file_and_line(tmp_path, version):
    template = XLIFF_12 if version == "1.2" else XLIFF_21
    broken = template.replace("</target>", "</targt>", 1)
    line = next(number for number, text in enumerate(broken.splitlines(), start=1) if "</targt>" in text)
    path = _write(tmp_path, "broken.xlf", broken)
    result = invoke("run", path, "--out", tmp_path / "r")
    assert result.exit_code == 2
    assert f"broken.xlf, line {line}: not well-formed XML" in result.output


def test_a_doctype_that_only_names_a_dtd_is_read_without_loading_it(tmp_path):
    doctype = '<!DOCTYPE xliff PUBLIC "-//XLIFF//DTD XLIFF//EN" "http://localhost:9/xliff.dtd">\n'
    path = _write(tmp_path, "doc.xlf", _with_doctype(XLIFF_12, doctype, "Plain"))
    assert load_corpus(path).documents[0].mt_lines[0].text.startswith("Plain Abc")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('<trans-unit id="u1">', '<trans-unit id="u1"><source>x</source><target>y</target></trans-unit><trans-unit id="u1">'), "unit id 'u1' appears twice"),
        (('<trans-unit id="u1">', "<trans-unit>"), "a <trans-unit> without an id"),
        (('version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"', 'xmlns="urn:example:other"'), "XLIFF namespace 'urn:example:other' is not supported"),
        (("<xliff ", "<tmx "), None),
    ],
    ids=["duplicate-id", "no-id", "other-namespace", "not-xliff"],
)
def test_structural_problems_are_input_errors(tmp_path, change, message):
    text = XLIFF_12.replace(*change)
    if message is None:
        text = text.replace("</xliff>", "</tmx>")
        message = "not an XLIFF file: the root element is <tmx>"
    with pytest.raises(InputError, match=message):
        load_corpus(_write(tmp_path, "doc.xlf", text))


def test_a_reference_alone_is_refused_as_a_single_file_and_noted_in_a_folder(tmp_path):
    path = _write(tmp_path, "doc.ref.xlf", XLIFF_12)
    with pytest.raises(InputError, match="a reference file, and no MT file 'doc.xlf' beside it"):
        load_corpus(path)
    _write(tmp_path, "other.xlf", XLIFF_21)
    corpus = load_corpus(tmp_path)
    assert [document.doc for document in corpus.documents] == ["other"]
    assert any("doc.ref.xlf: no MT file 'doc.xlf' beside it" in warning for warning in corpus.warnings)


# ------------------------------------------------------------ annotated copies


def _undo_notes(tree, is_added) -> int:
    """Remove the added notes: the text before each takes its tail (what stood there before)."""
    added = [element for element in tree.iter() if isinstance(element.tag, str) and is_added(element)]
    for element in reversed(added):
        previous, parent = element.getprevious(), element.getparent()
        before = previous.tail if previous is not None else parent.text
        assert before is None or not before.strip()
        if previous is not None:
            previous.tail = element.tail
        else:
            parent.text = element.tail
        parent.remove(element)
    return len(added)


def _added_12(element) -> bool:
    return element.tag == f"{{{NS_12}}}note" and element.get("from") == "mtcheck"


def _added_20(element) -> bool:
    """A <notes> mtcheck added (all its notes are mtcheck's), or one mtcheck note in a <notes> the unit had."""
    if element.tag == f"{{{NS_20}}}notes":
        return all(note.get("category") == "mtcheck" for note in element)
    if element.tag == f"{{{NS_20}}}note" and element.get("category") == "mtcheck":
        return not all(note.get("category") == "mtcheck" for note in element.getparent())
    return False


@pytest.fixture(scope="module")
def annotated(tmp_path_factory, embedder):
    corpus = tmp_path_factory.mktemp("annotate") / "corpus"
    shutil.copytree(CORPUS, corpus)
    out = corpus / "annotated"
    pipeline_embedder = pipeline.Embedder
    pipeline.Embedder = lambda model=None, **_: embedder
    try:
        result = invoke("run", corpus, "--out", corpus / "reports", "--annotate-xliff", out)
    finally:
        pipeline.Embedder = pipeline_embedder
    assert result.exit_code == 1, result.output  # planted errors fail the gate
    assert "wrote 4 annotated XLIFF file(s)" in result.output
    return corpus, out


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", ["tram-line.xlf", "museum-reopening.xlf"])
def test_annotated_copies_validate_and_equal_the_input_but_for_the_notes(annotated, form, name):
    corpus, out = annotated
    original_path, copy_path = corpus / form / name, out / form / name
    original, copy = etree.parse(str(original_path)), etree.parse(str(copy_path))
    major = form.split("-")[1][0]
    for schema_name in SCHEMAS[major]:
        schema = _schema(schema_name)
        assert schema.validate(original)
        assert schema.validate(copy), schema.error_log
    notes = [note for note in copy.iter() if isinstance(note.tag, str) and note.tag.endswith("}note")]
    ours = [note for note in notes if "mtcheck" in (note.get("from"), note.get("category"))]
    flags = [row for row in (corpus / "reports" / "flags.csv").read_text(encoding="utf-8").splitlines()[1:] if f"{form}/{name}" in row]
    assert len(ours) == len(flags) > 0
    assert _undo_notes(copy, _added_12 if major == "1" else _added_20) > 0
    assert etree.tostring(copy, method="c14n") == etree.tostring(original, method="c14n")


@pytest.mark.parametrize("form", FORMS)
def test_inline_markup_round_trips_byte_for_byte(annotated, form):
    corpus, out = annotated
    original = (corpus / form / "tram-line.xlf").read_text(encoding="utf-8")
    copy = (out / form / "tram-line.xlf").read_text(encoding="utf-8")
    for line in original.splitlines():
        if "<target" in line:
            assert line in copy.splitlines()


def test_notes_land_on_the_unit_of_their_segment(annotated):
    _, out = annotated
    copy = etree.parse(str(out / "xliff-2.1" / "museum-reopening.xlf"))
    unit = copy.find(f".//{{{NS_20}}}unit[@id='p2']")
    texts = [note.text for note in unit.find(f"{{{NS_20}}}notes")]
    assert any(text.startswith("segment p2/s1: MT101 garbled-name [major, high]") for text in texts)
    assert any(text.startswith("segment p2/s2: MT301 number-mismatch") for text in texts)
    priorities = {note.get("priority") for note in unit.find(f"{{{NS_20}}}notes")}
    assert priorities == {"2", "5"}  # major and minor


def test_annotated_copies_are_not_read_back_as_input(annotated, shared_model, tmp_path):
    corpus, out = annotated
    result = invoke("run", corpus, "--out", corpus / "reports", "--annotate-xliff", out)
    assert result.exit_code == 1, result.output
    documents = (corpus / "reports" / "documents.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(documents) == 10  # two articles in five forms; the copies are skipped


def test_annotating_over_the_inputs_is_refused_before_the_run(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS / "xliff-2.1", corpus)
    result = invoke("run", corpus, "--out", tmp_path / "r", "--annotate-xliff", corpus)
    assert result.exit_code == 2
    assert "is one of this run's input files" in result.output
    assert not (tmp_path / "r").exists()


def test_annotate_xliff_is_a_configuration_key_relative_to_the_file(tmp_path, shared_model):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS / "xliff-1.2", corpus)
    (corpus / "mtcheck.toml").write_text('annotate-xliff = "../copies"\n', encoding="utf-8")
    result = invoke("run", corpus, "--out", tmp_path / "r")
    assert result.exit_code == 1, result.output
    assert sorted(path.name for path in (tmp_path / "copies").iterdir()) == [".mtcheck-output", "museum-reopening.xlf", "tram-line.xlf"]


@pytest.mark.parametrize(
    "text",
    ["  a\u00a0b\u2009c\u200bd\x07e  ", "Kra\u0301kow \ufeffx", "\u1100\u1161\u11a8 \t\n z", "\u3000lead and trail\u202f"],
)
def test_xliff_text_is_normalised_as_text_file_lines_are(text):
    from mtcheck.load import normalise_line
    from mtcheck.load.xliff import normalise

    assert normalise(text) == normalise_line(text)
