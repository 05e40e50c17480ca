"""`jsonl`: one JSON object per finding and line, for tools that stream or grep."""

from __future__ import annotations

import json

from .shared import Output, finding_record, ordered


def render(output: Output) -> str:
    """One finding per line, as in `json`'s findings; the gate and the summary have no line of their own."""
    findings, base = output.findings, output.base
    return "".join(json.dumps(finding_record(f, p, base), ensure_ascii=False) + "\n" for f, p in ordered(findings))
