"""MT103 unexpected-name."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import AlignedDocument, Finding, Severity
from ..similarity import Verdict, compare_names
from ._support import document_view, mentioned, names_correspond, segments_with_reference
from .base import NEEDS_REFERENCE, Check, CheckContext


class UnexpectedName(Check):
    """The MT names a person the reference does not mention.

    An MT name has no counterpart in the aligned reference segments, nor
    anywhere in the reference or (when it is in Latin script) the source, and
    it is not a misspelling of a reference name (garbled-name covers that).
    Minor by default; major when it looks like an invented person: a full
    name with a title or a later surname-only mention, none of whose words
    the reference uses.

    **Anti-pattern**

        Reference: The minister said the port would reopen.
        MT:        Minister Tomas Elvery said the port would reopen.

    **Best practice**

        MT:        The minister said the port would reopen.
    """

    code = "MT103"
    name = "unexpected-name"
    severity = Severity.MAJOR
    needs = frozenset({NEEDS_REFERENCE})
    defaults = {"window": 2}

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        view = document_view(document, context)
        radius = int(self.settings["window"])
        for segment in segments_with_reference(view):
            nearby = view.ref_names(segment.position, radius)
            for found in segment.mt.names:
                person = view.is_person(found)
                if not (person or view.looks_like_full_name(found)):
                    continue
                if mentioned(found, view.ref_words) or mentioned(found, view.src_words):
                    continue
                if any(names_correspond(found, expected) for expected in nearby):
                    continue
                if any(
                    compare_names(expected.normalized, found.normalized).verdict in (Verdict.GARBLE, Verdict.VARIANT)
                    for expected in nearby
                ):
                    continue  # garbled-name reports it
                invented = person and len(found.key) >= 2 and not any(token in view.ref_words for token in found.key)
                yield self.finding(
                    document,
                    document.segments[segment.position],
                    found.start,
                    found.end,
                    found.normalized,
                    "",
                    f"'{found.normalized}' is not in the reference"
                    + (" and looks like an invented person" if invented else ""),
                    Severity.MAJOR if invented else Severity.MINOR,
                )
