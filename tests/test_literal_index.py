"""The literal index shipped with the lexicons (`analysis.literal_index`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_lint import literals
from disclosure_lint.analysis import literal_index
from disclosure_lint.analysis.lexicon import Alternatives, load_lexicon

LANGUAGES = sorted(load_lexicon().supported)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_file_is_what_the_lexicon_needs(language: str) -> None:
    """Written again from the lexicon as it is, each file is unchanged (after a change to a
    lexicon or to `literals.required`, run `python -m disclosure_lint.analysis.literal_index`)."""
    file = literal_index.path(language)
    assert file.is_file(), f"{file} missing: run `python -m disclosure_lint.analysis.literal_index`"
    assert file.read_text("utf-8") == literal_index.render(language), (
        f"{file} stale: run `python -m disclosure_lint.analysis.literal_index`")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_index_gives_what_reading_each_pattern_gives(language: str) -> None:
    known = literal_index.load(language)
    assert len(known) > 100
    for pattern, needed in known.items():
        assert needed == literals.required(pattern), pattern


def _alternatives(language: str, extra: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> list[Alternatives]:
    lex = load_lexicon(extra, language=language)
    return [v for v in vars(lex).values() if isinstance(v, Alternatives)]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_list_reads_the_same_with_and_without_the_index(language: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A phrasing a user adds in config is not in the index, and is read from its pattern."""
    extra = (("ai-terms", ("qu(?:a|i)ntum scribe engines?",)),)
    lists = _alternatives(language, extra)
    assert any("scribe" in alt for lst in lists for alt in lst.alternatives)
    def canonical(wanted: tuple[tuple[int, ...], tuple[tuple[str, tuple[int, ...]], ...]]) -> object:
        always, needing = wanted
        return set(always), dict(needing)

    with_index = [canonical(lst._read()) for lst in lists]
    monkeypatch.setattr(literal_index, "load", lambda language: {})
    fresh = [canonical(Alternatives(lst.before, lst.alternatives, lst.after, lst.flags, lst.language)._read())
             for lst in lists]
    assert with_index == fresh


def test_a_file_of_another_layout_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "xx.literals").write_text("# something else\nword\t(?:word)\n", "utf-8")
    monkeypatch.setattr(literal_index, "DATA", tmp_path)
    literal_index.load.cache_clear()
    try:
        assert literal_index.load("xx") == {}
        assert literal_index.load("yy") == {}  # no file
        (tmp_path / "zz.literals").write_text(f"{literal_index.HEADER}\nword\t(?:word)\n(?:.x)\n", "utf-8")
        assert literal_index.load("zz") == {"(?:word)": frozenset({"word"}), "(?:.x)": None}
    finally:
        literal_index.load.cache_clear()
