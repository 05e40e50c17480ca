"""MT403 missing-glossary-term: the source names a glossary entry the MT does not render."""

from __future__ import annotations

from collections.abc import Iterator

from ..text.glossary_match import (
    FormMatch,
    entry_severity,
    find_inflected,
    find_phrase,
    longest_first,
    mention_spans,
    surname_form_rendering,
    tokenize,
)
from ..model import AlignedDocument, Finding, Severity
from .base import NEEDS_GLOSSARY, NEEDS_SOURCE, Check, CheckContext
from .glossary_near_miss import near_misses


class MissingGlossaryTerm(Check):
    """The source uses a glossary term, but the MT has neither the term nor its acronym.

    Source forms are found inflection-tolerantly ("Државната изборна комисија"
    is a form of "Државна изборна комисија"). The MT satisfies the entry with the
    term, its acronym or an admitted form, and a person's entry with the
    glossary surname alone ("Varlamov" for "Oleg Varlamov"), and any entry
    with the term's surname where the source uses a surname-only source form
    (the last word of a longer one: "Колесник" beside "Марта Колесник"). An MT
    that uses a listed wrong variant or a near-miss spelling is left to MT401
    and MT402. When the source is not
    line-aligned with the MT, the check works on the whole document — source
    form anywhere in the source, term nowhere in the MT — and reports at the
    first MT line.

    **Anti-pattern**

    Glossary: `State Election Commission` (SEC), source `Државна изборна комисија`.

        Source: Државната изборна комисија ги објави резултатите.
        MT:     The state voting board announced the results.

    **Best practice**

        MT:     The State Election Commission announced the results.
    """

    code = "MT403"
    name = "missing-glossary-term"
    severity = Severity.MAJOR
    needs = frozenset({NEEDS_GLOSSARY, NEEDS_SOURCE})

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        glossary = context.glossary
        if not glossary:
            return
        entries = glossary.with_sources()
        if not entries:
            return
        missed: dict[int, set[str]] = {}  # segment position -> terms with a near miss there (MT402's job)
        for hit in near_misses(document, context):
            missed.setdefault(hit.position, set()).add(hit.entry.term)
        if any(segment.src for segment in document.segments):
            for position, segment in enumerate(document.segments):
                if not segment.src or not segment.mt:
                    continue
                for entry, match in _named_in_source(entries, segment.src):
                    if _rendered(segment.mt, entry, match) or entry.term in missed.get(position, ()):
                        continue
                    finding = self.finding(
                        document,
                        segment,
                        0,
                        len(segment.mt),
                        found="",
                        expected=entry.term,
                        message=f"the source has '{match.text}' but the MT has {_wanted(entry)}"
                        f" (glossary {entry.where()})",
                    )
                    yield entry_severity(finding, entry)
        elif document.src_text:
            first = next((segment for segment in document.segments if segment.pieces), None)
            if first is None:
                return
            mt_text = document.mt_text or "\n".join(segment.mt for segment in document.segments)
            anywhere = set().union(*missed.values()) if missed else set()
            for entry, match in _named_in_source(entries, document.src_text):
                if _rendered(mt_text, entry, match) or entry.term in anywhere:
                    continue
                finding = self.finding(
                    document,
                    first,
                    0,
                    0,
                    found="",
                    expected=entry.term,
                    message=f"the source has '{match.text}' but the MT document has {_wanted(entry)} anywhere "
                    "(document level: the source is not line-aligned with the MT, so this is reported "
                    f"at the first MT line) (glossary {entry.where()})",
                )
                yield entry_severity(finding, entry)


def _named_in_source(entries, text: str) -> list[tuple[object, FormMatch]]:
    """(entry, first match) for each entry named in `text`; a longer form wins where two overlap."""
    tokens = tokenize(text)
    hits = []
    for entry in entries:
        for form in entry.source:
            for match in find_inflected(text, form, tokens):
                hits.append((match.start, match.end, (entry, match)))
    seen: dict[str, tuple[object, FormMatch]] = {}
    for _, _, (entry, match) in longest_first(hits):
        seen.setdefault(entry.term, (entry, match))
    return list(seen.values())


def _rendered(mt: str, entry, match: FormMatch) -> bool:
    """Whether the MT has the term, acronym, an admitted form or a person's surname — or a variant (MT401's).

    A surname-only source form (one listed as the last word of a longer form) is rendered by the term's surname.
    """
    if mention_spans(mt, entry):
        return True
    surname = surname_form_rendering(entry, match.form)
    if surname and find_phrase(mt, surname):
        return True
    return any(find_phrase(mt, variant, exclude=entry.accepted_forms) for variant in entry.variants)


def _wanted(entry) -> str:
    forms = [f"'{form}'" for form in entry.accepted_forms]
    return "neither " + " nor ".join(forms) if len(forms) > 1 else f"no {forms[0]}"
