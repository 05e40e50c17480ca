"""README.md's generated sections match the code, and its commands exist."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_updater():
    spec = importlib.util.spec_from_file_location("update_readme", ROOT / "scripts" / "update_readme.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_sections_are_current():
    updater = load_updater()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert updater.updated(text) == text, "run: python scripts/update_readme.py"


def test_readme_gives_the_two_setup_commands_and_ci_runs_the_test_one():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    # torch's CPU build must be installed before sentence-transformers pulls a CUDA one.
    assert makefile.index("torch==") < makefile.index("-e '.[test]'")


def test_report_table_lists_every_column_in_order():
    from mtcheck.model import FINDING_COLUMNS
    from mtcheck.report.tables import COMPARISON_COLUMNS, DOCUMENT_COLUMNS, SEGMENT_COLUMNS

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`") and cells[0].endswith(".csv`"):
            listed[cells[0].strip("`")] = [name.strip() for name in cells[2].split(",")]
    assert listed["segments.csv"][: len(SEGMENT_COLUMNS)] == SEGMENT_COLUMNS
    assert listed["documents.csv"] == DOCUMENT_COLUMNS
    assert listed["flags.csv"] == [*FINDING_COLUMNS, "status"]
    assert listed["comparison.csv"] == COMPARISON_COLUMNS
