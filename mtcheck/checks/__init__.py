"""The checks, in one explicit registry, and the function that runs a selection of them.

Codes are grouped by family: MT1xx names, MT2xx acronyms and terms, MT3xx
numbers, MT4xx glossary checks, MT5xx untranslated text. A selector is a code ("MT101"),
a code prefix ("MT2") or a kebab-case name ("garbled-name").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import ConfigError
from ..model import AlignedDocument, Finding, Severity, SkippedCheck
from .acronym_expansion_mismatch import AcronymExpansionMismatch
from .acronym_mismatch import AcronymMismatch
from .base import MIN_OTHER_SYSTEMS, NEEDS_GLOSSARY, NEEDS_OTHER_SYSTEMS, NEEDS_REFERENCE, NEEDS_SOURCE, Check, CheckContext
from .calqued_term import CalquedTerm
from .date_format import DateFormat
from .forbidden_variant import ForbiddenVariant
from .garbled_name import GarbledName
from .glossary_near_miss import GlossaryNearMiss
from .inconsistent_name import InconsistentName
from .missing_glossary_term import MissingGlossaryTerm
from .missing_name import MissingName
from .outlier_name import OutlierName
from .number_mismatch import NumberMismatch
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
    WrongAcronym,
    AcronymExpansionMismatch,
    CalquedTerm,
    NumberMismatch,
    DateFormat,
    ForbiddenVariant,
    GlossaryNearMiss,
    MissingGlossaryTerm,
    AcronymMismatch,
    SourceTransliteration,
    UntranslatedText,
)

_UNMET_NEEDS = {
    NEEDS_REFERENCE: "no reference translation",
    NEEDS_SOURCE: "no source text",
    NEEDS_GLOSSARY: "no glossary",
    NEEDS_OTHER_SYSTEMS: "no two other MT systems of the same document",
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
    wanted = code_or_name.strip()
    for check in ALL_CHECKS:
        if wanted.upper() == check.code or wanted.lower() == check.name:
            return check
    raise ConfigError(f"unknown check '{code_or_name}'")


def _matches(check: type[Check], selector: str) -> bool:
    selector = selector.strip()
    return check.code.startswith(selector.upper()) or check.name == selector.lower()


def select_checks(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[type[Check]]:
    """Checks chosen by code, code prefix or name; `ignore` wins over `select`."""
    for selector in [*(select or []), *(ignore or [])]:
        if not any(_matches(check, selector) for check in ALL_CHECKS):
            raise ConfigError(f"'{selector}' selects no check (codes: {', '.join(c.code for c in ALL_CHECKS)})")
    chosen = [check for check in ALL_CHECKS if select is None or any(_matches(check, s) for s in select)]
    return [check for check in chosen if not any(_matches(check, s) for s in (ignore or []))]


def _severity_for(check: type[Check], overrides: Mapping[str, Any] | None) -> Severity | None:
    for key, value in (overrides or {}).items():
        if key.strip().upper() == check.code or key.strip().lower() == check.name:
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
) -> tuple[list[Finding], list[SkippedCheck]]:
    """Run the selected checks on every document; findings sorted by (system, doc, line, start, code)."""
    settings = dict(settings or {})
    checks = [
        check_class(_severity_for(check_class, severity_overrides), _settings_for(check_class, settings))
        for check_class in select_checks(select, ignore)
    ]
    by_system: dict[str, list[AlignedDocument]] = defaultdict(list)
    for document in documents:
        by_system[document.system].append(document)
    by_doc: dict[str, list[AlignedDocument]] = defaultdict(list)
    for document in documents:
        by_doc[document.doc].append(document)
    cache: dict[Any, Any] = {}

    def context_for(document: AlignedDocument) -> CheckContext:
        return CheckContext(
            embedder=embedder,
            system_documents=by_system[document.system],
            glossary=glossary,
            settings={code: dict(values) for code, values in settings.items()},
            cache=cache,
            language=language,
            peer_documents=[other for other in by_doc[document.doc] if other.system != document.system],
        )

    runnable = [
        (check, document)
        for document in documents
        for check in checks
        if _unmet_need(check, document, glossary, len(by_doc[document.doc])) is None
    ]
    # One embedding batch for every span the checks announce they will compare.
    texts = [
        text
        for check, document in runnable
        if hasattr(check, "texts_to_embed")
        for text in check.texts_to_embed(document, context_for(document))
    ]
    if texts:
        embedder.encode(list(dict.fromkeys(texts)))

    findings: list[Finding] = []
    fallbacks: list[Finding] = []
    for check, document in runnable:
        (fallbacks if check.fallback else findings).extend(check.check(document, context_for(document)))
    findings += _uncovered(fallbacks, findings)

    skipped_counts: dict[tuple[Check, str], int] = defaultdict(int)
    for document in documents:
        for check in checks:
            need = _unmet_need(check, document, glossary, len(by_doc[document.doc]))
            if need is not None:
                skipped_counts[(check, need)] += 1
    skipped = [
        SkippedCheck(check.code, check.name, count, _UNMET_NEEDS[need])
        for (check, need), count in skipped_counts.items()
    ]
    skipped.sort(key=lambda item: (item.code, item.reason))
    findings.sort(key=lambda f: (f.system, f.doc, f.line, f.start, f.code, f.end, f.found))
    return findings, skipped


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
    "run_checks",
    "select_checks",
]
