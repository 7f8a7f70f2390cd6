"""WordprocessingML names: namespaces, element names, Strict OOXML, and finding children fast.

ISO/IEC 29500 Strict namespaces are mapped to the transitional ones before parsing
(`to_transitional`), so that one walker serves both; a writer asks `strict_namespaces` so as not
to mix them in a part it edits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

    Element = etree._Element

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + _W_NS + "}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

#: ISO/IEC 29500 Strict namespaces, mapped to the transitional ones so that one walker serves both.
STRICT_NAMESPACES = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", _W_NS.encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    (b"http://purl.oclc.org/ooxml/officeDocument/math",
     b"http://schemas.openxmlformats.org/officeDocument/2006/math"),
)

# Element names used by the walkers, computed once.
P, R, T, TBL, TC, SDT, SDT_CONTENT = (W + n for n in ("p", "r", "t", "tbl", "tc", "sdt", "sdtContent"))
PPR, RPR, TCPR, TBLPR, SECTPR = (W + n for n in ("pPr", "rPr", "tcPr", "tblPr", "sectPr"))
DEL, MOVE_FROM = W + "del", W + "moveFrom"
DEL_TEXT, FLD_CHAR = W + "delText", W + "fldChar"
TAB, PTAB, BR, CR = (W + n for n in ("tab", "ptab", "br", "cr"))
NB_HYPHEN = W + "noBreakHyphen"
FOOTNOTE_REF, ENDNOTE_REF, COMMENT_REF = (
    W + n for n in ("footnoteReference", "endnoteReference", "commentReference"))
COMMENT_START = W + "commentRangeStart"
TXBX = W + "txbxContent"
ALT, CHOICE, FALLBACK = MC + "AlternateContent", MC + "Choice", MC + "Fallback"
RUBY, RUBY_BASE = W + "ruby", W + "rubyBase"
OMATH_T = M + "t"
VAL, TYPE = W + "val", W + "type"


def first_children(el: Element, *tags: str) -> list[Element | None]:
    """The first child of each tag (what ``el.find(tag)`` gives), in one pass over the children.

    lxml's ``find`` runs its path machinery in Python; a loop over the children costs a
    fraction of it, and one loop serves several tags.
    """
    found: list[Element | None] = [None] * len(tags)
    missing = len(tags)
    for child in el:
        tag = child.tag
        if tag in tags:
            i = tags.index(tag)
            if found[i] is None:
                found[i] = child
                missing -= 1
                if not missing:
                    break
    return found


def first_child(el: Element, tag: str) -> Element | None:
    """``el.find(tag)`` for one plain tag, without lxml's path machinery."""
    for child in el:
        if child.tag == tag:
            return child
    return None


def strict_namespaces(data: bytes) -> bool:
    """Is this part ISO/IEC 29500 Strict (the reader maps it; a writer must not mix namespaces)?"""
    return any(strict in data for strict, _ in STRICT_NAMESPACES)


def to_transitional(data: bytes) -> bytes:
    """A part's bytes with Strict namespaces replaced by the transitional ones."""
    for strict, transitional in STRICT_NAMESPACES:
        if strict in data:
            data = data.replace(strict, transitional)
    return data
