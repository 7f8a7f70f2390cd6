"""The caches beside the bytecode (`cache`, `patterns`, the lexicon) never change a result."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from disclosure_lint import cache, patterns
from disclosure_lint.analysis import lexicon

SAMPLES = [
    "The author generated this text in part with GPT-3, OpenAI's large-scale language-generation model.",
    "Upon generating draft language, the author reviewed, edited, and revised the language.",
    "I take full responsibility for every word. No AI was used. Chapter 7", "Written entirely by a human.",
]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cache, "FOLDER", tmp_path / "__pycache__")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.delenv("DISCLOSURE_LINT_CACHE", raising=False)
    return tmp_path / "__pycache__"


def _all_patterns() -> list[tuple[str, int]]:
    lex = lexicon.load_lexicon()
    out = [(s.pattern.pattern, s.pattern.flags) for s in lex.systems]
    for value in lex:
        if isinstance(value, patterns.LazyPattern):
            out.append((value.pattern, value.flags))
        elif isinstance(value, dict):
            out.extend((v.pattern, v.flags) for v in value.values())
    return out


def test_patterns_from_the_cache_are_the_patterns_re_compiles(folder: Path) -> None:
    if patterns._engine() is None:
        pytest.skip("no CPython 3.11+ engine: the cache is off")
    writer = patterns._Cache()
    for source, flags in _all_patterns():
        writer.compile(source, flags)
    writer.save()
    assert cache.path("patterns").is_file()
    reader = patterns._Cache()
    for source, flags in _all_patterns():
        got, want = reader.compile(source, flags), re.compile(source, flags)
        assert (got.pattern, got.flags, got.groups, got.groupindex) == \
            (want.pattern, want.flags, want.groups, want.groupindex)
        for text in SAMPLES:
            assert [m.span() for m in got.finditer(text)] == [m.span() for m in want.finditer(text)]
    assert not reader.dirty  # every pattern came from the file


def test_a_damaged_or_foreign_cache_is_ignored(folder: Path) -> None:
    folder.mkdir()
    cache.path("patterns").write_bytes(b"\x00not marshal")
    assert patterns._Cache().compile(r"ab+c", 0).fullmatch("abbc")
    cache.store("patterns", ("another python",), {("ab+c", 0): (0, b"\xff" * 8, 0, {}, ())})
    assert patterns._Cache().compile(r"ab+c", 0).fullmatch("abbc")


def test_a_damaged_entry_is_compiled_again(folder: Path) -> None:
    if patterns._engine() is None:
        pytest.skip("no CPython 3.11+ engine: the cache is off")
    header = patterns._Cache().header()
    cache.store("patterns", header, {("ab+c", 0): (0, b"\xff\xff\xff\x7f" * 4, 0, {}, ())})
    fresh = patterns._Cache()
    assert fresh.compile(r"ab+c", 0).fullmatch("abbc") and fresh.dirty


def test_nothing_written_without_bytecode_or_when_turned_off(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    cache.store("lexicon", ("h",), {"a": 1})
    assert not folder.exists()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setenv("DISCLOSURE_LINT_CACHE", "0")
    cache.store("lexicon", ("h",), {"a": 1})
    assert not folder.exists() and cache.load("lexicon", ("h",)) is None


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_install_only_runs_slower(folder: Path) -> None:
    folder.mkdir()
    folder.chmod(0o500)
    try:
        cache.store("lexicon", ("h",), {"a": 1})
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_the_lexicon_is_parsed_again_when_its_text_changes(folder: Path) -> None:
    data = lexicon._raw()  # parsed, then stored
    assert cache.path("lexicon").is_file()
    assert lexicon._raw() == data
    text = (Path(lexicon.__file__).parent / "lexicon.toml").read_text("utf-8")
    assert cache.load("lexicon", ("disclosure-lint lexicon 1", text)) == data
    assert cache.load("lexicon", ("disclosure-lint lexicon 1", text + "\n# edited")) is None
