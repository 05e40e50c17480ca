"""Glossary mining from references: entries, counts, source pairing, CSV round trip."""

from __future__ import annotations

from dataclasses import replace

from glossary_helpers import document

from mtcheck.load.glossary import load_glossaries, write_glossary_csv
from mtcheck.mining import build_glossary, mine_glossary, pair_with_source


def _corpus():
    first = document(
        ["mt one", "mt two", "mt three"],
        src_lines=[
            "Изјавата на Елис Стефаникот беше кратка.",
            "Државната изборна комисија (ДИК) ги објави резултатите.",
            "Стефаник потоа замина.",
        ],
        ref_lines=[
            "The statement by Elise Stefanik was short.",
            "The State Election Commission (SEC) published the results.",
            "Stefanik then left for Washington.",
        ],
        doc="doc-a",
    )
    second = document(
        ["mt"],
        src_lines=["Елис Стефаник и НАТО."],
        ref_lines=["Elise Stefanik met NATO officials and the SEC."],
        doc="doc-b",
    )
    # Another MT system over the same document shares its reference: counted once.
    second_again = replace(second, system="other")
    no_reference = document(["Elise Stefanick wrote."], doc="doc-c")
    return [first, second, second_again, no_reference]


def test_mined_entries_counts_and_sources():
    glossary = mine_glossary(_corpus())
    stefanik = glossary.get("Elise Stefanik")
    assert stefanik is not None
    assert stefanik.note == "seen 3 times in: doc-a, doc-b"  # the surname-only mention counts too
    assert stefanik.source == ("Елис Стефаник", "Стефаник")
    commission = glossary.get("State Election Commission")
    assert commission.acronym == "SEC" and commission.kind == "organisation"
    # A bare "SEC" later counts as a mention of the term it abbreviates.
    assert commission.note == "seen 2 times in: doc-a, doc-b"
    assert glossary.get("SEC") is None
    assert glossary.get("NATO") is not None
    assert glossary.get("Stefanik") is None
    assert glossary.get("Elise Stefanick") is None  # MT text is never mined
    # Most often seen first.
    assert glossary.entries[0].term == "Elise Stefanik"


def test_min_count():
    glossary = mine_glossary(_corpus(), min_count=2)  # NATO and Washington are seen once
    assert [entry.term for entry in glossary] == ["Elise Stefanik", "State Election Commission"]


def test_mined_glossary_round_trips(tmp_path):
    glossary = build_glossary(_corpus())
    path = tmp_path / "glossary.csv"
    write_glossary_csv(glossary, path)
    assert load_glossaries([path]) == glossary


def test_pairing_with_inflected_source():
    assert pair_with_source("Elise Stefanik", "Изјавата на Елис Стефаникот беше кратка.") == "Елис Стефаник"
    assert pair_with_source("Maria Zakharova", "Марии Захаровой заявили.") == "Мария Захарова"
    assert pair_with_source("Stefan", "Стефаник дојде.") is None  # surnames must match closely
    assert pair_with_source("Elise Stefanik", "Стефаник Елис.") is None  # order matters


def test_sentence_openers_and_name_fragments_are_not_mined():
    strike = document(
        ["mt one", "mt two", "mt three", "mt four"],
        ref_lines=[
            "Haulers at the Port of Tessin stopped work, backed by the Free Drivers' Union.",
            "Importers said the strike cost them dearly; the union disagreed.",
            "Regional councils in Tessin met the drivers.",
            "Ostara and the OECD were not consulted.",
        ],
        doc="strike",
    )
    other = document(
        ["Port officials said importers would wait."],
        ref_lines=["Port officials said importers would wait at the port."],
        doc="other",
    )
    terms = {entry.term for entry in mine_glossary([strike, other])}
    # Lower-case elsewhere in the corpus ("port", "union", "importers"), or an opener shaped like a common word.
    assert not terms & {"Port", "Union", "Importers", "Regional"}
    # Single-word places, even sentence-initial ones, and acronyms stay.
    assert {"Tessin", "Ostara", "OECD"} <= terms
