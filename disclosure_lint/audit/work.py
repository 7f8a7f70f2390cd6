"""`audit_one(path, options) -> AuditRow`: the one function every engine maps over the books.

Pure in the sense that matters for a cluster: it reads the book it is given and nothing else,
writes nothing, and returns a row; an unreadable book is a row too (verdict "unreadable"), never
an exception. Time limits and memory bounds are the engine's (`guard`), not this function's.

Paths may be fsspec URLs (`s3://…`, `https://…`, `memory://…`) when fsspec and the filesystem's
package are installed where the function runs; `file://` URLs and plain paths need nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import unquote, urlparse

from .. import __version__
from ..errors import DisclosureLintError, InputError, internal_error
from ..model import Location, Manuscript, Role, Severity
from ..readers.identifiers import isbn
from .schema import AuditRow

if TYPE_CHECKING:
    from ..analysis.disclosure import Statements
    from ..config import Config

#: Test-only fault injection, for the tests of the engines' robustness (tests/test_audit.py):
#: `hang:NAME`, `kill:NAME`, `memory:NAME` (comma-separated) make `audit_one` sleep for ever, kill
#: its own process with SIGKILL, or allocate without end when the book's file name is NAME. Unset
#: (as it always is outside the tests), it costs one dictionary look-up per book.
FAULTS_ENV = "DISCLOSURE_LINT_AUDIT_TEST_FAULTS"

_CHUNK = 1 << 20


class AuditOptions(NamedTuple):
    """What every book of one audit is checked with (sent once to each worker)."""

    config: Config

    @property
    def profile(self) -> str:
        from ..names import DEFAULT_PROFILE

        return ",".join(self.config.profiles) or DEFAULT_PROFILE


def audit_one(path: str, options: AuditOptions) -> AuditRow:
    """Audit one book: its bytes' hash, its metadata, the check's verdict and what fired."""
    row = audit_changed(path, options, None)
    assert row is not None
    return row


def audit_changed(path: str, options: AuditOptions, known: str | None) -> AuditRow | None:
    """`audit_one`, unless the book's SHA-256 is `known` (it has a row already: resume); then
    None, as soon as the hash is known (before the book is read, except for a folder book)."""
    from ..api import examine

    start = time.perf_counter()
    digest, size = "", 0
    try:
        with _local(path) as (local, digest, size):
            if known and digest == known:
                return None
            _fault(path)
            examined = examine(local, options.config)
            if not digest:  # a folder book: its files are known only once read
                digest, size = _hash_files(examined.report.files or (str(local),))
                if known and digest == known:
                    return None
    except DisclosureLintError as exc:
        return unreadable(path, str(exc), options, time.perf_counter() - start, digest, size)
    except MemoryError:
        return unreadable(path, f"{path}: over the memory bound of its worker", options,
                          time.perf_counter() - start, digest, size)
    except Exception as exc:
        return unreadable(path, f"{path}: {internal_error(exc)}", options, time.perf_counter() - start,
                          digest, size)
    finally:
        from ..patterns import save_cache

        save_cache()
    report = examined.report
    manuscript = examined.manuscript
    meta = manuscript.metadata
    first = _first_disclosure(examined.statements)
    return AuditRow(
        path=path, sha256=digest, bytes=size, format=report.format,
        verdict="findings" if report.findings else "clean",
        title=meta.title, authors=meta.authors, language=meta.language,
        identifiers=isbns(manuscript),
        rules=tuple(dict.fromkeys(f.rule for f in report.findings)),
        errors=report.findings_of(Severity.ERROR), warnings=report.findings_of(Severity.WARNING),
        infos=report.findings_of(Severity.INFO),
        disclosure=first[0] if first else None,
        disclosure_location=where(first[1]) if first else None,
        disclosure_visible=first[2] if first else None,
        systems=_systems(examined.statements),
        ai_metadata=_ai_metadata(manuscript),
        seconds=round(time.perf_counter() - start, 4),
        tool_version=__version__, profile=options.profile,
    )


def unreadable(path: str, message: str, options: AuditOptions, seconds: float = 0.0, digest: str = "",
               size: int = 0) -> AuditRow:
    """The row of a book that could not be audited (refused, damaged, timed out, its worker died)."""
    return AuditRow(path=path, sha256=digest, bytes=size, format=_format_of(path), verdict="unreadable",
                    error=" ".join(message.split()), seconds=round(seconds, 4), tool_version=__version__,
                    profile=options.profile)


def _format_of(path: str) -> str:
    suffix = Path(urlparse(path).path if "://" in path else path).suffix.lower()
    return {".epub": "epub", ".docx": "docx", ".md": "markdown", ".markdown": "markdown"}.get(suffix, "")


def is_url(path: str) -> bool:
    """A URL (scheme://…), not a Windows drive or a plain path."""
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]+://", path) is not None


def local_path(path: str) -> str | None:
    """The local path a `file://` URL or a plain path names; None for another URL."""
    if not is_url(path):
        return path
    parsed = urlparse(path)
    return unquote(parsed.path) if parsed.scheme == "file" else None


@contextlib.contextmanager
def _local(path: str) -> Iterator[tuple[Path, str, int]]:
    """The book as a local path, with its SHA-256 and size (empty and 0 for a folder: see
    `_hash_files`). A remote URL is copied to a temporary file, hashed on the way."""
    local = local_path(path)
    if local is not None:
        target = Path(local)
        if target.is_file():
            digest, size = _hash_stream(target)
            yield target, digest, size
        else:
            yield target, "", 0  # a folder book, or a missing file: reading it says which
        return
    try:
        import fsspec
    except ImportError:
        raise InputError(f"{path}: reading URLs needs fsspec (pip install fsspec)") from None
    name = Path(urlparse(path).path).name or "book"
    with tempfile.TemporaryDirectory(prefix="disclosure-lint-audit-") as folder:
        target = Path(folder) / name
        sha = hashlib.sha256()
        size = 0
        try:
            with fsspec.open(path, "rb") as source, open(target, "wb") as out:
                while chunk := source.read(_CHUNK):
                    sha.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
        except (OSError, ValueError, ImportError) as exc:
            raise InputError(f"{path}: cannot fetch: {exc}") from exc
        yield target, sha.hexdigest(), size


def _hash_stream(path: Path) -> tuple[str, int]:
    sha = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as f:
            while chunk := f.read(_CHUNK):
                sha.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return sha.hexdigest(), size


def _hash_files(files: tuple[str, ...]) -> tuple[str, int]:
    """A folder book's hash: each file's name and bytes, in reading order."""
    sha = hashlib.sha256()
    size = 0
    for name in files:
        sha.update(Path(name).name.encode("utf-8") + b"\0")
        with contextlib.suppress(OSError), open(name, "rb") as f:
            while chunk := f.read(_CHUNK):
                sha.update(chunk)
                size += len(chunk)
    return sha.hexdigest(), size


def _first_disclosure(statements: Statements) -> tuple[str, Location, bool] | None:
    for group, visible in ((statements.disclosures, True), (statements.hidden, False)):
        if group:
            return group[0].text, group[0].location, visible
    return None


def where(location: Location) -> str:
    """A location in one string: `file:line`, else `file, section` or `file, paragraph N`."""
    if location.line is not None:
        return f"{location.path}:{location.line}"
    if location.section:
        return f"{location.path}, {location.section}"
    if location.block is not None:
        return f"{location.path}, paragraph {location.block}"
    return location.path


def _systems(statements: Statements) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for statement in (*statements.disclosures, *statements.hidden):
        for mention in statement.reading.mentions:
            if mention.system:
                names[mention.system] = None
    return tuple(names)


def _ai_metadata(manuscript: Manuscript) -> str | None:
    ai = manuscript.metadata.ai_use
    if ai is None:
        return None
    parts = []
    if ai.digital_source_type:
        parts.append(f"digital_source_type={ai.digital_source_type}")
    if ai.tools:
        parts.append(f"tools={', '.join(ai.tools)}")
    if ai.human_authored:
        parts.append(f"human_authored={ai.human_authored}")
    return "; ".join(parts) or "present"


_ISBN = re.compile(r"\bISBN(?:-?1[03])?[:\s]*((?:97[89][-\s]?)?(?:\d[-\s]?){9}[\dXx])\b")


def isbns(manuscript: Manuscript) -> tuple[str, ...]:
    """The edition's ISBNs, check digit verified, as `isbn:` and 13 digits (or 10 for an old
    ISBN-10): those the metadata gives (`Metadata.identifiers`), then those printed before or
    after the story (the copyright page, the colophon)."""
    found: dict[str, None] = dict.fromkeys(i for i in manuscript.metadata.identifiers if i.startswith("isbn:"))
    for section in manuscript.sections:
        if section.role is Role.BODY:
            continue
        for block in section.blocks:
            if "ISBN" not in block.text:
                continue
            for match in _ISBN.finditer(block.text):
                number = isbn(match.group(1), "ISBN")
                if number:
                    found[number] = None
    return tuple(found)


def _fault(path: str) -> None:
    from ..workers import inject_fault

    inject_fault(Path(urlparse(path).path if is_url(path) else path).name, FAULTS_ENV)
