"""The floor: the least any Python tool must do to get at a book's text.

Run as a fresh process (``python benchmarks/floor.py FORMAT PATH...``) so that its time and
memory are those of a whole program, like `disclosure-lint check`. It imports only what reading
needs (zipfile, lxml) and prints the number of words it read.

- markdown: read each file and split it into words (a folder: its ``*.md`` files);
- docx: zipfile + lxml ``iterparse`` of ``word/document.xml``, collecting ``w:t`` text;
- epub: zipfile + lxml over the spine's XHTML documents (container.xml → OPF → spine).
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
OPF = "{http://www.idpf.org/2007/opf}"
CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"


def markdown_words(path: Path) -> int:
    files = sorted(path.rglob("*.md")) if path.is_dir() else [path]
    return sum(len(f.read_text(encoding="utf-8").split()) for f in files)


def docx_words(path: Path) -> int:
    from lxml import etree

    parts: list[str] = []
    with zipfile.ZipFile(path) as zf, zf.open("word/document.xml") as fh:
        for _, element in etree.iterparse(fh, tag=W_T):
            parts.append(element.text or "")
            element.clear()
    return len("".join(parts).split())


def epub_words(path: Path) -> int:
    import posixpath

    from lxml import etree

    words = 0
    with zipfile.ZipFile(path) as zf:
        container = etree.fromstring(zf.read("META-INF/container.xml"))
        rootfile = container.find(f".//{CONTAINER}rootfile")
        opf_path = str(rootfile.get("full-path")) if rootfile is not None else ""
        opf = etree.fromstring(zf.read(opf_path))
        base = posixpath.dirname(opf_path)
        hrefs = {item.get("id"): str(item.get("href")) for item in opf.iter(f"{OPF}item")}
        for itemref in opf.iter(f"{OPF}itemref"):
            member = posixpath.join(base, hrefs[itemref.get("idref")])
            root = etree.fromstring(zf.read(member))
            words += len(" ".join(root.itertext()).split())
    return words


READERS = {"markdown": markdown_words, "docx": docx_words, "epub": epub_words}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in READERS:
        sys.stderr.write(f"usage: floor.py {{{','.join(READERS)}}} PATH...\n")
        return 2
    fmt, *paths = argv
    try:
        print(sum(READERS[fmt](Path(p)) for p in paths))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as error:  # lxml's parse errors are SyntaxErrors
        sys.stderr.write(f"floor.py: cannot read as {fmt}: {error}\n")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
