"""Books made of many Markdown files: one manuscript, in reading order.

The order comes from the config's `[book] files` (globs, in order) and otherwise from the
folder's Markdown files in natural order (`2-x.md` before `10-x.md`). Findings point at the file
and line where the text stands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Diagnostic, Directive, HiddenText, Location, Manuscript, Metadata, Section
from .markdown import Draft, decode, read_parts
from .safety import DEFAULT_LIMITS, Limits, read_text_file
from .vocabulary import assign_roles

if TYPE_CHECKING:
    from ..config import BookConfig, Config

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".qmd")
#: A book folder with more files than this is refused (a 300-chapter book has ~300).
MAX_BOOK_FILES = 20_000


def natural_key(name: str) -> list[object]:
    """Sort key that puts `2-x.md` before `10-x.md`."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name)]


def plain_order(folder: Path) -> list[Path]:
    """The folder's Markdown files in natural order (README and license files left out)."""
    skip = {"readme", "license", "licence", "changelog", "contributing", "code_of_conduct"}
    files = [p for p in folder.iterdir()
             if p.is_file() and p.suffix.lower() in MARKDOWN_SUFFIXES and p.stem.lower() not in skip]
    return sorted(files, key=lambda p: natural_key(p.name))


def glob_order(root: Path, patterns: Sequence[str]) -> list[Path]:
    """Files matching config globs, pattern by pattern, each pattern's matches in natural order."""
    seen: dict[Path, None] = {}
    resolved_root = root.resolve()
    for pattern in patterns:
        matches = sorted((p for p in root.glob(pattern) if p.is_file()), key=lambda p: natural_key(str(p)))
        for p in matches:
            try:
                p.resolve().relative_to(resolved_root)
            except ValueError:
                continue  # a link out of the book folder is not part of the book
            seen.setdefault(p, None)
    return list(seen)


def read_book(folder: Path, *, limits: Limits = DEFAULT_LIMITS, config: Config | None = None) -> Manuscript:
    """Read a folder holding a multi-file Markdown book."""
    book = config.book if config is not None else None
    root = config.source.parent if config is not None and config.source is not None and book and book.files \
        else folder
    files = glob_order(root, book.files) if book and book.files else plain_order(folder)
    if not files:
        raise InputError(f"{folder}: no Markdown files found in this folder")
    return join_files(str(folder), files, book=book, limits=limits)


def join_files(display: str, files: Sequence[Path], *, book: BookConfig | None = None,
               metadata: Metadata | None = None, limits: Limits = DEFAULT_LIMITS) -> Manuscript:
    """Join Markdown files, in the order given, into one manuscript."""
    if len(files) > MAX_BOOK_FILES:
        raise InputError(f"{display}: refused: {len(files)} files exceed the limit of {MAX_BOOK_FILES} per book")
    drafts: list[Draft] = []
    hidden: list[HiddenText] = []
    warnings: list[Diagnostic] = []
    directives: list[Directive] = []
    first_meta: Metadata | None = None
    for file in files:
        data = read_text_file(file, str(file), limits)
        text, file_warnings = decode(data, str(file))
        parts = read_parts(text, str(file))
        if first_meta is None:
            first_meta = parts.metadata
        # Text before the first heading of a later file continues the previous file's section.
        if drafts and parts.drafts and parts.drafts[0].heading is None:
            drafts[-1].blocks.extend(parts.drafts[0].blocks)
            drafts.extend(parts.drafts[1:])
        else:
            drafts.extend(parts.drafts)
        hidden += parts.hidden
        warnings += file_warnings + parts.warnings
        directives += parts.directives
    meta = metadata or first_meta or Metadata()
    if book is not None:
        meta = Metadata(
            title=book.title or meta.title,
            authors=book.authors or meta.authors,
            language=book.language or meta.language,
            description=meta.description,
            location=meta.location,
        )
    roles = assign_roles([d.kind for d in drafts])
    sections = tuple(
        Section(role, d.kind, d.heading, tuple(d.blocks), d.location)
        for d, role in zip(drafts, roles, strict=False)
        if d.blocks or d.heading is not None
    )
    return Manuscript(
        path=display,
        format="markdown",
        metadata=meta if meta.location else Metadata(meta.title, meta.authors, meta.language,
                                                     meta.description, Location(display)),
        sections=sections,
        hidden=tuple(hidden),
        warnings=tuple(warnings),
        directives=tuple(directives),
    )
