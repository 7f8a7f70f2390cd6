"""The OPC package of a Word document: its parts, their relationships, the main part, the metadata.

- **Parts** are inflated on demand through the shared guards (`safety.read_member`), each at
  most once a read, with ISO/IEC 29500 Strict namespaces mapped to the transitional ones before
  parsing (`wordml.to_transitional`). OPC part names are case-insensitive.
- **The main part** is the target of the package's ``officeDocument`` relationship
  (ECMA-376 Part 2 §9.3), not an assumed ``word/document.xml``.
- **Core properties**: the title, the language and the authors (``dc:creator``, split at
  semicolons), none of them a placeholder a tool wrote (`placeholders`). Description, subject
  and keywords are never seen by a reader of the book: they are `HiddenText` (METADATA).
- **Custom properties** (``docProps/custom.xml``, ECMA-376 Part 1 §22.3): the AI-use statement
  `insert` writes (`provenance`), read into `Metadata.ai_use`.
"""

from __future__ import annotations

import posixpath
import zipfile
from typing import TYPE_CHECKING
from urllib.parse import unquote

from ... import patterns as rx
from ...errors import InputError
from ...model import AiUseMetadata, HiddenReason, HiddenText, Location, Metadata
from ...provenance import AI_SYSTEM_PROPERTY, SOURCE_TYPE_PROPERTY, SYSTEM_SEPARATOR
from ..identifiers import isbns
from ..markers import MAGIC_UTF8
from ..placeholders import is_placeholder
from ..safety import Limits, parse_xml, read_member
from ..text import collapse
from ..wordml import W, to_transitional
from ..xml_chars import document_chars

if TYPE_CHECKING:
    from lxml import etree

    Element = etree._Element

PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
DC = "{http://purl.org/dc/elements/1.1/}"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"


class Rel:
    __slots__ = ("kind", "target")

    def __init__(self, kind: str, target: str | None) -> None:
        self.kind = kind  # the last segment of the relationship type ("styles", "header", ...)
        self.target = target  # part name inside the package, None for an external target


class Package:
    """The parts of one OPC package, inflated on demand through the shared guards."""

    def __init__(self, zf: zipfile.ZipFile, display: str, limits: Limits) -> None:
        self.zf = zf
        self.display = display
        self.limits = limits
        self.budget = [limits.max_total_bytes]
        # OPC part names are case-insensitive (ECMA-376 Part 2 §9.1.1.1).
        self.names = {n.lower(): n for n in zf.namelist()}
        #: Parts (lower-cased names) that hold a C2PA text manifest (`readers.markers`).
        self.c2pa: set[str] = set()
        #: The characters other than printable ASCII the main part's text may hold (or more),
        #: from its bytes (`xml_chars`; None: unknown), found by `main_part`.
        self.main_chars: frozenset[str] | None = None

    def has(self, name: str) -> bool:
        return name.lower() in self.names

    def xml(self, name: str, *, chars: bool = False) -> Element | None:
        """Parse a part, or None when the package lacks it; with `chars`, `main_chars` found from
        its bytes."""
        real = self.names.get(name.lower())
        if real is None:
            return None
        data = to_transitional(read_member(self.zf, real, self.limits, self.budget))
        if MAGIC_UTF8 in data:
            self.c2pa.add(name.lower())
        if chars:
            self.main_chars = document_chars(data)
        return parse_xml(data, part=f"{self.display}: {real}")

    def rels(self, part: str) -> dict[str, Rel]:
        """The relationships of a part ('' for the package), by id."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, Rel] = {}
        if root is None:
            return out
        for rel in root.iter(PKG_REL):
            rtype = rel.get("Type", "")
            target = rel.get("Target", "")
            name: str | None = None
            if rel.get("TargetMode", "Internal") != "External" and target:
                target = unquote(target)
                joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                name = posixpath.normpath(joined)
            out[rel.get("Id", "")] = Rel(rtype.rstrip("/").rsplit("/", 1)[-1], name)
        return out

    def main_part(self, package_rels: dict[str, Rel]) -> tuple[str, Element]:
        """The main document part's name and root: a Word document's, or the book is refused."""
        display = self.display
        main = next((r.target for r in package_rels.values()
                     if r.kind == "officeDocument" and r.target), None)
        if main is None:
            raise InputError(f"{display}: no main document (officeDocument relationship in "
                             "_rels/.rels); the file is damaged, save it again from Word")
        root = self.xml(main, chars=True)
        if root is None:
            raise InputError(f"{display}: the main document part {main} is missing; the file "
                             "is damaged, save it again from Word")
        if root.tag != W + "document":
            local = root.tag.rsplit("}", 1)[-1] if isinstance(root.tag, str) else "?"
            raise InputError(f"{display}: an Office package whose main part {main} is "
                             f"<{local}>, not a Word document")
        return main, root


def core_properties(pkg: Package, package_rels: dict[str, Rel],
                    hidden: list[HiddenText]) -> tuple[Metadata, list[str]]:
    """The core properties' metadata (its authors left out) and its authors; what they hold that
    no reader sees is added to `hidden`."""
    location = Location(pkg.display, None, None, None, None)
    core_name = next((r.target for r in package_rels.values()
                      if r.kind == "core-properties" and r.target), None)
    if core_name is None and pkg.has("docProps/core.xml"):
        core_name = "docProps/core.xml"
    core = pkg.xml(core_name) if core_name else None
    title = language = description = None
    authors: list[str] = []
    identifiers: list[tuple[str, str | None]] = []
    if core is not None:
        def text(tag: str) -> str | None:
            el = core.find(tag)
            value = collapse(el.text or "") if el is not None else ""
            return None if is_placeholder(value) else value
        title = text(DC + "title")
        language = text(DC + "language")
        identifiers += [(collapse(el.text or ""), None) for el in core.iter(DC + "identifier")]
        description = text(DC + "description")
        creator = core.find(DC + "creator")
        if creator is not None and creator.text:
            for name in rx.split(r"\s*;\s*", creator.text):
                name = collapse(name)
                if not is_placeholder(name) and name not in authors:
                    authors.append(name)
        for tag, label in ((DC + "description", "description"), (DC + "subject", "subject"),
                           (CP + "keywords", "keywords")):
            value = text(tag)
            if value:
                hidden.append(HiddenText(value, location, HiddenReason.METADATA,
                                         f"document properties ({label})"))
    properties = custom_properties(pkg, package_rels)
    identifiers += [(value, name) for name, value in properties.items() if "isbn" in name.lower()]
    return Metadata(title=title, authors=(), language=language, description=description,
                    location=location, identifiers=isbns(identifiers),
                    ai_use=_ai_use(properties, location)), authors


_VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"


def custom_properties(pkg: Package, package_rels: dict[str, Rel]) -> dict[str, str]:
    """The document's custom properties (`docProps/custom.xml`, File > Properties > Custom in
    Word): name to value as text, for the text and number ones."""
    name = next((r.target for r in package_rels.values() if r.kind == "custom-properties" and r.target), None)
    root = pkg.xml(name) if name else None
    found: dict[str, str] = {}
    if root is None:
        return found
    for prop in root:
        key = prop.get("name")
        tag = prop[0].tag if len(prop) == 1 else None
        if not key or not isinstance(tag, str) or not tag.startswith(_VT):
            continue
        value = collapse(prop[0].text or "")
        if value:
            found.setdefault(key, value)
    return found


def _ai_use(properties: dict[str, str], location: Location) -> AiUseMetadata | None:
    """The AI-use statement among the document's custom properties (`provenance`: what `insert`
    writes), if it makes one."""
    source = properties.get(SOURCE_TYPE_PROPERTY)
    systems = properties.get(AI_SYSTEM_PROPERTY)
    if source is None and systems is None:
        return None
    names = tuple(s.strip() for s in (systems or "").split(SYSTEM_SEPARATOR.strip()) if s.strip())
    return AiUseMetadata(source, names, None, location)
