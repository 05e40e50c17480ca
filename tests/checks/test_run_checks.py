"""The registry and `run_checks`: selection, skipped checks, severities, settings, order, batching."""

from __future__ import annotations


import pytest

from mtcheck.checks import CalquedTerm, GarbledName, get_check, run_checks, select_checks
from mtcheck.errors import ConfigError
from mtcheck.load.glossary import GlossaryEntry, build_from_entries
from mtcheck.model import Severity

from .helpers import make_document

# A short news story in which the MT garbles one surname two ways, calques an
# acronym and a commission's name, and gets every other name right.
STORY_MT = [
    "FISHERIES TALKS END WITHOUT A DEAL",
    "Negotiators from Norway and Iceland met in Tromso on Friday, the Coastal Herald reported.",
    '"We cannot accept these quotas," said Fisheries Commissioner Ingrid Halvorsen after the session.',
    "Icelandic Deputy Minister Gunnar Olafsson rejected claims by more than 12,000 fishermen.",
    "Both sides referred to the expired Treaty on Northern Cod Stocks (TNCS), which Iceland left in 2019.",
    "The talks will continue at an Iceland-Norway Commission meeting in Bergen.",
    "Opposition leader Margret Thorvaldsen, a senior member of Parliament, attacked the deal.",
    "Thorvaldson and four other members introduced a bill to protect small boats.",
    "Later, Torvaldsen told reporters that Halvorsen's offer came too late.",
]
STORY_REF = [
    "FISHERIES TALKS END WITHOUT A DEAL",
    "Negotiators from Norway and Iceland met in Tromso on Friday, the Coastal Herald reported.",
    '"We cannot accept these quotas," Fisheries Commissioner Ingrid Halvorsen said after the session.',
    "Icelandic Deputy Minister Gunnar Olafsson dismissed claims by more than 12 000 fishermen.",
    "Both sides referred to the expired North Atlantic Cod Agreement (NACA), which Iceland left in 2019.",
    "The talks will continue at a Norway-Iceland Commission meeting in Bergen.",
    "Opposition leader Margret Thorvaldsen, a senior member of Parliament, attacked the deal.",
    "Thorvaldsen and four other members introduced a bill to protect small boats.",
    "Later, Thorvaldsen told reporters that the offer from Halvorsen came too late.",
]


# What a run without a glossary or source text cannot do, and says so.
NO_GLOSSARY_OR_SOURCE = [
    ("MT106", "fewer than two other MT systems of the same document"),
    ("MT303", "no source text"),
    ("MT401", "no glossary"),
    ("MT402", "no glossary"),
    ("MT403", "no source text"),
    ("MT404", "no glossary"),
    ("MT405", "no source text"),
    ("MT406", "no source text"),
    ("MT407", "no source text"),
]


def summary(findings):
    return sorted((f.code, f.position, f.found, f.expected) for f in findings)


# Reference-free checks leave a document with a reference to the reference-based ones.
REFERENCE_DECIDES = ("MT107", "a reference translation, which the reference-based checks use instead")


def test_story_with_reference(embedder):
    findings, skipped = run_checks([make_document(STORY_MT, STORY_REF)], embedder)
    assert [(item.code, item.reason) for item in skipped] == sorted([*NO_GLOSSARY_OR_SOURCE, REFERENCE_DECIDES])
    assert summary(findings) == sorted(
        [
            ("MT101", 8, "Thorvaldson", "Thorvaldsen"),
            ("MT101", 9, "Torvaldsen", "Thorvaldsen"),
            ("MT104", 8, "Thorvaldson", "Thorvaldsen"),
            ("MT104", 9, "Torvaldsen", "Thorvaldsen"),
            ("MT201", 5, "TNCS", "NACA"),
            ("MT203", 5, "Treaty on Northern Cod Stocks", "North Atlantic Cod Agreement"),
            ("MT203", 6, "Iceland-Norway Commission", "Norway-Iceland Commission"),
        ]
    )
    garble = next(f for f in findings if f.code == "MT101" and f.position == 8)
    assert garble.severity is Severity.MAJOR and garble.phonetic_match is True
    assert garble.string_similarity > 0.9 and garble.embedding_similarity is not None
    assert STORY_MT[7][garble.start : garble.end] == "Thorvaldson"
    assert garble.line == 8


def test_story_without_reference_skips_reference_checks(embedder):
    findings, skipped = run_checks([make_document(STORY_MT)], embedder)
    assert {f.code for f in findings} <= {"MT104", "MT202"}
    assert ("MT104", 8, "Thorvaldson", "Thorvaldsen") in summary(findings)
    assert sorted((item.code, item.reason) for item in skipped) == sorted(
        [(code, "no reference translation") for code in ("MT101", "MT102", "MT103", "MT105", "MT201", "MT203", "MT301", "MT302")]
        + NO_GLOSSARY_OR_SOURCE
    )
    assert all(item.documents == 1 for item in skipped)


STORY_GLOSSARY = build_from_entries(
    [
        GlossaryEntry(
            term="North Atlantic Cod Agreement",
            variants=("Treaty on Northern Cod Stocks",),
            acronym="NACA",
            kind="treaty",
        ),
        GlossaryEntry(term="Margret Thorvaldsen", kind="person", severity=Severity.CRITICAL),
    ]
)


def test_story_with_glossary_adds_glossary_findings(embedder):
    findings, skipped = run_checks([make_document(STORY_MT, STORY_REF)], embedder, glossary=STORY_GLOSSARY)
    assert [(item.code, item.reason) for item in skipped] == [
        ("MT106", "fewer than two other MT systems of the same document"),
        REFERENCE_DECIDES,
        ("MT303", "no source text"),
        ("MT403", "no source text"),
        ("MT405", "no source text"),
        ("MT406", "no source text"),
        ("MT407", "no source text"),
    ]
    glossary_findings = [f for f in findings if f.code.startswith("MT4")]
    assert summary(glossary_findings) == sorted(
        [
            ("MT401", 5, "Treaty on Northern Cod Stocks", "North Atlantic Cod Agreement"),
            ("MT402", 8, "Thorvaldson", "Margret Thorvaldsen"),
            ("MT402", 9, "Torvaldsen", "Margret Thorvaldsen"),
            ("MT404", 5, "TNCS", "NACA"),
        ]
    )
    assert {f.severity for f in glossary_findings if f.code == "MT402"} == {Severity.CRITICAL}


def test_correct_translation_gives_nothing(embedder):
    findings, _ = run_checks([make_document(STORY_REF, STORY_REF)], embedder, glossary=STORY_GLOSSARY)
    assert findings == []


def test_inconsistency_across_documents_of_one_system(embedder):
    first = make_document(["Commissioner Ingrid Halvorsen spoke.", "Halvorsen left."], doc="a")
    second = make_document(["Commissioner Ingrid Halvorson spoke again."], doc="b")
    other_system = make_document(["Commissioner Ingrid Halvorson waited."], system="other", doc="a")
    findings, _ = run_checks([first, second, other_system], embedder, select=["MT104"])
    assert [(f.system, f.doc, f.found, f.expected) for f in findings] == [("mt", "b", "Halvorson", "Halvorsen")]


@pytest.mark.parametrize(
    "select, ignore, expected",
    [
        (["MT2"], None, ["MT201", "MT202", "MT203"]),
        (["garbled-name", "MT301"], None, ["MT101", "MT301"]),
        (None, ["MT1", "number-mismatch"], ["MT201", "MT202", "MT203", "MT302", "MT303", "MT401", "MT402", "MT403", "MT404", "MT405", "MT406", "MT407", "MT501"]),
        (["mt20"], ["MT202"], ["MT201", "MT203"]),
        (["MT4"], ["glossary-near-miss", "MT405"], ["MT401", "MT403", "MT404", "MT406", "MT407"]),
    ],
)
def test_selection(select, ignore, expected):
    assert [check.code for check in select_checks(select, ignore)] == expected


def test_unknown_selector_and_check():
    with pytest.raises(ConfigError):
        select_checks(["MT9"])
    with pytest.raises(ConfigError):
        get_check("garbled-names")
    assert get_check("mt101") is GarbledName and get_check("calqued-term") is CalquedTerm


def test_severity_override_and_settings(embedder):
    document = make_document(STORY_MT, STORY_REF)
    findings, _ = run_checks(
        [document], embedder, select=["MT101"], severity_overrides={"garbled-name": "minor"}
    )
    assert {f.severity for f in findings} == {Severity.MINOR}
    with pytest.raises(ConfigError):
        run_checks([document], embedder, select=["MT101"], settings={"MT101": {"no-such-setting": 1}})
    with pytest.raises(ConfigError):
        run_checks([document], embedder, severity_overrides={"MT101": "fatal"})


def test_findings_are_sorted(embedder):
    late = make_document(STORY_MT, STORY_REF, doc="b")
    early = make_document(STORY_MT, STORY_REF, doc="a")
    findings, _ = run_checks([late, early], embedder)
    keys = [(f.system, f.doc, f.line, f.start, f.code) for f in findings]
    assert keys == sorted(keys) and keys[0][1] == "a"


class CountingEmbedder:
    """Wraps the real embedder and counts calls that reach the model."""

    def __init__(self, inner):
        self.inner = inner
        self.model_calls = 0

    def encode(self, texts):
        before = self.inner.encoded_texts
        vectors = self.inner.encode(texts)
        self.model_calls += self.inner.encoded_texts != before
        return vectors

    def similarity(self, first, second):
        vectors = self.encode([first, second])
        return float(vectors[0] @ vectors[1])


def test_term_spans_are_embedded_in_one_batch(embedder):
    from mtcheck.embed import Embedder

    fresh = Embedder()
    fresh._model = embedder._load()  # share the loaded model, not its cache
    counting = CountingEmbedder(fresh)
    documents = [make_document(STORY_MT, STORY_REF, doc=str(n)) for n in range(3)]
    run_checks(documents, counting, select=["MT203"])
    assert counting.model_calls == 1


def test_documents_of_the_same_text_send_nothing_new_to_the_model(embedder):
    # Speed is measured in the benchmark; here, that repeated spans are encoded once.
    documents = [make_document(STORY_MT * 5, STORY_REF * 5, doc=str(n)) for n in range(10)]
    first, _ = run_checks(documents[:1], embedder)
    encoded = embedder.encoded_texts
    findings, _ = run_checks(documents, embedder)
    assert embedder.encoded_texts == encoded
    assert len(findings) == 10 * len(first)
