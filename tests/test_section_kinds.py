"""Section kinds from all the evidence (issue 14, item 1).

Converters mark sections in blanket terms (pandoc's EPUB 3 puts ``epub:type="bodymatter"`` on
every section after the title page, Sigil a ``bodymatter`` landmark on the first chapter) or not
at all (calibre makes a Word manuscript's headings bold centred paragraphs through CSS classes).
One classifier weighs the heading, the table of contents, what the markup states and how far it
can be trusted, and the order of the sections, for Markdown, DOCX and EPUB alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from books import CHAPTER, STOCK, markdown_book, write_book
from docx_builders import build_docx
from epub_builders import Doc, build_epub
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint import patterns as rx
from disclosure_lint.model import Kind, Manuscript, Role
from disclosure_lint.readers import read_manuscript
from disclosure_lint.readers.sections import Evidence, classify_sections
from disclosure_lint.readers.vocabulary import (
    CHAPTER_WORDS,
    HEADING_PATTERNS,
    classify_heading,
    normalise_heading,
)

NOTE = ("I drafted parts of this novel with ChatGPT: it wrote first drafts of several scenes from my "
        "outline. I revised every page myself, and I take full responsibility for the content.")

F, B, K = Role.FRONT, Role.BODY, Role.BACK


def outline(m: Manuscript) -> list[tuple[Role, Kind, str | None]]:
    return [(s.role, s.kind, s.heading) for s in m.sections]


def roles_and_kinds(m: Manuscript) -> list[tuple[Role, Kind]]:
    return [(s.role, s.kind) for s in m.sections]


# -- the classifier -------------------------------------------------------------------------------


def _classify(*evidence: Evidence) -> list[tuple[Role, Kind]]:
    return [(role, kind) for kind, role in classify_sections(list(evidence))]


def test_words_and_order_alone_as_markdown_and_docx_give_them() -> None:
    assert _classify(
        Evidence(heading=Kind.TITLE_PAGE), Evidence(heading=Kind.AUTHORS_NOTE), Evidence(heading=Kind.CHAPTER),
        Evidence(heading=Kind.OTHER), Evidence(heading=Kind.CHAPTER), Evidence(heading=Kind.AI_NOTE),
        Evidence(heading=Kind.ABOUT_AUTHOR),
    ) == [(F, Kind.TITLE_PAGE), (F, Kind.AUTHORS_NOTE), (B, Kind.CHAPTER), (B, Kind.OTHER), (B, Kind.CHAPTER),
          (K, Kind.AI_NOTE), (K, Kind.ABOUT_AUTHOR)]


def test_blanket_bodymatter_loses_to_headings_that_name_front_and_back_matter_in_their_place() -> None:
    body = Role.BODY
    assert _classify(
        Evidence(heading=Kind.TITLE_PAGE, stated=Kind.TITLE_PAGE, stated_role=Role.FRONT),
        Evidence(heading=Kind.FOREWORD, stated_role=body),
        Evidence(heading=Kind.AUTHORS_NOTE, stated_role=body),
        Evidence(heading=Kind.CHAPTER, stated_role=body),
        Evidence(heading=Kind.INTRODUCTION, stated_role=body),  # after the first chapter: story
        Evidence(heading=Kind.OTHER, stated_role=body),
        Evidence(heading=Kind.AI_NOTE, stated_role=body),
        Evidence(heading=Kind.OTHER, stated_role=body),  # "Also by": after the note, not story
    ) == [(F, Kind.TITLE_PAGE), (F, Kind.FOREWORD), (F, Kind.AUTHORS_NOTE), (B, Kind.CHAPTER),
          (B, Kind.INTRODUCTION), (B, Kind.OTHER), (K, Kind.AI_NOTE), (K, Kind.OTHER)]


def test_blanket_chapter_type_stands_where_its_place_agrees() -> None:
    chapter = Kind.CHAPTER
    assert _classify(
        Evidence(heading=Kind.PREFACE, stated=chapter),  # "Preface" typed chapter, before the story
        Evidence(heading=Kind.OTHER, stated=chapter),  # "The Storm" typed chapter: a chapter
        Evidence(heading=Kind.INTRODUCTION, stated=chapter),  # mid-book: the markup's word stands
        Evidence(heading=Kind.OTHER, stated=chapter),
        Evidence(heading=Kind.OTHER, label=Kind.ACKNOWLEDGMENTS, stated=chapter),  # the toc names it
    ) == [(F, Kind.PREFACE), (B, chapter), (B, chapter), (B, chapter), (K, Kind.ACKNOWLEDGMENTS)]


def test_trusted_statements_win_over_words_and_order() -> None:
    assert _classify(
        Evidence(heading=Kind.OTHER, stated=Kind.FOREWORD),
        Evidence(heading=Kind.CHAPTER),
        Evidence(heading=Kind.CHAPTER, stated_role=Role.BACK),
        Evidence(heading=Kind.OTHER, stated=Kind.ACKNOWLEDGMENTS, stated_role=Role.BACK),
    ) == [(F, Kind.FOREWORD), (B, Kind.CHAPTER), (K, Kind.CHAPTER), (K, Kind.ACKNOWLEDGMENTS)]


def test_a_bodymatter_landmark_marks_the_sections_after_it_until_back_matter() -> None:
    assert _classify(
        Evidence(), Evidence(body_starts=True, stated_role=Role.BODY), Evidence(), Evidence(heading=Kind.AI_NOTE),
        Evidence(heading=Kind.AFTERWORD), Evidence(),
    ) == [(F, Kind.OTHER), (B, Kind.OTHER), (B, Kind.OTHER), (K, Kind.AI_NOTE), (K, Kind.AFTERWORD),
          (K, Kind.OTHER)]


def test_chapter_words_are_tried_first_without_changing_a_verdict() -> None:
    # classify_heading answers "Chapter ..." before trying the other patterns: sound only while
    # none of them matches a heading that starts with a chapter word.
    *others, (last, kind) = HEADING_PATTERNS
    assert kind is Kind.CHAPTER
    for word in CHAPTER_WORDS:
        for heading in (f"{word} 7", f"{word} seven: the storm", f"{word.upper()} ONE"):
            norm = normalise_heading(heading)
            assert not any(rx.fullmatch(p, norm) for p, _ in others), heading
            assert rx.fullmatch(last, norm) and classify_heading(heading) is Kind.CHAPTER


# -- EPUB: blanket epub:type and landmarks --------------------------------------------------------


def _pandoc_epub(path: Path, sections: list[tuple[str, str]]) -> Path:
    """pandoc's EPUB 3: a title page typed frontmatter/titlepage, then one document per section,
    each ``<body epub:type="bodymatter"><section id=... class="level1"><h1>``."""
    docs = [Doc("title_page.xhtml", '<section epub:type="titlepage" class="titlepage"><h1 class="title">'
                "Harbor Lights</h1><p class=\"author\">Jordan Vale</p></section>", "frontmatter")]
    for n, (heading, text) in enumerate(sections, 1):
        docs.append(Doc(f"ch{n:03}.xhtml", f'<section id="s{n}" class="level1"><h1>{escape(heading)}</h1>'
                                           f"<p>{escape(text)}</p></section>", "bodymatter"))
    return build_epub(path, docs, title="Harbor Lights", authors=["Jordan Vale"],
                      landmarks=[("titlepage", "title_page.xhtml")])


def test_pandoc_epub3_every_section_bodymatter(tmp_path: Path) -> None:
    book = _pandoc_epub(tmp_path / "b.epub", [
        ("Foreword", STOCK), ("Author's Note", "Thanks for reading."), ("Chapter One", CHAPTER),
        ("Chapter Two", CHAPTER), ("Afterword", "The end."), ("Acknowledgments", "To my editor."),
        ("About the Author", "Jordan Vale lives by the sea."),
    ])
    assert outline(read_manuscript(book)) == [
        (F, Kind.TITLE_PAGE, "Harbor Lights"),
        (F, Kind.FOREWORD, "Foreword"),
        (F, Kind.AUTHORS_NOTE, "Author's Note"),
        (B, Kind.CHAPTER, "Chapter One"),
        (B, Kind.CHAPTER, "Chapter Two"),
        (K, Kind.AFTERWORD, "Afterword"),
        (K, Kind.ACKNOWLEDGMENTS, "Acknowledgments"),
        (K, Kind.ABOUT_AUTHOR, "About the Author"),
    ]


@pytest.mark.parametrize("heading", ["Foreword", "Preface", "Introduction", "Author's Note",
                                     "A Note on the Text", "About This Book", "Publisher's Note",
                                     "A Note on the Use of AI"])
def test_pandoc_front_matter_heading_before_the_first_chapter_is_front_matter(
        heading: str, tmp_path: Path, run: Any) -> None:
    book = _pandoc_epub(tmp_path / "b.epub", [(heading, STOCK), ("Chapter One", CHAPTER), ("Chapter Two", CHAPTER)])
    assert roles_and_kinds(read_manuscript(book))[1][0] is F
    result = run("check", "--format", "json", book).json()
    assert result["files"][0]["findings"] == []


def test_pandoc_note_after_the_last_chapter_is_back_matter(tmp_path: Path, run: Any) -> None:
    book = _pandoc_epub(tmp_path / "b.epub", [
        ("Chapter One", CHAPTER), ("Chapter Two", CHAPTER), ("A Note on the Use of AI", NOTE),
        ("Also by Jordan Vale", "The Lantern Keeper. Salt Road."),
    ])
    assert roles_and_kinds(read_manuscript(book))[1:] == [
        (B, Kind.CHAPTER), (B, Kind.CHAPTER), (K, Kind.AI_NOTE), (K, Kind.OTHER)]
    [finding] = run("check", "--format", "json", book).json()["files"][0]["findings"]
    assert finding["rule"] == "disclosure-placement"
    assert "the back matter (note on AI), after the story" in finding["message"]


def test_sigil_bodymatter_landmark_then_a_note_after_the_last_chapter(tmp_path: Path, run: Any) -> None:
    book = build_epub(tmp_path / "b.epub", [
        Doc("Section0001.xhtml", '<h1>Harbor Lights</h1><p class="byline">by Jordan Vale</p>'),
        Doc("Section0002.xhtml", f"<h1>Chapter One</h1><p>{CHAPTER}</p>"),
        Doc("Section0003.xhtml", f"<h1>Chapter Two</h1><p>{CHAPTER}</p>"),
        Doc("Section0004.xhtml", f"<h1>A Note on the Use of AI</h1><p>{NOTE}</p>"),
        Doc("Section0005.xhtml", "<h1>Acknowledgments</h1><p>To my editor.</p>"),
    ], landmarks=[("bodymatter", "Section0002.xhtml")], title="Harbor Lights", authors=["Jordan Vale"])
    assert roles_and_kinds(read_manuscript(book)) == [
        (F, Kind.OTHER), (B, Kind.CHAPTER), (B, Kind.CHAPTER), (K, Kind.AI_NOTE), (K, Kind.ACKNOWLEDGMENTS)]
    findings = run("check", "--format", "json", book).json()["files"][0]["findings"]
    assert [f["rule"] for f in findings] == ["disclosure-placement"]


def test_genuine_chapters_typed_bodymatter_stay_story(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "b.epub", [
        ("ch1.xhtml", "bodymatter", f"<h1>Chapter 1</h1><p>{CHAPTER}</p>"),
        ("ch2.xhtml", "bodymatter chapter", f"<h1>The Storm</h1><p>{CHAPTER}</p>"),
        ("ch3.xhtml", "bodymatter", f"<h1>The Calm</h1><p>{CHAPTER}</p>"),
    ], toc=False)
    assert roles_and_kinds(read_manuscript(book)) == [(B, Kind.CHAPTER), (B, Kind.CHAPTER), (B, Kind.OTHER)]


def test_front_matter_looking_heading_after_the_first_chapter_stays_story(tmp_path: Path) -> None:
    book = _pandoc_epub(tmp_path / "b.epub", [
        ("Chapter One", CHAPTER), ("Interlude", CHAPTER), ("Introduction", "Mid-book, a new voice."),
        ("A Note Left on the Table", CHAPTER), ("Chapter Two", CHAPTER),
    ])
    assert roles_and_kinds(read_manuscript(book))[1:] == [
        (B, Kind.CHAPTER), (B, Kind.OTHER), (B, Kind.INTRODUCTION), (B, Kind.AUTHORS_NOTE), (B, Kind.CHAPTER)]


def test_toc_label_is_evidence_under_blanket_bodymatter(tmp_path: Path) -> None:
    # No heading in the document: the table of contents names it.
    book = build_epub(tmp_path / "b.epub", [
        Doc("a.xhtml", f"<p>{STOCK}</p>", "bodymatter", label="Foreword"),
        Doc("b.xhtml", f"<p>{CHAPTER}</p>", "bodymatter", label="Chapter One"),
        Doc("c.xhtml", "<p>To my editor.</p>", "bodymatter", label="Acknowledgments"),
    ])
    assert outline(read_manuscript(book)) == [
        (F, Kind.FOREWORD, "Foreword"), (B, Kind.CHAPTER, "Chapter One"),
        (K, Kind.ACKNOWLEDGMENTS, "Acknowledgments")]


# -- EPUB: headings made only with CSS -------------------------------------------------------------

CALIBRE_CSS = """
.block_ { display: block; font-size: 1.41667em; font-weight: bold; text-align: center; margin: 216pt 0 0 }
.block_1 { display: block; text-align: center; margin: 0 }
.block_2 { display: block; margin: 0 }
.block_3 { display: block; font-weight: bold; text-align: center; margin: 0 }
.block_4 { display: block; line-height: 2; text-indent: 36pt; margin: 0 }
.calibre { display: block; font-family: "Times New Roman", serif; font-size: 1em }
"""


def _calibre_doc(name: str, heading: str | None, *paragraphs: str) -> Doc:
    head = f'<p class="block_3">{escape(heading)}</p>\n' if heading else ""
    body = head + "\n".join(f'<p class="block_4">{escape(p)}</p>' for p in paragraphs)
    return Doc(name, body + '\n<p class="block_2" id="pb"> </p>', label="Start")


def _calibre_epub(path: Path, sections: list[tuple[str, str]]) -> Path:
    """calibre's EPUB of a Word manuscript: EPUB 2, ``index_split_NNN.html`` split at page breaks,
    headings as ``<p class="block_3">`` (bold and centred through the stylesheet), a toc of "Start"."""
    docs = [Doc("index_split_000.html", '<p class="block_">Harbor Lights</p>\n'
                                        '<p class="block_1">by Jordan Vale</p>', label="Start")]
    docs += [_calibre_doc(f"index_split_{n:03}.html", h, t) for n, (h, t) in enumerate(sections, 1)]
    return build_epub(path, docs, version=2, css=CALIBRE_CSS, title="Harbor Lights", authors=["Jordan Vale"])


def test_calibre_css_class_headings(tmp_path: Path, run: Any) -> None:
    book = _calibre_epub(tmp_path / "b.epub", [
        ("Foreword", STOCK), ("Chapter One", CHAPTER), ("Chapter Two", CHAPTER), ("A Note on the Use of AI", NOTE)])
    assert outline(read_manuscript(book)) == [
        (F, Kind.OTHER, "Harbor Lights"), (F, Kind.FOREWORD, "Foreword"), (B, Kind.CHAPTER, "Chapter One"),
        (B, Kind.CHAPTER, "Chapter Two"), (K, Kind.AI_NOTE, "A Note on the Use of AI")]
    m = read_manuscript(book)
    assert [b.is_heading for b in m.sections[1].blocks] == [True, False]
    findings = run("check", "--format", "json", book).json()["files"][0]["findings"]
    assert [f["rule"] for f in findings] == []  # the Foreword's stock language, before the story


def test_css_headings_in_one_document(tmp_path: Path) -> None:
    body = "\n".join([
        '<p class="block_">Harbor Lights</p>', '<p class="block_1">A Novel</p>',
        '<p class="block_3">Author\'s Note</p>', f'<p class="block_4">{NOTE}</p>',
        '<p class="block_3">One</p>', f'<p class="block_4">{CHAPTER}</p>',
        '<p class="block_3">THE STORM</p>', f'<p class="block_4">{CHAPTER}</p>',
        '<p class="block_3">Two</p>', f'<p class="block_4">{CHAPTER}</p>',
    ])
    book = build_epub(tmp_path / "b.epub", [Doc("index.html", body)], css=CALIBRE_CSS, toc=False)
    assert outline(read_manuscript(book)) == [
        (F, Kind.OTHER, "Harbor Lights"), (F, Kind.AUTHORS_NOTE, "Author's Note"), (B, Kind.CHAPTER, "One"),
        (B, Kind.OTHER, "THE STORM"), (B, Kind.CHAPTER, "Two")]


#: A heading the vocabulary names, of more than two words: without a heading's look, a paragraph.
NOTE_HEADING = "Note from the Author"


@pytest.mark.parametrize(("markup", "css"), [
    (f'<p id="fw">{NOTE_HEADING}</p>', "#fw { font-weight: 700 }"),
    (f'<p style="text-align: center">{NOTE_HEADING}</p>', ""),
    (f"<p><b>{NOTE_HEADING}</b></p>", ""),
    (f'<div align="center"><span>{NOTE_HEADING}</span></div>', ""),
    ("<p><strong>Note from</strong> <b>the Author</b></p>", ""),
    (f'<p><span class="big">{NOTE_HEADING}</span></p>', ".big { font-size: 1.5em }"),
    (f'<div class="front"><p>{NOTE_HEADING}</p></div>', "div.front p { text-transform: uppercase }"),
    (f'<p class="a b">{NOTE_HEADING}</p>', ".a { font-weight: normal } p.b { font-weight: bold }"),
])
def test_css_heading_through_ids_inline_styles_and_emphasis(markup: str, css: str, tmp_path: Path) -> None:
    body = f"<p>{CHAPTER}</p>\n{markup}\n<p>{STOCK}</p>"
    book = build_epub(tmp_path / "b.epub", [Doc("a.xhtml", body), Doc("b.xhtml", f"<h1>Chapter 1</h1><p>{CHAPTER}</p>")],
                      css=css or None, toc=False)
    m = read_manuscript(book)
    assert outline(m) == [(F, Kind.AUTHORS_NOTE, NOTE_HEADING), (B, Kind.CHAPTER, "Chapter 1")]
    assert [b.is_heading for b in m.sections[0].blocks] == [False, True, False]


@pytest.mark.parametrize(("markup", "css"), [
    (f"<p>{NOTE_HEADING}</p>", ""),
    (f'<p class="x">{NOTE_HEADING}</p>', ".x { font-weight: normal; font-size: 1em; text-align: left }"),
    ("<p><b>Note from</b> the Author</p>", ""),  # partly bold
    (f'<p class="big">{NOTE_HEADING}</p>', "body { font-size: 2em } .big { font-size: 1em }"),  # page-sized
])
def test_no_heading_look(markup: str, css: str, tmp_path: Path) -> None:
    body = f"<p>{CHAPTER}</p>\n{markup}\n<p>{STOCK}</p>"
    book = build_epub(tmp_path / "b.epub", [Doc("a.xhtml", body)], css=css or None, toc=False)
    assert [s.heading for s in read_manuscript(book).sections] == [None]


@pytest.mark.parametrize("markup", [
    '<p class="block_3">She ran to the harbor.</p>',  # a sentence
    '<p class="block_3">“Run, Mira!”</p>',  # dialogue
    f'<p class="block_4">It was <b>cold</b> and {CHAPTER}</p>',  # a bold word in a paragraph
    '<blockquote><p class="block_3">The Storm Warning</p></blockquote>',  # a quotation
    '<ul><li class="block_3">Foreword</li></ul>',  # a list item
    '<p class="block_4">The Storm Warning</p>',  # a plain line with no heading look
    '<p class="block_3">by Jordan Vale</p>',  # a by-line
])
def test_not_css_headings(markup: str, tmp_path: Path) -> None:
    body = f'<p class="block_4">{CHAPTER}</p>\n{markup}\n<p class="block_4">{CHAPTER}</p>'
    book = build_epub(tmp_path / "b.epub", [Doc("a.xhtml", body)], css=CALIBRE_CSS, toc=False)
    assert [s.heading for s in read_manuscript(book).sections] == [None]


def test_a_document_that_marks_its_headings_has_no_css_headings(tmp_path: Path) -> None:
    body = (f'<h1>Chapter 1</h1><p class="block_4">{CHAPTER}</p><p class="block_3">Foreword</p>'
            f'<p class="block_4">{CHAPTER}</p>')
    book = build_epub(tmp_path / "b.epub", [Doc("a.xhtml", body)], css=CALIBRE_CSS, toc=False)
    assert outline(read_manuscript(book)) == [(B, Kind.CHAPTER, "Chapter 1")]


def test_a_subtitle_under_a_css_heading_is_not_another_heading(tmp_path: Path) -> None:
    body = ('<p class="block_3">THE STORM</p><p class="block_3">WINTER 1921</p>'
            f'<p class="block_4">{CHAPTER}</p>')
    book = build_epub(tmp_path / "b.epub", [Doc("a.xhtml", body)], css=CALIBRE_CSS, toc=False)
    assert [s.heading for s in read_manuscript(book).sections] == ["THE STORM"]


@pytest.mark.parametrize(("line", "look", "heading"), [
    ("Foreword", {"bold": True}, True),
    ("THE STORM", {"bold": True, "center": True}, True),
    ("The Storm", {"center": True}, False),  # centred but not emphasised
    ("Chapter One", {}, True),  # the vocabulary names it
    ("Second page of it", {}, False),
    ("The tide turned.", {"bold": True, "center": True}, False),
])
def test_css_and_direct_formatting_headings_follow_one_rule(
        line: str, look: dict[str, bool], heading: bool, tmp_path: Path) -> None:
    docx = build_docx(tmp_path / "b.docx", [CHAPTER, ("Normal", line, look), CHAPTER])
    styles = "; ".join(s for k, s in (("bold", "font-weight: bold"), ("center", "text-align: center")) if look.get(k))
    epub = build_epub(tmp_path / "b.epub", [Doc("a.xhtml", f'<p>{CHAPTER}</p><p style="{styles}">{line}</p>'
                                                           f"<p>{CHAPTER}</p>")], toc=False)
    # (A heading after text opens a new section in DOCX, and takes over the untitled one in EPUB,
    # as an <h1> does.)
    headings = [[s.heading for s in read_manuscript(p).sections if s.heading] for p in (docx, epub)]
    assert headings[0] == headings[1] == ([line] if heading else [])


# -- one book, every format --------------------------------------------------------------------------

BOOK = [("Foreword", STOCK), ("Chapter One", CHAPTER), ("Chapter Two", CHAPTER),
        ("A Note on the Use of AI", NOTE), ("About the Author", "Jordan Vale lives by the sea.")]
EXPECTED = [(F, Kind.FOREWORD), (B, Kind.CHAPTER), (B, Kind.CHAPTER), (K, Kind.AI_NOTE), (K, Kind.ABOUT_AUTHOR)]


def _markdown(path: Path) -> Path:
    return write_book(path.parent, "\n".join(f"# {h}\n\n{t}\n" for h, t in BOOK), path.name)


def _word(path: Path) -> Path:  # standard manuscript format: bold centred capitals in Normal
    paragraphs: list[Any] = []
    for h, t in BOOK:
        paragraphs += [("Normal", h.upper(), {"bold": True, "center": True, "page_break_before": True}), t]
    return build_docx(path, paragraphs, author="Jordan Vale")


def _sigil(path: Path) -> Path:
    docs = [Doc(f"Section{n:04}.xhtml", f"<h1>{escape(h)}</h1><p>{escape(t)}</p>") for n, (h, t) in enumerate(BOOK, 1)]
    return build_epub(path, docs, landmarks=[("bodymatter", "Section0002.xhtml")])


SHAPES = {
    "markdown": ("book.md", _markdown),
    "docx-word": ("word.docx", _word),
    "epub-pandoc": ("pandoc.epub", lambda p: _pandoc_epub(p, BOOK)),
    "epub-calibre": ("calibre.epub", lambda p: _calibre_epub(p, BOOK)),
    "epub-sigil": ("sigil.epub", _sigil),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_one_book_gets_the_same_sections_whatever_the_format(shape: str, tmp_path: Path) -> None:
    name, make = SHAPES[shape]
    sections = roles_and_kinds(read_manuscript(make(tmp_path / name)))
    if shape in ("epub-pandoc", "epub-calibre"):
        sections = sections[1:]  # the title page the converter writes
    assert sections == EXPECTED


# -- disclosure-placement says where the disclosure is, without contradicting itself ----------------


def test_a_foreword_before_the_story_is_never_the_story_itself(tmp_path: Path, run: Any) -> None:
    book = _pandoc_epub(tmp_path / "b.epub", [("Foreword", STOCK), ("Chapter One", CHAPTER)])
    out = run("check", book)
    assert out.code == 0, out.stdout


def test_a_foreword_after_the_first_chapter_is_told_to_move_before_it(tmp_path: Path, run: Any) -> None:
    text = markdown_book(None, chapters=[CHAPTER])
    text += f"\n# Foreword\n\n{NOTE}\n\n# Chapter 2\n\n{CHAPTER}\n"
    [finding] = [f for f in run("check", "--format", "json", write_book(tmp_path, text)).json()["files"][0]["findings"]
                 if f["rule"] == "disclosure-placement"]
    message = finding["message"]
    assert "is only in “Foreword”, which comes after the story has begun (after “Chapter 1”)" in message
    assert "move it before the first chapter" in message
    assert "story itself" not in message and "(a Foreword" not in message


_HEADING_PIECES = ["one", "twenty", "sixty", "first", "iv", "xii", "mmx", "12", "٣", "the", "title", "vi", "x",
                   "tenth", "pride", "c", "d", "a"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_HEADING_PIECES), st.sampled_from(list(" -.:)")),
                          st.text(alphabet="mdclxvi1a ", max_size=4)), max_size=6).map("".join))
def test_a_heading_is_matched_as_a_number_only_where_its_first_word_may_be_one(text: str) -> None:
    """`_may_be_number` answers before the number pattern is compiled: wherever the pattern
    matches a heading, it says it may."""
    from disclosure_lint.readers.vocabulary import _compiled, _may_be_number

    compiled = _compiled()
    norm = normalise_heading(text)
    if compiled.bare_number.fullmatch(norm):
        assert _may_be_number(norm, compiled.number_words), norm


def test_a_title_does_not_need_the_number_pattern() -> None:
    from disclosure_lint.readers.vocabulary import _compiled, _may_be_number

    words = _compiled().number_words
    assert words is not None and "twenty" in words
    for title in ("pride and prejudice", "the adventures of sherlock holmes", "a book"):
        assert not _may_be_number(title, words)
    for heading in ("iv", "12. the storm", "twenty-one", "chapter", ") x"):
        assert _may_be_number(heading, words) == (heading != "chapter")
    assert classify_heading("Pride and Prejudice") is Kind.OTHER and classify_heading("XII") is Kind.CHAPTER


@pytest.mark.parametrize(("pattern", "starts"), [
    ("a?b", "ab"), ("(?:x|y)?z+", "xyz"), ("(a|)b", "ab"), ("ab{0,2}", "a"), ("x{,3}y", "xy"), ("\\.x", "."),
    ("(?P<n>q)r", "q"), ("a[)|]b|c", "ac"), ("x\\)|y", "xy"), ("fore[- ]?word", "f"),
    ("a*", None), ("\\w+", None), ("[ab]c", None), ("(?i)a", None), ("^a", None), ("a|", None), ("(?=a)a", None),
])
def test_the_first_characters_of_a_pattern(pattern: str, starts: str | None) -> None:
    from disclosure_lint.literals import first_characters

    assert first_characters(pattern) == (frozenset(starts) if starts is not None else None)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_every_heading_a_pattern_names_begins_with_one_of_its_first_characters(data: st.DataObject) -> None:
    """`classify_heading` tries a pattern only on a heading beginning with what it can begin with."""
    import re

    from disclosure_lint.literals import first_characters

    pattern, _ = data.draw(st.sampled_from(HEADING_PATTERNS))
    starts = first_characters(pattern)
    heading = data.draw(st.from_regex(re.compile(pattern), fullmatch=True))
    if starts is not None and heading:
        assert heading[0] in starts, (pattern, heading)
    assert sum(first_characters(p) is not None for p, _ in HEADING_PATTERNS) == len(HEADING_PATTERNS)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_heading_is_named_alike_with_and_without_the_pattern_cache(data: st.DataObject) -> None:
    """Without the cache a pattern is compiled only for a heading beginning with what its matches
    can begin with: the kinds are those every pattern tried in order gives."""
    import re
    from unittest import mock

    from disclosure_lint.readers import vocabulary

    pattern, _ = data.draw(st.sampled_from(HEADING_PATTERNS))
    heading = data.draw(st.one_of(st.from_regex(re.compile(pattern), fullmatch=True),
                                  st.sampled_from(["Pride and Prejudice", "A Book", "IV", "Twenty-One", "Epilogue",
                                                   "Note from the Author", "Book Two: 1806", ") x", "Kapitel 3"])))
    expected = classify_heading(heading)
    with mock.patch.object(rx, "caching", lambda: False), mock.patch.object(vocabulary, "_COMPILED", []):
        assert classify_heading(heading) is expected, heading
