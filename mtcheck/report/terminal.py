"""The tables the CLI prints for people: findings, gate violations, system comparison.

Each function returns a rich Table; the caller chooses the console. rich is
imported inside them, so importing this module stays cheap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from ..gate import GateResult
from ..model import Finding, RunResult
from .formats.shared import ordered


def findings_table(
    findings: Sequence[Finding],
    per_document: int = 10,
    base: Path | str | None = None,
    most: int | None = None,
    listed_in: Sequence[str] = ("flags.csv",),
):
    """A rich Table of findings: the first `per_document` of each document, then how many more.

    With `most`, documents are shown whole (their first `per_document`) while their rows add up
    to at most `most` (the first document always), and a caption says how many findings the
    table leaves out and that the files `listed_in` have them all.
    """
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Findings (first of each document)", title_justify="left", show_lines=False, caption_justify="left")
    table.add_column("where", no_wrap=True)
    table.add_column("segment", no_wrap=True)
    table.add_column("check", no_wrap=True)
    table.add_column("severity, confidence", no_wrap=True)
    table.add_column("found → expected", ratio=1)
    table.add_column("why", ratio=2)
    by_document: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding, _ in ordered(findings):
        by_document[(finding.system, finding.doc)].append(finding)
    several_systems = len({system for system, _ in by_document}) > 1
    documents = list(by_document.items())
    shown_rows = 0
    for number, ((system, doc), mine) in enumerate(documents):
        rows = min(len(mine), per_document)
        if most is not None and number > 0 and shown_rows + rows > most:
            left_out = documents[number:]
            more = sum(len(rest) for _, rest in left_out)
            files = " and ".join(listed_in)
            table.caption = Text(
                f"… {_count(more, 'more finding')} in {_count(len(left_out), 'more document')}: "
                f"{files} {'has' if len(listed_in) == 1 else 'have'} all of them"
            )
            break
        shown_rows += rows
        label = f"{system}/{doc}" if several_systems else doc
        for finding in mine[:per_document]:
            found = finding.found or "(nothing)"
            table.add_row(
                f"{label}:{finding.line}:{finding.start + 1}",
                Text(finding.segment),  # the user's id, not rich markup
                f"{finding.code} {finding.rule}",
                f"{finding.severity.value}, {finding.confidence.value}",
                f"{found} → {finding.expected}" if finding.expected else found,
                finding.message,
            )
        if len(mine) > per_document:
            table.add_row(label, "", "", "", "", f"… {len(mine) - per_document} more in this document (flags.csv has all)")
    return table


def _count(number: int, noun: str) -> str:
    """ "1 more finding", "4 more findings". """
    return f"{number} {noun}{'' if number == 1 else 's'}"


def gate_table(gate: GateResult):
    """A rich Table of gate violations (empty when the gate passed)."""
    from rich.table import Table

    title = "Gate passed" if gate.passed else f"Gate failed: {len(gate.violations)} violations"
    table = Table(title=title)
    for column in ("rule", "scope", "actual", "limit", "message"):
        table.add_column(column)
    for violation in gate.violations:
        table.add_row(
            violation.rule, violation.scope, f"{violation.actual:g}", f"{violation.limit:g}", violation.message
        )
    return table


def comparison_table(result: RunResult):
    """A rich Table of each system's score difference to the comparison system, with its p-value."""
    from rich.table import Table

    rows = result.comparison
    base = rows[0].compared_to if rows else ""
    metrics = list(dict.fromkeys(row.metric for row in rows))
    table = Table(title=f"Compared to {base}: difference (p-value; * below 0.05)", title_justify="left")
    table.add_column("system")
    for metric in metrics:
        table.add_column(metric, justify="right")
    cells: dict[str, dict[str, str]] = defaultdict(dict)
    for row in rows:
        if row.p_value is None:
            cells[row.system][row.metric] = f"{row.score:.2f}"
        else:
            cells[row.system][row.metric] = f"{row.delta:+.2f} ({row.p_value:.3f}{'*' if row.significant else ''})"
    for system, by_metric in cells.items():
        table.add_row(system, *(by_metric.get(metric, "-") for metric in metrics))
    return table
