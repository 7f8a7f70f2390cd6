"""A DOCX or EPUB is opened once: the zip `identify` opened to tell which it is goes to its reader,
which closes it; every way out closes it too."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx_builders import build_docx
from epub_builders import build_epub, build_zip

from disclosure_lint.errors import InputError
from disclosure_lint.readers import identify, read_manuscript


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[zipfile.ZipFile]:
    """Every zip the readers open, as it was opened (`safety.open_zip` imports `zipfile` then)."""
    packages: list[zipfile.ZipFile] = []

    class Watched(zipfile.ZipFile):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            packages.append(self)

    monkeypatch.setattr(zipfile, "ZipFile", Watched)
    return packages


def _epub(tmp_path: Path, name: str = "book.epub") -> Path:
    return build_epub(tmp_path / name, [("chapter.xhtml", "", "<h1>Chapter One</h1><p>The rain fell.</p>")])


def test_an_epub_is_opened_once_and_closed(tmp_path: Path, opened: list[zipfile.ZipFile]) -> None:
    book = _epub(tmp_path)
    opened.clear()  # (the builder's own)
    manuscript = read_manuscript(book)
    assert any(b.text == "The rain fell." for s in manuscript.sections for b in s.blocks)
    assert len(opened) == 1
    assert opened[0].fp is None  # closed


def test_a_docx_is_opened_once_and_closed(tmp_path: Path, opened: list[zipfile.ZipFile]) -> None:
    book = build_docx(tmp_path / "book.docx", ["Chapter One", "The rain fell."])
    opened.clear()
    manuscript = read_manuscript(book)
    assert any(b.text == "The rain fell." for s in manuscript.sections for b in s.blocks)
    assert len(opened) == 1
    assert opened[0].fp is None


def test_a_misnamed_package_is_read_from_the_zip_identify_opened(tmp_path: Path,
                                                                  opened: list[zipfile.ZipFile]) -> None:
    book = _epub(tmp_path).rename(tmp_path / "book.docx")
    opened.clear()
    manuscript = read_manuscript(book)
    assert "rename it to .epub" in manuscript.warnings[0].message
    assert len(opened) == 1
    assert opened[0].fp is None


def test_a_package_its_reader_refuses_is_closed(tmp_path: Path, opened: list[zipfile.ZipFile]) -> None:
    book = build_zip(tmp_path / "book.epub", {"mimetype": "application/epub+zip", "content.opf": "<package/>"})
    opened.clear()
    with pytest.raises(InputError, match=r"container\.xml"):
        read_manuscript(book)
    assert opened and all(package.fp is None for package in opened)


@pytest.mark.parametrize(("name", "members", "says"), [
    ("archive.zip", {"notes.txt": "hello"}, "neither DOCX"),
    ("book.md", {"mimetype": "application/epub+zip", "META-INF/container.xml": "<container/>"}, "Markdown"),
    ("book.odt", {"mimetype": "application/vnd.oasis.opendocument.text"}, "OpenDocument"),
])
def test_a_zip_identify_refuses_is_closed(tmp_path: Path, opened: list[zipfile.ZipFile], name: str,
                                          members: dict[str, bytes | str], says: str) -> None:
    book = build_zip(tmp_path / name, members)
    opened.clear()
    with pytest.raises(InputError, match=says):
        read_manuscript(book)
    with pytest.raises(InputError, match=says):
        identify(book)
    assert len(opened) == 2
    assert all(package.fp is None for package in opened)
