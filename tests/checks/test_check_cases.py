"""Every pass/fail case of every check, one parametrised test (`pytest -k MT101` runs one check's cases)."""

from __future__ import annotations

import re

import pytest

from mtcheck.checks import run_checks

from .cases import CASES, Case
from .helpers import make_document


def _finding_summary(finding, width: int) -> tuple:
    """(found, expected), with severity and confidence when the case's expectations name them."""
    return (finding.found, finding.expected, finding.severity.value, finding.confidence.value)[:width]


@pytest.mark.parametrize("case", CASES, ids=[f"{case.code}-{case.id}" for case in CASES])
def test_case(case: Case, torch_embedder):
    document = make_document(case.mt, case.ref, case.src)
    others = [make_document(lines, case.ref, case.src, system=system) for system, lines in (case.others or {}).items()]
    settings = {case.code: case.settings} if case.settings else None
    findings, skipped = run_checks(
        [document, *others], torch_embedder, glossary=case.build_glossary(), select=[case.code], settings=settings
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
        assert reads_as_a_sentence(finding.message), finding.message


# Phrasings that read wrong, as users reported them, and their kin: every message a case
# produces is read for them, so each branch that builds a message is read once.
BROKEN = (
    re.compile(r"\(s\)"),
    re.compile(r"\bso more than once\b"),
    re.compile(r", and the reference gives its name with an acronym than\b"),
    re.compile(r"\bno two other\b"),
    re.compile(r"\bis a different name than\b"),
    re.compile(r"\s{2,}"),
    re.compile(r"\s[,;:.]"),
    re.compile(r"\b(\w+) \1\b(?<!that that)"),
)


def reads_as_a_sentence(message: str) -> bool:
    """No doubled word, "(s)", dangling comparison or stray space, and its quotes closed."""
    plain = re.sub(r"(?<=\w)'s\b", "", message)  # the reference's, Varga's
    quotes = plain.count("'") - len(re.findall(r"\w'\w", plain))  # O'Brien
    return bool(message[:1].strip()) and quotes % 2 == 0 and not any(pattern.search(message) for pattern in BROKEN)
