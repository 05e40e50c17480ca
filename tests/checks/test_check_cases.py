"""Every pass/fail case of every check, one parametrised test (`pytest -k MT101` runs one check's cases)."""

from __future__ import annotations

import pytest

from mtcheck.checks import run_checks

from .cases import CASES, Case
from .helpers import make_document


def _finding_summary(finding, width: int) -> tuple:
    """(found, expected), with severity and confidence when the case's expectations name them."""
    return (finding.found, finding.expected, finding.severity.value, finding.confidence.value)[:width]


@pytest.mark.parametrize("case", CASES, ids=[f"{case.code}-{case.id}" for case in CASES])
def test_case(case: Case, embedder):
    document = make_document(case.mt, case.ref, case.src)
    others = [make_document(lines, case.ref, case.src, system=system) for system, lines in (case.others or {}).items()]
    settings = {case.code: case.settings} if case.settings else None
    findings, skipped = run_checks(
        [document, *others], embedder, glossary=case.build_glossary(), select=[case.code], settings=settings
    )
    assert skipped == [], "a case must give its check everything it needs"
    findings = [finding for finding in findings if finding.system == document.system]
    width = max((len(item) for item in case.expect), default=2)
    assert sorted(_finding_summary(f, width) for f in findings) == sorted(case.expect)
    for finding in findings:
        segment = document.segments[finding.position - 1]
        assert finding.code == case.code
        assert 0 <= finding.start <= finding.end <= len(segment.mt)
        if finding.found:
            # The span points at the found text (a possessive may follow it).
            assert segment.mt[finding.start : finding.end].startswith(finding.found.split(" (")[0][:3])
