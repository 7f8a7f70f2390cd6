"""DOCX writer: new paragraphs in the main part, in the document's own styles; nothing else touched.

Not through python-docx: its `save` rewrites every part it models and drops parts that no
relationship points to. The main part is parsed with lxml (through the readers' safe parser),
the new paragraphs are added before the paragraph that opens the target section (numbered as
the DOCX reader numbers them), and only that part — plus ``styles.xml`` when no heading style
exists and one has to be created — is serialized again. Every other member is copied through.
With an `[ai-use]` declaration, its mirror goes into the custom properties (`custom_properties`):
``docProps/custom.xml``, with its relationship and content type when the document had none.

The new heading copies a section heading of the book as the reader found it (the one it goes
before, else another): its paragraph style, and its direct formatting where the book makes
headings by hand (Word's Normal made bold and centred, Google Docs), so it looks like the book's
own headings; only a book with no heading at all gets its "heading 1" (created if need be). The
text uses the paragraph style, font and indents of the section's first paragraph of text. Page
breaks follow the book: a section that starts a page still does, and a story without headings is
parted from the note by one. Only formatting that cannot hide text is copied (fonts, sizes, spacing,
indents, alignment, bold/italic/caps): never colours or hidden marks. A note in another language
than the text it copies (``w:lang`` of the model run, else the document's default) has its runs
marked with its own (``w:lang``), so that Word proofs it, and a reader reads it, in that language.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections import Counter
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Kind, Manuscript, Section
from ..provenance import AI_SYSTEM_PROPERTY, SOURCE_TYPE_PROPERTY, SYSTEM_SEPARATOR
from ..readers.safety import DEFAULT_LIMITS, Limits, parse_xml, read_member
from ..readers.wordml import StyleSheet, W, paragraph_elements, strict_namespaces
from . import Note, Placement, Rendered
from .zipcopy import Source, rewrite_zip

if TYPE_CHECKING:
    from lxml import etree

    from .mirror import Mirror

    Element = etree._Element

_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: Paragraph properties copied from a model paragraph (layout only), in schema order.
_PPR_KEEP = ("keepNext", "keepLines", "spacing", "ind", "contextualSpacing", "jc", "outlineLvl")
#: Run properties copied from a model run (never colour, highlight, vanish, tiny sizes).
_RPR_KEEP = ("rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "sz", "szCs", "lang")
#: Schema order of the w:pPr children the writer sets (ECMA-376 Part 1 §17.3.1.26).
_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "spacing", "ind",
              "contextualSpacing", "jc", "outlineLvl")
_RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "sz", "szCs", "lang")
_MIN_HALF_POINTS = 16  # an 8-pt floor for copied sizes: the note must be easy to read


def _rels(zf: zipfile.ZipFile, part: str, limits: Limits = DEFAULT_LIMITS) -> list[tuple[str, str]]:
    """(type, target part name) of a part's relationships ("" = the package)."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
    if rels_name not in zf.namelist():
        return []
    root = parse_xml(read_member(zf, rels_name, limits), part=rels_name)
    out = []
    for rel in root.iter(_REL_NS + "Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out.append((rel.get("Type", "").rsplit("/", 1)[-1], name))
    return out


def _w(tag: str) -> str:
    return W + tag


def _declaration(data: bytes) -> bool:
    """Does the part say standalone="yes" (Word writes it; keep it as it was)?"""
    head = data[:200]
    return bool(re.search(rb"standalone\s*=\s*[\"']yes[\"']", head))


def render(data: Source, manuscript: Manuscript, placement: Placement, note: Note, *,
           limits: Limits = DEFAULT_LIMITS) -> Rendered:
    """The package with the note's paragraphs added before the placement's section (`data`: the
    package's bytes, or its file, which is then read member by member and never held whole)."""
    from lxml import etree

    try:
        zf = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except OSError as exc:
        raise InputError(f"{manuscript.path}: cannot read: {exc.strerror or exc}") from exc
    except zipfile.BadZipFile as exc:
        raise InputError(f"{manuscript.path}: damaged zip package ({exc})") from exc
    with zf:
        main = next((t for k, t in _rels(zf, "", limits) if k == "officeDocument"), None)
        if main is None or main not in zf.namelist():
            raise InputError(f"{manuscript.path}: no main document part; save it again from Word")
        main_data = read_member(zf, main, limits)
        if strict_namespaces(main_data):
            raise InputError(f"{manuscript.path}: a Strict Open XML document; save it as an ordinary "
                             "Word document (.docx) and run insert again")
        root = parse_xml(main_data, part=main)
        styles_name = next((t for k, t in _rels(zf, main, limits) if k == "styles" and t in zf.namelist()), None)
        styles_data = read_member(zf, styles_name, limits) if styles_name else None
    styles_root = parse_xml(styles_data, part=styles_name or "styles") if styles_data is not None else None
    sheet = StyleSheet(styles_root)
    body = root.find(_w("body"))
    if body is None:
        raise InputError(f"{manuscript.path}: the document has no body")
    paragraphs = paragraph_elements(body)
    target = _target(manuscript, placement, paragraphs)
    anchor = _top_level(target, body) if target is not None else body.find(_w("sectPr"))

    model_heading = _heading_model(manuscript, placement, paragraphs)
    if model_heading is not None:
        # The book's own section heading: its style (Heading 1, a custom Title-like one) or, in a
        # book without heading styles (Word's Normal made bold and centred, Google Docs), the same
        # direct formatting.
        heading_style, created = _style(model_heading), False
    else:
        heading_style, created = _heading_style(manuscript, placement, paragraphs, sheet, styles_root)
    model_body = _body_model(manuscript, placement, paragraphs)
    breaks_itself = target is not None and _breaks_itself(target, sheet)
    broken_before = target is not None and not breaks_itself and _broken_before(anchor)
    no_heading = placement.before is not None and manuscript.sections[placement.before].heading is None

    language = _note_language(note, manuscript, model_body)
    new: list[Element] = []
    h = _paragraph(note.heading, model_heading, heading_style, heading=True, language=language)
    if breaks_itself and not sheet.breaks_page(heading_style):
        _set(h, "pageBreakBefore")  # the section starts a page of its own: so does the note
    if heading_style is None and model_heading is None:
        _set(h, "outlineLvl", "0")  # no style sheet: an outline level still makes it a heading
        rpr = _rpr(h)
        _put(rpr, "b")
        _put(rpr, "sz", "32")
    new.append(h)
    for text in note.paragraphs:
        new.append(_paragraph(text, model_body, _style(model_body) if model_body is not None else None,
                              language=language))
    if broken_before or (no_heading and not breaks_itself):
        # The section started a page thanks to the paragraph before it (we now follow that
        # paragraph), or it is a story without headings that needs a clear break from the note:
        # end the note with a page break, the book's own break paragraph where it has one.
        own = _break_paragraph(anchor)
        if own is not None:
            new.append(_copy(own))
        else:
            run = etree.SubElement(new[-1], _w("r"))
            etree.SubElement(run, _w("br")).set(_w("type"), "page")
    for element in new:
        if anchor is None:
            body.append(element)
        else:
            anchor.addprevious(element)

    replace = {main: etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                    standalone=True if _declaration(main_data) else None)}
    if created and styles_root is not None and styles_name is not None:
        assert styles_data is not None
        replace[styles_name] = etree.tostring(styles_root, xml_declaration=True, encoding="UTF-8",
                                              standalone=True if _declaration(styles_data) else None)
    add: list[tuple[str, bytes]] = []
    if note.mirror is not None:
        with zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data) as zf:
            changed, added = custom_properties(zf, note.mirror, manuscript.path, limits)
        replace.update(changed)
        add += added
    where = placement.describe(manuscript)
    number = _number(target, paragraphs)
    if model_heading is not None:
        like = _text_of(model_heading)
        style_name = (sheet.name(heading_style) if heading_style else "Normal") + f", formatted like “{like}”"
    else:
        style_name = sheet.name(heading_style) if heading_style else "outline level 1, bold"
    lines = [f"{manuscript.path}: would add a section {where}"
             + (f" (before paragraph {number})" if number else ""),
             f"  heading: {note.heading}  [style: {style_name}{', created' if created else ''}]"]
    body_style = _style(model_body) if model_body is not None else None
    for text in note.paragraphs:
        lines.append(f"  text:    {text}  [style: {sheet.name(body_style) if body_style else 'Normal'}]")
    if note.mirror is not None:
        lines.append("  metadata: the AI-use custom properties (docProps/custom.xml)")
    return Rendered(rewrite_zip(data, replace, add, limits=limits), "\n".join(lines) + "\n")


# --- the AI-use custom properties -------------------------------------------------------------------

_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
#: ECMA-376 Part 1 §22.3 (custom properties): the relationship type, the part's content type and
#: the format id every user-defined property carries (the same as Word's own).
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def custom_properties(zf: zipfile.ZipFile, mirror: Mirror, display: str, limits: Limits = DEFAULT_LIMITS,
                      ) -> tuple[dict[str, bytes], list[tuple[str, bytes]]]:
    """The parts to replace and add so that the document's custom properties carry the mirror
    (`provenance`: ``schema:digitalSourceType``, ``Iptc4xmpExt:AISystemUsed``, several systems
    joined by "; "). A custom.xml already there keeps every other property; ours are updated in
    place. Without one, a new ``docProps/custom.xml``, its relationship in ``_rels/.rels`` and its
    content type in ``[Content_Types].xml``; nothing else changes."""
    from lxml import etree

    wanted = ([(SOURCE_TYPE_PROPERTY, mirror.source_type)] if mirror.source_type else []) + (
        [(AI_SYSTEM_PROPERTY, SYSTEM_SEPARATOR.join(mirror.systems))] if mirror.systems else [])
    existing = next((t for k, t in _rels(zf, "", limits) if k == "custom-properties"), None)
    names = {n.lower(): n for n in zf.namelist()}
    if existing is not None and existing.lower() in names:
        real = names[existing.lower()]
        raw = read_member(zf, real, limits)
        root = parse_xml(raw, part=real)
        if _set_properties(root, wanted):
            return {real: etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                         standalone=True if _declaration(raw) else None)}, []
        return {}, []
    if "_rels/.rels" not in names or "[content_types].xml" not in names:
        raise InputError(f"{display}: damaged package: no _rels/.rels or [Content_Types].xml")
    replace: dict[str, bytes] = {}
    # A relationship to a part that is missing gets its part; else a new part and relationship.
    part = existing or next(f"docProps/custom{'' if n == 1 else n}.xml" for n in range(1, len(names) + 2)
                            if f"docProps/custom{'' if n == 1 else n}.xml".lower() not in names)
    root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    _set_properties(root, wanted)
    new_part = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if existing is None:
        rels_name = names["_rels/.rels"]
        rels_raw = read_member(zf, rels_name, limits)
        rels = parse_xml(rels_raw, part=rels_name)
        ids = {rel.get("Id") for rel in rels.iter(_REL_NS + "Relationship")}
        rel = etree.SubElement(rels, _REL_NS + "Relationship")
        rel.set("Id", next(f"rId{n}" for n in range(1, len(ids) + 2) if f"rId{n}" not in ids))
        rel.set("Type", CUSTOM_REL)
        rel.set("Target", part)
        replace[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                            standalone=True if _declaration(rels_raw) else None)
    types_name = names["[content_types].xml"]
    types_raw = read_member(zf, types_name, limits)
    types = parse_xml(types_raw, part=types_name)
    overrides = {(o.get("PartName") or "").lower(): o for o in types.iter(_CT_NS + "Override")}
    override = overrides.get("/" + part.lower())
    if override is None:
        override = etree.SubElement(types, _CT_NS + "Override")
        override.set("PartName", "/" + part)
    if override.get("ContentType") != CUSTOM_TYPE:
        override.set("ContentType", CUSTOM_TYPE)
        replace[types_name] = etree.tostring(types, xml_declaration=True, encoding="UTF-8",
                                             standalone=True if _declaration(types_raw) else None)
    return replace, [(part, new_part)]


def _set_properties(root: Element, wanted: list[tuple[str, str]]) -> bool:
    """Set each (name, text) as a string property of a custom.xml root; False: all were so."""
    from lxml import etree

    changed = False
    props = {p.get("name"): p for p in root.iter(f"{{{_CUSTOM_NS}}}property")}
    pids = [int(p.get("pid") or 0) for p in props.values() if (p.get("pid") or "").isdigit()]
    next_pid = max([1, *pids]) + 1  # pid 0 and 1 are reserved (§22.3.2.2)
    for name, value in wanted:
        prop = props.get(name)
        current = list(prop) if prop is not None else []
        if (prop is not None and len(current) == 1 and current[0].tag == f"{{{_VT_NS}}}lpwstr"
                and (current[0].text or "") == value):
            continue
        changed = True
        if prop is None:
            prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property")
            prop.set("fmtid", CUSTOM_FMTID)
            prop.set("pid", str(next_pid))
            prop.set("name", name)
            next_pid += 1
        for child in current:
            prop.remove(child)
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = value
    return changed


def _target(manuscript: Manuscript, placement: Placement, paragraphs: list[Element]) -> Element | None:
    if placement.before is None:
        return None
    section = manuscript.sections[placement.before]
    number = _first_number(section)
    if number is None or not 1 <= number <= len(paragraphs):
        raise InputError(f"{manuscript.path}: cannot find the paragraph that starts “{section.heading}”")
    return paragraphs[number - 1]


def _first_number(section: Section) -> int | None:
    if section.heading is not None and section.location.block:
        return section.location.block
    return next((b.location.block for b in section.blocks if b.location.block), section.location.block)


def _number(target: Element | None, paragraphs: list[Element]) -> int | None:
    if target is None:
        return None
    return next((i + 1 for i, p in enumerate(paragraphs) if p is target), None)


def _top_level(p: Element, body: Element) -> Element:
    """The body child holding a paragraph (the paragraph itself, or its table / content control)."""
    element = p
    while element.getparent() is not None and element.getparent() is not body:
        parent = element.getparent()
        assert parent is not None
        element = parent
    return element


def _style(p: Element | None) -> str | None:
    if p is None:
        return None
    ps = p.find(f"{_w('pPr')}/{_w('pStyle')}")
    return ps.get(_w("val")) if ps is not None else None


def _heading_style(manuscript: Manuscript, placement: Placement, paragraphs: list[Element],
                   sheet: StyleSheet, styles_root: Element | None) -> tuple[str | None, bool]:
    """The style for the note's heading, and whether it had to be created in styles.xml."""
    if placement.before is not None:
        own = _style(_target(manuscript, placement, paragraphs))
        if sheet.is_heading(own):
            return own, False
    used: Counter[str] = Counter()
    for section in manuscript.sections:
        if section.heading is None or not section.location.block:
            continue
        if 1 <= section.location.block <= len(paragraphs):
            sid = _style(paragraphs[section.location.block - 1])
            if sid is not None and sheet.is_heading(sid):
                used[sid] += 1
    if used:
        return used.most_common(1)[0][0], False
    ids = sheet.paragraph_styles()
    for sid in ids:
        if sid.lower() == "heading1" or sheet.name(sid).lower().replace(" ", "") == "heading1":
            return sid, False
    headings = sorted(sid for sid in ids if sheet.is_heading(sid))
    if headings:
        return headings[0], False
    if styles_root is None:
        return None, False
    return _create_heading_style(styles_root, sheet), True


def _create_heading_style(styles_root: Element, sheet: StyleSheet) -> str:
    """Add Word's built-in "heading 1" (outline level 1) to a style sheet that has no heading."""
    from lxml import etree

    taken = set(sheet.paragraph_styles())
    sid = "Heading1"
    n = 1
    while sid in taken:
        n += 1
        sid = f"Heading1_{n}"
    style = etree.SubElement(styles_root, _w("style"))
    style.set(_w("type"), "paragraph")
    style.set(_w("styleId"), sid)
    etree.SubElement(style, _w("name")).set(_w("val"), "heading 1")
    if sheet.default_paragraph:
        etree.SubElement(style, _w("basedOn")).set(_w("val"), sheet.default_paragraph)
        etree.SubElement(style, _w("next")).set(_w("val"), sheet.default_paragraph)
    etree.SubElement(style, _w("qFormat"))
    ppr = etree.SubElement(style, _w("pPr"))
    etree.SubElement(ppr, _w("keepNext"))
    spacing = etree.SubElement(ppr, _w("spacing"))
    spacing.set(_w("before"), "480")
    spacing.set(_w("after"), "240")
    etree.SubElement(ppr, _w("outlineLvl")).set(_w("val"), "0")
    rpr = etree.SubElement(style, _w("rPr"))
    etree.SubElement(rpr, _w("b"))
    etree.SubElement(rpr, _w("sz")).set(_w("val"), "32")
    return sid


def _body_model(manuscript: Manuscript, placement: Placement, paragraphs: list[Element]) -> Element | None:
    """A paragraph of ordinary text to take the look of: the target section's first, else any."""
    order = list(manuscript.sections)
    if placement.before is not None:
        order = [order[placement.before], *order]
    for section in order:
        for block in section.blocks:
            if block.is_heading or block.where is not None or not block.location.block:
                continue
            p = paragraphs[block.location.block - 1] if block.location.block <= len(paragraphs) else None
            parent = p.getparent() if p is not None else None
            if p is not None and parent is not None and parent.tag == _w("body"):
                return p
    return None


def _breaks_itself(p: Element, sheet: StyleSheet) -> bool:
    ppr = p.find(_w("pPr"))
    if ppr is not None:
        pb = ppr.find(_w("pageBreakBefore"))
        if pb is not None:
            return pb.get(_w("val"), "1").lower() not in ("0", "false", "off")
    return sheet.breaks_page(_style(p))


def _text_of(p: Element) -> str:
    return " ".join("".join(t.text or "" for t in p.iter(_w("t"))).split())


def _previous(anchor: Element | None) -> Element | None:
    previous = anchor.getprevious() if anchor is not None else None
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    return previous


def _broken_before(anchor: Element | None) -> bool:
    """Does the paragraph before the section end its page (a page break in it, or a section break)?"""
    previous = _previous(anchor)
    if previous is None:
        return False
    if previous.find(f"{_w('pPr')}/{_w('sectPr')}") is not None:
        return True
    return any(br.get(_w("type")) == "page" for br in previous.iter(_w("br")))


def _break_paragraph(anchor: Element | None) -> Element | None:
    """The paragraph before the section when it is nothing but a page break (Word's and Google
    Docs' manuscripts put one between sections): the note ends with a copy of it."""
    previous = _previous(anchor)
    if previous is None or previous.tag != _w("p") or previous.find(f"{_w('pPr')}/{_w('sectPr')}") is not None:
        return None
    if "".join(t.text or "" for t in previous.iter(_w("t"))).strip():
        return None
    brs = list(previous.iter(_w("br")))
    if not brs or any(br.get(_w("type")) != "page" for br in brs):
        return None
    return previous


def _heading_model(manuscript: Manuscript, placement: Placement, paragraphs: list[Element]) -> Element | None:
    """The paragraph of a section heading of the book, as the reader found it, to copy the look
    of: the heading the note goes before, else a later one, else an earlier one (never a title
    page's, which has a design of its own)."""
    sections = list(manuscript.sections)
    at = placement.before if placement.before is not None else len(sections)
    for section in [*sections[at:], *reversed(sections[:at])]:
        if section.heading is None or section.kind in (Kind.TITLE_PAGE, Kind.CONTENTS):
            continue
        block = next((b for b in section.blocks if b.is_heading and b.location.block), None)
        if block is None or not 1 <= (block.location.block or 0) <= len(paragraphs):
            continue
        p = paragraphs[(block.location.block or 1) - 1]
        parent = p.getparent()
        if parent is not None and parent.tag == _w("body"):
            return p
    return None


def _note_language(note: Note, manuscript: Manuscript, model: Element | None) -> str | None:
    """The language to mark the note's runs with, when the text it copies is in another (the
    model run's ``w:lang``, else the book's as the reader found it: the core properties', else
    the style sheet's default); None: no mark."""
    from .templates import language_code

    run = next((r for r in model.iter(_w("r")) if r.find(_w("t")) is not None), None) if model is not None else None
    lang = run.find(f"{_w('rPr')}/{_w('lang')}") if run is not None else None
    copied = lang.get(_w("val")) if lang is not None else None
    current = copied or manuscript.metadata.language
    if current is None:
        return None if language_code(note.language) == "en" else note.language
    return None if language_code(current) == language_code(note.language) else note.language


def _paragraph(text: str, model: Element | None, style: str | None, *, heading: bool = False,
               language: str | None = None) -> Element:
    from lxml import etree

    p = etree.Element(_w("p"))
    if style is not None:
        _set(p, "pStyle", style)
    if model is not None:
        mppr = model.find(_w("pPr"))
        if mppr is not None:
            for tag in _PPR_KEEP:
                el = mppr.find(_w(tag))
                if el is not None:
                    _replace_child(_ppr(p), el, _PPR_ORDER)
        mrun = next((r for r in model.iter(_w("r")) if r.find(_w("t")) is not None), None)
        mrpr = mrun.find(_w("rPr")) if mrun is not None else None
        if mrpr is not None:
            rpr = _rpr(p)
            for tag in _RPR_KEEP:
                el = mrpr.find(_w(tag))
                if el is None:
                    continue
                if tag in ("sz", "szCs") and not _legible(el):
                    continue
                _replace_child(rpr, el, _RPR_ORDER)
    if language is not None:
        rpr = _rpr(p)
        lang = rpr.find(_w("lang"))
        if lang is None:
            _put(rpr, "lang", language)
        else:
            lang.set(_w("val"), language)  # its eastAsia and bidi languages stay
    run = etree.SubElement(p, _w("r"))
    rpr_model = p.find(f"{_w('pPr')}/{_w('rPr')}")
    if rpr_model is not None:
        run.append(_copy(rpr_model))
    t = etree.SubElement(run, _w("t"))
    t.text = text
    t.set(_XML_SPACE, "preserve")
    return p


def _legible(sz: Element) -> bool:
    try:
        return int(sz.get(_w("val"), "0")) >= _MIN_HALF_POINTS
    except ValueError:
        return False


def _copy(el: Element) -> Element:
    from copy import deepcopy

    return deepcopy(el)


def _ppr(p: Element) -> Element:
    from lxml import etree

    ppr = p.find(_w("pPr"))
    if ppr is None:
        ppr = etree.Element(_w("pPr"))
        p.insert(0, ppr)
    return ppr


def _rpr(p: Element) -> Element:
    """The paragraph mark's run properties (w:pPr/w:rPr), created at its schema place (last)."""
    from lxml import etree

    ppr = _ppr(p)
    rpr = ppr.find(_w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(ppr, _w("rPr"))
    return rpr


def _set(p: Element, tag: str, value: str | None = None) -> None:
    from lxml import etree

    el = etree.Element(_w(tag))
    if value is not None:
        el.set(_w("val"), value)
    _replace_child(_ppr(p), el, _PPR_ORDER)


def _put(rpr: Element, tag: str, value: str | None = None) -> None:
    from lxml import etree

    el = etree.Element(_w(tag))
    if value is not None:
        el.set(_w("val"), value)
    _replace_child(rpr, el, _RPR_ORDER)


def _replace_child(parent: Element, element: Element, order: tuple[str, ...]) -> None:
    """Put a copy of `element` in `parent`, replacing one of its kind, at its schema position."""
    local = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
    old = parent.find(_w(local))
    if old is not None:
        parent.remove(old)
    new = _copy(element)
    rank = order.index(local) if local in order else len(order)
    for i, child in enumerate(parent):
        child_local = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if child_local == "rPr" or (child_local in order and order.index(child_local) > rank):
            parent.insert(i, new)
            return
    parent.append(new)
