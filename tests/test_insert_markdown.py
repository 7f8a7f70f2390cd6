"""`disclosure-lint insert` on Markdown files and multi-file books: placement, nothing lost, safety."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from books import CHAPTER, markdown_book, write_book
from conftest import Run

RunCLI = Callable[..., Run]

NOTE = "# A Note on the Use of AI"


def is_subsequence(original: list[bytes], new: list[bytes]) -> bool:
    it = iter(new)
    return all(any(line == candidate for candidate in it) for line in original)


def lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- the basic promise: insert, then check passes ------------------------------------------------


def test_insert_then_check_is_clean_and_note_stands_before_the_first_chapter(tmp_path: Path, run: RunCLI) -> None:
    book = write_book(tmp_path, markdown_book())
    assert run("check", book).code == 1

    result = run("insert", book, "--model", "GPT-4")

    assert result.code == 0, result.err
    assert "added “A Note on the Use of AI” before “Chapter 1”" in result.out
    text = book.read_text("utf-8")
    assert "The author generated this text in part with GPT-4, OpenAI's large-scale language-generation model." in text
    assert text.index(NOTE) < text.index("# Chapter 1")
    assert text.index("---\n\n" + NOTE) > 0  # after the front matter, never inside it
    assert run("check", book, "--model", "GPT-4").code == 0


def test_note_goes_as_its_own_section_right_before_the_foreword(tmp_path: Path, run: RunCLI) -> None:
    book = write_book(tmp_path, markdown_book("This story came to me on a ferry.",
                                              extra_front="# Copyright\n\n© 2025 Jordan Vale"))
    assert run("insert", book, "--model", "Claude").code == 0
    text = book.read_text("utf-8")
    assert text.index("# Copyright") < text.index(NOTE) < text.index("# Foreword") < text.index("# Chapter 1")
    assert "with Claude, Anthropic's large-scale" in text
    assert run("check", book, "--model", "Claude").code == 0


def test_heading_level_follows_the_book(tmp_path: Path, run: RunCLI) -> None:
    text = markdown_book().replace("# Chapter", "## Chapter")
    book = write_book(tmp_path, text)
    assert run("insert", book, "--model", "Gemini", "--heading", "How This Book Was Made").code == 0
    assert "\n## How This Book Was Made\n" in book.read_text("utf-8")
    assert run("check", book, "--model", "Gemini").code == 0


@pytest.mark.parametrize("model, vendor", [("GPT-3", "OpenAI"), ("GPT-3.5", "OpenAI"), ("GPT-4o", "OpenAI"),
                                           ("ChatGPT", "OpenAI"), ("Llama", "Meta"),
                                           ("Mistral", "Mistral AI")])
def test_maker_comes_from_the_model(tmp_path: Path, run: RunCLI, model: str, vendor: str) -> None:
    book = write_book(tmp_path, markdown_book())
    assert run("insert", book, "--model", model).code == 0
    assert f"with {model}, {vendor}'s large-scale language-generation model" in book.read_text("utf-8")
    assert run("check", book, "--model", model).code == 0


def test_unknown_model_drops_the_maker_unless_given(tmp_path: Path, run: RunCLI) -> None:
    plain = write_book(tmp_path, markdown_book(), "plain.md")
    named = write_book(tmp_path, markdown_book(), "named.md")
    assert run("insert", plain, "--model", "Quill-7").code == 0
    assert run("insert", named, "--model", "Quill-7", "--vendor", "Inkwell Labs").code == 0
    assert "with Quill-7, a large-scale language-generation model." in plain.read_text("utf-8")
    assert "with Quill-7, Inkwell Labs' large-scale" in named.read_text("utf-8")  # not "Labs's"
    assert run("check", plain, "--model", "Quill-7").code == 0


def test_model_from_config(tmp_path: Path, run: RunCLI) -> None:
    (tmp_path / ".disclosure-lint.toml").write_text('model = "GPT-4"\n', encoding="utf-8")
    book = write_book(tmp_path, markdown_book())
    assert run("insert", book).code == 0
    assert "in part with GPT-4," in book.read_text("utf-8")


def test_without_a_model_insert_refuses(tmp_path: Path, run: RunCLI) -> None:
    book = write_book(tmp_path, markdown_book())
    before = book.read_bytes()
    result = run("insert", book)
    assert result.code == 2
    assert "--model" in result.err and len(result.err.strip().splitlines()) == 1
    assert book.read_bytes() == before


def test_voices(tmp_path: Path, run: RunCLI) -> None:
    first = write_book(tmp_path, markdown_book(), "first.md")
    company = write_book(tmp_path, markdown_book(author="Bluefin Press"), "company.md")
    assert run("insert", first, "--model", "GPT-4", "--voice", "first").code == 0
    assert run("insert", company, "--model", "GPT-4", "--voice", "company").code == 0
    assert "I generated this text in part with GPT-4" in first.read_text("utf-8")
    assert "Bluefin Press generated this text in part with GPT-4" in company.read_text("utf-8")
    assert run("check", first, company, "--model", "GPT-4").code == 0


def test_company_voice_needs_a_name(tmp_path: Path, run: RunCLI) -> None:
    book = write_book(tmp_path, markdown_book(author=None, extra_front="© 2025 All rights reserved."))
    result = run("insert", book, "--model", "GPT-4", "--voice", "company")
    assert result.code == 2 and "--author" in result.err
    assert run("insert", book, "--model", "GPT-4", "--voice", "company", "--author", "Bluefin Press").code == 0
    assert "Bluefin Press generated" in book.read_text("utf-8")


# --- nothing lost ----------------------------------------------------------------------------------


def test_every_original_line_kept_byte_for_byte_with_crlf_and_bom(tmp_path: Path, run: RunCLI) -> None:
    text = markdown_book("A café, a ferry — and a letter.  \nSecond line with trailing spaces.   ")
    original = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    book = tmp_path / "book.md"
    book.write_bytes(original)

    assert run("insert", book, "--model", "GPT-4").code == 0

    new = book.read_bytes()
    assert new.startswith(b"\xef\xbb\xbf") and not new[3:].startswith(b"\xef\xbb\xbf")
    assert b"\n" not in new.replace(b"\r\n", b"")  # every line ending is still CRLF
    assert is_subsequence(lines(original[3:]), lines(new[3:]))
    assert len(lines(new)) > len(lines(original))
    assert new[3:].startswith(original[3:original.index(b"---\r\n", 4) + 5])  # front matter untouched
    assert run("check", book, "--model", "GPT-4").code == 0


def test_last_line_without_newline_and_invalid_utf8_kept(tmp_path: Path, run: RunCLI) -> None:
    original = b"---\ntitle: T\nauthor: Jordan Vale\n---\n\n# Chapter 1\n\nCaf\xe9 au lait, no newline"
    book = tmp_path / "book.md"
    book.write_bytes(original)
    assert run("insert", book, "--model", "GPT-4").code == 0
    new = book.read_bytes()
    assert is_subsequence(lines(original), lines(new))
    assert new.endswith(b"Caf\xe9 au lait, no newline")


def test_second_insert_changes_nothing(tmp_path: Path, run: RunCLI) -> None:
    book = write_book(tmp_path, markdown_book())
    assert run("insert", book, "--model", "GPT-4").code == 0
    once = book.read_bytes()
    stat = book.stat()
    again = run("insert", book, "--model", "GPT-4")
    assert again.code == 0
    assert "already has an adequate AI disclosure; nothing changed" in again.out
    assert book.read_bytes() == once and book.stat().st_mtime_ns == stat.st_mtime_ns


def test_book_with_a_stock_disclosure_is_left_alone(tmp_path: Path, run: RunCLI) -> None:
    from books import STOCK

    book = write_book(tmp_path, markdown_book(STOCK))
    before = book.read_bytes()
    result = run("insert", book, "--model", "GPT-3")
    assert result.code == 0 and "nothing changed" in result.out
    assert book.read_bytes() == before


def test_book_that_denies_ai_use_is_refused(tmp_path: Path, run: RunCLI) -> None:
    book = write_book(tmp_path, markdown_book("No AI was used in the writing of this book."))
    before = book.read_bytes()
    result = run("insert", book, "--model", "GPT-4")
    assert result.code == 1
    assert "No AI was used in the writing of this book." in result.err
    assert "contradict" in result.err
    assert book.read_bytes() == before


def test_output_writes_a_new_file_and_leaves_the_original(tmp_path: Path, run: RunCLI) -> None:
    book = write_book(tmp_path, markdown_book())
    before = book.read_bytes()
    out = tmp_path / "out" / "with-note.md"
    out.parent.mkdir()
    assert run("insert", book, "--model", "GPT-4", "--output", out).code == 0
    assert book.read_bytes() == before
    assert NOTE in out.read_text("utf-8")
    assert run("check", out, "--model", "GPT-4").code == 0


def test_dry_run_shows_a_diff_and_writes_nothing(tmp_path: Path, run: RunCLI) -> None:
    book = write_book(tmp_path, markdown_book())
    before = book.read_bytes()
    names = sorted(p.name for p in tmp_path.iterdir())
    result = run("insert", book, "--model", "GPT-4", "--dry-run")
    assert result.code == 0
    assert f"+++ {book}" in result.out
    assert f"+{NOTE}" in result.out
    assert "+The author generated this text in part with GPT-4" in result.out
    assert book.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == names


def test_user_template_folder_from_config(tmp_path: Path, run: RunCLI) -> None:
    folder = tmp_path / "my-templates"
    folder.mkdir()
    (folder / "plain.txt").write_text(
        "# Plain words\n# voice: first\nI wrote this book with help from {model}, an AI chatbot[[ made by {vendor}]]. "
        "It drafted some scenes; I rewrote and edited every one of them.\n\n"
        "I take full responsibility for the content.\n", encoding="utf-8")
    (tmp_path / ".disclosure-lint.toml").write_text('templates = "my-templates"\n', encoding="utf-8")
    book = write_book(tmp_path, markdown_book())
    listing = run("templates", "--config", tmp_path / ".disclosure-lint.toml")
    assert "plain" in listing.out and "stock" in listing.out
    assert run("insert", book, "--model", "ChatGPT", "--template", "plain").code == 0
    text = book.read_text("utf-8")
    assert "I wrote this book with help from ChatGPT, an AI chatbot made by OpenAI." in text
    assert "\n\nI take full responsibility for the content.\n" in text
    assert run("check", book, "--model", "ChatGPT").code == 0


def test_a_template_that_would_not_pass_is_not_written(tmp_path: Path, run: RunCLI) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "vague.txt").write_text("# Too vague\nThis book was made with {model}.\n", encoding="utf-8")
    (tmp_path / ".disclosure-lint.toml").write_text('templates = "t"\n', encoding="utf-8")
    book = write_book(tmp_path, markdown_book())
    before = book.read_bytes()
    result = run("insert", book, "--model", "GPT-4", "--template", "vague")
    assert result.code == 1 and "nothing was written" in result.err
    assert book.read_bytes() == before and not leftovers(tmp_path)


def test_chapter_heading_refused_as_note_heading(tmp_path: Path, run: RunCLI) -> None:
    book = write_book(tmp_path, markdown_book())
    result = run("insert", book, "--model", "GPT-4", "--heading", "Chapter 0")
    assert result.code == 2 and "chapter" in result.err


# --- safety ----------------------------------------------------------------------------------------


def test_failure_at_rename_leaves_the_original_and_no_temp_file(tmp_path: Path, run: RunCLI,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    book = write_book(tmp_path, markdown_book())
    before = book.read_bytes()

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = run("insert", book, "--model", "GPT-4")
    assert result.code == 2
    assert result.err == "disclosure-lint: not enough free space on the disk to write book.md (needs about 1 MB); nothing was changed\n"
    assert book.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_failure_while_writing_leaves_the_original(tmp_path: Path, run: RunCLI,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    book = write_book(tmp_path, markdown_book())
    before = book.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    assert run("insert", book, "--model", "GPT-4").code == 2
    assert book.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_file_changed_since_read_is_not_overwritten(tmp_path: Path, run: RunCLI,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import disclosure_lint.writers as writers

    book = write_book(tmp_path, markdown_book())
    real = writers._refuse_if_failing

    def editor_saves_meanwhile(*args: object, **kwargs: object) -> None:
        real(*args, **kwargs)  # type: ignore[arg-type]
        book.write_text(markdown_book(chapters=["An edit made while insert was running."]), encoding="utf-8")

    monkeypatch.setattr(writers, "_refuse_if_failing", editor_saves_meanwhile)
    result = run("insert", book, "--model", "GPT-4")
    assert result.code == 2 and "book.md changed while disclosure-lint was writing it; run again" in result.err
    assert "An edit made while insert was running." in book.read_text("utf-8")
    assert NOTE not in book.read_text("utf-8")
    assert leftovers(tmp_path) == []


# --- multi-file books ------------------------------------------------------------------------------


def _folder_book(root: Path, foreword: bool) -> Path:
    book = root / "book"
    book.mkdir()
    (book / "01-title.md").write_text("---\ntitle: Harbor Lights\nauthor: Jordan Vale\n---\n\n# Harbor Lights\n\n"
                                      "by Jordan Vale\n\n# Copyright\n\n© 2025 Jordan Vale\n", encoding="utf-8")
    if foreword:
        (book / "02-foreword.md").write_text("# Foreword\n\nThis story came to me on a ferry.\n", encoding="utf-8")
    (book / "03-chapter-1.md").write_text(f"# Chapter 1\n\n{CHAPTER}\n", encoding="utf-8")
    (book / "10-chapter-2.md").write_text(f"# Chapter 2\n\n{CHAPTER}\n", encoding="utf-8")
    return book


def test_book_folder_note_goes_into_the_foreword_file(tmp_path: Path, run: RunCLI) -> None:
    book = _folder_book(tmp_path, foreword=True)
    originals = {p.name: p.read_bytes() for p in book.iterdir()}
    assert run("insert", book, "--model", "GPT-4").code == 0
    foreword = (book / "02-foreword.md").read_text("utf-8")
    assert foreword.startswith(NOTE + "\n\nThe author generated")
    assert foreword.index(NOTE) < foreword.index("# Foreword")
    assert is_subsequence(lines(originals["02-foreword.md"]), lines((book / "02-foreword.md").read_bytes()))
    for name, data in originals.items():
        if name != "02-foreword.md":
            assert (book / name).read_bytes() == data
    assert sorted(p.name for p in book.iterdir()) == sorted(originals)
    assert run("check", book, "--model", "GPT-4").code == 0
    assert run("insert", book, "--model", "GPT-4").out.endswith("nothing changed\n")


def test_book_folder_gets_a_new_file_that_sorts_before_the_first_chapter(tmp_path: Path, run: RunCLI) -> None:
    book = _folder_book(tmp_path, foreword=False)
    originals = {p.name: p.read_bytes() for p in book.iterdir()}
    result = run("insert", book, "--model", "GPT-4")
    assert result.code == 0, result.err
    added = sorted(set(p.name for p in book.iterdir()) - set(originals))
    assert added == ["03-0-note-on-ai.md"]
    assert (book / added[0]).read_text("utf-8").startswith(NOTE + "\n\nThe author generated")
    for name, data in originals.items():
        assert (book / name).read_bytes() == data
    checked = run("check", book, "--model", "GPT-4", "--format", "json")
    assert checked.code == 0, checked.out
    dry = run("insert", book, "--model", "GPT-4", "--dry-run")
    assert "nothing changed" in dry.out


def test_book_folder_dry_run_writes_nothing(tmp_path: Path, run: RunCLI) -> None:
    book = _folder_book(tmp_path, foreword=False)
    names = sorted(p.name for p in book.iterdir())
    result = run("insert", book, "--model", "GPT-4", "--dry-run")
    assert result.code == 0
    assert "+++ " in result.out and "03-0-note-on-ai.md" in result.out and "--- /dev/null" in result.out
    assert sorted(p.name for p in book.iterdir()) == names


def test_book_with_config_order_adds_to_the_front_matter_file(tmp_path: Path, run: RunCLI) -> None:
    book = tmp_path / "novel"
    (book / "front").mkdir(parents=True)
    (book / "chapters").mkdir()
    (book / "front" / "title.md").write_text("# Harbor Lights\n\nby Jordan Vale\n", encoding="utf-8")
    (book / "chapters" / "one.md").write_text(f"# Chapter 1\n\n{CHAPTER}\n", encoding="utf-8")
    (book / ".disclosure-lint.toml").write_text('[book]\nfiles = ["front/*.md", "chapters/*.md"]\n',
                                                 encoding="utf-8")
    before = (book / "front" / "title.md").read_bytes()
    assert run("insert", book, "--model", "GPT-4").code == 0
    title = (book / "front" / "title.md").read_bytes()
    assert title.startswith(before) and NOTE.encode() in title
    assert (book / "chapters" / "one.md").read_text("utf-8").startswith("# Chapter 1")
    assert run("check", book, "--model", "GPT-4").code == 0


def test_book_with_a_listed_order_gets_the_note_in_its_front_matter_file(tmp_path: Path, run: RunCLI) -> None:
    """A Leanpub book lists its files in Book.txt, which a new file would have to be added to."""
    book = tmp_path / "leanpub"
    manuscript = book / "manuscript"
    manuscript.mkdir(parents=True)
    (manuscript / "Book.txt").write_text("frontmatter:\ntitle.md\nmainmatter:\nchapter1.md\n", encoding="utf-8")
    (manuscript / "title.md").write_text("# Harbor Lights\n\nby Jordan Vale\n", encoding="utf-8")
    (manuscript / "chapter1.md").write_text(f"# Chapter 1\n\n{CHAPTER}\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in manuscript.iterdir()}
    result = run("insert", book, "--model", "GPT-4")
    assert result.code == 0, result.err
    assert "title.md: added" in result.out
    assert sorted(p.name for p in manuscript.iterdir()) == sorted(before)
    assert (manuscript / "title.md").read_bytes().startswith(before["title.md"])
    assert (manuscript / "chapter1.md").read_bytes() == before["chapter1.md"]
    assert run("check", book, "--model", "GPT-4").code == 0


def test_insert_on_a_chapter_of_a_listed_book_edits_the_book(tmp_path: Path, run: RunCLI) -> None:
    book = tmp_path / "leanpub"
    manuscript = book / "manuscript"
    manuscript.mkdir(parents=True)
    (manuscript / "Book.txt").write_text("title.md\nforeword.md\nchapter1.md\n", encoding="utf-8")
    (manuscript / "title.md").write_text("# Harbor Lights\n\nby Jordan Vale\n", encoding="utf-8")
    (manuscript / "foreword.md").write_text("# Foreword\n\nIt came to me on a ferry.\n", encoding="utf-8")
    (manuscript / "chapter1.md").write_text(f"# Chapter 1\n\n{CHAPTER}\n", encoding="utf-8")
    chapter = (manuscript / "chapter1.md").read_bytes()
    assert run("insert", manuscript / "chapter1.md", "--model", "GPT-4").code == 0
    assert (manuscript / "chapter1.md").read_bytes() == chapter
    assert (manuscript / "foreword.md").read_text("utf-8").startswith(NOTE)
    assert run("check", manuscript / "chapter1.md", "--model", "GPT-4").code == 0


def test_listed_book_whose_first_file_is_the_story_is_refused(tmp_path: Path, run: RunCLI) -> None:
    book = tmp_path / "leanpub"
    manuscript = book / "manuscript"
    manuscript.mkdir(parents=True)
    (manuscript / "Book.txt").write_text("chapter1.md\n", encoding="utf-8")
    (manuscript / "chapter1.md").write_text(f"---\nauthor: Jordan Vale\n---\n# Chapter 1\n\n{CHAPTER}\n",
                                            encoding="utf-8")
    before = (manuscript / "chapter1.md").read_bytes()
    result = run("insert", book, "--model", "GPT-4")
    assert result.code == 1 and "Book.txt" in result.err
    assert (manuscript / "chapter1.md").read_bytes() == before
