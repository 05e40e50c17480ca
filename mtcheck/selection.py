"""Which checks a selector names: one rule for the command line, the configuration, the library and the gate.

A selector is a check code ("MT101"), a family prefix ("MT1", "MT") or a rule
name ("garbled-name"), in any case and with spaces around it ignored:
`mt1`, `MT1` and `Garbled-Name` are accepted everywhere a check is named.
"""

from __future__ import annotations

import re

_CODE = re.compile(r"^MT\d{0,3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def normalised(selector: str) -> str:
    """The selector as the registry writes it: codes in capitals, names in lower case."""
    text = selector.strip()
    return text.upper() if _CODE.match(text.upper()) else text.lower()


def is_code(selector: str) -> bool:
    """Whether the selector is a code or a family prefix ("MT101", "mt2"), not a rule name."""
    return bool(_CODE.match(normalised(selector)))


def is_well_formed(selector: str) -> bool:
    """A code, a prefix or something shaped like a rule name."""
    text = normalised(selector)
    return bool(_CODE.match(text) or _NAME.match(text))


def names_check(selector: str, code: str, name: str) -> bool:
    """Whether the selector names the check with this code and rule name."""
    text = normalised(selector)
    return code.startswith(text) if _CODE.match(text) else text == name
