"""How likely each finding is right: a calibrated probability, and the confidence bin it falls in.

This stage runs after the checks (whose per-document results the cache may
have kept) and before the reports and the gate: check → probability →
report → gate. A finding is a *hit* when it overlaps a human label at least
as severe as the finding (the definition `mtcheck eval` measures). The
probability comes from a small logistic regression over evidence the finding
has or can cheaply get (features.py), fitted on professionally labelled news
(model.json, refitted by scripts/probability_model.py, or by users on their
own labels with `mtcheck calibrate`). `confidence` is its bin: high >= 0.85,
medium >= 0.6, low below.
"""

from .features import FEATURES, describe_findings
from .model import (
    BUILT_IN,
    GATE_PROBABILITY,
    HIGH,
    MEDIUM,
    PRIORS,
    ProbabilityModel,
    apply_probabilities,
    confidence_of,
    load_model,
    probabilities,
)

__all__ = [
    "BUILT_IN",
    "FEATURES",
    "GATE_PROBABILITY",
    "HIGH",
    "MEDIUM",
    "PRIORS",
    "ProbabilityModel",
    "apply_probabilities",
    "confidence_of",
    "describe_findings",
    "load_model",
    "probabilities",
]
