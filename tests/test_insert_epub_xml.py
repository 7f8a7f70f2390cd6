"""`insert` edits package documents and navigation however they are written: comments between
navPoints (IDPF's `childrens-literature` sample crashed it with ``'NoneType' object has no
attribute 'strip'``), processing instructions, CRLF line ends, tabs, spaces around ``=``.

A hypothesis test writes the OPF, NCX and nav of a small book in many such ways and checks that
the result reads back with exactly one new disclosure, the comments kept; the most varied
writing of each goes through EPUBCheck.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Run
from epub_builders import build_epub
from epub_check import epubcheck_errors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_lint.api import read
from disclosure_lint.config import Config

RunCLI = Callable[..., Run]

PROSE = "<p>The harbor lights came on one by one while the ferry waited at the quay, and Mira counted them.</p>"
NOTE = "The author generated this text in part with GPT-4"


@dataclass(frozen=True)
class Writing:
    """How a package document or navigation file is written."""

    #: A comment goes in every `comment_every`-th gap between tags (0: none).
    comment_every: int
    #: Processing instructions after the XML declaration and in the middle (OPF and NCX only).
    instructions: bool
    crlf: bool
    tabs: bool
    #: ``id = "x"`` instead of ``id="x"``.
    spaced_attributes: bool


MOST = Writing(comment_every=1, instructions=True, crlf=True, tabs=True, spaced_attributes=True)
_GAP = re.compile(rb">([ \t\r\n]*)<")


def rewrite(xml: bytes, how: Writing, *, instructions: bool) -> bytes:
    """The same XML written another way (the same document to an XML parser)."""
    head, sep, rest = xml.partition(b"?>")  # keep the XML declaration first
    out, last, n = [head + sep], 0, 0
    gaps = list(_GAP.finditer(rest))
    for i, gap in enumerate(gaps):
        out.append(rest[last:gap.start() + 1])
        space = gap.group(1)
        if how.tabs:
            space = (space or b"\n").replace(b"  ", b"\t") + b"\t"
        out.append(space)
        if how.comment_every and i % how.comment_every == 0:
            n += 1
            out.append(b"<!--varied " + str(n).encode() + b"-->" + space)
        if instructions and how.instructions and (i == 0 or i == len(gaps) // 2):
            out.append(b"<?disclosure-lint-test keep?>" + space)
        last = gap.end() - 1
    out.append(rest[last:])
    text = b"".join(out)
    if how.spaced_attributes:
        text = re.sub(rb'(\s[\w:.-]+)="', rb'\1 = "', text)
    if how.crlf:
        text = text.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return text


def book(path: Path, version: int, how: Writing) -> Path:
    """A book with title and copyright pages and two chapters; its OPF, NCX and nav written `how`."""
    docs = [("title.xhtml", "frontmatter titlepage", "<h1>Harbor Lights</h1><p>by Jordan Vale</p>"),
            ("copyright.xhtml", "frontmatter copyright-page", "<p>© 2025 Jordan Vale. All rights reserved.</p>"),
            ("chapter-1.xhtml", "bodymatter chapter", f"<h1>Chapter 1</h1>{PROSE}"),
            ("chapter-2.xhtml", "bodymatter chapter", f"<h1>Chapter 2</h1>{PROSE}")]
    build_epub(path, docs, version=version, title="Harbor Lights", authors=("Jordan Vale",),
               css="h1 { text-align: center }", landmarks=[("bodymatter", "chapter-1.xhtml")] if version == 3 else None)
    with zipfile.ZipFile(path) as zf:
        members = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in members:
            name = info.filename
            if name.endswith((".opf", ".ncx")):
                data = rewrite(data, how, instructions=True)
            elif name.endswith("nav.xhtml"):
                data = rewrite(data, how, instructions=False)
            zf.writestr(info, data)
    return path


def comments(path: Path) -> dict[str, int]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n).count(b"<!--varied") for n in zf.namelist() if n.endswith((".opf", ".ncx", "nav.xhtml"))}


def disclosures(path: Path) -> int:
    manuscript = read(path, Config())
    return sum(1 for s in manuscript.sections for b in s.blocks if b.text.startswith(NOTE))


def insert_and_check(run: RunCLI, path: Path) -> None:
    before = comments(path)
    assert disclosures(path) == 0
    result = run("insert", path, "--model", "GPT-4")
    assert result.code == 0, result.err
    assert "added “A Note on the Use of AI” before “Chapter 1”" in result.out
    assert disclosures(path) == 1
    assert comments(path) == before  # the book's comments stay where they were
    assert run("check", path, "--model", "GPT-4").code == 0


writings = st.builds(Writing, comment_every=st.integers(0, 4), instructions=st.booleans(), crlf=st.booleans(),
                     tabs=st.booleans(), spaced_attributes=st.booleans())


@pytest.mark.parametrize("version", [2, 3])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(how=writings)
def test_insert_reads_back_with_one_new_disclosure_however_the_package_is_written(
        tmp_path_factory: pytest.TempPathFactory, run: RunCLI, version: int, how: Writing) -> None:
    path = book(tmp_path_factory.mktemp("varied") / "book.epub", version, how)
    insert_and_check(run, path)


def test_the_most_varied_writings_pass_epubcheck_after_insert(tmp_path: Path, run: RunCLI) -> None:
    paths = []
    for version in (2, 3):
        path = book(tmp_path / f"book{version}.epub", version, MOST)
        assert epubcheck_errors([path])[path] == []  # the input is valid
        insert_and_check(run, path)
        paths.append(path)
    assert epubcheck_errors(paths) == {path: [] for path in paths}


def test_comments_between_nested_navpoints_as_in_idpf_childrens_literature(tmp_path: Path, run: RunCLI) -> None:
    """The shape that crashed insert: an NCX with a navInfo, nested navPoints without playOrder and
    comments between them (IDPF epub3-samples, 30/childrens-literature/EPUB/toc.ncx)."""
    path = book(tmp_path / "book.epub", 3, Writing(0, False, False, False, False))
    ncx = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" xmlns:ncx="http://www.daisy.org/z3986/2005/ncx/"\n'
        '\tversion="2005-1" xml:lang="en">\n'
        '\t<head>\n\t\t<meta name="dtb:uid" content="urn:uuid:00000000-0000-4000-8000-000000000000"/>\n\t</head>\n'
        "\t<docTitle>\n\t\t<text>Harbor Lights</text>\n\t</docTitle>\n"
        "\t<navMap>\n\t\t<navInfo>\n\t\t\t<text>THE CONTENTS</text>\n\t\t</navInfo>\n"
        '\t\t<!--Jordan Vale-->\n'
        '\t\t<navPoint id="np-1">\n\t\t\t<navLabel>\n\t\t\t\t<text>Harbor Lights</text>\n\t\t\t</navLabel>\n'
        '\t\t\t<content src="text/title.xhtml"/>\n'
        '\t\t\t<!--the copyright page-->\n'
        '\t\t\t<navPoint id="np-2">\n\t\t\t\t<navLabel>\n\t\t\t\t\t<text>Copyright</text>\n\t\t\t\t</navLabel>\n'
        '\t\t\t\t<content src="text/copyright.xhtml"/>\n\t\t\t</navPoint>\n\t\t</navPoint>\n'
        '\t\t<!--Chapter 1-->\n'
        '\t\t<navPoint id="np-3">\n\t\t\t<navLabel>\n\t\t\t\t<text>Chapter 1</text>\n\t\t\t</navLabel>\n'
        '\t\t\t<content src="text/chapter-1.xhtml"/>\n\t\t</navPoint>\n'
        '\t\t<navPoint id="np-4">\n\t\t\t<navLabel>\n\t\t\t\t<text>Chapter 2</text>\n\t\t\t</navLabel>\n'
        '\t\t\t<content src="text/chapter-2.xhtml"/>\n\t\t</navPoint>\n'
        "\t</navMap>\n</ncx>\n"
    )
    with zipfile.ZipFile(path) as zf:
        members = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in members:
            if info.filename.endswith(".opf"):
                data = data.replace(b"<manifest>", b'<manifest>\n    <item id="ncx" href="toc.ncx" '
                                                   b'media-type="application/x-dtbncx+xml"/>')
                data = data.replace(b"<spine>", b'<spine toc="ncx">')
            zf.writestr(info, data)
        zf.writestr("OEBPS/toc.ncx", ncx)
    result = run("insert", path, "--model", "GPT-4")
    assert result.code == 0, result.err
    with zipfile.ZipFile(path) as zf:
        written = zf.read("OEBPS/toc.ncx").decode()
    # The note's entry stands before Chapter 1's, above the comment that names it; no playOrder
    # is added to an NCX that has none.
    assert written.index("A Note on the Use of AI") < written.index("<!--Chapter 1-->") < written.index("np-3")
    assert "playOrder" not in written
    assert "<!--Jordan Vale-->" in written and "<!--the copyright page-->" in written
    assert epubcheck_errors([path])[path] == []
