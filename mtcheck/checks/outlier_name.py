"""MT106 outlier-name."""

from __future__ import annotations

from collections.abc import Iterator

from ..candidates import is_common_word, opens_sentence
from ..model import AlignedDocument, Confidence, Finding, Severity
from ._support import document_view, in_title_case, peer_share, words_of
from .base import NEEDS_OTHER_SYSTEMS, Check, CheckContext


class OutlierName(Check):
    """A name that (almost) no other MT system writes in this segment.

    With several systems translating the same document (a table with a
    `system` column, or NAME.mt.SYSTEM.txt files), the systems are evidence
    about one another: a name or institution that this system alone (or
    with one of nine or more others) writes for the segment, while the
    others write something else, is more often a garbled, calqued or
    re-transliterated name than a better rendering. Needs no reference, so it also checks unreferenced content.
    A capitalised common word opening a sentence or headline is no name and
    is left alone. Another check reporting the same span takes precedence.

    Confidence is low when the reference has the same name (it sides with
    this system against the others; references are sometimes wrong too),
    medium otherwise. Where unmatched-name already reports part of the name
    (the reference lacks it as well), that finding stands instead.

    **Anti-pattern**

        System A: The Coastal Navigation Directorate closed the strait.
        System B: The Coastal Shipping Authority closed the strait.
        System C: The Coastal Shipping Authority closed the strait.

    **Best practice**

        System A: The Coastal Shipping Authority closed the strait.
    """

    code = "MT106"
    name = "outlier-name"
    severity = Severity.MAJOR
    needs = frozenset({NEEDS_OTHER_SYSTEMS})
    # The largest share of the other systems that may write the name too: with nine others, one.
    defaults = {"max-peer-share": 0.15}
    fallback = True

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        view = document_view(document, context)
        others = len(context.peer_documents)
        for segment in view.segments:
            mt_segment = document.segments[segment.position]
            reference_words = words_of(mt_segment.ref or "") if mt_segment.ref else None
            phrases = [*segment.mt.names, *segment.mt.terms, *segment.mt.acronyms]
            for phrase in phrases:
                if any(o.start <= phrase.start and phrase.end <= o.end and o is not phrase for o in phrases):
                    continue  # a name inside a term: the term decides
                words = phrase.text.split()
                if len(words) == 1 and is_common_word(words[0].strip("'’s")) and (
                    opens_sentence(mt_segment.mt, phrase.start) or in_title_case(mt_segment.mt, phrase.start)
                ):
                    continue
                share = peer_share(context, document, segment.position, phrase.text)
                if share is None or share > self.settings["max-peer-share"]:
                    continue
                sharing = round(share * others)
                in_reference = reference_words is not None and words_of(phrase.text) <= reference_words
                yield self.finding(
                    document, mt_segment, phrase.start, phrase.end, phrase.text, "",
                    f"'{phrase.text}' is written by {'none' if not sharing else f'only {sharing}'} of the {others} other systems here"
                    + ("; the reference has it, so it may be the others that are wrong" if in_reference else ""),
                    confidence=Confidence.LOW if in_reference else Confidence.MEDIUM,
                )  # fmt: skip

