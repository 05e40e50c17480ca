"""Glossary loaders: CSV and TBX (v2 and v3), refused XML attacks, malformed input, round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtcheck.errors import InputError
from mtcheck.load.glossary import (
    Glossary,
    GlossaryEntry,
    build_from_entries,
    discover_glossaries,
    is_glossary_file,
    load_glossaries,
    read_glossary_csv,
    write_glossary_csv,
)
from mtcheck.model import Severity

DATA = Path(__file__).parent / "data"
CSV_GLOSSARY = DATA / "newsroom.glossary.csv"
TBX_V2 = DATA / "newsroom_v2.tbx"
TBX_V3 = DATA / "newsroom_v3.tbx"


def test_csv_glossary_fields():
    glossary = load_glossaries([CSV_GLOSSARY])
    assert len(glossary) == 4
    stefanik = glossary.get("Elise Stefanik")
    assert stefanik.variants == ("Elise Stefanick", "Elise Stefanic")
    assert stefanik.source == ("Елис Стефаник", "Элиз Стефаник")
    assert stefanik.kind == "person" and stefanik.is_name
    assert stefanik.origin == (str(CSV_GLOSSARY), 2)
    sec = glossary.get("State Election Commission")
    assert sec.acronym == "SEC"
    assert glossary.entries_for_acronym("SEC") == [sec]
    assert glossary.entry_for_variant("Central Electoral Commission") is sec
    assert glossary.get("Prespa Agreement").severity is Severity.CRITICAL
    assert glossary.get("North Macedonia").severity is None


@pytest.mark.parametrize("path", [TBX_V2, TBX_V3], ids=["tbx-v2-martif", "tbx-v3"])
def test_tbx_equals_csv(path):
    # No source language given: every non-target language (mk and ru here) gives source forms.
    assert load_glossaries([path], target_lang="en") == load_glossaries([CSV_GLOSSARY])


@pytest.mark.parametrize("path", [TBX_V2, TBX_V3], ids=["tbx-v2-martif", "tbx-v3"])
def test_tbx_language_pair_filters_source_forms(path):
    glossary = load_glossaries([path], source_lang="mk", target_lang="en-US")
    assert glossary.get("Elise Stefanik").source == ("Елис Стефаник",)
    # The French-only entry has no target term and is left out.
    assert len(glossary) == 4


def test_tbx_statuses_and_term_types(tmp_path):
    tbx = tmp_path / "t.tbx"
    tbx.write_text(
        """<?xml version="1.0"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" xml:lang="en"><text><body>
<conceptEntry id="u">
  <langSec xml:lang="sr-Cyrl"><termSec><term>Уједињене нације</term></termSec></langSec>
  <langSec xml:lang="en">
    <termSec><term>UN</term><termNote type="termType">abbreviation</termNote></termSec>
    <termSec><term>United Nations Organization</term>
      <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
    <termSec><term>United Nations</term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
    <termSec><term>U.N.O.</term><termNote type="termType">acronym</termNote>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
  </langSec>
</conceptEntry>
</body></text></tbx>""",
        encoding="utf-8",
    )
    (entry,) = load_glossaries([tbx], source_lang="sr", target_lang="en")
    assert entry.term == "United Nations"
    assert entry.acronym == "UN"
    assert entry.admitted == ("United Nations Organization",)
    assert entry.variants == ("U.N.O.",)
    assert entry.source == ("Уједињене нације",)


@pytest.mark.parametrize("name", ["billion_laughs.tbx", "external_entity.tbx"])
def test_tbx_entity_attacks_are_refused(name):
    with pytest.raises(InputError, match="refused: the file declares XML entities") as error:
        load_glossaries([DATA / name], target_lang="en")
    assert error.value.path == DATA / name


def test_tbx_not_well_formed(tmp_path):
    tbx = tmp_path / "broken.tbx"
    tbx.write_text('<martif><text><body>\n<termEntry>\n</martif>', encoding="utf-8")
    with pytest.raises(InputError, match="not well-formed") as error:
        load_glossaries([tbx], target_lang="en")
    assert error.value.line == 3


def test_tbx_two_preferred_terms(tmp_path):
    tbx = tmp_path / "two.tbx"
    tbx.write_text(
        """<martif><text><body><termEntry><langSet xml:lang="en">
<tig><term>A Term</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
<tig><term>B Term</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
</langSet></termEntry></body></text></martif>""",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="two preferred terms") as error:
        load_glossaries([tbx], target_lang="en")
    assert error.value.line == 3


def test_tbx_needs_a_target_language_when_ambiguous():
    with pytest.raises(InputError, match="say which language is the target"):
        load_glossaries([TBX_V2])


def _csv(tmp_path: Path, text: str, name: str = "g.glossary.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


@pytest.mark.parametrize(
    ("text", "line", "column", "problem"),
    [
        ("name,variants\nStefanik,\n", 1, "name", "unknown column 'name'"),
        ("variants,kind\nStefanick,person\n", 1, "term", "no 'term' column"),
        ("term,term\nA,B\n", 1, "term", "appears twice"),
        ("term,kind\nStefanik,person\n ,person\n", 3, "term", "empty term"),
        ("term,severity\nStefanik,blocker\n", 2, "severity", "unknown severity 'blocker'"),
        ("term,variants\nStefanik,Stefanick|Stefanik\n", 2, "variants", "is the term itself"),
        ("term,variants\nNATO,Nato\nNato,\n", 3, "term", "listed as a variant of 'NATO'"),
        ("term,variants\nNato,\nNATO,Nato\n", 3, "variants", "is the term of another entry"),
        ("term,variants\nA Term,Wrong\nB Term,Wrong\n", 3, "variants", "already a variant of 'A Term'"),
        ("term,acronym\nState Election Commission,SEC\nState Election Commission,DIK\n", 3, "acronym",
         "defined twice with different acronym"),
        ("term,kind\nPrespa,treaty\nPrespa,place\n", 3, "kind", "defined twice with different kind"),
        ("term,acronym\nState Election Commission,S E C\n", 2, "acronym", "contains a space"),
        ('term,note\n"Stefanik",a,b\n', 2, None, "3 cells but the header names 2"),
        ("", 1, None, "empty glossary"),
    ],
)
def test_malformed_csv_names_file_row_and_column(tmp_path, text, line, column, problem):
    path = _csv(tmp_path, text)
    with pytest.raises(InputError) as error:
        load_glossaries([path])
    assert problem in str(error.value)
    assert error.value.path == path
    assert error.value.line == line
    assert error.value.column == column
    assert str(path) in str(error.value)


def test_undecodable_bytes_name_line_and_column(tmp_path):
    path = _csv(tmp_path, "term,note\nStefanik,ok\nTsipras,caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8") as error:
        load_glossaries([path])
    assert (error.value.line, error.value.column) == (3, "note")


def test_bom_quoted_multiline_and_duplicates_that_agree(tmp_path):
    path = _csv(
        tmp_path,
        '\ufeffTerm,Variants,Note\n"Stefanik","Stefanick","two\nlines"\nStefanik,Stefanic,\n',
    )
    glossary = load_glossaries([path])
    (entry,) = glossary
    assert entry.variants == ("Stefanick", "Stefanic")  # duplicate rows that agree are merged
    assert entry.note == "two lines"
    assert entry.origin[1] == 2


def test_case_variant_is_allowed():
    # "Nato" is a legitimate variant of "NATO": forms are compared case-sensitively.
    glossary = build_from_entries([GlossaryEntry(term="NATO", variants=("Nato",), kind="organisation")])
    assert glossary.entry_for_variant("Nato").term == "NATO"


def test_conflict_across_files_names_second_file(tmp_path):
    first = _csv(tmp_path, "term,acronym\nState Election Commission,SEC\n", "a.glossary.csv")
    second = _csv(tmp_path, "term,acronym\nState Election Commission,DIK\n", "b.glossary.csv")
    with pytest.raises(InputError) as error:
        load_glossaries([first, second])
    assert error.value.path == second
    assert "a.glossary.csv" in str(error.value)


def test_round_trip(tmp_path):
    original = load_glossaries([TBX_V3], target_lang="en")
    extra = GlossaryEntry(
        term="United Nations",
        variants=('"United" Nations',),
        source=("ООН, Организация",),
        acronym="UN",
        kind="organisation",
        severity=Severity.MINOR,
        note='quotes " and, commas',
        admitted=("U.N.",),
    )
    glossary = Glossary([*original, extra])
    out = tmp_path / "out.glossary.csv"
    write_glossary_csv(glossary, out)
    again = load_glossaries([out])
    assert again == glossary
    assert [entry.source for entry in again] == [entry.source for entry in glossary]
    write_glossary_csv(again, tmp_path / "again.csv")
    assert (tmp_path / "again.csv").read_bytes() == out.read_bytes()


def test_writer_refuses_separator_inside_a_form(tmp_path):
    glossary = Glossary([GlossaryEntry(term="A", variants=("B|C",))])
    with pytest.raises(ValueError, match="list separator"):
        write_glossary_csv(glossary, tmp_path / "x.csv")


def test_discovery(tmp_path):
    for name in ["glossary.csv", "names.glossary.csv", "terms.tbx", "doc.csv", "doc.mt.txt"]:
        (tmp_path / name).write_text("term\nX\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "glossary.csv").write_text("term\nY\n", encoding="utf-8")
    assert [path.name for path in discover_glossaries(tmp_path)] == ["glossary.csv", "names.glossary.csv", "terms.tbx"]
    assert is_glossary_file("corpus/Glossary.CSV") and is_glossary_file("a/b.tbx")
    assert not is_glossary_file("corpus/table.csv")


def test_read_glossary_csv_alone():
    assert read_glossary_csv(CSV_GLOSSARY) == load_glossaries([CSV_GLOSSARY])


def test_unknown_format(tmp_path):
    path = tmp_path / "g.xlsx"
    path.write_bytes(b"x")
    with pytest.raises(InputError, match="unknown glossary format"):
        load_glossaries([path])
