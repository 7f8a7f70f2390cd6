"""`insert` fits into the book it edits (issue 14, item 5): the note goes where the reader's own
sections say the front matter ends, its heading looks like the book's headings, a story without
headings gets a clear break, and what insert cannot do well it refuses in one line."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from books import markdown_book, write_book
from conftest import Run
from producer_books import PRODUCERS

RunCLI = Callable[..., Run]


def producer_copy(tmp_path: Path, producer: str, book: str, ext: str) -> Path:
    source = PRODUCERS / producer / f"{book}{ext}"
    target = tmp_path / f"{producer}-{book}{ext}"
    shutil.copyfile(source, target)
    return target


# --- refusals ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, output, suffix", [("book.md", "book.docx", ".md"), ("book.md", "book.epub", ".md"),
                                                  ("book.docx", "book.md", ".docx"),
                                                  ("book.epub", "out.docx", ".epub")])
def test_output_in_another_format_is_refused(tmp_path: Path, run: RunCLI, name: str, output: str,
                                             suffix: str) -> None:
    if name.endswith(".md"):
        book = write_book(tmp_path, markdown_book(), name)
    else:
        book = producer_copy(tmp_path, "pandoc", "training-reservation", suffix)
    before = book.read_bytes()
    result = run("insert", book, "--model", "GPT-4", "--output", tmp_path / output)
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        f"disclosure-lint: --output {output}: insert keeps the format: write to a {suffix} file"]
    assert book.read_bytes() == before and not (tmp_path / output).exists()


def test_output_with_the_same_extension_in_other_case_is_fine(tmp_path: Path, run: RunCLI) -> None:
    book = write_book(tmp_path, markdown_book())
    assert run("insert", book, "--model", "GPT-4", "--output", tmp_path / "OUT.MD").code == 0


def test_company_voice_without_a_name_is_refused_as_templates_refuses_it(tmp_path: Path, run: RunCLI) -> None:
    book = write_book(tmp_path, markdown_book(author=None, extra_front="© 2025 All rights reserved."))
    before = book.read_bytes()
    shown = run("templates", "stock-company", "--model", "GPT-4")
    inserted = run("insert", book, "--model", "GPT-4", "--voice", "company")
    assert shown.code == inserted.code == 2
    assert inserted.err == shown.err
    assert inserted.err.strip() == "disclosure-lint: template 'stock-company' needs {company}: give it with --author"
    assert book.read_bytes() == before


def test_a_company_named_in_the_metadata_is_used(tmp_path: Path, run: RunCLI) -> None:
    book = write_book(tmp_path, markdown_book(author="Bluefin Press"))
    assert run("insert", book, "--model", "GPT-4", "--voice", "company").code == 0
    assert "Bluefin Press generated this text in part with GPT-4" in book.read_text("utf-8")


@pytest.mark.parametrize("vendor, possessive", [("Inkwell Labs", "Inkwell Labs'"), ("Acme Systems", "Acme Systems'"),
                                                ("Inkwell", "Inkwell's"), ("AWS", "AWS's")])
def test_a_vendor_ending_in_s_takes_the_apostrophe_alone(tmp_path: Path, run: RunCLI, vendor: str,
                                                         possessive: str) -> None:
    shown = run("templates", "stock", "--model", "Quill-7", "--vendor", vendor)
    assert f"with Quill-7, {possessive} large-scale language-generation model." in shown.out
    book = write_book(tmp_path, markdown_book())
    assert run("insert", book, "--model", "Quill-7", "--vendor", vendor).code == 0
    assert f"{possessive} large-scale" in book.read_text("utf-8")
    assert run("check", book, "--model", "Quill-7").code == 0


# --- placement: the reader's sections ------------------------------------------------------------------



def spine(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        opf_name = next(n for n in zf.namelist() if n.endswith(".opf"))
        opf = zf.read(opf_name).decode()
    hrefs = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', opf))
    return [hrefs[i] for i in re.findall(r'<itemref idref="([^"]+)"', opf)]


def test_markdown_note_goes_after_title_copyright_and_dedication(tmp_path: Path, run: RunCLI) -> None:
    text = markdown_book(extra_front="# Copyright\n\n© 2025 Jordan Vale. All rights reserved.\n\n"
                                     "# Dedication\n\nFor Ada.")
    book = write_book(tmp_path, text)
    assert run("insert", book, "--model", "GPT-4").code == 0
    headings = re.findall(r"(?m)^# (.+)$", book.read_text("utf-8"))
    assert headings == ["Copyright", "Dedication", "A Note on the Use of AI", "Chapter 1", "Chapter 2"]


def test_pandoc_epub_note_goes_after_its_copyright_page_whatever_epub_type_says(tmp_path: Path,
                                                                                run: RunCLI) -> None:
    """pandoc's copyright page says `bodymatter`; it is still an opening page: the note follows it."""
    book = producer_copy(tmp_path, "pandoc", "training-reservation", ".epub")
    result = run("insert", book, "--model", "GPT-4")
    assert result.code == 0, result.err
    assert "before “Chapter One”" in result.out
    assert spine(book) == ["text/title_page.xhtml", "text/ch001.xhtml", "text/note-on-ai.xhtml",
                           "text/ch002.xhtml", "text/ch003.xhtml"]


def test_pandoc_epub_note_goes_right_before_the_foreword(tmp_path: Path, run: RunCLI) -> None:
    """The Foreword names GPT-3; told GPT-4 was used, insert adds a note right before the Foreword,
    never before the title page."""
    book = producer_copy(tmp_path, "pandoc", "stock-foreword", ".epub")
    assert run("insert", book, "--model", "GPT-4").code == 0
    assert spine(book) == ["text/title_page.xhtml", "text/note-on-ai.xhtml", "text/ch001.xhtml",
                           "text/ch002.xhtml", "text/ch003.xhtml"]


@pytest.mark.parametrize("book, model", [("stock-foreword", "GPT-3"), ("authors-note", "ChatGPT")])
def test_pandoc_epub_that_discloses_in_its_front_matter_is_left_alone(tmp_path: Path, run: RunCLI, book: str,
                                                                       model: str) -> None:
    path = producer_copy(tmp_path, "pandoc", book, ".epub")
    before = path.read_bytes()
    result = run("insert", path, "--model", model)
    assert result.code == 0 and "nothing changed" in result.out
    assert path.read_bytes() == before


# --- the note looks like the book's own sections: Markdown ----------------------------------------------


def test_markdown_setext_headings_get_a_setext_heading(tmp_path: Path, run: RunCLI) -> None:
    text = ('---\ntitle: "Harbor Lights"\nauthor: "Jordan Vale"\n---\n\nCopyright\n---------\n\n'
            "© 2025 Jordan Vale.\n\nChapter 1\n---------\n\nThe harbor lights came on one by one.\n")
    book = write_book(tmp_path, text)
    assert run("insert", book, "--model", "GPT-4").code == 0
    assert "\n\nA Note on the Use of AI\n-----------------------\n\nThe author generated" in book.read_text("utf-8")
    assert run("check", book, "--model", "GPT-4").code == 0


@pytest.mark.parametrize("own, expected", [("- - -", "- - -"), ("***", "***"), (None, "* * *")])
def test_markdown_story_without_headings_is_parted_from_the_note_by_a_thematic_break(
        tmp_path: Path, run: RunCLI, own: str | None, expected: str) -> None:
    story = ["The harbor lights came on one by one while the ferry waited at the quay. Mira counted them."]
    if own is not None:
        story += [own, "She thought about the letter in her coat and the man who wrote it."]
    text = '---\ntitle: "Harbor Lights"\nauthor: "Jordan Vale"\n---\n\n' + "\n\n".join(story) + "\n"
    book = write_book(tmp_path, text)
    assert run("insert", book, "--model", "GPT-4").code == 0
    written = book.read_text("utf-8")
    note, rest = written.split("# A Note on the Use of AI\n\n", 1)[1].split("\n\n", 1)
    assert note.startswith("The author generated")
    assert rest.startswith(f"{expected}\n\nThe harbor lights")
    assert run("check", book, "--model", "GPT-4").code == 0
