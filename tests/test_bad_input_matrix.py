"""Bad and hostile input, one case each: exit code 2, a message naming the place, nothing lost.

Every case builds a corpus (and perhaps a glossary or configuration) that
mtcheck must refuse, runs `mtcheck run` on it with `--out` pointing at the
reports of an earlier good run, and asserts:

- exit code 2 and no Python traceback;
- the message names the file, and the line and key where there is one;
- the earlier reports are byte-for-byte unchanged.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck import pipeline
from mtcheck.cli import app

runner = CliRunner()

GOOD_MT = "Minister Ilse Marvanova opened the Keldra bridge on Monday.\nTraffic resumed at noon.\n"
GOOD_REF = "Minister Ilse Marvanova opened the Keldra bridge on Monday.\nTraffic resumed at noon.\n"
TABLE_HEADER = "doc\tsegment\tmt\tref\n"


@pytest.fixture(scope="module")
def good_reports(tmp_path_factory, embedder) -> Path:
    """The reports of one good run on a tiny corpus, made once for the module."""
    folder = tmp_path_factory.mktemp("good")
    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / "bridge.mt.txt").write_text(GOOD_MT, encoding="utf-8")
    (corpus / "bridge.ref.txt").write_text(GOOD_REF, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "Embedder", lambda model=None, **_: embedder)
        result = runner.invoke(app, ["run", str(corpus), "--out", str(folder / "reports")])
    assert result.exit_code == 0, result.output
    return folder / "reports"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


# ------------------------------------------------------------------ the cases


@dataclass
class Case:
    """`setup(corpus)` writes the bad input; `expected` are fragments the message must contain."""

    id: str
    setup: Callable[[Path], None]
    expected: tuple[str, ...]
    args: tuple[str, ...] = ()
    corpus_name: str = "corpus"
    # The argument given as CORPUS, relative to the case's folder (default: the corpus folder).
    corpus_argument: str | None = None


def write(name: str, content: str | bytes) -> Callable[[Path], None]:
    """A setup writing one file into the corpus."""

    def setup(corpus: Path) -> None:
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)

    return setup


def with_good_mt(*setups: Callable[[Path], None]) -> Callable[[Path], None]:
    """A good MT document plus whatever else the case writes (a glossary, a configuration)."""

    def setup(corpus: Path) -> None:
        (corpus / "bridge.mt.txt").write_text(GOOD_MT, encoding="utf-8")
        for other in setups:
            other(corpus)

    return setup


def lines(*items: str) -> str:
    return "".join(item + "\n" for item in items)


NESTED_JSON = '{"doc": "d", "segment": "1", "mt": "x", "extra": ' + "[" * 200_000 + "]" * 200_000 + "}\n"
NESTED_TOML = "model = " + "[" * 50_000 + "]" * 50_000 + "\n"
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE martif [\n<!ENTITY lol "lol">\n'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
    '<martif type="TBX"><text><body><termEntry><langSet xml:lang="en"><tig><term>&lol2;</term></tig>'
    "</langSet></termEntry></body></text></martif>\n"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE martif [\n<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
    '<martif type="TBX"><text><body><termEntry><langSet xml:lang="en"><tig><term>&secret;</term></tig>'
    "</langSet></termEntry></body></text></martif>\n"
)
TBX_BROKEN = (
    '<?xml version="1.0"?>\n<martif type="TBX">\n<text><body>\n<termEntry>\n'
    '<langSet xml:lang="en"><tig><term>Keldra Port Authority</term></tig>\n</termEntry>\n</body></text></martif>\n'
)

TMX_HEAD = '<?xml version="1.0"?>\n'
TMX_UNIT = '<tu tuid="1"><tuv xml:lang="sl"><seg>Most je odprt.</seg></tuv><tuv xml:lang="en"><seg>{text}</seg></tuv></tu>'
TMX_BILLION_LAUGHS = (
    TMX_HEAD + '<!DOCTYPE tmx [\n<!ENTITY lol "lol">\n<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
    '<tmx version="1.4"><header srclang="sl"/><body>' + TMX_UNIT.format(text="&lol2;") + "</body></tmx>\n"
)
TMX_EXTERNAL_ENTITY = (
    TMX_HEAD + '<!DOCTYPE tmx [\n<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
    '<tmx version="1.4"><header srclang="sl"/><body>' + TMX_UNIT.format(text="&secret;") + "</body></tmx>\n"
)
TMX_BROKEN = TMX_HEAD + '<tmx version="1.4">\n<header srclang="sl"/>\n<body>\n' + TMX_UNIT.format(text="Bridge <b>open.") + "\n</body></tmx>\n"
TMX_THREE_LANGUAGES = (
    TMX_HEAD + '<tmx version="1.4"><header srclang="*all*"/><body><tu><tuv xml:lang="sl"><seg>Most.</seg></tuv>'
    '<tuv xml:lang="de"><seg>Brücke.</seg></tuv><tuv xml:lang="hr"><seg>Most.</seg></tuv></tu></body></tmx>\n'
)
PO_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'

CASES = [
    # --- encodings of a text document
    Case("utf16le-without-bom", write("bridge.mt.txt", GOOD_MT.encode("utf-16-le")), ("bridge.mt.txt", "line 1", "NUL")),
    Case("utf16be-without-bom", write("bridge.mt.txt", GOOD_MT.encode("utf-16-be")), ("bridge.mt.txt", "line 1", "byte-order mark")),
    Case("utf32le-without-bom", write("bridge.mt.txt", GOOD_MT.encode("utf-32-le")), ("bridge.mt.txt", "line 1", "UTF-32")),
    Case("utf32be-without-bom", write("bridge.mt.txt", GOOD_MT.encode("utf-32-be")), ("bridge.mt.txt", "line 1", "NUL")),
    Case("utf16-bom-truncated", write("bridge.mt.txt", GOOD_MT.encode("utf-16")[:-1]), ("bridge.mt.txt", "not valid UTF-16")),
    Case(
        "utf32-bom-bad-code-point",
        write("bridge.mt.txt", "Hello.\n".encode("utf-32") + b"\x00\x00\x11\x00"),
        ("bridge.mt.txt", "not valid UTF-32"),
    ),
    Case("utf16-bom-nul-inside", write("bridge.mt.txt", "Hello.\nWor\x00ld.\n".encode("utf-16")), ("bridge.mt.txt", "line 2", "NUL")),
    Case("latin-1", write("bridge.mt.txt", "Hello.\nCaf\u00e9 Marvanov\u00e1.\n".encode("latin-1")), ("bridge.mt.txt", "line 2", "not valid UTF-8")),
    Case(
        "windows-1252",
        write("bridge.mt.txt", "One.\nTwo.\nShe said \u201cno\u201d.\n".encode("cp1252")),
        ("bridge.mt.txt", "line 3", "byte 0x93"),
    ),
    Case("truncated-utf8", write("bridge.mt.txt", "One.\nMarvanov\u00e1".encode("utf-8")[:-1]), ("bridge.mt.txt", "line 2", "middle of a character")),
    Case("nul-after-8-kb", write("bridge.mt.txt", b"Plain line.\n" * 1000 + b"Bro\x00ken.\n"), ("bridge.mt.txt", "line 1001", "NUL byte")),
    Case("binary-file", write("bridge.mt.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), ("bridge.mt.txt", "line 3", "binary")),
    Case(
        "reference-latin-1",
        with_good_mt(write("bridge.ref.txt", "Hello.\nZo\u00eb.\n".encode("latin-1"))),
        ("bridge.ref.txt", "line 2", "not valid UTF-8"),
    ),
    Case(
        "table-latin-1",
        write("news.tsv", (TABLE_HEADER + "d\t1\tCaf\u00e9.\t\n").encode("latin-1")),
        ("news.tsv", "line 2", "not valid UTF-8"),
    ),
    # --- empty files
    Case("empty-mt", write("bridge.mt.txt", ""), ("bridge.mt.txt", "empty")),
    Case("whitespace-only-mt", write("bridge.mt.txt", " \n\t\n\u00a0\n"), ("bridge.mt.txt", "empty")),
    Case("empty-reference", with_good_mt(write("bridge.ref.txt", "\n\n")), ("bridge.ref.txt", "empty")),
    Case("empty-table", write("news.tsv", ""), ("news.tsv", "empty")),
    Case("header-only-table", write("news.csv", "doc,segment,mt\n"), ("news.csv", "no rows")),
    # --- tables
    Case("tsv-missing-mt-column", write("news.tsv", lines("doc\tsegment\tref", "d\t1\tHello.")), ("news.tsv", "missing column(s) mt")),
    Case("csv-missing-columns", write("news.csv", lines("text", "Hello.")), ("news.csv", "missing column(s) doc, segment, mt")),
    Case("tsv-duplicate-header", write("news.tsv", lines("doc\tsegment\tmt\tmt", "d\t1\ta\tb")), ("news.tsv", "line 1", "duplicate column(s) mt")),
    Case("csv-duplicate-header", write("news.csv", lines("doc,doc,segment,mt", "d,d,1,a")), ("news.csv", "line 1", "duplicate column(s) doc")),
    Case("tsv-ragged-row", write("news.tsv", lines("doc\tsegment\tmt", "d\t1\tOne.", "d\t2\tTwo.\textra")), ("news.tsv", "line 3", "fields")),
    Case("csv-ragged-row", write("news.csv", lines("doc,segment,mt", "d,1,One.", "d,2")), ("news.csv", "line 3", "fields")),
    Case("tsv-empty-doc", write("news.tsv", lines("doc\tsegment\tmt", " \t1\tOne.")), ("news.tsv", "line 2", "column 'doc'")),
    Case("csv-empty-segment", write("news.csv", lines("doc,segment,mt", "d,1,One.", "d,,Two.")), ("news.csv", "line 3", "column 'segment'")),
    Case("tsv-duplicate-id", write("news.tsv", lines("doc\tsegment\tmt", "d\ts-1\tOne.", "d\ts-1\tTwo.")), ("news.tsv", "line 3", "appears twice")),
    Case(
        "csv-unclosed-quote",
        write("news.csv", lines("doc,segment,mt", "d,1,One.", 'd,2,"Two, and', "d,3,Three.", "d,4,Four.")),
        ("news.csv", "line 3", "never closed"),
    ),
    Case("csv-text-after-quote", write("news.csv", lines("doc,segment,mt", 'd,1,"One" more')), ("news.csv", "line 2", "malformed CSV")),
    Case(
        "same-document-twice",
        with_good_mt(write("more.tsv", lines("doc\tsegment\tmt", "bridge\t1\tOne."))),
        ("more.tsv", "document 'bridge'"),
    ),
    # --- JSON Lines
    Case("jsonl-bad-json", write("news.jsonl", lines('{"doc": "d", "segment": "1", "mt": "One."}', '{"doc": "d",')), ("news.jsonl", "line 2", "not valid JSON")),
    Case("jsonl-list-line", write("news.jsonl", lines('["d", "1", "One."]')), ("news.jsonl", "line 1", "JSON object")),
    Case("jsonl-string-line", write("news.jsonl", lines('{"doc": "d", "segment": "1", "mt": "One."}', '"just text"')), ("news.jsonl", "line 2", "JSON object")),
    Case("jsonl-nested-200000-deep", write("news.jsonl", NESTED_JSON), ("news.jsonl", "line 1", "nested too deeply")),
    Case("jsonl-mt-number", write("news.jsonl", lines('{"doc": "d", "segment": 1, "mt": 42}')), ("news.jsonl", "line 1", "column 'mt'", "a number")),
    Case(
        "jsonl-ref-object",
        write("news.jsonl", lines('{"doc": "d", "segment": 1, "mt": "Two.", "ref": {"text": "Two."}}')),
        ("news.jsonl", "line 1", "column 'ref'", "an object"),
    ),
    Case(
        "jsonl-src-list",
        write("news.jsonl", lines('{"doc": "d", "segment": 1, "mt": "One."}', '{"doc": "d", "segment": 2, "mt": "Two.", "src": ["a"]}')),
        ("news.jsonl", "line 2", "column 'src'", "a list"),
    ),
    Case("jsonl-mt-boolean", write("news.jsonl", lines('{"doc": "d", "segment": 1, "mt": true}')), ("news.jsonl", "line 1", "column 'mt'")),
    Case("jsonl-segment-object", write("news.jsonl", lines('{"doc": "d", "segment": {"id": 1}, "mt": "One."}')), ("news.jsonl", "line 1", "column 'segment'")),
    Case("jsonl-missing-mt", write("news.jsonl", lines('{"doc": "d", "segment": 1, "text": "One."}')), ("news.jsonl", "missing column(s) mt")),
    # --- glossaries
    Case("glossary-no-term-column", with_good_mt(write("glossary.csv", lines("name,kind", "Ilse Marvanova,person"))), ("glossary.csv", "line 1")),
    Case("glossary-missing-term", with_good_mt(write("glossary.csv", lines("variants,kind", "Marvanowa,person"))), ("glossary.csv", "line 1", "'term'")),
    Case("glossary-empty-term", with_good_mt(write("glossary.csv", lines("term,variants", "Ilse Marvanova,", " ,Marvanowa"))), ("glossary.csv", "line 3", "column 'term'")),
    Case("glossary-bad-severity", with_good_mt(write("glossary.csv", lines("term,severity", "Ilse Marvanova,blocker"))), ("glossary.csv", "line 2", "column 'severity'")),
    Case(
        "glossary-unclosed-quote",
        with_good_mt(write("glossary.csv", lines("term,variants", "Ilse Marvanova,Marvanowa", '"Keldra Bridge,Keldra Brige', "Port of Keldra,"))),
        ("glossary.csv", "line 3", "never closed"),
    ),
    Case("glossary-latin-1", with_good_mt(write("glossary.csv", "term\nIlse Marvanova\nZo\u00eb\n".encode("latin-1"))), ("glossary.csv", "line 3", "column 'term'")),
    Case("glossary-nul-byte", with_good_mt(write("glossary.csv", b"term\nIlse Marvanova\nKel\x00dra\n")), ("glossary.csv", "line 3", "NUL")),
    Case("glossary-named-and-missing", with_good_mt(), ("no-such.glossary.csv", "no such glossary file"), args=("--glossary", "{case}/no-such.glossary.csv")),
    Case("tbx-malformed", with_good_mt(write("terms.tbx", TBX_BROKEN)), ("terms.tbx", "line 6", "not well-formed")),
    Case("tbx-billion-laughs", with_good_mt(write("terms.tbx", BILLION_LAUGHS)), ("terms.tbx", "refused", "entities")),
    Case("tbx-external-entity", with_good_mt(write("terms.tbx", EXTERNAL_ENTITY)), ("terms.tbx", "refused")),
    Case("tbx-not-tbx", with_good_mt(write("terms.tbx", '<?xml version="1.0"?>\n<html><body/></html>\n')), ("terms.tbx", "line 2", "<html>")),
    # --- configuration
    Case("config-unknown-key", with_good_mt(write("mtcheck.toml", lines('colour = "red"'))), ("mtcheck.toml", "colour", "unknown key")),
    Case("config-wrong-type", with_good_mt(write("mtcheck.toml", lines("[gate]", "fail-on = 3"))), ("mtcheck.toml", "gate.fail-on")),
    Case("config-bad-threshold", with_good_mt(write("mtcheck.toml", lines("[gate]", "min-chrf = 140"))), ("mtcheck.toml", "gate.min-chrf", "at most 100")),
    Case("config-bad-toml", with_good_mt(write("mtcheck.toml", lines("ignore = [MT103"))), ("mtcheck.toml", "line 1", "not valid TOML")),
    Case("config-not-utf8", with_good_mt(write("mtcheck.toml", b'ignore = ["MT103"]\nmodel = "caf\xe9"\n')), ("mtcheck.toml", "line 2", "not UTF-8")),
    Case("config-nested-50000-deep", with_good_mt(write("mtcheck.toml", NESTED_TOML)), ("mtcheck.toml", "nested too deeply")),
    Case("config-key-with-closing-markup", with_good_mt(write("mtcheck.toml", lines('"x[/]" = 1'))), ("mtcheck.toml", "x[/]", "unknown key")),
    Case("config-key-with-bold-markup", with_good_mt(write("mtcheck.toml", lines('"[bold]colour" = 1'))), ("mtcheck.toml", "[bold]colour")),
    Case("config-check-with-markup", with_good_mt(write("mtcheck.toml", lines('[severity]', '"MT1[/]" = "major"'))), ("mtcheck.toml", "severity.MT1[/]")),
    Case("config-unknown-check-setting", with_good_mt(write("mtcheck.toml", lines("[checks.garbled-name]", "loudness = 3"))), ("mtcheck.toml", "checks.garbled-name.loudness")),
    Case("pyproject-tool-mtcheck-not-a-table", with_good_mt(write("pyproject.toml", lines("[tool]", "mtcheck = 3"))), ("pyproject.toml", "tool.mtcheck")),
    Case("config-file-missing", with_good_mt(), ("nowhere.toml", "not found"), args=("--config", "{case}/nowhere.toml")),
    # --- the command line
    Case("select-with-markup", with_good_mt(), ("select", "MT[/]"), args=("--select", "MT[/]")),
    Case("select-unknown-check", with_good_mt(), ("select", "MT999"), args=("--select", "MT999")),
    Case("unknown-option", with_good_mt(), ("--no-such-option",), args=("--no-such-option",)),
    Case("bad-fail-on", with_good_mt(), ("fail-on", "blocker"), args=("--fail-on", "blocker")),
    Case("bad-export", with_good_mt(), ("--export", "pdf=report.pdf"), args=("--export", "pdf=report.pdf")),
    Case("baseline-missing", with_good_mt(), ("no-baseline.json",), args=("--baseline", "{case}/no-baseline.json")),
    Case("corpus-missing", lambda corpus: None, ("not-here", "no such file or folder"), corpus_argument="not-here"),
    Case("corpus-missing-with-markup", lambda corpus: None, ("[bold]not-here", "no such file"), corpus_argument="[bold]not-here"),
    Case("corpus-without-mt-files", write("notes/README.md", "Nothing to translate.\n"), ("corpus", "no MT documents")),
    Case("corpus-only-references", write("bridge.ref.txt", GOOD_REF), ("corpus", "no MT documents")),
    Case("single-file-not-a-corpus-file", write("notes.txt", GOOD_MT), ("notes.txt", "not a corpus file"), corpus_argument="corpus/notes.txt"),
    Case("one-of-several-paths-missing", with_good_mt(), ("nowhere.mt.txt", "no such file"), args=("{case}/nowhere.mt.txt",)),
    # --- TMX
    Case("tmx-billion-laughs", write("bridge.tmx", TMX_BILLION_LAUGHS), ("bridge.tmx", "refused", "entities")),
    Case("tmx-external-entity", write("bridge.tmx", TMX_EXTERNAL_ENTITY), ("bridge.tmx", "refused", "entities")),
    Case("tmx-malformed", write("bridge.tmx", TMX_BROKEN), ("bridge.tmx", "line 5", "not well-formed")),
    Case("tmx-not-tmx", write("bridge.tmx", TMX_HEAD + "<html><body/></html>\n"), ("bridge.tmx", "not a TMX file")),
    Case("tmx-three-languages", write("bridge.tmx", TMX_THREE_LANGUAGES), ("bridge.tmx", "sl, de, hr"), args=("--target-lang", "de")),
    Case("tmx-no-target-language", write("bridge.tmx", TMX_HEAD + '<tmx version="1.4"><header srclang="sl"/><body>' + TMX_UNIT.format(text="Open.") + "</body></tmx>"), ("bridge.tmx", "'fr'", "sl, en"), args=("--target-lang", "fr")),
    Case("tmx-duplicate-tuid", write("bridge.tmx", TMX_HEAD + '<tmx version="1.4"><header srclang="sl"/><body>\n' + TMX_UNIT.format(text="A.") + "\n" + TMX_UNIT.format(text="B.") + "\n</body></tmx>"), ("bridge.tmx", "line 3", "tuid '1'")),
    # --- PO
    Case("po-unterminated-string", write("bridge.po", PO_HEADER + 'msgid "Most je odprt."\nmsgstr "The bridge is open.\n'), ("bridge.po", "line 6", "malformed PO")),
    Case("po-stray-line", write("bridge.po", PO_HEADER + 'msgid "Most."\nmsgstr "Bridge."\nbridge\n'), ("bridge.po", "line 7", "malformed PO")),
    Case("po-all-untranslated", write("bridge.po", PO_HEADER + 'msgid "Most."\nmsgstr ""\n'), ("bridge.po", "every msgstr is empty")),
    Case("po-template", write("bridge.pot", PO_HEADER + 'msgid "Most."\nmsgstr ""\n'), ("bridge.pot", "template"), corpus_argument="corpus/bridge.pot"),
    Case("system-name-on-reference", with_good_mt(write("bridge.ref.sysA.txt", GOOD_REF)), ("bridge.ref.sysA.txt", "only MT files")),
]


def test_the_matrix_is_large_and_ids_are_unique():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 45


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_exit_2_naming_the_place_and_keeps_earlier_reports(tmp_path, good_reports, case):
    corpus = tmp_path / case.corpus_name
    corpus.mkdir()
    case.setup(corpus)
    out = tmp_path / "reports"
    shutil.copytree(good_reports, out)
    before = snapshot(out)
    argument = tmp_path / case.corpus_argument if case.corpus_argument else corpus
    args = [arg.replace("{case}", str(tmp_path)) for arg in case.args]
    result = runner.invoke(app, ["run", str(argument), "--out", str(out), *args])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    for fragment in case.expected:
        assert fragment in result.output, (fragment, result.output)
    assert snapshot(out) == before
