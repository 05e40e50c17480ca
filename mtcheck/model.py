"""The records that flow through a run: load → align → score → check → report → gate.

Every record is plain data. Upstream stages never import downstream ones.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Mapping
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

# MQM-style weights of one finding by severity: the gate's weighted score and the systems' comparison
# count errors this way unless the configuration gives other weights (gate.weights).
DEFAULT_WEIGHTS = {Severity.CRITICAL: 25.0, Severity.MAJOR: 5.0, Severity.MINOR: 1.0}


def weighted_errors(findings: Iterable[Finding], weights: Mapping[Severity, float]) -> float:
    """The severity weights of the findings, summed."""
    return sum(weights.get(f.severity, 0.0) for f in findings)


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
class PositionMap:
    """Where each character of a text read out of a structured file stands in that file.

    XLIFF and TMX inline codes, entity references, PO and JSON escapes, CSV's
    `""`, and line breaks inside a string or cell put characters elsewhere than
    at the column their offset suggests. `runs` holds (offset in the text, line,
    column) for each character that does not stand one column after the
    previous one; every other character follows the run it belongs to. Lines
    are 1-based, columns 0-based code points. Every structured format's reader
    (load/) builds one; align and the reports read positions through it.
    """

    runs: tuple[tuple[int, int, int], ...]
    length: int  # of the text: an offset past its end stands just after its last character

    @classmethod
    def from_places(cls, places: Iterable[tuple[int, int]]) -> PositionMap:
        """The map of a text whose characters stand at `places`, one (line, column) each, in order."""
        runs: list[tuple[int, int, int]] = []
        previous: tuple[int, int] | None = None
        length = 0
        for offset, (line, column) in enumerate(places):
            if previous != (line, column - 1):
                runs.append((offset, line, column))
            previous = (line, column)
            length = offset + 1
        return cls(tuple(runs), length)

    @classmethod
    def written_at(cls, line: int, column: int, length: int) -> PositionMap:
        """A text written out in one stretch from (line, column): where nothing finer is known."""
        return cls(((0, line, column),), length)

    @property
    def start(self) -> tuple[int, int]:
        """(line, column) of the first character."""
        _, line, column = self.runs[0]
        return line, column

    def locate(self, offset: int) -> tuple[int, int]:
        """(line, column) of character `offset`; the text's length is the column just past its last character."""
        offset = min(offset, self.length)
        which = max(0, bisect.bisect_right(self.runs, (offset, math.inf, 0)) - 1)
        run_offset, line, column = self.runs[which]
        return line, column + max(0, offset - run_offset)

    def offset_of(self, line: int, column: int) -> int | None:
        """The first character that stands at (line, column): `locate` the other way round."""
        for index, (offset, run_line, run_column) in enumerate(self.runs):
            run_end = self.runs[index + 1][0] if index + 1 < len(self.runs) else self.length
            if run_line == line and run_column <= column < run_column + run_end - offset:
                return offset + column - run_column
        return None


@dataclass(frozen=True)
class TextLine:
    """One non-empty line of an input file, after whitespace normalisation."""

    number: int  # 1-based line number in the file it came from (of its first character)
    text: str
    # Where each character stands, for text read out of markup or escapes (XLIFF,
    # TMX, PO, table cells); None when it is the file's line as written.
    positions: PositionMap | None = None


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
    # As TextLine.positions, offsets in `text`; None when `text` stands as written from column `start` of `line`.
    positions: PositionMap | None = None

    @classmethod
    def whole(cls, line: TextLine) -> Piece:
        """All of `line` as one piece, starting where its first character stands in the file."""
        if line.positions is None:
            return cls(line.number, 0, line.text)
        first_line, first_column = line.positions.start
        return cls(first_line, first_column, line.text, line.positions)

    def locate(self, offset: int) -> tuple[int, int]:
        """(line, column) in the file of character `offset` of `text`."""
        if self.positions is None:
            return self.line, self.start + min(offset, len(self.text))
        return self.positions.locate(offset)

    def offset_of(self, line: int, column: int) -> int | None:
        """The character of `text` that stands at (line, column) of the file: `locate` the other way round."""
        if self.positions is None:
            offset = column - self.start
            return offset if line == self.line and 0 <= offset <= len(self.text) else None
        return self.positions.offset_of(line, column)


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
        if not self.pieces:
            return self.anchor_line, 0
        starts = []
        position = 0
        for piece in self.pieces:
            starts.append(position)
            position += len(piece.text) + 1  # the joining space
        which = max(0, bisect.bisect_right(starts, offset) - 1)
        return self.pieces[which].locate(offset - starts[which])

    def offset_of(self, line: int, column: int) -> int | None:
        """The first character of `self.mt` that stands at (line, column) of the MT file: `locate` the other way round."""
        offset = 0
        for piece in self.pieces:
            found = piece.offset_of(line, column)
            if found is not None:
                return offset + found
            offset += len(piece.text) + 1
        return None

    def span_of(self, finding: Finding) -> tuple[int, int] | None:
        """Where the finding is in `self.mt` (code points), from its line and columns in the MT file: `locate_span` undone.

        Each piece's position map undoes markup and escapes (XLIFF and TMX codes,
        CSV's "", PO's \\n, a table's earlier cells). None for a finding with no
        span (e.g. a name missing from the MT) or with columns outside the segment.
        """
        if finding.end <= finding.start:
            return None
        start = self.offset_of(finding.line, finding.start)
        if start is None:
            return None
        last = self.offset_of(finding.line, finding.end - 1)
        if last is not None and last >= start:
            return start, last + 1
        # The span ends on a later line, where `locate_span` counts the end column from the span's length.
        return start, min(len(self.mt), start + finding.end - finding.start)

    def locate_span(self, start: int, end: int) -> tuple[int, int, int]:
        """(line, start column, end column) of characters [start, end) of `self.mt` in the MT file.

        Where a position map says markup or escapes lie between them, the end
        column is just past the span's last character when that is on the
        start's line; otherwise it is the start column plus the span's length.
        """
        line, column = self.locate(start)
        end_column = column + (end - start)
        if any(piece.positions is not None for piece in self.pieces) and end > start:
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
