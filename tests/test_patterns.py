"""Lexicon and heading patterns compile on first use and match as `re` does."""

from __future__ import annotations

import re

import pytest

from disclosure_lint.analysis.lexicon import load_lexicon
from disclosure_lint.patterns import LazyPattern


def test_compiled_only_when_first_used() -> None:
    lazy = LazyPattern(r"(?<!\w)stor(?:y|ies)", re.IGNORECASE)
    assert lazy._compiled is None
    assert lazy.search("A STORY").group(0) == "STORY"  # type: ignore[union-attr]
    assert [m.group(0) for m in lazy.finditer("story, stories")] == ["story", "stories"]
    assert lazy.fullmatch("stories") and lazy.match("story time") and not lazy.search("history")
    assert lazy._compiled is not None


def test_loading_the_lexicon_compiles_nothing() -> None:
    load_lexicon.cache_clear()
    lex = load_lexicon()
    assert all(s.pattern._compiled is None for s in lex.systems)
    assert lex.plain_ai._compiled is None and lex.responsibility._compiled is None


def test_records_are_the_namedtuples_typing_would_make() -> None:
    import pickle
    import typing

    from disclosure_lint.model import Block, Location
    from disclosure_lint.records import NamedTuple

    class Typed(typing.NamedTuple):
        path: str
        line: int | None = None

    class Fast(NamedTuple):
        """A record."""

        path: str
        line: int | None = None

        @property
        def where(self) -> str:
            return f"{self.path}:{self.line}"

    assert Fast._fields == Typed._fields and Fast._field_defaults == Typed._field_defaults
    assert Fast("a", 1) == ("a", 1) == Typed("a", 1) and Fast("a").line is None
    assert Fast("a", 2).where == "a:2" and Fast.__doc__ == "A record."
    assert Fast("a", 2)._replace(line=3) == Fast("a", 3)
    loc = Location("book.md", 3, 1, "Foreword", 2)
    assert pickle.loads(pickle.dumps(Block("text", loc))) == Block("text", loc)
    with pytest.raises(TypeError):
        class Bad(NamedTuple):
            a: int = 1
            b: int
