"""One run, as a handful of calls: load → align → score → check.

Reports and the gate take the RunResult from here; this module writes no
files and never exits.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .score.comparison import ComparisonOptions, check_options, compare_systems
from .embed import DEFAULT_BACKEND, DEFAULT_MODEL, Embedder
from .load.glossary import discover_glossaries, load_glossaries
from .load import Corpus, load_corpus
from .model import RunResult
from .probability import apply_probabilities, load_model
from .score.metrics import signatures
from .text.known_spelling import prefetch_frequencies


class Progress:
    """Where a run says how far it is; the CLI shows a bar, tests and CI see nothing."""

    def phase(self, name: str, total: int | None) -> None:  # noqa: B027 - no-op by design
        pass

    def advance(self, amount: int = 1) -> None:  # noqa: B027
        pass


@dataclass
class RunOptions:
    model: str = DEFAULT_MODEL
    # What encodes texts (mtcheck.embed.backends), and the folder its ONNX export is kept in (None: the cache folder's).
    backend: str = DEFAULT_BACKEND
    export_dir: Path | None = None
    language: str = "en"
    select: Sequence[str] | None = None
    ignore: Sequence[str] | None = None
    severity_overrides: dict[str, str] = field(default_factory=dict)
    check_settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    glossary_paths: Sequence[Path] = ()
    # (source-lang, target-lang): the pair read from TBX glossaries and TMX files.
    glossary_languages: tuple[str | None, str | None] = (None, None)
    # Files the run will write (reports, exports): never read as corpus files, wherever they are.
    output_paths: Sequence[Path] = ()
    # Folder of the persistent cache (mtcheck.cache); None runs without one.
    cache_dir: Path | None = None
    cache_max_size: int | None = None  # bytes; None is the cache's default
    # Where documents are processed (mtcheck.engine): "local", or "dask" on the
    # cluster at `scheduler` (a LocalCluster of `workers` processes when None).
    engine: str = "local"
    scheduler: str | None = None
    workers: int | None = None
    # Paired significance of the systems (mtcheck.score.comparison); None compares nothing.
    comparison: ComparisonOptions | None = None
    # The probability model's file (mtcheck.probability); None is the built-in model.
    probability_model: Path | None = None
    # False leaves findings as the checks reported them (no probability): what fitting a model reads.
    probabilities: bool = True


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - started


def run(corpus_path: Path | Sequence[Path], options: RunOptions | None = None, progress: Progress | None = None, embedder: Embedder | None = None) -> RunResult:
    """Score and check every document under `corpus_path` (a folder or file, or several)."""
    options = options or RunOptions()
    progress = progress or Progress()
    embedder = embedder or Embedder(options.model, backend=options.backend, export_dir=options.export_dir)
    cache = _open_cache(options)
    attached = embedder.cache
    if cache is not None:
        embedder.cache = cache
    try:
        result = _run(corpus_path, options, progress, embedder, cache)
    finally:
        embedder.cache = attached
        if cache is not None:
            cache.prune()
            cache.close()
    if cache is not None:
        result.warnings.extend(cache.warnings)
    return result


def _open_cache(options: RunOptions):
    if options.cache_dir is None:
        return None
    from .cache import Cache

    return Cache(options.cache_dir, options.cache_max_size)


def _run(corpus_path: Path | Sequence[Path], options: RunOptions, progress: Progress, embedder: Embedder, cache) -> RunResult:
    timings: dict[str, float] = {}

    def timed(name: str):
        return _timed(timings, name)

    with timed("load"):
        corpus: Corpus = load_corpus(corpus_path, skip=options.output_paths, languages=options.glossary_languages)
        glossary_paths = _glossary_paths(corpus, options)
        glossary = _load_glossary(glossary_paths, options)
        if options.comparison is not None:
            # An unknown --compare-to fails here, before the model is loaded.
            check_options(options.comparison, [document.system for document in corpus.documents])
        # A malformed probability model fails here too, before hours of work.
        probability_model = load_model(options.probability_model) if options.probabilities else None

    scope = _check_scope(options, embedder, glossary_paths) if cache is not None else ""
    if options.engine == "dask":
        from .engine.dask import process
    else:
        from .engine.local import process
    processed = process(corpus, glossary, options, progress, embedder, cache, scope, timed)
    if probability_model is not None:
        # After the cache: stored check results hold no probability, so a new model never meets stale ones.
        with timed("probability"):
            if cache is not None:
                prefetch_frequencies([text.strip() for f in processed.findings for text in (f.found, f.expected)], cache)
            processed.findings = apply_probabilities(
                processed.findings, processed.documents, probability_model, processed.segment_scores, processed.document_scores
            )

    comparison, comparison_notes = [], []
    if options.comparison is not None:
        with timed("compare"):
            progress.phase("comparing", None)
            comparison, comparison_notes = compare_systems(
                processed.documents, processed.pairs, processed.statistics, processed.findings,
                processed.document_scores, options.comparison,
            )

    backend = embedder.backend  # chosen by now if anything was encoded; else chosen here, for the signature
    return RunResult(
        documents=processed.documents,
        segment_scores=processed.segment_scores,
        document_scores=processed.document_scores,
        system_scores=processed.system_scores,
        findings=processed.findings,
        skipped_checks=processed.skipped_checks,
        signature={
            "mtcheck": __version__,
            **signatures(cache),
            "model": f"{options.model} ({backend.label})",
            "checks": _enabled_checks(options),
            **({"probability-model": _model_signature(probability_model)} if probability_model is not None else {}),
        },
        warnings=[*corpus.warnings, *(glossary.notes if glossary is not None else ()), *embedder.warnings],
        timings=timings,
        comparison=comparison,
        comparison_notes=comparison_notes,
    )


def _model_signature(model) -> str:
    fitted = model.trained_on.get("fitted", "")
    return f"{model.source}" + (f" ({fitted})" if fitted else "")


def _check_scope(options: RunOptions, embedder: Embedder, glossary_paths: list[Path]) -> str:
    """Everything besides the documents that findings depend on, as one key ("" : do not reuse)."""
    from .cache import code_fingerprint, content_key

    identity = embedder.identity
    if identity is None:
        return ""
    configuration = json.dumps(
        {
            "select": list(options.select) if options.select is not None else None,
            "ignore": list(options.ignore) if options.ignore is not None else None,
            "severity": {key: str(getattr(value, "value", value)) for key, value in options.severity_overrides.items()},
            "settings": options.check_settings,
            "language": options.language,
            "glossary-languages": list(options.glossary_languages),
        },
        sort_keys=True,
        default=str,
    )
    glossaries = [content_key(str(path), path.read_bytes()) for path in glossary_paths]
    return content_key(code_fingerprint(), identity, configuration, *glossaries).hex()


def _glossary_paths(corpus: Corpus, options: RunOptions) -> list[Path]:
    paths = list(options.glossary_paths)
    # A glossary beside a folder of documents (or beside document files) belongs to
    # them; beside a table file it may belong to anything, so only --glossary names one then.
    for folder in corpus.glossary_folders:
        paths += [path for path in discover_glossaries(folder) if path not in paths]
    return paths


def _load_glossary(paths: list[Path], options: RunOptions):
    if not paths:
        return None
    source_lang, target_lang = options.glossary_languages
    return load_glossaries(paths, source_lang=source_lang, target_lang=target_lang)


def _enabled_checks(options: RunOptions) -> str:
    from .checks import select_checks

    return " ".join(check.code for check in select_checks(options.select, options.ignore))
