"""EPUB writer: a new front-matter document, registered in the package; every original byte kept.

A surgical zip edit, not a rebuild (ebooklib's `write_epub` regenerates every XHTML file from a
template, losing `<head>` stylesheet links and `epub:type` on `<body>`, moves files and forces
EPUB 3.0). What changes:

- a new XHTML document beside the document it goes before (so that the book's own stylesheet
  links, copied from that document, resolve unchanged): EPUB 3 — HTML5 syntax,
  ``<body epub:type="frontmatter">`` holding ``<section epub:type="foreword">``; EPUB 2 — XHTML 1.1;
- the package document (OPF): a manifest item, a spine itemref right before the document
  that opens the target section, and, in EPUB 3, ``dcterms:modified`` set to now (EPUB 3.3
  §5.5.6: it must change whenever the publication changes);
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
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from ..errors import InputError
from ..model import Manuscript
from ..readers.epub import entities_as_references
from ..readers.safety import parse_xml, read_member
from . import Note, Placement, Rendered
from .zipcopy import rewrite_zip

if TYPE_CHECKING:
    from lxml import etree

    Element = etree._Element

CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_NS = "http://www.idpf.org/2007/ops"
NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NEW_NAME = "note-on-ai"
_HEADING = re.compile(r"h[1-6]")


def _parse(zf: zipfile.ZipFile, member: str, display: str) -> Element:
    return parse_xml(entities_as_references(read_member(zf, member)), part=f"{display}!/{member}")


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


def render(data: bytes, manuscript: Manuscript, placement: Placement, note: Note) -> Rendered:
    """The EPUB with the note added as its own document before the placement's section."""
    from lxml import etree

    display = manuscript.path
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        container = _parse(zf, "META-INF/container.xml", display)
        opf = next((r.get("full-path", "") for r in container.iter(CONTAINER + "rootfile")
                    if r.get("full-path")), "")
        if opf not in names:
            raise InputError(f"{display}: the package document named in META-INF/container.xml is missing")
        opf_root = _parse(zf, opf, display)
        opf_dir = posixpath.dirname(opf)
        version = 3 if (opf_root.get("version") or "2.0").strip().startswith("3") else 2
        manifest = opf_root.find(OPF + "manifest")
        spine = opf_root.find(OPF + "spine")
        if manifest is None or spine is None:
            raise InputError(f"{display}: damaged EPUB: no manifest or spine in {opf}")
        items = {i.get("id", ""): i for i in manifest.iter(OPF + "item")}
        member_of = {iid: _resolve(opf_dir, i.get("href", "")) for iid, i in items.items()}
        itemrefs = [r for r in spine.iter(OPF + "itemref")]

        target_member = None
        if placement.before is not None:
            location = manuscript.sections[placement.before].location.path
            target_member = location.split("!/", 1)[1] if "!/" in location else None
        before_ref = next((r for r in itemrefs if target_member and member_of.get(r.get("idref", "")) == target_member),
                          None)
        folder = posixpath.dirname(target_member) if target_member else (
            posixpath.dirname(member_of[itemrefs[-1].get("idref", "")]) if itemrefs and
            itemrefs[-1].get("idref", "") in member_of else opf_dir)
        model_doc = _parse_quietly(zf, target_member or (member_of.get(itemrefs[0].get("idref", ""))
                                                          if itemrefs else None), display)
        new_member = _free_name(names, folder, NEW_NAME, ".xhtml")
        new_id = _free_id(opf_root, NEW_NAME)
        document = _document(note, version, model_doc, folder, _language(opf_root, model_doc))

        # Manifest and spine.
        item = etree.Element(OPF + "item")
        item.set("id", new_id)
        item.set("href", _href(opf_dir, new_member))
        item.set("media-type", "application/xhtml+xml")
        _append(manifest, item)
        ref = etree.Element(OPF + "itemref")
        ref.set("idref", new_id)
        if before_ref is not None:
            _insert_before(before_ref, ref)
        else:
            _append(spine, ref)
        member_of[new_id] = new_member
        if version == 3:
            _touch_modified(opf_root)
        replace = {opf: b""}

        # Navigation: EPUB 3 nav, and an NCX wherever there is one (EPUB 2, or EPUB 3 for old readers).
        spine_members = [member_of.get(r.get("idref", ""), "") for r in spine.iter(OPF + "itemref")]
        nav_id = next((iid for iid, i in items.items() if "nav" in (i.get("properties") or "").split()), None)
        touched = ["the spine"]
        if nav_id is not None and member_of[nav_id] in names:
            nav_member = member_of[nav_id]
            nav_root = _parse(zf, nav_member, display)
            if _add_to_nav(nav_root, nav_member, new_member, target_member, note.heading, spine_members):
                replace[nav_member] = _serialize(nav_root)
                touched.append("the table of contents")
        ncx_id = spine.get("toc") or next((iid for iid, i in items.items()
                                           if i.get("media-type") == "application/x-dtbncx+xml"), None)
        if ncx_id is not None and ncx_id in member_of and member_of[ncx_id] in names:
            ncx_member = member_of[ncx_id]
            ncx_root = _parse(zf, ncx_member, display)
            if _add_to_ncx(ncx_root, ncx_member, new_member, target_member, note.heading, spine_members,
                           new_id):
                replace[ncx_member] = _serialize(ncx_root)
                if "the table of contents" not in touched:
                    touched.append("the table of contents")
        replace[opf] = _serialize(opf_root)

    out = rewrite_zip(data, replace, [(new_member, document)], first_stored="mimetype")
    where = placement.describe(manuscript)
    lines = [f"{display}: would add {new_member} (EPUB {version}, "
             + ("epub:type=\"foreword\" in frontmatter" if version == 3 else "XHTML 1.1")
             + f") {where}" + (f" ({target_member})" if target_member else ""),
             f"  registered in: the manifest, {', '.join(touched)}"
             + (", dcterms:modified" if version == 3 else ""),
             f"  heading: {note.heading}"]
    lines += [f"  text:    {text}" for text in note.paragraphs]
    return Rendered(out, "\n".join(lines) + "\n")


def _parse_quietly(zf: zipfile.ZipFile, member: str | None, display: str) -> Element | None:
    if not member or member not in zf.namelist():
        return None
    try:
        return _parse(zf, member, display)
    except InputError:
        return None


def _free_name(names: set[str], folder: str, stem: str, suffix: str) -> str:
    taken = {n.casefold() for n in names}
    n = 1
    while True:
        name = posixpath.join(folder, f"{stem}{'' if n == 1 else f'-{n}'}{suffix}")
        if name.casefold() not in taken:
            return name
        n += 1


def _free_id(root: Element, stem: str) -> str:
    ids = {el.get("id") for el in root.iter() if el.get("id")}
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


def _document(note: Note, version: int, model: Element | None, folder: str, lang: str) -> bytes:
    """The new XHTML document, linking the stylesheets of the document it goes before."""
    links: list[str] = []
    heading_tag, heading_class = "h1", None
    if model is not None:
        head = model.find(XHTML + "head")
        for link in head.iter(XHTML + "link") if head is not None else ():
            if "stylesheet" in (link.get("rel") or "").lower().split() and link.get("href"):
                attrs = "".join(f' {k}="{html.escape(link.get(k) or "", quote=True)}"'
                                for k in ("href", "rel", "type", "media") if link.get(k))
                links.append(f"<link{attrs}/>")
        body = model.find(XHTML + "body")
        first = next((el for el in body.iter() if _HEADING.fullmatch(_local(el))), None) if body is not None else None
        if first is not None:
            heading_tag, heading_class = _local(first), first.get("class")
    escape = html.escape
    cls = f' class="{escape(heading_class, quote=True)}"' if heading_class else ""
    heading = f"<{heading_tag}{cls}>{escape(note.heading, quote=False)}</{heading_tag}>"
    paragraphs = "\n".join(f"<p>{escape(p, quote=False)}</p>" for p in note.paragraphs)
    title = escape(note.heading, quote=False)
    head_links = "".join(f"\n{link}" for link in links)
    lang_attr = escape(lang, quote=True)
    if version == 3:
        text = (
            '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="{EPUB_NS}" lang="{lang_attr}" '
            f'xml:lang="{lang_attr}">\n<head>\n<title>{title}</title>{head_links}\n</head>\n'
            f'<body epub:type="frontmatter">\n<section epub:type="foreword" id="{NEW_NAME}">\n'
            f"{heading}\n{paragraphs}\n</section>\n</body>\n</html>\n"
        )
    else:
        text = (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="{lang_attr}">\n<head>\n'
            f"<title>{title}</title>{head_links}\n</head>\n<body>\n"
            f'<div id="{NEW_NAME}">\n{heading}\n{paragraphs}\n</div>\n</body>\n</html>\n'
        )
    return text.encode("utf-8")


def _append(parent: Element, child: Element) -> None:
    """Append keeping the parent's indentation (the last child's tail moves to the new one)."""
    children = list(parent)
    if children:
        last = children[-1]
        child.tail = last.tail
        last.tail = children[-2].tail if len(children) > 1 else parent.text
    parent.append(child)


def _insert_before(anchor: Element, new: Element) -> None:
    previous = anchor.getprevious()
    parent = anchor.getparent()
    new.tail = previous.tail if previous is not None else (parent.text if parent is not None else None)
    anchor.addprevious(new)


def _touch_modified(opf_root: Element) -> None:
    from lxml import etree

    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    metadata = opf_root.find(OPF + "metadata")
    if metadata is None:
        return
    for meta in metadata.iter(OPF + "meta"):
        if (meta.get("property") or "").strip() == "dcterms:modified" and not meta.get("refines"):
            meta.text = now
            return
    meta = etree.Element(OPF + "meta")
    meta.set("property", "dcterms:modified")
    meta.text = now
    _append(metadata, meta)


def _position(spine_members: list[str], member: str) -> int:
    return spine_members.index(member) if member in spine_members else len(spine_members)


def _add_to_nav(nav_root: Element, nav_member: str, new_member: str, target: str | None, label: str,
                spine_members: list[str]) -> bool:
    """Add the note to the nav's toc (and landmarks); False when the nav has no toc."""
    from lxml import etree

    base = posixpath.dirname(nav_member)
    epub_type = f"{{{EPUB_NS}}}type"
    changed = False
    for nav in nav_root.iter(XHTML + "nav"):
        types = (nav.get(epub_type) or "").split()
        if "toc" not in types and "landmarks" not in types:
            continue
        ol = nav.find(XHTML + "ol")
        if ol is None:
            continue
        li = etree.Element(XHTML + "li")
        a = etree.SubElement(li, XHTML + "a")
        a.set("href", _href(base, new_member))
        a.text = label
        if "landmarks" in types:
            a.set(epub_type, "foreword")
            anchor = next((x for x in ol.findall(XHTML + "li")
                           if (x.find(XHTML + "a") is not None
                               and "bodymatter" in (x.find(XHTML + "a").get(epub_type) or ""))), None)  # type: ignore[union-attr]
        else:
            anchor = _nav_anchor(ol, base, target, spine_members, _position(spine_members, new_member))
        if anchor is not None:
            _insert_before(anchor, li)
        else:
            _append(ol, li)
        changed = changed or "toc" in types
    return changed


def _nav_anchor(ol: Element, base: str, target: str | None, spine_members: list[str],
                new_position: int) -> Element | None:
    """The `li` the note's entry goes before: the first one leading to the target document (or to
    anything after the note in reading order)."""
    for li in ol.iter(XHTML + "li"):
        a = li.find(XHTML + "a")
        if a is not None and target and _resolve(base, a.get("href", "")) == target:
            return li
    for li in ol.findall(XHTML + "li"):
        a = li.find(XHTML + "a")
        if a is not None and _position(spine_members, _resolve(base, a.get("href", ""))) > new_position:
            return li
    return None


def _add_to_ncx(ncx_root: Element, ncx_member: str, new_member: str, target: str | None, label: str,
                spine_members: list[str], new_id: str) -> bool:
    from lxml import etree

    nav_map = ncx_root.find(NCX + "navMap")
    if nav_map is None:
        return False
    base = posixpath.dirname(ncx_member)
    points = list(nav_map.iter(NCX + "navPoint"))
    new_position = _position(spine_members, new_member)

    def src(point: Element) -> str:
        content = point.find(NCX + "content")
        return _resolve(base, content.get("src", "")) if content is not None else ""

    anchor = next((p for p in points if target and src(p) == target), None)
    if anchor is None:
        anchor = next((p for p in nav_map.findall(NCX + "navPoint")
                       if _position(spine_members, src(p)) > new_position), None)
    ordered = [el for el in ncx_root.iter() if el.get("playOrder", "").strip().isdigit()]
    if anchor is not None and anchor.get("playOrder", "").strip().isdigit():
        order = int(anchor.get("playOrder", "1"))
    else:
        order = max((int(el.get("playOrder", "0")) for el in ordered), default=0) + 1
    for el in ordered:
        value = int(el.get("playOrder", "0"))
        if value >= order:
            el.set("playOrder", str(value + 1))
    ids = {el.get("id") for el in ncx_root.iter() if el.get("id")}
    point_id = new_id if new_id not in ids else f"{new_id}-navpoint"
    point = etree.Element(NCX + "navPoint")
    point.set("id", point_id)
    point.set("playOrder", str(order))
    text = etree.SubElement(etree.SubElement(point, NCX + "navLabel"), NCX + "text")
    text.text = label
    etree.SubElement(point, NCX + "content").set("src", _href(base, new_member))
    if anchor is not None:
        _insert_before(anchor, point)
    else:
        _append(nav_map, point)
    return True
