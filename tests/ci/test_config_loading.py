"""Configuration: file discovery, precedence, provenance, validation errors, generated docs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tomllib
from ci_records import FAKE_CHECKS, FakeAcronym, FakeGarbledName, FakeNumber

from mtcheck import config as config_module
from mtcheck.config import (
    COMMAND_LINE,
    MetricLimit,
    config_reference,
    enabled_checks,
    find_config_file,
    load_config,
    render_config,
)
from mtcheck.errors import ConfigError
from mtcheck.model import Confidence, Severity

README = Path(__file__).resolve().parents[2] / "README.md"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "project" / "corpus"
    folder.mkdir(parents=True)
    return folder


def test_defaults_without_any_file(corpus, monkeypatch):
    monkeypatch.delenv("MTCHECK_CACHE_DIR", raising=False)  # the suite points it at a tmp folder
    config = load_config(corpus, checks=FAKE_CHECKS)
    assert config.source is None
    assert config.gate.fail_on is Severity.MAJOR
    assert config.gate.weights == {Severity.CRITICAL: 25, Severity.MAJOR: 5, Severity.MINOR: 1}
    assert config.gate.min_chrf == MetricLimit(None, None)
    assert config.format == "text"
    assert set(config.origins.values()) == {"default"}


def test_mtcheck_toml_in_corpus_folder_with_paths_relative_to_it(corpus):
    write(
        corpus / "mtcheck.toml",
        'glossaries = ["terms.csv"]\nout = "out"\nbaseline = "base.json"\n[gate]\nmin-chrf = 45\n',
    )
    config = load_config(corpus, checks=FAKE_CHECKS)
    assert config.source == Path("project/corpus/mtcheck.toml")
    assert config.glossaries == (Path("project/corpus/terms.csv"),)
    assert config.out == Path("project/corpus/out")
    assert config.baseline == Path("project/corpus/base.json")
    assert config.gate.min_chrf == MetricLimit(45.0, 45.0)
    assert config.origin("gate.min-chrf") == "mtcheck.toml"
    assert config.origin("gate.min-bleu") == "default"


def test_pyproject_found_upward_and_skipped_without_tool_table(corpus):
    write(
        corpus.parent / "pyproject.toml",
        '[tool.mtcheck]\nselect = ["MT1"]\n[tool.mtcheck.gate]\nfail-on = "critical"\n',
    )
    write(corpus / "pyproject.toml", '[project]\nname = "not-mtcheck"\n')
    config = load_config(corpus, checks=FAKE_CHECKS)
    assert config.source == Path("project/pyproject.toml")
    assert config.select == ("MT1",)
    assert config.gate.fail_on is Severity.CRITICAL
    assert config.origin("select") == "pyproject.toml"


def test_mtcheck_toml_wins_over_pyproject_in_the_same_folder(corpus):
    write(corpus / "pyproject.toml", '[tool.mtcheck]\nformat = "json"\n')
    write(corpus / "mtcheck.toml", 'format = "sarif"\n')
    assert find_config_file(corpus) == Path("project/corpus/mtcheck.toml")
    assert load_config(corpus, checks=FAKE_CHECKS).format == "sarif"


def test_command_line_overrides_file_and_keeps_provenance(corpus):
    write(
        corpus / "mtcheck.toml",
        'select = ["MT1", "MT3"]\n[severity]\nMT101 = "minor"\nwrong-number = "major"\n'
        '[gate]\nmin-chrf = 45\nfail-on = "minor"\n[gate.weights]\ncritical = 10\n',
    )
    overrides = {
        "gate.min-chrf": {"document": 30},
        "fail_on": None,  # an unset command-line option changes nothing
        "select": [],
        "gate": {"weights": {"major": 3}},
        "severity.MT101": "critical",
        "format": "github",
    }
    config = load_config(corpus, overrides, checks=FAKE_CHECKS)
    assert config.gate.min_chrf == MetricLimit(None, 30.0)
    assert config.origin("gate.min-chrf") == COMMAND_LINE
    assert config.gate.fail_on is Severity.MINOR
    assert config.origin("gate.fail-on") == "mtcheck.toml"
    assert config.gate.weights == {Severity.CRITICAL: 10, Severity.MAJOR: 3, Severity.MINOR: 1}
    assert config.origin("gate.weights.critical") == "mtcheck.toml"
    assert config.origin("gate.weights.major") == COMMAND_LINE
    assert config.origin("gate.weights.minor") == "default"
    # Rule names are stored under their codes.
    assert config.severity == {"MT101": Severity.CRITICAL, "MT301": Severity.MAJOR}
    assert config.origin("severity.MT301") == "mtcheck.toml"
    assert config.format == "github"
    assert config.select == ("MT1", "MT3")


def test_min_confidence_from_file_and_command_line(corpus):
    assert load_config(corpus, checks=FAKE_CHECKS).gate.min_confidence is Confidence.HIGH
    write(corpus / "mtcheck.toml", '[gate]\nmin-confidence = "medium"\n')
    config = load_config(corpus, checks=FAKE_CHECKS)
    assert config.gate.min_confidence is Confidence.MEDIUM
    assert config.origin("gate.min-confidence") == "mtcheck.toml"
    config = load_config(corpus, {"gate": {"min-confidence": "low"}}, checks=FAKE_CHECKS)
    assert config.gate.min_confidence is Confidence.LOW
    assert config.origin("gate.min-confidence") == COMMAND_LINE
    assert re.search(r'^min-confidence = "low"\s+# command line$', render_config(config), re.M)


def test_python_spelled_command_line_keys_are_accepted(corpus):
    config = load_config(corpus, {"gate.fail_on": "none", "max_ter": None}, checks=FAKE_CHECKS)
    assert config.gate.fail_on is None


def test_explicit_config_file_and_isolated(corpus):
    other = write(corpus.parent / "ci" / "strict.toml", "[gate]\nmax-ter = { system = 70 }\n")
    write(corpus / "mtcheck.toml", 'format = "json"\n')
    config = load_config(corpus, config_file=other, checks=FAKE_CHECKS)
    assert config.gate.max_ter == MetricLimit(70.0, None)
    assert config.format == "text"
    assert load_config(corpus, isolated=True, checks=FAKE_CHECKS).source is None
    with pytest.raises(ConfigError, match="missing.toml: configuration file not found"):
        load_config(corpus, config_file=corpus / "missing.toml")


def test_check_settings_validated_against_defaults(corpus):
    write(
        corpus / "mtcheck.toml",
        "[checks.garbled-name]\nmin-string-similarity = 1\nphonetic = false\n[checks.MT201]\nmin-length = 3\n",
    )
    config = load_config(corpus, checks=FAKE_CHECKS)
    assert config.checks == {"MT101": {"min-string-similarity": 1.0, "phonetic": False}, "MT201": {"min-length": 3}}
    assert isinstance(config.checks["MT101"]["min-string-similarity"], float)
    assert config.origin("checks.MT101") == "mtcheck.toml"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('colour = "red"\n', "mtcheck.toml: colour: unknown key"),
        ("[gate]\nmin-crf = 40\n", "mtcheck.toml: gate.min-crf: unknown key (did you mean 'gate.min-chrf'?)"),
        ('[gate]\nmin-chrf = "high"\n', "mtcheck.toml: gate.min-chrf: expected a number, got 'high'"),
        ("[gate]\nmin-chrf = 140\n", "mtcheck.toml: gate.min-chrf: must be at most 100, got 140"),
        ("[gate]\nmin-bleu = -1\n", "mtcheck.toml: gate.min-bleu: must be at least 0, got -1"),
        ("[gate]\nmin-similarity = 1.5\n", "mtcheck.toml: gate.min-similarity: must be at most 1, got 1.5"),
        ("[gate]\nmax-ter = { system = 50, doc = 60 }\n", "mtcheck.toml: gate.max-ter: unknown key 'doc'"),
        ("[gate]\nmax-ter = { document = -5 }\n", "mtcheck.toml: gate.max-ter: document: must be at least 0"),
        ("[gate]\nmax-ter = nan\n", "mtcheck.toml: gate.max-ter: expected a finite number"),
        ('[gate]\nfail-on = "serious"\n', "mtcheck.toml: gate.fail-on: expected one of minor, major, critical, none"),
        ('[gate]\nmin-confidence = "certain"\n', "mtcheck.toml: gate.min-confidence: expected one of low, medium, high, got 'certain'"),
        ("[gate]\nmin-confidence = 2\n", "mtcheck.toml: gate.min-confidence: expected one of low, medium, high, got 2"),
        ("[gate.max-findings]\nmajor = -1\n", "mtcheck.toml: gate.max-findings.major: must not be negative"),
        ("[gate.max-findings]\nmajor = 2.5\n", "mtcheck.toml: gate.max-findings.major: expected a whole number"),
        ("[gate.max-findings]\nhuge = 1\n", "mtcheck.toml: gate.max-findings.huge: expected one of minor"),
        ("[gate.weights]\nmajor = true\n", "mtcheck.toml: gate.weights.major: expected a number, got True"),
        (
            "[gate.max-findings-per-check]\nMT9 = 1\n",
            "mtcheck.toml: gate.max-findings-per-check.MT9: no check matches 'MT9'",
        ),
        ("gate = 3\n", "mtcheck.toml: gate: expected a table"),
        (
            'select = ["MT101", "garbled-nam"]\n',
            "mtcheck.toml: select: no check matches 'garbled-nam' (did you mean 'garbled-name'?)",
        ),
        ('ignore = ["Garbled Name"]\n', "mtcheck.toml: ignore: 'Garbled Name' is neither a check code"),
        ('[severity]\nMT101 = "blocker"\n', "mtcheck.toml: severity.MT101: expected one of minor, major, critical"),
        ('[severity]\nMT1 = "minor"\n', "mtcheck.toml: severity.MT1: 'MT1' is not a full check code"),
        (
            '[severity]\nMT101 = "minor"\ngarbled-name = "major"\n',
            "mtcheck.toml: severity.garbled-name: same entry as 'MT101'",
        ),
        (
            '[checks.MT101]\nmin-string-similarity = "high"\n',
            "mtcheck.toml: checks.MT101.min-string-similarity: expected a number",
        ),
        ("[checks.garbled-name]\nphonetic = 1\n", "mtcheck.toml: checks.garbled-name.phonetic: expected true or false"),
        (
            "[checks.MT201]\nmax-length = 3\n",
            "mtcheck.toml: checks.MT201.max-length: unknown setting for MT201 missing-acronym (known: min-length)",
        ),
        ('format = "xml"\n', "mtcheck.toml: format: expected one of text, github"),
        ("model = 7\n", "mtcheck.toml: model: expected a non-empty string, got 7"),
        ("glossaries = 7\n", "mtcheck.toml: glossaries: expected a list of paths"),
        ("[gate\n", "mtcheck.toml: not valid TOML"),
    ],
)
def test_bad_configuration_names_file_and_key(corpus, monkeypatch, toml, message):
    monkeypatch.chdir(corpus)
    write(corpus / "mtcheck.toml", toml)
    with pytest.raises(ConfigError) as error:
        load_config(corpus, checks=FAKE_CHECKS)
    assert str(error.value).startswith(message), str(error.value)


def test_pyproject_errors_name_the_full_key(corpus, monkeypatch):
    monkeypatch.chdir(corpus)
    write(corpus / "pyproject.toml", '[tool.mtcheck.gate]\nmin-chrf = "high"\n')
    with pytest.raises(
        ConfigError, match=r"^pyproject.toml: tool.mtcheck.gate.min-chrf: expected a number, got 'high'$"
    ):
        load_config(corpus, checks=FAKE_CHECKS)


def test_command_line_errors_say_so(corpus):
    with pytest.raises(ConfigError, match=r"^command line: gate.max-ter: must be at least 0, got -3$"):
        load_config(corpus, {"gate.max-ter": -3}, checks=FAKE_CHECKS)
    with pytest.raises(ConfigError, match=r"^command line: colour: unknown key"):
        load_config(corpus, {"colour": "red"}, checks=FAKE_CHECKS)


def test_without_a_registry_check_keys_are_checked_by_shape_only(corpus, monkeypatch):
    monkeypatch.setattr("mtcheck.config.loading.available_checks", lambda: None)
    write(corpus / "mtcheck.toml", '[severity]\ngarbled-name = "minor"\n[checks.MT999]\nanything = 1\n')
    config = load_config(corpus)
    assert config.severity == {"garbled-name": Severity.MINOR}
    assert config.checks == {"MT999": {"anything": 1}}


def test_enabled_checks_select_then_ignore(corpus):
    config = load_config(corpus, {"select": "MT1,MT3,missing-acronym", "ignore": ["wrong-number"]}, checks=FAKE_CHECKS)
    assert enabled_checks(config, FAKE_CHECKS) == [FakeGarbledName, FakeAcronym]
    everything = load_config(corpus, checks=FAKE_CHECKS)
    assert enabled_checks(everything, FAKE_CHECKS) == [FakeGarbledName, FakeAcronym, FakeNumber]


def test_render_config_is_toml_with_origins(corpus):
    write(corpus / "mtcheck.toml", '[gate]\nmin-chrf = { system = 50, document = 40 }\n[severity]\nMT101 = "minor"\n')
    config = load_config(corpus, {"format": "json"}, checks=FAKE_CHECKS)
    text = render_config(config)
    assert text.startswith("# mtcheck configuration; file: project/corpus/mtcheck.toml\n")
    assert re.search(r'^format = "json"\s+# command line$', text, re.M)
    assert re.search(r"^min-chrf = \{ system = 50, document = 40 \}\s+# mtcheck.toml$", text, re.M)
    assert re.search(r'^MT101 = "minor"\s+# mtcheck.toml$', text, re.M)
    assert re.search(r"^# min-bleu is not set\s+# default$", text, re.M)
    # What `mtcheck config` prints can be pasted back as a configuration file.
    parsed = tomllib.loads(text)
    assert parsed["gate"]["min-chrf"] == {"system": 50, "document": 40}
    assert parsed["gate"]["fail-on"] == "major"
    assert parsed["gate"]["min-confidence"] == "high"
    assert re.search(r'^min-confidence = "high"\s+# default$', text, re.M)
    assert parsed["gate"]["weights"] == {"critical": 25, "major": 5, "minor": 1}
    again = corpus.parent / "again"
    write(again / "mtcheck.toml", text)
    reloaded = load_config(again, checks=FAKE_CHECKS)
    assert reloaded.gate == config.gate
    assert reloaded.severity == config.severity


def test_reference_lists_every_option_once():
    reference = config_reference()
    rows = [line for line in reference.splitlines() if line.startswith("| `")]
    keys = [row.split("|")[1].strip().strip("`") for row in rows]
    assert keys == [option.reference_key for option in config_module.OPTIONS]
    assert "| `gate.min-chrf` | number or table | not set |" in reference
    assert '| `gate.fail-on` | string | `"major"` |' in reference
    assert '| `gate.min-confidence` | string | `"high"` |' in reference
    assert "critical 25, major 5, minor 1" in reference


START, END = "<!-- config-reference:start -->", "<!-- config-reference:end -->"


def readme_reference(text: str) -> str | None:
    """The README's configuration reference between the markers, or None without markers."""
    if START not in text or END not in text:
        return None
    return text.split(START, 1)[1].split(END, 1)[0].strip()


def test_readme_section_extraction_sees_drift():
    current = f"# mtcheck\n{START}\n{config_reference()}{END}\nmore\n"
    assert readme_reference(current) == config_reference().strip()
    stale = current.replace("| `gate.max-ter` |", "| `gate.max-terr` |")
    assert readme_reference(stale) != config_reference().strip()
    assert readme_reference("# no markers") is None


def test_readme_reference_matches_generated_text():
    section = readme_reference(README.read_text(encoding="utf-8") if README.exists() else "")
    if section is None:
        pytest.skip("README.md has no config-reference markers yet")
    assert section == config_reference().strip(), (
        "README's configuration reference is out of date: paste the output of mtcheck.config.config_reference()"
    )


def test_a_key_is_declared_once_and_everything_else_follows(tmp_path, monkeypatch):
    """Adding a configuration key touches one declaration: a field of the settings object."""
    import dataclasses

    import typer
    from typer.testing import CliRunner

    from mtcheck.cli import configured

    from mtcheck.config import loading, options as declared

    @dataclasses.dataclass(frozen=True)
    class WithTimeout(declared.Config):
        timeout: int | None = declared.option("integer", None, declared._count, "Seconds a run may take.")

    options = declared._declared(WithTimeout, "") + declared._declared(declared.GateConfig, "gate.")
    monkeypatch.setattr(declared, "OPTIONS", options)
    monkeypatch.setattr(declared, "OPTIONS_BY_KEY", {option.key: option for option in options})
    monkeypatch.setattr(loading, "Config", WithTimeout)
    monkeypatch.setattr("mtcheck.cli.OPTIONS", options)

    # The file, validation with the file and key named, provenance and the settings object.
    write(tmp_path / "mtcheck.toml", "timeout = 30\n")
    loaded = load_config(tmp_path, checks=FAKE_CHECKS)
    assert loaded.timeout == 30 and loaded.origin("timeout") == "mtcheck.toml"
    write(tmp_path / "bad" / "mtcheck.toml", "timeout = -1\n")
    with pytest.raises(ConfigError, match=r"mtcheck.toml: timeout: "):
        load_config(tmp_path / "bad", checks=FAKE_CHECKS)
    # `mtcheck config` and the README's reference.
    assert re.search(r"^timeout = 30 +# mtcheck.toml$", render_config(loaded), re.M)
    assert "| `timeout` | integer | not set | Seconds a run may take. |" in config_reference()

    # The command-line option, which reaches the configuration as the file's key.
    app = typer.Typer(rich_markup_mode=None)

    @app.command()
    @configured("timeout")
    def command(overrides: dict = None) -> None:
        typer.echo(load_config(tmp_path, overrides, checks=FAKE_CHECKS).timeout)

    result = CliRunner().invoke(app, ["--timeout", "45"])
    assert result.exit_code == 0 and result.output.strip() == "45"
    assert re.search(r"--timeout\s+INTEGER\s+Seconds a run may take\.", CliRunner().invoke(app, ["--help"]).output)
