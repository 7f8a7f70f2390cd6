"""Picture books and fixed-layout EPUBs (issue 23): words as the page shows them, pages known by
what they say, SVG text, pages that are only pictures, and `insert` adding a page of the book's size.

Every book is built in code (`picture_books`); the reflowable twin of each fixed-layout book has
the same pages with the same words as paragraphs, and must get the same verdicts.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run
from epub_builders import build_epub
from epub_check import epubcheck_errors
from picture_books import STOCK, TITLE, Page, build_picture_book, picture_book_pages

from disclosure_lint.model import HiddenReason, Kind, Manuscript, Role
from disclosure_lint.readers.epub import read

RunCLI = Callable[..., Run]


def verdicts(run: RunCLI, book: Path) -> list[tuple[str, str]]:
    """(rule, severity) of every finding, in order."""
    result = run("check", book, "--format", "json")
    report = json.loads(result.out)
    return sorted((f["rule"], f["severity"]) for file in report["files"] for f in file["findings"])


def page_text(manuscript: Manuscript, name: str) -> str:
    return " ".join(b.text for s in manuscript.sections if s.location.path.endswith(name) for b in s.blocks)


def shape(manuscript: Manuscript) -> list[tuple[str, Kind, Role]]:
    """Each section's page, kind and role."""
    return [(s.location.path.rsplit("/", 1)[-1].replace(".svg", ".xhtml"), s.kind, s.role)
            for s in manuscript.sections]


# --- 1. words as the page shows them ------------------------------------------------------------

@pytest.mark.parametrize("layout", ["word-class", "word-inline", "word-transform", "line-inline", "line-class",
                                    "block-spans"])
def test_boxes_are_read_apart_on_every_layout(tmp_path: Path, layout: str) -> None:
    book = build_picture_book(tmp_path / "book.epub", picture_book_pages(copyright_layout=layout))
    text = page_text(read(book), "copyright.xhtml")
    assert "The author generated this text in part with GPT-4, OpenAI's large-scale" in text
    assert "publication." in text and "  " not in text


def test_boxes_out_of_order_are_read_by_their_place(tmp_path: Path) -> None:
    """Page 2 writes its lines last first; the page shows them top to bottom."""
    book = build_picture_book(tmp_path / "book.epub", picture_book_pages())
    assert page_text(read(book), "page-2.xhtml") == (
        "One day the wind blew his hat over the hill. Pip ran after it as fast as his wheels would go.")


def test_words_of_a_line_out_of_order_are_read_left_to_right(tmp_path: Path) -> None:
    pages = [Page("page.xhtml", ("Once upon a time",), "word-inline", shuffled=True)]
    book = build_picture_book(tmp_path / "book.epub", pages)
    assert page_text(read(book), "page.xhtml") == "Once upon a time"


def test_a_page_set_in_svg_inside_placed_blocks(tmp_path: Path) -> None:
    """As InDesign-made picture books set pages: the body and a page box placed absolutely, the text
    an inline SVG whose lines are tspans placed by a transform; a large centred "I" is a chapter."""
    def page(*lines: str) -> str:
        texts = "".join(f'<text transform="matrix(1 0 0 1 40 {100 + 40 * n})"><tspan x="0" y="0" class="t">{line}'
                        f"</tspan></text>" for n, line in enumerate(lines))
        return (f'<div class="sheet"><svg xmlns="http://www.w3.org/2000/svg" width="600" height="800" '
                f'viewBox="0 0 600 800">{texts}</svg></div>')
    css = ("body { position: absolute; top: 0; left: 0; width: 600px; height: 800px; }\n"
           ".sheet { position: absolute; top: 0; left: 0; width: 100%; height: 100%; "
           "text-align: center; font-size: 40px; font-weight: bold; }")
    pages = [Page("one.xhtml", markup=page("I")),
             Page("two.xhtml", markup=page("Il en avait souvent", "rêvé, enfant."))]
    manuscript = read(build_picture_book(tmp_path / "book.epub", pages, css=css))
    assert [(s.kind, s.heading, [b.text for b in s.blocks]) for s in manuscript.sections] == [
        (Kind.CHAPTER, "I", ["I"]), (Kind.OTHER, None, ["Il en avait souvent rêvé, enfant."])]


def test_reflowable_documents_read_as_before(tmp_path: Path) -> None:
    """Reflowable documents keep today's reading: inline spans with no box stay one word, and an
    inline-block drop cap stays with the rest of its word."""
    book = build_epub(tmp_path / "flow.epub", [
        ("c1.xhtml", "", "<h1>Chapter 1</h1><p><span>Dis</span><span>closure</span> and "
                         "<span style='display:inline-block;font-size:3em'>T</span>he storm.</p>"
                         "<p><span style='display:block'>Line one</span><span style='display:block'>line two"
                         "</span></p>")])
    texts = [b.text for s in read(book).sections for b in s.blocks]
    assert texts == ["Chapter 1", "Disclosure and The storm.", "Line one line two"]


# --- 1, 2, 4: the same book, fixed or flowing, gets the same verdicts ---------------------------

@pytest.mark.parametrize(("options", "builder"), [
    ({}, {}),
    ({"labels": False}, {}),
    ({"copyright_layout": "word-inline"}, {"per_item": True}),
    ({"disclosed": False}, {}),
    ({"disclosed": False, "labels": False}, {}),
    ({"copyright_layout": "image"}, {}),
    ({"copyright_layout": "image", "copyright_alt": f"Copyright © 2024 Jane Doe. {STOCK}"}, {}),
], ids=["labelled", "unlabelled", "per-item", "undisclosed", "undisclosed-unlabelled", "image", "image-alt"])
def test_fixed_layout_gets_the_verdicts_of_the_same_book_reflowable(tmp_path: Path, run: RunCLI,
                                                                     options: dict[str, object],
                                                                     builder: dict[str, bool]) -> None:
    pages = picture_book_pages(**options)  # type: ignore[arg-type]
    fixed = build_picture_book(tmp_path / "fixed.epub", pages, per_item=builder.get("per_item", False))
    flowing = build_picture_book(tmp_path / "flowing.epub", pages, fixed=False)
    assert shape(read(fixed)) == shape(read(flowing))
    assert verdicts(run, fixed) == verdicts(run, flowing)


def test_a_disclosed_picture_book_is_clean(tmp_path: Path, run: RunCLI) -> None:
    """The issue's book: the stock text on the copyright page, set a word a box."""
    book = build_picture_book(tmp_path / "book.epub", picture_book_pages())
    result = run("check", book)
    assert result.code == 0, result.out


# --- 2. pages known by what they say -------------------------------------------------------------

def test_pages_without_headings_or_labels_are_known_by_their_words(tmp_path: Path) -> None:
    book = build_picture_book(tmp_path / "book.epub", picture_book_pages(labels=False))
    kinds = [(page, kind, role) for page, kind, role in shape(read(book))]
    assert kinds[:3] == [("title.xhtml", Kind.TITLE_PAGE, Role.FRONT), ("copyright.xhtml", Kind.COPYRIGHT, Role.FRONT),
                         ("page-1.xhtml", Kind.OTHER, Role.BODY)]


def test_the_table_of_contents_label_names_a_page_before_its_words(tmp_path: Path) -> None:
    pages = picture_book_pages()
    pages[2] = Page("copyright.xhtml", ("Copyright © 2024 Jane Doe.",), "line-inline", "Dedication")
    book = build_picture_book(tmp_path / "book.epub", pages)
    assert ("copyright.xhtml", Kind.DEDICATION, Role.FRONT) in shape(read(book))


def test_a_page_naming_ai_before_the_story_is_front_matter(tmp_path: Path, run: RunCLI) -> None:
    pages = picture_book_pages(labels=False, disclosed=False)
    pages.insert(3, Page("ai.xhtml", ("The pictures and words of this book were drafted with ChatGPT "
                                      "and revised by the author.",), "word-class"))
    pages.append(Page("robots.xhtml", ("Pip dreamed of AI friends.",), "line-inline"))
    manuscript = read(build_picture_book(tmp_path / "book.epub", pages))
    found = shape(manuscript)
    assert ("ai.xhtml", Kind.AI_NOTE, Role.FRONT) in found
    assert ("robots.xhtml", Kind.OTHER, Role.BODY) in found  # in the story, a story page


def test_page_words_are_data_in_each_language(tmp_path: Path) -> None:
    pages = [Page("title.xhtml", ("Le Petit Robot", "par Jeanne"), "line-inline"),
             Page("droits.xhtml", ("Tous droits réservés, 2024.",), "word-inline"),
             Page("p1.xhtml", ("Pip était un petit robot.",), "line-inline")]
    kinds = shape(read(build_picture_book(tmp_path / "book.epub", pages)))
    assert kinds[1] == ("droits.xhtml", Kind.COPYRIGHT, Role.FRONT)


# --- 3. SVG text -----------------------------------------------------------------------------------

def test_an_svg_page_is_read(tmp_path: Path, run: RunCLI) -> None:
    book = build_picture_book(tmp_path / "book.epub", picture_book_pages())
    manuscript = read(book)
    assert page_text(manuscript, "page-3.svg") == (
        "At the top of the hill he found a friend. They shared the hat, and the sunset, too.")
    assert not manuscript.warnings


@pytest.mark.parametrize(("attribute", "reason"), [
    (' fill="#ffffff"', HiddenReason.INVISIBLE_COLOUR),
    (' fill="#fefefe" fill-opacity="1"', HiddenReason.INVISIBLE_COLOUR),
    (' opacity="0"', HiddenReason.CSS_HIDDEN),
    (' display="none"', HiddenReason.CSS_HIDDEN),
    (' visibility="hidden"', HiddenReason.CSS_HIDDEN),
    (' style="fill: white"', HiddenReason.INVISIBLE_COLOUR),
])
def test_svg_attributes_hide_text(tmp_path: Path, attribute: str, reason: HiddenReason) -> None:
    book = build_picture_book(tmp_path / "book.epub", picture_book_pages(), svg_hidden=attribute)
    manuscript = read(book)
    assert page_text(manuscript, "page-3.svg") == ""
    hidden = [h for h in manuscript.hidden if "page-3.svg" in h.location.path]
    assert [h.text for h in hidden] == ["At the top of the hill he found a friend.",
                                        "They shared the hat, and the sunset, too."]
    assert {h.reason for h in hidden} == {reason}


def test_svg_text_on_a_dark_rectangle_in_white_is_seen(tmp_path: Path) -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800" viewBox="0 0 600 800">'
           '<rect width="100%" height="100%" fill="#000000"/>'
           '<text x="10" y="20" fill="#ffffff">Drafted with</text><text x="10" y="60" fill="#ffffff">ChatGPT.</text>'
           '<text x="10" y="90" fill="#000000">Hidden words.</text></svg>')
    book = build_epub(tmp_path / "inline.epub", [("c1.xhtml", "", f"<h1>Chapter 1</h1><div>{svg}</div>")])
    manuscript = read(book)
    assert [b.text for s in manuscript.sections for b in s.blocks] == ["Chapter 1", "Drafted with ChatGPT."]
    assert [h.text for h in manuscript.hidden] == ["Hidden words."]


# --- 4. pages that are only pictures -----------------------------------------------------------------

def test_an_image_copyright_page_gets_one_info_note(tmp_path: Path, run: RunCLI) -> None:
    book = build_picture_book(tmp_path / "book.epub", picture_book_pages(copyright_layout="image"))
    result = run("check", book)
    notes = [line for line in result.out.splitlines() if "[text-in-image]" in line]
    assert len(notes) == 1
    assert "copyright.xhtml" in notes[0]
    assert ("info [text-in-image] the copyright page is an image; a disclosure in it cannot be checked: "
            "put the text in the page") in notes[0]


def test_alt_text_is_read_only_where_the_page_shows_nothing_else(tmp_path: Path, run: RunCLI) -> None:
    alt = f"Copyright © 2024 Jane Doe. {STOCK}"
    book = build_picture_book(tmp_path / "book.epub",
                              picture_book_pages(copyright_layout="image", copyright_alt=alt))
    manuscript = read(book)
    assert page_text(manuscript, "copyright.xhtml") == alt
    assert "(its alt text is read in its place)" in run("check", book).out
    # The story pages show an image with alt="" under their words: only the words are read.
    assert page_text(manuscript, "page-1.xhtml").startswith("Pip was")
    # The cover's alt text names the book: the cover is not read as a page of it.
    assert TITLE not in page_text(manuscript, "cover.xhtml")


def test_an_unnamed_image_page_before_the_story_gets_the_note_when_no_copyright_page_is_text(
        tmp_path: Path, run: RunCLI) -> None:
    book = build_picture_book(tmp_path / "book.epub", picture_book_pages(copyright_layout="image", labels=False))
    out = run("check", book).out
    assert ("info [text-in-image] the book has no copyright page in text, and a page before the story is an "
            "image; a disclosure in it cannot be checked: put the text in the page") in out


def test_no_info_note_for_a_title_page_image_or_a_book_without_text(tmp_path: Path, run: RunCLI) -> None:
    pages = picture_book_pages()
    pages[1] = Page("title.xhtml", layout="image", label="Title Page", alt="The Little Robot")
    assert "text-in-image" not in run("check", build_picture_book(tmp_path / "title.epub", pages)).out
    only_pictures = [Page(f"p{n}.xhtml", layout="image") for n in range(1, 5)]
    assert "text-in-image" not in run("check", build_picture_book(tmp_path / "pictures.epub", only_pictures)).out


def test_no_info_note_for_a_book_with_a_copyright_page_in_text(tmp_path: Path, run: RunCLI) -> None:
    pages = picture_book_pages()
    pages.insert(2, Page("map.xhtml", layout="image", label="Map"))
    book = build_picture_book(tmp_path / "book.epub", pages)
    assert "text-in-image" not in run("check", book).out


def test_explain_text_in_image(run: RunCLI) -> None:
    result = run("explain", "DL102")
    assert result.code == 0
    assert result.out.startswith("text-in-image (DL102, default severity info)")


# --- 5. insert ---------------------------------------------------------------------------------------

def spine(path: Path) -> list[tuple[str, str]]:
    with zipfile.ZipFile(path) as zf:
        opf = zf.read("OEBPS/content.opf").decode()
    hrefs = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', opf))
    return [(hrefs[i], props) for i, props in re.findall(r'<itemref idref="([^"]+)"(?: properties="([^"]*)")?', opf)]


def test_insert_adds_a_page_of_the_books_size_after_the_copyright_page(tmp_path: Path, run: RunCLI) -> None:
    sources = {"book": build_picture_book(tmp_path / "book.epub", picture_book_pages(disclosed=False)),
               "items": build_picture_book(tmp_path / "items.epub", picture_book_pages(disclosed=False),
                                           per_item=True)}
    outputs = {name: tmp_path / f"out-{name}.epub" for name in sources}
    for name, source in sources.items():
        assert run("check", source).code == 1
        result = run("insert", source, "--model", "GPT-4", "--output", outputs[name])
        assert result.code == 0, result.err
        assert run("check", outputs[name]).code == 0
        order = spine(outputs[name])
        assert [href for href, _ in order][2:4] == ["text/copyright.xhtml", "text/note-on-ai.xhtml"]
        # Per-item layout: the new page says it is a page, as its neighbours do.
        assert {props for _, props in order} == ({"rendition:layout-pre-paginated"} if name == "items" else {""})
        with zipfile.ZipFile(outputs[name]) as zf:
            page = zf.read("OEBPS/text/note-on-ai.xhtml").decode()
        assert '<meta name="viewport" content="width=600, height=800"/>' in page
        assert 'href="../styles/book.css"' in page
        assert "width:600px;height:800px" in page
    manuscript = read(outputs["book"])
    note = next(s for s in manuscript.sections if s.location.path.endswith("note-on-ai.xhtml"))
    assert (note.kind, note.role) == (Kind.FOREWORD, Role.FRONT)  # epub:type="foreword", as insert writes
    assert STOCK.split(",")[0] in " ".join(b.text for b in note.blocks)
    books = [*sources.values(), *outputs.values()]
    assert epubcheck_errors(books) == {p: [] for p in books}


def test_the_fixtures_pass_epubcheck(tmp_path: Path) -> None:
    books = [build_picture_book(tmp_path / "fixed.epub", picture_book_pages()),
             build_picture_book(tmp_path / "flowing.epub", picture_book_pages(), fixed=False),
             build_picture_book(tmp_path / "image.epub", picture_book_pages(copyright_layout="image", labels=False),
                                per_item=True)]
    assert epubcheck_errors(books) == {p: [] for p in books}
