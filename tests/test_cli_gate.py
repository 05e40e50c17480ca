"""End to end through the CLI: every kind of gate rule passing and failing, baselines, config errors, CI formats."""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck import pipeline
from mtcheck.cli import app
from mtcheck.model import Confidence

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"
runner = CliRunner()


pytestmark = pytest.mark.usefixtures("shared_model")  # conftest: the session's model in every run


def corpus(tmp_path: Path, *names: str, config: str | None = None) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in names:
        for path in DEMO.glob(f"{name}.*.txt"):
            shutil.copy(path, folder / path.name)
    if config is not None:
        (folder / "mtcheck.toml").write_text(config, encoding="utf-8")
    return folder


def invoke(*args):
    return runner.invoke(app, [str(arg) for arg in args])


def summary(out: Path) -> dict[str, str]:
    with (out / "summary.csv").open(newline="", encoding="utf-8") as handle:
        return next(csv.DictReader(handle))


# A clean article (flood-relief) and one with planted major errors (parliament-vote).
GATE_CASES = [
    # (id, articles, mtcheck.toml, expected exit code, text the reason must contain)
    ("default-fails-on-major", ["parliament-vote"], None, 1, "fail-on"),
    ("default-passes-clean", ["flood-relief"], None, 0, "Gate passed"),
    ("fail-on-critical-passes", ["parliament-vote"], '[gate]\nfail-on = "critical"\n', 0, "Gate passed"),
    ("fail-on-minor-fails", ["parliament-vote"], '[gate]\nfail-on = "minor"\n', 1, "fail-on"),
    ("max-findings-per-severity", ["parliament-vote"], '[gate]\nfail-on = "none"\nmax-findings = { major = 2 }\n', 1, "max-findings"),
    ("max-findings-generous", ["parliament-vote"], '[gate]\nfail-on = "none"\nmax-findings = { major = 50 }\n', 0, "Gate passed"),
    ("max-findings-per-check", ["parliament-vote"], '[gate]\nfail-on = "none"\nmax-findings-per-check = { garbled-name = 1 }\n', 1, "max-findings-per-check"),
    ("weighted-score", ["parliament-vote"], '[gate]\nfail-on = "none"\nmax-weighted-score-per-1000-words = 20\n', 1, "max-weighted-score-per-1000-words"),
    ("min-chrf", ["flood-relief"], '[gate]\nmin-chrf = 99\n', 1, "min-chrf"),
    ("min-bleu-document", ["flood-relief"], '[gate]\nmin-bleu = { document = 95 }\n', 1, "min-bleu"),
    ("min-similarity", ["flood-relief"], '[gate]\nmin-similarity = 0.999\n', 1, "min-similarity"),
    ("max-ter", ["flood-relief"], '[gate]\nmax-ter = 1\n', 1, "max-ter"),
    ("metric-limits-met", ["flood-relief"], '[gate]\nmin-chrf = 50\nmin-bleu = 40\nmin-similarity = 0.8\nmax-ter = 40\n', 0, "Gate passed"),
]


@pytest.mark.parametrize("articles, config, exit_code, reason", [case[1:] for case in GATE_CASES], ids=[case[0] for case in GATE_CASES])
def test_gate_rules(tmp_path, articles, config, exit_code, reason):
    folder = corpus(tmp_path, *articles, config=config)
    result = invoke("run", folder, "--out", tmp_path / "r")
    assert result.exit_code == exit_code, result.output
    assert reason in result.output
    row = summary(tmp_path / "r")
    assert row["gate"] == ("pass" if exit_code == 0 else "fail")
    if exit_code:
        assert reason in row["gate_failures"]


def test_gate_failure_names_system_document_and_amount(tmp_path):
    folder = corpus(tmp_path, "flood-relief", config="[gate]\nmin-chrf = { document = 99 }\n")
    result = invoke("run", folder, "--out", tmp_path / "r")
    assert result.exit_code == 1
    failures = summary(tmp_path / "r")["gate_failures"]
    assert "min-chrf (mt/flood-relief)" in failures and "99" in failures


def test_exit_zero_and_command_line_override(tmp_path):
    folder = corpus(tmp_path, "parliament-vote")
    assert invoke("run", folder, "--out", tmp_path / "r", "--exit-zero").exit_code == 0
    assert invoke("run", folder, "--out", tmp_path / "r", "--fail-on", "none").exit_code == 0


@pytest.mark.parametrize(
    "config, message",
    [
        ("[gate]\nmin-chrf = 'high'\n", "gate.min-chrf: expected a number"),
        ("[gate]\nmin-chrf = 140\n", "gate.min-chrf"),
        ("colour = 'blue'\n", "colour: unknown key"),
        ("[gate]\nfail-on = 'fatal'\n", "gate.fail-on"),
        ("select = ['MT999']\n", "MT999"),
        ("this is not toml\n", "not valid TOML"),
    ],
    ids=["wrong-type", "out-of-range", "unknown-key", "bad-severity", "unknown-check", "bad-toml"],
)
def test_config_errors_exit_2_naming_the_key(tmp_path, config, message):
    folder = corpus(tmp_path, "flood-relief", config=config)
    result = invoke("run", folder, "--out", tmp_path / "r")
    assert result.exit_code == 2, result.output
    assert "mtcheck.toml" in result.output and message in result.output
    assert "Traceback" not in result.output


def test_config_in_pyproject_and_show_config(tmp_path):
    folder = corpus(tmp_path, "flood-relief")
    (tmp_path / "pyproject.toml").write_text('[tool.mtcheck.gate]\nmin-chrf = 99\n', encoding="utf-8")
    shown = invoke("config", folder)
    assert shown.exit_code == 0 and "min-chrf = 99" in shown.output and "pyproject.toml" in shown.output
    assert invoke("run", folder, "--out", tmp_path / "r").exit_code == 1


def test_baseline_adopts_then_catches_new_and_reports_stale(tmp_path):
    folder = corpus(tmp_path, "parliament-vote", "flood-relief")
    baseline = tmp_path / "mtcheck-baseline.json"
    assert invoke("baseline", folder, "-o", baseline).exit_code == 0
    assert json.loads(baseline.read_text())["findings"]

    adopted = invoke("run", folder, "--out", tmp_path / "r", "--baseline", baseline)
    assert adopted.exit_code == 0, adopted.output
    assert "baselined" in adopted.output
    with (tmp_path / "r" / "flags.csv").open(newline="") as handle:
        assert {row["status"] for row in csv.DictReader(handle)} == {"baselined"}

    # A new error planted in the clean article, and unrelated lines added above the old ones.
    clean = folder / "flood-relief.mt.txt"
    clean.write_text(clean.read_text(encoding="utf-8").replace("5,000", "8,000", 1), encoding="utf-8")
    old = folder / "parliament-vote.mt.txt"
    old.write_text("\n\n" + old.read_text(encoding="utf-8"), encoding="utf-8")
    planted = invoke("run", folder, "--out", tmp_path / "r", "--baseline", baseline)
    assert planted.exit_code == 1, planted.output
    with (tmp_path / "r" / "flags.csv").open(newline="") as handle:
        new = [row for row in csv.DictReader(handle) if row["status"] == "new"]
    assert [(row["doc"], row["code"], row["found"]) for row in new] == [("flood-relief", "MT301", "8,000")]

    # Fixing a baselined error leaves its entry stale.
    old.write_text(old.read_text(encoding="utf-8").replace("Lindkvist", "Lindqvist"), encoding="utf-8")
    fixed = invoke("run", folder, "--out", tmp_path / "r", "--baseline", baseline, "--exit-zero")
    assert "stale baseline entry" in fixed.output and "Lindkvist" in fixed.output


def test_missing_baseline_file_is_exit_2(tmp_path):
    folder = corpus(tmp_path, "flood-relief")
    result = invoke("run", folder, "--out", tmp_path / "r", "--baseline", tmp_path / "nope.json")
    assert result.exit_code == 2 and "nope.json" in result.output


def test_github_format_on_stdout_and_exports(tmp_path):
    folder = corpus(tmp_path, "parliament-vote")
    result = invoke(
        "run", folder, "--out", tmp_path / "r", "--format", "github",
        "--export", f"sarif={tmp_path / 'm.sarif'}", "--export", f"junit={tmp_path / 'j.xml'}",
    )
    assert result.exit_code == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations[0].startswith("::error title=mtcheck gate failed")
    assert any("line=12" in line and "MT101" in line and "Lindkvist" in line for line in annotations)
    assert json.loads((tmp_path / "m.sarif").read_text())["version"] == "2.1.0"
    assert (tmp_path / "j.xml").read_text().startswith("<?xml")
    assert invoke("run", folder, "--export", "pdf=x.pdf").exit_code == 2


@pytest.fixture
def medium_confidence_findings(monkeypatch):
    """Every finding of the run made medium-confidence (probability 0.7), as for weaker evidence."""
    real_run = pipeline.run

    def run(*args, **kwargs):
        result = real_run(*args, **kwargs)
        result.findings = [dataclasses.replace(f, confidence=Confidence.MEDIUM, probability=0.7) for f in result.findings]
        return result

    monkeypatch.setattr(pipeline, "run", run)


def test_min_confidence_from_file_and_command_line(tmp_path, medium_confidence_findings):
    folder = corpus(tmp_path, "parliament-vote")
    # Major findings, but none of high confidence: the default gate passes.
    passed = invoke("run", folder, "--out", tmp_path / "r")
    assert passed.exit_code == 0, passed.output
    assert "Gate passed" in passed.output and "major, medium" in passed.output
    failed = invoke("run", folder, "--out", tmp_path / "r", "--min-confidence", "medium")
    assert failed.exit_code == 1
    assert "of severity major or above with medium confidence or above" in " ".join(failed.output.split())
    (folder / "mtcheck.toml").write_text('[gate]\nmin-confidence = "low"\n', encoding="utf-8")
    assert invoke("run", folder, "--out", tmp_path / "r").exit_code == 1
    assert invoke("run", folder, "--out", tmp_path / "r", "--min-confidence", "high").exit_code == 0
    shown = invoke("config", folder)
    assert re.search(r'^min-confidence = "low"\s+# mtcheck.toml$', shown.output, re.M)
    assert re.search(r"^# min-probability is not set\s+# mtcheck.toml sets min-confidence$", shown.output, re.M)


def test_bad_min_confidence_is_exit_2(tmp_path):
    folder = corpus(tmp_path, "flood-relief")
    result = invoke("run", folder, "--out", tmp_path / "r", "--min-confidence", "sure")
    assert result.exit_code == 2
    assert "gate.min-confidence: expected one of low, medium, high, got 'sure'" in result.output
    assert "Traceback" not in result.output


def test_the_later_layer_decides_between_probability_and_confidence(tmp_path, medium_confidence_findings):
    folder = corpus(tmp_path, "parliament-vote")
    out = ("--out", tmp_path / "r")
    (folder / "mtcheck.toml").write_text("[gate]\nmin-probability = 0.6\n", encoding="utf-8")
    assert invoke("run", folder, *out).exit_code == 1  # 0.7 >= 0.6
    assert invoke("run", folder, *out, "--min-confidence", "high").exit_code == 0  # the command line asks for a confidence
    (folder / "mtcheck.toml").write_text('[gate]\nmin-confidence = "medium"\nmin-probability = 0.75\n', encoding="utf-8")
    assert invoke("run", folder, *out).exit_code == 0  # one layer sets both: the probability wins
    assert invoke("run", folder, *out, "--min-probability", "0.7").exit_code == 1


def test_a_run_removes_what_it_wrote_before_and_does_not_write_now(tmp_path):
    import pandas as pd

    from mtcheck.report.tables import write_frames

    folder, out = corpus(tmp_path, "parliament-vote"), tmp_path / "r"
    invoke("run", folder, "--out", out)
    assert (out / "report.html").is_file()
    (out / "mine.html").write_text("a page of the user's own", encoding="utf-8")
    write_frames({"eval.csv": pd.DataFrame({"table": ["overall"]})}, out)  # as `mtcheck eval` writes there
    invoke("run", folder, "--out", out, "--no-html")
    assert not (out / "report.html").exists()  # the earlier run's page would describe another run
    assert (out / "mine.html").is_file() and (out / "eval.csv").is_file() and (out / "flags.csv").is_file()
    marker = (out / ".mtcheck-output").read_text(encoding="utf-8")
    assert "run\tflags.csv" in marker and "report.html" not in marker and "eval.csv" in marker
