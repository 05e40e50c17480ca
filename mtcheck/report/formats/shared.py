"""What several output formats share: finding order and fingerprints, paths, messages, JSON records.

Paths are shown relative to `base` (the current folder, or for `github` the
workspace) when the file lies below it, since CI annotations need
repository-relative paths. Findings carry 0-based, end-exclusive character
offsets; each format converts them to its own column convention.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...gate import GateResult
from ...gate.baseline import fingerprints
from ...model import FINDING_COLUMNS, Finding, RunResult


@dataclass(frozen=True)
class Output:
    """What a run gives its output formats: each format shows what it has a place for."""

    findings: Sequence[Finding]
    gate: GateResult | None = None
    result: RunResult | None = None
    checks: Sequence[type] | None = None  # the checks SARIF lists as rules; None: every check
    base: Path | str | None = None  # paths are shown relative to it


def display_path(file: str | Path, base: Path | str | None = None) -> str:
    """`file` relative to `base` (default: the current folder) with forward slashes, if it lies below it."""
    if not str(file):
        return ""
    path = Path(file)
    absolute = path if path.is_absolute() else Path.cwd() / path
    root = Path(base) if base is not None else Path.cwd()
    try:
        return absolute.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def ordered(findings: Sequence[Finding]) -> list[tuple[Finding, str]]:
    """Findings with their fingerprints, in segment order: stable output for identical runs."""
    paired = list(zip(findings, fingerprints(findings), strict=True))
    return sorted(
        paired,
        key=lambda pair: (
            pair[0].system, pair[0].doc, pair[0].position, pair[0].line, pair[0].start, pair[0].code, pair[1]
        ),
    )


def has_lines(finding: Finding) -> bool:
    """Whether the finding's file has lines to point into: a .parquet table has rows, not lines."""
    return finding.line > 0 and not str(finding.file).lower().endswith(".parquet")


def labelled_message(finding: Finding) -> str:
    """The message with severity, confidence and segment id, for formats that show only a message."""
    return f"[{finding.severity.value}, {finding.confidence.value}] segment {finding.segment}: {finding.message}"


def clean_number(value: float | None) -> float | None:
    """The number, or None where JSON has no number for it (NaN, infinity)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value


def finding_record(finding: Finding, fingerprint: str, base: Path | str | None = None) -> dict[str, Any]:
    """A finding as a JSON object: the CSV columns, then context and fingerprint."""
    record: dict[str, Any] = {}
    for column in FINDING_COLUMNS:
        value = getattr(finding, column)
        if column in ("severity", "confidence"):
            value = value.value
        elif column == "file":
            value = display_path(value, base)
        elif isinstance(value, float):
            value = clean_number(value)
        record[column] = value
    record["context"] = finding.context
    record["fingerprint"] = fingerprint
    return record
