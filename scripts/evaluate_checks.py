"""Precision and recall of mtcheck's checks on injected errors, and on a human-labelled set.

Synthetic set: each reference text the project owns (corpora/demo, the `ref`
column of corpora/multisystem/systems.tsv, scripts/eval_texts.py) becomes a
"correct MT" by a light, deterministic paraphrase of common words; that copy
is the clean system. Injected systems are further copies in which every
`stride`-th segment carries exactly one error of a known kind at a known span
(garbled, swapped, dropped or doubled letters in a surname, a transliteration
variant, a swapped person, a changed number, a wrong acronym, a calqued or
reordered institution name). Between injected segments the text stays clean,
so the checks' neighbour windows see one error at a time.

The real pipeline runs twice on the same rows: with references, and without
them but with a glossary mined from the references (glossary-only). A finding
matches a label when system, doc and line agree, the check is one the label
expects (or accepts) and the character spans overlap, by the same rule as
`mtcheck eval` (mtcheck.evaluation): a segment-level finding (a missing name
or number, covering the whole segment or nothing of it) matches by segment.

    python scripts/evaluate_checks.py [--seed 13] [--rounds 2] [--out DIR]

Human-labelled data (MQM span labels) is measured by `mtcheck eval CORPUS
--labels LABELS.tsv`, not by this script.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_texts  # noqa: E402  (a sibling module, not a package)

from mtcheck.evaluation import hits  # noqa: E402
from mtcheck.model import Finding, Severity  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CLEAN_SYSTEM = "clean"
WINDOW = 2  # the checks' default neighbour window; a swapped-in person must be absent from it
MODES = ("reference", "glossary")

# ---------------------------------------------------------------------------
# Source texts
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceText:
    """One reference document: its segments, optional aligned source, and what it names."""

    corpus: str
    doc: str
    refs: tuple[str, ...]
    srcs: tuple[str, ...] | None
    people: tuple[str, ...]
    terms: tuple[str, ...]


def _nonblank(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_source_texts(repo: Path = REPO) -> list[SourceText]:
    """Every reference text the project owns, in a fixed order."""
    texts = []
    for ref_path in sorted((repo / "corpora" / "demo").glob("*.ref.txt")):
        doc = ref_path.name.removesuffix(".ref.txt")
        refs = _nonblank(ref_path)
        src_path = ref_path.with_name(f"{doc}.src.txt")
        srcs = _nonblank(src_path) if src_path.exists() else None
        # Only a line-aligned source can sit in the same row as its reference.
        if srcs is not None and len(srcs) != len(refs):
            srcs = None
        texts.append(_source_text("demo", doc, refs, srcs))
    table = repo / "corpora" / "multisystem" / "systems.tsv"
    by_doc: dict[str, dict[int, tuple[str, str]]] = defaultdict(dict)
    for row in read_tsv(table):
        by_doc[row["doc"]].setdefault(int(row["segment"]), (row["ref"], row.get("src", "")))
    for doc, segments in by_doc.items():
        ordered = [segments[number] for number in sorted(segments)]
        texts.append(_source_text("multisystem", doc, [ref for ref, _ in ordered], [src for _, src in ordered]))
    for doc, refs in eval_texts.STORIES.items():
        texts.append(_source_text("eval-texts", doc, refs, None))
    return texts


def _source_text(corpus: str, doc: str, refs: Sequence[str], srcs: Sequence[str] | None) -> SourceText:
    people = tuple(eval_texts.PEOPLE.get(doc, ()))
    terms = tuple(eval_texts.TERMS.get(doc, ()))
    joined = "\n".join(refs)
    for name in (*people, *terms):
        # A stale annotation would silently shrink the set; fail loudly instead.
        if name.split()[-1] not in joined:
            raise ValueError(f"{doc}: '{name}' is listed but does not occur in the text")
    return SourceText(corpus, doc, tuple(refs), tuple(srcs) if srcs else None, people, terms)


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated table with a header and no quoting."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip()]


# ---------------------------------------------------------------------------
# Clean copies: a light paraphrase that leaves names, terms and numbers alone
# ---------------------------------------------------------------------------

# Lower-case common words only, so no name, acronym, term or number changes.
SYNONYMS = {
    "said": "stated",
    "says": "states",
    "told": "informed",
    "announced": "declared",
    "began": "started",
    "build": "construct",
    "expected": "anticipated",
    "helped": "assisted",
    "meeting": "session",
    "warned": "cautioned",
    "rejected": "dismissed",
    "welcomed": "praised",
    "criticised": "condemned",
    "about": "around",
    "almost": "nearly",
    "several": "a number of",
    "quickly": "rapidly",
    "talks": "negotiations",
    "decision": "ruling",
    "asked": "requested",
    "promised": "pledged",
    "needed": "required",
    "remain": "stay",
    "show": "demonstrate",
    "showed": "demonstrated",
    "first": "initial",
    "new": "fresh",
    "after": "following",
}
_WORD = re.compile(r"(?<![\w'-])[a-z]+(?![\w'-])")
MAX_SWAPS = 2


def paraphrase(text: str, rng: random.Random) -> str:
    """`text` with up to two common words replaced by synonyms, chosen by `rng`."""
    spots = [match for match in _WORD.finditer(text) if match.group() in SYNONYMS]
    chosen = sorted(rng.sample(spots, min(MAX_SWAPS, len(spots))), key=lambda match: match.start(), reverse=True)
    for match in chosen:
        text = text[: match.start()] + SYNONYMS[match.group()] + text[match.end() :]
    return text


# ---------------------------------------------------------------------------
# Injections
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Expectation:
    """Which checks should catch an injection kind in one mode, which may, and how severely."""

    expected: tuple[str, ...]  # recall is measured against these; empty: undetectable in this mode
    accepted: tuple[str, ...] = ()  # also right, counted for precision only
    max_severity: Severity = Severity.CRITICAL  # a finding above this overstates the error
    min_severity: Severity = Severity.MINOR  # a finding below this understates it


_GARBLE = {
    "reference": Expectation(("MT101",), ("MT104", "MT405"), min_severity=Severity.MAJOR),
    "glossary": Expectation(("MT402",), ("MT104", "MT401", "MT405"), min_severity=Severity.MAJOR),
}
KINDS: dict[str, dict[str, Expectation]] = {
    "name-substitution": _GARBLE,
    "name-transposition": _GARBLE,
    "name-deletion": _GARBLE,
    "name-doubling": _GARBLE,
    # A routine romanisation difference: at most minor, and silence is fine too.
    "name-variant": {
        "reference": Expectation(("MT101",), ("MT104", "MT405"), max_severity=Severity.MINOR),
        "glossary": Expectation(("MT402",), ("MT104", "MT401", "MT405"), max_severity=Severity.MINOR),
    },
    # Another person of the same story: missing + unexpected, never a garble.
    "entity-swap": {
        "reference": Expectation(("MT102", "MT103")),
        "glossary": Expectation((), ("MT403", "MT405")),
    },
    # The same, where the replaced person is named again within two segments.
    "entity-swap-nearby": {
        "reference": Expectation(("MT102", "MT103")),
        "glossary": Expectation((), ("MT403", "MT405")),
    },
    "number-digits": {"reference": Expectation(("MT301",)), "glossary": Expectation(())},
    "number-magnitude": {"reference": Expectation(("MT301",)), "glossary": Expectation(())},
    "acronym-definition": {
        "reference": Expectation(("MT201", "MT202"), ("MT404",)),
        "glossary": Expectation(("MT404", "MT202"), ("MT402",)),
    },
    # A bare acronym the glossary does not define elsewhere cannot be judged without a reference.
    "acronym-mention": {
        "reference": Expectation(("MT201",), ("MT202",)),
        "glossary": Expectation((), ("MT404", "MT402")),
    },
    "term-calque": {
        "reference": Expectation(("MT203",), ("MT202", "MT201")),
        "glossary": Expectation(("MT402",), ("MT403", "MT404", "MT202")),
    },
    "term-order": {
        "reference": Expectation(("MT203",), ("MT202",)),
        "glossary": Expectation(("MT402",), ("MT403", "MT404", "MT202")),
    },
}
# Each injection changes one system's copy only, so a name it introduces is one that no other
# system writes: the system-consensus and unmatched-name checks are right to report any of them.
ANY_INJECTION = ("MT105", "MT106")
GARBLE_KINDS = ("name-substitution", "name-transposition", "name-deletion", "name-doubling")


@dataclass(frozen=True)
class Injection:
    """One edit of a clean MT segment: `original` at `start` became `found`."""

    kind: str
    start: int
    original: str
    found: str
    note: str = ""

    @property
    def end(self) -> int:
        return self.start + len(self.found)

    def apply(self, text: str) -> str:
        assert text[self.start : self.start + len(self.original)] == self.original
        return text[: self.start] + self.found + text[self.start + len(self.original) :]


@dataclass(frozen=True)
class Target:
    """What an injection of one kind could change in one segment."""

    start: int
    text: str
    extra: tuple = ()


VOWELS = "aeiou"
CONSONANTS = "bcdfghklmnprstvz"


def _surname(person: str) -> str:
    return person.split()[-1]


def _occurrences(text: str, phrase: str) -> list[int]:
    return [m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)]


def _letter_positions(word: str) -> list[int]:
    """Positions a garble may touch: lower-case letters after the first, away from hyphens."""
    return [i for i in range(1, len(word)) if word[i].islower() and word[i].isalpha()]


def garble_substitute(word: str, rng: random.Random) -> str | None:
    positions = _letter_positions(word)
    if not positions:
        return None
    i = rng.choice(positions)
    pool = VOWELS if word[i] in VOWELS else CONSONANTS
    return word[:i] + rng.choice([c for c in pool if c != word[i]]) + word[i + 1 :]


def garble_transpose(word: str, rng: random.Random) -> str | None:
    positions = [i for i in _letter_positions(word) if i + 1 < len(word) and word[i + 1].islower() and word[i] != word[i + 1]]
    if not positions:
        return None
    i = rng.choice(positions)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def garble_delete(word: str, rng: random.Random) -> str | None:
    positions = _letter_positions(word)
    if len(word) < 4 or not positions:
        return None
    i = rng.choice(positions)
    return word[:i] + word[i + 1 :]


def garble_double(word: str, rng: random.Random) -> str | None:
    positions = [i for i in _letter_positions(word) if word[i] != word[i - 1] and word[i + 1 : i + 2] != word[i]]
    consonants = [i for i in positions if word[i] not in VOWELS]
    if not (consonants or positions):
        return None
    i = rng.choice(consonants or positions)
    return word[: i + 1] + word[i] + word[i + 1 :]


# Romanisations that differ routinely between agencies and languages.
VARIANT_RULES = (
    (r"skyy$", "sky"),
    (r"sky$", "skyy"),
    (r"ov$", "off"),
    (r"ev$", "eff"),
    (r"ks", "x"),
    (r"^Ph", "F"),
    (r"ph", "f"),
    (r"^Kh", "H"),  # only the initial digraph: the "kh" of "Ekholm" is two sounds
    (r"ou", "u"),
    (r"tch", "ch"),
    (r"iy$", "y"),
)


def transliteration_variants(word: str) -> list[str]:
    variants = []
    for pattern, replacement in VARIANT_RULES:
        changed = re.sub(pattern, replacement, word, count=1)
        if changed != word:
            variants.append(changed)
    return variants


_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_SCALE = re.compile(r" (million|billion)\b")
_ACRONYM_DEFINITION = re.compile(r"\(([A-Z]{2,6})\)")
_ACRONYM = re.compile(r"(?<![\w(])([A-Z]{2,6})(?![\w)])")


def _swap_digits(number: str, rng: random.Random) -> str | None:
    digits = [i for i, c in enumerate(number) if c.isdigit()]
    pairs = [(a, b) for a, b in zip(digits, digits[1:]) if number[a] != number[b] and not (a == 0 and number[b] == "0")]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    chars = list(number)
    chars[a], chars[b] = chars[b], chars[a]
    return "".join(chars)


def _times_ten(number: str) -> str | None:
    if re.fullmatch(r"(19|20)\d\d", number):
        return None  # a year ten times larger is not a plausible MT error
    if "." in number:
        whole, _, fraction = number.partition(".")
        moved = whole + fraction[:1] + ("." + fraction[1:] if fraction[1:] else "")
        return moved.lstrip("0") or "0"
    value = int(number.replace(",", "")) * 10
    return f"{value:,}" if "," in number or value >= 1000 else str(value)


def _wrong_acronym(acronym: str, rng: random.Random) -> str:
    """An acronym a calque would produce: the letters of another word order, or one letter off."""
    reversed_letters = acronym[::-1]
    if reversed_letters != acronym and rng.random() < 0.5:
        return reversed_letters
    i = rng.randrange(len(acronym))
    letter = rng.choice([c for c in "ABCDEFGHIKLMNOPRSTUVZ" if c not in acronym])
    return acronym[:i] + letter + acronym[i + 1 :]


HEAD_SYNONYMS = {
    "Authority": "Administration",
    "Agency": "Office",
    "Board": "Committee",
    "Council": "Board",
    "Office": "Bureau",
    "Institute": "Institution",
    "Treaty": "Convention",
    "Agreement": "Accord",
    "Compact": "Pact",
    "Act": "Law",
    "Court": "Tribunal",
    "Tribunal": "Court",
    "Union": "Association",
    "Association": "Union",
    "Foundation": "Fund",
    "Registry": "Register",
    "Exchange": "Market",
    "Forum": "Conference",
    "Programme": "Scheme",
    "Alliance": "Coalition",
    "Bank": "Fund",
}
CONNECTOR_SWAPS = {"of": "for", "for": "of", "on": "for"}


def calque(term: str) -> str | None:
    """A literal rendering of `term`: another head word, and the other construction.

    "Coastal Shipping Authority" → "Administration for Coastal Shipping";
    "Institute for Hospital Planning" → "Institution of Hospital Planning".
    """
    if "'" in term:
        return None
    words = term.split()
    for index, word in enumerate(words):
        if word in CONNECTOR_SWAPS and index > 0:
            head = words[index - 1]
            if head not in HEAD_SYNONYMS:
                return None
            return " ".join([*words[: index - 1], HEAD_SYNONYMS[head], CONNECTOR_SWAPS[word], *words[index + 1 :]])
    head = words[-1]
    if head not in HEAD_SYNONYMS or len(words) < 2:
        return None
    return f"{HEAD_SYNONYMS[head]} for {' '.join(words[:-1])}"


def reorder(term: str) -> str | None:
    """The two halves of a hyphenated pair swapped: "Nordic-Baltic Council" → "Baltic-Nordic Council"."""
    match = re.search(r"\b([A-Z][a-z]+)-([A-Z][a-z]+)\b", term)
    if not match:
        return None
    return term[: match.start()] + f"{match[2]}-{match[1]}" + term[match.end() :]


def targets(kind: str, text: str, source: SourceText, position: int) -> list[Target]:
    """Where an injection of `kind` could go in clean MT `text` (segment `position` of `source`)."""
    if kind in GARBLE_KINDS or kind == "name-variant":
        found = []
        for person in source.people:
            surname = _surname(person)
            if kind == "name-variant" and not transliteration_variants(surname):
                continue
            found.extend(Target(start, surname) for start in _occurrences(text, surname))
        return found
    if kind in ("entity-swap", "entity-swap-nearby"):
        nearby = " ".join(source.refs[max(0, position - WINDOW) : position + WINDOW + 1])
        neighbours = " ".join(source.refs[max(0, position - WINDOW) : position] + source.refs[position + 1 : position + WINDOW + 1])
        found = []
        for person in source.people:
            # The checks look for a name in neighbouring segments too (alignment is imperfect),
            # so a person named again nearby is a separate, harder kind.
            if (kind == "entity-swap-nearby") != bool(_occurrences(neighbours, _surname(person))):
                continue
            others = [other for other in source.people if other != person and _surname(other) not in nearby]
            if not others:
                continue
            for start in _occurrences(text, person):
                found.extend(Target(start, person, (other,)) for other in others)
            full = {(start + len(person) - len(_surname(person))) for start in _occurrences(text, person)}
            for start in _occurrences(text, _surname(person)):
                if start not in full:
                    found.extend(Target(start, _surname(person), (_surname(other),)) for other in others)
        return found
    if kind in ("number-digits", "number-magnitude"):
        found = []
        for match in _NUMBER.finditer(text):
            scale = _SCALE.match(text, match.end())
            span = text[match.start() : scale.end()] if scale else match.group()
            found.append(Target(match.start(), span, (match.group(), scale.group(1) if scale else "")))
        return found
    if kind == "acronym-definition":
        return [Target(m.start(1), m.group(1)) for m in _ACRONYM_DEFINITION.finditer(text)]
    if kind == "acronym-mention":
        defined = {m.group(1) for ref in source.refs for m in _ACRONYM_DEFINITION.finditer(ref)}
        return [Target(m.start(1), m.group(1)) for m in _ACRONYM.finditer(text) if m.group(1) in defined]
    if kind in ("term-calque", "term-order"):
        change = calque if kind == "term-calque" else reorder
        return [Target(start, term) for term in source.terms if change(term) for start in _occurrences(text, term)]
    raise ValueError(kind)


_GARBLERS: dict[str, Callable[[str, random.Random], str | None]] = {
    "name-substitution": garble_substitute,
    "name-transposition": garble_transpose,
    "name-deletion": garble_delete,
    "name-doubling": garble_double,
}


def inject(kind: str, target: Target, rng: random.Random) -> Injection | None:
    """The injection of `kind` at `target`, or None when this target cannot take it."""
    found: str | None
    if kind in _GARBLERS:
        found = _GARBLERS[kind](target.text, rng)
    elif kind == "name-variant":
        found = rng.choice(transliteration_variants(target.text))
    elif kind in ("entity-swap", "entity-swap-nearby"):
        found = target.extra[0]
    elif kind == "number-digits":
        number, scale = target.extra
        swapped = _swap_digits(number, rng)
        found = None if swapped is None else swapped + (f" {scale}" if scale else "")
    elif kind == "number-magnitude":
        number, scale = target.extra
        if scale:
            found = f"{number} {'billion' if scale == 'million' else 'million'}"
        else:
            larger = _times_ten(number)
            found = larger
    elif kind in ("acronym-definition", "acronym-mention"):
        found = _wrong_acronym(target.text, rng)
    elif kind == "term-calque":
        found = calque(target.text)
    elif kind == "term-order":
        found = reorder(target.text)
    else:
        raise ValueError(kind)
    if not found or found == target.text:
        return None
    return Injection(kind, target.start, target.text, found)


# ---------------------------------------------------------------------------
# The evaluation set
# ---------------------------------------------------------------------------


@dataclass
class Row:
    doc: str
    segment: int
    system: str
    src: str
    mt: str
    ref: str
    line: int = 0  # line in the written table (header is line 1)


@dataclass(frozen=True)
class Label:
    """One injected error: where it is in the evaluation table and what it replaced."""

    system: str
    doc: str
    segment: int
    line: int
    start: int
    end: int
    kind: str
    found: str
    original: str


@dataclass
class EvalSet:
    rows: list[Row]
    labels: list[Label]
    clean: dict[tuple[int, str, int], str] = field(default_factory=dict)  # (round, doc, segment) -> clean MT


def is_clean(system: str) -> bool:
    return system.startswith(CLEAN_SYSTEM)


def build_eval_set(
    sources: Sequence[SourceText], seed: int = 13, rounds: int = 3, stride: int = 5, with_source: bool = True
) -> EvalSet:
    """Per round, one clean system and `stride` injected copies of it, with one label per injection.

    Each round paraphrases the references afresh (system `clean{round}`), so
    the clean copies differ in wording from round to round. Injected system
    `r{round}o{offset}` changes the segments of that round's clean copy whose
    0-based position is `offset` modulo `stride`. The kind is the least used so
    far among those the segment admits, so kinds stay balanced.
    """
    rng = random.Random(seed)
    clean: dict[tuple[int, str, int], str] = {}
    rows = []
    used: Counter[str] = Counter()
    pending: list[tuple[Row, Injection]] = []
    for round_number in range(1, rounds + 1):
        for source in sources:
            for position, ref in enumerate(source.refs):
                text = paraphrase(ref, rng)
                clean[(round_number, source.doc, position + 1)] = text
                rows.append(_row(source, position, f"{CLEAN_SYSTEM}{round_number}", text, with_source))
        for offset in range(stride):
            system = f"r{round_number}o{offset}"
            for source in sources:
                for position in range(len(source.refs)):
                    text = clean[(round_number, source.doc, position + 1)]
                    row = _row(source, position, system, text, with_source)
                    if position % stride == offset:
                        injection = _choose_injection(text, source, position, rng, used)
                        if injection is not None:
                            used[injection.kind] += 1
                            row.mt = injection.apply(text)
                            pending.append((row, injection))
                    rows.append(row)
    for line, row in enumerate(rows, start=2):
        row.line = line
    labels = [
        Label(row.system, row.doc, row.segment, row.line, injection.start, injection.end, injection.kind, injection.found, injection.original)
        for row, injection in pending
    ]
    return EvalSet(rows, labels, clean)


def _row(source: SourceText, position: int, system: str, mt: str, with_source: bool) -> Row:
    src = source.srcs[position] if with_source and source.srcs else ""
    return Row(source.doc, position + 1, system, src, mt, source.refs[position])


def _choose_injection(text: str, source: SourceText, position: int, rng: random.Random, used: Counter) -> Injection | None:
    kinds = list(KINDS)
    rng.shuffle(kinds)  # ties in use count are broken at random, reproducibly
    kinds.sort(key=lambda kind: used[kind])
    for kind in kinds:
        options = targets(kind, text, source, position)
        rng.shuffle(options)
        for target in options:
            injection = inject(kind, target, rng)
            if injection is not None:
                return injection
    return None


def write_table(rows: Iterable[Row], path: Path, with_reference: bool = True) -> None:
    """The rows as a corpus table; without references the `ref` cells are left empty."""
    lines = ["doc\tsegment\tsystem\tsrc\tmt\tref"]
    for row in rows:
        cells = [row.doc, str(row.segment), row.system, row.src, row.mt, row.ref if with_reference else ""]
        if any("\t" in cell or "\n" in cell for cell in cells):
            raise ValueError(f"{row.doc} {row.segment}: a cell holds a tab or a line break")
        lines.append("\t".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------
# Matching and metrics
# ---------------------------------------------------------------------------


def matches(finding: Finding, label: Label, codes: Iterable[str]) -> bool:
    """Whether `finding` reports injection `label` with one of `codes`."""
    if (finding.system, finding.doc, finding.line) != (label.system, label.doc, label.line):
        return False
    if finding.code not in codes:
        return False
    # Each row is one line of the table, so the finding's offsets are offsets in its segment's text.
    return hits(finding, finding.context, [(label.start, label.end)])


@dataclass
class CheckScore:
    code: str
    findings: int = 0
    matched: int = 0
    expected: int = 0  # labels listing this check as expected
    caught: int = 0  # of those, caught by this check
    clean_findings: int = 0

    @property
    def precision(self) -> float | None:
        return self.matched / self.findings if self.findings else None

    @property
    def recall(self) -> float | None:
        return self.caught / self.expected if self.expected else None


@dataclass
class KindScore:
    kind: str
    labels: int = 0
    detectable: int = 0
    detected: int = 0
    too_severe: int = 0
    too_mild: int = 0
    other_codes: Counter = field(default_factory=Counter)  # codes flagging the span that should not

    @property
    def recall(self) -> float | None:
        return self.detected / self.detectable if self.detectable else None


@dataclass
class ModeResult:
    mode: str
    checks: dict[str, CheckScore]
    kinds: dict[str, KindScore]
    clean_segments: int
    clean_findings: list[Finding]
    label_hits: list[tuple[Label, list[Finding]]]  # each label with the findings that match it
    unmatched: list[Finding]  # findings matching no label (false positives)
    seconds: float = 0.0

    @property
    def clean_per_50(self) -> float:
        return 50 * len(self.clean_findings) / self.clean_segments if self.clean_segments else 0.0


def score(mode: str, findings: Sequence[Finding], labels: Sequence[Label], clean_segments: int, codes: Iterable[str]) -> ModeResult:
    """Precision per check, recall per check and per kind, and clean false flags, for one mode."""
    checks = {code: CheckScore(code) for code in codes}
    kinds = {kind: KindScore(kind) for kind in KINDS}
    by_line: dict[tuple[str, str, int], list[Label]] = defaultdict(list)
    for label in labels:
        by_line[(label.system, label.doc, label.line)].append(label)
    matched_ids: set[int] = set()
    for finding in findings:
        check = checks.setdefault(finding.code, CheckScore(finding.code))
        check.findings += 1
        if is_clean(finding.system):
            check.clean_findings += 1
        for label in by_line.get((finding.system, finding.doc, finding.line), []):
            expectation = KINDS[label.kind][mode]
            if matches(finding, label, (*expectation.expected, *expectation.accepted, *ANY_INJECTION)):
                check.matched += 1
                matched_ids.add(id(finding))
                break
    label_hits = []
    for label in labels:
        expectation = KINDS[label.kind][mode]
        nearby = [f for f in findings if (f.system, f.doc, f.line) == (label.system, label.doc, label.line)]
        matched = [f for f in nearby if matches(f, label, (*expectation.expected, *expectation.accepted, *ANY_INJECTION))]
        label_hits.append((label, matched))
        kind = kinds[label.kind]
        kind.labels += 1
        for code in expectation.expected:
            checks.setdefault(code, CheckScore(code)).expected += 1
            if any(f.code == code for f in matched):
                checks[code].caught += 1
        if expectation.expected:
            kind.detectable += 1
            if any(f.code in expectation.expected for f in matched):
                kind.detected += 1
        if any(f.severity.rank > expectation.max_severity.rank for f in matched):
            kind.too_severe += 1
        # Understated: flagged only by the expected checks, and only below the severity the error deserves.
        flagged = [f for f in matched if f.code in expectation.expected]
        if flagged and all(f.severity.rank < expectation.min_severity.rank for f in flagged):
            kind.too_mild += 1
        for f in nearby:
            if f not in matched and hits(f, f.context, [(label.start, label.end)]):
                kind.other_codes[f.code] += 1
    clean_findings = [f for f in findings if is_clean(f.system)]
    unmatched = [f for f in findings if id(f) not in matched_ids]
    return ModeResult(mode, checks, kinds, clean_segments, clean_findings, label_hits, unmatched)


# ---------------------------------------------------------------------------
# Running the pipeline
# ---------------------------------------------------------------------------


def load_embedder():
    from mtcheck.embed import Embedder

    return Embedder()


def run_synthetic(eval_set: EvalSet, embedder, modes: Sequence[str] = MODES, workdir: Path | None = None) -> list[ModeResult]:
    """Run the pipeline on the evaluation set in each mode and score it."""
    from mtcheck.checks import ALL_CHECKS
    from mtcheck.load.glossary import write_glossary_csv
    from mtcheck.mining import build_glossary
    from mtcheck.pipeline import RunOptions, run

    codes = [check.code for check in ALL_CHECKS]
    clean_segments = sum(1 for row in eval_set.rows if is_clean(row.system))
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = workdir or Path(scratch)
        with_ref = folder / "eval-set.tsv"
        write_table(eval_set.rows, with_ref, with_reference=True)
        started = time.perf_counter()
        reference_run = run(with_ref, RunOptions(), embedder=embedder)
        elapsed = time.perf_counter() - started
        if "reference" in modes:
            result = score("reference", reference_run.findings, eval_set.labels, clean_segments, codes)
            result.seconds = elapsed
            results.append(result)
        if "glossary" in modes:
            glossary_path = folder / "glossary.csv"
            # Mined from the references of the same rows, as `mtcheck glossary build` would.
            write_glossary_csv(build_glossary(reference_run.documents), glossary_path)
            without_ref = folder / "eval-set.no-ref.tsv"
            write_table(eval_set.rows, without_ref, with_reference=False)
            started = time.perf_counter()
            glossary_run = run(without_ref, RunOptions(glossary_paths=[glossary_path]), embedder=embedder)
            result = score("glossary", glossary_run.findings, eval_set.labels, clean_segments, codes)
            result.seconds = time.perf_counter() - started
            results.append(result)
    return results


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def markdown(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def check_table(result: ModeResult) -> tuple[list[str], list[list[object]]]:
    header = ["check", "findings", "matched", "precision", "expected", "caught", "recall", "clean flags"]
    rows = [
        [c.code, c.findings, c.matched, _figure(c.precision), c.expected, c.caught, _figure(c.recall), c.clean_findings]
        for c in sorted(result.checks.values(), key=lambda c: c.code)
        if c.findings or c.expected
    ]
    return header, rows


def kind_table(result: ModeResult) -> tuple[list[str], list[list[object]]]:
    header = ["kind", "injected", "expected checks", "detected", "recall", "too severe", "too mild", "other checks on the span"]
    rows = []
    for kind in result.kinds.values():
        expectation = KINDS[kind.kind][result.mode]
        others = ", ".join(f"{code}×{count}" for code, count in sorted(kind.other_codes.items()))
        rows.append([
            kind.kind, kind.labels, "+".join(expectation.expected) or "(none)", kind.detected if kind.detectable else "–",
            _figure(kind.recall), kind.too_severe, kind.too_mild, others,
        ])  # fmt: skip
    return header, rows


def _overall(result: ModeResult, kinds: Sequence[str]) -> str:
    chosen = [result.kinds[kind] for kind in kinds]
    detectable = sum(k.detectable for k in chosen)
    detected = sum(k.detected for k in chosen)
    return f"{detected}/{detectable} = {_figure(detected / detectable if detectable else None)}"


def report_synthetic(results: Sequence[ModeResult], eval_set: EvalSet, seed: int) -> str:
    clean_systems = len({row.system for row in eval_set.rows if is_clean(row.system)})
    clean = sum(1 for row in eval_set.rows if is_clean(row.system)) // clean_systems
    systems = len({row.system for row in eval_set.rows})
    parts = [
        f"Synthetic set (seed {seed}): {len({row.doc for row in eval_set.rows})} documents, {clean} segments per "
        f"system, {clean_systems} clean + {systems - clean_systems} injected systems, {len(eval_set.labels)} injections.",
    ]
    for result in results:
        total = sum(c.findings for c in result.checks.values())
        matched = sum(c.matched for c in result.checks.values())
        parts += [
            "",
            f"## {result.mode}: {'MT + reference' if result.mode == 'reference' else 'MT + mined glossary, no reference'} ({result.seconds:.0f} s)",
            "",
            f"- recall on letter garbles ({', '.join(GARBLE_KINDS)}): {_overall(result, GARBLE_KINDS)}",
            f"- recall on swapped persons (entity-swap, entity-swap-nearby): "
            f"{_overall(result, ['entity-swap', 'entity-swap-nearby'])}",
            f"- recall on all detectable injections: {_overall(result, list(KINDS))}",
            f"- precision of all findings: {matched}/{total} = {_figure(matched / total if total else None)}",
            f"- clean copies: {len(result.clean_findings)} flags on {result.clean_segments} segments "
            f"= {result.clean_per_50:.2f} per 50 segments (target < 1)",
            "",
            markdown(*check_table(result)),
            "",
            markdown(*kind_table(result)),
        ]
    return "\n".join(parts)


# ---------------------------------------------------------------------------
# CSV output
# ---------------------------------------------------------------------------


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_synthetic_csv(out: Path, results: Sequence[ModeResult], eval_set: EvalSet) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_table(eval_set.rows, out / "eval-set.tsv")
    _write_csv(
        out / "eval-labels.csv",
        ["system", "doc", "segment", "line", "start", "end", "kind", "found", "original"],
        ([l.system, l.doc, l.segment, l.line, l.start, l.end, l.kind, l.found, l.original] for l in eval_set.labels),
    )  # fmt: skip
    for result in results:
        header, rows = check_table(result)
        _write_csv(out / f"{result.mode}-checks.csv", header, rows)
        header, rows = kind_table(result)
        _write_csv(out / f"{result.mode}-kinds.csv", header, rows)
        _write_csv(
            out / f"{result.mode}-labels.csv",
            ["system", "doc", "line", "kind", "found", "original", "detected_by", "severities"],
            ([l.system, l.doc, l.line, l.kind, l.found, l.original, " ".join(f.code for f in hits),
              " ".join(f.severity.value for f in hits)] for l, hits in result.label_hits),
        )  # fmt: skip
        _write_csv(
            out / f"{result.mode}-false-flags.csv",
            ["system", "doc", "segment", "line", "start", "end", "code", "severity", "found", "expected", "message"],
            ([f.system, f.doc, f.segment, f.line, f.start, f.end, f.code, f.severity.value, f.found, f.expected, f.message]
             for f in result.unmatched),
        )  # fmt: skip


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=13, help="seed of the paraphrases and injections")
    parser.add_argument("--rounds", type=int, default=3, help="rounds: each a fresh clean copy, injected once in every segment")
    parser.add_argument("--stride", type=int, default=5, help="segments between two injections in one system")
    parser.add_argument("--mode", choices=[*MODES, "both"], default="both", help="reference-backed, glossary-only or both")
    parser.add_argument("--no-source", action="store_true", help="leave the source column empty")
    parser.add_argument("--out", type=Path, help="folder for CSV tables, the evaluation set and per-label detail")
    args = parser.parse_args(argv)

    embedder = load_embedder()
    eval_set = build_eval_set(load_source_texts(), args.seed, args.rounds, args.stride, not args.no_source)
    modes = MODES if args.mode == "both" else (args.mode,)
    results = run_synthetic(eval_set, embedder, modes)
    print(report_synthetic(results, eval_set, args.seed))
    if args.out:
        write_synthetic_csv(args.out, results, eval_set)
    return 0


if __name__ == "__main__":
    sys.exit(main())
