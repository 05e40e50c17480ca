"""The quality gate: the configured rules and limits over a run's findings and scores (rules),
and the baseline of accepted findings that do not count (baseline)."""

# `from mtcheck.gate import evaluate_gate` is the documented library path.
from .rules import GateResult, Violation, evaluate_gate, fails_on, sureness, weighted_score  # noqa: F401
