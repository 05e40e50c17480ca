"""The pre-commit hook, run by pre-commit itself on a temporary repository.

`pre-commit try-repo` builds the hook's own environment (mtcheck, torch,
sentence-transformers: several minutes on 2 CPU cores) in a fresh store each
time, so every run of the suite builds it once, for the planted error; the
clean file's run builds it again and runs only with MTCHECK_TEST_HOOK=1
(`make test-hook`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPOSITORY = Path(__file__).resolve().parent.parent
TEXT = REPOSITORY / "corpora" / "formats" / "text"


def _hook() -> dict:
    (hook,) = yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return hook


def test_the_hook_runs_mtcheck_serially_on_corpus_files():
    hook = _hook()
    assert hook["id"] == "mtcheck" and hook["entry"] == "mtcheck run" and hook["language"] == "python"
    assert hook["require_serial"] is True
    assert any(re.fullmatch(r"torch==[\d.]+", dependency) for dependency in hook["additional_dependencies"])
    files = re.compile(hook["files"])
    for name in ("a.mt.txt", "a.mt.sysA.txt", "d/a.ref.txt", "a.src.txt", "t.tsv", "t.csv", "t.jsonl", "a.xlf", "a.xliff", "a.tmx", "a.po"):
        assert files.search(name), name
    for name in ("notes.txt", "README.md", "a.pot", "setup.py"):
        assert not files.search(name), name


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=desk@example.org", "-c", "user.name=desk", *args], cwd=repo, check=True, capture_output=True)


def _try_repo(repo: Path, home: Path, *files: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "MTCHECK_CACHE_DIR": str(home / "mtcheck-cache")}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPOSITORY), "mtcheck", "--files", *files]
    return subprocess.run(command, cwd=repo, env=environment, capture_output=True, text=True)


def _newsroom(tmp_path: Path) -> Path:
    repo = tmp_path / "newsroom"
    repo.mkdir()
    _git(repo, "init", "-q")
    for name in ("harbour-fire.mt.txt", "harbour-fire.ref.txt", "harbour-fire.src.txt"):
        shutil.copy(TEXT / name, repo / name)
    (repo / "clean.mt.txt").write_text("Mayor Darya Orlik opened the port on Monday.\n", encoding="utf-8")
    (repo / "clean.ref.txt").write_text("Mayor Darya Orlik opened the port on Monday.\n", encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "stories")
    return repo


def _unchanged(repo: Path) -> None:
    # The reports went to a temporary folder: the repository is as it was.
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True)
    assert status.stdout == ""


def test_pre_commit_try_repo_fails_on_a_planted_error(tmp_path):
    repo = _newsroom(tmp_path)
    failed = _try_repo(repo, tmp_path / "pre-commit-home", "harbour-fire.mt.txt")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "mtcheck" in failed.stdout and "Failed" in failed.stdout
    assert "410 → 140" in failed.stdout  # the planted number, found through the hook
    _unchanged(repo)


@pytest.mark.skipif(os.environ.get("MTCHECK_TEST_HOOK") != "1", reason="builds the hook environment a second time: set MTCHECK_TEST_HOOK=1 (make test-hook)")
def test_pre_commit_try_repo_passes_a_clean_file(tmp_path):
    repo = _newsroom(tmp_path)
    passed = _try_repo(repo, tmp_path / "pre-commit-home", "clean.ref.txt")  # a reference brings its MT file
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    _unchanged(repo)
