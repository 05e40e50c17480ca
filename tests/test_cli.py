"""End to end: the `mtcheck` command on small corpora, exit codes and CSV contents."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"
runner = CliRunner()


pytestmark = pytest.mark.usefixtures("shared_model")  # conftest: the session's model in every run


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def invoke(*args: str):
    return runner.invoke(app, [str(arg) for arg in args])


def test_demo_run_writes_reports_and_fails_the_default_gate(tmp_path):
    result = invoke("run", DEMO, "--out", tmp_path / "r")
    assert result.exit_code == 1, result.output
    assert "Gate failed" in result.output and "fail-on" in result.output
    for name in ("segments.csv", "documents.csv", "summary.csv", "flags.csv"):
        assert (tmp_path / "r" / name).exists()
    documents = {row["doc"]: row for row in read_csv(tmp_path / "r" / "documents.csv")}
    assert documents["port-strike"]["aligned_by"] == "embeddings"
    assert documents["flood-relief"]["findings"] == "0"
    segments = read_csv(tmp_path / "r" / "segments.csv")
    port = [row for row in segments if row["doc"] == "port-strike"]
    assert {row["alignment"] for row in port} >= {"1-1", "1-0", "0-1"}
    assert [row["mt"] for row in port if row["alignment"] == "1-0"][-2:] == ["No comments:", "Post a Comment"]
    flags = read_csv(tmp_path / "r" / "flags.csv")
    assert ("Lindquist", "Lindqvist") in {(row["found"], row["expected"]) for row in flags if row["code"] == "MT101"}


def test_rerun_gives_byte_identical_reports(tmp_path):
    invoke("run", DEMO, "--out", tmp_path / "one")
    invoke("run", DEMO, "--out", tmp_path / "two")
    for name in ("segments.csv", "documents.csv", "summary.csv", "flags.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_clean_corpus_passes(tmp_path):
    corpus = tmp_path / "clean"
    corpus.mkdir()
    for suffix in ("mt", "ref"):
        shutil.copy(DEMO / f"flood-relief.{suffix}.txt", corpus / f"flood-relief.{suffix}.txt")
    result = invoke("run", corpus, "--out", tmp_path / "r")
    assert result.exit_code == 0, result.output
    assert read_csv(tmp_path / "r" / "flags.csv") == []
    assert "Gate passed" in result.output


def test_exit_zero_reports_without_failing(tmp_path):
    result = invoke("run", DEMO, "--out", tmp_path / "r", "--exit-zero")
    assert result.exit_code == 0
    assert "Gate failed" in result.output


@pytest.mark.parametrize(
    "setup, message",
    [
        (None, "no such file or folder"),
        (lambda p: (p / "a.mt.txt").write_text(""), "the file is empty"),
        (lambda p: (p / "a.mt.txt").write_bytes("Zo\u00eb".encode("latin-1")), "not valid UTF-8"),
        (lambda p: (p / "t.tsv").write_text("doc\tmt\nd\thello\n"), "missing column(s) segment"),
        (lambda p: (p / "README.md").write_text("no documents"), "no MT documents found"),
    ],
    ids=["missing", "empty", "encoding", "columns", "no-documents"],
)
def test_bad_input_exits_2_with_a_message(tmp_path, setup, message):
    corpus = tmp_path / "corpus"
    if setup is not None:
        corpus.mkdir()
        setup(corpus)
    result = invoke("run", corpus, "--out", tmp_path / "r")
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "r").exists()


def test_unknown_option_exits_2():
    result = invoke("run", DEMO, "--no-such-option")
    assert result.exit_code == 2


def test_rules_and_explain():
    rules = invoke("rules")
    assert rules.exit_code == 0 and "MT101" in rules.output and "garbled-name" in rules.output
    explained = invoke("explain", "MT101")
    assert explained.exit_code == 0 and "Anti-pattern" in explained.output
    assert invoke("explain", "MT999").exit_code == 2


def test_help_and_version_do_not_import_torch():
    code = (
        "import sys; from typer.testing import CliRunner; from mtcheck.cli import app; "
        "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0, r.output; "
        "r = CliRunner().invoke(app, ['--version']); assert r.exit_code == 0 and 'mtcheck' in r.output; "
        "r = CliRunner().invoke(app, ['run', '--help']); assert r.exit_code == 0; "
        "heavy = [m for m in ('torch', 'sentence_transformers', 'transformers', 'onnxruntime', 'openvino', 'pypinyin', 'platformdirs', 'sqlite3', 'dask', 'distributed') if m in sys.modules]; "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_corpus_refused_before_the_run_imports_no_table_or_page_library(tmp_path):
    # The destinations are checked first, with the report files' names; pandas, Jinja and vl-convert
    # are for writing the reports, which a refused corpus never gets to.
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.mt.txt").write_text("The ferry left at noon.\n", encoding="utf-8")
    (corpus / "news.tsv").write_text("doc\tsegment\nd\t1\n", encoding="utf-8")  # no mt column
    code = (
        "import sys; from typer.testing import CliRunner; from mtcheck.cli import app; "
        f"r = CliRunner().invoke(app, ['run', {str(corpus)!r}, '--out', {str(tmp_path / 'r')!r}]); "
        "assert r.exit_code == 2, r.output; "
        "loaded = [m for m in ('pandas', 'jinja2', 'vl_convert', 'torch') if m in sys.modules]; assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_real_command_with_the_packaged_model(tmp_path):
    """One run through the installed console script, loading the model itself."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.mt.txt").write_text("Minister Ingrid Halvorsen met Tomas Varga in Geneva.\nTalks resume on Monday.\n")
    (corpus / "a.ref.txt").write_text("Minister Ingrid Halvorsen met Tomas Varga in Geneva.\nThe talks resume on Monday.\n")
    script = Path(sys.executable).with_name("mtcheck")
    completed = subprocess.run([str(script), "run", str(corpus), "--out", str(tmp_path / "r")], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr + completed.stdout
    summary = read_csv(tmp_path / "r" / "summary.csv")[0]
    # The backend `auto` chose, and its precision, follow the model's name.
    assert re.fullmatch(r"all-MiniLM-L6-v2 \((torch|onnx|openvino) (fp32|bf16|fp16)\)", summary["model"]), summary["model"]
    assert float(summary["similarity"]) > 0.9


def test_unloadable_model_exits_2(tmp_path, monkeypatch):
    monkeypatch.undo()
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.mt.txt").write_text("Text.\n")
    (corpus / "a.ref.txt").write_text("Text.\n")
    result = invoke("run", corpus, "--model", str(tmp_path / "no-model-here"), "--out", tmp_path / "r")
    assert result.exit_code == 2
    assert "cannot load embedding model" in result.output


def test_unwritable_report_folder_is_exit_2(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.mt.txt").write_text("Text.\n")
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    result = invoke("run", corpus, "--out", blocker / "reports")
    assert result.exit_code == 2
    assert "file-not-folder" in result.output and "Traceback" not in result.output


# ------------------------------------------------------------ what a new user trips over


def test_the_summary_ends_by_saying_where_the_reports_are(tmp_path):
    result = invoke("run", DEMO, "--out", tmp_path / "r")
    last = [line for line in result.output.splitlines() if line.strip()][-1]
    assert last == f"reports are in {tmp_path / 'r'}; open {tmp_path / 'r' / 'report.html'} to review the findings"
    skipped = [line for line in result.output.splitlines() if line.startswith("not run on documents with")]
    assert skipped and not any("document(s)" in line or "no two other" in line for line in skipped)
    assert any(line.startswith("not run on documents with fewer than two other MT systems of the same document (4 documents)") for line in skipped)


def test_the_findings_table_ends_by_saying_how_many_findings_it_leaves_out_and_where_they_are(tmp_path, monkeypatch):
    import mtcheck.cli

    whole = invoke("run", DEMO, "--out", tmp_path / "whole", "--exit-zero")
    assert whole.exit_code == 0, whole.output
    flags = read_csv(tmp_path / "whole" / "flags.csv")
    documents = list(dict.fromkeys((row["system"], row["doc"]) for row in flags))
    assert len(documents) >= 2 and "all of them" not in whole.output
    # One row at most: the first document's findings alone, then one line for the others.
    monkeypatch.setattr(mtcheck.cli, "_SHOWN_FINDINGS", 1)
    cut = invoke("run", DEMO, "--out", tmp_path / "cut", "--exit-zero")
    assert cut.exit_code == 0, cut.output
    left_out = [row for row in flags if (row["system"], row["doc"]) != documents[0]]
    text = " ".join(cut.output.split())
    assert f"… {len(left_out)} more findings in {len(documents) - 1} more documents: flags.csv and report.html have all of them" in text
    assert f"│ {documents[0][1]}:" in cut.output and f"│ {documents[1][1]}:" not in cut.output
    assert "Gate passed" in cut.output or "Gate failed" in cut.output


def test_the_demo_installs_no_browser():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = {line.split(":")[0]: line for line in makefile.splitlines() if re.match(r"^[a-z-]+:", line)}
    assert "browser" not in targets["install"] and "browser" not in targets["demo"]
    assert "browser" in targets["test"]


def test_files_mtcheck_does_not_read_are_named_once(tmp_path):
    corpus = tmp_path / "desk"
    shutil.copytree(DEMO, corpus)
    (corpus / "story.docx").write_bytes(b"PK\x03\x04")
    (corpus / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = invoke("run", corpus, "--out", tmp_path / "r")
    warnings = [line for line in result.output.splitlines() if "does not read" in line]
    assert len(warnings) == 1 and "notes.pdf" in warnings[0] and "story.docx" in warnings[0]
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = invoke("run", empty)
    assert refused.exit_code == 2 and "TMX files (NAME.tmx)" in refused.output and "PO files (NAME.po)" in refused.output


def test_config_shows_the_glossaries_a_run_reads():
    shown = invoke("config", ROOT / "corpora" / "newsdesk")
    assert shown.exit_code == 0
    assert re.search(r'^glossaries = \[".*corpora/newsdesk/glossary.csv"\]\s+# found beside the corpus$', shown.output, re.M)


def test_explain_lists_needs_and_settings_and_help_shows_plain_placeholders():
    explained = invoke("explain", "MT301")
    assert "Needs: reference." in explained.output
    assert "Settings ([checks.number-mismatch] in mtcheck.toml), with their defaults:" in explained.output
    assert "  window = 1" in explained.output
    assert "MT only" in invoke("rules").output
    helped = invoke("run", "--help").output
    assert "--out PATH" in helped and "Usage: mtcheck run [OPTIONS] CORPUS..." in helped
    for command in ("run", "eval", "calibrate", "baseline", "config", "explain"):
        text = invoke(command, "--help").output
        assert not re.search(r"<(?:str|path|int|float|list)|\{[a-z]+\}", text), command


def test_a_garble_after_a_title_is_not_called_perhaps_no_person(tmp_path):
    result = invoke("run", ROOT / "corpora" / "multisystem" / "systems.tsv", "--out", tmp_path / "r")
    flags = read_csv(tmp_path / "r" / "flags.csv")
    (message,) = [row["message"] for row in flags if row["found"] == "Wolterinck"]
    assert "may not be a person" not in message and "spells it that way only once" in message


def test_one_selection_rule_everywhere(tmp_path):
    from mtcheck.checks import select_checks
    from mtcheck.config import matches_check

    # The library, the command line, the configuration and the gate read `mt1`, `MT1` and names alike.
    assert [c.code for c in select_checks(["mt1"])] == [c.code for c in select_checks(["MT1"])]
    assert [c.code for c in select_checks(["Garbled-Name"])] == ["MT101"]
    assert matches_check("mt3", "MT301", "number-mismatch") and matches_check(" Number-Mismatch ", "MT301", "number-mismatch")
    on_cli = invoke("run", DEMO, "--out", tmp_path / "a", "--select", "mt1", "--ignore", "Inconsistent-Name", "--isolated")
    assert on_cli.exit_code in (0, 1), on_cli.output
    assert {row["code"][:3] for row in read_csv(tmp_path / "a" / "flags.csv")} == {"MT1"}
    assert "MT104" not in {row["code"] for row in read_csv(tmp_path / "a" / "flags.csv")}
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO, corpus)
    (corpus / "mtcheck.toml").write_text('select = ["mt3"]\n[gate.max-findings-per-check]\nmt301 = 0\n', encoding="utf-8")
    configured = invoke("run", corpus, "--out", tmp_path / "b")
    assert configured.exit_code == 1 and "max-findings-per-check" in configured.output
    assert {row["code"] for row in read_csv(tmp_path / "b" / "flags.csv")} == {"MT301"}
    assert invoke("run", DEMO, "--select", "mt9").exit_code == 2
