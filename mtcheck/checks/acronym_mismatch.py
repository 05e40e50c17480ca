"""MT404 acronym-mismatch: a glossary term paired with the wrong acronym."""

from __future__ import annotations

from collections.abc import Iterator

from ..text.candidates import build_vocabulary, extract_acronyms, extract_definitions
from ..text.glossary_match import accepted_spans, entry_severity, find_any_inflected, find_phrase
from ..model import AlignedDocument, Finding, Severity
from .base import NEEDS_GLOSSARY, Check, CheckContext


def _normal(acronym: str) -> str:
    return acronym.replace(".", "")


class AcronymMismatch(Check):
    """A glossary term is given an acronym the glossary does not define for it.

    Two patterns are flagged. In a definition "Long Name (ACR)" whose long name is
    a glossary term (or one of its variants or admitted forms), ACR must be the
    entry's acronym; when the entry has none, ACR must at least not be the
    acronym of another entry. And when the source segment names a glossary entry,
    an MT acronym that the glossary defines for a *different* entry is flagged,
    unless the MT also renders the named entry. Acronyms unknown to the glossary
    are left alone outside definitions: the glossary cannot tell they are wrong.

    **Anti-pattern**

    Glossary: `State Election Commission`, acronym `SEC`.

        The State Election Commission (DIK) published the results.

    **Best practice**

        The State Election Commission (SEC) published the results.
    """

    code = "MT404"
    name = "acronym-mismatch"
    severity = Severity.MAJOR
    needs = frozenset({NEEDS_GLOSSARY})

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        glossary = context.glossary
        if not glossary:
            return
        key = ("candidates-vocabulary", document.system, document.doc)
        vocabulary = context.cache.get(key)
        if vocabulary is None:
            vocabulary = context.cache[key] = build_vocabulary(segment.mt for segment in document.segments)
        owners = {_normal(entry.acronym): entry for entry in glossary if entry.acronym}
        for segment in document.segments:
            text = segment.mt
            if not text:
                continue
            flagged: set[int] = set()
            for definition in extract_definitions(text, vocabulary):
                entry = _entry_named_by(definition.expansion.text, glossary)
                if entry is None:
                    continue
                acronym = definition.acronym
                found = acronym.normalized
                owner = owners.get(found)
                if entry.acronym and found == _normal(entry.acronym):
                    continue
                if not entry.acronym and (owner is None or owner.term == entry.term):
                    continue
                expected = entry.acronym or entry.term
                why = (
                    f"the glossary abbreviates '{entry.term}' as '{entry.acronym}'"
                    if entry.acronym
                    else f"the glossary gives '{entry.term}' no acronym"
                )
                if owner is not None and owner.term != entry.term:
                    why += f", and '{found}' is the acronym of '{owner.term}'"
                flagged.add(acronym.start)
                finding = self.finding(
                    document,
                    segment,
                    acronym.start,
                    acronym.end,
                    found=acronym.text,
                    expected=expected,
                    message=f"'{definition.expansion.text} ({acronym.text})': {why} (glossary {entry.where()})",
                )
                yield entry_severity(finding, entry)
            if segment.src:
                yield from self._acronyms_of_other_entries(document, segment, glossary, owners, vocabulary, flagged)

    def _acronyms_of_other_entries(self, document, segment, glossary, owners, vocabulary, flagged):
        """The source names entry X; the MT uses the acronym of entry Y instead of rendering X."""
        named = {}
        sourced = glossary.with_sources()
        for match in find_any_inflected(segment.src, [form for entry in sourced for form in entry.source]):
            for entry in sourced:
                if match.form in entry.source:
                    named.setdefault(entry.term, entry)
        if not named:
            return
        text = segment.mt
        missing = [entry for entry in named.values() if not accepted_spans(text, entry)]
        if not missing:
            return
        for acronym in extract_acronyms(text, vocabulary):
            owner = owners.get(acronym.normalized)
            if owner is None or owner.term in named or acronym.start in flagged:
                continue
            for entry in missing:
                expected = entry.acronym or entry.term
                finding = self.finding(
                    document,
                    segment,
                    acronym.start,
                    acronym.end,
                    found=acronym.text,
                    expected=expected,
                    message=f"'{acronym.text}' is the glossary acronym of '{owner.term}', but the source names "
                    f"'{entry.term}'" + (f" ({entry.acronym})" if entry.acronym else "")
                    + f" (glossary {entry.where()})",
                )
                yield entry_severity(finding, entry)
                break


def _entry_named_by(expansion: str, glossary):
    """The entry whose term, admitted form or variant ends the expansion ("Macedonia's State Election Commission")."""
    best = None
    for entry in glossary:
        for form in (entry.term, *entry.admitted, *entry.variants):
            if form.casefold() not in expansion.casefold():
                continue
            spans = find_phrase(expansion, form)
            if spans and spans[-1][1] == len(expansion):
                if best is None or len(form) > best[0]:
                    best = (len(form), entry)
    return best[1] if best else None
