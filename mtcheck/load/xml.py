"""Safe XML parsing for the XML corpus formats, and where each node sits in the file.

`parse_xml` refuses what an attacker could put in a file a translation
vendor sends: entity declarations (internal ones expand into gigabytes, the
"billion laughs"; external ones read local files or URLs, "XXE"). A DOCTYPE
that only names a DTD is allowed, and the DTD is never loaded. Malformed XML
is an error naming the file and line.

`node_spans` finds each element's tags in the decoded text, so a reader can
say on which line and column a piece of text starts, through entity
references, CDATA sections and inline markup.
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
_NAME_END = re.compile(r"[\s/>]")
_REFERENCE = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_:][\w.:-]*);")
_PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class XmlFile:
    """A parsed XML file: the lxml tree, and the file's text as lxml decoded it."""

    path: Path
    tree: object  # lxml.etree._ElementTree
    text: str
    encoding: str  # a Python codec name, without the byte-order mark
    bom: bytes  # the byte-order mark the file starts with, or b""

    def encode(self, text: str) -> bytes:
        """`text` in this file's encoding and byte-order mark (characters it cannot hold as references)."""
        return self.bom + text.encode(self.encoding, errors="xmlcharrefreplace")


def read_xml(path: Path) -> XmlFile:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    return parse_xml(path, data)


def parse_xml(path: Path, data: bytes) -> XmlFile:
    """Parse `data` (the bytes of `path`) safely; InputError (exit 2) naming file and line otherwise."""
    from lxml import etree

    if not data.strip():
        raise InputError(path, "the file is empty")
    refuse_entity_declarations(path, data)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        remove_comments=False,
        remove_pis=False,
        strip_cdata=True,
    )
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        message = error.msg.split(", line ")[0] if error.msg else "not well-formed"
        raise InputError(path, f"not well-formed XML: {message}", line=line) from None
    internal = tree.docinfo.internalDTD
    if internal is not None and list(internal.iterentities()):  # expat refused these already; never rely on one parser
        raise entities_refused(path, data, "in the DOCTYPE")
    bom, encoding = _encoding(data, tree.docinfo.encoding)
    try:
        text = data[len(bom) :].decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise InputError(path, f"cannot decode as {tree.docinfo.encoding}: {error}") from None
    return XmlFile(path=Path(path), tree=tree, text=text, encoding=encoding, bom=bom)


def entities_refused(path: Path, data: bytes, detail: str) -> InputError:
    """The one refusal of every XML corpus format (XLIFF, TMX) for a file that declares entities.

    Internal entities can expand into gigabytes (billion laughs), external ones
    read local files or URLs (XXE); neither is ever processed, whichever parser
    saw the declaration (`detail` says which check did). The line is the first
    declaration's.
    """
    return InputError(
        path,
        f"refused: the file declares XML entities ({detail}); entity expansion and external "
        "entities are never processed (a billion-laughs or external-entity file); remove the declarations",
        line=_declaration_line(data),
    )


def refuse_entity_declarations(path: Path, data: bytes) -> None:
    """Refuse any entity declaration before libxml2 sees it: expat (via defusedxml) reports every one."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise entities_refused(path, data, type(error).__name__) from None
    except ParseError as error:
        line = error.position[0] if error.position else None
        raise InputError(path, f"not well-formed XML: {_expat_message(error)}", line=line) from None
    except (ValueError, LookupError):
        pass  # an encoding expat does not know; libxml2 may, and refuses entities itself


def _expat_message(error) -> str:
    return str(error).split(": line ")[0]


def _declaration_line(data: bytes) -> int | None:
    for encoding in ("utf-8", "utf-16", "utf-32", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        found = _ENTITY_DECLARATION.search(text)
        if found:
            return text.count("\n", 0, found.start()) + 1
    return None


def _encoding(data: bytes, declared: str | None) -> tuple[bytes, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return bom, encoding
    name = (declared or "utf-8").lower()
    if name in ("utf-16", "utf-32"):  # no mark: XML's default byte order is big-endian
        name += "-be"
    return b"", name


# --- where nodes are ------------------------------------------------------


@dataclass(frozen=True)
class NodeSpan:
    """Where one node (element, comment or processing instruction) is in the decoded text.

    For an element, `open_end` is just past its start tag and `close_start`
    where its end tag begins (both `end` for `<x/>`); text content lies in
    between.
    """

    start: int
    open_end: int
    close_start: int
    end: int


def node_spans(text: str) -> list[NodeSpan]:
    """The spans of the root element and every node inside it, in document order (lxml's `root.iter()`).

    `text` must be well-formed XML (parse it with `parse_xml` first).
    """
    position = _skip_prolog(text)
    spans: list[NodeSpan | None] = []
    open_stack: list[tuple[int, int, int]] = []  # (index in spans, start, open_end)
    length = len(text)
    while position < length:
        if text.startswith("<!--", position):
            end = text.index("-->", position + 4) + 3
            spans.append(NodeSpan(position, end, end, end))
            position = end
        elif text.startswith("<![CDATA[", position):
            position = text.index("]]>", position + 9) + 3
        elif text.startswith("<?", position):
            end = text.index("?>", position + 2) + 2
            spans.append(NodeSpan(position, end, end, end))
            position = end
        elif text.startswith("</", position):
            end = text.index(">", position) + 1
            index, start, open_end = open_stack.pop()
            spans[index] = NodeSpan(start, open_end, position, end)
            position = end
            if not open_stack:
                break
        elif text.startswith("<", position):
            end = _tag_end(text, position)
            if text[end - 2] == "/":
                spans.append(NodeSpan(position, end, end, end))
                if not open_stack:
                    break
            else:
                open_stack.append((len(spans), position, end))
                spans.append(None)
            position = end
        else:
            following = text.find("<", position)
            position = length if following < 0 else following
    return [span for span in spans if span is not None]


def _skip_prolog(text: str) -> int:
    """Offset of the root element's start tag: past the XML declaration, DOCTYPE, comments and PIs."""
    position = 0
    while True:
        position = text.index("<", position)
        if text.startswith("<?", position):
            position = text.index("?>", position) + 2
        elif text.startswith("<!--", position):
            position = text.index("-->", position) + 3
        elif text.startswith("<!", position):
            position = _doctype_end(text, position)
        else:
            return position


def _doctype_end(text: str, position: int) -> int:
    quote, depth = None, 0
    for index in range(position + 2, len(text)):
        char = text[index]
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == ">" and depth == 0:
            return index + 1
    return len(text)


def _tag_end(text: str, position: int) -> int:
    """Offset just past the `>` of the start tag at `position` (`>` inside attribute values does not count)."""
    quote = None
    for index in range(position + 1, len(text)):
        char = text[index]
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == ">":
            return index + 1
    return len(text)


def character_data(text: str, start: int, end: int) -> list[tuple[str, int]]:
    """The characters of the raw character data text[start:end], each with its offset in `text`.

    Entity and character references become their character (at the `&`),
    CDATA sections their content, and a CRLF one line feed, as an XML parser
    reads them.
    """
    result: list[tuple[str, int]] = []
    position = start
    while position < end:
        char = text[position]
        if char == "&":
            found = _REFERENCE.match(text, position, end)
            if found:
                name = found.group(1)
                if name.startswith("#x"):
                    value = chr(int(name[2:], 16))
                elif name.startswith("#"):
                    value = chr(int(name[1:]))
                else:
                    value = _PREDEFINED.get(name, "")
                if value:
                    result.append((value, position))
                position = found.end()
                continue
        elif char == "<" and text.startswith("<![CDATA[", position):
            close = text.index("]]>", position + 9)
            for offset in range(position + 9, close):
                _append(result, text, offset)
            position = close + 3
            continue
        _append(result, text, position)
        position += 1
    return result


def _append(result: list[tuple[str, int]], text: str, offset: int) -> None:
    char = text[offset]
    if char == "\r":
        if text.startswith("\n", offset + 1):
            return  # CRLF: the LF stands for both
        char = "\n"
    result.append((char, offset))


class LineIndex:
    """(line, column) of an offset in a text: 1-based lines, 0-based columns in characters."""

    def __init__(self, text: str):
        import bisect

        self._bisect = bisect.bisect_right
        starts = [0]
        for found in re.finditer(r"\r\n|\r|\n", text):
            starts.append(found.end())
        self._starts = starts

    def locate(self, offset: int) -> tuple[int, int]:
        line = self._bisect(self._starts, offset)
        return line, offset - self._starts[line - 1]

    def line_start(self, offset: int) -> int:
        return self._starts[self._bisect(self._starts, offset) - 1]


def stream_xml(path: Path, data: bytes, handler) -> None:
    """Stream `data` through a SAX `handler` (namespaces on), with defusedxml's parser.

    A DOCTYPE that names its DTD (`<!DOCTYPE tmx SYSTEM "tmx14.dtd">`, TBX's
    `TBXcoreStructV02.dtd`) is allowed and never fetched; any `<!ENTITY>`
    declaration, internal or external, is refused with the one message of
    every XML format (entities_refused). Streaming builds no tree just to look
    for declarations. Errors name the file and the line.
    """
    from xml.sax import SAXParseException
    from xml.sax.handler import feature_external_ges, feature_external_pes, feature_namespaces

    from defusedxml.common import DefusedXmlException
    from defusedxml.sax import make_parser

    parser = make_parser()
    parser.forbid_dtd = False
    parser.forbid_external = False
    parser.forbid_entities = True
    parser.setFeature(feature_external_ges, False)
    parser.setFeature(feature_external_pes, False)
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(handler)
    try:
        parser.parse(io.BytesIO(data))
    except DefusedXmlException as error:
        raise entities_refused(path, data, type(error).__name__) from None
    except SAXParseException as error:
        raise InputError(path, f"not well-formed XML: {error.getMessage()}", line=error.getLineNumber()) from None
