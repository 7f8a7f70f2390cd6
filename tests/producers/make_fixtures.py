"""Rebuild the producer fixtures: the books in `sources/` as real tools export them.

    python tests/producers/make_fixtures.py [PRODUCER ...]

Authors rarely hand-build an EPUB or a DOCX: they export one, and each tool writes the same book
its own way (sections, landmarks, CSS classes, placeholder metadata). This script turns every
Markdown book in `sources/` into what each producer writes, under `<producer>/<book>.<ext>`:

- ``pandoc`` (the `pypandoc-binary` wheel's pandoc): EPUB 3 and DOCX; ``pandoc-epub2``: EPUB 2.
- ``libreoffice`` (``soffice --headless --convert-to``): pandoc's DOCX opened and saved again as
  DOCX, and exported with LibreOffice's own EPUB filter.
- ``calibre`` (``ebook-convert``): the Word manuscript (below) converted to EPUB.
- ``word``, ``google-docs`` (DOCX) and ``sigil`` (EPUB 3): tools that cannot be installed here,
  built in code after what they really write (each builder says what it is based on).

It rebuilds what the tools it finds can build and says what it skipped and why; with producer
names it rebuilds only those. Fixtures made by pandoc and in code are byte-for-byte reproducible;
LibreOffice and calibre write a fresh identifier and date each time.

A paragraph of a source that is nothing but an HTML comment is text the author hid: Markdown
has no colour, so the source hides it in a comment, and every producer writes it as white text
(the way such text is hidden in a word processor).
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import yaml

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"

#: Dates written into fixtures built here (pandoc's SOURCE_DATE_EPOCH and the code-built
#: shapes), so that rebuilding an unchanged book changes no byte.
EPOCH = 1767225600  # 2026-01-01T00:00:00Z
ISO_DATE = "2026-01-01T00:00:00Z"
ZIP_DATE = (2026, 1, 1, 0, 0, 0)
#: The paragraph style pandoc's reference DOCX gets for hidden paragraphs (white text).
HIDDEN_STYLE = "Hidden Note"
WHITE = "FFFFFF"


class Skipped(Exception):
    """A producer cannot run here; the message says why."""


@dataclass(frozen=True)
class Paragraph:
    text: str
    hidden: bool = False  #: an HTML comment in the source: white text in every export


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Book:
    name: str  #: the source's file stem, which every fixture of the book shares
    title: str
    author: str | None
    language: str
    sections: tuple[Section, ...]

    @property
    def identifier(self) -> str:
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'disclosure-lint/producers/' + self.name)}"


_COMMENT = re.compile(r"\A<!--\s*(.*?)\s*-->\Z", re.DOTALL)


def read_source(path: Path) -> Book:
    """A source book: YAML front matter, then `# Heading` sections of blank-line paragraphs."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    sections: list[Section] = []
    for chunk in re.split(r"^# ", body, flags=re.MULTILINE)[1:]:
        heading, _, rest = chunk.partition("\n")
        paragraphs = []
        for block in re.split(r"\n\s*\n", rest.strip()):
            block = " ".join(block.split())
            comment = _COMMENT.match(block)
            paragraphs.append(Paragraph(comment.group(1), hidden=True) if comment else Paragraph(block))
        sections.append(Section(heading.strip(), tuple(paragraphs)))
    return Book(path.stem, str(meta["title"]), meta.get("author"), str(meta.get("lang", "en")), tuple(sections))


def sources() -> list[Path]:
    return sorted(SOURCES.glob("*.md"))


# --- writing packages ---------------------------------------------------------------------------


def write_zip(path: Path, members: Mapping[str, str | bytes], *, stored: Iterable[str] = ()) -> None:
    """A zip with fixed dates; `stored` members (an EPUB's mimetype) are not compressed."""
    keep = set(stored)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED if name in keep else zipfile.ZIP_DEFLATED
            zf.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


def run(command: Sequence[str | Path], *, env: Mapping[str, str] | None = None, cwd: Path | None = None) -> None:
    proc = subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})}, cwd=cwd)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed ({proc.returncode}): {proc.stderr.strip()}")


def tool_version(command: Sequence[str]) -> str:
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120)
    lines = (proc.stdout or proc.stderr).strip().splitlines()
    return lines[0].strip() if lines else "unknown"


# --- pandoc -------------------------------------------------------------------------------------


def pandoc_path() -> str:
    # pypandoc logs an error when no pandoc is on PATH, then uses the wheel's own: not an error.
    logging.getLogger("pypandoc").setLevel(logging.CRITICAL)
    try:
        pypandoc = importlib.import_module("pypandoc")  # untyped, and not a test dependency
    except ImportError as exc:
        raise Skipped("pypandoc-binary is not installed (pip install pypandoc-binary)") from exc
    return str(pypandoc.get_pandoc_path())


def pandoc_markdown(book: Book, source: Path) -> str:
    """The source as pandoc reads it: a hidden paragraph becomes a div pandoc writes as white
    text (an inline `color` in EPUB; the reference DOCX's white "Hidden Note" style in DOCX)."""
    def white(match: re.Match[str]) -> str:
        return (f'::: {{custom-style="{HIDDEN_STYLE}" style="color: #ffffff"}}\n'
                f'{" ".join(match.group(1).split())}\n:::')

    return re.sub(r"^<!--\s*(.*?)\s*-->$", white, source.read_text(encoding="utf-8"),
                  flags=re.MULTILINE | re.DOTALL)


def pandoc_reference_docx(pandoc: str, folder: Path) -> Path:
    """pandoc's own reference DOCX with a white paragraph style added (how a pandoc user styles
    a DOCX: `--reference-doc`)."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import RGBColor

    reference = folder / "reference.docx"
    run([pandoc, "-o", reference, "--print-default-data-file", "reference.docx"])
    document = docx.Document(str(reference))
    style = document.styles.add_style(HIDDEN_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Body Text"]
    style.font.color.rgb = RGBColor.from_string(WHITE)
    document.save(str(reference))
    # python-docx dates its zip entries now, and pandoc copies the entries it keeps with their
    # dates: fixed dates keep pandoc's DOCX reproducible.
    with zipfile.ZipFile(reference) as zf:
        members = {info.filename: zf.read(info) for info in zf.infolist()}
    write_zip(reference, members)
    return reference


def make_pandoc(books: Sequence[tuple[Book, Path]], work: Path) -> list[Path]:
    pandoc = pandoc_path()
    reference = pandoc_reference_docx(pandoc, work)
    env = {"SOURCE_DATE_EPOCH": str(EPOCH)}
    written = []
    for book, source in books:
        markdown = work / f"{book.name}.md"
        markdown.write_text(pandoc_markdown(book, source), encoding="utf-8")
        common: list[str | Path] = [pandoc, markdown, "-f", "markdown", "--metadata", f"identifier={book.identifier}"]
        targets = [(HERE / "pandoc" / f"{book.name}.epub", ["-t", "epub3"]),
                   (HERE / "pandoc-epub2" / f"{book.name}.epub", ["-t", "epub2"]),
                   (HERE / "pandoc" / f"{book.name}.docx", ["-t", "docx", "--reference-doc", str(reference)])]
        for target, options in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            run([*common, *options, "-o", target], env=env)
            written.append(target)
    return written


# --- LibreOffice (pandoc's DOCX, opened and exported) and calibre (the Word manuscript) ----------


def office_input(book: Book, work: Path) -> Path:
    """The DOCX LibreOffice opens: pandoc's, with the hidden paragraphs' runs coloured
    white directly (python-docx), as a writer colours text in a word processor."""
    import docx
    from docx.shared import RGBColor

    pandoc_docx = HERE / "pandoc" / f"{book.name}.docx"
    if not pandoc_docx.exists():
        raise Skipped(f"needs pandoc's DOCX ({pandoc_docx.relative_to(HERE)}) as input")
    target = work / "office-input" / f"{book.name}.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document(str(pandoc_docx))
    for paragraph in document.paragraphs:
        if paragraph.style is not None and paragraph.style.name == HIDDEN_STYLE:
            for text_run in paragraph.runs:
                text_run.font.color.rgb = RGBColor.from_string(WHITE)
    document.save(str(target))
    return target


def soffice_path() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise Skipped("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")


def make_libreoffice(books: Sequence[tuple[Book, Path]], work: Path) -> list[Path]:
    soffice = soffice_path()
    # A profile of its own, so that a running LibreOffice (or its lock) is never in the way.
    profile = (work / "lo-profile").as_uri()
    written = []
    for book, _ in books:
        source = office_input(book, work)
        for extension in ("docx", "epub"):
            out = work / "lo-out" / extension
            run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", extension,
                 "--outdir", out, source])
            target = HERE / "libreoffice" / f"{book.name}.{extension}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out / f"{book.name}.{extension}", target)
            written.append(target)
    return written


def ebook_convert_path() -> str:
    found = shutil.which("ebook-convert")
    if found is None:
        raise Skipped("calibre is not installed (apt-get install calibre)")
    return found


def make_calibre(books: Sequence[tuple[Book, Path]], work: Path) -> list[Path]:
    """calibre converts the author's Word manuscript (the `word` fixture), the commonest way into
    calibre: its headings are direct formatting, so calibre's are CSS classes on paragraphs."""
    convert = ebook_convert_path()
    written = []
    for book, _ in books:
        source = HERE / "word" / f"{book.name}.docx"
        if not source.exists():
            raise Skipped(f"needs the Word manuscript ({source.relative_to(HERE)}) as input")
        target = HERE / "calibre" / f"{book.name}.epub"
        target.parent.mkdir(parents=True, exist_ok=True)
        # No generated cover: calibre's default cover is a 60 KB JPEG with nothing to read.
        run([convert, source, target, "--no-default-epub-cover"], env={"QT_QPA_PLATFORM": "offscreen"})
        written.append(target)
    return written


# --- DOCX shapes built in code -----------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PKG_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '{}</Relationships>')
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def relationship(rid: str, kind: str, target: str, base: str = REL_TYPE) -> str:
    return f'<Relationship Id="{rid}" Type="{base}{kind}" Target="{target}"/>'


def text_element(text: str) -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


def by_line(book: Book) -> str | None:
    return f"by {book.author}" if book.author else None


# Word (Microsoft 365 for Mac, not signed in): standard manuscript format, every paragraph in
# the Normal style, headings made with direct formatting (bold, centred), a page break before
# each section. Based on:
# - python-docx's default template (docx/templates/default.docx, a file saved by "Microsoft
#   Macintosh Word"): the document root's namespaces, rsid attributes, the sectPr (Letter);
# - Word 2010+ paragraph identities, w14:paraId (below 0x80000000, [MS-DOCX] 2.6.2) and
#   w14:textId "77777777", as Word 2013+ writes them;
# - the core properties Word for Mac writes when no Office account is signed in: dc:creator and
#   cp:lastModifiedBy "Microsoft Office User", as public fixtures quote them (a core.xml with
#   `<dc:creator>Microsoft Office User</dc:creator>` and `<cp:lastModifiedBy>Microsoft Office
#   User</cp:lastModifiedBy>`); app.xml with Template Normal.dotm, AppVersion 16.0000, as in the
#   public analyses of Word-saved files (e.g. `<Application>Microsoft Office Word</Application>`);
# - white from Word's palette ("White, Background 1"): `w:color w:val="FFFFFF"
#   w:themeColor="background1"`.
# Left out to keep the fixture small: the theme part (fonts are named directly instead), the
# latent-style table and stylesWithEffects, none of which bears on the text.
WORD_DOCUMENT_NS = (
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    f'xmlns:w="{W_NS}" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk" '
    'xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'mc:Ignorable="w14 w15 wp14"'
)
SECT_PR = ('<w:sectPr w:rsidR="{rsid}" w:rsidSect="{rsid}"><w:pgSz w:w="12240" w:h="15840"/>'
           '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" '
           'w:footer="720" w:gutter="0"/><w:cols w:space="720"/><w:docGrid w:linePitch="360"/></w:sectPr>')


def word_docx(book: Book, path: Path) -> None:
    rsid = "00" + uuid.uuid5(uuid.NAMESPACE_URL, book.name).hex[:6].upper()
    count = 0

    def para(ppr: str, runs: str) -> str:
        nonlocal count
        count += 1
        para_id = f"{(0x1A2B3C00 + count * 0x1F3) & 0x7FFFFFFF:08X}"  # paraId < 0x80000000 (MS-DOCX)
        return (f'<w:p w14:paraId="{para_id}" w14:textId="77777777" w:rsidR="{rsid}" w:rsidRDefault="{rsid}" '
                f'w:rsidP="{rsid}">{ppr}{runs}</w:p>')

    def text_run(text: str, rpr: str = "") -> str:
        return f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{text_element(text)}</w:r>"

    centred = '<w:pPr><w:jc w:val="center"/><w:rPr><w:b/><w:bCs/></w:rPr></w:pPr>'
    body = '<w:pPr><w:spacing w:line="480" w:lineRule="auto"/><w:ind w:firstLine="720"/></w:pPr>'
    page_break = para("", '<w:r><w:br w:type="page"/></w:r>')
    parts = [para('<w:pPr><w:spacing w:before="4320"/><w:jc w:val="center"/></w:pPr>',
                  text_run(book.title, '<w:b/><w:bCs/><w:sz w:val="32"/><w:szCs w:val="32"/>'))]
    line = by_line(book)
    if line:
        parts.append(para('<w:pPr><w:jc w:val="center"/></w:pPr>', text_run(line)))
    for section in book.sections:
        parts.append(page_break)
        parts.append(para(centred, text_run(section.heading, "<w:b/><w:bCs/>")))
        for paragraph in section.paragraphs:
            rpr = f'<w:color w:val="{WHITE}" w:themeColor="background1"/>' if paragraph.hidden else ""
            parts.append(para(body, text_run(paragraph.text, rpr)))
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document {WORD_DOCUMENT_NS}><w:body>{"".join(parts)}{SECT_PR.format(rsid=rsid)}'
                '</w:body></w:document>')
    styles = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:styles xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w="{W_NS}" '
        'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14">'
        '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="Times New Roman" '
        'w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="24"/><w:szCs w:val="24"/>'
        '<w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault/></w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        '</w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'
        '</w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        '</w:styles>'
    )
    settings = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/><w:proofState w:spelling="clean" '
        'w:grammar="clean"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
        f'w:val="15"/></w:compat><w:rsids><w:rsidRoot w:val="{rsid}"/><w:rsid w:val="{rsid}"/></w:rsids>'
        '<w:themeFontLang w:val="en-US"/><w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
    )
    fonts = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             f'<w:fonts xmlns:w="{W_NS}"><w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/>'
             '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>')
    web_settings = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:webSettings xmlns:w="{W_NS}">'
                    '<w:optimizeForBrowser/><w:allowPNG/></w:webSettings>')
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<dc:title></dc:title><dc:subject></dc:subject><dc:creator>Microsoft Office User</dc:creator>'
        '<cp:keywords></cp:keywords><dc:description></dc:description>'
        '<cp:lastModifiedBy>Microsoft Office User</cp:lastModifiedBy><cp:revision>2</cp:revision>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{ISO_DATE}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{ISO_DATE}</dcterms:modified></cp:coreProperties>'
    )
    words = sum(len(p.text.split()) for s in book.sections for p in s.paragraphs)
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f'<Template>Normal.dotm</Template><TotalTime>42</TotalTime><Pages>{len(book.sections) + 1}</Pages>'
        f'<Words>{words}</Words><Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity>'
        '<ScaleCrop>false</ScaleCrop><Company></Company><LinksUpToDate>false</LinksUpToDate>'
        '<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion>'
        '</Properties>'
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{CT_MAIN}.document.main+xml"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{CT_MAIN}.styles+xml"/>'
        f'<Override PartName="/word/settings.xml" ContentType="{CT_MAIN}.settings+xml"/>'
        f'<Override PartName="/word/webSettings.xml" ContentType="{CT_MAIN}.webSettings+xml"/>'
        f'<Override PartName="/word/fontTable.xml" ContentType="{CT_MAIN}.fontTable+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'
    )
    package_rels = PKG_RELS.format(
        relationship("rId3", "extended-properties", "docProps/app.xml")
        + relationship("rId2", "metadata/core-properties", "docProps/core.xml",
                       "http://schemas.openxmlformats.org/package/2006/relationships/")
        + relationship("rId1", "officeDocument", "word/document.xml"))
    document_rels = PKG_RELS.format(
        relationship("rId3", "webSettings", "webSettings.xml") + relationship("rId2", "settings", "settings.xml")
        + relationship("rId1", "styles", "styles.xml") + relationship("rId4", "fontTable", "fontTable.xml"))
    write_zip(path, {
        "[Content_Types].xml": content_types, "_rels/.rels": package_rels,
        "word/_rels/document.xml.rels": document_rels, "word/document.xml": document,
        "word/styles.xml": styles, "word/settings.xml": settings, "word/webSettings.xml": web_settings,
        "word/fontTable.xml": fonts, "docProps/core.xml": core, "docProps/app.xml": app,
    })


# Google Docs (File > Download > Microsoft Word): the title in the Title style, the by-line in
# the Subtitle style, chapter headings as Normal paragraphs made bold, larger and centred by hand.
# What it writes, from public material: templates downloaded from Google Docs and filled by code
# keep its paragraphs' all-zero rsids (w:rsidR="00000000" w:rsidDel="00000000" w:rsidP="00000000"
# w:rsidRDefault="00000000" w:rsidRPr="00000000") with sequential w14:paraId ("00000016", ...)
# and runs ending in `<w:rPr>...<w:rtl w:val="0"/></w:rPr>`; a public generator of "Google Docs
# style" fixtures notes that Google repeats the whole rPr in every run, with `<w:b w:val="1"/>`
# and an explicit rtl; documents converted from Google Docs exports carry its bookmark names
# `_gjdgxs`, `_30j0zll`, `_1fob9te`, `_3znysh7` ... on headings and the first paragraph. The
# styles are Google's defaults (Arial 11 pt, lines at 1.15 = 276, Normal named "normal", Title
# 26 pt, Subtitle 15 pt grey 666666) and colours lower case, as its exports have them. No complete
# public package was found to check the part list against: no docProps (the document names no
# author), as in the exports we have seen.
GDOCS_NS = (
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    f'xmlns:w="{W_NS}" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk" '
    'xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
    'mc:Ignorable="w14 w15 wp14"'
)
#: Google's bookmark names, in the order it hands them out.
GDOCS_BOOKMARKS = ("_gjdgxs", "_30j0zll", "_1fob9te", "_3znysh7", "_2et92p0", "_tyjcwt", "_3dy6vkm",
                   "_1t3h5sf", "_4d34og8", "_2s8eyo1")


def google_docs_docx(book: Book, path: Path) -> None:
    count = 0
    zeros = 'w:rsidR="00000000" w:rsidDel="00000000" w:rsidP="00000000" w:rsidRDefault="00000000" w:rsidRPr="00000000"'

    marks = iter(enumerate(GDOCS_BOOKMARKS))

    def para(ppr: str, runs: str, *, bookmark: bool = False) -> str:
        nonlocal count
        count += 1
        mark = ""
        if bookmark:
            number, name = next(marks)
            mark = (f'<w:bookmarkStart w:colFirst="0" w:colLast="0" w:name="{name}" w:id="{number}"/>'
                    f'<w:bookmarkEnd w:id="{number}"/>')
        return f'<w:p {zeros} w14:paraId="{count:08X}">{ppr}{mark}{runs}</w:p>'

    def text_run(text: str, rpr: str = "") -> str:
        return f'<w:r w:rsidDel="00000000" w:rsidR="00000000" w:rsidRPr="00000000"><w:rPr>{rpr}<w:rtl w:val="0"/></w:rPr>{text_element(text)}</w:r>'

    heading_rpr = '<w:b w:val="1"/><w:sz w:val="32"/><w:szCs w:val="32"/>'
    heading_ppr = '<w:pPr><w:jc w:val="center"/><w:rPr>' + heading_rpr + "</w:rPr></w:pPr>"
    body_ppr = '<w:pPr><w:spacing w:line="480" w:lineRule="auto"/><w:ind w:firstLine="720"/><w:rPr/></w:pPr>'
    parts = [para('<w:pPr><w:pStyle w:val="Title"/><w:jc w:val="center"/><w:rPr/></w:pPr>',
                  text_run(book.title), bookmark=True)]
    line = by_line(book)
    if line:
        parts.append(para('<w:pPr><w:pStyle w:val="Subtitle"/><w:jc w:val="center"/><w:rPr/></w:pPr>',
                          text_run(line)))
    for section in book.sections:
        parts.append(para('<w:pPr><w:rPr/></w:pPr>',
                          '<w:r w:rsidDel="00000000" w:rsidR="00000000" w:rsidRPr="00000000"><w:br w:type="page"/></w:r>'))
        parts.append(para(heading_ppr, text_run(section.heading, heading_rpr), bookmark=True))
        for paragraph in section.paragraphs:
            rpr = '<w:color w:val="ffffff"/>' if paragraph.hidden else ""
            parts.append(para(body_ppr, text_run(paragraph.text, rpr)))
    sect_pr = ('<w:sectPr><w:pgSz w:h="15840" w:w="12240" w:orient="portrait"/><w:pgMar w:bottom="1440" '
               'w:top="1440" w:left="1440" w:right="1440" w:header="720" w:footer="720"/><w:pgNumType w:start="1"/>'
               '</w:sectPr>')
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document {GDOCS_NS}><w:body>{"".join(parts)}{sect_pr}</w:body></w:document>')

    def style(style_id: str, name: str, ppr: str, rpr: str) -> str:
        return (f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
                '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
                f'<w:pPr><w:keepNext w:val="1"/><w:keepLines w:val="1"/>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')

    def size(half_points: int) -> str:
        return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'

    styles = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:styles {GDOCS_NS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:cs="Arial" '
        'w:eastAsia="Arial" w:hAnsi="Arial"/>' + size(22) + '<w:lang w:val="en"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="normal"/><w:qFormat w:val="1"/>'
        '</w:style>'
        + style("Heading1", "heading 1", '<w:spacing w:after="120" w:before="400" w:lineRule="auto"/>', size(40))
        + style("Heading2", "heading 2", '<w:spacing w:after="120" w:before="360" w:lineRule="auto"/>', size(32))
        + style("Heading3", "heading 3", '<w:spacing w:after="80" w:before="320" w:lineRule="auto"/>',
                '<w:color w:val="434343"/>' + size(28))
        + style("Title", "Title", '<w:spacing w:after="60" w:lineRule="auto"/>', size(52))
        + style("Subtitle", "Subtitle", '<w:spacing w:after="320" w:lineRule="auto"/>',
                '<w:rFonts w:ascii="Arial" w:cs="Arial" w:eastAsia="Arial" w:hAnsi="Arial"/>'
                '<w:color w:val="666666"/>' + size(30))
        + '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:tblPr><w:tblInd w:w="0.0" w:type="dxa"/><w:tblCellMar><w:top w:w="0.0" w:type="dxa"/>'
        '<w:left w:w="0.0" w:type="dxa"/><w:bottom w:w="0.0" w:type="dxa"/><w:right w:w="0.0" w:type="dxa"/>'
        '</w:tblCellMar></w:tblPr></w:style></w:styles>'
    )
    settings = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:settings {GDOCS_NS}><w:displayBackgroundShape w:val="1"/><w:embedSystemFonts w:val="1"/>'
        '<w:bordersDoNotSurroundHeader w:val="1"/><w:bordersDoNotSurroundFooter w:val="1"/>'
        '<w:defaultTabStop w:val="720"/><w:compat><w:compatSetting w:val="15" w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word"/></w:compat></w:settings>'
    )
    fonts = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             f'<w:fonts {GDOCS_NS}><w:font w:name="Arial"/></w:fonts>')
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default ContentType="application/xml" Extension="xml"/>'
        '<Default ContentType="application/vnd.openxmlformats-package.relationships+xml" Extension="rels"/>'
        f'<Override ContentType="{CT_MAIN}.settings+xml" PartName="/word/settings.xml"/>'
        f'<Override ContentType="{CT_MAIN}.fontTable+xml" PartName="/word/fontTable.xml"/>'
        f'<Override ContentType="{CT_MAIN}.styles+xml" PartName="/word/styles.xml"/>'
        f'<Override ContentType="{CT_MAIN}.document.main+xml" PartName="/word/document.xml"/></Types>'
    )
    package_rels = PKG_RELS.format(relationship("rId1", "officeDocument", "word/document.xml"))
    document_rels = PKG_RELS.format(
        relationship("rId1", "settings", "settings.xml") + relationship("rId2", "fontTable", "fontTable.xml")
        + relationship("rId3", "styles", "styles.xml"))
    write_zip(path, {
        "word/settings.xml": settings, "word/fontTable.xml": fonts, "word/styles.xml": styles,
        "word/document.xml": document, "word/_rels/document.xml.rels": document_rels,
        "_rels/.rels": package_rels, "[Content_Types].xml": content_types,
    })


# --- Sigil (EPUB 3), built in code ------------------------------------------------------------

# Sigil 2.x, a new EPUB 3 book written section by section, each Section000N.xhtml started from
# Sigil's empty XHTML 5 template, the one stylesheet Styles/Style0001.css, metadata filled in
# with its Metadata Editor, and "Body Matter" set on the first chapter (Add Semantics). Based on
# Sigil's source (github.com/Sigil-Ebook/Sigil, 2.8.5):
# - src/BookManipulation/Book.cpp: FIRST_CSS_NAME "Style0001.css", EMPTY_HTML5_FILE (the
#   document template), CreateEmptyNavFile (Text/nav.xhtml linking Styles/sgc-nav.css, toc
#   and landmarks navs, `<body epub:type="frontmatter">`), SGC_NAV_CSS_FILE;
# - src/ResourceObjects/OPFResource.cpp: TEMPLATE3_TEXT (package version 3.0,
#   unique-identifier "BookId", urn:uuid identifier), ITEM_ELEMENT_TEMPLATE (manifest ids are
#   file names), the `<meta name="Sigil version">` it adds;
# - src/Importers/ImportTXT.cpp: an EPUB 3 book gets a nav, in the spine with linear="no", and
#   no NCX (the NCX is made only for EPUB 2);
# - src/Resource_Files/python3lib/metaproc3.py: a dc:creator with a role gets the id "cre"
#   and `<meta refines="#cre" property="role" scheme="marc:relators">aut</meta>`;
# - src/ResourceObjects/NavProcessor.cpp: BuildLandmarks (`<a epub:type="bodymatter" ...>`).
SIGIL_VERSION = "2.8.5"
SIGIL_NAV_CSS = ("nav#landmarks {\n    display:none;\n}\n\nnav#page-list {\n    display:none;\n}\n\n"
                 "ol {\n    list-style-type: none;\n}\n\n")
SIGIL_CSS = ("h1 {\n  text-align: center;\n  margin: 2em 0 1em;\n}\n\np {\n  text-indent: 1.5em;\n"
             "  margin: 0;\n}\n\np.byline {\n  text-align: center;\n  text-indent: 0;\n}\n\n"
             "p.note {\n  color: #FFFFFF;\n}\n")


def sigil_section(heading: str, paragraphs: Iterable[str]) -> str:
    # Sigil's template leaves <title> empty, which EPUBCheck 5 rejects (RSC-005); a book that
    # passes Sigil's EPUBCheck plugin, as an author publishing it makes it, has titles.
    body = "".join(f"\n  {p}" for p in [f"<h1>{escape(heading)}</h1>", *paragraphs])
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">\n'
            f'<head>\n  <title>{escape(heading)}</title>\n'
            '  <link href="../Styles/Style0001.css" type="text/css" rel="stylesheet"/>\n'
            f"</head>\n\n<body>{body}\n</body>\n</html>")


def sigil_epub(book: Book, path: Path) -> None:
    files: dict[str, str] = {}
    labels: list[tuple[str, str]] = []
    title_lines = [f'<p class="byline">{escape(line)}</p>' for line in [by_line(book)] if line]
    files["Section0001.xhtml"] = sigil_section(book.title, title_lines)
    labels.append(("Section0001.xhtml", book.title))
    first_chapter = None
    for number, section in enumerate(book.sections, start=2):
        name = f"Section{number:04d}.xhtml"
        paragraphs = [f'<p class="note">{escape(p.text)}</p>' if p.hidden else f"<p>{escape(p.text)}</p>"
                      for p in section.paragraphs]
        files[name] = sigil_section(section.heading, paragraphs)
        labels.append((name, section.heading))
        if first_chapter is None and section.heading.lower().startswith("chapter"):
            first_chapter = name
    items = "\n".join(f'    <li>\n      <a href="{n}">{escape(label)}</a>\n    </li>' for n, label in labels)
    landmarks = '    <li>\n      <a epub:type="toc" href="#toc">Table of Contents</a>\n    </li>\n'
    if first_chapter:
        landmarks += f'    <li>\n      <a epub:type="bodymatter" href="{first_chapter}">Body Matter</a>\n    </li>\n'
    nav = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
           '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
           f'lang="{book.language}" xml:lang="{book.language}">\n<head>\n  <title>ePub NAV</title>\n'
           '  <meta charset="utf-8" />\n  <link href="../Styles/sgc-nav.css" rel="stylesheet" type="text/css"/>'
           '</head>\n<body epub:type="frontmatter">\n'
           f'  <nav epub:type="toc" id="toc" role="doc-toc">\n    <h1>Table of Contents</h1>\n    <ol>\n{items}\n'
           '    </ol>\n  </nav>\n  <nav epub:type="landmarks" id="landmarks" hidden="">\n    <h1>Landmarks</h1>\n'
           f"    <ol>\n{landmarks}    </ol>\n  </nav>\n</body>\n</html>")
    creator = ""
    if book.author:
        creator = (f"    <dc:creator id=\"cre\">{escape(book.author)}</dc:creator>\n"
                   '    <meta refines="#cre" property="role" scheme="marc:relators">aut</meta>\n')
    names = list(files)
    manifest = "\n".join(
        [f'    <item id="{n}" href="Text/{n}" media-type="application/xhtml+xml"/>' for n in names]
        + ['    <item id="Style0001.css" href="Styles/Style0001.css" media-type="text/css"/>',
           '    <item id="sgc-nav.css" href="Styles/sgc-nav.css" media-type="text/css"/>',
           '    <item id="nav.xhtml" href="Text/nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'])
    spine_ids = [names[0], "nav.xhtml", *names[1:]]
    spine = "\n".join(f'    <itemref idref="{i}"{" linear=" + quoteattr("no") if i == "nav.xhtml" else ""}/>'
                      for i in spine_ids)
    opf = ('<?xml version="1.0" encoding="utf-8"?>\n'
           '<package version="3.0" unique-identifier="BookId" xmlns="http://www.idpf.org/2007/opf">\n'
           '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">\n'
           f"    <dc:identifier id=\"BookId\">{book.identifier}</dc:identifier>\n"
           f"    <dc:language>{book.language}</dc:language>\n    <dc:title>{escape(book.title)}</dc:title>\n"
           f"{creator}    <meta property=\"dcterms:modified\">{ISO_DATE}</meta>\n"
           f'    <meta name="Sigil version" content="{SIGIL_VERSION}"/>\n  </metadata>\n'
           f"  <manifest>\n{manifest}\n  </manifest>\n  <spine>\n{spine}\n  </spine>\n</package>")
    container = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
                 '    <rootfiles>\n        <rootfile full-path="OEBPS/content.opf" '
                 'media-type="application/oebps-package+xml"/>\n   </rootfiles>\n</container>')
    members: dict[str, str] = {"mimetype": "application/epub+zip", "META-INF/container.xml": container,
                               "OEBPS/content.opf": opf}
    members.update({f"OEBPS/Text/{n}": text for n, text in files.items()})
    members["OEBPS/Text/nav.xhtml"] = nav
    members["OEBPS/Styles/Style0001.css"] = SIGIL_CSS
    members["OEBPS/Styles/sgc-nav.css"] = SIGIL_NAV_CSS
    write_zip(path, members, stored=["mimetype"])


def make_in_code(directory: str, extension: str, build: Callable[[Book, Path], None]) -> Callable[..., list[Path]]:
    def make(books: Sequence[tuple[Book, Path]], work: Path) -> list[Path]:
        written = []
        for book, _ in books:
            target = HERE / directory / f"{book.name}.{extension}"
            build(book, target)
            written.append(target)
        return written
    return make


#: Producer name → (what it is, builder). Order matters: LibreOffice opens pandoc's DOCX, calibre
#: the Word manuscript.
PRODUCERS: dict[str, tuple[str, Callable[[Sequence[tuple[Book, Path]], Path], list[Path]]]] = {
    "pandoc": ("pandoc (EPUB 3, EPUB 2, DOCX)", make_pandoc),
    "libreoffice": ("LibreOffice (DOCX, EPUB)", make_libreoffice),
    "word": ("Word for Mac's shape, built in code (DOCX)", make_in_code("word", "docx", word_docx)),
    "google-docs": ("Google Docs' DOCX export's shape, built in code",
                    make_in_code("google-docs", "docx", google_docs_docx)),
    "calibre": ("calibre ebook-convert (EPUB)", make_calibre),
    "sigil": ("Sigil's EPUB 3 shape, built in code", make_in_code("sigil", "epub", sigil_epub)),
}

VERSIONS: dict[str, Callable[[], str]] = {
    "pandoc": lambda: tool_version([pandoc_path(), "--version"]),
    "libreoffice": lambda: tool_version([soffice_path(), "--version"]),
    "calibre": lambda: tool_version([ebook_convert_path(), "--version"]),
}


def main(argv: Sequence[str] | None = None) -> int:
    wanted = list(sys.argv[1:] if argv is None else argv)
    unknown = [name for name in wanted if name not in PRODUCERS]
    if unknown:
        print(f"unknown producer(s): {', '.join(unknown)}; known: {', '.join(PRODUCERS)}", file=sys.stderr)
        return 2
    books = [(read_source(path), path) for path in sources()]
    skipped = 0
    with tempfile.TemporaryDirectory(prefix="producers-") as tmp:
        for name, (label, make) in PRODUCERS.items():
            if wanted and name not in wanted:
                continue
            try:
                version = VERSIONS[name]() if name in VERSIONS else "built in code"
                written = make(books, Path(tmp))
            except Skipped as why:
                print(f"skipped {name}: {why}")
                skipped += 1
                continue
            size = max(p.stat().st_size for p in written)
            print(f"{name}: {len(written)} files ({label}; {version}; largest {size:,} bytes)")
    if skipped:
        print(f"{skipped} producer(s) skipped: their committed fixtures are unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
