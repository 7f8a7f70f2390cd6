"""The XML under every member of an EPUB, as the other files of the reader meet it.

- The namespaces (OCF container, OPF, XHTML, EPUB, NCX, XML Encryption) and the XHTML element
  names the walk and the style treat alike (blocks, elements never rendered, notes).
- HTML named entities (``&nbsp;``), which XHTML uses without loading its DTD, as character
  references, so that a DTD-less XML parser reads them (`entities_as_references`).
- Finding an element in a namespace or, failing that, in any (`first`): sloppy tools and
  OEBPS 1.2 packages leave the namespace out.
- Where each element starts in the raw bytes (`element_positions`): lxml reports only the line
  where a start tag ends.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from itertools import accumulate, islice, repeat
from operator import add, itemgetter, sub

from lxml import etree

from ..css import LOCAL_NAMES, local_name
from ..css_hiding import BLOCK_ELEMENTS

CONTAINER_NS = "urn:oasis:names:tc:opendocument:xmlns:container"
OPF_NS = "http://www.idpf.org/2007/opf"
XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
NCX_NS = "http://www.daisy.org/z3986/2005/ncx/"
XMLENC_NS = "http://www.w3.org/2001/04/xmlenc#"

EPUB_TYPE = f"{{{EPUB_NS}}}type"

#: Elements that start and end a paragraph-like block (the rest is inline text).
BLOCK_TAGS = BLOCK_ELEMENTS
#: Elements whose content is never rendered as text.
SKIPPED_TAGS = frozenset({"head", "script", "style", "template", "title", "desc", "metadata", "noscript"})
NOTE_TYPES = frozenset({"footnote", "endnote", "note", "rearnote"})

_NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})
#: Markup tokens in source order, to find each element's line and column in the raw bytes.
_MARKUP = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<!DOCTYPE(?:[^>\[]|\[.*?\])*>|<\?.*?\?>|<([A-Za-z_][\w.\-]*(?::[\w.\-]+)?)",
    re.DOTALL,
)


def namespace_of(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    return tag[1:].partition("}")[0]


def first(root: etree._Element, namespace: str, name: str) -> etree._Element | None:
    """The first descendant-or-self element with that name, in that namespace or, failing
    that, any namespace (sloppy tools, OEBPS 1.2 packages)."""
    if isinstance(root.tag, str) and local_name(root) == name and namespace_of(root) == namespace:
        return root
    # The root is not it, so its first match in document order is find(".//{ns}name")'s, found in C.
    found = next(root.iter(f"{{{namespace}}}{name}"), None)
    if found is None:
        for el in root.iter(etree.Element):
            if local_name(el) == name:
                return el
    return found


def _numeric_entity(match: re.Match[bytes]) -> bytes:
    """HTML named entities (``&nbsp;``) as character references: XHTML uses them without a DTD."""
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    from html.entities import html5

    chars = html5.get(name.decode("ascii") + ";")
    if chars is None:
        return match.group(0)
    return "".join(f"&#{ord(c)};" for c in chars).encode("ascii")


def entities_as_references(data: bytes) -> bytes:
    """XHTML bytes with HTML named entities (``&nbsp;``) turned into character references, so that
    a DTD-less XML parser reads them (this reader's parse, and writers that edit a navigation
    document)."""
    return _NAMED_ENTITY.sub(_numeric_entity, data) if _AMPERSAND in data else data


#: Bytes looked for as ints (`int in bytes`, a `memchr`; `bytes in bytes` first tries the bytes
#: as an int, and formats and clears the `TypeError` that makes: thousands of instructions, for
#: each document).
_AMPERSAND, _BANG, _QUESTION = b"&"[0], b"!"[0], b"?"[0]


#: Elements inside a paragraph from which passing over them costs less than pairing them.
_WORTH_PASSING = 4
#: What may follow an end tag's name.
_TAG_ENDS = frozenset({b">", b" ", b"\t", b"\r", b"\n"})
#: Tag names as the markup writes them (``epub:switch``) → the local name `local_name` gives.
_TOKEN_NAMES: dict[bytes, str] = {}


class Positions:
    """1-based line and column of the elements and comments of a document, from its raw bytes,
    found as they are asked for (`get`), in document order.

    lxml reports the line where a start tag *ends* and no column, so the markup is scanned and its
    tokens paired with the parsed nodes in document order; when a recovered or unusual document
    makes them disagree, the rest fall back to lxml's line and column 1 (`get` gives None).

    The column counts the characters from the start of the line, continued from the previous
    token on the same line: a document written on one line costs no more than one with many.
    (Tokens start at "<", which no UTF-8 sequence holds, so decoding the line piece by piece
    gives the same characters, replacement ones included, as decoding it whole.)

    A paragraph whose inside the walk reads without asking where any of it is (`skip`) is passed
    over in one step: its end tag found, its markup tokens counted, not paired one by one.

    A document parsed without recovery (`well_formed`) whose markup after its root's start tag
    holds nothing but start and end tags (no comment, CDATA section or processing instruction:
    a novel's chapters) is paired in bulk instead (`_Bulk`): in well-formed XML the n-th start
    tag is the n-th element, so an element's start is found from its number in document order
    and the bytes split at "<" (lengths added up in C), without the scan.
    """

    __slots__ = ("bulk", "done", "last", "out", "pairs", "skips")

    def __init__(self, raw: bytes, root: etree._Element, well_formed: bool = False,
                 tags: tuple[list[bytes], bytes | None] | None = None) -> None:
        self.out: dict[etree._Element, tuple[int | None, int | None]] = {}
        #: Elements whose descendants are passed over, with how many elements they hold.
        self.skips: dict[etree._Element, int] = {}
        self.done = False
        #: The node paired last (in a list the scan writes to): the scan stops right after an
        #: element with children, which the walk may yet pass over (`skip`).
        self.last: list[etree._Element | None] = [None]
        self.bulk = _Bulk.of(raw, root, tags) if well_formed else None
        if self.bulk is not None:
            self.done = True
            self.pairs: Iterator[etree._Element] = iter(())
            return
        # The scan holds no reference to this object: no cycle keeps a parsed document alive
        # after its walk.
        self.pairs = _pairs(raw, list(root.iter(etree.Element, etree.Comment)), self.out, self.skips, self.last)

    def get(self, node: etree._Element) -> tuple[int | None, int | None] | None:
        bulk = self.bulk
        if bulk is not None:
            return bulk.get(node)
        found = self.out.get(node)
        if found is None and not self.done:
            # On to the node, and on past it through the elements without children (a novel's
            # paragraphs, most of them): one resumption of the scan for many places asked.
            reached = False
            for paired in self.pairs:
                if paired is node:
                    reached = True
                if reached and len(paired):
                    break
            else:
                self.done = True
            found = self.out.get(node)
        return found

    def getter(self) -> Callable[[etree._Element], tuple[int | None, int | None] | None]:
        """`get`, or the bulk pairing's own where the document is paired in bulk (the same
        answers, one call less for each block the walk places)."""
        return self.get if self.bulk is None else self.bulk.get

    def skip(self, el: etree._Element, descendants: int) -> None:
        """The walk will ask where none of `el`'s `descendants` (elements, no comment) are.

        Passing over costs a few scans of the paragraph's bytes, about what pairing three or four
        elements costs (callgrind, on prose paragraphs): a paragraph holding fewer is paired as
        usual (a verse paragraph of spans and line breaks holds dozens)."""
        if descendants >= _WORTH_PASSING and not self.done and (el not in self.out or el is self.last[0]):
            self.skips[el] = descendants


def split_tags(raw: bytes) -> tuple[list[bytes], bytes | None]:
    """`raw` split at each "<" but an end tag's (its "</" made " /" first: the same length), and
    the byte after each "<" split at (each piece's first but the first piece's), or None where
    a "<" has none (another "<" or the end right after it): whether the document holds "<!"
    (`safety.parse_xml` asks) and where its elements start (`_Bulk`), from one split. (A
    chapter of verse holds an end tag every 60 bytes: splitting at them too made a piece, and
    then an offset, for each; a chapter of prose pays a pass more over its bytes.)"""
    pieces = raw.replace(b"</", b" /").split(b"<")
    try:
        return pieces, bytes(map(itemgetter(0), islice(pieces, 1, None)))
    except IndexError:
        return pieces, None


#: A run of places asked at once (`_Bulk.places_of`) that is more than this share of the elements
#: left (1/4) has them all mapped: finding an element and its offset costs about three times
#: what mapping one does (callgrind, on *War and Peace*'s chapters and *Leaves of Grass*' verse).
_RUN_MAPPED = 4
#: A document of no more elements than this is mapped at once, as the pairing did before, and
#: so is one with no more than a start tag every `_SPARSE_TAGS` bytes: a chapter of prose (a
#: tag every 150 to 200 bytes), whose paragraphs are most of its elements and are nearly all
#: asked. Denser markup is inline elements the walk does not ask for (verse: a tag every 50
#: to 55 bytes, its lines' spans and breaks), each found as asked.
_FEW_ELEMENTS = 256
_SPARSE_TAGS = 100
#: Lines past which lxml's `sourceline` may stop counting (libxml2 keeps a line in 16 bits
#: unless told otherwise): the scan checks each place against it, the bulk pairing does not.
_BULK_MAX_LINES = 60_000


def _offsets(pieces: list[bytes], first: int) -> Iterator[int]:
    """The offset of the "<" before each of `pieces` from the `first` on (`split_tags`)."""
    # The offset of the n-th "<" (from 0) is the length of the pieces before it, plus n: the
    # pieces' lengths plus one each (small ints, kept by Python, not made), added up from -1, a
    # new int a piece where adding up the lengths and then the n made three.
    return islice(accumulate(map(add, map(len, pieces), repeat(1)), initial=-1), first, len(pieces))


class _Bulk:
    """Where every element of a well-formed document starts, found as asked (`Positions`).

    The n-th element in document order (`elements`) starts at the "<" before the n-th piece of
    the split after the root's (`pieces[first + n]`). A short or sparsely tagged document maps
    every element to its offset at once (`_FEW_ELEMENTS`, `_SPARSE_TAGS`). In a long, densely
    tagged one (verse: seven elements for each the walk asks for, which is blocks, sections and
    hidden text, mostly in document order), an element is found by `list.index` from the last
    found on (a comparison of identity, in C), its offset the last found's plus the lengths of
    the pieces between them and their "<" (a join: one C call); an element asked before the
    last found, or a run a good part of what is left (`_RUN_MAPPED`), makes the map (`_map`).
    """

    __slots__ = ("asked", "elements", "first", "found", "offsets", "pieces", "places", "raw")

    def __init__(self, raw: bytes, elements: list[etree._Element], pieces: list[bytes], first: int,
                 start: int, offsets: dict[etree._Element, int] | None = None) -> None:
        self.raw = raw
        self.elements = elements
        self.pieces = pieces
        self.first = first
        #: The number of the element found last and the offset of its "<" (the root's at first).
        self.found = (0, start)
        #: Each element's "<", its offset in `raw`: in a document of few elements, or once an
        #: element is asked out of order (`_map`).
        self.offsets = offsets
        #: The offsets of the places worked out so far, rising, and their lines and columns:
        #: the next is counted on from the last before it (the walk asks mostly in order, and
        #: a document on one line costs no more than one with many).
        self.asked = [0]
        self.places = [(1, 1)]

    @classmethod
    def of(cls, raw: bytes, root: etree._Element,
           tags: tuple[list[bytes], bytes | None] | None = None) -> _Bulk | None:
        """The places of `root`'s elements, or None where the markup holds more than tags after
        the root's start (a comment, CDATA, a processing instruction) or does not pair.
        `tags`: `split_tags(raw)`, when the caller has it."""
        start = -1
        for match in _MARKUP.finditer(raw):
            if match.group(1) is not None:
                start = match.start()
                break
        if start < 0 or (len(raw) >= _BULK_MAX_LINES and raw.count(b"\n") >= _BULK_MAX_LINES):
            return None
        pieces, after = split_tags(raw) if tags is None else tags
        # The prolog's pieces (its "<" but those of "</", in a comment): the root's tag opens the next.
        before = raw.count(b"<", 0, start) - raw.count(b"</", 0, start)
        if after is not None:
            firsts = after[before:] if before else after
        else:  # a "<" with nothing after it: in the prolog (a comment's), or not well formed
            try:
                firsts = bytes(map(itemgetter(0), islice(pieces, before + 1, None)))
            except IndexError:
                return None
        # (The bytes as ints, `ord("!")` and `ord("?")`: each a `memchr`, where `bytes in bytes`
        # first tries its bytes as an int, and makes and clears the error that makes.)
        if _BANG in firsts or _QUESTION in firsts:
            return None
        # After the root's start, each "<" split at opens a start tag, one for each element:
        # a tree with more or fewer elements does not pair (`zip` tells, in C, at its end).
        first = before + 1
        count = len(pieces) - first
        if count <= _FEW_ELEMENTS or count * _SPARSE_TAGS <= len(raw):
            try:
                return cls(raw, [], [], first, start, dict(zip(root.iter(etree.Element), _offsets(pieces, first),
                                                               strict=True)))
            except ValueError:
                return None
        elements = list(root.iter(etree.Element))
        if len(elements) != count:
            return None
        return cls(raw, elements, pieces, first, start)

    def _map(self) -> dict[etree._Element, int]:
        """Every element's offset (an element asked before the last found)."""
        if self.offsets is None:
            self.offsets = dict(zip(self.elements, _offsets(self.pieces, self.first), strict=True))
        return self.offsets

    def offset(self, node: etree._Element) -> int | None:
        """Where `node` starts in `raw` (its "<"); None for a node not among the elements."""
        if self.offsets is None:
            n, at = self.found
            try:
                k = self.elements.index(node, n)
            except ValueError:  # asked before the last found (or not an element of this tree)
                return self._map().get(node)
            if k > n:
                first = self.first
                at += len(b"<".join(self.pieces[first + n:first + k])) + 1
                self.found = (k, at)
            return at
        return self.offsets.get(node)

    def get(self, node: etree._Element) -> tuple[int, int] | None:
        offsets = self.offsets
        found: int | None
        if offsets is None:  # (`offset`, written out: the walk asks this for every block)
            n, at = self.found
            try:
                k = self.elements.index(node, n)
            except ValueError:
                found = self._map().get(node)
            else:
                if k > n:
                    first = self.first
                    at += len(b"<".join(self.pieces[first + n:first + k])) + 1
                    self.found = (k, at)
                found = at
        else:
            found = offsets.get(node)
        if found is None:
            return None
        offset = found
        raw, asked = self.raw, self.asked
        k = len(asked) - 1
        if offset < asked[k]:
            k = bisect_right(asked, offset) - 1
        last = asked[k]
        line, column = self.places[k]
        newlines = raw.count(b"\n", last, offset)
        if newlines:
            line += newlines
            last, column = raw.rfind(b"\n", last, offset) + 1, 1
        piece = raw[last:offset]
        column += len(piece) if piece.isascii() else len(piece.decode("utf-8", "replace"))
        if offset > asked[-1]:
            asked.append(offset)
            self.places.append((line, column))
        return line, column

    def _offsets_of(self, nodes: list[etree._Element]) -> list[int] | None:
        """`offset` of each of `nodes`, in document order (None where one is not an element):
        the pieces from the last found to the last of them added up at once. A run that is
        a good part of the elements left (a novel's chapter: its paragraphs and little else)
        makes the map of them all instead, which costs less an element than finding one."""
        base = self.found[0]
        if self.offsets is None and len(nodes) * _RUN_MAPPED < len(self.elements) - base:
            at = self.found[1]
            index = self.elements.index
            n = base
            try:
                numbers = [n := index(node, n) for node in nodes]
            except ValueError:  # one asked before the last found, or out of order
                self._map()
            else:
                first = self.first
                lts = list(accumulate(map(add, map(len, self.pieces[first + base:first + n]), repeat(1)), initial=at))
                self.found = (n, lts[-1])
                return list(map(lts.__getitem__, map(sub, numbers, repeat(base))))
        try:
            return list(map(self._map().__getitem__, nodes))
        except KeyError:
            return None

    def places_of(self, nodes: list[etree._Element]) -> tuple[list[int], list[int]] | None:
        """The lines and columns of `nodes`, elements in document order after every place asked
        so far, each on a line below the one before it (a run of a story's paragraphs): what
        `get` gives each, worked out at once by C calls over the run (each one's line start
        found, the newlines between them counted), not a Python call for each. None where the
        run is not of that kind (`get` then answers for each).

        A run of paragraphs one a line (a novel's) has one newline before each: where the first
        newline after the place before each is its line's (`find`, a `memchr`, equals `rfind`),
        no newline is counted (`count` steps through every byte of the paragraphs) but between
        the first and the last newline of a gap that holds more. A run whose last paragraph is
        not so (verse: a paragraph over many lines before it) has them all counted."""
        offsets = self._offsets_of(nodes)
        if offsets is None:
            return None
        raw, asked = self.raw, self.asked
        starts = [asked[-1], *offsets]
        if offsets[0] <= starts[0]:
            return None
        newline = repeat(b"\n")
        # The newline that starts each one's line: -1 where none comes between it and the place
        # before, two on one line (`get` counts the columns on from the one before).
        ends = list(map(raw.rfind, newline, starts, offsets))
        if -1 in ends:
            return None
        line = self.places[-1][0]
        if raw.find(b"\n", starts[-2], offsets[-1]) != ends[-1]:
            lines = list(accumulate(map(raw.count, newline, starts, offsets), initial=line))
        else:
            firsts = list(map(raw.find, newline, starts, offsets))
            if firsts == ends:
                lines = list(range(line, line + 1 + len(offsets)))
            else:  # a paragraph or two over more lines: their newlines counted
                lines = list(accumulate([1 if first == end else raw.count(b"\n", first, end) + 1
                                         for first, end in zip(firsts, ends, strict=True)], initial=line))
        del lines[0]
        columns = [len(piece) + 1 if piece.isascii() else len(piece.decode("utf-8", "replace")) + 1
                   for piece in map(raw.__getitem__, map(slice, map(add, ends, repeat(1)), offsets))]
        asked.append(offsets[-1])  # (`get` counts on from the nearest place before the one asked)
        self.places.append((lines[-1], columns[-1]))
        return lines, columns


def _pairs(raw: bytes, nodes: list[etree._Element], out: dict[etree._Element, tuple[int | None, int | None]],
           skips: dict[etree._Element, int], paired: list[etree._Element | None]) -> Iterator[etree._Element]:
    """Each node in turn, once its place is in `out` (`Positions`); the end where tokens and
    nodes part."""
    count = len(nodes)
    tokens = _MARKUP.finditer(raw)
    line, last = 1, 0
    counted, column = 0, 1  # the offset up to which `column` counts, on the current line
    started = False
    i = 0
    while i < count:
        match = next(tokens, None)
        if match is None:
            return
        name = match.group(1)
        offset = match.start()
        node = nodes[i]
        tag = node.tag
        if name is None:
            if not started or not raw.startswith(b"<!--", offset):
                continue  # CDATA, DOCTYPE, processing instruction; a comment before the root
            if isinstance(tag, str):
                return
        else:
            started = True
            local = _TOKEN_NAMES.get(name)
            if local is None:
                local = _TOKEN_NAMES[name] = name.rpartition(b":")[2].decode("ascii", "replace").lower()
            if not isinstance(tag, str) or (LOCAL_NAMES.get(tag) or local_name(node)) != local:
                return
        newlines = raw.count(b"\n", last, offset)
        if newlines:
            line += newlines
            counted, column = raw.rfind(b"\n", last, offset) + 1, 1
        last = offset
        piece = raw[counted:offset]
        column += len(piece) if piece.isascii() else len(piece.decode("utf-8", "replace"))
        counted = offset
        if node.sourceline is not None and line > node.sourceline:
            return
        out[node] = (line, column)
        i += 1
        paired[0] = node
        yield node
        if skips and name is not None:
            inside = skips.pop(node, 0)
            after = _past(raw, offset, name, inside) if inside else None
            if after is not None:
                i += inside
                tokens = _MARKUP.finditer(raw, after)


def _past(raw: bytes, offset: int, name: bytes, inside: int) -> int | None:
    """Where the element starting at `offset` (its tag `name`, holding `inside` elements and
    no other element of its name) ends, when its markup says so plainly: one end tag, and
    one start tag for each element inside, with no comment, CDATA or processing instruction
    between; otherwise None, and the tokens are paired one by one."""
    end_tag = b"</" + name
    close = raw.find(end_tag, offset)
    while close >= 0 and raw[close + len(end_tag):close + len(end_tag) + 1] not in _TAG_ENDS:
        close = raw.find(end_tag, close + 1)  # "</pre" is not "</p"
    if close < 0:
        return None
    starts = raw.count(b"<", offset, close) - raw.count(b"</", offset, close)
    if starts != 1 + inside or raw.find(b"<!", offset, close) >= 0 or raw.find(b"<?", offset, close) >= 0:
        return None
    return close


def _positions(raw: bytes, root: etree._Element) -> dict[etree._Element, tuple[int | None, int | None]]:
    """Where every element and comment starts (`Positions`, all of them at once)."""
    positions = Positions(raw, root)
    for _ in positions.pairs:
        pass
    return positions.out


def element_positions(raw: bytes, root: etree._Element) -> dict[etree._Element, tuple[int | None, int | None]]:
    """The line and column of every element, as this reader gives them in block locations (the
    walk's, and writers' that find the element a `Block` of the Manuscript starts at)."""
    return _positions(raw, root)
