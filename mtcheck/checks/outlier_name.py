"""MT106 outlier-name."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ..text.candidates import extract, is_common_word, name_key, opens_sentence
from ..model import AlignedDocument, Confidence, Finding, Severity
from ..text.similarity import Verdict, compare_names
from ._support import document_view, in_title_case, peer_share, system_vocabulary, words_of
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

    Where the others agree on a near spelling of it, that is the expected
    form ("they write 'Stefanik'"); a mere transliteration variant of it is
    minor. A system whose name the reference writes in the same segment is
    never reported, however few others agree with it: the reference sides with
    it. Where unmatched-name already reports part of the name (the reference
    lacks it as well), that finding stands instead.

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
                if mt_segment.ref and _writes(mt_segment.ref, phrase.text):
                    continue  # the reference writes the same name: the others are the outliers
                sharing = round(share * others)
                message = f"'{phrase.text}' is written by {'none' if not sharing else f'only {sharing}'} of the {others} other systems here"
                severity, confidence = None, Confidence.MEDIUM
                usual, verdict = _consensus_spelling(phrase.text, _peer_names(context, document, segment.position))
                if verdict is Verdict.VARIANT:
                    # "Zelenskyy" where the others write "Zelensky": a romanisation, not an error.
                    severity, confidence = Severity.MINOR, Confidence.LOW
                    message += f"; they write '{usual}', a transliteration variant"
                elif usual:
                    message += f"; they write '{usual}'"
                yield self.finding(
                    document, mt_segment, phrase.start, phrase.end, phrase.text, usual, message, severity,
                    confidence=confidence,
                )  # fmt: skip


def _writes(text: str, name: str) -> bool:
    """Whether `text` writes `name` as it stands (case aside): the words, in that order."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def _peer_names(context: CheckContext, document: AlignedDocument, position: int) -> list[str]:
    """The names other systems write in this segment (the one with the same id)."""
    key = document.segments[position].segment
    names = []
    for peer in context.peer_documents:
        for peer_position, segment in enumerate(peer.segments):
            if segment.segment == key:
                names += [phrase.text for phrase in _peer_phrases(context, peer, peer_position)]
    return names


def _peer_phrases(context: CheckContext, peer: AlignedDocument, position: int) -> tuple:
    """Names and terms of one segment of a peer, as the peer's document view has them.

    Only the segment asked about is extracted: each document of a ten-system table
    would otherwise extract all nine peers' documents whole, most of a run's checking.
    """
    cached = ("peer-phrases", peer.system, peer.doc, id(peer), position)
    if cached not in context.cache:
        found = extract(peer.segments[position].mt, system_vocabulary(context, peer))
        context.cache[cached] = (*found.names, *found.terms)
    return context.cache[cached]


def _consensus_spelling(found: str, peer_names: list[str]) -> tuple[str, Verdict | None]:
    """The spelling most other systems use for what looks like the same name, and how it differs."""
    # Only names of as many words compare: "Macao" is no spelling of "Hong Kong-Macau Joint Tour".
    size = len(name_key(found))
    close = [(name, compare_names(name, found).verdict) for name in peer_names if len(name_key(name)) == size]
    close = [(name, verdict) for name, verdict in close if verdict in (Verdict.GARBLE, Verdict.VARIANT)]
    if not close:
        return "", None
    usual = Counter(name for name, _ in close).most_common(1)[0][0]
    return usual, dict(close)[usual]

