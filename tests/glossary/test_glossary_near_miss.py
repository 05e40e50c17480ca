"""MT402 glossary-near-miss: pass and fail cases, no reference needed."""

from __future__ import annotations

import pytest
from glossary_helpers import DATA, document, run, without_origin

from mtcheck.checks.glossary_near_miss import GlossaryNearMiss
from mtcheck.load.glossary import GlossaryEntry, build_from_entries, load_glossaries
from mtcheck.model import Severity

GLOSSARY = build_from_entries(
    [
        GlossaryEntry(term="Elise Stefanik", variants=("Elise Stefanick",), kind="person"),
        GlossaryEntry(term="Volodymyr Zelenskyy", kind="person"),
        GlossaryEntry(term="State Election Commission", acronym="SEC", kind="organisation"),
        GlossaryEntry(term="Prespa Agreement", kind="treaty", severity=Severity.CRITICAL),
        GlossaryEntry(term="Johnson", kind="person"),
    ]
)


@pytest.mark.parametrize(
    ("mt", "found", "expected", "severity"),
    [
        ("Elise Stefanek told reporters.", "Elise Stefanek", "Elise Stefanik", Severity.MAJOR),
        ("Then Stefanek told reporters.", "Stefanek", "Elise Stefanik", Severity.MAJOR),  # surname only
        ("President Volodymyr Zelenskiy spoke.", "Volodymyr Zelenskiy", "Volodymyr Zelenskyy", Severity.MINOR),
        ("They signed the Prespa Agreemnt yesterday.", "Prespa Agreemnt", "Prespa Agreement", Severity.CRITICAL),
        ("The Election State Commission met.", "Election State Commission", "State Election Commission",
         Severity.MAJOR),  # same words, another order
    ],
)
def test_near_miss_fails(embedder, mt, found, expected, severity):
    (finding,) = run(GlossaryNearMiss(), document([mt]), GLOSSARY, embedder)
    assert (finding.found, finding.expected, finding.severity) == (found, expected, severity)
    assert mt[finding.start : finding.end] == found
    assert finding.code == "MT402" and finding.string_similarity is not None


def test_reworded_term_uses_embeddings(embedder):
    (finding,) = run(GlossaryNearMiss(), document(["The State Electoral Commission met."]), GLOSSARY, embedder)
    assert finding.expected == "State Election Commission"
    assert finding.embedding_similarity >= 0.8


@pytest.mark.parametrize(
    "mt",
    [
        "Elise Stefanik and Stefanik's office.",  # the term and a surname-only mention
        "Elise Stefanick said so.",  # a listed variant: MT401's job
        "The SEC and the State Election Commission met.",
        "The Election Commission met.",  # a shortening, not a miss
        "Stefan and Elisa went home.",  # different names
        "The Prespa Lake is in the Balkans.",
        "Johnson met Volodymyr Zelenskyy.",
    ],
)
def test_near_miss_passes(embedder, mt):
    assert run(GlossaryNearMiss(), document([mt]), GLOSSARY, embedder) == []


@pytest.mark.parametrize("path", ["newsroom_v2.tbx", "newsroom_v3.tbx"])
def test_tbx_and_csv_give_the_same_findings(embedder, path):
    doc = document(["Elise Stefanek met the State Electoral Commission.", "The Prespa Agreemnt holds."])
    from_csv = run(GlossaryNearMiss(), doc, load_glossaries([DATA / "newsroom.glossary.csv"]), embedder)
    tbx = load_glossaries([DATA / path], source_lang="mk", target_lang="en")
    from_tbx = run(GlossaryNearMiss(), doc, tbx, embedder)
    # "State Electoral Commission" is a listed variant in that glossary: MT401's, not MT402's.
    assert [f.found for f in from_csv] == ["Elise Stefanek", "Prespa Agreemnt"]
    assert [without_origin(f) for f in from_tbx] == [without_origin(f) for f in from_csv]
