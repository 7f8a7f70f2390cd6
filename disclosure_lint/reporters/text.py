"""Human output: `path:line:col: severity [slug] message`, then a one-line summary.

What comes from the book or the file system (quoted text, headings, paths) is shown through
`display.printable`: no control character of the book reaches the terminal; colour is the tool's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..display import printable
from ..model import Finding, Location, Severity
from .locations import MEMBER_SEPARATOR, paragraph_context

if TYPE_CHECKING:
    from ..api import Report

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def where(location: Location) -> str:
    """`path:line:col` when the format has lines; otherwise the path alone."""
    if location.line is not None:
        return f"{location.path}:{location.line}:{location.column or 1}"
    return location.path


def context(location: Location) -> str:
    """Where to look beyond the path: for formats without lines (DOCX), the section and the
    paragraph; in an EPUB, the section's heading, as a reader finds it (the member's name is the
    publisher's, `part01.xhtml`)."""
    if location.line is None:
        found = paragraph_context(location)
        return f" ({found})" if found else ""
    if location.section and MEMBER_SEPARATOR in location.path:
        return f" (in “{location.section}”)"
    return ""


def format_finding(f: Finding, color: bool = False) -> str:
    severity = f.severity.value
    if color:
        import click

        severity = click.style(severity, fg=_COLORS[f.severity], bold=f.severity is Severity.ERROR)
    return f"{printable(where(f.location))}: {severity} [{f.rule}] {printable(f.message + context(f.location))}"


def book_line(root: str, files: tuple[str, ...]) -> str:
    """`manuscript (12 files: 00-front.md, 01-chapter-1.md … 11-chapter-11.md)`, or the file."""
    if len(files) <= 1:
        return root
    prefix = root.rstrip("/\\") + "/"
    names = [f[len(prefix):] if f.startswith(prefix) else f for f in files]
    shown = ", ".join(names) if len(names) <= 3 else f"{names[0]}, {names[1]} … {names[-1]}"
    return f"{root} ({len(files)} files: {shown})"


def write(report: Report, stream: TextIO, *, color: bool = False, base: Path | None = None,
          quiet: bool = False) -> None:
    for file in report.files:
        for w in file.warnings:
            if not quiet:
                stream.write(printable(f"{where(w.location)}: warning [input] {w.message}") + "\n")
        for f in file.findings:
            if quiet and f.severity is not Severity.ERROR:
                continue
            stream.write(format_finding(f, color) + "\n")
    for skipped in report.skipped:
        if quiet and skipped.severity is not Severity.ERROR:
            continue
        stream.write(printable(f"{skipped.path}: {skipped.severity.value} [skipped] {skipped.message}") + "\n")
    if quiet:
        return
    if len(report.files) > 1 or any(len(file.files) > 1 for file in report.files):
        for file in report.files:
            stream.write(printable(f"checked {book_line(file.path, file.files)}") + "\n")
    books = len(report.files)
    noun = "book" if books == 1 else "books"
    errors, warnings = report.errors, report.warnings
    summary = (f"{books} {noun} checked: {errors} error{'s' * (errors != 1)}, "
               f"{warnings} warning{'s' * (warnings != 1)}")
    if report.failures:
        summary += f", {len(report.failures)} could not be read"
    if report.skipped:
        summary += f", {len(report.skipped)} file{'s' * (len(report.skipped) != 1)} skipped"
    if color:
        import click

        summary = click.style(summary, fg="red" if errors or report.failures else "green")
    stream.write(summary + "\n")
