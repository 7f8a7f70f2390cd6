"""Readers: the only code that knows a file format. Each turns a path into a `Manuscript`.

The registry is an explicit table; a reader module is imported only when its format is first
needed, so that a Markdown check never pays for python-docx or lxml.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import InputError
from ..model import Diagnostic, Location, Manuscript
from .bidi import hide_reordered
from .safety import DEFAULT_LIMITS, Limits, open_zip, sniff, zip_kind

if TYPE_CHECKING:
    import zipfile
    from collections.abc import Mapping

    from ..config import Config


class Reader(Protocol):
    def __call__(self, path: Path, *, limits: Limits = DEFAULT_LIMITS, display: str | None = None,
                 full_reading: bool = False) -> Manuscript: ...


class PackageReader(Protocol):
    """A reader of a zip package (DOCX, EPUB), which may be given the package already open
    (`read_manuscript`: `identify` opened it to tell which it is)."""

    def __call__(self, path: Path, *, limits: Limits = DEFAULT_LIMITS, display: str | None = None,
                 full_reading: bool = False, package: zipfile.ZipFile | None = None) -> Manuscript: ...


#: format name → module that defines `read(path, *, limits, display, full_reading) -> Manuscript`
#: (the packages' readers also take `package`, the zip already open: `PackageReader`).
READERS: dict[str, str] = {
    "markdown": "disclosure_lint.readers.markdown",
    "docx": "disclosure_lint.readers.docx",
    "epub": "disclosure_lint.readers.epub",
}

#: File endings each format is known by.
EXTENSIONS: dict[str, str] = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".mdwn": "markdown", ".txt": "markdown", ".qmd": "markdown",
    ".docx": "docx", ".docm": "docx", ".dotx": "docx", ".dotm": "docx",
    ".epub": "epub",
}

_NAMES = {"markdown": "a Markdown/text file", "docx": "a Word document (DOCX)", "epub": "an EPUB"}

#: Files this tool does not read, in plain words: what the file is, and what to do instead.
NOT_READ: dict[str, str] = {
    "odt": "an OpenDocument text: save it as DOCX",
    "opendocument": "an OpenDocument file (a spreadsheet, presentation or drawing), not a manuscript: "
                    "save the book's text as DOCX",
    "doc": "a legacy Word file: save it as DOCX",
    "pages": "an Apple Pages file: export it as DOCX or EPUB (File > Export To)",
    "rtf": "a Rich Text (RTF) file: save it as DOCX",
    "pdf": "a PDF, which this tool does not read: check the DOCX, EPUB or Markdown it was made from",
    "kindle": "a Kindle book: check the EPUB or DOCX it was made from",
}

#: File endings of what is not read; the file's bytes say it first where they can.
NOT_READ_EXTENSIONS: dict[str, str] = {
    ".odt": "odt", ".ott": "odt", ".fodt": "odt", ".doc": "doc", ".dot": "doc", ".wbk": "doc",
    ".pages": "pages", ".rtf": "rtf", ".pdf": "pdf", ".mobi": "kindle", ".azw": "kindle",
    ".azw3": "kindle", ".kfx": "kindle",
}


def identify(path: Path, limits: Limits = DEFAULT_LIMITS) -> tuple[str, str | None]:
    """A file's format, decided from its first bytes, and a note when its name says another one
    this tool reads ("this is an EPUB: rename it to .epub"); refuses what it cannot read."""
    fmt, note, package = _identify(path, limits)
    if package is not None:
        package.close()
    return fmt, note


def _identify(path: Path, limits: Limits) -> tuple[str, str | None, zipfile.ZipFile | None]:
    """`identify`, with the zip package of a DOCX or EPUB left open for its reader (its central
    directory read once: *War and Peace*'s 800 members cost a millisecond each time)."""
    if path.is_dir():
        return "markdown", None, None
    if not path.exists():
        if path.is_symlink():
            raise InputError(f"{path}: a symbolic link that leads nowhere (a link loop or a missing "
                             "target); point it at the manuscript")
        raise InputError(f"{path}: no such file or directory")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file (a device, pipe or socket); name the manuscript "
                         "file itself")
    suffix = path.suffix.lower()
    claimed = EXTENSIONS.get(suffix)
    real = sniff(path)
    if real == "empty":
        raise InputError(f"{path}: the file is empty")
    if real == "ole":
        if claimed == "docx":
            raise InputError(
                f"{path}: an OLE compound file: either a password-protected (encrypted) Word document "
                "— remove the password and save again — or a legacy .doc — save it as .docx"
            )
        if NOT_READ_EXTENSIONS.get(suffix) == "doc":
            raise InputError(f"{path}: {NOT_READ['doc']}")
        raise InputError(f"{path}: an OLE compound file (legacy Office or encrypted), not a manuscript "
                         "this tool reads; save it as .docx, .epub or .md")
    if real in ("pdf", "rtf"):
        raise InputError(f"{path}: {NOT_READ[real]}")
    if real == "zip":
        zf = open_zip(path, limits)
        try:
            kind = zip_kind(zf)
            if kind in NOT_READ:
                raise InputError(f"{path}: {NOT_READ[kind]}")
            if kind == "zip":
                if suffix in NOT_READ_EXTENSIONS:
                    raise InputError(f"{path}: {NOT_READ[NOT_READ_EXTENSIONS[suffix]]}")
                raise InputError(f"{path}: a zip archive that is neither DOCX ([Content_Types].xml missing) "
                                 "nor EPUB (no mimetype or META-INF/container.xml)")
            if claimed == "markdown":
                raise InputError(f"{path}: named like a Markdown file, but {misnamed(kind)}")
        except BaseException:
            zf.close()
            raise
        if claimed in ("docx", "epub") and claimed != kind:
            # Read it as what it is (`check`); `insert` refuses, as it writes the file under its name.
            return kind, misnamed(kind), zf
        return kind, None, zf
    if claimed in ("docx", "epub"):
        what = "random bytes" if real == "binary" else "plain text"
        raise InputError(f"{path}: named like {_NAMES[claimed]} but holds {what}, not a zip package; "
                         "export it again")
    if suffix in NOT_READ_EXTENSIONS:
        raise InputError(f"{path}: {NOT_READ[NOT_READ_EXTENSIONS[suffix]]}")
    if real == "binary":
        raise InputError(f"{path}: binary data, not a manuscript (DOCX, EPUB or Markdown)")
    if claimed is None:
        raise InputError(f"{path}: unknown file type {path.suffix or '(no extension)'}; "
                         "this tool reads .md, .docx and .epub")
    return "markdown", None, None


def misnamed(kind: str) -> str:
    """What to tell the user of a package named like another format."""
    return f"this is {_NAMES[kind]}: rename it to .{'epub' if kind == 'epub' else 'docx'}"


def detect_format(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """Decide a file's format from its first bytes, and refuse a file disguised by its name."""
    fmt, note = identify(path, limits)
    if note is not None:
        raise InputError(f"{path}: {note}")
    return fmt


def read_manuscript(path: Path, *, limits: Limits = DEFAULT_LIMITS, fmt: str | None = None,
                    config: Config | None = None, unsaved: Mapping[str, bytes] | None = None,
                    display: str | None = None, full_reading: bool = False) -> Manuscript:
    """Read any supported manuscript (a file, or a folder holding a multi-file book), its language
    decided (`language.settle`: `--lang` and config `lang` force it).

    `unsaved` maps absolute paths of Markdown files to the text an editor holds for them (the
    language server's open documents): that text is read instead of the file's. `display`: the
    name locations give a single file, when not its path (standard input's: `readers.stdin`).

    `full_reading`: every part of the book read the long way, as the readers did before their fast
    paths (issue 21): Markdown chapters through markdown-it whole, every EPUB element on its own
    (and where it starts found by the token scan), every DOCX run on its own; the same manuscript
    either way (`python -m benchmarks equivalence`,
    tests/test_fast_path.py and tests/test_fast_path_packages.py hold them to it). For those
    checks and for debugging a fast path.
    """
    from .language import settle

    forced = config.lang if config is not None else None
    if path.is_dir():
        named = EXTENSIONS.get(path.suffix.lower())
        if path.suffix.lower() in NOT_READ_EXTENSIONS:  # a macOS package, as Pages saves
            raise InputError(f"{path}: {NOT_READ[NOT_READ_EXTENSIONS[path.suffix.lower()]]}")
        if named in ("docx", "epub"):
            raise InputError(f"{path}: a folder named like {_NAMES[named]}, not a file (an unzipped "
                             f"package?); check the .{path.suffix.lower().lstrip('.')} file itself")
        from .book import read_book

        return settle(hide_reordered(read_book(path, limits=limits, config=config, unsaved=unsaved,
                                               full_reading=full_reading)), forced)
    note = None
    if unsaved and fmt is None and EXTENSIONS.get(path.suffix.lower()) == "markdown" \
            and os.path.abspath(path) in unsaved:
        fmt = "markdown"  # the editor's text, whatever the file on disk holds now
    package = None
    if fmt is None:
        fmt, note, package = _identify(path, limits)
    try:
        module_name = READERS.get(fmt)
        if module_name is None:
            raise InputError(f"{path}: {fmt} manuscripts are not supported by this build")
        module = importlib.import_module(module_name)
        reader: Reader = module.read
        if unsaved and fmt == "markdown":
            from .markdown import read as read_markdown

            manuscript = hide_reordered(read_markdown(path, limits=limits, unsaved=unsaved, display=display,
                                                      full_reading=full_reading))
        elif package is not None:  # a DOCX or EPUB, open already: its reader closes it
            package_reader: PackageReader = module.read
            manuscript = hide_reordered(package_reader(path, limits=limits, display=display,
                                                       full_reading=full_reading, package=package))
        elif display is not None:
            manuscript = hide_reordered(reader(path, limits=limits, display=display, full_reading=full_reading))
        else:
            manuscript = hide_reordered(reader(path, limits=limits, full_reading=full_reading))
    finally:
        if package is not None:
            package.close()  # (closed already when its reader was reached: a second close does nothing)
    if note is not None:
        warning = Diagnostic(note, Location(manuscript.path))
        manuscript = manuscript._replace(warnings=(warning, *manuscript.warnings))
    return settle(manuscript, forced)
