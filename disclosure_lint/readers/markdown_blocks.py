"""Markdown block structure, fast: the block tokens markdown-it would give, for a fraction of the cost.

A novel in Markdown is mostly headings and paragraphs. For such a stretch the CommonMark block
structure is plain: a paragraph is a run of non-blank lines, an ATX heading is one line. This
module reads those stretches itself and hands everything else (lists, block quotes, fences, HTML
blocks, setext headings, indented code ...) to markdown-it, so that the result is, token for
token, what markdown-it gives for the whole file (a test compares the two on generated Markdown).

The file is cut into pieces just before ATX headings. A piece made only of plain lines is read
here; any other piece is parsed by markdown-it together with the heading line that ends it. Only
when markdown-it reads that line as a top-level heading is the cut known to be safe (nothing
such as a fence or an HTML comment is still open); otherwise the piece grows to the next heading.

The readers' fast path (`full_reading=False`, issue 21) goes further in a piece that holds no
fence and no HTML, as most chapters of a real novel with a letter, a list or a line of dashes:
its paragraphs are read one by one (`_by_paragraph`), block quotes of plain paragraphs and lines
of dashes here too, and markdown-it parses only each run of the other paragraphs, alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import accumulate, repeat
from typing import TYPE_CHECKING, NamedTuple

from .. import patterns as rx

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

#: What markdown-it's `mdTrim` strips around paragraph and heading text (CommonMark whitespace;
#: not `str.strip`'s set, which also strips U+001C..U+001F, U+0085 and U+FEFF).
MD_TRIM_CHARS = ("\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                 "\u2009\u200a\u2028\u2029\u202f\u205f\u3000")

#: What `str.strip()` strips besides `MD_TRIM_CHARS` (its whitespace is theirs and these): in a
#: text holding none of them, it trims a line as markdown-it does, without a set of characters
#: to read for each line (`Tokens.add_lines`).
STRIP_ONLY = "\x1c\x1d\x1e\x1f\x85"

_NEWLINES = rx.compile(r"\r\n?")
_ATX = rx.compile(r" {0,3}(#{1,6})(?:[ \t]|$)")
_THEMATIC_BREAK = rx.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
#: A line of dashes alone between blank lines: a thematic break (a setext underline needs text above).
_DASH_BREAK = rx.compile(r" {0,3}(?:-[ \t]*){3,}$")
_ORDERED_ITEM = rx.compile(r" {0,3}\d{1,9}[.)](?:[ \t]|$)")
#: First characters (after up to three spaces) that may open a block other than a paragraph.
_OPENERS = frozenset("-+>=`~<[")
#: First characters of a line that `line_kind` reads as more than text, digits apart: spaces, a
#: heading's "#", a break's or list item's "*" and "_", and `_OPENERS`.
_BLOCK_FIRST = frozenset(" \t#*_") | _OPENERS
#: `_BLOCK_FIRST` and the ASCII digits (which may open an ordered list item).
_CLOSER_LOOK = _BLOCK_FIRST | frozenset("0123456789")
#: Pieces that fail the cut test this many times are parsed, with the rest of the file, at once.
_MAX_GROWTH = 3

BLANK, TEXT, HEADING, BREAK, OTHER = range(5)


class BlockToken(NamedTuple):
    """The part of a markdown-it block token that the Markdown reader uses."""

    #: "front_matter", "heading_open", "inline", "html_block", "fence" or "code_block".
    type: str
    #: 0-based line where the block starts (markdown-it's ``token.map[0]``).
    line: int
    #: The raw text of the block (for "inline": the paragraph or heading source).
    content: str = ""
    #: For "heading_open": the heading level, 1-6.
    level: int = 0
    #: For "heading_open": inside a container (block quote, list item), not at the top level.
    nested: bool = False


class Tokens:
    """Block tokens as columns, one list a field of `BlockToken` (`block_columns`): a novel's
    paragraphs are thousands of tokens, and a record for each cost more than its items in five
    lists (a run of one-line paragraphs is added by a few extends in C, `add_lines`). The
    Markdown reader walks the columns together."""

    __slots__ = ("contents", "levels", "lines", "nested", "stripped", "types")

    def __init__(self, stripped: bool = False) -> None:
        #: The text holds none of `STRIP_ONLY`: its lines are trimmed by `str.strip()`.
        self.stripped = stripped
        self.types: list[str] = []
        self.lines: list[int] = []
        self.contents: list[str] = []
        self.levels: list[int] = []
        self.nested: list[bool] = []

    def __len__(self) -> int:
        return len(self.types)

    def append(self, token: BlockToken) -> None:
        self.types.append(token[0])
        self.lines.append(token[1])
        self.contents.append(token[2])
        self.levels.append(token[3])
        self.nested.append(token[4])

    def extend(self, tokens: Iterable[BlockToken]) -> None:
        for token in tokens:
            self.append(token)

    def add_inline(self, line: int, content: str) -> None:
        """A paragraph's token ("inline", `line`, `content`)."""
        self.types.append("inline")
        self.lines.append(line)
        self.contents.append(content)
        self.levels.append(0)
        self.nested.append(False)

    def add_lines(self, lines: list[str], first: int, last: int) -> None:
        """The tokens of the one-line paragraphs on every other line of lines[first:last] (a run
        of `_ONE_LINE_RUNS`), each its line trimmed."""
        count = (last - first + 1) // 2
        self.types += repeat("inline", count)
        self.lines += range(first, last, 2)
        if self.stripped:
            self.contents += map(str.strip, lines[first:last:2])
        else:
            self.contents += map(str.strip, lines[first:last:2], repeat(MD_TRIM_CHARS, count))
        self.levels += repeat(0, count)
        self.nested += repeat(False, count)


def line_kind(line: str) -> int:
    """How a line can take part in a plain stretch: blank, text, heading, break, or OTHER."""
    stripped = line.lstrip(" ")
    if not stripped.strip(" \t"):
        return BLANK
    if len(line) - len(stripped) > 3 or stripped[0] == "\t":
        return OTHER  # indented code, or a tab whose width matters
    first = stripped[0]
    if first == "#":
        return HEADING if _ATX.match(line) else TEXT
    if first in "*_":
        if _THEMATIC_BREAK.match(line):
            return BREAK
        if first == "*" and (len(stripped) == 1 or stripped[1] in " \t"):
            return OTHER  # a list item
        return TEXT
    if first in _OPENERS:
        return OTHER
    if first.isdigit() and _ORDERED_ITEM.match(line):
        return OTHER
    return TEXT


def line_kinds(lines: list[str]) -> list[int]:
    """``[line_kind(line) for line in lines]``, a line that starts with a character that can open
    no block ("a", "“", "—": most lines of a book) read as text, an empty line as blank, without a
    closer look (a call for each of *War and Peace*'s 6,400 lines of dialogue cost 7 ms). Whether
    the first character is ASCII is asked of the line (`line < "\x80"`): an ASCII one is looked up
    with the block openers and the ASCII digits, another (no opener) only asked whether it is a
    digit; and a line that opens with general punctuation (U+2000 to U+206F: "“", "—", "…", none of
    them a digit, `tests/test_markdown_blocks.py`: a novel's dialogue) is text by a comparison of
    the line, its first character not taken out (beyond Latin-1, a new string each time)."""
    return [BLANK if not line else TEXT if (line[0] not in _CLOSER_LOOK if line < "\x80"
                                             else "\u2000" <= line < "\u2070" or not line[0].isdigit())
            else line_kind(line) for line in lines]



def _heading_text(line: str, level: int) -> str:
    """The inline content of an ATX heading, as markdown-it cuts it."""
    rest = line.lstrip(" ")[level:]
    rest = rest.rstrip(" \t")
    without_closing = rest.rstrip("#")
    if without_closing and without_closing[-1] in " \t":
        rest = without_closing
    return rest.strip(MD_TRIM_CHARS)


def _front_matter_end(lines: list[str]) -> int | None:
    """Line after the closing marker of YAML front matter (mdit-py-plugins' rule), or None."""
    if not lines or not lines[0].startswith("---"):
        return None
    markers = len(lines[0]) - len(lines[0].lstrip("-"))
    for n in range(1, len(lines)):
        line = lines[n]
        stripped = line.lstrip(" \t")
        indent = _width(line[: len(line) - len(stripped)])
        if indent == 0 and stripped.startswith("...") and not stripped[3:].strip(" \t"):
            return n + 1
        if not stripped.startswith("-") or indent >= 4:
            continue
        dashes = len(stripped) - len(stripped.lstrip("-"))
        if dashes >= markers and not stripped[dashes:].strip(" \t"):
            return n + 1
    return None


def _width(indent: str) -> int:
    width = 0
    for ch in indent:
        width += 4 - width % 4 if ch == "\t" else 1
    return width


def _plain_tokens(lines: list[str], kinds: list[int], start: int, end: int, out: Tokens) -> None:
    """Tokens of lines[start:end], all of them BLANK, TEXT, HEADING or BREAK.

    A run of one-line paragraphs, each followed by one blank line (most of a novel's chapter:
    `_ONE_LINE_RUNS`, found in the kinds in C), is added to the columns by a few extends
    (`Tokens.add_lines`), no kind of a line asked in Python; the rest line by line.
    """
    n = start
    # (the kinds as a text, a character a line, for `re`)
    for run in _ONE_LINE_RUNS.finditer(bytes(kinds[start:end]).decode("latin-1")):
        first, last = run.start() + start, run.end() + start
        if first > n:
            _plain_lines(lines, kinds, n, first, out)
        out.add_lines(lines, first, last)
        n = last
    if n < end:
        _plain_lines(lines, kinds, n, end, out)


#: A run of one-line paragraphs (TEXT, BLANK, TEXT, BLANK ...) in a piece's kinds, a character a
#: line, which starts a paragraph (no TEXT line before it): each TEXT line is a paragraph of its own.
_ONE_LINE_RUNS = rx.compile(rf"(?<!\x{TEXT:02x})(?:\x{TEXT:02x}\x{BLANK:02x})+")


def _plain_lines(lines: list[str], kinds: list[int], start: int, end: int, out: Tokens) -> None:
    """`_plain_tokens` of lines[start:end], a line at a time (the lines outside its runs)."""
    add, trim = out.add_inline, MD_TRIM_CHARS
    n = start
    while n < end:
        kind = kinds[n]
        if kind == TEXT:
            first = n
            n += 1
            while n < end and kinds[n] == TEXT:
                n += 1
            # (most paragraphs of a book are one line)
            source = lines[first] if n == first + 1 else "\n".join(lines[first:n])
            add(first, source.strip(trim))
            if n < end and kinds[n] == BLANK:
                n += 1  # the blank line after it (most often): passed over at once
            continue
        if kind == HEADING:
            level = len(lines[n].lstrip(" ")) - len(lines[n].lstrip(" ").lstrip("#"))
            out.append(BlockToken("heading_open", n, "", level))
            out.append(BlockToken("inline", n, _heading_text(lines[n], level)))
        n += 1


#: The full markdown-it parse of a text; the flag says whether YAML front matter may open it.
Parse = Callable[[str, bool], list[BlockToken]]


def block_columns(text: str, parse: Parse, by_paragraph: bool = False, *, nul_free: bool = False,
                  lines: list[str] | None = None, stripped: bool = False) -> Tokens:
    """The block tokens of a Markdown text, as columns; `parse` is the full markdown-it parse of
    a piece.

    `by_paragraph` (the readers' fast path, `full_reading=False`): a piece that holds no fence and
    no HTML is read paragraph by paragraph, markdown-it parsing only the runs of paragraphs that are
    not plain (`_by_paragraph`), not the whole chapter around them. `nul_free`: the text is known
    to hold no U+0000 (`markdown.decode` removes them), which is then not searched for. `lines`:
    ``text.split("\\n")``, when the caller has it, for a text known to hold no U+0000 nor "\\r"
    (a whole book's split costs a copy of it). `stripped`: the text is known to hold none of
    `STRIP_ONLY`.
    """
    if lines is not None and nul_free and "\r" not in text:
        lines = list(lines)
    else:
        text = _NEWLINES.sub("\n", text) if "\r" in text else text
        if not nul_free:
            text = text.replace("\0", "\ufffd")
        lines = text.split("\n")
    if text.endswith("\n") or (lines and not lines[-1].strip(" \t")):
        lines.pop()  # markdown-it counts no line after the last newline (or a last blank line)
    out = Tokens(stripped)
    body = 0
    if text.startswith("-"):
        end = _front_matter_end(lines)
        if end is None:
            out.extend(parse(text, True))  # "---" that is not front matter: all to markdown-it
            return out
        out.append(BlockToken("front_matter", 0, "\n".join(lines[1:end - 1])))
        body = end
    kinds = line_kinds(lines)
    # Each line's offset in `text`, added up only once a piece goes to markdown-it whole (a Python
    # int for each line of a book: 20 million machine instructions on *War and Peace*).
    offsets: list[int] = []

    def piece(first: int, last: int) -> str:
        """The text of lines first..last-1 as it stands in the file (newlines included)."""
        if not offsets:
            offsets.extend(accumulate(map((1).__add__, map(len, lines)), initial=0))
        return text[offsets[first]:offsets[last]] if last < len(lines) else text[offsets[first]:]

    # Cut only before headings in the first column: such a line is never inside a list item or
    # block quote (a heading is no lazy continuation line), so it is top level unless a fence,
    # HTML block or the like is still open, which the cut test below finds out.
    cuts = [n for n in _indexes(kinds, HEADING, body + 1) if lines[n][0] == "#"]
    cuts.append(len(lines))
    start, c = body, 0
    while start < len(lines):
        while cuts[c] <= start:
            c += 1
        end = cuts[c]
        if OTHER not in kinds[start:end]:
            _plain_tokens(lines, kinds, start, end, out)
            start = end
            continue
        if by_paragraph and _nothing_spans("\n".join(lines[start:end])):
            _by_paragraph(lines, kinds, start, end, parse, out)
            start = end
            continue
        grown = 0
        while end < len(lines) and grown < _MAX_GROWTH:
            tokens = parse(piece(start, end + 1), start == 0)
            if _ends_with_heading(tokens, end - start):
                out.extend(_shift(tokens[:-2], start))
                break
            grown, c = grown + 1, c + 1
            end = cuts[c]
        else:
            end = len(lines)
            out.extend(_shift(parse(piece(start, len(lines)), start == 0), start))
        start = end
    return out


def _indexes(kinds: list[int], kind: int, start: int) -> list[int]:
    """The indexes from `start` on of the lines of a kind (a search in C for each, not a Python
    test of every line)."""
    out: list[int] = []
    try:
        at = kinds.index(kind, start)
        while True:
            out.append(at)
            at = kinds.index(kind, at + 1)
    except ValueError:
        return out


def _nothing_spans(source: str) -> bool:
    """Can no block of `source` run on past a blank line and a paragraph in the first column?

    Only a fenced code block and an HTML block (a comment, `<pre>`, `<script>` ...) can (a list,
    a block quote and indented code end there, CommonMark 0.31 sections 4.5, 4.6, 5.1-5.3); both
    need a "<", a "```" or a "~~~". Without them, the heading that ends a piece is a heading at the
    top level too, as markdown-it would say.
    """
    return "<" not in source and "```" not in source and "~~~" not in source


def _by_paragraph(lines: list[str], kinds: list[int], start: int, end: int, parse: Parse,
                  out: Tokens) -> None:
    """Tokens of lines[start:end] (`_nothing_spans` holds for them): the paragraphs (runs of lines
    between blank lines) that are plain and start in the first column are read here; markdown-it
    parses each run of the others alone, which gives what it gives in the whole piece, since all
    that is open before such a run is closed by the blank line and the first-column paragraph."""
    n = start
    other = -1  # the first line of the run of paragraphs for markdown-it, or -1
    plain_from = -1  # the first line of the run of plain paragraphs not read yet, or -1
    while n < end:
        if kinds[n] == BLANK:
            n += 1
            continue
        first = n
        while n < end and kinds[n] != BLANK:
            if n > first and kinds[n] == OTHER and kinds[n - 1] == TEXT and lines[n].lstrip(" ")[:1] == "[":
                kinds[n] = TEXT  # a link, or a bracket, carrying on a paragraph (no block it can start)
            n += 1
        plain = lines[first][:1] not in (" ", "\t") and OTHER not in kinds[first:n]
        if plain:
            # Read with the plain paragraphs after it, in one call (`_plain_tokens`; the blank
            # lines between them end each).
            if other >= 0:
                out.extend(_shift(parse("\n".join(lines[other:first]), other == 0), other))
                other = -1
            if plain_from < 0:
                plain_from = first
            continue
        if plain_from >= 0:
            _plain_tokens(lines, kinds, plain_from, first, out)
            plain_from = -1
        quoted = [] if n == first + 1 and _DASH_BREAK.match(lines[first]) else _plain_quote(lines, first, n)
        if quoted is not None:
            if other >= 0:
                out.extend(_shift(parse("\n".join(lines[other:first]), other == 0), other))
                other = -1
            out.extend(quoted)
        elif other < 0:
            other = first
    if plain_from >= 0:
        _plain_tokens(lines, kinds, plain_from, end, out)
    if other >= 0:
        out.extend(_shift(parse("\n".join(lines[other:end]), other == 0), other))


def _plain_quote(lines: list[str], first: int, end: int) -> list[BlockToken] | None:
    """The tokens of lines[first:end], a block quote of plain paragraphs (a letter in a novel:
    every line "> " and text that starts a paragraph, or ">" between its paragraphs), or None
    when the lines are anything else."""
    out: list[BlockToken] = []
    start = -1  # the first line of the paragraph being read, or -1
    for n in range(first, end + 1):
        line = lines[n] if n < end else ">"
        if line == ">":
            if start >= 0:
                content = "\n".join(text[2:] for text in lines[start:n])
                out.append(BlockToken("inline", start, content.strip(MD_TRIM_CHARS)))
                start = -1
            continue
        if not line.startswith("> ") or line[2:3] in ("", " ", "\t") or line_kind(line[2:]) != TEXT:
            return None
        if start < 0:
            start = n
    return out


def _ends_with_heading(tokens: list[BlockToken], line: int) -> bool:
    """Did markdown-it read the piece's last line as a heading at the top level?"""
    return (len(tokens) >= 2 and tokens[-2].type == "heading_open" and tokens[-2].line == line
            and not tokens[-2].nested and tokens[-1].type == "inline" and tokens[-1].line == line)


def _shift(tokens: list[BlockToken], by: int) -> list[BlockToken]:
    if not by:
        return tokens
    return [BlockToken(t.type, t.line + by, t.content, t.level, t.nested) for t in tokens]
