"""MT202 acronym-expansion-mismatch."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..text.candidates import CONNECTORS, acronym_fits, term_key
from ..model import AlignedDocument, Confidence, Finding, Severity
from ._support import document_view
from .base import Check, CheckContext

# Established acronyms of names in other languages, or of older names: they need not fit the English words.
KNOWN_FOREIGN_ACRONYMS = frozenset(
    """FIFA UEFA OPEC MSF FSB SVR GRU KGB SBU AFP EFE DPA ANSA TASS RIA PKK FARC ELN ETA UNICEF CERN
    INTERPOL FIDE FIA FINA NASDAQ ISIL DAESH HAMAS AKP CHP HDP PSOE SPD CDU CSU FDP RN LFI BND DGSE
    DGSI MI5 MI6 ZANU SWAPO FRELIMO MPLA UNITA MERCOSUR ONU OTAN UE BRICS ECOWAS RSF SNCF BBVA HSBC
    ARD ZDF RAI NHK KCNA""".split()
)
# Established English acronyms whose letters break the rule: a closed compound split ("COVID", "ASEAN"),
# or a word of the name left out ("CFE" for "Conventional Armed Forces in Europe", "CDC").
ESTABLISHED_EXCEPTIONS = frozenset("CFE CDC COVID ASEAN CENTCOM".split())


class AcronymExpansionMismatch(Check):
    """The letters of an acronym do not fit the name it is given for.

    In "Long Name (ACR)" the acronym should abbreviate the name: its letters
    come from the starts of the content words (or their hyphenated parts),
    each content word giving at least one, possibly followed by the next
    letters of that word ("Kosovo Force (KFOR)"), skipping function words;
    letters from inside a word do not count, so "Inland Waterways Safety
    Board (IWSA)" is a mismatch. A mismatch usually means the MT translated
    the name but kept, or invented, an acronym from another language, or
    garbled the acronym. Needs no reference. Known acronyms of
    foreign-language names (FIFA, MSF, ...) and established exceptions (CFE,
    COVID) pass; extend the list with the setting "allow".

    **Anti-pattern**

        The talks covered the Treaty on Open Skies (DON).

    **Best practice**

        The talks covered the Treaty on Open Skies (TOS).
    """

    code = "MT202"
    name = "acronym-expansion-mismatch"
    severity = Severity.MAJOR
    defaults = {"allow": []}

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        view = document_view(document, context)
        allowed = (
            KNOWN_FOREIGN_ACRONYMS
            | ESTABLISHED_EXCEPTIONS
            | {str(acronym).upper().replace(".", "") for acronym in self.settings["allow"]}
        )
        reference_acronyms = {
            acronym.normalized for segment in view.segments if segment.ref for acronym in segment.ref.acronyms
        }
        for segment in view.segments:
            for definition in segment.mt.definitions:
                acronym = definition.acronym.normalized
                # Lowercase expansions ("non-governmental organisations (NGOs)") are too loose to judge.
                if not definition.capitalised:
                    continue
                if _abbreviates(acronym, definition.expansion.text, allowed):
                    continue
                mt_segment = document.segments[segment.position]
                # The span covers the whole "Expansion (ACR)", closing parenthesis included.
                end = definition.acronym.end
                closing = mt_segment.mt.find(")", end)
                if closing >= 0 and not mt_segment.mt[end:closing].strip():
                    end = closing + 1
                # With a reference that never uses this acronym, nothing vouches for it.
                unsupported = document.has_reference and acronym not in reference_acronyms
                yield self.finding(
                    document,
                    mt_segment,
                    definition.expansion.start,
                    end,
                    f"{definition.expansion.text} ({definition.acronym.text})",
                    "",
                    f"'{definition.acronym.text}' does not abbreviate '{definition.expansion.text}'"
                    + ("" if unsupported else " (the reference uses it, or there is no reference to compare)"),
                    confidence=Confidence.HIGH if unsupported else Confidence.MEDIUM,
                )


_OF = re.compile(r"\bof\s+(?:the\s+)?", re.IGNORECASE)


def _abbreviates(acronym: str, expansion: str, allowed: frozenset[str]) -> bool:
    """The acronym fits the expansion, its trailing "of ..." phrase, or the end of a cut-off expansion.

    "Central Committee of the Communist Party of China (CPC)": CPC is the party's.
    "... Economy, Trade and Industry (METI)": the expansion began before the comma.
    A one-word "expansion" ("Hanoi (VNA)") is a dateline or a name, not a definition.
    """
    if len([word for word in term_key(expansion) if word not in CONNECTORS]) < 2:
        return True
    if acronym_fits(acronym, expansion, allowed):
        return True
    if any(acronym_fits(acronym, expansion[match.end() :], allowed) for match in _OF.finditer(expansion)):
        return True
    content = [word for word in term_key(expansion) if word not in CONNECTORS]
    letters = re.sub(r"[^A-Z]", "", acronym.upper())
    return len(letters) > len(content) and acronym_fits(letters[-len(content) :], expansion, allowed)
