"""MT407 on invented news from six source languages (corpora/sourcenames): quiet on the correct
translations, and it finds a person's name swapped for another real one, or garbled, with no reference.

Each swap puts a real, well-known name where the source has another; each garble swaps two
inner letters of a surname in a Latin-script source (Cyrillic garbles are MT405's).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mtcheck.checks import run_checks

from .helpers import make_document

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "sourcenames"

# (article, the name as the MT writes it, another real name)
SWAPS = [
    ("de-bundestag-haushalt", "Lars Klingbeil", "Christian Lindner"),
    ("de-muenchen-ubahn", "Dieter Reiter", "Ilse Aigner"),
    ("de-koeln-bayern", "Harry Kane", "Thomas Müller"),
    ("fr-macron-varsovie", "Radosław Sikorski", "Annalena Baerbock"),
    ("fr-paris-arbres", "Rachida Dati", "Valérie Pécresse"),
    ("es-sanchez-sevilla", "Juanma Moreno", "Yolanda Díaz"),
    ("es-madrid-cultura", "Alejandro Sanz", "Enrique Iglesias"),
    ("pl-tusk-schrony", "Jarosław Kaczyński", "Mateusz Morawiecki"),
    ("pl-warszawa-tramwaj", "Rafał Trzaskowski", "Karol Nawrocki"),
    ("cs-pavel-babis", "Petr Fiala", "Tomio Okamura"),
    ("cs-skoda-elektromobil", "Klaus Zellmer", "Oliver Blume"),
    ("ru-lavrov-fidan", "Hakan Fidan", "Recep Erdogan"),
    ("ru-kiev-klitschko", "Kai Wegner", "Franziska Giffey"),
    ("ru-bolshoi-gergiev", "Valery Gergiev", "Yuri Bashmet"),
]


def _article(name: str) -> tuple[list[str], list[str]]:
    read = lambda suffix: (CORPUS / f"{name}.{suffix}.txt").read_text(encoding="utf-8").splitlines()  # noqa: E731
    return read("mt"), read("src")


def _garbled(surname: str) -> str:
    """Two inner letters swapped ("Klingbeil" → "Klignbeil"), or one dropped where they are the same."""
    middle = len(surname) // 2
    swapped = surname[: middle - 1] + surname[middle] + surname[middle - 1] + surname[middle + 1 :]
    return swapped if swapped != surname else surname[:middle] + surname[middle + 1 :]


def _with(mt: list[str], old: str, new: str) -> tuple[list[str], int]:
    line = next(index for index, text in enumerate(mt) if old in text)
    changed = list(mt)
    changed[line] = mt[line].replace(old, new, 1)
    return changed, line


def _found(embedder, mt, src, name):
    findings, _ = run_checks([make_document(mt, src=src, doc=name)], embedder, select=["MT407"])
    return findings


@pytest.mark.parametrize("name", sorted({path.name.split(".")[0] for path in CORPUS.glob("*.src.txt")}))
def test_correct_translations_are_quiet(embedder, name):
    mt, src = _article(name)
    assert _found(embedder, mt, src, name) == []


def test_swapped_names_are_found(embedder):
    found = 0
    for name, old, new in SWAPS:
        mt, src = _article(name)
        changed, line = _with(mt, old, new)
        findings = _found(embedder, changed, src, name)
        assert all(f.position == line + 1 for f in findings), (name, findings)
        found += any(new in f.found or f.found in new for f in findings if f.found)
    # Measured: 13 of 14; the one missed has a second unnamed stranger in its sentence.
    assert found >= 12, found


def test_garbled_names_in_latin_sources_are_found(embedder):
    found = total = 0
    for name, old, _ in SWAPS:
        if name.startswith("ru-"):
            continue
        mt, src = _article(name)
        surname = old.split()[-1]
        changed, line = _with(mt, old, old.replace(surname, _garbled(surname)))
        findings = _found(embedder, changed, src, name)
        total += 1
        found += any(f.found == _garbled(surname) and f.position == line + 1 for f in findings)
    # Measured: 8 of 11; missed are a four-letter surname ("Dtai") and two the source inflects.
    assert found >= 8, (found, total)
