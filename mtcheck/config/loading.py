"""Loading a configuration: defaults, then a file, then the command line, each value with its origin."""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from . import options as declared
from .options import (
    COMMAND_LINE, CONFIG_FILE, DEFAULT_ORIGIN, PYPROJECT_FILE, Config, GateConfig, _Context, _describe, _EntryInvalid,
    _Invalid, _setting_of, available_checks, matches_check,
)  # fmt: skip
from .toml import entry_name

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
    from ..cache import ENV_VARIABLE

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
            if dotted in declared.OPTIONS_BY_KEY:
                option = declared.OPTIONS_BY_KEY[dotted]
                try:
                    values[dotted] = option.parse(value, context)
                except _EntryInvalid as problem:
                    raise ConfigError(f"{where}: {prefix}{dotted}.{problem.entry}: {problem.problem}") from None
                except _Invalid as problem:
                    raise ConfigError(f"{where}: {prefix}{dotted}: {problem}") from None
            elif not section and key in declared.SECTIONS:
                if not isinstance(value, Mapping):
                    raise ConfigError(f"{where}: {prefix}{key}: expected a table, got {_describe(value)}")
                walk(value, f"{key}.")
            else:
                known = [k for k in (*declared.OPTIONS_BY_KEY, *declared.SECTIONS)]
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
    for option in declared.OPTIONS:
        if option.entry:
            entries = dict(option.default)
            for entry in entries:
                origins[f"{option.key}.{entry_name(entry)}"] = DEFAULT_ORIGIN
            for label, values in layers:
                for entry, value in values.get(option.key, {}).items():
                    entries[entry] = value
                    origins[f"{option.key}.{entry_name(entry)}"] = label
            effective[option.key] = entries
        else:
            effective[option.key] = option.default
            origins[option.key] = DEFAULT_ORIGIN
            for label, values in layers:
                if option.key in values:
                    effective[option.key] = values[option.key]
                    origins[option.key] = label

    settings = {option.key: _setting_of(option, effective[option.key]) for option in declared.OPTIONS}
    # Which of min-probability and min-confidence decides is a rule across layers, not a value.
    settings["gate.min-probability"] = _gate_probability(layers, effective)
    fields = {section: {o.attribute: settings[o.key] for o in declared.OPTIONS if o.section == section} for section in ("", *declared.SECTIONS)}
    return Config(**fields[""], gate=GateConfig(**fields["gate"]), source=source, origins=origins)


def enabled_checks(config: Config, checks: Iterable[type]) -> list[type]:
    """The checks a run uses: those `select` names (all when empty), less those `ignore` names."""
    chosen = []
    for check in checks:
        selected = not config.select or any(matches_check(p, check.code, check.name) for p in config.select)
        ignored = any(matches_check(p, check.code, check.name) for p in config.ignore)
        if selected and not ignored:
            chosen.append(check)
    return chosen
