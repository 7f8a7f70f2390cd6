"""`python -m benchmarks equivalence`: the readers' fast paths against the full reading (issue 21).

    python -m benchmarks equivalence                 # every book of ../shared/corpus/
    python -m benchmarks equivalence PATH ...        # these books (files or book folders)
    python -m benchmarks equivalence --corpus PATH   # every book of another corpus

Each book is read twice, with ``full_reading=True`` (every part read the long way, as before the
fast paths) and with the default fast paths, then checked; the two JSON reports (findings,
disclosures, warnings, markers, locations) and the two manuscripts (every block, heading, hidden
text and location) must be the same. Every difference is printed, one book a line with the first
field that differs; the exit code is 1 when there is one, 0 when there is none. The books are the
ones `check` finds in the corpus (Markdown, DOCX and EPUB files, and folders of Markdown files
that make one book). The corpus is for development only: without it the command says so in one
line and exits 2; tests/test_fast_path.py holds the fast paths to the same on books built in code.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import run as _run

CORPUS = _run.ROOT.parent / "shared" / "corpus"


def books(paths: Sequence[Path]) -> list[Path]:
    """The books `check` would find under `paths`, in order."""
    from disclosure_lint.readers.discovery import discover

    return [book.path for book in discover(list(paths)).books]


def outcome(path: Path, full_reading: bool) -> tuple[Any, Any]:
    """The JSON report of checking `path` and the manuscript read, or the one-line error."""
    from disclosure_lint import api
    from disclosure_lint.config import resolve_config
    from disclosure_lint.errors import DisclosureLintError
    from disclosure_lint.reporters.json_report import to_dict

    try:
        config = resolve_config(path, None)
        manuscript = api.read(path, config, full_reading=full_reading)
        report = api.check_manuscript(manuscript, config)
    except DisclosureLintError as exc:
        return f"error: {exc}", None
    return to_dict(api.Report((report,))), manuscript


def first_difference(a: Any, b: Any, where: str = "") -> str | None:
    """Where two JSON-like values (or manuscripts) first differ, with both sides, or None."""
    if type(a) is not type(b):
        return f"{where or 'the whole'}: {_short(a)} against {_short(b)}"
    if isinstance(a, dict):
        for key in dict.fromkeys([*a, *b]):
            found = first_difference(a.get(key), b.get(key), f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(a, (list, tuple)):
        for n, (x, y) in enumerate(zip(a, b, strict=False)):
            found = first_difference(x, y, f"{where}[{n}]")
            if found:
                return found
        if len(a) != len(b):
            return f"{where}: {len(a)} items against {len(b)}"
        return None
    return None if a == b else f"{where or 'the whole'}: {_short(a)} against {_short(b)}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 160 else text[:157] + "..."


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks equivalence",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="books to compare (default: every book of the corpus)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus (default ../shared/corpus)")
    args = parser.parse_args(argv)
    paths = args.paths or [args.corpus]
    if not args.paths and not args.corpus.is_dir():
        print(f"error: no corpus at {args.corpus}: the equivalence check needs ../shared/corpus", file=sys.stderr)
        return 2
    found = books(paths)
    if not found:
        print(f"error: no books found in {', '.join(map(str, paths))}", file=sys.stderr)
        return 2
    differences = 0
    started = time.perf_counter()
    for path in found:
        full_report, full_manuscript = outcome(path, True)
        fast_report, fast_manuscript = outcome(path, False)
        found_difference = first_difference(full_report, fast_report)
        if found_difference is None and full_manuscript != fast_manuscript:
            found_difference = "the manuscript " + (first_difference(
                json.loads(json.dumps(full_manuscript, default=str)),
                json.loads(json.dumps(fast_manuscript, default=str))) or "differs")
        if found_difference is not None:
            differences += 1
            print(f"{path}: full reading and fast path differ: {found_difference}")
    print(f"{len(found)} books compared, full reading against the fast paths, in "
          f"{time.perf_counter() - started:.0f} s: {differences or 'no'} "
          f"difference{'' if differences == 1 else 's'}")
    return 1 if differences else 0
