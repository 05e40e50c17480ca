"""MT104 inconsistent-name."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from ..text.candidates import ascii_fold, name_key
from ..model import AlignedDocument, Confidence, Finding, Severity
from ..text.similarity import Verdict, compare_tokens
from ._support import document_view, name_token_span
from .base import Check, CheckContext


@dataclass(frozen=True)
class _Mention:
    doc: str
    position: int
    folded: str  # the name word, case-folded ASCII
    name: object  # candidates.Name
    first_names: tuple[str, ...]  # the other words of the full name it came with


class InconsistentName(Check):
    """One name is spelled two or more ways in the MT.

    Within a document, and across the documents of one MT system, name words
    that are near misses of each other ("Okonkwo", "Okonkow") are taken as
    one name spelled inconsistently; the less frequent spellings are flagged
    against the most frequent one (or against the reference's spelling, when
    a reference exists and uses one of them, or the glossary's spelling: the
    glossary is canonical and its spelling is never flagged). Without either,
    a tie has no majority: the later-appearing spelling is flagged and the
    message says it is a tie. Needs no reference. Two spellings the reference
    or glossary itself uses, or surnames carried by people with different
    first names, are different names and pass.

    **Anti-pattern**

        Chidi Okonkwo chaired the meeting. Later, Okonkow told reporters ...

    **Best practice**

        Chidi Okonkwo chaired the meeting. Later, Okonkwo told reporters ...
    """

    code = "MT104"
    name = "inconsistent-name"
    severity = Severity.MINOR
    defaults = {"min-length": 4}
    cross_document = True

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        yield from self.findings_from(document, self.summarise(document, context), self._system_spellings(document, context))

    # A cross-document check in three steps, so a run can keep each document's
    # summary (small, JSON) and redo only the cheap reduction when one document
    # changes: summarise each document, reduce the system's summaries to its
    # spellings, then find each document's minority spellings.

    def summarise(self, document: AlignedDocument, context: CheckContext) -> dict:
        """The document's name mentions (where, which word, written how) and its reference's words and spellings."""
        view = document_view(document, context)
        mentions = []
        for mention in self._mentions(document, context):
            start, end = name_token_span(document.segments[mention.position].mt, mention.name, mention.folded)
            mentions.append([mention.position, mention.folded, list(mention.first_names), _written(mention), start, end])
        reference_spellings: dict[str, str] = {}
        for segment in view.segments:
            for name in segment.ref.names if segment.ref else ():
                for token in name.tokens:
                    reference_spellings.setdefault(ascii_fold(token).strip("."), token)
        return {"mentions": mentions, "reference-words": sorted(view.ref_words), "reference-spellings": list(reference_spellings.items())}

    def reduce(self, summaries: list[dict], context: CheckContext) -> dict:
        """Minority spelling -> (preferred, counts of the others, authority's spelling, authority), for the system.

        The authority is "reference", "glossary", "tie" (no authority, no majority) or "" (majority).
        """
        glossary_words = _glossary_words(context.glossary)
        reference_words: set[str] = set()
        reference_spellings: dict[str, str] = {}  # folded -> as the reference writes it
        counts: Counter[str] = Counter()
        written: dict[str, str] = {}
        first_names: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for summary in summaries:
            reference_words.update(summary["reference-words"])
            for folded, token in summary["reference-spellings"]:
                reference_spellings.setdefault(folded, token)
            for _, folded, others, spelling, _, _ in summary["mentions"]:
                counts[folded] += 1
                written.setdefault(folded, spelling)
                if others:
                    first_names[folded].add(tuple(others))
        words = list(counts)
        groups = _group_near_misses(words, reference_words | set(glossary_words), first_names)
        result = {}
        for group in groups:
            in_reference = [word for word in group if word in reference_words]
            in_glossary = [word for word in group if word in glossary_words]
            ranked = sorted(group, key=lambda word: (-counts[word], words.index(word)))
            authority = ""
            if len(in_reference) == 1:
                preferred, authority = in_reference[0], "reference"
                authority_spelling = written[preferred]
            elif len(in_glossary) == 1:
                preferred, authority = in_glossary[0], "glossary"
                authority_spelling = glossary_words[preferred]
            else:
                preferred = ranked[0]
                authority_spelling = "" if in_reference else _reference_spelling(group, reference_spellings)
                if authority_spelling:
                    authority = "reference"
                elif counts[ranked[0]] == counts[ranked[1]]:
                    # No majority: the first-seen spelling is kept, so the later one is flagged, as a tie.
                    authority = "tie"
            for word in group:
                if word == preferred:
                    continue
                others = [(written[other], counts[other]) for other in ranked if other != word]
                result[word] = (written[preferred], others, authority_spelling, authority)
        return result

    def findings_from(self, document: AlignedDocument, summary: dict, spellings: dict) -> Iterator[Finding]:
        for position, folded, _, _, start, end in summary["mentions"]:
            preferred = spellings.get(folded)
            if preferred is None:
                continue
            preferred_text, counts, reference_spelling, authority = preferred
            segment = document.segments[position]
            found = segment.mt[start:end]
            others = ", ".join(f"'{spelling}' ×{count}" for spelling, count in counts)
            message = f"'{found}' is also spelled {others} in this system's MT"
            if reference_spelling:
                message += f"; the {authority} has '{reference_spelling}'"
            elif authority == "tie":
                message += "; a tie with no reference or glossary to decide, so the later spelling is flagged"
            yield self.finding(document, segment, start, end, found, preferred_text, message, confidence=Confidence.MEDIUM)

    def _mentions(self, document: AlignedDocument, context: CheckContext) -> list[_Mention]:
        view = document_view(document, context)
        minimum = int(self.settings["min-length"])
        mentions = []
        for segment in view.segments:
            for name in segment.mt.names:
                for word in name.key:
                    if len(word) >= minimum and word.isalpha():
                        rest = tuple(other for other in name.key if other != word)
                        mentions.append(_Mention(document.doc, segment.position, word, name, rest))
        return mentions

    def _system_spellings(self, document: AlignedDocument, context: CheckContext):
        documents = context.system_documents or [document]
        if document not in documents:
            documents = [*documents, document]
        key = ("inconsistent-name", document.system, tuple(doc.doc for doc in documents), self.settings["min-length"],
               id(context.glossary))  # fmt: skip
        if key not in context.cache:
            context.cache[key] = self.reduce([self.summarise(doc, context) for doc in documents], context)
        return context.cache[key]


def _glossary_words(glossary) -> dict[str, str]:
    """Folded name words of the glossary's names and accepted forms -> as the glossary writes them."""
    words: dict[str, str] = {}
    for entry in glossary or ():
        if not entry.is_name:
            continue
        for form in entry.accepted_forms:
            for written in re.split(r"[\s\-‐–]+", form):
                folded = name_key(written)
                if len(folded) == 1:
                    words.setdefault(folded[0], written.strip(".,"))
    return words


def _reference_spelling(group: list[str], reference_spellings: dict[str, str]) -> str:
    """How the reference spells the name a group of MT spellings stands for, if it names it."""
    for folded, token in reference_spellings.items():
        if len(folded) >= 4 and all(
            compare_tokens(folded, word).verdict in (Verdict.GARBLE, Verdict.VARIANT) for word in group
        ):
            return token
    return ""


def _written(mention: _Mention) -> str:
    for token in mention.name.tokens:
        for part in re.split(r"[\-‐–]+", token):  # "Marceau" of "Marceau-Tellier"
            if ascii_fold(part).strip(".") == mention.folded:
                return part
    return mention.folded


def _group_near_misses(words: list[str], reference_words: set[str], first_names) -> list[list[str]]:
    """Connected groups of spellings that are garbles or variants of each other."""
    parent = {word: word for word in words}

    def root(word: str) -> str:
        while parent[word] != word:
            parent[word] = parent[parent[word]]
            word = parent[word]
        return word

    if len(words) > 1:
        # rapidfuzz's C matrix prunes the pairs worth judging in detail.
        scores = process.cdist(words, words, scorer=JaroWinkler.normalized_similarity, score_cutoff=0.85)
        for i, j in zip(*scores.nonzero()):
            if i >= j:
                continue
            first, second = words[i], words[j]
            if first in reference_words and second in reference_words:
                continue  # the reference spells both: two different names
            if first_names[first] and first_names[second] and not _share_first_name(first_names[first], first_names[second]):
                continue
            if compare_tokens(first, second).verdict in (Verdict.GARBLE, Verdict.VARIANT):
                parent[root(first)] = root(second)
    groups: dict[str, list[str]] = defaultdict(list)
    for word in words:
        groups[root(word)].append(word)
    return [group for group in groups.values() if len(group) > 1]


def _share_first_name(first: set[tuple[str, ...]], second: set[tuple[str, ...]]) -> bool:
    return any(set(a) & set(b) for a in first for b in second)
