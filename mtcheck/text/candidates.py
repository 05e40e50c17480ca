"""What the checks compare: names, acronyms, acronym definitions, numbers and terms.

Every extractor takes plain text and returns typed records whose `start`/`end`
are character offsets into that text, so a check can point at the exact spot.
Deciding whether a capitalised word is a name uses evidence from the text
itself: a `Vocabulary` built from the document (or corpus) says which words
also occur in lower case, so "Experts" at the start of a sentence is not a
name when "experts" appears elsewhere.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from anyascii import anyascii

# Numbers live in their own module; they are re-exported here for the checks that import them from candidates.
from .numbers import SMALL_NUMBERS as _SMALL_NUMBERS
from .numbers import Number, extract_numbers, said_without_number  # noqa: F401  (re-exported)

# Lowercase particles that stay inside a name: "Ursula von der Leyen".
PARTICLES = frozenset(
    "de la le du des del della di da dos das do von van der den ter ten bin ibn bint al el abu zu af".split()
)
# Lowercase words that may join the capitalised words of one term:
# "Organization for Security and Cooperation in Europe".
CONNECTORS = frozenset("of for and the on in to by its their de del du des la &".split())
# Words an acronym may skip: "Department of Defense (DOD)".
ACRONYM_SKIPPABLE = frozenset("of for and the on in to by at a an with its de del du des la le et y di und fur &".split())

# Capitalised only because they start a sentence (or a title-case headline).
FUNCTION_WORDS = frozenset(
    """a an the this that these those there here it its he she they we i you his her their our my your
    and but or nor so yet for of in on at to by from with without about after before during since until
    while when where why how what which who whom whose if then than though although because as also
    however meanwhile still instead moreover furthermore nevertheless nonetheless thus therefore hence
    indeed yes no not all any both each every many most much more some such other another few several
    one two three four five six seven eight nine ten first second third last next today yesterday tomorrow
    tonight now later earlier once again already even just only perhaps maybe despite between against
    among into onto over under above below through across around near along amid within
    according asked speaking following given unlike like""".split()
) | frozenset(
    # Plural and collective nouns that open news sentences; a document's own lower-case uses add more.
    """critics experts officials analysts residents witnesses police protesters authorities observers
    sources lawmakers legislators diplomats negotiators delegates talks reports investigators prosecutors
    voters workers troops soldiers forces rebels militants leaders ministers members people citizens
    families children students doctors scientists researchers economists investors markets prices shares
    sales exports imports companies firms banks agency government officials results figures data
    details plans efforts negotiations discussions sanctions tensions fears hopes concerns questions
    supporters opponents republicans democrats""".split()
)
CALENDAR_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december""".split()
)
# Titles and honorifics: never part of a name ("Deputy Secretary of State Wendy Sherman" -> "Wendy Sherman").
_HAND_TITLE_WORDS = frozenset(
    """president vice deputy secretary state minister foreign prime mr mrs ms miss dr prof professor senator
    sen rep representative congressman congresswoman governor gov general gen colonel col lieutenant lt
    captain capt major sergeant sgt admiral adm commander chancellor king queen prince princess pope
    sheikh emir sultan spokesman spokeswoman spokesperson chairman chairwoman chair director ambassador
    judge justice mayor speaker lord lady sir dame commissioner ceo chief leader premier envoy officer
    republican republicans democrat democratic conservative labour liberal rev reverend father sister
    brother cardinal archbishop bishop rabbi imam secretary-general undersecretary under assistant acting
    former late interior defense defence finance economy trade health justice attorney counsel
    analyst expert""".split()
)


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Job titles and honorifics: the hand list above and nameparser's ("correspondent", "adviser", "ayatollah").

    Measured on real news MT, adding nameparser's to the hand list finds more
    people by their titles (and stops titles being read as names): recall of
    name-like error labels up by two points at higher precision. Read when
    first asked for: nameparser takes a few hundredths of a second to import,
    and a rerun served from the cache never asks.
    """
    from nameparser.config import CONSTANTS

    return _HAND_TITLE_WORDS | frozenset(title for title in CONSTANTS.titles if title.isalpha())


# Abbreviated titles written with a full stop: "Mr. Smith", "Sen. Jones".
TITLE_ABBREVIATIONS = frozenset("mr mrs ms dr prof sen rep gov gen col lt capt sgt adm st rev jr sr".split())
# The word that makes a capitalised phrase an institution, treaty or law rather than a person.
TERM_HEADS = frozenset(
    """treaty agreement accord accords convention act law bill code charter declaration protocol pact
    council organization organisation institute institution agency committee commission department ministry
    office union court tribunal party bank fund forces force dialogue forum assembly parliament congress
    senate house association federation alliance conference summit program programme initiative service
    services administration authority corporation company group foundation university college school
    center centre reserve board bureau cross nations movement front army navy guard police directorate
    secretariat doctrine directive regulation constitution observatory network coalition cabinet
    government senate representatives chamber corps command agency exchange compact partnership consortium
    registry panel society academy league mission framework mechanism facility
    journal magazine gazette herald tribune""".split()
)
# Words that make a capitalised phrase a place or thing rather than a person.
NON_PERSON_WORDS = frozenset(
    """united states kingdom republic emirates union nations north south east west northern southern eastern
    western central new great middle gulf sea ocean river island islands city street square avenue road
    mount lake bay coast valley airport station stream pipeline hill capitol kremlin pentagon white
    europe asia africa america americas pacific atlantic arctic korea arabia""".split()
)
ROMAN_NUMERAL = re.compile(r"^(?=[IVXLC]{2,}$)C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")

_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:[-'’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s?$")
_OPENERS = "\"'“”‘’«»„([{—–-*• \t"
_SENTENCE_END = ".!?:;…\n"
_QUOTES = "\"“”‘’«»„'`"


@dataclass(frozen=True)
class Span:
    """Characters [start, end) of the text a record was extracted from."""

    start: int
    end: int
    text: str  # exactly text[start:end]


@dataclass(frozen=True)
class Name:
    """A capitalised name, titles removed; `tokens` are normalised ("Putin's" -> "Putin")."""

    start: int
    end: int
    text: str
    tokens: tuple[str, ...]
    title: str = ""  # the title or honorific just before it, if any ("Deputy Secretary of State")

    @property
    def normalized(self) -> str:
        return " ".join(self.tokens)

    @property
    def key(self) -> tuple[str, ...]:
        """Comparable tokens: ASCII, case-folded, hyphenated parts split, particles dropped."""
        return name_key(self.normalized)

    @property
    def surname(self) -> str:
        key = self.key
        return key[-1] if key else ""


@dataclass(frozen=True)
class Acronym:
    """Two or more capitals, digits allowed: "INF", "U.S." (-> "US"), "COVID-19", "G7", "NGOs" (-> "NGO")."""

    start: int
    end: int
    text: str
    normalized: str


@dataclass(frozen=True)
class Term:
    """A multi-word capitalised institution, treaty or law name, connectors included."""

    start: int
    end: int
    text: str
    tokens: tuple[str, ...]

    @property
    def normalized(self) -> str:
        return " ".join(self.tokens)

    @property
    def key(self) -> tuple[str, ...]:
        return term_key(self.normalized)


@dataclass(frozen=True)
class Definition:
    """"Long Name (ACR)": the expansion and the acronym that abbreviates it."""

    expansion: Span
    acronym: Acronym
    capitalised: bool  # False for "nongovernmental organisations (NGOs)"-style lowercase expansions


@dataclass(frozen=True)
class Vocabulary:
    """Evidence from a document or corpus: which words occur in lower case, which as acronyms."""

    lowercase: frozenset[str] = frozenset()
    acronyms: frozenset[str] = frozenset()

    def has_lowercase(self, word: str) -> bool:
        """True if `word` (or a simple inflection of it) occurs in lower case."""
        lower = word.lower()
        forms = {lower, lower + "s", lower + "es", lower + "ed", lower + "d", lower + "ing"}
        if lower.endswith("s"):
            forms.add(lower[:-1])
        if lower.endswith("es"):
            forms.add(lower[:-2])
        return not self.lowercase.isdisjoint(forms)


@dataclass(frozen=True)
class Candidates:
    """Everything extracted from one text."""

    names: tuple[Name, ...] = ()
    acronyms: tuple[Acronym, ...] = ()
    definitions: tuple[Definition, ...] = ()
    numbers: tuple[Number, ...] = ()
    terms: tuple[Term, ...] = ()


class _Token:
    """A word of a text and what the extractors ask of it.

    A plain class with slots, not a dataclass: every segment text makes a few dozen,
    and a frozen dataclass's construction and a cached property's lookup were a tenth
    of a run's checking time.
    """

    __slots__ = ("text", "start", "end", "sentence_initial", "headline", "bare")

    def __init__(self, text: str, start: int, end: int, sentence_initial: bool = False, headline: str = ""):
        self.text, self.start, self.end = text, start, end
        self.sentence_initial = sentence_initial
        self.headline = headline  # "upper" or "title" when its line is an all-caps or title-case headline
        # The token without a possessive ending: "Putin's" -> "Putin".
        self.bare = text[:-2] if len(text) > 2 and text.endswith(("'s", "’s")) else text


_NO_QUOTES = {ord(quote): None for quote in "\"'`"}
_POSSESSIVE_S = re.compile(r"['’]s\b")
_NAME_PARTS = re.compile(r"[\s\-‐–]+")
_TERM_PARTS = re.compile(r"[\s\-‐–/]+")


# The same few thousand names and terms are folded and keyed over and over by
# every check; caching keeps the checks cheap next to scoring.
@lru_cache(maxsize=65536)
def ascii_fold(text: str) -> str:
    """ASCII, case-folded, quotes removed: the form two spellings are compared in."""
    return anyascii(text).casefold().translate(_NO_QUOTES)


@lru_cache(maxsize=65536)
def name_key(text: str) -> tuple[str, ...]:
    """Comparable name tokens: "Putin's" -> ("putin",), "Jean-Pierre de Mol" -> ("jean", "pierre", "mol")."""
    parts = _NAME_PARTS.split(ascii_fold(_POSSESSIVE_S.sub("", text)))
    return tuple(part.strip(".") for part in parts if part and part.strip(".") not in PARTICLES)


@lru_cache(maxsize=65536)
def term_key(text: str) -> tuple[str, ...]:
    """Content tokens of a term; hyphenation, case, quotes and a leading "the" do not count."""
    parts = [part.replace(".", "") for part in _TERM_PARTS.split(ascii_fold(text))]
    parts = [part for part in parts if part]
    while parts and parts[0] == "the":
        parts.pop(0)
    return tuple(parts)


# British and American spellings of one word, and other routine spelling pairs: "Harbour"/"Harbor",
# "Centre"/"Center", "Organisation"/"Organization", "Defence"/"Defense", "travelled"/"traveled".
_SPELLING_RULES = (
    (re.compile(r"(?<=[a-z]{2})our(?=s?$|ed$|ing$|ite)"), "or"),
    (re.compile(r"(?<=[a-z]{3}[bcdfgkmnptv])re(?=s?$)"), "er"),
    (re.compile(r"is(?=(?:e|es|ed|ing|ation|ations)$)"), "iz"),
    (re.compile(r"ys(?=(?:e|es|ed|ing)$)"), "yz"),
    (re.compile(r"(?<=[a-z]{2}[aeiou])ll(?=(?:ed|ing|er)$)"), "l"),
    (re.compile(r"ence$"), "ense"),
    (re.compile(r"ogue$"), "og"),
)


@lru_cache(maxsize=65536)
def spelling_key(word: str) -> str:
    """One form for spellings of a word that differ only by convention: ASCII, case, hyphens, UK/US."""
    key = ascii_fold(word).replace("-", "").replace(".", "")
    for pattern, replacement in _SPELLING_RULES:
        key = pattern.sub(replacement, key)
    return key


# Endings that turn a place into its people or adjective: "Korea"/"Korean", "Spain"/"Spanish".
_DERIVED_ENDINGS = frozenset("n an ian ish nish ese i ic s es ns ans ians ern ite ites".split())


def derived_form(first: str, second: str) -> bool:
    """Whether one folded word derives from the other by a demonym or plural ending."""
    shorter, longer = sorted((first, second), key=len)
    if len(shorter) < 4 or shorter == longer:
        return False
    return any(
        longer.startswith(shorter[: len(shorter) - drop]) and longer[len(shorter) - drop :] in _DERIVED_ENDINGS
        for drop in (0, 1, 2)
    )


# A word this frequent in English (wordfreq's Zipf scale: 4 is once per 10,000 words) is a common word
# even when capitalised inside a name ("Network", "Bureau"), not a coined or transliterated one.
COMMON_WORD_ZIPF = 4.0


@lru_cache(maxsize=65536)
def is_common_word(word: str, language: str = "en") -> bool:
    """Whether `word` is a common word of `language` by wordfreq's frequency lists (loaded on first use)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), language) >= COMMON_WORD_ZIPF


def build_vocabulary(texts: Iterable[str]) -> Vocabulary:
    """Lower-case words and mixed-case-text acronyms of `texts`: evidence for `extract_names`.

    Reads the words straight from `_WORD`, line by line, rather than from `_tokenize`: the
    vocabulary needs no token's sentence position, and a system's whole output passes through
    here before any of it is extracted, so the tokens would not stay cached until then anyway.
    """
    lowercase: set[str] = set()
    acronyms: set[str] = set()
    for text in texts:
        if not text:
            continue
        for line in text.split("\n"):
            words = _WORD.findall(line)
            acronyms_here = []
            for word in words:
                if word[0].islower():
                    lowercase.add(_POSSESSIVE.sub("", word).lower())
                    lowercase.update(part.lower() for part in word.split("-") if part and part[0].islower())
                if word.lower() != word:  # an acronym has a capital ("e-ID" too)
                    acronyms_here.extend(normal for piece, _ in _acronym_pieces(word, 0) if piece and (normal := _acronym_normal(piece)))
            # An all-caps headline's words are not told apart from acronyms (see `extract_acronyms`).
            if acronyms_here and _line_style(line) != "upper":
                acronyms.update(acronyms_here)
    return Vocabulary(frozenset(lowercase), frozenset(acronyms))


def merge_vocabularies(parts: Iterable[Vocabulary]) -> Vocabulary:
    """One vocabulary of several texts' vocabularies: the same as building it from all the texts."""
    parts = list(parts)
    return Vocabulary(frozenset().union(*(part.lowercase for part in parts)), frozenset().union(*(part.acronyms for part in parts)))


def encode_vocabulary(vocabulary: Vocabulary) -> bytes:
    return json.dumps([sorted(vocabulary.lowercase), sorted(vocabulary.acronyms)], ensure_ascii=False).encode("utf-8")


def decode_vocabulary(value: bytes) -> Vocabulary:
    lowercase, acronyms = json.loads(value)
    return Vocabulary(frozenset(lowercase), frozenset(acronyms))


def _line_style(line: str) -> str:
    """ "upper" for an all-caps headline, "title" for a Title Case one, "" for running text."""
    words = [word for word in _WORD.findall(line) if any(ch.isalpha() for ch in word)]
    if len(words) < 3:
        return ""
    upper = sum(1 for word in words if len(word) > 1 and word.isupper())
    if upper / len(words) >= 0.6:
        return "upper"
    capitalised = sum(1 for word in words if word[0].isupper())
    lower_content = [word for word in words if word[0].islower() and word.lower() not in CONNECTORS]
    if len(words) >= 4 and not lower_content and capitalised / len(words) >= 0.7 and not line.rstrip().endswith("."):
        return "title"
    return ""


@lru_cache(maxsize=8192)
def _tokenize(text: str) -> tuple[_Token, ...]:
    # Every extractor tokenises the same segment texts; the cache makes that once per text.
    tokens = []
    line_start = 0
    for line in text.split("\n"):
        style = _line_style(line)
        for match in _WORD.finditer(line):
            start = line_start + match.start()
            if start >= 2 and text[start - 1] == " " and text[start - 2].isalnum():
                initial = False  # the common case, a word after a word: decided without looking further back
            else:
                # Only the stretch just before the token matters; slicing the whole
                # prefix for every token made long texts quadratic.
                before = _strip_openers(text[max(0, start - _LOOKBEHIND) : start])
                initial = (not before and start <= _LOOKBEHIND) or (
                    bool(before) and before[-1] in _SENTENCE_END and not _ends_with_abbreviation(before)
                )
            tokens.append(_Token(match.group(), start, line_start + match.end(), initial, style))
        line_start += len(line) + 1
    return tuple(tokens)


# Characters before a token that decide whether it opens a sentence: openers,
# the previous word and its full stop. Far more than normalised text needs.
_LOOKBEHIND = 80


def opens_sentence(text: str, offset: int) -> bool:
    """Whether the word at `offset` opens a sentence (or the text), so its capital says nothing."""
    raw = text[max(0, offset - _LOOKBEHIND) : offset].rstrip(" \t\"'“‘«")
    # A dateline or a bracketed credit ends just before: "OSTERBY, May 2 -- Looking ...", "[Photo] Crowds ...".
    if raw.endswith(("--", "—", "–", ")", "]", "】", "|")):
        return True
    before = _strip_openers(raw)
    if not before:
        return offset <= _LOOKBEHIND or raw.strip() == ""
    return before[-1] in _SENTENCE_END and not _ends_with_abbreviation(before)


def _strip_openers(before: str) -> str:
    """Text before a token without the spaces, quotes and brackets that open it (line breaks kept)."""
    end = len(before)
    while end and before[end - 1] != "\n" and (before[end - 1].isspace() or before[end - 1] in _OPENERS):
        end -= 1
    return before[:end]


def _ends_with_abbreviation(before: str) -> bool:
    """ "Mr." or an initial "J." ends no sentence."""
    match = re.search(r"(\b[^\W\d_]+)\.$", before)
    if not match:
        return False
    word = match.group(1)
    return word.lower() in TITLE_ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _is_acronym_word(word: str) -> bool:
    return _acronym_normal(word) is not None


def _is_capitalised(token: _Token) -> bool:
    word = token.bare
    if word[0].isupper():
        return True
    # "al-Assad", "bin-Salman": a lowercase particle hyphenated to a capitalised name.
    head, _, rest = word.partition("-")
    return bool(rest) and head.lower() in PARTICLES and rest[:1].isupper()


def _is_name_word(token: _Token, vocabulary: Vocabulary) -> bool:
    """A capitalised token that is a proper noun, judged with the text's own evidence."""
    if not _is_capitalised(token):
        return False
    word = token.bare
    lower = word.lower()
    if lower in CALENDAR_WORDS:
        return False
    if word.isdigit():
        return False
    if token.sentence_initial or token.headline == "title":
        if lower in FUNCTION_WORDS or vocabulary.has_lowercase(word):
            return False
        # "High-stakes", "Emphasizing": shaped like common words, not names.
        if "-" in word and word.split("-", 1)[1][:1].islower() and word.split("-", 1)[0].lower() not in PARTICLES:
            return False
        if re.search(r"(?:ing|ly|ed)$", word) and len(word) > 5:
            return False
    elif lower in FUNCTION_WORDS and lower not in {"i"} and word == word.capitalize() and len(word) <= 3:
        # "The" in "The Hill" mid-sentence: part of a title, not of a name.
        return False
    # "I", "I'll", "I've": the pronoun, not a name.
    return re.split(r"['’]", lower)[0] != "i"


def _joined(text: str, left: _Token, right: _Token) -> bool:
    """Whether two tokens belong to one phrase: only spaces between them (or an initial's full stop)."""
    gap = text[left.end : right.start]
    if gap.strip() == "":
        return bool(gap) and "\n" not in gap
    if gap.strip() == "." and (len(left.text) == 1 and left.text.isupper() or left.text.lower() in TITLE_ABBREVIATIONS):
        return True
    return False


def _token_end(text: str, token: _Token) -> int:
    """End of a token including an initial's or an abbreviated title's full stop."""
    if text[token.end : token.end + 1] == "." and (
        len(token.text) == 1 and token.text.isupper() or token.text.lower() in TITLE_ABBREVIATIONS
    ):
        return token.end + 1
    return token.end


def _strip_titles(tokens: list[_Token]) -> tuple[list[_Token], list[_Token]]:
    """Split a capitalised run into (title tokens, name tokens)."""
    last_title = -1
    for position, token in enumerate(tokens[:-1]):
        parts = token.bare.lower().split("-")
        if token.bare.lower() in title_words() or any(part in title_words() for part in parts if len(parts) > 1 and part):
            last_title = position
    # A trailing title word ("Islamic State") is part of the name itself.
    return tokens[: last_title + 1], tokens[last_title + 1 :]


def _capitalised_runs(text: str, tokens: list[_Token], vocabulary: Vocabulary) -> list[list[_Token]]:
    """Runs of adjacent proper-noun tokens, particles inside ("Ursula von der Leyen")."""
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    for position, token in enumerate(tokens):
        if token.headline == "upper":
            if current:
                runs.append(current)
                current = []
            continue
        if _is_name_word(token, vocabulary):
            if current and not _joined(text, current[-1], token):
                runs.append(current)
                current = []
            current.append(token)
            continue
        if current and token.text in PARTICLES and _particle_continues(text, tokens, position, vocabulary):
            current.append(token)
            continue
        if current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _particle_continues(text: str, tokens: list[_Token], position: int, vocabulary: Vocabulary) -> bool:
    """A particle belongs to the name when more particles and then a name word follow: "von der Leyen"."""
    previous = tokens[position - 1]
    for following in tokens[position:]:
        if not _joined(text, previous, following):
            return False
        if following.text not in PARTICLES:
            return _is_name_word(following, vocabulary)
        previous = following
    return False


def extract_terms(text: str, vocabulary: Vocabulary | None = None) -> list[Term]:
    """Multi-word capitalised institution/treaty/law names ("NATO-Russia Council", "House of Representatives")."""
    vocabulary = vocabulary or Vocabulary()
    tokens = _tokenize(text)
    terms = []
    current: list[_Token] = []

    def close() -> None:
        while current and (current[-1].text.lower() in CONNECTORS and not _is_capitalised(current[-1])):
            current.pop()
        for part in _split_coordination(current):
            while part and part[0].text.lower() in CONNECTORS:
                part = part[1:]
            # "Traders on the Grain Exchange": a sentence-opening word before a connector is not a
            # name's first word unless it is a head word ("Council of Europe").
            if len(part) > 2 and part[0].sentence_initial and not _has_term_head(part[0]) and not _is_capitalised(part[1]):
                part = part[1:]
                while part and part[0].text.lower() in CONNECTORS:
                    part = part[1:]
            capitalised = [token for token in part if _is_capitalised(token)]
            if len(capitalised) >= 2 and any(_has_term_head(token) for token in capitalised):
                start, end = part[0].start, part[-1].end
                words = tuple(token.bare for token in part)
                terms.append(Term(start, end, text[start:end], words))
        current.clear()

    for position, token in enumerate(tokens):
        if token.headline:
            close()
            continue
        if current and not _joined(text, current[-1], token):
            close()
        if _is_name_word(token, vocabulary) or (
            _is_capitalised(token) and token.bare.lower() in {"the"} and not current
        ):
            current.append(token)
        elif current and token.text.lower() in CONNECTORS:
            current.append(token)
        else:
            close()
        # A possessive ends the phrase: "the Council's decision".
        if current and current[-1] is token and token.bare != token.text:
            close()
    close()
    return terms


def _has_term_head(token: _Token) -> bool:
    return token.bare.lower() in TERM_HEADS


def _split_coordination(tokens: list[_Token]) -> list[list[_Token]]:
    """ "the Senate and the House of Representatives" is two terms; "Security and Cooperation" is one."""
    parts: list[list[_Token]] = [[]]
    for position, token in enumerate(tokens):
        if token.text.lower() == "in" and len(parts[-1]) == 1:
            # "Democrats in Congress", "a Republican in the House": a person before a place.
            parts.append([])
            continue
        if token.text.lower() == "in" and parts[-1] and _has_term_head(parts[-1][-1]):
            # "the Energy Council in Riga": a name complete at its head word takes "in ..." as a
            # location, not as part of it ("Co-operation in Europe" has no head before "in").
            # Known limit: an official name with such a tail ("Christian Social Union in Bavaria").
            parts.append([])
            continue
        if token.text.lower() in {"and", "&"} and parts[-1]:
            following = tokens[position + 1] if position + 1 < len(tokens) else None
            left_complete = _has_term_head(parts[-1][-1]) or _is_acronym_word(parts[-1][-1].bare)
            if left_complete or (following is not None and following.text.lower() == "the"):
                parts.append([])
                continue
        parts[-1].append(token)
    return [part for part in parts if part]


def extract_names(text: str, vocabulary: Vocabulary | None = None, terms: list[Term] | None = None) -> list[Name]:
    """Proper names: capitalised runs minus titles, terms (`extract_terms`, if not given), acronyms and calendar words."""
    vocabulary = vocabulary or Vocabulary()
    tokens = _tokenize(text)
    if terms is None:
        terms = extract_terms(text, vocabulary)  # in text order
    term_starts = [term.start for term in terms]
    # The furthest end of any term starting at or before each term: one bisect tells whether a run lies inside a term.
    term_reach = list(accumulate((term.end for term in terms), max))
    # Token positions by offset: looking each run's first token up in the tuple made long texts quadratic.
    position_of = {token.start: position for position, token in enumerate(tokens)}
    names = []
    for run in _capitalised_runs(text, tokens, vocabulary):
        before = bisect_right(term_starts, run[0].start)
        if before and term_reach[before - 1] >= run[-1].end:
            continue
        title_tokens, name_tokens = _strip_titles(run)
        title = ""
        if title_tokens:
            title = text[title_tokens[0].start : _token_end(text, title_tokens[-1])]
        else:
            previous = _previous_word(tokens, position_of[run[0].start])
            if previous is not None and previous.text.lower() in title_words():
                title = previous.text
        while name_tokens and name_tokens[0].bare.lower() in FUNCTION_WORDS:
            name_tokens = name_tokens[1:]
        if not name_tokens or all(token.bare.lower() in title_words() for token in name_tokens):
            continue
        if any(_has_term_head(token) for token in name_tokens) and len(name_tokens) > 1:
            continue
        if all(_is_acronym_word(token.bare) or token.bare.isdigit() for token in name_tokens):
            continue
        start = name_tokens[0].start
        end = _token_end(text, name_tokens[-1])
        if name_tokens[-1].bare != name_tokens[-1].text:
            end = name_tokens[-1].end  # the span covers the possessive too
        words = tuple(_token_word(text, token) for token in name_tokens)
        names.append(Name(start, end, text[start:end], words, title))
    return names


def _token_word(text: str, token: _Token) -> str:
    return text[token.start : _token_end(text, token)] if len(token.text) == 1 else token.bare


def _previous_word(tokens: list[_Token], position: int) -> _Token | None:
    return tokens[position - 1] if position > 0 else None


_ACRONYM_CORE = re.compile(r"^(?:(?:[A-Z]\.){2,}|[A-Z][A-Z0-9&]*[A-Z0-9](?:-\d+)?)$")


@lru_cache(maxsize=65536)  # the same words recur throughout a text
def _acronym_normal(word: str) -> str | None:
    """The normalised acronym a word is, or None: "U.S."->"US", "NGOs"->"NGO", "NATO's"->"NATO"."""
    word = _POSSESSIVE.sub("", word) if re.search(r"[A-Z]['’]s?$", word) else word
    if re.fullmatch(r"[A-Z]{2,}s", word):
        word = word[:-1]
    if not _ACRONYM_CORE.match(word):
        return None
    letters = [ch for ch in word if ch.isupper()]
    if len(letters) < 2 and not re.fullmatch(r"[A-Z]\d+", word):
        return None
    if ROMAN_NUMERAL.match(word):
        return None
    return word.replace(".", "")


def extract_acronyms(text: str, vocabulary: Vocabulary | None = None) -> list[Acronym]:
    """Acronyms in running text; in an all-caps headline only those the vocabulary knows as acronyms."""
    known = vocabulary.acronyms if vocabulary is not None else frozenset()
    return [acronym for acronym, in_headline in _acronym_words(text) if not in_headline or acronym.normalized in known]


@lru_cache(maxsize=8192)
def _acronym_words(text: str) -> tuple[tuple[Acronym, bool], ...]:
    # Built once per text for every extractor that asks: (acronym, in an all-caps headline).
    found = []
    for token in _tokenize(text):
        for word, start in _acronym_pieces(token.text, token.start):
            normal = _acronym_normal(word) if word else None
            if normal is None:
                continue
            end = start + len(word)
            if text[end : end + 1] == "." and re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", word):
                end += 1
            found.append((Acronym(start, end, text[start:end], normal), token.headline == "upper"))
    return tuple(found)


def _acronym_pieces(word: str, start: int) -> list[tuple[str, int]]:
    """A word's parts that may each be an acronym, with their offsets: "US-EU" is two, "F-16" one."""
    if "-" not in word or re.search(r"-\d+$", word):
        return [(word, start)]
    pieces = []
    for part in word.split("-"):
        pieces.append((part, start))
        start += len(part) + 1
    return pieces


def extract_definitions(text: str, vocabulary: Vocabulary | None = None) -> list[Definition]:
    """ "Long Name (ACR)": the words before a parenthesised acronym that the acronym abbreviates."""
    definitions = []
    tokens = _tokenize(text)
    token_ends = [token.end for token in tokens]
    for match in re.finditer(r"\(\s*([^()\s]+)\s*\)", text):
        acronym_text = match.group(1)
        normal = _acronym_normal(acronym_text)
        if normal is None:
            continue
        acronym = Acronym(match.start(1), match.end(1), acronym_text, normal)
        # Only the words just before the parenthesis can spell the acronym; taking every earlier
        # token for each parenthesis made long texts quadratic.
        preceding = bisect_right(token_ends, match.start())
        before = tokens[max(0, preceding - max(_EXPANSION_TOKENS, len(normal) + 2)) : preceding]
        expansion = _expansion_before(text, before, match.start(), len(normal))
        if expansion is None:
            continue
        span, capitalised = expansion
        definitions.append(Definition(span, acronym, capitalised))
    return definitions


# Most words an acronym's expansion is looked for in, far more than any real name needs.
_EXPANSION_TOKENS = 64


def _expansion_before(text: str, before: list[_Token], paren: int, letters: int) -> tuple[Span, bool] | None:
    """The capitalised phrase (connectors inside) ending just before the parenthesis."""
    if not before or text[before[-1].end : paren].strip():
        return None
    chosen: list[_Token] = []
    for token in reversed(before):
        if chosen and not _joined(text, token, chosen[0]):
            break
        if token.sentence_initial and token.bare.lower() in {"the", "a", "an"}:
            break  # "The Central Electoral Commission (CEC)": the article opens the sentence, not the name
        if _is_capitalised(token):
            chosen.insert(0, token)
        elif token.text.lower() in ACRONYM_SKIPPABLE and chosen:
            chosen.insert(0, token)
        else:
            break
    while chosen and not _is_capitalised(chosen[0]):
        chosen.pop(0)
    # "Inspectors of the Maritime Safety Office (MSO)": as in extract_terms, a sentence-opening word
    # before a connector is no part of the name unless it is a head word.
    if len(chosen) > 2 and chosen[0].sentence_initial and not _has_term_head(chosen[0]) and not _is_capitalised(chosen[1]):
        chosen.pop(0)
        while chosen and not _is_capitalised(chosen[0]):
            chosen.pop(0)
    if chosen:
        start, end = chosen[0].start, chosen[-1].end
        return Span(start, end, text[start:end]), True
    # A lowercase expansion: take as many words as the acronym could need, within the clause.
    lowercase: list[_Token] = []
    for token in reversed(before):
        if lowercase and not _joined(text, token, lowercase[0]):
            break
        lowercase.insert(0, token)
        if len(lowercase) >= letters + 2:
            break
    start, end = lowercase[0].start, lowercase[-1].end
    return Span(start, end, text[start:end]), False


# Letters an acronym may take from one word beyond its initial: "Kosovo FORce (KFOR)", "COrona VIrus Disease".
_ACRONYM_PREFIX = 3


@lru_cache(maxsize=4096)
def acronym_fits(acronym: str, expansion: str, allow: frozenset[str] = frozenset()) -> bool:
    """Whether `acronym` abbreviates `expansion`.

    The letters come in order from the starts of words: every content word
    gives at least one, its initial (or the initial of one of its hyphenated
    parts: "Intermediate-Range" -> I, R), optionally followed by the next
    letters of that word or part, up to `_ACRONYM_PREFIX` in all ("Kosovo
    Force (KFOR)"); letters from inside a word are not taken. Function words
    may be skipped or give their initial ("Department of Energy (DOE)").
    Trailing digits are matched against a number of the expansion when it has
    one ("G7", "COVID-19" for "... 2019"). Words that only qualify the name
    may precede it ("Russia's", "U.S.", "On Monday the"). Acronyms in `allow`
    fit anything: established exceptions such as "CFE" or "CDC".
    """
    normal = acronym.replace(".", "").upper()
    match = re.fullmatch(r"(?P<core>.*?[A-Z&][0-9A-Z&]*?)-?(?P<tail>\d*)", normal)
    if normal in allow or (match and match.group("core") in allow):
        return True
    core = re.sub(r"[^0-9a-z]", "", ascii_fold(match.group("core") if match else normal))
    tail = match.group("tail") if match else ""
    words = _expansion_words(expansion)
    if not core or not words:
        return False
    numbers = [digits for _, _, digits in words if digits]
    if tail and numbers and not any(number.endswith(tail) for number in numbers):
        return False
    for first in range(len(words)):
        if first and not words[first - 1][1]:
            break  # only qualifying words may be left out in front
        if _letters_cover(core, tuple(words[first:]), bool(tail)):
            return True
    return False


def _expansion_words(expansion: str) -> list[tuple[tuple[str, ...], bool, str]]:
    """(hyphenated parts, may open the phrase without being abbreviated, digits) per word of an expansion."""
    words = []
    for raw in expansion.replace("’", "'").split():
        possessive = bool(re.search(r"['’]s?$", raw)) and not raw.isupper()
        qualifier = possessive or _acronym_normal(raw) is not None
        folded = ascii_fold(re.sub(r"['’]s?$", "", raw))
        parts = tuple(part for part in re.split(r"[-‐–/]", re.sub(r"[^0-9a-z\-‐–/&]", "", folded)) if part)
        if not parts:
            continue
        digits = ""
        if len(parts) == 1 and parts[0].isdigit():
            digits = parts[0]
        elif len(parts) == 1 and parts[0] in _SMALL_NUMBERS:
            digits = str(_SMALL_NUMBERS[parts[0]])  # "Group of Seven (G7)"
        lower = parts[0] if len(parts) == 1 else ""
        qualifier = qualifier or lower in ACRONYM_SKIPPABLE or lower in CALENDAR_WORDS or (
            lower in FUNCTION_WORDS and lower not in TERM_HEADS
        )
        words.append((parts, qualifier, digits))
    return words


def _letters_cover(letters: str, words: tuple[tuple[tuple[str, ...], bool, str], ...], has_tail: bool) -> bool:
    """Whether `letters`, in order, come from word starts with every content word giving at least one."""

    @lru_cache(maxsize=None)
    def match(i: int, j: int, used: int) -> bool:
        if j == len(words):
            return i == len(letters) and used >= min(2, len(letters))
        parts, _, digits = words[j]
        optional = len(parts) == 1 and parts[0] in ACRONYM_SKIPPABLE or digits and has_tail
        if optional and match(i, j + 1, used):
            return True
        return any(match(end, j + 1, used + count) for end, count in _word_ends(letters, i, parts))

    return match(0, 0, 0)


def _word_ends(letters: str, i: int, parts: tuple[str, ...]) -> set[tuple[int, int]]:
    """(next letter, parts used) after one word gives letters from the starts of its parts, at least one."""
    ends: set[tuple[int, int]] = set()

    def walk(position: int, part: int, count: int) -> None:
        if part == len(parts):
            if count:
                ends.add((position, count))
            return
        walk(position, part + 1, count)  # a hyphenated part may give no letter: "Comprehensive Nuclear-Test-Ban"
        word = parts[part]
        for length in range(1, min(_ACRONYM_PREFIX, len(word)) + 1):
            if letters[position : position + length] != word[:length]:
                break
            walk(position + length, part + 1, count + 1)

    walk(i, 0, 0)
    return ends


def extract(text: str, vocabulary: Vocabulary | None = None) -> Candidates:
    """All candidates of one text."""
    terms = extract_terms(text, vocabulary)
    return Candidates(
        names=tuple(extract_names(text, vocabulary, terms)),
        acronyms=tuple(extract_acronyms(text, vocabulary)),
        definitions=tuple(extract_definitions(text, vocabulary)),
        numbers=tuple(extract_numbers(text)),
        terms=tuple(terms),
    )
