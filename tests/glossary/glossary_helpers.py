"""Building aligned documents and running one check, for the glossary check tests."""

from __future__ import annotations

from pathlib import Path

from mtcheck.checks.base import CheckContext
from mtcheck.model import AlignedDocument, Piece, Segment

DATA = Path(__file__).parent / "data"


def document(mt_lines, src_lines=None, ref_lines=None, src_text=None, doc="d"):
    """An AlignedDocument of 1-1 segments; src/ref lists are line-aligned with the MT (or None)."""
    segments = []
    for index, mt in enumerate(mt_lines, start=1):
        segments.append(
            Segment(
                system="mt",
                doc=doc,
                index=index,
                alignment="1-1",
                pieces=(Piece(line=index, start=0, text=mt),),
                ref=ref_lines[index - 1] if ref_lines else None,
                src=src_lines[index - 1] if src_lines else None,
            )
        )
    if src_text is None and src_lines:
        src_text = "\n".join(src_lines)
    return AlignedDocument(
        system="mt",
        doc=doc,
        mt_path=Path(f"{doc}.mt.txt"),
        segments=segments,
        has_reference=bool(ref_lines),
        has_source=bool(src_text),
        mt_text="\n".join(mt_lines),
        ref_text="\n".join(ref_lines or []),
        src_text=src_text or "",
    )


def run(check, doc, glossary, embedder=None):
    return list(check.check(doc, CheckContext(embedder=embedder, glossary=glossary, system_documents=[doc])))


def without_origin(finding):
    """A finding with the glossary file/line removed from its message, to compare CSV and TBX runs."""
    from dataclasses import replace

    return replace(finding, message=finding.message.split(" (glossary ")[0])
