"""Where a run writes: destinations checked before it starts, outputs committed together, none read back.

A run's reports, `--output-file` and `--export` files are checked before any
work is done (a full run's time is not spent to fail on a typo), written to
temporary files beside their destinations, and renamed into place only when
every one of them has been written: a failed run replaces nothing of an
earlier one. Every folder mtcheck writes a table or text file to gets a
`.mtcheck-output` file listing them, so a later run that finds them inside a
corpus (`mtcheck run .` with the default `reports/`) skips them instead of
reading its own reports as input.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import MtcheckError
# The marker is read by load (skip.py) and written here; OutputSkip and OUTPUT_MARKER are also read from here.
from ..load.skip import MARKER_HEADER, OUTPUT_MARKER, OutputSkip, marked_outputs, marker_entries, resolved_path  # noqa: F401
from ..memory import give_back_freed_memory

# Outputs a corpus run could mistake for input: tables and text files.
_READABLE_SUFFIXES = frozenset({".tsv", ".csv", ".jsonl", ".parquet", ".txt", ".xlf", ".xliff"})
# A document's text file, as `load` names them: never an output's name.
_CORPUS_TEXT_FILE = re.compile(r"\.(?:mt|ref|src)(?:\.[^.]+)?\.txt$")


class DestinationError(MtcheckError):
    """A report folder or output file that cannot be written."""


def check_destinations(
    folders: Iterable[Path] = (), files: Iterable[tuple[str, Path]] = (), inputs: Iterable[Path] = (), corpus: Path | None = None
) -> None:
    """Fail (exit 2, naming the path) before the run when a destination cannot be written.

    `folders` must be (or become) writable folders; `files` are (what, path)
    pairs, e.g. ("--export sarif", Path("ci/mtcheck.sarif")), that must be
    creatable files. No destination may be given twice, be one of the run's
    `inputs` or a document's text file in the `corpus` folder.
    """
    input_paths = {resolved_path(path) for path in inputs}
    corpus_folder = resolved_path(corpus) if corpus is not None and Path(corpus).is_dir() else None
    seen: dict[Path, str] = {}

    def claim(path: Path, what: str) -> None:
        resolved = resolved_path(path)
        in_corpus = corpus_folder is not None and corpus_folder in resolved.parents
        if resolved in input_paths or (in_corpus and _CORPUS_TEXT_FILE.search(resolved.name)):
            raise DestinationError(f"{what} {path}: is one of this run's input files; write the output elsewhere")
        if resolved in seen:
            raise DestinationError(f"{what} {path}: also the destination of {seen[resolved]}")
        seen[resolved] = f"{what} {path}"

    for folder in folders:
        folder = Path(folder)
        if folder.exists() and not folder.is_dir():
            raise DestinationError(f"report folder {folder}: is a file, not a folder")
        _check_writable_folder(folder, f"report folder {folder}")
    for what, path in files:
        path = Path(path)
        if path.is_dir():
            raise DestinationError(f"{what} {path}: is a folder; give a file name")
        if path.name in ("", ".", ".."):
            raise DestinationError(f"{what} {path}: give a file name")
        _check_writable_folder(path.parent, f"{what} {path}")
        claim(path, what)


def _check_writable_folder(folder: Path, what: str) -> None:
    """The folder, or the nearest folder above it that exists, accepts a new file."""
    existing = Path(os.path.abspath(folder))
    while not existing.exists() and existing != existing.parent:
        if existing.is_symlink():
            raise DestinationError(f"{what}: {existing} is a broken symbolic link")
        existing = existing.parent
    if not existing.is_dir():
        raise DestinationError(f"{what}: {existing} is a file, not a folder")
    try:
        # Permission bits do not tell (root, read-only file systems, ACLs): try it.
        handle, probe = tempfile.mkstemp(prefix=".mtcheck-probe.", dir=existing)
    except OSError as error:
        raise DestinationError(f"{what}: cannot write in {existing} ({error.strerror or error})") from None
    os.close(handle)
    os.unlink(probe)


def file_mode() -> int:
    """The mode a new file gets from the umask (0644 under the usual 022), not mkstemp's 0600."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def _folder_locks(folders: Iterable[Path]) -> Iterator[None]:
    """Exclusive advisory locks on the folders themselves (in one order, so two runs cannot deadlock).

    The folder's own descriptor is locked, so no lock file is left behind; where
    the OS has no flock (Windows) each rename is still atomic on its own.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    descriptors = []
    try:
        for folder in sorted({resolved_path(folder) for folder in folders}):
            descriptor = os.open(folder, os.O_RDONLY)
            descriptors.append(descriptor)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        for descriptor in reversed(descriptors):
            fcntl.flock(descriptor, fcntl.LOCK_UN)
            os.close(descriptor)


class OutputBatch:
    """Files staged as temporary files beside their destinations, then renamed into place together.

    Use as a context manager: leaving it with an exception removes what was
    staged and replaces nothing.
    """

    def __init__(self, command: str = "", folder: Path | None = None) -> None:
        """`command` ("run") and its reports `folder`: the batch then owns what that command wrote
        there, lists every file of it in the marker, and removes, on commit, the files the same
        command wrote there before and does not write now (a stale report.html beside new tables).
        """
        self._staged: list[tuple[Path, Path]] = []
        self.command = command
        self.folder = resolved_path(folder) if folder is not None and command else None

    def __enter__(self) -> OutputBatch:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        self.discard()

    def add(self, path: Path, data: str | bytes | Iterable[str]) -> Path:
        """Stage `data` for `path`: text, bytes, or text a piece at a time (never held whole)."""
        path = Path(path)
        pieces = [data] if isinstance(data, (str, bytes)) else data
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self._staged.append((Path(temporary), path))
        with os.fdopen(handle, "wb") as stream:
            for piece in pieces:
                stream.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
        # What built this output (a table of every segment, the page's data) is freed by now:
        # hand it back before the next output is built, so a big run's peak is one output, not all.
        give_back_freed_memory()
        os.chmod(temporary, file_mode())
        return path

    def commit(self) -> list[Path]:
        """Rename every staged file into place (with the folders' output markers); the final paths, in order added."""
        finals = [final for _, final in self._staged]
        by_folder: dict[Path, set[str]] = {}
        owned: set[str] = set()
        for final in finals:
            if self.folder is not None and resolved_path(final.parent) == self.folder:
                owned.add(final.name)
                by_folder.setdefault(final.parent, set())
            elif final.suffix.lower() in _READABLE_SUFFIXES:
                by_folder.setdefault(final.parent, set()).add(final.name)
        stale: list[Path] = []
        for folder, names in by_folder.items():
            entries = marker_entries(folder)
            if self.folder is not None and resolved_path(folder) == self.folder:
                stale = [folder / name for command, name in entries if command == self.command and name not in owned]
                entries = [(command, name) for command, name in entries if command != self.command and name not in owned]
                entries += [(self.command, name) for name in owned]
            known = {name for _, name in entries}
            entries += [("", name) for name in names if name not in known]
            lines = sorted(f"{command}\t{name}" if command else name for command, name in set(entries))
            self.add(folder / OUTPUT_MARKER, MARKER_HEADER + "".join(f"{line}\n" for line in lines))
        with _folder_locks([self.folder] if self.folder is not None else []):
            # Under the reports folder's lock, so two runs writing into one folder at once leave one
            # run's complete set, never a mix: the later commit replaces the earlier whole.
            for temporary, final in self._staged:
                os.replace(temporary, final)
        self._staged = []
        for path in stale:
            # Only files this command wrote here before (the marker says so), and only once the new set is in place.
            if path.is_file() and not path.is_symlink():
                path.unlink()
        return finals

    def discard(self) -> None:
        for temporary, _ in self._staged:
            try:
                temporary.unlink()
            except FileNotFoundError:
                pass
        self._staged = []
