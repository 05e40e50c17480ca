"""The local engine: every stage in this process, sacrebleu's statistics in worker processes meanwhile.

Documents stream through alignment and scoring a group at a time (every
system's version of a document in the same group, so a reference shared by
the systems is encoded once): a group's sentence vectors are dropped as soon
as its similarities are known, so memory does not grow with the corpus. The
checks then run over all aligned documents, a batch at a time (mtcheck.checks).
"""

from __future__ import annotations

from ..align import align_documents
from ..checks import run_checks
from ..memory import give_back_freed_memory
from ..score.metrics import FIELDS, StatisticsWorkers, compute_scores, scored_pairs, similarity_pairs, start_statistics
from . import Processed, partitions_by_document

# Segments a group: enough that the encoder fills its batches of equal-length
# texts and the statistics workers get whole chunks, few enough that the
# group's vectors stay small (about 3 KB a segment).
GROUP_SEGMENTS = 5000


def process(corpus, glossary, options, progress, embedder, cache, scope: str, timed) -> Processed:
    """Align, score and check `corpus` here; `timed(name)` times each stage."""
    documents = corpus.documents
    aligned: list = [None] * len(documents)
    similarities: dict[tuple[int, int], float] = {}
    jobs = []
    progress.phase("processing", len(documents))
    # One set of statistics workers for the run: each group's pairs join their queue
    # while the model encodes the next groups.
    with StatisticsWorkers() as workers:
        for group in partitions_by_document(documents, GROUP_SEGMENTS):
            with timed("align"):
                for index, document in zip(group, align_documents([documents[index] for index in group], embedder, options.language, cache)):
                    aligned[index] = document
            with timed("score"):
                pairs = _pairs_of(aligned, group)
                jobs.append((pairs, start_statistics([pair[2] for pair in pairs], [pair[3] for pair in pairs], cache=cache, shared=workers)))
                with timed("encode"):
                    similarities.update(_similarities(aligned, group, embedder, cache))
            give_back_freed_memory()
            progress.advance(len(group))
        # The checks need no statistics: they run while the workers finish the last
        # groups' TER, which on long news segments outlasts the model's encoding.
        with timed("check"):
            progress.phase("checking", None)
            findings, skipped = run_checks(
                aligned,
                embedder,
                glossary=glossary,
                select=options.select,
                ignore=options.ignore,
                severity_overrides=options.severity_overrides,
                settings=options.check_settings,
                language=options.language,
                cache=cache,
                cache_scope=scope,
            )
        give_back_freed_memory()
        with timed("score"):
            progress.phase("scoring", None)
            pairs, statistics = _in_corpus_order(jobs)
    with timed("score"):
        segment_scores, document_scores, system_scores = compute_scores(aligned, statistics, pairs, similarities, cache)
    return Processed(aligned, segment_scores, document_scores, system_scores, findings, skipped, pairs, statistics)


def _pairs_of(aligned: list, group: list[int]) -> list[tuple[int, int, str, str]]:
    """`scored_pairs` of the group's documents, numbered by their place in the corpus."""
    return [
        (index, seg_index, hypothesis, reference)
        for index in group
        for _, seg_index, hypothesis, reference in scored_pairs([aligned[index]])
    ]


def _similarities(aligned: list, group: list[int], embedder, cache=None) -> dict[tuple[int, int], float]:
    """MT/reference cosine of each pair of the group with text on both sides.

    With a cache, a pair scored before is read as its number: a rerun then
    reads neither vectors nor the model for unchanged segments.
    """
    with_text = [(index, seg_index, mt, ref) for index in group for _, seg_index, mt, ref in similarity_pairs([aligned[index]])]

    def cosines(pairs: list[int]) -> dict[int, float]:
        found = embedder.pairwise([with_text[k][2] for k in pairs], [with_text[k][3] for k in pairs]) if pairs else []
        return {k: round(float(cosine), 4) for k, cosine in zip(pairs, found)}

    identity = embedder.identity if cache is not None else None
    if identity is None:
        values = cosines(list(range(len(with_text))))
    else:
        from ..cache import content_key

        keys = {k: content_key("similarity", identity, pair[2], pair[3]) for k, pair in enumerate(with_text)}
        values = cache.read_through("similarity", keys, cosines, lambda value: repr(value).encode("ascii"), float)
    # Checks compare names and terms, never whole segments: the group's vectors
    # (1.5 KB a text, the largest thing a run holds) are not needed again.
    embedder.forget()
    return {(pair[0], pair[1]): values[k] for k, pair in enumerate(with_text)}


def _in_corpus_order(jobs: list) -> tuple[list[tuple[int, int, str, str]], dict[str, list]]:
    """Every group's pairs and statistics, in the order `scored_pairs` gives them for the whole corpus."""
    pairs: list[tuple[int, int, str, str]] = []
    statistics: dict[str, list] = {name: [] for name in FIELDS}
    for group_pairs, job in jobs:
        pairs.extend(group_pairs)
        for name, rows in job.result().items():
            statistics[name].extend(rows)
    order = sorted(range(len(pairs)), key=lambda k: (pairs[k][0], pairs[k][1]))
    return [pairs[k] for k in order], {name: [rows[k] for k in order] for name, rows in statistics.items()}
