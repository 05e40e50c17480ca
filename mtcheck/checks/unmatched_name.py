"""MT105 unmatched-name."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..text.candidates import (
    CONNECTORS,
    PARTICLES,
    acronym_fits,
    ascii_fold,
    is_common_word,
    opens_sentence,
    spelling_key,
    title_words,
)
from ..model import AlignedDocument, Confidence, Finding, Severity
from ._support import (
    CALENDAR_FORMS,
    DocumentView,
    SegmentView,
    document_view,
    in_title_case,
    known_word,
    name_words,
    peer_share,
    segments_with_reference,
    words_of,
)
from .base import NEEDS_REFERENCE, Check, CheckContext


class UnmatchedName(Check):
    """A name in the MT (an organisation, place, medium, programme or other) has no counterpart in the reference.

    Person names have checks of their own (garbled-name, unexpected-name);
    this one covers every other capitalised name, institution and acronym:
    each word of an MT name is looked up in the whole document's reference
    and among the Latin-script words of the source.
    Spelling variants (Harbour/Harbor, Co-operation/Cooperation,
    Krakow/Kraków), derived forms (Spain/Spanish) and case do not count as
    different. The span is the stretch of the name whose words the reference
    never uses: a calqued agency name, a reordered or re-transliterated place
    name, an invented medium. Another check reporting the same span (a
    garble, a calqued term, a wrong acronym) takes precedence.

    Confidence is medium when an unmatched word is not a common English word
    (by wordfreq's frequency lists), low otherwise: common words capitalised
    in a name ("Network", "Bureau") and bare acronyms are often a fair
    rendering that the reference words differently. Other MT systems of the
    same document are evidence too: a name none of them writes is high
    confidence (then also where the reference has it elsewhere, or where a
    capitalised common word opens a sentence, at low); one most of them write
    is low. A name the reference has elsewhere in the document that other
    systems write here too (or with no other systems to ask) is not reported. A name the reference writes in lower case, as common words ("the
    Green Camp" for "the green camp"), is a minor, low-confidence finding.

    **Anti-pattern**

        Reference: The Harbour Safety Agency in Tallmark closed the pier.
        MT:        The Port Security Office of Talmarc closed the pier.

    **Best practice**

        MT:        The Harbour Safety Agency in Tallmark closed the pier.
    """

    code = "MT105"
    name = "unmatched-name"
    severity = Severity.MAJOR
    needs = frozenset({NEEDS_REFERENCE})
    # When this share of the other systems writes the same name, the reference's other wording
    # weighs less: the finding is kept at low confidence.
    defaults = {"peer-agreement": 0.5}
    # Reports only where no other check has reported on the same characters.
    fallback = True

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        view = document_view(document, context)
        with_reference = list(segments_with_reference(view))
        extra = _latin_source_words(document)
        # "U.S." in the reference is "US" in the MT.
        extra |= {spelling_key(acronym.normalized) for other in with_reference for acronym in other.ref.acronyms}
        in_document = {spelling_key(word) for word in view.ref_words} | extra
        spelled_out = [phrase.text for other in with_reference for phrase in (*other.ref.names, *other.ref.terms)]
        for segment in with_reference:
            mt_segment = document.segments[segment.position]
            nearby = {spelling_key(word) for word in view.ref_window_words(segment.position, 1)} | extra
            for start, end, words in _unmatched_stretches(view, segment, nearby):
                text = mt_segment.mt[start:end]
                rare = [word for word in words if not is_common_word(word) and not word.isupper()]
                if len(words) == 1 and words[0].isupper() and any(acronym_fits(words[0], phrase) for phrase in spelled_out):
                    continue  # "US" for the reference's "United States"
                elsewhere = all(known_word(ascii_fold(word), in_document) and not _doubled(ascii_fold(word)) for word in words)
                opener = not rare and len(words) == 1 and (opens_sentence(mt_segment.mt, start) or in_title_case(mt_segment.mt, start))
                peers = peer_share(context, document, segment.position, text)
                judged = self._judge(bool(rare), opener, elsewhere, peers)
                if judged is None:
                    continue
                confidence, why = judged
                if any(_doubled(ascii_fold(word)) for word in words):
                    message = f"'{text}' repeats one name where the reference pairs two"
                    confidence = max(confidence, Confidence.MEDIUM, key=lambda level: level.rank)
                else:
                    where = "elsewhere in the document" if elsewhere else "there or in the source"
                    message = f"'{text}' is not in the reference here ({'no word of it occurs' if len(words) > 1 else 'the word does not occur'} {where}){why}"
                yield self.finding(document, mt_segment, start, end, text, "", message, confidence=confidence)
            yield from self._capitalised_common_words(document, view, segment)

    def _judge(self, rare: bool, opener: bool, elsewhere: bool, peers: float | None) -> tuple[Confidence, str] | None:
        """How sure an unmatched stretch is an error, and why; None when it is not worth reporting."""
        if opener:
            # "Imitation of ...", "Looking for ...": a common word opening a sentence or a headline
            # is no name; only a wording no other system shares is worth a look.
            return (Confidence.LOW, "; a capitalised common word that no other system writes") if peers == 0 else None
        if peers == 0:
            return Confidence.HIGH, "; no other system writes it either"
        if elsewhere:
            # On real news a name the reference has elsewhere in the document, and other systems
            # write here too, is far more often rendered rightly here and placed differently
            # there (on labelled news, 26 of 117 such findings were on an error).
            return None
        if peers is not None and peers >= self.settings["peer-agreement"]:
            return Confidence.LOW, "; most other systems write it too"
        return (Confidence.MEDIUM, "") if rare else (Confidence.LOW, "; common words, perhaps a rewording")

    def _capitalised_common_words(self, document: AlignedDocument, view: DocumentView, segment: SegmentView) -> Iterator[Finding]:
        """An MT name the reference writes in lower case, as common words: "the Green Camp" for "the green camp"."""
        mt_segment = document.segments[segment.position]
        nearby = " ".join(document.segments[other.position].ref or "" for other in view.window(segment.position, 1))
        for phrase in (*segment.mt.names, *segment.mt.terms):
            text = phrase.text
            lower = text.lower()
            # One capitalised word ("Party", "Level") is as often emphasis or a headline as a name.
            if len(text.split()) < 2 or text == lower or opens_sentence(mt_segment.mt, phrase.start) or in_title_case(mt_segment.mt, phrase.start):
                continue
            if re.search(rf"(?<![\w-]){re.escape(lower)}(?![\w-])", nearby) and not re.search(rf"(?i:{re.escape(text)})(?<![a-z])", nearby.replace(lower, "")):
                yield self.finding(
                    document, mt_segment, phrase.start, phrase.end, text, lower,
                    f"'{text}' is capitalised as a name; the reference writes '{lower}', as common words",
                    Severity.MINOR, confidence=Confidence.LOW,
                )  # fmt: skip


def _unmatched_stretches(view: DocumentView, segment: SegmentView, known: set[str]) -> Iterator[tuple[int, int, list[str]]]:
    """For every MT name and term, the stretch [start, end) of its words the reference lacks, and those words."""
    spans = [(name.start, name.end, name.text) for name in segment.mt.names]
    spans += [(term.start, term.end, term.text) for term in segment.mt.terms]
    spans += [(acronym.start, acronym.end, acronym.text) for acronym in segment.mt.acronyms]
    seen: set[tuple[int, int]] = set()
    for start, end, text in sorted(spans):
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans):
            continue  # a name inside a term: the term decides
        words = []
        first = last = None
        for offset, word in name_words(text):
            folded = ascii_fold(word)
            if folded in CONNECTORS or folded in PARTICLES or folded in title_words() or folded in CALENDAR_FORMS or len(folded) < 2:
                continue
            if known_word(folded, known) and not _doubled(folded):
                continue
            words.append(word)
            first = offset if first is None else first
            last = offset + len(word)
        if not words or (start + first, start + last) in seen:
            continue
        seen.add((start + first, start + last))
        yield start + first, start + last, words


def _doubled(folded: str) -> bool:
    """ "Vietnam-Vietnam": one name twice where a pair of names belongs."""
    parts = [spelling_key(part) for part in folded.split("-")]
    return len(parts) >= 2 and len(set(parts)) == 1


def _latin_source_words(document: AlignedDocument) -> set[str]:
    """Latin-script words written as such in the source ("Wind", "APP"), not transliterations of it."""
    source = document.src_text or " ".join(segment.src or "" for segment in document.segments)
    latin = " ".join(_LATIN_RUN.findall(source))
    return {spelling_key(word) for word in words_of(latin)}


_LATIN_RUN = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:[-'’][A-Za-z\u00c0-\u024f]+)*")
