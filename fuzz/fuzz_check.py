"""Coverage-guided fuzzing of `disclosure-lint check` with atheris (deeper than the test suite).

    pip install atheris
    python fuzz/fuzz_check.py --make-corpus fuzz/corpus      # valid seed books, built in code
    python fuzz/fuzz_check.py fuzz/corpus -timeout=20 -rss_limit_mb=2048 -max_total_time=3600

The first byte of each input picks the file name (book.md, book.docx, book.epub, or a disguise
such as an EPUB named .docx); the rest are the file's bytes. An input fails when the check
exits other than 0/1/2, prints a traceback or an "internal error", prints more than one line
for a refused book, or (libFuzzer's -timeout / -rss_limit_mb) hangs or exhausts memory.
Crashing inputs are written by libFuzzer as crash-*; replay one with
`python fuzz/fuzz_check.py crash-...`.

Without atheris, the same property runs under hypothesis:
`DISCLOSURE_LINT_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py`.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NAMES = ("book.md", "book.docx", "book.epub", "book.txt", "book.docm", "book.doc")
SCRATCH = Path(tempfile.mkdtemp(prefix="disclosure-lint-fuzz-"))


def check_one(data: bytes) -> None:
    """Run `check` on one fuzzed file; raise AssertionError on any unclean outcome."""
    from disclosure_lint.cli import main

    if not data:
        return
    path = SCRATCH / NAMES[data[0] % len(NAMES)]
    path.write_bytes(data[1:])
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", "--format", "json", "--jobs", "1", str(path)])
    text = err.getvalue()
    if code not in (0, 1, 2) or "Traceback" in text or "internal error" in text:
        raise AssertionError(f"exit {code}: {text}")
    if code == 2 and len(text.splitlines()) != 1:
        raise AssertionError(f"refusal in {len(text.splitlines())} lines: {text}")


def make_corpus(folder: Path) -> None:
    """Write valid seed books (built with the test builders) for libFuzzer to mutate."""
    sys.path.insert(0, str(ROOT / "tests"))
    from books import STOCK, markdown_book
    from hostile import good_docx, good_epub

    folder.mkdir(parents=True, exist_ok=True)
    seeds = {
        "md": (0, markdown_book(STOCK).encode()),
        "docx": (1, good_docx(SCRATCH / "seed.docx").read_bytes()),
        "epub3": (2, good_epub(SCRATCH / "seed.epub").read_bytes()),
        "epub2": (2, good_epub(SCRATCH / "seed2.epub", version=2).read_bytes()),
    }
    for name, (selector, data) in seeds.items():
        (folder / f"seed-{name}").write_bytes(bytes([selector]) + data)
    print(f"wrote {len(seeds)} seeds to {folder}")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--make-corpus":
        make_corpus(Path(sys.argv[2]))
        return
    try:
        import atheris
    except ImportError:
        sys.exit("atheris is not installed: pip install atheris (or use the hypothesis runner, "
                 "DISCLOSURE_LINT_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py)")
    with atheris.instrument_imports():
        import disclosure_lint.cli
        import disclosure_lint.readers.docx
        import disclosure_lint.readers.epub
        import disclosure_lint.readers.markdown  # noqa: F401
    atheris.Setup(sys.argv, check_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
