"""The EPUB walk's small shortcuts (issue 21, `epub-read7`), each held to what it stands for:

- `walk.marks_headings` looks for a heading among the first children down from an element
  before it asks the whole tree: the same answer as the tree's search, for every element;
- whitespace that would open the walk's buffer (an element's text, a tail after a block) is not
  kept (`Walker.visit`, `Walker.children`): the book is the full reading's, whatever stands
  around it (headings of spans, sections, boxes that count the buffer's pieces, overrides,
  hidden text, comments, notes).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from epub_builders import Doc, build_epub
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree
from test_fast_path_packages import POEM_CSS, assert_same_reading

from disclosure_lint.readers.epub import walk
from disclosure_lint.readers.epub.markup import XHTML_NS

_X = f"{{{XHTML_NS}}}"
_NAMES = ["section", "div", "p", "span", "body", "h1", "h3", "h6", f"{_X}h2", f"{_X}section", f"{_X}p", f"{_X}h6",
          "header", "hgroup"]


def _tree(steps: list[tuple[int, str]]) -> etree._Element:
    """A tree made of `steps`: each climbs that many levels (never above the root), then opens a
    child of that name there, which the next step starts from."""
    root = etree.Element(f"{{{XHTML_NS}}}html")
    stack = [root]
    for up, name in steps:
        del stack[max(1, len(stack) - up):]
        child = etree.SubElement(stack[-1], name)
        stack.append(child)
    return root


@settings(max_examples=300, deadline=None)
@given(steps=st.lists(st.tuples(st.integers(0, 4), st.sampled_from(_NAMES)), max_size=24))
@example(steps=[(0, "body"), (0, "section"), (0, "div"), (0, "p"), (0, "h1")])  # a heading past the near ones
@example(steps=[(0, "body"), (0, "section"), (1, "h3")])  # a heading not first
def test_marks_headings_is_the_trees_search(steps: list[tuple[int, str]]) -> None:
    root = _tree(steps)
    etree.SubElement(root, "p").append(etree.Comment("a comment: no tag name"))
    expected = next(root.iter(*walk._HEADING_NAMES), None) is not None
    for el in root.iter():
        assert walk.marks_headings(root, el) is expected


_PIECES = [
    "<h3>\n\t<span epub:type=\"se:label\">Book</span>\n\t<span epub:type=\"z3998:roman\">{n}</span>\n</h3>",
    "<section id=\"s{n}\" epub:type=\"chapter\">\n\t<h4>{n}</h4>\n\t<p>{n} Text.</p>\n</section>",
    "<div>\n\t<span class=\"x\"> {n} lead</span>\n</div>",
    "<div> <span style=\"display:inline-block\">{n}A</span> <span style=\"display:inline-block\">B</span> </div>",
    "<div>\n<span style=\"display:inline-block\">{n}</span>\n<span style=\"display:inline-block\">C</span>\n</div>",
    "<p> <bdo dir=\"rtl\"> {n} back</bdo> </p>",
    "<p class=\"rtl\">\n {n} over</p>",
    "<div>\n<p class=\"hide\"> x</p>\n <em> {n} after hidden</em></div>",
    "<div>\u3000<span class=\"x\">{n}</span>\u3000tail</div>",
    "<aside epub:type=\"footnote\">\n <p>{n} note</p></aside>",
    "<p>\n<!-- c -->\n {n} after comment</p>",
    "<blockquote>\n\t<p>{n} quoted</p>\n\t\n</blockquote>",
    "<div><span class=\"ghost\">\n</span>\n<b> {n} bold</b></div>",
    "<p>{n} plain.</p>",
    "\n\t\t",
    " {n} loose ",
]


@settings(max_examples=60, deadline=None)
@given(pieces=st.lists(st.tuples(st.sampled_from(["", "\n\t\t", " ", "\n\u3000"]), st.sampled_from(_PIECES)),
                       min_size=1, max_size=10))
@example(pieces=[("\n\t\t", _PIECES[0]), ("\n", _PIECES[3]), ("", _PIECES[4])])
def test_whitespace_opening_the_buffer_is_read_as_the_full_reading_reads_it(
        pieces: list[tuple[str, str]], tmp_path_factory: pytest.TempPathFactory) -> None:
    body = "".join(brk + piece.format(n=n) for n, (brk, piece) in enumerate(pieces)) + "\n"
    path = tmp_path_factory.mktemp("ws") / "book.epub"
    docs = [Doc("chapter-1.xhtml", f"<section epub:type=\"chapter\">\n<h2>Chapter 1</h2>\n{body}</section>",
                "bodymatter"),
            Doc("chapter-2.xhtml", f"\n\t<div>\n\t\t{body}\n\t</div>\n", "bodymatter")]
    build_epub(path, docs, title="Harbor Lights", authors=("Jordan Vale",), css=POEM_CSS + ".x { color: red }",
               language="en")
    assert_same_reading(path)


def test_whitespace_before_an_inline_block_box_still_parts_it(tmp_path: Path) -> None:
    """Two inline-block boxes with whitespace between them are apart (`box_starts` counts the
    buffer's pieces): the whitespace is kept where boxes are."""
    path = tmp_path / "book.epub"
    body = ("<p><span style=\"display:inline-block\">drop</span>\n"
            "<span style=\"display:inline-block\">cap</span></p>")
    build_epub(path, [Doc("chapter-1.xhtml", f"<h2>One</h2>{body}", "bodymatter")], title="T", authors=("A",),
               css=POEM_CSS, language="en")
    report = assert_same_reading(path)
    assert report  # the same book and report as the full reading's
