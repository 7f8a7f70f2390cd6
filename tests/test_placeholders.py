"""Placeholder authors are not authors, in every format (issue 14, item 4): what tools and
templates write where the writer gave no name ("Microsoft Office User", LibreOffice's "Unknown
Author", calibre's "Unknown", "Your Name") counts neither in metadata nor on a by-line, and the
title page or copyright line is used instead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from books import CHAPTER, STOCK, markdown_book, write_book
from docx_builders import build_raw_docx, para, style
from epub_builders import build_epub

from disclosure_lint.readers import read_manuscript
from disclosure_lint.readers.placeholders import is_placeholder

#: What the issue names, with LibreOffice's and calibre's own strings and their translations.
PLACEHOLDERS = [
    "Unknown Author", "Unknown", "Author", "Author Name", "Your Name", "Firstname Lastname",
    "Microsoft Office User", "Windows User", "python-docx", "calibre", "Unbekannter Autor", "Auteur inconnu",
    "Unbekannt", "Inconnu", "未知作者",
]
REAL = ["Jordan Vale", "Mira Okafor", "Jane Doe", "Anon Ymous", "Bluefin Press", "Ann Lee", "J. R. Writer"]


@pytest.mark.parametrize("name", PLACEHOLDERS)
def test_placeholder(name: str) -> None:
    assert is_placeholder(name)
    assert is_placeholder(name.upper())
    assert is_placeholder(f"  {name.replace(' ', '   ')} ")


@pytest.mark.parametrize("name", REAL)
def test_real_name(name: str) -> None:
    assert not is_placeholder(name)


@pytest.mark.parametrize("field", ["<%Author%>", "{{ author }}", "[Author Name]", "${author}", "<Your Name>", ""])
def test_unfilled_template_field(field: str) -> None:
    assert is_placeholder(field)


# --- DOCX ---------------------------------------------------------------------------------------

H1 = style("Heading1", name="heading 1", ppr='<w:outlineLvl w:val="0"/>')


def _docx(tmp_path: Path, creator: str, *front: str) -> Path:
    body = [*front, para("Foreword", style="Heading1"), para(STOCK), para("Chapter 1", style="Heading1"),
            para(CHAPTER)]
    return build_raw_docx(tmp_path / "book.docx", body, styles=[H1], core={"dc:creator": creator})


@pytest.mark.parametrize("name", PLACEHOLDERS)
def test_docx_core_creator(tmp_path: Path, name: str) -> None:
    assert read_manuscript(_docx(tmp_path, name)).metadata.authors == ()


def test_docx_placeholder_creator_and_by_line(tmp_path: Path) -> None:
    title_page = [para("The Lantern Keeper", style="Title")]
    m = read_manuscript(_docx(tmp_path, "Unknown Author", *title_page, para("by Jordan Vale")))
    assert m.metadata.authors == ("Jordan Vale",)
    m = read_manuscript(_docx(tmp_path, "Microsoft Office User", *title_page, para("by Your Name")))
    assert m.metadata.authors == ()
    assert m.sections[0].blocks[-1].text == "by Your Name"  # still a title page's by-line


# --- EPUB ---------------------------------------------------------------------------------------


def _epub(tmp_path: Path, authors: list[Any], *, version: int = 3, title_page: str = "",
          title: str = "The Lantern Keeper") -> Path:
    docs = [("foreword.xhtml", "frontmatter foreword", f"<h1>Foreword</h1><p>{STOCK}</p>"),
            ("ch1.xhtml", "bodymatter chapter", f"<h1>Chapter 1</h1><p>{CHAPTER}</p>")]
    if title_page:
        docs.insert(0, ("title.xhtml", "frontmatter titlepage", title_page))
    return build_epub(tmp_path / "book.epub", docs, version=version, authors=authors, title=title)


@pytest.mark.parametrize("name", PLACEHOLDERS)
def test_epub3_creator(tmp_path: Path, name: str) -> None:
    assert read_manuscript(_epub(tmp_path, [name])).metadata.authors == ()


@pytest.mark.parametrize("name", ["Unknown", "Microsoft Office User", "Unknown Author"])
def test_epub2_creator_with_opf_role(tmp_path: Path, name: str) -> None:
    book = _epub(tmp_path, [(name, "aut"), ("Ed Itor", "edt")], version=2)
    assert read_manuscript(book).metadata.authors == ()


def test_epub_real_creator_beside_a_placeholder(tmp_path: Path) -> None:
    assert read_manuscript(_epub(tmp_path, ["Unknown", "Mira Okafor"])).metadata.authors == ("Mira Okafor",)


def test_epub_placeholder_creator_then_title_page(tmp_path: Path) -> None:
    book = _epub(tmp_path, ["Unknown Author"], title_page="<h1>The Lantern Keeper</h1><p>by Jordan Vale</p>")
    assert read_manuscript(book).metadata.authors == ("Jordan Vale",)
    book = _epub(tmp_path, ["Unknown Author"], title_page="<h1>The Lantern Keeper</h1><p>by Your Name</p>")
    assert read_manuscript(book).metadata.authors == ()


def test_epub_placeholder_title(tmp_path: Path) -> None:
    assert read_manuscript(_epub(tmp_path, ["Jordan Vale"], title="Unknown Title")).metadata.title is None


def test_epub_by_line_of_a_book_without_known_structure(tmp_path: Path) -> None:
    # calibre from a Word manuscript: no headings, no epub:type, a toc of "Start"; the by-line
    # opens the book all the same.
    docs = [("index_split_000.html", "", '<p class="block_">The Lantern Keeper</p><p class="block_1">'
             "by Jordan Vale</p>"),
            ("index_split_001.html", "", f"<p>Foreword</p><p>{STOCK}</p>")]
    book = build_epub(tmp_path / "book.epub", docs, version=2, authors=[("Microsoft Office User", "aut")])
    assert read_manuscript(book).metadata.authors == ("Jordan Vale",)


# --- Markdown -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Your Name", "Author Name", "Unknown", "Firstname Lastname"])
def test_markdown_front_matter_author(tmp_path: Path, name: str) -> None:
    path = write_book(tmp_path, markdown_book(STOCK, author=name))
    assert read_manuscript(path).metadata.authors == ()


def test_markdown_author_list_keeps_the_real_names(tmp_path: Path) -> None:
    text = markdown_book(STOCK).replace('author: "Jordan Vale"', 'author:\n  - Your Name\n  - Mira Okafor')
    assert read_manuscript(write_book(tmp_path, text)).metadata.authors == ("Mira Okafor",)


def test_markdown_by_line(tmp_path: Path) -> None:
    text = markdown_book(STOCK, author=None, extra_front="The Lantern Keeper\n\nby Your Name")
    assert read_manuscript(write_book(tmp_path, text)).metadata.authors == ()
    text = markdown_book(STOCK, author="Your Name", extra_front="The Lantern Keeper\n\nby Jordan Vale")
    assert read_manuscript(write_book(tmp_path, text)).metadata.authors == ("Jordan Vale",)


def test_mdbook_and_config_authors(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "book.toml").write_text('[book]\ntitle = "Harbor Lights"\nauthors = ["Your Name"]\n')
    (tmp_path / "src" / "SUMMARY.md").write_text("# Summary\n\n- [Foreword](foreword.md)\n- [One](one.md)\n")
    (tmp_path / "src" / "foreword.md").write_text(f"# Foreword\n\n{STOCK}\n")
    (tmp_path / "src" / "one.md").write_text(f"# Chapter 1\n\n{CHAPTER}\n")
    assert read_manuscript(tmp_path).metadata.authors == ()
    (tmp_path / ".disclosure-lint.toml").write_text('[book]\nauthors = ["Author Name"]\n')
    assert read_manuscript(tmp_path).metadata.authors == ()


# --- the verdict --------------------------------------------------------------------------------

BOOKS: dict[str, Callable[[Path], Path]] = {
    "docx core properties": lambda p: _docx(p, "Microsoft Office User"),
    "epub dc:creator": lambda p: _epub(p, ["Unknown Author"]),
    "epub 2 opf:role": lambda p: _epub(p, [("Unknown", "aut")], version=2),
    "markdown front matter": lambda p: write_book(p, markdown_book(STOCK, author="Author Name")),
    "markdown by-line": lambda p: write_book(p, markdown_book(STOCK, author=None,
                                                              extra_front="Harbor Lights\n\nby Your Name")),
    "markdown copyright line": lambda p: write_book(p, markdown_book(
        STOCK, author=None, extra_front="© 2025 Your Name. All rights reserved.")),
}


@pytest.mark.parametrize("book", list(BOOKS))
def test_a_placeholder_is_no_attribution(book: str, tmp_path: Path, run: Any) -> None:
    assert run("check", "--format", "json", BOOKS[book](tmp_path)).rules() == {"attribution-missing"}


def test_the_copyright_line_attributes_the_book(tmp_path: Path, run: Any) -> None:
    path = write_book(tmp_path, markdown_book(STOCK, author="Your Name",
                                              extra_front="© 2025 Jordan Vale. All rights reserved."))
    assert run("check", "--format", "json", path).rules() == set()
