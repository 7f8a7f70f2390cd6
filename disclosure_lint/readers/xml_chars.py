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

import re

_XML_DECLARATION = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")
#: A named entity: the five of XML write ASCII; any other (XHTML's ``&nbsp;``) may write more.
_NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{0,31});")
_XML_ENTITIES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})


def document_chars(data: bytes) -> frozenset[str] | None:
    """The distinct characters other than printable ASCII that the text of the XML document
    `data` can hold (or more: those of its markup, comments and attributes too), or None when
    its bytes do not say: a character reference or an HTML named entity, an encoding other than
    UTF-8 declared, a NUL (UTF-16), bytes that are not UTF-8."""
    if b"&" in data and (b"&#" in data or any(m.group(1) not in _XML_ENTITIES
                                              for m in _NAMED_ENTITY.finditer(data))):
        return None
    if data.startswith(b"<?xml") or data.startswith(b"\xef\xbb\xbf<?xml"):
        declared = _XML_DECLARATION.match(data, 3 if data[0] == 0xEF else 0)
        if declared is not None and declared.group(1).lower() not in (b"utf-8", b"utf8"):
            return None
    # What `chars.from_utf8` reads, with the markup's indentation (tabs, line breaks) deleted
    # with the printable ASCII and looked for apart: far fewer bytes to decode and gather.
    rest = data.translate(None, _DELETED)
    if b"\x00" in rest:
        return None
    try:
        found = set(rest.decode("utf-8", "surrogatepass"))
    except UnicodeDecodeError:
        return None
    found.update(space for space, byte in _LAYOUT if byte in data)
    return frozenset(found)


#: The bytes deleted before decoding: printable ASCII and the layout characters (`_LAYOUT`).
_LAYOUT = (("\t", b"\t"), ("\n", b"\n"), ("\r", b"\r"))
_DELETED = bytes(range(0x20, 0x7F)) + b"\t\n\r"
