"""The sentence-transformers model as an ONNX file, exported once into the cache folder.

ONNX Runtime and OpenVINO both read this file. It holds the transformer only
(token ids in, token embeddings out); the tokenizer is saved beside it, and
mean pooling and normalisation are done by `encoders.ExportedEncoder`. So only
models whose sentence-transformers pipeline is Transformer, mean Pooling and
(optionally) Normalize are exported; for any other the caller keeps torch.

An export is a folder `<export dir>/<model>-<hash>/` named by the model's
identity and the versions of the libraries that export it, so a changed model
or a new torch gets a new export. It is written to a temporary folder first
and renamed into place, so two runs exporting at once never read half a file.
Exporting needs torch, transformers and sentence-transformers (all installed
with mtcheck) and takes a few seconds.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import secrets
import shutil
import warnings
from importlib import metadata
from pathlib import Path

from ..cache import content_key

# Raise when the way files are exported changes: old exports are then not reused.
EXPORT_FORMAT = "1"
OPSET = 17
ONNX_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
MANIFEST = "export.json"  # written last: a folder with it is complete
OUTPUT_NAME = "token_embeddings"
MODEL_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
# Texts whose tokens must come out the same from the saved tokenizer as from
# sentence-transformers' own preprocessing: case, accents, scripts, spacing, truncation.
PROBES = (
    "The Port Authority said on Monday that 1,250 workers had joined the strike.",
    "  Leading and trailing spaces, and\ttabs  ",
    "Ünïcödé naïveté in Zürich; ﬁnance in ＡＢＣ",
    "北京 and Москва are capitals; Αθήνα too.",
    "e\u0301 combining accent and a zero\u200bwidth space",
    "",
    " ".join(["word"] * 600),
)


class ExportError(Exception):
    """The model was not exported.

    `expected`: it cannot be, here (a pipeline the exported encoder does not
    reproduce, a package missing), and `auto` keeps torch without a word;
    otherwise an export that should have worked failed.
    """

    def __init__(self, message: str, expected: bool = False):
        super().__init__(message)
        self.expected = expected


def prepare_model_loading(location: str) -> None:
    """Quiet, offline loading: a local folder needs no hub, so say so, and nothing tries the network."""
    if os.path.isdir(location):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def export_location(export_dir: Path, model_name: str, model_identity: str) -> Path:
    """The folder the export of this model by these library versions lives in (found without importing torch)."""
    versions = []
    for library in ("torch", "transformers", "sentence-transformers"):
        try:
            versions.append(f"{library}=={metadata.version(library)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{library} missing")
    key = content_key("onnx-export", EXPORT_FORMAT, str(OPSET), model_identity, *versions).hex()[:24]
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(model_name.rstrip("/\\")).name or "model")[:60]
    return export_dir / f"{readable}-{key}"


def check_pipeline(folder: Path) -> None:
    """Refuse, before loading anything, a model whose modules.json is not Transformer, mean Pooling[, Normalize]."""
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        kinds = [module["type"].rpartition(".")[2] for module in modules]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise ExportError(f"no readable sentence-transformers modules.json in {folder} ({error})", expected=True) from None
    if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
        raise ExportError(f"its pipeline is {' + '.join(kinds)}, not Transformer + Pooling + Normalize", expected=True)
    pooling = folder / modules[1].get("path", "") / "config.json"
    try:
        settings = json.loads(pooling.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ExportError(f"cannot read its pooling configuration ({error})", expected=True) from None
    # sentence-transformers 6 writes pooling_mode; older versions one boolean per mode.
    modes = {settings["pooling_mode"]} if "pooling_mode" in settings else {
        key.removeprefix("pooling_mode_").removesuffix("_tokens") for key, on in settings.items() if key.startswith("pooling_mode_") and on
    }  # fmt: skip
    if modes != {"mean"}:
        raise ExportError(f"its pooling is {', '.join(sorted(modes)) or 'unset'}, not mean", expected=True)


def ensure_export(model_name: str, folder: Path, model_identity: str, export_dir: Path) -> Path:
    """The export folder of this model, exporting it first if no run has yet."""
    final = export_location(export_dir, model_name, model_identity)
    if (final / MANIFEST).is_file():
        return final
    check_pipeline(folder)
    try:
        export_dir.mkdir(parents=True, exist_ok=True)
        # A folder of this run's own (mkdtemp's would be private; an export is as shareable as the cache).
        staging = export_dir / f".exporting-{os.getpid()}-{secrets.token_hex(4)}"
        staging.mkdir()
    except OSError as error:
        raise ExportError(f"cannot write the export to {export_dir}: {error}") from None
    try:
        try:
            _export(folder, staging, model_identity)
        except (ExportError, OSError):
            raise
        except Exception as error:  # noqa: BLE001 - the exporter's own failures: torch is still there to encode
            raise ExportError(f"torch.onnx.export failed: {type(error).__name__}: {error}") from None
        if final.exists() and not (final / MANIFEST).is_file():
            shutil.rmtree(final, ignore_errors=True)  # left incomplete by hand: a run never leaves one
        try:
            os.rename(staging, final)
        except OSError:
            if not (final / MANIFEST).is_file():  # not simply another run finishing first
                raise
    except OSError as error:
        raise ExportError(f"cannot write the export to {export_dir}: {error}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def _export(folder: Path, staging: Path, model_identity: str) -> None:
    prepare_model_loading(str(folder))
    try:
        import onnx  # noqa: F401 - torch.onnx.export writes the file with it
    except ImportError:
        raise ExportError("exporting needs the package onnx (pip install 'mtcheck[fast]')", expected=True) from None
    try:
        import torch
        from sentence_transformers import SentenceTransformer
        from tokenizers import Tokenizer
        from transformers.utils import logging as transformers_logging
    except ImportError as error:
        raise ExportError(f"exporting needs torch and sentence-transformers: {error}") from None
    transformers_logging.disable_progress_bar()
    try:
        # Eager attention: its graph runs faster on ONNX Runtime than the traced scaled_dot_product_attention (~1.1x
        # against ~0.9x torch's speed) and as fast on OpenVINO; the vectors are the same.
        model = SentenceTransformer(str(folder), device="cpu", model_kwargs={"attn_implementation": "eager"})
    except Exception as error:  # noqa: BLE001 - whatever fails to load cannot be exported
        raise ExportError(f"cannot load it: {error}", expected=True) from None
    if getattr(model, "default_prompt_name", None):
        raise ExportError("it adds a default prompt to every text", expected=True)
    backend_tokenizer = getattr(model.tokenizer, "backend_tokenizer", None)
    if backend_tokenizer is None:
        raise ExportError("its tokenizer is not a fast (tokenizers) one", expected=True)
    max_length = int(model.max_seq_length or model.tokenizer.model_max_length)
    tokenizer = Tokenizer.from_str(backend_tokenizer.to_str())
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length)
    _check_same_tokens(model, tokenizer)

    transformer = model[0].auto_model.eval()
    accepted = inspect.signature(transformer.forward).parameters
    # Two texts of different lengths, so the traced graph keeps the attention mask of padded batches.
    sample = _features(model, ["A short text.", "A somewhat longer text, so that the sample batch is padded."])
    inputs = [name for name in MODEL_INPUTS if name in sample and name in accepted]

    class LastHiddenState(torch.nn.Module):
        """The transformer with positional inputs and one output, as torch.onnx.export traces it."""

        def __init__(self):
            super().__init__()
            self.transformer = transformer

        def forward(self, *tensors):
            return self.transformer(**dict(zip(inputs, tensors))).last_hidden_state

    axes = {name: {0: "batch", 1: "sequence"} for name in [*inputs, OUTPUT_NAME]}
    # The TorchScript exporter: it needs no onnxscript, and its output is byte-for-byte reproducible.
    legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # tracer and deprecation notices: nothing the user can act on
        torch.onnx.export(
            LastHiddenState(), tuple(sample[name] for name in inputs), str(staging / ONNX_FILE),
            input_names=inputs, output_names=[OUTPUT_NAME], dynamic_axes=axes, opset_version=OPSET, **legacy,
        )  # fmt: skip
    tokenizer.save(str(staging / TOKENIZER_FILE))
    manifest = {
        "format": EXPORT_FORMAT,
        "model": model_identity,
        "inputs": inputs,
        "output": OUTPUT_NAME,
        "max_seq_length": max_length,
        "pad_id": int(model.tokenizer.pad_token_id or 0),
        "dimension": int(transformer.config.hidden_size),
        "opset": OPSET,
        "torch": torch.__version__,
    }
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")


def _check_same_tokens(model, tokenizer) -> None:
    """The saved tokenizer must give sentence-transformers' own tokens, special tokens and truncation included."""
    expected = _features(model, list(PROBES))
    for index, (text, encoding) in enumerate(zip(PROBES, tokenizer.encode_batch(list(PROBES)))):
        length = int(expected["attention_mask"][index].sum())
        if encoding.ids != expected["input_ids"][index][:length].tolist():
            raise ExportError(f"its saved tokenizer splits {text[:40]!r} differently", expected=True)


def _features(model, texts: list[str]) -> dict:
    """sentence-transformers' model inputs for `texts` (`preprocess` since version 6, `tokenize` before)."""
    preprocess = getattr(model, "preprocess", None) or model.tokenize
    return preprocess(texts)
