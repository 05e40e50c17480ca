"""MT302 date-format."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import AlignedDocument, Confidence, Finding, Severity
from ..text.numbers import DateMention, extract_dates
from ._support import document_view, segments_with_reference
from .base import NEEDS_REFERENCE, Check, CheckContext


class DateFormat(Check):
    """A date is written in another form than the reference writes it.

    The same day in the MT and in the nearby reference, written differently:
    day and month in the other order ("11 February" for "February 11"), an
    ISO date ("2023-02-11") in running text, a bare day ("on the 10th") where
    the reference names the month, or an abbreviated month ("Feb. 11"). The
    date is right, the house style is not, so the finding is minor. A
    different date is number-mismatch's. Confidence is medium when order or
    completeness differ, low when only an abbreviation does.

    Not reported, because on real news raters almost never mark them: an
    ordinal suffix alone ("February 11th" for "February 11"), a year only one
    side writes, and a bare day where the source names no month either
    ("on the 26th" for "26日"): the MT follows its source.

    **Anti-pattern**

        Reference: The port reopened on March 4.
        MT:        The port reopened on 4 Mar.

    **Best practice**

        MT:        The port reopened on March 4.
    """

    code = "MT302"
    name = "date-format"
    severity = Severity.MINOR
    needs = frozenset({NEEDS_REFERENCE})
    defaults = {"window": 1}

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        view = document_view(document, context)
        radius = int(self.settings["window"])
        for segment in segments_with_reference(view):
            mt_segment = document.segments[segment.position]
            reference_dates = [
                date
                for other in view.window(segment.position, radius)
                for date in extract_dates(document.segments[other.position].ref or "")
            ]
            for found in extract_dates(mt_segment.mt):
                same_day = [date for date in reference_dates if found.same_date(date)]
                if not same_day or any(_form(date) == _form(found) for date in same_day):
                    continue
                if found.form == "day only" and _bare_day_in_source(mt_segment.src or "", found.day):
                    continue
                expected = max(same_day, key=lambda date: _likeness(found, date))
                structural = found.form != expected.form
                yield self.finding(
                    document, mt_segment, found.start, found.end, found.text, expected.text,
                    f"'{found.text}' is written as {found.describe()}; the reference writes this date "
                    f"'{expected.text}' ({expected.describe()})",
                    confidence=Confidence.MEDIUM if structural else Confidence.LOW,
                )  # fmt: skip


def _form(date: DateMention) -> tuple[str, bool]:
    # Not the ordinal suffix, nor whether a year is written: WMT23 raters marked about half of
    # those findings and WMT21 raters almost none, so neither is a house style worth reporting.
    return (date.form, date.abbreviated)


def _bare_day_in_source(source: str, day: int) -> bool:
    """The source writes the day without a month: "26日" with no "7月" before it, "on the 26th"."""
    chinese = re.search(rf"(?<![月\d]){day}\s*[日号]", source) or re.search(rf"(?<!月)(?<!\d)0{day}\s*[日号]", source)
    english = re.search(rf"\bthe\s+{day}(?:st|nd|rd|th)\b", source)
    return bool(chinese or english)


def _likeness(found: DateMention, other: DateMention) -> tuple[bool, bool, bool]:
    """The reference date most like the MT's: same form first, then the month named."""
    return (found.form == other.form, other.month is not None, found.year == other.year)
