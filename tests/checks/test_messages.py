"""Every message a check case produces, read as a sentence: the wording a user sees in every report.

The cases exercise each check's branches (pass and fail), so each branch that
builds a message is rendered here once and read for the faults users met:
words doubled or left dangling, "(s)" plurals, a comparison that names no
second thing, quotes left open.
"""

from __future__ import annotations

import re

from mtcheck.checks import run_checks

from .cases import CASES
from .helpers import make_document

# Phrasings that read wrong, as users reported them, and their kin.
BROKEN = (
    re.compile(r"\(s\)"),
    re.compile(r"\bso more than once\b"),
    re.compile(r", and the reference gives its name with an acronym than\b"),
    re.compile(r"\bno two other\b"),
    re.compile(r"\bis a different name than\b"),
    re.compile(r"\s{2,}"),
    re.compile(r"\s[,;:.]"),
    re.compile(r"\b(\w+) \1\b(?<!that that)"),
)


def messages(embedder) -> list[tuple[str, str]]:
    found = []
    for case in CASES:
        document = make_document(case.mt, case.ref, case.src)
        others = [make_document(lines, case.ref, case.src, system=system) for system, lines in (case.others or {}).items()]
        settings = {case.code: case.settings} if case.settings else None
        findings, _ = run_checks([document, *others], embedder, glossary=case.build_glossary(), select=[case.code], settings=settings)
        found += [(f"{case.code}-{case.id}", finding.message) for finding in findings]
    return found


def test_every_message_reads_as_a_sentence(embedder):
    rendered = messages(embedder)
    assert len({case for case, _ in rendered}) >= 80  # every failing case of every check
    faults = []
    for case, message in rendered:
        plain = re.sub(r"(?<=\w)'s\b", "", message)  # the reference's, Varga's
        quotes = plain.count("'") - len(re.findall(r"\w'\w", plain))  # O'Brien
        if quotes % 2 or any(pattern.search(message) for pattern in BROKEN) or not message[:1].strip():
            faults.append((case, message))
    assert faults == []
