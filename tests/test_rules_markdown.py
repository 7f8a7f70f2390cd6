"""Every rule, failing and passing, on real Markdown books; plus the hard cases of the judgment.

Cases are data (in the style of sqlfluff's rule fixtures): a manuscript, the rules that must be
reported, and the rules that must not be.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from books import CHAPTER, STOCK, markdown_book, write_book

ALL = {
    "disclosure-missing", "disclosure-hidden", "disclosure-placement", "roles-undescribed",
    "responsibility-missing", "attribution-missing", "authorship-misrepresented", "disclosure-unclear",
    "model-mismatch", "chatbot-residue",
}


@dataclass
class Case:
    id: str
    text: str
    #: Rules that must be reported (as errors unless `warn`), or empty for a clean book.
    expect: set[str] = field(default_factory=set)
    #: Rules that must not be reported (default: every rule not expected).
    forbid: set[str] | None = None
    args: tuple[str, ...] = ()
    warn: set[str] = field(default_factory=set)


FIRST_PERSON = ("I used ChatGPT to draft the early chapters of this novel. I rewrote every line of those drafts "
                "and wrote the later chapters myself. I take full responsibility for this book.")
COMPANY = ("Bluefin Press used Claude, an AI system made by Anthropic, to draft portions of this novel; our "
           "editors revised every page. Bluefin Press takes ultimate responsibility for the content.")

CASES = [
    # --- clean books -------------------------------------------------------------------------
    Case("stock-foreword", markdown_book(STOCK)),
    Case("stock-introduction", markdown_book(STOCK, foreword_heading="Introduction")),
    Case("stock-preface", markdown_book(STOCK, foreword_heading="Preface")),
    Case("stock-authors-note", markdown_book(STOCK, foreword_heading="Author's Note")),
    Case("stock-copyright-page", markdown_book(
        f"Copyright © 2025 Jordan Vale. All rights reserved.\n\n{STOCK}", foreword_heading="Copyright")),
    Case("stock-other-models", markdown_book(STOCK.replace("GPT-3, OpenAI's", "Claude 3 Opus, Anthropic's"))),
    Case("first-person", markdown_book(FIRST_PERSON)),
    Case("company-voice", markdown_book(COMPANY, author="Bluefin Press")),
    Case("note-on-ai-heading", markdown_book(FIRST_PERSON, foreword_heading="A Note on the Use of AI")),
    Case("stock-with-model", markdown_book(STOCK), args=("--model", "GPT-3")),
    Case("zero-width-model", markdown_book(STOCK.replace("GPT-3", "G\u200bPT-3")), args=("--model", "GPT-3")),
    Case("fiction-about-ai-with-disclosure", markdown_book(STOCK, chapters=[
        "The ship's AI drafted the treaty. \"I take full responsibility,\" said the artificial intelligence.",
        "No AI was used, the captain lied.",
    ])),
    # --- disclosure-missing ------------------------------------------------------------------
    Case("no-foreword", markdown_book(None), {"disclosure-missing"}),
    Case("fiction-about-ai", markdown_book("This story came to me on a ferry.", chapters=[
        "The ship's AI drafted the treaty while the crew slept.",
        "\"I take full responsibility,\" said the artificial intelligence. \"I wrote every word of it.\"",
    ]), {"disclosure-missing"}, forbid={"disclosure-placement", "authorship-misrepresented",
                                        "responsibility-missing", "roles-undescribed", "disclosure-hidden"}),
    Case("agent-al", markdown_book("My agent, Al Hughes, believed in this book from the start. Thanks, Al."),
         {"disclosure-missing"}),
    Case("tdm-reservation", markdown_book(
        "No part of this book may be used to train artificial intelligence systems without the "
        "publisher's written permission.", foreword_heading="Copyright"), {"disclosure-missing"}),
    Case("no-ai-was-used", markdown_book("No AI was used in writing this book."), {"disclosure-missing"},
         forbid={"authorship-misrepresented", "disclosure-placement"}),
    Case("book-about-ai", markdown_book("This novel explores a world where AI writes the news and people "
                                        "stop reading it."), {"disclosure-missing"}),
    Case("ai-in-chapter-title-only", markdown_book("A ferry story.", chapters=["The AI Who Loved Tides was "
                                                                              "the name of the boat."]),
         {"disclosure-missing"}),
    # --- disclosure-hidden -------------------------------------------------------------------
    Case("html-comment", markdown_book(f"<!-- {STOCK} -->\n\nThis story came to me on a ferry."),
         {"disclosure-hidden"}, forbid={"disclosure-missing"}),
    Case("display-none", markdown_book(f'<div style="display:none">{STOCK}</div>\n\nA ferry story.'),
         {"disclosure-hidden"}, forbid={"disclosure-missing"}),
    Case("white-span", markdown_book(f'A ferry story. <span style="color: #ffffff">{STOCK}</span>'),
         {"disclosure-hidden"}, forbid={"disclosure-missing"}),
    Case("font-color-white", markdown_book(f'A ferry story. <font color="white">{STOCK}</font>'),
         {"disclosure-hidden"}, forbid={"disclosure-missing"}),
    Case("zero-font-div", markdown_book(f'<div style="font-size: 0">{STOCK}</div>\n\nA ferry story.'),
         {"disclosure-hidden"}, forbid={"disclosure-missing"}),
    Case("scaled-to-nothing-div", markdown_book(f'<div style="transform: scale(0)">{STOCK}</div>\n\nA ferry story.'),
         {"disclosure-hidden"}, forbid={"disclosure-missing"}),
    Case("translated-off-page-div", markdown_book(
        f'<div style="transform: translateX(-9999px)">{STOCK}</div>\n\nA ferry story.'),
         {"disclosure-hidden"}, forbid={"disclosure-missing"}),
    Case("slightly-rotated-div-is-visible", markdown_book(
        f'<div style="transform: rotate(1deg) scale(0.95)">{STOCK}</div>\n\nA ferry story.')),
    Case("off-page-div", markdown_book(
        f'<div style="position: absolute; left: -9999px">{STOCK}</div>\n\nA ferry story.'),
         {"disclosure-hidden"}, forbid={"disclosure-missing"}),
    Case("white-on-dark-div-is-visible", markdown_book(
        f'<div style="background: #111; color: #fff">{STOCK}</div>\n\nA ferry story.')),
    Case("white-font-in-dark-cell-is-visible", markdown_book(
        f'<table><tr><td bgcolor="black"><font color="white">{STOCK}</font></td></tr></table>\n\nA ferry story.')),
    Case("grey-span-is-visible", markdown_book(f'A ferry story. <span style="color: #777">{STOCK}</span>')),
    Case("front-matter-description-only", markdown_book("A ferry story.").replace(
        'author: "Jordan Vale"', f'author: "Jordan Vale"\ndescription: "{STOCK}"'),
         {"disclosure-hidden"}, forbid={"disclosure-missing"}),
    # --- disclosure-placement ----------------------------------------------------------------
    Case("afterword-only", markdown_book(None, afterword=FIRST_PERSON), {"disclosure-placement"},
         forbid={"disclosure-missing", "responsibility-missing", "roles-undescribed"}),
    Case("inside-chapter", markdown_book(None, chapters=[
        CHAPTER + "\n\nNote: portions of this chapter were generated with ChatGPT and revised by the author, "
        "who takes full responsibility for this book.", CHAPTER]),
         {"disclosure-placement"}, forbid={"disclosure-missing"}),
    # --- roles-undescribed -------------------------------------------------------------------
    Case("created-with-ai", markdown_book("This book was created with AI."),
         {"roles-undescribed", "responsibility-missing"}),
    Case("vague-help", markdown_book("ChatGPT helped me with this book. I take full responsibility for it."),
         {"roles-undescribed"}, forbid={"responsibility-missing"}),
    Case("ai-role-no-human-role", markdown_book(
        "Parts of this novel were drafted with ChatGPT. I take full responsibility for its content."),
         {"roles-undescribed"}, forbid={"responsibility-missing", "authorship-misrepresented"}),
    # --- responsibility-missing --------------------------------------------------------------
    Case("no-responsibility", markdown_book(
        "I used ChatGPT to draft the early chapters; I then rewrote every line."), {"responsibility-missing"},
         forbid={"roles-undescribed"}),
    Case("responsibility-only-in-dialogue", markdown_book(
        "I used ChatGPT to draft the early chapters; I then rewrote every line.", chapters=[
            "\"I take full responsibility,\" said the artificial intelligence.",
            "The ship's AI drafted the treaty and took responsibility for every word of it."]),
         {"responsibility-missing"}, forbid={"roles-undescribed", "disclosure-placement",
                                             "authorship-misrepresented"}),
    Case("responsibility-denied", markdown_book(
        "I used ChatGPT to draft the early chapters; I then rewrote every line. The author is not "
        "responsible for errors the AI made."), {"responsibility-missing"}),
    Case("judgment-is-mine", markdown_book(
        "I used ChatGPT to draft the early chapters; I then rewrote every line. The judgment is mine, and "
        "so are any mistakes."), set()),
    # --- attribution-missing -----------------------------------------------------------------
    Case("no-author", markdown_book(STOCK, author=None), {"attribution-missing"}),
    Case("ai-as-author", markdown_book(STOCK, author="ChatGPT"), {"attribution-missing"}),
    Case("by-line-author", markdown_book(STOCK, author=None, extra_front="by Jordan Vale"), set()),
    Case("copyright-line-author", markdown_book(STOCK, author=None,
                                                extra_front="Copyright © 2025 Bluefin Press"), set()),
    # --- authorship-misrepresented -----------------------------------------------------------
    Case("wholly-ai", markdown_book("This book was written entirely by AI."),
         {"authorship-misrepresented", "responsibility-missing"}),
    Case("machine-generated", markdown_book("This book was machine-generated."),
         {"authorship-misrepresented", "responsibility-missing"}),
    Case("wholly-human-claim-contradiction", markdown_book(
        STOCK, extra_front="Every word of this book was written by a human."),
         {"authorship-misrepresented"}),
    # --- disclosure-unclear ------------------------------------------------------------------
    Case("euphemism", markdown_book(
        "Portions of this text were produced with automation technology; the author revised them and "
        "takes full responsibility for the content."), {"disclosure-unclear"},
         forbid={"disclosure-missing"}),
    Case("jargon", markdown_book(
        "Pursuant to the aforementioned policy, portions hereof were generated via autoregressive "
        "stochastic inference utilizing a transformer-based large language model, GPT-4, notwithstanding "
        "subsequent editorial operationalization; the author reviewed and revised said text and takes "
        "full responsibility for the content."), set(), warn={"disclosure-unclear"}),
    # --- model-mismatch ----------------------------------------------------------------------
    Case("stock-gpt3-used-gpt4", markdown_book(STOCK), {"model-mismatch"}, args=("--model", "GPT-4")),
    Case("gpt4-vs-gpt4o", markdown_book(STOCK.replace("GPT-3", "GPT-4")), {"model-mismatch"},
         args=("--model", "GPT-4o")),
    Case("unnamed-system", markdown_book("An AI language model drafted parts of this book; I revised every "
                                         "page and take full responsibility for it."),
         {"model-mismatch"}, args=("--model", "Claude")),
    Case("claude-family", markdown_book(STOCK.replace("GPT-3, OpenAI's", "Claude, Anthropic's")), set(),
         args=("--model", "Claude 3 Opus")),
    # --- chatbot-residue (issue 20) -------------------------------------------------------------
    Case("residue-in-a-disclosed-book", markdown_book(STOCK, chapters=[
        CHAPTER + "\n\nCertainly! Here's an enhanced version of your passage, with more tension:", CHAPTER]),
        {"chatbot-residue"}),
    Case("residue-without-a-disclosure", markdown_book(None, chapters=[
        "I've rewritten the passage to align more with J. Bree's style. " + CHAPTER, CHAPTER]),
        {"chatbot-residue", "disclosure-missing"}),
    Case("dialogue-is-no-residue", markdown_book(STOCK, chapters=[
        '"Certainly!" said the butler. "Here\'s a revised version of your letter, sir."', CHAPTER])),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case(case: Case, tmp_path: Path, run: Callable[..., object]) -> None:
    book = write_book(tmp_path, case.text)
    result = run("check", "--format", "json", *case.args, book)
    data = result.json()  # type: ignore[attr-defined]
    findings = data["files"][0]["findings"]
    errors = {f["rule"] for f in findings if f["severity"] == "error"}
    warnings = {f["rule"] for f in findings if f["severity"] == "warning"}
    assert case.expect <= errors, f"missing {case.expect - errors}; got {findings}"
    assert case.warn <= warnings, f"missing warning {case.warn - warnings}; got {findings}"
    forbid = case.forbid if case.forbid is not None else ALL - case.expect - case.warn
    assert not (forbid & (errors | warnings)), f"unexpected {forbid & (errors | warnings)}: {findings}"
    assert result.code == (1 if errors else 0)  # type: ignore[attr-defined]


def test_every_rule_has_a_failing_case() -> None:
    covered = set().union(*(c.expect | c.warn for c in CASES))
    assert covered == ALL


MODELS = [("GPT-3", "OpenAI"), ("GPT-3.5", "OpenAI"), ("GPT-4", "OpenAI"), ("GPT-4o", "OpenAI"),
          ("ChatGPT", "OpenAI"), ("Claude", "Anthropic"), ("Claude 3.5 Sonnet", "Anthropic"),
          ("Gemini", "Google"), ("Llama 3", "Meta"), ("Mistral Large", "Mistral AI"), ("Quill-7", "Inkwell")]
PLACES = ["Foreword", "Introduction", "Preface", "Author's Note", "Copyright", "A Note on the Use of AI"]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(("model", "vendor"), MODELS)
def test_stock_text_with_any_model_in_any_front_place_is_clean(model: str, vendor: str, place: str,
                                                               tmp_path: Path, run: Callable[..., Any]) -> None:
    text = STOCK.replace("GPT-3, OpenAI's", f"{model}, {vendor}'s")
    book = write_book(tmp_path, markdown_book(text, foreword_heading=place))
    result = run("check", "--format", "json", "--model", model, book)
    assert result.code == 0, result.json()["files"][0]["findings"]
