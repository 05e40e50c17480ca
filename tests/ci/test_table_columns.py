"""CI marks for table inputs land on the found text: columns count from the start of the file's line.

For each table format the test slices the file's line at the reported column,
undoes the format's escaping, and must get the finding's text back, in the
GitHub, GitLab and SARIF outputs alike.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app

pytestmark = pytest.mark.usefixtures("shared_model")
runner = CliRunner()

# A quoted phrase and a comma before the garbled name and the changed number, so CSV quoting and
# JSON escapes stand between the line's start and the found text.
ROWS = [
    {
        "doc": "budget",
        "segment": "1",
        "mt": 'Finance Minister Lena Fishbach called the "green" plan, worth 4.3 billion euros, a milestone.',
        "ref": 'Finance Minister Lena Fischbach called the "green" plan, worth 3.4 billion euros, a milestone.',
    },
    {
        "doc": "budget",
        "segment": "2",
        "mt": "Fishbach said the \u00e9lite \"Nordic\" fund would pay for it.",
        "ref": "Fischbach said the \u00e9lite \"Nordic\" fund would pay for it.",
    },
]


def write_table(folder: Path, suffix: str) -> Path:
    path = folder / f"news{suffix}"
    if suffix == ".tsv":
        lines = ["doc\tsegment\tmt\tref", *("\t".join(row[key] for key in ("doc", "segment", "mt", "ref")) for row in ROWS)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif suffix == ".csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=["doc", "segment", "mt", "ref"], quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writeheader()
        writer.writerows(ROWS)
        path.write_text(out.getvalue(), encoding="utf-8")
    else:
        path.write_text("".join(json.dumps(row, ensure_ascii=True) + "\n" for row in ROWS), encoding="utf-8")
    return path


def unescape(suffix: str, raw: str) -> str:
    if suffix == ".csv":
        return raw.replace('""', '"')
    if suffix == ".jsonl":
        return json.loads(f'"{raw}"')
    return raw


def span_text(path: Path, suffix: str, line: int, first: int, last: int) -> str:
    """Characters first..last (1-based, inclusive) of the file's line, escaping undone."""
    text = path.read_text(encoding="utf-8").split("\n")[line - 1]
    return unescape(suffix, text[first - 1 : last])


@pytest.mark.parametrize("suffix", [".tsv", ".csv", ".jsonl"])
def test_ci_columns_land_on_the_found_text(tmp_path, suffix):
    table = write_table(tmp_path, suffix)
    sarif, gitlab = tmp_path / "m.sarif", tmp_path / "q.json"
    result = runner.invoke(
        app,
        ["run", str(table), "--out", str(tmp_path / "r"), "--format", "github", "--isolated",
         "--export", f"sarif={sarif}", "--export", f"gitlab={gitlab}"],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    flags = list(csv.DictReader((tmp_path / "r" / "flags.csv").open(encoding="utf-8")))
    found = {row["found"] for row in flags if row["found"]}
    assert {"Fishbach", "4.3 billion"} <= found

    github = [line for line in result.stdout.splitlines() if line.startswith("::") and ",line=" in line]
    marks = []
    for annotation in github:
        fields = dict(part.split("=", 1) for part in annotation.split("::")[1].split(" ", 1)[1].split(","))
        marks.append((int(fields["line"]), int(fields["col"]), int(fields["endColumn"])))
    for issue in json.loads(gitlab.read_text(encoding="utf-8")):
        positions = issue["location"].get("positions")
        if positions:
            marks.append((positions["begin"]["line"], positions["begin"]["column"], positions["end"]["column"]))
    for run in json.loads(sarif.read_text(encoding="utf-8"))["runs"]:
        for item in run["results"]:
            region = item["locations"][0]["physicalLocation"].get("region")
            if region and "startColumn" in region:
                # SARIF's endColumn is one past the last character.
                marks.append((region["startLine"], region["startColumn"], region["endColumn"] - 1))
    texts = {span_text(table, suffix, line, first, last) for line, first, last in marks}
    assert {"Fishbach", "4.3 billion"} <= texts
    assert texts <= found, texts - found


def test_a_csv_cell_spanning_lines_points_at_the_right_line(tmp_path):
    table = tmp_path / "news.csv"
    table.write_text(
        'doc,segment,mt,ref\nbudget,1,"The plan was approved.\nMinister Lena Fishbach, ""pleased"", spoke.",'
        '"The plan was approved. Minister Lena Fischbach, ""pleased"", spoke."\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["run", str(table), "--out", str(tmp_path / "r"), "--format", "github", "--isolated"])
    assert result.exit_code in (0, 1), result.output
    (annotation,) = [line for line in result.stdout.splitlines() if "Fishbach" in line and line.startswith("::")]
    fields = dict(part.split("=", 1) for part in annotation.split("::")[1].split(" ", 1)[1].split(","))
    assert fields["line"] == "3"
    assert span_text(table, ".csv", 3, int(fields["col"]), int(fields["endColumn"])) == "Fishbach"


def test_a_parquet_table_has_no_lines_to_point_into():
    from ci_records import make_finding

    from mtcheck.report.formats import render
    from mtcheck.report.formats.github import github_annotation

    finding = make_finding(file="corpus/news.parquet")
    assert ",line=" not in github_annotation(finding) and "file=corpus/news.parquet" in github_annotation(finding)
    (result,) = json.loads(render("sarif", [finding]))["runs"][0]["results"]
    assert "region" not in result["locations"][0]["physicalLocation"]
    (issue,) = json.loads(render("gitlab", [finding]))
    assert "positions" not in issue["location"]  # GitLab needs a line: the row's number stands in
