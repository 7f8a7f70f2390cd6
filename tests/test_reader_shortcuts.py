"""The DOCX and EPUB readers' shortcuts give what the long way gives, and step aside when they must.

Each shortcut skips work for the common case (plain text, CSS that cannot hide, an element that
styles nothing, a run format already met); these tests hold it to the long way's answer, and
check that the unusual case next to a common one still takes the long way.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from docx_builders import build_raw_docx, para, run, style, textbox
from epub_builders import Doc, build_epub
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from disclosure_lint.model import HiddenReason, Manuscript
from disclosure_lint.readers import css, docx, epub, safety, wordml
from disclosure_lint.readers import text as text_helpers
from disclosure_lint.readers.epub import container as epub_container
from disclosure_lint.readers.epub import markup as epub_markup
from disclosure_lint.readers.wordml import names as wordml_names

SECRET = "Drafted with an AI model."


def texts(m: Manuscript) -> list[str]:
    return [b.text for s in m.sections for b in s.blocks]


def hidden(m: Manuscript) -> list[tuple[str, HiddenReason]]:
    return [(h.text, h.reason) for h in m.hidden]


# --- whitespace ---------------------------------------------------------------------------------


def test_the_space_table_is_what_str_split_splits_on() -> None:
    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()} - {" "}
    assert set(text_helpers._OTHER_SPACES) == spaces
    assert set(text_helpers._ASCII_SPACES) == {c for c in spaces if c.isascii()}


@pytest.mark.parametrize("text", [
    "", " ", "  ", "plain words", " lead", "trail ", "two  spaces", "tab\there", "new\nline",
    "nbsp\u00a0here", "curly \u201cquotes\u201d", "\u201cquote\u201d\u2003em space", "\u3000", "a\u2028b",
    "\x1c", "caf\u00e9 \u00e9", "\u00a0", "x\x85y", "\u200b zero width is not a space",
])
def test_collapse_is_split_and_join(text: str) -> None:
    assert text_helpers.collapse(text) == " ".join(text.split())


def test_collapse_is_split_and_join_on_random_text() -> None:
    rng = random.Random(7)
    alphabet = [" ", "a", "B", "\u00e9", "\u201c", "\t", "\n", "\u00a0", "\u2009", "\u3000"]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
        assert text_helpers.collapse(text) == " ".join(text.split()), repr(text)


def test_collapse_with_the_spaces_a_text_holds_is_split_and_join() -> None:
    """Given the whitespace a file holds (`spaces_among` its characters), `collapse` looks only for
    that, in any text of the file."""
    from disclosure_lint.chars import characters

    rng = random.Random(11)
    alphabet = [" ", "a", "B", "\u00e9", "\u201c", "\t", "\n", "\u00a0", "\u2009", "\u3000", "\u200a", "\x85"]
    for _ in range(20_000):
        file = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        spaces = text_helpers.spaces_among(characters(file))
        start = rng.randint(0, len(file))
        text = file[start:start + rng.randint(0, 12)]
        assert text_helpers.collapse(text, spaces) == " ".join(text.split()), repr(text)


def test_collapse_lines_is_collapse_where_no_odd_space_is() -> None:
    rng = random.Random(21)
    alphabet = [" ", "a", "B", "\u00e9", "\u201c", "\t", "\n", "\u00a0", "\u2009", "\u3000", "\x85", "\u2060"]
    odd = 0
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
        assert text_helpers.odd_spaces(text) == any(c.isspace() and c not in " \n" for c in text), repr(text)
        if text_helpers.odd_spaces(text):
            odd += 1
        else:
            assert text_helpers.collapse_lines(text) == text_helpers.collapse(text), repr(text)
    assert 0 < odd < 20_000


#: Pieces of Markdown: words, emphasis, headings, quotes, lists, entities and HTML that may hold a
#: space of another kind, and such spaces written as they are.
_MARKDOWN_PIECES = ["word", " ", "  ", "\n", "\n\n", "# ", "> ", "- ", "*", "\u201cquote\u201d", "caf\u00e9",
                    "&nbsp;", "&#9;", "&amp;", "<b>bold</b>", "<!-- note -->", "\t", "\u00a0", "\u2003", "\u2060"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_MARKDOWN_PIECES), max_size=40))
def test_markdown_paragraphs_read_the_same_with_spaces_checked_once(pieces: list[str]) -> None:
    """The Markdown reader collapses a paragraph's whitespace as the full reading does when it asks
    the whole file, not each paragraph, for spaces other than spaces and newlines."""
    from disclosure_lint.readers.markdown import read_parts

    text = "".join(pieces)
    fast = read_parts(text, "book.md")
    full = read_parts(text, "book.md", full_reading=True)
    assert [(d.heading, d.blocks) for d in fast.drafts] == [(d.heading, d.blocks) for d in full.drafts]
    assert fast.hidden == full.hidden


#: Pieces of paragraphs: words beyond ASCII, every inline syntax the reader drops, spaces of
#: every kind, alone and in runs, and the line breaks that end a paragraph or a heading's line.
_INLINE_PIECES = ["word", "caf\u00e9", "\u201cquote\u201d", " ", "  ", "\n", "\n\n", "# ", "*", "**", "_", "~~", "~",
                  "[link](http://x)", "![alt](i.png)", "`code`", "\\*", "&amp;", "<i>it</i>", "[fr]{lang=fr}",
                  "\t", "\u00a0", "\u200a", "\u2003", "\u2060", "\x0c", "\x85", "::: {lang=fr}\n", ":::\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_INLINE_PIECES), max_size=40))
def test_markdown_paragraphs_without_inline_syntax_read_as_the_full_reading_reads_them(pieces: list[str]) -> None:
    """The fast path takes a paragraph without inline syntax as its own text (`read_apart`), its
    whitespace collapsed; the full reading reads each paragraph: the manuscripts are the same."""
    from disclosure_lint.readers.markdown import parse

    data = "".join(pieces).encode("utf-8")
    assert parse(data, "book.md") == parse(data, "book.md", full_reading=True)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_INLINE_PIECES[:-2]), max_size=8).map("".join), max_size=6))
def test_read_apart_finds_every_paragraph_that_needs_reading(sources: list[str]) -> None:
    from disclosure_lint.readers import markdown
    from disclosure_lint.readers.markdown import read_apart, visible_inline

    sources = [s.strip() for s in sources]
    batch = markdown._BATCH
    try:
        for size, spaces in ((batch, None), (batch, text_helpers.spaces_among(frozenset("".join(sources)))),
                             (10, None)):  # (the sources joined all at once, and a few at a time)
            markdown._BATCH = size
            apart, spaced = read_apart(sources, spaces)
            for n, source in enumerate(sources):
                if n not in apart:
                    read = text_helpers.collapse(source, spaces) if n in spaced else " ".join(source.split())
                    assert read == text_helpers.collapse(visible_inline(source)[0]), repr(source)
                if n not in spaced:
                    assert not any(c.isspace() and c != " " for c in source), repr(source)
    finally:
        markdown._BATCH = batch


@pytest.mark.parametrize(("source", "seen"), [
    ("an AI\\\nlanguage model", "an AI language model"),  # a hard line break: the backslash is not text
    ("an AI\\\r\nlanguage model", "an AI language model"),
    ("C:\\\\\nnext", "C:\\ next"),  # an escaped backslash, then an ordinary line break
    ("it ends\\", "it ends\\"),  # at a paragraph's end a backslash is a backslash
    ("a \\\\ pair and \\[brackets\\]", "a \\ pair and [brackets]"),
])
def test_a_backslash_is_read_as_commonmark_reads_it(source: str, seen: str) -> None:
    """A backslash at the end of a paragraph's line is CommonMark's hard line break, not a
    character of the text: a disclosure written across one ("an AI" then "language model") reads
    as one phrase, on the fast path (`read_apart` sends any backslash to `visible_inline`) and in
    the full reading alike; markdown-it's own inline reading gives the same text."""
    from markdown_it import MarkdownIt

    from disclosure_lint.readers.markdown import visible_inline

    assert text_helpers.collapse(visible_inline(source)[0]) == seen
    children = MarkdownIt("commonmark").parseInline(source)[0].children or []
    rendered = "".join(" " if t.type in ("softbreak", "hardbreak") else t.content for t in children)
    assert " ".join(rendered.split()) == seen


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.text(alphabet="ab *_[\n\u2019", max_size=5), max_size=12), st.sampled_from([1, 3, 7, 1 << 16]))
def test_read_apart_indexes_are_exactly_the_texts_holding_each_character(sources: list[str], batch: int) -> None:
    """The texts are joined with nothing between them (empty ones too, at any batch size): each
    hit is the index of the text that holds it, and every text holding a character is found."""
    from disclosure_lint.readers import markdown

    saved = markdown._BATCH
    try:
        markdown._BATCH = batch
        apart, spaced = markdown.read_apart(sources, ("\n",))
    finally:
        markdown._BATCH = saved
    assert apart == {n for n, s in enumerate(sources) if any(c in s for c in markdown._CHANGED)}
    assert spaced == {n for n, s in enumerate(sources) if "\n" in s}


# --- DOCX ---------------------------------------------------------------------------------------


def test_docx_hidden_run_after_plain_paragraphs_of_the_same_look(tmp_path: Path) -> None:
    # The look of a plain run is cached; a run that adds w:vanish to it is another look.
    rpr = '<w:rFonts w:ascii="Times"/><w:sz w:val="24"/>'
    m = docx.read(build_raw_docx(tmp_path / "b.docx", [
        para(run("One plain paragraph.", rpr)),
        para(run("Another one.", rpr)),
        para(run("Shown, ", rpr), run(SECRET, rpr + "<w:vanish/>"), run(" shown again.", rpr)),
        para(run("And plain again.", rpr)),
    ]))
    assert texts(m) == ["One plain paragraph.", "Another one.", "Shown, shown again.", "And plain again."]
    assert hidden(m) == [(SECRET, HiddenReason.HIDDEN_FORMATTING)]
    assert m.hidden[0].location.block == 3


def test_docx_same_run_format_on_two_backgrounds(tmp_path: Path) -> None:
    # White text is hidden on the white page and shows on a dark paragraph: the cached look of
    # a run format depends on the background too.
    white = '<w:color w:val="FFFFFF"/>'
    dark = '<w:shd w:val="clear" w:color="auto" w:fill="000000"/>'
    m = docx.read(build_raw_docx(tmp_path / "b.docx", [
        para(run("Page text."), run(" " + SECRET, white)),
        para(run("Dark box: " + SECRET, white), ppr=dark),
        para(run("Page again."), run(" " + SECRET, white)),
    ]))
    assert texts(m) == ["Page text.", "Dark box: " + SECRET, "Page again."]
    assert hidden(m) == [(SECRET, HiddenReason.INVISIBLE_COLOUR)] * 2


def test_docx_same_run_format_under_two_styles(tmp_path: Path) -> None:
    styles = [style("Ghost", rpr="<w:vanish/>")]
    m = docx.read(build_raw_docx(tmp_path / "b.docx", [
        para(run("Seen.", "<w:i/>")),
        para(run(SECRET, "<w:i/>"), style="Ghost"),
    ], styles=styles))
    assert texts(m) == ["Seen."]
    assert hidden(m) == [(SECRET, HiddenReason.HIDDEN_FORMATTING)]


def test_docx_text_box_found_in_a_part_whose_first_paragraphs_have_none(tmp_path: Path) -> None:
    # Text boxes are looked for only in parts that hold one: the check is per part, not per book.
    body = [para(f"Paragraph {i}.") for i in range(5)]
    body.append(para(run("Anchor."), textbox(para(SECRET))))
    m = docx.read(build_raw_docx(tmp_path / "b.docx", body))
    assert texts(m)[-2:] == ["Anchor.", SECRET]


def test_docx_first_children_is_find() -> None:
    n = wordml_names
    root = etree.fromstring(
        f'<w:p xmlns:w="{n.W[1:-1]}"><!--c--><w:r/><w:pPr><w:pStyle w:val="A"/></w:pPr>'
        '<w:pPr><w:pStyle w:val="B"/></w:pPr><w:r/></w:p>')
    for tags in [(n.PPR,), (n.R, n.PPR), (n.PPR, n.T, n.R), (n.T,)]:
        assert wordml_names.first_children(root, *tags) == [root.find(t) for t in tags]
        assert [wordml_names.first_child(root, t) for t in tags] == [root.find(t) for t in tags]


@pytest.mark.parametrize("value", ["", "FFFFFF", "ffffff", " 00ff00 ", "auto", "GGGGGG", "FFFFF",
                                   "FFFFFFF", "\u0661\u0662\u0663\u0664\u0665\u0666", "+12345", "12 345"])
def test_docx_hex_is_the_pattern(value: str) -> None:
    upper = value.strip().upper()
    expected = None if not value else "auto" if upper == "AUTO" else (
        upper if re.fullmatch(r"[0-9A-F]{6}", upper) else None)
    assert wordml.hex_colour(value) == expected


# --- EPUB ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sheet", "may_hide"), [
    ("p { text-indent: 1em; font-family: serif }", False),
    ("h1 { page-break-before: always; font-variant: small-caps }", False),
    (".a { DISPLAY: none }", True),
    (".a { font-size: 0 }", True),
    ('@import "other.css";', True),
    (".a { dis\\70 lay: none }", True),  # an escape: parsed
    (".a { opacity: 0 }", True),
    (".a { visibility: hidden }", True),
    (".a { color: #fff }", True),
    (".a { background-color: #000 }", True),
    (".a { height: 0; overflow: hidden }", True),
    (".a { position: absolute; clip: rect(0 0 0 0) }", True),
    (".a { text-shadow: 0 0 1px black }", True),
    (".a { text-indent: -9999px }", True),  # a negative number: parsed
    (".a { position: absolute; left: -.5em }", True),
    ("p { text-indent: 1.5em; margin: 0 } img { max-width: 100% }", False),
])
def test_css_that_cannot_hide_is_not_parsed(sheet: str, may_hide: bool) -> None:
    assert css.css_may_hide(sheet) is may_hide
    assert css.css_may_hide(sheet.encode()) is may_hide
    if not may_hide:
        assert css.declarations(sheet.split("{", 1)[-1].rstrip("} ")) == ()


def _rules(sheet: str) -> list[css.Rule]:
    out: list[css.Rule] = []
    for node in css.load_tinycss2().parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True):
        for selector in css.split_selectors(node.prelude):
            parsed = css.parse_selector(selector, {})
            assert parsed is not None
            out.append(css.Rule(parsed, css.specificity(parsed), len(out), css.declarations(node.content)))
    return out


def test_declarations_that_cannot_hide_in_a_document_are_dropped() -> None:
    # A novel's `p { text-indent: 1em }` is not matched against every paragraph, unless a hiding
    # value of its kind is somewhere in the sheet or the document's style attributes.
    rules = _rules("p { text-indent: 1em; color: #333 } h2 + p { text-indent: 0 } hr { height: 0 }")
    pruner = css.Pruner()
    assert [[d[0] for d in r.declarations] for r in pruner(rules, b"<p>text</p>")] == [["color"]]
    assert [[d[0] for d in r.declarations] for r in pruner(rules, b'<div style="text-indent: -9px">')] == [
        ["text-indent", "color"], ["text-indent"]]
    hiding = _rules(".a { text-indent: -9999px } p { text-indent: 0 }")
    assert pruner(hiding, b"<p>text</p>") is hiding
    boxes = _rules(".a { height: 0 } .b { overflow: hidden }")
    assert pruner(boxes, b"") is boxes


def test_css_bytes_in_utf16_are_parsed() -> None:
    assert css.css_may_hide(".a { color: red }".encode("utf-16")) is True


def test_escaped_property_name_still_hides(tmp_path: Path) -> None:
    css = ".a { dis\\70 lay: none }"
    m = epub.read(build_epub(tmp_path / "b.epub", [("c.xhtml", "", f'<h1>One</h1><p class="a">{SECRET}</p>')],
                             css=css))
    assert SECRET not in " ".join(texts(m))
    assert [r for t, r in hidden(m) if t == SECRET] == [HiddenReason.CSS_HIDDEN]


def test_sheet_without_hiding_words_next_to_one_with_them(tmp_path: Path) -> None:
    css = {"plain.css": "p { text-indent: 1em }", "hide.css": ".a { display: none }"}
    m = epub.read(build_epub(tmp_path / "b.epub", [
        ("c.xhtml", "", f'<h1>One</h1><p>Shown.</p><p class="a">{SECRET}</p>')], css=css))
    assert texts(m) == ["One", "Shown."]
    assert [r for t, r in hidden(m) if t == SECRET] == [HiddenReason.CSS_HIDDEN]


def test_unstyled_elements_inside_and_after_hidden_ones(tmp_path: Path) -> None:
    # An element that styles nothing shares its parent's style: hidden inside a hidden one,
    # shown again after it.
    m = epub.read(build_epub(tmp_path / "b.epub", [Doc("c.xhtml", (
        "<h1>One</h1><p>Before.</p>"
        f'<div style="display:none"><section><p><em>{SECRET}</em></p></section></div>'
        "<p>After <em>this</em>.</p>"
        f'<aside epub:type="footnote"><p>{SECRET} note</p></aside>'))]))
    assert texts(m) == ["One", "Before.", "After this.", f"{SECRET} note"]
    assert hidden(m) == [(SECRET, HiddenReason.CSS_HIDDEN)]
    assert [b.where for s in m.sections for b in s.blocks if SECRET in b.text] == ["a pop-up footnote"]


def _positions_reference(raw: bytes, root: etree._Element) -> dict[etree._Element, tuple[int | None, int | None]]:
    """The first implementation of `epub.markup._positions`: every line rescanned from its start."""
    out: dict[etree._Element, tuple[int | None, int | None]] = {}
    nodes = [n for n in root.iter() if isinstance(n.tag, str) or isinstance(n, etree._Comment)]
    line, last = 1, 0
    started = False
    i = 0
    for match in epub_markup._MARKUP.finditer(raw):
        if i >= len(nodes):
            break
        text, name = match.group(0), match.group(1)
        if name is None and not text.startswith(b"<!--"):
            continue
        if not started:
            if name is None:
                continue
            started = True
        node = nodes[i]
        if name is not None:
            local = name.rpartition(b":")[2].decode("ascii", "replace").lower()
            if not isinstance(node.tag, str) or css.local_name(node) != local:
                break
        elif isinstance(node.tag, str):
            break
        offset = match.start()
        line += raw.count(b"\n", last, offset)
        last = offset
        line_start = raw.rfind(b"\n", 0, offset) + 1
        column = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
        if node.sourceline is not None and line > node.sourceline:
            break
        out[node] = (line, column)
        i += 1
    return out


XHTML = b'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
POSITION_DOCS = {
    "lines": XHTML + b"\n<head><title>t</title></head>\n<body>\n<p>One</p>\n<p>Two <em>x</em></p>\n</body></html>",
    "one line": XHTML + b"<body>" + b"".join(b"<p>caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d <b>%d</b></p>" % i
                                              for i in range(50)) + b"</body></html>",
    "bad utf-8": XHTML + b"<body><p>a\xe2\x82</p><p>\xff\xfe x</p><p>\xc3</p>\n<p>y\xe2</p></body></html>",
    "comments and cdata": (b'<?xml version="1.0"?>\n<!-- before -->\n<!DOCTYPE html>\n' + XHTML
                           + b"<body><!-- c1 --><p>a<![CDATA[<p>not a tag</p>]]>b</p><?pi x?>"
                           b"<!-- c2 --><epub:switch><p>s</p></epub:switch></body></html>"),
    "attribute with a tag": XHTML + b'<body><p title="&lt;p&gt;">x</p>\n  <p class="a">y</p></body></html>',
    "multi-line tag": XHTML + b'<body><p\n class="a">x</p><p>\xc3\xa9<span\n>y</span></p></body></html>',
}


@pytest.mark.parametrize("name", list(POSITION_DOCS))
def test_positions_are_the_first_implementation_s(name: str) -> None:
    raw = POSITION_DOCS[name]
    parser = etree.XMLParser(recover=True, resolve_entities=False, load_dtd=False, no_network=True)
    root = etree.fromstring(raw, parser)
    assert root is not None
    got = epub_markup._positions(raw, root)
    assert got == _positions_reference(raw, root)
    assert len(got) > 2


#: How the bulk pairing finds an element's start: every element mapped at once (a document of
#: few elements), or each found as asked (`list.index` from the last found, the pieces between
#: added up), a run's too or a run mapping them all (`_FEW_ELEMENTS`, `_SPARSE_TAGS`, `_RUN_MAPPED`).
_PAIRINGS = ((epub_markup._FEW_ELEMENTS, epub_markup._SPARSE_TAGS, epub_markup._RUN_MAPPED),
             (0, 10**9, 0), (0, 10**9, 10**9))


@contextmanager
def _pairing(few: int, sparse: int, run: int) -> Iterator[None]:
    with mock.patch.object(epub_markup, "_FEW_ELEMENTS", few), mock.patch.object(epub_markup, "_SPARSE_TAGS", sparse), \
            mock.patch.object(epub_markup, "_RUN_MAPPED", run):
        yield


def _bulk_positions(raw: bytes, root: etree._Element, order: list[etree._Element]) -> dict[etree._Element, tuple[int | None, int | None]]:
    """Where each element of `order` starts, asked of a well-formed document's bulk pairing in
    that order; the same however the pairing finds the elements (`_PAIRINGS`)."""
    outs = []
    for pairing in _PAIRINGS:
        with _pairing(*pairing):
            positions = epub_markup.Positions(raw, root, well_formed=True)
            assert positions.bulk is not None
            out = {}
            for node in order:
                found = positions.get(node)
                assert found is not None
                out[node] = found
            outs.append(out)
    assert all(out == outs[0] for out in outs)
    return outs[0]


def _assert_bulk_in_any_order(raw: bytes, root: etree._Element, elements: list[etree._Element],
                              seed: int) -> dict[etree._Element, tuple[int | None, int | None]]:
    """The bulk pairing's places of `elements`, asked in document order, backwards and at random,
    are the scan's each time; the scan's places."""
    want = _positions_reference(raw, root)
    assert _bulk_positions(raw, root, elements) == want
    assert _bulk_positions(raw, root, elements[::-1]) == want
    shuffled = elements[:]
    random.Random(seed).shuffle(shuffled)
    assert _bulk_positions(raw, root, shuffled) == want
    return want


@pytest.mark.parametrize("name", [name for name in POSITION_DOCS if name not in ("bad utf-8", "comments and cdata")])
def test_bulk_positions_are_the_scan_s(name: str) -> None:
    # A well-formed document with nothing but tags after its root's start tag is paired in bulk:
    # each place the same as the scan's, asked in document order, backwards or at random.
    raw = POSITION_DOCS[name]
    root = safety.parse_xml(raw, part=name)
    elements = list(root.iter(etree.Element))
    _assert_bulk_in_any_order(raw, root, elements, seed=7)


def test_bulk_positions_step_aside() -> None:
    # A comment, CDATA or processing instruction after the root's start, a tree that does not
    # follow its markup (recovered), and a document on more lines than lxml may count: the scan.
    for raw in (POSITION_DOCS["comments and cdata"],
                XHTML + b"<body><p>a<![CDATA[b]]></p></body></html>",
                XHTML + b"<body><p>a</p><?pi x?></body></html>",
                XHTML + b"<body><p>a</p></body></html><!-- after -->",
                XHTML + b"<body>" + b"<p>a</p>\n" * epub_markup._BULK_MAX_LINES + b"</body></html>"):
        root = safety.parse_xml(raw, part="x")
        assert epub_markup.Positions(raw, root, well_formed=True).bulk is None
        assert epub_markup._Bulk.of(raw, root) is None
    raw = XHTML + b"<body><p>a</p><p>b</p></body></html>"
    for pairing in _PAIRINGS:
        with _pairing(*pairing):
            root = safety.parse_xml(raw, part="x")
            root[0].remove(root[0][0])  # a tree with an element fewer than its markup
            assert epub_markup._Bulk.of(raw, root) is None
            for more in (1, 2):  # a tree with an element, or two, more than its markup
                root = safety.parse_xml(raw, part="x")
                for _ in range(more):
                    etree.SubElement(root[0], "p")
                assert epub_markup._Bulk.of(raw, root) is None


def test_bulk_positions_of_a_long_verse_chapter() -> None:
    # More elements than `_FEW_ELEMENTS`, a tag every 40 bytes: each found as asked, in document
    # order, backwards, at random, a run at once; an element of another tree has no place.
    stanzas = "".join("\t<p>\n" + "".join(f"\t\t<span>l\u00e9{i} {j}</span>\n\t\t<br/>\n" for j in range(4))
                      + "\t</p>\n" for i in range(40))
    raw = (XHTML.decode() + f"<body>\n<section>\n{stanzas}</section>\n</body></html>").encode()
    root = safety.parse_xml(raw, part="verse")
    elements = list(root.iter(etree.Element))
    assert len(elements) > epub_markup._FEW_ELEMENTS and len(elements) * epub_markup._SPARSE_TAGS > len(raw)
    want = _assert_bulk_in_any_order(raw, root, elements, seed=3)
    paragraphs = list(root[-1][0])
    for pairing in _PAIRINGS:
        with _pairing(*pairing):
            bulk = epub_markup._Bulk.of(raw, root)
            assert bulk is not None
            assert bulk.get(paragraphs[0]) == want[paragraphs[0]]
            places = bulk.places_of(paragraphs[3:9])
            assert places is not None and list(zip(*places, strict=True)) == [want[p] for p in paragraphs[3:9]]
            assert bulk.get(paragraphs[20][1]) == want[paragraphs[20][1]]
            assert bulk.get(etree.Element("p")) is None
            assert [bulk.get(node) for node in elements] == [want[node] for node in elements]


_NAMES = st.sampled_from(["p", "span", "em", "div", "epub:switch", "b"])
_TEXT = st.lists(st.sampled_from(["a", " ", "\n", "\t", "\u00e9", "\u201c", "\u2014", "&amp;", "&#160;", ">"]),
                 max_size=6).map("".join)


@st.composite
def _documents(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
        name = draw(_NAMES)
        space = draw(st.sampled_from([" ", "\n ", "\n\n\t"]))
        attrs = draw(st.sampled_from(["", f'{space}class="a"', f'{space}title="x &gt; y\u00e9"']))
        if draw(st.booleans()):
            parts.append(f"<{name}{attrs}{draw(st.sampled_from(['/', space + '/']))}>")
        else:
            parts.append(f"<{name}{attrs}>{draw(_TEXT)}{draw(_documents(depth + 1))}</{name}{draw(st.sampled_from(['', space]))}>")
        parts.append(draw(_TEXT))
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(prolog=st.sampled_from(["", '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n<!-- x -->\n',
                               "<!-- a << b <-->\n", "<!-- </a> </ -->\n<?pi </b>?>\n"]),
       body=_documents())
def test_bulk_positions_of_generated_documents(prolog: str, body: str) -> None:
    raw = (prolog + '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
           f"<body>{body}</body></html>").encode("utf-8")
    root = safety.parse_xml(raw, part="generated")
    elements = list(root.iter(etree.Element))
    want = _positions_reference(raw, root)
    assert len(want) == len(elements)
    assert _bulk_positions(raw, root, elements) == want
    assert _bulk_positions(raw, root, elements[::-1]) == want
    # Paired from the split the parse made (`Container.parse_document`): the same places.
    alone, split = epub_markup._Bulk.of(raw, root), epub_markup._Bulk.of(raw, root, epub_markup.split_tags(raw))
    assert alone is not None and split is not None
    assert [split.offset(node) for node in elements] == [alone.offset(node) for node in elements]
    assert split._map() == alone._map()


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(["<", "<", "!", "<!", "a", "?", "\u00e9", "<!--", "-->", "/", ">", "</", "</a>"]),
                max_size=12).map("".join))
def test_split_tags_tells_whether_a_part_holds_declarations(text: str) -> None:
    """`split_tags` is the split at each "<" but an end tag's, and the byte after each: "<!" is
    held where the parser's check finds it, and the bytes are None where a "<" has no byte
    after it. Joined again, with a "<" between the pieces, it is `raw` with each "</" made " /"."""
    raw = text.encode("utf-8")
    pieces, after = epub_markup.split_tags(raw)
    made = raw.replace(b"</", b" /")  # (the same length: the offsets are `raw`'s)
    assert b"<".join(pieces) == made and len(made) == len(raw)
    starts = [at for at in range(len(made)) if made[at] == ord("<")]
    assert all(raw[at + 1:at + 2] != b"/" for at in starts)
    if any(made[at + 1:at + 2] in (b"", b"<") for at in starts):
        assert after is None
    else:
        assert after == bytes(made[at + 1] for at in starts)
        assert (b"!" in after) == (b"<!" in raw)


def test_parse_xml_told_what_a_part_holds() -> None:
    """A part that declares entities is refused whatever its caller says it holds; one that does
    not reads the same told or not (the EPUB reader tells it from its split:
    `Container.parse_document`)."""
    hostile = b'<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>'
    for declares in (None, True):
        with pytest.raises(safety.UnsafeXMLError):
            safety.parse_xml(hostile, part="hostile", declares=declares)
    good = b'<?xml version="1.0"?>\n<r xmlns="urn:x"><a>t\xc3\xa9</a><!-- c --><b/></r>'
    want = etree.tostring(safety.parse_xml(good, part="good"))
    for declares in (False, True):
        assert etree.tostring(safety.parse_xml(good, part="good", declares=declares)) == want


_LINE_BREAKS = st.sampled_from(["", " ", "\n", "\n\t\t", "\r\n", "\n\u3000", "\n\n", "\n\u00e9 "])


@settings(max_examples=150, deadline=None)
@given(head=_LINE_BREAKS, paragraphs=st.lists(st.tuples(_LINE_BREAKS, _TEXT, st.booleans()), min_size=1, max_size=8),
       asked=st.lists(st.integers(0, 7), max_size=3), split=st.integers(0, 8))
def test_places_of_a_run_are_those_asked_one_by_one(head: str, paragraphs: list[tuple[str, str, bool]],
                                                    asked: list[int], split: int) -> None:
    """`_Bulk.places_of` gives a run of sibling paragraphs the places `get` gives each, or says it
    cannot (two on one line, a place asked already past the run's first); `get` answers the
    same after it. Paragraphs on lines of their own, or not; lines indented with letters beyond
    ASCII; places asked before the run."""
    body = head + "".join(f"{brk}<p>{text}{'<i>x</i>' if inline else ''}</p>" for brk, text, inline in paragraphs)
    raw = ('<html xmlns="http://www.w3.org/1999/xhtml">\n<body>' + body + "\n</body></html>").encode("utf-8")
    root = safety.parse_xml(raw, part="generated")
    want = _positions_reference(raw, root)
    run = list(root[0])
    for pairing in _PAIRINGS:
        with _pairing(*pairing):
            bulk = epub_markup._Bulk.of(raw, root)
            assert bulk is not None
            for i in asked:  # places asked before, as a section's or a heading's are
                assert bulk.get(run[min(i, len(run) - 1)]) == want[run[min(i, len(run) - 1)]]
            for part in (run[:split], run[split:]):
                if not part:
                    continue
                places = bulk.places_of(part)
                if places is not None:
                    assert list(zip(*places, strict=True)) == [want[node] for node in part]
                else:
                    assert [bulk.get(node) for node in part] == [want[node] for node in part]
            assert [bulk.get(node) for node in run] == [want[node] for node in run]


@pytest.mark.parametrize("href", [
    "http://example.com/a", "mailto:x@y", "c.xhtml", "../c.xhtml", "a:b", ":x", "1abc:x", "a+b.c-d:x",
    "a b:x", "\u00e9t\u00e9:x", "x", "", "ab/c:d", "a\n:b",
])
def test_has_scheme_is_the_pattern(href: str) -> None:
    assert epub_container._has_scheme(href) == bool(re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", href))


def test_zip_method_numbers_are_zipfile_constants() -> None:
    # safety names the methods by number so that reading Markdown never imports zipfile.
    import zipfile

    assert safety._METHODS == {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
