"""Navigation and what each section is: the table of contents, the landmarks, the guide.

The EPUB 3 nav document gives table of contents labels and landmarks; without labels from it,
the EPUB 2 NCX gives them; the EPUB 2 ``guide`` gives landmarks too. A link to a fragment labels
that element only, not the whole document.

The walk's sections are gathered one document at a time (`Gathered`: each document's blocks
become the model's as soon as it is read, and the walk's records of them are let go). What each
is (`finish_sections`) comes from the shared classifier (`sections.classify_sections`), which
weighs its ``epub:type``, the nav landmarks or the EPUB 2 guide, its heading and its label in the
table of contents, and its place before or after the story. A section with no heading takes its
label; a page with no heading, statement or label is known by its words (`sections.page_words`,
given the book's title). A page that shows only pictures is read by its alt text (not the
cover's, nor the first page's) and kept apart as a `PicturePage` (`picture_pages`), with what it
is and where it stands.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from itertools import repeat
from typing import TYPE_CHECKING

from lxml import etree

from ...model import Block, Kind, Location, PicturePage, Role, Section, Visibility
from ..css import local_name
from ..sections import Evidence, classify_sections, page_words
from ..text import collapse
from ..vocabulary import classify_heading, epub_type_kind
from .container import Container
from .markup import EPUB_TYPE, NCX_NS, OPF_NS, SKIPPED_TAGS, XHTML_NS, first
from .package import Package

if TYPE_CHECKING:
    from .walk import RawSection


def read_navigation(book: Container, package: Package, opf_root: etree._Element) -> None:
    """Table of contents labels and landmarks: EPUB 3 nav, else EPUB 2 NCX; the EPUB 2 guide."""
    opf_dir = posixpath.dirname(package.opf)
    nav = next((i for i in package.manifest.values() if "nav" in i.properties and i.member), None)
    if nav is not None and nav.member is not None and (member := book.find(nav.member)):
        _read_nav(book, member, package)
    if not package.toc_labels:
        ncx = package.manifest.get(package.toc_id or "")
        if ncx is None:
            ncx = next((i for i in package.manifest.values()
                        if i.media_type == "application/x-dtbncx+xml"), None)
        if ncx is not None and ncx.member is not None and (member := book.find(ncx.member)):
            _read_ncx(book, member, package)
    guide = first(opf_root, OPF_NS, "guide")
    if guide is not None:
        for ref in guide:
            if local_name(ref) != "reference" or not ref.get("type") or not ref.get("href"):
                continue
            target, fragment = book.resolve(opf_dir, ref.get("href", ""), what="guide reference",
                                            member=package.opf)
            if target is not None:
                key = f"{book.find(target) or target}#{fragment}" if fragment else (
                    book.find(target) or target)
                package.landmarks.setdefault(key, ref.get("type", ""))


def _read_nav(book: Container, member: str, package: Package) -> None:
    root = book.read_xml(member)
    if root is None:
        return
    base = posixpath.dirname(member)
    for nav in root.iter(f"{{{XHTML_NS}}}nav", "nav"):
        types = set((nav.get(EPUB_TYPE) or "").split())
        if "toc" not in types and "landmarks" not in types:
            continue
        for a in nav.iter(f"{{{XHTML_NS}}}a", "a"):
            href = a.get("href")
            if not href:
                continue
            target, fragment = book.resolve(base, href, what="navigation link", member=member)
            if target is None:
                continue
            target = book.find(target) or target
            # A link to a fragment labels that element only, not the whole document.
            key = f"{target}#{fragment}" if fragment else target
            if "landmarks" in types:
                package.landmarks.setdefault(key, a.get(EPUB_TYPE) or "")
            else:
                # (A link holding no element: its own text, what `_text_nodes` gives, with no walk.)
                label = collapse(a.text or "") if not len(a) else collapse("".join(_text_nodes(a)))
                if label:
                    package.toc_labels.setdefault(key, label)


def _read_ncx(book: Container, member: str, package: Package) -> None:
    root = book.read_xml(member)
    if root is None:
        return
    base = posixpath.dirname(member)
    for point in root.iter(f"{{{NCX_NS}}}navPoint", "navPoint"):
        label_el = point.find(f"{{{NCX_NS}}}navLabel")
        content = point.find(f"{{{NCX_NS}}}content")
        if label_el is None or content is None or not content.get("src"):
            continue
        target, fragment = book.resolve(base, content.get("src", ""), what="NCX link", member=member)
        if target is None:
            continue
        target = book.find(target) or target
        label = collapse("".join(label_el.itertext()))
        if label:
            package.toc_labels.setdefault(f"{target}#{fragment}" if fragment else target, label)


def _text_nodes(el: etree._Element) -> Iterator[str]:
    for node in el.iter():
        if node is not el and not isinstance(node.tag, str):
            if node.tail:
                yield node.tail
            continue
        if node is not el and local_name(node) in SKIPPED_TAGS:
            if node.tail:
                yield node.tail
            continue
        if node.text and isinstance(node.tag, str):
            yield node.text
        if node is not el and node.tail:
            yield node.tail


_CHAPTER, _OTHER, _BODY, _EASY_TO_MISS = Kind.CHAPTER, Kind.OTHER, Role.BODY, Visibility.EASY_TO_MISS
#: How a block is seen, from where its text is (None or "": in plain sight; else easy to miss).
_SEEN = {None: Visibility.VISIBLE, "": Visibility.VISIBLE}.get


class Gathered:
    """The book's sections, gathered one document at a time as the spine is read (`add`); what
    each is, decided once all are in (`finish_sections`).

    Each document's blocks become the model's `Block`s as soon as it is walked, and what the
    walk made of them (`RawSection`, `RawBlock`) is let go: a long book holds its model only,
    not a second record of every paragraph until its last chapter is read (*War and Peace*:
    11,855 of them). Only what needs the whole book waits for it: the classifier weighs every
    section's evidence at once, and the pages that show only pictures are placed against the
    first section of the story."""

    __slots__ = ("book", "evidence", "kinds", "package", "pictures", "placed", "seen_docs", "started", "title")

    def __init__(self, book: Container, package: Package, title: str | None = None) -> None:
        self.book = book
        self.package = package
        self.title = title
        #: Each section with blocks: its heading, its blocks, where it starts and its language.
        self.placed: list[tuple[str | None, tuple[Block, ...], Location, str | None]] = []
        #: What is known of each section in `placed`, for the classifier.
        self.evidence: list[Evidence] = []
        #: The pages that show only pictures (`picture_pages`), as the walk made them.
        self.pictures: list[RawSection] = []
        #: The documents that gave a section with blocks (their first is linked to the file).
        self.seen_docs: set[str] = set()
        #: Whether a section came before: the book's very first is not read by its alt text.
        self.started = False
        #: What each heading or label met so far names (`classify_heading`, asked once a text: a
        #: novel's chapters are headed "I", "II" ... again in each of its parts).
        self.kinds: dict[str, Kind] = {}

    def kind(self, text: str) -> Kind:
        """`classify_heading(text)`, each text asked once."""
        found = self.kinds.get(text)
        if found is None:
            found = self.kinds[text] = classify_heading(text)
        return found

    def add(self, raws: list[RawSection]) -> None:
        """One document's sections (or more, in reading order), as the walk made them: their
        blocks made into the model's, and what the classifier needs of each noted."""
        package = self.package
        for raw in raws:
            if raw.pictures:
                self.pictures.append(raw)
                if raw.alt_blocks and self.started and not _cover(raw, package):
                    raw.blocks = list(raw.alt_blocks)  # what the page says: nothing else shows
            self.started = True
        easy = _EASY_TO_MISS
        display = self.book.display
        new = tuple.__new__
        landmarks, toc_labels = package.landmarks, package.toc_labels
        for raw in raws:
            if not raw.blocks:
                continue
            keys = list(raw.keys)
            if raw.member not in self.seen_docs:  # a document's first section: the links to the file
                self.seen_docs.add(raw.member)
                if raw.member not in keys:
                    keys.append(raw.member)
            # The first key's landmark and label (a loop, not two generators: this runs for
            # every section; the enumerations' members are the module's names, each a look-up).
            landmark = toc_label = None
            for k in keys:
                if landmark is None and k in landmarks:
                    landmark = landmarks[k]
                if toc_label is None and k in toc_labels:
                    toc_label = toc_labels[k]
            lm_kind, lm_role = epub_type_kind(landmark) if landmark else (None, None)
            # A specific kind wins over "chapter", which converters write on every section.
            type_kind = raw.type_kind
            stated = type_kind if type_kind is not None and type_kind is not _CHAPTER else (lm_kind or type_kind)
            # The words count where no trusted statement says what the section is, and the label
            # where the heading names nothing: they are read only then.
            trusted = stated is not None and stated is not _CHAPTER
            named = self.kind(raw.heading) if raw.heading and not trusted else _OTHER
            label = (self.kind(toc_label) if toc_label and not trusted and named is _OTHER
                     else _OTHER)
            # A page that no heading, statement or label names is known by its words.
            words = (page_words(" ".join(b.text for b in raw.blocks), self.title)
                     if raw.heading is None and stated is None and toc_label is None and not landmark
                     and raw.type_role is None else _OTHER)
            self.evidence.append(new(Evidence, (
                named, label, stated, raw.type_role or lm_role,
                # The landmarks and the guide mark only where a part *starts*.
                lm_role is _BODY and (raw.type_role is None or raw.type_role is _BODY),
                words,
            )))
            heading = raw.heading if raw.heading is not None or not toc_label else toc_label
            # `book.loc` and keyword arguments, written out: this runs for every paragraph. Each
            # record is made with `tuple.__new__`, the same record without the call of its class's
            # `__new__` (a Python function: a third of the work here, two for every paragraph),
            # field by field over the section's blocks (`zip` of their columns, in C).
            path = f"{display}!/{raw.member}" if raw.member else display
            texts, lines, columns, numbers, wheres, headings = zip(*raw.blocks, strict=True)
            locations = map(new, repeat(Location), zip(repeat(path), lines, columns, repeat(heading), numbers))
            blocks = tuple(map(new, repeat(Block), zip(
                texts, locations, map(_SEEN, wheres, repeat(easy)), wheres, headings, strict=True)))
            first_block = raw.blocks[0]
            line, column = (raw.line, raw.column) if raw.line is not None else (first_block.line, first_block.column)
            self.placed.append((heading, blocks, self.book.loc(raw.member, line, column, heading, first_block.number),
                                raw.language))


def finish_sections(gathered: Gathered) -> tuple[list[Section], list[PicturePage]]:
    """The sections `gathered` from the spine, each with its kind and role, its blocks the
    model's `Block`s; and the pages that show only pictures (`picture_pages`)."""
    classified = classify_sections(gathered.evidence)
    sections = [
        Section(role=role, kind=kind, heading=heading, blocks=blocks, location=location, language=language)
        for (heading, blocks, location, language), (kind, role) in zip(gathered.placed, classified, strict=True)
    ]
    return sections, picture_pages(gathered.book, gathered.pictures, sections, gathered.package)


def _cover(raw: RawSection, package: Package) -> bool:
    """Whether a page is the book's cover: its epub:type, landmark or label says so."""
    keys = [*raw.keys, raw.member]
    landmark = next((package.landmarks[k] for k in keys if k in package.landmarks), "")
    label = next((package.toc_labels[k] for k in keys if k in package.toc_labels), "")
    return "cover" in landmark.split() or "cover" in label.lower().split()


def picture_pages(book: Container, pictures: list[RawSection], sections: list[Section],
                  package: Package) -> list[PicturePage]:
    """The pages that show only pictures, the cover aside: each with what its landmark, label or
    alt text names it, and its place (front matter before the first section of the story)."""
    out: list[PicturePage] = []
    if not pictures:
        return out
    first_body = next((s.location.path for s in sections if s.role is not Role.FRONT), None)
    spine = [package.manifest[i].member for i, _ in package.spine if i in package.manifest]
    position = {book.find(m) or m: i for i, m in enumerate(spine) if m}
    body_at = (position.get(first_body.split("!/", 1)[1], len(position)) if first_body and "!/" in first_body
               else len(position))
    for raw in pictures:
        if _cover(raw, package) or position.get(raw.member) == 0:
            continue
        keys = [*raw.keys, raw.member]
        landmark = next((package.landmarks[k] for k in keys if k in package.landmarks), None)
        label = next((package.toc_labels[k] for k in keys if k in package.toc_labels), None)
        alt = " ".join(b.text for b in raw.alt_blocks)
        kind = raw.type_kind or (epub_type_kind(landmark)[0] if landmark else None)
        if kind is None and label:
            kind = classify_heading(label)
        if kind in (None, Kind.OTHER) and alt:
            kind = page_words(alt, None)
        role = Role.FRONT if position.get(raw.member, len(position)) < body_at else Role.BODY
        line, column = raw.line, raw.column
        out.append(PicturePage(location=book.loc(raw.member, line, column, label), kind=kind or Kind.OTHER,
                               role=role, alt=alt))
    return out
