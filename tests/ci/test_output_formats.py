"""Every CI output format, checked against its schema or parser, or line by line."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ci_records import FAKE_CHECKS, make_finding, make_result, scores
from junitparser import Failure, JUnitXml

from mtcheck.config import OUTPUT_FORMATS, GateConfig, MetricLimit
from mtcheck.report.formats import render
from mtcheck.report.formats.github import GITHUB_ANNOTATIONS_PER_LEVEL
from mtcheck.report.formats.shared import display_path
from mtcheck.gate import evaluate_gate
from mtcheck.model import Severity
from mtcheck.report.formats import FORMATS

SCHEMAS = Path(__file__).parent / "schemas"
MINOR, MAJOR, CRITICAL = Severity.MINOR, Severity.MAJOR, Severity.CRITICAL


@pytest.fixture
def base(tmp_path):
    return tmp_path


@pytest.fixture
def findings(base):
    a = str(base / "corpus" / "mt" / "a.txt")
    b = str(base / "corpus" / "mt" / "b.txt")
    return [
        make_finding(MAJOR, file=a, doc="a", line=3, start=4, end=13),
        make_finding(
            CRITICAL,
            code="MT301",
            rule="wrong-number",
            file=a,
            doc="a",
            line=7,
            start=0,
            end=2,
            found="15",
            expected="50",
            message="number 15 should be 50",
            context="15 people were hurt.",
        ),
        make_finding(
            MINOR,
            code="MT201",
            rule="missing-acronym",
            file=b,
            doc="b",
            line=1,
            start=10,
            end=14,
            found="NATO",
            expected="OTAN",
            message="acronym NATO: the reference has OTAN",
            context="Leaders of NATO met.",
        ),
    ]


@pytest.fixture
def result(findings):
    return make_result(
        findings,
        documents={("mt", "a"): (400, scores(chrf=40.0)), ("mt", "b"): (600, scores()), ("mt", "c"): (300, scores())},
    )


def test_display_path_relative_below_base_else_unchanged(base):
    assert display_path(str(base / "corpus" / "a.txt"), base) == "corpus/a.txt"
    assert display_path("/elsewhere/a.txt", base) == "/elsewhere/a.txt"
    assert display_path("", base) == ""


# ------------------------------------------------------------------ github


def test_github_annotations_exact(findings, base):
    lines = render("github", findings, base=base).splitlines()
    assert lines == [
        "::error file=corpus/mt/a.txt,line=7,col=1,endColumn=2,title=MT301 wrong-number::[critical, high] segment 2: number 15 should be 50",
        "::error file=corpus/mt/a.txt,line=3,col=5,endColumn=13,title=MT101 garbled-name::"
        "[major, high] segment 2: name 'Zelenskiy' differs from the reference 'Zelensky'",
        "::warning file=corpus/mt/b.txt,line=1,col=11,endColumn=14,title=MT201 missing-acronym::"
        "[minor, high] segment 2: acronym NATO: the reference has OTAN",
    ]


def test_github_escapes_data_and_properties(base):
    finding = make_finding(
        MINOR,
        file=str(base / "news, 2024" / "a:b.txt"),
        code="MT201",
        rule="missing-acronym",
        message="50% of votes\r\nare: counted, twice",
    )
    (line,) = render("github", [finding], base=base).splitlines()
    assert line == (
        "::warning file=news%2C 2024/a%3Ab.txt,line=3,col=5,endColumn=13,title=MT201 missing-acronym::"
        "[minor, high] segment 2: 50%25 of votes%0D%0Aare: counted, twice"
    )


def test_github_without_file_has_no_location():
    (line,) = render("github", [make_finding(file="")], base=Path.cwd()).splitlines()
    assert line == (
        "::error title=MT101 garbled-name::[major, high] segment 2: name 'Zelenskiy' differs from the reference 'Zelensky'"
    )


def test_github_respects_per_step_limits_and_says_what_it_left_out(base):
    majors = [make_finding(MAJOR, line=n, file=str(base / "a.txt")) for n in range(1, 13)]
    minors = [make_finding(MINOR, line=n, file=str(base / "b.txt"), doc="b") for n in range(1, 12)]
    result = make_result(majors + minors, documents={("mt", "a"): (1000, scores()), ("mt", "b"): (1000, scores())})
    gate = evaluate_gate(result)
    lines = render("github", majors + minors, gate=gate, base=base).splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert len(errors) == GITHUB_ANNOTATIONS_PER_LEVEL == 10
    assert len(warnings) == 10
    assert (
        lines[0]
        == "::error title=mtcheck gate failed%3A 1 violations::"
        "fail-on (mt/a): 12 findings of severity major or above with probability 0.79 or above"
    )
    assert errors[1].startswith("::error file=a.txt,line=1,")  # findings follow in file order
    assert lines[-1] == (
        "mtcheck: 3 error and 1 warning annotations not shown (GitHub shows at most 10 errors and "
        "10 warnings per step); the full list is in the report files."
    )
    assert len(lines) == 21


def test_github_uses_workspace_when_no_base_given(findings, base, monkeypatch):
    monkeypatch.setenv("GITHUB_WORKSPACE", str(base / "corpus"))
    assert render("github", findings[:1]).startswith("::error file=mt/a.txt,line=3,")


# ------------------------------------------------------------------- gitlab


def test_gitlab_code_quality_matches_schema(findings, base):
    issues = json.loads(render("gitlab", findings, base=base))
    schema = json.loads((SCHEMAS / "gitlab-codequality.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(issues, schema)
    assert [
        (i["check_name"], i["severity"], i["location"]["path"], i["location"]["positions"]["begin"]["line"]) for i in issues
    ] == [
        ("MT101", "major", "corpus/mt/a.txt", 3),
        ("MT301", "critical", "corpus/mt/a.txt", 7),
        ("MT201", "minor", "corpus/mt/b.txt", 1),
    ]
    assert len({issue["fingerprint"] for issue in issues}) == 3
    assert issues[0]["description"] == (
        "MT101 garbled-name [major, high] segment 2: name 'Zelenskiy' differs from the reference 'Zelensky'"
    )


def test_gitlab_schema_rejects_a_broken_issue():
    schema = json.loads((SCHEMAS / "gitlab-codequality.schema.json").read_text(encoding="utf-8"))
    broken = [
        {"description": "x", "check_name": "MT101", "fingerprint": "f", "severity": "severe", "location": {"path": "a"}}
    ]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


# -------------------------------------------------------------------- junit


def parse_junit(text: str, folder: Path) -> JUnitXml:
    """Parse as CI would: from the file the CLI writes (the text carries an encoding declaration)."""
    path = folder / "junit.xml"
    path.write_text(text, encoding="utf-8")
    return JUnitXml.fromfile(str(path))


def test_junit_cases_fail_where_the_gate_fails_and_list_findings_in_system_out(findings, result, base):
    gate = evaluate_gate(result, GateConfig(min_chrf=MetricLimit(document=45)))
    failing_documents = {(v.system, v.doc) for v in gate.violations}
    assert failing_documents == {("mt", "a")}
    xml = parse_junit(render("junit", findings, result=result, gate=gate, base=base), base)
    cases = {(suite.name, case.name): case for suite in xml for case in suite}
    assert set(cases) == {("mtcheck mt", "a"), ("mtcheck mt", "b"), ("mtcheck mt", "c"), ("mtcheck gate", "gate")}
    failed = {key for key, case in cases.items() if not case.is_passed}
    assert failed == {("mtcheck mt", "a")}  # the gate's documents, not every document with a finding
    (failure,) = [r for r in cases[("mtcheck mt", "a")].result if isinstance(r, Failure)]
    assert failure.type == "gate" and failure.message == "gate failed: 2 rules"
    assert "min-chrf (mt/a): chrF 40.00 is below the minimum 45" in failure.text
    assert cases[("mtcheck mt", "a")].system_out.splitlines() == [
        "corpus/mt/a.txt:3:5: MT101 garbled-name [major, high] segment 2: name 'Zelenskiy' differs from the reference 'Zelensky'",
        "corpus/mt/a.txt:7:1: MT301 wrong-number [critical, high] segment 2: number 15 should be 50",
    ]
    suites = list(xml)
    assert [(s.tests, s.failures) for s in suites] == [(3, 1), (1, 0)]
    assert (xml.tests, xml.failures) == (4, 1)
    assert cases[("mtcheck mt", "b")].system_out  # its findings are listed though it passes


def test_junit_system_and_run_wide_rules_have_cases_of_their_own(findings, result, base):
    gate = evaluate_gate(result, GateConfig(fail_on=None, min_chrf=MetricLimit(system=99)))
    assert {(v.system, v.doc) for v in gate.violations} == {("mt", None)}
    xml = parse_junit(render("junit", findings, result=result, gate=gate, base=base), base)
    failed = {(suite.name, case.name) for suite in xml for case in suite if not case.is_passed}
    assert failed == {("mtcheck mt", "system-wide gate rules")}


def test_junit_validates_against_the_jenkins_schema(findings, result, base):
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-10.xsd")))
    gate = evaluate_gate(result, GateConfig(min_chrf=MetricLimit(document=45)))
    document = etree.fromstring(render("junit", findings, result=result, gate=gate, base=base).encode("utf-8"))
    # `file` on a test case is for GitLab, which reads it; Jenkins' schema does not know it.
    for case in document.iter("testcase"):
        case.attrib.pop("file", None)
    assert schema.validate(document), schema.error_log


def test_junit_without_a_gate_fails_nothing_and_strips_control_characters(base):
    finding = make_finding(message="bad \x0b character", file=str(base / "a.txt"))
    xml = parse_junit(render("junit", [finding], base=base), base)
    (case,) = [case for suite in xml for case in suite]
    assert case.name == "a" and case.is_passed
    assert "bad \ufffd character" in case.system_out


# --------------------------------------------------------------- json, jsonl


def test_json_has_findings_gate_and_summary(findings, result, base):
    gate = evaluate_gate(result)
    document = json.loads(render("json", findings, gate=gate, result=result, base=base))
    assert document["tool"] == "mtcheck"
    assert document["summary"]["findings"] == 3
    assert document["summary"]["by_severity"] == {"critical": 1, "major": 1, "minor": 1}
    assert document["summary"]["documents"] == 3
    assert document["summary"]["systems"][0]["words"] == 1300
    assert document["gate"]["passed"] is False
    assert [v["scope"] for v in document["gate"]["violations"]] == ["mt/a"]
    assert [f["code"] for f in document["findings"]] == ["MT101", "MT301", "MT201"]
    assert document["findings"][0]["file"] == "corpus/mt/a.txt"
    assert document["findings"][0]["severity"] == "major"


def test_json_without_gate_or_result(findings, base):
    document = json.loads(render("json", findings, base=base))
    assert document["gate"] is None
    assert "systems" not in document["summary"]


def test_jsonl_one_finding_per_line(findings, base):
    lines = render("jsonl", findings, base=base).splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 3
    assert [(r["doc"], r["line"], r["start"], r["end"]) for r in records] == [
        ("a", 3, 4, 13),
        ("a", 7, 0, 2),
        ("b", 1, 10, 14),
    ]
    assert all(len(r["fingerprint"]) == 64 for r in records)
    assert records[2]["context"] == "Leaders of NATO met."
    assert render("jsonl", [], base=base) == ""


# -------------------------------------------------------------------- sarif


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def test_sarif_is_valid_against_the_official_schema(findings, base, sarif_validator):
    document = json.loads(render("sarif", findings, checks=FAKE_CHECKS, base=base))
    sarif_validator.validate(document)
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["MT101", "MT201", "MT301"]
    assert rules[0]["name"] == "garbled-name"
    assert rules[0]["shortDescription"]["text"] == "Flags a name the MT spelled differently from the reference."
    assert "Anti-pattern" in rules[0]["help"]["text"]
    first = run["results"][0]
    assert first["ruleId"] == "MT101" and rules[first["ruleIndex"]]["id"] == "MT101"
    assert first["level"] == "error"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "corpus/mt/a.txt"},
        "region": {"startLine": 3, "startColumn": 5, "endColumn": 14},
    }
    assert [r["level"] for r in run["results"]] == ["error", "error", "warning"]
    assert len({r["partialFingerprints"]["mtcheckFinding/v2"] for r in run["results"]}) == 3


def test_sarif_rule_for_a_check_outside_the_registry_and_uri_encoding(base, sarif_validator):
    finding = make_finding(code="MT401", rule="glossary-term", file=str(base / "news 2024" / "a.txt"))
    document = json.loads(render("sarif", [finding], checks=(), base=base))
    sarif_validator.validate(document)
    run = document["runs"][0]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["MT401"]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "news%202024/a.txt"


def test_sarif_schema_catches_a_wrong_document(sarif_validator):
    with pytest.raises(jsonschema.ValidationError):
        sarif_validator.validate({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})


# --------------------------------------------------------------- text, dispatch


def test_text_shows_first_findings_per_document_and_gate(findings, result, base):
    many = findings + [make_finding(MINOR, line=n, doc="a", file=findings[0].file) for n in range(20, 25)]
    text = render("text", many, gate=evaluate_gate(make_result(many)), per_document=3)
    assert "MT301" in text and "MT201" in text
    assert "4 more in this document" in text
    assert "Gate failed: 1 violations" in text


def test_the_terminal_table_shows_whole_documents_up_to_a_number_of_rows_then_how_many_it_leaves_out():
    import io

    from rich.console import Console

    from mtcheck.report.terminal import findings_table

    # Documents a, b, c, d with 3, 3, 2 and 1 findings; at most 2 rows a document.
    many = [make_finding(MINOR, doc=doc, line=n + 1) for doc, count in (("a", 3), ("b", 3), ("c", 2), ("d", 1)) for n in range(count)]

    def shown(**options) -> tuple[str, str]:
        console = Console(width=200, file=io.StringIO(), color_system=None, markup=False, highlight=False)
        console.print(findings_table(many, per_document=2, **options))
        text = console.file.getvalue()
        documents = "".join(sorted({line[2] for line in text.splitlines() if line.startswith("│ ") and line[3] == ":"}))
        return documents, " ".join(text.split())

    # Everything fits: every document, and no line about findings left out.
    for options in ({}, {"most": 7}, {"most": 100}):
        documents, text = shown(**options)
        assert documents == "abcd" and "all of them" not in text, options
    assert "1 more in this document (flags.csv has all)" in shown()[1]
    # Whole documents only: a and b are 4 rows, c would make 6.
    documents, text = shown(most=5, listed_in=["flags.csv", "report.html"])
    assert documents == "ab"
    assert "… 3 more findings in 2 more documents: flags.csv and report.html have all of them" in text
    documents, text = shown(most=6)
    assert documents == "abc" and "… 1 more finding in 1 more document: flags.csv has all of them" in text
    # The first document is shown even when its rows alone are more than `most`.
    documents, text = shown(most=1)
    assert documents == "a" and "… 6 more findings in 3 more documents: flags.csv has all of them" in text


def test_the_registry_holds_the_formats_the_configuration_accepts_in_its_order():
    assert tuple(FORMATS) == OUTPUT_FORMATS


@pytest.mark.parametrize("name", OUTPUT_FORMATS)
def test_render_dispatches_every_format(name, findings, result, base):
    assert render(name, findings, gate=evaluate_gate(result), result=result, checks=FAKE_CHECKS, base=base).strip()


def test_render_rejects_unknown_format(findings):
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render("xml", findings)


def test_text_format_prints_markup_in_user_text_as_written():

    finding = make_finding(doc="[bold]report[/]", found="[/]Zelenskiy", message="name '[red]x' differs")
    text = render("text", [finding])
    assert "[bold]report[/]" in text and "[/]Zelenskiy" in text and "[red]x" in text
