"""Regular expressions compiled on their first use, and remembered between runs.

Python compiles a regular expression in Python, about 2 µs per character of pattern, and the
lexicon, the heading vocabulary and the sentence reader hold some 20,000 characters of them:
compiling them took longer than reading a 150,000-word novel. Two things keep that cost down:

- a `LazyPattern` is compiled when it is first matched, so a run pays only for the patterns it
  uses (a book with no AI word reads almost no sentence closely);
- what compiling produces (the regular-expression engine's code for the pattern) is kept in a
  file beside the package's bytecode (`cache`), and the next run builds each pattern from it
  without parsing the pattern again.

The cache is an optimisation only, and it can never change a match: an entry is used only by
the Python that wrote it (same version, same engine code format), the engine checks the code it
is given, and anything unexpected (another Python, a damaged or missing file, `re` internals
not as in CPython 3.11-3.13) means compiling as usual with `re.compile`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

from . import cache

#: The engine's code for one pattern: (flags, code words as bytes, groups, groupindex, indexgroup).
_Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
#: The cache holds at most this many patterns (the package's own are about 200).
MAX_ENTRIES = 2_000


class _Cache:
    """Compiled patterns read from, and written back to, the cache file."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, int], _Entry] | None = None  # None: not read yet
        self.dirty = False
        #: `re`'s parser and compiler and CPython's engine; None when the cache is off.
        self.engine = _engine() if cache.enabled() else None

    def header(self) -> tuple[Any, ...]:
        assert self.engine is not None
        sre = self.engine[2]
        return ("disclosure-lint patterns 1", sys.version, sys.implementation.name, sre.MAGIC, sre.CODESIZE)

    def load(self) -> dict[tuple[str, int], _Entry]:
        if self.entries is None:
            entries = cache.load("patterns", self.header())
            self.entries = entries if isinstance(entries, dict) else {}
        return self.entries

    def compile(self, pattern: str, flags: int) -> re.Pattern[str]:
        flags = int(flags)  # a RegexFlag is an int marshal cannot store
        if self.engine is None:
            return re.compile(pattern, flags)
        parser, compiler, sre = self.engine
        entries = self.load()
        key = (pattern, flags)
        entry = entries.get(key)
        if entry is not None:
            try:
                final_flags, code, groups, groupindex, indexgroup = entry
                words = memoryview(code).cast("I" if sre.CODESIZE == 4 else "H").tolist()
                compiled: re.Pattern[str] = sre.compile(pattern, final_flags, words, groups, groupindex,
                                                        indexgroup)
                return compiled
            except Exception:  # a damaged entry (the engine checks the code): compile it again
                del entries[key]
        try:
            # What re.compile does (re._compiler.compile), keeping the code it builds.
            from array import array  # only when a pattern is compiled anew: its import costs ms

            parsed = parser.parse(pattern, flags)
            code_words = array("I" if sre.CODESIZE == 4 else "H", compiler._code(parsed, flags))
            groupindex = dict(parsed.state.groupdict)
            names: list[str | None] = [None] * parsed.state.groups
            for name, index in groupindex.items():
                names[index] = name
            entry = (int(flags | parsed.state.flags), code_words.tobytes(), parsed.state.groups - 1, groupindex,
                     tuple(names))
            compiled = sre.compile(pattern, entry[0], code_words.tolist(), entry[2], groupindex, entry[4])
        except Exception:  # internals not as expected, or a bad pattern: the public way says which
            return re.compile(pattern, flags)
        if len(entries) < MAX_ENTRIES:
            entries[key] = entry
            self.dirty = True
        return compiled

    def save(self) -> None:
        """Write new entries to the cache file (see `cache`)."""
        if self.dirty and self.entries is not None:
            self.dirty = False
            cache.store("patterns", self.header(), self.entries)


def _engine() -> tuple[Any, Any, Any] | None:
    """The parser, compiler and engine modules of CPython 3.11+ `re`, or None elsewhere."""
    parser = getattr(re, "_parser", None)
    compiler = getattr(re, "_compiler", None)
    if parser is None or compiler is None or not hasattr(compiler, "_code") or sys.implementation.name != "cpython":
        return None
    import _sre  # type: ignore[import-not-found]  # CPython's engine, no stub

    return parser, compiler, _sre


_CACHE = _Cache()

#: Patterns compiled in this process, by (pattern, flags): what `re`'s own cache does for re.search.
_MEMO: dict[tuple[str, int], re.Pattern[str]] = {}


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile`, once per process for each pattern, from the cache file when this Python
    compiled the same pattern before."""
    key = (pattern, int(flags))
    compiled = _MEMO.get(key)
    if compiled is None:
        compiled = _MEMO[key] = _CACHE.compile(pattern, flags)
    return compiled


# `re`'s module functions, through the cache: ``rx.search(r"...", text)`` for ``re.search``.
def search(pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
    return compile(pattern, flags).search(string)


def match(pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
    return compile(pattern, flags).match(string)


def fullmatch(pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
    return compile(pattern, flags).fullmatch(string)


def sub(pattern: str, repl: str, string: str, count: int = 0, flags: int = 0) -> str:
    return compile(pattern, flags).sub(repl, string, count)


def split(pattern: str, string: str, maxsplit: int = 0, flags: int = 0) -> list[str]:
    return compile(pattern, flags).split(string, maxsplit)


def findall(pattern: str, string: str, flags: int = 0) -> list[Any]:
    return compile(pattern, flags).findall(string)


def finditer(pattern: str, string: str, flags: int = 0) -> Iterator[re.Match[str]]:
    return compile(pattern, flags).finditer(string)


def save_cache() -> None:
    """Keep the patterns compiled in this run for the next one (see the module docstring)."""
    _CACHE.save()


class LazyPattern:
    """A regular expression compiled on first use; the `re.Pattern` methods the analysis uses."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = compile(self.pattern, self.flags)
        return compiled

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def sub(self, repl: str, string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LazyPattern):
            return NotImplemented
        return (self.pattern, self.flags) == (other.pattern, other.flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern[:40]!r}...)"
