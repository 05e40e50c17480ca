"""Reports: fixed columns and order, formula-safe cells, byte-identical reruns, all-or-nothing writes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from mtcheck.report import tables as report
from mtcheck.report.outputs import OUTPUT_MARKER
from mtcheck.model import (
    AlignedDocument,
    DocumentScore,
    Finding,
    Piece,
    RunResult,
    Scores,
    Segment,
    SegmentScore,
    Severity,
    SystemScore,
)


def small_result() -> RunResult:
    segments = [
        Segment("mt", "b", 1, "1-1", (Piece(1, 0, "=SUM(A1:A3) is not a formula"),), ref="-5 degrees"),
        Segment("mt", "b", 2, "1-0", (Piece(2, 0, "@channel boilerplate"),), ref=None),
    ]
    other = [Segment("mt", "a", 1, "1-1", (Piece(1, 0, "Halvorson spoke."),), ref="Halvorsen spoke.")]
    documents = [
        AlignedDocument("mt", "b", Path("b.mt.txt"), segments, True, False),
        AlignedDocument("mt", "a", Path("a.mt.txt"), other, True, False),
    ]
    finding = Finding(
        system="mt", doc="a", segment="1", position=1, line=1, start=0, end=9, code="MT101", rule="garbled-name",
        severity=Severity.MAJOR, found="Halvorson", expected="Halvorsen", message="+ garbled",
        file="a.mt.txt", string_similarity=0.91, phonetic_match=True, embedding_similarity=0.8,
    )
    scores = Scores(50.0, 60.0, 40.0, 0.9)
    return RunResult(
        documents=documents,
        segment_scores=[SegmentScore("mt", "b", 1, scores), SegmentScore("mt", "b", 2, Scores(None, None, None, None)), SegmentScore("mt", "a", 1, scores)],
        document_scores=[DocumentScore("mt", "b", 2, 8, scores), DocumentScore("mt", "a", 1, 2, scores)],
        system_scores=[SystemScore("mt", 2, 3, 10, scores)],
        findings=[finding],
        skipped_checks=[],
        signature={"mtcheck": "0.1.0", "bleu": "nrefs:1|bleu", "chrf": "nrefs:1|chrf", "ter": "nrefs:1|ter", "model": "m", "checks": "MT101"},
    )


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_columns_and_row_order(tmp_path):
    written = report.write_reports(small_result(), tmp_path)
    assert [p.name for p in written] == list(report.REPORT_FILES)
    with (tmp_path / "segments.csv").open() as handle:
        assert next(csv.reader(handle)) == report.SEGMENT_COLUMNS
    segments = read(tmp_path / "segments.csv")
    assert [(row["doc"], row["segment"]) for row in segments] == [("a", "1"), ("b", "1"), ("b", "2")]
    assert segments[2]["bleu"] == "" and segments[2]["alignment"] == "1-0"
    documents = read(tmp_path / "documents.csv")
    assert list(documents[0]) == report.DOCUMENT_COLUMNS
    assert [(row["doc"], row["major"], row["findings"]) for row in documents] == [("a", "1", "1"), ("b", "0", "0")]
    summary = read(tmp_path / "summary.csv")
    assert list(summary[0]) == report.SUMMARY_COLUMNS
    assert summary[0]["bleu_signature"] == "nrefs:1|bleu" and summary[0]["major"] == "1"
    flags = read(tmp_path / "flags.csv")
    assert list(flags[0])[:15] == ["system", "doc", "segment", "position", "line", "start", "end", "code", "rule", "severity", "confidence", "probability", "found", "expected", "message"]
    assert flags[0]["found"] == "Halvorson" and flags[0]["string_similarity"] == "0.9100"


def test_cells_that_look_like_formulas_are_neutralised(tmp_path):
    report.write_reports(small_result(), tmp_path)
    segments = read(tmp_path / "segments.csv")
    assert segments[1]["mt"] == "'=SUM(A1:A3) is not a formula"
    assert segments[1]["ref"] == "'-5 degrees"
    assert segments[2]["mt"] == "'@channel boilerplate"
    assert read(tmp_path / "flags.csv")[0]["message"] == "'+ garbled"
    assert segments[0]["mt"] == "Halvorson spoke."


def test_empty_flags_file_still_has_its_header(tmp_path):
    result = small_result()
    result.findings = []
    report.write_reports(result, tmp_path)
    assert (tmp_path / "flags.csv").read_text().splitlines()[0].startswith("system,doc,segment,position,line,start,end,code,rule,severity,confidence")


def test_rerun_is_byte_identical(tmp_path):
    report.write_reports(small_result(), tmp_path / "one")
    report.write_reports(small_result(), tmp_path / "two")
    for name in report.REPORT_FILES:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_failed_write_leaves_previous_reports_untouched(tmp_path, monkeypatch):
    report.write_reports(small_result(), tmp_path)
    before = {name: (tmp_path / name).read_bytes() for name in report.REPORT_FILES}
    original = report.csv_text

    def fail_on_flags(frame):
        if "code" in frame.columns:
            raise OSError("disk full")
        return original(frame)

    monkeypatch.setattr(report, "csv_text", fail_on_flags)
    changed = small_result()
    changed.findings = []
    with pytest.raises(OSError):
        report.write_reports(changed, tmp_path)
    assert {name: (tmp_path / name).read_bytes() for name in report.REPORT_FILES} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*report.REPORT_FILES, OUTPUT_MARKER])
