"""The `mtcheck` command: thin commands over the library.

Exit codes: 0 success, 1 the quality gate failed, 2 bad usage, configuration
or input. User errors become one clear message here, never a traceback.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import inspect
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import __version__
from .config import OPTIONS
from .errors import ConfigError, MtcheckError

class _PlainHelp(typer.core.TyperCommand):
    """Help that names arguments as options are named (CORPUS, like PATH), not by their Python type.

    typer writes a required argument as `{corpus}` and its type as `<list[Path]>`;
    a reader wants the word.
    """

    def format_help(self, ctx, formatter) -> None:
        inner = type(formatter)(width=formatter.width, max_width=formatter.width)
        super().format_help(ctx, inner)
        text = re.sub(r"\{([A-Z]+)\}", r"\1", inner.getvalue())
        # Padded to the same width, so the help column stays where typer aligned it.
        formatter.write(re.sub(r"\b([A-Z]+(?:\.\.\.)?)( <[^>]+>)", lambda m: m.group(1) + " " * len(m.group(2)), text))


app = typer.Typer(
    name="mtcheck",
    help="Check machine-translated news: scores against references, garbled names and terms, CI gates.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
def _console(**options) -> Console:
    # Paths, ids, names and keys in messages are the user's text: a `[bold]` or
    # `[/]` in them is printed as written, never read as rich markup.
    console = Console(highlight=False, markup=False, **options)
    # Rich assumes 80 columns when output is not a terminal; CI logs are wider.
    if not console.is_terminal:
        console.width = 160
    return console


stdout = _console()
stderr = _console(stderr=True)

EXIT_OK, EXIT_GATE_FAILED, EXIT_USAGE = 0, 1, 2


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a user-fixable error into a message and exit code 2."""
    try:
        yield
    except MtcheckError as error:
        # One unwrapped line, so a long path or message is never split in a CI log.
        stderr.print(Text("error:", style="bold red"), Text(str(error)), soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None
    except OSError as error:  # an unwritable report folder or output file, a full disk
        where = f"{error.filename}: " if error.filename else ""
        stderr.print(f"error: {where}{error.strerror or error}", soft_wrap=True)
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



# How a configuration key's type reads on the command line: (annotation, default, metavar).
_CLI_TYPES = {
    "string": (Optional[str], None, "TEXT"),
    "size": (Optional[str], None, "TEXT"),
    "path": (Optional[Path], None, "PATH"),
    "integer": (Optional[int], None, "INTEGER"),
    "number": (Optional[float], None, "NUMBER"),
    "boolean": (Optional[bool], None, None),
    "list of strings": (list[str], [], "TEXT"),
    "list of paths": (list[Path], [], "PATH"),
}


def configured(*keys: str):
    """Give a command the command-line options of these configuration keys, as config.OPTIONS declares them.

    The command takes a parameter `overrides` where the options go in its --help; it receives
    the values given, keyed as the configuration file writes them, for `load_config`.
    """
    declared = {option.key: option for option in OPTIONS}
    names = {key: "option_" + key.replace(".", "_").replace("-", "_") for key in keys}

    def parameter(key: str) -> inspect.Parameter:
        option = declared[key]
        annotation, default, metavar = _CLI_TYPES[option.type]
        details = {"help": option.command_line_help} | ({"metavar": metavar} if metavar else {})
        return inspect.Parameter(
            names[key], inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=typer.Option(default, *option.flags, **details), annotation=annotation,
        )  # fmt: skip

    def decorate(command):
        signature = inspect.signature(command)
        parameters = []
        for own in signature.parameters.values():
            parameters += [parameter(key) for key in keys] if own.name == "overrides" else [own]

        @functools.wraps(command)
        def with_overrides(*args, **kwargs):
            # An empty gate value is no value, as an option left out ("--fail-on ''" from a CI variable).
            overrides = {key: kwargs.pop(names[key]) for key in keys}
            overrides = {key: value for key, value in overrides.items() if not (key.startswith("gate.") and value == "")}
            return command(*args, overrides=overrides, **kwargs)

        with_overrides.__signature__ = signature.replace(parameters=parameters)
        return with_overrides

    return decorate

_NO_CACHE_HELP = "Neither read nor write the persistent cache: compute everything."


@app.command(cls=_PlainHelp)
@configured(
    "out", "model", "backend", "format", "html", "glossaries", "source-lang", "target-lang", "select", "ignore",
    "gate.fail-on", "gate.min-confidence", "gate.min-probability", "probability-model", "baseline",
    "cache-dir", "engine", "scheduler", "workers", "compare-to", "significance", "compare", "annotate-xliff",
)
def run(
    corpus: list[Path] = typer.Argument(
        ...,
        help="Folders or files: NAME.mt.txt (with its .ref.txt, .src.txt), NAME.xlf, NAME.tmx, NAME.po, tables; folders are searched.",
        metavar="CORPUS",
    ),
    overrides: dict = None,
    output_file: Optional[Path] = typer.Option(None, "--output-file", help="Write the --format output to this file instead of standard output.", metavar="PATH"),
    export: list[str] = typer.Option([], "--export", help="Also write FORMAT=PATH (e.g. sarif=reports/mtcheck.sarif); repeatable, so one run feeds several CI tools.", metavar="TEXT"),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Report, but exit 0 even when the gate fails."),
    config_file: Optional[Path] = typer.Option(None, "--config", help="Read this configuration file instead of looking for mtcheck.toml / pyproject.toml.", metavar="PATH"),
    isolated: bool = typer.Option(False, "--isolated", help="Ignore configuration files."),
    show_config: bool = typer.Option(False, "--show-config", help="Print the effective configuration and exit."),
    no_cache: bool = typer.Option(False, "--no-cache", help=_NO_CACHE_HELP),
) -> None:
    """Score and check a corpus, write CSV reports, and gate on the results."""
    with user_errors():
        exports = _parse_exports(export)
        paths, folder = _corpus_paths(corpus)
        config = _load_config(folder, overrides, config_file, isolated)
        if show_config:
            from .config import render_config

            typer.echo(render_config(config))
            return
        config = _hook_reports_folder(config)
        from .job import Job, run_job

        job = Job(paths, config, output_file, exports, no_cache, config_file, title=" ".join(str(path) for path in paths))
        with _progress() as progress:
            outcome = run_job(job, progress)
        _present(outcome, config, output_file, exports)
    if not outcome.gate.passed and not exit_zero:
        raise typer.Exit(EXIT_GATE_FAILED)


@app.command("eval", cls=_PlainHelp)
@configured("out", "model", "backend", "glossaries", "select", "ignore", "gate.fail-on", "gate.min-confidence", "gate.min-probability", "probability-model", "cache-dir")
def evaluate_command(
    corpus: Path = typer.Argument(..., help="The corpus the labels are about: a table (doc, segment, system, mt, ...) or a folder.", metavar="CORPUS"),
    labels: Path = typer.Option(..., "--labels", "-l", help="Labels table: tab-separated doc, segment, system, category, severity, span; optional note, start, end.", metavar="PATH"),
    flags: Optional[Path] = typer.Option(None, "--flags", help="Evaluate the findings in this flags.csv of an earlier `mtcheck run` instead of running the checks.", metavar="PATH"),
    overrides: dict = None,
    min_precision: Optional[float] = typer.Option(None, "--min-precision", min=0.0, max=1.0, help="Exit 1 when the precision of all findings is below this (0-1).", metavar="NUMBER"),
    config_file: Optional[Path] = typer.Option(None, "--config", help="Read this configuration file instead of looking for mtcheck.toml / pyproject.toml.", metavar="PATH"),
    isolated: bool = typer.Option(False, "--isolated", help="Ignore configuration files."),
    no_cache: bool = typer.Option(False, "--no-cache", help=_NO_CACHE_HELP),
) -> None:
    """Measure the checks against human span labels (MQM): precision, recall, calibration, the gate's view."""
    from .evaluation import GateRule, evaluate, load_labels
    from .job import check_destinations, own_reports
    from .report.tables import EVAL_FILES, write_evaluation

    with user_errors():
        config = _load_config(corpus, overrides, config_file, isolated)
        destinations = [("eval table", config.out / name) for name in EVAL_FILES]
        check_destinations(config, destinations, corpus, inputs=[labels, flags, config_file, *config.glossaries])
        skip = [*own_reports(config), *(path for _, path in destinations)]
        gate = GateRule(config.gate.fail_on, config.gate.min_confidence, config.gate.min_probability)
        label_table = load_labels(labels)
        if flags is not None:
            findings, rows, codes = _flags_and_rows(flags, corpus, config, skip)
        else:
            findings, rows, codes = _run_for_eval(corpus, config, skip, no_cache)
        result = evaluate(findings, label_table, rows, gate, codes)
        written = write_evaluation(result, config.out)
    _print_evaluation(result, written)
    if min_precision is not None:
        precision = result.overall.precision
        if precision is None or precision < min_precision:
            shown = "none (no findings)" if precision is None else f"{precision:.3f}"
            stdout.print(f"Eval gate failed: precision of all findings {shown} is below --min-precision {min_precision:g}", markup=False)
            raise typer.Exit(EXIT_GATE_FAILED)
        stdout.print(f"Eval gate passed: precision of all findings {precision:.3f} >= --min-precision {min_precision:g}", markup=False)


def _flags_and_rows(flags: Path, corpus: Path, config, skip: list[Path]):
    from .config import effective_cache_dir
    from .embed import EXPORTS_FOLDER, Embedder
    from .evaluation import load_corpus_rows, load_flags

    findings = load_flags(flags)
    # The model is only loaded if a text document has to be aligned by embeddings.
    embedder = Embedder(config.model, backend=config.backend, export_dir=effective_cache_dir(config) / EXPORTS_FOLDER)
    rows = load_corpus_rows(corpus, embedder, skip=skip)
    return findings, rows, None


def _run_for_eval(corpus: Path, config, skip: list[Path], no_cache: bool = False):
    from .checks import select_checks
    from .evaluation import rows_of
    from .job import run_options
    from .pipeline import run as run_pipeline

    with _progress() as progress:
        result = run_pipeline(corpus, run_options(config, skip, no_cache), progress=progress)
    for warning in result.warnings:
        stderr.print(f"warning: {warning}", soft_wrap=True)
    codes = [(check.code, check.name) for check in select_checks(config.select or None, config.ignore or None)]
    return result.findings, rows_of(result.documents), codes


def _ratio_text(part: int | None, whole: int | None, digits: int = 3) -> str:
    if not whole:
        return "-"
    return f"{part / whole:.{digits}f} ({part}/{whole})"


def _print_evaluation(result, written: list[Path]) -> None:
    for warning in result.warnings:
        stderr.print(f"warning: {warning}", soft_wrap=True)
    counts = result.row_counts
    overall, gate = result.overall, result.gate_score
    ignored = ", ".join(f"{count} {severity}" for severity, count in sorted(result.ignored.items()))
    stdout.print(
        f"{counts.rows} rows, {len(result.labels)} distinct labels from {result.annotations} annotations"
        + (f" (ignored: {ignored})" if ignored else "")
        + f", {len(result.findings)} findings",
        markup=False,
    )
    table = Table(title="mtcheck eval", title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_row("precision of all findings", _ratio_text(overall.findings_on_label, overall.findings))
    table.add_row("recall of all labels", _ratio_text(overall.labels_hit, overall.labels))
    table.add_row("F1", "-" if overall.f1 is None else f"{overall.f1:.3f}")
    if result.gate.fail_on is not None:
        table.add_row(f"gate findings ({result.gate.describe()})", str(gate.findings))
        table.add_row(f"  precision against labels >= {result.gate.fail_on.value}", _ratio_text(gate.findings_on_label, gate.findings))
        table.add_row("  clean rows with a gate finding", _ratio_text(counts.clean_with_gate_finding, counts.clean))
    for score in result.scores:
        if score.table == "label-flag" and score.group == "NAMELIKE":
            table.add_row("recall of NAMELIKE labels", _ratio_text(score.labels_hit, score.labels))
    table.add_row("labelled rows flagged", _ratio_text(counts.flagged_and_labelled, counts.labelled))
    table.add_row("clean rows with a finding", _ratio_text(counts.clean_with_finding, counts.clean))
    stdout.print(table)
    by_check = Table(title="by check", title_justify="left")
    for column in ("check", "findings", "precision", "labels hit", "recall", "F1", "precision (major)"):
        by_check.add_column(column, justify="left" if column == "check" else "right")
    for check in result.checks:
        if not check.findings:
            continue
        by_check.add_row(
            f"{check.code} {check.rule}",
            str(check.findings),
            _number(check.precision, 3),
            str(check.labels_hit),
            _number(check.recall, 3),
            _number(check.f1, 3),
            _number(check.precision_major, 3),
        )
    stdout.print(by_check)
    if result.reliability:
        reliability = Table(
            title=f"reliability: expected calibration error {result.expected_calibration_error:.3f}",
            title_justify="left",
        )
        for column in ("stated probability", "findings", "mean stated", "observed hit rate"):
            reliability.add_column(column, justify="left" if column == "stated probability" else "right")
        for row in result.reliability:
            reliability.add_row(row.group, str(row.findings), f"{row.mean_probability:.3f}", _number(row.precision, 3))
        stdout.print(reliability)
    for path in written:
        stdout.print(f"wrote {path}", markup=False)


@app.command("calibrate", cls=_PlainHelp)
@configured("model", "backend", "cache-dir")
def calibrate_command(
    corpus: list[Path] = typer.Argument(..., help="Corpora the labels are about (tables or folders); each needs its own --labels, in the same order.", metavar="CORPUS"),
    labels: list[Path] = typer.Option(..., "--labels", "-l", help="Labels table of each corpus, as `mtcheck eval` reads it; repeatable, one per corpus.", metavar="PATH"),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write the probability model (JSON); load it with probability-model = \"PATH\".", metavar="PATH"),
    overrides: dict = None,
    config_file: Optional[Path] = typer.Option(None, "--config", help="Read this configuration file instead of looking for mtcheck.toml / pyproject.toml.", metavar="PATH"),
    isolated: bool = typer.Option(False, "--isolated", help="Ignore configuration files."),
    no_cache: bool = typer.Option(False, "--no-cache", help=_NO_CACHE_HELP),
) -> None:
    """Fit the probability of each finding to your own labels: writes a model file for `probability-model`."""
    from .evaluation import load_labels
    from .job import check_destinations, run_options
    from .pipeline import run as run_pipeline
    from .probability.fit import fit_model, label_findings

    with user_errors():
        if len(labels) != len(corpus):
            raise ConfigError(f"{len(corpus)} corpus path(s) but {len(labels)} --labels: give one labels table per corpus, in the same order")
        config = _load_config(corpus[0], overrides, config_file, isolated)
        check_destinations(config, [("probability model", output)], corpus[0], inputs=[*corpus, *labels, config_file])
        labelled = None
        for path, label_path in zip(corpus, labels):
            table = load_labels(label_path)
            options = dataclasses.replace(run_options(config, [output], no_cache), probabilities=False)
            with _progress() as progress:
                result = run_pipeline(path, options, progress=progress)
            found = label_findings(result, table)
            labelled = found if labelled is None else labelled + found
        for warning in labelled.warnings:
            stderr.print(f"warning: {warning}", soft_wrap=True)
        fitted = fit_model(
            labelled.findings, labelled.features, labelled.hits,
            trained_on={"corpora": [str(path) for path in corpus], "fitted": ", ".join(path.name for path in corpus)},
        )  # fmt: skip
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(fitted.to_json(), encoding="utf-8")
    stdout.print(
        f"wrote {output}: fitted on {fitted.trained_on['findings']} findings ({fitted.trained_on['hits']} on a label) "
        f"of checks {', '.join(sorted(fitted.checks))}; the other checks keep their prior. "
        f'Use it with probability-model = "{output}" or --probability-model {output}.',
        markup=False,
        soft_wrap=True,
    )


@app.command("config", cls=_PlainHelp)
def show_config(
    corpus: Path = typer.Argument(Path("."), help="Corpus folder whose configuration to show.", metavar="CORPUS"),
    config_file: Optional[Path] = typer.Option(None, "--config", help="Read this configuration file.", metavar="PATH"),
) -> None:
    """Print the effective configuration and where each value came from."""
    from .config import render_config
    from .load.glossary import discover_glossaries

    with user_errors():
        typer.echo(render_config(_load_config(corpus, {}, config_file, False), discover_glossaries(corpus)))


@app.command("baseline", cls=_PlainHelp)
@configured("model", "backend", "cache-dir")
def write_baseline_command(
    corpus: Path = typer.Argument(..., help="Corpus to record the current findings of.", metavar="CORPUS"),
    output: Path = typer.Option(Path("mtcheck-baseline.json"), "--output", "-o", help="Baseline file to write.", metavar="PATH"),
    overrides: dict = None,
    config_file: Optional[Path] = typer.Option(None, "--config", help="Read this configuration file.", metavar="PATH"),
    no_cache: bool = typer.Option(False, "--no-cache", help=_NO_CACHE_HELP),
) -> None:
    """Record the current findings, so later runs gate only on new ones."""
    from .gate.baseline import write_baseline
    from .job import own_reports, run_options
    from .pipeline import run as run_pipeline

    with user_errors():
        config = _load_config(corpus, overrides, config_file, False)
        with _progress() as progress:
            result = run_pipeline(corpus, run_options(config, [*own_reports(config), output], no_cache), progress=progress)
        write_baseline(result.findings, output)
    stdout.print(f"wrote {output} with {len(result.findings)} findings")


@app.command("rules", cls=_PlainHelp)
def list_rules(
    markdown: bool = typer.Option(False, "--markdown", help="Print a Markdown table (as in README.md)."),
) -> None:
    """List the checks: code, name, severity, what each one finds."""
    from .checks import ALL_CHECKS, rules_markdown

    if markdown:
        typer.echo(rules_markdown(), nl=False)
        return
    table = Table(title="mtcheck checks", title_justify="left")
    for column in ("code", "name", "severity", "needs", "summary"):
        table.add_column(column)
    for check in ALL_CHECKS:
        table.add_row(check.code, check.name, check.severity.value, ", ".join(sorted(check.needs)) or "MT only", check.summary())
    stdout.print(table)


@app.command("explain", cls=_PlainHelp)
def explain(code: str = typer.Argument(..., help="Check code (MT101) or name (garbled-name).", metavar="CODE")) -> None:
    """Print one check's documentation, with examples."""
    from .checks import ALL_CHECKS
    from .selection import normalised

    wanted = normalised(code)
    for check in ALL_CHECKS:
        if wanted in (check.code, check.name):
            stdout.print(f"{check.code} {check.name} ({check.severity.value})\n", markup=False)
            stdout.print(check.documentation(), markup=False)
            stdout.print(f"\nNeeds: {', '.join(sorted(check.needs)) or 'MT only'}.", markup=False)
            if check.defaults:
                stdout.print(f"\nSettings ([checks.{check.name}] in mtcheck.toml), with their defaults:", markup=False)
                for key, value in check.defaults.items():
                    stdout.print(f"  {key} = {value!r}" if isinstance(value, str) else f"  {key} = {value}", markup=False)
            else:
                stdout.print("\nSettings: none.", markup=False)
            return
    stderr.print(f"error: no check '{code}'; `mtcheck rules` lists them", soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


cache_app = typer.Typer(help="Inspect or empty the persistent cache.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


def _cache_for(corpus: Path, overrides: dict, config_file: Path | None):
    from .cache import Cache
    from .config import effective_cache_dir

    config = _load_config(corpus, overrides, config_file, False)
    return Cache(effective_cache_dir(config), config.cache_max_size)


@cache_app.command("info", cls=_PlainHelp)
@configured("cache-dir")
def cache_info(
    corpus: Path = typer.Argument(Path("."), help="Corpus folder whose configuration names the cache folder.", metavar="CORPUS"),
    overrides: dict = None,
    config_file: Optional[Path] = typer.Option(None, "--config", help="Read this configuration file.", metavar="PATH"),
) -> None:
    """Where the cache is, how big, and what it holds."""
    from .cache import format_size

    with user_errors():
        cache = _cache_for(corpus, overrides, config_file)
        info = cache.info()
        cache.close()
    for warning in cache.warnings:
        stderr.print(f"warning: {warning}", markup=False)
    stdout.print(f"cache: {info.path}", markup=False)
    if not info.exists:
        stdout.print("empty (no cache file yet)", markup=False)
        return
    stdout.print(f"size on disk: {format_size(info.file_size)} (limit {format_size(info.max_size)})", markup=False)
    table = Table(title="entries", title_justify="left")
    for column in ("kind", "entries", "size"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for kind, (count, size) in info.entries.items():
        table.add_row(kind, f"{count:,}", format_size(size))
    stdout.print(table)


@cache_app.command("clear", cls=_PlainHelp)
@configured("cache-dir")
def cache_clear(
    corpus: Path = typer.Argument(Path("."), help="Corpus folder whose configuration names the cache folder.", metavar="CORPUS"),
    overrides: dict = None,
    config_file: Optional[Path] = typer.Option(None, "--config", help="Read this configuration file.", metavar="PATH"),
) -> None:
    """Delete every entry of the cache; the next run computes everything again."""
    with user_errors():
        cache = _cache_for(corpus, overrides, config_file)
        existed = cache.path.exists()
        if existed:
            cache.clear()
        cache.close()
    for warning in cache.warnings:
        stderr.print(f"warning: {warning}", markup=False)
    stdout.print(f"cleared {cache.path}" if existed else f"nothing to clear: {cache.path} does not exist", markup=False)


glossary_app = typer.Typer(help="Build and inspect glossaries.", no_args_is_help=True)
app.add_typer(glossary_app, name="glossary")


@glossary_app.command("build", cls=_PlainHelp)
def build_glossary_command(
    corpus: Path = typer.Argument(..., help="Corpus whose references (and sources) to mine, or a folder of edited articles (NAME.ref.txt or .txt).", metavar="CORPUS"),
    output: Path = typer.Option(Path("glossary.csv"), "--output", "-o", help="Glossary CSV to write.", metavar="PATH"),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="sentence-transformers model name or folder.", metavar="TEXT"),
) -> None:
    """Mine names, acronyms and acronym definitions from the references (or edited articles alone) into a glossary CSV."""
    from .errors import InputError
    from .load.glossary import write_glossary_csv
    from .mining import build_glossary, edited_articles

    with user_errors():
        try:
            from .load import load_corpus

            corpus_data = load_corpus(corpus)
        except InputError as error:
            # No MT beside them: a folder of edited articles (NAME.ref.txt, or plain .txt) to mine as they are.
            documents = edited_articles(corpus) if corpus.exists() else []
            if not documents:
                raise error from None
        else:
            from .align import align_document
            from .embed import DEFAULT_MODEL, Embedder

            embedder = Embedder(model or DEFAULT_MODEL)
            documents = [align_document(document, embedder) for document in corpus_data.documents]
        glossary = build_glossary(documents)
        if not glossary.entries:
            raise MtcheckError(f"{corpus}: no names or acronyms found in the references; nothing to write")
        write_glossary_csv(glossary, output)
    stdout.print(f"wrote {output} with {len(glossary.entries)} entries; review it, then put it beside the corpus as glossary.csv")


def _corpus_paths(paths: list[Path]) -> tuple[list[Path], Path]:
    """The paths given, each once, and the folder they share (where the configuration is looked for)."""
    from .load import common_folder

    unique = list(dict.fromkeys(paths))
    for path in unique:
        if not path.exists():
            raise MtcheckError(f"{path}: no such file or folder")
    return unique, common_folder(unique)


def _hook_reports_folder(config):
    """Under pre-commit, reports go to a new temporary folder unless `out` is configured or given.

    A hook must leave the repository as it found it: a `reports/` folder
    appearing in every repository that runs the hook would be noise at best.
    """
    import os

    from .config import DEFAULT_ORIGIN

    if os.environ.get("PRE_COMMIT") != "1" or config.origin("out") != DEFAULT_ORIGIN:
        return config
    import dataclasses
    import tempfile

    return dataclasses.replace(config, out=Path(tempfile.mkdtemp(prefix="mtcheck-reports-")))


def _load_config(corpus: Path, overrides: dict, config_file: Path | None, isolated: bool):
    from .config import load_config

    return load_config(corpus, overrides, config_file=config_file, isolated=isolated)


def _parse_exports(values: list[str]) -> list[tuple[str, Path]]:
    from .config import OUTPUT_FORMATS

    exports = []
    for value in values:
        name, separator, path = value.partition("=")
        if not separator or not path or name not in OUTPUT_FORMATS:
            raise MtcheckError(f"--export {value}: expected FORMAT=PATH with FORMAT one of {', '.join(OUTPUT_FORMATS)}")
        exports.append((name, Path(path)))
    return exports


def _with_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


# Findings rows the terminal shows at most (whole documents, 5 findings each at most).
_SHOWN_FINDINGS = 50


def _present(outcome, config, output_file: Path | None, exports: list[tuple[str, Path]] = ()) -> None:
    """What the terminal shows of a job's outcome (its files are written by then)."""
    from .report.formats import render
    from .report.terminal import findings_table, gate_table

    written = outcome.written
    result = outcome.result
    # Machine-readable formats own standard output; the human summary goes to stderr.
    human = stdout if config.format == "text" and output_file is None else stderr
    for warning in result.warnings:
        stderr.print(f"warning: {warning}", soft_wrap=True)
    if len(result.system_scores) >= 2:
        # With one system, "nothing to compare" is no news; the note stays in the result (and the HTML report).
        for note in result.comparison_notes:
            stderr.print(f"warning: comparison: {note}", soft_wrap=True)
    _print_summary(result, written, human)
    if result.comparison:
        from .report.terminal import comparison_table

        human.print(comparison_table(result))
    by_reason: dict[str, list] = {}
    for skipped in result.skipped_checks:
        by_reason.setdefault(skipped.reason, []).append(skipped)
    for reason, skipped in by_reason.items():
        documents = max(item.documents for item in skipped)
        codes = ", ".join(item.code for item in skipped)
        human.print(f"not run on documents with {reason} ({_count(documents, 'document')}): {codes}", markup=False)
    if outcome.new:
        # A person reads a few dozen rows, and laying out thousands takes rich seconds: the first
        # documents' findings, then where all of them are.
        complete = [path.name for path in written if path.name in ("flags.csv", "report.html")]
        human.print(findings_table(outcome.new, per_document=5, most=_SHOWN_FINDINGS, listed_in=complete))
    if outcome.baselined:
        human.print(f"{len(outcome.baselined)} baselined finding(s) not counted by the gate", markup=False)
    for entry in outcome.stale:
        human.print(f"stale baseline entry: {entry.code} {entry.doc} segment {entry.segment}: {entry.found!r} no longer found", markup=False)
    human.print(gate_table(outcome.gate))
    if output_file is not None:
        human.print(f"wrote {output_file} ({config.format})", markup=False)
    elif config.format != "text":
        sys.stdout.write(_with_newline(render(config.format, outcome.new, gate=outcome.gate, result=result)))
    for name, path in exports:
        human.print(f"wrote {path} ({name})", markup=False)
    if config.annotate_xliff is not None:
        human.print(f"wrote {len(outcome.annotations)} annotated XLIFF file(s) to {config.annotate_xliff}", markup=False)
    page = next((path for path in written if path.name == "report.html"), None)
    if page is not None:
        human.print(f"reports are in {page.parent}; open {page} to review the findings", markup=False, soft_wrap=True)
    elif written:
        human.print(f"reports are in {written[0].parent}", markup=False, soft_wrap=True)


def _count(number: int, noun: str) -> str:
    """ "1 document", "4 documents". """
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _print_summary(result, written: list[Path], console: Console) -> None:
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
    console.print(table)
    for path in written:
        console.print(f"wrote {path}", markup=False)


def _number(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


# The garbage collector's first threshold for the mtcheck process. A run builds
# hundreds of thousands of small objects that live to its end (segments,
# findings, cache entries) and few reference cycles; at Python's default (700
# allocations) the collector walks them again and again, 10% of a warm rerun.
GC_FIRST_THRESHOLD = 20_000


def main() -> None:
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GC_FIRST_THRESHOLD, older, oldest)
    try:
        app()
    finally:
        # The run's objects end with the process: a last collection walking them all
        # (a quarter of a second after a 10,000-segment run) would only delay the exit.
        gc.freeze()


if __name__ == "__main__":
    sys.exit(main())
