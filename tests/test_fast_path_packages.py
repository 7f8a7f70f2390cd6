"""The EPUB and DOCX readers' fast path gives the book the full reading gives (issue 21).

`read_manuscript(..., full_reading=True)` looks at every element on its own; the default reads a
paragraph whose elements all inherit its style in one go, and passes over where they start. The
books here hold what the shortcut must not lose: hidden text of every kind inside story
paragraphs, comments, overrides, look-alike letters, a disclosure and chatbot residue in a
chapter, poems laid out with CSS, notes, fixed-layout pages, French and German books. For each,
the two readings give the same manuscript and the same JSON report (findings and locations); and
the shortcut is seen to be taken where it can be, and to step aside where it must.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from books import CHAPTER, STOCK
from docx_builders import build_raw_docx, para, run, style
from epub_builders import Doc, build_epub
from hypothesis import example, given, settings
from hypothesis import strategies as st
from picture_books import build_picture_book, picture_book_pages

from disclosure_lint import api
from disclosure_lint.chars import characters
from disclosure_lint.config import resolve_config
from disclosure_lint.model import Block, HiddenReason, Location, Manuscript, Visibility
from disclosure_lint.readers import read_manuscript
from disclosure_lint.readers.css import local_name
from disclosure_lint.readers.epub import walk
from disclosure_lint.reporters.json_report import to_dict

RESIDUE = "As an AI language model, I cannot continue this story."
#: "GPT-4" with a Cyrillic "Р": the analysis folds it back, so the reader must keep it as written.
LOOKALIKE = "This book was drafted with G\u0420T-4 and edited by the author."
IN_STORY = "This novel was drafted with ChatGPT and revised by the author."
POEM_CSS = """
[epub|type~="z3998:poem"] p > span { display: block; }
[epub|type~="z3998:poem"] p > span + br { display: none; }
.hide { display: none; }
.ghost { visibility: hidden; }
.white { color: #fff; }
.tiny { font-size: 1px; }
.away { position: absolute; left: -9999px; }
.indent { text-indent: -9999px; }
.clip { clip-path: inset(50%); }
.faint { opacity: 0; }
.rtl { unicode-bidi: bidi-override; direction: rtl; }
"""


def _report(path: Path, *, full: bool) -> tuple[Manuscript, dict[str, Any]]:
    config = resolve_config(path, None)
    manuscript = read_manuscript(path, limits=config.limits, config=config, full_reading=full)
    report = api.Report(files=(api.check_manuscript(manuscript, config),), rules=tuple(api.active_rules(config)))
    return manuscript, json.loads(json.dumps(to_dict(report)))


def assert_same_reading(path: Path) -> dict[str, Any]:
    """The fast path and the full reading give the same book and the same JSON report."""
    fast, fast_json = _report(path, full=False)
    full, full_json = _report(path, full=True)
    assert fast == full
    assert fast_json == full_json
    # The characters the reader found from the documents' bytes hold those of the text read.
    if fast.chars is not None:
        assert characters(" ".join(b.text for s in fast.sections for b in s.blocks)) <= fast.chars
    return fast_json


def _findings(report: dict[str, Any]) -> list[tuple[str, int | None, int | None]]:
    return [(f["rule"], f["location"]["line"], f["location"]["column"]) for f in report["files"][0]["findings"]]


def _chapter(body: str, name: str = "chapter-1.xhtml") -> Doc:
    return Doc(name, f"<section epub:type=\"chapter\"><h2>Chapter 1</h2>{body}</section>", "bodymatter")


def _epub(tmp_path: Path, body: str, *, css: str = POEM_CSS, language: str = "en",
          foreword: str = "<p>A ferry story.</p>") -> Path:
    docs = [Doc("foreword.xhtml", f"<h1>Foreword</h1>{foreword}", "frontmatter foreword"), _chapter(body),
            Doc("chapter-2.xhtml", f"<section epub:type=\"chapter\"><h2>Chapter 2</h2><p>{CHAPTER}</p></section>",
                "bodymatter")]
    return build_epub(tmp_path / "book.epub", docs, title="Harbor Lights", authors=("Jordan Vale",),
                      css=css, language=language)


#: Story paragraphs with something the full reading treats apart, each inside running text.
HIDDEN_IN_STORY: dict[str, str] = {
    "class-display-none": f'<p>The ferry <i>waited</i>. <span class="hide">{IN_STORY}</span> Night fell.</p>',
    "visibility": f'<p>The ferry <i>waited</i>. <span class="ghost">{IN_STORY}</span></p>',
    "white-text": f'<p>The ferry <b>waited</b>. <span class="white">{STOCK}</span></p>',
    "tiny-type": f'<p>The ferry <em>waited</em>. <span class="tiny">{STOCK}</span></p>',
    "off-page": f'<p>The ferry <em>waited</em>. <span class="away">{STOCK}</span></p>',
    "text-indent": f'<p>The ferry <em>waited</em>.</p><p class="indent">{STOCK} <i>so</i></p>',
    "clipped": f'<p>The ferry <em>waited</em>. <span class="clip">{STOCK}</span></p>',
    "transparent": f'<p>The ferry <em>waited</em>. <span class="faint">{STOCK}</span></p>',
    "hidden-attribute": f'<p>The ferry <em>waited</em>. <span hidden="hidden">{STOCK}</span></p>',
    "inline-style": f'<p>The ferry <em>waited</em>. <span style="display:none">{STOCK}</span></p>',
    "font-colour": f'<p>The ferry <em>waited</em>. <font color="#ffffff">{STOCK}</font></p>',
    "comment": f"<p>The ferry <em>waited</em>. <!-- {STOCK} --> Night fell.</p>",
    "nested": f'<p>The <em>ferry <b>waited <span class="hide">{STOCK}</span></b></em> long.</p>',
    "bdo": '<p>The ferry <em>waited</em>. <bdo dir="rtl">ledom IA na htiw nettirw</bdo></p>',
    "css-override": '<p>The ferry <em>waited</em>. <span class="rtl">ledom IA na htiw nettirw</span></p>',
    "bidi-controls": "<p>The ferry <em>waited</em>. \u202eledom IA na htiw nettirw\u202c</p>",
    "lookalike": f"<p>The ferry <em>waited</em>. {LOOKALIKE}</p>",
    "disclosure-in-story": f"<p>{CHAPTER}</p><p>A <em>note</em>: {IN_STORY}</p>",
    "residue": f"<p>{CHAPTER}</p><p><em>{RESIDUE}</em> Regenerate response</p>",
    "picture": '<p>The ferry <em>waited</em>. <img src="x.png" alt="Drafted with GPT-4."/></p>',
    "footnote": f'<p>The ferry <a epub:type="noteref" href="#n1">1</a> waited.</p>'
                f'<aside epub:type="footnote" id="n1"><p>{STOCK} <i>n</i></p></aside>',
    "poem": '<div epub:type="z3998:poem"><p><span>The ferry waited long,</span><br/>'
            '<span>the lanterns <i>sang</i> their song,</span><br/>'
            f'<span class="hide">{STOCK}</span></p></div>',
    "cdata": "<p>The ferry <em>waited</em><![CDATA[ </p> ]]> long.</p><p>Then <i>night</i>.</p>",
    "prefixed-end-tag": "<p>The ferry <em>waited</em>.</p><pre>code <i>x</i></pre><p>A <b>b</b>.</p>",
    "text-in-a-line-break": f"<p>The ferry <br>waited</br> long.</p><p>{STOCK} <br class=\"hide\">so</br> <i>n</i></p>",
    "one-line": "<p>A <i>b</i> c.</p><p>D <i>e</i> f.</p><p class=\"hide\">G <i>h</i>.</p><p>I <b>j</b>.</p>",
    "style-that-hides-nothing": f'<p>The <span style="text-align:center">ferry <i>waited</i> <span class="hide">'
                                f'{STOCK}</span></span>. <b style="font-weight:900">Night</b> fell.</p>',
    "style-that-places": f'<p>The ferry <span style="position:absolute">waited <i>{STOCK}</i></span>.</p>',
    "inline-inside-a-walked-paragraph": f'<p>The <span>ferry <i>waited</i> <b>long</b> and <i>longer</i></span> '
                                        f'<span class="ghost">{IN_STORY}</span> <em>then <i>went</i></em>.</p>',
    "mathml": '<p>Let <span class="m"><math xmlns="http://www.w3.org/1998/Math/MathML"><mtable style="text-align:axis">'
              '<mtr><mtd><mi>A</mi><mo>=</mo><mn>2</mn></mtd></mtr></mtable></math></span> be <span class="hide">'
              f'{STOCK}</span> so.</p><p>And <math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math>.</p>',
}


@pytest.mark.parametrize("case", sorted(HIDDEN_IN_STORY))
def test_epub_story_paragraphs_read_the_same_both_ways(tmp_path: Path, case: str) -> None:
    assert_same_reading(_epub(tmp_path, HIDDEN_IN_STORY[case]))


@pytest.mark.parametrize("language, text", [
    ("fr", "Ce roman a été écrit avec ChatGPT et relu par l’auteur."),
    ("de", "Dieser Roman wurde mit ChatGPT geschrieben und von der Autorin überarbeitet."),
])
def test_epub_french_and_german_books_read_the_same_both_ways(tmp_path: Path, language: str, text: str) -> None:
    body = f'<p>Le <em>bac</em> attendait. <span class="hide">{text}</span></p><p>{text} <i>fin</i></p>'
    assert_same_reading(_epub(tmp_path, body, language=language, foreword=f"<p>{text}</p>"))


@pytest.mark.parametrize("body", [
    "<p>A <i>b <b>c</i> d</b> e.</p><p>F <i>g</i>.</p><p class=\"hide\">" + IN_STORY + "</p>",
    "<p>A <i>b</p><p>C <em>d</em> e.</p>\n<p>F <i>g</i>.</p><p class=\"hide\">" + IN_STORY + "</p>",
    "<p>A <i>b</i> c &amp d.</p><p>E <i x=\"1\" x=\"2\">f</i>.</p><p class=\"hide\">" + IN_STORY + "</p>",
])
def test_epub_damaged_documents_read_the_same_both_ways(tmp_path: Path, body: str) -> None:
    """A document lxml recovers: where the markup and the parsed tree part, both readings part
    there alike (positions after it are lxml's line and column 1 in both)."""
    assert_same_reading(_epub(tmp_path, body))


def test_epub_fixed_layout_and_picture_books_read_the_same_both_ways(tmp_path: Path) -> None:
    for fixed in (True, False):
        book = build_picture_book(tmp_path / f"book-{fixed}.epub", picture_book_pages(), fixed=fixed)
        assert_same_reading(book)


def test_a_paragraph_with_a_hidden_element_is_read_closely(tmp_path: Path) -> None:
    """What the shortcut must not lose is found, with its place: the hidden disclosure in a story
    paragraph is reported where it is, and is not read as visible text."""
    book = _epub(tmp_path, HIDDEN_IN_STORY["class-display-none"])
    manuscript, report = _report(book, full=False)
    assert [(h.text, h.reason) for h in manuscript.hidden] == [(IN_STORY, HiddenReason.CSS_HIDDEN)]
    assert all(IN_STORY not in b.text for s in manuscript.sections for b in s.blocks)
    hidden = [f for f in report["files"][0]["findings"] if f["rule"] == "disclosure-hidden"]
    assert [(f["location"]["line"], f["location"]["column"]) for f in hidden] == [(9, 76)]


def test_a_comment_inside_a_story_paragraph_is_kept_apart(tmp_path: Path) -> None:
    manuscript, _ = _report(_epub(tmp_path, HIDDEN_IN_STORY["comment"]), full=False)
    assert [(h.text, h.reason) for h in manuscript.hidden] == [(STOCK, HiddenReason.COMMENT)]


@pytest.fixture
def plain_paragraphs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """Each answer of `Walker.plain` for a ``<p>``: True where it was read in one go."""
    answers: list[bool] = []
    real = walk.Walker.plain

    def spy(self: walk.Walker, el: Any) -> list[str] | None:
        answer = real(self, el)
        if local_name(el) == "p":
            answers.append(answer is not None)
        return answer

    monkeypatch.setattr(walk.Walker, "plain", spy)
    yield answers


def test_the_shortcut_is_taken_for_plain_paragraphs_and_poems(tmp_path: Path, plain_paragraphs: list[bool]) -> None:
    body = ('<p>The ferry <em>waited</em> at the <i>quay</i>.</p>'
            '<div epub:type="z3998:poem"><p><span>The ferry waited long,</span><br/>'
            '<span>the lanterns sang their song.</span></p></div>')
    read_manuscript(_epub(tmp_path, body))
    assert plain_paragraphs == [True, True]
    plain_paragraphs.clear()
    read_manuscript(_epub(tmp_path, body), full_reading=True)
    assert plain_paragraphs == []


@pytest.mark.parametrize("case", ["class-display-none", "comment", "bdo", "css-override", "picture",
                                  "inline-style", "font-colour", "hidden-attribute", "nested"])
def test_the_shortcut_steps_aside_for_what_it_cannot_vouch_for(tmp_path: Path, plain_paragraphs: list[bool],
                                                               case: str) -> None:
    read_manuscript(_epub(tmp_path, HIDDEN_IN_STORY[case]))
    assert plain_paragraphs and not plain_paragraphs[0]


def test_inline_elements_are_read_in_one_go_inside_a_walked_paragraph(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # A paragraph holding hidden text is walked element by element; the inline elements in it
    # that style nothing (here a span of emphasis, a formula with a style that hides nothing)
    # are each read in one go. An element with a style that may hide or place is not.
    answers: list[tuple[str, bool]] = []
    real = walk.Walker.plain

    def spy(self: walk.Walker, el: Any) -> list[str] | None:
        answer = real(self, el)
        answers.append((local_name(el), answer is not None))
        return answer

    monkeypatch.setattr(walk.Walker, "plain", spy)
    read_manuscript(_epub(tmp_path, HIDDEN_IN_STORY["inline-inside-a-walked-paragraph"]))
    assert ("p", False) in answers
    assert [name for name, answer in answers if answer and name != "p"] == ["span", "em"]
    answers.clear()
    read_manuscript(_epub(tmp_path, HIDDEN_IN_STORY["mathml"]))
    assert ("p", False) in answers and ("span", True) in answers
    assert [answer for name, answer in answers if name == "p"] == [False, True]
    answers.clear()
    read_manuscript(_epub(tmp_path, HIDDEN_IN_STORY["style-that-places"]))
    assert ("p", False) in answers and ("span", True) not in answers


def test_locations_after_a_passed_over_paragraph(tmp_path: Path) -> None:
    """Where a paragraph's elements start is passed over; the next ones are still placed right."""
    body = ("<p>A <i>b</i> <b>c</b> <i>d</i> <em>e</em>.</p>\n<p>D <i>e</i>.</p> <p class=\"hide\">"
            + IN_STORY + "</p>")
    manuscript, _ = _report(_epub(tmp_path, body), full=False)
    [hidden] = manuscript.hidden
    assert (hidden.location.line, hidden.location.column) == (10, 20)
    blocks = [b for s in manuscript.sections for b in s.blocks if b.text in ("A b c d e.", "D e.")]
    assert [(b.location.line, b.location.column) for b in blocks] == [(9, 48), (10, 1)]


#: Paragraphs that hold no element (`Walker.leaf` reads those that inherit their style), beside
#: what must still be read the long way: whole paragraphs hidden every way, in hidden or easy to
#: miss containers, empty or blank ones, block elements of other kinds.
LEAF_CASES: dict[str, str] = {
    "plain": f"<p>{CHAPTER}</p><p>{IN_STORY}</p><p>The end.</p>",
    "class-display-none": f'<p>The ferry waited.</p><p class="hide">{IN_STORY}</p><p>Night fell.</p>',
    "visibility": f'<p>The ferry waited.</p><p class="ghost">{STOCK}</p>',
    "white-text": f'<p>The ferry waited.</p><p class="white">{STOCK}</p>',
    "tiny-type": f'<p>The ferry waited.</p><p class="tiny">{STOCK}</p>',
    "off-page": f'<p>The ferry waited.</p><p class="away">{STOCK}</p>',
    "text-indent": f'<p>The ferry waited.</p><p class="indent">{STOCK}</p>',
    "hidden-attribute": f'<p>The ferry waited.</p><p hidden="hidden">{STOCK}</p>',
    "inline-style": f'<p>The ferry waited.</p><p style="display:none">{STOCK}</p>',
    "empty-style": f'<p>The ferry waited.</p><p style="">{IN_STORY}</p>',
    "in-hidden-div": f'<p>The ferry waited.</p><div class="hide"><p>{STOCK}</p><p>{IN_STORY}</p></div>',
    "in-white-div": f'<div class="white"><p>{STOCK}</p></div><p>Night fell.</p>',
    "in-footnote": f'<p>The ferry <a epub:type="noteref" href="#n1">1</a> waited.</p>'
                   f'<aside epub:type="footnote" id="n1"><p>{STOCK}</p></aside>',
    "override": '<p>The ferry waited.</p><p class="rtl">ledom IA na htiw nettirw</p>',
    "blank-and-empty": f"<p>  </p><p/><p>\n</p><p>{IN_STORY}</p><p></p>",
    "other-blocks": f"<blockquote>{STOCK}</blockquote><ul><li>{IN_STORY}</li><li/></ul><pre>  a  b  </pre>"
                    f"<dl><dt>Term</dt><dd>{RESIDUE}</dd></dl><hr/>",
    "text-after-block": f"<div>Loose text <p>{IN_STORY}</p> more loose text</div>",
    "heading-look": "<p>CHAPTER ONE</p><p>Short.</p><p>II</p><p>The ferry waited.</p>",
    "after-hidden-text": f'<div>Loose <span class="hide">{STOCK}</span><p>{IN_STORY}</p><p>Night fell.</p></div>',
    "spaces": "<p>The  ferry\n\twaited.</p><p>\u00a0Night\u2009fell.\u00a0</p><p> The end. </p>",
}


@pytest.mark.parametrize("case", sorted(LEAF_CASES))
def test_epub_paragraphs_without_elements_read_the_same_both_ways(tmp_path: Path, case: str) -> None:
    assert_same_reading(_epub(tmp_path, LEAF_CASES[case]))


def test_a_chapter_whose_lines_end_in_carriage_returns_reads_the_same_both_ways(tmp_path: Path) -> None:
    """A parser reads a line end written "\\r" as "\\n" (XML 1.0, 2.11): the fast path collapses
    it too, though the chapter's bytes hold no "\\n" (`xml_chars.document_chars`)."""
    book = _epub(tmp_path, "<p>The ferry\rwaited.</p><p>Night\r\tfell.</p><p>The <i>end</i>\r</p>")
    rewritten = tmp_path / "cr.epub"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(rewritten, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.endswith("chapter-1.xhtml"):
                data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
                assert b"\r" in data and b"\n" not in data
            target.writestr(info, data)
    assert_same_reading(rewritten)
    manuscript, _ = _report(rewritten, full=False)
    assert {"The ferry waited.", "Night fell.", "The end"} <= {b.text for s in manuscript.sections for b in s.blocks}


def test_epub_headings_made_with_css_read_the_same_both_ways(tmp_path: Path) -> None:
    """A document that marks no heading: a short bold centred paragraph is one (`styled_heading`),
    read alike whether it holds an element or not."""
    css = ".block_3 { font-weight: bold; text-align: center; } .hide { display: none; }"
    body = ('<p class="block_3">CHAPTER ONE</p><p>The ferry waited.</p><p class="block_3">Chapter <i>Two</i></p>'
            f'<p>Night fell.</p><p class="hide">{IN_STORY}</p>')
    book = build_epub(tmp_path / "book.epub", [Doc("chapter-1.xhtml", body, "bodymatter chapter")],
                      title="Harbor Lights", authors=("Jordan Vale",), css=css)
    report = assert_same_reading(book)
    manuscript, _ = _report(book, full=False)
    assert [s.heading for s in manuscript.sections] == ["CHAPTER ONE", "Chapter Two"]
    assert "disclosure-hidden" in [rule for rule, _, _ in _findings(report)]


@pytest.fixture
def paragraphs_visited(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The text of each paragraph `Walker.visit` read (the others were read as leaves, by
    `Walker.leaf` or `Walker.children`)."""
    read: list[str] = []
    real = walk.Walker.visit

    def spy(self: walk.Walker, el: Any, parent: Any, apart: bool = False) -> None:
        if local_name(el) == "p":
            read.append(el.text or "")
        real(self, el, parent, apart)

    monkeypatch.setattr(walk.Walker, "visit", spy)
    yield read


def test_paragraphs_without_elements_take_the_leaf_path_unless_hidden(tmp_path: Path,
                                                                      paragraphs_visited: list[str]) -> None:
    manuscript = read_manuscript(_epub(tmp_path, LEAF_CASES["class-display-none"] + LEAF_CASES["in-hidden-div"]))
    assert IN_STORY in paragraphs_visited and STOCK in paragraphs_visited
    assert "The ferry waited." not in paragraphs_visited and "Night fell." not in paragraphs_visited
    assert sorted(h.text for h in manuscript.hidden) == sorted([IN_STORY, f"{STOCK} {IN_STORY}"])
    paragraphs_visited.clear()
    read_manuscript(_epub(tmp_path, LEAF_CASES["plain"]), full_reading=True)
    assert {CHAPTER, IN_STORY, "The end."} <= set(paragraphs_visited)  # the full reading visits each


#: Style sheets under which a run of story paragraphs is read without `Walker.visit` only where
#: every paragraph of a kind would get its parent's style: rules that look at a paragraph's
#: place among its siblings (a pseudo-class, a sibling combinator), rules of its type that match
#: it through its ancestors, universal ones, and rules that only lay out (a verse line as a
#: block with a hanging indent).
SIBLING_SHEETS: dict[str, str] = {
    "adjacent": "p + p { color: #fff; }",
    "general-sibling": "h2 ~ p { visibility: hidden; }",
    "first-child": "p:first-child { font-size: 1px; }",
    "nth-of-type": "p:nth-of-type(3) { display: none; }",
    "after-a-rule": "hr + p { opacity: 0; }",
    "ancestor": "blockquote p { display: none; } div > p { color: #fff; }",
    "universal": "section > * { display: block; } .hide { display: none; }",
    "universal-hides": "section > * { visibility: hidden; } p { visibility: visible; }",
    "hanging-indent": "p > span { display: block; padding-left: 1em; text-indent: -1em; } span + br { display: none; }",
    "indent-off-page": "p { text-indent: 1em; } p + p { text-indent: -9999px; }",
    "poem": POEM_CSS,
    # A verse line's style by its place among the lines (a line with no attribute is no
    # different from the next for `Walker._plain`, unless a rule looks at its place).
    "line-after-break": "p > span { display: block; } br + span { display: none; }",
    "first-line": "p > span { display: block; } p > span:first-child { visibility: hidden; }",
    "second-line": "span:nth-of-type(2) { font-size: 0; }",
    "later-lines": "p > span { display: block; } span ~ span { opacity: 0; }",
}

#: Pieces of a chapter: paragraphs of every shape the shortcut reads or steps aside for.
_STORY_PIECES = [
    "<p>{n} The ferry waited.</p>",
    "<p>{n} The ferry <i>waited</i> at the <b>quay</b>.</p>",
    "<p>{n} <span>The ferry waited long,</span><br/><span>the lanterns sang.</span></p>",
    "<p class=\"hide\">{n} " + IN_STORY + "</p>",
    "<p>{n} The ferry <span class=\"hide\">" + IN_STORY + "</span> waited.</p>",
    "<p>{n} A <!-- aside --> comment.</p>",
    "<p/>",
    "<p>  </p>",
    "<hr/>",
    "<blockquote><p>{n} A quoted line.</p><p>{n} Another.</p></blockquote>",
    "<div><p>{n} In a div.</p></div>",
    "<div epub:type=\"z3998:poem\"><p><span>{n} The ferry waited,</span><br/><span>long.</span></p></div>",
    "<p style=\"display:none\">{n} " + STOCK + "</p>",
    "<p>{n} Then <span style=\"position:absolute\">a box</span> came.</p>",
    "<p id=\"p{n}\">{n} With an id.</p>",
    "<ul><li>{n} An item.</li><li>{n} <i>Another</i>.</li></ul>",
    "\n{n} loose text\n",
    "<p>{n} A <br>broken</br> line <br/>and <br class=\"x\"/>more.</p>",
    "<p>\n\t\t<span>{n} The ferry waited,</span>\n\t\t<br/>\n\t\t<span>long.</span>\n\t</p>",
    "<p>\n<span>{n} Indented </span> <br/> <i> lines</i>\u00a0<br/><br/>\t<b>end</b> \n</p>",
    "<p>{n}<i>joined</i><br/><b>words</b><br/></p>",
    "<p>{n} <span>one,</span> <span>two,</span><span>three,</span><br/><span>four.</span></p>",
    "<p>{n} <i>one</i>\n\t<b>two</b>\u2009<i>three</i></p>",
]


@settings(max_examples=60, deadline=None)
@given(sheet=st.sampled_from(sorted(SIBLING_SHEETS)),
       pieces=st.lists(st.sampled_from(_STORY_PIECES), min_size=1, max_size=12))
@example(sheet="poem", pieces=_STORY_PIECES[-4:])  # whitespace between lines and words, one space each
def test_runs_of_story_paragraphs_read_as_the_full_reading_reads_them(sheet: str, pieces: list[str],
                                                                      tmp_path_factory: pytest.TempPathFactory) -> None:
    """`Walker.children` reads a paragraph without `visit` when its kind keeps its parent's style
    (`Walker._keeps`); whatever the sheet and the paragraphs around it, the book is the full
    reading's: the same blocks, places, hidden texts and findings."""
    body = "".join(piece.format(n=n) for n, piece in enumerate(pieces))
    book = _epub(tmp_path_factory.mktemp("story"), body, css=SIBLING_SHEETS[sheet])
    assert_same_reading(book)


@settings(max_examples=60, deadline=None)
@given(sheet=st.sampled_from(sorted(SIBLING_SHEETS)),
       pieces=st.lists(st.tuples(st.sampled_from(["\n\t\t", "\n", "\r\n\t", "\n\u3000", " ", "\n\n"]),
                                 st.sampled_from(_STORY_PIECES)), min_size=1, max_size=12))
@example(sheet="poem", pieces=[("\n\t\t", "<p>{n} The ferry waited.</p>")] * 3 + [("\n", "<p>  </p>"),
                                                                                ("\n\u3000", "<p/>")])
def test_runs_of_story_paragraphs_on_lines_of_their_own_read_as_the_full_reading_reads_them(
        sheet: str, pieces: list[tuple[str, str]], tmp_path_factory: pytest.TempPathFactory) -> None:
    """A run of story paragraphs, each on a line of its own as a novel's chapters have them, is
    collapsed and placed at once (`Walker.place_run`: the bulk pairing's `places_of`); the book is
    the full reading's, whatever breaks the run (hidden text, a comment, loose text, a quotation)
    and whatever indents the lines."""
    body = "".join(brk + piece.format(n=n) for n, (brk, piece) in enumerate(pieces)) + "\n"
    book = _epub(tmp_path_factory.mktemp("lines"), body, css=SIBLING_SHEETS[sheet])
    assert_same_reading(book)


def test_a_run_of_story_paragraphs_is_placed_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a chapter that marks its headings, the story paragraphs between two things read apart
    are placed together, a run each, their places those of the full reading."""
    runs: list[list[str]] = []
    real = walk.Walker.place_run

    def spy(self: walk.Walker, nodes: list[Any], texts: list[str], where: str | None) -> None:
        runs.append([" ".join(text.split()) for text in texts])
        real(self, nodes, texts, where)

    monkeypatch.setattr(walk.Walker, "place_run", spy)
    body = ("\n\t\t<p>1 The ferry waited.</p>\n\t\t<p>2 The <i>ferry</i> waited.</p>\n\t\t<p> </p>"
            "\n\t\t<p>3 Gulls.</p>\n\t\t<p>4 Rain.</p>"
            "\n\t\t<p class=\"hide\">" + IN_STORY + "</p>\n\t\t<p>5 Night fell.</p>\n\t\t<p>6 Dawn.</p>"
            "<!-- a comment -->\n\t\t<p>7 Day.</p>\n")
    book = _epub(tmp_path, body)
    assert_same_reading(book)
    assert [run for run in runs if any(text[:1].isdigit() for text in run)] == [
        ["1 The ferry waited.", "2 The ferry waited.", "", "3 Gulls.", "4 Rain."], ["5 Night fell.", "6 Dawn."],
        ["7 Day."]]
    manuscript = read_manuscript(book)
    places = {b.text[:1]: (b.location.line, b.location.column, b.location.block) for s in manuscript.sections
              for b in s.blocks if b.text[:1].isdigit()}
    line, column, number = places["1"]
    assert line is not None and number is not None
    assert [places[n] for n in "2345"] == [(line + 1, column, number + 1), (line + 3, column, number + 2),
                                           (line + 4, column, number + 3), (line + 6, column, number + 4)]


#: Pieces of a chapter that marks no heading: lines short enough to be headings made with CSS,
#: story paragraphs `Walker.children` places itself, hidden text gathered right before one.
_UNMARKED_PIECES = [
    "<p>{n} The ferry waited at the quay while the lanterns swung in the wind off the water.</p>",
    "<p>CHAPTER {n}</p>",
    "<p>{n}</p>",
    "<p class=\"block_3\">Chapter {n}</p>",
    "<p>{n} Short <i>line</i>.</p>",
    "<p>{n} The  ferry\n\twaited\u00a0long.</p>",
    "<div>Loose {n} <span class=\"hide\">" + STOCK + "</span><p>{n} After it.</p><p>{n} Then.</p></div>",
    "<p class=\"hide\">{n} " + IN_STORY + "</p>",
    "<blockquote><p>{n} A quoted line.</p></blockquote>",
    "<p>  </p>",
    "<p class=\"block_3\">THE STORM</p>",  # a heading, unless right under one (a subtitle)
]


@settings(max_examples=40, deadline=None)
@given(pieces=st.lists(st.sampled_from(_UNMARKED_PIECES), min_size=1, max_size=10))
@example(pieces=[_UNMARKED_PIECES[3], _UNMARKED_PIECES[0], _UNMARKED_PIECES[10], _UNMARKED_PIECES[0]])
@example(pieces=[_UNMARKED_PIECES[3], _UNMARKED_PIECES[6], _UNMARKED_PIECES[1], _UNMARKED_PIECES[2]])
def test_story_paragraphs_of_a_chapter_without_headings_read_as_the_full_reading_reads_them(
        pieces: list[str], tmp_path_factory: pytest.TempPathFactory) -> None:
    """`Walker.children` places a story paragraph itself unless it may be a heading made with CSS
    (a short one in a document that marks none: `emit` asks `styled_heading`) or hidden text is
    being gathered (`leaf`); either way the book is the full reading's: the same blocks,
    headings, places, hidden texts and findings."""
    body = "".join(piece.format(n=n) for n, piece in enumerate(pieces))
    css = ".block_3 { font-weight: bold; text-align: center; } .hide { display: none; }"
    docs = [Doc("chapter-1.xhtml", body, "bodymatter chapter"),
            Doc("chapter-2.xhtml", f"<p>{CHAPTER}</p>", "bodymatter chapter")]
    book = build_epub(tmp_path_factory.mktemp("unmarked") / "book.epub", docs, title="Harbor Lights",
                      authors=("Jordan Vale",), css=css)
    assert_same_reading(book)


@pytest.fixture
def paragraphs_read_apart(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The text of each paragraph `Walker.children` left to `Walker.visit`."""
    read: list[str] = []
    real = walk.Walker.visit

    def spy(self: walk.Walker, el: Any, parent: Any, apart: bool = False) -> None:
        if local_name(el) == "p":
            read.append("".join(el.itertext()))
        real(self, el, parent, apart)

    monkeypatch.setattr(walk.Walker, "visit", spy)
    yield read


@pytest.mark.parametrize("sheet, apart", [
    ("poem", []),
    ("hanging-indent", []),
    ("universal", []),
    ("ancestor", []),
    ("adjacent", ["1 The ferry waited.", "2 The ferry waited at the quay.", "3 The ferry waited long."]),
    ("first-child", ["1 The ferry waited.", "2 The ferry waited at the quay.", "3 The ferry waited long."]),
])
def test_story_paragraphs_are_read_without_visiting_them_unless_a_rule_looks_at_their_place(
        tmp_path: Path, paragraphs_read_apart: list[str], sheet: str, apart: list[str]) -> None:
    body = ("<p>1 The ferry waited.</p><p>2 The ferry <i>waited</i> at the quay.</p>"
            "<p>3 The ferry <span>waited long.</span></p>")
    read_manuscript(_epub(tmp_path, body, css=SIBLING_SHEETS[sheet]))
    assert [text for text in paragraphs_read_apart if text[0].isdigit()] == apart
    paragraphs_read_apart.clear()
    read_manuscript(_epub(tmp_path, body, css=SIBLING_SHEETS[sheet]), full_reading=True)
    assert [text for text in paragraphs_read_apart if text[0].isdigit()] == [
        "1 The ferry waited.", "2 The ferry waited at the quay.", "3 The ferry waited long."]


def test_blocks_are_the_model_s_records(tmp_path: Path) -> None:
    """The reader makes its blocks with `tuple.__new__` (`navigation.Gathered.add`): each is
    a `Block` holding a `Location`, every field in its place, equal to the one its class makes."""
    manuscript = read_manuscript(_epub(tmp_path, LEAF_CASES["heading-look"] + HIDDEN_IN_STORY["footnote"]))
    blocks = [b for s in manuscript.sections for b in s.blocks]
    assert len(blocks) > 5
    for b in blocks:
        assert type(b) is Block and type(b.location) is Location
        assert len(b) == len(Block._fields) and len(b.location) == len(Location._fields)
        loc = b.location
        rebuilt = Block(b.text, Location(loc.path, loc.line, loc.column, loc.section, loc.block),
                        b.visibility, b.where, b.is_heading)
        assert b == rebuilt
        assert isinstance(b.text, str) and isinstance(loc.line, int) and isinstance(loc.block, int)
        assert isinstance(b.visibility, Visibility) and isinstance(b.is_heading, bool)
    assert [b.location.block for b in blocks if b.location.path.endswith("chapter-1.xhtml")] == list(
        range(1, 1 + sum(b.location.path.endswith("chapter-1.xhtml") for b in blocks)))
    assert any(b.where for b in blocks)  # the footnote's, easy to miss


# --- DOCX ---------------------------------------------------------------------------------------

H1 = "Heading1"
CENTRED = '<w:jc w:val="center"/>'
HEADINGS = [style(H1, name="heading 1", ppr='<w:outlineLvl w:val="0"/>'),
            style("Secret", kind="character", rpr="<w:vanish/>"),
            style("Ghost", rpr="<w:vanish/>"), style("Pale", rpr='<w:color w:val="FEFEFE"/>'),
            style("Bold", rpr="<w:b/>"), style("Caps", rpr="<w:caps/>"),
            style("French", rpr='<w:lang w:val="fr-FR"/>')]


def _docx(tmp_path: Path, story: list[str], **kw: Any) -> Path:
    body = [para("Foreword", style=H1), para("A ferry story."), para("Chapter 1", style=H1), *story,
            para("Chapter 2", style=H1), para(CHAPTER)]
    kw.setdefault("core", {"dc:creator": "Jordan Vale", "dc:title": "Harbor Lights"})
    return build_raw_docx(tmp_path / "book.docx", body, styles=HEADINGS, **kw)


DOCX_CASES: dict[str, Callable[[Path], Path]] = {
    "vanish": lambda p: _docx(p, [para("The ferry waited. ", run(IN_STORY, "<w:vanish/>"), " Night fell.")]),
    "white": lambda p: _docx(p, [para("The ferry waited. ", run(STOCK, '<w:color w:val="FFFFFF"/>'))]),
    "tiny": lambda p: _docx(p, [para("The ferry waited. ", run(STOCK, '<w:sz w:val="2"/>'))]),
    "character-style": lambda p: _docx(p, [para("The ferry waited. ", run(STOCK, '<w:rStyle w:val="Secret"/>'))]),
    "deleted": lambda p: _docx(p, [para("The ferry waited. ", '<w:del w:id="1" w:author="Ed">'
                                        + run(STOCK, tag="w:delText") + "</w:del>")]),
    "comment": lambda p: _docx(p, [para("The ferry waited.", '<w:r><w:commentReference w:id="0"/></w:r>')],
                               comments={"0": STOCK}),
    "disclosure-in-story": lambda p: _docx(p, [para(CHAPTER), para(IN_STORY)]),
    "residue": lambda p: _docx(p, [para(CHAPTER), para(RESIDUE), para("Regenerate response")]),
    "lookalike": lambda p: _docx(p, [para(LOOKALIKE)]),
    # Paragraphs of plain runs (read in one go) whose look the paragraph's style, the page or a
    # field decides, beside their neighbours.
    "hidden-paragraph-style": lambda p: _docx(p, [para("The ferry ", "waited."), para(IN_STORY, " so", style="Ghost")]),
    "pale-on-white": lambda p: _docx(p, [para(CHAPTER), para(STOCK, style="Pale")]),
    "pale-on-dark-page": lambda p: _docx(p, [para(CHAPTER), para(STOCK, style="Pale")], background="000000"),
    "field-instruction": lambda p: _docx(p, [
        para("Before. ", '<w:r><w:fldChar w:fldCharType="begin"/></w:r>', '<w:r><w:instrText> TOC </w:instrText></w:r>'),
        para(IN_STORY), para('<w:r><w:fldChar w:fldCharType="separate"/></w:r>', "Shown",
                             '<w:r><w:fldChar w:fldCharType="end"/></w:r>'), para("After.")]),
    "headings-by-their-look": lambda p: _docx(p, [para(CHAPTER), para("The Storm", style="Bold", ppr=CENTRED),
                                                  para(CHAPTER), para("The ", "Calm", style="Caps", ppr=CENTRED),
                                                  para(CHAPTER)]),
    "language-of-a-style": lambda p: _docx(p, [para("Le bac ", "attendait longtemps au quai, et la nuit tombait "
                                                    "sur le port pendant que les lanternes chantaient.",
                                                    style="French")] * 3),
    "marks-and-empty-runs": lambda p: _docx(p, [para('<w:bookmarkStart w:id="1" w:name="b"/>', "<w:r/>",
                                                     '<w:r><w:t/></w:r>', "The ferry ", '<w:proofErr w:type="spellStart"/>',
                                                     "waited.", '<w:bookmarkEnd w:id="1"/>'),
                                                para('<w:bookmarkStart w:id="2" w:name="c"/>', "<w:r/>"),
                                                para("Shown.", ppr="<w:rPr><w:vanish/></w:rPr>")]),
}


@pytest.mark.parametrize("case", sorted(DOCX_CASES))
def test_docx_story_paragraphs_read_the_same_both_ways(tmp_path: Path, case: str) -> None:
    assert_same_reading(DOCX_CASES[case](tmp_path))


def test_docx_hidden_run_in_a_story_paragraph_is_found(tmp_path: Path) -> None:
    manuscript, report = _report(DOCX_CASES["vanish"](tmp_path), full=False)
    assert [(h.text, h.reason) for h in manuscript.hidden] == [(IN_STORY, HiddenReason.HIDDEN_FORMATTING)]
    assert "disclosure-hidden" in [rule for rule, _, _ in _findings(report)]


def test_docx_plain_paragraphs_are_read_in_one_go(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs are read one by one only in a paragraph that is not plain (a run with properties of
    # its own, a field, a hidden look), or in the full reading.
    from disclosure_lint.readers.wordml import paragraphs

    runs: list[str] = []
    real = paragraphs.ParagraphReader._run

    def spy(self: paragraphs.ParagraphReader, r: Any, st: Any, para: Any) -> None:
        runs.append("".join(r.itertext()))
        real(self, r, st, para)

    monkeypatch.setattr(paragraphs.ParagraphReader, "_run", spy)
    path = DOCX_CASES["vanish"](tmp_path)
    read_manuscript(path)
    assert runs == ["The ferry waited. ", IN_STORY, " Night fell."]
    runs.clear()
    read_manuscript(path, full_reading=True)
    assert "A ferry story." in runs and IN_STORY in runs
