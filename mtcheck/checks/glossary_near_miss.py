"""MT402 glossary-near-miss: an MT name or term that is almost, but not quite, a glossary term."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz.distance import JaroWinkler

from ..text.candidates import ascii_fold, name_key, term_key
from ..load.glossary import GlossaryEntry
from ..text.glossary_match import entry_severity
from ..model import AlignedDocument, Finding, Severity
from ..text.similarity import NameSimilarity, TermSimilarity, Verdict, compare_names, compare_terms
from ._support import document_view
from .base import NEEDS_GLOSSARY, Check, CheckContext

# Cheap string screens before the full comparison: a near miss is at least this close.
_NAME_SCREEN = 0.8
_TERM_SCREEN = 0.85


@dataclass(frozen=True)
class NearMiss:
    """An MT name or term that misses a glossary entry, with the evidence."""

    position: int  # index into document.segments
    start: int
    end: int
    found: str
    entry: GlossaryEntry
    verdict: Verdict  # GARBLE or VARIANT for spellings; DIFFERENT for reworded terms
    similarity: NameSimilarity | TermSimilarity


def near_misses(document: AlignedDocument, context: CheckContext, strong_embedding: float = 0.8) -> list[NearMiss]:
    """Every near miss of a glossary entry in the MT of `document` (memoised per run)."""
    glossary = context.glossary
    if not glossary:
        return []
    key = ("glossary-near-misses", document.system, document.doc, id(document), id(glossary), strong_embedding)
    if key in context.cache:
        return context.cache[key]
    view = document_view(document, context)
    known = _known_forms(glossary)
    # Names are compared with every entry: an unrecognised misspelled term ("Prespa Agreemnt")
    # is extracted as a name, not as a term.
    names = list(glossary)
    multi_word = [entry for entry in glossary if len(term_key(entry.term)) > 1]
    hits: list[NearMiss] = []
    for segment in view.segments:
        claimed: list[tuple[int, int]] = []
        for term in segment.mt.terms:
            if term_key(term.text) in known:
                claimed.append((term.start, term.end))
                continue
            hit = _term_near_miss(term.text, multi_word, context.embedder, strong_embedding)
            if hit is not None:
                claimed.append((term.start, term.end))
                hits.append(NearMiss(segment.position, term.start, term.end, term.text, *hit))
        for name in segment.mt.names:
            if any(start <= name.start and name.end <= end for start, end in claimed):
                continue
            if term_key(name.normalized) in known:
                continue
            hit = _name_near_miss(name.normalized, names)
            if hit is not None:
                hits.append(NearMiss(segment.position, name.start, name.end, name.text, *hit))
    context.cache[key] = hits
    return hits


def _known_forms(glossary) -> frozenset[tuple[str, ...]]:
    """Keys of every form the glossary knows: accepted ones are right, variants are MT401's."""
    return frozenset(term_key(form) for entry in glossary for form in (*entry.accepted_forms, *entry.variants))


def _name_near_miss(found: str, entries: list[GlossaryEntry]):
    """(entry, verdict, similarity) of the closest name entry `found` misspells, or None."""
    folded = ascii_fold(found)
    found_key = name_key(found)
    best = None
    for entry in entries:
        entry_key = name_key(entry.term)
        if not entry_key or not found_key:
            continue
        screen = max(JaroWinkler.similarity(folded, ascii_fold(entry.term)),
                     JaroWinkler.similarity(found_key[-1], entry_key[-1]))  # fmt: skip
        if screen < _NAME_SCREEN:
            continue
        if len(found_key) == 1 and len(entry_key) > 1 and entry.kind in ("person", ""):
            # One word for a person's full name is a surname-only mention: "Elisa" is not "Elise Stefanik".
            similarity = compare_names(entry_key[-1], found)
        else:
            similarity = compare_names(entry.term, found)
        if similarity.verdict is Verdict.SAME:
            # The name is (part of) a glossary name: right, whatever else it resembles.
            return None
        if similarity.verdict in (Verdict.GARBLE, Verdict.VARIANT):
            if best is None or similarity.string_similarity > best[2].string_similarity:
                best = (entry, similarity.verdict, similarity)
    return best


def _term_near_miss(found: str, entries: list[GlossaryEntry], embedder, strong_embedding: float):
    """(entry, verdict, similarity) of the glossary term `found` misspells or rewords, or None."""
    found_key = term_key(found)
    found_text = " ".join(found_key)
    best = None
    for entry in entries:
        entry_key = term_key(entry.term)
        shared = set(entry_key) & set(found_key)
        spelling = JaroWinkler.similarity(found_text, " ".join(entry_key))
        if not shared and spelling < _TERM_SCREEN:
            continue
        # A shortening or lengthening ("Election Commission") is a mention, not a miss.
        if set(entry_key) != set(found_key) and (set(entry_key) <= set(found_key) or set(found_key) <= set(entry_key)):
            continue
        names = compare_names(entry.term, found)
        if names.verdict in (Verdict.GARBLE, Verdict.VARIANT) and len(entry_key) == len(found_key):
            candidate = (entry, names.verdict, names)
            score = 2.0 + names.string_similarity
        else:
            terms = compare_terms(entry.term, found, embedder)
            embedding = terms.embedding_similarity or 0.0
            if not (terms.same_words or (embedding >= strong_embedding and terms.token_overlap >= 0.5)):
                continue
            candidate = (entry, Verdict.DIFFERENT, terms)
            score = embedding + terms.token_overlap
        if best is None or score > best[0]:
            best = (score, candidate)
    return best[1] if best else None


class GlossaryNearMiss(Check):
    """An MT name or term is a near miss of a glossary term: misspelled, re-transliterated or reworded.

    Names and multi-word terms of the MT are compared with the glossary. A
    name one or two letters off a glossary name (by the shared similarity
    verdict) is a garble; a routine romanisation difference ("Zelensky" for
    the glossary's "Zelenskyy") is reported as minor. A multi-word term with the
    glossary term's words in another order, or with most of its words and a
    very similar meaning (embedding similarity), is a reworded term. Forms the
    glossary lists — the term, its acronym, admitted forms and variants (MT401)
    — are never near misses, and a name that matches any glossary name is
    right. No reference is needed.

    **Anti-pattern**

    Glossary: `Elise Stefanik`, `State Election Commission`.

        Elise Stefanek told the State Electoral Commission.

    **Best practice**

        Elise Stefanik told the State Election Commission.
    """

    code = "MT402"
    name = "glossary-near-miss"
    severity = Severity.MAJOR
    needs = frozenset({NEEDS_GLOSSARY})
    defaults = {"strong-embedding-similarity": 0.8}

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        hits = near_misses(document, context, float(self.settings["strong-embedding-similarity"]))
        if not hits:
            return
        for hit in hits:
            segment = document.segments[hit.position]
            entry = hit.entry
            similarity = hit.similarity
            if isinstance(similarity, NameSimilarity):
                string, phonetic = similarity.string_similarity, similarity.phonetic_match
                embedding = context.embedder.similarity(entry.term, hit.found) if context.embedder else None
            else:
                string, phonetic, embedding = similarity.string_similarity, None, similarity.embedding_similarity
            if hit.verdict is Verdict.VARIANT:
                severity = Severity.MINOR
                what = "a transliteration variant of"
            elif hit.verdict is Verdict.GARBLE:
                severity = None
                what = "a misspelling of"
            else:
                severity = None if entry.is_name else Severity.MINOR
                what = "a reworded form of"
            finding = self.finding(
                document,
                segment,
                hit.start,
                hit.end,
                found=hit.found,
                expected=entry.term,
                message=f"'{hit.found}' looks like {what} the glossary term '{entry.term}' (glossary {entry.where()})",
                severity=severity,
                string_similarity=string,
                phonetic_match=phonetic,
                embedding_similarity=None if embedding is None else round(float(embedding), 4),
            )
            # Weaker evidence (a variant, a reworded plain term) keeps its lower severity.
            yield entry_severity(finding, entry) if severity is None else finding
