"""A document's style rules are kept for the next with the same head (`StyleSheets.document_rules`)
and their indexes made once (`StyleSheets.index`): the book read is the one read with every
document's rules gathered and indexed anew (sections, blocks, places, hidden texts, warnings)."""

from __future__ import annotations

from pathlib import Path

import pytest
from epub_builders import Doc, build_epub
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from disclosure_lint.readers import epub
from disclosure_lint.readers.css import Rule, RuleIndex
from disclosure_lint.readers.epub.style import StyleSheets, neutral_rule

_SHEETS = {
    "hide.css": ".x { display: none } p.y { color: white; background: white }",
    "indent.css": "p { text-indent: 1em } .z { font-weight: bold }",
    "plain.css": "p { margin: 0 }",
    "neutral.css": "span.v { display: block } .x { visibility: hidden }",
}
#: What a document's head may link or hold (none of the sheets is linked from every document).
_HEAD = [
    "",
    '<link href="{up}styles/hide.css" rel="stylesheet" type="text/css"/>',
    '<link href="{up}styles/indent.css" rel="stylesheet" type="text/css"/>',
    '<link href="{up}styles/indent.css" rel="stylesheet" type="text/css" media="print"/>',
    '<link href="{up}styles/hide.css" rel="alternate stylesheet" type="text/css"/>',
    '<link href="{up}styles/missing.css" rel="stylesheet" type="text/css"/>',
    '<link href="https://example.com/a.css" rel="stylesheet" type="text/css"/>',
    '<style>.y { display: none }</style>',
    '<link href="{up}styles/neutral.css" rel="stylesheet" type="text/css"/>',
    # The same href from another folder: another sheet (`_OTHER`).
    '<link href="../styles/hide.css" rel="stylesheet" type="text/css"/>',
]
_OTHER = {"OEBPS/text/styles/hide.css": "p { display: none }"}
_BODY = [
    '<h1>One</h1><p>A story paragraph.</p><p class="x">Hidden here.</p><p class="y">White on white.</p>',
    '<p style="text-indent: -9999px">Off the page.</p><p>Plain <span class="v">verse</span> text.</p>'
    '<div style="text-indent: -9999px"><p>Put back by a sheet.</p></div>',
    '<h2>Two</h2><p class="z">Bold words.</p><p><span class="x">gone</span> and seen.</p>',
    "<p>CHAPTER THREE</p><p>Words after a heading made with CSS.</p>",
]


def _book(tmp_path: Path, docs: list[tuple[int, int, int]]) -> Path:
    built = []
    for n, (head, other, body) in enumerate(docs):
        folder = "sub/" if n % 3 == 2 else ""
        up = "../" * (folder.count("/") + 1)
        heads = "\n".join(_HEAD[i].replace('{up}', up) for i in sorted({head, other}) if _HEAD[i])
        built.append(Doc(name=f"{folder}c{n}.xhtml", body=_BODY[body], head=heads))
    sheets = {f"OEBPS/styles/{name}": text for name, text in _SHEETS.items()}
    return build_epub(tmp_path / "book.epub", built, extra_files={**sheets, **_OTHER})


def _anew(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every document's rules gathered and indexed anew, as before they were kept."""
    gather = StyleSheets.document_rules

    def document_rules(self: StyleSheets, *args: object, **kwargs: bool) -> list[Rule]:
        self.documents.clear()
        return gather(self, *args, **kwargs)  # type: ignore[arg-type]

    def index(self: StyleSheets, rules: list[Rule], hiding: bool = False) -> RuleIndex:
        return RuleIndex([rule for rule in rules if not neutral_rule(rule)] if hiding else rules)

    monkeypatch.setattr(StyleSheets, "document_rules", document_rules)
    monkeypatch.setattr(StyleSheets, "index", index)


_DOCS = st.lists(st.tuples(st.integers(0, len(_HEAD) - 1), st.integers(0, len(_HEAD) - 1),
                           st.integers(0, len(_BODY) - 1)), min_size=1, max_size=7)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_DOCS, st.booleans())
@example([(2, 0, 0), (2, 0, 1)], False)  # the same head: every sheet parsed for the second only
@example([(9, 0, 0), (0, 0, 0), (9, 0, 0)], False)  # the same href from two folders: two sheets
@example([(5, 1, 0), (5, 1, 0)], False)  # a sheet missing: a warning for each document
@example([(7, 1, 0), (7, 1, 1)], False)  # a <style>
def test_kept_rules_read_the_book_read_anew(tmp_path: Path, docs: list[tuple[int, int, int]],
                                            full_reading: bool) -> None:
    book = _book(tmp_path, docs)
    kept = epub.read(book, full_reading=full_reading)
    with pytest.MonkeyPatch.context() as monkeypatch:
        _anew(monkeypatch)
        anew = epub.read(book, full_reading=full_reading)
    assert kept == anew


def test_rules_are_kept_for_the_same_head_only(tmp_path: Path) -> None:
    book = _book(tmp_path, [(1, 0, 0), (1, 0, 2), (2, 0, 0), (1, 0, 1), (7, 0, 0), (7, 0, 0), (5, 0, 0), (5, 0, 0)])
    made: list[list[Rule]] = []
    gather = StyleSheets.document_rules

    def document_rules(self: StyleSheets, *args: object, **kwargs: bool) -> list[Rule]:
        rules = gather(self, *args, **kwargs)  # type: ignore[arg-type]
        if not kwargs:
            made.append(rules)
        return rules

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(StyleSheets, "document_rules", document_rules)
        manuscript = epub.read(book)
    assert made[1] is made[0]  # the same head and folder: the same list
    assert made[2] is not made[0]  # another sheet
    assert made[4] is not made[3] and made[5] is not made[4]  # a <style>: its rules made anew
    assert made[7] is not made[6]  # a missing sheet: warned of for each document
    assert sum("missing.css" in w.message for w in manuscript.warnings) == 2
