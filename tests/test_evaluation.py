"""The synthetic evaluation script: injections land where their labels say, and the metrics add up.

The checks are still being tuned, so nothing here asserts recall or precision
targets; these tests keep the measuring instrument honest.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from rapidfuzz.distance import OSA

from mtcheck.model import Finding, Severity

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _load_script():
    spec = importlib.util.spec_from_file_location("evaluate_checks", SCRIPTS / "evaluate_checks.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["evaluate_checks"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


ev = _load_script()


@pytest.fixture(scope="module")
def sources():
    return ev.load_source_texts()


@pytest.fixture(scope="module")
def small_set(sources):
    chosen = [s for s in sources if s.doc in ("energy-summit", "ballot-court", "hospital-reform", "rail-alliance")]
    return ev.build_eval_set(chosen, seed=7, rounds=2, stride=5)


def _rows_by_line(eval_set):
    return {row.line: row for row in eval_set.rows}


def _round(system: str) -> int:
    return int(re.match(r"(?:clean|r)(\d+)", system).group(1))


def test_every_source_text_is_owned_and_annotated(sources):
    docs = {s.doc for s in sources}
    assert {"energy-summit", "parliament-vote", "rail-tender", "hospital-reform", "river-corridor"} <= docs
    assert sum(len(s.refs) for s in sources) >= 100
    for source in sources:
        text = " ".join(source.refs)
        for person in source.people:
            assert person.split()[-1] in text


def test_clean_copies_paraphrase_but_keep_names_and_numbers(small_set, sources):
    refs = {(s.doc, n + 1): ref for s in sources for n, ref in enumerate(s.refs)}
    changed = 0
    for row in small_set.rows:
        if not ev.is_clean(row.system):
            continue
        ref = refs[(row.doc, row.segment)]
        changed += row.mt != ref
        keep = r"\b(?:[A-Z][\w'-]*|\d[\d.,]*)"
        assert re.findall(keep, row.mt) == re.findall(keep, ref), row.mt
    assert changed > 0


def test_each_injection_changes_exactly_its_labelled_span(small_set):
    rows = _rows_by_line(small_set)
    assert small_set.labels
    for label in small_set.labels:
        row = rows[label.line]
        assert (row.system, row.doc, row.segment) == (label.system, label.doc, label.segment)
        clean = small_set.clean[(_round(row.system), row.doc, row.segment)]
        assert row.mt[label.start : label.end] == label.found
        assert row.mt[: label.start] == clean[: label.start]
        assert clean[label.start : label.start + len(label.original)] == label.original
        assert row.mt[label.end :] == clean[label.start + len(label.original) :]
        assert label.found != label.original


def test_rows_without_a_label_are_clean_copies(small_set):
    labelled = {label.line for label in small_set.labels}
    for row in small_set.rows:
        if row.line not in labelled:
            assert row.mt == small_set.clean[(_round(row.system), row.doc, row.segment)]


def test_injections_are_of_the_kind_they_claim(small_set, sources):
    people = {s.doc: s.people for s in sources}
    for label in small_set.labels:
        if label.kind in ev.GARBLE_KINDS:
            # One edit: a letter replaced, dropped or doubled, or two neighbours swapped.
            assert OSA.distance(label.original, label.found) == 1
            assert label.found[0] == label.original[0]
        elif label.kind == "name-variant":
            assert label.found in ev.transliteration_variants(label.original)
        elif label.kind.startswith("entity-swap"):
            names = {*people[label.doc], *(p.split()[-1] for p in people[label.doc])}
            assert {label.original, label.found} <= names
        elif label.kind.startswith("number-"):
            assert re.sub(r"\D", "", label.found) != re.sub(r"\D", "", label.original) or "illion" in label.found
        elif label.kind.startswith("acronym-"):
            assert label.found.isupper() and len(label.found) == len(label.original)


def test_injected_segments_are_far_apart_in_each_system(small_set):
    by_system = {}
    for label in small_set.labels:
        by_system.setdefault((label.system, label.doc), []).append(label.segment)
    for segments in by_system.values():
        segments.sort()
        assert all(b - a >= 5 for a, b in zip(segments, segments[1:]))


def test_the_set_is_reproducible(sources):
    chosen = sources[:3]
    first, second = ev.build_eval_set(chosen, seed=3, rounds=1), ev.build_eval_set(chosen, seed=3, rounds=1)
    assert [r.mt for r in first.rows] == [r.mt for r in second.rows]
    assert first.labels == second.labels
    other = ev.build_eval_set(chosen, seed=4, rounds=1)
    assert other.labels != first.labels


def test_garblers_and_variants():
    import random

    rng = random.Random(1)
    assert ev.garble_double("Kovalsky", rng) != "Kovalsky"
    assert ev.transliteration_variants("Zhuravskyy") == ["Zhuravsky"]
    assert "Sokoloff" in ev.transliteration_variants("Sokolov")
    assert "Maximova" in ev.transliteration_variants("Maksimova")
    assert ev.transliteration_variants("Ekholm") == []  # a "kh" inside a word is two sounds
    assert ev.calque("Coastal Shipping Authority") == "Administration for Coastal Shipping"
    assert ev.calque("Institute for Hospital Planning") == "Institution of Hospital Planning"
    assert ev.reorder("Nordic-Baltic Energy Council") == "Baltic-Nordic Energy Council"
    assert ev._times_ten("1.7") == "17" and ev._times_ten("2,614") == "26,140" and ev._times_ten("2019") is None


def _finding(system, line, start, end, code, severity=Severity.MAJOR, found=None):
    # The found text is what stands at the finding's columns, as a check reports it.
    found = "x" * (end - start) if found is None else found
    return Finding(system, "d", "1", 1, line, start, end, code, "rule", severity, found, "", "", context="x" * 40)


def test_scores_on_a_hand_built_example():
    labels = [
        ev.Label("r1o0", "d", 1, 10, 5, 12, "name-substitution", "Kovalzky", "Kovalsky"),
        ev.Label("r1o0", "d", 6, 15, 0, 4, "number-digits", "4.3", "3.4"),
        ev.Label("r1o1", "d", 2, 20, 8, 13, "entity-swap", "Holban", "Sokolov"),
        ev.Label("r1o1", "d", 7, 25, 3, 9, "name-variant", "Sokoloff", "Sokolov"),
    ]
    findings = [
        _finding("r1o0", 10, 5, 12, "MT101"),  # the garble
        _finding("r1o0", 10, 5, 12, "MT104", Severity.MINOR),  # accepted for a garble
        _finding("r1o0", 10, 30, 35, "MT101"),  # same line, elsewhere: false
        _finding("r1o0", 15, 0, 4, "MT203"),  # right place, wrong check: false
        _finding("r1o1", 20, 0, 40, "MT102"),  # missing name, the whole segment: matched by segment
        _finding("r1o1", 25, 3, 9, "MT101", Severity.MAJOR),  # a variant called major
        _finding("clean1", 10, 5, 12, "MT101"),  # clean copy: false flag
    ]
    result = ev.score("reference", findings, labels, clean_segments=25, codes=["MT101", "MT102", "MT103", "MT301"])
    mt101 = result.checks["MT101"]
    assert (mt101.findings, mt101.matched, mt101.expected, mt101.caught) == (4, 2, 2, 2)
    assert mt101.precision == pytest.approx(0.5) and mt101.recall == pytest.approx(1.0)
    assert mt101.clean_findings == 1
    assert result.checks["MT104"].precision == pytest.approx(1.0)
    assert result.checks["MT203"].precision == pytest.approx(0.0)
    assert result.checks["MT301"].recall == pytest.approx(0.0)
    assert result.checks["MT102"].recall == pytest.approx(1.0) and result.checks["MT103"].recall == pytest.approx(0.0)
    kinds = result.kinds
    assert (kinds["name-substitution"].detected, kinds["number-digits"].detected) == (1, 0)
    assert kinds["number-digits"].other_codes == {"MT203": 1}
    assert kinds["entity-swap"].recall == pytest.approx(1.0)
    assert kinds["name-variant"].too_severe == 1
    assert result.clean_per_50 == pytest.approx(2.0)
    assert len(result.unmatched) == 3


def test_glossary_mode_leaves_undetectable_kinds_out_of_recall():
    labels = [ev.Label("r1o0", "d", 1, 10, 0, 3, "number-digits", "43", "34")]
    result = ev.score("glossary", [], labels, clean_segments=10, codes=["MT402"])
    assert result.kinds["number-digits"].labels == 1 and result.kinds["number-digits"].recall is None


def test_synthetic_run_on_a_small_subset(sources, embedder):
    chosen = [s for s in sources if s.doc in ("energy-summit", "rail-tender", "ballot-court")]
    eval_set = ev.build_eval_set(chosen, seed=5, rounds=1, stride=5)
    results = ev.run_synthetic(eval_set, embedder)
    assert [r.mode for r in results] == ["reference", "glossary"]
    segments = sum(len(s.refs) for s in chosen)
    for result in results:
        assert result.clean_segments == segments
        assert len(result.label_hits) == len(eval_set.labels)
        assert sum(k.labels for k in result.kinds.values()) == len(eval_set.labels)
        for check in result.checks.values():
            assert 0 <= check.matched <= check.findings and 0 <= check.caught <= check.expected
    # Glossary-only runs have no reference, so no reference-backed check may fire.
    glossary = results[1]
    assert not any(code in glossary.checks and glossary.checks[code].findings for code in ("MT101", "MT102", "MT301"))
    text = ev.report_synthetic(results, eval_set, 5)
    assert "## reference" in text and "## glossary" in text
