"""The packed copies of the lexicons and residue lists (`packed`): the data parsing the file gives,
used only for the text they were made from (issue 21)."""

from __future__ import annotations

import marshal
import tomllib
from pathlib import Path
from typing import Any

import pytest

from disclosure_lint import cache, packed
from disclosure_lint.analysis import lexicon, residue
from disclosure_lint.config import parse_toml

SOURCES = packed.sources()


def test_the_lexicons_and_residue_lists_have_packed_copies() -> None:
    names = {str(p.relative_to(packed.PACKAGE)) for p in SOURCES}
    assert {"analysis/lexicon/shared.toml", "analysis/lexicon/en.toml", "analysis/lexicon/fr.toml",
            "analysis/residue/en.toml"} <= names


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(packed.PACKAGE)))
def test_each_packed_copy_is_what_parsing_its_file_gives(source: Path) -> None:
    """Fails when a data file changed without its copy (`python -m disclosure_lint.packed`)."""
    text = source.read_text("utf-8")
    data = packed.load(source, text)
    assert data is not None, f"{source.name}: no packed copy of this text; run python -m disclosure_lint.packed"
    assert data == parse_toml(text) == tomllib.loads(text)
    assert _types(data) == _types(tomllib.loads(text))


def _types(value: Any) -> Any:
    """The value's shape with the type of every leaf (1 and 1.0 and True compare equal)."""
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__


@pytest.fixture
def copy(tmp_path: Path) -> tuple[Path, str]:
    """A data file and its packed copy, in a folder of their own."""
    text = '[ai]\nplain = ["AI", "machine learning"]  # a comment\n\n[text]\nlimit = 3\nshare = 0.5\n'
    source = tmp_path / "xx.toml"
    source.write_text(text, "utf-8")
    packed.path(source).write_bytes(packed.pack(text, tomllib.loads(text)))
    return source, text


def test_a_copy_is_read_for_the_text_it_was_made_from(copy: tuple[Path, str]) -> None:
    source, text = copy
    assert packed.path(source) == source.with_suffix(".packed")
    assert packed.load(source, text) == {"ai": {"plain": ["AI", "machine learning"]},
                                         "text": {"limit": 3, "share": 0.5}}


def test_an_edited_file_is_parsed_again(copy: tuple[Path, str]) -> None:
    source, text = copy
    assert packed.load(source, text.replace("machine learning", "deep learning")) is None
    assert packed.load(source, text + "\n") is None


def _damaged(good: bytes) -> dict[str, bytes]:
    head = len(packed.MAGIC)
    flipped = bytearray(good)
    flipped[-3] ^= 0x5A
    listed = marshal.dumps([1, 2])
    return {
        "empty": b"",
        "truncated": good[:-5],
        "payload flipped": bytes(flipped),
        "another layout": b"disclosure-lint packed TOML 0\n" + good[head:],
        "text digest altered": good[:head] + bytes(12) + good[head + 12:],
        "not marshal, digest right": good[:head + 12] + cache.digest(b"\xff\x00") + b"\xff\x00",
        "not a table, digest right": good[:head + 12] + cache.digest(listed) + listed,
    }


@pytest.mark.parametrize("damage", list(_damaged(b"x" * 40)))
def test_a_damaged_or_foreign_copy_is_not_read(copy: tuple[Path, str], damage: str) -> None:
    source, text = copy
    target = packed.path(source)
    target.write_bytes(_damaged(target.read_bytes())[damage])
    assert packed.load(source, text) is None


def test_no_copy_means_parsing(tmp_path: Path) -> None:
    assert packed.load(tmp_path / "none.toml", "a = 1\n") is None


def test_the_lexicon_and_residue_read_with_and_without_the_copies_are_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """What the analysis gets from a copy is what it gets from parsing (the cache off)."""
    monkeypatch.setenv("DISCLOSURE_LINT_CACHE", "0")
    monkeypatch.setattr(lexicon, "_FILES", {})
    fast = {name: lexicon._raw_file(name)[0] for name in ("shared", "en", "fr")}
    fast_residue = (residue._raw("en"), residue._raw("en", examples=True))
    fast_anchors = residue.anchors.__wrapped__("en")
    monkeypatch.setattr(packed, "load", lambda source, text: None)
    monkeypatch.setattr(lexicon, "_FILES", {})
    assert fast == {name: lexicon._raw_file(name)[0] for name in ("shared", "en", "fr")}
    assert fast_residue == (residue._raw("en"), residue._raw("en", examples=True))
    assert fast_anchors == residue.anchors.__wrapped__("en")
    assert "examples" not in fast_residue[0] and "examples" in fast_residue[1]


def test_writing_the_copies_again_writes_what_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for folder in packed.FOLDERS:
        (tmp_path / folder).mkdir(parents=True)
        for source in (packed.PACKAGE / folder).glob("*.toml"):
            (tmp_path / folder / source.name).write_text(source.read_text("utf-8"), "utf-8")
    monkeypatch.setattr(packed, "PACKAGE", tmp_path)
    written = packed.write_all()
    assert sorted(written) == sorted(packed.path(p) for p in packed.sources()) and written
    for source in packed.sources():
        text = source.read_text("utf-8")
        assert packed.load(source, text) == tomllib.loads(text)


# -- what the language files compile to (`readers.language._shipped`) -----------------------------


def test_what_the_language_files_compile_to_is_shipped_as_they_are() -> None:
    """Fails when a language file changed without the shipped values
    (`python -m disclosure_lint.readers.language`)."""
    from disclosure_lint.readers import language

    values = language.shipped_values()
    assert sorted(values) == ["language-heading-gates", "language-heading-words", "language-patterns", "languages"]
    for name, (header, value) in values.items():
        assert language._shipped(name, header) == value, f"{name}: run python -m disclosure_lint.readers.language"


def test_a_value_is_read_for_the_header_it_was_made_from(tmp_path: Path) -> None:
    target = tmp_path / "v.packed"
    header = ("made from 1", (("en", "chapter = 1\n"), ("fr", "chapitre = 1\n")))
    target.write_bytes(packed.pack_value(header, {"chapter": [1, 2], "words": ["a", "b"]}))
    assert packed.load_value(target, header) == {"chapter": [1, 2], "words": ["a", "b"]}
    for other in [("made from 1", (("en", "chapter = 2\n"), ("fr", "chapitre = 1\n"))),
                  ("made from 1", (("en", "chapter = 1\n"),)), ("made from 2", header[1]),
                  ("made from 1", ("en", "chapter = 1\n", "fr", "chapitre = 1\n"))]:
        assert packed.load_value(target, other) is None, other
    good = target.read_bytes()
    for damage, damaged in _damaged(good).items():
        if damage != "not a table, digest right":  # any value may be shipped
            target.write_bytes(damaged)
            assert packed.load_value(target, header) is None, damage
    assert packed.load_value(tmp_path / "none.packed", header) is None


def test_the_headings_are_named_alike_with_and_without_the_shipped_values(monkeypatch: pytest.MonkeyPatch) -> None:
    from disclosure_lint.readers import language, vocabulary

    headings = ["A Book", "Pride and Prejudice", "Avant-propos", "Vorwort", "Chapter IV", "Note de l'autrice",
                "Acknowledgements", "Capítulo 3", "Nota sobre el uso de IA", "Inhalt"]
    monkeypatch.setenv("DISCLOSURE_LINT_CACHE", "0")

    def named() -> list[str]:
        monkeypatch.setattr(language, "_TABLES", [])
        monkeypatch.setattr(vocabulary, "_COMPILED", [])
        return [vocabulary.classify_heading(h).name for h in headings]

    shipped = named()
    monkeypatch.setattr(language, "_shipped", lambda name, header: None)
    assert named() == shipped
    assert shipped[:4] == ["OTHER", "OTHER", "FOREWORD", "FOREWORD"]


def test_writing_the_language_values_again_writes_them_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from disclosure_lint.readers import language

    for source in language.DATA.glob("*.toml"):
        (tmp_path / source.name).write_text(source.read_text("utf-8"), "utf-8")
    monkeypatch.setattr(language, "DATA", tmp_path)
    written = language.write_packed()
    assert sorted(p.name for p in written) == ["language-heading-gates.packed", "language-heading-words.packed",
                                               "language-patterns.packed",
                                               "languages.packed"]
    assert language.write_packed() == []  # the same values: the files are left as they are
    for name, (header, value) in language.shipped_values().items():
        assert language._shipped(name, header) == value
