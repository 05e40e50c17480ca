"""MT404 acronym-mismatch: pass and fail cases."""

from __future__ import annotations

import pytest
from glossary_helpers import DATA, document, run, without_origin

from mtcheck.checks.acronym_mismatch import AcronymMismatch
from mtcheck.load.glossary import GlossaryEntry, build_from_entries, load_glossaries

GLOSSARY = build_from_entries(
    [
        GlossaryEntry(
            term="State Election Commission",
            variants=("Central Electoral Commission",),
            source=("Државна изборна комисија",),
            acronym="SEC",
            kind="organisation",
        ),
        GlossaryEntry(term="Central Election Commission", source=("Центральная избирательная комиссия",),
                      acronym="CEC", kind="organisation"),
        GlossaryEntry(term="Prespa Agreement", kind="treaty"),
        GlossaryEntry(term="United States", acronym="U.S.", kind="place"),
    ]
)


@pytest.mark.parametrize(
    ("mt", "found", "expected"),
    [
        ("The State Election Commission (DIK) published the results.", "DIK", "SEC"),
        ("Macedonia's State Election Commission (CEC) said", "CEC", "SEC"),  # another entry's acronym
        ("the Central Electoral Commission (CIK) met", "CIK", "SEC"),  # a variant names the entry too
        ("under the Prespa Agreement (CEC)", "CEC", "Prespa Agreement"),  # no acronym, another entry's one
        ("the United States (USA) said", "USA", "U.S."),
    ],
)
def test_wrong_acronym_in_definition(mt, found, expected):
    (finding,) = run(AcronymMismatch(), document([mt]), GLOSSARY)
    assert (finding.found, finding.expected) == (found, expected)
    assert mt[finding.start : finding.end] == found
    assert finding.code == "MT404"


def test_acronym_of_another_entry_with_source():
    doc = document(["The CEC announced the results."], ["Државната изборна комисија ги објави резултатите."])
    (finding,) = run(AcronymMismatch(), doc, GLOSSARY)
    assert (finding.found, finding.expected) == ("CEC", "SEC")
    assert "source names 'State Election Commission'" in finding.message


@pytest.mark.parametrize(
    ("mt", "src"),
    [
        ("The State Election Commission (SEC) published the results.", None),
        ("the United States (US) said", None),  # dots do not matter
        ("under the Prespa Agreement (PA)", None),  # no glossary acronym either way
        ("The Securities and Exchange Commission (SEC) fined them.", None),  # not the glossary term
        ("The CEC in Moscow and the SEC in Skopje.", "ЦИК во Москва и Државната изборна комисија во Скопје."),
        ("The SEC announced the results.", "Државната изборна комисија ги објави резултатите."),
        ("The CEC announced the results.", "Центральная избирательная комиссия объявила."),
    ],
)
def test_acronym_mismatch_passes(mt, src):
    doc = document([mt], [src] if src else None)
    assert run(AcronymMismatch(), doc, GLOSSARY) == []


@pytest.mark.parametrize("path", ["newsroom_v2.tbx", "newsroom_v3.tbx"])
def test_tbx_and_csv_give_the_same_findings(path):
    doc = document(["The State Election Commission (DIK) published.", "The ABC said."])
    from_csv = run(AcronymMismatch(), doc, load_glossaries([DATA / "newsroom.glossary.csv"]))
    from_tbx = run(AcronymMismatch(), doc, load_glossaries([DATA / path], source_lang="mk", target_lang="en"))
    assert len(from_csv) == 1
    assert [without_origin(f) for f in from_tbx] == [without_origin(f) for f in from_csv]
