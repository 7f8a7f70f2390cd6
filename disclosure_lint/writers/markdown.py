"""Markdown writer: new lines go in between original lines; no original byte changes.

The file is handled as bytes split at line ends, so every original line — its text, its line
ending (LF, CRLF or CR), a byte-order mark, YAML front matter, even bytes that are not valid
UTF-8 — stays exactly as it was, in order. The note's lines use the file's own line ending and
the heading level and style of the heading it goes before (ATX ``#`` or setext underlines); before
a story without headings, the note ends with a thematic break, the book's own if it has one. With
an `[ai-use]` declaration, its mirror's keys go into the YAML front matter (`mirror`): a new front
matter, or lines added to the one there, whose other lines stay as they were.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..errors import InputError
from ..model import Manuscript, Section
from . import Note, Placement, Rendered

BOM = b"\xef\xbb\xbf"
_ATX = re.compile(rb"^ {0,3}(#{1,6})(?:[ \t]|$)")
_SETEXT = re.compile(rb"^ {0,3}(=+|-+)[ \t]*$")
_BREAK = re.compile(rb"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")


def render(data: bytes, manuscript: Manuscript, placement: Placement, note: Note) -> Rendered:
    """The file with the note added before the placement's section (or at the end)."""
    section = None if placement.before is None else manuscript.sections[placement.before]
    line = None if section is None else start_line(section)
    # A story without headings: a thematic break parts the note from it.
    rule = thematic_break(data) if section is not None and section.heading is None else None
    new = insert_lines(data, line, note, form=heading_form(data, manuscript, placement), rule=rule)
    if note.mirror is not None:  # after the note: the front matter is above every section
        from .mirror import with_front_matter

        new = with_front_matter(new, note.mirror)
    return Rendered(new, f"{manuscript.path}: “{note.heading}” {placement.describe(manuscript)}")


def start_line(section: Section) -> int:
    """The 1-based line a section starts on: its heading, or its first text for a heading-less one."""
    if section.heading is None and section.blocks and section.blocks[0].location.line:
        return section.blocks[0].location.line
    return section.location.line or 1


def _split(data: bytes) -> tuple[bool, list[bytes]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("the file is UTF-16 text; save it as UTF-8 and run insert again")
    bom = data.startswith(BOM)
    return bom, (data[3:] if bom else data).splitlines(keepends=True)


def _eol(lines: list[bytes]) -> bytes:
    for line in lines:
        for ending in (b"\r\n", b"\n", b"\r"):
            if line.endswith(ending):
                return ending
    return b"\n"


class HeadingForm(NamedTuple):
    """How the book writes its section headings."""

    level: int = 1
    #: The setext underline character (b"=" or b"-"), None for ATX (``#``).
    setext: bytes | None = None

    def lines(self, text: str) -> list[bytes]:
        encoded = text.encode("utf-8")
        if self.setext is not None and self.level <= 2:
            return [encoded, self.setext * max(3, len(text))]
        return [b"#" * self.level + b" " + encoded]


def heading_form(data: bytes, manuscript: Manuscript, placement: Placement) -> HeadingForm:
    """The level and style (ATX or setext) of the heading the note goes before (else of the book's
    first heading)."""
    _, lines = _split(data)
    candidates = [manuscript.sections[placement.before]] if placement.before is not None else []
    candidates += [s for s in manuscript.sections if s.heading is not None]
    for section in candidates:
        if section.heading is None or not section.location.line:
            continue
        index = section.location.line - 1
        if index >= len(lines):
            continue
        atx = _ATX.match(lines[index])
        if atx:
            return HeadingForm(len(atx.group(1)))
        if index + 1 < len(lines):
            setext = _SETEXT.match(lines[index + 1].rstrip(b"\r\n"))
            if setext:
                char = setext.group(1)[:1]
                return HeadingForm(1 if char == b"=" else 2, char)
    return HeadingForm()


def thematic_break(data: bytes) -> bytes:
    """The book's own thematic break (its first ``* * *``, ``---``, ``___`` after a blank line,
    outside YAML front matter), else ``* * *``."""
    _, lines = _split(data)
    start = 0
    if lines and lines[0].rstrip(b"\r\n") == b"---":
        start = next((i + 1 for i in range(1, len(lines)) if lines[i].rstrip(b"\r\n") in (b"---", b"...")), 0)
    for i in range(start, len(lines)):
        text = lines[i].rstrip(b"\r\n")
        if _BREAK.match(text) and (i == start or not lines[i - 1].strip()):
            return text.strip()
    return b"* * *"


def insert_lines(data: bytes, line: int | None, note: Note, *, level: int = 1, form: HeadingForm | None = None,
                 rule: bytes | None = None) -> bytes:
    """Insert the note's lines before 1-based `line` (None: at the end of the file), its heading in
    `form` (else ATX at `level`), followed by the thematic break `rule` when one is given."""
    bom, lines = _split(data)
    eol = _eol(lines)
    index = len(lines) if line is None else max(0, min(line - 1, len(lines)))
    block: list[bytes] = []
    if index > 0:
        previous = lines[index - 1]
        if not previous.endswith((b"\n", b"\r")):
            block.append(eol)  # the last line had no line end; the note starts on a line of its own
        if previous.strip():
            block.append(eol)
    form = form or HeadingForm(level)
    pieces = [eol.join(form.lines(note.heading))]
    pieces += [p.encode("utf-8") for p in note.paragraphs]
    if rule is not None:
        pieces.append(rule)
    for n, piece in enumerate(pieces):
        block.append(piece + eol)
        if n < len(pieces) - 1 or index < len(lines):
            block.append(eol)
    out = lines[:index] + block + lines[index:]
    return (BOM if bom else b"") + b"".join(out)
