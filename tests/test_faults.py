"""Faults at the process level: a dask worker killed mid-run, two runs writing into one folder at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ("segments.csv", "documents.csv", "flags.csv", "summary.csv")
MTCHECK = [sys.executable, "-m", "mtcheck.cli"]


def mtcheck(*arguments: str, **kwargs) -> subprocess.Popen:
    environment = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen(
        [*MTCHECK, *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment, **kwargs
    )


def test_a_dask_worker_killed_mid_run_changes_nothing_in_the_reports(tmp_path):
    distributed = pytest.importorskip("distributed", reason="the dask engine needs mtcheck[dask]")
    corpus = ROOT / "corpora" / "demo"
    local = mtcheck("run", str(corpus), "--out", str(tmp_path / "local"), "--no-cache", "--exit-zero")
    assert local.wait(timeout=600) == 0, local.stderr.read()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        run = mtcheck(
            "run", str(corpus), "--out", str(tmp_path / "dask"), "--no-cache", "--exit-zero",
            "--engine", "dask", "--scheduler", cluster.scheduler_address,
        )  # fmt: skip
        with distributed.Client(cluster) as watcher:
            # Kill the first worker seen working on a task of the run.
            victim = None
            deadline = time.monotonic() + 300
            while victim is None and run.poll() is None and time.monotonic() < deadline:
                busy = [address for address, tasks in watcher.processing().items() if tasks]
                if busy:
                    victim = busy[0]
                time.sleep(0.05)
            assert victim is not None, "the run never had a task in flight"
            nanny = next(n for n in cluster.workers.values() if n.worker_address == victim)
            os.kill(nanny.process.process.pid, signal.SIGKILL)
        code = run.wait(timeout=600)
        output = run.stdout.read() + run.stderr.read()
    assert "Traceback" not in output
    if code == 0:
        # The scheduler reran the lost tasks on the other worker: the same reports as a local run.
        for name in REPORTS:
            assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    else:
        assert code == 2 and "dask:" in output and "no report was written" in output
        assert not (tmp_path / "dask").exists() or not any((tmp_path / "dask").iterdir())


def test_two_runs_into_one_folder_leave_one_complete_set(tmp_path):
    corpora = {"demo": ROOT / "corpora" / "demo", "multisystem": ROOT / "corpora" / "multisystem"}
    # Each run alone first: what a complete set from each looks like.
    for name, corpus in corpora.items():
        alone = mtcheck("run", str(corpus), "--out", str(tmp_path / name), "--exit-zero")
        assert alone.wait(timeout=600) == 0, alone.stderr.read()
    out = tmp_path / "shared"
    runs = [mtcheck("run", str(corpus), "--out", str(out), "--exit-zero") for corpus in corpora.values()]
    for run in runs:
        assert run.wait(timeout=600) == 0, run.stderr.read()
    tables = {name: (out / name).read_bytes() for name in ("documents.csv", "flags.csv", "summary.csv")}
    matches = [name for name in corpora if all((tmp_path / name / table).read_bytes() == data for table, data in tables.items())]
    assert len(matches) == 1, "the folder mixes the two runs' tables"
    assert not [path.name for path in out.iterdir() if path.name.endswith(".tmp")]
