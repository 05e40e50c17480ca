"""Which spelling of a name English already knows.

wordfreq's English frequency lists know hundreds of thousands of names (places,
people, organisations) besides common words. A name that English text writes
often is rarely a garble; one it almost never writes, next to a frequent
spelling, often is. One module answers the question for every check that asks
it: garbled-name uses it to tell a misspelt reference from a misspelt MT.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

# A form English writes at least this often (Zipf: log10 of uses per billion words,
# 1.5 is about 30 per billion: "Kronstadt", "Stefanik") is a name it knows.
KNOWN_ZIPF = 1.5
# ... and it is the better-known spelling of a pair when the other form is at least
# this much rarer (1.0: ten times).
BETTER_KNOWN_GAP = 1.0


# Frequencies read from the persistent cache by `prefetch_frequencies`: a rerun
# whose findings all come from the cache then never loads wordfreq's English
# list (a quarter of a second).
_PREFETCHED: dict[str, float] = {}


@lru_cache(maxsize=65536)
def zipf(text: str) -> float:
    """wordfreq's English Zipf frequency of a word or phrase (0: never seen)."""
    known = _PREFETCHED.get(text)
    if known is not None:
        return known
    from wordfreq import zipf_frequency

    return zipf_frequency(text, "en")


def prefetch_frequencies(phrases: Iterable[str], cache) -> None:
    """Read the frequencies of `phrases` and of their words from the cache (mtcheck.cache.Cache); look up and store the rest."""
    from ..cache import code_fingerprint, content_key

    wanted = {text for phrase in phrases if phrase for text in (phrase, *_WORD.findall(phrase))}
    fingerprint = code_fingerprint()  # wordfreq's version among the rest
    keys = {text: content_key("word-frequency", fingerprint, text) for text in wanted}
    looked_up = cache.read_through(
        "word-frequency", keys, lambda missing: {text: zipf(text) for text in missing}, lambda value: repr(value).encode("ascii"), float
    )
    _PREFETCHED.update(looked_up)


def rarest_word_zipf(text: str) -> float:
    """The Zipf frequency of the text's least common word: a garble hides in one word of a name."""
    return min((zipf(word) for word in _WORD.findall(text)), default=0.0)


def better_known(form: str, other: str) -> bool:
    """Whether English writes `form` often and `other` at least ten times less often.

    Compared word by word through the rarest word of each, so "Budwin Kronstadt" is
    as unknown as "Budwin".
    """
    if not _WORD.search(form) or not _WORD.search(other):
        return False
    known = rarest_word_zipf(form)
    return known >= KNOWN_ZIPF and known - rarest_word_zipf(other) >= BETTER_KNOWN_GAP


# A word English text almost never writes (under about 10 uses per billion words).
RARE_ZIPF = 1.0
# Known words are looked up among wordfreq's English words of at least this length.
_MIN_LENGTH = 4


def is_rare(word: str) -> bool:
    """Whether English text almost never writes `word` (wordfreq Zipf below RARE_ZIPF)."""
    return zipf(word) < RARE_ZIPF


@lru_cache(maxsize=1)
def _known_words_by_length() -> dict[int, list[str]]:
    """wordfreq's English words written at least KNOWN_ZIPF often, by length (about 150,000; 0.3 s once)."""
    import math

    from wordfreq import get_frequency_dict

    by_length: dict[int, list[str]] = {}
    for word, frequency in get_frequency_dict("en").items():
        if len(word) >= _MIN_LENGTH and word.isalpha() and math.log10(frequency * 1e9) >= KNOWN_ZIPF:
            by_length.setdefault(len(word), []).append(word)
    return by_length


@lru_cache(maxsize=65536)
def known_neighbours(word: str, max_distance: int = 2) -> tuple[tuple[str, int], ...]:
    """Words English writes often within `max_distance` edits of `word` (a swap is one edit).

    Lower-case, nearest first, then the more frequent: ("stefanik", 1) for "Stefanick".
    """
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    wanted = word.lower()
    by_length = _known_words_by_length()
    candidates = [known for length in range(len(wanted) - max_distance, len(wanted) + max_distance + 1) for known in by_length.get(length, ())]
    matches = process.extract(wanted, candidates, scorer=OSA.distance, score_cutoff=max_distance, limit=20)
    found = [(known, int(distance)) for known, distance, _ in matches if known != wanted]
    return tuple(sorted(found, key=lambda pair: (pair[1], -zipf(pair[0]))))


@lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    """Every toneless Hanyu Pinyin syllable (about 420), from pypinyin's dictionary (0.6 s once)."""
    from pypinyin.constants import PINYIN_DICT
    from pypinyin.contrib.tone_convert import to_normal

    return frozenset(to_normal(reading).replace("ü", "v") for readings in PINYIN_DICT.values() for reading in readings.split(","))


@lru_cache(maxsize=65536)
def is_pinyin(word: str) -> bool:
    """Whether `word` splits into two or more Pinyin syllables ("Huning", "Yunjie"): a romanised Chinese name.

    English frequencies say nothing about such a word: every Chinese name is rare
    in English text and a letter from some other one.
    """
    letters = word.lower()
    if not letters.isascii() or not letters.isalpha():
        return False
    syllables = _pinyin_syllables()
    # parts[i]: the fewest syllables that spell letters[:i] (None: they cannot).
    parts: list[int | None] = [0] + [None] * len(letters)
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - 6), end):
            if parts[start] is not None and letters[start:end] in syllables:
                count = parts[start] + 1
                parts[end] = count if parts[end] is None else min(parts[end], count)
    return parts[-1] is not None and parts[-1] >= 2


# Languages whose news mtcheck reads names from, by script (wordfreq has a list for each).
LATIN_SOURCE_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sl", "sh", "ro", "hu", "sv", "da", "nb", "fi", "tr")
CYRILLIC_SOURCE_LANGUAGES = ("ru", "uk", "bg", "mk")
# A word whose Zipf frequencies in two languages are this close is a name that travels between them
# ("Merkel": German 4.8, English 3.4; "Söder": 3.7 and 1.3); a common word does not ("Regierung": 5.2
# and 1.1; "Parlament": 4.6 and 1.7).
TRAVEL_GAP = 2.5


@lru_cache(maxsize=262144)
def zipf_in(word: str, language: str) -> float:
    """wordfreq's Zipf frequency of a word in `language` (0: never seen)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, language)


def guess_language(words: list[str], languages: tuple[str, ...]) -> str:
    """The language among `languages` whose frequency lists know `words` best (a few dozen words suffice)."""
    sample = [word.lower() for word in words[:200]]
    return max(languages, key=lambda language: sum(zipf_in(word, language) for word in sample))


def travels(zipf_here: float, zipf_there: float) -> bool:
    """Whether a word written `zipf_here` often in one language and `zipf_there` in another travels: a name.

    Asymmetric on purpose: rarer over there is allowed only within TRAVEL_GAP,
    commoner over there always passes.
    """
    return zipf_there >= zipf_here - TRAVEL_GAP
