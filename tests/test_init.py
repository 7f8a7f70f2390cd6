"""`disclosure-lint init`: a starter config that loads, says the order, and never overwrites."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from test_layouts import FOREWORD, chapter, mdbook, write_tree

from disclosure_lint.config import load_config
from disclosure_lint.readers.layouts import book_layout
from disclosure_lint.rules import RULES

Run = Callable[..., Any]


def test_init_plain_folder_lists_the_order_and_loads(tmp_path: Path, run: Run) -> None:
    book = write_tree(tmp_path / "book", {
        "10-harbor.md": chapter(10), "2-quay.md": chapter(2), "1-foreword.md": FOREWORD,
        "[draft] 11.md": chapter(11),
    })
    before = run("check", book, "--format", "json").json()
    result = run("init", book)
    assert result.code == 0
    assert result.out.startswith(f"wrote {book}/.disclosure-lint.toml (*.md: 4 Markdown files in natural order)")
    config = load_config(book / ".disclosure-lint.toml")
    # A glob, so that the next chapter file joins the book by itself.
    assert config.book.files == ("*.md",)
    assert [f.name for f in book_layout(book, config).files] == ["1-foreword.md", "2-quay.md",
                                                                  "10-harbor.md", "[draft] 11.md"]
    assert config.severity == {} and config.model is None
    text = (book / ".disclosure-lint.toml").read_text("utf-8")
    assert '# model = "' in text
    for rule in RULES:
        assert f'# {rule.slug} = "{rule.severity.value}"' in text
    # The same book, the same findings.
    assert run("check", book, "--format", "json").json()["files"][0]["findings"] == before["files"][0]["findings"]


def test_init_never_overwrites(tmp_path: Path, run: Run) -> None:
    config = tmp_path / ".disclosure-lint.toml"
    config.write_text('model = "GPT-4"\n', encoding="utf-8")
    result = run("init", tmp_path)
    assert result.code == 2
    assert result.err == f"disclosure-lint: {config}: a config already exists here; not overwritten\n"
    assert config.read_text("utf-8") == 'model = "GPT-4"\n'


def test_init_refuses_when_pyproject_has_the_table(tmp_path: Path, run: Run) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.disclosure-lint]\nmodel = "GPT-4"\n', encoding="utf-8")
    assert run("init", tmp_path).code == 2
    assert not (tmp_path / ".disclosure-lint.toml").exists()


def test_init_mdbook_keeps_the_summary_in_charge(tmp_path: Path, run: Run) -> None:
    book = mdbook(tmp_path / "book")
    result = run("init", book)
    assert result.code == 0
    assert "mdBook order from src/SUMMARY.md, 6 files" in result.out
    config = load_config(book / ".disclosure-lint.toml")
    assert config.book.files == ()  # the detected order is there, commented
    text = (book / ".disclosure-lint.toml").read_text("utf-8")
    assert '#     "src/part1/the harbor.md",' in text
    assert '# title = "Harbor Lights"' in text
    assert run("check", book).code == 0


def test_init_finds_chapters_one_folder_down(tmp_path: Path, run: Run) -> None:
    write_tree(tmp_path, {"chapters/2.md": chapter(2), "chapters/10.md": chapter(10), "front/a.md": FOREWORD,
                          "back/thanks.md": "# Acknowledgments\n\nThanks.\n"})
    assert run("init", tmp_path).code == 0
    config = load_config(tmp_path / ".disclosure-lint.toml")
    assert config.book.files == ("front/*.md", "chapters/*.md", "back/*.md")
    assert [f.relative_to(tmp_path).as_posix() for f in book_layout(tmp_path, config).files] == [
        "front/a.md", "chapters/2.md", "chapters/10.md", "back/thanks.md"]
    assert run("check", tmp_path).code == 0


def test_init_lists_files_a_glob_would_not_give(tmp_path: Path, run: Run) -> None:
    # Mixed endings in one folder: the names, in the order found.
    write_tree(tmp_path, {"1-foreword.markdown": FOREWORD, "2.md": chapter(2), "3.md": chapter(3)})
    assert run("init", tmp_path).code == 0
    assert load_config(tmp_path / ".disclosure-lint.toml").book.files == ("1-foreword.markdown", "2.md", "3.md")


def test_init_in_an_empty_folder_and_a_missing_one(tmp_path: Path, run: Run) -> None:
    result = run("init", tmp_path)
    assert result.code == 0
    assert load_config(tmp_path / ".disclosure-lint.toml").book.files == ()
    missing = run("init", tmp_path / "nope")
    assert missing.code == 2
    assert missing.err.count("\n") == 1


def test_init_offers_lang_and_the_language_note_commented(tmp_path: Path, run: Run) -> None:
    """`lang` and `language-unsupported` are in the starter, commented; uncommented, they load."""
    book = write_tree(tmp_path / "book", {"1-foreword.md": FOREWORD, "2-quay.md": chapter(2)})
    assert run("init", book).code == 0
    path = book / ".disclosure-lint.toml"
    text = path.read_text("utf-8")
    assert '\n# lang = "' in text
    assert '\n# language-unsupported = "info"' in text
    assert load_config(path).lang is None
    lines = [line.removeprefix("# ") if line.startswith(("# lang = ", "# language-unsupported = ")) else line
             for line in text.splitlines()]
    path.write_text("\n".join(lines).replace('language-unsupported = "info"', 'language-unsupported = "off"') + "\n",
                    "utf-8")
    config = load_config(path)
    assert config.lang == "en" and config.severity == {"language-unsupported": None}
