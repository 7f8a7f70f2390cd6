"""The readers fill in the language (issue 15, item 1): the book's from its metadata (EPUB
``dc:language``, DOCX core properties and ``w:lang``, Markdown front matter and the book's config),
a section's own where its markup says another (``xml:lang``, ``w:lang``), else detected from the
words among the supported languages; ``--lang`` and config ``lang`` force it. The JSON report gives
it per book; a language no lexicon reads is read as English, with one ``info`` line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from books import CHAPTER, STOCK, markdown_book, write_book
from docx_builders import BASE_STYLES, build_docx, build_raw_docx, para, run, style
from epub_builders import Doc, build_epub

from disclosure_lint.api import lint
from disclosure_lint.config import Config
from disclosure_lint.model import Kind, Manuscript, Role
from disclosure_lint.readers import read_manuscript
from disclosure_lint.readers.language import (
    SAMPLE_WORDS,
    compile_languages,
    detect,
    expand,
    settle,
    tables,
    words_of,
)

Run = Callable[..., Any]

# --- the books of the issue, in their languages ----------------------------------------------------

#: (foreword heading, chapter word, a full disclosure: the system, what it drafted, what the author
#: revised, responsibility; a paragraph of story) per language.
BOOKS: dict[str, tuple[str, str, str, str]] = {
    "fr": ("Avant-propos", "Chapitre",
           "J'ai utilisé ChatGPT pour rédiger les premières versions de plusieurs chapitres de ce roman, à "
           "partir de mon plan. J'ai ensuite relu, corrigé et réécrit chaque page, et j'assume l'entière "
           "responsabilité du contenu de ce livre.",
           "Les lumières du port s'allumèrent une à une pendant que le ferry attendait au quai. Mira compta "
           "les lanternes et pensa à la lettre qu'elle avait gardée dans la poche de son manteau depuis "
           "l'hiver. Il faisait froid, et le vent de la mer portait une odeur de sel et de fumée."),
    "de": ("Vorwort", "Kapitel",
           "Ich habe Claude genutzt, um erste Entwürfe mehrerer Kapitel dieses Romans nach meiner Gliederung "
           "zu schreiben. Anschließend habe ich jede Seite überarbeitet und umgeschrieben, und ich übernehme "
           "die volle Verantwortung für den Inhalt dieses Buches.",
           "Die Lichter des Hafens gingen eines nach dem anderen an, während die Fähre am Kai wartete. Mira "
           "zählte die Laternen und dachte an den Brief, den sie seit dem Winter in ihrer Manteltasche trug. "
           "Es war kalt, und der Wind vom Meer roch nach Salz und nach Rauch."),
    "es": ("Prólogo", "Capítulo",
           "Utilicé ChatGPT para redactar los primeros borradores de varios capítulos de esta novela a partir "
           "de mi esquema. Después revisé y reescribí cada página, y asumo la plena responsabilidad del "
           "contenido de este libro.",
           "Las luces del puerto se encendieron una a una mientras el ferry esperaba en el muelle. Mira contó "
           "los faroles y pensó en la carta que llevaba en el bolsillo de su abrigo desde el invierno. Hacía "
           "frío, y el viento del mar olía a sal y a humo."),
}
#: Stories in the languages the analysis does not read yet, for detection.
STORIES: dict[str, str] = {
    "it": "Le luci del porto si accesero una dopo l'altra mentre il traghetto aspettava al molo. Mira contò "
          "le lanterne e pensò alla lettera che aveva tenuto nella tasca del cappotto per tutto l'inverno. "
          "Faceva freddo, e il vento del mare portava un odore di sale e di fumo.",
    "pt": "As luzes do porto acenderam-se uma a uma enquanto o ferry esperava no cais. Mira contou as "
          "lanternas e pensou na carta que tinha guardado no bolso do casaco durante todo o inverno. Fazia "
          "frio, e o vento do mar trazia um cheiro de sal e de fumo.",
    "nl": "De lichten van de haven gingen een voor een aan terwijl de veerboot aan de kade wachtte. Mira "
          "telde de lantaarns en dacht aan de brief die ze de hele winter in de zak van haar jas had "
          "bewaard. Het was koud, en de wind van de zee rook naar zout en naar rook.",
    "pl": "Światła portu zapalały się jedno po drugim, gdy prom czekał przy nabrzeżu. Mira liczyła latarnie "
          "i myślała o liście, który przez całą zimę nosiła w kieszeni płaszcza. Było zimno, a wiatr od "
          "morza pachniał solą i dymem.",
    "en": CHAPTER + " It was cold, and the wind from the sea smelled of salt and of smoke, and she waited "
                    "there for a long time before she went home.",
}
for code, (_, _, _, story) in BOOKS.items():
    STORIES[code] = story



def md_book(language: str, *, lang: str | None = "", foreword: str | None = None, chapters: int = 2,
            key: str = "lang") -> str:
    """A Markdown book in `language`: front matter (with `key: lang`; "" gives the language's code,
    None no key), its foreword, and chapters of its story."""
    heading, chapter, note, story = BOOKS.get(language, ("Foreword", "Chapter", STOCK, STORIES[language]))
    lines = ["---", 'title: "Harbor Lights"', 'author: "Jordan Vale"']
    if lang is not None:
        lines.append(f"{key}: {lang or language}")
    lines += ["---", "", f"# {heading}", "", foreword if foreword is not None else note, ""]
    for n in range(1, chapters + 1):
        lines += [f"# {chapter} {n}", "", story, ""]
    return "\n".join(lines)


def xhtml(body: str, lang: str | None = None) -> str:
    """A whole XHTML document (the builder's template always says lang="en")."""
    attr = f' xml:lang="{lang}" lang="{lang}"' if lang else ""
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"{attr}>\n'
            f"<head><title>t</title></head>\n<body>\n{body}\n</body>\n</html>\n")


def epub_book(path: Path, language: str, *, dc: str | None = "", html: str | None = "",
              foreword: str | None = None, foreword_lang: str | None = None) -> Path:
    """An EPUB in `language`: `dc` is its dc:language ("" the code, None none), `html` its documents'
    lang ("" the code, None none); `foreword_lang` an xml:lang on the foreword's <section>."""
    heading, chapter, note, story = BOOKS.get(language, ("Foreword", "Chapter", STOCK, STORIES[language]))
    doc_lang = language if html == "" else html
    attr = f' xml:lang="{foreword_lang}"' if foreword_lang else ""
    docs = [Doc("foreword.xhtml", raw=xhtml(
        f'<section epub:type="foreword"{attr}><h1>{escape(heading)}</h1><p>{escape(foreword or note)}</p></section>',
        doc_lang))]
    for n in (1, 2):
        docs.append(Doc(f"ch{n}.xhtml", raw=xhtml(
            f"<section><h1>{chapter} {n}</h1><p>{escape(story)}</p></section>", doc_lang)))
    return build_epub(path, docs, title="Harbor Lights", authors=["Jordan Vale"],
                      language=language if dc == "" else (dc or ""), toc={})


def docx_book(path: Path, language: str, *, normal: str | None = None, core: str | None = None,
              foreword: str | None = None, foreword_lang: str | None = None, defaults: str = "en-GB") -> Path:
    """A Word manuscript in `language`: `normal` the Normal style's w:lang, `core` dc:language,
    `defaults` the document defaults' w:lang (as the builder's template: en-GB), `foreword_lang`
    a w:lang on the foreword's runs."""
    heading, chapter, note, story = BOOKS.get(language, ("Foreword", "Chapter", STOCK, STORIES[language]))
    rpr = f'<w:lang w:val="{foreword_lang}"/>' if foreword_lang else ""
    body = [para(heading, style="Heading1"), para(run(foreword or note, rpr))]
    for n in (1, 2):
        body += [para(f"{chapter} {n}", style="Heading1"), para(story)]
    styles_xml = None
    if normal is not None or defaults != "en-GB":
        lang = f'<w:lang w:val="{defaults}"/>' if defaults else ""
        normal_style = style("Normal", name="Normal", default=True,
                             rpr=f'<w:lang w:val="{normal}"/>' if normal else "")
        styles_xml = (f'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                      f'<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="24"/>{lang}</w:rPr></w:rPrDefault>'
                      f'</w:docDefaults>{normal_style}{"".join(BASE_STYLES[1:])}</w:styles>')
    return build_raw_docx(path, body, styles_xml=styles_xml,
                          core={"dc:title": "Harbor Lights", "dc:creator": "Jordan Vale",
                                **({"dc:language": core} if core else {})})


def language(manuscript: Manuscript) -> tuple[str | None, str | None]:
    return manuscript.metadata.language, manuscript.metadata.language_source


def section_languages(manuscript: Manuscript) -> list[tuple[str | None, str | None]]:
    return [(s.heading, s.language) for s in manuscript.sections]


def rules(path: Path, **config: Any) -> set[str]:
    """The rules that fire (error or warning) on a book."""
    report = lint(path, config=Config(**config))
    return {f.rule for f in report.files[0].findings if f.severity.value in ("error", "warning")}


# --- Markdown -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "tag"), [("lang", "fr"), ("language", "fr-FR"), ("lang", "de_DE"),
                                          ("language", "DE")])
def test_markdown_front_matter_declares_the_language(tmp_path: Path, key: str, tag: str) -> None:
    code = tag[:2].lower()
    book = write_book(tmp_path, md_book(code, lang=tag, key=key))
    manuscript = read_manuscript(book)
    assert language(manuscript) == (tag, "metadata")  # kept as written
    assert all(s.language is None for s in manuscript.sections)
    assert "disclosure-missing" not in rules(book)


@pytest.mark.parametrize("code", ["fr", "de"])
def test_markdown_undeclared_text_is_detected(tmp_path: Path, code: str) -> None:
    book = write_book(tmp_path, md_book(code, lang=None))
    assert language(read_manuscript(book)) == (code, "detected")
    assert "disclosure-missing" not in rules(book)


@pytest.mark.parametrize("code", ["it", "pt", "nl", "es"])
def test_the_languages_without_a_lexicon_are_detected_too(tmp_path: Path, code: str) -> None:
    book = write_book(tmp_path, md_book(code, lang=None, chapters=3))
    assert language(read_manuscript(book)) == (code, "detected")


def test_too_little_text_is_left_undecided_and_read_as_english(tmp_path: Path) -> None:
    book = write_book(tmp_path, "---\ntitle: T\n---\n\n# Chapitre 1\n\nLe ferry attendait au quai.\n")
    assert language(read_manuscript(book)) == (None, None)
    data = lint(book, config=Config()).files[0]
    assert (data.language, data.language_source) == (None, None)


def test_an_even_mix_is_too_close_to_call(tmp_path: Path) -> None:
    mixed = " ".join(f"{a} {b}" for a, b in zip(STORIES["fr"].split(". "), STORIES["de"].split(". "), strict=False))
    book = write_book(tmp_path, f"# Chapitre 1\n\n{mixed}\n\n# Kapitel 2\n\n{mixed}\n")
    assert language(read_manuscript(book)) == (None, None)


def test_an_english_note_in_a_french_book_is_read_as_english(tmp_path: Path) -> None:
    book = write_book(tmp_path, md_book("fr", foreword=STOCK))
    manuscript = read_manuscript(book)
    assert language(manuscript) == ("fr", "metadata")
    assert section_languages(manuscript)[0] == ("Avant-propos", "en")
    assert not rules(book)


def test_a_short_foreign_note_is_not_told_apart(tmp_path: Path) -> None:
    book = write_book(tmp_path, md_book("fr", foreword="Written with AI."))
    assert section_languages(read_manuscript(book))[0] == ("Avant-propos", None)


def test_mdbook_and_quarto_and_the_config_declare_the_book(tmp_path: Path) -> None:
    _, chapter, note, story = BOOKS["fr"]
    mdbook = tmp_path / "mdbook"
    (mdbook / "src").mkdir(parents=True)
    (mdbook / "book.toml").write_text('[book]\ntitle = "Le Phare"\nauthors = ["Jeanne Vale"]\nlanguage = "fr"\n')
    (mdbook / "src" / "SUMMARY.md").write_text("[Avant-propos](avant.md)\n\n- [Un](un.md)\n")
    (mdbook / "src" / "avant.md").write_text(f"# Avant-propos\n\n{note}\n")
    (mdbook / "src" / "un.md").write_text(f"# {chapter} 1\n\n{story}\n")
    assert language(read_manuscript(mdbook)) == ("fr", "metadata")
    quarto = tmp_path / "quarto"
    quarto.mkdir()
    (quarto / "_quarto.yml").write_text("project:\n  type: book\nlang: de\nbook:\n  title: T\n  chapters:\n"
                                        "    - index.qmd\n    - eins.qmd\n")
    (quarto / "index.qmd").write_text(f"# Vorwort\n\n{BOOKS['de'][2]}\n")
    (quarto / "eins.qmd").write_text(f"# Kapitel 1\n\n{BOOKS['de'][3]}\n")
    assert language(read_manuscript(quarto)) == ("de", "metadata")
    assert "disclosure-missing" not in rules(quarto)
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "01.md").write_text(f"# Vorwort\n\n{BOOKS['de'][2]}\n")
    (folder / "02.md").write_text(f"# Kapitel 1\n\n{BOOKS['de'][3]}\n")
    (folder / ".disclosure-lint.toml").write_text('[book]\nfiles = ["*.md"]\nlanguage = "de-AT"\n')
    (folder / ".git").mkdir()
    report = lint(folder).files[0]
    assert (report.language, report.language_source) == ("de-AT", "metadata")


# --- EPUB ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["fr", "de"])
def test_epub_dc_language_declares_the_book(tmp_path: Path, code: str) -> None:
    book = epub_book(tmp_path / "b.epub", code)
    manuscript = read_manuscript(book)
    assert language(manuscript) == (code, "metadata")
    assert all(s.language is None for s in manuscript.sections)
    assert "disclosure-missing" not in rules(book)


def test_epub_markup_declares_the_book_without_dc_language(tmp_path: Path) -> None:
    book = epub_book(tmp_path / "b.epub", "de", dc=None, html="de-CH")
    assert language(read_manuscript(book)) == ("de-CH", "markup")


def test_epub_a_template_lang_that_contradicts_dc_language_is_settled_by_the_words(tmp_path: Path) -> None:
    # Every document says lang="en" (the template), the package says French, the text is French.
    book = epub_book(tmp_path / "b.epub", "fr", html="en")
    manuscript = read_manuscript(book)
    assert language(manuscript) == ("fr", "metadata")
    assert all(s.language is None for s in manuscript.sections)
    assert "disclosure-missing" not in rules(book)
    # The package says French, every document German, and the text is German: German.
    german = epub_book(tmp_path / "g.epub", "de", dc="fr")
    assert language(read_manuscript(german)) == ("de", "markup")


def test_epub_a_section_in_another_language_keeps_its_own(tmp_path: Path) -> None:
    book = epub_book(tmp_path / "b.epub", "de", foreword=BOOKS["fr"][2], foreword_lang="fr-CA")
    manuscript = read_manuscript(book)
    assert language(manuscript) == ("de", "metadata")
    assert [lang for _, lang in section_languages(manuscript)] == ["fr-CA", None, None]
    assert "disclosure-missing" not in rules(book)


@pytest.mark.parametrize("code", ["fr", "de"])
def test_epub_undeclared_text_is_detected(tmp_path: Path, code: str) -> None:
    book = epub_book(tmp_path / "b.epub", code, dc=None, html=None)
    assert language(read_manuscript(book)) == (code, "detected")
    assert "disclosure-missing" not in rules(book)


def test_epub_undeclared_and_too_short_is_undecided(tmp_path: Path) -> None:
    docs = [Doc("ch1.xhtml", raw=xhtml("<h1>Chapitre 1</h1><p>Le ferry attendait.</p>"))]
    book = build_epub(tmp_path / "b.epub", docs, language="", toc={})
    assert language(read_manuscript(book)) == (None, None)


# --- DOCX ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["fr", "de"])
def test_docx_core_properties_declare_the_book(tmp_path: Path, code: str) -> None:
    book = docx_book(tmp_path / "b.docx", code, core=f"{code}-{code.upper()}")
    manuscript = read_manuscript(book)
    assert language(manuscript) == (f"{code}-{code.upper()}", "metadata")
    assert "disclosure-missing" not in rules(book)


def test_docx_core_properties_through_python_docx(tmp_path: Path) -> None:
    _, chapter, note, story = BOOKS["fr"]
    book = build_docx(tmp_path / "b.docx", [("Heading 1", "Avant-propos"), note, ("Heading 1", f"{chapter} 1"),
                                            story], author="Jeanne Vale", language="fr-FR")
    assert language(read_manuscript(book)) == ("fr-FR", "metadata")
    assert "disclosure-missing" not in rules(book)


@pytest.mark.parametrize("code", ["fr", "de"])
def test_docx_the_normal_style_declares_the_book(tmp_path: Path, code: str) -> None:
    book = docx_book(tmp_path / "b.docx", code, normal=f"{code}-{code.upper()}")
    manuscript = read_manuscript(book)
    assert language(manuscript) == (f"{code}-{code.upper()}", "markup")
    assert all(s.language is None for s in manuscript.sections)
    assert "disclosure-missing" not in rules(book)


def test_docx_the_language_of_most_runs_declares_the_book(tmp_path: Path) -> None:
    _, chapter, note, story = BOOKS["de"]
    body = [para("Vorwort", style="Heading1"), para(run(note, '<w:lang w:val="de-DE"/>'))]
    for n in (1, 2):
        body += [para(f"{chapter} {n}", style="Heading1"), para(run(story, '<w:lang w:val="de-DE"/>'))]
    book = build_raw_docx(tmp_path / "b.docx", body, core={"dc:creator": "Jordan Vale"})
    assert language(read_manuscript(book)) == ("de-DE", "markup")


def test_docx_a_template_default_is_overridden_by_the_words(tmp_path: Path) -> None:
    # The document defaults say en-GB (the template, as Google Docs and pandoc write "en"); the
    # text is French: French, and no section keeps the template's English.
    book = docx_book(tmp_path / "b.docx", "fr")
    manuscript = read_manuscript(book)
    assert language(manuscript) == ("fr", "detected")
    assert all(s.language is None for s in manuscript.sections)
    assert "disclosure-missing" not in rules(book)
    # LibreOffice writes the same default language into the core properties: as weak.
    libreoffice = docx_book(tmp_path / "lo.docx", "de", core="en-GB")
    assert language(read_manuscript(libreoffice)) == ("de", "detected")


def test_docx_an_english_book_keeps_its_template_default(tmp_path: Path) -> None:
    book = docx_book(tmp_path / "b.docx", "en")
    assert language(read_manuscript(book)) == ("en-GB", "markup")


def test_docx_a_section_in_another_language_keeps_its_own(tmp_path: Path) -> None:
    book = docx_book(tmp_path / "b.docx", "de", normal="de-DE", foreword=BOOKS["fr"][2], foreword_lang="fr-FR")
    manuscript = read_manuscript(book)
    assert language(manuscript) == ("de-DE", "markup")
    assert [lang for _, lang in section_languages(manuscript)] == ["fr-FR", None, None]
    assert "disclosure-missing" not in rules(book)


@pytest.mark.parametrize("code", ["fr", "de"])
def test_docx_undeclared_text_is_detected(tmp_path: Path, code: str) -> None:
    book = docx_book(tmp_path / "b.docx", code, defaults="")
    assert language(read_manuscript(book)) == (code, "detected")


def test_docx_undeclared_and_too_short_is_undecided(tmp_path: Path) -> None:
    body = [para("Chapitre 1", style="Heading1"), para("Le ferry attendait.")]
    styles_xml = (f'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                  f'{"".join(BASE_STYLES)}</w:styles>')
    book = build_raw_docx(tmp_path / "b.docx", body, styles_xml=styles_xml)
    assert language(read_manuscript(book)) == (None, None)


def test_docx_a_paragraph_is_in_the_language_of_most_of_its_text(tmp_path: Path) -> None:
    mixed = para(run("Ein kurzer Satz. ", '<w:lang w:val="de-DE"/>'),
                 run("Une bien plus longue phrase en français, qui fait presque tout le paragraphe.",
                     '<w:lang w:val="fr-FR"/>'))
    book = build_raw_docx(tmp_path / "b.docx", [para("Chapitre 1", style="Heading1"), mixed])
    assert read_manuscript(book).sections[0].language in ("fr-FR", None)
    assert language(read_manuscript(book))[0] in ("fr-FR", None)


# --- the books, in every format ------------------------------------------------------------------

FORMATS: dict[str, Callable[[Path, str], Path]] = {
    "markdown": lambda folder, code: write_book(folder, md_book(code)),
    "epub": lambda folder, code: epub_book(folder / "b.epub", code),
    "docx": lambda folder, code: docx_book(folder / "b.docx", code, core=code),
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("code", ["fr", "de", "es"])
def test_a_full_disclosure_in_the_books_language_is_no_missing_disclosure(tmp_path: Path, fmt: str,
                                                                             code: str) -> None:
    book = FORMATS[fmt](tmp_path, code)
    report = lint(book, config=Config()).files[0]
    assert report.language == code
    assert report.disclosures, report.findings
    assert not {f.rule for f in report.findings if f.severity.value == "error"}, report.findings


# --- --lang and config lang ----------------------------------------------------------------------------


def test_lang_forces_the_language_over_the_metadata_and_the_sections(tmp_path: Path, run: Run) -> None:
    # A French book that says it is English: read as English, "IA" is no AI word.
    note = "Ce roman a été écrit avec l'aide de l'IA, qui a rédigé les premiers jets ; j'ai tout réécrit."
    book = write_book(tmp_path, md_book("fr", lang="en", foreword=note))
    assert "disclosure-missing" in run("check", "--format", "json", book).errors()
    forced = run("check", "--format", "json", "--lang", "fr", book)
    assert "disclosure-missing" not in forced.errors()
    file = forced.json()["files"][0]
    assert (file["language"], file["language_source"]) == ("fr", "forced")
    manuscript = read_manuscript(book, config=Config(lang="fr-CA"))
    assert language(manuscript) == ("fr-CA", "forced")
    assert all(s.language is None for s in manuscript.sections)


def test_config_lang_forces_it_and_the_option_wins(tmp_path: Path, run: Run) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".disclosure-lint.toml").write_text('lang = "de"\n')
    book = write_book(tmp_path, md_book("fr", lang=None))
    file = run("check", "--format", "json", book).json()["files"][0]
    assert (file["language"], file["language_source"]) == ("de", "forced")
    file = run("check", "--format", "json", "--lang", "fr", book).json()["files"][0]
    assert file["language"] == "fr"


@pytest.mark.parametrize("bad", ["f", "fr FR", "fr--FR", "123", "français!", "-fr"])
def test_a_malformed_lang_is_one_line_and_exit_2(tmp_path: Path, run: Run, bad: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    book = write_book(tmp_path, md_book("fr"))
    result = run("check", "--lang", bad, book)
    assert result.code == 2 and len(result.err.splitlines()) == 1 and "Traceback" not in result.err
    assert result.err.startswith(f"disclosure-lint: --lang: {bad!r} is not a language tag")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".disclosure-lint.toml").write_text(f"lang = {json.dumps(bad)}\n")
    result = run("check", book)
    assert result.code == 2 and len(result.err.splitlines()) == 1
    assert result.err.startswith(f"disclosure-lint: .disclosure-lint.toml:1:1: lang: {bad!r} is not a language tag")


def test_insert_takes_lang_too(tmp_path: Path, run: Run) -> None:
    book = write_book(tmp_path, markdown_book(None))
    result = run("insert", book, "--model", "GPT-4", "--lang", "en-US", "--dry-run")
    assert result.code == 0, result.err
    assert run("insert", book, "--model", "GPT-4", "--lang", "e n", "--dry-run").code == 2


# --- a language outside the set ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "epub", "docx"])
def test_a_polish_book_is_read_as_english_with_one_info_line(tmp_path: Path, run: Run, fmt: str) -> None:
    # A Polish story, with the policy's stock text in English as its foreword.
    if fmt == "markdown":
        book = write_book(tmp_path, md_book("pl"))
    elif fmt == "epub":
        book = epub_book(tmp_path / "b.epub", "pl")
    else:
        book = docx_book(tmp_path / "b.docx", "pl", core="pl-PL")
    result = run("check", book)
    assert result.code == 0, result.out
    notes = [line for line in result.out.splitlines() if "[language-unsupported]" in line]
    assert len(notes) == 1, result.out
    assert "info [language-unsupported] the book's language, Polish (pl" in notes[0]
    assert notes[0].endswith("), is not supported; read as English")
    data = run("check", "--format", "json", book).json()["files"][0]
    assert data["language"] in ("pl", "pl-PL")
    assert [f["code"] for f in data["findings"]] == ["DL101"]


@pytest.mark.parametrize("how", [["--ignore", "language-unsupported"], ["--ignore", "DL101"], ["--ignore", "dl101"],
                                 ["--select", "DL001"], ["config"], ["disable comment"]])
def test_the_info_line_can_be_turned_off(tmp_path: Path, run: Run, how: list[str]) -> None:
    book = write_book(tmp_path, md_book("pl"))
    assert "[language-unsupported]" in run("check", book).out
    args = how
    if how == ["config"]:
        (tmp_path / ".disclosure-lint.toml").write_text('[severity]\nlanguage-unsupported = "off"\n')
        args = []
    elif how == ["disable comment"]:
        text = book.read_text(encoding="utf-8")
        book.write_text(text + "\n<!-- disclosure-lint-disable language-unsupported -->\n", encoding="utf-8")
        args = []
    result = run("check", *args, book)
    assert result.code == 0, result.out + result.err
    assert "language-unsupported" not in result.out, result.out


def test_the_info_line_takes_a_severity_from_the_config(tmp_path: Path, run: Run) -> None:
    book = write_book(tmp_path, md_book("pl"))
    (tmp_path / ".disclosure-lint.toml").write_text('[severity]\nDL101 = "warning"\n')
    result = run("check", book)
    assert "warning [language-unsupported] the book's language, Polish" in result.out
    assert result.code == 0
    (tmp_path / ".disclosure-lint.toml").write_text('[severity]\nlanguage-unsupported = "error"\n')
    assert run("check", book).code == 1
    assert "[language-unsupported]" in run("check", "--select", "DL101,DL001", book).out


def test_rules_and_explain_describe_the_info_line(run: Run) -> None:
    listed = [line for line in run("rules").out.splitlines() if line.startswith("language-unsupported ")]
    assert len(listed) == 1 and "DL101" in listed[0] and " info " in listed[0]
    for name in ("language-unsupported", "DL101"):
        text = run("explain", name).out
        assert text.startswith("language-unsupported (DL101, default severity info)")
        assert "--ignore language-unsupported" in text


def test_an_unknown_but_well_formed_tag_is_named_as_written(tmp_path: Path, run: Run) -> None:
    book = write_book(tmp_path, markdown_book(STOCK))
    result = run("check", "--lang", "tlh", book)
    assert "the book's language, tlh, is not supported; read as English" in result.out
    sections = run("check", write_book(tmp_path, md_book("en", lang="en", foreword=STORIES["pl"] * 2), "pl.md"))
    assert "the language of some sections" not in sections.out  # Polish is not told apart: none of ours


def test_a_detected_language_with_a_lexicon_gets_no_info_line(tmp_path: Path) -> None:
    # Every language the detector tells apart has a lexicon: an undeclared Italian book is read as
    # Italian, with no "not supported" line (the line for a language no lexicon reads is tested above).
    book = write_book(tmp_path, md_book("it", lang=None, chapters=3))
    report = lint(book, config=Config()).files[0]
    assert [f.rule for f in report.findings if f.rule == "language-unsupported"] == []
    assert (report.language, report.language_source) == ("it", "detected")


def test_sarif_names_the_pseudo_rule_and_each_books_language(tmp_path: Path, run: Run) -> None:
    book = write_book(tmp_path, markdown_book(STOCK).replace('author: "Jordan Vale"', 'author: "Jordan Vale"\nlang: pl'))
    log = run("check", "--format", "sarif", book).json()
    driver = log["runs"][0]["tool"]["driver"]
    assert "language-unsupported" in [r["id"] for r in driver["rules"]]
    assert log["runs"][0]["properties"]["languages"][0]["language"] == "pl"


# --- JSON ----------------------------------------------------------------------------------------------------


def test_json_gives_each_books_language(tmp_path: Path, run: Run) -> None:
    (tmp_path / "fr").mkdir()
    (tmp_path / "de").mkdir()
    (tmp_path / "xx").mkdir()
    french = write_book(tmp_path / "fr", md_book("fr"))
    german = epub_book(tmp_path / "de" / "b.epub", "de", dc=None, html=None)
    short = write_book(tmp_path / "xx", "# Chapter 1\n\nThe ferry waited.\n")
    files = run("check", "--format", "json", french, german, short).json()["files"]
    assert [(f["language"], f["language_source"]) for f in files] == [
        ("fr", "metadata"), ("de", "detected"), (None, None)]


# --- the detector ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(STORIES))
def test_each_story_is_told_apart(code: str) -> None:
    words = words_of([STORIES[code]] * 3)
    assert detect(words) == (None if code == "pl" else code)


def test_the_sample_is_bounded() -> None:
    words = words_of([STORIES["fr"]] * 10_000)
    assert len(words) == SAMPLE_WORDS


def test_detection_reads_the_story_before_the_front_matter(tmp_path: Path) -> None:
    # A long English foreword before a French story: the book is French, the foreword English.
    book = write_book(tmp_path, md_book("fr", lang=None, foreword=" ".join([STOCK] * 6), chapters=3))
    manuscript = read_manuscript(book)
    assert language(manuscript) == ("fr", "detected")
    assert section_languages(manuscript)[0] == ("Avant-propos", "en")


def test_settle_is_the_identity_on_a_settled_book(tmp_path: Path) -> None:
    manuscript = read_manuscript(write_book(tmp_path, md_book("de")))
    assert settle(manuscript) == manuscript


# --- the data --------------------------------------------------------------------------------------------------


def test_every_phrase_is_written_as_headings_are_looked_up() -> None:
    from disclosure_lint.readers.language import heading_key

    for _, phrase in tables().headings():
        for heading in expand(phrase.removesuffix(" *")):
            assert heading_key(heading) == heading == heading.lower().replace("\u2019", "'"), phrase


def test_the_first_words_of_every_phrase_are_known_without_expanding_it() -> None:
    from disclosure_lint.readers.language import compile_headings, first_words

    for _, phrase in tables().headings():
        assert first_words(phrase) == {h.split(" ")[0] for h in expand(phrase.removesuffix(" *"))}, phrase
    # Looking a heading up among the phrases of its first word is looking it up among them all.
    exact, prefix, folded_exact, folded_prefix, _ = compile_headings(tables().headings())
    for whole, opening, folded in ((exact, prefix, False), (folded_exact, folded_prefix, True)):
        for table, name in ((whole, "exact"), (opening, "prefix")):
            for heading, kind in table.items():
                found = tables().phrases_for([heading.split(" ")[0]])
                assert getattr(found, f"folded_{name}" if folded else name)[heading] == kind, heading
    assert first_words("(a )?(b|c)d e") == {"a", "bd", "cd"}
    assert first_words("x(y|z) w") == {"xy", "xz"}


def test_phrases_expand_their_alternatives_and_optional_groups() -> None:
    assert expand("note de l'(auteur|autrice)") == ["note de l'auteur", "note de l'autrice"]
    assert expand("(a )?note") == ["a note", "note"]
    with pytest.raises(ValueError, match="nests"):
        expand("a (b (c|d))")


def test_every_language_file_compiles_and_is_known() -> None:
    import tomllib

    from disclosure_lint.readers.language import DATA, compile_patterns, phrase_lines, simple_toml

    files = sorted(DATA.glob("*.toml"), key=lambda p: (p.stem != "en", p.stem))
    parts = [(p.stem, *p.read_text("utf-8").partition("\n[headings]\n")) for p in files]
    data = compile_languages([(code, head) for code, head, _, _ in parts])
    assert data["languages"] == ["en", "de", "es", "fr", "it", "nl", "pt"] == list(tables().languages)
    for code in data["languages"]:
        assert tables().code_of(code.upper() + "-XX") == code
    for code, _, found, tail in parts:
        assert found, f"{code}.toml has no [headings] table"
        if code == "en":
            assert len(compile_patterns("[headings]\n" + tail)) == 21
        else:
            # What the readers read from the lines is what a TOML parser reads in the file.
            table = tomllib.loads("[headings]\n" + tail)["headings"]
            parsed = [(kind, line.strip()) for kind, lines in table.items() for line in lines.splitlines()
                      if line.strip()]
            assert phrase_lines(tail, code) == parsed, code
    for code, head, _, tail in parts:
        # The forms read line by line read as a TOML parser reads them.
        assert simple_toml(head) == tomllib.loads(head), code
        if code == "en":
            table = tomllib.loads("[headings]\n" + tail)["headings"]["patterns"]
            assert compile_patterns("[headings]\n" + tail) == [list(pair) for pair in table]
    assert simple_toml("a = 'b'\n[t]\nc = 'd' # no\n") is None
    assert simple_toml("a = \"b\"\n") is None and simple_toml("a = ['b']\n") is None
    assert compile_languages([("xx", "name = \"X\"\n[chapters]\nwords = \"kapittel\"\n")])["chapter_words"] == ["kapittel"]
    with pytest.raises(ValueError, match="unknown kind"):
        phrase_lines("forward = \'\'\'\nx\n\'\'\'\n", "xx")
    with pytest.raises(ValueError, match="before"):
        compile_languages([("xx", "name = 'X'\n[other]\nforward = 'x'\n")])


@pytest.mark.parametrize(("heading", "kind"), [
    ("Avant-propos", Kind.FOREWORD), ("Préface", Kind.PREFACE), ("Introduction", Kind.INTRODUCTION),
    ("Note de l’auteur", Kind.AUTHORS_NOTE), ("Note de l'autrice", Kind.AUTHORS_NOTE),
    ("Note de l’éditeur", Kind.AUTHORS_NOTE), ("Postface", Kind.AFTERWORD), ("Remerciements", Kind.ACKNOWLEDGMENTS),
    ("Mentions légales", Kind.COPYRIGHT), ("Dédicace", Kind.DEDICATION), ("Dedicace", Kind.DEDICATION),
    ("Table des matières", Kind.CONTENTS), ("Sommaire", Kind.CONTENTS), ("Prologue", Kind.PROLOGUE),
    ("Épilogue", Kind.EPILOGUE), ("À propos de l’auteur", Kind.ABOUT_AUTHOR),
    ("À propos de l'autrice", Kind.ABOUT_AUTHOR), ("Chapitre 3", Kind.CHAPTER), ("Premier chapitre", Kind.CHAPTER),
    ("Deuxième partie", Kind.PART), ("Note sur l’utilisation de l’IA", Kind.AI_NOTE),
    ("Vorwort", Kind.FOREWORD), ("Geleitwort", Kind.FOREWORD), ("Einleitung", Kind.INTRODUCTION),
    ("Anmerkung des Autors", Kind.AUTHORS_NOTE), ("Anmerkung der Autorin", Kind.AUTHORS_NOTE),
    ("Nachwort", Kind.AFTERWORD), ("Danksagung", Kind.ACKNOWLEDGMENTS), ("Impressum", Kind.COPYRIGHT),
    ("Widmung", Kind.DEDICATION), ("Inhaltsverzeichnis", Kind.CONTENTS), ("Inhalt", Kind.CONTENTS),
    ("Prolog", Kind.PROLOGUE), ("Epilog", Kind.EPILOGUE), ("Über den Autor", Kind.ABOUT_AUTHOR),
    ("Über die Autorin", Kind.ABOUT_AUTHOR), ("Kapitel 7", Kind.CHAPTER), ("Erstes Kapitel", Kind.CHAPTER),
    ("Hinweis zur Verwendung von KI", Kind.AI_NOTE),
    ("Prólogo", Kind.FOREWORD), ("Prefacio", Kind.PREFACE), ("Introducción", Kind.INTRODUCTION),
    ("Nota del autor", Kind.AUTHORS_NOTE), ("Nota de la autora", Kind.AUTHORS_NOTE), ("Epílogo", Kind.EPILOGUE),
    ("Agradecimientos", Kind.ACKNOWLEDGMENTS), ("Dedicatoria", Kind.DEDICATION), ("Índice", Kind.CONTENTS),
    ("Capítulo 2", Kind.CHAPTER), ("Sobre el autor", Kind.ABOUT_AUTHOR), ("Créditos", Kind.COPYRIGHT),
    ("Nota sobre el uso de la IA", Kind.AI_NOTE),
    ("Prefazione", Kind.PREFACE), ("Premessa", Kind.FOREWORD), ("Introduzione", Kind.INTRODUCTION),
    ("Nota dell’autore", Kind.AUTHORS_NOTE), ("Nota dell'autrice", Kind.AUTHORS_NOTE),
    ("Postfazione", Kind.AFTERWORD), ("Ringraziamenti", Kind.ACKNOWLEDGMENTS), ("Dedica", Kind.DEDICATION),
    ("Indice", Kind.CONTENTS), ("Prologo", Kind.PROLOGUE), ("Epilogo", Kind.EPILOGUE), ("Capitolo 4", Kind.CHAPTER),
    ("Nota sull’uso dell’IA", Kind.AI_NOTE),
    ("Prefácio", Kind.PREFACE), ("Introdução", Kind.INTRODUCTION), ("Nota do autor", Kind.AUTHORS_NOTE),
    ("Nota da autora", Kind.AUTHORS_NOTE), ("Posfácio", Kind.AFTERWORD), ("Agradecimentos", Kind.ACKNOWLEDGMENTS),
    ("Dedicatória", Kind.DEDICATION), ("Sumário", Kind.CONTENTS), ("Sobre o autor", Kind.ABOUT_AUTHOR),
    ("Nota sobre o uso de IA", Kind.AI_NOTE),
    ("Voorwoord", Kind.FOREWORD), ("Inleiding", Kind.INTRODUCTION), ("Woord vooraf", Kind.FOREWORD),
    ("Noot van de auteur", Kind.AUTHORS_NOTE), ("Nawoord", Kind.AFTERWORD), ("Dankwoord", Kind.ACKNOWLEDGMENTS),
    ("Opdracht", Kind.DEDICATION), ("Inhoud", Kind.CONTENTS), ("Inhoudsopgave", Kind.CONTENTS),
    ("Proloog", Kind.PROLOGUE), ("Epiloog", Kind.EPILOGUE), ("Hoofdstuk 5", Kind.CHAPTER),
    ("Eerste hoofdstuk", Kind.CHAPTER), ("Over de auteur", Kind.ABOUT_AUTHOR), ("Colofon", Kind.COPYRIGHT),
    ("Noot over het gebruik van AI", Kind.AI_NOTE), ("Verantwoording AI", Kind.AI_NOTE),
    ("Uno", Kind.CHAPTER), ("DEUX", Kind.CHAPTER), ("Annexe B", Kind.APPENDIX),
])
def test_front_matter_headings_in_seven_languages(heading: str, kind: Kind) -> None:
    from disclosure_lint.readers.vocabulary import classify_heading

    assert classify_heading(heading) is kind


@pytest.mark.parametrize("heading", ["Note", "Motto", "Register", "Once", "Elf", "Premier", "Copyright 2024 Jordan Vale",
                                     "The Storm", "Un soir d'été", "Der letzte Tag", "()", "« »"])
def test_english_words_and_titles_name_nothing(heading: str) -> None:
    from disclosure_lint.readers.vocabulary import classify_heading

    assert classify_heading(heading) is Kind.OTHER


@pytest.mark.parametrize("fmt", ["markdown", "docx", "epub"])
def test_a_french_books_front_matter_is_front_matter_in_every_format(tmp_path: Path, fmt: str) -> None:
    book = FORMATS[fmt](tmp_path, "fr")
    manuscript = read_manuscript(book)
    assert [(s.role, s.kind) for s in manuscript.sections][-3:] == [
        (Role.FRONT, Kind.FOREWORD), (Role.BODY, Kind.CHAPTER), (Role.BODY, Kind.CHAPTER)]


def test_the_tables_from_the_cache_are_the_tables_compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from disclosure_lint import cache
    from disclosure_lint.readers import language as module

    monkeypatch.setattr(cache, "FOLDER", tmp_path / "__pycache__")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.delenv("DISCLOSURE_LINT_CACHE", raising=False)
    monkeypatch.setattr(module, "_TABLES", [])
    fresh = module.tables()
    assert cache.path("languages").is_file()
    monkeypatch.setattr(module, "_TABLES", [])
    cached = module.tables()
    assert cached is not fresh
    assert {name: getattr(cached, name) for name in module.Tables.__slots__} == \
        {name: getattr(fresh, name) for name in module.Tables.__slots__}
    # A value of the right format but another shape is compiled again, and stored anew.
    files = sorted(module.DATA.glob("*.toml"), key=lambda p: (p.stem != "en", p.stem))
    heads = tuple((p.stem, p.read_text("utf-8").partition("\n[headings]\n")[0]) for p in files)
    header = ("disclosure-lint languages 8", heads)
    cache.store("languages", header, {"languages": ["en"]})
    monkeypatch.setattr(module, "_TABLES", [])
    assert module.tables().detect == fresh.detect
    stored = cache.load("languages", header)
    assert isinstance(stored, dict) and "detect" in stored
    assert module.tables().patterns() == fresh.patterns() and cache.path("language-patterns").is_file()
    # The phrases' first words, read on the first heading English does not name, are kept too.
    assert fresh.buckets() == cached.buckets()
    assert cache.path("language-heading-words").is_file()
    monkeypatch.setattr(module, "_TABLES", [])
    assert module.tables().buckets() == fresh.buckets()
    assert module.tables().phrases_for(["note"]).exact == fresh.phrases_for(["note"]).exact


# --- Markdown: TOML front matter, pandoc's attributes -----------------------------------------------------


def _toml_book(language: str, front: str) -> str:
    """`md_book(language)` with its YAML front matter replaced by TOML `front`."""
    text = md_book(language, lang=None)
    return "+++\n" + front + "\n+++" + text.split("---", 2)[2]


def test_toml_front_matter_gives_language_title_and_author(tmp_path: Path, run: Run) -> None:
    book = write_book(tmp_path, _toml_book("fr", 'title = "Le Phare"\nauthors = ["Camille Vaillant"]\nlang = "fr"'))
    manuscript = read_manuscript(book)
    meta = manuscript.metadata
    assert (meta.title, meta.authors, meta.language, meta.language_source) == (
        "Le Phare", ("Camille Vaillant",), "fr", "metadata")
    # The fences are no text: the book starts with its foreword, on the line it is written on.
    assert manuscript.sections[0].heading == "Avant-propos"
    assert manuscript.sections[0].location.line == 7
    assert "+++" not in " ".join(b.text for s in manuscript.sections for b in s.blocks)
    # Read as French: a French book's French disclosure is found, as with YAML front matter.
    assert run("check", "--format", "json", book).json()["files"][0]["language"] == "fr"
    yaml_book = write_book(tmp_path, md_book("fr"), "yaml.md")
    assert [f["rule"] for f in run("check", "--format", "json", book).json()["files"][0]["findings"]] == \
        [f["rule"] for f in run("check", "--format", "json", yaml_book).json()["files"][0]["findings"]]


@pytest.mark.parametrize("front", ['language = "de-DE"\nauthor = "Jo Vale"', "lang = 'de'\r\ntitle = 'x'"])
def test_toml_front_matter_language_key_and_crlf(tmp_path: Path, front: str) -> None:
    book = write_book(tmp_path, _toml_book("de", front))
    assert read_manuscript(book).metadata.language in ("de", "de-DE")


def test_bad_toml_front_matter_is_a_warning_and_an_unclosed_fence_is_text(tmp_path: Path, run: Run) -> None:
    book = write_book(tmp_path, _toml_book("fr", 'title = "unclosed'))
    manuscript = read_manuscript(book)
    assert [w.message for w in manuscript.warnings] == [
        w.message for w in manuscript.warnings if w.message.startswith("front matter is not valid TOML (")]
    assert len(manuscript.warnings) == 1
    result = run("check", book)
    assert result.code in (0, 1) and "Traceback" not in result.err
    unclosed = write_book(tmp_path, "+++\nlang = 'fr'\n\n# Foreword\n\n" + STOCK + "\n", "unclosed.md")
    manuscript = read_manuscript(unclosed)
    assert manuscript.metadata.language_source != "metadata"  # not declared: told from the words
    assert manuscript.sections[0].blocks[0].text == "+++ lang = 'fr'"


def test_pandoc_attributes_give_a_section_its_language(tmp_path: Path, run: Run) -> None:
    german = BOOKS["de"][2]
    text = "\n".join([
        "---", 'title: "Le Phare"', "lang: fr", "---", "",
        "::: {#vorwort .note lang=de}", "# Vorwort", "", german, ":::", "",
        "# Note de l'autrice {#note lang=en}", "", STOCK, "",
        "# Chapitre 1 {#ch1}", "", BOOKS["fr"][3], "",
        "::: {lang=de}", german, "", german, ":::", "",
        "# Chapitre 2", "", BOOKS["fr"][3] + " [Hello there, my dear friend]{lang=en} dit-il.", "",
    ])
    book = write_book(tmp_path, text)
    manuscript = read_manuscript(book)
    by_heading = {s.heading: s for s in manuscript.sections}
    assert list(by_heading) == ["Vorwort", "Note de l'autrice", "Chapitre 1", "Chapitre 2"]
    assert by_heading["Vorwort"].language == "de"
    assert by_heading["Note de l'autrice"].language == "en"
    # Most of chapter 1 is in a German div: the section is German; a short span changes nothing.
    assert by_heading["Chapitre 1"].language == "de"
    assert by_heading["Chapitre 2"].language is None
    shown = " ".join(b.text for s in manuscript.sections for b in s.blocks)
    assert ":::" not in shown and "{" not in shown and "Hello there, my dear friend dit-il." in shown
    # The German foreword is read as German: its disclosure is found, in German.
    data = run("check", "--format", "json", book).json()["files"][0]
    assert data["language"] == "fr"
    assert "disclosure-missing" not in [f["rule"] for f in data["findings"]]


def test_a_bare_fence_with_no_div_open_is_text(tmp_path: Path) -> None:
    book = write_book(tmp_path, "# Chapter 1\n\n:::\n\nText of the story.\n")
    blocks = [b.text for s in read_manuscript(book).sections for b in s.blocks]
    assert blocks == ["Chapter 1", ":::", "Text of the story."]
