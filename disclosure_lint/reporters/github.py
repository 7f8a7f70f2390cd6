"""GitHub Actions workflow commands: one `::error file=F,line=L,col=C,title=SLUG::message` a finding.

GitHub shows each as an annotation on the file in the pull request. Escaping follows the
runner's own (actions/toolkit `command.ts`): in the message `%`, CR and LF; in a property value
also `:` and `,`, which would otherwise end the value. A DOCX has no lines and an EPUB member is
not a file of the repository: those annotations name the file only, and the message says where
to look. Text of the book is untrusted (issue 24): a quoted `::error::` stays inside its own
annotation, as every control character that could end the line is shown as an escape first.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..display import printable
from ..model import Location, Severity
from .locations import file_position

if TYPE_CHECKING:
    from ..api import Report

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message: the runner's own escapes of `%`, CR and LF, and every other
    control, bidi or line-separator character as a visible escape (`display`), so that no text
    of the book can end the line and start a workflow command of its own, nor act on the log
    viewer."""
    return printable(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(severity: Severity, title: str, message: str, location: Location | None,
               base: Path | None = None, path: str | None = None) -> str:
    """One workflow command line (without the newline)."""
    props: list[tuple[str, str]] = []
    if location is not None:
        position = file_position(location, base)
        props.append(("file", position.path))
        if position.line is not None:
            props.append(("line", str(position.line)))
            if position.column is not None:
                props.append(("col", str(position.column)))
        if position.detail:
            message = f"{message} ({position.detail})"
    elif path is not None:
        props.append(("file", path))
    props.append(("title", title))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{COMMANDS[severity]} {rendered}::{escape_data(message)}"


def write(report: Report, stream: TextIO, *, color: bool = False, base: Path | None = None,
          quiet: bool = False) -> None:
    for file in report.files:
        if not quiet:
            for w in file.warnings:
                stream.write(annotation(Severity.WARNING, "input", w.message, w.location, base) + "\n")
        for f in file.findings:
            if quiet and f.severity is not Severity.ERROR:
                continue
            stream.write(annotation(f.severity, f.rule, f.message, f.location, base) + "\n")
    for skipped in report.skipped:
        if not quiet or skipped.severity is Severity.ERROR:
            stream.write(annotation(skipped.severity, "skipped", skipped.message, None, base,
                                    path=file_position(Location(skipped.path), base).path) + "\n")
    for failure in report.failures:
        stream.write(annotation(Severity.ERROR, "unreadable", failure.message, None, base,
                                path=file_position(Location(failure.path), base).path) + "\n")
