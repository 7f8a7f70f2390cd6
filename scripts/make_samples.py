"""Rebuild the DOCX and EPUB samples in samples/ from the Markdown sample `harbor-lights.md`.

    python scripts/make_samples.py

The EPUB is made with ebooklib (what it is built for: making new EPUBs), the DOCX with
python-docx. Both carry the same foreword as the Markdown sample, so all three pass `check`.
"""

from __future__ import annotations

import re
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def sections(markdown: str) -> tuple[dict[str, str], list[tuple[str, list[str]]]]:
    front, _, body = markdown.partition("\n---\n")
    meta = dict(re.findall(r'^(\w+): "?([^"\n]*)"?$', front, re.MULTILINE))
    out: list[tuple[str, list[str]]] = []
    for block in re.split(r"\n(?=# )", body.strip()):
        heading, _, text = block.partition("\n")
        paras = [p.strip() for p in text.strip().split("\n\n") if p.strip()]
        out.append((heading.lstrip("# ").strip(), paras))
    return meta, out


def make_docx(meta: dict[str, str], parts: list[tuple[str, list[str]]], path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.author = meta["author"]
    document.core_properties.title = meta["title"]
    for n, (heading, paras) in enumerate(parts):
        document.add_paragraph(heading, style="Title" if n == 0 else "Heading 1")
        for para in paras:
            document.add_paragraph(para)
    document.save(str(path))


def make_epub(meta: dict[str, str], parts: list[tuple[str, list[str]]], path: Path) -> None:
    from html import escape

    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("urn:uuid:9b7c6a52-0d43-4c1e-9a57-3c2c7d1f0a11")
    book.set_title(meta["title"])
    book.set_language(meta.get("lang", "en"))
    book.add_author(meta["author"])
    chapters = []
    for n, (heading, paras) in enumerate(parts):
        kind = "titlepage" if n == 0 else "foreword" if heading == "Foreword" else "chapter"
        item = epub.EpubHtml(title=heading, file_name=f"part{n:02d}.xhtml", lang="en")
        body = f"<h1>{escape(heading)}</h1>" + "".join(f"<p>{escape(p)}</p>" for p in paras)
        role = "frontmatter" if kind != "chapter" else "bodymatter"
        item.content = f'<section epub:type="{role} {kind}">{body}</section>'
        book.add_item(item)
        chapters.append(item)
    book.toc = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *chapters]
    epub.write_epub(str(path), book)


def main() -> None:
    meta, parts = sections((SAMPLES / "harbor-lights.md").read_text(encoding="utf-8"))
    make_docx(meta, parts, SAMPLES / "harbor-lights.docx")
    make_epub(meta, parts, SAMPLES / "harbor-lights.epub")


if __name__ == "__main__":
    main()
