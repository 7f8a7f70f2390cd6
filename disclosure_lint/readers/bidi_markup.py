"""Bidirectional overrides made with markup, as the control characters they stand for.

A reader sees "ChatGPT" reversed ("TPGtahC") whether the file holds U+202E ... U+202C around it
or markup that does the same: HTML's ``<bdo dir="rtl">`` (in an EPUB or in a Markdown file's
HTML), CSS ``unicode-bidi: bidi-override`` (or ``isolate-override``) with ``direction: rtl``, or WordprocessingML's ``<w:bdo w:val="rtl">``. The readers put the
equivalent controls around such an element's text (RLO or LRO before it, PDF after it), so that
one check, `bidi.hide_reordered`, judges every format by the display itself: an override around
Latin words shows them reversed and they are hidden text; an override that changes no order (RTL
around Hebrew) hides nothing. Embeddings and isolates made with ``dir`` alone reverse no letters
of a word and are left out.

In an EPUB the override may come from the book's style sheets too (a class whose rule sets
``unicode-bidi: bidi-override``): the cascade (`readers.epub.style`) gives each element's own
override and the direction in force; in a Markdown file's HTML, from the ``style`` attribute.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .. import patterns as rx

#: RIGHT-TO-LEFT OVERRIDE, LEFT-TO-RIGHT OVERRIDE, POP DIRECTIONAL FORMATTING.
RLO, LRO, PDF = "\u202e", "\u202d", "\u202c"
_OPEN = {"rtl": RLO, "ltr": LRO}
_OVERRIDE = rx.LazyPattern(r"unicode-bidi\s*:\s*(?:bidi|isolate)-override", re.IGNORECASE)
_DIRECTION = rx.LazyPattern(r"(?<![\w-])direction\s*:\s*(rtl|ltr)", re.IGNORECASE)

def html_override(tag: str, get: Callable[[str], str | None]) -> str | None:
    """The control an HTML element's markup stands for (RLO, LRO), or None: ``<bdo dir=...>``, or
    a ``style`` attribute that overrides with a direction (its own, or its ``dir`` attribute's)."""
    if tag == "bdo":
        return _OPEN.get((get("dir") or "").strip().lower())
    style = get("style")
    if not style or "override" not in style or _OVERRIDE.search(style) is None:
        return None
    direction = _DIRECTION.search(style)
    value = direction.group(1) if direction else (get("dir") or "")
    return _OPEN.get(value.strip().lower())


def css_override(direction: str | None) -> str | None:
    """The control an element whose style overrides (`unicode-bidi: bidi-override`) stands for,
    in the direction in force there (RLO, LRO), or None."""
    return _OPEN.get((direction or "").strip().lower())


def word_override(value: str | None) -> str | None:
    """The control a ``w:bdo`` element's ``w:val`` stands for (RLO, LRO), or None."""
    return _OPEN.get((value or "").strip().lower())
