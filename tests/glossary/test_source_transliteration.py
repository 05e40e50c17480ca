"""MT405 source-transliteration: pass and fail cases (source only, no reference)."""

from __future__ import annotations

import pytest
from glossary_helpers import document, run

from mtcheck.checks.source_transliteration import SourceTransliteration
from mtcheck.model import Severity


@pytest.mark.parametrize(
    ("src", "mt", "found", "expected"),
    [
        ("Елис Стефаник изјави дека гласањето ќе продолжи.", "Elise Stefanick said the vote would go on.",
         "Stefanick", "Stefanik"),
        ("Изјавата на Елис Стефаникот беше кратка.", "The statement by Elise Stefanick was short.",
         "Stefanick", "Stefanik"),  # inflected source name
        ("Премиерот Христијан Мицкоски рече.", "Prime Minister Hristijan Mickovski said.", "Mickovski", "Mickoski"),
    ],
)
def test_garbled_surname_fails(src, mt, found, expected):
    (finding,) = run(SourceTransliteration(), document([mt], [src]), None)
    assert (finding.found, finding.expected) == (found, expected)
    assert mt[finding.start : finding.end] == found
    assert finding.severity is Severity.MINOR
    assert "source evidence only" in finding.message


@pytest.mark.parametrize(
    ("src", "mt"),
    [
        ("Елис Стефаник изјави.", "Elise Stefanik said."),  # Elis/Elise: first names may differ by convention
        ("Ѓорѓе Ивановски рече.", "Gjorgje Ivanovski said."),  # Macedonian Latin romanisation
        ("Владимир Зеленски рече.", "Volodymyr Zelensky said."),  # established English spelling: first name differs
        ("Хомјаков и Шчербаков.", "Khomyakov and Shcherbakov."),
        ("Германија и Грција се согласија.", "Germany and Greece agreed."),  # exonyms, single words
        ("Стефан Николов дојде.", "Stefan Nikolic came."),  # a different person, not a garble
    ],
)
def test_source_transliteration_passes(src, mt):
    assert run(SourceTransliteration(), document([mt], [src]), None) == []


def test_reference_present_means_no_finding():
    doc = document(["Elise Stefanick said."], ["Елис Стефаник изјави."], ref_lines=["Elise Stefanik said."])
    assert run(SourceTransliteration(), doc, None) == []


def test_latin_source_is_not_transliterated():
    doc = document(["Elise Stefanick said."], ["Elise Stefanik je rekla."])
    assert run(SourceTransliteration(), doc, None) == []
