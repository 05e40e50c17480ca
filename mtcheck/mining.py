"""Mining a glossary from human references: the names and acronyms translators actually used.

References are the trusted side of a corpus, so their names, acronyms and
"Long Name (ACR)" definitions are candidate glossary entries. Where a segment
also has its source, each reference name is paired with the source words that
transliterate to it ("Елис Стефаникот" → source form "Елис Стефаник"), so the
mined glossary also drives the source-based checks. Every entry's note says how
often and where it was seen, so an editor can prune the list before enforcing it.

A capitalised word alone is often no name at all: a sentence opener
("Exporters said ...") or a fragment of a longer name ("the Port of Varnek",
"the United Dockworkers' Union"). Such single words are dropped on corpus-wide
evidence: the word occurs in lower case anywhere in the corpus's references or
MT, or it opens sentences only and is shaped like a common word.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .text.candidates import (
    Vocabulary,
    build_vocabulary,
    extract_acronyms,
    extract_definitions,
    extract_names,
    extract_terms,
)
from .load.glossary import Glossary, GlossaryEntry, build_from_entries
from .text.glossary_match import base_forms, is_latin, romanisations, tokenize
from .model import AlignedDocument, Segment
from .text.similarity import Verdict, compare_tokens

MAX_DOCS_IN_NOTE = 10
# Word endings of English common nouns and adjectives, rare at the end of a name that opens a sentence.
_COMMON_WORD_ENDING = re.compile(
    r"(?:al|ial|ion|ions|ers|ors|ists|ism|ment|ments|ness|ity|ities|ive|ives|ous|ary|ees|ants|ents|ings|ed|ly|ing)$"
)
_OPENERS = "\"'“”‘’«»„([{—–-*• \t"
_SENTENCE_END = ".!?:;…\n"
# Head words of multi-word terms that say which kind of thing the term is.
_TREATY_HEADS = frozenset("treaty agreement accord accords convention pact protocol charter declaration".split())
_LAW_HEADS = frozenset("act law bill code directive regulation constitution".split())


@dataclass
class _Tally:
    """What was seen of one mined term."""

    kind: str = ""
    count: int = 0
    docs: dict[str, None] = field(default_factory=dict)  # ordered set
    acronyms: Counter = field(default_factory=Counter)
    sources: Counter = field(default_factory=Counter)
    mid_sentence: int = 0  # times seen as a name not opening a sentence

    def see(self, doc: str) -> None:
        self.count += 1
        self.docs.setdefault(doc, None)


def mine_glossary(
    documents: Iterable[AlignedDocument],
    min_count: int = 1,
    pair_sources: bool = True,
) -> Glossary:
    """A glossary of the names, terms and acronyms in the references of `documents`.

    Each document id is mined once, however many MT systems share its
    reference. Entries seen fewer than `min_count` times are left out.
    """
    documents = list(documents)
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    seen_docs: set[str] = set()
    for document in documents:
        if document.doc in seen_docs or not document.has_reference:
            continue
        seen_docs.add(document.doc)
        refs = [segment.ref for segment in document.segments if segment.ref]
        vocabulary = build_vocabulary(refs)
        full_names: dict[str, str] = {}  # surname -> full name, within one document
        for segment in document.segments:
            if not segment.ref:
                continue
            _mine_segment(segment.ref, segment.src, document.doc, vocabulary, tallies, full_names, pair_sources)
    _fold_acronym_mentions(tallies)
    _drop_common_words(tallies, documents)
    entries = []
    for term, tally in sorted(tallies.items(), key=lambda item: (-item[1].count, item[0])):
        if tally.count < min_count:
            continue
        acronym = ""
        if tally.acronyms:
            acronym = tally.acronyms.most_common(1)[0][0]
        entries.append(
            GlossaryEntry(
                term=term,
                source=tuple(source for source, _ in tally.sources.most_common()),
                acronym=acronym if acronym != term else "",
                kind=tally.kind,
                note=_note(tally, acronym),
            )
        )
    # Through the same rules as a glossary file, so the CSV it becomes loads back unchanged.
    return build_from_entries(entries, origin="(mined from references)")


def build_glossary(documents: Iterable[AlignedDocument]) -> Glossary:
    """The glossary `mtcheck glossary build` writes: everything the references name, with sources."""
    return mine_glossary(documents)


def _mine_segment(
    ref: str,
    src: str | None,
    doc: str,
    vocabulary: Vocabulary,
    tallies: dict[str, _Tally],
    full_names: dict[str, str],
    pair_sources: bool,
) -> None:
    defined: set[tuple[int, int]] = set()
    for definition in extract_definitions(ref, vocabulary):
        if not definition.capitalised:
            continue
        term = _strip_article(definition.expansion.text)
        if not term:
            continue
        tally = tallies[term]
        tally.kind = tally.kind or _kind_of_term(term)
        tally.see(doc)
        tally.acronyms[definition.acronym.normalized] += 1
        defined.add((definition.expansion.start, definition.expansion.end))
        defined.add((definition.acronym.start, definition.acronym.end))
    for term in extract_terms(ref, vocabulary):
        if _inside(term.start, term.end, defined):
            continue
        text = _strip_article(term.normalized)
        tally = tallies[text]
        tally.kind = tally.kind or _kind_of_term(text)
        tally.see(doc)
    names = extract_names(ref, vocabulary)
    for name in names:
        if _inside(name.start, name.end, defined):
            continue
        text = name.normalized
        if len(name.tokens) > 1:
            full_names[name.tokens[-1]] = text
        elif text in full_names:
            # "Stefanik" after "Elise Stefanik": the same person, not a second entry.
            text = full_names[text]
        tallies[text].see(doc)
        if not _opens_sentence(ref, name.start):
            tallies[text].mid_sentence += 1
        if pair_sources and src and not is_latin(src):
            source = pair_with_source(name.normalized, src)
            if source:
                tallies[text].sources[source] += 1
    for acronym in extract_acronyms(ref, vocabulary):
        if _inside(acronym.start, acronym.end, defined):
            continue
        tallies[acronym.normalized].see(doc)


def _fold_acronym_mentions(tallies: dict[str, _Tally]) -> None:
    """Count a bare "SEC" as a mention of the term defined as "State Election Commission (SEC)"."""
    defined = {}
    for term, tally in tallies.items():
        if tally.acronyms:
            defined.setdefault(tally.acronyms.most_common(1)[0][0], term)
    for acronym, term in defined.items():
        mentions = tallies.get(acronym)
        if mentions is None or acronym == term or mentions.acronyms:
            continue
        target = tallies[term]
        target.count += mentions.count
        for doc in mentions.docs:
            target.docs.setdefault(doc, None)
        del tallies[acronym]


def _drop_common_words(tallies: dict[str, _Tally], documents: list[AlignedDocument]) -> None:
    """Drop single capitalised words that the corpus shows to be common words (see the module docstring)."""
    texts = [text for document in documents for segment in document.segments for text in (segment.ref, segment.mt)]
    vocabulary = build_vocabulary(text for text in texts if text)
    for term in [term for term, tally in tallies.items() if _is_single_word(term, tally)]:
        tally = tallies[term]
        opener_only = tally.mid_sentence == 0 and _COMMON_WORD_ENDING.search(term.lower())
        if vocabulary.has_lowercase(term) or opener_only:
            del tallies[term]


def _is_single_word(term: str, tally: _Tally) -> bool:
    """A capitalised one-word candidate that is neither an acronym nor defined by one."""
    return " " not in term and not term.isupper() and not tally.acronyms and not tally.kind


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(_OPENERS)
    return not before or before[-1] in _SENTENCE_END


def _inside(start: int, end: int, spans: set[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _strip_article(text: str) -> str:
    words = text.split()
    while words and words[0].lower() == "the":
        words.pop(0)
    return " ".join(words)


def _kind_of_term(term: str) -> str:
    words = {word.lower() for word in term.split()}
    if words & _TREATY_HEADS:
        return "treaty"
    if words & _LAW_HEADS:
        return "law"
    if len(words) > 1:
        return "organisation"
    return ""


def _note(tally: _Tally, acronym: str) -> str:
    docs = list(tally.docs)
    shown = ", ".join(docs[:MAX_DOCS_IN_NOTE])
    if len(docs) > MAX_DOCS_IN_NOTE:
        shown += f" and {len(docs) - MAX_DOCS_IN_NOTE} more"
    times = "once" if tally.count == 1 else f"{tally.count} times"
    note = f"seen {times} in: {shown}"
    others = [f"{other} ({count})" for other, count in tally.acronyms.most_common() if other != acronym]
    if others:
        note += f"; also abbreviated {', '.join(others)}"
    return note


def pair_with_source(name: str, src: str) -> str | None:
    """The source words a reference name transliterates, in uninflected form, or None.

    "Elise Stefanik" in "Изјавата на Елис Стефаникот" gives "Елис Стефаник": each
    name word is matched, in order, to consecutive capitalised source words whose
    romanisation is the same or a transliteration variant (a first name may also
    be one letter off: "Elis"/"Elise"); the surname must match closely.
    """
    words = [word for word in name.split() if word[:1].isupper()]
    tokens = [token for token in tokenize(src) if token.text[:1].isupper() and not is_latin(token.text)]
    if not words:
        return None
    for index in range(len(tokens) - len(words) + 1):
        window = tokens[index : index + len(words)]
        if any(src[a.end : b.start].strip() for a, b in zip(window, window[1:])):
            continue
        chosen = []
        for position, (token, word) in enumerate(zip(window, words)):
            base, verdict = _closest_base(token.text, word)
            surname = position == len(words) - 1
            allowed = (Verdict.SAME, Verdict.VARIANT) if surname else (Verdict.SAME, Verdict.VARIANT, Verdict.GARBLE)
            if verdict not in allowed:
                break
            chosen.append(base)
        else:
            return " ".join(chosen)
    return None


def _closest_base(source_word: str, word: str) -> tuple[str, Verdict]:
    """The uninflected form of a source word that romanises to `word`, and the verdict.

    Among forms that are the same or a transliteration variant, the word as
    written is preferred, then a plain stem ("Стефаникот" → "Стефаник"), then a
    stem with a nominative ending ("Марии" → "Мария"); failing all, the closest.
    """
    best: tuple[tuple[int, int, int], str, Verdict] | None = None
    for order, base in enumerate(base_forms(source_word)):
        verdict = min(
            (compare_tokens(spelling, word).verdict for spelling in romanisations(base)), key=lambda v: v.rank
        )
        good = verdict in (Verdict.SAME, Verdict.VARIANT)
        tier = 0 if base == source_word else 1 if source_word.startswith(base) else 2
        rank = (0 if good else 1 + verdict.rank, tier, order)
        if best is None or rank < best[0]:
            best = (rank, base, verdict)
    assert best is not None
    return best[1], best[2]


def edited_articles(path: Path) -> list[AlignedDocument]:
    """Edited articles with no MT beside them, as reference-only documents to mine.

    A desk's archive of published stories is its best glossary: `NAME.ref.txt`
    files (with `NAME.src.txt` where the source is kept, paired line by line
    when the two have as many lines) or plain `.txt` articles, in a folder or
    given one by one. MT files (`.mt.txt`) and sources are not articles.
    """
    from .load import read_lines

    path = Path(path)
    files = sorted(path.rglob("*.txt")) if path.is_dir() else [path]
    documents = []
    for file in files:
        name = file.name
        if name.endswith((".mt.txt", ".src.txt")) or file.is_dir():
            continue
        doc = name[: -len(".ref.txt")] if name.endswith(".ref.txt") else file.stem
        lines = read_lines(file)
        source_file = file.with_name(f"{doc}.src.txt")
        sources = [line.text for line in read_lines(source_file)] if source_file.exists() else []
        if len(sources) != len(lines):
            sources = []
        segments = [
            Segment("edited", doc, index, "0-1", (), line.text, sources[index - 1] if sources else None, anchor_line=line.number)
            for index, line in enumerate(lines, start=1)
        ]
        documents.append(
            AlignedDocument("edited", doc, file, segments, has_reference=True, has_source=bool(sources), ref_text="\n".join(line.text for line in lines))
        )
    return documents
