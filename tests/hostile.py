"""Hostile and damaged packages for tests: lying zip headers, poisoned XML, good books to spoil.

Every builder works on bytes made in code (see docx_builders / epub_builders); nothing here
reads a file outside the test's own temporary folder, except that the XXE payloads *name* one
(the secret file a test creates), so that a leak would show in the output.
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Mapping
from pathlib import Path

from docx_builders import build_raw_docx, para
from epub_builders import build_epub

DISCLOSURE = ("The author generated this text in part with GPT-3, OpenAI's large-scale language-generation "
              "model. Upon generating draft language, the author reviewed, edited, and revised the language "
              "to their own liking and takes ultimate responsibility for the content of this publication.")


def good_docx(path: Path) -> Path:
    """A small Word manuscript with every part the reader touches (comments, notes, header, core)."""
    body = [para("Harbor Lights", style="Title"), para("by Jordan Vale"),
            para("Foreword", style="Heading1"), para(DISCLOSURE, '<w:commentRangeStart w:id="1"/>'),
            para("Chapter 1", style="Heading1"),
            para('The ferry waited.<w:r><w:footnoteReference w:id="2"/></w:r>')]
    return build_raw_docx(path, body, comments={"1": "A comment."}, footnotes={"2": "A note."},
                          endnotes={"3": "An end note."}, header="Harbor Lights",
                          core={"dc:title": "Harbor Lights", "dc:creator": "Jordan Vale"})


def good_epub(path: Path, *, version: int = 3) -> Path:
    return build_epub(path, [
        ("foreword.xhtml", "frontmatter foreword", f"<h1>Foreword</h1><p>{DISCLOSURE}</p>"),
        ("c1.xhtml", "bodymatter chapter", "<h1>Chapter 1</h1><p>The ferry waited.</p>"),
    ], version=version, authors=("Jordan Vale",), css="p { margin: 0 }")


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def write_members(path: Path, parts: Mapping[str, bytes], *,
                  method: Mapping[str, int] | None = None) -> Path:
    """Write a zip with these members in order (deflated unless `method` says otherwise)."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            kind = (method or {}).get(name, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=kind)
    return path


def replace_member(path: Path, name: str, data: bytes, *, method: int | None = None) -> Path:
    parts = members(path)
    assert name in parts, f"{name} not in {sorted(parts)}"
    parts[name] = data
    return write_members(path, parts, method={name: method} if method is not None else None)


def lie_about_size(path: Path, name: str, declared: int) -> Path:
    """Patch the local and central headers of one member to declare `declared` bytes uncompressed.

    Python's zipfile trusts the central directory; a member that under-declares must still stop
    at a limit, and one that over-declares must be refused before it is inflated.
    """
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        local = zf.getinfo(name).header_offset
    assert raw[local:local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", raw, local + 22, declared)
    encoded = name.encode("utf-8")
    at = 0
    while (at := raw.find(b"PK\x01\x02", at)) >= 0:
        (length,) = struct.unpack_from("<H", raw, at + 28)
        if bytes(raw[at + 46:at + 46 + length]) == encoded:
            struct.pack_into("<I", raw, at + 24, declared)
        at += 4
    path.write_bytes(bytes(raw))
    return path


_ROOT = re.compile(rb"<(?![?!])[^>]*?(/?)>")


def poison(xml: bytes, doctype: str, reference: str) -> bytes:
    """Put a DOCTYPE before the root element of `xml` and `&reference;` as its first content."""
    m = _ROOT.search(xml)
    assert m is not None
    name = re.match(rb"<([\w:.-]+)", m.group(0))
    assert name is not None
    head = xml[:m.start()] + doctype.replace("ROOT", name.group(1).decode()).encode()
    if m.group(1):  # <root/>: give it content
        tag = m.group(0)[:-2] + b">"
        return head + tag + f"&{reference};".encode() + b"</" + name.group(1) + b">" + xml[m.end():]
    return head + m.group(0) + f"&{reference};".encode() + xml[m.end():]


def billion_laughs() -> tuple[str, str]:
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return f"<!DOCTYPE ROOT [{''.join(levels)}]>", "lol9"


def external_entity(url: str) -> tuple[str, str]:
    return f'<!DOCTYPE ROOT [<!ENTITY xxe SYSTEM "{url}">]>', "xxe"


def parameter_entity(url: str) -> tuple[str, str]:
    """An external DTD pulled in through a parameter entity (the out-of-band XXE form)."""
    return f'<!DOCTYPE ROOT [<!ENTITY % remote SYSTEM "{url}"> %remote;]>', "amp"


def external_dtd(url: str) -> tuple[str, str]:
    """No internal subset: only an external DTD that must never be loaded."""
    return f'<!DOCTYPE ROOT SYSTEM "{url}">', "amp"
