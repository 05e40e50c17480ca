"""report.html without a browser: written with the CSVs, self-contained, escaped, stable, with its data right."""

from __future__ import annotations

import json
import re
from pathlib import Path

import markupsafe
import pytest
from typer.testing import CliRunner

from mtcheck.cache import Cache
from mtcheck.cli import app
from mtcheck.gate import evaluate_gate
from mtcheck.model import (
    AlignedDocument,
    Comparison,
    Confidence,
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
from mtcheck.report.html import HTML_FILE, ref_span_of, render_html, viewer_data, viewer_json
from mtcheck.report.charts import CACHE_KIND as CHART_CACHE_KIND

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"
runner = CliRunner()

SCRIPT_ATTACK = "<script>window.pwned = 1; document.title = 'pwned'</script>"
ATTRIBUTE_ATTACK = '"><img src=x onerror="window.pwned = 2">'


pytestmark = pytest.mark.usefixtures("shared_model")  # conftest: the session's model in every run


def invoke(*args):
    return runner.invoke(app, [str(arg) for arg in args])


def embedded_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="mtcheck-data">(.*?)</script>', page, re.S)
    assert match, "no embedded data"
    return json.loads(match.group(1))


def finding(**fields) -> Finding:
    values = dict(
        system="sysA", doc="story", segment="1", position=1, line=1, start=0, end=9, code="MT101", rule="garbled-name",
        severity=Severity.MAJOR, found="Halvorson", expected="Halvorsen", message="garbled", confidence=Confidence.HIGH,
    )
    values.update(fields)
    return Finding(**values)


def hand_made_result(mt: str = "Halvorson spoke in Varnek.", ref: str = "Halvorsen spoke in Varnek.", systems=("sysA", "sysB"), **extra) -> RunResult:
    documents, segment_scores, document_scores, system_scores, findings = [], [], [], [], []
    for system in systems:
        segments = [
            Segment(system, "story", 1, "1-1", (Piece(1, 0, mt),), ref=ref),
            Segment(system, "story", 2, "1-0", (Piece(2, 0, "Share this article"),), ref=None),
            Segment(system, "story", 3, "0-1", (), ref="The mayor declined to comment.", anchor_line=2),
        ]
        documents.append(AlignedDocument(system, "story", Path(f"story.mt.{system}.txt"), segments, True, False))
        segment_scores += [
            SegmentScore(system, "story", 1, Scores(40.0, 70.0, 20.0, 0.95)),
            SegmentScore(system, "story", 3, Scores(0.0, 0.0, 100.0, 0.0)),
        ]
        document_scores.append(DocumentScore(system, "story", 3, 7, Scores(30.0, 60.0, 40.0, 0.5)))
        system_scores.append(SystemScore(system, 1, 3, 7, Scores(30.0, 60.0, 40.0, 0.5)))
        findings.append(finding(system=system, line=1, start=0, end=len("Halvorson"), found=mt[: len("Halvorson")]))
    return RunResult(documents, segment_scores, document_scores, system_scores, findings, [], {"mtcheck": "0.0.test"}, **extra)


# ---------------------------------------------------------------- the CLI


def test_run_writes_report_html_beside_the_csvs_and_reruns_write_the_same_bytes(tmp_path, monkeypatch):
    # A cache of its own: the first run draws the charts into it, the second reads them, --no-cache draws them again.
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("one", "two"):
        assert invoke("run", DEMO, "--out", tmp_path / name).exit_code == 1
    assert invoke("run", DEMO, "--out", tmp_path / "uncached", "--no-cache").exit_code == 1
    with Cache(tmp_path / "cache") as cache:
        assert cache.info().entries[CHART_CACHE_KIND][0] == 2
    first = (tmp_path / "one" / HTML_FILE).read_bytes()
    assert first == (tmp_path / "two" / HTML_FILE).read_bytes() == (tmp_path / "uncached" / HTML_FILE).read_bytes()
    page = first.decode("utf-8")
    data = embedded_data(page)
    assert len(data["findings"]) == sum(1 for _ in (tmp_path / "one" / "flags.csv").open(encoding="utf-8")) - 1
    assert {segment["align"] for segment in data["segments"]} >= {"1-1", "1-0", "0-1"}
    assert "Gate: failed" in page and "fail-on" in page
    assert_self_contained(page)


def test_no_html_option_and_config_key_turn_it_off(tmp_path):
    assert invoke("run", DEMO, "--out", tmp_path / "flag", "--no-html").exit_code == 1
    assert not (tmp_path / "flag" / HTML_FILE).exists()
    assert (tmp_path / "flag" / "flags.csv").exists()
    config = tmp_path / "mtcheck.toml"
    config.write_text("html = false\n", encoding="utf-8")
    assert invoke("run", DEMO, "--out", tmp_path / "key", "--config", config).exit_code == 1
    assert not (tmp_path / "key" / HTML_FILE).exists()
    # The command line wins over the file.
    assert invoke("run", DEMO, "--out", tmp_path / "both", "--config", config, "--html").exit_code == 1
    assert (tmp_path / "both" / HTML_FILE).exists()


def test_html_config_key_must_be_true_or_false(tmp_path):
    config = tmp_path / "mtcheck.toml"
    config.write_text('html = "yes"\n', encoding="utf-8")
    result = invoke("run", DEMO, "--out", tmp_path / "r", "--config", config)
    assert result.exit_code == 2
    assert "html" in result.output and "true or false" in result.output


def test_report_html_destination_is_checked_before_the_run(tmp_path):
    out = tmp_path / "r"
    (out / HTML_FILE).mkdir(parents=True)  # a folder where the page should go
    result = invoke("run", DEMO, "--out", out)
    assert result.exit_code == 2
    assert HTML_FILE in result.output
    assert not (out / "flags.csv").exists()
    # With --no-html the same folder is fine.
    assert invoke("run", DEMO, "--out", out, "--no-html").exit_code == 1


def test_a_report_html_in_the_corpus_is_not_read_as_input(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in DEMO.glob("parliament-vote.*"):
        (corpus / path.name).write_bytes(path.read_bytes())
    assert invoke("run", corpus, "--out", corpus / "reports").exit_code == 1
    again = invoke("run", corpus, "--out", corpus / "reports")
    assert again.exit_code == 1 and "warning" not in again.output
    assert embedded_data((corpus / "reports" / HTML_FILE).read_text(encoding="utf-8"))["documents"][0]["doc"] == "parliament-vote"


# ------------------------------------------------------ a self-contained page


def assert_self_contained(page: str) -> None:
    for tag in re.findall(r"<(?:script|link|img|iframe|object|embed|source|video|audio)\b[^>]*>", page, re.I):
        assert not re.search(r"\b(?:src|href)\s*=", tag, re.I), tag
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "@import" not in page and "url(http" not in page
    # The content security policy allows no network at all.
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in policy and "http" not in policy


def test_page_loads_nothing_from_anywhere():
    assert_self_contained(render_html(hand_made_result(), evaluate_gate(hand_made_result())))


def test_script_hash_in_the_policy_is_the_page_script():
    import base64
    import hashlib

    page = render_html(hand_made_result())
    policy = re.search(r"script-src '(sha256-[^']+)'", page).group(1)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 1
    assert policy == "sha256-" + base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()


def test_page_data_is_written_a_piece_at_a_time_as_tojson_of_the_whole():
    import jinja2

    result = hand_made_result(mt="Halvorson said <b>\"hi\"</b> & left.", ref="Halvorsen said hi and left.")
    pieces = list(viewer_json(result))
    assert len(pieces) > 10  # streamed, not one string
    whole = jinja2.Environment(autoescape=True).from_string("{{ data | tojson }}").render(data=viewer_data(result))
    assert "".join(pieces) == whole
    page = render_html(result)
    assert embedded_data(page) == viewer_data(result)


# --------------------------------------------------------------------- XSS


@pytest.mark.parametrize("attack", [SCRIPT_ATTACK, ATTRIBUTE_ATTACK, "</script><script>window.pwned = 3</script>", "<!--", "]]>&amp;'"])
def test_untrusted_text_stays_text(attack):
    result = hand_made_result(mt=f"Halvorson said {attack} today.", ref=f"Halvorsen said {attack} today.", systems=(attack, "sysB"))
    result.documents[0].doc = attack  # a table's doc column is any text too
    page = render_html(result, evaluate_gate(result), title=attack)
    # No tag of the attack anywhere in the markup: in the overview it is escaped, in the data \u003c-encoded.
    if "<" in attack:
        assert attack not in page
        assert "<img src=x" not in page and "<script>window" not in page
    # The overview shows it escaped (title, system and document names).
    assert f"<title>mtcheck report: {markupsafe.escape(attack)}</title>" in page
    assert f'<th scope="row" dir="auto">{markupsafe.escape(attack)}</th>' in page
    data = embedded_data(page)
    assert any(attack in segment["mt"] for segment in data["segments"])
    assert attack in data["systems"]


def test_chart_labels_are_escaped():
    result = hand_made_result(systems=(SCRIPT_ATTACK, "sysB"))
    page = render_html(result)
    svg = "".join(re.findall(r"<svg.*?</svg>", page, re.S))
    assert svg and "<script" not in svg and "&lt;script&gt;" in svg


def drawn_specifications(monkeypatch) -> list[dict]:
    """The specifications vl-convert is given from here on, each drawn as usual."""
    import vl_convert

    given, draw = [], vl_convert.vegalite_to_svg
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda specification, **options: given.append(specification) or draw(specification, **options))
    return given


def test_chart_specifications_are_valid_vega_lite(monkeypatch):
    from altair.vegalite.v6.schema.core import Root

    given = drawn_specifications(monkeypatch)
    render_html(hand_made_result(systems=("sysA", "sysB", "sysC")))
    render_html(hand_made_result(systems=("sysA",)))
    assert len(given) == 4
    for specification in given:
        Root.validate(specification)  # raises on anything Vega-Lite does not know


def test_charts_drawn_once_are_read_from_the_cache_and_the_page_stays_the_same(tmp_path, monkeypatch):
    result = hand_made_result()
    drawn = render_html(result)
    given = drawn_specifications(monkeypatch)
    with Cache(tmp_path / "cache") as cache:
        assert render_html(result, chart_cache=cache) == drawn
        assert len(given) == 2 and cache.info().entries[CHART_CACHE_KIND][0] == 2
        assert render_html(result, chart_cache=cache) == drawn
        assert len(given) == 2, "a chart in the cache was drawn again"
        # Other scores are another specification: that chart is drawn, the findings chart is not.
        rescored = hand_made_result()
        rescored.segment_scores[0] = SegmentScore("sysA", "story", 1, Scores(40.0, 71.0, 20.0, 0.95))
        render_html(rescored, chart_cache=cache)
        assert len(given) == 3 and "hconcat" in given[-1]


# ----------------------------------------------------------------- spans


def test_span_of_maps_file_columns_to_the_joined_segment_text():
    segment = Segment("mt", "d", 1, "2-1", (Piece(3, 10, "First sentence."), Piece(4, 0, "Lindkvist spoke.")), ref="x")
    hit = finding(line=4, start=0, end=9, found="Lindkvist")
    start, end = segment.span_of(hit)
    assert segment.mt[start:end] == "Lindkvist"
    in_first = finding(line=3, start=16, end=24, found="sentence")
    start, end = segment.span_of(in_first)
    assert segment.mt[start:end] == "sentence"
    assert segment.span_of(finding(start=0, end=0, found="")) is None
    # A span across the two lines: its end column counts from its start on the first line.
    across = segment.mt.index("sentence. Lindkvist")
    line, first, end = segment.locate_span(across, across + len("sentence. Lindkvist"))
    assert segment.span_of(finding(line=line, start=first, end=end, found="sentence. Lindkvist")) == (across, across + 19)
    # Columns that are not the segment's are not looked for as text.
    assert segment.span_of(finding(line=7, start=0, end=9, found="Lindkvist")) is None


def test_ref_span_of_finds_the_expected_form():
    assert ref_span_of("The Nordic-Baltic Energy Council met.", "Nordic-Baltic Energy Council") == (4, 32)
    assert ref_span_of("the coastal shipping authority", "Coastal Shipping Authority") == (4, 30)
    assert ref_span_of("nothing here", "Halvorsen") is None
    assert ref_span_of("", "Halvorsen") is None


def test_spans_count_utf16_units_as_the_browser_does():
    mt = "😀 Halvorson 😀 spoke."  # characters outside the BMP take two UTF-16 units each
    result = hand_made_result(mt="😀 Halvorson 😀 spoke.", ref="😀 Halvorsen 😀 spoke.", systems=("sysA",))
    result.findings = [finding(system="sysA", start=2, end=11, found="Halvorson", expected="Halvorsen")]
    data = viewer_data(result)
    start, end = data["findings"][0]["mt"]
    assert mt.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le") == "Halvorson"
    start, end = data["findings"][0]["ref"]
    assert "😀 Halvorsen 😀 spoke.".encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le") == "Halvorsen"


def test_viewer_data_keeps_the_order_and_the_unmatched_rows_of_segments_csv():
    data = viewer_data(hand_made_result())
    assert [(data["documents"][s["d"]]["system"], s["pos"], s["align"]) for s in data["segments"]] == [
        ("sysA", 1, "1-1"), ("sysA", 2, "1-0"), ("sysA", 3, "0-1"),
        ("sysB", 1, "1-1"), ("sysB", 2, "1-0"), ("sysB", 3, "0-1"),
    ]  # fmt: skip
    omitted = data["segments"][2]
    assert omitted["mt"] == "" and omitted["ref"] == "The mayor declined to comment." and omitted["line"] == ""
    assert data["segments"][0]["f"] == [0] and data["findings"][0]["seg"] == 0


# ------------------------------------------------------- system comparison


def test_comparison_rows_are_shown_when_there_are_any():
    rows = [
        Comparison("sysA", "sysA", "chrF", 60.0, 60.0, 0.0, 58.1, 61.9, None, None),
        Comparison("sysB", "sysA", "chrF", 63.25, 60.0, 3.25, 61.0, 65.4, 0.0123, True),
        Comparison("sysB", "sysA", "BLEU", 30.5, 31.0, -0.5, 28.0, 33.0, 0.4, False),
    ]
    result = hand_made_result(comparison=rows, comparison_notes=["2 systems tested against sysA: with many, expect some false positives."])
    page = render_html(result)
    section = page[page.index('<section id="comparison">') : page.index('<section id="documents">')]
    assert "Not applicable" not in section
    assert section.count("<tr") == 4  # a header and three rows
    assert "+3.25" in section and "0.0123" in section and "61.00 – 65.40" in section
    assert ">yes<" in section and ">no<" in section
    assert "expect some false positives" in section


def test_comparison_not_applicable_says_why():
    note = "Documents aligned by embeddings are segmented differently per system: paired tests do not apply."
    page = render_html(hand_made_result(comparison_notes=[note]))
    section = page[page.index('<section id="comparison">') : page.index('<section id="documents">')]
    assert "Not applicable" in section and note in section and "<table" not in section
    plain = render_html(hand_made_result(systems=("sysA",)))
    section = plain[plain.index('<section id="comparison">') : plain.index('<section id="documents">')]
    assert "Not applicable: a comparison needs two or more systems segmented alike" in section


def test_gate_section_names_each_failing_rule():
    from mtcheck.config import GateConfig, MetricLimit

    result = hand_made_result()
    config = GateConfig(min_chrf=MetricLimit(system=65.0, document=None))
    page = render_html(result, evaluate_gate(result, config), config)
    gate = page[page.index('id="gate"') : page.index("<h2>Systems</h2>")]
    assert "Gate: failed" in gate
    assert "<strong>fail-on</strong> failed 2 times" in gate and "<strong>min-chrf</strong> failed 2 times" in gate
    assert "chrF 60.00 is below the minimum 65" in gate


def test_a_box_of_many_segments_is_drawn_from_evenly_spaced_ranks():
    import random

    import numpy as np

    from mtcheck.report.charts import MAX_BOX_VALUES, _order_statistics

    few = [3.0, 1.0, 2.0]
    assert _order_statistics(few) == few
    rng = random.Random(5)
    many = [rng.gauss(60, 12) for _ in range(50_000)]
    drawn = _order_statistics(many)
    assert len(drawn) == MAX_BOX_VALUES
    assert drawn[0] == min(many) and drawn[-1] == max(many)  # whiskers and outliers reach as far
    for quantile in (0.25, 0.5, 0.75):
        assert abs(np.quantile(drawn, quantile) - np.quantile(many, quantile)) < 0.1
