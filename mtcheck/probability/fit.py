"""Fitting the probability model to labelled findings (scikit-learn's logistic regression).

A run only multiplies and adds (model.py); fitting is for `mtcheck calibrate`
and scripts/probability_model.py, and imports scikit-learn, which
sentence-transformers already installs.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError
from ..model import Finding, RunResult
from .features import FEATURES, describe_findings
from .model import PRIORS, ProbabilityModel, standardise


# Chosen on WMT23 dev folds (scripts/probability_model.py validate), then reported on WMT21 dev.
REGULARISATION = 0.3  # scikit-learn's C, chosen on WMT23 dev folds (calibration error, the gate's precision and recall)
MIN_FINDINGS = 30  # a check with fewer labelled findings (or < 5 of either outcome) keeps PRIORS
MIN_OUTCOME = 5
CHECK_OWN_WEIGHTS = 100  # a check with this many labelled findings gets weights of its own (chosen on WMT23 folds)


@dataclass
class LabelledFindings:
    """Findings of one run as the checks reported them, their evidence, and whether each is a hit."""

    findings: list[Finding]
    features: list[dict[str, float | None]]
    hits: list[bool]
    rows: list  # the run's rows (evaluation.CorpusRow), for the figures
    warnings: list[str]

    def __add__(self, other: LabelledFindings) -> LabelledFindings:
        return LabelledFindings(
            self.findings + other.findings, self.features + other.features, self.hits + other.hits,
            self.rows + other.rows, self.warnings + other.warnings,
        )  # fmt: skip


def label_findings(result: RunResult, labels) -> LabelledFindings:
    """A run's findings (with no probability applied) against a label table (evaluation.LabelTable)."""
    from ..evaluation import hit_outcomes, match_findings, rows_of

    rows = rows_of(result.documents)
    matching = match_findings(result.findings, labels.labels, rows)
    features = describe_findings(matching.findings, result.documents, result.segment_scores, result.document_scores)
    return LabelledFindings(list(matching.findings), features, hit_outcomes(matching), rows, list(matching.warnings))


def fit_model(
    findings: Sequence[Finding],
    features: Sequence[Mapping[str, float | None]],
    hits: Sequence[bool],
    regularisation: float = REGULARISATION,
    trained_on: Mapping[str, Any] | None = None,
    one_rater: Sequence[bool] | None = None,
) -> ProbabilityModel:
    """A model of P(hit) fitted to findings as the checks reported them, their features and outcomes.

    `one_rater` marks findings whose labels come from a single rater per
    segment: such labels miss errors that three raters find, so a finding
    there is less often on a label for reasons that are not its own. A
    training-only column absorbs that; the model predicts as for thoroughly
    labelled text (the column at 0), so sets of either kind teach the same
    feature weights without pulling the probabilities towards the sparser labels.
    """
    if not (len(findings) == len(features) == len(hits)):
        raise ValueError("findings, features and hits must have the same length")
    sparse = [bool(flag) for flag in one_rater] if one_rater is not None else [False] * len(findings)
    outcomes: dict[str, Counter] = {}
    for finding, hit in zip(findings, hits):
        outcomes.setdefault(finding.code, Counter())[bool(hit)] += 1
    fitted = sorted(
        code for code, counts in outcomes.items()
        if sum(counts.values()) >= MIN_FINDINGS and min(counts[True], counts[False]) >= MIN_OUTCOME
    )  # fmt: skip
    if not fitted:
        raise ConfigError(
            f"too few labelled findings to fit: a check needs {MIN_FINDINGS} findings with at least "
            f"{MIN_OUTCOME} on a label and {MIN_OUTCOME} not on one"
        )
    chosen = [index for index, finding in enumerate(findings) if finding.code in set(fitted)]
    own = [code for code in fitted if sum(outcomes[code].values()) >= CHECK_OWN_WEIGHTS]
    means, scales = _standardisation([features[index] for index in chosen])
    terms = [*FEATURES, *(f"check={code}" for code in fitted), *(f"{code}:{name}" for code in own for name in FEATURES)]
    rows = [_design_row(findings[index].code, features[index], means, scales, fitted, own) + [float(sparse[index])] for index in chosen]
    targets = [int(bool(hits[index])) for index in chosen]

    import numpy as np
    from sklearn.linear_model import LogisticRegression

    regression = LogisticRegression(C=regularisation, max_iter=5000)
    regression.fit(np.asarray(rows, dtype=float), np.asarray(targets))
    weights = {term: float(weight) for term, weight in zip(terms, regression.coef_[0])}
    described = {
        **(trained_on or {}),
        "findings": len(chosen),
        "hits": sum(targets),
        "regularisation": regularisation,
        "one_rater_findings": sum(sparse[index] for index in chosen),
    }
    if any(sparse[index] for index in chosen):
        # The log-odds the training-only column took: how much sparser labels lowered the hit rate.
        described["one_rater_log_odds"] = round(float(regression.coef_[0][-1]), 4)
    return ProbabilityModel(
        needs_reference=_reference_need([bool(features[index].get("has_reference")) for index in chosen]),
        # As many other systems as the fewest a training finding had: what "the other systems
        # agree" means with two of them is not what it means with nine.
        needs_other_systems=int(min(features[index].get("other_systems") or 0 for index in chosen)),
        intercept=float(regression.intercept_[0]),
        weights=weights,
        means=means,
        scales=scales,
        checks=frozenset(fitted),
        priors=dict(PRIORS),
        trained_on=described,
    )


def _standardisation(rows: Sequence[Mapping[str, float | None]]) -> tuple[dict[str, float], dict[str, float]]:
    means, scales = {}, {}
    for name in FEATURES:
        values = [row[name] for row in rows if row.get(name) is not None]
        mean = sum(values) / len(values) if values else 0.0
        variance = sum((value - mean) ** 2 for value in values) / len(values) if values else 0.0
        means[name] = mean
        scales[name] = math.sqrt(variance) if variance > 1e-12 else 1.0
    return means, scales


def _design_row(code: str, features: Mapping[str, float | None], means, scales, fitted: Sequence[str], own: Sequence[str]) -> list[float]:
    standard = [
        0.0 if features.get(name) is None else standardise(features[name], means[name], scales[name])
        for name in FEATURES
    ]  # fmt: skip
    row = list(standard)
    row += [float(code == other) for other in fitted]
    for other in own:
        row += standard if code == other else [0.0] * len(FEATURES)
    return row


def _reference_need(had_reference: list[bool]) -> bool | None:
    """True when every training finding had a reference, False when none had, None when mixed."""
    if all(had_reference):
        return True
    if not any(had_reference):
        return False
    return None
