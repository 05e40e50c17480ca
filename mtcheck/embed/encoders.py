"""The sentence encoder on an exported model: ONNX Runtime or OpenVINO instead of torch.

It does what sentence-transformers does for all-MiniLM-L6-v2 and models built
like it (Transformer, mean Pooling, Normalize): tokenise with the model's own
tokenizer (saved beside the export), run the transformer, average the token
embeddings over the attention mask, and scale each vector to unit length.
Neither torch nor sentence-transformers is imported.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from .export import MANIFEST, ONNX_FILE, TOKENIZER_FILE

# Beside the exports: OpenVINO's compiled models, one folder per export.
COMPILED_FOLDER = "openvino-compiled"


class ExportedEncoder:
    """Encodes texts with the export in `folder` on `runtime` ("onnx" or "openvino").

    `threads` caps the runtime's threads (a dask worker's share of the
    cores); None lets the runtime use every core.
    """

    def __init__(self, folder: Path, runtime: str, threads: int | None = None):
        from tokenizers import Tokenizer

        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        self.max_seq_length: int = manifest["max_seq_length"]
        self.dimension: int = manifest["dimension"]
        self._inputs: list[str] = manifest["inputs"]
        self._pad_id: int = manifest["pad_id"]
        self._tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(self.max_seq_length)
        start = _onnxruntime if runtime == "onnx" else _openvino
        self._run = start(folder / ONNX_FILE, threads)

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        """Tokens of each text, special tokens included, after truncation (what a batch's width is)."""
        return [len(encoding.ids) for encoding in self._tokenizer.encode_batch(list(texts))]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length sentence vectors of `texts`, one row each (float32)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        width = max(len(encoding.ids) for encoding in encodings)
        ids = np.full((len(encodings), width), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        types = np.zeros((len(encodings), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
            types[row, : len(encoding.ids)] = encoding.type_ids
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        tokens = np.asarray(self._run({name: feed[name] for name in self._inputs}), dtype=np.float32)
        return _unit_mean(tokens, mask)


def _unit_mean(tokens: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of the token embeddings over the mask, then L2-normalised: sentence-transformers' Pooling and Normalize."""
    weights = mask[..., None].astype(np.float32)
    means = (tokens * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(means, axis=1, keepdims=True)
    return (means / np.clip(norms, 1e-12, None)).astype(np.float32)


def _onnxruntime(path: Path, threads: int | None) -> Callable[[dict], np.ndarray]:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    output = session.get_outputs()[0].name
    return lambda feed: session.run([output], feed)[0]


def _openvino(path: Path, threads: int | None) -> Callable[[dict], np.ndarray]:
    from .backends import import_openvino

    core = import_openvino().Core()
    # No precision hint: OpenVINO's default for the CPU (bf16 where the CPU has it). The compiled
    # model is kept next to the export, not in its folder (whose files make the vectors' cache key):
    # compiling again takes 0.3 s, loading the compiled one 0.1 s.
    settings = {"CACHE_DIR": str(path.parent.parent / COMPILED_FOLDER / path.parent.name)}
    if threads:
        settings["INFERENCE_NUM_THREADS"] = threads
    compiled = core.compile_model(str(path), "CPU", settings)
    request = compiled.create_infer_request()
    output = compiled.output(0)
    # The result's memory belongs to the request and is reused: copy it out.
    return lambda feed: np.array(request.infer(feed)[output], copy=True)
