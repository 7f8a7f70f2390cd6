"""What CSS does to make text unseen, and the style an element's text inherits: shared by the
EPUB reader (with the book's style sheets, through `css`) and the Markdown reader (inline
``style`` attributes of raw HTML).

Text is unseen when, as a reading system renders the book:

- ``display: none``, ``visibility: hidden``/``collapse`` (a descendant may show again with
  ``visibility: visible``), or ``opacity`` that leaves it at 5% or less (opacity multiplies down
  the tree: 0.2 inside 0.2 is 0.04);
- its colour is too close to what is behind it (`legibility.MIN_CONTRAST`): the nearest
  background an ancestor-or-self sets (``background-color``, or the colour of ``background``),
  else the white page; ``color`` and ``-webkit-text-fill-color`` are inherited, an ``rgba``/``hsla``
  alpha or an ancestor's opacity blends the text into its background, ``transparent`` is alpha 0.
  A background image or gradient, a ``var()`` or a colour this module cannot read (``lab()``)
  makes the colours unknown, and unknown colours hide nothing; so does a ``text-shadow`` that
  stands out from the background (white text with a black shadow is read);
- it is smaller than `legibility.MIN_LEGIBLE_PT` (``font-size: 0``, ``1px``, ``0.1em``; an
  absolute size in a descendant shows its text again), or scaled down to that by a transform
  (``transform: scale(0)``, ``scaleX(0.05)``, ``matrix(...)``, the ``scale`` property, ``zoom``:
  the smaller of the two axes counts; scales multiply down the tree, and no descendant's
  font-size undoes them);
- it is moved `legibility.OFF_PAGE_PX` or further off the page: ``text-indent: -9999px`` on a
  block (the first line moves; a line longer than the indent would show its end), ``left`` or
  ``right`` of a positioned element (``position`` other than ``static``), ``top`` of an absolutely
  positioned or fixed one, a ``transform`` that translates it left or up (``translateX(-9999px)``,
  ``translate(0, -999em)``) or the ``translate`` property, on any element;
- it is clipped to nothing: a block with ``width``/``height`` (or ``max-``) of 0 or under the
  legibility floor and ``overflow: hidden`` or ``clip``; ``clip: rect(...)`` of no area on an
  absolutely positioned element; ``clip-path: inset(50%)`` (or more), ``circle(0)``.

SVG's presentation attributes (``fill``, ``opacity``, ``fill-opacity``, ``display``,
``visibility``) are declarations under every style rule, as ``<font color>`` is
(`svg_presentation`): the ``fill`` of SVG text is its colour, and a rectangle drawn first over a
whole ``<svg>`` is the background behind its text.

Each reason has a writer's words (`Hiding`: "white text", "text moved off the page" ...), which
``disclosure-hidden`` quotes. Only the declarations that can change one of these are kept
(`hiding_declarations`), so a book's typography costs nothing; a value this module cannot read
is kept as unknown where it could show text that would otherwise be hidden, never the reverse.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from ..model import HiddenReason
from .legibility import BLACK, MIN_LEGIBLE_PX, OFF_PAGE_PX, RGB, WHITE, blend, too_close

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)


class Hiding(NamedTuple):
    """Why a reader does not see some text: the reason, and a writer's words for it."""

    reason: HiddenReason
    where: str


HIDDEN_ATTRIBUTE = Hiding(HiddenReason.HIDDEN_ATTRIBUTE, "an element with the hidden attribute")
HIDDEN_BY_CSS = Hiding(HiddenReason.CSS_HIDDEN, "an element hidden by CSS")
TRANSPARENT = Hiding(HiddenReason.CSS_HIDDEN, "transparent text")
OFF_PAGE = Hiding(HiddenReason.CSS_HIDDEN, "text moved off the page")
CLIPPED = Hiding(HiddenReason.CSS_HIDDEN, "text clipped out of sight")
NO_SIZE = Hiding(HiddenReason.TINY_TEXT, "text the size of nothing")
TINY = Hiding(HiddenReason.TINY_TEXT, "text under 4 points high")
WHITE_TEXT = Hiding(HiddenReason.INVISIBLE_COLOUR, "white text")
LIKE_BACKGROUND = Hiding(HiddenReason.INVISIBLE_COLOUR, "text coloured like its background")
TRANSPARENT_COLOUR = Hiding(HiddenReason.INVISIBLE_COLOUR, "transparent text")

#: Properties that hide only with a value of their own kind somewhere (an off-page indent, a
#: clipping box): the family each belongs to. A family with no hiding value in a document's
#: rules, nor its word in the document's inline styles (`FAMILY_WORDS`), cannot hide there, and
#: its declarations are dropped from the document's rules (`css.prune`): ``p { text-indent: 1em }``
#: would otherwise be matched against every paragraph of a novel.
FAMILIES: dict[str, tuple[str, ...]] = {
    "text-indent": ("indent",), "left": ("offset",), "right": ("offset",), "top": ("offset",),
    "position": ("offset", "clip"), "width": ("box",), "height": ("box",), "max-width": ("box",),
    "max-height": ("box",), "overflow-x": ("box",), "overflow-y": ("box",), "clip": ("clip",),
    "clip-path": ("clip",),
}
FAMILY_WORDS = {"indent": b"text-indent", "offset": b"position", "box": b"overflow", "clip": b"clip"}


def live_families(declared: Iterator[tuple[str, Any]]) -> set[str]:
    """The families of `FAMILIES` that these (property, value) pairs can hide text with."""
    live: set[str] = set()
    sized = clipping = False
    for prop, value in declared:
        if value is True:
            if prop in ("width", "height", "max-width", "max-height"):
                sized = True
            elif prop in ("overflow-x", "overflow-y"):
                clipping = True
            elif prop in FAMILIES:
                live.update(FAMILIES[prop][:1])
    if sized and clipping:
        live.add("box")
    return live


#: HTML elements that are blocks in a reading system's own style sheet (text-indent and a height
#: apply to them; the EPUB reader makes a block of text of each).
BLOCK_ELEMENTS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})

#: Opacity (multiplied down the tree) at or under which an element and its text are unseen.
MAX_HIDING_OPACITY = 0.05

#: A colour with alpha: red, green, blue 0-255, alpha 0-1.
RGBA = tuple[float, float, float, float]
#: Declared values that are not colours.
CURRENT = "currentcolor"  # the element's own `color`
INHERIT = "inherit"
UNKNOWN = "unknown"  # a value that cannot be read here: nothing is hidden on its account

#: The properties this module reads (shorthands expand to the longhands listed with them).
HIDING_PROPERTIES = frozenset({
    "opacity", "color", "-webkit-text-fill-color", "background", "background-color",
    "background-image", "text-shadow", "text-indent", "position", "left", "top", "right",
    "width", "height", "max-width", "max-height", "overflow", "overflow-x", "overflow-y", "clip",
    "clip-path", "transform", "scale", "zoom", "translate",
})
#: Words without which a style sheet declares none of `HIDING_PROPERTIES` that can hide (a negative
#: offset is found by `css.css_may_hide` from its minus sign).
HIDING_WORDS = ("color", "background", "opacity", "overflow", "clip", "text-shadow", "transform", "scale", "zoom", "translate")

_ABSOLUTE = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4,
             "q": 96 / 101.6}
#: Font-relative units, at the reading system's default size (16 px).
_RELATIVE = {"em": 16.0, "rem": 16.0, "ex": 8.0, "ch": 8.0, "cap": 11.2, "ic": 16.0, "lh": 19.2}


def hiding_declarations(prop: str, tokens: list[Any]) -> Iterator[tuple[str, Any]]:
    """The (longhand, value) pairs a declaration of one of `HIDING_PROPERTIES` gives (nothing for a
    value that cannot matter)."""
    if not tokens:
        return
    first = tokens[0]
    keyword = first.lower_value if first.type == "ident" and len(tokens) == 1 else None
    if prop == "opacity":
        if first.type in ("number", "percentage"):
            yield prop, max(0.0, min(1.0, first.value / (100 if first.type == "percentage" else 1)))
    elif prop in ("color", "-webkit-text-fill-color"):
        if keyword in ("inherit", "unset"):
            yield prop, INHERIT
        elif keyword == "initial":
            yield prop, CURRENT if prop != "color" else (*BLACK, 1.0)
        else:
            yield prop, _colour(tokens)
    elif prop == "background-color":
        yield prop, _background_colour(tokens, keyword)
    elif prop == "background-image":
        yield prop, "none" if keyword in ("none", "initial", "unset", "inherit") else UNKNOWN
    elif prop == "background":
        yield from _background(tokens, keyword)
    elif prop == "text-shadow":
        yield prop, _shadows(tokens, keyword)
    elif prop == "text-indent":
        if first.type == "percentage":
            yield prop, first.value <= -100  # a whole page's width to the left
        else:
            px = _length(first)
            yield prop, px is not None and px <= -OFF_PAGE_PX
    elif prop in ("left", "top", "right"):
        px = _length(first)
        yield prop, px is not None and px <= -OFF_PAGE_PX
    elif prop == "position":
        if keyword in ("static", "relative", "absolute", "fixed", "sticky"):
            yield prop, keyword
        elif keyword in ("initial", "unset"):
            yield prop, "static"
    elif prop in ("width", "height", "max-width", "max-height"):
        px = _length(first)
        yield prop, px is not None and px < MIN_LEGIBLE_PX
    elif prop in ("overflow-x", "overflow-y"):
        yield prop, _clips(first)
    elif prop == "overflow":  # one value for both axes, or two: x then y
        yield "overflow-x", _clips(first)
        yield "overflow-y", _clips(tokens[1] if len(tokens) > 1 else first)
    elif prop == "clip":
        yield prop, first.type == "function" and first.lower_name == "rect" and _no_area(first.arguments)
    elif prop == "clip-path":
        yield prop, first.type == "function" and _clips_all(first)
    elif prop in ("transform", "scale", "zoom"):
        yield prop, _scale(prop, tokens)
        if prop == "transform":
            yield "translate-off", _translated_off(tokens)
    elif prop == "translate":
        yield "translate-off", _moved_off(tokens)


def _translated_off(tokens: list[Any]) -> bool:
    """Does a ``transform`` move the element `OFF_PAGE_PX` or more left or up (``translateX(-9999px)``,
    ``translate(-999em, 0)``, ``translate3d(0, -9999px, 0)``)? A value not read moves nothing."""
    for token in tokens:
        if token.type != "function":
            return False
        name = token.lower_name
        if name in ("translate", "translate3d"):
            if _moved_off([t for t in token.arguments if t.type not in ("whitespace", "comment", "literal")][:2]):
                return True
        elif name in ("translatex", "translatey"):
            px = _length(next((t for t in token.arguments if t.type not in ("whitespace", "comment")), token))
            if px is not None and px <= -OFF_PAGE_PX:
                return True
    return False


def _moved_off(values: list[Any]) -> bool:
    """Do these lengths (x, then y) move an element `OFF_PAGE_PX` or more left or up?"""
    for token in values[:2]:
        px = _length(token)
        if px is not None and px <= -OFF_PAGE_PX:
            return True
    return False


def _scale(prop: str, tokens: list[Any]) -> float:
    """How much a ``transform``, ``scale`` or ``zoom`` value shrinks text: the smaller of its two
    axes' factors (1.0 for a value that does not shrink it, or that this module cannot read: an
    unread value shows text, never hides it)."""
    factor = 1.0
    if prop == "transform":
        for token in tokens:
            if token.type != "function":
                return 1.0  # none, initial, a var() ...: nothing read
            numbers = _numbers(token.arguments)
            name = token.lower_name
            if numbers is None:
                if name.startswith(("scale", "matrix")):
                    return 1.0
                continue  # rotate(), translate(), skew() ... keep the size
            if name in ("scale", "scale3d") and numbers:
                x = numbers[0]
                y = numbers[1] if len(numbers) > 1 else x
                factor *= min(abs(x), abs(y))
            elif name in ("scalex", "scaley") and len(numbers) == 1:
                factor *= abs(numbers[0])
            elif name == "matrix" and len(numbers) == 6:
                a, b, c, d = numbers[:4]
                factor *= min((a * a + b * b) ** 0.5, (c * c + d * d) ** 0.5)
            elif name.startswith(("scale", "matrix")):
                return 1.0  # matrix3d(), a malformed scale: not read
        return factor
    numbers = _numbers(tokens)
    if not numbers:
        return 1.0  # none, normal, initial ...
    if prop == "zoom":
        return abs(numbers[0]) if len(numbers) == 1 else 1.0
    x = numbers[0]
    y = numbers[1] if len(numbers) > 1 else x
    return min(abs(x), abs(y))


def _numbers(tokens: list[Any]) -> list[float] | None:
    """The numbers (a percentage as a fraction) among commas and spaces; None if anything else."""
    out: list[float] = []
    for token in tokens:
        if token.type in ("whitespace", "comment") or (token.type == "literal" and token.value == ","):
            continue
        if token.type == "number":
            out.append(float(token.value))
        elif token.type == "percentage":
            out.append(float(token.value) / 100)
        else:
            return None
    return out


def _clips(token: Any) -> bool:
    return token.type == "ident" and token.lower_value in ("hidden", "clip")


def _length(token: Any) -> float | None:
    """A length in CSS px, or None (a percentage, a keyword, calc())."""
    if token.type == "number" and token.value == 0:
        return 0.0
    if token.type == "dimension":
        unit = token.lower_unit
        if unit in _ABSOLUTE:
            return float(token.value * _ABSOLUTE[unit])
        if unit in _RELATIVE:
            return float(token.value * _RELATIVE[unit])
    return None


def _no_area(arguments: list[Any]) -> bool:
    """``rect(top right bottom left)`` (commas optional) that leaves no readable area."""
    values = [t for t in arguments if t.type not in ("whitespace", "comment", "literal")]
    if len(values) != 4:
        return False
    top, right, bottom, left = (_length(t) for t in values)  # `auto` (None): the element's edge
    tall = top is None or bottom is None or bottom - top >= MIN_LEGIBLE_PX
    wide = left is None or right is None or right - left >= MIN_LEGIBLE_PX
    return not (tall and wide)


def _clips_all(function: Any) -> bool:
    """``inset()`` of half the box or more from two opposite sides, ``circle(0)``, ``ellipse(0 0)``."""
    values = [t for t in function.arguments if t.type not in ("whitespace", "comment")]
    if function.lower_name in ("circle", "ellipse"):
        radii = [t for t in values if not (t.type == "ident" and t.lower_value == "at")][:2]
        sizes = [_length(t) if t.type != "percentage" else t.value for t in radii
                 if t.type in ("number", "dimension", "percentage")]
        return bool(sizes) and any(s is not None and s <= 0 for s in sizes)
    if function.lower_name != "inset":
        return False
    sides: list[float] = []
    for token in values:
        if token.type == "ident" and token.lower_value == "round":
            break
        if token.type != "percentage":
            return False
        sides.append(token.value)
    if not 1 <= len(sides) <= 4:
        return False
    # One to four values, as for margins: top, right, bottom, left.
    top = sides[0]
    right = sides[1] if len(sides) > 1 else top
    bottom = sides[2] if len(sides) > 2 else top
    left = sides[3] if len(sides) > 3 else right
    return top + bottom >= 100 or left + right >= 100


def _colour(tokens: list[Any]) -> RGBA | str:
    colour = parse_colour(tokens[0]) if len(tokens) == 1 else None
    return UNKNOWN if colour is None else colour


def _background_colour(tokens: list[Any], keyword: str | None) -> RGBA | str:
    if keyword in ("inherit", "unset", "initial"):
        return (*WHITE, 0.0)  # the parent's background, already behind this element
    return _colour(tokens)


def _background(tokens: list[Any], keyword: str | None) -> Iterator[tuple[str, Any]]:
    """``background``: its colour (transparent when it names none) and whether it has an image."""
    if keyword in ("inherit", "unset", "initial", "none"):
        yield "background-color", (*WHITE, 0.0)
        yield "background-image", "none"
        return
    colour: RGBA | str = (*WHITE, 0.0)
    image = "none"
    for token in tokens:
        if token.type == "url" or (token.type == "function" and (
                token.lower_name == "url" or "gradient" in token.lower_name or token.lower_name in (
                    "image-set", "-webkit-image-set", "cross-fade", "element", "var", "env"))):
            image = UNKNOWN
        elif token.type in ("hash", "function") or (token.type == "ident" and token.lower_value not in _LAYOUT):
            found = parse_colour(token)
            if found is not None and not isinstance(found, str):
                colour = found
            elif token.type == "function" or token.type == "hash":
                colour = UNKNOWN
    yield "background-color", colour
    yield "background-image", image


#: Keywords of ``background`` other than colours.
_LAYOUT = frozenset({
    "none", "repeat", "repeat-x", "repeat-y", "no-repeat", "space", "round", "scroll", "fixed", "local",
    "left", "right", "top", "bottom", "center", "cover", "contain", "auto", "border-box", "padding-box",
    "content-box", "text",
})


def _shadows(tokens: list[Any], keyword: str | None) -> tuple[RGBA | str, ...] | str:
    if keyword in ("none", "initial", "unset"):
        return ()
    if keyword == "inherit":
        return INHERIT
    out: list[RGBA | str] = []
    colour: RGBA | str = CURRENT
    for token in [*tokens, None]:
        if token is None or (token.type == "literal" and token.value == ","):
            out.append(colour)
            colour = CURRENT
        elif token.type in ("hash", "function", "ident"):
            found = parse_colour(token)
            colour = UNKNOWN if found is None else found
    return tuple(out)


#: Elements whose colour attributes are presentational hints (HTML, "Rendering", §15.3):
#: ``<font color>``, and ``bgcolor`` on the body and tables.
HINTED_ELEMENTS = frozenset({"font", "body", "table", "tr", "td", "th"})


def html_colours(tag: str, attribute: Any) -> list[tuple[str, Any]]:
    """The declarations an element's colour attributes stand for (`HINTED_ELEMENTS`), under every
    style rule; `attribute` gets an attribute's value by name. Hex without "#" is read as
    browsers read it."""
    out: list[tuple[str, Any]] = []
    for name, prop in (("color", "color"), ("bgcolor", "background-color")):
        value = attribute(name) if name != "color" or tag == "font" else None
        if not value or not value.strip():
            continue
        value = value.strip()
        if len(value) in (3, 6) and all(c in "0123456789abcdefABCDEF" for c in value):
            value = "#" + value
        import tinycss2

        tokens = [t for t in tinycss2.parse_component_value_list(value) if t.type not in ("whitespace", "comment")]
        out.append((prop, _colour(tokens) if tokens else UNKNOWN))
    return out


SVG_NS = "http://www.w3.org/2000/svg"
#: SVG elements whose presentation attributes can hide the text in them (SVG 2, "Styling",
#: §6.6: presentation attributes are declarations under every style rule).
SVG_PAINTED = frozenset(f"{{{SVG_NS}}}{name}" for name in (
    "svg", "g", "text", "tspan", "textPath", "a", "switch", "symbol", "use"))
_SVG_HIDING = ("fill", "fill-opacity", "opacity", "display", "visibility", "style")


def svg_presentation(tag: str, attribute: Any, children: Any = ()) -> list[tuple[str, Any]]:
    """The declarations an SVG element's presentation attributes (and the ``fill`` of its
    ``style``) stand for, as this module reads them: the ``fill`` of text is its colour (``none``:
    transparent), ``opacity`` and ``fill-opacity`` fade it, ``display="none"`` and
    ``visibility="hidden"`` hide it. An ``<svg>`` whose first shape is a rectangle covering it
    has that rectangle's fill behind its text (`children`: its child elements)."""
    out: list[tuple[str, Any]] = []
    values = {name: attribute(name) for name in _SVG_HIDING if attribute(name) is not None}
    style = values.pop("style", None)
    if style and "fill" in style:
        for declaration in style.split(";"):
            prop, _, value = declaration.partition(":")
            if prop.strip().lower() in ("fill", "fill-opacity"):
                values[prop.strip().lower()] = value.replace("!important", "")
    fill = values.get("fill")
    if fill is not None:
        out.append(("color", _svg_paint(fill)))
    for name in ("opacity", "fill-opacity"):
        amount = _svg_number(values.get(name))
        if amount is not None:
            out.append(("opacity", max(0.0, min(1.0, amount))))
    display = (values.get("display") or "").strip().lower()
    if display == "none":
        out.append(("display", "none"))
    visibility = (values.get("visibility") or "").strip().lower()
    if visibility in ("hidden", "collapse", "visible"):
        out.append(("visibility", "visible" if visibility == "visible" else "hidden"))
    if tag == f"{{{SVG_NS}}}svg":
        backdrop = _svg_backdrop(children)
        if backdrop is not None:
            out.append(("background-color", backdrop))
    return out


def _svg_paint(value: str) -> RGBA | str:
    value = value.strip()
    if value.lower() == "none":
        return (*BLACK, 0.0)
    if value.lower() in ("inherit", "currentcolor"):
        return INHERIT if value.lower() == "inherit" else CURRENT
    import tinycss2

    tokens = [t for t in tinycss2.parse_component_value_list(value) if t.type not in ("whitespace", "comment")]
    return _colour(tokens) if len(tokens) == 1 else UNKNOWN


def _svg_number(value: str | None) -> float | None:
    if value is None:
        return None
    text = value.strip()
    try:
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        return None


def _svg_backdrop(children: Any) -> RGBA | str | None:
    """The fill of a rectangle drawn first over the whole of an ``<svg>`` (its background)."""
    for child in children:
        if not isinstance(child.tag, str):
            continue
        if child.tag != f"{{{SVG_NS}}}rect":
            return None  # anything else drawn first: the background is not one colour
        whole = all((child.get(name) or "").strip() == "100%" for name in ("width", "height"))
        fill = child.get("fill")
        if not whole or fill is None:
            return None
        return _svg_paint(fill)
    return None


def parse_colour(token: Any) -> RGBA | str | None:
    """A colour token as RGBA, `CURRENT`, or None when it is not a colour this module can read.

    tinycss2's CSS Color Level 4 parser reads ``rgb(255 255 255 / 0)``, ``hsl()``, ``#rgba`` and
    the named colours; tinycss2 before 1.3 has only Level 3 (the comma forms).
    """
    try:
        from tinycss2 import color4
    except ImportError:  # tinycss2 < 1.3
        from tinycss2 import color3

        old = color3.parse_color(token)
        if old is None or isinstance(old, str):
            return CURRENT if old is not None else None
        return (old.red * 255, old.green * 255, old.blue * 255, float(old.alpha))
    found = color4.parse_color(token)
    if found is None:
        return None
    if isinstance(found, str):
        return CURRENT
    try:
        srgb = found.to("srgb")
    except (NotImplementedError, ValueError, TypeError):
        return None
    red, green, blue = (max(0.0, min(1.0, c if c == c else 0.0)) * 255 for c in srgb.coordinates)
    return (red, green, blue, float(srgb.alpha if srgb.alpha == srgb.alpha else 1.0))


# ---------------------------------------------------------------------------------------------
# The computed style


_BLACK_TEXT: RGBA = (*BLACK, 1.0)


class Look:
    """What an element's text inherits that decides whether it is seen. `derive` makes a child's;
    a reader may subclass it to carry its own inherited state (see `readers.epub.style`)."""

    __slots__ = ("backdrop", "fg", "fill", "font_px", "gone", "indent_off", "invisible", "opacity",
                 "page", "scale", "shadow", "why")

    def __init__(self) -> None:
        #: Sticky hiding (hidden attribute, display:none, opacity, off the page, clipped): no
        #: descendant can undo it.
        self.gone: Hiding | None = None
        #: visibility:hidden — a descendant with visibility:visible shows again.
        self.invisible = False
        self.font_px = 16.0
        #: What transforms (and zoom) above and on the element shrink its text by.
        self.scale = 1.0
        #: The text colour (None: unknown), and the fill that paints over it (None: the colour).
        self.fg: RGBA | None = _BLACK_TEXT
        self.fill: RGBA | str | None = None
        #: What shows behind the text (None: unknown, an image); `page`: the reading system's page.
        self.backdrop: RGB | None = WHITE
        self.page = True
        self.opacity = 1.0
        #: Text-shadow colours (`CURRENT` for the text's own), or None when unknown.
        self.shadow: tuple[RGBA | str, ...] | None = ()
        #: text-indent moves the first line of text off the page.
        self.indent_off = False
        #: `reason()`, kept once the look is complete.
        self.why: Hiding | None = None

    def copy_into(self, other: Look) -> None:
        other.gone, other.invisible, other.font_px = self.gone, self.invisible, self.font_px
        other.fg, other.fill, other.backdrop, other.page = self.fg, self.fill, self.backdrop, self.page
        other.opacity, other.shadow, other.indent_off = self.opacity, self.shadow, self.indent_off
        other.scale, other.why = self.scale, self.why

    def apply(self, parent: Look, decls: Mapping[str, Any], block: bool) -> None:
        """Make this look (a copy of `parent`'s) an element's with these declared values.

        `decls` maps a property to its cascaded value as `css.declarations` reads it; `block`
        says whether the element is a block (text-indent and a height apply to blocks only).
        """
        get = decls.get
        display = get("display")
        if display is not None:
            if display == "none":
                self.gone = self.gone or HIDDEN_BY_CSS
            block = display == "block"
        visibility = get("visibility")
        if visibility == "hidden":
            self.invisible = True
        elif visibility == "visible":
            self.invisible = False
        size = get("font-size")
        if isinstance(size, tuple):
            unit, amount = size
            self.font_px = amount if unit == "px" else parent.font_px * amount
        for prop in ("transform", "scale", "zoom"):
            factor = get(prop)
            if factor is not None and factor != 1:
                self.scale = self.scale * factor  # the parent's, copied, times the element's own
        opacity = get("opacity")
        if opacity is not None:
            self.opacity = parent.opacity * opacity
            if self.opacity <= MAX_HIDING_OPACITY:
                self.gone = self.gone or TRANSPARENT
        self._colours(parent, get)
        if block and "text-indent" in decls:
            self.indent_off = bool(get("text-indent"))
        if self.gone is None and get("translate-off"):
            self.gone = OFF_PAGE  # a transform moves the box and all it holds, whatever its position
        if self.gone is None:
            position = get("position", "static")
            # left/right move any positioned box sideways off the page; top moves a relative
            # box only above its own place, an absolute or fixed one above the page.
            fixed = position in ("absolute", "fixed")
            if position != "static" and (get("left") or get("right") or (fixed and get("top"))):
                self.gone = OFF_PAGE
            else:
                no_box = block and ((get("overflow-y") and (get("height") or get("max-height")))
                                    or (get("overflow-x") and (get("width") or get("max-width"))))
                clipped = get("clip-path") or (get("clip") and fixed)
                if no_box or clipped:
                    self.gone = CLIPPED
        self.why = self.reason()

    def _colours(self, parent: Look, get: Any) -> None:
        colour = get("color")
        if colour is not None and colour != INHERIT and colour != CURRENT:
            self.fg = None if colour == UNKNOWN else colour
        fill = get("-webkit-text-fill-color")
        if fill is not None and fill != INHERIT:
            self.fill = None if fill == CURRENT else fill
        image, background = get("background-image"), get("background-color")
        if image == UNKNOWN or background == UNKNOWN:
            self.backdrop, self.page = None, False
        elif isinstance(background, tuple) and background[3] > 0:
            red, green, blue, paint = background
            alpha = paint * self.opacity
            under = parent.backdrop
            if alpha >= 1 or under is not None:
                self.backdrop = blend((red, green, blue), alpha, under or WHITE)
                self.page = False
        shadow = get("text-shadow")
        if shadow is not None and shadow != INHERIT:
            self.shadow = None if shadow == UNKNOWN else shadow

    def reason(self) -> Hiding | None:
        """Why this look's text is unseen, or None."""
        if self.gone is not None:
            return self.gone
        if self.invisible:
            return HIDDEN_BY_CSS
        if self.indent_off:
            return OFF_PAGE
        size = self.font_px * self.scale
        if size < MIN_LEGIBLE_PX:
            return NO_SIZE if size <= 0 else TINY
        if self.fg is _BLACK_TEXT and self.page and self.opacity == 1 and self.fill is None:
            return None  # the default: black on the white page
        return self._colour_reason()

    def _colour_reason(self) -> Hiding | None:
        fill = self.fill
        text = self.fg if fill is None else (None if isinstance(fill, str) else fill)
        backdrop, shadow = self.backdrop, self.shadow
        if text is None or backdrop is None or shadow is None:
            return None
        red, green, blue, text_alpha = text
        alpha = text_alpha * self.opacity
        if not _unseen((red, green, blue), alpha, backdrop):
            return None
        for colour in shadow:
            if isinstance(colour, str):
                if colour == CURRENT:
                    continue  # the text's own colour, unseen as well
                return None  # a shadow of unknown colour
            red, green, blue, shadow_alpha = colour
            if not _unseen((red, green, blue), shadow_alpha * self.opacity, backdrop):
                return None
        if alpha <= MAX_HIDING_OPACITY:
            return TRANSPARENT_COLOUR
        return WHITE_TEXT if self.page else LIKE_BACKGROUND


_UNSEEN: dict[tuple[RGB, float, RGB], bool] = {}


def _unseen(colour: RGB, alpha: float, backdrop: RGB) -> bool:
    key = (colour, alpha, backdrop)
    found = _UNSEEN.get(key)
    if found is None:
        found = _UNSEEN[key] = too_close(blend(colour, alpha, backdrop), backdrop)
    return found
