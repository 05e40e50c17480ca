"""The CI gate: does a run pass, and if not, which rule failed, where, and by how much.

Only the CLI turns the result into an exit code. Baselined findings do not count.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from ..config import GateConfig, MetricLimit, matches_check
from ..model import Confidence, Finding, RunResult, Scores, Severity, weighted_errors
from ..probability import GATE_PROBABILITY, HIGH, MEDIUM

# Metric rules, in report order: (config key, Scores attribute, label, lower bound?)
_METRIC_RULES = (
    ("min-chrf", "chrf", "chrF", True),
    ("min-bleu", "bleu", "BLEU", True),
    ("min-similarity", "similarity", "similarity", True),
    ("max-ter", "ter", "TER", False),
)


@dataclass(frozen=True)
class Violation:
    """One gate rule that failed for one system (and document, for document-level rules)."""

    rule: str  # the gate key: "fail-on", "max-findings", "min-chrf", ...
    actual: float
    limit: float
    system: str | None = None
    doc: str | None = None
    # What was counted or measured: a severity, a check pattern, a metric.
    subject: str = ""
    message: str = ""

    @property
    def scope(self) -> str:
        if self.doc is not None:
            return f"{self.system}/{self.doc}"
        return self.system if self.system is not None else "run"

    def describe(self) -> str:
        return f"{self.rule} ({self.scope}): {self.message}"


@dataclass(frozen=True)
class GateResult:
    violations: tuple[Violation, ...]
    counted_findings: int
    baselined_findings: int
    # Rules that were set but could not be evaluated somewhere (e.g. min-chrf without a reference).
    unchecked: tuple[str, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        return not self.violations

    def failures_by_system(self) -> dict[str, list[str]]:
        """Violation descriptions per system, as the summary report lists them."""
        grouped: dict[str, list[str]] = defaultdict(list)
        for violation in self.violations:
            grouped[violation.system or ""].append(violation.describe())
        return dict(grouped)


def evaluate_gate(
    result: RunResult, gate_config: GateConfig | None = None, baselined: Collection[Finding] | None = None
) -> GateResult:
    """Apply every gate rule to a run; `gate_config=None` means the defaults (fail on major)."""
    gate = gate_config if gate_config is not None else GateConfig()
    skipped = baselined or ()
    counted = [finding for finding in result.findings if finding not in skipped]
    violations: list[Violation] = []
    unchecked: list[str] = []
    violations += _fail_on(counted, gate.fail_on, gate.min_confidence, gate.min_probability)
    violations += _max_findings(counted, gate)
    violations += _max_weighted_score(result, counted, gate, unchecked)
    for key, attribute, label, lower_bound in _METRIC_RULES:
        limit = getattr(gate, key.replace("-", "_"))
        violations += _metric(result, key, attribute, label, lower_bound, limit, unchecked)
    return GateResult(
        violations=tuple(violations),
        counted_findings=len(counted),
        baselined_findings=len(result.findings) - len(counted),
        unchecked=tuple(unchecked),
    )


def sureness(min_confidence: Confidence | None, min_probability: float | None) -> tuple[Confidence | None, float | None]:
    """Which bar the `fail-on` rule applies: a probability wins over a confidence; with neither, GATE_PROBABILITY."""
    if min_probability is not None:
        return None, min_probability
    if min_confidence is not None:
        return min_confidence, None
    return None, GATE_PROBABILITY


def fails_on(finding: Finding, fail_on: Severity | None, min_confidence: Confidence | None = None, min_probability: float | None = None) -> bool:
    """Whether the `fail-on` rule counts this finding: severe enough, and sure enough.

    Sure enough is a probability of at least `min_probability`, else a
    confidence of at least `min_confidence` (the probability's bin), else a
    probability of at least GATE_PROBABILITY.
    """
    if fail_on is None or finding.severity.rank < fail_on.rank:
        return False
    confidence, probability = sureness(min_confidence, min_probability)
    if probability is not None:
        found = finding.probability if finding.probability is not None else _bin_floor(finding.confidence)
        return found >= probability
    return finding.confidence.rank >= confidence.rank


def _bin_floor(confidence: Confidence) -> float:
    # A finding read without a probability (an old flags.csv) counts as the lowest of its bin.
    return {Confidence.HIGH: HIGH, Confidence.MEDIUM: MEDIUM}.get(confidence, 0.0)


def _fail_on(findings: list[Finding], fail_on: Severity | None, min_confidence: Confidence | None, min_probability: float | None = None) -> list[Violation]:
    if fail_on is None:
        return []
    per_document = Counter((f.system, f.doc) for f in findings if fails_on(f, fail_on, min_confidence, min_probability))
    min_confidence, min_probability = sureness(min_confidence, min_probability)
    if min_probability is not None:
        sure = f"with probability {min_probability:g} or above"
    elif min_confidence is Confidence.HIGH:
        sure = "with high confidence"
    else:
        sure = f"with {min_confidence.value} confidence or above"
    return [
        Violation(
            rule="fail-on",
            actual=count,
            limit=0,
            system=system,
            doc=doc,
            subject=fail_on.value,
            message=f"{count} finding{'s' if count != 1 else ''} of severity {fail_on.value} or above {sure}",
        )
        for (system, doc), count in sorted(per_document.items())
    ]


def _max_findings(findings: list[Finding], gate: GateConfig) -> list[Violation]:
    violations = []
    systems = sorted({f.system for f in findings})
    for severity, limit in sorted(gate.max_findings.items(), key=lambda item: -item[0].rank):
        for system in systems:
            count = sum(1 for f in findings if f.system == system and f.severity is severity)
            if count > limit:
                violations.append(
                    Violation(
                        rule="max-findings",
                        actual=count,
                        limit=limit,
                        system=system,
                        subject=severity.value,
                        message=f"{count} {severity.value} findings, at most {limit} allowed",
                    )
                )
    for pattern, limit in sorted(gate.max_findings_per_check.items()):
        for system in systems:
            count = sum(1 for f in findings if f.system == system and matches_check(pattern, f.code, f.rule))
            if count > limit:
                violations.append(
                    Violation(
                        rule="max-findings-per-check",
                        actual=count,
                        limit=limit,
                        system=system,
                        subject=pattern,
                        message=f"{count} findings of {pattern}, at most {limit} allowed",
                    )
                )
    return violations


def weighted_score(findings: Iterable[Finding], words: int, weights) -> float | None:
    """MQM-style error score: severity weights summed, per 1,000 MT words (None without words)."""
    if words <= 0:
        return None
    return 1000.0 * weighted_errors(findings, weights) / words


def _max_weighted_score(
    result: RunResult, findings: list[Finding], gate: GateConfig, unchecked: list[str]
) -> list[Violation]:
    limit = gate.max_weighted_score_per_1000_words
    if not limit.is_set:
        return []
    violations = []
    levels = (
        (limit.system, [(s.system, None, s.words) for s in result.system_scores]),
        (limit.document, [(d.system, d.doc, d.words) for d in result.document_scores]),
    )
    for threshold, units in levels:
        if threshold is None:
            continue
        for system, doc, words in sorted(units, key=lambda unit: (unit[0], unit[1] or "")):
            mine = [f for f in findings if f.system == system and (doc is None or f.doc == doc)]
            score = weighted_score(mine, words, gate.weights)
            if score is None:
                if mine:
                    unchecked.append(f"max-weighted-score-per-1000-words: {_where(system, doc)} has no MT words")
                continue
            if score > threshold:
                violations.append(
                    Violation(
                        rule="max-weighted-score-per-1000-words",
                        actual=round(score, 2),
                        limit=threshold,
                        system=system,
                        doc=doc,
                        subject="weighted score",
                        message=f"weighted score {score:.2f} per 1,000 words, at most {threshold:g} allowed",
                    )
                )
    return violations


def _metric(
    result: RunResult,
    key: str,
    attribute: str,
    label: str,
    lower_bound: bool,
    limit: MetricLimit,
    unchecked: list[str],
) -> list[Violation]:
    violations = []
    levels = (
        (limit.system, sorted((s.system, None, s.scores) for s in result.system_scores)),
        (limit.document, sorted((d.system, d.doc, d.scores) for d in result.document_scores)),
    )
    for threshold, units in levels:
        if threshold is None:
            continue
        missing = []
        for system, doc, scores in units:
            value = _score(scores, attribute)
            if value is None:
                missing.append(_where(system, doc))
                continue
            failed = value < threshold if lower_bound else value > threshold
            if failed:
                relation = "below the minimum" if lower_bound else "above the maximum"
                violations.append(
                    Violation(
                        rule=key,
                        actual=round(value, 4),
                        limit=threshold,
                        system=system,
                        doc=doc,
                        subject=label,
                        message=f"{label} {value:.2f} is {relation} {threshold:g}",
                    )
                )
        if missing:
            shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
            unchecked.append(f"{key}: no {label} score for {shown}")
    return violations


def _score(scores: Scores, attribute: str) -> float | None:
    value = getattr(scores, attribute)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _where(system: str, doc: str | None) -> str:
    return f"system '{system}'" if doc is None else f"document '{system}/{doc}'"
