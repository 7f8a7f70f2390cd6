"""`check -`: a manuscript read from standard input (a pipeline, an editor linting unsaved text).

The bytes say the format: a zip package is a DOCX or an EPUB as its members say
(`[Content_Types].xml`, or `mimetype` and `META-INF/container.xml`: `safety.zip_kind`);
anything else is Markdown. What arrives is copied, a chunk at a time, to a private temporary
file that the format's reader then reads as it reads any file, so memory stays bounded; the copy
stops, and the input is refused, past `max_markdown_bytes` for Markdown or `max_total_bytes` for
a package. Locations and messages name the input as `display` (`--stdin-filename`, else "-"),
never the temporary file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..errors import DisclosureLintError, InputError
from ..limits import Limits
from .safety import ZIP_MAGICS, open_zip, size_text, zip_kind

if TYPE_CHECKING:
    from ..config import Config
    from ..model import Manuscript

_CHUNK = 1 << 16


def read_stdin(stream: IO[bytes], display: str, limits: Limits, config: Config | None = None) -> Manuscript:
    """Read the manuscript arriving on `stream`, named `display` in what is reported."""
    from . import NOT_READ, read_manuscript

    with tempfile.TemporaryDirectory(prefix="disclosure-lint-stdin-") as scratch:
        head = _read_some(stream, display, _CHUNK)
        if not head:
            raise InputError(f"{display}: standard input is empty")
        package = head.startswith(ZIP_MAGICS)
        temp = Path(scratch) / ("stdin.zip" if package else "stdin.md")
        cap, limit = ((limits.max_total_bytes, "max_total_bytes") if package
                      else (limits.max_markdown_bytes, "max_markdown_bytes"))
        _spool(head, stream, temp, cap, display, limit, limits)
        try:
            if package:
                with open_zip(temp, limits) as zf:
                    kind = zip_kind(zf)
                if kind not in ("docx", "epub"):
                    reason = NOT_READ.get(kind, "a zip archive that is neither a DOCX ([Content_Types].xml "
                                                "missing) nor an EPUB (no mimetype or META-INF/container.xml)")
                    raise InputError(f"{display}: {reason}")
                fmt = kind
            else:
                if b"\x00" in head[:8000] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
                    raise InputError(f"{display}: binary data on standard input, not a manuscript "
                                     "(Markdown, DOCX or EPUB)")
                fmt = "markdown"
            manuscript = read_manuscript(temp, limits=limits, fmt=fmt, config=config, display=display)
            return manuscript._replace(path=display, files=())
        except DisclosureLintError as exc:
            text = str(exc).replace(str(temp), display)
            if text == str(exc):
                raise
            raise type(exc)(text) from exc


def _read_some(stream: IO[bytes], display: str, size: int) -> bytes:
    try:
        return stream.read(size)
    except OSError as exc:
        raise InputError(f"{display}: cannot read standard input: {exc.strerror or exc}") from exc


def _spool(head: bytes, stream: IO[bytes], temp: Path, cap: int, display: str, limit: str, limits: Limits) -> None:
    """Copy what arrives to `temp`, refusing it once it passes `cap` bytes."""
    total = len(head)
    try:
        with temp.open("wb") as out:
            out.write(head)
            while total <= cap:
                chunk = _read_some(stream, display, _CHUNK)
                if not chunk:
                    break
                total += len(chunk)
                out.write(chunk)
    except OSError as exc:
        raise InputError(f"{display}: cannot hold standard input in a temporary file: "
                         f"{exc.strerror or exc}") from exc
    if total > cap:
        what = "a package" if limit == "max_total_bytes" else "Markdown"
        raise InputError(f"{display}: refused: standard input holds {what} over {size_text(cap)} ({limit}; "
                         f"{limits.describe(limit)})")

