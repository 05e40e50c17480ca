"""`junit`: JUnit XML, one test suite per MT system and one test case per document."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from xml.etree import ElementTree

from ...model import Finding
from .shared import Output, display_path, labelled_message, ordered

# XML 1.0 cannot carry most control characters, even escaped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def _finding_line(finding: Finding, base: Path | str | None) -> str:
    where = display_path(finding.file, base) or f"{finding.system}/{finding.doc}"
    return f"{where}:{finding.line}:{finding.start + 1}: {finding.code} {finding.rule} {labelled_message(finding)}"


def render(output: Output) -> str:
    """JUnit XML: one test suite per MT system, one test case per document.

    A document's case fails when the gate fails on it (any gate rule scoped to
    that document); the failure names the rules, and the document's findings
    are listed in its `<system-out>` either way. Rules about a whole system
    fail a case `system-wide gate rules` in that system's suite; rules about
    the whole run, a case `gate` in a suite of its own. With a run result,
    clean documents appear as passing cases. Without a gate nothing fails.
    """
    findings, gate, result, base = output.findings, output.gate, output.result, output.base
    documents: dict[tuple[str, str], str] = {}
    if result is not None:
        for document in result.documents:
            documents[(document.system, document.doc)] = str(document.mt_path)
    by_document: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding, _ in ordered(findings):
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
