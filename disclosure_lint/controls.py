"""Characters from a book that must not act on whoever reads a report: shown, never obeyed.

A manuscript is untrusted input (issue 24). Control characters (C0 but tab and newline, DEL, C1)
can drive a terminal or end a protocol's line; bidirectional controls and marks (U+202A–U+202E,
U+2066–U+2069, U+200E, U+200F, U+061C) can reorder what an editor or a browser displays, so that
a message reads otherwise than it says. Each is shown as a visible escape, ``<U+202E>``.
"""

from __future__ import annotations

import re

#: C0 but tab and newline, DEL, C1, and the bidirectional controls and marks.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    return f"<U+{ord(match.group(0)):04X}>"


def show_controls(text: str) -> str:
    """`text` with every control and bidirectional character written as ``<U+XXXX>``."""
    return _CONTROLS.sub(_visible, text)
