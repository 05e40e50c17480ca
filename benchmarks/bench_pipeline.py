"""Throughput and memory of `mtcheck run`, against the floor of its two costly parts.

Builds a synthetic news corpus of a given number of segments (documents of
~20 segments, ~30 words each; every tenth document not line-aligned with its
reference, with boilerplate and a merged sentence, so the aligner works too),
runs the pipeline phase by phase, then measures on the same texts the floor:
one encode pass over the distinct texts plus sacrebleu's BLEU, chrF and TER
alone in one process. Prints per-phase times, segments per second, peak
memory and the pipeline/floor ratio.

    python benchmarks/bench_pipeline.py --segments 2000 10000
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


def bench(segments: int, checks: bool = True) -> dict[str, float]:
    from mtcheck.embed import Embedder
    from mtcheck.pipeline import RunOptions, run
    from mtcheck.report import write_reports

    with tempfile.TemporaryDirectory() as workdir:
        corpus = Path(workdir) / "corpus"
        corpus.mkdir()
        build_corpus(corpus, segments)

        embedder = Embedder()
        started = time.perf_counter()
        embedder.encode(["load the model"])
        model_load = time.perf_counter() - started

        started = time.perf_counter()
        # "MT" selects every check by prefix: ignoring it measures the run without checks.
        options = RunOptions() if checks else RunOptions(ignore=["MT"])
        result = run(corpus, options, embedder=embedder)
        write_started = time.perf_counter()
        write_reports(result, Path(workdir) / "reports")
        report_time = time.perf_counter() - write_started
        total = time.perf_counter() - started
        timings = dict(result.timings, report=report_time)
        scored = sum(1 for document in result.documents for segment in document.segments if segment.ref and segment.mt)

        # The floor, on the same texts: one encode pass and sacrebleu alone.
        import sacrebleu

        pairs = [(s.mt, s.ref) for d in result.documents for s in d.segments if s.ref and s.mt]
        hyps, refs = [p[0] for p in pairs], [[p[1] for p in pairs]]
        distinct = list(dict.fromkeys(text for pair in pairs for text in pair))
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

    own, children = peak_memory_mb()
    floor = floor_encode + floor_sacrebleu
    print(f"\n== {segments:,} segments{'' if checks else ', checks off'} ({scored:,} scored pairs, {len(result.documents)} documents, {len(result.findings)} findings)")
    print(f"model load (once, not counted): {model_load:6.1f} s")
    labels = {"encode": "  encode (part of score: similarity texts)", "score": "score (sacrebleu in workers, overlapping encode)"}
    for phase in ("load", "align", "score", "encode", "check", "report"):
        print(f"  {phase:<7} {timings.get(phase, 0.0):7.2f} s   {labels.get(phase, '')}".rstrip())
    print(f"  total   {total:7.2f} s   -> {segments / total:,.0f} segments/s")
    print(f"floor: encode {len(distinct):,} distinct texts {floor_encode:.2f} s + sacrebleu BLEU/chrF/TER {floor_sacrebleu:.2f} s = {floor:.2f} s")
    print(f"pipeline / floor: {total / floor:.2f}x")
    print(f"peak memory: {own:,.0f} MB (this process), {children:,.0f} MB (largest worker)")
    return {"segments": segments, "total": total, "floor": floor}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--segments", type=int, nargs="+", default=[2000], help="corpus sizes to run")
    parser.add_argument("--without-checks", action="store_true", help="also run each size with every check off, to see what checks cost")
    arguments = parser.parse_args(argv)
    print(f"mtcheck pipeline benchmark, python {sys.version.split()[0]}, {os.cpu_count()} cores")
    for size in arguments.segments:
        if arguments.without_checks:
            bench(size, checks=False)
        bench(size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
