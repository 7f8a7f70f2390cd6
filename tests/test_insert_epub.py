"""`disclosure-lint insert` on EPUB 2 and 3: a new front-matter document, a surgical zip edit."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run
from epub_builders import build_epub
from epub_check import epubcheck_errors

RunCLI = Callable[..., Run]

CHAPTER = "<p>The harbor lights came on one by one while the ferry waited at the quay.</p>"
CSS = "h1 { text-align: center } p { text-indent: 1em }"


def novel(path: Path, *, version: int, foreword: bool = False, landmarks: bool = True,
          extra_files: dict[str, bytes] | None = None) -> Path:
    docs = [("title.xhtml", "frontmatter titlepage", "<h1>Harbor Lights</h1><p>by Jordan Vale</p>"),
            ("copyright.xhtml", "frontmatter copyright-page", "<p>© 2025 Jordan Vale. All rights reserved.</p>")]
    if foreword:
        docs.append(("foreword.xhtml", "frontmatter foreword", "<h1>Foreword</h1><p>It came to me on a ferry.</p>"))
    docs += [("chapter-1.xhtml", "bodymatter chapter", f"<h1 class='chapter'>Chapter 1</h1>{CHAPTER}"),
             ("chapter-2.xhtml", "bodymatter chapter", f"<h1 class='chapter'>Chapter 2</h1>{CHAPTER}")]
    marks = [("bodymatter", "chapter-1.xhtml")] if landmarks and version == 3 else None
    return build_epub(path, docs, version=version, title="Harbor Lights", authors=("Jordan Vale",), css=CSS,
                      landmarks=marks, extra_files=extra_files)


def members(path: Path) -> list[tuple[str, int, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(i.filename, i.compress_type, zf.read(i)) for i in zf.infolist()]


def spine(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        opf = zf.read("OEBPS/content.opf").decode()
    hrefs = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', opf))
    return [hrefs[i] for i in re.findall(r'<itemref idref="([^"]+)"', opf)]


@pytest.mark.parametrize("version", [2, 3])
def test_insert_then_check_is_clean(tmp_path: Path, run: RunCLI, version: int) -> None:
    book = novel(tmp_path / f"book{version}.epub", version=version)
    assert run("check", book).code == 1

    result = run("insert", book, "--model", "GPT-4")

    assert result.code == 0, result.err
    assert "added “A Note on the Use of AI” before “Chapter 1”" in result.out
    assert run("check", book, "--model", "GPT-4").code == 0
    assert spine(book) == ["text/title.xhtml", "text/copyright.xhtml", "text/note-on-ai.xhtml",
                           "text/chapter-1.xhtml", "text/chapter-2.xhtml"]


def test_epubcheck_passes_after_insert_on_epub2_and_epub3(tmp_path: Path, run: RunCLI) -> None:
    """The inputs pass EPUBCheck, and so do the results (EPUB 3 with landmarks and a foreword)."""
    image = {"OEBPS/images/cover.png": b"\x89PNG\r\n\x1a\n not a real image"}
    inputs = [novel(tmp_path / "in2.epub", version=2, extra_files=image),
              novel(tmp_path / "in3.epub", version=3, foreword=True, extra_files=image)]
    outputs = [tmp_path / "out2.epub", tmp_path / "out3.epub"]
    for source, target in zip(inputs, outputs, strict=True):
        assert run("insert", source, "--model", "GPT-4", "--output", target).code == 0
    assert epubcheck_errors([*inputs, *outputs]) == {p: [] for p in [*inputs, *outputs]}


@pytest.mark.parametrize("version", [2, 3])
def test_every_original_member_is_kept_except_package_and_navigation(tmp_path: Path, run: RunCLI,
                                                                       version: int) -> None:
    book = novel(tmp_path / "book.epub", version=version,
                 extra_files={"OEBPS/fonts/f.otf": b"\x00\x01font bytes"})
    before = members(book)
    assert run("insert", book, "--model", "Claude").code == 0
    after = members(book)
    assert after[0][:2] == ("mimetype", zipfile.ZIP_STORED)
    assert [(n, c) for n, c, _ in after[:len(before)]] == [(n, c) for n, c, _ in before]
    assert [n for n, _, _ in after[len(before):]] == ["OEBPS/text/note-on-ai.xhtml"]
    changed = {n for (n, _, a), (_, _, b) in zip(before, after, strict=False) if a != b}
    nav = "OEBPS/nav.xhtml" if version == 3 else "OEBPS/toc.ncx"
    assert changed == {"OEBPS/content.opf", nav}
    with zipfile.ZipFile(book) as zf:
        with zf.open("mimetype") as fh:
            assert fh.read() == b"application/epub+zip"
        assert zf.infolist()[0].extra == b""


def test_epub3_document_is_frontmatter_foreword_with_the_books_stylesheet(tmp_path: Path, run: RunCLI) -> None:
    """The note's document follows its sibling's pattern: the chapters say `bodymatter chapter` on
    <body>, so the note's body says `frontmatter foreword`."""
    book = novel(tmp_path / "book.epub", version=3)
    assert run("insert", book, "--model", "GPT-4").code == 0
    with zipfile.ZipFile(book) as zf:
        doc = zf.read("OEBPS/text/note-on-ai.xhtml").decode()
        opf = zf.read("OEBPS/content.opf").decode()
        nav = zf.read("OEBPS/nav.xhtml").decode()
    assert '<body epub:type="frontmatter foreword">' in doc and "<section" not in doc
    assert '<link href="../styles/style.css" rel="stylesheet" type="text/css"/>' in doc
    assert '<h1 class="chapter">A Note on the Use of AI</h1>' in doc
    assert "2024-01-01T00:00:00Z" not in opf
    assert re.search(r'<meta property="dcterms:modified">\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ</meta>', opf)
    toc = nav.split('epub:type="landmarks"')[0]
    assert toc.index("A Note on the Use of AI") < toc.index("Chapter 1")
    assert re.search(r'<a [^>]*epub:type="foreword"[^>]*>A Note on the Use of AI', nav.split('epub:type="landmarks"')[1])


def test_epub2_is_xhtml11_and_ncx_play_order_is_renumbered(tmp_path: Path, run: RunCLI) -> None:
    book = novel(tmp_path / "book.epub", version=2)
    assert run("insert", book, "--model", "GPT-4").code == 0
    with zipfile.ZipFile(book) as zf:
        doc = zf.read("OEBPS/text/note-on-ai.xhtml").decode()
        ncx = zf.read("OEBPS/toc.ncx").decode()
    assert "-//W3C//DTD XHTML 1.1//EN" in doc and "epub:type" not in doc
    labels = re.findall(r'playOrder="(\d+)"><navLabel><text>([^<]+)', ncx)
    assert labels == [("1", "Harbor Lights"), ("2", "copyright.xhtml"), ("3", "A Note on the Use of AI"),
                      ("4", "Chapter 1"), ("5", "Chapter 2")]


def test_note_goes_before_the_foreword_document(tmp_path: Path, run: RunCLI) -> None:
    book = novel(tmp_path / "book.epub", version=3, foreword=True)
    assert run("insert", book, "--model", "GPT-4").code == 0
    order = spine(book)
    assert order.index("text/note-on-ai.xhtml") + 1 == order.index("text/foreword.xhtml")
    assert run("check", book, "--model", "GPT-4").code == 0


def test_idempotent_output_and_dry_run(tmp_path: Path, run: RunCLI) -> None:
    book = novel(tmp_path / "book.epub", version=3)
    original = book.read_bytes()
    dry = run("insert", book, "--model", "GPT-4", "--dry-run")
    assert dry.code == 0
    assert "would add OEBPS/text/note-on-ai.xhtml" in dry.out and "heading: A Note on the Use of AI" in dry.out
    assert "before “Chapter 1”" in dry.out
    assert book.read_bytes() == original and [p.name for p in tmp_path.iterdir()] == ["book.epub"]

    out = tmp_path / "with-note.epub"
    assert run("insert", book, "--model", "GPT-4", "--output", out).code == 0
    assert book.read_bytes() == original
    done = out.read_bytes()
    again = run("insert", out, "--model", "GPT-4")
    assert again.code == 0 and "nothing changed" in again.out
    assert out.read_bytes() == done


def test_failure_mid_write_leaves_the_epub(tmp_path: Path, run: RunCLI, monkeypatch: pytest.MonkeyPatch) -> None:
    book = novel(tmp_path / "book.epub", version=3)
    original = book.read_bytes()

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    assert run("insert", book, "--model", "GPT-4").code == 2
    assert book.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["book.epub"]
