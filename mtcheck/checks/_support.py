"""What several checks compute once per document: candidates per segment, windows, person evidence.

Results are memoised in `CheckContext.cache`, so the name checks, the term
check and the consistency check extract each segment once per run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..candidates import (
    NON_PERSON_WORDS,
    Candidates,
    Name,
    Vocabulary,
    ascii_fold,
    build_vocabulary,
    extract,
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
