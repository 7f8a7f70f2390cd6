"""The text of a Word document in reading order, with what sits beside it: notes, comments,
headers and footers.

- **Reading order**: body paragraphs, table cell paragraphs and content controls in document
  order; a text box's paragraphs follow the paragraph that anchors it. Of an
  ``mc:AlternateContent`` only the first ``mc:Choice`` is read (the ``mc:Fallback`` repeats the
  same text for old readers). Tracked insertions and field results are text; tracked
  deletions (``w:del``) become `HiddenText` (DELETED_REVISION); ``w:moveFrom`` is dropped, as its
  text is read where it moved to; field instructions (``w:instrText`` and anything between a
  field's begin and separate marks) are never text. (The paragraph walk itself is
  `wordml.ParagraphReader`'s.)
- **Paragraph numbers**: every paragraph of the main part counts, in document order, including
  empty ones and those in tables and text boxes; `Location.block` holds that 1-based number
  and `Location.line` is None.
- **Footnotes and endnotes** become `Block`s with ``visibility=EASY_TO_MISS`` and
  ``where="a footnote"``/``"an endnote"``, placed right after the paragraph that references
  them, in that paragraph's section and with its paragraph number: a disclosure there is in the
  right part of the book but small and out of the way, which is exactly what
  ``disclosure-placement`` reports. **Headers and footers** likewise become EASY_TO_MISS blocks
  (``"a page header"``/``"a page footer"``) at the start of the Word section (``w:sectPr``) that
  shows them, with the number of that section's first paragraph; a header shared by several
  sections is emitted once. No trailing pseudo-section is made, so no rule mistakes a header
  for back matter.
- **Comments** are `HiddenText` (COMMENT, "a Word comment") at the paragraph they annotate, or
  at the document when no paragraph does.
- **Sections** open at the headings `headings` recognises; a "by NAME" line before the story
  marks a title page and names an author.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import Block, HiddenReason, HiddenText, Kind, Location, Visibility
from ..byline import by_line_authors, by_line_names
from ..text import collapse
from ..vocabulary import classify_heading
from ..wordml import SECTPR, TYPE, VAL, Ctx, Para, ParagraphReader, W, is_on
from .headings import SectionBuilder, is_fake_heading
from .package import Package, Rel

if TYPE_CHECKING:
    from lxml import etree

    Element = etree._Element
    #: Per Word section: the section where its headers and footers go, the index of its first
    #: block there, the number of its first paragraph, and its w:sectPr.
    Anchor = tuple[SectionBuilder, int, int, Element]

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class Body:
    """The main part's text walked into sections, with its notes, comments, headers and footers."""

    def __init__(self, pkg: Package, reader: ParagraphReader, hidden: list[HiddenText],
                 authors: list[str]) -> None:
        self.pkg = pkg
        self.display = pkg.display
        self.reader = reader
        self.hidden = hidden
        self.sections: list[SectionBuilder] = []
        self.authors = authors
        self._anchored_comments: set[str] = set()

    def loc(self, section: str | None = None, block: int | None = None) -> Location:
        return Location(self.display, None, None, section, block)

    # comments and notes ----------------------------------------------------------------------------

    def comments(self, root: Element | None) -> dict[str, str]:
        out: dict[str, str] = {}
        if root is None:
            return out
        reader = ParagraphReader(self.reader.styles, self.reader.page_colour, self.reader.shortcut)
        for comment in root.iter(W + "comment"):
            texts = [reader.read(p, Ctx()).all_text for p, _ in reader.paragraphs(comment, Ctx())]
            text = collapse(" ".join(texts))
            if text:
                out[comment.get(W + "id", "")] = text
        return out

    def notes(self, root: Element | None, tag: str, where: str) -> dict[str, list[Para]]:
        out: dict[str, list[Para]] = {}
        if root is None:
            return out
        reader = ParagraphReader(self.reader.styles, self.reader.page_colour, self.reader.shortcut)
        ctx = Ctx(place=where, top_level=False)
        for note in root.iter(W + tag):
            if note.get(TYPE, "normal") not in ("normal", ""):
                continue  # separators and continuation notices
            out[note.get(W + "id", "")] = [reader.read(p, c) for p, c in reader.paragraphs(note, ctx)]
        return out

    def unanchored_comments(self, comments: dict[str, str]) -> None:
        """Comments no paragraph of the body annotates: hidden text at the document."""
        for cid, text in comments.items():
            if cid not in self._anchored_comments:
                self.hidden.append(HiddenText(text, self.loc(), HiddenReason.COMMENT, "a Word comment"))

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

    def walk(self, body: Element, comments: dict[str, str],
             notes: dict[str, dict[str, list[Para]]]) -> list[Anchor]:
        """Walk the body into sections; return, per Word section, where its headers go."""
        reader = self.reader
        current = SectionBuilder(None, Kind.OTHER, self.loc(None, 1))
        self.sections.append(current)
        anchors: list[Anchor] = []
        pending: tuple[SectionBuilder, int, int] | None = None
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
                    kind = is_fake_heading(para, after_break, after_heading)
                    heading = kind is not None
            if heading and kind is not None:
                location = self.loc(text, number)
                current = SectionBuilder(text, kind, location, title_page=para.title_style)
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
                            if name.lower() not in (a.lower() for a in self.authors):
                                self.authors.append(name)
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

    def headers_footers(self, anchors: list[Anchor], rels: dict[str, Rel], even_odd: bool) -> None:
        seen: set[str] = set()
        inserts: list[tuple[SectionBuilder, int, list[Block]]] = []
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
                    reader = ParagraphReader(self.reader.styles, self.reader.page_colour, self.reader.shortcut)
                    ctx = Ctx(place=where, top_level=False)
                    paras = [reader.read(p, c) for p, c in reader.paragraphs(root, ctx)]
                    self._emit_part(paras, where, builder.heading, number, blocks)
            if blocks:
                inserts.append((builder, index, blocks))
        for builder, index, blocks in reversed(inserts):
            builder.blocks[index:index] = blocks
