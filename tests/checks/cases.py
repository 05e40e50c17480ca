"""Pass/fail cases per check, in the spirit of sqlfluff's rule-case YAML files.

Each case: the check code, an id, MT lines, reference lines (None: no
reference), and the findings expected as (found, expected) pairs, optionally
with a severity. `expect=[]` marks a "nothing flagged" (pass) case. Source
lines go in `src`; the glossary checks (MT4xx) get their glossary as a tuple of
`GlossaryEntry` keyword dicts in `glossary`, built by `build_glossary`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mtcheck.load.glossary import Glossary, GlossaryEntry, build_from_entries
from mtcheck.model import Severity


@dataclass(frozen=True)
class Case:
    code: str
    id: str
    mt: list[str]
    ref: list[str] | None = None
    expect: list[tuple] = field(default_factory=list)  # (found, expected[, severity[, confidence]])
    src: list[str] | None = None
    settings: dict | None = None
    glossary: tuple[dict, ...] | None = None  # GlossaryEntry keyword arguments, one dict per entry
    # Other MT systems' lines for the same document (same reference and source), by system name.
    others: dict[str, list[str]] | None = None

    @property
    def passes(self) -> bool:
        return not self.expect

    def build_glossary(self) -> Glossary | None:
        if self.glossary is None:
            return None
        return build_from_entries(GlossaryEntry(**entry) for entry in self.glossary)


# Invented glossary entries shared by the MT4xx cases.
HARBOUR_AGENCY = {
    "term": "Harbour Safety Agency",
    "variants": ("Port Security Directorate", "Agency for Harbour Safety"),
    "source": ("Агентство портовой безопасности", "Агентства портовой безопасности"),
    "acronym": "HSA",
    "kind": "organisation",
}
MELNIKOVA = {
    "term": "Zoya Melnikova",
    "variants": ("Zoia Melnikova",),
    "source": ("Зоя Мельникова", "Мельникова", "Мельниковой", "Мельникову"),
    "kind": "person",
    "severity": Severity.CRITICAL,
}
OSTROVSKY = {
    "term": "Gleb Ostrovsky",
    "source": ("Глеб Островский", "Островский", "Островского", "Островскому"),
    "kind": "person",
}
NATO = {"term": "NATO", "variants": ("Nato",), "kind": "organisation"}


CASES = [
    # ---------------------------------------------------------------- MT101 garbled-name
    Case(
        "MT101", "surname-garbled-two-ways",
        mt=["Councillor Adaeze Okonkow opened the hearing.", "Later, Okonkwoo said the budget was too small."],
        ref=["Councillor Adaeze Okonkwo opened the hearing.", "Later, Okonkwo said the budget was too small."],
        expect=[("Okonkow", "Okonkwo", "major"), ("Okonkwoo", "Okonkwo", "major")],
    ),
    Case(
        # The surname agrees and recurs; the given name is garbled.
        "MT101", "given-name-garbled-beside-shared-surname",
        mt=["Senator Marijke Varnholt opened the debate.", "Varnholt said the vote would be close."],
        ref=["Senator Marijka Varnholt opened the debate.", "Varnholt said the vote would be close."],
        expect=[("Marijke", "Marijka", "major")],
    ),
    Case(
        # English writes "Marika" often and "Marijka" almost never: the reference may be the odd one.
        "MT101", "reference-spelling-english-hardly-knows",
        mt=["Senator Marika Varnholt opened the debate.", "Varnholt said the vote would be close."],
        ref=["Senator Marijka Varnholt opened the debate.", "Varnholt said the vote would be close."],
        expect=[("Marika", "Marijka", "minor")],
    ),
    Case(
        # Both spellings are ones English knows well: the MT's is still the one to report.
        "MT101", "two-well-known-spellings-stay-major",
        mt=["Storm Hannah reached the coast at dawn.", "Hannah weakened by noon."],
        ref=["Storm Hanna reached the coast at dawn.", "Hanna weakened by noon."],
        expect=[("Hannah", "Hanna", "major"), ("Hannah", "Hanna", "major")],
    ),
    Case(
        "MT101", "dropped-letter-in-full-name",
        mt=["Mayor Lena Fishbach cut the ribbon."],
        ref=["Mayor Lena Fischbach cut the ribbon."],
        expect=[("Fishbach", "Fischbach", "major")],
    ),
    Case(
        "MT101", "swapped-letters",
        mt=["The report was written by Harriet Ketternig."],
        ref=["The report was written by Harriet Kettering."],
        expect=[("Ketternig", "Kettering", "major")],
    ),
    Case(
        "MT101", "transliteration-variant-is-minor",
        mt=["Volodymyr Zelenskyy thanked the donors."],
        ref=["Volodymyr Zelensky thanked the donors."],
        expect=[("Zelenskyy", "Zelensky", "minor")],
    ),
    Case(
        # Regression: a dropped final letter that looks like an ending, a swap in a short name and a
        # vowel swap are misspellings (major), not different names or romanisations.
        "MT101", "final-letter-short-name-and-vowel-garbles",
        mt=["Councillor Aino Lahtine met Judge Rosa Lguo.", "Auditor Priya Bhanderi joined them."],
        ref=["Councillor Aino Lahtinen met Judge Rosa Lugo.", "Auditor Priya Bhandari joined them."],
        expect=[("Lahtine", "Lahtinen", "major"), ("Lguo", "Lugo", "major"), ("Bhanderi", "Bhandari", "major")],
    ),
    Case(
        # Regression: a hyphenated surname with one correct part is still garbled.
        "MT101", "garbled-part-of-hyphenated-surname",
        mt=["Judge Lucie Marceuu-Tellier ruled on Friday."],
        ref=["Judge Lucie Marceau-Tellier ruled on Friday."],
        expect=[("Marceuu", "Marceau", "major")],
    ),
    Case(
        "MT101", "ov-off-is-a-minor-variant",
        mt=["Envoy Pyotr Gromoff arrived on Monday."],
        ref=["Envoy Pyotr Gromov arrived on Monday."],
        expect=[("Gromoff", "Gromov", "minor")],
    ),
    Case(
        "MT101", "garble-in-neighbouring-segment",
        mt=["The vote was close.", "Senator Piet Vandermolen abstained.", "Nobody expected it."],
        ref=["The vote was close and Senator Piet Vandermeulen abstained.", "The senator gave no reason.", "Nobody expected it."],
        expect=[("Vandermolen", "Vandermeulen", "major")],
    ),
    Case(
        "MT101", "clean-possessives-surnames-headline-quotes",
        mt=[
            "HALVORSEN WARNS OF QUOTA CUTS",
            "Fisheries Commissioner Ingrid Halvorsen's office said on Friday that talks would go on.",
            '"We are not there yet," Halvorsen said.',
            "Commissioner Halvorsen spoke to Jean-Luc Marchetti.",
        ],
        ref=[
            "HALVORSEN WARNS OF QUOTA CUTS",
            "The office of Fisheries Commissioner Ingrid Halvorsen said on Friday that talks would go on.",
            '"We are not there yet," said Halvorsen.',
            "Commissioner Halvorsen spoke to Jean Luc Marchetti.",
        ],
    ),
    Case(
        "MT101", "clean-different-person-and-name-split-across-segments",
        mt=["The minister, Anna Hansen, arrived with Tomasz Wrobel.", "Negotiators from Iran met them."],
        ref=["The minister, Anna Jensen, arrived with Tomasz", "Wrobel. Negotiators from Iraq met them."],
    ),
    # ---------------------------------------------------------------- MT102 missing-name
    Case(
        "MT102", "person-dropped",
        mt=['"We will not back down," said the trade envoy.', "The talks resume in May."],
        ref=['"We will not back down," said trade envoy Ilse Brandauer.', "The talks resume in May."],
        expect=[("", "Ilse Brandauer")],
    ),
    Case(
        "MT102", "surname-dropped-after-full-mention",
        mt=["Trade envoy Ilse Brandauer arrived late.", "The weather was poor.", "Fog closed the airport.", "Flights were cancelled.", "She said she would stay a week."],
        ref=["Trade envoy Ilse Brandauer arrived late.", "The weather was poor.", "Fog closed the airport.", "Flights were cancelled.", "Brandauer said she would stay a week."],
        expect=[("", "Brandauer")],
    ),
    Case(
        # Regression: the swapped-in person accounts for the aligned segment, whatever the next one says.
        "MT102", "person-swapped-but-named-again-nearby",
        mt=[
            "Finance minister Odile Varga presented the budget.", "It was late.", "Rain fell.",
            "Health minister Odile Varga said the clinic would open.", "Halloran has pledged more funds.",
        ],
        ref=[
            "Finance minister Odile Varga presented the budget.", "It was late.", "Rain fell.",
            "Health minister Grace Halloran said the clinic would open.", "Halloran has pledged more funds.",
        ],
        # The finding names whom the MT has in her place.
        expect=[("Odile Varga", "Grace Halloran")],
    ),
    Case(
        "MT102", "clean-person-in-neighbour-and-named-nearby",
        mt=[
            "Health minister Grace Halloran and Odile Varga met.", "The minister said the clinic would open.",
            "Halloran has pledged more funds.",
        ],
        ref=[
            "Health minister Grace Halloran met Odile Varga.", "Health minister Grace Halloran said the clinic would open.",
            "Halloran has pledged more funds.",
        ],
    ),
    Case(
        "MT102", "clean-surname-possessive-window-headline",
        mt=[
            "BRANDAUER REJECTS OFFER",
            "Brandauer's team walked out.",
            "The envoy was furious; trade envoy Ilse Brandauer later returned.",
            "Talks went on.",
        ],
        ref=[
            "BRANDAUER REJECTS OFFER",
            "Trade envoy Ilse Brandauer and her team walked out.",
            "The envoy later returned.",
            "Talks went on.",
        ],
    ),
    Case(
        "MT102", "clean-garbled-is-not-missing",
        mt=["Trade envoy Ilse Brandaur arrived late."],
        ref=["Trade envoy Ilse Brandauer arrived late."],
    ),
    # ---------------------------------------------------------------- MT103 unexpected-name
    Case(
        "MT103", "invented-official",
        mt=["Minister Tomas Elvery said the port would reopen."],
        ref=["The minister said the port would reopen."],
        expect=[("Tomas Elvery", "", "major")],
    ),
    Case(
        "MT103", "unexplained-full-name-is-minor",
        mt=["The hall was designed by Harald Voss in the sixties."],
        ref=["The hall was designed in the sixties by a local architect."],
        expect=[("Harald Voss", "", "minor")],
    ),
    Case(
        # Regression: capitalised titles and subject names are not people.
        "MT103", "titles-and-subjects-are-not-people",
        mt=["Students learn Dynamic Programming and Machine Learning.", "The hall was designed by Harald Voss."],
        ref=["Students learn algorithms and machine learning.", "The hall was designed by a local architect."],
        expect=[("Harald Voss", "", "minor")],
    ),
    Case(
        "MT103", "clean-name-elsewhere-in-reference-or-source",
        mt=["Minister Tomas Elvery said the port would reopen.", "It was a long week.", "Rain fell.", "More rain.", "Minister Saskia Dunmore agreed."],
        ref=["The minister said the port would reopen.", "It was a long week.", "Rain fell.", "More rain.", "Minister Tomas Elvery and his colleague agreed."],
        src=["Minister Tomas Elvery sagte, der Hafen werde wieder geöffnet.", "Es war eine lange Woche.", "Es regnete.", "Mehr Regen.", "Ministerin Saskia Dunmore stimmte zu."],
    ),
    Case(
        "MT103", "clean-garble-and-places",
        mt=["Minister Tomas Elverry visited New Zealand and South Korea."],
        ref=["Minister Tomas Elvery visited Australia and Japan."],
    ),
    Case(
        # The reference names Anja Solberg later, which does not excuse her standing in for Marit Halvorsen here.
        "MT103", "person-named-elsewhere-stands-in-for-another",
        mt=[
            "The plan was praised by Anja Solberg, an adviser to the council.", "It was late.", "Rain fell.",
            "The bus was full.", "Later Anja Solberg spoke.",
        ],
        ref=[
            "The plan was praised by Marit Halvorsen, an adviser to the council.", "It was late.", "Rain fell.",
            "The bus was full.", "Later Anja Solberg spoke.",
        ],
        expect=[("Anja Solberg", "Marit Halvorsen", "minor")],
    ),
    # ---------------------------------------------------------------- MT104 inconsistent-name
    Case(
        "MT104", "minority-spelling",
        mt=["Chidi Okonkwo chaired the meeting.", "Okonkwo called for calm.", "Later, Okonkow told reporters the vote would wait."],
        expect=[("Okonkow", "Okonkwo")],
    ),
    Case(
        "MT104", "reference-spelling-wins",
        mt=["Chidi Okonkow chaired the meeting.", "Okonkow called for calm.", "Later, Okonkwo told reporters the vote would wait."],
        ref=["Chidi Okonkwo chaired the meeting.", "Okonkwo called for calm.", "Later, Okonkwo told reporters the vote would wait."],
        expect=[("Okonkow", "Okonkwo"), ("Okonkow", "Okonkwo")],
    ),
    Case(
        # Regression: with no reference, a 1:1 tie has no majority; only the later spelling is flagged.
        "MT104", "tie-flags-the-later-spelling",
        mt=["Mayor Tadeusz Wierzbowski opened the bridge.", "Later, Wierbowski thanked the builders."],
        expect=[("Wierbowski", "Wierzbowski")],
    ),
    Case(
        # Regression: the glossary's spelling is canonical, even in the minority, and never flagged.
        "MT104", "glossary-spelling-wins",
        mt=["Later, Wierbowski thanked the builders.", "Wierbowski left.", "Mayor Tadeusz Wierzbowski opened the bridge."],
        glossary=({"term": "Tadeusz Wierzbowski", "kind": "person"},),
        expect=[("Wierbowski", "Wierzbowski"), ("Wierbowski", "Wierzbowski")],
    ),
    Case(
        "MT104", "glossary-spelling-of-hyphenated-surname-wins",
        mt=["Later, Marceuu-Tellier ruled.", "Judge Lucie Marceau-Tellier spoke."],
        glossary=({"term": "Lucie Marceau-Tellier"},),
        expect=[("Marceuu", "Marceau")],
    ),
    Case(
        "MT104", "clean-different-people-and-derived-words",
        mt=[
            "Anna Lindqvist met Erik Lindquist in Russia.",
            "The Russian side sent Lars Jensen and Maja Hansen.",
            "Lindqvist and Lindquist both spoke; Jensen and Hansen did not.",
        ],
    ),
    # ---------------------------------------------------------------- MT105 unmatched-name
    Case(
        "MT105", "calqued-agency-and-garbled-town",
        mt=["The Port Security Office of Talmarc closed the pier on Monday."],
        ref=["The Harbour Safety Agency in Tallmark closed the pier on Monday."],
        expect=[("Port Security Office of Talmarc", "", "major")],
    ),
    Case(
        "MT105", "renamed-place",
        mt=["The ferry left Eastvillage at dawn."],
        ref=["The ferry left Osterby at dawn."],
        expect=[("Eastvillage", "")],
    ),
    Case(
        "MT105", "invented-medium-beside-a-known-one",
        mt=["The Kestrel Courier and the Northgate Evening Bugle both ran the story."],
        ref=["The Kestrel Courier and the Northgate Herald both ran the story."],
        expect=[("Evening Bugle", "")],
    ),
    Case(
        "MT105", "one-country-twice-in-a-pair",
        mt=["The talks deepened the Norway-Norway fisheries partnership."],
        ref=["The talks deepened the fisheries partnership between Norway and Iceland."],
        expect=[("Norway-Norway", "")],
    ),
    Case(
        "MT105", "common-words-capitalised-as-a-name",
        mt=["Officials said the Blue Faction was welcome to visit the capital."],
        ref=["Officials said the blue faction was welcome to visit the capital."],
        expect=[("Blue Faction", "blue faction", "minor")],
    ),
    Case(
        "MT105", "clean-pronoun-contractions-are-no-names",
        mt=["\"I'll go,\" she said, \"and I've told them.\""],
        ref=["\"I will go,\" she said, \"and I have told them.\""],
        expect=[],
    ),
    Case(
        "MT105", "clean-british-and-american-spelling",
        mt=["The Harbour Defence Centre opened a new office."],
        ref=["The Harbor Defense Center opened a new office."],
        expect=[],
    ),
    Case(
        "MT105", "clean-derived-form-and-hyphenation",
        mt=["A Spanish delegation praised the Co-operation Council."],
        ref=["A delegation from Spain praised the Cooperation Council."],
        expect=[],
    ),
    Case(
        "MT105", "clean-named-elsewhere-in-the-reference",
        mt=["Analysts at the Corvale Institute were surprised.", "The institute said little."],
        ref=["Analysts were surprised.", "The Corvale Institute said little."],
        expect=[],
    ),
    Case(
        "MT105", "clean-latin-word-kept-from-the-source",
        mt=["The Nordlys company said profits rose."],
        ref=["The firm said profits rose."],
        src=["Компания Nordlys заявила, что прибыль выросла."],
        expect=[],
    ),
    Case(
        "MT105", "clean-calendar-abbreviation-and-sentence-opener",
        mt=["OSTERBY, Feb. 11 -- Looking back, the mayor of Osterby was pleased."],
        ref=["On February 11 the mayor of Osterby said he was pleased with the year."],
        expect=[],
    ),
    Case(
        # Neither the reference nor any other system writes it: high confidence.
        "MT105", "no-other-system-writes-it-either",
        mt=["The Port Security Office closed the pier on Monday."],
        ref=["The Harbour Safety Agency closed the pier on Monday."],
        others={
            "b": ["The Harbour Safety Agency closed the pier on Monday."],
            "c": ["The Harbor Safety Agency shut the pier on Monday."],
        },
        expect=[("Port Security Office", "", "major", "high")],
    ),
    Case(
        # Every other system writes the same name: the reference words it otherwise, low confidence.
        "MT105", "other-systems-agree-with-the-mt",
        mt=["The Port Security Office closed the pier on Monday."],
        ref=["The Harbour Safety Agency closed the pier on Monday."],
        others={
            "b": ["The Port Security Office shut the pier on Monday."],
            "c": ["The Port Security Office closed the pier on Monday."],
        },
        expect=[("Port Security Office", "", "major", "low")],
    ),
    Case(
        # The reference names it two segments on and another system writes it here too: rendered
        # rightly here, placed differently there.
        "MT105", "clean-named-elsewhere-and-by-another-system",
        mt=["Staff at the Corvale Institute were surprised.", "Prices rose.", "Nobody commented."],
        ref=["Staff were surprised.", "Prices rose.", "The Corvale Institute did not comment."],
        others={
            "b": ["Staff at the Corvale Institute were astonished.", "Prices went up.", "Nobody commented."],
            "c": ["Staff were surprised.", "Prices rose.", "Nobody would comment."],
        },
        expect=[],
    ),
    Case(
        # Named elsewhere in the reference, but no other system writes it here: still reported.
        "MT105", "named-elsewhere-but-no-other-system-writes-it",
        mt=["Staff at the Corvale Institute were surprised.", "Prices rose.", "Nobody commented."],
        ref=["Staff were surprised.", "Prices rose.", "The Corvale Institute did not comment."],
        others={
            "b": ["Staff were astonished.", "Prices went up.", "Nobody commented."],
            "c": ["Staff were surprised.", "Prices rose.", "Nobody would comment."],
        },
        expect=[("Corvale Institute", "", "major", "high")],
    ),
    # ---------------------------------------------------------------- MT107 rare-spelling (no reference)
    Case(
        # Two spellings English almost never writes, each a letter from one it writes often.
        "MT107", "two-rare-spellings-around-a-known-name",
        mt=["Coach Anna Kowalczik named the squad.", "Kowalcyk said the team was ready."],
        expect=[("Kowalczik", "Kowalczyk", "major", "high"), ("Kowalcyk", "Kowalczyk", "major", "high")],
    ),
    Case(
        "MT107", "rare-spelling-beside-the-known-one",
        mt=["Coach Anna Kowalczyk named the squad.", "Kowalczik said the team was ready."],
        expect=[("Kowalczik", "Kowalczyk", "major", "medium")],
    ),
    Case(
        "MT107", "one-rare-spelling-alone-is-minor",
        mt=["Coach Anna Kowalczik named the squad."],
        expect=[("Kowalczik", "Kowalczyk", "minor", "low")],
    ),
    Case(
        "MT107", "one-rare-spelling-alone-off",
        mt=["Coach Anna Kowalczik named the squad."],
        settings={"single": "off"},
        expect=[],
    ),
    Case(
        # Real but rare names with no well-known neighbour: rarity alone is never a finding.
        "MT107", "clean-rare-names-without-a-known-neighbour",
        mt=["Goalkeeper Bram Wolterink and coach Pavel Zhuravsky met the press.", "Wolterink smiled."],
        expect=[],
    ),
    Case(
        "MT107", "transliteration-variant-is-minor",
        mt=["President Zelenskyy addressed parliament.", "Zelenskyy thanked the allies."],
        expect=[("Zelenskyy", "Zelensky", "minor", "low"), ("Zelenskyy", "Zelensky", "minor", "low")],
    ),
    # ---------------------------------------------------------------- MT106 outlier-name
    Case(
        "MT106", "one-system-alone-without-reference",
        mt=["Ministers met at the Coastal Navigation Directorate in Tallmark."],
        others={
            "b": ["Ministers met at the Coastal Shipping Authority in Tallmark."],
            "c": ["The ministers met at the Coastal Shipping Authority in Tallmark."],
        },
        expect=[("Coastal Navigation Directorate", "", "major", "medium")],
    ),
    Case(
        # The reference sides with this system against the others: never reported, however few others there are.
        "MT106", "reference-sides-with-the-outlier",
        mt=["Mayor Ilse Varnhagen opened the bridge."],
        ref=["Mayor Ilse Varnhagen opened the bridge."],
        others={
            "b": ["Mayor Ilse Vornhagen opened the bridge."],
            "c": ["Mayor Ilse Vornhagen opened the new bridge."],
        },
        expect=[],
    ),
    Case(
        # The same three systems, the reference siding with the majority: the outlier is reported.
        "MT106", "reference-sides-with-the-others",
        mt=["Mayor Ilse Varnhagen opened the bridge."],
        ref=["Mayor Ilse Vornhagen opened the bridge."],
        others={
            "b": ["Mayor Ilse Vornhagen opened the bridge."],
            "c": ["Mayor Ilse Vornhagen opened the new bridge."],
        },
        # The others agree on a near spelling: that is the form to compare with.
        expect=[("Ilse Varnhagen", "Ilse Vornhagen", "major", "medium")],
    ),
    Case(
        # The others write a transliteration variant of it: minor.
        "MT106", "variant-of-what-the-others-write",
        mt=["Envoy Oleh Zelenskyy arrived in Tallmark."],
        others={
            "b": ["Envoy Oleh Zelensky arrived in Tallmark."],
            "c": ["Envoy Oleh Zelensky came to Tallmark."],
        },
        expect=[("Oleh Zelenskyy", "Oleh Zelensky", "minor", "low")],
    ),
    Case(
        # With nine other systems, one sharing the name does not make it the consensus.
        "MT106", "one-of-nine-others-shares-it",
        mt=["Ministers met at the Coastal Navigation Directorate in Tallmark."],
        others={
            **{f"s{number}": ["Ministers met at the Coastal Shipping Authority in Tallmark."] for number in range(8)},
            "s8": ["Ministers met at the Coastal Navigation Directorate in Tallmark."],
        },
        expect=[("Coastal Navigation Directorate", "", "major", "medium")],
    ),
    Case(
        "MT106", "clean-another-system-shares-the-name",
        mt=["Ministers met at the Coastal Navigation Directorate in Tallmark."],
        others={
            "b": ["Ministers met at the Coastal Shipping Authority in Tallmark."],
            "c": ["Ministers met at the Coastal Navigation Directorate in Tallmark."],
        },
        expect=[],
    ),
    Case(
        "MT106", "clean-sentence-opening-word-is-no-name",
        mt=["Looking ahead, the council of Tallmark will vote."],
        others={
            "b": ["In future, the council of Tallmark will vote."],
            "c": ["Next, the council of Tallmark will vote."],
        },
        expect=[],
    ),
    # ---------------------------------------------------------------- MT201 wrong-acronym
    Case(
        "MT201", "calqued-acronym",
        mt=["Both sides mentioned the expired Treaty on Northern Cod Stocks (TNCS)."],
        ref=["Both sides mentioned the expired North Atlantic Cod Agreement (NACA)."],
        expect=[("TNCS", "NACA")],
    ),
    Case(
        "MT201", "clean-dots-aliases-and-spelled-out-names",
        mt=["U.S. and UN officials met WHO experts.", "FISHERMEN PROTEST IN OSLO", "The EU stayed silent."],
        ref=["US and United Nations officials met experts of the World Health Organization.", "FISHERMEN PROTEST IN OSLO", "The European Union stayed silent, the IMF said."],
    ),
    Case(
        # Regression: a wrong acronym whose letters occur inside a nearby name ("Habicht") is not excused.
        "MT201", "wrong-mention-letters-inside-a-name",
        mt=["Marta Habicht chairs the Coastal Health Board (CHB).", "The HBC said Habicht would resign."],
        ref=["Marta Habicht chairs the Coastal Health Board (CHB).", "The CHB said Habicht would resign."],
        expect=[("HBC", "CHB")],
    ),
    Case(
        # Regression: a prefix letter of one word cannot make up for a word left out.
        "MT201", "wrong-definition-prefix-for-skipped-word",
        mt=["Data came from the Western Ocean Survey Agency (WESA)."],
        ref=["Data came from the Western Ocean Survey Agency (WOSA)."],
        expect=[("WESA", "WOSA")],
    ),
    Case(
        # An acronym that could abbreviate the name is still wrong when the reference abbreviates it otherwise.
        "MT201", "fits-but-reference-defines-another",
        mt=["Inspectors of the Maritime Safety Office (MASO) boarded the ship."],
        ref=["Inspectors of the Maritime Safety Office (MSO) boarded the ship."],
        expect=[("MASO", "MSO")],
    ),
    # ---------------------------------------------------------------- MT202 acronym-expansion-mismatch
    Case(
        "MT202", "letters-from-another-language",
        mt=["Both sides mentioned the expired Treaty on Northern Cod Stocks (DSNC)."],
        expect=[("Treaty on Northern Cod Stocks (DSNC)", "")],
    ),
    Case(
        "MT202", "wrong-letters-with-reference-too",
        mt=["Observers from the Baltic Sea Fisheries Council (RBSP) attended."],
        ref=["Observers from the Baltic Sea Fisheries Council (BSFC) attended."],
        expect=[("Baltic Sea Fisheries Council (RBSP)", "")],
    ),
    Case(
        # Regression: a sentence-opening article is not part of the expansion.
        "MT202", "sentence-initial-article-left-out",
        mt=["The Harbour Safety Agency (APB) closed the quay."],
        expect=[("Harbour Safety Agency (APB)", "")],
    ),
    Case(
        # Regression: letters from inside words ("boArd") do not abbreviate a name.
        "MT202", "letters-from-inside-words",
        mt=["Ferries stopped after the Inland Ferry Safety Board (IFSA) issued a warning."],
        expect=[("Inland Ferry Safety Board (IFSA)", "")],
    ),
    Case(
        # The acronym of the trailing "of ..." name, and of an expansion cut off at a comma; a dateline.
        "MT202", "clean-trailing-name-cut-expansion-and-dateline",
        mt=[
            "He addressed the Central Committee of the Workers Party of Veldania (WPV) on Monday.",
            "The Ministry of Economy, Trade and Industry (METI) agreed.",
            "Tallmark (VNS) - The talks ended late.",
        ],
        expect=[],
    ),
    Case(
        # With a reference that never uses the acronym, nothing vouches for it: high confidence.
        "MT202", "unsupported-by-the-reference-is-sure",
        mt=["Observers from the Baltic Sea Fisheries Council (RBSP) attended."],
        ref=["Observers from the Baltic Sea Fisheries Council attended."],
        expect=[("Baltic Sea Fisheries Council (RBSP)", "", "major", "high")],
    ),
    Case(
        "MT202", "clean-legitimate-patterns",
        mt=[
            "Limits set by the Conventional Armed Forces in Europe (CFE) treaty and the Intermediate-Range Nuclear Forces (INF) treaty.",
            "Aid came from Doctors Without Borders (MSF) and the International Committee of the Red Cross (ICRC).",
            "The Group of Seven (G7) discussed Coronavirus Disease 2019 (COVID-19) with Non-Governmental Organisations (NGOs).",
            "Officials of the Federation Internationale de Football Association (FIFA) attended.",
            "Kosovo Force (KFOR) troops and the Comprehensive Nuclear-Test-Ban Treaty (CTBT) were discussed.",
            "Russia's Central Electoral Commission (CEC) and the Department of Energy (DOE) agreed.",
        ],
    ),
    Case(
        "MT202", "clean-allowed-by-settings",
        mt=["The Agence Locale de Peche (XLP) published the figures."],
        settings={"allow": ["XLP"]},
    ),
    # ---------------------------------------------------------------- MT203 calqued-term
    Case(
        "MT203", "calqued-treaty-name",
        mt=["Both sides mentioned the expired Treaty on Northern Cod Stocks."],
        ref=["Both sides mentioned the expired North Atlantic Cod Agreement."],
        expect=[("Treaty on Northern Cod Stocks", "North Atlantic Cod Agreement")],
    ),
    Case(
        "MT203", "swapped-word-order",
        mt=["The talks continue at an Iceland-Norway Commission meeting."],
        ref=["The talks continue at a Norway-Iceland Commission meeting."],
        expect=[("Iceland-Norway Commission", "Norway-Iceland Commission")],
    ),
    Case(
        "MT203", "law-for-act",
        mt=['They introduced the "Protecting Coastal Fisheries Law" on Monday.'],
        ref=['They introduced the "Protecting Coastal Fisheries Act" on Monday.'],
        expect=[("Protecting Coastal Fisheries Law", "Protecting Coastal Fisheries Act")],
    ),
    Case(
        # Regression: "in <Place>" after the head word locates the council, it is not its name.
        "MT203", "locative-tail-not-part-of-name",
        mt=["Ministers met at the Danube-Alpine Water Council in Vienna on Tuesday."],
        ref=["Ministers met at the Alpine-Danube Water Council in Vienna on Tuesday."],
        expect=[("Danube-Alpine Water Council", "Alpine-Danube Water Council")],
    ),
    Case(
        # ... while "in Europe" after a non-head word belongs to the name.
        "MT203", "name-internal-in-kept",
        mt=["Observers from the Organization for Safety and Collaboration in Europe arrived."],
        ref=["Observers from the Organization for Security and Cooperation in Europe arrived."],
        expect=[("Organization for Safety and Collaboration in Europe", "Organization for Security and Cooperation in Europe")],
    ),
    Case(
        # Regression: "Exchange" and "Compact" head names too; a sentence-opening word is not part of the name.
        "MT203", "hyphenated-pair-swapped-before-exchange",
        mt=["Dealers on the Moravian-Silesian Coal Exchange reported losses."],
        ref=["Dealers on the Silesian-Moravian Coal Exchange reported losses."],
        expect=[("Moravian-Silesian Coal Exchange", "Silesian-Moravian Coal Exchange")],
    ),
    Case(
        "MT203", "reworded-with-synonym-head",
        mt=["The treaty extends the Pact for Alpine Forestry until 2030."],
        ref=["The treaty extends the Alpine Forestry Compact until 2030."],
        expect=[("Pact for Alpine Forestry", "Alpine Forestry Compact")],
    ),
    Case(
        "MT203", "clean-identical-case-quotes-hyphens-unrelated",
        mt=[
            "The North-Atlantic Cod Agreement expired.",
            'Delegates of the "Nordic Council" met at the Bergen City Council.',
            "The Protecting Coastal Fisheries Act passed.",
            "The U.S. State Department agreed.",
            "The White House welcomed the vote.",
        ],
        ref=[
            "The North Atlantic Cod Agreement expired.",
            "Delegates of the Nordic Council met at the Norwegian Fisheries Directorate.",
            "The Protecting Coastal Fisheries Act passed.",
            "The US State Department agreed.",
            "The House of Representatives welcomed the vote.",
        ],
    ),
    # ---------------------------------------------------------------- MT301 number-mismatch
    Case(
        "MT301", "substitution-is-one-finding",
        mt=["Some 4,000 people fled the floods."],
        ref=["Some 40,000 people fled the floods."],
        expect=[("4,000", "40,000")],
    ),
    Case(
        "MT301", "number-dropped",
        mt=["The talks lasted hours."],
        ref=["The talks lasted 7 hours."],
        expect=[("", "7")],
    ),
    Case(
        "MT301", "number-added",
        mt=["The talks lasted 9 hours and ended well."],
        ref=["The talks lasted all day and ended well."],
        expect=[("9", "")],
    ),
    Case(
        "MT301", "changed-number-word",
        mt=["Four ships sank near the 60km mark."],
        ref=["Three ships sank near the 6km mark."],
        expect=[("Four", "Three"), ("60km", "6km")],
    ),
    Case(
        # Regression: wordings of one quantity, with or without a number, are not mismatches.
        "MT301", "clean-wordings-of-one-quantity",
        mt=[
            "Both sides signed the deal.",
            "Exports grew three times in ten years.",
            "The firm built a three-dimensional model of the 6km tunnel.",
            "It has two and a half million parts and cost half a million euros.",
            "The two met on Monday, and one of them left.",
            "The first two projects were cheap; costs rose from two to 10 times.",
        ],
        ref=[
            "The two sides signed the deal.",
            "Exports tripled in a decade.",
            "The firm built a 3D model of the six-kilometre tunnel.",
            "It has 2.5 million parts and cost 500,000 euros.",
            "They met on Monday, and one left.",
            "The first two were cheap; costs rose 2 to 10 times.",
        ],
    ),
    Case(
        "MT301", "clean-equivalent-forms-and-window",
        mt=[
            "More than 100 000 troops and five ships.",
            "A loan of 3,500,000 euros, or 12 percent of the budget.",
            "Turnout was 1,5 times higher.",
            "The count was finished.",
            "In total, 250 ballots were lost.",
            "A dozen observers and one judge watched.",
        ],
        ref=[
            "More than 100,000 troops and 5 ships.",
            "A loan of 3.5 million euros, or 12% of the budget.",
            "Turnout was 1.5 times higher.",
            "The count was finished and 250 ballots were lost.",
            "That was the total.",
            "Twelve observers and 1 judge watched.",
        ],
    ),
    Case(
        # The reference mis-converts 亿 (10^8); the source sides with the MT, so nothing is flagged.
        "MT301", "clean-source-sides-with-mt-over-reference",
        mt=["The harbour handled 1.24 billion tonnes last year.", "Each berth cost about 16,000 to 17,000 yuan."],
        ref=["The harbour handled 12.4 billion tonnes last year.", "Each berth cost about 16,000 to 7,000 yuan."],
        src=["该港口去年吞吐量达１２.４亿吨。", "每个泊位造价约一万六七千元。"],
    ),
    Case(
        "MT301", "source-sides-with-reference-is-high",
        mt=["The new dam cost 36 million yuan."],
        ref=["The new dam cost 360 million yuan."],
        src=["新水坝耗资3.6亿元。"],
        expect=[("36 million", "360 million", "major", "high")],
    ),
    Case(
        # The reference adds a year the source leaves implicit; the MT's "two" is the source's 两.
        "MT301", "clean-reference-adds-what-the-source-lacks",
        mt=["The town welcomed three million visitors last year.", "Talks between the two towns resumed."],
        ref=["The town welcomed 3 million visitors in 2019.", "Talks resumed."],
        src=["该镇去年接待游客三百万人次。", "两镇之间的会谈恢复了。"],
    ),
    Case(
        "MT301", "number-neither-reference-nor-source-has",
        mt=["The mill hired 250 new workers."],
        ref=["The mill hired new workers."],
        src=["磨坊招聘了新工人。"],
        expect=[("250", "", "major", "high")],
    ),
    Case(
        "MT301", "dropped-number-the-source-has",
        mt=["The ferry carried passengers across the strait."],
        ref=["The ferry carried 85 passengers across the strait."],
        src=["渡轮载着八十五名乘客穿越海峡。"],
        expect=[("", "85", "major", "high")],
    ),
    Case(
        # Without a source a changed number is high, an added or dropped one medium, a rounding low.
        "MT301", "confidence-without-source",
        mt=["Prices rose 3.4 percent.", "The council met in the spring with 40 members.", "Ships docked."],
        ref=["Prices rose 3.45 percent.", "The council met in the spring.", "Nine ships docked."],
        expect=[("3.4 percent", "3.45 percent", "major", "low"), ("40", "", "major", "medium"),
                ("", "Nine", "major", "medium")],
    ),
    Case(
        # Dates in another order or form, ordinals and their cardinals, clock times: same values.
        "MT301", "clean-dates-ordinals-and-times",
        mt=[
            "The fair opens on 5 March at 10:00.",
            "On February 10th the 16th regional forum began.",
            "It was the tenth anniversary.",
        ],
        ref=[
            "The fair opens on March 5 at 10 a.m.",
            "The sixteenth regional forum began on 10 February.",
            "It was the 10th anniversary.",
        ],
        src=["博览会3月5日10时开幕。", "2月10日，第十六届地区论坛开幕。", "这是十周年。"],
    ),
    Case(
        "MT301", "changed-month-and-ordinal",
        mt=["The fair opens on April 5.", "The 15th congress opened."],
        ref=["The fair opens on March 5.", "The 16th congress opened."],
        src=["博览会3月5日开幕。", "第十六次代表大会开幕。"],
        expect=[("April", "March", "major", "high"), ("15th", "16th", "major", "high")],
    ),
    Case(
        # Number words that count nothing: "no one", "one of", "at first", "the first time".
        "MT301", "clean-number-words-counting-nothing",
        mt=["No one knew it was one of the oldest bridges; at first few came, the first time in years."],
        ref=["Nobody knew the bridge was among the oldest; few came at the start, a first in years."],
    ),
    # ---------------------------------------------------------------- MT303 source-number (no reference)
    Case(
        "MT303", "scale-slip-against-the-source",
        mt=["The project's total investment is 12.4 billion yuan."],
        src=["该项目总投资12.4亿元。"],
        expect=[("12.4 billion", "12.4亿", "major", "high")],
    ),
    Case(
        "MT303", "clean-scale-converted",
        mt=["The project's total investment is 1.24 billion yuan, and some 40,000 people fled."],
        src=["该项目总投资12.4亿元，约四万人逃离。"],
        expect=[],
    ),
    Case(
        "MT303", "number-the-source-does-not-state",
        mt=["The meeting on March 5 was attended by 210 delegates."],
        src=["3月5日的会议共有120名代表出席。"],
        expect=[("210", "", "major", "medium")],
    ),
    Case(
        # "More than five million" is 500多万; a range writes its scale once.
        "MT303", "clean-approximate-scale-and-shared-range-scale",
        mt=["The gap is more than 5 million workers.", "Revenue may reach 13.8 to 14.3 billion yuan."],
        src=["缺口500多万人。", "收入预计达138亿至143亿元。"],
        expect=[],
    ),
    Case(
        # Scale words of other scripts are not read: the same digits agree.
        "MT303", "clean-scale-word-of-a-cyrillic-source",
        mt=["Contracts worth 212 million were signed without a tender."],
        src=["Контракты на сумму 212 миллионов были заключены без тендера."],
        expect=[],
    ),
    Case(
        # A Latin-script source spells small numbers in words, so its silence proves nothing.
        "MT303", "clean-small-number-a-latin-source-spells-out",
        mt=["Three people died and 40 were hurt."],
        src=["Drei Menschen starben, 40 wurden verletzt."],
        expect=[],
    ),
    # ---------------------------------------------------------------- MT302 date-format
    Case(
        "MT302", "day-and-month-swapped",
        mt=["The ferry resumed service on 4 March after the storm."],
        ref=["The ferry resumed service on March 4 after the storm."],
        expect=[("4 March", "March 4", "minor", "medium")],
    ),
    Case(
        "MT302", "iso-date-in-running-text",
        mt=["Voting closes on 2031-06-14, the commission said."],
        ref=["Voting closes on June 14, 2031, the commission said."],
        expect=[("2031-06-14", "June 14, 2031")],
    ),
    Case(
        "MT302", "bare-day-for-a-full-date",
        mt=["The council met on the 9th and approved the budget."],
        ref=["The council met on February 9 and approved the budget."],
        expect=[("on the 9th", "February 9", "minor", "medium")],
    ),
    Case(
        "MT302", "abbreviated-month",
        mt=["Talks resume on Nov. 3 in Tallmark."],
        ref=["Talks resume on November 3 in Tallmark."],
        expect=[("Nov. 3", "November 3", "minor", "low")],
    ),
    Case(
        # An ordinal suffix alone, or a year only one side writes, is no finding.
        "MT302", "clean-ordinal-suffix-or-year-only",
        mt=["The ferry resumed service on March 4th, and the pier reopens on June 9."],
        ref=["The ferry resumed service on March 4, and the pier reopens on June 9, 2031."],
        expect=[],
    ),
    Case(
        # The source names no month either ("9日"): the MT follows its source.
        "MT302", "clean-bare-day-as-the-source-writes-it",
        mt=["The council met on the 9th and approved the budget."],
        ref=["The council met on February 9 and approved the budget."],
        src=["议会9日开会并批准了预算。"],
        expect=[],
    ),
    Case(
        # A source that names the month does not excuse the bare day.
        "MT302", "bare-day-where-the-source-names-the-month",
        mt=["The council met on the 9th and approved the budget."],
        ref=["The council met on February 9 and approved the budget."],
        src=["议会2月9日开会并批准了预算。"],
        expect=[("on the 9th", "February 9", "minor", "medium")],
    ),
    Case(
        "MT302", "clean-same-form",
        mt=["Talks resume on November 3 in Tallmark, and end on the 5th."],
        ref=["Talks resume on November 3 in Tallmark and end on the 5th."],
        expect=[],
    ),
    Case(
        "MT302", "clean-another-date-is-not-a-format",
        mt=["Talks resume on November 4 in Tallmark."],
        ref=["Talks resume on November 3 in Tallmark."],
        expect=[],
    ),
    # ---------------------------------------------------------------- MT401 forbidden-variant
    Case(
        "MT401", "listed-wrong-variant",
        mt=["The Port Security Directorate closed the quay on Monday."],
        glossary=(HARBOUR_AGENCY,),
        expect=[("Port Security Directorate", "Harbour Safety Agency", "major")],
    ),
    Case(
        "MT401", "entry-severity-wins",
        mt=["Speaker Zoia Melnikova opened the session."],
        glossary=(MELNIKOVA,),
        expect=[("Zoia Melnikova", "Zoya Melnikova", "critical")],
    ),
    Case(
        "MT401", "clean-term-acronym-and-own-casing",
        mt=["The Harbour Safety Agency (HSA) closed the quay.", "NATO and the HSA said so.", "NATO'S NEW PLAN"],
        glossary=(HARBOUR_AGENCY, NATO),
    ),
    # ---------------------------------------------------------------- MT402 glossary-near-miss
    Case(
        "MT402", "misspelled-glossary-name",
        mt=["Speaker Zoya Melinkova opened the session."],
        glossary=(MELNIKOVA,),
        expect=[("Zoya Melinkova", "Zoya Melnikova", "critical")],
    ),
    Case(
        "MT402", "clean-surname-only-and-other-people",
        mt=["Speaker Zoya Melnikova opened the session.", "Melnikova's deputy, Anton Melnik, spoke next."],
        glossary=(MELNIKOVA,),
    ),
    # ---------------------------------------------------------------- MT403 missing-glossary-term
    Case(
        "MT403", "term-reworded-away",
        mt=["The port watchdog closed the quay."],
        src=["Агентство портовой безопасности закрыло причал."],
        glossary=(HARBOUR_AGENCY,),
        expect=[("", "Harbour Safety Agency", "major")],
    ),
    Case(
        "MT403", "person-not-named",
        mt=["Lawmakers backed the speaker's demand."],
        src=["Депутаты поддержали требование Мельниковой."],
        glossary=(MELNIKOVA,),
        expect=[("", "Zoya Melnikova", "critical")],
    ),
    Case(
        # Regression: an inflected surname-only source mention rendered by the surname alone
        # (with a possessive, or a masculine adjectival surname) is the term present.
        "MT403", "clean-surname-only-mentions",
        mt=[
            "Lawmakers backed Melnikova's demand.",
            "Melnikova was invited to the session.",
            "Ostrovsky declined to comment.",
            "The HSA closed the quay.",
        ],
        src=[
            "Депутаты поддержали требование Мельниковой.",
            "Мельникову пригласили на заседание.",
            "Островский отказался от комментариев.",
            "Агентство портовой безопасности закрыло причал.",
        ],
        glossary=(MELNIKOVA, OSTROVSKY, HARBOUR_AGENCY),
    ),
    Case(
        # Regression: an entry without a kind whose source forms include the surname alone (as mining
        # writes them) is rendered by the surname alone where the source has only the surname.
        "MT403", "surname-only-source-form-without-kind",
        mt=["Babenko stated that the plant would close.", "Lawmakers backed the plan."],
        src=["Бабенко заявила, что завод закроют.", "Депутаты поддержали план Бабенко."],
        glossary=({"term": "Oksana Babenko", "source": ("Оксана Бабенко", "Бабенко")},),
        expect=[("", "Oksana Babenko")],
    ),
    # ---------------------------------------------------------------- MT404 acronym-mismatch
    Case(
        "MT404", "source-acronym-kept",
        mt=["The Harbour Safety Agency (APB) closed the quay."],
        glossary=(HARBOUR_AGENCY,),
        expect=[("APB", "HSA")],
    ),
    Case(
        "MT404", "clean-glossary-acronym",
        mt=["The Harbour Safety Agency (HSA) closed the quay.", "The HSA reopened it a day later."],
        glossary=(HARBOUR_AGENCY,),
    ),
    # ---------------------------------------------------------------- MT405 source-transliteration
    # ---------------------------------------------------------------- MT406 source-pinyin (no reference)
    Case(
        "MT406", "garbled-pinyin-of-a-source-name",
        mt=["Taiwan Affairs Office director Song Tai met the delegation."],
        src=["国台办主任宋涛会见了代表团。"],
        expect=[("Song Tai", "Song Tao", "major", "medium")],
    ),
    Case(
        "MT406", "clean-pinyin-of-a-source-name",
        mt=["Taiwan Affairs Office director Song Tao met the delegation, and so did SongTao's deputy."],
        src=["国台办主任宋涛会见了代表团，副主任也会见了。"],
        expect=[],
    ),
    Case(
        "MT405", "garbled-transliteration",
        mt=["Director Timofei Zaretsky signed the contract."],
        src=["Директор Тимофей Заруцкий подписал контракт."],
        expect=[("Zaretsky", "Zarutsky", "minor")],
    ),
    Case(
        "MT405", "clean-romanisation-and-inflection",
        mt=["Lawmakers backed Melnikova's demand.", "Director Gleb Ostrovsky signed the contract."],
        src=["Депутаты поддержали требование Мельниковой.", "Директор Глеб Островский подписал контракт."],
    ),
    # ---------------------------------------------------------------- MT407 source-name (no reference)
    Case(
        "MT407", "a-swapped-name-in-a-german-source",
        mt=["Chancellor Merkel met Donald Trump in Warsaw on Monday."],
        src=["Kanzlerin Merkel traf am Montag in Warschau Donald Tusk."],
        expect=[("Donald Trump", "Donald Tusk", "major", "medium")],
    ),
    Case(
        # Exonyms (Warschau/Warsaw, München/Munich), capitalised German nouns, days and titles are no names.
        "MT407", "clean-exonyms-and-german-nouns",
        mt=["Chancellor Merkel met Donald Tusk in Warsaw on Monday.", "The government in Munich rejected Markus Söder's plan."],
        src=["Kanzlerin Merkel traf am Montag in Warschau Donald Tusk.", "Die Regierung in München lehnte den Plan von Markus Söder ab."],
    ),
    Case(
        "MT407", "a-garbled-name-in-a-german-source",
        mt=["The government in Munich rejected Markus Seder's plan."],
        src=["Die Regierung in München lehnte den Plan von Markus Söder ab."],
        expect=[("Seder", "Söder", "major")],
    ),
    Case(
        # Umlauts spelled out and Czech case endings are how English writes the source's names.
        "MT407", "clean-spelled-out-umlauts-and-inflected-names",
        mt=["The government rejected Markus Soeder's plan.", "President Petr Pavel negotiated with Andrej Babiš in Prague."],
        src=["Die Regierung lehnte den Plan von Markus Söder ab.", "Prezident Petr Pavel jednal v Praze s Andrejem Babišem."],
    ),
    Case(
        "MT407", "a-swapped-name-in-a-polish-source-with-particles",
        mt=["Prime Minister Donald Tusk met Roberta Metsola in Warsaw."],
        src=["Premier Donald Tusk spotkał się w Warszawie z Ursulą von der Leyen."],
        expect=[("Roberta Metsola", "Ursula von der Leyen", "major", "medium")],
    ),
    Case(
        "MT407", "a-swapped-name-in-a-russian-source",
        mt=["On Monday, Sergei Shoigu flew to Moscow."],
        src=["В понедельник Сергей Лавров прилетел в Москву."],
        expect=[("Sergei Shoigu", "Sergei Lavrov", "major", "medium")],
    ),
    Case(
        "MT407", "clean-russian-source-with-exonym",
        mt=["On Monday, Sergei Lavrov flew to Moscow."],
        src=["В понедельник Сергей Лавров прилетел в Москву."],
    ),
    Case(
        "MT407", "latin-name-in-a-chinese-source-altered-or-dropped",
        mt=["The commissioner wrote in Euraktiv.", "The commissioner published an article."],
        src=["专员在Euractiv上撰文。", "专员在Euractiv上发表了文章。"],
        expect=[("Euraktiv", "Euractiv", "major", "medium"), ("", "Euractiv", "minor", "medium")],
    ),
    Case(
        "MT407", "clean-latin-tokens-in-a-chinese-source",
        mt=["The G20 summit opened; see www.g20.org or follow @G20org."],
        src=["G20峰会开幕，详见www.g20.org或关注@G20org。"],
    ),
    # ---------------------------------------------------------------- MT501 untranslated-text
    Case(
        "MT501", "clean-english",
        mt=["The ferry company said crossings to Marrow Island resume on Thursday."],
        src=["渡轮公司表示，前往马罗岛的航班将于周四恢复。"],
    ),
    Case(
        # Symbols, currency signs, CJK punctuation, a lone Greek letter and plain pinyin names are English text.
        "MT501", "clean-symbols-and-pinyin-names",
        mt=[
            "Tickets rose 4% to €12 (£10), a 5 μm filter № 3 was fitted → see page 2.",
            "Mayor Qiao Minghui opened the Xinlan bridge 【update】.",
        ],
        src=["票价上涨4%。", "市长乔明辉为新兰大桥剪彩。"],
    ),
    Case(
        # The original in brackets right after its own transliteration is a gloss, not untranslated text.
        "MT501", "clean-bracketed-original-after-its-transliteration",
        mt=["The blogger Tan Yuexin (谭悦欣) posted the video.", "The river port Belozyorsk (Белозёрск) froze."],
        src=["博主谭悦欣发布了视频。", None],
    ),
    Case(
        "MT501", "han-left-in-english",
        mt=["Fans of the channel @小桥夜话 shared the clip widely."],
        src=["频道@小桥夜话的粉丝广泛转发了这段视频。"],
        expect=[("小桥夜话", "xiao qiao ye hua", "major")],
    ),
    Case(
        "MT501", "cyrillic-left-in-english",
        mt=["The governor of Заречная область cancelled the parade."],
        src=["Губернатор Заречная область отменила парад."],
        expect=[("Заречная область", "Zarechnaya oblast'", "major")],
    ),
    Case(
        "MT501", "hangul-left-in-english",
        mt=["The festival in 솔빛마을 drew record crowds."],
        src=["솔빛마을 축제에 기록적인 인파가 몰렸다."],
        expect=[("솔빛마을", "solbichmaeul", "major")],
    ),
    Case(
        "MT501", "kana-left-in-english",
        mt=["The mascot, called ポコリン, waved to the crowd."],
        src=["ポコリンというマスコットが観客に手を振った。"],
        expect=[("ポコリン", "pokorin", "major")],
    ),
    Case(
        "MT501", "arabic-left-in-english",
        mt=["Residents of حي الزيتون returned home."],
        src=["عاد سكان حي الزيتون إلى منازلهم."],
        expect=[("حي الزيتون", "hy lzytwn", "major")],
    ),
    Case(
        "MT501", "single-letter-is-minor",
        mt=["A red 福 hung over the door of the shop."],
        src=["店门上挂着一个红色的福字。"],
        expect=[("福", "fu", "minor")],
    ),
    Case(
        "MT501", "tone-marked-pinyin-of-the-source",
        mt=["Officials warned against yùnlóng in the harbour."],
        src=["官员警告不要在港口运笼。"],
        expect=[("yùnlóng", "", "major")],
    ),
]  # fmt: skip
