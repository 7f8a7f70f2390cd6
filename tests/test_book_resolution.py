"""A chapter file belongs to its book: naming it checks the whole book, once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from books import STOCK as STOCK_TEXT
from test_layouts import FOREWORD, chapter, leanpub, mdbook, quarto, write_tree

from disclosure_lint.readers.layouts import find_book

Run = Callable[..., Any]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository root (it has .git) as the working directory."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def checked(result: Any) -> list[str]:
    return [f["path"] for f in result.json()["files"]]


def test_a_chapter_of_a_config_book_checks_the_whole_book(repo: Path, run: Run) -> None:
    write_tree(repo, {
        ".disclosure-lint.toml": '[book]\nfiles = ["front/*.md", "chapters/*.md"]\n',
        "front/foreword.md": FOREWORD,
        "chapters/06.md": chapter(6),
        "chapters/07.md": chapter(7),
    })
    # The chapter alone has no disclosure; its book has one.
    result = run("check", "chapters/07.md", "--format", "json")
    assert result.code == 0, result.out
    assert checked(result) == ["."]


def test_many_files_of_one_book_check_it_once(repo: Path, run: Run) -> None:
    write_tree(repo, {
        ".disclosure-lint.toml": '[book]\nfiles = ["chapters/*.md"]\n',
        "chapters/01.md": chapter(1),
        "chapters/02.md": chapter(2),
    })
    result = run("check", "chapters/01.md", "chapters/02.md", "chapters", ".disclosure-lint.toml")
    assert result.code == 1
    out = result.out
    assert out.count("[disclosure-missing]") == 1
    assert "1 book checked" in out


@pytest.mark.parametrize("layout", ["mdbook", "quarto", "leanpub"])
def test_a_chapter_of_a_structured_book_checks_the_book(repo: Path, run: Run, layout: str) -> None:
    builders: dict[str, Callable[[Path], Path]] = {"mdbook": mdbook, "quarto": quarto, "leanpub": leanpub}
    book = builders[layout](repo / "novel")
    chapters = {"mdbook": "src/part1/quay.md", "quarto": "chapters/quay.qmd", "leanpub": "manuscript/chapter2.md"}
    result = run("check", f"novel/{chapters[layout]}", "--format", "json")
    assert result.code == 0, result.out
    assert checked(result) == ["novel"]
    assert find_book(book / chapters[layout]) == book


def test_the_summary_file_belongs_to_its_book(repo: Path, run: Run) -> None:
    mdbook(repo / "novel")
    result = run("check", "novel/src/SUMMARY.md", "novel/src/foreword.md", "--format", "json")
    assert checked(result) == ["novel"]


def test_a_markdown_file_in_no_book_is_its_own_manuscript(repo: Path, run: Run) -> None:
    mdbook(repo / "novel")
    write_tree(repo, {"stories/ferry.md": "# The Ferry\n\n" + chapter(1), "notes/idea.md": "# Idea\n\nA ferry story.\n",
                      "novel/src/unlisted.md": chapter(9)})
    result = run("check", "stories/ferry.md", "notes/idea.md", "novel/src/unlisted.md", "--format", "json")
    assert checked(result) == ["stories/ferry.md"]
    assert result.code == 1
    # Notes are not a manuscript; a chapter the summary does not list is not part of the book.
    assert [(s["path"], s["severity"]) for s in result.json()["skipped"]] == [
        ("notes/idea.md", "info"), ("novel/src/unlisted.md", "warning")]
    assert "add it to novel/src/SUMMARY.md" in result.json()["skipped"][1]["message"]


def test_the_search_stops_at_the_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 run: Run) -> None:
    # A book structure above the repository is not this repository's book.
    write_tree(tmp_path, {
        ".disclosure-lint.toml": '[book]\nfiles = ["repo/*.md", "foreword.md"]\n',
        "foreword.md": FOREWORD,
        "repo/ch1.md": chapter(1),
    })
    (tmp_path / "repo" / ".git").mkdir()
    monkeypatch.chdir(tmp_path / "repo")
    assert find_book(Path("ch1.md")) is None
    result = run("check", "ch1.md", "--format", "json")
    assert checked(result) == ["ch1.md"]


def test_a_folder_inside_a_book_checks_the_book(repo: Path, run: Run) -> None:
    mdbook(repo / "novel")
    result = run("check", "novel/src/part1", "--format", "json")
    assert result.code == 0, result.out
    assert checked(result) == ["novel"]


def test_a_missing_chapter_is_one_line_and_exit_2(repo: Path, run: Run) -> None:
    result = run("check", "chapters/99.md")
    assert result.code == 2
    assert result.err == "disclosure-lint: chapters/99.md: no such file or directory\n"


def test_python_api_checks_the_book_of_a_chapter(tmp_path: Path) -> None:
    from disclosure_lint import lint

    (tmp_path / ".git").mkdir()
    (tmp_path / ".disclosure-lint.toml").write_text('[book]\nfiles = ["front/*.md", "chapters/*.md"]\n')
    (tmp_path / "front").mkdir()
    (tmp_path / "chapters").mkdir()
    (tmp_path / "front" / "foreword.md").write_text(
        '---\nauthor: "Jordan Vale"\n---\n\n# Foreword\n\n' + STOCK_TEXT + "\n")
    chapter = tmp_path / "chapters" / "01.md"
    chapter.write_text("# Chapter 1\n\nThe harbor lights came on.\n")
    report = lint(chapter)
    assert report.exit_code == 0, report.files[0].findings
