"""Shared fixtures. The real embedding model is loaded once per test session."""

from __future__ import annotations

import os
import tempfile

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Every run of the suite caches into a folder of its own, never the user's real cache;
# tests that look at the cache point MTCHECK_CACHE_DIR at their own tmp folders.
os.environ["MTCHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="mtcheck-test-cache-")


@pytest.fixture(scope="session")
def embedder():
    from mtcheck.embed import Embedder

    model = Embedder()
    model.encode(["warm up"])
    return model


@pytest.fixture
def shared_model(monkeypatch, embedder):
    """Every run a test starts uses the session's loaded model instead of loading its own."""
    from mtcheck import pipeline

    monkeypatch.setattr(pipeline, "Embedder", lambda model=None, **_: embedder)
