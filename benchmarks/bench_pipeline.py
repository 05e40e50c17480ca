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

    python benchmarks/bench_pipeline.py --segments 2000 10000
    python benchmarks/bench_pipeline.py --segments --long-article 5 --tiny-documents 2000
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
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
    from mtcheck.report import write_reports

    characters = sum(path.stat().st_size for path in corpus.glob("*.mt*.txt"))
    embedder = _TimedEmbedder(Embedder())
    started = time.perf_counter()
    embedder.encode(["load the model"])
    model_load = time.perf_counter() - started
    embedder.seconds = 0.0

    started = time.perf_counter()
    # "MT" selects every check by prefix: ignoring it measures the run without checks.
    options = RunOptions() if checks else RunOptions(ignore=["MT"])
    result = run(corpus, options, embedder=embedder)
    write_started = time.perf_counter()
    write_reports(result, workdir / "reports")
    report_time = time.perf_counter() - write_started
    total = time.perf_counter() - started
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
        fresh = Embedder()
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--segments", type=int, nargs="*", default=[2000], help="corpus sizes to run (none: only the other cases)")
    parser.add_argument("--without-checks", action="store_true", help="also run each size with every check off, to see what checks cost")
    parser.add_argument("--long-article", type=float, nargs="*", default=[], metavar="MB",
                        help="also a single-line article of this many MB, without and with a reference (e.g. 5)")
    parser.add_argument("--tiny-documents", type=int, nargs="*", default=[], metavar="N",
                        help="also N documents of one or two lines each, as text files (e.g. 2000)")
    parser.add_argument("--without-reference-only", action="store_true", help="run the long article without a reference only")
    arguments = parser.parse_args(argv)
    print(f"mtcheck pipeline benchmark, python {sys.version.split()[0]}, {os.cpu_count()} cores")
    for size in arguments.segments:
        if arguments.without_checks:
            bench(size, checks=False)
        bench(size)
    for megabytes in arguments.long_article:
        bench_long_article(megabytes, with_reference=False)
        if not arguments.without_reference_only:
            bench_long_article(megabytes, with_reference=True)
    for documents in arguments.tiny_documents:
        bench_tiny_documents(documents)
    return 0


if __name__ == "__main__":
    sys.exit(main())
