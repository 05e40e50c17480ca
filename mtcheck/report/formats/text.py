"""`text`: the terminal's findings and gate tables as plain text, for logs and tests."""

from __future__ import annotations

import io

from .shared import Output


def render(output: Output, *, per_document: int = 10, width: int = 120) -> str:
    """The tables as plain text; the CLI prints the tables themselves. Locations are shown by document, not path."""
    findings, gate = output.findings, output.gate
    from rich.console import Console

    # Not at the top: terminal.py imports this package's shared module, so when
    # terminal.py is imported first, a top-level import would find it half-loaded.
    from ..terminal import findings_table, gate_table

    buffer = io.StringIO()
    console = Console(width=width, file=buffer, color_system=None, markup=False, highlight=False)
    if findings:
        console.print(findings_table(findings, per_document))
    else:
        console.print("No findings.")
    if gate is not None:
        console.print(gate_table(gate))
        for note in gate.unchecked:
            console.print(f"not checked: {note}")
    return buffer.getvalue()
