"""The local engine: every stage in this process, sacrebleu's statistics in worker processes meanwhile."""

from __future__ import annotations

from ..align import align_document
from ..checks import run_checks
from ..scoring import compute_scores, scored_pairs, similarity_pairs, start_statistics
from . import Processed


def process(corpus, glossary, options, progress, embedder, cache, scope: str, timed) -> Processed:
    """Align, score and check `corpus` here; `timed(name)` times each stage."""
    with timed("align"):
        progress.phase("aligning", len(corpus.documents))
        documents = []
        for document in corpus.documents:
            documents.append(align_document(document, embedder, options.language))
            progress.advance()

    with timed("score"):
        pairs = scored_pairs(documents)
        job = start_statistics([hyp for _, _, hyp, _ in pairs], [ref for _, _, _, ref in pairs], cache=cache)
        # The model encodes while worker processes compute sacrebleu statistics.
        with timed("encode"):
            with_text = similarity_pairs(documents)
            texts = [text for pair in with_text for text in (pair[2], pair[3])]
            progress.phase("encoding", embedder.uncached(texts))
            embedder.encode(texts, progress=progress.advance)
            cosines = embedder.pairwise([pair[2] for pair in with_text], [pair[3] for pair in with_text])
            similarities = {(pair[0], pair[1]): round(float(cosine), 4) for pair, cosine in zip(with_text, cosines)}
            # Checks compare names and terms, never whole segments: the segments' vectors
            # (1.5 KB a text, the largest thing a big run holds) are not needed again.
            del cosines
            embedder.forget()
        progress.phase("scoring", None)
        statistics = job.result()
        segment_scores, document_scores, system_scores = compute_scores(documents, statistics, pairs, similarities)

    with timed("check"):
        progress.phase("checking", None)
        findings, skipped = run_checks(
            documents,
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
    return Processed(documents, segment_scores, document_scores, system_scores, findings, skipped, pairs, statistics)
