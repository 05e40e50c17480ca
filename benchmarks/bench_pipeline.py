"""Throughput and memory of `mtcheck run`, against the floor of its two costly parts.

Builds a synthetic news corpus of a given number of segments (documents of
~20 segments, ~30 words each; every tenth document not line-aligned with its
reference, with boilerplate and a merged sentence, so the aligner works too),
runs the pipeline phase by phase, then measures on the same texts the floor:
one encode pass over the distinct texts plus sacrebleu's BLEU, chrF and TER
alone in one process. Prints per-phase times, segments per second, peak
memory and the pipeline/floor ratio. Two more shapes of input: a single-line
article of several MB (a scraped page with no line breaks), without and with
a reference, and thousands of tiny documents.

With --cache, measures the persistent cache instead, each run a separate
`mtcheck run` process on the same corpus, as CI runs it: a cold run into an
empty cache folder, a warm rerun of the unchanged corpus, and a rerun after
editing 1% of the MT segments spread over 1% of the documents; prints each
run's time, warm/cold and edit/cold, and the peak memory of each run's whole
process tree (the run and its sacrebleu workers).

    python benchmarks/bench_pipeline.py --segments 2000 10000
    python benchmarks/bench_pipeline.py --segments --long-article 5 --tiny-documents 2000
    python benchmarks/bench_pipeline.py --segments --cache 10000
    python benchmarks/bench_pipeline.py --segments --scale 10000 100000 --engines 10000
    python benchmarks/bench_pipeline.py --segments 10000 --news-corpus auto --cache 10000 --scale 10000 100000 --engines 10000
    python benchmarks/bench_pipeline.py --segments --html 10000

With --scale, each size runs as its own `mtcheck run` process and the peak
memory of the whole process tree (the run, its sacrebleu workers) is sampled;
with --engines, the same corpus runs on the local and on the dask engine.
With --html, measures report.html of a `mtcheck run` on the synthetic corpus:
its size, and how long headless chromium takes to load it until the page's
own "ready" marker (the first page of documents drawn), and to apply a filter.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

FIRST = ["Ingrid", "Tomas", "Amara", "Pavel", "Lucia", "Kenji", "Odile", "Rafael", "Marta", "Yusuf", "Helga", "Dmitri"]
LAST = ["Halvorsen", "Kolesnik", "Okafor", "Lindqvist", "Moreau", "Varga", "Sato", "Brennan", "Castell", "Novak", "Petrov", "Osei"]
BODIES = ["Port Authority", "Coastal Shipping Authority", "Ministry of Finance", "Central Bank", "Supreme Court", "Energy Council"]
PLACES = ["Varnek", "Ostrava", "Lisbon", "Tallinn", "Accra", "Geneva", "Brussels", "Nairobi", "Osaka", "Quito"]
VERBS = [("said", "stated"), ("warned", "cautioned"), ("announced", "declared"), ("argued", "claimed")]
TOPICS = [
    ("the new budget would cut spending on roads and schools by {n} million euros next year",
     "the new budget would reduce spending on roads and schools by {n} million euros next year"),
    ("more than {n} workers had joined the strike since the talks collapsed on Monday",
     "over {n} workers had joined the strike since negotiations collapsed on Monday"),
    ("the {body} would review the contract before the end of the month and publish its findings",
     "the {body} would examine the contract before the end of the month and publish its conclusions"),
    ("flood damage in {place} was estimated at {n} million after the river burst its banks",
     "flood damage in {place} was put at {n} million after the river overflowed its banks"),
    ("talks in {place} would resume on Wednesday with officials from the {body} present",
     "negotiations in {place} would restart on Wednesday with officials of the {body} attending"),
]
BOILERPLATE = ["Share this article", "No comments:", "Post a Comment", "Related: Markets close lower as energy prices rise"]


def sentence_pair(rng: random.Random) -> tuple[str, str]:
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    mt_verb, ref_verb = rng.choice(VERBS)
    mt_topic, ref_topic = rng.choice(TOPICS)
    fill = {"n": f"{rng.randint(2, 950):,}", "body": rng.choice(BODIES), "place": rng.choice(PLACES)}
    day = rng.choice(["on Monday", "on Tuesday", "late on Friday", "in a statement", "at a briefing"])
    mt = f"{person} {mt_verb} {day} that {mt_topic.format(**fill)}."
    ref = f"{person} {ref_verb} {day} that {ref_topic.format(**fill)}."
    if rng.random() < 0.05:  # an occasional garbled surname, as real MT has
        surname = person.split()[1]
        mt = mt.replace(surname, surname[:-1] + surname[-1] * 2, 1)
    return mt, ref


def build_corpus(folder: Path, segments: int, per_document: int = 20, seed: int = 7) -> None:
    rng = random.Random(seed)
    documents = -(-segments // per_document)
    made = 0
    for number in range(documents):
        count = min(per_document, segments - made)
        pairs = [sentence_pair(rng) for _ in range(count)]
        made += count
        mt_lines = [mt for mt, _ in pairs]
        ref_lines = [ref for _, ref in pairs]
        if number % 10 == 9 and count > 3:
            # Not line-aligned: two MT lines joined, and page boilerplate at the end.
            mt_lines[1:3] = [f"{mt_lines[1]} {mt_lines[2]}"]
            mt_lines += BOILERPLATE
        (folder / f"doc{number:05d}.mt.txt").write_text("\n".join(mt_lines) + "\n", encoding="utf-8")
        (folder / f"doc{number:05d}.ref.txt").write_text("\n".join(ref_lines) + "\n", encoding="utf-8")


def peak_memory_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def _cpu_seconds() -> float:
    """User + system CPU time of this process and the children it has waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def build_long_article(folder: Path, megabytes: float, with_reference: bool, seed: int = 11) -> None:
    """One document of one line of `megabytes` MB: a scraped page with no line breaks."""
    rng = random.Random(seed)
    mt, ref, size = [], [], 0
    while size < megabytes * 1_000_000:
        mt_sentence, ref_sentence = sentence_pair(rng)
        mt.append(mt_sentence)
        ref.append(ref_sentence)
        size += len(mt_sentence) + 1
    (folder / "page.mt.txt").write_text(" ".join(mt) + "\n", encoding="utf-8")
    if with_reference:
        (folder / "page.ref.txt").write_text(" ".join(ref) + "\n", encoding="utf-8")


def build_tiny_documents(folder: Path, documents: int, seed: int = 13) -> None:
    """Many documents of one or two lines each, as text files: a desk's headlines and briefs."""
    rng = random.Random(seed)
    for number in range(documents):
        pairs = [sentence_pair(rng) for _ in range(rng.choice((1, 2)))]
        (folder / f"brief{number:05d}.mt.txt").write_text("\n".join(mt for mt, _ in pairs) + "\n", encoding="utf-8")
        (folder / f"brief{number:05d}.ref.txt").write_text("\n".join(ref for _, ref in pairs) + "\n", encoding="utf-8")


class _TimedEmbedder:
    """The embedder with the time its model spends encoding counted, so alignment can be shown without it."""

    def __init__(self, embedder):
        self._embedder = embedder
        self.seconds = 0.0

    def encode(self, texts, *args, **kwargs):
        started = time.perf_counter()
        try:
            return self._embedder.encode(texts, *args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started

    def __getattr__(self, name):
        return getattr(self._embedder, name)


def bench(segments: int, checks: bool = True) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as workdir:
        corpus = Path(workdir) / "corpus"
        corpus.mkdir()
        build_corpus(corpus, segments)
        return measure(corpus, Path(workdir), f"{segments:,} segments{'' if checks else ', checks off'}", checks)


def measure(corpus: Path, workdir: Path, title: str, checks: bool = True) -> dict[str, float]:
    """Run the pipeline on `corpus` phase by phase, then the floor on the same texts; print both."""
    from mtcheck.embed import Embedder
    from mtcheck.pipeline import RunOptions, run
    from mtcheck.report.tables import write_reports

    characters = corpus.stat().st_size if corpus.is_file() else sum(path.stat().st_size for path in corpus.glob("*.mt*.txt"))
    embedder = _TimedEmbedder(Embedder())
    started = time.perf_counter()
    embedder.encode(["load the model"])
    model_load = time.perf_counter() - started
    embedder.seconds = 0.0

    started = time.perf_counter()
    cpu_started = _cpu_seconds()
    # "MT" selects every check by prefix: ignoring it measures the run without checks.
    options = RunOptions() if checks else RunOptions(ignore=["MT"])
    result = run(corpus, options, embedder=embedder)
    write_started = time.perf_counter()
    write_reports(result, workdir / "reports")
    report_time = time.perf_counter() - write_started
    total = time.perf_counter() - started
    cpu_total = _cpu_seconds() - cpu_started
    timings = dict(result.timings, report=report_time)
    scored = sum(1 for document in result.documents for segment in document.segments if segment.ref and segment.mt)
    segments = sum(len(document.segments) for document in result.documents)

    # The floor, on the same texts: one encode pass and sacrebleu alone; with nothing
    # to encode or score (no reference), one pass of the word tokeniser over the MT.
    import sacrebleu

    pairs = [(s.mt, s.ref) for d in result.documents for s in d.segments if s.ref and s.mt]
    hyps, refs = [p[0] for p in pairs], [[p[1] for p in pairs]]
    distinct = list(dict.fromkeys(text for pair in pairs for text in pair))
    floor_encode = floor_sacrebleu = floor_tokens = 0.0
    if pairs:
        fresh = Embedder(backend="torch")  # the floor stays torch, whatever the run's backend
        fresh.encode(["load the model"])
        started = time.perf_counter()
        fresh.encode(distinct)
        floor_encode = time.perf_counter() - started
        started = time.perf_counter()
        sacrebleu.corpus_bleu(hyps, refs)
        sacrebleu.corpus_chrf(hyps, refs)
        sacrebleu.corpus_ter(hyps, refs)
        floor_sacrebleu = time.perf_counter() - started
    else:
        import re

        started = time.perf_counter()
        for document in result.documents:
            re.findall(r"[^\W_]+", document.mt_text)
        floor_tokens = time.perf_counter() - started

    own, children = peak_memory_mb()
    floor = floor_encode + floor_sacrebleu + floor_tokens
    print(f"\n== {title} ({len(result.documents):,} documents, {segments:,} segments, {scored:,} scored pairs, {len(result.findings)} findings)")
    print(f"model load (once, not counted): {model_load:6.1f} s")
    labels = {"encode": "  encode (part of score: similarity texts)", "score": "score (sacrebleu in workers, overlapping encode)"}
    for phase in ("load", "align", "score", "encode", "check", "report"):
        print(f"  {phase:<7} {timings.get(phase, 0.0):7.2f} s   {labels.get(phase, '')}".rstrip())
    without_model = total - embedder.seconds
    print(
        f"  total   {total:7.2f} s   -> {segments / total:,.0f} segments/s, {characters / total / 1e6:.2f} MB of MT/s; "
        f"{without_model:.2f} s without the model's encoding ({embedder.seconds:.2f} s in all phases, alignment's included)"
    )
    if pairs:
        print(f"floor: encode {len(distinct):,} distinct texts {floor_encode:.2f} s + sacrebleu BLEU/chrF/TER {floor_sacrebleu:.2f} s = {floor:.2f} s")
    else:
        print(f"floor: one tokenising pass over the MT {floor_tokens:.2f} s (nothing to encode or score without a reference)")
    print(f"  CPU time {cpu_total:.1f} s (this process and its sacrebleu workers)")
    print(f"pipeline / floor: {total / floor:.2f}x" if floor else "pipeline / floor: -")
    print(f"peak memory so far: {own:,.0f} MB (this process), {children:,.0f} MB (largest worker)")
    return {"total": total, "floor": floor}


def bench_long_article(megabytes: float, with_reference: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as workdir:
        corpus = Path(workdir) / "corpus"
        corpus.mkdir()
        build_long_article(corpus, megabytes, with_reference)
        title = f"{megabytes:g} MB single-line article, {'with' if with_reference else 'without'} a reference"
        return measure(corpus, Path(workdir), title)


def bench_tiny_documents(documents: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as workdir:
        corpus = Path(workdir) / "corpus"
        corpus.mkdir()
        build_tiny_documents(corpus, documents)
        return measure(corpus, Path(workdir), f"{documents:,} tiny documents (one or two lines each)")


def edit_corpus(folder: Path, share: float = 0.01, seed: int = 11) -> tuple[int, int]:
    """Edit `share` of the MT segments, spread over `share` of the documents; returns (segments, documents) edited."""
    rng = random.Random(seed)
    files = sorted(folder.glob("*.mt.txt"))
    total = sum(len(path.read_text(encoding="utf-8").splitlines()) for path in files)
    wanted = max(1, round(total * share))
    chosen = files[:: max(1, round(1 / share))][: max(1, round(len(files) * share))]
    per_document = -(-wanted // len(chosen))
    edited = 0
    for path in chosen:
        lines = path.read_text(encoding="utf-8").splitlines()
        for index in rng.sample(range(len(lines)), min(per_document, len(lines), wanted - edited)):
            # A realistic post-edit: one word and one number change, the line stays a translation.
            lines[index] = lines[index].replace(" that ", " that, according to officials, ", 1).replace("1", "7", 1)
            edited += 1
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return edited, len(chosen)


def _tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, from /proc (Linux)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="utf-8") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
        except OSError:
            continue
        parents[int(entry)] = int(fields.get("PPid", "0").strip())
        rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in tree) / 1024


def timed_run(arguments: list[str]) -> tuple[float, float]:
    """Wall time of one `mtcheck run` process and the peak memory of its process tree (MB)."""
    elapsed, _, peak = timed_process(arguments)
    return elapsed, peak


def timed_process(arguments: list[str]) -> tuple[float, float, float]:
    """Wall time, CPU time (user + system of the whole process tree) and peak memory (MB) of one process.

    The CPU time is what the kernel counts for the child and every descendant
    it waited for (torch's threads, sacrebleu's worker processes), so a run
    that only spreads the same work over more cores gets no credit for it.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            if os.path.isdir("/proc"):
                peak = max(peak, _tree_rss_mb(process.pid))
            done.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(arguments[:4])} failed ({process.returncode}): {errors.decode()[-2000:]}")
    if not peak:  # no /proc: the largest single process instead
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, cpu, peak


def bench_cache(segments: int) -> dict[str, float]:
    mtcheck = [sys.executable, "-m", "mtcheck.cli", "run"]
    with tempfile.TemporaryDirectory() as workdir:
        corpus, cache, reports = Path(workdir) / "corpus", Path(workdir) / "cache", Path(workdir) / "reports"
        corpus.mkdir()
        build_corpus(corpus, segments)
        common = ["--cache-dir", str(cache), "--exit-zero"]
        # The model's export (ONNX/OpenVINO backends) is made once per machine, not per corpus:
        # made before the cold run, so "cold" is a new corpus on a machine that has run mtcheck before.
        from mtcheck.embed import EXPORTS_FOLDER, Embedder

        Embedder(export_dir=cache / EXPORTS_FOLDER).encode(["export the model"])
        cold, cold_peak = timed_run([*mtcheck, str(corpus), *common, "--out", str(reports / "cold")])
        warm, warm_peak = timed_run([*mtcheck, str(corpus), *common, "--out", str(reports / "warm")])
        same = all((reports / "cold" / name).read_bytes() == (reports / "warm" / name).read_bytes() for name in ("segments.csv", "flags.csv", "documents.csv", "summary.csv"))
        edited, documents = edit_corpus(corpus)
        edit, edit_peak = timed_run([*mtcheck, str(corpus), *common, "--out", str(reports / "edit")])
        uncached, _ = timed_run([*mtcheck, str(corpus), "--no-cache", "--exit-zero", "--out", str(reports / "uncached")])
        edit_same = all((reports / "edit" / name).read_bytes() == (reports / "uncached" / name).read_bytes() for name in ("segments.csv", "flags.csv", "documents.csv", "summary.csv"))
        size = sum(path.stat().st_size for path in cache.iterdir())
        shutil.rmtree(cache)
    print(f"\n== cache, {segments:,} segments (each run a separate mtcheck process, model load included)")
    print(f"  cold run (empty cache)         {cold:7.1f} s   peak {cold_peak:,.0f} MB")
    print(f"  warm rerun, unchanged corpus   {warm:7.1f} s   peak {warm_peak:,.0f} MB   warm/cold {warm / cold:.3f}x   reports identical: {same}")
    print(f"  rerun after editing {edited} segments in {documents} documents {edit:5.1f} s   peak {edit_peak:,.0f} MB   edit/cold {edit / cold:.3f}x")
    print(f"  the edited corpus without the cache {uncached:5.1f} s   reports identical to the cached rerun: {edit_same}")
    print(f"  cache folder: {size / 1e6:.1f} MB")
    return {"cold": cold, "warm": warm, "edit": edit}


CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage")


def bench_html(segments: int, loads: int = 3) -> dict[str, float]:
    """Size of report.html of a run on the synthetic corpus, and its load time in headless chromium."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    with tempfile.TemporaryDirectory() as workdir:
        corpus, reports = Path(workdir) / "corpus", Path(workdir) / "reports"
        corpus.mkdir()
        build_corpus(corpus, segments)
        run_time, _ = timed_run([sys.executable, "-m", "mtcheck.cli", "run", str(corpus), "--out", str(reports), "--exit-zero",
                                 "--cache-dir", str(Path(workdir) / "cache")])
        page = reports / "report.html"
        size = page.stat().st_size
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in (*CHROMIUM_FLAGS, "--window-size=1400,1000"):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
        times = []
        try:
            for _ in range(loads):
                started = time.perf_counter()
                driver.get(page.as_uri())
                WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.body && document.body.dataset.ready === 'true'"))
                wall = time.perf_counter() - started
                # From the start of navigation to the marker, as the page itself measured it.
                ready = driver.execute_script("return performance.getEntriesByName('mtcheck-ready')[0].startTime") / 1000
                times.append((ready, wall))
            filter_ms = driver.execute_script(
                """const select = document.getElementById('filter-severity'); select.value = 'major';
                   const started = performance.now(); select.dispatchEvent(new Event('change'));
                   return performance.now() - started;"""
            )
            page_ms = driver.execute_script(
                """const button = document.querySelector('#pager-top button[data-page="1"]');
                   const started = performance.now(); button.click(); return performance.now() - started;"""
            )
            shown = driver.execute_script("return [document.body.dataset.shownSegments, document.body.dataset.matchingSegments]")
        finally:
            driver.quit()
    ready_times = sorted(ready for ready, _ in times)
    print(f"\n== report.html, {segments:,} segments (mtcheck run {run_time:.0f} s)")
    print(f"  file size                      {size / 1e6:7.2f} MB ({size:,} bytes)")
    print(f"  load to the page's ready mark  " + ", ".join(f"{ready:.2f} s" for ready, _ in times) + f" (median {ready_times[len(ready_times) // 2]:.2f} s; as selenium saw it: " + ", ".join(f"{wall:.2f} s" for _, wall in times) + ")")
    print(f"  severity filter applied in     {filter_ms:7.0f} ms; next page in {page_ms:.0f} ms ({shown[0]} of {shown[1]} matching segments on a page)")
    return {"size": size, "ready": ready_times[len(ready_times) // 2], "filter_ms": filter_ms}


def bench_scale(sizes: list[int]) -> dict[int, tuple[float, float]]:
    """Each size a separate `mtcheck run` process; time per segment and peak memory of the process tree."""
    mtcheck = [sys.executable, "-m", "mtcheck.cli", "run"]
    measured = {}
    with tempfile.TemporaryDirectory() as workdir:
        for size in sizes:
            corpus = Path(workdir) / f"corpus-{size}"
            corpus.mkdir()
            build_corpus(corpus, size)
            elapsed, peak = timed_run([*mtcheck, str(corpus), "--no-cache", "--exit-zero", "--out", str(Path(workdir) / f"reports-{size}")])
            measured[size] = (elapsed, peak)
            shutil.rmtree(corpus)
    print("\n== scale (each size a separate mtcheck process, model load included, no cache)")
    smallest = min(measured)
    for size, (elapsed, peak) in measured.items():
        per_segment = elapsed / size * 1000
        ratio = per_segment / (measured[smallest][0] / smallest * 1000)
        print(f"  {size:>9,} segments {elapsed:8.1f} s   {per_segment:6.2f} ms/segment ({ratio:.2f}x the {smallest:,}-segment run's)   peak {peak:,.0f} MB (whole process tree)")
    return measured


def bench_engines(segments: int, workers: int = 2) -> dict[str, float]:
    """The same corpus with the local engine and the dask engine on a LocalCluster of `workers` processes."""
    mtcheck = [sys.executable, "-m", "mtcheck.cli", "run"]
    with tempfile.TemporaryDirectory() as workdir:
        corpus, reports = Path(workdir) / "corpus", Path(workdir) / "reports"
        corpus.mkdir()
        build_corpus(corpus, segments)
        local, local_peak = timed_run([*mtcheck, str(corpus), "--no-cache", "--exit-zero", "--out", str(reports / "local")])
        on_dask, dask_peak = timed_run(
            [*mtcheck, str(corpus), "--no-cache", "--exit-zero", "--out", str(reports / "dask"), "--engine", "dask", "--workers", str(workers)]
        )
        same = all((reports / "local" / name).read_bytes() == (reports / "dask" / name).read_bytes() for name in ("segments.csv", "flags.csv", "documents.csv", "summary.csv"))
    print(f"\n== engines, {segments:,} segments (each run a separate mtcheck process, model load and cluster start included)")
    print(f"  local engine                    {local:7.1f} s   {segments / local:6.1f} segments/s   peak {local_peak:,.0f} MB")
    print(f"  dask engine, {workers} local workers    {on_dask:7.1f} s   {segments / on_dask:6.1f} segments/s "
          f"({segments / on_dask / workers:.1f} per worker)   peak {dask_peak:,.0f} MB   reports identical: {same}")
    return {"local": local, "dask": on_dask}


def read_pairs(segments_csv: Path) -> list[tuple[str, str]]:
    """The (MT, reference) pairs a run scored, from its segments.csv (formula-neutralising quotes undone)."""
    import csv

    def plain(text: str) -> str:
        return text[1:] if text[:2] in ("'=", "'+", "'-", "'@") else text

    with segments_csv.open(encoding="utf-8-sig", newline="") as handle:
        return [(plain(row["mt"]), plain(row["ref"])) for row in csv.DictReader(handle) if row["mt"] and row["ref"]]


def floor_main(segments_csv: Path) -> int:
    """The floor as its own process: torch's encoder over the distinct texts once, then sacrebleu's BLEU, chrF and TER."""
    import sacrebleu

    from mtcheck.embed import Embedder

    pairs = read_pairs(segments_csv)
    Embedder(backend="torch").encode(list(dict.fromkeys(text for pair in pairs for text in pair)))
    hyps, refs = [mt for mt, _ in pairs], [[ref for _, ref in pairs]]
    sacrebleu.corpus_bleu(hyps, refs)
    sacrebleu.corpus_chrf(hyps, refs)
    sacrebleu.corpus_ter(hyps, refs)
    return 0


def encode_throughput(pairs: list[tuple[str, str]], backends: list[str], texts: int = 3000) -> None:
    """Texts per second of each backend, on the run's long texts and on short name-like phrases, as the checks encode them."""
    from mtcheck.embed import Embedder

    long_texts = list(dict.fromkeys(mt for mt, _ in pairs))[:texts]
    words = [word for mt in long_texts for word in mt.split() if word[:1].isupper()]
    short_texts = list(dict.fromkeys(" ".join(words[i : i + 2]) for i in range(len(words) - 1)))[:texts]
    print(f"  encode throughput ({len(long_texts):,} long texts, {len(short_texts):,} short phrases; model loaded and warmed first):")
    baseline: dict[str, float] = {}
    for backend in backends:
        with tempfile.TemporaryDirectory() as exports:
            embedder = Embedder(backend=backend, export_dir=Path(exports))
            try:
                embedder.encode(["warm the model up"])
            except Exception as error:  # noqa: BLE001 - a backend this machine lacks is reported, not fatal
                print(f"    {backend:<9} unavailable: {error}")
                continue
            rates = {}
            for kind, sample in (("long", long_texts), ("short", short_texts)):
                embedder.forget()
                started = time.perf_counter()
                embedder.encode(sample)
                rates[kind] = len(sample) / (time.perf_counter() - started)
            baseline = baseline or rates
            print(f"    {backend:<9} ({embedder.backend.label:<13}) {rates['long']:7.0f} long/s ({rates['long'] / baseline['long']:.2f}x)"
                  f"   {rates['short']:7.0f} short/s ({rates['short'] / baseline['short']:.2f}x)"
                  + ("   [the default]" if backend == "auto" else ""))


def bench_floor(corpus: Path, title: str, backends: list[str]) -> dict[str, float]:
    """A cold `mtcheck run` (no cache) per backend against the floor, each its own process: wall and CPU time."""
    here = Path(__file__).resolve()
    measured: dict[str, tuple[float, float, float]] = {}
    with tempfile.TemporaryDirectory() as workdir:
        exports = Path(workdir) / "exports"
        for backend in backends:
            # The export to ONNX happens once per machine and model, not per run: done before timing.
            from mtcheck.embed import Embedder

            started = time.perf_counter()
            Embedder(backend=backend, export_dir=exports / "models").encode(["export the model"])
            print(f"  backend {backend}: ready in {time.perf_counter() - started:.1f} s (export included where one was made; once, not timed)")
        for backend in backends:
            reports = Path(workdir) / f"reports-{backend}"
            measured[backend] = timed_process(
                [sys.executable, "-m", "mtcheck.cli", "run", str(corpus), "--no-cache", "--exit-zero", "--backend", backend,
                 "--cache-dir", str(exports), "--out", str(reports)]
            )
        segments_csv = Path(workdir) / f"reports-{backends[0]}" / "segments.csv"
        pairs = read_pairs(segments_csv)
        floor = timed_process([sys.executable, str(here), "--floor-of", str(segments_csv)])
        print(f"\n== against the floor: {title} ({len(pairs):,} scored pairs; each a separate process from start-up, model load included)")
        print(f"  floor (torch encode of the distinct texts + sacrebleu BLEU/chrF/TER, one process) "
              f"wall {floor[0]:6.1f} s   CPU {floor[1]:6.1f} s   peak {floor[2]:,.0f} MB")
        for backend, (wall, cpu, peak) in measured.items():
            print(f"  mtcheck run --no-cache --backend {backend:<9} wall {wall:6.1f} s ({wall / floor[0]:.2f}x)   "
                  f"CPU {cpu:6.1f} s ({cpu / floor[1]:.2f}x)   peak {peak:,.0f} MB")
        encode_throughput(pairs, ["torch", "onnx", "openvino", "auto"])
    return {"floor_wall": floor[0], "floor_cpu": floor[1], **{f"{b}_wall": m[0] for b, m in measured.items()}, **{f"{b}_cpu": m[1] for b, m in measured.items()}}


def bench_floor_synthetic(segments: int, backends: list[str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as workdir:
        corpus = Path(workdir) / "corpus"
        corpus.mkdir()
        build_corpus(corpus, segments)
        return bench_floor(corpus, f"{segments:,} synthetic segments", backends)


def default_news_corpus() -> Path | None:
    """The real-news dev table, where this checkout sits beside the evaluation data (it is not part of mtcheck)."""
    candidate = Path(__file__).resolve().parents[2] / "shared" / "eval" / "mqm_wmt23_zhen_dev" / "corpus.tsv"
    return candidate if candidate.is_file() else None


def bench_news(path: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as workdir:
        return measure(path, Path(workdir), f"real news table {path.name}")


def compile_package() -> None:
    """Write mtcheck's bytecode before timing, as `pip install` leaves an installed package.

    A checkout installed in editable mode writes it on first import, unless
    PYTHONDONTWRITEBYTECODE is set (some CI images and sandboxes set it): then
    every run compiles mtcheck's 19,000 lines again, about 0.15 s that no
    installed copy pays and that would be most of a warm rerun's difference.
    """
    import compileall

    import mtcheck

    package = Path(mtcheck.__file__).parent
    compileall.compile_dir(str(package), quiet=1, force=False)
    print(f"  bytecode of {package} written (as an installed package has it)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--segments", type=int, nargs="*", default=[2000], help="synthetic corpus sizes to run against the floor (none: skip)")
    parser.add_argument("--without-checks", action="store_true", help="also run each size with every check off, to see what checks cost")
    parser.add_argument("--news-corpus", type=Path, default=None, metavar="TABLE",
                        help="also a table of real news MT (~30 words a segment) against the floor; 'auto': the dev set beside this checkout, when present")
    parser.add_argument("--long-article", type=float, nargs="*", default=[], metavar="MB",
                        help="also a single-line article of this many MB, without and with a reference (e.g. 5)")
    parser.add_argument("--tiny-documents", type=int, nargs="*", default=[], metavar="N",
                        help="also N documents of one or two lines each, as text files (e.g. 2000)")
    parser.add_argument("--without-reference-only", action="store_true", help="run the long article without a reference only")
    parser.add_argument("--cache", type=int, nargs="*", default=[], metavar="N",
                        help="also cold, warm and edited reruns with the persistent cache on N synthetic segments (e.g. 10000)")
    parser.add_argument("--scale", type=int, nargs="*", default=[], metavar="N",
                        help="also these sizes each in its own process: time per segment and peak memory (e.g. 10000 100000)")
    parser.add_argument("--engines", type=int, nargs="*", default=[], metavar="N",
                        help="also the local and the dask engine (2 local workers) on N synthetic segments (e.g. 10000)")
    parser.add_argument("--html", type=int, nargs="*", default=[], metavar="N",
                        help="also report.html of a run on N synthetic segments: its size and load time in headless chromium (e.g. 10000)")
    parser.add_argument("--floor", type=int, nargs="*", default=[], metavar="N",
                        help="also cold runs on N synthetic segments (and on --news-corpus) against the floor, each its own process: wall and CPU time of the whole process tree, and encode throughput per backend")
    parser.add_argument("--backends", nargs="+", default=["auto", "torch"], help="the backends --floor runs mtcheck with (default: auto torch)")
    parser.add_argument("--floor-of", type=Path, help=argparse.SUPPRESS)  # the floor's own process, on a run's segments.csv
    arguments = parser.parse_args(argv)
    if arguments.floor_of:
        return floor_main(arguments.floor_of)
    print(f"mtcheck pipeline benchmark, python {sys.version.split()[0]}, {os.cpu_count()} cores")
    compile_package()
    for size in arguments.segments:
        if arguments.without_checks:
            bench(size, checks=False)
        bench(size)
    news = default_news_corpus() if str(arguments.news_corpus) == "auto" else arguments.news_corpus
    for size in arguments.floor:
        bench_floor_synthetic(size, arguments.backends)
    if news is not None and arguments.floor:
        bench_floor(news, f"real news table {news.name}", arguments.backends)
    elif news is not None:
        bench_news(news)
    elif str(arguments.news_corpus) == "auto":
        print("\n== real news table: none found beside this checkout; pass --news-corpus TABLE")
    for megabytes in arguments.long_article:
        bench_long_article(megabytes, with_reference=False)
        if not arguments.without_reference_only:
            bench_long_article(megabytes, with_reference=True)
    for documents in arguments.tiny_documents:
        bench_tiny_documents(documents)
    for size in arguments.cache:
        bench_cache(size)
    if arguments.scale:
        bench_scale(arguments.scale)
    for size in arguments.engines:
        bench_engines(size)
    for size in arguments.html:
        bench_html(size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
