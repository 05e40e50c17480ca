"""Validate the probability model out of fold, and refit the built-in one, on labelled news sets.

Each SET is a folder with `corpus.tsv` (doc, segment, system, src, mt, ref)
and `labels.tsv` (MQM span labels, as `mtcheck eval --labels` reads them),
named NAME=FOLDER. The checks run once per set (the cache makes reruns
quick), with no probability applied; then

- `validate` assigns each set's documents to 5 folds, round-robin by sorted
  document name (every system of a document in the same fold). A fold's
  model trains on the other folds of its set plus every other set, and
  predicts the fold; `mtcheck eval`'s figures are computed once per set from
  the pooled out-of-fold predictions, beside the checks' own confidences
  ("before") and a reliability table;
- `fit` fits one model on every set and writes it (the built-in model is
  mtcheck/probability/model.json).

    python scripts/probability_model.py validate wmt23=PATH wmt21=PATH --one-rater wmt21 [--cache-dir DIR]
    python scripts/probability_model.py fit wmt23=PATH wmt21=PATH --one-rater wmt21 -o mtcheck/probability/model.json

The sets are read from wherever they are given; nothing here is run by the
tests, and no text of them is written anywhere (the model holds numbers).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from mtcheck.evaluation import GateRule, evaluate, load_labels, reliability
from mtcheck.model import Severity
from mtcheck.pipeline import RunOptions, run
from mtcheck.probability.fit import REGULARISATION, fit_model, label_findings
from mtcheck.probability.model import confidence_of, with_probability

FOLDS = 5


@dataclass
class LabelledSet:
    name: str
    findings: list
    features: list
    hits: list
    rows: list
    labels: object

    def folds(self) -> list[int]:
        """Each finding's fold: documents round-robin by sorted name."""
        names = sorted({finding.doc for finding in self.findings} | {row.doc for row in self.rows})
        fold_of = {name: index % FOLDS for index, name in enumerate(names)}
        return [fold_of[finding.doc] for finding in self.findings]


def load_set(spec: str, cache_dir: Path | None) -> LabelledSet:
    name, _, folder = spec.partition("=")
    if not folder:
        raise SystemExit(f"a set is NAME=FOLDER, got '{spec}'")
    folder = Path(folder)
    result = run(folder / "corpus.tsv", RunOptions(cache_dir=cache_dir, probabilities=False))
    labels = load_labels(folder / "labels.tsv")
    labelled = label_findings(result, labels)
    return LabelledSet(name, labelled.findings, labelled.features, labelled.hits, labelled.rows, labels)


def load_set_without_reference(spec: str, cache_dir: Path | None) -> LabelledSet:
    """The set as a desk without references has it: `ref` removed, each system run alone, findings pooled."""
    import csv
    import tempfile

    import pandas as pd

    from mtcheck.probability.fit import LabelledFindings

    name, _, folder = spec.partition("=")
    folder = Path(folder)
    frame = pd.read_csv(folder / "corpus.tsv", sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE)
    labels = load_labels(folder / "labels.tsv")
    pooled = LabelledFindings([], [], [], [], [])
    with tempfile.TemporaryDirectory(prefix="mtcheck-noref-") as scratch:
        for system, part in frame.groupby("system"):
            table = Path(scratch) / f"{system}.tsv"
            part.drop(columns=["ref"]).to_csv(table, sep="\t", index=False, quoting=csv.QUOTE_NONE, escapechar="\\")
            result = run(table, RunOptions(cache_dir=cache_dir, probabilities=False))
            pooled = pooled + label_findings(result, labels)
    # Every system's rows, so clean rows and labels are counted over the whole set.
    full = label_findings(run(folder / "corpus.tsv", RunOptions(cache_dir=cache_dir, probabilities=False)), labels)
    return LabelledSet(name, pooled.findings, pooled.features, pooled.hits, full.rows, labels)


def out_of_fold(sets: list[LabelledSet], regularisation: float, one_rater: set[str] = frozenset()) -> dict[str, list[float]]:
    """Each set's findings' probabilities, each from a model that never saw the finding's documents."""
    predicted = {}
    for this in sets:
        folds = this.folds()
        others = [other for other in sets if other is not this]
        probabilities = [0.0] * len(this.findings)
        for fold in range(FOLDS):
            train = [i for i, f in enumerate(folds) if f != fold]
            model = fit_model(
                [this.findings[i] for i in train] + [f for other in others for f in other.findings],
                [this.features[i] for i in train] + [x for other in others for x in other.features],
                [this.hits[i] for i in train] + [h for other in others for h in other.hits],
                regularisation=regularisation,
                one_rater=[this.name in one_rater] * len(train) + [other.name in one_rater for other in others for _ in other.findings],
            )
            for i, f in enumerate(folds):
                if f == fold:
                    probabilities[i] = model.probability(this.findings[i].code, this.findings[i].confidence.value, this.features[i])
        predicted[this.name] = probabilities
    return predicted


def with_probabilities(findings, probabilities):
    return [with_probability(finding, probability) for finding, probability in zip(findings, probabilities)]


def figures(name: str, findings, this: LabelledSet) -> dict[str, str]:
    result = evaluate(findings, this.labels, this.rows, GateRule())
    gate, counts = result.gate_score, result.row_counts
    namelike = result.score("label-flag", "NAMELIKE")
    majors = [label for label in result.labels if label.severity.rank >= Severity.MAJOR.rank]
    return {
        "": name,
        "findings": str(len(findings)),
        "gate findings": str(gate.findings),
        "gate precision (labels >= major)": _ratio(gate.findings_on_label, gate.findings),
        "clean rows with a gate finding": _ratio(counts.clean_with_gate_finding, counts.clean),
        "gate recall of major labels": _ratio(gate.labels_hit, len(majors)),
        "NAMELIKE recall (all findings)": _ratio(namelike.labels_hit, namelike.labels) if namelike else "-",
        "precision (all findings)": _ratio(result.overall.findings_on_label, result.overall.findings),
        "clean rows with any finding": _ratio(counts.clean_with_finding, counts.clean),
    }


def _ratio(part, whole) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "-"


def print_table(columns: list[dict[str, str]]) -> None:
    keys = list(columns[0])
    header = ["figure", *(column[""] for column in columns)]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for key in keys[1:]:
        print("| " + " | ".join([key, *(column[key] for column in columns)]) + " |")


def print_reliability(name: str, probabilities, hits, findings=None) -> None:
    table, error = reliability(probabilities, hits)
    print(f"\nreliability, {name} (out of fold): expected calibration error {error:.3f}")
    print("| bin | findings | mean stated | observed hit rate |\n|---|---|---|---|")
    for row in table:
        print(f"| {row.low:.1f}-{row.high:.1f} | {row.findings} | {row.mean_probability:.3f} | {row.hit_rate:.3f} |")
    for level in ("high", "medium", "low"):
        chosen = [h for p, h in zip(probabilities, hits) if confidence_of(round(p, 3)).value == level]
        if chosen:
            print(f"- {level}: {len(chosen)} findings, hit rate {sum(chosen) / len(chosen):.3f}")
    if findings is not None:
        print_rater_agreement(findings, probabilities, hits)


def print_rater_agreement(findings, probabilities, hits) -> None:
    """How often the labels disagree with themselves on the high bin's repeated findings.

    Several systems often write the same wrong name in the same segment; each
    gets the same finding. Where raters labelled that span in some systems and
    not others, no model can be right on all of them. Printed with the high
    bin's hit rate when a finding counts as a hit if its span is labelled in
    any system's copy of the segment: the ceiling the labels allow.
    """
    labelled_anywhere: dict[tuple, bool] = {}
    for finding, hit in zip(findings, hits):
        key = (finding.doc, finding.segment, finding.code, finding.found)
        labelled_anywhere[key] = labelled_anywhere.get(key, False) or bool(hit)
    high = [(f, h) for f, p, h in zip(findings, probabilities, hits) if confidence_of(round(p, 3)).value == "high"]
    groups: dict[tuple, list[bool]] = {}
    for finding, hit in high:
        groups.setdefault((finding.doc, finding.segment, finding.code, finding.found), []).append(bool(hit))
    repeated = [outcomes for outcomes in groups.values() if len(outcomes) > 1]
    mixed = sum(len(o) for o in repeated if 0 < sum(o) < len(o))
    anywhere = sum(labelled_anywhere[(f.doc, f.segment, f.code, f.found)] for f, _ in high)
    print(
        f"- high, repeated across systems: {sum(map(len, repeated))} findings, {mixed} of them labelled in some "
        f"systems and not others; hit rate if a span labelled in any system counts: "
        f"{anywhere / len(high):.3f}" if high else "- high: none"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("validate", "fit"))
    parser.add_argument("sets", nargs="+", help="NAME=FOLDER with corpus.tsv and labels.tsv")
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--regularisation", type=float, default=REGULARISATION)
    parser.add_argument("-o", "--out", type=Path, default=None)
    parser.add_argument("--one-rater", action="append", default=[], metavar="NAME", help="a set labelled by one rater per segment (repeatable)")
    parser.add_argument(
        "--without-reference", action="store_true",
        help="as a desk without references: ref removed, each system alone (the built-in model-without-reference.json)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    load = load_set_without_reference if args.without_reference else load_set
    sets = [load(spec, args.cache_dir) for spec in args.sets]
    if args.command == "fit":
        model = fit_model(
            [f for s in sets for f in s.findings],
            [x for s in sets for x in s.features],
            [h for s in sets for h in s.hits],
            regularisation=args.regularisation,
            trained_on={"sets": [s.name for s in sets], "fitted": "+".join(s.name for s in sets), "one_rater_sets": args.one_rater},
            one_rater=[s.name in args.one_rater for s in sets for _ in s.findings],
        )
        text = model.to_json()
        if args.out:
            args.out.write_text(text, encoding="utf-8")
            print(f"wrote {args.out}: {model.trained_on['findings']} findings, checks {' '.join(sorted(model.checks))}")
        else:
            sys.stdout.write(text)
        return 0
    predicted = out_of_fold(sets, args.regularisation, set(args.one_rater))
    columns = []
    for this in sets:
        columns.append(figures(f"{this.name}, the checks' own confidence", this.findings, this))
        columns.append(figures(f"{this.name}, out of fold", with_probabilities(this.findings, predicted[this.name]), this))
    print_table(columns)
    for this in sets:
        print_reliability(this.name, predicted[this.name], this.hits, this.findings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
