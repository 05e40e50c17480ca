"""The gate: each rule passes below its limit and fails above it, saying where and by how much."""

from __future__ import annotations

import dataclasses

import pytest
from ci_records import make_finding, make_result, scores

from mtcheck.config import GateConfig, MetricLimit
from mtcheck.gate import evaluate_gate, weighted_score
from mtcheck.model import Confidence, Severity

MINOR, MAJOR, CRITICAL = Severity.MINOR, Severity.MAJOR, Severity.CRITICAL
LOW, MEDIUM, HIGH = Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH


def no_fail_on(**settings) -> GateConfig:
    return GateConfig(fail_on=None, **settings)


def test_no_configuration_passes_minor_findings():
    gate = evaluate_gate(make_result([make_finding(MINOR), make_finding(MINOR, line=9)]))
    assert gate.passed
    assert gate.counted_findings == 2


def test_no_configuration_fails_on_major():
    result = make_result(
        [make_finding(MAJOR, doc="a"), make_finding(CRITICAL, doc="a", line=5), make_finding(MAJOR, doc="b")],
        documents={("mt", "a"): (500, scores()), ("mt", "b"): (500, scores())},
    )
    gate = evaluate_gate(result)
    assert not gate.passed
    assert [(v.rule, v.system, v.doc, v.actual, v.limit) for v in gate.violations] == [
        ("fail-on", "mt", "a", 2, 0),
        ("fail-on", "mt", "b", 1, 0),
    ]
    assert gate.violations[0].message == "2 findings of severity major or above with probability 0.79 or above"
    assert gate.violations[0].scope == "mt/a"


def test_fail_on_none_and_critical():
    result = make_result([make_finding(MAJOR)])
    assert evaluate_gate(result, GateConfig(fail_on=None)).passed
    assert evaluate_gate(result, GateConfig(fail_on=CRITICAL)).passed
    assert not evaluate_gate(result, GateConfig(fail_on=MINOR)).passed


def test_fail_on_counts_only_probable_findings_by_default():
    unsure = [
        make_finding(CRITICAL, confidence=LOW),
        make_finding(MAJOR, line=5, confidence=MEDIUM),  # no probability: its bin's floor, 0.6
        dataclasses.replace(make_finding(MAJOR, line=7, confidence=MEDIUM), probability=0.78),
    ]
    assert evaluate_gate(make_result(unsure)).passed
    probable = dataclasses.replace(make_finding(MAJOR, line=9, confidence=MEDIUM), probability=0.79)
    gate = evaluate_gate(make_result([*unsure, probable, make_finding(MAJOR, line=11, confidence=HIGH)]))
    assert [(v.rule, v.actual) for v in gate.violations] == [("fail-on", 2)]
    assert gate.violations[0].message == "2 findings of severity major or above with probability 0.79 or above"


@pytest.mark.parametrize(
    ("min_confidence", "counted", "wording"),
    [(HIGH, 1, "with high confidence"), (MEDIUM, 2, "with medium confidence or above"), (LOW, 3, "with low confidence or above")],
)
def test_min_confidence_lowers_the_bar(min_confidence, counted, wording):
    findings = [
        make_finding(MAJOR, confidence=LOW),
        make_finding(MAJOR, line=5, confidence=MEDIUM),
        make_finding(CRITICAL, line=7, confidence=HIGH),
        make_finding(MINOR, line=9, confidence=HIGH),  # below fail-on whatever its confidence
    ]
    gate = evaluate_gate(make_result(findings), GateConfig(min_confidence=min_confidence))
    (violation,) = gate.violations
    assert violation.actual == counted
    assert violation.message == f"{counted} finding{'s' if counted > 1 else ''} of severity major or above {wording}"


def test_other_rules_count_findings_of_any_confidence():
    findings = [make_finding(MAJOR, line=n, confidence=LOW) for n in range(3)]
    result = make_result(findings, documents={("mt", "a"): (100, scores())})
    assert evaluate_gate(result).passed  # fail-on sees none of them
    gate = evaluate_gate(
        result,
        GateConfig(max_findings={MAJOR: 2}, max_findings_per_check={"MT101": 2}, max_weighted_score_per_1000_words=MetricLimit(system=100)),
    )
    assert [(v.rule, v.actual) for v in gate.violations] == [
        ("max-findings", 3),
        ("max-findings-per-check", 3),
        ("max-weighted-score-per-1000-words", 150.0),
    ]


def test_baselined_findings_do_not_count():
    old = make_finding(CRITICAL)
    new = make_finding(MINOR, line=8)
    gate = evaluate_gate(make_result([old, new]), baselined={old})
    assert gate.passed
    assert (gate.counted_findings, gate.baselined_findings) == (1, 1)


def test_max_findings_per_severity_is_per_system():
    findings = [make_finding(MINOR, system="x", line=n) for n in range(3)] + [make_finding(MINOR, system="y")]
    result = make_result(findings, documents={("x", "a"): (100, scores()), ("y", "a"): (100, scores())})
    assert evaluate_gate(result, no_fail_on(max_findings={MINOR: 3})).passed
    gate = evaluate_gate(result, no_fail_on(max_findings={MINOR: 2, MAJOR: 0}))
    assert [(v.rule, v.system, v.subject, v.actual, v.limit) for v in gate.violations] == [
        ("max-findings", "x", "minor", 3, 2)
    ]
    assert gate.violations[0].message == "3 minor findings, at most 2 allowed"


@pytest.mark.parametrize(
    ("pattern", "limit", "fails"),
    [("MT101", 1, True), ("MT1", 2, False), ("garbled-name", 1, True), ("MT2", 0, True), ("MT3", 0, False)],
)
def test_max_findings_per_check(pattern, limit, fails):
    findings = [
        make_finding(MINOR, line=1),
        make_finding(MINOR, line=2),
        make_finding(MINOR, code="MT201", rule="missing-acronym"),
    ]
    gate = evaluate_gate(make_result(findings), no_fail_on(max_findings_per_check={pattern: limit}))
    assert gate.passed is not fails
    if fails:
        (violation,) = gate.violations
        assert (violation.rule, violation.subject, violation.limit) == ("max-findings-per-check", pattern, limit)


def test_weighted_score_uses_mqm_weights_per_1000_words():
    findings = [make_finding(CRITICAL), make_finding(MAJOR, line=5), make_finding(MINOR, line=6)]
    assert weighted_score(findings, 2000, GateConfig().weights) == pytest.approx(15.5)
    assert weighted_score(findings, 0, GateConfig().weights) is None


def test_max_weighted_score_per_system_and_document():
    findings = [make_finding(MAJOR, doc="a"), make_finding(MAJOR, doc="a", line=7)]  # 10 points, all in doc a
    result = make_result(findings, documents={("mt", "a"): (500, scores()), ("mt", "b"): (1500, scores())})
    # system: 10 / 2000 words = 5 per 1,000; document a: 10 / 500 = 20 per 1,000
    assert evaluate_gate(result, no_fail_on(max_weighted_score_per_1000_words=MetricLimit(5, 20))).passed
    gate = evaluate_gate(result, no_fail_on(max_weighted_score_per_1000_words=MetricLimit(4, 19)))
    assert [(v.system, v.doc, v.actual, v.limit) for v in gate.violations] == [
        ("mt", None, 5.0, 4),
        ("mt", "a", 20.0, 19),
    ]
    custom = no_fail_on(max_weighted_score_per_1000_words=MetricLimit(None, 19), weights={MAJOR: 1.0})
    assert evaluate_gate(result, custom).passed


@pytest.mark.parametrize(
    ("setting", "attribute", "good", "bad"),
    [
        ("min_chrf", "chrf", 50.0, 49.9),
        ("min_bleu", "bleu", 20.0, 19.0),
        ("min_similarity", "similarity", 0.8, 0.79),
        ("max_ter", "ter", 60.0, 60.5),
    ],
)
def test_metric_limits_per_system_and_document(setting, attribute, good, bad):
    fine = scores(**{attribute: good})
    poor = scores(**{attribute: bad})
    limit = {setting: MetricLimit(good, good)}
    result = make_result(
        [], documents={("mt", "a"): (100, fine), ("mt", "b"): (100, fine)}, systems={"mt": (200, fine)}
    )
    assert evaluate_gate(result, no_fail_on(**limit)).passed

    result = make_result(
        [], documents={("mt", "a"): (100, fine), ("mt", "b"): (100, poor)}, systems={"mt": (200, poor)}
    )
    gate = evaluate_gate(result, no_fail_on(**limit))
    key = setting.replace("_", "-")
    assert [(v.rule, v.system, v.doc, v.actual, v.limit) for v in gate.violations] == [
        (key, "mt", None, bad, good),
        (key, "mt", "b", bad, good),
    ]
    # The system-only form leaves documents alone.
    system_only = evaluate_gate(result, no_fail_on(**{setting: MetricLimit(system=good)}))
    assert [(v.system, v.doc) for v in system_only.violations] == [("mt", None)]


def test_metric_message_says_actual_and_limit():
    result = make_result(
        [], documents={("mt", "a"): (100, scores(chrf=41.2))}, systems={"mt": (100, scores(chrf=41.2))}
    )
    gate = evaluate_gate(result, no_fail_on(min_chrf=MetricLimit(document=45)))
    (violation,) = gate.violations
    assert violation.message == "chrF 41.20 is below the minimum 45"
    assert violation.scope == "mt/a"


def test_missing_scores_are_reported_as_unchecked_not_failed():
    no_reference = scores(bleu=None, chrf=None, ter=None, similarity=None)
    result = make_result([], documents={("mt", "a"): (100, no_reference)}, systems={"mt": (100, no_reference)})
    gate = evaluate_gate(result, no_fail_on(min_chrf=MetricLimit(50, 50)))
    assert gate.passed
    assert gate.unchecked == ("min-chrf: no chrF score for system 'mt'", "min-chrf: no chrF score for document 'mt/a'")


def test_several_rules_fail_together_in_rule_order():
    result = make_result(
        [make_finding(CRITICAL)],
        documents={("mt", "a"): (100, scores(chrf=10))},
        systems={"mt": (100, scores(chrf=10))},
    )
    gate = evaluate_gate(result, GateConfig(min_chrf=MetricLimit(system=20), max_findings={CRITICAL: 0}))
    assert [v.rule for v in gate.violations] == ["fail-on", "max-findings", "min-chrf"]


def test_failures_by_system_feed_the_summary_report():
    result = make_result(
        [make_finding(MAJOR, system="x")],
        documents={("x", "a"): (100, scores()), ("y", "a"): (100, scores(chrf=10))},
    )
    gate = evaluate_gate(result, GateConfig(min_chrf=MetricLimit(system=20)))
    assert gate.failures_by_system() == {
        "x": ["fail-on (x/a): 1 finding of severity major or above with probability 0.79 or above"],
        "y": ["min-chrf (y): chrF 10.00 is below the minimum 20"],
    }


def test_a_probability_wins_over_a_confidence():
    findings = [dataclasses.replace(make_finding(MAJOR, line=n, confidence=MEDIUM), probability=0.65) for n in range(2)]
    assert evaluate_gate(make_result(findings), GateConfig(min_confidence=MEDIUM)).violations[0].actual == 2
    assert evaluate_gate(make_result(findings), GateConfig(min_confidence=MEDIUM, min_probability=0.7)).passed
