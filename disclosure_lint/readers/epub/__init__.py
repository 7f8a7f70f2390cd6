"""EPUB 2 and 3 reader: the spine's XHTML in reading order, with semantics and CSS hiding.

Only the members the analysis needs are ever inflated, each through the bounded
`safety.read_member`: ``META-INF/container.xml``, the OPF package document, the EPUB 3 nav or
EPUB 2 NCX, ``META-INF/encryption.xml`` when present, the spine's XHTML and the stylesheets it
links. Images, fonts, audio and video are never touched, so time and memory follow the text,
not the pictures. Comments and package metadata are never seen. Without ``dc:creator`` (or with
only a placeholder a tool wrote, `placeholders`), the title page's "by NAME" line (`byline`)
names the author, as in DOCX and Markdown.

One concern a file, each importing only those above it in this list:

- `markup`: the XML under every member: namespaces, element names, HTML entities, finding an
  element whatever its namespace, where each element starts in the raw bytes.
- `container`: the zip (OCF): members found and read within the limits, hrefs resolved inside
  it only, XML parsed safely, the package document named in ``META-INF/container.xml``; what
  reading found to tell (warnings, hidden texts).
- `package`: the OPF package: manifest, spine, metadata, and DRM (``META-INF/encryption.xml``).
- `layout`: text in separately placed boxes (a fixed-layout page's words and lines, SVG text),
  read with a space between boxes and in the page's order.
- `style`: the style sheets (``@import``, media, the per-document rules) and each element's
  computed look and visibility (`style.Style`), over the CSS engine `css` and `css_hiding`.
- `walk`: one XHTML document (or SVG page) walked into sections of visible blocks and hidden
  texts, with headings (h1–h6, or made with CSS) opening sections.
- `navigation`: the nav document, NCX and guide (table of contents labels and landmarks), and
  each section's kind and role through the shared classifier (`navigation.finish_sections`).
- `unlisted`: the XHTML outside the reading order (not in the spine, or not in the manifest),
  read for chatbot residue only.
- This module: `read`, the spine in reading order.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import InputError
from ...model import Manuscript, Metadata
from ..byline import title_page_authors
from ..safety import DEFAULT_LIMITS, Limits, open_zip, sniff
from .container import Container
from .markup import element_positions, entities_as_references
from .navigation import Gathered, finish_sections, read_navigation
from .package import SVG_TYPE, XHTML_TYPES, Package, check_encryption, read_package
from .style import NON_LINEAR, StyleSheets
from .unlisted import read_unlisted
from .walk import read_document

if TYPE_CHECKING:
    import zipfile

__all__ = ["NON_LINEAR", "element_positions", "entities_as_references", "read"]


def read(path: Path, *, limits: Limits = DEFAULT_LIMITS, display: str | None = None,
         full_reading: bool = False, package: zipfile.ZipFile | None = None) -> Manuscript:
    """Read an EPUB 2 or 3 file into the shared manuscript model (`display`: the name locations
    give it, when not its path: standard input's; `package`: the file's zip, open already
    (`readers.read_manuscript`), which is closed when read).

    A paragraph each of whose elements would inherit its style unchanged is read in one go
    (`walk.Walker.plain`), which gives the same book; `full_reading` looks at every element on
    its own all the same (to compare the two, and to rule the shortcut out when in doubt)."""
    if package is None:
        kind = sniff(path)
        if kind != "zip":
            raise InputError(f"{path}: not an EPUB: the file is not a zip package ({kind}); export it again")
    zf = open_zip(path, limits) if package is None else package
    with zf:
        return _read(Container(path, zf, limits, display), full_reading)


def _read(book: Container, full_reading: bool) -> Manuscript:
    package, meta = _package(book)
    opf = package.opf
    sheets = StyleSheets(book)
    # Each document's blocks become the model's as it is read: what its walk made is let go.
    gathered = Gathered(book, package, meta.title)
    seen: set[str] = set()
    for idref, linear in package.spine:
        item = package.manifest.get(idref)
        if item is None:
            book.warn(f"spine item {idref!r} is not in the manifest; skipped", opf)
            continue
        if item.member is None:
            continue
        member = book.find(item.member)
        if member is None:
            book.warn(f"spine item {item.href!r} is missing from the EPUB; skipped", opf)
            continue
        if item.media_type not in XHTML_TYPES and item.media_type != SVG_TYPE:
            continue
        if member in seen:
            continue  # a repeated itemref shows the same document once
        seen.add(member)
        if member in book.encrypted:
            continue
        gathered.add(read_document(book, sheets, member, linear, fixed=idref in package.fixed,
                                   full_reading=full_reading))
    sections, pictures = finish_sections(gathered)
    unlisted = read_unlisted(book, package)
    if not meta.authors:  # no dc:creator: the title page may name the author, as in DOCX and Markdown
        meta = meta._replace(authors=title_page_authors(sections))
    return Manuscript(
        path=book.display, format="epub", metadata=meta, sections=tuple(sections),
        hidden=tuple(book.hidden), warnings=tuple(book.warnings), markers=tuple(book.markers),
        picture_pages=tuple(pictures), unlisted=tuple(unlisted),
        chars=None if book.chars is None else frozenset(book.chars),
    )


def _package(book: Container) -> tuple[Package, Metadata]:
    """The package document read (manifest, spine, metadata), DRM refused, and the navigation's
    labels and landmarks gathered. The package's parsed tree goes when this returns, before the
    spine is read (a long book's is the size of a chapter's, or more: *War and Peace*'s lists
    its 393 documents and their 400 other members)."""
    package, meta, opf_root = read_package(book, book.package_document())
    check_encryption(book, package)
    read_navigation(book, package, opf_root)
    return package, meta
