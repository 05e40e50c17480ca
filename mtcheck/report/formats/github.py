"""`github`: GitHub Actions workflow-command annotations, one line per finding."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

from ...model import Finding, Severity
from .shared import Output, display_path, has_lines, labelled_message, ordered

# GitHub shows at most this many error and this many warning annotations per step
# and drops the rest silently; mtcheck emits no more and says how many it left out.
GITHUB_ANNOTATIONS_PER_LEVEL = 10

_LEVEL = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _workflow_command(level: str, message: str, **properties: Any) -> str:
    shown = ",".join(
        f"{name}={_escape_property(str(value))}" for name, value in properties.items() if value is not None
    )
    return f"::{level} {shown}::{_escape_data(message)}" if shown else f"::{level}::{_escape_data(message)}"


def github_annotation(finding: Finding, base: Path | str | None = None) -> str:
    """One workflow command; columns are 1-based and endColumn is the last character (inclusive)."""
    path = display_path(finding.file, base) or None
    located = path is not None and has_lines(finding)
    return _workflow_command(
        _LEVEL[finding.severity],
        labelled_message(finding),
        file=path,
        line=finding.line if located else None,
        col=finding.start + 1 if located else None,
        endColumn=max(finding.end, finding.start + 1) if located else None,
        title=f"{finding.code} {finding.rule}",
    )


def render(output: Output, *, limit: int = GITHUB_ANNOTATIONS_PER_LEVEL) -> str:
    """GitHub Actions annotations, most severe first, at most `limit` errors and `limit` warnings.

    A failed gate takes the first error annotation. What does not fit is
    counted in one plain log line, since GitHub would drop it without a word.
    The run result and the checks add nothing to an annotation.
    """
    findings, gate, base = output.findings, output.gate, output.base
    if base is None:
        base = os.environ.get("GITHUB_WORKSPACE") or None
    lines: list[str] = []
    budget = {"error": limit, "warning": limit}
    left_out: Counter[str] = Counter()
    if gate is not None and not gate.passed:
        details = "\n".join(v.describe() for v in gate.violations)
        lines.append(
            _workflow_command("error", details, title=f"mtcheck gate failed: {len(gate.violations)} violations")
        )
        budget["error"] -= 1
    ranked = sorted(ordered(findings), key=lambda pair: -pair[0].severity.rank)
    for finding, _ in ranked:
        level = _LEVEL[finding.severity]
        if budget[level] > 0:
            lines.append(github_annotation(finding, base))
            budget[level] -= 1
        else:
            left_out[level] += 1
    if left_out:
        counts = " and ".join(f"{left_out[level]} {level}" for level in ("error", "warning") if left_out[level])
        lines.append(
            f"mtcheck: {counts} annotations not shown (GitHub shows at most {limit} errors and "
            f"{limit} warnings per step); the full list is in the report files."
        )
    return "".join(line + "\n" for line in lines)
