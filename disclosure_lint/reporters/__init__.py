"""Reporters write a `Report` to a stream they are given; nothing below the CLI prints.

The registry is an explicit table of format name → module with
`write(report, stream, *, color=False, base=None) -> None`.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from ..api import Report


class Reporter(Protocol):
    def __call__(self, report: Report, stream: TextIO, *, color: bool = False, base: Path | None = None,
                 quiet: bool = False) -> None: ...


REPORTERS: dict[str, str] = {
    "text": "disclosure_lint.reporters.text",
    "json": "disclosure_lint.reporters.json_report",
    "sarif": "disclosure_lint.reporters.sarif",
    "github": "disclosure_lint.reporters.github",
    "html": "disclosure_lint.reporters.html",
}


def get_reporter(name: str) -> Reporter:
    """The `write` function of a registered format."""
    module = importlib.import_module(REPORTERS[name])
    writer: Reporter = module.write
    return writer
