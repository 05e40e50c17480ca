"""MT301 number-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from ..candidates import Number, said_without_number
from ..model import AlignedDocument, Finding, Severity
from ._support import document_view, segments_with_reference
from .base import NEEDS_REFERENCE, Check, CheckContext


class NumberMismatch(Check):
    """A number of the reference is missing or changed in the MT, or the MT adds one.

    Numbers worth checking are digits (with scale words, percentages and
    units), and number words that count something ("five ships", not "two of
    them"); ordinals and designations ("3rd", "G7") are not. They are compared
    by value and must match exactly: "100,000", "100 000" and "100000" agree,
    so do "five" and "5", "3.5 million" and "3,500,000", "12%" and "12
    percent", "6km" and "six kilometres". A number found in a neighbouring
    segment is not a mismatch (alignment is imperfect), nor is one the other
    side says without a number ("both" for two, "thrice" for three times, "a
    decade" for ten years). A changed number is one finding (found MT number,
    expected reference number), not a missing one plus an extra one.

    **Anti-pattern**

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
            for found, expected in zip(extra, missing):
                yield self.finding(
                    document, mt_segment, found.start, found.end, found.text, expected.text,
                    f"'{found.text}' where the reference has '{expected.text}'",
                )  # fmt: skip
            for found in extra[len(missing) :]:
                yield self.finding(
                    document, mt_segment, found.start, found.end, found.text, "",
                    f"the MT has '{found.text}'; the reference has no such number here",
                )  # fmt: skip
            for expected in missing[len(extra) :]:
                yield self.finding(
                    document, mt_segment, 0, len(mt_segment.mt), "", expected.text,
                    f"the reference has '{expected.text}'; the MT has no such number here",
                )  # fmt: skip


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
