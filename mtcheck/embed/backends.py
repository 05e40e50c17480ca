"""Which runtime encodes texts: torch (sentence-transformers), ONNX Runtime or OpenVINO.

`auto` takes the fastest one that keeps torch's findings: OpenVINO where the
CPU has bf16 instructions (2-3x torch's speed, similarities within 0.004 of
torch's), else ONNX Runtime in fp32 (torch's vectors to 3e-7), else torch.
Choosing imports the runtime's package (a fraction of a second) but loads no
model; the runtimes are optional (`pip install 'mtcheck[fast]'`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

BACKENDS = ("auto", "torch", "onnx", "openvino")
RUNTIME_PACKAGES = {"onnx": "onnxruntime", "openvino": "openvino"}
# CPU flags of the bf16 instructions OpenVINO uses for its default (bf16) precision.
BF16_FLAGS = {"avx512_bf16", "amx_bf16"}
CPUINFO = Path("/proc/cpuinfo")
# OpenVINO's element types as precisions are usually written.
_PRECISION_NAMES = {"bf16": "bf16", "f32": "fp32", "f16": "fp16"}


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


def runtime_backend(name: str) -> Backend:
    """The runtime `name` with the precision it computes in here; ImportError when its package is missing."""
    if name == "onnx":
        import onnxruntime

        return Backend("onnx", "fp32", f"onnxruntime {_version('onnxruntime', onnxruntime)}")
    if name == "openvino":
        openvino = import_openvino()

        # The precision compile_model uses when given no hint: bf16 on CPUs that have it.
        hint = openvino.Core().get_property("CPU", "INFERENCE_PRECISION_HINT")
        precision = _PRECISION_NAMES.get(hint.get_type_name(), hint.get_type_name())
        return Backend("openvino", precision, f"openvino {_version('openvino', openvino)}")
    raise ValueError(f"'{name}' is not an exported-model runtime")


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


def _version(distribution: str, module) -> str:
    """The package's release ("2026.4.1"; OpenVINO's own __version__ adds a build path)."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return str(getattr(module, "__version__", "unknown"))
