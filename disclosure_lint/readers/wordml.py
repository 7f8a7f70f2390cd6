"""WordprocessingML as the DOCX reader and the DOCX writer both see it.

- Namespaces, with ISO/IEC 29500 Strict mapped to the transitional ones (`to_transitional`).
- **Formatting**: run and paragraph properties resolved through direct formatting, the
  character and paragraph style chains (``basedOn``), the table style and ``w:docDefaults``
  (`Styles`), and what makes text unseen (hidden marks, a colour too close to its
  background, type too small to read).
- **The paragraph walk** (`ParagraphReader`): the paragraphs of a part in reading order, as
  `readers.docx` numbers them (`Location.block`), with their visible text.

The writer (`writers.docx`) uses `StyleSheet`, `paragraph_elements` and `strict_namespaces`, so
that a paragraph it adds is numbered, styled and placed as the reader will read it back;
`readers.docx` reads a whole manuscript with the rest. See `readers.docx` for the design.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from ..model import HiddenReason
from .legibility import MIN_LEGIBLE_PT, hex_rgb, too_close
from .sections import HEADING_LINE_CHARS
from .text import collapse

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

if TYPE_CHECKING:
    from lxml import etree

    Element = etree._Element

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + _W_NS + "}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

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

#: Legibility floor, in half-points (w:sz): under 4 pt no reader reads the text (`legibility`,
#: shared with the CSS of EPUB and Markdown).
MIN_LEGIBLE_HALF_POINTS = round(MIN_LEGIBLE_PT * 2)
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
    lang: str | None = None  # w:lang's w:val ("fr-FR")


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


def is_on(el: Element) -> bool:
    """A toggle property: present means on unless w:val says off."""
    return el.get(VAL, "true").lower() not in ("0", "false", "off", "none")


def hex_colour(value: str | None) -> str | None:
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
    if theme is None:
        return hex_colour(el.get(VAL))
    shade, tint = el.get(W + "themeShade"), el.get(W + "themeTint")
    if shade is None and tint is None:
        return theme
    # A shaded or tinted theme colour ("White, Background 1, Darker 25%") is another colour: Word
    # writes it in w:val (BFBFBF); without one, shade darkens and tint lightens the theme's
    # (ECMA-376 Part 1, §17.3.2.6 and §17.18.97).
    written = hex_colour(el.get(VAL))
    if written is not None and written != "auto":
        return written
    return _shaded(theme, shade, tint)


def _shaded(colour: str, shade: str | None, tint: str | None) -> str | None:
    try:
        dark = int(shade, 16) / 255 if shade else 1.0
        light = int(tint, 16) / 255 if tint else 1.0
    except ValueError:
        return None
    channels = []
    for i in (0, 2, 4):
        c = int(colour[i:i + 2], 16) * dark
        channels.append(round(c * light + 255 * (1 - light)))
    return "".join(f"{min(255, max(0, c)):02X}" for c in channels)


def _shading_of(el: Element) -> str | None:
    """The colour a w:shd paints: its fill, or its pattern colour for a solid pattern."""
    pattern = (el.get(VAL) or "").lower()
    if pattern == "solid":
        colour = hex_colour(el.get(W + "color"))
        if colour and colour != "auto":
            return colour
    if pattern == "nil":
        return "none"
    fill = hex_colour(el.get(W + "fill"))
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
    W + "lang": 9,
}


def _run_props(rpr: Element) -> tuple[str | None, _RunFormat | None]:
    """A w:rPr's character style (its first w:rStyle) and its format, None when it sets nothing.

    One pass over the children; of a property given twice the last counts, except that any
    specVanish/webHidden or caps/smallCaps that is on stays on.
    """
    rstyle: str | None = None
    styled = found = False
    vanish = spec = bold = caps = None
    colour = highlight = shading = lang = None
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
            vanish = is_on(child)
        elif prop == 2:
            spec = is_on(child) or bool(spec)
        elif prop == 3:
            colour = _colour_of(child)
        elif prop == 4:
            size = _half_points(child.get(VAL))
        elif prop == 5:
            highlight = HIGHLIGHTS.get((child.get(VAL) or "").lower(), "none")
        elif prop == 6:
            shading = _shading_of(child)
        elif prop == 7:
            bold = is_on(child)
        elif prop == 8:
            caps = is_on(child) or bool(caps)
        else:
            lang = child.get(VAL) or lang
    if not found:
        return rstyle, None
    return rstyle, _RunFormat(vanish, spec, colour, size, highlight, shading, bold, caps, lang)


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
            pbb = is_on(child)
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


class Styles:
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
        #: (hidden reason, bold, caps, w:lang) of a run: a novel has few distinct ones.
        self.looks: dict[tuple[str | None, str | None, str | None, str, _RunFormat | None],
                         tuple[HiddenReason | None, bool, bool, str | None]] = {}
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


def _too_close(fg: str, bg: str) -> bool:
    """Contrast under `legibility.MIN_CONTRAST` (the same threshold as CSS colours)."""
    return too_close(hex_rgb(fg), hex_rgb(bg))


# --- paragraphs -------------------------------------------------------------------------------


class Ctx:
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

    def _replace(self, **changes: Any) -> Ctx:
        values = {name: getattr(self, name) for name in self.__slots__}
        values.update(changes)
        return Ctx(**values)


class Para:
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
        "language",
        "notes",
        "numbered",
        "outline",
        "sect_pr",
        "title_style",
        "visible",
    )

    def __init__(self, ctx: Ctx) -> None:
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
        #: The w:lang (run, styles, document defaults) of most of its visible text.
        self.language: str | None = None


#: A piece of paragraph text: (text, why it is hidden or None, bold, caps).
_Piece = tuple[str, HiddenReason | None, bool, bool]


class _RunState:
    __slots__ = ("any_hidden", "background", "ctx", "lang", "lang_starts", "pieces", "pstyle", "seen_text")

    def __init__(self, pstyle: str | None, background: str, ctx: Ctx) -> None:
        self.pstyle = pstyle
        self.background = background
        self.ctx = ctx
        self.pieces: list[_Piece] = []
        self.seen_text = False
        #: Set when a run is hidden; False means every piece is visible.
        self.any_hidden = False
        #: The w:lang of the last run, and where each change of it starts (piece index, w:lang):
        #: most paragraphs are in one language, and keep no list.
        self.lang: str | None = None
        self.lang_starts: list[tuple[int, str | None]] | None = None

    def lang_change(self, at: int, lang: str | None) -> None:
        if self.lang_starts is None:
            if at == 0:  # no text yet: the paragraph's language so far
                self.lang = lang
                return
            self.lang_starts = [(0, self.lang)]
        self.lang_starts.append((at, lang))
        self.lang = lang

    def language(self) -> str | None:
        """The w:lang of most of the paragraph's visible text."""
        starts = self.lang_starts
        if starts is None:
            return self.lang
        pieces = self.pieces
        sizes: dict[str | None, int] = {}
        for (at, lang), (end, _) in zip(starts, [*starts[1:], (len(pieces), None)], strict=True):
            sizes[lang] = sizes.get(lang, 0) + sum(len(pc[0]) for pc in pieces[at:end] if pc[1] is None)
        return max(sizes.items(), key=lambda item: item[1])[0]


#: Run children other than w:t and w:rPr that `_run_content` acts on; the rest hold no text.
_RUN_SPECIAL = frozenset({TAB, PTAB, CR, BR, NB_HYPHEN, FLD_CHAR, DEL_TEXT, FOOTNOTE_REF,
                          ENDNOTE_REF, COMMENT_REF, ALT, RUBY})


class ParagraphReader:
    """Reads paragraphs of one part. Field state spans paragraphs (a TOC field does)."""

    def __init__(self, styles: Styles, page_colour: str) -> None:
        self.styles = styles
        self.page_colour = page_colour
        self.fields: list[bool] = []  # per open field: True while in its instruction

    # Block level ------------------------------------------------------------------------------

    def paragraphs(self, container: Element, ctx: Ctx) -> Iterator[tuple[Element, Ctx]]:
        """Paragraphs in reading order; a text box's paragraphs follow their anchor paragraph."""
        # Most parts have no text box: then no paragraph needs searching for one.
        boxes = next(container.iter(TXBX), None) is not None
        return self._paragraphs(container, ctx, boxes)

    def _paragraphs(self, container: Element, ctx: Ctx, boxes: bool) -> Iterator[tuple[Element, Ctx]]:
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

    def read(self, p: Element, ctx: Ctx) -> Para:
        para = Para(ctx)
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

    def _finish(self, state: _RunState, para: Para) -> None:
        pieces = state.pieces
        para.language = state.lang if state.lang_starts is None else state.language()
        if not state.any_hidden:
            # Every piece shows: the text is all of it, and nothing is hidden.
            text = pieces[0][0] if len(pieces) == 1 else "".join([pc[0] for pc in pieces])
            para.visible = para.all_text = collapse(text)
        else:
            self._finish_hidden(pieces, para)
        if len(para.visible) > HEADING_LINE_CHARS:
            return  # the heading look matters only for a line short enough to be a heading
        shown = [pc for pc in pieces if pc[1] is None and pc[0].strip()]
        para.bold = bool(shown) and all(pc[2] for pc in shown)
        letters = [ch for ch in para.visible if ch.isalpha()]
        para.caps = bool(shown) and (all(pc[3] for pc in shown) or (
            len(letters) > 2 and all(ch.isupper() for ch in letters)))

    @staticmethod
    def _finish_hidden(pieces: list[_Piece], para: Para) -> None:
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

    def _inline(self, el: Element | list[Element], st: _RunState, para: Para) -> None:
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

    def _deleted(self, el: Element, para: Para) -> None:
        text = collapse("".join(t.text or "" for t in el.iter(DEL_TEXT, T)))
        if text:
            para.deleted.append(text)

    def _run(self, r: Element, st: _RunState, para: Para) -> None:
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
            look = styles.looks[key] = (self._reason(fmt, st.background), bool(fmt.bold), bool(fmt.caps),
                                        fmt.lang)
        reason, bold, caps, lang = look
        if reason is not None:
            st.any_hidden = True
        if lang != st.lang:
            st.lang_change(len(st.pieces), lang)
        self._run_content(kids, st, para, reason, bold, caps)

    def _run_content(self, children: Iterable[Element], st: _RunState, para: Para,
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

    def _run_special(self, child: Element, tag: str, st: _RunState, para: Para,
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


# --- for the writer ------------------------------------------------------------------------------


def paragraph_elements(body: Element) -> list[Element]:
    """The paragraphs of a main part's body in reading order, as this reader numbers them
    (`Location.block` = index + 1): table cells, content controls and text boxes included."""
    walker = ParagraphReader(Styles(None), "FFFFFF")
    return [p for p, _ in walker.paragraphs(body, Ctx())]


class StyleSheet:
    """The style sheet as this reader resolves it (basedOn chains), for writers that add paragraphs."""

    def __init__(self, styles_root: Element | None) -> None:
        self._styles = Styles(styles_root)

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


def to_transitional(data: bytes) -> bytes:
    """A part's bytes with Strict namespaces replaced by the transitional ones."""
    for strict, transitional in _STRICT:
        if strict in data:
            data = data.replace(strict, transitional)
    return data
