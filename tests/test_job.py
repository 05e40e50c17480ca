"""The run's orchestration as a library call: what the CLI calls, a library user calls too."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtcheck.config import load_config
from mtcheck.job import Job, run_job

pytestmark = pytest.mark.usefixtures("shared_model")
DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"


def test_run_job_writes_the_reports_and_decides_the_gate(tmp_path):
    config = load_config(DEMO, {"out": tmp_path / "r"}, isolated=True)
    outcome = run_job(Job([DEMO], config, exports=[("sarif", tmp_path / "m.sarif")]))
    assert not outcome.gate.passed
    assert {(v.system, v.doc) for v in outcome.gate.violations} == {("mt", "energy-summit"), ("mt", "parliament-vote")}
    assert {path.name for path in outcome.written} == {"segments.csv", "documents.csv", "summary.csv", "flags.csv", "comparison.csv", "report.html"}
    assert tmp_path / "m.sarif" in outcome.files and (tmp_path / "m.sarif").is_file()
    assert outcome.new == outcome.result.findings and outcome.baselined == []


def test_run_job_refuses_an_output_over_an_input_before_any_work(tmp_path):
    from mtcheck.errors import MtcheckError

    config = load_config(DEMO, {"out": tmp_path / "r"}, isolated=True)
    with pytest.raises(MtcheckError):
        run_job(Job([DEMO], config, output_file=DEMO / "energy-summit.mt.txt"))
    assert not (tmp_path / "r").exists()


def test_the_job_call_and_the_cli_give_the_same_files_and_decision(tmp_path):
    from typer.testing import CliRunner

    from mtcheck.cli import app

    cli = CliRunner().invoke(app, ["run", str(DEMO), "--out", str(tmp_path / "cli"), "--isolated"])
    outcome = run_job(Job([DEMO], load_config(DEMO, {"out": tmp_path / "lib"}, isolated=True)))
    assert cli.exit_code == (0 if outcome.gate.passed else 1)
    for name in ("segments.csv", "documents.csv", "summary.csv", "flags.csv", "comparison.csv"):
        assert (tmp_path / "cli" / name).read_bytes() == (tmp_path / "lib" / name).read_bytes(), name
    assert sorted(p.name for p in (tmp_path / "cli").iterdir()) == sorted(p.name for p in (tmp_path / "lib").iterdir())
