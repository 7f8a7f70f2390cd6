"""A disclosure a reader cannot see is reported as `disclosure-hidden`, pointing at the hidden
place, in every format and for every hiding technique (end to end through the CLI)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from books import CHAPTER, STOCK
from docx_builders import build_raw_docx, para, run, style
from epub_builders import Doc, build_epub

H1 = "Heading1"
HEADINGS = [style(H1, name="heading 1", ppr='<w:outlineLvl w:val="0"/>')]


def _docx(tmp_path: Path, foreword: list[str], **kw: Any) -> Path:
    body = [para("Foreword", style=H1), *foreword, para("Chapter 1", style=H1), para(CHAPTER)]
    kw.setdefault("core", {"dc:creator": "Jordan Vale", "dc:title": "Harbor Lights"})
    return build_raw_docx(tmp_path / "book.docx", body, styles=HEADINGS, **kw)


DOCX_CASES: dict[str, Callable[[Path], Path]] = {
    "vanish": lambda p: _docx(p, [para("A ferry story. ", run(STOCK, "<w:vanish/>"))]),
    "web-hidden": lambda p: _docx(p, [para("A ferry story. ", run(STOCK, "<w:webHidden/>"))]),
    "white-on-white": lambda p: _docx(p, [para("A ferry story. ", run(STOCK, '<w:color w:val="FFFFFF"/>'))]),
    "one-point": lambda p: _docx(p, [para("A ferry story. ", run(STOCK, '<w:sz w:val="2"/>'))]),
    "squeezed": lambda p: _docx(p, [para("A ferry story. ", run(STOCK, '<w:sz w:val="24"/><w:w w:val="5"/>'))]),
    "deleted-revision": lambda p: _docx(p, [para("A ferry story. ", '<w:del w:id="1" w:author="Ed">'
                                                 + run(STOCK, tag="w:delText") + "</w:del>")]),
    "comment": lambda p: _docx(p, [para("A ferry story.", '<w:r><w:commentReference w:id="0"/></w:r>')],
                               comments={"0": STOCK}),
    "hidden-character-style": lambda p: build_raw_docx(
        p / "book.docx",
        [para("Foreword", style=H1), para("A ferry story. ", run(STOCK, '<w:rStyle w:val="Secret"/>')),
         para("Chapter 1", style=H1), para(CHAPTER)],
        styles=[*HEADINGS, style("Secret", kind="character", rpr="<w:vanish/>")],
        core={"dc:creator": "Jordan Vale"}),
    "properties-only": lambda p: _docx(p, [para("A ferry story.")],
                                       core={"dc:creator": "Jordan Vale", "dc:description": STOCK}),
}


def _epub(tmp_path: Path, foreword: str, **kw: Any) -> Path:
    docs = [Doc("foreword.xhtml", f"<h1>Foreword</h1>{foreword}", "frontmatter foreword"),
            Doc("chapter1.xhtml", f"<h1>Chapter 1</h1><p>{CHAPTER}</p>", "bodymatter chapter")]
    return build_epub(tmp_path / "book.epub", docs, title="Harbor Lights", authors=("Jordan Vale",), **kw)


EPUB_CASES: dict[str, Callable[[Path], Path]] = {
    "display-none": lambda p: _epub(p, f'<p>A ferry story.</p><p style="display:none">{STOCK}</p>'),
    "hidden-attribute": lambda p: _epub(p, f"<p>A ferry story.</p><p hidden=\"hidden\">{STOCK}</p>"),
    "css-class": lambda p: _epub(p, f'<p>A ferry story.</p><p class="x">{STOCK}</p>', css=".x { display: none }"),
    "zero-font": lambda p: _epub(p, f'<p>A ferry story.</p><p style="font-size:0">{STOCK}</p>'),
    "scaled-to-nothing": lambda p: _epub(p, f'<p>A ferry story.</p><p class="s">{STOCK}</p>',
                                         css=".s { transform: scale(0.01) }"),
    "comment": lambda p: _epub(p, f"<p>A ferry story.</p><!-- {STOCK} -->"),
    "description-only": lambda p: _epub(p, "<p>A ferry story.</p>", description=STOCK),
    "white-class": lambda p: _epub(p, f'<p>A ferry story.</p><p class="note">{STOCK}</p>',
                                   css="p.note { color: #FFFFFF; }"),
    "off-page": lambda p: _epub(p, f'<p>A ferry story.</p><p style="text-indent: -9999px">{STOCK}</p>'),
    "clipped": lambda p: _epub(p, f'<p>A ferry story.</p><p class="sr">{STOCK}</p>',
                               css=".sr { position: absolute; clip: rect(0 0 0 0); overflow: hidden }"),
}

#: What `disclosure-hidden` says of the place, in a writer's words, for each technique.
SAYS = {
    "white-class": "only in white text (text coloured like the page)",
    "off-page": "only in text moved off the page (hidden by CSS)",
    "clipped": "only in text clipped out of sight (hidden by CSS)",
    "zero-font": "only in text the size of nothing (text too small to read)",
}


@pytest.mark.parametrize("case", list(DOCX_CASES))
def test_docx_hidden(case: str, tmp_path: Path, run: Any) -> None:
    _assert_hidden(run("check", "--format", "json", DOCX_CASES[case](tmp_path)).json())


@pytest.mark.parametrize("case", list(EPUB_CASES))
def test_epub_hidden(case: str, tmp_path: Path, run: Any) -> None:
    data = run("check", "--format", "json", EPUB_CASES[case](tmp_path)).json()
    _assert_hidden(data)
    if case in SAYS:
        [finding] = data["files"][0]["findings"]
        assert SAYS[case] in finding["message"]


def test_aria_hidden_alone_is_visible(tmp_path: Path, run: Any) -> None:
    book = _epub(tmp_path, f'<p aria-hidden="true">{STOCK}</p>')
    assert run("check", "--format", "json", book).rules() == set()


def _assert_hidden(data: dict[str, Any]) -> None:
    file = data["files"][0]
    rules = {f["rule"] for f in file["findings"]}
    assert rules == {"disclosure-hidden"}, file["findings"]
    assert file["disclosures"] and not any(d["visible"] for d in file["disclosures"])


EASY_TO_MISS: dict[str, Callable[[Path], Path]] = {
    "docx-footer": lambda p: _docx(p, [para("A ferry story.")], footer=para(STOCK)),
    "docx-footnote": lambda p: _docx(p, [para("A ferry story.", '<w:r><w:footnoteReference w:id="1"/></w:r>')],
                                     footnotes={"1": STOCK}),
    "epub-non-linear": lambda p: build_epub(
        p / "book.epub",
        [Doc("foreword.xhtml", "<h1>Foreword</h1><p>A ferry story.</p>", "frontmatter foreword"),
         Doc("chapter1.xhtml", f"<h1>Chapter 1</h1><p>{CHAPTER}</p>", "bodymatter chapter"),
         Doc("note.xhtml", f"<h1>A Note on AI</h1><p>{STOCK}</p>", "backmatter", linear=False)],
        title="Harbor Lights", authors=("Jordan Vale",)),
}


@pytest.mark.parametrize("case", list(EASY_TO_MISS))
def test_easy_to_miss_is_placement(case: str, tmp_path: Path, run: Any) -> None:
    data = run("check", "--format", "json", EASY_TO_MISS[case](tmp_path)).json()
    assert {f["rule"] for f in data["files"][0]["findings"]} == {"disclosure-placement"}, data
