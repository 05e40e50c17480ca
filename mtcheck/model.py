"""The records that flow through a run: load → align → score → check → report → gate.

Every record is plain data. Upstream stages never import downstream ones.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    """MQM severity levels, ordered from least to most serious."""

    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.MINOR: 1, Severity.MAJOR: 2, Severity.CRITICAL: 3}


class Confidence(str, Enum):
    """How sure a check is of a finding, from its evidence (severity says how much it matters)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return _CONFIDENCE_RANK[self]


_CONFIDENCE_RANK = {Confidence.LOW: 1, Confidence.MEDIUM: 2, Confidence.HIGH: 3}

DEFAULT_SYSTEM = "mt"


@dataclass(frozen=True)
class TextLine:
    """One non-empty line of an input file, after whitespace normalisation."""

    number: int  # 1-based line number in the file it came from
    text: str
    # Where the text's characters are in the file, for text taken out of markup
    # or escapes (XML, PO): runs of (offset in text, line, column); empty when
    # character k is at column k of line `number`.
    origins: tuple[tuple[int, int, int], ...] = ()


@dataclass(frozen=True)
class Piece:
    """A stretch of MT text inside one line of the MT file.

    A segment is made of one or more pieces (a 2-1 link joins two MT
    sentences, possibly from two lines); `start` is the character offset of
    the piece in its line, so a finding can point at the exact spot.
    """

    line: int
    start: int
    text: str
    origins: tuple[tuple[int, int, int], ...] = ()  # as TextLine.origins, offsets in `text`

    def locate(self, offset: int) -> tuple[int, int]:
        """(line, column) in the file of character `offset` of `text`."""
        if not self.origins:
            return self.line, self.start + min(offset, len(self.text))
        return locate_in_origins(self.origins, min(offset, len(self.text)))

    def offset_of(self, line: int, column: int) -> int | None:
        """The character of `text` that stands at (line, column) of the file: `locate` the other way round."""
        if not self.origins:
            offset = column - self.start
            return offset if line == self.line and 0 <= offset <= len(self.text) else None
        return next((offset for offset in range(len(self.text)) if self.locate(offset) == (line, column)), None)


def locate_in_origins(origins: tuple[tuple[int, int, int], ...], offset: int) -> tuple[int, int]:
    """(line, column) of character `offset` from runs of (offset, line, column)."""
    which = max(0, bisect.bisect_right(origins, (offset, float("inf"), 0)) - 1)
    run_offset, line, column = origins[which]
    return line, column + max(0, offset - run_offset)


def _offset_in_map(runs: tuple[tuple[int, int, int], ...], length: int, line: int, column: int) -> int | None:
    """The first character of a text of `length` characters that stands at (line, column), from its runs."""
    for index, (offset, run_line, run_column) in enumerate(runs):
        end = runs[index + 1][0] if index + 1 < len(runs) else length
        if run_line == line and run_column <= column < run_column + (end - offset):
            return offset + column - run_column
    return None


@dataclass
class Document:
    """One document of one MT system, as loaded, before alignment."""

    system: str
    doc: str
    mt_path: Path
    mt_lines: list[TextLine]
    ref_lines: list[TextLine] | None = None
    src_lines: list[TextLine] | None = None
    ref_path: Path | None = None
    src_path: Path | None = None
    # Rows from a table are already segmented and aligned: one row, one segment.
    presegmented: bool = False
    # Extra table columns, one dict per row (same order as mt_lines), carried to reports.
    extra_columns: list[dict[str, str]] = field(default_factory=list)
    # The table's own segment ids, one per row (same order as mt_lines); empty for text files.
    segment_ids: list[str] = field(default_factory=list)
    # Where each row's MT text is in its file, when markup sits between its characters
    # (XLIFF): one Segment.text_map per row (same order as mt_lines); empty otherwise.
    text_maps: list[tuple[tuple[int, int, int], ...]] = field(default_factory=list)

    @property
    def has_reference(self) -> bool:
        return bool(self.ref_lines)

    @property
    def has_source(self) -> bool:
        return bool(self.src_lines)


@dataclass(frozen=True)
class Segment:
    """One aligned unit: MT text with its reference and source counterpart.

    `alignment` says how many MT and reference sentences the unit joins
    ("1-1", "2-1", "1-2"), or that one side has no counterpart ("1-0": MT
    text the reference lacks, e.g. page boilerplate; "0-1": reference text
    the MT omitted). Table rows and line-aligned files are "1-1".
    """

    system: str
    doc: str
    index: int  # 1-based position in the document
    alignment: str
    pieces: tuple[Piece, ...]
    ref: str | None
    src: str | None = None
    # For an omission (0-1) there is no MT piece; point at the nearest MT line.
    anchor_line: int = 0
    extra: tuple[tuple[str, str], ...] = ()
    # The table's own id for this row, verbatim; None where mtcheck numbers the
    # segments itself (text files, sentence alignment).
    key: str | None = None
    # For MT text read out of markup (XLIFF): (offset in `mt`, line, column) where
    # each stretch of text that is contiguous in the file begins, so offsets map
    # back through tags, entity references and line breaks. Empty: use `pieces`.
    text_map: tuple[tuple[int, int, int], ...] = ()

    @property
    def segment(self) -> str:
        """The segment's id as reports show it: the table's own id, else the position."""
        return self.key if self.key is not None else str(self.index)

    @property
    def mt(self) -> str:
        return " ".join(piece.text for piece in self.pieces)

    @property
    def line(self) -> int:
        return self.pieces[0].line if self.pieces else self.anchor_line

    @property
    def start(self) -> int:
        return self.pieces[0].start if self.pieces else 0

    def locate(self, offset: int) -> tuple[int, int]:
        """Map a character offset in `self.mt` to (line, column) in the MT file."""
        if self.text_map:
            which = max(0, bisect.bisect_right(self.text_map, (offset, float("inf"))) - 1)
            begins, line, column = self.text_map[which]
            return line, column + max(0, offset - begins)
        if not self.pieces:
            return self.anchor_line, 0
        starts = []
        position = 0
        for piece in self.pieces:
            starts.append(position)
            position += len(piece.text) + 1  # the joining space
        which = max(0, bisect.bisect_right(starts, offset) - 1)
        return self.pieces[which].locate(offset - starts[which])

    def locate_end(self, end: int) -> tuple[int, int]:
        """(line, column) just after character `end - 1` of `self.mt`: the end of a span, markup skipped."""
        if end <= 0:
            return self.locate(0)
        line, column = self.locate(end - 1)
        return line, column + 1

    def span_of(self, finding: Finding) -> tuple[int, int] | None:
        """Where the finding is in `self.mt` (code points), from its line and columns in the MT file.

        The segment joins its pieces with one space, as `mt` does; each piece's own
        position map undoes escapes and markup (CSV's "", PO's \\n, a table's earlier
        cells). None for a finding with no span (e.g. a name missing from the MT).
        """
        if finding.end <= finding.start:
            return None
        if self.text_map:  # XLIFF: the piece has no origins, the segment's map says where each character is
            start = _offset_in_map(self.text_map, len(self.mt), finding.line, finding.start)
            last = _offset_in_map(self.text_map, len(self.mt), finding.line, finding.end - 1)
            if start is not None and last is not None and last >= start:
                return start, last + 1
        offset = 0
        for piece in self.pieces:
            start = piece.offset_of(finding.line, finding.start)
            last = piece.offset_of(finding.line, finding.end - 1)
            if start is not None and last is not None and last >= start:
                return offset + start, offset + last + 1
            offset += len(piece.text) + 1
        # A span outside the segment's pieces (a check that pointed at the line, not the piece): find the text.
        where = self.mt.find(finding.found) if finding.found else -1
        return (where, where + len(finding.found)) if where >= 0 else None

    def locate_span(self, start: int, end: int) -> tuple[int, int, int]:
        """(line, start column, end column) of characters [start, end) of `self.mt` in the MT file.

        Where markup lies between them (a text map, or pieces with origins:
        XML codes, PO escapes), the end column is just past the span's last
        character when that is on the start's line.
        """
        line, column = self.locate(start)
        end_column = column + (end - start)
        if (self.text_map or any(piece.origins for piece in self.pieces)) and end > start:
            last_line, last_column = self.locate(end - 1)
            if last_line == line:
                end_column = last_column + 1
        return line, column, end_column


@dataclass
class AlignedDocument:
    """A document after alignment: its segments, in MT order."""

    system: str
    doc: str
    mt_path: Path
    segments: list[Segment]
    has_reference: bool
    has_source: bool
    # Whole-document texts, for checks that cannot rely on segment alignment
    # (e.g. a source whose lines do not match the MT's).
    mt_text: str = ""
    ref_text: str = ""
    src_text: str = ""
    aligned_by: str = "lines"  # "lines", "rows", "embeddings", "mt-only"


@dataclass(frozen=True)
class Finding:
    """One problem found by one check: flat, so it becomes one CSV row as is."""

    system: str
    doc: str
    segment: str  # the table's own id for the segment, or its position for text files
    position: int  # 1-based position of the segment in its document
    line: int
    # 0-based columns [start, end) in the file's line `line`: for a table row, counted from the start
    # of the line (cell offset, quoting and escapes included), as CI annotations need.
    start: int
    end: int
    code: str
    rule: str
    severity: Severity
    found: str
    expected: str
    message: str
    file: str = ""
    confidence: Confidence = Confidence.HIGH
    # How likely the finding is right, from mtcheck.probability (None until a model is applied);
    # `confidence` is then its bin.
    probability: float | None = None
    string_similarity: float | None = None
    phonetic_match: bool | None = None
    embedding_similarity: float | None = None
    # Text of the MT segment: lets a baseline fingerprint survive line moves.
    context: str = ""
    # Whether `segment` is the table's own id, a key that survives edits (a
    # position does not): only then is it part of the baseline fingerprint.
    segment_is_key: bool = False

    def places_in(self, mt: str) -> list[tuple[int, int]]:
        """Where the finding may stand in its segment's MT text `mt`, read from a report (no file at hand).

        Its columns are offsets in the file's line, the text's own only for a plain
        line; where they do not hold the found text (a table's later cell, escapes),
        every place the found text stands stays possible, as for a label's span.
        Empty for a finding about the whole segment (no found text).
        """
        if not self.found or self.start == self.end:
            return []
        if mt[self.start : self.end] == self.found:
            return [(self.start, self.end)]
        places = [(m.start(), m.end()) for m in re.finditer(re.escape(self.found), mt)]
        return places or [(self.start, self.end)]


FINDING_COLUMNS = [
    "system",
    "doc",
    "segment",
    "position",
    "line",
    "start",
    "end",
    "code",
    "rule",
    "severity",
    "confidence",
    "probability",
    "found",
    "expected",
    "message",
    "string_similarity",
    "phonetic_match",
    "embedding_similarity",
    "file",
]


@dataclass(frozen=True)
class Scores:
    """Corpus-level (or segment-level) scores computed with sacrebleu and the embedder."""

    bleu: float | None
    chrf: float | None
    ter: float | None
    similarity: float | None


@dataclass(frozen=True)
class SegmentScore:
    system: str
    doc: str
    position: int
    scores: Scores


@dataclass(frozen=True)
class DocumentScore:
    system: str
    doc: str
    segments: int
    words: int  # MT words, the denominator of per-1,000-word error rates
    scores: Scores


@dataclass(frozen=True)
class SystemScore:
    system: str
    documents: int
    segments: int
    words: int
    scores: Scores


@dataclass(frozen=True)
class SkippedCheck:
    """A check that could not run on some documents, and why (e.g. no reference)."""

    code: str
    rule: str
    documents: int
    reason: str


@dataclass(frozen=True)
class Comparison:
    """One system against the comparison system on one metric (a row of comparison.csv).

    `ci_low`/`ci_high` bound the system's own score (sacrebleu's mu +- CI);
    `p_value` is None for the comparison system itself.
    """

    system: str
    compared_to: str
    metric: str
    score: float
    compared_to_score: float
    delta: float
    ci_low: float
    ci_high: float
    p_value: float | None
    significant: bool | None


@dataclass
class RunResult:
    """Everything one run produced, handed to the reports and the gate."""

    documents: list[AlignedDocument]
    segment_scores: list[SegmentScore]
    document_scores: list[DocumentScore]
    system_scores: list[SystemScore]
    findings: list[Finding]
    skipped_checks: list[SkippedCheck]
    # Reproducibility: mtcheck version, sacrebleu signatures, model, checks.
    signature: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    # Paired significance of each system against one (empty when fewer than two
    # systems are segmented alike); notes say why not, or warn of many comparisons.
    comparison: list[Comparison] = field(default_factory=list)
    comparison_notes: list[str] = field(default_factory=list)
