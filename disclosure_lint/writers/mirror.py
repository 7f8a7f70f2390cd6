"""The machine-readable mirror of the `[ai-use]` declaration, which `insert` writes with the note.

What goes where is `provenance`'s vocabulary (the IPTC digital source type as schema.org's
`digitalSourceType`, the AI systems as IPTC's "AI System Used"); this module says *what* to
write, and writes the Markdown front matter. The EPUB package and the DOCX custom properties are
written by their format's writer (`epub`, `docx`). Nothing is written without a declaration, and
writing the same mirror twice gives the same bytes (the values already there are left alone).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..provenance import AI_SYSTEM_KEY, SOURCE_TYPE_KEY, source_type_uri

if TYPE_CHECKING:
    from ..declaration import Declaration


@dataclass(frozen=True, slots=True)
class Mirror:
    """The values to write."""

    #: The IPTC digital source type's full URI; None when AI took no part.
    source_type: str | None
    #: The AI systems, by the names the declaration gives them.
    systems: tuple[str, ...]


def mirror_of(declaration: Declaration | None) -> Mirror | None:
    """What the file's metadata should say for this declaration; None: nothing to write."""
    if declaration is None:
        return None
    from ..declaration import KINDS

    term = declaration.digital_source_type
    tools = declaration.tools_for(*KINDS) or declaration.tools
    if term is None and not tools:
        return None
    return Mirror(source_type_uri(term) if term else None, tuple(t.name for t in tools))


# --- Markdown front matter --------------------------------------------------------------------------

_OPEN = re.compile(rb"---[ \t]*\r?\n?")
_CLOSE = re.compile(rb"(?:---|\.\.\.)[ \t]*\r?\n?")
_KEY = re.compile(rb"([^\s#:][^:]*?)[ \t]*:(?:[ \t]|\r?\n|$)")
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._()/+\-]*")


def _scalar(value: str) -> str:
    """A YAML scalar for a value: plain when that is safe, else double-quoted (JSON's escapes,
    which YAML's double-quoted style shares)."""
    if _PLAIN.fullmatch(value) and not value.endswith(" "):
        return value
    return json.dumps(value, ensure_ascii=False)


def front_matter_lines(mirror: Mirror, eol: bytes) -> list[bytes]:
    """The front-matter lines for the mirror: `digital-source-type: URI`, `ai-system-used:` list."""
    lines: list[str] = []
    if mirror.source_type:
        lines.append(f"{SOURCE_TYPE_KEY}: {mirror.source_type}")
    if mirror.systems:
        lines.append(f"{AI_SYSTEM_KEY}:")
        lines += [f"  - {_scalar(name)}" for name in mirror.systems]
    return [line.encode("utf-8") + eol for line in lines]


def with_front_matter(data: bytes, mirror: Mirror) -> bytes:
    """The Markdown file with the mirror's keys in its YAML front matter: added to the front matter
    it has (replacing our keys' old values, every other line kept byte for byte), or in a new
    front matter at its top; a file with TOML front matter (``+++``) is left as it is."""
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    lines = data[len(bom):].splitlines(keepends=True)
    eol = next((e for line in lines for e in (b"\r\n", b"\n", b"\r") if line.endswith(e)), b"\n")
    new = front_matter_lines(mirror, eol)
    if lines and lines[0].rstrip() == b"+++":
        return data  # TOML front matter (Hugo): not ours to rewrite, and no YAML goes before it
    close = _closing_line(lines)
    if close is None:
        # No front matter: a new one. A blank line after it keeps the first line of text apart.
        head = [b"---" + eol, *new, b"---" + eol]
        if lines and lines[0].strip():
            head.append(eol)
        return bom + b"".join(head + lines)
    body = lines[1:close]
    kept: list[bytes] = []
    at: int | None = None  # where our keys stood: they are written there again
    skipping = False
    for line in body:
        key = _KEY.match(line)
        if key is not None and not line[:1].isspace():
            skipping = key.group(1).decode("utf-8", "replace").strip() in (SOURCE_TYPE_KEY, AI_SYSTEM_KEY)
            if skipping and at is None:
                at = len(kept)
        elif skipping and not (line[:1].isspace() or line.startswith(b"-")):
            skipping = False  # an unkeyed line at the margin (a comment): not ours
        if not skipping:
            kept.append(line)
    if at is None:
        at = len(kept)
        if kept and not kept[-1].endswith((b"\n", b"\r")):
            kept[-1] += eol
    out = [lines[0], *kept[:at], *new, *kept[at:], *lines[close:]]
    return bom + b"".join(out)


def _closing_line(lines: list[bytes]) -> int | None:
    """The index of the line that closes the file's YAML front matter, if it has one."""
    if not lines or not _OPEN.fullmatch(lines[0]):
        return None
    for i in range(1, len(lines)):
        if _CLOSE.fullmatch(lines[i]):
            return i
    return None
