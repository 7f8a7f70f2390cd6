"""`safety.read_member` inflates a small member at once (`safety._inflate`), not through
`zipfile`'s stream: the same bytes, and the same refusal in the same words, whatever the zip
holds (damaged headers, sizes that lie, names that differ, bytes cut short or flipped)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_lint.errors import InputError
from disclosure_lint.readers import safety

_TEXT = b"<p>It was a bright cold day in April, and the clocks were striking thirteen.</p>\n"


def _read(zf: zipfile.ZipFile, name: str, *, at_once: bool, limits: safety.Limits = safety.DEFAULT_LIMITS,
          budget: list[int] | None = None) -> tuple[str, bytes | str]:
    """("ok", the bytes) or ("refused", the message), read at once or streamed."""
    saved = safety._AT_ONCE
    safety._AT_ONCE = saved if at_once else -1
    try:
        return "ok", safety.read_member(zf, name, limits, budget)
    except InputError as exc:
        return "refused", str(exc)
    finally:
        safety._AT_ONCE = saved


def _both(data: bytes, limits: safety.Limits = safety.DEFAULT_LIMITS) -> list[tuple[str, bytes | str]]:
    """Each member of the zip `data` read both ways: the answers must be equal."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # a zip damaged past opening is refused before any member is read
        return []
    answers = []
    with zf:
        for info in zf.infolist():
            budget = [limits.max_total_bytes]
            streamed = _read(zf, info.filename, at_once=False, limits=limits, budget=budget)
            budget_after = budget[0]
            budget = [limits.max_total_bytes]
            at_once = _read(zf, info.filename, at_once=True, limits=limits, budget=budget)
            assert at_once == streamed, info.filename
            assert budget[0] == budget_after
            answers.append(at_once)
    return answers


def _zip(members: list[tuple[str, bytes, int]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, content, method in members:
            zf.writestr(zipfile.ZipInfo(name, (2000, 1, 1, 0, 0, 0)), content, compress_type=method)
    return out.getvalue()


_CONTENT = st.one_of(st.binary(max_size=300), st.integers(0, 40).map(lambda n: _TEXT * n))
_MEMBERS = st.lists(st.tuples(st.sampled_from(["a.xhtml", "b/c.xhtml", "é.css", "mimetype"]), _CONTENT,
                              st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])),
                    min_size=1, max_size=3, unique_by=lambda m: m[0])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MEMBERS, st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=4))
def test_at_once_reads_what_the_stream_reads_whatever_bytes_are_changed(
        members: list[tuple[str, bytes, int]], changes: list[tuple[int, int]]) -> None:
    data = bytearray(_zip(members))
    for where, value in changes:
        data[where % len(data)] = value
    _both(bytes(data))


def _central(data: bytes, name: bytes) -> int:
    """The offset of `name`'s central directory record."""
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + length] == name:
            return at
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(name)


def _set(data: bytes, at: int, fmt: str, value: int) -> bytes:
    changed = bytearray(data)
    struct.pack_into(fmt, changed, at, value)
    return bytes(changed)


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
@pytest.mark.parametrize("change", [
    "file size smaller", "file size larger", "file size zero", "compressed size smaller",
    "compressed size larger", "compressed size past the end",
    "both sizes past the end", "crc", "local name", "local name length",
    "local signature", "patched flag", "strong encryption flag", "utf-8 flag", "bytes cut",
])
def test_at_once_reads_what_the_stream_reads_when_the_headers_lie(method: int, change: str) -> None:
    content = _TEXT * 30
    data = _zip([("a.xhtml", b"first", method), ("text/b.xhtml", content, method), ("z.css", b"p {}", method)])
    central = _central(data, b"text/b.xhtml")
    local = struct.unpack_from("<L", data, central + 42)[0]
    compressed = struct.unpack_from("<L", data, central + 20)[0]
    if change == "file size smaller":
        data = _set(data, central + 24, "<L", len(content) // 3)
    elif change == "file size larger":
        data = _set(data, central + 24, "<L", len(content) * 3)
    elif change == "file size zero":
        data = _set(data, central + 24, "<L", 0)
    elif change == "compressed size smaller":
        data = _set(data, central + 20, "<L", compressed // 2)
    elif change == "compressed size larger":
        data = _set(data, central + 20, "<L", compressed + 40)
    elif change == "compressed size past the end":
        data = _set(data, central + 20, "<L", len(data) * 2)
    elif change == "both sizes past the end":  # the stream ends before the bytes do, short of its size
        data = _set(_set(data, central + 20, "<L", len(data) * 2), central + 24, "<L", len(content) + 10)
    elif change == "crc":
        data = _set(data, central + 16, "<L", 12345)
    elif change == "local name":
        data = data[:local + 30] + b"T" + data[local + 31:]
    elif change == "local name length":
        data = _set(data, local + 26, "<H", 3)
    elif change == "local signature":
        data = _set(data, local, "<L", 0)
    elif change == "patched flag":
        data = _set(data, central + 8, "<H", 0x20)
    elif change == "strong encryption flag":
        data = _set(data, central + 8, "<H", 0x40)
    elif change == "utf-8 flag":
        data = _set(data, local + 6, "<H", 0x800)
    elif change == "bytes cut":  # the member's bytes cut short: the next header follows sooner
        start = local + 30 + len("text/b.xhtml")
        cut = max(1, compressed // 2)
        data = data[:start + compressed - cut] + data[start + compressed:]
        data = _set(data, _central(data, b"z.css") + 42, "<L",
                    struct.unpack_from("<L", data, _central(data, b"z.css") + 42)[0] - cut)
        data = _set(data, data.find(b"PK\x05\x06") + 16, "<L",
                    struct.unpack_from("<L", data, data.find(b"PK\x05\x06") + 16)[0] - cut)
    answers = _both(data)
    assert answers, change


def test_limits_and_budget_are_the_streams() -> None:
    content = _TEXT * 100
    data = _zip([("a.xhtml", content, zipfile.ZIP_DEFLATED), ("b.xhtml", content, zipfile.ZIP_STORED)])
    for limits in (safety.Limits(max_member_bytes=len(content) - 1), safety.Limits(max_total_bytes=len(content) - 1),
                   safety.Limits(max_total_bytes=len(content)), safety.Limits(max_member_bytes=len(content))):
        _both(data, limits)
    zf = zipfile.ZipFile(io.BytesIO(data))
    budget = [len(content) * 2 - 1]
    assert _read(zf, "a.xhtml", at_once=True, budget=budget) == ("ok", content)
    assert _read(zf, "b.xhtml", at_once=True, budget=budget)[0] == "refused"


def test_a_member_is_inflated_at_once_never_past_its_declared_size(tmp_path: Path) -> None:
    # The header says 2 KB; the member inflates to 4 MiB: at most 2 KB and a byte are inflated.
    big = b"<p>" + b" " * (4 * 1024 * 1024) + b"</p>"
    data = _set(_zip([("a.xhtml", big, zipfile.ZIP_DEFLATED)]), _central(_zip(
        [("a.xhtml", big, zipfile.ZIP_DEFLATED)]), b"a.xhtml") + 24, "<L", 2048)
    asked: list[int] = []
    real = zlib.decompressobj

    class Counting:
        def __init__(self, wbits: int) -> None:
            self.inner = real(wbits)

        def decompress(self, data: bytes, max_length: int = 0) -> bytes:
            asked.append(max_length)
            return self.inner.decompress(data, max_length)

        @property
        def eof(self) -> bool:
            return self.inner.eof

    zlib.decompressobj = Counting  # type: ignore[assignment]
    try:
        answer = _read(zipfile.ZipFile(io.BytesIO(data)), "a.xhtml", at_once=True)
    finally:
        zlib.decompressobj = real
    assert answer[0] == "refused" and "damaged" in str(answer[1])
    assert asked == [2049]
