"""Every glossary check is documented, coded MT4xx, declares its needs, and runs on one document together."""

from __future__ import annotations

import inspect
import re

import pytest
from glossary_helpers import DATA, document, run

from mtcheck.checks.acronym_mismatch import AcronymMismatch
from mtcheck.checks.forbidden_variant import ForbiddenVariant
from mtcheck.checks.glossary_near_miss import GlossaryNearMiss
from mtcheck.checks.missing_glossary_term import MissingGlossaryTerm
from mtcheck.checks.source_transliteration import SourceTransliteration
from mtcheck.load.glossary import load_glossaries
from mtcheck.model import Severity

GLOSSARY_CHECKS = (ForbiddenVariant, GlossaryNearMiss, MissingGlossaryTerm, AcronymMismatch, SourceTransliteration)
NEEDS = {
    "MT401": {"glossary"},
    "MT402": {"glossary"},
    "MT403": {"glossary", "source"},
    "MT404": {"glossary"},
    "MT405": {"source"},
}


@pytest.mark.parametrize("check", GLOSSARY_CHECKS, ids=[check.code for check in GLOSSARY_CHECKS])
def test_glossary_check_is_documented(check):
    assert re.fullmatch(r"MT4\d\d", check.code)
    assert re.fullmatch(r"[a-z]+(?:-[a-z]+)+", check.name)
    assert isinstance(check.severity, Severity)
    doc = inspect.getdoc(check)
    assert doc.splitlines()[0].endswith(".")
    assert "**Anti-pattern**" in doc and "**Best practice**" in doc
    assert set(check.needs) == NEEDS[check.code]


def test_all_glossary_checks_on_one_document(embedder):
    glossary = load_glossaries([DATA / "newsroom.glossary.csv"])
    doc = document(
        [
            "Elise Stefanick met the State Election Commission (DIK).",
            "The board said the Prespa Agreemnt stands.",
            "Nothing else happened.",
        ],
        [
            "Елис Стефаник се сретна со Државната изборна комисија.",
            "Комисијата рече дека Преспанскиот договор важи.",
            "Ништо друго не се случи.",
        ],
    )
    found = sorted(
        (finding.code, finding.position, finding.found)
        for check in GLOSSARY_CHECKS
        for finding in run(check(), doc, glossary, embedder)
    )
    assert found == [
        ("MT401", 1, "Elise Stefanick"),
        ("MT402", 2, "Prespa Agreemnt"),
        ("MT404", 1, "DIK"),
        ("MT405", 1, "Stefanick"),
    ]
