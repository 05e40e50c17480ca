"""Configuration: defaults, then a file, then the command line.

The file is the nearest `mtcheck.toml`, or `pyproject.toml` with a
`[tool.mtcheck]` table, found by walking up from the corpus folder (in each
folder `mtcheck.toml` wins). Every key is declared once, as a field of the
settings objects `Config` and `GateConfig` (`option(...)`: its type, default,
validation, documentation and command-line flag). Everything else derives from
that one declaration: `OPTIONS`, validation, the settings object a run uses,
the CLI's options (`cli.configured`), the effective-configuration listing
(`mtcheck config`) and the README's configuration reference.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .sizes import DEFAULT_MAX_SIZE, parse_size
from .embed import DEFAULT_MODEL
from .errors import ConfigError
from . import selection
from .model import Confidence, Severity
from .probability.model import GATE_PROBABILITY

CONFIG_FILE = "mtcheck.toml"
PYPROJECT_FILE = "pyproject.toml"
DEFAULT_ORIGIN = "default"
COMMAND_LINE = "command line"

OUTPUT_FORMATS = ("text", "github", "gitlab", "junit", "json", "jsonl", "sarif")
SIGNIFICANCE_TESTS = ("bs", "ar")
DEFAULT_WEIGHTS = {Severity.CRITICAL: 25.0, Severity.MAJOR: 5.0, Severity.MINOR: 1.0}



# ---------------------------------------------------------------- value types


@dataclass(frozen=True)
class MetricLimit:
    """A threshold applied to each system's corpus-level score and to each document's score.

    `None` on a side means that level is not gated.
    """

    system: float | None = None
    document: float | None = None

    @property
    def is_set(self) -> bool:
        return self.system is not None or self.document is not None


# ------------------------------------------------------------ the declaration


class _Invalid(Exception):
    """A value that does not fit its option; the caller adds file and key."""


@dataclass
class _Context:
    base: Path  # relative paths in the layer are relative to this folder
    checks: Sequence[type] | None  # the check registry, when available


@dataclass(frozen=True)
class Option:
    type: str  # as shown in the reference
    default: Any
    meaning: str
    parse: Callable[[Any, _Context], Any]
    # A table option ("severity", "gate.weights") is a set of entries; entries
    # merge across layers and each keeps its own origin. `entry` names its keys.
    entry: str | None = None
    shown_default: str | None = None  # for defaults that read badly when rendered
    # From the effective value to the settings object's, and back for `mtcheck config`, where the
    # plain rule of the option's type does not do (see _setting_of, _shown_of).
    setting: Callable[[Any], Any] | None = None
    shown: Callable[[Any, Any], Any] | None = None  # (setting, the whole Config)
    # The command line's option for the key where it is not --NAME (--NAME/--no-NAME for a boolean).
    flag: tuple[str, ...] = ()
    key: str = ""  # dotted, as written in the file: "gate.min-chrf"; from the settings field's name

    @property
    def reference_key(self) -> str:
        return f"{self.key}.<{self.entry}>" if self.entry else self.key

    @property
    def flags(self) -> tuple[str, ...]:
        """The key's command-line option: `--out`/`-o` as declared, else `--significance`, `--html/--no-html`."""
        name = self.key.rpartition(".")[2]
        return self.flag or ((f"--{name}/--no-{name}",) if self.type == "boolean" else (f"--{name}",))

    @property
    def command_line_help(self) -> str:
        """The option's --help: its meaning as plain text, and its default."""
        if self.shown_default is not None:
            default = self.shown_default
        elif isinstance(self.default, bool):
            default = "on" if self.default else "off"
        elif self.default is None or self.default == ():
            default = None
        else:
            default = _toml_inline(self.default).strip('"')
        return self.meaning.replace("`", "") + (f" [default: {default.replace('`', '')}]" if default else "")

    @property
    def section(self) -> str:
        """"gate" for "gate.min-chrf": the settings object (Config.gate) that holds it; "" for Config itself."""
        return self.key.rpartition(".")[0]

    @property
    def attribute(self) -> str:
        """The settings object's field: "gate.min-chrf" → `min_chrf`, "cache-dir" → `cache_dir`."""
        return self.key.rpartition(".")[2].replace("-", "_")


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _string(value: Any, _: _Context) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"expected a non-empty string, got {_describe(value)}")
    return value


def _path(value: Any, context: _Context) -> Path:
    if isinstance(value, Path):
        return context.base / value
    return context.base / _string(value, context)


def _paths(value: Any, context: _Context) -> tuple[Path, ...]:
    if isinstance(value, (str, Path)):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise _Invalid(f"expected a list of paths, got {_describe(value)}")
    return tuple(_path(item, context) for item in value)


def _check_exists(pattern: str, checks: Sequence[type] | None, allow_prefix: bool) -> None:
    is_code = selection.is_code(pattern)
    if not selection.is_well_formed(pattern):
        raise _Invalid(f"'{pattern}' is neither a check code (MT101), a code prefix (MT2) nor a rule name")
    if is_code and not allow_prefix and len(pattern.strip()) != 5:
        raise _Invalid(f"'{pattern}' is not a full check code (e.g. MT101)")
    if checks is not None and not any(matches_check(pattern, c.code, c.name) for c in checks):
        known = [c.code for c in checks] + [c.name for c in checks]
        hint = difflib.get_close_matches(pattern, known, n=1)
        raise _Invalid(f"no check matches '{pattern}'" + (f" (did you mean '{hint[0]}'?)" if hint else ""))


def _patterns(value: Any, context: _Context) -> tuple[str, ...]:
    # A comma-separated string is accepted so that `--select MT1,MT2` passes through as is.
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise _Invalid(f"expected a list of check codes, code prefixes or rule names, got {_describe(value)}")
    for pattern in value:
        _check_exists(pattern, context.checks, allow_prefix=True)
    return tuple(selection.normalised(pattern) for pattern in value)


def _one_of(choices: Callable[[], Sequence[str]], convert: Callable[[str], Any] = str, expected: str = ""):
    """A value among `choices` (a function, so a registry can be read when the value is), as `convert`s it."""

    def parse(value: Any, _: _Context) -> Any:
        allowed = choices()
        if isinstance(value, convert) and convert is not str:
            return value  # already a Severity or Confidence, from Python callers
        if not isinstance(value, str) or value not in allowed:
            raise _Invalid(f"expected {expected or 'one of ' + ', '.join(allowed)}, got {_describe(value)}")
        return convert(value)

    return parse


def _engines() -> Sequence[str]:
    from .engine import ENGINES

    return tuple(ENGINES)


_severity = _one_of(lambda: [s.value for s in Severity], Severity)
_confidence = _one_of(lambda: [c.value for c in Confidence], Confidence)
_format = _one_of(lambda: OUTPUT_FORMATS)
_engine = _one_of(_engines)
_significance = _one_of(lambda: SIGNIFICANCE_TESTS, expected="bs (paired bootstrap) or ar (approximate randomization)")


def _fail_on(value: Any, context: _Context) -> Severity | None:
    if value == "none":
        return None
    try:
        return _severity(value, context)
    except _Invalid:
        raise _Invalid(f"expected one of minor, major, critical, none, got {_describe(value)}") from None


def _whole(minimum: int) -> Callable[[Any, _Context], int]:
    def parse(value: Any, _: _Context) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or (minimum and value < minimum):
            raise _Invalid(f"expected a whole number{f' of {minimum} or more' if minimum else ''}, got {_describe(value)}")
        if value < 0:
            raise _Invalid(f"must not be negative, got {value}")
        return value

    return parse


_count = _whole(0)
_workers = _whole(1)


def _boolean(value: Any, _: _Context) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(f"expected true or false, got {_describe(value)}")
    return value


def _size(value: Any, _: _Context) -> int:
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise _Invalid(f"expected a size such as \"500MB\", got {_describe(value)}")
    try:
        return parse_size(value)
    except ValueError as problem:
        raise _Invalid(str(problem)) from None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number(low: float, high: float | None) -> Callable[[Any, _Context], float]:
    def parse(value: Any, _: _Context) -> float:
        if not _is_number(value):
            raise _Invalid(f"expected a number, got {_describe(value)}")
        if not math.isfinite(value):
            raise _Invalid(f"expected a finite number, got {value}")
        if value < low:
            raise _Invalid(f"must be at least {low:g}, got {value:g}")
        if high is not None and value > high:
            raise _Invalid(f"must be at most {high:g}, got {value:g}")
        return float(value)

    return parse


def _limit(low: float, high: float | None) -> Callable[[Any, _Context], MetricLimit]:
    number = _number(low, high)

    def parse(value: Any, context: _Context) -> MetricLimit:
        if isinstance(value, MetricLimit):
            return value
        if isinstance(value, dict):
            unknown = sorted(set(value) - {"system", "document"})
            if unknown:
                raise _Invalid(f"unknown key '{unknown[0]}' (expected system and/or document)")
            sides = {}
            for side in ("system", "document"):
                if side in value:
                    try:
                        sides[side] = number(value[side], context)
                    except _Invalid as problem:
                        raise _Invalid(f"{side}: {problem}") from None
            return MetricLimit(**sides)
        both = number(value, context)
        return MetricLimit(both, both)

    return parse


def _entries(
    key_kind: str,
    parse_key: Callable[[str, _Context], Any],
    parse_value: Callable[[Any, Any, _Context], Any],
) -> Callable[[Any, _Context], dict]:
    """A table option: validates each entry; `_EntryInvalid` carries the entry's key."""

    def parse(value: Any, context: _Context) -> dict:
        if not isinstance(value, dict):
            raise _Invalid(f"expected a table keyed by {key_kind}, got {_describe(value)}")
        entries: dict = {}
        written: dict = {}
        for raw_key, raw_value in value.items():
            try:
                key = parse_key(raw_key, context)
                if key in entries:
                    raise _Invalid(f"same entry as '{written[key]}'")
                entries[key] = parse_value(key, raw_value, context)
            except _EntryInvalid as inner:
                raise _EntryInvalid(f"{raw_key}.{inner.entry}", inner.problem) from None
            except _Invalid as problem:
                raise _EntryInvalid(raw_key, str(problem)) from None
            written[key] = raw_key
        return entries

    return parse


def _each(parse: Callable[[Any, _Context], Any]) -> Callable[[Any, Any, _Context], Any]:
    """An entry parser that does not depend on the entry's key."""
    return lambda _key, value, context: parse(value, context)


class _EntryInvalid(_Invalid):
    def __init__(self, entry: str, problem: str):
        super().__init__(problem)
        self.entry = entry
        self.problem = problem


def _check_key(key: str, context: _Context) -> str:
    """A check's code or rule name, normalised to its code when the registry is known."""
    _check_exists(key, context.checks, allow_prefix=False)
    if context.checks is not None:
        for check in context.checks:
            if selection.names_check(key, check.code, check.name):
                return check.code
    return selection.normalised(key)


def _check_pattern_key(key: str, context: _Context) -> str:
    _check_exists(key, context.checks, allow_prefix=True)
    return selection.normalised(key)


def _check_settings(code: str, value: Any, context: _Context) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Invalid(f"expected a table of settings, got {_describe(value)}")
    check = next((c for c in context.checks or () if c.code == code), None)
    if check is None:
        return dict(value)  # no registry: the check validates its own settings when it runs
    settings = {}
    for name, setting in value.items():
        if name not in check.defaults:
            known = ", ".join(sorted(check.defaults)) or "none"
            raise _EntryInvalid(name, f"unknown setting for {check.code} {check.name} (known: {known})")
        try:
            settings[name] = _like_default(setting, check.defaults[name])
        except _Invalid as problem:
            raise _EntryInvalid(name, str(problem)) from None
    return settings


def _like_default(value: Any, default: Any) -> Any:
    """Accept a setting whose type matches the check's default (an int is fine for a float)."""
    if default is None:
        return value
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise _Invalid(f"expected true or false, got {_describe(value)}")
        return value
    if isinstance(default, int):
        if not isinstance(value, int) or isinstance(value, bool):
            raise _Invalid(f"expected a whole number, got {_describe(value)}")
        return value
    if isinstance(default, float):
        if not _is_number(value) or not math.isfinite(value):
            raise _Invalid(f"expected a number, got {_describe(value)}")
        return float(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise _Invalid(f"expected a string, got {_describe(value)}")
        return value
    if isinstance(default, (list, tuple)):
        if not isinstance(value, (list, tuple)):
            raise _Invalid(f"expected a list, got {_describe(value)}")
        return type(default)(value)
    if not isinstance(value, type(default)):
        raise _Invalid(f"expected {type(default).__name__}, got {_describe(value)}")
    return value


_METRIC_FORM = "A number applies to each system and each document; `{ system = x, document = y }` sets them apart."

def _setting_of(option: Option, value: Any) -> Any:
    """The settings object's value for an option's effective one: lists as tuples, unset limits as MetricLimit()."""
    if option.setting is not None:
        return option.setting(value)
    if option.type.startswith("list"):
        return tuple(value)
    if option.type == "number or table":
        return value if value is not None else MetricLimit()
    return value


_DEFAULT_SETTING = object()


def option(
    type: str,
    default: Any,
    parse: Callable[[Any, _Context], Any],
    meaning: str,
    *,
    unset: Any = _DEFAULT_SETTING,
    **details: Any,
) -> Any:
    """A settings field that is a configuration key: the key's one declaration (see Option).

    The field's default is the option's default as the settings object holds it;
    `unset` gives another for Python callers who leave the field out (the gate's
    `min_confidence` and `min_probability`, whose defaults are a rule across layers).
    """
    declared = Option(type, default, meaning, parse, **details)
    value = _setting_of(declared, default) if unset is _DEFAULT_SETTING else unset
    if isinstance(value, Mapping):
        return field(default_factory=lambda: dict(value), metadata={"option": declared})
    return field(default=value, metadata={"option": declared})


@dataclass(frozen=True)
class GateConfig:
    """When a run fails. The defaults fail on any finding of severity major or above.

    `fail_on` counts only findings at least this sure; the other rules count all.
    A probability wins over a confidence; with neither, the probability
    GATE_PROBABILITY (gate.fails_on). A configuration that sets only
    `min-confidence` leaves `min_probability` unset, and so does Python code
    that gives only `min_confidence`.
    """

    fail_on: Severity | None = option(
        "string", Severity.MAJOR, _fail_on,
        "Fail when any finding has this severity or above (and the probability of `gate.min-probability`, "
        "or the confidence of `gate.min-confidence`); `none` turns this rule off.",
        shown=lambda value, _: value.value if value else "none",
    )
    min_confidence: Confidence | None = option(
        "string", Confidence.HIGH, _confidence,
        "Lowest confidence (`low`, `medium`, `high`) of a finding that `gate.fail-on` counts, when "
        "`gate.min-probability` is not in force; the other gate rules count findings of any confidence.",
        shown=lambda value, _: (value or Confidence.HIGH).value, unset=None,
    )
    min_probability: float | None = option(
        "number", GATE_PROBABILITY, _number(0.0, 1.0),
        "Lowest probability (0-1) of a finding that `gate.fail-on` counts; it replaces "
        "`gate.min-confidence`, unless a later layer (the configuration file over the default, the "
        "command line over the file) sets only `gate.min-confidence`.",
        unset=None,
    )
    max_findings: Mapping[Severity, int] = option(
        "integer", {}, _entries("severity", _severity, _each(_count)),
        "Most findings of that severity allowed per system.",
        entry="severity",
    )
    max_findings_per_check: Mapping[str, int] = option(
        "integer", {}, _entries("check code, code prefix or rule name", _check_pattern_key, _each(_count)),
        "Most findings of a check (code, code prefix or rule name) allowed per system.",
        entry="check",
    )
    max_weighted_score_per_1000_words: MetricLimit = option(
        "number or table", None, _limit(0, None),
        "Most weighted findings (severity weights summed) per 1,000 MT words. " + _METRIC_FORM,
    )
    weights: Mapping[Severity, float] = option(
        "number", dict(DEFAULT_WEIGHTS), _entries("severity", _severity, _each(_number(0, None))),
        "Weight of one finding of that severity in the weighted score.",
        entry="severity", shown_default="critical 25, major 5, minor 1",
    )
    min_chrf: MetricLimit = option(
        "number or table", None, _limit(0, 100),
        "Lowest chrF allowed (0–100). " + _METRIC_FORM,
    )
    min_bleu: MetricLimit = option(
        "number or table", None, _limit(0, 100),
        "Lowest BLEU allowed (0–100). " + _METRIC_FORM,
    )
    min_similarity: MetricLimit = option(
        "number or table", None, _limit(0, 1),
        "Lowest embedding similarity to the reference allowed (0–1). " + _METRIC_FORM,
    )
    max_ter: MetricLimit = option(
        "number or table", None, _limit(0, None),
        "Highest TER allowed (0 or more). " + _METRIC_FORM,
    )


@dataclass(frozen=True)
class Config:
    """The effective configuration of a run, with where each value came from.

    Each field that is a configuration key declares the key once: its type, default,
    validation, documentation and command-line flag (`option`); OPTIONS, the
    command-line options, `mtcheck config` and the README's reference derive from it.
    """

    model: str = option(
        "string", DEFAULT_MODEL, _string,
        "Sentence-embedding model: a sentence-transformers name or a local folder.",
        flag=("--model", "-m"),
    )
    glossaries: tuple[Path, ...] = option(
        "list of paths", (), _paths,
        "Glossary files, relative to the configuration file.",
        flag=("--glossary", "-g"),
    )
    source_lang: str | None = option(
        "string", None, _string,
        "Source language of TBX glossaries and TMX files (e.g. `mk`, `zh`: BCP-47 prefixes match `zh-CN`); needed when a file has several other languages.",
        shown_default="inferred from the file (a TMX header's `srclang`)",
    )
    target_lang: str = option("string", "en", _string, "Target (MT) language of TBX glossaries and TMX files.")
    select: tuple[str, ...] = option(
        "list of strings", (), _patterns,
        "Checks to run, by code (`MT101`), code prefix (`MT2`) or rule name; empty runs all.",
    )
    ignore: tuple[str, ...] = option(
        "list of strings", (), _patterns,
        "Checks not to run, by code, code prefix or rule name; applied after `select`.",
    )
    severity: Mapping[str, Severity] = option(
        "severity", {}, _entries("check code or rule name", _check_key, _each(_severity)),
        "Severity (`minor`, `major`, `critical`) given to a check's findings, by code or rule name.",
        entry="check",
    )
    checks: Mapping[str, Mapping[str, Any]] = option(
        "table", {}, _entries("check code or rule name", _check_key, _check_settings),
        "A check's settings, by code or rule name, e.g. `[checks.garbled-name]`; "
        "keys and types as in the check's defaults (`mtcheck explain CODE`).",
        entry="check",
    )
    out: Path = option(
        "path", Path("reports"), _path,
        "Folder the CSV reports are written to, relative to the configuration file.",
        flag=("--out", "-o"),
    )
    format: str = option(
        "string", "text", _format,
        "How findings are printed: " + ", ".join(f"`{f}`" for f in OUTPUT_FORMATS) + ".",
        flag=("--format", "-f"),
    )
    html: bool = option(
        "boolean", True, _boolean,
        "Also write `report.html` beside the CSV reports: one self-contained page to review the findings in; "
        "`--no-html` turns it off.",
    )
    baseline: Path | None = option(
        "path", None, _path,
        "Baseline file of accepted findings, which then do not count for the gate.",
    )
    probability_model: Path | None = option(
        "path", None, _path,
        "A probability model file written by `mtcheck calibrate` from your own labels, relative to the "
        "configuration file; the default is the model built into mtcheck.",
    )
    cache_dir: Path | None = option(
        "path", None, _path,
        "Folder of the persistent cache, relative to the configuration file; `MTCHECK_CACHE_DIR` and "
        "`--cache-dir` override it, `--no-cache` turns the cache off.",
        shown_default="the user cache folder (`~/.cache/mtcheck` on Linux)", shown=lambda _, config: effective_cache_dir(config),
    )
    annotate_xliff: Path | None = option(
        "path", None, _path,
        "Folder for copies of the XLIFF inputs with each finding as a note on its unit, relative to the "
        "configuration file (`--annotate-xliff`).",
    )
    cache_max_size: int = option(
        "size", DEFAULT_MAX_SIZE, _size,
        "Largest size of the cache (e.g. `\"500MB\"`, `\"2GiB\"`); the least recently used entries are dropped beyond it.",
        setting=lambda value: value if isinstance(value, int) else parse_size(value),
    )
    engine: str = option(
        "string", "local", _engine,
        "Where documents are processed: `local` (this machine) or `dask` (a dask.distributed cluster; "
        "needs `pip install 'mtcheck[dask]'`).",
    )
    scheduler: str | None = option(
        "string", None, _string,
        "Address of the dask scheduler for `engine = \"dask\"` (e.g. `tcp://10.0.0.5:8786`); "
        "not set: a local cluster is started for the run.",
    )
    workers: int | None = option(
        "integer", None, _workers,
        "Worker processes of the local dask cluster (`engine = \"dask\"` without a scheduler).",
        shown_default="one per CPU core",
    )
    compare: bool = option(
        "boolean", True, _boolean,
        "Compare the systems of a corpus with two or more, with paired significance tests "
        "(`comparison.csv`); `--no-compare` turns it off.",
    )
    compare_to: str | None = option(
        "string", None, _string,
        "The system every other system is compared to.",
        shown_default="the first system in sort order",
    )
    significance: str = option(
        "string", "bs", _significance,
        "Significance test of BLEU, chrF and TER: `bs` (paired bootstrap, 1,000 resamples) or "
        "`ar` (approximate randomization, 10,000 trials); seed 12345 either way.",
    )
    gate: GateConfig = GateConfig()
    # The file the values were read from, if any.
    source: Path | None = None
    # Dotted key ("gate.min-chrf", "severity.MT101") -> "default", "mtcheck.toml",
    # "pyproject.toml" or "command line".
    origins: Mapping[str, str] = field(default_factory=dict)

    def origin(self, key: str) -> str:
        return self.origins.get(key, DEFAULT_ORIGIN)


def _declared(settings: type, prefix: str) -> tuple[Option, ...]:
    """The options a settings class declares, keyed as the file writes them ("gate.min-chrf")."""
    return tuple(
        replace(item.metadata["option"], key=prefix + item.name.replace("_", "-"))
        for item in fields(settings)
        if "option" in item.metadata
    )


OPTIONS: tuple[Option, ...] = _declared(Config, "") + _declared(GateConfig, "gate.")

_OPTIONS_BY_KEY = {option.key: option for option in OPTIONS}
_SECTIONS = {"gate"}


# ------------------------------------------------------------------- loading


def available_checks() -> tuple[type, ...] | None:
    """The check registry, or None while it does not exist yet."""
    try:
        from .checks import ALL_CHECKS
    except ImportError:
        return None
    return tuple(ALL_CHECKS)


def matches_check(pattern: str, code: str, name: str) -> bool:
    """Whether a select/ignore/limit pattern (code, code prefix or rule name, any case) names this check."""
    return selection.names_check(pattern, code, name)


def find_config_file(start: Path | str) -> Path | None:
    """The nearest mtcheck.toml, or pyproject.toml with [tool.mtcheck], from `start` upwards."""
    folder = Path(start)
    if folder.is_file():
        folder = folder.parent
    folder = folder.absolute()
    for candidate_folder in (folder, *folder.parents):
        own = candidate_folder / CONFIG_FILE
        if own.is_file():
            return _shown(own)
        pyproject = candidate_folder / PYPROJECT_FILE
        if pyproject.is_file():
            tool = _read_toml(pyproject).get("tool", {})
            if isinstance(tool, Mapping) and "mtcheck" in tool:
                return _shown(pyproject)
    return None


def load_config(
    corpus: Path | str | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    config_file: Path | str | None = None,
    isolated: bool = False,
    checks: Sequence[type] | None = None,
) -> Config:
    """Defaults, then the configuration file, then `overrides` from the command line.

    `config_file` names the file explicitly; `isolated` reads no file.
    `overrides` uses the file's keys, nested (`{"gate": {"min-chrf": 40}}`) or
    dotted (`{"gate.min-chrf": 40}`); None and empty lists are ignored, so
    unset command-line options can be passed as they are. `checks` defaults to the
    check registry, against which check codes, names and settings are validated.
    """
    registry = checks if checks is not None else available_checks()
    source = None
    if not isolated:
        if config_file is not None:
            source = Path(config_file)
            if not source.is_file():
                raise ConfigError(f"{source}: configuration file not found")
        elif corpus is not None:
            source = find_config_file(corpus)

    layers: list[tuple[str, dict[str, Any]]] = []
    if source is not None:
        document = _read_toml(source)
        prefix = ""
        if source.name == PYPROJECT_FILE:
            document = _tool_table(document, source)
            prefix = "tool.mtcheck."
        label = PYPROJECT_FILE if source.name == PYPROJECT_FILE else CONFIG_FILE
        context = _Context(base=source.parent, checks=registry)
        layers.append((label, _parse_layer(document, context, where=str(source), prefix=prefix)))
    from .cache import ENV_VARIABLE

    if os.environ.get(ENV_VARIABLE):
        # Between the file and the command line: a CI job points every run at the folder it caches.
        layers.append((ENV_VARIABLE, {"cache-dir": Path(os.environ[ENV_VARIABLE])}))
    if overrides:
        context = _Context(base=Path(), checks=registry)
        layers.append(
            (COMMAND_LINE, _parse_layer(_nest(overrides), context, where=COMMAND_LINE, prefix="", loose_keys=True))
        )
    return _build(layers, source)


def _shown(path: Path) -> Path:
    """A path relative to the current folder when it lies below it, for messages."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError as problem:
        raise ConfigError(f"{path}: cannot read: {problem.strerror}") from None
    try:
        # TOML is UTF-8; editors on Windows often add a byte-order mark, which TOML itself refuses.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = data.count(b"\n", 0, problem.start) + 1
        raise ConfigError(
            f"{path}, line {line}: not UTF-8 (byte 0x{data[problem.start]:02x}); TOML files are UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise ConfigError(f"{path}: not valid TOML: {problem}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML: tables or lists nested too deeply to read") from None


def _tool_table(document: Mapping[str, Any], source: Path) -> Mapping[str, Any]:
    """The `[tool.mtcheck]` table of a pyproject.toml."""
    tool = document.get("tool", {})
    table = tool.get("mtcheck", {}) if isinstance(tool, Mapping) else {}
    if not isinstance(table, Mapping):
        raise ConfigError(f"{source}: tool.mtcheck: expected a table, got {_describe(table)}")
    return table


def _nest(overrides: Mapping[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for key, value in overrides.items():
        # typer passes None for an unset option and an empty list for an unset repeatable one.
        if value is None or (isinstance(value, (list, tuple)) and not value):
            continue
        parts = key.split(".")
        target = nested
        for part in parts[:-1]:
            target = target.setdefault(part, {})
            if not isinstance(target, dict):
                raise ConfigError(f"{COMMAND_LINE}: {key}: '{part}' is not a table")
        if isinstance(value, Mapping) and isinstance(target.get(parts[-1]), dict):
            target[parts[-1]].update(value)
        else:
            target[parts[-1]] = dict(value) if isinstance(value, Mapping) else value
    return nested


def _parse_layer(
    document: Mapping[str, Any], context: _Context, where: str, prefix: str, loose_keys: bool = False
) -> dict[str, Any]:
    """Validate one layer; returns dotted key -> parsed value."""
    values: dict[str, Any] = {}

    def walk(table: Mapping[str, Any], section: str) -> None:
        for raw_key, value in table.items():
            # Command-line option names arrive in Python spelling (fail_on).
            key = raw_key.replace("_", "-") if loose_keys else raw_key
            dotted = f"{section}{key}"
            if dotted in _OPTIONS_BY_KEY:
                option = _OPTIONS_BY_KEY[dotted]
                try:
                    values[dotted] = option.parse(value, context)
                except _EntryInvalid as problem:
                    raise ConfigError(f"{where}: {prefix}{dotted}.{problem.entry}: {problem.problem}") from None
                except _Invalid as problem:
                    raise ConfigError(f"{where}: {prefix}{dotted}: {problem}") from None
            elif not section and key in _SECTIONS:
                if not isinstance(value, Mapping):
                    raise ConfigError(f"{where}: {prefix}{key}: expected a table, got {_describe(value)}")
                walk(value, f"{key}.")
            else:
                known = [k for k in (*_OPTIONS_BY_KEY, *_SECTIONS)]
                hint = difflib.get_close_matches(dotted, known, n=1)
                suggestion = f" (did you mean '{prefix}{hint[0]}'?)" if hint else ""
                raise ConfigError(f"{where}: {prefix}{section}{raw_key}: unknown key{suggestion}")

    walk(document, "")
    return values


def _gate_probability(layers: list[tuple[str, dict[str, Any]]], effective: Mapping[str, Any]) -> float | None:
    """`gate.min-probability`, unless a later layer than the one that set it asks for a confidence.

    The default gate counts probabilities; a user who writes `min-confidence = "medium"`
    (or passes `--min-confidence`) means the confidence, so it must not be overruled by
    a default they never wrote.
    """

    def last_layer(key: str) -> int:
        return max((index for index, (_, values) in enumerate(layers) if key in values), default=-1)

    if last_layer("gate.min-confidence") > last_layer("gate.min-probability"):
        return None
    return effective["gate.min-probability"]


def _build(layers: list[tuple[str, dict[str, Any]]], source: Path | None) -> Config:
    effective: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for option in OPTIONS:
        if option.entry:
            entries = dict(option.default)
            for entry in entries:
                origins[f"{option.key}.{_entry_name(entry)}"] = DEFAULT_ORIGIN
            for label, values in layers:
                for entry, value in values.get(option.key, {}).items():
                    entries[entry] = value
                    origins[f"{option.key}.{_entry_name(entry)}"] = label
            effective[option.key] = entries
        else:
            effective[option.key] = option.default
            origins[option.key] = DEFAULT_ORIGIN
            for label, values in layers:
                if option.key in values:
                    effective[option.key] = values[option.key]
                    origins[option.key] = label

    settings = {option.key: _setting_of(option, effective[option.key]) for option in OPTIONS}
    # Which of min-probability and min-confidence decides is a rule across layers, not a value.
    settings["gate.min-probability"] = _gate_probability(layers, effective)
    fields = {section: {o.attribute: settings[o.key] for o in OPTIONS if o.section == section} for section in ("", *_SECTIONS)}
    return Config(**fields[""], gate=GateConfig(**fields["gate"]), source=source, origins=origins)


def _entry_name(entry: Any) -> str:
    return entry.value if isinstance(entry, Severity) else str(entry)


# ------------------------------------------------------- using the effective config


def enabled_checks(config: Config, checks: Iterable[type]) -> list[type]:
    """The checks a run uses: those `select` names (all when empty), less those `ignore` names."""
    chosen = []
    for check in checks:
        selected = not config.select or any(matches_check(p, check.code, check.name) for p in config.select)
        ignored = any(matches_check(p, check.code, check.name) for p in config.ignore)
        if selected and not ignored:
            chosen.append(check)
    return chosen


def effective_cache_dir(config: Config) -> Path:
    """The cache folder a run with this configuration uses (unless --no-cache)."""
    if config.cache_dir is not None:
        return config.cache_dir
    from .cache import default_cache_dir

    return default_cache_dir()


# ----------------------------------------------------------------- rendering


def render_config(config: Config, found_glossaries: Sequence[Path] = ()) -> str:
    """The effective configuration as TOML, each value commented with where it came from.

    `found_glossaries`: the glossary files a run finds beside the corpus, which it
    reads as well as the configured ones.
    """
    effective = _effective_values(config)
    lines = [f"# mtcheck configuration; file: {config.source.as_posix() if config.source else 'none'}"]

    def block(header: str | None, rows: list[tuple[str, str]]) -> None:
        lines.append("")
        if header:
            lines.append(f"[{header}]")
        width = max((len(text) for text, _ in rows), default=0)
        lines.extend(f"{text.ljust(width)}  # {origin}" for text, origin in rows)

    # TOML allows each table header once, so a section's plain keys come before its sub-tables.
    for section in ("", *sorted(_SECTIONS)):
        options = [o for o in OPTIONS if o.key.rpartition(".")[0] == section]
        scalar_rows = []
        for option in (o for o in options if not o.entry):
            name = option.key.rpartition(".")[2]
            value = effective[option.key]
            text = f"# {name} is not set" if value is None else f"{name} = {_toml_inline(value)}"
            origin = config.origin(option.key)
            if option.key == "glossaries" and found_glossaries:
                found = [path.as_posix() for path in found_glossaries if path.as_posix() not in value]
                if found:
                    text = f"{name} = {_toml_inline([*value, *found])}"
                    origin = f"{origin}, and found beside the corpus: {', '.join(found)}" if value else "found beside the corpus"
            if option.key == "gate.min-probability" and value is None and effective["gate.min-confidence"] is not None:
                # The layer rule of _gate_probability: say why the default probability is not in force.
                origin = f"{config.origin('gate.min-confidence')} sets min-confidence"
            scalar_rows.append((text, origin))
        if section or scalar_rows:
            block(section or None, scalar_rows)
        for option in (o for o in options if o.entry):
            entry_rows = [
                (
                    f"{_toml_key(_entry_name(entry))} = {_toml_inline(value)}",
                    config.origin(f"{option.key}.{_entry_name(entry)}"),
                )
                for entry, value in effective[option.key].items()
            ]
            block(option.key, entry_rows or [("# (none)", DEFAULT_ORIGIN)])
    return "\n".join(lines) + "\n"


def _effective_values(config: Config) -> dict[str, Any]:
    """Each key's value as the configuration file would write it, read back from the settings objects."""
    holders = {"": config, "gate": config.gate}
    return {option.key: _shown_of(option, getattr(holders[option.section], option.attribute), config) for option in OPTIONS}


def _shown_of(option: Option, value: Any, config: Config) -> Any:
    if option.shown is not None:
        return option.shown(value, config)
    if isinstance(value, MetricLimit):
        if not value.is_set:
            return None
        if value.system == value.document:
            return value.system
        return {side: getattr(value, side) for side in ("system", "document") if getattr(value, side) is not None}
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def _toml_key(key: str) -> str:
    return key if re.match(r"^[A-Za-z0-9_-]+$", key) else _toml_string(key)


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _toml_inline(value: Any) -> str:
    if isinstance(value, (Severity, Confidence)):
        return _toml_string(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}" if value == int(value) and abs(value) < 1e15 else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Path):
        return _toml_string(value.as_posix())
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_inline(item) for item in value) + "]"
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_toml_key(_entry_name(k))} = {_toml_inline(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"cannot render {value!r} as TOML")


def config_reference() -> str:
    """The configuration reference as a markdown table, generated from `OPTIONS`."""
    lines = ["| Key | Type | Default | Meaning |", "| --- | --- | --- | --- |"]
    for option in OPTIONS:
        if option.shown_default is not None:
            default = option.shown_default
        elif option.default is None or (option.entry and not option.default):
            default = "not set"
        else:
            default = f"`{_toml_inline(option.default)}`"
        cells = [f"`{option.reference_key}`", option.type, default, option.meaning]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"
