"""`insert` edits zip packages surgically: untouched members keep their exact compressed bytes and
are never inflated; only replaced members and the central directory change."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from disclosure_lint.readers import safety
from disclosure_lint.writers import zipcopy
from disclosure_lint.writers.zipcopy import rewrite_zip


def rewritten(source: bytes, replace: dict[str, bytes], add: list[tuple[str, bytes]] | None = None, *,
              first_stored: str | None = None) -> bytes:
    """`rewrite_zip`'s package, written to memory."""
    out = io.BytesIO()
    rewrite_zip(source, replace, add or [], first_stored=first_stored)(out)
    return out.getvalue()


def _raw_members(data: bytes) -> dict[str, bytes]:
    """Each member's local header + compressed data, as stored in the file."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            start = info.header_offset
            name_len, extra_len = struct.unpack_from("<HH", data, start + 26)
            out[info.filename] = data[start:start + 30 + name_len + extra_len + info.compress_size]
    return out


def _package(path: Path) -> bytes:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype", (2020, 5, 1, 12, 0, 0)), b"application/epub+zip")
        zf.writestr("OEBPS/content.opf", "<package/>" * 50, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("OEBPS/image.jpg", os.urandom(300_000), compress_type=zipfile.ZIP_STORED)
        zf.writestr("OEBPS/text.xhtml", "<p>story</p>" * 2000, compress_type=zipfile.ZIP_DEFLATED,
                    compresslevel=9)
        zf.writestr("OEBPS/ünïcode.css", "p {}", compress_type=zipfile.ZIP_DEFLATED)
        zf.comment = b"made by a test"
    return path.read_bytes()


def _recording(names: list[str], real: Callable[..., bytes]) -> Callable[..., bytes]:
    """`real`, noting the name of each member it inflates."""

    def read(zf: zipfile.ZipFile, name: str, *args: Any, **kwargs: Any) -> bytes:
        names.append(name)
        return real(zf, name, *args, **kwargs)

    return read


def test_untouched_members_are_copied_raw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _package(tmp_path / "a.epub")
    inflated: list[str] = []
    real = safety.read_member
    monkeypatch.setattr(zipcopy, "read_member", _recording(inflated, real))
    out = rewritten(data, {"OEBPS/content.opf": b"<package version='3.0'/>"},
                      [("OEBPS/note.xhtml", b"<p>note</p>")], first_stored="mimetype")
    assert inflated == []
    before, after = _raw_members(data), _raw_members(out)
    for name in ("mimetype", "OEBPS/image.jpg", "OEBPS/text.xhtml", "OEBPS/ünïcode.css"):
        assert after[name] == before[name], name
    with zipfile.ZipFile(io.BytesIO(out)) as zf:
        assert zf.testzip() is None
        assert [i.filename for i in zf.infolist()] == ["mimetype", "OEBPS/content.opf", "OEBPS/image.jpg",
                                                       "OEBPS/text.xhtml", "OEBPS/ünïcode.css",
                                                       "OEBPS/note.xhtml"]
        assert zf.read("OEBPS/content.opf") == b"<package version='3.0'/>"
        assert zf.getinfo("OEBPS/content.opf").compress_type == zipfile.ZIP_DEFLATED
        assert zf.comment == b"made by a test"


def test_mimetype_moved_first_and_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inflated: list[str] = []
    real = safety.read_member
    monkeypatch.setattr(zipcopy, "read_member", _recording(inflated, real))
    path = tmp_path / "b.epub"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("OEBPS/a.xhtml", "<p/>", compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_DEFLATED)
    out = rewritten(path.read_bytes(), {}, first_stored="mimetype")
    assert out[30:38] == b"mimetype" and out[38:58] == b"application/epub+zip"
    with zipfile.ZipFile(io.BytesIO(out)) as zf:
        assert zf.infolist()[0].compress_type == zipfile.ZIP_STORED
        assert zf.testzip() is None
    assert inflated == ["mimetype"]  # the one member that had to change form


def test_a_package_on_disk_is_copied_as_its_bytes_would_be(tmp_path: Path) -> None:
    """`insert` hands the writer the file, not its bytes: the result is the same, member for member."""
    path = tmp_path / "book.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        zf.writestr("OEBPS/content.opf", "<package/>", compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("OEBPS/images/photo.jpg", os.urandom(3 << 20))
    replace = {"OEBPS/content.opf": b"<package version='3.0'/>"}
    from_disk = io.BytesIO()
    rewrite_zip(path, replace, [("OEBPS/note.xhtml", b"<html/>")], first_stored="mimetype")(from_disk)
    assert from_disk.getvalue() == rewritten(path.read_bytes(), replace, [("OEBPS/note.xhtml", b"<html/>")],
                                             first_stored="mimetype")
    with zipfile.ZipFile(from_disk) as zf:
        assert zf.testzip() is None
        assert zf.read("OEBPS/content.opf") == replace["OEBPS/content.opf"]
