"""Ordinary-but-unexpected input: read correctly, noted where it matters, never a traceback."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.load.glossary import GlossaryEntry, load_glossaries
from mtcheck.load import load_corpus

runner = CliRunner()


def invoke(*args) -> object:
    return runner.invoke(app, [str(arg) for arg in args])


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# ------------------------------------------------------------ glossary kinds


def test_unknown_glossary_kinds_are_accepted_and_noted_once(tmp_path, shared_model):
    corpus = tmp_path / "desk"
    corpus.mkdir()
    (corpus / "harbour.mt.txt").write_text("The tanker Keldra Starr docked beside Varno Shipping vessels.\n", encoding="utf-8")
    (corpus / "glossary.csv").write_text(
        "term,variants,kind\n"
        "Keldra Star,Keldra Starr,ship\n"
        "Varno Shipping,,company\n"
        "Ilse Marvanova,,person\n"
        "Osto Line,,ship\n",
        encoding="utf-8",
    )
    result = invoke("run", corpus, "--out", tmp_path / "r", "--exit-zero")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if "not known to mtcheck" in line]
    assert len(notes) == 1, result.output
    assert "glossary.csv" in notes[0] and "'ship', 'company'" in notes[0] and notes[0].startswith("warning:")
    # The entry still does its job: its listed variant is flagged.
    flags = read_csv(tmp_path / "r" / "flags.csv")
    assert ("MT401", "Keldra Starr", "Keldra Star") in {(row["code"], row["found"], row["expected"]) for row in flags}


def test_an_unknown_kind_behaves_as_no_kind(tmp_path):
    glossary_file = tmp_path / "g.glossary.csv"
    glossary_file.write_text("term,kind\nKeldra Star,ship\nkeldra cargo,infrastructure\nOsto Line,person\n", encoding="utf-8")
    glossary = load_glossaries([glossary_file])
    ship, cargo, person = glossary.entries
    assert (ship.kind, ship.unknown_kind) == ("", "ship")
    assert ship.is_name == GlossaryEntry("Keldra Star").is_name
    assert cargo.is_name == GlossaryEntry("keldra cargo").is_name
    assert (person.kind, person.unknown_kind) == ("person", "")
    assert glossary.notes == (
        f"{glossary_file}: kinds 'ship', 'infrastructure' not known to mtcheck; such entries are checked as entries "
        "with no kind (mtcheck's kinds: event, law, organisation, other, person, place, product, term, title, treaty, work)",
    )


def test_an_unknown_tbx_kind_is_noted_too(tmp_path):
    tbx = tmp_path / "t.tbx"
    tbx.write_text(
        """<?xml version="1.0"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry><descrip type="kind">ship</descrip>
  <langSet xml:lang="en"><tig><term>Keldra Star</term></tig></langSet></termEntry>
</body></text></martif>""",
        encoding="utf-8",
    )
    glossary = load_glossaries([tbx], target_lang="en")
    assert glossary.entries[0].kind == "" and glossary.entries[0].unknown_kind == "ship"
    assert len(glossary.notes) == 1 and "'ship'" in glossary.notes[0]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_glossary_with_a_byte_order_mark_is_read_like_corpus_text(tmp_path, encoding):
    glossary_file = tmp_path / "g.glossary.csv"
    glossary_file.write_bytes("term,variants\nIlse Marvanová,Ilse Marvanova\n".encode(encoding))
    (entry,) = load_glossaries([glossary_file])
    assert (entry.term, entry.variants) == ("Ilse Marvanová", ("Ilse Marvanova",))


# ----------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-be-with-bom", "utf-32-le-with-bom"])
def test_utf32_with_bom_is_read_as_utf32(tmp_path, shared_model, encoding):
    text = "Marek Dvornik spoke first.\nHe spoke again.\n"
    if encoding == "utf-32":
        data = text.encode("utf-32")
    elif encoding == "utf-32-be-with-bom":
        data = b"\x00\x00\xfe\xff" + text.encode("utf-32-be")
    else:
        data = b"\xff\xfe\x00\x00" + text.encode("utf-32-le")
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.mt.txt").write_bytes(data)
    result = invoke("run", corpus, "--out", tmp_path / "r")
    assert result.exit_code == 0, result.output
    assert [row["mt"] for row in read_csv(tmp_path / "r" / "segments.csv")] == ["Marek Dvornik spoke first.", "He spoke again."]


# ------------------------------------------------------------ files in a corpus


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_dangling_and_looping_symlinks_are_named_in_a_warning(tmp_path, shared_model):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.mt.txt").write_text("The ferry left at noon.\n", encoding="utf-8")
    os.symlink("moved-away.mt.txt", corpus / "b.mt.txt")
    os.symlink("c.ref.txt", corpus / "c.ref.txt")
    result = invoke("run", corpus, "--out", tmp_path / "r")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert any("b.mt.txt" in line and "moved-away.mt.txt" in line and "does not exist" in line for line in warnings), warnings
    assert any("c.ref.txt" in line and "loops" in line for line in warnings), warnings


def test_a_file_name_with_a_newline_is_a_document(tmp_path, shared_model):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "port\nstrike.mt.txt").write_text("The port reopened.\n", encoding="utf-8")
    (corpus / "port\nstrike.ref.txt").write_text("The port reopened.\n", encoding="utf-8")
    result = invoke("run", corpus, "--out", tmp_path / "r")
    assert result.exit_code == 0, result.output
    (document,) = read_csv(tmp_path / "r" / "documents.csv")
    assert document["doc"] == "port\nstrike" and float(document["bleu"]) == 100


# ------------------------------------------------------------------ tables


def test_table_ids_that_look_like_special_numbers_are_plain_ids(tmp_path, shared_model):
    table = tmp_path / "ids.tsv"
    table.write_text("doc\tsegment\tmt\nd\tinf\tFirst.\nd\tnan\tSecond.\nd\t1e999\tThird.\nd\t-inf\tFourth.\n", encoding="utf-8")
    result = invoke("run", table, "--out", tmp_path / "r")
    assert result.exit_code == 0, result.output
    segments = read_csv(tmp_path / "r" / "segments.csv")
    # Kept as written, in file order (they are not all numbers); `-inf` gets the formula guard.
    assert [row["segment"] for row in segments] == ["inf", "nan", "1e999", "'-inf"]


def test_jsonl_null_is_empty_and_line_separators_stay_inside_strings(tmp_path):
    table = tmp_path / "t.jsonl"
    table.write_text(
        '{"doc": "d", "segment": 1, "mt": "One\u2028and one.", "ref": null, "src": null, "meta": {"desk": "east"}}\n'
        '{"doc": "d", "segment": 2, "mt": "Two.", "ref": null, "meta": 7}\n',
        encoding="utf-8",
    )
    (document,) = load_corpus(table).documents
    assert [line.text for line in document.mt_lines] == ["One\u2028and one.", "Two."]
    assert document.ref_lines is None and document.src_lines is None
    assert document.extra_columns == [{"meta": '{"desk": "east"}'}, {"meta": "7"}]


# ------------------------------------------------------------- the messages


def test_user_text_is_printed_without_markup(tmp_path, shared_model):
    corpus = tmp_path / "[bold]desk"
    corpus.mkdir()
    (corpus / "a.mt.txt").write_text("The ferry left at noon.\n", encoding="utf-8")
    out = tmp_path / "[red]reports[/]"
    result = invoke("run", corpus, "--out", out)
    assert result.exit_code == 0, result.output
    assert f"wrote {out / 'segments.csv'}" in result.output
    baseline = tmp_path / "[i]baseline.json"
    result = invoke("baseline", corpus, "--output", baseline)
    assert result.exit_code == 0, result.output
    assert f"wrote {baseline} with 0 findings" in result.output
    (corpus / "b.mt.txt").write_bytes(b"caf\xe9\n")
    result = invoke("run", corpus, "--out", out)
    assert result.exit_code == 2
    assert f"{corpus / 'b.mt.txt'}, line 1" in result.output


# --------------------------------------------------- errors before the model


HEAVY = ("torch", "sentence_transformers", "transformers", "onnxruntime", "openvino")


@pytest.mark.parametrize(
    "name, content, args",
    [
        ("news.tsv", "doc\tsegment\nd\t1\n", ()),
        ("glossary.csv", "term,severity\nKeldra Star,blocker\n", ()),
        ("mtcheck.toml", "[gate]\nfail-on = 3\n", ()),
        ("notes.txt", "", ("--select", "MT9[/]")),
        ("news.jsonl", '{"doc": "d", "segment": 1, "mt": {"text": "x"}}\n', ()),
    ],
    ids=["table", "glossary", "config", "select", "jsonl-type"],
)
def test_bad_input_is_refused_before_torch_is_imported(tmp_path, name, content, args):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.mt.txt").write_text("The ferry left at noon.\n", encoding="utf-8")
    (corpus / name).write_text(content, encoding="utf-8")
    code = (
        "import sys; from typer.testing import CliRunner; from mtcheck.cli import app; "
        f"r = CliRunner().invoke(app, ['run', {str(corpus)!r}, '--out', {str(tmp_path / 'r')!r}, *{list(args)!r}]); "
        "assert r.exit_code == 2, r.output; print(r.output); "
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]; assert not heavy, heavy"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "error:" in completed.stdout
