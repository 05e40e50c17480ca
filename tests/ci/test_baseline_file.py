"""Baselines: stable fingerprints, round trip, stale entries, clear errors."""

from __future__ import annotations

import dataclasses
import json

import pytest
from ci_records import make_finding

from mtcheck.gate.baseline import BASELINE_VERSION, apply_baseline, fingerprint, fingerprints, load_baseline, write_baseline
from mtcheck.errors import ConfigError, MtcheckError
from mtcheck.model import Severity


def shifted(finding, lines: int):
    position = finding.position + 1
    return dataclasses.replace(finding, line=finding.line + lines, segment=str(position), position=position)


def test_fingerprint_ignores_position_and_whitespace_but_not_content():
    finding = make_finding()
    assert fingerprint(shifted(finding, 5)) == fingerprint(finding)
    assert fingerprint(dataclasses.replace(finding, context="Mr.  Zelenskiy said\non Monday. ")) == fingerprint(finding)
    assert fingerprint(dataclasses.replace(finding, found="Zelenskyi")) != fingerprint(finding)
    assert fingerprint(dataclasses.replace(finding, doc="b")) != fingerprint(finding)
    assert fingerprint(dataclasses.replace(finding, context="Mr. Zelenskiy spoke on Monday.")) != fingerprint(finding)


def test_a_tables_own_segment_id_is_part_of_the_fingerprint_a_position_is_not():
    row = make_finding(segment="s-10", position=4, segment_is_key=True)
    assert fingerprint(dataclasses.replace(row, position=9, line=40)) == fingerprint(row)
    assert fingerprint(dataclasses.replace(row, segment="s-11")) != fingerprint(row)
    # The same text and finding in two rows of a table: told apart by their ids, not by order.
    other_row = dataclasses.replace(row, segment="s-12", position=5, line=41)
    assert fingerprints([row, other_row]) == [fingerprint(row), fingerprint(other_row)]
    # Text files are numbered by mtcheck: the number is a position and stays out.
    text = make_finding(segment="4", position=4)
    assert fingerprint(dataclasses.replace(text, segment="9", position=9)) == fingerprint(text)


def test_duplicates_in_one_segment_get_distinct_fingerprints_by_order():
    first = make_finding(start=4, end=13)
    second = make_finding(start=30, end=39)
    prints = fingerprints([second, first])
    assert len(set(prints)) == 2
    # Numbered in text order, whatever order the checks produced them in.
    assert fingerprints([first, second]) == prints[::-1]


def test_round_trip_stale_and_line_shift(tmp_path):
    kept = make_finding(line=3)
    fixed = make_finding(
        code="MT301", rule="wrong-number", found="15", expected="50", severity=Severity.CRITICAL, line=4
    )
    path = tmp_path / "ci" / "baseline.json"
    write_baseline([kept, fixed], path)
    baseline = load_baseline(path)
    assert len(baseline.entries) == 2

    # A paragraph inserted above moves `kept` down; `fixed` was fixed; a new finding appeared.
    new = make_finding(found="Zelenskyy", line=12)
    new_findings, baselined, stale = apply_baseline([new, shifted(kept, 7)], baseline)
    assert new_findings == [new]
    assert baselined == [shifted(kept, 7)]
    assert [(entry.code, entry.found) for entry in stale] == [("MT301", "15")]


def test_baseline_file_is_sorted_stable_and_versioned(tmp_path):
    findings = [
        make_finding(doc="b"),
        make_finding(doc="a", code="MT201", rule="missing-acronym", found="NATO", expected=""),
    ]
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    write_baseline(findings, first)
    write_baseline(findings[::-1], second)
    assert first.read_bytes() == second.read_bytes()
    document = json.loads(first.read_text(encoding="utf-8"))
    assert document["tool"] == "mtcheck" and document["version"] == BASELINE_VERSION == 2
    assert [item["doc"] for item in document["findings"]] == ["a", "b"]
    assert set(document["findings"][0]) == {"fingerprint", "code", "rule", "system", "doc", "segment", "found", "expected"}
    assert document["findings"][0]["segment"] == "2"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline file not found"),
        ("{not json", "baseline is not valid JSON"),
        ('{"findings": []}', "not an mtcheck baseline"),
        ('{"tool": "mtcheck", "version": 99, "findings": []}', "baseline version 99 is not supported"),
        ('{"tool": "mtcheck", "version": 2, "findings": {}}', "baseline findings must be a list"),
        (
            '{"tool": "mtcheck", "version": 1, "findings": []}',
            r"baseline version 1 was written by an older mtcheck.*Re-record it with `mtcheck baseline",
        ),
        (
            '{"tool": "mtcheck", "version": 2, "findings": [{"fingerprint": "x"}]}',
            "baseline finding 1: missing or non-text field 'code'",
        ),
    ],
)
def test_bad_baseline_files_are_config_errors(tmp_path, content, message):
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as error:
        load_baseline(path)
    assert isinstance(error.value, MtcheckError) and error.value.exit_code == 2
    assert str(error.value).startswith(str(path))
