"""The note as a page of a fixed-layout EPUB: the book's page size, the note in flowing text.

A fixed-layout book (``rendition:layout`` ``pre-paginated``: picture books, comics) shows each
content document as one page of the size its ``<meta name="viewport">`` gives (EPUB 3.3,
"Fixed layouts", §8.2.2: every fixed-layout XHTML document must have one). A new page copies
its neighbours' viewport and page CSS (the style sheets they link and the styles they embed), so
that it has the book's size and look, and lays the note out in plain flowing text within it:
a heading and paragraphs in a box the size of the page, in black on white, with a type size
chosen so that the whole note fits. A neighbour that is an SVG page gives its size from its
``width``/``height`` (or ``viewBox``).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import Note

if TYPE_CHECKING:
    from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
EPUB_NS = "http://www.idpf.org/2007/ops"
#: A page's size when no neighbour tells it (CSS px): a common picture-book page.
DEFAULT_SIZE = (600, 800)
#: The type size bounds (CSS px), the margin (share of the page's width), and the line height.
LARGEST_TYPE, SMALLEST_TYPE = 32, 10
MARGIN = 0.08
LINE_HEIGHT = 1.4
#: The average width of a letter, as a share of the type size (for fitting the text).
LETTER_WIDTH = 0.55

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


class Neighbour:
    """A page next to the new one: its member name and parsed root."""

    __slots__ = ("member", "root")

    def __init__(self, member: str, root: etree._Element) -> None:
        self.member = member
        self.root = root


def page_size(neighbours: Sequence[Neighbour]) -> tuple[str, int, int]:
    """The viewport's content (as a neighbour writes it) and the page's width and height."""
    for page in neighbours:
        for meta in page.root.iter(f"{XHTML}meta", "meta"):
            if (meta.get("name") or "").strip().lower() == "viewport" and meta.get("content"):
                content = meta.get("content", "")
                width = re.search(r"width\s*=\s*(\d+(?:\.\d+)?)", content)
                height = re.search(r"height\s*=\s*(\d+(?:\.\d+)?)", content)
                if width and height:
                    return content, round(float(width.group(1))), round(float(height.group(1)))
    for page in neighbours:
        if page.root.tag == f"{SVG}svg":
            size = _svg_size(page.root)
            if size is not None:
                return f"width={size[0]}, height={size[1]}", size[0], size[1]
    wide, high = DEFAULT_SIZE
    return f"width={wide}, height={high}", wide, high


def _svg_size(root: etree._Element) -> tuple[int, int] | None:
    width, height = _NUMBER.match(root.get("width") or ""), _NUMBER.match(root.get("height") or "")
    if width and height and not (root.get("width") or "").strip().endswith("%"):
        return round(float(width.group(0))), round(float(height.group(0)))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            return round(float(box[2])), round(float(box[3]))
        except ValueError:
            return None
    return None


def type_size(note: Note, width: int, height: int) -> int:
    """The largest type size (px) at which the heading and paragraphs fit the page."""
    inner_width = width * (1 - 2 * MARGIN)
    inner_height = height - 2 * width * MARGIN
    for size in range(LARGEST_TYPE, SMALLEST_TYPE - 1, -1):
        per_line = max(1, int(inner_width / (size * LETTER_WIDTH)))
        lines = 2 * (-(-len(note.heading) // per_line)) + 1  # the heading at 1.3x, and its margin
        lines += sum(-(-len(text) // per_line) + 1 for text in note.paragraphs)
        if lines * size * LINE_HEIGHT <= inner_height:
            return size
    return SMALLEST_TYPE


def fixed_page(note: Note, neighbours: Sequence[Neighbour], new_member: str, lang: str) -> bytes:
    """The note's page: the neighbours' viewport and page CSS, the note in flowing text."""
    viewport, width, height = page_size(neighbours)
    esc = html.escape
    styles: list[str] = []
    seen: set[str] = set()
    for page in neighbours:
        head = page.root.find(f"{XHTML}head")
        if head is None:
            continue
        for el in head:
            name = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
            if name == "link" and "stylesheet" in (el.get("rel") or "").lower().split():
                href = (el.get("href") or "").strip()
                if not href or ":" in href.split("/", 1)[0] or href.startswith(("/", "#")):
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(page.member), href))
                link = posixpath.relpath(target, posixpath.dirname(new_member) or ".")
                if link not in seen:
                    seen.add(link)
                    styles.append(f'<link rel="stylesheet" type="text/css" href="{esc(link, quote=True)}"/>')
            elif name == "style":
                css = "".join(el.itertext())
                if css not in seen:
                    seen.add(css)
                    styles.append(f"<style>{esc(css, quote=False)}</style>")
        break  # one neighbour's look: two pages' sheets may disagree
    size = type_size(note, width, height)
    margin = round(width * MARGIN)
    # Inline styles, over anything the page CSS says of headings and paragraphs on its pages
    # (boxes placed absolutely): the note flows, black on white, within the page.
    box = (f"position:static;box-sizing:border-box;width:{width}px;height:{height}px;margin:0;"
           f"padding:{margin}px;background-color:#ffffff;color:#000000;font-size:{size}px;"
           f"line-height:{LINE_HEIGHT};text-align:left")
    block = "position:static;display:block;color:#000000;transform:none;opacity:1;visibility:visible"
    heading = (f'<h1 style="{block};font-size:{round(size * 1.3)}px;margin:0 0 {size}px 0">'
               f"{esc(note.heading, quote=False)}</h1>")
    paragraphs = "\n".join(f'<p style="{block};font-size:{size}px;margin:0 0 {round(size * 0.6)}px 0">'
                           f"{esc(text, quote=False)}</p>" for text in note.paragraphs)
    lang_attr = esc(lang, quote=True)
    head_styles = "\n".join(styles)
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="{EPUB_NS}" lang="{lang_attr}" '
        f'xml:lang="{lang_attr}">\n<head>\n<title>{esc(note.heading, quote=False)}</title>\n'
        f'<meta name="viewport" content="{esc(viewport, quote=True)}"/>\n{head_styles}\n</head>\n'
        f'<body epub:type="frontmatter" style="margin:0;padding:0">\n'
        f'<section epub:type="foreword" id="note-on-ai" style="{box}">\n{heading}\n{paragraphs}\n'
        "</section>\n</body>\n</html>\n"
    )
    return text.encode("utf-8")
