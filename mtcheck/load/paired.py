"""The shape every structured input format shares: an MT file, and perhaps its reference beside it.

`NAME.xlf` and `NAME.ref.xlf`, `NAME.tmx` and `NAME.ref.tmx`, `NAME.po` and
`NAME.ref.po`: each format is one `PairedFormat` (which files are its, which
of them are references, where a reference's MT file stands and the other way
round, and how one document is read), so corpus discovery treats them alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import Document

REFERENCE_MARK = ".ref"

# (MT file, document id, its reference file or None, (source, target) languages) → (document, notes)
Read = Callable[[Path, str, "Path | None", "tuple[str | None, str | None]"], "tuple[Document | None, list[str]]"]


@dataclass(frozen=True)
class PairedFormat:
    name: str
    suffixes: tuple[str, ...]  # lower case; the first is the usual one
    read: Read

    def owns(self, path: Path | str) -> bool:
        return (path if isinstance(path, Path) else Path(path)).suffix.lower() in self.suffixes

    def is_reference(self, path: Path | str) -> bool:
        """`NAME.ref.xlf`: the reference of `NAME.xlf`, never read as MT."""
        return Path(path).stem.lower().endswith(REFERENCE_MARK)

    def document_name(self, path: Path | str) -> str:
        """NAME of `NAME.xlf` and of its reference `NAME.ref.xlf`."""
        stem = Path(path).stem
        return stem[: -len(REFERENCE_MARK)] if self.is_reference(path) else stem

    def _suffixes_from(self, path: Path) -> tuple[str, ...]:
        """The file's own suffix first, then the format's others (`.xlf` beside `.xliff`)."""
        return (path.suffix, *sorted(set(self.suffixes) - {path.suffix.lower()}))

    def mt_beside(self, reference: Path) -> list[Path]:
        """Where the MT file of a reference would be."""
        return [reference.with_name(f"{self.document_name(reference)}{suffix}") for suffix in self._suffixes_from(reference)]

    def reference_beside(self, path: Path) -> Path | None:
        """The reference beside an MT file, if there is one."""
        for suffix in self._suffixes_from(path):
            candidate = path.with_name(f"{self.document_name(path)}{REFERENCE_MARK}{suffix}")
            if candidate.is_file():
                return candidate
        return None
