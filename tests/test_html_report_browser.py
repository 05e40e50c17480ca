"""report.html in a real headless chromium: findings highlighted at their spans, filters, no injected script runs."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chromium_browser import browser, open_report  # noqa: F401 - `browser` is a fixture
from mtcheck import pipeline
from mtcheck.cli import app

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"
runner = CliRunner()

# Each finding's highlighted text, joined over the marks it was split into, by finding index.
HIGHLIGHTED = """
const texts = {};
for (const mark of document.querySelectorAll('#segments mark[data-findings]:not(.expected)')) {
  for (const id of mark.dataset.findings.split(' ')) {
    texts[id] = (texts[id] || '') + mark.textContent;
  }
}
return texts;
"""
# Marks nest, so a mark's own text includes its inner marks' text, as textContent does.
FINDINGS = """
const data = JSON.parse(document.getElementById('mtcheck-data').textContent);
return data.findings.map((f, i) => ({index: i, system: data.documents[data.segments[f.seg].d].system,
  doc: data.documents[data.segments[f.seg].d].doc, line: f.line, start: f.start, end: f.end, code: f.code, found: f.found}));
"""


def run_cli(embedder, *args) -> int:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "Embedder", lambda model=None, **_: embedder)
        return runner.invoke(app, [str(arg) for arg in args]).exit_code


@pytest.fixture(scope="module")
def demo_reports(tmp_path_factory, embedder) -> Path:
    out = tmp_path_factory.mktemp("demo-html") / "reports"
    assert run_cli(embedder, "run", DEMO, "--out", out) == 1
    return out


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory, embedder) -> Path:
    """Two systems of a table whose cells try to inject markup and script."""
    folder = tmp_path_factory.mktemp("hostile-html")
    rows = [
        ("doc", "segment", "system", "mt", "ref"),
        ("brief", "1", "sysA", "<script>window.pwned = 1; document.title = 'pwned'</script> Halvorson spoke.", "Halvorsen spoke."),
        ("brief", "2", "sysA", '"><img src=x onerror="window.pwned = 2"> The port reopened.', "The port reopened."),
        ("brief", "1", "sysB", "Halvorsen spoke.", "Halvorsen spoke."),
        ("brief", "2", "sysB", "The port reopened on Monday.", "The port reopened."),
        ('"><img src=x onerror="window.pwned = 3">', "1", "sysB", "A quiet day in Varnek.", "A quiet day in Varnek."),
    ]
    corpus = folder / "hostile.tsv"
    corpus.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    out = folder / "reports"
    assert run_cli(embedder, "run", corpus, "--out", out) in (0, 1)
    return out


def read_flags(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def select(browser, element_id: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", element_id)).select_by_value(value)


def shown_rows(browser) -> list[dict]:
    return browser.execute_script(
        """return Array.from(document.querySelectorAll('#segments tr[data-segment]')).map(row => ({
             system: row.closest('table').dataset.system, doc: row.closest('table').dataset.doc,
             alignment: row.dataset.alignment, text: row.textContent,
             severities: Array.from(row.querySelectorAll('mark[data-severity]')).map(m => m.dataset.severity)}))"""
    )


def test_every_finding_of_flags_csv_is_highlighted_at_its_span(browser, demo_reports):
    open_report(browser, demo_reports / "report.html")
    flags = read_flags(demo_reports / "flags.csv")
    findings = browser.execute_script(FINDINGS)
    highlighted = browser.execute_script(HIGHLIGHTED)
    assert len(findings) == len(flags) > 0
    keyed = {(f["system"], f["doc"], int(f["line"]), int(f["start"]), int(f["end"]), f["code"]): f for f in findings}
    for row in flags:
        key = (row["system"], row["doc"], int(row["line"]), int(row["start"]), int(row["end"]), row["code"])
        entry = keyed[key]
        assert highlighted.get(str(entry["index"])) == row["found"], row
    # The expected form is marked in the reference where it is there.
    expected = browser.execute_script("return Array.from(document.querySelectorAll('mark.expected')).map(m => m.textContent)")
    assert "Lindqvist" in expected and "Nordic-Baltic Energy Council" in expected
    # Severity shows as text too, not only as colour.
    labels = browser.execute_script("return Array.from(document.querySelectorAll('mark[data-severity]')).map(m => getComputedStyle(m, '::after').content)")
    assert any("major" in label for label in labels) and any("minor" in label for label in labels)
    # Unmatched rows of segments.csv are shown once "only segments with findings" (on by default) is off.
    browser.find_element("id", "filter-only-findings").click()
    assert {row["alignment"] for row in shown_rows(browser)} >= {"1-0", "0-1"}
    browser.save_screenshot(str(demo_reports / "report.png"))
    assert (demo_reports / "report.png").stat().st_size > 10_000


def test_filters_change_what_is_shown(browser, demo_reports):
    open_report(browser, demo_reports / "report.html")
    browser.find_element("id", "filter-only-findings").click()  # every segment, not only those with findings
    every = shown_rows(browser)
    select(browser, "filter-severity", "minor")
    minor = shown_rows(browser)
    assert 0 < len(minor) < len(every)
    assert all(row["severities"] and set(row["severities"]) == {"minor"} for row in minor)
    select(browser, "filter-severity", "")
    select(browser, "filter-check", "MT301")
    numbers = shown_rows(browser)
    assert {row["doc"] for row in numbers} == {"parliament-vote", "energy-summit"} and len(numbers) == 2
    select(browser, "filter-check", "")
    search = browser.find_element("id", "filter-search")
    search.send_keys("ANNUAL reports")  # case does not matter
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.body.dataset.matchingSegments") == "1")
    assert "Lindkvist" in shown_rows(browser)[0]["text"]
    search.clear()
    search.send_keys("Lindkvist")  # a finding's text is searched too: the segment it is in, and the one whose message names it
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.body.dataset.matchingSegments") == "2")
    search.clear()
    select(browser, "filter-doc", "port-strike")
    WebDriverWait(browser, 10).until(lambda d: {row["doc"] for row in shown_rows(d)} == {"port-strike"})


def test_injected_script_does_not_run_and_shows_as_text(browser, hostile_reports):
    open_report(browser, hostile_reports / "report.html")
    assert browser.execute_script("return typeof window.pwned") == "undefined"
    assert browser.title.startswith("mtcheck report")
    assert browser.execute_script("return document.querySelectorAll('img').length") == 0
    texts = " ".join(row["text"] for row in shown_rows(browser))
    assert "<script>window.pwned = 1; document.title = 'pwned'</script>" in texts
    assert '"><img src=x onerror="window.pwned = 2">' in texts
    headings = browser.execute_script("return Array.from(document.querySelectorAll('.doc-head h3')).map(h => h.textContent)")
    assert '"><img src=x onerror="window.pwned = 3">' in headings
    # The system filter shows one system's rows only.
    select(browser, "filter-system", "sysB")
    assert {row["system"] for row in shown_rows(browser)} == {"sysB"}
    select(browser, "filter-system", "sysA")
    assert {row["system"] for row in shown_rows(browser)} == {"sysA"}
    assert browser.execute_script("return typeof window.pwned") == "undefined"
    browser.save_screenshot(str(hostile_reports / "report.png"))


def test_the_first_screen_starts_with_what_blocks_publication(browser, demo_reports):
    open_report(browser, demo_reports / "report.html")
    flags = read_flags(demo_reports / "flags.csv")
    blocking = browser.execute_script(
        "return Array.from(document.querySelectorAll('#blocking a')).map(a => ({text: a.textContent, seg: a.dataset.segment}))"
    )
    gated = [row for row in flags if row["severity"] in ("major", "critical") and float(row["probability"]) >= 0.79]
    assert len(blocking) == len(gated) > 0
    assert all(" · segment " in item["text"] and "(MT" in item["text"] for item in blocking)
    # The list comes before the systems table, inside the gate's box.
    order = browser.execute_script(
        "return [document.querySelector('#blocking').getBoundingClientRect().top, document.querySelector('table.systems').getBoundingClientRect().top]"
    )
    assert order[0] < order[1]
    # Only segments with findings, by default; documents worst first.
    assert browser.find_element("id", "filter-only-findings").is_selected()
    docs = [row["doc"] for row in shown_rows(browser)]
    assert docs[0] == "parliament-vote"  # the document with the most weighted findings
    # A link goes to its segment: its document, its row, marked.
    first = browser.find_element("css selector", "#blocking a")
    first.click()
    target = browser.execute_script("var row = document.querySelector('tr.target'); return row && row.dataset.segment")
    assert target == blocking[0]["seg"]
    # The confidence filter sits beside the severity filter and narrows the findings.
    select(browser, "filter-doc", "")
    select(browser, "filter-confidence", "low")
    low = browser.execute_script("return Array.from(document.querySelectorAll('#segments li[data-finding]')).map(li => li.textContent)")
    assert low and all("low confidence" in text for text in low)
    # Columns read as people count them: 1-based, as the terminal and CI annotations.
    select(browser, "filter-confidence", "")
    texts = browser.execute_script("return Array.from(document.querySelectorAll('#segments li[data-finding]')).map(li => li.textContent)")
    row = next(r for r in flags if r["found"] and int(r["end"]) - int(r["start"]) > 1)
    assert any(f"line {row['line']}, columns {int(row['start']) + 1}–{row['end']}" in text for text in texts)
    # With one system the charts come after the findings.
    charts, documents = browser.execute_script(
        "return [document.querySelector('.charts').getBoundingClientRect().top, document.querySelector('#documents').getBoundingClientRect().top]"
    )
    assert charts > documents
    browser.save_screenshot(str(demo_reports / "first-screen.png"))
