"""The XHTML an EPUB carries outside its reading order, read for chatbot residue only (issue 20).

A reading system shows the spine and nothing else: an XHTML item the manifest lists and the spine
does not (a chapter taken out of the reading order, a draft kept "for later"), or an XHTML file in
the zip that the manifest does not list at all, is never shown. It still ships in the file, and a
chatbot's reply left there is found by whoever opens the package, so `chatbot-residue` reads it
(as a warning, like other text a reader does not see). No other rule does: a disclosure there is
not one a reader meets, and the book's sections, hidden texts and warnings stay what the spine
gives (`Manuscript.unlisted` holds these texts apart).

What is read, and what it costs:

- Nothing at all in a book without such a document: the manifest and the zip's names, already in
  memory, are compared with the spine.
- The navigation document (EPUB 3 nav) is not read again: it is the table of contents, read by
  `navigation`, and its labels repeat the headings of the spine's documents. The NCX and SVG
  are not XHTML.
- Each document goes through the same bounded inflation as the spine's (`safety.read_member`,
  the per-member and total limits of `Limits`, shared with the rest of the book), but one too
  large for what is left, encrypted, or unreadable is skipped with a warning rather than refusing
  the book: a reader never meets it.
- The text is every paragraph-like element's (``BLOCK_TAGS``) collapsed text, whatever the style
  sheets say (nobody sees any of it); comments and never-rendered elements (``SKIPPED_TAGS``)
  are left out, and a `<br>` is a space, as the walk reads it.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from ...errors import InputError
from ...model import HiddenReason, HiddenText
from ..css import local_name
from ..text import collapse
from .container import Container
from .markup import BLOCK_TAGS, SKIPPED_TAGS, element_positions
from .package import XHTML_TYPES, Package

#: File names a zip member outside the manifest is read by (media types are the manifest's).
_XHTML_NAMES = (".xhtml", ".html", ".htm", ".xht")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: The places, in a writer's words (the finding says "left in <where>").
OUTSIDE_SPINE = "an EPUB document that the manifest lists and the spine does not"
OUTSIDE_MANIFEST = "a file in the EPUB that its manifest does not list"


def unlisted_documents(book: Container, package: Package) -> list[tuple[str, str]]:
    """The XHTML members outside the reading order, each with where it is (`OUTSIDE_SPINE` or
    `OUTSIDE_MANIFEST`), in manifest order then zip order."""
    spine: set[str] = set()
    for idref, _ in package.spine:
        item = package.manifest.get(idref)
        if item is not None and item.member is not None:
            spine.add(book.find(item.member) or item.member)
    listed: set[str] = set()
    out: list[tuple[str, str]] = []
    for item in package.manifest.values():
        if item.member is None:
            continue
        member = book.find(item.member) or item.member
        listed.add(member)
        if (member in spine or item.media_type not in XHTML_TYPES or "nav" in item.properties
                or member not in book.names):
            continue
        out.append((member, OUTSIDE_SPINE))
    listed.add(package.opf)
    for name in book.zf.namelist():
        if (name.lower().endswith(_XHTML_NAMES) and name not in listed and not name.startswith("META-INF/")
                and name not in spine):
            out.append((name, OUTSIDE_MANIFEST))
    return [(member, where) for member, where in dict.fromkeys(out) if member not in book.encrypted]


def read_unlisted(book: Container, package: Package) -> list[HiddenText]:
    """The text of every XHTML document outside the reading order (see the module), one
    `HiddenText` a paragraph, located in its file."""
    out: list[HiddenText] = []
    for member, where in unlisted_documents(book, package):
        parsed = _parse(book, member)
        if parsed is None:
            continue
        root, data = parsed
        if not isinstance(root.tag, str):
            continue
        positions = element_positions(data, root)
        heading: str | None = None
        for text, owner, is_heading in _paragraphs(root):
            line, column = positions.get(owner, (owner.sourceline, None))
            if is_heading:
                heading = text
            out.append(HiddenText(text=text, location=book.loc(member, line, column, heading),
                                  reason=HiddenReason.OUTSIDE_READING_ORDER, where=where))
    return out


def _parse(book: Container, member: str) -> tuple[etree._Element, bytes] | None:
    """A document parsed within the limits, or None (with a warning) when it cannot be."""
    size = book.zf.getinfo(member).file_size
    if size > min(book.limits.max_member_bytes, book.budget[0]):
        limit = "max_member_bytes" if size > book.limits.max_member_bytes else "max_total_bytes"
        book.warn(f"not read for chatbot residue: {posixpath.basename(member)} is outside the reading order "
                  f"and over the limit {limit} ({book.limits.describe(limit)})", member)
        return None
    quiet, book.quiet = book.quiet, True  # a damaged document nobody is shown is read as recovered
    try:
        return book.parse(member, required=False)
    except InputError as exc:
        book.quiet = quiet
        reason = str(exc).rpartition(": ")[2] or str(exc)
        book.warn(f"not read for chatbot residue ({reason}): it is outside the reading order", member)
        return None
    finally:
        book.quiet = quiet


def _paragraphs(root: etree._Element) -> list[tuple[str, etree._Element, bool]]:
    """Each paragraph-like element's text, with the element it starts in and whether it is a heading."""
    out: list[tuple[str, etree._Element, bool]] = []
    parts: list[str] = []
    owner: list[etree._Element] = []
    heading = [False]

    def add(text: str | None, el: etree._Element) -> None:
        if text:
            if not parts:
                owner[:] = [el]
            parts.append(text)

    def flush() -> None:
        text = collapse("".join(parts))
        if text and owner:
            out.append((text, owner[0], heading[0]))
        parts.clear()
        owner.clear()

    def visit(el: etree._Element) -> None:
        name = local_name(el)
        if not name or name in SKIPPED_TAGS:
            return  # a comment, a processing instruction, or never rendered
        if name == "br":
            add(" ", el)
            return
        block = name in BLOCK_TAGS
        if block:
            flush()
            heading[0] = name in _HEADINGS
        add(el.text, el)
        for child in el:
            visit(child)
            add(child.tail, el)
        if block:
            flush()
            heading[0] = False

    visit(root)
    flush()
    return out
