"""The literal index shipped with the lexicons (`analysis.literal_index`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_lint import literals, packed
from disclosure_lint.analysis import literal_index
from disclosure_lint.analysis.lexicon import Alternatives, load_lexicon
from disclosure_lint.analysis.required import leading, required_sets
from disclosure_lint.analysis.residue import languages as residue_languages
from disclosure_lint.analysis.residue import load_residue

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
    for pattern, (needed, sets) in known.items():
        assert needed == literals.required(pattern), pattern
        assert sets == literal_index.further_sets(pattern, needed), pattern
    assert sum(bool(sets) for _, sets in known.values()) >= 20


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_claim_words_read_zero_share_from_the_index(language: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The strings a claim of a share of nothing holds (`statements._claim_words`) are the index's,
    and what reading the pattern gives where the index lacks it."""
    from disclosure_lint.analysis import statements

    pattern = load_lexicon(language=language).zero_share.pattern
    assert pattern in literal_index.load(language)
    assert statements._required(pattern, language) == literals.required(pattern) is not None
    monkeypatch.setattr(literal_index, "load", lambda language: {})
    assert statements._required(pattern, language) == literals.required(pattern)
    assert statements._required(pattern, "") == literals.required(pattern)


def _alternatives(language: str, extra: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> list[Alternatives]:
    lex = load_lexicon(extra, language=language)
    return [v for v in vars(lex).values() if isinstance(v, Alternatives)]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_list_reads_the_same_with_and_without_the_index(language: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A phrasing a user adds in config is not in the index, and is read from its pattern."""
    extra = (("ai-terms", ("qu(?:a|i)ntum scribe engines?",)),)
    lists = _alternatives(language, extra)
    assert any("scribe" in alt for lst in lists for alt in lst.alternatives)
    def canonical(wanted: tuple[tuple[int, ...], tuple[tuple[str, tuple[int, ...]], ...], object]) -> object:
        always, needing, _ = wanted  # (further sets: only the index has them)
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
        (tmp_path / "zz.literals").write_text(
            f"{literal_index.HEADER}\nword\t(?:word)\n(?:.x)\n\t(?:.y)\nab|cd\tef|gh\tij\t(?:ab|cd)ef(?:ij)\n", "utf-8")
        assert literal_index.load("zz") == {"(?:word)": (frozenset({"word"}), ()), "(?:.x)": (None, ()),
                                            "(?:.y)": (None, ()),
                                            "(?:ab|cd)ef(?:ij)": (frozenset({"ab", "cd"}), (("ef", "gh"), ("ij",)))}
    finally:
        literal_index.load.cache_clear()


@pytest.mark.parametrize("language", residue_languages())
def test_each_residue_file_is_what_the_patterns_need(language: str) -> None:
    """The residue quick test's parts and the sets of strings each needs (after a change to a
    residue file or to `required.required_sets`, run `python -m disclosure_lint.analysis.literal_index`)."""
    file = literal_index.residue_path(language)
    assert file.is_file(), f"{file} missing: run `python -m disclosure_lint.analysis.literal_index`"
    assert file.read_text("utf-8") == literal_index.render_residue(language), (
        f"{file} stale: run `python -m disclosure_lint.analysis.literal_index`")
    known = literal_index.load_residue(language)
    parts = [part.pattern for quick in load_residue(language).quick.values() for part in quick.parts]
    assert parts and set(parts) == set(known)
    for pattern, (lead, sets) in known.items():
        assert sets == required_sets(pattern), pattern
        assert lead == leading(pattern), pattern
    assert sum(lead is not None for lead, _ in known.values()) >= 20


def test_a_residue_part_not_in_the_index_is_read_from_its_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the index (a residue file changed and the index not written again), each part is
    gated by the best words of its top level, and every quick test answers as before."""
    from disclosure_lint import patterns as rx
    from disclosure_lint.analysis import residue

    texts = [t.lower() for listed in residue.examples("en").values() for t in listed]
    indexed = residue.load_residue("en")
    monkeypatch.setattr(literal_index, "load_residue", lambda language: {})
    residue.load_residue.cache_clear()
    try:
        fresh = residue._build("en")  # (what `load_residue` builds when the shipped value is not for the files)
        assert [q.parts for q in fresh.quick.values()] == [q.parts for q in indexed.quick.values()]
        assert sum(len(sets) > 1 for quick in indexed.quick.values() for sets in quick.words) >= 20
        assert all(len(sets) <= 1 for quick in fresh.quick.values() for sets in quick.words)
        monkeypatch.setattr(rx, "caching", lambda: False)
        for kind, quick in fresh.quick.items():
            for text in texts:
                assert quick.found(text) == indexed.quick[kind].found(text), (kind, text)
    finally:
        residue.load_residue.cache_clear()


def test_a_residue_file_of_another_layout_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(literal_index, "RESIDUE", tmp_path)
    literal_index.load_residue.cache_clear()
    try:
        (tmp_path / "xx.literals").write_text(f"{literal_index.HEADER}\nword\t(?:word)\n", "utf-8")
        assert literal_index.load_residue("xx") == {}  # the lexicons' layout
        assert literal_index.load_residue("yy") == {}  # no file
        (tmp_path / "zz.literals").write_text(
            f"{literal_index.RESIDUE_HEADER}\nhere(?:'s| is) \there is|here's\tversion\t"
            "(?:here(?:'s| is) \\w+ version)\n\t(?:.x)\n", "utf-8")
        assert literal_index.load_residue("zz") == {
            "(?:here(?:'s| is) \\w+ version)": ("here(?:'s| is) ", (("here is", "here's"), ("version",))),
            "(?:.x)": (None, ())}
    finally:
        literal_index.load_residue.cache_clear()


def test_each_packed_copy_is_what_reading_its_file_gives() -> None:
    """Fails when a literal index file changed without its packed copy (run
    `python -m disclosure_lint.analysis.literal_index`)."""
    shipped = literal_index.shipped_values()
    assert {p.name for p in shipped} >= {"en-literals.packed", "fr-literals.packed"}
    assert any(p.parent == literal_index.RESIDUE for p in shipped)
    for target, (header, value) in shipped.items():
        assert target.is_file(), f"{target} missing: run `python -m disclosure_lint.analysis.literal_index`"
        assert packed.load_value(target, header) == value, f"{target} stale"
    assert literal_index.write_packed() == []  # nothing to write again
    literal_index.load.cache_clear()
    literal_index.load_residue.cache_clear()
    for language in LANGUAGES:
        assert literal_index.load(language) == literal_index.read(literal_index.path(language).read_text("utf-8"))
    for language in residue_languages():
        text = literal_index.residue_path(language).read_text("utf-8")
        assert literal_index.load_residue(language) == literal_index.read_residue(text)


def test_a_packed_copy_is_used_only_for_the_text_it_was_made_from(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "zz.literals"
    old = f"{literal_index.HEADER}\nword\t(?:word)\n"
    file.write_text(old, "utf-8")
    header = ("disclosure-lint literal index read 1", old)
    literal_index.packed_path(file).write_bytes(packed.pack_value(header, {"(?:shipped)": (None, ())}))
    monkeypatch.setattr(literal_index, "DATA", tmp_path)
    literal_index.load.cache_clear()
    try:
        assert literal_index.load("zz") == {"(?:shipped)": (None, ())}  # the copy, for its text
        file.write_text(old + "other\t(?:other)\n", "utf-8")
        literal_index.load.cache_clear()
        assert literal_index.load("zz") == {"(?:word)": (frozenset({"word"}), ()),
                                            "(?:other)": (frozenset({"other"}), ())}  # the file, edited since
        literal_index.packed_path(file).write_bytes(b"damaged")
        file.write_text(old, "utf-8")
        literal_index.load.cache_clear()
        assert literal_index.load("zz") == {"(?:word)": (frozenset({"word"}), ())}
    finally:
        literal_index.load.cache_clear()
