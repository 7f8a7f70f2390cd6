"""The OPF package document: the manifest, the spine (reading order), the metadata, and DRM.

- **Manifest and spine**: every manifest item resolved inside the container; the spine's
  documents in reading order, with their ``linear`` flag, and those laid out as fixed pages
  (``rendition:layout``, `fixed_layout_book`, `item_is_fixed`). A spine item is read when its
  media type is XHTML (`XHTML_TYPES`) or SVG (`SVG_TYPE`).
- **Metadata**: the title, the language and the authors (``dc:creator`` with no role or the
  ``aut`` role, through EPUB 3 ``refines`` or the EPUB 2 ``opf:role``), none of them a
  placeholder a tool wrote (`placeholders`). The description, rights, subject and abstract are
  never seen by a reader of the book: they are `HiddenText` (METADATA), escaped HTML as plain text.
- **Encryption**: ``META-INF/encryption.xml`` covering a content document is DRM and refuses the
  book; font obfuscation (a scrambled font, not the text) is fine.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator

from lxml import etree

from ... import patterns as rx
from ...errors import InputError
from ...model import AiUseMetadata, HiddenReason, HiddenText, Marker, Metadata
from ...provenance import (
    AI_SYSTEM_PROPERTY,
    IPTC_EXT_VOCABULARY,
    SCHEMA_VOCABULARY,
    SOURCE_TYPE_PROPERTY,
    TDM_VOCABULARY,
    expand,
    parse_prefixes,
)
from ..css import local_name
from ..identifiers import isbns
from ..markers import TDM_POLICY, TDM_RESERVATION
from ..placeholders import is_placeholder
from ..text import collapse
from .container import Container
from .markup import OPF_NS, XMLENC_NS, first, namespace_of

#: Font obfuscation (OCF 3.0 §4.3 "IDPF font obfuscation", and Adobe's older scheme): it
#: scrambles the first bytes of a font so it cannot be reused; it is not DRM on the text.
FONT_OBFUSCATION = frozenset({
    "http://www.idpf.org/2008/embedding",
    "http://ns.adobe.com/pdf/enc#RC",
})

XHTML_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/xml", "text/x-oeb1-document"})
#: An SVG content document (EPUB 3.3 §6.2): a page of a picture book may be one.
SVG_TYPE = "image/svg+xml"

_TAG = r"<[^>]*>"
_BLOCK_TAG = r"</?(p|br|div|li|ul|ol|h[1-6]|blockquote|tr|td|dd|dt)\b"


# Plain classes with slots, not dataclasses: a dataclass costs about a millisecond to define,
# which every check pays at import.


_NO_PROPERTIES: frozenset[str] = frozenset()


class Item:
    __slots__ = ("href", "media_type", "member", "properties")

    def __init__(self, member: str | None, media_type: str, properties: frozenset[str],
                 href: str) -> None:
        self.member = member
        self.media_type = media_type
        self.properties = properties
        self.href = href


class Package:
    __slots__ = ("fixed", "landmarks", "manifest", "opf", "spine", "toc_id", "toc_labels")

    def __init__(self, opf: str, manifest: dict[str, Item], spine: list[tuple[str, bool]],
                 toc_id: str | None) -> None:
        self.opf = opf
        self.manifest = manifest
        #: (manifest id, linear) in reading order.
        self.spine = spine
        self.toc_id = toc_id
        #: member or member#fragment → epub:type list (landmarks) or guide type.
        self.landmarks: dict[str, str] = {}
        #: member or member#fragment → table of contents label.
        self.toc_labels: dict[str, str] = {}
        #: The manifest ids of the spine items laid out as fixed pages (`fixed_layout_items`).
        self.fixed: frozenset[str] = frozenset()


def read_package(book: Container, opf: str) -> tuple[Package, Metadata, etree._Element]:
    """The package document's manifest and spine, its metadata, and its parsed root."""
    root = book.required_xml(opf)
    base = posixpath.dirname(opf)
    manifest: dict[str, Item] = {}
    for item in _children(root, OPF_NS, "manifest", "item"):
        item_id, href = item.get("id"), item.get("href")
        if not item_id or href is None:
            continue
        member, _ = book.resolve(base, href, what="manifest item", member=opf)
        properties = item.get("properties")
        manifest[item_id] = Item(member, (item.get("media-type") or "").strip().lower(),
                                 frozenset(properties.split()) if properties else _NO_PROPERTIES, href)
    spine_el = first(root, OPF_NS, "spine")
    if spine_el is None:
        raise InputError(f"{book.display}: damaged EPUB: the package document {opf} has no spine "
                         "(reading order)")
    spine: list[tuple[str, bool]] = []
    fixed: set[str] = set()
    whole_book = fixed_layout_book(root)
    for ref in spine_el:
        if local_name(ref) == "itemref" and ref.get("idref"):
            idref = ref.get("idref", "")
            spine.append((idref, (ref.get("linear") or "yes").strip() != "no"))
            if item_is_fixed(whole_book, ref.get("properties")):
                fixed.add(idref)
    if not spine:
        raise InputError(f"{book.display}: damaged EPUB: the spine of {opf} lists no documents")
    package = Package(opf=opf, manifest=manifest, spine=spine, toc_id=spine_el.get("toc"))
    package.fixed = frozenset(fixed)
    return package, _metadata(book, root, opf), root


#: The spine itemref properties that lay one item out as fixed pages or let it flow
#: (EPUB 3.3, "Fixed layouts", §8.2.2.2, ``rendition:layout`` overrides).
PRE_PAGINATED_ITEM = "rendition:layout-pre-paginated"
REFLOWABLE_ITEM = "rendition:layout-reflowable"


def fixed_layout_book(opf_root: etree._Element) -> bool:
    """Whether the package lays the whole book out as fixed pages: ``<meta
    property="rendition:layout">pre-paginated</meta>`` (EPUB 3.3 §8.2.2.1), or the older
    ``<meta name="fixed-layout" content="true"/>`` Kindle and Apple Books tools write."""
    md = first(opf_root, OPF_NS, "metadata")
    if md is None:
        return False
    for meta in md.iter(f"{{{OPF_NS}}}meta", "meta"):
        if meta.get("refines"):
            continue
        if meta.get("property") == "rendition:layout":
            return (meta.text or "").strip() == "pre-paginated"
        if (meta.get("name") or "").lower() == "fixed-layout":
            return (meta.get("content") or "").strip().lower() == "true"
    return False


def item_is_fixed(whole_book: bool, properties: str | None) -> bool:
    """Whether one spine item is a fixed page: its itemref's own ``rendition:layout-*`` property,
    else the book's."""
    words = (properties or "").split()
    if PRE_PAGINATED_ITEM in words:
        return True
    if REFLOWABLE_ITEM in words:
        return False
    return whole_book


def _metadata(book: Container, root: etree._Element, opf: str) -> Metadata:
    md = first(root, OPF_NS, "metadata")
    if md is None:
        return Metadata(location=book.loc(opf))
    refines: dict[str, list[tuple[str, str]]] = {}
    for meta in md.iter(f"{{{OPF_NS}}}meta", "meta"):
        target = meta.get("refines")
        if target and meta.get("property"):
            refines.setdefault(target.lstrip("#"), []).append(
                (meta.get("property", ""), collapse(meta.text or "")))
    title = language = description = None
    authors: list[str] = []
    identifiers: list[tuple[str, str | None]] = []
    for el in md.iter(etree.Element):
        if not namespace_of(el).startswith("http://purl.org/dc/elements/"):
            continue
        name = local_name(el)
        text = collapse("".join(el.itertext()))
        if not text:
            continue
        if name == "title" and title is None and not is_placeholder(text):
            title = text
        elif name == "language" and language is None:
            language = text
        elif name == "identifier":
            identifiers.append((text, _identifier_scheme(el, refines.get(el.get("id") or "", []))))
        elif name == "creator":
            roles = {v.lower() for p, v in refines.get(el.get("id") or "", []) if p == "role"}
            opf_role = el.get(f"{{{OPF_NS}}}role") or el.get("role")
            if opf_role:
                roles.add(opf_role.strip().lower())
            if (not roles or "aut" in roles) and not is_placeholder(text):
                authors.append(text)  # not "Unknown Author" (LibreOffice), "Unknown" (calibre)
        if name in ("description", "rights", "subject"):
            plain = _plain_text(text)
            if name == "description" and description is None:
                description = plain
            if plain:
                book.hidden.append(HiddenText(
                    text=plain, location=book.loc(opf, el.sourceline, 1),
                    reason=HiddenReason.METADATA, where=f"the package metadata (dc:{name})",
                ))
    for meta in md.iter(f"{{{OPF_NS}}}meta", "meta"):
        prop = meta.get("property") or ""
        if not meta.get("refines") and prop in ("schema:abstract", "dcterms:abstract",
                                                "dcterms:description"):
            plain = _plain_text(collapse(meta.text or ""))
            if plain:
                book.hidden.append(HiddenText(
                    text=plain, location=book.loc(opf, meta.sourceline, 1),
                    reason=HiddenReason.METADATA, where=f"the package metadata ({prop})",
                ))
    return Metadata(title=title, authors=tuple(authors), language=language,
                    description=description, location=book.loc(opf, md.sourceline, 1),
                    identifiers=isbns(identifiers), ai_use=_ai_use_and_markers(book, root, md, opf))


#: ONIX code list 5 (product identifier type), as EPUB 3 refines an identifier with it:
#: 02 is ISBN-10, 15 is ISBN-13.
_ONIX_ISBN = frozenset({"02", "15"})


def _identifier_scheme(el: etree._Element, refined: list[tuple[str, str]]) -> str | None:
    """The scheme an identifier says it is in: EPUB 2's `opf:scheme`, or EPUB 3's refining
    `identifier-type` (ONIX code list 5's 02 and 15 are ISBNs)."""
    scheme = el.get(f"{{{OPF_NS}}}scheme") or el.get("scheme")
    if scheme:
        return scheme
    for prop, value in refined:
        if prop == "identifier-type":
            return "ISBN" if value in _ONIX_ISBN else value
    return None


#: What a `<meta>` property (EPUB 3) or name (EPUB 2) stands for, expanded to its IRI.
_SOURCE_TYPE = {base + "digitalSourceType" for base in SCHEMA_VOCABULARY}
_AI_SYSTEM = IPTC_EXT_VOCABULARY + AI_SYSTEM_PROPERTY.partition(":")[2]
_TDM = {TDM_VOCABULARY + "reservation": TDM_RESERVATION, TDM_VOCABULARY + "policy": TDM_POLICY}


def _ai_use_and_markers(book: Container, root: etree._Element, md: etree._Element, opf: str,
                        ) -> AiUseMetadata | None:
    """The package's AI-use statement (`provenance`: what `insert` writes), if it makes one; its
    TDMRep metadata goes to `book.markers`. EPUB 3 names a property by a prefix the package
    declares (or a reserved one); EPUB 2's ``<meta name content>`` by the same words, unexpanded."""
    prefixes = parse_prefixes(root.get("prefix"))
    source: str | None = None
    systems: list[str] = []
    where = None
    for meta in md.iter(f"{{{OPF_NS}}}meta", "meta"):
        if meta.get("refines"):
            continue
        prop, value = meta.get("property"), collapse(meta.text or "")
        if prop is None:  # EPUB 2: <meta name="..." content="..."/>
            prop, value = meta.get("name"), collapse(meta.get("content") or "")
        if not prop or not value:
            continue
        iri = expand(prop, prefixes)
        if iri in _SOURCE_TYPE or prop.strip() == SOURCE_TYPE_PROPERTY:
            source = source or value
            where = where or meta.sourceline
        elif iri == _AI_SYSTEM or prop.strip() == AI_SYSTEM_PROPERTY:
            systems.append(value)
            where = where or meta.sourceline
        elif iri in _TDM or prop.strip() in ("tdm:reservation", "tdm:policy"):
            kind = _TDM.get(iri) or (TDM_RESERVATION if prop.strip().endswith("reservation") else TDM_POLICY)
            book.markers.append(Marker(kind, value, book.loc(opf, meta.sourceline, 1)))
    if source is None and not systems:
        return None
    return AiUseMetadata(source, tuple(systems), None, book.loc(opf, where, 1))


def check_encryption(book: Container, package: Package) -> None:
    """Refuse DRM (OCF ``encryption.xml`` covering content documents); font obfuscation is fine.
    The members it covers are kept in `Container.encrypted`, never to be read."""
    name = book.find("META-INF/encryption.xml")
    if name is None:
        return
    root = book.required_xml(name)
    spine_members = {package.manifest[i].member for i, _ in package.spine if i in package.manifest}
    spine_members.discard(None)
    content = {book.find(m) or m for m in spine_members if m} | {package.opf}
    covered: list[str] = []
    for data in root.iter(f"{{{XMLENC_NS}}}EncryptedData"):
        method = data.find(f"{{{XMLENC_NS}}}EncryptionMethod")
        algorithm = (method.get("Algorithm") if method is not None else None) or ""
        for ref in data.iter(f"{{{XMLENC_NS}}}CipherReference"):
            uri = ref.get("URI")
            if not uri:
                continue
            member, _ = book.resolve("", uri, what="encrypted resource", member=name)
            if member is None:
                continue
            member = book.find(member) or member
            if algorithm in FONT_OBFUSCATION and member not in content:
                continue
            if member in content and _looks_like_xml(book.zf, member):
                # Declared encrypted, yet plain markup (a test file, a tool's slip): read it.
                book.warn("META-INF/encryption.xml lists this document as encrypted, but it "
                          "is readable; checked as it is", member)
                continue
            book.encrypted.add(member)
            if member in content:
                covered.append(member)
    if covered:
        raise InputError(
            f"{book.display}: refused: the text is DRM-encrypted (META-INF/encryption.xml covers "
            f"{covered[0]}{f' and {len(covered) - 1} more' if len(covered) > 1 else ''}); "
            "check the DRM-free EPUB you made, not the one a store delivered"
        )


def _children(root: etree._Element, namespace: str, parent: str, child: str) -> Iterator[etree._Element]:
    container = first(root, namespace, parent)
    if container is None:
        return
    for el in container:
        if local_name(el) == child:
            yield el


def _plain_text(text: str) -> str:
    """Metadata that holds escaped HTML (Standard Ebooks' long description) as plain text."""
    if "<" in text:
        block_tag = rx.compile(_BLOCK_TAG, re.IGNORECASE)
        text = rx.compile(_TAG).sub(lambda m: " " if block_tag.match(m.group(0)) else "", text)
    if "&" in text:
        import html

        text = html.unescape(text)
    return collapse(text)


def _looks_like_xml(zf: zipfile.ZipFile, member: str) -> bool:
    """Whether a member starts like markup (an encrypted one is random bytes)."""
    try:
        with zf.open(member) as fh:
            head = fh.read(64)
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, RuntimeError, ValueError,
            NotImplementedError, EOFError):
        return False
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
