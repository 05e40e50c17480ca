"""Which runtime encodes texts: torch (sentence-transformers), ONNX Runtime or OpenVINO.

`auto` takes the fastest one that keeps torch's findings: OpenVINO where the
CPU has bf16 instructions (2-3x torch's speed, similarities within 0.004 of
torch's), else ONNX Runtime in fp32 (torch's vectors to 3e-7), else torch.
Choosing loads no model and, once OpenVINO's precision on this machine is
known, imports no runtime either (a warm run encodes nothing, and importing
OpenVINO takes a tenth of a second); the runtimes are optional
(`pip install 'mtcheck[fast]'`).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib import metadata, util
from pathlib import Path

BACKENDS = ("auto", "torch", "onnx", "openvino")
RUNTIME_PACKAGES = {"onnx": "onnxruntime", "openvino": "openvino"}
# CPU flags of the bf16 instructions OpenVINO uses for its default (bf16) precision.
BF16_FLAGS = {"avx512_bf16", "amx_bf16"}
CPUINFO = Path("/proc/cpuinfo")
# OpenVINO's element types as precisions are usually written.
_PRECISION_NAMES = {"bf16": "bf16", "f32": "fp32", "f16": "fp16"}
# Beside the exports: the precision OpenVINO computes in on this CPU, as its last import said.
PRECISIONS_FILE = "runtime-precisions.json"


@dataclass(frozen=True)
class Backend:
    """A runtime as chosen for a run: its name, the precision it computes in, and its package's version."""

    name: str  # torch, onnx or openvino
    precision: str  # fp32, bf16 or fp16
    version: str = ""  # "onnxruntime 1.32.0": vectors of another runtime version are cached apart

    @property
    def label(self) -> str:
        """How reports name it: "openvino bf16"."""
        return f"{self.name} {self.precision}"


TORCH = Backend("torch", "fp32")


def cpu_has_bf16(cpuinfo: Path = CPUINFO) -> bool:
    """Whether the CPU has bf16 instructions (Linux's flags; False where they cannot be read)."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    flags: set[str] = set()
    for line in text.splitlines():
        if line.startswith("flags"):
            flags.update(line.partition(":")[2].split())
    return bool(flags & BF16_FLAGS)


def candidates(requested: str, device: str = "cpu") -> list[str]:
    """The exported-model runtimes to try, best first; none means torch.

    The runtimes run on the CPU only, so `auto` keeps torch for another device.
    """
    if requested not in BACKENDS:
        raise ValueError(f"unknown backend '{requested}' (expected one of {', '.join(BACKENDS)})")
    if requested == "torch":
        return []
    if requested == "auto":
        if device != "cpu":
            return []
        # OpenVINO on a CPU with bf16 instructions encodes 2-3x as fast as torch; its similarities
        # stay within 0.004 of torch's, which leaves the findings of every shipped corpus and the
        # dev-set figures (within 0.005) as torch gives them. Without bf16 it would run fp32, no
        # quicker than ONNX Runtime fp32, which gives torch's own vectors (to 3e-7).
        return ["openvino", "onnx"] if cpu_has_bf16() else ["onnx"]
    return [requested]


def runtime_backend(name: str, remembered_in: Path | None = None) -> Backend:
    """The runtime `name` with the precision it computes in here; ImportError when its package is missing.

    With `remembered_in` (a folder), OpenVINO's precision is read from what an
    earlier import of the same OpenVINO on the same CPU wrote there, so the
    runtime is imported only when a model is loaded.
    """
    if name not in RUNTIME_PACKAGES:
        raise ValueError(f"'{name}' is not an exported-model runtime")
    package = RUNTIME_PACKAGES[name]
    if util.find_spec(package) is None:
        raise ImportError(f"No module named '{package}'")
    version = f"{package} {_version(package)}"
    if name == "onnx":
        return Backend("onnx", "fp32", version)  # the export is fp32, and ONNX Runtime computes in it
    machine = _machine_key(version)
    remembered = _remembered_precisions(remembered_in)
    precision = remembered.get(machine)
    if precision is None:
        openvino = import_openvino()
        # The precision compile_model uses when given no hint: bf16 on CPUs that have it.
        hint = openvino.Core().get_property("CPU", "INFERENCE_PRECISION_HINT")
        precision = _PRECISION_NAMES.get(hint.get_type_name(), hint.get_type_name())
        _remember_precision(remembered_in, remembered, machine, precision)
    return Backend("openvino", precision, version)


def _machine_key(version: str) -> str:
    """The runtime's version and the CPU's model and instruction flags: what its default precision depends on."""
    try:
        lines = CPUINFO.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    described = sorted({line for line in lines if line.startswith(("flags", "model name", "Features", "CPU part"))})
    return hashlib.sha256("\n".join([version, *described]).encode("utf-8")).hexdigest()[:24]


def _remembered_precisions(folder: Path | None) -> dict[str, str]:
    if folder is None:
        return {}
    try:
        remembered = json.loads((folder / PRECISIONS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or damaged: ask the runtime, and write it anew
    return remembered if isinstance(remembered, dict) and all(isinstance(value, str) for value in remembered.values()) else {}


def _remember_precision(folder: Path | None, remembered: dict[str, str], machine: str, precision: str) -> None:
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staged = folder / f".{PRECISIONS_FILE}.{os.getpid()}"
        staged.write_text(json.dumps({**remembered, machine: precision}, sort_keys=True), encoding="utf-8")
        staged.replace(folder / PRECISIONS_FILE)  # whole or not at all, whoever else writes it
    except OSError:
        pass  # a read-only cache folder: the runtime is asked again next time


def import_openvino():
    """The openvino package, imported without its usage telemetry.

    On import, OpenVINO sends an event to Google Analytics unless a consent
    file in ~/intel says no or the environment says it runs in CI; a checker
    of unpublished news must not report its use to anyone, and the sending
    thread also holds the process up at exit. So the import runs with CI set.
    """
    import sys

    if "openvino" in sys.modules:
        import openvino  # imported already (or blocked, and this fails as it should)

        return openvino
    saved = os.environ.get("CI")
    os.environ["CI"] = "true"
    try:
        import openvino
    finally:
        if saved is None:
            del os.environ["CI"]
        else:
            os.environ["CI"] = saved
    return openvino


def _version(distribution: str) -> str:
    """The package's release ("2026.4.1"; OpenVINO's own __version__ adds a build path)."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"  # importable without its metadata: a source checkout
