"""`sarif`: SARIF 2.1.0, with one rule per check and one result per finding."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ... import __version__
from ...model import Severity
from .shared import Output, display_path, has_lines, ordered

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"

_LEVEL = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning"}


def _artifact_uri(path: str) -> str:
    if Path(path).is_absolute():
        return Path(path).as_uri()
    return quote(path, safe="/")


def _rule(code: str, name: str, summary: str, documentation: str, severity: Severity) -> dict[str, Any]:
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": documentation},
        "help": {"text": documentation},
        "defaultConfiguration": {"level": _LEVEL[severity]},
    }


def render(output: Output) -> str:
    """SARIF 2.1.0. Columns are 1-based code points; endColumn is just past the last character.

    Rules come from `checks`, by default every check mtcheck has. SARIF has
    no place for the gate or the scores.
    """
    findings, checks, base = output.findings, output.checks, output.base
    if checks is None:
        # Imported only here: the other formats, and callers that pass their checks, need no check module loaded.
        from ...checks import ALL_CHECKS

        checks = ALL_CHECKS
    rules = [
        _rule(check.code, check.name, check.summary(), check.documentation(), check.severity)
        for check in sorted(checks, key=lambda c: c.code)
    ]
    known = {rule["id"] for rule in rules}
    for finding in sorted(findings, key=lambda f: f.code):
        # A finding from a check outside the registry still needs a rule to point at.
        if finding.code not in known:
            rules.append(_rule(finding.code, finding.rule, finding.rule, finding.rule, finding.severity))
            known.add(finding.code)
    index = {rule["id"]: position for position, rule in enumerate(rules)}

    results = []
    for finding, print_ in ordered(findings):
        entry: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": _LEVEL[finding.severity],
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
            entry["locations"] = [{"physicalLocation": location}]
        results.append(entry)

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
