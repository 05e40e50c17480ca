"""MT102 missing-name."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import AlignedDocument, Finding, Severity
from ..text.similarity import Verdict, compare_names
from ..text.candidates import Name
from ._support import DocumentView, document_view, mentioned, names_correspond, segments_with_reference
from .base import NEEDS_REFERENCE, Check, CheckContext


class MissingName(Check):
    """A person named in the reference is not named in the MT at all.

    The reference segment names a person (someone given a title, or named in
    full and later by surname alone) and neither the aligned MT segment nor
    its neighbours mention that person, not even misspelled. Surname-only
    mentions, possessives and names inside other phrases count as mentions.

    A mention in a neighbouring segment does not account for the aligned one
    when the aligned MT segment names someone else instead: it lacks the
    person and has a person's name that no reference segment around it has
    (nor misspells). That is a swapped person, whatever the neighbours say.

    **Anti-pattern**

        Reference: "We will not back down," said trade envoy Ilse Brandauer.
        MT:        "We will not back down," said the trade envoy.

    **Best practice**

        MT:        "We will not back down," said trade envoy Ilse Brandauer.
    """

    code = "MT102"
    name = "missing-name"
    severity = Severity.MAJOR
    needs = frozenset({NEEDS_REFERENCE})
    defaults = {"window": 2}

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        view = document_view(document, context)
        radius = int(self.settings["window"])
        for segment in segments_with_reference(view):
            reported: set[tuple[str, ...]] = set()
            for expected in segment.ref.names:
                if expected.key in reported or not view.is_person(expected):
                    continue
                stranger = _stranger_in_place(view, segment.position, expected, radius)
                if stranger is None and mentioned(expected, view.mt_words(segment.position, radius)):
                    continue
                nearby = view.mt_names(segment.position, radius) if stranger is None else []
                if any(names_correspond(expected, found) for found in nearby):
                    continue
                if any(
                    compare_names(expected.normalized, found.normalized).verdict in (Verdict.GARBLE, Verdict.VARIANT)
                    for found in nearby
                ):
                    continue  # garbled-name reports it
                reported.add(expected.key)
                mt_segment = document.segments[segment.position]
                # Point at whoever the MT names in that place; without one, at the whole segment.
                start, end = (stranger.start, stranger.end) if stranger is not None else (0, len(mt_segment.mt))
                yield self.finding(
                    document,
                    mt_segment,
                    start,
                    end,
                    stranger.normalized if stranger is not None else "",
                    expected.normalized,
                    f"the reference names '{expected.normalized}' here; the MT does not"
                    + (f" (it names '{stranger.normalized}' instead)" if stranger is not None else ""),
                )


def _stranger_in_place(view: DocumentView, position: int, expected: Name, radius: int) -> Name | None:
    """A person the aligned MT segment names where the reference names `expected`, if it lacks `expected`.

    The stranger has person evidence, and neither the reference segments
    around nor their names account for it: not named, not misspelled.
    """
    aligned = view.segments[position]
    if mentioned(expected, aligned.mt_words) or any(names_correspond(expected, found) for found in aligned.mt.names):
        return None
    reference_names = view.ref_names(position, radius)
    reference_words = view.ref_window_words(position, radius)
    for found in aligned.mt.names:
        if not (view.is_person(found) or view.looks_like_full_name(found)):
            continue
        if mentioned(found, reference_words) or any(names_correspond(found, other) for other in reference_names):
            continue
        if any(
            compare_names(other.normalized, found.normalized).verdict in (Verdict.GARBLE, Verdict.VARIANT)
            for other in reference_names
        ):
            continue
        return found
    return None
