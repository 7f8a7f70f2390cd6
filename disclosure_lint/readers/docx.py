"""DOCX reader: a Word document (.docx, .docm, .dotx, .dotm) as a reader of the book meets it.

The package is opened with the shared guards in `safety` and its parts are parsed with lxml,
not through python-docx: python-docx refuses the .docm/.dotx content types, leaves out tracked
insertions, fields, content controls and text boxes, and builds a proxy object per run, which
is too slow for a novel. Only the parts the analysis needs are inflated: the package and main
part relationships, the main part, styles, settings, comments, footnotes, endnotes, the headers
and footers that sections reference, and the core properties. Images, media, macros
(vbaProject.bin) and embedded objects are never read.

Design choices, each made so that the rules see the book as a reader sees it:

- **The main part** is the target of the package's ``officeDocument`` relationship
  (ECMA-376 Part 2 §9.3), not an assumed ``word/document.xml``. Strict OOXML namespaces are
  mapped to the transitional ones before parsing.
- **Reading order**: body paragraphs, table cell paragraphs and content controls in document
  order; a text box's paragraphs follow the paragraph that anchors it. Of an
  ``mc:AlternateContent`` only the first ``mc:Choice`` is read (the ``mc:Fallback`` repeats the
  same text for old readers). Tracked insertions and field results are text; tracked
  deletions (``w:del``) become `HiddenText` (DELETED_REVISION); ``w:moveFrom`` is dropped, as its
  text is read where it moved to; field instructions (``w:instrText`` and anything between a
  field's begin and separate marks) are never text.
- **Paragraph numbers**: every paragraph of the main part counts, in document order, including
  empty ones and those in tables and text boxes; `Location.block` holds that 1-based number
  and `Location.line` is None.
- **Visibility** is resolved as Word's Print Layout renders it, through direct run formatting,
  then the character style chain, the paragraph style chain, the table style, and
  ``w:docDefaults``. ``w:vanish``, ``w:specVanish`` and ``w:webHidden`` hide text
  (HIDDEN_FORMATTING); a colour whose contrast with the background (run highlight or shading,
  else paragraph shading, else table cell shading, else the page colour ``w:background``, white
  by default) is under 1.25:1 is INVISIBLE_COLOUR; type under 4 pt is TINY_TEXT. ``w:webHidden``
  text shows in Print Layout but not in Web Layout, "Save as Web Page" or an e-book made from
  Word's web output: a disclosure there is not one "no reader could possibly miss", so it counts
  as hidden (Word also marks table-of-contents page numbers so; losing those loses nothing).
- **Footnotes and endnotes** become `Block`s with ``visibility=EASY_TO_MISS`` and
  ``where="a footnote"``/``"an endnote"``, placed right after the paragraph that references
  them, in that paragraph's section and with its paragraph number: a disclosure there is in the
  right part of the book but small and out of the way, which is exactly what
  ``disclosure-placement`` reports. **Headers and footers** likewise become EASY_TO_MISS blocks
  (``"a page header"``/``"a page footer"``) at the start of the Word section (``w:sectPr``) that
  shows them, with the number of that section's first paragraph; a header shared by several
  sections is emitted once. No trailing pseudo-section is made, so no rule mistakes a header
  for back matter.
- **Comments** are `HiddenText` (COMMENT, "a Word comment") at the paragraph they annotate.
  Description, subject and keywords in the core properties are `HiddenText` (METADATA).
- **Sections** open at headings: a paragraph style whose ``basedOn`` chain reaches a built-in
  heading or Title (by id or name), or an outline level 0–8; and, conservatively, at the
  "fake headings" of standard manuscript format (see `_is_fake_heading`). The Title-style
  paragraph and a "by NAME" line make the first section a title page; "by NAME" also gives an
  author. Kinds and roles come from the shared vocabulary, as for Markdown.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote

from .. import patterns as rx
from ..errors import InputError
from ..model import (
    Block,
    HiddenReason,
    HiddenText,
    Kind,
    Location,
    Manuscript,
    Metadata,
    Section,
    Visibility,
)
from .byline import BY_LINE, by_line_authors
from .safety import DEFAULT_LIMITS, Limits, open_zip, parse_xml, read_member, sniff
from .text import collapse
from .vocabulary import assign_roles, classify_heading

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

if TYPE_CHECKING:
    from lxml import etree

    Element = etree._Element

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + _W_NS + "}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
DC = "{http://purl.org/dc/elements/1.1/}"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"

#: ISO/IEC 29500 Strict namespaces, mapped to the transitional ones so that one walker serves both.
_STRICT = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", _W_NS.encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    (b"http://purl.oclc.org/ooxml/officeDocument/math",
     b"http://schemas.openxmlformats.org/officeDocument/2006/math"),
)

# Element names used by the walkers, computed once.
P, R, T, TBL, TC, SDT, SDT_CONTENT = (W + n for n in ("p", "r", "t", "tbl", "tc", "sdt", "sdtContent"))
PPR, RPR, TCPR, TBLPR, SECTPR = (W + n for n in ("pPr", "rPr", "tcPr", "tblPr", "sectPr"))
INS, DEL, MOVE_TO, MOVE_FROM = (W + n for n in ("ins", "del", "moveTo", "moveFrom"))
DEL_TEXT, INSTR_TEXT, FLD_CHAR = (W + n for n in ("delText", "instrText", "fldChar"))
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

#: Inline wrappers whose children are read as ordinary paragraph content.
_INLINE_WRAPPERS = frozenset(W + n for n in (
    "ins", "moveTo", "hyperlink", "smartTag", "fldSimple", "customXml", "dir", "bdo",
))
#: Paragraph children that never hold text a reader sees.
_INLINE_SKIP = frozenset({PPR, MOVE_FROM, W + "proofErr", W + "bookmarkStart", W + "bookmarkEnd",
                          W + "permStart", W + "permEnd", W + "commentRangeEnd"})
#: Block-level children that never hold paragraphs of the text.
_BLOCK_SKIP = frozenset({SECTPR, TBLPR, TCPR, W + "tblGrid", W + "trPr", W + "sdtPr",
                         W + "sdtEndPr", FALLBACK, MOVE_FROM, DEL, W + "altChunk"})

# Patterns that few documents need are compiled on first use (through `re`'s cache), not at import.
_CHAPTER_WORD = r"(?i:chapter|ch\.|chap\.|part|book|volume)\b"
_SENTENCE_END = ".!?,;:\u2026\"\u201d\u2019')"
_OPENING_QUOTES = "\"'\u201c\u2018\u00ab\u2014-"

#: Names and titles that tools write into core properties when the writer gave none.
PLACEHOLDERS: frozenset[str] = frozenset({
    "", "python-docx", "generated by python-docx", "microsoft office user", "microsoft office",
    "microsoft word", "word", "author", "authors", "unknown", "unknown author", "(unknown)",
    "windows user", "user", "administrator", "admin", "owner", "default", "name", "your name",
    "author name", "first last", "anonymous", "n/a", "none", "-", "libreoffice", "openoffice",
    "apache poi", "docx4j", "pandoc", "calibre", "title", "untitled", "document", "document1",
    "word document", "microsoft word document", "your title", "book title", "manuscript",
    # Localised "Microsoft account", which Windows writes for a user signed in without a name.
    "microsoft account", "учетная запись майкрософт", "microsoft-konto", "compte microsoft",
    "cuenta microsoft", "cuenta de microsoft", "account microsoft", "conta da microsoft",
})
#: Template fields left unfilled: "<%Title%>", "{{author}}", "[Author Name]".
_TEMPLATE_FIELD = r"(?s:<%.*%>|\{\{.*\}\}|\[[^\]]*\]|\$\{.*\})"


def _placeholder(value: str) -> bool:
    if value.lower() in PLACEHOLDERS:
        return True
    # A template field starts with one of these; most values are not worth the pattern.
    return value[:1] in ("<", "{", "[", "$") and bool(rx.fullmatch(_TEMPLATE_FIELD, value))

#: Word's sixteen highlight colours (ST_HighlightColor).
HIGHLIGHTS: dict[str, str] = {
    "black": "000000", "blue": "0000FF", "cyan": "00FFFF", "green": "00FF00", "magenta": "FF00FF",
    "red": "FF0000", "yellow": "FFFF00", "white": "FFFFFF", "darkblue": "000080",
    "darkcyan": "008080", "darkgreen": "008000", "darkmagenta": "800080", "darkred": "800000",
    "darkyellow": "808000", "darkgray": "808080", "lightgray": "C0C0C0",
}
#: Theme colours whose value every stock theme fixes (custom accents are read from w:val).
THEME_COLOURS: dict[str, str] = {
    "background1": "FFFFFF", "light1": "FFFFFF", "text1": "000000", "dark1": "000000",
}  # keys lower case

#: Legibility floor, in half-points (w:sz): under 4 pt no reader reads the text.
MIN_LEGIBLE_HALF_POINTS = 8
#: Contrast ratio (WCAG 2) under which text is taken as coloured like its background.
MIN_CONTRAST = 1.25
#: Fake headings: at most this many words and characters.
FAKE_HEADING_WORDS = 8
FAKE_HEADING_CHARS = 80

# --- the package ----------------------------------------------------------------------------


class _Rel:
    __slots__ = ("kind", "target")

    def __init__(self, kind: str, target: str | None) -> None:
        self.kind = kind  # the last segment of the relationship type ("styles", "header", ...)
        self.target = target  # part name inside the package, None for an external target


class _Package:
    """The parts of one OPC package, inflated on demand through the shared guards."""

    def __init__(self, zf: zipfile.ZipFile, display: str, limits: Limits) -> None:
        self.zf = zf
        self.display = display
        self.limits = limits
        self.budget = [limits.max_total_bytes]
        # OPC part names are case-insensitive (ECMA-376 Part 2 §9.1.1.1).
        self.names = {n.lower(): n for n in zf.namelist()}

    def has(self, name: str) -> bool:
        return name.lower() in self.names

    def xml(self, name: str) -> Element | None:
        """Parse a part, or None when the package lacks it."""
        real = self.names.get(name.lower())
        if real is None:
            return None
        data = read_member(self.zf, real, self.limits, self.budget)
        for strict, transitional in _STRICT:
            if strict in data:
                data = data.replace(strict, transitional)
        return parse_xml(data, part=f"{self.display}: {real}")

    def rels(self, part: str) -> dict[str, _Rel]:
        """The relationships of a part ('' for the package), by id."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, _Rel] = {}
        if root is None:
            return out
        for rel in root.iter(PKG_REL):
            rtype = rel.get("Type", "")
            target = rel.get("Target", "")
            name: str | None = None
            if rel.get("TargetMode", "Internal") != "External" and target:
                target = unquote(target)
                joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                name = posixpath.normpath(joined)
            out[rel.get("Id", "")] = _Rel(rtype.rstrip("/").rsplit("/", 1)[-1], name)
        return out


# --- formatting -------------------------------------------------------------------------------


class _RunFormat(NamedTuple):
    """Run properties that decide whether and how text shows; None means "not said here"."""

    vanish: bool | None = None
    spec_vanish: bool | None = None
    colour: str | None = None  # "RRGGBB" or "auto"
    size: int | None = None  # half-points
    highlight: str | None = None  # "RRGGBB" or "none"
    shading: str | None = None  # "RRGGBB" or "none"
    bold: bool | None = None
    caps: bool | None = None


class _ParaFormat(NamedTuple):
    outline: int | None = None
    centred: bool | None = None
    page_break_before: bool | None = None
    shading: str | None = None


_NO_PARA_FORMAT = _ParaFormat()


def _over(base: _RunFormat, top: _RunFormat) -> _RunFormat:
    return _RunFormat._make(t if t is not None else b for b, t in zip(base, top, strict=True))


def _over_para(base: _ParaFormat, top: _ParaFormat) -> _ParaFormat:
    # Field by field, not through a generator: this runs for every paragraph with direct formatting.
    outline, centred, pbb, shading = top
    return _ParaFormat(
        outline if outline is not None else base.outline,
        centred if centred is not None else base.centred,
        pbb if pbb is not None else base.page_break_before,
        shading if shading is not None else base.shading,
    )


def _on(el: Element) -> bool:
    """A toggle property: present means on unless w:val says off."""
    return el.get(VAL, "true").lower() not in ("0", "false", "off", "none")


def _hex(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().upper()
    if value == "AUTO":
        return "auto"
    if len(value) == 6 and not value.strip("0123456789ABCDEF"):
        return value
    return None


def _colour_of(el: Element) -> str | None:
    theme = THEME_COLOURS.get((el.get(W + "themeColor") or "").lower())
    return theme or _hex(el.get(VAL))


def _shading_of(el: Element) -> str | None:
    """The colour a w:shd paints: its fill, or its pattern colour for a solid pattern."""
    pattern = (el.get(VAL) or "").lower()
    if pattern == "solid":
        colour = _hex(el.get(W + "color"))
        if colour and colour != "auto":
            return colour
    if pattern == "nil":
        return "none"
    fill = _hex(el.get(W + "fill"))
    return "none" if fill in (None, "auto") else fill


def _half_points(value: str | None) -> int | None:
    if not value:
        return None
    value = value.strip()
    try:
        if value.endswith("pt"):
            return round(float(value[:-2]) * 2)
        return int(value)
    except ValueError:
        return None


#: The run properties read, by element name: 0 is the character style, the rest set `_RunFormat`.
_RUN_PROPS: dict[object, int] = {
    W + "rStyle": 0, W + "vanish": 1, W + "specVanish": 2, W + "webHidden": 2, W + "color": 3,
    W + "sz": 4, W + "highlight": 5, W + "shd": 6, W + "b": 7, W + "caps": 8, W + "smallCaps": 8,
}


def _run_props(rpr: Element) -> tuple[str | None, _RunFormat | None]:
    """A w:rPr's character style (its first w:rStyle) and its format, None when it sets nothing.

    One pass over the children; of a property given twice the last counts, except that any
    specVanish/webHidden or caps/smallCaps that is on stays on.
    """
    rstyle: str | None = None
    styled = found = False
    vanish = spec = bold = caps = None
    colour = highlight = shading = None
    size = None
    for child in rpr:
        prop = _RUN_PROPS.get(child.tag)
        if prop is None:
            continue
        if prop == 0:
            if not styled:
                styled = True
                rstyle = child.get(VAL)
            continue
        found = True
        if prop == 1:
            vanish = _on(child)
        elif prop == 2:
            spec = _on(child) or bool(spec)
        elif prop == 3:
            colour = _colour_of(child)
        elif prop == 4:
            size = _half_points(child.get(VAL))
        elif prop == 5:
            highlight = HIGHLIGHTS.get((child.get(VAL) or "").lower(), "none")
        elif prop == 6:
            shading = _shading_of(child)
        elif prop == 7:
            bold = _on(child)
        else:
            caps = _on(child) or bool(caps)
    if not found:
        return rstyle, None
    return rstyle, _RunFormat(vanish, spec, colour, size, highlight, shading, bold, caps)


def _run_format(rpr: Element | None) -> _RunFormat:
    if rpr is None:
        return _RunFormat()
    return _run_props(rpr)[1] or _RunFormat()


#: The paragraph properties read, by element name: 0–2 are found (the first counts), the rest
#: set `_ParaFormat` (the last counts).
_PARA_PROPS: dict[object, int] = {
    W + "pStyle": 0, W + "numPr": 1, SECTPR: 2, W + "outlineLvl": 3, W + "jc": 4,
    W + "pageBreakBefore": 5, W + "shd": 6,
}


def _para_props(ppr: Element) -> tuple[Element | None, Element | None, Element | None, _ParaFormat]:
    """A w:pPr's first w:pStyle, w:numPr and w:sectPr, and its format, in one pass.

    The format is `_NO_PARA_FORMAT` itself when the w:pPr sets none of it.
    """
    found: list[Element | None] = [None, None, None]
    outline = centred = pbb = shading = None
    formatted = False
    for child in ppr:
        prop = _PARA_PROPS.get(child.tag)
        if prop is None:
            continue
        if prop < 3:
            if found[prop] is None:
                found[prop] = child
            continue
        formatted = True
        if prop == 3:
            try:
                outline = int(child.get(VAL, "9"))
            except ValueError:
                outline = None
        elif prop == 4:
            centred = (child.get(VAL) or "").lower() == "center"
        elif prop == 5:
            pbb = _on(child)
        else:
            shading = _shading_of(child)
    fmt = _ParaFormat(outline, centred, pbb, shading) if formatted else _NO_PARA_FORMAT
    return found[0], found[1], found[2], fmt


def _para_format(ppr: Element | None) -> _ParaFormat:
    if ppr is None:
        return _ParaFormat()
    return _para_props(ppr)[3]


def _first_children(el: Element, *tags: str) -> list[Element | None]:
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


def _first_child(el: Element, tag: str) -> Element | None:
    """``el.find(tag)`` for one plain tag, without lxml's path machinery."""
    for child in el:
        if child.tag == tag:
            return child
    return None


class _Style:
    __slots__ = ("based_on", "kind", "name", "para", "run", "sid")

    def __init__(self, sid: str, name: str, kind: str, based_on: str | None, run: _RunFormat,
                 para: _ParaFormat) -> None:
        self.sid = sid
        self.name = name
        self.kind = kind
        self.based_on = based_on
        self.run = run
        self.para = para


_STYLE_PARTS = (W + "name", W + "basedOn", RPR, PPR)


class _Styles:
    """The style sheet, with chains resolved once and cached."""

    def __init__(self, root: Element | None) -> None:
        #: The w:style elements by id (of two with one id, the later), read into a `_Style`
        #: when first needed: a style sheet defines a few hundred styles, a book uses a few.
        self._elements: dict[str, Element] = {}
        self._read: dict[str, _Style] = {}
        self.defaults = _RunFormat()
        self.language: str | None = None
        self.default_para: str | None = None
        self._run_cache: dict[tuple[str | None, str | None, str | None], _RunFormat] = {}
        self._chain_cache: dict[str, list[_Style]] = {}
        self._para_cache: dict[str | None, tuple[_ParaFormat, bool, bool]] = {}
        #: (paragraph style, character style, table style, background, direct format) →
        #: (hidden reason, bold, caps) of a run: a novel has few distinct ones.
        self.looks: dict[tuple[str | None, str | None, str | None, str, _RunFormat | None],
                         tuple[HiddenReason | None, bool, bool]] = {}
        if root is None:
            return
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{RPR}")
        self.defaults = _run_format(defaults)
        if defaults is not None:
            lang = defaults.find(W + "lang")
            if lang is not None:
                self.language = lang.get(VAL)
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId")
            if not sid:
                continue
            self._elements[sid] = st
            if st.get(TYPE, "paragraph") == "paragraph" and _on_attr(st.get(W + "default")):
                self.default_para = sid

    def has(self, sid: str) -> bool:
        return sid in self._elements

    def get(self, sid: str) -> _Style | None:
        """The style with this id, or None."""
        style = self._read.get(sid)
        if style is None:
            st = self._elements.get(sid)
            if st is None:
                return None
            name_el, based_el, rpr, ppr = _first_children(st, *_STYLE_PARTS)
            style = self._read[sid] = _Style(
                sid=sid,
                name=(name_el.get(VAL, "") if name_el is not None else "") or sid,
                kind=st.get(TYPE, "paragraph"),
                based_on=based_el.get(VAL) if based_el is not None else None,
                run=_run_format(rpr),
                para=_para_format(ppr),
            )
        return style

    @property
    def styles(self) -> dict[str, _Style]:
        """Every style by id, in the order the style sheet first defines each id."""
        out: dict[str, _Style] = {}
        for sid in self._elements:
            style = self.get(sid)
            assert style is not None
            out[sid] = style
        return out

    def chain(self, sid: str | None) -> list[_Style]:
        """The style and its basedOn ancestors, root first (cycles cut)."""
        if sid is None:
            return []
        cached = self._chain_cache.get(sid)
        if cached is not None:
            return cached
        out: list[_Style] = []
        seen: set[str] = set()
        cur: str | None = sid
        while cur is not None and cur not in seen:
            style = self.get(cur)
            if style is None:
                break
            seen.add(cur)
            out.append(style)
            cur = style.based_on
        out.reverse()
        self._chain_cache[sid] = out
        return out

    def run_base(self, pstyle: str | None, rstyle: str | None, tstyle: str | None) -> _RunFormat:
        """docDefaults < table style < paragraph style chain < character style chain."""
        key = (pstyle, rstyle, tstyle)
        cached = self._run_cache.get(key)
        if cached is not None:
            return cached
        fmt = self.defaults
        for sid in (tstyle, pstyle, rstyle):
            for st in self.chain(sid):
                fmt = _over(fmt, st.run)
        self._run_cache[key] = fmt
        return fmt

    def para(self, pstyle: str | None) -> tuple[_ParaFormat, bool, bool]:
        """A paragraph style's resolved properties, whether it is a heading, whether the Title.

        A style is a heading when it or an ancestor is a built-in heading or Title, by id or by
        name (built-in names are English whatever the UI language: "heading 1", "Title").
        """
        cached = self._para_cache.get(pstyle)
        if cached is not None:
            return cached
        fmt = _ParaFormat()
        heading = title = False
        for st in self.chain(pstyle):
            fmt = _over_para(fmt, st.para)
            for label in (st.name, st.sid):
                low = label.lower().replace(" ", "")
                if len(low) == 8 and low.startswith("heading") and low[7] in "123456789":
                    heading = True
                if low == "title":
                    title = True
        result = (fmt, heading or title, title)
        self._para_cache[pstyle] = result
        return result


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() in ("1", "true", "on")


def _luminance(colour: str) -> float:
    channels = []
    for i in (0, 2, 4):
        c = int(colour[i:i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def _too_close(fg: str, bg: str) -> bool:
    a, b = _luminance(fg), _luminance(bg)
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05) < MIN_CONTRAST


# --- paragraphs -------------------------------------------------------------------------------


class _Ctx:
    """Where a paragraph sits: its table style, the cell's shading, and a writer's word for it."""

    __slots__ = ("cell_shading", "in_textbox", "place", "table_style", "top_level")

    def __init__(self, table_style: str | None = None, cell_shading: str | None = None,
                 place: str = "the document text", top_level: bool = True,
                 in_textbox: bool = False) -> None:
        self.table_style = table_style
        self.cell_shading = cell_shading
        self.place = place
        self.top_level = top_level
        self.in_textbox = in_textbox

    def _replace(self, **changes: Any) -> _Ctx:
        values = {name: getattr(self, name) for name in self.__slots__}
        values.update(changes)
        return _Ctx(**values)


class _Para:
    """What one paragraph shows and hides."""

    __slots__ = (
        "all_text",
        "bold",
        "break_after",
        "break_before",
        "caps",
        "centred",
        "comments",
        "ctx",
        "deleted",
        "heading_style",
        "hidden",
        "notes",
        "numbered",
        "outline",
        "sect_pr",
        "title_style",
        "visible",
    )

    def __init__(self, ctx: _Ctx) -> None:
        self.visible = ""
        self.all_text = ""
        self.hidden: list[tuple[str, HiddenReason]] = []
        self.deleted: list[str] = []
        self.notes: list[tuple[str, str]] = []
        self.comments: list[str] = []
        self.break_before = False
        self.break_after = False
        self.bold = False
        self.caps = False
        self.centred = False
        self.heading_style = False
        self.title_style = False
        self.outline: int | None = None
        self.numbered = False
        self.sect_pr: Element | None = None
        self.ctx = ctx


#: A piece of paragraph text: (text, why it is hidden or None, bold, caps).
_Piece = tuple[str, HiddenReason | None, bool, bool]


class _RunState:
    __slots__ = ("any_hidden", "background", "ctx", "pieces", "pstyle", "seen_text")

    def __init__(self, pstyle: str | None, background: str, ctx: _Ctx) -> None:
        self.pstyle = pstyle
        self.background = background
        self.ctx = ctx
        self.pieces: list[_Piece] = []
        self.seen_text = False
        #: Set when a run is hidden; False means every piece is visible.
        self.any_hidden = False


#: Run children other than w:t and w:rPr that `_run_content` acts on; the rest hold no text.
_RUN_SPECIAL = frozenset({TAB, PTAB, CR, BR, NB_HYPHEN, FLD_CHAR, DEL_TEXT, FOOTNOTE_REF,
                          ENDNOTE_REF, COMMENT_REF, ALT, RUBY})


class _ParagraphReader:
    """Reads paragraphs of one part. Field state spans paragraphs (a TOC field does)."""

    def __init__(self, styles: _Styles, page_colour: str) -> None:
        self.styles = styles
        self.page_colour = page_colour
        self.fields: list[bool] = []  # per open field: True while in its instruction

    # Block level ------------------------------------------------------------------------------

    def paragraphs(self, container: Element, ctx: _Ctx) -> Iterator[tuple[Element, _Ctx]]:
        """Paragraphs in reading order; a text box's paragraphs follow their anchor paragraph."""
        # Most parts have no text box: then no paragraph needs searching for one.
        boxes = next(container.iter(TXBX), None) is not None
        return self._paragraphs(container, ctx, boxes)

    def _paragraphs(self, container: Element, ctx: _Ctx, boxes: bool) -> Iterator[tuple[Element, _Ctx]]:
        for child in container:
            tag = child.tag
            if tag == P:
                yield child, ctx
                if boxes:
                    for box in _textboxes(child):
                        yield from self._paragraphs(box, ctx._replace(
                            place="a text box", top_level=False, in_textbox=True), boxes)
            elif tag == TBL:
                tstyle = ctx.table_style
                tblpr = _first_child(child, TBLPR)
                if tblpr is not None:
                    ts = _first_child(tblpr, W + "tblStyle")
                    if ts is not None:
                        tstyle = ts.get(VAL)
                yield from self._paragraphs(child, ctx._replace(
                    table_style=tstyle, place="a table", top_level=False), boxes)
            elif tag == TC:
                shading = ctx.cell_shading
                tcpr = _first_child(child, TCPR)
                if tcpr is not None:
                    shd = _first_child(tcpr, W + "shd")
                    if shd is not None:
                        shading = _shading_of(shd)
                yield from self._paragraphs(child, ctx._replace(cell_shading=shading), boxes)
            elif tag == ALT:
                branch = _choice(child)
                if branch is not None:
                    yield from self._paragraphs(branch, ctx, boxes)
            elif isinstance(tag, str) and tag not in _BLOCK_SKIP:
                # w:sdt, w:sdtContent, w:customXml, w:tr, w:ins, w:moveTo ...: containers.
                yield from self._paragraphs(child, ctx, boxes)

    # Paragraph level -----------------------------------------------------------------------------

    def read(self, p: Element, ctx: _Ctx) -> _Para:
        para = _Para(ctx)
        styles = self.styles
        kids = p[:]
        ppr = None
        for child in kids:
            if child.tag == PPR:
                ppr = child
                break
        pstyle: str | None = None
        direct = _NO_PARA_FORMAT
        if ppr is not None:
            ps, num_pr, para.sect_pr, direct = _para_props(ppr)
            if ps is not None:
                pstyle = ps.get(VAL)
            para.numbered = num_pr is not None
        if pstyle is None or not styles.has(pstyle):
            pstyle = styles.default_para if pstyle is None else pstyle
        pfmt, para.heading_style, para.title_style = styles.para(pstyle)
        if direct is not _NO_PARA_FORMAT:
            pfmt = _over_para(pfmt, direct)
        para.outline = pfmt.outline
        para.centred = bool(pfmt.centred)
        para.break_before = bool(pfmt.page_break_before)
        background = pfmt.shading if pfmt.shading not in (None, "none") else (
            ctx.cell_shading if ctx.cell_shading not in (None, "none") else self.page_colour)
        state = _RunState(pstyle, background or "FFFFFF", ctx)
        self._inline(kids, state, para)
        self._finish(state, para)
        return para

    def _finish(self, state: _RunState, para: _Para) -> None:
        pieces = state.pieces
        if not state.any_hidden:
            # Every piece shows: the text is all of it, and nothing is hidden.
            text = pieces[0][0] if len(pieces) == 1 else "".join([pc[0] for pc in pieces])
            para.visible = para.all_text = collapse(text)
        else:
            self._finish_hidden(pieces, para)
        if len(para.visible) > FAKE_HEADING_CHARS:
            return  # the heading look matters only for a line short enough to be a heading
        shown = [pc for pc in pieces if pc[1] is None and pc[0].strip()]
        para.bold = bool(shown) and all(pc[2] for pc in shown)
        letters = [ch for ch in para.visible if ch.isalpha()]
        para.caps = bool(shown) and (all(pc[3] for pc in shown) or (
            len(letters) > 2 and all(ch.isupper() for ch in letters)))

    @staticmethod
    def _finish_hidden(pieces: list[_Piece], para: _Para) -> None:
        para.visible = collapse("".join([pc[0] for pc in pieces if pc[1] is None]))
        para.all_text = collapse("".join([pc[0] for pc in pieces]))
        group: list[str] = []
        reason: HiddenReason | None = None
        for text, why, _, _ in pieces:
            if why is None and not text.strip() and reason is not None:
                group.append(text)
                continue
            if why != reason:
                if reason is not None and collapse("".join(group)):
                    para.hidden.append((collapse("".join(group)), reason))
                group, reason = [], why
            if why is not None:
                group.append(text)
        if reason is not None and collapse("".join(group)):
            para.hidden.append((collapse("".join(group)), reason))

    def _inline(self, el: Element | list[Element], st: _RunState, para: _Para) -> None:
        for child in el:
            tag = child.tag
            if tag == R:
                self._run(child, st, para)
            elif tag in _INLINE_WRAPPERS:
                self._inline(child, st, para)
            elif tag == SDT:
                content = _first_child(child, SDT_CONTENT)
                if content is not None:
                    self._inline(content, st, para)
            elif tag == DEL:
                self._deleted(child, para)
            elif tag == ALT:
                branch = _choice(child)
                if branch is not None:
                    self._inline(branch, st, para)
            elif tag == COMMENT_START:
                para.comments.append(child.get(W + "id", ""))
            elif tag in (M + "oMathPara", M + "oMath"):
                text = "".join(t.text or "" for t in child.iter(OMATH_T))
                st.pieces.append((text, None, False, False))
            elif isinstance(tag, str) and tag not in _INLINE_SKIP:
                self._inline(child, st, para)

    def _deleted(self, el: Element, para: _Para) -> None:
        text = collapse("".join(t.text or "" for t in el.iter(DEL_TEXT, T)))
        if text:
            para.deleted.append(text)

    def _run(self, r: Element, st: _RunState, para: _Para) -> None:
        kids = r[:]  # a list: cheaper to walk twice than lxml's child iterator
        rstyle: str | None = None
        direct: _RunFormat | None = None
        for child in kids:
            if child.tag == RPR:
                rstyle, direct = _run_props(child)
                break
        styles = self.styles
        tstyle = st.ctx.table_style
        key = (st.pstyle, rstyle, tstyle, st.background, direct)
        look = styles.looks.get(key)
        if look is None:
            fmt = styles.run_base(st.pstyle, rstyle, tstyle)
            if direct is not None:
                fmt = _over(fmt, direct)
            look = styles.looks[key] = (self._reason(fmt, st.background), bool(fmt.bold), bool(fmt.caps))
        reason, bold, caps = look
        if reason is not None:
            st.any_hidden = True
        self._run_content(kids, st, para, reason, bold, caps)

    def _run_content(self, children: Iterable[Element], st: _RunState, para: _Para,
                     reason: HiddenReason | None, bold: bool, caps: bool) -> None:
        """The text of a run's children (or of a text box branch's), with its look."""
        fields = self.fields
        pieces = st.pieces
        for child in children:
            tag = child.tag
            if tag == T:
                text = child.text
                if text and True not in fields:
                    pieces.append((text, reason, bold, caps))
                    if reason is None and not st.seen_text and text.strip():
                        st.seen_text = True
            elif tag in _RUN_SPECIAL:
                self._run_special(child, tag, st, para, reason, bold, caps)
            # w:rPr (read by `_run`), w:instrText (field code), w:drawing/w:pict (text boxes
            # are read by `paragraphs`), w:sym (a glyph of a symbol font), w:softHyphen: no
            # text a reader reads.

    def _run_special(self, child: Element, tag: str, st: _RunState, para: _Para,
                     reason: HiddenReason | None, bold: bool, caps: bool) -> None:
        if tag in (TAB, PTAB, CR):
            st.pieces.append((" ", reason, bold, caps))
        elif tag == BR:
            st.pieces.append((" ", reason, bold, caps))
            if child.get(TYPE) == "page":
                if st.seen_text:
                    para.break_after = True
                else:
                    para.break_before = True
        elif tag == NB_HYPHEN:
            st.pieces.append(("-", reason, bold, caps))
        elif tag == FLD_CHAR:
            kind = child.get(W + "fldCharType")
            if kind == "begin":
                self.fields.append(True)
            elif kind == "separate" and self.fields:
                self.fields[-1] = False
            elif kind == "end" and self.fields:
                self.fields.pop()
        elif tag == DEL_TEXT:
            if child.text and child.text.strip():
                para.deleted.append(collapse(child.text))
        elif tag == FOOTNOTE_REF:
            para.notes.append(("footnote", child.get(W + "id", "")))
        elif tag == ENDNOTE_REF:
            para.notes.append(("endnote", child.get(W + "id", "")))
        elif tag == COMMENT_REF:
            para.comments.append(child.get(W + "id", ""))
        elif tag == ALT:
            branch = _choice(child)
            if branch is not None:
                self._run_content(branch, st, para, reason, bold, caps)
        elif tag == RUBY:
            base = _first_child(child, RUBY_BASE)
            if base is not None:
                self._inline(base, st, para)

    def _reason(self, fmt: _RunFormat, background: str) -> HiddenReason | None:
        if fmt.vanish or fmt.spec_vanish:
            return HiddenReason.HIDDEN_FORMATTING
        if fmt.size is not None and fmt.size < MIN_LEGIBLE_HALF_POINTS:
            return HiddenReason.TINY_TEXT
        colour = fmt.colour
        if colour is None or colour == "auto":
            return None  # "auto" is black or white, whichever contrasts (§17.3.2.6)
        bg = background
        if fmt.shading not in (None, "none"):
            bg = fmt.shading or bg
        if fmt.highlight not in (None, "none"):
            bg = fmt.highlight or bg
        if bg != "auto" and _too_close(colour, bg):
            return HiddenReason.INVISIBLE_COLOUR
        return None


def _choice(alt: Element) -> Element | None:
    """The branch of mc:AlternateContent a reader shows: the first Choice, else the Fallback."""
    branch, fallback = _first_children(alt, CHOICE, FALLBACK)
    return branch if branch is not None else fallback


def _textboxes(p: Element) -> Iterator[Element]:
    """Text boxes anchored in a paragraph: DrawingML inside the chosen branch, or VML alone."""
    for box in p.iter(TXBX):
        node = box.getparent()
        keep = True
        while node is not None and node is not p:
            tag = node.tag
            if tag in (FALLBACK, TXBX, DEL, MOVE_FROM):
                keep = False
                break
            if tag == CHOICE:
                parent = node.getparent()
                if parent is not None and _first_child(parent, CHOICE) is not node:
                    keep = False
                    break
            node = node.getparent()
        if keep:
            yield box


# --- sections ---------------------------------------------------------------------------------


def _is_fake_heading(para: _Para, after_break: bool, after_heading: bool) -> Kind | None:
    """A heading typed as a formatted Normal paragraph, as standard manuscript format does.

    Conservative: a short line ("FOREWORD", "Chapter One", "ONE") that the vocabulary names, with
    some heading look (bold, centred, caps) or on a new page, or a two-word line it names; or a
    short unnamed line that is bold/caps and centred or on a new page ("THE STORM"). A line of
    dialogue, a sentence, a list item, a "by NAME" line, or a subtitle under a heading is not.
    """
    text = para.visible
    if len(text) > FAKE_HEADING_CHARS:
        return None  # most paragraphs: no need to split them into words
    words = text.split()
    if (not words or len(words) > FAKE_HEADING_WORDS or len(text) > FAKE_HEADING_CHARS
            or para.numbered or not para.ctx.top_level or text[0] in _OPENING_QUOTES
            or not any(ch.isalnum() for ch in text) or BY_LINE.fullmatch(text)):
        return None
    kind = classify_heading(text)
    looks = para.bold or para.centred or para.caps
    ends = text[-1] in _SENTENCE_END
    if kind is not Kind.OTHER:
        # "IV." and "Prologue:" are headings; "Second page." and "One more." are sentences.
        if ends and not (len(words) == 1 and text[-1] in ".:" and (looks or after_break)):
            return None
        if (kind is Kind.CHAPTER and len(words) > 1 and not looks
                and not rx.match(_CHAPTER_WORD, text)):
            return None  # a bare number and more words ("Second Page") needs a heading look
        if looks or after_break or len(words) <= 2 or kind is Kind.AI_NOTE:
            return kind
        return None
    letters = sum(ch.isalpha() for ch in text)
    if ends or after_heading or letters < 3 or letters < len(text.replace(" ", "")) / 2:
        return None
    if (para.bold or para.caps) and (para.centred or after_break):
        return kind
    return None


class _SectionBuilder:
    __slots__ = ("blocks", "heading", "kind", "location", "title_page")

    def __init__(self, heading: str | None, kind: Kind, location: Location,
                 title_page: bool = False) -> None:
        self.heading = heading
        self.kind = kind
        self.location = location
        self.blocks: list[Block] = []
        self.title_page = title_page


# --- reading ----------------------------------------------------------------------------------


def read(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Manuscript:
    """Read a Word document into the shared manuscript model."""
    display = str(path)
    if sniff(path) != "zip":
        from . import detect_format

        detect_format(path, limits)  # raises the precise line for OLE, PDF, text named .docx, ...
        raise InputError(f"{display}: not a Word document (DOCX is a zip package); export it again")
    with open_zip(path, limits) as zf:
        try:
            return _Reader(_Package(zf, display, limits)).read()
        except RecursionError as exc:  # libxml2 caps depth at 256, so only a hostile file gets here
            raise InputError(f"{display}: refused: elements nested too deeply to read") from exc


class _Reader:
    def __init__(self, pkg: _Package) -> None:
        self.pkg = pkg
        self.display = pkg.display
        self.hidden: list[HiddenText] = []
        self.sections: list[_SectionBuilder] = []
        self._authors: list[str] = []
        self._anchored_comments: set[str] = set()

    def loc(self, section: str | None = None, block: int | None = None) -> Location:
        return Location(self.display, None, None, section, block)

    def read(self) -> Manuscript:
        pkg = self.pkg
        if not pkg.has("[Content_Types].xml"):
            raise InputError(f"{self.display}: a zip without [Content_Types].xml, so not a Word "
                             "document; save it again from Word as .docx")
        package_rels = pkg.rels("")
        main = next((r.target for r in package_rels.values()
                     if r.kind == "officeDocument" and r.target), None)
        if main is None:
            raise InputError(f"{self.display}: no main document (officeDocument relationship in "
                             "_rels/.rels); the file is damaged, save it again from Word")
        root = pkg.xml(main)
        if root is None:
            raise InputError(f"{self.display}: the main document part {main} is missing; the file "
                             "is damaged, save it again from Word")
        if root.tag != W + "document":
            local = root.tag.rsplit("}", 1)[-1] if isinstance(root.tag, str) else "?"
            raise InputError(f"{self.display}: an Office package whose main part {main} is "
                             f"<{local}>, not a Word document")
        rels = pkg.rels(main)
        by_kind: dict[str, list[str]] = {}
        for rel in rels.values():
            if rel.target:
                by_kind.setdefault(rel.kind, []).append(rel.target)
        styles = _Styles(self._first(by_kind, "styles"))
        settings = self._first(by_kind, "settings")
        even_odd = settings is not None and settings.find(W + "evenAndOddHeaders") is not None
        page = "FFFFFF"
        bg = root.find(W + "background")
        if bg is not None:
            # w:background names its colour in w:color, not w:val (§17.2.1).
            theme = (bg.get(W + "themeColor") or "").lower()
            page = THEME_COLOURS.get(theme) or _hex(bg.get(W + "color")) or "FFFFFF"
            if page == "auto":
                page = "FFFFFF"
        self.reader = _ParagraphReader(styles, page)

        metadata = self._metadata(package_rels)
        comments = self._comments(self._first(by_kind, "comments"))
        notes = {
            "footnote": self._notes(self._first(by_kind, "footnotes"), "footnote", "a footnote"),
            "endnote": self._notes(self._first(by_kind, "endnotes"), "endnote", "an endnote"),
        }
        body = root.find(W + "body")
        anchors = self._body(body, comments, notes) if body is not None else []
        self._headers_footers(anchors, rels, even_odd)
        for cid, text in comments.items():
            if cid not in self._anchored_comments:
                self.hidden.append(HiddenText(text, self.loc(), HiddenReason.COMMENT, "a Word comment"))
        return self._finish(metadata, styles)

    def _first(self, by_kind: dict[str, list[str]], kind: str) -> Element | None:
        targets = by_kind.get(kind)
        return self.pkg.xml(targets[0]) if targets else None

    # metadata ---------------------------------------------------------------------------------

    def _metadata(self, package_rels: dict[str, _Rel]) -> Metadata:
        core_name = next((r.target for r in package_rels.values()
                          if r.kind == "core-properties" and r.target), None)
        if core_name is None and self.pkg.has("docProps/core.xml"):
            core_name = "docProps/core.xml"
        core = self.pkg.xml(core_name) if core_name else None
        title = language = description = None
        authors: list[str] = []
        if core is not None:
            def text(tag: str) -> str | None:
                el = core.find(tag)
                value = collapse(el.text or "") if el is not None else ""
                return None if _placeholder(value) else value
            title = text(DC + "title")
            language = text(DC + "language")
            description = text(DC + "description")
            creator = core.find(DC + "creator")
            if creator is not None and creator.text:
                for name in rx.split(r"\s*;\s*", creator.text):
                    name = collapse(name)
                    if not _placeholder(name) and name not in authors:
                        authors.append(name)
            for tag, label in ((DC + "description", "description"), (DC + "subject", "subject"),
                               (CP + "keywords", "keywords")):
                value = text(tag)
                if value:
                    self.hidden.append(HiddenText(value, self.loc(), HiddenReason.METADATA,
                                                  f"document properties ({label})"))
        self._authors = authors
        return Metadata(title=title, authors=(), language=language, description=description,
                        location=self.loc())

    # comments and notes ----------------------------------------------------------------------------

    def _comments(self, root: Element | None) -> dict[str, str]:
        out: dict[str, str] = {}
        if root is None:
            return out
        reader = _ParagraphReader(self.reader.styles, self.reader.page_colour)
        for comment in root.iter(W + "comment"):
            texts = [reader.read(p, _Ctx()).all_text for p, _ in reader.paragraphs(comment, _Ctx())]
            text = collapse(" ".join(texts))
            if text:
                out[comment.get(W + "id", "")] = text
        return out

    def _notes(self, root: Element | None, tag: str, where: str) -> dict[str, list[_Para]]:
        out: dict[str, list[_Para]] = {}
        if root is None:
            return out
        reader = _ParagraphReader(self.reader.styles, self.reader.page_colour)
        ctx = _Ctx(place=where, top_level=False)
        for note in root.iter(W + tag):
            if note.get(TYPE, "normal") not in ("normal", ""):
                continue  # separators and continuation notices
            out[note.get(W + "id", "")] = [reader.read(p, c) for p, c in reader.paragraphs(note, ctx)]
        return out

    def _emit_part(self, paras: list[_Para], where: str, section: str | None, number: int | None,
                   into: list[Block]) -> None:
        """A footnote, endnote, header or footer: one easy-to-miss block, its hidden text apart."""
        location = self.loc(section, number)
        text = collapse(" ".join(p.visible for p in paras))
        if text:
            into.append(Block(text, location, Visibility.EASY_TO_MISS, where))
        for para in paras:
            self._emit_hidden(para, location, where)

    def _emit_hidden(self, para: _Para, location: Location, where: str) -> None:
        for text, reason in para.hidden:
            self.hidden.append(HiddenText(text, location, reason, where))
        for text in para.deleted:
            self.hidden.append(HiddenText(text, location, HiddenReason.DELETED_REVISION,
                                          "a tracked deletion"))

    # body -----------------------------------------------------------------------------------------

    def _body(self, body: Element, comments: dict[str, str],
              notes: dict[str, dict[str, list[_Para]]]) -> list[tuple[_SectionBuilder, int, int, Element]]:
        """Walk the body into sections; return, per Word section, where its headers go."""
        reader = self.reader
        current = _SectionBuilder(None, Kind.OTHER, self.loc(None, 1))
        self.sections.append(current)
        anchors: list[tuple[_SectionBuilder, int, int, Element]] = []
        pending: tuple[_SectionBuilder, int, int] | None = None
        start_pending = True
        after_break = after_heading = False
        story_started = False
        emitted_notes: set[tuple[str, str]] = set()
        number = 0
        for p, ctx in reader.paragraphs(body, _Ctx()):
            number += 1
            para = reader.read(p, ctx)
            text = para.visible
            if para.break_before:
                after_break = True
            kind: Kind | None = None
            heading = False
            if text and not ctx.in_textbox:
                if para.heading_style or (para.outline is not None and 0 <= para.outline <= 8):
                    heading = True
                    kind = classify_heading(text)
                    if para.title_style and kind is Kind.OTHER and not story_started:
                        kind = Kind.TITLE_PAGE
                elif ctx.top_level:
                    kind = _is_fake_heading(para, after_break, after_heading)
                    heading = kind is not None
            if heading and kind is not None:
                location = self.loc(text, number)
                current = _SectionBuilder(text, kind, location, title_page=para.title_style)
                self.sections.append(current)
                current.blocks.append(Block(text, location, is_heading=True))
                if kind not in (Kind.TITLE_PAGE, Kind.OTHER):
                    story_started = True
            if start_pending:
                pending = (current, len(current.blocks), number)
                start_pending = False
            if (text and not heading) or para.hidden or para.deleted or para.comments or para.notes:
                location = self.loc(current.heading, number)
                if text and not heading:
                    current.blocks.append(Block(text, location))
                    if not story_started and by_line_authors(text) and (
                            len(self.sections) <= 2 or current.title_page):
                        current.title_page = True
                        for name in by_line_authors(text):
                            if name.lower() not in (a.lower() for a in self._authors):
                                self._authors.append(name)
                self._emit_hidden(para, location, ctx.place)
                for cid in para.comments:
                    if cid in comments and cid not in self._anchored_comments:
                        self._anchored_comments.add(cid)
                        self.hidden.append(HiddenText(comments[cid], location, HiddenReason.COMMENT,
                                                      "a Word comment"))
                for note in para.notes:
                    if note in emitted_notes or note[1] not in notes[note[0]]:
                        continue
                    emitted_notes.add(note)
                    where = "a footnote" if note[0] == "footnote" else "an endnote"
                    self._emit_part(notes[note[0]][note[1]], where, current.heading, number, current.blocks)
            if text:
                after_heading = heading
                after_break = False
            if para.break_after:
                after_break = True
            if para.sect_pr is not None and ctx.top_level:
                if pending is not None:
                    anchors.append((*pending, para.sect_pr))
                start_pending = True
                stype = para.sect_pr.find(W + "type")
                after_break = stype is None or stype.get(VAL) != "continuous"
        final = body.find(SECTPR)
        if final is not None:
            if start_pending:
                pending = (current, len(current.blocks), number or 1)
            if pending is not None:
                anchors.append((*pending, final))
        return anchors

    def _headers_footers(self, anchors: list[tuple[_SectionBuilder, int, int, Element]],
                         rels: dict[str, _Rel], even_odd: bool) -> None:
        seen: set[str] = set()
        inserts: list[tuple[_SectionBuilder, int, list[Block]]] = []
        for builder, index, number, sect_pr in anchors:
            title_el = sect_pr.find(W + "titlePg")
            title_pg = title_el is not None and _on(title_el)
            blocks: list[Block] = []
            for ref_tag, where in (("headerReference", "a page header"),
                                   ("footerReference", "a page footer")):
                for ref in sect_pr.iter(W + ref_tag):
                    htype = ref.get(TYPE, "default")
                    if (htype == "first" and not title_pg) or (htype == "even" and not even_odd):
                        continue
                    rel = rels.get(ref.get(R_ID, ""))
                    if rel is None or rel.target is None or rel.target in seen:
                        continue
                    seen.add(rel.target)
                    root = self.pkg.xml(rel.target)
                    if root is None:
                        continue
                    reader = _ParagraphReader(self.reader.styles, self.reader.page_colour)
                    ctx = _Ctx(place=where, top_level=False)
                    paras = [reader.read(p, c) for p, c in reader.paragraphs(root, ctx)]
                    self._emit_part(paras, where, builder.heading, number, blocks)
            if blocks:
                inserts.append((builder, index, blocks))
        for builder, index, blocks in reversed(inserts):
            builder.blocks[index:index] = blocks

    # assembly -----------------------------------------------------------------------------------

    def _finish(self, metadata: Metadata, styles: _Styles) -> Manuscript:
        builders = [b for i, b in enumerate(self.sections) if b.blocks or i > 0]
        if builders and builders[0].heading is None and builders[0].title_page:
            builders[0].kind = Kind.TITLE_PAGE
        for b in builders[:2]:
            if b.title_page and b.kind is Kind.OTHER:
                b.kind = Kind.TITLE_PAGE
        roles = assign_roles([b.kind for b in builders])
        sections = tuple(
            Section(role=role, kind=b.kind, heading=b.heading, blocks=tuple(b.blocks), location=b.location)
            for b, role in zip(builders, roles, strict=True)
        )
        title = metadata.title
        if title is None:
            title = next((b.heading for b in builders if b.title_page and b.heading), None)
        meta = Metadata(title=title, authors=tuple(self._authors),
                        language=metadata.language or styles.language,
                        description=metadata.description, location=metadata.location)
        return Manuscript(path=self.display, format="docx", metadata=meta, sections=sections,
                          hidden=tuple(self.hidden))


# --- for writers ----------------------------------------------------------------------------------


def paragraph_elements(body: Element) -> list[Element]:
    """The paragraphs of a main part's body in reading order, as this reader numbers them
    (`Location.block` = index + 1): table cells, content controls and text boxes included."""
    walker = _ParagraphReader(_Styles(None), "FFFFFF")
    return [p for p, _ in walker.paragraphs(body, _Ctx())]


class StyleSheet:
    """The style sheet as this reader resolves it (basedOn chains), for writers that add paragraphs."""

    def __init__(self, styles_root: Element | None) -> None:
        self._styles = _Styles(styles_root)

    @property
    def default_paragraph(self) -> str | None:
        return self._styles.default_para

    def paragraph_styles(self) -> list[str]:
        return [sid for sid, st in self._styles.styles.items() if st.kind == "paragraph"]

    def name(self, sid: str) -> str:
        style = self._styles.get(sid)
        return style.name if style is not None else sid

    def is_heading(self, sid: str | None) -> bool:
        """A heading style (built-in heading by id or name, or an outline level), not the Title."""
        if sid is None or not self._styles.has(sid):
            return False
        fmt, heading, title = self._styles.para(sid)
        return not title and (heading or (fmt.outline is not None and 0 <= fmt.outline <= 8))

    def breaks_page(self, sid: str | None) -> bool:
        """Does the style (through its chain) start each paragraph on a new page?"""
        if sid is None or not self._styles.has(sid):
            return False
        return bool(self._styles.para(sid)[0].page_break_before)


def strict_namespaces(data: bytes) -> bool:
    """Is this part ISO/IEC 29500 Strict (the reader maps it; a writer must not mix namespaces)?"""
    return any(strict in data for strict, _ in _STRICT)
