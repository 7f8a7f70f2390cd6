"""Build EPUB 2 and EPUB 3 test books in code, with full control of every byte.

The usual call::

    from epub_builders import build_epub

    book = build_epub(tmp_path / "book.epub", [
        ("foreword.xhtml", "frontmatter foreword", "<h1>Foreword</h1><p>Drafted with AI.</p>"),
        ("chapter-1.xhtml", "bodymatter chapter", "<h1>Chapter 1</h1><p>It was a dark night.</p>"),
    ])

Each document is a `Doc` or a tuple ``(name, epub_type, body_markup)``: `name` is the file name
under ``OEBPS/text/``, `epub_type` goes on ``<body>`` (``""`` for none; EPUB 2 drops it), and
`body_markup` is the XHTML inside ``<body>``. Options cover what the reader must understand:
EPUB 2 (NCX, guide, ``opf:role``) or EPUB 3 (nav, landmarks, ``refines``), stylesheets, a
description, ``linear="no"`` items, a spine order that differs from the file names, extra
members (images, ``encryption.xml``) and hand-written container/OPF for broken packages.

`build_zip` writes arbitrary members for inputs that are not EPUBs at all. Only the standard
library is used, so the bytes are exactly what the test says (ebooklib rewrites documents).
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

XHTML_DOCTYPE_2 = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
                   '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">')
OPF_DIR = "OEBPS"
TEXT_DIR = "text"
STYLE_DIR = "styles"


@dataclass(frozen=True)
class Doc:
    """One spine document."""

    #: File name under ``OEBPS/text/`` (may contain sub-folders).
    name: str
    #: XHTML inside ``<body>``.
    body: str = ""
    #: epub:type of ``<body>`` ("" for none).
    epub_type: str = ""
    #: False marks the spine item ``linear="no"``.
    linear: bool = True
    #: Extra markup inside ``<head>`` (a ``<style>`` element, more links).
    head: str = ""
    #: Table-of-contents label; default: the first heading's text, else the file name.
    label: str | None = None
    #: The whole document, verbatim, instead of the template (for line numbers, hostile XML).
    raw: str | bytes | None = None
    #: Manifest media type.
    media_type: str = "application/xhtml+xml"


DocLike = Doc | tuple[str, str, str]


def _doc(d: DocLike) -> Doc:
    if isinstance(d, Doc):
        return d
    name, epub_type, body = d
    return Doc(name=name, body=body, epub_type=epub_type or "")


def member_path(name: str) -> str:
    """Zip path of a document given by its name (``"ch1.xhtml"`` → ``"OEBPS/text/ch1.xhtml"``)."""
    return f"{OPF_DIR}/{TEXT_DIR}/{name}"


def xhtml_document(doc: Doc, *, version: int = 3, stylesheets: Iterable[str] = ()) -> bytes:
    """The XHTML of one document: the template below, or `doc.raw` verbatim.

    Template lines: 1 XML declaration, 2 DOCTYPE, 3 ``<html>``, 4 ``<head>``, 5 ``<title>``, then
    one line per stylesheet link and per line of `doc.head`, ``</head>``, then ``<body ...>`` and
    the body markup starting on the next line (see `body_line`).
    """
    if doc.raw is not None:
        return doc.raw.encode("utf-8") if isinstance(doc.raw, str) else doc.raw
    depth = doc.name.count("/") + 1  # text/ plus sub-folders of the name
    up = "../" * depth
    links = [f'<link href="{up}{STYLE_DIR}/{css}" rel="stylesheet" type="text/css"/>' for css in stylesheets]
    body_type = f' epub:type="{doc.epub_type}"' if doc.epub_type and version >= 3 else ""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<!DOCTYPE html>" if version >= 3 else XHTML_DOCTYPE_2,
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en">',
        "<head>",
        f"<title>{html.escape(doc.label or _first_heading(doc.body) or doc.name)}</title>",
        *links,
        *([doc.head] if doc.head else []),
        "</head>",
        f"<body{body_type}>",
        doc.body,
        "</body>",
        "</html>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def body_line(doc: Doc, *, stylesheets: Sequence[str] = ()) -> int:
    """1-based line on which `doc.body` starts in the templated document."""
    return 8 + len(stylesheets) + (doc.head.count("\n") + 1 if doc.head else 0)


def build_epub(
    path: Path,
    docs: Sequence[DocLike],
    *,
    version: int = 3,
    title: str = "A Test Book",
    authors: Sequence[str | tuple[str, str | None]] = ("Ada Writer",),
    language: str = "en",
    description: str | None = None,
    metadata_xml: str = "",
    css: Mapping[str, str] | str | None = None,
    linear_no: Iterable[str] = (),
    spine_order: Sequence[str] | None = None,
    toc: bool | Mapping[str, str] = True,
    landmarks: Sequence[tuple[str, str]] | None = None,
    guide: Sequence[tuple[str, str]] | None = None,
    nav_in_spine: bool = False,
    extra_files: Mapping[str, bytes | str] | None = None,
    container_xml: str | None = None,
    opf_xml: str | None = None,
    omit: Iterable[str] = (),
    mimetype: bool = True,
) -> Path:
    """Write an EPUB to `path` and return `path`.

    - `docs`: spine documents in manifest order (see `Doc`); names are under ``OEBPS/text/``.
    - `version`: 3 (nav document, ``refines`` roles, epub:type) or 2 (NCX, ``opf:role``, no epub:type).
    - `authors`: names (role ``aut``) or ``(name, role)`` pairs; role None writes no role at all.
    - `css`: stylesheet text linked from every document (as ``styles/style.css``), or a mapping
      file name → text for several sheets (all linked, in order).
    - `linear_no`: names of documents marked ``linear="no"`` in the spine.
    - `spine_order`: names in reading order when it differs from `docs` (the manifest order).
    - `toc`: False for no nav/NCX; a mapping name → label overrides the labels (default: the
      first heading of each document).
    - `landmarks`: EPUB 3 nav landmarks as ``(epub_type, href)``, href relative to ``OEBPS/text/``
      (``"foreword.xhtml"`` or ``"book.xhtml#foreword"``).
    - `guide`: OPF guide references as ``(type, href)``, same hrefs; works in both versions.
    - `extra_files`: more zip members by full path (``"OEBPS/images/cover.jpg"``,
      ``"META-INF/encryption.xml"``); bytes are stored uncompressed.
    - `container_xml` / `opf_xml`: replace those files verbatim (broken or hostile packages).
    - `omit`: zip paths to leave out (``"META-INF/container.xml"``, ``member_path("ch1.xhtml")``).
    """
    documents = [_doc(d) for d in docs]
    sheets: dict[str, str] = {}
    if isinstance(css, str):
        sheets["style.css"] = css
    elif css:
        sheets.update(css)
    linear_no = set(linear_no)
    omitted = set(omit)
    by_name = {d.name: d for d in documents}
    order = list(spine_order) if spine_order is not None else [d.name for d in documents]
    labels: dict[str, str] = {}
    for d in documents:
        labels[d.name] = d.label or _first_heading(d.body) or d.name
    if isinstance(toc, Mapping):
        labels.update(toc)
    ids = {d.name: f"doc{i + 1}" for i, d in enumerate(documents)}

    members: dict[str, bytes] = {}
    members["META-INF/container.xml"] = (container_xml if container_xml is not None else (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
        f'  <rootfiles><rootfile full-path="{OPF_DIR}/content.opf" '
        'media-type="application/oebps-package+xml"/></rootfiles>\n'
        "</container>\n"
    )).encode("utf-8")
    for d in documents:
        members[member_path(d.name)] = xhtml_document(d, version=version, stylesheets=sheets)
    for name, text in sheets.items():
        members[f"{OPF_DIR}/{STYLE_DIR}/{name}"] = text.encode("utf-8")

    manifest = [
        f'<item id="{ids[d.name]}" href="{TEXT_DIR}/{d.name}" media-type="{d.media_type}"/>'
        for d in documents
    ]
    manifest += [f'<item id="css{i + 1}" href="{STYLE_DIR}/{n}" media-type="text/css"/>'
                 for i, n in enumerate(sheets)]
    spine_attr = ""
    if toc is not False or (version >= 3 and landmarks):
        if version >= 3:
            manifest.append('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" '
                            'properties="nav"/>')
            members[f"{OPF_DIR}/nav.xhtml"] = _nav(order, labels, landmarks or (), toc is not False)
        else:
            manifest.append('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>')
            members[f"{OPF_DIR}/toc.ncx"] = _ncx(order, labels, title)
            spine_attr = ' toc="ncx"'
    spine = []
    if nav_in_spine and version >= 3:
        spine.append('<itemref idref="nav"/>')
    for name in order:
        idref = ids.get(name, name)
        linear = ' linear="no"' if name in linear_no or (name in by_name and not by_name[name].linear) else ""
        spine.append(f'<itemref idref="{idref}"{linear}/>')
    guide_xml = ""
    if guide:
        refs = "".join(f'<reference type="{t}" title="{t}" href="{TEXT_DIR}/{h}"/>' for t, h in guide)
        guide_xml = f"<guide>{refs}</guide>"
    members[f"{OPF_DIR}/content.opf"] = (opf_xml if opf_xml is not None else _opf(
        version=version, title=title, authors=authors, language=language, description=description,
        metadata_xml=metadata_xml, manifest=manifest, spine=spine, spine_attr=spine_attr,
        guide_xml=guide_xml,
    )).encode("utf-8")
    for name, data in (extra_files or {}).items():
        members[name] = data.encode("utf-8") if isinstance(data, str) else data
    for name in omitted:
        members.pop(name, None)
    with zipfile.ZipFile(path, "w") as zf:
        if mimetype:
            zf.writestr(zipfile.ZipInfo("mimetype"), b"application/epub+zip",
                        compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            compress = zipfile.ZIP_STORED if extra_files and name in extra_files else zipfile.ZIP_DEFLATED
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=compress)
    return path


def build_zip(path: Path, members: Mapping[str, bytes | str]) -> Path:
    """Write a plain zip with exactly these members (for packages that are not EPUBs)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


AES128 = "http://www.w3.org/2001/04/xmlenc#aes128-cbc"


def encryption_xml(uris: Iterable[str], algorithm: str = AES128) -> str:
    """A ``META-INF/encryption.xml`` covering `uris` (zip paths) with `algorithm`.

    ``http://www.idpf.org/2008/embedding`` is the IDPF font obfuscation (not DRM).
    """
    data = "".join(
        f'<enc:EncryptedData><enc:EncryptionMethod Algorithm="{algorithm}"/>'
        f'<enc:CipherData><enc:CipherReference URI="{uri}"/></enc:CipherData></enc:EncryptedData>'
        for uri in uris
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
            f'xmlns:enc="http://www.w3.org/2001/04/xmlenc#">{data}</encryption>\n')


def _first_heading(body: str) -> str | None:
    m = re.search(r"<h[1-6][^>]*>(.*?)</h[1-6]>", body, re.S)
    if not m:
        return None
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", m.group(1)))).strip() or None


def _opf(*, version: int, title: str, authors: Sequence[str | tuple[str, str | None]], language: str,
         description: str | None, metadata_xml: str, manifest: list[str], spine: list[str],
         spine_attr: str, guide_xml: str) -> str:
    meta = [f"<dc:title>{html.escape(title)}</dc:title>", f"<dc:language>{language}</dc:language>",
            '<dc:identifier id="bookid">urn:uuid:00000000-0000-4000-8000-000000000000</dc:identifier>']
    for i, author in enumerate(authors):
        name, role = (author, "aut") if isinstance(author, str) else author
        if version >= 3:
            meta.append(f'<dc:creator id="creator{i + 1}">{html.escape(name)}</dc:creator>')
            if role:
                meta.append(f'<meta refines="#creator{i + 1}" property="role" '
                            f'scheme="marc:relators">{role}</meta>')
        else:
            role_attr = f' opf:role="{role}"' if role else ""
            meta.append(f"<dc:creator{role_attr}>{html.escape(name)}</dc:creator>")
    if description is not None:
        meta.append(f"<dc:description>{html.escape(description)}</dc:description>")
    if version >= 3:
        meta.append('<meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>')
    if metadata_xml:
        meta.append(metadata_xml)
    nl = "\n    "
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<package xmlns="http://www.idpf.org/2007/opf" version="{"3.0" if version >= 3 else "2.0"}" '
        'unique-identifier="bookid">\n'
        '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">\n'
        f"    {nl.join(meta)}\n  </metadata>\n"
        f"  <manifest>\n    {nl.join(manifest)}\n  </manifest>\n"
        f"  <spine{spine_attr}>\n    {nl.join(spine)}\n  </spine>\n"
        f"  {guide_xml}\n</package>\n"
    )


def _nav(order: Sequence[str], labels: Mapping[str, str], landmarks: Sequence[tuple[str, str]],
         with_toc: bool) -> bytes:
    items = "".join(f'<li><a href="{TEXT_DIR}/{n}">{html.escape(labels.get(n, n))}</a></li>'
                    for n in order) if with_toc else ""
    marks = "".join(f'<li><a epub:type="{t}" href="{TEXT_DIR}/{h}">{html.escape(t)}</a></li>'
                    for t, h in landmarks)
    landmark_nav = (f'<nav epub:type="landmarks" hidden=""><h2>Landmarks</h2><ol>{marks}</ol></nav>'
                    if landmarks else "")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">\n'
        "<head><title>Contents</title></head>\n<body>\n"
        f'<nav epub:type="toc" id="toc"><h1>Contents</h1><ol>{items}</ol></nav>\n{landmark_nav}\n'
        "</body>\n</html>\n"
    ).encode()


def _ncx(order: Sequence[str], labels: Mapping[str, str], title: str) -> bytes:
    points = "".join(
        f'<navPoint id="np{i + 1}" playOrder="{i + 1}"><navLabel><text>{html.escape(labels.get(n, n))}'
        f'</text></navLabel><content src="{posixpath.join(TEXT_DIR, n)}"/></navPoint>'
        for i, n in enumerate(order)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">\n'
        '<head><meta name="dtb:uid" content="urn:uuid:00000000-0000-4000-8000-000000000000"/></head>\n'
        f"<docTitle><text>{html.escape(title)}</text></docTitle>\n<navMap>{points}</navMap>\n</ncx>\n"
    ).encode()
