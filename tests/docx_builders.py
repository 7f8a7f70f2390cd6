"""Build DOCX fixtures in code, so tests never depend on files outside the repository.

Two ways, for two needs:

- `build_docx` writes an ordinary manuscript through python-docx, the way a writer's Word
  document looks: ``build_docx(path, [("Heading 1", "Foreword"), "Plain text", ...])``.
- `build_raw_docx` writes the package from raw WordprocessingML, for what python-docx cannot
  make (hidden runs through style chains, tracked changes, text boxes, comments, footnotes,
  headers, a main part elsewhere than ``word/document.xml``, .docm content types, hostile XML).
  Compose its body with `para`, `run` and friends.

`rewrite_part` edits one part of an existing package (for example one made by `build_docx`).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSDECL = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN_CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "docm": "application/vnd.ms-word.document.macroEnabled.main+xml",
    "dotx": "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
}

#: A paragraph for `build_docx`: text (Normal style), (style, text), or (style, text, options).
ParagraphSpec = str | tuple[str, str] | tuple[str, str, Mapping[str, Any]]


# --- python-docx manuscripts ------------------------------------------------------------------


def build_docx(
    path: Path,
    paragraphs: Iterable[ParagraphSpec],
    *,
    author: str | None = None,
    title: str | None = None,
    language: str | None = None,
    description: str | None = None,
) -> Path:
    """Write an ordinary Word manuscript with python-docx.

    Options for a paragraph: ``bold``, ``italic``, ``center``, ``caps``, ``hidden``,
    ``page_break_before``, ``color`` ("FFFFFF"), ``size_pt``. Without ``author`` the core
    properties keep python-docx's placeholder creator ("python-docx"), as a real tool would.
    """
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    for spec in paragraphs:
        options: Mapping[str, Any] = {}
        if isinstance(spec, str):
            style_name, text = "Normal", spec
        elif len(spec) == 2:
            style_name, text = spec[0], spec[1]
        else:
            style_name, text, options = spec[0], spec[1], spec[2]
        paragraph = document.add_paragraph(style=style_name)
        run = paragraph.add_run(text)
        if options.get("bold"):
            run.bold = True
        if options.get("italic"):
            run.italic = True
        if options.get("caps"):
            run.font.all_caps = True
        if options.get("hidden"):
            run.font.hidden = True
        if "color" in options:
            run.font.color.rgb = RGBColor.from_string(options["color"])
        if "size_pt" in options:
            run.font.size = Pt(options["size_pt"])
        if options.get("center"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if options.get("page_break_before"):
            paragraph.paragraph_format.page_break_before = True
    props = document.core_properties
    if author is not None:
        props.author = author
    if title is not None:
        props.title = title
    if language is not None:
        props.language = language
    if description is not None:
        props.comments = description
    document.save(str(path))
    return path


def rewrite_part(path: Path, name: str, change: Callable[[str], str]) -> Path:
    """Rewrite one XML part of a package in place (e.g. inject raw XML into document.xml)."""
    with zipfile.ZipFile(path) as zin:
        members = [(info, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in members:
            if info.filename == name:
                data = change(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info.filename, data)
    return path


# --- raw WordprocessingML -------------------------------------------------------------------------


def run(text: str, rpr: str = "", *, tag: str = "w:t") -> str:
    """A run: ``run("hi", "<w:vanish/>")``; ``tag="w:delText"`` for deleted text."""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{props}<{tag} xml:space="preserve">{escape(text)}</{tag}></w:r>'


def para(*content: str, style: str | None = None, ppr: str = "") -> str:
    """A paragraph of runs or raw inline XML; plain strings that are not XML become runs."""
    inner = "".join(c if c.lstrip().startswith("<") else run(c) for c in content)
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + ppr
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{inner}</w:p>"


def table(rows: Sequence[Sequence[str]], *, style: str | None = None) -> str:
    """A table whose cells each hold one paragraph of text."""
    tblpr = f'<w:tblPr><w:tblStyle w:val="{style}"/></w:tblPr>' if style else "<w:tblPr/>"
    body = "".join(
        "<w:tr>" + "".join(f"<w:tc>{para(cell)}</w:tc>" for cell in row) + "</w:tr>" for row in rows
    )
    return f"<w:tbl>{tblpr}{body}</w:tbl>"


def textbox(*paragraphs: str, fallback: bool = True) -> str:
    """A DrawingML text box in mc:AlternateContent, with the VML fallback Word also writes."""
    inner = "".join(paragraphs)
    choice = (
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        f"<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>"
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    )
    back = (
        f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent>"
        "</v:textbox></v:shape></w:pict></mc:Fallback>" if fallback else ""
    )
    return f"<w:r><mc:AlternateContent>{choice}{back}</mc:AlternateContent></w:r>"


def vml_textbox(*paragraphs: str) -> str:
    """A legacy VML text box (w:pict) with no AlternateContent around it."""
    inner = "".join(paragraphs)
    return (f"<w:r><w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent>"
            "</v:textbox></v:shape></w:pict></w:r>")


def style(style_id: str, *, kind: str = "paragraph", name: str | None = None,
          based_on: str | None = None, rpr: str = "", ppr: str = "", default: bool = False) -> str:
    """A w:style element for `build_raw_docx(styles=[...])`."""
    flag = ' w:default="1"' if default else ""
    return (
        f'<w:style w:type="{kind}" w:styleId="{style_id}"{flag}>'
        f'<w:name w:val="{escape(name or style_id)}"/>'
        + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
        + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "")
        + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
        + "</w:style>"
    )


#: The styles every raw fixture has, as in Word's Normal template.
BASE_STYLES = (
    style("Normal", name="Normal", default=True),
    style("Title", name="Title", based_on="Normal", rpr='<w:sz w:val="56"/>'),
    *(style(f"Heading{i}", name=f"heading {i}", based_on="Normal",
            ppr=f'<w:outlineLvl w:val="{i - 1}"/>', rpr="<w:b/>") for i in range(1, 4)),
)


def _notes_xml(kind: str, notes: Mapping[str, str]) -> str:
    body = "".join(
        f'<w:{kind} w:id="{nid}">{para(f"<w:r><w:{kind}Ref/></w:r>", text)}</w:{kind}>'
        for nid, text in notes.items()
    )
    separator = f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
    return f'<w:{kind}s {NSDECL}>{separator}{body}</w:{kind}s>'


def _core_xml(core: Mapping[str, str]) -> str:
    fields = "".join(
        f"<{tag}>{escape(value)}</{tag}>" for tag, value in core.items()
    )
    return (
        "<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">'
        f"{fields}</cp:coreProperties>"
    )


def build_raw_docx(
    path: Path,
    body: str | Sequence[str],
    *,
    styles: Sequence[str] = (),
    doc_defaults_rpr: str = "",
    comments: Mapping[str, str] | None = None,
    footnotes: Mapping[str, str] | None = None,
    endnotes: Mapping[str, str] | None = None,
    header: str | None = None,
    footer: str | None = None,
    core: Mapping[str, str] | None = None,
    background: str | None = None,
    main_part: str = "word/document.xml",
    flavour: str = "docx",
    document_xml: str | None = None,
    styles_xml: str | None = None,
    extra_parts: Mapping[str, str | bytes] | None = None,
    omit: Iterable[str] = (),
) -> Path:
    """Write a Word package from raw WordprocessingML.

    `body` is the XML inside ``w:body`` (a string or a list of paragraph strings). `core` maps
    ``dc:title``/``dc:creator``/``dc:description``/``cp:keywords`` ... to values. `flavour` is
    "docx", "docm" (adds a vbaProject.bin that must never be read) or "dotx". `document_xml`
    and `styles_xml` replace those parts whole (hostile-XML tests). `omit` leaves members out
    (e.g. ``"[Content_Types].xml"`` or ``"_rels/.rels"``).
    """
    body_xml = body if isinstance(body, str) else "".join(body)
    folder, base = main_part.rsplit("/", 1) if "/" in main_part else ("", main_part)
    prefix = f"{folder}/" if folder else ""
    parts: dict[str, str | bytes] = {}
    main_rels = [("rIdStyles", f"{REL}/styles", "styles.xml")]
    overrides = {main_part: MAIN_CONTENT_TYPES[flavour]}

    sect = ""
    if header is not None:
        parts[f"{prefix}header1.xml"] = f"<w:hdr {NSDECL}>{para(header)}</w:hdr>"
        main_rels.append(("rIdHeader", f"{REL}/header", "header1.xml"))
        sect += '<w:headerReference w:type="default" r:id="rIdHeader"/>'
    if footer is not None:
        parts[f"{prefix}footer1.xml"] = f"<w:ftr {NSDECL}>{para(footer)}</w:ftr>"
        main_rels.append(("rIdFooter", f"{REL}/footer", "footer1.xml"))
        sect += '<w:footerReference w:type="default" r:id="rIdFooter"/>'
    bg = f'<w:background w:color="{background}"/>' if background else ""
    parts[main_part] = document_xml if document_xml is not None else (
        f"<w:document {NSDECL}>{bg}<w:body>{body_xml}<w:sectPr>{sect}</w:sectPr></w:body></w:document>"
    )
    parts[f"{prefix}styles.xml"] = styles_xml if styles_xml is not None else (
        f"<w:styles {NSDECL}><w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:sz w:val="24"/><w:lang w:val="en-GB"/>{doc_defaults_rpr}</w:rPr></w:rPrDefault>'
        f"</w:docDefaults>{''.join(BASE_STYLES)}{''.join(styles)}</w:styles>"
    )
    if comments:
        parts[f"{prefix}comments.xml"] = f"<w:comments {NSDECL}>" + "".join(
            f'<w:comment w:id="{cid}" w:author="Ed">{para(text)}</w:comment>'
            for cid, text in comments.items()
        ) + "</w:comments>"
        main_rels.append(("rIdComments", f"{REL}/comments", "comments.xml"))
    if footnotes:
        parts[f"{prefix}footnotes.xml"] = _notes_xml("footnote", footnotes)
        main_rels.append(("rIdFootnotes", f"{REL}/footnotes", "footnotes.xml"))
    if endnotes:
        parts[f"{prefix}endnotes.xml"] = _notes_xml("endnote", endnotes)
        main_rels.append(("rIdEndnotes", f"{REL}/endnotes", "endnotes.xml"))
    if flavour == "docm":
        parts[f"{prefix}vbaProject.bin"] = b"\xd0\xcf\x11\xe0 not a real macro project"
        main_rels.append(("rIdVba", "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                          "vbaProject.bin"))
    parts[f"{prefix}media/image1.png"] = b"\x89PNG\r\n\x1a\n not read"
    main_rels.append(("rIdImage", f"{REL}/image", "media/image1.png"))

    package_rels = [("rId1", f"{REL}/officeDocument", main_part)]
    if core is not None:
        parts["docProps/core.xml"] = _core_xml(core)
        package_rels.append(
            ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
             "docProps/core.xml"))
    parts["_rels/.rels"] = _rels_xml(package_rels)
    parts[f"{prefix}_rels/{base}.rels"] = _rels_xml(main_rels)
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="/{name}" ContentType="{ct}"/>' for name, ct in overrides.items())
        + "</Types>"
    )
    parts.update(extra_parts or {})
    skip = set(omit)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        # [Content_Types].xml first, as Word writes it.
        for name in sorted(parts, key=lambda n: n != "[Content_Types].xml"):
            if name not in skip:
                data = parts[name]
                zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _rels_xml(rels: Sequence[tuple[str, str, str]]) -> str:
    return (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="{rid}" Type="{rtype}" Target="{target}"/>'
                  for rid, rtype, target in rels)
        + "</Relationships>"
    )
