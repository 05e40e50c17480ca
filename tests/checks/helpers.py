"""Build aligned documents for check tests without the loader or aligner."""

from __future__ import annotations

from pathlib import Path

from mtcheck.model import AlignedDocument, Piece, Segment


def make_document(
    mt: list[str],
    ref: list[str | None] | None = None,
    src: list[str | None] | None = None,
    system: str = "mt",
    doc: str = "d",
) -> AlignedDocument:
    """One segment per MT line; `ref`/`src` give the aligned reference/source lines (None: no reference)."""
    segments = []
    for index, text in enumerate(mt, start=1):
        reference = ref[index - 1] if ref is not None else None
        source = src[index - 1] if src is not None else None
        segments.append(
            Segment(
                system=system,
                doc=doc,
                index=index,
                alignment="1-1",
                pieces=(Piece(line=index, start=0, text=text),),
                ref=reference,
                src=source,
            )
        )
    return AlignedDocument(
        system=system,
        doc=doc,
        mt_path=Path(f"{system}/{doc}.txt"),
        segments=segments,
        has_reference=ref is not None,
        has_source=src is not None,
        mt_text="\n".join(mt),
        ref_text="\n".join(r for r in (ref or []) if r),
        src_text="\n".join(s for s in (src or []) if s),
    )
