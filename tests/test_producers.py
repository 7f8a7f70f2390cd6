"""Producers in the tests (issue 14, item 2): the same book, exported by real tools, gets the same
verdicts as its Markdown source.

Authors export their EPUB or DOCX from pandoc, LibreOffice, calibre, Word, Google Docs or Sigil,
and each tool writes the same book its own way. The fixtures in `tests/producers/` are six small
books exported by each (see its README; `make_fixtures.py` rebuilds them). A fixture whose
verdict differs from its source's today is a strict xfail naming the reader defect: fixing a
defect turns its cases into unexpected passes, which fail until their marks are removed.
"""

from __future__ import annotations

import pytest
from epub_check import epubcheck_errors
from producer_books import Fixture, books, fixtures, verdict

#: What each source book is for, and the verdict its Markdown gets (the baseline every export
#: is compared with).
SOURCE_VERDICTS: dict[str, frozenset[str]] = {
    "stock-foreword": frozenset(),  # the policy's stock language in a Foreword
    "authors-note": frozenset(),  # a full disclosure in the author's own words, before Chapter One
    "afterword-note": frozenset({"disclosure-placement"}),  # a note on AI after the story
    "training-reservation": frozenset({"disclosure-missing"}),  # only a copyright page's AI-training reservation
    "white-text": frozenset({"disclosure-hidden"}),  # the only disclosure hidden (white text)
    "no-author": frozenset({"attribution-missing"}),  # no author anywhere
}

#: Each producer's fixtures: file extensions.
PRODUCER_FORMATS: dict[str, tuple[str, ...]] = {
    "pandoc": (".docx", ".epub"), "pandoc-epub2": (".epub",), "libreoffice": (".docx", ".epub"),
    "calibre": (".epub",), "word": (".docx",), "google-docs": (".docx",), "sigil": (".epub",),
}

#: Fixtures whose verdict differs from their source's today, with the defect(s) that cause it
#: (none: the section kinds, CSS hiding and placeholder authors of issue 14 made every export
#: agree with its source).
KNOWN_DIFFERENCES: dict[str, str] = {
}

#: EPUBCheck errors a producer's own output has (the tool's, not the book's), by message ID.
PRODUCER_EPUBCHECK_ERRORS: dict[str, frozenset[str]] = {
    # LibreOffice 7.4's EPUB filter writes `direction: ltr` in its stylesheet (CSS-001).
    "libreoffice": frozenset({"CSS-001"}),
}

FIXTURES = fixtures()


def _case(fixture: Fixture) -> object:
    reason = KNOWN_DIFFERENCES.get(fixture.id)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(fixture, id=fixture.id, marks=marks)


def test_every_book_is_exported_by_every_producer() -> None:
    assert books() == sorted(SOURCE_VERDICTS)
    expected = {f"{producer}/{book}{ext}" for producer, exts in PRODUCER_FORMATS.items()
                for book in books() for ext in exts}
    assert {f.id for f in FIXTURES} == expected


def test_known_differences_name_existing_fixtures() -> None:
    assert set(KNOWN_DIFFERENCES) <= {f.id for f in FIXTURES}


@pytest.mark.parametrize("book", sorted(SOURCE_VERDICTS))
def test_source_gets_its_intended_verdict(book: str) -> None:
    source = next(f.source for f in FIXTURES if f.book == book)
    assert verdict(source) == SOURCE_VERDICTS[book]


@pytest.mark.parametrize("fixture", [_case(f) for f in FIXTURES])
def test_producer_gets_the_same_verdicts_as_the_markdown_source(fixture: Fixture) -> None:
    assert verdict(fixture.path) == verdict(fixture.source)


@pytest.mark.parametrize("producer", sorted(p for p, exts in PRODUCER_FORMATS.items() if ".epub" in exts))
def test_epub_fixtures_pass_epubcheck(producer: str) -> None:
    """Every EPUB fixture passes EPUBCheck, but for the errors its producer always writes."""
    paths = [f.path for f in FIXTURES if f.producer == producer and f.path.suffix == ".epub"]
    allowed = PRODUCER_EPUBCHECK_ERRORS.get(producer, frozenset())
    errors = epubcheck_errors(paths)
    unexpected = {path.name: [e for e in found if e.split()[1] not in allowed] for path, found in errors.items()}
    assert unexpected == {path.name: [] for path in paths}
