"""Engines: where the per-document work of a run (align → score → check) happens.

- `local`: in this process, with sacrebleu's statistics in worker processes
  beside the encoder (the default);
- `dask`: partitions of documents on a dask.distributed cluster, each worker
  loading the model once, the client alone reading and writing the cache.

Both take the loaded corpus and give the same `Processed` record, so reports
do not depend on the engine (tests compare them byte for byte).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import AlignedDocument, DocumentScore, Finding, SegmentScore, SkippedCheck, SystemScore

ENGINES = ("local", "dask")


@dataclass
class Processed:
    documents: list[AlignedDocument]
    segment_scores: list[SegmentScore]
    document_scores: list[DocumentScore]
    system_scores: list[SystemScore]
    findings: list[Finding]
    skipped_checks: list[SkippedCheck]
    # (document index, segment index, hypothesis, reference) of each scored pair, and each
    # metric's sufficient statistics per pair: what the system comparison resamples.
    pairs: list[tuple[int, int, str, str]]
    statistics: dict[str, list]
