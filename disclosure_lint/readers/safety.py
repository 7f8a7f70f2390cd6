"""Guards shared by every reader of zip packages (DOCX, EPUB) and of XML.

One module, so that DOCX and EPUB refuse hostile input the same way:
- a file's real type comes from its first bytes, not its extension;
- a zip is checked before anything is inflated (member count, declared sizes, ratio);
- a member is read through a bounded stream that stops at the limit even when the zip
  header lies about the size (Python's zipfile trusts the header);
- XML is parsed with no DTD loading, no network, no entity expansion, and a part that declares
  entities (billion laughs, external entities such as file:///etc/passwd) is refused.
"""

from __future__ import annotations

import os
import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError

# The limits are defined below the config, which reads them; the readers enforce them here.
from ..limits import DEFAULT_LIMITS as DEFAULT_LIMITS
from ..limits import Limits as Limits
from ..limits import MiB as MiB
from ..patterns import LazyPattern

if TYPE_CHECKING:
    import zipfile
    from collections.abc import Mapping

    from lxml import etree

OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def size_text(size: int) -> str:
    """A size as a user reads it in a refusal: whole MiB when large, bytes otherwise."""
    whole = size >= MiB and size % MiB == 0
    return f"{size // MiB} MiB" if whole or size >= 16 * MiB else f"{size} bytes"

#: Compression methods a package may use. OOXML (ECMA-376 Part 2 §8.4.4) and EPUB OCF (§4.2)
#: allow only these two; Python's zipfile inflates bzip2 and LZMA members without an output
#: bound, so a 2 KB member could take gigabytes before any limit is checked.
_METHODS = {0: "stored", 8: "deflate"}  # zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED (imported when a zip is read)
_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"


def sniff(path: Path) -> str:
    """Tell what a file really is from its first bytes: "zip", "ole", "pdf", "rtf", "empty", "text",
    "binary"."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a directory, not a file") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if not head:
        return "empty"
    if head.startswith(ZIP_MAGICS):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def zip_kind(zf: zipfile.ZipFile) -> str:
    """Say which package a zip is: "epub", "docx" (any OOXML word document), "odt" (an
    OpenDocument text), "opendocument" (another OpenDocument file), "pages" (Apple Pages), or
    "zip"."""
    names = set(zf.namelist())
    if "mimetype" in names:
        info = zf.getinfo("mimetype")
        if info.file_size < 100:
            try:
                data = read_member(zf, "mimetype", Limits(max_member_bytes=100)).strip()
            except InputError:
                data = b""
            if data == b"application/epub+zip":
                return "epub"
            # OpenDocument (ISO/IEC 26300, part 3 §3.3): the `mimetype` member names the kind.
            if data.startswith(b"application/vnd.oasis.opendocument.text"):
                return "odt"
            if data.startswith(b"application/vnd.oasis.opendocument."):
                return "opendocument"
    if "META-INF/container.xml" in names:
        return "epub"
    if "[Content_Types].xml" in names:
        return "docx"
    if "Index/Document.iwa" in names:  # Pages 5 and later (iWork archive)
        return "pages"
    return "zip"


def declared_members(path: Path) -> int | None:
    """The member count a zip's end record declares, read before zipfile parses every entry.

    zipfile builds an object per entry, so a package declaring millions of members would cost
    seconds and hundreds of megabytes before `max_members` could be checked. None when the end
    record cannot be found (zipfile then says the file is damaged).
    """
    try:
        with path.open("rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            start = max(0, size - (22 + 0xFFFF + 20))
            fh.seek(start)
            tail = fh.read()
    except OSError:
        return None
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) < at + 22:
        return None
    import struct  # (a zip's: not imported by a check of Markdown)

    count: int = struct.unpack_from("<H", tail, at + 10)[0]
    locator = at - 20
    if locator >= 0 and tail[locator:locator + 4] == _ZIP64_LOCATOR:
        record: int = struct.unpack_from("<Q", tail, locator + 8)[0]
        try:
            with path.open("rb") as fh:
                fh.seek(record)
                head = fh.read(40)
        except (OSError, ValueError, OverflowError):
            return count
        if len(head) == 40 and head.startswith(b"PK\x06\x06"):
            count64: int = struct.unpack_from("<Q", head, 32)[0]
            return max(count, count64)
    return count


def _too_many(path: Path, count: int, limits: Limits) -> InputError:
    return InputError(
        f"{path}: refused: {count} zip members exceed the limit of "
        f"{limits.max_members} (max_members; {limits.describe('max_members')})"
    )


def open_zip(path: Path, limits: Limits = DEFAULT_LIMITS) -> zipfile.ZipFile:
    """Open a zip package after checking its central directory against the limits."""
    import struct
    import zipfile

    declared = declared_members(path)
    if declared is not None and declared > limits.max_members:
        raise _too_many(path, declared, limits)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise InputError(f"{path}: damaged zip package ({exc}); export it again") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except (ValueError, OverflowError, EOFError, NotImplementedError, struct.error, UnicodeError) as exc:
        # A damaged central directory: absurd offsets, an unknown "version needed to extract".
        raise InputError(f"{path}: damaged zip package ({exc}); export it again") from exc
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        zf.close()
        raise _too_many(path, len(infos), limits)
    return zf


def read_member(zf: zipfile.ZipFile, name: str, limits: Limits = DEFAULT_LIMITS,
                budget: list[int] | None = None) -> bytes:
    """Inflate one member, never past `max_member_bytes`, whatever its header claims.

    `budget` is a one-item list holding the bytes still allowed for the whole package; it is
    decremented, so that the total over all members read stays under `max_total_bytes`.
    """
    import zipfile

    label = zf.filename or "package"
    try:
        info = zf.getinfo(name)
    except KeyError as exc:
        raise InputError(f"{label}: member {name!r} is missing") from exc
    if info.flag_bits & 0x1:
        raise InputError(f"{label}: member {name!r} is encrypted; remove the password and save again")
    if info.compress_type not in _METHODS:
        raise InputError(
            f"{label}: refused: member {name!r} uses compression method {info.compress_type}, which "
            "DOCX and EPUB never use (only stored and deflate); export the file again"
        )
    if info.file_size > limits.max_member_bytes:
        raise InputError(
            f"{label}: refused: member {name!r} declares {size_text(info.file_size)}, over the "
            f"limit of {size_text(limits.max_member_bytes)} (max_member_bytes; "
            f"{limits.describe('max_member_bytes')})"
        )
    if info.file_size > MiB and info.compress_size and (
        info.file_size / info.compress_size > limits.max_ratio
    ):
        raise InputError(
            f"{label}: refused: member {name!r} inflates {info.file_size // info.compress_size}x, "
            f"over the ratio limit of {limits.max_ratio} (max_ratio; {limits.describe('max_ratio')}); "
            "it looks like a zip bomb"
        )
    if budget is not None and info.file_size > budget[0]:
        raise _over_total(label, limits)
    cap = limits.max_member_bytes
    if budget is not None:
        cap = min(cap, budget[0])
    chunks: list[bytes] = []
    size = 0
    try:
        if info.compress_size <= _AT_ONCE and zf.mode == "r" and zf.fp is not None:
            # (A chapter: `zipfile.open`'s stream, its shared file and its reads, cost a
            # third of what inflating it does.)
            chunks.append(_inflate(zf, info))
            size = len(chunks[0])
            if size > cap:
                raise _past_cap(info, name, label, limits, cap)
        else:
            _stream(zf, info, name, label, limits, cap, chunks)
            size = sum(map(len, chunks))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise InputError(f"{label}: member {name!r} is damaged ({exc}); export the file again") from exc
    except RuntimeError as exc:  # zipfile raises this for encrypted members
        raise InputError(f"{label}: member {name!r} cannot be read: {exc}") from exc
    if budget is not None:
        budget[0] -= size
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


#: The compressed size up to which a member is inflated at once (`_inflate`), not streamed: its
#: compressed bytes are held whole while it is inflated.
_AT_ONCE = 1 * MiB
#: A member's local file header (`zipfile.structFileHeader`): signature, versions, flags,
#: method, time, date, CRC, sizes, the lengths of its name ([10]) and extra field ([11]).
_LOCAL_HEADER = "<4s2B4HL2L2H"


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A stored or deflated member's bytes, as `zipfile.ZipFile.open` and its stream give them
    (the same checks, the same errors: the local header's signature and name, the flags it does
    not read, the bytes cut at the declared size, the CRC), from one read of its compressed
    bytes and one call to inflate them: never more than its declared size and one byte."""
    import struct
    import zipfile

    fp = zf.fp
    assert fp is not None
    lock = getattr(zf, "_lock", None)
    if lock is not None:
        lock.acquire()
    try:
        fp.seek(info.header_offset)
        header = fp.read(30)  # zipfile.sizeFileHeader
        if len(header) != 30:
            raise zipfile.BadZipFile("Truncated file header")
        fields = struct.unpack(_LOCAL_HEADER, header)
        if fields[0] != b"PK\x03\x04":  # zipfile.stringFileHeader
            raise zipfile.BadZipFile("Bad magic number for file header")
        fname = fp.read(fields[10])
        if fields[11]:
            fp.read(fields[11])
        if info.flag_bits & 0x20:
            raise NotImplementedError("compressed patched data (flag bit 5)")
        if info.flag_bits & 0x40:
            raise NotImplementedError("strong encryption (flag bit 6)")
        # (An ASCII name reads the same in UTF-8 and CP437: no codec looked up.)
        fname_str = (fname.decode("ascii") if fname.isascii() and not getattr(zf, "metadata_encoding", None)
                     else fname.decode("utf-8") if fields[3] & 0x800
                     else fname.decode(getattr(zf, "metadata_encoding", None) or "cp437"))
        if fname_str != info.orig_filename:
            raise zipfile.BadZipFile(
                f"File name in directory {info.orig_filename!r} and header {fname!r} differ.")
        data = fp.read(info.compress_size)
    finally:
        if lock is not None:
            lock.release()
    if info.compress_size and not data:
        raise EOFError
    size = info.file_size
    ended = True
    if info.compress_type == 8:
        # What the stream gives: inflated until its end or the end of its bytes, cut at the
        # declared size (asked for one byte more: a bound of 0 is none).
        inflater = zlib.decompressobj(-15)
        out = inflater.decompress(data, size + 1)
        ended = inflater.eof
    else:
        out = data
    if len(data) < info.compress_size and len(out) < size and not (ended and info.compress_type == 8):
        raise EOFError  # the stream asks for the bytes the file lacks
    if len(out) > size:
        out = out[:size]
    if zlib.crc32(out) != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")
    return out


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, label: str, limits: Limits, cap: int,
            chunks: list[bytes]) -> None:
    """A member's bytes into `chunks`, streamed through `zipfile`, never past `cap`."""
    size = 0
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(1 << 16)
            if not chunk:
                break
            size += len(chunk)
            if size > cap:
                raise _past_cap(info, name, label, limits, cap)
            chunks.append(chunk)


def _past_cap(info: zipfile.ZipInfo, name: str, label: str, limits: Limits, cap: int) -> InputError:
    """A member that inflates past what may still be read (its own limit, or the budget's)."""
    if cap < limits.max_member_bytes:
        return _over_total(label, limits)
    return InputError(
        f"{label}: refused: member {name!r} inflates past {size_text(cap)} "
        f"though its header says {info.file_size} bytes (max_member_bytes; "
        f"{limits.describe('max_member_bytes')})"
    )


def _over_total(label: str, limits: Limits) -> InputError:
    return InputError(
        f"{label}: refused: the parts read inflate past {size_text(limits.max_total_bytes)} "
        f"together (max_total_bytes; {limits.describe('max_total_bytes')})"
    )


def read_text_file(path: Path, display: str, limits: Limits = DEFAULT_LIMITS,
                   unsaved: Mapping[str, bytes] | None = None, *, count_lines: bool = True) -> bytes:
    """Read a Markdown file's bytes within `max_markdown_bytes` and `max_markdown_lines`.

    The read itself is bounded (a file that grows after `stat`, or a FIFO, cannot make it
    unbounded); lines are limited because parsing costs time per line, not per byte.
    `unsaved` maps absolute paths to the text an editor holds for them, read instead of the
    file (the language server's open documents); the same limits apply to it. `count_lines`
    False: the caller counts the lines and calls `check_markdown_lines` before it parses them
    (the Markdown reader, from what it reads of the bytes anyway: `markdown.decode`).
    """
    key = os.path.abspath(path) if unsaved else ""
    if unsaved and key in unsaved:
        data = unsaved[key]
        if len(data) > limits.max_markdown_bytes:
            data = data[:limits.max_markdown_bytes + 1]
    else:
        try:
            with path.open("rb") as fh:
                data = fh.read(limits.max_markdown_bytes + 1)
        except IsADirectoryError as exc:
            raise InputError(f"{display}: is a directory, not a file") from exc
        except OSError as exc:
            raise InputError(f"{display}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > limits.max_markdown_bytes:
        raise InputError(
            f"{display}: refused: Markdown over {size_text(limits.max_markdown_bytes)} for one file "
            f"(max_markdown_bytes; {limits.describe('max_markdown_bytes')})"
        )
    if count_lines:
        check_markdown_lines(data.count(b"\n"), display, limits)
    return data


def check_markdown_lines(lines: int, display: str, limits: Limits) -> None:
    """Refuse a Markdown file of more than `max_markdown_lines` newlines (`lines`: their count)."""
    if lines > limits.max_markdown_lines:
        raise InputError(
            f"{display}: refused: {lines} lines of Markdown exceed the limit of "
            f"{limits.max_markdown_lines} for one file (max_markdown_lines; "
            f"{limits.describe('max_markdown_lines')})"
        )


class UnsafeXMLError(InputError):
    """A part declares entities: refused outright, never "recovered" by a lenient parse."""


_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


#: Fixed bounds of the XML parser (lxml without `huge_tree`), named for users.
MAX_XML_DEPTH = 256
_LIBXML_HUGE = LazyPattern(r",?\s*(?:use|try) XML_PARSE_HUGE option", re.IGNORECASE)  # for an error only


def xml_problem(message: str) -> str:
    """An XML parser's message in a writer's words: the bounds it hit are named as ours, and
    libxml2's advice to switch them off (XML_PARSE_HUGE) is not passed on."""
    if "Excessive depth" in message:
        return f"elements nested deeper than {MAX_XML_DEPTH} levels, the limit"
    if "huge text node" in message or "Huge input lookup" in message:
        return "a text node over 10 MB, the limit"
    return _LIBXML_HUGE.sub("", message).strip()


def parse_xml(data: bytes, *, part: str, recover: bool = False, declares: bool | None = None) -> etree._Element:
    """Parse an XML part safely: no DTD, no network, no entities; refuse entity declarations.

    A DOCTYPE without an internal subset (the standard XHTML one) is accepted; a DOCTYPE with an
    internal subset or any `<!ENTITY` is refused, because such a part can only be an attack or a
    mistake in a manuscript (OOXML and EPUB never need one). `declares`: whether `data` holds
    "<!", when the caller knows (the EPUB reader splits a chapter at each "<" all the same:
    `markup.split_tags`); else it is looked for here.
    """
    from lxml import etree

    # Both declarations open with "<!", which most parts (a chapter) never hold: one C scan.
    if (b"<!" in data if declares is None else declares) and (
            _ENTITY.search(data) or (_DOCTYPE.search(data[:4096]) and b"[" in _doctype_text(data))):
        raise UnsafeXMLError(f"{part}: refused: the XML declares entities (a DTD internal subset), "
                         "which a manuscript never needs and an attack uses")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_comments=False, recover=recover,
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{part}: damaged XML ({xml_problem(str(exc.msg if hasattr(exc, 'msg') else exc))})") from exc
    if root is None:
        raise InputError(f"{part}: empty or unreadable XML")
    return root


def _doctype_text(data: bytes) -> bytes:
    """The DOCTYPE declaration up to its end, to see whether it has an internal subset."""
    m = _DOCTYPE.search(data)
    if m is None:
        return b""
    end = data.find(b">", m.end())
    return data[m.start(): end + 1 if end >= 0 else len(data)]
