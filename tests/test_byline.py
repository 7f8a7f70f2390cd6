"""One "by NAME" line for every format (issue 22, item 4): the same title page names the same
author, or none, in Markdown, DOCX and EPUB, and `attribution-missing` agrees."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from books import CHAPTER, STOCK
from conftest import Run
from docx_builders import build_docx
from epub_builders import build_epub

from disclosure_lint.api import read
from disclosure_lint.config import Config
from disclosure_lint.readers.byline import by_line_authors

NAMES = {
    "by Jordan Vale": ["Jordan Vale"],
    "A book by Jordan Vale": ["Jordan Vale"],
    "A Novel by Jordan Vale": ["Jordan Vale"],
    "written by Mira Okafor & Sam Reed": ["Mira Okafor", "Sam Reed"],
    "BY JORDAN VALE": ["JORDAN VALE"],
    "by Maria de la Cruz": ["Maria de la Cruz"],
    "by J. R. Tolkien and Sam O'Neill.": ["J. R. Tolkien", "Sam O'Neill"],
    "by moonlight and lamplight": [],
    "By moonlight and lamplight": [],
    "by the sea": [],
    "by Jordan Vale, with thanks to everyone": [],
    "Harbor Lights": [],
    "bystanders everywhere": [],
}


@pytest.mark.parametrize("line", list(NAMES))
def test_the_names_a_line_gives(line: str) -> None:
    assert by_line_authors(line) == NAMES[line]


def _markdown(folder: Path, line: str) -> Path:
    path = folder / "book.md"
    path.write_text(f"Harbor Lights\n\n{line}\n\n# Foreword\n\n{STOCK}\n\n# Chapter 1\n\n{CHAPTER}\n", "utf-8")
    return path


def _docx(folder: Path, line: str) -> Path:
    return build_docx(folder / "book.docx", [("Title", "Harbor Lights"), line, ("Heading 1", "Foreword"), STOCK,
                                             ("Heading 1", "Chapter 1"), CHAPTER])


def _epub(folder: Path, line: str) -> Path:
    docs = [("title.xhtml", "frontmatter titlepage", f"<h1>Harbor Lights</h1><p>{line}</p>"),
            ("foreword.xhtml", "frontmatter foreword", f"<h1>Foreword</h1><p>{STOCK}</p>"),
            ("chapter-1.xhtml", "bodymatter chapter", f"<h1>Chapter 1</h1><p>{CHAPTER}</p>")]
    return build_epub(folder / "book.epub", docs, title="Harbor Lights", authors=())


def _epub_untyped(folder: Path, line: str) -> Path:
    """An EPUB 2 whose title page has no epub:type: only its place says what it is."""
    docs = [("title.xhtml", "", f"<p>Harbor Lights</p><p>{line}</p>"),
            ("foreword.xhtml", "", f"<h1>Foreword</h1><p>{STOCK}</p>"),
            ("chapter-1.xhtml", "", f"<h1>Chapter 1</h1><p>{CHAPTER}</p>")]
    return build_epub(folder / "book.epub", docs, version=2, title="Harbor Lights", authors=())


FORMATS: dict[str, Callable[[Path, str], Path]] = {
    "markdown": _markdown, "docx": _docx, "epub": _epub, "epub 2, untyped": _epub_untyped,
}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize(("line", "author"), [
    ("A book by Jordan Vale", "Jordan Vale"),
    ("by Jordan Vale", "Jordan Vale"),
    ("by moonlight and lamplight", None),
])
def test_a_title_page_names_the_same_author_in_every_format(
        tmp_path: Path, run: Callable[..., Run], fmt: str, line: str, author: str | None) -> None:
    book = FORMATS[fmt](tmp_path, line)
    assert read(book, Config()).metadata.authors == ((author,) if author else ())
    result = run("check", "--format", "json", book)
    assert ("attribution-missing" in result.rules()) is (author is None), result.out
