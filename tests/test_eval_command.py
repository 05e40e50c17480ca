"""`mtcheck eval`: findings measured against human span labels.

Library tests on hand-built labels and findings with known overlaps, then the
command end to end on a small invented corpus, via its own `mtcheck run`.
"""

from __future__ import annotations

import csv
from dataclasses import replace
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.errors import InputError
from mtcheck.evaluation import (
    CorpusRow,
    GateRule,
    evaluate,
    hits,
    is_segment_level,
    load_flags,
    load_labels,
    match_findings,
    span_positions,
)
from mtcheck.model import Confidence, Finding, Severity
from mtcheck.report.tables import EVAL_BY_CHECK_COLUMNS, EVAL_COLUMNS, write_evaluation

runner = CliRunner()
LABEL_HEADER = "doc\tsegment\tsystem\tcategory\tseverity\tspan\tnote"


def write_labels(path: Path, *rows: str, header: str = LABEL_HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def finding(segment, start, end, code="MT101", severity=Severity.MAJOR, confidence=Confidence.HIGH, system="A", doc="d"):
    return Finding(system, doc, segment, 0, 0, start, end, code, "rule", severity, "x", "", "", confidence=confidence)


def score(result, table, group):
    found = result.score(table, group)
    assert found is not None, (table, group)
    return found


# ---------------------------------------------------------------- labels


def test_rater_duplicates_count_once_with_the_highest_severity(tmp_path):
    table = load_labels(
        write_labels(
            tmp_path / "labels.tsv",
            "d\t1\tA\tAccuracy/Mistranslation\tMinor\tVarga\trater=r1; flags=CAP,NAMELIKE",
            "d\t1\tA\tAccuracy/Mistranslation\tMAJOR\tVarga\trater=r2; flags=NAMELIKE",
            "d\t1\tA\tFluency/Spelling\tminor\tVarga\trater=r3",
            "d\t1\tA\tAccuracy/Mistranslation\tMinor\tharbour\trater=r1",
            "d\t2\tA\tNo-error\tNo-error\t\trater=r1",
            "d\t2\tA\tOther\tNeutral\tthe\trater=r2",
        )
    )
    assert table.annotations == 4
    assert table.ignored == {"No-error": 1, "Neutral": 1}
    by_span = {label.span: label for label in table.labels}
    assert set(by_span) == {"Varga", "harbour"}
    varga = by_span["Varga"]
    assert (varga.severity, varga.annotations, varga.category) == (Severity.MAJOR, 3, "Accuracy/Mistranslation")
    assert varga.flags == ("CAP", "NAMELIKE")
    assert by_span["harbour"].severity is Severity.MINOR


def test_same_text_at_two_given_offsets_are_two_labels(tmp_path):
    table = load_labels(
        write_labels(
            tmp_path / "labels.tsv",
            "d\t1\tA\tc\tMajor\tVarga\t\t4\t9",
            "d\t1\tA\tc\tMajor\tVarga\t\t23\t28",
            "d\t1\tA\tc\tMinor\tVarga\t\t23\t28",
            header=LABEL_HEADER + "\tstart\tend",
        )
    )
    assert sorted((label.start, label.end, label.annotations) for label in table.labels) == [(4, 9, 1), (23, 28, 2)]


@pytest.mark.parametrize(
    "content, problem",
    [
        ("", "empty"),
        (LABEL_HEADER + "\n", "no rows"),
        ("doc\tsegment\tsystem\tspan\nd\t1\tA\tVarga\n", "missing column(s) category, severity"),
        (LABEL_HEADER + "\nd\t1\tA\tc\tMajor\n", "expected 7 tab-separated fields"),
        (LABEL_HEADER + "\tstart\tend\nd\t1\tA\tc\tMajor\tVarga\t\tfour\t9\n", "whole numbers"),
        (LABEL_HEADER + "\tstart\tend\nd\t1\tA\tc\tMajor\tVarga\t\t9\t4\n", "start <= end"),
    ],
)
def test_malformed_labels_are_input_errors(tmp_path, content, problem):
    path = tmp_path / "labels.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(problem)):
        load_labels(path)


def test_labels_keep_quotes_as_text(tmp_path):
    table = load_labels(write_labels(tmp_path / "labels.tsv", 'd\t1\tA\tc\tMajor\t"Blue Harbour" deal\t'))
    assert table.labels[0].span == '"Blue Harbour" deal'


# ---------------------------------------------------------------- matching

MT = "The Varga plan and the Varga fund were approved by 312 votes."
ROWS = [CorpusRow("d", "1", "A", MT), CorpusRow("d", "2", "A", "Nothing to see here."), CorpusRow("d", "3", "A", "Clean text.")]


def labels_from(tmp_path, *rows, header=LABEL_HEADER):
    return load_labels(write_labels(tmp_path / "labels.tsv", *rows, header=header))


def test_a_span_that_occurs_twice_matches_at_either_occurrence(tmp_path):
    assert span_positions(MT, "Varga") == [(4, 9), (23, 28)]
    assert span_positions(MT, "varga") == [(4, 9), (23, 28)]  # case only decides when nothing matches exactly
    labels = labels_from(tmp_path, "d\t1\tA\tc\tMajor\tVarga\t").labels
    first, second, elsewhere = finding(1, 4, 9), finding(1, 23, 28), finding(1, 51, 54)
    matching = match_findings([first, second, elsewhere], labels, ROWS)
    assert matching.labels_of == [[0], [0], []]
    assert matching.findings_of == [[0, 1]]


def test_given_offsets_pin_one_occurrence(tmp_path):
    labels = labels_from(tmp_path, "d\t1\tA\tc\tMajor\tVarga\t\t23\t28", header=LABEL_HEADER + "\tstart\tend").labels
    matching = match_findings([finding(1, 4, 9), finding(1, 25, 30)], labels, ROWS)
    assert matching.labels_of == [[], [0]]


def test_offsets_beyond_the_mt_fall_back_to_the_span_with_a_warning(tmp_path):
    labels = labels_from(tmp_path, "d\t1\tA\tc\tMajor\tVarga\t\t90\t95", header=LABEL_HEADER + "\tstart\tend").labels
    matching = match_findings([finding(1, 4, 9), finding(1, 23, 28)], labels, ROWS)
    assert matching.labels_of == [[0], [0]]
    assert any("beyond their row's MT text" in warning for warning in matching.warnings)


def test_omissions_and_spans_not_in_the_mt_match_by_row(tmp_path):
    labels = labels_from(
        tmp_path,
        "d\t1\tA\tAccuracy/Omission\tMajor\t瓦尔加基金\tspan_in=source",
        "d\t1\tA\tAccuracy/Mistranslation\tMinor\tVargas\t",  # not in the MT as written
    ).labels
    matching = match_findings([finding(1, 51, 54, "MT301"), finding(2, 0, 7, "MT301")], labels, ROWS)
    assert matching.labels_of == [[0, 1], []]  # same row matches, another row does not


def test_segment_level_findings_match_by_row(tmp_path):
    labels = labels_from(tmp_path, "d\t1\tA\tc\tMajor\t312 votes\t").labels
    whole = finding(1, 0, len(MT), "MT102")
    empty = finding(1, 0, 0, "MT403")
    span_elsewhere = finding(1, 4, 9, "MT101")
    assert is_segment_level(whole, MT) and is_segment_level(empty, MT) and not is_segment_level(span_elsewhere, MT)
    assert hits(whole, MT, [(51, 60)]) and not hits(span_elsewhere, MT, [(51, 60)])
    matching = match_findings([whole, empty, span_elsewhere, finding(2, 0, 20, "MT102")], labels, ROWS)
    assert matching.labels_of == [[0], [0], [], []]


def test_labels_and_findings_of_unknown_rows_are_left_out_with_a_warning(tmp_path):
    labels = labels_from(tmp_path, "d\t1\tA\tc\tMajor\tVarga\t", "d\t9\tA\tc\tMajor\tVarga\t", "e\t1\tZ\tc\tMinor\tx\t").labels
    matching = match_findings([finding(1, 4, 9), finding(7, 0, 3)], labels, ROWS)
    assert len(matching.labels) == 1 and len(matching.findings) == 1
    assert any("2 label(s) name 2 row(s) not in the corpus" in w for w in matching.warnings)
    assert any("1 finding(s)" in w and "segment 7" in w for w in matching.warnings)


# ---------------------------------------------------------------- metrics

CORPUS = [
    CorpusRow("d", "1", "A", MT),
    CorpusRow("d", "2", "A", "Mayor Odile Kastrup opened the Blue Harbour bridge."),
    CorpusRow("d", "3", "A", "The bridge cost 4.5 million euros."),
    CorpusRow("d", "4", "A", "Traffic was light on the first day."),
    CorpusRow("d", "5", "A", "Buses now stop at the bridge."),
    CorpusRow("d", "6", "A", "Cyclists have their own lane."),
]
LABELS = [
    "d\t1\tA\tAccuracy/Mistranslation\tMajor\tVarga\tflags=NAMELIKE",
    "d\t1\tA\tAccuracy/Mistranslation\tMinor\tVarga\tflags=NAMELIKE",
    "d\t1\tA\tAccuracy/Mistranslation\tMinor\t312\tflags=NAMELIKE",
    "d\t2\tA\tFluency/Spelling\tMinor\tKastrup\tflags=NAMELIKE",
    "d\t3\tA\tAccuracy/Mistranslation\tMajor\t4.5 million\tflags=NAMELIKE",
    "d\t3\tA\tStyle/Awkward\tMinor\tcost\t",
]


def example_findings():
    return [
        finding(1, 4, 9, "MT101"),  # Varga (major label): hit
        finding(1, 51, 54, "MT301"),  # 312 (minor label): hit, below its own severity
        finding(2, 0, 5, "MT103", Severity.MAJOR, Confidence.MEDIUM),  # "Mayor": a false alarm in a labelled row
        finding(3, 0, 0, "MT403"),  # segment-level: hits both labels of row 3
        finding(4, 0, 7, "MT103", Severity.MAJOR, Confidence.LOW),  # clean row, below the gate's confidence
        finding(5, 0, 5, "MT301", Severity.MINOR),  # clean row, below the gate's severity
        finding(6, 0, 8, "MT103"),  # clean row, a gate finding
    ]


@pytest.fixture
def example(tmp_path):
    return evaluate(example_findings(), labels_from(tmp_path, *LABELS), CORPUS, GateRule(Severity.MAJOR, Confidence.HIGH))


def test_overall_precision_recall_and_f1(example):
    overall = example.overall
    assert (overall.findings, overall.findings_on_label, overall.labels, overall.labels_hit) == (7, 3, 5, 4)
    assert overall.precision == pytest.approx(3 / 7) and overall.recall == pytest.approx(4 / 5)
    assert overall.f1 == pytest.approx(2 * (3 / 7) * (4 / 5) / (3 / 7 + 4 / 5))
    assert example.annotations == 6 and len(example.labels) == 5


def test_per_check_recall_is_the_share_of_all_labels(example):
    checks = {check.code: check for check in example.checks}
    assert (checks["MT101"].findings, checks["MT101"].labels_hit, checks["MT101"].recall) == (1, 1, pytest.approx(0.2))
    assert (checks["MT403"].labels_hit, checks["MT403"].recall) == (2, pytest.approx(0.4))
    assert checks["MT301"].precision == pytest.approx(0.5) and checks["MT301"].precision_major == pytest.approx(0.0)
    assert checks["MT103"].precision == pytest.approx(0.0) and checks["MT103"].recall == pytest.approx(0.0)
    assert checks["MT403"].precision_major == pytest.approx(1.0)
    # Every check of the registry is listed, even without findings.
    assert checks["MT202"].findings == 0 and checks["MT202"].precision is None


def test_per_severity_and_confidence(example):
    major = score(example, "severity", "major")
    assert (major.findings, major.findings_on_label, major.labels_hit) == (6, 3, 4)
    minor = score(example, "severity", "minor")
    assert (minor.findings, minor.findings_on_label, minor.precision) == (1, 0, 0.0)
    assert score(example, "confidence", "high").findings == 5
    assert score(example, "confidence", "low").precision == pytest.approx(0.0)


def test_reliability_counts_labels_at_least_as_severe_as_the_finding(example):
    # The example's findings carry no probability (as from an old flags.csv): no reliability rows.
    assert [s for s in example.scores if s.table == "reliability"] == []
    stated = [replace(f, probability=0.9) for f in example.findings]
    result = evaluate(stated, example.labels, CORPUS)
    top = score(result, "reliability", "0.9-1.0")
    # MT101 and MT403 on a major label count; MT301 hit only a minor one (too mild for a major finding).
    assert top.findings == len(stated) and top.mean_probability == pytest.approx(0.9)
    assert top.findings_on_label == sum(
        any(label.severity.rank >= f.severity.rank for label in (example.labels[i] for i in indices))
        for f, indices in zip(example.findings, example.matching.labels_of)
    )
    assert score(result, "reliability", "expected calibration error").share == pytest.approx(abs(0.9 - top.precision), abs=1e-4)


def test_rows_and_clean_rows(example):
    counts = example.row_counts
    assert (counts.rows, counts.labelled, counts.flagged, counts.flagged_and_labelled) == (6, 3, 6, 3)
    assert (counts.clean, counts.clean_with_finding, counts.clean_with_gate_finding) == (3, 3, 1)
    assert score(example, "rows", "clean with a gate finding").share == pytest.approx(1 / 3)
    assert score(example, "rows", "flagged and labelled").share == pytest.approx(1.0)


def test_gate_view_uses_fail_on_and_min_confidence(example, tmp_path):
    gate = example.gate_score
    # Gate findings: MT101, MT301 (row 1), MT403, MT103 on row 6; against labels >= major.
    assert gate.group == "severity >= major, confidence >= high"
    assert (gate.findings, gate.findings_on_label, gate.labels, gate.labels_hit) == (4, 2, 2, 2)
    assert (gate.rows, gate.share) == (1, pytest.approx(1 / 3))
    looser = evaluate(example_findings(), labels_from(tmp_path, *LABELS), CORPUS, GateRule(Severity.MAJOR, Confidence.LOW))
    assert looser.gate_score.findings == 6 and looser.row_counts.clean_with_gate_finding == 2
    none = evaluate(example_findings(), labels_from(tmp_path, *LABELS), CORPUS, GateRule(None))
    assert none.gate_score.findings == 0 and none.row_counts.clean_with_gate_finding == 0


def test_recall_per_label_flag_category_and_severity(example):
    namelike = score(example, "label-flag", "NAMELIKE")
    assert (namelike.labels, namelike.labels_hit) == (4, 3)  # Kastrup is missed
    style = score(example, "label-category", "Style/Awkward")
    assert (style.labels, style.labels_hit) == (1, 1)  # by the segment-level MT403
    spelling = score(example, "label-category", "Fluency/Spelling")
    assert (spelling.labels, spelling.labels_hit) == (1, 0)
    assert score(example, "label-severity", "major").recall == pytest.approx(1.0)


def test_reports_have_fixed_columns_and_are_reproducible(example, tmp_path):
    write_evaluation(example, tmp_path / "one")
    write_evaluation(example, tmp_path / "two")
    for name in ("eval.csv", "eval-by-check.csv", "eval-labels.csv", "eval-findings.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    with (tmp_path / "one" / "eval.csv").open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == EVAL_COLUMNS
        rows = list(reader)
    assert rows[0] == {**rows[0], "table": "overall", "group": "all", "findings": "7", "findings_on_label": "3", "precision": "0.4286"}
    assert [row["table"] for row in rows][:2] == ["overall", "gate"]
    with (tmp_path / "one" / "eval-by-check.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == EVAL_BY_CHECK_COLUMNS


# ---------------------------------------------------------------- the command


def invoke(*args):
    return runner.invoke(app, [str(arg) for arg in args])


CORPUS_ROWS = [
    # system A: a garbled name, a changed number, a clean row with a wording label
    ("harbour", "1", "A", "Mayor Odile Kastrupp opened the new Blue Harbour bridge on Monday.",
     "Mayor Odile Kastrup opened the new Blue Harbour bridge on Monday."),
    ("harbour", "2", "A", "The bridge cost 4.8 million euros.", "The bridge cost 4.5 million euros."),
    ("harbour", "3", "A", "Traffic was smooth on the first morning.", "Traffic was light on the first morning."),
    # system B: the MT is the reference, except a number the raters accepted
    ("harbour", "1", "B", "Mayor Odile Kastrup opened the new Blue Harbour bridge on Monday.",
     "Mayor Odile Kastrup opened the new Blue Harbour bridge on Monday."),
    ("harbour", "2", "B", "The bridge cost 4.2 million euros.", "The bridge cost 4.5 million euros."),
    ("harbour", "3", "B", "Traffic was light on the first morning.", "Traffic was light on the first morning."),
]  # fmt: skip
CLI_LABELS = [
    "harbour\t1\tA\tAccuracy/Mistranslation\tMajor\tKastrupp\trater=r1; flags=CAP,NAMELIKE",
    "harbour\t1\tA\tFluency/Spelling\tMinor\tKastrupp\trater=r2; flags=CAP,NAMELIKE",
    "harbour\t2\tA\tAccuracy/Mistranslation\tMajor\t4.8 million\trater=r1; flags=NAMELIKE",
    "harbour\t3\tA\tStyle/Awkward\tMinor\tsmooth\trater=r1",
    "harbour\t3\tB\tNo-error\tNo-error\t\trater=r1",
]


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus.tsv"
    lines = ["doc\tsegment\tsystem\tmt\tref", *("\t".join(row) for row in CORPUS_ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def labels(tmp_path):
    return write_labels(tmp_path / "labels.tsv", *CLI_LABELS)


@pytest.fixture
def flags(tmp_path, corpus, shared_model):
    result = invoke("run", corpus, "--out", tmp_path / "run", "--exit-zero", "--isolated")
    assert result.exit_code == 0, result.output
    return tmp_path / "run" / "flags.csv"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def by_table(rows):
    return {(row["table"], row["group"]): row for row in rows}


def test_eval_of_a_runs_flags_csv(tmp_path, corpus, labels, flags):
    flagged = read_csv(flags)
    codes = {(row["system"], row["segment"], row["code"]) for row in flagged}
    # The run finds the planted errors (and the number the raters accepted).
    assert {("A", "1", "MT101"), ("A", "2", "MT301"), ("B", "2", "MT301")} <= codes
    result = invoke("eval", corpus, "--labels", labels, "--flags", flags, "--out", tmp_path / "ev", "--isolated")
    assert result.exit_code == 0, result.output
    assert "precision of all findings" in result.output and "MT101" in result.output
    table = by_table(read_csv(tmp_path / "ev" / "eval.csv"))
    overall = table[("overall", "all")]
    assert int(overall["findings"]) == len(flagged)
    assert (overall["labels"], overall["labels_hit"]) == ("3", "2")  # rater duplicates merged; "smooth" is missed
    on_label = [row for row in flagged if row["system"] == "A" and row["segment"] in ("1", "2")]
    assert int(overall["findings_on_label"]) == len(on_label)
    assert table[("rows", "all")]["rows"] == "6"
    assert table[("rows", "clean")]["rows"] == "3"  # the No-error label does not make a row labelled
    assert table[("label-flag", "NAMELIKE")]["recall"] == "1.0000"
    assert table[("label-category", "Style/Awkward")]["labels_hit"] == "0"
    clean_gate = {(row["system"], row["segment"]) for row in flagged if row["severity"] in ("major", "critical") and row["confidence"] == "high"}
    clean_gate -= {("A", "1"), ("A", "2"), ("A", "3")}
    assert table[("rows", "clean with a gate finding")]["rows"] == str(len(clean_gate))
    checks = {row["code"]: row for row in read_csv(tmp_path / "ev" / "eval-by-check.csv")}
    assert checks["MT101"]["labels_hit"] == "1" and checks["MT101"]["precision"] == "1.0000"
    assert checks["MT301"]["labels_hit"] == "1" and float(checks["MT301"]["precision"]) < 1
    labels_detail = {row["span"]: row for row in read_csv(tmp_path / "ev" / "eval-labels.csv")}
    assert labels_detail["Kastrupp"]["severity"] == "major" and labels_detail["Kastrupp"]["annotations"] == "2"
    assert "MT101" in labels_detail["Kastrupp"]["hit_by"] and labels_detail["smooth"]["hit_by"] == ""


def test_eval_running_the_checks_agrees_with_eval_of_flags(tmp_path, corpus, labels, flags):
    assert invoke("eval", corpus, "--labels", labels, "--flags", flags, "--out", tmp_path / "a", "--isolated").exit_code == 0
    result = invoke("eval", corpus, "--labels", labels, "--out", tmp_path / "b", "--isolated")
    assert result.exit_code == 0, result.output
    for name in ("eval.csv", "eval-by-check.csv", "eval-labels.csv", "eval-findings.csv"):
        assert (tmp_path / "a" / name).read_text() == (tmp_path / "b" / name).read_text(), name


def test_min_precision_gates_the_eval(tmp_path, corpus, labels, flags):
    common = ("eval", corpus, "--labels", labels, "--flags", flags, "--out", tmp_path / "ev", "--isolated")
    result = invoke(*common, "--min-precision", "0.99")  # the accepted number is a false alarm
    assert result.exit_code == 1, result.output
    assert "precision of all findings" in result.output and "below --min-precision 0.99" in result.output
    result = invoke(*common, "--min-precision", "0.3")
    assert result.exit_code == 0, result.output
    assert "Eval gate passed" in result.output


def test_fail_on_and_min_confidence_options_change_the_gate_view(tmp_path, corpus, labels, flags):
    common = ("eval", corpus, "--labels", labels, "--flags", flags, "--isolated")
    assert invoke(*common, "--out", tmp_path / "a", "--fail-on", "critical").exit_code == 0
    groups = {row["group"] for row in read_csv(tmp_path / "a" / "eval.csv") if row["table"] == "gate"}
    assert groups == {"severity >= critical, probability >= 0.79"}
    assert invoke(*common, "--out", tmp_path / "b", "--min-confidence", "low").exit_code == 0
    groups = {row["group"] for row in read_csv(tmp_path / "b" / "eval.csv") if row["table"] == "gate"}
    assert groups == {"severity >= major, confidence >= low"}
    result = invoke(*common, "--out", tmp_path / "c", "--min-confidence", "sure")
    assert result.exit_code == 2 and "min-confidence" in result.output and "sure" in result.output


def test_fail_on_comes_from_the_configuration(tmp_path, corpus, labels, flags):
    (tmp_path / "mtcheck.toml").write_text('out = "configured"\n[gate]\nfail-on = "minor"\n', encoding="utf-8")
    result = invoke("eval", corpus, "--labels", labels, "--flags", flags)
    assert result.exit_code == 0, result.output
    rows = read_csv(tmp_path / "configured" / "eval.csv")
    assert {row["group"] for row in rows if row["table"] == "gate"} == {"severity >= minor, probability >= 0.79"}


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such labels file"),
        ("", "empty"),
        (LABEL_HEADER + "\n", "no rows"),
        ("doc\tsegment\tsystem\tspan\nharbour\t1\tA\tKastrupp\n", "missing column(s) category, severity"),
        (LABEL_HEADER + "\nharbour\t1\tA\tc\tMajor\n", "line 2"),
    ],
)
def test_bad_labels_exit_2(tmp_path, corpus, content, message):
    path = tmp_path / "labels.tsv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = invoke("eval", corpus, "--labels", path, "--flags", tmp_path / "none.csv", "--out", tmp_path / "ev", "--isolated")
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "ev").exists()


def test_a_flags_csv_without_its_columns_exits_2(tmp_path, corpus, labels):
    bad = tmp_path / "flags.csv"
    bad.write_text("system,doc,code\nA,harbour,MT101\n", encoding="utf-8")
    result = invoke("eval", corpus, "--labels", labels, "--flags", bad, "--out", tmp_path / "ev", "--isolated")
    assert result.exit_code == 2 and "missing column(s) segment, start, end, severity" in result.output
    result = invoke("eval", corpus, "--labels", labels, "--flags", tmp_path / "missing.csv", "--isolated")
    assert result.exit_code == 2 and "no such flags file" in result.output


def test_labels_of_rows_not_in_the_corpus_are_a_warning(tmp_path, corpus, flags):
    labels = write_labels(tmp_path / "labels.tsv", *CLI_LABELS, "harbour\t7\tA\tc\tMajor\tferry\t", "other\t1\tC\tc\tMinor\tx\t")
    result = invoke("eval", corpus, "--labels", labels, "--flags", flags, "--out", tmp_path / "ev", "--isolated")
    assert result.exit_code == 0, result.output
    assert "2 label(s) name 2 row(s) not in the corpus" in result.output
    assert by_table(read_csv(tmp_path / "ev" / "eval.csv"))[("overall", "all")]["labels"] == "3"


def test_flags_are_read_back_as_findings(tmp_path, flags):
    findings = load_flags(flags)
    assert findings and all(isinstance(f.segment, str) for f in findings)
    assert all(isinstance(f.severity, Severity) and isinstance(f.confidence, Confidence) for f in findings)
