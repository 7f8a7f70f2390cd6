"""A book's report as LSP diagnostics, one list per file of the book.

A finding stands where its location says: a chapter's finding on that chapter, a book-level one
on the file where the story starts. Locations without lines (DOCX paragraphs, EPUB members) go on
the first line of the package, with the place written into the message, as the GitHub reporter
does. Text quoted from the book has its control and bidirectional characters shown as
``<U+202E>`` (issue 24): a manuscript cannot reorder or hide what the editor shows.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from lsprotocol import types

from ..api import FileReport
from ..controls import show_controls
from ..model import Location, Severity
from ..reporters.locations import MEMBER_SEPARATOR, paragraph_context

SOURCE = "disclosure-lint"

SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}

#: The rule a reader's warning about the input is published under.
INPUT = "input"


def file_uri(path: str) -> str:
    """The file URI of a path as a location gives it (an archive member: the archive's)."""
    return Path(os.path.abspath(path.partition(MEMBER_SEPARATOR)[0])).as_uri()


def units(text: str, encoding: str) -> int:
    """The length of `text` in the position encoding the client and server agreed on."""
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class Lines:
    """The lines of the book's files: an open document's from the editor, else from disk."""

    def __init__(self, open_text: Callable[[str], str | None]) -> None:
        self.open_text = open_text
        self.cache: dict[str, list[str]] = {}

    def line(self, uri: str, path: str, number: int) -> str | None:
        """Line `number` (1-based) of the file, without its line end; None past the end."""
        if uri not in self.cache:
            text = self.open_text(uri)
            if text is None:
                try:
                    with open(path, "rb") as fh:
                        text = fh.read().decode("utf-8", "replace")
                except OSError:
                    text = ""
            self.cache[uri] = text.splitlines()
        lines = self.cache[uri]
        return lines[number - 1] if 0 < number <= len(lines) else None


def where(location: Location, lines: Lines, uri: str, encoding: str) -> tuple[types.Range, str]:
    """The range a location points at (from its column to the end of its line), and what the
    range cannot say, for the message (an EPUB member, a DOCX paragraph)."""
    file, sep, member = location.path.partition(MEMBER_SEPARATOR)
    start = types.Position(0, 0)
    if sep:
        detail = f"in {member}" + (f", line {location.line}" if location.line is not None else "")
        if location.section:
            detail += f", “{location.section}”"
        return types.Range(start, start), detail
    if location.line is None:
        return types.Range(start, start), paragraph_context(location) or ""
    text = lines.line(uri, file, location.line)
    line = location.line - 1
    if text is None:
        return types.Range(types.Position(line, 0), types.Position(line, 0)), ""
    column = min(max((location.column or 1) - 1, 0), len(text))
    end = len(text.rstrip())
    if end <= column:  # an empty line, or a column at its end: the whole line
        column, end = 0, len(text)
    return types.Range(types.Position(line, units(text[:column], encoding)),
                       types.Position(line, units(text[:end], encoding))), ""


class Published(NamedTuple):
    """One diagnostic and the rule it is for (hover and code actions look them up)."""

    diagnostic: types.Diagnostic
    rule: str
    code: str


def diagnostic(rule: str, code: str, severity: Severity, message: str, location: Location, lines: Lines,
               uri: str, encoding: str) -> Published:
    span, detail = where(location, lines, uri, encoding)
    text = show_controls(message + (f" ({detail})" if detail else ""))
    return Published(types.Diagnostic(range=span, message=text, severity=SEVERITY[severity], code=rule,
                                      source=SOURCE, data={"rule": rule, "code": code}), rule, code)


def book_diagnostics(report: FileReport, opened: str, lines: Lines, encoding: str,
                     ) -> dict[str, list[Published]]:
    """Diagnostics by file URI for every file of the book (an empty list clears a file).

    `opened` is the URI of the file the check was made for: findings that point at no file of
    the book (a book folder's own path) go there.
    """
    book_files = {file_uri(f) for f in report.files}
    out: dict[str, list[Published]] = {uri: [] for uri in sorted(book_files)}
    out.setdefault(opened, [])
    for f in report.findings:
        uri = _target(f.location.path, book_files, opened)
        out.setdefault(uri, []).append(
            diagnostic(f.rule, f.code, f.severity, f.message, f.location, lines, uri, encoding))
    for w in report.warnings:
        uri = _target(w.location.path, book_files, opened)
        out.setdefault(uri, []).append(
            diagnostic(INPUT, "", Severity.WARNING, w.message, w.location, lines, uri, encoding))
    return out


def _target(path: str, book_files: set[str], opened: str) -> str:
    if not path or os.path.isdir(path.partition(MEMBER_SEPARATOR)[0]):
        return opened
    uri = file_uri(path)
    return uri if uri in book_files or os.path.isfile(path.partition(MEMBER_SEPARATOR)[0]) else opened


def problem(message: str) -> types.Diagnostic:
    """A diagnostic on a file's first line for what stopped its check (a bad config, an
    unreadable book): the editor shows it where the writer is looking."""
    return types.Diagnostic(range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                            message=show_controls(message), severity=types.DiagnosticSeverity.Error,
                            source=SOURCE, code="check-failed")


def only(published: Sequence[Published]) -> list[types.Diagnostic]:
    return [p.diagnostic for p in published]
