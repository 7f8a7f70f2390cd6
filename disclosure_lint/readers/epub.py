"""EPUB 2 and 3 reader: the spine's XHTML in reading order, with semantics and CSS hiding.

Only the members the analysis needs are ever inflated, each through the bounded
`safety.read_member`: ``META-INF/container.xml``, the OPF package document, the EPUB 3 nav or
EPUB 2 NCX, ``META-INF/encryption.xml`` when present, the spine's XHTML and the stylesheets it
links. Images, fonts, audio and video are never touched, so time and memory follow the text,
not the pictures (ebooklib reads every manifest item into memory: do not read through it).

Sections open at ``body``/``section`` elements with an ``epub:type`` (EPUB 3 Structural
Semantics Vocabulary) and at headings: h1–h6, or, in a document that marks none, a short paragraph
that CSS makes look like one (`sections.heading_line`, the rule the DOCX reader applies to direct
formatting: calibre turns a Word manuscript's headings into ``<p class="block_3">``). What each
section is comes from the shared classifier (`sections.classify_sections`), which weighs its
``epub:type``, the nav landmarks or the EPUB 2 guide, its heading and its label in the table of
contents, and its place before or after the story.

Visibility follows what a reading system renders: the ``hidden`` attribute, and CSS inline or
through the book's style sheets (simple selectors, parsed with tinycss2; the selector and cascade
engine is `css`): ``display:none``, ``visibility:hidden``/``collapse``, opacity, text coloured like
its background, a font too small to read, text moved off the page or clipped out of sight, as
`css_hiding` defines them (and ``<font color>``, a presentational hint under every rule); the
root ``html`` element's style counts too. ``aria-hidden`` hides nothing from a sighted reader, so
it is visible. Comments and
package metadata are never seen. Without ``dc:creator`` (or with only a placeholder a tool wrote,
`placeholders`), the title page's "by NAME" line (`byline`) names the author, as in DOCX and
Markdown.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote

from lxml import etree

from .. import patterns as rx
from ..errors import InputError
from ..model import (
    Block,
    Diagnostic,
    HiddenReason,
    HiddenText,
    Kind,
    Location,
    Manuscript,
    Metadata,
    Role,
    Section,
    Visibility,
)
from .byline import title_page_authors
from .css import (
    LOCAL_NAMES,
    Pruner,
    Rule,
    RuleIndex,
    block_look,
    css_may_hide,
    css_may_style,
    declarations,
    load_tinycss2,
    local_name,
    look_declarations,
    media_applies,
    parse_selector,
    specificity,
    split_selectors,
)
from .css_hiding import BLOCK_ELEMENTS, HIDDEN_ATTRIBUTE, HINTED_ELEMENTS, Hiding, Look, html_colours
from .language import declared_language
from .placeholders import is_placeholder
from .safety import (
    DEFAULT_LIMITS,
    Limits,
    UnsafeXMLError,
    open_zip,
    parse_xml,
    read_member,
    sniff,
    xml_problem,
)
from .sections import (
    HEADING_LINE_CHARS,
    Evidence,
    classify_sections,
    heading_candidate,
    heading_line,
)
from .text import collapse
from .vocabulary import classify_heading, epub_type_kind

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

CONTAINER_NS = "urn:oasis:names:tc:opendocument:xmlns:container"
OPF_NS = "http://www.idpf.org/2007/opf"
XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
NCX_NS = "http://www.daisy.org/z3986/2005/ncx/"
XMLENC_NS = "http://www.w3.org/2001/04/xmlenc#"

EPUB_TYPE = f"{{{EPUB_NS}}}type"

#: Font obfuscation (OCF 3.0 §4.3 "IDPF font obfuscation", and Adobe's older scheme): it
#: scrambles the first bytes of a font so it cannot be reused; it is not DRM on the text.
FONT_OBFUSCATION = frozenset({
    "http://www.idpf.org/2008/embedding",
    "http://ns.adobe.com/pdf/enc#RC",
})

XHTML_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/xml", "text/x-oeb1-document"})

#: Where text of a spine item marked linear="no" lives, in a writer's words.
NON_LINEAR = "a non-linear item (outside the reading order)"
#: Pop-up notes (EPUB 3 `aside epub:type="footnote"`) are hidden until a reader taps the noteref.
FOOTNOTE = "a pop-up footnote"

#: Elements that start and end a paragraph-like block (the rest is inline text).
BLOCK_TAGS = BLOCK_ELEMENTS
HEADING_RANK = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
#: Elements whose content is never rendered as text.
SKIPPED_TAGS = frozenset({"head", "script", "style", "template", "title", "desc", "metadata", "noscript"})
#: Elements that may open a section when they carry a known epub:type.
SECTIONING_TAGS = frozenset({"section", "article", "nav", "div", "aside", "body"})
NOTE_TYPES = frozenset({"footnote", "endnote", "note", "rearnote"})
#: Elements that may be a heading made only with CSS, and those that may hold one: a paragraph
#: inside a list, a table, a quotation or a note is not a heading.
STYLED_HEADING_TAGS = frozenset({"p", "div"})
SECTION_BLOCKS = frozenset({"body", "section", "article", "main", "div", "header"})
#: A heading made with CSS opens a section after any heading, as an h1 does.
STYLED_HEADING_RANK = 1
_HEADING_NAMES = tuple(f"{{{XHTML_NS}}}h{n}" for n in range(1, 7)) + tuple(f"h{n}" for n in range(1, 7))

_SCHEME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_SCHEME_CHARS = _SCHEME_START | frozenset("0123456789+.-")
_NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})
#: Markup tokens in source order, to find each element's line and column in the raw bytes.
_MARKUP = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<!DOCTYPE(?:[^>\[]|\[.*?\])*>|<\?.*?\?>|<([A-Za-z_][\w.\-]*(?::[\w.\-]+)?)",
    re.DOTALL,
)
_TAG = r"<[^>]*>"
_BLOCK_TAG = r"</?(p|br|div|li|ul|ol|h[1-6]|blockquote|tr|td|dd|dt)\b"



def read(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Manuscript:
    """Read an EPUB 2 or 3 file into the shared manuscript model."""
    kind = sniff(path)
    if kind != "zip":
        raise InputError(f"{path}: not an EPUB: the file is not a zip package ({kind}); export it again")
    zf = open_zip(path, limits)
    with zf:
        return _EpubReader(path, zf, limits).read()


# ---------------------------------------------------------------------------------------------
# Package: container, OPF, nav/NCX, guide, encryption


# Plain classes with slots, not dataclasses: a dataclass costs about a millisecond to define,
# which every check pays at import.


class _Item:
    __slots__ = ("href", "media_type", "member", "properties")

    def __init__(self, member: str | None, media_type: str, properties: frozenset[str],
                 href: str) -> None:
        self.member = member
        self.media_type = media_type
        self.properties = properties
        self.href = href


class _Package:
    __slots__ = ("landmarks", "manifest", "opf", "spine", "toc_id", "toc_labels")

    def __init__(self, opf: str, manifest: dict[str, _Item], spine: list[tuple[str, bool]],
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


class _EpubReader:
    def __init__(self, path: Path, zf: zipfile.ZipFile, limits: Limits) -> None:
        self.path = path
        self.display = str(path)
        self.zf = zf
        self.limits = limits
        self.budget = [limits.max_total_bytes]
        self.warnings: list[Diagnostic] = []
        self.hidden: list[HiddenText] = []
        self.names = set(zf.namelist())
        self.folded: dict[str, str] = {}
        for name in zf.namelist():
            self.folded.setdefault(name.casefold(), name)
        self.css_cache: dict[str, list[Rule]] = {}
        #: The rules that give a heading's look, by style sheet (read only when a paragraph
        #: could be a heading made with CSS), and the raw sheets they are parsed from.
        self.look_cache: dict[str, list[Rule]] = {}
        self.css_data: dict[str, bytes] = {}
        #: True while the style sheets are read again for their look: their problems are told once.
        self.quiet = False
        #: Style sheets not parsed, since nothing in them can hide (`css.css_may_hide`), and
        #: whether the document being read needs every sheet parsed all the same.
        self.unparsed: set[str] = set()
        self.every_sheet = False
        self.pruner = Pruner()
        self.rule_order = 0
        self.encrypted: set[str] = set()

    # -- helpers --------------------------------------------------------------------------

    def loc(self, member: str | None, line: int | None = None, column: int | None = None,
            section: str | None = None, block: int | None = None) -> Location:
        path = f"{self.display}!/{member}" if member else self.display
        return Location(path=path, line=line, column=column, section=section, block=block)

    def warn(self, message: str, member: str | None = None, line: int | None = None) -> None:
        if self.quiet:
            return
        self.warnings.append(Diagnostic(message=message, location=self.loc(member, line)))

    def find(self, member: str) -> str | None:
        """The zip name of a member, tolerating a case mismatch as reading systems do."""
        if member in self.names:
            return member
        return self.folded.get(member.casefold())

    def resolve(self, base_dir: str, href: str, *, what: str, member: str | None,
                warn_external: bool = False) -> tuple[str | None, str]:
        """Resolve an href inside the zip only; return (member path or None, fragment).

        Nothing is ever looked up on the file system: an href with a scheme, an absolute path or
        one that climbs out of the container (``../../etc/passwd``) is ignored.
        """
        href = href.strip()
        target, _, fragment = href.partition("#")
        if not target:
            return None, fragment
        if _has_scheme(target):
            if warn_external:
                self.warn(f"{what} {href!r} is outside the EPUB; ignored", member)
            return None, fragment
        target = unquote(target.partition("?")[0])
        if target.startswith(("/", "\\")) or "\\" in target or "\x00" in target:
            self.warn(f"{what} {href!r} is an absolute path; ignored (never read outside the EPUB)",
                      member)
            return None, fragment
        resolved = posixpath.normpath(posixpath.join(base_dir, target))
        if resolved == ".." or resolved.startswith("../") or resolved.startswith("/"):
            self.warn(f"{what} {href!r} points outside the EPUB container; ignored", member)
            return None, fragment
        return resolved, fragment

    def parse(self, member: str, *, required: bool) -> tuple[etree._Element, bytes] | None:
        """Parse one member safely; a damaged one is recovered with a warning, never a traceback.

        Entity declarations are refused outright (`UnsafeXMLError`), recovered from never. HTML
        named entities such as ``&nbsp;``, which XHTML uses without loading its DTD, become
        character references first. A member that cannot be recovered refuses the book when it
        is `required` (container, package), else it is skipped with a warning.
        """
        data = read_member(self.zf, member, self.limits, self.budget)
        part = f"{self.display}!/{member}"
        prepared = _NAMED_ENTITY.sub(_numeric_entity, data) if b"&" in data else data
        try:
            return parse_xml(prepared, part=part), data
        except UnsafeXMLError:
            raise
        except InputError as exc:
            first = exc
        try:
            root = parse_xml(prepared, part=part, recover=True)
        except UnsafeXMLError:
            raise
        except InputError:
            if required:
                raise first from None
            self.warn(f"unreadable XML ({_reason(first)}); skipped", member)
            return None
        self.warn(f"damaged XML ({_reason(first)}); read what could be recovered", member)
        return root, data

    def read_xml(self, member: str) -> etree._Element | None:
        parsed = self.parse(member, required=False)
        return parsed[0] if parsed else None

    def required_xml(self, member: str) -> etree._Element:
        parsed = self.parse(member, required=True)
        assert parsed is not None
        return parsed[0]

    # -- reading --------------------------------------------------------------------------

    def read(self) -> Manuscript:
        opf = self.container()
        package, meta, opf_root = self.package(opf)
        self.check_encryption(package)
        self.navigation(package, opf_root)
        docs: list[_RawSection] = []
        seen: set[str] = set()
        for idref, linear in package.spine:
            item = package.manifest.get(idref)
            if item is None:
                self.warn(f"spine item {idref!r} is not in the manifest; skipped", opf)
                continue
            if item.member is None:
                continue
            member = self.find(item.member)
            if member is None:
                self.warn(f"spine item {item.href!r} is missing from the EPUB; skipped", opf)
                continue
            if item.media_type not in XHTML_TYPES:
                if "svg" in item.media_type:
                    self.warn("spine item is an SVG document; its text is not checked", member)
                continue
            if member in seen:
                continue  # a repeated itemref shows the same document once
            seen.add(member)
            if member in self.encrypted:
                continue
            docs.extend(self.document(member, linear))
        sections = self.finish_sections(docs, package)
        if not meta.authors:  # no dc:creator: the title page may name the author, as in DOCX and Markdown
            meta = meta._replace(authors=title_page_authors(sections))
        return Manuscript(
            path=self.display, format="epub", metadata=meta, sections=tuple(sections),
            hidden=tuple(self.hidden), warnings=tuple(self.warnings),
        )

    def container(self) -> str:
        name = self.find("META-INF/container.xml")
        if name is None:
            raise InputError(f"{self.display}: not an EPUB: META-INF/container.xml is missing; "
                             "export the book again")
        root = self.required_xml(name)
        rootfiles = [r for r in root.iter(f"{{{CONTAINER_NS}}}rootfile", "rootfile") if r.get("full-path")]
        # The OPF rootfile first; a wrong media-type is a common tool slip that readers forgive.
        rootfiles.sort(key=lambda r: r.get("media-type") != "application/oebps-package+xml")
        for rootfile in rootfiles:
            full_path = rootfile.get("full-path", "")
            resolved, _ = self.resolve("", full_path, what="package document", member=name)
            if resolved is None:
                continue
            found = self.find(resolved)
            if found is None:
                raise InputError(f"{self.display}: damaged EPUB: the package document {resolved!r} "
                                 "named in META-INF/container.xml is missing")
            return found
        raise InputError(f"{self.display}: damaged EPUB: META-INF/container.xml names no package "
                         "document (OPF)")

    def package(self, opf: str) -> tuple[_Package, Metadata, etree._Element]:
        root = self.required_xml(opf)
        base = posixpath.dirname(opf)
        manifest: dict[str, _Item] = {}
        for item in _children(root, OPF_NS, "manifest", "item"):
            item_id, href = item.get("id"), item.get("href")
            if not item_id or href is None:
                continue
            member, _ = self.resolve(base, href, what="manifest item", member=opf)
            manifest[item_id] = _Item(
                member=member, href=href, media_type=(item.get("media-type") or "").strip().lower(),
                properties=frozenset((item.get("properties") or "").split()),
            )
        spine_el = _first(root, OPF_NS, "spine")
        if spine_el is None:
            raise InputError(f"{self.display}: damaged EPUB: the package document {opf} has no spine "
                             "(reading order)")
        spine: list[tuple[str, bool]] = []
        for ref in spine_el:
            if local_name(ref) == "itemref" and ref.get("idref"):
                spine.append((ref.get("idref", ""), (ref.get("linear") or "yes").strip() != "no"))
        if not spine:
            raise InputError(f"{self.display}: damaged EPUB: the spine of {opf} lists no documents")
        package = _Package(opf=opf, manifest=manifest, spine=spine, toc_id=spine_el.get("toc"))
        return package, self.metadata(root, opf), root

    def metadata(self, root: etree._Element, opf: str) -> Metadata:
        md = _first(root, OPF_NS, "metadata")
        if md is None:
            return Metadata(location=self.loc(opf))
        refines: dict[str, list[tuple[str, str]]] = {}
        for meta in md.iter(f"{{{OPF_NS}}}meta", "meta"):
            target = meta.get("refines")
            if target and meta.get("property"):
                refines.setdefault(target.lstrip("#"), []).append(
                    (meta.get("property", ""), collapse(meta.text or "")))
        title = language = description = None
        authors: list[str] = []
        for el in md.iter(etree.Element):
            if not _ns(el).startswith("http://purl.org/dc/elements/"):
                continue
            name = local_name(el)
            text = collapse("".join(el.itertext()))
            if not text:
                continue
            if name == "title" and title is None and not is_placeholder(text):
                title = text
            elif name == "language" and language is None:
                language = text
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
                    self.hidden.append(HiddenText(
                        text=plain, location=self.loc(opf, el.sourceline, 1),
                        reason=HiddenReason.METADATA, where=f"the package metadata (dc:{name})",
                    ))
        for meta in md.iter(f"{{{OPF_NS}}}meta", "meta"):
            prop = meta.get("property") or ""
            if not meta.get("refines") and prop in ("schema:abstract", "dcterms:abstract",
                                                    "dcterms:description"):
                plain = _plain_text(collapse(meta.text or ""))
                if plain:
                    self.hidden.append(HiddenText(
                        text=plain, location=self.loc(opf, meta.sourceline, 1),
                        reason=HiddenReason.METADATA, where=f"the package metadata ({prop})",
                    ))
        return Metadata(title=title, authors=tuple(authors), language=language,
                        description=description, location=self.loc(opf, md.sourceline, 1))

    def check_encryption(self, package: _Package) -> None:
        """Refuse DRM (OCF ``encryption.xml`` covering content documents); font obfuscation is fine."""
        name = self.find("META-INF/encryption.xml")
        if name is None:
            return
        root = self.required_xml(name)
        spine_members = {package.manifest[i].member for i, _ in package.spine if i in package.manifest}
        spine_members.discard(None)
        content = {self.find(m) or m for m in spine_members if m} | {package.opf}
        covered: list[str] = []
        for data in root.iter(f"{{{XMLENC_NS}}}EncryptedData"):
            method = data.find(f"{{{XMLENC_NS}}}EncryptionMethod")
            algorithm = (method.get("Algorithm") if method is not None else None) or ""
            for ref in data.iter(f"{{{XMLENC_NS}}}CipherReference"):
                uri = ref.get("URI")
                if not uri:
                    continue
                member, _ = self.resolve("", uri, what="encrypted resource", member=name)
                if member is None:
                    continue
                member = self.find(member) or member
                if algorithm in FONT_OBFUSCATION and member not in content:
                    continue
                if member in content and _looks_like_xml(self.zf, member):
                    # Declared encrypted, yet plain markup (a test file, a tool's slip): read it.
                    self.warn("META-INF/encryption.xml lists this document as encrypted, but it "
                              "is readable; checked as it is", member)
                    continue
                self.encrypted.add(member)
                if member in content:
                    covered.append(member)
        if covered:
            raise InputError(
                f"{self.display}: refused: the text is DRM-encrypted (META-INF/encryption.xml covers "
                f"{covered[0]}{f' and {len(covered) - 1} more' if len(covered) > 1 else ''}); "
                "check the DRM-free EPUB you made, not the one a store delivered"
            )

    def navigation(self, package: _Package, opf_root: etree._Element) -> None:
        """Table of contents labels and landmarks: EPUB 3 nav, else EPUB 2 NCX; the EPUB 2 guide."""
        opf_dir = posixpath.dirname(package.opf)
        nav = next((i for i in package.manifest.values() if "nav" in i.properties and i.member), None)
        if nav is not None and nav.member is not None and (member := self.find(nav.member)):
            self.read_nav(member, package)
        if not package.toc_labels:
            ncx = package.manifest.get(package.toc_id or "")
            if ncx is None:
                ncx = next((i for i in package.manifest.values()
                            if i.media_type == "application/x-dtbncx+xml"), None)
            if ncx is not None and ncx.member is not None and (member := self.find(ncx.member)):
                self.read_ncx(member, package)
        guide = _first(opf_root, OPF_NS, "guide")
        if guide is not None:
            for ref in guide:
                if local_name(ref) != "reference" or not ref.get("type") or not ref.get("href"):
                    continue
                target, fragment = self.resolve(opf_dir, ref.get("href", ""), what="guide reference",
                                                 member=package.opf)
                if target is not None:
                    key = f"{self.find(target) or target}#{fragment}" if fragment else (
                        self.find(target) or target)
                    package.landmarks.setdefault(key, ref.get("type", ""))

    def read_nav(self, member: str, package: _Package) -> None:
        root = self.read_xml(member)
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
                target, fragment = self.resolve(base, href, what="navigation link", member=member)
                if target is None:
                    continue
                target = self.find(target) or target
                # A link to a fragment labels that element only, not the whole document.
                key = f"{target}#{fragment}" if fragment else target
                if "landmarks" in types:
                    package.landmarks.setdefault(key, a.get(EPUB_TYPE) or "")
                else:
                    label = collapse("".join(_text_nodes(a)))
                    if label:
                        package.toc_labels.setdefault(key, label)

    def read_ncx(self, member: str, package: _Package) -> None:
        root = self.read_xml(member)
        if root is None:
            return
        base = posixpath.dirname(member)
        for point in root.iter(f"{{{NCX_NS}}}navPoint", "navPoint"):
            label_el = point.find(f"{{{NCX_NS}}}navLabel")
            content = point.find(f"{{{NCX_NS}}}content")
            if label_el is None or content is None or not content.get("src"):
                continue
            target, fragment = self.resolve(base, content.get("src", ""), what="NCX link", member=member)
            if target is None:
                continue
            target = self.find(target) or target
            label = collapse("".join(label_el.itertext()))
            if label:
                package.toc_labels.setdefault(f"{target}#{fragment}" if fragment else target, label)

    # -- content documents ------------------------------------------------------------------

    def document(self, member: str, linear: bool) -> list[_RawSection]:
        parsed = self.parse(member, required=False)
        if parsed is None:
            return []
        root, data = parsed
        if not isinstance(root.tag, str):
            return []
        base = posixpath.dirname(member)
        # A style attribute's text-indent off the page is undone by a descendant's own indent,
        # which a style sheet with nothing that hides may give (`p { text-indent: 1em }`).
        self.every_sheet = b"text-indent" in data
        rules = self.document_rules(root, member, base)
        if rules:
            rules = self.pruner(rules, data)
        walker = _Walker(self, member, root, data, rules,
                         where=None if linear else NON_LINEAR)
        return walker.walk()

    def document_rules(self, root: etree._Element, member: str, base: str, *,
                       look: bool = False) -> list[Rule]:
        """The rules of the stylesheets a document links and embeds, in cascade order: those that
        can hide text, or with `look` those that give a heading's look (`css.look_declarations`)."""
        head = _first(root, XHTML_NS, "head")
        rules: list[Rule] = []
        if head is None:
            return rules
        for el in head:
            name = local_name(el)
            if not media_applies(el.get("media")):
                continue
            if name == "link":
                rel = (el.get("rel") or "").lower().split()
                if "stylesheet" not in rel or "alternate" in rel or not el.get("href"):
                    continue
                target, _ = self.resolve(base, el.get("href", ""), what="stylesheet", member=member,
                                         warn_external=True)
                if target is not None:
                    rules.extend(self.stylesheet(target, member, depth=0, look=look))
            elif name == "style":
                text = "".join(el.itertext())
                if css_may_style(text) if look else (self.every_sheet or css_may_hide(text)):
                    rules.extend(self.parse_css(load_tinycss2().parse_stylesheet(
                        text, skip_comments=True, skip_whitespace=True), base, member, depth=0,
                        look=look))
        return rules

    def stylesheet(self, target: str, referrer: str, depth: int, *, look: bool = False) -> list[Rule]:
        member = self.find(target)
        if member is None:
            self.warn(f"stylesheet {target!r} is missing from the EPUB", referrer)
            return []
        cache = self.look_cache if look else self.css_cache
        reparse = not look and self.every_sheet and member in self.unparsed
        if member in cache and not reparse:
            return cache[member]
        cache[member] = []  # an @import loop ends here
        if not look:
            self.unparsed.discard(member)
        if member in self.encrypted:
            return []
        data = self.css_data.get(member)
        if data is None:
            data = self.css_data[member] = read_member(self.zf, member, self.limits, self.budget)
        if look:
            if not css_may_style(data):
                return []
        elif not self.every_sheet and not css_may_hide(data):
            self.unparsed.add(member)
            return []
        parsed, _ = load_tinycss2().parse_stylesheet_bytes(data, skip_comments=True, skip_whitespace=True)
        rules = self.parse_css(parsed, posixpath.dirname(member), member, depth, look=look)
        cache[member] = rules
        return rules

    def parse_css(self, nodes: Iterable[Any], base: str, member: str, depth: int,
                  namespaces: dict[str, str] | None = None, *, look: bool = False) -> list[Rule]:
        namespaces = {} if namespaces is None else namespaces
        rules: list[Rule] = []
        for node in nodes:
            if node.type == "at-rule":
                keyword = node.lower_at_keyword
                if keyword == "namespace":
                    tokens = [t for t in node.prelude if t.type not in ("whitespace", "comment")]
                    if len(tokens) == 2 and tokens[0].type == "ident" and tokens[1].type in ("string", "url"):
                        namespaces[tokens[0].value] = tokens[1].value
                elif keyword == "import" and depth < 4:
                    tokens = [t for t in node.prelude if t.type not in ("whitespace", "comment")]
                    if tokens and tokens[0].type in ("string", "url"):
                        media = load_tinycss2().serialize(tokens[1:]).strip() or None
                        target, _ = self.resolve(base, tokens[0].value, what="@import", member=member,
                                                 warn_external=False)
                        if target is not None and media_applies(media):
                            rules.extend(self.stylesheet(target, member, depth + 1, look=look))
                elif keyword in ("media", "supports") and node.content is not None:
                    if keyword == "media" and not media_applies(load_tinycss2().serialize(node.prelude)):
                        continue
                    inner = load_tinycss2().parse_rule_list(node.content, skip_comments=True,
                                                        skip_whitespace=True)
                    rules.extend(self.parse_css(inner, base, member, depth, namespaces, look=look))
                continue
            if node.type != "qualified-rule":
                continue
            decls = look_declarations(node.content) if look else declarations(node.content)
            if not decls:
                continue
            for selector in split_selectors(node.prelude):
                parsed = parse_selector(selector, namespaces)
                if parsed is None:
                    continue
                self.rule_order += 1
                rules.append(Rule(parsed, specificity(parsed), self.rule_order, decls))
        return rules

    # -- sections -----------------------------------------------------------------------------

    def finish_sections(self, raws: list[_RawSection], package: _Package) -> list[Section]:
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
        for raw, (kind, role) in zip(raws, classified, strict=True):
            heading = raw.heading
            # `self.loc` and keyword arguments, written out: this runs for every paragraph.
            path = f"{self.display}!/{raw.member}" if raw.member else self.display
            blocks = tuple([
                Block(text, Location(path, line, column, heading, number),
                      easy if where else shown, where, is_heading)
                for text, line, column, number, where, is_heading in raw.blocks
            ])
            first = raw.blocks[0]
            line, column = (raw.line, raw.column) if raw.line is not None else (first.line, first.column)
            sections.append(Section(
                role=role, kind=kind, heading=heading, blocks=blocks,
                location=self.loc(raw.member, line, column, heading, first.number),
                language=raw.language,
            ))
        return sections


# ---------------------------------------------------------------------------------------------
# Walking one XHTML document


class _RawBlock(NamedTuple):
    text: str
    line: int | None
    column: int | None
    number: int  # 1-based, in the document
    where: str | None
    is_heading: bool


class _RawSection:
    __slots__ = ("blocks", "column", "heading", "heading_rank", "keys", "language", "line", "member",
                 "type_kind", "type_role")

    def __init__(self, member: str, keys: tuple[str, ...], type_kind: Kind | None,
                 type_role: Role | None, line: int | None, column: int | None,
                 heading: str | None = None, heading_rank: int = 7) -> None:
        self.member = member
        #: Landmark / toc keys for this section (member#id).
        self.keys = keys
        self.type_kind = type_kind
        self.type_role = type_role
        self.line = line
        self.column = column
        self.heading = heading
        self.heading_rank = heading_rank
        self.blocks: list[_RawBlock] = []
        #: The xml:lang/lang in force where its first block starts (`_Walker.flush`).
        self.language: str | None = None


class _Style(Look):
    """What an element's text inherits (`css_hiding.Look`), and where its hiding began. Never
    changed once `_Walker.compute` returns it, so an element that changes nothing shares its
    parent's."""

    __slots__ = ("hidden_root", "where")

    def __init__(self, where: str | None = None) -> None:
        super().__init__()
        #: Element where the current hiding began (one HiddenText per such element).
        self.hidden_root: etree._Element | None = None
        #: For text easy to miss (a footnote, a non-linear item): where it is.
        self.where = where

    def child(self) -> _Style:
        style = _Style.__new__(_Style)
        self.copy_into(style)
        style.hidden_root, style.where = self.hidden_root, self.where
        return style


class _Walker:
    """Turns one parsed XHTML document into sections of visible blocks and hidden texts."""

    def __init__(self, reader: _EpubReader, member: str, root: etree._Element, raw: bytes,
                 rules: list[Rule], where: str | None) -> None:
        self.reader = reader
        self.member = member
        self.root = root
        self.positions = _positions(raw, root)
        self.rules = RuleIndex(rules)
        self.where = where
        self.sections: list[_RawSection] = []
        self.stack: list[_RawSection] = []
        self.blocks: list[etree._Element] = []
        self.buffer: list[str] = []
        self.block_where: list[str | None] = []
        self.block_count = 0
        self.hidden_root: etree._Element | None = None
        self.hidden_reason: Hiding | None = None
        self.hidden_buffer: list[str] = []
        self.hidden_section: _RawSection | None = None
        #: Whether the document marks any heading (h1–h6), found on first need.
        self.marks_headings: bool | None = None
        self.look_rules: RuleIndex | None = None
        #: The last block was a heading (a line under it is a subtitle, not another heading).
        self.after_heading = False
        #: The language declared (xml:lang/lang) by <html> and the open sectioning elements.
        self.languages: list[str | None] = [declared_language(root.get)]

    def pos(self, node: etree._Element) -> tuple[int | None, int | None]:
        found = self.positions.get(node)
        if found is not None:
            return found
        return node.sourceline, 1

    def walk(self) -> list[_RawSection]:
        body = _first(self.root, XHTML_NS, "body")
        if body is None:
            return []
        types = body.get(EPUB_TYPE) or ""
        kind, role = epub_type_kind(types) if types else (None, None)
        self.open_section(body, kind, role)
        page = _Style(where=self.where)
        if body.getparent() is self.root and isinstance(self.root.tag, str):
            # The root element's style (a background, a colour) is what the body inherits.
            page = self.compute(self.root, local_name(self.root), page)
        self.visit(body, page)
        self.flush()
        self.flush_hidden()
        return self.sections

    # -- sections --

    def open_section(self, el: etree._Element, kind: Kind | None, role: Role | None) -> _RawSection:
        ident = el.get("id")
        if local_name(el) == "body":
            keys: tuple[str, ...] = (self.member,)
        else:
            keys = (f"{self.member}#{ident}",) if ident else ()
        if role is None and self.stack:
            role = self.stack[-1].type_role
        line, column = self.pos(el)
        raw = _RawSection(member=self.member, keys=keys, type_kind=kind, type_role=role,
                          line=line, column=column)
        self.sections.append(raw)
        self.stack.append(raw)
        return raw

    def close_section(self) -> None:
        self.stack.pop()
        if self.stack and self.sections[-1] is not self.stack[-1]:
            parent = self.stack[-1]
            # Text after a nested section belongs to its parent again: continue it.
            cont = _RawSection(member=self.member, keys=parent.keys, type_kind=parent.type_kind,
                               type_role=parent.type_role, line=None, column=None,
                               heading=parent.heading, heading_rank=parent.heading_rank)
            self.sections.append(cont)
            self.stack[-1] = cont

    def heading_starts(self, el: etree._Element, rank: int) -> None:
        """A second heading of the same or higher rank in one untyped run opens a new section."""
        current = self.stack[-1]
        if current.heading is None and not current.blocks:
            return
        if current.heading is not None and rank <= current.heading_rank:
            line, column = self.pos(el)
            raw = _RawSection(member=self.member, keys=(), type_kind=None, type_role=current.type_role,
                              line=line, column=column)
            if el.get("id"):
                raw.keys = (f"{self.member}#{el.get('id')}",)
            self.sections.append(raw)
            self.stack[-1] = raw

    # -- text --

    def add_text(self, text: str | None, style: _Style) -> None:
        if not text:
            return
        reason = style.why
        if reason is None:
            self.buffer.append(text)
            return
        root = style.hidden_root
        if root is not self.hidden_root:
            self.flush_hidden()
            self.hidden_root, self.hidden_reason = root, reason
            self.hidden_section = self.stack[-1] if self.stack else None
        self.hidden_buffer.append(text)

    def flush(self) -> None:
        buffer = self.buffer
        if not buffer:
            return
        text = buffer[0] if len(buffer) == 1 else "".join(buffer)
        buffer.clear()
        if text.isspace():
            return  # the line breaks between blocks: nothing when collapsed
        text = collapse(text)
        if not text or not self.blocks:
            return
        anchor = self.blocks[-1]
        where = self.block_where[-1]
        name = local_name(anchor)
        rank = HEADING_RANK.get(name)
        if (rank is None and len(text) <= HEADING_LINE_CHARS and name in STYLED_HEADING_TAGS
                and self.styled_heading(anchor, text)):
            rank = STYLED_HEADING_RANK
            self.heading_starts(anchor, rank)
        self.block_count += 1
        line, column = self.pos(anchor)
        is_heading = self.after_heading = rank is not None
        section = self.stack[-1]
        if not section.blocks:
            section.language = self.languages[-1]
        if rank is not None and section.heading is None:
            section.heading = text
            section.heading_rank = rank
        section.blocks.append(_RawBlock(text, line, column, self.block_count, where, is_heading))

    def styled_heading(self, el: etree._Element, text: str) -> bool:
        """Is this paragraph a heading made only with CSS (calibre's ``<p class="block_3">``)?

        Only in a document that marks no heading of its own (h1–h6): where a book marks its
        headings, a bold centred line is a paragraph. The paragraph stands on its own (not in a
        list, table, quotation or note), and its words and look make a heading by the rule the
        DOCX reader applies to direct formatting (`sections.heading_line`); the first paragraph
        of a document is on a new page.
        """
        if self.marks_headings is None:
            self.marks_headings = next(self.root.iter(*_HEADING_NAMES), None) is not None
        if (self.marks_headings or not heading_candidate(text)
                or any(local_name(b) not in SECTION_BLOCKS for b in self.blocks[:-1])):
            return False
        if self.look_rules is None:
            reader = self.reader
            reader.quiet = True  # the style sheets' problems were told when they were first read
            try:
                rules = reader.document_rules(self.root, self.member, posixpath.dirname(self.member),
                                              look=True)
            finally:
                reader.quiet = False
            self.look_rules = RuleIndex(rules)
        look = block_look(el, self.look_rules, SKIPPED_TAGS)
        letters = [ch for ch in text if ch.isalpha()]
        caps = look.caps or (len(letters) > 2 and all(ch.isupper() for ch in letters))
        kind = heading_line(text, bold=look.bold, centred=look.centred, caps=caps, larger=look.larger,
                            after_break=self.block_count == 0, after_heading=self.after_heading)
        return kind is not None

    def flush_hidden(self) -> None:
        root, reason = self.hidden_root, self.hidden_reason
        text = collapse("".join(self.hidden_buffer))
        self.hidden_buffer.clear()
        self.hidden_root = self.hidden_reason = None
        if not text or root is None or reason is None:
            return
        line, column = self.pos(root)
        heading = self.hidden_section.heading if self.hidden_section else None
        self.reader.hidden.append(HiddenText(
            text=text, location=self.reader.loc(self.member, line, column, heading),
            reason=reason.reason, where=reason.where,
        ))

    def comment(self, node: etree._Element) -> None:
        text = collapse(node.text or "")
        if not text:
            return
        line, column = self.pos(node)
        heading = self.stack[-1].heading if self.stack else None
        self.reader.hidden.append(HiddenText(
            text=text, location=self.reader.loc(self.member, line, column, heading),
            reason=HiddenReason.COMMENT, where="an HTML comment",
        ))

    # -- the walk --

    def visit(self, el: etree._Element, parent: _Style) -> None:
        name = LOCAL_NAMES.get(el.tag)  # type: ignore[arg-type]
        if name is None:
            name = local_name(el)
        if name in SKIPPED_TAGS:
            return
        if name == "br":
            self.add_text(" ", parent)
            return
        style = self.compute(el, name, parent)
        visible = style.gone is None
        is_block = name in BLOCK_TAGS
        opened = False
        if is_block:
            if self.hidden_root is not None and self.hidden_buffer:
                self.hidden_buffer.append(" ")
            if self.buffer:
                self.flush()
        language = declared_language(el.get) if name in SECTIONING_TAGS else None
        if language:
            self.languages.append(language)
        if visible and name in SECTIONING_TAGS and name != "body":
            types = el.get(EPUB_TYPE) or ""
            kind, role = epub_type_kind(types) if types else (None, None)
            if (kind is not None or role is not None) and not NOTE_TYPES.intersection(types.split()):
                self.open_section(el, kind, role)
                opened = True
        if visible and style.why is None and name in HEADING_RANK and self.stack:
            self.heading_starts(el, HEADING_RANK[name])
        if is_block:
            self.blocks.append(el)
            self.block_where.append(style.where)
        text = el.text
        if text:
            if style.why is None:
                self.buffer.append(text)  # `add_text` for visible text
            else:
                self.add_text(text, style)
        if len(el):
            for child in el:
                if isinstance(child.tag, str):
                    self.visit(child, style)
                elif isinstance(child, etree._Comment):
                    self.comment(child)
                tail = child.tail
                if tail:
                    if style.why is None:
                        self.buffer.append(tail)
                    else:
                        self.add_text(tail, style)
        if is_block:
            if self.buffer:
                self.flush()
            self.blocks.pop()
            self.block_where.pop()
            if self.hidden_root is not None and self.hidden_buffer:
                self.hidden_buffer.append(" ")
        if opened:
            self.close_section()
        if language:
            self.languages.pop()

    def compute(self, el: etree._Element, name: str, parent: _Style) -> _Style:
        decls = {} if self.rules.empty else self.rules.cascade(el)
        inline = el.get("style")
        if not decls and not inline and name != "aside" and el.get("hidden") is None and (
                name not in HINTED_ELEMENTS or not (el.get("bgcolor") or (name == "font" and el.get("color")))):
            # Nothing here can change what the text inherits (most elements of a book): the
            # full computation would give a copy of the parent's style.
            return parent
        style = parent.child()
        before = parent.why
        if name == "aside" and NOTE_TYPES.intersection((el.get(EPUB_TYPE) or "").split()):
            style.where = style.where or FOOTNOTE
        if style.gone is None and el.get("hidden") is not None:
            style.gone = HIDDEN_ATTRIBUTE
        if inline:
            for prop, value, important in declarations(inline):
                key = (important, 1, (0, 0, 0), 0)
                if prop not in decls or key > decls[prop][0]:
                    decls[prop] = (key, value)
        if name in HINTED_ELEMENTS:
            for prop, value in html_colours(name, el.get):
                if prop not in decls:
                    decls[prop] = ((False, 0, (0, 0, 0), -1), value)
        style.apply(parent, {prop: value for prop, (_, value) in decls.items()}, name in BLOCK_TAGS)
        after = style.why
        if after is not None and (before is None or after is not before or style.gone is not parent.gone):
            style.hidden_root = el
        elif after is None:
            style.hidden_root = None
        return style


# ---------------------------------------------------------------------------------------------
# Small helpers




def _ns(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    return tag[1:].partition("}")[0]


def _first(root: etree._Element, namespace: str, name: str) -> etree._Element | None:
    """The first descendant-or-self element with that name, in that namespace or, failing
    that, any namespace (sloppy tools, OEBPS 1.2 packages)."""
    if isinstance(root.tag, str) and local_name(root) == name and _ns(root) == namespace:
        return root
    # The root is not it, so its first match in document order is find(".//{ns}name")'s, found in C.
    found = next(root.iter(f"{{{namespace}}}{name}"), None)
    if found is None:
        for el in root.iter(etree.Element):
            if local_name(el) == name:
                return el
    return found


def _children(root: etree._Element, namespace: str, parent: str, child: str) -> Iterator[etree._Element]:
    container = _first(root, namespace, parent)
    if container is None:
        return
    for el in container:
        if local_name(el) == child:
            yield el


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


def _has_scheme(target: str) -> bool:
    """Does an href start with a URI scheme (``^[A-Za-z][A-Za-z0-9+.-]*:``)?"""
    colon = target.find(":")
    return colon > 0 and target[0] in _SCHEME_START and all(c in _SCHEME_CHARS for c in target[1:colon])


def _plain_text(text: str) -> str:
    """Metadata that holds escaped HTML (Standard Ebooks' long description) as plain text."""
    if "<" in text:
        block_tag = rx.compile(_BLOCK_TAG, re.IGNORECASE)
        text = rx.compile(_TAG).sub(lambda m: " " if block_tag.match(m.group(0)) else "", text)
    if "&" in text:
        import html

        text = html.unescape(text)
    return collapse(text)


def _numeric_entity(match: re.Match[bytes]) -> bytes:
    """HTML named entities (``&nbsp;``) as character references: XHTML uses them without a DTD."""
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    from html.entities import html5

    chars = html5.get(name.decode("ascii") + ";")
    if chars is None:
        return match.group(0)
    return "".join(f"&#{ord(c)};" for c in chars).encode("ascii")


def _looks_like_xml(zf: zipfile.ZipFile, member: str) -> bool:
    """Whether a member starts like markup (an encrypted one is random bytes)."""
    try:
        with zf.open(member) as fh:
            head = fh.read(64)
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, RuntimeError, ValueError,
            NotImplementedError, EOFError):
        return False
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _reason(exc: Exception) -> str:
    return xml_problem(str(exc).rpartition(": ")[2] or str(exc))


#: Tag names as the markup writes them (``epub:switch``) → the local name `local_name` gives.
_TOKEN_NAMES: dict[bytes, str] = {}


def _positions(raw: bytes, root: etree._Element) -> dict[etree._Element, tuple[int | None, int | None]]:
    """1-based line and column of every element and comment, from the document's raw bytes.

    lxml reports the line where a start tag *ends* and no column, so the markup is scanned once
    and its tokens paired with the parsed nodes in document order; when a recovered or unusual
    document makes them disagree, the rest fall back to lxml's line and column 1.

    The column counts the characters from the start of the line, continued from the previous
    token on the same line: a document written on one line costs no more than one with many.
    (Tokens start at "<", which no UTF-8 sequence holds, so decoding the line piece by piece
    gives the same characters, replacement ones included, as decoding it whole.)
    """
    out: dict[etree._Element, tuple[int | None, int | None]] = {}
    nodes = list(root.iter(etree.Element, etree.Comment))
    count = len(nodes)
    line, last = 1, 0
    counted, column = 0, 1  # the offset up to which `column` counts, on the current line
    started = False
    i = 0
    for match in _MARKUP.finditer(raw):
        if i >= count:
            break
        name = match.group(1)
        offset = match.start()
        node = nodes[i]
        tag = node.tag
        if name is None:
            if not started or not raw.startswith(b"<!--", offset):
                continue  # CDATA, DOCTYPE, processing instruction; a comment before the root
            if isinstance(tag, str):
                break
        else:
            started = True
            local = _TOKEN_NAMES.get(name)
            if local is None:
                local = _TOKEN_NAMES[name] = name.rpartition(b":")[2].decode("ascii", "replace").lower()
            if not isinstance(tag, str) or (LOCAL_NAMES.get(tag) or local_name(node)) != local:
                break
        newlines = raw.count(b"\n", last, offset)
        if newlines:
            line += newlines
            counted, column = raw.rfind(b"\n", last, offset) + 1, 1
        last = offset
        piece = raw[counted:offset]
        column += len(piece) if piece.isascii() else len(piece.decode("utf-8", "replace"))
        counted = offset
        if node.sourceline is not None and line > node.sourceline:
            break
        out[node] = (line, column)
        i += 1
    return out


def entities_as_references(data: bytes) -> bytes:
    """XHTML bytes with HTML named entities (``&nbsp;``) turned into character references, so that
    a DTD-less XML parser reads them (for writers that edit a navigation document)."""
    return _NAMED_ENTITY.sub(_numeric_entity, data) if b"&" in data else data


def element_positions(raw: bytes, root: etree._Element) -> dict[etree._Element, tuple[int | None, int | None]]:
    """The line and column of every element, as this reader gives them in block locations (for
    writers that find the element a `Block` of the Manuscript starts at)."""
    return _positions(raw, root)
