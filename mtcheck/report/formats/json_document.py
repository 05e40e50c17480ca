"""`json`: one JSON document holding the run's summary, the gate and the findings."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from ... import __version__
from ...gate import GateResult
from ...model import Finding, RunResult, Severity
from .shared import Output, clean_number, finding_record, ordered


def gate_record(gate: GateResult) -> dict[str, Any]:
    """The gate's outcome: passed or not, what it counted, the rules it broke and what it could not check."""
    return {
        "passed": gate.passed,
        "counted_findings": gate.counted_findings,
        "baselined_findings": gate.baselined_findings,
        "violations": [{**asdict(v), "scope": v.scope} for v in gate.violations],
        "unchecked": list(gate.unchecked),
    }


def summary_record(findings: Sequence[Finding], result: RunResult | None = None) -> dict[str, Any]:
    """Findings counted by severity and by check; with a run result, also each system's scores and the signature."""
    severities = Counter(f.severity.value for f in findings)
    summary: dict[str, Any] = {
        "findings": len(findings),
        "by_severity": {s.value: severities.get(s.value, 0) for s in sorted(Severity, key=lambda s: -s.rank)},
        "by_check": dict(sorted(Counter(f.code for f in findings).items())),
    }
    if result is not None:
        summary["documents"] = len(result.documents)
        summary["systems"] = [
            {
                "system": s.system,
                "documents": s.documents,
                "segments": s.segments,
                "words": s.words,
                **{
                    metric: clean_number(getattr(s.scores, metric)) for metric in ("bleu", "chrf", "ter", "similarity")
                },
            }
            for s in sorted(result.system_scores, key=lambda s: s.system)
        ]
        summary["skipped_checks"] = [asdict(skipped) for skipped in result.skipped_checks]
        summary["warnings"] = list(result.warnings)
        summary["signature"] = dict(result.signature)
    return summary


def render(output: Output) -> str:
    """One JSON document: tool, version, summary, gate (or null) and findings."""
    findings, gate, result, base = output.findings, output.gate, output.result, output.base
    document = {
        "tool": "mtcheck",
        "version": __version__,
        "summary": summary_record(findings, result),
        "gate": gate_record(gate) if gate is not None else None,
        "findings": [finding_record(f, p, base) for f, p in ordered(findings)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
