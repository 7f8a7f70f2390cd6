"""The HTML inside Markdown, read as a browser shows it: visible text, and hidden pieces with why.

Apart from the Markdown reader so that `html.parser` is imported only for a file that holds HTML.
An element's ``style`` attribute (and ``<font color>``) hides text as it does in an EPUB
(`css_hiding`: ``display:none``, white or transparent text, a font too small to read, text moved
off the page or clipped), on the white page a Markdown renderer shows; the ``hidden`` attribute
hides it too; ``script``, ``style`` and ``template`` hold no text a reader sees.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from ..model import HiddenReason
from .bidi_markup import LRO, PDF, RLO, html_override
from .css_hiding import BLOCK_ELEMENTS, HIDDEN_ATTRIBUTE, HINTED_ELEMENTS, Hiding, Look, html_colours

#: A hidden piece of text: the text, why it is hidden, and a writer's words for the place.
Piece = tuple[str, HiddenReason, str]

_NOT_TEXT = Hiding(HiddenReason.HIDDEN_FORMATTING, "hidden HTML")
_CONTROLS = frozenset((RLO, LRO, PDF))
_COMMENT = Hiding(HiddenReason.COMMENT, "an HTML comment")


class _HtmlText(HTMLParser):
    """Collects the text of an HTML fragment, split into what a browser shows and what it hides."""

    _VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "wbr", "source", "area", "col"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.visible: list[str] = []
        self.hidden: list[Piece] = []
        self._page = Look()
        self._stack: list[Look] = []
        #: Per open element: the PDF that closes the bidirectional override it opened, or "".
        self._closers: list[str] = []
        self._script = Look()
        self._script.gone = self._script.why = _NOT_TEXT

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._VOID:
            if tag == "br":
                self._add(" ")
            return
        parent = self._stack[-1] if self._stack else self._page
        look = parent
        if tag in ("script", "style", "template"):
            look = self._script if parent.gone is None else parent
        elif attrs:
            values = {k.lower(): (v or "") for k, v in attrs}
            style = values.get("style", "")
            hints = html_colours(tag, values.get) if tag in HINTED_ELEMENTS else []
            if style or hints or "hidden" in values:
                look = _look(parent, tag, style, hints, "hidden" in values)
        self._stack.append(look)
        mark = html_override(tag, dict(attrs).get) if attrs else None
        if mark:
            self._add(mark)
        self._closers.append(PDF if mark else "")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._VOID and self._stack:
            if self._closers and self._closers[-1]:
                self._add(self._closers[-1])
            self._stack.pop()
            if self._closers:
                self._closers.pop()

    def handle_data(self, data: str) -> None:
        self._add(data)

    def handle_comment(self, data: str) -> None:
        if data.strip():
            self.hidden.append((data, _COMMENT.reason, _COMMENT.where))

    def _add(self, data: str) -> None:
        why = self._stack[-1].why if self._stack else None
        if why is None:
            self.visible.append(data)
        elif data.strip() and data not in _CONTROLS:
            self.hidden.append((data, why.reason, why.where))


def _look(parent: Look, tag: str, style: str, hints: list[tuple[str, Any]], hidden: bool) -> Look:
    """The look of an element with a ``style`` attribute, colour attributes or ``hidden``."""
    look = Look()
    parent.copy_into(look)
    if hidden:
        look.gone = look.gone or HIDDEN_ATTRIBUTE
    decls: dict[str, Any] = dict(hints)  # presentational hints: the style attribute wins
    if style:
        from .css import declarations

        important: set[str] = set()
        for prop, value, is_important in declarations(style):
            if is_important or prop not in important:
                decls[prop] = value
                if is_important:
                    important.add(prop)
    look.apply(parent, decls, tag in BLOCK_ELEMENTS)
    return look


def split_html(fragment: str) -> tuple[str, list[Piece]]:
    """Text a reader sees in an HTML fragment, and the hidden pieces with why."""
    parser = _HtmlText()
    try:
        parser.feed(fragment)
        parser.close()
    except AssertionError:
        # CPython's _markupbase asserts on a malformed marked section ("<![x", "<![ "), found by
        # fuzzing; a browser shows such text as it is, so read it again with "<![" as text.
        parser = _HtmlText()
        parser.feed(fragment.replace("<![", "&lt;!["))
        parser.close()
    return "".join(parser.visible), parser.hidden
