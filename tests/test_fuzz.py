"""Fuzzing in the suite (issue 7): damaged Markdown, DOCX and EPUB never give a traceback or a hang.

Valid books are mutated — bytes flipped, cut short, zip members removed, duplicated, spliced from
another package, recompressed, or their XML corrupted — and checked through the CLI. Every
outcome must be exit 0, 1 or 2, with at most one line per refused book on stderr, never a
traceback or an "internal error", within a deadline.

The suite runs a few dozen examples per format (seconds). For a deeper run:

    DISCLOSURE_LINT_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py

or the coverage-guided fuzzer in `fuzz/fuzz_check.py` (see README, "Untrusted files").
"""

from __future__ import annotations

import functools
import os
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from books import STOCK, markdown_book
from conftest import Run
from hostile import good_docx, good_epub
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

RunCLI = Callable[..., Run]
EXAMPLES = int(os.environ.get("DISCLOSURE_LINT_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=5000, derandomize="DISCLOSURE_LINT_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])


@functools.cache
def seed(kind: str) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        if kind == "md":
            text = markdown_book(STOCK, extra_front="<!-- a comment -->\n\n> A quote\n\n- a list\n- of items")
            return text.encode("utf-8")
        if kind == "docx":
            return good_docx(folder / "b.docx").read_bytes()
        return good_epub(folder / "b.epub").read_bytes()


def outcome_is_clean(result: Run) -> None:
    assert result.code in (0, 1, 2), result
    assert "Traceback" not in result.err + result.out
    assert "internal error" not in result.err, result.err
    if result.code == 2:
        assert len(result.err.splitlines()) == 1, result.err


# --- mutations --------------------------------------------------------------------------------------------


#: Fragments that reach the parsers' rarer paths (marked sections, front matter, nesting ...).
MARKUP = [b"<![", b"<![CDATA[", b"<!--", b"-->", b"<!DOCTYPE x [", b"<!ENTITY", b"<?", b"</", b"<div hidden>",
          b'<span style="display:none">', b"&#x", b"&", b"\n---\n", b"\n> ", b"\n- ", b"\n1. ", b"\n```",
          b"\n# ", b"[", b"](", b"*", b"_", b"`", b"\\", b"\r", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe",
          b"Dr. ", b"AI ", b"GPT-4 ", "\u200b".encode(), b"<x>"]


@st.composite
def byte_mutations(draw: st.DrawFn, data: bytes) -> bytes:
    raw = bytearray(data)
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["flip", "insert", "markup", "delete", "duplicate"]))
        at = draw(st.integers(0, max(0, len(raw) - 1)))
        if op == "flip" and raw:
            raw[at] = draw(st.integers(0, 255))
        elif op == "markup":
            raw[at:at] = draw(st.sampled_from(MARKUP)) * draw(st.integers(1, 50))
        elif op == "insert":
            raw[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del raw[at:at + draw(st.integers(1, 64))]
        else:
            raw[at:at] = raw[at:at + draw(st.integers(1, 256))]
    if draw(st.booleans()):
        raw = raw[: draw(st.integers(0, len(raw)))]
    return bytes(raw)


def _xml_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    choice = draw(st.sampled_from(["cut", "flip", "unclose", "entity", "nest", "bad-utf8"]))
    if choice == "cut":
        return data[: draw(st.integers(0, len(data)))]
    if choice == "flip" and data:
        raw = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            raw[draw(st.integers(0, len(raw) - 1))] = draw(st.sampled_from(b"<>&\"'/=!?[]\x00\xff"))
        return bytes(raw)
    if choice == "unclose":
        return data.replace(b"</", b"<", draw(st.integers(1, 5)))
    if choice == "entity":
        return data.replace(b">", b">&undefined;&#xD800;&#0;", 1)
    if choice == "nest":
        depth = draw(st.integers(1, 3000))
        at = data.rfind(b"</")
        return data[:at] + b"<x>" * depth + b"</x>" * depth + data[at:] if at > 0 else data
    return data.replace(b"e", b"\xc3\x28", 3)


@st.composite
def zip_mutations(draw: st.DrawFn, data: bytes, other: bytes) -> bytes:
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        entries = [(i.filename, zf.read(i), i.compress_type) for i in zf.infolist()]
    with zipfile.ZipFile(io.BytesIO(other)) as zf:
        foreign = [(i.filename, zf.read(i), i.compress_type) for i in zf.infolist()]
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["remove", "duplicate", "splice", "corrupt-xml", "recompress", "rename"]))
        n = draw(st.integers(0, len(entries) - 1)) if entries else 0
        if op == "remove" and entries:
            entries.pop(n)
        elif op == "duplicate" and entries:
            entries.insert(draw(st.integers(0, len(entries))), entries[n])
        elif op == "splice":
            entries.insert(draw(st.integers(0, len(entries))), draw(st.sampled_from(foreign)))
        elif op == "corrupt-xml" and entries:
            name, body, method = entries[n]
            entries[n] = (name, _xml_mutation(draw, body), method)
        elif op == "recompress" and entries:
            name, body, _ = entries[n]
            entries[n] = (name, body, draw(st.sampled_from(
                [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])))
        elif op == "rename" and entries:
            name, body, method = entries[n]
            entries[n] = (draw(st.sampled_from([name.upper(), "../" + name, "/" + name, name + "\x00x",
                                                "mimetype"])), body, method)
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": duplicating members is the point
        with zipfile.ZipFile(out, "w") as zf:
            for name, body, method in entries:
                zf.writestr(zipfile.ZipInfo(name), body, compress_type=method)
    raw = out.getvalue()
    if draw(st.booleans()):
        raw = draw(byte_mutations(raw))
    return raw


# --- properties -------------------------------------------------------------------------------------------


def _check(tmp_path_factory: pytest.TempPathFactory, run: RunCLI, data: bytes, name: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / name
    path.write_bytes(data)
    outcome_is_clean(run("check", "--format", "json", path))


@FUZZ
@given(data=st.data())
def test_fuzzed_markdown(tmp_path_factory: pytest.TempPathFactory, run: RunCLI, data: st.DataObject) -> None:
    _check(tmp_path_factory, run, data.draw(byte_mutations(seed("md"))), "book.md")


@FUZZ
@given(data=st.data())
def test_fuzzed_docx_bytes(tmp_path_factory: pytest.TempPathFactory, run: RunCLI, data: st.DataObject) -> None:
    _check(tmp_path_factory, run, data.draw(byte_mutations(seed("docx"))), "book.docx")


@FUZZ
@given(data=st.data())
def test_fuzzed_epub_bytes(tmp_path_factory: pytest.TempPathFactory, run: RunCLI, data: st.DataObject) -> None:
    _check(tmp_path_factory, run, data.draw(byte_mutations(seed("epub"))), "book.epub")


@FUZZ
@given(data=st.data())
def test_fuzzed_docx_members(tmp_path_factory: pytest.TempPathFactory, run: RunCLI, data: st.DataObject) -> None:
    _check(tmp_path_factory, run, data.draw(zip_mutations(seed("docx"), seed("epub"))), "book.docx")


@FUZZ
@given(data=st.data())
def test_fuzzed_epub_members(tmp_path_factory: pytest.TempPathFactory, run: RunCLI, data: st.DataObject) -> None:
    _check(tmp_path_factory, run, data.draw(zip_mutations(seed("epub"), seed("docx"))), "book.epub")
