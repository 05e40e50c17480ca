"""Engines: where the per-document work of a run (align → score → check) happens.

- `local`: in this process, with sacrebleu's statistics in worker processes
  beside the encoder (the default);
- `dask`: partitions of documents on a dask.distributed cluster, each worker
  loading the model once, the client alone reading and writing the cache.

Both take the loaded corpus and give the same `Processed` record, so reports
do not depend on the engine (tests compare them byte for byte).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import (
    AlignedDocument,
    Document,
    DocumentScore,
    Finding,
    SegmentScore,
    SkippedCheck,
    SystemScore,
)

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


def partitions_by_document(documents: Sequence[Document | AlignedDocument], size: int) -> list[list[int]]:
    """Indices of `documents` in groups of about `size` segments; every system's version of a document in one group."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for index, document in enumerate(documents):
        by_doc[document.doc].append(index)
    groups: list[list[int]] = []
    current: list[int] = []
    weight = 0
    for members in by_doc.values():
        current.extend(members)
        weight += sum(_segments(documents[index]) for index in members)
        if weight >= size:
            groups.append(current)
            current, weight = [], 0
    if current:
        groups.append(current)
    return groups


def _segments(document: Document | AlignedDocument) -> int:
    if isinstance(document, AlignedDocument):
        return max(1, len(document.segments))
    return max(1, len(document.mt_lines), len(document.ref_lines or ()))

