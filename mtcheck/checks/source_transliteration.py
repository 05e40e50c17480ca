"""MT405 source-transliteration: an MT name that garbles the transliterated source name."""

from __future__ import annotations

from collections.abc import Iterator

from ..text.candidates import ascii_fold
from ..text.glossary_match import Token, base_forms, is_latin, romanisations, tokenize
from ..model import AlignedDocument, Confidence, Finding, Severity
from ..text.similarity import NameSimilarity, Verdict, compare_tokens
from ._support import document_view, name_token_span
from .base import NEEDS_SOURCE, Check, CheckContext


def _source_names(src: str) -> list[Token]:
    """Capitalised non-Latin words of the source (acronyms left out)."""
    return [
        token
        for token in tokenize(src)
        if token.text[:1].isupper() and not token.text.isupper() and not is_latin(token.text)
    ]


def best_reading(source_word: str, mt_word: str) -> NameSimilarity:
    """The closest verdict of an MT word against any uninflected romanisation of a source word."""
    best = None
    for base in base_forms(source_word):
        for spelling in romanisations(base):
            similarity = compare_tokens(spelling, mt_word)
            if best is None or (similarity.verdict.rank, -similarity.string_similarity) < (
                best.verdict.rank,
                -best.string_similarity,
            ):
                best = similarity
    assert best is not None
    return best


class SourceTransliteration(Check):
    """With no reference, an MT person name garbles the transliterated source name.

    For documents without a reference whose source is in a non-Latin script,
    each MT name of two or more words is matched to consecutive capitalised
    source words, each read as every romanisation (anyascii, Macedonian/Serbian
    Latin, English-style) of every uninflected form ("Стефаникот" → "Стефаник").
    The name is flagged only when every word pairs up and the *surname* is a
    garble by the shared similarity verdict; a first-name difference alone
    ("Elis"/"Elise") and routine transliteration variants are not flagged.
    Source evidence is weaker than a reference, so findings are minor.

    **Anti-pattern**

        Source: Елис Стефаник изјави дека ...
        MT:     Elise Stefanick said that ...

    **Best practice**

        MT:     Elise Stefanik said that ...
    """

    code = "MT405"
    name = "source-transliteration"
    severity = Severity.MINOR
    needs = frozenset({NEEDS_SOURCE})

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        if document.has_reference:
            return  # MT101 compares with the reference, which is stronger evidence.
        view = document_view(document, context)
        for position, segment in enumerate(document.segments):
            if not segment.src or not segment.mt or segment.ref or is_latin(segment.src):
                continue
            source_words = _source_names(segment.src)
            if not source_words:
                continue
            for name in view.segments[position].mt.names:
                hit = _garbled_surname(name.tokens, source_words, segment.src)
                if hit is None:
                    continue
                similarity, source_name = hit
                start, end = name_token_span(segment.mt, name, ascii_fold(similarity.found).strip("."))
                found = segment.mt[start:end]
                expected = similarity.expected
                expected = expected[:1].upper() + expected[1:]
                yield self.finding(
                    document,
                    segment,
                    start,
                    end,
                    found=found,
                    expected=expected,
                    message=f"'{found}' looks like a misspelling of '{expected}', the transliteration of the "
                    f"source name '{source_name}' (no reference: source evidence only, so minor)",
                    string_similarity=similarity.string_similarity,
                    phonetic_match=similarity.phonetic_match,
                    confidence=Confidence.MEDIUM,
                )


def _garbled_surname(mt_tokens: tuple[str, ...], source_words: list[Token], src: str):
    """(surname similarity, source name) when the MT name pairs with source words and garbles the surname."""
    words = [token for token in mt_tokens if token[:1].isupper()]
    if len(words) < 2:
        return None
    best = None
    for index in range(len(source_words) - len(words) + 1):
        window = source_words[index : index + len(words)]
        # Consecutive in the source: only spaces between the words.
        if any(src[a.end : b.start].strip() for a, b in zip(window, window[1:])):
            continue
        pairs = [best_reading(source.text, word) for source, word in zip(window, words)]
        if any(pair.verdict is Verdict.DIFFERENT for pair in pairs):
            continue
        surname = pairs[-1]
        worst = max(pair.verdict.rank for pair in pairs)
        if best is None or worst < best[0]:
            best = (worst, surname, src[window[0].start : window[-1].end])
    if best is None or best[1].verdict is not Verdict.GARBLE:
        return None
    return best[1], best[2]
