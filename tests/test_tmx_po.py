"""TMX and PO input: the same findings as the text form, keyed by unit, pointing into the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck import pipeline
from mtcheck.cli import app
from mtcheck.errors import InputError
from mtcheck.load import load_corpus
from mtcheck.load.tmx import choose_languages, read_tmx
from mtcheck.pipeline import RunOptions

FORMATS = Path(__file__).resolve().parent.parent / "corpora" / "formats"
runner = CliRunner()


def _findings(path: Path, embedder):
    return pipeline.run(path, RunOptions(cache_dir=None, glossary_languages=(None, "en")), embedder=embedder).findings


def _comparable(finding):
    return (finding.position, finding.code, finding.severity, finding.confidence, finding.found, finding.expected, finding.message)


@pytest.fixture(scope="module")
def text_findings(embedder):
    findings = _findings(FORMATS / "text", embedder)
    assert {finding.code for finding in findings} >= {"MT101", "MT201", "MT203", "MT301"}
    return findings


@pytest.mark.parametrize("form", ["tmx", "po"])
def test_tmx_and_po_forms_find_what_the_text_form_finds(form, embedder, text_findings):
    findings = _findings(FORMATS / form, embedder)
    assert sorted(map(_comparable, findings)) == sorted(map(_comparable, text_findings))


def _unmarked(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


def test_tmx_findings_are_keyed_by_tuid_and_point_into_the_target_seg(embedder):
    path = FORMATS / "tmx" / "harbour-fire.tmx"
    lines = path.read_text(encoding="utf-8").split("\n")
    findings = _findings(FORMATS / "tmx", embedder)
    assert findings
    for finding in findings:
        assert finding.segment == f"hf-{finding.position}"
        line = lines[finding.line - 1]
        assert '<tuv xml:lang="en-GB">' in line, line  # the target, never the source or the reference
        # The span in the file is the found text, with any inline markup inside it.
        assert _unmarked(line[finding.start : finding.end]) == finding.found, (finding.code, line)
    by_code = {finding.code: finding for finding in findings}
    # A span across </hi> is wider in the file than in the text.
    assert by_code["MT202"].end - by_code["MT202"].start == len(by_code["MT202"].found) + len("</hi>")


def test_po_findings_are_keyed_by_message_and_point_into_the_msgstr(embedder):
    path = FORMATS / "po" / "harbour-fire.po"
    lines = path.read_text(encoding="utf-8").split("\n")
    findings = _findings(FORMATS / "po", embedder)
    assert findings
    for finding in findings:
        line = lines[finding.line - 1]
        assert line.startswith(("msgstr", '"')), line
        assert line[finding.start : finding.end] == finding.found
        msgid_line = next(lines[n] for n in range(finding.line - 1, 0, -1) if lines[n].startswith("msgid"))
        assert finding.segment == msgid_line[len('msgid "') : -1]
    # A msgstr wrapped over several lines: the finding is on the continuation line it is in.
    number = next(finding for finding in findings if finding.code == "MT301")
    assert lines[number.line - 2] == '"According to the head of the fire "'


def test_po_notes_count_the_fuzzy_and_obsolete_messages_skipped():
    corpus = load_corpus(FORMATS / "po")
    assert corpus.warnings == [f"{FORMATS / 'po' / 'harbour-fire.po'}: skipped 1 fuzzy, 1 obsolete"]
    (document,) = corpus.documents
    assert document.segment_ids[0] == "headline|Пожар в порту Вельск уничтожил зерновой склад"
    assert document.ref_lines[2].text == "According to fire chief Arvid Kolstad, 140 firefighters fought the blaze."


PLURAL_PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgctxt "sidebar"
msgid "%d ship reached Velsk"
msgid_plural "%d ships reached Velsk"
msgstr[0] "%d vessel arrived in Velsk"
msgstr[1] "%d vessels arrived in \\"Velsk\\""

msgid "Untranslated caption"
msgstr ""
"""

PLURAL_REF = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Standalone"
msgstr "Only in the reference"

msgctxt "sidebar"
msgid "%d ship reached Velsk"
msgid_plural "%d ships reached Velsk"
msgstr[0] "%d ship reached Velsk"
msgstr[1] "%d ships reached Velsk"
"""


def test_po_plural_forms_are_one_segment_each_matched_to_the_reference_by_key(tmp_path):
    (tmp_path / "ships.po").write_text(PLURAL_PO, encoding="utf-8")
    (tmp_path / "ships.ref.po").write_text(PLURAL_REF, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    (document,) = corpus.documents
    assert document.segment_ids == ["sidebar|%d ship reached Velsk[0]", "sidebar|%d ship reached Velsk[1]"]
    assert [line.text for line in document.mt_lines] == ["%d vessel arrived in Velsk", '%d vessels arrived in "Velsk"']
    assert [line.text for line in document.src_lines] == ["%d ship reached Velsk", "%d ships reached Velsk"]
    assert [line.text for line in document.ref_lines] == ["%d ship reached Velsk", "%d ships reached Velsk"]
    assert [line.number for line in document.mt_lines] == [9, 10]
    # Escapes take one character in the text and two in the file: the column after them moves on.
    (run,) = [run for run in document.mt_lines[1].positions.runs if run[0] == len('%d vessels arrived in "')]
    assert run == (len('%d vessels arrived in "'), 10, len('msgstr[1] "%d vessels arrived in \\"'))
    assert any("1 untranslated" in warning for warning in corpus.warnings)
    assert any("1 reference message(s) with no MT message" in warning for warning in corpus.warnings)


TMX_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="{srclang}" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x"
 creationtool="x" creationtoolversion="1"/>
<body>
<tu>{tuvs}</tu>
</body></tmx>
"""


def _tmx(tmp_path: Path, languages: list[str], srclang: str = "*all*") -> Path:
    tuvs = "".join(f'<tuv xml:lang="{lang}"><seg>Text {lang}</seg></tuv>' for lang in languages)
    path = tmp_path / "memory.tmx"
    path.write_text(TMX_TEMPLATE.format(srclang=srclang, tuvs=tuvs), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("languages", "srclang", "options", "expected"),
    [
        (["zh-CN", "en-US"], "*all*", (None, "en"), ("zh-CN", "en-US")),
        (["zh-CN", "en-US"], "*all*", ("ZH", "EN"), ("zh-CN", "en-US")),  # prefixes, any case
        (["zh-CN", "en-US", "de-DE"], "zh-CN", (None, "en"), ("zh-CN", "en-US")),  # the header names the source
        (["zh-CN", "en-US", "de-DE"], "*all*", ("de", "en"), ("de-DE", "en-US")),
        (["sl", "hr"], "sl", (None, None), ("sl", "hr")),
        (["sl_SI", "en_GB"], "*all*", ("sl-si", "en-gb"), ("sl_SI", "en_GB")),
    ],
)
def test_tmx_language_pair(tmp_path, languages, srclang, options, expected):
    assert choose_languages(read_tmx(_tmx(tmp_path, languages, srclang)), *options) == expected


@pytest.mark.parametrize(
    ("languages", "options", "message"),
    [
        (["zh-CN", "en-US", "de-DE"], (None, "en"), "more than two languages (zh-CN, en-US, de-DE)"),
        (["zh-CN", "zh-TW", "en"], ("zh", "en"), "matches zh-CN, zh-TW"),
        (["zh-CN", "en"], (None, "fr"), "'fr' (languages in the file: zh-CN, en)"),
        (["en-GB", "en-US"], ("en", "en-US"), "matches en-GB, en-US"),
    ],
)
def test_tmx_language_pair_errors_name_the_languages(tmp_path, languages, options, message):
    with pytest.raises(InputError, match=re.escape(message)):
        choose_languages(read_tmx(_tmx(tmp_path, languages)), *options)


def test_tmx_units_without_tuid_are_matched_by_position_and_code_content_is_not_text(tmp_path):
    body = (
        '<tu><tuv xml:lang="ru"><seg>Один</seg></tuv><tuv xml:lang="en"><seg>One <ph>&lt;br/&gt;</ph>'
        '<bpt i="1">&lt;a href="x"&gt;<sub>link text</sub></bpt>port<ept i="1">&lt;/a&gt;</ept> &amp; harbour</seg></tuv></tu>\n'
        '<tu><tuv xml:lang="ru"><seg>Два</seg></tuv></tu>\n'
        '<tu><tuv xml:lang="ru"><seg>Три</seg></tuv><tuv xml:lang="en"><seg><![CDATA[Three & more]]></seg></tuv></tu>\n'
    )
    template = '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="ru"/><body>\n{}</body></tmx>\n'
    (tmp_path / "story.tmx").write_text(template.format(body), encoding="utf-8")
    reference = body.replace("One <ph>", "Uno <ph>").replace("Three & more", "Tres")
    (tmp_path / "story.ref.tmx").write_text(template.format(reference), encoding="utf-8")
    corpus = load_corpus(tmp_path, languages=(None, "en"))
    (document,) = corpus.documents
    assert document.segment_ids == ["1", "3"]
    assert [line.text for line in document.mt_lines] == ["One port & harbour", "Three & more"]
    assert [line.text for line in document.ref_lines] == ["Uno port & harbour", "Tres"]
    assert [line.text for line in document.src_lines] == ["Один", "Три"]
    assert any("1 unit(s) without a 'en' segment" in warning for warning in corpus.warnings)


def test_a_reference_file_alone_brings_its_mt_file(tmp_path):
    (tmp_path / "ships.po").write_text(PLURAL_PO, encoding="utf-8")
    (tmp_path / "ships.ref.po").write_text(PLURAL_REF, encoding="utf-8")
    (document,) = load_corpus([tmp_path / "ships.ref.po"]).documents
    assert document.mt_path == tmp_path / "ships.po"
    assert document.ref_lines is not None


def test_run_takes_several_paths_and_reads_each_document_once(tmp_path, embedder, monkeypatch):
    text = FORMATS / "text"
    monkeypatch.setattr(pipeline, "Embedder", lambda model=None, **_: embedder)
    out = tmp_path / "reports"
    # The MT file brings its reference and source; the same document named three ways is read once.
    result = runner.invoke(
        app,
        ["run", str(text / "harbour-fire.mt.txt"), str(text / "harbour-fire.ref.txt"), str(text), str(FORMATS / "po"), "--out", str(out), "--no-cache"],
    )
    assert result.exit_code == 1, result.output
    documents = (out / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[1] for row in documents[1:]] == ["po/harbour-fire", "text/harbour-fire"]
    assert "port-strike" not in (out / "segments.csv").read_text(encoding="utf-8")


def test_under_pre_commit_reports_go_to_a_temporary_folder_unless_out_is_given(tmp_path, embedder, monkeypatch):
    monkeypatch.setattr(pipeline, "Embedder", lambda model=None, **_: embedder)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bridge.mt.txt").write_text("Minister Ilse Marvanova opened the bridge.\n", encoding="utf-8")
    result = runner.invoke(app, ["run", "bridge.mt.txt", "--no-cache"], env={"PRE_COMMIT": "1"})
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bridge.mt.txt"]
    written = re.search(r"wrote (\S+)summary\.csv", result.output.replace("\n", ""))
    assert written and Path(written.group(1)).is_dir()
    result = runner.invoke(app, ["run", "bridge.mt.txt", "--no-cache", "--out", "here"], env={"PRE_COMMIT": "1"})
    assert result.exit_code == 0, result.output
    assert (tmp_path / "here" / "flags.csv").is_file()


TMX_ATTACKS = {
    "billion-laughs": ('<!ENTITY a "aaaaaaaaaa">\n <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">', "&b;"),
    "external-entity": ('<!ENTITY secret SYSTEM "file:///etc/passwd">', "&secret;"),
    "external-parameter-entity": ('<!ENTITY % remote SYSTEM "file:///etc/passwd">\n %remote;', "text"),
}


@pytest.mark.parametrize("attack", sorted(TMX_ATTACKS))
def test_tmx_entity_attacks_are_refused_as_xliff_ones_are(tmp_path, attack):
    declarations, text = TMX_ATTACKS[attack]
    body = f'<tu tuid="1"><tuv xml:lang="sl"><seg>Most.</seg></tuv><tuv xml:lang="en"><seg>{text} Bridge.</seg></tuv></tu>'
    tmx = f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx [\n {declarations}\n]>\n<tmx version="1.4"><header srclang="sl"/><body>{body}</body></tmx>\n'
    (tmp_path / "attack.tmx").write_text(tmx, encoding="utf-8")
    xliff = f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE xliff [\n {declarations}\n]>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="sl" datatype="plaintext"><body><trans-unit id="1"><source>Most.</source><target>{text} Bridge.</target></trans-unit></body></file></xliff>\n'
    (tmp_path / "attack.xlf").write_text(xliff, encoding="utf-8")
    messages = {}
    for name in ("attack.tmx", "attack.xlf"):
        result = runner.invoke(app, ["run", str(tmp_path / name), "--out", str(tmp_path / "r")])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert not (tmp_path / "r").exists()
        messages[name] = " ".join(result.output.split()).split(f"{name}, ", 1)[1]
    assert messages["attack.tmx"].startswith("line 3: refused: the file declares XML entities")
    assert messages["attack.tmx"] == messages["attack.xlf"]
