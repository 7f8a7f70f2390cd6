"""Rewrite a zip package surgically: changed members replaced, every other member copied raw.

An untouched member is copied as the bytes it has in the original file — local header,
compressed data, data descriptor, and central-directory record (with only its offset updated) —
so images, fonts, footnotes, comments and custom XML stay byte-identical, compressed or not, and
are never inflated (a 1 GB image costs a copy, not a decompression). Nor are they held: the
result is a function that writes the new package to a stream, copying each untouched member
from the original file in chunks as it goes, so that memory stays bounded by the members being
edited, whatever the size of the images. Replaced and new members are
written with the original's compression method, timestamp and attributes. The structures are
those of PKWARE's APPNOTE.TXT (4.3.7 local header, 4.3.9 data descriptor, 4.3.12 central
directory, 4.3.16 end of central directory).

A Zip64 package (members or offsets beyond 4 GiB) is rewritten member by member through the
bounded reader instead, member by member in chunks: correct, but recompressed.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..errors import InputError
from ..readers.safety import DEFAULT_LIMITS, Limits, read_member

_LOCAL = struct.Struct("<IHHHHHIIIHH")  # signature ... extra length (30 bytes)
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")  # 46 bytes
_EOCD = struct.Struct("<IHHHHIIH")  # 22 bytes
_LOCAL_SIG, _CENTRAL_SIG, _EOCD_SIG, _DESCRIPTOR_SIG = 0x04034B50, 0x02014B50, 0x06054B50, 0x08074B50
_UTF8_FLAG, _DESCRIPTOR_FLAG = 0x0800, 0x0008
_ZIP64_MARK = 0xFFFFFFFF


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    #: The central-directory record (fixed part + name + extra + comment) as in the original.
    central: bytes
    method: int
    flags: int
    time: int
    date: int
    external_attr: int
    #: Where the member's local header starts and where its data (and descriptor) end.
    start: int
    end: int
    #: Length of the local header's extra field (EPUB's mimetype must have none).
    local_extra: int


#: A zip package: its bytes, or the file holding it (read in chunks, never whole).
Source = bytes | Path

_CHUNK = 1 << 20


@contextlib.contextmanager
def _opened(source: Source) -> Iterator[IO[bytes]]:
    if isinstance(source, bytes):
        yield io.BytesIO(source)
        return
    try:
        fh = source.open("rb")
    except OSError as exc:
        raise InputError(f"{source}: cannot read: {exc.strerror or exc}") from exc
    with fh:
        yield fh


def _damaged(why: str) -> InputError:
    return InputError(f"the package's zip structure is damaged ({why}); export it again")


def _entries(fh: IO[bytes]) -> tuple[list[_Entry], bytes] | None:
    """The central directory, parsed; None for a Zip64 package (handled by the slow path)."""
    size = fh.seek(0, io.SEEK_END)
    tail_start = max(0, size - 65_557)
    fh.seek(tail_start)
    tail = fh.read()
    found = tail.rfind(struct.pack("<I", _EOCD_SIG))
    if found < 0 or found + _EOCD.size > len(tail):
        raise _damaged("no end of central directory")
    _, disk, cd_disk, _, total, cd_size, cd_offset, comment_len = _EOCD.unpack_from(tail, found)
    comment = tail[found + _EOCD.size: found + _EOCD.size + comment_len]
    if total == 0xFFFF or cd_offset == _ZIP64_MARK or cd_size == _ZIP64_MARK:
        return None
    if disk or cd_disk:
        raise _damaged("multi-disk archive")
    if cd_offset + cd_size > size:
        raise _damaged("central directory runs past the end")
    fh.seek(cd_offset)
    directory = fh.read(cd_size)
    entries: list[_Entry] = []
    pos = 0
    for _ in range(total):
        if pos + _CENTRAL.size > len(directory):
            raise _damaged("central directory runs past the end")
        (sig, _made, _need, flags, method, time, date, _crc, csize, usize, name_len, extra_len, comment_len2,
         _disk, _internal, external, offset) = _CENTRAL.unpack_from(directory, pos)
        if sig != _CENTRAL_SIG:
            raise _damaged("bad central directory record")
        if _ZIP64_MARK in (csize, usize, offset):
            return None
        record_end = pos + _CENTRAL.size + name_len + extra_len + comment_len2
        raw_name = directory[pos + _CENTRAL.size: pos + _CENTRAL.size + name_len]
        name = raw_name.decode("utf-8" if flags & _UTF8_FLAG else "cp437")
        if offset + _LOCAL.size > size:
            raise _damaged(f"member {name!r} lies past the end")
        fh.seek(offset)
        local = _LOCAL.unpack(fh.read(_LOCAL.size))
        if local[0] != _LOCAL_SIG:
            raise _damaged(f"member {name!r} has no local header")
        data_start = offset + _LOCAL.size + local[9] + local[10]
        end = data_start + csize
        if flags & _DESCRIPTOR_FLAG:
            fh.seek(end)
            has_sig = fh.read(4) == struct.pack("<I", _DESCRIPTOR_SIG)
            end += 16 if has_sig else 12
        if end > size:
            raise _damaged(f"member {name!r} runs past the end")
        entries.append(_Entry(name, directory[pos:record_end], method, flags, time, date, external, offset, end,
                              local[10]))
        pos = record_end
    return entries, comment


def _dos_time(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    y, mo, d, h, mi, s = date_time
    return (h << 11) | (mi << 5) | (s // 2), ((max(y, 1980) - 1980) << 9) | (mo << 5) | d


def _compress(content: bytes, method: int) -> bytes:
    if method == zipfile.ZIP_STORED:
        return content
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(content) + packer.flush()


def _new_member(name: str, content: bytes, *, method: int, time: int, date: int, external_attr: int,
                offset: int) -> tuple[bytes, bytes]:
    """Local header + data, and the central record, for a member written anew."""
    raw_name = name.encode("utf-8")
    flags = 0 if name.isascii() else _UTF8_FLAG
    method = zipfile.ZIP_STORED if method == zipfile.ZIP_STORED else zipfile.ZIP_DEFLATED
    packed = _compress(content, method)
    crc = zlib.crc32(content)
    local = _LOCAL.pack(_LOCAL_SIG, 20, flags, method, time, date, crc, len(packed), len(content),
                        len(raw_name), 0) + raw_name
    central = _CENTRAL.pack(_CENTRAL_SIG, 20, 20, flags, method, time, date, crc, len(packed), len(content),
                            len(raw_name), 0, 0, 0, 0, external_attr, offset) + raw_name
    return local + packed, central


def _copy(src: IO[bytes], out: _Counting, start: int, length: int) -> None:
    """Copy `length` bytes of `src` from `start` to `out`, a chunk at a time."""
    src.seek(start)
    left = length
    while left:
        chunk = src.read(min(left, _CHUNK))
        if not chunk:
            raise _damaged("a member ends early (was the file changed while insert ran?)")
        out.write(chunk)
        left -= len(chunk)


def rewrite_zip(source: Source, replace: Mapping[str, bytes], add: Sequence[tuple[str, bytes]] = (), *,
                first_stored: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Callable[[IO[bytes]], None]:
    """A function writing a copy of the zip `source` to a stream, with members replaced and new
    members appended (deflated). The central directory is read now (a damaged package is
    refused before anything is written); the members are copied when the function runs.

    `first_stored`: a member that must come first, stored, with no extra field (EPUB's
    ``mimetype``, OCF 3.0 §4.3); it is copied raw when it already is.
    """
    with _opened(source) as fh:
        parsed = _entries(fh)
    if parsed is None:
        return lambda out: _rewrite_by_members(source, out, replace, add, first_stored=first_stored, limits=limits)
    entries, comment = parsed
    seen: set[str] = set()
    unique = []
    for entry in entries:
        if entry.name not in seen:  # a duplicate entry: readers use one of them; keep the first
            seen.add(entry.name)
            unique.append(entry)
    if first_stored is not None:
        unique.sort(key=lambda e: e.name != first_stored)

    def write(out: IO[bytes]) -> None:
        with _opened(source) as src:
            _write_members(src, out, unique, comment, replace, add, first_stored=first_stored, limits=limits)

    return write


class _Counting:
    """A stream that counts what is written to it (offsets, without `tell`: any stream will do)."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.at = 0

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.at += len(data)


def _write_members(src: IO[bytes], stream: IO[bytes], entries: list[_Entry], comment: bytes,
                   replace: Mapping[str, bytes], add: Sequence[tuple[str, bytes]], *, first_stored: str | None,
                   limits: Limits) -> None:
    out = _Counting(stream)
    centrals: list[bytes] = []
    newest = (0, 0)
    for entry in entries:
        offset = out.at
        newest = max(newest, (entry.date, entry.time))
        must_store = entry.name == first_stored and (entry.method != zipfile.ZIP_STORED or entry.local_extra != 0)
        if entry.name in replace or must_store:
            content = replace[entry.name] if entry.name in replace else read_member(
                zipfile.ZipFile(src), entry.name, limits)
            method = zipfile.ZIP_STORED if entry.name == first_stored else entry.method
            local, central = _new_member(entry.name, content, method=method, time=entry.time,
                                         date=entry.date, external_attr=entry.external_attr, offset=offset)
            out.write(local)
            centrals.append(central)
            continue
        _copy(src, out, entry.start, entry.end - entry.start)
        record = bytearray(entry.central)
        struct.pack_into("<I", record, 42, offset)
        centrals.append(bytes(record))
    date, time = newest if newest != (0, 0) else _dos_time((1980, 1, 1, 0, 0, 0))[::-1]
    for name, content in add:
        offset = out.at
        local, central = _new_member(name, content, method=zipfile.ZIP_DEFLATED, time=time, date=date,
                                     external_attr=0o100644 << 16, offset=offset)
        out.write(local)
        centrals.append(central)
    cd_offset = out.at
    for central in centrals:
        out.write(central)
    cd_size = out.at - cd_offset
    out.write(_EOCD.pack(_EOCD_SIG, 0, 0, len(centrals), len(centrals), cd_size, cd_offset, len(comment)))
    out.write(comment)


def _rewrite_by_members(source: Source, out: IO[bytes], replace: Mapping[str, bytes],
                        add: Sequence[tuple[str, bytes]], *, first_stored: str | None, limits: Limits) -> None:
    """Zip64 packages: rebuild member by member through zipfile (contents kept, bytes recompressed,
    each member streamed in chunks within the limits)."""
    with _opened(source) as fh, zipfile.ZipFile(fh) as src, zipfile.ZipFile(out, "w", allowZip64=True) as dst:
        dst.comment = src.comment
        infos = src.infolist()
        if first_stored is not None:
            infos.sort(key=lambda i: i.filename != first_stored)
        seen: set[str] = set()
        for info in infos:
            if info.filename in seen:
                continue
            seen.add(info.filename)
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = zipfile.ZIP_STORED if info.filename == first_stored else info.compress_type
            copy.external_attr = info.external_attr
            if info.filename in replace:
                dst.writestr(copy, replace[info.filename])
            elif info.is_dir():
                dst.writestr(copy, b"")
            else:
                bomb = info.file_size > _CHUNK and info.file_size > info.compress_size * limits.max_ratio
                if bomb or info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    read_member(src, info.filename, limits)  # refuses it, in the reader's words
                copy.file_size = info.file_size
                with src.open(info) as member, dst.open(copy, "w", force_zip64=info.file_size > 0x7FFFFFFF) as target:
                    shutil.copyfileobj(member, target, _CHUNK)
        stamps = [i.date_time for i in src.infolist()]
        latest = max(stamps) if stamps else (1980, 1, 1, 0, 0, 0)
        for name, content in add:
            dst.writestr(zipfile.ZipInfo(name, latest), content, compress_type=zipfile.ZIP_DEFLATED)
