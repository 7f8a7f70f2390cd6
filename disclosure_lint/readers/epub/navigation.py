"""Navigation and what each section is: the table of contents, the landmarks, the guide.

The EPUB 3 nav document gives table of contents labels and landmarks; without labels from it,
the EPUB 2 NCX gives them; the EPUB 2 ``guide`` gives landmarks too. A link to a fragment labels
that element only, not the whole document.

What each section the walk made is (`finish_sections`) comes from the shared classifier
(`sections.classify_sections`), which weighs its ``epub:type``, the nav landmarks or the EPUB 2
guide, its heading and its label in the table of contents, and its place before or after the
story. A section with no heading takes its label.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from lxml import etree

from ...model import Block, Kind, Location, Role, Section, Visibility
from ..css import local_name
from ..sections import Evidence, classify_sections
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
                label = collapse("".join(_text_nodes(a)))
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


def finish_sections(book: Container, raws: list[RawSection], package: Package) -> list[Section]:
    """The walk's sections, each with its kind and role, its blocks as the model's `Block`s."""
    raws = [r for r in raws if r.blocks]
    evidence: list[Evidence] = []
    seen_docs: set[str] = set()
    for raw in raws:
        keys = list(raw.keys)
        if raw.member not in seen_docs:  # a document's first section: the links to the file
            seen_docs.add(raw.member)
            if raw.member not in keys:
                keys.append(raw.member)
        landmark = next((package.landmarks[k] for k in keys if k in package.landmarks), None)
        toc_label = next((package.toc_labels[k] for k in keys if k in package.toc_labels), None)
        lm_kind, lm_role = epub_type_kind(landmark) if landmark else (None, None)
        # A specific kind wins over "chapter", which converters write on every section.
        stated = raw.type_kind if raw.type_kind not in (None, Kind.CHAPTER) else (lm_kind or raw.type_kind)
        # The words count where no trusted statement says what the section is, and the label
        # where the heading names nothing: they are read only then.
        trusted = stated is not None and stated is not Kind.CHAPTER
        named = classify_heading(raw.heading) if raw.heading and not trusted else Kind.OTHER
        evidence.append(Evidence(
            heading=named,
            label=(classify_heading(toc_label) if toc_label and not trusted and named is Kind.OTHER
                   else Kind.OTHER),
            stated=stated,
            stated_role=raw.type_role or lm_role,
            # The landmarks and the guide mark only where a part *starts*.
            body_starts=lm_role is Role.BODY and raw.type_role in (None, Role.BODY),
        ))
        if raw.heading is None and toc_label:
            raw.heading = toc_label
    classified = classify_sections(evidence)
    sections: list[Section] = []
    easy, shown = Visibility.EASY_TO_MISS, Visibility.VISIBLE
    display = book.display
    for raw, (kind, role) in zip(raws, classified, strict=True):
        heading = raw.heading
        # `book.loc` and keyword arguments, written out: this runs for every paragraph.
        path = f"{display}!/{raw.member}" if raw.member else display
        blocks = tuple([
            Block(text, Location(path, line, column, heading, number),
                  easy if where else shown, where, is_heading)
            for text, line, column, number, where, is_heading in raw.blocks
        ])
        first_block = raw.blocks[0]
        line, column = (raw.line, raw.column) if raw.line is not None else (first_block.line, first_block.column)
        sections.append(Section(
            role=role, kind=kind, heading=heading, blocks=blocks,
            location=book.loc(raw.member, line, column, heading, first_block.number),
            language=raw.language,
        ))
    return sections
