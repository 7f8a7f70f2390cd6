"""The EPUB reader, on EPUB 2 and 3 books built in code (see epub_builders.py)."""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any, Literal

import pytest
from epub_builders import (
    Doc,
    DocLike,
    body_line,
    build_epub,
    build_zip,
    encryption_xml,
    member_path,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_lint.errors import InputError
from disclosure_lint.model import HiddenReason, Kind, Manuscript, Role, Visibility
from disclosure_lint.readers import read_manuscript
from disclosure_lint.readers.epub import NON_LINEAR, read

DISCLOSURE = "This book was drafted with the help of an AI system."


def visible_text(m: Manuscript) -> str:
    return "\n".join(b.text for s in m.sections for b in s.blocks)


def hidden_with(m: Manuscript, needle: str) -> list[HiddenReason]:
    return [h.reason for h in m.hidden if needle in h.text]


def outline(m: Manuscript) -> list[tuple[Role, Kind, str | None]]:
    return [(s.role, s.kind, s.heading) for s in m.sections]


# -- structure and semantics --------------------------------------------------------------------


def test_epub3_epub_type_front_body_back(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "book.epub", [
        ("title.xhtml", "frontmatter titlepage", "<h1>The Lighthouse</h1><p>Ada Writer</p>"),
        ("foreword.xhtml", "frontmatter foreword", f"<h1>A Word First</h1><p>{DISCLOSURE}</p>"),
        ("ch1.xhtml", "bodymatter chapter", "<h1>The Storm</h1><p>It was a dark night.</p>"),
        ("ch2.xhtml", "bodymatter chapter", "<h1>The Calm</h1><p>Morning came.</p>"),
        ("thanks.xhtml", "backmatter acknowledgments", "<h1>With Gratitude</h1><p>To my editor.</p>"),
    ], title="The Lighthouse", authors=["Ada Writer"], language="en-GB")
    m = read(book)
    assert m.format == "epub"
    assert m.metadata.title == "The Lighthouse"
    assert m.metadata.authors == ("Ada Writer",)
    assert m.metadata.language == "en-GB"
    assert outline(m) == [
        (Role.FRONT, Kind.TITLE_PAGE, "The Lighthouse"),
        (Role.FRONT, Kind.FOREWORD, "A Word First"),
        (Role.BODY, Kind.CHAPTER, "The Storm"),
        (Role.BODY, Kind.CHAPTER, "The Calm"),
        (Role.BACK, Kind.ACKNOWLEDGMENTS, "With Gratitude"),
    ]
    foreword = m.sections[1]
    assert [b.text for b in foreword.blocks] == ["A Word First", DISCLOSURE]
    assert foreword.blocks[0].is_heading and not foreword.blocks[1].is_heading
    assert all(b.visibility is Visibility.VISIBLE for s in m.sections for b in s.blocks)
    assert m.warnings == ()


def test_nested_sections_with_epub_type_in_one_document(tmp_path: Path) -> None:
    body = (
        '<section epub:type="frontmatter"><section epub:type="preface" id="pre"><h2>Before</h2>'
        "<p>Preface text.</p></section></section>"
        '<section epub:type="bodymatter chapter" id="c1"><h2>One</h2><p>Story.</p></section>'
        '<section epub:type="backmatter"><section epub:type="afterword"><h2>After</h2><p>End.</p>'
        "</section></section>"
    )
    m = read(build_epub(tmp_path / "b.epub", [("book.xhtml", "", body)]))
    assert outline(m) == [
        (Role.FRONT, Kind.PREFACE, "Before"),
        (Role.BODY, Kind.CHAPTER, "One"),
        (Role.BACK, Kind.AFTERWORD, "After"),
    ]


def test_epub2_with_ncx_and_guide_only(tmp_path: Path) -> None:
    # EPUB 2 has no epub:type and these documents have no headings: the guide and the NCX
    # labels are all there is.
    book = build_epub(tmp_path / "old.epub", [
        Doc("part0001.xhtml", f"<p>{DISCLOSURE}</p>", label="Words Before"),
        Doc("part0002.xhtml", "<p>It was a dark night.</p>", label="Chapter One"),
        Doc("part0003.xhtml", "<p>To my editor.</p>", label="Acknowledgements"),
    ], version=2, guide=[("foreword", "part0001.xhtml"), ("text", "part0002.xhtml")],
        authors=["Ada Writer", ("Ed Itor", "edt"), ("Anon Ymous", None)])
    m = read(book)
    assert outline(m) == [
        (Role.FRONT, Kind.FOREWORD, "Words Before"),
        (Role.BODY, Kind.CHAPTER, "Chapter One"),
        (Role.BACK, Kind.ACKNOWLEDGMENTS, "Acknowledgements"),
    ]
    # opf:role="aut" and a creator without a role are authors; an editor is not.
    assert m.metadata.authors == ("Ada Writer", "Anon Ymous")


def test_epub3_creator_roles_from_refines(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "b.epub", [("c.xhtml", "", "<p>x</p>")],
                      authors=["Ada Writer", ("Ed Itor", "edt"), ("No Role", None)])
    assert read(book).metadata.authors == ("Ada Writer", "No Role")


def test_landmarks_only_classification(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "b.epub", [
        ("x1.xhtml", "", f"<p>{DISCLOSURE}</p>"),
        ("x2.xhtml", "", "<p>Prologue-ish opening of the story.</p>"),
        ("x3.xhtml", "", "<p>More story.</p>"),
        ("x4.xhtml", "", "<p>Thanks to all.</p>"),
    ], toc=False, landmarks=[("foreword", "x1.xhtml"), ("bodymatter", "x2.xhtml"),
                             ("backmatter acknowledgments", "x4.xhtml")])
    m = read(book)
    assert [(s.role, s.kind) for s in m.sections] == [
        (Role.FRONT, Kind.FOREWORD),
        (Role.BODY, Kind.OTHER),
        (Role.BODY, Kind.OTHER),
        (Role.BACK, Kind.ACKNOWLEDGMENTS),
    ]


def test_heading_only_classification(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "b.epub", [
        ("a.xhtml", "", "<h1>Foreword</h1><p>Words.</p>"),
        ("b.xhtml", "", "<h1>Chapter 1</h1><p>Story.</p>"),
        ("c.xhtml", "", "<h1>II</h1><p>More.</p>"),
        ("d.xhtml", "", "<h1>Acknowledgments</h1><p>Thanks.</p>"),
    ], toc=False)
    assert outline(read(book)) == [
        (Role.FRONT, Kind.FOREWORD, "Foreword"),
        (Role.BODY, Kind.CHAPTER, "Chapter 1"),
        (Role.BODY, Kind.CHAPTER, "II"),
        (Role.BACK, Kind.ACKNOWLEDGMENTS, "Acknowledgments"),
    ]


def test_toc_label_classifies_and_names_a_section_without_heading(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "b.epub", [("p1.xhtml", "", "<p>Some words.</p>")],
                      toc={"p1.xhtml": "Preface"})
    m = read(book)
    assert outline(m) == [(Role.FRONT, Kind.PREFACE, "Preface")]


def test_several_headings_in_one_document_open_sections(tmp_path: Path) -> None:
    body = ("<h1>Foreword</h1><p>Before.</p><h1>Chapter 1</h1><h2>A scene</h2><p>Story.</p>"
            "<h1>Afterword</h1><p>After.</p>")
    m = read(build_epub(tmp_path / "b.epub", [("all.xhtml", "", body)], toc=False))
    assert outline(m) == [
        (Role.FRONT, Kind.FOREWORD, "Foreword"),
        (Role.BODY, Kind.CHAPTER, "Chapter 1"),
        (Role.BACK, Kind.AFTERWORD, "Afterword"),
    ]


def test_spine_order_not_file_name_order(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "b.epub", [
        ("01.xhtml", "", "<h1>Afterword</h1><p>c</p>"),
        ("02.xhtml", "", "<h1>Chapter 1</h1><p>b</p>"),
        ("03.xhtml", "", "<h1>Foreword</h1><p>a</p>"),
    ], spine_order=["03.xhtml", "02.xhtml", "01.xhtml"])
    m = read(book)
    assert [s.heading for s in m.sections] == ["Foreword", "Chapter 1", "Afterword"]
    assert [s.role for s in m.sections] == [Role.FRONT, Role.BODY, Role.BACK]


@pytest.mark.parametrize("zip_form", ["NFC", "NFD"])
def test_a_member_named_in_another_unicode_composition_is_found(tmp_path: Path,
                                                                zip_form: Literal["NFC", "NFD"]) -> None:
    """The package names "préface.xhtml" with "é" one way, the zip the other (a package written
    on one system, the zip on another): the document is read, as OCF's NFC comparison reads it."""
    import unicodedata

    name = "pr\u00e9face.xhtml"
    other = unicodedata.normalize("NFD" if zip_form == "NFC" else "NFC", name)
    book = build_epub(tmp_path / "b.epub", [
        (unicodedata.normalize(zip_form, name), "", f"<h1>Foreword</h1><p>{DISCLOSURE}</p>"),
        ("ch1.xhtml", "", "<h1>Chapter 1</h1><p>It rained.</p>"),
    ])
    renamed = tmp_path / "renamed.epub"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(renamed, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith(".opf") or info.filename.endswith(".xhtml") or info.filename.endswith(".ncx"):
                data = data.replace(unicodedata.normalize(zip_form, name).encode(), other.encode())
            out.writestr(info, data)  # the zip keeps its name; the package and links name `other`
    m = read(renamed)
    assert [s.heading for s in m.sections] == ["Foreword", "Chapter 1"]
    assert DISCLOSURE in visible_text(m)
    assert not [d for d in m.warnings if "missing" in d.message or "not in the" in d.message]


def test_linear_no_item_is_easy_to_miss(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "b.epub", [
        ("ch1.xhtml", "bodymatter chapter", "<h1>One</h1><p>Story.</p>"),
        ("note.xhtml", "", f"<h1>A Note on AI</h1><p>{DISCLOSURE}</p>"),
    ], linear_no=["note.xhtml"])
    m = read(book)
    note = m.sections[-1]
    assert note.blocks[-1].text == DISCLOSURE
    assert {b.visibility for b in note.blocks} == {Visibility.EASY_TO_MISS}
    assert {b.where for b in note.blocks} == {NON_LINEAR}
    assert m.sections[0].blocks[0].visibility is Visibility.VISIBLE


def test_pop_up_footnote_is_easy_to_miss(tmp_path: Path) -> None:
    body = ('<h1>One</h1><p>Story.<a epub:type="noteref" href="#n1">1</a></p>'
            f'<aside epub:type="footnote" id="n1"><p>{DISCLOSURE}</p></aside>')
    m = read(build_epub(tmp_path / "b.epub", [("c.xhtml", "chapter", body)]))
    [block] = [b for s in m.sections for b in s.blocks if b.text == DISCLOSURE]
    assert block.visibility is Visibility.EASY_TO_MISS


def test_block_text_collapses_whitespace_and_br(tmp_path: Path) -> None:
    body = ("<p>One\n   two<br/>three<span> four</span></p><div>Direct <em>text</em><p>Inner</p>tail</div>"
            "<ul><li>Item A</li><li>Item <b>B</b></li></ul><blockquote><p>Quoted</p></blockquote>"
            "<table><tr><td>Cell</td></tr></table><dl><dt>Term</dt><dd>Def</dd></dl>"
            "<figure><figcaption>Caption</figcaption></figure><pre>pre  text</pre><p>&nbsp;AI&mdash;made</p>")
    m = read(build_epub(tmp_path / "b.epub", [("c.xhtml", "", body)]))
    assert [b.text for b in m.sections[0].blocks] == [
        "One two three four", "Direct text", "Inner", "tail", "Item A", "Item B", "Quoted", "Cell",
        "Term", "Def", "Caption", "pre text", "AI\u2014made",
    ]


# -- visibility ----------------------------------------------------------------------------------

SECRET = "Secret co-writing note"

HIDING = {
    "hidden attribute": ("", f'<p hidden="">{SECRET}</p>', "", HiddenReason.HIDDEN_ATTRIBUTE),
    "inline display:none": ("", f'<p style="display: none">{SECRET}</p>', "", HiddenReason.CSS_HIDDEN),
    "inline visibility:hidden": ("", f'<p style="visibility:hidden">{SECRET}</p>', "",
                                 HiddenReason.CSS_HIDDEN),
    "inline visibility:collapse": ("", f'<p style="visibility:collapse">{SECRET}</p>', "",
                                   HiddenReason.CSS_HIDDEN),
    "inline font-size:0": ("", f'<p style="font-size:0">{SECRET}</p>', "", HiddenReason.TINY_TEXT),
    "inline font-size:1px": ("", f'<p style="font-size:1px">{SECRET}</p>', "", HiddenReason.TINY_TEXT),
    "inline font-size:0.1em": ("", f'<p style="font-size:0.1em">{SECRET}</p>', "", HiddenReason.TINY_TEXT),
    "inline opacity:0": ("", f'<p style="opacity:0">{SECRET}</p>', "", HiddenReason.CSS_HIDDEN),
    "class in linked CSS": (".gone { display: none }", f'<p class="x gone">{SECRET}</p>', "",
                            HiddenReason.CSS_HIDDEN),
    "id in linked CSS": ("#s1 { visibility: hidden; }", f'<p id="s1">{SECRET}</p>', "",
                         HiddenReason.CSS_HIDDEN),
    "type.class in linked CSS": ("p.note { font-size: 0 }", f'<p class="note">{SECRET}</p>', "",
                                 HiddenReason.TINY_TEXT),
    "descendant selector": ("div.box p { display:none }", f'<div class="box"><p>{SECRET}</p></div>', "",
                            HiddenReason.CSS_HIDDEN),
    "child selector": ("div > span.x { display:none }", f'<div><p>a</p><span class="x">{SECRET}</span></div>',
                       "", HiddenReason.CSS_HIDDEN),
    "epub:type attribute selector": (
        '@namespace epub "http://www.idpf.org/2007/ops"; [epub|type~="z3998:secret"] { display:none }',
        f'<p epub:type="z3998:secret">{SECRET}</p>', "", HiddenReason.CSS_HIDDEN),
    "style element": ("", f'<p class="hush">{SECRET}</p>', "<style>.hush{display:none}</style>",
                      HiddenReason.CSS_HIDDEN),
    "@media screen": ("@media screen { .m { display:none } }", f'<p class="m">{SECRET}</p>', "",
                      HiddenReason.CSS_HIDDEN),
    "hidden ancestor": ("", f'<div style="display:none"><section><p>{SECRET}</p></section></div>', "",
                        HiddenReason.CSS_HIDDEN),
    "hidden inline span": ("", f'<p>Before <span style="display:none">{SECRET}</span> after</p>', "",
                           HiddenReason.CSS_HIDDEN),
    "font-size:0 parent": (".t{font-size:0}", f'<div class="t"><p><em>{SECRET}</em></p></div>', "",
                           HiddenReason.TINY_TEXT),
    "comment": ("", f"<p>Before</p><!-- {SECRET} -->", "", HiddenReason.COMMENT),
    # Structural pseudo-classes: the page hides by place (the markup follows <h1>, <p>).
    ":last-child": ("p:last-child { display:none }", f"<p>{SECRET}</p>", "", HiddenReason.CSS_HIDDEN),
    ":nth-of-type(2)": ("p:nth-of-type(2) { display:none }", f"<p>{SECRET}</p>", "", HiddenReason.CSS_HIDDEN),
    ":nth-child(3n)": ("body > :nth-child(3n) { display:none }", f"<p>{SECRET}</p>", "", HiddenReason.CSS_HIDDEN),
    ":nth-last-child(-n+1)": ("p:nth-last-child(-n+1) { display:none }", f"<p>{SECRET}</p>", "",
                              HiddenReason.CSS_HIDDEN),
    ":not(:first-of-type)": ("p:not(:first-of-type) { display:none }", f"<p>{SECRET}</p>", "",
                             HiddenReason.CSS_HIDDEN),
    ":empty + p": ("p:empty + p { display:none }", f"<p></p><p>{SECRET}</p>", "", HiddenReason.CSS_HIDDEN),
    ":only-of-type": ("span:only-of-type { display:none }", f"<div><span>{SECRET}</span></div>", "",
                      HiddenReason.CSS_HIDDEN),
    ":root descendant": (":root .x { display:none }", f'<p class="x">{SECRET}</p>', "", HiddenReason.CSS_HIDDEN),
    ":link": ("a:link { display:none }", f'<p><a href="#n">{SECRET}</a></p>', "", HiddenReason.CSS_HIDDEN),
}


@pytest.mark.parametrize("name", list(HIDING))
def test_hiding_technique(tmp_path: Path, name: str) -> None:
    css, markup, head, reason = HIDING[name]
    book = build_epub(tmp_path / "b.epub", [
        Doc("c.xhtml", f"<h1>One</h1><p>Visible text.</p>{markup}", head=head),
    ], css=css or None)
    m = read(book)
    assert SECRET not in visible_text(m)
    assert "Visible text." in visible_text(m)
    assert hidden_with(m, SECRET) == [reason]
    [hidden] = [h for h in m.hidden if SECRET in h.text]
    assert hidden.location.path == f"{book}!/{member_path('c.xhtml')}"
    assert hidden.location.line is not None and hidden.location.line >= body_line(
        Doc("c.xhtml", ""), stylesheets=["style.css"] if css else [])
    if reason is HiddenReason.COMMENT:
        assert hidden.where == "an HTML comment"
    if name == "hidden inline span":
        assert "Before after" in visible_text(m)


VISIBLE = {
    "aria-hidden alone": ("", f'<p aria-hidden="true">{SECRET}</p>'),
    "visibility:visible child": ("", f'<div style="visibility:hidden"><p style="visibility:visible">{SECRET}'
                                     "</p></div>"),
    "absolute font size under a zero parent": (
        ".z{font-size:0} .z p{font-size:1rem}", f'<div class="z"><p>{SECRET}</p></div>'),
    "more specific rule shows it": (".a{display:none} p#b.a{display:block}",
                                    f'<p id="b" class="a">{SECRET}</p>'),
    "inline style beats the sheet": (".a{display:none}", f'<p class="a" style="display:block">{SECRET}</p>'),
    "print-only rule": ("@media print { .a{display:none} }", f'<p class="a">{SECRET}</p>'),
    "pseudo-element rule": ("p.a::after{display:none} p.a:first-child{display:none}",
                            f'<p class="a">{SECRET}</p>'),
    "small but readable": (".a{font-size:0.6em}", f'<p class="a">{SECRET}</p>'),
    "other class": (".gone{display:none}", f'<p class="gonex">{SECRET}</p>'),
    # Pseudo-classes that do not match it (the markup follows <h1>), or a state nobody is in.
    ":nth-child(odd) on the second": ("p:nth-child(odd){display:none}", f"<p>{SECRET}</p>"),
    ":not() of its class": ("p:not(.a){display:none}", f'<p class="a">{SECRET}</p>'),
    ":first-of-type of another type": ("h1 ~ span:first-of-type{display:none} p:empty{display:none}",
                                       f"<p>{SECRET}</p>"),
    ":hover": ("p:hover{display:none}", f"<p>{SECRET}</p>"),
    "a link's text is not the paragraph": ("a:link{display:none}", f"<p>{SECRET} <a>no href</a></p>"),
}


@pytest.mark.parametrize("name", list(VISIBLE))
def test_stays_visible(tmp_path: Path, name: str) -> None:
    css, markup = VISIBLE[name]
    m = read(build_epub(tmp_path / "b.epub", [("c.xhtml", "", f"<h1>One</h1>{markup}")], css=css or None))
    assert SECRET in visible_text(m)
    assert not hidden_with(m, SECRET)


#: Hidden by CSS, as producers and hiders write it: (style sheet, markup, reason, the writer's words).
CSS_HIDING: dict[str, tuple[str, str, HiddenReason, str]] = {
    # Colour (issue 14, item 3): the exports of tests/producers, then the other spellings.
    "pandoc's inline color": ("", f'<div style="color: #ffffff"><p>{SECRET}</p></div>',
                              HiddenReason.INVISIBLE_COLOUR, "white text"),
    "LibreOffice's span class": (".span4 {\n  color: #ffffff;\n}",
                                 f'<p class="para2"><span class="span4">{SECRET}</span></p>',
                                 HiddenReason.INVISIBLE_COLOUR, "white text"),
    "calibre's #FFF": (".block_5 { color: #FFF; display: block; text-indent: 36pt }",
                       f'<p class="block_5">{SECRET}</p>', HiddenReason.INVISIBLE_COLOUR, "white text"),
    "Sigil's p.note": ("p.note { color: #FFFFFF; }", f'<p class="note">{SECRET}</p>',
                       HiddenReason.INVISIBLE_COLOUR, "white text"),
    "named white": ("#n { color: white }", f'<p id="n">{SECRET}</p>', HiddenReason.INVISIBLE_COLOUR,
                    "white text"),
    "near white": (".a { color: #f4f4f4 }", f'<p class="a">{SECRET}</p>', HiddenReason.INVISIBLE_COLOUR,
                   "white text"),
    "rgb()": (".a { color: rgb(255, 255, 255) }", f'<p class="a">{SECRET}</p>',
              HiddenReason.INVISIBLE_COLOUR, "white text"),
    "hsl()": (".a { color: hsl(0, 0%, 99%) }", f'<p class="a">{SECRET}</p>', HiddenReason.INVISIBLE_COLOUR,
              "white text"),
    "rgba() alpha 0": (".a { color: rgba(0, 0, 0, 0) }", f'<p class="a">{SECRET}</p>',
                       HiddenReason.INVISIBLE_COLOUR, "transparent text"),
    "transparent": (".a { color: transparent }", f'<p class="a">{SECRET}</p>',
                    HiddenReason.INVISIBLE_COLOUR, "transparent text"),
    "inherited from an ancestor": ("div.w { color: #fff }", f'<div class="w"><p><em>{SECRET}</em></p></div>',
                                   HiddenReason.INVISIBLE_COLOUR, "white text"),
    "the colour of a background set by CSS": (
        ".box { background-color: #003 } .box p { color: #000022 }",
        f'<div class="box"><p>{SECRET}</p></div>', HiddenReason.INVISIBLE_COLOUR,
        "text coloured like its background"),
    "black on a black background shorthand": (
        "", f'<div style="background: #000 none"><p>{SECRET}</p></div>', HiddenReason.INVISIBLE_COLOUR,
        "text coloured like its background"),
    "fill colour": (".a { -webkit-text-fill-color: #fff }", f'<p class="a">{SECRET}</p>',
                    HiddenReason.INVISIBLE_COLOUR, "white text"),
    "font color": ("", f'<p><font color="#ffffff">{SECRET}</font></p>', HiddenReason.INVISIBLE_COLOUR,
                   "white text"),
    "font color without #": ("", f'<p><font color="fff">{SECRET}</font></p>', HiddenReason.INVISIBLE_COLOUR,
                             "white text"),
    "important beats inline": (".a { color: #fff !important }", f'<p class="a" style="color: #000">{SECRET}</p>',
                               HiddenReason.INVISIBLE_COLOUR, "white text"),
    # Opacity multiplies down the tree.
    "opacity 0.2 inside 0.2": (".o { opacity: 0.2 }", f'<div class="o"><p class="o">{SECRET}</p></div>',
                               HiddenReason.CSS_HIDDEN, "transparent text"),
    "opacity 0 on an ancestor": ("", f'<div style="opacity:0"><p style="opacity:1">{SECRET}</p></div>',
                                 HiddenReason.CSS_HIDDEN, "transparent text"),
    # Size: under 4 pt, as in DOCX.
    "font-size 3pt": (".a { font-size: 3pt }", f'<p class="a">{SECRET}</p>', HiddenReason.TINY_TEXT,
                      "text under 4 points high"),
    "font-size 0.3em": (".a { font-size: 0.3em }", f'<p class="a">{SECRET}</p>', HiddenReason.TINY_TEXT,
                        "text under 4 points high"),
    "font-size 0": (".a { font-size: 0 }", f'<p class="a">{SECRET}</p>', HiddenReason.TINY_TEXT,
                    "text the size of nothing"),
    # Scaled down by a transform (the smaller axis), the scale property or zoom; scales multiply.
    "transform scale(0)": (".a { transform: scale(0) }", f'<p class="a">{SECRET}</p>', HiddenReason.TINY_TEXT,
                           "text the size of nothing"),
    "transform scaleX(0.01)": ("", f'<p style="transform: scaleX(0.01)">{SECRET}</p>', HiddenReason.TINY_TEXT,
                               "text under 4 points high"),
    "rotated and scaled down": ("", f'<p style="transform: rotate(3deg) scale(2%, 1)">{SECRET}</p>',
                                HiddenReason.TINY_TEXT, "text under 4 points high"),
    "matrix": (".m { transform: matrix(0.01, 0, 0, 1, 0, 0) }", f'<p class="m">{SECRET}</p>',
               HiddenReason.TINY_TEXT, "text under 4 points high"),
    "the scale property": (".s { scale: 0.02 }", f'<p class="s">{SECRET}</p>', HiddenReason.TINY_TEXT,
                           "text under 4 points high"),
    "zoom 1%": ("", f'<p style="zoom: 1%">{SECRET}</p>', HiddenReason.TINY_TEXT, "text under 4 points high"),
    "scale 0.2 inside 0.2": (".q { transform: scale(0.2) }", f'<div class="q"><p class="q">{SECRET}</p></div>',
                             HiddenReason.TINY_TEXT, "text under 4 points high"),
    "a child's large type inside scale(0.05)": (".q { transform: scale(0.05) } .q p { font-size: 48px }",
                                                f'<div class="q"><p>{SECRET}</p></div>',
                                                HiddenReason.TINY_TEXT, "text under 4 points high"),
    # Off the page.
    "text-indent -9999px": (".a { text-indent: -9999px }", f'<p class="a">{SECRET}</p>',
                            HiddenReason.CSS_HIDDEN, "text moved off the page"),
    "text-indent -999em inherited": ("div.a { text-indent: -999em }", f'<div class="a"><p>{SECRET}</p></div>',
                                     HiddenReason.CSS_HIDDEN, "text moved off the page"),
    "absolute left -9999px": (".sr { position: absolute; left: -9999px }", f'<p class="sr">{SECRET}</p>',
                              HiddenReason.CSS_HIDDEN, "text moved off the page"),
    "fixed top -999px": ("", f'<p style="position: fixed; top: -999px">{SECRET}</p>',
                         HiddenReason.CSS_HIDDEN, "text moved off the page"),
    "transform translateX(-9999px)": (".sr { transform: translateX(-9999px) }", f'<p class="sr">{SECRET}</p>',
                                      HiddenReason.CSS_HIDDEN, "text moved off the page"),
    "translate(0, -999em) with a rotation": ("", f'<p style="transform: rotate(1deg) translate(0, -999em)">{SECRET}</p>',
                                             HiddenReason.CSS_HIDDEN, "text moved off the page"),
    "translate property": (".t { translate: -10000px }", f'<div class="t"><p>{SECRET}</p></div>',
                           HiddenReason.CSS_HIDDEN, "text moved off the page"),
    "relative, inline": ("", f'<p>Text <span style="position:relative;left:-10000px">{SECRET}</span></p>',
                         HiddenReason.CSS_HIDDEN, "text moved off the page"),
    # Clipped.
    "height 0, overflow hidden": (".c { height: 0; overflow: hidden }", f'<div class="c"><p>{SECRET}</p></div>',
                                  HiddenReason.CSS_HIDDEN, "text clipped out of sight"),
    "max-height 0, overflow hidden": ("", f'<p style="max-height:0;overflow:hidden">{SECRET}</p>',
                                      HiddenReason.CSS_HIDDEN, "text clipped out of sight"),
    "1px box, overflow clip": (".c { width: 1px; height: 1px; overflow: clip }", f'<p class="c">{SECRET}</p>',
                               HiddenReason.CSS_HIDDEN, "text clipped out of sight"),
    "visually-hidden clip rect": (
        ".vh { position: absolute; width: 1px; height: 1px; clip: rect(0 0 0 0); overflow: hidden }",
        f'<span class="vh">{SECRET}</span>', HiddenReason.CSS_HIDDEN, "text clipped out of sight"),
    "clip rect with commas": (".vh { position: absolute; clip: rect(0, 0, 0, 0) }", f'<p class="vh">{SECRET}</p>',
                              HiddenReason.CSS_HIDDEN, "text clipped out of sight"),
    "clip-path inset(50%)": (".vh { clip-path: inset(50%) }", f'<p class="vh">{SECRET}</p>',
                             HiddenReason.CSS_HIDDEN, "text clipped out of sight"),
}


@pytest.mark.parametrize("name", list(CSS_HIDING))
def test_css_hiding_technique(tmp_path: Path, name: str) -> None:
    css, markup, reason, where = CSS_HIDING[name]
    m = read(build_epub(tmp_path / "b.epub", [("c.xhtml", "", f"<h1>One</h1><p>Visible text.</p>{markup}")],
                        css=css or None))
    assert SECRET not in visible_text(m)
    assert "Visible text." in visible_text(m)
    assert [(h.reason, h.where) for h in m.hidden if SECRET in h.text] == [(reason, where)]


#: Styled like the hiding above, but seen: the counterparts that must stay visible.
CSS_VISIBLE: dict[str, tuple[str, str]] = {
    "white on a dark background": (".dark { background-color: #1a1a1a; color: #fff }",
                                   f'<div class="dark"><p>{SECRET}</p></div>'),
    "white on a dark header": ("header { background: #222 } header p { color: white }",
                               f"<header><p>{SECRET}</p></header>"),
    "white on a dark body": ("body { background-color: black; color: #eee }", f"<p>{SECRET}</p>"),
    "white on a dark html": ("html { background: #000 } body { color: #fff }", f"<p>{SECRET}</p>"),
    "white on a background image": (".hero { background: url(sky.jpg) center; color: #fff }",
                                    f'<p class="hero">{SECRET}</p>'),
    "white with a dark shadow": (".s { color: #fff; text-shadow: 0 0 2px #000 }", f'<p class="s">{SECRET}</p>'),
    "a child's own colour": (".w { color: #fff } .w p { color: #333 }", f'<div class="w"><p>{SECRET}</p></div>'),
    "inline colour beats the sheet": (".w { color: #fff }", f'<p class="w" style="color: black">{SECRET}</p>'),
    "a colour this reader cannot read": (".w { color: #fff } p.w { color: var(--ink) }",
                                         f'<p class="w">{SECRET}</p>'),
    "grey": (".g { color: #aaa }", f'<p class="g">{SECRET}</p>'),
    "half transparent": (".h { opacity: 0.5 }", f'<p class="h">{SECRET}</p>'),
    "four points": (".a { font-size: 4pt }", f'<p class="a">{SECRET}</p>'),
    "scaled a little": (".a { transform: scale(0.9) rotate(2deg) }", f'<p class="a">{SECRET}</p>'),
    "rotated": ("", f'<p style="transform: rotate(180deg) translateX(10px)">{SECRET}</p>'),
    "translated a little": (".a { transform: translate(-20px, -1em) }", f'<p class="a">{SECRET}</p>'),
    "a translation this reader cannot read": ("", f'<p style="transform: translateX(calc(-100% - 10px))">{SECRET}</p>'),
    "a scale this reader cannot read": (".a { transform: scale(var(--s)) }", f'<p class="a">{SECRET}</p>'),
    "mirrored": ("", f'<p style="transform: scaleX(-1)">{SECRET}</p>'),
    "zoom normal": ("", f'<p style="zoom: normal">{SECRET}</p>'),
    "scale none": (".s { scale: none }", f'<p class="s">{SECRET}</p>'),
    "text-transform": (".u { text-transform: uppercase }", f'<p class="u">{SECRET}</p>'),
    "font-size 0 reset by a child": (".z { font-size: 0 } .z p { font-size: 12pt }",
                                     f'<div class="z"><p>{SECRET}</p></div>'),
    "a hanging indent": (".h { text-indent: -2em; padding-left: 2em }", f'<p class="h">{SECRET}</p>'),
    "an off-page indent reset by a child": ("div { text-indent: -9999px } div p { text-indent: 0 }",
                                            f"<div><p>{SECRET}</p></div>"),
    "an inline off-page indent reset by the sheet": ("p { text-indent: 1em }",
                                                     f'<div style="text-indent: -9999px"><p>{SECRET}</p></div>'),
    "text-indent on an inline element": ("", f'<p><span style="text-indent:-9999px">{SECRET}</span></p>'),
    "left without position": (".l { left: -9999px }", f'<p class="l">{SECRET}</p>'),
    "absolute, nearby": (".a { position: absolute; left: -20px; top: 10px }", f'<p class="a">{SECRET}</p>'),
    "height 0 without overflow hidden": (".z { height: 0 }", f'<p class="z">{SECRET}</p>'),
    "overflow hidden with a height": (".o { overflow: hidden; height: 10em }", f'<p class="o">{SECRET}</p>'),
    "height 0 on an inline element": ("", f'<p><span style="height:0;overflow:hidden">{SECRET}</span></p>'),
    "clip rect on a static element": (".c { clip: rect(0 0 0 0) }", f'<p class="c">{SECRET}</p>'),
    "clip rect with room": (".c { position: absolute; clip: rect(0 300px 40px 0) }", f'<p class="c">{SECRET}</p>'),
    "clip-path inset(10%)": (".c { clip-path: inset(10%) }", f'<p class="c">{SECRET}</p>'),
    "font color black": ("", f'<p><font color="black">{SECRET}</font></p>'),
    "white in a table cell with a dark bgcolor": (
        ".w { color: #fff }", f'<table><tr><td bgcolor="#000"><p class="w">{SECRET}</p></td></tr></table>'),
    "a dark theme's background": (
        "h1, p { color: #111 } @media (prefers-color-scheme: dark) { body { background: #111; color: #eee } }",
        f"<p>{SECRET}</p>"),
    "relative, moved up": (".r { position: relative; top: -999px }", f'<p class="r">{SECRET}</p>'),
}


@pytest.mark.parametrize("name", list(CSS_VISIBLE))
def test_css_styled_but_visible(tmp_path: Path, name: str) -> None:
    css, markup = CSS_VISIBLE[name]
    m = read(build_epub(tmp_path / "b.epub", [("c.xhtml", "", f"<h1>One</h1>{markup}")], css=css))
    assert SECRET in visible_text(m)
    assert not hidden_with(m, SECRET)


def test_html_element_style_is_inherited(tmp_path: Path) -> None:
    m = read(build_epub(tmp_path / "b.epub", [("c.xhtml", "", f"<h1>One</h1><p>{SECRET}</p>")],
                        css="html { color: #fff }"))
    assert visible_text(m) == ""
    assert {h.where for h in m.hidden} == {"white text"}


def test_css_cached_and_imported(tmp_path: Path) -> None:
    css = {"main.css": '@import url("extra.css");', "extra.css": ".i { display: none }"}
    docs = [(f"c{i}.xhtml", "", f'<h1>Chapter {i}</h1><p class="i">{SECRET} {i}</p>') for i in range(3)]
    m = read(build_epub(tmp_path / "b.epub", docs, css=css))
    assert SECRET not in visible_text(m)
    assert len([h for h in m.hidden if SECRET in h.text]) == 3


def test_metadata_only_disclosure(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "b.epub", [("c.xhtml", "chapter", "<h1>One</h1><p>Story.</p>")],
                      description=DISCLOSURE)
    m = read(book)
    assert m.metadata.description == DISCLOSURE
    assert DISCLOSURE not in visible_text(m)
    [hidden] = [h for h in m.hidden if h.text == DISCLOSURE]
    assert hidden.reason is HiddenReason.METADATA
    assert "dc:description" in hidden.where
    assert hidden.location.path == f"{book}!/OEBPS/content.opf"


def test_description_with_escaped_html_is_plain_text(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "b.epub", [("c.xhtml", "", "<p>x</p>")],
                      description="<p>Written with <i>AI</i>, edited by me.</p>")
    assert read(book).metadata.description == "Written with AI, edited by me."


# -- locations -------------------------------------------------------------------------------------


def test_locations_path_line_column_section_block(tmp_path: Path) -> None:
    raw = (
        '<?xml version="1.0" encoding="utf-8"?>\n'                       # 1
        "<!DOCTYPE html>\n"                                                # 2
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">\n'
        "<head><title>F</title></head>\n"                                  # 4
        '<body epub:type="frontmatter foreword">\n'                       # 5
        "  <h1>Foreword</h1>\n"                                            # 6
        "  <!-- a note -->\n"                                              # 7
        f"  <p>Intro.</p><p>{DISCLOSURE}</p>\n"                            # 8
        "  <p\n    class=\"x\">Ünïcödé first, then <b>bold</b>.</p>\n"     # 9-10
        "</body>\n</html>\n"
    )
    book = build_epub(tmp_path / "book.epub", [Doc("foreword.xhtml", raw=raw)])
    m = read(book)
    [section] = m.sections
    path = f"{book}!/OEBPS/text/foreword.xhtml"
    assert section.location.path == path
    assert section.location.line == 5
    locs = [(b.text[:8], b.location.line, b.location.column, b.location.block) for b in section.blocks]
    assert locs == [("Foreword", 6, 3, 1), ("Intro.", 8, 3, 2), (DISCLOSURE[:8], 8, 16, 3),
                    ("Ünïcödé ", 9, 3, 4)]
    assert {b.location.section for b in section.blocks} == {"Foreword"}
    [comment] = m.hidden
    assert (comment.location.line, comment.location.column) == (7, 3)


def test_registry_reads_epub(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "b.epub", [("c.xhtml", "", "<h1>One</h1><p>Story.</p>")])
    assert read_manuscript(book).format == "epub"


# -- bad input ---------------------------------------------------------------------------------------


def one_line_refusal(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    return message


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "b.epub"
    path.write_text("# Just Markdown\n")
    assert "not a zip" in one_line_refusal(path)
    path.write_bytes(b"")
    one_line_refusal(path)
    path.write_bytes(bytes(range(256)) * 4)
    one_line_refusal(path)


def test_truncated_zip(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "b.epub", [("c.xhtml", "", "<p>x</p>")])
    book.write_bytes(book.read_bytes()[:200])
    one_line_refusal(book)


def test_missing_container(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "b.epub", [("c.xhtml", "", "<p>x</p>")], omit=["META-INF/container.xml"])
    assert "container.xml" in one_line_refusal(book)


def test_docx_named_epub(tmp_path: Path) -> None:
    book = build_zip(tmp_path / "b.epub", {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"})
    assert "container.xml" in one_line_refusal(book)


def test_missing_opf(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "b.epub", [("c.xhtml", "", "<p>x</p>")], omit=["OEBPS/content.opf"])
    assert "package document" in one_line_refusal(book)


def test_opf_without_spine(tmp_path: Path) -> None:
    opf = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
           '<metadata/><manifest><item id="c" href="text/c.xhtml" media-type="application/xhtml+xml"/>'
           "</manifest></package>")
    book = build_epub(tmp_path / "b.epub", [("c.xhtml", "", "<p>x</p>")], opf_xml=opf)
    assert "spine" in one_line_refusal(book)


def test_drm_encrypted_text_is_refused(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "b.epub", [("c.xhtml", "", "<p>x</p>")], extra_files={
        "META-INF/encryption.xml": encryption_xml([member_path("c.xhtml")]),
    })
    # Replace the document with cipher-like bytes, as a store's DRM does.
    data = {i.filename: zipfile.ZipFile(book).read(i) for i in zipfile.ZipFile(book).infolist()}
    data[member_path("c.xhtml")] = bytes(range(7, 250))
    book = build_zip(tmp_path / "drm.epub", data)
    assert "DRM" in one_line_refusal(book)


def test_font_obfuscation_is_not_drm(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "b.epub", [("c.xhtml", "", "<h1>One</h1><p>Story.</p>")], extra_files={
        "OEBPS/fonts/f.otf": bytes(1000),
        "META-INF/encryption.xml": encryption_xml(["OEBPS/fonts/f.otf"], "http://www.idpf.org/2008/embedding"),
    })
    assert "Story." in visible_text(read(book))


BILLION_LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
                  '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _hostile(doctype: str, entity: str, where: str, tmp_path: Path) -> Path:
    decl = '<?xml version="1.0" encoding="utf-8"?>\n'
    xhtml = (f'{decl}{doctype}<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>'
             f"<body><p>&{entity};</p></body></html>")
    if where == "xhtml":
        return build_epub(tmp_path / "b.epub", [Doc("c.xhtml", raw=xhtml)])
    if where == "container":
        container = (f'{decl}{doctype}<container version="1.0" '
                     'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                     f'<rootfile full-path="OEBPS/content.opf&{entity};" '
                     'media-type="application/oebps-package+xml"/>'
                     "</rootfiles></container>")
        return build_epub(tmp_path / "b.epub", [("c.xhtml", "", "<p>x</p>")], container_xml=container)
    if where == "opf":
        opf = (f'{decl}{doctype}<package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
               'xmlns:dc="http://purl.org/dc/elements/1.1/"><metadata>'
               f"<dc:title>&{entity};</dc:title></metadata><manifest>"
               '<item id="c" href="text/c.xhtml" media-type="application/xhtml+xml"/></manifest>'
               '<spine><itemref idref="c"/></spine></package>')
        return build_epub(tmp_path / "b.epub", [("c.xhtml", "", "<p>x</p>")], opf_xml=opf)
    if where == "nav":
        book = build_epub(tmp_path / "b.epub", [("c.xhtml", "", "<p>x</p>")])
        nav = xhtml.replace("<body>", '<body><nav xmlns:epub="http://www.idpf.org/2007/ops" epub:type="toc">'
                            f'<ol><li><a href="text/c.xhtml">&{entity};</a></li></ol></nav>')
        return _replace_member(book, "OEBPS/nav.xhtml", nav)
    if where == "ncx":
        book = build_epub(tmp_path / "b.epub", [("c.xhtml", "", "<p>x</p>")], version=2)
        ncx = (f'{decl}{doctype}<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap><navPoint>'
               f'<navLabel><text>&{entity};</text></navLabel><content src="text/c.xhtml"/></navPoint>'
               "</navMap></ncx>")
        return _replace_member(book, "OEBPS/toc.ncx", ncx)
    assert where == "encryption"
    enc = encryption_xml(["OEBPS/f.otf"]).replace("<encryption", f"{doctype}<encryption", 1)
    return build_epub(tmp_path / "b.epub", [("c.xhtml", "", "<p>x</p>")],
                      extra_files={"META-INF/encryption.xml": enc})


def _replace_member(book: Path, member: str, text: str) -> Path:
    with zipfile.ZipFile(book) as zf:
        data = {i.filename: zf.read(i) for i in zf.infolist()}
    data[member] = text.encode("utf-8")
    return build_zip(book, data)


@pytest.mark.parametrize("where", ["xhtml", "container", "opf", "nav", "ncx", "encryption"])
@pytest.mark.parametrize("attack", ["billion laughs", "xxe"])
def test_entity_declarations_refused_everywhere(tmp_path: Path, where: str, attack: str) -> None:
    doctype, entity = (BILLION_LAUGHS, "lol3") if attack == "billion laughs" else (XXE, "xxe")
    book = _hostile(doctype, entity, where, tmp_path)
    message = one_line_refusal(book)
    assert "entities" in message
    assert "root:" not in message


def test_standard_xhtml_doctype_accepted(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "b.epub", [("c.xhtml", "", "<h1>One</h1><p>Caf&eacute; &amp; more.</p>")],
                      version=2)
    assert "Café & more." in visible_text(read(book))


def test_href_escaping_the_container_is_ignored(tmp_path: Path) -> None:
    opf = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
           '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title></metadata><manifest>'
           '<item id="evil" href="../../etc/passwd" media-type="application/xhtml+xml"/>'
           '<item id="abs" href="/etc/passwd" media-type="application/xhtml+xml"/>'
           '<item id="web" href="https://example.com/c.xhtml" media-type="application/xhtml+xml"/>'
           '<item id="c" href="text/c.xhtml" media-type="application/xhtml+xml"/></manifest>'
           '<spine><itemref idref="evil"/><itemref idref="abs"/><itemref idref="web"/><itemref idref="c"/>'
           "</spine></package>")
    css_link = '<link rel="stylesheet" href="../../../../etc/passwd"/>'
    book = build_epub(tmp_path / "b.epub", [Doc("c.xhtml", "<h1>One</h1><p>Story.</p>", head=css_link)],
                      opf_xml=opf)
    m = read(book)
    assert visible_text(m) == "One\nStory."
    messages = " ".join(w.message for w in m.warnings)
    assert "outside the EPUB container" in messages
    assert "absolute path" in messages
    assert "root:" not in messages + visible_text(m)


def test_missing_spine_member_warns_and_goes_on(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "b.epub", [
        ("c1.xhtml", "", "<h1>One</h1><p>Story.</p>"),
        ("c2.xhtml", "", "<h1>Two</h1><p>Gone.</p>"),
        ("c3.xhtml", "", "<h1>Three</h1><p>More.</p>"),
    ], omit=[member_path("c2.xhtml")])
    m = read(book)
    assert [s.heading for s in m.sections] == ["One", "Three"]
    [warning] = m.warnings
    assert "missing" in warning.message and "c2.xhtml" in warning.message


def test_damaged_xhtml_is_recovered_with_a_warning(tmp_path: Path) -> None:
    raw = ('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>'
           "<body><h1>One</h1><p>Story <b>bold</p><p>More.</p></body></html>")
    m = read(build_epub(tmp_path / "b.epub", [Doc("c.xhtml", raw=raw), ("d.xhtml", "", "<p>Fine.</p>")]))
    assert "Story" in visible_text(m) and "Fine." in visible_text(m)
    assert any("damaged" in w.message for w in m.warnings)


def test_big_images_are_never_inflated(tmp_path: Path) -> None:
    images = {f"OEBPS/images/img{i}.jpg": bytes(8 * 1024 * 1024) for i in range(4)}
    body = '<h1>One</h1><p>Story.</p><img src="../images/img0.jpg" alt="x"/>'
    book = build_epub(tmp_path / "b.epub", [("c.xhtml", "", body)], extra_files=images)
    tracemalloc.start()
    start = time.process_time()
    m = read(book)
    elapsed = time.process_time() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "Story." in visible_text(m)
    assert peak < 4 * 1024 * 1024
    assert elapsed < 2


def test_a_long_book_is_read_holding_its_model_not_every_chapter_twice(tmp_path: Path) -> None:
    """Each document's blocks become the model's as it is read (issue 21): the read's peak is
    the model and one chapter's work, not a second record of every paragraph until the last
    chapter is in (that was a third more than the model)."""
    chapters = [(f"c{n}.xhtml", "bodymatter chapter", f"<h1>Chapter {n}</h1>" + "".join(
        f"<p>Paragraph {i} of chapter {n}: the ferry waited at the quay while the rain came down.</p>"
        for i in range(150))) for n in range(60)]
    book = build_epub(tmp_path / "long.epub", chapters)
    read(book)  # the modules a read imports are not the book's
    tracemalloc.start()
    try:
        m = read(book)
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sum(len(s.blocks) for s in m.sections) == 60 * 151
    assert peak - held < 0.12 * held


# -- fuzzing: damaged bytes give a manuscript or one clear refusal, never a traceback --------------------


def _fuzz_base(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    book = build_epub(tmp_path_factory.mktemp("fuzz") / "b.epub", [
        ("c1.xhtml", "frontmatter foreword", "<h1>Foreword</h1><p>Words.</p>"),
        ("c2.xhtml", "bodymatter chapter", '<h1>One</h1><p class="a">Story.</p>'),
    ], css=".a{display:none}", landmarks=[("bodymatter", "c2.xhtml")])
    return book.read_bytes()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzzed_epub_never_tracebacks(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    raw = bytearray(_fuzz_base(tmp_path_factory))
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    path = tmp_path_factory.mktemp("f") / "b.epub"
    path.write_bytes(bytes(raw))
    try:
        m = read(path)
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert m.format == "epub"


# -- the same book in EPUB and Markdown gets the same verdicts -------------------------------------------


def _twin_books(folder: Path, foreword: str | None, afterword: str | None = None,
                author: str | None = "Jordan Vale", version: int = 3) -> tuple[Path, Path]:
    from books import CHAPTER, markdown_book, write_book

    md = write_book(folder, markdown_book(foreword, author=author, afterword=afterword))
    docs: list[DocLike] = [("title.xhtml", "frontmatter titlepage", "<h1>Harbor Lights</h1>")]
    if foreword is not None:
        docs.append(("foreword.xhtml", "frontmatter foreword", f"<h1>Foreword</h1>\n{_paragraphs(foreword)}"))
    for n in (1, 2):
        docs.append((f"chapter-{n}.xhtml", "bodymatter chapter", f"<h1>Chapter {n}</h1>\n<p>{CHAPTER}</p>"))
    if afterword is not None:
        docs.append(("afterword.xhtml", "backmatter afterword", f"<h1>Afterword</h1>\n{_paragraphs(afterword)}"))
    epub = build_epub(folder / "book.epub", docs, title="Harbor Lights", version=version,
                      authors=[author] if author else [])
    return md, epub


def _paragraphs(text: str) -> str:
    import html

    return "\n".join(p if p.startswith("<!--") else f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))


TWINS: dict[str, dict[str, str | int | None]] = {
    "stock disclosure in the foreword": {"foreword": "STOCK"},
    "no disclosure": {"foreword": None},
    "disclosure only in the afterword": {"foreword": None, "afterword": "STOCK"},
    "no author": {"foreword": "STOCK", "author": None},
    "vague disclosure": {"foreword": "Some AI tools were used."},
    "epub 2": {"foreword": "STOCK", "version": 2},
    "disclosure only in a comment": {"foreword": "A few words first.\n\n<!-- STOCK -->"},
}


@pytest.mark.parametrize("name", list(TWINS))
def test_same_book_in_epub_and_markdown_same_rules(tmp_path: Path, run: Any, name: str) -> None:
    from books import STOCK

    case = {k: (v.replace("STOCK", STOCK) if isinstance(v, str) else v) for k, v in TWINS[name].items()}
    md, epub = _twin_books(tmp_path, **case)  # type: ignore[arg-type]
    md_run, epub_run = run("check", "--format", "json", md), run("check", "--format", "json", epub)
    assert epub_run.code == md_run.code
    assert epub_run.rules() == md_run.rules()
    if name == "no disclosure":
        assert "disclosure-missing" in epub_run.rules()
    if name == "disclosure only in a comment":
        assert "disclosure-hidden" in epub_run.rules()
    if name == "disclosure only in the afterword":
        assert "disclosure-placement" in epub_run.rules()


def test_only_the_book_s_first_page_of_pictures_is_not_read_by_its_alt_text(tmp_path: Path) -> None:
    """The documents are gathered one at a time (`navigation.Gathered`): the first page of the
    book is still known as such when a later page shows only pictures."""
    book = build_epub(tmp_path / "b.epub", [
        ("p1.xhtml", "", '<img src="../images/a.jpg" alt="A lighthouse at dusk."/>'),
        ("p2.xhtml", "", '<img src="../images/b.jpg" alt="The harbour at dawn."/>'),
        ("c1.xhtml", "bodymatter chapter", "<h1>One</h1><p>Story.</p>"),
        ("p3.xhtml", "", '<img src="../images/c.jpg" alt="The quay, empty."/>'),
    ])
    m = read(book)
    text = visible_text(m)
    assert "A lighthouse at dusk." not in text
    assert "The harbour at dawn." in text and "The quay, empty." in text
    assert [p.alt for p in m.picture_pages] == ["The harbour at dawn.", "The quay, empty."]
