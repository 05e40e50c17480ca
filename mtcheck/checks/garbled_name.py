"""MT101 garbled-name."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ..text.candidates import ascii_fold
from ..text.known_spelling import better_known
from ..model import AlignedDocument, Confidence, Finding, Severity
from ..text.similarity import NameSimilarity, Verdict, compare_names
from ._support import DocumentView, document_view, name_token_span, names_correspond, segments_with_reference
from .base import NEEDS_REFERENCE, Check, CheckContext

NEAR_MISS = (Verdict.GARBLE, Verdict.VARIANT)


class GarbledName(Check):
    """A name of the reference is misspelled in the MT.

    A name in the reference segment has no exact counterpart in the aligned MT
    segment (or, since alignment is imperfect, in the segments around it), but
    an MT name is a near miss of it: one letter dropped, doubled, swapped or
    replaced, or a sound-alike spelling. Surname-only mentions after the full
    name count as counterparts. An accepted transliteration variant
    ("Zelenskyy" for "Zelensky") is reported as minor. Where the MT's spelling
    is one English text writes often and the reference's one it writes at least
    ten times less (by wordfreq), the reference is more often the misspelt
    side: a minor, low-confidence finding says so.

    **Anti-pattern**

        Reference: Senator Mara Kowalczyk voted against the bill.
        MT:        Senator Mara Kowalczik voted against the bill.

    **Best practice**

        MT:        Senator Mara Kowalczyk voted against the bill.
    """

    code = "MT101"
    name = "garbled-name"
    severity = Severity.MAJOR
    needs = frozenset({NEEDS_REFERENCE})
    defaults = {"window": 2}

    def texts_to_embed(self, document: AlignedDocument, context: CheckContext) -> list[str]:
        """The names of every near miss, so a run embeds a group's in one batch."""
        return _pair_texts(self._pending(document, context))

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        pending = self._pending(document, context)
        if not pending:
            return
        view = document_view(document, context)
        # The embedding evidence of every pair reported in this document, in one call.
        vectors = context.embedder.encode(_pair_texts(pending))
        for number, (mt_segment, found, expected, similarity) in enumerate(pending):
            embedding = float(vectors[2 * number] @ vectors[2 * number + 1])
            yield self._finding(document, mt_segment.position, found, expected, similarity, embedding, self._confidence(view, expected, similarity), view.is_person(expected))

    def _pending(self, document: AlignedDocument, context: CheckContext) -> list:
        """(MT segment view, MT name, reference name, similarity) of each near miss, found once a document."""
        radius = int(self.settings["window"])
        key = (self.code, "near misses", radius, document.system, document.doc, id(document))
        if key in context.cache:
            return context.cache[key]
        view = document_view(document, context)
        pending = []
        reported: set[tuple[int, int]] = set()
        for segment in segments_with_reference(view):
            for expected in segment.ref.names:
                hit = self._near_miss(view, segment.position, expected, radius)
                if hit is None:
                    continue
                mt_segment, found, similarity = hit
                if (mt_segment.position, found.start) in reported:
                    continue
                reported.add((mt_segment.position, found.start))
                pending.append((mt_segment, found, expected, similarity))
        context.cache[key] = pending
        return pending

    def _near_miss(self, view: DocumentView, position: int, expected, radius: int):
        aligned = view.segments[position]
        if any(names_correspond(expected, found) for found in aligned.mt.names):
            return None
        hit = self._best_near_miss(view, [aligned], expected, position, radius)
        if hit is not None:
            return hit
        window = view.window(position, radius)
        if any(names_correspond(expected, found) for other in window for found in other.mt.names):
            return None
        if expected.surname in view.mt_words(position, radius):
            return None
        return self._best_near_miss(view, window, expected, position, radius)

    @staticmethod
    def _best_near_miss(view: DocumentView, segments, expected, position: int, radius: int):
        reference_names = view.ref_names(position, radius)
        reference_words = view.ref_window_words(position, radius)
        best = None
        for segment in segments:
            for found in segment.mt.names:
                # An MT name the reference has elsewhere is a correct name, not a garble. Only a name
                # that has every word of the MT's vouches for it: the reference's "Varnholt" alone
                # says nothing about the MT's given name in "Marika Varnholt".
                if any(set(found.key) <= set(other.key) for other in reference_names):
                    continue
                if all(token in reference_words for token in found.key):
                    continue  # every word of it is the reference's ("Moreuu-Diallo" is not: "moreuu")
                similarity = compare_names(expected.normalized, found.normalized)
                if similarity.verdict not in NEAR_MISS:
                    continue
                if best is None or similarity.string_similarity > best[2].string_similarity:
                    best = (segment, found, similarity)
        return best

    @staticmethod
    def _confidence(view: DocumentView, expected, similarity: NameSimilarity) -> Confidence:
        """High for a letter slip in a person's name the reference spells so more than once."""
        if similarity.verdict is Verdict.VARIANT:
            return Confidence.LOW
        token = ascii_fold(similarity.expected_token).strip(".")
        found = ascii_fold(similarity.found_token).strip(".")
        mentions = sum(1 for segment in view.segments if segment.ref is not None and token in segment.ref_words)
        # A different last letter of a short name ("Phan"/"Pham") is as often another romanisation.
        short_ending = min(len(token), len(found)) <= 5 and token[-1:] != found[-1:]
        if mentions >= 2 and view.is_person(expected) and not short_ending:
            return Confidence.HIGH
        return Confidence.MEDIUM

    def _finding(self, document, position, found, expected, similarity: NameSimilarity, embedding: float, confidence: Confidence, person: bool) -> Finding:
        segment = document.segments[position]
        start, end = name_token_span(segment.mt, found, similarity.found_token)
        found_text = segment.mt[start:end]
        expected_text = _written_token(expected, similarity.expected_token)
        if similarity.verdict is Verdict.VARIANT:
            severity = Severity.MINOR
            message = f"'{found_text}' is a transliteration variant of '{expected_text}' (reference: '{expected.normalized}')"
        elif better_known(found_text, expected_text):
            # The MT writes a spelling English knows ("Kronstadt") where the reference's is one it
            # almost never writes ("Kronshtadt"): more often the reference is the misspelt side.
            severity, confidence = Severity.MINOR, Confidence.LOW
            message = (
                f"'{found_text}' differs from the reference's '{expected_text}', but English text writes "
                f"'{found_text}' far more often: the reference may be the misspelt side"
            )
        else:
            severity = None
            message = f"'{found_text}' looks like a misspelling of '{expected_text}' (reference: '{expected.normalized}')"
            if confidence is Confidence.HIGH:
                message += "; the reference spells this person's name that way more than once"
            elif person:
                message += "; the reference spells it that way only once, so another spelling is possible"
            else:
                message += "; nothing marks it as a person's name, so another spelling is possible"
        return self.finding(
            document, segment, start, end, found_text, expected_text, message, severity,
            string_similarity=similarity.string_similarity,
            phonetic_match=similarity.phonetic_match,
            embedding_similarity=round(embedding, 4),
            confidence=confidence,
        )  # fmt: skip


def _pair_texts(pending: list) -> list[str]:
    """The MT name and the reference name of each near miss, in turn: what its embedding compares."""
    return [text for _, found, expected, _ in pending for text in (found.normalized, expected.normalized)]


def _written_token(name, folded_token: str) -> str:
    """The token of `name` as the reference writes it."""
    start, end = name_token_span(name.text, replace(name, start=0, end=len(name.text)), folded_token)
    return name.text[start:end]
