"""Text from a book, made safe to show: the book never controls the terminal, a CI log or a page.

A manuscript is a stranger's input (issue 24). An escape sequence in it (`ESC ] 0 ; title BEL`,
`ESC [ 31 m`) would set a terminal's title or colours, write its clipboard or move the cursor
over findings; a bidirectional override would make a quoted sentence read backwards; a line
break would start a new line of the report, or a new workflow command in a GitHub log. Every
front door (the text, GitHub, JSON and SARIF reports, error messages, printed templates, and
later the language server and the HTML report) shows such characters as visible escapes:

- C0 controls, DEL and C1 controls as ``\\x1b``, ``\\x7f``, ``\\x9b`` (tab and newline only
  where the output has room for them: `keep`);
- the bidirectional and invisible format characters (U+061C, U+200E, U+200F, U+202A–U+202E,
  U+2066–U+2069) and the line and paragraph separators (U+2028, U+2029, which some viewers
  break lines at) as ``<U+202E>``.

Colour comes only from the tool, and only on a terminal (the CLI decides).
"""

from __future__ import annotations

import re

from . import patterns as rx

#: What is never shown raw. Tab (U+0009) and newline (U+000A) are in it too: `printable` leaves
#: them alone where the caller's output allows them.
UNSAFE = rx.LazyPattern("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escape(char: str) -> str:
    """The visible form of one unsafe character: ``\\x1b`` for a control, ``<U+202E>`` else."""
    point = ord(char)
    if point < 0x20 or 0x7F <= point <= 0x9F:
        return f"\\x{point:02x}"
    return f"<U+{point:04X}>"


_ESCAPES: dict[str, str] = {}


def _escaped(match: re.Match[str]) -> str:
    char = match.group(0)
    found = _ESCAPES.get(char)
    if found is None:
        found = _ESCAPES[char] = escape(char)
    return found


def printable(text: str, keep: str = "") -> str:
    """`text` with every unsafe character shown as a visible escape, except those in `keep`
    (``"\\t\\n"`` for output that has lines of its own, such as a printed template)."""
    # Every unsafe character is one `isprintable` refuses (Cc, Cf, Zl, Zp): most text is done here.
    if text.isprintable() or not UNSAFE.search(text):
        return text
    if not keep:
        return UNSAFE.compiled.sub(_escaped, text)
    return UNSAFE.compiled.sub(lambda m: m.group(0) if m.group(0) in keep else _escaped(m), text)


#: JSON's own escapes cover C0 only; these are the rest of `UNSAFE` (DEL, C1, the format
#: characters), which `json.dumps(..., ensure_ascii=False)` writes raw.
_JSON_UNSAFE = rx.LazyPattern("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_safe(serialised: str) -> str:
    """A JSON document (written with ``ensure_ascii=False``) with DEL, C1 controls and the format
    characters written as ``\\uXXXX`` escapes: the data a program reads is the same, and a
    terminal or log showing the file never meets them raw. They can stand only inside strings,
    where the escape means the same character."""
    if serialised.isascii():
        return serialised
    return _JSON_UNSAFE.compiled.sub(lambda m: f"\\u{ord(m.group(0)):04x}", serialised)
