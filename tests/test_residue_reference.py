"""The chatbot-residue scan against a slow reference (issue 21): every text prepared and matched
with every kind's whole pattern, no anchor word, quick test or edge comparison in between.

`find_residue` looks at a paragraph only where a literal search of the book's lower-case text finds
an anchor word, or where its ends are a chat window's words, and matches it only when a fast
superset of its kinds' patterns finds something; each of these shortcuts must leave its result as
the reference's, for text with capitals, curly quotes, newlines, odd spaces and invisible
characters (`residue._HIDERS`), inside words and phrases or beside them.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from disclosure_lint.analysis import residue
from disclosure_lint.analysis.residue import (
    anchors,
    examples,
    find_residue,
    flatten,
    load_residue,
    prepare,
)
from disclosure_lint.model import (
    Block,
    HiddenReason,
    HiddenText,
    Kind,
    Location,
    Manuscript,
    Metadata,
    Role,
    Section,
)


def _reference(book: Manuscript) -> tuple[residue.Residue, ...]:
    """What `find_residue` finds, the slow way."""
    texts, sections, owners = residue._sources(book)
    languages = residue._languages_of(book)
    datas = {language: load_residue(language) for language in languages}
    # A paragraph's kinds in the order `find_residue` tries them (the first of two matches at one
    # place names the residue): the anchor words' kinds, then the chat window's.
    order = {language: [kind for kind in dict.fromkeys([*anchors(language).kinds, *anchors(language).starts,
                                                        *anchors(language).ends])
                        if kind in datas[language].patterns] for language in languages}
    prepared = [prepare(t) for t in texts]
    flat = [flatten(p) for p in prepared]
    found: dict[int, list[tuple[str, int, int]]] = {}

    def before_of(n: int) -> str | None:
        if n == 0 or sections[n - 1] != sections[n] or sections[n] < 0 or n - 1 in found:
            return None
        return prepared[n - 1]

    for n in range(len(texts)):
        hits = [hit for language in languages for kind in order[language]
                for hit in residue._search(prepared[n], flat[n], before_of(n), kind,
                                           datas[language].patterns[kind], None, datas[language])]
        if hits:
            found[n] = hits
    for n in range(len(texts)):
        if any(m in found and sections[m] == sections[n] for m in (n - 1, n, n + 1)):
            for language in languages:
                data = datas[language]
                if data.weak is not None:
                    weak = residue._search(prepared[n], flat[n], before_of(n), "reply", data.weak, None, data)
                    if weak:
                        found.setdefault(n, []).extend(weak)
    out = []
    for n in sorted(found):
        piece = residue._piece(owners[n], sections[n])
        hits = sorted(found[n], key=lambda h: h[1])
        out.append(residue.Residue(residue._quotation(prepared[n], hits), hits[0][0], piece.location,
                                   piece.visible, piece.easy_to_miss, piece.where, piece.hidden_reason))
    return tuple(out)


def _book(chapters: list[list[str]], hidden: list[str]) -> Manuscript:
    sections = []
    for c, texts in enumerate(chapters, start=1):
        at = Location("book.md", c, 1, f"Chapter {c}")
        blocks = tuple(Block(t, Location("book.md", c, 1, f"Chapter {c}", n)) for n, t in enumerate(texts, start=1))
        sections.append(Section(Role.BODY, Kind.CHAPTER, f"Chapter {c}", blocks, at))
    notes = tuple(HiddenText(t, Location("book.md", 1, 1), HiddenReason.COMMENT, "a comment") for t in hidden)
    return Manuscript("book.md", "markdown", Metadata(language="en"), tuple(sections), hidden=notes)


_EXAMPLES = [t for listed in examples("en").values() for t in listed]
_WORDS = sorted({w for t in _EXAMPLES for w in t.split()}
                | {w for listed in anchors("en").kinds.values() for phrase in listed for w in phrase.split()}
                | {"Sure", "Here's", "I've", "ChatGPT", "said", "Regenerate", "response", "Copy", "code",
                   "—", "…", "“", "”", "[", "]", "{{", "}}", ":", ".", "!", "help"})
#: What a book may hold besides words and spaces: odd spaces and invisible characters (every one
#: `_HIDERS` names), a newline, a tab, a form NFKC folds ("…", "ﬁ", a full-width letter), a capital
#: whose lower case is two characters ("İ") or depends on its place ("Σ").
_ODD = [*residue._HIDERS, "\n", "\t", "…", "\ufb01", "\uff21", "\u0130", "\u03a3", "\u2019", "'", "\u2011",
                          "\u2010", "\x0c"]


@st.composite
def _text(draw: st.DrawFn) -> str:
    base = draw(st.one_of(
        st.just(""),
        st.sampled_from(_EXAMPLES),
        st.lists(st.sampled_from(_WORDS), min_size=1, max_size=20).map(" ".join),
        st.tuples(st.sampled_from(_EXAMPLES), st.sampled_from(_EXAMPLES)).map(" ".join),
        st.tuples(st.sampled_from(_EXAMPLES), st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join))
        .map(" ".join),
    ))
    chars = list(base)
    for _ in range(draw(st.integers(0, 3))):  # odd characters put in, replacing a space or not
        at = draw(st.integers(0, len(chars)))
        odd = draw(st.sampled_from(_ODD))
        if at < len(chars) and chars[at] == " " and draw(st.booleans()):
            chars[at] = odd
        else:
            chars.insert(at, odd)
    # As the readers give a paragraph (they collapse its whitespace), no run of ASCII whitespace,
    # and a form feed only at an end (the scan reads newlines and tabs as spaces, no other ASCII
    # whitespace between words); an odd space is kept, beside a space too, as an API caller may
    # give it.
    text = "".join(chars)
    text = text[:1] + text[1:-1].replace("\x0c", " ") + text[-1:] if len(text) > 2 else text
    text = re.sub(r"[ \t\n\x0c]{2,}", lambda m: m.group(0)[0], text)
    case = draw(st.sampled_from(["as is", "upper", "lower", "title"]))
    return text if case == "as is" else getattr(text, case)()


@settings(max_examples=1500, deadline=None)
# An invisible character at a paragraph's start, before a closer in a paragraph holding residue.
@example([["\u00adI hope this helps! " + examples("en")["residue"][0]]], [])
# "İ" lowers to two characters, the second no word character (the quick test reads lower case).
@example([["Here is the \u0130next chapter, written in the same style: Here\u2019s the scene rewritten:"]], [])
@given(st.lists(st.lists(_text(), min_size=1, max_size=5), min_size=1, max_size=3),
       st.lists(_text(), max_size=2))
def test_the_scan_finds_what_the_slow_reading_finds(chapters: list[list[str]], hidden: list[str]) -> None:
    book = _book(chapters, hidden)
    assert find_residue(book) == _reference(book)


def test_the_reference_finds_residue() -> None:
    """The reference is no empty answer: the examples are found, the closers next to them too."""
    residue_examples = examples("en")["residue"]
    book = _book([[residue_examples[0], "I hope this helps!"], ["The harbour was quiet."]], [])
    found = _reference(book)
    assert [r.kind for r in found] == ["reply", "reply"]
    assert found == find_residue(book)
    assert not _reference(_book([list(examples("en")["not_residue"])], []))



@settings(max_examples=400, deadline=None)
@given(st.lists(_text(), min_size=1, max_size=40), st.booleans(), st.booleans())
def test_a_kinds_quick_test_of_texts_together_is_each_ones(texts: list[str], cold: bool, one_search: bool) -> None:
    """`Quick.passing` (each kind's quick test of the paragraphs holding its anchor words, found
    together) finds a text exactly when `Quick.found` of it alone does, with and without the
    pattern cache (a part not compiled yet is tried only where its lead and its sets are), and
    with its strings looked for by one search of them all (`_holders_all`, forced) or one by one."""
    from unittest import mock

    from disclosure_lint import patterns as rx

    read = [flatten(prepare(t)).lower() for t in texts]
    with mock.patch.object(rx, "caching", lambda: not cold), \
            mock.patch.object(residue, "_MANY_QUICK", 0 if one_search else 1 << 62):
        for kind, quick in load_residue("en").quick.items():
            fresh = residue.Quick(tuple(rx.LazyPattern(p.pattern, p.flags) for p in quick.parts), *quick[1:])
            assert fresh.passing(read) == {k for k, text in enumerate(read) if quick.found(text)}, kind


_HELD = st.text(alphabet=st.sampled_from(list("ab ?'’é\U0001f600")), max_size=10)


@settings(max_examples=400, deadline=None)
@given(st.lists(_HELD, min_size=1, max_size=12),
       st.lists(st.text(alphabet=st.sampled_from(list("ab ?'’é\U0001f600\n")), max_size=4), max_size=8))
def test_quick_strings_by_one_search_are_each_ones(texts: list[str], words: list[str]) -> None:
    """`_holders_all` (every string `Quick.passing` may look for, by one Aho-Corasick search of the
    texts joined, as bytes with "?" for each character beyond ASCII) finds the texts `_holders`
    finds for each word: overlapping words, "?" in the texts and the words, characters beyond
    ASCII and the BMP, empty words and words holding a newline (looked for text by text)."""
    from itertools import accumulate

    joined = "\n".join(texts)
    ends = list(accumulate(map((1).__add__, map(len, texts))))
    words = list(dict.fromkeys(words))
    expected = {word: residue._holders(word, texts, joined, ends) for word in words}
    assert residue._holders_all(words, texts, joined, ends) == expected


def test_quick_strings_are_every_one_passing_looks_for() -> None:
    """`Quick._strings` holds every anchor word and `first` string of each part (those `passing`
    looks for first): a word left out would be looked for alone, so the answer holds, but the
    one search would not spare its search."""
    for quick in load_residue("en").quick.values():
        wanted = {w for need in quick.anchors for w in need or ()} | {w for first in quick.first for w in first or ()}
        assert set(quick._strings()) == wanted


def test_a_quick_test_of_texts_together_finds_each() -> None:
    """The examples among texts holding anchor words and none, a window's words at a text's end
    (`$`) and start (`^`), and a text with a newline (then each is tested alone)."""
    examples_ = [t.lower() for t in examples("en")["residue"]]
    read = ["nothing here at all.", *examples_, "then the door flies open. chatgpt said",
            "certainly!", "here is the revised version of your chapter:", "i have"] * 3
    for texts in (read, [*read, "here is\nthe"]):
        for kind, quick in load_residue("en").quick.items():
            assert quick.passing(texts) == {k for k, text in enumerate(texts) if quick.found(text)}, kind
    assert load_residue("en").quick["interface"].passing(read)  # (the test is no empty answer)
    assert len(load_residue("en").quick["reply"].passing(read)) > 3
