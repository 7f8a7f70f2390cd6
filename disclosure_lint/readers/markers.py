"""Rights and provenance markers a book already carries: read, reported, kept (issue 16, item 6).

- **C2PA text manifests.** C2PA's "embedding manifests into unstructured text" (C2PA Technical
  Specification 2.3 §A.7, 2.4 §A.8) carries a signed Manifest Store inside the text as a
  `C2PATextManifestWrapper`: a ZERO WIDTH NO-BREAK SPACE (U+FEFF), then every byte of
  ``"C2PATXT\\0"`` (the magic), a version byte, a 4-byte big-endian length and the manifest,
  each byte one variation selector: bytes 0-15 as U+FE00-U+FE0F, bytes 16-255 as
  U+E0100-U+E01EF; trailing padding may follow. It is invisible and is no disclosure, no hidden
  text and no obfuscation: the readers take it out of the text they read (so that the analysis
  and every quotation never meet it) and report it as a `Marker`, with the manifest's length and
  where it is. The signature is not verified here: the `c2pa-text` package (the reference
  implementation) or a C2PA validator does that. The writers never change a byte of it.
- **TDMRep** (W3C TDM Reservation Protocol, Community Group Final Report 2024-05-10): an EPUB's
  package document says ``<meta property="tdm:reservation">1</meta>`` (text and data mining
  rights reserved; 0: not reserved) and ``<meta property="tdm:policy">URL</meta>`` (the
  rightsholder's licensing policy), ``tdm`` declared as http://www.w3.org/ns/tdmrep#. The EPUB
  reader reports them (`readers.epub.package`); `insert` keeps them.

Finding the wrapper costs one substring search per text: its first eight characters (the magic)
are always the same.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from .. import patterns as rx
from ..model import Location, Marker

if TYPE_CHECKING:
    from lxml import etree

MAGIC = b"C2PATXT\0"
PREFIX = "\ufeff"
#: The header: magic (8 bytes), version (1), manifest length (4, big-endian).
HEADER_BYTES = 13
_SELECTOR = "[\ufe00-\ufe0f\U000e0100-\U000e01ef]"
_RUN = rx.LazyPattern(f"\ufeff?{_SELECTOR}+")

C2PA = "c2pa-manifest"
TDM_RESERVATION = "tdm-reservation"
TDM_POLICY = "tdm-policy"


def _selector(byte: int) -> str:
    return chr(0xFE00 + byte) if byte < 16 else chr(0xE0100 + byte - 16)


def _byte(char: str) -> int:
    point = ord(char)
    return point - 0xFE00 if point <= 0xFE0F else point - 0xE0100 + 16


#: The magic as it stands in the text, and in UTF-8 bytes (to look for it in a file unparsed).
MAGIC_TEXT = "".join(_selector(b) for b in MAGIC)
MAGIC_UTF8 = MAGIC_TEXT.encode("utf-8")


class Wrapper:
    """One C2PA text wrapper found in a text: where it is, what it says of itself."""

    __slots__ = ("end", "manifest_bytes", "start", "version")

    def __init__(self, start: int, end: int, version: int, manifest_bytes: int) -> None:
        self.start, self.end, self.version, self.manifest_bytes = start, end, version, manifest_bytes


def find_wrappers(text: str) -> list[Wrapper]:
    """Every C2PA text wrapper in `text` (start and end as string offsets, the U+FEFF before it
    included, trailing padding too); a run of variation selectors without the magic is none."""
    out: list[Wrapper] = []
    at = text.find(MAGIC_TEXT)
    while at >= 0:
        start = at - 1 if at > 0 and text[at - 1] == PREFIX else at
        run = _RUN.match(text, start)
        end = run.end() if run else at + len(MAGIC_TEXT)
        header = [_byte(c) for c in text[at:at + HEADER_BYTES]] if end - at >= HEADER_BYTES else []
        if header:
            length = int.from_bytes(bytes(header[9:13]), "big")
            out.append(Wrapper(start, end, header[8], length))
        at = text.find(MAGIC_TEXT, end)
    return out


def take_from_text(text: str, where: Callable[[int], Location]) -> tuple[str, list[Marker]]:
    """`text` without its C2PA wrappers, and a marker for each (`where(offset)`: its location)."""
    wrappers = find_wrappers(text)
    if not wrappers:
        return text, []
    markers = [_marker(text, w, where(w.start)) for w in wrappers]
    pieces, last = [], 0
    for w in wrappers:
        pieces.append(text[last:w.start])
        last = w.end
    pieces.append(text[last:])
    return "".join(pieces), markers


def take_from_tree(root: etree._Element, where: Callable[[int | None], Location]) -> list[Marker]:
    """Take the C2PA wrappers out of the text and tails of a parsed XML document (for a reader
    that has seen `MAGIC_UTF8` in its bytes); a marker for each, at the line of its element."""
    from lxml import etree

    markers: list[Marker] = []
    for el in root.iter(etree.Element):
        for attribute in ("text", "tail"):
            value = getattr(el, attribute)
            if value and MAGIC_TEXT in value:
                cleaned, found = take_from_text(value, partial(_same, where(el.sourceline)))
                setattr(el, attribute, cleaned)
                markers += found
    return markers


def _same(location: Location, _offset: int) -> Location:
    return location


def _marker(text: str, wrapper: Wrapper, location: Location) -> Marker:
    encoded = len(text[wrapper.start:wrapper.end].encode("utf-8"))
    return Marker(C2PA, f"version {wrapper.version}", location, wrapper.manifest_bytes, encoded)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a string offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
