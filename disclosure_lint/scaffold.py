"""`disclosure-lint init`: a commented starter `.disclosure-lint.toml` for a book folder.

The file says what was detected (the book's reading order, its title and authors), asks the one
question only the writer can answer (which AI system co-wrote the book), lists every rule with its
default severity, commented, so that turning one down is an edit rather than a search, and ends
with a commented `[ai-use]` declaration to fill in (it declares nothing while commented).
"""

from __future__ import annotations

import glob
import inspect
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .config import CONFIG_NAME
from .readers.discovery import discover
from .readers.layouts import Layout, book_layout, glob_order

_LAYOUT_NAMES = {"mdbook": "mdBook", "quarto": "Quarto", "leanpub": "Leanpub", "longform": "Longform"}


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


def _globs(folder: Path, files: list[Path]) -> list[str]:
    """Config globs that give `files` (in natural order, as found) and the next chapter file too:
    one `DIR/*.md` per folder when the folder's Markdown files are exactly these, else the names."""
    out: list[str] = []
    for parent in dict.fromkeys(f.parent for f in files):
        mine = [f for f in files if f.parent == parent]
        rel = parent.relative_to(folder).as_posix()
        prefix = "" if rel == "." else glob.escape(rel) + "/"
        suffixes = {f.suffix for f in mine}
        if len(suffixes) == 1:
            pattern = f"{prefix}*{suffixes.pop()}"
            if [f.name for f in glob_order(folder, [pattern])] == [f.name for f in mine]:
                out.append(pattern)
                continue
        out += [glob.escape(f.relative_to(folder).as_posix()) for f in mine]
    return out


def _plain_book(folder: Path) -> tuple[Path, list[Path]]:
    """The undeclared book `init` configures: the folder's own (its files, or its `front/`,
    `chapters/` ... folders), else the one book folder below it (`manuscript/` at a repository
    root). Returns the book's folder and files."""
    found = discover([folder]).books
    folders = [b.path for b in found if b.path.is_dir()]
    if len(folders) == 1:
        return folders[0], list(book_layout(folders[0]).files)
    return folder, list(book_layout(folder).files)


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
        "# Policies to check against: openai-2021 (the default), kdp, authors-guild, ingram,",
        "# eu-ai-act, cope; one or several. `disclosure-lint rules --profile NAME` lists a profile's rules.",
        '# profile = ["openai-2021", "kdp"]',
        "",
        "# The language every book here is read in, whatever its files declare (as --lang): en, fr,",
        "# de, es, it, pt or nl have a lexicon; without it, each book's metadata or words decide.",
        f"# lang = {_toml_string(meta.language or 'en')}",
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
        _, found = _plain_book(folder)
        first = found[0] if found else None
        files = _globs(folder, found)
        if files:
            count = f"{len(found)} Markdown file{'s' * (len(found) != 1)}"
            summary = f"{', '.join(files)}: {count} in natural order"
            lines += [
                "# The book's files in reading order: each pattern's files in natural order (2-x.md",
                "# before 10-x.md), patterns in the order given, relative to this file. A new chapter",
                "# file that a pattern matches joins the book by itself.",
                *_file_lines(files, commented=False),
                "# The order detected:",
                *[f"#   {f.relative_to(folder).as_posix()}" for f in found],
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
    from .api import LANGUAGE_CODE, LANGUAGE_DOC, LANGUAGE_RULE

    setting = f"{LANGUAGE_RULE} = \"info\""
    lines.append(f"# {setting:<{width + 12}} # {LANGUAGE_CODE}: {LANGUAGE_DOC.splitlines()[0]}")
    lines += AI_USE_STARTER
    return Starter("\n".join(lines) + "\n", summary)


#: The commented `[ai-use]` declaration every starter ends with (issue 16): it declares nothing
#: until the writer uncomments it.
AI_USE_STARTER: list[str] = [
    "",
    "# What AI did in this book, declared once. `check` then holds the book's disclosure and metadata",
    "# to it, and `disclosure-lint declare` prints the answers for Amazon KDP, an ONIX <Contributor>",
    "# block and IngramSpark's credits. It declares nothing until you uncomment it and fill it in.",
    "# [ai-use]",
    '# responsibility = "Your Name"          # who takes responsibility for the content',
    '# # human-authored = "..."              # a Human Authored registration number, if certified',
    "# # public-interest = false             # EU AI Act art. 50(4): published to inform the public",
    "# # human-review = true                 # ... and reviewed by a person with editorial control",
    "#",
    "# [[ai-use.tools]]                      # each AI system used",
    '# name = "GPT-4"',
    '# vendor = "OpenAI"',
    "#",
    "# [ai-use.text]                         # also [ai-use.images], [ai-use.translation], [ai-use.narration]",
    '# use = "generated"                     # "generated" (AI made it) or "assisted" (AI improved yours)',
    '# scope = "some"                        # "none", "some" or "entire" (images: "none", "few", "many")',
    '# sections = ["Chapter 3"]              # which, for "some"',
    '# editing = "extensive"                 # "minimal" or "extensive"',
]


def hook_snippet(folder: Path) -> str:
    """The pre-commit configuration that checks this book on every commit, with an `exclude` for
    the Markdown files beside it that would otherwise be checked as manuscripts of their own."""
    from .readers.discovery import lone_manuscripts, repository_root

    top = repository_root(folder) or Path(os.path.abspath(folder))
    others = [Path(os.path.abspath(p)).relative_to(top).as_posix() for p in lone_manuscripts(top)]
    lines = [
        "repos:",
        "  - repo: local",
        "    hooks:",
        "      - id: disclosure-lint",
        "        name: disclosure-lint",
        "        entry: disclosure-lint check",
        "        language: system",
        "        files: '\\.(md|markdown|docx|epub)$'",
        "        require_serial: true",
    ]
    if others:
        pattern = "|".join(re.escape(o) for o in others)
        lines += ["        # Markdown beside the book that is not part of it (checked as a manuscript otherwise):",
                  f"        exclude: '^({pattern})$'"]
    return "\n".join(lines) + "\n"


def write_starter(folder: Path) -> tuple[Path, Starter]:
    """Create `folder/.disclosure-lint.toml`; never replaces a file (FileExistsError)."""
    starter = starter_config(folder)
    target = folder / CONFIG_NAME
    with target.open("x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
        handle.write(starter.text)
    return target, starter
