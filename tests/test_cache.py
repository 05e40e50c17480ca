"""The persistent cache: reuse only what is still valid, identical reports, robust storage."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from mtcheck import align as align_module
from mtcheck import checks as checks_package
from mtcheck import pipeline
from mtcheck.checks import _support as checks_support
from mtcheck.score import metrics as scoring
from mtcheck.cache import FILE_NAME, USE_RESOLUTION_SECONDS, Cache, content_key, parse_size
from mtcheck.checks.garbled_name import GarbledName
from mtcheck.checks.inconsistent_name import InconsistentName
from mtcheck.checks.reuse import StoredSummaries
from mtcheck.cli import app
from mtcheck.embed import Embedder, model_identity
from mtcheck.pipeline import RunOptions
from mtcheck.report.tables import write_reports

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"
REPORTS = ("segments.csv", "documents.csv", "summary.csv", "flags.csv")
runner = CliRunner()


def run_reports(corpus: Path, out: Path, embedder, cache_dir: Path | None, **options) -> pipeline.RunResult:
    result = pipeline.run(corpus, RunOptions(cache_dir=cache_dir, **options), embedder=embedder)
    write_reports(result, out)
    return result


def assert_same_reports(first: Path, second: Path) -> None:
    for name in REPORTS:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def write_document(folder: Path, name: str, mt: list[str], ref: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.mt.txt").write_text("\n".join(mt) + "\n", encoding="utf-8")
    (folder / f"{name}.ref.txt").write_text("\n".join(ref) + "\n", encoding="utf-8")


# ------------------------------------------------------------------ the store


def test_sizes_are_read_in_decimal_and_binary_units():
    assert parse_size("500MB") == 500_000_000
    assert parse_size("2 GiB") == 2 * 2**30
    assert parse_size("0") == 0
    assert parse_size(1234) == 1234
    for bad in ("lots", "-1MB", "5 parsecs"):
        with pytest.raises(ValueError):
            parse_size(bad)


def test_entries_round_trip_and_a_damaged_value_reads_as_a_miss(tmp_path):
    with Cache(tmp_path) as cache:
        cache.put_many("kind", {b"a": b"one", b"b": b"two"})
        assert cache.get_many("kind", [b"a", b"b", b"c"]) == {b"a": b"one", b"b": b"two"}
        assert cache.get("other-kind", b"a") is None
    # Change a stored value behind the cache's back: its digest no longer fits.
    connection = sqlite3.connect(tmp_path / FILE_NAME)
    connection.execute("UPDATE entries SET value = ? WHERE key = ?", (b"tampered", b"a"))
    connection.commit()
    connection.close()
    with Cache(tmp_path) as cache:
        assert cache.get("kind", b"a") is None
        assert cache.get("kind", b"b") == b"two"
        assert any("damaged entries" in warning for warning in cache.warnings)


def test_read_through_computes_what_is_missing_in_one_call_and_stores_it(tmp_path):
    calls: list[list[str]] = []

    def lengths(missing: list[str]) -> dict[str, int]:
        calls.append(missing)
        return {text: len(text) for text in missing}

    keys = {text: content_key(text) for text in ("one", "three", "seven")}
    with Cache(tmp_path) as cache:
        cache.put("kind", keys["one"], b"3")
        values = cache.read_through("kind", keys, lengths, lambda value: str(value).encode(), int)
        assert values == {"one": 3, "three": 5, "seven": 5}
        assert calls == [["three", "seven"]]
        assert cache.read_through("kind", keys, lengths, lambda value: str(value).encode(), int) == values
        assert len(calls) == 1, "everything is stored now"
        computed: list[int] = []
        one = lambda: computed.append(1) or 42  # noqa: E731
        assert cache.read_through_one("kind", content_key("single"), one, lambda value: str(value).encode(), int) == 42
        assert cache.read_through_one("kind", content_key("single"), one, lambda value: str(value).encode(), int) == 42
        assert computed == [1], "a single value is computed once, then read"


def test_a_file_that_is_not_a_database_is_rebuilt_with_a_warning(tmp_path):
    (tmp_path / FILE_NAME).write_bytes(b"this is not an sqlite file at all" * 100)
    with Cache(tmp_path) as cache:
        assert cache.get("kind", b"a") is None
        assert any("damaged" in warning and "rebuilt" in warning for warning in cache.warnings)
        cache.put("kind", b"a", b"value")
        assert cache.get("kind", b"a") == b"value"


def _age_entries(folder: Path, seconds: float) -> None:
    """Move every entry's last use `seconds` into the past, as if written that long ago."""
    connection = sqlite3.connect(folder / FILE_NAME)
    connection.execute("UPDATE uses SET used = used - ?", (seconds,))
    connection.commit()
    connection.close()


def test_least_recently_used_entries_are_pruned_beyond_the_limit(tmp_path):
    with Cache(tmp_path, max_size=10_000) as cache:
        for number in range(10):
            cache.put("kind", f"key{number}".encode(), bytes(1000))
        _age_entries(tmp_path, 2 * USE_RESOLUTION_SECONDS)
        # Reading an old entry makes it recently used, so it survives the pruning.
        cache.get("kind", b"key0")
        cache.put("kind", b"key10", bytes(1000))
        dropped = cache.prune()
        kept = cache.get_many("kind", [f"key{number}".encode() for number in range(11)])
    assert dropped >= 2
    assert b"key0" in kept and b"key10" in kept
    assert b"key1" not in kept and b"key2" not in kept
    assert sum(len(key) + len(value) for key, value in kept.items()) <= 10_000


def test_uses_are_recorded_once_a_run_and_to_the_hour(tmp_path):
    with Cache(tmp_path) as cache:
        cache.put_many("kind", {b"old": b"1", b"fresh": b"2"})
    _age_entries(tmp_path, 2 * USE_RESOLUTION_SECONDS)
    connection = sqlite3.connect(tmp_path / FILE_NAME)
    connection.execute("UPDATE uses SET used = used + ? WHERE key = ?", (1.5 * USE_RESOLUTION_SECONDS, b"fresh"))
    connection.commit()
    before = dict(connection.execute("SELECT key, used FROM uses").fetchall())
    with Cache(tmp_path) as cache:
        assert cache.get_many("kind", [b"old", b"fresh"]) == {b"old": b"1", b"fresh": b"2"}
        # Nothing is written while the run reads.
        assert dict(connection.execute("SELECT key, used FROM uses").fetchall()) == before
    after = dict(connection.execute("SELECT key, used FROM uses").fetchall())
    connection.close()
    assert after[b"old"] > before[b"old"] + USE_RESOLUTION_SECONDS  # marked used when the run closed the cache
    assert after[b"fresh"] == before[b"fresh"]  # used within the hour: its mark stands


def _hammer(folder: str, worker: int, rounds: int) -> int:
    cache = Cache(Path(folder))
    for number in range(rounds):
        items = {f"{worker}-{number}-{k}".encode(): f"value {worker} {number} {k}".encode() for k in range(20)}
        cache.put_many("kind", items)
        assert cache.get_many("kind", list(items)) == items
    cache.close()
    return len(cache.warnings)


def test_two_processes_write_and_read_one_cache_folder_at_once(tmp_path):
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        warnings = pool.starmap(_hammer, [(str(tmp_path), 1, 40), (str(tmp_path), 2, 40)])
    assert warnings == [0, 0]
    with Cache(tmp_path) as cache:
        assert cache.info().entries["kind"][0] == 2 * 40 * 20


# ------------------------------------------------------------------- the model


class _CountingModel:
    """Stands in for a sentence-transformers model: vectors from the text and a seed."""

    def __init__(self, seed: int):
        self.seed, self.calls = seed, 0
        self.tokenizer = lambda texts, **_: {"input_ids": [[0] * len(text.split()) for text in texts]}

    def encode(self, texts, **_):
        self.calls += 1
        rows = [np.random.default_rng([self.seed, *map(ord, text)]).normal(size=8) for text in texts]
        return np.array([row / np.linalg.norm(row) for row in rows], dtype=np.float32)


def _embedder(model_folder: Path, cache: Cache, seed: int) -> tuple[Embedder, _CountingModel]:
    fake = _CountingModel(seed)
    embedder = Embedder(str(model_folder), cache=cache)
    embedder._load = lambda: fake
    return embedder, fake


def test_a_changed_model_is_never_served_the_old_models_vectors(tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text('{"hidden": 8}', encoding="utf-8")
    (model / "model.safetensors").write_bytes(b"weights one")
    texts = ["Port workers went on strike.", "The ministry said so."]
    cache = Cache(tmp_path / "cache")
    first, fake = _embedder(model, cache, seed=1)
    vectors = first.encode(texts)
    assert fake.calls >= 1

    again, fake_again = _embedder(model, cache, seed=1)
    assert np.array_equal(again.encode(texts), vectors)
    assert fake_again.calls == 0, "unchanged model and texts: read from the cache"

    (model / "model.safetensors").write_bytes(b"other weights, other size")
    changed, fake_changed = _embedder(model, cache, seed=2)
    assert changed.identity != first.identity
    assert not np.array_equal(changed.encode(texts), vectors)
    assert fake_changed.calls >= 1, "changed weights: encoded again"


def test_a_model_whose_files_cannot_be_found_is_not_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert model_identity("no-such-organisation/no-such-model") is None
    cache = Cache(tmp_path)
    embedder, fake = _embedder(Path("no-such-organisation/no-such-model"), cache, seed=1)
    embedder.encode(["A text."])
    assert cache.info().entries.get("embedding") is None


# ---------------------------------------------------------------- whole runs


def test_reports_are_byte_identical_with_and_without_the_cache(tmp_path, embedder):
    cache_dir = tmp_path / "cache"
    run_reports(DEMO, tmp_path / "none", embedder, None)
    run_reports(DEMO, tmp_path / "cold", embedder, cache_dir)
    warm = run_reports(DEMO, tmp_path / "warm", embedder, cache_dir)
    assert_same_reports(tmp_path / "none", tmp_path / "cold")
    assert_same_reports(tmp_path / "none", tmp_path / "warm")
    assert not [warning for warning in warm.warnings if "cache" in warning]


def test_an_edit_recomputes_only_the_edited_document_and_reports_match_a_run_without_cache(tmp_path, embedder, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO, corpus)
    cache_dir = tmp_path / "cache"
    run_reports(corpus, tmp_path / "before", embedder, cache_dir)

    edited = corpus / "flood-relief.mt.txt"
    lines = edited.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0] + " Relief workers arrived on Thursday."
    edited.write_text("\n".join(lines) + "\n", encoding="utf-8")

    checked: list[str] = []
    original_check = GarbledName.check

    def counting_check(self, document, context):
        checked.append(document.doc)
        return original_check(self, document, context)

    computed: list[int] = []
    original_statistics = scoring.segment_statistics

    def counting_statistics(hypotheses, references):
        computed.append(len(hypotheses))
        return original_statistics(hypotheses, references)

    vocabularies: list[int] = []
    original_vocabulary = checks_package.build_vocabulary

    def counting_vocabulary(texts):
        texts = list(texts)
        vocabularies.append(len(texts))
        return original_vocabulary(texts)

    monkeypatch.setattr(GarbledName, "check", counting_check)
    monkeypatch.setattr(scoring, "segment_statistics", counting_statistics)
    monkeypatch.setattr(checks_package, "build_vocabulary", counting_vocabulary)
    run_reports(corpus, tmp_path / "after", embedder, cache_dir)
    assert checked == ["flood-relief"]
    assert sum(computed) == 1, "only the edited segment's statistics are computed"
    assert len(vocabularies) == 1, "only the edited document's part of the vocabulary is built again"

    monkeypatch.undo()
    run_reports(corpus, tmp_path / "uncached", embedder, None)
    assert_same_reports(tmp_path / "after", tmp_path / "uncached")


def test_a_warm_run_builds_no_vocabulary_splits_and_aligns_no_sentence_and_encodes_nothing(tmp_path, embedder, monkeypatch):
    cache_dir = tmp_path / "cache"
    cold = run_reports(DEMO, tmp_path / "cold", embedder, cache_dir)
    assert any(document.aligned_by == "embeddings" for document in cold.documents)

    def must_not_run(*args, **kwargs):
        raise AssertionError("a warm rerun of an unchanged corpus recomputed something")

    monkeypatch.setattr(checks_package, "build_vocabulary", must_not_run)
    monkeypatch.setattr(checks_support, "build_vocabulary", must_not_run)
    monkeypatch.setattr(align_module, "_segment_line", must_not_run)
    monkeypatch.setattr(align_module, "_estimates", must_not_run)  # the sentence links are read back, no vector is
    # The cross-document reduction's findings are read back too: no stored summary is even parsed.
    monkeypatch.setattr(InconsistentName, "reduce", must_not_run)
    monkeypatch.setattr(StoredSummaries, "__getitem__", must_not_run)
    encoded = embedder.encoded_texts
    run_reports(DEMO, tmp_path / "warm", embedder, cache_dir)
    assert embedder.encoded_texts == encoded
    assert_same_reports(tmp_path / "cold", tmp_path / "warm")


def test_a_document_is_recomputed_when_another_document_changes_what_its_words_mean(tmp_path, embedder):
    # Whether a capitalised word is a name depends on whether the system's MT
    # uses it in lower case anywhere: an edit of d2 changes d1's findings.
    corpus = tmp_path / "corpus"
    write_document(corpus, "d1", ["Kessler Brandt said the talks had failed.", "Brandt left the room."],
                   ["Officials said the talks had failed.", "They left the room."])  # fmt: skip
    write_document(corpus, "d2", ["The port reopened after the strike.", "Workers returned on Tuesday."],
                   ["The port reopened after the strike.", "Workers went back on Tuesday."])  # fmt: skip
    cache_dir = tmp_path / "cache"
    before = run_reports(corpus, tmp_path / "before", embedder, cache_dir)
    write_document(corpus, "d2", ["The port reopened after the strike; a kessler watched the brandt.", "Workers returned on Tuesday."],
                   ["The port reopened after the strike.", "Workers went back on Tuesday."])  # fmt: skip
    after = run_reports(corpus, tmp_path / "after", embedder, cache_dir)
    run_reports(corpus, tmp_path / "uncached", embedder, None)
    assert_same_reports(tmp_path / "after", tmp_path / "uncached")
    found = lambda result: {(f.doc, f.code, f.found) for f in result.findings}  # noqa: E731
    assert found(before) != found(after), "the edit of d2 must change d1's findings for this test to mean anything"


def test_names_spelled_inconsistently_across_documents_stay_correct_after_an_edit(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    lines = ["Chidi Okonkwo chaired the meeting on Monday.", "Okonkwo told reporters the port would reopen."]
    write_document(corpus, "a", lines, lines)
    write_document(corpus, "b", ["Okonkwo spoke again on Tuesday."], ["Okonkwo spoke again on Tuesday."])
    cache_dir = tmp_path / "cache"
    first = run_reports(corpus, tmp_path / "first", embedder, cache_dir)
    assert not [f for f in first.findings if f.code == "MT104"]
    write_document(corpus, "b", ["Okonkow spoke again on Tuesday."], ["Okonkwo spoke again on Tuesday."])
    second = run_reports(corpus, tmp_path / "second", embedder, cache_dir)
    assert [(f.doc, f.found) for f in second.findings if f.code == "MT104"] == [("b", "Okonkow")]
    run_reports(corpus, tmp_path / "uncached", embedder, None)
    assert_same_reports(tmp_path / "second", tmp_path / "uncached")


def test_a_truncated_cache_file_gives_a_warning_and_the_right_reports(tmp_path, embedder):
    cache_dir = tmp_path / "cache"
    run_reports(DEMO, tmp_path / "cold", embedder, cache_dir)
    with Cache(cache_dir) as cache:
        cache._connect().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = cache_dir / FILE_NAME
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    result = run_reports(DEMO, tmp_path / "after", embedder, cache_dir)
    assert_same_reports(tmp_path / "cold", tmp_path / "after")
    assert any("cache" in warning and "damaged" in warning for warning in result.warnings)
    # The rebuilt cache serves the next run.
    run_reports(DEMO, tmp_path / "again", embedder, cache_dir)
    assert_same_reports(tmp_path / "cold", tmp_path / "again")


def test_a_warm_run_imports_neither_torch_nor_wordfreq_nor_pysbd_nor_sacrebleu(tmp_path, embedder):
    cache_dir = tmp_path / "cache"
    run_reports(DEMO, tmp_path / "cold", embedder, cache_dir)
    script = (
        "import sys; from pathlib import Path\n"
        "from mtcheck.pipeline import run, RunOptions\n"
        "from mtcheck.report.tables import write_reports\n"
        f"result = run(Path({str(DEMO)!r}), RunOptions(cache_dir=Path({str(cache_dir)!r})))\n"
        f"write_reports(result, Path({str(tmp_path / 'warm')!r}))\n"
        "print(*(name in sys.modules for name in ('torch', 'sentence_transformers', 'wordfreq', 'pysbd', 'sacrebleu')))\n"
    )
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    # Nor wordfreq's lists (the probability model's frequencies come from the cache) nor the sentence
    # splitter, nor sacrebleu (the corpus scores and the metrics' signatures come from the cache too).
    assert output.split() == ["False"] * 5
    assert_same_reports(tmp_path / "cold", tmp_path / "warm")


def test_two_runs_sharing_a_cache_folder_at_once_both_give_the_right_reports(tmp_path, shared_model):
    cache_dir = tmp_path / "cache"
    # Vectors and statistics are there already (no model to load in the subprocesses);
    # both runs compute and write every document's check results at the same time.
    expected = invoke("run", DEMO, "--cache-dir", cache_dir, "--out", tmp_path / "expected", "--exit-zero")
    assert expected.exit_code == 0, expected.output
    with Cache(cache_dir) as cache:
        connection = cache._connect()
        connection.execute("DELETE FROM entries WHERE kind = 'document-checks'")
    command = [sys.executable, "-m", "mtcheck.cli", "run", str(DEMO), "--cache-dir", str(cache_dir), "--exit-zero"]
    environment = {**os.environ, "HF_HUB_OFFLINE": "1"}
    runs = [
        subprocess.Popen([*command, "--out", str(tmp_path / name)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
        for name in ("one", "two")
    ]
    for process in runs:
        _, errors = process.communicate(timeout=600)
        assert process.returncode == 0, errors.decode()
    assert_same_reports(tmp_path / "expected", tmp_path / "one")
    assert_same_reports(tmp_path / "expected", tmp_path / "two")


# ----------------------------------------------------------------------- CLI


def invoke(*args):
    return runner.invoke(app, [str(arg) for arg in args])


def test_no_cache_neither_reads_nor_writes_the_cache(tmp_path, shared_model, monkeypatch):
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "env-cache"))
    result = invoke("run", DEMO, "--out", tmp_path / "none", "--no-cache", "--exit-zero")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "env-cache").exists()
    result = invoke("run", DEMO, "--out", tmp_path / "cached", "--exit-zero")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env-cache" / FILE_NAME).exists()
    assert_same_reports(tmp_path / "none", tmp_path / "cached")


def test_cache_dir_comes_from_the_option_the_environment_or_the_configuration(tmp_path, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    (project / "mtcheck.toml").write_text('cache-dir = ".mtcheck-cache"\ncache-max-size = "200MB"\n', encoding="utf-8")
    monkeypatch.delenv("MTCHECK_CACHE_DIR", raising=False)
    shown = invoke("config", project).output
    assert f'cache-dir = "{(project / ".mtcheck-cache").as_posix()}"' in shown.replace("\\", "/")
    assert "cache-max-size = 200000000" in shown
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "from-env"))
    assert "# MTCHECK_CACHE_DIR" in [line for line in invoke("config", project).output.splitlines() if "cache-dir" in line][0]
    info = invoke("cache", "info", project, "--cache-dir", tmp_path / "from-option")
    assert str(tmp_path / "from-option") in info.output


def test_bad_cache_max_size_is_a_usage_error(tmp_path):
    (tmp_path / "mtcheck.toml").write_text('cache-max-size = "a lot"\n', encoding="utf-8")
    result = invoke("config", tmp_path)
    assert result.exit_code == 2
    assert "cache-max-size" in result.output


def test_cache_info_and_clear(tmp_path, embedder):
    cache_dir = tmp_path / "cache"
    assert "no cache file yet" in invoke("cache", "info", "--cache-dir", cache_dir).output
    run_reports(DEMO, tmp_path / "reports", embedder, cache_dir)
    info = invoke("cache", "info", "--cache-dir", cache_dir)
    assert info.exit_code == 0, info.output
    for kind in ("embedding", "statistics", "document-checks"):
        assert kind in info.output
    cleared = invoke("cache", "clear", "--cache-dir", cache_dir)
    assert cleared.exit_code == 0 and "cleared" in cleared.output
    with Cache(cache_dir) as cache:
        assert cache.info().entries == {}


def test_content_keys_keep_their_parts_apart():
    assert content_key("ab", "c") != content_key("a", "bc")


def test_a_system_is_rechecked_when_another_system_of_the_document_changes(tmp_path, embedder):
    # Checks that compare systems (outlier-name) read the other systems' versions of a document:
    # an edit of system b changes what system a's findings are, though a's files did not change.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = {
        "a": "Ministers met at the Coastal Navigation Directorate.",
        "b": "Ministers met at the Coastal Shipping Authority.",
        "c": "Ministers met at the Coastal Shipping Authority.",
    }
    for system, line in lines.items():
        (corpus / f"talks.mt.{system}.txt").write_text(line + "\n", encoding="utf-8")
    cache_dir = tmp_path / "cache"
    outliers = lambda result: sorted((f.system, f.found) for f in result.findings if f.code == "MT106")  # noqa: E731
    before = run_reports(corpus, tmp_path / "before", embedder, cache_dir)
    assert ("a", "Coastal Navigation Directorate") in outliers(before)
    (corpus / "talks.mt.b.txt").write_text(lines["a"] + "\n", encoding="utf-8")
    after = run_reports(corpus, tmp_path / "after", embedder, cache_dir)
    assert ("a", "Coastal Navigation Directorate") not in outliers(after)
    run_reports(corpus, tmp_path / "uncached", embedder, None)
    assert_same_reports(tmp_path / "after", tmp_path / "uncached")
