"""MT301 number-mismatch."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model import AlignedDocument, Confidence, Finding, Severity
from ..text.numbers import Number, SourceEvidence, SourceNumber, is_rounding, said_without_number, scale_slip, short_year
from ._support import document_view, segments_with_reference
from .base import NEEDS_REFERENCE, Check, CheckContext

class NumberMismatch(Check):
    """A number of the reference is missing or changed in the MT, or the MT adds one.

    Numbers worth checking are digits (with scale words, percentages and
    units), and number words that count something ("five ships", not "two of
    them"). They are compared by value: "100,000", "100 000" and "100000"
    agree, so do "five" and "5", "3.5 million" and "3,500,000", "12%" and "12
    percent", "6km" and "six kilometres", "the 10th" and "10", "March 5" and
    "5 March". A number found in a neighbouring segment is not a mismatch
    (alignment is imperfect), nor is one the other side says without a number
    ("both" for two, "a decade" for ten years). A changed number is one
    finding (found MT number, expected reference number).

    References are wrong too, most often in scale conversions (12.4亿 is 1.24
    billion, not 12.4 billion). With a source, the source arbitrates: a
    disagreement where the source has the MT's value (after 万/亿 scales,
    CJK numerals and full-width digits) is no finding; one where it has the
    reference's is high confidence. Without a source, a changed number is high
    confidence and a missing or added one medium (references add and drop
    dates and years freely), unless the two differ by a power of ten (a scale
    slip either side may have made: medium). A rounding ("3.4" for "3.45") or
    a short year ("'92" for "1992") is low.

    **Anti-pattern**

        Source:    约四万人逃离洪水。
        Reference: Some 40,000 people fled the floods.
        MT:        Some 4,000 people fled the floods.

    **Best practice**

        MT:        Some forty thousand people fled the floods.
    """

    code = "MT301"
    name = "number-mismatch"
    severity = Severity.MAJOR
    needs = frozenset({NEEDS_REFERENCE})
    defaults = {"window": 1}

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        view = document_view(document, context)
        radius = int(self.settings["window"])
        document_source = SourceEvidence.of(document.src_text, whole_document=True)
        for segment in segments_with_reference(view):
            window = view.window(segment.position, radius)
            mt_window = {number.key for other in window for number in other.mt.numbers}
            ref_window = {number.key for other in window if other.ref for number in other.ref.numbers}
            mt_segment = document.segments[segment.position]
            missing = _unmatched(segment.ref.numbers, segment.mt.numbers)
            extra = _unmatched(segment.mt.numbers, segment.ref.numbers)
            mt_texts = [document.segments[other.position].mt for other in window]
            ref_texts = [document.segments[other.position].ref or "" for other in window]
            # Any mention of a value matches it, but only a number that counts something is reported.
            missing = [n for n in missing if n.counts and n.key not in mt_window and not _said_otherwise(n, mt_texts)]
            extra = [n for n in extra if n.counts and n.key not in ref_window and not _said_otherwise(n, ref_texts)]
            window_source = " ".join(document.segments[other.position].src or "" for other in window)
            source = SourceEvidence.of(window_source) if window_source.strip() else document_source
            for found, expected in zip(extra, missing):
                verdict = _judge_change(found, expected, source)
                if verdict:
                    yield self.finding(
                        document, mt_segment, found.start, found.end, found.text, expected.text,
                        f"'{found.text}' where the reference has '{expected.text}'{verdict.reason}",
                        confidence=verdict.confidence,
                    )  # fmt: skip
            for found in extra[len(missing) :]:
                verdict = _judge_added(found, source)
                if verdict:
                    yield self.finding(
                        document, mt_segment, found.start, found.end, found.text, "",
                        f"the MT has '{found.text}'; the reference has no such number here{verdict.reason}",
                        confidence=verdict.confidence,
                    )  # fmt: skip
            for expected in missing[len(extra) :]:
                verdict = _judge_dropped(expected, source)
                if verdict:
                    yield self.finding(
                        document, mt_segment, 0, len(mt_segment.mt), "", expected.text,
                        f"the reference has '{expected.text}'; the MT has no such number here{verdict.reason}",
                        confidence=verdict.confidence,
                    )  # fmt: skip


@dataclass(frozen=True)
class _Verdict:
    confidence: Confidence
    reason: str = ""  # appended to the message: what the source says


def _as_said(source_number: SourceNumber, number: Number, side: str) -> str:
    written = source_number.text
    if written.replace(",", "") == number.text.replace(",", ""):
        return f" (the source has '{written}', as the {side} says)"
    return f" (the source has '{written}' = '{number.text}', as the {side} says)"


def _judge_change(found: Number, expected: Number, source: SourceEvidence | None) -> _Verdict | None:
    """A changed number: the MT's `found` where the reference has `expected`."""
    rounding = is_rounding(found.value, expected.value) or short_year(found.value, expected.value)
    if source is None:
        if rounding:
            return _Verdict(Confidence.LOW)
        if scale_slip(found.value, expected.value):
            # Either side may have slipped a scale (references convert 万 and 亿 wrongly): only a source can tell.
            return _Verdict(Confidence.MEDIUM, " (a factor of ten apart: a source would tell which side slipped)")
        return _Verdict(Confidence.HIGH)
    for_mt, for_ref = source.stating(found), source.stating(expected)
    if for_mt and not for_ref:
        # The reference is what is wrong (a scale conversion, most often); the whole-document
        # source only shows the value occurs somewhere, so that finding stays, at low confidence.
        return _Verdict(Confidence.LOW, _as_said(for_mt, found, "MT")) if source.whole_document else None
    if for_ref and not for_mt:
        return _Verdict(Confidence.LOW if rounding else Confidence.HIGH, _as_said(for_ref, expected, "reference"))
    if rounding:
        return _Verdict(Confidence.LOW)
    return _Verdict(Confidence.MEDIUM, " (the source states both)" if for_mt else "")


def _judge_added(found: Number, source: SourceEvidence | None) -> _Verdict | None:
    """A number of the MT that the reference lacks: references drop dates and asides, sources rarely do."""
    if source is None:
        return _Verdict(Confidence.MEDIUM)
    stated = source.stating(found)
    if stated:
        return _Verdict(Confidence.LOW, _as_said(stated, found, "MT")) if source.whole_document else None
    if source.can_deny(found):
        return _Verdict(Confidence.HIGH, " (nor has the source)")
    return _Verdict(Confidence.MEDIUM)


def _judge_dropped(expected: Number, source: SourceEvidence | None) -> _Verdict | None:
    """A number of the reference that the MT lacks: references add years and dates the source leaves implicit."""
    if source is None:
        return _Verdict(Confidence.MEDIUM)
    stated = source.stating(expected)
    if stated:
        return _Verdict(Confidence.HIGH, _as_said(stated, expected, "reference"))
    if source.can_deny(expected):
        return None  # the MT follows the source; the reference added the number
    return _Verdict(Confidence.LOW)


def _unmatched(numbers: tuple[Number, ...], others: tuple[Number, ...]) -> list[Number]:
    """`numbers` left over once each is matched with an equal one of `others` (a multiset difference)."""
    available = [number.key for number in others]
    left = []
    for number in numbers:
        if number.key in available:
            available.remove(number.key)
        else:
            left.append(number)
    return left


def _said_otherwise(number: Number, texts: list[str]) -> bool:
    return any(said_without_number(number, text) for text in texts)
