"""The characters an XML document's text can hold, read from its bytes (the EPUB and DOCX readers).

Every reader collapses each paragraph's whitespace (`text.collapse`), which, for a paragraph
beyond ASCII, looks for each of some twenty kinds of space that `str.split` splits on; and the
analysis asks a whole book for the characters it holds beyond ASCII (`Manuscript.chars`). A
document's UTF-8 answers both at once, as `chars.from_utf8` reads a text's (a byte-table
deletion and a short decode): its text can hold no character its bytes do not, unless a
character reference or an HTML named entity writes one (``&#8203;``, ``&nbsp;``), or the bytes
are not UTF-8. Then nothing is known (None), and the questions are asked of the text.
"""

from __future__ import annotations

#: The named entities of XML, which write ASCII; any other (XHTML's ``&nbsp;``) may write more.
_XML_ENTITIES = (b"&amp;", b"&lt;", b"&gt;", b"&quot;", b"&apos;")


def document_chars(data: bytes) -> frozenset[str] | None:
    """The distinct characters other than printable ASCII that the text of the XML document
    `data` can hold (or more: those of its markup, comments and attributes too), or None when
    its bytes do not say: a character reference or an HTML named entity, an encoding other than
    UTF-8 declared, a NUL (UTF-16), bytes that are not UTF-8."""
    # In XML every "&" opens a reference: a character's (&#...;) or an entity's; only those
    # of XML itself write nothing beyond ASCII. A chapter holds few "&", each looked at once.
    at = data.find(b"&")
    while at >= 0:
        if not data.startswith(_XML_ENTITIES, at):
            return None
        at = data.find(b"&", at + 4)
    if _declared_encoding(data) not in (None, b"utf-8", b"utf8"):
        return None
    # What `chars.from_utf8` reads, with the markup's indentation (tabs, line breaks) deleted
    # with the printable ASCII and looked for apart: far fewer bytes to decode and gather.
    rest = data.translate(None, _DELETED)
    if 0 in rest:  # (a NUL as an int: `bytes in bytes` first tries its bytes as one, at a cost)
        return None
    try:
        found = set(rest.decode("utf-8", "surrogatepass"))
    except UnicodeDecodeError:
        return None
    found.update(space for space, byte in _LAYOUT if byte in data)
    if "\r" in found:
        # A parser reads a line end written "\r" or "\r\n" as "\n" (XML 1.0, 2.11), which a
        # file whose lines end in "\r" alone does not hold as a byte.
        found.add("\n")
    return frozenset(found)


#: The bytes deleted before decoding: printable ASCII and the layout characters (`_LAYOUT`).
_LAYOUT = (("\t", b"\t"), ("\n", b"\n"), ("\r", b"\r"))
_DELETED = bytes(range(0x20, 0x7F)) + b"\t\n\r"


def _declared_encoding(data: bytes) -> bytes | None:
    """The encoding an XML declaration names (lower case), None without one: read by hand, as a
    pattern compiled for it would cost every run more than reading it does."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    if not data.startswith(b"<?xml", start):
        return None
    end = data.find(b"?>", start)
    declaration = data[start:end if end >= 0 else start + 200]
    at = declaration.find(b"encoding")
    if at < 0:
        return None
    rest = declaration[at + len(b"encoding"):].lstrip()
    if not rest.startswith(b"="):
        return b"?"  # not a declaration this reads: unknown
    rest = rest[1:].lstrip()
    quote, value = rest[:1], rest[1:]
    close = value.find(quote) if quote in (b'"', b"'") else -1
    return value[:close].strip().lower() if close >= 0 else b"?"
