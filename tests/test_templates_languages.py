"""Templates per language for `insert` (issue 15, item 3): each language's templates are faithful
to the policy's stock text, in each voice and grammatical gender; `insert` writes in the book's
language, or the one --lang forces; every template passes `check` in its language."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run
from docx_builders import W_NS, build_docx
from epub_builders import build_epub

from disclosure_lint.analysis.lexicon import load_lexicon
from disclosure_lint.model import Manuscript, Metadata
from disclosure_lint.readers.vocabulary import STORY_KINDS, classify_heading
from disclosure_lint.writers import DISCLOSURE_RULES, InsertOptions, build_note
from disclosure_lint.writers.templates import BUILTIN, choose, languages, load_templates

RunCLI = Callable[..., Run]

LANGUAGES = ("de", "en", "es", "fr", "it", "nl", "pt")
#: Languages whose "the author" has a grammatical gender: their third person has -feminine variants.
GENDERED = ("de", "es", "fr", "it", "pt")

CHAPTERS = {
    "en": ("Chapter", "The harbor lights came on one by one while the ferry waited at the quay. Mira counted "
                      "the lanterns and thought about the letter in her coat."),
    "fr": ("Chapitre", "Les lumières du port s'allumèrent une à une pendant que le ferry attendait au quai. "
                       "Mira compta les lanternes et pensa à la lettre dans son manteau."),
    "de": ("Kapitel", "Im Hafen gingen die Lichter eines nach dem anderen an, während die Fähre am Kai wartete. "
                      "Mira zählte die Laternen und dachte an den Brief in ihrem Mantel."),
    "es": ("Capítulo", "Las luces del puerto se encendieron una a una mientras el ferry esperaba en el muelle. "
                       "Mira contó los faroles y pensó en la carta que llevaba en el abrigo."),
    "it": ("Capitolo", "Le luci del porto si accesero una dopo l'altra mentre il traghetto aspettava sulla "
                       "banchina. Mira contò le lanterne e pensò alla lettera nel suo cappotto."),
    "pt": ("Capítulo", "As luzes do porto acenderam-se uma a uma enquanto o ferry esperava no cais. Mira contou "
                       "as lanternas e pensou na carta que trazia no casaco."),
    "nl": ("Hoofdstuk", "De lichten van de haven gingen een voor een aan terwijl de veerboot aan de kade wachtte. "
                        "Mira telde de lantaarns en dacht aan de brief in haar jas."),
}

#: The policy's stock text, rendered for GPT-3 (OpenAI's), in each language's third person.
STOCK = {
    "en": "The author generated this text in part with GPT-3, OpenAI's large-scale language-generation model. "
          "Upon generating draft language, the author reviewed, edited, and revised the language to their own "
          "liking and takes ultimate responsibility for the content of this publication.",
    "fr": "L'auteur a généré ce texte en partie avec GPT-3, le grand modèle de langage génératif développé par "
          "OpenAI. Après avoir généré une ébauche, l'auteur a relu, retravaillé et révisé le texte à son gré et "
          "assume la responsabilité ultime du contenu de cette publication.",
    "de": "Der Autor hat diesen Text teilweise mit GPT-3, dem großen generativen Sprachmodell von OpenAI, "
          "generiert. Nach dem Generieren des Entwurfs hat der Autor den Text nach eigenen Vorstellungen "
          "durchgesehen, bearbeitet und überarbeitet und übernimmt die letztendliche Verantwortung für den "
          "Inhalt dieser Veröffentlichung.",
    "es": "El autor generó este texto en parte con GPT-3, el gran modelo de lenguaje generativo de OpenAI. Tras "
          "generar el borrador, el autor revisó, editó y modificó el texto a su gusto y asume la responsabilidad "
          "última del contenido de esta publicación.",
    "it": "L'autore ha generato questo testo in parte con GPT-3, il grande modello linguistico generativo di "
          "OpenAI. Dopo aver generato una bozza, l'autore ha riletto, modificato e rivisto il testo a proprio "
          "piacimento e si assume la responsabilità ultima del contenuto di questa pubblicazione.",
    "pt": "O autor gerou este texto em parte com GPT-3, o grande modelo de linguagem generativo da empresa OpenAI. "
          "Após gerar o rascunho, o autor revisou, editou e reformulou o texto a seu gosto e assume a "
          "responsabilidade final pelo conteúdo desta publicação.",
    "nl": "De auteur heeft deze tekst gedeeltelijk gegenereerd met GPT-3, het grote generatieve taalmodel van "
          "OpenAI. Na het genereren van de concepttekst heeft de auteur de tekst naar eigen inzicht nagelezen, "
          "bewerkt en herzien. De auteur draagt de uiteindelijke verantwoordelijkheid voor de inhoud van deze "
          "publicatie.",
}
#: How each gendered language's feminine third person names the author.
FEMININE = {"de": "Die Autorin", "es": "La autora", "fr": "L'autrice", "it": "L'autrice", "pt": "A autora"}


def _every_template() -> list[object]:
    out: list[object] = []
    for language in LANGUAGES:
        for name in load_templates(language=language):
            out.append(pytest.param(language, name, id=f"{language}-{name}"))
    return out


def markdown(language: str, *, lang_line: bool = True) -> str:
    word, text = CHAPTERS[language]
    head = ["---", 'title: "Harbor Lights"', 'author: "Jordan Vale"'] + ([f"lang: {language}"] if lang_line else [])
    return "\n".join([*head, "---", "", f"# {word} 1", "", text, "", f"# {word} 2", "", text, ""])


def disclosure_findings(result: Run) -> list[tuple[str, str]]:
    """(rule, message) of every finding of a disclosure rule, whatever its severity."""
    return [(f["rule"], f["message"]) for fl in result.json()["files"] for f in fl["findings"]
            if f["rule"] in DISCLOSURE_RULES]


# --- the data ---------------------------------------------------------------------------------------


def test_every_language_has_every_template_and_a_heading() -> None:
    known = languages()
    assert tuple(known) == LANGUAGES
    for language in LANGUAGES:
        found = load_templates(language=language)
        assert set(BUILTIN) <= found.keys(), language
        feminine = {n for n in found if n.endswith("-feminine")}
        if language in GENDERED:
            assert feminine == {"stock-feminine", "copyright-line-feminine"}, language
        else:
            assert not feminine, language
        for template in found.values():
            assert template.language == language and template.source == "built-in"
            assert template.voice == ("first" if "first-person" in template.name else
                                      "company" if "company" in template.name else "third")
            assert template.gender == ("feminine" if template.name.endswith("-feminine") else
                                       "masculine" if language in GENDERED and template.voice == "third"
                                       else "neutral"), template.name
            # English descriptions (messages stay in English), naming the language.
            assert template.description.isascii() or language != "en"
            assert language == "en" or known[language].name in template.description
            # A model whose maker is unknown, and a company's name, fill every template.
            for paragraph in template.render({"model": "Quill-7", "author": "Bluefin Press"}):
                assert "{" not in paragraph and "[[" not in paragraph and "Quill-7" in paragraph
        assert classify_heading(known[language].heading) not in STORY_KINDS


@pytest.mark.parametrize("language", LANGUAGES)
def test_stock_is_the_policys_wording_in_each_language(language: str, run: RunCLI) -> None:
    result = run("templates", "stock", "--lang", language, "--model", "GPT-3")
    assert result.code == 0, result.err
    assert result.out.strip() == STOCK[language]


#: The masculine author and the feminine, in each gendered language (sentence start, then inside).
AUTHORS = {"de": ("Der Autor", "Die Autorin"), "es": ("El autor", "La autora"), "fr": ("L'auteur", "L'autrice"),
           "it": ("L'autore", "L'autrice"), "pt": ("O autor", "A autora")}


@pytest.mark.parametrize("language", GENDERED)
def test_the_feminine_variant_differs_only_in_the_author(language: str) -> None:
    found = load_templates(language=language)
    masculine, feminine = AUTHORS[language]
    for name in ("stock", "copyright-line"):
        values: dict[str, str | None] = {"model": "GPT-3", "vendor": "OpenAI"}
        his, hers = found[name].render(values)[0], found[f"{name}-feminine"].render(values)[0]
        assert masculine.lower() in his.lower()
        expected = his.replace(masculine, feminine).replace(masculine[0].lower() + masculine[1:],
                                                            feminine[0].lower() + feminine[1:])
        assert hers == expected


# --- every template passes check in its language -------------------------------------------------------


@pytest.mark.parametrize(("language", "name"), _every_template())
@pytest.mark.parametrize("model", ["GPT-4", "Quill-7"])
def test_every_template_passes_check_in_its_language(tmp_path: Path, run: RunCLI, language: str, name: str,
                                                     model: str) -> None:
    book = tmp_path / "book.md"
    book.write_text(markdown(language), encoding="utf-8")
    author = ("--author", "Bluefin Press") if name.endswith("company") else ()
    result = run("insert", book, "--model", model, "--template", name, "--lang", language, *author)
    assert result.code == 0, result.err
    heading = languages()[language].heading
    assert f"# {heading}\n" in book.read_text("utf-8")
    checked = run("check", "--format", "json", "--model", model, book)
    assert disclosure_findings(checked) == [] and checked.code == 0, checked.out


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_book_in_its_own_language_gets_the_note_in_it_docx(tmp_path: Path, run: RunCLI, language: str) -> None:
    word, text = CHAPTERS[language]
    doc = build_docx(tmp_path / "book.docx", [("Title", "Harbor Lights"), "Jordan Vale", ("Heading 1", f"{word} 1"),
                                              text, ("Heading 1", f"{word} 2"), text],
                     author="Jordan Vale", language=language)
    result = run("insert", doc, "--model", "GPT-4", "--lang", language, "--gender", "feminine")
    assert result.code == 0, result.err
    heading = languages()[language].heading
    assert f"added “{heading}”" in result.out
    checked = run("check", "--format", "json", "--model", "GPT-4", doc)
    assert disclosure_findings(checked) == [] and checked.code == 0, checked.out
    with zipfile.ZipFile(doc) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    assert (FEMININE.get(language) or STOCK[language].split(" GPT")[0].split()[0]) in xml
    assert "w:lang" not in xml  # the note is in the book's own language: nothing to mark


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("version", [2, 3])
def test_the_book_in_its_own_language_gets_the_note_in_it_epub(tmp_path: Path, run: RunCLI, language: str,
                                                               version: int) -> None:
    """Chosen by the book's dc:language alone (no --lang)."""
    word, text = CHAPTERS[language]
    docs = [("title.xhtml", "frontmatter titlepage", "<h1>Harbor Lights</h1><p>Jordan Vale</p>"),
            ("chapter-1.xhtml", "bodymatter chapter", f"<h1>{word} 1</h1><p>{text}</p>"),
            ("chapter-2.xhtml", "bodymatter chapter", f"<h1>{word} 2</h1><p>{text}</p>")]
    book = build_epub(tmp_path / "book.epub", docs, version=version, title="Harbor Lights",
                      authors=("Jordan Vale",), language=f"{language}-XX" if language != "en" else "en")
    result = run("insert", book, "--model", "Claude")
    assert result.code == 0, result.err
    heading = languages()[language].heading
    assert f"added “{heading}”" in result.out
    checked = run("check", "--format", "json", "--model", "Claude", book)
    assert disclosure_findings(checked) == [] and checked.code == 0, checked.out
    with zipfile.ZipFile(book) as zf:
        new = next(n for n in zf.namelist() if "note-on-ai" in n)
        document = zf.read(new).decode("utf-8")
    # The test books' documents say lang="en" whatever their dc:language: a note in another
    # language is marked with the book's own tag for it.
    assert set(re.findall(r'lang="([^"]*)"', document)) == {f"{language}-XX" if language != "en" else "en"}


# --- the language chosen ---------------------------------------------------------------------------------


def _note(book_language: str | None, **options: str) -> tuple[str, str, str]:
    """(heading, first paragraph, remark) of the note build_note makes for a book in `book_language`."""
    from disclosure_lint.config import Config

    manuscript = Manuscript("book.md", "markdown", Metadata("Harbor Lights", ("Jordan Vale",), book_language), ())
    note = build_note(manuscript, InsertOptions(**options), Config(), "GPT-3")  # type: ignore[arg-type]
    return note.heading, note.paragraphs[0], note.remark


@pytest.mark.parametrize(("tag", "language"), [
    ("fr", "fr"), ("fr-CA", "fr"), ("FR", "fr"), ("fr_FR", "fr"), ("fra", "fr"), ("French", "fr"),
    ("de-CH", "de"), ("de_DE", "de"), ("deu", "de"), ("en-GB", "en"), (None, "en"), ("", "en"),
])
def test_the_books_language_chooses_the_templates(tag: str | None, language: str) -> None:
    heading, text, remark = _note(tag)
    assert heading == languages()[language].heading
    assert text == STOCK[language]
    assert remark == ("" if language == "en" else f" (in {languages()[language].name})")


def test_the_note_is_tagged_with_the_books_own_tag_or_its_code() -> None:
    from disclosure_lint.config import Config

    def tag(book_language: str | None, **options: str) -> str:
        manuscript = Manuscript("b.md", "markdown", Metadata("T", ("Jordan Vale",), book_language), ())
        return build_note(manuscript, InsertOptions(**options), Config(), "GPT-3").language  # type: ignore[arg-type]

    assert [tag("fr-CA"), tag("fr_FR"), tag("French"), tag(None), tag("ja"), tag("en-GB")] == \
        ["fr-CA", "fr-FR", "fr", "en", "en", "en-GB"]
    assert tag("fr-CA", language="de") == "de"


def test_a_language_without_templates_gets_english_and_says_so() -> None:
    heading, text, remark = _note("ja-JP")
    assert (heading, text) == (languages()["en"].heading, STOCK["en"])
    assert remark == " (in English: no templates in the book's language 'ja-JP')"


@pytest.mark.parametrize("language", ["es", "it", "pt", "nl"])
def test_a_language_check_does_not_read_yet_gets_english_unless_forced(language: str) -> None:
    """Until the analysis reads a language, a note in it could not pass check (and insert would
    refuse the book): the book's language alone gives English; --lang forces it."""
    _, text, remark = _note(language)
    if load_lexicon().language_of(language) is None:
        assert text == STOCK["en"] and f"--lang {language} forces one" in remark
    else:  # its lexicon has landed
        assert text == STOCK[language] and remark == f" (in {languages()[language].name})"
    forced = _note(None, language=language)
    assert forced[:2] == (languages()[language].heading, STOCK[language])


def test_lang_overrides_the_books_language_and_gender_picks_the_variant() -> None:
    assert _note("fr", language="de")[1] == STOCK["de"]
    assert _note("en", language="fr", gender="feminine")[1].startswith("L'autrice a généré ce texte")
    assert _note("fr", gender="masculine")[1] == STOCK["fr"]
    assert _note("en", gender="feminine")[1] == STOCK["en"]  # "the author" has no gender in English
    assert _note("nl", language="nl", gender="feminine")[1] == STOCK["nl"]
    assert _note("fr", gender="feminine", voice="first")[1].startswith("J'ai généré ce texte")
    assert _note("de", template="stock-feminine", voice="company", author="Bluefin Press")[1].startswith(
        "Bluefin Press hat diesen Text")
    assert _note("de", template="stock-feminine")[1].startswith("Die Autorin hat")
    assert _note("fr", heading="Avertissement")[0] == "Avertissement"


def test_markdown_front_matter_lang_chooses_the_language(tmp_path: Path, run: RunCLI) -> None:
    book = tmp_path / "book.md"
    book.write_text(markdown("fr"), encoding="utf-8")
    result = run("insert", book, "--model", "GPT-4", "--gender", "feminine")
    assert result.code == 0, result.err
    assert result.out.strip() == f"{book}: added “Note sur l'utilisation de l'IA” (in French) before “Chapitre 1”"
    text = book.read_text("utf-8")
    assert "# Note sur l'utilisation de l'IA\n\nL'autrice a généré ce texte en partie avec GPT-4, le grand " in text
    assert run("check", "--model", "GPT-4", book).code == 0
    again = run("insert", book, "--model", "GPT-4")
    assert again.code == 0 and "nothing changed" in again.out


def test_a_book_folder_takes_its_language_from_the_config(tmp_path: Path, run: RunCLI) -> None:
    word, text = CHAPTERS["de"]
    (tmp_path / ".disclosure-lint.toml").write_text('[book]\nlanguage = "de-AT"\nauthors = ["Jordan Vale"]\n',
                                                   encoding="utf-8")
    for n in (1, 2):
        (tmp_path / f"0{n}-kapitel.md").write_text(f"# {word} {n}\n\n{text}\n", encoding="utf-8")
    result = run("insert", tmp_path, "--model", "GPT-4")
    assert result.code == 0, result.err
    assert "added “Hinweis zur Verwendung von KI” (in German)" in result.out
    new = next(tmp_path.glob("*note-on-ai.md"))
    assert new.read_text("utf-8").startswith("# Hinweis zur Verwendung von KI\n\nDer Autor hat diesen Text")
    assert run("check", "--model", "GPT-4", tmp_path).code == 0


def test_a_note_in_another_language_than_the_books_is_read_in_its_own(tmp_path: Path, run: RunCLI) -> None:
    """A French note in a book declared English: the readers tell the note's language from its
    words (a front-matter section that declares none of its own), so it passes check in French,
    while the book stays English."""
    book = tmp_path / "book.md"
    book.write_text(markdown("en").replace("lang: en", "lang: en-US"), encoding="utf-8")
    result = run("insert", book, "--model", "GPT-4", "--lang", "fr")
    assert result.code == 0, result.err
    assert "(in French)" in result.out
    checked = run("check", "--format", "json", "--model", "GPT-4", book)
    assert checked.code == 0 and disclosure_findings(checked) == []
    assert json.loads(checked.out)["files"][0]["language"] == "en-US"


# --- marking a note in another language than its book ------------------------------------------------------


def _render(path: Path, fmt: str, language: str) -> bytes:
    """The writer's output for a French (`language`) note, without the check that follows it."""
    import importlib

    from disclosure_lint.readers import read_manuscript
    from disclosure_lint.writers import Note, place

    manuscript = read_manuscript(path)
    note = Note("Note sur l'utilisation de l'IA", (STOCK["fr"],), language)
    writer = importlib.import_module(f"disclosure_lint.writers.{fmt}")
    from disclosure_lint.writers.atomic import materialize

    return materialize(writer.render(path.read_bytes(), manuscript, place(manuscript), note).data)


@pytest.mark.parametrize("version", [2, 3])
def test_epub_marks_a_note_in_another_language(tmp_path: Path, version: int) -> None:
    word, text = CHAPTERS["en"]
    docs = [("chapter-1.xhtml", "bodymatter chapter", f"<section xml:lang='en'><h1>{word} 1</h1><p>{text}</p></section>")]
    book = build_epub(tmp_path / "book.epub", docs, version=version, language="en-GB")
    with zipfile.ZipFile(io.BytesIO(_render(book, "epub", "fr"))) as zf:
        document = zf.read(next(n for n in zf.namelist() if "note-on-ai" in n)).decode("utf-8")
    assert set(re.findall(r'lang="([^"]*)"', document)) == {"fr"}  # the root's, and the copied section's
    with zipfile.ZipFile(io.BytesIO(_render(book, "epub", "en-GB"))) as zf:
        same = zf.read(next(n for n in zf.namelist() if "note-on-ai" in n)).decode("utf-8")
    assert "fr" not in re.findall(r'lang="([^"]*)"', same)  # an English note: the book's own languages


def test_docx_marks_a_note_in_another_language(tmp_path: Path) -> None:
    word, text = CHAPTERS["en"]
    doc = build_docx(tmp_path / "book.docx", [("Heading 1", f"{word} 1"), text], author="Jordan Vale",
                     language="en-US")
    with zipfile.ZipFile(io.BytesIO(_render(doc, "docx", "fr"))) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    marks = re.findall(r'<w:lang w:val="([^"]+)"/>', xml)
    assert marks == ["fr"] * 4  # heading and text: the paragraph mark and the run of each
    with zipfile.ZipFile(io.BytesIO(_render(doc, "docx", "en"))) as zf:
        assert "w:lang" not in zf.read("word/document.xml").decode("utf-8")
    assert W_NS in xml


# --- the command line ------------------------------------------------------------------------------------


def test_templates_lists_the_languages_and_a_languages_templates(run: RunCLI) -> None:
    listing = run("templates")
    assert listing.code == 0
    languages_part = listing.out.partition("\n\n")[2].splitlines()
    assert languages_part[0].startswith("languages")
    codes = [line.split()[0] for line in languages_part[1:]]
    assert codes == list(LANGUAGES)
    assert any(line.split()[:2] == ["fr", "French"] and "“Note sur l'utilisation de l'IA”" in line
               for line in languages_part)
    french = run("templates", "--lang", "fr-CA")
    rows, _, heading = french.out.partition("\n\n")
    listed = {line.split()[0]: line.split()[1] for line in rows.splitlines()}
    assert listed["stock"] == "third" and listed["stock-feminine"] == "third"
    assert listed["stock-first-person"] == "first" and listed["copyright-line-company"] == "company"
    assert list(listed)[:2] == ["stock", "stock-feminine"]
    assert heading.strip() == "heading: Note sur l'utilisation de l'IA"
    printed = run("templates", "stock-feminine", "--lang", "fr")
    assert printed.out.startswith("L'autrice a généré ce texte en partie avec {model}, le grand modèle")
    unknown = run("templates", "stock-feminine")
    assert unknown.code == 2 and "unknown template 'stock-feminine'" in unknown.err


@pytest.mark.parametrize("command", [("templates", "--lang", "xx"), ("insert", "{book}", "--model", "GPT-4",
                                                                     "--lang", "xx")])
def test_an_unknown_language_is_one_line_and_exit_2(tmp_path: Path, run: RunCLI, command: tuple[str, ...]) -> None:
    book = tmp_path / "book.md"
    book.write_text(markdown("fr"), encoding="utf-8")
    result = run(*(part.format(book=book) for part in command))
    assert result.code == 2
    assert result.err == "disclosure-lint: no templates in 'xx'; available: de, en, es, fr, it, nl, pt\n"


def test_help_says_how_languages_are_chosen(run: RunCLI) -> None:
    templates_help = " ".join(run("templates", "--help").out.split())
    assert "--lang CODE" in templates_help and "-feminine" in templates_help
    insert_help = " ".join(run("insert", "--help").out.split())
    assert "--lang CODE" in insert_help and "--gender [feminine|masculine]" in insert_help
    assert "default: the book's language" in insert_help


# --- a user's own templates, in languages --------------------------------------------------------------------


def _user_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "t"
    (folder / "fr").mkdir(parents=True)
    (folder / "mine.txt").write_text("# Mine\nI drafted this book with {model}, an AI chatbot, and edited every "
                                     "page. I take full responsibility for the content.\n", encoding="utf-8")
    (folder / "fr" / "ours.txt").write_text(
        "# Ours, in French\n# voice: first\nJ'ai rédigé ce livre avec {model}, un assistant d'IA, puis j'ai "
        "réécrit chaque page. J'assume l'entière responsabilité du contenu.\n", encoding="utf-8")
    (folder / "languages.toml").write_text('[fr]\nname = "French"\nheading = "Avertissement sur l\'IA"\n',
                                           encoding="utf-8")
    (tmp_path / ".disclosure-lint.toml").write_text('templates = "t"\n', encoding="utf-8")
    return folder


def test_a_users_templates_in_a_language_folder(tmp_path: Path, run: RunCLI) -> None:
    _user_folder(tmp_path)
    book = tmp_path / "book.md"
    book.write_text(markdown("fr"), encoding="utf-8")
    result = run("insert", book, "--model", "GPT-4", "--template", "ours")
    assert result.code == 0, result.err
    assert "added “Avertissement sur l'IA” (in French)" in result.out
    assert "J'ai rédigé ce livre avec GPT-4, un assistant d'IA" in book.read_text("utf-8")
    assert run("check", "--model", "GPT-4", book).code == 0


def test_a_users_template_a_language_lacks_is_taken_from_the_top_unless_forced(tmp_path: Path, run: RunCLI) -> None:
    folder = _user_folder(tmp_path)
    book = tmp_path / "book.md"
    original = markdown("fr")
    book.write_text(original, encoding="utf-8")
    forced = run("insert", book, "--model", "GPT-4", "--template", "mine", "--lang", "fr")
    assert forced.code == 2
    assert "template 'mine' has no 'fr' version (expected fr/mine.txt in the templates folder" in forced.err
    assert choose(load_templates(folder, "en"), "mine", None, "feminine").name == "mine"  # neutral: no variant
    # The top's (English) text is read in the book's language, French: it does not pass, and
    # insert says why.
    english = run("insert", book, "--model", "GPT-4", "--template", "mine")
    assert english.code == 1
    assert "the note is in 'en' but the book declares its language as 'fr'" in english.err
    assert "with a template in fr/ of the templates folder" in english.err
    assert book.read_text("utf-8") == original
    # A template written in French before there were language folders still works.
    (folder / "legacy.txt").write_text("# Legacy\n# voice: first\nJ'ai rédigé ce livre avec {model}, un "
                                       "assistant d'IA, puis j'ai réécrit chaque page. J'assume l'entière "
                                       "responsabilité du contenu.\n", encoding="utf-8")
    legacy = run("insert", book, "--model", "GPT-4", "--template", "legacy", "--heading", "Avertissement")
    assert legacy.code == 0, legacy.err
    assert ("added “Avertissement” (the templates folder has no French version of 'legacy': used the one at "
            "its top) before") in legacy.out


def test_a_gendered_template_without_the_variant_asked_for_is_refused(tmp_path: Path, run: RunCLI) -> None:
    folder = _user_folder(tmp_path)
    (folder / "fr" / "short.txt").write_text("# Short\n# gender: masculine\nL'auteur a rédigé ce livre avec "
                                             "{model} et l'a relu. Il en assume la responsabilité.\n", "utf-8")
    book = tmp_path / "book.md"
    book.write_text(markdown("fr"), encoding="utf-8")
    result = run("insert", book, "--model", "GPT-4", "--template", "short", "--gender", "feminine")
    assert result.code == 2
    assert "template 'short' (fr) has no feminine variant (expected a template named 'short-feminine'" in result.err
    bad = folder / "fr" / "bad.txt"
    bad.write_text("# Bad\n# gender: female\nText.\n", "utf-8")
    listing = run("templates", "--lang", "fr", "--config", tmp_path / ".disclosure-lint.toml")
    assert listing.code == 2 and "gender must be one of neutral, feminine, masculine" in listing.err
