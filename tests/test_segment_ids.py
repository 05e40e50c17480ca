"""A table's segment ids are the user's keys: every report and CI format carries them verbatim, in row order."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from mtcheck import pipeline
from mtcheck.gate.baseline import apply_baseline, load_baseline, write_baseline
from mtcheck.cli import app
from mtcheck.report.formats import render
from mtcheck.gate import evaluate_gate
from mtcheck.load import load_corpus
from mtcheck.report.tables import write_reports

# Each row changes one number, so each yields one finding (MT301) in its own segment.
# Doc "keyed": ids that are not all numbers keep the file's order.
# Doc "numbered": numeric ids, written out of order, sort as numbers (2 before 10).
# Doc "mixed": numbers and a word: file order.
ROWS = [
    ("keyed", "s-10", "The council approved 15 new schools.", "The council approved 50 new schools."),
    ("keyed", "intro.3", "Mayor Halvard Brekke opened 12 libraries.", "Mayor Halvard Brekke opened 21 libraries."),
    ("keyed", "inf", "The river rose 3 metres overnight.", "The river rose 4 metres overnight."),
    ("keyed", "007", "Tickets cost 80 crowns.", "Tickets cost 90 crowns."),
    ("numbered", "10", "The ferry carried 300 passengers.", "The ferry carried 200 passengers."),
    ("numbered", "2", "The bridge is 40 metres long.", "The bridge is 60 metres long."),
    ("mixed", "10", "The harbour has 7 cranes.", "The harbour has 9 cranes."),
    ("mixed", "2", "The dock employs 600 workers.", "The dock employs 800 workers."),
    ("mixed", "x", "The strike lasted 5 days.", "The strike lasted 6 days."),
]
EXPECTED_ORDER = {
    "keyed": ["s-10", "intro.3", "inf", "007"],
    "numbered": ["2", "10"],
    "mixed": ["10", "2", "x"],
}
runner = CliRunner()


def write_table(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    table = folder / "rows.tsv"
    lines = ["doc\tsegment\tmt\tref", *("\t".join(row) for row in ROWS)]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return table


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    return write_table(tmp_path_factory.mktemp("segment-ids"))


@pytest.fixture(scope="module")
def result(table, embedder):
    return pipeline.run(table, embedder=embedder)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def ids_by_doc(rows) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for doc, segment in rows:
        grouped.setdefault(doc, []).append(segment)
    return grouped


def test_loader_keeps_ids_and_orders_numeric_ones(table):
    documents = {document.doc: document for document in load_corpus(table).documents}
    assert {doc: document.segment_ids for doc, document in documents.items()} == EXPECTED_ORDER
    # No separate id column is invented: the id is the segment.
    assert all(not document.extra_columns for document in documents.values())


def test_every_row_gives_one_finding(result):
    assert sorted((f.doc, f.segment) for f in result.findings) == sorted((row[0], row[1]) for row in ROWS)
    assert all(f.code == "MT301" for f in result.findings)


def test_segments_and_flags_csv_carry_ids_verbatim_with_positions(result, tmp_path):
    write_reports(result, tmp_path)
    segments = read_csv(tmp_path / "segments.csv")
    assert "segment_id" not in segments[0]
    assert ids_by_doc((row["doc"], row["segment"]) for row in segments) == EXPECTED_ORDER
    assert ids_by_doc((row["doc"], row["position"]) for row in segments) == {
        doc: [str(n) for n in range(1, len(ids) + 1)] for doc, ids in EXPECTED_ORDER.items()
    }
    flags = read_csv(tmp_path / "flags.csv")
    assert ids_by_doc((row["doc"], row["segment"]) for row in flags) == EXPECTED_ORDER
    # Joined back on (doc, segment), each flag finds the row of the table that produced it.
    mt_of = {(doc, segment): mt for doc, segment, mt, _ in ROWS}
    assert all(row["found"] in mt_of[(row["doc"], row["segment"])] for row in flags)
    documents = {row["doc"]: row for row in read_csv(tmp_path / "documents.csv")}
    assert {doc: int(row["segments"]) for doc, row in documents.items()} == {
        doc: len(ids) for doc, ids in EXPECTED_ORDER.items()
    }
    assert {doc: int(row["findings"]) for doc, row in documents.items()} == {
        doc: len(ids) for doc, ids in EXPECTED_ORDER.items()
    }


def test_rerun_reports_are_byte_identical(result, tmp_path):
    write_reports(result, tmp_path / "one")
    write_reports(result, tmp_path / "two")
    for name in ("segments.csv", "flags.csv", "documents.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_json_and_jsonl_carry_ids_as_strings(result):
    document = json.loads(render("json", result.findings, result=result))
    records = document["findings"]
    assert all(isinstance(record["segment"], str) and isinstance(record["position"], int) for record in records)
    assert ids_by_doc((r["doc"], r["segment"]) for r in records) == EXPECTED_ORDER
    lines = [json.loads(line) for line in render("jsonl", result.findings).splitlines()]
    assert ids_by_doc((r["doc"], r["segment"]) for r in lines) == EXPECTED_ORDER
    assert all(isinstance(r["segment"], str) for r in lines)


def test_sarif_properties_carry_ids_as_strings(result):
    results = json.loads(render("sarif", result.findings))["runs"][0]["results"]
    properties = [r["properties"] for r in results]
    assert ids_by_doc((p["doc"], p["segment"]) for p in properties) == EXPECTED_ORDER
    assert all(isinstance(p["segment"], str) and p["confidence"] == "high" for p in properties)


def message_ids(text: str) -> list[str]:
    """The segment ids named in a rendering, in the order they appear."""
    return re.findall(r"segment (\S+):", text)


def flat(order: dict[str, list[str]]) -> list[str]:
    # Formats list documents in name order.
    return [segment for doc in sorted(order) for segment in order[doc]]


@pytest.mark.parametrize("format_name", ["github", "gitlab", "junit"])
def test_ci_messages_name_the_ids_in_row_order(result, format_name):
    text = render(format_name, result.findings, result=result)
    if format_name == "gitlab":
        text = "\n".join(issue["description"] for issue in json.loads(text))
    if format_name == "junit":
        root = ElementTree.fromstring(text.split("\n", 1)[1])
        text = "\n".join(out.text or "" for out in root.iter("system-out"))
    assert message_ids(text) == flat(EXPECTED_ORDER)
    assert "[major, high] segment s-10:" in text


def test_text_table_shows_the_ids_in_row_order(result):
    text = render("text", result.findings)
    rows = [line for line in text.splitlines() if "MT301" in line]
    shown = [cell.strip() for line in rows for cell in line.split("│")[2:3]]
    assert shown == flat(EXPECTED_ORDER)
    assert all("major, high" in line for line in rows)


def test_baseline_recognises_findings_by_their_rows(result, tmp_path):
    path = tmp_path / "baseline.json"
    write_baseline(result.findings, path)
    entries = json.loads(path.read_text(encoding="utf-8"))["findings"]
    assert sorted(entry["segment"] for entry in entries) == sorted(row[1] for row in ROWS)
    new, baselined, stale = apply_baseline(result.findings, load_baseline(path))
    assert (new, stale) == ([], []) and len(baselined) == len(ROWS)
    assert evaluate_gate(result, baselined=set(baselined)).passed


def test_text_files_are_numbered_by_position(tmp_path, embedder):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "story.mt.txt").write_text("The ferry carried 300 passengers.\nTickets cost 80 crowns.\n", encoding="utf-8")
    (folder / "story.ref.txt").write_text("The ferry carried 200 passengers.\nTickets cost 90 crowns.\n", encoding="utf-8")
    run = pipeline.run(folder, embedder=embedder)
    assert sorted((f.segment, f.position) for f in run.findings) == [("1", 1), ("2", 2)]
    write_reports(run, tmp_path / "r")
    assert [row["segment"] for row in read_csv(tmp_path / "r" / "segments.csv")] == ["1", "2"]


def test_duplicate_id_in_one_document_is_exit_2_naming_file_and_line(tmp_path):
    table = tmp_path / "dup.tsv"
    table.write_text("doc\tsegment\tmt\nd\ts-1\tA.\nd\ts-2\tB.\nd\ts-1\tC.\n", encoding="utf-8")
    outcome = runner.invoke(app, ["run", str(table), "--out", str(tmp_path / "r")])
    assert outcome.exit_code == 2
    assert "dup.tsv, line 4: segment 's-1' of doc 'd'" in outcome.output and "appears twice" in outcome.output
    assert "Traceback" not in outcome.output


def test_same_id_in_two_documents_or_systems_is_fine(tmp_path):
    table = tmp_path / "t.tsv"
    table.write_text("doc\tsystem\tsegment\tmt\na\tA\t1\tX.\nb\tA\t1\tY.\na\tB\t1\tZ.\n", encoding="utf-8")
    assert [(d.system, d.doc, d.segment_ids) for d in load_corpus(table).documents] == [
        ("A", "a", ["1"]),
        ("A", "b", ["1"]),
        ("B", "a", ["1"]),
    ]


def test_jsonl_numbers_and_strings_are_both_ids(tmp_path):
    table = tmp_path / "t.jsonl"
    records = [
        {"doc": "d", "segment": 10, "mt": "Ten."},
        {"doc": "d", "segment": 2, "mt": "Two."},
        {"doc": "e", "segment": "unit-b", "mt": "B."},
        {"doc": "e", "segment": "unit-a", "mt": "A."},
    ]
    table.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    assert [d.segment_ids for d in load_corpus(table).documents] == [["2", "10"], ["unit-b", "unit-a"]]


def test_an_old_baseline_is_exit_2_asking_to_re_record_it(table, tmp_path):
    old = tmp_path / "old-baseline.json"
    old.write_text(json.dumps({"tool": "mtcheck", "version": 1, "findings": []}), encoding="utf-8")
    outcome = runner.invoke(app, ["run", str(table), "--out", str(tmp_path / "r"), "--baseline", str(old)])
    assert outcome.exit_code == 2
    message = " ".join(outcome.output.split())
    assert "baseline version 1 was written by an older mtcheck" in message
    assert "Re-record it with `mtcheck baseline" in message
    assert "Traceback" not in outcome.output
