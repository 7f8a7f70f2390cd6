"""`python -m benchmarks real`: `check` on real books against the floor of reading them (issue 21).

    python -m benchmarks real              # 5 alternating runs per command
    python -m benchmarks real --quick      # 3 runs
    python -m benchmarks real --runs 9 --corpus PATH

The books are the Standard Ebooks files of the development corpus (`../shared/corpus/real/`):
every EPUB under ``epub/se/``, every Markdown file under ``md/se/`` and DOCX under ``docx/se/``
(*Pride and Prejudice* in all three), and *War and Peace* as Markdown too, made from its EPUB
(`markdown_from_epub`, cached in ``benchmarks/.data/real/``). Each book's cold `check` (the
pattern cache off, as in `python -m benchmarks`) and warm `check` (the cache a previous run left)
alternate with its floor (`benchmarks/floor.py`) run after run; the table shows medians of wall
and CPU time and the peak RSS of `check`; the target is judged on the cold column, as in
`python -m benchmarks`. The words are those the floor reads.

The corpus is for development only: without it the benchmark says so in one line and exits 2;
the tests build a corpus of their own.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import re
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from . import floor as _floor_words
from . import run as _run

CORPUS = _run.ROOT.parent / "shared" / "corpus" / "real"
DATA = _run.DATA / "real"
#: The corpus's folders of Standard Ebooks books, by format.
FOLDERS = (("markdown", "md/se", "*.md"), ("docx", "docx/se", "*.docx"), ("epub", "epub/se", "*.epub"))
#: EPUBs also measured as Markdown made from them (by the start of their file name).
AS_MARKDOWN = ("leo-tolstoy_war-and-peace",)
#: Bump when `markdown_from_epub` changes, so cached Markdown is remade.
MARKDOWN_VERSION = "1"
FORMAT_NAMES = {"markdown": "Markdown", "docx": "DOCX", "epub": "EPUB"}
_SMALL_WORDS = frozenset({"a", "an", "and", "of", "the", "in", "on", "to"})

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


class MissingCorpus(Exception):
    """The corpus folder, or every book the benchmark reads from it, is missing."""


@dataclass(frozen=True)
class Book:
    title: str
    fmt: str
    path: Path
    note: str = ""


def title_of(stem: str) -> str:
    """'jane-austen_pride-and-prejudice' -> 'Pride and Prejudice' (SE names: author_title[_translators])."""
    parts = stem.split("_")
    words = (parts[1] if len(parts) > 1 else parts[0]).split("-")
    return " ".join(w if n and w in _SMALL_WORDS else w[:1].upper() + w[1:] for n, w in enumerate(words))


def books(corpus: Path = CORPUS, data: Path = DATA) -> list[Book]:
    """The real books of `corpus`, Markdown made from the EPUBs of `AS_MARKDOWN` into `data`."""
    if not corpus.is_dir():
        raise MissingCorpus(f"no corpus at {corpus}: the real-prose benchmark needs ../shared/corpus/real")
    found: list[Book] = []
    for fmt, folder, pattern in FOLDERS:
        for path in sorted((corpus / folder).glob(pattern)):
            if not path.is_file():
                continue
            found.append(Book(title_of(path.stem), fmt, path))
            if fmt == "epub" and path.name.startswith(AS_MARKDOWN):
                found.append(Book(title_of(path.stem), "markdown", cached_markdown(path, data),
                                  "made from the EPUB"))
    if not found:
        raise MissingCorpus(f"no Standard Ebooks books in {corpus} (epub/se, md/se, docx/se): "
                            "the real-prose benchmark needs ../shared/corpus/real")
    order = {fmt: n for n, (fmt, _, _) in enumerate(FOLDERS)}
    return sorted(found, key=lambda b: (b.title, order[b.fmt], b.note))


# --- Markdown from an EPUB ----------------------------------------------------------------------

_BLOCKS = {f"{XHTML}h{n}": n for n in range(1, 7)} | {f"{XHTML}p": 0}
_EMPHASIS = {f"{XHTML}i": "*", f"{XHTML}em": "*", f"{XHTML}b": "**", f"{XHTML}strong": "**"}
_SPACE = re.compile(r"\s+")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<])")
_LINE_START = re.compile(r"^(#|>|[-+=]|\d+[.)])")


def _text(text: str | None) -> str:
    return _INLINE_SPECIAL.sub(r"\\\1", _SPACE.sub(" ", text)) if text else ""


def _inline(element: etree._Element) -> str:
    """An element's text as Markdown inline content: emphasis kept, line breaks as new lines."""
    out = [_text(element.text)]
    for child in element:
        if child.tag == f"{XHTML}br":
            out.append("\n")
        elif isinstance(child.tag, str):
            inner = _inline(child)
            mark = _EMPHASIS.get(child.tag)
            if mark and inner.strip():
                lead, core, trail = inner[:len(inner) - len(inner.lstrip())], inner.strip(), inner[len(inner.rstrip()):]
                inner = f"{lead}{mark}{core}{mark}{trail}"
            out.append(inner)
        out.append(_text(child.tail))
    return "".join(out)


def _block(text: str, level: int, quoted: bool) -> str:
    lines = [line.strip() for line in text.split("\n")]
    lines = [_LINE_START.sub(r"\\\1", line) for line in lines if line]
    if not lines:
        return ""
    if level:
        return "#" * level + " " + " ".join(lines)
    return "\n".join(("> " if quoted else "") + line for line in lines)


def markdown_from_epub(path: Path) -> str:
    """The spine's headings and paragraphs as Markdown (`#` headings, `*`/`**` emphasis, `>` quotes,
    `* * *` for scene breaks), in reading order. Deterministic: the same EPUB, the same bytes."""
    blocks: list[str] = []
    with zipfile.ZipFile(path) as zf:
        container = etree.fromstring(zf.read("META-INF/container.xml"))
        rootfile = container.find(f".//{_floor_words.CONTAINER}rootfile")
        opf_path = str(rootfile.get("full-path")) if rootfile is not None else ""
        opf = etree.fromstring(zf.read(opf_path))
        base = posixpath.dirname(opf_path)
        hrefs = {item.get("id"): str(item.get("href")) for item in opf.iter(f"{_floor_words.OPF}item")}
        for itemref in opf.iter(f"{_floor_words.OPF}itemref"):
            root = etree.fromstring(zf.read(posixpath.join(base, hrefs[itemref.get("idref")])))
            body = root.find(f"{XHTML}body")
            if body is None:
                continue
            for element in body.iter(*_BLOCKS, f"{XHTML}hr"):
                if element.tag == f"{XHTML}hr":
                    blocks.append("* * *")
                    continue
                if any(a.tag in _BLOCKS for a in element.iterancestors()):
                    continue  # a paragraph inside a paragraph or heading: read with it
                quoted = any(a.tag == f"{XHTML}blockquote" for a in element.iterancestors())
                block = _block(_inline(element), _BLOCKS[str(element.tag)], quoted)
                if block:
                    blocks.append(block)
    return "\n\n".join(blocks) + "\n"


def cached_markdown(epub: Path, data: Path = DATA) -> Path:
    """`markdown_from_epub(epub)` in `data`, remade when the EPUB or `MARKDOWN_VERSION` changes."""
    stat = epub.stat()
    target = data / f"{epub.stem}.md"
    stamp = data / f"{epub.stem}.md.stamp"
    key = f"{MARKDOWN_VERSION} {stat.st_size} {stat.st_mtime_ns}"
    if target.is_file() and stamp.is_file() and stamp.read_text("utf-8") == key:
        return target
    data.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".md.partial")
    partial.write_text(markdown_from_epub(epub), "utf-8")
    os.replace(partial, target)
    stamp.write_text(key, "utf-8")
    return target


# --- the rows -----------------------------------------------------------------------------------


@dataclass
class RealRow:
    book: Book
    words: int
    check: _run.Series
    warm: _run.Series
    floor: _run.Series

    def cells(self) -> list[str]:
        c, w, f = self.check, self.warm, self.floor
        return [
            self.book.title,
            FORMAT_NAMES[self.book.fmt] + (f" ({self.book.note})" if self.book.note else ""),
            f"{self.words:,}",
            _run._s(c.wall) + (" (failed)" if c.failed else ""),
            _run._s(c.cpu),
            f"{c.wall / f.wall:.1f}x",
            f"{c.cpu / f.cpu:.1f}x",
            _run._s(w.wall),
            f"{w.wall / f.wall:.1f}x",
            f"{w.cpu / f.cpu:.1f}x",
            f"{max(c.rss, w.rss):.0f}",
            _run._s(f.wall),
        ]


HEADER = ["book", "format", "words", "cold s", "cold CPU s", "cold/floor", "CPU cold/floor", "warm s", "warm/floor",
          "CPU warm/floor", "peak MiB", "floor s"]


def rows(found: Sequence[Book]) -> list[RealRow]:
    """A row per book: its cold and warm `check` and its floor, not yet run; the words the floor
    reads."""
    return [RealRow(b, _floor_words.READERS[b.fmt](b.path), _run._check(b.path),
                    _run._check(b.path, cold=False), _run._floor(b.fmt, b.path))
            for b in found]


#: The ratio to the floor that issue 21 asks of every real book (item 3).
TARGET = 2.5


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks real", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    parser.add_argument("--quick", action="store_true", help="3 runs per command")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the real corpus (default ../shared/corpus/real)")
    parser.add_argument("--data", type=Path, default=DATA, help="where Markdown made from EPUBs is cached")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else args.runs
    try:
        measured = rows(books(args.corpus, args.data))
    except MissingCorpus as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print("\n".join(_run.machine()[:2]))
    print(f"Runs: {runs} per command, alternating with the floor, medians; check cold "
          f"(DISCLOSURE_LINT_CACHE=0) and warm (the cache on); the target judged cold.\n")
    try:
        for row in measured:
            print(f"  {row.book.title}, {FORMAT_NAMES[row.book.fmt]} ...", file=sys.stderr)
            _run.alternate([row.check, row.warm, row.floor], runs)
    finally:
        for starter in _run._STARTERS:
            starter.close()
        _run._STARTERS.clear()
    print(_run.table(HEADER, [r.cells() for r in measured]))
    over = [f"{r.book.title}, {FORMAT_NAMES[r.book.fmt]} (cold {r.check.wall / r.floor.wall:.1f}x, "
            f"warm {r.warm.wall / r.floor.wall:.1f}x)"
            for r in measured if r.check.wall > TARGET * r.floor.wall]
    print(f"\nOver {TARGET}x the floor (issue 21, item 3): " + ("; ".join(over) if over else "none"))
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(f"Load average at the end: {load}")
    return 0
