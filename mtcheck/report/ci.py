"""Findings, gate result and run summary rendered for CI systems and people.

Formats: `github` (workflow-command annotations), `gitlab` (Code Quality
JSON), `junit` (XML), `json`, `jsonl`, `sarif` (2.1.0) and `text` (rich
tables). Every renderer returns a string; the CLI decides where it goes.

Paths are shown relative to `base` (the current folder, or for `github` the
workspace) when the file lies below it, since CI annotations need
repository-relative paths. Findings carry 0-based, end-exclusive character
offsets; each format converts them to its own column convention.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree

from .. import __version__
from ..gate.baseline import fingerprints
from ..config import OUTPUT_FORMATS, available_checks
from ..gate import GateResult
from ..model import FINDING_COLUMNS, Finding, RunResult, Severity

# GitHub shows at most this many error and this many warning annotations per step
# and drops the rest silently; mtcheck emits no more and says how many it left out.
GITHUB_ANNOTATIONS_PER_LEVEL = 10

_GITHUB_LEVEL = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning"}
_SARIF_LEVEL = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning"}
# GitLab's scale is info/minor/major/critical/blocker; MQM's three levels map onto their namesakes.
_GITLAB_SEVERITY = {Severity.CRITICAL: "critical", Severity.MAJOR: "major", Severity.MINOR: "minor"}
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
# XML 1.0 cannot carry most control characters, even escaped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render(
    format_name: str,
    findings: Sequence[Finding],
    *,
    gate: GateResult | None = None,
    result: RunResult | None = None,
    checks: Sequence[type] | None = None,
    base: Path | str | None = None,
) -> str:
    """Render in one of `OUTPUT_FORMATS`."""
    if format_name == "github":
        return render_github(findings, gate, base=base)
    if format_name == "gitlab":
        return render_gitlab(findings, base=base)
    if format_name == "junit":
        return render_junit(findings, result=result, gate=gate, base=base)
    if format_name == "json":
        return render_json(findings, gate=gate, result=result, base=base)
    if format_name == "jsonl":
        return render_jsonl(findings, base=base)
    if format_name == "sarif":
        return render_sarif(findings, checks=checks, base=base)
    if format_name == "text":
        return render_text(findings, gate=gate)
    raise ValueError(f"unknown format {format_name!r}; expected one of {', '.join(OUTPUT_FORMATS)}")


# ------------------------------------------------------------------- shared


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


def _ordered(findings: Sequence[Finding]) -> list[tuple[Finding, str]]:
    """Findings with their fingerprints, in segment order: stable output for identical runs."""
    paired = list(zip(findings, fingerprints(findings), strict=True))
    return sorted(
        paired,
        key=lambda pair: (
            pair[0].system, pair[0].doc, pair[0].position, pair[0].line, pair[0].start, pair[0].code, pair[1]
        ),
    )


def labelled_message(finding: Finding) -> str:
    """The message with severity, confidence and segment id, for formats that show only a message."""
    return f"[{finding.severity.value}, {finding.confidence.value}] segment {finding.segment}: {finding.message}"


def _clean_number(value: float | None) -> float | None:
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
            value = _clean_number(value)
        record[column] = value
    record["context"] = finding.context
    record["fingerprint"] = fingerprint
    return record


def gate_record(gate: GateResult) -> dict[str, Any]:
    return {
        "passed": gate.passed,
        "counted_findings": gate.counted_findings,
        "baselined_findings": gate.baselined_findings,
        "violations": [{**asdict(v), "scope": v.scope} for v in gate.violations],
        "unchecked": list(gate.unchecked),
    }


def summary_record(findings: Sequence[Finding], result: RunResult | None = None) -> dict[str, Any]:
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
                    metric: _clean_number(getattr(s.scores, metric)) for metric in ("bleu", "chrf", "ter", "similarity")
                },
            }
            for s in sorted(result.system_scores, key=lambda s: s.system)
        ]
        summary["skipped_checks"] = [asdict(skipped) for skipped in result.skipped_checks]
        summary["warnings"] = list(result.warnings)
        summary["signature"] = dict(result.signature)
    return summary


# ------------------------------------------------------------------- github


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _workflow_command(level: str, message: str, **properties: Any) -> str:
    shown = ",".join(
        f"{name}={_escape_property(str(value))}" for name, value in properties.items() if value is not None
    )
    return f"::{level} {shown}::{_escape_data(message)}" if shown else f"::{level}::{_escape_data(message)}"


def has_lines(finding: Finding) -> bool:
    """Whether the finding's file has lines to point into: a .parquet table has rows, not lines."""
    return finding.line > 0 and not str(finding.file).lower().endswith(".parquet")


def github_annotation(finding: Finding, base: Path | str | None = None) -> str:
    """One workflow command; columns are 1-based and endColumn is the last character (inclusive)."""
    path = display_path(finding.file, base) or None
    located = path is not None and has_lines(finding)
    return _workflow_command(
        _GITHUB_LEVEL[finding.severity],
        labelled_message(finding),
        file=path,
        line=finding.line if located else None,
        col=finding.start + 1 if located else None,
        endColumn=max(finding.end, finding.start + 1) if located else None,
        title=f"{finding.code} {finding.rule}",
    )


def render_github(
    findings: Sequence[Finding],
    gate: GateResult | None = None,
    *,
    base: Path | str | None = None,
    limit: int = GITHUB_ANNOTATIONS_PER_LEVEL,
) -> str:
    """GitHub Actions annotations, most severe first, at most `limit` errors and `limit` warnings.

    A failed gate takes the first error annotation. What does not fit is
    counted in one plain log line, since GitHub would drop it without a word.
    """
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
    ranked = sorted(_ordered(findings), key=lambda pair: -pair[0].severity.rank)
    for finding, _ in ranked:
        level = _GITHUB_LEVEL[finding.severity]
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


# ------------------------------------------------------------------- gitlab


def _gitlab_location(finding: Finding, base: Path | str | None) -> dict:
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


def render_gitlab(findings: Sequence[Finding], *, base: Path | str | None = None) -> str:
    """GitLab Code Quality report: a JSON array of issues."""
    issues = []
    for finding, print_ in _ordered(findings):
        issues.append(
            {
                "type": "issue",
                "description": f"{finding.code} {finding.rule} {labelled_message(finding)}",
                "check_name": finding.code,
                "fingerprint": print_,
                "severity": _GITLAB_SEVERITY[finding.severity],
                "location": _gitlab_location(finding, base),
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


# -------------------------------------------------------------------- junit


def _xml_text(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def _finding_line(finding: Finding, base: Path | str | None) -> str:
    where = display_path(finding.file, base) or f"{finding.system}/{finding.doc}"
    return f"{where}:{finding.line}:{finding.start + 1}: {finding.code} {finding.rule} {labelled_message(finding)}"


def render_junit(
    findings: Sequence[Finding],
    *,
    result: RunResult | None = None,
    gate: GateResult | None = None,
    base: Path | str | None = None,
) -> str:
    """JUnit XML: one test suite per MT system, one test case per document.

    A document's case fails when the gate fails on it (any gate rule scoped to
    that document); the failure names the rules, and the document's findings
    are listed in its `<system-out>` either way. Rules about a whole system
    fail a case `system-wide gate rules` in that system's suite; rules about
    the whole run, a case `gate` in a suite of its own. With a run result,
    clean documents appear as passing cases. Without a gate nothing fails.
    """
    documents: dict[tuple[str, str], str] = {}
    if result is not None:
        for document in result.documents:
            documents[(document.system, document.doc)] = str(document.mt_path)
    by_document: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding, _ in _ordered(findings):
        by_document[(finding.system, finding.doc)].append(finding)
        documents.setdefault((finding.system, finding.doc), finding.file)
    violations = list(gate.violations) if gate is not None else []

    def fail(case: ElementTree.Element, failing: list) -> None:
        failure = ElementTree.SubElement(
            case, "failure", message=_xml_text(f"gate failed: {len(failing)} rule{'s' if len(failing) != 1 else ''}"), type="gate"
        )
        failure.text = _xml_text("\n".join(violation.describe() for violation in failing))

    root = ElementTree.Element("testsuites", name="mtcheck")
    total_tests = total_failures = 0
    for system in sorted({system for system, _ in documents} | {v.system for v in violations if v.system is not None}):
        suite = ElementTree.SubElement(root, "testsuite", name=_xml_text(f"mtcheck {system}"))
        tests = failures = 0
        for (doc_system, doc), file in sorted(documents.items()):
            if doc_system != system:
                continue
            tests += 1
            case = ElementTree.SubElement(
                suite, "testcase", classname=_xml_text(f"mtcheck.{system}"), name=_xml_text(doc), time="0"
            )
            if file:
                case.set("file", _xml_text(display_path(file, base)))  # GitLab reads it; Jenkins' schema has no such attribute
            failing = [v for v in violations if v.system == system and v.doc == doc]
            if failing:
                failures += 1
                fail(case, failing)
            mine = by_document.get((system, doc), [])
            if mine:
                out = ElementTree.SubElement(case, "system-out")
                out.text = _xml_text("\n".join(_finding_line(f, base) for f in mine))
        system_wide = [v for v in violations if v.system == system and v.doc is None]
        if system_wide:
            tests += 1
            failures += 1
            case = ElementTree.SubElement(suite, "testcase", classname=_xml_text(f"mtcheck.{system}"), name="system-wide gate rules", time="0")
            fail(case, system_wide)
        _count_suite(suite, tests, failures)
        total_tests += tests
        total_failures += failures
    if gate is not None:
        run_wide = [v for v in violations if v.system is None]
        suite = ElementTree.SubElement(root, "testsuite", name="mtcheck gate")
        case = ElementTree.SubElement(suite, "testcase", classname="mtcheck.gate", name="gate", time="0")
        if run_wide:
            fail(case, run_wide)
        _count_suite(suite, 1, 1 if run_wide else 0)
        total_tests += 1
        total_failures += 1 if run_wide else 0
    _count_suite(root, total_tests, total_failures)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


def _count_suite(element: ElementTree.Element, tests: int, failures: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")
    if element.tag == "testsuite":  # Jenkins' schema allows `skipped` on a suite only
        element.set("skipped", "0")
    element.set("time", "0")


# --------------------------------------------------------------- json, jsonl


def render_json(
    findings: Sequence[Finding],
    *,
    gate: GateResult | None = None,
    result: RunResult | None = None,
    base: Path | str | None = None,
) -> str:
    """One JSON document: tool, version, summary, gate (or null) and findings."""
    document = {
        "tool": "mtcheck",
        "version": __version__,
        "summary": summary_record(findings, result),
        "gate": gate_record(gate) if gate is not None else None,
        "findings": [finding_record(f, p, base) for f, p in _ordered(findings)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_jsonl(findings: Sequence[Finding], *, base: Path | str | None = None) -> str:
    """One finding per line, as in `json`'s findings."""
    return "".join(json.dumps(finding_record(f, p, base), ensure_ascii=False) + "\n" for f, p in _ordered(findings))


# -------------------------------------------------------------------- sarif


def _artifact_uri(path: str) -> str:
    if Path(path).is_absolute():
        return Path(path).as_uri()
    return quote(path, safe="/")


def _sarif_rule(code: str, name: str, summary: str, documentation: str, severity: Severity) -> dict[str, Any]:
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": documentation},
        "help": {"text": documentation},
        "defaultConfiguration": {"level": _SARIF_LEVEL[severity]},
    }


def render_sarif(
    findings: Sequence[Finding], *, checks: Sequence[type] | None = None, base: Path | str | None = None
) -> str:
    """SARIF 2.1.0. Columns are 1-based code points; endColumn is just past the last character."""
    registry = checks if checks is not None else (available_checks() or ())
    rules = [
        _sarif_rule(check.code, check.name, check.summary(), check.documentation(), check.severity)
        for check in sorted(registry, key=lambda c: c.code)
    ]
    known = {rule["id"] for rule in rules}
    for finding in sorted(findings, key=lambda f: f.code):
        # A finding from a check outside the registry still needs a rule to point at.
        if finding.code not in known:
            rules.append(_sarif_rule(finding.code, finding.rule, finding.rule, finding.rule, finding.severity))
            known.add(finding.code)
    index = {rule["id"]: position for position, rule in enumerate(rules)}

    results = []
    for finding, print_ in _ordered(findings):
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": _SARIF_LEVEL[finding.severity],
            "message": {"text": finding.message},
            "partialFingerprints": {"mtcheckFinding/v2": print_},
            "properties": {
                "system": finding.system,
                "doc": finding.doc,
                "segment": finding.segment,
                "position": finding.position,
                "severity": finding.severity.value,
                "confidence": finding.confidence.value,
                "probability": finding.probability,
                "found": finding.found,
                "expected": finding.expected,
            },
        }
        path = display_path(finding.file, base)
        if path:
            location: dict[str, Any] = {"artifactLocation": {"uri": _artifact_uri(path)}}
            if has_lines(finding):
                start_column = finding.start + 1
                location["region"] = {
                    "startLine": finding.line,
                    "startColumn": start_column,
                    "endColumn": max(finding.end + 1, start_column),
                }
            result["locations"] = [{"physicalLocation": location}]
        results.append(result)

    document = {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "mtcheck", "version": __version__, "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------- text


def findings_table(findings: Sequence[Finding], per_document: int = 10, base: Path | str | None = None):
    """A rich Table of findings: the first `per_document` of each document, then how many more."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Findings (first of each document)", title_justify="left", show_lines=False)
    table.add_column("where", no_wrap=True)
    table.add_column("segment", no_wrap=True)
    table.add_column("check", no_wrap=True)
    table.add_column("severity, confidence", no_wrap=True)
    table.add_column("found → expected", ratio=1)
    table.add_column("why", ratio=2)
    by_document: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding, _ in _ordered(findings):
        by_document[(finding.system, finding.doc)].append(finding)
    several_systems = len({system for system, _ in by_document}) > 1
    for (system, doc), mine in by_document.items():
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


def render_text(
    findings: Sequence[Finding], *, gate: GateResult | None = None, per_document: int = 10, width: int = 120
) -> str:
    """The tables as plain text, for logs and tests; the CLI prints the tables themselves."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(width=width, file=buffer, color_system=None, markup=False, highlight=False)
    if findings:
        console.print(findings_table(findings, per_document))
    else:
        console.print("No findings.")
    if gate is not None:
        console.print(gate_table(gate))
        for note in gate.unchecked:
            console.print(f"not checked: {note}")
    return buffer.getvalue()
