"""MT203 calqued-term."""

from __future__ import annotations

from collections.abc import Iterator

from ..text.candidates import Term, ascii_fold, term_key
from ..model import AlignedDocument, Confidence, Finding, Severity
from ..text.similarity import TermSimilarity, compare_terms
from ._support import DocumentView, document_view, peer_share, segments_with_reference
from .base import NEEDS_REFERENCE, Check, CheckContext


class CalquedTerm(Check):
    """An institution, treaty or law name in the MT differs from the reference's name for it.

    For each multi-word capitalised term of the MT with no identical term in
    the nearby reference, the check looks for its counterpart among the
    reference terms the MT lacks, by embedding similarity and shared words.
    A counterpart that differs (other words, the same words in another order,
    "Law" for "Act") marks a literal translation of the original name instead
    of the established one. Case, quotes and hyphenation do not count.

    **Anti-pattern**

        Reference: Ministers met at the Council of the Baltic Sea States.
        MT:        Ministers met at the Baltic Sea Countries Council.

    **Best practice**

        MT:        Ministers met at the Council of the Baltic Sea States.
    """

    code = "MT203"
    name = "calqued-term"
    severity = Severity.MAJOR
    needs = frozenset({NEEDS_REFERENCE})
    defaults = {"window": 2, "min-embedding-similarity": 0.6, "strong-embedding-similarity": 0.8}

    def texts_to_embed(self, document: AlignedDocument, context: CheckContext) -> list[str]:
        """Spans this check may compare, so a run can embed them all in one batch."""
        view = document_view(document, context)
        texts = []
        for segment in segments_with_reference(view):
            for found, candidates in self._unmatched(view, segment.position):
                texts.append(found.text)
                texts.extend(candidate.text for candidate in candidates)
        return texts

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        view = document_view(document, context)
        # Names the reference gives with their acronym ("Baltic Arms Limitation Treaty (BALT)") are
        # official names, not a free rendering: another name for one of them is a sure calque.
        defined = {
            term_key(definition.expansion.text)
            for segment in segments_with_reference(view)
            for definition in segment.ref.definitions
        }
        for segment in segments_with_reference(view):
            used: set[tuple[str, ...]] = set()
            for found, candidates in self._unmatched(view, segment.position):
                scored = [
                    compare_terms(candidate.text, found.text, context.embedder)
                    for candidate in candidates
                    if candidate.key not in used
                ]
                best = max((s for s in scored if self._counterparts(s)), key=_strength, default=None)
                if best is None:
                    continue
                used.add(term_key(best.expected))
                if best.same_words:
                    message = f"'{found.text}' has the words of the reference's '{best.expected}' in another order"
                else:
                    message = f"'{found.text}' is a different name from the reference's '{best.expected}'"
                official = term_key(best.expected) in defined
                if official:
                    message += "; the reference gives that name an acronym, so it is the official one"
                confidence = Confidence.HIGH if best.same_words or official else Confidence.MEDIUM
                peers = peer_share(context, document, segment.position, found.text)
                if peers is not None and peers >= 0.5:
                    # Most other systems write this name too: the reference's own wording weighs less.
                    confidence, message = Confidence.LOW, message + "; most other systems write it so too"
                yield self.finding(
                    document,
                    document.segments[segment.position],
                    found.start,
                    found.end,
                    found.text,
                    best.expected,
                    message,
                    string_similarity=best.string_similarity,
                    embedding_similarity=round(float(best.embedding_similarity), 4),
                    # Reordered words are the same name garbled; other words may be a fair rendering
                    # of a name the reference itself words freely.
                    confidence=confidence,
                )

    def _unmatched(self, view: DocumentView, position: int) -> list[tuple[Term, list[Term]]]:
        """MT terms of a segment absent from the nearby reference, with the nearby reference terms the MT lacks."""
        radius = int(self.settings["window"])
        window = view.window(position, radius)
        ref_terms = [term for other in window if other.ref for term in other.ref.terms]
        mt_terms = [term for other in window for term in other.mt.terms]
        ref_phrases = _phrases(view, window, "ref")
        mt_phrases = _phrases(view, window, "mt")
        ref_keys = {term.key for term in ref_terms}
        mt_keys = {term.key for term in mt_terms}
        candidates = [
            term
            for term in dict((term.key, term) for term in ref_terms).values()
            if term.key not in mt_keys and f" {' '.join(term.key)} " not in mt_phrases
        ]
        if not candidates:
            return []
        pairs = []
        for found in view.segments[position].mt.terms:
            if found.key in ref_keys or f" {' '.join(found.key)} " in ref_phrases:
                continue
            pairs.append((found, candidates))
        return pairs

    def _counterparts(self, similarity: TermSimilarity) -> bool:
        if similarity.identical:
            return False
        if similarity.same_words:
            return True
        expected, found = set(term_key(similarity.expected)), set(term_key(similarity.found))
        # One name contained in the other ("Nuclear Forces Treaty") is a shortening, not a calque.
        if expected <= found or found <= expected:
            return False
        embedding = similarity.embedding_similarity or 0.0
        return embedding >= self.settings["strong-embedding-similarity"] or (
            embedding >= self.settings["min-embedding-similarity"] and similarity.token_overlap > 0
        )


def _strength(similarity: TermSimilarity) -> float:
    return (similarity.embedding_similarity or 0.0) + similarity.token_overlap


def _phrases(view: DocumentView, window, side: str) -> str:
    """The window's text, folded like term keys, for "does this term occur at all" tests."""
    texts = []
    for segment in window:
        text = view.document.segments[segment.position].mt if side == "mt" else view.document.segments[segment.position].ref
        texts.append(" ".join(term_key(ascii_fold(text or ""))))
    return " " + " | ".join(texts) + " "
