"""The output formats CI systems and people read, one module each, behind one registry.

Every format is a function of the same shape (`Renderer`: the run's `Output`
in, a string out); the caller decides where it goes. `FORMATS` maps each format's name
to it, in the order of `mtcheck.config.OUTPUT_FORMATS`, the names the
configuration accepts (a test keeps the two equal).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ...gate import GateResult
from ...model import Finding, RunResult
from . import github, gitlab, json_document, json_lines, junit, sarif, text
from .shared import Output


# Every format: the run's output, as the text of one output file.
Renderer = Callable[[Output], str]


FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "junit": junit.render,
    "json": json_document.render,
    "jsonl": json_lines.render,
    "sarif": sarif.render,
}


def render(
    format_name: str,
    findings: Sequence[Finding],
    *,
    gate: GateResult | None = None,
    result: RunResult | None = None,
    checks: Sequence[type] | None = None,
    base: Path | str | None = None,
    **settings: Any,
) -> str:
    """Render in the format named `format_name`, one of `FORMATS`; `settings` are the format's own (github's `limit`)."""
    renderer = FORMATS.get(format_name)
    if renderer is None:
        raise ValueError(f"unknown format {format_name!r}; expected one of {', '.join(FORMATS)}")
    return renderer(Output(findings, gate, result, checks, base), **settings)
