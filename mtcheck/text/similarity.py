"""How alike two names or terms are, and what that likely means.

`compare_names` aligns the tokens of two names and judges each differing
pair with string evidence (rapidfuzz Jaro-Winkler and optimal-string-alignment
edit distance), a phonetic key (jellyfish metaphone) and a small table of
transliteration equivalences; the embedding similarity of the two spans is
recorded as evidence only. On single surnames, embeddings do not separate
garbles from different names (all-MiniLM-L6-v2 gives "Sherman"/"Sheman" 0.29
but "Iran"/"Iraq" 0.67), while edit distance does: see tests/test_similarity.py.
For multi-word terms `compare_terms` leans on embeddings and token overlap.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from enum import Enum

import jellyfish
from rapidfuzz.distance import OSA, JaroWinkler

from .candidates import CONNECTORS, ascii_fold, name_key, spelling_key, term_key


class Verdict(str, Enum):
    SAME = "same"
    GARBLE = "garble"
    VARIANT = "transliteration variant"
    DIFFERENT = "different"

    @property
    def rank(self) -> int:
        """How far apart the two spellings are; a name is as far as its farthest token pair."""
        return _VERDICT_RANK[self]


_VERDICT_RANK = {Verdict.SAME: 0, Verdict.VARIANT: 1, Verdict.GARBLE: 2, Verdict.DIFFERENT: 3}

# Endings that make another word from a name: "Russia"/"Russian", "Europe"/"Europeans", "Iraq"/"Iraqi".
_DERIVATION_ENDINGS = ("s", "n", "an", "ian", "ns", "ans", "ians", "es", "ese", "i", "is", "ic", "ite", "ites")
# A bare -n/-ns derives a word only from a stem in -a ("Korea"/"Korean"); after any other letter it is a
# dropped or added letter ("Kettunen"/"Kettune", "Dorin"/"Dorinn").
_AFTER_A_ONLY = frozenset({"n", "ns"})

# Known alternations of one given name across romanisations, by its canonical spelling.
_KNOWN_ALTERNATIONS = (
    (r"^m[ou]h+[ae]m+[ae]d$", "muhammad"),
    (r"^ah?m[ae]d$", "ahmad"),
    (r"^h[ou]s+[ae](?:y|i)?n$", "husayn"),
    (r"^y[ou]u?s+[eu]f$", "yusuf"),
    (r"^[ou]mar$", "umar"),
    (r"^[ou]sama$", "usama"),
    (r"^abd[eua]l$", "abdul"),
)

# Spelling pairs that romanisations of one name routinely differ by, applied in order. Vowels are
# not merged in general: "Raghavan"/"Raghaven" is a misspelling, not a romanisation.
_TRANSLITERATION_RULES = (
    (r"ks", "x"),
    (r"kh", "h"),
    (r"ph", "f"),
    (r"tch", "ch"),
    (r"w", "v"),
    (r"ou", "u"),
    (r"^(?:ye|je)", "e"),
    (r"^(?:yu|ju|iu)", "yu"),
    (r"^(?:ya|ja|ia)", "ya"),
    (r"(?<=[aeiou])ff$", "v"),  # "Sokolov"/"Sokoloff" ("-ow" is covered by w/v)
    (r"(?:ey|ei|ej)$", "ei"),
    (r"(?:iy|yy|ij|ii|y)$", "i"),  # "Zelenskiy"/"Zelenskyy"/"Zelensky", "Dmitry"/"Dmitri"
    (r"(?<=[a-z])i?[jy](?=[aeou])", "i"),  # j/y/i before a vowel: "Marija"/"Mariya"/"Maria"
    (r"(?<=[aeiou])i(?=[aeou])", ""),  # "Andreyev"/"Andreev", "Dostoyevsky"/"Dostoevsky"
    (r"(?<=[^aeiou])[ae]r$", "r"),  # "Alexander"/"Aleksandr", "Peter"/"Petr"
    (r"ao$", "au"),  # "Macao"/"Macau"
)


@dataclass(frozen=True)
class NameSimilarity:
    """All the evidence on two name spellings, and the verdict drawn from it."""

    expected: str
    found: str
    verdict: Verdict
    string_similarity: float  # Jaro-Winkler of the least similar aligned token pair, 0..1
    edit_similarity: float  # normalised optimal-string-alignment similarity of that pair, 0..1
    edit_distance: int
    phonetic_match: bool  # metaphone keys of that pair agree
    embedding_similarity: float | None
    expected_token: str  # the aligned pair the verdict rests on
    found_token: str


@dataclass(frozen=True)
class TermSimilarity:
    """Evidence that two multi-word terms name the same thing."""

    expected: str
    found: str
    token_overlap: float  # Dice coefficient of content tokens, 0..1
    same_words: bool  # identical content tokens, perhaps in another order
    string_similarity: float  # rapidfuzz-normalised similarity of the two keys, 0..1
    embedding_similarity: float | None

    @property
    def identical(self) -> bool:
        """Equal once case, quotes, hyphenation and a leading "the" are ignored."""
        return term_key(self.expected) == term_key(self.found)


@lru_cache(maxsize=1 << 16)  # the same names are compared again and again across a corpus
def transliteration_key(word: str) -> str:
    """A spelling key that romanisation variants of one name share ("Zelenskyy" and "Zelensky")."""
    key = re.sub(r"[^a-z]", "", ascii_fold(word))
    for pattern, replacement in _KNOWN_ALTERNATIONS:
        if re.match(pattern, key):
            return replacement
    for pattern, replacement in _TRANSLITERATION_RULES:
        key = re.sub(pattern, replacement, key)
    return key


@lru_cache(maxsize=1 << 16)
def phonetic_key(word: str) -> str:
    return jellyfish.metaphone(re.sub(r"[^a-z]", "", ascii_fold(word)))


def _is_derivation(first: str, second: str) -> bool:
    shorter, longer = sorted((first, second), key=len)
    if len(shorter) == len(longer):
        return False
    stems = {shorter, shorter[:-1]} if shorter[-1:] in {"a", "e", "y"} else {shorter}
    return any(
        longer == stem + ending
        and not (ending in _AFTER_A_ONLY and not stem.endswith("a"))
        and not longer.endswith(stem[-1:] * 2)  # a doubled last letter is a garble: "Dorin"/"Dorinn"
        for stem in stems
        for ending in _DERIVATION_ENDINGS
    )


def compare_tokens(
    expected: str, found: str, embedding_similarity: float | None = None, anchored: bool = False
) -> NameSimilarity:
    """Judge two single name tokens; `anchored`: the rest of the two names agrees ("Pavel Dorin"/"Pavel Dori")."""
    first, second = ascii_fold(expected).strip("."), ascii_fold(found).strip(".")
    distance = OSA.distance(first, second)
    edit_similarity = OSA.normalized_similarity(first, second)
    jaro_winkler = JaroWinkler.similarity(first, second)
    phonetic = phonetic_key(first) == phonetic_key(second)
    verdict = Verdict.DIFFERENT
    if first == second or _is_initial_of(first, second) or spelling_key(first) == spelling_key(second):
        # Harbour/Harbor, Co-operation/Cooperation: conventions, not another spelling of the name.
        verdict = Verdict.SAME
    elif transliteration_key(first) == transliteration_key(second):
        verdict = Verdict.VARIANT
    elif _is_derivation(first, second):
        verdict = Verdict.DIFFERENT
    elif jaro_winkler >= 0.85:
        shortest = min(len(first), len(second))
        # Short words need more than one letter off: "Iran"/"Iraq" are two countries, "Biden"/"Bidden" one
        # man. A sound-alike spelling, two letters swapped or one dropped inside the word is a slip of the
        # keys ("Vega"/"Vgea", "Ekholm"/"Ekhom"); another final or first letter is another name.
        slip = _inner_slip(first, second) or anchored and first[:1] == second[:1]
        if distance == 1 and (shortest >= 6 or shortest >= 4 and (phonetic or slip)):
            verdict = Verdict.GARBLE
        elif distance == 2 and phonetic and shortest >= 6:
            verdict = Verdict.GARBLE
    return NameSimilarity(
        expected, found, verdict, round(jaro_winkler, 4), round(edit_similarity, 4), distance, phonetic,
        embedding_similarity, expected, found,
    )  # fmt: skip


def _inner_slip(first: str, second: str) -> bool:
    """One edit that is a swap of two neighbouring letters, or a letter dropped or added, away from both ends."""
    start = next((i for i, (a, b) in enumerate(zip(first, second)) if a != b), min(len(first), len(second)))
    if start == 0:
        return False
    if len(first) == len(second):
        return first[start + 1 : start + 2] == second[start : start + 1] and first[start : start + 1] == second[start + 1 : start + 2]
    shorter, longer = sorted((first, second), key=len)
    return start < len(shorter)


def _is_initial_of(first: str, second: str) -> bool:
    """ "J." and "John" may be the same token."""
    shorter, longer = sorted((first, second), key=len)
    return len(shorter) == 1 and longer.startswith(shorter)


def compare_names(expected: str, found: str, embedder=None) -> NameSimilarity:
    """Compare two names token by token; the verdict is that of the most distant aligned pair.

    A name whose tokens all occur in the other ("Biden" in "Joe Biden") is the
    same name. Otherwise each token of the shorter name is paired with the most
    similar unused token of the longer one, so "Stefanic" meets "Stefanik" in
    "Elise Stefanik".
    """
    embedding = embedder.similarity(expected, found) if embedder is not None else None
    first, second = name_key(expected), name_key(found)
    if not first or not second:
        return compare_tokens(expected, found, embedding)
    if set(first) <= set(second) or set(second) <= set(first):
        same = compare_tokens(first[-1], first[-1], embedding)
        return _relabel(same, expected, found, first[-1], second[-1])
    shorter, longer, swapped = (first, second, False) if len(first) <= len(second) else (second, first, True)
    unused = list(longer)
    anchored = bool(set(first) & set(second))
    worst: NameSimilarity | None = None
    for token in shorter:
        best = max(unused, key=lambda other: JaroWinkler.similarity(token, other))
        unused.remove(best)
        pair = compare_tokens(*((best, token) if swapped else (token, best)), embedding, anchored)
        if worst is None or (pair.verdict.rank, -pair.string_similarity) > (worst.verdict.rank, -worst.string_similarity):
            worst = pair
    assert worst is not None
    return _relabel(worst, expected, found, worst.expected_token, worst.found_token)


def _relabel(pair: NameSimilarity, expected: str, found: str, expected_token: str, found_token: str) -> NameSimilarity:
    return NameSimilarity(
        expected, found, pair.verdict, pair.string_similarity, pair.edit_similarity, pair.edit_distance,
        pair.phonetic_match, pair.embedding_similarity, expected_token, found_token,
    )  # fmt: skip


def _content_tokens(text: str) -> list[str]:
    return [token.rstrip("s") if len(token) > 3 else token for token in term_key(text) if token not in CONNECTORS]


def compare_terms(expected: str, found: str, embedder=None) -> TermSimilarity:
    """Token overlap, word-order and embedding evidence that two terms are counterparts."""
    first, second = _content_tokens(expected), _content_tokens(found)
    shared = len(set(first) & set(second))
    overlap = 2 * shared / (len(set(first)) + len(set(second))) if first and second else 0.0
    string = JaroWinkler.normalized_similarity(" ".join(first), " ".join(second))
    embedding = embedder.similarity(expected, found) if embedder is not None else None
    return TermSimilarity(expected, found, round(overlap, 4), sorted(first) == sorted(second), round(string, 4), embedding)
