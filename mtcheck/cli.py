"""The `mtcheck` command: thin commands over the library.

Exit codes: 0 success, 1 the quality gate failed, 2 bad usage, configuration
or input. User errors become one clear message here, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .errors import MtcheckError

app = typer.Typer(
    name="mtcheck",
    help="Check machine-translated news: scores against references, garbled names and terms, CI gates.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
stdout = Console(highlight=False, soft_wrap=False)
stderr = Console(stderr=True, highlight=False)

EXIT_OK, EXIT_GATE_FAILED, EXIT_USAGE = 0, 1, 2


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a user-fixable error into a message and exit code 2."""
    try:
        yield
    except MtcheckError as error:
        stderr.print(f"[bold red]error:[/] {error}", markup=True, highlight=False)
        raise typer.Exit(EXIT_USAGE) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mtcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", help="Show the version and exit.", callback=_version, is_eager=True),
) -> None:
    """Check machine-translated news: scores against references, garbled names and terms, CI gates."""


class _BarProgress:
    """A rich progress bar on a terminal; the pipeline only calls phase/advance."""

    def __init__(self, console: Console):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True
        )
        self._task = None

    def __enter__(self):
        self._progress.start()
        return self

    def __exit__(self, *exc):
        self._progress.stop()

    def phase(self, name: str, total: int | None) -> None:
        if self._task is not None:
            self._progress.update(self._task, completed=self._progress.tasks[0].total or 0)
            self._progress.remove_task(self._task)
        self._task = self._progress.add_task(name, total=total)

    def advance(self, amount: int = 1) -> None:
        if self._task is not None:
            self._progress.advance(self._task, amount)


@contextmanager
def _progress() -> Iterator[object]:
    if stderr.is_terminal:
        with _BarProgress(stderr) as bar:
            yield bar
    else:
        yield None


@app.command()
def run(
    corpus: Path = typer.Argument(..., help="Folder of NAME.mt.txt / NAME.ref.txt / NAME.src.txt files and tables, or one table file."),
    out: Path = typer.Option(Path("reports"), "--out", "-o", help="Folder for the CSV reports."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="sentence-transformers model name or folder (default: the packaged all-MiniLM-L6-v2)."),
) -> None:
    """Score and check a corpus, write CSV reports, and gate on the results."""
    from .embed import DEFAULT_MODEL
    from .pipeline import RunOptions
    from .pipeline import run as run_pipeline
    from .report import write_reports

    with user_errors():
        options = RunOptions(model=model or DEFAULT_MODEL)
        with _progress() as progress:
            result = run_pipeline(corpus, options, progress=progress)
        for warning in result.warnings:
            stderr.print(f"[yellow]warning:[/] {warning}", markup=True)
        written = write_reports(result, out)
    _print_summary(result, written)


def _print_summary(result, written: list[Path]) -> None:
    table = Table(title="mtcheck summary", title_justify="left")
    for column in ("system", "docs", "segments", "BLEU", "chrF", "TER", "similarity", "critical", "major", "minor"):
        table.add_column(column, justify="left" if column == "system" else "right")
    counts: dict[tuple[str, str], int] = {}
    for finding in result.findings:
        counts[(finding.system, finding.severity.value)] = counts.get((finding.system, finding.severity.value), 0) + 1
    for score in result.system_scores:
        table.add_row(
            score.system,
            str(score.documents),
            str(score.segments),
            _number(score.scores.bleu),
            _number(score.scores.chrf),
            _number(score.scores.ter),
            _number(score.scores.similarity, 3),
            *(str(counts.get((score.system, level), 0)) for level in ("critical", "major", "minor")),
        )
    stdout.print(table)
    for path in written:
        stdout.print(f"wrote {path}")


def _number(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
