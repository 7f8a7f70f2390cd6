"""Chatbot residue (issue 20): a chatbot's reply, prompt or interface text left in the book, found
in every format and place a reader meets it (and, as info or a warning, where a reader does not),
never in dialogue or quotations, never a disclosure."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from books import CHAPTER, STOCK, markdown_book, write_book
from docx_builders import build_raw_docx, para
from docx_builders import run as docx_run
from epub_builders import Doc, build_epub, xhtml_document
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.analysis.residue import (
    anchors,
    examples,
    expand,
    languages,
    load_residue,
    prepare,
    quoted_spans,
)

Run = Callable[..., Any]
CRowne = ("Certainly! Here's an enhanced version of your passage, making Elena more relatable and injecting "
          "additional humor while providing a brief, sexy description of Grigori. Changes are highlighted in bold "
          "for clarity.")


def _found(text: str, language: str = "en") -> list[str]:
    """The residue found in `text` standing alone in a chapter (in-process, as `check` reads it)."""
    from disclosure_lint.analysis.residue import find_residue
    from disclosure_lint.model import Block, Kind, Location, Manuscript, Metadata, Role, Section

    at = Location("book.md", 1, 1, "Chapter 1")
    blocks = (Block("Chapter 1", at, is_heading=True), Block(CHAPTER, at), Block(text, at), Block(CHAPTER, at))
    book = Manuscript("book.md", "markdown", Metadata(language=language),
                      (Section(Role.BODY, Kind.CHAPTER, "Chapter 1", blocks, at),))
    return [r.text for r in find_residue(book)]


@pytest.mark.parametrize("language", languages())
def test_every_example_is_judged_as_its_list_says(language: str) -> None:
    listed = examples(language)
    assert listed["residue"] and listed["not_residue"]
    for text in listed["residue"]:
        assert _found(text, language), text
        # the literal prefilter lets every piece of residue through
        low = prepare(text).lower()
        marks = anchors(language)
        assert any(word in low for words in marks.kinds.values() for word in words) \
            or any(low.startswith(words) for words in marks.starts.values()) \
            or any(low.endswith(words) for words in marks.ends.values()), text
    for text in listed["not_residue"]:
        assert not _found(text, language), text
    for text in listed["weak"]:
        assert not _found(text, language), text
        assert _found(CRowne + " " + text, language) == [CRowne + " " + text]


@pytest.mark.parametrize("language", languages())
def test_every_pattern_finds_an_example_of_its_own(language: str) -> None:
    from disclosure_lint.analysis.residue import _raw

    raw = _raw(language)
    words = raw.get("words", {})
    shown = [prepare(t).translate(str.maketrans("\u2019\u2018\u201c\u201d", "''\"\"")) for t in
             (*examples(language)["residue"], *examples(language)["weak"])]
    for kind, patterns in raw["patterns"].items():
        for pattern in patterns:
            compiled = re.compile(expand(pattern, words), re.IGNORECASE)
            assert any(compiled.search(e) for e in shown), (kind, pattern)


def test_quotation_marks_and_apostrophes() -> None:
    text = "Ash’s scales darken. “Certainly,” he said. 'Here's tea,' she said, and the writers’ room"
    spans = quoted_spans(text)
    quoted = [text[a:b] for a, b in spans]
    assert quoted == ["“Certainly,”", "'Here's tea,'"]
    assert quoted_spans("„Gewiss“, sagte er.") == [(0, 8)]
    assert quoted_spans("« Bien sûr », dit-il.") == [(0, 12)]
    # an open quotation runs to the paragraph's end (continued dialogue)
    assert quoted_spans("“Certainly! Here's a revised version of your chapter") == [(0, 52)]


@pytest.mark.parametrize("text", [
    CRowne,
    "Ash’s scales darken as his fire magic heats the air around us. I’ve rewritten the passage to align more "
    "with J. Bree’s style, which features more tension, gritty undertones, and raw emotional subtext.",
    "Thought for 13 seconds",
    "Certainly, here is a possible introduction for your topic:",
    "Regenerate response",
])
def test_the_reported_cases_are_found(text: str) -> None:
    assert _found(text)


def test_a_book_that_introduces_a_reply_quotes_it() -> None:
    assert not _found("I asked ChatGPT to improve my opening. It replied: Certainly! Here's a revised "
                      "version of your opening, with more tension.")


def test_a_closer_counts_only_next_to_residue() -> None:
    assert not _found("I hope this helps!")
    from disclosure_lint.analysis.residue import find_residue
    from disclosure_lint.model import Block, Kind, Location, Manuscript, Metadata, Role, Section

    at = Location("book.md", 1, 1, "Chapter 1")
    blocks: tuple[Block, ...] = (Block(CRowne, at), Block("Relief washes over me.", at), Block("I hope this helps!", at))
    book = Manuscript("book.md", "markdown", Metadata(), (Section(Role.BODY, Kind.CHAPTER, None, blocks, at),))
    assert [r.text for r in find_residue(book)] == [CRowne]
    blocks = (Block(CRowne, at), Block("I hope this helps!", at))
    book = book._replace(sections=(Section(Role.BODY, Kind.CHAPTER, None, blocks, at),))
    assert [r.text for r in find_residue(book)] == [CRowne, "I hope this helps!"]


def _findings(run: Run, path: Path, *args: str) -> list[dict[str, Any]]:
    result = run("check", "--format", "json", *args, path)
    assert result.code in (0, 1), result.err
    findings: list[dict[str, Any]] = result.json()["files"][0]["findings"]
    return findings


def test_markdown_chapter_front_and_back_matter(tmp_path: Path, run: Run) -> None:
    text = markdown_book(STOCK + "\n\n[Insert a sentence about the author's process here]",
                         chapters=[CHAPTER, "Regenerate response"], afterword="As an AI language model, I don't "
                         "have personal feelings, but I hope the afterword captures your gratitude.")
    findings = _findings(run, write_book(tmp_path, text))
    residue = [f for f in findings if f["rule"] == "chatbot-residue"]
    assert [f["severity"] for f in residue] == ["error", "error", "error"]
    lines = [f["location"]["line"] for f in residue]
    assert lines == sorted(lines)
    assert "[Insert a sentence" in residue[0]["message"] and "fill in or remove" in residue[0]["message"]
    assert "Regenerate response" in residue[1]["message"]
    assert "remove this chatbot reply from the text; if AI wrote part of the book, say so in a disclosure" in \
        residue[2]["message"]
    assert residue[0]["code"] == "DL010"
    # the stock disclosure still counts; the residue does not change that
    assert "disclosure-missing" not in {f["rule"] for f in findings}


def test_residue_is_never_a_disclosure(tmp_path: Path, run: Run) -> None:
    text = markdown_book("As an AI language model, I have drafted this foreword about your novel. I take full "
                         "responsibility for the content.")
    findings = _findings(run, write_book(tmp_path, text))
    rules = {f["rule"] for f in findings}
    assert {"chatbot-residue", "disclosure-missing"} <= rules
    missing = next(f for f in findings if f["rule"] == "disclosure-missing")
    assert "signs of AI use" in missing["message"]


def test_docx_body_tracked_insertion_and_comment(tmp_path: Path, run: Run) -> None:
    ins = ('<w:p><w:ins w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:t>'
           "Sure — here is the scene with more tension:</w:t></w:r></w:ins></w:p>")
    body = (para("Foreword", style="Heading1") + para(STOCK) + para("Chapter 1", style="Heading1") + para(CHAPTER) + ins
            + '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>' + CHAPTER + '</w:t></w:r><w:commentRangeEnd w:id="0"/>'
            '<w:r><w:commentReference w:id="0"/></w:r></w:p>')
    comments = {"0": "Let me know if you'd like me to adjust the tone of this chapter."}
    path = build_raw_docx(tmp_path / "book.docx", body, comments=comments)
    findings = [f for f in _findings(run, path) if f["rule"] == "chatbot-residue"]
    assert [f["severity"] for f in findings] == ["error", "info"], findings
    assert "scene with more tension" in findings[0]["message"]
    assert "Word comment" in findings[1]["message"]


def test_epub_spine_and_non_linear_items(tmp_path: Path, run: Run) -> None:
    path = build_epub(tmp_path / "book.epub", [
        Doc("foreword.xhtml", f"<h1>Foreword</h1><p>{STOCK}</p>", "frontmatter foreword"),
        Doc("chapter1.xhtml", f"<h1>Chapter 1</h1><p>{CHAPTER}</p><p>ChatGPT said:</p><p>{CRowne}</p>",
            "bodymatter chapter"),
        Doc("notes.xhtml", "<h1>Notes</h1><p>Copy code</p>", "backmatter", linear=False),
    ], title="Harbor Lights", authors=("Jordan Vale",))
    findings = [f for f in _findings(run, path) if f["rule"] == "chatbot-residue"]
    assert len(findings) == 3 and all(f["severity"] == "error" for f in findings), findings
    assert any("Certainly! Here" in f["message"] for f in findings)
    assert "Copy code" in findings[2]["message"]


def test_explain_and_sarif(tmp_path: Path, run: Run) -> None:
    explained = run("explain", "chatbot-residue")
    assert explained.code == 0 and "DL010" in explained.out and "Failing example" in explained.out
    assert run("explain", "DL010").out == explained.out
    book = write_book(tmp_path, markdown_book(STOCK, chapters=[CHAPTER, "Copy code"]))
    sarif = run("check", "--format", "sarif", book).json()
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert "DL010" in rules or "chatbot-residue" in rules


def test_insert_leaves_residue_and_says_so(tmp_path: Path, run: Run) -> None:
    book = write_book(tmp_path, markdown_book(None, chapters=[CHAPTER, "Regenerate response"]))
    result = run("insert", "--model", "GPT-4", book)
    assert result.code == 0, result.err
    assert "Regenerate response" in book.read_text("utf-8")
    assert "chatbot-residue" in result.err and "Regenerate response" in result.err
    after = _findings(run, book)
    assert {f["rule"] for f in after} == {"chatbot-residue"}


@pytest.mark.parametrize("language", languages())
def test_the_anchor_words_read_alone_are_the_files(language: str) -> None:
    """`anchors` reads only the file's head; it must agree with a parser reading all of it."""
    from disclosure_lint.analysis.residue import _raw

    table = dict(_raw(language)["prefilter"])
    marks = anchors(language)
    edges = {"starts": marks.starts, "ends": marks.ends}
    assert {**{k: {w for w in v if "\u2019" not in w} for k, v in marks.kinds.items()},
            **{f"{k}_{edge}": set(v) for edge, kinds in edges.items() for k, v in kinds.items()}} == \
        {k: {w.lower() for w in v} for k, v in table.items()}


@pytest.mark.parametrize("language", languages())
def test_each_anchor_word_is_found_wherever_it_stands(language: str) -> None:
    """The literal searches find each word exactly where `in` does."""
    from disclosure_lint.analysis.residue import _Book, _holding

    marks = anchors(language)
    words = [w for listed in marks.kinds.values() for w in listed]
    filler = "The harbour was quiet that night, and nobody spoke of the ships."
    for word in words:
        for text in (word, f"{filler} {word}", f"{word}. {filler}", f"x{word}y"):
            texts = [filler, text.upper(), filler]
            held = _holding(_Book(texts), words)
            assert held[word] == {1}, (word, text)
            for other in words:
                assert (1 in held[other]) == (other in text.lower()), (other, text)


_PIECES = st.sampled_from(["below is", "Below are", "below", "here’s", "I’ve", "you said:", "You said", ":", "’",
                            "an AI", "request", "knowledge", "here is", "x", " ", "\n", "é", "—"])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=8).map("".join), min_size=1, max_size=6), st.booleans())
def test_words_found_by_their_places_or_a_shared_prefix_are_the_searchs(texts: list[str], places: bool) -> None:
    """Each anchor word's texts, found from the places of a character it holds (`_Book.places`,
    `_Book.at`: forced here, with no text counting as few, `_FEW`, and every character as seldom,
    `_SPARSE`) or with the words sharing its prefix (`_shared`, `_Book.starting`: "below is" and
    "below are"), are those a literal search of the whole book for it finds (`_Book.containing`),
    a word running over two texts' join included."""
    from disclosure_lint.analysis import residue
    from disclosure_lint.analysis.residue import _Book, _holding

    words = [w for listed in anchors().kinds.values() for w in listed]
    book = _Book(texts)
    expected = {word: book.containing(word) for word in words}
    saved = residue._FEW, residue._SPARSE
    try:
        if places:
            residue._FEW, residue._SPARSE = 0, 1
        assert _holding(book, words) == expected
    finally:
        residue._FEW, residue._SPARSE = saved


_ODD_PIECES = st.sampled_from(["here", "here’s", "here's", "here?s", "i’ve", "i've", "i?ve", "an ai", "an", "ai", "?", "’",
                                "é", "ß", "\u0130", "—", " ", "\n", "a", "i", "version", "ersion", "v", "\U0001d400"])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.lists(_ODD_PIECES, max_size=10).map("".join), min_size=1, max_size=6),
       st.lists(st.lists(_ODD_PIECES, min_size=1, max_size=3).map("".join), min_size=1, max_size=6),
       st.integers(1, 40))
def test_words_found_by_one_search_for_all_are_the_searchs(texts: list[str], words: list[str], piece: int) -> None:
    """`_Book.all_of`, one search of the book (as bytes, one a character, "?" for each beyond ASCII)
    for every word, finds for each word the texts a literal search of the whole book finds
    (`_Book.containing`): words and texts holding "?" and characters beyond ASCII that the bytes
    write alike ("here’s" and "here?s"), overlapping words and words running over two texts'
    join, with the book searched a piece at a time (`_PIECE`: a few characters here, so that words
    run over the pieces' ends). And `_holding` gives the same with it (a long book, `_MANY`) as
    without."""
    from disclosure_lint.analysis import residue
    from disclosure_lint.analysis.residue import _Book, _holding

    book = _Book(texts)
    words = [w for w in dict.fromkeys(w.strip() for w in words) if w]  # (an anchor word is trimmed)
    expected = {word: book.containing(word) for word in words}
    anchor_words = [w for listed in anchors().kinds.values() for w in listed]
    alone = _holding(book, anchor_words)
    saved = residue._MANY, residue._PIECE
    try:
        residue._PIECE = piece
        assert book.all_of(words) == expected
        residue._MANY = 0
        assert _holding(book, anchor_words) == alone
    finally:
        residue._MANY, residue._PIECE = saved


def test_words_sharing_a_prefix_are_found_by_it() -> None:
    """`_shared`: the longest prefix of five or more characters ending in a letter or digit."""
    from disclosure_lint.analysis.residue import _shared

    assert _shared(["below is", "below are", "here is", "here are", "version"]) == {
        "below": ["below is", "below are"], "here is": ["here is"], "here are": ["here are"], "version": ["version"]}
    assert _shared(["let me know", "let me see"]) == {"let me": ["let me know", "let me see"]}
    assert _shared(["abcd x", "abcd y"]) == {"abcd x": ["abcd x"], "abcd y": ["abcd y"]}


def test_the_window_words_are_found_at_a_paragraphs_ends_only() -> None:
    """`interface` words are compared with each text's start (end), as `prepare` reads it."""
    from disclosure_lint.analysis.residue import _at_edges, _Book, _odd

    marks = anchors()
    starts, ends = marks.starts["interface"], marks.ends["interface"]
    texts = [
        "Regenerate response",  # 0: both
        "  Copy code",  # 1: after spaces
        "\ufeffChatGPT said:",  # 2: after a byte-order mark
        "Thought\u00a0for 12 seconds",  # 3: a no-break space inside
        "The draft. Regenerate response",  # 4: at the end
        "He thought for 2 days, said copy code and left",  # 5: in the middle only
        "She thought for a moment.",  # 6: no number
        "",  # 7: empty
        "Regenerate response\n",  # 8: a newline after
    ]
    book = _Book(texts)
    assert _at_edges(book, texts, _odd(book), starts, ends) == {0, 1, 2, 3, 4, 8}
    # Without the empty text, each text's ends are read from the ends joined (`_at_edges`).
    texts.remove("")
    book = _Book(texts)
    assert _at_edges(book, texts, _odd(book), starts, ends) == {0, 1, 2, 3, 4, 7}


@pytest.mark.parametrize("hide", [
    lambda t: t.replace(" ", "\u00a0"),  # no-break spaces
    lambda t: t.replace("e", "e\u2060", 3),  # word joiners inside words
    lambda t: t.replace("o", "o\u00ad", 2),  # soft hyphens
    lambda t: t.replace("'", "\u2019"),  # curly apostrophes
])
def test_invisible_characters_and_odd_spaces_hide_no_residue(hide: Callable[[str], str]) -> None:
    for text in examples()["residue"]:
        assert _found(hide(text)), hide(text)
    for text in examples()["not_residue"]:
        assert not _found(hide(text)), hide(text)


# --- every place the text is, in every format (issue 20, item 3) --------------------------------

#: A reply left in the text, found wherever it stands.
LEFT = "Let me know if you’d like me to adjust the tone of this chapter."
#: The three places every format has: before the story, the story, after it.
PLACES = {"front": "Foreword", "body": "Chapter 2", "back": "Afterword"}


def _book(tmp_path: Path, fmt: str, place: str) -> Path:
    """A disclosed book with `LEFT` as a paragraph of its own in one place (a heading of `PLACES`)."""
    texts = {heading: [CHAPTER] for heading in ("Foreword", "Chapter 1", "Chapter 2", "Afterword")}
    texts["Foreword"] = [STOCK]
    texts[PLACES[place]].append(LEFT)
    if fmt == "md":
        return write_book(tmp_path, markdown_book(" \n\n".join(texts["Foreword"]),
                                                  chapters=[" \n\n".join(texts["Chapter 1"]),
                                                            "\n\n".join(texts["Chapter 2"])],
                                                  afterword="\n\n".join(texts["Afterword"])))
    if fmt == "docx":
        body = "".join(para(heading, style="Heading1") + "".join(para(t) for t in paragraphs)
                       for heading, paragraphs in texts.items())
        return build_raw_docx(tmp_path / "book.docx", body, core={"dc:title": "Harbor Lights",
                                                                 "dc:creator": "Jordan Vale"})
    types = {"Foreword": "frontmatter foreword", "Chapter 1": "bodymatter chapter",
             "Chapter 2": "bodymatter chapter", "Afterword": "backmatter afterword"}
    return build_epub(tmp_path / "book.epub", [
        Doc(f"part{n}.xhtml", f"<h1>{heading}</h1>" + "".join(f"<p>{t}</p>" for t in paragraphs), types[heading])
        for n, (heading, paragraphs) in enumerate(texts.items())
    ], title="Harbor Lights", authors=("Jordan Vale",))


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("fmt", ["md", "docx", "epub"])
def test_front_matter_chapters_and_back_matter_in_every_format(tmp_path: Path, run: Run, fmt: str,
                                                                place: str) -> None:
    findings = _findings(run, _book(tmp_path, fmt, place))
    residue = [f for f in findings if f["rule"] == "chatbot-residue"]
    assert len(residue) == 1, findings
    assert residue[0]["severity"] == "error"
    assert residue[0]["location"]["section"] == PLACES[place]
    assert LEFT in residue[0]["message"]
    # the book's disclosure still counts: residue changes nothing else
    assert {f["rule"] for f in findings} == {"chatbot-residue"}, findings


def test_docx_headers_footnotes_and_tracked_deletions(tmp_path: Path, run: Run) -> None:
    body = (para("Foreword", style="Heading1") + para(STOCK) + para("Chapter 1", style="Heading1")
            + para(CHAPTER, '<w:r><w:footnoteReference w:id="1"/></w:r>')
            + para("The ferry left. ", '<w:del w:id="3" w:author="Ed">'
                   + docx_run("Sure — here is the scene with more tension:", tag="w:delText") + "</w:del>"))
    path = build_raw_docx(tmp_path / "book.docx", body, header="Regenerate response",
                          footnotes={"1": "As an AI language model, I cannot verify this date."})
    findings = [f for f in _findings(run, path) if f["rule"] == "chatbot-residue"]
    messages = " ".join(f["message"] for f in findings)
    assert len(findings) == 2 and {f["severity"] for f in findings} == {"error"}, findings
    assert "Regenerate response" in messages and "As an AI language model" in messages
    assert "more tension" not in messages  # a tracked deletion is not in the book any more


def test_comments_in_markdown_and_epub_are_info(tmp_path: Path, run: Run) -> None:
    md = write_book(tmp_path, markdown_book(STOCK, chapters=[
        CHAPTER + "\n\n<!-- Certainly! Here's a revised version of your chapter with more tension. -->"]))
    epub = build_epub(tmp_path / "book.epub", [
        Doc("foreword.xhtml", f"<h1>Foreword</h1><p>{STOCK}</p>", "frontmatter foreword"),
        Doc("chapter1.xhtml", f"<h1>Chapter 1</h1><p>{CHAPTER}</p><!-- Copy code -->", "bodymatter chapter"),
    ], title="Harbor Lights", authors=("Jordan Vale",))
    for path in (md, epub):
        findings = _findings(run, path)
        assert [(f["rule"], f["severity"]) for f in findings] == [("chatbot-residue", "info")], findings


def _outside(tmp_path: Path, draft: str, foreword: str = STOCK, extra: dict[str, str | bytes] | None = None) -> Path:
    """An EPUB whose manifest lists `draft.xhtml` outside the spine, with `extra` zip members."""
    return build_epub(tmp_path / "book.epub", [
        Doc("foreword.xhtml", f"<h1>Foreword</h1><p>{foreword}</p>", "frontmatter foreword"),
        Doc("chapter1.xhtml", f"<h1>Chapter 1</h1><p>{CHAPTER}</p>", "bodymatter chapter"),
        Doc("draft.xhtml", draft),
    ], title="Harbor Lights", authors=("Jordan Vale",), spine_order=["foreword.xhtml", "chapter1.xhtml"],
        extra_files=extra)


def test_epub_documents_outside_the_spine_and_the_manifest(tmp_path: Path, run: Run) -> None:
    old = xhtml_document(Doc("old.xhtml", f"<h2>Old ending</h2><p>{CHAPTER}</p><p>Regenerate response</p>"))
    path = _outside(tmp_path, f"<h1>Chapter 2</h1><p>{CHAPTER}</p><p>{CRowne}</p>",
                    extra={"OEBPS/text/old.xhtml": old})
    findings = _findings(run, path)
    assert {f["rule"] for f in findings} == {"chatbot-residue"}, findings
    draft, stray = findings
    # a warning, as other text a reader is never shown, located in its own file
    assert draft["severity"] == stray["severity"] == "warning"
    assert draft["location"]["path"].endswith("!/OEBPS/text/draft.xhtml")
    assert draft["location"]["section"] == "Chapter 2" and draft["location"]["line"]
    assert "manifest lists and the spine does not" in draft["message"] and "Certainly! Here" in draft["message"]
    assert stray["location"]["path"].endswith("!/OEBPS/text/old.xhtml")
    assert "manifest does not list" in stray["message"] and "Regenerate response" in stray["message"]


def test_text_outside_the_reading_order_is_read_for_residue_only(tmp_path: Path, run: Run) -> None:
    """A disclosure there is none a reader meets; its text is no section, hidden text or warning."""
    from disclosure_lint.readers.epub import read

    path = _outside(tmp_path, f"<h1>A Note on AI</h1><p>{STOCK}</p>", foreword=CHAPTER)
    findings = _findings(run, path)
    assert [f["rule"] for f in findings] == ["disclosure-missing"], findings
    assert "signs of AI use" not in findings[0]["message"]
    book = read(path)
    assert [h.text for h in book.unlisted] == ["A Note on AI", STOCK]
    assert not book.hidden and not book.warnings
    assert [s.heading for s in book.sections] == ["Foreword", "Chapter 1"]


def test_a_book_without_documents_outside_its_reading_order_reads_none(tmp_path: Path) -> None:
    """The navigation document, outside the spine in most EPUB 3 books, is not read again."""
    from disclosure_lint.readers.epub import read

    path = build_epub(tmp_path / "book.epub", [
        Doc("chapter1.xhtml", f"<h1>Chapter 1</h1><p>{CHAPTER}</p>", "bodymatter chapter"),
    ], extra_files={"OEBPS/images/cover.jpg": b"\xff\xd8 not read", "OEBPS/styles/extra.css": "p {}"})
    assert read(path).unlisted == ()


def test_documents_outside_the_reading_order_are_bounded_and_never_refuse_the_book(tmp_path: Path,
                                                                                  run: Run) -> None:
    big = f"<p>{CHAPTER * 300}</p><p>Copy code</p>"
    hostile = ('<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "Copy code">]>'
               '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&a;</p></body></html>')
    damaged = '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Regenerate response</p><p>open</body>'
    path = _outside(tmp_path, big, extra={"OEBPS/text/hostile.xhtml": hostile, "OEBPS/text/damaged.xhtml": damaged})
    result = run("check", "--format", "json", "--limit", "max_member_bytes=20000", path)
    assert result.code == 0, result.err  # warnings alone: the book is read, not refused
    report = result.json()["files"][0]
    residue = [f for f in report["findings"] if f["rule"] == "chatbot-residue"]
    # the damaged one is read as recovered; the one over the limit and the hostile one are not read
    assert [f["location"]["path"].rpartition("/")[2] for f in residue] == ["damaged.xhtml"], residue
    warnings = " ".join(w["message"] for w in report["warnings"])
    assert "max_member_bytes" in warnings and "entities" in warnings, report["warnings"]
    assert "not read for chatbot residue" in warnings


def test_each_kinds_quick_test_is_its_patterns_joined_without_boundaries() -> None:
    """`Quick` searches each pattern alone: it finds a text exactly when the kind's patterns joined
    into one alternation (without `\\b`, on lower-case text) do, on every example and on the
    examples with their words shuffled."""
    data = load_residue("en")
    texts = [text.lower() for listed in examples("en").values() for text in listed]
    texts += [" ".join(reversed(text.split())) for text in texts]
    for kind, quick in data.quick.items():
        joined = re.compile("|".join(part.pattern for part in quick.parts))
        for text in texts:
            assert quick.found(text) == bool(joined.search(text)), (kind, text)
        assert any(quick.found(text) for text in texts), kind


@pytest.mark.parametrize(("pattern", "words"), [
    ("version of your", ("version of your",)),
    ("(?:an?|the|this) (?:revised )+version of your", ("version of your",)),
    ("(?:certainly|sure)\\s*[!,.]+\\s*(?:here's|here is)", ("here's", "here is")),  # the longer words
    ("abcde?", ("abcd",)),  # the quantified letter is not sure
    ("(?:tomorrow|today)?never", ("never",)),  # a quantified group may match nothing
    ("(?:tomorrow|today)? (?:a|b)", ()),
    ("alpha|omega", ()),  # a top-level alternation: no piece is in every match
    ("[|(]alpha beta", ("alpha beta",)),  # "|" and "(" in a class are no alternation, no group
    ("x{0,60}y", ()),  # a quantifier's digits are no letters of a match
    ("\\u2014dash word", ("dash word",)),  # an escape's digits neither
    ("(?:^|(?<=[.!?] ))i hope this helps", ("i hope this helps",)),
    ("(?:a|an) ox", ()),  # words too short to search for
    ("as (?:an ai|a language) model", (" model",)),
])
def test_required_words_are_in_every_match(pattern: str, words: tuple[str, ...]) -> None:
    from disclosure_lint.analysis.required import required_words

    assert required_words(pattern) == words


def test_every_match_of_a_quick_part_holds_one_of_its_words() -> None:
    """Each residue pattern, matched in texts made of its own words lists and the examples, holds
    one of the words its quick test searches for first; and each pattern with words has some."""
    import random

    data = load_residue("en")
    raw = examples("en")
    vocabulary = [w for listed in raw.values() for text in listed for w in text.lower().split()]
    texts = [text.lower() for listed in raw.values() for text in listed]
    rng = random.Random(20)
    texts += [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(3, 30))) for _ in range(3000)]
    gated = 0
    for kind, quick in data.quick.items():
        for part, sets in zip(quick.parts, quick.words, strict=True):
            gated += bool(sets)
            for text in texts:
                m = part.search(text)
                if m is not None:
                    for words in sets:
                        assert any(w in m.group(0) for w in words), (kind, part.pattern[:60], words, text)
    assert gated >= 30


def test_the_strings_looked_for_before_a_part_are_held_by_its_every_match() -> None:
    """`Quick.first`: one of its sets, of a part that opens with alternatives (the reply's openers),
    never the kind's anchor words alone."""
    data = load_residue("en")
    listed = anchors("en").kinds
    firsts = 0
    for kind, quick in data.quick.items():
        for part, sets, first in zip(quick.parts, quick.words, quick.first, strict=True):
            if first is not None:
                firsts += 1
                assert first in [tuple(words) for words in sets], (kind, part.pattern[:60])
                assert not set(first) <= {w.replace("\u2019", "'") for w in listed.get(kind, ())}
                assert part.pattern.startswith("(?:(?:")
    reply = data.quick["reply"]
    assert any(first is not None and "certainly" in first for first in reply.first)
    assert firsts >= 3


_CASED = st.text(alphabet=st.sampled_from(list("aZ ’\u00a0\nÀàÉéİıΣσςẞßǅǄ\u0130\u1e9e\ud800Ωω\u212a\u2126")), max_size=30)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_CASED, min_size=1, max_size=4))
def test_the_books_lower_case_is_str_lower(texts: list[str]) -> None:
    """A book's lower-case text (its capitals beyond ASCII lowered in the texts holding one,
    `_capitals_lowered`, its ASCII in the UTF-8) is `str.lower` of its texts joined, newlines read
    as spaces, whether its characters are found or given (a superset: more capitals than held);
    given, the book is lowered a group of texts at a time (`_lowered`: groups of one, two and
    `_GROUP` texts), with the same offsets."""
    from disclosure_lint.analysis import residue
    from disclosure_lint.analysis.residue import _Book, _capitals, _capitals_lowered
    from disclosure_lint.chars import characters

    joined = " ".join(texts)
    capitals = _capitals(characters(joined) | frozenset("ÀÉΩ\u212a"))
    if capitals is not None:
        assert _capitals_lowered(texts, joined, capitals).lower() == joined.lower()
        assert all(ch not in _capitals_lowered(texts, joined, capitals) for ch in capitals)
    expected = joined.lower() if len(joined.lower()) == len(joined) else " ".join(t.lower() for t in texts)
    found = _Book(texts)
    assert found.low == expected.replace("\n", " ")
    saved = residue._GROUP
    try:
        for group in (1, 2, saved):
            residue._GROUP = group
            given = _Book(texts, characters(joined) | frozenset("ÀÉ\u212a"))
            assert given.low == expected.replace("\n", " ")
            assert given.starts == found.starts
    finally:
        residue._GROUP = saved
    assert _Book([joined]).low == joined.lower().replace("\n", " ")


@pytest.mark.parametrize(("pattern", "pieces"), [
    ("here(?:'s| is) (?:an?|the)", (("here's ", "here is "),)),
    ("i(?:'ve| have) (?:rewritten|revised)", (("i've rewritten", "i've revised", "i have rewritten",
                                               "i have revised"),)),
    ("abc?d", (("ab",), ("d",))),  # the quantified letter is not sure, so "ab" and "d" stand apart
    ("(?:a|b)?xy", (("xy",),)),  # a quantified group may match nothing
    ("x{0,60}yz", (("yz",),)),
    ("alpha|omega", ()),  # a top-level alternation
    ("(?:^|(?<=[.!?] ))you said:$", (("you said:",),)),  # a lookbehind is no piece
    ("as (?:an ai|a language) model\\s+x", (("as an ai model", "as a language model"), ("x",))),
    ("[|(]alpha (?:(?:a|b)|c)", (("alpha ",),)),  # a nested group is passed over
])
def test_required_pieces_join_what_stands_together(pattern: str, pieces: tuple[tuple[str, ...], ...]) -> None:
    from disclosure_lint.analysis.required import required_pieces

    assert required_pieces(pattern) == pieces


@pytest.mark.parametrize(("pattern", "sets"), [
    ("here(?:'s| is) (?:an?|the) (?:(?:revised|rewritten) ){1,2}(?:\\w+ )?(?:scene|chapter)s?",
     (("revised ", "rewritten "), ("scene", "chapter"),
      ("here's a ", "here is a ", "here's an ", "here is an ", "here's the ", "here is the "))),
    # each alternative needs one of its own strings: the group needs one of them all
    ("x (?:(?:your|my) \\w+ (?:poem|story)|(?:poem|story)[^.]{0,9}with)", (("with", " poem", " story"),)),
    ("(?:your|my) \\w+|(?:poem|story)", (("my ", "poem", "story", "your "),)),
    ("(?:your|my)?\\w+|(?:poem|story)", ()),  # an alternative needing nothing: nothing certain
    ("abc?d", (("abd", "abcd"),)),  # "abc?d" spelled out
    ("(?:alpha )?omega", (("omega",),)),  # an optional group may match nothing
    ("(?:alpha )+omega", (("alpha ",), ("omega",))),  # a repeat's string, apart from what follows
    ("(?:^|(?<=[.!?] ))you said:$", (("you said:",),)),  # anchors and look-arounds match no text
    ("(?i:certainly) sure", ((" sure",),)),  # a part matched without case says nothing
    ("(?i)certainly", ()),
    ("(?:a|an) ox", (("a ox", "an ox"),)),
    ("(?:a|an) (?:ox|ax)?", ()),  # strings too short to look for
    ("((unclosed", ()),  # a pattern `re` refuses
])
def test_required_sets_are_read_at_every_depth(pattern: str, sets: tuple[tuple[str, ...], ...]) -> None:
    from disclosure_lint.analysis.required import required_sets

    assert required_sets(pattern) == sets


@pytest.mark.parametrize(("pattern", "lead"), [
    ("(?:(?:certainly|sure)\\s*[!,.]+\\s*(?:here's|here is)[^.!?]{0,60}?(?:" + "|".join(["x" * 9] * 40) + "))",
     "(?:certainly|sure)\\s*[!,.]+\\s*(?:here's|here is)[^.!?]{0,60}?"),
    ("^here(?:'s| is) (?:\\w+ ){0,2}?(?:" + "|".join(["scene"] * 30) + ")", "^here(?:'s| is) (?:\\w+ ){0,2}?"),
    ("a{2}b+?c" + "d" * 40, "a{2}b+?c" + "d" * 4),  # repeats stay with what they repeat; a quarter
    ("x|" + "y" * 40, None),  # an alternation at the top level
    ("(a)\\1" + "z" * 40, None),  # a reference to a group
    ("abc", None),  # nothing short enough to spare
    ("\\{\\{\\s*(?:" + "|".join(["name"] * 20) + ")", "\\{\\{\\s*"),  # too short to compile first
])
def test_the_lead_is_what_every_match_starts_with(pattern: str, lead: str | None) -> None:
    from disclosure_lint.analysis.required import leading

    assert leading(pattern) == (None if lead is not None and len(lead) < 8 else lead)


def test_every_match_of_a_quick_part_starts_with_a_match_of_its_lead() -> None:
    import random

    data = load_residue("en")
    texts, vocabulary = _residue_vocabulary()
    rng = random.Random(22)
    texts += [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(3, 30))) for _ in range(3000)]
    leads = 0
    for kind, quick in data.quick.items():
        for part, lead in zip(quick.parts, quick.leads, strict=True):
            leads += lead is not None
            for text in texts:
                m = part.search(text)
                if m is not None and lead is not None:
                    assert lead.compiled.match(text, m.start()), (kind, part.pattern[:60], text)
    assert leads >= 20


def _residue_vocabulary() -> tuple[list[str], list[str]]:
    """The examples (lower case, straight quotes) and their words with the anchor words."""
    raw = examples("en")
    texts = [prepare(t).lower().replace("\u2019", "'") for listed in raw.values() for t in listed]
    marks = anchors("en")
    vocabulary = [w for t in texts for w in t.split()]
    vocabulary += [w for listed in marks.kinds.values() for w in listed if "\u2019" not in w]
    return texts, vocabulary


def test_every_match_of_a_quick_part_holds_one_of_its_anchor_words() -> None:
    """A part is tried only on a text holding one of its anchor words (`Quick.anchors`): each
    match of it holds one; and the reply's patterns that need "here is" or "i have" say so."""
    import random

    data = load_residue("en")
    texts, vocabulary = _residue_vocabulary()
    rng = random.Random(21)
    texts += [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(3, 30))) for _ in range(3000)]
    for kind, quick in data.quick.items():
        for part, need in zip(quick.parts, quick.anchors, strict=True):
            for text in texts:
                m = part.search(text)
                if m is not None and need is not None:
                    assert any(w in m.group(0) for w in need), (kind, part.pattern[:60], text)
    reply = data.quick["reply"].anchors
    assert sum(need is not None and "here is" in need and "i have" not in need for need in reply) >= 3
    assert sum(need is not None and "i have" in need and "here is" not in need for need in reply) >= 2


@settings(max_examples=1500, deadline=None)
@given(st.data())
def test_a_quick_test_with_anchor_words_finds_what_every_part_finds(data: st.DataObject) -> None:
    """The parts tried only where their anchor words are: the same answer as trying every part."""
    texts, vocabulary = _residue_vocabulary()
    text = data.draw(st.one_of(
        st.sampled_from(texts),
        st.lists(st.sampled_from(vocabulary), min_size=1, max_size=25).map(" ".join),
        st.tuples(st.sampled_from(texts), st.sampled_from(texts)).map(" ".join),
    ))
    for quick in load_residue("en").quick.values():
        assert quick.found(text) == any(part.search(text) for part in quick.parts), text


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_a_quick_test_without_the_cache_finds_what_every_part_finds(data: st.DataObject) -> None:
    """Without the pattern cache, a part not compiled yet is tried only where the text holds one
    string of each of its sets (`Quick.words`): the same answer as trying every part."""
    from unittest import mock

    from disclosure_lint import patterns as rx
    from disclosure_lint.analysis.residue import Quick

    texts, vocabulary = _residue_vocabulary()
    text = data.draw(st.one_of(
        st.sampled_from(texts),
        st.lists(st.sampled_from(vocabulary), min_size=1, max_size=25).map(" ".join),
        st.tuples(st.sampled_from(texts), st.sampled_from(texts)).map(" ".join),
    ))
    with mock.patch.object(rx, "caching", lambda: False):
        for quick in load_residue("en").quick.values():
            fresh = Quick(tuple(rx.LazyPattern(p.pattern) for p in quick.parts), *quick[1:])
            assert fresh.found(text) == any(part.search(text) for part in quick.parts), text


# -- What the residue files compile to, shipped beside them (issue 21) -----------------------------


def test_what_the_residue_files_compile_to_is_shipped_as_they_are() -> None:
    """Fails when a residue file or its literal index changed without the shipped values
    (`python -m disclosure_lint.analysis.residue_packed`), or `_build` makes something else of them."""
    from disclosure_lint import packed
    from disclosure_lint.analysis import residue, residue_packed

    values = residue_packed.shipped_values()
    assert sorted(values) == sorted(path for language in languages()
                                    for path in (residue.anchors_path(language), residue.compiled_path(language)))
    assert values
    for target, (header, value) in values.items():
        assert packed.load_value(target, header) == value, f"{target} stale: python -m disclosure_lint.analysis.residue_packed"
    for language in languages():
        shipped = residue._shipped(language)
        assert shipped is not None
        from_shipped = residue._data_from(language, shipped)
        assert residue_packed.value(from_shipped) == residue_packed.value(residue._build(language))
        assert not any(p.ready for p in from_shipped.patterns.values())  # nothing compiled by reading it
        assert residue._shipped_anchors(language) == residue._read_anchors(language) == anchors(language)
        assert load_residue(language).quick.keys() == residue._build(language).quick.keys()


def test_the_shipped_values_are_read_only_for_the_files_they_were_made_from(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from disclosure_lint.analysis import literal_index, residue

    assert literal_index.residue_path("en") == residue.DATA / "en.literals"  # what `_header` reads
    source = residue.DATA
    monkeypatch.setattr(residue, "DATA", tmp_path)
    for name in ("en.toml", "en.literals", "en-compiled.packed", "en-anchors.packed"):
        (tmp_path / name).write_bytes((source / name).read_bytes())
    assert residue._shipped("en") is not None and residue._shipped_anchors("en") is not None
    literals = (tmp_path / "en.literals").read_text("utf-8")
    (tmp_path / "en.literals").write_text(literals + "\n", "utf-8")  # an edited literal index
    assert residue._shipped("en") is None and residue._shipped_anchors("en") is not None
    (tmp_path / "en.literals").unlink()  # none: the data is made from no index
    assert residue._shipped("en") is None
    (tmp_path / "en.literals").write_text(literals, "utf-8")
    text = (tmp_path / "en.toml").read_text("utf-8")
    assert '"version",' in text
    (tmp_path / "en.toml").write_text(text.replace('"version",', '"versions",', 1), "utf-8")  # an edited file
    assert residue._shipped("en") is None and residue._shipped_anchors("en") is None
    (tmp_path / "en.toml").write_text(text, "utf-8")
    for name, read in (("en-compiled.packed", residue._shipped), ("en-anchors.packed", residue._shipped_anchors)):
        good = (tmp_path / name).read_bytes()
        assert read("en") is not None
        (tmp_path / name).write_bytes(good[:-3])  # damaged
        assert read("en") is None
        (tmp_path / name).unlink()
        assert read("en") is None


def test_residue_is_found_alike_with_and_without_the_shipped_values(monkeypatch: pytest.MonkeyPatch) -> None:
    from disclosure_lint.analysis import residue

    texts = [t for listed in examples("en").values() for t in listed]
    assert texts
    shipped = [_found(t) for t in texts]
    assert any(shipped)
    monkeypatch.setattr(residue, "_shipped", lambda language: None)
    monkeypatch.setattr(residue, "_shipped_anchors", lambda language: None)
    residue.load_residue.cache_clear()
    residue.anchors.cache_clear()
    try:
        assert [_found(t) for t in texts] == shipped
    finally:
        residue.load_residue.cache_clear()
        residue.anchors.cache_clear()


@pytest.mark.parametrize(("pattern", "starts"), [
    ("(?:^(?:certainly|sure)\\s*[!,.]+\\s*here)", ("sure", "certainly")),
    ("^here(?:'s| is) (?:an?|the) ", ("here is ", "here's ")),
    ("(?:^(?:chatgpt|claude) said:)", ("claude said:", "chatgpt said:")),
    ("(?:^thought for \\d+ seconds?)", ("thought for ",)),
    ("^[ab]c", ("ac", "bc")),
    ("^(?:a|ab)c", ("ac", "abc")),
    ("^(?:x|xy)", ("x",)),  # "xy" starts with "x": one string says it
    ("here is ^", None), ("(?:here|^there)", None), ("\\bhere", None), ("^\\w+ here", None),
    ("^(?:a?)b", None),  # a repeat is not spelled
    ("(?i:^here)", None), ("^(?:" + "|".join(f"w{n}" for n in range(20)) + ")", ("w",)),
    ("^(?:" + "|".join(f"{chr(97 + n)}{n}x" for n in range(20)) + ")", None),  # more than 16 strings
])
def test_what_an_anchored_pattern_starts_with(pattern: str, starts: tuple[str, ...] | None) -> None:
    from disclosure_lint.analysis.required import starting

    found = starting(pattern)
    assert (None if found is None else set(found)) == (None if starts is None else set(starts))


def test_every_match_of_an_anchored_quick_part_is_in_a_text_starting_with_its_strings() -> None:
    """`Quick.starts`: a text a part matches in starts with one of its strings (the part is not
    compiled for another)."""
    import random

    data = load_residue("en")
    texts, vocabulary = _residue_vocabulary()
    rng = random.Random(23)
    texts += [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(3, 30))) for _ in range(3000)]
    anchored = matched = 0
    for kind, quick in data.quick.items():
        for part, starts in zip(quick.parts, quick.starts, strict=True):
            if starts is None:
                continue
            anchored += 1
            for text in texts:
                if part.search(text) is not None:
                    matched += 1
                    assert text.startswith(starts), (kind, part.pattern[:60], text)
    assert anchored >= 5 and matched >= 5
