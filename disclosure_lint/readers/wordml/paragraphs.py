"""The WordprocessingML paragraph walk: the paragraphs of a part in reading order, and what each
shows and hides.

Body paragraphs, table cell paragraphs and content controls come in document order; a text box's
paragraphs follow the paragraph that anchors it. Of an ``mc:AlternateContent`` the first
``mc:Choice`` is read (else the ``mc:Fallback``). Tracked insertions and field results are text;
tracked deletions are kept apart; ``w:moveFrom`` is dropped, as its text is read where it moved
to; field instructions are never text. `readers.docx.body` numbers the paragraphs in this order
(`Location.block`), and so does `paragraph_elements` for the writer. Each run's look comes from
`formatting`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ...model import HiddenReason
from ..bidi_markup import PDF, word_override
from ..sections import HEADING_LINE_CHARS
from ..text import collapse
from .formatting import (
    NO_PARA_FORMAT,
    RunFormat,
    Styles,
    hidden_reason,
    over,
    over_para,
    para_props,
    run_props,
    shading_of,
)
from .names import (
    ALT,
    BR,
    CHOICE,
    COMMENT_REF,
    COMMENT_START,
    CR,
    DEL,
    DEL_TEXT,
    ENDNOTE_REF,
    FALLBACK,
    FLD_CHAR,
    FOOTNOTE_REF,
    MOVE_FROM,
    NB_HYPHEN,
    OMATH_T,
    PPR,
    PTAB,
    RPR,
    RUBY,
    RUBY_BASE,
    SDT,
    SDT_CONTENT,
    SECTPR,
    TAB,
    TBL,
    TBLPR,
    TC,
    TCPR,
    TXBX,
    TYPE,
    VAL,
    M,
    P,
    R,
    T,
    W,
    first_child,
    first_children,
)

if TYPE_CHECKING:
    from lxml import etree

    Element = etree._Element

#: Inline wrappers whose children are read as ordinary paragraph content.
_INLINE_WRAPPERS = frozenset(W + n for n in (
    "ins", "moveTo", "hyperlink", "smartTag", "fldSimple", "customXml", "dir", "bdo",
))
BDO = W + "bdo"
#: Paragraph children that never hold text a reader sees.
_INLINE_SKIP = frozenset({PPR, MOVE_FROM, W + "proofErr", W + "bookmarkStart", W + "bookmarkEnd",
                          W + "permStart", W + "permEnd", W + "commentRangeEnd"})
#: Block-level children that never hold paragraphs of the text.
_BLOCK_SKIP = frozenset({SECTPR, TBLPR, TCPR, W + "tblGrid", W + "trPr", W + "sdtPr",
                         W + "sdtEndPr", FALLBACK, MOVE_FROM, DEL, W + "altChunk"})


class Ctx:
    """Where a paragraph sits: its table style, the cell's shading, and a writer's word for it."""

    __slots__ = ("cell_shading", "in_textbox", "place", "table_style", "top_level")

    def __init__(self, table_style: str | None = None, cell_shading: str | None = None,
                 place: str = "the document text", top_level: bool = True,
                 in_textbox: bool = False) -> None:
        self.table_style = table_style
        self.cell_shading = cell_shading
        self.place = place
        self.top_level = top_level
        self.in_textbox = in_textbox

    def _replace(self, **changes: Any) -> Ctx:
        values = {name: getattr(self, name) for name in self.__slots__}
        values.update(changes)
        return Ctx(**values)


class Para:
    """What one paragraph shows and hides."""

    __slots__ = (
        "all_text",
        "bold",
        "break_after",
        "break_before",
        "caps",
        "centred",
        "comments",
        "ctx",
        "deleted",
        "heading_style",
        "hidden",
        "language",
        "notes",
        "numbered",
        "outline",
        "sect_pr",
        "title_style",
        "visible",
    )

    def __init__(self, ctx: Ctx) -> None:
        self.visible = ""
        self.all_text = ""
        self.hidden: list[tuple[str, HiddenReason]] = []
        self.deleted: list[str] = []
        self.notes: list[tuple[str, str]] = []
        self.comments: list[str] = []
        self.break_before = False
        self.break_after = False
        self.bold = False
        self.caps = False
        self.centred = False
        self.heading_style = False
        self.title_style = False
        self.outline: int | None = None
        self.numbered = False
        self.sect_pr: Element | None = None
        self.ctx = ctx
        #: The w:lang (run, styles, document defaults) of most of its visible text.
        self.language: str | None = None


#: A piece of paragraph text: (text, why it is hidden or None, bold, caps).
_Piece = tuple[str, HiddenReason | None, bool, bool]


class _RunState:
    __slots__ = ("any_hidden", "background", "ctx", "lang", "lang_starts", "pieces", "pstyle", "seen_text")

    def __init__(self, pstyle: str | None, background: str, ctx: Ctx) -> None:
        self.pstyle = pstyle
        self.background = background
        self.ctx = ctx
        self.pieces: list[_Piece] = []
        self.seen_text = False
        #: Set when a run is hidden; False means every piece is visible.
        self.any_hidden = False
        #: The w:lang of the last run, and where each change of it starts (piece index, w:lang):
        #: most paragraphs are in one language, and keep no list.
        self.lang: str | None = None
        self.lang_starts: list[tuple[int, str | None]] | None = None

    def lang_change(self, at: int, lang: str | None) -> None:
        if self.lang_starts is None:
            if at == 0:  # no text yet: the paragraph's language so far
                self.lang = lang
                return
            self.lang_starts = [(0, self.lang)]
        self.lang_starts.append((at, lang))
        self.lang = lang

    def language(self) -> str | None:
        """The w:lang of most of the paragraph's visible text."""
        starts = self.lang_starts
        if starts is None:
            return self.lang
        pieces = self.pieces
        sizes: dict[str | None, int] = {}
        for (at, lang), (end, _) in zip(starts, [*starts[1:], (len(pieces), None)], strict=True):
            sizes[lang] = sizes.get(lang, 0) + sum(len(pc[0]) for pc in pieces[at:end] if pc[1] is None)
        return max(sizes.items(), key=lambda item: item[1])[0]


#: Run children other than w:t and w:rPr that `_run_content` acts on; the rest hold no text.
_RUN_SPECIAL = frozenset({TAB, PTAB, CR, BR, NB_HYPHEN, FLD_CHAR, DEL_TEXT, FOOTNOTE_REF,
                          ENDNOTE_REF, COMMENT_REF, ALT, RUBY})


#: Paragraph children other than runs that hold no text and nothing `read` acts on.
_PLAIN_SKIP = frozenset({PPR, W + "proofErr", W + "bookmarkStart", W + "bookmarkEnd", W + "permStart",
                         W + "permEnd", W + "commentRangeEnd"})


class ParagraphReader:
    """Reads paragraphs of one part. Field state spans paragraphs (a TOC field does).

    A paragraph of plain runs (a novel's, most of them: each run a w:t and nothing else, no
    w:rPr) is read in one go when their look shows them (`_plain`), with the one look all its
    runs share: what reading run by run gives. `shortcut` False reads every paragraph run by run
    (`readers.read_manuscript`'s `full_reading`, to compare the two)."""

    def __init__(self, styles: Styles, page_colour: str, shortcut: bool = True,
                 spaces: tuple[str, ...] | None = None) -> None:
        self.styles = styles
        self.page_colour = page_colour
        self.fields: list[bool] = []  # per open field: True while in its instruction
        self.shortcut = shortcut
        #: The whitespace other than " " the part's text may hold, when known (`text.collapse`).
        self.spaces = spaces

    # Block level ------------------------------------------------------------------------------

    def paragraphs(self, container: Element, ctx: Ctx) -> Iterator[tuple[Element, Ctx]]:
        """Paragraphs in reading order; a text box's paragraphs follow their anchor paragraph."""
        # Most parts have no text box: then no paragraph needs searching for one.
        boxes = next(container.iter(TXBX), None) is not None
        return self._paragraphs(container, ctx, boxes)

    def _paragraphs(self, container: Element, ctx: Ctx, boxes: bool) -> Iterator[tuple[Element, Ctx]]:
        for child in container:
            tag = child.tag
            if tag == P:
                yield child, ctx
                if boxes:
                    for box in _textboxes(child):
                        yield from self._paragraphs(box, ctx._replace(
                            place="a text box", top_level=False, in_textbox=True), boxes)
            elif tag == TBL:
                tstyle = ctx.table_style
                tblpr = first_child(child, TBLPR)
                if tblpr is not None:
                    ts = first_child(tblpr, W + "tblStyle")
                    if ts is not None:
                        tstyle = ts.get(VAL)
                yield from self._paragraphs(child, ctx._replace(
                    table_style=tstyle, place="a table", top_level=False), boxes)
            elif tag == TC:
                shading = ctx.cell_shading
                tcpr = first_child(child, TCPR)
                if tcpr is not None:
                    shd = first_child(tcpr, W + "shd")
                    if shd is not None:
                        shading = shading_of(shd)
                yield from self._paragraphs(child, ctx._replace(cell_shading=shading), boxes)
            elif tag == ALT:
                branch = _choice(child)
                if branch is not None:
                    yield from self._paragraphs(branch, ctx, boxes)
            elif isinstance(tag, str) and tag not in _BLOCK_SKIP:
                # w:sdt, w:sdtContent, w:customXml, w:tr, w:ins, w:moveTo ...: containers.
                yield from self._paragraphs(child, ctx, boxes)

    # Paragraph level -----------------------------------------------------------------------------

    def read(self, p: Element, ctx: Ctx) -> Para:
        para = Para(ctx)
        styles = self.styles
        kids = p[:]
        ppr = None
        for child in kids:
            if child.tag == PPR:
                ppr = child
                break
        pstyle: str | None = None
        direct = NO_PARA_FORMAT
        if ppr is not None:
            ps, num_pr, para.sect_pr, direct = para_props(ppr)
            if ps is not None:
                pstyle = ps.get(VAL)
            para.numbered = num_pr is not None
        if pstyle is None or not styles.has(pstyle):
            pstyle = styles.default_para if pstyle is None else pstyle
        pfmt, para.heading_style, para.title_style = styles.para(pstyle)
        if direct is not NO_PARA_FORMAT:
            pfmt = over_para(pfmt, direct)
        para.outline = pfmt.outline
        para.centred = bool(pfmt.centred)
        para.break_before = bool(pfmt.page_break_before)
        background = pfmt.shading if pfmt.shading not in (None, "none") else (
            ctx.cell_shading if ctx.cell_shading not in (None, "none") else self.page_colour)
        if self.shortcut and True not in self.fields and self._plain(kids, para, pstyle, background or "FFFFFF"):
            return para
        state = _RunState(pstyle, background or "FFFFFF", ctx)
        self._inline(kids, state, para)
        self._finish(state, para)
        return para

    def _plain(self, kids: list[Element], para: Para, pstyle: str | None, background: str) -> bool:
        """Read a paragraph (its children `kids`) outside a field's instruction in one go, when it
        holds nothing but plain runs (each a w:t holding no element, no w:rPr: `_run`'s look
        for a run with no properties is theirs) and marks that hold no text (`_PLAIN_SKIP`),
        and that look shows them: what `_inline` and `_finish` give. False, with nothing read,
        otherwise (the run-by-run reading tells what is hidden and why)."""
        texts: list[str] = []
        runs = False
        for child in kids:
            tag = child.tag
            if tag == R:
                if len(child) != 1:
                    return False
                t = child[0]
                if t.tag != T or len(t):
                    return False
                runs = True
                text = t.text
                if text:
                    texts.append(text)
            elif tag not in _PLAIN_SKIP:
                return False
        styles = self.styles
        tstyle = para.ctx.table_style
        key = (pstyle, None, tstyle, background, None)
        look = styles.looks.get(key)
        if look is None:
            fmt = styles.run_base(pstyle, None, tstyle)
            look = styles.looks[key] = (hidden_reason(fmt, background), bool(fmt.bold), bool(fmt.caps), fmt.lang)
        reason, bold, caps, lang = look
        if reason is not None:
            return False
        para.visible = para.all_text = visible = collapse(texts[0] if len(texts) == 1 else "".join(texts),
                                                          self.spaces)
        para.language = lang if runs else None  # the runs' (none without a run)
        if len(visible) > HEADING_LINE_CHARS:
            return True  # the heading look matters only for a line short enough to be a heading
        shown = bool(visible)  # some run's text is more than whitespace
        para.bold = shown and bold
        letters = [ch for ch in visible if ch.isalpha()]
        para.caps = shown and (caps or (len(letters) > 2 and all(ch.isupper() for ch in letters)))
        return True

    def _finish(self, state: _RunState, para: Para) -> None:
        pieces = state.pieces
        para.language = state.lang if state.lang_starts is None else state.language()
        if not state.any_hidden:
            # Every piece shows: the text is all of it, and nothing is hidden.
            text = pieces[0][0] if len(pieces) == 1 else "".join([pc[0] for pc in pieces])
            para.visible = para.all_text = collapse(text, self.spaces)
        else:
            self._finish_hidden(pieces, para)
        if len(para.visible) > HEADING_LINE_CHARS:
            return  # the heading look matters only for a line short enough to be a heading
        shown = [pc for pc in pieces if pc[1] is None and pc[0].strip()]
        para.bold = bool(shown) and all(pc[2] for pc in shown)
        letters = [ch for ch in para.visible if ch.isalpha()]
        para.caps = bool(shown) and (all(pc[3] for pc in shown) or (
            len(letters) > 2 and all(ch.isupper() for ch in letters)))

    @staticmethod
    def _finish_hidden(pieces: list[_Piece], para: Para) -> None:
        para.visible = collapse("".join([pc[0] for pc in pieces if pc[1] is None]))
        para.all_text = collapse("".join([pc[0] for pc in pieces]))
        group: list[str] = []
        reason: HiddenReason | None = None
        for text, why, _, _ in pieces:
            if why is None and not text.strip() and reason is not None:
                group.append(text)
                continue
            if why != reason:
                if reason is not None and collapse("".join(group)):
                    para.hidden.append((collapse("".join(group)), reason))
                group, reason = [], why
            if why is not None:
                group.append(text)
        if reason is not None and collapse("".join(group)):
            para.hidden.append((collapse("".join(group)), reason))

    def _inline(self, el: Element | list[Element], st: _RunState, para: Para) -> None:
        for child in el:
            tag = child.tag
            if tag == R:
                self._run(child, st, para)
            elif tag == BDO:
                # A bidirectional override (issue 24): its text shown in the forced direction, as
                # the control characters it stands for (`bidi_markup`).
                mark = word_override(child.get(VAL))
                if mark:
                    st.pieces.append((mark, None, True, True))
                self._inline(child, st, para)
                if mark:
                    st.pieces.append((PDF, None, True, True))
            elif tag in _INLINE_WRAPPERS:
                self._inline(child, st, para)
            elif tag == SDT:
                content = first_child(child, SDT_CONTENT)
                if content is not None:
                    self._inline(content, st, para)
            elif tag == DEL:
                self._deleted(child, para)
            elif tag == ALT:
                branch = _choice(child)
                if branch is not None:
                    self._inline(branch, st, para)
            elif tag == COMMENT_START:
                para.comments.append(child.get(W + "id", ""))
            elif tag in (M + "oMathPara", M + "oMath"):
                text = "".join(t.text or "" for t in child.iter(OMATH_T))
                st.pieces.append((text, None, False, False))
            elif isinstance(tag, str) and tag not in _INLINE_SKIP:
                self._inline(child, st, para)

    def _deleted(self, el: Element, para: Para) -> None:
        text = collapse("".join(t.text or "" for t in el.iter(DEL_TEXT, T)))
        if text:
            para.deleted.append(text)

    def _run(self, r: Element, st: _RunState, para: Para) -> None:
        kids = r[:]  # a list: cheaper to walk twice than lxml's child iterator
        rstyle: str | None = None
        direct: RunFormat | None = None
        for child in kids:
            if child.tag == RPR:
                rstyle, direct = run_props(child)
                break
        styles = self.styles
        tstyle = st.ctx.table_style
        key = (st.pstyle, rstyle, tstyle, st.background, direct)
        look = styles.looks.get(key)
        if look is None:
            fmt = styles.run_base(st.pstyle, rstyle, tstyle)
            if direct is not None:
                fmt = over(fmt, direct)
            look = styles.looks[key] = (hidden_reason(fmt, st.background), bool(fmt.bold), bool(fmt.caps),
                                        fmt.lang)
        reason, bold, caps, lang = look
        if reason is not None:
            st.any_hidden = True
        if lang != st.lang:
            st.lang_change(len(st.pieces), lang)
        self._run_content(kids, st, para, reason, bold, caps)

    def _run_content(self, children: Iterable[Element], st: _RunState, para: Para,
                     reason: HiddenReason | None, bold: bool, caps: bool) -> None:
        """The text of a run's children (or of a text box branch's), with its look."""
        fields = self.fields
        pieces = st.pieces
        for child in children:
            tag = child.tag
            if tag == T:
                text = child.text
                if text and True not in fields:
                    pieces.append((text, reason, bold, caps))
                    if reason is None and not st.seen_text and text.strip():
                        st.seen_text = True
            elif tag in _RUN_SPECIAL:
                self._run_special(child, tag, st, para, reason, bold, caps)
            # w:rPr (read by `_run`), w:instrText (field code), w:drawing/w:pict (text boxes
            # are read by `paragraphs`), w:sym (a glyph of a symbol font), w:softHyphen: no
            # text a reader reads.

    def _run_special(self, child: Element, tag: str, st: _RunState, para: Para,
                     reason: HiddenReason | None, bold: bool, caps: bool) -> None:
        if tag in (TAB, PTAB, CR):
            st.pieces.append((" ", reason, bold, caps))
        elif tag == BR:
            st.pieces.append((" ", reason, bold, caps))
            if child.get(TYPE) == "page":
                if st.seen_text:
                    para.break_after = True
                else:
                    para.break_before = True
        elif tag == NB_HYPHEN:
            st.pieces.append(("-", reason, bold, caps))
        elif tag == FLD_CHAR:
            kind = child.get(W + "fldCharType")
            if kind == "begin":
                self.fields.append(True)
            elif kind == "separate" and self.fields:
                self.fields[-1] = False
            elif kind == "end" and self.fields:
                self.fields.pop()
        elif tag == DEL_TEXT:
            if child.text and child.text.strip():
                para.deleted.append(collapse(child.text))
        elif tag == FOOTNOTE_REF:
            para.notes.append(("footnote", child.get(W + "id", "")))
        elif tag == ENDNOTE_REF:
            para.notes.append(("endnote", child.get(W + "id", "")))
        elif tag == COMMENT_REF:
            para.comments.append(child.get(W + "id", ""))
        elif tag == ALT:
            branch = _choice(child)
            if branch is not None:
                self._run_content(branch, st, para, reason, bold, caps)
        elif tag == RUBY:
            base = first_child(child, RUBY_BASE)
            if base is not None:
                self._inline(base, st, para)


def _choice(alt: Element) -> Element | None:
    """The branch of mc:AlternateContent a reader shows: the first Choice, else the Fallback."""
    branch, fallback = first_children(alt, CHOICE, FALLBACK)
    return branch if branch is not None else fallback


def _textboxes(p: Element) -> Iterator[Element]:
    """Text boxes anchored in a paragraph: DrawingML inside the chosen branch, or VML alone."""
    for box in p.iter(TXBX):
        node = box.getparent()
        keep = True
        while node is not None and node is not p:
            tag = node.tag
            if tag in (FALLBACK, TXBX, DEL, MOVE_FROM):
                keep = False
                break
            if tag == CHOICE:
                parent = node.getparent()
                if parent is not None and first_child(parent, CHOICE) is not node:
                    keep = False
                    break
            node = node.getparent()
        if keep:
            yield box


def paragraph_elements(body: Element) -> list[Element]:
    """The paragraphs of a main part's body in reading order, as this reader numbers them
    (`Location.block` = index + 1): table cells, content controls and text boxes included."""
    walker = ParagraphReader(Styles(None), "FFFFFF")
    return [p for p, _ in walker.paragraphs(body, Ctx())]
