"""The declaration's machine-readable mirror (issue 16, items 4 and 6): `insert` writes it into the
EPUB package, the DOCX custom properties and the Markdown front matter; the readers read it back
into `Metadata.ai_use` for `metadata-mismatch`; TDMRep and C2PA markers already in a book are
reported in JSON and kept byte for byte."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from books import markdown_book, write_book
from c2pa_text import encode_wrapper, find_wrapper_info
from conftest import Run
from docx_builders import build_docx
from epub_builders import build_epub
from epub_check import epubcheck_errors

from disclosure_lint.readers.markers import find_wrappers
from disclosure_lint.writers.mirror import Mirror, with_front_matter

RunCLI = Callable[..., Run]

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
SOME = '''\
[ai-use]
responsibility = "Jordan Vale"
tools = [{ name = "GPT-4", vendor = "OpenAI" }]
[ai-use.text]
use = "generated"
scope = "some"
editing = "extensive"
'''
ENTIRE = SOME.replace('scope = "some"', 'scope = "entire"')
ASSISTED = '''\
[ai-use]
tools = ["GPT-4"]
[ai-use.text]
use = "assisted"
scope = "entire"
'''
CHAPTER = "The harbor lights came on one by one while the ferry waited at the quay."
#: A C2PA text wrapper as the reference implementation (`c2pa-text`) writes it: a made-up
#: manifest of 300 bytes, every byte value in it.
WRAPPER = encode_wrapper(bytes(range(256)) + bytes(44))
TDM = ('<meta property="tdm:reservation">1</meta>'
       '<meta property="tdm:policy">https://example.com/tdm-policy.json</meta>')


def configured(folder: Path, declaration: str) -> None:
    (folder / ".disclosure-lint.toml").write_text(declaration, encoding="utf-8")


def member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name)


def rewrite_member(path: Path, name: str, change: Callable[[str], str]) -> None:
    """Rebuild the zip with one member's text changed (mimetype first and stored)."""
    with zipfile.ZipFile(path) as zf:
        items = [(i, zf.read(i)) for i in zf.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info, data in items:
            out.writestr(info, change(data.decode("utf-8")).encode("utf-8") if info.filename == name else data)
    path.write_bytes(buffer.getvalue())


def mismatches(run: RunCLI, book: Path) -> list[str]:
    result = run("check", "--format", "json", "--model", "GPT-4", book)
    return [f["message"] for f in result.json()["files"][0]["findings"] if f["rule"] == "metadata-mismatch"]


def epub_novel(path: Path, *, version: int = 3, metadata_xml: str = "", chapter: str = CHAPTER) -> Path:
    docs = [("title.xhtml", "frontmatter titlepage", "<h1>Harbor Lights</h1><p>by Jordan Vale</p>"),
            ("chapter-1.xhtml", "bodymatter chapter", f"<h1>Chapter 1</h1><p>{chapter}</p>"),
            ("chapter-2.xhtml", "bodymatter chapter", f"<h1>Chapter 2</h1><p>{CHAPTER}</p>")]
    return build_epub(path, docs, version=version, title="Harbor Lights", authors=("Jordan Vale",),
                      metadata_xml=metadata_xml)


def docx_novel(path: Path, chapter: str = CHAPTER) -> Path:
    paragraphs: list[object] = [("Title", "Harbor Lights"), "by Jordan Vale", ("Heading 1", "Chapter 1"), chapter,
                                ("Heading 1", "Chapter 2"), CHAPTER]
    return build_docx(path, paragraphs, author="Jordan Vale")  # type: ignore[arg-type]


# --- insert writes the mirror; check reads it back ----------------------------------------------------


def test_markdown_insert_adds_keys_to_the_front_matter_and_check_reads_them(tmp_path: Path, run: RunCLI) -> None:
    configured(tmp_path, SOME)
    text = markdown_book().replace('author: "Jordan Vale"\n', 'author: "Jordan Vale"\n# a comment\nlang: en\n')
    book = write_book(tmp_path, text)
    before = book.read_bytes()

    assert run("insert", book, "--model", "GPT-4").code == 0
    after = book.read_bytes()
    head = after.split(b"\n---\n", 1)[0].decode()
    assert head == ('---\ntitle: "Harbor Lights"\nauthor: "Jordan Vale"\n# a comment\nlang: en\n'
                    f"digital-source-type: {IPTC}compositeWithTrainedAlgorithmicMedia\n"
                    "ai-system-used:\n  - GPT-4")
    assert after.endswith(before.split(b"\n---\n", 1)[1])  # the story's bytes, unchanged
    assert mismatches(run, book) == []
    # A second run changes nothing.
    again = run("insert", book, "--model", "GPT-4")
    assert again.code == 0 and "nothing changed" in again.out
    assert book.read_bytes() == after


def test_markdown_front_matter_is_created_updated_and_stable(tmp_path: Path) -> None:
    mirror = Mirror(IPTC + "trainedAlgorithmicMedia", ("GPT-4", "Claude: 3"))
    plain = b"\xef\xbb\xbf# Chapter 1\r\n\r\nText.\r\n"
    created = with_front_matter(plain, mirror)
    assert created == (b'\xef\xbb\xbf---\r\ndigital-source-type: ' + (IPTC + "trainedAlgorithmicMedia").encode()
                       + b'\r\nai-system-used:\r\n  - GPT-4\r\n  - "Claude: 3"\r\n---\r\n\r\n' + plain[3:])
    assert with_front_matter(created, mirror) == created
    # Our old values are replaced where they stood; every other line is kept.
    old = (b"---\ntitle: T\ndigital-source-type: trainedAlgorithmicMedia\nai-system-used:\n  - Claude\n"
           b"lang: fr\n---\ntext\n")
    updated = with_front_matter(old, Mirror(IPTC + "compositeWithTrainedAlgorithmicMedia", ("GPT-4",)))
    assert updated == (b"---\ntitle: T\ndigital-source-type: " + IPTC.encode()
                       + b"compositeWithTrainedAlgorithmicMedia\nai-system-used:\n  - GPT-4\nlang: fr\n---\ntext\n")


@pytest.mark.parametrize("version", [2, 3])
def test_epub_insert_writes_the_package_meta_and_check_reads_it(tmp_path: Path, run: RunCLI, version: int) -> None:
    configured(tmp_path, ENTIRE)
    book = epub_novel(tmp_path / f"book{version}.epub", version=version)

    assert run("insert", book, "--model", "GPT-4").code == 0
    opf = member(book, "OEBPS/content.opf").decode()
    uri = IPTC + "trainedAlgorithmicMedia"
    if version == 3:
        assert 'prefix="Iptc4xmpExt: http://iptc.org/std/Iptc4xmpExt/2008-02-29/"' in opf
        # `opf:meta` where the metadata element declares the prefix: the same element.
        assert re.search(f'<(opf:)?meta property="schema:digitalSourceType">{uri}</(opf:)?meta>', opf)
        assert re.search('<(opf:)?meta property="Iptc4xmpExt:AISystemUsed">GPT-4</(opf:)?meta>', opf)
    else:
        assert re.search(f'<(opf:)?meta name="schema:digitalSourceType" content="{uri}"/>', opf)
        assert re.search('<(opf:)?meta name="Iptc4xmpExt:AISystemUsed" content="GPT-4"/>', opf)
    assert mismatches(run, book) == []
    after = book.read_bytes()
    assert run("insert", book, "--model", "GPT-4").code == 0
    assert book.read_bytes() == after


def test_epubcheck_passes_with_the_mirror_and_with_tdmrep(tmp_path: Path, run: RunCLI) -> None:
    configured(tmp_path, SOME)
    inputs = [epub_novel(tmp_path / "in2.epub", version=2),
              epub_novel(tmp_path / "in3.epub", metadata_xml=TDM, chapter=CHAPTER + WRAPPER)]
    rewrite_member(inputs[1], "OEBPS/content.opf",
                   lambda t: t.replace("<package ", '<package prefix="tdm: http://www.w3.org/ns/tdmrep#" ', 1))
    outputs = [tmp_path / "out2.epub", tmp_path / "out3.epub"]
    for source, target in zip(inputs, outputs, strict=True):
        assert run("insert", source, "--model", "GPT-4", "--output", target).code == 0, source
    assert 'prefix="tdm: http://www.w3.org/ns/tdmrep# Iptc4xmpExt: ' in member(outputs[1], "OEBPS/content.opf").decode()
    assert epubcheck_errors([*inputs, *outputs]) == {p: [] for p in [*inputs, *outputs]}


def test_docx_insert_adds_custom_properties_surgically(tmp_path: Path, run: RunCLI) -> None:
    configured(tmp_path, ASSISTED)
    book = docx_novel(tmp_path / "book.docx")
    with zipfile.ZipFile(book) as zf:
        before = {n: zf.read(n) for n in zf.namelist()}
    assert "docProps/custom.xml" not in before

    assert run("insert", book, "--model", "GPT-4").code == 0
    with zipfile.ZipFile(book) as zf:
        after = {n: zf.read(n) for n in zf.namelist()}
    custom = after["docProps/custom.xml"].decode()
    assert re.search(r'pid="2" name="schema:digitalSourceType"><vt:lpwstr>'
                     + re.escape(IPTC + "compositeWithTrainedAlgorithmicMedia"), custom)
    assert 'name="Iptc4xmpExt:AISystemUsed"><vt:lpwstr>GPT-4</vt:lpwstr>' in custom
    assert ('Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" '
            'Target="docProps/custom.xml"') in after["_rels/.rels"].decode()
    assert ('<Override PartName="/docProps/custom.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
            ) in after["[Content_Types].xml"].decode()
    changed = {n for n in before if before[n] != after[n]}
    assert changed == {"word/document.xml", "_rels/.rels", "[Content_Types].xml"}
    import docx  # Word's own model opens it, custom part and all

    assert docx.Document(str(book)).paragraphs
    assert mismatches(run, book) == []
    written = book.read_bytes()
    assert run("insert", book, "--model", "GPT-4").code == 0
    assert book.read_bytes() == written


def test_docx_custom_properties_already_there_are_kept_and_ours_updated(tmp_path: Path, run: RunCLI) -> None:
    configured(tmp_path, SOME)
    book = docx_novel(tmp_path / "book.docx")
    vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    fmtid = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
    custom = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.'
              f'openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="{vt}">'
              f'<property fmtid="{fmtid}" pid="2" name="Editor"><vt:lpwstr>Ana Ruiz</vt:lpwstr></property>'
              f'<property fmtid="{fmtid}" pid="3" name="schema:digitalSourceType"><vt:lpwstr>trainedAlgorithmicMedia'
              "</vt:lpwstr></property></Properties>")
    _add_custom_part(book, custom)
    assert mismatches(run, book) == ["the file's AI-use metadata says trainedAlgorithmicMedia; it should say "
                                     "compositeWithTrainedAlgorithmicMedia (the declaration says AI generated some "
                                     "of the text)"]

    assert run("insert", book, "--model", "GPT-4").code == 0
    written = member(book, "docProps/custom.xml").decode()
    assert '<property fmtid="' + fmtid + '" pid="2" name="Editor"><vt:lpwstr>Ana Ruiz</vt:lpwstr></property>' in written
    assert f'pid="3" name="schema:digitalSourceType"><vt:lpwstr>{IPTC}compositeWithTrainedAlgorithmicMedia' in written
    assert 'pid="4" name="Iptc4xmpExt:AISystemUsed"><vt:lpwstr>GPT-4<' in written
    assert member(book, "_rels/.rels").count(b"custom-properties") == 1
    assert mismatches(run, book) == []


def _add_custom_part(book: Path, custom: str) -> None:
    with zipfile.ZipFile(book) as zf:
        items = [(i, zf.read(i)) for i in zf.infolist()]
    buffer = io.BytesIO()
    rel = ('<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'custom-properties" Target="docProps/custom.xml"/></Relationships>')
    override = ('<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.custom-properties+xml"/></Types>')
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            if info.filename == "_rels/.rels":
                data = data.replace(b"</Relationships>", rel.encode())
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", override.encode())
            out.writestr(info, data)
        out.writestr("docProps/custom.xml", custom)
    book.write_bytes(buffer.getvalue())


# --- metadata-mismatch on real files ------------------------------------------------------------------


def _markdown_with(front: str) -> str:
    return markdown_book().replace('author: "Jordan Vale"\n', f'author: "Jordan Vale"\n{front}')


@pytest.mark.parametrize(("fmt", "agree", "disagree"), [
    ("markdown", "digital-source-type: compositeWithTrainedAlgorithmicMedia\nai-system-used:\n  - GPT-4\n",
     "digital-source-type: trainedAlgorithmicMedia\nai-system-used:\n  - Claude\n"),
    ("epub", '<meta property="schema:digitalSourceType">compositeWithTrainedAlgorithmicMedia</meta>',
     '<meta property="schema:digitalSourceType">trainedAlgorithmicMedia</meta>'),
    ("epub2", '<meta name="schema:digitalSourceType" content="compositeWithTrainedAlgorithmicMedia"/>',
     '<meta name="schema:digitalSourceType" content="http://cv.iptc.org/newscodes/digitalsourcetype/'
     'trainedAlgorithmicMedia"/>'),
])
def test_metadata_mismatch_reads_the_files_metadata(tmp_path: Path, run: RunCLI, fmt: str, agree: str,
                                                    disagree: str) -> None:
    configured(tmp_path, SOME)
    books = []
    for name, meta in (("agree", agree), ("disagree", disagree)):
        if fmt == "markdown":
            books.append(write_book(tmp_path, _markdown_with(meta), f"{name}.md"))
        else:
            books.append(epub_novel(tmp_path / f"{name}.epub", version=2 if fmt == "epub2" else 3,
                                    metadata_xml=meta))
    assert mismatches(run, books[0]) == []
    found = mismatches(run, books[1])
    assert found[0] == ("the file's AI-use metadata says trainedAlgorithmicMedia; it should say "
                        "compositeWithTrainedAlgorithmicMedia (the declaration says AI generated some of the text)")
    if fmt == "markdown":
        assert "names Claude, which the declaration does not list and does not name GPT-4" in found[1]


def test_no_declaration_no_metadata_written(tmp_path: Path, run: RunCLI) -> None:
    md = write_book(tmp_path, markdown_book())
    epub = epub_novel(tmp_path / "b.epub")
    assert run("insert", md, "--model", "GPT-4").code == 0
    assert run("insert", epub, "--model", "GPT-4").code == 0
    assert b"digital-source-type" not in md.read_bytes()
    opf = member(epub, "OEBPS/content.opf")
    assert b"digitalSourceType" not in opf and b"prefix=" not in opf


# --- markers: read, reported, kept -------------------------------------------------------------------


def _markers(run: RunCLI, book: Path) -> list[dict[str, object]]:
    result = run("check", "--format", "json", "--model", "GPT-4", book)
    markers: list[dict[str, object]] = result.json()["files"][0]["markers"]
    return markers


def test_our_detector_agrees_with_the_reference_implementation() -> None:
    text = "Written by hand." + WRAPPER + " More."
    manifest, start_byte, length_byte = find_wrapper_info(text)
    (found,) = find_wrappers(text)
    assert found.manifest_bytes == len(manifest) == 300
    assert len(text[:found.start].encode()) == start_byte
    assert len(text[found.start:found.end].encode()) == length_byte
    assert found.version == 1
    assert find_wrappers("a\ufe0f\U000e0100 emoji-like selectors, no magic") == []


def test_epub_markers_reported_and_kept_byte_for_byte(tmp_path: Path, run: RunCLI) -> None:
    configured(tmp_path, SOME)
    book = epub_novel(tmp_path / "b.epub", metadata_xml=TDM, chapter=CHAPTER + WRAPPER)
    rewrite_member(book, "OEBPS/content.opf",
                   lambda t: t.replace("<package ", '<package prefix="tdm: http://www.w3.org/ns/tdmrep#" ', 1))
    markers = _markers(run, book)
    assert [(m["kind"], m["value"]) for m in markers] == [
        ("tdm-reservation", "1"), ("tdm-policy", "https://example.com/tdm-policy.json"),
        ("c2pa-manifest", "version 1")]
    c2pa = markers[2]
    assert c2pa["manifest_bytes"] == 300 and c2pa["encoded_bytes"] == len(WRAPPER.encode())
    assert c2pa["location"]["path"].endswith("!/OEBPS/text/chapter-1.xhtml")  # type: ignore[index]
    chapter = member(book, "OEBPS/text/chapter-1.xhtml")

    assert run("insert", book, "--model", "GPT-4").code == 0
    assert member(book, "OEBPS/text/chapter-1.xhtml") == chapter
    opf = member(book, "OEBPS/content.opf").decode()
    for tag in TDM.replace("><", ">\n<").splitlines():
        assert tag in opf
    assert [m["kind"] for m in _markers(run, book)] == ["tdm-reservation", "tdm-policy", "c2pa-manifest"]


def test_docx_c2pa_block_reported_and_kept(tmp_path: Path, run: RunCLI) -> None:
    book = docx_novel(tmp_path / "b.docx", chapter=CHAPTER + WRAPPER)
    (marker,) = _markers(run, book)
    assert marker["kind"] == "c2pa-manifest" and marker["manifest_bytes"] == 300
    assert run("insert", book, "--model", "GPT-4").code == 0
    assert member(book, "word/document.xml").count(WRAPPER.encode()) == 1
    assert [m["kind"] for m in _markers(run, book)] == ["c2pa-manifest"]


def test_markdown_c2pa_block_is_no_text_and_survives_insert(tmp_path: Path, run: RunCLI) -> None:
    """The block after a disclosure sentence: the sentence is read and quoted without it, the block
    is reported where it is, and insert (which adds the mirror here) keeps it."""
    configured(tmp_path, SOME)
    foreword = ("GPT-4 drafted parts of chapters 3 and 7; I rewrote every line of them and take full "
                "responsibility for the book." + WRAPPER)
    book = write_book(tmp_path, markdown_book(foreword))
    result = run("check", "--format", "json", "--model", "GPT-4", book)
    report = result.json()["files"][0]
    (marker,) = report["markers"]
    lines = book.read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if WRAPPER in text)
    assert (marker["location"]["line"], marker["location"]["column"]) == (line, lines[line - 1].index(WRAPPER) + 1)
    disclosures = [d["text"] for d in report["disclosures"]]
    assert disclosures and not any(re.search("[\ufeff\ufe00-\ufe0f\U000e0100-\U000e01ef]", d) for d in disclosures)
    assert "disclosure-missing" not in {f["rule"] for f in report["findings"]}

    plain = write_book(tmp_path, markdown_book(None, chapters=[CHAPTER + WRAPPER, CHAPTER]), "plain.md")
    assert run("insert", plain, "--model", "GPT-4").code == 0
    assert plain.read_bytes().count((CHAPTER + WRAPPER).encode()) == 1


def test_explain_cites_the_vocabularies(run: RunCLI) -> None:
    page = run("explain", "metadata-mismatch").out
    for source in ("http://cv.iptc.org/newscodes/digitalsourcetype/", "https://schema.org/digitalSourceType",
                   "http://iptc.org/std/Iptc4xmpExt/2008-02-29/", "epub-specs issue 2833"):
        assert source in page


def test_the_normaliser_drops_stray_variation_selectors_of_both_planes() -> None:
    """A selector block the readers did not take out (say, written as character references) glues
    nothing onto the words around it, and the C2PA block is never hidden text."""
    from disclosure_lint.analysis.normalize import normalise
    from disclosure_lint.readers.markdown import parse

    assert normalise("GPT-4" + WRAPPER + " drafted it.") == "GPT-4 drafted it."
    assert normalise("G\U000e0100PT-4") == "GPT-4"
    manuscript = parse(markdown_book("I wrote it with GPT-4." + WRAPPER).encode(), "b.md")
    assert not any("\U000e0100" <= ch <= "\U000e01ef" for h in manuscript.hidden for ch in h.text)
    assert len(manuscript.markers) == 1


def test_toml_front_matter_is_left_alone() -> None:
    hugo = b'+++\ntitle = "T"\n+++\n# Chapter 1\n'
    assert with_front_matter(hugo, Mirror(IPTC + "trainedAlgorithmicMedia", ("GPT-4",))) == hugo


def test_epub_prefix_of_another_meaning_is_not_reused(tmp_path: Path, run: RunCLI) -> None:
    """A package that already uses the name `Iptc4xmpExt` for something else: ours gets another
    name, and check still reads the systems through it."""
    configured(tmp_path, SOME)
    book = epub_novel(tmp_path / "b.epub")
    rewrite_member(book, "OEBPS/content.opf",
                   lambda t: t.replace("<package ", '<package prefix="Iptc4xmpExt: http://example.com/x#" ', 1))
    assert run("insert", book, "--model", "GPT-4").code == 0
    opf = member(book, "OEBPS/content.opf").decode()
    assert ('prefix="Iptc4xmpExt: http://example.com/x# Iptc4xmpExt-ai: http://iptc.org/std/Iptc4xmpExt/2008-02-29/"'
            in opf)
    assert re.search('<(opf:)?meta property="Iptc4xmpExt-ai:AISystemUsed">GPT-4<', opf)
    assert mismatches(run, book) == []
