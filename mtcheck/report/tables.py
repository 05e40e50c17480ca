"""CSV reports a person can open in a spreadsheet.

Columns have a fixed order and rows a fixed sort, so two runs on the same
input give byte-identical files. All files are written to temporary names
first and renamed into place together (`outputs.OutputBatch`): a failed run
leaves no half report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import FINDING_COLUMNS, RunResult, Severity
from .outputs import OutputBatch

# pandas is imported by the functions that build or write a table: the file names and columns here
# are read before a run starts (its destinations), and by commands that write no table at all.
if TYPE_CHECKING:
    import pandas as pd

    from ..evaluation import EvalResult

SEGMENT_COLUMNS = ["system", "doc", "segment", "position", "line", "start", "alignment", "mt", "ref", "bleu", "chrf", "ter", "similarity"]
SCORE_COLUMNS = ["bleu", "chrf", "ter", "similarity"]
SEVERITY_COLUMNS = [severity.value for severity in sorted(Severity, key=lambda s: -s.rank)]
DOCUMENT_COLUMNS = ["system", "doc", "segments", "words", *SCORE_COLUMNS, "findings", *SEVERITY_COLUMNS, "aligned_by"]
SUMMARY_COLUMNS = [
    "system",
    "documents",
    "segments",
    "words",
    *SCORE_COLUMNS,
    "findings",
    *SEVERITY_COLUMNS,
    "gate",
    "gate_failures",
    "mtcheck_version",
    "bleu_signature",
    "chrf_signature",
    "ter_signature",
    "model",
    "checks",
    "skipped_checks",
]
COMPARISON_COLUMNS = [
    "system", "compared_to", "metric", "score", "compared_to_score", "delta", "ci_low", "ci_high", "p_value", "significant",
]  # fmt: skip
REPORT_FILES = ("segments.csv", "documents.csv", "summary.csv", "flags.csv", "comparison.csv")
EVAL_COLUMNS = ["table", "group", "findings", "findings_on_label", "precision", "labels", "labels_hit", "recall", "f1", "rows", "share", "mean_probability"]
EVAL_BY_CHECK_COLUMNS = [
    "code", "rule", "findings", "findings_on_label", "precision", "labels_hit", "recall", "f1",
    "findings_on_major", "precision_major",
]  # fmt: skip
EVAL_LABEL_COLUMNS = ["system", "doc", "segment", "category", "severity", "span", "in_source", "start", "end", "flags", "annotations", "hit_by", "found"]
EVAL_FINDING_COLUMNS = ["system", "doc", "segment", "line", "start", "end", "code", "severity", "confidence", "probability", "gate", "found", "expected", "on_label", "label_severity"]
EVAL_FILES = ("eval.csv", "eval-by-check.csv", "eval-labels.csv", "eval-findings.csv")

# Spreadsheets run a cell that starts with one of these as a formula (CSV
# injection); a leading apostrophe makes them show it as text instead.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def segments_frame(result: RunResult) -> pd.DataFrame:
    import pandas as pd

    scores = {(s.system, s.doc, s.position): s.scores for s in result.segment_scores}
    renamed = extra_column_names({name for document in result.documents for segment in document.segments for name, _ in segment.extra})
    extra_names = sorted(renamed.values())
    # Column by column: a dict a row would cost a kilobyte a segment on a large run.
    columns: dict[str, list] = {name: [] for name in SEGMENT_COLUMNS + extra_names}
    for document in result.documents:
        for segment in document.segments:
            score = scores.get((document.system, document.doc, segment.index))
            cells = {
                "system": document.system,
                "doc": document.doc,
                "segment": segment.segment,
                "position": segment.index,
                "line": segment.line,
                "start": segment.start,
                "alignment": segment.alignment,
                "mt": segment.mt,
                "ref": segment.ref or "",
                "bleu": score.bleu if score else None,
                "chrf": score.chrf if score else None,
                "ter": score.ter if score else None,
                "similarity": score.similarity if score else None,
            }
            cells.update({renamed[name]: value for name, value in segment.extra})
            for name, values in columns.items():
                values.append(cells.get(name))
    frame = pd.DataFrame(columns, columns=SEGMENT_COLUMNS + extra_names)
    # By position, not by id: ids are the user's strings ("s-10" would sort before "s-2").
    return frame.sort_values(["system", "doc", "position"], kind="stable")


def extra_column_names(names: set[str]) -> dict[str, str]:
    """A table's own columns -> their header in segments.csv.

    A name that is one of mtcheck's columns (`bleu`, `line`, `position`)
    gets `table.` in front (`table.bleu`); a name taken that way (the table's
    own `table.bleu`) gets it again, until it is unique: a table's values
    never overwrite mtcheck's, and no header appears twice. Formula-like
    names get the formula guard first.
    """
    taken = set(SEGMENT_COLUMNS)
    guarded = {name: neutralise(name) for name in names}
    renamed = {}
    # Names of mtcheck's columns first, so `bleu` always becomes `table.bleu`.
    for name in sorted(names, key=lambda name: (guarded[name] not in taken, name)):
        header = guarded[name]
        while header in taken:
            header = f"table.{header}"
        taken.add(header)
        renamed[name] = header
    return renamed


def _severity_counts(findings, key) -> dict:
    counts: dict = {}
    for finding in findings:
        counts.setdefault(key(finding), Counter())[finding.severity.value] += 1
    return counts


def documents_frame(result: RunResult) -> pd.DataFrame:
    import pandas as pd

    counts = _severity_counts(result.findings, lambda f: (f.system, f.doc))
    aligned_by = {(d.system, d.doc): d.aligned_by for d in result.documents}
    rows = []
    for score in result.document_scores:
        severity = counts.get((score.system, score.doc), Counter())
        rows.append(
            {
                "system": score.system,
                "doc": score.doc,
                "segments": score.segments,
                "words": score.words,
                **_score_cells(score.scores),
                "findings": sum(severity.values()),
                **{name: severity[name] for name in SEVERITY_COLUMNS},
                "aligned_by": aligned_by.get((score.system, score.doc), ""),
            }
        )
    return pd.DataFrame(rows, columns=DOCUMENT_COLUMNS).sort_values(["system", "doc"], kind="stable")


def summary_frame(result: RunResult, gate_failures: dict[str, list[str]] | None = None) -> pd.DataFrame:
    import pandas as pd

    counts = _severity_counts(result.findings, lambda f: f.system)
    skipped = "; ".join(f"{s.code} {s.rule}: {s.reason} ({s.documents} documents)" for s in result.skipped_checks)
    rows = []
    for score in result.system_scores:
        severity = counts.get(score.system, Counter())
        failures = (gate_failures or {}).get(score.system, [])
        rows.append(
            {
                "system": score.system,
                "documents": score.documents,
                "segments": score.segments,
                "words": score.words,
                **_score_cells(score.scores),
                "findings": sum(severity.values()),
                **{name: severity[name] for name in SEVERITY_COLUMNS},
                "gate": ("fail" if failures else "pass") if gate_failures is not None else "",
                "gate_failures": "; ".join(failures),
                "mtcheck_version": result.signature.get("mtcheck", ""),
                "bleu_signature": result.signature.get("bleu", ""),
                "chrf_signature": result.signature.get("chrf", ""),
                "ter_signature": result.signature.get("ter", ""),
                "model": result.signature.get("model", ""),
                "checks": result.signature.get("checks", ""),
                "skipped_checks": skipped,
            }
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS).sort_values("system", kind="stable")


def flags_frame(result: RunResult, extra_columns: dict[str, list] | None = None) -> pd.DataFrame:
    import pandas as pd

    rows = []
    for finding in result.findings:
        row = {column: getattr(finding, column) for column in FINDING_COLUMNS}
        row["severity"] = finding.severity.value
        row["confidence"] = finding.confidence.value
        rows.append(row)
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    for name, values in (extra_columns or {}).items():
        frame[name] = values
    # Position first: a table's rows may be reordered (numeric ids), so its line numbers need not follow them.
    return frame.sort_values(["system", "doc", "position", "line", "start", "code", "found"], kind="stable")


def comparison_frame(result: RunResult) -> pd.DataFrame:
    """Paired significance against the comparison system, in the order the comparison gives (header only without one)."""
    import pandas as pd

    rows = [{column: getattr(row, column) for column in COMPARISON_COLUMNS} for row in result.comparison]
    frame = pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
    # The comparison system's own rows have no p-value: a blank cell, not "nan" or "None".
    frame["significant"] = frame["significant"].astype("boolean")
    return frame


def _score_cells(scores) -> dict:
    return {name: getattr(scores, name) for name in SCORE_COLUMNS}


def write_reports(
    result: RunResult,
    out_dir: Path,
    gate_failures: dict[str, list[str]] | None = None,
    flag_columns: dict[str, list] | None = None,
    batch: OutputBatch | None = None,
) -> list[Path]:
    """Write the CSV reports (`REPORT_FILES`) into `out_dir`, all or none.

    With `batch`, the reports are only staged in it, to be committed with the
    run's other outputs.
    """
    # Built one at a time as they are written: a large run never holds two tables at once.
    frames = {
        "segments.csv": lambda: segments_frame(result),
        "documents.csv": lambda: documents_frame(result),
        "summary.csv": lambda: summary_frame(result, gate_failures),
        "flags.csv": lambda: flags_frame(result, flag_columns),
        "comparison.csv": lambda: comparison_frame(result),
    }
    return write_frames(frames, out_dir, batch)


def _whole_numbers(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    # Counts may be blank (a table without that figure); keep them integers, not 3.0000.
    for column in columns:
        frame[column] = frame[column].astype("Int64")
    return frame


def eval_frame(result: EvalResult) -> pd.DataFrame:
    """All eval tables in one long table, in the order of `evaluation.TABLES` and each table's own group order."""
    import pandas as pd

    from ..evaluation import TABLES

    # Each column is the attribute of the same name: counts, and the ratios derived from them.
    rows = [
        {column: getattr(score, column) for column in EVAL_COLUMNS}
        for table in TABLES
        for score in result.scores
        if score.table == table
    ]
    frame = pd.DataFrame(rows, columns=EVAL_COLUMNS)
    return _whole_numbers(frame, ["findings", "findings_on_label", "labels", "labels_hit", "rows"])


def eval_by_check_frame(result: EvalResult) -> pd.DataFrame:
    import pandas as pd

    rows = [{column: getattr(check, column) for column in EVAL_BY_CHECK_COLUMNS} for check in result.checks]
    frame = pd.DataFrame(rows, columns=EVAL_BY_CHECK_COLUMNS).sort_values("code", kind="stable")
    return _whole_numbers(frame, ["findings", "findings_on_label", "labels_hit", "findings_on_major"])


def eval_labels_frame(result: EvalResult) -> pd.DataFrame:
    """Each distinct label with the checks that hit it: where to look for what the checks miss."""
    import pandas as pd

    matching = result.matching
    rows = []
    for label, finding_indices in zip(matching.labels, matching.findings_of):
        hit = [matching.findings[i] for i in finding_indices]
        rows.append(
            {
                "system": label.system,
                "doc": label.doc,
                "segment": label.segment,
                "category": label.category,
                "severity": label.severity.value,
                "span": label.span,
                "in_source": label.in_source,
                "start": label.start,
                "end": label.end,
                "flags": ",".join(label.flags),
                "annotations": label.annotations,
                "hit_by": " ".join(sorted({f.code for f in hit})),
                "found": " | ".join(sorted({f.found for f in hit if f.found})),
            }
        )
    frame = pd.DataFrame(rows, columns=EVAL_LABEL_COLUMNS)
    frame = _whole_numbers(frame, ["start", "end", "annotations"])
    frame["_segment"] = frame["segment"].map(_segment_order)
    frame = frame.sort_values(["system", "doc", "_segment", "span", "start"], kind="stable")
    return frame.drop(columns="_segment")


def _segment_order(segment: str) -> tuple:
    # Segment ids are text; number them as numbers where they are numbers (2 before 10).
    return (0, int(segment), "") if segment.isdigit() else (1, 0, segment)


def eval_findings_frame(result: EvalResult) -> pd.DataFrame:
    """Each finding with whether it hit a label and the most severe label it hit: where to look for false alarms."""
    import pandas as pd

    matching = result.matching
    rows = []
    for finding, label_indices in zip(matching.findings, matching.labels_of):
        severities = [matching.labels[i].severity for i in label_indices]
        rows.append(
            {
                "system": finding.system,
                "doc": finding.doc,
                "segment": str(finding.segment),
                "line": finding.line,
                "start": finding.start,
                "end": finding.end,
                "code": finding.code,
                "severity": finding.severity.value,
                "confidence": finding.confidence.value,
                "probability": finding.probability,
                "gate": result.gate.fails_on(finding),
                "found": finding.found,
                "expected": finding.expected,
                "on_label": bool(label_indices),
                "label_severity": max(severities, key=lambda s: s.rank).value if severities else "",
            }
        )
    frame = pd.DataFrame(rows, columns=EVAL_FINDING_COLUMNS)
    frame["_segment"] = frame["segment"].map(_segment_order)
    frame = frame.sort_values(["system", "doc", "_segment", "line", "start", "code", "found"], kind="stable")
    return frame.drop(columns="_segment")


def write_evaluation(result: EvalResult, out_dir: Path, batch: OutputBatch | None = None) -> list[Path]:
    """Write eval.csv, eval-by-check.csv and the per-label and per-finding detail into `out_dir`, all or none."""
    frames = {
        "eval.csv": eval_frame(result),
        "eval-by-check.csv": eval_by_check_frame(result),
        "eval-labels.csv": eval_labels_frame(result),
        "eval-findings.csv": eval_findings_frame(result),
    }
    return write_frames(frames, out_dir, batch)


def write_frames(
    frames: Mapping[str, pd.DataFrame | Callable[[], pd.DataFrame]], out_dir: Path, batch: OutputBatch | None = None
) -> list[Path]:
    """Write each frame (or what its function builds) as `out_dir/NAME`, formulas neutralised,
    all files or none (staged in `batch` if given)."""
    out_dir = Path(out_dir)
    if batch is not None:
        return [batch.add(out_dir / name, csv_text(frame() if callable(frame) else frame)) for name, frame in frames.items()]
    with OutputBatch() as own:
        for name, frame in frames.items():
            own.add(out_dir / name, csv_text(frame() if callable(frame) else frame))
        return own.commit()


def csv_text(frame: pd.DataFrame) -> str:
    """The frame as CSV, cells and header cells starting like a formula guarded."""
    import pandas as pd

    text_columns = [column for column in frame.columns if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column])]
    safe = frame.copy()
    for column in text_columns:
        safe[column] = safe[column].map(neutralise)
    if "probability" in safe.columns:
        # Three decimals, as documented: the model is not sure to the fourth.
        safe["probability"] = safe["probability"].map(lambda value: "" if pd.isna(value) else f"{value:.3f}")
    safe.columns = [neutralise(str(column)) for column in safe.columns]
    return safe.to_csv(index=False, float_format="%.4f", lineterminator="\n")
