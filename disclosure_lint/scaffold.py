"""`disclosure-lint init`: a commented starter `.disclosure-lint.toml` for a book folder.

The file says what was detected (the book's reading order, its title and authors), asks the one
question only the writer can answer (which AI system co-wrote the book), and lists every rule
with its default severity, commented, so that turning one down is an edit rather than a search.
"""

from __future__ import annotations

import glob
import inspect
import json
from dataclasses import dataclass
from pathlib import Path

from .config import CONFIG_NAME
from .readers.layouts import Layout, book_layout, natural_key, plain_order

_LAYOUT_NAMES = {"mdbook": "mdBook", "quarto": "Quarto", "leanpub": "Leanpub"}


@dataclass(frozen=True)
class Starter:
    """A starter config and what it was based on, for the CLI's one-line confirmation."""

    text: str
    #: "mdBook order from src/SUMMARY.md, 12 files", "8 Markdown files in natural order" ...
    summary: str


def _toml_string(value: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes; TOML also takes \uXXXX).
    return json.dumps(value, ensure_ascii=False)


def _file_lines(files: list[str], commented: bool) -> list[str]:
    mark = "# " if commented else ""
    return [f"{mark}files = ["] + [f"{mark}    {_toml_string(f)}," for f in files] + [f"{mark}]"]


#: Folder names that hold the front or back matter of a book, for ordering folders of chapters.
_FRONT_FOLDERS = frozenset({"front", "frontmatter", "front-matter", "front_matter", "prelims"})
_BACK_FOLDERS = frozenset({"back", "backmatter", "back-matter", "back_matter", "appendices", "appendix",
                           "endmatter"})


def _folder_key(folder: Path) -> tuple[int, list[object]]:
    name = folder.name.lower()
    place = 0 if name in _FRONT_FOLDERS else 2 if name in _BACK_FOLDERS else 1
    return place, natural_key(folder.name)


def _chapter_files(folder: Path) -> list[Path]:
    """The folder's Markdown files in natural order, else those one folder down (`chapters/`),
    front-matter folders first and back-matter folders last."""
    files = plain_order(folder)
    if files:
        return files
    subfolders = sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))),
                        key=_folder_key)
    return [f for sub in subfolders for f in plain_order(sub)]


def starter_config(folder: Path) -> Starter:
    """The text of a starter config for the book in `folder`."""
    from .rules import RULES

    layout: Layout = book_layout(folder)
    meta = layout.metadata
    lines = [
        "# disclosure-lint configuration, written by `disclosure-lint init`. Every key is checked:",
        "# a misspelt key is an error, never silently ignored. `disclosure-lint rules` lists the rules,",
        "# `disclosure-lint explain RULE` documents one.",
        "",
        "# Which AI system co-wrote this book? Name it as your disclosure does (\"GPT-4\", \"ChatGPT\",",
        "# \"Claude 3\"). model-mismatch then checks that the disclosure names it, and",
        "# `disclosure-lint insert` writes it into a new disclosure. Uncomment and fill in:",
        "# model = \"GPT-4\"",
        "",
        "[book]",
    ]
    first: Path | None = layout.files[0] if layout.files else None
    if layout.kind in _LAYOUT_NAMES:
        source = layout.structure[-1].relative_to(folder).as_posix()
        name = _LAYOUT_NAMES[layout.kind]
        files = [f.relative_to(folder).as_posix() for f in layout.files]
        summary = f"{name} order from {source}, {len(files)} file{'s' * (len(files) != 1)}"
        lines += [
            f"# The reading order comes from {source} ({name}): keep it there, and this tool follows it.",
            "# To override it, uncomment this list (globs allowed, relative to this file). The order",
            "# detected:",
            *_file_lines(files, commented=True),
        ]
    else:
        found = _chapter_files(folder)
        first = found[0] if found else None
        files = [glob.escape(f.relative_to(folder).as_posix()) for f in found]
        if files:
            summary = f"{len(files)} Markdown file{'s' * (len(files) != 1)} in natural order"
            lines += [
                "# The book's files in reading order (globs allowed, relative to this file), as detected",
                "# (natural order: 2-x.md before 10-x.md). A new chapter file must be added here, or use",
                "# a glob such as \"chapters/*.md\".",
                *_file_lines(files, commented=False),
            ]
        else:
            summary = "no Markdown files found; [book] files left as an example"
            lines += [
                "# For a book made of many Markdown files: its files in reading order (globs allowed,",
                "# relative to this file). None were found here.",
                '# files = ["front/*.md", "chapters/*.md", "back/*.md"]',
            ]
    if not meta.title and not meta.authors and first is not None:
        from .readers.markdown import read

        meta = read(first).metadata
    lines += [
        "# Title, authors and language, when the files do not say them (front matter, book.toml):",
        f"# title = {_toml_string(meta.title or 'The Book Title')}",
        f"# authors = [{', '.join(_toml_string(a) for a in meta.authors) or _toml_string('Your Name')}]",
        f"# language = {_toml_string(meta.language or 'en')}",
        "",
        "[severity]",
        '# Every rule with its default severity. Set one to "error", "warning", "info" or "off".',
    ]
    width = max(len(rule.slug) for rule in RULES)
    for rule in RULES:
        setting = f"{rule.slug} = {_toml_string(rule.severity.value)}"
        lines.append(f"# {setting:<{width + 12}} # {rule.code}: {inspect.cleandoc(rule.summary)}")
    return Starter("\n".join(lines) + "\n", summary)


def write_starter(folder: Path) -> tuple[Path, Starter]:
    """Create `folder/.disclosure-lint.toml`; never replaces a file (FileExistsError)."""
    starter = starter_config(folder)
    target = folder / CONFIG_NAME
    with target.open("x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
        handle.write(starter.text)
    return target, starter
