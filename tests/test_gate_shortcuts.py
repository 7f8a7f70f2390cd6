"""The chapter gate's shortcuts (`prefilter.references_in`) held to the slower readings they stand
for: the word joiners' runs found by `re` in the texts holding one (`_joining`) against a Python
step for each (`_joining_stepwise`), and the texts needing reading found in the book's lower-case
text (`_needing_in`) against the texts joined again (`_needing_reading`)."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from disclosure_lint.analysis import prefilter, residue
from disclosure_lint.analysis.lexicon import load_lexicon
from disclosure_lint.chars import characters

#: Pieces the gates read or not, joined with no space: invisible characters beside letters,
#: spaces, quotes, dashes, newlines (a text's own), capitals, look-alikes and a text's ends.
PIECES = st.lists(st.sampled_from(["th", "is", "this", " book", "the", " author", "e", " ", "ce", " livre", "l",
                                   "’", "'", "“", "auteur", "\u2060", "\u200b", "\u00ad", "\ufeff", "…", "—",
                                   "\u2011", "Ｔ", "T", "İ", "\n", "\t", "x", "1", "_", "\u00a0", "ﬁ", "À"]),
                  max_size=12).map("".join)
DROPPED = st.sets(st.sampled_from(["\u2060", "\u200b", "\u00ad", "\ufeff"]), min_size=1)


@given(st.lists(PIECES, min_size=1, max_size=6), DROPPED, st.sampled_from(["en", "fr", "es"]))
@example(["e\u2060 …", "\u2060x", "x\u2060"], {"\u2060"}, "en")
@example(["th\u2060\u200bis book", "the\u2060\n author", "x\u2060\nbook"], {"\u2060", "\u200b"}, "en")
@settings(max_examples=1500, deadline=None)
def test_joining_finds_what_a_step_for_each_dropped_character_finds(
        texts: list[str], dropped: set[str], language: str) -> None:
    reads = prefilter._gate_reading(tuple(load_lexicon(language=language).explicit_gate))
    joined = "\n".join(texts)
    slow = prefilter._joining_stepwise(texts, joined, dropped, reads)
    chars = characters(" ".join(texts))
    original = prefilter._STEPWISE
    try:
        for stepwise in (0, original):  # with `re`, and a step for each in the texts holding one
            prefilter._STEPWISE = stepwise
            assert prefilter._joining(texts, joined, dropped, reads, chars) == slow
            assert prefilter._joining(texts, None, dropped, reads, chars) == slow
            assert prefilter._joining(texts, joined, dropped, reads, chars | {"\u2060", "é", "\n"}) == slow  # (or more)
    finally:
        prefilter._STEPWISE = original
    assert prefilter._joining(texts, joined, dropped, reads) == slow


@given(st.lists(PIECES, min_size=1, max_size=8), st.data())
@example(["a\u2011b", "Ｔx", "x\tb", "é"], None)
@settings(max_examples=1000, deadline=None)
def test_the_texts_needing_reading_found_in_the_book_s_lower_case(texts: list[str], data: st.DataObject | None) -> None:
    """`_needing_in` gives every text `_needing_reading` gives (for the runs' sake or not), and no
    text that does not hold one of the characters asked for (in its own case or a capital's)."""
    book = residue._Book(texts)
    wanted = list(range(len(texts))) if data is None else data.draw(
        st.lists(st.sampled_from(range(len(texts))), unique=True).map(sorted))
    chosen = [texts[n] for n in wanted]
    joined = "\n".join(chosen)
    if joined.isascii() or book.chars is None:
        return
    held = prefilter._held_among(book.chars)
    for few in (prefilter._FEW_HITS, 1):  # each character's places looked at, or the texts asked
        original = prefilter._FEW_HITS
        prefilter._FEW_HITS = few
        try:
            fast = prefilter._needing_in(book.low, book.index, wanted, chosen, held)
        finally:
            prefilter._FEW_HITS = original
        if held.marks:
            assert fast is None
            continue
        assert fast is not None
        slow = prefilter._needing_reading(chosen, joined, held, runs=False)
        assert set(slow) <= set(fast)
        for k in fast:
            assert any(c in chosen[k] or c in chosen[k].lower() for c in held.chars), (chosen[k], held)


#: Sentences of a writer's note that hold a claims trigger or not, in several languages, with
#: capitals, curly quotes and the Greek capital sigma (lowered by context).
NOTE = st.lists(st.sampled_from([
    "I take full responsibility for this book.", "The views are my own.", "ALL MISTAKES ARE MINE.",
    "The author’s work.", "Known to the town.", "ΟΔΟΣ.", "Je suis seul responsable de ce livre.",
    "Ich trage die Verantwortung.", "Nothing here.", "She went down to the river.", "Ich bin der Autor.",
    "Les erreurs sont les miennes.", "It was written by me alone.", "No AI was used.", "Text: none.",
    "I alone wrote it.", "Ὀδυσσεύς ΣΟΦΟΣ. Next", "é", "\u2060", "  ", "Dr. Smith answers."]), max_size=6).map(" ".join)


@given(NOTE, st.sampled_from(["en", "fr", "de", "es"]), st.booleans())
@settings(max_examples=400, deadline=None)
def test_a_note_block_without_a_claims_trigger_is_read_as_its_sentences_would_be(
        text: str, language: str, shares: bool) -> None:
    """`_read_block` of front or back matter without AI (`claims_only`) skips a block holding no
    claims trigger at all (`_holds_any`): what it gives is what reading its sentences gives."""
    from disclosure_lint.analysis import disclosure
    from disclosure_lint.model import Block, Kind, Location, Role, Section

    lex = load_lexicon(language=language)
    block = Block(text, Location("book.md", 3, 1))
    section = Section(Role.BACK, Kind.OTHER, None, (block,), Location("book.md", 1, 1))
    fast = disclosure._read_block(block, 0, section, lex, in_story=False, ai_context=False,
                                  claims_only=True, shares=shares)
    original = disclosure._holds_any
    disclosure._holds_any = lambda text, words: True
    try:
        slow = disclosure._read_block(block, 0, section, lex, in_story=False, ai_context=False,
                                      claims_only=True, shares=shares)
    finally:
        disclosure._holds_any = original
    assert fast == slow


def test_no_claims_trigger_holds_a_sigma() -> None:
    """A piece of a text lowered is the text lowered, cut, but for a final sigma ("Σ" lowers to
    "ς" or "σ" by what follows it): `_holds_any` asks the whole block for claims triggers, none of
    which holds one, so it finds one exactly when one of the block's sentences does."""
    for language in ("en", "fr", "de", "es", "it", "pt", "nl"):
        words = load_lexicon(language=language).claims_triggers
        assert words is not None
        assert not any(c in word for word in words for c in "σςΣ"), language


@given(st.sets(st.characters(max_codepoint=0x2FFF), min_size=1, max_size=40),
       st.characters(max_codepoint=0x2FFF))
@settings(max_examples=500, deadline=None)
def test_a_class_of_characters_holds_them_alone(chars: set[str], other: str) -> None:
    import re

    inside = re.compile("[" + prefilter._class_of(chars) + "]")
    assert all(inside.fullmatch(c) for c in chars)
    assert (inside.fullmatch(other) is not None) is (other in chars)
    assert (inside.fullmatch(chr(max(map(ord, chars)) + 1)) is None) is (chr(max(map(ord, chars)) + 1) not in chars)


#: Pieces of words the gates read, with the characters a text is read again for: invisible ones,
#: folded ones, capitals (a sigma), line breaks, tabs, look-alikes, a mark.
GATE_PIECES = st.lists(st.sampled_from(["th", "is", "this", " book", "the", " author", "e", " ", "ce", " livre",
                                        "l", "’", "'", "auteur", "esta", " novela", "x", "\u2060", "\u200b",
                                        "\u00ad", "…", "—", "\u2011", "ﬁ", "Ｔ", "T", "ℎ", "İ", "\n", "\t",
                                        "Σ", "É", "\u00a0", "\u2060 ", "TH"]), max_size=12).map("".join)


@given(st.lists(GATE_PIECES, min_size=1, max_size=8), st.data())
@example(["the\u2060 author", "th\u2060is book", "x\u2060 …", "Th\u2060is\u2060 Book"], None)
@example(["ΣΑ the\u2060 author"], None)
@settings(max_examples=1000, deadline=None)
def test_the_texts_read_again_from_the_book_s_lower_case_pass_as_read(
        texts: list[str], data: st.DataObject | None) -> None:
    """`references_in` with the book's text offsets (`starts`: a text read again for its dropped
    characters alone taken from the book's lower case, `_slices_read`) finds what it finds
    without them, in every language's gates."""
    book = residue._Book(texts)
    wanted = list(range(len(texts))) if data is None else data.draw(
        st.lists(st.sampled_from(range(len(texts))), unique=True).map(sorted))
    chosen = [texts[n] for n in wanted]
    for language in ("en", "fr", "es"):
        gates = load_lexicon(language=language).explicit_gate
        slow = prefilter.references_in(book.low, book.index, wanted, chosen, gates, book.chars)
        assert prefilter.references_in(book.low, book.index, wanted, chosen, gates, book.chars,
                                       starts=book.starts) == slow


#: Pieces of text around the gates' words (every language's): the words, what comes before them,
#: quotes, spaces, characters no gate reads (punctuation, digits) and characters that the residue
#: scan's bytes write alike ("?" and any character beyond ASCII).
NEAR_PIECES = st.lists(st.sampled_from([
    "this", "the", "th", "is", " ", "  ", "\u00a0", "book", "author", "present", "story", "text", "e", "’", "'", "\"",
    "“", "«", "?", ".", ",", "1", "—", "f", "x", "ce", "livre", "l", "auteur", "esta", "novela", "autor", "autora",
    "dieses", "buch", "der", "verfasser", "questa", "l’autore", "deze", "roman", "é", "İ", "\u2060", "\n", "TH",
    "Book", "À"]), max_size=14).map("".join)
LANGUAGES = ("en", "fr", "de", "es", "it", "nl", "pt")


def _gate_matches(low: str, gates: tuple[re.Pattern[str], ...]) -> list[int]:
    return sorted(m.start() for gate in gates for m in gate.finditer(low))


def _every_place(low: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Every place of each word in `low` (overlapping ones too), one `str.find` after another."""
    out = []
    for word in words:
        at = low.find(word)
        while at >= 0:
            out.append((at, len(word)))
            at = low.find(word, at + 1)
    return out


@given(st.sampled_from(LANGUAGES), st.data())
@settings(max_examples=700, deadline=None)
def test_every_match_of_a_gate_holds_one_of_its_words(language: str, data: st.DataObject) -> None:
    """`gate_words`: a match of a gate (drawn from the gate itself) holds one of the words, for
    every language whose gates they are read from (a test of `_cover`: a word left out, or a run
    of a group's alternatives read wrong, fails it)."""
    gates = tuple(load_lexicon(language=language).explicit_gate)
    words = prefilter.gate_words(gates)
    if words is None:
        return
    gate = data.draw(st.sampled_from(gates))
    text = data.draw(st.from_regex(gate, fullmatch=True))
    assert any(word in text for word in words), (gate.pattern, text)


def test_the_gates_words_are_read_for_the_gates_that_need_them() -> None:
    """The English gate's words are its nouns, "author", and the quoted forms of "this", "the"
    and "the present"; the shipped words are what reading every lexicon's gates gives (written by
    `python -m disclosure_lint.analysis.literal_index`), and are used only for those gates."""
    from disclosure_lint import packed

    english = prefilter.gate_words(tuple(load_lexicon(language="en").explicit_gate))
    assert english is not None
    assert {"book", "story", "author", "this’", "the’", "present’", "the\""} <= set(english)
    assert not {"this", "the", "present"} & set(english)
    assert packed.load_value(prefilter.GATES_SHIPPED, prefilter.GATES_HEADER) == prefilter.shipped_gate_words()
    for language in LANGUAGES:
        gates = tuple(load_lexicon(language=language).explicit_gate)
        assert prefilter.gate_words(gates) == prefilter.derived_gate_words(gates)
    other = (re.compile("th(?:is|e)\\s+(?:book|text)"),)
    assert prefilter.gate_words(other) == ("book", "text")  # not shipped: read from the gate
    assert prefilter.gate_words((re.compile("th(?:is|e)\\s+\\w+"),)) is None  # nothing to look for


@given(st.lists(NEAR_PIECES, min_size=1, max_size=8), st.sampled_from(LANGUAGES), st.integers(1, 40))
@example(["this book", "the author. The book", "x the\u00a0present  story"], "en", 40)
@example(["this", "book", "the", "", "  present", "story"], "en", 3)
@example(["autora", "l’autore", "esta ’novela"], "es", 40)
@settings(max_examples=1500, deadline=None)
def test_the_gates_searched_near_their_words_find_what_the_whole_book_s_search_finds(
        texts: list[str], language: str, piece: int) -> None:
    """`_starts_near`, the gates searched only in the runs of characters they read around their
    words' places, gives every match `finditer` of the whole book gives (matches over texts'
    joins, quotes, non-breaking spaces, "?" and characters the bytes write alike, words at a
    book's ends), and so does `references_in` with the places the residue scan's one search of
    the book found (`_Book.all_of` with the gates' words `also`, a piece of a few characters at a
    time) as without them."""
    from disclosure_lint.analysis import residue

    gates = tuple(load_lexicon(language=language).explicit_gate)
    words = prefilter.gate_words(gates)
    if words is None:
        return
    book = residue._Book(texts, also=words)
    expected = _gate_matches(book.low, gates)
    assert sorted(prefilter._starts_near(book.low, gates, _every_place(book.low, words)) or ()) == expected
    saved = residue._PIECE, residue._DENSE_PLACES
    try:
        residue._PIECE = piece
        assert book.places_of(words) is None  # (not searched yet)
        dense = residue._Book(texts, also=words)
        found = dense.all_of(["here is", "i have"])
        residue._DENSE_PLACES = 0  # (the places kept however dense)
        assert book.all_of(["here is", "i have"]) == found
    finally:
        residue._PIECE, residue._DENSE_PLACES = saved
    places = book.places_of(words)
    assert places is not None and sorted(places) == sorted(_every_place(book.low, words))
    if len(places) * saved[1] > len(book.low):  # denser than `_DENSE_PLACES`: not kept
        assert dense.places_of(words) is None
    wanted = list(range(len(texts)))
    slow = prefilter.references_in(book.low, book.index, wanted, texts, gates, book.chars, starts=book.starts)
    assert prefilter.references_in(book.low, book.index, wanted, texts, gates, book.chars, starts=book.starts,
                                   places=places) == slow
