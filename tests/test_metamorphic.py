"""Metamorphic tests of the judgment: changes of wording that keep the meaning keep the verdict.

A clean disclosure stays clean, and a statement that is not a disclosure stays one, when an
adverbial is inserted, when the statement is split into two sentences joined by "it" or "the
model", when the system is renamed to another known system, and when curly quotes or line
breaks are introduced.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from books import markdown_book
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_lint.api import lint
from disclosure_lint.config import Config
from disclosure_lint.model import Severity

SYSTEMS = ["ChatGPT", "GPT-4", "GPT-4o", "Claude", "Claude 3 Opus", "Gemini 1.5 Pro", "Sudowrite", "NovelAI",
           "Llama 3", "Mistral Large", "DeepSeek", "Qwen", "Novelcrafter", "Microsoft Copilot", "text-davinci-003"]
#: (what the AI did, as "to ..." and as a past verb), what the human did, the responsibility.
AI_DID = [("draft the early chapters", "drafted the early chapters"),
          ("generate rough versions of several scenes", "generated rough versions of several scenes"),
          ("suggest dialogue for the harbor scenes", "suggested dialogue for the harbor scenes"),
          ("write first drafts of the storm chapters", "wrote first drafts of the storm chapters")]
HUMAN_DID = ["I rewrote every line of it", "I revised and cut everything it produced",
             "I edited all of it by hand", "I reviewed, edited and rewrote the text"]
RESPONSIBILITY = ["I take full responsibility for the book", "The errors are mine",
                  "I am responsible for the final text", "I answer for every word"]
ADVERBIALS = ["Last winter, ", "Over about three hours, ", "In 2024, ", "As it happens, ",
              "Working at my desk in Lisbon, "]
REFERENCES = ["It", "The model", "The tool", "The assistant"]

ALL_RULES = {"disclosure-missing", "disclosure-hidden", "disclosure-placement", "roles-undescribed",
             "responsibility-missing", "attribution-missing", "authorship-misrepresented", "disclosure-unclear",
             "model-mismatch"}


def _fired(foreword: str | None = None, chapter_line: str | None = None) -> set[str]:
    chapters = None
    if chapter_line is not None:
        chapters = ["The harbor lights came on one by one. " + chapter_line + " Mira counted the lanterns.",
                    "The ferry left at dawn."]
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "book.md"
        path.write_text(markdown_book(foreword, chapters=chapters), encoding="utf-8")
        report = lint(path, config=Config())
    return {f.rule for f in report.files[0].findings if f.severity in (Severity.ERROR, Severity.WARNING)}


def _curly(text: str) -> str:
    out = []
    double = False
    for ch in text:
        if ch == '"':
            out.append("\u201d" if double else "\u201c")
            double = not double
        elif ch == "'":
            out.append("\u2019")
        else:
            out.append(ch)
    return "".join(out)


def _line_breaks(text: str) -> str:
    """Soft line breaks inside the paragraph, as an editor that wraps lines writes them."""
    words = text.split(" ")
    return "\n".join(" ".join(words[i:i + 7]) for i in range(0, len(words), 7))


@st.composite
def disclosures(draw: st.DrawFn) -> tuple[str, str]:
    """A clean disclosure in one sentence and the same said in two, joined by a reference."""
    system = draw(st.sampled_from(SYSTEMS))
    to_do, did = draw(st.sampled_from(AI_DID))
    human = draw(st.sampled_from(HUMAN_DID))
    responsibility = draw(st.sampled_from(RESPONSIBILITY))
    reference = draw(st.sampled_from(REFERENCES))
    one = f"I used {system} to {to_do} of this book, and then {human}. {responsibility}."
    two = f"I used {system} while writing this book. {reference} {did}; {human}. {responsibility}."
    return one, two


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(disclosures(), st.sampled_from(ADVERBIALS), st.booleans(), st.booleans())
def test_a_clean_disclosure_stays_clean(pair: tuple[str, str], adverbial: str, curly: bool, breaks: bool) -> None:
    one, two = pair
    for text in (one, two, adverbial + one[0].lower() + one[1:] if not one.startswith("I ") else adverbial + one):
        if curly:
            text = _curly(text)
        if breaks:
            text = _line_breaks(text)
        assert _fired(text) == set(), text


@SETTINGS
@given(st.sampled_from(SYSTEMS), st.sampled_from(SYSTEMS), st.sampled_from(AI_DID))
def test_renaming_the_system_keeps_the_verdict(first: str, second: str, did: tuple[str, str]) -> None:
    text = f"{first} {did[1]} of this novel; I rewrote all of it and take full responsibility for the result."
    assert _fired(text) == _fired(text.replace(first, second, 1)) == set(), text


NOT_DISCLOSURES = [
    "No part of this publication may be used to train {system} or any other artificial intelligence system.",
    "I did not use {system} or any other AI to write this book.",
    "Our publisher's policy states that text generated by {system} must be labelled.",
    "The cover art was generated with {system}; the text is my own.",
    "This could have been written by {system}, but it was not.",
    "Many authors now use {system} to draft their novels.",
]
STORY = [
    "The ship's AI drafted the treaty overnight and signed it with a flourish.",
    "\"No machine wrote this!\" she cried, waving the letter.",
    "Am I to be thought the only criminal, when all humankind sinned against me?",
    "My agent, Al, read the pages twice and said nothing.",
]


@SETTINGS
@given(st.sampled_from(NOT_DISCLOSURES), st.sampled_from(SYSTEMS), st.sampled_from(ADVERBIALS), st.booleans(),
       st.booleans())
def test_a_non_disclosure_stays_one(template: str, system: str, adverbial: str, curly: bool, breaks: bool) -> None:
    text = template.format(system=system)
    for variant in (text, adverbial + text[0].lower() + text[1:]):
        if curly:
            variant = _curly(variant)
        if breaks:
            variant = _line_breaks(variant)
        assert _fired(variant) == {"disclosure-missing"}, variant


@SETTINGS
@given(st.sampled_from(STORY), st.booleans(), st.booleans())
def test_story_text_never_discloses_or_claims(line: str, curly: bool, breaks: bool) -> None:
    if curly:
        line = _curly(line)
    if breaks:
        line = _line_breaks(line)
    assert _fired(None, line) == {"disclosure-missing"}, line
