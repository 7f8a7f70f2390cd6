"""Writing repositories as authors lay them out (issue 13): chapters belong to their book without
config, project files and notes are not manuscripts, folders hold books, `init` writes globs and
the hook to add, and hints name the book."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from books import STOCK
from docx_builders import build_docx
from epub_builders import build_epub
from test_layouts import chapter, write_tree

from disclosure_lint.config import load_config
from disclosure_lint.model import Kind
from disclosure_lint.readers import vocabulary
from disclosure_lint.readers.discovery import discover, glob_pattern, looks_like_manuscript, read_head

Run = Callable[..., Any]

FRONT = f'---\ntitle: "Harbor Lights"\nauthor: "Jordan Vale"\n---\n\n# Foreword\n\n{STOCK}\n'
BARE_FRONT = '---\ntitle: "Harbor Lights"\nauthor: "Jordan Vale"\n---\n\n# Foreword\n\nFor my sister.\n'


def manuscript_repo(root: Path, front: str = FRONT, chapters: int = 3) -> Path:
    """A writing repository: README at the root, the book as manuscript/00-front.md + chapters."""
    (root / ".git").mkdir(parents=True)
    files = {"README.md": "# Harbor Lights\n\nThe working repository of my novel.\n",
             "manuscript/00-front.md": front}
    for n in range(1, chapters + 1):
        files[f"manuscript/{n:02d}-chapter-{n}.md"] = chapter(n)
    return write_tree(root, files)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return manuscript_repo(tmp_path)


def checked(result: Any) -> list[str]:
    return [f["path"] for f in result.json()["files"]]


def skipped(result: Any) -> list[tuple[str, str]]:
    return [(s["path"], s["severity"]) for s in result.json()["skipped"]]


# --- 1. a chapter belongs to its book, with or without config ----------------------------------


def test_a_staged_chapter_checks_its_book_without_config(repo: Path, run: Run) -> None:
    result = run("check", "manuscript/02-chapter-2.md", "--format", "json")
    assert result.code == 0, result.out
    assert checked(result) == ["manuscript"]
    assert result.json()["files"][0]["files"] == [f"manuscript/{n}" for n in (
        "00-front.md", "01-chapter-1.md", "02-chapter-2.md", "03-chapter-3.md")]


def test_a_staged_chapter_of_a_book_without_a_disclosure_fails_with_the_books_findings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run) -> None:
    monkeypatch.chdir(tmp_path)
    manuscript_repo(tmp_path, front=BARE_FRONT)
    result = run("check", "manuscript/01-chapter-1.md", "manuscript/02-chapter-2.md")
    assert result.code == 1
    # One book, one finding, at the start of the story; the author is known from the front matter.
    assert result.out.count("[disclosure-missing]") == 1
    assert "[attribution-missing]" not in result.out
    # The hint names the book, never the chapter.
    assert "`disclosure-lint insert --model NAME manuscript`" in result.out
    assert "insert --model NAME manuscript/0" not in result.out


def test_a_book_with_its_chapters_one_folder_down(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  run: Run) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    write_tree(tmp_path, {"book/front/title.md": FRONT, "book/chapters/1.md": chapter(1),
                          "book/chapters/2.md": chapter(2), "book/back/thanks.md": "# Acknowledgments\n\nThanks.\n"})
    for named in ("book/chapters/2.md", "book/chapters", "book", "."):
        result = run("check", named, "--format", "json")
        assert (result.code, checked(result)) == (0, ["book"]), named
    assert result.json()["files"][0]["files"][0] == "book/front/title.md"


# --- 2. project files and notes are not manuscripts ---------------------------------------------


@pytest.mark.parametrize("name", ["README.md", "CHANGELOG.md", "LICENSE.md", "CONTRIBUTING.md",
                                  "CODE_OF_CONDUCT.md", "docs/style.md", "notes/ideas.md",
                                  "research/ships.md", ".github/pull_request_template.md", "SUMMARY.md"])
def test_project_files_are_skipped_with_one_info_line(repo: Path, run: Run, name: str) -> None:
    write_tree(repo, {name: "# Notes\n\n" + " ".join(["A line of notes about the book."] * 20) + "\n"})
    result = run("check", name)
    assert result.code == 0, result.out
    lines = result.out.splitlines()
    assert lines[0].startswith(f"{name}: info [skipped] ")
    assert lines[-1] == "0 books checked: 0 errors, 0 warnings, 1 file skipped"
    assert run("check", name, "--quiet").out == ""


def test_config_include_and_exclude_override_the_defaults(repo: Path, run: Run) -> None:
    write_tree(repo, {
        ".disclosure-lint.toml": 'include = ["docs/*.md"]\nexclude = ["drafts/**"]\n',
        "docs/story.md": "# The Story\n\n" + chapter(1),
        "drafts/old.md": "# Old\n\n" + chapter(1),
    })
    assert checked(run("check", "docs/story.md", "--format", "json")) == ["docs/story.md"]
    result = run("check", "drafts/old.md", "--format", "json")
    assert (result.code, checked(result), skipped(result)) == (0, [], [("drafts/old.md", "info")])
    assert "exclude" in result.json()["skipped"][0]["message"]


def test_a_lone_note_is_skipped_and_a_lone_manuscript_is_checked(repo: Path, run: Run) -> None:
    write_tree(repo, {"todo.md": "- fix chapter 3\n- call Sam\n",
                      "story.md": "# The Ferry\n\n" + " ".join([chapter(1)] * 3)})
    result = run("check", "todo.md", "story.md", "--format", "json")
    assert checked(result) == ["story.md"]
    assert skipped(result) == [("todo.md", "info")]
    assert "short note" in result.json()["skipped"][0]["message"]


@pytest.mark.parametrize(("text", "manuscript"), [
    ("- buy ink\n- call Sam\n", False),
    ("# TODO\n\nFix chapter three.\n", False),
    ("Remember the lighthouse scene.\n", False),
    ('---\ntitle: "Harbor Lights"\n---\n\nShort.\n', True),
    ("# Chapter 1\n\nThe tide turned.\n", True),
    ("# The Ferry\n\n" + "The ferry crossed the bay in the grey morning light while gulls wheeled. " * 3, True),
    ("The ferry crossed the bay in the grey morning light while gulls wheeled overhead. " * 15, True),
])
def test_what_reads_as_a_manuscript(tmp_path: Path, text: str, manuscript: bool) -> None:
    path = tmp_path / "file.md"
    path.write_text(text, encoding="utf-8")
    assert looks_like_manuscript(read_head(path)) is manuscript
    assert looks_like_manuscript(read_head(path, whole=False)) is manuscript
    assert read_head(path, whole=False) == read_head(path)  # a sure file's head is read whole


@pytest.mark.parametrize("text", ["# Chapter 1\n\n" + "The tide turned. " * 2000, "", "a\0b\n",
                                  "---\ntitle: A\nauthor: B\n---\n\n" + "x " * 9000])
def test_an_unsure_file_is_a_manuscript_without_reading_its_head(tmp_path: Path, text: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A lone novel (longer than the head) is found without its head's patterns (a fixed cost
    of every check of a Markdown book): the head says only that it is unsure, as the whole head
    would, and the book is found as before."""
    from disclosure_lint.readers import discovery

    path = tmp_path / "novel.md"
    path.write_text(text, encoding="utf-8")
    whole = read_head(path)
    assert whole.unsure and read_head(path, whole=False) == discovery.Head(False, False, 0, unsure=True)
    assert looks_like_manuscript(read_head(path, whole=False)) is looks_like_manuscript(whole) is True

    def unread(*args: object, **kwargs: object) -> object:
        raise AssertionError("the head's patterns were used")

    monkeypatch.setattr(discovery, "_FRONT_MATTER", type("P", (), {"match": unread})())
    found = discover([path])
    assert [str(b.path) for b in found.books] == [str(path)] and not found.skipped


def test_a_lone_manuscript_is_found_without_naming_its_heading(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # Naming a heading compiles the heading vocabulary's patterns (a fixed cost of every check):
    # a file with a title and prose is a manuscript whatever its heading names, and a folder
    # without subfolders keeps no book one folder down, whatever its files are called.
    def refuse(text: str) -> Kind:
        raise AssertionError(f"the heading vocabulary was asked about {text!r}")

    path = tmp_path / "draft" / "book.md"
    write_tree(tmp_path, {"draft/book.md": "# The Ferry\n\n" + "The ferry crossed the bay in the grey light. " * 3})
    monkeypatch.setattr(vocabulary, "classify_heading", refuse)
    found = discover([path])
    assert [book.path.name for book in found.books] == ["book.md"]
    assert not found.skipped


# --- 3. folders --------------------------------------------------------------------------------


def test_a_folder_of_separate_manuscripts_is_one_book_each(tmp_path: Path, run: Run) -> None:
    drafts = tmp_path / "drafts"
    for n in range(1, 31):
        write_tree(drafts, {f"story-{n}.md": f'---\ntitle: "Story {n}"\nauthor: "Jordan Vale"\n---\n\n'
                                             f"# Story {n}\n\n{STOCK}\n\n{chapter(1)}"})
    result = run("check", drafts, "--format", "json")
    assert result.code == 0, result.out
    assert len(checked(result)) == 30
    assert result.json()["summary"]["files"] == 30
    assert run("check", drafts).out.splitlines()[-1] == "30 books checked: 0 errors, 0 warnings"


def test_good_and_bad_in_one_folder_get_their_own_verdicts(tmp_path: Path, run: Run) -> None:
    folder = write_tree(tmp_path / "drafts", {
        "good.md": f"# Foreword\n\n{STOCK}\n\n{chapter(1)}",
        "bad.md": f"# Foreword\n\nFor my sister.\n\n{chapter(1)}",
    })
    result = run("check", folder, "--format", "json")
    verdicts = {Path(f["path"]).name: sorted({x["rule"] for x in f["findings"]}) for f in result.json()["files"]}
    assert "disclosure-missing" in verdicts["bad.md"]
    assert "disclosure-missing" not in verdicts["good.md"]
    text = run("check", folder).out
    assert f"checked {folder / 'bad.md'}" in text and "2 books checked" in text


def test_a_folder_of_docx_and_epub_files_is_checked(tmp_path: Path, run: Run) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    build_docx(folder / "harbor.docx", ["Foreword", STOCK, "Chapter 1", "The tide turned."], author="Jordan Vale")
    build_epub(folder / "harbor.epub", [("foreword.xhtml", "foreword", f"<h1>Foreword</h1><p>{STOCK}</p>"),
                                        ("ch1.xhtml", "chapter", "<h1>Chapter 1</h1><p>The tide turned.</p>")])
    result = run("check", folder, "--format", "json")
    assert sorted(Path(p).name for p in checked(result)) == ["harbor.docx", "harbor.epub"]
    assert "no Markdown files" not in result.err


def test_check_dot_at_a_repository_root_finds_the_books(repo: Path, run: Run) -> None:
    manuscript_repo(repo / "series" / "book-two")
    write_tree(repo, {"docs/plan.md": "# Plan\n\n" + chapter(1), "short.md": "# A Short Story\n\n" + chapter(1) * 2})
    (repo / "exports").mkdir()
    build_docx(repo / "exports" / "harbor.docx", ["Foreword", STOCK, "Chapter 1", "The tide turned."],
               author="Jordan Vale")
    result = run("check", ".", "--format", "json")
    assert checked(result) == ["short.md", "exports/harbor.docx", "manuscript", "series/book-two/manuscript"]
    text = run("check", ".").out
    assert "4 books checked" in text.splitlines()[-1]
    assert "checked manuscript (4 files: 00-front.md, 01-chapter-1.md … 03-chapter-3.md)" in text


def test_an_empty_folder_is_one_line_and_exit_2(tmp_path: Path, run: Run) -> None:
    (tmp_path / "empty").mkdir()
    result = run("check", tmp_path / "empty")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "no manuscripts found" in result.err


def test_a_folder_named_twice_or_with_its_chapters_is_one_book(repo: Path, run: Run) -> None:
    result = run("check", "manuscript", "manuscript/01-chapter-1.md", "./manuscript", "--format", "json")
    assert checked(result) == ["manuscript"]


# --- 4. init writes globs, and the hook to add ---------------------------------------------------


def test_init_writes_globs_and_a_new_chapter_joins_the_book(repo: Path, run: Run) -> None:
    result = run("init", ".")
    assert result.code == 0
    assert load_config(repo / ".disclosure-lint.toml").book.files == ("manuscript/*.md",)
    assert "repo: local" in result.out and "entry: disclosure-lint check" in result.out
    assert "exclude:" not in result.out  # the README is skipped anyway
    write_tree(repo, {"manuscript/04-chapter-4.md": chapter(4)})
    new = run("check", "manuscript/04-chapter-4.md", "--format", "json")
    assert (new.code, checked(new), skipped(new)) == (0, ["."], [])
    assert "manuscript/04-chapter-4.md" in new.json()["files"][0]["files"]


def test_init_shows_the_exclude_the_hook_needs(repo: Path, run: Run) -> None:
    write_tree(repo, {"outline.md": "# Outline\n\n" + chapter(1) * 2})
    result = run("init", ".")
    assert "exclude: '^(outline\\.md)$'" in result.out


def test_a_chapter_no_configured_book_lists_is_one_warning(repo: Path, run: Run) -> None:
    write_tree(repo, {".disclosure-lint.toml": '[book]\nfiles = ["manuscript/00-front.md", "manuscript/0[1-3]*.md"]\n',
                      "manuscript/04-chapter-4.md": chapter(4)})
    result = run("check", "manuscript/04-chapter-4.md")
    assert result.code == 0
    assert result.out.splitlines() == [
        "manuscript/04-chapter-4.md: warning [skipped] not part of the book in . (add it to [book] files in "
        ".disclosure-lint.toml)",
        "0 books checked: 0 errors, 1 warning, 1 file skipped",
    ]


# --- the pieces --------------------------------------------------------------------------------


@pytest.mark.parametrize(("glob", "path", "matches"), [
    ("docs/*.md", "docs/a.md", True),
    ("docs/*.md", "docs/sub/a.md", False),
    ("docs/**/*.md", "docs/sub/a.md", True),
    ("docs/**/*.md", "docs/a.md", True),
    ("drafts", "drafts/x/y.md", True),
    ("drafts/", "drafts/y.md", True),
    ("*.md", "a/b.md", False),
    ("ch[0-9].md", "ch7.md", True),
    ("ch[!0-9].md", "ch7.md", False),
])
def test_config_globs(glob: str, path: str, matches: bool) -> None:
    assert (glob_pattern(glob).fullmatch(path) is not None) is matches


def test_discover_reports_books_and_skips_in_the_order_named(repo: Path) -> None:
    found = discover([Path("README.md"), Path("manuscript/03-chapter-3.md"), Path("manuscript/01-chapter-1.md")])
    assert [b.path for b in found.books] == [Path("manuscript")]
    assert [s.path for s in found.skipped] == ["README.md"]


def test_a_title_file_beside_a_chapters_folder_is_one_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         run: Run) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    write_tree(tmp_path, {"README.md": "# Notes\n", "title.md": FRONT, "chapters/01.md": chapter(1),
                          "chapters/02.md": chapter(2), "drafts/old.md": "# Old draft\n\n" + chapter(1)})
    result = run("check", "chapters/02.md", "--format", "json")
    assert (result.code, checked(result)) == (0, ["."])
    # The book is the title page and the chapters; an unnamed folder of drafts is not part of it.
    assert result.json()["files"][0]["files"] == ["title.md", "chapters/01.md", "chapters/02.md"]
    # `check .` finds the same book, and the draft as a manuscript of its own.
    assert checked(run("check", ".", "--format", "json")) == [".", "drafts/old.md"]
