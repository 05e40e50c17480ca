"""MT401 forbidden-variant: the MT uses a form the glossary lists as wrong."""

from __future__ import annotations

from collections.abc import Iterator

from ..text.glossary_match import accepted_spans, entry_severity, find_phrase, longest_first, overlapping
from ..model import AlignedDocument, Finding, Severity
from .base import NEEDS_GLOSSARY, Check, CheckContext


class ForbiddenVariant(Check):
    """The MT uses a spelling the glossary lists as a wrong variant of a term.

    Each glossary entry may list `variants`: known wrong or non-preferred forms
    (deprecated and superseded terms in TBX). They are matched as whole words,
    case-sensitively (plus Sentence-initial and ALL-CAPS spellings), so a
    variant never fires inside a longer word, and a variant that differs from
    the term only by case ("Nato" for "NATO") never fires on the term. A
    variant inside a use of the term itself ("Macedonia" in "North Macedonia")
    is not flagged. The entry's severity, when set, replaces the check's.

    **Anti-pattern**

    Glossary: `Elise Stefanik` with variant `Elise Stefanick`.

        Elise Stefanick said the vote would go ahead.

    **Best practice**

        Elise Stefanik said the vote would go ahead.
    """

    code = "MT401"
    name = "forbidden-variant"
    severity = Severity.MAJOR
    needs = frozenset({NEEDS_GLOSSARY})

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        glossary = context.glossary
        if not glossary:
            return
        entries = [entry for entry in glossary if entry.variants]
        for segment in document.segments:
            text = segment.mt
            if not text:
                continue
            folded = text.casefold()
            hits = []
            for entry in entries:
                candidates = [variant for variant in entry.variants if variant.casefold() in folded]
                if not candidates:
                    continue
                accepted = accepted_spans(text, entry)
                for variant in candidates:
                    for span in find_phrase(text, variant, exclude=entry.accepted_forms):
                        if not overlapping(span, accepted):
                            hits.append((*span, entry))
            for start, end, entry in longest_first(hits):
                found = text[start:end]
                finding = self.finding(
                    document,
                    segment,
                    start,
                    end,
                    found=found,
                    expected=entry.term,
                    message=f"'{found}' is a listed wrong variant of '{entry.term}' (glossary {entry.where()})",
                )
                yield entry_severity(finding, entry)
