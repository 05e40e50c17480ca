"""The ONNX Runtime and OpenVINO backends on the real model: their vectors against torch's, the export,
the fallback to torch, the cache keys, and the same reports from the local and the dask engine."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from mtcheck.cache import Cache
from mtcheck.cli import app
from mtcheck.embed import Embedder, packaged_model_path
from mtcheck.embed.backends import PRECISIONS_FILE, TORCH
from mtcheck.embed.encoders import COMPILED_FOLDER
from mtcheck.embed.export import MANIFEST, ONNX_FILE

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "demo"
NEWS = [
    "The Coastal Shipping Authority said on Monday that 1,250 port workers had joined the strike.",
    "Minister Ingrid Halvorsen met Tomas Varga in Geneva.",
    "Flood damage in Ostrava was put at 340 million euros after the river overflowed its banks.",
    "Talks resume on Wednesday.",
    "Négociations à Zürich: the Central Bank kept its rate at 4.5%.",
    "Port workers went on strike.",  # as long as the next one: both in one batch
    "The ministry said so today.",
]


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache") / "models"


@pytest.fixture(scope="module")
def torch_vectors() -> np.ndarray:
    return Embedder(backend="torch").encode(NEWS)


def exported(backend: str, exports: Path, **options) -> Embedder:
    pytest.importorskip("onnxruntime" if backend == "onnx" else "openvino")
    embedder = Embedder(backend=backend, export_dir=exports, **options)
    assert embedder.backend.name == backend, embedder.warnings
    return embedder


def test_onnx_gives_torchs_vectors(exports, torch_vectors):
    embedder = exported("onnx", exports)
    assert embedder.backend.precision == "fp32"
    vectors = embedder.encode(NEWS)
    assert vectors.dtype == np.float32 and vectors.shape == torch_vectors.shape
    assert np.abs(vectors - torch_vectors).max() < 1e-4
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-6)


def test_openvino_in_its_default_precision_is_within_a_cosine_of_0_999(exports, torch_vectors):
    embedder = exported("openvino", exports, threads=1)
    vectors = embedder.encode(NEWS)
    cosines = np.einsum("ij,ij->i", vectors, torch_vectors)
    assert cosines.min() >= 0.999, cosines
    # MT/reference similarities, as a report shows them, move by far less than the checks' thresholds.
    pairs = [(0, 5), (1, 3), (2, 4), (5, 6)]
    for first, second in pairs:
        assert abs(vectors[first] @ vectors[second] - torch_vectors[first] @ torch_vectors[second]) < 0.005


def test_a_vector_does_not_depend_on_its_batch(exports):
    # Equal-length batches are not padded, so a text alone or with others gives the same bytes.
    for backend in ("onnx", "openvino"):
        together = exported(backend, exports).encode(NEWS)
        one_at_a_time = exported(backend, exports)
        alone = np.stack([one_at_a_time.encode([text])[0] for text in NEWS[-2:]])
        assert np.array_equal(together[-2:], alone), backend


def test_the_export_is_made_once_into_the_cache_folder_never_the_package(exports):
    package = Path(packaged_model_path())
    package_files = sorted(package.rglob("*"))
    first = exported("onnx", exports)
    first.encode(NEWS[:1])
    folders = [path for path in exports.iterdir() if path.is_dir() and path.name != COMPILED_FOLDER]
    assert len(folders) == 1 and folders[0].name.startswith("all-MiniLM-L6-v2-"), folders  # no staging folder left
    written = (folders[0] / ONNX_FILE).stat().st_mtime_ns
    assert (folders[0] / MANIFEST).is_file()
    again = exported("openvino", exports)  # OpenVINO reads the same file
    again.encode(NEWS[:1])
    assert (folders[0] / ONNX_FILE).stat().st_mtime_ns == written
    # OpenVINO's compiled model is kept apart: the export folder, whose files key the vectors, stays as it was.
    assert (exports / COMPILED_FOLDER / folders[0].name).is_dir()
    assert sorted(package.rglob("*")) == package_files


def test_openvino_is_imported_without_its_usage_telemetry(tmp_path):
    pytest.importorskip("openvino")
    script = (
        "import os, sys\n"
        "from mtcheck.embed.backends import import_openvino\n"
        "import_openvino()\n"
        "import openvino.tools.ovc as ovc\n"
        "print(ovc.telemetry.consent, os.environ.get('CI'))\n"
    )
    # As on a desk's machine: not in CI, no consent file in the home folder.
    environment = {key: value for key, value in os.environ.items() if key not in ("CI", "TF_BUILD", "JENKINS_URL")}
    environment["HOME"] = str(tmp_path)
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment, check=True).stdout
    assert output.split() == ["False", "None"], output  # no event sent, and the environment as it was


def test_openvinos_precision_is_remembered_so_choosing_it_again_imports_nothing(tmp_path):
    pytest.importorskip("openvino")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from mtcheck.embed.backends import runtime_backend\n"
        "backend = runtime_backend('openvino', remembered_in=Path(sys.argv[1]))\n"
        "print(backend.label, 'openvino' in sys.modules)\n"
    )
    first = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True).stdout.split()
    again = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True).stdout.split()
    assert first[-1] == "True" and again[-1] == "False"  # asked the runtime once, then read what it said
    assert first[:-1] == again[:-1] and first[0] == "openvino"
    # A damaged file is asked again and written anew, never an error.
    (tmp_path / PRECISIONS_FILE).write_text("{not json", encoding="utf-8")
    mended = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True).stdout.split()
    assert mended == first
    assert json.loads((tmp_path / PRECISIONS_FILE).read_text(encoding="utf-8"))


def test_a_missing_runtime_falls_back_to_torch_with_one_warning(exports, monkeypatch):
    monkeypatch.setitem(sys.modules, "openvino", None)  # `import openvino` now fails
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    asked = Embedder(backend="openvino", export_dir=exports)
    assert asked.backend == TORCH and asked.signature == "all-MiniLM-L6-v2 (torch fp32)"
    assert asked.identity == Embedder(backend="torch").identity
    assert len(asked.warnings) == 1 and "openvino" in asked.warnings[0] and "torch" in asked.warnings[0]
    automatic = Embedder(backend="auto", export_dir=exports)
    assert automatic.backend == TORCH and automatic.warnings == []


def test_a_missing_runtime_is_one_warning_of_the_run(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    result = CliRunner().invoke(app, ["run", str(DEMO), "--out", str(tmp_path), "--backend", "onnx", "--no-cache", "--exit-zero"])
    assert result.exit_code == 0, result.output
    assert result.output.count("needs the package onnxruntime") == 1
    assert next(csv.DictReader(open(tmp_path / "summary.csv", encoding="utf-8")))["model"] == "all-MiniLM-L6-v2 (torch fp32)"


def test_each_backend_caches_its_vectors_under_its_own_key(tmp_path, exports):
    cache = Cache(tmp_path / "cache")
    onnx = exported("onnx", exports, cache=cache)
    torch = Embedder(backend="torch", cache=cache)
    assert onnx.identity.startswith(torch.identity + "+onnx-fp32-onnxruntime-")
    onnx.encode(NEWS)
    torch.encode(NEWS)
    assert torch.encoded_texts == len(NEWS), "torch is never served the ONNX vectors"
    assert cache.info().entries["embedding"][0] == 2 * len(NEWS)
    cache.close()


def test_an_unknown_backend_is_a_configuration_error():
    result = CliRunner().invoke(app, ["run", str(DEMO), "--backend", "tpu"])
    assert result.exit_code == 2
    assert "backend: expected one of auto, torch, onnx, openvino, got 'tpu'" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("backend", ["onnx", "openvino"])
def test_the_local_and_the_dask_engine_give_the_same_reports(tmp_path, backend):
    distributed = pytest.importorskip("distributed", reason="the dask engine needs mtcheck[dask]")
    pytest.importorskip("onnxruntime" if backend == "onnx" else "openvino")
    reports = {}
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        for engine in ("local", "dask"):
            out = tmp_path / engine
            result = CliRunner().invoke(
                app,
                ["run", str(DEMO), "--out", str(out), "--backend", backend, "--engine", engine,
                 "--scheduler", cluster.scheduler_address, "--no-cache", "--exit-zero"],
            )  # fmt: skip
            assert result.exit_code == 0, result.output
            reports[engine] = {name: (out / name).read_bytes() for name in ("segments.csv", "documents.csv", "flags.csv", "summary.csv")}
    assert reports["local"] == reports["dask"]
    summary = next(csv.DictReader(open(tmp_path / "dask" / "summary.csv", encoding="utf-8")))
    assert summary["model"].startswith(f"all-MiniLM-L6-v2 ({backend} ")
