"""The probability of each finding: fitting, applying, the file it lives in, the gate, and the cache.

Fitting is checked on hand-built labelled findings with a known answer; the
command (`mtcheck calibrate`) end to end on a small invented corpus whose
labels say which changed numbers the raters marked.
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.errors import ConfigError
from mtcheck.evaluation import CorpusRow, GateRule, evaluate, load_flags, reliability
from mtcheck.gate import fails_on
from mtcheck.model import Confidence, Finding, Severity
from mtcheck.pipeline import RunOptions, run
from mtcheck.probability import BUILT_IN, FEATURES, PRIORS, ProbabilityModel, confidence_of, load_model
from mtcheck.probability.features import _lowercase_elsewhere
from mtcheck.probability.fit import fit_model

runner = CliRunner()


def finding(code="MT105", severity=Severity.MAJOR, confidence=Confidence.MEDIUM, probability=None, segment="1", start=0, end=5):
    return Finding("A", "d", segment, 1, 1, start, end, code, "rule", severity, "Found", "", "", confidence=confidence, probability=probability)


def evidence(peers_write_found: float, **extra) -> dict:
    features = {name: 0.0 for name in FEATURES}
    features.update(peers_write_found=peers_write_found, has_reference=1.0, other_systems=9.0, **extra)
    return features


# ---------------------------------------------------------------- fitting


def test_fitting_learns_a_known_answer_and_keeps_priors_for_unfitted_checks():
    # Known answer: a name no other system writes is right 90% of the time, one they all write 10%.
    rng = random.Random(7)
    findings, features, hits = [], [], []
    for _ in range(400):
        alone = rng.random() < 0.5
        findings.append(finding())
        features.append(evidence(0.0 if alone else 1.0))
        hits.append(rng.random() < (0.9 if alone else 0.1))
    # Too few to fit: a glossary check keeps the prior of its own confidence.
    findings += [finding(code="MT401", confidence=Confidence.HIGH)] * 3
    features += [evidence(0.5)] * 3
    hits += [True, False, True]

    model = fit_model(findings, features, hits)

    assert model.checks == frozenset({"MT105"})
    alone = model.probability("MT105", "medium", evidence(0.0))
    shared = model.probability("MT105", "medium", evidence(1.0))
    assert alone == pytest.approx(0.9, abs=0.06)
    assert shared == pytest.approx(0.1, abs=0.06)
    assert model.probability("MT401", "high", evidence(0.0)) == PRIORS["high"]
    assert model.probability("MT401", "low", evidence(0.0)) == PRIORS["low"]


def test_a_model_is_not_applied_where_its_evidence_never_existed():
    findings = [finding() for _ in range(60)]
    features = [evidence(float(i % 2)) for i in range(60)]
    model = fit_model(findings, features, [i % 2 == 0 for i in range(60)])
    assert (model.needs_reference, model.needs_other_systems) == (True, 9)
    assert model.probability("MT105", "high", evidence(0.0)) != PRIORS["high"]
    # One system alone, or no reference: the check's prior, not an extrapolation.
    assert model.probability("MT105", "high", {**evidence(0.0), "other_systems": 0.0}) == PRIORS["high"]
    assert model.probability("MT105", "low", {**evidence(0.0), "has_reference": 0.0}) == PRIORS["low"]


def test_a_model_fitted_without_references_applies_only_without_one(tmp_path):
    # A desk's own labels on MT it published with no reference: the model is for such documents only.
    no_reference = {"has_reference": 0.0, "other_systems": 0.0}
    findings = [finding() for _ in range(60)]
    features = [{**evidence(float(i % 2)), **no_reference} for i in range(60)]
    model = fit_model(findings, features, [i % 2 == 0 for i in range(60)])
    assert (model.needs_reference, model.needs_other_systems) == (False, 0)
    assert model.probability("MT105", "high", {**evidence(0.0), **no_reference}) != PRIORS["high"]
    assert model.probability("MT105", "high", evidence(0.0)) == PRIORS["high"]  # a document with a reference
    path = tmp_path / "desk.json"
    path.write_text(model.to_json(), encoding="utf-8")
    assert load_model(path).needs_reference is False
    # Trained on both kinds: for either.
    mixed = fit_model(findings, [*features[:30], *(evidence(float(i % 2)) for i in range(30))], [i % 2 == 0 for i in range(60)])
    assert mixed.needs_reference is None


def test_too_few_labelled_findings_is_a_clear_error():
    with pytest.raises(ConfigError, match="too few labelled findings"):
        fit_model([finding()] * 10, [evidence(0.0)] * 10, [True] * 10)


def test_confidence_is_the_bin_of_the_probability():
    assert [confidence_of(p) for p in (0.0, 0.599, 0.6, 0.849, 0.85, 1.0)] == [
        Confidence.LOW, Confidence.LOW, Confidence.MEDIUM, Confidence.MEDIUM, Confidence.HIGH, Confidence.HIGH,
    ]  # fmt: skip


# ---------------------------------------------------------------- reliability


def test_reliability_bins_and_expected_calibration_error():
    probabilities = [0.05, 0.15, 0.95, 0.95, 0.95, 0.95, 1.0]
    outcomes = [False, True, True, True, True, False, True]
    bins, error = reliability(probabilities, outcomes)
    assert [(b.low, b.high, b.findings, b.hits) for b in bins] == [(0.0, 0.1, 1, 0), (0.1, 0.2, 1, 1), (0.9, 1.0, 5, 4)]
    assert bins[2].mean_probability == pytest.approx(0.96)
    expected = (1 * 0.05 + 1 * 0.85 + 5 * abs(0.96 - 0.8)) / 7
    assert error == pytest.approx(expected)


def test_eval_reliability_table_counts_hits_against_labels_at_least_as_severe():
    from mtcheck.evaluation import Label

    rows = [CorpusRow("d", str(i), "A", "Found it here") for i in range(1, 5)]
    labels = [
        Label("d", "1", "A", "Accuracy", Severity.MAJOR, "Found"),
        Label("d", "2", "A", "Accuracy", Severity.MINOR, "Found"),  # too mild for a major finding
        Label("d", "3", "A", "Accuracy", Severity.MAJOR, "Found"),
    ]
    findings = [
        finding(segment="1", probability=0.92),
        finding(segment="2", probability=0.88),
        finding(segment="3", probability=0.35),
        finding(segment="4", probability=0.31),
    ]
    result = evaluate(findings, labels, rows, GateRule())
    table = {score.group: score for score in result.reliability}
    assert (table["0.8-0.9"].findings, table["0.8-0.9"].findings_on_label) == (1, 0)
    assert (table["0.9-1.0"].findings, table["0.9-1.0"].findings_on_label) == (1, 1)
    assert (table["0.3-0.4"].findings, table["0.3-0.4"].findings_on_label) == (2, 1)
    assert table["0.3-0.4"].mean_probability == pytest.approx(0.33)
    assert result.expected_calibration_error == pytest.approx((0.08 + 0.88 + 2 * 0.17) / 4)
    assert result.score("calibration", "major/high") is None  # renamed: reliability


# ---------------------------------------------------------------- the gate


def test_min_probability_replaces_min_confidence():
    sure = finding(confidence=Confidence.MEDIUM, probability=0.8)
    assert not fails_on(sure, Severity.MAJOR, Confidence.HIGH)
    assert fails_on(sure, Severity.MAJOR, Confidence.HIGH, min_probability=0.75)
    assert not fails_on(sure, Severity.MAJOR, Confidence.LOW, min_probability=0.81)
    assert not fails_on(replace(sure, severity=Severity.MINOR), Severity.MAJOR, Confidence.LOW, min_probability=0.1)
    # A finding read without a probability counts as the floor of its bin.
    assert fails_on(replace(sure, probability=None, confidence=Confidence.HIGH), Severity.MAJOR, Confidence.LOW, min_probability=0.85)
    assert GateRule(min_probability=0.7).describe() == "severity >= major, probability >= 0.7"


# ---------------------------------------------------------------- the file


def test_the_built_in_model_loads_and_round_trips(tmp_path):
    model = load_model()
    assert model.source == "built-in"
    assert {"MT101", "MT105", "MT106"} <= model.checks
    assert "MT401" not in model.checks  # glossary checks have no labelled findings: priors
    copy = tmp_path / "copy.json"
    copy.write_text(model.to_json(), encoding="utf-8")
    again = load_model(copy)
    assert again.weights == pytest.approx(model.weights, abs=1e-6)
    assert again.checks == model.checks and again.needs_other_systems == model.needs_other_systems


def _model_text(**changes) -> str:
    data = json.loads(BUILT_IN.read_text(encoding="utf-8"))
    data.update(changes)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "invalid JSON at line 1"),
        ("[1, 2]", "'format' must be"),
        (_model_text(version=99), "version 99 is not 1"),
        (_model_text(weights={"no_such_feature": 1.0}), "unknown features: no_such_feature"),
        (_model_text(intercept="high"), "'intercept' must be a finite number"),
        (_model_text(priors={"high": 1.5}), "'priors' must be probabilities"),
        (_model_text(means={"found_zipf": "x"}), "'means' must map names to finite numbers"),
    ],
)
def test_a_malformed_model_file_is_refused_naming_it(tmp_path, text, message):
    path = tmp_path / "model.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as raised:
        load_model(path)
    assert str(path) in str(raised.value)


# ---------------------------------------------------------------- end to end

SYSTEMS = [f"sys{k}" for k in range(5)]


def _numbers_corpus(folder: Path) -> tuple[Path, Path]:
    """Five systems each change a number in every row; the raters marked every other system's."""
    rows, labels = ["doc\tsegment\tsystem\tmt\tref"], ["doc\tsegment\tsystem\tcategory\tseverity\tspan\tnote"]
    for segment in range(1, 9):
        ships = 100 + 7 * segment
        reference = f"Exactly {ships} ships docked at Port Tallmark during week {segment}."
        for index, system in enumerate(SYSTEMS):
            wrong = ships + 1 + index
            rows.append(f"harbour\t{segment}\t{system}\tExactly {wrong} ships docked at Port Tallmark during week {segment}.\t{reference}")
            if (segment + index) % 2 == 0:
                labels.append(f"harbour\t{segment}\t{system}\tAccuracy/Mistranslation\tMajor\t{wrong}\trater=r1")
    corpus, label_file = folder / "corpus.tsv", folder / "labels.tsv"
    corpus.write_text("\n".join(rows) + "\n", encoding="utf-8")
    label_file.write_text("\n".join(labels) + "\n", encoding="utf-8")
    return corpus, label_file


def invoke(*args):
    return runner.invoke(app, [str(arg) for arg in args])


def _flags(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_calibrate_writes_a_model_that_run_and_eval_use(tmp_path, shared_model):
    corpus, labels = _numbers_corpus(tmp_path)
    model_file = tmp_path / "mine.json"
    result = invoke("calibrate", corpus, "--labels", labels, "-o", model_file, "--isolated", "--no-cache")
    assert result.exit_code == 0, result.output
    assert "MT301" in result.output and str(model_file) in result.output
    model = load_model(model_file)
    assert "MT301" in model.checks and model.needs_other_systems == len(SYSTEMS) - 1

    # Half the changed numbers were marked: the model says so, where the check alone said "high".
    (tmp_path / "mtcheck.toml").write_text(f'probability-model = "{model_file.name}"\n', encoding="utf-8")
    result = invoke("run", corpus, "--out", tmp_path / "run", "--exit-zero", "--no-html", "--no-cache")
    assert result.exit_code == 0, result.output
    numbers = [row for row in _flags(tmp_path / "run" / "flags.csv") if row["code"] == "MT301"]
    assert len(numbers) == 8 * len(SYSTEMS)
    assert all(0.25 < float(row["probability"]) < 0.75 for row in numbers)
    assert {row["confidence"] for row in numbers} <= {"low", "medium"}
    read_back = load_flags(tmp_path / "run" / "flags.csv")
    assert {round(f.probability, 3) for f in read_back if f.code == "MT301"} == {float(row["probability"]) for row in numbers}

    result = invoke("eval", corpus, "--labels", labels, "--out", tmp_path / "eval", "--no-cache")
    assert result.exit_code == 0, result.output
    assert "expected calibration error" in result.output
    with (tmp_path / "eval" / "eval.csv").open(newline="", encoding="utf-8") as handle:
        tables = {row["table"] for row in csv.DictReader(handle)}
    assert "reliability" in tables and "calibration" not in tables


def test_the_gate_can_count_probability_instead_of_confidence(tmp_path, shared_model):
    corpus, labels = _numbers_corpus(tmp_path)
    model_file = tmp_path / "mine.json"
    assert invoke("calibrate", corpus, "--labels", labels, "-o", model_file, "--isolated", "--no-cache").exit_code == 0
    common = ("run", corpus, "--out", tmp_path / "run", "--no-html", "--no-cache", "--isolated", "--probability-model", model_file)
    assert invoke(*common).exit_code == 0  # nothing is high
    failed = invoke(*common, "--min-probability", "0.2")
    assert failed.exit_code == 1, failed.output
    assert "probability 0.2 or above" in failed.output


@pytest.mark.parametrize("where", ["option", "configuration"])
def test_a_malformed_model_file_is_exit_2_naming_it(tmp_path, where):
    corpus, _ = _numbers_corpus(tmp_path)
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "mtcheck-probability-model", "version": 1, "weights": ', encoding="utf-8")
    if where == "option":
        result = invoke("run", corpus, "--out", tmp_path / "run", "--isolated", "--probability-model", bad)
    else:
        (tmp_path / "mtcheck.toml").write_text('probability-model = "broken.json"\n', encoding="utf-8")
        result = invoke("run", corpus, "--out", tmp_path / "run")
    assert result.exit_code == 2, result.output
    assert "broken.json" in result.output and "not a probability model" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "run" / "flags.csv").exists()


def test_calibrate_refuses_labels_that_do_not_pair_with_corpora(tmp_path):
    corpus, labels = _numbers_corpus(tmp_path)
    result = invoke("calibrate", corpus, corpus, "--labels", labels, "-o", tmp_path / "m.json", "--isolated")
    assert result.exit_code == 2
    assert "one labels table per corpus" in result.output


def test_probabilities_survive_a_warm_cache_run_and_follow_a_new_model(tmp_path, embedder):
    corpus, labels = _numbers_corpus(tmp_path)
    cache = tmp_path / "cache"
    fitted = tmp_path / "mine.json"
    assert invoke("calibrate", corpus, "--labels", labels, "-o", fitted, "--isolated", "--cache-dir", cache).exit_code == 0

    def probabilities(model_file: Path) -> list[tuple]:
        result = run(corpus, RunOptions(cache_dir=cache, probability_model=model_file), embedder=embedder)
        return sorted((f.system, f.segment, f.code, f.start, f.probability) for f in result.findings)

    cold = probabilities(fitted)
    warm = probabilities(fitted)
    assert warm == cold and all(p is not None for *_, p in cold)

    # The cache holds check results, not probabilities: a different model gives its own on a warm run.
    data = json.loads(fitted.read_text(encoding="utf-8"))
    data["intercept"] += 3.0
    shifted = tmp_path / "shifted.json"
    shifted.write_text(json.dumps(data), encoding="utf-8")
    moved = probabilities(shifted)
    numbers = [(a[-1], b[-1]) for a, b in zip(cold, moved) if a[2] == "MT301"]
    assert numbers and all(after > before for before, after in numbers)


def test_run_records_the_model_in_the_signature(tmp_path, embedder):
    corpus, _ = _numbers_corpus(tmp_path)
    result = run(corpus, RunOptions(), embedder=embedder)
    assert result.signature["probability-model"].startswith("built-in")
    assert all(f.probability is not None for f in result.findings)
    raw = run(corpus, RunOptions(probabilities=False), embedder=embedder)
    assert all(f.probability is None for f in raw.findings)


def test_a_model_instance_applies_the_same_way_as_its_file(tmp_path):
    model = ProbabilityModel(
        intercept=0.0, weights={"peers_write_found": -2.0}, means={"peers_write_found": 0.5},
        scales={"peers_write_found": 0.5}, checks=frozenset({"MT105"}), needs_other_systems=2,
    )  # fmt: skip
    path = tmp_path / "tiny.json"
    path.write_text(model.to_json(), encoding="utf-8")
    loaded = load_model(path)
    for share in (0.0, 0.5, 1.0):
        assert loaded.probability("MT105", "low", evidence(share)) == pytest.approx(model.probability("MT105", "low", evidence(share)))
    assert model.probability("MT105", "low", evidence(0.5)) == pytest.approx(0.5)


def test_labels_from_one_rater_teach_weights_without_pulling_probabilities_down():
    # Thorough labels: 80% of lone names are hits, 20% of shared ones; one rater finds half as many.
    rng = random.Random(11)
    findings, features, hits, one_rater = [], [], [], []
    for sparse in (False, True):
        for _ in range(600):
            alone = rng.random() < 0.5
            hit = rng.random() < (0.8 if alone else 0.2)
            findings.append(finding())
            features.append(evidence(0.0 if alone else 1.0))
            hits.append(hit and (not sparse or rng.random() < 0.5))
            one_rater.append(sparse)
    pooled = fit_model(findings, features, hits)
    marked = fit_model(findings, features, hits, one_rater=one_rater)
    assert marked.probability("MT105", "medium", evidence(0.0)) == pytest.approx(0.8, abs=0.06)
    assert pooled.probability("MT105", "medium", evidence(0.0)) < 0.7  # pulled towards the sparse labels
    assert marked.trained_on["one_rater_log_odds"] < 0


@pytest.mark.parametrize(
    ("words", "text", "expected"),
    [
        (["Court"], "The court ruled. Court officials left.", True),
        (["Court"], "The Court ruled; courts differ.", False),  # a longer word is not the word
        (["Court"], "the high-court ruled", False),  # nor a part of a hyphenated one
        (["Well-Being"], "their well-being matters", True),
        (["O'Brien"], "an o'brien of sorts", True),  # an apostrophe: not one run, searched as before
        (["O'Brien"], "an o'briens of sorts", False),
        (["Élysée"], "the élysée said", True),
        (["NATO", "Lee"], "nato and lee", True),  # upper-case words are acronyms, not asked about
        (["NATO"], "nato", False),
    ],
)
def test_a_capitalised_word_written_in_lower_case_elsewhere(words, text, expected):
    assert _lowercase_elsewhere(words, text) is expected
