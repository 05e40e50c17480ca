"""Alignment: line pairing, and sentence alignment with 1-1, 2-1, 1-2, 1-0, 0-1 links."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from mtcheck.align import align_document, align_documents, align_sentences, split_sentences
from mtcheck.load import split_lines
from mtcheck.model import Document, Piece, Segment


def document(mt: str, ref: str | None) -> Document:
    return Document(
        system="mt",
        doc="d",
        mt_path=Path("d.mt.txt"),
        mt_lines=split_lines(mt),
        ref_lines=split_lines(ref) if ref is not None else None,
    )


def links_of(aligned):
    return [(segment.alignment, segment.mt, segment.ref) for segment in aligned.segments]


def test_equal_line_counts_pair_line_by_line(embedder):
    aligned = align_document(document("Hello there.\n\nThe vote was close.\n", "Hi there.\nThe vote was tight.\n"), embedder)
    assert aligned.aligned_by == "lines"
    assert [(s.line, s.alignment, s.ref) for s in aligned.segments] == [(1, "1-1", "Hi there."), (3, "1-1", "The vote was tight.")]


def test_equal_line_counts_with_unlike_lengths_fall_back_to_sentences(embedder):
    mt = "Storm hits coast.\nThe storm reached the coast on Friday. Thousands lost power overnight.\nShare this article"
    ref = "Storm hits the coast\nThe storm reached the coast on Friday.\nThousands of homes lost power overnight."
    aligned = align_document(document(mt, ref), embedder)
    assert aligned.aligned_by == "embeddings"
    assert links_of(aligned)[-1] == ("1-0", "Share this article", None)


def test_unaligned_article_gets_merge_omission_and_boilerplate_links(embedder):
    mt = (
        "Port workers strike\n"
        "Dock workers in the northern port stopped work on Monday and demanded higher wages.\n"
        "The union said the strike would last a week.\n"
        "No comments:\n"
        "Post a Comment\n"
    )
    ref = (
        "Port workers go on strike\n"
        "Dock workers in the northern port stopped work on Monday. They are demanding higher wages.\n"
        "Police were called to the gates.\n"
        "The union said the strike would last one week.\n"
    )
    aligned = align_document(document(mt, ref), embedder)
    assert [segment.alignment for segment in aligned.segments] == ["1-1", "1-2", "0-1", "1-1", "1-0", "1-0"]
    omission = aligned.segments[2]
    assert omission.mt == "" and omission.ref == "Police were called to the gates." and omission.line == 2
    boilerplate = aligned.segments[4]
    assert (boilerplate.line, boilerplate.start, boilerplate.ref) == (4, 0, None)


def test_two_mt_sentences_for_one_reference_sentence(embedder):
    mt = "The minister resigned on Friday. She gave no reason for leaving.\nElections follow in May.\nA third line."
    ref = "The minister resigned on Friday without giving a reason.\nElections will follow in May."
    aligned = align_document(document(mt, ref), embedder)
    assert [s.alignment for s in aligned.segments][:2] == ["2-1", "1-1"]
    merged = aligned.segments[0]
    assert merged.mt == "The minister resigned on Friday. She gave no reason for leaving."
    assert merged.locate(merged.mt.index("She")) == (1, 33)


class _CountingEmbedder:
    """The real embedder, counting the calls that reach the model (texts not yet in memory)."""

    def __init__(self, embedder):
        self.embedder, self.model_calls = embedder, 0

    def encode(self, texts):
        if any(text not in self.embedder._cache for text in texts):
            self.model_calls += 1
        return self.embedder.encode(texts)


def test_a_group_of_documents_aligns_as_each_alone_with_one_model_call_per_stage(embedder):
    articles = [
        (
            f"Bridge {n} reopens\nThe bridge over the river {n} reopened on Tuesday. Traffic was light at first.\nShare this",
            f"Bridge {n} opens again\nThe bridge over the river {n} reopened on Tuesday, and traffic was light at first.\n",
        )
        for n in ("Alder", "Birch", "Cedar", "Dogwood")
    ]
    documents = [document(mt, ref) for mt, ref in articles]
    embedder.forget()
    counting = _CountingEmbedder(embedder)
    together = align_documents(documents, counting)
    # The sentences of all four documents in one call, their joined neighbours in another.
    assert counting.model_calls == 2
    assert all(aligned.aligned_by == "embeddings" for aligned in together)
    embedder.forget()
    alone = [align_document(one, embedder) for one in documents]
    assert [links_of(aligned) for aligned in together] == [links_of(aligned) for aligned in alone]
    assert any(segment.alignment == "2-1" for aligned in together for segment in aligned.segments)


def test_mt_only_document_keeps_every_line():
    aligned = align_document(document("First line.\n\nSecond line.", None), embedder=None)
    assert aligned.aligned_by == "mt-only"
    assert [(s.line, s.ref) for s in aligned.segments] == [(1, None), (3, None)]


def test_dynamic_programme_on_a_known_matrix():
    # Three MT sentences, two reference sentences: MT 0 matches ref 0, MT 1+2 together match ref 1.
    s11 = np.array([[0.9, 0.1], [0.1, 0.6], [0.1, 0.5]])
    s21 = np.array([[0.5, 0.3], [0.1, 0.95]])
    s12 = np.array([[0.6], [0.2], [0.2]])
    assert align_sentences(s11, s21, s12) == [([0], [0]), ([1, 2], [1])]


def test_unrelated_sentences_are_skipped_not_forced_together():
    s11 = np.array([[0.9, 0.1, 0.0], [0.05, 0.1, 0.1], [0.0, 0.1, 0.9]])
    s21 = np.zeros((2, 3))
    s12 = np.zeros((3, 2))
    assert align_sentences(s11, s21, s12) == [([0], [0]), ([], [1]), ([1], []), ([2], [2])]


def test_sentence_offsets_point_into_their_line():
    sentences = split_sentences(split_lines('He met Dr. J. R. Okafor in the U.S. on Monday. "We agreed," he said. It ended.'))
    assert [s.text for s in sentences] == ['He met Dr. J. R. Okafor in the U.S. on Monday.', '"We agreed," he said.', "It ended."]
    line = 'He met Dr. J. R. Okafor in the U.S. on Monday. "We agreed," he said. It ended.'
    assert all(line[s.start : s.start + len(s.text)] == s.text for s in sentences)


def test_locate_maps_offsets_across_pieces():
    segment = Segment("mt", "d", 1, "2-1", (Piece(3, 10, "First part."), Piece(4, 0, "Second part.")), ref="x")
    assert segment.mt == "First part. Second part."
    assert segment.locate(0) == (3, 10)
    assert segment.locate(6) == (3, 16)
    assert segment.locate(segment.mt.index("Second")) == (4, 0)
    assert segment.locate(segment.mt.index("part.", 12)) == (4, 7)


def _long_line(sentences: int) -> str:
    people = ["Ilse Varnholt", "Tomasz Brek", "Odile Fenwick", "Kenji Arata"]
    return " ".join(
        f"{people[i % 4]} said on Monday that {i + 3} ferries would leave Port Halvik, and Mr. Brek agreed." for i in range(sentences)
    )


def test_a_long_line_is_split_a_window_at_a_time_as_pysbd_splits_it_whole():
    from mtcheck.align import SENTENCE_WINDOW, _segmenter
    from mtcheck.model import TextLine

    line = _long_line(120)
    assert len(line) > 3 * SENTENCE_WINDOW
    whole = [piece.strip() for piece in _segmenter("en").segment(line) if piece.strip()]
    windowed = split_sentences([TextLine(1, line)])
    assert [sentence.text for sentence in windowed] == whole
    assert all(line[s.start : s.start + len(s.text)] == s.text for s in windowed)


def test_long_lines_are_sentence_aligned_even_when_the_line_counts_match():
    from mtcheck.align import MAX_PAIRED_LINE, lines_look_parallel

    line = _long_line(40)
    assert len(line) > MAX_PAIRED_LINE
    assert not lines_look_parallel(split_lines(line), split_lines(line))
    assert lines_look_parallel(split_lines(line[:2000]), split_lines(line[:2000]))


def test_banded_similarity_aligns_a_long_document_as_the_full_matrix_does():
    from mtcheck.align import BandedSimilarity, _Transposed

    rng = np.random.default_rng(3)
    n = m = 700  # above FULL_SEARCH_CELLS: the band is searched
    mt = rng.normal(size=(n, 16)).astype(np.float32)
    ref = mt + rng.normal(scale=0.3, size=(m, 16)).astype(np.float32)
    ref = np.delete(ref, [100, 400], axis=0)  # the reference omits two sentences
    mt /= np.linalg.norm(mt, axis=1, keepdims=True)
    ref /= np.linalg.norm(ref, axis=1, keepdims=True)
    m = len(ref)
    joined_mt = (mt[:-1] + mt[1:]) / np.linalg.norm(mt[:-1] + mt[1:], axis=1, keepdims=True)
    joined_ref = (ref[:-1] + ref[1:]) / np.linalg.norm(ref[:-1] + ref[1:], axis=1, keepdims=True)
    dense = align_sentences(mt @ ref.T, joined_mt @ ref.T, (joined_ref @ mt.T).T)
    banded = align_sentences(
        BandedSimilarity(mt, ref, n, m), BandedSimilarity(joined_mt, ref, n, m), _Transposed(BandedSimilarity(joined_ref, mt, m, n))
    )
    assert banded == dense
    assert ([100], []) in dense and ([400], []) in dense
