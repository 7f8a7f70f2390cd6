"""The lexicon's data and the fast prefilter agree, in every language: every AI mention the full
patterns find passes the literal trigger search, so skipping untriggered text never changes a
verdict."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.analysis.lexicon import load_lexicon
from disclosure_lint.analysis.mentions import find_mentions
from disclosure_lint.analysis.normalize import normalise, sentences

LEX = load_lexicon()
LEXICONS = {language: load_lexicon(language=language) for language in sorted(LEX.supported)}

SAMPLES = [
    *(s.canonical for s in LEX.systems if s.canonical != "o1"), "OpenAI o1",
    "Claude 3 Opus", "Gemini 1.5 Pro", "Llama 3", "Mistral Large", "GPT-4o mini", "text-davinci-003",
    "Microsoft Copilot", "Google Bard", "DeepSeek-R1", "Chat GPT", "OpenAI's API",
    "AI", "A.I.", "artificial intelligence", "Artificial-Intelligence", "a large language model",
    "LLMs", "a chatbot", "machine learning", "neural networks", "deep-learning", "machine-generated",
    "computer-generated", "generative pre-trained transformer", "robots", "text-generation software",
    "automation technology", "automated writing tools", "algorithmic assistance", "generative tools",
    "writing-assistant software", "digital co-writers", "advanced software", "predictive text",
    "machine assistance", "smart writing tools", "content-generation platforms", "computational creativity",
    "synthetic prose", "cutting-edge technology", "emerging tools", "next-generation tools",
]

FRENCH = [
    "l'IA", "l'I.A.", "une IA générative", "l'intelligence artificielle", "Intelligence-Artificielle",
    "un grand modèle de langage", "les LLM", "un chatbot", "un robot conversationnel", "l'apprentissage automatique",
    "des réseaux de neurones", "la traduction automatique", "des outils d'IA", "un assistant d'écriture",
    "un logiciel de génération de texte", "ChatGPT", "Claude", "DeepL", "Mistral Le Chat", "GPT-4",
]
GERMAN = [
    "KI", "K.I.", "einer KI", "künstlicher Intelligenz", "Künstliche Intelligenz", "generativer KI",
    "einem großen Sprachmodell", "LLMs", "einem Chatbot", "maschinellem Lernen", "neuronalen Netzen",
    "maschineller Übersetzung", "KI-Werkzeugen", "KI-Tools", "einer Schreibsoftware", "ChatGPT", "Claude",
    "DeepL", "GPT-4", "Mistral Le Chat",
]
SPANISH = [
    "la IA", "la I.A.", "una IA generativa", "la inteligencia artificial", "Inteligencia-Artificial",
    "un gran modelo de lenguaje", "los LLM", "un chatbot", "un asistente conversacional", "el aprendizaje automático",
    "unas redes neuronales", "la traducción automática", "unas herramientas generativas", "un asistente de escritura",
    "ChatGPT", "Claude", "DeepL", "GPT-4",
]
ITALIAN = [
    "l'IA", "l'AI", "dell'I.A.", "un'IA generativa", "l'intelligenza artificiale", "Intelligenza-Artificiale",
    "un grande modello di linguaggio", "gli LLM", "un chatbot", "un assistente conversazionale",
    "l'apprendimento automatico", "le reti neurali", "la traduzione automatica", "degli strumenti generativi",
    "un assistente di scrittura", "ChatGPT", "Claude", "DeepL", "GPT-4",
]
PORTUGUESE = [
    "a IA", "a I.A.", "uma IA generativa", "a inteligência artificial", "Inteligência-Artificial",
    "um grande modelo de linguagem", "os LLM", "um chatbot", "um assistente conversacional", "o aprendizado de máquina",
    "a aprendizagem automática", "as redes neurais", "a tradução automática", "umas ferramentas generativas",
    "um assistente de escrita", "ChatGPT", "Claude", "DeepL", "GPT-4",
]
DUTCH = [
    "AI", "A.I.", "generatieve AI", "de kunstmatige intelligentie", "de artificiële intelligentie", "een groot taalmodel",
    "de LLM's", "een chatbot", "een tekstrobot", "machine learning", "neurale netwerken", "automatische vertaling",
    "vertaalsoftware", "een schrijfassistent", "ChatGPT", "Claude", "DeepL", "GPT-4",
]
FRAMES = {
    "en": "Parts of this book were drafted with {} and revised by the author.",
    "fr": "Certaines parties de ce livre ont été rédigées avec {} puis révisées par l'autrice.",
    "de": "Teile dieses Buches wurden mit {} entworfen und von der Autorin überarbeitet.",
    "es": "Algunas partes de este libro se redactaron con {} y la autora las revisó.",
    "it": "Alcune parti di questo libro sono state redatte con {} e riviste dall'autrice.",
    "pt": "Algumas partes deste livro foram redigidas com {} e revistas pela autora.",
    "nl": "Delen van dit boek zijn opgesteld met {} en herzien door de auteur.",
}


def _phrasings(language: str = "en") -> list[str]:
    """The constructed phrasings of a language (English's: phrasings.tsv) and its real dev set."""
    names = ["phrasings.tsv"] if language == "en" else [f"phrasings-{language}.tsv", f"devset-{language}.tsv"]
    texts: list[str] = []
    for name in names:
        with (Path(__file__).parent / "data" / name).open(encoding="utf-8") as fh:
            rows = csv.DictReader([line for line in fh if not line.startswith("#")], delimiter="\t")
            texts += [row["text"] for row in rows]
    return texts


@pytest.mark.parametrize("term", SAMPLES)
def test_every_ai_term_is_recognised_and_triggers_the_prefilter(term: str) -> None:
    text = f"Parts of this book were drafted with {term} and revised by the author."
    assert find_mentions(text, LEX, ai_context=True), term
    assert LEX.candidates([text]) == {0}, term


@pytest.mark.parametrize(("language", "term"), [*(("fr", t) for t in FRENCH), *(("de", t) for t in GERMAN),
                                                *(("es", t) for t in SPANISH), *(("it", t) for t in ITALIAN),
                                                *(("pt", t) for t in PORTUGUESE), *(("nl", t) for t in DUTCH)])
def test_every_ai_term_in_each_language_triggers_its_prefilter(language: str, term: str) -> None:
    lex = LEXICONS[language]
    text = FRAMES[language].format(term)
    assert find_mentions(normalise(text), lex, ai_context=True), term
    assert lex.candidates([normalise(text)]) == {0}, term


@pytest.mark.parametrize("language", LEXICONS)
def test_every_mention_in_the_phrasings_triggers_the_prefilter(language: str) -> None:
    lex = LEXICONS[language]
    for text in _phrasings(language):
        for _, sentence in sentences(normalise(text), lex):
            if find_mentions(sentence, lex, ai_context=True):
                assert lex.candidates([sentence]) == {0}, sentence


def test_al_and_jai_are_not_ai() -> None:
    for text in ("My agent, Al Hughes.", "J'ai écrit ce livre.", "J'AI ÉCRIT CE LIVRE.", "Thai food", "MAIN"):
        assert not find_mentions(text, LEX), text


def _explicit_patterns() -> list[tuple[str, str]]:
    from disclosure_lint.analysis.lexicon import _raw

    return [(language, pattern) for language in LEXICONS
            for pattern in _raw(language)[0]["work"]["explicit_reference"]]


_QUOTES = ['"', "'", "\u201c", "\u2019", "\u00ab"]


@pytest.mark.parametrize(("language", "pattern"), _explicit_patterns())
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_every_explicit_reference_passes_the_chapter_gate(language: str, pattern: str, data: st.DataObject) -> None:
    """Chapters are read only where the gate matches: no explicit reference escapes it, even one
    that only appears once quoted speech is dropped, or written with odd spaces and case."""
    lex = LEXICONS[language]
    text = data.draw(st.from_regex(re.compile(pattern, re.IGNORECASE), fullmatch=True))
    assert lex.references([f"Then {text} was drafted with GPT-4."]) == {0}, text
    spaced = text.replace(" ", data.draw(st.sampled_from(["  ", "\t", "\n", "\u00a0", " "])))
    assert lex.references([f"Then {spaced} was drafted."]) == {0}, spaced
    if " " in text:
        open_q, close_q = data.draw(st.sampled_from(_QUOTES)), data.draw(st.sampled_from(_QUOTES))
        joined = text.replace(" ", f"{open_q}so to speak{close_q}", 1)
        assert lex.references([f"Then {joined} was drafted."]) == {0}, joined


@pytest.mark.parametrize("language", LEXICONS)
def test_every_chapter_gate_starts_with_a_literal_letter(language: str) -> None:
    """The gates are searched over a whole novel: `re` scans for a pattern's literal first letter
    and tries the rest only there; a gate opening with an alternation or a class is tried at
    every position (the French gate did, and cost a French novel 15 ms)."""
    from re import _parser  # type: ignore[attr-defined]

    for gate in LEXICONS[language].explicit_gate:
        first = _parser.parse(gate.pattern)[0]
        assert first[0] == _parser.LITERAL and chr(first[1]).isalpha(), gate.pattern


@pytest.mark.parametrize("language", LEXICONS)
def test_every_chapter_gate_reads_a_run_of_whitespace_as_one_space(language: str) -> None:
    """`prefilter.references_in` does not read a story paragraph again for its whitespace alone
    (two spaces, a newline, a space at an end), as `normalise` would collapse it: so a gate must
    find the same in a text whatever its runs of whitespace. It does when its only whitespace is
    `\\s+` (or `\\s*`), it holds no space, no class or "." that a space could match one for one,
    and no anchor but word boundaries and look-arounds of the same."""
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    def check(items: object, pattern: str) -> None:
        for op, av in items:  # type: ignore[attr-defined]
            if op is c.LITERAL:
                assert not chr(av).isspace(), pattern
            elif op is c.IN:
                for kind, value in av:
                    assert (kind is c.LITERAL and not chr(value).isspace()) or (
                        kind is c.CATEGORY and value in (c.CATEGORY_WORD, c.CATEGORY_DIGIT)), pattern
            elif op in (c.ASSERT, c.ASSERT_NOT):
                check(av[1], pattern)
            elif op is c.SUBPATTERN:
                check(av[-1], pattern)
            elif op is c.BRANCH:
                for branch in av[1]:
                    check(branch, pattern)
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                low, high, inner = av
                if list(inner) == [(c.IN, [(c.CATEGORY, c.CATEGORY_SPACE)])]:
                    assert low <= 1 and high is c.MAXREPEAT, pattern
                else:
                    check(inner, pattern)
            else:
                assert op is c.AT and av in (c.AT_BOUNDARY, c.AT_NON_BOUNDARY), (pattern, op)

    for gate in LEXICONS[language].explicit_gate:
        check(_parser.parse(gate.pattern), gate.pattern)
    # And by its behaviour: every gate that finds a reference finds it with the spaces doubled.
    samples = {"en": "this book", "fr": "ce livre", "de": "dieses Buch", "es": "este libro",
               "it": "questo libro", "pt": "este livro", "nl": "dit boek"}
    text = samples[language].lower()
    assert any(g.search(text) for g in LEXICONS[language].explicit_gate)
    assert any(g.search(text.replace(" ", " \n  ")) for g in LEXICONS[language].explicit_gate)


def test_chapter_gates_pass_few_paragraphs_of_a_story() -> None:
    """The gates are as tight as the references need: "l'autre", "le livre", "el libro", "das
    Buch" are no reference to the work, and a story full of them is not read closely."""
    story = {
        "fr": "L'autre jour, elle ouvrit le livre et la histoire de l'automne. Le récit de l'autre.",
        "de": "Das Buch lag auf dem Tisch, die Geschichte war alt, der Roman neu.",
        "es": "El libro estaba en la mesa; la historia era vieja, la autoridad nueva.",
        "pt": "O livro estava na mesa; a história era velha, a autoridade nova.",
        "it": "Il libro era sul tavolo; la storia era vecchia, l'autunno nuovo.",
        "nl": "Het boek lag op tafel, de roman was oud, het verhaal nieuw.",
    }
    for language, text in story.items():
        assert LEXICONS[language].references([text]) == set(), language
    tagged = {"fr": "Le présent livre", "de": "Das vorliegende Buch", "es": "El presente libro",
              "pt": "O presente livro", "it": "Il presente libro", "nl": "Het voorliggende boek"}
    for language, text in tagged.items():
        assert LEXICONS[language].references([f"{text} a été écrit."]) == {0}, language


def test_reference_gate_on_quotes_and_case() -> None:
    texts = ['He said this"—so to speak—"book', "THE AUTHOR used a MODEL", "This cat sat.",
             "İİİ this story with AI", "the\u200b author", "Th\u00adis book"]
    assert LEX.references(texts) == {0, 1, 3, 4, 5}
    # Lower-casing "İ" makes it longer: offsets still point into the right text.
    assert LEX.candidates(["İİİİ plain", "İ ChatGPT", "nothing", "an AI"]) == {1, 3}
    assert LEX.references(["İİİİ plain", "nothing", "İ this book"]) == {2}


#: The English chapter gate as written before its quotes were written as themselves (escapes):
#: the reference the gate is held to, match for match.
_FORMER_QUOTES = r'["\x27\u2018\u2019\u201a\u201b\u2032\u02bc\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2039\u203a]'
_FORMER_NOUNS = r"(?:book|novel|text|chapter|publication|manuscript|volume|collection|anthology|edition|story)"
_FORMER_EN_GATE = (rf"th(?:is(?:\s+{_FORMER_NOUNS}|{_FORMER_QUOTES})|e(?:\s+present(?:\s+{_FORMER_NOUNS}"
                   rf"|{_FORMER_QUOTES})|\s+author|{_FORMER_QUOTES}))")
_GATE_PIECES = st.sampled_from(["th", "this", "the", "is", "e", "present", "author", "book", "story",
                                "books", " ", "  ", "\n", "\t", "'", '"', "\u2019", "\u201c", "\u00bb",
                                "\u2039", "\u02bc", "\u2033", "`", "x", "thi", "the present", "this book",
                                "ther", "\u00a0"])


@given(st.lists(_GATE_PIECES, max_size=14).map("".join))
@settings(max_examples=400)
def test_the_english_chapter_gate_finds_what_its_former_form_found(text: str) -> None:
    """The English gate writes its quotes as themselves (cheaper for `re` to parse at every cold
    check) and one `\\s+` after "the" for "present" and "author" (cheaper to search): the same
    matches, at the same places, as the pattern that wrote them as escapes and the run twice."""
    (gate,) = LEXICONS["en"].explicit_gate
    assert gate.pattern != _FORMER_EN_GATE
    former = re.compile(_FORMER_EN_GATE)
    assert [m.span() for m in gate.finditer(text)] == [m.span() for m in former.finditer(text)]
