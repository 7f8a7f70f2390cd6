"""Markdown writer: new lines go in between original lines; no original byte changes.

The file is handled as bytes split at line ends, so every original line — its text, its line
ending (LF, CRLF or CR), a byte-order mark, YAML front matter, even bytes that are not valid
UTF-8 — stays exactly as it was, in order. The note's lines use the file's own line ending and
the heading level of the heading it goes before (ATX ``#`` or setext).
"""

from __future__ import annotations

import re

from ..errors import InputError
from ..model import Manuscript, Section
from . import Note, Placement, Rendered

BOM = b"\xef\xbb\xbf"
_ATX = re.compile(rb"^ {0,3}(#{1,6})(?:[ \t]|$)")
_SETEXT = re.compile(rb"^ {0,3}(=+|-+)[ \t]*$")


def render(data: bytes, manuscript: Manuscript, placement: Placement, note: Note) -> Rendered:
    """The file with the note added before the placement's section (or at the end)."""
    line = None if placement.before is None else start_line(manuscript.sections[placement.before])
    new = insert_lines(data, line, note, level=_level(data, manuscript, placement))
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


def _level(data: bytes, manuscript: Manuscript, placement: Placement) -> int:
    """The heading level of the section the note goes before (else the book's first heading's)."""
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
            return len(atx.group(1))
        if index + 1 < len(lines):
            setext = _SETEXT.match(lines[index + 1].rstrip(b"\r\n"))
            if setext:
                return 1 if setext.group(1).startswith(b"=") else 2
    return 1


def insert_lines(data: bytes, line: int | None, note: Note, *, level: int = 1) -> bytes:
    """Insert the note's lines before 1-based `line` (None: at the end of the file)."""
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
    text = [b"#" * level + b" " + note.heading.encode("utf-8")]
    text += [p.encode("utf-8") for p in note.paragraphs]
    for n, piece in enumerate(text):
        block.append(piece + eol)
        if n < len(text) - 1 or index < len(lines):
            block.append(eol)
    out = lines[:index] + block + lines[index:]
    return (BOM if bom else b"") + b"".join(out)
