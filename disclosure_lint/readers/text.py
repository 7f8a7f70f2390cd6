"""Small text helpers every reader shares: whitespace as a reader sees it, Markdown emphasis."""

from __future__ import annotations


def collapse(text: str) -> str:
    """The text with each run of whitespace made one space, and none at either end.

    Most paragraphs already are (one line, single spaces): `str.isprintable()` is False for every
    whitespace character but the ASCII space, so such a paragraph is returned as it is, without
    splitting it into words.
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


#: Characters that open or close Markdown emphasis, and how many of each one marker may hold.
_MARKER_RUN = {"*": 3, "_": 3, "~": 2}


def strip_emphasis(text: str) -> str:
    """Drop Markdown emphasis markers (``*``, ``_`` in runs of 1-3, ``~~``) that open or close.

    The same result as ``re.sub(r"(?<![\\w\\\\])(\\*{1,3}|_{1,3}|~~)(?=\\S)|(?<=\\S)(\\*{1,3}|_{1,3}|~~)(?![\\w])",
    "", text)`` (a test compares them), but looking only at the markers: that pattern starts with
    a lookbehind, which `re` tries at every position of a paragraph.
    """
    pieces: list[str] = []
    keep = 0
    n = len(text)
    p = _next_marker(text, 0)
    while p >= 0:
        length = _marker_at(text, p, n)
        if length:
            pieces.append(text[keep:p])
            keep = p + length
            p = _next_marker(text, keep)
        else:
            p = _next_marker(text, p + 1)
    if not pieces:
        return text
    pieces.append(text[keep:])
    return "".join(pieces)


def _next_marker(text: str, start: int) -> int:
    found = [at for at in (text.find("*", start), text.find("_", start), text.find("~", start)) if at >= 0]
    return min(found) if found else -1


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _marker_at(text: str, p: int, n: int) -> int:
    """Length of the emphasis marker the pattern would match at `p`, or 0."""
    ch = text[p]
    run = 1
    while run < _MARKER_RUN[ch] and p + run < n and text[p + run] == ch:
        run += 1
    lengths = [2] if ch == "~" else list(range(run, 0, -1))
    if ch == "~" and run < 2:
        return 0
    prev = text[p - 1] if p else ""
    if not prev or not (_word(prev) or prev == "\\"):
        # Opening: not after a word character or a backslash, and followed by a non-space.
        for length in lengths:
            if p + length < n and not text[p + length].isspace():
                return length
    if prev and not prev.isspace():
        # Closing: after a non-space, and not followed by a word character.
        for length in lengths:
            if p + length >= n or not _word(text[p + length]):
                return length
    return 0
