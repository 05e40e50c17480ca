"""The effective configuration as TOML (`mtcheck config`) and the README's configuration reference."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from . import options as declared
from .options import DEFAULT_ORIGIN, Config, MetricLimit, Option
from .toml import entry_name, toml_inline, toml_key

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
    for section in ("", *sorted(declared.SECTIONS)):
        options = [o for o in declared.OPTIONS if o.key.rpartition(".")[0] == section]
        scalar_rows = []
        for option in (o for o in options if not o.entry):
            name = option.key.rpartition(".")[2]
            value = effective[option.key]
            text = f"# {name} is not set" if value is None else f"{name} = {toml_inline(value)}"
            origin = config.origin(option.key)
            if option.key == "glossaries" and found_glossaries:
                found = [path.as_posix() for path in found_glossaries if path.as_posix() not in value]
                if found:
                    text = f"{name} = {toml_inline([*value, *found])}"
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
                    f"{toml_key(entry_name(entry))} = {toml_inline(value)}",
                    config.origin(f"{option.key}.{entry_name(entry)}"),
                )
                for entry, value in effective[option.key].items()
            ]
            block(option.key, entry_rows or [("# (none)", DEFAULT_ORIGIN)])
    return "\n".join(lines) + "\n"


def _effective_values(config: Config) -> dict[str, Any]:
    """Each key's value as the configuration file would write it, read back from the settings objects."""
    holders = {"": config, "gate": config.gate}
    return {option.key: _shown_of(option, getattr(holders[option.section], option.attribute), config) for option in declared.OPTIONS}


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


def config_reference() -> str:
    """The configuration reference as a markdown table, generated from `OPTIONS`."""
    lines = ["| Key | Type | Default | Meaning |", "| --- | --- | --- | --- |"]
    for option in declared.OPTIONS:
        if option.shown_default is not None:
            default = option.shown_default
        elif option.default is None or (option.entry and not option.default):
            default = "not set"
        else:
            default = f"`{toml_inline(option.default)}`"
        cells = [f"`{option.reference_key}`", option.type, default, option.meaning]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"
