"""The probability model: a logistic regression over a finding's evidence, read from a small JSON file.

The model is one linear score per finding: an intercept, a weight per
feature (features.FEATURES, standardised with the training set's mean and
scale; missing evidence sits at the mean), a weight per check, and for the
checks with many training findings a weight per check and feature, so a
check whose evidence means something else (a missing name is not a garble)
can weigh it differently. A check the model was not fitted on (no labelled
findings: the glossary checks, source transliteration) gets a documented
prior from its own confidence instead (PRIORS).

The file is data, never code: `json` reads it, and every field is checked,
so a malformed file is an error naming it, not a traceback.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..model import AlignedDocument, Confidence, DocumentScore, Finding, SegmentScore
from .features import FEATURES, describe_findings

FORMAT = "mtcheck-probability-model"
VERSION = 1
BUILT_IN = Path(__file__).with_name("model.json")

# Where probabilities turn into the confidence words reports and the gate show.
HIGH = 0.85
MEDIUM = 0.6
# The gate's default: `fail-on` counts findings at least this likely right.
# Chosen on out-of-fold predictions for one labelled news year: one step
# (0.01) above the lowest cut whose gate findings stay >= 0.85 precise with
# <= 1% of clean rows flagged, then checked on another year
# (docs/evaluation.md). Below HIGH on purpose: at 0.85 the gate caught too
# few errors.
GATE_PROBABILITY = 0.79

# For a check with no labelled findings to fit on, the probability its own
# confidence stands for: each lands in the bin of the same name, so such a
# check's findings keep the confidence it gave them.
PRIORS: dict[str, float] = {"high": 0.9, "medium": 0.7, "low": 0.45}


# A feature further than this many standard deviations from its training mean counts as this far:
# a linear model must not extrapolate to certainty on evidence it never saw (one system, no peers).
CLIP = 3.0


def standardise(value: float, mean: float, scale: float) -> float:
    return max(-CLIP, min(CLIP, (value - mean) / (scale or 1.0)))


def confidence_of(probability: float) -> Confidence:
    """The confidence bin of a probability: high >= 0.85, medium >= 0.6, low below."""
    if probability >= HIGH:
        return Confidence.HIGH
    if probability >= MEDIUM:
        return Confidence.MEDIUM
    return Confidence.LOW


@dataclass(frozen=True)
class ProbabilityModel:
    """Fitted weights for the probability that a finding is a hit (see mtcheck.probability)."""

    intercept: float
    weights: Mapping[str, float]  # "feature", "check=MT105", "MT105:feature"
    means: Mapping[str, float]
    scales: Mapping[str, float]
    checks: frozenset[str]  # the checks fitted; the others get PRIORS
    priors: Mapping[str, float] = field(default_factory=lambda: dict(PRIORS))
    trained_on: Mapping[str, Any] = field(default_factory=dict)
    source: str = "built-in"
    # What every training finding had: a model is not applied where its evidence never existed
    # (one MT system with no others to compare, or no reference); the check's prior stands there.
    # True: documents with a reference only; False: documents without one only; None: either.
    needs_reference: bool | None = True
    needs_other_systems: int = 2

    def applies(self, features: Mapping[str, float | None]) -> bool:
        if self.needs_reference is not None and bool(features.get("has_reference")) != self.needs_reference:
            return False
        return (features.get("other_systems") or 0) >= self.needs_other_systems

    def prior(self, check_confidence: str) -> float:
        return self.priors.get(check_confidence, self.priors.get("medium", PRIORS["medium"]))

    def probability(self, code: str, check_confidence: str, features: Mapping[str, float | None]) -> float:
        if code not in self.checks or not self.applies(features):
            return self.prior(check_confidence)
        score = self.intercept + self.weights.get(f"check={code}", 0.0)
        for name in FEATURES:
            value = features.get(name)
            if value is None:
                continue  # missing evidence: at the training mean, where a standardised feature is 0
            standard = standardise(value, self.means.get(name, 0.0), self.scales.get(name, 1.0))
            score += standard * (self.weights.get(name, 0.0) + self.weights.get(f"{code}:{name}", 0.0))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, score))))

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "version": VERSION,
            "target": "the finding overlaps a human label at least as severe as the finding",
            "bins": {"high": HIGH, "medium": MEDIUM},
            "trained_on": dict(self.trained_on),
            "checks": sorted(self.checks),
            "applies_to": {"reference": self.needs_reference, "other_systems": self.needs_other_systems},
            "priors": dict(self.priors),
            "features": list(FEATURES),
            "means": {name: round(self.means.get(name, 0.0), 6) for name in FEATURES},
            "scales": {name: round(self.scales.get(name, 1.0), 6) for name in FEATURES},
            "intercept": round(self.intercept, 6),
            "weights": {name: round(value, 6) for name, value in sorted(self.weights.items()) if value},
        }
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def load_model(path: Path | None = None) -> ProbabilityModel:
    """The model in `path`, or the built-in one; a malformed file is a ConfigError naming it."""
    file = Path(path) if path is not None else BUILT_IN
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{file}: no such probability model file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{file}: cannot read the probability model ({error})") from None
    except json.JSONDecodeError as error:
        raise ConfigError(f"{file}: not a probability model: invalid JSON at line {error.lineno} ({error.msg})") from None
    try:
        return _parse(data, "built-in" if path is None else str(file))
    except (KeyError, TypeError, ValueError) as error:
        raise ConfigError(f"{file}: not a probability model: {error}") from None


def _parse(data: Any, source: str) -> ProbabilityModel:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"'format' must be \"{FORMAT}\" (write one with `mtcheck calibrate`)")
    if data.get("version") != VERSION:
        raise ValueError(f"version {data.get('version')!r} is not {VERSION}, the version this mtcheck reads")

    def numbers(key: str) -> dict[str, float]:
        value = data.get(key)
        if not isinstance(value, dict) or not all(isinstance(v, (int, float)) and math.isfinite(v) for v in value.values()):
            raise ValueError(f"'{key}' must map names to finite numbers")
        return {str(name): float(v) for name, v in value.items()}

    weights, means, scales, priors = numbers("weights"), numbers("means"), numbers("scales"), numbers("priors")
    unknown = sorted(name for name in weights if _feature_of(name) not in FEATURES and not name.startswith("check="))
    if unknown:
        raise ValueError(f"weights name unknown features: {', '.join(unknown[:5])}")
    if any(not 0.0 <= p <= 1.0 for p in priors.values()):
        raise ValueError("'priors' must be probabilities between 0 and 1")
    checks = data.get("checks")
    if not isinstance(checks, list) or not all(isinstance(code, str) for code in checks):
        raise ValueError("'checks' must be a list of check codes")
    applies_to = data.get("applies_to", {})
    if not isinstance(applies_to, dict) or not isinstance(applies_to.get("reference", True), (bool, type(None))):
        raise ValueError(
            "'applies_to' must say whether the model is for documents with a reference (true), without one (false) "
            "or either (null), and how many other systems"
        )
    other_systems = applies_to.get("other_systems", 0)
    if not isinstance(other_systems, int) or isinstance(other_systems, bool) or other_systems < 0:
        raise ValueError("'applies_to.other_systems' must be a whole number >= 0")
    intercept = data.get("intercept")
    if not isinstance(intercept, (int, float)) or not math.isfinite(intercept):
        raise ValueError("'intercept' must be a finite number")
    return ProbabilityModel(
        intercept=float(intercept),
        weights=weights,
        means=means,
        scales=scales,
        checks=frozenset(checks),
        priors={**PRIORS, **priors},
        trained_on=data.get("trained_on") if isinstance(data.get("trained_on"), dict) else {},
        source=source,
        needs_reference=applies_to.get("reference", True),
        needs_other_systems=other_systems,
    )


def _feature_of(term: str) -> str:
    return term.split(":", 1)[1] if ":" in term else term


def probabilities(model: ProbabilityModel, findings: Sequence[Finding], documents: Iterable[AlignedDocument], segment_scores=(), document_scores=()) -> list[float]:
    """The model's probability for each finding, as the checks reported it."""
    described = describe_findings(findings, documents, segment_scores, document_scores)
    return [
        model.probability(finding.code, finding.confidence.value, features)
        for finding, features in zip(findings, described)
    ]


def apply_probabilities(
    findings: Sequence[Finding],
    documents: Iterable[AlignedDocument],
    model: ProbabilityModel,
    segment_scores: Iterable[SegmentScore] = (),
    document_scores: Iterable[DocumentScore] = (),
) -> list[Finding]:
    """Findings with their probability (three decimals) and the confidence bin it falls in."""
    stated = probabilities(model, findings, documents, segment_scores, document_scores)
    return [with_probability(finding, probability) for finding, probability in zip(findings, stated)]


def with_probability(finding: Finding, probability: float) -> Finding:
    """The finding with its probability (three decimals, as reports show it) and that probability's bin."""
    rounded = round(probability, 3)
    return replace(finding, probability=rounded, confidence=confidence_of(rounded))
