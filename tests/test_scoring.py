"""Scores equal sacrebleu's own API, at segment, document and system level."""

from __future__ import annotations

from pathlib import Path

import pytest
import sacrebleu

from mtcheck.score import metrics as scoring
from mtcheck.model import AlignedDocument, Piece, Segment

PAIRS_A = [
    ("The committee approved the budget on Tuesday.", "The committee passed the budget on Tuesday."),
    ("Ingrid Halvorson spoke first.", "Ingrid Halvorsen spoke first."),
    ("More than 15,200 troops are there.", "More than 12,500 troops are there."),
]
PAIRS_B = [("Rain fell all night.", "It rained all night."), ("Roads were closed.", "Several roads were closed.")]


def aligned(system: str, doc: str, pairs) -> AlignedDocument:
    segments = [
        Segment(system, doc, i + 1, "1-1", (Piece(i + 1, 0, mt),), ref=ref) for i, (mt, ref) in enumerate(pairs)
    ]
    return AlignedDocument(system, doc, Path(f"{doc}.mt.txt"), segments, True, False)


def run_scores(documents, workers=1):
    pairs = scoring.scored_pairs(documents)
    job = scoring.start_statistics([p[2] for p in pairs], [p[3] for p in pairs], workers=workers)
    return scoring.compute_scores(documents, job.result(), pairs, {})


def test_segment_document_and_system_scores_match_sacrebleu():
    documents = [aligned("s", "a", PAIRS_A), aligned("s", "b", PAIRS_B)]
    segment_scores, document_scores, system_scores = run_scores(documents)
    for score, (hyp, ref) in zip(segment_scores, PAIRS_A + PAIRS_B):
        assert score.scores.bleu == pytest.approx(sacrebleu.sentence_bleu(hyp, [ref]).score, abs=1e-4)
        assert score.scores.chrf == pytest.approx(sacrebleu.sentence_chrf(hyp, [ref]).score, abs=1e-4)
        assert score.scores.ter == pytest.approx(sacrebleu.sentence_ter(hyp, [ref]).score, abs=1e-4)
    for score, pairs in zip(document_scores, (PAIRS_A, PAIRS_B)):
        hyps, refs = [p[0] for p in pairs], [[p[1] for p in pairs]]
        assert score.scores.bleu == pytest.approx(sacrebleu.corpus_bleu(hyps, refs).score, abs=1e-4)
        assert score.scores.chrf == pytest.approx(sacrebleu.corpus_chrf(hyps, refs).score, abs=1e-4)
        assert score.scores.ter == pytest.approx(sacrebleu.corpus_ter(hyps, refs).score, abs=1e-4)
    everything = PAIRS_A + PAIRS_B
    system = system_scores[0]
    assert system.scores.bleu == pytest.approx(sacrebleu.corpus_bleu([p[0] for p in everything], [[p[1] for p in everything]]).score, abs=1e-4)
    assert system.scores.ter == pytest.approx(sacrebleu.corpus_ter([p[0] for p in everything], [[p[1] for p in everything]]).score, abs=1e-4)
    assert (system.documents, system.segments, system.words) == (2, 5, sum(len(p[0].split()) for p in everything))


def test_worker_processes_give_the_same_statistics(monkeypatch):
    monkeypatch.setattr(scoring, "PARALLEL_MIN_PAIRS", 2)
    documents = [aligned("s", "a", PAIRS_A * 4), aligned("s", "b", PAIRS_B * 4)]
    assert run_scores(documents, workers=2) == run_scores(documents, workers=1)


def test_unreferenced_text_is_not_scored_and_omissions_count_as_empty():
    segments = [
        Segment("s", "a", 1, "1-1", (Piece(1, 0, "Rain fell."),), ref="Rain fell."),
        Segment("s", "a", 2, "0-1", (), ref="Roads were closed.", anchor_line=1),
        Segment("s", "a", 3, "1-0", (Piece(2, 0, "Post a Comment"),), ref=None),
    ]
    document = AlignedDocument("s", "a", Path("a.mt.txt"), segments, True, False)
    segment_scores, document_scores, _ = run_scores([document])
    assert segment_scores[2].scores.bleu is None
    assert segment_scores[1].scores.chrf == pytest.approx(sacrebleu.sentence_chrf("", ["Roads were closed."]).score)
    expected = sacrebleu.corpus_chrf(["Rain fell.", ""], [["Rain fell.", "Roads were closed."]]).score
    assert document_scores[0].scores.chrf == pytest.approx(expected, abs=1e-4)


def test_signatures_are_sacrebleus():
    signatures = scoring.signatures()
    assert signatures["bleu"].startswith("nrefs:1|case:mixed|eff:no|tok:13a")
    assert "version:" in signatures["chrf"] and "version:" in signatures["ter"]


def test_stored_statistics_read_back_as_the_very_values_computed():
    row = scoring.segment_statistics(["The vote was close on Tuesday."], ["The vote was tight on Tuesday."])
    row = {name: values[0] for name, values in row.items()}
    back = scoring.decode_statistics(scoring.encode_statistics(row))
    assert back is not None and {name: list(values) for name, values in zip(scoring.FIELDS, back)} == row
    # The types too: counts stay whole numbers, TER's reference length a float.
    assert [type(value) for name in scoring.FIELDS for value in row[name]] == [type(value) for values in back for value in values]


@pytest.mark.parametrize("value", [b"", b"not packed", b"1,2:qq|short", b"1,1,1,1:qxqq|" + b"\0" * 32, b'{"bleu": [1]}'])
def test_a_stored_statistics_entry_that_cannot_be_read_is_none(value):
    assert scoring.decode_statistics(value) is None


def test_summed_statistics_are_numpys_sums_value_and_type():
    import random

    import numpy as np

    rng = random.Random(1)
    for _ in range(500):
        floats = [rng.random() < 0.3 for _ in range(4)]
        rows = [[float(rng.randint(0, 300)) if floats[j] else rng.randint(0, 300) for j in range(4)] for _ in range(rng.randint(2, 40))]
        expected = np.sum(rows, axis=0).tolist()
        summed = scoring._summed(rows)
        assert summed == expected and [type(value) for value in summed] == [type(value) for value in expected]
