"""Shared fixtures. The real embedding model is loaded once per test session."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def embedder():
    from mtcheck.embed import Embedder

    model = Embedder()
    model.encode(["warm up"])
    return model
