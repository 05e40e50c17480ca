"""`mtcheck glossary build`, and a mined glossary enforcing itself on unreferenced MT."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck import pipeline
from mtcheck.cli import app
from mtcheck.load.glossary import load_glossaries

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"
runner = CliRunner()


@pytest.fixture(autouse=True)
def shared_model(monkeypatch, embedder):
    monkeypatch.setattr(pipeline, "Embedder", lambda model=None, **_: embedder)
    import mtcheck.embed

    monkeypatch.setattr(mtcheck.embed, "Embedder", lambda model=None, **_: embedder)


def test_mined_glossary_flags_the_planted_garbles_without_references(tmp_path):
    glossary = tmp_path / "glossary.csv"
    built = runner.invoke(app, ["glossary", "build", str(DEMO), "-o", str(glossary)])
    assert built.exit_code == 0, built.output
    entries = {entry.term: entry for entry in load_glossaries([glossary]).entries}
    assert "Ingrid Lindqvist" in entries or "Lindqvist" in {t.split()[-1] for t in entries}

    # The same MT with no references, checked against the mined glossary only.
    unreferenced = tmp_path / "unreferenced"
    unreferenced.mkdir()
    for path in DEMO.glob("*.mt.txt"):
        shutil.copy(path, unreferenced / path.name)
    result = runner.invoke(app, ["run", str(unreferenced), "--glossary", str(glossary), "--out", str(tmp_path / "r")])
    assert result.exit_code == 1, result.output
    with (tmp_path / "r" / "flags.csv").open(newline="", encoding="utf-8") as handle:
        flags = list(csv.DictReader(handle))
    glossary_flags = {(row["doc"], row["line"], row["found"]) for row in flags if row["code"].startswith("MT4")}
    assert ("parliament-vote", "8", "Lindquist") in {(d, l, f.split()[-1]) for d, l, f in glossary_flags}
    assert ("parliament-vote", "12", "Lindkvist") in {(d, l, f.split()[-1]) for d, l, f in glossary_flags}
    assert not [row for row in flags if row["doc"] == "flood-relief" and row["code"].startswith("MT4")]


def test_written_glossary_loads_back_unchanged(tmp_path):
    first = tmp_path / "first.csv"
    assert runner.invoke(app, ["glossary", "build", str(DEMO), "-o", str(first)]).exit_code == 0
    from mtcheck.load.glossary import write_glossary_csv

    second = tmp_path / "second.csv"
    write_glossary_csv(load_glossaries([first]), second)
    assert load_glossaries([first]) == load_glossaries([second])
    assert first.read_bytes() == second.read_bytes()


def test_build_without_references_is_a_clear_error(tmp_path):
    (tmp_path / "a.mt.txt").write_text("Only machine translation here.\n")
    result = runner.invoke(app, ["glossary", "build", str(tmp_path), "-o", str(tmp_path / "g.csv")])
    assert result.exit_code == 2
    assert "nothing to write" in result.output


def test_build_from_edited_articles_alone_then_check_new_mt(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "budget.ref.txt").write_text(
        "Finance Minister Marta Kowalczyk presented the budget on Tuesday.\nKowalczyk said rail would get more.\n", encoding="utf-8"
    )
    (archive / "ports.txt").write_text(
        "The Harbour Safety Agency closed the pier.\nThe Harbour Safety Agency reopened it on Friday.\n", encoding="utf-8"
    )
    glossary = tmp_path / "glossary.csv"
    built = runner.invoke(app, ["glossary", "build", str(archive), "-o", str(glossary)])
    assert built.exit_code == 0, built.output
    terms = {entry.term for entry in load_glossaries([glossary]).entries}
    assert {"Marta Kowalczyk", "Harbour Safety Agency"} <= terms

    story = tmp_path / "story"
    story.mkdir()
    (story / "news.mt.txt").write_text("Finance Minister Marta Kowalczik spoke on Wednesday.\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(story), "--glossary", str(glossary), "--out", str(tmp_path / "r")])
    assert result.exit_code == 1, result.output
    rows = list(csv.DictReader((tmp_path / "r" / "flags.csv").open(encoding="utf-8")))
    assert ("MT402", "Marta Kowalczik", "Marta Kowalczyk") in {(r["code"], r["found"], r["expected"]) for r in rows}


def test_build_from_an_empty_folder_is_a_clear_error(tmp_path):
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["glossary", "build", str(tmp_path / "empty"), "-o", str(tmp_path / "g.csv")])
    assert result.exit_code == 2
    assert "no MT documents found" in result.output and "Traceback" not in result.output
