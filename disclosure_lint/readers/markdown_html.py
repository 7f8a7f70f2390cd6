"""The HTML inside Markdown, read as a browser shows it: visible text, and hidden pieces with why.

Apart from the Markdown reader so that `html.parser` is imported only for a file that holds HTML.
"""

from __future__ import annotations

from html.parser import HTMLParser

from .. import patterns as rx
from ..model import HiddenReason


class _HtmlText(HTMLParser):
    """Collects the text of an HTML fragment, split into what a browser shows and what it hides."""

    _VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "wbr", "source", "area", "col"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.visible: list[str] = []
        self.hidden: list[tuple[str, HiddenReason]] = []
        self._stack: list[HiddenReason | None] = []

    def _hiding(self) -> HiddenReason | None:
        for reason in reversed(self._stack):
            if reason is not None:
                return reason
        return None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._VOID:
            if tag == "br":
                self._add(" ")
            return
        reason: HiddenReason | None = None
        values = {k.lower(): (v or "") for k, v in attrs}
        style = values.get("style", "").lower().replace(" ", "")
        if "hidden" in values:
            reason = HiddenReason.HIDDEN_ATTRIBUTE
        elif ("display:none" in style or "visibility:hidden" in style
              or rx.search(r"font-size:0(?![.\d])", style)):
            reason = HiddenReason.CSS_HIDDEN
        elif tag in ("script", "style", "template"):
            reason = HiddenReason.HIDDEN_FORMATTING
        self._stack.append(reason)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        self._add(data)

    def handle_comment(self, data: str) -> None:
        if data.strip():
            self.hidden.append((data, HiddenReason.COMMENT))

    def _add(self, data: str) -> None:
        reason = self._hiding()
        if reason is None:
            self.visible.append(data)
        elif data.strip():
            self.hidden.append((data, reason))


def split_html(fragment: str) -> tuple[str, list[tuple[str, HiddenReason]]]:
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
