"""Regular expressions compiled on their first use, and remembered between runs.

Python compiles a regular expression in Python, about 2 µs per character of pattern, and the
lexicon, the heading vocabulary and the sentence reader hold some 20,000 characters of them:
compiling them took longer than reading a 150,000-word novel. Two things keep that cost down:

- a `LazyPattern` is compiled when it is first matched, so a run pays only for the patterns it
  uses (a book with no AI word reads almost no sentence closely);
- what compiling produces (the regular-expression engine's code for the pattern) is kept in a
  file beside the package's bytecode (`cache`), and the next run builds each pattern from it
  without parsing the pattern again.

The cache is an optimisation only, and it must never change a match: an entry is used only by
the Python that wrote it (same version, same engine code format), only when its digest over the
pattern, the flags and the code is intact (the engine itself accepts code that was altered, as
long as it is well formed), and anything unexpected (another Python, a damaged, foreign or
missing file or entry) means compiling as usual, and writing the entry anew. Whether `re`'s
internals are the ones this reads is found once, on the first pattern (`_engine` builds a probe
and compares it with `re.compile`'s): where they differ, every pattern goes to `re.compile`, and
none is compiled twice.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

from . import cache

#: The engine's code for one pattern: (digest, flags, code words as bytes, groups, groupindex, indexgroup).
_Entry = tuple[bytes, int, bytes, int, dict[str, int], tuple[str | None, ...]]
#: The cache holds at most this many patterns (the package's own are about 200).
MAX_ENTRIES = 2_000
#: A pattern with a group, a named group, a class, a repeat and a look-behind: the engine is used
#: only if it builds this one exactly as `re.compile` does.
_PROBE = r"(?<![\w-])(?P<word>ab+[c-e]?)(\s+|$)"


def _entry_digest(pattern: str, flags: int, final_flags: int, code: bytes, groups: int,
                  groupindex: dict[str, int], indexgroup: tuple[str | None, ...]) -> bytes:
    """The digest that ties an entry's code to its pattern and flags (checked on every load)."""
    text = pattern.encode("utf-8", "surrogatepass")
    described = repr((len(text), flags, final_flags, groups, sorted(groupindex.items()), indexgroup))
    return cache.digest(b"\0".join((described.encode(), text, code)))


class _Cache:
    """Compiled patterns read from, and written back to, the cache file."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, int], _Entry] | None = None  # None: not read yet
        self.dirty = False
        #: `re`'s parser and compiler and CPython's engine, looked up on first use (`_engine`);
        #: None when the cache is off or they are not as expected.
        self._engine: tuple[Any, Any, Any] | None = None
        self._engine_known = not cache.enabled()
        #: Has the engine built `_PROBE` as re.compile does? Asked before the first pattern is
        #: compiled anew (a file's entries were written by this same Python, after its probe).
        self._probed = False

    @property
    def engine(self) -> tuple[Any, Any, Any] | None:
        if not self._engine_known:
            self._engine_known = True
            self._engine = _engine()
        return self._engine

    def header(self) -> tuple[Any, ...]:
        assert self.engine is not None
        sre = self.engine[2]
        return ("disclosure-lint patterns 2", sys.version, sys.implementation.name, sre.MAGIC, sre.CODESIZE)

    def load(self) -> dict[tuple[str, int], _Entry]:
        if self.entries is None:
            entries = cache.load("patterns", self.header())
            self.entries = entries if isinstance(entries, dict) else {}
        return self.entries

    def compile(self, pattern: str, flags: int) -> re.Pattern[str]:
        flags = int(flags)  # a RegexFlag is an int marshal cannot store
        engine = self.engine
        if engine is None:
            return re.compile(pattern, flags)
        sre = engine[2]
        entries = self.load()
        key = (pattern, flags)
        entry = entries.get(key)
        if entry is not None:
            try:
                stored_digest, final_flags, code, groups, groupindex, indexgroup = entry
                if stored_digest != _entry_digest(pattern, flags, final_flags, code, groups, groupindex, indexgroup):
                    raise ValueError("digest")
                words = memoryview(code).cast("I" if sre.CODESIZE == 4 else "H").tolist()
                compiled: re.Pattern[str] = sre.compile(pattern, final_flags, words, groups, groupindex,
                                                        indexgroup)
                return compiled
            except Exception:  # a damaged or foreign entry: compile it again, and store it anew
                del entries[key]
                self.dirty = True
        if not self._probed:
            self._probed = True
            if not _probe(engine):
                self._engine = None
                return re.compile(pattern, flags)
        try:
            compiled, entry = _compile_keeping_code(engine, pattern, flags)
        except Exception:
            # A bad pattern (re.compile says which), or internals not as the probe found them:
            # from now on only re.compile, so no pattern is compiled twice.
            compiled = re.compile(pattern, flags)
            self._engine = None
            return compiled
        if len(entries) < MAX_ENTRIES:
            entries[key] = entry
            self.dirty = True
        return compiled

    def save(self) -> None:
        """Write new entries to the cache file (see `cache`)."""
        if self.dirty and self.entries is not None and self.engine is not None:
            self.dirty = False
            cache.store("patterns", self.header(), self.entries)


def _build(engine: tuple[Any, Any, Any], pattern: str, flags: int) -> tuple[re.Pattern[str], tuple[Any, ...]]:
    """What re.compile does (re._compiler.compile), keeping what it builds: the pattern, and
    (final flags, code words, groups, groupindex, indexgroup)."""
    parser, compiler, sre = engine
    parsed = parser.parse(pattern, flags)
    words = compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    names: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        names[index] = name
    parts = (int(flags | parsed.state.flags), words, parsed.state.groups - 1, groupindex, tuple(names))
    compiled: re.Pattern[str] = sre.compile(pattern, *parts)
    return compiled, parts


def _compile_keeping_code(engine: tuple[Any, Any, Any], pattern: str, flags: int) -> tuple[re.Pattern[str], _Entry]:
    """A pattern compiled anew, and its cache entry."""
    from array import array  # only when a pattern is compiled anew: its import costs ms

    compiled, (final_flags, words, groups, groupindex, indexgroup) = _build(engine, pattern, flags)
    code = array("I" if engine[2].CODESIZE == 4 else "H", words).tobytes()
    entry = (_entry_digest(pattern, flags, final_flags, code, groups, groupindex, indexgroup), final_flags, code,
             groups, groupindex, indexgroup)
    return compiled, entry


def _engine() -> tuple[Any, Any, Any] | None:
    """The parser, compiler and engine modules of CPython 3.11+ `re`, or None elsewhere."""
    parser = getattr(re, "_parser", None)
    compiler = getattr(re, "_compiler", None)
    if parser is None or compiler is None or not hasattr(compiler, "_code") or sys.implementation.name != "cpython":
        return None
    try:
        import _sre  # type: ignore[import-not-found]  # CPython's engine, no stub
    except ImportError:
        return None
    return parser, compiler, _sre


def _probe(engine: tuple[Any, Any, Any]) -> bool:
    """Does `engine` build `_PROBE` exactly as `re.compile` does (flags, groups, code words)?"""
    try:
        probe, _ = _build(engine, _PROBE, re.IGNORECASE)
    except Exception:
        return False
    # Patterns compare equal when their flags, pattern and code words are the same.
    return probe == re.compile(_PROBE, re.IGNORECASE) and probe.groupindex == {"word": 1} and probe.groups == 2


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


def caching() -> bool:
    """Are compiled patterns kept for the next run? (Not when the cache is off, nor on a Python
    whose `re` is not as `_engine` expects.) A run that keeps none compiles only what it needs."""
    return _CACHE.engine is not None


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

    @property
    def ready(self) -> bool:
        """Is it compiled already (in this process)?"""
        return self._compiled is not None

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled.findall(string, pos, endpos)

    def sub(self, repl: str, string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def pattern_for(self, string: str) -> str | None:
        """A pattern that finds in `string` what this one finds (this one; a list may answer
        with the part of it that can match there, or None when none can)."""
        return self.pattern

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LazyPattern):
            return NotImplemented
        return (self.pattern, self.flags) == (other.pattern, other.flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern[:40]!r}...)"
