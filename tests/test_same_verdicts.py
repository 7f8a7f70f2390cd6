"""The same book gives the same verdicts in Markdown, DOCX (styled or in manuscript format) and
EPUB 2/3 (typed section by section, as pandoc types it, or styled as calibre styles it): the judgment
never depends on the file format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from books import CHAPTER, STOCK, markdown_book, write_book
from docx_builders import build_docx
from epub_builders import Doc, build_epub


@dataclass(frozen=True)
class Book:
    id: str
    front: tuple[tuple[str, str], ...]  # (heading, paragraph)
    chapters: tuple[str, ...] = (CHAPTER, CHAPTER)
    back: tuple[tuple[str, str], ...] = ()
    author: str | None = "Jordan Vale"


BOOKS = [
    Book("stock", (("Foreword", STOCK),)),
    Book("missing", (("Foreword", "This story came to me on a ferry."),)),
    Book("created-with-ai", (("Introduction", "This book was created with AI."),)),
    Book("no-responsibility", (("Author's Note", "I used ChatGPT to draft the early chapters; I then rewrote "
                                                 "every line."),)),
    Book("afterword-only", (), back=(("Afterword", "I drafted this novel with ChatGPT and rewrote every "
                                                   "page. I take full responsibility for it."),)),
    Book("machine-generated", (("Foreword", "This book was machine-generated."),)),
    Book("no-author", (("Foreword", STOCK),), author=None),
    Book("fiction-about-ai", (("Foreword", "A ferry story."),),
         chapters=("The ship's AI drafted the treaty. \"I take full responsibility,\" said the artificial "
                   "intelligence.", CHAPTER)),
    Book("euphemism", (("Preface", "Portions of this text were produced with automation technology; the "
                                   "author revised them and takes full responsibility for the content."),)),
]


def _markdown(book: Book, folder: Path) -> Path:
    parts = []
    for heading, text in book.front:
        parts.append(f"# {heading}\n\n{text}\n")
    for n, text in enumerate(book.chapters, 1):
        parts.append(f"# Chapter {n}\n\n{text}\n")
    for heading, text in book.back:
        parts.append(f"# {heading}\n\n{text}\n")
    head = '---\ntitle: "Harbor Lights"\n' + (f'author: "{book.author}"\n' if book.author else "") + "---\n\n"
    return write_book(folder, head + "\n".join(parts))


def _docx(book: Book, folder: Path, *, manuscript_format: bool) -> Path:
    def heading(text: str) -> Any:
        if manuscript_format:  # standard manuscript format: bold, centred, capitals, Normal style
            return ("Normal", text.upper(), {"bold": True, "center": True})
        return ("Heading 1", text)

    paragraphs: list[Any] = [("Title", "Harbor Lights")]
    for h, text in book.front:
        paragraphs += [heading(h), text]
    for n, text in enumerate(book.chapters, 1):
        paragraphs += [heading(f"Chapter {n}"), text]
    for h, text in book.back:
        paragraphs += [heading(h), text]
    name = "manuscript.docx" if manuscript_format else "styled.docx"
    return build_docx(folder / name, paragraphs, author=book.author, title="Harbor Lights")


_TYPES = {"Foreword": "foreword", "Introduction": "introduction", "Preface": "preface",
          "Author's Note": "preface", "Afterword": "afterword"}


def _epub(book: Book, folder: Path, *, version: int) -> Path:
    docs = []

    def doc(name: str, role: str, kind: str, heading: str, text: str) -> Doc:
        epub_type = f"{role} {kind}" if version == 3 else ""
        body = f"<h1>{escape(heading)}</h1><p>{escape(text)}</p>"
        return Doc(name=name, body=body, epub_type=epub_type)

    for i, (h, text) in enumerate(book.front):
        docs.append(doc(f"front{i}.xhtml", "frontmatter", _TYPES.get(h, ""), h, text))
    for n, text in enumerate(book.chapters, 1):
        docs.append(doc(f"chapter{n}.xhtml", "bodymatter", "chapter", f"Chapter {n}", text))
    for i, (h, text) in enumerate(book.back):
        docs.append(doc(f"back{i}.xhtml", "backmatter", _TYPES.get(h, ""), h, text))
    authors = (book.author,) if book.author else ()
    return build_epub(folder / f"book{version}.epub", docs, version=version, title="Harbor Lights",
                      authors=authors)


def _sections(book: Book) -> list[tuple[str, str]]:
    return [*book.front, *((f"Chapter {n}", text) for n, text in enumerate(book.chapters, 1)), *book.back]


def _pandoc_epub(book: Book, folder: Path) -> Path:
    """As pandoc's EPUB 3 writes it: a title page, then every section ``<body epub:type="bodymatter">``."""
    docs = [Doc("title_page.xhtml", '<section epub:type="titlepage"><h1 class="title">Harbor Lights</h1></section>',
                "frontmatter")]
    docs += [Doc(f"ch{n:03}.xhtml", f'<section class="level1"><h1>{escape(h)}</h1><p>{escape(t)}</p></section>',
                 "bodymatter") for n, (h, t) in enumerate(_sections(book), 1)]
    authors = (book.author,) if book.author else ()
    return build_epub(folder / "pandoc.epub", docs, title="Harbor Lights", authors=authors)


_CALIBRE_CSS = ".block_3 { display: block; font-weight: bold; text-align: center } .block_4 { text-indent: 36pt }"


def _calibre_epub(book: Book, folder: Path) -> Path:
    """As calibre converts a Word manuscript: EPUB 2, headings as ``<p class="block_3">``, a toc of "Start"."""
    docs = [Doc(f"index_split_{n:03}.html", f'<p class="block_3">{escape(h)}</p><p class="block_4">{escape(t)}</p>',
                label="Start") for n, (h, t) in enumerate(_sections(book))]
    authors = (book.author,) if book.author else ()
    return build_epub(folder / "calibre.epub", docs, version=2, css=_CALIBRE_CSS, title="Harbor Lights",
                      authors=authors)


FORMATS: dict[str, Callable[[Book, Path], Path]] = {
    "docx-styled": lambda b, d: _docx(b, d, manuscript_format=False),
    "docx-manuscript": lambda b, d: _docx(b, d, manuscript_format=True),
    "epub3": lambda b, d: _epub(b, d, version=3),
    "epub2": lambda b, d: _epub(b, d, version=2),
    "epub3-pandoc": _pandoc_epub,
    "epub2-calibre": _calibre_epub,
}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("book", BOOKS, ids=[b.id for b in BOOKS])
def test_same_rules_as_markdown(book: Book, fmt: str, tmp_path: Path, run: Any) -> None:
    md = _markdown(book, tmp_path)
    other = FORMATS[fmt](book, tmp_path)
    want = run("check", "--format", "json", md).json()["files"][0]
    got = run("check", "--format", "json", other).json()["files"][0]
    assert {(f["rule"], f["severity"]) for f in got["findings"]} == \
        {(f["rule"], f["severity"]) for f in want["findings"]}, (want["findings"], got["findings"])
    assert [d["visible"] for d in got["disclosures"]] == [d["visible"] for d in want["disclosures"]]


def test_markdown_book_helper_matches(tmp_path: Path, run: Any) -> None:
    # The shared helper and this module's Markdown agree on a clean book.
    assert run("check", write_book(tmp_path, markdown_book(STOCK))).code == 0
