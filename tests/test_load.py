"""Loading every input form, every encoding, and refusing bad input clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtcheck.errors import InputError
from mtcheck.load import load_corpus


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def test_text_documents_with_reference_source_and_systems(tmp_path):
    write(tmp_path / "a.mt.txt", "One.\n\nTwo.\n")
    write(tmp_path / "a.ref.txt", "Uno.\nDos.\n")
    write(tmp_path / "a.src.txt", "Ein.\nZwei.\n")
    write(tmp_path / "sub" / "b.mt.alpha.txt", "Alpha text.\n")
    write(tmp_path / "sub" / "b.mt.beta.txt", "Beta text.\n")
    write(tmp_path / "README.md", "not a document")
    corpus = load_corpus(tmp_path)
    keys = [(d.system, d.doc) for d in corpus.documents]
    assert keys == [("alpha", "sub/b"), ("beta", "sub/b"), ("mt", "a")]
    a = corpus.documents[-1]
    assert [(line.number, line.text) for line in a.mt_lines] == [(1, "One."), (3, "Two.")]
    assert a.has_reference and a.has_source


def test_mt_without_reference_loads_and_reference_without_mt_warns(tmp_path):
    write(tmp_path / "a.mt.txt", "Only MT.\n")
    write(tmp_path / "orphan.ref.txt", "No MT for me.\n")
    corpus = load_corpus(tmp_path)
    assert [d.doc for d in corpus.documents] == ["a"]
    assert not corpus.documents[0].has_reference
    assert any("orphan.ref.txt" in warning for warning in corpus.warnings)


@pytest.mark.parametrize(
    "encoding, prefix",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")],
)
def test_accepted_encodings(tmp_path, encoding, prefix):
    text = "Zoë Kovač said \u201cyes\u201d.\r\nSecond\tline  here.\r\n"
    (tmp_path / "a.mt.txt").write_bytes(prefix + text.encode(encoding))
    document = load_corpus(tmp_path).documents[0]
    assert [line.text for line in document.mt_lines] == ["Zoë Kovač said \u201cyes\u201d.", "Second line here."]


def test_wrong_encoding_names_file_and_line(tmp_path):
    (tmp_path / "a.mt.txt").write_bytes("fine line\nZo\u00eb\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"a\.mt\.txt, line 2: not valid UTF-8"):
        load_corpus(tmp_path)


def test_binary_file_is_refused(tmp_path):
    (tmp_path / "a.mt.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary"):
        load_corpus(tmp_path)


def test_empty_file_is_refused(tmp_path):
    write(tmp_path / "a.mt.txt", "  \n\n")
    with pytest.raises(InputError, match=r"a\.mt\.txt: the file is empty"):
        load_corpus(tmp_path)


def test_empty_folder_and_missing_path(tmp_path):
    with pytest.raises(InputError, match="no MT documents found"):
        load_corpus(tmp_path)
    with pytest.raises(InputError, match="no such file or folder"):
        load_corpus(tmp_path / "nowhere")


def test_tsv_is_read_without_quote_processing(tmp_path):
    table = write(
        tmp_path / "t.tsv",
        'doc\tsegment\tsystem\tmt\tref\tdomain\n'
        'd1\t2\tA\tShe said "no\tShe said "no"\tnews\n'
        'd1\t1\tA\t"Quoted" start\t"Quoted" start\tnews\n'
        'd1\t1\tB\tOther system\tOther system\tnews\n',
    )
    documents = load_corpus(table).documents
    assert [(d.system, d.doc) for d in documents] == [("A", "d1"), ("B", "d1")]
    first = documents[0]
    assert [line.text for line in first.mt_lines] == ['"Quoted" start', 'She said "no']
    assert [line.number for line in first.mt_lines] == [3, 2]
    assert first.extra_columns[0]["domain"] == "news"


def test_csv_follows_standard_quoting(tmp_path):
    table = write(tmp_path / "t.csv", 'doc,segment,mt,ref\nd,1,"Hello, ""world""","Hi, world"\nd,2,"two\nlines",two lines\n')
    document = load_corpus(table).documents[0]
    assert [line.text for line in document.mt_lines] == ['Hello, "world"', "two lines"]
    assert [line.text for line in document.ref_lines] == ["Hi, world", "two lines"]


def test_jsonl_table(tmp_path):
    rows = [{"doc": "d", "segment": 1, "mt": "A.", "ref": "A."}, {"doc": "d", "segment": 2, "mt": "B.", "ref": "B.", "note": "x"}]
    table = write(tmp_path / "t.jsonl", "\n".join(json.dumps(row) for row in rows) + "\n")
    document = load_corpus(table).documents[0]
    assert [line.text for line in document.mt_lines] == ["A.", "B."]
    assert document.extra_columns[1]["note"] == "x"


def test_table_missing_columns_names_them(tmp_path):
    table = write(tmp_path / "t.tsv", "doc\ttext\nd\thello\n")
    with pytest.raises(InputError, match=r"t\.tsv: missing column\(s\) segment, mt"):
        load_corpus(table)


def test_table_bad_rows_name_the_line(tmp_path):
    table = write(tmp_path / "t.tsv", "doc\tsegment\tmt\nd\t1\tok\nd\t \tbad\n")
    with pytest.raises(InputError, match=r"line 3, column 'segment': empty 'segment'"):
        load_corpus(table)
    table = write(tmp_path / "u.tsv", "doc\tsegment\tmt\nd\t1\tok\textra\n")
    with pytest.raises(InputError, match=r"u\.tsv, line 2: expected 3 tab-separated fields"):
        load_corpus(table)
    table = write(tmp_path / "v.jsonl", '{"doc": "d", "segment": 1, "mt": "a"}\n{not json}\n')
    with pytest.raises(InputError, match=r"v\.jsonl, line 2: not valid JSON"):
        load_corpus(table)


def test_duplicate_segment_is_an_error(tmp_path):
    table = write(tmp_path / "t.tsv", "doc\tsegment\tmt\nd\t1\ta\nd\t1\tb\n")
    with pytest.raises(InputError, match=r"t\.tsv, line 3: segment '1' of doc 'd' \(system 'mt'\) appears twice \(first on line 2\)"):
        load_corpus(table)


def test_glossary_files_are_not_tables(tmp_path):
    write(tmp_path / "a.mt.txt", "Text.\n")
    write(tmp_path / "glossary.csv", "term\nNATO\n")
    write(tmp_path / "names.glossary.csv", "term\nEU\n")
    assert [d.doc for d in load_corpus(tmp_path).documents] == ["a"]
