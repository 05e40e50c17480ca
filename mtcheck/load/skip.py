"""mtcheck's own outputs, left unread when a corpus folder holds them.

Every folder mtcheck writes a table or text file to gets a `.mtcheck-output`
file listing them (report/outputs.py writes it), so a later run that finds
them inside a corpus (`mtcheck run .` with the default `reports/`) skips them
instead of reading its own reports as input.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

OUTPUT_MARKER = ".mtcheck-output"
MARKER_HEADER = "# Files mtcheck wrote in this folder. Corpus discovery skips them: they are reports, not input.\n"


def resolved_path(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare it as written
        return Path(os.path.abspath(path))


def marker_entries(folder: Path) -> list[tuple[str, str]]:
    """(command, name) of each file the folder's marker lists; command "" where an older marker named none."""
    try:
        text = (Path(folder) / OUTPUT_MARKER).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    entries = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            command, tab, name = line.partition("\t")
            entries.append((command, name) if tab else ("", line))
    return entries


def marked_outputs(folder: Path) -> frozenset[str]:
    """Names of the files mtcheck recorded as its own outputs in `folder`."""
    return frozenset(name for _, name in marker_entries(folder))


class OutputSkip:
    """Whether a file found in a corpus is an output of mtcheck: this run's destinations, or a marked earlier output."""

    def __init__(self, destinations: Iterable[Path] = ()):
        self._destinations = {resolved_path(path) for path in destinations}
        # Resolving a path reads each folder on its way: only a file named as a destination is, or a link.
        self._destination_names = {path.name for path in self._destinations}
        self._marked: dict[Path, frozenset[str]] = {}

    def __call__(self, file: Path) -> bool:
        file = file if isinstance(file, Path) else Path(file)
        if self._destinations and (file.name in self._destination_names or file.is_symlink()) and resolved_path(file) in self._destinations:
            return True
        folder = file.parent
        if folder not in self._marked:
            self._marked[folder] = marked_outputs(folder)
        return file.name in self._marked[folder]
