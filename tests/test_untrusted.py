"""Untrusted files (issue 7): limits, XML attacks, disguised and damaged files, one error path.

Every case runs the CLI as a user does and checks what the user sees: the exit code, one line
on stderr, no traceback, and never the content of a file outside the manuscript.

The time bounds below guard against hangs and quadratic work, not speed (that is `benchmarks/`):
they are this process's CPU time (the CLI runs in-process), which other work on a busy machine
does not inflate as it does wall time.
"""

from __future__ import annotations

import os
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from books import STOCK, markdown_book, write_book
from conftest import Run
from docx_builders import build_raw_docx, para
from epub_builders import build_epub, member_path
from hostile import (
    DISCLOSURE,
    billion_laughs,
    external_dtd,
    external_entity,
    good_docx,
    good_epub,
    lie_about_size,
    members,
    parameter_entity,
    poison,
    replace_member,
    write_members,
)

from disclosure_lint.errors import InputError
from disclosure_lint.readers import safety

RunCLI = Callable[..., Run]
MiB = 1024 * 1024


def refused(result: Run, *needles: str) -> str:
    """Assert a one-line refusal (exit 2, no traceback) that says each of `needles`."""
    assert result.code == 2, (result.code, result.out, result.err)
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert "Traceback" not in result.err + result.out and "internal error" not in result.err
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def no_traceback(result: Run) -> None:
    assert result.code in (0, 1, 2), result
    assert "Traceback" not in result.err + result.out
    assert "internal error" not in result.err, result.err


# --- limits: one module, both packages ---------------------------------------------------------------


def _book(kind: str, folder: Path) -> Path:
    return good_docx(folder / "book.docx") if kind == "docx" else good_epub(folder / "book.epub")


def _text_part(kind: str) -> str:
    return "word/document.xml" if kind == "docx" else member_path("c1.xhtml")


@pytest.mark.parametrize("kind", ["docx", "epub"])
def test_member_count_is_checked_before_zipfile_parses_and_can_be_raised(
        kind: str, tmp_path: Path, run: RunCLI) -> None:
    book = _book(kind, tmp_path)
    parts = members(book)
    parts.update({f"extra/{n}.bin": b"" for n in range(40)})
    write_members(book, parts)
    line = refused(run("check", book, "--limit", "max_members=20"), "max_members",
                   "--limit max_members=N")
    assert f"{len(parts)} zip members" in line
    no_traceback(result := run("check", book, "--limit", "max_members=100"))
    assert result.code != 2


def test_member_count_refused_from_the_end_record_alone(tmp_path: Path) -> None:
    # The end record declares the count: a package claiming a million members is refused
    # without building a million ZipInfo objects.
    book = good_docx(tmp_path / "book.docx")
    raw = bytearray(book.read_bytes())
    eocd = raw.rfind(b"PK\x05\x06")
    raw[eocd + 8:eocd + 12] = (0xFFFF).to_bytes(2, "little") * 2
    book.write_bytes(bytes(raw))
    assert safety.declared_members(book) == 0xFFFF
    with pytest.raises(InputError, match="max_members"):
        safety.open_zip(book, safety.Limits(max_members=1000))


@pytest.mark.parametrize("kind", ["docx", "epub"])
def test_declared_size_over_the_limit_is_refused_before_inflating(kind: str, tmp_path: Path, run: RunCLI) -> None:
    book = lie_about_size(_book(kind, tmp_path), _text_part(kind), 1024 * MiB)
    refused(run("check", book), "declares 1024 MiB", "max_member_bytes", "--limit max_member_bytes=N")


@pytest.mark.parametrize("kind", ["docx", "epub"])
def test_under_declared_member_stops_at_its_declared_size(kind: str, tmp_path: Path, run: RunCLI) -> None:
    # The header says 2 KB; the member really inflates to 40 MiB. Reading stops at what the
    # header says (zipfile's bound) and the CRC then fails: one line, little memory.
    book = _book(kind, tmp_path)
    part = _text_part(kind)
    original = members(book)[part]
    cut = original.rindex(b"</")
    big = original[:cut] + b" " * (40 * MiB) + original[cut:]
    lie_about_size(replace_member(book, part, big), part, 2048)
    tracemalloc.start()
    try:
        result = run("check", book)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    refused(result, part)
    assert peak < 16 * MiB


@pytest.mark.parametrize("kind", ["docx", "epub"])
def test_compression_ratio_limit(kind: str, tmp_path: Path, run: RunCLI) -> None:
    book = _book(kind, tmp_path)
    part = _text_part(kind)
    original = members(book)[part]
    cut = original.rindex(b"</")
    replace_member(book, part, original[:cut] + b" " * (8 * MiB) + original[cut:])
    refused(run("check", book), "max_ratio", "zip bomb", "--limit max_ratio=N")
    no_traceback(result := run("check", book, "--limit", "max_ratio=100000"))
    assert result.code != 2


@pytest.mark.parametrize("kind", ["docx", "epub"])
def test_total_budget_is_threaded_through_every_read(kind: str, tmp_path: Path, run: RunCLI) -> None:
    # Each of two parts is under a 40,000-byte budget; together they pass it.
    book = _book(kind, tmp_path)
    two = ("word/document.xml", "word/styles.xml") if kind == "docx" else (
        member_path("foreword.xhtml"), member_path("c1.xhtml"))
    for part in two:
        original = members(book)[part]
        cut = original.rindex(b"</")
        assert len(original) < 10_000
        replace_member(book, part, original[:cut] + b"<!-- " + os.urandom(12_500).hex().encode() + b" -->"
                       + original[cut:])
    line = refused(run("check", book, "--limit", "max_total_bytes=40000"), "max_total_bytes",
                   "--limit max_total_bytes=N")
    assert "together" in line
    assert run("check", book, "--limit", "max_total_bytes=400000").code != 2


@pytest.mark.parametrize("kind", ["docx", "epub"])
def test_bzip2_and_lzma_members_are_refused_unread(kind: str, tmp_path: Path, run: RunCLI) -> None:
    # zipfile inflates bzip2/LZMA without an output bound: a 2 KB member could take gigabytes.
    book = _book(kind, tmp_path)
    part = _text_part(kind)
    for method in (zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
        replace_member(book, part, members(book)[part], method=method)
        refused(run("check", book), "compression method", "only stored and deflate")


@pytest.mark.parametrize("kind", ["docx", "epub"])
def test_a_1_gb_image_is_never_inflated(kind: str, tmp_path: Path, run: RunCLI) -> None:
    image = "word/media/image1.png" if kind == "docx" else "OEBPS/images/cover.jpg"
    if kind == "docx":
        book = good_docx(tmp_path / "book.docx")
        replace_member(book, image, b"\x89PNG" + os.urandom(4096))
    else:
        book = build_epub(tmp_path / "book.epub", [
            ("foreword.xhtml", "frontmatter foreword", f"<h1>Foreword</h1><p>{DISCLOSURE}</p>"),
            ("c1.xhtml", "bodymatter chapter", '<h1>One</h1><p>Story.</p><img src="../images/cover.jpg" alt=""/>'),
        ], authors=("Jordan Vale",), extra_files={image: b"\xff\xd8" + os.urandom(4096)})
    # If anything read it, the declared gigabyte would be refused (max_member_bytes).
    lie_about_size(book, image, 1024 * MiB)
    result = run("check", book)
    no_traceback(result)
    assert result.code == 0, result.err + result.out


def test_limits_in_config_and_unknown_names(tmp_path: Path, run: RunCLI) -> None:
    book = good_docx(tmp_path / "book.docx")
    (tmp_path / ".disclosure-lint.toml").write_text("[limits]\nmax_members = 3\n")
    refused(run("check", book), "max_members")
    assert run("check", book, "--limit", "max_members=500").code == 0
    refused(run("check", book, "--limit", "max_bytes=5"), "unknown limit", "max_member_bytes")
    refused(run("check", book, "--limit", "max_members=-1"), "positive whole number")
    refused(run("check", book, "--limit", "max_members"), "NAME=N")


def test_refusal_messages_name_real_config_and_flag_names() -> None:
    from disclosure_lint.cli import _LIMIT_HELP

    for name in safety.Limits._fields:
        hint = safety.DEFAULT_LIMITS.describe(name)
        assert f"--limit {name}=N" in hint and f"[limits] {name} = N" in hint
        assert name in _LIMIT_HELP


def test_defaults_pass_a_500000_word_book_with_images(tmp_path: Path) -> None:
    """Every member a reader inflates, under the default limits, for the longest real novels."""
    sentence = "She walked along the shore and thought about the letter in her pocket again. "
    chapter = "".join(para(sentence * 10) for _ in range(70))  # 9,800 words
    body = [para(f"Chapter {n}", style="Heading1") + chapter for n in range(1, 52)]
    images = {f"word/media/image{n}.jpeg": os.urandom(600_000) for n in range(20)}
    docx = build_raw_docx(tmp_path / "long.docx", body, extra_parts=images)
    xhtml = [(f"c{n}.xhtml", "bodymatter chapter",
              f"<h1>Chapter {n}</h1>" + f"<p>{sentence * 10}</p>" * 70) for n in range(1, 52)]
    epub = build_epub(tmp_path / "long.epub", xhtml,
                      extra_files={f"OEBPS/images/i{n}.jpg": os.urandom(600_000) for n in range(20)})
    for book in (docx, epub):
        budget = [safety.DEFAULT_LIMITS.max_total_bytes]
        with safety.open_zip(book) as zf:
            for info in zf.infolist():
                safety.read_member(zf, info.filename, budget=budget)
        assert budget[0] > 0
    markdown = tmp_path / "long.md"
    markdown.write_text("\n\n".join(f"# Chapter {n}\n\n" + "\n\n".join([sentence * 10] * 70)
                                    for n in range(1, 52)))
    assert len(safety.read_text_file(markdown, str(markdown)).split()) > 499_000


# --- XML: no DTD, no network, no entities, in every part a reader parses ----------------------------------

DOCX_PARTS = ["word/document.xml", "word/styles.xml", "word/comments.xml", "word/footnotes.xml",
              "word/endnotes.xml", "word/header1.xml", "docProps/core.xml", "_rels/.rels",
              "word/_rels/document.xml.rels", "[Content_Types].xml"]
EPUB_PARTS = ["META-INF/container.xml", "OEBPS/content.opf", "OEBPS/nav.xhtml", "OEBPS/toc.ncx",
              member_path("foreword.xhtml")]
#: Parts no reader opens ([Content_Types].xml names content types the reader does not need):
#: they cannot be refused, but their entities can never be expanded either.
NEVER_PARSED = {"[Content_Types].xml"}


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text("TOP-SECRET-CANARY-7f3a")
    return path


def _attacks(secret: Path) -> dict[str, tuple[str, str]]:
    return {
        "billion-laughs": billion_laughs(),
        "xxe-file": external_entity(secret.as_uri()),
        "xxe-passwd": external_entity("file:///etc/passwd"),
        "xxe-http": external_entity("http://127.0.0.1:9/secret"),
        "parameter-entity": parameter_entity(secret.as_uri()),
    }


def _hostile_book(kind: str, part: str, attack: tuple[str, str], folder: Path) -> Path:
    if kind == "docx":
        book = good_docx(folder / "book.docx")
    else:
        book = good_epub(folder / "book.epub", version=2 if part.endswith(".ncx") else 3)
    doctype, reference = attack
    return replace_member(book, part, poison(members(book)[part], doctype, reference))


@pytest.mark.parametrize("attack", ["billion-laughs", "xxe-file", "xxe-passwd", "xxe-http", "parameter-entity"])
@pytest.mark.parametrize(("kind", "part"), [("docx", p) for p in DOCX_PARTS] + [("epub", p) for p in EPUB_PARTS])
def test_entity_attacks_refused_in_every_part(kind: str, part: str, attack: str, tmp_path: Path, secret: Path,
                                             run: RunCLI) -> None:
    book = _hostile_book(kind, part, _attacks(secret)[attack], tmp_path)
    start = time.process_time()
    result = run("check", "--format", "json", book)
    assert time.process_time() - start < 5
    leaked = result.out + result.err
    assert "TOP-SECRET-CANARY" not in leaked and "root:x:0:0" not in leaked
    if part in NEVER_PARSED:
        no_traceback(result)
        return
    refused(result, part, "declares entities")


@pytest.mark.parametrize(("kind", "part"), [("docx", "word/document.xml"), ("epub", member_path("foreword.xhtml")),
                                            ("epub", "OEBPS/content.opf")])
def test_external_dtd_is_never_loaded(kind: str, part: str, tmp_path: Path, secret: Path, run: RunCLI) -> None:
    doctype, _ = external_dtd(secret.as_uri())
    book = _hostile_book(kind, part, (doctype, "xxe"), tmp_path)
    result = run("check", book)
    no_traceback(result)
    assert "TOP-SECRET-CANARY" not in result.out + result.err


def test_standard_xhtml_doctype_is_accepted(tmp_path: Path, run: RunCLI) -> None:
    book = good_epub(tmp_path / "book.epub", version=2)
    assert b"<!DOCTYPE html PUBLIC" in members(book)[member_path("c1.xhtml")]
    assert run("check", book).code == 0


# --- disguised and damaged files ------------------------------------------------------------------------


def _disguised(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    docx = good_docx(tmp_path / "real.docx").read_bytes()
    epub = good_epub(tmp_path / "real.epub").read_bytes()
    ole = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(2000)
    cases: dict[str, tuple[bytes | None, str, str]] = {
        # An EPUB named .docx (and the other way round) is read as what it is, with a warning:
        # tests/test_cli_conventions.py.
        "docx-named-md": (docx, "x.md", "rename it to .docx"),
        "encrypted-docx": (ole, "x.docx", "remove the password"),
        "legacy-doc": (ole, "x.doc", "a legacy Word file: save it as DOCX"),
        "pdf": (b"%PDF-1.7\n" + bytes(500), "x.pdf", "a PDF"),
        "pdf-named-docx": (b"%PDF-1.7\n" + bytes(500), "x.docx", "a PDF"),
        "empty-docx": (b"", "x.docx", "empty"),
        "empty-md": (b"", "x.md", "empty"),
        "random-docx": (bytes(range(256)) * 8, "x.docx", "random bytes"),
        "random-md": (b"\x00\x01\x02\xff" * 256, "x.md", "binary data"),
        "truncated-docx": (docx[: len(docx) // 2], "x.docx", "damaged zip"),
        "truncated-epub": (epub[:300], "x.epub", "damaged zip"),
        "plain-zip": (None, "x.docx", "neither DOCX"),
        "unknown-extension": (b"hello", "x.xyz", "unknown file type"),
        "rtf": (b"{\\rtf1\\ansi hello}", "x.rtf", "a Rich Text (RTF) file: save it as DOCX"),
    }
    out: dict[str, tuple[Path, str]] = {}
    for name, (data, filename, needle) in cases.items():
        folder = tmp_path / name
        folder.mkdir()
        path = folder / filename
        if data is None:
            with zipfile.ZipFile(path, "w") as zf:
                zf.writestr("hello.txt", "hi")
        else:
            path.write_bytes(data)
        out[name] = (path, needle)
    return out


def test_disguised_and_damaged_files_get_one_line_each(tmp_path: Path, run: RunCLI) -> None:
    cases = _disguised(tmp_path)
    for name, (path, needle) in cases.items():
        line = refused(run("check", path), needle)
        assert line.startswith(f"disclosure-lint: {path}"), (name, line)


def test_many_paths_one_bad_file_does_not_stop_the_others(tmp_path: Path, run: RunCLI) -> None:
    cases = _disguised(tmp_path)
    good = write_book(tmp_path, markdown_book(STOCK))
    paths = [p for p, _ in cases.values()]
    result = run("check", "--format", "json", paths[0], good, *paths[1:])
    assert result.code == 2
    data = result.json()
    assert [f["path"] for f in data["files"]] == [str(good)]
    assert len(data["failures"]) == len(cases)
    assert len(result.err.splitlines()) == len(cases)


def test_zip_needing_an_unknown_version_to_extract(tmp_path: Path, run: RunCLI) -> None:
    # Found by fuzz/fuzz_check.py: zipfile raised NotImplementedError("zip file version 14.6").
    for kind in ("docx", "epub"):
        book = _book(kind, tmp_path)
        raw = bytearray(book.read_bytes())
        central = raw.find(b"PK\x01\x02")
        raw[central + 6] = 146
        book.write_bytes(bytes(raw))
        refused(run("check", book), "damaged zip package")


def test_folder_named_like_a_file(tmp_path: Path, run: RunCLI) -> None:
    for name in ("x.docx", "x.epub"):
        (tmp_path / name).mkdir()
        refused(run("check", tmp_path / name), "a folder named like", "not a file")


def test_symlink_loops_and_dangling_links(tmp_path: Path, run: RunCLI) -> None:
    (tmp_path / "loop.md").symlink_to("loop.md")
    (tmp_path / "a.md").symlink_to("b.md")
    (tmp_path / "b.md").symlink_to("a.md")
    (tmp_path / "gone.docx").symlink_to("nowhere.docx")
    for name in ("loop.md", "a.md", "gone.docx"):
        refused(run("check", tmp_path / name), "symbolic link that leads nowhere")


def test_book_folder_with_link_loops_and_links_outside(tmp_path: Path, secret: Path, run: RunCLI) -> None:
    book = tmp_path / "book"
    book.mkdir()
    (book / "01-foreword.md").write_text(markdown_book(STOCK))
    (book / "02-notes.md").symlink_to(secret)  # outside the book: never read
    secret.write_text("# Notes\n\nTOP-SECRET-CANARY-7f3a was written with ChatGPT.\n")
    (book / "03-loop.md").symlink_to("03-loop.md")
    (book / "sub").mkdir()
    (book / "sub" / "up").symlink_to("..")
    (book / "self").symlink_to(".")
    start = time.process_time()
    result = run("check", "--format", "json", book)
    assert time.process_time() - start < 10
    assert result.code == 0, result.err
    assert "TOP-SECRET-CANARY" not in result.out + result.err


def test_fifo_is_refused_not_waited_on(tmp_path: Path, run: RunCLI) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "book.md"
    os.mkfifo(fifo)
    refused(run("check", fifo), "not a regular file")


def test_markdown_not_utf8_warns_with_the_line(tmp_path: Path, run: RunCLI) -> None:
    book = tmp_path / "latin1.md"
    book.write_bytes(markdown_book(STOCK).encode() + b"\n\nCaf\xe9 au lait.\n")
    result = run("check", "--format", "json", book)
    assert result.code == 0
    [warning] = result.json()["files"][0]["warnings"]
    line = markdown_book(STOCK).count("\n") + 3
    assert "UTF-8" in warning["message"] and f"line {line}" in warning["message"]


def test_malformed_marked_sections_in_markdown_html(tmp_path: Path, run: RunCLI) -> None:
    # Found by fuzz/fuzz_check.py: html.parser raised AssertionError on "<![r " (an internal error).
    book = write_book(tmp_path, markdown_book(STOCK) + "\n<![r x\n\nText <![ more.\n\n<div><![ x</div>\n")
    no_traceback(run("check", book))


def test_nul_bytes_in_markdown(tmp_path: Path, run: RunCLI) -> None:
    book = tmp_path / "nul.md"
    text = markdown_book(STOCK)
    book.write_bytes(text.encode().replace(b"Chapter 1", b"Chap\x00ter 1"))
    result = run("check", "--format", "json", book)
    assert result.code == 0, result.err
    assert any("NUL" in w["message"] for w in result.json()["files"][0]["warnings"])


def test_30_mb_single_line_is_refused_at_once(tmp_path: Path, run: RunCLI) -> None:
    book = tmp_path / "one-line.md"
    with book.open("w") as fh:
        fh.write("# Foreword\n\nThis book was written with help from AI. ")
        fh.write("word " * (6 * MiB))
    start = time.process_time()
    refused(run("check", book), "max_markdown_bytes", "--limit max_markdown_bytes=N")
    assert time.process_time() - start < 2


def test_too_many_lines_is_refused_at_once(tmp_path: Path, run: RunCLI) -> None:
    book = tmp_path / "lines.md"
    book.write_bytes(b"- x\n" * 600_000)
    start = time.process_time()
    refused(run("check", book), "600000 lines", "max_markdown_lines")
    assert time.process_time() - start < 2


def test_one_huge_paragraph_and_abbreviations_stay_linear(tmp_path: Path, run: RunCLI) -> None:
    # Once quadratic: a sentence splitter re-searching a growing "Dr. Dr. Dr. ..." sentence.
    book = tmp_path / "huge.md"
    book.write_text("# Foreword\n\n" + STOCK + " " + "Dr. " * 60_000 + "word " * 40_000 + "\n")
    start = time.process_time()
    no_traceback(run("check", book))
    assert time.process_time() - start < 10


@pytest.mark.parametrize("shape", ["quotes", "lists", "html", "brackets"])
def test_deep_nesting_is_no_recursion_error(shape: str, tmp_path: Path, run: RunCLI) -> None:
    text = {
        "quotes": ">" * 50_000 + " deep\n",
        "lists": "".join("  " * i + "- x\n" for i in range(400)),
        "html": "<div>" * 20_000 + "x" + "</div>" * 20_000 + "\n",
        "brackets": "[" * 50_000 + "x" + "](y)" * 500 + "\n",
    }[shape]
    book = tmp_path / "deep.md"
    book.write_text(markdown_book(STOCK) + "\n" + text)
    start = time.process_time()
    result = run("check", book)
    no_traceback(result)
    assert time.process_time() - start < 15


def test_deeply_nested_xml_in_epub(tmp_path: Path, run: RunCLI) -> None:
    """A damaged XHTML document is read as far as it can be recovered, with the warning the
    README promises, in plain words (no libxml2 advice to "use XML_PARSE_HUGE option")."""
    deep = "<div>" * 5000 + "<p>x</p>" + "</div>" * 5000
    book = build_epub(tmp_path / "deep.epub", [("foreword.xhtml", "frontmatter foreword",
                                                 f"<h1>Foreword</h1><p>{DISCLOSURE}</p>{deep}")],
                      authors=("Jordan Vale",))
    result = run("check", "--format", "json", book)
    no_traceback(result)
    report = result.json()["files"][0]
    warnings = " ".join(w["message"] for w in report["warnings"])
    assert "damaged XML" in warnings and "nested deeper than 256 levels" in warnings, report["warnings"]
    assert "XML_PARSE_HUGE" not in result.out + result.err
    assert report["disclosures"], "the foreword before the damage is still read"


# --- one error path -------------------------------------------------------------------------------------


def test_internal_error_in_one_book_is_that_books_one_line(tmp_path: Path, run: RunCLI,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import disclosure_lint.api as api

    good = write_book(tmp_path, markdown_book(STOCK))
    bad = write_book(tmp_path, markdown_book(STOCK), "bad.md")
    real = api.read

    def flaky(path: Path, config: Any) -> Any:
        if path.name == "bad.md":
            raise KeyError("a bug\nover two lines")
        return real(path, config)

    monkeypatch.setattr(api, "read", flaky)
    result = run("check", "--format", "json", bad, good)
    assert result.code == 2
    assert [f["path"] for f in result.json()["files"]] == [str(good)]
    [line] = result.err.splitlines()
    assert line.startswith(f"disclosure-lint: {bad}: internal error: KeyError")
    assert "run with --debug and report it" in line
    assert "Traceback" not in result.err
    with pytest.raises(KeyError):
        run("--debug", "check", bad, good)


def test_internal_error_in_a_worker_process(tmp_path: Path, run: RunCLI, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    import disclosure_lint.api as api

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("workers inherit the patch only when forked")
    books = []
    for n in range(6):
        folder = tmp_path / f"b{n}"
        folder.mkdir()
        books.append(write_book(folder, markdown_book(STOCK)))
    real = api.read

    def flaky(path: Path, config: Any) -> Any:
        if path.parent.name == "b3":
            raise ZeroDivisionError("boom")
        return real(path, config)

    monkeypatch.setattr(api, "read", flaky)
    result = run("check", "--jobs", "2", "--format", "json", *books)
    assert result.code == 2
    assert len(result.json()["files"]) == 5
    [line] = result.err.splitlines()
    assert "internal error: ZeroDivisionError: boom" in line


def test_usage_errors_are_one_line(tmp_path: Path, run: RunCLI) -> None:
    book = write_book(tmp_path, markdown_book(STOCK))
    refused(run("check", "--format", "xml", book), "Invalid value for '--format'", "--help")
    refused(run("check"), "Missing argument")
    refused(run("nope"), "No such command")
    refused(run("check", "--bogus", book), "No such option")


def test_a_broken_config_stops_the_run(tmp_path: Path, run: RunCLI) -> None:
    """A config error is the user's to fix, not a book that could not be read: one line, exit 2,
    no report (issue 13)."""
    good = write_book(tmp_path, markdown_book(STOCK))
    other = tmp_path / "other"
    other.mkdir()
    (other / ".disclosure-lint.toml").write_text("modle = 'GPT-3'\n")
    broken = write_book(other, markdown_book(STOCK))
    result = run("check", "--format", "json", broken, good)
    line = refused(result, "modle", "did you mean 'model'?")
    assert result.out == ""
    assert line.startswith(f"disclosure-lint: {other / '.disclosure-lint.toml'}:1:1: modle: unknown key")


def test_a_failed_report_write_is_one_line(tmp_path: Path, run: RunCLI, monkeypatch: pytest.MonkeyPatch) -> None:
    book = write_book(tmp_path, markdown_book(STOCK))

    class Full:
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

        def flush(self) -> None:
            raise OSError(28, "No space left on device")

        def isatty(self) -> bool:
            return False

    monkeypatch.setattr(sys, "stdout", Full())
    refused(run("check", book), "cannot write the report", "No space left on device")


def test_broken_pipe_prints_nothing_more(tmp_path: Path) -> None:
    import subprocess

    books = [write_book(tmp_path, markdown_book("This book was created with AI."), f"b{n}.md") for n in range(40)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    proc = subprocess.Popen([sys.executable, "-m", "disclosure_lint", "check", "-j", "1", *map(str, books)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "Exception ignored" not in err
