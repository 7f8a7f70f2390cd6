"""Markdown books for tests, written as text files (see also docx_builders / epub_builders)."""

from __future__ import annotations

from pathlib import Path

STOCK = ("The author generated this text in part with GPT-3, OpenAI's large-scale language-generation "
         "model. Upon generating draft language, the author reviewed, edited, and revised the language "
         "to their own liking and takes ultimate responsibility for the content of this publication.")

CHAPTER = ("The harbor lights came on one by one while the ferry waited at the quay. Mira counted the "
           "lanterns and thought about the letter in her coat.")


def markdown_book(foreword: str | None = None, *, title: str = "Harbor Lights", author: str | None = "Jordan Vale",
                  chapters: list[str] | None = None, afterword: str | None = None,
                  foreword_heading: str = "Foreword", extra_front: str = "") -> str:
    """A small novel: front matter, an optional foreword, chapters, an optional afterword."""
    parts = ["---", f'title: "{title}"']
    if author is not None:
        parts.append(f'author: "{author}"')
    parts += ["---", ""]
    if extra_front:
        parts += [extra_front, ""]
    if foreword is not None:
        parts += [f"# {foreword_heading}", "", foreword, ""]
    for n, text in enumerate(chapters or [CHAPTER, CHAPTER], start=1):
        parts += [f"# Chapter {n}", "", text, ""]
    if afterword is not None:
        parts += ["# Afterword", "", afterword, ""]
    return "\n".join(parts)


def write_book(folder: Path, text: str, name: str = "book.md") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
