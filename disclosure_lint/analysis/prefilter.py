"""A fast first pass for long books: which blocks could mention AI at all?

A novel has thousands of paragraphs and none, or a handful, that mention AI. Running the full
lexicon over each costs seconds; searching the whole text once for a few literal trigger words
(lower case, plus the language's case-sensitive "AI", "IA" or "KI") costs milliseconds. Only the blocks it selects are read
closely, so verdicts are the same as reading everything: every lexicon pattern that can match
contains one of the triggers (a test checks this on the lexicon's own examples).

Chapters get a second, cheaper gate first (`references`): a sentence of the story discloses
only with an explicit reference to the work ("this book", "the author"), and the lexicon's
`explicit_gate` (a pattern or a few, each starting with a literal letter) matches every paragraph
that holds one; the rare paragraphs that pass it are then searched for triggers.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from functools import cache
from itertools import accumulate, compress, count, repeat
from operator import contains
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import packed
from .. import patterns as rx
from .confusables import LATIN_LOOKALIKES
from .normalize import INVISIBLE, normalise

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

#: Characters other than the invisible ones (`INVISIBLE`) and look-alikes that make
#: `normalise` read a text otherwise than a literal search of it as written: hyphens it straightens
#: ("cutting\u2010edge" is "cutting-edge"; U+2011 is folded by NFKC) and whitespace other than a
#: single space (newlines and runs apart: see `_Joined`).
_STRAIGHTENED = "\u2010\u2012\u2212\t\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u1680\u2028\u2029"


class _Joined:
    """Texts joined into one lower-case string for literal searches, with each text's offset.

    Texts that hide words from a literal search (zero-width characters, compatibility forms such
    as full-width "ＡＩ", look-alike letters as in "GРT-4", a hyphen the close reading straightens)
    are searched as the close reading will read them (`normalise`), and only those: they are found
    by one search of the joined text (and one NFKC check of it), and a novel's other paragraphs,
    curly quotes and all, are searched as written (the gates and triggers allow for curly quotes).
    A Standard Ebooks novel sets a word joiner beside most dashes: normalising every paragraph of
    *War and Peace* cost more than the rest of the analysis. Lower-casing a few characters (such as
    "İ") changes their length; then each text is lowered apart, so that offsets still point into
    the right text.
    """

    __slots__ = ("joined", "lower", "same_length", "starts", "texts")

    def __init__(self, texts: Sequence[str]) -> None:
        joined = "\n".join(texts)
        if not joined.isascii():
            held = _read_in(joined)
            needy = _needing_reading(texts, joined, held)
            if needy:
                texts = list(texts)
                for n, read in _as_read(texts, needy, held).items():
                    texts[n] = read
                joined = "\n".join(texts)
        lower = joined.lower()
        self.same_length = len(lower) == len(joined)
        lowered = texts if self.same_length else [t.lower() for t in texts]
        if not self.same_length:
            lower = "\n".join(lowered)
        starts: list[int] = []
        pos = 0
        for t in lowered:
            starts.append(pos)
            pos += len(t) + 1
        #: The texts searched (normalised when needed), in their own case.
        self.texts = texts
        self.joined = joined
        self.starts = starts
        self.lower = lower

    def index(self, offset: int) -> int:
        """The index of the text holding an offset of `lower`."""
        return bisect.bisect_right(self.starts, offset) - 1

    def containing(self, words: Iterable[str]) -> set[int]:
        """Indexes of the texts whose lower-case form contains one of `words`."""
        low, starts = self.lower, self.starts
        hits: set[int] = set()
        for word in dict.fromkeys(words):  # each word once, though a list may repeat one
            at = low.find(word)
            while at >= 0:
                index = self.index(at)
                hits.add(index)
                # Skip to the next text: one hit per text is enough.
                nxt = starts[index + 1] if index + 1 < len(starts) else len(low)
                at = low.find(word, nxt)
        return hits

    def with_ai(self, cased: str) -> set[int]:
        """Indexes of the texts holding a case-sensitive AI word ("AI"; `cased`, a pattern: see
        `lexicon.cased_token`, written to start with the word's letter so that `re` scans for that
        letter instead of trying every position, 50x faster on a novel)."""
        pattern = rx.compile(cased)
        if self.same_length:
            return {self.index(m.start()) for m in pattern.finditer(self.joined)}
        return {i for i, t in enumerate(self.texts) if pattern.search(t)}


class _Held(NamedTuple):
    """What of `_read_otherwise` a text holds (`_read_in`)."""

    #: Its distinct characters that `_read_otherwise` (or more).
    chars: Sequence[str]
    #: Whether it may hold a mark that NFKC composes with the letter before it or puts in another
    #: order (`_is_mark`); a text with neither such a mark nor any of `chars` is NFKC.
    marks: bool


def _is_mark(ch: str) -> bool:
    """A combining mark or a Hangul vowel or final consonant: the characters that follow another
    in a sequence NFKC composes or reorders (every second character of a canonical composition, every
    character of a combining class other than 0; a test checks it on all of Unicode)."""
    return unicodedata.category(ch) in _MARKS or "\u1160" <= ch <= "\u11ff"


_MARKS = frozenset(("Mn", "Mc", "Me"))


def _needing_reading(texts: Sequence[str], joined: str, held: _Held | None = None, *,
                     runs: bool = True) -> list[int]:
    """Indexes of the texts (joined by newlines into `joined`) that `normalise` reads otherwise than
    a literal search of them as written would: with an invisible character, a look-alike letter,
    a hyphen it straightens, whitespace other than single spaces, or a form NFKC folds.

    Each character that makes a text need it is found by a literal search for it alone (`held`:
    those `joined` may hold, by default `_read_in(joined)`): a search of the joined text with the
    class of them all tested every character of a novel (*War and Peace*: 3.3 million), and each
    text was checked for NFKC apart when the book held one ellipsis. Only a book with a combining
    mark is checked for NFKC as a whole. `runs=False`: a text is not needy for its whitespace
    alone (two spaces, a newline, a space at an end), for a search that reads any run of
    whitespace as `normalise` reads it (`references_in`).
    """
    starts = list(accumulate(map((1).__add__, map(len, texts)), initial=0))
    needy: set[int] = set()
    if held is None:
        held = _read_in(joined)
    for ch in held.chars:
        at = joined.find(ch)
        while at >= 0:
            n = bisect.bisect_right(starts, at) - 1
            needy.add(n)
            at = joined.find(ch, starts[n + 1])
    if runs and ("  " in joined or joined.count("\n") != len(texts) - 1):
        needy.update(n for n, t in enumerate(texts) if "  " in t or "\n" in t or t != t.strip())
    if held.marks and not unicodedata.is_normalized("NFKC", joined):
        # A text holding a character NFKC changes is among the needy already (such a character is
        # never in a normalised text: its quick check is No); the others are not normalised only
        # through a sequence (a letter and a combining mark NFKC composes), which most books lack.
        rest = [n for n in range(len(texts)) if n not in needy]
        if not unicodedata.is_normalized("NFKC", "\n".join([texts[n] for n in rest])):
            needy.update(n for n in rest if not unicodedata.is_normalized("NFKC", texts[n]))
    return sorted(needy)


def _read_otherwise(ch: str) -> bool:
    """Does `normalise` read `ch` otherwise than a literal search does: an invisible character, a
    look-alike, a hyphen or space it straightens, or a form NFKC folds?"""
    return (ch in _STRAIGHTENED or ch in LATIN_LOOKALIKES or INVISIBLE.search(ch) is not None
            or unicodedata.normalize("NFKC", ch) != ch)


@cache
def _latin1_read() -> tuple[str, ...]:
    """The characters below U+0100 that `_read_otherwise` (a newline is a text's own, see `_Joined`)."""
    return tuple(c for c in map(chr, range(0x100)) if c != "\n" and _read_otherwise(c))


def _read_in(text: str) -> _Held:
    """The distinct characters of `text` that `_read_otherwise`, and whether it holds a mark: those
    below U+0100 each found by a literal search, the others among the characters beyond Latin-1 (a
    scan of it), where every mark is."""
    found = [c for c in _latin1_read() if c in text]
    if text.isascii():
        return _Held(found, False)
    beyond = _beyond_latin1(text)
    found += sorted(c for c in beyond if _read_otherwise(c))
    return _Held(found, any(_is_mark(c) for c in beyond))


def _held_among(chars: Iterable[str]) -> _Held:
    """`_read_in` of a text from its distinct characters other than printable ASCII (none of which
    `_read_otherwise`), or those of a text that holds it: then as many or more."""
    return _Held([c for c in chars if c != "\n" and _read_otherwise(c)],
                 any(c > "\xff" and _is_mark(c) for c in chars))


#: The ASCII bytes, deleted from a text's UTF-8 to leave its other characters (`_beyond_latin1`).
_ASCII = bytes(range(128))


def _beyond_latin1(text: str) -> set[str]:
    """The distinct characters of `text` beyond Latin-1.

    Its UTF-8 without the ASCII bytes (never part of another character's bytes) is its other
    characters, decoded again: encoding, deleting and decoding cost less than half of a `re` scan
    for them (`normalize._BEYOND_LATIN1.findall`: some 65 machine instructions a character, 216
    million on *War and Peace*'s story, against 88 million).
    """
    found: set[str] = set()
    for start in range(0, len(text), _PIECE):  # a piece at a time: no copy of a whole book held
        piece = text[start:start + _PIECE].encode("utf-8", "surrogatepass").translate(None, _ASCII)
        found.update(piece.decode("utf-8", "surrogatepass"))
    return {c for c in found if c > "\xff"}


#: How many characters of a text `_beyond_latin1` encodes at a time.
_PIECE = 1 << 16


def _as_read(texts: Sequence[str], needy: Sequence[int], held: _Held, *, runs: bool = True) -> dict[int, str]:
    """The `needy` texts (`_needing_reading`) as the gates search them: each as `normalise` reads it,
    or a text `normalise` reads in the same way and that needs no reading itself, searched as
    written as every other text is.

    The second is made for all of them at once: invisible characters dropped and the forms NFKC
    folds replaced by what it folds them to, one `str.replace` for each such character of theirs (a
    Standard Ebooks novel: its word joiners and ellipses). It is what `normalise` gives before it
    straightens quotes (which the gates and triggers allow for) exactly when it needs no reading
    (is NFKC, holds no look-alike nor odd space); the texts where it does are normalised. `held`:
    the characters of theirs that `_read_otherwise` (or more), as `_read_in` gives them. `runs`:
    see `_needing_reading` (False: a text is not normalised for its runs of whitespace alone).
    """
    chosen = [texts[k] for k in needy]
    joined = "\n".join(chosen)
    if not chosen or joined.count("\n") != len(chosen) - 1:  # a text holding a newline: each apart
        return {k: normalise(texts[k]) for k in needy}
    left: dict[str, None] = {}  # the characters the texts may still hold that `_read_otherwise`
    marks = held.marks
    chars = [ch for ch in held.chars if ch in joined]
    for ch in chars:
        if INVISIBLE.search(ch) is not None:
            joined = joined.replace(ch, "")
    for ch in chars:
        if INVISIBLE.search(ch) is None:
            folded = unicodedata.normalize("NFKC", ch)
            if folded == ch:
                left[ch] = None
                continue
            joined = joined.replace(ch, folded)
            left.update((c, None) for c in folded if _read_otherwise(c))
            marks = marks or any(_is_mark(c) for c in folded)
    read = joined.split("\n")
    out = dict(zip(needy, read, strict=True))
    for n in _needing_reading(read, joined, _Held(list(left), marks), runs=runs):
        out[needy[n]] = normalise(texts[needy[n]])
    return out


def candidates(texts: Sequence[str], triggers: Sequence[str], cased: str) -> set[int]:
    """Indexes of the texts that contain a trigger word (lower case) or a `cased` AI word."""
    if not texts:
        return set()
    joined = _Joined(texts)
    return joined.containing(triggers) | joined.with_ai(cased)


def references_in(low: str, index: Callable[[int], int], wanted: Sequence[int], texts: Sequence[str],
                  gates: Sequence[re.Pattern[str]], chars: Collection[str] | None = None, *,
                  starts: Sequence[int] | None = None, places: Iterable[tuple[int, int]] | None = None,
                  ) -> set[int]:
    """`references(texts, gates)`, searched in a whole book's text already joined and lowered once
    (`low`, one space or newline between texts; `index`: the text at an offset of it), of which
    `texts` are those at the indexes `wanted`: indexes into `wanted`. `chars`: the distinct
    characters other than printable ASCII of the book's texts (`chars.characters` gives them), when
    known: only those are looked for in `texts`.

    The book's text is as written; the texts the close reading reads otherwise (`_needing_reading`:
    a word joiner, a look-alike, a form NFKC folds) are searched again as it reads them, unless
    that reading can make no new match (`_unseen`: an invisible character no gate reads, with no
    two characters a gate reads around it, `_joining`; an ellipsis). A match across two texts
    counts for the first: a paragraph read closely for nothing, never one missed.

    `starts`: where each of the book's texts starts in `low`, when known: a text read again only
    for its dropped and folded characters is then taken from `low`, already lowered
    (`_slices_read`), not lowered again.

    `places`: where each of the strings `gate_words(gates)` gives stands in `low` (its place and
    length), every one of them, when known (the residue scan's one search of the book for its
    anchor words found them too: `residue._Book.all_of`): the gates are then searched only in the
    runs of characters they read around those places (`_starts_near`), not in the whole book.
    """
    near = None if places is None else _starts_near(low, gates, places)
    if near is None:
        found = {index(m.start()) for gate in gates for m in gate.finditer(low)}  # (few, in a novel)
    else:
        found = set(map(index, near))
    # (each of the `wanted` tested in C: a novel has some 12,000 of them, and the gates match few)
    hits = set(compress(count(), map(found.__contains__, wanted))) if found else set()
    joined: str | None = None
    if chars is None:
        joined = "\n".join(texts)
        if joined.isascii():
            return hits
        held = _read_in(joined)
    elif all(c < "\x80" for c in chars):  # (the book's texts are ASCII)
        return hits
    else:
        held = _held_among(chars)
    # Characters whose reading can make no new match where the book's search found none
    # (`_unseen`): a text needing reading for them alone is not read again.
    unseen = _unseen(held, gates)
    looked = held
    joining: set[int] = set()
    if unseen is not None:
        dropped, folded = unseen
        looked = _Held([c for c in held.chars if c not in dropped and c not in folded], held.marks)
        # (a text with a dropped character between two a gate reads is read again, as before)
        joining = _joining(texts, joined, dropped, _gate_reading(tuple(gates)), chars)
    # The gates read any run of whitespace as one space (`\s+`, never " ": a test checks
    # them), as `normalise` makes it: a text's runs of it change nothing they find.
    needy = None if joined is not None else _needing_in(low, index, wanted, texts, looked)
    if needy is None:
        if joined is None:
            joined = "\n".join(texts)
        needy = _needing_reading(texts, joined, looked, runs=False)
    rest = sorted(k for k in joining.union(needy) if k not in hits)
    if starts is not None and unseen is not None and chars is not None and joining:
        # (a text read again for its dropped characters alone, as the book's lower case holds it)
        looked_in = set(needy)
        read = _slices_read(low, starts, wanted, [k for k in rest if k not in looked_in], unseen, chars)
        if read is not None:
            hits |= _passing(read, gates, lowered=True)
            rest = [k for k in rest if k in looked_in]
    hits |= _passing(_as_read(texts, rest, held, runs=False), gates)
    return hits


@cache
def gate_words(gates: tuple[re.Pattern[str], ...]) -> tuple[str, ...] | None:
    """Strings one of which every match of each of `gates` holds, none shorter than
    `_SHORTEST_WORD` (the English gate: its nouns, "author", and "this", "the" and "the present"
    each with a quote after it), read from the gates as `re` parses them (`derived_gate_words`),
    or shipped for the package's lexicons' gates (`GATES_SHIPPED`: reading them costs a cold check
    0.8 ms); None when one of them is beyond that reading (a flag, an alternative without such
    strings)."""
    shipped = _shipped_gates()
    key = _gates_key(gates)
    if key in shipped:
        found = shipped[key]
        return None if found is None else tuple(found)
    return derived_gate_words(gates)


#: Where the words of the package's lexicons' gates are shipped (`shipped_gate_words`), a value
#: `packed.load_value` reads: their patterns and flags → their words (None: none).
GATES_SHIPPED = Path(__file__).parent / "lexicon" / "gates.packed"
#: What the shipped value is made by (the patterns are its keys): changed with `_cover`.
GATES_HEADER = ("disclosure-lint gate words 1",)


def _gates_key(gates: Sequence[re.Pattern[str]]) -> tuple[tuple[str, int], ...]:
    return tuple((gate.pattern, int(gate.flags)) for gate in gates)


@cache
def _shipped_gates() -> dict[Any, Any]:
    value = packed.load_value(GATES_SHIPPED, GATES_HEADER)
    return value if isinstance(value, dict) else {}


def shipped_gate_words() -> dict[tuple[tuple[str, int], ...], tuple[str, ...] | None]:
    """The value shipped at `GATES_SHIPPED`, as reading every lexicon's gates gives it (written by
    `python -m disclosure_lint.analysis.literal_index`; a test fails when it is stale)."""
    from .lexicon import load_lexicon

    out: dict[tuple[tuple[str, int], ...], tuple[str, ...] | None] = {}
    for language in sorted(load_lexicon().supported):
        gates = tuple(load_lexicon(language=language).explicit_gate)
        out[_gates_key(gates)] = derived_gate_words(gates)
    return out


def derived_gate_words(gates: Sequence[re.Pattern[str]]) -> tuple[str, ...] | None:
    """`gate_words`, read from the gates (`_cover`)."""
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - a Python without the parser: no shortcut
        return None
    words: dict[str, None] = {}
    for gate in gates:
        if gate.flags & ~(re.UNICODE | re.DOTALL | re.MULTILINE):
            return None
        try:
            parsed = _parser.parse(gate.pattern, gate.flags & ~re.UNICODE)
        except Exception:  # pragma: no cover - a compiled pattern parses
            return None
        found = _cover(list(parsed), c, [_MOST_ALTERNATIVES])
        if not found:
            return None
        words.update(dict.fromkeys(sorted(found)))
    kept: list[str] = []
    for word in sorted(words, key=lambda w: (len(w), w)):
        if not any(k in word for k in kept):  # ("present’" is found where "present" is)
            kept.append(word)
    return tuple(kept)


#: The most strings a run of a gate's literal pieces is spelled out to (`_cover`).
_MOST_SPELLED = 128
#: The most alternatives `_cover` reads a gate as (its groups of alternatives spelled out).
_MOST_ALTERNATIVES = 256
#: The shortest string `gate_words` gives ("the" before a quote is spelled "the’").
_SHORTEST_WORD = 4


def _spelled(op: Any, av: Any, c: Any) -> frozenset[str] | None:
    """The strings one parsed piece matches, when it is a literal, a class of literals or a group of
    alternatives each a run of such (None: anything else)."""
    if op is c.LITERAL:
        return frozenset(chr(av))
    if op is c.IN and av and all(o is c.LITERAL for o, _ in av):
        return frozenset(chr(a) for _, a in av)
    if op is c.SUBPATTERN and not av[1] and not av[2]:
        return _spelled_run(list(av[3]), c)
    if op is c.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            strings = _spelled_run(list(alternative), c)
            if strings is None:
                return None
            out |= strings
        return frozenset(out) if len(out) <= _MOST_SPELLED else None
    return None


def _spelled_run(items: list[Any], c: Any) -> frozenset[str] | None:
    out: frozenset[str] = frozenset({""})
    for op, av in items:
        piece = _spelled(op, av, c)
        if piece is None:
            return None
        out = frozenset(a + b for a in out for b in piece)
        if len(out) > _MOST_SPELLED:
            return None
    return out if "" not in out else None


def _cover(items: list[Any], c: Any, budget: list[int]) -> set[str] | None:
    """Strings one of which every match of the parsed sequence `items` holds: its groups spelled
    out into alternatives (`budget`: how many more it may read; "x?" is two), and in each
    alternative its last run of literal pieces next to each other (`_spelled`) whose strings are
    all `_SHORTEST_WORD` long or more (a gate's noun, rarer than the "this" before it). None: an
    alternative without one."""
    for i, (op, av) in enumerate(items):
        if op is c.SUBPATTERN and not av[1] and not av[2] and _spelled(op, av, c) is None:
            return _cover(items[:i] + list(av[3]) + items[i + 1:], c, budget)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0 and av[1] == 1:  # "x?": without it, or with
            alternatives: list[Any] = [[], list(av[2])]
        elif op is c.BRANCH and _spelled(op, av, c) is None:
            alternatives = list(av[1])
        else:
            continue
        out: set[str] = set()
        for alternative in alternatives:
            budget[0] -= 1
            if budget[0] < 0:
                return None
            found = _cover(items[:i] + list(alternative) + items[i + 1:], c, budget)
            if found is None:
                return None
            out |= found
        return out
    runs: list[frozenset[str]] = []
    run: frozenset[str] = frozenset({""})
    for op, av in items:
        piece = _spelled(op, av, c)
        if piece is None:
            if "" not in run:
                runs.append(run)
            run = frozenset({""})
            continue
        joined = frozenset(a + b for a in run for b in piece)
        if len(joined) > _MOST_SPELLED:
            if "" not in run:
                runs.append(run)
            run = piece
        else:
            run = joined
    if "" not in run:
        runs.append(run)
    runs = [r for r in runs if min(map(len, r)) >= _SHORTEST_WORD]
    return set(runs[-1]) if runs else None


def _starts_near(low: str, gates: Sequence[re.Pattern[str]], places: Iterable[tuple[int, int]]) -> list[int] | None:
    """Where each match of `gates` in `low` starts (every match `finditer` of the whole of it
    gives), from `places`: where each string of `gate_words(gates)` stands in it (its place and
    length), every one. None when the gates are beyond `_gate_reading`.

    Every match holds one of the strings, and is made of characters a gate reads (`_gate_reading`),
    as is what its look-arounds and word boundaries look at: so each is inside the run of such
    characters around one of the places, and each gate is searched in those runs alone, from a
    character no gate reads (or the book's start) to the next one (or its end). A match cannot
    run over such a character, so the book's search is at the run's start between two matches,
    and finds from there what a search of the run does (`re` reads the character before `pos` as
    what it is, and the end at `endpos` as it reads one no gate reads). A run is bounded by the
    printable ASCII characters no gate reads (`_unread_class`); any other character counts as read
    (a longer run, not a missed match)."""
    reads = _gate_reading(tuple(gates))
    if reads is None:
        return None
    unread = _unread_class(reads)
    if unread is None:
        return None
    before, after = unread
    out: list[int] = []
    end = len(low)
    reach = -1  # where the last run searched ends
    for at, size in sorted(places):
        if at < reach:
            continue  # (in the run searched last)
        back = 64
        while True:
            lo = max(0, at - back)
            m = before.match(low, lo, at)
            if m is not None:
                first = m.end()
                break
            if lo == 0:
                first = 0
                break
            back *= 8
        m = after.search(low, at + size)
        reach = m.start() if m is not None else end
        for gate in gates:
            out.extend(m.start() for m in gate.finditer(low, first, reach))
    return out


@cache
def _unread_class(reads: Callable[[str], bool]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """Two patterns of a printable ASCII character no gate reads: the last one before `endpos`
    (`match`), and the first one (`search`). None: every such character is read. (The characters
    beyond ASCII no gate reads would bound the runs too, but a class of them compiles ten times
    slower, for runs a little shorter.)"""
    unread = _unread_printable(reads)
    if not unread:
        return None
    one = "[" + _class_of(unread) + "]"
    return re.compile("(?s:.*)" + one), re.compile(one)


def _slices_read(low: str, starts: Sequence[int], wanted: Sequence[int], chosen: Sequence[int],
                 unseen: tuple[set[str], set[str]], chars: Collection[str]) -> dict[int, str] | None:
    """The `chosen` texts (indexes into `wanted`, none holding a character `_needing_in` looks
    for) as `_as_read` reads them, lowered: their lower case in the book's (`low`, each text from
    its start in `starts`), the dropped characters of `unseen` taken out and its folded ones
    replaced by their NFKC form, lowered. `_as_read` reads such a text so (what is left holds
    nothing `_read_otherwise`), then `_passing` lowers it: taking out a character no case has and
    replacing one no other character of the book lowers to is the same before lowering and after.
    None when the book holds a capital sigma (lowered by what is around it) or a folded character
    has cases or folds to a mark; `low`'s spaces for newlines and tabs the gates read as the whitespace they are."""
    dropped, folded = unseen
    if "\u03a3" in chars:
        return None
    replaced: list[tuple[str, str]] = []
    for ch in folded:
        if ch.lower() != ch or any(c != ch and c.lower() == ch for c in chars):
            return None
        fold = unicodedata.normalize("NFKC", ch)
        if any(map(_is_mark, fold)):  # (`_as_read` would ask NFKC of the texts again)
            return None
        replaced.append((ch, fold.lower()))
    end = len(low)
    last = len(starts) - 1
    pieces = [low[starts[n]:starts[n + 1] - 1 if n < last else end] for n in map(wanted.__getitem__, chosen)]
    joined = "\n".join(pieces)
    for ch in dropped:
        joined = joined.replace(ch, "")
    for ch, fold in replaced:
        joined = joined.replace(ch, fold)
    reads = joined.split("\n")
    if len(reads) != len(chosen):  # (a newline from a fold: never, as the gates read one)
        return None
    return dict(zip(chosen, reads, strict=True))


def _needing_in(low: str, index: Callable[[int], int], wanted: Sequence[int], texts: Sequence[str],
                held: _Held) -> list[int] | None:
    """`_needing_reading(texts, joined, held, runs=False)` or more, found in the book's lower-case
    text (`references_in`: `low`, `index`, `wanted` increasing), without the `texts` joined again
    nor their offsets counted (12,000 paragraphs in *War and Peace*, which holds five non-breaking
    hyphens): each of `held`'s characters looked for in `low`, and the text holding it among the
    `wanted` by a bisection. A character found there is the text's own or its capital's (a text
    needing no reading read again: the same answer). A character lowering changes or `low` holds
    as a space (a newline, a tab), or one found more than `_FEW_HITS` times (a Python step each),
    is looked for in each text (`operator.contains`, `map`: in C). None when a text may hold a
    mark (NFKC of the texts is asked: `_needing_reading`)."""
    if held.marks:
        return None
    needy: set[int] = set()
    for ch in held.chars:
        at = -1 if ch.lower() != ch or ch in "\n\r\t" else low.find(ch)
        for _ in range(_FEW_HITS):
            if at < 0:
                break
            n = index(at)
            k = bisect.bisect_left(wanted, n)
            if k < len(wanted) and wanted[k] == n:
                needy.add(k)
            at = low.find(ch, at + 1)
        if at >= 0 or ch.lower() != ch or ch in "\n\r\t":
            needy.update(compress(count(), map(contains, texts, repeat(ch))))
    return sorted(needy)


#: How many places of one character `_needing_in` looks at, one Python step each.
_FEW_HITS = 64


#: The classes `_gate_reading` knows, as `re` reads them in a text (`_sre`: a word character is one
#: `str.isalnum` says is one, or "_"; a space, `str.isspace`; a digit, `str.isdecimal`).
_CATEGORIES: dict[str, Callable[[str], bool]] = {
    "CATEGORY_WORD": lambda ch: ch.isalnum() or ch == "_",
    "CATEGORY_NOT_WORD": lambda ch: not (ch.isalnum() or ch == "_"),
    "CATEGORY_SPACE": str.isspace, "CATEGORY_NOT_SPACE": lambda ch: not ch.isspace(),
    "CATEGORY_DIGIT": str.isdecimal, "CATEGORY_NOT_DIGIT": lambda ch: not ch.isdecimal(),
}


@cache
def _gate_reading(gates: tuple[re.Pattern[str], ...]) -> Callable[[str], bool] | None:
    """A test of one character: can one of the `gates` read it (match it, or look at it in a
    look-around or a word boundary)? None when a gate holds anything else than literals, classes,
    groups, alternatives, repeats, word boundaries and look-arounds of one character (the gates
    as `re` parses them: `re._parser`, as `required.required_sets` reads patterns).

    What no gate reads is what `_unseen` needs: a match, and what its look-arounds and word
    boundaries look at, is made of characters the gates read, and gives the same answer beside
    any two characters they do not read."""
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - a Python without the parser: no shortcut
        return None
    singles: set[str] = set()
    classes: list[Callable[[str], bool]] = []
    words = False

    def one_char(items: Any) -> bool:
        """Read a look-around's content: one literal or class, else False."""
        if len(items) != 1 or items[0][0] not in (c.LITERAL, c.IN):
            return False
        return read(items)

    def read(items: Any) -> bool:
        nonlocal words
        for op, av in items:
            if op is c.LITERAL:
                singles.add(chr(av))
            elif op is c.IN:
                if not _class(av):
                    return False
            elif op is c.SUBPATTERN:
                if av[1] or av[2] or not read(av[3]):  # (?i:...) and the like: no shortcut
                    return False
            elif op is c.BRANCH:
                if not all(read(alternative) for alternative in av[1]):
                    return False
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                if not read(av[2]):
                    return False
            elif op in (c.ASSERT, c.ASSERT_NOT):
                if not one_char(av[1]):
                    return False
            elif op is c.AT and str(av) in ("AT_BOUNDARY", "AT_NON_BOUNDARY"):
                words = True
            else:
                return False
        return True

    def _class(items: Any) -> bool:
        chars: set[str] = set()
        ranges: list[tuple[str, str]] = []
        tests: list[Callable[[str], bool]] = []
        negated = False
        for op, av in items:
            if op is c.LITERAL:
                chars.add(chr(av))
            elif op is c.RANGE:
                ranges.append((chr(av[0]), chr(av[1])))
            elif op is c.CATEGORY and str(av) in _CATEGORIES:
                tests.append(_CATEGORIES[str(av)])
            elif op is c.NEGATE:
                negated = True
            else:
                return False

        def member(ch: str) -> bool:
            inside = ch in chars or any(lo <= ch <= hi for lo, hi in ranges) or any(t(ch) for t in tests)
            return inside is not negated

        if negated or ranges or tests:
            classes.append(member)
        else:
            singles.update(chars)
        return True

    for gate in gates:
        parsed = _parser.parse(gate.pattern, gate.flags & ~re.UNICODE)
        if gate.flags & ~(re.UNICODE | re.DOTALL | re.MULTILINE) or not read(parsed):
            return None
    if words:
        classes.append(_CATEGORIES["CATEGORY_WORD"])
    frozen = frozenset(singles)
    if len(classes) == 1:  # (most gates: their `\s`; asked of every character a book holds)
        test = classes[0]
        return lambda ch: ch in frozen or test(ch)
    return lambda ch: ch in frozen or any(test(ch) for test in classes)


def _unseen(held: _Held, gates: Sequence[re.Pattern[str]]) -> tuple[set[str], set[str]] | None:
    """Of the characters `held` names, those whose reading (`_as_read`) the book's search of the
    texts as written stands for: invisible characters no gate reads, dropped (a text where one sits
    between two characters a gate reads is still read again: `_joining`), and characters NFKC folds
    that no gate reads into characters no gate reads nor `_read_otherwise` (an ellipsis: "...").
    A match of the text as read is then one of the text as written, the same characters with the
    same characters, or ones no gate reads, around them. None when the gates are beyond
    `_gate_reading` or a text may hold a mark (a sequence NFKC composes)."""
    if held.marks:
        return None
    # (the gates are parsed only for a book holding such a character)
    candidates = [ch for ch in held.chars if ch not in _STRAIGHTENED and ch not in LATIN_LOOKALIKES]
    if not candidates:
        return None
    reads = _gate_reading(tuple(gates))
    if reads is None:
        return None

    def seen(ch: str) -> bool:
        return reads(ch) or any(reads(x) for x in ch.lower())

    dropped: set[str] = set()
    folded: set[str] = set()
    for ch in candidates:
        if seen(ch):
            continue
        if INVISIBLE.search(ch) is not None:
            dropped.add(ch)
            continue
        fold = unicodedata.normalize("NFKC", ch)
        if fold != ch and not any(seen(x) or _read_otherwise(x) for x in fold):
            folded.add(ch)
    return (dropped, folded) if dropped or folded else None


class _Seen(dict[str, bool]):
    """Whether a gate reads a character (`_gate_reading`), in lower case too, each character
    asked once: a lookup in C for the others."""

    def __init__(self, reads: Callable[[str], bool]) -> None:
        super().__init__()
        self.reads = reads

    def __missing__(self, ch: str) -> bool:
        low = ch.lower()
        known = self[ch] = self.reads(ch) or (low != ch and any(self.reads(x) for x in low))
        return known


def _joining(texts: Sequence[str], joined: str | None, dropped: Collection[str],
             reads: Callable[[str], bool] | None, chars: Collection[str] | None = None) -> set[int]:
    """The indexes of the texts (joined by newlines into `joined`) where a run of `dropped`
    characters stands between two characters `reads` says a gate reads (in lower case), which the
    reading joins (a text's start and end read as a character no gate reads).

    `chars`: the distinct characters other than printable ASCII the texts hold (or more), when
    known. Then no Python step is taken for each dropped character: the texts holding one are
    found by `operator.contains` of each text (`map`, in C: a `memchr` each), and those are
    searched by `re` for a run of them with a character read before it and after it (a class of
    every character but the unread ones among printable ASCII and `chars`, so that one outside
    them counts as read; a text's own newline is read as what it is, a text's ends as nothing
    read). A Standard Ebooks novel sets its word joiners beside dashes, and *War and Peace* holds
    5,700 of them: a Python step for each cost 38 million instructions. Without `chars`, or with
    fewer than `_STEPWISE` texts holding one (those alone then joined), a step for
    each (`_joining_stepwise`, the same answer: a test holds them together).
    """
    if reads is None or not dropped:
        return set()
    if chars is None:
        return _joining_stepwise(texts, "\n".join(texts) if joined is None else joined, dropped, reads)
    holding: set[int] = set()
    for ch in dropped:
        holding.update(compress(count(), map(contains, texts, repeat(ch))))
    if not holding:
        return holding
    ordered = sorted(holding)
    chosen = [texts[k] for k in ordered]
    if len(chosen) < _STEPWISE:
        # (few: a step for each costs less than compiling the class)
        return {ordered[n] for n in _joining_stepwise(chosen, "\n".join(chosen), dropped, reads)}
    seen = _Seen(reads)
    unread = set(_unread_printable(reads))
    unread.update(ch for ch in chars if not seen[ch])
    unread.update(dropped)
    other = "[^" + _class_of(unread) + "]"
    run = "[" + "".join(map(_in_class, sorted(dropped))) + "]"
    # a run's first character (`re` scans for it when it is the only one), the character before
    # it read, the rest of the run, and the character after it read
    pattern = re.compile(f"{run}(?<={other}{run}){run}*(?={other})")
    return set(compress(ordered, map(pattern.search, chosen)))


#: From how many texts holding a dropped character `_joining` finds their runs with `re` rather
#: than a Python step for each (*Jekyll and Hyde*: 49 paragraphs with a word joiner, 80 joiners;
#: *Leaves of Grass* 486 and 1,118; *War and Peace* 2,249 and 5,717).
_STEPWISE = 640


@cache
def _unread_printable(reads: Callable[[str], bool]) -> tuple[str, ...]:
    """The printable ASCII characters no gate reads (`reads`, `_Seen`), in order."""
    seen = _Seen(reads)
    return tuple(ch for ch in _PRINTABLE if not seen[ch])


#: The printable ASCII characters (`chars.characters` gives a text's others).
_PRINTABLE = tuple(map(chr, range(0x20, 0x7F)))


def _class_of(chars: Iterable[str]) -> str:
    """The inside of a `re` class of `chars`, their runs of three or more code points as ranges
    (fewer items for `re`'s parser, which the class goes through twice)."""
    points = sorted(map(ord, chars))
    out: list[str] = []
    n = 0
    while n < len(points):
        last = n
        while last + 1 < len(points) and points[last + 1] == points[last] + 1:
            last += 1
        first = _in_class(chr(points[n]))
        out.append(first if last == n else first + _in_class(chr(points[last])) if last == n + 1
                   else f"{first}-{_in_class(chr(points[last]))}")
        n = last + 1
    return "".join(out)


def _in_class(ch: str) -> str:
    """A character as `re` reads it literally, in a class or out of one (an escape: `re`'s parser
    reads it as the character)."""
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}"


def _joining_stepwise(texts: Sequence[str], joined: str, dropped: Collection[str],
                      reads: Callable[[str], bool] | None) -> set[int]:
    """`_joining` by a Python step for each dropped character: each character beside one is looked
    at once (`_Seen`)."""
    found: set[int] = set()
    if reads is None:
        return found
    seen = _Seen(reads)
    end = len(joined)
    starts: list[int] = []

    def inside(at: int) -> bool:
        """Whether the newline at `at` is one of a text's own (a line break the gates read as
        whitespace), not one joining two texts (read as a character no gate reads)."""
        if not starts:
            starts.extend(accumulate(map((1).__add__, map(len, texts)), initial=0))
        n = bisect.bisect_left(starts, at + 1)
        return n >= len(starts) or starts[n] != at + 1

    for ch in dropped:
        at = joined.find(ch)
        while at >= 0:
            after = at + 1
            while after < end and joined[after] in dropped:
                after += 1
            if after < end and seen[joined[after]] and (joined[after] != "\n" or inside(after)):
                before = at - 1
                while before >= 0 and joined[before] in dropped:
                    before -= 1
                if before >= 0 and seen[joined[before]] and (joined[before] != "\n" or inside(before)):
                    if not starts:
                        starts.extend(accumulate(map((1).__add__, map(len, texts)), initial=0))
                    found.add(bisect.bisect_right(starts, at) - 1)
            at = joined.find(ch, after)
    return found


def _passing(texts: dict[int, str], gates: Sequence[re.Pattern[str]], *, lowered: bool = False) -> set[int]:
    """The keys of the `texts` whose lower-case form one of `gates` matches.

    The texts are searched joined by newlines and lowered, some at a time (`_BATCH` characters:
    no copy of them all held; a search and a lowering of each of *War and Peace*'s 2,250 paragraphs
    with a word joiner cost three times as much). A match that runs on into the next text (the
    gates read a newline as a space) is not one of either: those texts are searched alone. A match
    inside one text's span is a match of that text alone: a gate's only anchors are word
    boundaries, and its look-arounds hold no whitespace (a test), so the newline before a text and
    the one after it read as the text's start and end.
    """
    keys = list(texts)
    reads = list(texts.values())
    offsets = list(accumulate(map((1).__add__, map(len, reads)), initial=0))  # as if all were joined
    found: set[int] = set()
    first = 0
    while first < len(reads):
        last = max(first + 1, bisect.bisect_right(offsets, offsets[first] + _BATCH) - 1)
        found.update(first + n for n in _passing_together(reads[first:last], gates, lowered=lowered))
        first = last
    return {keys[n] for n in found}


#: How many characters of texts `_passing` joins at a time.
_BATCH = 1 << 16


def _passing_together(reads: Sequence[str], gates: Sequence[re.Pattern[str]], *, lowered: bool = False) -> set[int]:
    """The indexes of the `reads` whose lower-case form one of `gates` matches, searched joined
    (`_passing`; `lowered`: the `reads` are in lower case already)."""
    joined = "\n".join(reads)
    low = joined if lowered else joined.lower()
    if len(low) != len(joined):  # "İ" lowers to two characters: each text apart
        return {n for n, read in enumerate(reads) if any(gate.search(read.lower()) for gate in gates)}
    ends = list(accumulate(map((1).__add__, map(len, reads))))  # each text's end, its newline included
    found: set[int] = set()
    across: set[int] = set()
    for gate in gates:
        for m in gate.finditer(low):
            n = bisect.bisect_right(ends, m.start())
            if m.end() < ends[n]:
                found.add(n)
            else:  # into the next texts: each of them searched alone
                across.update(range(n, bisect.bisect_right(ends, m.end() - 1) + 1))
    for n in across - found:
        if any(gate.search(reads[n].lower()) for gate in gates):
            found.add(n)
    return found


def references(texts: Sequence[str], gates: Sequence[re.Pattern[str]]) -> set[int]:
    """Indexes of the texts whose lower-case form one of `gates` matches (one search of them all
    for each gate).

    Each gate starts with a literal letter, which `re` scans for before it tries the rest of the
    pattern; a gate that starts with an alternation ("(?:ce|le)") or a class is tried at every
    position of the book, ten times slower on a novel.
    """
    if not texts:
        return set()
    joined = _Joined(texts)
    index, lower = joined.index, joined.lower
    return {index(m.start()) for gate in gates for m in gate.finditer(lower)}
