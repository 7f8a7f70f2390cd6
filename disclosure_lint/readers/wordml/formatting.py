"""WordprocessingML formatting: what a run or paragraph looks like, and whether its text is seen.

Run and paragraph properties are resolved through direct formatting, the character and paragraph
style chains (``basedOn``), the table style and ``w:docDefaults`` (`Styles`). What makes text
unseen (`hidden_reason`): hidden marks (``w:vanish``, ``w:specVanish``, ``w:webHidden``), a colour
too close to its background (run highlight or shading, paragraph or cell shading, the page), type
too small to read. `StyleSheet` is the same resolution as a writer that adds paragraphs needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ...model import HiddenReason
from ..legibility import MIN_LEGIBLE_PT, hex_rgb, too_close
from .names import PPR, RPR, SECTPR, TYPE, VAL, W, first_children

if not TYPE_CHECKING:
    from ...records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

if TYPE_CHECKING:
    from lxml import etree

    Element = etree._Element

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
#: The size of type whose size no style nor default gives (§17.3.2.38: 10 pt), in half-points.
DEFAULT_HALF_POINTS = 20


class RunFormat(NamedTuple):
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
    scale: int | None = None  # w:w: the characters' width, in percent of their size (1-600)


class ParaFormat(NamedTuple):
    outline: int | None = None
    centred: bool | None = None
    page_break_before: bool | None = None
    shading: str | None = None


NO_PARA_FORMAT = ParaFormat()


def over(base: RunFormat, top: RunFormat) -> RunFormat:
    return RunFormat._make(t if t is not None else b for b, t in zip(base, top, strict=True))


def over_para(base: ParaFormat, top: ParaFormat) -> ParaFormat:
    # Field by field, not through a generator: this runs for every paragraph with direct formatting.
    outline, centred, pbb, shading = top
    return ParaFormat(
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


def shading_of(el: Element) -> str | None:
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


def _percent(value: str | None) -> int | None:
    """A w:w value: a whole percent ("33") or, in Strict documents, one with its sign ("33%")."""
    if not value:
        return None
    try:
        return max(1, min(600, round(float(value.strip().removesuffix("%")))))  # Word's range
    except (ValueError, OverflowError):  # not a number, "nan", "inf"
        return None


#: The run properties read, by element name: 0 is the character style, the rest set `RunFormat`.
_RUN_PROPS: dict[object, int] = {
    W + "rStyle": 0, W + "vanish": 1, W + "specVanish": 2, W + "webHidden": 2, W + "color": 3,
    W + "sz": 4, W + "highlight": 5, W + "shd": 6, W + "b": 7, W + "caps": 8, W + "smallCaps": 8,
    W + "lang": 9, W + "w": 10,
}


def run_props(rpr: Element) -> tuple[str | None, RunFormat | None]:
    """A w:rPr's character style (its first w:rStyle) and its format, None when it sets nothing.

    One pass over the children; of a property given twice the last counts, except that any
    specVanish/webHidden or caps/smallCaps that is on stays on.
    """
    rstyle: str | None = None
    styled = found = False
    vanish = spec = bold = caps = None
    colour = highlight = shading = lang = None
    size = scale = None
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
            shading = shading_of(child)
        elif prop == 7:
            bold = is_on(child)
        elif prop == 8:
            caps = is_on(child) or bool(caps)
        elif prop == 9:
            lang = child.get(VAL) or lang
        else:
            scale = _percent(child.get(VAL))
    if not found:
        return rstyle, None
    return rstyle, RunFormat(vanish, spec, colour, size, highlight, shading, bold, caps, lang, scale)


def _run_format(rpr: Element | None) -> RunFormat:
    if rpr is None:
        return RunFormat()
    return run_props(rpr)[1] or RunFormat()


#: The paragraph properties read, by element name: 0–2 are found (the first counts), the rest
#: set `ParaFormat` (the last counts).
_PARA_PROPS: dict[object, int] = {
    W + "pStyle": 0, W + "numPr": 1, SECTPR: 2, W + "outlineLvl": 3, W + "jc": 4,
    W + "pageBreakBefore": 5, W + "shd": 6,
}


def para_props(ppr: Element) -> tuple[Element | None, Element | None, Element | None, ParaFormat]:
    """A w:pPr's first w:pStyle, w:numPr and w:sectPr, and its format, in one pass.

    The format is `NO_PARA_FORMAT` itself when the w:pPr sets none of it.
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
            shading = shading_of(child)
    fmt = ParaFormat(outline, centred, pbb, shading) if formatted else NO_PARA_FORMAT
    return found[0], found[1], found[2], fmt


def _para_format(ppr: Element | None) -> ParaFormat:
    if ppr is None:
        return ParaFormat()
    return para_props(ppr)[3]


class _Style:
    __slots__ = ("based_on", "kind", "name", "para", "run", "sid")

    def __init__(self, sid: str, name: str, kind: str, based_on: str | None, run: RunFormat,
                 para: ParaFormat) -> None:
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
        self.defaults = RunFormat()
        self.language: str | None = None
        self.default_para: str | None = None
        self._run_cache: dict[tuple[str | None, str | None, str | None], RunFormat] = {}
        self._chain_cache: dict[str, list[_Style]] = {}
        self._para_cache: dict[str | None, tuple[ParaFormat, bool, bool]] = {}
        #: (paragraph style, character style, table style, background, direct format) →
        #: (hidden reason, bold, caps, w:lang) of a run: a novel has few distinct ones.
        self.looks: dict[tuple[str | None, str | None, str | None, str, RunFormat | None],
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
            name_el, based_el, rpr, ppr = first_children(st, *_STYLE_PARTS)
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

    def run_base(self, pstyle: str | None, rstyle: str | None, tstyle: str | None) -> RunFormat:
        """docDefaults < table style < paragraph style chain < character style chain."""
        key = (pstyle, rstyle, tstyle)
        cached = self._run_cache.get(key)
        if cached is not None:
            return cached
        fmt = self.defaults
        for sid in (tstyle, pstyle, rstyle):
            for st in self.chain(sid):
                fmt = over(fmt, st.run)
        self._run_cache[key] = fmt
        return fmt

    def para(self, pstyle: str | None) -> tuple[ParaFormat, bool, bool]:
        """A paragraph style's resolved properties, whether it is a heading, whether the Title.

        A style is a heading when it or an ancestor is a built-in heading or Title, by id or by
        name (built-in names are English whatever the UI language: "heading 1", "Title").
        """
        cached = self._para_cache.get(pstyle)
        if cached is not None:
            return cached
        fmt = ParaFormat()
        heading = title = False
        for st in self.chain(pstyle):
            fmt = over_para(fmt, st.para)
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


def hidden_reason(fmt: RunFormat, background: str) -> HiddenReason | None:
    """Why a run of this format on this background is not seen (None: it is)."""
    if fmt.vanish or fmt.spec_vanish:
        return HiddenReason.HIDDEN_FORMATTING
    if fmt.size is not None and fmt.size < MIN_LEGIBLE_HALF_POINTS:
        return HiddenReason.TINY_TEXT
    if fmt.scale is not None and fmt.scale * (fmt.size or DEFAULT_HALF_POINTS) < 100 * MIN_LEGIBLE_HALF_POINTS:
        # Squeezed by w:w to less than the legibility floor wide (12 pt type at under 33%): a
        # column of strokes no reader reads, however tall.
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
