"""Finding glossary forms in text: inflected source forms, and whole-word MT forms.

Source side. Slavic languages inflect names: Macedonian "Стефаникот", Russian
"Стефаника", "Стефанику", "Стефаником". A source token matches a glossary
word when

1. they are equal (ignoring case), or
2. the token starts with the word's *stem* — the word minus one final vowel,
   "й", "ь" or "ъ" (Стефаника → Стефаник, Мария → Мари, Андрей → Андре) — and
   what follows the stem is one of `CASE_ENDINGS`, at most 4 letters. The
   stem must keep at least 3 letters, so short words match only exactly.
   Adjectival names change their whole ending (Зеленський → Зеленського), so
   for them the two-letter nominative ending is removed as well; see `stems`.
   A stem ending in к/г/х may also end in its palatalised consonant before
   -е/-и/-і (Serbian vocative "Стефаниче", Ukrainian locative "Америці").

The endings are the noun and adjective case endings of Russian, Ukrainian,
Belarusian, Serbian, Bulgarian and Macedonian, plus the Macedonian and
Bulgarian postposed articles (-от, -та, -ите, -ът, ...), and the common
Latin-script ones of Serbian/Croatian/Polish/Czech. Because the leftover must be
a whole listed ending, a longer *different* word sharing a prefix does not
match: "Стефан" does not match "Стефаник" (leftover "ик"), "Стефаник" does not
match "Стефаниковић". For capitalised forms (names) the endings -ов/-ев/-ин
and their forms are left out: they turn given names into surnames (Иван →
Иванов, Петр → Петров), and a genitive plural of a person's name is rare.
Known limit: "Иван" still matches "Ивана" (genitive of Иван, or the name
Ivana); the paradigms genuinely overlap there.

Multi-word forms match token by token, on consecutive tokens.

MT side. Terms, variants and acronyms are matched as whole words, case
sensitively, plus the sentence-initial capitalised and ALL-CAPS (headline)
spellings — except a casing that is the entry's own term ("Nato" listed as a
variant of "NATO" must never flag "NATO").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from .candidates import PARTICLES

# Noun and adjective case endings (ru, uk, be, sr, bg, mk) and postposed articles (mk, bg).
CYRILLIC_ENDINGS = frozenset(
    """
    а я у ю е є и ы і ї о ь й ом ем ём єм ой ей ою ею єю ам ям ах ях ами ями
    ів їв ові еві єві ої ії ий ый ій ого его ому ему ым им ім их ых ыми ими
    ая яя ое ее ую юю ой ом ем има ама ова ева ови еви ове еве ови
    от та то те ов ва во ве он на но не ите ата ото ето иот ъ ът ят ия иа
    ов ев ёв ова ева ову еву овым евым овой евой овых евых
    """.split()
)
# Latin-script Serbian/Croatian/Bosnian, Slovene, Polish, Czech, Slovak.
LATIN_ENDINGS = frozenset(
    """
    a e i o u y á é í ý ą ę om em ov ovi ovima ima ama u em ou ovi ów owi
    ach ami ach em ie ego emu ym im ych ymi ej ą ę ého ému ým ou ích
    """.split()
)
CASE_ENDINGS = CYRILLIC_ENDINGS | LATIN_ENDINGS
# Suffixes that make surnames of given names: not endings for capitalised forms.
SURNAME_SUFFIXES = frozenset({"ов", "ев", "ёв", "ова", "ева", "ову", "еву", "овым", "евым", "овой", "евой",
                              "овых", "евых", "ов", "ев", "ова", "ева", "ove", "ov", "ova", "ovi"})
# Adjectival nominative endings (ru, uk, be, bg): the whole ending changes in other cases.
_ADJECTIVE_NOMINATIVE = frozenset({"ий", "ый", "ой", "ій", "ая", "яя", "ое", "ее", "ія"})
MAX_ENDING = 4
MIN_STEM = 3
# Final letters dropped to get a stem: vowels, the soft and hard signs, й.
_STEM_FINALS = frozenset("аеёиоуыэюяєіїьъйaeiouyąę")
# Palatalisation before -е/-и/-і: к→ч/ц, г→ж/з, х→ш/с (and Latin k→č/c, g→ž/z, h→š/s).
_PALATAL = {"к": "чц", "г": "жз", "х": "шс", "k": "čc", "g": "žz", "h": "šs"}
_PALATAL_ENDINGS = frozenset({"е", "и", "і", "e", "i"})

# Letters (any script) with word-internal apostrophes (Ukrainian "Мар'яна", "O'Brien").
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Word tokens with character spans."""
    return [Token(match.group(), match.start(), match.end()) for match in _TOKEN.finditer(text)]


def stems(word: str) -> list[str]:
    """Stems of a (casefolded) word that inflected forms may start with.

    One final vowel, soft/hard sign or й removed (Стефаника → Стефаник); for a
    word ending in an adjectival nominative ending (-ий, -ый, -ой, -ая, ...) that
    ending removed too (Зеленський → Зеленськ-ого); for a stem ending in ј, also
    without it (Macedonian комисија → комиси-и, комиси-ите).
    """
    word = word.casefold()
    found = [word[:-1] if len(word) > MIN_STEM and word[-1] in _STEM_FINALS else word]
    if word[-2:] in _ADJECTIVE_NOMINATIVE and len(word) - 2 >= MIN_STEM:
        found.append(word[:-2])
    if found[0].endswith("ј") and len(found[0]) - 1 >= MIN_STEM:
        found.append(found[0][:-1])
    return list(dict.fromkeys(found))


def _endings_for(word: str) -> frozenset[str]:
    return CASE_ENDINGS - SURNAME_SUFFIXES if word[:1].isupper() else CASE_ENDINGS


def inflects(token: str, word: str) -> bool:
    """Whether `token` is `word` or one of its case/definite forms (see module docstring)."""
    folded_token, folded_word = token.casefold(), word.casefold()
    if folded_token == folded_word:
        return True
    if len(folded_word) <= MIN_STEM:
        return False
    endings = _endings_for(word)
    for base in stems(word):
        if folded_token.startswith(base):
            rest = folded_token[len(base) :]
            if len(rest) <= MAX_ENDING and rest in endings:
                return True
            continue
        # Palatalised stem: Стефаник → Стефаниче, Америка → Америці.
        last = base[-1]
        if last in _PALATAL and folded_token.startswith(base[:-1]):
            rest = folded_token[len(base) - 1 :]
            if len(rest) == 2 and rest[0] in _PALATAL[last] and rest[1] in _PALATAL_ENDINGS:
                return True
    return False


@dataclass(frozen=True)
class FormMatch:
    """Where a glossary form was found: character span and the text there."""

    start: int
    end: int
    text: str
    form: str


def find_inflected(text: str, form: str, tokens: list[Token] | None = None) -> list[FormMatch]:
    """Every place where `form` (one or more words) occurs in `text`, inflection-tolerant."""
    words = [token.text for token in tokenize(form)]
    if not words:
        return []
    tokens = tokenize(text) if tokens is None else tokens
    found = []
    for index in range(len(tokens) - len(words) + 1):
        window = tokens[index : index + len(words)]
        if all(inflects(token.text, word) for token, word in zip(window, words)):
            start, end = window[0].start, window[-1].end
            found.append(FormMatch(start, end, text[start:end], form))
    return found


def find_any_inflected(text: str, forms: Iterable[str]) -> list[FormMatch]:
    """Matches of any of `forms`, longest first where they overlap."""
    tokens = tokenize(text)
    matches = [match for form in forms for match in find_inflected(text, form, tokens)]
    matches.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[FormMatch] = []
    for match in matches:
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept


# ---------------------------------------------------------------- transliteration


def transliterate(text: str) -> str:
    """Latin (ASCII) rendering of text in any script: "Елис Стефаник" → "Elis Stefanik"."""
    return anyascii(text)


def is_latin(text: str) -> bool:
    """Whether every letter of `text` is Latin (ASCII or with diacritics)."""
    return all(not char.isalpha() or char.isascii() or "LATIN" in _unicode_name(char) for char in text)


@lru_cache(maxsize=4096)
def _unicode_name(char: str) -> str:
    return unicodedata.name(char, "")


# Nominative endings an inflected stem may take back: Захаровой → Захаров-а, Марии → Мари-я.
NOMINATIVE_ENDINGS = ("я", "а", "й", "ий", "ая", "a", "e")


def base_forms(token: str) -> list[str]:
    """Possible uninflected forms of a source token: itself, its stems, and stems with a nominative ending.

    Used to compare an inflected source name with a Latin name: the caller keeps
    whichever base form is closest, so "Стефаникот" can be read as "Стефаник"
    and "Захаровой" as "Захарова".
    """
    forms = [token]
    folded = token.casefold()
    latin = is_latin(token)
    for ending in sorted(_endings_for(token), key=len, reverse=True):
        if folded.endswith(ending) and len(token) - len(ending) >= MIN_STEM:
            stem_form = token[: len(token) - len(ending)]
            forms.append(stem_form)
            forms.extend(stem_form + again for again in NOMINATIVE_ENDINGS if again.isascii() == latin)
    return list(dict.fromkeys(forms))


# ---------------------------------------------------------------- MT side


def casings(form: str) -> set[str]:
    """The spellings of `form` accepted in running text: as written, Sentence-initial, ALL CAPS."""
    spellings = {form}
    if form[:1].islower():
        spellings.add(form[:1].upper() + form[1:])
    if any(char.islower() for char in form) and len(form) > 1:
        spellings.add(form.upper())
    return spellings


@lru_cache(maxsize=8192)
def _phrase_pattern(spelling: str) -> re.Pattern[str]:
    parts = [re.escape(part) for part in spelling.split()]
    return re.compile(r"(?<![\w])" + r"\s+".join(parts) + r"(?![\w])")


def find_phrase(text: str, form: str, exclude: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Whole-word spans of `form` in `text` (see `casings`), never matching a spelling of `exclude`.

    A following possessive ("Stefanik's") or hyphenated compound still counts:
    the apostrophe and hyphen are not word characters.
    """
    excluded = {spelling for other in exclude for spelling in casings(other)}
    spans: set[tuple[int, int]] = set()
    for spelling in casings(form) - excluded:
        for match in _phrase_pattern(spelling).finditer(text):
            spans.add((match.start(), match.end()))
    return sorted(spans)


def contains_phrase(text: str, form: str) -> bool:
    return bool(find_phrase(text, form))


def find_term_use(text: str, form: str) -> list[tuple[int, int]]:
    """Like `find_phrase`, also accepting an English plural of the last word of a lower-case term."""
    spans = find_phrase(text, form)
    if form[:1].islower():
        for plural in (form + "s", form + "es"):
            spans.extend(find_phrase(text, plural))
    return sorted(set(spans))


def overlapping(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in spans)


def iter_entry_sources(entries: Iterable, text: str) -> Iterator[tuple[object, FormMatch]]:
    """(entry, match) for every glossary entry whose source form occurs in `text`."""
    tokens = tokenize(text)
    for entry in entries:
        for form in entry.source:
            matches = find_inflected(text, form, tokens)
            if matches:
                yield entry, matches[0]
                break


def accepted_spans(text: str, entry) -> list[tuple[int, int]]:
    """Spans of `text` where the entry's term, acronym or an admitted form is used."""
    return sorted(span for form in entry.accepted_forms for span in find_term_use(text, form))


def person_surname(entry) -> str:
    """The surname of a person entry's term ("von der Leyen" of "Ursula von der Leyen"), else "".

    News style names a person in full once and by surname afterwards, and a
    translation follows its own style, not the source's: the glossary surname
    alone is the person rendered right.
    """
    if entry.kind != "person":
        return ""
    return _last_name(entry.term)


def _last_name(term: str) -> str:
    """The last word of a multi-word name with its particles ("von der Leyen"), else ""."""
    words = term.split()
    if len(words) < 2:
        return ""
    first = len(words) - 1
    while first > 1 and words[first - 1] in PARTICLES:
        first -= 1
    return " ".join(words[first:])


def surname_form_rendering(entry, form: str) -> str:
    """The term's surname, when the source form `form` is the surname alone of a longer source form.

    A glossary that lists "Марта Колесник|Колесник" for "Marta Kolesnik" says
    the source may name her by surname alone; the MT doing the same ("Kolesnik")
    renders it, whether or not the entry says it is a person.
    """
    words = form.split()
    if len(words) != 1:
        return ""
    longer = [other.split() for other in entry.source if len(other.split()) > 1]
    if not any(other[-1].casefold() == words[0].casefold() for other in longer):
        return ""
    return _last_name(entry.term)


def mention_spans(text: str, entry) -> list[tuple[int, int]]:
    """`accepted_spans`, plus the glossary surname alone for a person ("Sorokina's")."""
    spans = accepted_spans(text, entry)
    surname = person_surname(entry)
    if surname:
        spans = sorted({*spans, *find_phrase(text, surname)})
    return spans


def longest_first(spans: Iterable[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    """Drop spans that overlap a longer (or earlier) one, keeping their payloads."""
    kept: list[tuple[int, int, object]] = []
    for item in sorted(spans, key=lambda item: (-(item[1] - item[0]), item[0])):
        if not overlapping(item[:2], [k[:2] for k in kept]):
            kept.append(item)
    return sorted(kept, key=lambda item: item[0])


def entry_severity(finding, entry):
    """The finding with the glossary entry's own severity, when the entry sets one.

    A newsroom that marks a term critical (a head of state's name, a treaty)
    means it for every check, so the entry's severity replaces the check's.
    """
    from dataclasses import replace

    return replace(finding, severity=entry.severity) if entry.severity else finding


# Letter choices of the romanisation systems news desks use besides anyascii's:
# Macedonian/Serbian official Latin (ASCII-folded) and English-style (BGN/PCGN-like).
_ROMANISATION_SYSTEMS = (
    {"ѓ": "gj", "ќ": "kj", "ђ": "dj", "ћ": "c", "џ": "dz", "ј": "j", "љ": "lj", "њ": "nj", "ж": "z", "ш": "s",
     "ч": "c", "ц": "c", "х": "h", "ѕ": "dz"},
    {"х": "kh", "ц": "ts", "ж": "zh", "ј": "y", "й": "y", "ю": "yu", "я": "ya", "ё": "yo", "ы": "y", "ъ": "",
     "ь": "", "ѓ": "gj", "ќ": "kj", "ђ": "dj", "ћ": "ch", "є": "ye", "ї": "yi", "і": "i", "и": "i"},
)  # fmt: skip


def romanisations(word: str) -> list[str]:
    """Latin spellings of a non-Latin word under anyascii and the common news romanisations."""
    folded = word.casefold()
    spellings = [anyascii(word)]
    for system in _ROMANISATION_SYSTEMS:
        spellings.append("".join(system.get(char, anyascii(char)) for char in folded))
    # English renders -ия/-ія as -ia: Мария → Maria, Анастасія → Anastasia.
    spellings += [re.sub(r"i(?:y|i|j)a", "ia", spelling) for spelling in spellings]
    return list(dict.fromkeys(spelling for spelling in spellings if spelling))
