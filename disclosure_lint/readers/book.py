"""Books made of many Markdown files: one manuscript, in reading order.

Which files, in which order, comes from the book's layout (`readers.layouts`: the config's
`[book] files`, mdBook, Quarto, Leanpub, or the folder's Markdown files in natural order).
Findings point at the file and line where the text stands.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Diagnostic, Directive, HiddenText, Location, Manuscript, Marker, Metadata
from .layouts import MARKDOWN_SUFFIXES, book_layout, find_book, glob_order, natural_key, plain_order
from .markdown import Draft, decode, read_parts, sections_of
from .placeholders import real_names
from .safety import DEFAULT_LIMITS, Limits, read_text_file

if TYPE_CHECKING:
    from ..config import BookConfig, Config

#: A book folder with more files than this is refused (a 300-chapter book has ~300).
MAX_BOOK_FILES = 20_000

__all__ = ["MARKDOWN_SUFFIXES", "find_book", "glob_order", "join_files", "natural_key", "plain_order",
           "read_book"]


def read_book(folder: Path, *, limits: Limits = DEFAULT_LIMITS, config: Config | None = None,
              unsaved: Mapping[str, bytes] | None = None, full_reading: bool = False) -> Manuscript:
    """Read a folder holding a multi-file Markdown book, in the order its layout gives (`unsaved`:
    an editor's text for some of its files, by absolute path; see `safety.read_text_file`;
    `full_reading`: see `markdown.read_parts`)."""
    layout = book_layout(folder, config)
    if not layout.files:
        where = {"folder": "in this folder", "config": "matching the config's [book] files"}.get(
            layout.kind, f"listed by its {layout.structure[-1].name}" if layout.structure else "")
        raise InputError(f"{folder}: no Markdown files found {where}".rstrip())
    return join_files(str(folder), layout.files, book=config.book if config is not None else None,
                      metadata=layout.metadata, warnings=layout.warnings, limits=limits,
                      unsaved=unsaved, full_reading=full_reading)


def join_files(display: str, files: Sequence[Path], *, book: BookConfig | None = None,
               metadata: Metadata | None = None, warnings: Sequence[Diagnostic] = (),
               limits: Limits = DEFAULT_LIMITS, unsaved: Mapping[str, bytes] | None = None,
               full_reading: bool = False) -> Manuscript:
    """Join Markdown files, in the order given, into one manuscript.

    Metadata comes, field by field, from the config's `[book]`, then `metadata` (what book.toml
    or _quarto.yml say), then the first file's front matter. `warnings` are the layout's;
    `full_reading`: see `markdown.read_parts`.
    """
    if len(files) > MAX_BOOK_FILES:
        raise InputError(f"{display}: refused: {len(files)} files exceed the limit of {MAX_BOOK_FILES} per book")
    drafts: list[Draft] = []
    hidden: list[HiddenText] = []
    diagnostics: list[Diagnostic] = list(warnings)
    directives: list[Directive] = []
    markers: list[Marker] = []
    first_meta: Metadata | None = None
    # The files' characters, while every file's text as read holds only its own (`Decoded`).
    book_chars: frozenset[str] | None = frozenset()
    for file in files:
        data = read_text_file(file, str(file), limits, unsaved)
        decoded = decode(data, str(file))
        text, file_warnings, chars = decoded.text, decoded.warnings, decoded.chars
        parts = read_parts(text, str(file), full_reading=full_reading, chars=chars)
        read_chars = decoded.read_chars()
        book_chars = None if book_chars is None or read_chars is None else book_chars | read_chars
        if first_meta is None:
            first_meta = parts.metadata
        # Text before the first heading of a later file continues the previous file's section.
        if drafts and parts.drafts and parts.drafts[0].heading is None:
            drafts[-1].blocks.extend(parts.drafts[0].blocks)
            drafts.extend(parts.drafts[1:])
        else:
            drafts.extend(parts.drafts)
        hidden += parts.hidden
        diagnostics += file_warnings + parts.warnings
        directives += parts.directives
        markers += parts.markers
    meta = _merge(_merge(_from_config(book), metadata), first_meta)
    return Manuscript(
        path=display,
        format="markdown",
        metadata=meta if meta.location else meta._replace(location=Location(display)),
        sections=sections_of(drafts),
        hidden=tuple(hidden),
        warnings=tuple(diagnostics),
        directives=tuple(directives),
        files=tuple(str(f) for f in files),
        markers=tuple(markers),
        chars=book_chars or None,
    )


def _from_config(book: BookConfig | None) -> Metadata | None:
    if book is None:
        return None
    return Metadata(title=book.title, authors=real_names(book.authors), language=book.language)


def _merge(first: Metadata | None, then: Metadata | None) -> Metadata:
    """`first`'s fields where it has them, else `then`'s."""
    a, b = first or Metadata(), then or Metadata()
    return Metadata(
        title=a.title or b.title,
        authors=a.authors or b.authors,
        language=a.language or b.language,
        description=a.description or b.description,
        location=a.location if a.location and (a.title or a.authors) else (b.location or a.location),
        ai_use=a.ai_use or b.ai_use,
        identifiers=tuple(dict.fromkeys(a.identifiers + b.identifiers)),
    )
