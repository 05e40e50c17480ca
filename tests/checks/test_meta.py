"""Every registered check is documented, coded by family and covered by pass and fail cases.

The glossary checks (MT4xx) share the case table: their cases carry a glossary.
"""

from __future__ import annotations

import inspect
import re

import pytest

from mtcheck.checks import ALL_CHECKS
from mtcheck.model import Severity

from .cases import CASES


@pytest.mark.parametrize("check", ALL_CHECKS, ids=[check.code for check in ALL_CHECKS])
def test_check_is_documented_and_covered(check):
    assert re.fullmatch(r"MT\d{3}", check.code)
    # Families: MT1 names, MT2 acronyms/terms, MT3 numbers, MT4 glossary (and source) checks,
    # MT5 untranslated text.
    assert check.code[:3] in {"MT1", "MT2", "MT3", "MT4", "MT5"}
    assert re.fullmatch(r"[a-z]+(?:-[a-z]+)+", check.name)
    assert isinstance(check.severity, Severity)
    doc = inspect.getdoc(check)
    assert doc and doc.splitlines()[0].endswith(".")
    assert "Anti-pattern" in doc and "Best practice" in doc
    cases = [case for case in CASES if case.code == check.code]
    assert any(case.passes for case in cases), f"{check.code} has no pass case"
    assert any(not case.passes for case in cases), f"{check.code} has no fail case"
    if "glossary" in check.needs:
        assert all(case.glossary for case in cases), f"{check.code} cases need a glossary"


def test_codes_and_names_are_unique():
    assert len({check.code for check in ALL_CHECKS}) == len(ALL_CHECKS)
    assert len({check.name for check in ALL_CHECKS}) == len(ALL_CHECKS)


def test_every_case_names_a_registered_check():
    codes = {check.code for check in ALL_CHECKS}
    assert {case.code for case in CASES} <= codes
