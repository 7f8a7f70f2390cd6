"""Locations as CI systems want them: a path relative to the working directory, and for an
archive member (``book.epub!/OEBPS/text/foreword.xhtml``) the archive as the file.

GitHub shows an annotation or a code-scanning alert on a file of the repository; a member of an
EPUB is not one, and its line numbers mean nothing in the .epub, so the member and its line go
into the message instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..model import Location

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

#: How a reader names a member inside an archive (see `model.Location.path`).
MEMBER_SEPARATOR = "!/"


class FilePosition(NamedTuple):
    """Where a CI system can point: a file, and a line and column in it when they mean something."""

    #: Path relative to the working directory (POSIX separators), or absolute when outside it.
    path: str
    line: int | None
    column: int | None
    #: What the position cannot say, for the message: "in OEBPS/ch1.xhtml, line 12", "paragraph 3".
    detail: str | None
    #: The archive member, when the text is inside one.
    member: str | None


def file_position(location: Location, base: Path | None = None) -> FilePosition:
    file, sep, member = location.path.partition(MEMBER_SEPARATOR)
    path = relative_path(file, base)
    if sep:
        detail = f"in {member}" + (f", line {location.line}" if location.line is not None else "")
        return FilePosition(path, None, None, detail, member)
    if location.line is not None:
        return FilePosition(path, location.line, location.column, None, None)
    return FilePosition(path, None, None, paragraph_context(location), None)


def paragraph_context(location: Location) -> str | None:
    """For formats without lines (DOCX), where to look: section and paragraph."""
    parts = []
    if location.section:
        parts.append(f"in “{location.section}”")
    if location.block is not None:
        parts.append(f"paragraph {location.block}")
    return ", ".join(parts) or None


def relative_path(path: str, base: Path | None = None) -> str:
    """`path` relative to `base` (default: the working directory) in POSIX form, if inside it."""
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, os.path.abspath(base or Path.cwd()))
    if rel == ".." or rel.startswith(".." + os.sep):
        return Path(absolute).as_posix()
    return Path(rel).as_posix()
