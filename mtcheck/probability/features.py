"""The evidence a finding has, or can cheaply get, as numbers for the probability model.

A check decides *whether* to report; this module describes each finding for
the model that says *how likely* the report is right. Everything here is read
from the finding and the run's aligned documents: how common the found and
expected forms are in English (wordfreq), whether the reference and the other
MT systems of the same document write them, whether the source shows them
(Latin letters or digits kept in the source), casing, sentence position and
span length, and the similarity evidence the check itself recorded.

Reference-based evidence is *missing*, not false, in a document without a
reference: it is then left out (`None`), and the model puts it at its
training mean, so reference-free findings are not scored as if the reference
disagreed with them.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..text.known_spelling import rarest_word_zipf, zipf
from ..model import AlignedDocument, DocumentScore, Finding, Scores, SegmentScore, Severity

# The check's own verdict is evidence too: its rules weigh things this module does not see.
_CHECK_CONFIDENCE = ("low", "medium", "high")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"""(?:^|[.!?:;"'“”‘’\u3002])\s*[\(\["'“‘]*$""")

# Base features, in a fixed order: the model file names its weights after them.
FEATURES: tuple[str, ...] = (
    "major",  # severity major or critical: such a finding hits only a label at least major
    "check_confidence_medium",
    "check_confidence_high",
    "string_similarity",
    "has_string_similarity",
    "phonetic_match",
    "embedding_similarity",
    "has_embedding_similarity",
    "found_empty",
    "found_zipf",  # the rarest word of the found form, 0-8 (0: English text never writes it)
    "found_phrase_zipf",
    "found_words",
    "found_chars",
    "found_capitalised",
    "found_all_caps",
    "found_has_digit",
    "found_lowercase_elsewhere",  # the MT writes the found word in lower case elsewhere in the document
    "found_repeats",  # how often the MT document writes the found form
    "expected_empty",
    "expected_zipf",
    "expected_words",
    "zipf_gap",  # expected minus found: the reference's form is the one English knows
    "sentence_start",
    "segment_level",
    "found_in_reference_segment",
    "found_in_reference_document",
    "expected_in_mt_segment",
    "expected_in_mt_document",
    "peers_write_found",  # share of the other systems whose same segment writes the found form
    "peers_write_found_in_document",
    "peers_write_expected",
    "source_shows_found",  # Latin letters or digits of the found form kept in the source
    "source_shows_expected",
    # How the whole segment fares: a segment far from its reference, or from what the other
    # systems wrote, holds more errors, so a finding in it is more often on one.
    "segment_chrf",
    "segment_similarity",
    "document_chrf_gap",  # this system's chrF on the document minus the median of the systems'
    "peers_agree_with_segment",  # mean character-trigram overlap of the MT segment with the other systems'
    # Checks that agree: other checks reporting on the same characters, and how many findings the segment has.
    "other_checks_on_span",
    "findings_in_segment",
)

# Evidence that exists only where the document has a reference.
REFERENCE_FEATURES = frozenset(
    {
        "found_in_reference_segment",
        "found_in_reference_document",
        "expected_in_mt_segment",
        "expected_in_mt_document",
        "expected_zipf",
        "expected_words",
        "expected_empty",
        "zipf_gap",
        "segment_chrf",
        "segment_similarity",
        "document_chrf_gap",
    }
)


def _contains(haystack: str, needle: str) -> bool:
    return bool(needle) and needle.casefold() in haystack.casefold()


def _count(haystack: str, needle: str) -> int:
    return haystack.casefold().count(needle.casefold()) if needle else 0


def _latin_or_digits(text: str) -> str:
    # What of a form a Chinese (or other non-Latin) source can show as is: acronyms, digits, Latin names.
    return " ".join(re.findall(r"[A-Za-z0-9]{2,}", text))


@dataclass
class _Context:
    """The run's documents, indexed for the features: by (system, doc), and a document's systems."""

    by_key: dict[tuple[str, str], AlignedDocument]
    by_doc: dict[str, list[AlignedDocument]]
    segment_texts: dict[tuple[str, str], dict[str, str]]  # (system, doc) -> segment id -> MT text
    segment_scores: dict[tuple[str, str, int], Scores]
    chrf_gaps: dict[tuple[str, str], float]

    @classmethod
    def of(cls, documents: Iterable[AlignedDocument], segment_scores: Iterable[SegmentScore], document_scores: Iterable[DocumentScore]) -> _Context:
        by_key: dict[tuple[str, str], AlignedDocument] = {}
        by_doc: dict[str, list[AlignedDocument]] = defaultdict(list)
        for document in documents:
            by_key[(document.system, document.doc)] = document
            by_doc[document.doc].append(document)
        scores = {(score.system, score.doc, score.position): score.scores for score in segment_scores}
        return cls(by_key, by_doc, {}, scores, _chrf_gaps(document_scores))

    def segment_text(self, document: AlignedDocument, segment: str) -> str | None:
        key = (document.system, document.doc)
        texts = self.segment_texts.get(key)
        if texts is None:
            texts = self.segment_texts[key] = {seg.segment: seg.mt for seg in document.segments}
        return texts.get(segment)


def describe_findings(
    findings: Sequence[Finding],
    documents: Iterable[AlignedDocument],
    segment_scores: Iterable[SegmentScore] = (),
    document_scores: Iterable[DocumentScore] = (),
) -> list[dict[str, float | None]]:
    """One feature dict per finding (None: evidence that does not exist for it)."""
    context = _Context.of(documents, segment_scores, document_scores)
    described = [_describe(finding, context) for finding in findings]
    by_segment: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for index, finding in enumerate(findings):
        by_segment[(finding.system, finding.doc, finding.position)].append(index)
    for members in by_segment.values():
        for index in members:
            finding = findings[index]
            others = {
                findings[other].code for other in members
                if findings[other].code != finding.code and _same_characters(finding, findings[other])
            }  # fmt: skip
            described[index]["other_checks_on_span"] = float(min(len(others), 3))
            described[index]["findings_in_segment"] = math.log1p(len(members))
    return described


def _same_characters(a: Finding, b: Finding) -> bool:
    if a.start == a.end or b.start == b.end:
        return a.start == a.end and b.start == b.end
    return a.start < b.end and b.start < a.end


def _chrf_gaps(document_scores: Iterable[DocumentScore]) -> dict[tuple[str, str], float]:
    by_doc: dict[str, list[DocumentScore]] = defaultdict(list)
    for score in document_scores:
        if score.scores.chrf is not None:
            by_doc[score.doc].append(score)
    gaps = {}
    for doc, scores in by_doc.items():
        values = sorted(score.scores.chrf for score in scores)
        median = values[len(values) // 2] if len(values) % 2 else (values[len(values) // 2 - 1] + values[len(values) // 2]) / 2
        for score in scores:
            gaps[(score.system, doc)] = (score.scores.chrf - median) / 100
    return gaps


@lru_cache(maxsize=8192)  # each segment is compared with every other system's: once a text, not once a finding
def _trigrams(text: str) -> frozenset[str]:
    folded = " ".join(text.casefold().split())
    return frozenset(folded[i : i + 3] for i in range(max(0, len(folded) - 2)))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _describe(finding: Finding, context: _Context) -> dict[str, float | None]:
    document = context.by_key.get((finding.system, finding.doc))
    segment = None
    if document is not None and 1 <= finding.position <= len(document.segments):
        segment = document.segments[finding.position - 1]
    mt = segment.mt if segment is not None else finding.context
    span = segment.span_of(finding) if segment is not None else next(iter(finding.places_in(mt)), None)
    ref = (segment.ref or "") if segment is not None else ""
    src = (segment.src or "") if segment is not None else ""
    mt_document = document.mt_text if document is not None and document.mt_text else mt
    ref_document = document.ref_text if document is not None else ""
    src_document = (document.src_text if document is not None else "") or src
    has_reference = bool(document is not None and document.has_reference and (ref or ref_document))

    found, expected = finding.found.strip(), finding.expected.strip()
    found_words = _WORD.findall(found)
    confidence = getattr(finding.confidence, "value", str(finding.confidence))
    features: dict[str, float | None] = {
        "major": float(finding.severity.rank >= Severity.MAJOR.rank),
        "check_confidence_medium": float(confidence == "medium"),
        "check_confidence_high": float(confidence == "high"),
        "string_similarity": finding.string_similarity or 0.0,
        "has_string_similarity": float(finding.string_similarity is not None),
        "phonetic_match": float(bool(finding.phonetic_match)),
        "embedding_similarity": finding.embedding_similarity or 0.0,
        "has_embedding_similarity": float(finding.embedding_similarity is not None),
        "found_empty": float(not found),
        "found_zipf": rarest_word_zipf(found) if found_words else 0.0,
        "found_phrase_zipf": zipf(found) if found_words else 0.0,
        "found_words": float(min(len(found_words), 6)),
        "found_chars": math.log1p(len(found)),
        "found_capitalised": float(bool(found_words) and all(word[:1].isupper() for word in found_words)),
        "found_all_caps": float(bool(found_words) and all(word.isupper() and len(word) > 1 for word in found_words)),
        "found_has_digit": float(any(character.isdigit() for character in found)),
        "found_lowercase_elsewhere": float(_lowercase_elsewhere(found_words, mt_document)),
        "found_repeats": math.log1p(_count(mt_document, found)),
        "sentence_start": float(_opens_sentence(mt, span[0] if span else 0)),
        "segment_level": float(span is None or (span[0] == 0 and span[1] >= len(mt) > 0)),
        "source_shows_found": float(_contains(src_document, _latin_or_digits(found))) if src_document else None,
        "source_shows_expected": float(_contains(src_document, _latin_or_digits(expected))) if src_document and expected else None,
    }
    expected_words = _WORD.findall(expected)
    if has_reference:
        expected_zipf = rarest_word_zipf(expected) if expected_words else 0.0
        features.update(
            {
                "expected_empty": float(not expected),
                "expected_zipf": expected_zipf,
                "expected_words": float(min(len(expected_words), 6)),
                "zipf_gap": (expected_zipf - features["found_zipf"]) if expected_words and found_words else 0.0,
                "found_in_reference_segment": float(_contains(ref, found)),
                "found_in_reference_document": float(_contains(ref_document or ref, found)),
                "expected_in_mt_segment": float(_contains(mt, expected)),
                "expected_in_mt_document": float(_contains(mt_document, expected)),
            }
        )
        scores = context.segment_scores.get((finding.system, finding.doc, finding.position))
        features["segment_chrf"] = scores.chrf / 100 if scores is not None and scores.chrf is not None else None
        features["segment_similarity"] = scores.similarity if scores is not None else None
        features["document_chrf_gap"] = context.chrf_gaps.get((finding.system, finding.doc))
    else:
        features.update({name: None for name in REFERENCE_FEATURES})
    peers = [other for other in context.by_doc.get(finding.doc, []) if other.system != finding.system]
    features.update(_peer_features(finding, document, segment, mt, found, expected, peers, context, has_reference))
    # Not model inputs: where the model applies (ProbabilityModel.applies). How many systems there
    # are is not evidence about a finding (it names the data set); what they write is.
    features["has_reference"] = float(has_reference)
    features["other_systems"] = float(len(peers))
    return features


def _peer_features(finding, document, segment, mt, found, expected, peers, context: _Context, has_reference: bool) -> dict[str, float | None]:
    features: dict[str, float | None] = {}
    if not peers or document is None:
        features.update(peers_write_found=None, peers_write_found_in_document=None, peers_write_expected=None, peers_agree_with_segment=None)
        return features
    key = segment.segment if segment is not None else finding.segment
    same_segments = [text for text in (context.segment_text(peer, key) for peer in peers) if text is not None]
    if found and same_segments:
        features["peers_write_found"] = sum(_contains(text, found) for text in same_segments) / len(same_segments)
    else:
        features["peers_write_found"] = None
    features["peers_write_found_in_document"] = sum(_contains(peer.mt_text, found) for peer in peers) / len(peers) if found else None
    own = _trigrams(mt)
    features["peers_agree_with_segment"] = (
        sum(_overlap(own, _trigrams(text)) for text in same_segments) / len(same_segments) if same_segments and own else None
    )
    if has_reference and expected and same_segments:
        features["peers_write_expected"] = sum(_contains(text, expected) for text in same_segments) / len(same_segments)
    else:
        features["peers_write_expected"] = None
    return features


def _opens_sentence(mt: str, start: int) -> bool:
    return bool(_SENTENCE_END.search(mt[: max(0, start)]))


def _lowercase_elsewhere(words: list[str], text: str) -> bool:
    # A capitalised word the same text also writes in lower case is a common noun capitalised by style.
    capitalised = [word for word in words if word[:1].isupper() and not word.isupper()]
    if not capitalised:
        return False
    runs = _word_runs(text)
    return any(
        # A word of word characters and hyphens stands alone exactly where it is a whole run of them.
        word.lower() in runs if _WORD_RUN.fullmatch(word.lower()) else re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", text)
        for word in capitalised
    )


_WORD_RUN = re.compile(r"[\w-]+")


@lru_cache(maxsize=64)  # a document's findings ask about the same text: its runs are listed once, not searched once a word
def _word_runs(text: str) -> frozenset[str]:
    return frozenset(_WORD_RUN.findall(text))
