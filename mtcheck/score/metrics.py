"""BLEU, chrF and TER with sacrebleu, plus embedding similarity.

sacrebleu builds a corpus score from per-segment sufficient statistics, so
each segment's statistics are computed exactly once and summed for document
and system scores — the same numbers sacrebleu's own corpus_score gives,
without scoring twice. TER dominates the cost, so statistics are computed in
worker processes while the main process encodes texts for similarity.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import struct
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import numpy as np

from ..model import AlignedDocument, DocumentScore, Scores, SegmentScore, SystemScore

# Below this many pairs, starting worker processes costs more than it saves.
PARALLEL_MIN_PAIRS = 200
CHUNKS_PER_WORKER = 8


METRIC_NAMES = ("bleu", "chrf", "ter")
# What is computed per pair: each metric's statistics, and the pair's own three scores
# (its sentence BLEU, chrF and TER), worked out where the statistics are, so the
# main process and a rerun from the cache only read them.
FIELDS = (*METRIC_NAMES, "sentence")


def _metrics() -> dict[str, object]:
    # sacrebleu is imported where a number is computed: a rerun that finds every number in
    # the cache never imports it (a twentieth of a second, with its table and XML libraries).
    from sacrebleu.metrics import BLEU, CHRF, TER

    return {"bleu": BLEU(), "chrf": CHRF(), "ter": TER()}


def fresh_metrics() -> dict[str, object]:
    """New BLEU, chrF and TER objects with the settings the run scores with (for a caller that changes them)."""
    return _metrics()


@lru_cache(maxsize=1)
def _corpus_metrics() -> dict[str, object]:
    """Metric objects that only turn summed statistics into scores; one set serves the process."""
    return _metrics()


@lru_cache(maxsize=1)
def _sentence_bleu():
    # Sentence BLEU needs effective order (sacrebleu's sentence_bleu uses it);
    # corpus BLEU must not use it. Same statistics, different final formula.
    from sacrebleu.metrics import BLEU

    return BLEU(effective_order=True)


def signatures(cache=None) -> dict[str, str]:
    """sacrebleu's signature string of each metric, so a number can be reproduced.

    With a cache, read from it while mtcheck's code and libraries (sacrebleu's
    version among them: `code_fingerprint`) are those that wrote it.
    """
    if cache is None:
        return dict(_signatures())
    from ..cache import code_fingerprint, content_key

    key = content_key("metric-signatures", code_fingerprint())
    encode = lambda value: json.dumps(value, sort_keys=True).encode("utf-8")  # noqa: E731
    return cache.read_through_one("metric-signatures", key, lambda: dict(_signatures()), encode, json.loads)


@lru_cache(maxsize=1)
def _signatures() -> dict[str, str]:
    result = {}
    for name, metric in _metrics().items():
        # sacrebleu fills in the signature (number of references) on first use.
        metric.corpus_score(["signature"], [["signature"]])
        result[name] = metric.get_signature().format()
    return result


def segment_statistics(hypotheses: Sequence[str], references: Sequence[str]) -> dict[str, list]:
    """Per-segment sufficient statistics of each metric (one reference per segment)."""
    if not hypotheses:
        return {name: [] for name in FIELDS}
    metrics = _metrics()
    statistics = {name: metric._extract_corpus_statistics(list(hypotheses), [list(references)]) for name, metric in metrics.items()}
    statistics["sentence"] = [list(_sentence_scores(statistics, k)) for k in range(len(hypotheses))]
    return statistics


def _sentence_scores(statistics: dict[str, list], index: int) -> tuple[float, float, float]:
    """One pair's BLEU (with effective order, as sacrebleu's sentence_bleu), chrF and TER, from its statistics."""
    return tuple(
        round(float(metric._compute_score_from_stats(statistics[name][index]).score), 4)
        for name, metric in (("bleu", _sentence_bleu()), ("chrf", _corpus_metrics()["chrf"]), ("ter", _corpus_metrics()["ter"]))
    )


@dataclass
class StatisticsJob:
    """Statistics being computed, possibly in worker processes, around those read from the cache."""

    futures: list[Future] | None
    ready: dict[str, list] | None
    pool: ProcessPoolExecutor | None
    # With a cache: every pair's statistics (None where still to compute), the
    # indices being computed, and each pair's key.
    known: dict[str, list] | None = None
    missing: list[int] | None = None
    keys: list[bytes] | None = None
    cache: object = None
    # Where each pair asked for is among the distinct pairs computed (None: all distinct).
    order: list[int] | None = None

    def result(self) -> dict[str, list]:
        if self.ready is not None and self.known is None and self.order is None:
            return self.ready
        computed: dict[str, list] = {name: [] for name in FIELDS}
        if self.ready is not None:
            computed = self.ready
        else:
            try:
                for future in self.futures or []:
                    part = future.result()
                    for name in computed:
                        computed[name].extend(part[name])
            finally:
                if self.pool:
                    self.pool.shutdown()
        if self.order is not None:
            computed = {name: [rows[k] for k in self.order] for name, rows in computed.items()}
            self.order = None
        if self.known is None:
            self.ready = computed
            return computed
        merged = self.known
        for name, rows in computed.items():
            for index, row in zip(self.missing, rows):
                merged[name][index] = row
        store_statistics(self.cache, self.keys, self.missing, computed)
        self.ready, self.known = merged, None
        return merged


def statistics_keys(hypotheses: Sequence[str], references: Sequence[str], cache=None) -> list[bytes]:
    """Each pair's cache key: the metrics' signatures and both texts (one entry holds all three metrics)."""
    from ..cache import content_key

    settings = json.dumps(signatures(cache), sort_keys=True)
    return [content_key("statistics", STATISTICS_FORMAT, settings, hyp, ref) for hyp, ref in zip(hypotheses, references)]


# How a pair's statistics are stored: in the keys, so entries of another layout are never read as this one.
STATISTICS_FORMAT = "packed-1"


def encode_statistics(row: dict[str, list]) -> bytes:
    """A pair's statistics as "<count of each field>:<struct codes>|<packed numbers>".

    Whole numbers stay whole (sacrebleu counts n-grams and characters in ints,
    TER's reference length is a float), so reading them back gives the very
    values computed. A tenth of the time of parsing the same numbers as JSON,
    which was the largest part of reading a rerun's statistics.
    """
    values = [value for name in FIELDS for value in row[name]]
    codes = "".join("q" if isinstance(value, int) else "d" for value in values)
    header = ",".join(str(len(row[name])) for name in FIELDS) + ":" + codes
    return header.encode("ascii") + b"|" + struct.pack("<" + codes, *values)


def decode_statistics(value: bytes) -> tuple[list, ...] | None:
    """The fields of `encode_statistics`'s value, in FIELDS order; None when it is not one."""
    header, _, packed = value.partition(b"|")
    layout = _LAYOUTS.get(header)
    if layout is None:
        layout = _LAYOUTS[header] = _layout(header)
    if layout is None:
        return None
    packing, spans = layout
    try:
        numbers = packing.unpack(packed)
    except struct.error:
        return None
    return tuple(numbers[start:end] for start, end in spans)


_LAYOUTS: dict[bytes, tuple[struct.Struct, list[tuple[int, int]]] | None] = {}


def _layout(header: bytes) -> tuple[struct.Struct, list[tuple[int, int]]] | None:
    try:
        counts, codes = header.decode("ascii").split(":")
        lengths = [int(count) for count in counts.split(",")]
        packing = struct.Struct("<" + codes)
    except (ValueError, UnicodeDecodeError, struct.error):
        return None
    if len(lengths) != len(FIELDS) or sum(lengths) != len(codes) or set(codes) - {"q", "d"}:
        return None
    ends = list(accumulate(lengths))
    return packing, [(end - length, end) for length, end in zip(lengths, ends)]


def cached_statistics(hypotheses: Sequence[str], references: Sequence[str], cache) -> tuple[list[bytes], dict[str, list], list[int]]:
    """Each pair's key, the statistics the cache holds (None where it has none), and the pairs to compute."""
    keys = statistics_keys(hypotheses, references, cache)
    stored = cache.get_many("statistics", keys)
    known: dict[str, list] = {name: [None] * len(keys) for name in FIELDS}
    columns = [known[name] for name in FIELDS]
    missing = []
    for index, key in enumerate(keys):
        row = decode_statistics(stored[key]) if key in stored else None
        if row is None:
            missing.append(index)
            continue
        for column, values in zip(columns, row):
            column[index] = values
    return keys, known, missing


def store_statistics(cache, keys: list[bytes], indices: Sequence[int], computed: dict[str, list]) -> None:
    """Write the statistics computed for the pairs at `indices` (in that order) to the cache."""
    cache.put_many(
        "statistics",
        {keys[index]: encode_statistics({name: computed[name][k] for name in FIELDS}) for k, index in enumerate(indices)},
    )


def start_statistics(
    hypotheses: Sequence[str], references: Sequence[str], workers: int | None = None, cache=None, shared: StatisticsWorkers | None = None
) -> StatisticsJob:
    """Start computing statistics; call `.result()` when they are needed.

    With a cache (mtcheck.cache.Cache) only the pairs it lacks are computed.
    With `shared` workers the work goes to their processes, which stay up
    for the next job; otherwise the job starts (and stops) its own.
    """
    if cache is None:
        return _start(hypotheses, references, shared or StatisticsWorkers(workers), own=shared is None)
    keys, known, missing = cached_statistics(hypotheses, references, cache)
    job = _start([hypotheses[i] for i in missing], [references[i] for i in missing], shared or StatisticsWorkers(workers), own=shared is None)
    job.known, job.missing, job.keys, job.cache = known, missing, keys, cache
    return job


class StatisticsWorkers:
    """Worker processes for sacrebleu's statistics, started when a job first has enough pairs for them.

    Several jobs (an engine's groups of documents) share them: starting
    processes that import sacrebleu costs a second or two, so a run with
    everything in the cache never starts them at all.
    """

    def __init__(self, workers: int | None = None):
        self.workers = workers or min(2, os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None

    def pool(self, pairs: int) -> ProcessPoolExecutor | None:
        """The processes for a job of `pairs` pairs, or None when computing it here is quicker."""
        if self.workers < 2 or pairs < PARALLEL_MIN_PAIRS:
            return None
        if self._pool is None:
            # spawn, not fork: the parent may have torch's thread pools running, and a
            # forked child of a multithreaded process can deadlock.
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> StatisticsWorkers:
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()


def _start(hypotheses: Sequence[str], references: Sequence[str], workers: StatisticsWorkers, own: bool) -> StatisticsJob:
    # Systems often write the same translation of a short segment: each distinct pair is scored once.
    distinct = list(dict.fromkeys(zip(hypotheses, references)))
    order = None
    if len(distinct) < len(hypotheses):
        place = {pair: k for k, pair in enumerate(distinct)}
        order = [place[pair] for pair in zip(hypotheses, references)]
        hypotheses, references = [pair[0] for pair in distinct], [pair[1] for pair in distinct]
    pool = workers.pool(len(hypotheses))
    if pool is None:
        return StatisticsJob(futures=None, ready=segment_statistics(hypotheses, references), pool=None, order=order)
    size = max(1, -(-len(hypotheses) // (workers.workers * CHUNKS_PER_WORKER)))
    futures = [
        pool.submit(segment_statistics, hypotheses[start : start + size], references[start : start + size])
        for start in range(0, len(hypotheses), size)
    ]
    # A job's own processes stop when its result is taken; shared ones stay for the next job.
    return StatisticsJob(futures=futures, ready=None, pool=pool if own else None, order=order)


def _corpus_scores(statistics: dict[str, list], documents: list[list[int]], systems: list[list[int]], cache=None) -> list[dict[str, float] | None]:
    """Each metric's corpus score of each document's pairs (`documents`: their indices), then of each system's
    (`systems`: the numbers of its documents), from their summed statistics.

    A system's sums are its documents' sums added up (exact: whole numbers).
    With a cache, a sum scored before is read back with its score, so a rerun
    of unchanged texts computes nothing and never imports sacrebleu.
    """
    sums = {
        (number, name): _summed([statistics[name][i] for i in indices]) if len(indices) > 1 else statistics[name][indices[0]]
        for number, indices in enumerate(documents)
        if indices
        for name in METRIC_NAMES
    }
    for number, members in enumerate(systems, start=len(documents)):
        parts = [member for member in members if documents[member]]
        for name in METRIC_NAMES:
            if parts:
                sums[(number, name)] = _summed([sums[(member, name)] for member in parts]) if len(parts) > 1 else sums[(parts[0], name)]

    def score(items: list[tuple[int, str]]) -> dict[tuple[int, str], float]:
        metrics = _corpus_metrics()
        return {item: round(float(metrics[item[1]]._compute_score_from_stats(sums[item]).score), 4) for item in items}

    if cache is None:
        values = score(list(sums))
    else:
        from ..cache import code_fingerprint, content_key

        fingerprint = code_fingerprint()  # sacrebleu's version among mtcheck's libraries
        keys = {item: content_key("corpus-score", fingerprint, item[1], repr(list(sums[item]))) for item in sums}
        values = cache.read_through("corpus-score", keys, score, lambda value: repr(value).encode("ascii"), float)
    # A document or system with no pair scored has no scores.
    scored = [bool(indices) for indices in documents] + [any(documents[member] for member in members) for members in systems]
    return [{name: values[(number, name)] for name in METRIC_NAMES} if has_pairs else None for number, has_pairs in enumerate(scored)]


def _scores(values: dict[str, float] | None, similarity: float | None) -> Scores:
    if values is None:
        return Scores(None, None, None, similarity)
    return Scores(values["bleu"], values["chrf"], values["ter"], similarity)


def _summed(rows: list) -> list:
    """The rows added up column by column, as `np.sum(rows, axis=0).tolist()` gives them, in a fifth of the time.

    Every statistic is a whole number (counts, edits, lengths; TER's are
    floats that hold whole numbers), so the sum is exact in any order; a
    float anywhere makes every column a float, as numpy's array would.
    """
    columns = [sum(column) for column in zip(*rows)]
    # A column's sum is a float exactly when the column holds one.
    if any(isinstance(value, float) for value in columns):
        return [float(value) for value in columns]
    return columns


def _mean(values: list[float]) -> float | None:
    return round(float(np.mean(values)), 4) if values else None


def scored_pairs(documents: list[AlignedDocument]) -> list[tuple[int, int, str, str]]:
    """(document index, segment index, hypothesis, reference) for every scoreable segment.

    MT without a counterpart (1-0: boilerplate, or no reference at all) is not
    scored; an omission (0-1) is scored as an empty hypothesis, so dropped
    content lowers the document's scores.
    """
    pairs = []
    for doc_index, document in enumerate(documents):
        for seg_index, segment in enumerate(document.segments):
            if segment.ref:
                pairs.append((doc_index, seg_index, segment.mt, segment.ref))
    return pairs


def similarity_pairs(documents: list[AlignedDocument]) -> list[tuple[int, int, str, str]]:
    """Segments with text on both sides, whose MT/reference cosine is meaningful."""
    return [pair for pair in scored_pairs(documents) if pair[2]]


def compute_scores(
    documents: list[AlignedDocument],
    statistics: dict[str, list],
    pairs: list[tuple[int, int, str, str]],
    similarities: dict[tuple[int, int], float],
    cache=None,
) -> tuple[list[SegmentScore], list[DocumentScore], list[SystemScore]]:
    """Segment, document and system scores from per-segment statistics (corpus scores read from `cache` where it has them)."""
    position = {(doc_index, seg_index): k for k, (doc_index, seg_index, _, _) in enumerate(pairs)}
    segment_scores = []
    system_similarities: dict[str, list[float]] = defaultdict(list)
    system_words: dict[str, int] = defaultdict(int)
    system_documents: dict[str, int] = defaultdict(int)
    system_segments: dict[str, int] = defaultdict(int)
    document_pairs: list[list[int]] = []
    documents_of: dict[str, list[int]] = defaultdict(list)  # each system's documents, by number
    document_counts: list[tuple[str, str, int, int]] = []
    document_similarities: list[float | None] = []
    for doc_index, document in enumerate(documents):
        doc_indices, doc_similarities = [], []
        for seg_index, segment in enumerate(document.segments):
            key = (doc_index, seg_index)
            similarity = similarities.get(key)
            if similarity is not None:
                doc_similarities.append(similarity)
            if key in position:
                doc_indices.append(position[key])
                scores = Scores(*statistics["sentence"][position[key]], similarity)
            else:
                scores = Scores(None, None, None, similarity)
            segment_scores.append(SegmentScore(document.system, document.doc, segment.index, scores))
        words = sum(len(segment.mt.split()) for segment in document.segments)
        document_counts.append((document.system, document.doc, len(document.segments), words))
        document_pairs.append(doc_indices)
        document_similarities.append(_mean(doc_similarities))
        documents_of[document.system].append(doc_index)
        system_similarities[document.system].extend(doc_similarities)
        system_words[document.system] += words
        system_documents[document.system] += 1
        system_segments[document.system] += len(document.segments)
    systems = sorted(system_documents)
    values = _corpus_scores(statistics, document_pairs, [documents_of[system] for system in systems], cache)
    document_scores = [
        DocumentScore(system, doc, segments, words, _scores(document_values, similarity))
        for (system, doc, segments, words), document_values, similarity in zip(document_counts, values, document_similarities)
    ]
    system_scores = [
        SystemScore(
            system=system,
            documents=system_documents[system],
            segments=system_segments[system],
            words=system_words[system],
            scores=_scores(system_values, _mean(system_similarities[system])),
        )
        for system, system_values in zip(systems, values[len(document_pairs) :])
    ]
    return segment_scores, document_scores, system_scores
