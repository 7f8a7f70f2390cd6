"""The close reading of front and back matter: what it skips gives the same result as reading it all.

Front or back matter with an AI word the prefilter finds ("digital", "both", "generation": its
triggers are pieces of words) but no sentence naming an AI is read for its claims only
(`disclosure._names_ai`); a sentence after one that spoke only of what is not the text is asked
about it only when it opens with "it". Each shortcut is held to the full reading here.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from books import CHAPTER, markdown_book
from hypothesis import example, given, settings
from hypothesis import strategies as st

from disclosure_lint.analysis import disclosure as analysis
from disclosure_lint.analysis.disclosure import Statements
from disclosure_lint.analysis.lexicon import Alternatives, Lexicon, load_lexicon
from disclosure_lint.analysis.mentions import find_mentions
from disclosure_lint.analysis.normalize import normalise
from disclosure_lint.analysis.statements import Reading, claims_something, read_sentence
from disclosure_lint.model import Manuscript
from disclosure_lint.readers import markdown as markdown_reader


def _phrasings() -> list[str]:
    data = Path(__file__).parent / "data" / "phrasings.tsv"
    with data.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader([line for line in fh if not line.startswith("#")], delimiter="\t"))
    return [row["text"] for row in rows]


def _naming_nothing(text: str, lex: Lexicon) -> str:
    """The text with every AI it names replaced by words that hold a trigger but name no AI."""
    text = normalise(text)
    for m in reversed(find_mentions(text, lex, ai_context=True)):
        text = text[:m.start] + "both generations" + text[m.end:]
    return text


def _both(manuscript: Manuscript, monkeypatch: pytest.MonkeyPatch) -> tuple[Statements, Statements]:
    """The analysis as it is, and with every section holding a trigger read in full."""
    lex = load_lexicon()
    fast = analysis.analyse(manuscript, lex)
    with monkeypatch.context() as patched:
        patched.setattr(analysis, "_names_ai", lambda *args: True)
        full = analysis.analyse(manuscript, lex)
    return fast, full


@pytest.mark.parametrize("text", _phrasings())
def test_matter_naming_no_ai_is_read_as_in_full(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A foreword and an afterword whose AI words name no AI give what a full reading gives."""
    lex = load_lexicon()
    plain = _naming_nothing(text, lex)
    manuscript = markdown_reader.parse(markdown_book(
        f"Made from digital scans of both editions. {plain} Text: none. It was drafted by hand.",
        afterword=f"{CHAPTER} {plain} The cover is a digital painting. It was made by the author.",
        extra_front=f"Both of us take full responsibility. {text}").encode(), "b.md")
    fast, full = _both(manuscript, monkeypatch)
    assert fast == full


_PIECES = [
    "Made from digital scans.", "Both of them wrote it.", "The next generation read it.",
    "The cover art was generated.", "It was made with care.", "It was revised by the author.",
    "Its pages were edited by me.", "Text: none.", "AI-generated content: 0%.",
    "I take full responsibility for this book.", "Every word is my own.", "The errors are mine.",
    "This book was written entirely by a human.", "The model drafted the preface.",
    "I used ChatGPT to draft the chapter titles.", "Claude helped me edit it.",
    "Nobody is responsible.", "Responsibility rests with OpenAI.", "The machine is old.",
    "An advanced deep program.", "The illustrations were made with Midjourney.", "It wrote the poems.",
    "No AI was used.", "Writing: none.", "The bot answered.", "The picture shows a harbour.",
    "It was made with AI.", "It was drafted with Claude.", "Chat\u200bGPT drafted the blurb.",
    "The \u0391I wrote both prefaces.", "Digital scans; the Сlaude 3 model wrote it.",
]


@settings(max_examples=60, deadline=None)
@given(front=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6),
       back=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6))
def test_shortcuts_give_the_full_reading(front: list[str], back: list[str]) -> None:
    """Any mix of sentences naming an AI or not, claims, shares of nothing and sentences opening
    with "it", in front and back matter, gives what a full reading gives."""
    manuscript = markdown_reader.parse(markdown_book(
        " ".join(front), afterword=" ".join(back)).encode(), "b.md")
    with pytest.MonkeyPatch.context() as patched:
        fast, full = _both(manuscript, patched)
    assert fast == full


def test_matter_naming_no_ai_reads_only_its_claims(monkeypatch: pytest.MonkeyPatch) -> None:
    """A colophon whose only AI word is a piece of another ("digital") has its claims read, and
    no other sentence."""
    read: list[str] = []

    def reading(text: str, lex: Lexicon, **kwargs: Any) -> Reading:
        read.append(text)
        return read_sentence(text, lex, **kwargs)

    monkeypatch.setattr(analysis, "read_sentence", reading)
    manuscript = markdown_reader.parse(markdown_book(
        "This ebook is based on digital scans. The cover is a painting. "
        "I take full responsibility for this edition.").encode(), "b.md")
    statements = analysis.analyse(manuscript, load_lexicon())
    assert read == ["I take full responsibility for this edition."]
    assert [s.text for s in statements.responsibility] == read


def test_after_what_is_not_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """"It" after a sentence about a picture speaks of the picture: not a disclosure of the text,
    as in the full reading (the sentence before is asked only for a sentence opening with "it")."""
    manuscript = markdown_reader.parse(markdown_book(
        "The picture shows a harbour. It was made with AI. I wrote every word myself.").encode(), "b.md")
    fast, full = _both(manuscript, monkeypatch)
    assert fast == full
    assert not fast.disclosures and [s.text for s in fast.non_text] == ["It was made with AI."]


_CLAIMS = [
    "I take full responsibility for this book.", "Responsibility rests with OpenAI.", "Nobody is responsible.",
    "The errors are mine.", "Every word is my own.", "This book is 100% human-written.", "Text: none.",
    "Content: 0%.", "The author is responsible", "Any mistakes remain my own, not my editor's.",
    "She wrote the letters herself.", "We reviewed every page.", "\"I take responsibility,\" he said.",
    "The publisher, Bluefin Press, is responsible for the content.", "Written by me, except the index.",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_CLAIMS + _PIECES), min_size=1, max_size=3), st.booleans())
def test_claims_something_is_what_the_reading_finds(pieces: list[str], ai_context: bool) -> None:
    """For a sentence naming no AI, `claims_something` answers whether `read_sentence` finds
    responsibility (anyone's), a wholly human claim or a denial in it."""
    lex = load_lexicon()
    text = _naming_nothing(" ".join(pieces), lex)
    reading = read_sentence(text, lex, writers_note=True, ai_context=ai_context)
    if reading.mentions:
        return
    found = reading.responsibility or reading.ai_responsibility or reading.wholly_human or reading.denial
    assert claims_something(text, lex) == found
    assert not reading.discloses and not reading.non_text


@pytest.mark.parametrize("text", _phrasings())
def test_claims_something_on_the_phrasings(text: str) -> None:
    lex = load_lexicon()
    plain = _naming_nothing(text, lex)
    reading = read_sentence(plain, lex, writers_note=True, ai_context=True)
    if not reading.mentions:
        found = reading.responsibility or reading.ai_responsibility or reading.wholly_human or reading.denial
        assert claims_something(plain, lex) == found


def _names_and_words() -> list[str]:
    """Pieces of text around AI systems' names: names, near misses, words of other lists."""
    return ["ChatGPT", "chat gpt", "GPT-4o", "gpt4", "Claude", "Claude 3 Opus", "claude-3-5-sonnet",
            "Gemini", "Bard", "Llama 2", "Copilot", "Midjourney", "DALL-E", "Sudowrite", "NovelAI",
            "Grammarly", "DeepL", "Google Translate", "o1", "o3", "Mistral", "Jasper", "my friend Claude",
            "the model", "it wrote", "AI", "A.I.", "artificial intelligence", "a language model",
            "ΑI", "Chat\u200bGPT", "ſudowrite", "İ", "chapter", "drafted", "with", ",", ".", "the", "wrote"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_names_and_words()), min_size=1, max_size=12), st.booleans(),
       st.sampled_from(["en", "fr", "de"]))
def test_names_are_tried_only_where_their_words_are(pieces: list[str], ai_context: bool, language: str) -> None:
    """`find_mentions` tries a system's name only in a sentence holding one of its literal words:
    what it finds is what trying every name finds."""
    from disclosure_lint.analysis import mentions

    lex = load_lexicon(language=language)
    text = normalise(" ".join(pieces))
    fast = find_mentions(text, lex, ai_context=ai_context)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(mentions, "_named", lambda text, lex: list(lex.systems))
        assert find_mentions(text, lex, ai_context=ai_context) == fast


def test_a_sentence_without_a_name_tries_none() -> None:
    """A sentence that holds no system's words is not searched with any system's pattern."""
    from disclosure_lint.analysis.mentions import _named

    lex = load_lexicon()
    assert _named("The cover was painted by hand in 1896.", lex) == []
    named = [s.canonical for s in _named("I used ChatGPT.", lex)]
    assert "ChatGPT" in named and "Claude" not in named and len(named) < len(lex.systems) // 2


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aeiostnrdhu AIÉéßſ\u0345\u0307İıK\u212a-'’.,"), max_size=40),
       st.sampled_from(["generic", "other_works", "non_text", "normative", "wholly_human", "wholly_ai",
                        "not_disclosure"]))
def test_gate_words_are_read_as_before(text: str, name: str) -> None:
    """A gate's answer (`GatedPattern.opens`) from the words kept for the last text is the answer
    from the text's words, case-folded and (beyond ASCII) lower-cased, read anew."""
    import re

    lex = load_lexicon()
    gate = getattr(lex, name)
    words = re.compile(r"\w+")

    def opens(string: str) -> bool:
        for found in [words.findall(string.casefold())] + ([] if string.isascii() else [words.findall(string.lower())]):
            if any(w in gate.words or w.startswith(gate.prefixes) for w in found):
                return True
        return False

    for word in [*gate.prefixes[:3], *sorted(gate.words)[:3]]:
        for string in (text, f"{text} {word}", f"{word.upper()}{text}", f"{text}{word}\u0345"):
            assert gate.opens(string) == opens(string), string


@pytest.mark.parametrize("language", sorted(load_lexicon().supported))
def test_a_match_holds_a_string_of_each_further_set(language: str) -> None:
    """Every text a phrasing matches (with `re.IGNORECASE`) holds, folded, a string of each of the
    further sets the literal index keeps for it (`literal_index.further_sets`): a part of a list
    left out for a sentence lacking one could not have matched there."""
    import re
    import unicodedata

    from hypothesis import HealthCheck, assume

    from disclosure_lint import literals
    from disclosure_lint.analysis import literal_index

    known = {p: sets for p, (_, sets) in literal_index.load(language).items() if sets}
    assert known
    phrasings = sorted(known)

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(phrasings).flatmap(
        lambda p: st.tuples(st.just(p), st.from_regex(re.compile(p, re.IGNORECASE), fullmatch=True))))
    def check(case: tuple[str, str]) -> None:
        phrasing, text = case
        text = unicodedata.normalize("NFKC", text)
        assume(re.fullmatch(phrasing, text, re.IGNORECASE) is not None)
        folded = literals.fold(text)
        for strings in known[phrasing]:
            assert any(s in folded for s in strings), (phrasing, text, strings)

    check()


def test_a_sentence_without_a_phrasing_s_other_words_compiles_nothing_for_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"Every" opens the wholly-human claims' gate and is the word of some of them, but a sentence
    with no making ("written", "crafted" ...) after it can match none: nothing is compiled."""
    from disclosure_lint import patterns as rx

    monkeypatch.setattr(rx, "caching", lambda: False)
    lex = load_lexicon.__wrapped__()
    sentence = "Every morning I walk by the river and think of every page I have read."
    assert lex.wholly_human.compiled.search(sentence) is None
    fresh = load_lexicon.__wrapped__().wholly_human
    assert isinstance(fresh, Alternatives)
    assert fresh.search(sentence) is None
    assert fresh.pattern_for(sentence) is None and not any(fresh._parts.values())
    claim = "Every word of this book was written by me."
    found, whole = fresh.search(claim), lex.wholly_human.compiled.search(claim)
    assert found is not None and whole is not None and found.span() == whole.span()


_NOT_THE_TEXT = ["the cover", "the book's cover", "cover art", "the illustrations", "of this book", "of the novel",
                 "the audiobook narration", "an AI voice", "the maps", "the marketing copy", "the blurb", "text",
                 "the index", "this novel's", "la couverture", "du livre", "les illustrations", "das Cover",
                 "des Buches", "and", "were", "made", "with", "the", "chapter", "title", "fonts", ",", "."]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_NOT_THE_TEXT), min_size=1, max_size=10), st.sampled_from(["en", "fr", "de"]),
       st.booleans())
def test_what_is_not_the_text_is_taken_out_as_before(pieces: list[str], language: str, cached: bool) -> None:
    """What is not the text, with whose it is, is taken out of a sentence as the whole list, with
    the possessor and "of the book" around it, takes it out (a part of it, or the whole, compiled once)."""
    import re

    from disclosure_lint import patterns as rx
    from disclosure_lint.analysis.scope import _owned_non_text

    lex = load_lexicon(language=language)
    text = " ".join(pieces)
    whole = re.sub(lex.possessor + "(?:" + lex.non_text.pattern + ")" + lex.of_the_book, " ", text,
                   flags=re.IGNORECASE)
    with pytest.MonkeyPatch.context() as patched:
        if not cached:
            patched.setattr(rx, "caching", lambda: False)
        assert _owned_non_text(lex).sub(" ", text) == whole


def test_what_is_kept_per_lexicon_stays_bounded() -> None:
    """Lexicons built anew again and again (a config's phrases, book after book) do not pile up in
    what the names and the scope keep for each."""
    from disclosure_lint.analysis import mentions, scope
    from disclosure_lint.analysis.mentions import _named
    from disclosure_lint.analysis.scope import _owned_non_text

    for _ in range(40):
        lex = load_lexicon.__wrapped__()
        _named("I used ChatGPT.", lex)
        _owned_non_text(lex)
    assert len(mentions._NAMES) <= 16 and len(scope._OWNED) <= 16
    assert mentions._NAMES[id(lex.systems)][0] is lex.systems


_QUOTED = ["\"I take full responsibility for the chapter,\" she said, \"as every author does.\"",
           "He wrote \"the errors are all mine and nobody else's\" with me.", "Known to all.",
           "Une IA n'a rien écrit: texte : aucun.", "Die Verantwortung liegt bei mir.", "Il testo è mio."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CLAIMS + _PIECES + _QUOTED + _phrasings()[:200]), min_size=1, max_size=3),
       st.sampled_from(["en", "fr", "de", "es", "it"]), st.booleans())
# (a claim's string with a share of nothing and without: the share is looked for only where its
# strings are)
@example(["Every word is known.", "Text: none."], "en", True)
@example(["Every word is known.", "Content: 0%."], "en", False)
@example(["Every word is known."], "en", True)
@example(["Le texte est connu.", "Texte : aucun."], "fr", True)
def test_claims_something_answers_at_once_only_where_no_claim_can_match(pieces: list[str], language: str,
                                                                      cold: bool) -> None:
    """A sentence holding none of the strings the claims' patterns need (`_claim_words`) is
    answered at once: the answer of every pattern asked, with the pattern cache and without."""
    from unittest import mock

    from disclosure_lint import patterns as rx
    from disclosure_lint.analysis import statements
    from disclosure_lint.analysis.responsibility import responsibility_holder

    lex = load_lexicon().for_language(language)
    text = " ".join(pieces)
    with mock.patch.object(rx, "caching", lambda: not cold):
        own = statements._own_words(text, False)
        every = responsibility_holder(own, [], lex) is not None or statements._wholly_human(own, lex) \
            or lex.zero_share.search(text) is not None
        assert claims_something(text, lex) == every
    assert statements._claim_words(lex) is not None or language != "en"


_SHARES = ["Text: none.", "Content: 0%.", "AI involvement: zero.", "Usage : no", "0.0 percent",
           "zero per cent", "ZERO PERCENT", "Writing:\tnone", "Contenu : aucun.", "Texte : 0 %",
           "Inhalt: keiner.", "Texto: nada.", "Testo: nessuno.", "10%", "1,0%", "ſext: none"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CLAIMS + _PIECES + _QUOTED + _SHARES + _phrasings()[:200]), min_size=1, max_size=3),
       st.sampled_from(["en", "fr", "de", "es", "it"]), st.booleans())
@example(["Text: none."], "en", True)
@example(["Content: 0%."], "en", False)
@example(["Zero per cent of the text."], "en", True)
@example(["Texte : aucun."], "fr", True)
def test_may_share_nothing_is_false_only_where_zero_share_cannot_match(pieces: list[str], language: str,
                                                                        cold: bool) -> None:
    """`statements.may_share_nothing` (the literal test `_read_block` asks before searching a
    sentence for a share of nothing) says no only where `zero_share` finds nothing, with the
    pattern cache and without."""
    from unittest import mock

    from disclosure_lint import patterns as rx
    from disclosure_lint.analysis.statements import may_share_nothing

    lex = load_lexicon().for_language(language)
    text = " ".join(pieces)
    with mock.patch.object(rx, "caching", lambda: not cold):
        if not may_share_nothing(text, lex):
            assert lex.zero_share.search(text) is None
        if lex.zero_share.search(text) is not None:
            assert may_share_nothing(text, lex)
