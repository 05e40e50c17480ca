"""The names of places in every language: München, Мюнхен and Mnichově are Munich, Niemcy is Germany.

A translation that writes the English name for the source's local one is
right, not a replaced name. The table ships with mtcheck (data/exonyms.tsv.gz,
built by scripts/build_exonyms.py from GeoNames' alternate names of cities of
100,000 people or more and the ISO 3166 country and region names in ~160
languages):
Latin- and Cyrillic-script local forms, case-folded, each with its English
name or names.
"""

from __future__ import annotations

import bisect
import gzip
from functools import lru_cache
from importlib import resources

from .glossary_match import CASE_ENDINGS


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    """Each name (case-folded) → every name of the places it names."""
    data = resources.files("mtcheck").joinpath("data/exonyms.tsv.gz").read_bytes()
    table: dict[str, list[str]] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            names = line.split("|")
            for name in names:
                table.setdefault(name.casefold(), []).extend(names)
    return {form: tuple(dict.fromkeys(names)) for form, names in table.items()}


@lru_cache(maxsize=1)
def _sorted_forms() -> list[str]:
    return sorted(_table())


# Endings an inflected place name may carry in place of its own: the case endings of the Slavic
# languages (Czech's -ě too), and German's "-er" of "Kölner", "Wiener".
_ENDINGS = CASE_ENDINGS | {"er", "ě", "ěm"}
_MIN_STEM = 4


@lru_cache(maxsize=65536)
def place_names(local: str) -> tuple[str, ...]:
    """The names of the place written `local`, in every language, as written or inflected.

    Empty when none is known. An inflected form matches a local form with the same stem where both
    endings are case endings: "Polskem"/"Polsko", "Warszawie"/"Warszawa", "Москве"/"Москва",
    "Kölner"/"Köln"; "Merkel" or "Markus" match nothing.
    """
    folded = local.casefold()
    table = _table()
    if folded in table:
        return table[folded]
    forms = _sorted_forms()
    found: list[str] = []
    for cut in range(1, 4):
        stem, ending = folded[:-cut], folded[-cut:]
        if len(stem) < _MIN_STEM:
            break
        if ending not in _ENDINGS:
            continue
        index = bisect.bisect_left(forms, stem)
        while index < len(forms) and forms[index].startswith(stem):
            if forms[index][len(stem) :] in _ENDINGS or len(forms[index]) == len(stem):
                found += table[forms[index]]
            index += 1
    return tuple(dict.fromkeys(found))


# English adjectives of places: German (Germany), Bavarian (Bavaria), Russian (Russia), Chinese (China).
_ADJECTIVE_ENDINGS = ("ian", "an", "ese", "ish", "i")


def is_place_adjective(word: str) -> bool:
    """Whether `word` is the adjective of a place name ("German", "Bavarian", "Chinese", "British")."""
    folded = word.casefold()
    forms = _sorted_forms()
    for ending in _ADJECTIVE_ENDINGS:
        stem = folded[: -len(ending)]
        if folded.endswith(ending) and len(stem) >= 4:
            index = bisect.bisect_left(forms, stem)
            if index < len(forms) and forms[index].startswith(stem) and len(forms[index]) - len(stem) <= 3:
                return True
    return False
