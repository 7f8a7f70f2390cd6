"""Story text never makes a claim about how the book was written (issue #12, item 8).

A novel's dialogue and narration ("Am I to be thought the only criminal, when all humankind
sinned against me?", "No machine wrote this!") are the characters' words: `check` reads no
denial or wholly-human claim in them, and `insert`, which decides with exactly the judgment
`check` uses, adds the disclosure instead of refusing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from books import markdown_book, write_book
from conftest import Run
from docx_builders import build_docx

RunCLI = Callable[..., Run]

#: Lines in the manner of Frankenstein (Mary Shelley, 1818; public domain) and of fiction about
#: machines: claims only if a reader mistook the story for the writer's note.
STORY_LINES = [
    "Am I to be thought the only criminal, when all humankind sinned against me?",
    "\u201cAm I to be thought the only criminal, when all humankind sinned against me?\u201d",
    "\u201cNo machine wrote this!\u201d she cried. \u201cEvery word of it is mine.\u201d",
    "Every word he wrote that winter was his own, and no artificial intelligence had touched it.",
    "The letters were written entirely by hand, without the help of any machine.",
]


def frankenstein(path: Path, line: str, *, headings: bool = True) -> Path:
    """The shape of a novel exported from Word: letters, then chapters. Without `headings` no
    paragraph has a heading style (a plain-text export), so no chapter is recognised and the whole
    novel reads as one section before any story: the line must still claim nothing."""
    paragraphs: list[object] = [("Title", "Frankenstein"), "by Mary Shelley"]
    if not headings:
        paragraphs += ["I am by birth a Genevese, and my family is one of the most distinguished of that "
                       "republic."] * 12 + [line]
        return build_docx(path, paragraphs, author="Mary Shelley")  # type: ignore[arg-type]
    for n in range(1, 5):
        paragraphs += [("Heading 1", f"Letter {n}"), "You will rejoice to hear that no disaster has accompanied "
                       "the commencement of an enterprise which you have regarded with such evil forebodings."]
    for n in range(1, 25):
        paragraphs += [("Heading 1", f"Chapter {n}"), "I am by birth a Genevese, and my family is one of the most "
                       "distinguished of that republic."]
        if n == 24:
            paragraphs += [line]
    return build_docx(path, paragraphs, author="Mary Shelley")  # type: ignore[arg-type]


@pytest.mark.parametrize("headings", [True, False])
@pytest.mark.parametrize("line", STORY_LINES)
def test_check_reads_no_claim_in_a_novels_dialogue(tmp_path: Path, run: RunCLI, line: str, headings: bool) -> None:
    book = frankenstein(tmp_path / "frankenstein.docx", line, headings=headings)
    result = run("check", "--format", "json", book)
    findings = result.json()["files"][0]["findings"]
    assert [f["rule"] for f in findings] == ["disclosure-missing"], findings
    assert "says no AI was used" not in findings[0]["message"]


@pytest.mark.parametrize("headings", [True, False])
@pytest.mark.parametrize("line", STORY_LINES)
def test_insert_decides_as_check_does(tmp_path: Path, run: RunCLI, line: str, headings: bool) -> None:
    book = frankenstein(tmp_path / "frankenstein.docx", line, headings=headings)
    inserted = run("insert", "--model", "GPT-4", book)
    assert inserted.code == 0, inserted.err
    after = run("check", "--format", "json", book)
    assert after.code == 0, after.out


@pytest.mark.parametrize("line", STORY_LINES)
def test_the_same_lines_in_a_markdown_novel(tmp_path: Path, run: RunCLI, line: str) -> None:
    book = write_book(tmp_path, markdown_book(chapters=["The ferry waited. " + line, "The lights came on."]))
    assert run("check", "--format", "json", book).rules() == {"disclosure-missing"}
    assert run("insert", "--model", "Claude", book).code == 0


def test_a_writers_claim_in_the_front_matter_still_makes_insert_refuse(tmp_path: Path, run: RunCLI) -> None:
    book = write_book(tmp_path, markdown_book("No AI was used in writing this book."))
    result = run("insert", "--model", "GPT-4", book)
    assert result.code == 1 and "claims no AI was used" in result.err
