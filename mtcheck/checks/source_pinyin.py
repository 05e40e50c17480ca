"""MT406 source-pinyin: with no reference, an MT name a letter or two from the Pinyin of a Chinese source name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..text.known_spelling import zipf
from ..model import AlignedDocument, Confidence, Finding, Severity
from ._support import document_view
from .base import NEEDS_NO_REFERENCE, NEEDS_SOURCE, Check, CheckContext

_HAN = re.compile(r"[\u4e00-\u9fff]")
# An MT name in English text that English writes this often ("Julio" for 胡里奥) is a
# name of its own, not a garbled romanisation.
_KNOWN_NAME_ZIPF = 3.0


class SourcePinyin(Check):
    """With no reference, an MT person name a letter or two off the Pinyin of the Chinese source's name.

    Chinese has no capitals to find names by: the source's person names are
    found with jieba's part-of-speech tagger (tag `nr`) and read in Pinyin
    without tones or spacing (夏立言 → "xialiyan"). An MT name (capitalised
    words) within two letters of that reading but not equal to it ("Xia
    Liyen") is a garbled romanisation: major, medium confidence; `expected`
    is the Pinyin. A name the MT writes as its Pinyin passes, whatever its
    spacing; a name English writes often ("Julio" for 胡里奥) passes too.
    A source name the MT does not write at all is not reported: the tagger
    also tags common words as names, and Hong Kong and Taiwan names have
    romanisations of their own. Runs only on documents without a reference.

    **Anti-pattern**

        Source: 国台办主任宋涛会见了代表团。
        MT:     Taiwan Affairs Office director Song Tai met the delegation.

    **Best practice**

        MT:     Taiwan Affairs Office director Song Tao met the delegation.
    """

    code = "MT406"
    name = "source-pinyin"
    severity = Severity.MAJOR
    needs = frozenset({NEEDS_SOURCE, NEEDS_NO_REFERENCE})
    defaults = {"max-distance": 2, "min-length": 5}

    def check(self, document: AlignedDocument, context: CheckContext) -> Iterator[Finding]:
        from rapidfuzz.distance import Levenshtein

        view = document_view(document, context)
        for segment in view.segments:
            mt_segment = document.segments[segment.position]
            if not mt_segment.src or not mt_segment.mt or not _HAN.search(mt_segment.src):
                continue
            readings = [reading for reading in source_person_names(mt_segment.src) if len(reading[1]) >= self.settings["min-length"]]
            if not readings:
                continue
            written = _squeezed(mt_segment.mt)
            for name in segment.mt.names:
                squeezed = _squeezed(name.text)
                if zipf(squeezed) >= _KNOWN_NAME_ZIPF:
                    continue
                for source_name, reading, spaced in readings:
                    if reading in written:
                        continue  # the MT writes the name as its Pinyin somewhere in the segment
                    distance = Levenshtein.distance(squeezed, reading)
                    if 0 < distance <= self.settings["max-distance"] and distance < len(reading) // 3:
                        expected = spaced
                        yield self.finding(
                            document, mt_segment, name.start, name.end, name.text, expected,
                            f"'{name.text}' is {distance} letter{'s' if distance > 1 else ''} off '{expected}', the Pinyin "
                            f"of the source's name '{source_name}' (no reference: source evidence only)",
                            confidence=Confidence.MEDIUM,
                        )  # fmt: skip
                        break


@lru_cache(maxsize=8192)
def source_person_names(source: str) -> tuple[tuple[str, str, str], ...]:
    """The source's person names (jieba tag `nr`, two to four characters), their toneless Pinyin run
    together ("songtao"), and as a name is written ("Song Tao": surname, then the given name)."""
    import jieba
    import jieba.posseg
    from pypinyin import lazy_pinyin

    jieba.setLogLevel(60)  # its start-up notes are not the user's business
    names = []
    for word, tag in jieba.posseg.cut(source):
        if tag == "nr" and 2 <= len(word) <= 4 and all(_HAN.match(character) for character in word):
            syllables = lazy_pinyin(word)
            spaced = f"{syllables[0].capitalize()} {''.join(syllables[1:]).capitalize()}".strip()
            names.append((word, "".join(syllables), spaced))
    return tuple(names)


def _squeezed(text: str) -> str:
    return re.sub(r"[\s\-‐'’.]", "", text.lower())
