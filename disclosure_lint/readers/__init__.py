"""Readers: the only code that knows a file format. Each turns a path into a `Manuscript`.

The registry is an explicit table; a reader module is imported only when its format is first
needed, so that a Markdown check never pays for python-docx or lxml.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import InputError
from ..model import Manuscript
from .safety import DEFAULT_LIMITS, Limits, open_zip, sniff, zip_kind

if TYPE_CHECKING:
    from ..config import Config


class Reader(Protocol):
    def __call__(self, path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Manuscript: ...


#: format name → module that defines `read(path, *, limits) -> Manuscript`.
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


def detect_format(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """Decide a file's format from its first bytes, and refuse a file disguised by its name."""
    if path.is_dir():
        return "markdown"
    if not path.exists():
        if path.is_symlink():
            raise InputError(f"{path}: a symbolic link that leads nowhere (a link loop or a missing "
                             "target); point it at the manuscript")
        raise InputError(f"{path}: no such file or directory")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file (a device, pipe or socket); name the manuscript "
                         "file itself")
    claimed = EXTENSIONS.get(path.suffix.lower())
    real = sniff(path)
    if real == "empty":
        raise InputError(f"{path}: the file is empty")
    if real == "ole":
        if claimed == "docx" or path.suffix.lower() == ".doc":
            raise InputError(
                f"{path}: an OLE compound file: either a password-protected (encrypted) Word document "
                "— remove the password and save again — or a legacy .doc — save it as .docx"
            )
        raise InputError(f"{path}: an OLE compound file (legacy Office or encrypted), not a manuscript "
                         "this tool reads; save it as .docx, .epub or .md")
    if real == "pdf":
        raise InputError(f"{path}: a PDF, which this tool does not read; check the DOCX, EPUB or "
                         "Markdown it was made from")
    if real == "zip":
        with open_zip(path, limits) as zf:
            kind = zip_kind(zf)
        if kind == "zip":
            raise InputError(f"{path}: a zip archive that is neither DOCX ([Content_Types].xml missing) "
                             "nor EPUB (no mimetype or META-INF/container.xml)")
        if claimed in ("docx", "epub") and claimed != kind:
            raise InputError(f"{path}: named like {_NAMES[claimed]} but is {_NAMES[kind]}; rename it "
                             f"to .{'epub' if kind == 'epub' else 'docx'}")
        if claimed == "markdown":
            raise InputError(f"{path}: named like a Markdown file but is {_NAMES[kind]}; rename it "
                             f"to .{'epub' if kind == 'epub' else 'docx'}")
        return kind
    if claimed in ("docx", "epub"):
        what = "random bytes" if real == "binary" else "plain text"
        raise InputError(f"{path}: named like {_NAMES[claimed]} but holds {what}, not a zip package; "
                         "export it again")
    if real == "binary":
        raise InputError(f"{path}: binary data, not a manuscript (DOCX, EPUB or Markdown)")
    if claimed is None:
        raise InputError(f"{path}: unknown file type {path.suffix or '(no extension)'}; "
                         "this tool reads .md, .docx and .epub")
    return "markdown"


def read_manuscript(path: Path, *, limits: Limits = DEFAULT_LIMITS, fmt: str | None = None,
                    config: Config | None = None) -> Manuscript:
    """Read any supported manuscript (a file, or a folder holding a multi-file book)."""
    if path.is_dir():
        named = EXTENSIONS.get(path.suffix.lower())
        if named in ("docx", "epub"):
            raise InputError(f"{path}: a folder named like {_NAMES[named]}, not a file (an unzipped "
                             f"package?); check the .{path.suffix.lower().lstrip('.')} file itself")
        from .book import read_book

        return read_book(path, limits=limits, config=config)
    fmt = fmt or detect_format(path, limits)
    module_name = READERS.get(fmt)
    if module_name is None:
        raise InputError(f"{path}: {fmt} manuscripts are not supported by this build")
    module = importlib.import_module(module_name)
    reader: Reader = module.read
    return reader(path, limits=limits)
