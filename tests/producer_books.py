"""The producer fixtures (`tests/producers/`): the same source books as real tools export them.

Shared by `tests/test_producers.py` and the report `tests/producers/verdicts.py`. A fixture is
`tests/producers/<producer>/<book>.<ext>`; its source is `tests/producers/sources/<book>.md`.
"""

from __future__ import annotations

import contextlib
import io
import json
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
