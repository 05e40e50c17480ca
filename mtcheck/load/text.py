"""Reading text files: encodings (UTF-8, or UTF-16/32 with a byte-order mark), line breaks, and
the normalisation every line of every format gets (NFC, no zero-width or control characters,
single spaces)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..errors import InputError
from ..model import TextLine

_BYTE_ORDER_MARKS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
LINE_BREAK = re.compile(r"\r\n|\r|\n")
_WHITESPACE = re.compile(r"[ \t\n\r\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 or UTF-32 with BOM; anything else is an error naming the line.

    A NUL anywhere in the text means a binary or corrupted file (or UTF-16/32
    without its byte-order mark): never text that could be checked.
    """
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                text = data.decode(encoding)  # the codec reads and drops the mark
            except UnicodeDecodeError as error:
                raise InputError(
                    path, f"not valid {encoding.upper()} ({error.reason} at byte offset {error.start})"
                ) from error
            nul = text.find("\x00")
            if nul >= 0:
                line = text.count("\n", 0, nul) + 1
                column = nul - (text.rfind("\n", 0, nul) + 1) + 1
                raise InputError(
                    path, f"a NUL character at character {column} of the line: a binary or corrupted file", line=line
                )
            return text
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(
            path,
            f"a NUL byte at byte offset {nul}: a binary or corrupted file, "
            "or UTF-16/UTF-32 without a byte-order mark (save it as UTF-8)",
            line=line,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problem = "ends in the middle of a character" if error.reason == "unexpected end of data" else f"byte 0x{data[error.start]:02x}"
        raise InputError(
            path,
            f"not valid UTF-8 ({problem}, byte offset {error.start}); save the file as UTF-8",
            line=line,
        ) from error


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}") from error
    return decode(path, data)


def normalise_line(text: str) -> str:
    """NFC, no zero-width or control characters, single spaces, no leading or trailing space."""
    if text.isascii() and text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # most lines of English MT: already all of that (printable ASCII has no other space)
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub(" ", text)
    return _WHITESPACE.sub(" ", text).strip()


def split_lines(text: str) -> list[TextLine]:
    """Non-empty lines with their 1-based line numbers (CRLF and CR count as one break)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    result = []
    for number, raw in enumerate(lines, start=1):
        clean = normalise_line(raw)
        if clean:
            result.append(TextLine(number, clean))
    return result


def read_lines(path: Path) -> list[TextLine]:
    lines = split_lines(read_text(path))
    if not lines:
        raise InputError(path, "the file is empty")
    return lines
