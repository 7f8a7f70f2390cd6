"""Markdown reader: a `.md` file becomes a `Manuscript` with exact 1-based lines and columns.

Blocks follow CommonMark (YAML front matter as mdit-py-plugins reads it; TOML front matter
between "+++" lines, as Hugo and Zola write it, too). Pandoc's attributes give a language to a
part of the book: `# Vorwort {lang=de}`, a fenced div `::: {lang=fr}` ... `:::`, a span
`[texte]{lang=fr}`, as `xml:lang` does in an EPUB (the fences and braces are not text a reader
sees). Headings and plain
paragraphs, most of a novel, are read by `markdown_blocks`; markdown-it-py parses the rest (and
is imported only then), with the same result token for token: by default only the paragraphs
that are not plain (a list, indented code), with `full_reading` each chapter that holds one. The
inline pass is switched off: it costs about ten times the block pass and a linter needs only
the text a reader sees, which `visible_inline` recovers from the raw inline source (emphasis
markers, link syntax and inline HTML removed, HTML comments and hidden HTML kept apart).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate, count
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import patterns as rx
from ..chars import beyond_printable, from_rest
from ..errors import InputError
from ..model import (
    AiUseMetadata,
    Block,
    Diagnostic,
    Directive,
    HiddenReason,
    HiddenText,
    Kind,
    Location,
    Manuscript,
    Marker,
    Metadata,
    Section,
    Visibility,
)
from ..provenance import AI_SYSTEM_KEY, SOURCE_TYPE_KEY
from .byline import by_line_authors, by_line_names
from .markdown_blocks import STRIP_ONLY, BlockToken, block_columns
from .markers import MAGIC_TEXT, line_and_column, take_from_text
from .placeholders import is_placeholder, real_names
from .safety import DEFAULT_LIMITS, Limits, check_markdown_lines, read_text_file
from .sections import Evidence, classify_sections
from .text import (
    collapse,
    collapse_lines,
    collapse_spaced,
    odd_spaces,
    odd_spaces_among,
    spaces_among,
    spaces_of,
    strip_emphasis,
)
from .vocabulary import classify_heading

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from markdown_it import MarkdownIt

#: Front matter larger than this is not parsed as YAML (it is a mistake or an attack).
MAX_FRONT_MATTER_BYTES = 256 * 1024

_DIRECTIVE = rx.compile(
    r"^\s*disclosure-lint-(disable-next-line|disable|enable)\b\s*([\w\s,-]*?)\s*$", re.IGNORECASE
)
_IMAGE = rx.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = rx.compile(r"\[([^\]]+)\](\([^)]*\)|\[[^\]]*\])")
_AUTOLINK = rx.compile(r"<((?:https?|mailto|ftp):[^>\s]+)>")
#: A backslash escape (the punctuation it escapes stays), or a backslash that ends a line inside a
#: paragraph: CommonMark's hard line break, which a reader sees as the break alone (a line ending
#: "an AI" and a backslash, then "language model", reads "an AI language model"); at the
#: paragraph's end it is a backslash.
_ESCAPE = rx.compile(r"\\([!-/:-@\[-`{-~])|\\(?=\r?\n)")
#: Block syntax that can stand before a paragraph's text on its line (indent, quote, list marker);
#: all of them before "?" (`read_parts` relies on it).
_INDENT_CHARS = " \t>-*+0123456789.)"


@lru_cache(maxsize=2)
def _parser(front_matter: bool = True) -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    if front_matter:
        from mdit_py_plugins.front_matter import front_matter_plugin

        md.use(front_matter_plugin)
    # Block structure only: see the module docstring.
    md.disable(["inline", "text_join"])
    return md


def split_html(fragment: str) -> tuple[str, list[tuple[str, HiddenReason, str]]]:
    """Text a reader sees in an HTML fragment, and the hidden pieces with why and where
    (`markdown_html`)."""
    from .markdown_html import split_html as split

    return split(fragment)


def visible_inline(source: str) -> tuple[str, list[tuple[str, HiddenReason, str]]]:
    """Strip inline Markdown syntax from a paragraph's source; return (visible, hidden)."""
    hidden: list[tuple[str, HiddenReason, str]] = []
    if "<" in source:
        text, hidden = split_html(source)
    else:
        text = source
    # Each pattern only where its marker occurs: most paragraphs of a novel have none, and a
    # pattern that starts with a lookbehind is tried at every position of the text.
    if "{" in text and "]{" in text:  # one character first: a search for it is a memchr
        text = SPAN.sub(r"\1", text)
    if "[" in text:
        text = _IMAGE.sub("", text) if "![" in text else text
        text = _LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
    if "*" in text or "_" in text or "~~" in text:
        text = strip_emphasis(text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "`" in text:
        text = text.replace("`", "")
    if "&" in text:
        from html import unescape

        text = unescape(text)
    return text, hidden


#: What `visible_inline` and `collapse` change in a paragraph's source besides runs of spaces:
#: inline syntax (links and images, pandoc spans, HTML and autolinks, emphasis, code, escapes,
#: entities), and any whitespace but a space (`text.spaces_among`).
_CHANGED = ("[", "{", "<", "*", "_", "~", "`", "\\", "&")


def read_apart(sources: Sequence[str], spaces: tuple[str, ...] | None) -> tuple[set[int], set[int]]:
    """Which paragraph sources (holding no NUL) need reading for the text a reader sees of them,
    collapsed (``collapse(visible_inline(source)[0])``): the indexes of those holding inline syntax
    (a character of `_CHANGED`), and of those holding whitespace other than a space (`spaces`: what
    they may hold, when known), for `collapse`. Any other is its text once its runs of spaces are
    collapsed.

    One literal search of the sources joined, some at a time (`_BATCH` characters: no copy of the
    whole book held), for each such character they hold: in a novel, most paragraphs are one line
    of words, and reading each of them (eleven searches of it, two calls) cost more than the rest
    of its reading (*War and Peace*: 11,800 paragraphs). (Two spaces in a row are looked for in each
    paragraph: a search for them in the whole book costs as much, a space being a character in six.)
    `read_parts` passes every block token's content, in order, so that the indexes are the tokens'
    (an empty one, a heading's, holds nothing; the few that are no paragraph's are not asked).
    """
    syntax: set[int] = set()
    spaced: set[int] = set()
    # Each text's offset in all of them joined, with nothing between them: every needle is one
    # character, which no two texts can make together (a character between them cost each text a
    # step of a method wrapper, `(1).__add__`: 9 million instructions on *War and Peace*).
    offsets = list(accumulate(map(len, sources), initial=0))
    first = 0
    while first < len(sources):
        last = max(first + 1, bisect_right(offsets, offsets[first] + _BATCH) - 1)
        joined = "".join(sources[first:last])
        syntax |= _holding(joined, offsets, offsets[first], _CHANGED)
        spaced |= _holding(joined, offsets, offsets[first], spaces_of(joined) if spaces is None else spaces)
        first = last
    return syntax, spaced


#: How many characters of paragraph sources `read_apart` joins at a time.
_BATCH = 1 << 16


def _holding(joined: str, offsets: list[int], base: int, needles: Iterable[str]) -> set[int]:
    """The indexes of the texts holding one of `needles` (characters), of those joined in `joined`:
    the text at offset `base` of all of them joined is its first (`offsets`: each text's offset
    there; an empty text has the offset of the next, and a hit is the last such text's)."""
    found: set[int] = set()
    for needle in needles:
        at = joined.find(needle)
        while at >= 0:
            n = bisect_right(offsets, base + at) - 1
            found.add(n)
            at = joined.find(needle, offsets[n + 1] - base)  # the next text: one hit a text is enough
    return found


class Draft:
    """A section being read: its blocks grow until the next heading."""

    __slots__ = ("blocks", "declared", "heading", "kind", "language", "level", "location")

    def __init__(self, heading: str | None, level: int, kind: Kind, location: Location,
                 blocks: list[Block], language: str | None = None) -> None:
        self.heading = heading
        self.level = level
        self.kind = kind
        self.location = location
        self.blocks = blocks
        #: The language its heading's attributes give (`# Vorwort {lang=de}`), else None.
        self.language = language
        #: Characters of its text in each language that pandoc attributes declare (a fenced div,
        #: a span); most sections have none.
        self.declared: dict[str, int] = {}

    def own_language(self) -> str | None:
        """The section's language as its markup declares it: its heading's, else the language of
        at least half of its text."""
        if self.language or not self.declared:
            return self.language
        total = sum(len(b.text) for b in self.blocks)
        tag, size = max(self.declared.items(), key=lambda item: item[1])
        return tag if 2 * size >= total else None


# --- pandoc's attributes: {#id .class key=value}, of which `lang` names a language -------------
# (compiled only when a book has a "{" in a heading, ":::" or "]{" in a paragraph)

_ATTRIBUTES = r"\s*(?:(?:[#.][\w:.-]+|[\w:-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s\"'{}]+)|-)\s*)+"
#: A heading's attributes, at its end (`# Vorwort {#vorwort lang=de}`).
_HEADING_ATTRIBUTES = rx.LazyPattern(r"\s*\{(" + _ATTRIBUTES + r")\}\s*$")
#: A fenced div's fence: an opening one with attributes (`::: {lang=fr}`) or a class
#: (`::: note`), a closing one bare (`:::`).
_DIV_FENCE = rx.LazyPattern(r"[ \t]{0,3}:{3,}[ \t]*(?:\{(" + _ATTRIBUTES + r")\}|([\w-]+))?[ \t]*:*[ \t]*")
#: A bracketed span with attributes (`[texte]{lang=fr}`).
SPAN = rx.LazyPattern(r"\[([^\[\]]*)\]\{(" + _ATTRIBUTES + r")\}")
_LANG = rx.LazyPattern(r"(?:^|\s)lang=(?:\"([^\"]*)\"|'([^']*)'|([^\s\"']+))")


def attribute_language(attributes: str) -> str | None:
    """The `lang` of pandoc attributes (`#id .class lang=fr`), or None."""
    m = _LANG.search(attributes)
    if m is None:
        return None
    value = (m.group(1) or m.group(2) or m.group(3) or "").strip()
    return value or None


def _without_fences(content: str, divs: list[str | None]) -> tuple[str, str | None]:
    """A paragraph's source without the fences of pandoc's fenced divs, which open (pushing their
    language, or None) and close (popping) on `divs`; and the language of the first line kept."""
    kept: list[str] = []
    language: str | None = None
    for line in content.split("\n"):
        m = _DIV_FENCE.fullmatch(line)
        if m is None:
            if not kept:
                language = next((tag for tag in reversed(divs) if tag), None)
            kept.append(line)
        elif m.group(1) is not None or m.group(2) is not None:
            divs.append(attribute_language(m.group(1)) if m.group(1) else None)
        elif divs:
            divs.pop()
        else:
            kept.append(line)  # a bare fence with no div open is text (pandoc's rule)
    return "\n".join(kept), language


_SIMPLE_KEY = rx.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")
_PLAIN = rx.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*?|-[^\s#][^#]*?")
_YAML_WORDS = frozenset({"null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"})


def _simple_scalar(value: str) -> str | None:
    """A plain or quoted one-line YAML string, or None when it is anything else."""
    if len(value) >= 2 and value[0] == value[-1] == '"' and "\\" not in value and '"' not in value[1:-1]:
        return value[1:-1]
    if len(value) >= 2 and value[0] == value[-1] == "'" and "'" not in value[1:-1].replace("''", ""):
        return value[1:-1].replace("''", "'")
    if _PLAIN.fullmatch(value) and ": " not in value and " #" not in value and not value.endswith(":") \
            and value.lower() not in _YAML_WORDS and not rx.fullmatch(r"[-+.\d_:eE]+|\.(?:inf|nan)", value, re.I):
        return value
    return None


def _simple_front_matter(text: str) -> dict[str, Any] | None:
    """Front matter in its everyday form (`key: value` and `- item` lists of strings), without YAML.

    Importing PyYAML costs more than reading a whole manuscript's front matter this way. Anything
    beyond this form — nesting, flow collections, block scalars, numbers, anchors, multi-line
    values — returns None and goes to PyYAML, so the result is always what YAML would give.
    """
    data: dict[str, Any] = {}
    key: str | None = None
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line or line.lstrip().startswith("#"):
            continue
        if key is not None and rx.match(r"[ \t]*- ", line):
            item = _simple_scalar(line.strip()[2:].strip())
            if item is None or not isinstance(data[key], list):
                return None
            data[key].append(item)
            continue
        m = _SIMPLE_KEY.fullmatch(line)
        if m is None or m.group(1) in data:
            return None
        if m.group(2) is None:
            key = m.group(1)
            data[key] = []
            continue
        value = _simple_scalar(m.group(2))
        if value is None:
            return None
        data[m.group(1)] = value
        key = None
    # An empty `key:` with no items is null in YAML.
    return {k: (None if v == [] else v) for k, v in data.items()}


def _load_yaml(text: str) -> Any:
    """Parse front matter with PyYAML's safe loader, refusing anchors/aliases (YAML bombs)."""
    simple = _simple_front_matter(text)
    if simple is not None:
        return simple
    import yaml

    class Loader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                raise yaml.YAMLError("YAML aliases are not accepted in front matter")
            return super().compose_node(parent, index)

    return yaml.load(text, Loader=Loader)


def _names(value: Any) -> tuple[str, ...]:
    """Author names from front matter: a string, a list of strings, or a list of {name: ...}."""
    if isinstance(value, str):
        parts = rx.split(r"\s*(?:;|\band\b|&)\s*", value) if ";" in value or " and " in value else [value]
        return tuple(p.strip() for p in parts if p.strip())
    if isinstance(value, dict):
        name = value.get("name")
        return (str(name).strip(),) if name else ()
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            out.extend(_names(item))
        return tuple(out)
    return ()


class Decoded(NamedTuple):
    """A Markdown file's text (`decode`)."""

    text: str
    warnings: list[Diagnostic]
    #: The distinct characters of `text` other than printable ASCII, where the file's UTF-8 gives
    #: them for less than searching the text would (`chars.from_utf8`); None otherwise (an ASCII
    #: text, UTF-16, bytes that are not UTF-8).
    chars: frozenset[str] | None = None
    #: Whether the file holds "&" or "<": an entity, a character reference, HTML or an autolink
    #: (whose address is decoded) may give its text as read characters its own text lacks.
    markup: bool = True

    def read_chars(self) -> frozenset[str] | None:
        """What `Manuscript.chars` may say of the text as read: `chars`, where it holds all of
        that text's characters (no markup); None otherwise."""
        return None if self.markup else self.chars


def decode(data: bytes, display: str, limits: Limits | None = None) -> Decoded:
    """Decode UTF-8 (with or without BOM); bad bytes become U+FFFD with a warning naming the line.

    `limits`: refuse a file of more than `max_markdown_lines` lines first (`safety.
    check_markdown_lines`; the caller read it without counting them): the newlines of UTF-8 beyond
    ASCII are counted in what is left of it without its printable ASCII (`chars.
    beyond_printable`, which `chars.from_rest` reads for the text's characters), a tenth of a
    novel's bytes, not in the whole file."""
    warnings: list[Diagnostic] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        if limits is not None:
            check_markdown_lines(data.count(b"\n"), display, limits)
        try:
            return Decoded(data.decode("utf-16"), warnings)
        except UnicodeDecodeError as exc:
            raise InputError(f"{display}: damaged UTF-16 text; save it as UTF-8") from exc
    # (a newline's byte is no part of another character's, and no printable ASCII)
    rest = None if data.isascii() else beyond_printable(data)
    if limits is not None:
        check_markdown_lines((data if rest is None else rest).count(b"\n"), display, limits)
    valid = True
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        valid = False
        line = data.count(b"\n", 0, exc.start) + 1
        warnings.append(Diagnostic(
            f"not valid UTF-8 (first bad byte on line {line}); unreadable bytes were replaced — "
            "save the file as UTF-8",
            Location(display, line, None),
        ))
        text = data.decode("utf-8", errors="replace")
    # The UTF-8 holds a NUL byte exactly where the text holds U+0000 (a search of bytes is a
    # `memchr`; of a text beyond Latin-1, a test of every character).
    if b"\x00" in data:
        line = text.count("\n", 0, text.index("\x00")) + 1
        warnings.append(Diagnostic("NUL bytes in the text were ignored", Location(display, line, None)))
        text = text.replace("\x00", "")
    if not valid or rest is None:
        return Decoded(text, warnings)
    return Decoded(text, warnings, from_rest(rest) - {"\x00"}, b"&" in data or b"<" in data)


def read(path: Path, *, limits: Limits = DEFAULT_LIMITS, display: str | None = None,
         unsaved: Mapping[str, bytes] | None = None, full_reading: bool = False) -> Manuscript:
    """Read one Markdown file (a directory is a multi-file book: see `readers.book`); `unsaved`:
    an editor's text for it, by absolute path (see `safety.read_text_file`); `full_reading`: see
    `read_parts`."""
    shown = display or str(path)
    data = read_text_file(path, shown, limits, unsaved, count_lines=False)  # (`decode` counts them)
    return parse(data, shown, path=str(path), full_reading=full_reading, limits=limits)


def sections_of(drafts: list[Draft]) -> tuple[Section, ...]:
    """Section drafts (of one file or a whole book, in reading order) as sections with roles."""
    classified = classify_sections([Evidence(heading=d.kind) for d in drafts])
    return tuple(
        Section(role, kind, d.heading, tuple(d.blocks), d.location, d.own_language())
        for d, (kind, role) in zip(drafts, classified, strict=True)
        if d.blocks or d.heading is not None
    )


def parse(data: bytes, display: str, *, path: str | None = None, full_reading: bool = False,
          limits: Limits | None = None) -> Manuscript:
    """Parse Markdown bytes into a Manuscript (`display` names the file in locations;
    `full_reading`: see `read_parts`; `limits`: see `decode`)."""
    decoded = decode(data, display, limits)
    text, warnings, chars = decoded.text, decoded.warnings, decoded.chars
    parts = read_parts(text, display, full_reading=full_reading, chars=chars)
    return Manuscript(
        path=path or display,
        format="markdown",
        metadata=parts.metadata,
        sections=sections_of(parts.drafts),
        hidden=tuple(parts.hidden),
        warnings=tuple(warnings + parts.warnings),
        directives=tuple(parts.directives),
        markers=tuple(parts.markers),
        chars=decoded.read_chars(),
    )


class Parts(NamedTuple):
    """What one Markdown file contributes to a manuscript (a book joins several)."""

    metadata: Metadata
    drafts: list[Draft]
    hidden: list[HiddenText]
    warnings: list[Diagnostic]
    directives: list[Directive]
    #: C2PA text manifests taken out of the text (`readers.markers`).
    markers: list[Marker]


def parse_blocks(text: str, front_matter: bool = True) -> list[BlockToken]:
    """The block tokens markdown-it gives for a text, in the reader's terms (the full parse).

    `front_matter` is False for a piece from the middle of a file, where "---" is no front matter.
    """
    out: list[BlockToken] = []
    for tok in _parser(front_matter).parse(text):
        if tok.type in _KEPT:
            line = (tok.map or [0])[0]
            if tok.type == "heading_open":
                out.append(BlockToken("heading_open", line, "", int(tok.tag[1:]), tok.level > 0))
            else:
                out.append(BlockToken(tok.type, line, tok.content))
    return out


_KEPT = frozenset({"front_matter", "heading_open", "inline", "html_block", "fence", "code_block"})


def read_parts(text: str, display: str, *, full_reading: bool = False,
               chars: frozenset[str] | None = None) -> Parts:
    """Turn decoded Markdown into section drafts, hidden text, metadata and directives.

    The blocks are the same either way; `full_reading` only says how they are found: True,
    markdown-it parses every chapter that holds a block other than headings and plain paragraphs
    (a block quote, a list) whole, as the reader did before issue 21; False, only the paragraphs
    that are not plain, where nothing can run on past them (`markdown_blocks.block_columns`).
    """
    markers: list[Marker] = []
    if MAGIC_TEXT in text:  # a C2PA text manifest: invisible, reported, never read as text
        original = text
        text, markers = take_from_text(
            text, lambda at: Location(display, *line_and_column(original, at)))
    metadata = Metadata()
    hidden: list[HiddenText] = []
    warnings: list[Diagnostic] = []
    directives: list[Directive] = []
    if text.startswith("+++"):
        toml = _toml_front_matter(text)
        if toml is not None:
            source, text = toml
            metadata = _front_matter(source, display, hidden, warnings, toml=True)
    lines = text.split("\n")
    # Headings and plain paragraphs are read directly; markdown-it parses the rest.
    # (known from the characters; an ASCII text is searched for it by a `memchr`)
    nul_free = "\x00" not in chars if chars is not None else text.isascii() and "\x00" not in text
    # (as columns, a list a field: no record for each of a novel's paragraphs; its lines trimmed
    # by `str.strip()` where the characters say that it trims them as markdown-it does)
    stripped = (chars.isdisjoint(STRIP_ONLY) if chars is not None
                else text.isascii() and not any(ch in text for ch in STRIP_ONLY))
    tokens = block_columns(text, parse_blocks, not full_reading, nul_free=nul_free,
                           lines=lines if nul_free else None, stripped=stripped)
    # A paragraph with no "&" or "<" (no entity, no HTML) is read as parts of the file's own text:
    # where the file holds no whitespace but spaces and newlines, neither does the paragraph.
    plain_spaces = not full_reading and not (odd_spaces(text) if chars is None else odd_spaces_among(chars))
    # The whitespace the file holds, when known: a paragraph that is its own text holds no other.
    file_spaces = None if full_reading or chars is None else spaces_among(chars)
    # The fast path takes a paragraph's source as its text where it is (`read_apart`) and no fenced
    # div can open (whose fences each paragraph would have to be read for in turn); the full
    # reading reads every paragraph.
    together = not full_reading and nul_free and not holds_triple_colon(text)
    spaces = ("\n",) if plain_spaces else file_spaces
    # (every token's content: the paragraphs' and the rest, which are few and not asked)
    apart, spaced = read_apart(tokens.contents, spaces) if together else (set(), set())
    # What each heading names, once a heading text (a novel in parts: "I", "II" ... in each part).
    heading_kinds: dict[str, Kind] = {}
    divs: list[str | None] = []  # pandoc's fenced divs open here: the language of each, or None
    drafts: list[Draft] = [Draft(None, 0, Kind.OTHER, Location(display, 1, 1), [])]
    block_no = 0
    pending_heading: tuple[int, int] | None = None  # (level, line)
    new, shown = tuple.__new__, Visibility.VISIBLE

    def column(line0: int) -> int:
        # (the line as it stands in the file, split at "\n" only: a "\r" before it is its own)
        raw = lines[line0] if line0 < len(lines) else ""
        if raw[:1] not in _INDENT_CHARS:
            return 1  # most paragraphs start in the first column with a letter
        return len(raw) - len(raw.lstrip(_INDENT_CHARS)) + 1 if raw.strip() else 1

    def add_hidden(pieces: list[tuple[str, HiddenReason, str]], loc: Location) -> None:
        for piece, reason, where in pieces:
            if reason is HiddenReason.COMMENT:
                m = _DIRECTIVE.match(piece)
                if m:
                    slugs = tuple(s for s in rx.split(r"[\s,]+", m.group(2)) if s)
                    directives.append(Directive(m.group(1).lower(), slugs, loc))
                    continue
            hidden.append(HiddenText(collapse(piece), loc, reason, where))

    line_count = len(lines)
    # The section being read, its heading and its blocks' `append`, kept at hand for the plain
    # paragraphs (set again where a heading opens a section).
    current, heading, add_block = drafts[0], None, drafts[0].blocks.append
    # Each token's fields taken from the columns together (a novel's 24,000 tokens).
    for token_no, kind_of_token, line0, source, token_level in zip(
            count(), tokens.types, tokens.lines, tokens.contents, tokens.levels):
        if together and kind_of_token == "inline" and pending_heading is None and token_no not in apart:
            # A paragraph without inline syntax (`read_apart`) is its own text, collapsed: no
            # fence, span, HTML or entity, so no language of its own and nothing hidden.
            if token_no in spaced:
                visible = collapse_spaced(source, spaces)
            elif "  " in source:
                visible = " ".join(source.split())
            else:
                visible = source  # (no whitespace but single spaces, none at either end)
            block_no += 1
            raw = lines[line0] if line0 < line_count else ""
            # The records made with `tuple.__new__`, without their classes' Python `__new__`
            # (a call each, for every paragraph of a novel); every field given, in its order
            # (a test checks that they are the model's records). A line that opens with "?" or a
            # later character (a letter, a quotation mark) opens with no `_INDENT_CHARS`: its
            # paragraph is in the first column, found without taking the character out.
            loc = new(Location, (display, line0 + 1, 1 if raw >= "?" or raw[:1] not in _INDENT_CHARS
                                 else column(line0), heading, block_no))
            if visible:
                add_block(new(Block, (visible, loc, shown, None, False)))
                if heading is None and not metadata.authors:
                    names = by_line_authors(visible)
                    if names:
                        metadata = _with_authors(metadata, names)
            continue
        if kind_of_token == "front_matter":
            metadata = _front_matter(source, display, hidden, warnings)
            continue
        if kind_of_token == "heading_open":
            pending_heading = (token_level, line0)
            continue
        loc_line = line0 + 1
        language: str | None = None
        spans: list[tuple[str, int]] | None = None
        if kind_of_token == "inline":
            content = source
            if ":" in content and ":::" in content:  # one character first: a search for it is a memchr
                content, language = _without_fences(content, divs)
            elif divs:
                language = next((tag for tag in reversed(divs) if tag), None)
            spans = _span_languages(content) if "{" in content and "]{" in content else None
            visible, pieces = visible_inline(content)
            own_text = "&" not in content and "<" not in content
            plain = plain_spaces and own_text
        elif kind_of_token == "html_block":
            visible, pieces = split_html(source)
            plain = own_text = False
        else:
            visible, pieces = source, []
            plain = own_text = False
        # (a paragraph of the file's own text holds only the file's spaces)
        if plain:
            visible = collapse_lines(visible)
        elif together and token_no in spaced:  # (it holds another space: see `collapse_spaced`)
            visible = collapse_spaced(visible, file_spaces if own_text else None)
        else:
            visible = collapse(visible, file_spaces if own_text else None)
        if pending_heading is not None and kind_of_token == "inline":
            level, _ = pending_heading
            pending_heading = None
            own: str | None = None
            if "{" in visible:
                attributes = _HEADING_ATTRIBUTES.search(visible)
                if attributes is not None:
                    own = attribute_language(attributes.group(1))
                    visible = visible[:attributes.start()]
            kind = heading_kinds.get(visible)
            if kind is None:
                kind = heading_kinds[visible] = classify_heading(visible)
            if kind is Kind.OTHER:
                parent = next((d for d in reversed(drafts) if d.heading is not None and d.level < level),
                              None)
                if parent is not None and parent.kind is not Kind.OTHER:
                    kind = parent.kind
            block_no += 1
            loc = Location(display, loc_line, column(line0), visible or None, block_no)
            add_hidden(pieces, loc)
            draft = Draft(visible, level, kind, loc, [Block(visible, loc, is_heading=True)], own)
            if language and not own:
                draft.declared[language] = len(visible)
            drafts.append(draft)
            current, heading, add_block = draft, draft.heading, draft.blocks.append
            continue
        block_no += 1
        loc = new(Location, (display, loc_line, column(line0), current.heading, block_no))
        if pieces:
            add_hidden(pieces, loc)
        if visible:
            current.blocks.append(new(Block, (visible, loc, shown, None, False)))
            if language or spans:
                _declare(current.declared, len(visible), language, spans)
            if current.heading is None and not metadata.authors:
                names = by_line_authors(visible)
                if names:
                    metadata = _with_authors(metadata, names)
    if drafts[0].blocks and len(drafts) > 1 and any(by_line_names(b.text) for b in drafts[0].blocks):
        drafts[0].kind = Kind.TITLE_PAGE
    return Parts(metadata, drafts, hidden, warnings, directives, markers)


def holds_triple_colon(text: str) -> bool:
    """``":::" in text`` (a fenced div's fence may be in it), for less in a long text beyond
    Latin-1: `str`'s search for more than one character reads each of its characters (12 million
    machine instructions on *War and Peace*), its search for one ":" is a `memchr`, and a novel
    holds few colons (961 there). Past `_COLON_STEPS` colons, the rest is searched whole."""
    at = text.find(":")
    for _ in range(_COLON_STEPS):
        if at < 0:
            return False
        if text.startswith("::", at + 1):
            return True
        at = text.find(":", at + 1)
    return at >= 0 and text.find(":::", at) >= 0


#: How many colons `holds_triple_colon` looks at one by one (a text of colons is searched whole).
_COLON_STEPS = 4096


def _span_languages(source: str) -> list[tuple[str, int]]:
    """The languages of a paragraph's bracketed spans, with the length of each span's text."""
    out = []
    for m in SPAN.finditer(source):
        tag = attribute_language(m.group(2))
        if tag:
            out.append((tag, len(m.group(1))))
    return out


def _declare(declared: dict[str, int], size: int, language: str | None,
             spans: list[tuple[str, int]] | None) -> None:
    """Count a block's characters for the language its div declares, its spans' for theirs."""
    rest = size
    for tag, length in spans or ():
        declared[tag] = declared.get(tag, 0) + length
        rest -= length
    if language and rest > 0:
        declared[language] = declared.get(language, 0) + rest


def _toml_front_matter(text: str) -> tuple[str, str] | None:
    """TOML front matter between "+++" lines at the start of a file (Hugo, Zola): its source, and
    the text with its lines left empty (so that every later line keeps its number); None when the
    first line is no "+++" fence or no closing one follows."""
    lines = text.split("\n")
    if lines[0].rstrip(" \t\r") != "+++":
        return None
    for n in range(1, len(lines)):
        if lines[n].rstrip(" \t\r") == "+++":
            return "\n".join(line.rstrip("\r") for line in lines[1:n]), "\n" * (n + 1) + "\n".join(lines[n + 1:])
    return None


def _with_authors(metadata: Metadata, names: list[str]) -> Metadata:
    return metadata._replace(authors=tuple(names))


def _front_matter(source: str, display: str, hidden: list[HiddenText],
                  warnings: list[Diagnostic], *, toml: bool = False) -> Metadata:
    """The metadata of YAML front matter (or TOML, `toml`): the same keys in either."""
    loc = Location(display, 1, 1, None, None)
    if len(source) > MAX_FRONT_MATTER_BYTES:
        warnings.append(Diagnostic("front matter too large to read; ignored", loc))
        return Metadata(location=loc)
    try:
        if toml:
            import tomllib

            data: Any = tomllib.loads(source)
        else:
            data = _load_yaml(source)
    except Exception as exc:  # PyYAML raises many error types; all mean "unreadable front matter"
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        warnings.append(Diagnostic(f"front matter is not valid {'TOML' if toml else 'YAML'} ({message}); "
                                   "ignored", loc))
        return Metadata(location=loc)
    if not isinstance(data, dict):
        return Metadata(location=loc)
    title = data.get("title")
    authors = real_names(_names(data.get("author", data.get("authors", data.get("creator")))))
    language = data.get("lang", data.get("language"))
    description = data.get("description", data.get("abstract"))
    for key in ("description", "abstract", "subject", "keywords", "summary"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            hidden.append(HiddenText(collapse(value), loc, HiddenReason.METADATA,
                                     f"the front matter ({key})"))
    return Metadata(
        title=str(title).strip() if title and not is_placeholder(str(title)) else None,
        authors=authors,
        language=str(language) if language else None,
        description=str(description) if isinstance(description, str) else None,
        location=loc,
        identifiers=_isbns(data),
        ai_use=_ai_use(data, loc),
    )


def _ai_use(data: dict[Any, Any], loc: Location) -> AiUseMetadata | None:
    """The front matter's AI-use keys (`provenance`: what `insert` writes), if it has any."""
    if SOURCE_TYPE_KEY not in data and AI_SYSTEM_KEY not in data:
        return None
    source = data.get(SOURCE_TYPE_KEY)
    systems = data.get(AI_SYSTEM_KEY)
    if isinstance(systems, str):
        systems = [systems]
    names = tuple(str(s).strip() for s in systems if str(s).strip()) if isinstance(systems, list) else ()
    return AiUseMetadata(str(source).strip() if source is not None else None, names, None, loc)


def _isbns(data: dict[Any, Any]) -> tuple[str, ...]:
    """The ISBNs the front matter gives (`readers.identifiers`, imported only when it gives any
    identifier: most front matter has none)."""
    found = _identifiers(data)
    if not found:
        return ()
    from .identifiers import isbns

    return isbns(found)


def _identifiers(data: dict[Any, Any]) -> list[tuple[str, str | None]]:
    """(identifier, scheme) pairs from front matter: `isbn: ...` (one or a list), and pandoc's
    `identifier` (a string, or entries with `scheme` and `text`)."""
    found: list[tuple[str, str | None]] = []
    for key, scheme in (("isbn", "ISBN"), ("identifier", None), ("identifiers", None)):
        value = data.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, (str, int)) and not isinstance(item, bool):
                found.append((str(item), scheme))
            elif isinstance(item, dict) and isinstance(item.get("text"), (str, int)):
                entry_scheme = item.get("scheme")
                found.append((str(item["text"]), str(entry_scheme) if entry_scheme else scheme))
    return found


__all__ = ["parse", "read", "read_parts", "split_html", "visible_inline"]
