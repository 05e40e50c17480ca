"""Pair MT text with its reference.

Line-aligned files (same number of non-empty lines) are paired line by line,
as sacrebleu does. Anything else — a scraped article with boilerplate, merged
or split sentences, dropped sentences — is split into sentences and aligned
monotonically over an embedding similarity matrix, Vecalign/Bertalign style:
dynamic programming over 1-1, 2-1, 1-2 links, with 1-0 and 0-1 skips that
keep unmatched text (boilerplate, omissions) instead of dropping it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from .model import AlignedDocument, Document, Piece, Segment, TextLine

# Value of leaving one sentence unmatched. Pairing two sentences is worth their
# cosine similarity, so a 1-1 link beats two skips when similarity > 2 * SKIP:
# translations of one sentence score ~0.6-0.95 with MiniLM, unrelated ones < 0.3.
SKIP_VALUE = 0.2
# A 2-1 or 1-2 link is weighed against its alternative, a 1-1 link plus one
# skipped sentence: it wins only when joining the extra sentence raises the
# similarity by more than MERGE_PENALTY. A short boilerplate line joined to a
# sentence barely moves its embedding, so it stays a 1-0 skip.
MERGE_PENALTY = 0.05
REFINE_MARGIN = 0.1
# Search only a band around the diagonal for long documents: quadratic DP over
# thousands of sentences would dominate the run for nothing.
FULL_SEARCH_CELLS = 250_000
# Equal line counts can be a coincidence (an article with boilerplate added and
# paragraphs merged). Pair lines only when their lengths look like translations
# of each other: at most this share of pairs may differ in length by more than
# LENGTH_RATIO_LIMIT.
LENGTH_RATIO_LIMIT = 2.0
MISMATCHED_LENGTH_SHARE = 0.2
NEIGHBOUR_MARGIN = 10  # rapidfuzz ratio points
# Two translations of one line share much of their characters (free ones score
# ~55-90); below this the pairing is suspect. Falling back to sentence
# alignment on truly parallel lines costs time, not correctness.
MIN_LINE_RATIO = 30
BAND_MIN_WIDTH = 30
# A line longer than this is many sentences (a scraped page without line
# breaks): it is split into sentences and aligned even when the line counts
# match, because comparing or scoring it whole costs the square of its length
# (character similarity) or more (TER).
MAX_PAIRED_LINE = 3000
# pysbd's time grows with the square of the text it is given: a long line is
# fed to it this many characters at a time, each window ending where its last
# complete sentence ends.
SENTENCE_WINDOW = 3000
MAX_SENTENCE_WINDOW = 48_000


@dataclass(frozen=True)
class Sentence:
    line: int
    start: int
    text: str


@lru_cache(maxsize=4)
def _segmenter(language: str):
    import pysbd

    return pysbd.Segmenter(language=language, clean=False)


def split_sentences(lines: list[TextLine], language: str = "en", pieces: dict[str, list[str]] | None = None) -> list[Sentence]:
    """Sentences of each line, with their line number and offset in that line.

    `pieces`: the segmenter's pieces of line texts already split (`split_lines`).
    """
    sentences = []
    for line in lines:
        cursor = 0
        found = pieces.get(line.text) if pieces is not None else None
        for piece in found if found is not None else _segment_line(_segmenter(language), line.text):
            text = piece.strip()
            if not text:
                continue
            start = line.text.find(text, cursor)
            if start < 0:  # the segmenter altered the text; keep going without an exact offset
                start = cursor
            sentences.append(Sentence(line.number, start, text))
            cursor = start + len(text)
    return sentences


def split_lines(texts: Sequence[str], language: str = "en", cache=None) -> dict[str, list[str]]:
    """The segmenter's pieces of each distinct line text, read from the cache where it has them.

    pysbd takes about a millisecond a line, so splitting is the largest part of
    aligning a rerun whose vectors all come from the cache; and a reference
    that several systems share is split once.
    """
    distinct = list(dict.fromkeys(texts))

    def split(to_split: list[str]) -> dict[str, list[str]]:
        segmenter = _segmenter(language) if to_split else None  # a rerun need not load pysbd at all
        return {text: _segment_line(segmenter, text) for text in to_split}

    if cache is None:
        return split(distinct)
    from .cache import code_fingerprint, content_key

    fingerprint = code_fingerprint()  # pysbd's version, and this module's windows
    keys = {text: content_key("sentences", fingerprint, language, text) for text in distinct}
    return cache.read_through("sentences", keys, split, lambda found: json.dumps(found, ensure_ascii=False).encode("utf-8"), json.loads)


def _segment_line(segmenter, text: str) -> list[str]:
    """pysbd's sentences of one line; a long line a window at a time, so the time stays linear in its length."""
    if len(text) <= SENTENCE_WINDOW:
        return segmenter.segment(text)
    pieces: list[str] = []
    cursor, window = 0, SENTENCE_WINDOW
    while cursor < len(text):
        if cursor + window >= len(text):
            pieces.extend(segmenter.segment(text[cursor:]))
            break
        found = [piece for piece in segmenter.segment(text[cursor : cursor + window]) if piece.strip()]
        if len(found) < 2 and window < MAX_SENTENCE_WINDOW:
            window *= 2  # one sentence fills the window: look further for its end
            continue
        # The window's last sentence may be cut off by its end: it starts the next window.
        last_start = _start_of_last(text, cursor, found)
        if last_start <= cursor:  # a single sentence longer than any window: cut it at a space
            space = text.rfind(" ", cursor + 1, cursor + window)
            last_start = space if space > cursor else cursor + window
            found = [text[cursor:last_start]]
        else:
            found = found[:-1]
        pieces.extend(found)
        cursor, window = last_start, SENTENCE_WINDOW
    return pieces


def _start_of_last(text: str, cursor: int, found: list[str]) -> int:
    position = cursor
    start = cursor
    for piece in found:
        located = text.find(piece.strip(), position)
        if located < 0:
            return cursor
        start, position = located, located + len(piece.strip())
    return start


def align_sentences(similarity_11, similarity_21, similarity_12) -> list[tuple[list[int], list[int]]]:
    """Best monotone alignment of n MT and m reference sentences.

    `similarity_11[i, j]` compares MT sentence i with reference sentence j;
    `similarity_21[i, j]` MT sentences i and i+1 joined with reference j;
    `similarity_12[i, j]` MT i with reference sentences j and j+1 joined.
    Arrays or `BandedSimilarity` (only cells near the diagonal are read).
    Returns links as (MT indices, reference indices), in order.
    """
    n, m = similarity_11.shape
    band = _band(n, m)
    # Values and steps of the cells in each row's band only: a long document's full n x m table would not fit in memory.
    lows: list[int] = []
    values: list[list[float]] = []
    steps: list[list[tuple[int, int]]] = []

    def value(i: int, j: int) -> float:
        k = j - lows[i]
        return values[i][k] if 0 <= k < len(values[i]) else -np.inf

    for i in range(n + 1):
        low, high = band(i)
        row_values: list[float] = []
        row_steps: list[tuple[int, int]] = []
        lows.append(low)
        values.append(row_values)
        steps.append(row_steps)
        for j in range(low, high + 1):
            if i == 0 and j == 0:
                row_values.append(0.0)
                row_steps.append((0, 0))
                continue
            best, best_step = -np.inf, (0, 0)
            if i >= 1 and j >= 1:
                candidate = value(i - 1, j - 1) + similarity_11[i - 1, j - 1]
                if candidate > best:
                    best, best_step = candidate, (1, 1)
            if i >= 1:
                candidate = value(i - 1, j) + SKIP_VALUE
                if candidate > best:
                    best, best_step = candidate, (1, 0)
            if j >= 1:
                candidate = (row_values[-1] if j > low else -np.inf) + SKIP_VALUE
                if candidate > best:
                    best, best_step = candidate, (0, 1)
            if i >= 2 and j >= 1:
                candidate = value(i - 2, j - 1) + similarity_21[i - 2, j - 1] + SKIP_VALUE - MERGE_PENALTY
                if candidate > best:
                    best, best_step = candidate, (2, 1)
            if i >= 1 and j >= 2:
                candidate = value(i - 1, j - 2) + similarity_12[i - 1, j - 2] + SKIP_VALUE - MERGE_PENALTY
                if candidate > best:
                    best, best_step = candidate, (1, 2)
            row_values.append(best)
            row_steps.append(best_step)
    links = []
    i, j = n, m
    while i > 0 or j > 0:
        k = j - lows[i]
        take_mt, take_ref = steps[i][k] if 0 <= k < len(steps[i]) else (0, 0)
        if take_mt == 0 and take_ref == 0:  # outside the band; cannot happen with a valid band
            raise RuntimeError("alignment band did not reach the end of the document")
        links.append((list(range(i - take_mt, i)), list(range(j - take_ref, j))))
        i, j = i - take_mt, j - take_ref
    links.reverse()
    return links


def _band(n: int, m: int) -> Callable[[int], tuple[int, int]]:
    if (n + 1) * (m + 1) <= FULL_SEARCH_CELLS:
        return lambda i: (0, m)
    width = max(BAND_MIN_WIDTH, abs(n - m) + BAND_MIN_WIDTH)

    def band(i: int) -> tuple[int, int]:
        centre = round(i * m / n) if n else 0
        return max(0, centre - width), min(m, centre + width)

    return band


class BandedSimilarity:
    """Cosines of row vectors with the column vectors near the diagonal, for a long document.

    The alignment reads only cells within its band (`_band`), so only those
    are computed: the full n x m matrix of a document of tens of thousands of
    sentences would take gigabytes. A cell outside them is computed on demand.
    """

    def __init__(self, rows: np.ndarray, columns: np.ndarray, n: int, m: int):
        self.rows, self.columns = rows, columns
        self.shape = (len(rows), len(columns))
        band = _band(n, m)
        # A little wider than the band: the 2-1 and 1-2 links read one or two cells off it.
        self.lows = np.empty(len(rows), dtype=np.int64)
        self.cells: list[np.ndarray] = []
        for i in range(len(rows)):
            low = max(0, min(band(min(i, n))[0], band(min(i + 2, n))[0]) - 2)
            high = min(len(columns), max(band(min(i, n))[1], band(min(i + 2, n))[1]) + 2)
            self.lows[i] = low
            self.cells.append(columns[low:high] @ rows[i])

    def __getitem__(self, key: tuple[int, int]) -> float:
        i, j = key
        k = j - self.lows[i]
        row = self.cells[i]
        if 0 <= k < len(row):
            return row[k]
        return float(self.rows[i] @ self.columns[j])

    def row_max(self) -> np.ndarray:
        return np.array([row.max() if len(row) else -np.inf for row in self.cells])

    def recompute(self, i: int, vector: np.ndarray) -> None:
        self.rows[i] = vector
        low = self.lows[i]
        self.cells[i] = self.columns[low : low + len(self.cells[i])] @ vector


class _Transposed:
    """A BandedSimilarity of reference rows read as [MT, reference]."""

    def __init__(self, banded: BandedSimilarity):
        self.banded = banded
        self.shape = banded.shape[::-1]

    def __getitem__(self, key: tuple[int, int]) -> float:
        i, j = key
        return self.banded[j, i]


def align_document(document: Document, embedder, language: str = "en") -> AlignedDocument:
    """Segments of one document, with the method used to find them."""
    return align_documents([document], embedder, language)[0]


def align_documents(documents: Sequence[Document], embedder, language: str = "en", cache=None) -> list[AlignedDocument]:
    """Segments of each document, with the method used to find them.

    The sentences of every document that needs embeddings are encoded in one
    call, and then the joined neighbours worth encoding for real in another:
    one document's dozen texts make batches of one or two texts of equal token
    length, a group's thousands fill them (and a vector does not depend on its
    batch, so the alignment is the same). With a `cache` (mtcheck.cache.Cache)
    the sentence splits and the sentence links of earlier runs are reused: a
    rerun reads no vectors to align a document it aligned before.
    """
    methods = [_method(document) for document in documents]
    sentences: dict[int, tuple[list[Sentence], list[Sentence]]] = {}
    to_split = [document for document, method in zip(documents, methods) if method == "embeddings"]
    pieces = split_lines([line.text for document in to_split for line in (*document.mt_lines, *document.ref_lines)], language, cache)
    for index, (document, method) in enumerate(zip(documents, methods)):
        if method == "embeddings":
            sentences[index] = (split_sentences(document.mt_lines, language, pieces), split_sentences(document.ref_lines, language, pieces))

    def link(indices: list[int]) -> dict[int, list[Link]]:
        return _sentence_links({index: sentences[index] for index in indices}, embedder)

    identity = embedder.identity if cache is not None and sentences else None
    if identity is None:
        links = link(list(sentences))
    else:
        from .cache import code_fingerprint, content_key

        fingerprint = code_fingerprint()  # the search's values and bands
        keys = {
            index: content_key("sentence-links", identity, fingerprint, str(len(mt_sentences)), *(sentence.text for sentence in (*mt_sentences, *ref_sentences)))
            for index, (mt_sentences, ref_sentences) in sentences.items()
        }
        links = cache.read_through("sentence-links", keys, link, lambda found: json.dumps(found).encode("ascii"), json.loads)
    return [
        _aligned(document, method, sentences.get(index), links.get(index))
        for index, (document, method) in enumerate(zip(documents, methods))
    ]


# How a document's sentences pair up: (MT sentence indices, reference sentence indices) of each segment, in order.
Link = tuple[list[int], list[int]]


def _sentence_links(sentences: dict[int, tuple[list[Sentence], list[Sentence]]], embedder) -> dict[int, list[Link]]:
    """The links of each document's sentences, every document's texts encoded together."""
    if not sentences:
        return {}
    embedder.encode(list(dict.fromkeys(sentence.text for pair in sentences.values() for side in pair for sentence in side)))
    estimates = {index: _estimates(mt_sentences, ref_sentences, embedder) for index, (mt_sentences, ref_sentences) in sentences.items()}
    joined = [text for estimate in estimates.values() for text in estimate.texts_to_encode()]
    if joined:
        embedder.encode(list(dict.fromkeys(joined)))
    return {index: _links(estimate, embedder) for index, estimate in estimates.items()}


def _method(document: Document) -> str:
    if document.presegmented:
        return "rows"
    if not document.ref_lines:
        return "mt-only"
    if lines_look_parallel(document.mt_lines, document.ref_lines):
        return "lines"
    return "embeddings"


def _aligned(document: Document, method: str, sentences: tuple[list[Sentence], list[Sentence]] | None, links: list[Link] | None) -> AlignedDocument:
    mt_text = "\n".join(line.text for line in document.mt_lines)
    ref_text = "\n".join(line.text for line in document.ref_lines or [])
    src_text = "\n".join(line.text for line in document.src_lines or [])
    common = dict(
        system=document.system,
        doc=document.doc,
        mt_path=document.mt_path,
        has_reference=document.has_reference,
        has_source=document.has_source,
        mt_text=mt_text,
        ref_text=ref_text,
        src_text=src_text,
    )
    if method == "embeddings":
        return AlignedDocument(segments=_sentence_segments(document, *sentences, links), aligned_by=method, **common)
    if method == "rows":
        segments = _row_segments(document)
    else:
        segments = _line_segments(document, with_reference=method == "lines")
    return AlignedDocument(segments=segments, aligned_by=method, **common)


def lines_look_parallel(mt_lines: list[TextLine], ref_lines: list[TextLine]) -> bool:
    """Same number of lines, each line closer to its own counterpart than to the neighbours'.

    MT and reference are in the same language, so a cheap character
    similarity tells a shifted pairing apart; lengths catch the rest.
    """
    if len(mt_lines) != len(ref_lines):
        return False
    if any(len(line.text) > MAX_PAIRED_LINE for line in (*mt_lines, *ref_lines)):
        return False
    mismatched = 0
    for i, (mt_line, ref_line) in enumerate(zip(mt_lines, ref_lines)):
        longer, shorter = sorted((len(mt_line.text), len(ref_line.text)), reverse=True)
        # Short lines (headlines, datelines) vary a lot in relative length; allow slack.
        if longer > LENGTH_RATIO_LIMIT * shorter + 10:
            mismatched += 1
            continue
        own = fuzz.ratio(mt_line.text, ref_line.text)
        if own < MIN_LINE_RATIO:
            mismatched += 1
            continue
        neighbours = [ref_lines[j].text for j in (i - 1, i + 1) if 0 <= j < len(ref_lines)]
        if neighbours and max(fuzz.ratio(mt_line.text, text) for text in neighbours) > own + NEIGHBOUR_MARGIN:
            mismatched += 1
    return mismatched <= MISMATCHED_LENGTH_SHARE * len(mt_lines)


def _row_segments(document: Document) -> list[Segment]:
    segments = []
    for index, mt_line in enumerate(document.mt_lines):
        ref = document.ref_lines[index].text if document.ref_lines else ""
        src = document.src_lines[index].text if document.src_lines else ""
        extra = tuple(sorted(document.extra_columns[index].items())) if document.extra_columns else ()
        segments.append(
            Segment(
                system=document.system,
                doc=document.doc,
                index=index + 1,
                alignment="1-1" if ref else "1-0",
                pieces=(Piece.whole(mt_line),) if mt_line.text else (),
                ref=ref or None,
                src=src or None,
                anchor_line=mt_line.number,
                extra=extra,
                key=document.segment_ids[index] if document.segment_ids else None,
            )
        )
    return segments


def _line_segments(document: Document, with_reference: bool) -> list[Segment]:
    # A source is only paired per line when its lines match the MT's one to one;
    # otherwise checks fall back to the whole-document source text.
    sources = document.src_lines if document.src_lines and len(document.src_lines) == len(document.mt_lines) else None
    segments = []
    for index, mt_line in enumerate(document.mt_lines):
        segments.append(
            Segment(
                system=document.system,
                doc=document.doc,
                index=index + 1,
                alignment="1-1" if with_reference else "mt-only",
                pieces=(Piece.whole(mt_line),),
                ref=document.ref_lines[index].text if with_reference else None,
                src=sources[index].text if sources else None,
                anchor_line=mt_line.number,
            )
        )
    return segments


def joined_vectors(vectors: np.ndarray, texts: list[str]) -> np.ndarray:
    """Embeddings of each two neighbouring sentences joined, without encoding them again.

    The model mean-pools its token vectors, so the embedding of two sentences
    joined is close to the length-weighted mean of their embeddings: this
    halves the encoding an alignment costs (the joined texts are long).
    """
    if len(texts) < 2:
        return np.zeros((0, vectors.shape[1]), dtype=vectors.dtype)
    weights = np.array([max(1, len(text.split())) for text in texts], dtype=np.float32)[:, None]
    joined = vectors[:-1] * weights[:-1] + vectors[1:] * weights[1:]
    return joined / np.linalg.norm(joined, axis=1, keepdims=True)


@dataclass
class _Estimates:
    """A document's sentence similarities before refinement.

    Single sentences are compared exactly; two neighbouring sentences joined
    are estimated (`joined_vectors`), and the pairs whose estimate says a merge
    might win are listed to be encoded for real. A group's documents are
    estimated first, so their joined pairs are encoded in one call: each model
    call costs ~20 ms however few texts it has (it reads all the weights), and
    one document's handful of pairs would take one call each.
    """

    mt_texts: list[str]
    ref_texts: list[str]
    single: np.ndarray | BandedSimilarity  # [MT, reference]
    joined_mt: np.ndarray | BandedSimilarity  # [MT pair, reference]
    joined_ref: np.ndarray | BandedSimilarity  # [reference pair, MT]
    mt_candidates: np.ndarray
    ref_candidates: np.ndarray

    def texts_to_encode(self) -> list[str]:
        return [_joined_text(self.mt_texts, i) for i in self.mt_candidates] + [_joined_text(self.ref_texts, i) for i in self.ref_candidates]


def _joined_text(texts: list[str], i: int) -> str:
    return f"{texts[i]} {texts[i + 1]}"


def _merge_candidates(joined_best: np.ndarray, single_best: np.ndarray) -> np.ndarray:
    """Joined pairs whose estimate comes within MERGE_PENALTY + REFINE_MARGIN of the best
    single-sentence match of either sentence. The estimate's best match is off by less than
    0.05 for most pairs but by up to ~0.2 for a few, so the margin stays wide: re-encoding
    a quarter of a misaligned document's pairs costs far less than a missed merge."""
    if not len(joined_best):
        return np.zeros(0, dtype=np.int64)
    best_single = np.maximum(single_best[:-1], single_best[1:])
    return np.flatnonzero(joined_best > best_single - MERGE_PENALTY - REFINE_MARGIN)


def _estimates(mt_sentences: list[Sentence], ref_sentences: list[Sentence], embedder) -> _Estimates:
    mt_texts = [sentence.text for sentence in mt_sentences]
    ref_texts = [sentence.text for sentence in ref_sentences]
    mt_vectors = embedder.encode(mt_texts)
    ref_vectors = embedder.encode(ref_texts)
    n, m = len(mt_texts), len(ref_texts)
    if (n + 1) * (m + 1) <= FULL_SEARCH_CELLS:
        single = mt_vectors @ ref_vectors.T
        joined_mt = joined_vectors(mt_vectors, mt_texts) @ ref_vectors.T
        joined_ref = joined_vectors(ref_vectors, ref_texts) @ mt_vectors.T
        mt_best = single.max(axis=1) if m else np.full(n, -np.inf)
        ref_best = single.max(axis=0) if n else np.full(m, -np.inf)
        joined_mt_best = joined_mt.max(axis=1) if m else np.full(len(joined_mt), -np.inf)
        joined_ref_best = joined_ref.max(axis=1) if n else np.full(len(joined_ref), -np.inf)
    else:
        single = BandedSimilarity(mt_vectors, ref_vectors, n, m)
        joined_mt = BandedSimilarity(joined_vectors(mt_vectors, mt_texts), ref_vectors, n, m)
        joined_ref = BandedSimilarity(joined_vectors(ref_vectors, ref_texts), mt_vectors, m, n)
        mt_best = single.row_max()
        ref_best = BandedSimilarity(ref_vectors, mt_vectors, m, n).row_max()
        joined_mt_best, joined_ref_best = joined_mt.row_max(), joined_ref.row_max()
    return _Estimates(
        mt_texts, ref_texts, single, joined_mt, joined_ref,
        _merge_candidates(joined_mt_best, mt_best), _merge_candidates(joined_ref_best, ref_best),
    )  # fmt: skip


def _refined(joined: np.ndarray | BandedSimilarity, candidates: np.ndarray, texts: list[str], other: np.ndarray, embedder):
    """`joined` with the estimates of the candidate pairs replaced by their real similarities."""
    if not len(candidates):
        return joined
    vectors = embedder.encode([_joined_text(texts, i) for i in candidates])
    if isinstance(joined, BandedSimilarity):
        for i, vector in zip(candidates, vectors):
            joined.recompute(int(i), vector)
        return joined
    joined = joined.copy()
    joined[candidates] = vectors @ other.T
    return joined


def _links(estimates: _Estimates, embedder) -> list[Link]:
    """The best links of a document's sentences, with the candidate merges' similarities encoded for real."""
    mt_texts, ref_texts = estimates.mt_texts, estimates.ref_texts
    mt_vectors, ref_vectors = embedder.encode(mt_texts), embedder.encode(ref_texts)
    similarity_11 = estimates.single
    similarity_21 = _refined(estimates.joined_mt, estimates.mt_candidates, mt_texts, ref_vectors, embedder)
    refined_ref = _refined(estimates.joined_ref, estimates.ref_candidates, ref_texts, mt_vectors, embedder)
    similarity_12 = _Transposed(refined_ref) if isinstance(refined_ref, BandedSimilarity) else refined_ref.T
    return align_sentences(similarity_11, similarity_21, similarity_12)


def _sentence_segments(document: Document, mt_sentences: list[Sentence], ref_sentences: list[Sentence], links: list[Link]) -> list[Segment]:
    ref_texts = [sentence.text for sentence in ref_sentences]
    segments = []
    last_line = mt_sentences[0].line if mt_sentences else 0
    for index, (mt_indices, ref_indices) in enumerate(links, start=1):
        pieces = tuple(Piece(mt_sentences[i].line, mt_sentences[i].start, mt_sentences[i].text) for i in mt_indices)
        if pieces:
            last_line = pieces[-1].line
        segments.append(
            Segment(
                system=document.system,
                doc=document.doc,
                index=index,
                alignment=f"{len(mt_indices)}-{len(ref_indices)}",
                pieces=pieces,
                ref=" ".join(ref_texts[j] for j in ref_indices) or None,
                src=None,
                anchor_line=last_line,
            )
        )
    return segments
