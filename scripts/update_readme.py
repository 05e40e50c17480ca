"""Regenerate the parts of README.md that come from the code: the check list and the configuration reference.

    python scripts/update_readme.py          # rewrite README.md in place
    python scripts/update_readme.py --check  # exit 1 if README.md is out of date
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from mtcheck.checks import rules_markdown
from mtcheck.config import config_reference

README = Path(__file__).resolve().parents[1] / "README.md"
SECTIONS = {"rules": rules_markdown, "config-reference": config_reference}


def updated(text: str) -> str:
    for name, generate in SECTIONS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
        body = generate().strip() + "\n"
        text, count = pattern.subn(lambda match: match.group(1) + body + match.group(2), text)
        if count != 1:
            raise SystemExit(f"README.md: expected one '{name}' section between markers, found {count}")
    return text


def main(argv: list[str]) -> int:
    current = README.read_text(encoding="utf-8")
    fresh = updated(current)
    if "--check" in argv:
        if fresh != current:
            print("README.md is out of date: run python scripts/update_readme.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
