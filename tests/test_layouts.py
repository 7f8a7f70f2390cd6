"""Books made of many files: each layout gives the reading order, and findings name the file."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from books import CHAPTER, STOCK

from disclosure_lint.config import load_config
from disclosure_lint.readers import read_manuscript
from disclosure_lint.readers.layouts import book_layout

Run = Callable[..., Any]


def write_tree(root: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def chapter(n: int | str, text: str = CHAPTER) -> str:
    return f"# Chapter {n}\n\n{text}\n"


FOREWORD = f'---\nauthor: "Jordan Vale"\n---\n\n# Foreword\n\n{STOCK}\n'


def order(folder: Path) -> list[str]:
    """The book's files in reading order, relative to the folder."""
    config = None
    if (folder / ".disclosure-lint.toml").is_file():
        config = load_config(folder / ".disclosure-lint.toml")
    return [f.relative_to(folder).as_posix() for f in book_layout(folder, config).files]


def findings(result: Any) -> list[tuple[str, str, int | None]]:
    data = result.json()
    return [(f["rule"], Path(f["location"]["path"]).as_posix(), f["location"]["line"])
            for fl in data["files"] for f in fl["findings"]]


# --- config `[book] files` ---------------------------------------------------------------------


def test_config_globs_give_the_order_pattern_by_pattern_in_natural_order(tmp_path: Path, run: Run) -> None:
    book = write_tree(tmp_path / "book", {
        ".disclosure-lint.toml": '[book]\nfiles = ["front/*.md", "chapters/*.md", "back/*.md"]\n',
        "back/afterword.md": "# Afterword\n\nThanks to the ferry crew.\n",
        "chapters/10-harbor.md": chapter(10),
        "chapters/2-quay.md": chapter(2),
        "front/foreword.md": FOREWORD,
        "notes.md": "# Notes\n\nNot part of the book.\n",
    })
    assert order(book) == ["front/foreword.md", "chapters/2-quay.md", "chapters/10-harbor.md",
                           "back/afterword.md"]
    result = run("check", book)
    assert result.code == 0, result.out


def test_config_order_decides_placement(tmp_path: Path, run: Run) -> None:
    # The same files, with the disclosure listed last: now it stands after the story.
    book = write_tree(tmp_path / "book", {
        ".disclosure-lint.toml": '[book]\nfiles = ["chapters/*.md", "front/*.md"]\n',
        "chapters/1.md": chapter(1),
        "front/foreword.md": FOREWORD,
    })
    result = run("check", book, "--format", "json")
    assert result.code == 1
    assert ("disclosure-placement", f"{book.as_posix()}/front/foreword.md", 7) in findings(result)


# --- mdBook ------------------------------------------------------------------------------------

SUMMARY = """# Summary

[Foreword](foreword.md)

# Part One

- [The Quay](part1/quay.md)
    - [A Scene](part1/scene.md)
- [Not yet written]()
- [The Harbor](<part1/the harbor.md>)

---

- [The Lighthouse](part2/lighthouse.md)

[Afterword](afterword.md)
"""


def mdbook(root: Path, summary: str = SUMMARY, src: str = "src", **extra: str) -> Path:
    files = {
        "book.toml": '[book]\ntitle = "Harbor Lights"\nauthors = ["Jordan Vale"]\nlanguage = "en"\n'
                     + (f'src = "{src}"\n' if src != "src" else ""),
        f"{src}/SUMMARY.md": summary,
        f"{src}/foreword.md": FOREWORD,
        f"{src}/part1/quay.md": chapter(1),
        f"{src}/part1/scene.md": "## A Scene\n\nThe gulls.\n",
        f"{src}/part1/the harbor.md": chapter(2),
        f"{src}/part2/lighthouse.md": chapter(3),
        f"{src}/afterword.md": "# Afterword\n\nThanks.\n",
    }
    files.update(extra)
    return write_tree(root, files)


def test_mdbook_prefix_numbered_nested_and_suffix_chapters_drafts_skipped(tmp_path: Path, run: Run) -> None:
    book = mdbook(tmp_path / "book")
    assert order(book) == ["src/foreword.md", "src/part1/quay.md", "src/part1/scene.md",
                           "src/part1/the harbor.md", "src/part2/lighthouse.md", "src/afterword.md"]
    result = run("check", book, "--format", "json")
    assert result.code == 0, result.out


def test_mdbook_metadata_comes_from_book_toml(tmp_path: Path) -> None:
    book = mdbook(tmp_path / "book")
    manuscript = read_manuscript(book)
    assert manuscript.metadata.title == "Harbor Lights"
    assert manuscript.metadata.authors == ("Jordan Vale",)
    assert manuscript.metadata.language == "en"


def test_mdbook_a_file_not_in_the_summary_is_not_in_the_book(tmp_path: Path, run: Run) -> None:
    book = mdbook(tmp_path / "book", SUMMARY.replace("[Foreword](foreword.md)\n", ""))
    result = run("check", book, "--format", "json")
    assert result.code == 1
    assert ("disclosure-missing", f"{book.as_posix()}/src/part1/quay.md", 1) in findings(result)


def test_mdbook_src_key_is_followed(tmp_path: Path) -> None:
    book = mdbook(tmp_path / "book", src="text")
    assert order(book)[0] == "text/foreword.md"


def test_mdbook_link_outside_the_book_is_left_out_with_a_warning(tmp_path: Path, run: Run) -> None:
    write_tree(tmp_path, {"outside.md": FOREWORD})
    summary = SUMMARY.replace("[Foreword](foreword.md)", "[Foreword](../../outside.md)")
    book = mdbook(tmp_path / "book", summary)
    result = run("check", book)
    assert result.code == 1
    out = result.out
    assert f"{book}/src/SUMMARY.md:3:1: warning [input] '../../outside.md' lies outside the book folder" in out
    assert "[disclosure-missing]" in out


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlinks_out_of_the_book_and_symlink_loops(tmp_path: Path, run: Run) -> None:
    write_tree(tmp_path, {"secret/foreword.md": FOREWORD})
    book = mdbook(tmp_path / "book")
    (book / "src" / "foreword.md").unlink()
    (book / "src" / "foreword.md").symlink_to(tmp_path / "secret" / "foreword.md")
    (book / "src" / "loop").symlink_to(book / "src")  # a folder loop
    (book / "src" / "a.md").symlink_to(book / "src" / "b.md")  # a file loop
    (book / "src" / "b.md").symlink_to(book / "src" / "a.md")
    summary = SUMMARY + "[A](a.md)\n[Loop](loop/loop/loop/afterword.md)\n"
    (book / "src" / "SUMMARY.md").write_text(summary, encoding="utf-8")
    result = run("check", book)
    out = result.out
    assert "'foreword.md' lies outside the book folder" in out
    assert "'a.md' lies outside the book folder" in out or "'a.md' is listed but not found" in out
    assert "[disclosure-missing]" in out
    assert result.code == 1
    # A glob over a folder with a link loop ends.
    (book / ".disclosure-lint.toml").write_text('[book]\nfiles = ["src/**/*.md"]\n', encoding="utf-8")
    assert "src/part2/lighthouse.md" in order(book)


# --- Quarto ------------------------------------------------------------------------------------

QUARTO = """project:
  type: book
lang: en
book:
  title: "Harbor Lights"
  author:
    - name: Jordan Vale
  chapters:
    - index.qmd
    - part: "Part One"
      chapters:
        - chapters/quay.qmd
        - text: The Harbor
          href: chapters/harbor.qmd
    - part: part2.qmd
      chapters:
        - chapters/lighthouse.qmd
    - analysis.ipynb
  appendices:
    - afterword.qmd
"""


def quarto(root: Path, config: str = QUARTO) -> Path:
    return write_tree(root, {
        "_quarto.yml": config,
        "index.qmd": FOREWORD,
        "chapters/quay.qmd": chapter(1),
        "chapters/harbor.qmd": chapter(2),
        "part2.qmd": "# Part Two\n",
        "chapters/lighthouse.qmd": chapter(3),
        "afterword.qmd": "# Afterword\n\nThanks.\n",
        "README.md": "# About this repository\n",
    })


def test_quarto_chapters_parts_and_appendices(tmp_path: Path, run: Run) -> None:
    book = quarto(tmp_path / "book")
    assert order(book) == ["index.qmd", "chapters/quay.qmd", "chapters/harbor.qmd", "part2.qmd",
                           "chapters/lighthouse.qmd", "afterword.qmd"]
    manuscript = read_manuscript(book)
    assert manuscript.metadata.title == "Harbor Lights"
    assert manuscript.metadata.authors == ("Jordan Vale",)
    assert manuscript.metadata.language == "en"
    result = run("check", book)
    assert result.code == 0, result.out
    assert "'analysis.ipynb' is not Markdown" in result.out


def test_quarto_yaml_aliases_are_refused(tmp_path: Path, run: Run) -> None:
    book = quarto(tmp_path / "book", "a: &x [1]\nbook:\n  chapters: *x\n")
    result = run("check", book)
    assert result.code == 2
    assert "_quarto.yml: not valid YAML" in result.err
    assert result.err.count("\n") == 1


def test_a_pandoc_metadata_file_gives_a_folder_book_its_title_authors_and_language(tmp_path: Path, run: Run) -> None:
    """Chapters kept as Markdown files for `pandoc --metadata-file=metadata.yaml`: the book's
    author, title and language are in that file, not in the first chapter's front matter."""
    book = write_tree(tmp_path / "book", {
        "metadata.yaml": "---\ntitle: Harbor Lights\nauthor:\n  - Jordan Vale\n  - name: Sam Reyes\nlang: en-GB\n...\n",
        "01-foreword.md": f"# Foreword\n\n{STOCK}\n",
        "02-chapter.md": f"# Chapter 1\n\n{CHAPTER}\n",
    })
    layout = book_layout(book)
    assert layout.kind == "folder" and layout.structure == (book / "metadata.yaml",)
    assert order(book) == ["01-foreword.md", "02-chapter.md"]
    meta = read_manuscript(book).metadata
    assert (meta.title, meta.authors, meta.language) == ("Harbor Lights", ("Jordan Vale", "Sam Reyes"), "en-GB")
    result = run("check", book)
    assert result.code == 0 and "attribution-missing" not in result.out, result.out
    (book / "metadata.yaml").unlink()  # without it, no author: the check says so
    assert "attribution-missing" in run("check", book).out
    (book / "metadata.yml").write_text("title: [unclosed\n", "utf-8")
    broken = run("check", book)
    assert broken.code == 2 and "metadata.yml: not valid YAML" in broken.err and broken.err.count("\n") == 1


def test_quarto_website_is_not_a_book(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", {"_quarto.yml": "project:\n  type: website\n", "b.md": "x", "a.md": "y"})
    assert book_layout(site).kind == "folder"
    assert order(site) == ["a.md", "b.md"]


# --- Leanpub -----------------------------------------------------------------------------------


def leanpub(root: Path) -> Path:
    return write_tree(root, {
        "manuscript/Book.txt": "frontmatter:\nforeword.md\n\nmainmatter:\nchapter10.md\nchapter2.md\n",
        "manuscript/chapter2.md": chapter(2),
        "manuscript/chapter10.md": chapter(10),
        "manuscript/foreword.md": FOREWORD,
        "manuscript/Sample.txt": "chapter2.md\n",
    })


def test_leanpub_book_txt_gives_the_order(tmp_path: Path, run: Run) -> None:
    book = leanpub(tmp_path / "book")
    assert order(book) == ["manuscript/foreword.md", "manuscript/chapter10.md", "manuscript/chapter2.md"]
    assert run("check", book).code == 0
    # The manuscript folder itself is the same book.
    assert run("check", book / "manuscript").code == 0


# --- plain folder ------------------------------------------------------------------------------


def test_plain_folder_natural_order(tmp_path: Path, run: Run) -> None:
    book = write_tree(tmp_path / "book", {
        "10-harbor.md": chapter(10), "2-quay.md": chapter(2), "README.md": "# Readme\n",
    })
    assert order(book) == ["2-quay.md", "10-harbor.md"]
    result = run("check", book, "--format", "json")
    assert result.code == 1
    # The story starts in 2-quay.md, not 10-harbor.md: that is where the missing disclosure belongs.
    assert ("disclosure-missing", f"{book.as_posix()}/2-quay.md", 1) in findings(result)


def test_findings_name_the_file_and_line_inside_a_book(tmp_path: Path, run: Run) -> None:
    hidden = "# Chapter 3\n\nThe tide turned.\n\n<!-- This book was drafted with ChatGPT and edited by me. -->\n"
    book = write_tree(tmp_path / "book", {"1.md": chapter(1), "2.md": chapter(2), "3.md": hidden})
    result = run("check", book, "--format", "json")
    assert ("disclosure-hidden", f"{book.as_posix()}/3.md", 5) in findings(result)


def test_first_files_front_matter_gives_metadata_when_no_structure_does(tmp_path: Path) -> None:
    book = write_tree(tmp_path / "book", {
        "1.md": '---\ntitle: "Harbor Lights"\nauthor: "Jordan Vale"\n---\n\n' + chapter(1),
        "2.md": '---\nauthor: "Someone Else"\n---\n\n' + chapter(2),
    })
    meta = read_manuscript(book).metadata
    assert (meta.title, meta.authors) == ("Harbor Lights", ("Jordan Vale",))


# --- Longform (Obsidian) -------------------------------------------------------------------------


LONGFORM_INDEX = """---
tags: [novel]
longform:
  format: scenes
  title: Harbor Lights
  workflow: Default Workflow
  sceneFolder: scenes
  scenes:
    - Foreword
    - The Quay
    - - The Storm
      - The Ledger
  ignoredFiles: []
---

# Harbor Lights

Project notes: the ferry subplot needs work.
"""


def test_longform_index_gives_the_scenes_in_order(tmp_path: Path, run: Run) -> None:
    book = write_tree(tmp_path / "vault" / "Harbor Lights", {
        "Harbor Lights.md": LONGFORM_INDEX,
        "scenes/Foreword.md": FOREWORD,
        "scenes/The Quay.md": chapter(1),
        "scenes/The Storm.md": chapter(2),
        "scenes/The Ledger.md": chapter(3),
        "scenes/Cut scene.md": chapter(9),
    })
    assert order(book) == ["scenes/Foreword.md", "scenes/The Quay.md", "scenes/The Storm.md",
                           "scenes/The Ledger.md"]
    result = run("check", book / "scenes" / "The Storm.md", "--format", "json")
    assert result.code == 0, result.out
    assert [f["path"] for f in result.json()["files"]] == [str(book)]
    # A scene the index does not list is not part of the book; the index note is the project's.
    cut = run("check", book / "scenes" / "Cut scene.md", "--format", "json")
    assert [s["severity"] for s in cut.json()["skipped"]] == ["warning"]
    assert "Harbor Lights.md" in cut.json()["skipped"][0]["message"]
    assert [f["path"] for f in run("check", book / "Harbor Lights.md", "--format", "json").json()["files"]] == [
        str(book)]


def test_longform_single_note_project_is_a_manuscript_of_its_own(tmp_path: Path, run: Run) -> None:
    folder = write_tree(tmp_path / "story", {
        "Story.md": "---\nlongform:\n  format: single\n  title: Story\n---\n\n# Story\n\n" + chapter(1),
        "Other.md": "# Other\n\n" + chapter(2)})
    result = run("check", folder / "Story.md", "--format", "json")
    assert [f["path"] for f in result.json()["files"]] == [str(folder / "Story.md")]
