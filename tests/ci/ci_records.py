"""Hand-built run records and small fake checks for the CI-side tests (imported, not a conftest)."""

from __future__ import annotations

from pathlib import Path

from mtcheck.checks.base import Check
from mtcheck.model import (
    AlignedDocument,
    Confidence,
    DocumentScore,
    Finding,
    RunResult,
    Scores,
    Severity,
    SystemScore,
)


class FakeGarbledName(Check):
    """Flags a name the MT spelled differently from the reference.

    Anti-pattern: "Zelenskiy" where the reference has "Zelensky".
    """

    code = "MT101"
    name = "garbled-name"
    severity = Severity.MAJOR
    defaults = {"min-string-similarity": 0.8, "phonetic": True, "max-candidates": 5}


class FakeAcronym(Check):
    """Flags an acronym missing from the MT."""

    code = "MT201"
    name = "missing-acronym"
    severity = Severity.MINOR
    defaults = {"min-length": 2}


class FakeNumber(Check):
    """Flags a number that differs from the reference."""

    code = "MT301"
    name = "wrong-number"
    severity = Severity.CRITICAL
    defaults = {}


FAKE_CHECKS = (FakeGarbledName, FakeAcronym, FakeNumber)


def make_finding(
    severity: Severity = Severity.MAJOR,
    code: str = "MT101",
    rule: str = "garbled-name",
    system: str = "mt",
    doc: str = "a",
    line: int = 3,
    start: int = 4,
    end: int = 13,
    found: str = "Zelenskiy",
    expected: str = "Zelensky",
    message: str = "name 'Zelenskiy' differs from the reference 'Zelensky'",
    file: str = "corpus/mt/a.txt",
    context: str = "Mr. Zelenskiy said on Monday.",
    segment: str = "2",
    position: int = 2,
    confidence: Confidence = Confidence.HIGH,
    segment_is_key: bool = False,
) -> Finding:
    return Finding(
        system=system,
        doc=doc,
        segment=segment,
        position=position,
        line=line,
        start=start,
        end=end,
        code=code,
        rule=rule,
        severity=severity,
        found=found,
        expected=expected,
        message=message,
        file=file,
        context=context,
        confidence=confidence,
        segment_is_key=segment_is_key,
    )


def scores(bleu=30.0, chrf=55.0, ter=60.0, similarity=0.85) -> Scores:
    return Scores(bleu=bleu, chrf=chrf, ter=ter, similarity=similarity)


def make_result(
    findings: list[Finding],
    documents: dict[tuple[str, str], tuple[int, Scores]] | None = None,
    systems: dict[str, tuple[int, Scores]] | None = None,
) -> RunResult:
    """A run over the given documents ({(system, doc): (words, scores)}); systems default to sums."""
    documents = documents if documents is not None else {("mt", "a"): (1000, scores())}
    document_scores = [
        DocumentScore(system=system, doc=doc, segments=10, words=words, scores=doc_scores)
        for (system, doc), (words, doc_scores) in documents.items()
    ]
    if systems is None:
        systems = {}
        for (system, _), (words, doc_scores) in documents.items():
            previous = systems.get(system, (0, doc_scores))[0]
            systems[system] = (previous + words, doc_scores)
    system_scores = [
        SystemScore(
            system=system,
            documents=sum(1 for s, _ in documents if s == system),
            segments=10,
            words=words,
            scores=sys_scores,
        )
        for system, (words, sys_scores) in systems.items()
    ]
    aligned = [
        AlignedDocument(
            system=system,
            doc=doc,
            mt_path=Path(f"corpus/{system}/{doc}.txt"),
            segments=[],
            has_reference=True,
            has_source=False,
        )
        for system, doc in documents
    ]
    return RunResult(
        documents=aligned,
        segment_scores=[],
        document_scores=document_scores,
        system_scores=system_scores,
        findings=findings,
        skipped_checks=[],
        signature={"mtcheck": "0.1.0", "chrf": "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.4.2"},
    )
