"""MT401 forbidden-variant: pass and fail cases."""

from __future__ import annotations

import pytest
from glossary_helpers import DATA, document, run, without_origin

from mtcheck.checks.forbidden_variant import ForbiddenVariant
from mtcheck.load.glossary import GlossaryEntry, build_from_entries, load_glossaries
from mtcheck.model import Severity

GLOSSARY = build_from_entries(
    [
        GlossaryEntry(term="Elise Stefanik", variants=("Elise Stefanick", "Stefanick", "Stefanic"), kind="person"),
        GlossaryEntry(term="NATO", variants=("Nato",), kind="organisation"),
        GlossaryEntry(term="North Macedonia", variants=("Macedonia", "FYROM"), kind="place"),
        GlossaryEntry(term="Prespa Agreement", variants=("Prespa Accord",), kind="treaty", severity=Severity.CRITICAL),
        GlossaryEntry(term="asylum seeker", variants=("asylum searcher",), kind="term", severity=Severity.MINOR),
    ]
)

FAIL = [
    ("Elise Stefanick said so.", [("Elise Stefanick", "Elise Stefanik", 0)]),
    ("Stefanick's office and Stefanic.", [("Stefanick", "Elise Stefanik", 0), ("Stefanic", "Elise Stefanik", 23)]),
    ("ELISE STEFANICK WINS", [("ELISE STEFANICK", "Elise Stefanik", 0)]),
    ("Nato allies met; NATO did not.", [("Nato", "NATO", 0)]),
    ("Skopje, Macedonia, said", [("Macedonia", "North Macedonia", 8)]),
    ("Asylum searchers arrived.", []),  # plural of a variant is not the variant
    ("Asylum searcher arrived.", [("Asylum searcher", "asylum seeker", 0)]),
]


@pytest.mark.parametrize(("mt", "expected"), FAIL)
def test_forbidden_variant_fails(mt, expected):
    findings = run(ForbiddenVariant(), document([mt]), GLOSSARY)
    assert [(f.found, f.expected, f.start) for f in findings] == expected
    for finding in findings:
        assert finding.code == "MT401" and finding.rule == "forbidden-variant"
        assert mt[finding.start : finding.end] == finding.found


@pytest.mark.parametrize(
    "mt",
    [
        "Elise Stefanik said so.",
        "Stefanicka and Stefanicks are other words.",  # a variant inside a longer word
        "NATO and North Macedonia signed the Prespa Agreement.",  # variants inside the terms
        "The nato-style pact",  # lower-case: neither the variant nor a casing of it
        "",
    ],
)
def test_forbidden_variant_passes(mt):
    assert run(ForbiddenVariant(), document([mt]), GLOSSARY) == []


def test_entry_severity_replaces_check_severity():
    (critical,) = run(ForbiddenVariant(), document(["under the Prespa Accord"]), GLOSSARY)
    assert critical.severity is Severity.CRITICAL
    (minor,) = run(ForbiddenVariant(), document(["an asylum searcher"]), GLOSSARY)
    assert minor.severity is Severity.MINOR
    (major,) = run(ForbiddenVariant(), document(["FYROM"]), GLOSSARY)
    assert major.severity is Severity.MAJOR


def test_location_in_a_multi_line_document():
    findings = run(ForbiddenVariant(), document(["Fine line.", "Then Elise Stefanick spoke."]), GLOSSARY)
    (finding,) = findings
    assert (finding.segment, finding.position, finding.line, finding.start, finding.end) == ("2", 2, 2, 5, 20)


def test_no_glossary_no_findings():
    assert run(ForbiddenVariant(), document(["Elise Stefanick"]), None) == []


@pytest.mark.parametrize("path", ["newsroom_v2.tbx", "newsroom_v3.tbx"])
def test_tbx_and_csv_give_the_same_findings(path):
    doc = document(["The Central Electoral Commission and Elise Stefanic met under the Prespa Accord."])
    from_csv = run(ForbiddenVariant(), doc, load_glossaries([DATA / "newsroom.glossary.csv"]))
    from_tbx = run(ForbiddenVariant(), doc, load_glossaries([DATA / path], source_lang="mk", target_lang="en"))
    assert len(from_csv) == 3
    # Messages name the glossary file and line the entry came from; everything else is equal.
    assert [without_origin(f) for f in from_tbx] == [without_origin(f) for f in from_csv]
