"""The walk of one XHTML content document: its sections, its visible blocks, its hidden texts.

Sections open at ``body``/``section`` elements with an ``epub:type`` (EPUB 3 Structural
Semantics Vocabulary) and at headings: h1–h6, or, in a document that marks none, a short paragraph
that CSS makes look like one (`sections.heading_line`, the rule the DOCX reader applies to direct
formatting: calibre turns a Word manuscript's headings into ``<p class="block_3">``). A second
heading of the same or higher rank in one untyped run opens a new section; text after a nested
section belongs to its parent again.

A paragraph whose elements would all inherit its style unchanged is read in one go
(`Walker.plain`), the same text the element-by-element walk gives, without asking where its
elements start (`markup.Positions.skip`); so is an inline element of that kind inside a paragraph
that is walked (a formula beside a hidden span). One that holds no element is placed as a block
without the rest of the walk (`Walker.leaf`). Inside a visible element, a paragraph of either
kind with no attribute is read without `Walker.visit`, once its name is known to keep its
parent's style, and placed as `leaf` places it, written out (`Walker.children`); in a document
that marks its headings, a run of them is collapsed and placed at once (`Walker.place_run`).
`full_reading` walks every element.

Each block is a paragraph-like element's collapsed text, with the line and column where the
element starts and its number in the document. Text the style hides (`style`) is kept apart as
`HiddenText`, one per element where the hiding begins; comments are never seen. What each
section is, is decided after the walk (`navigation.finish_sections`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from itertools import compress, repeat
from typing import TYPE_CHECKING, NamedTuple

from lxml import etree

from ...model import HiddenReason, HiddenText, Kind, Role
from ..bidi_markup import PDF, css_override, html_override
from ..css import LOCAL_NAMES, Rule, RuleIndex, block_look, css_may_hide, local_name
from ..css_hiding import HINTED_ELEMENTS, SVG_PAINTED, Hiding
from ..language import declared_language
from ..markers import MAGIC_UTF8, take_from_tree
from ..sections import HEADING_LINE_CHARS, heading_candidate, heading_line
from ..text import collapse, collapse_all, spaces_among
from ..vocabulary import classify_heading, epub_type_kind
from ..xml_chars import document_chars
from .container import Container
from .layout import BLOCK, INLINE_BLOCK, PLACED, Box, Boxes, css_may_place, has_picture, starts_boxes
from .markup import BLOCK_TAGS, EPUB_TYPE, NOTE_TYPES, SKIPPED_TAGS, XHTML_NS, Positions, first
from .style import NON_LINEAR, SVG_NAMES, Style, StyleSheets, compute_style, neutral

if not TYPE_CHECKING:
    from ...records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

#: The first byte of a C2PA text manifest's magic (`markers.MAGIC_UTF8`), as an int: `int in bytes`
#: is a `memchr`, where `bytes in bytes` first tries the bytes as an int, and formats and
#: clears the `TypeError` that makes (about 5,000 instructions a test on Python 3.11; a
#: `find` spares it).
_MAGIC_LEAD = MAGIC_UTF8[0]
HEADING_RANK = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
#: Elements that may open a section when they carry a known epub:type.
SECTIONING_TAGS = frozenset({"section", "article", "nav", "div", "aside", "body"})
#: Elements that show a picture (HTML ``img``, SVG ``image``).
PICTURES = frozenset({"img", "image"})
#: Elements that may be a heading made only with CSS, and those that may hold one: a paragraph
#: inside a list, a table, a quotation or a note is not a heading.
STYLED_HEADING_TAGS = frozenset({"p", "div"})
SECTION_BLOCKS = frozenset({"body", "section", "article", "main", "div", "header"})
#: A heading made with CSS opens a section after any heading, as an h1 does.
STYLED_HEADING_RANK = 1
_HEAD = f"{{{XHTML_NS}}}head"
_BODY = f"{{{XHTML_NS}}}body"
_HEADING_NAMES = tuple(f"{{{XHTML_NS}}}h{n}" for n in range(1, 7)) + tuple(f"h{n}" for n in range(1, 7))
_HEADING_SET = frozenset(_HEADING_NAMES)
#: How far down the first children `marks_headings` looks before it asks the whole tree.
_FIRST_DEPTH = 3


def marks_headings(root: etree._Element, el: etree._Element) -> bool:
    """Whether the document `root` holds a heading (h1–h6), `el` one of its elements: found among
    the first children down from `el` (a chapter's ``body > section > h3``: a few asks of lxml),
    else by an iterator over the tree (lxml makes a matcher of the twelve names for each, about
    2 µs, where the heading is not found near)."""
    node = el
    for _ in range(_FIRST_DEPTH):
        if not len(node):
            break
        node = node[0]
        if node.tag in _HEADING_SET:
            return True
    return next(root.iter(*_HEADING_NAMES), None) is not None
#: Elements inside a paragraph that the walk treats apart (`Walker.plain` leaves the paragraph to
#: it): blocks, text never rendered, pictures, sections, headings, overrides, SVG, notes.
#: Block elements that `Walker.leaf` may read when they hold no element: none of them opens a
#: section, is a heading, shows a picture or paints SVG.
_LEAF_BLOCKS = BLOCK_TAGS - SECTIONING_TAGS - frozenset(HEADING_RANK) - HINTED_ELEMENTS - frozenset({"aside"})
_NOT_PLAIN = BLOCK_TAGS | SKIPPED_TAGS | PICTURES | SECTIONING_TAGS | frozenset(HEADING_RANK) | frozenset(
    {"bdo", "svg", "aside"}) | HINTED_ELEMENTS


def _styles(inline: str) -> bool:
    """Whether a ``style`` attribute may change what an element's text inherits or start a box
    (`compute_style` reads from it only what `css.css_may_hide` lets through, `layout.starts_boxes`
    only what `layout.css_may_place` does): ``style="text-align:axis"`` on every MathML table of a
    textbook does neither."""
    return css_may_hide(inline) or css_may_place(inline)


def read_document(book: Container, sheets: StyleSheets, member: str, linear: bool,
                  fixed: bool = False, *, full_reading: bool = False) -> list[RawSection]:
    """One spine document (XHTML, or an SVG page): parsed (its bytes split at each "<" once, for
    the parser's check and the bulk pairing: `Container.parse_document`), its style rules
    gathered, walked into sections. A `fixed` (pre-paginated) page's boxes are read through its style sheets too
    (`layout`). With `full_reading`, every element is looked at on its own (`Walker.plain`)."""
    parsed = book.parse_document(member)
    if parsed is None:
        return []
    root, data, tags = parsed
    if not isinstance(root.tag, str):
        return []
    known = book.chars
    chars = document_chars(data)
    if chars is None:
        book.chars = None  # one document's characters unknown: the book's are
    elif known is not None:
        known |= chars
    # (The manifest's first byte, a UTF-8 lead byte no chapter of a European language holds,
    # looked for first: a search for one byte costs a fifth of one for the whole magic.)
    marked = _MAGIC_LEAD in data and data.find(MAGIC_UTF8) >= 0
    if marked:  # a C2PA text manifest: invisible, reported, never read as text
        book.markers += take_from_tree(root, lambda line: book.loc(member, line))
    base = posixpath.dirname(member)
    # A style attribute's text-indent off the page is undone by a descendant's own indent,
    # which a style sheet with nothing that hides may give (`p { text-indent: 1em }`).
    sheets.every_sheet = indented = data.find(b"text-indent") >= 0
    rules = sheets.document_rules(root, member, base)
    if rules:
        rules = sheets.pruner(rules, data, {b"text-indent": indented})
    boxes: Boxes | None = None
    if fixed:
        book.quiet = True  # the style sheets' problems were told when they were first read
        try:
            boxes = Boxes(RuleIndex(sheets.document_rules(root, member, base, layout=True)), fixed=True)
        finally:
            book.quiet = False
    walker = Walker(book, sheets, member, root, data, rules,
                    where=None if linear else NON_LINEAR, boxes=boxes, full_reading=full_reading, marked=marked,
                    spaces=None if chars is None or full_reading else spaces_among(chars), tags=tags)
    del parsed, tags  # the split is let go with the walker (a long document's pairing keeps it)
    return walker.walk()


def _dir_attribute(el: etree._Element) -> str | None:
    """The `dir` attribute in force at an element (its own or an ancestor's)."""
    for node in (el, *el.iterancestors()):
        value = node.get("dir")
        if value:
            return value
    return None


class RawBlock(NamedTuple):
    text: str
    line: int | None
    column: int | None
    number: int  # 1-based, in the document
    where: str | None
    is_heading: bool


class RawSection:
    __slots__ = ("alt_blocks", "blocks", "column", "heading", "heading_rank", "keys", "language", "line",
                 "member", "pictures", "type_kind", "type_role")

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
        self.blocks: list[RawBlock] = []
        #: The xml:lang/lang in force where its first block starts (`Walker.flush`).
        self.language: str | None = None
        #: On a page that shows pictures and no text: how many, and their alt text as blocks
        #: (`Walker.picture_page`); None on a page with text.
        self.pictures: int | None = None
        self.alt_blocks: list[RawBlock] = []


class Walker:
    """Turns one parsed XHTML document into sections of visible blocks and hidden texts."""

    def __init__(self, book: Container, sheets: StyleSheets, member: str, root: etree._Element,
                 raw: bytes, rules: list[Rule], where: str | None, boxes: Boxes | None = None,
                 full_reading: bool = False, spaces: tuple[str, ...] | None = None, marked: bool = True,
                 tags: tuple[list[bytes], bytes | None] | None = None) -> None:
        self.book = book
        self.sheets = sheets
        self.member = member
        self.root = root
        # A tree that may not follow its markup tag for tag (recovered from damaged XML, or with a
        # C2PA manifest taken out) is paired token by token, and so is every document read in
        # full (what the bulk pairing gives is compared with it there). (`marked`: whether `raw`
        # holds a manifest, when the caller has looked.)
        self.positions = Positions(raw, root, well_formed=not full_reading and member not in book.recovered
                                   and not (marked and raw.find(MAGIC_UTF8) >= 0), tags=tags)
        #: Where an element starts (`Positions.get`; the bulk pairing's own, when it is one:
        #: asked for every block).
        self.place = self.positions.getter()
        self.rules = sheets.index(rules)
        self.full_reading = full_reading
        #: The whitespace other than " " the document's text may hold (`xml_chars`), when known:
        #: `collapse` looks only for those.
        self.spaces = spaces
        #: The rules that may change what an element's text inherits (`style.neutral`): an
        #: element none of them may match is read with its parent's style (`plain`). Gathered
        #: when a paragraph first holds an element (a novel's plain paragraphs never need them).
        self.hiding: RuleIndex | None = None
        self.rule_list = rules
        #: What `_plain` knows of an element from its tag alone (`_tag_kind`), by tag.
        self.tag_kinds: dict[str, str] = {}
        self.where = where
        self.sections: list[RawSection] = []
        self.stack: list[RawSection] = []
        self.blocks: list[etree._Element] = []
        self.buffer: list[str] = []
        self.block_where: list[str | None] = []
        self.block_count = 0
        self.hidden_root: etree._Element | None = None
        self.hidden_reason: Hiding | None = None
        self.hidden_buffer: list[str] = []
        self.hidden_section: RawSection | None = None
        #: Whether the document marks any heading (h1–h6), found on first need.
        self.marks_headings: bool | None = None
        self.look_rules: RuleIndex | None = None
        #: The last block was a heading (a line under it is a subtitle, not another heading).
        self.after_heading = False
        #: The language declared (xml:lang/lang) by <html> and the open sectioning elements.
        self.languages: list[str | None] = [declared_language(root.get)]
        #: The boxes of the page (`layout`), None where the document declares none.
        self.boxes = boxes
        #: Where in `buffer` the last inline-block box ended (one right after it is apart).
        self.box_ended = -1
        #: The body (or an SVG page's root), and the visible pictures' alt texts, with their elements.
        self.body: etree._Element | None = None
        self.pictures: list[tuple[etree._Element, str]] = []

    def pos(self, node: etree._Element) -> tuple[int | None, int | None]:
        found = self.place(node)
        if found is not None:
            return found
        return node.sourceline, 1

    def walk(self) -> list[RawSection]:
        root = self.root
        # The root's second child, after a head none of whose children holds an element (so none
        # is a body, or holds one): what `first` finds, with no iterator made.
        if len(root) > 1 and root[1].tag == _BODY and (head := root[0]).tag == _HEAD and root.tag != _BODY \
                and all(not len(child) and child.tag != _BODY for child in head):
            body: etree._Element | None = root[1]
        else:
            body = first(root, XHTML_NS, "body")
        if body is None:
            if local_name(self.root) != "svg":
                return []
            body = self.root  # an SVG page: its root holds the page
        self.body = body
        types = body.get(EPUB_TYPE) or ""
        kind, role = epub_type_kind(types) if types else (None, None)
        self.open_section(body, kind, role)
        page = Style(where=self.where)
        if body.getparent() is self.root and isinstance(self.root.tag, str):
            # The root element's style (a background, a colour) is what the body inherits.
            page = compute_style(self.rules, self.root, local_name(self.root), page)
        if self.boxes is not None and self.boxes.fixed and has_picture(body):
            # Text set over a picture: what is behind it is the picture, whatever its colours.
            page = page.child()
            page.backdrop, page.page = None, False
            page.why = page.reason()
        if body is self.root:  # an SVG page: its root holds the text as a body does
            self.blocks.append(body)
            self.block_where.append(self.where)
        self.visit(body, page)
        self.flush()
        self.flush_hidden()
        self.picture_page()
        return self.sections

    def picture_page(self) -> None:
        """A page that shows pictures and no text is marked as pictures only, with their alt text
        as the blocks it may be read by (`navigation.finish_sections` decides)."""
        if not self.pictures or any(raw.blocks for raw in self.sections):
            return
        section = self.sections[0]
        section.pictures = len(self.pictures)
        for el, alt in self.pictures:
            text = collapse(alt, self.spaces)
            if text:
                self.block_count += 1
                line, column = self.pos(el)
                section.alt_blocks.append(RawBlock(text, line, column, self.block_count, self.where, False))
                if section.language is None:
                    section.language = self.languages[-1]

    # -- sections --

    def open_section(self, el: etree._Element, kind: Kind | None, role: Role | None) -> RawSection:
        ident = el.get("id")
        if el is self.body:
            keys: tuple[str, ...] = (self.member,)
        else:
            keys = (f"{self.member}#{ident}",) if ident else ()
        if role is None and self.stack:
            role = self.stack[-1].type_role
        line, column = self.pos(el)
        raw = RawSection(member=self.member, keys=keys, type_kind=kind, type_role=role,
                         line=line, column=column)
        self.sections.append(raw)
        self.stack.append(raw)
        return raw

    def close_section(self) -> None:
        self.stack.pop()
        if self.stack and self.sections[-1] is not self.stack[-1]:
            parent = self.stack[-1]
            # Text after a nested section belongs to its parent again: continue it.
            cont = RawSection(member=self.member, keys=parent.keys, type_kind=parent.type_kind,
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
            raw = RawSection(member=self.member, keys=(), type_kind=None, type_role=current.type_role,
                             line=line, column=column)
            if el.get("id"):
                raw.keys = (f"{self.member}#{el.get('id')}",)
            self.sections.append(raw)
            self.stack[-1] = raw

    # -- text --

    def add_text(self, text: str | None, style: Style) -> None:
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
        if text.isspace() or not self.blocks:
            return  # the line breaks between blocks: nothing when collapsed
        anchor = self.blocks[-1]
        self.emit(collapse(text, self.spaces), anchor, local_name(anchor), self.block_where[-1])

    def emit(self, text: str, anchor: etree._Element, name: str, where: str | None) -> None:
        """A visible block: `text` (collapsed, not empty) of the block element `anchor`, the
        innermost of `blocks`."""
        rank = HEADING_RANK.get(name)
        # (A document known to mark its headings makes none with CSS: `styled_heading` is not
        # asked, a call spared for each short paragraph of a novel.)
        if (rank is None and len(text) <= HEADING_LINE_CHARS and name in STYLED_HEADING_TAGS
                and self.marks_headings is not True and self.styled_heading(anchor, text)):
            rank = STYLED_HEADING_RANK
            self.heading_starts(anchor, rank)
        self.block_count += 1
        found = self.place(anchor)
        line, column = (anchor.sourceline, 1) if found is None else found
        is_heading = self.after_heading = rank is not None
        section = self.stack[-1]
        if not section.blocks:
            section.language = self.languages[-1]
        if rank is not None and section.heading is None:
            section.heading = text
            section.heading_rank = rank
        # `tuple.__new__`: the record without its class's `__new__`, a Python call (`finish_sections`).
        section.blocks.append(tuple.__new__(RawBlock, (text, line, column, self.block_count, where, is_heading)))

    def styled_heading(self, el: etree._Element, text: str) -> bool:
        """Is this paragraph a heading made only with CSS (calibre's ``<p class="block_3">``)?

        Only in a document that marks no heading of its own (h1–h6): where a book marks its
        headings, a bold centred line is a paragraph. The paragraph stands on its own (not in a
        list, table, quotation or note), and its words and look make a heading by the rule the
        DOCX reader applies to direct formatting (`sections.heading_line`); the first paragraph
        of a document is on a new page. On a fixed page, where large type is the design, only
        words that name a section ("I", "Chapter One", "Copyright") make one.
        """
        if self.boxes is not None and self.boxes.fixed and classify_heading(text) is Kind.OTHER:
            return False
        if self.marks_headings is None:
            self.marks_headings = marks_headings(self.root, el)
        if (self.marks_headings or not heading_candidate(text)
                or any(local_name(b) not in SECTION_BLOCKS for b in self.blocks[:-1])):
            return False
        if self.look_rules is None:
            book = self.book
            book.quiet = True  # the style sheets' problems were told when they were first read
            try:
                rules = self.sheets.document_rules(self.root, self.member, posixpath.dirname(self.member),
                                                   look=True)
            finally:
                book.quiet = False
            self.look_rules = RuleIndex(rules)
        look = block_look(el, self.look_rules, SKIPPED_TAGS)
        letters = [ch for ch in text if ch.isalpha()]
        caps = look.caps or (len(letters) > 2 and all(ch.isupper() for ch in letters))
        kind = heading_line(text, bold=look.bold, centred=look.centred, caps=caps, larger=look.larger,
                            after_break=self.block_count == 0, after_heading=self.after_heading)
        return kind is not None

    def flush_hidden(self) -> None:
        root, reason = self.hidden_root, self.hidden_reason
        if not self.hidden_buffer:  # nothing gathered (each document's end): no text to tell
            self.hidden_root = self.hidden_reason = None
            return
        text = collapse("".join(self.hidden_buffer), self.spaces)
        self.hidden_buffer.clear()
        self.hidden_root = self.hidden_reason = None
        if not text or root is None or reason is None:
            return
        line, column = self.pos(root)
        heading = self.hidden_section.heading if self.hidden_section else None
        self.book.hidden.append(HiddenText(
            text=text, location=self.book.loc(self.member, line, column, heading),
            reason=reason.reason, where=reason.where,
        ))

    def comment(self, node: etree._Element) -> None:
        text = collapse(node.text or "", self.spaces)
        if not text:
            return
        line, column = self.pos(node)
        heading = self.stack[-1].heading if self.stack else None
        self.book.hidden.append(HiddenText(
            text=text, location=self.book.loc(self.member, line, column, heading),
            reason=HiddenReason.COMMENT, where="an HTML comment",
        ))

    # -- boxes --

    def box_starts(self, box: Box, style: Style) -> None:
        """A box apart from what stands before it: a space (a drop cap in an inline-block box
        stays with the rest of its word)."""
        if box[0] != INLINE_BLOCK or self.box_ended == len(self.buffer):
            self.apart(style)

    def box_ends(self, box: Box, style: Style) -> None:
        if box[0] in (PLACED, BLOCK):
            self.apart(style)
        else:
            self.box_ended = len(self.buffer)

    def apart(self, style: Style) -> None:
        if style.why is None:
            self.buffer.append(" ")
        elif self.hidden_buffer:
            self.hidden_buffer.append(" ")

    # -- the walk --

    def visit(self, el: etree._Element, parent: Style, apart: bool = False) -> None:
        """Read an element and what it holds (`apart`: `plain` has said it must be walked)."""
        name = LOCAL_NAMES.get(el.tag)  # type: ignore[arg-type]
        if name is None:
            name = local_name(el)
        if name in SKIPPED_TAGS:
            return
        if name == "br":
            self.add_text(" ", parent)
            return
        style = compute_style(self.rules, el, name, parent)
        if style is parent and name in _LEAF_BLOCKS and self.boxes is None and parent.why is None \
                and not len(el) and not self.full_reading:
            self.leaf(el, name, parent.where)
            return
        visible = style.gone is None
        is_block = name in BLOCK_TAGS
        boxes = self.boxes
        box = None
        if boxes is None and (name == "svg" or ("style" in el.attrib and starts_boxes(name, el))):
            boxes = self.boxes = Boxes(RuleIndex([]), fixed=False)  # inline styles and SVG only
        if boxes is not None and not is_block:  # a block element is a paragraph of its own
            box = boxes.box(el)
        opened = False
        if name in PICTURES and style.why is None:
            self.pictures.append((el, el.get("alt") or el.get("aria-label") or ""))
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
        elif box is not None:
            self.box_starts(box, style)
        # A bidirectional override made with markup: the controls it stands for, around the
        # element's text (`bidi_markup`); in hidden text it shows nothing either way. Only a
        # `bdo` or an element with a style of its own (`compute_style` gave a new one) can be one.
        mark = None
        if style.why is None:
            if name == "bdo":
                mark = html_override(name, el.get)
            elif style is not parent and style.override is not None:
                mark = css_override(style.direction or _dir_attribute(el))
        if mark:
            self.buffer.append(mark)
            if self.book.chars is not None:  # characters the document's bytes need not hold
                self.book.chars.update(mark + PDF)
        if len(el) and style.why is None and not self.full_reading and boxes is None and not mark \
                and (is_block or style is parent) and name not in HEADING_RANK and not apart \
                and (pieces := self.plain(el)) is not None:
            self.buffer.extend(pieces)  # the paragraph's text (or an inline element's, in one that is not)
        else:
            text = el.text
            if text:
                if style.why is None:  # `add_text` for visible text
                    # (Whitespace that would open the buffer is not kept: `flush` collapses a
                    # block's text, stripping it, and makes no block of whitespace alone. Kept
                    # where boxes count the buffer's pieces, `box_starts`, and in a full reading.)
                    if self.buffer or boxes is not None or self.full_reading or not text.isspace():
                        self.buffer.append(text)
                else:
                    self.add_text(text, style)
            if len(el) and style.why is None and not self.full_reading and (boxes is None or not boxes.fixed):
                self.children(el, style)
            elif len(el):
                order = boxes.reading_order(el) if boxes is not None and boxes.fixed else None
                for child in el if order is None else order:
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
        if mark:
            self.buffer.append(PDF)
        if box is not None:
            self.box_ends(box, style)
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

    def children(self, el: etree._Element, style: Style) -> None:
        """The children of a visible element, each as `visit` reads it; a paragraph among them
        with no attribute, of a kind whose style is its parent's (`_keeps`), is read without
        `visit`: its own text when it holds no element, else in one go (`plain`), and placed
        as a block as `leaf` places it (written out here for a story paragraph that cannot be
        a heading: two calls fewer for each paragraph of a novel). In a document that marks its
        headings, a run of such paragraphs, each followed by whitespace alone, is placed at once
        (`place_run`), not one by one."""
        kept: dict[str, str | None] = {}
        buffer = self.buffer
        where = style.where
        spaces = self.spaces
        # A run of story paragraphs, placed together (`place_run`) in a document that marks its
        # headings (none of them can then be one made with CSS), each with a tail of whitespace
        # alone: their elements and texts, not yet placed. (Hidden text being gathered is apart
        # from them, as `leaf` keeps it: a space after it, and none of theirs in it.)
        if self.marks_headings is None:
            self.marks_headings = marks_headings(self.root, el)
        run = self.marks_headings
        nodes: list[etree._Element] = []
        texts: list[str] = []
        for child in el:
            tag = child.tag
            if isinstance(tag, str):
                if self.boxes is None and not child.keys():
                    if tag in kept:
                        name = kept[tag]
                    else:
                        name = kept[tag] = self._keeps(child, tag, style)
                    if name is not None:
                        text: str | None
                        if len(child):
                            pieces = self.plain(child)
                            vouched = pieces is not None
                            text = "".join(pieces) if pieces is not None else None
                        else:
                            vouched, text = True, child.text
                        if vouched and run:
                            tail = child.tail
                            if not tail or tail.isspace():
                                if not nodes:
                                    if buffer:
                                        self.flush()
                                    if self.hidden_root is not None and self.hidden_buffer:
                                        self.hidden_buffer.append(" ")  # as `leaf` does (collapsed: one is all)
                                nodes.append(child)
                                texts.append(text or "")
                                continue
                        if nodes:
                            self.place_run(nodes, texts, where)
                        if not vouched:
                            self.visit(child, style, apart=True)
                        elif self.hidden_root is not None:
                            self.leaf(child, name, where, text)
                        else:
                            if buffer:
                                self.flush()
                            if text and not text.isspace():
                                text = collapse(text, spaces)
                                if (len(text) <= HEADING_LINE_CHARS and name in STYLED_HEADING_TAGS
                                        and self.marks_headings is not True):
                                    self.blocks.append(child)  # `styled_heading` looks at the blocks around it
                                    self.emit(text, child, name, where)
                                    self.blocks.pop()
                                else:  # `emit`, for a block that is no heading
                                    self.block_count = number = self.block_count + 1
                                    found = self.place(child)
                                    line, column = (child.sourceline, 1) if found is None else found
                                    self.after_heading = False
                                    section = self.stack[-1]
                                    blocks = section.blocks
                                    if not blocks:
                                        section.language = self.languages[-1]
                                    blocks.append(tuple.__new__(RawBlock, (text, line, column, number, where, False)))
                        # The line break after a paragraph (the buffer is empty after a block)
                        # would only start the next text, whose block collapses it away.
                        tail = child.tail
                        if tail and (buffer or not tail.isspace()):
                            buffer.append(tail)
                        continue
                if nodes:
                    self.place_run(nodes, texts, where)
                self.visit(child, style)
            else:
                if nodes:
                    self.place_run(nodes, texts, where)
                if isinstance(child, etree._Comment):
                    self.comment(child)
            tail = child.tail
            # (A tail of whitespace that would open the buffer, as `visit` leaves an element's
            # text: after a block, the line break before the next.)
            if tail and (buffer or self.boxes is not None or not tail.isspace()):
                buffer.append(tail)
        if nodes:
            self.place_run(nodes, texts, where)

    def place_run(self, nodes: list[etree._Element], texts: list[str], where: str | None) -> None:
        """A run of story paragraphs (`children`), in a document that marks its headings: each
        placed as a block as `leaf` places it (those all whitespace make none); a run of
        `_RUN` or more collapsed together (`text.collapse_all`) and placed together
        (`markup._Bulk.places_of`, where the document is paired in bulk), a shorter one
        paragraph by paragraph. `nodes` and `texts` are emptied."""
        section = self.stack[-1]
        blocks = section.blocks
        empty = not blocks
        new = tuple.__new__
        number = self.block_count
        if len(nodes) < _RUN:
            spaces, place = self.spaces, self.place
            for node, text in zip(nodes, texts, strict=True):
                if text and not text.isspace():
                    number += 1
                    found = place(node)
                    line, column = (node.sourceline, 1) if found is None else found
                    blocks.append(new(RawBlock, (collapse(text, spaces), line, column, number, where, False)))
            nodes.clear()
            texts.clear()
        else:
            collapsed = collapse_all(texts, self.spaces)
            texts.clear()
            if "" in collapsed:
                found_nodes = list(compress(nodes, collapsed))
                collapsed = list(filter(None, collapsed))
            else:
                found_nodes = nodes[:]
            nodes.clear()
            bulk = self.positions.bulk
            places: tuple[Sequence[int | None], Sequence[int | None]] | None = (
                None if bulk is None or not collapsed else bulk.places_of(found_nodes))
            if places is None:
                pairs = [self.pos(node) for node in found_nodes]
                places = [line for line, _ in pairs], [column for _, column in pairs]
            # The records made as `children` makes each, in C (`tuple.__new__`, without the class's `__new__`).
            blocks.extend(map(new, repeat(RawBlock), zip(
                collapsed, *places, range(number + 1, number + len(collapsed) + 1), repeat(where), repeat(False))))
            number += len(collapsed)
        if number != self.block_count:
            self.block_count = number
            self.after_heading = False
            if empty:
                section.language = self.languages[-1]

    def _keeps(self, el: etree._Element, tag: str, parent: Style) -> str | None:
        """The local name of `el`, an element with no attribute, when it is a paragraph `visit`
        would read as a `leaf` or in one go (`plain`) with its parent's style, and so would every
        sibling of its tag with no attribute; None otherwise.

        Its style is its parent's when the cascade gives it nothing that `neutral` does not allow
        (`compute_style`), and so is a sibling's when no rule that may match it looks at its
        place among its siblings: without an attribute, an element is matched by the rules of
        its type and the universal ones, whose rightmost compound then asks only its name and
        its ancestors, unless it has a pseudo-class (``:first-child``) or a sibling combinator
        (``br + span``)."""
        name = LOCAL_NAMES.get(tag) or local_name(el)
        if name not in _LEAF_BLOCKS:
            return None
        rules = self.rules
        for rule in (*rules.universal, *rules.by_tag.get(name, ())):
            compound, combinator = rule.selector[0]
            if compound[4] or (len(rule.selector) > 1 and combinator not in (" ", ">")):
                return None
        return name if compute_style(rules, el, name, parent) is parent else None

    def leaf(self, el: etree._Element, name: str, where: str | None, text: str | None = None) -> None:
        """A visible paragraph that holds no element and inherits its style unchanged (most of a
        novel's): what `visit` does for it, without asking what it never is (a section, a
        heading, a picture, an override, a box). `full_reading` takes the long way. `text`: the
        paragraph's text when it holds elements (read in one go: `children`); else its own.
        (`children` writes out the same for a paragraph of a story, when no hidden text is
        being gathered.)"""
        if self.hidden_root is not None and self.hidden_buffer:
            self.hidden_buffer.append(" ")
        if self.buffer:
            self.flush()
        if text is None:
            text = el.text
        if text and not text.isspace():
            self.blocks.append(el)  # `styled_heading` looks at the blocks around it
            self.emit(collapse(text, self.spaces), el, name, where)
            self.blocks.pop()
        if self.hidden_root is not None and self.hidden_buffer:
            self.hidden_buffer.append(" ")

    def plain(self, el: etree._Element) -> list[str] | None:
        """A visible paragraph's text in one go (its pieces, to be joined), when each element in
        it would inherit the paragraph's style unchanged (`style.compute_style` would give its
        parent's, or one that differs in nothing its text shows): no rule that may change it
        (`hiding`) can match one, none has a style of its own (a ``hidden`` or colour attribute,
        a ``style`` that may hide or place a box: `_styles`) and none is treated apart
        (`_NOT_PLAIN`: a picture, a note, an override, a comment ...). Then the walk of each
        element would give this same text, and where the elements inside start is never asked
        (`Positions.skip`). None, with nothing read, otherwise: the paragraph is walked element
        by element. `visit` asks it of an inline element too (one whose style is its parent's)
        inside a walked paragraph.

        A piece that is all whitespace (the markup's indentation between a poem's lines, a line
        break) is one space, and follows no other such space: the pieces are only ever joined
        and collapsed (`text.collapse`: each run of whitespace one space), which gives the same
        text, while a verse paragraph's own line breaks and tabs sent each one through
        `collapse`'s split into words."""
        pieces: list[str] = []
        text = el.text
        if text:
            pieces.append(" " if text.isspace() else text)
        inside = self._plain(el, pieces)
        if inside is None:
            return None
        positions = self.positions
        if not positions.done:  # (`skip` does nothing for a document paired in bulk: no call)
            positions.skip(el, inside)
        return pieces

    def _plain(self, el: etree._Element, pieces: list[str]) -> int | None:
        """The text of `el`'s children into `pieces`, and how many elements it holds; None when
        one of them must be walked on its own (see `plain`)."""
        hiding = self.hiding
        if hiding is None:
            hiding = self.hiding = self.sheets.index(self.rule_list, hiding=True)
        kinds = self.tag_kinds
        append = pieces.append
        # Whether the last piece is a space (a piece all whitespace is one, and none follows it).
        spaced = bool(pieces) and pieces[-1] == " "
        inside = 0  # the elements held by the children
        for child in el:
            tag = child.tag
            kind = kinds.get(tag)  # type: ignore[arg-type]  # only tags that are names are kept there
            if kind is None:
                if not isinstance(tag, str):
                    return None  # a comment (hidden text of its own), a processing instruction
                kind = kinds[tag] = _tag_kind(tag, child, hiding)
            if kind is _BREAK:  # a space, whatever it holds (as `visit` reads it)
                if len(child):
                    return None
                if not spaced:
                    append(" ")
                    spaced = True
            else:
                if kind is not _PLAIN or child.keys():
                    if kind is _APART:
                        return None
                    name = LOCAL_NAMES.get(tag) or local_name(child)  # type: ignore[arg-type]  # a name (`kinds`)
                    attrib = child.attrib
                    if ("hidden" in attrib or ("style" in attrib and _styles(attrib["style"]))
                            or (hiding.may_match(child, name) and not neutral(self.rules.cascade(child, name)))):
                        return None
                text = child.text  # lxml makes a new string at each asking
                if text:
                    append(text)
                    spaced = text == " "
                if len(child):
                    inner = self._plain(child, pieces)
                    if inner is None:
                        return None
                    inside += inner
                    spaced = pieces[-1] == " " if pieces else False
            tail = child.tail
            if tail:
                if not tail.isspace():
                    append(tail)
                    spaced = False
                elif not spaced:
                    append(" ")
                    spaced = True
        return inside + len(el)


#: The story paragraphs in a run from which `Walker.place_run` collapses and places them at once
#: (a shorter run costs less one by one: the verse of *Leaves of Grass* runs one to three).
_RUN = 4

#: What `Walker._plain` knows of an element from its tag alone (`_tag_kind`).
_BREAK = "a line break"
_APART = "walked apart"
_PLAIN = "plain without attributes"
_ASK = "to be asked"


def _tag_kind(tag: str, el: etree._Element, hiding: RuleIndex) -> str:
    """What `Walker._plain` knows of an element from its tag, under the rules that may hide
    (`hiding`): a line break (a space); an element walked apart whatever its attributes
    (`_NOT_PLAIN`, painted SVG); one that is plain when it has no attribute, since no such rule
    can match it then (no universal rule, none of its type: the others need an id, a class or
    an attribute); else one whose attributes and rules are to be asked."""
    name = LOCAL_NAMES.get(tag) or local_name(el)
    if name == "br":
        return _BREAK
    if name in _NOT_PLAIN or (name in SVG_NAMES and tag in SVG_PAINTED):
        return _APART
    if hiding.universal or name in hiding.by_tag:
        return _ASK
    return _PLAIN
