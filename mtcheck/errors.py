"""Errors a user can fix. The CLI maps each to a message and exit code 2."""

from __future__ import annotations

from pathlib import Path


class MtcheckError(Exception):
    """Bad input, bad configuration or bad usage: exit code 2, no traceback."""

    exit_code = 2


class InputError(MtcheckError):
    """A corpus, table or glossary file that cannot be read as asked."""

    def __init__(self, path: Path | str, problem: str, line: int | None = None, column: str | None = None):
        where = str(path)
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line
        self.column = column


class ConfigError(MtcheckError):
    """A configuration file or option with an unknown key, wrong type or bad value."""


class ModelError(MtcheckError):
    """An embedding model that cannot be found or loaded."""


class EngineError(MtcheckError):
    """The dask cluster lost what it needed to finish the run (workers gone, the scheduler unreachable)."""
