"""`gitlab`: a GitLab Code Quality report, a JSON array of issues."""

from __future__ import annotations

import json
from pathlib import Path

from ...model import Finding, Severity
from .shared import Output, display_path, has_lines, labelled_message, ordered

# GitLab's scale is info/minor/major/critical/blocker; MQM's three levels map onto their namesakes.
_SEVERITY = {Severity.CRITICAL: "critical", Severity.MAJOR: "major", Severity.MINOR: "minor"}


def _location(finding: Finding, base: Path | str | None) -> dict:
    """The file and, where the finding has a span in a line, its 1-based columns (GitLab's `positions`)."""
    path = display_path(finding.file, base) or f"{finding.system}/{finding.doc}"
    if has_lines(finding) and finding.end > finding.start:
        return {
            "path": path,
            "positions": {
                "begin": {"line": finding.line, "column": finding.start + 1},
                "end": {"line": finding.line, "column": finding.end},
            },
        }
    return {"path": path, "lines": {"begin": max(finding.line, 1)}}


def render(output: Output) -> str:
    """GitLab Code Quality report: one issue per finding; the report has no place for the gate or the scores."""
    findings, base = output.findings, output.base
    issues = []
    for finding, print_ in ordered(findings):
        issues.append(
            {
                "type": "issue",
                "description": f"{finding.code} {finding.rule} {labelled_message(finding)}",
                "check_name": finding.code,
                "fingerprint": print_,
                "severity": _SEVERITY[finding.severity],
                "location": _location(finding, base),
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
