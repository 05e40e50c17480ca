"""Reusing a document's check results from an earlier run, when nothing they depend on changed.

A document's findings depend on the document, the run's settings (the scope:
mtcheck's code, model, checks and their settings, glossary, language) and on
one thing outside the document: the vocabulary of its whole system (which
words occur in lower case, which as acronyms), which tells a name from a
common word. Keying the findings by the whole vocabulary would throw them all
away whenever any document changes; instead a document's checks run against
a vocabulary that writes down every question asked of it, and the stored
findings are reused only while every recorded question still gets the same
answer. Anything a check reads that cannot be replayed (the system's other
documents, an unexpected use of the vocabulary) makes the result not
reusable: it is recomputed next time, never served stale.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..model import AlignedDocument, Confidence, Finding, Severity


class RecordingVocabulary:
    """A system's vocabulary (candidates.Vocabulary) that records each question and its answer."""

    def __init__(self, vocabulary: Any):
        self._vocabulary = vocabulary
        self.answers: dict[tuple[str, str], bool] = {}
        self.opaque = False  # something was read that the answers do not capture
        self.lowercase = _RecordingSet(self, "lowercase", vocabulary.lowercase)
        self.acronyms = _RecordingSet(self, "acronyms", vocabulary.acronyms)

    def has_lowercase(self, word: str) -> bool:
        answer = self._vocabulary.has_lowercase(word)
        self._record("has_lowercase", word, answer)
        return answer

    def _record(self, question: str, word: Any, answer: bool) -> None:
        if isinstance(word, str):
            self.answers[(question, word)] = bool(answer)
        else:
            self.opaque = True

    def __getattr__(self, name: str) -> Any:
        self.opaque = True
        return getattr(self._vocabulary, name)


class _RecordingSet:
    def __init__(self, owner: RecordingVocabulary, name: str, values: frozenset[str]):
        self._owner, self._name, self._values = owner, name, values

    def __contains__(self, item: Any) -> bool:
        answer = item in self._values
        self._owner._record(f"in:{self._name}", item, answer)
        return answer

    def isdisjoint(self, items: Iterable[Any]) -> bool:
        items = list(items)
        for item in items:
            self._owner._record(f"in:{self._name}", item, item in self._values)
        return self._values.isdisjoint(items)

    def __getattr__(self, name: str) -> Any:
        self._owner.opaque = True
        return getattr(self._values, name)

    def __iter__(self) -> Iterator[str]:
        self._owner.opaque = True
        return iter(self._values)

    def __len__(self) -> int:
        self._owner.opaque = True
        return len(self._values)


def answers_hold(answers: Sequence[Sequence[Any]], vocabulary: Any) -> bool:
    """Whether `vocabulary` answers every recorded question as it did when the findings were made."""
    for question, word, answer in answers:
        if question == "has_lowercase":
            now = vocabulary.has_lowercase(word)
        elif question == "in:lowercase":
            now = word in vocabulary.lowercase
        elif question == "in:acronyms":
            now = word in vocabulary.acronyms
        else:
            return False
        if bool(now) != answer:
            return False
    return True


class GuardedDocuments(Sequence):
    """A system's documents, for a check that should read only its own: reading them makes the result not reusable."""

    def __init__(self, documents: list[AlignedDocument]):
        self._documents = documents
        self.read = False

    def __getitem__(self, index):
        self.read = True
        return self._documents[index]

    def __len__(self) -> int:
        self.read = True
        return len(self._documents)


def document_fingerprint(document: AlignedDocument) -> str:
    """A hash of everything of an aligned document a check may read (its repr: dataclass reprs are stable).

    The hash, not the text: each document's text goes into three keys (its
    results', its vocabulary part's and its system's vocabulary's), and
    hashing it once is a sixth of the time of hashing it three times over.
    """
    from ..cache import content_key

    return content_key(repr(document)).hex()


def findings_to_json(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    rows = []
    for finding in findings:
        row = dataclasses.asdict(finding)
        row["severity"] = finding.severity.value
        row["confidence"] = finding.confidence.value
        rows.append(row)
    return rows


def findings_from_json(rows: Iterable[dict[str, Any]]) -> list[Finding]:
    return [
        Finding(**{**row, "severity": Severity(row["severity"]), "confidence": Confidence(row["confidence"])})
        for row in rows
    ]


def encode_findings(findings: Iterable[Finding]) -> bytes:
    return json.dumps(findings_to_json(findings), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_findings(value: bytes) -> list[Finding]:
    return findings_from_json(json.loads(value))


def encode_entry(
    findings: list[Finding],
    fallbacks: list[Finding],
    summaries: dict[str, Any],
    answers: dict[tuple[str, str], bool],
    vocabulary: str = "",
) -> bytes:
    """A document's results for the cache; `vocabulary` names the system texts its answers came from.

    Two JSON texts on two lines: the findings, answers and the codes of the
    summaries first, then the summaries, which are most of the bytes and are
    parsed only if a system's reduction must run again (`StoredSummaries`).
    """
    head = {
        "findings": findings_to_json(findings),
        "fallbacks": findings_to_json(fallbacks),
        "summarised": sorted(summaries),
        "answers": sorted([question, word, answer] for (question, word), answer in (answers or {}).items()),
        "vocabulary": vocabulary,
    }
    # Compact JSON never holds a line break (one in a string is written \n), so the first ends the head.
    return b"\n".join(json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode("utf-8") for part in (head, summaries))


def decode_entry(value: bytes) -> tuple[list[Finding], list[Finding], StoredSummaries, list[list[Any]], str] | None:
    """Findings, fallback findings, cross-document summaries, recorded answers and the vocabulary's key; None if unreadable."""
    head, newline, summaries = value.partition(b"\n")
    try:
        entry = json.loads(head)
        findings, fallbacks = findings_from_json(entry["findings"]), findings_from_json(entry["fallbacks"])
        return findings, fallbacks, StoredSummaries(entry["summarised"], summaries), entry["answers"], entry["vocabulary"]
    except (ValueError, KeyError, TypeError):
        return None


class StoredSummaries(Mapping):
    """A stored document's summaries by check code, parsed when one is first read.

    A rerun whose systems' reductions are all reused (`CheckPlan.finish`)
    never reads them. Their bytes passed the cache's digest check with the
    rest of the entry, so they parse as they were written.
    """

    def __init__(self, codes: list[str], text: bytes):
        self._codes = list(codes)
        self._text = text
        self._parsed: dict[str, Any] | None = None

    def __getitem__(self, code: str) -> Any:
        if self._parsed is None:
            self._parsed = json.loads(self._text)
            if not isinstance(self._parsed, dict) or sorted(self._parsed) != sorted(self._codes):
                raise ValueError("stored summaries do not match their codes")
        return self._parsed[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)
