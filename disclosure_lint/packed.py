"""The package's TOML data, read from a packed copy written beside each file (issue 21).

Every check reads the lexicon (`analysis/lexicon/shared.toml` and the book's language) and the
chatbot-residue lists (`analysis/residue/<language>.toml`). Parsing them (`line_toml`, in
Python, a statement a line) cost some 18 M instructions at every cold start, and compiling the
line reader's patterns 6 M more: about a seventh of a check of a short book, and as much as the
rest of reading and judging it. The TOML files stay what a person edits and what the code means;
beside each, `<name>.packed` holds the same data in `marshal`'s format, which CPython reads in C
in a fraction of that, with a digest of the TOML text it was made from.

A packed copy is used only for the text it was made from: a file edited since, a packed copy
damaged, of another layout, or one this Python's `marshal` cannot read means parsing the TOML as
before (the run is only slower, never different). `python -m disclosure_lint.packed` writes the
copies again (with tomllib, TOML's reference reader in the standard library);
`tests/test_packed.py` fails when one is missing or is not what parsing its file gives.

The same layout holds a value computed from data files, for a header that says what it was made
from (`load_value`, `pack_value`): what the language files compile to (`readers.language`), the
literal indexes as read (`analysis.literal_index`) and what the residue files compile to
(`analysis.residue`), each used only while the files are those it was made from.
"""

from __future__ import annotations

import marshal
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .cache import digest

#: The first bytes of a packed copy: what wrote it (a file of another layout is not read).
MAGIC = b"disclosure-lint packed TOML 1\n"
#: `marshal`'s format version the copies are written in (read by every Python 3 since 3.4).
MARSHAL_VERSION = 4
#: The folders (under the package) whose TOML files a check reads, and so has packed.
FOLDERS = ("analysis/lexicon", "analysis/residue")
PACKAGE = Path(__file__).parent
_DIGEST = len(digest(b""))


def path(source: Path) -> Path:
    """Where the packed copy of the TOML file `source` is."""
    return source.with_suffix(".packed")


def load(source: Path, text: str) -> dict[str, Any] | None:
    """The data of the TOML file `source`, whose text is `text`, from its packed copy; None when
    there is none made from that text (or it cannot be read): parse the text then."""
    try:
        raw = path(source).read_bytes()
    except OSError:
        return None
    start = len(MAGIC)
    body = start + 2 * _DIGEST
    if raw[:start] != MAGIC or raw[start:start + _DIGEST] != digest(text.encode("utf-8", "surrogatepass")):
        return None
    payload = raw[body:]
    if raw[start + _DIGEST:body] != digest(payload):
        return None
    try:
        data = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def pack(text: str, data: dict[str, Any]) -> bytes:
    """The packed copy of a TOML file whose text is `text` and data `data`."""
    payload = marshal.dumps(data, MARSHAL_VERSION)
    return MAGIC + digest(text.encode("utf-8", "surrogatepass")) + digest(payload) + payload


def load_value(path: Path, header: tuple[Any, ...] | None) -> Any | None:
    """A value computed from the package's data files and shipped at `path` (see `pack_value`),
    when it was computed from exactly `header` (what it is made from: the files' text); else None.
    `header` None: the value whatever it was made from (for a test to say what it was made for)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    start = len(MAGIC)
    body = start + 2 * _DIGEST
    if raw[:start] != MAGIC or (header is not None and raw[start:start + _DIGEST] != _header_digest(header)):
        return None
    payload = raw[body:]
    if raw[start + _DIGEST:body] != digest(payload):
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def pack_value(header: tuple[Any, ...], value: Any) -> bytes:
    """What `load_value` reads: `value` (of the types TOML has), made from `header`."""
    payload = marshal.dumps(value, MARSHAL_VERSION)
    return MAGIC + _header_digest(header) + digest(payload) + payload


def write_values(values: Mapping[Path, tuple[tuple[Any, ...], Any]]) -> list[Path]:
    """Write each shipped value (path: (header, value)) that is not what its file holds already
    (their bytes vary from run to run, the order of a set's strings, while the value does not);
    the files written."""
    written = []
    for target, (header, value) in values.items():
        if load_value(target, header) != value:
            target.write_bytes(pack_value(header, value))
            written.append(target)
    return written


def _header_digest(header: tuple[Any, ...]) -> bytes:
    """The digest of a header: its text (the files' text, mostly) and its shape, without
    `repr`, which escapes each character (a tenth of a millisecond for the language files), nor
    `marshal`, whose bytes for equal values may differ (it marks the objects shared)."""
    pieces: list[str] = []
    _describe(header, pieces)
    return digest("".join(pieces).encode("utf-8", "surrogatepass"))


def _describe(value: Any, pieces: list[str]) -> None:
    """Add to `pieces` the text of `value` that `_header_digest` digests. (A function of the module,
    not a closure calling itself: that would be a reference cycle, keeping the pieces, the files'
    text, until the collector runs.)"""
    if isinstance(value, (tuple, list)):
        pieces.append(f"({len(value)}")
        for item in value:
            _describe(item, pieces)
        pieces.append(")")
    elif isinstance(value, str):
        pieces.append(f"'{len(value)}:")
        pieces.append(value)
    else:
        pieces.append(f"{type(value).__name__}:{value!r};")


def sources() -> list[Path]:
    """The TOML files that have a packed copy."""
    return sorted(p for folder in FOLDERS for p in (PACKAGE / folder).glob("*.toml"))


def write_all() -> list[Path]:
    """Write the packed copy of every file of `sources` again; the copies written."""
    import tomllib

    written = []
    for source in sources():
        text = source.read_text("utf-8")
        target = path(source)
        target.write_bytes(pack(text, tomllib.loads(text)))
        written.append(target)
    return written


if __name__ == "__main__":
    for target in write_all():
        sys.stdout.write(f"{target.relative_to(PACKAGE)}\n")
