"""The checks, in one explicit registry, and the function that runs a selection of them.

Codes are grouped by family: MT1xx names, MT2xx acronyms and terms, MT3xx
numbers, MT4xx glossary checks, MT5xx untranslated text. A selector is a code ("MT101"),
a code prefix ("MT2") or a kebab-case name ("garbled-name").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..cache import code_fingerprint, content_key
from ..text.candidates import build_vocabulary, decode_vocabulary, encode_vocabulary, merge_vocabularies
from ..errors import ConfigError
from ..model import AlignedDocument, Finding, Severity, SkippedCheck
from ..selection import names_check, normalised
from .acronym_expansion_mismatch import AcronymExpansionMismatch
from .acronym_mismatch import AcronymMismatch
from ._support import system_vocabulary
from .base import (
    MIN_OTHER_SYSTEMS,
    NEEDS_GLOSSARY,
    NEEDS_NO_REFERENCE,
    NEEDS_OTHER_SYSTEMS,
    NEEDS_REFERENCE,
    NEEDS_SOURCE,
    Check,
    CheckContext,
)
from .calqued_term import CalquedTerm
from .date_format import DateFormat
from .forbidden_variant import ForbiddenVariant
from .garbled_name import GarbledName
from .glossary_near_miss import GlossaryNearMiss
from .inconsistent_name import InconsistentName
from .missing_glossary_term import MissingGlossaryTerm
from .missing_name import MissingName
from .outlier_name import OutlierName
from .rare_spelling import RareSpelling
from .number_mismatch import NumberMismatch
from .reuse import (
    GuardedDocuments,
    RecordingVocabulary,
    answers_hold,
    decode_entry,
    decode_findings,
    document_fingerprint,
    encode_entry,
    encode_findings,
)
from .source_name import SourceName
from .source_number import SourceNumber
from .source_pinyin import SourcePinyin
from .source_transliteration import SourceTransliteration
from .unexpected_name import UnexpectedName
from .unmatched_name import UnmatchedName
from .untranslated_text import UntranslatedText
from .wrong_acronym import WrongAcronym

ALL_CHECKS: tuple[type[Check], ...] = (
    GarbledName,
    MissingName,
    UnexpectedName,
    InconsistentName,
    UnmatchedName,
    OutlierName,
    RareSpelling,
    WrongAcronym,
    AcronymExpansionMismatch,
    CalquedTerm,
    NumberMismatch,
    DateFormat,
    SourceNumber,
    ForbiddenVariant,
    GlossaryNearMiss,
    MissingGlossaryTerm,
    AcronymMismatch,
    SourceTransliteration,
    SourcePinyin,
    SourceName,
    UntranslatedText,
)

_UNMET_NEEDS = {
    NEEDS_REFERENCE: "no reference translation",
    NEEDS_SOURCE: "no source text",
    NEEDS_GLOSSARY: "no glossary",
    NEEDS_OTHER_SYSTEMS: "fewer than two other MT systems of the same document",
    NEEDS_NO_REFERENCE: "a reference translation, which the reference-based checks use instead",
}


def rules_markdown() -> str:
    """The check list as a Markdown table: `mtcheck rules --markdown`, and README.md."""
    rows = ["| code | name | severity | needs | what it finds |", "| --- | --- | --- | --- | --- |"]
    for check in ALL_CHECKS:
        needs = ", ".join(sorted(check.needs)) or "MT only"
        rows.append(f"| {check.code} | `{check.name}` | {check.severity.value} | {needs} | {check.summary()} |")
    return "\n".join(rows) + "\n"


def get_check(code_or_name: str) -> type[Check]:
    """The check with this code ("MT101") or name ("garbled-name")."""
    wanted = normalised(code_or_name)
    for check in ALL_CHECKS:
        if wanted in (check.code, check.name):
            return check
    raise ConfigError(f"unknown check '{code_or_name}'")


def _matches(check: type[Check], selector: str) -> bool:
    return names_check(selector, check.code, check.name)


def select_checks(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[type[Check]]:
    """Checks chosen by code, code prefix or name; `ignore` wins over `select`."""
    for selector in [*(select or []), *(ignore or [])]:
        if not any(_matches(check, selector) for check in ALL_CHECKS):
            raise ConfigError(f"'{selector}' selects no check (codes: {', '.join(c.code for c in ALL_CHECKS)})")
    chosen = [check for check in ALL_CHECKS if select is None or any(_matches(check, s) for s in select)]
    return [check for check in chosen if not any(_matches(check, s) for s in (ignore or []))]


def _severity_for(check: type[Check], overrides: Mapping[str, Any] | None) -> Severity | None:
    for key, value in (overrides or {}).items():
        if normalised(key) in (check.code, check.name):
            try:
                return value if isinstance(value, Severity) else Severity(str(value).lower())
            except ValueError as error:
                raise ConfigError(f"severity for {check.code}: '{value}' is not minor, major or critical") from error
    return None


def _unmet_need(check: Check, document: AlignedDocument, glossary: Any, systems: int = 1) -> str | None:
    if NEEDS_REFERENCE in check.needs and not document.has_reference:
        return NEEDS_REFERENCE
    if NEEDS_SOURCE in check.needs and not document.has_source:
        return NEEDS_SOURCE
    if NEEDS_GLOSSARY in check.needs and glossary is None:
        return NEEDS_GLOSSARY
    if NEEDS_OTHER_SYSTEMS in check.needs and systems - 1 < MIN_OTHER_SYSTEMS:
        return NEEDS_OTHER_SYSTEMS
    if NEEDS_NO_REFERENCE in check.needs and document.has_reference:
        return NEEDS_NO_REFERENCE
    return None


def run_checks(
    documents: list[AlignedDocument],
    embedder: Any,
    glossary: Any = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    severity_overrides: Mapping[str, Any] | None = None,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    language: str = "en",
    cache: Any = None,
    cache_scope: str = "",
) -> tuple[list[Finding], list[SkippedCheck]]:
    """Run the selected checks on every document; findings sorted by (system, doc, line, start, code).

    With a `cache` (mtcheck.cache.Cache) and a `cache_scope` naming everything
    besides the documents that findings depend on, a document's findings are
    reused from an earlier run while the document and what its checks asked
    of its system are unchanged (checks/reuse.py). A cross-document check
    keeps a small summary of each document beside its results, and only the
    reduction of a system's summaries runs again.
    """
    plan = CheckPlan(documents, glossary, select, ignore, severity_overrides, settings, language)
    results, stored_keys = plan.reuse(cache, cache_scope)
    pending = [document for document in documents if id(document) not in results]
    work = [plan.work_for(document) for document in pending]
    checked = check_documents(work, plan.checks, embedder, glossary, plan.settings, language, plan.system_documents)
    new_entries: dict[bytes, bytes] = {}
    for document, outcome in zip(pending, checked):
        plan.record(document, outcome, results, stored_keys, new_entries)
    if new_entries:
        cache.put_many("document-checks", new_entries)
    return plan.finish(results, embedder)


class CheckPlan:
    """The selected checks and what they need of the whole corpus, for `run_checks` and the engines.

    The work splits in three: `reuse` (stored results still valid), the
    per-document checks (`check_documents`, a pure function of a document, its
    peers and its system's vocabulary, so an engine may run it anywhere), and
    `finish` (the cross-document reductions, over every document's summary).
    """

    def __init__(
        self,
        documents: list[AlignedDocument],
        glossary: Any = None,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        severity_overrides: Mapping[str, Any] | None = None,
        settings: Mapping[str, Mapping[str, Any]] | None = None,
        language: str = "en",
    ):
        self.documents = documents
        self.glossary = glossary
        self.language = language
        self.settings = dict(settings or {})
        self.checks = [
            check_class(_severity_for(check_class, severity_overrides), _settings_for(check_class, self.settings))
            for check_class in select_checks(select, ignore)
        ]
        self.by_system: dict[str, list[AlignedDocument]] = defaultdict(list)
        # The same document from other MT systems: evidence for the checks that compare systems.
        self.by_doc: dict[str, list[AlignedDocument]] = defaultdict(list)
        for document in documents:
            self.by_system[document.system].append(document)
            self.by_doc[document.doc].append(document)
        self.shared_memo: dict[Any, Any] = {}
        self.vocabularies: dict[str, Any] = {}
        self._fingerprints: dict[int, str] = {}
        self._cache: Any = None  # the persistent cache, once `reuse` is given one
        self._stored_keys: dict[int, bytes] = {}  # each document's results key, by id(document), once `reuse` has them
        self._vocabulary_keys: dict[str, str] = {}

    def unmet(self, check: Check, document: AlignedDocument) -> str | None:
        return _unmet_need(check, document, self.glossary, len(self.by_doc[document.doc]))

    def peers_of(self, document: AlignedDocument) -> list[AlignedDocument]:
        return [other for other in self.by_doc[document.doc] if other.system != document.system]

    def system_documents(self, document: AlignedDocument) -> list[AlignedDocument]:
        return self.by_system[document.system]

    def context_for(self, document: AlignedDocument, embedder: Any, **overrides: Any) -> CheckContext:
        values = dict(
            embedder=embedder,
            system_documents=self.by_system[document.system],
            glossary=self.glossary,
            settings={code: dict(values) for code, values in self.settings.items()},
            cache=self.shared_memo,
            language=self.language,
            peer_documents=self.peers_of(document),
        )
        values.update(overrides)
        return CheckContext(**values)

    def vocabulary_of(self, document: AlignedDocument) -> Any:
        if document.system not in self.vocabularies:
            if self._cache is not None:
                self.vocabularies[document.system] = self._vocabulary_from_parts(document.system)
            else:
                self.vocabularies[document.system] = system_vocabulary(self.context_for(document, None), document)
        return self.vocabularies[document.system]

    def _vocabulary_from_parts(self, system: str) -> Any:
        """The system's vocabulary as the union of its documents' parts, each read from the cache where it is.

        A vocabulary is a union of what each text contributes, so after an
        edit only the edited documents' parts are built again.
        """
        documents = {id(document): document for document in self.by_system[system]}

        def build(missing: list[int]) -> dict[int, Any]:
            return {
                number: build_vocabulary(text for segment in documents[number].segments for text in (segment.mt, segment.ref) if text)
                for number in missing
            }

        keys = {number: content_key("vocabulary-part", code_fingerprint(), self.fingerprint(d)) for number, d in documents.items()}
        return merge_vocabularies(self._cache.read_through("vocabulary-part", keys, build, encode_vocabulary, decode_vocabulary).values())

    def _reduced(self, check: Check, system: str, members: list[AlignedDocument], results: dict, embedder: Any) -> list[Finding]:
        """The findings of a cross-document check's reduction over a system's documents, read back when it ran before.

        Its input is every member's summary, each a function of the member,
        its peers and the configuration (the member's results key) and of the
        system's vocabulary: with those unchanged the findings are too, and a
        rerun need not parse the summaries, most of the bytes stored.
        """

        def reduce() -> list[Finding]:
            spellings = check.reduce([results[id(document)][2][check.code] for document in members], self.context_for(members[0], embedder))
            return [finding for document in members for finding in check.findings_from(document, results[id(document)][2][check.code], spellings)]

        if self._cache is None or not self._stored_keys:
            return reduce()
        key = content_key("system-reduction", check.code, self.vocabulary_key(system), *(self._stored_keys[id(document)] for document in members))
        return self._cache.read_through_one("system-reduction", key, reduce, encode_findings, decode_findings)

    def fingerprint(self, document: AlignedDocument) -> str:
        if id(document) not in self._fingerprints:
            self._fingerprints[id(document)] = document_fingerprint(document)
        return self._fingerprints[id(document)]

    def vocabulary_key(self, system: str) -> str:
        """A hash of every text the system's vocabulary is built from: equal keys, equal vocabularies."""
        if system not in self._vocabulary_keys:
            self._vocabulary_keys[system] = content_key("vocabulary", *(self.fingerprint(d) for d in self.by_system[system])).hex()
        return self._vocabulary_keys[system]

    def work_for(self, document: AlignedDocument) -> DocumentWork:
        return DocumentWork(document, self.peers_of(document), self.vocabulary_of(document))

    def reuse(self, cache: Any, scope: str) -> tuple[dict[int, tuple[list[Finding], list[Finding], dict[str, Any]]], dict[int, bytes]]:
        """Stored results still valid, by id(document); and every document's key for storing new ones."""
        if cache is None or not scope:
            return {}, {}
        self._cache = cache
        summarised = [check for check in self.checks if check.cross_document and hasattr(check, "summarise")]
        # A document's findings depend on the other systems' versions of it too (checks that compare systems).
        keys = {
            id(d): content_key(
                "document-checks", scope, self.fingerprint(d),
                *(self.fingerprint(peer) for peer in sorted(self.by_doc[d.doc], key=lambda peer: peer.system) if peer is not d),
            )
            for d in self.documents
        }  # fmt: skip
        self._stored_keys = keys
        stored = cache.get_many("document-checks", keys.values())
        results = {}
        for document in self.documents:
            entry = decode_entry(stored[keys[id(document)]]) if keys[id(document)] in stored else None
            if entry is None:
                continue
            found, fallback_found, summaries, answers, vocabulary = entry
            wanted = {check.code for check in summarised if self.unmet(check, document) is None}
            # The system's texts unchanged, its vocabulary is the one the answers came from: no
            # need to build it (a second or more on a large corpus) to ask the questions again.
            if set(summaries) == wanted and (
                vocabulary == self.vocabulary_key(document.system) or answers_hold(answers, self.vocabulary_of(document))
            ):
                results[id(document)] = (found, fallback_found, summaries)
        return results, keys

    def record(self, document: AlignedDocument, outcome: DocumentOutcome, results: dict, stored_keys: dict[int, bytes], new_entries: dict[bytes, bytes]) -> None:
        """Take a document's outcome into `results`, and into `new_entries` for the cache when it can be reused."""
        results[id(document)] = (outcome.found, outcome.fallback_found, outcome.summaries)
        if stored_keys and outcome.reusable:
            new_entries[stored_keys[id(document)]] = encode_entry(
                outcome.found, outcome.fallback_found, outcome.summaries, outcome.answers, self.vocabulary_key(document.system)
            )

    def finish(self, results: dict[int, tuple[list[Finding], list[Finding], dict[str, Any]]], embedder: Any) -> tuple[list[Finding], list[SkippedCheck]]:
        """Every document's results together, the cross-document reductions, and what was skipped."""
        summarised = [check for check in self.checks if check.cross_document and hasattr(check, "summarise")]
        unsummarised = [check for check in self.checks if check.cross_document and not hasattr(check, "summarise")]
        findings: list[Finding] = []
        fallbacks: list[Finding] = []
        for document in self.documents:
            findings += results[id(document)][0]
            fallbacks += results[id(document)][1]
        for check in summarised:
            for system, members in self.by_system.items():
                members = [document for document in members if self.unmet(check, document) is None]
                if members:
                    (fallbacks if check.fallback else findings).extend(self._reduced(check, system, members, results, embedder))
        for check in unsummarised:
            for document in self.documents:
                if self.unmet(check, document) is None:
                    (fallbacks if check.fallback else findings).extend(check.check(document, self.context_for(document, embedder)))
        findings += _uncovered(fallbacks, findings)

        skipped_counts: dict[tuple[Check, str], int] = defaultdict(int)
        for document in self.documents:
            for check in self.checks:
                need = self.unmet(check, document)
                if need is not None:
                    skipped_counts[(check, need)] += 1
        skipped = [
            SkippedCheck(check.code, check.name, count, _UNMET_NEEDS[need])
            for (check, need), count in skipped_counts.items()
        ]
        skipped.sort(key=lambda item: (item.code, item.reason))
        findings.sort(key=lambda f: (f.system, f.doc, f.line, f.start, f.code, f.end, f.found))
        return findings, skipped


@dataclass
class DocumentWork:
    """What the per-document checks read: the document, the other systems' versions of it, its system's vocabulary."""

    document: AlignedDocument
    peers: list[AlignedDocument]
    vocabulary: Any


@dataclass
class DocumentOutcome:
    found: list[Finding]
    fallback_found: list[Finding]
    summaries: dict[str, Any]  # cross-document checks' summaries, by code
    answers: dict[tuple[str, str], bool]  # what the checks asked of the vocabulary
    reusable: bool  # nothing was read that the answers do not capture


def check_documents(
    work: list[DocumentWork],
    checks: list[Check],
    embedder: Any,
    glossary: Any = None,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    language: str = "en",
    system_documents: Callable[[AlignedDocument], Sequence[AlignedDocument]] | None = None,
) -> list[DocumentOutcome]:
    """The per-document part of every check, on each document of `work`, in order.

    Depends on nothing but its arguments, so any grouping of documents gives
    the same outcomes (the embedder encodes in batches that do not depend on
    their neighbours). `system_documents` gives a check the system's other
    documents; without it (an engine that ships documents one group at a
    time) a check that reads them fails loudly instead of seeing a part.
    """
    outcomes: list[DocumentOutcome] = []
    # A group at a time: what the checks extract from a document (its views)
    # lives only while its group is checked, so memory does not grow with the corpus.
    for start in range(0, len(work), DOCUMENTS_PER_BATCH):
        outcomes += _check_group(work[start : start + DOCUMENTS_PER_BATCH], checks, embedder, glossary, dict(settings or {}), language, system_documents)
    return outcomes


# Documents whose check spans are encoded in one batch; enough for full model batches.
DOCUMENTS_PER_BATCH = 200


def _check_group(work, checks, embedder, glossary, settings, language, system_documents) -> list[DocumentOutcome]:
    own_checks = [check for check in checks if not check.cross_document]
    summarised = [check for check in checks if check.cross_document and hasattr(check, "summarise")]
    prepared = []
    for item in work:
        recorder = RecordingVocabulary(item.vocabulary)
        others = system_documents(item.document) if system_documents is not None else _NotShipped(item.document.system)
        guarded = GuardedDocuments(others)
        # A memo of its own, so nothing another document computed is read without its questions recorded.
        context = CheckContext(
            embedder=embedder,
            system_documents=guarded,
            glossary=glossary,
            settings={code: dict(values) for code, values in settings.items()},
            cache={},
            language=language,
            peer_documents=item.peers,
            vocabulary=recorder,
        )
        systems = 1 + len(item.peers)
        runnable_own = [check for check in own_checks if _unmet_need(check, item.document, glossary, systems) is None]
        runnable_summarised = [check for check in summarised if _unmet_need(check, item.document, glossary, systems) is None]
        prepared.append((item, context, recorder, guarded, runnable_own, runnable_summarised))

    # One embedding batch for every span the checks announce they will compare.
    texts = [
        text
        for item, context, _, _, runnable_own, _ in prepared
        for check in runnable_own
        if hasattr(check, "texts_to_embed")
        for text in check.texts_to_embed(item.document, context)
    ]
    if texts:
        embedder.encode(list(dict.fromkeys(texts)))

    outcomes = []
    for item, context, recorder, guarded, runnable_own, runnable_summarised in prepared:
        found: list[Finding] = []
        fallback_found: list[Finding] = []
        for check in runnable_own:
            (fallback_found if check.fallback else found).extend(check.check(item.document, context))
        summaries = {check.code: check.summarise(item.document, context) for check in runnable_summarised}
        reusable = not recorder.opaque and not guarded.read
        outcomes.append(DocumentOutcome(found, fallback_found, summaries, recorder.answers, reusable))
    return outcomes


class _NotShipped(Sequence):
    """Stands for a system's other documents where they were not sent along."""

    def __init__(self, system: str):
        self.system = system

    def __getitem__(self, index):
        raise RuntimeError(f"a check read other documents of system '{self.system}', which this engine does not ship")

    def __len__(self) -> int:
        raise RuntimeError(f"a check read other documents of system '{self.system}', which this engine does not ship")


def _uncovered(fallbacks: list[Finding], findings: list[Finding]) -> list[Finding]:
    """Fallback findings on characters no other check reported on: one problem, one finding.

    Fallbacks are taken in registry order, so an earlier fallback check also takes precedence
    over a later one.
    """
    spans: dict[tuple[str, str, int], list[tuple[int, int]]] = defaultdict(list)
    for finding in findings:
        if finding.found:  # a segment-wide "something is missing here" finding covers no characters
            spans[(finding.system, finding.doc, finding.line)].append((finding.start, finding.end))
    order = {check.code: position for position, check in enumerate(ALL_CHECKS)}
    kept = []
    for finding in sorted(fallbacks, key=lambda f: order.get(f.code, len(order))):
        taken = spans[(finding.system, finding.doc, finding.line)]
        if not any(start < finding.end and finding.start < end for start, end in taken):
            kept.append(finding)
            taken.append((finding.start, finding.end))
    return kept


def _settings_for(check: type[Check], settings: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    values = dict(settings.get(check.code, {}))
    values.update(settings.get(check.name, {}))
    unknown = set(values) - set(check.defaults)
    if unknown:
        raise ConfigError(f"{check.code}: unknown setting(s) {', '.join(sorted(unknown))}")
    return values


__all__ = [
    "ALL_CHECKS",
    "AcronymExpansionMismatch",
    "CalquedTerm",
    "DateFormat",
    "Check",
    "CheckContext",
    "GarbledName",
    "InconsistentName",
    "MissingName",
    "NumberMismatch",
    "OutlierName",
    "UnexpectedName",
    "UnmatchedName",
    "UntranslatedText",
    "WrongAcronym",
    "get_check",
    "CheckPlan",
    "DocumentWork",
    "check_documents",
    "run_checks",
    "select_checks",
]
