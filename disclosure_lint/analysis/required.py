"""The literal words every match of a pattern holds: a cheap test before the pattern is tried.

`re` tries a pattern that opens with a group of common words ("(?:a|an|the|this) ...",
"(?:certainly|sure|of course ...) ...") at every position where one of those words can start, which
in prose is nearly every position. A literal search (`in`) for the words a match must hold skips
almost every paragraph of a novel without trying the pattern at all.

The words are read from the pattern's source by a scan of its top level (outside every group and
class): a run of plain characters there that no quantifier follows, or a group of plain
alternatives ("(?:here's|here is|i have)") that no quantifier follows, is part of every match,
since a pattern without a top-level "|" is a sequence of its top-level pieces. Anything the scan
is not sure of (a top-level alternation, an escape, a quantified piece) is passed over; a
pattern with nothing it is sure of has no words, and is always tried.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: Characters that stand for themselves in a pattern (in a lower-case pattern matched with case).
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 '\u2019,:;!-")
_QUANTIFIERS = frozenset("*+?{")
#: The shortest word worth a search of its own.
_SHORTEST = 4


def required_words(pattern: str) -> tuple[str, ...]:
    """Words one of which every match of `pattern` holds, or () when the scan finds none worth a
    search (`_SHORTEST` characters or more in each)."""
    runs: list[str] = []
    groups: list[tuple[str, ...]] = []
    run: list[str] = []
    i, n = 0, len(pattern)

    def close_run(quantified: bool) -> None:
        if quantified and run:
            run.pop()  # "abc?": only "ab" is sure
        if run:
            runs.append("".join(run))
        run.clear()

    while i < n:
        ch = pattern[i]
        if ch in _PLAIN:
            run.append(ch)
            i += 1
            continue
        quantified = ch in _QUANTIFIERS
        close_run(quantified)
        if ch == "|":
            return ()  # a top-level alternation: no piece is in every match
        if ch == "\\":
            i = _escape_end(pattern, i)
        elif ch == "[":
            i = _class_end(pattern, i)
        elif ch == "{":
            close = pattern.find("}", i)  # "{0,60}": its digits are no letters of a match
            i = close + 1 if close >= 0 else n
        elif ch == "(":
            end = _group_end(pattern, i)
            if end < 0:
                return ()
            body = pattern[i + 1:end]
            if end + 1 < n and pattern[end + 1] in _QUANTIFIERS:
                pass  # "(...)?" may match nothing
            elif body.startswith("?:"):
                alternatives = tuple(body[2:].split("|"))
                if all(a and set(a) <= _PLAIN for a in alternatives):
                    groups.append(alternatives)
            i = end + 1
        else:
            i += 1  # ".", "^", "$", a quantifier
    close_run(False)
    # The most telling piece: the one whose shortest word is longest ("version of your" rather
    # than "(?:i|i'm|my)", which every paragraph passes).
    pieces = [(run,) for run in runs] + groups
    best = max(pieces, key=lambda words: min(map(len, words)), default=())
    return best if best and min(map(len, best)) >= _SHORTEST else ()


def _escape_end(pattern: str, start: int) -> int:
    """The index after the escape at `start` ("\\b", "\\u2014", "\\x41", "\\N{...}", "\\12")."""
    kind = pattern[start + 1:start + 2]
    if kind == "u":
        return start + 6
    if kind == "U":
        return start + 10
    if kind == "x":
        return start + 4
    if kind == "N":
        close = pattern.find("}", start)
        return close + 1 if close >= 0 else len(pattern)
    i = start + 2
    if kind.isdigit():
        while i < len(pattern) and pattern[i].isdigit():
            i += 1
    return i


def _class_end(pattern: str, start: int) -> int:
    """The index after the class opening at `start` ("[...]", "]" first or escaped inside)."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _group_end(pattern: str, start: int) -> int:
    """The index of the ")" closing the group opening at `start`, or -1."""
    depth = 0
    i = start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(pattern, i)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


#: The most alternatives a joined piece may have (each one a literal the caller may look for).
_MOST_JOINED = 256


def required_pieces(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Every piece of `pattern` the scan of `required_words` is sure of, each as the words one of
    which every match holds, with pieces that stand next to each other joined: "here(?:'s| is) "
    gives ("here's ", "here is "), where `required_words` sees "here" and ("'s", " is") apart.
    () for a top-level alternation."""
    pieces: list[tuple[str, ...]] = []
    joined: list[str] = []  # the alternatives of the run of adjacent sure pieces so far

    def close() -> None:
        if joined:
            pieces.append(tuple(dict.fromkeys(joined)))
        joined.clear()

    def extend(alternatives: Sequence[str]) -> None:
        if len(joined) * len(alternatives) > _MOST_JOINED:
            close()
        joined[:] = [a + b for a in (joined or [""]) for b in alternatives]

    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch in _PLAIN:
            if i + 1 < n and pattern[i + 1] in _QUANTIFIERS:
                close()  # "abc?": the quantified letter is not sure, nor what follows it next to "ab"
            else:
                extend((ch,))
            i += 1
            continue
        if ch == "|":
            return ()
        if ch == "(":
            end = _group_end(pattern, i)
            if end < 0:
                return ()
            body = pattern[i + 1:end]
            if (body.startswith("?:") and not (end + 1 < n and pattern[end + 1] in _QUANTIFIERS)
                    and all(a and set(a) <= _PLAIN for a in body[2:].split("|"))):
                extend(body[2:].split("|"))
            else:
                close()
            i = end + 1
            continue
        close()
        if ch == "\\":
            i = _escape_end(pattern, i)
        elif ch == "[":
            i = _class_end(pattern, i)
        elif ch == "{":
            brace = pattern.find("}", i)
            i = brace + 1 if brace >= 0 else n
        else:
            i += 1  # ".", "^", "$", a quantifier
    close()
    return tuple(pieces)


#: How many strings a piece is spelled out to at most ("here(?:'s| is| are) (?:an?|the) " is 12).
_SPELLED = 16
#: The shortest string a piece of `required_sets` may hold: shorter ones ("a", "the") are in
#: nearly every paragraph and would only cost a search.
_SHORTEST_SET = 3

#: (exact, sets): the strings a piece matches exactly (None: not a few strings), and sets one
#: string of each of which each of its matches holds.
_Sure = tuple[frozenset[str] | None, list[frozenset[str]]]


def required_sets(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Every set of strings one of which every match of `pattern` (matched with case) holds, at
    any depth of the pattern, the cheapest to look for first (the fewest strings, then the longest
    shortest string): a text lacking every string of one set has no match.

    Where `required_pieces` reads the top level alone, this reads the pattern as `re` parses it
    (`re._parser`), into groups and repeats: "(?:(?:revised|rewritten) ){1,2}" needs one of its
    words, and so does every alternative of "(?:your|{writing}) ...|{writing} ..." ({writing}).
    It is slow (the parser's work, most of what compiling costs), so its answers are kept with
    the data (`literal_index`) and not read on a check. A pattern it cannot parse, or one
    matching without case in part ("(?i:...)"), needs nothing it can say: ()."""
    import re
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]
        parsed = _parser.parse(pattern, 0)
    except Exception:
        return ()
    if parsed.state.flags & re.IGNORECASE:
        return ()

    def sure(items: Any) -> _Sure:
        run: frozenset[str] = frozenset({""})
        sets: list[frozenset[str]] = []
        whole = True
        for op, av in items:
            exact, inner = node(op, av)
            if exact is not None:
                joined = frozenset(a + b for a in run for b in exact)
                if len(joined) <= _SPELLED:
                    run = joined
                    continue
                if "" not in run:
                    sets.append(run)
                run, whole = exact, False
                continue
            if "" not in run:
                sets.append(run)
            run, whole = frozenset({""}), False
            sets.extend(inner)
        if whole:
            return run, []
        if "" not in run:
            sets.append(run)
        return None, sets

    def one(info: _Sure) -> frozenset[str] | None:
        """The set that says most of a piece's matches (None: nothing)."""
        exact, sets = info
        found = ([exact] if exact and "" not in exact else []) + sets
        return max(found, key=lambda s: (min(map(len, s)), -len(s)), default=None)

    def node(op: Any, av: Any) -> _Sure:
        c = _constants
        if op is c.LITERAL:
            return frozenset({chr(av)}), []
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            return frozenset({""}), []  # matches no text
        if op is c.SUBPATTERN:
            _, add, _, inner = av
            return (None, []) if add & re.IGNORECASE else sure(inner)
        if op is c.BRANCH:
            infos = [sure(alternative) for alternative in av[1]]
            exacts = [exact for exact, _ in infos]
            if all(e is not None for e in exacts):
                union = frozenset().union(*(e for e in exacts if e is not None))
                if len(union) <= _SPELLED:
                    return union, []
            each = [one(info) for info in infos]
            if any(s is None for s in each):
                return None, []
            return None, [frozenset().union(*(s for s in each if s is not None))]
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            least, most, inner = av
            exact, sets = sure(inner)
            if least >= 1:
                if exact is not None and least == most == 1:
                    return exact, []
                return None, ([exact] if exact is not None and "" not in exact else []) + sets
            if most == 1 and exact is not None and len(exact) < _SPELLED:
                return exact | {""}, []
            return None, []
        if op is c.IN and all(o is c.LITERAL for o, _ in av):
            return frozenset(chr(a) for _, a in av), []
        return None, []  # a class, any character, a reference: nothing certain

    exact, sets = sure(parsed)
    found = ([exact] if exact is not None and "" not in exact else []) + sets
    out: list[tuple[str, ...]] = []
    for strings in found:
        kept: list[str] = []
        for string in sorted(strings, key=lambda s: (len(s), s)):
            if not any(k in string for k in kept):  # "details" is found where "detail" is
                kept.append(string)
        if min(map(len, kept)) >= _SHORTEST_SET and tuple(kept) not in out:
            out.append(tuple(kept))
    return tuple(sorted(out, key=lambda s: (len(s), -min(map(len, s)))))


#: A lead (`leading`) is at most this share of its pattern: short enough to compile first.
_LEAD_SHARE = 4
#: The shortest lead worth compiling first.
_SHORTEST_LEAD = 8


def leading(pattern: str) -> str | None:
    """The pieces `pattern` starts with, as a pattern of their own, at most a quarter of it: every
    match of `pattern` starts with a match of them, at the same place, so a text they are not
    found in holds no match, and the whole (four times as long to compile, or more) need not be
    compiled for it ("(?:certainly|sure|...)\\s*[!,.:;]+\\s*(?:here's|here is|...)", 150 characters of
    a residue part of 1,120, none of whose matches is in *Pride and Prejudice*). None: the pattern
    is an alternation at its top level, refers to a group, or starts with nothing short enough."""
    import re

    body = pattern
    while body.startswith("(?:") and _group_end(body, 0) == len(body) - 1:
        body = body[3:-1]
    if "(?P=" in body or any(body[i + 1:i + 2].isdigit() for i, ch in enumerate(body) if ch == "\\"):
        return None  # a reference to a group: not read
    lead: list[str] = []
    size = 0
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch == "|":
            return None
        if ch == "\\":
            end = _escape_end(body, i)
        elif ch == "[":
            end = _class_end(body, i)
        elif ch == "(":
            end = _group_end(body, i) + 1
            if end == 0:
                return None
        else:
            end = i + 1
        if end < n and body[end] in "*+?":
            end += 1
        elif end < n and body[end] == "{":
            brace = re.match(r"\{\d*(?:,\d*)?\}", body[end:])
            end += brace.end() if brace else 0  # else a literal "{"
        if end < n and body[end] in "?+" and body[end - 1] in "*+?}":
            end += 1  # lazy or possessive
        if (size + end - i) * _LEAD_SHARE > len(pattern):
            break
        lead.append(body[i:end])
        size += end - i
        i = end
    else:
        return None  # the whole pattern: nothing to spare
    text = "".join(lead)
    return text if len(text) >= _SHORTEST_LEAD else None


#: The most strings `starting` lists.
_MOST_STARTS = 16


def starting(pattern: str, most: int = _MOST_STARTS) -> tuple[str, ...] | None:
    """For a pattern anchored at the start (`^` or `\\A` first, matched with case and without
    MULTILINE): strings one of which a text it matches in starts with, the longest spelled by its
    first pieces (a search for "^(?:certainly|sure) ..." needs a text starting with "certainly" or
    "sure"): `str.startswith` says so without compiling it. None: not anchored so, or its first
    piece is a class, a boundary or more than `most` strings."""
    import re
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser  # type: ignore[attr-defined]
        parsed = _parser.parse(pattern, 0)
    except Exception:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.MULTILINE):
        return None
    items = list(parsed)
    while len(items) == 1 and items[0][0] is c.SUBPATTERN and not items[0][1][1] and not items[0][1][2]:
        items = list(items[0][1][3])  # a group around the whole: "(?:^here ...)"
    if not items or items[0][0] is not c.AT or items[0][1] not in (c.AT_BEGINNING, c.AT_BEGINNING_STRING):
        return None

    def spelled(op: Any, av: Any) -> frozenset[str] | None:
        """The strings one piece matches, when a few (None: not known)."""
        if op is c.LITERAL:
            return frozenset({chr(av)})
        if op is c.SUBPATTERN and not av[1] and not av[2]:
            return run(av[3])
        if op is c.BRANCH:
            out: frozenset[str] = frozenset()
            for alternative in av[1]:
                strings = run(alternative)
                if strings is None:
                    return None
                out |= strings
            return out if len(out) <= most else None
        if op is c.IN and all(o is c.LITERAL for o, _ in av):
            return frozenset(chr(a) for _, a in av)
        return None

    def run(items: Any) -> frozenset[str] | None:
        out: frozenset[str] = frozenset({""})
        for op, av in items:
            piece = spelled(op, av)
            if piece is None:
                return None
            out = frozenset(a + b for a in out for b in piece)
            if len(out) > most:
                return None
        return out

    starts: frozenset[str] = frozenset({""})
    for op, av in items[1:]:
        piece = spelled(op, av)
        if piece is None:
            break
        longer = frozenset(a + b for a in starts for b in piece)
        if len(longer) > most:
            break
        starts = longer
    if "" in starts:
        return None
    kept = sorted(starts, key=lambda s: (len(s), s))
    return tuple(s for n, s in enumerate(kept) if not any(s.startswith(k) for k in kept[:n]))
