"""A table's own columns in segments.csv: never over mtcheck's, never a header twice, never a formula."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.report.tables import SEGMENT_COLUMNS, extra_column_names

runner = CliRunner()


pytestmark = pytest.mark.usefixtures("shared_model")  # conftest: the session's model in every run


def test_extra_columns_named_like_report_columns_keep_both_values(tmp_path):
    extra = ["bleu", "line", "position", "similarity", "start", "alignment", "table.bleu", "table.table.bleu", "@note", "=x", "+x", "-x", "desk"]
    table = tmp_path / "rows.csv"
    with table.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["doc", "segment", "mt", "ref", *extra])
        writer.writerow(["d", "s-1", "Ilse Varnholt opened the bridge.", "Ilse Varnholt opened the bridge.", *(f"v:{name}" for name in extra)])
    result = runner.invoke(app, ["run", str(table), "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "r" / "segments.csv").read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    assert len(header) == len(set(header)) == len(SEGMENT_COLUMNS) + len(extra)
    assert header[: len(SEGMENT_COLUMNS)] == SEGMENT_COLUMNS
    row = dict(zip(header, next(csv.reader(io.StringIO(text.split("\n", 1)[1])))))
    # mtcheck's own values stand; the table's sit under table.NAME.
    assert row["bleu"] == "100.0000" and row["position"] == "1" and row["line"] == "2" and row["alignment"] == "1-1"
    assert row["table.bleu"] == "v:bleu" and row["table.position"] == "v:position" and row["table.similarity"] == "v:similarity"
    assert row["table.table.bleu"] == "v:table.bleu" and row["table.table.table.bleu"] == "v:table.table.bleu"
    assert row["desk"] == "v:desk"
    # Header cells get the formula guard that body cells get.
    assert {"'@note", "'=x", "'+x", "'-x"} <= set(header)
    assert not any(name.startswith(("=", "+", "-", "@")) for name in header)


def test_extra_column_names_are_unique_whatever_the_order():
    names = {"bleu", "table.bleu", "=x", "'=x"}
    renamed = extra_column_names(names)
    assert len(set(renamed.values())) == len(names)
    assert not set(renamed.values()) & set(SEGMENT_COLUMNS)
    assert renamed["bleu"] == "table.bleu" and renamed["table.bleu"] == "table.table.bleu"
    assert {renamed["=x"], renamed["'=x"]} == {"'=x", "table.'=x"}
