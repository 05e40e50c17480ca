"""Which spelling of a name English already knows.

wordfreq's English frequency lists know hundreds of thousands of names (places,
people, organisations) besides common words. A name that English text writes
often is rarely a garble; one it almost never writes, next to a frequent
spelling, often is. One module answers the question for every check that asks
it: garbled-name uses it to tell a misspelt reference from a misspelt MT.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

# A form English writes at least this often (Zipf: log10 of uses per billion words,
# 1.5 is about 30 per billion: "Kronstadt", "Stefanik") is a name it knows.
KNOWN_ZIPF = 1.5
# ... and it is the better-known spelling of a pair when the other form is at least
# this much rarer (1.0: ten times).
BETTER_KNOWN_GAP = 1.0


@lru_cache(maxsize=65536)
def zipf(text: str) -> float:
    """wordfreq's English Zipf frequency of a word or phrase (0: never seen)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(text, "en")


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
