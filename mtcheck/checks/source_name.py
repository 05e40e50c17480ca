"""MT407 source-name: a name the source writes that the MT replaces with another name, garbles or drops."""

from __future__ import annotations

import re

from rapidfuzz.distance import JaroWinkler
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from ..text.candidates import ascii_fold
from ..text.exonyms import place_names, is_place_adjective
from ..text.glossary_match import Token, base_forms, is_latin, romanisations, tokenize
from ..text.known_spelling import (
    CYRILLIC_SOURCE_LANGUAGES,
    LATIN_SOURCE_LANGUAGES,
    better_known,
    guess_language,
    travels,
    zipf,
    zipf_in,
)
from ..model import AlignedDocument, Confidence, Finding, Severity
from ..text.similarity import Verdict, compare_tokens
from ._support import CALENDAR_FORMS, document_view
from .base import NEEDS_NO_REFERENCE, NEEDS_SOURCE, Check, CheckContext

T = TypeVar("T")

# Latin-script runs inside a non-Latin source: names, acronyms, product names, codes, URLs, @handles.
_LATIN_RUN = re.compile(r"(?:https?://|www\.)[!-~]+|[@#]?[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?:[-_.'&+][A-Za-z0-9]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# What may stand before a word that starts a sentence (its capital then says nothing).
_SENTENCE_OPENERS = frozenset(".!?:;…\"'«»„“”‘’(–—-")
# A word English writes this often is a common word even when capitalised ("Land", "President").
_COMMON_ENGLISH = 5.0
# How much more often English must write an uninflected form to prefer it to the word as written.
_INFLECTED_GAP = 1.0
# Jaro-Winkler similarity above which an MT name may be another spelling of a source name.
_ALIKE = 0.8
# A language's word this common is a word of it, whatever its capital ("Die", "Heute").
_KNOWN_LOCALLY = 3.0
# Lower-case words inside a name: "Ursula von der Leyen", "Charles de Gaulle".
_PARTICLES = frozenset({"von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "dos", "das", "bin", "al", "zu"})
# German capitalises every noun; one that follows an article or a number word is a noun, not a name.
_DETERMINERS = {
    "de": frozenset(
        """der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner keines
        im am zum zur vom beim ins ans sein seine seinen seinem seiner ihr ihre ihren ihrem ihrer unser unsere
        dieser diese dieses diesen diesem jeder jede jedes jeden jedem alle allen viele vielen mehrere einige
        zwei drei vier fünf sechs sieben acht neun zehn zwölf hundert tausend""".split()
    )
}
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
# How much rarer than in English another language may write an MT word that is a name.
_NAME_GAP = 1.0
# Languages a name of the MT is looked up in, besides the source's, to tell a name from an English word.
_OTHER_LANGUAGES = ("de", "fr", "es")


@dataclass(frozen=True)
class _SourceName:
    written: str  # as the source writes it
    readings: tuple[str, ...]  # spellings it may take in English (uninflected; diacritics kept, folded; romanised)
    start: int  # characters [start, end) of the source segment
    end: int


class SourceName(Check):
    """With no reference, a name the source writes that the MT replaces with another name, garbles or drops.

    A source in Latin script (German, French, Polish, Czech... news) writes
    most names as English does; a Cyrillic one writes them in a form that
    romanises to English's. A source name of that kind that the MT does not
    write, where the MT writes a name the source does not, is a replaced
    name (major, medium confidence); when the MT's name is a letter or two
    from the source's, a garbled one (major). In a non-Latin source (Chinese,
    Russian), a Latin-script name, acronym, code, URL or @handle the MT
    alters is major; one it drops is minor.

    Which capitalised source words are names that English writes the same
    way is read from word frequencies: a name travels between languages
    ("Merkel" is about as common in German and English text), a common
    word does not ("Regierung"), and neither does a local place name that
    English writes another way ("München"). Exonyms are never findings:
    the English name of a source place (Munich for München or Мюнхен,
    Germany for Niemcy; data/exonyms.tsv.gz) counts as the source's name.
    Garbles of Cyrillic names are source-transliteration's (MT405).

    **Anti-pattern**

        Source: Kanzlerin Merkel traf am Montag in Warschau Donald Tusk.
        MT:     Chancellor Merkel met Donald Trump in Warsaw on Monday.

    **Best practice**

        MT:     Chancellor Merkel met Donald Tusk in Warsaw on Monday.
    """

    code = "MT407"
    name = "source-name"
    severity = Severity.MAJOR
    needs = frozenset({NEEDS_SOURCE, NEEDS_NO_REFERENCE})

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        sources = [segment.src or "" for segment in document.segments]
        latin_words = [token.text for text in sources if text and is_latin(text) for token in tokenize(text)]
        cyrillic_words = [token.text for text in sources if _CYRILLIC.search(text) for token in tokenize(text)]
        latin_language = guess_language(latin_words, LATIN_SOURCE_LANGUAGES) if latin_words else ""
        cyrillic_language = guess_language(cyrillic_words, CYRILLIC_SOURCE_LANGUAGES) if cyrillic_words else ""
        view = document_view(document, context)
        for position, segment in enumerate(document.segments):
            if not segment.src or not segment.mt or segment.ref:
                continue
            if is_latin(segment.src):
                yield from self._names(document, segment, view.mt_words(position, 1), latin_language, garbles=True)
            elif _CYRILLIC.search(segment.src):
                yield from self._names(document, segment, view.mt_words(position, 1), cyrillic_language, garbles=False)
            if not is_latin(segment.src):
                yield from self._latin_runs(document, segment)

    def _names(self, document, segment, nearby_words: set[str], language: str, garbles: bool) -> Iterator[Finding]:
        mt = segment.mt
        names = _source_names(segment.src, language)
        if not names:
            return
        nearby = nearby_words
        # A source name is missing when the MT nearby does not write its last word (the surname).
        missing = [name for name in names if not _written(name[-1], nearby)]
        if not missing:
            return
        source_words = _source_words(segment.src)
        strangers = []
        for words in _mt_names(mt):
            # Titles before a name are capitalised English words, not the name: "Prime Minister Tomio Okamura".
            while len(words) > 1 and not _is_name(words[0].text, language):
                words = words[1:]
            if not _explained(words[-1].text, source_words) and _is_name(words[-1].text, language):
                if not is_place_adjective(words[-1].text):
                    strangers.append(words)
        for words in list(strangers):
            word = words[-1]
            # A garble of any source name, missing here or written correctly nearby.
            garbled = next((name for name in names if _verdict(name[-1], word.text) is Verdict.GARBLE), None)
            if garbled is None:
                continue
            strangers.remove(words)
            if garbled in missing:
                missing.remove(garbled)
            if not garbles:
                continue
            expected = _best(garbled[-1], word.text)
            sure = better_known(expected, word.text)
            message = (
                f"the source writes '{garbled[-1].written}'; the MT's '{word.text}' is a letter or two from it"
                + ("; English writes the source's spelling far more often" if sure else "")
            )
            yield self.finding(
                document, segment, word.start, word.end, word.text, expected, message,
                confidence=Confidence.HIGH if sure else Confidence.MEDIUM,
            )  # fmt: skip
        # By elimination: a source name the MT does not write, where it writes a name the source does not.
        if len(missing) != len(strangers):
            return
        for name, words in zip(missing, strangers):
            if _looks_alike(name[-1], words[-1].text):
                continue  # another spelling of the source's surname ("Кличко"/"Klitschko"), not another name
            found = mt[words[0].start : words[-1].end]
            expected = _expected(segment.src, name, words)
            written = segment.src[name[0].start : name[-1].end]
            message = f"the source names '{written}' here and the MT does not; it writes '{found}', which the source does not name"
            yield self.finding(
                document, segment, words[0].start, words[-1].end, found, expected, message, confidence=Confidence.MEDIUM
            )

    def _latin_runs(self, document, segment) -> Iterator[Finding]:
        mt = segment.mt
        folded_mt = mt.casefold()
        mt_tokens = [_Word(match.group(), match.start(), match.end()) for match in _LATIN_RUN.finditer(mt)]
        for match in _LATIN_RUN.finditer(segment.src):
            run = match.group().rstrip(".")
            if len(run) < 2 or run.casefold() in folded_mt:
                continue
            altered = [
                word for word in mt_tokens
                if word.text.casefold() != run.casefold() and compare_tokens(run, word.text).verdict is Verdict.GARBLE
            ]  # fmt: skip
            if altered:
                word = altered[0]
                message = f"the source writes '{run}' in Latin letters; the MT alters it to '{word.text}'"
                yield self.finding(document, segment, word.start, word.end, word.text, run, message, confidence=Confidence.MEDIUM)
            else:
                message = f"the source writes '{run}' in Latin letters and the MT does not"
                yield self.finding(
                    document, segment, 0, len(mt), "", run, message, Severity.MINOR, confidence=Confidence.MEDIUM
                )


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int


def _after_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in _SENTENCE_OPENERS


def _after_determiner(text: str, start: int, language: str) -> bool:
    """Whether the word at `start` follows an article or a number, perhaps through lower-case
    adjectives ("die bayerische Landeshauptstadt"): in German, which capitalises every noun, a noun."""
    determiners = _DETERMINERS.get(language)
    if not determiners:
        return False
    for word in reversed(text[:start].split()[-4:]):
        word = word.strip(",;:()\"'„“«»")
        if word.lower() in determiners or word.isdigit():
            return True
        if not word.islower():
            return False
    return False


def _readings(word: str) -> tuple[str, ...]:
    """Latin spellings English may give a source word: uninflected, with its diacritics, without them
    and with German's umlauts spelled out ("Söder", "Soder", "Soeder"), or romanised."""
    forms = base_forms(word)
    if is_latin(word):
        spelled_out = [form.translate(_UMLAUTS) for form in forms]
        return tuple(dict.fromkeys([*forms, *(ascii_fold(form) for form in forms + spelled_out)]))
    return tuple(dict.fromkeys(reading for form in forms for reading in romanisations(form)))


def _source_names(src: str, language: str) -> list[list[_SourceName]]:
    """Runs of capitalised source words that are names English writes the same way (or romanises so)."""
    return _runs(src, lambda token: _source_name(src, token, language))


def _runs(text: str, name_word: Callable[[Token], T | None]) -> list[list[T]]:
    """The words `name_word` accepts, grouped into names: words of one name stand next to each other,
    with only spaces or name particles ("Ursula von der Leyen") between."""
    names: list[list[T]] = []
    previous_end: int | None = None
    for token in tokenize(text):
        if token.text in _PARTICLES and previous_end is not None:
            continue
        word = name_word(token)
        if word is None:
            previous_end = None
            continue
        between = text[previous_end : token.start].split() if previous_end is not None else None
        if names and between is not None and all(part in _PARTICLES for part in between):
            names[-1].append(word)
        else:
            names.append([word])
        previous_end = token.end
    return names


def _source_name(src: str, token: Token, language: str) -> _SourceName | None:
    """The source word as a name English writes alike, or None (a common word, an exonym's local form)."""
    word = token.text
    if not word[:1].isupper() or len(word) < 3 or not word.isalpha() or word.isupper():
        return None  # acronyms are translated ("НСП" is the NAO): the acronym checks judge them
    local = zipf_in(word.lower(), language)
    if _after_sentence_start(src, token.start) and local >= _KNOWN_LOCALLY:
        return None  # a sentence's first word: its capital says nothing unless the language hardly knows it
    if _after_determiner(src, token.start, language):
        return None  # "die Regierung", "zwei Tore", "das Nahverkehrsnetz": a German noun, not a name
    readings = _readings(word)
    english = max(zipf(spelling.lower()) for spelling in (word, *readings))
    if english >= _COMMON_ENGLISH or not travels(local, english):
        return None
    return _SourceName(word, readings, token.start, token.end)


def _verdict(name: _SourceName, mt_word: str) -> Verdict:
    """How far the MT word is from the nearest reading of the source word."""
    return min((compare_tokens(reading, mt_word).verdict for reading in name.readings), key=lambda verdict: verdict.rank)


def _looks_alike(name: _SourceName, mt_word: str) -> bool:
    """Whether the MT word may spell the source word: not DIFFERENT by the shared verdict, or close
    by string similarity (Jaro-Winkler >= 0.8), as spellings from another transliteration are."""
    if _verdict(name, mt_word) is not Verdict.DIFFERENT:
        return True
    folded = ascii_fold(mt_word).lower()
    return any(JaroWinkler.similarity(reading.lower(), folded) >= _ALIKE for reading in name.readings)


def _written(name: _SourceName, mt_words: set[str]) -> bool:
    """Whether the MT writes the source word: a reading, an inflection of it, a transliteration variant,
    or another name of the same place ("Peking"/"Beijing")."""
    if any(ascii_fold(place).lower() in mt_words for place in place_names(name.written)):
        return True
    for reading in name.readings:
        folded = reading.lower()
        for word in mt_words:
            if word == folded or _same_stem(word, folded):
                return True
            if compare_tokens(reading, word).verdict is Verdict.VARIANT:
                return True
    return False


def _same_stem(first: str, second: str) -> bool:
    """One word is the other with an ending of up to three letters ("Tusk"/"Tuska", "Prag"/"Prague")."""
    shorter, longer = sorted((first, second), key=len)
    return len(shorter) >= 4 and longer.startswith(shorter) and len(longer) - len(shorter) <= 3


def _source_words(src: str) -> set[str]:
    """Every reading of every source word, and the English names of its places."""
    words: set[str] = set()
    for token in tokenize(src):
        for form in base_forms(token.text):
            words.update(reading.lower() for reading in _readings(form))
            words.update(ascii_fold(name).lower() for name in place_names(form))
    return words


def _mt_names(mt: str) -> list[list[_Word]]:
    """Runs of capitalised MT words (possessives dropped), each run one name; sentence-initial words left out."""

    def name_word(token: Token) -> _Word | None:
        text = re.sub(r"['’]s?$", "", token.text)
        if not text[:1].isupper() or not text.isalpha() or len(text) < 3 or text.isupper() or _after_sentence_start(mt, token.start):
            return None
        return _Word(text, token.start, token.start + len(text))

    return _runs(mt, name_word)


def _explained(word: str, source_words: set[str]) -> bool:
    """Whether an MT word stands in the source: as written, inflected, or as a place's English name."""
    folded = ascii_fold(word).lower()
    return any(folded == source or _same_stem(folded, source) for source in source_words)


def _is_name(word: str, language: str) -> bool:
    """A capitalised MT word that is a name, not an English word written with a capital ("Parliament").

    Other languages write a name about as often as English does ("Trump", "Tusk": within 0.5 Zipf in
    German, French or Spanish) and English's capitalised words far less ("Monday", "Chancellor",
    "Parliament": 1.7-2.1 below).
    """
    folded = word.lower()
    english = zipf(folded)
    if english >= _COMMON_ENGLISH or folded in CALENDAR_FORMS:
        return False
    elsewhere = max(zipf_in(folded, other) for other in {language, *_OTHER_LANGUAGES} if other)
    return elsewhere >= english - _NAME_GAP


def _expected(src: str, name: list[_SourceName], mt_words: list[_Word]) -> str:
    """The source's name as English would write it: each word's best reading (the MT's own spelling
    where it is one: "Sergei" for Сергей), particles as written."""
    parts, position = [], name[0].start
    for word in name:
        same = [mt.text for mt in mt_words if _verdict(word, mt.text) in (Verdict.SAME, Verdict.VARIANT)]
        parts += [src[position : word.start], same[0] if same else _best(word, mt_words[-1].text)]
        position = word.end
    return "".join(parts)


def _best(name: _SourceName, mt_word: str) -> str:
    """The source word as English writes it: as written (romanised), unless English writes an
    uninflected form far more often ("Andrej" for "Andrejem"); nearest the MT's word on a tie."""
    as_written = _readings_as_written(name.written)
    best = max(name.readings, key=lambda spelling: (zipf(spelling.lower()), -compare_tokens(spelling, mt_word).verdict.rank))
    plain = max(as_written, key=lambda spelling: (zipf(spelling.lower()), -compare_tokens(spelling, mt_word).verdict.rank))
    reading = best if zipf(best.lower()) - zipf(plain.lower()) >= _INFLECTED_GAP else plain
    return reading[:1].upper() + reading[1:]


def _readings_as_written(word: str) -> tuple[str, ...]:
    """The readings of the word itself, not of its uninflected forms."""
    return (word,) if is_latin(word) else tuple(romanisations(word))
