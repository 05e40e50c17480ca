"""gettext PO catalogues: one file is one document, one message (or plural form) one segment.

`msgid` is the source, `msgstr` the MT; a message with plural forms gives one
segment per `msgstr[N]` (its source is `msgid` for form 0, `msgid_plural`
for the others). The reference is the same message's `msgstr` in
`NAME.ref.po` beside it. A segment's key is `msgid`, prefixed with
`msgctxt|` when there is a context and followed by `[N]` for plural form N,
e.g. `article-7|Harbour workers walk out` or `%d ships arrive[1]`.

Parsing is translate-toolkit's (`translate.storage.po`), which refuses what
gettext's own tools refuse (an unterminated string, a stray line) with its
line. Fuzzy and obsolete messages are not translations anyone approved:
they are skipped and counted; so are untranslated ones. A template (`.pot`,
or a catalogue whose every `msgstr` is empty) has no MT and is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..model import DEFAULT_SYSTEM, Document, TextLine
from .mapped import MappedText
from .paired import PairedFormat

TEMPLATE_SUFFIX = ".pot"
# A keyword line: msgstr "..." or msgstr[1] "..." (not the #~ of an obsolete message).
_MSGSTR = re.compile(r'^\s*msgstr(?:\[(?P<index>\d+)\])?\s*(?P<rest>".*)?$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def is_po_template(path: Path) -> bool:
    return path.name.lower().endswith(TEMPLATE_SUFFIX)


def message_key(context: str, msgid: str, plural_index: int | None) -> str:
    """A message's segment key as reports show it: `msgctxt|msgid[N]`, the parts that exist."""
    key = f"{context}|{msgid}" if context else msgid
    return key if plural_index is None else f"{key}[{plural_index}]"


class _Message:
    def __init__(self, key: str, line: int, target: TextLine, source: str):
        self.key, self.line, self.target, self.source = key, line, target, source


def refuse_template(path: Path) -> InputError:
    return InputError(
        path, "a PO template (.pot) has no translations, so there is no MT to check; give the translated .po files"
    )


def load_po(
    path: Path, doc: str, ref_path: Path | None = None, languages: tuple[str | None, str | None] = (None, None)
) -> tuple[Document, list[str]]:
    """The document of one PO file (with its NAME.ref.po, if there is one), and notes about it."""
    if is_po_template(path):
        raise refuse_template(path)
    messages, skipped = read_po(path)
    if not messages:
        if skipped.get("untranslated") and len(skipped) == 1:
            raise InputError(path, "every msgstr is empty: a template with no translations, so there is no MT to check")
        raise InputError(path, f"no translated messages to check ({_counted(skipped) or 'the catalogue is empty'})")
    notes = [f"{path}: skipped {_counted(skipped)}"] if skipped else []
    ref_lines = None
    if ref_path is not None:
        references, _ = read_po(ref_path)
        by_key = {message.key: message.target for message in references}
        keys = {message.key for message in messages}
        unmatched = [key for key in by_key if key not in keys]
        if unmatched:
            notes.append(f"{ref_path}: {len(unmatched)} reference message(s) with no MT message; ignored")
        ref_lines = [by_key.get(message.key) or TextLine(0, "") for message in messages]
        if not any(line.text for line in ref_lines):
            ref_lines = None
    src_lines = [TextLine(message.line, message.source) for message in messages]
    return (
        Document(
            system=DEFAULT_SYSTEM,
            doc=doc,
            mt_path=path,
            mt_lines=[message.target for message in messages],
            ref_lines=ref_lines,
            src_lines=src_lines if any(line.text for line in src_lines) else None,
            ref_path=ref_path if ref_lines else None,
            src_path=path,
            presegmented=True,
            segment_ids=[message.key for message in messages],
        ),
        notes,
    )


def _counted(skipped: dict[str, int]) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in skipped.items())


def read_po(path: Path) -> tuple[list[_Message], dict[str, int]]:
    """Translated messages in file order, and how many were skipped (fuzzy, obsolete, untranslated)."""
    from translate.storage import po as po_storage
    from translate.storage.poparser import PoParseError

    from . import normalise_line, read_text

    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    if not data.strip():
        raise InputError(path, "the file is empty")
    if b"\x00" in data:
        read_text(path)  # the loader's own message for a binary or UTF-16/32 file
    try:
        store = po_storage.pofile.parsestring(data)
    except PoParseError as error:
        line = _line_of(str(error))
        raise InputError(path, f"malformed PO: {_without_line(str(error))}", line=line) from None
    except (UnicodeDecodeError, LookupError) as error:
        raise InputError(path, f"cannot decode with the catalogue's charset: {error}") from None
    lines = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    messages: list[_Message] = []
    skipped: dict[str, int] = {}
    seen: dict[str, int] = {}
    for unit in store.units:
        if unit.isheader():
            continue
        kind = "obsolete" if unit.isobsolete() else "fuzzy" if unit.isfuzzy() else None
        if kind is not None:
            skipped[kind] = skipped.get(kind, 0) + 1
            continue
        context = unit.getcontext() or ""
        if unit.hasplural():
            sources = list(unit.source.strings)
            targets = list(unit.target.strings)
            forms = [(index, target, sources[min(index, len(sources) - 1)]) for index, target in enumerate(targets)]
        else:
            forms = [(None, str(unit.target or ""), str(unit.source or ""))]
        msgid = str(unit.source.strings[0]) if unit.hasplural() else str(unit.source or "")
        for index, target, source in forms:
            if not normalise_line(target):
                skipped["untranslated"] = skipped.get("untranslated", 0) + 1
                continue
            key = message_key(context, msgid, index)
            line = unit.line_number
            if key in seen:
                raise InputError(path, f"message '{key}' appears twice (first on line {seen[key]})", line=line)
            seen[key] = line
            messages.append(_Message(key, line, _msgstr_text(lines, line, index, target), normalise_line(source)))
    return messages, skipped


def _line_of(message: str) -> int | None:
    found = re.search(r"on line (\d+)", message)
    return int(found.group(1)) if found else None


def _without_line(message: str) -> str:
    return re.sub(r"\s*on line \d+", "", message).strip()


def _msgstr_text(lines: list[str], first_line: int, index: int | None, target: str) -> TextLine:
    """The msgstr's text, each character at its line and column in the file (escapes at their backslash)."""
    number = _msgstr_line(lines, first_line, index)
    if number is None:
        text = MappedText(first_line, 0)
        text.add_at(target, first_line, 0)
        return text.text_line()
    mapped = MappedText(number, lines[number - 1].find("msgstr"))
    _add_string(mapped, lines[number - 1], number, lines[number - 1].find('"'))
    following = number + 1
    while following <= len(lines) and lines[following - 1].lstrip().startswith('"'):
        _add_string(mapped, lines[following - 1], following, lines[following - 1].find('"'))
        following += 1
    if mapped.raw != target:  # an escape or encoding read otherwise: keep the text, point at the msgstr
        mapped = MappedText(number, lines[number - 1].find("msgstr"))
        mapped.add_at(target, number, max(0, lines[number - 1].find('"') + 1))
    return mapped.text_line()


def _msgstr_line(lines: list[str], first_line: int, index: int | None) -> int | None:
    for number in range(first_line, len(lines) + 1):
        found = _MSGSTR.match(lines[number - 1])
        if found and (found["index"] is None if index is None else found["index"] == str(index)):
            return number
    return None


def _add_string(mapped: MappedText, line: str, number: int, quote: int) -> None:
    """The characters of one quoted PO string on `line`, from the opening quote at `quote`."""
    if quote < 0:
        return
    column = quote + 1
    while column < len(line) and line[column] != '"':
        if line[column] == "\\" and column + 1 < len(line):
            mapped.add_at(_ESCAPES.get(line[column + 1], line[column + 1]), number, column)
            column += 2
        else:
            mapped.add(line[column], number, column)
            column += 1


# PO has no language choice to make: `languages` is for the shape all formats share.
FORMAT = PairedFormat("PO", (".po",), load_po)
