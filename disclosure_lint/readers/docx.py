"""DOCX reader: a Word document (.docx, .docm, .dotx, .dotm) as a reader of the book meets it.

The package is opened with the shared guards in `safety` and its parts are parsed with lxml,
not through python-docx: python-docx refuses the .docm/.dotx content types, leaves out tracked
insertions, fields, content controls and text boxes, and builds a proxy object per run, which
is too slow for a novel. Only the parts the analysis needs are inflated: the package and main
part relationships, the main part, styles, settings, comments, footnotes, endnotes, the headers
and footers that sections reference, and the core properties. Images, media, macros
(vbaProject.bin) and embedded objects are never read.

Design choices, each made so that the rules see the book as a reader sees it:

- **The main part** is the target of the package's ``officeDocument`` relationship
  (ECMA-376 Part 2 §9.3), not an assumed ``word/document.xml``. Strict OOXML namespaces are
  mapped to the transitional ones before parsing.
- **Reading order**: body paragraphs, table cell paragraphs and content controls in document
  order; a text box's paragraphs follow the paragraph that anchors it. Of an
  ``mc:AlternateContent`` only the first ``mc:Choice`` is read (the ``mc:Fallback`` repeats the
  same text for old readers). Tracked insertions and field results are text; tracked
  deletions (``w:del``) become `HiddenText` (DELETED_REVISION); ``w:moveFrom`` is dropped, as its
  text is read where it moved to; field instructions (``w:instrText`` and anything between a
  field's begin and separate marks) are never text.
- **Paragraph numbers**: every paragraph of the main part counts, in document order, including
  empty ones and those in tables and text boxes; `Location.block` holds that 1-based number
  and `Location.line` is None.
- **Visibility** is resolved as Word's Print Layout renders it, through direct run formatting,
  then the character style chain, the paragraph style chain, the table style, and
  ``w:docDefaults``. ``w:vanish``, ``w:specVanish`` and ``w:webHidden`` hide text
  (HIDDEN_FORMATTING); a colour whose contrast with the background (run highlight or shading,
  else paragraph shading, else table cell shading, else the page colour ``w:background``, white
  by default) is under 1.25:1 is INVISIBLE_COLOUR; type under 4 pt is TINY_TEXT. ``w:webHidden``
  text shows in Print Layout but not in Web Layout, "Save as Web Page" or an e-book made from
  Word's web output: a disclosure there is not one "no reader could possibly miss", so it counts
  as hidden (Word also marks table-of-contents page numbers so; losing those loses nothing).
- **Footnotes and endnotes** become `Block`s with ``visibility=EASY_TO_MISS`` and
  ``where="a footnote"``/``"an endnote"``, placed right after the paragraph that references
  them, in that paragraph's section and with its paragraph number: a disclosure there is in the
  right part of the book but small and out of the way, which is exactly what
  ``disclosure-placement`` reports. **Headers and footers** likewise become EASY_TO_MISS blocks
  (``"a page header"``/``"a page footer"``) at the start of the Word section (``w:sectPr``) that
  shows them, with the number of that section's first paragraph; a header shared by several
  sections is emitted once. No trailing pseudo-section is made, so no rule mistakes a header
  for back matter.
- **Comments** are `HiddenText` (COMMENT, "a Word comment") at the paragraph they annotate.
  Description, subject and keywords in the core properties are `HiddenText` (METADATA).
- **Sections** open at headings: a paragraph style whose ``basedOn`` chain reaches a built-in
  heading or Title (by id or name), or an outline level 0–8; and, conservatively, at the
  "fake headings" of standard manuscript format (see `_is_fake_heading`; the rule is
  `sections.heading_line`, which the EPUB reader applies to CSS). The Title-style paragraph and
  a "by NAME" line make the first section a title page; "by NAME" also gives an author. Kinds
  and roles come from the shared classifier (`sections.classify_sections`), as for Markdown
  and EPUB.

This module opens the package, reads the metadata and makes the sections; formatting (styles,
visibility) and the paragraph walk are in `wordml`, which the DOCX writer uses too.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from .. import patterns as rx
from ..errors import InputError
from ..model import (
    Block,
    HiddenReason,
    HiddenText,
    Kind,
    Location,
    Manuscript,
    Metadata,
    Section,
    Visibility,
)
from .byline import by_line_authors, by_line_names
from .language import docx_language, majority
from .placeholders import is_placeholder
from .safety import DEFAULT_LIMITS, Limits, open_zip, parse_xml, read_member, sniff
from .sections import HEADING_LINE_CHARS, Evidence, classify_sections, heading_line
from .text import collapse
from .vocabulary import classify_heading
from .wordml import (
    SECTPR,
    THEME_COLOURS,
    TYPE,
    VAL,
    Ctx,
    Para,
    ParagraphReader,
    Styles,
    W,
    hex_colour,
    is_on,
    to_transitional,
)

if TYPE_CHECKING:
    from lxml import etree

    Element = etree._Element

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
DC = "{http://purl.org/dc/elements/1.1/}"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"



# --- the package ----------------------------------------------------------------------------


class _Rel:
    __slots__ = ("kind", "target")

    def __init__(self, kind: str, target: str | None) -> None:
        self.kind = kind  # the last segment of the relationship type ("styles", "header", ...)
        self.target = target  # part name inside the package, None for an external target


class _Package:
    """The parts of one OPC package, inflated on demand through the shared guards."""

    def __init__(self, zf: zipfile.ZipFile, display: str, limits: Limits) -> None:
        self.zf = zf
        self.display = display
        self.limits = limits
        self.budget = [limits.max_total_bytes]
        # OPC part names are case-insensitive (ECMA-376 Part 2 §9.1.1.1).
        self.names = {n.lower(): n for n in zf.namelist()}

    def has(self, name: str) -> bool:
        return name.lower() in self.names

    def xml(self, name: str) -> Element | None:
        """Parse a part, or None when the package lacks it."""
        real = self.names.get(name.lower())
        if real is None:
            return None
        data = to_transitional(read_member(self.zf, real, self.limits, self.budget))
        return parse_xml(data, part=f"{self.display}: {real}")

    def rels(self, part: str) -> dict[str, _Rel]:
        """The relationships of a part ('' for the package), by id."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, _Rel] = {}
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
            out[rel.get("Id", "")] = _Rel(rtype.rstrip("/").rsplit("/", 1)[-1], name)
        return out


# --- sections ---------------------------------------------------------------------------------


def _is_fake_heading(para: Para, after_break: bool, after_heading: bool) -> Kind | None:
    """A heading typed as a formatted Normal paragraph, as standard manuscript format does: the
    shared rule (`sections.heading_line`) on its words and direct formatting. A numbered
    paragraph (a list item), or one in a table or a text box, is never one.
    """
    text = para.visible
    if len(text) > HEADING_LINE_CHARS or para.numbered or not para.ctx.top_level:
        return None  # most paragraphs: too long to be a heading
    return heading_line(text, bold=para.bold, centred=bool(para.centred), caps=para.caps,
                        after_break=after_break, after_heading=after_heading)


class _SectionBuilder:
    __slots__ = ("blocks", "heading", "kind", "languages", "location", "title_page")

    def __init__(self, heading: str | None, kind: Kind, location: Location,
                 title_page: bool = False) -> None:
        self.heading = heading
        self.kind = kind
        self.location = location
        self.blocks: list[Block] = []
        self.title_page = title_page
        #: Characters of its text by w:lang (the run's, through the styles), for its language.
        self.languages: dict[str | None, int] = {}


# --- reading ----------------------------------------------------------------------------------


def read(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Manuscript:
    """Read a Word document into the shared manuscript model."""
    display = str(path)
    if sniff(path) != "zip":
        from . import detect_format

        detect_format(path, limits)  # raises the precise line for OLE, PDF, text named .docx, ...
        raise InputError(f"{display}: not a Word document (DOCX is a zip package); export it again")
    with open_zip(path, limits) as zf:
        try:
            return _Reader(_Package(zf, display, limits)).read()
        except RecursionError as exc:  # libxml2 caps depth at 256, so only a hostile file gets here
            raise InputError(f"{display}: refused: elements nested too deeply to read") from exc


class _Reader:
    def __init__(self, pkg: _Package) -> None:
        self.pkg = pkg
        self.display = pkg.display
        self.hidden: list[HiddenText] = []
        self.sections: list[_SectionBuilder] = []
        self._authors: list[str] = []
        self._anchored_comments: set[str] = set()

    def loc(self, section: str | None = None, block: int | None = None) -> Location:
        return Location(self.display, None, None, section, block)

    def read(self) -> Manuscript:
        pkg = self.pkg
        if not pkg.has("[Content_Types].xml"):
            raise InputError(f"{self.display}: a zip without [Content_Types].xml, so not a Word "
                             "document; save it again from Word as .docx")
        package_rels = pkg.rels("")
        main = next((r.target for r in package_rels.values()
                     if r.kind == "officeDocument" and r.target), None)
        if main is None:
            raise InputError(f"{self.display}: no main document (officeDocument relationship in "
                             "_rels/.rels); the file is damaged, save it again from Word")
        root = pkg.xml(main)
        if root is None:
            raise InputError(f"{self.display}: the main document part {main} is missing; the file "
                             "is damaged, save it again from Word")
        if root.tag != W + "document":
            local = root.tag.rsplit("}", 1)[-1] if isinstance(root.tag, str) else "?"
            raise InputError(f"{self.display}: an Office package whose main part {main} is "
                             f"<{local}>, not a Word document")
        rels = pkg.rels(main)
        by_kind: dict[str, list[str]] = {}
        for rel in rels.values():
            if rel.target:
                by_kind.setdefault(rel.kind, []).append(rel.target)
        styles = Styles(self._first(by_kind, "styles"))
        settings = self._first(by_kind, "settings")
        even_odd = settings is not None and settings.find(W + "evenAndOddHeaders") is not None
        page = "FFFFFF"
        bg = root.find(W + "background")
        if bg is not None:
            # w:background names its colour in w:color, not w:val (§17.2.1).
            theme = (bg.get(W + "themeColor") or "").lower()
            page = THEME_COLOURS.get(theme) or hex_colour(bg.get(W + "color")) or "FFFFFF"
            if page == "auto":
                page = "FFFFFF"
        self.reader = ParagraphReader(styles, page)

        metadata = self._metadata(package_rels)
        comments = self._comments(self._first(by_kind, "comments"))
        notes = {
            "footnote": self._notes(self._first(by_kind, "footnotes"), "footnote", "a footnote"),
            "endnote": self._notes(self._first(by_kind, "endnotes"), "endnote", "an endnote"),
        }
        body = root.find(W + "body")
        anchors = self._body(body, comments, notes) if body is not None else []
        self._headers_footers(anchors, rels, even_odd)
        for cid, text in comments.items():
            if cid not in self._anchored_comments:
                self.hidden.append(HiddenText(text, self.loc(), HiddenReason.COMMENT, "a Word comment"))
        return self._finish(metadata, styles)

    def _first(self, by_kind: dict[str, list[str]], kind: str) -> Element | None:
        targets = by_kind.get(kind)
        return self.pkg.xml(targets[0]) if targets else None

    # metadata ---------------------------------------------------------------------------------

    def _metadata(self, package_rels: dict[str, _Rel]) -> Metadata:
        core_name = next((r.target for r in package_rels.values()
                          if r.kind == "core-properties" and r.target), None)
        if core_name is None and self.pkg.has("docProps/core.xml"):
            core_name = "docProps/core.xml"
        core = self.pkg.xml(core_name) if core_name else None
        title = language = description = None
        authors: list[str] = []
        if core is not None:
            def text(tag: str) -> str | None:
                el = core.find(tag)
                value = collapse(el.text or "") if el is not None else ""
                return None if is_placeholder(value) else value
            title = text(DC + "title")
            language = text(DC + "language")
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
                    self.hidden.append(HiddenText(value, self.loc(), HiddenReason.METADATA,
                                                  f"document properties ({label})"))
        self._authors = authors
        return Metadata(title=title, authors=(), language=language, description=description,
                        location=self.loc())

    # comments and notes ----------------------------------------------------------------------------

    def _comments(self, root: Element | None) -> dict[str, str]:
        out: dict[str, str] = {}
        if root is None:
            return out
        reader = ParagraphReader(self.reader.styles, self.reader.page_colour)
        for comment in root.iter(W + "comment"):
            texts = [reader.read(p, Ctx()).all_text for p, _ in reader.paragraphs(comment, Ctx())]
            text = collapse(" ".join(texts))
            if text:
                out[comment.get(W + "id", "")] = text
        return out

    def _notes(self, root: Element | None, tag: str, where: str) -> dict[str, list[Para]]:
        out: dict[str, list[Para]] = {}
        if root is None:
            return out
        reader = ParagraphReader(self.reader.styles, self.reader.page_colour)
        ctx = Ctx(place=where, top_level=False)
        for note in root.iter(W + tag):
            if note.get(TYPE, "normal") not in ("normal", ""):
                continue  # separators and continuation notices
            out[note.get(W + "id", "")] = [reader.read(p, c) for p, c in reader.paragraphs(note, ctx)]
        return out

    def _emit_part(self, paras: list[Para], where: str, section: str | None, number: int | None,
                   into: list[Block]) -> None:
        """A footnote, endnote, header or footer: one easy-to-miss block, its hidden text apart."""
        location = self.loc(section, number)
        text = collapse(" ".join(p.visible for p in paras))
        if text:
            into.append(Block(text, location, Visibility.EASY_TO_MISS, where))
        for para in paras:
            self._emit_hidden(para, location, where)

    def _emit_hidden(self, para: Para, location: Location, where: str) -> None:
        for text, reason in para.hidden:
            self.hidden.append(HiddenText(text, location, reason, where))
        for text in para.deleted:
            self.hidden.append(HiddenText(text, location, HiddenReason.DELETED_REVISION,
                                          "a tracked deletion"))

    # body -----------------------------------------------------------------------------------------

    def _body(self, body: Element, comments: dict[str, str],
              notes: dict[str, dict[str, list[Para]]]) -> list[tuple[_SectionBuilder, int, int, Element]]:
        """Walk the body into sections; return, per Word section, where its headers go."""
        reader = self.reader
        current = _SectionBuilder(None, Kind.OTHER, self.loc(None, 1))
        self.sections.append(current)
        anchors: list[tuple[_SectionBuilder, int, int, Element]] = []
        pending: tuple[_SectionBuilder, int, int] | None = None
        start_pending = True
        after_break = after_heading = False
        story_started = False
        emitted_notes: set[tuple[str, str]] = set()
        number = 0
        for p, ctx in reader.paragraphs(body, Ctx()):
            number += 1
            para = reader.read(p, ctx)
            text = para.visible
            if para.break_before:
                after_break = True
            kind: Kind | None = None
            heading = False
            if text and not ctx.in_textbox:
                if para.heading_style or (para.outline is not None and 0 <= para.outline <= 8):
                    heading = True
                    kind = classify_heading(text)
                    if para.title_style and kind is Kind.OTHER and not story_started:
                        kind = Kind.TITLE_PAGE
                elif ctx.top_level:
                    kind = _is_fake_heading(para, after_break, after_heading)
                    heading = kind is not None
            if heading and kind is not None:
                location = self.loc(text, number)
                current = _SectionBuilder(text, kind, location, title_page=para.title_style)
                self.sections.append(current)
                current.blocks.append(Block(text, location, is_heading=True))
                if kind not in (Kind.TITLE_PAGE, Kind.OTHER):
                    story_started = True
            if text:  # characters by w:lang, for the section's language and the book's
                current.languages[para.language] = current.languages.get(para.language, 0) + len(text)
            if start_pending:
                pending = (current, len(current.blocks), number)
                start_pending = False
            if (text and not heading) or para.hidden or para.deleted or para.comments or para.notes:
                location = self.loc(current.heading, number)
                if text and not heading:
                    current.blocks.append(Block(text, location))
                    if not story_started and by_line_names(text) and (
                            len(self.sections) <= 2 or current.title_page):
                        current.title_page = True
                        for name in by_line_authors(text):
                            if name.lower() not in (a.lower() for a in self._authors):
                                self._authors.append(name)
                self._emit_hidden(para, location, ctx.place)
                for cid in para.comments:
                    if cid in comments and cid not in self._anchored_comments:
                        self._anchored_comments.add(cid)
                        self.hidden.append(HiddenText(comments[cid], location, HiddenReason.COMMENT,
                                                      "a Word comment"))
                for note in para.notes:
                    if note in emitted_notes or note[1] not in notes[note[0]]:
                        continue
                    emitted_notes.add(note)
                    where = "a footnote" if note[0] == "footnote" else "an endnote"
                    self._emit_part(notes[note[0]][note[1]], where, current.heading, number, current.blocks)
            if text:
                after_heading = heading
                after_break = False
            if para.break_after:
                after_break = True
            if para.sect_pr is not None and ctx.top_level:
                if pending is not None:
                    anchors.append((*pending, para.sect_pr))
                start_pending = True
                stype = para.sect_pr.find(W + "type")
                after_break = stype is None or stype.get(VAL) != "continuous"
        final = body.find(SECTPR)
        if final is not None:
            if start_pending:
                pending = (current, len(current.blocks), number or 1)
            if pending is not None:
                anchors.append((*pending, final))
        return anchors

    def _headers_footers(self, anchors: list[tuple[_SectionBuilder, int, int, Element]],
                         rels: dict[str, _Rel], even_odd: bool) -> None:
        seen: set[str] = set()
        inserts: list[tuple[_SectionBuilder, int, list[Block]]] = []
        for builder, index, number, sect_pr in anchors:
            title_el = sect_pr.find(W + "titlePg")
            title_pg = title_el is not None and is_on(title_el)
            blocks: list[Block] = []
            for ref_tag, where in (("headerReference", "a page header"),
                                   ("footerReference", "a page footer")):
                for ref in sect_pr.iter(W + ref_tag):
                    htype = ref.get(TYPE, "default")
                    if (htype == "first" and not title_pg) or (htype == "even" and not even_odd):
                        continue
                    rel = rels.get(ref.get(R_ID, ""))
                    if rel is None or rel.target is None or rel.target in seen:
                        continue
                    seen.add(rel.target)
                    root = self.pkg.xml(rel.target)
                    if root is None:
                        continue
                    reader = ParagraphReader(self.reader.styles, self.reader.page_colour)
                    ctx = Ctx(place=where, top_level=False)
                    paras = [reader.read(p, c) for p, c in reader.paragraphs(root, ctx)]
                    self._emit_part(paras, where, builder.heading, number, blocks)
            if blocks:
                inserts.append((builder, index, blocks))
        for builder, index, blocks in reversed(inserts):
            builder.blocks[index:index] = blocks

    # assembly -----------------------------------------------------------------------------------

    def _finish(self, metadata: Metadata, styles: Styles) -> Manuscript:
        builders = [b for i, b in enumerate(self.sections) if b.blocks or i > 0]
        if builders and builders[0].heading is None and builders[0].title_page:
            builders[0].kind = Kind.TITLE_PAGE
        for b in builders[:2]:
            if b.title_page and b.kind is Kind.OTHER:
                b.kind = Kind.TITLE_PAGE
        classified = classify_sections([Evidence(heading=b.kind) for b in builders])
        sections = tuple(
            Section(role=role, kind=kind, heading=b.heading, blocks=tuple(b.blocks), location=b.location,
                    language=majority(b.languages))
            for b, (kind, role) in zip(builders, classified, strict=True)
        )
        title = metadata.title
        if title is None:
            title = next((b.heading for b in builders if b.title_page and b.heading), None)
        language, source = docx_language(metadata.language, (b.languages for b in builders),
                                         styles.run_base(styles.default_para, None, None).lang)
        meta = Metadata(title=title, authors=tuple(self._authors), language=language,
                        description=metadata.description, location=metadata.location,
                        language_source=source)
        return Manuscript(path=self.display, format="docx", metadata=meta, sections=sections,
                          hidden=tuple(self.hidden))
