"""System comparison: comparison.csv against sacrebleu's own paired tests, options, notes, determinism."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.significance import PairedTest
from typer.testing import CliRunner

from mtcheck import pipeline
from mtcheck.cli import app
from mtcheck.score.comparison import ComparisonOptions, paired_document_bootstrap
from mtcheck.report.tables import COMPARISON_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
MULTISYSTEM = ROOT / "corpora" / "multisystem" / "systems.tsv"
DEMO = ROOT / "corpora" / "demo"
runner = CliRunner()


pytestmark = pytest.mark.usefixtures("shared_model")  # conftest: the session's model in every run


def invoke(*args):
    return runner.invoke(app, [str(arg) for arg in args])


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def systems_table(path: Path = MULTISYSTEM) -> dict[str, list[dict[str, str]]]:
    """Each system's rows, in the order mtcheck scores them: by document name, then segment number."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    systems = sorted({row["system"] for row in rows})
    return {
        system: sorted((row for row in rows if row["system"] == system), key=lambda row: (row["doc"], int(row["segment"])))
        for system in systems
    }


def sacrebleu_expected(table, base: str, test: str) -> dict[tuple[str, str], tuple[float, float | None, float, float]]:
    """(system, metric) -> (score, p-value, ci_low, ci_high) from sacrebleu's PairedTest, run directly."""
    order = [base, *(system for system in table if system != base)]
    references = [[row["ref"] for row in table[base]]]
    named = [(system, [row["mt"] for row in table[system]]) for system in order]
    _, results = PairedTest(
        named,
        {"bleu": BLEU(), "chrf": CHRF(), "ter": TER()},
        references,
        test_type=test,
        n_samples=1000 if test == "bs" else 10000,
        n_ar_confidence=-1 if test == "bs" else 1000,
    )()
    expected = {}
    for metric, key in zip(("bleu", "chrf", "ter"), [key for key in results if key != "System"]):
        for system, result in zip(order, results[key]):
            expected[(system, metric)] = (result.score, result.p_value, result.mean - result.ci, result.mean + result.ci)
    return expected


def assert_matches(rows, expected, base):
    compared = {(row["system"], row["metric"]): row for row in rows if row["metric"] in ("bleu", "chrf", "ter")}
    assert set(compared) == set(expected)
    for key, (score, p_value, low, high) in expected.items():
        row = compared[key]
        assert row["compared_to"] == base
        assert float(row["score"]) == pytest.approx(score, abs=1e-3), key
        assert float(row["ci_low"]) == pytest.approx(low, abs=0.01), key
        assert float(row["ci_high"]) == pytest.approx(high, abs=0.01), key
        if p_value is None:
            assert row["p_value"] == "" and row["significant"] == "", key
        else:
            assert abs(float(row["p_value"]) - p_value) <= 0.01, key
            assert row["significant"] == str(p_value < 0.05), key


def test_multisystem_p_values_are_sacrebleus_paired_bootstrap(tmp_path):
    result = invoke("run", MULTISYSTEM, "--out", tmp_path / "r")
    assert result.exit_code == 1, result.output  # planted findings fail the gate
    path = tmp_path / "r" / "comparison.csv"
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(COMPARISON_COLUMNS)
    rows = read_csv(path)
    # Comparison system first, then the others in sort order; metrics in a fixed order.
    assert [(row["system"], row["metric"]) for row in rows] == [
        (system, metric)
        for system in ("sysA", "sysB", "sysC")
        for metric in ("bleu", "chrf", "ter", "weighted-score-per-1000-words")
    ]
    assert_matches(rows, sacrebleu_expected(systems_table(), "sysA", "bs"), "sysA")
    # The scores are the run's own system scores (every segment is shared).
    summary = {row["system"]: row for row in read_csv(tmp_path / "r" / "summary.csv")}
    for row in rows:
        if row["metric"] in ("bleu", "chrf", "ter"):
            assert float(row["score"]) == pytest.approx(float(summary[row["system"]][row["metric"]]), abs=1e-3)
            base = float(row["compared_to_score"])
            assert float(row["delta"]) == pytest.approx(float(row["score"]) - base, abs=1e-3)
    # Three systems, two tested against one on four metrics: the multiple-comparisons warning.
    assert "8 tests" in result.output and "Bonferroni" in result.output and "0.00625" in result.output


def test_weighted_score_rows_follow_the_findings(tmp_path):
    invoke("run", MULTISYSTEM, "--out", tmp_path / "r")
    rows = {row["system"]: row for row in read_csv(tmp_path / "r" / "comparison.csv") if row["metric"] == "weighted-score-per-1000-words"}
    documents = read_csv(tmp_path / "r" / "documents.csv")
    flags = read_csv(tmp_path / "r" / "flags.csv")
    weights = {"critical": 25, "major": 5, "minor": 1}
    for system, row in rows.items():
        words = sum(int(doc["words"]) for doc in documents if doc["system"] == system)
        errors = sum(weights[flag["severity"]] for flag in flags if flag["system"] == system)
        assert float(row["score"]) == pytest.approx(1000 * errors / words, abs=1e-3)
    assert rows["sysA"]["score"] == "0.0000" and rows["sysA"]["p_value"] == ""
    assert float(rows["sysB"]["delta"]) > 0


def test_approximate_randomization_from_the_configuration(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(MULTISYSTEM, corpus / "systems.tsv")
    (corpus / "mtcheck.toml").write_text('significance = "ar"\ncompare-to = "sysB"\n', encoding="utf-8")
    result = invoke("run", corpus, "--out", tmp_path / "r")
    assert result.exit_code == 1, result.output
    rows = read_csv(tmp_path / "r" / "comparison.csv")
    assert rows[0]["system"] == "sysB" and {row["compared_to"] for row in rows} == {"sysB"}
    assert [row["system"] for row in rows[::4]] == ["sysB", "sysA", "sysC"]
    assert_matches(rows, sacrebleu_expected(systems_table(), "sysB", "ar"), "sysB")


def test_unknown_compare_to_is_a_usage_error(tmp_path):
    result = invoke("run", MULTISYSTEM, "--out", tmp_path / "r", "--compare-to", "sysD")
    assert result.exit_code == 2
    assert "sysD" in result.output and "sysA, sysB, sysC" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "r" / "comparison.csv").exists()


def test_unknown_significance_test_is_a_usage_error(tmp_path):
    result = invoke("run", MULTISYSTEM, "--out", tmp_path / "r", "--significance", "t-test")
    assert result.exit_code == 2
    assert "significance" in result.output and "bs" in result.output


def test_compare_to_and_baseline_are_different_options(tmp_path):
    result = invoke("run", MULTISYSTEM, "--out", tmp_path / "r", "--compare-to", "sysC", "--exit-zero")
    assert result.exit_code == 0, result.output
    rows = read_csv(tmp_path / "r" / "comparison.csv")
    assert rows[0]["system"] == "sysC" and rows[0]["p_value"] == ""


def test_reruns_are_byte_identical(tmp_path):
    invoke("run", MULTISYSTEM, "--out", tmp_path / "one")
    invoke("run", MULTISYSTEM, "--out", tmp_path / "two", "--no-cache")
    assert (tmp_path / "one" / "comparison.csv").read_bytes() == (tmp_path / "two" / "comparison.csv").read_bytes()


def test_a_seed_in_the_environment_does_not_change_the_report(tmp_path, monkeypatch):
    invoke("run", MULTISYSTEM, "--out", tmp_path / "one")
    monkeypatch.setenv("SACREBLEU_SEED", "7")
    invoke("run", MULTISYSTEM, "--out", tmp_path / "two")
    assert (tmp_path / "one" / "comparison.csv").read_bytes() == (tmp_path / "two" / "comparison.csv").read_bytes()
    import os

    assert os.environ["SACREBLEU_SEED"] == "7"


def test_no_compare_writes_the_header_only(tmp_path):
    result = invoke("run", MULTISYSTEM, "--out", tmp_path / "r", "--no-compare")
    assert result.exit_code == 1, result.output
    assert (tmp_path / "r" / "comparison.csv").read_text(encoding="utf-8") == ",".join(COMPARISON_COLUMNS) + "\n"
    assert "Bonferroni" not in result.output


def test_single_system_has_nothing_to_compare(tmp_path):
    corpus = tmp_path / "one"
    corpus.mkdir()
    for suffix in ("mt", "ref"):
        shutil.copy(DEMO / f"flood-relief.{suffix}.txt", corpus / f"flood-relief.{suffix}.txt")
    result = pipeline.run(corpus, pipeline.RunOptions(comparison=ComparisonOptions()))
    assert result.comparison == []
    assert any("one system" in note and "nothing to compare" in note for note in result.comparison_notes)
    cli = invoke("run", corpus, "--out", tmp_path / "r")
    assert cli.exit_code == 0, cli.output
    assert (tmp_path / "r" / "comparison.csv").read_text(encoding="utf-8") == ",".join(COMPARISON_COLUMNS) + "\n"


def _two_systems_of(tmp_path: Path, name: str, change) -> Path:
    """A folder with `name` as system a (the demo's MT) and system b (the MT changed by `change`)."""
    corpus = tmp_path / "two"
    corpus.mkdir()
    shutil.copy(DEMO / f"{name}.ref.txt", corpus / f"{name}.ref.txt")
    mt = (DEMO / f"{name}.mt.txt").read_text(encoding="utf-8")
    (corpus / f"{name}.mt.a.txt").write_text(mt, encoding="utf-8")
    (corpus / f"{name}.mt.b.txt").write_text(change(mt), encoding="utf-8")
    return corpus


def test_embedding_aligned_articles_say_the_segment_tests_do_not_apply(tmp_path):
    corpus = _two_systems_of(tmp_path, "port-strike", lambda text: text.replace(" the ", " a "))
    result = pipeline.run(corpus, pipeline.RunOptions(comparison=ComparisonOptions()))
    assert {document.aligned_by for document in result.documents} == {"embeddings"}
    assert not [row for row in result.comparison if row.metric in ("bleu", "chrf", "ter")]
    assert any("do not apply" in note and "port-strike" in note for note in result.comparison_notes)
    # Documents are still shared, so the weighted score is still compared over them.
    assert {row.metric for row in result.comparison} == {"weighted-score-per-1000-words"}
    cli = invoke("run", corpus, "--out", tmp_path / "r", "--exit-zero")
    assert "do not apply" in cli.output


def test_line_aligned_files_are_compared_segment_by_segment(tmp_path):
    corpus = _two_systems_of(tmp_path, "flood-relief", lambda text: text.replace("flood", "flooding"))
    result = pipeline.run(corpus, pipeline.RunOptions(comparison=ComparisonOptions()))
    assert {document.aligned_by for document in result.documents} == {"lines"}
    by_metric = {(row.system, row.metric): row for row in result.comparison}
    assert by_metric[("b", "bleu")].compared_to == "a" and by_metric[("b", "bleu")].p_value is not None
    assert not [note for note in result.comparison_notes if "left out" in note]


def test_segments_not_shared_by_every_system_are_left_out(tmp_path):
    table = systems_table()
    lines = ["doc\tsegment\tsystem\tmt\tref"]
    for system, rows in table.items():
        for row in rows:
            if system == "sysC" and row["doc"] == "rail-tender" and row["segment"] == "4":
                continue  # sysC lacks one segment
            lines.append("\t".join((row["doc"], row["segment"], system, row["mt"], row["ref"])))
    corpus = tmp_path / "gap.tsv"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = pipeline.run(corpus, pipeline.RunOptions(comparison=ComparisonOptions()))
    assert any("11 segments every system has" in note and "1 segment(s)" in note for note in result.comparison_notes)
    shared = {system: [row for row in rows if not (row["doc"] == "rail-tender" and row["segment"] == "4")] for system, rows in table.items()}
    expected = sacrebleu_expected(shared, "sysA", "bs")
    for row in result.comparison:
        if row.metric in ("bleu", "chrf", "ter"):
            score, p_value, _, _ = expected[(row.system, row.metric)]
            assert row.score == pytest.approx(score, abs=1e-3)
            assert (row.p_value is None) == (p_value is None)
            if p_value is not None:
                assert abs(row.p_value - p_value) <= 0.01


def test_identical_systems_are_not_significantly_different(tmp_path):
    corpus = _two_systems_of(tmp_path, "flood-relief", lambda text: text)
    result = pipeline.run(corpus, pipeline.RunOptions(comparison=ComparisonOptions()))
    tested = [row for row in result.comparison if row.system == "b"]
    assert len(tested) == 4
    assert all(row.delta == 0 and row.p_value == 1.0 and row.significant is False for row in tested)


def test_document_bootstrap_finds_a_clear_difference_and_not_a_shuffled_one():
    words = np.full((3, 40), 500.0)
    base = np.tile([0.0, 5.0], 20)
    worse = base + 10.0  # ten more error points in every document
    shuffled = base[::-1].copy()  # the same errors, in other documents
    results = paired_document_bootstrap(np.array([base, worse, shuffled]), words)
    (base_score, _, _, none), (worse_score, mean, ci, worse_p), (same_score, _, _, same_p) = results
    assert none is None
    assert worse_score == pytest.approx(base_score + 20.0)
    assert mean - ci <= worse_score <= mean + ci
    assert worse_p < 0.01
    assert same_score == pytest.approx(base_score) and same_p > 0.05
    assert paired_document_bootstrap(np.array([base, worse]), words[:2]) == results[:2]
