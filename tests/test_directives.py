"""Inline disable comments, in the style of markdownlint."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from books import CHAPTER, STOCK
from test_layouts import FOREWORD, chapter, write_tree

Run = Callable[..., Any]

HIDDEN = "<!-- This book was drafted with ChatGPT and edited by the author. -->"
AUTHOR = '---\nauthor: "Jordan Vale"\n---\n\n'


def found(result: Any) -> list[tuple[str, str, int | None]]:
    return [(f["rule"], Path(f["location"]["path"]).name, f["location"]["line"])
            for fl in result.json()["files"] for f in fl["findings"]]


def test_disable_a_book_level_rule_anywhere_silences_it_for_the_whole_book(tmp_path: Path, run: Run) -> None:
    book = write_tree(tmp_path / "book", {
        "1.md": AUTHOR + chapter(1),
        "2.md": chapter(2) + "\n<!-- disclosure-lint-disable disclosure-missing -->\n",
    })
    result = run("check", book, "--format", "json")
    assert found(result) == []
    assert result.code == 0


def test_disable_without_slugs_means_every_rule(tmp_path: Path, run: Run) -> None:
    path = write_tree(tmp_path, {"book.md": "<!-- disclosure-lint-disable -->\n\n" + chapter(1)}) / "book.md"
    assert run("check", path, "--format", "json").code == 0


def test_disable_next_line_silences_only_the_next_line(tmp_path: Path, run: Run) -> None:
    text = (AUTHOR + "# Foreword\n\n<!-- disclosure-lint-disable-next-line disclosure-hidden -->\n" + HIDDEN
            + "\n\n" + HIDDEN.replace("ChatGPT", "GPT-4") + "\n\n" + chapter(1))
    path = write_tree(tmp_path, {"book.md": text}) / "book.md"
    result = run("check", path, "--format", "json")
    assert found(result) == [("disclosure-hidden", "book.md", 10)]
    # With a blank line between, the comment's next line is empty: nothing is silenced.
    path.write_text(text.replace("-->\n<!-- This", "-->\n\n<!-- This", 1), encoding="utf-8")
    lines = {line for _, _, line in found(run("check", path, "--format", "json"))}
    assert lines == {9, 11}


def test_disable_then_enable_for_a_line_rule(tmp_path: Path, run: Run) -> None:
    text = (AUTHOR + "# Foreword\n\n<!-- disclosure-lint-disable disclosure-hidden -->\n\n" + HIDDEN
            + "\n\n<!-- disclosure-lint-enable disclosure-hidden -->\n\n"
            + HIDDEN.replace("ChatGPT", "GPT-4") + "\n\n" + chapter(1))
    path = write_tree(tmp_path, {"book.md": text}) / "book.md"
    assert found(run("check", path, "--format", "json")) == [("disclosure-hidden", "book.md", 13)]


def test_a_line_rule_is_disabled_for_the_rest_of_its_own_file_only(tmp_path: Path, run: Run) -> None:
    book = write_tree(tmp_path / "book", {
        "1.md": AUTHOR + "# Foreword\n\n<!-- disclosure-lint-disable disclosure-hidden -->\n" + HIDDEN + "\n",
        "2.md": chapter(1) + "\n" + HIDDEN + "\n",
    })
    assert found(run("check", book, "--format", "json")) == [("disclosure-hidden", "2.md", 5)]


def test_an_unknown_slug_is_reported_as_a_warning(tmp_path: Path, run: Run) -> None:
    text = f"{AUTHOR}# Foreword\n\n{STOCK}\n\n<!-- disclosure-lint-disable disclosure-mising -->\n\n# Chapter 1\n\n{CHAPTER}\n"
    path = write_tree(tmp_path, {"book.md": text}) / "book.md"
    result = run("check", path)
    assert result.code == 0
    assert (f"{path}:9:1: warning [unknown-rule-in-comment] unknown rule 'disclosure-mising' in a "
            "disclosure-lint-disable comment (did you mean 'disclosure-missing'? see `disclosure-lint rules`)"
            ) in result.out


def test_a_comment_in_a_code_block_is_not_a_directive(tmp_path: Path, run: Run) -> None:
    text = "```\n<!-- disclosure-lint-disable -->\n```\n\n" + chapter(1)
    path = write_tree(tmp_path, {"book.md": AUTHOR + text}) / "book.md"
    result = run("check", path, "--format", "json")
    assert ("disclosure-missing", "book.md", 9) in found(result)
    assert result.code == 1


def test_disable_comments_do_not_leak_into_a_clean_book(tmp_path: Path, run: Run) -> None:
    book = write_tree(tmp_path / "book", {"0.md": FOREWORD, "1.md": chapter(1)})
    assert run("check", book).code == 0
