"""Baselines: accept today's findings so that CI fails only on new ones.

A finding is identified by what it is, not where it is: its check, system,
document, found and expected text and the text of its MT segment, and for a
table row the table's own segment id (the user's key, which edits elsewhere
do not change). Line numbers and positions are left out, so inserting a
paragraph above does not make every finding below look new. Identical
findings in the same segment are told apart by their order of occurrence.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..model import Finding

# 2: table segment ids are the table's own strings and part of the fingerprint; entries name their segment.
BASELINE_VERSION = 2
_ENTRY_FIELDS = ("fingerprint", "code", "rule", "system", "doc", "segment", "found", "expected")


@dataclass(frozen=True)
class BaselineEntry:
    fingerprint: str
    code: str
    rule: str
    system: str
    doc: str
    segment: str
    found: str
    expected: str


@dataclass(frozen=True)
class Baseline:
    entries: tuple[BaselineEntry, ...]
    path: Path | None = None

    @property
    def fingerprints(self) -> frozenset[str]:
        return frozenset(entry.fingerprint for entry in self.entries)


def normalise_context(text: str) -> str:
    """Segment text as compared by fingerprints: NFC, whitespace runs collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _identity(finding: Finding) -> tuple[str, ...]:
    return (
        finding.code,
        finding.system,
        finding.doc,
        # A position moves when a paragraph is inserted above; a table's own id does not.
        finding.segment if finding.segment_is_key else "",
        finding.found,
        finding.expected,
        normalise_context(finding.context),
    )


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One fingerprint per finding, in the order given."""
    # Occurrences are numbered in text order so the numbering does not depend on check order.
    order = sorted(range(len(findings)), key=lambda i: (findings[i].line, findings[i].start, findings[i].end, i))
    seen: Counter[tuple[str, ...]] = Counter()
    result = [""] * len(findings)
    for index in order:
        identity = _identity(findings[index])
        occurrence = seen[identity]
        seen[identity] += 1
        payload = "\x1f".join((*identity, str(occurrence)))
        result[index] = hashlib.sha256(payload.encode("utf-8")).hexdigest()
    return result


def fingerprint(finding: Finding) -> str:
    """The fingerprint of a finding taken alone (first occurrence)."""
    return fingerprints([finding])[0]


def write_baseline(findings: Sequence[Finding], path: Path | str) -> Baseline:
    """Write the findings as a baseline: JSON, sorted, no timestamps, so reruns give the same bytes."""
    entries = sorted(
        (
            BaselineEntry(
                fingerprint=print_,
                code=f.code,
                rule=f.rule,
                system=f.system,
                doc=f.doc,
                segment=f.segment,
                found=f.found,
                expected=f.expected,
            )
            for f, print_ in zip(findings, fingerprints(findings), strict=True)
        ),
        key=lambda e: (e.system, e.doc, e.code, e.found, e.expected, e.fingerprint),
    )
    document = {
        "tool": "mtcheck",
        "version": BASELINE_VERSION,
        "findings": [{name: getattr(entry, name) for name in _ENTRY_FIELDS} for entry in entries],
    }
    path = Path(path)
    if path.parent != Path():
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return Baseline(entries=tuple(entries), path=path)


def load_baseline(path: Path | str) -> Baseline:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: baseline file not found") from None
    except (OSError, UnicodeDecodeError) as problem:
        raise ConfigError(f"{path}: cannot read baseline: {problem}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as problem:
        raise ConfigError(f"{path}: baseline is not valid JSON: {problem}") from None
    if not isinstance(document, dict) or document.get("tool") != "mtcheck" or "findings" not in document:
        raise ConfigError(f"{path}: not an mtcheck baseline (expected an object with tool and findings)")
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version < BASELINE_VERSION:
        raise ConfigError(
            f"{path}: baseline version {version} was written by an older mtcheck; its fingerprints do not match "
            f"this version's (segment ids are now the table's own). Re-record it with "
            f"`mtcheck baseline CORPUS -o {path}`"
        )
    if version != BASELINE_VERSION:
        raise ConfigError(f"{path}: baseline version {version!r} is not supported (expected {BASELINE_VERSION})")
    if not isinstance(document["findings"], list):
        raise ConfigError(f"{path}: baseline findings must be a list")
    return Baseline(
        entries=tuple(_entry(item, path, number) for number, item in enumerate(document["findings"], 1)), path=path
    )


def _entry(item: Any, path: Path, number: int) -> BaselineEntry:
    if not isinstance(item, dict):
        raise ConfigError(f"{path}: baseline finding {number} is not an object")
    missing = [name for name in _ENTRY_FIELDS if not isinstance(item.get(name), str)]
    if missing:
        raise ConfigError(f"{path}: baseline finding {number}: missing or non-text field '{missing[0]}'")
    return BaselineEntry(**{name: item[name] for name in _ENTRY_FIELDS})


def apply_baseline(
    findings: Sequence[Finding], baseline: Baseline
) -> tuple[list[Finding], list[Finding], list[BaselineEntry]]:
    """Split findings into (new, baselined) and list the baseline entries no finding matched (stale)."""
    known = baseline.fingerprints
    new: list[Finding] = []
    baselined: list[Finding] = []
    matched: set[str] = set()
    for finding, print_ in zip(findings, fingerprints(findings), strict=True):
        if print_ in known:
            baselined.append(finding)
            matched.add(print_)
        else:
            new.append(finding)
    stale = [entry for entry in baseline.entries if entry.fingerprint not in matched]
    return new, baselined, stale
