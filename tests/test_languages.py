"""Books in other languages (issue 15): each section is read with the lexicon of its language (the
section's own, or the book's), by the same code; a language without a lexicon is read with the
English one, and the analysis says which. Messages stay in English and quote the book's words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from disclosure_lint.analysis.disclosure import analyse
from disclosure_lint.analysis.lexicon import lexicon_for, load_lexicon
from disclosure_lint.analysis.mentions import find_mentions
from disclosure_lint.analysis.normalize import normalise, sentences
from disclosure_lint.analysis.statements import read_sentence
from disclosure_lint.model import Block, Kind, Location, Manuscript, Metadata, Role, Section

EN = load_lexicon()
FR = load_lexicon(language="fr")
DE = load_lexicon(language="de")
ES = load_lexicon(language="es")
IT = load_lexicon(language="it")
PT = load_lexicon(language="pt")
NL = load_lexicon(language="nl")


@pytest.mark.parametrize(("tag", "language"), [
    ("fr", "fr"), ("fr-FR", "fr"), ("FR", "fr"), ("fr_CA", "fr"), ("fra", "fr"), ("fre", "fr"), ("French", "fr"),
    ("de", "de"), ("de_DE", "de"), ("de-CH", "de"), ("DE", "de"), ("deu", "de"), ("ger", "de"), ("Deutsch", "de"),
    ("es", "es"), ("es-MX", "es"), ("ES", "es"), ("spa", "es"), ("Español", "es"), ("castellano", "es"),
    ("it", "it"), ("it-IT", "it"), ("it_CH", "it"), ("ita", "it"), ("Italiano", "it"),
    ("pt", "pt"), ("pt-BR", "pt"), ("pt_PT", "pt"), ("por", "pt"), ("Português", "pt"),
    ("nl", "nl"), ("nl-NL", "nl"), ("nl-BE", "nl"), ("nld", "nl"), ("dut", "nl"), ("Nederlands", "nl"), ("Vlaams", "nl"),
    ("en-US", "en"), ("eng", "en"), ("ja", None), ("ru-RU", None), ("", None), (None, None),
])
def test_a_language_tag_names_its_lexicon(tag: str | None, language: str | None) -> None:
    assert EN.language_of(tag) == language
    assert EN.for_language(tag).language == (language or "en")
    assert lexicon_for(tag) is load_lexicon(()).for_language(tag)  # the same, without English's first
    extra = (("ai-terms", ("Quill-7",)),)
    assert lexicon_for(tag, extra) is load_lexicon(extra).for_language(tag)


def test_each_language_loads_its_own_lexicon_once_with_the_same_extra_phrases() -> None:
    extra = (("ai-terms", ("Quill-7",)),)
    english = load_lexicon(extra)
    french = english.for_language("fr-FR")
    assert french.language == "fr" and french is load_lexicon(extra, "fr")
    assert find_mentions("J'ai rédigé ce texte avec Quill-7.", french)
    assert english.for_language("ja") is english  # no Japanese lexicon: English


def _words(text: str, lex: object) -> list[str]:
    from disclosure_lint.analysis.lexicon import Lexicon

    assert isinstance(lex, Lexicon)
    return [m.text for m in find_mentions(normalise(text), lex)]


@pytest.mark.parametrize("text", [
    "J'ai écrit ce livre seul.", "J'AI ÉCRIT CE LIVRE SEUL.", "Il est passé via la ia du village.",
    "Le guide répétait « ahí, ahí » en montrant le sommet.", "Il MAIA tout.",
])
def test_ia_only_in_capitals_never_jai_or_ahi(text: str) -> None:
    assert _words(text, FR) == []


@pytest.mark.parametrize(("text", "words"), [
    ("J'ai rédigé ce livre avec l'IA.", ["IA"]), ("L'IA a rédigé le plan.", ["IA"]),
    ("Un usage d'IA générative.", ["IA"]), ("Les logiciels d'IAG.", ["IAG"]),
    ("L'intelligence artificielle a traduit le texte.", ["intelligence artificielle"]),
])
def test_french_ai_words(text: str, words: list[str]) -> None:
    assert _words(text, FR) == words


@pytest.mark.parametrize("text", ["Im Winter fuhren wir Ski.", "Sie sangen KIRCHENLIEDER.", "Akira las vor."])
def test_ki_only_as_a_word_in_capitals(text: str) -> None:
    assert _words(text, DE) == []


@pytest.mark.parametrize(("text", "words"), [
    ("Dieses Buch entstand mit KI-Unterstützung.", ["KI"]), ("Einige Passagen sind KI-generiert.", ["KI"]),
    ("KIs schreiben keine Bücher.", ["KIs"]), ("Künstliche Intelligenz übersetzte den Text.", ["Künstliche Intelligenz"]),
    ("Eine Text-KI schrieb den Entwurf.", ["KI"]),
])
def test_german_ai_words_and_compounds(text: str, words: list[str]) -> None:
    assert _words(text, DE) == words


@pytest.mark.parametrize("text", [
    "Ahí está la niebla.", "AHÍ ESTÁ LA NIEBLA.", "Hay que escribir.", "HAY QUE ESCRIBIR.", "Sonaba una melodía.",
    "Mi agente, Al Hughes, leyó cada página.", "La TIA Marta escribió.",
])
def test_spanish_ia_only_in_capitals_never_ahi_or_hay(text: str) -> None:
    assert _words(text, ES) == []


@pytest.mark.parametrize(("text", "words"), [
    ("Escribí este libro con la IA.", ["IA"]), ("Las IAs no escriben libros.", ["IAs"]),
    ("Un uso de IA generativa.", ["IA"]), ("La inteligencia artificial tradujo el texto.", ["inteligencia artificial"]),
    ("Un gran modelo de lenguaje redactó el borrador.", ["gran modelo de lenguaje"]),
    ("Los grandes modelos de lenguaje escriben.", ["grandes modelos de lenguaje"]),
])
def test_spanish_ai_words(text: str, words: list[str]) -> None:
    assert _words(text, ES) == words


@pytest.mark.parametrize("text", [
    "Hai letto il libro?", "HAI LETTO IL LIBRO?", "Ai lettori, mai più.", "AI LETTORI", "Il mio agente, Al Hughes, lesse.",
])
def test_italian_ia_and_ai_only_in_capitals_never_hai_or_ai(text: str) -> None:
    if text == "AI LETTORI":  # a heading in capitals: Italian writes "AI" for AI, so it is read as one
        assert _words(text, IT) == ["AI"]
        return
    assert _words(text, IT) == []


@pytest.mark.parametrize(("text", "words"), [
    ("Ho scritto questo libro con l'IA.", ["IA"]), ("Strumenti basati sull'AI.", ["AI"]),
    ("Un uso dell'IA generativa.", ["IA"]), ("L'intelligenza artificiale ha tradotto il testo.", ["intelligenza artificiale"]),
    ("Un grande modello di linguaggio ha redatto la bozza.", ["grande modello di linguaggio"]),
])
def test_italian_ai_words_after_elided_articles(text: str, words: list[str]) -> None:
    assert _words(text, IT) == words


def test_italian_fused_articles_and_use_of() -> None:
    """"rivisti dall'autrice": a person after a preposition fused with its article; "servirmi di
    ChatGPT per": the tool after "di" was used."""
    reading = read_sentence(normalise("Alcuni passaggi sono stati generati con ChatGPT e rivisti dall'autrice."), IT,
                            writers_note=True)
    assert reading.ai_roles == {"generate"} and reading.human_roles == {"edit"}
    reading = read_sentence(normalise("Mi sono servito di ChatGPT per redigere le descrizioni."), IT, writers_note=True)
    assert reading.ai_roles == {"draft"}
    assert not EN.use_of and not EN.human_agent.search("edited by l'author")


@pytest.mark.parametrize("text", [
    "Eu ia ao porto.", "Ia chover quando saí.", "Ai de quem se atrasasse!", "Meu agente, Al Hughes, leu tudo.",
])
def test_portuguese_ia_only_in_capitals_never_ia_the_verb(text: str) -> None:
    assert _words(text, PT) == []


@pytest.mark.parametrize(("text", "words"), [
    ("Escrevi este livro com a IA.", ["IA"]), ("Livros escritos por AI.", ["AI"]),
    ("A inteligência artificial traduziu o texto.", ["inteligência artificial"]),
    ("O aprendizado de máquina e a aprendizagem automática.", ["aprendizado de máquina", "aprendizagem automática"]),
])
def test_portuguese_ai_words_of_brazil_and_portugal(text: str, words: list[str]) -> None:
    assert _words(text, PT) == words


@pytest.mark.parametrize("text", [
    "Ai, mijn rug!", "AI, MIJN RUG!", "Ai ai ai, wat een weer.", "Mijn agent, Al Hughes, las alles.", "Al liep naar huis.",
])
def test_dutch_ai_only_in_capitals_never_ai_the_cry_or_al(text: str) -> None:
    if text == "AI, MIJN RUG!":  # a line in capitals: Dutch writes "AI" for AI, so it is read as one
        assert _words(text, NL) == ["AI"]
        return
    assert _words(text, NL) == []


@pytest.mark.parametrize(("text", "words"), [
    ("Ik schreef dit boek met AI.", ["AI"]), ("AI-gegenereerde teksten.", ["AI"]), ("AI's schrijven geen boeken.", ["AI's"]),
    ("De kunstmatige intelligentie vertaalde de tekst.", ["kunstmatige intelligentie"]),
    ("De artificiële intelligentie vertaalde de tekst.", ["artificiële intelligentie"]),
    ("Een groot taalmodel stelde de eerste versie op.", ["groot taalmodel"]),
])
def test_dutch_ai_words_of_the_netherlands_and_flanders(text: str, words: list[str]) -> None:
    assert _words(text, NL) == words


def test_dutch_separable_verbs_and_a_second_participle_with_its_agent() -> None:
    """"stelde de dialogen op": the particle after the object; "gegenereerd met ChatGPT en
    herzien door de auteur": the second participle has its own agent."""
    reading = read_sentence(normalise("ChatGPT stelde de eerste versies van de dialogen op."), NL, writers_note=True)
    assert reading.ai_roles == {"draft"}
    reading = read_sentence(normalise("Enkele passages zijn gegenereerd met ChatGPT en herzien door de auteur."), NL,
                            writers_note=True)
    assert reading.ai_roles == {"generate"} and reading.human_roles == {"edit"}


def test_a_first_person_verb_before_an_infinitive_is_the_writer() -> None:
    reading = read_sentence(normalise("Conseguimos escrever este romance com o ChatGPT."), PT, writers_note=True)
    assert reading.co_written and not reading.ai_roles


def test_a_dropped_subject_is_the_writer() -> None:
    """Spanish drops its subjects: "revisé" is the writer's, whatever stands before it."""
    reading = read_sentence(normalise("ChatGPT generó los diálogos que después revisé."), ES, writers_note=True)
    assert reading.ai_roles == {"generate"} and reading.human_roles == {"edit"}
    reading = read_sentence(normalise("Escribí mi primer libro con la ayuda de una IA."), ES, writers_note=True)
    assert reading.ai_roles == {"assist"} and reading.human_roles == {"write"}
    # English, French and German name their subjects: the same code gives them nothing of the kind.
    assert not EN.first_person_verb.fullmatch("revisé")


def test_english_reads_neither_ia_nor_ki() -> None:
    assert _words("L'IA a rédigé le plan. Die KI schrieb.", EN) == []


def test_compounds_give_the_ai_its_role() -> None:
    reading = read_sentence(normalise("Einige Passagen dieses Romans sind KI-generiert."), DE, writers_note=True)
    assert reading.discloses and "generate" in reading.ai_roles
    reading = read_sentence(normalise("Ich habe dieses Buch mit KI-Unterstützung geschrieben."), DE, writers_note=True)
    assert reading.ai_roles == {"assist"} and reading.human_roles == {"write"}


@pytest.mark.parametrize(("lex", "text", "count"), [
    (FR, "M. Dupont a relu le texte. Mme Martin l'a corrigé.", 2),
    (FR, "Voir p. 12 et l'art. L. 122-5-3 du Code. Rien d'autre.", 2),
    (FR, "Il a fini. Écrit avec ChatGPT, le texte a été relu.", 2),
    (DE, "Das gilt z. B. für Texte. Die KI half.", 2),
    (DE, "Die 3. Auflage erschien 2023. Übersetzt hat sie DeepL.", 2),
    (DE, "Vgl. Abs. 3 und Art. 4 der Richtlinie. Mehr nicht.", 2),
    (ES, "El Sr. Pérez revisó el texto. La Dra. Vidal lo corrigió.", 2),
    (ES, "Véase la pág. 12 y el art. 4 de la ley. Nada más.", 2),
    (IT, "Il Sig. Rossi ha rivisto il testo. Il Dott. Neri l'ha corretto.", 2),
    (IT, "Cfr. l'art. 4 a pag. 12. Nient'altro.", 2),
    (PT, "O Sr. Silva revisou o texto. A Dra. Alves corrigiu-o.", 2),
    (NL, "Dhr. Jansen herzag de tekst. Mevr. De Vries corrigeerde hem.", 2),
    (NL, "Zie blz. 12 en art. 15o, bijv. de noot. Verder niets.", 2),
])
def test_sentences_in_each_language(lex: object, text: str, count: int) -> None:
    from disclosure_lint.analysis.lexicon import Lexicon

    assert isinstance(lex, Lexicon)
    assert len(sentences(normalise(text), lex)) == count


def test_french_elisions_are_words_and_guillemets_quote() -> None:
    assert [t.group(0) for t in FR.token.finditer("l'IA d'un jusqu'à aujourd'hui")] == \
        ["l'", "IA", "d'", "un", "jusqu'", "à", "aujourd'hui"]
    quoted = read_sentence(normalise("Ajoutez une mention comme « Ce texte a été généré avec l'IA » dans vos livres."),
                           FR, writers_note=True)
    assert quoted.mentions and quoted.excluded and not quoted.discloses


def _manuscript(*sections: tuple[str, str | None], language: str | None) -> Manuscript:
    out = []
    for n, (text, section_language) in enumerate(sections):
        where = Location("book.md", n + 1)
        kind, role = (Kind.FOREWORD, Role.FRONT) if n == 0 else (Kind.CHAPTER, Role.BODY)
        out.append(Section(role, kind, None, (Block(text, where),), where, section_language))
    return Manuscript("book.md", "markdown", Metadata("Harbor Lights", ("Jordan Vale",), language), tuple(out))


def test_each_section_is_read_in_its_language() -> None:
    foreword = "J'ai utilisé l'IA pour rédiger les dialogues ; je les ai réécrits et j'en assume la responsabilité."
    french_book = analyse(_manuscript((foreword, None), language="fr-FR"), EN)
    assert [s.language for s in french_book.disclosures] == ["fr"]
    assert french_book.disclosures[0].reading.ai_roles == {"draft"}
    # The same words in a section marked French inside an English book.
    mixed = analyse(_manuscript((foreword, "fr"), ("The ferry waited.", None), language="en"), EN)
    assert [s.language for s in mixed.disclosures] == ["fr"]
    # Read as English, "IA" is no AI word: nothing is disclosed.
    assert not analyse(_manuscript((foreword, None), language="en"), EN).disclosures


def test_an_unsupported_language_is_read_with_english_and_named() -> None:
    statements = analyse(_manuscript(("I drafted this book with ChatGPT.", None), ("Глава первая.", "ru-RU"),
                                     language="ja-JP"), EN)
    assert [s.language for s in statements.disclosures] == ["en"]
    assert statements.unsupported == ("ja-JP", "ru-RU")
    assert analyse(_manuscript(("Ce livre.", None), language="fr"), EN).unsupported == ()


@pytest.mark.parametrize(("language", "book", "did"), [
    ("fr", "Ce roman a été créé avec l'IA.", None),
    ("fr", "J'ai utilisé ChatGPT pour rédiger les premiers jets de ce roman.", "draft"),
    ("de", "Dieser Roman wurde mit KI erstellt.", None),
    ("de", "Ich habe ChatGPT genutzt, um die ersten Entwürfe dieses Romans zu schreiben.", "draft, write"),
])
def test_messages_stay_in_english_and_quote_the_book(language: str, book: str, did: str | None, tmp_path: Path,
                                                     run: Callable[..., object]) -> None:
    text = "\n".join(["---", 'title: "Harbor Lights"', 'author: "Jordan Vale"', f"lang: {language}", "---", "",
                      "# Avant-propos" if language == "fr" else "# Vorwort", "", book, "",
                      "# Chapitre 1" if language == "fr" else "# Kapitel 1", "", "Le ferry attendait.", ""])
    path = tmp_path / "book.md"
    path.write_text(text, encoding="utf-8")
    result = run("check", "--format", "json", path)
    findings = result.json()["files"][0]["findings"]  # type: ignore[attr-defined]
    assert {"roles-undescribed", "responsibility-missing"} <= {f["rule"] for f in findings}
    roles = next(f["message"] for f in findings if f["rule"] == "roles-undescribed")
    if did is None:  # the book's own words, quoted in an English sentence
        assert roles.startswith("the disclosure ") and book[:25] in roles and "does not say what the AI did" in roles
    else:  # the roles the tool read, named in its own (English) words
        assert roles.startswith(f"the disclosure says what the AI did ({did}) but not what the human did")


@pytest.mark.parametrize(("language", "author", "ai"), [
    ("fr", "IA", True), ("fr", "ChatGPT", True), ("fr", "Camille Vaillant", False), ("fr", "Claude Monet", False),
    ("de", "KI", True), ("de", "Claude (Anthropic)", True), ("en", "AI", True), ("en", "Jordan Vale", False),
    # Words that name an AI in another supported language still do, on any book.
    ("fr", "AI", True), ("fr", "Artificial Intelligence", True), ("es", "ChatGPT and AI", True),
    ("en", "KI", True), ("en", "Künstliche Intelligenz", True), ("en", "Al Jordan", False),
    ("fr", "Ai Weiwei", False), ("de", "AI Weiwei", False), ("it", "I. A. Richards", False),
])
def test_an_author_is_read_in_the_books_language(language: str, author: str, ai: bool, tmp_path: Path,
                                                 run: Callable[..., object]) -> None:
    """attribution-missing reads the author's name with the book's lexicon, as the analysis reads the book."""
    text = "\n".join(["---", 'title: "Harbor Lights"', f'author: "{author}"', f"lang: {language}", "---", "",
                      "# Chapter 1", "", "The ferry waited.", ""])
    path = tmp_path / "book.md"
    path.write_text(text, encoding="utf-8")
    result = run("check", "--format", "json", path)
    rules = {f["rule"] for f in result.json()["files"][0]["findings"]}  # type: ignore[attr-defined]
    assert ("attribution-missing" in rules) == ai, rules


@pytest.mark.parametrize("language", sorted(EN.supported - {"en"}))
def test_each_lexicon_has_the_tables_and_keys_of_english(language: str) -> None:
    """A language's file has every table and key English's has (a new language is made by
    copying a file and changing its words). A pattern may be one string or a list of them; the
    `compounds` table names only the roles the language makes compounds for."""
    from disclosure_lint.analysis.lexicon import _raw_file

    def shape(data: dict[str, object]) -> set[tuple[str, str, str]]:
        return {(table, key, "number" if isinstance(value, (int, float)) else "text")
                for table, values in data.items() if isinstance(values, dict) and table != "compounds"
                for key, value in values.items()}

    english, other = _raw_file("en", fresh=True)[0], _raw_file(language, fresh=True)[0]
    assert shape(other) == shape(english)
    assert set(other) == set(english)
    for values in other.values():
        for value in values.values() if isinstance(values, dict) else ():
            assert isinstance(value, (str, int, float)) or all(isinstance(v, str) for v in value)
