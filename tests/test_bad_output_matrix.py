"""Bad and awkward output destinations: each is exit 2 before the run, naming the path, with no traceback,
and an earlier good report folder stays byte-for-byte as it was. Plus the destinations that must work."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck import pipeline
from mtcheck.cli import app
from mtcheck.report.outputs import OUTPUT_MARKER

runner = CliRunner()


pytestmark = pytest.mark.usefixtures("shared_model")  # conftest: the session's model in every run


def invoke(*args):
    return runner.invoke(app, [str(arg) for arg in args])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder no new file can be created in, for root too (where permission bits do not stop writes)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        handle, probe = tempfile.mkstemp(dir=folder)
    except OSError:
        return folder
    os.close(handle)
    os.unlink(probe)
    folder.chmod(0o700)
    for candidate in (Path("/sys/fs"), Path("/sys")):  # read-only to everyone, root included
        try:
            handle, probe = tempfile.mkstemp(dir=candidate)
        except OSError:
            return candidate
        os.close(handle)
        os.unlink(probe)
    pytest.skip("no folder here refuses new files")


@pytest.fixture
def workspace(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.mt.txt").write_text("Minister Ilse Varnholt opened the bridge on Monday.\nVarnholt spoke for ten minutes.\n")
    (corpus / "story.ref.txt").write_text("Minister Ilse Varnholt opened the bridge on Monday.\nVarnholt spoke for ten minutes.\n")
    good = tmp_path / "good"
    first = invoke("run", corpus, "--out", good, "--export", f"json={good / 'findings.json'}")
    assert first.exit_code == 0, first.output
    return corpus, good, tmp_path


def _file(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_text("not a folder\n")
    return path


def _folder(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.mkdir()
    return path


# (name, extra arguments built from the workspace, the path the message must name)
BAD_DESTINATIONS = [
    ("out is a file", lambda t, good: ["--out", _file(t, "plain.txt")], "plain.txt"),
    ("out below a file", lambda t, good: ["--out", _file(t, "plain.txt") / "reports"], "plain.txt"),
    ("out in an unwritable folder", lambda t, good: ["--out", unwritable_folder(t) / "reports"], "reports"),
    ("out is an unwritable folder", lambda t, good: ["--out", unwritable_folder(t)], None),
    ("export to a folder", lambda t, good: ["--out", good, "--export", f"sarif={_folder(t, 'sarif-dir')}"], "sarif-dir"),
    ("export below a file", lambda t, good: ["--out", good, "--export", f"sarif={_file(t, 'plain.txt') / 'x.sarif'}"], "x.sarif"),
    ("export to an unwritable folder", lambda t, good: ["--out", good, "--export", f"junit={unwritable_folder(t) / 'x.xml'}"], "x.xml"),
    ("second export unwritable", lambda t, good: ["--out", good, "--export", f"json={t / 'ok.json'}", "--export", f"gitlab={_file(t, 'plain.txt') / 'cq.json'}"], "cq.json"),
    ("output file to a folder", lambda t, good: ["--out", good, "--format", "json", "--output-file", _folder(t, "json-dir")], "json-dir"),
    ("output file unwritable", lambda t, good: ["--out", good, "--format", "sarif", "--output-file", unwritable_folder(t) / "r.sarif"], "r.sarif"),
    ("output file below a file", lambda t, good: ["--out", good, "--format", "github", "--output-file", _file(t, "plain.txt") / "gh.txt"], "gh.txt"),
    ("export over a report", lambda t, good: ["--out", good, "--export", f"jsonl={good / 'flags.csv'}"], "flags.csv"),
    ("two exports to one file", lambda t, good: ["--out", good, "--export", f"json={t / 'same.json'}", "--export", f"sarif={t / 'same.json'}"], "same.json"),
    ("output file is an export too", lambda t, good: ["--out", good, "--format", "json", "--output-file", t / "o.json", "--export", f"json={t / 'o.json'}"], "o.json"),
    ("export over the corpus", lambda t, good: ["--out", good, "--export", f"jsonl={t / 'corpus' / 'story.mt.txt'}"], "story.mt.txt"),
    ("export over the glossary", lambda t, good: ["--out", good, "--glossary", _glossary(t), "--export", f"jsonl={t / 'terms.csv'}"], "terms.csv"),
]


def _glossary(tmp_path: Path) -> Path:
    path = tmp_path / "terms.csv"
    path.write_text("term,kind\nIlse Varnholt,person\n")
    return path


@pytest.mark.parametrize("build, named", [(case[1], case[2]) for case in BAD_DESTINATIONS], ids=[case[0] for case in BAD_DESTINATIONS])
def test_bad_destination_is_exit_2_before_the_run_and_replaces_nothing(workspace, monkeypatch, build, named):
    corpus, good, tmp_path = workspace
    before = snapshot(good)
    arguments = build(tmp_path, good)

    def no_run(*args, **kwargs):
        raise AssertionError("the run started before its destinations were checked")

    monkeypatch.setattr(pipeline, "load_corpus", no_run)
    result = invoke("run", corpus, *arguments)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("error:"), result.output
    if named:
        assert named in result.output
    assert snapshot(good) == before
    assert not any(".tmp" in path.name or ".mtcheck-probe" in path.name for path in tmp_path.rglob("*") if path.is_file())


def test_a_write_that_fails_midway_replaces_none_of_the_earlier_reports(workspace, monkeypatch):
    """A full disk on the last export: the four new CSVs are not renamed over the earlier ones."""
    from mtcheck.report import outputs

    corpus, good, tmp_path = workspace
    before = snapshot(good)
    original = outputs.OutputBatch.add

    def disk_full_on_sarif(self, path, data):
        if str(path).endswith(".sarif"):
            raise OSError(28, "No space left on device", str(path))
        return original(self, path, data)

    monkeypatch.setattr(outputs.OutputBatch, "add", disk_full_on_sarif)
    (corpus / "story.mt.txt").write_text("Minister Ilse Varnholdt opened the bridge on Monday.\nVarnholt spoke for ten minutes.\n")
    result = invoke("run", corpus, "--out", good, "--export", f"sarif={tmp_path / 'ci' / 'x.sarif'}")
    assert result.exit_code == 2 and "No space left" in result.output and "x.sarif" in result.output
    assert "Traceback" not in result.output
    assert snapshot(good) == before
    assert not [path for path in tmp_path.rglob("*.tmp")]


def test_report_folder_inside_the_corpus_is_not_read_back(tmp_path):
    corpus = tmp_path / "site"
    corpus.mkdir()
    (corpus / "story.mt.txt").write_text("Ilse Varnholt opened the bridge.\n")
    (corpus / "story.ref.txt").write_text("Ilse Varnholt opened the bridge.\n")
    first = invoke("run", corpus, "--out", corpus / "reports")
    second = invoke("run", corpus, "--out", corpus / "reports")
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    assert "missing column" not in second.output


def test_default_report_folder_of_run_dot_is_not_read_back(tmp_path, monkeypatch):
    (tmp_path / "story.mt.txt").write_text("Ilse Varnholt opened the bridge.\n")
    (tmp_path / "story.ref.txt").write_text("Ilse Varnholt opened the bridge.\n")
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        result = invoke("run", ".", "--isolated", "--export", "jsonl=findings.jsonl")
        assert result.exit_code == 0, result.output
    assert (tmp_path / "reports" / OUTPUT_MARKER).exists()


def test_marked_reports_moved_elsewhere_in_the_corpus_are_still_skipped(tmp_path):
    corpus = tmp_path / "site"
    corpus.mkdir()
    (corpus / "story.mt.txt").write_text("Ilse Varnholt opened the bridge.\n")
    assert invoke("run", corpus, "--out", tmp_path / "r").exit_code == 0
    (tmp_path / "r").rename(corpus / "last-week")  # an old report folder copied into the corpus
    result = invoke("run", corpus, "--out", tmp_path / "new")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (corpus / "last-week").iterdir()) == sorted(
        [OUTPUT_MARKER, "segments.csv", "documents.csv", "summary.csv", "flags.csv", "comparison.csv", "report.html"]
    )


def test_unmarked_tables_beside_marked_reports_are_still_read(tmp_path):
    corpus = tmp_path / "site"
    corpus.mkdir()
    (corpus / "story.mt.txt").write_text("Ilse Varnholt opened the bridge.\n")
    assert invoke("run", corpus, "--out", corpus).exit_code == 0  # reports written into the corpus folder itself
    (corpus / "extra.tsv").write_text("doc\tsegment\tmt\nbrief\t1\tThe bridge opened.\n")
    result = invoke("run", corpus, "--out", corpus)
    assert result.exit_code == 0, result.output
    documents = (corpus / "documents.csv").read_text()
    assert "brief" in documents and "story" in documents


def test_eval_tables_in_the_corpus_are_not_read_back(tmp_path):
    corpus = tmp_path / "site"
    corpus.mkdir()
    (corpus / "rows.tsv").write_text("doc\tsegment\tsystem\tmt\nd\t1\tA\tIlse Varnholt opened the bridge.\n")
    labels = tmp_path / "labels.tsv"
    labels.write_text("doc\tsegment\tsystem\tcategory\tseverity\tspan\nd\t1\tA\tAccuracy/Mistranslation\tMajor\tbridge\n")
    for _ in range(2):
        result = invoke("eval", corpus, "--labels", labels, "--out", corpus / "eval")
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_get_the_mode_of_the_umask(tmp_path, mask, mode):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "story.mt.txt").write_text("Ilse Varnholt opened the bridge.\n")
    previous = os.umask(mask)
    try:
        result = invoke(
            "run", corpus, "--out", tmp_path / "r", "--format", "json", "--output-file", tmp_path / "o.json",
            "--export", f"sarif={tmp_path / 'x.sarif'}",
        )  # fmt: skip
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    written = [*(tmp_path / "r").iterdir(), tmp_path / "o.json", tmp_path / "x.sarif"]
    assert {path.name: path.stat().st_mode & 0o777 for path in written} == {path.name: mode for path in written}
