"""What several checks compute once per document: candidates per segment, windows, person evidence.

Results are memoised in `CheckContext.cache`, so the name checks, the term
check and the consistency check extract each segment once per run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..text.candidates import (
    CALENDAR_WORDS,
    NON_PERSON_WORDS,
    Candidates,
    Name,
    Vocabulary,
    ascii_fold,
    build_vocabulary,
    derived_form,
    extract,
    spelling_key,
)
from ..model import AlignedDocument
from .base import CheckContext

# Alignment is imperfect: a counterpart may sit this many segments away.
DEFAULT_WINDOW = 2


@dataclass(frozen=True)
class SegmentView:
    position: int  # index into document.segments
    mt: Candidates
    ref: Candidates | None
    mt_words: frozenset[str]
    ref_words: frozenset[str]


@dataclass(frozen=True)
class DocumentView:
    document: AlignedDocument
    segments: tuple[SegmentView, ...]
    # Surnames with evidence of being people (a title, or a surname-only mention after the full name).
    person_surnames: frozenset[str]
    ref_words: frozenset[str]  # every word of the whole reference
    src_words: frozenset[str]  # every word of a Latin-script source, else empty

    def window(self, position: int, radius: int = DEFAULT_WINDOW) -> tuple[SegmentView, ...]:
        return self.segments[max(0, position - radius) : position + radius + 1]

    def mt_names(self, position: int, radius: int = DEFAULT_WINDOW) -> list[Name]:
        return [name for view in self.window(position, radius) for name in view.mt.names]

    def ref_names(self, position: int, radius: int = DEFAULT_WINDOW) -> list[Name]:
        return [name for view in self.window(position, radius) if view.ref for name in view.ref.names]

    def mt_words(self, position: int, radius: int = DEFAULT_WINDOW) -> set[str]:
        return set().union(*(view.mt_words for view in self.window(position, radius)))

    def ref_window_words(self, position: int, radius: int = DEFAULT_WINDOW) -> set[str]:
        return set().union(*(view.ref_words for view in self.window(position, radius)))

    def is_person(self, name: Name) -> bool:
        """Strong evidence only: a title before it, or its surname used alone for someone named in full."""
        return bool(name.title) or name.surname in self.person_surnames

    def looks_like_full_name(self, name: Name) -> bool:
        """Two or more name words, none of them a place or institution word."""
        return len(name.key) >= 2 and not any(token in NON_PERSON_WORDS for token in name.key)


def words_of(text: str) -> frozenset[str]:
    """Case-folded ASCII words, possessives dropped, hyphenated words also split."""
    folded = ascii_fold(re.sub(r"['’]s\b", "", text or ""))
    words = set(re.findall(r"[0-9a-z]+(?:-[0-9a-z]+)*", folded))
    return frozenset(words | {part for word in words if "-" in word for part in word.split("-")})


def names_correspond(first: Name, second: Name) -> bool:
    """Same name, or one a shortening of the other ("Biden" and "Joe Biden")."""
    a, b = set(first.key), set(second.key)
    return bool(a) and bool(b) and (a <= b or b <= a)


def mentioned(name: Name, words: set[str] | frozenset[str]) -> bool:
    """The name's surname occurs as a word (catches mentions inside terms or all-caps headlines)."""
    return bool(name.surname) and name.surname in words


def system_vocabulary(context: CheckContext, document: AlignedDocument) -> Vocabulary:
    if context.vocabulary is not None:
        return context.vocabulary
    documents = context.system_documents or [document]
    key = ("vocabulary", document.system, tuple(doc.doc for doc in documents))
    if key not in context.cache:
        texts: list[str] = []
        for doc in documents if document in documents else [*documents, document]:
            for segment in doc.segments:
                texts.append(segment.mt)
                if segment.ref:
                    texts.append(segment.ref)
        context.cache[key] = build_vocabulary(texts)
    return context.cache[key]


def document_view(document: AlignedDocument, context: CheckContext) -> DocumentView:
    key = ("document-view", document.system, document.doc, id(document))
    if key in context.cache:
        return context.cache[key]
    vocabulary = system_vocabulary(context, document)
    views = []
    for position, segment in enumerate(document.segments):
        mt = extract(segment.mt, vocabulary)
        ref = extract(segment.ref, vocabulary) if segment.ref is not None else None
        views.append(SegmentView(position, mt, ref, words_of(segment.mt), words_of(segment.ref or "")))
    all_names = [name for view in views for name in (*view.mt.names, *(view.ref.names if view.ref else ()))]
    person_surnames = _person_surnames(all_names)
    ref_words = frozenset().union(*(view.ref_words for view in views)) if views else frozenset()
    source = document.src_text or " ".join(segment.src or "" for segment in document.segments)
    src_words = words_of(source) if _is_latin(source) else frozenset()
    view = DocumentView(document, tuple(views), person_surnames, ref_words, src_words)
    context.cache[key] = view
    return view


def _person_surnames(names: Iterable[Name]) -> frozenset[str]:
    names = list(names)
    alone = {name.surname for name in names if len(name.key) == 1}
    people = set()
    for name in names:
        if name.title and name.surname:
            people.add(name.surname)
        elif len(name.key) >= 2 and name.surname in alone and not any(t in NON_PERSON_WORDS for t in name.key):
            people.add(name.surname)
    return frozenset(people)


def _is_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    latin = sum(1 for ch in letters if ord(ch) < 0x250)
    return latin / len(letters) > 0.9


def name_token_span(text: str, name: Name, folded_token: str) -> tuple[int, int]:
    """Characters of the word of `name` whose folded form is `folded_token` (the whole name if none)."""
    for match in re.finditer(r"[^\W_]+(?:['’][^\W_]+)*", text[name.start : name.end]):
        word = re.sub(r"['’]s$", "", match.group())
        if ascii_fold(word).strip(".") == folded_token:
            return name.start + match.start(), name.start + match.start() + len(word)
    return name.start, name.end


def segments_with_reference(view: DocumentView) -> Iterator[SegmentView]:
    return (segment for segment in view.segments if segment.ref is not None)


def peer_share(context: CheckContext, document: AlignedDocument, position: int, text: str) -> float | None:
    """The share of other systems whose MT of this segment contains `text`; None with no other system.

    A peer's segment is the one with the same id (table rows, line-aligned files); a peer
    without it (segmented differently) is searched as a whole document.
    """
    if not context.peer_documents:
        return None
    wanted = ascii_fold(text)
    key = document.segments[position].segment
    using = 0
    for peer in context.peer_documents:
        cached = ("peer-texts", peer.system, peer.doc, id(peer))
        if cached not in context.cache:
            context.cache[cached] = (
                {segment.segment: ascii_fold(segment.mt) for segment in peer.segments},
                ascii_fold(" ".join(segment.mt for segment in peer.segments)),
            )
        by_segment, whole = context.cache[cached]
        using += wanted in by_segment.get(key, whole)
    return using / len(context.peer_documents)


# Calendar words and their abbreviations ("Feb. 11") name no entity a reference must share.
CALENDAR_FORMS = CALENDAR_WORDS | frozenset("jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun".split())


def in_title_case(text: str, offset: int) -> bool:
    """Whether the line around `offset` is a Title Case headline, where common words are capitalised too."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    words = [word for word in re.findall(r"[^\W\d_]+", line) if len(word) > 3]
    return len(words) >= 3 and sum(1 for word in words if word[0].isupper()) / len(words) >= 0.7


def name_words(text: str) -> Iterator[tuple[int, str]]:
    """The words of a name with their offsets, hyphenated words whole, possessives dropped."""
    for match in re.finditer(r"[^\W_]+(?:[-‐'’][^\W_]+)*", text):
        word = re.sub(r"['’]s$", "", match.group())
        yield match.start(), word


def known_word(folded: str, known: set[str]) -> bool:
    """Whether a folded word is one of `known` (spelling keys), in another spelling or word class."""
    key = spelling_key(folded)
    if key in known:
        return True
    if "-" in folded:  # "Sino-Japanese": each part on its own
        return all(known_word(part, known) for part in folded.split("-") if len(part) > 1)
    # "Spanish" for the reference's "Spain": the same place, another word class.
    return any(derived_form(key, other) for other in known if other[:3] == key[:3])
