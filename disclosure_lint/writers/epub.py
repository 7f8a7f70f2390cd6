"""EPUB writer: a new front-matter document, registered in the package; every original byte kept.

A surgical zip edit, not a rebuild (ebooklib's `write_epub` regenerates every XHTML file from a
template, losing `<head>` stylesheet links and `epub:type` on `<body>`, moves files and forces
EPUB 3.0). What changes:

- in a fixed-layout book, a page of the book's own size instead (`fixed_page`): its neighbours'
  viewport and page CSS, the note in flowing text within it;
- a new XHTML document beside the document it goes before, modelled on the book's own: the head
  of the document holding a sibling section heading (its stylesheet links re-pointed), the same
  wrappers around the heading, the heading as the same element with the same class, the text
  like the section's first paragraph; the heading and paragraph are the blocks the reader found,
  located by the positions it gives them. ``epub:type`` follows the sibling's pattern (a role
  becomes ``frontmatter``, a kind ``foreword``); without a document to model on, a plain one;
- the package document (OPF): a manifest item, a spine itemref right before the document
  that opens the target section, and, in EPUB 3, ``dcterms:modified`` set to now (EPUB 3.3
  §5.5.6: it must change whenever the publication changes); with an `[ai-use]` declaration, its
  mirror (`write_mirror`); every other metadata element (TDMRep's ``tdm:*`` too) as it was;
- the navigation: an entry in the EPUB 3 nav ``toc`` (and ``landmarks`` when there are some),
  and in the NCX when there is one, with ``playOrder`` renumbered (NCX requires them in reading
  order).

Every other member — content documents, stylesheets, fonts, images — is copied byte for byte;
``mimetype`` stays first and stored (OCF 3.0 §4.3).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from ..errors import InputError
from ..model import Block, Kind, Manuscript, Section
from ..provenance import (
    AI_SYSTEM_PROPERTY,
    IPTC_EXT_PREFIX,
    IPTC_EXT_VOCABULARY,
    RESERVED_PREFIXES,
    SOURCE_TYPE_PROPERTY,
    expand,
    parse_prefixes,
)
from ..readers.epub import entities_as_references
from ..readers.epub.package import PRE_PAGINATED_ITEM, fixed_layout_book, item_is_fixed
from ..readers.safety import DEFAULT_LIMITS, Limits, parse_xml, read_member
from . import Note, Placement, Rendered
from .fixed_page import Neighbour, fixed_page, page_size
from .templates import language_code
from .zipcopy import Source, rewrite_zip

if TYPE_CHECKING:
    from lxml import etree

    from .mirror import Mirror

    Element = etree._Element

CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_NS = "http://www.idpf.org/2007/ops"
NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NCX_TYPE = "application/x-dtbncx+xml"
NEW_NAME = "note-on-ai"


def _parse(zf: zipfile.ZipFile, member: str, display: str, limits: Limits) -> Element:
    return parse_xml(entities_as_references(read_member(zf, member, limits)), part=f"{display}!/{member}")


def _local(el: Element) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _href(from_dir: str, member: str) -> str:
    """A URL from a folder to a member, percent-encoded as hrefs must be."""
    return quote(posixpath.relpath(member, from_dir or "."), safe="/#")


def _resolve(base_dir: str, href: str) -> str:
    target = unquote(href.partition("#")[0].partition("?")[0])
    return posixpath.normpath(posixpath.join(base_dir, target)) if target else ""


def _serialize(root: Element) -> bytes:
    from lxml import etree

    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="utf-8")


def _elements(root: Element) -> Iterator[Element]:
    """Every element under `root`, itself included: never a comment or processing instruction
    (whose `.get()` is None and `.tag` a function), wherever a package or NCX has them."""
    from lxml import etree

    return root.iter(etree.Element)


def _attr(el: Element, name: str) -> str:
    """An attribute's value with the white space around it dropped ("" when absent)."""
    return (el.get(name) or "").strip()


def render(data: Source, manuscript: Manuscript, placement: Placement, note: Note, *,
           limits: Limits = DEFAULT_LIMITS) -> Rendered:
    """The EPUB with the note added as its own document before the placement's section (`data`:
    the package's bytes, or its file, which is then read member by member and never held whole)."""
    from lxml import etree

    display = manuscript.path
    try:
        package = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except OSError as exc:
        raise InputError(f"{display}: cannot read: {exc.strerror or exc}") from exc
    except zipfile.BadZipFile as exc:
        raise InputError(f"{display}: damaged zip package ({exc})") from exc
    with package as zf:
        names = set(zf.namelist())
        container = _parse(zf, "META-INF/container.xml", display, limits)
        opf = next((_attr(r, "full-path") for r in container.iter(CONTAINER + "rootfile")
                    if _attr(r, "full-path")), "")
        if opf not in names:
            raise InputError(f"{display}: the package document named in META-INF/container.xml is missing")
        opf_root = _parse(zf, opf, display, limits)
        opf_dir = posixpath.dirname(opf)
        version = 3 if _attr(opf_root, "version").startswith("3") else 2
        manifest = opf_root.find(OPF + "manifest")
        spine = opf_root.find(OPF + "spine")
        if manifest is None or spine is None:
            raise InputError(f"{display}: damaged EPUB: no manifest or spine in {opf}")
        items = {_attr(i, "id"): i for i in manifest.iter(OPF + "item")}
        member_of = {iid: _resolve(opf_dir, _attr(i, "href")) for iid, i in items.items()}
        itemrefs = list(spine.iter(OPF + "itemref"))

        target_member = None
        if placement.before is not None:
            target_member = _member(manuscript.sections[placement.before].location.path)
        before_ref = next((r for r in itemrefs
                           if target_member and member_of.get(_attr(r, "idref")) == target_member), None)
        last_member = next((member_of[_attr(r, "idref")] for r in reversed(itemrefs)
                            if _attr(r, "idref") in member_of and _attr(r, "linear") != "no"), None)
        folder = posixpath.dirname(target_member or last_member or posixpath.join(opf_dir, "x"))
        look = _BookLook.of(zf, manuscript, placement, display, limits)
        new_member = _free_name(names, folder, NEW_NAME, ".xhtml")
        new_id = _free_id(opf_root, NEW_NAME)
        book_language = _language(opf_root, look.frame)
        marked = language_code(book_language) != language_code(note.language)
        lang = note.language if marked else book_language
        # A fixed-layout book's page: the pages around the note's place are laid out as pages.
        whole_book = fixed_layout_book(opf_root)
        at = itemrefs.index(before_ref) if before_ref is not None else len(itemrefs)
        near = [r for r in (itemrefs[at - 1] if at > 0 else None, before_ref) if r is not None]
        fixed = [r for r in near if item_is_fixed(whole_book, r.get("properties"))]
        if fixed and version == 3:
            neighbours = [Neighbour(member, _parse(zf, member, display, limits)) for r in fixed
                          if (member := member_of.get(_attr(r, "idref"), "")) in names]
            document = fixed_page(note, neighbours, new_member, lang)
            _, width, height = page_size(neighbours)
            made = f"a fixed-layout page of {width} x {height}"
        else:
            document = look.document(note, version, new_member, lang, mark=marked)
            made = look.describe()

        # Manifest and spine.
        item = etree.Element(OPF + "item")
        item.set("id", new_id)
        item.set("href", _href(opf_dir, new_member))
        item.set("media-type", "application/xhtml+xml")
        _append(manifest, item)
        ref = etree.Element(OPF + "itemref")
        ref.set("idref", new_id)
        if fixed and version == 3 and not whole_book:
            ref.set("properties", PRE_PAGINATED_ITEM)  # as the pages around it say of themselves
        if before_ref is not None:
            _insert_before(before_ref, ref)
        else:
            _append(spine, ref)
        member_of[new_id] = new_member
        if version == 3:
            _touch_modified(opf_root)
        mirrored = note.mirror is not None and write_mirror(opf_root, note.mirror, version)
        replace = {opf: b""}

        # Navigation: EPUB 3 nav, and an NCX wherever there is one (EPUB 2, or EPUB 3 for old readers).
        spine_members = [member_of.get(_attr(r, "idref"), "") for r in spine.iter(OPF + "itemref")]
        nav_id = next((iid for iid, i in items.items() if "nav" in _attr(i, "properties").split()), None)
        touched = ["the spine"]
        if nav_id is not None and member_of[nav_id] in names:
            nav_member = member_of[nav_id]
            nav_root = _parse(zf, nav_member, display, limits)
            if _add_to_nav(nav_root, nav_member, new_member, target_member, note.heading, spine_members):
                replace[nav_member] = _serialize(nav_root)
                touched.append("the table of contents")
        ncx_id = _attr(spine, "toc") or next((iid for iid, i in items.items()
                                              if _attr(i, "media-type").lower() == NCX_TYPE), None)
        if ncx_id is not None and ncx_id in member_of and member_of[ncx_id] in names:
            ncx_member = member_of[ncx_id]
            ncx_root = _parse(zf, ncx_member, display, limits)
            if _add_to_ncx(ncx_root, ncx_member, new_member, target_member, note.heading, spine_members,
                           new_id):
                replace[ncx_member] = _serialize(ncx_root)
                if "the table of contents" not in touched:
                    touched.append("the table of contents")
        replace[opf] = _serialize(opf_root)

    out = rewrite_zip(data, replace, [(new_member, document)], first_stored="mimetype", limits=limits)
    where = placement.describe(manuscript)
    lines = [f"{display}: would add {new_member} (EPUB {version}, {made}) {where}"
             + (f" ({target_member})" if target_member else ""),
             f"  registered in: the manifest, {', '.join(touched)}"
             + (", dcterms:modified" if version == 3 else "")
             + (", the AI-use metadata (schema:digitalSourceType, Iptc4xmpExt:AISystemUsed)" if mirrored else ""),
             f"  heading: {note.heading}"]
    lines += [f"  text:    {text}" for text in note.paragraphs]
    return Rendered(out, "\n".join(lines) + "\n")


def _member(location_path: str) -> str | None:
    """The archive member of a block's display path (``book.epub!/OEBPS/ch1.xhtml``)."""
    return location_path.split("!/", 1)[1] if "!/" in location_path else None


def _free_name(names: set[str], folder: str, stem: str, suffix: str) -> str:
    taken = {n.casefold() for n in names}
    n = 1
    while True:
        name = posixpath.join(folder, f"{stem}{'' if n == 1 else f'-{n}'}{suffix}")
        if name.casefold() not in taken:
            return name
        n += 1


def _free_id(root: Element, stem: str) -> str:
    ids = {_attr(el, "id") for el in _elements(root)}
    n = 1
    while True:
        candidate = stem if n == 1 else f"{stem}-{n}"
        if candidate not in ids:
            return candidate
        n += 1


def _language(opf_root: Element, model: Element | None) -> str:
    if model is not None:
        lang = model.get("lang") or model.get(XML_LANG)
        if lang:
            return lang
    dc = opf_root.find(f"{OPF}metadata/{{http://purl.org/dc/elements/1.1/}}language")
    return (dc.text or "").strip() if dc is not None and dc.text and dc.text.strip() else "en"


def _relabel(element: Element, lang: str) -> None:
    """Give the language attributes an element copied from the book has the note's language."""
    for name in ("lang", XML_LANG):
        if element.get(name) is not None:
            element.set(name, lang)


def _plain_document(note: Note, version: int, lang: str) -> bytes:
    """A document of the publication's own making, for a book without a document to model on."""
    escape = html.escape
    heading = f"<h1>{escape(note.heading, quote=False)}</h1>"
    paragraphs = "\n".join(f"<p>{escape(p, quote=False)}</p>" for p in note.paragraphs)
    title = escape(note.heading, quote=False)
    lang_attr = escape(lang, quote=True)
    if version == 3:
        text = (
            '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="{EPUB_NS}" lang="{lang_attr}" '
            f'xml:lang="{lang_attr}">\n<head>\n<title>{title}</title>\n</head>\n'
            f'<body epub:type="frontmatter">\n<section epub:type="foreword" id="{NEW_NAME}">\n'
            f"{heading}\n{paragraphs}\n</section>\n</body>\n</html>\n"
        )
    else:
        text = (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="{lang_attr}">\n<head>\n'
            f"<title>{title}</title>\n</head>\n<body>\n"
            f'<div id="{NEW_NAME}">\n{heading}\n{paragraphs}\n</div>\n</body>\n</html>\n'
        )
    return text.encode("utf-8")


# --- the book's look: which document, heading and paragraph the note is modelled on ---------------

#: Elements that may wrap a section's heading in a document: copied (emptied) around the note.
_WRAPPERS = frozenset({"section", "div", "article", "main", "header", "hgroup"})
#: Wrappers that hold only the heading: the note's text goes after them, not in them.
_HEADING_WRAPPERS = frozenset({"header", "hgroup"})
#: Elements that may hold a heading's or a paragraph's text (a `div` only with no block inside).
_TEXT_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6"})
#: Inline elements that may wrap the whole text of a heading or paragraph (LibreOffice's
#: ``<p class="para1"><span class="span2">``): copied around the note's text.
_INLINE_WRAPPERS = frozenset({"span", "b", "strong", "i", "em", "small", "big", "u", "font", "cite", "abbr"})
#: Attributes never copied from a model element: identity, scripts, references to other ids.
_DROPPED = frozenset({"id", "{http://www.w3.org/XML/1998/namespace}id", "aria-labelledby", "aria-describedby",
                      "aria-owns", "aria-controls", "headers", "for", "form"})
#: Kinds that do not look like a section of the book (a title page has its own design).
_UNLIKE_KINDS = frozenset({Kind.TITLE_PAGE, Kind.CONTENTS})
#: A block of fewer words is not taken for running text when the section has longer ones.
_PROSE_WORDS = 8
EPUB_TYPE = f"{{{EPUB_NS}}}type"


class _Parsed:
    """A content document as the reader parsed it, with each element by the position the reader
    gives its blocks."""

    def __init__(self, root: Element, raw: bytes) -> None:
        from ..readers.epub import element_positions

        self.root = root
        self.doctype = root.getroottree().docinfo.doctype or ""
        self.at = {pos: el for el, pos in element_positions(raw, root).items() if isinstance(el.tag, str)}


class _BookLook:
    """The document, heading and paragraph of the book that the note's document copies: the
    book's sections as the reader found them (kinds, heading blocks, locations), never a guess."""

    def __init__(self, member: str | None, frame: _Parsed | None, heading: Element | None,
                 paragraph: Element | None) -> None:
        self.member = member
        self.parsed = frame
        self.frame = frame.root if frame is not None else None
        self.heading = heading
        self.paragraph = paragraph

    @classmethod
    def of(cls, zf: zipfile.ZipFile, manuscript: Manuscript, placement: Placement, display: str,
           limits: Limits = DEFAULT_LIMITS) -> _BookLook:
        docs: dict[str, _Parsed | None] = {}

        def parsed(member: str | None) -> _Parsed | None:
            if member is None:
                return None
            if member not in docs:
                try:
                    raw = read_member(zf, member, limits)
                    docs[member] = _Parsed(parse_xml(entities_as_references(raw), part=f"{display}!/{member}"), raw)
                except (InputError, KeyError):
                    docs[member] = None
            return docs[member]

        def element(block: Block) -> tuple[str, Element] | None:
            member = _member(block.location.path)
            doc = parsed(member)
            el = doc.at.get((block.location.line, block.location.column)) if doc is not None else None
            if member is None or el is None or _local(el) not in _TEXT_BLOCKS or _has_blocks(el):
                return None
            return member, el

        sections = list(manuscript.sections)
        at = placement.before if placement.before is not None else len(sections)
        # The section the note goes before, the story's sections after it, then the front matter.
        order = [*sections[at:], *reversed(sections[:at])]
        heading: tuple[str, Element] | None = None
        heading_section: Section | None = None
        for section in order:
            block = _heading_block(section)
            found = element(block) if block is not None and section.kind not in _UNLIKE_KINDS else None
            if found is not None:
                heading, heading_section = found, section
                break
        paragraph: tuple[str, Element] | None = None
        candidates = [s for s in ([heading_section] if heading_section else []) + order
                      if s.kind not in _UNLIKE_KINDS]
        # Running text first (not a page number or a scene break), else any text.
        for least in (_PROSE_WORDS, 0):
            paragraph = next((found for section in candidates for block in _text(section)
                              if len(block.text.split()) >= least and (found := element(block))), None)
            if paragraph is not None:
                break
        member = heading[0] if heading else paragraph[0] if paragraph else (
            _member(sections[at].location.path) if at < len(sections) else None)
        return cls(member, parsed(member), heading[1] if heading else None, paragraph[1] if paragraph else None)

    def describe(self) -> str:
        if self.frame is None:
            return "epub:type=\"foreword\" in frontmatter"
        what = f"modelled on {self.member}"
        if self.heading is not None:
            what += f", heading <{_local(self.heading)}{_class(self.heading)}>"
        return what

    def document(self, note: Note, version: int, new_member: str, lang: str, *, mark: bool = False) -> bytes:
        """The note's document: the model's head (stylesheets re-pointed), its wrappers around the
        heading emptied, a copy of its heading and paragraph holding the note's text. With `mark`
        (a note in another language than its model), `lang` replaces the model's language."""
        from copy import deepcopy

        from lxml import etree

        if self.frame is None or self.parsed is None or self.member is None:
            return _plain_document(note, version, lang)
        frame = self.frame
        body_model = frame.find(XHTML + "body")
        if body_model is None:
            return _plain_document(note, version, lang)
        nsmap = dict(frame.nsmap)
        if version == 3 and EPUB_NS not in nsmap.values():
            nsmap.setdefault("epub", EPUB_NS)
        root = etree.Element(frame.tag, nsmap=nsmap)
        _copy_attributes(frame, root)
        if mark:
            _relabel(root, lang)
            root.set(XML_LANG, lang)
            if version == 3:
                root.set("lang", lang)
        elif version == 3 and not (root.get("lang") or root.get(XML_LANG)):
            root.set("lang", lang)
            root.set(XML_LANG, lang)
        root.text = "\n"

        head_model = frame.find(XHTML + "head")
        head = deepcopy(head_model) if head_model is not None else etree.Element(XHTML + "head")
        for script in list(head.iter(XHTML + "script")):
            _remove(script)
        for link in head.iter(XHTML + "link"):
            href = (link.get("href") or "").strip()
            if href and not _has_scheme(href) and not href.startswith(("/", "#")):
                link.set("href", _href(posixpath.dirname(new_member),
                                       _resolve(posixpath.dirname(self.member), href)))
        title = head.find(XHTML + "title")
        if title is None:
            title = etree.Element(XHTML + "title")
            head.insert(0, title)
            title.tail = head.text
        for child in list(title):
            title.remove(child)
        title.text = note.heading
        head.tail = "\n"
        root.append(head)

        body = etree.SubElement(root, XHTML + "body")
        _copy_attributes(body_model, body)
        if mark:
            _relabel(body, lang)
        chain = _wrappers(self.heading, body_model) if self.heading is not None else []
        holder = body
        text_holder = body
        given_id = False
        wrappers: list[Element] = []
        for model in chain:
            wrapper = etree.SubElement(holder, model.tag)
            _copy_attributes(model, wrapper)
            if mark:
                _relabel(wrapper, lang)
            if model.get("id") and not given_id:
                wrapper.set("id", NEW_NAME)
                given_id = True
            wrapper.text = "\n"
            wrapper.tail = "\n"
            wrappers.append(wrapper)
            holder = wrapper
            if _local(model) not in _HEADING_WRAPPERS:
                text_holder = wrapper
        body.text = "\n"
        heading = _text_block(self.heading, note.heading, "h1")
        heading.tail = "\n"
        holder.append(heading)
        for text in note.paragraphs:
            paragraph = _text_block(self.paragraph, text, "p")
            paragraph.tail = "\n"
            text_holder.append(paragraph)
        if version == 3:
            _note_semantics(body, wrappers)
        declaration = '<?xml version="1.0" encoding="utf-8"?>\n'
        doctype = f"{self.parsed.doctype}\n" if self.parsed.doctype else ""
        markup = etree.tostring(root, encoding="unicode")
        return (declaration + doctype + markup + "\n").encode("utf-8")


def _heading_block(section: Section) -> Block | None:
    """The block that is the section's heading: the reader's heading block, else a first block
    reading exactly as the heading (a heading the reader took from the table of contents)."""
    if not section.blocks or section.heading is None:
        return None
    marked = next((b for b in section.blocks if b.is_heading), None)
    if marked is not None:
        return marked
    first = section.blocks[0]
    return first if " ".join(first.text.split()) == " ".join(section.heading.split()) else None


def _text(section: Section) -> list[Block]:
    """The section's visible blocks other than its heading."""
    heading = _heading_block(section)
    return [b for b in section.blocks if not b.is_heading and b.where is None and b is not heading]


def _has_blocks(el: Element) -> bool:
    return any(_local(child) in _TEXT_BLOCKS or _local(child) in _WRAPPERS for child in _elements(el)
               if child is not el)


def _class(el: Element) -> str:
    cls = el.get("class")
    return f' class="{cls}"' if cls else ""


def _has_scheme(href: str) -> bool:
    return bool(re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", href))


def _remove(el: Element) -> None:
    parent = el.getparent()
    if parent is not None:
        parent.remove(el)


def _copy_attributes(model: Element, el: Element) -> None:
    for name, value in model.attrib.items():
        key = str(name)
        if key in _DROPPED or key.lower().startswith("on"):
            continue
        el.set(key, value)


def _wrappers(heading: Element, body: Element) -> list[Element]:
    """The elements between `body` and the heading, outermost first; none when one of them is
    not a plain wrapper (a list, a table, a link)."""
    chain: list[Element] = []
    parent = heading.getparent()
    while parent is not None and parent is not body:
        if _local(parent) not in _WRAPPERS:
            return []
        chain.append(parent)
        parent = parent.getparent()
    return list(reversed(chain)) if parent is body else []


def _text_block(model: Element | None, text: str, tag: str) -> Element:
    """A copy of a heading or paragraph (and of the inline elements wrapping all its text)
    holding `text`."""
    from lxml import etree

    if model is None:
        el = etree.Element(XHTML + tag)
        el.text = text
        return el
    top = etree.Element(model.tag)
    _copy_attributes(model, top)
    inner, source = top, model
    while True:
        kids = [child for child in source if isinstance(child.tag, str)]
        if (len(kids) != 1 or (source.text or "").strip() or (kids[0].tail or "").strip()
                or _local(kids[0]) not in _INLINE_WRAPPERS or kids[0].get(EPUB_TYPE) is not None):
            break  # an epub:type marks a page number or a note reference: not a look to copy
        source = kids[0]
        child = etree.SubElement(inner, source.tag)
        _copy_attributes(source, child)
        inner = child
    inner.text = text
    return top


def _note_semantics(body: Element, wrappers: list[Element]) -> None:
    """epub:type on the note's body and wrappers, following the model's pattern: a role becomes
    ``frontmatter``, a kind ``foreword``; prefixed values (z3998:fiction) are the model's, not
    the note's. Where the model says no role at all, the body says ``frontmatter``: the note is
    front matter whatever landmarks say of the documents around it."""
    from ..readers.vocabulary import EPUB_ROLES, EPUB_TYPES

    has_role = False
    for el in [body, *wrappers]:
        types = el.get(EPUB_TYPE)
        if types is None:
            continue
        out: list[str] = []
        for token in types.split():
            if ":" in token:
                continue
            if token in EPUB_ROLES:
                token = "frontmatter"
                has_role = True
            elif token in EPUB_TYPES:
                token = "foreword"
            if token not in out:
                out.append(token)
        if out:
            el.set(EPUB_TYPE, " ".join(out))
        else:
            del el.attrib[EPUB_TYPE]
        role = el.get("role")
        if role and role.startswith("doc-"):
            el.set("role", "doc-foreword")
    if not has_role:
        types = body.get(EPUB_TYPE)
        body.set(EPUB_TYPE, f"frontmatter {types}" if types else "frontmatter")


def _append(parent: Element, child: Element) -> None:
    """Append keeping the parent's indentation (the last child's tail moves to the new one)."""
    children = list(parent)  # comments and processing instructions too: they carry tails
    if children:
        last = children[-1]
        child.tail = last.tail
        last.tail = children[-2].tail if len(children) > 1 else parent.text
    parent.append(child)


def _insert_before(anchor: Element, new: Element) -> None:
    """Insert `new` before `anchor` with the same indentation, and before the comments right
    above the anchor, which are about it (``<!--Abram S. Isaacs-->`` before a navPoint)."""
    while True:
        previous = anchor.getprevious()
        if previous is None or isinstance(previous.tag, str) or (previous.tail or "").count("\n") > 1:
            break
        anchor = previous
    previous = anchor.getprevious()
    parent = anchor.getparent()
    indent = previous.tail if previous is not None else (parent.text if parent is not None else None)
    anchor.addprevious(new)
    new.tail = indent


def _touch_modified(opf_root: Element) -> None:
    from lxml import etree

    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    metadata = opf_root.find(OPF + "metadata")
    if metadata is None:
        return
    for meta in metadata.iter(OPF + "meta"):
        if _attr(meta, "property") == "dcterms:modified" and not _attr(meta, "refines"):
            meta.text = now
            for child in list(meta):  # a comment inside the date would survive in it
                meta.remove(child)
            return
    meta = etree.Element(OPF + "meta")
    meta.set("property", "dcterms:modified")
    meta.text = now
    _append(metadata, meta)


def write_mirror(opf_root: Element, mirror: Mirror, version: int) -> bool:
    """Put the declaration's mirror in the package metadata (`provenance`): EPUB 3
    ``<meta property="schema:digitalSourceType">`` (a reserved prefix) and one
    ``<meta property="Iptc4xmpExt:AISystemUsed">`` a system, its prefix declared in the package's
    ``prefix`` attribute; EPUB 2 ``<meta name content>`` with the same names. Ours already there
    with other values are replaced; the same values leave the package as it was (False)."""
    from lxml import etree

    metadata = opf_root.find(OPF + "metadata")
    if metadata is None:
        return False
    prefixes = parse_prefixes(opf_root.get("prefix"))
    # The package's own prefix for the IPTC namespace, else ours (another name if a book used ours
    # for something else).
    prefix = next((name for name, iri in prefixes.items() if iri == IPTC_EXT_VOCABULARY),
                  IPTC_EXT_PREFIX if IPTC_EXT_PREFIX not in prefixes else IPTC_EXT_PREFIX + "-ai")
    system = f"{prefix}:{AI_SYSTEM_PROPERTY.partition(':')[2]}" if version == 3 else AI_SYSTEM_PROPERTY
    wanted = ([(SOURCE_TYPE_PROPERTY, mirror.source_type)] if mirror.source_type else []) + [
        (system, name) for name in mirror.systems]
    ours = {expand(SOURCE_TYPE_PROPERTY, RESERVED_PREFIXES),
            IPTC_EXT_VOCABULARY + AI_SYSTEM_PROPERTY.partition(":")[2]}
    present: list[tuple[Element, str, str]] = []
    for meta in metadata.iter(OPF + "meta"):
        if _attr(meta, "refines"):
            continue
        if version == 3 and meta.get("property") is not None:
            prop, value = _attr(meta, "property"), " ".join((meta.text or "").split())
        else:
            prop, value = _attr(meta, "name"), _attr(meta, "content")
        # EPUB 2 has no prefixes: its names are compared as written.
        if expand(prop, prefixes) in ours or (version == 2 and prop in (SOURCE_TYPE_PROPERTY, AI_SYSTEM_PROPERTY)):
            present.append((meta, prop, value))
    declared = version == 2 or not mirror.systems or prefixes.get(prefix) == IPTC_EXT_VOCABULARY
    if [(p, v) for _, p, v in present] == wanted and declared:
        return False
    for meta, _, _ in present:
        _remove_keeping_layout(meta)
    for prop, value in wanted:
        meta = etree.Element(OPF + "meta")
        if version == 3:
            meta.set("property", prop)
            meta.text = value
        else:
            meta.set("name", prop)
            meta.set("content", value)
        _append(metadata, meta)
    if not declared:
        # EPUB 3.3 §D.2: a prefix other than the reserved ones is declared on the package.
        have = _attr(opf_root, "prefix")
        opf_root.set("prefix", f"{have} {prefix}: {IPTC_EXT_VOCABULARY}".strip())
    return True


def _position(spine_members: list[str], member: str) -> int:
    return spine_members.index(member) if member in spine_members else len(spine_members)


def _add_to_nav(nav_root: Element, nav_member: str, new_member: str, target: str | None, label: str,
                spine_members: list[str]) -> bool:
    """Add the note to the nav's toc (and landmarks); False when the nav has no toc."""
    from lxml import etree

    base = posixpath.dirname(nav_member)
    changed = False
    for nav in nav_root.iter(XHTML + "nav"):
        types = _attr(nav, EPUB_TYPE).split()
        if "toc" not in types and "landmarks" not in types:
            continue
        ol = nav.find(XHTML + "ol")
        if ol is None:
            continue
        if "landmarks" in types:
            anchor = next((li for li in ol.findall(XHTML + "li")
                           if "bodymatter" in _attr(_link(li), EPUB_TYPE).split()), None)
        else:
            anchor = _nav_anchor(ol, base, target, spine_members, _position(spine_members, new_member))
        sibling = anchor if anchor is not None else next(iter(ol.findall(XHTML + "li")), None)
        li = _entry_like(sibling, XHTML + "li", (XHTML + "ol",))
        a = li.find(XHTML + "a")
        if a is None:
            for child in list(li):
                li.remove(child)
            a = etree.SubElement(li, XHTML + "a")
        a.set("href", _href(base, new_member))
        for child in list(a):
            a.remove(child)
        a.text = label
        if "landmarks" in types:
            a.set(EPUB_TYPE, "foreword")
        elif EPUB_TYPE in a.attrib:
            del a.attrib[EPUB_TYPE]
        if anchor is not None:
            _insert_before(anchor, li)
        else:
            _append(ol, li)
        changed = changed or "toc" in types
    return changed


def _link(li: Element) -> Element:
    from lxml import etree

    a = li.find(XHTML + "a")
    return a if a is not None else etree.Element(XHTML + "a")


def _nav_anchor(ol: Element, base: str, target: str | None, spine_members: list[str],
                new_position: int) -> Element | None:
    """The `li` the note's entry goes before: the first one leading to the target document (or to
    anything after the note in reading order)."""
    for li in ol.iter(XHTML + "li"):
        a = li.find(XHTML + "a")
        if a is not None and target and _resolve(base, _attr(a, "href")) == target:
            return li
    for li in ol.findall(XHTML + "li"):
        a = li.find(XHTML + "a")
        if a is not None and _position(spine_members, _resolve(base, _attr(a, "href"))) > new_position:
            return li
    return None


def _add_to_ncx(ncx_root: Element, ncx_member: str, new_member: str, target: str | None, label: str,
                spine_members: list[str], new_id: str) -> bool:
    """Add a navPoint for the note to the NCX navMap, renumbering `playOrder` where the NCX uses it
    (NCX 2005-1 requires reading order; pandoc's NCX has none, and then none is added)."""
    from lxml import etree

    nav_map = ncx_root.find(NCX + "navMap")
    if nav_map is None:
        return False
    base = posixpath.dirname(ncx_member)
    points = list(nav_map.iter(NCX + "navPoint"))
    new_position = _position(spine_members, new_member)

    def src(point: Element) -> str:
        content = point.find(NCX + "content")
        return _resolve(base, _attr(content, "src")) if content is not None else ""

    anchor = next((p for p in points if target and src(p) == target), None)
    if anchor is None:
        anchor = next((p for p in nav_map.findall(NCX + "navPoint")
                       if _position(spine_members, src(p)) > new_position), None)
    ordered = [el for el in _elements(ncx_root) if _attr(el, "playOrder").isdigit()]
    order: int | None = None
    if ordered:
        if anchor is not None and _attr(anchor, "playOrder").isdigit():
            order = int(_attr(anchor, "playOrder"))
        else:
            order = max(int(_attr(el, "playOrder")) for el in ordered) + 1
        for el in ordered:
            value = int(_attr(el, "playOrder"))
            if value >= order:
                el.set("playOrder", str(value + 1))
    ids = {_attr(el, "id") for el in _elements(ncx_root)}
    point_id = new_id if new_id not in ids else f"{new_id}-navpoint"
    sibling = anchor if anchor is not None else next(iter(nav_map.findall(NCX + "navPoint")), None)
    point = _entry_like(sibling, NCX + "navPoint", (NCX + "navPoint",))
    point.set("id", point_id)
    if order is not None:
        point.set("playOrder", str(order))
    nav_label = point.find(NCX + "navLabel")
    content = point.find(NCX + "content")
    if nav_label is None or content is None or nav_label.find(NCX + "text") is None:
        for child in list(point):
            point.remove(child)
        nav_label = etree.SubElement(point, NCX + "navLabel")
        etree.SubElement(nav_label, NCX + "text")
        content = etree.SubElement(point, NCX + "content")
    for child in list(nav_label):
        if child.tag != NCX + "text":
            nav_label.remove(child)  # an audio or image label is the sibling's, not the note's
    text = nav_label.find(NCX + "text")
    assert text is not None
    for child in list(text):
        text.remove(child)
    text.text = label
    for name in list(content.attrib):
        del content.attrib[name]
    content.set("src", _href(base, new_member))
    if anchor is not None:
        _insert_before(anchor, point)
    else:
        _append(nav_map, point)
    return True


def _entry_like(sibling: Element | None, tag: str, nested: tuple[str, ...]) -> Element:
    """A new table-of-contents entry shaped like its sibling (its classes and indentation), with
    the sibling's sub-entries, ids and comments left out; a bare element without a sibling."""
    from copy import deepcopy

    from lxml import etree

    if sibling is None:
        return etree.Element(tag)
    entry = deepcopy(sibling)
    entry.tail = None
    for child in list(entry):
        if child.tag in nested or not isinstance(child.tag, str):
            _remove_keeping_layout(child)
    for el in _elements(entry):
        for name in list(el.attrib):
            if str(name) in _DROPPED or str(name) == "playOrder":
                del el.attrib[name]
    return entry


def _remove_keeping_layout(child: Element) -> None:
    """Remove a child; the white space after it stays with what came before it."""
    parent = child.getparent()
    if parent is None:
        return
    previous = child.getprevious()
    if previous is not None:
        previous.tail = child.tail if previous.tail is None or not previous.tail.strip() else previous.tail
    else:
        parent.text = child.tail if not (parent.text or "").strip() else parent.text
    parent.remove(child)
