"""report.html: one self-contained page to review a run's findings in.

The overview (scores, findings, the gate, the system comparison, charts) is
rendered by a Jinja2 template with autoescaping; the documents are embedded
as JSON data (`tojson` escapes `<`, `>`, `&` and `'`, so no text can close
its script element) and drawn page by page by a small script that only ever
sets `textContent`: MT and reference text are untrusted input. Nothing is
loaded from a network, nothing in the page depends on the time or on random
ids, so two runs on the same input write the same bytes.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import math
import secrets
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Finding, RunResult, Segment, Severity
from .outputs import OutputBatch

if TYPE_CHECKING:
    from ..cache import Cache
    from ..config import GateConfig
    from ..gate import GateResult

HTML_FILE = "report.html"
SEVERITIES = [severity.value for severity in sorted(Severity, key=lambda s: -s.rank)]
# Violations listed by name before "and N more": a 10,000-segment run can fail in hundreds of documents.
_SHOWN_VIOLATIONS = 12


def render_html(
    result: RunResult,
    gate: GateResult | None = None,
    gate_config: GateConfig | None = None,
    baselined: Collection[Finding] = (),
    title: str = "",
    chart_cache: Cache | None = None,
) -> str:
    """The whole report.html page for a run (and its gate, when given)."""
    return "".join(html_pieces(result, gate, gate_config, baselined, title, chart_cache))


def html_pieces(
    result: RunResult,
    gate: GateResult | None = None,
    gate_config: GateConfig | None = None,
    baselined: Collection[Finding] = (),
    title: str = "",
    chart_cache: Cache | None = None,
) -> Iterator[str]:
    """`render_html`'s page a piece at a time, so a big run's page is written without being held whole.

    `chart_cache`: the persistent cache, which keeps the charts' drawings (see `charts.render_svg`).
    """
    from markupsafe import Markup

    from ..config import GateConfig

    gate_config = gate_config if gate_config is not None else GateConfig()
    script, style = _asset("report.js"), _asset("report.css")
    # The data goes where this marker is rendered; random, so no text of the run can contain it.
    marker = f"mtcheck-data-{secrets.token_hex(16)}"
    context = {
        "title": title,
        "version": result.signature.get("mtcheck", ""),
        "data_json": Markup(marker),
        "overview": overview(result, gate, gate_config, chart_cache),
        "script": script,
        "style": style,
        # Only this page's own script may run: the policy pins it by hash, so even
        # markup that slipped through escaping could not execute, and it allows no network.
        "script_hash": "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii"),
    }
    before, after = _template().render(context).split(marker)
    yield before
    yield from viewer_json(result, baselined, _blocking(result, gate, gate_config, baselined), gate_config.weights)
    yield after


def _blocking(result: RunResult, gate: GateResult | None, gate_config: GateConfig, baselined: Collection[Finding]) -> frozenset[Finding]:
    """The findings that fail the gate: what blocks publication, listed first on the page."""
    if gate is None or gate.passed:
        return frozenset()
    from ..gate import fails_on

    failing = {(v.system, v.doc) for v in gate.violations if v.rule == "fail-on"}
    skipped = set(baselined)
    return frozenset(
        finding
        for finding in result.findings
        if (finding.system, finding.doc) in failing
        and finding not in skipped
        and fails_on(finding, gate_config.fail_on, gate_config.min_confidence, gate_config.min_probability)
    )


@functools.cache
def _template():
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("mtcheck.report", "templates"),
        autoescape=True,  # every value is the user's text unless marked safe (the charts' SVG, the page's own script)
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template("report.html.j2")


@functools.cache
def _asset(name: str) -> str:
    return resources.files("mtcheck.report").joinpath("templates", name).read_text(encoding="utf-8")


def write_html(
    result: RunResult,
    out_dir: Path,
    gate: GateResult | None = None,
    gate_config: GateConfig | None = None,
    baselined: Collection[Finding] = (),
    title: str = "",
    batch: OutputBatch | None = None,
    chart_cache: Cache | None = None,
) -> Path:
    """Write `out_dir/report.html`; with `batch`, only stage it there to commit with the run's other outputs.

    `chart_cache` as for `html_pieces`.
    """
    pieces = html_pieces(result, gate, gate_config, baselined, title, chart_cache)
    path = Path(out_dir) / HTML_FILE
    if batch is not None:
        return batch.add(path, pieces)
    with OutputBatch() as own:
        own.add(path, pieces)
        own.commit()
    return path


# ------------------------------------------------------------------ overview


def overview(result: RunResult, gate: GateResult | None, gate_config: GateConfig, chart_cache: Cache | None = None) -> dict:
    """What the template shows above the documents: plain values, escaped by the template."""
    from ..gate import weighted_score

    by_system: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_system.setdefault(finding.system, []).append(finding)
    failures = gate.failures_by_system() if gate is not None else {}
    systems = []
    for score in sorted(result.system_scores, key=lambda s: s.system):
        mine = by_system.get(score.system, [])
        severity = Counter(finding.severity.value for finding in mine)
        weighted = weighted_score(mine, score.words, gate_config.weights)
        systems.append(
            {
                "system": score.system,
                "documents": score.documents,
                "segments": score.segments,
                "words": score.words,
                "bleu": _shown(score.scores.bleu, 1),
                "chrf": _shown(score.scores.chrf, 1),
                "ter": _shown(score.scores.ter, 1),
                "similarity": _shown(score.scores.similarity, 3),
                "findings": len(mine),
                "severity": [severity[name] for name in SEVERITIES],
                "weighted": _shown(weighted, 2),
                "gate": "" if gate is None else ("fail" if failures.get(score.system) else "pass"),
            }
        )
    system_names = [row["system"] for row in systems]
    return {
        "systems": systems,
        "system_names": system_names,
        "severities": SEVERITIES,
        "checks": _check_rows(result.findings, system_names),
        "gate": _gate_view(gate, gate_config),
        "skipped": [
            f"{s.code} {s.rule}: not run on documents with {s.reason} ({s.documents} document{'' if s.documents == 1 else 's'})"
            for s in result.skipped_checks
        ],
        "comparison": _comparison_rows(result),
        "comparison_notes": list(result.comparison_notes),
        "warnings": list(result.warnings),
        "signature": sorted(result.signature.items()),
        "charts": _charts(result, by_system, chart_cache),
        "totals": {
            "documents": len(result.documents),
            "segments": sum(len(document.segments) for document in result.documents),
            "findings": len(result.findings),
        },
    }


def _check_rows(findings: Iterable[Finding], systems: list[str]) -> list[dict]:
    """One row per check and severity that occurs, with its count per system."""
    counts: Counter = Counter((f.code, f.rule, f.severity, f.system) for f in findings)
    keys = sorted({(code, rule, severity) for code, rule, severity, _ in counts}, key=lambda k: (k[0], -k[2].rank))
    return [
        {
            "code": code,
            "rule": rule,
            "severity": severity.value,
            "counts": [counts[(code, rule, severity, system)] for system in systems],
            "total": sum(counts[(code, rule, severity, system)] for system in systems),
        }
        for code, rule, severity in keys
    ]


def _gate_view(gate: GateResult | None, gate_config: GateConfig) -> dict | None:
    if gate is None:
        return None
    rules: dict[str, list[str]] = {}
    for violation in gate.violations:
        rules.setdefault(violation.rule, []).append(f"{violation.scope}: {violation.message}")
    fail_on = gate_config.fail_on.value if gate_config.fail_on is not None else None
    from ..gate import sureness

    min_confidence, min_probability = sureness(gate_config.min_confidence, gate_config.min_probability)
    return {
        "passed": gate.passed,
        "rules": [
            {"rule": rule, "count": len(items), "shown": items[:_SHOWN_VIOLATIONS], "more": max(0, len(items) - _SHOWN_VIOLATIONS)}
            for rule, items in rules.items()
        ],
        "unchecked": list(gate.unchecked),
        "counted": gate.counted_findings,
        "baselined": gate.baselined_findings,
        "fail_on": fail_on,
        "min_confidence": min_confidence.value if min_confidence is not None else None,
        "min_probability": min_probability,
    }


def _comparison_rows(result: RunResult) -> list[dict]:
    return [
        {
            "system": row.system,
            "compared_to": row.compared_to,
            "metric": row.metric,
            "score": _shown(row.score, 2),
            "ci": f"{_shown(row.ci_low, 2)} – {_shown(row.ci_high, 2)}",
            "compared_to_score": _shown(row.compared_to_score, 2),
            "delta": _signed(row.delta, 2) if row.system != row.compared_to else "",
            "p_value": _shown(row.p_value, 4) if row.p_value is not None else "",
            "significant": "" if row.significant is None else ("yes" if row.significant else "no"),
        }
        for row in result.comparison
    ]


def _charts(result: RunResult, by_system: dict[str, list[Finding]], cache: Cache | None) -> dict:
    from .charts import findings_rate_chart, score_distribution_chart

    systems = sorted(score.system for score in result.system_scores)
    checks = sorted({f"{f.code} {f.rule}" for f in result.findings})
    rates = []
    for score in sorted(result.system_scores, key=lambda s: s.system):
        if score.words <= 0:
            continue
        per_check = Counter(f"{f.code} {f.rule}" for f in by_system.get(score.system, []))
        # Zeros too: a system with no findings of a check is a bar of length 0, not missing from the chart.
        rates += [{"system": score.system, "check": check, "per_1000_words": round(1000.0 * per_check[check] / score.words, 4)} for check in checks]
    scores = [
        {"system": s.system, "chrf": _number(s.scores.chrf), "similarity": _number(s.scores.similarity)}
        for s in result.segment_scores
    ]
    return {"rates": findings_rate_chart(rates, systems, cache), "scores": score_distribution_chart(scores, systems, cache)}


# -------------------------------------------------------------- viewer data


def viewer_data(result: RunResult, baselined: Collection[Finding] = (), blocking: Collection[Finding] = (), weights=None) -> dict:
    """The documents, segments and findings the page's script draws, as plain JSON values.

    Segments are grouped by system, documents worst first within one (see
    `_viewer_entries`), in position order within a document, 1-0 and 0-1
    rows included. Spans are offsets in UTF-16 code units, the
    way the browser counts string positions.
    """
    lists: dict[str, list] = {"documents": [], "segments": [], "findings": []}
    for kind, entry in _viewer_entries(result, baselined, blocking, weights):
        lists[kind].append(entry)
    return {**_viewer_lists(lists["documents"], lists["findings"]), **lists}


def viewer_json(result: RunResult, baselined: Collection[Finding] = (), blocking: Collection[Finding] = (), weights=None) -> Iterator[str]:
    """`viewer_data` as the JSON text the page embeds, escaped for a <script> element, a piece at a time.

    The same text as Jinja's `tojson` of the whole, but one segment's entry
    is built and serialised at a time: the entries of 100,000 segments as
    Python values would take gigabytes, their JSON text a tenth of that.
    """
    texts: dict[str, list[str]] = {"documents": [], "segments": [], "findings": []}
    documents, findings = [], []
    for kind, entry in _viewer_entries(result, baselined, blocking, weights):
        texts[kind].append(_json(entry))
        if kind == "documents":
            documents.append({"system": entry["system"]})
        elif kind == "findings":
            findings.append({"code": entry["code"], "rule": entry["rule"]})
    small = {key: _json(value) for key, value in _viewer_lists(documents, findings).items()}
    keys = sorted([*small, *texts])  # tojson sorts keys
    yield "{"
    for number, key in enumerate(keys):
        yield f'{", " if number else ""}"{key}": '
        if key in small:
            yield small[key]
            continue
        yield "["
        for index, text in enumerate(texts[key]):
            yield f", {text}" if index else text
        yield "]"
    yield "}"


def _json(value) -> str:
    """Jinja's `htmlsafe_json_dumps(value, sort_keys=True)`, with one encoder for the whole page.

    json.dumps with options builds a new encoder each call: a quarter of the
    time of a segment's entry. The escapes are Jinja's, so no text can close
    the <script> element or start markup.
    """
    text = _SORTED_JSON.encode(value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


_SORTED_JSON = json.JSONEncoder(sort_keys=True)


def _viewer_lists(documents: list[dict], findings: list[dict]) -> dict:
    checks = sorted({(f["code"], f["rule"]) for f in findings})
    return {
        "systems": sorted({document["system"] for document in documents}),
        "severities": SEVERITIES,
        "checks": [{"code": code, "rule": rule} for code, rule in checks],
    }


def _viewer_entries(
    result: RunResult, baselined: Collection[Finding], blocking: Collection[Finding] = (), weights=None
) -> Iterator[tuple[str, dict]]:
    """("documents" | "segments" | "findings", entry) in page order, a document's entries at a time.

    Within a system, documents come worst first (by findings weighted as the gate weighs
    them, `gate.weights`), then by name: an editor starts where the errors are.
    """
    if weights is None:
        from ..config import DEFAULT_WEIGHTS

        weights = DEFAULT_WEIGHTS
    known = set(baselined)
    blocks = set(blocking)
    scores = {(s.system, s.doc, s.position): s.scores for s in result.segment_scores}
    document_scores = {(d.system, d.doc): d for d in result.document_scores}
    findings_of: dict[tuple[str, str], list[Finding]] = {}
    for finding in result.findings:
        findings_of.setdefault((finding.system, finding.doc), []).append(finding)

    def worst_first(document) -> tuple:
        burden = sum(weights[f.severity] for f in findings_of.get((document.system, document.doc), []) if f not in known)
        return (document.system, -burden, document.doc)

    documents_done = segments_done = findings_done = 0
    for document in sorted(result.documents, key=worst_first):
        key = (document.system, document.doc)
        doc_score = document_scores.get(key)
        first = segments_done
        segments: list[dict] = []
        by_position: dict[int, int] = {}
        by_line: dict[int, int] = {}
        drawn: dict[int, Segment] = {}
        for segment in sorted(document.segments, key=lambda s: s.index):
            score = scores.get((document.system, document.doc, segment.index))
            index = first + len(segments)
            by_position[segment.index] = index
            for piece in segment.pieces:
                by_line.setdefault(piece.line, index)
            drawn[index] = segment
            segments.append(
                {
                    "d": documents_done,
                    "pos": segment.index,
                    "id": segment.segment,
                    "line": _line_label(segment),
                    "align": segment.alignment,
                    "mt": segment.mt,
                    "ref": segment.ref or "",
                    "src": segment.src or "",
                    "bleu": _number(score.bleu if score else None, 2),
                    "chrf": _number(score.chrf if score else None, 2),
                    "ter": _number(score.ter if score else None, 2),
                    "sim": _number(score.similarity if score else None, 3),
                    "f": [],
                }
            )
        ordered = sorted(findings_of.get(key, []), key=lambda f: (f.position, f.line, f.start, f.code, f.found))
        entries = []
        for finding in ordered:
            # A finding names its segment's position; should one not, it is shown on the segment of its
            # line, or the document's first: never left out.
            index = by_position.get(finding.position, by_line.get(finding.line, first))
            if index >= first + len(segments):  # a document without segments
                continue
            segments[index - first]["f"].append(findings_done + len(entries))
            entries.append(_finding_entry(finding, drawn[index], index, finding in known, finding in blocks))
        for entry in segments:
            yield "segments", entry
        for entry in entries:
            yield "findings", entry
        yield "documents", {
            "system": document.system,
            "doc": document.doc,
            "file": str(document.mt_path),
            "aligned_by": document.aligned_by,
            "has_ref": document.has_reference,
            # A source aligned by embeddings is not split into the segments: no column for it then.
            "has_src": any(segment.src for segment in document.segments),
            "src_unaligned": document.has_source and not any(segment.src for segment in document.segments),
            "words": doc_score.words if doc_score else 0,
            "bleu": _number(doc_score.scores.bleu if doc_score else None, 2),
            "chrf": _number(doc_score.scores.chrf if doc_score else None, 2),
            "ter": _number(doc_score.scores.ter if doc_score else None, 2),
            "sim": _number(doc_score.scores.similarity if doc_score else None, 3),
            "first": first,
            "count": len(segments),
            "findings": len(ordered),
        }
        documents_done += 1
        segments_done += len(segments)
        findings_done += len(entries)


def _finding_entry(finding: Finding, segment: Segment, index: int, baselined: bool, blocks: bool = False) -> dict:
    # The segment is at hand: its position map says exactly where the finding's columns are in its text.
    mt_span = segment.span_of(finding)
    ref_span = ref_span_of(segment.ref or "", finding.expected)
    return {
        "seg": index,
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "confidence": finding.confidence.value,
        "probability": finding.probability,
        "found": finding.found,
        "expected": finding.expected,
        "message": finding.message,
        "line": finding.line,
        "start": finding.start,
        "end": finding.end,
        "string_similarity": _number(finding.string_similarity, 3),
        "phonetic_match": finding.phonetic_match,
        "embedding_similarity": _number(finding.embedding_similarity, 3),
        "status": "baselined" if baselined else "new",
        "blocks": blocks,  # the gate fails on it
        "mt": _utf16_span(segment.mt, mt_span),
        "ref": _utf16_span(segment.ref or "", ref_span),
    }


def ref_span_of(ref: str, expected: str) -> tuple[int, int] | None:
    """Where the expected form stands in the reference, if it is there as written (else ignoring case)."""
    if not expected or not ref:
        return None
    where = ref.find(expected)
    if where < 0:
        where = ref.casefold().find(expected.casefold()) if len(ref.casefold()) == len(ref) else -1
    return (where, where + len(expected)) if where >= 0 else None


def _utf16_span(text: str, span: tuple[int, int] | None) -> list[int] | None:
    if span is None:
        return None
    if text.isascii():
        return [span[0], span[1]]
    return [_utf16_length(text[: span[0]]), _utf16_length(text[: span[1]])]


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _line_label(segment: Segment) -> str:
    lines = sorted({piece.line for piece in segment.pieces})
    if not lines:
        return ""
    return str(lines[0]) if len(lines) == 1 else f"{lines[0]}–{lines[-1]}"


def _number(value: float | None, digits: int = 4) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), digits)


def _shown(value: float | None, digits: int) -> str:
    number = _number(value, digits)
    return "–" if number is None else f"{number:,.{digits}f}"


def _signed(value: float | None, digits: int) -> str:
    number = _number(value, digits)
    return "–" if number is None else f"{number:+,.{digits}f}"
