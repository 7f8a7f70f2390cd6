"""Multi-file Markdown books: which file the note goes into, or which new file holds it.

- The note goes before a Foreword (Introduction, Preface, Author's note) → into that file, as a
  new section right before its heading.
- It goes before the first chapter and something else comes first in that chapter's file (a
  copyright page, say) → into that file, right before the chapter heading.
- The chapter opens its own file, in a plain folder (reading order = natural order of the
  names) → a new file named to sort right before the chapter's file (``03-chapter-1.md`` →
  ``03-0-note-on-ai.md``; else ``00-note-on-ai.md``). The book is then read again as `check`
  reads it; should the new file not be taken in after all, it is removed and the fallback below
  is used.
- The chapter opens its own file in a book whose order is listed (``[book] files``, mdBook
  SUMMARY.md, Quarto, Leanpub Book.txt: `readers.layouts`), where a new file would need
  registering in a file this tool does not own → the note goes at the end of the file that comes
  just before the chapter (front matter), or `insert` refuses with what to do when the story
  starts in the book's first file.

Only the one file that receives the note is ever written; the others are not touched.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Manuscript
from ..readers.book import join_files, natural_key, plain_order
from ..readers.markdown import parse
from . import FRONT_NOTES, InsertRefused, InsertResult, Note, Placement
from .atomic import Snapshot, materialize, snapshot, verify_as, write_atomic
from .markdown import _eol, _split, heading_form, insert_lines, render, start_line, thematic_break

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..config import Config
    from ..readers.layouts import Layout

NEW_FILE_STEM = "note-on-ai"
_SKIPPED_STEMS = {"readme", "license", "licence", "changelog", "contributing", "code_of_conduct",
                  "summary", "index"}


@dataclass(frozen=True)
class BookEdit:
    """One file of the book to write: an existing one (`original`) or a new one."""

    target: Path
    data: bytes
    original: Snapshot | None
    description: str


def reading_order(manuscript: Manuscript) -> list[Path]:
    """The book's files that hold text, in reading order (as the book reader joined them)."""
    return list(dict.fromkeys(Path(s.location.path) for s in manuscript.sections))


def insert_into_book(folder: Path, manuscript: Manuscript, placement: Placement, note: Note, config: Config,
                     *, dry_run: bool) -> InsertResult:
    """Plan, check and write the note into a multi-file book."""
    from ..readers.layouts import book_layout
    from . import _refuse_if_failing, unified_diff

    files = reading_order(manuscript)
    layout = book_layout(folder, config)
    edit, fallback = plan_book(manuscript, placement, note, files, listed_in=_listing(layout, config))

    def simulated(edit: BookEdit, temp: Path) -> Manuscript:
        order = [temp if f == edit.target else f for f in files]
        if edit.original is None:  # a new file, before the chapter's file
            before = _file_of(manuscript, placement)
            order.insert(order.index(before) if before in order else len(order), temp)
        return join_files(str(folder), order, book=config.book, limits=config.limits)

    if dry_run:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="disclosure-lint-") as scratch:
            temp = Path(scratch) / edit.target.name
            temp.write_bytes(edit.data)
            verify_as(lambda written: _refuse_if_failing(simulated(edit, written), config, note), temp, edit.target)
        before = edit.original.data if edit.original is not None else b""
        return InsertResult("dry-run", "dry run: nothing was written",
                            preview=unified_diff(before, edit.data, str(edit.target)))
    if edit.original is not None:
        written = _write(edit, folder, lambda temp: _refuse_if_failing(simulated(edit, temp), config, note))
        return _done(edit, note, placement, manuscript, written)
    # A new file: create it, then read the book as `check` will; undo if the layout ignores it.
    write_atomic(edit.target, edit.data, new_file=True, root=folder,
                 verify=lambda temp: _refuse_if_failing(simulated(edit, temp), config, note))
    from ..api import read

    try:
        reread = read(folder, config)
        taken_in = str(edit.target) in {s.location.path for s in reread.sections}
    except Exception:
        with contextlib.suppress(OSError):
            edit.target.unlink()
        raise
    if taken_in:
        return _done(edit, note, placement, manuscript)
    with contextlib.suppress(OSError):
        edit.target.unlink()
    if fallback is None:
        raise InsertRefused(
            f"{folder}: this book's layout does not read a new file {edit.target.name}, and its story starts "
            "in the first file; add a front-matter file to the book's order (or a Foreword section) and run "
            "insert again (nothing was changed)")
    written = _write(fallback, folder, lambda temp: _refuse_if_failing(simulated(fallback, temp), config, note))
    return _done(fallback, note, placement, manuscript, written)


def plan_insert(folder: Path, manuscript: Manuscript, placement: Placement, note: Note, config: Config) -> BookEdit:
    """The edit `insert` would make to the book in `folder`, written nowhere (the language server
    offers it to the editor as an edit to apply)."""
    from ..readers.layouts import book_layout

    edit, _ = plan_book(manuscript, placement, note, reading_order(manuscript),
                        listed_in=_listing(book_layout(folder, config), config))
    return edit


def _listing(layout: Layout, config: Config) -> str | None:
    """Where a book lists its order, in a writer's words (None for a plain folder)."""
    if layout.kind == "folder":
        return None
    if layout.kind == "config":
        return f"[book] files in {config.source}"
    return str(layout.structure[-1]) if layout.structure else layout.kind


def _write(edit: BookEdit, folder: Path, verify: Callable[[Path], None]) -> Path:
    """Write one file of the book (through a link that stays inside the book's folder or repository)."""
    return write_atomic(edit.target, edit.data, original=edit.original, verify=verify, root=folder)


def _done(edit: BookEdit, note: Note, placement: Placement, manuscript: Manuscript,
          written: Path | None = None) -> InsertResult:
    from . import changed

    return InsertResult("inserted", f"{changed(edit.target, written or edit.target)}: added {note.said()} "
                                    f"{placement.describe(manuscript)}")


def _file_of(manuscript: Manuscript, placement: Placement) -> Path | None:
    if placement.before is None:
        return None
    return Path(manuscript.sections[placement.before].location.path)


def plan_book(manuscript: Manuscript, placement: Placement, note: Note, files: list[Path], *,
              listed_in: str | None) -> tuple[BookEdit, BookEdit | None]:
    """The edit to make, and (for a new file) the edit to fall back on if the book ignores it.

    `listed_in` names where the book lists its files in order (None: a plain folder).
    """
    if placement.before is None:
        last = files[-1]
        snap = snapshot(last)
        return BookEdit(last, insert_lines(snap.data, None, note), snap, f"{last}: at the end"), None
    section = manuscript.sections[placement.before]
    file = Path(section.location.path)
    if file not in files:
        raise InputError(f"{file}: not found among the book's files")
    snap = snapshot(file)
    alone = parse(snap.data, str(file))
    line = start_line(section)
    index = next((i for i, s in enumerate(alone.sections) if start_line(s) == line), None)
    if index is None:
        raise InputError(f"{file}: changed while insert was reading it; run insert again")
    if section.kind in FRONT_NOTES or any(s.blocks for s in alone.sections[:index]):
        rendered = render(snap.data, alone, Placement(index), note)
        return BookEdit(file, materialize(rendered.data), snap, rendered.description), None
    form = heading_form(snap.data, alone, Placement(index))
    rule = thematic_break(snap.data) if section.heading is None else None
    position = files.index(file)
    fallback = None
    if position > 0:
        previous = files[position - 1]
        prev_snap = snapshot(previous)
        fallback = BookEdit(previous, insert_lines(prev_snap.data, None, note, form=form, rule=rule), prev_snap,
                            f"{previous}: at the end, before {file.name}")
    if listed_in is not None:
        if fallback is None:
            raise InsertRefused(
                f"{file} opens the book and starts with the story; add a front-matter file for the note to "
                f"the book's order ({listed_in}), or a Foreword section before “{section.heading}”, and run "
                "insert again (nothing was changed)")
        return fallback, None
    name = new_file_name(file)
    if name is None:
        if fallback is not None:
            return fallback, None
        raise InsertRefused(
            f"{file.parent}: cannot name a new file that sorts right before {file.name}; rename the files with "
            "number prefixes (01-title.md, 02-chapter-1.md ...) or add a Foreword, then run insert again")
    _, lines = _split(snap.data)
    eol = _eol(lines)
    body = [eol.join(form.lines(note.heading)), *(p.encode("utf-8") for p in note.paragraphs),
            *([rule] if rule is not None else [])]
    target = file.parent / name
    return BookEdit(target, (eol + eol).join(body) + eol, None, f"{target}: new file"), fallback


def new_file_name(target: Path) -> str | None:
    """A file name that sorts (naturally) right before `target` among its folder's Markdown files."""
    folder_files = plain_order(target.parent)
    if target not in folder_files:
        return None
    names = [f.name for f in folder_files]
    taken = {p.name.lower() for p in target.parent.iterdir()}
    position = names.index(target.name)
    suffix = target.suffix or ".md"
    candidates = []
    prefix = re.match(r"\d+", target.name)
    if prefix:
        candidates.append(f"{prefix.group(0)}-0-{NEW_FILE_STEM}{suffix}")
    candidates += [f"00-{NEW_FILE_STEM}{suffix}", f"0-{NEW_FILE_STEM}{suffix}", f"{NEW_FILE_STEM}{suffix}",
                   f"a-{NEW_FILE_STEM}{suffix}"]
    for name in candidates:
        if name.lower() in taken or Path(name).stem.lower() in _SKIPPED_STEMS:
            continue
        order = sorted([*names, name], key=natural_key)
        if order.index(name) == position and order[position + 1] == target.name:
            return name
    return None
