"""Rewrite a zip package member by member: changed members replaced, everything else copied through.

Each copied member keeps its content byte for byte, its place in the order, its compression
method, its timestamp, attributes and comment, so that a DOCX or EPUB differs from the original
only in the parts `insert` had to change. Members are read through the same bounded reader as the
readers use (`safety.read_member`): a hostile package is refused, not inflated.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Mapping, Sequence

from ..readers.safety import DEFAULT_LIMITS, Limits, read_member

_ZIP64_EXTRA = 0x0001


def _without_zip64(extra: bytes) -> bytes:
    """Drop a zip64 extra record (zipfile writes its own when a member needs one)."""
    out = b""
    pos = 0
    while pos + 4 <= len(extra):
        kind, size = struct.unpack("<HH", extra[pos:pos + 4])
        record = extra[pos:pos + 4 + size]
        if kind != _ZIP64_EXTRA:
            out += record
        pos += 4 + size
    return out


def rewrite_zip(data: bytes, replace: Mapping[str, bytes], add: Sequence[tuple[str, bytes]] = (), *,
                first_stored: str | None = None, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A copy of the zip `data` with members replaced and new members appended (deflated).

    `first_stored`: a member that must come first, stored, with no extra field (EPUB's
    ``mimetype``, OCF 3.0 §4.3).
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        dst.comment = src.comment
        infos = src.infolist()
        if first_stored is not None:
            infos.sort(key=lambda i: i.filename != first_stored)
        seen: set[str] = set()
        for info in infos:
            if info.filename in seen:
                continue  # a duplicate entry: readers use one of them; keep the first
            seen.add(info.filename)
            content = replace[info.filename] if info.filename in replace else (
                b"" if info.is_dir() else read_member(src, info.filename, limits))
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = info.compress_type
            copy.comment = info.comment
            copy.create_system = info.create_system
            copy.external_attr = info.external_attr
            copy.internal_attr = info.internal_attr
            copy.extra = _without_zip64(info.extra)
            if info.filename == first_stored:
                copy.compress_type = zipfile.ZIP_STORED
                copy.extra = b""
            dst.writestr(copy, content)
        for name, content in add:
            dst.writestr(zipfile.ZipInfo(name, _latest(src)), content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _latest(src: zipfile.ZipFile) -> tuple[int, int, int, int, int, int]:
    """A timestamp for new members: the newest in the package (stable, and never before 1980)."""
    stamps = [i.date_time for i in src.infolist()]
    return max(stamps) if stamps else (1980, 1, 1, 0, 0, 0)
