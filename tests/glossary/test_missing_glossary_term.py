"""MT403 missing-glossary-term: pass and fail cases, segment and document level."""

from __future__ import annotations

import pytest
from glossary_helpers import DATA, document, run, without_origin

from mtcheck.checks.missing_glossary_term import MissingGlossaryTerm
from mtcheck.load.glossary import load_glossaries

GLOSSARY = load_glossaries([DATA / "newsroom.glossary.csv"])


@pytest.mark.parametrize(
    ("src", "mt", "expected"),
    [
        (
            "Државната изборна комисија ги објави резултатите.",
            "The state voting board announced the results.",
            "State Election Commission",
        ),
        ("Изјава на Елис Стефаникот.", "A statement by the congresswoman.", "Elise Stefanik"),
        ("Преспанскиот договор е потпишан.", "The agreement was signed.", "Prespa Agreement"),  # definite form
        ("Според Преспански договор.", "Under the deal.", "Prespa Agreement"),
    ],
)
def test_missing_term_fails(embedder, src, mt, expected):
    findings = run(MissingGlossaryTerm(), document([mt], [src]), GLOSSARY, embedder)
    assert [f.expected for f in findings] == ([expected] if expected else [])
    for finding in findings:
        assert finding.code == "MT403" and finding.found == ""
        assert "the source has" in finding.message


@pytest.mark.parametrize(
    ("src", "mt"),
    [
        ("Државната изборна комисија ги објави резултатите.", "The State Election Commission announced the results."),
        ("Државната изборна комисија ги објави резултатите.", "The SEC announced the results."),  # acronym
        ("Државната изборна комисија ги објави.", "The Central Electoral Commission announced."),  # MT401's job
        ("Изјава на Елис Стефаник.", "A statement by Elise Stefanick."),  # MT401's job
        ("Изјава на Елис Стефаник.", "A statement by Elise Stefanek."),  # near-miss: MT402's job
        ("Стефан го рече тоа.", "Stefan said so."),  # a different name sharing the prefix
        ("Се сретнаа во Северна Македонија.", "They met in North Macedonia's capital."),
    ],
)
def test_missing_term_passes(embedder, src, mt):
    assert run(MissingGlossaryTerm(), document([mt], [src]), GLOSSARY, embedder) == []


def test_document_level_fallback(embedder):
    # The source has other line breaks than the MT: no segment has a source line.
    src_text = "Вовед.\nДржавната изборна комисија ги објави резултатите. Елис Стефаник изјави."
    doc = document(["Introduction.", "The board announced the results.", "Elise Stefanik said."], src_text=src_text)
    (finding,) = run(MissingGlossaryTerm(), doc, GLOSSARY, embedder)
    assert finding.expected == "State Election Commission"
    assert (finding.segment, finding.position, finding.line, finding.start, finding.end) == ("1", 1, 1, 0, 0)
    assert "document level" in finding.message


def test_document_level_passes_when_term_anywhere(embedder):
    src_text = "Државната изборна комисија ги објави резултатите."
    doc = document(["Results are out.", "The State Election Commission said so."], src_text=src_text)
    assert run(MissingGlossaryTerm(), doc, GLOSSARY, embedder) == []


def test_no_source_no_findings(embedder):
    assert run(MissingGlossaryTerm(), document(["The board met."]), GLOSSARY, embedder) == []
    assert MissingGlossaryTerm.needs == {"glossary", "source"}


@pytest.mark.parametrize("path", ["newsroom_v2.tbx", "newsroom_v3.tbx"])
def test_tbx_and_csv_give_the_same_findings(embedder, path):
    doc = document(
        ["The board met.", "A statement.", "The deal."],
        ["Државната изборна комисија се состана.", "Изјава на Елис Стефаник.", "Преспански договор."],
    )
    from_csv = run(MissingGlossaryTerm(), doc, GLOSSARY, embedder)
    tbx = load_glossaries([DATA / path], source_lang="mk", target_lang="en")
    from_tbx = run(MissingGlossaryTerm(), doc, tbx, embedder)
    assert len(from_csv) == 3
    assert [without_origin(f) for f in from_tbx] == [without_origin(f) for f in from_csv]
