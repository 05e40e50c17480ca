"""The dask engine: partitions of documents on a dask.distributed cluster.

The client (this process) loads the corpus and ships document content, never
local paths, so workers may run on other machines. Each worker loads the
model once (`ModelOnWorker`, a worker plugin) and works on one partition at a
time, in three rounds, each a map over partitions:

1. align each document;
2. compute sacrebleu's statistics of the pairs the cache lacks, and the
   MT/reference similarity of each pair (with the vectors the cache has
   shipped along, encoding the rest);
3. run the per-document part of the checks on the documents whose stored
   results cannot be reused, against their system's vocabulary (broadcast
   once) and the other systems' versions of the document (kept in the same
   partition: documents are partitioned by document id).

Between rounds the client alone reads and writes the cache (sqlite's WAL
does not span machines): workers return the vectors they encoded, and the
client stores them. The cross-document reduction runs on the client at the
end. Vectors do not depend on which texts a worker encodes together (the
embedder batches texts of equal token length), so the reports are
byte-identical to the local engine's.
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from ..checks import CheckPlan, DocumentWork, check_documents
from ..errors import ConfigError, EngineError
from ..model import AlignedDocument, Document
from ..score.metrics import (
    FIELDS,
    cached_statistics,
    compute_scores,
    scored_pairs,
    segment_statistics,
    similarity_pairs,
    store_statistics,
)
from . import Processed, partitions_by_document

try:  # dask is an optional extra: without it, `connect` says how to install it
    from distributed import WorkerPlugin
except ImportError:  # pragma: no cover - exercised where the extra is not installed
    WorkerPlugin = object

PLUGIN_NAME = "mtcheck-model"
# Segments per partition: big enough that the model encodes full batches and
# a task outweighs its scheduling, small enough that every worker gets many.
PARTITION_SEGMENTS = 2000


def _dask():
    try:
        import distributed
    except ImportError as error:
        raise ConfigError("the dask engine needs dask.distributed: pip install 'mtcheck[dask]'") from error
    return distributed


class ModelOnWorker(WorkerPlugin):
    """Worker plugin: one embedder per worker process, so the model loads once, not once a task."""

    name = PLUGIN_NAME

    def __init__(self, model: str, backend: str, export_dir):
        self.model = model
        self.backend = backend
        self.export_dir = export_dir  # the client's: a worker on another machine exports there too
        self.embedder = None

    def setup(self, worker) -> None:
        from ..embed import Embedder

        # One torch (or ONNX Runtime, OpenVINO) thread per worker thread: workers on a machine share its cores.
        threads = max(1, int(getattr(getattr(worker, "state", None), "nthreads", None) or getattr(worker, "nthreads", 1)))
        self.embedder = Embedder(self.model, backend=self.backend, export_dir=self.export_dir, threads=threads)
        if self.embedder.backend.name == "torch":
            try:
                import torch

                torch.set_num_threads(threads)
            except ImportError:
                pass

    def teardown(self, worker) -> None:
        self.embedder = None


def _worker_embedder(known: dict[str, np.ndarray] | None = None):
    """This worker's embedder, holding only `known` (vectors shipped by the client) to start with."""
    from distributed import get_worker

    embedder = get_worker().plugins[PLUGIN_NAME].embedder
    embedder.forget()
    if known:
        embedder.remember(known)
    return embedder


def _fresh(embedder, known: dict[str, np.ndarray] | None) -> dict[str, np.ndarray]:
    """Vectors the worker encoded in this task (for the client's cache); memory is freed for the next task."""
    held = embedder.forget()
    return {text: vector for text, vector in held.items() if not known or text not in known}


def _worker_identity(dask_worker) -> tuple[str | None, str]:
    """This worker's model identity (backend included) and its backend's label (for client.run, which passes the worker)."""
    embedder = dask_worker.plugins[PLUGIN_NAME].embedder
    return embedder.identity, embedder.backend.label


# ------------------------------------------------------------ worker tasks


def align_partition(documents: list[Document], language: str, keep_vectors: bool) -> tuple[list[AlignedDocument], dict[str, np.ndarray]]:
    from ..align import align_documents

    embedder = _worker_embedder()
    aligned = align_documents(documents, embedder, language)
    fresh = _fresh(embedder, None)
    return aligned, fresh if keep_vectors else {}


def score_partition(
    hypotheses: list[str], references: list[str], firsts: list[str], seconds: list[str], known: dict[str, np.ndarray], keep_vectors: bool
) -> tuple[dict[str, list], np.ndarray, dict[str, np.ndarray]]:
    statistics = segment_statistics(hypotheses, references)
    embedder = _worker_embedder(known)
    cosines = embedder.pairwise(firsts, seconds)
    fresh = _fresh(embedder, known)
    return statistics, cosines, fresh if keep_vectors else {}


def check_partition(
    items: list[tuple[AlignedDocument, list[AlignedDocument]]],
    vocabularies: dict[str, Any],
    checks: list,
    glossary: Any,
    settings: dict,
    language: str,
    keep_vectors: bool,
) -> tuple[list, dict[str, np.ndarray]]:
    embedder = _worker_embedder()
    work = [DocumentWork(document, peers, vocabularies[document.system]) for document, peers in items]
    outcomes = check_documents(work, checks, embedder, glossary, settings, language)
    fresh = _fresh(embedder, None)
    return outcomes, fresh if keep_vectors else {}


# ------------------------------------------------------------ the client


@contextmanager
def connect(scheduler: str | None, workers: int | None) -> Iterator[Any]:
    """A client of the cluster at `scheduler`, or of a LocalCluster of `workers` processes started here."""
    distributed = _dask()
    logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as error:
            raise ConfigError(f"cannot reach the dask scheduler at {scheduler}: {error}") from error
        try:
            yield client
        finally:
            client.close()
        return
    count = workers or os.cpu_count() or 1
    # One thread a worker process: the model and sacrebleu are CPU-bound and hold the GIL.
    with distributed.LocalCluster(
        n_workers=count, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
    ) as cluster, distributed.Client(cluster) as client:
        yield client


def process(corpus, glossary, options, progress, embedder, cache, scope: str, timed) -> Processed:
    """Align, score and check `corpus` on a dask cluster; the same record as the local engine gives."""
    with connect(options.scheduler, options.workers) as client:
        # The backend as chosen here (the model exported here first): workers on this machine find the export made.
        client.register_plugin(ModelOnWorker(options.model, embedder.backend.name, embedder.export_dir), name=PLUGIN_NAME)
        _same_model_everywhere(client, options.model, embedder)
        keep_vectors = cache is not None and embedder.identity is not None
        run = _Rounds(client, progress)

        with timed("align"):
            groups = partitions_by_document(corpus.documents, PARTITION_SEGMENTS)
            documents: list[AlignedDocument | None] = [None] * len(corpus.documents)
            results = run.map(
                "aligning",
                align_partition,
                [[corpus.documents[index] for index in group] for group in groups],
                language=options.language,
                keep_vectors=keep_vectors,
            )
            for group, (aligned, fresh) in zip(groups, results):
                for index, document in zip(group, aligned):
                    documents[index] = document
                embedder.store_vectors(fresh)

        with timed("score"):
            statistics, similarities, pairs = _score(run, documents, embedder, cache, keep_vectors)
            segment_scores, document_scores, system_scores = compute_scores(documents, statistics, pairs, similarities, cache)

        with timed("check"):
            findings, skipped = _check(run, client, documents, glossary, options, embedder, cache, scope, keep_vectors)
    return Processed(documents, segment_scores, document_scores, system_scores, findings, skipped, pairs, statistics)


class _Rounds:
    """Maps a task over partitions on the cluster, results in partition order, progress as they finish."""

    def __init__(self, client, progress):
        self.client = client
        self.progress = progress

    def map(self, phase: str, function: Callable, partitions: list, **shared: Any) -> list:
        distributed = _dask()
        self.progress.phase(phase, len(partitions))
        futures = [self.client.submit(function, *arguments if isinstance(arguments, tuple) else (arguments,), pure=False, **shared)
                   for arguments in partitions]  # fmt: skip
        position = {future.key: index for index, future in enumerate(futures)}
        results: list = [None] * len(futures)
        try:
            # A worker that dies mid-run is replaced: the scheduler reruns its tasks on the others.
            # Only when a task has outlived too many workers (KilledWorker) or the cluster is gone
            # does the run stop, before any report is written.
            for future in distributed.as_completed(futures):
                results[position[future.key]] = future.result()
                self.progress.advance()
                future.release()
        except distributed.KilledWorker as error:
            raise EngineError(f"dask: the workers running a {phase} task died too often ({error}); no report was written") from None
        except (OSError, distributed.comm.CommClosedError, distributed.client.FutureCancelledError) as error:
            raise EngineError(f"dask: lost the cluster while {phase} ({type(error).__name__}: {error}); no report was written") from None
        return results


def _score(run: _Rounds, documents: list[AlignedDocument], embedder, cache, keep_vectors: bool):
    pairs = scored_pairs(documents)
    keys, known_statistics, missing = None, {}, set(range(len(pairs)))
    if cache is not None:
        keys, known_statistics, to_compute = cached_statistics([p[2] for p in pairs], [p[3] for p in pairs], cache)
        missing = set(to_compute)

    with_text = {(p[0], p[1]) for p in similarity_pairs(documents)}
    # Pairs of the same partition of documents go together (a partition's texts are encoded once).
    groups = partitions_by_document(documents, PARTITION_SEGMENTS)
    document_group = {index: number for number, group in enumerate(groups) for index in group}
    by_group: dict[int, list[int]] = defaultdict(list)
    for k, pair in enumerate(pairs):
        by_group[document_group[pair[0]]].append(k)
    tasks, plans = [], []
    for number in sorted(by_group):
        members = by_group[number]
        to_compute = [k for k in members if k in missing]
        to_compare = [k for k in members if (pairs[k][0], pairs[k][1]) in with_text]
        if not to_compute and not to_compare:
            continue
        texts = [text for k in to_compare for text in (pairs[k][2], pairs[k][3])]
        known = embedder.stored_vectors(texts)
        tasks.append((
            [pairs[k][2] for k in to_compute], [pairs[k][3] for k in to_compute],
            [pairs[k][2] for k in to_compare], [pairs[k][3] for k in to_compare], known,
        ))  # fmt: skip
        plans.append((to_compute, to_compare))
    results = run.map("scoring", score_partition, tasks, keep_vectors=keep_vectors)

    statistics: dict[str, list] = {name: list(known_statistics.get(name, [None] * len(pairs))) for name in FIELDS}
    similarities: dict[tuple[int, int], float] = {}
    for (to_compute, to_compare), (computed, cosines, fresh) in zip(plans, results):
        for name, rows in computed.items():
            for k, row in zip(to_compute, rows):
                statistics[name][k] = row
        if cache is not None:
            store_statistics(cache, keys, to_compute, computed)
        for k, cosine in zip(to_compare, cosines):
            similarities[(pairs[k][0], pairs[k][1])] = round(float(cosine), 4)
        embedder.store_vectors(fresh)
    return statistics, similarities, pairs


def _check(run: _Rounds, client, documents, glossary, options, embedder, cache, scope: str, keep_vectors: bool):
    plan = CheckPlan(documents, glossary, options.select, options.ignore, options.severity_overrides, options.check_settings, options.language)
    results, stored_keys = plan.reuse(cache, scope)
    pending = [index for index, document in enumerate(documents) if id(document) not in results]
    # Each system's vocabulary goes to every worker once, not with every partition.
    systems = sorted({documents[index].system for index in pending})
    vocabularies = {system: plan.vocabulary_of(plan.by_system[system][0]) for system in systems}
    shared = {
        "vocabularies": client.scatter(vocabularies, broadcast=True, hash=False) if vocabularies else {},
        "checks": client.scatter(plan.checks, broadcast=True, hash=False),
        "glossary": client.scatter(glossary, broadcast=True, hash=False) if glossary is not None else None,
    }
    groups = partitions_by_document([documents[index] for index in pending], PARTITION_SEGMENTS)
    tasks = [[(documents[pending[i]], plan.peers_of(documents[pending[i]])) for i in group] for group in groups]
    outcomes = run.map(
        "checking", check_partition, tasks, settings=plan.settings, language=options.language, keep_vectors=keep_vectors, **shared
    )
    new_entries: dict[bytes, bytes] = {}
    for group, (checked, fresh) in zip(groups, outcomes):
        for i, outcome in zip(group, checked):
            plan.record(documents[pending[i]], outcome, results, stored_keys, new_entries)
        embedder.store_vectors(fresh)
    if new_entries:
        cache.put_many("document-checks", new_entries)
    return plan.finish(results, embedder)


def _same_model_everywhere(client, model: str, embedder) -> None:
    """Vectors are cached under the client's model identity: every worker must have those very files, on the same backend."""
    backend = embedder.backend.label
    workers = client.run(_worker_identity)
    other_backend = sorted(address for address, (_, label) in workers.items() if label != backend)
    if other_backend:
        raise ConfigError(
            f"dask worker(s) {', '.join(other_backend)} encode with {workers[other_backend[0]][1]}, this machine with "
            f"{backend}: install the same runtime everywhere (pip install 'mtcheck[fast]'), or choose --backend torch"
        )
    if embedder.identity is None:
        return
    differing = sorted(address for address, (identity, _) in workers.items() if identity != embedder.identity)
    if differing:
        raise ConfigError(
            f"model '{model}' on dask worker(s) {', '.join(differing)} differs from this machine's "
            "(other weights or configuration, or another version of its runtime): install the same model everywhere"
        )
