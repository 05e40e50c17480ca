"""MT107 rare-spelling: a name spelled a way English almost never writes, next to one it knows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..text.known_spelling import better_known, is_pinyin, is_rare, known_neighbours
from ..model import AlignedDocument, Confidence, Finding, Severity
from ..text.similarity import Verdict, compare_tokens
from ._support import document_view, name_words
from .base import NEEDS_NO_REFERENCE, Check, CheckContext


@dataclass(frozen=True)
class _Mention:
    position: int  # segment index
    start: int  # characters [start, end) of the segment's MT
    end: int
    written: str


class RareSpelling(Check):
    """With no reference, a name spelled a way English almost never writes, a letter from a name it writes often.

    English text (wordfreq's frequency lists, which know hundreds of
    thousands of names) writes "Stefanik" often and "Stefanick" or
    "Stefanic" almost never. An MT name word that English almost never
    writes, one letter (or one sound-alike step) from a name it writes at
    least ten times as often, is a likely garble of that name. Rarity alone
    is never a finding: a real but rare name with no well-known neighbour
    ("Wolterink") passes, and so does a word spelled in Pinyin syllables
    ("Huning"), a romanised Chinese name that English frequencies cannot
    judge. The document is the evidence that decides:

    - two or more rare spellings of one name in the document, each a letter
      from the same well-known name, are major and high confidence;
    - a rare spelling beside the well-known one in the same document is
      major, medium confidence;
    - a rare spelling alone next to a well-known name is minor, low
      confidence (`single` setting: "minor" or "off");
    - a transliteration variant of the well-known name ("Zelenskyy") is
      at most minor, low.

    Runs only on documents without a reference; with one, garbled-name
    compares with the reference instead.

    **Anti-pattern**

        Senator Elise Stefanick spoke first. Later, Stefanic told reporters ...

    **Best practice**

        Senator Elise Stefanik spoke first. Later, Stefanik told reporters ...
    """

    code = "MT107"
    name = "rare-spelling"
    severity = Severity.MAJOR
    needs = frozenset({NEEDS_NO_REFERENCE})
    # min-length: shorter words have too many well-known neighbours ("Lian"/"Liam").
    # single: what a rare spelling with no other evidence in the document gets.
    defaults = {"min-length": 5, "single": "minor"}

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        mentions, written = self._rare_mentions(document, context)
        spellings = {rare: self._well_known(rare) for rare in mentions}
        for rare, places in mentions.items():
            options = spellings[rare]
            if not options:
                continue
            siblings = sorted(other for other in mentions if other != rare and set(options) & set(spellings[other]))
            shared = [known for known in options if any(known in spellings[other] for other in siblings)]
            beside = [known for known in options if known in written]
            if shared:
                known = shared[0]
                others = [mentions[other][0].written for other in siblings if known in spellings[other]]
                severity, confidence = Severity.MAJOR, Confidence.HIGH
                why = f"the document also writes {_listed(others)}, a letter from it too"
            elif beside:
                known = beside[0]
                severity, confidence = Severity.MAJOR, Confidence.MEDIUM
                why = f"the document also writes '{_written_like(known, places[0].written)}'"
            elif self.settings["single"] == "minor":
                known = options[0]
                severity, confidence = Severity.MINOR, Confidence.LOW
                why = "nothing else in the document spells it either way"
            else:
                continue
            expected = _written_like(known, places[0].written)
            if compare_tokens(known, rare).verdict is Verdict.VARIANT:
                severity, confidence = Severity.MINOR, Confidence.LOW
                why = f"a transliteration variant; {why}"
            for mention in places:
                segment = document.segments[mention.position]
                message = (
                    f"'{mention.written}' is a spelling English text almost never writes; '{expected}' is a name "
                    f"it writes often; {why}"
                )
                yield self.finding(document, segment, mention.start, mention.end, mention.written, expected, message, severity, confidence=confidence)

    def _rare_mentions(self, document: AlignedDocument, context: CheckContext) -> tuple[dict[str, list[_Mention]], set[str]]:
        """The MT's rare capitalised name words (lower case → where), and every name word it writes."""
        view = document_view(document, context)
        mentions: dict[str, list[_Mention]] = defaultdict(list)
        written: set[str] = set()
        for segment in view.segments:
            for name in segment.mt.names:
                for offset, word in name_words(name.text):
                    written.add(word.lower())
                    if len(word) < self.settings["min-length"] or not word.isalpha() or not word[0].isupper() or word.isupper():
                        continue
                    # A romanised Chinese name is rare in English and a letter from some other word
                    # ("Huning"/"hunting"): English frequencies cannot judge it.
                    if is_rare(word) and not is_pinyin(word):
                        start = name.start + offset
                        mentions[word.lower()].append(_Mention(segment.position, start, start + len(word), word))
        return dict(mentions), written

    @staticmethod
    def _well_known(rare: str) -> list[str]:
        """Well-known names one slip (or one sound-alike step) from `rare`, nearest and most frequent first."""
        return [
            known
            for known, _ in known_neighbours(rare)
            if better_known(known, rare) and compare_tokens(known, rare).verdict in (Verdict.GARBLE, Verdict.VARIANT)
        ]


def _written_like(known: str, written: str) -> str:
    """The well-known spelling with the MT word's capital: "stefanik" → "Stefanik"."""
    return known[:1].upper() + known[1:] if written[:1].isupper() else known


def _listed(words: list[str]) -> str:
    quoted = [f"'{word}'" for word in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
