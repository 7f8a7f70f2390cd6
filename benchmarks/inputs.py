"""The benchmark's inputs, generated deterministically into a cache folder.

Every input is made from the same seeded text, so two runs (and two machines) measure the same
bytes. A file is rebuilt only when it is missing or `INPUTS_VERSION` changes.
"""

from __future__ import annotations

import random
import shutil
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

#: Bump when the generated inputs change, so stale caches are rebuilt.
INPUTS_VERSION = "5"

STOCK = ("The author generated this text in part with GPT-3, OpenAI's large-scale language-generation "
         "model. Upon generating draft language, the author reviewed, edited, and revised the language "
         "to their own liking and takes ultimate responsibility for the content of this publication.")

TITLE = "The Lighthouse Keeper's Daughter"
AUTHOR = "Jordan Vale"

@dataclass(frozen=True)
class Prose:
    """What the generator writes a novel with, in one language."""

    #: The language's tag, declared by the book (None: declared nowhere, as the English novel).
    lang: str | None
    #: Common words, each about as frequent as the others.
    words: tuple[str, ...]
    #: Words that hold one of the language's AI triggers, one in sixty sentences.
    rare: tuple[str, ...]
    #: A common word that holds a trigger ("both" for "bot"), one sentence in a hundred.
    frequent: str
    names: tuple[str, ...]
    #: The verb of speech after a line of dialogue ("said").
    said: str
    stock: str
    foreword_heading: str
    foreword_line: str
    #: The chapter heading, "{n}" its number.
    chapter: str
    #: Before the author's name on the title page.
    by: str
    title: str
    author: str
    #: The Markdown link text of the map.
    see: str


#: Common English words (each about 1 in 400 words).
_VOCABULARY = """
the of and to a in was he it that she her his for had with as on at by not be but you from they
which this have all were one been my so there their when would what an said no if who more out up
into them has could time some very him about than then now only do any made other little before
must over such well upon much can after its man your should two good first how know great own did
house long way being see might every day down also never old himself through most little life where
where again us way those mind nothing young same think say shall many hand eyes without while
thought whom place eyes room night door light harbor ferry quay lantern letter coat window sea wind
stone river road village winter summer morning evening garden mother father sister brother friend
voice silence answer question heart hope fear anger laughter tea bread table chair fire candle book
page ink pen paper story word sentence careful quiet bright dark
cold warm slow quick gentle sharp strange familiar distant near ancient broken golden silver wooden
walked turned looked smiled waited listened remembered answered wondered carried opened closed
"""

ENGLISH = Prose(
    lang=None,
    words=tuple(_VOCABULARY.split()),
    #: Words that hold an AI trigger ("language" for "language model", "both" for "bot" ...) at
    #: about their rate in real novels or above: one sentence in a hundred has "both" (1 in 1,400
    #: words; in English about 1 in 2,000), one in sixty one of the rarer words, so that about a
    #: sixth of the paragraphs get a second look from the analysis.
    rare=("language", "advanced", "machine", "deep", "intelligence", "generation", "assistance",
          "smart", "digital", "computer"),
    frequent="both",
    names=("Mira", "Tomas", "Elena", "Ansel", "Petra", "Hollis", "Ines", "Corwin", "Maud", "Silas"),
    said="said",
    stock=STOCK,
    foreword_heading="Foreword",
    foreword_line="This story began as a handful of letters written one winter by the harbor.",
    chapter="Chapter {n}",
    by="by",
    title=TITLE,
    author=AUTHOR,
    see="See [the map](map.html).",
)

#: Common French words, as common in a French novel as the English ones above in an English one:
#: articles and elided forms ("l'eau", "qu'il", "j'ai" ...), the demonstratives and nouns of
#: the book's own references ("ce", "cette", "livre", "histoire", "récit"), accented words.
_FRENCH_VOCABULARY = """
le la les l'eau l'homme l'enfant l'air l'autre de des du d'un d'une un une et à au aux en dans
par pour sur sous avec sans chez vers entre il elle ils elles je j'ai j'étais nous vous on se
lui leur qui que qu'il qu'elle ne n'est n'avait pas plus jamais rien ce cet cette ces son sa ses
mon ma mes notre votre était avait fut est sont ont été être avoir faire dit fit vit prit alla
vint tout toute tous comme mais ou donc puis encore déjà toujours très bien peu trop aussi alors
quand là ici même autre seul grand petit vieux jeune belle long haut noir blanc froid chaud doux
lent vif étrange lointain proche ancien brisé doré argenté temps jour nuit matin soir hiver été
printemps automne maison porte fenêtre chambre table chaise feu bougie lampe lumière ombre port
quai bac lanterne lettre manteau mer vent pierre rivière route village jardin mère père sœur
frère ami amie voix silence réponse question cœur espoir peur colère rire thé pain livre page
encre plume papier histoire récit mot phrase main yeux regard visage tête pensée souvenir
marcha tourna regarda sourit attendit écouta répondit ouvrit ferma porta demanda sembla resta
"""

FRENCH = Prose(
    lang="fr",
    words=tuple(_FRENCH_VOCABULARY.split()),
    # French words with a trigger of the French lexicon ("langage", "machine", "génér" ...), and
    # "château" for "chat", as common as "both" is in the English novel.
    rare=("langage", "avancé", "machine", "intelligence", "génération", "assistance", "numérique",
          "ordinateur", "langue", "programme"),
    frequent="château",
    names=("Mireille", "Thomas", "Hélène", "Anselme", "Pétronille", "Hugues", "Inès", "Corentin",
           "Maud", "Simon"),
    said="dit",
    stock=("L'auteur a généré ce texte en partie avec GPT-3, le grand modèle de langage génératif "
           "développé par OpenAI. Après avoir généré une ébauche, l'auteur a relu, retravaillé et "
           "révisé le texte à son gré et assume la responsabilité ultime du contenu de cette "
           "publication."),
    foreword_heading="Avant-propos",
    foreword_line="Cette histoire est née d'une poignée de lettres écrites un hiver, près du port.",
    chapter="Chapitre {n}",
    by="par",
    title="La Fille du gardien de phare",
    author="Camille Vaillant",
    see="Voir [la carte](carte.html).",
)


def _sentence(rng: random.Random, prose: Prose) -> str:
    n = rng.randint(6, 22)
    words = [rng.choice(prose.words) for _ in range(n)]
    if rng.random() < 0.3:
        words[rng.randrange(n)] = rng.choice(prose.names)
    if rng.random() < 1 / 60:
        words[rng.randrange(n)] = rng.choice(prose.rare)
    if rng.random() < 1 / 100:
        words[rng.randrange(n)] = prose.frequent
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....?!")


def _paragraph(rng: random.Random, words: int, prose: Prose) -> tuple[str, int]:
    """Plain paragraph text of about `words` words, sometimes with dialogue."""
    out: list[str] = []
    count = 0
    while count < words:
        s = _sentence(rng, prose)
        if rng.random() < 0.15:
            s = f'"{s}" {prose.said} {rng.choice(prose.names)}.'
        out.append(s)
        count += len(s.split())
    return " ".join(out), count


@dataclass(frozen=True)
class Chapter:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Novel:
    title: str
    author: str
    foreword: tuple[str, ...]
    chapters: tuple[Chapter, ...]
    prose: Prose = ENGLISH

    @property
    def words(self) -> int:
        return sum(len(p.split()) for c in self.chapters for p in c.paragraphs) + sum(
            len(p.split()) for p in self.foreword)


def make_novel(words: int = 150_000, chapters: int = 60, *, seed: int = 1813, title: str | None = None,
               prose: Prose = ENGLISH) -> Novel:
    """A novel of about `words` words in `chapters` chapters, with the stock disclosure up front."""
    rng = random.Random(seed)
    per_chapter = words // chapters
    out: list[Chapter] = []
    for n in range(1, chapters + 1):
        paras: list[str] = []
        count = 0
        while count < per_chapter:
            text, got = _paragraph(rng, rng.randint(30, 160), prose)
            paras.append(text)
            count += got
        out.append(Chapter(prose.chapter.format(n=n), tuple(paras)))
    foreword = (prose.stock, prose.foreword_line)
    return Novel(title or prose.title, prose.author, foreword, tuple(out), prose)


def repeat(novel: Novel, times: int) -> Novel:
    """The novel's chapters `times` over (for the growth rows), one foreword."""
    chapters = [Chapter(novel.prose.chapter.format(n=i + 1), c.paragraphs)
                for i, c in enumerate(c for _ in range(times) for c in novel.chapters)]
    return Novel(novel.title, novel.author, novel.foreword, tuple(chapters), novel.prose)


# --- Markdown ---------------------------------------------------------------------------------


def _md_paragraph(text: str, n: int, prose: Prose = ENGLISH) -> str:
    # Some inline syntax, as a manuscript has: emphasis, a link now and then.
    if n % 7 == 3:
        words = text.split(" ")
        words[2] = f"*{words[2]}*"
        text = " ".join(words)
    if n % 23 == 5:
        text += " " + prose.see
    return text


def markdown_text(novel: Novel) -> str:
    lang = [f"lang: {novel.prose.lang}"] if novel.prose.lang else []
    parts = ["---", f'title: "{novel.title}"', f'author: "{novel.author}"', *lang, "---", "",
             f"# {novel.prose.foreword_heading}", ""]
    for p in novel.foreword:
        parts += [p, ""]
    for chapter in novel.chapters:
        parts += [f"# {chapter.heading}", ""]
        for n, p in enumerate(chapter.paragraphs):
            parts += [_md_paragraph(p, n, novel.prose), ""]
    return "\n".join(parts)


def write_markdown(novel: Novel, path: Path) -> Path:
    path.write_text(markdown_text(novel), encoding="utf-8")
    return path


# --- DOCX (python-docx, as Word users' files look) --------------------------------------------


def write_docx(novel: Novel, path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(novel.title, style="Title")
    document.add_paragraph(f"{novel.prose.by} {novel.author}")
    document.add_paragraph(novel.prose.foreword_heading, style="Heading 1")
    for p in novel.foreword:
        document.add_paragraph(p)
    for chapter in novel.chapters:
        document.add_paragraph(chapter.heading, style="Heading 1")
        for n, p in enumerate(chapter.paragraphs):
            para = document.add_paragraph()
            if n % 7 == 3:
                head, _, tail = p.partition(" ")
                para.add_run(head + " ").italic = True
                para.add_run(tail)
            else:
                para.add_run(p)
    document.core_properties.author = novel.author
    document.core_properties.title = novel.title
    if novel.prose.lang:
        document.core_properties.language = novel.prose.lang
    tmp = path.with_suffix(".tmp")
    document.save(str(tmp))
    tmp.replace(path)
    return path


# --- EPUB 3 (zipfile: every byte under our control) ------------------------------------------

_CSS = """body { font-family: serif; margin: 1em; }
h1 { text-align: center; page-break-before: always; }
p { text-indent: 1.5em; margin: 0; }
p.first { text-indent: 0; }
.smallcaps { font-variant: small-caps; }
img { max-width: 100%; }
"""


def _xhtml(title: str, epub_type: str, body: str, lang: str = "en") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'lang="{lang}">\n'
        f'<head>\n<title>{escape(title)}</title>\n'
        '<link rel="stylesheet" type="text/css" href="../styles/book.css"/>\n</head>\n'
        f'<body epub:type="{epub_type}">\n{body}\n</body>\n</html>\n'
    ).encode()


def _paras_xhtml(paragraphs: Sequence[str]) -> str:
    out = []
    for n, p in enumerate(paragraphs):
        cls = ' class="first"' if n == 0 else ""
        text = escape(p)
        if n % 7 == 3:
            head, _, tail = text.partition(" ")
            text = f"<em>{head}</em> {tail}"
        out.append(f"<p{cls}>{text}</p>")
    return "\n".join(out)


def write_epub(novel: Novel, path: Path, *, images: int = 0, image_bytes: int = 0, seed: int = 7) -> Path:
    """An EPUB 3 of the novel; with `images`, that many stored (uncompressed) random-byte JPEGs."""
    docs: list[tuple[str, str, str, bytes]] = []  # (id, href, label, bytes)
    lang, heading = novel.prose.lang or "en", novel.prose.foreword_heading
    foreword = f"<h1>{escape(heading)}</h1>\n" + _paras_xhtml(novel.foreword)
    docs.append(("foreword", "text/foreword.xhtml", heading,
                 _xhtml(heading, "frontmatter foreword", foreword, lang)))
    per_chapter = -(-images // len(novel.chapters)) if images else 0
    image_names = [f"images/plate-{i:04d}.jpg" for i in range(images)]
    for n, chapter in enumerate(novel.chapters, start=1):
        figs = "".join(f'<div class="plate"><img src="../{name}" alt="Plate {i + 1}"/></div>\n'
                       for i, name in enumerate(image_names)
                       if i // per_chapter == n - 1) if images else ""
        body = f"<section><h1>{escape(chapter.heading)}</h1>\n{figs}{_paras_xhtml(chapter.paragraphs)}</section>"
        docs.append((f"ch{n:03d}", f"text/chapter-{n:03d}.xhtml", chapter.heading,
                     _xhtml(chapter.heading, "bodymatter chapter", body, lang)))
    manifest = ['<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
                '<item id="css" href="styles/book.css" media-type="text/css"/>']
    manifest += [f'<item id="{i}" href="{h}" media-type="application/xhtml+xml"/>' for i, h, _, _ in docs]
    manifest += [f'<item id="img{i:04d}" href="{name}" media-type="image/jpeg"/>'
                 for i, name in enumerate(image_names)]
    spine = "".join(f'<itemref idref="{i}"/>' for i, _, _, _ in docs)
    opf = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        '<dc:identifier id="uid">urn:uuid:6f1c1d3a-0000-4000-8000-000000001813</dc:identifier>\n'
        f'<dc:title>{escape(novel.title)}</dc:title>\n<dc:creator>{escape(novel.author)}</dc:creator>\n'
        f'<dc:language>{lang}</dc:language>\n'
        '<meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>\n</metadata>\n'
        f'<manifest>\n{chr(10).join(manifest)}\n</manifest>\n<spine>{spine}</spine>\n</package>\n'
    )
    nav_items = "".join(f'<li><a href="{h}">{escape(label)}</a></li>' for _, h, label, _ in docs)
    nav = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
           '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
           '<head><title>Contents</title></head><body>'
           f'<nav epub:type="toc"><h1>Contents</h1><ol>{nav_items}</ol></nav></body></html>\n')
    container = ('<?xml version="1.0"?>\n<container version="1.0" '
                 'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                 '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
                 '</rootfiles></container>\n')
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/container.xml", container)
        zf.writestr("OEBPS/content.opf", opf)
        zf.writestr("OEBPS/nav.xhtml", nav)
        zf.writestr("OEBPS/styles/book.css", _CSS)
        for _, href, _, data in docs:
            zf.writestr(f"OEBPS/{href}", data)
        rng = random.Random(seed)
        for name in image_names:
            # Incompressible bytes, stored: a photo-heavy book the reader must not decompress.
            zf.writestr(f"OEBPS/{name}", b"\xff\xd8\xff\xe0" + rng.randbytes(image_bytes - 4),
                        compress_type=zipfile.ZIP_STORED)
    tmp.replace(path)
    return path


# --- mdBook and many small books -------------------------------------------------------------


def write_mdbook(folder: Path, chapters: int = 300, words: int = 150_000, seed: int = 1847) -> Path:
    """An mdBook: book.toml, src/SUMMARY.md, a foreword and `chapters` chapter files."""
    novel = make_novel(words, chapters, seed=seed)
    if folder.exists():
        shutil.rmtree(folder)
    src = folder / "src"
    src.mkdir(parents=True)
    (folder / "book.toml").write_text(
        f'[book]\ntitle = "{novel.title}"\nauthors = ["{novel.author}"]\nlanguage = "en"\nsrc = "src"\n',
        encoding="utf-8")
    summary = ["# Summary", "", "[Foreword](foreword.md)", ""]
    (src / "foreword.md").write_text("# Foreword\n\n" + "\n\n".join(novel.foreword) + "\n", encoding="utf-8")
    for n, chapter in enumerate(novel.chapters, start=1):
        name = f"chapter-{n:03d}.md"
        summary.append(f"- [{chapter.heading}]({name})")
        body = "\n\n".join(_md_paragraph(p, i) for i, p in enumerate(chapter.paragraphs))
        (src / name).write_text(f"# {chapter.heading}\n\n{body}\n", encoding="utf-8")
    (src / "SUMMARY.md").write_text("\n".join(summary) + "\n", encoding="utf-8")
    return folder


def write_small_books(folder: Path, count: int = 200, words: int = 3_000) -> list[Path]:
    """`count` small Markdown books (a foreword with the stock disclosure, five chapters)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    out = []
    for n in range(count):
        novel = make_novel(words, 5, seed=10_000 + n, title=f"Small Book {n + 1}")
        out.append(write_markdown(novel, folder / f"book-{n + 1:03d}.md"))
    return out


@dataclass(frozen=True)
class Inputs:
    """Paths of every generated input."""

    novel_md: Path
    novel_docx: Path
    novel_epub: Path
    images_epub: Path
    mdbook: Path
    small_books: tuple[Path, ...]
    growth_md: tuple[tuple[int, Path], ...]
    words: int
    #: The same novel in French (French words, `lang: fr` / `dc:language` / core properties),
    #: Markdown, DOCX and EPUB.
    french_md: Path
    french_docx: Path
    french_epub: Path
    french_words: int

    def mdbook_files(self) -> list[Path]:
        """The mdBook's Markdown files in SUMMARY order (for the floor and pandoc)."""
        src = self.mdbook / "src"
        return [src / "foreword.md", *sorted(src.glob("chapter-*.md"))]


def _stamp_ok(folder: Path) -> bool:
    stamp = folder / "VERSION"
    return stamp.exists() and stamp.read_text().strip() == INPUTS_VERSION


def build(folder: Path, *, image_mib: int = 200) -> Inputs:
    """Generate (or reuse) every input under `folder`."""
    if folder.exists() and not _stamp_ok(folder):
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    novel = make_novel()

    def need(path: Path) -> bool:
        return not path.exists()

    md = folder / "novel.md"
    if need(md):
        write_markdown(novel, md)
    dx = folder / "novel.docx"
    if need(dx):
        write_docx(novel, dx)
    ep = folder / "novel.epub"
    if need(ep):
        write_epub(novel, ep)
    images = folder / f"images-{image_mib}mib.epub"
    if need(images):
        count = 100
        write_epub(novel, images, images=count, image_bytes=image_mib * 1024 * 1024 // count)
    mdbook = folder / "mdbook"
    if need(mdbook / "src" / "SUMMARY.md"):
        write_mdbook(mdbook)
    small_dir = folder / "small-books"
    small = sorted(small_dir.glob("book-*.md")) if small_dir.exists() else []
    if len(small) != 200:
        small = write_small_books(small_dir)
    growth: list[tuple[int, Path]] = [(1, md)]
    for times in (4, 16):
        path = folder / f"novel-x{times}.md"
        if need(path):
            write_markdown(repeat(novel, times), path)
        growth.append((times, path))
    french = make_novel(prose=FRENCH)
    fr_md, fr_dx, fr_ep = folder / "roman.md", folder / "roman.docx", folder / "roman.epub"
    for path, write in ((fr_md, write_markdown), (fr_dx, write_docx), (fr_ep, write_epub)):
        if need(path):
            write(french, path)
    (folder / "VERSION").write_text(INPUTS_VERSION + "\n")
    return Inputs(md, dx, ep, images, mdbook, tuple(small), tuple(growth), novel.words,
                  fr_md, fr_dx, fr_ep, french.words)
