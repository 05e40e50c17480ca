"""`jsonl`: one JSON object per finding and line, for tools that stream or grep."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from ...gate import GateResult
from ...model import Finding, RunResult
from .shared import finding_record, ordered


def render(
    findings: Sequence[Finding],
    gate: GateResult | None = None,
    *,
    result: RunResult | None = None,
    checks: Sequence[type] | None = None,
    base: Path | str | None = None,
) -> str:
    """One finding per line, as in `json`'s findings; the gate and the summary have no line of their own."""
    return "".join(json.dumps(finding_record(f, p, base), ensure_ascii=False) + "\n" for f, p in ordered(findings))
