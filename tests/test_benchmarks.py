"""The benchmark measures cold and warm runs and judges its targets on the cold ones (issue 22, item 9)."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

from benchmarks import real
from benchmarks import run as bench


def test_a_cold_check_runs_with_the_cache_off() -> None:
    cold, warm = bench._check(bench.DATA / "novel.md"), bench._check(bench.DATA / "novel.md", cold=False)
    assert cold.env == {"DISCLOSURE_LINT_CACHE": "0"} and warm.env == {}
    probe = [sys.executable, "-c", "import os, sys; sys.exit(0 if os.environ.get('DISCLOSURE_LINT_CACHE') == '0' else 3)"]
    try:
        assert bench.run_once(probe, cold.env).code == 0
        assert bench.run_once(probe, warm.env).code == 3  # nothing left over from the cold run
    finally:
        for starter in bench._STARTERS:
            starter.close()
        bench._STARTERS.clear()


def _series(label: str, wall: float, *, rss: float = 20.0, cold: bool = True) -> bench.Series:
    series = bench.Series(label, [], env=dict(bench.COLD) if cold else {})
    series.samples.append(bench.Sample(wall, wall, rss, 0))
    return series


def test_targets_are_judged_on_the_cold_column(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [bench.Row(name, "1 MiB", _series("check", 0.25), _series("check, warm", 0.15, cold=False),
                      _series("floor", 0.1), None)
            for name in ("novel, Markdown", "novel, DOCX", "novel, EPUB", "EPUB with 200 MB of images")]
    growth = [(t, _series("check", 0.1 * t), _series("floor", 0.05 * t)) for t in (1, 4, 16)]
    bench._targets(rows, 10.0, rows[0], _series("version", 0.1), _series("click", 0.1), growth)
    out = capsys.readouterr().out
    assert "MISS novel, Markdown: check within 2x the floor (2.5x)" in out  # warm would be 1.5x
    cells = rows[0].cells()
    assert cells[2:5] == ["0.250", "0.250", "2.5x"] and cells[6:8] == ["0.150", "1.5x"]
    # The French novel's rows (issue 15): judged against the English row of their format, on CPU time.
    french = [bench.Row(f"French novel, {fmt}", "1 MiB", _series("check", cost), _series("check, warm", 0.15, cold=False),
                        _series("floor", 0.1), None) for fmt, cost in (("Markdown", 0.25), ("DOCX", 0.3))]
    bench._targets([*rows, *french], 10.0, rows[0], _series("version", 0.1), _series("click", 0.1), growth)
    out = capsys.readouterr().out
    assert "ok   French novel, Markdown: within the English ratio to the floor (CPU 2.5x against 2.5x)" in out
    assert "MISS French novel, DOCX: within the English ratio to the floor (CPU 3.0x against 2.5x)" in out
    assert "French novel, EPUB" not in out
    assert bench.HEADER[2:8] == ["cold s", "cold CPU s", "cold/floor", "CPU cold/floor", "warm s", "warm/floor"]


# --- the real-prose benchmark (issue 21, item 1): built from a corpus made here, never ../shared ---

_XHTML_DOC = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>t</title></head>
<body><section><h2><span>Chapter</span>
  <span>I</span></h2>
<p>“Well, <i>Prince</i>, so Genoa and Lucca are now just family estates.”</p>
<hr/>
<blockquote><p>At nighttime in the moon’s<br/>fair glow</p></blockquote>
<p>- a dash, 1. a number, *stars* and_under</p></section></body></html>"""


def _epub(path: Path, chapters: int) -> None:
    manifest = "".join(f'<item id="c{n}" href="text/c{n}.xhtml" media-type="application/xhtml+xml"/>'
                       for n in range(chapters))
    spine = "".join(f'<itemref idref="c{n}"/>' for n in range(chapters))
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/epub+zip")
        zf.writestr("META-INF/container.xml",
                    '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0"><rootfiles>'
                    '<rootfile full-path="epub/content.opf" media-type="application/oebps-package+xml"/>'
                    "</rootfiles></container>")
        zf.writestr("epub/content.opf", f'<package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
                                        f"<manifest>{manifest}</manifest><spine>{spine}</spine></package>")
        for n in range(chapters):
            zf.writestr(f"epub/text/c{n}.xhtml", _XHTML_DOC)


def _fake_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    for folder in ("epub/se", "md/se", "docx/se", "epub/idpf"):
        (corpus / folder).mkdir(parents=True)
    _epub(corpus / "epub/se/leo-tolstoy_war-and-peace_louise-maude_aylmer-maude.epub", 2)
    _epub(corpus / "epub/se/jane-austen_pride-and-prejudice.epub", 1)
    _epub(corpus / "epub/idpf/not-standard-ebooks.epub", 1)  # outside the SE folders: not a row
    (corpus / "md/se/jane-austen_pride-and-prejudice.md").write_text("# Chapter I\n\nIt is a truth.\n", "utf-8")
    with zipfile.ZipFile(corpus / "docx/se/jane-austen_pride-and-prejudice.docx", "w") as zf:
        zf.writestr("word/document.xml",
                    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                    "<w:p><w:r><w:t>It is a truth universally</w:t></w:r></w:p></w:body></w:document>")
    return corpus


def test_the_real_prose_rows_come_from_the_corpus(tmp_path: Path) -> None:
    corpus, data = _fake_corpus(tmp_path), tmp_path / "data"
    books = real.books(corpus, data)
    assert [(b.title, b.fmt, b.note) for b in books] == [
        ("Pride and Prejudice", "markdown", ""), ("Pride and Prejudice", "docx", ""),
        ("Pride and Prejudice", "epub", ""),
        ("War and Peace", "markdown", "made from the EPUB"), ("War and Peace", "epub", "")]
    made = books[3].path
    assert made.parent == data and made.suffix == ".md"
    text = made.read_text("utf-8")
    assert text.startswith("## Chapter I\n\n“Well, *Prince*, so Genoa and Lucca are now just family estates.”\n\n* * *\n\n"
                           "> At nighttime in the moon’s\n> fair glow\n\n"
                           "\\- a dash, 1. a number, \\*stars\\* and\\_under\n\n## Chapter I")
    assert real.cached_markdown(books[4].path, data) == made and made.read_text("utf-8") == text  # cached, same bytes
    rows = real.rows(books)
    assert [r.words for r in rows] == [7, 5, 30, 68, 60]  # what each floor reads (the EPUB floor splits "<i>Prince</i>," in two)
    war_md = rows[3]
    assert war_md.check.env == bench.COLD and war_md.check.cmd[-1] == str(made) and war_md.check.ok == (0, 1)
    assert war_md.warm.env == {} and war_md.warm.cmd == war_md.check.cmd  # the same check, the cache on
    assert war_md.floor.cmd[-2:] == ["markdown", str(made)] and rows[4].floor.cmd[-2] == "epub"
    for row in rows:
        row.check.samples.append(bench.Sample(0.3, 0.25, 40.0, 1))
        row.warm.samples.append(bench.Sample(0.2, 0.15, 45.0, 1))
        row.floor.samples.append(bench.Sample(0.1, 0.1, 20.0, 0))
    assert rows[3].cells() == ["War and Peace", "Markdown (made from the EPUB)", "68", "0.300", "0.250", "3.0x",
                               "2.5x", "0.200", "2.0x", "1.5x", "45", "0.100"]
    assert real.HEADER == ["book", "format", "words", "cold s", "cold CPU s", "cold/floor", "CPU cold/floor",
                           "warm s", "warm/floor", "CPU warm/floor", "peak MiB", "floor s"]


def test_the_real_prose_benchmark_refuses_a_missing_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert real.main(["--corpus", str(tmp_path / "nowhere"), "--data", str(tmp_path / "data")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: no corpus at ") and "nowhere" in err
    (tmp_path / "empty" / "epub" / "se").mkdir(parents=True)
    assert real.main(["--corpus", str(tmp_path / "empty"), "--data", str(tmp_path / "data")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no Standard Ebooks books in" in err
    assert not bench._STARTERS and not (tmp_path / "data").exists()  # nothing run, nothing made


def test_the_floor_refuses_what_it_cannot_read_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`benchmarks/floor.py` with an unknown format, a missing file or a file that is not of its
    format: one line on stderr and exit 2, never a traceback; a Markdown file: its word count."""
    from benchmarks import floor

    book = tmp_path / "book.md"
    book.write_text("Three short words.\n", encoding="utf-8")
    not_zip = tmp_path / "book.epub"
    not_zip.write_text("not a zip", encoding="utf-8")
    for argv in (["md", str(book)], [], ["epub", str(tmp_path / "missing.epub")], ["epub", str(not_zip)],
                 ["docx", str(not_zip)]):
        assert floor.main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err, (argv, err)
    assert floor.main(["markdown", str(book)]) == 0
    assert capsys.readouterr().out.strip() == "3"
