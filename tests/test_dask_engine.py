"""The dask engine on a real LocalCluster of 2 workers: the same reports as the local engine, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app

distributed = pytest.importorskip("distributed", reason="the dask engine needs mtcheck[dask]")

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ("segments.csv", "documents.csv", "flags.csv", "summary.csv")


@pytest.fixture(scope="module")
def scheduler():
    """One cluster for the module: workers load the model once, as on a real cluster."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


def run(*arguments: str):
    return CliRunner().invoke(app, ["run", *arguments, "--exit-zero"])


def assert_same_reports(first: Path, second: Path) -> None:
    for name in REPORTS:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def corpus_with_articles(tmp_path: Path) -> Path:
    """The demo articles (sentence-aligned by embeddings) plus a second system of one of them."""
    corpus = tmp_path / "articles"
    shutil.copytree(ROOT / "corpora" / "demo", corpus)
    return corpus


@pytest.mark.parametrize("corpus_name", ["multisystem", "demo"])
def test_reports_equal_the_local_engine_byte_for_byte(tmp_path, scheduler, corpus_name):
    corpus = ROOT / "corpora" / corpus_name
    local = run(str(corpus), "--out", str(tmp_path / "local"), "--no-cache")
    assert local.exit_code == 0, local.output
    on_dask = run(str(corpus), "--out", str(tmp_path / "dask"), "--no-cache", "--engine", "dask", "--scheduler", scheduler)
    assert on_dask.exit_code == 0, on_dask.output
    assert_same_reports(tmp_path / "local", tmp_path / "dask")
    assert (tmp_path / "dask" / "flags.csv").read_text(encoding="utf-8").count("\n") > 1  # there are findings to compare


def test_the_client_fills_the_cache_and_a_local_rerun_reuses_it(tmp_path, scheduler):
    from mtcheck.cache import Cache

    corpus = corpus_with_articles(tmp_path)
    cache = tmp_path / "cache"
    cold = run(str(corpus), "--out", str(tmp_path / "dask"), "--cache-dir", str(cache), "--engine", "dask", "--scheduler", scheduler)
    assert cold.exit_code == 0, cold.output
    with Cache(cache) as opened:
        kinds = {kind: entries for kind, (entries, _) in opened.info().entries.items()}
    assert kinds.get("embedding", 0) > 0 and kinds.get("statistics", 0) > 0 and kinds.get("document-checks", 0) > 0

    # A warm rerun on dask and a local run from the same cache give the reports of the cold run.
    warm = run(str(corpus), "--out", str(tmp_path / "warm"), "--cache-dir", str(cache), "--engine", "dask", "--scheduler", scheduler)
    assert warm.exit_code == 0, warm.output
    local = run(str(corpus), "--out", str(tmp_path / "local"), "--cache-dir", str(cache))
    assert local.exit_code == 0, local.output
    assert_same_reports(tmp_path / "dask", tmp_path / "warm")
    assert_same_reports(tmp_path / "dask", tmp_path / "local")


def test_a_local_cluster_is_started_when_no_scheduler_is_given(tmp_path):
    corpus = ROOT / "corpora" / "multisystem"
    local = run(str(corpus), "--out", str(tmp_path / "local"), "--no-cache")
    own_cluster = run(str(corpus), "--out", str(tmp_path / "dask"), "--no-cache", "--engine", "dask", "--workers", "2")
    assert own_cluster.exit_code == 0, own_cluster.output
    assert_same_reports(tmp_path / "local", tmp_path / "dask")


def test_the_engine_is_chosen_in_the_configuration(tmp_path, scheduler):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpora" / "multisystem", corpus)
    (corpus / "mtcheck.toml").write_text(f'engine = "dask"\nscheduler = "{scheduler}"\n', encoding="utf-8")
    shown = CliRunner().invoke(app, ["config", str(corpus)])
    assert shown.exit_code == 0 and "dask" in shown.output and scheduler in shown.output
    result = run(str(corpus), "--out", str(tmp_path / "out"), "--no-cache")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "flags.csv").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--engine", "spark"], "expected one of local, dask"),
        (["--engine", "dask", "--workers", "0"], "1 or more"),
        (["--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"], "cannot reach the dask scheduler at tcp://127.0.0.1:9"),
    ],
)
def test_bad_engine_options_are_refused_with_exit_2(tmp_path, arguments, message):
    result = run(str(ROOT / "corpora" / "multisystem"), "--out", str(tmp_path / "out"), "--no-cache", *arguments)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    assert not (tmp_path / "out" / "flags.csv").exists()
