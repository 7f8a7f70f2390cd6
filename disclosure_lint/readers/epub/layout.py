"""Boxes on a page: text set in separately placed boxes, read as the page shows it.

A fixed-layout book (EPUB 3 ``rendition:layout`` ``pre-paginated``: picture books, comics) sets
each word or line in its own box, placed with ``position: absolute`` (or ``fixed``) and
``left``/``top``, or moved with ``transform``, through inline styles or classes; an SVG page
places each ``<text>`` at its ``x``/``y``. No space stands between the boxes in the markup
(``<span ...>The</span><span ...>author</span>``): the page shows the words apart, so the walk
reads a space between boxes. ``display: block`` (and ``inline-block`` between two such boxes)
is a box too. The lines are read in the document's order, or where a page's boxes are out of
order, by their place on the page: top to bottom, left to right (`reading_order`).

Reflowable documents: only SVG text and boxes placed by an inline ``style`` count (a novel's
style sheets place nothing this way, and reading them for it would cost every book); the boxes
of a document are looked at from its first ``<svg>`` or such style on (`starts_boxes`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

from lxml import etree

from ..css import RuleIndex, load_tinycss2, local_name

if not TYPE_CHECKING:
    from ...records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

SVG_NS = "http://www.w3.org/2000/svg"

#: A box out of the flow (absolute/fixed position, or moved by a transform): always apart.
PLACED = "placed"
#: A block box: a line of its own.
BLOCK = "block"
#: An inline-block box: apart from another box next to it (a drop cap stays with its word).
INLINE_BLOCK = "inline-block"

#: The CSS words without which a style declares no box (`css_may_place`).
_PLACE_WORDS = ("position", "display", "transform", "@import")
_PLACE_WORDS_BYTES = tuple(word.encode("ascii") for word in _PLACE_WORDS)
#: Lines whose tops are this close (CSS px) are one line (words of one line differ by a pixel).
LINE_TOLERANCE_PX = 8.0
_ABSOLUTE = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4,
             "q": 96 / 101.6, "em": 16.0, "rem": 16.0}
_INLINE_DISPLAYS = frozenset({"inline-block", "inline-flex", "inline-grid", "inline-table"})
_SVG_TEXT = f"{{{SVG_NS}}}text"
_SVG_TSPAN = f"{{{SVG_NS}}}tspan"


class Box(NamedTuple):
    """A separately laid out box: its kind, and its place on the page when known (CSS px)."""

    kind: str
    x: float | None = None
    y: float | None = None


def css_may_place(css: str | bytes) -> bool:
    """False when CSS certainly declares no box (as `css.css_may_hide` for hiding)."""
    if isinstance(css, bytes):
        if b"\\" in css or b"\x00" in css:
            return True
        low = css.lower()
        return any(word in low for word in _PLACE_WORDS_BYTES)
    if "\\" in css:
        return True
    text = css.lower()
    return any(word in text for word in _PLACE_WORDS)


def starts_boxes(name: str, el: etree._Element) -> bool:
    """Whether a reflowable document's boxes start to matter at this element: an ``<svg>``, or an
    inline style that may declare a box (asked of each element until one does: cheaper than a
    scan of the document's bytes, since a chapter has a few elements a paragraph)."""
    if name == "svg":
        return True
    inline = el.get("style")
    return inline is not None and css_may_place(inline)


def box_declarations(content: Any) -> tuple[tuple[str, Any, bool], ...]:
    """The declarations that make or place a box: ``position``, ``display``, ``left``, ``top``,
    ``transform``, with their values read (`content`: a rule's block, or a ``style`` attribute)."""
    if not content or (isinstance(content, str) and not css_may_place(content)):
        return ()
    out: list[tuple[str, Any, bool]] = []
    for decl in load_tinycss2().parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if decl.type != "declaration":
            continue
        name = decl.lower_name
        tokens = [t for t in decl.value if t.type not in ("whitespace", "comment")]
        if not tokens:
            continue
        first = tokens[0]
        value: Any = None
        if name in ("position", "display"):
            value = first.lower_value if first.type == "ident" else None
        elif name in ("left", "top"):
            value = _length(first)
        elif name == "transform":
            value = _translation(tokens)
        if value is not None:
            out.append((name, value, bool(decl.important)))
    return tuple(out)


def _length(token: Any) -> float | None:
    if token.type == "number" and token.value == 0:
        return 0.0
    if token.type == "dimension" and token.lower_unit in _ABSOLUTE:
        return float(token.value * _ABSOLUTE[token.lower_unit])
    if token.type == "percentage":
        return float(token.value) * 10  # of a page taken as 1,000 px: for order only
    return None


def _translation(tokens: list[Any]) -> tuple[float, float] | str:
    """How far a ``transform`` moves a box ((x, y) in px), "none", or (0, 0) when unknown."""
    if len(tokens) == 1 and tokens[0].type == "ident":
        return "none" if tokens[0].lower_value == "none" else (0.0, 0.0)
    x = y = 0.0
    for token in tokens:
        if token.type != "function":
            continue
        args = [t for t in token.arguments if t.type not in ("whitespace", "comment", "literal")]
        values = [_length(t) if t.type != "number" else float(t.value) for t in args]
        fn = token.lower_name
        if fn in ("translate", "translate3d") and values:
            x += values[0] or 0.0
            y += (values[1] or 0.0) if len(values) > 1 else 0.0
        elif fn == "translatex" and values:
            x += values[0] or 0.0
        elif fn == "translatey" and values:
            y += values[0] or 0.0
        elif fn == "matrix" and len(values) == 6:
            x += values[4] or 0.0
            y += values[5] or 0.0
    return (x, y)


def _number(value: str | None) -> float | None:
    if not value:
        return None
    match = re.match(r"\s*(-?\d+(?:\.\d+)?)", value)
    return float(match.group(1)) if match else None


class Boxes:
    """The boxes of one document: through its style sheets' layout rules in a fixed-layout
    document, through inline styles only in a reflowable one."""

    def __init__(self, rules: RuleIndex, *, fixed: bool) -> None:
        self.rules = rules
        #: A fixed page: its lines may be put in order by place, its inline-blocks are apart.
        self.fixed = fixed
        self._found: dict[etree._Element, Box | None] = {}

    def box(self, el: etree._Element) -> Box | None:
        """The box an element makes, or None for inline text."""
        if el in self._found:
            return self._found[el]
        found = self._box(el)
        self._found[el] = found
        return found

    def _box(self, el: etree._Element) -> Box | None:
        tag = el.tag
        if tag == _SVG_TEXT or (tag == _SVG_TSPAN and (el.get("x") or el.get("y") or el.get("dy"))):
            # SVG text is placed by its x/y: each <text>, and a <tspan> placed anew, is a line.
            return Box(PLACED, _number(el.get("x")), _number(el.get("y")))
        decls: dict[str, tuple[tuple[Any, ...], Any]] = {} if self.rules.empty else self.rules.cascade(el)
        inline = el.get("style")
        if inline and css_may_place(inline):
            for prop, value, important in box_declarations(inline):
                key = (important, 1, (0, 0, 0), 0)
                if prop not in decls or key > decls[prop][0]:
                    decls[prop] = (key, value)
        if not decls:
            return None
        get = {prop: value for prop, (_, value) in decls.items()}.get
        position, display, transform = get("position"), get("display"), get("transform")
        moved = isinstance(transform, tuple)
        if position in ("absolute", "fixed") or (moved and self.fixed):
            left, top = get("left"), get("top")
            dx, dy = transform if isinstance(transform, tuple) else (0.0, 0.0)
            x = (left if isinstance(left, float) else 0.0 if moved else None)
            y = (top if isinstance(top, float) else 0.0 if moved else None)
            return Box(PLACED, None if x is None else x + dx, None if y is None else y + dy)
        if display in (None, "inline", "contents", "none"):
            return None
        if display in _INLINE_DISPLAYS:
            return Box(INLINE_BLOCK) if self.fixed else None
        return Box(BLOCK)

    def reading_order(self, el: etree._Element) -> list[etree._Element] | None:
        """The children of `el` in the order a reader reads them, when its placed boxes stand out of
        order on the page (top to bottom, then left to right within a line); None when the
        document's order is the page's."""
        children = list(el)
        placed: list[tuple[int, Box]] = []
        for i, child in enumerate(children):
            if isinstance(child.tag, str):
                box = self.box(child)
                if box is not None and box.kind == PLACED and box.y is not None:
                    placed.append((i, box))
        if len(placed) < 2:
            return None
        by_top = sorted(placed, key=lambda item: (item[1].y, item[0]))
        lines: list[list[tuple[int, Box]]] = []
        for item in by_top:
            if lines and item[1].y is not None and lines[-1][0][1].y is not None and (
                    item[1].y - lines[-1][0][1].y <= LINE_TOLERANCE_PX):
                lines[-1].append(item)
            else:
                lines.append([item])
        order = [i for line in lines
                 for i, _ in sorted(line, key=lambda item: (item[1].x if item[1].x is not None else 0.0, item[0]))]
        slots = [i for i, _ in placed]
        if order == slots:
            return None
        out = list(children)
        for slot, index in zip(slots, order, strict=True):
            out[slot] = children[index]
        return out


def is_svg(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and el.tag.startswith(f"{{{SVG_NS}}}")


def has_picture(body: etree._Element) -> bool:
    """Whether a page shows a picture (an ``img``, an SVG ``image``): text set over it has no
    known background."""
    for el in body.iter(etree.Element):
        name = local_name(el)
        if name == "img" or (name == "image" and is_svg(el)):
            return True
    return False
