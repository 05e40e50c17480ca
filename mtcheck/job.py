"""One library call from a configuration to an outcome: a run checked, gated and written.

configuration → run options and destinations (checked before any work is
done) → baseline → the pipeline (load → align → score → check → probability)
→ gate → one output batch (reports, `--output-file`, exports, annotated
XLIFF copies: all written, or none). The CLI calls `run_job` and keeps its
typer options, its printing and the exit code; a library user calls the same:

    from mtcheck.config import load_config
    from mtcheck.job import Job, run_job

    outcome = run_job(Job([Path("corpus")], load_config(Path("corpus"), {})))
    print(outcome.gate.passed, outcome.written)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Config


@dataclass
class Job:
    """What to run: corpus paths, the effective configuration, and where else the findings go."""

    corpus: list[Path]
    config: Config
    output_file: Path | None = None  # the `format` output, written to a file
    exports: list[tuple[str, Path]] = field(default_factory=list)  # (format, path): more formats from the same run
    no_cache: bool = False
    config_file: Path | None = None  # an input: no output may overwrite it
    title: str = ""  # the HTML report's title

    @property
    def folder(self) -> Path:
        from .load import common_folder

        return common_folder(self.corpus)


@dataclass
class Outcome:
    """What a job did: the run, the gate's verdict, which findings are new, and the files it wrote."""

    result: Any  # mtcheck.model.RunResult
    gate: Any  # mtcheck.gate.GateResult
    new: list  # findings the baseline does not know (all of them without a baseline)
    baselined: list
    stale: list  # baseline entries no longer found
    written: list[Path] = field(default_factory=list)  # the report folder's files
    files: list[Path] = field(default_factory=list)  # every file written, reports, outputs and copies
    annotations: dict[Path, Path] = field(default_factory=dict)  # XLIFF input → its annotated copy


def run_options(config: Config, output_paths=(), no_cache: bool = False, compare: bool = False):
    """The pipeline's options from a configuration; `output_paths` are files the corpus search must skip."""
    from .score.comparison import ComparisonOptions
    from .config import effective_cache_dir
    from .embed import EXPORTS_FOLDER
    from .pipeline import RunOptions

    comparison = None
    if compare and config.compare:
        comparison = ComparisonOptions(compare_to=config.compare_to, test=config.significance, weights=dict(config.gate.weights))
    return RunOptions(
        cache_dir=None if no_cache else effective_cache_dir(config),
        cache_max_size=config.cache_max_size,
        model=config.model,
        backend=config.backend,
        # The export is the model in another form, not cached results: kept even with --no-cache, so it is made once.
        export_dir=effective_cache_dir(config) / EXPORTS_FOLDER,
        select=config.select or None,
        ignore=config.ignore or None,
        severity_overrides=dict(config.severity),
        check_settings={code: dict(settings) for code, settings in config.checks.items()},
        glossary_paths=tuple(config.glossaries),
        glossary_languages=(config.source_lang, config.target_lang),
        output_paths=tuple(output_paths),
        engine=config.engine,
        scheduler=config.scheduler,
        workers=config.workers,
        comparison=comparison,
        probability_model=config.probability_model,
    )


def own_reports(config: Config) -> list[Path]:
    """The report and eval files in the configured report folder: mtcheck's, even from a version that marked none."""
    from .report.tables import EVAL_FILES, REPORT_FILES

    return [config.out / name for name in (*REPORT_FILES, *EVAL_FILES)]


def run_destinations(config: Config, output_file: Path | None, exports: list[tuple[str, Path]]) -> list[tuple[str, Path]]:
    """Every file a run writes, as (what, path)."""
    from .report.tables import REPORT_FILES

    destinations = [("report", config.out / name) for name in REPORT_FILES]
    if config.html:
        from .report.html import HTML_FILE

        destinations.append(("report", config.out / HTML_FILE))
    if output_file is not None:
        destinations.append(("--output-file", output_file))
    destinations += [(f"--export {name}", path) for name, path in exports]
    return destinations


def annotation_destinations(paths: list[Path], root: Path, config: Config, outputs: list[Path]) -> tuple[dict[Path, Path], list[Path]]:
    """For `annotate-xliff`: {XLIFF input: its annotated copy}, and every XLIFF file the run reads (references too).

    A copy keeps the input's path below the corpus folder, so two inputs of one name in different folders do not meet.
    """
    if config.annotate_xliff is None:
        return {}, []
    from .load.xliff import FORMAT, xliff_inputs
    from .report.outputs import OutputSkip

    is_output = OutputSkip([*own_reports(config), *outputs])
    inputs = list(dict.fromkeys(found for path in paths for found in xliff_inputs(path, is_output)))
    copies = {path: config.annotate_xliff / os.path.relpath(path, root) for path in inputs}
    references = [reference for reference in map(FORMAT.reference_beside, inputs) if reference is not None]
    return copies, [*inputs, *references]


def check_destinations(config: Config, destinations: list[tuple[str, Path]], corpus: Path, inputs) -> None:
    """Refuse, before any work, outputs that cannot be written or would overwrite an input."""
    from .report.outputs import check_destinations as check

    inputs = [corpus, *(path for path in inputs if path is not None)]
    folders = [config.out, *([config.annotate_xliff] if config.annotate_xliff is not None else [])]
    check(folders=folders, files=destinations, inputs=inputs, corpus=corpus)


def run_job(job: Job, progress=None) -> Outcome:
    """Check the destinations, run the pipeline, apply the baseline and the gate, write every output together."""
    from .gate.baseline import apply_baseline, load_baseline
    from .gate import evaluate_gate
    from .pipeline import run as run_pipeline

    config, folder = job.config, job.folder
    destinations = run_destinations(config, job.output_file, job.exports)
    annotations, xliff_files = annotation_destinations(job.corpus, folder, config, [path for _, path in destinations])
    destinations += [("--annotate-xliff", copy) for copy in annotations.values()]
    inputs = [*job.corpus, job.config_file, config.baseline, *config.glossaries, *xliff_files]
    check_destinations(config, destinations, folder, inputs=inputs)

    baseline = load_baseline(config.baseline) if config.baseline else None
    options = run_options(config, [*own_reports(config), *(path for _, path in destinations)], job.no_cache, compare=True)
    result = run_pipeline(job.corpus if len(job.corpus) > 1 else job.corpus[0], options, progress=progress)
    if baseline is not None:
        new, baselined, stale = apply_baseline(result.findings, baseline)
    else:
        new, baselined, stale = list(result.findings), [], []
    gate = evaluate_gate(result, config.gate, set(baselined))
    outcome = Outcome(result, gate, new, baselined, stale, annotations=annotations)
    outcome.written, outcome.files = _write_outputs(job, outcome, options.cache_dir, options.cache_max_size)
    return outcome


def _with_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def _write_outputs(job: Job, outcome: Outcome, cache_dir: Path | None = None, cache_max_size: int | None = None) -> tuple[list[Path], list[Path]]:
    """Reports, the output file, exports and annotated XLIFF copies, committed together: all, or none if any write fails.

    `cache_dir`: the run's persistent cache (None without one), which keeps report.html's chart drawings too.
    """
    from .report.formats import render
    from .report.outputs import OutputBatch
    from .report.tables import write_reports

    config = job.config
    known = set(outcome.baselined)
    flag_columns = {"status": ["baselined" if finding in known else "new" for finding in outcome.result.findings]}
    with OutputBatch(command="run", folder=config.out) as batch:
        written = write_reports(outcome.result, config.out, outcome.gate.failures_by_system(), flag_columns, batch)
        if config.html:
            from .report.html import write_html

            with _chart_cache(cache_dir, cache_max_size, outcome.result.warnings) as chart_cache:
                written.append(
                    write_html(outcome.result, config.out, outcome.gate, config.gate, outcome.baselined, job.title, batch, chart_cache)
                )
        if job.output_file is not None:
            batch.add(job.output_file, _with_newline(render(config.format, outcome.new, gate=outcome.gate, result=outcome.result)))
        for name, path in job.exports:
            batch.add(path, _with_newline(render(name, outcome.new, gate=outcome.gate, result=outcome.result)))
        if outcome.annotations:
            from .report.xliff import annotated_copies

            for copy, data in annotated_copies(outcome.result.findings, outcome.annotations):
                batch.add(copy, data)
        files = batch.commit()
    return written, files


@contextmanager
def _chart_cache(cache_dir: Path | None, max_size: int | None, warnings: list[str]) -> Iterator[Any]:
    """The run's cache again, for report.html's charts (the pipeline has closed its own by now); None without one.

    What the cache says (a damaged file set aside) goes to `warnings`, once.
    """
    if cache_dir is None:
        yield None
        return
    from .cache import Cache

    with Cache(cache_dir, max_size) as cache:
        yield cache
    warnings.extend(warning for warning in cache.warnings if warning not in warnings)
