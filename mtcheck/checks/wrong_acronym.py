"""MT201 wrong-acronym."""

from __future__ import annotations

from collections.abc import Iterator

from ..text.candidates import acronym_fits, term_key
from ..model import AlignedDocument, Confidence, Finding, Severity
from ._support import document_view, segments_with_reference
from .base import NEEDS_REFERENCE, Check, CheckContext

# Spellings of one acronym that are not errors.
# Acronyms that English news uses interchangeably for one body.
ACRONYM_ALIASES = (
    frozenset({"US", "USA"}),
    frozenset({"UK", "GB"}),
    frozenset({"UN", "ONU"}),
    frozenset({"CPC", "CCP"}),
    frozenset({"EU", "EC"}),
)


def _aliases(acronym: str) -> frozenset[str]:
    for group in ACRONYM_ALIASES:
        if acronym in group:
            return group
    return frozenset({acronym})


def _likeness(found: str, expected: str) -> tuple[int, int]:
    """Which reference acronym an MT acronym most likely renders: shared letters, then similar length."""
    return (len(set(found) & set(expected)), -abs(len(found) - len(expected)))


class WrongAcronym(Check):
    """The MT uses an acronym the reference does not, where the reference has another one.

    An MT acronym that appears nowhere in the reference, in a segment whose
    reference has a different acronym the MT lacks, is usually a calque: the
    MT translated a foreign acronym letter by letter instead of using the
    established one. An MT acronym that abbreviates a name spelled out in the
    nearby reference is not flagged, unless the reference gives that name
    another acronym; fitting a name of the MT proves nothing.

    **Anti-pattern**

        Reference: Both sides discussed the Open Skies Treaty (OST).
        MT:        Both sides discussed the Treaty on Open Skies (TOS).

    **Best practice**

        MT:        Both sides discussed the Open Skies Treaty (OST).
    """

    code = "MT201"
    name = "wrong-acronym"
    severity = Severity.MAJOR
    needs = frozenset({NEEDS_REFERENCE})
    defaults = {"window": 1}

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        view = document_view(document, context)
        radius = int(self.settings["window"])
        reference_acronyms = {
            acronym.normalized for segment in segments_with_reference(view) for acronym in segment.ref.acronyms
        }
        # "Regional Health Agency (RHA)": that name is abbreviated RHA, whatever else its words could give.
        defined_as = {
            term_key(definition.expansion.text): definition.acronym.normalized
            for segment in segments_with_reference(view)
            for definition in segment.ref.definitions
        }
        for segment in segments_with_reference(view):
            window = view.window(segment.position, radius)
            # The reference acronyms this MT segment lacks: an acronym used just before does not
            # make a garbled one here right ("The HBC said" after "Coastal Health Board (CHB)").
            mt_acronyms = {acronym.normalized for acronym in segment.mt.acronyms}
            mt_words = segment.mt_words
            expected_pool = [
                acronym
                for acronym in dict.fromkeys(a.normalized for a in segment.ref.acronyms)
                if not (_aliases(acronym) & mt_acronyms) and acronym.lower() not in mt_words
            ]
            if not expected_pool:
                continue
            spelled_out = [
                phrase.text
                for other in window
                if other.ref
                for phrase in (*other.ref.terms, *other.ref.names)
            ]
            abbreviates = [(phrase, defined_as.get(term_key(phrase))) for phrase in spelled_out]
            seen: set[str] = set()
            for found in segment.mt.acronyms:
                acronym = found.normalized
                if acronym in seen or _aliases(acronym) & reference_acronyms:
                    continue
                if acronym.lower() in view.ref_window_words(segment.position, radius):
                    continue  # an ordinary word in capitals ("APP" for the reference's "app")
                if any(
                    acronym_fits(acronym, phrase) and defined in (None, acronym) for phrase, defined in abbreviates
                ):
                    continue
                seen.add(acronym)
                expected = max(expected_pool, key=lambda other: _likeness(acronym, other))
                expected_pool.remove(expected)
                yield self.finding(
                    document,
                    document.segments[segment.position],
                    found.start,
                    found.end,
                    found.text,
                    expected,
                    f"'{acronym}' is not in the reference, which has '{expected}' here"
                    + (f" and defines '{expected}'" if expected in defined_as.values() else ""),
                    confidence=Confidence.HIGH if expected in defined_as.values() else Confidence.MEDIUM,
                )
                if not expected_pool:
                    break
