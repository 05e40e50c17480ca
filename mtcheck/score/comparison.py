"""Is system A really better than system B? Paired significance of each MT system against one.

A score difference between two systems on a few hundred segments can be
chance. For BLEU, chrF and TER this runs sacrebleu's own paired test
(`sacrebleu.significance.PairedTest`: paired bootstrap resampling, or
approximate randomization) on the segments every system shares, with the
metric settings and the per-segment statistics the run already computed, so
its scores are the run's and nothing is scored twice. The gate's weighted
error score per 1,000 words gets a paired bootstrap over documents (findings
are counted per document, and a finding's weight is not a segment statistic).

Only systems segmented alike can be paired segment by segment: table rows
and line-aligned files. Articles aligned by embeddings are segmented anew
for each system, so the segment tests do not apply to them (a note says so).
Seeds are fixed: reruns give the same p-values and intervals.
"""

from __future__ import annotations

import difflib
import os
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from ..errors import MtcheckError
from ..model import DEFAULT_WEIGHTS, AlignedDocument, Comparison, DocumentScore, Finding, Severity, weighted_errors

# Significance tests of BLEU, chrF and TER: paired bootstrap, approximate randomization.
SIGNIFICANCE_TESTS = ("bs", "ar")
SEED = 12345
# sacrebleu's defaults: 1,000 bootstrap resamples, 10,000 randomization trials
# (approximate randomization needs more trials for the same precision).
SAMPLES = {"bs": 1000, "ar": 10000}
# Approximate randomization gives no interval; sacrebleu bootstraps one with this many resamples.
AR_CONFIDENCE_RESAMPLES = 1000
ALPHA = 0.05
SEGMENT_METRICS = ("bleu", "chrf", "ter")
WEIGHTED_SCORE = "weighted-score-per-1000-words"
METRICS = (*SEGMENT_METRICS, WEIGHTED_SCORE)
# Fewer documents than this make a bootstrap over documents coarse.
FEW_DOCUMENTS = 10
# Systems segmented alike can be paired segment by segment.
_PAIRABLE = ("rows", "lines")


class ComparisonError(MtcheckError):
    """A comparison that cannot be run as asked (an unknown system, an unknown test)."""


@dataclass(frozen=True)
class ComparisonOptions:
    """How systems are compared: against which system, with which test, with which severity weights."""

    compare_to: str | None = None  # None: the first system in sort order
    test: str = "bs"
    weights: Mapping[Severity, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))


def comparison_system(systems: Sequence[str], compare_to: str | None) -> str:
    """The system the others are compared to; an unknown name is an error listing the known ones."""
    known = sorted(set(systems))
    if compare_to is None:
        return known[0]
    if compare_to not in known:
        hint = difflib.get_close_matches(compare_to, known, n=1)
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        listed = ", ".join(known) if known else "none"
        raise ComparisonError(f"compare-to {compare_to!r} (--compare-to or the compare-to key): no such system in the corpus{suggestion}; systems: {listed}")
    return compare_to


def check_options(options: ComparisonOptions, systems: Sequence[str]) -> None:
    """Fail before the run when the options cannot work on these systems."""
    if options.test not in SIGNIFICANCE_TESTS:
        raise ComparisonError(f"--significance {options.test}: expected one of {', '.join(SIGNIFICANCE_TESTS)}")
    if len(set(systems)) >= 2 or options.compare_to is not None:
        comparison_system(systems, options.compare_to)


def compare_systems(
    documents: Sequence[AlignedDocument],
    pairs: Sequence[tuple[int, int, str, str]],
    statistics: Mapping[str, Sequence],
    findings: Sequence[Finding],
    document_scores: Sequence[DocumentScore],
    options: ComparisonOptions,
) -> tuple[list[Comparison], list[str]]:
    """Rows of comparison.csv (comparison system first, then the others in sort order) and notes.

    `pairs` and `statistics` are the run's scored pairs and their sacrebleu
    statistics (`scoring.scored_pairs`, `scoring.start_statistics`).
    """
    systems = sorted({document.system for document in documents})
    if len(systems) < 2:
        shown = f" ({systems[0]})" if systems else ""
        return [], [f"one system{shown}: nothing to compare, so comparison.csv has its header only"]
    base = comparison_system(systems, options.compare_to)
    order = [base, *(system for system in systems if system != base)]
    notes: list[str] = []
    rows = _segment_rows(order, documents, pairs, statistics, options.test, notes)
    rows += _weighted_score_rows(order, findings, document_scores, options.weights, notes)
    rows.sort(key=lambda row: (order.index(row.system), METRICS.index(row.metric)))
    notes += _multiple_comparisons(rows, base)
    return rows, notes


# ------------------------------------------------------------ BLEU, chrF, TER


def _segment_rows(order, documents, pairs, statistics, test: str, notes: list[str]) -> list[Comparison]:
    shared, refs, hypotheses, known = _shared_segments(order, documents, pairs, statistics, notes)
    if not shared:
        return []
    from sacrebleu.significance import PairedTest

    from .metrics import fresh_metrics

    metrics = {name: _KnownStatistics(metric, known[name]) for name, metric in fresh_metrics().items()}
    with _sacrebleu_seed(SEED):
        paired = PairedTest(
            [(system, hypotheses[system]) for system in order],
            metrics,
            references=[refs],
            test_type=test,
            n_samples=SAMPLES[test],
            # -1: no extra bootstrap (bs has its own interval); 0 is sacrebleu's 1,000 for ar.
            n_ar_confidence=-1 if test == "bs" else 0,
            n_jobs=1,
        )
    _, results = paired()
    rows = []
    # PairedTest keys its results by the score's name (BLEU, chrF2, TER), in the order of `metrics`.
    for name, key in zip(SEGMENT_METRICS, [key for key in results if key != "System"]):
        rows += _rows_of(order, name, [_result_tuple(result) for result in results[key]])
    return rows


def _shared_segments(order, documents, pairs, statistics, notes: list[str]):
    """The segments every system scored, with one reference: keys, references, each system's MT, and their statistics."""
    # system -> (doc, segment id) -> (hypothesis, reference, index of the pair, position in the document)
    pairable: dict[str, dict[tuple[str, str], tuple[str, str, int, int]]] = {system: {} for system in order}
    position_of = {(doc_index, seg_index): k for k, (doc_index, seg_index, _, _) in enumerate(pairs)}
    by_embeddings = set()
    for doc_index, document in enumerate(documents):
        if document.aligned_by not in _PAIRABLE:
            if document.aligned_by == "embeddings":
                by_embeddings.add(document.doc)
            continue
        for seg_index, segment in enumerate(document.segments):
            k = position_of.get((doc_index, seg_index))
            if k is not None:
                _, _, hyp, ref = pairs[k]
                pairable[document.system][(document.doc, segment.segment)] = (hyp, ref, k, segment.index)
    if by_embeddings:
        shown = ", ".join(sorted(by_embeddings)[:3]) + (f" and {len(by_embeddings) - 3} more" if len(by_embeddings) > 3 else "")
        notes.append(
            f"BLEU, chrF and TER paired tests do not apply to {len(by_embeddings)} document(s) aligned by embeddings "
            f"({shown}): each system's text is segmented differently there, so its segments cannot be paired"
        )
    every = set.intersection(*(set(keys) for keys in pairable.values()))
    shared = sorted(
        (key for key in every if len({pairable[system][key][1] for system in order}) == 1),
        # Document by document, in the comparison system's order (ids are the user's text: "s-10" is not before "s-2").
        key=lambda key: (key[0], pairable[order[0]][key][3]),
    )
    scored_anywhere = set.union(*(set(keys) for keys in pairable.values()))
    if not shared:
        if scored_anywhere:
            notes.append("BLEU, chrF and TER not compared: no segment with a reference is shared by every system")
        elif not by_embeddings:
            notes.append("BLEU, chrF and TER not compared: no system has segments with a reference")
        return [], [], {}, {}
    dropped = len(scored_anywhere) - len(shared)
    if dropped:
        differing = len(every) - len(shared)
        why = f"; {differing} of them have different references" if differing else ""
        notes.append(
            f"BLEU, chrF and TER compared on the {len(shared)} segments every system has; "
            f"{dropped} segment(s) not shared by all systems left out{why}, so these scores can differ from summary.csv"
        )
    refs = [pairable[order[0]][key][1] for key in shared]
    hypotheses = {system: [pairable[system][key][0] for key in shared] for system in order}
    known: dict[str, dict[tuple[str, str], list]] = defaultdict(dict)
    for system in order:
        for key in shared:
            hyp, ref, k, _ = pairable[system][key]
            for name in SEGMENT_METRICS:
                known[name][(hyp, ref)] = statistics[name][k]
    return shared, refs, hypotheses, known


class _KnownStatistics:
    """A sacrebleu metric that serves the run's per-segment statistics instead of extracting them again.

    Statistics of a (hypothesis, reference) pair are what the metric's own
    `_extract_corpus_statistics` returned for it during scoring (TER's are
    the costly ones); every other call goes to the metric itself, so
    PairedTest's scores, resamples and p-values are sacrebleu's.
    """

    def __init__(self, metric, known: Mapping[tuple[str, str], list]):
        self._metric = metric
        self._known = known

    def _extract_corpus_statistics(self, hypotheses, references):
        refs = references[0]
        # What caching the references would have set, for the signature: one
        # reference stream, no segment without a reference (none is scored).
        self._metric.num_refs = len(references)
        rows = [self._known.get((hyp, ref)) for hyp, ref in zip(hypotheses, refs)]
        missing = [i for i, row in enumerate(rows) if row is None]
        if missing:
            computed = self._metric._extract_corpus_statistics([hypotheses[i] for i in missing], [[refs[i] for i in missing]])
            for i, row in zip(missing, computed):
                rows[i] = row
        return rows

    def __getattr__(self, name):
        return getattr(self._metric, name)


@contextmanager
def _sacrebleu_seed(seed: int) -> Iterator[None]:
    # PairedTest reads its seed from SACREBLEU_SEED when it is built; a seed in
    # the user's environment must not change mtcheck's reports.
    saved = os.environ.get("SACREBLEU_SEED")
    os.environ["SACREBLEU_SEED"] = str(seed)
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SACREBLEU_SEED"]
        else:
            os.environ["SACREBLEU_SEED"] = saved


def _result_tuple(result) -> tuple[float, float, float, float | None]:
    """sacrebleu's Result as (score, mean, ci, p-value)."""
    return float(result.score), float(result.mean), float(result.ci), result.p_value


def _rows_of(order, metric: str, results: Sequence[tuple[float, float, float, float | None]]) -> list[Comparison]:
    """One row per system; `results[0]` is the comparison system's."""
    base_score = results[0][0]
    rows = []
    for system, (score, mean, ci, p_value) in zip(order, results):
        if p_value is not None and score == base_score:
            # No difference at all is no evidence of one. sacrebleu's formula
            # counts resampled differences strictly above the real one, and
            # would give its smallest p-value here (all of them are 0).
            p_value = 1.0
        rows.append(
            Comparison(
                system=system,
                compared_to=order[0],
                metric=metric,
                score=round(score, 4),
                compared_to_score=round(base_score, 4),
                delta=round(score - base_score, 4),
                ci_low=round(mean - ci, 4),
                ci_high=round(mean + ci, 4),
                p_value=None if p_value is None else round(float(p_value), 4),
                significant=None if p_value is None else bool(p_value < ALPHA),
            )
        )
    return rows


# ------------------------------------------------------ the weighted error score


def _weighted_score_rows(order, findings, document_scores, weights, notes: list[str]) -> list[Comparison]:
    """Paired bootstrap over the documents every system has, of the weighted errors per 1,000 MT words."""
    words = {(score.system, score.doc): score.words for score in document_scores}
    per_document = defaultdict(list)
    for finding in findings:
        per_document[(finding.system, finding.doc)].append(finding)
    docs_of = [{doc for system, doc in words if system == one} for one in order]
    every = sorted(set.intersection(*docs_of))
    shared = [doc for doc in every if all(words[(system, doc)] > 0 for system in order)]
    if not shared:
        notes.append(f"{WEIGHTED_SCORE} not compared: no document with MT words is shared by every system")
        return []
    left_out = len(set.union(*docs_of)) - len(shared)
    if left_out:
        notes.append(
            f"{WEIGHTED_SCORE} compared on the {len(shared)} documents every system has (with MT words); {left_out} left out"
        )
    if len(shared) < FEW_DOCUMENTS:
        notes.append(
            f"{WEIGHTED_SCORE}: only {len(shared)} document(s) to resample, so its interval and p-values are coarse"
        )
    errors = np.array([[weighted_errors(per_document[(system, doc)], weights) for doc in shared] for system in order])
    counts = np.array([[words[(system, doc)] for doc in shared] for system in order], dtype=float)
    results = paired_document_bootstrap(errors, counts)
    return _rows_of(order, WEIGHTED_SCORE, results)


def paired_document_bootstrap(
    errors: np.ndarray, words: np.ndarray, samples: int = SAMPLES["bs"], seed: int = SEED
) -> list[tuple[float, float, float, float | None]]:
    """(score, mean, ci, p-value) per system (row 0 the comparison system) of 1,000 x errors/words.

    The same resampled documents for every system (paired), and the same
    estimates as sacrebleu's paired bootstrap: the interval is half the
    2.5-97.5% range of the resampled scores around their mean, and the
    p-value that of the centred resampled differences exceeding the real one.
    """
    from sacrebleu.significance import estimate_ci

    rng = np.random.default_rng(seed)
    indices = rng.choice(errors.shape[1], size=(samples, errors.shape[1]), replace=True)
    scores = 1000.0 * errors.sum(axis=1) / words.sum(axis=1)
    resampled = 1000.0 * errors[:, indices].sum(axis=2) / words[:, indices].sum(axis=2)
    results = []
    for row in range(errors.shape[0]):
        mean, ci = estimate_ci(resampled[row])
        p_value = None
        if row:
            real = abs(scores[row] - scores[0])
            differences = np.abs(resampled[row] - resampled[0])
            centred = differences - differences.mean()
            # "+1": the chance of rejecting a true null stays at most the level.
            p_value = (int(np.sum(centred > real)) + 1) / (samples + 1)
        results.append((float(scores[row]), float(mean), float(ci), p_value))
    return results


# ------------------------------------------------------------------- notes


def _multiple_comparisons(rows: Sequence[Comparison], base: str) -> list[str]:
    tested_systems = sorted({row.system for row in rows if row.p_value is not None})
    tests = sum(1 for row in rows if row.p_value is not None)
    if len(tested_systems) < 2:
        return []
    metrics = len({row.metric for row in rows if row.p_value is not None})
    return [
        f"{len(tested_systems)} systems tested against {base} on {metrics} metric(s): {tests} tests, so about "
        f"{ALPHA * tests:.1f} of them would come out significant at p < {ALPHA:g} by chance alone; "
        f"to keep a 5% chance of any false difference, read only p < {ALPHA / tests:.4g} as significant (Bonferroni: {ALPHA:g}/{tests})"
    ]
