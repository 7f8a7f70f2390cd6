"""`disclosure-lint insert` on Word documents: a surgical edit of one part, in the book's styles."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run
from docx_builders import W_NS, build_docx, build_raw_docx, para, style
from docx_builders import run as run_xml
from lxml import etree

RunCLI = Callable[..., Run]
W = f"{{{W_NS}}}"

CHAPTER = "The harbor lights came on one by one while the ferry waited at the quay."


def novel(path: Path, *, foreword: bool = True) -> Path:
    paragraphs: list[object] = [("Title", "Harbor Lights"), "by Jordan Vale", ("Heading 1", "Copyright"),
                                "© 2025 Jordan Vale. All rights reserved."]
    if foreword:
        paragraphs += [("Heading 1", "Foreword"), "This story came to me on a ferry."]
    paragraphs += [("Heading 1", "Chapter 1"), ("Normal", CHAPTER, {"italic": True}), ("Heading 1", "Chapter 2"),
                   CHAPTER]
    return build_docx(path, paragraphs, author="Jordan Vale")  # type: ignore[arg-type]


def members(path: Path) -> list[tuple[str, int, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(i.filename, i.compress_type, zf.read(i)) for i in zf.infolist()]


def body_paragraphs(path: Path) -> list[tuple[str | None, str, bytes]]:
    """(style, text, XML) of each body paragraph, in order."""
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    out = []
    for p in root.iter(W + "p"):
        ps = p.find(f"{W}pPr/{W}pStyle")
        out.append((ps.get(W + "val") if ps is not None else None, "".join(p.itertext()),
                    etree.tostring(p)))
    return out


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_insert_then_check_is_clean_in_the_documents_own_styles(tmp_path: Path, run: RunCLI) -> None:
    doc = novel(tmp_path / "novel.docx")
    assert run("check", doc).code == 1
    result = run("insert", doc, "--model", "GPT-4")
    assert result.code == 0, result.err
    assert "before “Foreword”" in result.out
    assert run("check", doc, "--model", "GPT-4").code == 0
    styles = [(s, t[:30]) for s, t, _ in body_paragraphs(doc)]
    i = styles.index(("Heading1", "A Note on the Use of AI"))
    assert styles[i + 1][0] is None and styles[i + 1][1].startswith("The author generated this text")
    assert styles[i + 2] == ("Heading1", "Foreword")
    assert styles[i - 1][1].startswith("©")


def test_only_document_xml_changes_and_original_paragraphs_are_kept(tmp_path: Path, run: RunCLI) -> None:
    doc = novel(tmp_path / "novel.docx")
    before_members = members(doc)
    before_paras = body_paragraphs(doc)
    assert run("insert", doc, "--model", "GPT-4").code == 0
    after_members = members(doc)
    assert [(n, c) for n, c, _ in after_members] == [(n, c) for n, c, _ in before_members]  # order, compression
    changed = [n for (n, _, a), (_, _, b) in zip(before_members, after_members, strict=True) if a != b]
    assert changed == ["word/document.xml"]
    after = [xml for _, _, xml in body_paragraphs(doc)]
    it = iter(after)
    assert all(any(xml == x for x in it) for _, _, xml in before_paras)  # every paragraph, in order, same XML
    assert len(after) == len(before_paras) + 2


def test_note_goes_before_the_first_chapter_without_a_foreword(tmp_path: Path, run: RunCLI) -> None:
    doc = novel(tmp_path / "novel.docx", foreword=False)
    assert run("insert", doc, "--model", "Claude", "--heading", "About This Book's Making").code == 0
    texts = [t for _, t, _ in body_paragraphs(doc)]
    assert texts.index("About This Book's Making") + 2 == texts.index("Chapter 1")
    assert run("check", doc, "--model", "Claude").code == 0


def test_unreferenced_parts_and_media_survive(tmp_path: Path, run: RunCLI) -> None:
    body = [para("Harbor Lights", style="Title"), para("by Jordan Vale"), para("Chapter 1", style="Heading1"),
            para(CHAPTER)]
    doc = build_raw_docx(tmp_path / "raw.docx", body, comments={"0": "Editor's note"},
                         footnotes={"1": "A footnote."}, header="Harbor Lights",
                         core={"dc:creator": "Jordan Vale"},
                         extra_parts={"customXml/item1.xml": "<root>kept</root>",
                                      "word/orphan.bin": b"\x00\x01 nobody points here"})
    before = members(doc)
    assert run("insert", doc, "--model", "GPT-4").code == 0
    after = dict((n, d) for n, _, d in members(doc))
    for name, _, data in before:
        if name != "word/document.xml":
            assert after[name] == data, name
    assert run("check", doc, "--model", "GPT-4").code == 0


def test_headings_in_direct_formatting_get_the_same_direct_formatting(tmp_path: Path, run: RunCLI) -> None:
    """A book without heading styles (its headings Normal with an outline level, bold and centred
    by hand) gets a heading formatted the same way, and no style is added."""
    styles_xml = (f'<w:styles xmlns:w="{W_NS}">' + style("Normal", name="Normal", default=True)
                  + style("Body", name="Manuscript Body", based_on="Normal", ppr='<w:ind w:firstLine="720"/>')
                  + "</w:styles>")
    look = '<w:outlineLvl w:val="0"/><w:jc w:val="center"/>'
    bold = "<w:b/><w:sz w:val=\"28\"/>"
    body = [para("by Jordan Vale"), para(run_xml("Chapter 1", bold), ppr=look), para(CHAPTER, style="Body"),
            para(run_xml("Chapter 2", bold), ppr=look), para(CHAPTER, style="Body")]
    doc = build_raw_docx(tmp_path / "plain.docx", body, styles_xml=styles_xml, core={"dc:creator": "Jordan Vale"})
    before = members(doc)
    assert run("insert", doc, "--model", "GPT-4").code == 0
    changed = sorted(n for (n, _, a), (_, _, b) in zip(before, members(doc), strict=True) if a != b)
    assert changed == ["word/document.xml"]
    with zipfile.ZipFile(doc) as zf:
        main = etree.fromstring(zf.read("word/document.xml"))
    heading = main.findall(f"{W}body/{W}p")[1]
    assert heading.find(f"{W}pPr/{W}pStyle") is None
    assert heading.find(f"{W}pPr/{W}outlineLvl").get(W + "val") == "0"  # type: ignore[union-attr]
    assert heading.find(f"{W}pPr/{W}jc").get(W + "val") == "center"  # type: ignore[union-attr]
    rpr = heading.find(f"{W}r/{W}rPr")
    assert rpr is not None and rpr.find(f"{W}b") is not None and rpr.find(f"{W}sz").get(W + "val") == "28"  # type: ignore[union-attr]
    paragraphs = body_paragraphs(doc)
    assert paragraphs[1][1] == "A Note on the Use of AI"
    assert paragraphs[2][0] == "Body"  # the manuscript's own body style
    assert run("check", doc, "--model", "GPT-4").code == 0


def test_heading_style_is_created_only_when_the_book_has_no_heading(tmp_path: Path, run: RunCLI) -> None:
    """A story with no headings at all: a "heading 1" is added, and a page break parts the note
    from the story."""
    styles_xml = (f'<w:styles xmlns:w="{W_NS}">' + style("Normal", name="Normal", default=True)
                  + style("Body", name="Manuscript Body", based_on="Normal", ppr='<w:ind w:firstLine="720"/>')
                  + "</w:styles>")
    body = [para(CHAPTER, style="Body"), para(CHAPTER, style="Body"), para(CHAPTER, style="Body")]
    doc = build_raw_docx(tmp_path / "plain.docx", body, styles_xml=styles_xml, core={"dc:creator": "Jordan Vale"})
    before = members(doc)
    assert run("insert", doc, "--model", "GPT-4").code == 0
    changed = sorted(n for (n, _, a), (_, _, b) in zip(before, members(doc), strict=True) if a != b)
    assert changed == ["word/document.xml", "word/styles.xml"]
    with zipfile.ZipFile(doc) as zf:
        styles = etree.fromstring(zf.read("word/styles.xml"))
        main = etree.fromstring(zf.read("word/document.xml"))
    created = styles.find(f"{W}style[@{W}styleId='Heading1']")
    assert created is not None
    level = created.find(f"{W}pPr/{W}outlineLvl")
    assert level is not None and level.get(W + "val") == "0"
    paragraphs = body_paragraphs(doc)
    assert paragraphs[0][:2] == ("Heading1", "A Note on the Use of AI")
    assert paragraphs[1][0] == "Body"
    note_end = main.findall(f"{W}body/{W}p")[1]
    assert [br.get(W + "type") for br in note_end.iter(f"{W}br")] == ["page"]
    assert run("check", doc, "--model", "GPT-4").code == 0


def test_idempotent_output_and_dry_run(tmp_path: Path, run: RunCLI) -> None:
    doc = novel(tmp_path / "novel.docx")
    original = doc.read_bytes()
    dry = run("insert", doc, "--model", "GPT-4", "--dry-run")
    assert dry.code == 0
    assert "would add a section before “Foreword”" in dry.out
    assert "heading: A Note on the Use of AI" in dry.out and "text:    The author generated" in dry.out
    assert doc.read_bytes() == original and sorted(p.name for p in tmp_path.iterdir()) == ["novel.docx"]

    out = tmp_path / "with-note.docx"
    assert run("insert", doc, "--model", "GPT-4", "--output", out).code == 0
    assert doc.read_bytes() == original
    assert run("check", out, "--model", "GPT-4").code == 0

    done = out.read_bytes()
    again = run("insert", out, "--model", "GPT-4")
    assert again.code == 0 and "nothing changed" in again.out
    assert out.read_bytes() == done


def test_failure_mid_write_leaves_the_document(tmp_path: Path, run: RunCLI, monkeypatch: pytest.MonkeyPatch) -> None:
    import disclosure_lint.writers.docx as docx_writer

    doc = novel(tmp_path / "novel.docx")
    original = doc.read_bytes()

    def serializer_fails(*args: object, **kwargs: object) -> bytes:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(docx_writer, "rewrite_zip", serializer_fails)
    assert run("insert", doc, "--model", "GPT-4").code == 2
    assert doc.read_bytes() == original

    monkeypatch.undo()
    monkeypatch.setattr(os, "replace", serializer_fails)
    result = run("insert", doc, "--model", "GPT-4")
    assert result.code == 2 and "not enough free space on the disk to write novel.docx" in result.err
    assert "nothing was changed" in result.err and ".tmp" not in result.err
    assert doc.read_bytes() == original
    assert leftovers(tmp_path) == []


def test_denial_in_a_docx_is_refused(tmp_path: Path, run: RunCLI) -> None:
    doc = build_docx(tmp_path / "d.docx", [("Heading 1", "Author's Note"), "No AI was used to write this book.",
                                            ("Heading 1", "Chapter 1"), CHAPTER], author="Jordan Vale")
    original = doc.read_bytes()
    result = run("insert", doc, "--model", "GPT-4")
    assert result.code == 1 and "paragraph 2" in result.err
    assert doc.read_bytes() == original
