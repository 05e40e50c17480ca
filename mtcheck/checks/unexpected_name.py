"""MT103 unexpected-name."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import AlignedDocument, Confidence, Finding, Severity
from ..text.similarity import Verdict, compare_names
from ..text.candidates import FUNCTION_WORDS, TERM_HEADS, Name, Vocabulary, title_words
from ._support import (
    DocumentView,
    document_view,
    mentioned,
    names_correspond,
    peer_share,
    segments_with_reference,
    system_vocabulary,
)
from .base import NEEDS_REFERENCE, Check, CheckContext


# Endings of English common nouns and adjectives, rare in personal names.
_COMMON_WORD_ENDING = re.compile(r"(?:tion|sion|ment|ness|ity|ities|ings?|ism|ists?|ive|ous|ics|ology|ful|less)$")


def _person_shaped(view: DocumentView, vocabulary: Vocabulary, name: Name, reference_words=None) -> bool:
    """Two or more words shaped like a person's names, not all of them words of the reference."""
    if not view.looks_like_full_name(name):
        return False
    if all(token in (view.ref_words if reference_words is None else reference_words) for token in name.key):
        return False
    for word in name.tokens:
        bare = word.rstrip(".")
        if len(bare) == 1 and bare.isupper():
            continue  # an initial
        lower = bare.lower()
        if not re.fullmatch(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", bare) or bare.isupper():
            return False
        if lower in FUNCTION_WORDS or lower in TERM_HEADS or lower in title_words():
            return False
        if vocabulary.has_lowercase(bare) or _COMMON_WORD_ENDING.search(lower):
            return False
    return True


class UnexpectedName(Check):
    """The MT names a person the reference does not mention.

    An MT name has no counterpart in the aligned reference segments, nor
    anywhere in the reference or (when it is in Latin script) the source, and
    it is not a misspelling of a reference name (garbled-name covers that).
    Without a title or a later surname-only mention, a name needs the shape
    of a person's full name: two or more capitalised words, none a place,
    institution or title word, none a word the texts also use in lower case
    or shaped like a common word ("Dynamic Programming", "Silent Spring"),
    and not all of them words of the reference.
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
        vocabulary = system_vocabulary(context, document)
        radius = int(self.settings["window"])
        for segment in segments_with_reference(view):
            nearby = view.ref_names(segment.position, radius)
            window_words = view.ref_window_words(segment.position, radius)
            # A person the aligned reference names and the MT segment does not: a name the reference
            # uses elsewhere in the document is then no excuse for the MT's other name in this place.
            displaced = [
                name for name in segment.ref.names
                if (view.is_person(name) or view.looks_like_full_name(name))
                and not any(names_correspond(name, other) for other in segment.mt.names)
                and not mentioned(name, segment.mt_words)
            ]  # fmt: skip
            for found in segment.mt.names:
                person = view.is_person(found)
                if not (person or _person_shaped(view, vocabulary, found, window_words if displaced else None)):
                    continue
                if mentioned(found, window_words) or mentioned(found, view.src_words):
                    continue
                if mentioned(found, view.ref_words) and not (displaced and view.looks_like_full_name(found)):
                    continue
                if any(names_correspond(found, expected) for expected in nearby):
                    continue
                if any(
                    compare_names(expected.normalized, found.normalized).verdict in (Verdict.GARBLE, Verdict.VARIANT)
                    for expected in nearby
                ):
                    continue  # garbled-name reports it
                invented = person and len(found.key) >= 2 and not any(token in view.ref_words for token in found.key)
                instead = displaced[0].normalized if displaced and mentioned(found, view.ref_words) else ""
                if instead:
                    message = f"'{found.normalized}' stands where the reference names '{instead}' (the reference has '{found.normalized}' only elsewhere)"
                else:
                    message = f"'{found.normalized}' is not in the reference" + (" and looks like an invented person" if invented else "")
                # No other system naming this person either makes it an invention of this one.
                alone = peer_share(context, document, segment.position, found.text) == 0
                if alone:
                    message += "; no other system names this person here"
                yield self.finding(
                    document,
                    document.segments[segment.position],
                    found.start,
                    found.end,
                    found.normalized,
                    instead,
                    message,
                    Severity.MAJOR if invented or alone else Severity.MINOR,
                    confidence=Confidence.HIGH if invented or alone else Confidence.MEDIUM,
                )
