"""Multi-file Markdown books: which file the note goes into, or which new file holds it.

- The note goes before a Foreword (Introduction, Preface, Author's note) → into that file, as a
  new section right before its heading.
- It goes before the first chapter and something else comes first in that chapter's file (a
  copyright page, say) → into that file, right before the chapter heading.
- The chapter opens its own file → a new file. In a plain folder (reading order = natural order
  of the names) the new file is named to sort right before the chapter's file
  (``03-chapter-1.md`` → ``03-0-note-on-ai.md``; else ``00-note-on-ai.md``). When the order comes
  from ``[book] files`` in the config, a new file might not match its globs, so the note is
  added at the end of the file just before the chapter (front matter), or `insert` refuses with
  what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Manuscript
from ..readers.book import glob_order, join_files, natural_key, plain_order
from ..readers.markdown import parse
from . import FRONT_NOTES, InsertRefused, Note, Placement
from .atomic import Snapshot, snapshot
from .markdown import _eol, _level, _split, insert_lines, render, start_line

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..config import Config
    from . import _FileEdit

NEW_FILE_STEM = "note-on-ai"
_SKIPPED_STEMS = {"readme", "license", "licence", "changelog", "contributing", "code_of_conduct"}


@dataclass(frozen=True)
class BookEdit:
    """One file of the book to write (a new file when `original` is None)."""

    target: Path
    data: bytes
    original: Snapshot | None
    description: str


def book_files(folder: Path, config: Config) -> list[Path]:
    """The book's files in reading order, as `readers.book` orders them."""
    book = config.book
    if book.files:
        root = config.source.parent if config.source is not None else folder
        return glob_order(root, book.files)
    return plain_order(folder)


def plan_book(folder: Path, manuscript: Manuscript, placement: Placement, note: Note,
              config: Config) -> BookEdit:
    """Decide where in a multi-file book the note goes, and compute that file's new bytes."""
    files = book_files(folder, config)
    by_name = {str(f): f for f in files}
    if placement.before is None:
        last = files[-1]
        snap = snapshot(last)
        return BookEdit(last, insert_lines(snap.data, None, note), snap,
                        f"{last}: “{note.heading}” at the end")
    section = manuscript.sections[placement.before]
    file = by_name.get(section.location.path)
    if file is None:
        raise InputError(f"{section.location.path}: not found among the book's files")
    snap = snapshot(file)
    alone = parse(snap.data, str(file))
    line = start_line(section)
    index = next((i for i, s in enumerate(alone.sections) if start_line(s) == line), None)
    if index is None:
        raise InputError(f"{file}: changed while insert was reading it; run insert again")
    text_before = any(s.blocks for s in alone.sections[:index])
    if section.kind in FRONT_NOTES or text_before:
        rendered = render(snap.data, alone, Placement(index), note)
        return BookEdit(file, rendered.data, snap, rendered.description)
    level = _level(snap.data, alone, Placement(index))
    position = files.index(file)
    if config.book.files:
        if position == 0:
            raise InsertRefused(
                f"{file} opens the book and starts with the story; add a front-matter file for the note "
                f"to [book] files in {config.source} (or a Foreword section before “{section.heading}”) "
                "and run insert again")
        previous = files[position - 1]
        prev_snap = snapshot(previous)
        return BookEdit(previous, insert_lines(prev_snap.data, None, note, level=level), prev_snap,
                        f"{previous}: “{note.heading}” at the end, before {file.name}")
    name = new_file_name(files, position)
    if name is None:
        raise InsertRefused(
            f"{folder}: cannot name a new file that sorts right before {file.name}; rename the files with "
            "number prefixes (01-title.md, 02-chapter-1.md ...) or add a Foreword, then run insert again")
    _, lines = _split(snap.data)
    eol = _eol(lines)
    body = [b"#" * level + b" " + note.heading.encode("utf-8"), *(p.encode("utf-8") for p in note.paragraphs)]
    data = (eol + eol).join(body) + eol
    target = file.parent / name
    return BookEdit(target, data, None, f"{target}: new file “{note.heading}”, before {file.name}")


def new_file_name(files: Sequence[Path], position: int) -> str | None:
    """A file name that sorts (naturally) right before files[position] and after the one before it."""
    target = files[position]
    taken = {f.name for f in target.parent.iterdir()} if target.parent.is_dir() else set()
    suffix = target.suffix or ".md"
    candidates = []
    prefix = re.match(r"\d+", target.name)
    if prefix:
        candidates.append(f"{prefix.group(0)}-0-{NEW_FILE_STEM}{suffix}")
    candidates += [f"00-{NEW_FILE_STEM}{suffix}", f"0-{NEW_FILE_STEM}{suffix}", f"{NEW_FILE_STEM}{suffix}",
                   f"a-{NEW_FILE_STEM}{suffix}"]
    names = [f.name for f in files]
    for name in candidates:
        if name in taken or Path(name).stem.lower() in _SKIPPED_STEMS:
            continue
        order = sorted([*names, name], key=natural_key)
        if order.index(name) == position and order[position + 1] == target.name:
            return name
    return None


def verify_order(folder: Path, written: Sequence[tuple[_FileEdit, Path]], config: Config) -> Manuscript:
    """The book as it will read once the edits land (each edit's file replaced by its temp copy)."""
    files = book_files(folder, config)
    replacements = {edit.target: temp for edit, temp in written}
    new = [edit.target for edit, _ in written if edit.target not in files]
    if new:
        files = sorted([*files, *new], key=lambda p: natural_key(p.name))
    return join_files(str(folder), [replacements.get(f, f) for f in files], book=config.book)
