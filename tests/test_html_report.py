"""`check --format html` (issue 17, item 2; issue 24, item 2): one self-contained page, tested in a
real headless Chromium (the Debian package `chromium`, driven over the DevTools pipe): it loads
without console errors, shows the marked disclosure and the findings, sorts, prints, is not a
blank picture, and a manuscript that tries to inject markup can neither run nor load anything."""

from __future__ import annotations

import html
import http.server
import os
import re
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from books import CHAPTER, STOCK, markdown_book
from conftest import Run
from docx_builders import build_docx

from benchmarks.browser import Browser, Page, find_chromium
from disclosure_lint.reporters import html as report_html

RunCLI = Callable[..., Run]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if find_chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Chromium for the HTML report's tests (.ci/run installs the `chromium` package)")
        pytest.skip("no Chromium here (apt-get install chromium)")
    with Browser() as running:
        yield running


@pytest.fixture(autouse=True)
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in the report are relative to the working folder, as in every format."""
    monkeypatch.chdir(tmp_path)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def report(run: RunCLI, tmp_path: Path, *args: str | Path) -> Path:
    out = tmp_path / "report.html"
    result = run("check", "--format", "html", "-o", out, *args)
    assert result.code in (0, 1), result.err
    return out


def open_page(browser: Browser, path: Path) -> Page:
    page = browser.page()
    page.goto(path.as_uri())
    return page


def png_colours(data: bytes) -> int:
    """How many distinct pixel values an 8-bit RGB(A) PNG has (a blank page has one)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, width, height, channels = 8, b"", 0, 0, 4
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels + 1
    # Filters change bytes but not whether rows differ; sample rows' pixel bytes as they are.
    seen = set()
    for row in range(0, height, max(1, height // 200)):
        line = raw[row * stride + 1:(row + 1) * stride]
        for x in range(0, len(line), channels * 7):
            seen.add(line[x:x + channels])
    return len(seen)


# --- the page, without a browser --------------------------------------------------------------------


def test_one_self_contained_page_that_loads_nothing(run: RunCLI, tmp_path: Path) -> None:
    book = write(tmp_path, "novel.md", markdown_book(STOCK))
    page = report(run, tmp_path, book).read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta http-equiv="Content-Security-Policy"' in page.split("<style>")[0]  # before anything it governs
    assert "default-src 'none'" in page and "'unsafe-inline'" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?!#)""", page)  # no resource, no link but in-page ones
    assert page.count("<script>") == 1 and page.count("<style>") == 1


def test_the_csp_hashes_are_those_of_the_pages_own_style_and_script(run: RunCLI, tmp_path: Path) -> None:
    page = report(run, tmp_path, write(tmp_path, "novel.md", markdown_book(STOCK))).read_text("utf-8")
    script = page.split("<script>")[1].split("</script>")[0]
    style = page.split("<style>")[1].split("</style>")[0]
    csp = html.unescape(page.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0])
    assert f"script-src {report_html._hash(script)};" in csp
    assert f"style-src {report_html._hash(style)};" in csp


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colours_meet_wcag_aa_contrast() -> None:
    colours = dict(re.findall(r"--([\w-]+): (#[0-9a-f]{6})", report_html.STYLE))
    for name in ("ink", "muted", "error", "warning", "info", "pass"):
        assert contrast(colours[name], colours["paper"]) >= 4.5, name
    assert contrast(colours["ink"], colours["mark"]) >= 4.5
    assert contrast(colours["muted"], "#eef5ee") >= 4.5 and contrast(colours["ink"], "#f3f3f3") >= 4.5
    assert contrast(colours["bar"], colours["paper"]) >= 3  # a graphical object (WCAG 1.4.11)


# --- in Chromium --------------------------------------------------------------------------------------


def test_a_book_renders_with_its_marked_disclosure_and_findings(run: RunCLI, tmp_path: Path,
                                                              browser: Browser) -> None:
    book = write(tmp_path, "novel.md", markdown_book(STOCK + " It names no one else."))
    page = open_page(browser, report(run, tmp_path, book, "--model", "GPT-4"))
    assert page.errors() == []
    assert page.requests == [(tmp_path / "report.html").as_uri()]
    marked = page.evaluate("Array.from(document.querySelectorAll('article mark'), m => m.textContent)")
    assert any(m.startswith("The author generated this text in part with GPT-3") for m in marked), marked
    text = page.evaluate("document.querySelector('article').innerText")
    assert "✗ Fails" in text and "model-mismatch (DL009)" in text and "How to fix" in text
    assert "Policy: “Here is some stock language" in text
    assert page.evaluate("document.querySelector('h1').textContent").startswith("AI disclosure report")
    assert png_colours(page.screenshot()) > 20


def test_many_books_get_a_table_that_sorts_and_a_chart(run: RunCLI, tmp_path: Path, browser: Browser) -> None:
    write(tmp_path, "a-passing.md", markdown_book(STOCK, title="A Passing Book"))
    write(tmp_path, "b-missing.md", markdown_book("This story came to me on a ferry.", title="B Missing"))
    write(tmp_path, "c-vague.md", markdown_book("AI helped with this book.", title="C Vague"))
    page = open_page(browser, report(run, tmp_path, tmp_path))
    assert page.errors() == []
    heads = page.evaluate("Array.from(document.querySelectorAll('thead th'), th => [th.scope, th.textContent])")
    assert [h[1] for h in heads] == ["Book", "Verdict", "Errors", "Warnings", "Rules fired", "Language", "Model named"]
    assert all(h[0] == "col" for h in heads)
    books = "Array.from(document.querySelectorAll('tbody th[scope=row]'), th => th.textContent)"
    assert page.evaluate(books) == ["a-passing.md", "b-missing.md", "c-vague.md"]
    page.evaluate("document.querySelectorAll('thead button')[1].click()")  # Verdict: worst first
    assert page.evaluate(books)[-1] == "a-passing.md"
    assert page.evaluate("document.querySelectorAll('thead th')[1].getAttribute('aria-sort')") == "ascending"
    page.evaluate("document.querySelectorAll('thead button')[1].click()")
    assert page.evaluate(books)[0] == "a-passing.md"
    assert page.evaluate("document.querySelectorAll('thead th')[1].getAttribute('aria-sort')") == "descending"
    page.evaluate("document.querySelectorAll('thead button')[0].click()")
    assert page.evaluate(books) == ["a-passing.md", "b-missing.md", "c-vague.md"]
    bars = page.evaluate("Array.from(document.querySelectorAll('figure svg text'), t => t.textContent)")
    assert "disclosure-missing (DL001)" in bars and "roles-undescribed (DL004)" in bars
    assert page.evaluate("document.querySelector('figure svg').getAttribute('role')") == "img"
    assert page.errors() == []
    assert len(page.print_pdf()) > 1000  # printable: Chromium's Print to PDF


INJECTION = [
    "<script>window.__pwned = 'script'</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "<img src=http://127.0.0.1:{port}/img.png>",
    "<a href=\"javascript:window.__pwned='link'\">a link</a> javascript:window.__pwned='js'",
    "<style>body {{ display: none }} @import url(http://127.0.0.1:{port}/x.css);</style>",
    "<link rel=stylesheet href=http://127.0.0.1:{port}/link.css>",
    "<iframe src=http://127.0.0.1:{port}/frame></iframe> <svg onload=\"window.__pwned='svg'\">",
    "\"><meta http-equiv=refresh content=\"0;url=http://127.0.0.1:{port}/go\">",
]


class _Hits(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Hits.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[tuple[int, list[str]]]:
    """An HTTP server on the loopback address that counts what asks it for anything."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Hits)
    _Hits.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], _Hits.hits
    finally:
        server.shutdown()
        server.server_close()


def _nothing_ran_or_loaded(page: Page, hits: list[str], report_path: Path) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.requests == [report_path.as_uri()], page.requests
    assert hits == []
    assert page.evaluate("document.querySelectorAll('img, iframe, link, object, embed, meta[http-equiv=refresh]')"
                         ".length") == 0
    assert page.evaluate("document.scripts.length") == 1 and page.evaluate("document.styleSheets.length") == 1
    assert page.evaluate("Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes)"
                         ".some(a => a.name.startsWith('on'))).length") == 0
    assert page.evaluate("Array.from(document.links).every(a => a.getAttribute('href').startsWith('#'))")
    assert page.evaluate("getComputedStyle(document.body).display") == "block"


def test_a_manuscript_cannot_run_or_load_anything_in_the_report(run: RunCLI, tmp_path: Path, browser: Browser,
                                                                listener: tuple[int, list[str]]) -> None:
    port, hits = listener
    bait = [line.format(port=port) for line in INJECTION]
    # A Word manuscript's text is literal: markup typed into it is text, shown in the front matter.
    docx = build_docx(tmp_path / '"><img src=x onerror=alert(1)>.docx',
                      [("Title", "Harbor Lights"), "by Jordan Vale", ("Heading 1", "Foreword"), STOCK, *bait,
                       ("Heading 1", "Chapter 1"), CHAPTER], author="Jordan Vale")
    # A disclosure hidden in a Markdown comment is quoted in the list of disclosures no reader sees.
    hidden = "<!-- This book was drafted with ChatGPT " + " ".join(bait).replace("-->", "") + " -->"
    markdown = write(tmp_path, "hidden.md", markdown_book(hidden + "\n\nThis story came to me on a ferry."))
    out = report(run, tmp_path, docx, markdown, "--model", "<script>window.__pwned='model'</script>")
    page = open_page(browser, out)
    assert page.errors() == []
    _nothing_ran_or_loaded(page, hits, out)
    text = page.evaluate("document.body.innerText")
    assert "<script>window.__pwned = 'script'</script>" in text  # shown as text, as the book has it
    assert f"<link rel=stylesheet href=http://127.0.0.1:{port}/link.css>" in text
    assert '"><img src=x onerror=alert(1)>.docx' in text
    assert "<script>window.__pwned='model'</script>" in text
    assert page.evaluate("document.querySelectorAll('.hidden-text li').length") == 1


def test_the_policy_stops_what_an_escaping_bug_would_let_through(run: RunCLI, tmp_path: Path, browser: Browser,
                                                                 listener: tuple[int, list[str]]) -> None:
    """Belt and braces: markup pasted into the page unescaped still cannot run or load, while the
    page's own script (allowed by its hash) still sorts the table."""
    port, hits = listener
    write(tmp_path, "a.md", markdown_book(STOCK, title="A"))
    write(tmp_path, "b.md", markdown_book("This story came to me on a ferry.", title="B"))
    out = report(run, tmp_path, tmp_path)
    smuggled = (f"<script>window.__pwned='inline'</script><img src=x onerror=\"window.__pwned='img'\">"
                f"<img src=http://127.0.0.1:{port}/img.png><link rel=stylesheet href=http://127.0.0.1:{port}/x.css>"
                f"<style>body {{ display: none }}</style><iframe src=http://127.0.0.1:{port}/frame></iframe>"
                f"<a id=bait href=\"javascript:window.__pwned='link'\">x</a>"
                f"<script src=http://127.0.0.1:{port}/x.js></script>")
    out.write_text(out.read_text("utf-8").replace("<main>", "<main>" + smuggled, 1), encoding="utf-8")
    page = open_page(browser, out)
    page.evaluate("document.getElementById('bait').click()")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert hits == [], hits  # nothing left the page ...
    assert [url for url in page.responses if not url.startswith("data:")] == [out.as_uri()]  # ... or came back
    assert page.evaluate("getComputedStyle(document.body).display") == "block"
    assert any("Content Security Policy" in e for e in page.errors())  # refused, and said so
    page.evaluate("document.querySelectorAll('thead button')[1].click()")
    assert page.evaluate("document.querySelectorAll('thead th')[1].getAttribute('aria-sort')") == "ascending"
    rows = page.evaluate("Array.from(document.querySelectorAll('tbody th[scope=row]'), th => th.textContent)")
    assert rows == ["b.md", "a.md"]


# --- the audit's page is the same page ----------------------------------------------------------------


def test_the_audit_page_is_the_reports_page_and_sorts(run: RunCLI, tmp_path: Path, browser: Browser) -> None:
    """`audit --html` (issue 18, item 5) shares this page: its policy, style and sorting script;
    a book's injected markup runs and loads nothing there either."""
    write(tmp_path, "a-passing.md", markdown_book(STOCK, title="A Passing Book"))
    write(tmp_path, "b-missing.md", markdown_book("This story came to me on a ferry.", title="B Missing"))
    write(tmp_path, "c-evil.md", markdown_book("This story came to me on a ferry.",
                                               title="<img src=x onerror=\"window.__pwned='img'\"> C"))
    (tmp_path / "d-broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "audit.html"
    result = run("audit", tmp_path, "--output", tmp_path / "rows.csv", "--html", out, "--jobs", "1")
    assert result.code in (0, 1), result.err
    text = out.read_text("utf-8")
    assert f'content="{report_html.CSP}"' in text and f"<style>{report_html.STYLE}</style>" in text
    page = open_page(browser, out)
    assert page.errors() == [] and page.evaluate("window.__pwned === undefined")
    books = "Array.from(document.querySelectorAll('tbody th[scope=row]'), th => th.textContent.split('/').pop())"
    assert page.evaluate(books) == ["a-passing.md", "b-missing.md", "c-evil.md", "d-broken.docx"]
    verdicts = page.evaluate("Array.from(document.querySelectorAll('tbody tr'), r => r.cells[1].textContent.trim())")
    assert verdicts == ["✓ Passes", "✗ Fails", "✗ Fails", "? Could not be read"]
    page.evaluate("document.querySelectorAll('thead button')[1].click()")  # Verdict: worst first
    assert page.evaluate(books)[0] in ("b-missing.md", "c-evil.md") and page.evaluate(books)[-1] == "a-passing.md"
    bars = page.evaluate("Array.from(document.querySelectorAll('figure svg text'), t => t.textContent)")
    assert "disclosure-missing (DL001)" in bars and "2" in bars
    assert page.evaluate("document.querySelector('header .verdict').textContent").startswith("✗ Fails: 4 books audited")
