"""Each configuration key, declared once: a field of the settings objects `Config` and `GateConfig`.

`option(...)` gives the key's type, default, validation, meaning and command-line
flag; the key is the field's name ("min_chrf" in GateConfig is `gate.min-chrf`).
`OPTIONS` lists them for loading, rendering, the CLI and the README.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .. import selection
from ..embed import DEFAULT_BACKEND, DEFAULT_MODEL
from ..embed.backends import BACKENDS
from ..model import DEFAULT_WEIGHTS, Confidence, Severity
from ..probability.model import GATE_PROBABILITY
from ..score.comparison import SIGNIFICANCE_TESTS
from ..sizes import DEFAULT_MAX_SIZE, parse_size
from .toml import toml_inline

CONFIG_FILE = "mtcheck.toml"
PYPROJECT_FILE = "pyproject.toml"
DEFAULT_ORIGIN = "default"
COMMAND_LINE = "command line"

OUTPUT_FORMATS = ("text", "github", "gitlab", "junit", "json", "jsonl", "sarif")



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
            default = toml_inline(self.default).strip('"')
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
    from ..engine import ENGINES

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


def _whole(minimum: int | None) -> Callable[[Any, _Context], int]:
    """A whole number: any (None), not negative (0) or at least `minimum`."""

    def parse(value: Any, _: _Context) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or (minimum and value < minimum):
            raise _Invalid(f"expected a whole number{f' of {minimum} or more' if minimum else ''}, got {_describe(value)}")
        if minimum is not None and value < 0:
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
    kinds = ((bool, _boolean), (int, _whole(None)), (float, _number(-math.inf, None)), (str, _string), ((list, tuple), _list))
    parse = next((parse for kind, parse in kinds if isinstance(default, kind)), None)
    if parse is not None:
        value = parse(value, None)
        return type(default)(value) if isinstance(default, (list, tuple)) else value
    if not isinstance(value, type(default)):
        raise _Invalid(f"expected {type(default).__name__}, got {_describe(value)}")
    return value


def _list(value: Any, _: _Context | None) -> list:
    if not isinstance(value, (list, tuple)):
        raise _Invalid(f"expected a list, got {_describe(value)}")
    return list(value)


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
    """The effective configuration of a run, with where each value came from; each key field declares its key."""

    model: str = option(
        "string", DEFAULT_MODEL, _string,
        "Sentence-embedding model: a sentence-transformers name or a local folder.",
        flag=("--model", "-m"),
    )
    backend: str = option(
        "string", DEFAULT_BACKEND, _one_of(lambda: BACKENDS),
        "Runtime that encodes texts: `auto` (OpenVINO where the CPU has bf16, else ONNX Runtime, else torch, "
        "as installed), `torch`, `onnx` (fp32, the same vectors as torch) or `openvino` (its default precision, "
        "bf16 where the CPU has it: 2-3x torch, similarities within 0.004); the last two need "
        "`pip install 'mtcheck[fast]'` and export the model once into the cache folder's `models`.",
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

OPTIONS_BY_KEY = {option.key: option for option in OPTIONS}
SECTIONS = {"gate"}  # tables of the file that hold the keys of a settings object


def available_checks() -> tuple[type, ...] | None:
    """The check registry, or None while it does not exist yet."""
    try:
        from ..checks import ALL_CHECKS
    except ImportError:
        return None
    return tuple(ALL_CHECKS)


def matches_check(pattern: str, code: str, name: str) -> bool:
    """Whether a select/ignore/limit pattern (code, code prefix or rule name, any case) names this check."""
    return selection.names_check(pattern, code, name)


def effective_cache_dir(config: Config) -> Path:
    """The cache folder a run with this configuration uses (unless --no-cache)."""
    if config.cache_dir is not None:
        return config.cache_dir
    from ..cache import default_cache_dir

    return default_cache_dir()
