"""The local engine streams documents a group at a time: group size never changes a report."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.score import metrics as scoring
from mtcheck.cli import app
from mtcheck.engine import local, partitions_by_document
from mtcheck.load import load_corpus

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ("segments.csv", "documents.csv", "flags.csv", "summary.csv", "comparison.csv", "report.html")


def run(corpus: Path, out: Path):
    result = CliRunner().invoke(app, ["run", str(corpus), "--out", str(out), "--no-cache", "--exit-zero"])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("corpus_name", ["multisystem", "demo"])
def test_reports_do_not_depend_on_the_group_size(tmp_path, monkeypatch, corpus_name):
    corpus = ROOT / "corpora" / corpus_name
    whole = run(corpus, tmp_path / "whole")
    # Groups of a few segments: many groups, each encoded and scored on its own.
    monkeypatch.setattr(local, "GROUP_SEGMENTS", 3)
    monkeypatch.setattr(scoring, "PARALLEL_MIN_PAIRS", 1)  # the shared pool of statistics workers, even here
    grouped = run(corpus, tmp_path / "grouped")
    for name in REPORTS:
        assert (whole / name).read_bytes() == (grouped / name).read_bytes(), name
    assert (grouped / "flags.csv").read_text(encoding="utf-8").count("\n") > 1


def test_groups_keep_every_system_of_a_document_together():
    corpus = load_corpus(ROOT / "corpora" / "multisystem")
    groups = partitions_by_document(corpus.documents, 3)
    assert len(groups) > 1
    assert sorted(index for group in groups for index in group) == list(range(len(corpus.documents)))
    for group in groups:
        ids = {corpus.documents[index].doc for index in group}
        everywhere = [index for index, document in enumerate(corpus.documents) if document.doc in ids]
        assert sorted(group) == everywhere
