"""What every check shares: its identity, its context, and how it makes findings.

A check is a small class with a code ("MT101"), a kebab-case name
("garbled-name"), a default severity and a docstring whose first line is its
summary and whose rest (with an *Anti-pattern* and a *Best practice* example)
is what `mtcheck explain CODE` prints. `check()` is a pure function of one
aligned document and the run's context: no I/O, no printing.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..model import AlignedDocument, Confidence, Finding, Segment, Severity

# What a check may need beyond the MT text. A check whose needs a run cannot
# meet is skipped, and the reports say so and why.
NEEDS_REFERENCE = "reference"
NEEDS_SOURCE = "source"
NEEDS_GLOSSARY = "glossary"
# Two or more other MT systems' translations of the same document, to compare with.
NEEDS_OTHER_SYSTEMS = "other systems"
# Reference-free checks run only where there is no reference: with one, the reference-based checks decide.
NEEDS_NO_REFERENCE = "no reference"
MIN_OTHER_SYSTEMS = 2


@dataclass
class CheckContext:
    """Everything a check may read besides the document itself."""

    embedder: Any  # mtcheck.embed.Embedder (or anything with the same encode/similarity API)
    # Every document of the same system, for checks that compare across documents.
    system_documents: list[AlignedDocument] = field(default_factory=list)
    glossary: Any = None  # mtcheck.load.glossary.Glossary, when one is given
    # Per-check settings from the configuration, keyed by check code, e.g.
    # {"MT101": {"min-string-similarity": 0.8}}.
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Shared per-run memo (candidate extraction results, ...), keyed by the caller.
    cache: dict[Any, Any] = field(default_factory=dict)
    language: str = "en"  # the MT's (target) language, a BCP 47 tag
    # The same document as other MT systems translated it: what they agree on is evidence
    # about a name that one system alone writes (or that the reference words otherwise).
    peer_documents: list[AlignedDocument] = field(default_factory=list)
    # The system's vocabulary, when the caller has it already (see checks/reuse.py).
    vocabulary: Any = None


class Check:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    needs: ClassVar[frozenset[str]] = frozenset()
    # Tunable thresholds and their defaults; configuration may override them.
    defaults: ClassVar[dict[str, Any]] = {}
    # A fallback check reports only where no other check reported on the same characters.
    fallback: ClassVar[bool] = False
    # A cross-document check reads the system's other documents, so its
    # findings on one document can change when another document changes.
    cross_document: ClassVar[bool] = False

    def __init__(self, severity: Severity | None = None, settings: dict[str, Any] | None = None):
        self.effective_severity = severity or self.severity
        self.settings = {**self.defaults, **(settings or {})}

    @classmethod
    def summary(cls) -> str:
        return inspect.getdoc(cls).splitlines()[0]

    @classmethod
    def documentation(cls) -> str:
        return inspect.getdoc(cls)

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(
        self,
        document: AlignedDocument,
        segment: Segment,
        start: int,
        end: int,
        found: str,
        expected: str,
        message: str,
        severity: Severity | None = None,
        confidence: Confidence = Confidence.HIGH,
        **evidence: Any,
    ) -> Finding:
        """A finding at characters [start, end) of `segment.mt`, located in the MT file."""
        line, column, end_column = segment.locate_span(start, end)
        return Finding(
            system=document.system,
            doc=document.doc,
            segment=segment.segment,
            position=segment.index,
            line=line,
            start=column,
            end=end_column,
            code=self.code,
            rule=self.name,
            severity=self._downgrade(severity),
            confidence=confidence,
            found=found,
            expected=expected,
            message=message,
            file=str(document.mt_path),
            context=segment.mt,
            segment_is_key=segment.key is not None,
            **evidence,
        )

    def _downgrade(self, severity: Severity | None) -> Severity:
        """A check may lower its severity for weaker evidence, never above the configured one."""
        if severity is None or severity.rank > self.effective_severity.rank:
            return self.effective_severity
        return severity
