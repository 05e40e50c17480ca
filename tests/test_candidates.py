"""Candidate extraction: names, acronyms, definitions, numbers and terms, with spans into the input."""

from __future__ import annotations

import pytest

from mtcheck.text.candidates import (
    acronym_fits,
    build_vocabulary,
    extract,
    extract_acronyms,
    extract_definitions,
    extract_names,
    extract_numbers,
    extract_terms,
)


def names(text: str, *context: str) -> list[str]:
    vocabulary = build_vocabulary([text, *context])
    return [name.normalized for name in extract_names(text, vocabulary)]


def test_spans_cover_the_original_text():
    text = "Critics said Halvorsen's plan was late."
    (name,) = extract_names(text)
    assert name.normalized == "Halvorsen"
    assert text[name.start : name.end] == name.text == "Halvorsen's"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It was Putin's idea.", ["Putin"]),
        ("They quoted Ursula von der Leyen at length.", ["Ursula von der Leyen"]),
        ("A memo by J. R. Okafor leaked.", ["J. R. Okafor"]),
        ("Critics included Siobhan O'Brien and Bashar al-Assad.", ["Siobhan O'Brien", "Bashar al-Assad"]),
        ("He met Deputy Secretary of State Mara Lindgren.", ["Mara Lindgren"]),
        ("Russian Deputy Foreign Minister Oleg Petrenko spoke.", ["Oleg Petrenko"]),
        ("The remark by Mr. Adeyemi and Dr. Sato surprised all.", ["Adeyemi", "Sato"]),
        ("Agency spokeswoman Rita Moreau declined.", ["Rita Moreau"]),
        ('"Kowalski is wrong," the statement said.', ["Kowalski"]),
    ],
)
def test_names(text, expected):
    assert names(text) == expected


def test_title_is_recorded_but_not_part_of_the_name():
    (name,) = extract_names("Talks were led by Senator Ruth Ambler.")
    assert name.normalized == "Ruth Ambler" and name.title == "Senator"
    (name,) = extract_names("Officials briefed spokesman Ned Kowal.")
    assert name.title == "spokesman"


def test_sentence_initial_common_words_are_not_names():
    text = "Experts doubt it. Meanwhile, Oslo waited. Emphasizing unity, Sato left."
    assert names(text, "Several experts agreed.") == ["Oslo", "Sato"]


def test_all_caps_headline_gives_no_names_and_only_known_acronyms():
    headline = "FISHERMEN PROTEST QUOTA CUTS IN OSLO"
    assert names(headline) == []
    assert extract_acronyms(headline) == []
    vocabulary = build_vocabulary(["The EU agreed."])
    assert [a.normalized for a in extract_acronyms("EU FISHERMEN PROTEST QUOTA CUTS", vocabulary)] == ["EU"]


def test_title_case_headline_uses_vocabulary():
    vocabulary = build_vocabulary(["Many fishermen protest against quota cuts."])
    found = [n.normalized for n in extract_names("Fishermen Protest Quota Cuts In Oslo", vocabulary)]
    assert found == ["Oslo"]


def test_acronyms_normalised():
    text = "The U.S. and NATO's allies, the G7, NGOs and the COVID-19 task force met at the INF talks in World War II."
    found = [(a.text, a.normalized) for a in extract_acronyms(text)]
    assert found == [
        ("U.S.", "US"),
        ("NATO's", "NATO"),
        ("G7", "G7"),
        ("NGOs", "NGO"),
        ("COVID-19", "COVID-19"),
        ("INF", "INF"),
    ]


def test_acronym_inside_hyphenated_word():
    assert [a.normalized for a in extract_acronyms("a NATO-Russia meeting")] == ["NATO"]


def test_definitions():
    text = "They left the now-defunct Conventional Armed Forces in Europe (CFE) treaty."
    (definition,) = extract_definitions(text)
    assert definition.expansion.text == "Conventional Armed Forces in Europe"
    assert text[definition.expansion.start : definition.expansion.end] == definition.expansion.text
    assert definition.acronym.normalized == "CFE" and definition.capitalised
    (lowercase,) = extract_definitions("Aid came through non-governmental organisations (NGOs).")
    assert not lowercase.capitalised and lowercase.acronym.normalized == "NGO"
    assert extract_definitions("He arrived (late) on Monday.") == []
    (opener,) = extract_definitions("Inspectors of the Maritime Safety Office (MSO) boarded the ship.")
    assert opener.expansion.text == "Maritime Safety Office"


@pytest.mark.parametrize(
    "acronym, expansion, fits",
    [
        ("INF", "Intermediate-Range Nuclear Forces", True),
        ("OSCE", "Organization for Security and Cooperation in Europe", True),
        ("ICRC", "International Committee of the Red Cross", True),
        ("COVID-19", "Corona Virus Disease 2019", True),
        ("G7", "Group of Seven", True),
        ("G7", "Group of Eight", False),
        ("NGO", "Non-Governmental Organisations", True),
        ("CTBT", "Comprehensive Nuclear-Test-Ban Treaty", True),
        ("KFOR", "Kosovo Force", True),
        ("DOE", "Department of Energy", True),
        ("SEC", "Macedonia's State Election Commission", True),
        ("FAA", "U.S. Federal Aviation Administration", True),
        ("DRM", "Medium-Range and Short-Range Missile Treaty", False),
        ("XYZ", "Agence Locale", False),
        ("SNCA", "Treaty on Northern Cod Stocks", False),
        # Regressions: letters from inside words, or a prefix letter making up for a skipped word.
        ("IFSA", "Inland Ferry Safety Board", False),
        ("WESA", "Western Ocean Survey Agency", False),
        ("HBC", "Habicht", False),
        ("UN", "European Union", False),
        ("CFE", "Conventional Armed Forces in Europe", False),
    ],
)
def test_acronym_fits(acronym, expansion, fits):
    assert acronym_fits(acronym, expansion) is fits


def test_acronym_fits_allowed_exceptions():
    assert not acronym_fits("COVID-19", "Coronavirus Disease 2019")
    assert acronym_fits("COVID-19", "Coronavirus Disease 2019", frozenset({"COVID"}))
    assert acronym_fits("CFE", "Conventional Armed Forces in Europe", frozenset({"CFE"}))


@pytest.mark.parametrize(
    "text, values",
    [
        ("100,000 and 100 000 and 100000", [(100000.0, "")] * 3),
        ("3.5 million, 3,500,000 and 2 bn", [(3.5e6, ""), (3.5e6, ""), (2e9, "")]),
        ("12%, 12 percent and twelve per cent", [(12.0, "%")] * 3),
        ("five ships, twenty-five boats, two hundred men, three million euros", [(5.0, ""), (25.0, ""), (200.0, ""), (3e6, "")]),
        ("a decimal comma: 1,5", [(1.5, "")]),
        ("COVID-19, G7, the 3rd and the 1990s", [(3.0, "")]),
        ("no one came; one of them left", []),
        ("in mid-2022", [(2022.0, "")]),
        ("a 6km road, a 3D model, the 3rd, 5G and $5m", [(6.0, ""), (3.0, ""), (3.0, ""), (5e6, "")]),
        ("two and a half million, half a million, one hundred thousand", [(2.5e6, ""), (5e5, ""), (1e5, "")]),
        ("a three-dimensional model of the five-year plan", [(3.0, ""), (5.0, "")]),
    ],
)
def test_numbers(text, values):
    assert [number.key for number in extract_numbers(text)] == values


def test_number_words_that_count_nothing_are_marked():
    numbers = extract_numbers("The two met; two of them came with two or three aides.")
    assert [(number.value, number.counts) for number in numbers] == [(2.0, False)] * 3 + [(3.0, True)]


def test_number_spans():
    text = "Some 3.5 million people"
    (number,) = extract_numbers(text)
    assert text[number.start : number.end] == "3.5 million"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Delegates of the Organization for Security and Cooperation in Europe met.", ["Organization for Security and Cooperation in Europe"]),
        ("They met at a Norway-Iceland Commission meeting.", ["Norway-Iceland Commission"]),
        ("They discussed the Medium-Range and Short-Range Missile Treaty today.", ["Medium-Range and Short-Range Missile Treaty"]),
        ('A bill called "Guarding Coastal Waters by Strengthening its Fisheries Act" passed.', ["Guarding Coastal Waters by Strengthening its Fisheries Act"]),
        ("Both the Senate and the House of Representatives voted.", ["House of Representatives"]),
        ("A Democrat in the House of Representatives objected.", ["House of Representatives"]),
        ("Talks between Norway and Iceland ended.", []),
    ],
)
def test_terms(text, expected):
    assert [term.text for term in extract_terms(text)] == expected


def test_terms_are_not_names():
    found = extract("Delegates of the Nordic Council met Anna Berg.")
    assert [term.text for term in found.terms] == ["Nordic Council"]
    assert [name.normalized for name in found.names] == ["Anna Berg"]


def test_coordinated_numbers_share_the_unit_and_scale():
    def values(text):
        return [(number.value, number.unit) for number in extract_numbers(text)]

    assert values("it rose to 60 or 65 percent") == values("it rose to 60% or 65%") == [(60.0, "%"), (65.0, "%")]
    assert values("between 3 and 5 million voters") == [(3e6, ""), (5e6, "")]
    # A number that states its own magnitude keeps it; years stay years.
    assert values("500,000 to a million parts") == [(5e5, ""), (1e6, "")]
    assert values("in 2019 and 2020") == [(2019.0, ""), (2020.0, "")]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("营收达89.6亿元", [8.96e9]),
        ("约一万六七千元", [16000.0, 17000.0]),
        ("十二万三千人", [123000.0]),
        ("两国", [2.0]),
        ("２０２３年３月５日", [2023.0, 3.0, 5.0]),
        ("百分之五十", [50.0]),
        ("mit 1.450 Betten", [1.45, 1450.0]),
    ],
)
def test_source_numbers(text, values):
    from mtcheck.text.numbers import extract_source_numbers

    assert [pytest.approx(number.value) for number in extract_source_numbers(text)] == values


def test_a_long_single_line_keeps_names_and_definitions_in_place():
    """A scraped page with no line breaks: every name is found where it is, to the end of the text."""
    from mtcheck.text.candidates import extract

    sentences = [
        f"Minister Ilse Varnholt{i} of the Coastal Shipping Authority (CSA) told Dr. Brek that {i} ferries had left Port Halvik."
        for i in range(3000)
    ]
    text = " ".join(sentences).replace("Varnholt", "Varnholt ")  # "Varnholt 12": the number stays apart
    candidates = extract(text)
    varnholt = [name for name in candidates.names if name.text.startswith("Ilse Varnholt")]
    assert len(varnholt) == 3000
    assert all(text[name.start : name.end] == name.text for name in varnholt)
    assert varnholt[-1].title == "Minister"
    assert len([d for d in candidates.definitions if d.acronym.normalized == "CSA"]) == 3000


def test_a_vocabulary_of_parts_is_the_vocabulary_of_all_their_texts():
    from mtcheck.text.candidates import build_vocabulary, decode_vocabulary, encode_vocabulary, merge_vocabularies

    documents = [
        ["The NATO summit opened in Vilnius.", "officials of the e-ID office said"],
        ["MINISTRY SAYS TALKS RESUME", "The Ministry said talks would resume with the IMF."],
        ["", "Trade ministers met the WTO's director."],
    ]
    whole = build_vocabulary(text for texts in documents for text in texts)
    parts = [decode_vocabulary(encode_vocabulary(build_vocabulary(texts))) for texts in documents]
    assert merge_vocabularies(parts) == whole
    assert "IMF" in whole.acronyms and "MINISTRY" not in whole.acronyms and "officials" in whole.lowercase
    # An edited document's part changes the whole.
    parts[0] = build_vocabulary(["The summit opened in Vilnius."])
    assert merge_vocabularies(parts) != whole
