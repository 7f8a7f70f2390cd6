"""A 1,000-book HTML report: how long it takes to write, and to render in headless Chromium.

    python -m benchmarks html            # 1,000 books, 5 loads
    python -m benchmarks html --books 5000

Eight small books with different verdicts (passing, missing, vague, hidden, placed after the
story, no responsibility, wholly AI, no author) are checked once by the engine; their reports are
repeated, each under its own name, to make a catalogue of 1,000. The page is then loaded in a
fresh tab each time and timed from navigation to the end of the load event, as the page itself
measures it (Navigation Timing). Target: under 2 s.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # `python benchmarks/html_report.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.browser import Browser
    from benchmarks.inputs import STOCK
else:
    from .browser import Browser
    from .inputs import STOCK

TARGET_S = 2.0
CHAPTER = ("The harbor lights came on one by one while the ferry waited at the quay. Mira counted the "
           "lanterns and thought about the letter in her coat.")

FOREWORDS = {
    "passing": STOCK,
    "missing": "This story came to me on a ferry, one winter, between the islands.",
    "vague": "AI helped with this book. I hope you enjoy it.",
    "hidden": "<!-- This book was drafted with ChatGPT and edited by the author. -->\n\nThis story came to me on a ferry.",
    "no-responsibility": "This story was drafted with ChatGPT and reviewed and edited by the author.",
    "wholly-ai": "This book was written entirely by ChatGPT.",
}


def _book(title: str, foreword: str | None, author: str | None = "Jordan Vale", afterword: str | None = None) -> str:
    parts = ["---", f'title: "{title}"', *([f'author: "{author}"'] if author else []), "---", ""]
    if foreword is not None:
        parts += ["# Foreword", "", foreword, ""]
    for n in (1, 2, 3):
        parts += [f"# Chapter {n}", "", CHAPTER, ""]
    if afterword is not None:
        parts += ["# Afterword", "", afterword, ""]
    return "\n".join(parts)


def catalogue(books: int, folder: Path) -> str:
    """The HTML report of `books` books (eight checked, repeated under new names)."""
    from disclosure_lint.api import Report, lint
    from disclosure_lint.reporters.html import write

    texts = {name: _book(f"A {name} book", text) for name, text in FOREWORDS.items()}
    texts["after-the-story"] = _book("An afterword book", "This story came to me on a ferry.", afterword=STOCK)
    texts["no-author"] = _book("A book by no one", STOCK, author=None)
    (folder / ".git").mkdir(exist_ok=True)
    checked = []
    for name, text in texts.items():
        path = folder / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        checked.append((name, lint(path, model="GPT-3").files[0]))
    files = []
    for n in range(books):
        name, report = checked[n % len(checked)]
        files.append(report._replace(path=str(folder / f"catalogue/{n + 1:05d}-{name}.md")))
    out = io.StringIO()
    write(Report(tuple(files), rules=()), out, base=folder)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks html", description=__doc__.splitlines()[0])
    parser.add_argument("--books", type=int, default=1000)
    parser.add_argument("--loads", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="disclosure-lint-html-bench-") as scratch:
        folder = Path(scratch)
        start = time.perf_counter()
        page_html = catalogue(args.books, folder)
        written = time.perf_counter() - start
        report = folder / "report.html"
        report.write_text(page_html, encoding="utf-8")
        size = report.stat().st_size / 1024 / 1024
        loads = []
        with Browser() as browser:
            for _ in range(args.loads + 1):
                page = browser.page()
                loads.append(page.goto(report.as_uri(), settle=0.0))
                errors = page.errors()
                if errors:
                    print(f"console errors: {errors[:3]}", file=sys.stderr)
                    return 1
                browser.send("Target.closeTarget", {"targetId": page.target})
        loads = loads[1:]  # the first load warms the browser
    median = statistics.median(loads)
    print(f"HTML report of {args.books:,} books: {size:.1f} MiB, written in {written:.2f} s (8 books checked, "
          f"the rest repeated); rendered in Chromium in median {median:.2f} s, worst {max(loads):.2f} s "
          f"over {len(loads)} loads")
    verdict = "ok" if median < TARGET_S else "MISS"
    print(f"{verdict}: renders in under {TARGET_S:.0f} s")
    return 0 if median < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
