"""Small text helpers every reader shares: whitespace as a reader sees it, Markdown emphasis."""

from __future__ import annotations

#: Every character other than the space that `str.split()` splits on (`str.isspace`; a test
#: checks the list against the running Python), the ASCII ones apart: an ASCII string cannot
#: hold the others. A text without them and without two spaces in a row collapses to itself.
_ASCII_SPACES = ("\n", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")
_OTHER_SPACES = (
    *_ASCII_SPACES, "\xa0", "\u2009", "\u200a", "\u202f", "\u2002", "\u2003", "\u2000", "\u2001", "\u2004",
    "\u2005", "\u2006", "\u2007", "\u2008", "\u205f", "\u3000", "\u1680", "\x85", "\u2028",
    "\u2029",
)


def collapse(text: str, spaces: tuple[str, ...] | None = None) -> str:
    """Whitespace runs as one space, ends stripped: ``" ".join(text.split())``, faster.

    The readers collapse every paragraph, so the split into words (most of the cost on a novel)
    is skipped when the text has no whitespace but single spaces, which is the common case:
    then the result is the text stripped. Each ``in`` below is a C scan of the text. `spaces`:
    the whitespace other than " " the text may hold (`spaces_among` the characters of a file
    that holds it), when known: only those are looked for.
    """
    if "  " not in text:
        if spaces is None:
            spaces = _ASCII_SPACES if text.isascii() else _OTHER_SPACES
        # Each other whitespace character made a space (a replacement, far cheaper than a split
        # into words: a no-break space in every other paragraph of a Standard Ebooks novel); the
        # same as the split where that leaves no run of spaces. (A loop, not a comprehension:
        # this runs for every paragraph of a book, and a comprehension is a call of its own.)
        found = False
        for space in spaces:
            if space in text:
                text = text.replace(space, " ")
                found = True
        if not found or "  " not in text:
            return text.strip()
    return " ".join(text.split())


def spaces_of(text: str) -> tuple[str, ...]:
    """The whitespace other than " " that `text` may hold: the ASCII ones in an ASCII text."""
    return _ASCII_SPACES if text.isascii() else _OTHER_SPACES


def odd_spaces(text: str) -> bool:
    """Does `text` hold whitespace other than spaces and newlines (one of `collapse`'s other spaces)?

    Asked once of a whole file, it spares asking it of each paragraph read from the file: those
    scans were most of the Markdown reader's work on a novel (*War and Peace*: 28 searches of each
    of 11,800 paragraphs, 166 million machine instructions; of the whole file, 51 million).
    """
    return any(space in text for space in (_ASCII_SPACES if text.isascii() else _OTHER_SPACES) if space != "\n")


#: The characters `odd_spaces` looks for.
_ODD_SPACES = frozenset(_OTHER_SPACES) - {"\n"}


def spaces_among(chars: frozenset[str]) -> tuple[str, ...]:
    """The whitespace other than " " among a text's distinct characters (`chars.characters`)."""
    return tuple(filter(chars.__contains__, _OTHER_SPACES))  # (in C: asked of every chapter)


def odd_spaces_among(chars: frozenset[str]) -> bool:
    """`odd_spaces` of a text from its distinct characters (or those of a text holding it)."""
    return not chars.isdisjoint(_ODD_SPACES)


def collapse_lines(text: str) -> str:
    """`collapse(text)` for a text that holds no whitespace but spaces and newlines (`odd_spaces`)."""
    if "  " not in text:
        if "\n" in text:
            text = text.replace("\n", " ")
            if "  " in text:
                return " ".join(text.split())
        return text.strip()
    return " ".join(text.split())


#: Characters that open or close Markdown emphasis, and how many of each one marker may hold.
_MARKER_RUN = {"*": 3, "_": 3, "~": 2}


def strip_emphasis(text: str) -> str:
    """Drop Markdown emphasis markers (``*``, ``_`` in runs of 1-3, ``~~``) that open or close.

    The same result as ``re.sub(r"(?<![\\w\\\\])(\\*{1,3}|_{1,3}|~~)(?=\\S)|(?<=\\S)(\\*{1,3}|_{1,3}|~~)(?![\\w])",
    "", text)`` (a test compares them), but looking only at the markers: that pattern starts with
    a lookbehind, which `re` tries at every position of a paragraph. Each marker character is
    looked for again only once the scan has passed its last place (Standard Ebooks italics hold
    only "_": one search a marker, where three each time cost 2.8 ms of *Pride and Prejudice*).
    """
    # Where each marker character present is next, at or after the scan.
    found = [at for at in (text.find("*"), text.find("_"), text.find("~")) if at >= 0]
    if not found:
        return text
    pieces: list[str] = []
    keep = 0
    n = len(text)
    p = min(found)
    only = text[p] if len(found) == 1 else ""  # the one marker character the text holds, if one
    while p >= 0:
        length = _marker_at(text, p, n)
        start = p + length if length else p + 1
        if length:
            pieces.append(text[keep:p])
            keep = start
        if only:  # (most paragraphs with emphasis: a novel's italics)
            p = text.find(only, start)
            continue
        found = [at if at >= start else text.find(text[at], start) for at in found]
        found = [at for at in found if at >= 0]
        p = min(found) if found else -1
    if not pieces:
        return text
    pieces.append(text[keep:])
    return "".join(pieces)


#: Besides letters and digits, what an opening marker may not follow.
_NOT_BEFORE_OPENING = "_\\"


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _marker_at(text: str, p: int, n: int) -> int:
    """Length of the emphasis marker the pattern would match at `p`, or 0."""
    ch = text[p]
    run = 1
    most = _MARKER_RUN[ch]
    while run < most and p + run < n and text[p + run] == ch:
        run += 1
    if ch == "~":
        if run < 2:
            return 0
        lengths: tuple[int, ...] | range = (2,)
    else:
        lengths = range(run, 0, -1)
    prev = text[p - 1] if p else ""
    if not prev or not (prev.isalnum() or prev in _NOT_BEFORE_OPENING):
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
