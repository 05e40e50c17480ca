"""MT303 source-number: with no reference, a number of the MT that the source does not state."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import AlignedDocument, Confidence, Finding, Severity
from ..text.numbers import Number, SourceEvidence, is_rounding, scale_slip, short_year
from ._support import document_view
from .base import NEEDS_NO_REFERENCE, NEEDS_SOURCE, Check, CheckContext


class SourceNumber(Check):
    """With no reference, a number of the MT that the source does not state, or states ten times larger or smaller.

    The source is the witness: its digits, full-width digits, CJK numerals and
    scale characters (万, 亿) are read by mtcheck's number parser, so "1.24
    billion" agrees with "12.4亿", "40,000" with "四万" and "30%" with "三成".
    Each MT number that counts something is looked up among the values of the
    aligned source segment and its neighbours (alignment is imperfect). A
    value a CJK source states ten, a hundred or a thousand times larger or
    smaller is a scale slip: major, high confidence (other scripts write
    their scales in words, "212 миллионов", which are not read: the same
    digits agree). A value the source does
    not state at all is major, medium confidence where the source could have
    shown it (a CJK source, or a number of 13 and above or with decimals:
    Latin-script sources spell small numbers in words), and is not reported
    otherwise. A rounding ("3.4" for "3.45") or a short year ("'92") is no
    finding. Runs only on documents without a reference; with one,
    number-mismatch decides, with the source as arbiter.

    **Anti-pattern**

        Source: 该项目总投资12.4亿元。
        MT:     The project's total investment is 12.4 billion yuan.

    **Best practice**

        MT:     The project's total investment is 1.24 billion yuan.
    """

    code = "MT303"
    name = "source-number"
    severity = Severity.MAJOR
    needs = frozenset({NEEDS_SOURCE, NEEDS_NO_REFERENCE})
    defaults = {"window": 1}

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        view = document_view(document, context)
        radius = int(self.settings["window"])
        for segment in view.segments:
            mt_segment = document.segments[segment.position]
            if not mt_segment.src or not mt_segment.mt:
                continue
            window = " ".join(document.segments[other.position].src or "" for other in view.window(segment.position, radius))
            source = SourceEvidence.of(window)
            if source is None:
                continue
            for number in segment.mt.numbers:
                if not number.counts or source.stating(number) or _RANGE_SHARING_A_SCALE.match(mt_segment.mt, number.end):
                    continue
                judged = _judge(number, source)
                if judged is None:
                    continue
                confidence, expected, message = judged
                yield self.finding(document, mt_segment, number.start, number.end, number.text, expected, message, confidence=confidence)


# "13.8 to 14.3 billion": the first number's scale is written once, after the second.
_RANGE_SHARING_A_SCALE = re.compile(r"\s*(?:to|-|–|and|or)\s*\D{0,4}\d[\d.,]*\s*(?:thousand|million|billion|trillion)\b")


def _judge(number: Number, source: SourceEvidence) -> tuple[Confidence, str, str] | None:
    """(confidence, the source's value as written, message) for an MT number the source does not state."""
    values = [stated for stated in source.numbers if stated.value > 0]
    if any(is_rounding(number.value, stated.value) or short_year(number.value, stated.value) for stated in values):
        return None
    slipped = next((stated for stated in values if scale_slip(number.value, stated.value) and _same_digits(number.value, stated.value)), None)
    if slipped is not None and not source.cjk:
        return None  # "212 миллионов": scale words of other scripts are not read, so the digits agree
    if slipped is not None:
        return (
            Confidence.HIGH,
            slipped.text,
            f"'{number.text}' where the source has '{slipped.text}', a factor of {_factor(number.value, slipped.value)} apart: a scale slip",
        )
    if not source.can_deny(number):
        return None
    return Confidence.MEDIUM, "", f"the MT has '{number.text}'; the source states no such number here"


def _same_digits(first: float, second: float) -> bool:
    """"12.4 billion" and "1.24 billion" share their digits: a scale slipped, not another number."""
    return f"{first:.6e}".split("e")[0] == f"{second:.6e}".split("e")[0]


def _factor(first: float, second: float) -> str:
    return f"{max(first, second) / min(first, second):,.0f}"
