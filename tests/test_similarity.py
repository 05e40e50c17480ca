"""Name and term similarity: verdicts calibrated on garbles, different names and transliterations."""

from __future__ import annotations

import pytest

from mtcheck.text.similarity import Verdict, compare_names, compare_terms, compare_tokens, transliteration_key

GARBLES = [
    ("Stefanik", "Stefanick"),  # letter added
    ("Stefanik", "Stefanic"),  # letter replaced, same sound
    ("Stefanik", "Stefaink"),  # letters swapped
    ("Stefanik", "Steffanik"),  # letter doubled
    ("Stefanik", "Stefnik"),  # letter dropped
    ("Biden", "Bidden"),
    ("Sherman", "Sheman"),
    ("Kettering", "Ketternig"),
    ("Okonkwo", "Okonkow"),
    # A dropped or doubled last letter is a slip even where it looks like an ending.
    ("Kettunen", "Kettune"),
    ("Hartmann", "Hartman"),
    ("Dorin", "Dorinn"),
    # Short names: a swap or an inner drop is a slip without a phonetic match.
    ("Ekholm", "Ekhom"),
    ("Vega", "Vgea"),
    # Vowel swaps are misspellings, not romanisations.
    ("Raghavan", "Raghaven"),
    ("Moriyama", "Moriyema"),
    ("Vega", "Vaga"),
]
DIFFERENT = [
    ("Jensen", "Hansen"),
    ("Sherman", "Shearer"),
    ("Iran", "Iraq"),
    ("Austria", "Australia"),
    ("Taylor", "Tyler"),
    ("Russia", "Russian"),  # a derived word, not a misspelling
    ("Ukraine", "Ukrainian"),
    ("Europe", "European"),
    ("Lindqvist", "Berglund"),
    ("Petrov", "Popov"),
    ("Korea", "Korean"),
    ("Iraq", "Iraqi"),
    ("Oman", "Roman"),
]
VARIANTS = [
    ("Zelensky", "Zelenskyy"),
    ("Aleksandr", "Alexander"),
    ("Mohammed", "Muhammad"),
    ("Sergei", "Sergey"),
    ("Dmitry", "Dmitri"),
    ("Yevgeny", "Evgeny"),
    ("Sokolov", "Sokoloff"),  # -ov/-off
    ("Kolarov", "Kolarow"),  # -ov/-ow
    ("Maksimova", "Maximova"),  # ks/x
    ("Khalid", "Halid"),  # kh/h
    ("Zelenskiy", "Zelensky"),  # -skiy/-sky
    ("Marija", "Mariya"),  # j/y before a vowel
    ("Andreyev", "Andreev"),
    ("Mohammed", "Mohamed"),
    ("Hussein", "Husayn"),
]


@pytest.mark.parametrize("expected, found", GARBLES)
def test_garbles(expected, found):
    assert compare_names(expected, found).verdict is Verdict.GARBLE


@pytest.mark.parametrize("expected, found", DIFFERENT)
def test_different_names(expected, found):
    assert compare_names(expected, found).verdict is Verdict.DIFFERENT


@pytest.mark.parametrize("expected, found", VARIANTS)
def test_transliteration_variants(expected, found):
    assert compare_names(expected, found).verdict is Verdict.VARIANT
    assert transliteration_key(expected) == transliteration_key(found)


@pytest.mark.parametrize(
    "expected, found, verdict",
    [
        ("Joe Biden", "Biden", Verdict.SAME),
        ("Elise Stefanik", "Elise Stefanick", Verdict.GARBLE),
        ("Elise Stefanik", "Stefanic", Verdict.GARBLE),
        ("Wendy Sherman", "Wendy Shearer", Verdict.DIFFERENT),
        # With the first name agreeing, a short surname one letter off at its end is a slip.
        ("Pavel Dorin", "Pavel Dori", Verdict.GARBLE),
        ("Anna Jensen", "Anna Hansen", Verdict.DIFFERENT),
        ("Anna Petrov", "Anna Popov", Verdict.DIFFERENT),
        ("J. R. Okafor", "Okafor", Verdict.SAME),
        ("Jean-Luc Marchetti", "Jean Luc Marchetti", Verdict.SAME),
        ("Ryabkov", "Ryabkov's", Verdict.SAME),
    ],
)
def test_multi_word_names(expected, found, verdict):
    assert compare_names(expected, found).verdict is verdict


def test_record_names_the_differing_tokens():
    result = compare_names("Elise Stefanik", "Elise Stefanick")
    assert (result.expected_token, result.found_token) == ("stefanik", "stefanick")
    assert result.edit_distance == 1 and result.phonetic_match
    assert 0.9 < result.string_similarity <= 1.0
    assert result.embedding_similarity is None


def test_embedding_similarity_is_recorded(embedder):
    result = compare_names("Elise Stefanik", "Elise Stefanick", embedder)
    assert 0.5 < result.embedding_similarity <= 1.0


def _separation(scores_positive: list[float], scores_negative: list[float]) -> float:
    """Probability that a garble scores above a different name (ROC AUC)."""
    pairs = [(p, n) for p in scores_positive for n in scores_negative]
    return sum(1.0 if p > n else 0.5 if p == n else 0.0 for p, n in pairs) / len(pairs)


def test_string_similarity_separates_garbles_better_than_embeddings(embedder):
    string_garble = [compare_tokens(a, b).edit_similarity for a, b in GARBLES]
    string_different = [compare_tokens(a, b).edit_similarity for a, b in DIFFERENT]
    embed_garble = [embedder.similarity(a, b) for a, b in GARBLES]
    embed_different = [embedder.similarity(a, b) for a, b in DIFFERENT]
    string_auc = _separation(string_garble, string_different)
    embedding_auc = _separation(embed_garble, embed_different)
    assert string_auc > embedding_auc + 0.1, (string_auc, embedding_auc)


def test_terms(embedder):
    swapped = compare_terms("Norway-Iceland Commission", "Iceland-Norway Commission", embedder)
    assert swapped.same_words and not swapped.identical
    hyphenated = compare_terms("North Atlantic Cod Agreement", "the North-Atlantic cod agreement")
    assert hyphenated.identical
    calque = compare_terms("North Atlantic Cod Agreement", "Treaty on Northern Cod Stocks", embedder)
    unrelated = compare_terms("North Atlantic Cod Agreement", "Bergen City Council", embedder)
    assert calque.embedding_similarity > unrelated.embedding_similarity
    assert calque.token_overlap > 0 and unrelated.token_overlap == 0


@pytest.mark.parametrize(
    "expected, found",
    [("Harbour", "Harbor"), ("Labour", "Labor"), ("Centre", "Center"), ("Defence", "Defense"), ("Co-operation", "Cooperation"), ("Kraków", "Krakow")],
)
def test_spelling_conventions_are_the_same_name(expected, found):
    assert compare_tokens(expected, found).verdict is Verdict.SAME


def test_macao_and_macau_are_romanisations_of_one_name():
    assert compare_tokens("Macau", "Macao").verdict is Verdict.VARIANT


def test_a_different_letter_is_still_a_garble_not_a_convention():
    assert compare_tokens("Harbour", "Harbiur").verdict is not Verdict.SAME
