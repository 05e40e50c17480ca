"""The import path the CI output formats had before each got a module of its own.

The formats live in `mtcheck.report.formats` (one module per format, one
registry) and the terminal tables in `mtcheck.report.terminal`; these names
stay importable from here for code written against the earlier layout.
"""

from __future__ import annotations

from .formats import render
from .formats.github import GITHUB_ANNOTATIONS_PER_LEVEL, github_annotation
from .formats.github import render as render_github
from .formats.gitlab import render as render_gitlab
from .formats.json_document import gate_record, summary_record
from .formats.json_document import render as render_json
from .formats.json_lines import render as render_jsonl
from .formats.junit import render as render_junit
from .formats.sarif import SARIF_SCHEMA_URI
from .formats.sarif import render as render_sarif
from .formats.shared import display_path, finding_record, has_lines, labelled_message
from .formats.text import render as render_text
from .terminal import comparison_table, findings_table, gate_table

__all__ = [
    "GITHUB_ANNOTATIONS_PER_LEVEL",
    "SARIF_SCHEMA_URI",
    "comparison_table",
    "display_path",
    "finding_record",
    "findings_table",
    "gate_record",
    "gate_table",
    "github_annotation",
    "has_lines",
    "labelled_message",
    "render",
    "render_github",
    "render_gitlab",
    "render_json",
    "render_jsonl",
    "render_junit",
    "render_sarif",
    "render_text",
    "summary_record",
]
