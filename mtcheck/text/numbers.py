"""Numbers in MT, reference and source text, folded to comparable values.

English text ("100,000", "3.5 billion", "five", "12%", "the 10th", "March 5")
gives `Number` records with character offsets, so a check can point at them.
Source text gives the values it states, including Chinese and Japanese
numerals with their scale characters (万 10^4, 亿 10^8, 千, 百) and
full-width digits, so a check can ask which side of a disagreement the
source takes: "89.6亿" is 8.96 billion, "一万六七千" is 16,000 to 17,000.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Number:
    """A number as written ("100,000", "3.5 billion", "five", "12%") and its comparable value."""

    start: int
    end: int
    text: str
    value: float
    unit: str = ""  # "%" for percentages
    counts: bool = True  # False for a number word that counts nothing here: "two of them", "the two met"

    @property
    def key(self) -> tuple[float, str]:
        return (round(self.value, 6), self.unit)


@dataclass(frozen=True)
class SourceNumber:
    """A value the source states, as written there ("89.6亿", "两", "2月")."""

    text: str
    value: float


_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mln": 1e6, "bn": 1e9, "tn": 1e12}
SMALL_NUMBERS = {
    "one": 1, "a": 1,
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}  # fmt: skip
_UNITS_WORDS = "two|three|four|five|six|seven|eight|nine"
_SCALE_WORDS = r"hundred|thousand|million|billion|trillion"
# "one" and "a" count only before a scale word: "no one", "one of them", "a man" are rarely quantities.
_NUMBER_WORD = re.compile(
    r"\b(?P<word>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:" + _UNITS_WORDS + r"))?"
    r"|(?<=\ba )dozen(?!s)|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten|"
    + _UNITS_WORDS + r"|(?:one|a)(?=\s+(?:" + _SCALE_WORDS + r")\b))"
    r"(?:\s+(?P<hundred>hundred))?"
    r"(?P<half>\s+and\s+a\s+half)?"
    r"(?:\s+(?P<scale>thousand|million|billion|trillion))?\b",
    re.IGNORECASE,
)
# "half a million"
_HALF_SCALE = re.compile(r"\bhalf\s+a\s+(?P<scale>million|billion|trillion)\b", re.IGNORECASE)
# A number word followed by one of these does not count a noun: "two of them", "two or three", "the two met".
_NOT_QUANTIFIED = frozenset(
    """of and or nor to than from who whom which that were are was is have has had will would could should can
    may might did do does said says met agreed remain remained apiece each""".split()
)
# Units written against the number: "6km", "3D"; after a currency sign "m" and "k" are scales ("$5m");
# "19x" is nineteen times.
_GLUED_UNITS = frozenset("km m cm mm kg g mg t l ml ha kW MW GW kWh MWh GWh mph kph h D k x".split())
_ORDINAL_SUFFIXES = frozenset("st nd rd th".split())
_DIGITS = re.compile(
    r"(?<![\w.,])(?<!(?-i:[A-Z])-)"
    r"(?P<number>\d{1,3}(?:(?P<sep>[,\u00a0\u202f\u2009 ])\d{3})(?:(?P=sep)\d{3})*(?:\.\d+)?|\d+(?:[.,]\d+)?)"
    r"(?:\s?(?P<percent>%|percent\b|per\s+cent\b))?"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|mln|bn|tn)\b)?"
    r"(?P<glued>(?<=\d)[a-z]{1,3}\b)?"
    r"(?![\w%])",
    re.IGNORECASE,
)
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80,
    "ninetieth": 90, "hundredth": 100,
}  # fmt: skip
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ORDINAL_WORD = re.compile(
    rf"\b(?:(?P<tens>{_TENS})[- ])?(?P<ordinal>{'|'.join(_ORDINAL_WORDS)})\b", re.IGNORECASE
)
_MONTHS = (
    "january february march april may june july august september october november december".split()
)
_MONTH = r"(?P<month>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?)"
# A month is a number only beside a day: "March 5", "5 March", "the 5th of March" (as "3月5日" in a source).
_DATE_MONTHS = (
    re.compile(rf"{_MONTH}\s+(?=\d{{1,2}}(?:st|nd|rd|th)?\b)"),
    re.compile(rf"(?<=\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?![a-z])"),
)


def _month_number(word: str) -> int | None:
    stem = word.rstrip(".").lower()
    for number, month in enumerate(_MONTHS, start=1):
        if month.startswith(stem) and len(stem) >= 3 and (stem == month or len(stem) <= 4):
            return number
    return None


# Wordings of a quantity without a number: "both sides" for "the two sides", "thrice" for "three times".
_NUMBERLESS = {
    (1.0, ""): r"one|single|once|alone",
    (2.0, ""): r"both|twice|double[ds]?|pair|couple",
    (3.0, ""): r"thrice|triple[ds]?",
    (10.0, ""): r"decades?",
    (12.0, ""): r"dozens?",
    (100.0, ""): r"century|centuries",
    (0.5, ""): r"half",
    (50.0, "%"): r"half",
    (25.0, "%"): r"quarter",
}


def _digits_value(number: str, separator: str | None) -> float:
    if separator:
        return float(number.replace(separator, ""))
    if "," in number:
        # A lone comma is a decimal comma ("1,5"); thousands were matched above with their groups.
        return float(number.replace(",", "."))
    return float(number)


def extract_numbers(text: str) -> list[Number]:
    """Numbers in digits (with scale words, percentages, units) or number words, values folded.

    Decades ("1990s") and designations ("G7", "COVID-19", "5G") are not quantities. Ordinals
    are their value ("the 10th" is 10), a month beside a day is its number ("March 5" is 3 and 5),
    so dates and ordinals match however they are written. A number word that counts nothing
    ("two of them", "the first time") is marked `counts=False`: it matches, it is never reported.
    """
    found = []
    for match in _DIGITS.finditer(text):
        value = _digits_value(match.group("number"), match.group("sep"))
        glued = match.group("glued") or ""
        ordinal = glued.lower() in _ORDINAL_SUFFIXES and not (match.group("percent") or match.group("scale"))
        if glued and not ordinal and (glued not in _GLUED_UNITS or match.group("percent") or match.group("scale")):
            continue
        if match.group("scale"):
            value *= _SCALES[match.group("scale").lower()]
        elif glued in {"m", "k"} and text[max(0, match.start() - 1) : match.start()] in "$€£¥" and match.start():
            value *= 1e6 if glued == "m" else 1e3
        unit = "%" if match.group("percent") else ""
        # The minutes of a clock time ("10:00") count nothing of their own.
        counts = text[max(0, match.start() - 1) : match.start()] != ":"
        found.append(Number(match.start(), match.end(), match.group(), value, unit, counts))
    halves = [(match.start(), match.end()) for match in _HALF_SCALE.finditer(text)]
    for start, end in halves:
        scale = text[start:end].split()[-1].lower()
        found.append(Number(start, end, text[start:end], 0.5 * _SCALES[scale]))
    for match in _NUMBER_WORD.finditer(text):
        if any(start <= match.start() < end for start, end in halves):
            continue
        words = re.split(r"[- ]", match.group("word").lower())
        value = float(sum(SMALL_NUMBERS[word] for word in words))
        if match.group("hundred"):
            value *= 100
        if match.group("half"):
            value += 0.5
        if match.group("scale"):
            value *= _SCALES[match.group("scale").lower()]
        rest = text[match.end() :]
        unit = "%" if re.match(r"\s?(?:%|percent\b|per\s+cent\b)", rest, re.IGNORECASE) else ""
        counts = bool(unit or match.group("scale") or match.group("hundred")) or _counts_something(rest)
        found.append(Number(match.start(), match.end(), match.group(), value, unit, counts))
    found = [number for number in found if not _inside_ordinal_word(number, text)]
    for match in _ORDINAL_WORD.finditer(text):
        value = _ORDINAL_WORDS[match.group("ordinal").lower()] + (
            SMALL_NUMBERS[match.group("tens").lower()] if match.group("tens") else 0
        )
        # "first" and "second" are as often order or time as a count: they match, they are not reported.
        found.append(Number(match.start(), match.end(), match.group(), float(value), counts=False))
    for match in (match for pattern in _DATE_MONTHS for match in pattern.finditer(text)):
        month = _month_number(match.group("month"))
        if month is not None:
            start, end = match.span("month")
            found.append(Number(start, end, match.group("month"), float(month)))
    return _share_units(sorted(found, key=lambda number: number.start), text)


def _inside_ordinal_word(number: Number, text: str) -> bool:
    """"twenty" of "twenty-first" is part of an ordinal, not a count of its own."""
    return re.match(r"[- ](?:" + "|".join(_ORDINAL_WORDS) + r")\b", text[number.end :], re.IGNORECASE) is not None


_COORDINATION = re.compile(r"\s*(?:or|and|to|-|–|—)\s*$", re.IGNORECASE)
_SCALE_WORD = re.compile(r"\b(" + "|".join(_SCALES) + r")\b", re.IGNORECASE)


def _share_units(numbers: list[Number], text: str) -> list[Number]:
    """"60 or 65 percent", "3 to 5 million": the first number carries the second's unit and scale.

    Without this, "60 or 65 percent" (60) and "60% or 65%" (60%) disagree on a number both state.
    """
    shared = list(numbers)
    for index in range(len(shared) - 2, -1, -1):
        first, second = shared[index], shared[index + 1]
        if not _COORDINATION.match(text[first.end : second.start]):
            continue
        updated = first
        if second.unit and not first.unit:
            updated = replace(updated, unit=second.unit)
        scale = _SCALE_WORD.search(second.text)
        # Only a bare small number borrows the scale: "500,000 to a million" already says its own.
        if scale and not _SCALE_WORD.search(first.text) and first.value < 1000:
            updated = replace(updated, value=first.value * _SCALES[scale.group(1).lower()])
        shared[index] = updated
    return shared


def _counts_something(rest: str) -> bool:
    """Whether a number word is followed by what it counts: "five ships", "five-year", not "five of them"."""
    following = re.match(r"[\s\-‐–]+([^\W\d_]+)", rest)
    return following is not None and following.group(1).lower() not in _NOT_QUANTIFIED


def said_without_number(number: Number, text: str) -> bool:
    """Whether `text` expresses `number` in words that are no number: "both" for 2, "a decade" for 10 (years)."""
    pattern = _NUMBERLESS.get(number.key)
    return pattern is not None and re.search(rf"\b(?:{pattern})\b", text, re.IGNORECASE) is not None


def is_rounding(first: float, second: float) -> bool:
    """Whether one value is the other rounded or cut to fewer (but at least two) significant digits.

    "3.4" for "3.45", "1.2 million" for "1,234,000"; not "2000" for "2019" (one digit says too little),
    nor "2020" for "2019": a whole number below 10,000 (a year, a count) is stated, not rounded.
    """
    if first == second or first == 0 or second == 0:
        return False
    if all(value == int(value) and abs(value) < 10_000 for value in (first, second)):
        return False
    coarse, fine = sorted((Decimal(repr(first)), Decimal(repr(second))), key=_significant_digits)
    digits = _significant_digits(coarse)
    if digits < 2 or digits >= _significant_digits(fine):
        return False
    exponent = fine.adjusted() - digits + 1
    quantum = Decimal(1).scaleb(exponent)
    return any(fine.quantize(quantum, rounding=mode) == coarse for mode in (ROUND_HALF_UP, ROUND_DOWN))


def _significant_digits(value: Decimal) -> int:
    digits = value.normalize().as_tuple().digits
    return len(digits)


# ---------------------------------------------------------------- source numbers

_CJK_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CJK_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CJK_LARGE_UNITS = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}
_CJK_TEXT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_CJK_NUMERALS = "".join([*_CJK_DIGITS, *_CJK_SMALL_UNITS, *_CJK_LARGE_UNITS])
_SOURCE_NUMBER = re.compile(
    rf"(?P<percent>百分之)?"
    rf"(?P<run>(?:\d{{1,3}}(?:[,.\u00a0\u202f\u2009]\d{{3}})+|\d+)(?:[.,]\d+)?[{_CJK_NUMERALS}]*|[{_CJK_NUMERALS}]+)"
    rf"(?P<tenths>成)?"
)
_APPROXIMATE_MORE = re.compile(rf"(?<=[\d{_CJK_NUMERALS}])[多余几](?=[万亿千百])")
# "六七千": two neighbouring digits before a unit are an approximate range, 6,000 to 7,000.
_APPROXIMATE_RANGE = re.compile(rf"([一二三四五六七八])([二三四五六七八九])(?=[{''.join([*_CJK_SMALL_UNITS, *_CJK_LARGE_UNITS])}])")


def extract_source_numbers(text: str) -> list[SourceNumber]:
    """Every value the source states in digits or CJK numerals, scale characters applied.

    Latin-script sources give their digits ("3,5 млн" is read as its digits only): their number
    words are not parsed, so a small number absent from such a source proves little.
    """
    normal = unicodedata.normalize("NFKC", text or "")
    # "500多万", "3000余万", "十几万": "more than" between a number and its scale; the scale still applies.
    normal = _APPROXIMATE_MORE.sub("", normal)
    # Outside CJK text "1.450" may be 1,450 (German, Russian), and "3,5" is 3.5.
    continental = not _CJK_TEXT.search(normal)
    found = []
    for match in _SOURCE_NUMBER.finditer(normal):
        run = match.group("run")
        for value in source_run_values(run, continental):
            if match.group("tenths"):
                found.append(SourceNumber(match.group(), value * 10))  # "三成" is 30%
            found.append(SourceNumber(match.group(), value))
    return found


def source_run_values(run: str, continental: bool = False) -> list[float]:
    """The value(s) of one run of digits and CJK numerals: "89.6亿" → [8.96e9], "一万六七千" → [16000, 17000]."""
    leading = re.match(r"(?:\d{1,3}(?:[,.\u00a0\u202f\u2009]\d{3})+|\d+)(?:[.,]\d+)?", run)
    if leading:
        values = _digit_readings(leading.group(), continental)
        rest = run[leading.end() :]
        if all(character in _CJK_SMALL_UNITS or character in _CJK_LARGE_UNITS for character in rest):
            scale = 1.0
            for character in rest:
                scale *= _CJK_SMALL_UNITS.get(character) or _CJK_LARGE_UNITS[character]
            return [value * scale for value in values]
        return [*values, *source_run_values(rest)]
    approximate = _APPROXIMATE_RANGE.search(run)
    if approximate and int(_CJK_DIGITS[approximate.group(2)]) == _CJK_DIGITS[approximate.group(1)] + 1:
        low = run[: approximate.start()] + approximate.group(1) + run[approximate.end() :]
        high = run[: approximate.start()] + approximate.group(2) + run[approximate.end() :]
        return [*source_run_values(low), *source_run_values(high)]
    if all(character in _CJK_DIGITS for character in run):
        # Digit by digit: "二〇二三" is 2023, "九二" (a year's short form) is 92.
        return [float("".join(str(_CJK_DIGITS[character]) for character in run))]
    return [_cjk_positional_value(run)]


def _digit_readings(digits: str, continental: bool) -> list[float]:
    """"12,400.5" → [12400.5]; with `continental`, "1.450" → [1.45, 1450] and "3,5" → [3.5] as well."""
    plain = re.sub(r"[\u00a0\u202f\u2009 ]", "", digits)
    readings = []
    if plain.count(".") <= 1:
        readings.append(float(plain.replace(",", "")))
    if continental and plain.count(",") <= 1 and ("," in plain or re.search(r"\.\d{3}(?!\d)", plain)):
        readings.append(float(plain.replace(".", "").replace(",", ".")))
    return readings or [float(re.sub(r"[.,]", "", plain))]


def _cjk_positional_value(run: str) -> float:
    """"十二万三千" → 123000, "一亿二千万" → 120000000, "十六" → 16, "一百零五" → 105."""
    total, section, digit = 0.0, 0.0, 0
    for character in run:
        if character in _CJK_DIGITS:
            digit = _CJK_DIGITS[character]
        elif character in _CJK_SMALL_UNITS:
            section += (digit or 1) * _CJK_SMALL_UNITS[character]
            digit = 0
        else:
            scale = _CJK_LARGE_UNITS[character]
            if scale == 1e8:
                total = (total + section + digit) * scale
                section = 0.0
            else:
                section = ((section + digit) or 1) * scale
            digit = 0
    return total + section + digit


@dataclass(frozen=True)
class DateMention:
    """A calendar date as written, its value and its form ("February 11", "11 Feb", "2023-02-11", "the 11th")."""

    start: int
    end: int
    text: str
    day: int
    month: int | None  # None for a bare day: "on the 10th"
    year: int | None
    form: str  # "month day", "day month", "iso", "day only"
    abbreviated: bool = False  # "Feb." for "February"
    ordinal: bool = False  # "11th" for "11"

    def same_date(self, other: DateMention) -> bool:
        """The same day, where both say the month (and the year, where both give one)."""
        if self.day != other.day:
            return False
        if self.month is not None and other.month is not None and self.month != other.month:
            return False
        return self.year is None or other.year is None or self.year == other.year

    def describe(self) -> str:
        extras = [word for word, present in (("abbreviated month", self.abbreviated), ("ordinal day", self.ordinal)) if present]
        return self.form + (f" ({', '.join(extras)})" if extras else "")


_DAY = r"(?P<day>\d{1,2})(?P<suffix>st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_DATE_FORMS = (
    ("iso", re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d-])")),
    ("month day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b{_YEAR}")),
    ("day month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?![a-z]){_YEAR}")),
    # A bare day, as Chinese "10日" is often rendered: "on the 10th", "the 9th".
    ("day only", re.compile(r"\bon\s+the\s+(?P<day>\d{1,2})(?P<suffix>st|nd|rd|th)\b(?=\s*(?:[,.;:)]|$)|\s+(?:that|and|when|at|in|to|this|last|next)\b)")),
)


def extract_dates(text: str) -> list[DateMention]:
    """Calendar dates in English text, with their form, so two renderings of one date can be compared."""
    found: list[DateMention] = []
    for form, pattern in _DATE_FORMS:
        for match in pattern.finditer(text):
            if any(other.start <= match.start() < other.end for other in found):
                continue
            groups = match.groupdict()
            month_text = groups.get("month")
            month = int(month_text) if month_text and month_text.isdigit() else (_month_number(month_text) if month_text else None)
            day = int(groups["day"])
            if not 1 <= day <= 31 or (month_text and month is None) or (month is not None and not 1 <= month <= 12):
                continue
            year = int(groups["year"]) if groups.get("year") else None
            abbreviated = bool(month_text) and not month_text.isdigit() and month_text.rstrip(".").lower() not in _MONTHS
            found.append(
                DateMention(
                    match.start(), match.end(), match.group(), day, month, year, form, abbreviated, bool(groups.get("suffix"))
                )
            )
    return sorted(found, key=lambda date: date.start)


@dataclass(frozen=True)
class SourceEvidence:
    """The values a source states, and how far its silence about a value can be trusted."""

    numbers: tuple[SourceNumber, ...]
    cjk: bool  # CJK numerals are parsed, so even a small number the source lacks is absent
    whole_document: bool = False  # no source segment aligned: a value anywhere in the source matches

    @classmethod
    def of(cls, text: str, whole_document: bool = False) -> SourceEvidence | None:
        if not text.strip():
            return None
        return cls(tuple(extract_source_numbers(text)), bool(_CJK_TEXT.search(text)), whole_document)

    def stating(self, number: Number) -> SourceNumber | None:
        return next((n for n in self.numbers if math.isclose(n.value, number.value, rel_tol=1e-9)), None)

    def can_deny(self, number: Number) -> bool:
        """Whether the source's silence means it lacks `number`: other scripts spell small numbers in words."""
        return self.cjk or number.value >= 13 or number.value != int(number.value)


def short_year(first: float, second: float) -> bool:
    """"'92" for "1992": a year written short is a format, not another number."""
    short, year = sorted((first, second))
    return short == int(short) and 0 <= short < 100 and 1900 <= year < 2100 and year % 100 == short


def scale_slip(first: float, second: float) -> bool:
    """Whether the two values differ by a power of ten: "8.96 billion" and "89.6 billion"."""
    if first <= 0 or second <= 0:
        return False
    exponent = math.log10(first / second)
    return round(exponent) != 0 and math.isclose(exponent, round(exponent), abs_tol=1e-9)
