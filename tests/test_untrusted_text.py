"""Manuscript text is untrusted (issue 24): it never controls the terminal, a CI log or a page.

Each class of control character, put in a book where the report quotes it (a hidden disclosure,
a heading, a file name), reaches no output raw, in any format: the text report, GitHub
annotations, JSON, SARIF, error messages and printed templates.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from books import markdown_book, write_book
from conftest import Run

from disclosure_lint.display import UNSAFE, escape, json_safe, printable
from disclosure_lint.model import Location, Severity
from disclosure_lint.reporters.github import annotation

RunCLI = Callable[..., Run]

#: One of each class: C0 (escape sequences, bell, backspace, vertical tab), DEL, C1 (CSI, NEL),
#: the bidi and invisible format characters, and the line and paragraph separators.
CONTROLS: dict[str, str] = {
    "c0-osc-title": "\x1b]0;pwned\x07",
    "c0-sgr-colour": "\x1b[31m",
    "c0-backspace-vt-ff": "\x08\x0b\x0c",
    "del": "\x7f",
    "c1-csi-nel": "\x9b31m\x85",
    "bidi-override": "\u202eevil\u202c",
    "bidi-isolate": "\u2066x\u2069",
    "bidi-marks": "\u200e\u200f\u061c",
    "line-separators": "\u2028\u2029",
}
FORMATS = ("text", "json", "sarif", "github")


def _raw(text: str) -> set[str]:
    """The unsafe characters in `text`, other than the tab and newline of the output's own lines."""
    return {c for c in text if UNSAFE.match(c) and c not in "\t\n"}


def _hostile_book(folder: Path, controls: str) -> Path:
    # The only disclosure is in an HTML comment: disclosure-hidden quotes it, controls and all.
    foreword = (f"<!-- This book was drafted with ChatGPT {controls} and edited by the author. -->\n\n"
                "This story came to me on a ferry.")
    return write_book(folder, markdown_book(foreword, foreword_heading=f"Foreword {controls}"))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", sorted(CONTROLS))
def test_no_control_character_of_the_book_reaches_the_output(kind: str, fmt: str, tmp_path: Path,
                                                             run: RunCLI) -> None:
    book = _hostile_book(tmp_path, CONTROLS[kind])
    result = run("check", "--format", fmt, book)
    assert result.code == 1, result
    assert "disclosure-hidden" in result.out
    assert not _raw(result.out + result.err), (kind, fmt, result.out)
    if fmt in ("json", "sarif"):
        result.json()  # still valid JSON


def test_the_text_report_shows_escapes_a_reader_can_see(tmp_path: Path, run: RunCLI) -> None:
    book = _hostile_book(tmp_path, "\x1b]0;pwned\x07 \u202eevil\u202c \x9b")
    result = run("check", book)
    assert "\\x1b]0;pwned\\x07" in result.out
    assert "\\x9b" in result.out
    # The quoted statement is normalised (invisible characters removed before matching), and the
    # heading is shown as written, with its bidi controls as escapes.
    assert "<U+202E>evil<U+202C>" in result.out or "evil" in result.out


def test_json_and_sarif_escape_bidi_and_c1_as_unicode_escapes(tmp_path: Path, run: RunCLI) -> None:
    book = _hostile_book(tmp_path, "\u202eevil\u202c \x9b \x7f")
    for fmt in ("json", "sarif"):
        result = run("check", "--format", fmt, book)
        assert "\\u009b" in result.out and "\\u007f" in result.out, result.out
        # The data a program reads is the book's text as it is.
        assert "\x9b" in json.dumps(result.json(), ensure_ascii=False)
    # JSON names the section: its heading, bidi controls and all, escaped.
    result = run("check", "--format", "json", book)
    assert "\\u202e" in result.out
    assert "\u202e" in json.dumps(result.json(), ensure_ascii=False)


@pytest.mark.parametrize("attack", [
    "\n::error::pwned",
    "\r::error file=x::pwned",
    "\r\n::set-output name=secret::value",
    "\x85::error::pwned",
    "\u2028::warning::pwned",
    "\u2029::add-mask::x",
    "\x0b::error::pwned",
    "\x0c::error::pwned",
    "\x1c::error::pwned\x1d\x1e",
    "%0A::error::pwned",
])
def test_github_annotation_injection_stays_in_its_own_annotation(attack: str) -> None:
    message = f"the AI disclosure “drafted with ChatGPT {attack}” is only in an HTML comment"
    line = annotation(Severity.ERROR, "disclosure-hidden", message,
                      Location("book.md", 3, 1, section=f"Foreword {attack}"))
    assert len(line.splitlines()) == 1, line
    assert line.startswith("::error file=book.md,line=3,col=1,title=disclosure-hidden::")
    assert not _raw(line)


def test_github_injection_end_to_end(tmp_path: Path, run: RunCLI) -> None:
    # A heading may hold anything a line can: the annotation names it on the same line.
    book = _hostile_book(tmp_path, "\x85::error::pwned \u2028::set-output name=x::y")
    result = run("check", "--format", "github", book)
    lines = result.out.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines), result.out
    assert not _raw(result.out)


def test_error_messages_escape_a_file_name(tmp_path: Path, run: RunCLI) -> None:
    result = run("check", tmp_path / "missing\x1b]0;pwned\x07\u202e.md")
    assert result.code == 2
    assert not _raw(result.err), result.err
    assert "\\x1b]0;pwned\\x07<U+202E>" in result.err


def test_a_user_template_is_printed_with_escapes(tmp_path: Path, run: RunCLI,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    templates = tmp_path / "my-templates"
    templates.mkdir()
    (templates / "evil.txt").write_text(
        "# A note \x1b[2J that clears the screen\n"
        "This book was written with {model}.\x1b]52;c;cHduZWQ=\x07\tTabbed.\n\nSecond \u202eparagraph.\n",
        encoding="utf-8")
    (tmp_path / ".disclosure-lint.toml").write_text('templates = "my-templates"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    listing = run("templates")
    shown = run("templates", "evil", "--model", "GPT-4")
    for result in (listing, shown):
        assert result.code == 0, result
        assert not _raw(result.out + result.err), result.out
    assert "\\x1b]52;c;cHduZWQ=\\x07" in shown.out and "<U+202E>" in shown.out
    assert shown.out.count("\n") >= 2  # newlines are the output's own where it has lines


def test_printable_and_json_safe() -> None:
    assert printable("plain “text” — ok") == "plain “text” — ok"
    assert printable("a\x1b[31mb") == "a\\x1b[31mb"
    assert printable("a\tb\nc") == "a\\x09b\\x0ac"
    assert printable("a\tb\nc", keep="\t\n") == "a\tb\nc"
    assert printable("\u202eabc\u202c\x9b\x7f") == "<U+202E>abc<U+202C>\\x9b\\x7f"
    assert escape("\u061c") == "<U+061C>"
    doc = json.dumps({"t": "a\u202eb\x85\x7f\u2028"}, ensure_ascii=False)
    safe = json_safe(doc)
    assert safe.isascii() and json.loads(safe) == {"t": "a\u202eb\x85\x7f\u2028"}


# --- bidi reordering hides (item 3) ------------------------------------------------------------

#: A disclosure the file holds in reading order and the page shows reversed ("TPGtahC ...").
REVERSED = "\u202eThis book was drafted with ChatGPT and edited by the author.\u202c"
REASON = "shown reversed by bidirectional control characters"


def _bidi_book(kind: str, folder: Path, foreword: str) -> Path:
    from docx_builders import build_docx
    from epub_builders import build_epub

    if kind == "markdown":
        return write_book(folder, markdown_book(foreword))
    if kind == "docx":
        return build_docx(folder / "book.docx", [("Heading 1", "Foreword"), foreword, ("Heading 1", "Chapter 1"),
                                                 "The harbor lights came on one by one."], author="Jordan Vale")
    return build_epub(folder / "book.epub", [
        ("foreword.xhtml", "frontmatter foreword", f"<h1>Foreword</h1><p>{foreword}</p>"),
        ("chapter1.xhtml", "bodymatter chapter", "<h1>Chapter 1</h1><p>The harbor lights came on one by one.</p>"),
    ], authors=("Jordan Vale",))


@pytest.mark.parametrize("kind", ["markdown", "docx", "epub"])
def test_a_disclosure_shown_reversed_is_hidden(kind: str, tmp_path: Path, run: RunCLI) -> None:
    book = _bidi_book(kind, tmp_path, f"This story came to me on a ferry. {REVERSED} It is mine.")
    result = run("check", "--format", "json", book)
    findings = [f for fl in result.json()["files"] for f in fl["findings"]]
    hidden = [f for f in findings if f["rule"] == "disclosure-hidden"]
    assert hidden and REASON in hidden[0]["message"], findings
    assert "disclosure-missing" not in {f["rule"] for f in findings}
    # The text around the reversed run is still the visible text of the foreword.
    text = run("check", book)
    assert REASON in text.out and not _raw(text.out)


PLAIN = "This book was drafted with ChatGPT and edited by the author."
_OVERRIDES = {
    "bdo": f'<bdo dir="rtl">{PLAIN}</bdo>',
    "style": f'<span style="direction: rtl; unicode-bidi: bidi-override">{PLAIN}</span>',
    "style-dir": f'<span dir="rtl" style="unicode-bidi:isolate-override">{PLAIN}</span>',
    "sheet": f'<span class="turn">{PLAIN}</span>',
    "sheet-dir": f'<span dir="rtl"><span class="flip">{PLAIN}</span></span>',
}
_SHEET = ".turn { unicode-bidi: bidi-override; direction: rtl } .flip { unicode-bidi: bidi-override }"


def _override_book(kind: str, how: str, folder: Path, before: str = "This story came to me on a ferry. ") -> Path:
    from docx_builders import build_raw_docx, para, run
    from epub_builders import build_epub

    if kind == "markdown":
        return write_book(folder, markdown_book(f"{before}{_OVERRIDES[how]} It is mine."))
    if kind == "epub":
        return build_epub(folder / "book.epub", [
            ("foreword.xhtml", "frontmatter foreword", f"<h1>Foreword</h1><p>{before}{_OVERRIDES[how]} It is mine.</p>"),
            ("chapter1.xhtml", "bodymatter chapter", "<h1>Chapter 1</h1><p>The harbor lights came on one by one.</p>"),
        ], authors=("Jordan Vale",), css=_SHEET)
    value = "rtl" if how == "bdo" else "ltr"
    body = [para(run("Foreword"), style="Heading1"),
            para(run(before), f'<w:bdo w:val="{value}">{run(PLAIN)}</w:bdo>', run(" It is mine.")),
            para(run("Chapter 1"), style="Heading1"), para(run("The harbor lights came on one by one."))]
    return build_raw_docx(folder / "book.docx", body, core={"dc:creator": "Jordan Vale"})


@pytest.mark.parametrize(("kind", "how"), [("markdown", "bdo"), ("markdown", "style"), ("markdown", "style-dir"),
                                           ("epub", "bdo"), ("epub", "style"), ("epub", "style-dir"),
                                           ("epub", "sheet"), ("epub", "sheet-dir"),
                                           ("docx", "bdo")])
def test_a_disclosure_reversed_by_markup_is_hidden(kind: str, how: str, tmp_path: Path, run: RunCLI) -> None:
    """`<bdo dir=rtl>`, a style that overrides the direction, Word's `w:bdo`: the page shows
    the disclosure reversed, as the control characters would (issue 24, item 3)."""
    result = run("check", "--format", "json", _override_book(kind, how, tmp_path))
    findings = [f for fl in result.json()["files"] for f in fl["findings"]]
    hidden = [f for f in findings if f["rule"] == "disclosure-hidden"]
    assert hidden and REASON in hidden[0]["message"], findings
    assert "disclosure-missing" not in {f["rule"] for f in findings}


@pytest.mark.parametrize("kind", ["markdown", "epub", "docx"])
def test_an_override_that_changes_no_order_hides_nothing(kind: str, tmp_path: Path, run: RunCLI) -> None:
    """A left-to-right override around left-to-right text, and `dir="rtl"` alone (an
    embedding, not an override), show the disclosure as it is written."""
    if kind == "docx":
        book = _override_book("docx", "ltr", tmp_path, before="")
    else:
        honest = (f'<bdo dir="ltr">{PLAIN}</bdo> <span dir="rtl">Written with care.</span> '
                  '<span style="direction: rtl">With thanks.</span>')
        if kind == "markdown":
            book = write_book(tmp_path, markdown_book(honest))
        else:
            from epub_builders import build_epub

            book = build_epub(tmp_path / "book.epub", [
                ("foreword.xhtml", "frontmatter foreword", f"<h1>Foreword</h1><p>{honest}</p>"),
                ("chapter1.xhtml", "bodymatter chapter", "<h1>Chapter 1</h1><p>The harbor lights came on.</p>"),
            ], authors=("Jordan Vale",))
    result = run("check", "--format", "json", book)
    rules = {f["rule"] for fl in result.json()["files"] for f in fl["findings"]}
    assert "disclosure-hidden" not in rules and "disclosure-missing" not in rules, rules


@pytest.mark.parametrize("kind", ["markdown", "docx", "epub"])
def test_marks_and_isolates_around_right_to_left_names_hide_nothing(kind: str, tmp_path: Path,
                                                                     run: RunCLI) -> None:
    foreword = ("This book was drafted with ChatGPT and edited by the author, \u2067محمد علي\u2069, "
                "with thanks to \u200fדוד\u200f; \u2067written with care\u2069.")
    result = run("check", "--format", "json", _bidi_book(kind, tmp_path, foreword))
    rules = {f["rule"] for fl in result.json()["files"] for f in fl["findings"]}
    assert "disclosure-hidden" not in rules and "disclosure-missing" not in rules, rules


def test_only_runs_whose_letters_move_count_as_reordered() -> None:
    from disclosure_lint.readers.bidi import reordered_spans

    def shown_reordered(text: str) -> list[str]:
        return [text[a:b] for a, b in reordered_spans(text)]

    assert shown_reordered("With \u202eChatGPT\u202c here.") == ["\u202eChatGPT\u202c"]
    assert shown_reordered("Drafted with \u202eChatGPT") == ["\u202eChatGPT"]  # never closed
    # Words swapped by nested isolates inside a right-to-left one.
    swapped = "\u2067\u2066written\u2069 \u2066with\u2069 \u2066ChatGPT\u2069\u2069"
    assert shown_reordered(f"It was {swapped}.") == [swapped]
    assert shown_reordered("name \u202dשלום\u202c end") == ["\u202dשלום\u202c"]  # Hebrew under LRO
    for honest in ("We thank \u200fمحمد\u200f.", "We thank \u2067محمد علي\u2069.",
                   "Text \u2067written with ChatGPT\u2069 here.", "\u202dChatGPT\u202c fine",
                   "\u202bwritten with ChatGPT\u202c ok", "كتاب \u2066ChatGPT\u2069 و \u2066GPT\u2069 كتاب"):
        assert shown_reordered(honest) == [], honest


def test_the_literal_search_for_controls_finds_what_the_class_finds() -> None:
    """`has_explicit` answers as a search of `EXPLICIT` does, in Latin-1 text and beyond it."""
    from disclosure_lint.readers.bidi import EXPLICIT, has_explicit

    for code in [*range(0x20, 0x3000), *range(0xFE00, 0x10000, 7), 0x1F600, 0xE0100]:
        for context in ("plain ", "caf\u00e9 ", "c\u0153ur ", "\u0645\u062d\u0645\u062f "):
            text = f"{context}{chr(code)} end"
            assert has_explicit(text) == (EXPLICIT.search(text) is not None), hex(code)


# --- look-alike letters (item 4) ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["markdown", "docx", "epub"])
@pytest.mark.parametrize("name", ["Ch\u0430tGPT", "G\u0420T-4", "\u0421hatGPT"])  # Cyrillic а, Р, С
def test_a_disclosure_in_look_alike_letters_is_recognised(kind: str, name: str, tmp_path: Path,
                                                          run: RunCLI) -> None:
    foreword = (f"The author generated this text in part with {name}, OpenAI's large-scale language-generation "
                "model. Upon generating draft language, the author reviewed, edited, and revised the language "
                "to their own liking and takes ultimate responsibility for the content of this publication.")
    result = run("check", "--format", "json", "--model", "GPT-4", _bidi_book(kind, tmp_path, foreword))
    rules = {f["rule"] for fl in result.json()["files"] for f in fl["findings"]}
    assert "disclosure-missing" not in rules, rules
    assert ("model-mismatch" in rules) == (name == "\u0421hatGPT" or name == "Ch\u0430tGPT"), rules


@pytest.mark.parametrize("kind", ["markdown", "docx", "epub"])
@pytest.mark.parametrize(("name", "ai"), [
    ("\u0421\u04bb\u0430t\u050c\u0420\u0422", "AI"),  # "ChatGPT" with one Latin letter (t): a mixed word
    ("\u050c\u0420\u0422-4", "\u0391\u0399"),  # "GPT-4" in Cyrillic, "AI" in Greek capitals
    ("\u050c\u0420\u0422-4", "\u0410\u0406"),  # "AI" in Cyrillic (А, Ukrainian І)
])
def test_a_name_wholly_in_look_alikes_is_recognised(kind: str, name: str, ai: str, tmp_path: Path,
                                                   run: RunCLI) -> None:
    foreword = (f"This book was written with the help of {ai}. The author generated this text in part with "
                f"{name}, OpenAI's large-scale language-generation model. Upon generating draft language, the "
                "author reviewed, edited, and revised the language to their own liking and takes ultimate "
                "responsibility for the content of this publication.")
    result = run("check", "--format", "json", "--model", "GPT-4", _bidi_book(kind, tmp_path, foreword))
    rules = {f["rule"] for fl in result.json()["files"] for f in fl["findings"]}
    assert "disclosure-missing" not in rules, rules
    assert ("model-mismatch" in rules) == ("t" in name), rules


def test_words_wholly_in_look_alikes_fold_only_when_they_spell_a_term() -> None:
    from disclosure_lint.analysis.normalize import fold_lookalikes

    assert fold_lookalikes("\u0391\u0399 and \u0410\u0406 and \u050c\u0420\u0422-4") == "AI and AI and GPT-4"
    assert fold_lookalikes("\u0410.\u0406. tools") == "A.I. tools"
    # Ordinary Cyrillic and Greek words made of look-alike letters stay as they are written.
    for honest in ("ВОТ и СОН", "вот оно", "Он ехал на Восток", "ΚΑΙ ΟΙ ΑΕΡΑ", "РОСА", "Ха-ха"):
        assert fold_lookalikes(honest) == honest, honest


def test_model_mismatch_compares_folded_names(tmp_path: Path, run: RunCLI) -> None:
    from books import STOCK

    book = write_book(tmp_path, markdown_book(STOCK.replace("GPT-3", "G\u0420T-3")))
    assert "model-mismatch" not in run("check", "--format", "json", "--model", "gpt-3", book).rules()
    assert "model-mismatch" not in run("check", "--format", "json", "--model", "G\u0420T-3", book).rules()
    assert "model-mismatch" in run("check", "--format", "json", "--model", "Claude", book).rules()


def test_only_words_that_mix_scripts_are_folded() -> None:
    from disclosure_lint.analysis.normalize import fold_lookalikes, normalise

    assert normalise("Written with Ch\u0430tGPT and G\u0420T-4.") == "Written with ChatGPT and GPT-4."
    assert normalise("\u0410I helped") == "AI helped"  # Cyrillic А, Latin I
    russian = "Книга написана автором о рыбаках."
    assert fold_lookalikes(russian) == russian  # a word wholly in Cyrillic is not a Latin word
    assert fold_lookalikes("Αθήνα and Ελλάδα") == "Αθήνα and Ελλάδα"


def test_the_gates_find_each_character_normalise_reads_otherwise() -> None:
    """`prefilter._read_in` finds every character of a text that `normalise` reads otherwise than a
    literal search (invisible, look-alike, straightened, folded by NFKC), below U+0100 and beyond,
    and `_beyond_latin1` every character beyond Latin-1, whatever the text around it."""
    from disclosure_lint.analysis.prefilter import _beyond_latin1, _read_in, _read_otherwise

    for code in [*range(0x09, 0x3000), *range(0x3000, 0x10000, 5), *range(0xE0000, 0xE0200), 0x1F600]:
        ch = chr(code)
        if ch == "\n" or 0xD800 <= code < 0xE000:
            continue
        for context in ("plain ", "caf\u00e9 ", "c\u0153ur \u2014 ", "\u0432\u043e\u0442 "):
            text = f"{context}{ch} end"
            assert (ch in _read_in(text).chars) == _read_otherwise(ch), hex(code)
            assert _beyond_latin1(text) == {c for c in text if c > "\xff"}, hex(code)
