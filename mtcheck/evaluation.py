"""How far to trust each check: findings measured against human span labels (MQM).

A label table names a row (doc, segment, system), a category, an MQM severity
and the erroneous span of MT text, as WMT publishes its MQM annotations. Each
finding is matched to the labels of its own row:

- a finding and a label match when their character spans overlap in the row's
  MT text; a label span that occurs more than once matches at any occurrence,
  unless the label gives `start`/`end`;
- where one side has no span, they match by row: a label of source text (an
  omission, `span_in=source` in its note) or whose span is not in the MT, and a
  segment-level finding, one that covers the whole segment or nothing of it
  (`start == end`, or `start == 0` and `end == len(mt)`: a name missing from
  the MT, a reference number the MT lacks).

Several raters marking the same span make one label, with the highest
severity any of them gave. The result holds precision, recall and F1 overall,
per finding severity, confidence and check, recall per label severity,
category and note flag, row counts, a calibration table and the gate's view.
This module reads tables and computes; the report layer writes the CSVs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import InputError
from .load import normalise_line, read_plain_table
from .model import DEFAULT_SYSTEM, AlignedDocument, Confidence, Finding, Severity

LABEL_COLUMNS = ("doc", "segment", "system", "category", "severity", "span")
FLAGS_CSV_COLUMNS = ("system", "doc", "segment", "start", "end", "code", "severity")

RowKey = tuple[str, str, str]  # (doc, segment, system), segment as the table writes it

_NOTE_FLAGS = re.compile(r"(?:^|[;\s])flags=([^;\s]*)")
_NOTE_SOURCE_SPAN = re.compile(r"(?:^|[;\s])span_in=source(?![\w-])")
_SEVERITIES = {severity.value: severity for severity in Severity}
_CONFIDENCES = {confidence.value: confidence for confidence in Confidence}


# ---------------------------------------------------------------- the inputs


@dataclass(frozen=True)
class Label:
    """One distinct labelled error: a span in one row, however many raters marked it."""

    doc: str
    segment: str
    system: str
    category: str  # of its most severe annotation
    severity: Severity  # the highest any rater gave
    span: str
    in_source: bool = False  # the span is source text (an omission), not MT text
    start: int | None = None  # given offsets in the row's MT text, when the table has them
    end: int | None = None
    flags: tuple[str, ...] = ()  # from `flags=A,B` in the note
    annotations: int = 1  # rater rows merged into this label

    @property
    def row(self) -> RowKey:
        return (self.doc, self.segment, self.system)


@dataclass
class LabelTable:
    path: Path
    labels: list[Label]
    annotations: int  # rows with a counted severity, before merging raters
    ignored: Counter = field(default_factory=Counter)  # other severities (Neutral, No-error) -> rows


@dataclass(frozen=True)
class CorpusRow:
    """One row of the corpus as mtcheck reads it: its key and its MT text."""

    doc: str
    segment: str
    system: str
    mt: str

    @property
    def key(self) -> RowKey:
        return (self.doc, self.segment, self.system)


def _read_side_table(path: Path, what: str, required, hint) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Columns and rows of a labels or flags table; a missing file or column is an error naming it."""
    if not path.exists():
        raise InputError(path, f"no such {what} file")
    columns, rows = read_plain_table(path)
    missing = [column for column in required if column not in columns]
    if missing:
        raise InputError(path, f"missing column(s) {', '.join(missing)}; {hint(columns)}")
    return columns, rows


def load_labels(path: Path) -> LabelTable:
    """Read a label table (tab-separated, no quote processing) and merge rater duplicates."""
    path = Path(path)
    columns, rows = _read_side_table(
        path, "labels", LABEL_COLUMNS,
        lambda columns: f"a labels table needs {', '.join(LABEL_COLUMNS)} and may have note, start, end "
        f"(found {', '.join(columns) or 'none'})",
    )  # fmt: skip
    if not rows:
        raise InputError(path, "the labels table has a header but no rows")
    has_offsets = "start" in columns and "end" in columns
    merged: dict[tuple, Label] = {}
    ignored: Counter = Counter()
    annotations = 0
    for line, row in rows:
        severity = _SEVERITIES.get(row["severity"].strip().lower())
        if severity is None:
            ignored[row["severity"].strip() or "(empty)"] += 1
            continue
        doc, segment, system = (normalise_line(row[column]) for column in ("doc", "segment", "system"))
        if not doc or not segment:
            raise InputError(path, "a label needs a doc and a segment", line=line)
        system = system or DEFAULT_SYSTEM  # as the corpus reader names a table without systems
        note = row.get("note", "")
        start, end = _offsets(path, line, row) if has_offsets else (None, None)
        label = Label(
            doc=doc,
            segment=segment,
            system=system,
            category=row["category"].strip(),
            severity=severity,
            span=normalise_line(row["span"]),
            in_source=bool(_NOTE_SOURCE_SPAN.search(note)),
            start=start,
            end=end,
            flags=_note_flags(note),
        )
        annotations += 1
        key = (label.row, label.span, label.in_source, label.start, label.end)
        earlier = merged.get(key)
        if earlier is None:
            merged[key] = label
        else:
            worst = label if label.severity.rank > earlier.severity.rank else earlier
            flags = tuple(sorted({*earlier.flags, *label.flags}))
            merged[key] = replace(worst, flags=flags, annotations=earlier.annotations + 1)
    return LabelTable(path=path, labels=list(merged.values()), annotations=annotations, ignored=ignored)


def _offsets(path: Path, line: int, row: dict[str, str]) -> tuple[int | None, int | None]:
    start_text, end_text = row["start"].strip(), row["end"].strip()
    if not start_text and not end_text:
        return None, None
    try:
        start, end = int(start_text), int(end_text)
    except ValueError:
        raise InputError(path, f"start/end must be whole numbers, got '{start_text}'/'{end_text}'", line=line) from None
    if start < 0 or end < start:
        raise InputError(path, f"start/end must satisfy 0 <= start <= end, got {start}/{end}", line=line)
    return start, end


def _note_flags(note: str) -> tuple[str, ...]:
    match = _NOTE_FLAGS.search(note)
    if not match:
        return ()
    return tuple(sorted({flag.strip() for flag in match.group(1).split(",") if flag.strip()}))


def rows_of(documents: Iterable[AlignedDocument]) -> list[CorpusRow]:
    """The rows of aligned documents, keyed by the table's own segment id where there is one."""
    rows = []
    for document in documents:
        for segment in document.segments:
            rows.append(CorpusRow(document.doc, segment.segment, document.system, segment.mt))
    return rows


def load_corpus_rows(corpus: Path, embedder, skip: Iterable[Path] = ()) -> list[CorpusRow]:
    """The rows and MT text of a corpus, without running the checks.

    Tables and line-aligned files need no model; `embedder` is only used (and
    only loads its model) for documents that have to be aligned by embeddings.
    """
    from .align import align_document
    from .load import load_corpus

    return rows_of(align_document(document, embedder) for document in load_corpus(corpus, skip=skip).documents)


def load_flags(path: Path) -> list[Finding]:
    """The findings of an earlier `mtcheck run`, from its flags.csv."""
    path = Path(path)
    columns, rows = _read_side_table(path, "flags", FLAGS_CSV_COLUMNS, lambda columns: "is this the flags.csv of `mtcheck run`?")
    findings = []
    for line, row in rows:
        try:
            start, end = int(row["start"]), int(row["end"])
        except ValueError:
            raise InputError(path, f"start/end must be whole numbers, got '{row['start']}'/'{row['end']}'", line=line) from None
        severity = _SEVERITIES.get(row["severity"].strip().lower())
        if severity is None:
            raise InputError(path, f"unknown severity '{row['severity']}'", line=line, column="severity")
        probability = _probability(path, line, row.get("probability", ""))
        confidence_text = row.get("confidence", "").strip().lower() or Confidence.HIGH.value
        confidence = _CONFIDENCES.get(confidence_text)
        if confidence is None:
            raise InputError(path, f"unknown confidence '{row['confidence']}'", line=line, column="confidence")
        findings.append(
            Finding(
                system=row["system"],
                doc=row["doc"],
                segment=row["segment"],  # the table's id, as text: the key labels use
                position=_whole(row.get("position", "")),
                line=_whole(row.get("line", "")),
                start=start,
                end=end,
                code=row["code"],
                rule=row.get("rule", ""),
                severity=severity,
                found=_unneutralised(row.get("found", "")),
                expected=_unneutralised(row.get("expected", "")),
                message=_unneutralised(row.get("message", "")),
                file=row.get("file", ""),
                confidence=confidence,
                probability=probability,
            )
        )
    return findings


def _probability(path: Path, line: int, text: str) -> float | None:
    if not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise InputError(path, f"probability must be a number from 0 to 1, got '{text}'", line=line, column="probability")
    return value


def _whole(text: str) -> int:
    return int(text) if text.strip().isdigit() else 0


def _unneutralised(text: str) -> str:
    # The report prefixes cells that a spreadsheet would run as formulas.
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r") else text


# ---------------------------------------------------------------- matching


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def span_positions(text: str, span: str) -> list[tuple[int, int]]:
    """Every place `span` occurs in `text`, case-sensitively, else ignoring case."""
    if not span:
        return []
    found = [(m.start(), m.end()) for m in re.finditer(re.escape(span), text)]
    if not found:
        found = [(m.start(), m.end()) for m in re.finditer(re.escape(span), text, re.IGNORECASE)]
    return found


def label_positions(label: Label, mt: str) -> list[tuple[int, int]] | None:
    """Where `label` is in its row's MT text; None when it has no span there (it matches by row)."""
    if label.in_source:
        return None
    if label.start is not None and label.end is not None and label.start < label.end <= len(mt):
        return [(label.start, label.end)]
    return span_positions(mt, label.span) or None


def is_segment_level(finding: Finding, mt: str) -> bool:
    """A finding about the whole segment (covering all of it or none of it), not about a span."""
    places = finding.places_in(mt)
    return not places or any(start == 0 and end >= len(mt) for start, end in places)


def hits(finding: Finding, mt: str, positions: Sequence[tuple[int, int]] | None) -> bool:
    """Whether a finding in a label's row points at it: spans overlap, or one side has no span."""
    if positions is None or is_segment_level(finding, mt):
        return True
    return any(overlaps(a, b, start, end) for a, b in finding.places_in(mt) for start, end in positions)


def finding_row(finding: Finding) -> RowKey:
    return (finding.doc, str(finding.segment), finding.system)


@dataclass
class Matching:
    """Which labels each finding hits, and which findings hit each label (by index)."""

    findings: list[Finding]
    labels: list[Label]
    labels_of: list[list[int]]  # per finding
    findings_of: list[list[int]]  # per label
    warnings: list[str] = field(default_factory=list)


def match_findings(findings: Sequence[Finding], labels: Sequence[Label], rows: Sequence[CorpusRow]) -> Matching:
    """Match findings to the labels of their rows; labels and findings of unknown rows are left out with a warning."""
    mt_of = {row.key: row.mt for row in rows}
    warnings = []
    known_labels = [label for label in labels if label.row in mt_of]
    if len(known_labels) < len(labels):
        warnings.append(_unknown_rows("label(s)", [label.row for label in labels if label.row not in mt_of]))
    known_findings = [finding for finding in findings if finding_row(finding) in mt_of]
    if len(known_findings) < len(findings):
        warnings.append(_unknown_rows("finding(s)", [finding_row(f) for f in findings if finding_row(f) not in mt_of]))
    outside = [
        label for label in known_labels
        if label.start is not None and not label.in_source and label.end > len(mt_of[label.row])
    ]  # fmt: skip
    if outside:
        warnings.append(
            f"{len(outside)} label(s) have start/end beyond their row's MT text (first: {_row_text(outside[0].row)}); "
            "their span is looked up in the text instead"
        )
    by_row: dict[RowKey, list[int]] = defaultdict(list)
    for index, label in enumerate(known_labels):
        by_row[label.row].append(index)
    positions = [label_positions(label, mt_of[label.row]) for label in known_labels]
    labels_of: list[list[int]] = []
    findings_of: list[list[int]] = [[] for _ in known_labels]
    for finding_index, finding in enumerate(known_findings):
        row = finding_row(finding)
        mt = mt_of[row]
        matched = [index for index in by_row.get(row, []) if hits(finding, mt, positions[index])]
        labels_of.append(matched)
        for index in matched:
            findings_of[index].append(finding_index)
    return Matching(list(known_findings), known_labels, labels_of, findings_of, warnings)


def _unknown_rows(what: str, keys: list[RowKey]) -> str:
    distinct = sorted(set(keys))
    return f"{len(keys)} {what} name {len(distinct)} row(s) not in the corpus (first: {_row_text(distinct[0])}); they are left out"


def _row_text(key: RowKey) -> str:
    doc, segment, system = key
    return f"doc '{doc}', segment {segment}, system '{system}'"


def hit_outcomes(matching: Matching) -> list[bool]:
    """Whether each finding is a hit: it overlaps a label at least as severe as the finding."""
    return [
        any(matching.labels[i].severity.rank >= finding.severity.rank for i in indices)
        for finding, indices in zip(matching.findings, matching.labels_of)
    ]


@dataclass(frozen=True)
class ReliabilityBin:
    """Findings whose stated probability falls in [low, high): how often they were right."""

    low: float
    high: float
    findings: int
    hits: int
    mean_probability: float

    @property
    def hit_rate(self) -> float:
        return self.hits / self.findings if self.findings else 0.0


RELIABILITY_BINS = 10


def reliability(probabilities: Sequence[float], outcomes: Sequence[bool]) -> tuple[list[ReliabilityBin], float]:
    """Equal-width probability bins of 0.1 (the last holds 1.0), and the expected calibration error over them."""
    members: list[list[int]] = [[] for _ in range(RELIABILITY_BINS)]
    for index, probability in enumerate(probabilities):
        members[min(RELIABILITY_BINS - 1, int(probability * RELIABILITY_BINS))].append(index)
    bins, error = [], 0.0
    for number, chosen in enumerate(members):
        if not chosen:
            continue
        mean = sum(probabilities[i] for i in chosen) / len(chosen)
        hits = sum(bool(outcomes[i]) for i in chosen)
        bins.append(ReliabilityBin(number / RELIABILITY_BINS, (number + 1) / RELIABILITY_BINS, len(chosen), hits, mean))
        error += len(chosen) / len(probabilities) * abs(mean - hits / len(chosen))
    return bins, error


# ---------------------------------------------------------------- metrics


@dataclass(frozen=True)
class GateRule:
    """The findings a gate fails on: severity at least `fail_on` and confidence at least `min_confidence`."""

    fail_on: Severity | None = Severity.MAJOR
    # As the gate's: a probability wins over a confidence; with neither, GATE_PROBABILITY.
    min_confidence: Confidence | None = None
    min_probability: float | None = None

    def fails_on(self, finding: Finding) -> bool:
        from .gate import fails_on

        return fails_on(finding, self.fail_on, self.min_confidence, self.min_probability)

    def describe(self) -> str:
        if self.fail_on is None:
            return "fail-on none"
        from .gate import sureness

        confidence, probability = sureness(self.min_confidence, self.min_probability)
        if probability is not None:
            return f"severity >= {self.fail_on.value}, probability >= {probability:g}"
        return f"severity >= {self.fail_on.value}, confidence >= {confidence.value}"


def _ratio(part: int | None, whole: int | None) -> float | None:
    return part / whole if part is not None and whole else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


class _PrecisionRecall:
    """Precision, recall and F1 from the counts a score carries (findings on a label, labels hit)."""

    findings: int | None
    findings_on_label: int | None
    labels: int | None
    labels_hit: int | None

    @property
    def precision(self) -> float | None:
        return _ratio(self.findings_on_label, self.findings)

    @property
    def recall(self) -> float | None:
        return _ratio(self.labels_hit, self.labels)

    @property
    def f1(self) -> float | None:
        return _f1(self.precision, self.recall)


@dataclass(frozen=True)
class Score(_PrecisionRecall):
    """One line of eval.csv: precision of a group of findings, recall of a set of labels, or a row count."""

    table: str
    group: str
    findings: int | None = None
    findings_on_label: int | None = None
    labels: int | None = None
    labels_hit: int | None = None
    rows: int | None = None
    share: float | None = None
    mean_probability: float | None = None  # the reliability table: the findings' mean stated probability


@dataclass(frozen=True)
class CheckScore(_PrecisionRecall):
    """One check's precision and recall (share of all labels it hits), and its precision against major labels."""

    code: str
    rule: str
    findings: int
    findings_on_label: int
    labels: int
    labels_hit: int
    findings_on_major: int

    @property
    def precision_major(self) -> float | None:
        return _ratio(self.findings_on_major, self.findings)


@dataclass(frozen=True)
class RowCounts:
    rows: int
    labelled: int
    flagged: int
    flagged_and_labelled: int
    clean: int  # rows with no label of a counted severity
    clean_with_finding: int
    clean_with_gate_finding: int


@dataclass
class EvalResult:
    matching: Matching
    gate: GateRule
    scores: list[Score]  # every table, in a fixed order
    checks: list[CheckScore]
    row_counts: RowCounts
    annotations: int
    ignored: Counter
    warnings: list[str]

    @property
    def findings(self) -> list[Finding]:
        return self.matching.findings

    @property
    def labels(self) -> list[Label]:
        return self.matching.labels

    def score(self, table: str, group: str) -> Score | None:
        return next((s for s in self.scores if s.table == table and s.group == group), None)

    @property
    def overall(self) -> Score:
        return self.score("overall", "all")

    @property
    def gate_score(self) -> Score:
        return self.score("gate", self.gate.describe())

    @property
    def reliability(self) -> list[Score]:
        return [s for s in self.scores if s.table == "reliability" and s.mean_probability is not None]

    @property
    def expected_calibration_error(self) -> float | None:
        score = self.score("reliability", "expected calibration error")
        return score.share if score is not None else None


SEVERITY_ORDER = sorted(Severity, key=lambda s: -s.rank)
CONFIDENCE_ORDER = sorted(Confidence, key=lambda c: -c.rank)
TABLES = (
    "overall", "gate", "severity", "confidence", "check",
    "reliability", "label-severity", "label-category", "label-flag", "rows",
)  # fmt: skip


def evaluate(
    findings: Sequence[Finding],
    labels: LabelTable | Sequence[Label],
    rows: Sequence[CorpusRow],
    gate: GateRule = GateRule(),
    codes: Sequence[tuple[str, str]] | None = None,
) -> EvalResult:
    """Every eval table for `findings` against `labels` on the corpus `rows`.

    `codes` lists (code, rule) pairs to report per check even without
    findings; it defaults to the check registry.
    """
    table = labels if isinstance(labels, LabelTable) else None
    matching = match_findings(findings, table.labels if table else list(labels), rows)
    found, labelled = matching.findings, matching.labels
    # The most severe label each finding hits (0: none), for precision against labels at least that severe.
    best = [max((labelled[i].severity.rank for i in indices), default=0) for indices in matching.labels_of]

    def findings_score(name: str, group: str, chosen: list[int], min_rank: int = 1, against: list[int] | None = None) -> Score:
        label_indices = range(len(labelled)) if against is None else against
        hit = {i for f in chosen for i in matching.labels_of[f]}
        return Score(
            name, group,
            findings=len(chosen),
            findings_on_label=sum(best[f] >= min_rank for f in chosen),
            labels=len(label_indices),
            labels_hit=sum(i in hit for i in label_indices),
        )  # fmt: skip

    def labels_score(name: str, group: str, chosen: list[int]) -> Score:
        return Score(name, group, labels=len(chosen), labels_hit=sum(bool(matching.findings_of[i]) for i in chosen))

    everything = list(range(len(found)))
    scores = [findings_score("overall", "all", everything)]
    gate_findings = [f for f in everything if gate.fails_on(found[f])]
    gate_rank = gate.fail_on.rank if gate.fail_on else 1
    gate_labels = [i for i, label in enumerate(labelled) if label.severity.rank >= gate_rank]
    counts = _row_counts(matching, rows, gate)
    gate_score = findings_score("gate", gate.describe(), gate_findings, gate_rank, gate_labels)
    # The gate line also says how many clean rows the gate would fail on.
    scores.append(replace(gate_score, rows=counts.clean_with_gate_finding, share=_ratio(counts.clean_with_gate_finding, counts.clean)))
    for severity in SEVERITY_ORDER:
        scores.append(findings_score("severity", severity.value, [f for f in everything if found[f].severity is severity]))
    for confidence in CONFIDENCE_ORDER:
        scores.append(findings_score("confidence", confidence.value, [f for f in everything if found[f].confidence is confidence]))
    checks = _check_scores(matching, best, codes)
    for check in checks:
        scores.append(Score("check", check.code, check.findings, check.findings_on_label, check.labels, check.labels_hit))
    # Reliability: do findings stated at probability p point at an error at least as serious as
    # themselves a share p of the time? Findings without a probability (an old flags.csv) are left out.
    stated = [f for f in everything if found[f].probability is not None]
    bins, error = reliability([found[f].probability for f in stated], [best[f] >= found[f].severity.rank for f in stated])
    for row in bins:
        scores.append(Score("reliability", f"{row.low:.1f}-{row.high:.1f}", row.findings, row.hits, mean_probability=round(row.mean_probability, 4)))
    if stated:
        scores.append(Score("reliability", "expected calibration error", len(stated), sum(row.hits for row in bins), share=round(error, 4)))
    for severity in SEVERITY_ORDER:
        scores.append(labels_score("label-severity", severity.value, [i for i, label in enumerate(labelled) if label.severity is severity]))
    for category in sorted({label.category for label in labelled}):
        scores.append(labels_score("label-category", category, [i for i, label in enumerate(labelled) if label.category == category]))
    for flag in sorted({flag for label in labelled for flag in label.flags}):
        scores.append(labels_score("label-flag", flag, [i for i, label in enumerate(labelled) if flag in label.flags]))
    scores += _row_scores(counts)
    return EvalResult(
        matching=matching,
        gate=gate,
        scores=scores,
        checks=checks,
        row_counts=counts,
        annotations=table.annotations if table else len(labelled),
        ignored=table.ignored if table else Counter(),
        warnings=list(matching.warnings),
    )


def _check_scores(matching: Matching, best: list[int], codes: Sequence[tuple[str, str]] | None) -> list[CheckScore]:
    if codes is None:
        from .checks import ALL_CHECKS

        codes = [(check.code, check.name) for check in ALL_CHECKS]
    rules = dict(codes)
    by_code: dict[str, list[int]] = defaultdict(list)
    for index, finding in enumerate(matching.findings):
        by_code[finding.code].append(index)
        rules.setdefault(finding.code, finding.rule)
    checks = []
    for code in sorted(rules):
        chosen = by_code.get(code, [])
        hit = {i for f in chosen for i in matching.labels_of[f]}
        checks.append(
            CheckScore(
                code=code,
                rule=rules[code],
                findings=len(chosen),
                findings_on_label=sum(best[f] > 0 for f in chosen),
                labels=len(matching.labels),
                labels_hit=len(hit),
                findings_on_major=sum(best[f] >= Severity.MAJOR.rank for f in chosen),
            )
        )
    return checks


def _row_counts(matching: Matching, rows: Sequence[CorpusRow], gate: GateRule) -> RowCounts:
    keys = {row.key for row in rows}
    labelled = {label.row for label in matching.labels}
    flagged = {finding_row(finding) for finding in matching.findings}
    gated = {finding_row(finding) for finding in matching.findings if gate.fails_on(finding)}
    clean = keys - labelled
    return RowCounts(
        rows=len(keys),
        labelled=len(labelled),
        flagged=len(flagged),
        flagged_and_labelled=len(flagged & labelled),
        clean=len(clean),
        clean_with_finding=len(clean & flagged),
        clean_with_gate_finding=len(clean & gated),
    )


def _row_scores(counts: RowCounts) -> list[Score]:
    # share: of all rows, of labelled rows (flagged and labelled) or of clean rows (clean with ...).
    return [
        Score("rows", "all", rows=counts.rows, share=_ratio(counts.rows, counts.rows)),
        Score("rows", "labelled", rows=counts.labelled, share=_ratio(counts.labelled, counts.rows)),
        Score("rows", "flagged", rows=counts.flagged, share=_ratio(counts.flagged, counts.rows)),
        Score("rows", "flagged and labelled", rows=counts.flagged_and_labelled, share=_ratio(counts.flagged_and_labelled, counts.labelled)),
        Score("rows", "clean", rows=counts.clean, share=_ratio(counts.clean, counts.rows)),
        Score("rows", "clean with a finding", rows=counts.clean_with_finding, share=_ratio(counts.clean_with_finding, counts.clean)),
        Score("rows", "clean with a gate finding", rows=counts.clean_with_gate_finding, share=_ratio(counts.clean_with_gate_finding, counts.clean)),
    ]
