"""MT501 untranslated-text: text in a script the target language does not use, or source pinyin."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex
from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

from ..errors import ConfigError
from ..model import AlignedDocument, Confidence, Finding, Segment, Severity
from .base import Check, CheckContext

# Scripts each target language is written in, by primary language subtag. Latin is always
# allowed besides (brand and foreign names keep it), as are Common (digits, punctuation,
# symbols, currency signs) and Inherited (combining marks). A language not listed is taken
# to be written in Latin script.
_TARGET_SCRIPTS = {
    **dict.fromkeys("ru uk be bg mk sr kk ky tg mn".split(), ("Cyrillic",)),
    "el": ("Greek",),
    "zh": ("Han",),
    "ja": ("Han", "Hiragana", "Katakana"),
    "ko": ("Hangul", "Han"),
    **dict.fromkeys("ar fa ur ps".split(), ("Arabic",)),
    **dict.fromkeys("he yi".split(), ("Hebrew",)),
    **dict.fromkeys("hi mr ne".split(), ("Devanagari",)),
    "th": ("Thai",),
    "ka": ("Georgian",),
    "hy": ("Armenian",),
    "bn": ("Bengali",),
    "ta": ("Tamil",),
    "am": ("Ethiopic",),
}
_ALWAYS_ALLOWED = ("Latin", "Common", "Inherited")
_LANGUAGE_NAMES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "ru": "Russian", "zh": "Chinese"}
# Scripts named in messages; any other is named from its characters' Unicode names.
_NAMED_SCRIPTS = (
    "Han Hiragana Katakana Hangul Cyrillic Greek Arabic Hebrew Thai Devanagari Georgian Armenian "
    "Bengali Tamil Ethiopic Khmer Lao Myanmar Tibetan Mongolian Gujarati Gurmukhi Kannada Malayalam "
    "Telugu Sinhala Syriac Thaana Bopomofo Yi"
).split()
_OPENING = {"(": ")", "（": "）", "[": "]", "【": "】", "«": "»"}
# Pinyin tone marks (ü and the tone-marked vowels): untranslated pinyin carries them, English words do not.
_PINYIN_TONE_LETTERS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü")
_LATIN_WORD = regex.compile(r"[\p{sc=Latin}\p{M}]+")
_HAN = regex.compile(r"\p{sc=Han}")


@dataclass(frozen=True)
class Fragment:
    start: int
    end: int
    text: str
    letters: int  # letters of foreign scripts in it
    scripts: tuple[str, ...]  # in order of first use
    runs: tuple[str, ...]  # the foreign-script stretches, without the spaces or punctuation joining them


class UntranslatedText(Check):
    """The MT leaves text untranslated: another script than the target language's, or source pinyin.

    Letters of a script the target language is not written in (for English,
    anything but Latin: Chinese characters, Cyrillic, Hangul, kana, Arabic)
    are left-over source text or garbage. One finding per fragment (stretches
    of one script joined by spaces, digits or punctuation are one fragment);
    `expected` is its transliteration (pinyin for Chinese). Symbols, currency
    signs and punctuation never count, nor does a lone Greek letter (a 5 μm
    filter), nor the original in brackets after its own transliteration
    ("Li Wei (李伟)"). Confidence is high when the fragment has several letters
    and occurs in the source, lower without a source, for other text, or for
    a single letter. Tone-marked pinyin ("wǔtǒng") spelling a stretch of a
    Chinese source is flagged too; plain pinyin is not, as English writes
    Chinese names that way. Major (the meaning is lost to the reader); minor
    for a single letter or a bracketed gloss. The setting "allow-scripts"
    accepts more Unicode scripts ("Greek") besides the target language's.

    **Anti-pattern**

        Source: 他在采访中提到了望海楼的历史。
        MT:     In the interview he mentioned the history of 望海楼.

    **Best practice**

        MT:     In the interview he mentioned the history of the Wanghai Tower.
    """

    code = "MT501"
    name = "untranslated-text"
    severity = Severity.MAJOR
    defaults = {"allow-scripts": []}

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        language = primary_language(context.language)
        allowed = allowed_scripts(language, tuple(str(name) for name in self.settings["allow-scripts"]))
        latin_target = language not in _TARGET_SCRIPTS
        for segment in document.segments:
            if not segment.mt:
                continue
            sources = tuple(text for text in (segment.src, document.src_text) if text)
            for fragment in foreign_fragments(segment.mt, allowed):
                if latin_target and fragment.letters == 1 and fragment.scripts == ("Greek",):
                    continue  # a Greek letter is a symbol in English text (β, μm, Ω)
                finding = self._script_finding(document, segment, fragment, sources, language)
                if finding is not None:
                    yield finding
            if latin_target and sources and _HAN.search(sources[0]):
                yield from self._pinyin_findings(document, segment, sources[0])

    def _script_finding(
        self, document: AlignedDocument, segment: Segment, fragment: Fragment, sources: tuple[str, ...], language: str
    ) -> Finding | None:
        expected = transliterate(fragment.text)
        scripts = " and ".join(fragment.scripts)
        gloss = _bracketed_gloss(segment.mt, fragment)
        if gloss is not None and _spells(gloss, fragment.text):
            return None  # "Li Wei (李伟)": the original beside its transliteration
        in_source = any(all(run in source for run in fragment.runs) for source in sources)
        if gloss is not None:
            confidence, severity = Confidence.LOW, Severity.MINOR
            why = (
                f"in brackets after '{gloss.split()[-1]}', which it does not spell ('{expected}'): "
                "a gloss, perhaps deliberate, but not English"
            )
        elif fragment.letters >= 2 and in_source:
            confidence, severity = Confidence.HIGH, None
            why = "it occurs in the source, so it was left untranslated"
        elif fragment.letters >= 2:
            confidence, severity = Confidence.MEDIUM, None
            if not sources:
                why = "no source to confirm it is source text"
            elif any(_script_in(source, script) for source in sources for script in fragment.scripts):
                why = "the source is in that script but does not contain this text"
            else:
                why = "the source is in another script: garbled output rather than left-over source text"
        else:
            confidence = Confidence.MEDIUM if in_source else Confidence.LOW
            severity = Severity.MINOR
            why = "a single letter" + (", found in the source" if in_source else ", not found in the source")
        return self.finding(
            document,
            segment,
            fragment.start,
            fragment.end,
            found=fragment.text,
            expected=expected,
            message=f"{scripts} script text '{fragment.text}' in {_LANGUAGE_NAMES.get(language, language)} MT: {why}",
            severity=severity,
            confidence=confidence,
        )

    def _pinyin_findings(self, document: AlignedDocument, segment: Segment, source: str) -> Iterator[Finding]:
        for start, end, source_stretch in toned_pinyin_stretches(segment.mt, source):
            found = segment.mt[start:end]
            yield self.finding(
                document,
                segment,
                start,
                end,
                found=found,
                expected="",
                message=f"Latin text '{found}' is tone-marked pinyin of the source '{source_stretch}': "
                "transliterated, not translated",
                confidence=Confidence.HIGH,
            )


def primary_language(tag: str) -> str:
    """The primary subtag of a BCP 47 language tag: "zh-Hant" → "zh"."""
    return (tag or "en").replace("_", "-").split("-")[0].lower()


@lru_cache(maxsize=64)
def allowed_scripts(language: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Scripts accepted in MT of this target language (a primary subtag such as "en" or "ru")."""
    scripts = (*_ALWAYS_ALLOWED, *_TARGET_SCRIPTS.get(language, ()), *extra)
    for script in extra:
        try:
            regex.compile(rf"\p{{sc={script}}}")
        except regex.error as error:
            raise ConfigError(f"MT501 allow-scripts: '{script}' is not a Unicode script name") from error
    return tuple(dict.fromkeys(scripts))


@lru_cache(maxsize=64)
def _run_pattern(allowed: tuple[str, ...]) -> regex.Pattern:
    own = "".join(rf"\p{{sc={script}}}" for script in allowed)
    foreign = rf"[\p{{L}}--[{own}]]"
    # Marks and Common modifier letters (the kana length mark ー) continue a stretch.
    return regex.compile(rf"{foreign}(?:{foreign}|\p{{M}}|[\p{{Lm}}&&\p{{sc=Common}}])*", regex.V1)


# A few non-letters (spaces, digits, punctuation: "北京，上海") join two stretches of one script.
_GAP = regex.compile(r"(?:[^\p{L}]|[\p{L}&&[\p{sc=Common}\p{sc=Inherited}]]){1,4}", regex.V1)


def foreign_fragments(text: str, allowed: tuple[str, ...]) -> list[Fragment]:
    """Contiguous stretches of letters in scripts outside `allowed`, in text order."""
    groups: list[list[regex.Match]] = []
    for run in _run_pattern(allowed).finditer(text):
        if groups:
            previous = groups[-1][-1]
            if _GAP.fullmatch(text, previous.end(), run.start()) and set(_scripts(previous.group())) & set(
                _scripts(run.group())
            ):
                groups[-1].append(run)
                continue
        groups.append([run])
    fragments = []
    for group in groups:
        runs = tuple(run.group() for run in group)
        letters = sum(1 for run in runs for char in run if _is_foreign_letter(char))
        scripts = tuple(dict.fromkeys(script for run in runs for script in _scripts(run)))
        start, end = group[0].start(), group[-1].end()
        fragments.append(Fragment(start, end, text[start:end], letters, scripts, runs))
    return fragments


def _is_foreign_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L") and script_of(char) not in ("Common", "Inherited")


def _scripts(run: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(script_of(char) for char in run if _is_foreign_letter(char)))


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """The Unicode script of a letter, by name ("Han", "Cyrillic")."""
    for script in (*_NAMED_SCRIPTS, "Common", "Inherited"):
        if _script_pattern(script).match(char):
            return script
    return unicodedata.name(char, "UNKNOWN").split()[0].title()


@lru_cache(maxsize=64)
def _script_pattern(script: str) -> regex.Pattern:
    return regex.compile(rf"\p{{sc={script}}}")


def _script_in(text: str, script: str) -> bool:
    return script in _NAMED_SCRIPTS and _script_pattern(script).search(text) is not None


def transliterate(text: str) -> str:
    """Latin spelling of a fragment: pinyin for Chinese characters, anyascii for everything else."""
    if _HAN.search(text):
        from pypinyin import lazy_pinyin  # imported only when there are Chinese characters to read

        text = " ".join(lazy_pinyin(text))
    spelled = regex.sub(r"\s+([,.;:!?)\]])", r"\1", " ".join(anyascii(text).split()))
    # anyascii capitalises syllables of caseless scripts ("SeoUl"); their Latin spelling has no case to keep.
    caseless = not any(char.lower() != char.upper() for char in text)
    return spelled.lower() if caseless else spelled


def _bracketed_gloss(mt: str, fragment: Fragment) -> str | None:
    """The Latin words before "(fragment)", when the fragment is all a bracket holds right after them."""
    before = mt[: fragment.start].rstrip()
    after = mt[fragment.end :].lstrip()
    if not before or before[-1] not in _OPENING or not after.startswith(_OPENING[before[-1]]):
        return None
    words = _LATIN_WORD.findall(before[:-1][-60:])
    if not words or not before[:-1].rstrip()[-1:].isalpha():
        return None
    return " ".join(words[-6:])


def _letters(text: str) -> str:
    return "".join(char for char in anyascii(text).lower() if char.isalpha())


def _spells(gloss: str, fragment: str) -> bool:
    """Do the last words of `gloss` spell the fragment (any reading of each Chinese character)?"""
    words = gloss.split()
    if _HAN.search(fragment):
        # Every character read, in order ("Li Wei" spells 李伟, "Wei" alone does not).
        readings = [reading for reading in _readings(fragment, tone=False) if reading is not None]
        return any(
            _splits(_letters(" ".join(words[-count:])), readings, 0) == len(readings)
            for count in range(1, len(words) + 1)
        )
    spelled = _letters(fragment)
    return any(
        Levenshtein.normalized_similarity(_letters(" ".join(words[-count:])), spelled) >= 0.8
        for count in range(1, len(words) + 1)
    )


def _readings(text: str, tone: bool) -> list[frozenset[str] | None]:
    """Every pinyin reading of each character (None for a character that is not Chinese)."""
    from pypinyin import Style, pinyin

    style = Style.TONE if tone else Style.NORMAL
    readings: list[frozenset[str] | None] = []
    for char in text:
        if _HAN.match(char):
            options = pinyin(char, style=style, heteronym=True)[0]
            readings.append(frozenset(unicodedata.normalize("NFC", option.lower()) for option in options))
        else:
            readings.append(None)
    return readings


def _splits(word: str, readings: list[frozenset[str] | None], start: int) -> int | None:
    """Where the readings end if `word` is exactly readings[start], readings[start+1], ... in a row."""
    if not word:
        return start
    if start >= len(readings) or readings[start] is None:
        return None
    for reading in readings[start]:
        if reading and word.startswith(reading):
            end = _splits(word[len(reading) :], readings, start + 1)
            if end is not None:
                return end
    return None


def toned_pinyin_stretches(mt: str, source: str) -> list[tuple[int, int, str]]:
    """(start, end, source text) of MT words in tone-marked pinyin that spell two or more source characters."""
    words = [
        match
        for match in _LATIN_WORD.finditer(mt)
        if _PINYIN_TONE_LETTERS & set(unicodedata.normalize("NFC", match.group().lower()))
    ]
    if not words:
        return []
    readings = _readings(source, tone=True)
    stretches = []
    index = 0
    while index < len(words):
        best = None
        for source_start in range(len(readings)):
            if readings[source_start] is None:
                continue
            position, last = source_start, index
            while last < len(words):
                if last > index and mt[words[last - 1].end() : words[last].start()] not in (" ", "-"):
                    break
                end = _splits(unicodedata.normalize("NFC", words[last].group().lower()), readings, position)
                if end is None:
                    break
                position, last = end, last + 1
            if last > index and position - source_start >= 2 and (best is None or last > best[0]):
                best = (last, source_start, position)
        if best is None:
            index += 1
            continue
        last, source_start, source_end = best
        stretches.append((words[index].start(), words[last - 1].end(), source[source_start:source_end]))
        index = last
    return stretches
