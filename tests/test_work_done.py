"""Regression guards for speed that do not time anything: how much a check reads and parses.

Timing tests fail at random on a shared machine; these count instead. They fail when a change
makes the readers decompress an image, parse a document twice, or read parts they never needed,
and when the analysis starts reading every paragraph of a novel closely. The benchmark
(`python -m benchmarks`) shows the times these counts stand for.
"""

from __future__ import annotations

import random
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from books import CHAPTER, STOCK, markdown_book
from docx_builders import build_docx
from epub_builders import build_epub

from disclosure_lint.analysis import disclosure as analysis
from disclosure_lint.analysis import statements
from disclosure_lint.analysis.lexicon import load_lexicon
from disclosure_lint.readers import markdown as markdown_reader
from disclosure_lint.readers import read_manuscript
from disclosure_lint.readers.docx import package as docx_package
from disclosure_lint.readers.epub import container as epub_container

IMAGE_BYTES = 2 * 1024 * 1024


class Work:
    """What a read did: bytes inflated per zip member, XML parts parsed (by name)."""

    def __init__(self) -> None:
        self.inflated: Counter[str] = Counter()
        self.parsed: Counter[str] = Counter()

    def reset(self) -> None:
        """Forget the work done so far (building the fixture)."""
        self.inflated.clear()
        self.parsed.clear()


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> Iterator[Work]:
    seen = Work()
    original_read = zipfile.ZipExtFile.read

    def counting_read(self: zipfile.ZipExtFile, n: int | None = -1) -> bytes:
        data = original_read(self, n)
        seen.inflated[self.name] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    for module in (docx_package, epub_container):
        original_parse = module.parse_xml

        def counting_parse(data: bytes, *, part: str, _parse: Any = original_parse, **kw: Any) -> Any:
            seen.parsed[part] += 1
            return _parse(data, part=part, **kw)

        monkeypatch.setattr(module, "parse_xml", counting_parse)
    yield seen


def _image() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + random.Random(8).randbytes(IMAGE_BYTES)


def _epub(tmp_path: Path) -> Path:
    docs = [("foreword.xhtml", "frontmatter foreword", f"<h1>Foreword</h1><p>{STOCK}</p>")]
    docs += [(f"chapter-{n}.xhtml", "bodymatter chapter",
              f'<h1>Chapter {n}</h1><p>{CHAPTER}</p><img src="../images/plate.png" alt="A plate"/>')
             for n in range(1, 6)]
    path = build_epub(tmp_path / "book.epub", docs, css="p { margin: 0 }",
                      extra_files={"OEBPS/images/plate.png": _image()})
    # Store the image as a real book would (and so that it is cheap to skip).
    with zipfile.ZipFile(path) as zin:
        members = [(info, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w") as zout:
        for info, data in members:
            method = zipfile.ZIP_STORED if info.filename.endswith((".png", "mimetype")) else zipfile.ZIP_DEFLATED
            zout.writestr(info.filename, data, compress_type=method)
    return path


def test_epub_reads_each_document_once_and_never_an_image(tmp_path: Path, work: Work) -> None:
    book = _epub(tmp_path)
    work.reset()
    read_manuscript(book)
    spine = [part for part in work.parsed if "chapter-" in part or "foreword" in part]
    assert len(spine) == 6
    assert all(work.parsed[part] == 1 for part in spine), work.parsed
    # container.xml, the OPF, the nav document and the six spine documents.
    assert sum(work.parsed.values()) <= 9, work.parsed
    image = [name for name in work.inflated if name.endswith(".png")]
    assert sum(work.inflated[name] for name in image) <= 64, work.inflated
    text_bytes = sum(n for name, n in work.inflated.items() if not name.endswith(".png"))
    assert text_bytes < 64 * 1024, work.inflated


def _docx(tmp_path: Path) -> Path:
    path = build_docx(tmp_path / "book.docx", [("Heading 1", "Foreword"), STOCK,
                                               *[p for n in range(1, 6) for p in (("Heading 1", f"Chapter {n}"), CHAPTER)]],
                      author="Jordan Vale")
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("word/media/image1.png", _image(), compress_type=zipfile.ZIP_STORED)
    return path


def test_docx_parses_each_part_once_and_never_an_image(tmp_path: Path, work: Work) -> None:
    book = _docx(tmp_path)
    work.reset()
    read_manuscript(book)
    assert work.parsed, "the DOCX reader no longer goes through safety.parse_xml"
    assert all(n == 1 for n in work.parsed.values()), work.parsed
    assert sum(1 for part in work.parsed if part.endswith("word/document.xml")) == 1
    assert sum(work.parsed.values()) <= 8, work.parsed
    assert work.inflated["word/media/image1.png"] == 0, work.inflated


def test_a_novel_is_read_closely_only_where_it_may_disclose(monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    """Sixty chapters mentioning "both" and "language" are scanned, not read sentence by sentence."""
    chapter = (CHAPTER + " They both spoke the language of the harbor. ") * 20
    text = markdown_book(STOCK, chapters=[chapter] * 60)
    manuscript = markdown_reader.parse(text.encode(), "novel.md")
    calls: Counter[str] = Counter()
    original = statements.read_sentence

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls["read_sentence"] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(analysis, "read_sentence", counting)
    found = analysis.analyse(manuscript, load_lexicon())
    assert found.disclosures
    # The foreword's three sentences (and the title page), not the chapters' 2,400.
    assert calls["read_sentence"] <= 10, calls


def test_a_plain_markdown_novel_does_not_import_markdown_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, front_matter: bool = True) -> list[Any]:
        raise AssertionError("a plain novel was handed to markdown-it")

    monkeypatch.setattr(markdown_reader, "parse_blocks", refuse)
    text = markdown_book(STOCK, chapters=[CHAPTER + "\n\n*Later,* she wrote." for _ in range(30)])
    assert markdown_reader.parse(text.encode(), "novel.md").sections


def _phrasings() -> list[str]:
    import csv

    data = Path(__file__).parent / "data" / "phrasings.tsv"
    with data.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader([line for line in fh if not line.startswith("#")], delimiter="\t"))
    return [row["text"] for row in rows]


@pytest.mark.parametrize("text", _phrasings())
def test_skipping_chapters_changes_no_statement(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The chapter shortcut gives the statements a close reading of every flagged block gives."""
    chapters = [CHAPTER, f"{CHAPTER} {text} Both of them laughed.", f'In this book, both "{text}" and more.',
                f"I take responsibility for this novel, both the good and the bad. {text}",
                "Nobody used AI here; the author wrote this book alone."]
    manuscript = markdown_reader.parse(markdown_book("A few words first.", chapters=chapters).encode(), "b.md")
    lex = load_lexicon()
    fast = analysis.analyse(manuscript, lex)
    monkeypatch.setattr(analysis, "_may_disclose", lambda *args: True)
    assert analysis.analyse(manuscript, lex) == fast


@pytest.mark.parametrize("text", _phrasings())
def test_claims_only_front_matter_changes_no_result(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Front and back matter without AI is read only for claims; the rules' inputs are the same."""
    manuscript = markdown_reader.parse(markdown_book(
        text, extra_front=f"{CHAPTER} I take full responsibility for this book. Every word of it is mine.",
        afterword=f"{CHAPTER} {text.replace('AI', 'the machine')} Any errors are my own.").encode(), "b.md")
    lex = load_lexicon()
    fast = analysis.analyse(manuscript, lex)
    slow_lex = lex._replace(claims_triggers=None)
    slow = analysis.analyse(manuscript, slow_lex)
    for field in ("disclosures", "hidden", "context", "responsibility", "wholly_human", "denials"):
        assert getattr(fast, field) == getattr(slow, field), field
