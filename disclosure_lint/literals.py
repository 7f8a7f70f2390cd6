"""The literal words every match of a regular expression holds, and text folded to look for them.

A lexicon list is an alternation of many phrasings, and compiling it whole costs milliseconds.
A sentence can only match the phrasings whose literal words it holds ("entièrement rédigé par"
needs "entièrement"), so a run that cannot keep its compiled patterns (the cache is off) compiles
only those (`analysis.lexicon.Alternatives`). What a phrasing needs is read from the pattern
itself, so no list of words in the data has to be kept in step with it.

`required` answers with a set of strings one of which every match of the pattern contains
(folded: see `fold`), or None when nothing is certain. It reads the pattern's text in pieces
(`_TOKEN`: a run of literal characters is one piece, so reading costs a small part of what
compiling would) and keeps only what is sure: a literal run, an optional letter ("décisions?"
needs "décision"), small classes and alternations spelled out; where it meets anything else it
keeps the best run it has read, and a construction it does not know (a reference to a group, a
condition, a flag for the whole pattern) makes it answer None.

`fold` maps text so that characters `re.IGNORECASE` takes as one another fold to the same
character, one character for one: where a pattern matches, the folded text holds the folded
literal.
"""

from __future__ import annotations

import re

from . import patterns as rx

#: Strings a piece of pattern is spelled out to at most (more: the run read so far is kept).
LIMIT = 16


def _equivalents() -> dict[int, int]:
    """Lower-case characters `re.IGNORECASE` takes as one ("ſ" and "s", "ς" and "σ"), each to
    the least of its class."""
    try:
        from re._casefix import _EXTRA_CASES as extra  # type: ignore[import-not-found]
    except ImportError:
        extra = {}
    out: dict[int, int] = {}
    for code, others in extra.items():
        least = min(code, *others)
        for member in (code, *others):
            if member != least:
                out[member] = least
    return out


_EQUIVALENT: dict[int, int] = {}
#: The characters `_EQUIVALENT` maps (a text holding none of them is its own translation).
_MAPPED: set[str] = set()
#: The last text folded, and its folding: a sentence is searched with many lists in a row.
_LAST: list[str] = ["", ""]


def fold(text: str) -> str:
    """`text` in lower case, one character for one, with the characters `re.IGNORECASE` takes
    as one another made one ("ſ" → "s"; "İ", which `str.lower` makes two characters, → "i")."""
    if text is _LAST[0] or text == _LAST[0]:
        return _LAST[1]
    folded = _folded(text)
    _LAST[0], _LAST[1] = text, folded
    return folded


#: A pattern's pieces, as `required` reads them: a run of literal characters, a repeat, a group's
#: opening (a look-around's apart: it matches no text), its end, "|", a small class, an escaped
#: character, a zero-width anchor, a piece matching some character; anything else ("bad") makes
#: the pattern one `required` does not read.
_TOKEN = rx.LazyPattern(
    r"(?P<run>[^\\\[\]()|?*+{.^$]+)"
    r"|(?P<repeat>(?:[?*+]|\{\d+(?:,\d*)?\}|\{,\d+\})[?+]?)"
    r"|(?P<look>\(\?<?[=!])"
    r"|(?P<group>\((?:\?:|\?P<\w+>|\?>|\?[aiLmsu]*(?:-[imsx]+)?:|(?!\?)))"
    r"|(?P<end>\))|(?P<bar>\|)"
    r"|(?P<chars>\[[^\\\]\[^-][^\\\]\[-]*\])"
    r"|(?P<hex>\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4})"
    r"|(?P<escaped>\\[^\w])"
    r"|(?P<zero>\\[AbBZ]|\^|\$)"
    r"|(?P<some>\\[dDwWsS]|\.|\[\^?\]?(?:[^\]\\]|\\.)*\])"
    r"|(?P<bad>.)",
    re.DOTALL,
)


class _Unread(Exception):
    """A pattern `required` does not read (a reference, a condition, a flag for the whole pattern)."""


def _folded(text: str) -> str:
    if text.isascii():
        return text.lower()
    if not _EQUIVALENT:
        _EQUIVALENT.update(_equivalents())
        _MAPPED.update(map(chr, _EQUIVALENT))
    low = text.replace("\u0130", "i").lower()
    # `str.translate` looks every character up in the mapping, and one it does not map raises
    # and clears a KeyError: some 1 µs a character (a sentence with a curly quote, 280 µs). Most
    # texts hold none of the few mapped characters ("ſ", "ς", the Kelvin sign ...): a set test.
    return low if _MAPPED.isdisjoint(low) else low.translate(_EQUIVALENT)


#: (exact, needed): the strings a piece matches exactly (None: not a few strings), and a set
#: one of which each of its matches contains (None: nothing certain).
_Info = tuple[frozenset[str] | None, frozenset[str] | None]
_NOTHING: _Info = (None, None)
_EMPTY: _Info = (frozenset({""}), None)


def _score(strings: frozenset[str] | None) -> tuple[int, int]:
    """How much a set of needed strings says: its shortest string's length, then fewer strings."""
    if not strings:
        return (-1, 0)
    return (min(map(len, strings)), -len(strings))


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    return b if _score(b) > _score(a) else a


def _needed(info: _Info) -> frozenset[str] | None:
    exact, needed = info
    if exact is None:
        return needed
    return None if "" in exact or not exact else exact


def _repeated(info: _Info, repeat: str) -> _Info:
    """A piece under a repeat ("?", "*", "+", "{2,3}", lazy or possessive alike)."""
    first = repeat[0]
    if first == "{":
        low = repeat[1:].split(",")[0].rstrip("}?+")
        optional_once = repeat.rstrip("?+") in ("{0,1}", "{,1}")
        at_least_once = bool(low) and int(low) >= 1
    else:
        optional_once, at_least_once = first == "?", first == "+"
    if at_least_once:
        return None, _needed(info)
    exact = info[0]
    if optional_once and exact is not None and len(exact) < LIMIT:
        return exact | {""}, None
    return _NOTHING


class _Reader:
    """Reads a pattern's pieces (`_TOKEN`) for the literal strings its matches certainly hold."""

    def __init__(self, pattern: str) -> None:
        self.tokens = [(m.lastgroup, m.group()) for m in _TOKEN.compiled.finditer(pattern)]
        self.at = 0

    def alternation(self) -> _Info:
        infos = [self.sequence()]
        tokens = self.tokens
        while self.at < len(tokens) and tokens[self.at][0] == "bar":
            self.at += 1
            infos.append(self.sequence())
        if len(infos) == 1:
            return infos[0]
        exacts = [exact for exact, _ in infos]
        if all(e is not None for e in exacts):
            union = frozenset().union(*(e for e in exacts if e is not None))
            if len(union) <= LIMIT:
                return union, None
        needs = [_needed(info) for info in infos]
        if any(n is None for n in needs):
            return _NOTHING
        return None, frozenset().union(*(n for n in needs if n is not None))

    def piece(self) -> _Info:
        kind, text = self.tokens[self.at]
        self.at += 1
        if kind == "escaped":
            return frozenset({_folded(text[1])}), None
        if kind == "hex":
            return frozenset({_folded(chr(int(text[2:], 16)))}), None
        if kind == "chars":
            return frozenset(_folded(c) for c in text[1:-1]), None
        if kind == "zero":
            return _EMPTY
        if kind == "some":
            return _NOTHING
        if kind in ("group", "look"):
            inner = self.alternation()
            if self.at >= len(self.tokens) or self.tokens[self.at][0] != "end":
                raise _Unread(text)
            self.at += 1
            return _EMPTY if kind == "look" else inner
        raise _Unread(text)  # "bad", or a repeat or ")" where no piece is

    def sequence(self) -> _Info:
        tokens = self.tokens
        run: frozenset[str] = frozenset({""})
        best: frozenset[str] | None = None
        whole = True
        while self.at < len(tokens) and tokens[self.at][0] not in ("bar", "end"):
            kind, text = tokens[self.at]
            if kind == "run":
                self.at += 1
                if self.at < len(tokens) and tokens[self.at][0] == "repeat" and len(text) > 1:
                    # the repeat is of the last character only
                    run = frozenset(r + _folded(text[:-1]) for r in run)
                    text = text[-1]
                info: _Info = (frozenset({_folded(text)}), None)
            else:
                info = self.piece()
            if self.at < len(tokens) and tokens[self.at][0] == "repeat":
                info = _repeated(info, tokens[self.at][1])
                self.at += 1
            exact, needed = info
            if exact is not None:
                if len(run) == 1 and len(exact) == 1:
                    joined = frozenset((next(iter(run)) + next(iter(exact)),))
                else:
                    joined = frozenset(a + b for a in run for b in exact)
                if len(joined) <= LIMIT:
                    run = joined
                    continue
                best, run, whole = _better(best, _needed((run, None))), exact, False
                continue
            best = _better(_better(best, _needed((run, None))), needed)
            run, whole = frozenset({""}), False
        if whole:
            return run, None
        return None, _better(best, _needed((run, None)))


def required(pattern: str) -> frozenset[str] | None:
    """Strings (folded) one of which every match of `pattern` contains; None when none is
    certain, or the pattern is not one this reads."""
    reader = _Reader(pattern)
    try:
        info = reader.alternation()
    except _Unread:
        return None
    if reader.at != len(reader.tokens):  # an unmatched ")"
        return None
    needed = _needed(info)
    if needed is None or len(needed) == 1:
        return needed
    # "décision" is enough where "décisions" would be found too
    kept: list[str] = []
    for string in sorted(needed, key=len):
        if not any(k in string for k in kept):
            kept.append(string)
    return frozenset(kept)


#: Characters that stand for something else in a pattern (outside a class).
_SPECIAL = frozenset("\\[](){}|?*+.^$")


def first_characters(pattern: str) -> frozenset[str] | None:
    """The characters a match of `pattern` (matched with case, from where it starts) can begin
    with, or None when this does not tell: a match may be empty, or begin with a class, an
    escape for a kind of character, any character, an anchor, a look-around or a flag.

    Read with a scan of the pattern's first pieces only (a few characters of each alternative),
    no parsing of the rest and no compiling: a pattern tried on a text whose first character it
    cannot begin with (`fullmatch`, `match`) need not be compiled for it."""
    try:
        found, empty, end = _alternation_start(pattern, 0)
    except (_Unread, ValueError, RecursionError):
        return None
    return None if empty or end != len(pattern) else frozenset(found)


def _alternation_start(pattern: str, i: int) -> tuple[set[str], bool, int]:
    """(first characters, may match empty, index of the ")" or the end) of the alternation at `i`."""
    found: set[str] = set()
    empty = False
    while True:
        first, nothing, i = _sequence_start(pattern, i)
        found |= first
        empty = empty or nothing
        if i < len(pattern) and pattern[i] == "|":
            i += 1
            continue
        return found, empty, i


def _sequence_start(pattern: str, i: int) -> tuple[set[str], bool, int]:
    """(first characters, may match empty, index after it) of the sequence at `i`, to its "|",
    ")" or end: its pieces are read until one that cannot match empty, the rest only skipped."""
    found: set[str] = set()
    n = len(pattern)
    while i < n and pattern[i] not in "|)":
        ch = pattern[i]
        if ch == "(":
            if pattern.startswith("(?:", i):
                start = i + 3
            elif pattern.startswith("(?P<", i):
                start = pattern.index(">", i) + 1
            elif pattern.startswith("(?", i):
                raise _Unread(pattern[i:i + 3])  # a look-around, a flag, a reference
            else:
                start = i + 1
            first, nothing, close = _alternation_start(pattern, start)
            if close >= n:
                raise _Unread("(")
            i = close + 1
        elif ch == "\\":
            escaped = pattern[i + 1:i + 2]
            if not escaped or escaped.isalnum():
                raise _Unread(pattern[i:i + 2])  # a kind of character, a boundary, a code
            first, nothing, i = {escaped}, False, i + 2
        elif ch in _SPECIAL:
            raise _Unread(ch)  # a class, any character, an anchor, a stray repeat
        else:
            first, nothing, i = {ch}, False, i + 1
        if i < n and pattern[i] in "?*":
            nothing, i = True, i + 1
        elif i < n and pattern[i] == "+":
            i += 1
        elif i < n and pattern[i] == "{":
            close = pattern.find("}", i)
            least = pattern[i + 1:close].split(",")[0] if close > 0 else "?"
            if least and not least.isdigit():
                raise _Unread("{")
            nothing, i = nothing or not least or int(least) == 0, close + 1
        if i < n and pattern[i] in "?+" and pattern[i - 1] in "?*+}":
            i += 1  # lazy or possessive
        found |= first
        if not nothing:
            return found, False, _sequence_end(pattern, i)
    return found, True, i


#: Where a skipped sequence may end or nest: an escape, a class, a group's ends, a "|".
_STOP = rx.LazyPattern(r"[\\\[()|]")


def _sequence_end(pattern: str, i: int) -> int:
    """The index of the "|" or ")" that ends the sequence going on at `i` (or the end)."""
    depth = 0
    n = len(pattern)
    stop = _STOP.search
    while True:
        found = stop(pattern, i)
        if found is None:
            return n
        i = found.start()
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0:  # "|"
            return i
        i += 1
