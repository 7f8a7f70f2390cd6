"""The chapter gate's shortcuts (`prefilter.references_in`) held to the slower readings they stand
for: the word joiners' runs found by `re` in the texts holding one (`_joining`) against a Python
step for each (`_joining_stepwise`), and the texts needing reading found in the book's lower-case
text (`_needing_in`) against the texts joined again (`_needing_reading`)."""

from __future__ import annotations

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
