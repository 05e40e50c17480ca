"""Inflection-tolerant source matching, transliteration and whole-word MT matching."""

from __future__ import annotations

import pytest

from mtcheck.load.glossary import GlossaryEntry
from mtcheck.text.glossary_match import (
    base_forms,
    find_any_inflected,
    find_inflected,
    find_phrase,
    find_term_use,
    inflects,
    is_latin,
    mention_spans,
    person_surname,
    transliterate,
)

# Real paradigms: (glossary form, inflected forms that must match).
PARADIGMS = [
    # Macedonian: definite article -от; Russian/Serbian cases.
    ("Стефаник", ["Стефаник", "Стефаника", "Стефаникот", "Стефанику", "Стефаником", "СТЕФАНИК"]),
    # Serbian vocative with palatalisation к → ч.
    ("Стефаник", ["Стефаниче"]),
    # Russian feminine in -ия: gen/dat/prep -и, acc -ю, instr -ей.
    ("Мария", ["Марии", "Марию", "Марией"]),
    # Russian masculine in -й.
    ("Андрей", ["Андрея", "Андрею", "Андреем", "Андрее"]),
    # Ukrainian: dative -ові, locative with к → ц.
    ("Зеленський", ["Зеленського", "Зеленському", "Зеленським"]),
    ("Америка", ["Америки", "Америку", "Америці", "Америкою"]),
    # Bulgarian definite -ът / -ят.
    ("парламент", ["парламентът", "парламента"]),
    # Macedonian feminine noun with article -та, plural article -ите.
    ("комисија", ["комисијата", "комисии", "комисиите"]),
    # Adjectival names and the Macedonian definite adjective -иот.
    ("Толстой", ["Толстого", "Толстому", "Толстым"]),
    ("Преспански", ["Преспанскиот", "Преспанска", "Преспанските"]),
    # Serbian Latin script.
    ("Vučić", ["Vučića", "Vučiću", "Vučićem"]),
]


@pytest.mark.parametrize(("form", "token"), [(form, token) for form, tokens in PARADIGMS for token in tokens])
def test_inflected_forms_match(form, token):
    assert inflects(token, form)


@pytest.mark.parametrize(
    ("form", "token"),
    [
        ("Стефан", "Стефаник"),  # a longer different name sharing the prefix
        ("Стефаник", "Стефаниковић"),  # a patronymic-style surname built on the name
        ("Иван", "Иванов"),  # given name vs surname made from it
        ("Петр", "Петров"),
        ("Мария", "Марианна"),
        ("ЕУ", "ЕУА"),  # short forms match only exactly
        ("Киев", "Киевская"),  # adjective derived from the name: suffix too long
        ("Стефаник", "Стефани"),  # shorter than the stem
    ],
)
def test_different_words_do_not_match(form, token):
    assert not inflects(token, form)


def test_multi_word_forms_match_token_by_token():
    text = "Според Државната изборна комисија, Елис Стефаникот изјави"
    (match,) = find_inflected(text, "Државна изборна комисија")
    assert match.text == "Државната изборна комисија"
    assert text[match.start : match.end] == match.text
    (match,) = find_inflected(text, "Елис Стефаник")
    assert match.text == "Елис Стефаникот"
    # Words in another order are not the form.
    assert find_inflected("комисија изборна Државна", "Државна изборна комисија") == []


def test_overlapping_forms_keep_the_longest():
    matches = find_any_inflected("Елис Стефаник и Стефаник", ["Стефаник", "Елис Стефаник"])
    assert [m.text for m in matches] == ["Елис Стефаник", "Стефаник"]


def test_transliteration():
    assert transliterate("Елис Стефаник") == "Elis Stefanik"
    assert transliterate("Ξενοφών") == "Xenofon"
    assert is_latin("Vučić Stefanik") and not is_latin("Стефаник")
    assert "Стефаник" in base_forms("Стефаникот")
    assert base_forms("Стефаник") == ["Стефаник"]


def test_whole_word_mt_matching():
    text = "Stefanick met Stefanic. STEFANICK's office; Stefanicka"
    assert find_phrase(text, "Stefanic") == [(14, 22)]
    assert find_phrase(text, "Stefanick") == [(0, 9), (24, 33)]


def test_case_variant_never_matches_the_term():
    text = "NATO said. Nato said."
    assert find_phrase(text, "Nato", exclude=["NATO"]) == [(11, 15)]
    assert find_phrase("Nato said", "nato") == [(0, 4)]  # sentence-initial capital


def test_multi_word_phrase_spans_line_breaks_and_plurals():
    assert find_phrase("the State\nElection  Commission", "State Election Commission") == [(4, 30)]
    assert find_term_use("two asylum seekers", "asylum seeker") == [(4, 18)]
    assert find_term_use("Stefaniks", "Stefanik") == []


@pytest.mark.parametrize(
    ("term", "kind", "surname"),
    [
        ("Nadia Lerner", "person", "Lerner"),
        ("Ursula von der Leyen", "person", "von der Leyen"),
        ("Lerner", "person", ""),  # one word: the term itself
        ("Prespa Agreement", "treaty", ""),
        ("Nadia Lerner", "", ""),  # no kind: not known to be a person
    ],
)
def test_person_surname(term, kind, surname):
    assert person_surname(GlossaryEntry(term=term, kind=kind)) == surname


def test_mention_spans_accept_a_persons_surname_alone():
    person = GlossaryEntry(term="Nadia Lerner", kind="person")
    assert mention_spans("Lerner's office and Lerner said.", person) == [(0, 6), (20, 26)]
    assert mention_spans("Lernerova said.", person) == []  # whole words only
    assert mention_spans("The Agreement held.", GlossaryEntry(term="Prespa Agreement", kind="treaty")) == []
