"""Build picture books in code: one story as a fixed-layout EPUB 3 and as a reflowable one.

A fixed-layout book (``rendition:layout`` ``pre-paginated``) sets every page on a 600 × 800
viewport, each word or line in its own absolutely placed box, through inline styles, classes
or transforms, as picture-book tools export them; an SVG page sets its lines as ``<text>``;
a page may be only an image. The reflowable twin has the same pages with the same words as
plain paragraphs, so that the same book can be checked both ways::

    pages = picture_book_pages()
    build_picture_book(tmp_path / "fixed.epub", pages)
    build_picture_book(tmp_path / "flowing.epub", pages, fixed=False)

Only the standard library is used: the bytes are exactly what the test says.
"""

from __future__ import annotations

import html
import struct
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

TITLE = "The Little Robot"
AUTHOR = "Jane Doe"
WIDTH, HEIGHT = 600, 800
#: The policy's stock language, as a picture book's copyright page carries it.
STOCK = ("The author generated this text in part with GPT-4, OpenAI's large-scale language-generation "
         "model. Upon generating draft language, the author reviewed, edited, and revised the language "
         "to their own liking and takes ultimate responsibility for the content of this publication.")

#: How a page sets its words: one box a word or a line, placed by inline style, by class, or
#: moved by a transform; an SVG page; an image; plain paragraphs (what a reflowable book has).
LAYOUTS = ("word-inline", "word-class", "word-transform", "line-inline", "line-class", "block-spans",
           "svg", "image", "paragraphs")


@dataclass(frozen=True)
class Page:
    """One page of the book."""

    name: str
    #: The page's lines of text (each a box, or a paragraph in the reflowable twin).
    lines: tuple[str, ...] = ()
    layout: str = "line-inline"
    #: Its label in the table of contents (None: not listed).
    label: str | None = None
    #: The image's alt text, for an image page.
    alt: str = ""
    #: The boxes written in the reverse of their order on the page.
    shuffled: bool = False
    #: The body's markup, verbatim, instead of `lines` laid out by `layout`.
    markup: str = ""


def picture_book_pages(*, copyright_layout: str = "word-class", labels: bool = True,
                       copyright_alt: str = "", disclosed: bool = True) -> list[Page]:
    """The story: a cover, a title page, a copyright page with the stock disclosure (none when not
    `disclosed`), and four story pages (one out of order, one SVG, one moved by transforms)."""
    def label(text: str) -> str | None:
        return text if labels else None

    copyright_lines = (f"Copyright © 2024 {AUTHOR}. All rights reserved.",
                       STOCK if disclosed else "First edition. Printed on recycled paper.")
    return [
        Page("cover.xhtml", layout="image", alt=TITLE, label="Cover"),
        Page("title.xhtml", (TITLE, f"by {AUTHOR}"), "line-class", label("Title Page")),
        Page("copyright.xhtml", () if copyright_layout == "image" else copyright_lines, copyright_layout,
             label("Copyright"), alt=copyright_alt),
        Page("page-1.xhtml", ("Pip was a little robot who lived in a tin house.",
                              "Every morning he polished his bolts and sang."), "word-inline", label("Page 1")),
        Page("page-2.xhtml", ("One day the wind blew his hat over the hill.",
                              "Pip ran after it as fast as his wheels would go."), "line-inline", label("Page 2"),
             shuffled=True),
        Page("page-3.svg", ("At the top of the hill he found a friend.",
                            "They shared the hat, and the sunset, too."), "svg", label("Page 3")),
        Page("page-4.xhtml", ("The end.",), "word-transform", label("Page 4")),
    ]


def _png() -> bytes:
    """A one-pixel grey PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x80"))
            + chunk(b"IEND", b""))


def _boxes(page: Page, index: int) -> tuple[list[tuple[str, float, float]], bool]:
    """(text, x, y) of each box in document order, and whether boxes are words."""
    words = page.layout.startswith("word")
    out: list[tuple[str, float, float]] = []
    y = 120.0
    for line in page.lines:
        x = 40.0
        pieces = line.split() if words else [line]
        for piece in pieces:
            out.append((piece, x, y))
            x += 14.0 * (len(piece) + 1)
            if words and x > WIDTH - 80:
                x, y = 40.0, y + 36
        y += 48
    if page.shuffled:
        out.reverse()
    return out, words


def _fixed_body(page: Page, index: int, css: list[str]) -> str:
    esc = html.escape
    if page.markup:
        return page.markup
    if page.layout == "image":
        return f'<div class="art"><img src="../images/page.png" alt="{esc(page.alt)}"/></div>'
    if page.layout == "paragraphs":
        return "".join(f"<p>{esc(line)}</p>" for line in page.lines)
    if page.layout == "block-spans":
        return '<div class="page">' + "".join(
            f'<span style="display:block">{esc(line)}</span>' for line in page.lines) + "</div>"
    boxes, _ = _boxes(page, index)
    out = ['<div class="page"><img class="art" src="../images/page.png" alt=""/>']
    for n, (text, x, y) in enumerate(boxes, 1):
        if page.layout.endswith("class"):
            name = f"p{index}b{n}"
            css.append(f".{name} {{ left: {x:g}px; top: {y:g}px; }}")
            out.append(f'<span class="box {name}">{esc(text)}</span>')
        elif page.layout.endswith("transform"):
            out.append(f'<span style="position: absolute; transform: translate({x:g}px, {y:g}px)">'
                       f"{esc(text)}</span>")
        else:
            out.append(f'<span style="position: absolute; left: {x:g}px; top: {y:g}px">{esc(text)}</span>')
    out.append("</div>")
    return "".join(out)


def _xhtml(page: Page, body: str, *, fixed: bool) -> bytes:
    viewport = f'<meta name="viewport" content="width={WIDTH}, height={HEIGHT}"/>' if fixed else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        'lang="en" xml:lang="en">\n'
        f"<head>\n<title>{html.escape(TITLE)}</title>\n{viewport}\n"
        '<link rel="stylesheet" type="text/css" href="../styles/book.css"/>\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    ).encode()


def _svg(page: Page, index: int, *, hidden: str = "") -> bytes:
    boxes, _ = _boxes(page, index)
    texts = "".join(f'<text x="{x:g}" y="{y:g}" font-size="24"{hidden}>{html.escape(t)}</text>\n'
                    for t, x, y in boxes)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">\n<title>{html.escape(TITLE)}</title>\n'
        f'<rect width="100%" height="100%" fill="#ffffff"/>\n{texts}</svg>\n'
    ).encode()


def build_picture_book(path: Path, pages: Sequence[Page], *, fixed: bool = True, per_item: bool = False,
                       title: str = TITLE, author: str = AUTHOR, svg_hidden: str = "", css: str = "") -> Path:
    """Write the book: fixed-layout (`per_item`: through each spine item's properties rather than
    the package's), or reflowable with the same words as paragraphs. `svg_hidden` is markup added
    to every SVG ``<text>`` (``' fill="#ffffff"'`` hides it on the white page)."""
    rules = ["body { margin: 0; }",
           ".page { position: relative; width: 600px; height: 800px; }",
           ".art { position: absolute; left: 0; top: 0; width: 600px; height: 800px; }",
           ".box { position: absolute; font-size: 24px; }"] if fixed else ["p { margin: 0 0 1em 0; }"]
    if css:
        rules.append(css)
    files: dict[str, bytes] = {}
    manifest: list[str] = []
    spine: list[str] = []
    toc: list[str] = []
    for index, page in enumerate(pages, 1):
        ident = f"p{index}"
        if page.layout == "svg" and fixed:
            name, media = page.name, "image/svg+xml"
            files[f"OEBPS/text/{name}"] = _svg(page, index, hidden=svg_hidden)
        else:
            name = page.name.replace(".svg", ".xhtml")
            media = "application/xhtml+xml"
            flowing = replace(page, layout="paragraphs") if not fixed and page.layout != "image" else page
            body = _fixed_body(flowing, index, rules) if fixed or page.layout == "image" or page.markup else (
                "".join(f"<p>{html.escape(line)}</p>" for line in page.lines))
            files[f"OEBPS/text/{name}"] = _xhtml(page, body, fixed=fixed)
        manifest.append(f'<item id="{ident}" href="text/{name}" media-type="{media}"/>')
        spine_props = ' properties="rendition:layout-pre-paginated"' if fixed and per_item else ""
        spine.append(f'<itemref idref="{ident}"{spine_props}/>')
        if page.label:
            toc.append(f'<li><a href="text/{name}">{html.escape(page.label)}</a></li>')
    files["OEBPS/styles/book.css"] = ("\n".join(rules) + "\n").encode("utf-8")
    files["OEBPS/images/page.png"] = _png()
    layout_meta = ('<meta property="rendition:layout">pre-paginated</meta>\n'
                   if fixed and not per_item else "")
    opf = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="en">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        '<dc:identifier id="uid">urn:uuid:7b0c4b52-2c35-4a5e-9f43-6d1d6b0f2a11</dc:identifier>\n'
        f"<dc:title>{html.escape(title)}</dc:title>\n<dc:creator>{html.escape(author)}</dc:creator>\n"
        "<dc:language>en</dc:language>\n"
        '<meta property="dcterms:modified">2024-05-01T00:00:00Z</meta>\n'
        f"{layout_meta}</metadata>\n<manifest>\n"
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>\n'
        '<item id="css" href="styles/book.css" media-type="text/css"/>\n'
        '<item id="art" href="images/page.png" media-type="image/png" properties="cover-image"/>\n'
        + "\n".join(manifest) + "\n</manifest>\n<spine>\n" + "\n".join(spine) + "\n</spine>\n</package>\n"
    )
    nav = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        'lang="en" xml:lang="en">\n<head><title>Contents</title></head>\n<body>\n'
        '<nav epub:type="toc" id="toc"><h1>Contents</h1><ol>\n' + "\n".join(toc or [
            f'<li><a href="text/{pages[0].name.replace(".svg", ".xhtml")}">{html.escape(title)}</a></li>'])
        + "\n</ol></nav>\n</body>\n</html>\n"
    )
    container = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
        '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
        "</rootfiles>\n</container>\n"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/container.xml", container, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("OEBPS/content.opf", opf, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("OEBPS/nav.xhtml", nav, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in files.items():
            zf.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return path
